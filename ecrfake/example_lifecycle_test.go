package ecrfake_test

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// expireUntagged14 is the user guide's "expire untagged images older than 14
// days" policy. Policy texts must be at least 100 characters long.
const expireUntagged14 = `{
  "rules": [{
    "rulePriority": 1,
    "description": "Expire untagged images older than 14 days",
    "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 14},
    "action": {"type": "expire"}
  }]
}`

// Expire untagged images after 14 days by advancing the clock: with
// WithLifecycleAutoRun the stored policy runs every 24 hours of fake-clock
// time after it was put, like ECR's own daily evaluation.
func Example_lifecycleExpireUntagged() {
	ctx := context.Background()
	clock := ecrfake.NewManualClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	f := ecrfake.New(ecrfake.WithClock(clock), ecrfake.WithLifecycleAutoRun(true))

	// Two builds pushed as "latest": the second takes the tag and leaves
	// the first untagged.
	_, err := f.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{
		Name: "app",
		Images: []ecrfake.SeedImage{
			{Tags: []string{"latest"}, Content: "build-1"},
			{Tags: []string{"latest"}, Content: "build-2"},
		},
	}}})
	if err != nil {
		panic(err)
	}
	repo := aws.String("app")
	if _, err := f.PutLifecyclePolicy(ctx, &ecr.PutLifecyclePolicyInput{RepositoryName: repo, LifecyclePolicyText: aws.String(expireUntagged14)}); err != nil {
		panic(err)
	}

	clock.Advance(15 * 24 * time.Hour)

	policy, err := f.GetLifecyclePolicy(ctx, &ecr.GetLifecyclePolicyInput{RepositoryName: repo})
	if err != nil {
		panic(err)
	}
	fmt.Println("last evaluated:", policy.LastEvaluatedAt.Format(time.DateTime))
	images, err := f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: repo})
	if err != nil {
		panic(err)
	}
	for _, img := range images.ImageDetails {
		fmt.Println("left:", img.ImageTags)
	}
	// Output:
	// last evaluated: 2026-01-16 00:00:00
	// left: [latest]
}

// RunLifecyclePolicies runs a repository's policy on demand, whether or not
// automatic runs are on, and reports what it expired.
func ExampleFake_RunLifecyclePolicies() {
	ctx := context.Background()
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	f := ecrfake.New(ecrfake.WithClock(ecrfake.NewManualClock(now)))
	seeded, err := f.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{
		Name: "app",
		Images: []ecrfake.SeedImage{
			{Content: "old", PushedAt: now.AddDate(0, 0, -30)},
			{Content: "recent", PushedAt: now.AddDate(0, 0, -2)},
			{Tags: []string{"v1"}, Content: "release", PushedAt: now.AddDate(0, 0, -90)},
		},
	}}})
	if err != nil {
		panic(err)
	}
	if _, err := f.PutLifecyclePolicy(ctx, &ecr.PutLifecyclePolicyInput{RepositoryName: aws.String("app"), LifecyclePolicyText: aws.String(expireUntagged14)}); err != nil {
		panic(err)
	}
	expired, err := f.RunLifecyclePolicies("app")
	if err != nil {
		panic(err)
	}
	fmt.Println(len(expired), "expired; the old untagged image:", expired[0] == seeded[0].Digest)
	// Output:
	// 1 expired; the old untagged image: true
}
