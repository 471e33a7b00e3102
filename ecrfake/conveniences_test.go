package ecrfake_test

import (
	"context"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

func TestIsNotModelled(t *testing.T) {
	// Every operation is modelled now; the fake's own answer is injected to
	// see it recognised through the real client's wrapping.
	f, _, ctx := newFake(t)
	f.Inject(ecrfake.Fail(ecrfake.OpUpdateImageStorageClass, ecrfake.ErrNotModelled(ecrfake.OpUpdateImageStorageClass)))
	_, err := f.UpdateImageStorageClass(ctx, &ecr.UpdateImageStorageClassInput{RepositoryName: aws.String("app"),
		ImageId: nil, TargetStorageClass: "ARCHIVE"})
	assert.False(t, ecrfake.IsNotModelled(err), "client-side validation comes first")
	_, err = f.Client().UpdateImageStorageClass(ctx, &ecr.UpdateImageStorageClassInput{RepositoryName: aws.String("app"),
		ImageId: &types.ImageIdentifier{ImageTag: aws.String("v1")}, TargetStorageClass: types.TargetStorageClassArchive})
	assert.True(t, ecrfake.IsNotModelled(err), "through the SDK client: %v", err)
	_, err = f.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{RepositoryNames: []string{"nope"}})
	assert.False(t, ecrfake.IsNotModelled(err))
	assert.False(t, ecrfake.IsNotModelled(nil))
}

func TestNowIsTheServicesTime(t *testing.T) {
	clock := ecrfake.NewManualClock(time.Date(2030, 1, 1, 0, 0, 0, 123456789, time.FixedZone("x", 3600)))
	f := ecrfake.New(ecrfake.WithClock(clock))
	assert.Equal(t, time.Date(2029, 12, 31, 23, 0, 0, 123000000, time.UTC), f.Now())
}

func TestWithoutRetryBackoffKeepsRetries(t *testing.T) {
	f, _, ctx := newFake(t)
	h := f.Inject(ecrfake.Fail(ecrfake.OpDescribeRepositories, ecrfake.ErrThrottling()))
	synctest.Test(t, func(t *testing.T) {
		start := time.Now() // virtual inside the bubble: a backoff sleep would show
		_, err := f.Client(ecrfake.WithoutRetryBackoff).DescribeRepositories(ctx, nil)
		require.Error(t, err)
		assert.Equal(t, 3, h.Hits(), "the standard three attempts")
		assert.Zero(t, time.Since(start), "no backoff sleeps")
	})

	f.Inject(ecrfake.Fail(ecrfake.OpCreateRepository, ecrfake.ErrExpiredToken()))
	_, err := f.Client(ecrfake.WithoutRetryBackoff).CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("app")})
	assert.Equal(t, "ExpiredTokenException", errorCode(err))
	assert.Len(t, f.CallsTo(ecrfake.OpCreateRepository), 1, "an expired token is not retried")
}

// WithoutRetryBackoff keeps the SDK's retries and drops their waiting.
func ExampleWithoutRetryBackoff() {
	f := ecrfake.New()
	f.Inject(ecrfake.Fail(ecrfake.OpDescribeRepositories, ecrfake.ErrServer()).Times(2))
	client := f.Client(ecrfake.WithoutRetryBackoff)
	_, err := client.DescribeRepositories(context.Background(), nil)
	fmt.Println(err, len(f.CallsTo(ecrfake.OpDescribeRepositories)), "attempts")
	// Output: <nil> 3 attempts
}
