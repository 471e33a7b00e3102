package ecrfake_test

// This file is one example as a whole: godoc shows all of it. Go gives an
// Example function no *testing.T, and testing/synctest needs one, so the
// code that runs in the bubble is the function below; ecrfake's own test
// TestWaitForScanInSynctestExample runs it exactly as the Example says.

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

// Wait for a scan with ecr.NewImageScanCompleteWaiter inside a
// testing/synctest bubble, on the fake's default clock: the waiter's delays
// are virtual, so it returns at once. In a test:
//
//	func TestScanCompletes(t *testing.T) {
//		synctest.Test(t, waitForScanInBubble)
//	}
func Example_waitForScanInSynctest() {
	// The test above runs waitForScanInBubble, defined in this file, in a
	// bubble; no waiting happens outside one, so there is nothing to print.
}
