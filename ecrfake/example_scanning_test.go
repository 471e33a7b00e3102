package ecrfake_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// A scan on push runs for DefaultScanDuration on the fake's clock. With a
// manual clock moved past it, the SDK's waiter sees COMPLETE on its first
// poll. (With the default clock inside a testing/synctest bubble, the waiter
// sleeps its 5 virtual seconds and sees COMPLETE on its second poll, with no
// real waiting.)
func Example_waitForScan() {
	ctx := context.Background()
	clock := ecrfake.NewManualClock(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	f := ecrfake.New(ecrfake.WithClock(clock))
	images, err := f.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{
		Name: "app", ScanOnPush: true, Images: []ecrfake.SeedImage{{Tags: []string{"v1"}}},
	}}})
	if err != nil {
		panic(err)
	}

	in := &ecr.DescribeImageScanFindingsInput{RepositoryName: aws.String("app"), ImageId: &types.ImageIdentifier{ImageTag: aws.String("v1")}}
	out, _ := f.DescribeImageScanFindings(ctx, in)
	fmt.Println("just pushed:", out.ImageScanStatus.Status)

	clock.Advance(ecrfake.DefaultScanDuration)
	out, err = ecr.NewImageScanCompleteWaiter(f).WaitForOutput(ctx, in, time.Minute)
	if err != nil {
		panic(err)
	}
	fmt.Println("after the wait:", out.ImageScanStatus.Status, "at", out.ImageScanFindings.ImageScanCompletedAt.Format(time.TimeOnly))
	counts := out.ImageScanFindings.FindingSeverityCounts
	for _, severity := range slices.Sorted(maps.Keys(counts)) {
		fmt.Println(severity, counts[severity])
	}
	fmt.Println("findings are generated from the digest:", len(out.ImageScanFindings.Findings) > 0 && images[0].Digest == *out.ImageId.ImageDigest)
	// Output:
	// just pushed: IN_PROGRESS
	// after the wait: COMPLETE at 00:00:05
	// LOW 2
	// MEDIUM 1
	// UNDEFINED 1
	// findings are generated from the digest: true
}

// A test decides what the scanner finds in an image, or makes the scan fail.
func ExampleFake_SetScanFindings() {
	ctx := context.Background()
	clock := ecrfake.NewManualClock(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	f := ecrfake.New(ecrfake.WithClock(clock))
	images, err := f.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{
		Name: "app", ScanOnPush: true, Images: []ecrfake.SeedImage{{Tags: []string{"good"}}, {Tags: []string{"bad"}}},
	}}})
	if err != nil {
		panic(err)
	}
	good, bad := images[0].Digest, images[1].Digest

	// Set while the scans on push are still running, so they report this.
	err = f.SetScanFindings("app", good, []types.ImageScanFinding{{
		Name:     aws.String("CVE-2024-3094"),
		Severity: types.FindingSeverityCritical,
		Attributes: []types.Attribute{
			{Key: aws.String("package_name"), Value: aws.String("xz-utils")},
			{Key: aws.String("package_version"), Value: aws.String("5.6.0-0.2")},
		},
	}})
	if err != nil {
		panic(err)
	}
	if err := f.FailScan("app", bad, ""); err != nil {
		panic(err)
	}
	clock.Advance(ecrfake.DefaultScanDuration)

	for _, tag := range []string{"good", "bad"} {
		out, err := f.DescribeImageScanFindings(ctx, &ecr.DescribeImageScanFindingsInput{
			RepositoryName: aws.String("app"), ImageId: &types.ImageIdentifier{ImageTag: aws.String(tag)},
		})
		if err != nil {
			panic(err)
		}
		fmt.Println(tag+":", out.ImageScanStatus.Status, aws.ToString(out.ImageScanStatus.Description))
		if out.ImageScanFindings != nil {
			for _, finding := range out.ImageScanFindings.Findings {
				fmt.Println(" ", *finding.Name, finding.Severity)
			}
			fmt.Println("  counts:", out.ImageScanFindings.FindingSeverityCounts)
		}
	}
	// Output:
	// good: COMPLETE The scan was completed successfully.
	//   CVE-2024-3094 CRITICAL
	//   counts: map[CRITICAL:1]
	// bad: FAILED UnsupportedImageError: The operating system and/or package manager are not supported.
}

// Under ENHANCED scanning a continuously scanned image is ACTIVE, with
// findings, until Amazon Inspector's re-scan duration after its push has
// passed (14 days unless WithEnhancedRescanDuration says otherwise); then it
// is SCAN_ELIGIBILITY_EXPIRED. Neither is COMPLETE, so the ImageScanComplete
// waiter would run out of time: poll DescribeImageScanFindings instead. An
// enhanced scan on push ends COMPLETE and satisfies the waiter.
func ExampleWithEnhancedRescanDuration() {
	ctx := context.Background()
	clock := ecrfake.NewManualClock(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	f := ecrfake.New(ecrfake.WithClock(clock), ecrfake.WithEnhancedRescanDuration(30*24*time.Hour))
	if _, err := f.PutRegistryScanningConfiguration(ctx, &ecr.PutRegistryScanningConfigurationInput{ScanType: types.ScanTypeEnhanced}); err != nil {
		panic(err)
	}
	if _, err := f.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{Name: "app", Images: []ecrfake.SeedImage{{Tags: []string{"v1"}}}}}}); err != nil {
		panic(err)
	}
	in := &ecr.DescribeImageScanFindingsInput{RepositoryName: aws.String("app"), ImageId: &types.ImageIdentifier{ImageTag: aws.String("v1")}}
	for _, after := range []time.Duration{0, ecrfake.DefaultScanDuration, 30 * 24 * time.Hour} {
		clock.Set(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC).Add(after))
		out, err := f.DescribeImageScanFindings(ctx, in)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%v: %s (%s)\n", after, out.ImageScanStatus.Status, *out.ImageScanStatus.Description)
	}
	// Output:
	// 0s: PENDING (Pending start of the image scan.)
	// 5s: ACTIVE (Continuous scan is selected for image.)
	// 720h0m0s: SCAN_ELIGIBILITY_EXPIRED (The configured scan duration has lapsed for this image.)
}
