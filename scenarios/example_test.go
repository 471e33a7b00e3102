package scenarios_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/ecrfake"
	"github.com/ecrfake/go-ecrfake/scenarios"
	"github.com/ecrfake/go-ecrfake/scenarios/images"
)

// publish is the code under test: it pushes a release with the images
// package's pusher.
func publish(ctx context.Context, api images.PushAPI, repo, tag string, img *images.Image) error {
	return images.Push(ctx, api, repo, img, images.PushOptions{Tags: []string{tag}})
}

// The table test of a push function is five lines. In a _test.go file it
// reads
//
//	func TestPublish(t *testing.T) {
//		scenarios.Run(t, scenarios.Catalogue(scenarios.Push), func(ctx context.Context, env *scenarios.Env) error {
//			return publish(ctx, env.Client(), env.Repository, env.Tag, env.Image)
//		})
//	}
//
// and runs each scenario as a subtest in a testing/synctest bubble. Without a
// *testing.T, Scenario.Run gives the verdicts:
func Example() {
	for _, sc := range scenarios.Catalogue(scenarios.Push) {
		err := sc.Run(context.Background(), func(ctx context.Context, env *scenarios.Env) error {
			return publish(ctx, env.Client(), env.Repository, env.Tag, env.Image)
		})
		fmt.Printf("%s: %v\n", sc.Name, err)
	}
	// Output:
	// token-expires-during-push: <nil>
	// immutable-tag-conflict: <nil>
	// upload-interrupted-and-resumed: <nil>
	// part-below-minimum-size: <nil>
	// lost-putimage-response: <nil>
}

// countImages is code under test with the classic pagination bug: it stops
// quietly at the first error.
func countImages(ctx context.Context, api ecr.ListImagesAPIClient, repo string) (int, error) {
	n := 0
	p := ecr.NewListImagesPaginator(api, &ecr.ListImagesInput{RepositoryName: &repo})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			break // the bug
		}
		n += len(page.ImageIds)
	}
	return n, nil
}

// The listing scenarios catch it. Through the fake's methods, which never
// retry, a throttled page reaches the code; through env.Client() the SDK
// would retry it and hide the bug in that scenario, but not in the other.
func Example_catchABug() {
	for _, sc := range scenarios.Catalogue(scenarios.List) {
		err := sc.Run(context.Background(), func(ctx context.Context, env *scenarios.Env) error {
			_, err := countImages(ctx, env.Fake, env.Repository)
			return err
		})
		fmt.Println(err)
	}
	// Output:
	// scenarios: throttled-pagination: the code returned nil after a throttled page without listing to the end: it dropped the remaining pages
	// scenarios: repository-deleted-while-listing: the code returned nil though the repository was deleted after the first page: the caller cannot tell the listing is incomplete
}

// pruneUntagged is code under test: it deletes the untagged images pushed
// more than maxAge ago.
func pruneUntagged(ctx context.Context, api interface {
	ecr.DescribeImagesAPIClient
	BatchDeleteImage(context.Context, *ecr.BatchDeleteImageInput, ...func(*ecr.Options)) (*ecr.BatchDeleteImageOutput, error)
}, repo string, now time.Time, maxAge time.Duration) error {
	var old []types.ImageIdentifier
	p := ecr.NewDescribeImagesPaginator(api, &ecr.DescribeImagesInput{RepositoryName: &repo, Filter: &types.DescribeImagesFilter{TagStatus: types.TagStatusUntagged}})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, d := range page.ImageDetails {
			if now.Sub(*d.ImagePushedAt) > maxAge {
				old = append(old, types.ImageIdentifier{ImageDigest: d.ImageDigest})
			}
		}
	}
	if len(old) == 0 {
		return nil
	}
	out, err := api.BatchDeleteImage(ctx, &ecr.BatchDeleteImageInput{RepositoryName: &repo, ImageIds: old})
	if err == nil && len(out.Failures) > 0 {
		err = fmt.Errorf("%d images not deleted: %s", len(out.Failures), out.Failures[0].FailureCode)
	}
	return err
}

// A scenario of one's own: a fixture with images of several ages, a fault,
// and a check of what is left.
func ExampleScenario() {
	day := 24 * time.Hour
	keep := images.New(images.Docker, "recent", 512)
	sc := scenarios.Scenario{
		Name: "prune-with-throttling",
		Fixture: scenarios.Fixture{Repositories: []scenarios.Repository{{
			Name: "app",
			Images: []scenarios.Image{
				{Tags: []string{"v1"}, Age: 90 * day}, // tagged: kept however old
				{Age: 45 * day},                       // untagged and old: pruned
				{Age: 31 * day},                       // untagged and old: pruned
				{Image: keep, Age: 2 * day},           // untagged but recent: kept
			},
		}}},
		Faults: []ecrfake.Fault{ecrfake.Fail(ecrfake.OpBatchDeleteImage, ecrfake.ErrThrottling()).Times(1)},
		Check: func(env *scenarios.Env, err error) error {
			if err != nil {
				return err
			}
			out, err := env.Fake.ListImages(context.Background(), &ecr.ListImagesInput{RepositoryName: &env.Repository})
			if err != nil {
				return err
			}
			for _, id := range out.ImageIds {
				fmt.Printf("left: tag %q, the recent one: %v\n", aws.ToString(id.ImageTag), aws.ToString(id.ImageDigest) == keep.Digest)
			}
			if n := len(out.ImageIds); n != 2 {
				return fmt.Errorf("%d images left, want 2", n)
			}
			return nil
		},
	}
	err := sc.Run(context.Background(), func(ctx context.Context, env *scenarios.Env) error {
		// env.Client retries the throttled delete, without waiting.
		return pruneUntagged(ctx, env.Client(), env.Repository, env.Clock.Now(), 30*day)
	})
	fmt.Println("verdict:", err)
	// Output:
	// left: tag "v1", the recent one: false
	// left: tag "", the recent one: true
	// verdict: <nil>
}

// The whole catalogue against code that reaches the fake through the SDK
// client, one function per kind of task. The SDK's retries cost nothing
// with env.Client(); the scan waiter gets a short budget because, outside a
// testing/synctest bubble (where Run puts every scenario), its sleeps are
// real.
func Example_catalogue() {
	code := map[scenarios.Kind]scenarios.Func{
		scenarios.Push: func(ctx context.Context, env *scenarios.Env) error {
			return publish(ctx, env.Client(), env.Repository, env.Tag, env.Image)
		},
		scenarios.Pull: func(ctx context.Context, env *scenarios.Env) error {
			_, err := images.Pull(ctx, env.Client(), env.Repository, env.Image.Digest, images.PullOptions{})
			return err
		},
		scenarios.List: func(ctx context.Context, env *scenarios.Env) error {
			p := ecr.NewListImagesPaginator(env.Client(), &ecr.ListImagesInput{RepositoryName: &env.Repository})
			for p.HasMorePages() {
				if _, err := p.NextPage(ctx); err != nil {
					return err
				}
			}
			return nil
		},
		scenarios.Scan: func(ctx context.Context, env *scenarios.Env) error {
			c, id := env.Client(), &types.ImageIdentifier{ImageTag: &env.Tag}
			_, err := c.StartImageScan(ctx, &ecr.StartImageScanInput{RepositoryName: &env.Repository, ImageId: id})
			if limit := (*types.LimitExceededException)(nil); err != nil && !errors.As(err, &limit) {
				return err
			}
			in := &ecr.DescribeImageScanFindingsInput{RepositoryName: &env.Repository, ImageId: id}
			return ecr.NewImageScanCompleteWaiter(c).Wait(ctx, in, time.Second)
		},
	}
	for _, sc := range scenarios.Catalogue() {
		fmt.Printf("%s %s: %v\n", sc.Kind, sc.Name, sc.Run(context.Background(), code[sc.Kind]))
	}
	// Output:
	// list throttled-pagination: <nil>
	// list repository-deleted-while-listing: <nil>
	// scan scan-quota-exceeded: <nil>
	// scan scan-failed: <nil>
	// scan scan-still-in-progress: <nil>
	// push token-expires-during-push: <nil>
	// push immutable-tag-conflict: <nil>
	// push upload-interrupted-and-resumed: <nil>
	// push part-below-minimum-size: <nil>
	// push lost-putimage-response: <nil>
	// pull lifecycle-expires-untagged: <nil>
	// pull lifecycle-archives-image: <nil>
}

// Verify checks the assumptions behind the catalogue against any client:
// here the fake's SDK client, with a manual clock that Verify advances
// instead of sleeping, and no retries (their backoff would be real time).
// Against real ECR, pass an *ecr.Client.
func ExampleVerify() {
	clock := ecrfake.NewManualClock(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	f := ecrfake.New(ecrfake.WithClock(clock))
	c := f.Client(func(o *ecr.Options) { o.Retryer = aws.NopRetryer{} })
	err := scenarios.Verify(context.Background(), c, &scenarios.VerifyOptions{
		Sleep: func(_ context.Context, d time.Duration) error { clock.Advance(d); return nil },
		Logf:  func(format string, args ...any) { fmt.Printf(format+"\n", args...) },
	})
	fmt.Println("verify:", err)
	// Output:
	// scenarios.Verify: lifecycle-expires-untagged: skipped the days rule: the client cannot date images (SetImageTimes)
	// verify: <nil>
}
