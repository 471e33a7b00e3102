package ecrfake_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

func describeRepos(f *ecrfake.Fake) error {
	_, err := f.DescribeRepositories(context.Background(), nil)
	return err
}

// outcomes runs call n times and reports "ok" or the error code of each call.
func outcomes(n int, call func() error) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = errorCode(call())
	}
	return out
}

func errorCode(err error) string {
	if err == nil {
		return "ok"
	}
	var ae interface{ ErrorCode() string }
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return err.Error()
}

func TestFaultTriggers(t *testing.T) {
	thr := ecrfake.ErrThrottling()
	for _, tc := range []struct {
		name  string
		fault ecrfake.Fault
		want  []string
		hits  int
	}{
		{"always", ecrfake.Fail(ecrfake.OpDescribeRepositories, thr), []string{"ThrottlingException", "ThrottlingException", "ThrottlingException", "ThrottlingException"}, 4},
		{"nth call", ecrfake.Fail(ecrfake.OpDescribeRepositories, thr).OnCall(2), []string{"ok", "ThrottlingException", "ok", "ok"}, 1},
		{"n times then pass", ecrfake.Fail(ecrfake.OpDescribeRepositories, thr).Times(2), []string{"ThrottlingException", "ThrottlingException", "ok", "ok"}, 2},
		{"sequence, last repeats", ecrfake.FailSequence(ecrfake.OpDescribeRepositories, thr, nil, ecrfake.ErrServer()), []string{"ThrottlingException", "ok", "ServerException", "ServerException"}, 3},
		{"sequence ending in success", ecrfake.FailSequence(ecrfake.OpDescribeRepositories, thr, thr, nil), []string{"ThrottlingException", "ThrottlingException", "ok", "ok"}, 2},
		{"other operations are untouched", ecrfake.Fail(ecrfake.OpListImages, thr), []string{"ok", "ok", "ok", "ok"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, _, _ := newFake(t)
			h := f.Inject(tc.fault)
			assert.Equal(t, tc.want, outcomes(4, func() error { return describeRepos(f) }))
			assert.Equal(t, tc.hits, h.Hits())
			h.Remove()
			assert.NoError(t, describeRepos(f), "removed")
		})
	}
}

func TestSeededProbabilityRepeats(t *testing.T) {
	run := func(seed uint64) []string {
		f, _, _ := newFake(t)
		f.Inject(ecrfake.Fail(ecrfake.OpDescribeRepositories, ecrfake.ErrServer()).WithProbability(0.3, seed))
		return outcomes(40, func() error { return describeRepos(f) })
	}
	a, b := run(7), run(7)
	assert.Equal(t, a, b, "same seed, same failures")
	assert.NotEqual(t, a, run(8))
	assert.Contains(t, a, "ServerException")
	assert.Contains(t, a, "ok")
}

func TestFaultsMatchInputs(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	createRepo(t, f, "other")
	f.Inject(ecrfake.FailWhen(func(in *ecr.PutImageInput) bool { return aws.ToString(in.ImageTag) == "latest" }, ecrfake.ErrKms("KMSDisabledException")))
	f.Inject(ecrfake.Fail(ecrfake.OpListImages, ecrfake.ErrThrottling()).ForRepository("other").Times(1))

	m, _ := pushImage(t, f, "app", "v1", "one")
	_, err := put(f, "app", m, "latest")
	var kms *types.KmsException
	require.ErrorAs(t, err, &kms)
	assert.Equal(t, "KMSDisabledException", *kms.KmsError)

	_, err = f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	_, err = f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("other")})
	assert.Equal(t, "ThrottlingException", errorCode(err))
	_, err = f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("other")})
	require.NoError(t, err, "Times counts matching calls only")
}

func TestFaultBeforeTheOperationChangesNothing(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	m, _ := pushImage(t, f, "app", "v1", "one")
	before := observe(t, f)
	f.Inject(ecrfake.Fail(ecrfake.OpPutImage, ecrfake.ErrServer()))
	f.Inject(ecrfake.Fail(ecrfake.OpBatchDeleteImage, ecrfake.ErrThrottling()))
	f.Inject(ecrfake.Fail(ecrfake.OpDeleteRepository, ecrfake.ErrKms("x")))
	_, err := put(f, "app", m, "v2")
	require.Error(t, err)
	_, err = f.BatchDeleteImage(ctx, &ecr.BatchDeleteImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("v1")}}})
	require.Error(t, err)
	_, err = f.DeleteRepository(ctx, &ecr.DeleteRepositoryInput{RepositoryName: aws.String("app"), Force: true})
	require.Error(t, err)
	assert.Equal(t, before, observe(t, f), "byte for byte what a client can observe")
}

func TestFaultErrorsAreWrappedLikeTheRealClients(t *testing.T) {
	f, _, _ := newFake(t)
	f.Inject(ecrfake.FailSequence(ecrfake.OpDescribeRepositories, ecrfake.ErrServer(), ecrfake.ErrThrottling(), context.DeadlineExceeded, ecrfake.ErrConnectionReset()))
	err := describeRepos(f)
	var re *awshttp.ResponseError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, http.StatusInternalServerError, re.HTTPStatusCode())
	assert.Equal(t, "operation error ECR: DescribeRepositories, https response error StatusCode: 500, RequestID: 00000000-0000-4000-8000-000000000001, ServerException: We encountered an internal error. Please try again.", err.Error())

	err = describeRepos(f)
	require.ErrorAs(t, err, &re)
	assert.Equal(t, http.StatusBadRequest, re.HTTPStatusCode())
	assert.Equal(t, "operation error ECR: DescribeRepositories, https response error StatusCode: 400, RequestID: 00000000-0000-4000-8000-000000000002, api error ThrottlingException: Rate exceeded", err.Error())

	err = describeRepos(f)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, "operation error ECR: DescribeRepositories, context deadline exceeded", err.Error())

	err = describeRepos(f)
	var te *ecrfake.TransportError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, "operation error ECR: DescribeRepositories, https response error StatusCode: 0, RequestID: , request send failed, read: connection reset by peer", err.Error())
}

func TestAfterCommitFault(t *testing.T) {
	f, _, _ := newFake(t)
	createRepo(t, f, "app")
	config, layer := []byte(`{"n":1}`), []byte("l")
	uploadBlob(t, f, "app", config)
	uploadBlob(t, f, "app", layer)
	m := imageManifest(mtDockerV2, config, layer)
	h := f.Inject(ecrfake.Fail(ecrfake.OpPutImage, ecrfake.ErrServer()).AfterCommit().Times(1))

	_, err := put(f, "app", m, "v1")
	assert.Equal(t, "ServerException", errorCode(err), "the response was lost")
	_, err = put(f, "app", m, "v1")
	assert.Equal(t, "ImageAlreadyExistsException", errorCode(err), "but the push took effect")
	assert.Equal(t, 1, h.Hits())
}

func TestDelayAdvancesTheFakeClock(t *testing.T) {
	f, clock, ctx := newFake(t)
	f.Inject(ecrfake.Delay(ecrfake.OpCreateRepository, 3*time.Second))
	out, err := f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	assert.Equal(t, epoch.Add(3*time.Second), *out.Repository.CreatedAt)
	assert.Equal(t, epoch.Add(3*time.Second), clock.Now())

	assert.Panics(t, func() { ecrfake.New().Inject(ecrfake.Delay(ecrfake.OpPutImage, time.Second)) }, "the system clock cannot advance")
}

func TestHangBlocksUntilTheContextEnds(t *testing.T) {
	f, _, _ := newFake(t)
	ctx, cancel := context.WithCancel(context.Background())
	// An interceptor added first runs first: it cancels once the call is in flight.
	ecrfake.Intercept(f, func(ctx context.Context, in *ecr.DescribeRepositoriesInput, next func(context.Context, *ecr.DescribeRepositoriesInput) (*ecr.DescribeRepositoriesOutput, error)) (*ecr.DescribeRepositoriesOutput, error) {
		cancel()
		return next(ctx, in)
	})
	h := f.Inject(ecrfake.Hang(ecrfake.OpDescribeRepositories))
	_, err := f.DescribeRepositories(ctx, nil)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 1, h.Hits())
}

func TestPartialBatchFailures(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	_, d1 := pushImage(t, f, "app", "v1", "one")
	_, d2 := pushImage(t, f, "app", "v2", "two")
	isV2 := func(id types.ImageIdentifier) bool { return aws.ToString(id.ImageTag) == "v2" }

	f.Inject(ecrfake.FailImages(ecrfake.OpBatchGetImage, types.ImageFailureCodeKmsError, isV2))
	got, err := f.BatchGetImage(ctx, &ecr.BatchGetImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("v1")}, {ImageTag: aws.String("v2")}}})
	require.NoError(t, err)
	require.Len(t, got.Images, 1)
	assert.Equal(t, d1, *got.Images[0].ImageId.ImageDigest)
	require.Len(t, got.Failures, 1)
	assert.Equal(t, types.ImageFailureCodeKmsError, got.Failures[0].FailureCode)

	f.Inject(ecrfake.FailImages(ecrfake.OpBatchDeleteImage, types.ImageFailureCodeKmsError, isV2))
	del, err := f.BatchDeleteImage(ctx, &ecr.BatchDeleteImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("v2")}}})
	require.NoError(t, err)
	assert.Empty(t, del.ImageIds)
	require.Len(t, del.Failures, 1)
	assert.Equal(t, []string{"v2"}, describe(t, f, "app", d2).ImageTags, "the failed item was not deleted")

	layer := sha([]byte("layer-of-one"))
	f.Inject(ecrfake.FailLayers(ecrfake.OpBatchCheckLayerAvailability, types.LayerFailureCodeMissingLayerDigest, func(d string) bool { return d == layer }))
	chk, err := f.BatchCheckLayerAvailability(ctx, &ecr.BatchCheckLayerAvailabilityInput{RepositoryName: aws.String("app"), LayerDigests: []string{layer, sha([]byte("layer-of-two"))}})
	require.NoError(t, err)
	require.Len(t, chk.Layers, 1)
	require.Len(t, chk.Failures, 1)
	assert.Equal(t, layer, *chk.Failures[0].LayerDigest)
}

// fakeT records what AssertFaultsFired reports.
type fakeT struct{ errors []string }

func (*fakeT) Helper() {}
func (t *fakeT) Errorf(format string, args ...any) {
	t.errors = append(t.errors, fmt.Sprintf(format, args...))
}

func TestAssertFaultsFired(t *testing.T) {
	f, _, _ := newFake(t)
	f.Inject(ecrfake.Fail(ecrfake.OpDescribeRepositories, ecrfake.ErrThrottling()).Times(1))
	f.Inject(ecrfake.Fail(ecrfake.OpPutImage, ecrfake.ErrServer()))
	_ = describeRepos(f)
	var ft fakeT
	f.AssertFaultsFired(&ft)
	assert.Equal(t, []string{"ecrfake: fault Fail(PutImage, ServerException) never fired"}, ft.errors)

	f.RemoveHooks()
	ft = fakeT{}
	f.AssertFaultsFired(&ft)
	assert.Empty(t, ft.errors)
}

func TestHooksMayCallBackIntoTheFake(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	var seen int
	h := ecrfake.Intercept(f, func(ctx context.Context, in *ecr.ListImagesInput, next func(context.Context, *ecr.ListImagesInput) (*ecr.ListImagesOutput, error)) (*ecr.ListImagesOutput, error) {
		repos, err := f.DescribeRepositories(ctx, nil) // no deadlock: hooks run outside the lock
		if err != nil {
			return nil, err
		}
		seen = len(repos.Repositories)
		out, err := next(ctx, in)
		if err == nil {
			out.ImageIds = append(out.ImageIds, types.ImageIdentifier{ImageTag: aws.String("injected")})
		}
		return out, err
	})
	out, err := f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	assert.Equal(t, 1, seen)
	assert.Equal(t, "injected", *out.ImageIds[0].ImageTag)
	assert.Equal(t, 1, h.Hits())
	assert.Equal(t, "Intercept(ListImages)", h.String())

	assert.Panics(t, func() { ecrfake.OpOf[types.Tag]() })
}

func TestOps(t *testing.T) {
	ops := ecrfake.Ops()
	require.Len(t, ops, 62)
	assert.Equal(t, "BatchCheckLayerAvailability", ops[0].String())
	assert.Equal(t, ecrfake.OpPutImage, ecrfake.OpOf[ecr.PutImageInput]())
	byName := map[string]ecrfake.Op{}
	for _, o := range ops {
		byName[o.String()] = o
	}
	for _, m := range sdkOperations(t) {
		o, ok := byName[m.Name]
		if assert.Truef(t, ok, "no Op constant for %s", m.Name) {
			in, out := ecrfake.OpTypes(o)
			assert.Equal(t, m.Type.In(2).Elem(), in, m.Name)
			assert.Equal(t, m.Type.Out(0).Elem(), out, m.Name)
		}
	}
}
