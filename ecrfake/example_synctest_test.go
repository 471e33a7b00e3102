package ecrfake_test

// This file is one example as a whole: godoc shows all of it. Go gives an
// Example function no *testing.T, and testing/synctest needs one, so the
// code that runs in the bubble is the functions below; ecrfake's own test
// TestWaitInSynctestExample runs them exactly as the Example says.

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// waitForScanInBubble pushes an image to a scan-on-push repository and waits
// for its scan with the SDK's own waiter. The fake keeps its default clock
// (time.Now), which is virtual inside a synctest bubble: the scan takes
// DefaultScanDuration, the waiter sleeps its 5-second MinDelay, and the test
// takes no real time.
func waitForScanInBubble(t *testing.T) {
	f := ecrfake.New()
	if _, err := f.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{
		Name: "app", ScanOnPush: true, Images: []ecrfake.SeedImage{{Tags: []string{"v1"}}},
	}}}); err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	in := &ecr.DescribeImageScanFindingsInput{RepositoryName: aws.String("app"), ImageId: &types.ImageIdentifier{ImageTag: aws.String("v1")}}
	out, err := ecr.NewImageScanCompleteWaiter(f).WaitForOutput(t.Context(), in, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if out.ImageScanStatus.Status != types.ScanStatusComplete {
		t.Fatalf("scan status %s, want COMPLETE", out.ImageScanStatus.Status)
	}
	if waited := time.Since(start); waited != ecrfake.DefaultScanDuration {
		t.Fatalf("waited %v of virtual time, want %v", waited, ecrfake.DefaultScanDuration)
	}
}

// waitForPreviewInBubble previews a policy that expires images pushed more
// than 14 days ago and waits for the preview with the SDK's waiter, which
// sleeps DefaultLifecyclePreviewDuration of virtual time.
func waitForPreviewInBubble(t *testing.T) {
	f := ecrfake.New()
	if _, err := f.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{
		Name: "app", Images: []ecrfake.SeedImage{{Tags: []string{"old"}, PushedAt: time.Now().AddDate(0, 0, -30)}, {Tags: []string{"new"}}},
	}}}); err != nil {
		t.Fatal(err)
	}
	policy := `{"rules":[{"rulePriority":1,"selection":{"tagStatus":"any","countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}`
	if _, err := f.StartLifecyclePolicyPreview(t.Context(), &ecr.StartLifecyclePolicyPreviewInput{RepositoryName: aws.String("app"), LifecyclePolicyText: aws.String(policy)}); err != nil {
		t.Fatal(err)
	}

	out, err := ecr.NewLifecyclePolicyPreviewCompleteWaiter(f).WaitForOutput(t.Context(), &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: aws.String("app")}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.PreviewResults) != 1 || out.PreviewResults[0].ImageTags[0] != "old" {
		t.Fatalf("preview results %+v, want the image tagged old", out.PreviewResults)
	}
}

// Wait for a scan with ecr.NewImageScanCompleteWaiter, and for a lifecycle
// policy preview with ecr.NewLifecyclePolicyPreviewCompleteWaiter, inside a
// testing/synctest bubble on the fake's default clock: the waiters' delays
// are virtual, so they return at once. In a test:
//
//	func TestScanCompletes(t *testing.T) {
//		synctest.Test(t, waitForScanInBubble)
//	}
//
//	func TestPreviewCompletes(t *testing.T) {
//		synctest.Test(t, waitForPreviewInBubble)
//	}
func Example_waitersInSynctest() {
	// The tests above run the functions of this file in a bubble; no waiting
	// happens outside one, so there is nothing to print.
}
