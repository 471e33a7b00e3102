package ecrfake_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// singleShot is a real client that makes one attempt per call, so each call
// meets the fault exactly once.
func singleShot(f *ecrfake.Fake) *ecr.Client {
	return f.Client(func(o *ecr.Options) { o.Retryer = aws.NopRetryer{} })
}

// Every trigger of TestFaultTriggers behaves the same through a real client.
func TestFaultTriggersThroughClient(t *testing.T) {
	thr := ecrfake.ErrThrottling()
	for _, tc := range []struct {
		name  string
		fault ecrfake.Fault
		want  []string
	}{
		{"always", ecrfake.Fail(ecrfake.OpDescribeRepositories, thr), []string{"ThrottlingException", "ThrottlingException", "ThrottlingException"}},
		{"nth call", ecrfake.Fail(ecrfake.OpDescribeRepositories, thr).OnCall(2), []string{"ok", "ThrottlingException", "ok"}},
		{"n times then pass", ecrfake.Fail(ecrfake.OpDescribeRepositories, thr).Times(2), []string{"ThrottlingException", "ThrottlingException", "ok"}},
		{"sequence", ecrfake.FailSequence(ecrfake.OpDescribeRepositories, ecrfake.ErrServer(), nil, thr), []string{"ServerException", "ok", "ThrottlingException"}},
		{"predicate", ecrfake.FailWhen(func(in *ecr.DescribeRepositoriesInput) bool { return in.MaxResults != nil }, thr), []string{"ok", "ThrottlingException", "ok"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, _, ctx := newFake(t)
			f.Inject(tc.fault)
			c := singleShot(f)
			i := 0
			got := outcomes(3, func() error {
				i++
				in := &ecr.DescribeRepositoriesInput{}
				if i == 2 {
					in.MaxResults = aws.Int32(5)
				}
				_, err := c.DescribeRepositories(ctx, in)
				return err
			})
			assert.Equal(t, tc.want, got)
		})
	}

	// Seeded probability: the same failures through either front end.
	direct, _, _ := newFake(t)
	wire, _, ctx := newFake(t)
	direct.Inject(ecrfake.Fail(ecrfake.OpDescribeRepositories, thr).WithProbability(0.4, 9))
	wire.Inject(ecrfake.Fail(ecrfake.OpDescribeRepositories, thr).WithProbability(0.4, 9))
	c := singleShot(wire)
	assert.Equal(t,
		outcomes(30, func() error { return describeRepos(direct) }),
		outcomes(30, func() error { _, err := c.DescribeRepositories(ctx, nil); return err }))
}

func TestFaultKindsThroughClient(t *testing.T) {
	f, clock, ctx := newFake(t)
	c := singleShot(f)
	_, err := c.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)

	// After commit: the call took effect, the caller saw a 500.
	f.Inject(ecrfake.Fail(ecrfake.OpCreateRepository, ecrfake.ErrServer()).AfterCommit().Times(1))
	_, err = c.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("lost")})
	assert.Equal(t, "ServerException", errorCode(err))
	_, err = c.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("lost")})
	assert.Equal(t, "RepositoryAlreadyExistsException", errorCode(err))

	// Delay: the fake clock moves, the wall clock does not matter.
	f.Inject(ecrfake.Delay(ecrfake.OpGetAuthorizationToken, time.Hour))
	tok, err := c.GetAuthorizationToken(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, clock.Now().Add(12*time.Hour), *tok.AuthorizationData[0].ExpiresAt)

	// Hang: the call ends with its context.
	f.Inject(ecrfake.Hang(ecrfake.OpListImages))
	hctx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	_, err = c.ListImages(hctx, &ecr.ListImagesInput{RepositoryName: aws.String("app")})
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	// Partial batch failures.
	_, err = f.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{Name: "seeded", Images: []ecrfake.SeedImage{{Tags: []string{"v1"}}, {Tags: []string{"v2"}}}}}})
	require.NoError(t, err)
	f.Inject(ecrfake.FailImages(ecrfake.OpBatchGetImage, types.ImageFailureCodeKmsError, func(id types.ImageIdentifier) bool { return aws.ToString(id.ImageTag) == "v2" }))
	got, err := c.BatchGetImage(ctx, &ecr.BatchGetImageInput{RepositoryName: aws.String("seeded"), ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("v1")}, {ImageTag: aws.String("v2")}}})
	require.NoError(t, err)
	assert.Len(t, got.Images, 1)
	require.Len(t, got.Failures, 1)
	assert.Equal(t, types.ImageFailureCodeKmsError, got.Failures[0].FailureCode)

	// Interceptors see the same typed input as direct calls.
	var seen string
	ecrfake.Intercept(f, func(ctx context.Context, in *ecr.DescribeImagesInput, next func(context.Context, *ecr.DescribeImagesInput) (*ecr.DescribeImagesOutput, error)) (*ecr.DescribeImagesOutput, error) {
		seen = aws.ToString(in.RepositoryName)
		return next(ctx, in)
	})
	_, err = c.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("seeded")})
	require.NoError(t, err)
	assert.Equal(t, "seeded", seen)
}

// The default client retries a throttle and a server fault, as against ECR.
func TestClientRetriesTransientFaults(t *testing.T) {
	f, _, ctx := newFake(t)
	c := f.Client(func(o *ecr.Options) { o.Retryer = noBackoff() })
	thr := f.Inject(ecrfake.FailSequence(ecrfake.OpDescribeRepositories, ecrfake.ErrThrottling(), ecrfake.ErrServer(), nil))
	_, err := c.DescribeRepositories(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, 2, thr.Hits())
	assert.Len(t, f.CallsTo(ecrfake.OpDescribeRepositories), 3, "three attempts reached the fake")
}

// Faults may be added and removed while calls run.
func TestFaultsChangeConcurrentlyWithCalls(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 50 {
				h := f.Inject(ecrfake.Fail(ecrfake.OpListImages, ecrfake.ErrThrottling()).OnCall(1 + i%3))
				_, _ = f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app")})
				_ = h.Hits()
				h.Remove()
				_, err := f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String(fmt.Sprintf("w%d-%d", w, i))})
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
	_, err := f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app")})
	assert.NoError(t, err, "every fault was removed")
}
