package ecrfake_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// TypedCalls gives each recorded call of one operation with its typed input,
// output and error: assert on what the code under test was answered.
func ExampleTypedCalls() {
	f := ecrfake.New()
	ctx := context.Background()
	for _, name := range []string{"web", "web"} {
		_, _ = f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String(name)})
	}
	for _, c := range ecrfake.TypedCalls(f, f.CreateRepository) {
		var exists *types.RepositoryAlreadyExistsException
		switch {
		case c.Err == nil:
			fmt.Println(c.Seq, *c.Input.RepositoryName, "created:", *c.Output.Repository.RepositoryUri)
		case errors.As(c.Err, &exists):
			fmt.Println(c.Seq, *c.Input.RepositoryName, "failed:", exists.ErrorCode())
		}
	}
	// Output:
	// 1 web created: 123456789012.dkr.ecr.us-east-1.amazonaws.com/web
	// 2 web failed: RepositoryAlreadyExistsException
}

// A long-running test can bound the log: it keeps the last n calls, still
// numbered as they came.
func ExampleWithCallLogLimit() {
	f := ecrfake.New(ecrfake.WithCallLogLimit(2))
	for range 5 {
		_, _ = f.DescribeRepositories(context.Background(), nil)
	}
	for _, c := range f.Calls() {
		fmt.Println(c.Seq, c.Op)
	}
	// Output:
	// 4 DescribeRepositories
	// 5 DescribeRepositories
}

// A log that is off cannot be read by mistake: an assertion that a call was
// not made would pass for the wrong reason.
func ExampleWithCallRecording() {
	f := ecrfake.New(ecrfake.WithCallRecording(false))
	defer func() {
		fmt.Println(strings.SplitN(fmt.Sprint(recover()), ";", 2)[0])
	}()
	_ = f.CallsTo(ecrfake.OpPutImage)
	// Output:
	// ecrfake: CallsTo on a fake whose call log is off: WithCallRecording(false) turned it off
}

// Clients split layers by the part size InitiateLayerUpload advertises, which
// is MaxLayerPartSize: lowering it makes small layers go up in several
// parts (MinLayerPartSize follows it down).
func ExampleWithLimits() {
	f := ecrfake.New(ecrfake.WithLimits(ecrfake.Limits{MaxLayerPartSize: 1024}))
	ctx := context.Background()
	_, _ = f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("app")})
	up, _ := f.InitiateLayerUpload(ctx, &ecr.InitiateLayerUploadInput{RepositoryName: aws.String("app")})
	fmt.Println("part size:", *up.PartSize)
	// Output: part size: 1024
}

// FailLayers names its operation first, as every fault does.
func ExampleFailLayers() {
	f := ecrfake.New()
	ctx := context.Background()
	_, _ = f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("app")})
	f.Inject(ecrfake.FailLayers(ecrfake.OpBatchCheckLayerAvailability, types.LayerFailureCodeMissingLayerDigest,
		func(digest string) bool { return strings.HasSuffix(digest, "1") }))
	out, _ := f.BatchCheckLayerAvailability(ctx, &ecr.BatchCheckLayerAvailabilityInput{RepositoryName: aws.String("app"),
		LayerDigests: []string{"sha256:" + strings.Repeat("0", 64), "sha256:" + strings.Repeat("0", 63) + "1"}})
	fmt.Println(out.Layers[0].LayerAvailability, out.Failures[0].FailureCode)
	// Output: UNAVAILABLE MissingLayerDigest
}
