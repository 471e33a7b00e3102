package ecrfake_test

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// Archive an image, see it hidden from ListImages and failing BatchGetImage,
// then restore it: it is ACTIVATING until DefaultRestoreDuration (20
// minutes) has passed on the clock, and can be pulled again after that.
func ExampleFake_UpdateImageStorageClass() {
	ctx := context.Background()
	clock := ecrfake.NewManualClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	f := ecrfake.New(ecrfake.WithClock(clock))
	if _, err := f.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{
		Name: "app", Images: []ecrfake.SeedImage{{Tags: []string{"v1"}}},
	}}}); err != nil {
		panic(err)
	}
	repo, v1 := aws.String("app"), &types.ImageIdentifier{ImageTag: aws.String("v1")}
	setClass := func(class types.TargetStorageClass) {
		out, err := f.UpdateImageStorageClass(ctx, &ecr.UpdateImageStorageClassInput{RepositoryName: repo, ImageId: v1, TargetStorageClass: class})
		if err != nil {
			panic(err)
		}
		fmt.Println(class, "->", out.ImageStatus)
	}
	list := func(status types.ImageStatusFilter) {
		out, err := f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: repo, Filter: &types.ListImagesFilter{ImageStatus: status}})
		if err != nil {
			panic(err)
		}
		fmt.Printf("list %s: %d image(s)\n", status, len(out.ImageIds))
	}
	pull := func() {
		out, err := f.BatchGetImage(ctx, &ecr.BatchGetImageInput{RepositoryName: repo, ImageIds: []types.ImageIdentifier{*v1}})
		if err != nil {
			panic(err)
		}
		for _, failure := range out.Failures {
			fmt.Println("pull:", failure.FailureCode)
		}
		for range out.Images {
			fmt.Println("pull: ok")
		}
	}

	setClass(types.TargetStorageClassArchive)
	list(types.ImageStatusFilterActive)
	list(types.ImageStatusFilterArchived)
	pull()

	setClass(types.TargetStorageClassStandard)
	pull()
	clock.Advance(ecrfake.DefaultRestoreDuration)
	out, err := f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: repo, ImageIds: []types.ImageIdentifier{*v1}})
	if err != nil {
		panic(err)
	}
	d := out.ImageDetails[0]
	fmt.Println("status:", d.ImageStatus, "archived:", d.LastArchivedAt.Format(time.DateTime), "activated:", d.LastActivatedAt.Format(time.DateTime))
	list(types.ImageStatusFilterActive)
	pull()
	// Output:
	// ARCHIVE -> ARCHIVED
	// list ACTIVE: 0 image(s)
	// list ARCHIVED: 1 image(s)
	// pull: ImageInaccessible
	// STANDARD -> ACTIVATING
	// pull: ImageInaccessible
	// status: ACTIVE archived: 2026-03-01 09:00:00 activated: 2026-03-01 09:20:00
	// list ACTIVE: 1 image(s)
	// pull: ok
}

// archivePushed30 archives images pushed more than 30 days ago. Policy texts
// must be at least 100 characters long.
const archivePushed30 = `{
  "rules": [{
    "rulePriority": 1,
    "description": "Archive images pushed more than 30 days ago",
    "selection": {"tagStatus": "any", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 30},
    "action": {"type": "transition", "targetStorageClass": "archive"}
  }]
}`

// A transition rule archives the images it selects when the policy runs:
// after the clock has moved 15 days, the image pushed 20 days before is past
// 30 days and is archived, with lastArchivedAt the run's instant.
func ExampleFake_RunLifecyclePolicies_archive() {
	ctx := context.Background()
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	clock := ecrfake.NewManualClock(now)
	f := ecrfake.New(ecrfake.WithClock(clock))
	if _, err := f.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{
		Name: "app",
		Images: []ecrfake.SeedImage{
			{Tags: []string{"v1"}, Content: "old", PushedAt: now.AddDate(0, 0, -20)},
			{Tags: []string{"v2"}, Content: "new", PushedAt: now.AddDate(0, 0, -5)},
		},
	}}}); err != nil {
		panic(err)
	}
	repo := aws.String("app")
	if _, err := f.PutLifecyclePolicy(ctx, &ecr.PutLifecyclePolicyInput{RepositoryName: repo, LifecyclePolicyText: aws.String(archivePushed30)}); err != nil {
		panic(err)
	}

	clock.Advance(15 * 24 * time.Hour)
	expired, err := f.RunLifecyclePolicies("app")
	if err != nil {
		panic(err)
	}
	fmt.Println("expired:", len(expired))
	out, err := f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: repo, Filter: &types.DescribeImagesFilter{ImageStatus: types.ImageStatusFilterAny}})
	if err != nil {
		panic(err)
	}
	for _, d := range out.ImageDetails {
		line := fmt.Sprint(d.ImageTags, " ", d.ImageStatus)
		if d.LastArchivedAt != nil {
			line += " since " + d.LastArchivedAt.Format(time.DateOnly)
		}
		fmt.Println(line)
	}
	// Output:
	// expired: 0
	// [v1] ARCHIVED since 2026-06-16
	// [v2] ACTIVE
}

// Seed an image that was archived 100 days ago, and restore it with a
// restore time of one minute instead of the default 20.
func ExampleWithRestoreDuration() {
	ctx := context.Background()
	now := time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)
	clock := ecrfake.NewManualClock(now)
	f := ecrfake.New(ecrfake.WithClock(clock), ecrfake.WithRestoreDuration(time.Minute))
	if _, err := f.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{
		Name: "app", Images: []ecrfake.SeedImage{{Tags: []string{"v1"}, PushedAt: now.AddDate(0, 0, -200), ArchivedAt: now.AddDate(0, 0, -100)}},
	}}}); err != nil {
		panic(err)
	}
	repo, v1 := aws.String("app"), &types.ImageIdentifier{ImageTag: aws.String("v1")}
	status := func() {
		out, err := f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: repo, ImageIds: []types.ImageIdentifier{*v1},
			Filter: &types.DescribeImagesFilter{ImageStatus: types.ImageStatusFilterAny}})
		if err != nil {
			panic(err)
		}
		fmt.Println(clock.Now().Format(time.TimeOnly), out.ImageDetails[0].ImageStatus)
	}
	status()
	if _, err := f.UpdateImageStorageClass(ctx, &ecr.UpdateImageStorageClassInput{RepositoryName: repo, ImageId: v1, TargetStorageClass: types.TargetStorageClassStandard}); err != nil {
		panic(err)
	}
	status()
	clock.Advance(time.Minute)
	status()
	// Output:
	// 12:00:00 ARCHIVED
	// 12:00:00 ACTIVATING
	// 12:01:00 ACTIVE
}
