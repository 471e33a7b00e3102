package ecrfake_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	smithy "github.com/aws/smithy-go"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// layerUploader is what the code under test needs of ECR.
type layerUploader interface {
	InitiateLayerUpload(context.Context, *ecr.InitiateLayerUploadInput, ...func(*ecr.Options)) (*ecr.InitiateLayerUploadOutput, error)
	UploadLayerPart(context.Context, *ecr.UploadLayerPartInput, ...func(*ecr.Options)) (*ecr.UploadLayerPartOutput, error)
	CompleteLayerUpload(context.Context, *ecr.CompleteLayerUploadInput, ...func(*ecr.Options)) (*ecr.CompleteLayerUploadOutput, error)
}

// uploadLayer is the code under test: it retries a throttled part up to
// three times and gives up on anything else.
func uploadLayer(ctx context.Context, api layerUploader, repo string, data []byte, digest string) error {
	up, err := api.InitiateLayerUpload(ctx, &ecr.InitiateLayerUploadInput{RepositoryName: &repo})
	if err != nil {
		return err
	}
	for attempt := 1; ; attempt++ {
		_, err = api.UploadLayerPart(ctx, &ecr.UploadLayerPartInput{RepositoryName: &repo, UploadId: up.UploadId,
			PartFirstByte: aws.Int64(0), PartLastByte: aws.Int64(int64(len(data) - 1)), LayerPartBlob: data})
		var ae smithy.APIError
		if err == nil || !errors.As(err, &ae) || ae.ErrorCode() != "ThrottlingException" || attempt == 3 {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("upload part: %w", err)
	}
	_, err = api.CompleteLayerUpload(ctx, &ecr.CompleteLayerUploadInput{RepositoryName: &repo, UploadId: up.UploadId, LayerDigests: []string{digest}})
	return err
}

// The classic table-driven fault test: retries UploadLayerPart after a
// throttle, gives up after LimitExceeded.
func Example_faultTable() {
	data := []byte("layer")
	digest := "sha256:" + fmt.Sprintf("%x", sha256Sum(data))
	for _, tc := range []struct {
		name  string
		fault ecrfake.Fault
	}{
		{"throttled twice, then fine", ecrfake.Fail(ecrfake.OpUploadLayerPart, ecrfake.ErrThrottling()).Times(2)},
		{"throttled for good", ecrfake.Fail(ecrfake.OpUploadLayerPart, ecrfake.ErrThrottling())},
		{"limit exceeded", ecrfake.Fail(ecrfake.OpUploadLayerPart, ecrfake.ErrLimitExceeded())},
	} {
		f := ecrfake.New()
		_, _ = f.CreateRepository(context.Background(), &ecr.CreateRepositoryInput{RepositoryName: aws.String("app")})
		h := f.Inject(tc.fault)
		err := uploadLayer(context.Background(), f, "app", data, digest)
		var limit *types.LimitExceededException
		fmt.Printf("%s: ok=%v limit=%v parts tried=%d fault hits=%d\n",
			tc.name, err == nil, errors.As(err, &limit), len(f.CallsTo(ecrfake.OpUploadLayerPart)), h.Hits())
	}
	// Output:
	// throttled twice, then fine: ok=true limit=false parts tried=3 fault hits=2
	// throttled for good: ok=false limit=false parts tried=3 fault hits=3
	// limit exceeded: ok=false limit=true parts tried=1 fault hits=1
}

// FailSequence scripts a retry test: fail, fail, then succeed for good.
func ExampleFailSequence() {
	f := ecrfake.New()
	f.Inject(ecrfake.FailSequence(ecrfake.OpDescribeRepositories, ecrfake.ErrServer(), ecrfake.ErrThrottling(), nil))
	for range 4 {
		_, err := f.DescribeRepositories(context.Background(), nil)
		fmt.Println(errorCode(err))
	}
	// Output:
	// ServerException
	// ThrottlingException
	// ok
	// ok
}

// FailWhen picks the calls to fail by their input, with the input's own type.
func ExampleFailWhen() {
	f := ecrfake.New()
	f.Inject(ecrfake.FailWhen(func(in *ecr.CreateRepositoryInput) bool {
		return aws.ToString(in.RepositoryName) == "forbidden"
	}, ecrfake.ErrAccessDenied("ecr:CreateRepository")))
	for _, name := range []string{"allowed", "forbidden"} {
		_, err := f.CreateRepository(context.Background(), &ecr.CreateRepositoryInput{RepositoryName: aws.String(name)})
		fmt.Println(name, errorCode(err))
	}
	// Output:
	// allowed ok
	// forbidden AccessDeniedException
}

// An after-commit fault loses the response of a call that took effect: the
// retry meets the state the first attempt left.
func ExampleFault_AfterCommit() {
	f := ecrfake.New()
	f.Inject(ecrfake.Fail(ecrfake.OpCreateRepository, ecrfake.ErrServer()).AfterCommit().Times(1))
	for range 2 {
		_, err := f.CreateRepository(context.Background(), &ecr.CreateRepositoryInput{RepositoryName: aws.String("app")})
		fmt.Println(errorCode(err))
	}
	// Output:
	// ServerException
	// RepositoryAlreadyExistsException
}

// WithProbability makes a soak test's failures random but repeatable.
func ExampleFault_WithProbability() {
	f := ecrfake.New()
	f.Inject(ecrfake.Fail(ecrfake.OpDescribeRepositories, ecrfake.ErrServer()).WithProbability(0.5, 42))
	failed := 0
	for range 100 {
		if _, err := f.DescribeRepositories(context.Background(), nil); err != nil {
			failed++
		}
	}
	fmt.Println(failed, "of 100 failed; the same every run")
	// Output: 56 of 100 failed; the same every run
}

// Delay spends time on the fake clock, not the wall clock.
func ExampleDelay() {
	clock := ecrfake.NewManualClock(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	f := ecrfake.New(ecrfake.WithClock(clock))
	f.Inject(ecrfake.Delay(ecrfake.OpGetAuthorizationToken, 2*time.Minute))
	out, _ := f.GetAuthorizationToken(context.Background(), nil)
	fmt.Println(clock.Now().Format(time.Kitchen), out.AuthorizationData[0].ExpiresAt.Format(time.Kitchen))
	// Output: 12:02AM 12:02PM
}

// Hang makes a call wait for its context, like an unresponsive endpoint.
func ExampleHang() {
	f := ecrfake.New()
	f.Inject(ecrfake.Hang(ecrfake.OpListImages))
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	_, err := f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app")})
	fmt.Println(err)
	// Output: operation error ECR: ListImages, context deadline exceeded
}

// FailImages makes some items of a batch fail while the rest succeed.
func ExampleFailImages() {
	f := ecrfake.New()
	_, _ = f.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{Name: "app", Images: []ecrfake.SeedImage{{Tags: []string{"v1"}}, {Tags: []string{"v2"}}}}}})
	f.Inject(ecrfake.FailImages(ecrfake.OpBatchGetImage, types.ImageFailureCodeKmsError, func(id types.ImageIdentifier) bool {
		return aws.ToString(id.ImageTag) == "v2"
	}))
	out, _ := f.BatchGetImage(context.Background(), &ecr.BatchGetImageInput{RepositoryName: aws.String("app"),
		ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("v1")}, {ImageTag: aws.String("v2")}}})
	fmt.Println(len(out.Images), "image,", out.Failures[0].FailureCode)
	// Output: 1 image, KmsError
}

// Intercept wraps the real behaviour: here it counts pushes per tag.
func ExampleIntercept() {
	f := ecrfake.New()
	pushed := map[string]int{}
	ecrfake.Intercept(f, func(ctx context.Context, in *ecr.PutImageInput,
		next func(context.Context, *ecr.PutImageInput) (*ecr.PutImageOutput, error)) (*ecr.PutImageOutput, error) {
		out, err := next(ctx, in)
		if err == nil {
			pushed[aws.ToString(in.ImageTag)]++
		}
		return out, err
	})
	// Seeding bypasses hooks; the retag below goes through them.
	_, _ = f.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{Name: "app", Images: []ecrfake.SeedImage{{Tags: []string{"v1"}}}}}})
	got, _ := f.BatchGetImage(context.Background(), &ecr.BatchGetImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("v1")}}})
	for _, tag := range []string{"v2", "v2"} {
		_, err := f.PutImage(context.Background(), &ecr.PutImageInput{RepositoryName: aws.String("app"), ImageManifest: got.Images[0].ImageManifest, ImageTag: aws.String(tag)})
		fmt.Println(errorCode(err))
	}
	fmt.Println(pushed)
	// Output:
	// ok
	// ImageAlreadyExistsException
	// map[v2:1]
}

// The call log records every call; CallsOf gives typed inputs.
func ExampleCallsOf() {
	f := ecrfake.New()
	for _, name := range []string{"web", "api"} {
		_, _ = f.CreateRepository(context.Background(), &ecr.CreateRepositoryInput{RepositoryName: aws.String(name)})
	}
	for _, in := range ecrfake.CallsOf[ecr.CreateRepositoryInput](f) {
		fmt.Println(*in.RepositoryName)
	}
	fmt.Println(len(f.Calls()), "calls")
	// Output:
	// web
	// api
	// 2 calls
}

// Seed a base once, snapshot it, and restore it for every subtest.
func ExampleFake_Snapshot() {
	f := ecrfake.New()
	_, _ = f.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{Name: "app", Images: []ecrfake.SeedImage{{Tags: []string{"v1"}}}}}})
	base := f.Snapshot()
	for _, tag := range []string{"v1", "missing"} {
		f.Restore(base)
		out, _ := f.BatchDeleteImage(context.Background(), &ecr.BatchDeleteImageInput{RepositoryName: aws.String("app"),
			ImageIds: []types.ImageIdentifier{{ImageTag: aws.String(tag)}}})
		fmt.Println(tag, "deleted:", len(out.ImageIds), "failed:", len(out.Failures))
	}
	// Output:
	// v1 deleted: 1 failed: 0
	// missing deleted: 0 failed: 1
}

// Seed creates repositories and images through the API's own rules.
func ExampleFake_Seed() {
	clock := ecrfake.NewManualClock(time.Date(2030, 6, 1, 0, 0, 0, 0, time.UTC))
	f := ecrfake.New(ecrfake.WithClock(clock))
	images, err := f.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{
		Name:          "app",
		TagMutability: types.ImageTagMutabilityImmutable,
		Images: []ecrfake.SeedImage{
			{Tags: []string{"v1"}, PushedAt: clock.Now().AddDate(0, -2, 0)},
			{}, // untagged, pushed now
		},
	}}})
	if err != nil {
		panic(err)
	}
	out, _ := f.DescribeImages(context.Background(), &ecr.DescribeImagesInput{RepositoryName: aws.String("app")})
	for _, d := range out.ImageDetails {
		fmt.Println(d.ImageTags, d.ImagePushedAt.Format(time.DateOnly))
	}
	fmt.Println(len(images), "images seeded")
	// Output:
	// [v1] 2030-04-01
	// [] 2030-06-01
	// 2 images seeded
}
