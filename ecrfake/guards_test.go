package ecrfake_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// Limits that contradict ECR's other default follow the one the test gave,
// so the advertised partSize is one CompleteLayerUpload accepts.
func TestLimitsPartSizesFollowEachOther(t *testing.T) {
	ctx := context.Background()
	f := ecrfake.New(ecrfake.WithLimits(ecrfake.Limits{MaxLayerPartSize: 4096}))
	createRepo(t, f, "app")
	up, err := f.InitiateLayerUpload(ctx, &ecr.InitiateLayerUploadInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	require.EqualValues(t, 4096, *up.PartSize)

	// A client that splits by the advertised part size: three parts.
	layer := []byte(strings.Repeat("x", 4096*2+100))
	for first := 0; first < len(layer); first += 4096 {
		last := min(first+4096, len(layer)) - 1
		_, err := f.UploadLayerPart(ctx, &ecr.UploadLayerPartInput{RepositoryName: aws.String("app"), UploadId: up.UploadId,
			PartFirstByte: aws.Int64(int64(first)), PartLastByte: aws.Int64(int64(last)), LayerPartBlob: layer[first : last+1]})
		require.NoError(t, err)
	}
	_, err = f.CompleteLayerUpload(ctx, &ecr.CompleteLayerUploadInput{RepositoryName: aws.String("app"), UploadId: up.UploadId, LayerDigests: []string{sha(layer)}})
	require.NoError(t, err, "parts of the advertised size are accepted (the 5 MiB minimum followed the maximum down)")

	big := ecrfake.New(ecrfake.WithLimits(ecrfake.Limits{MinLayerPartSize: 16 << 20}))
	createRepo(t, big, "app")
	up, err = big.InitiateLayerUpload(ctx, &ecr.InitiateLayerUploadInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	assert.EqualValues(t, 16<<20, *up.PartSize, "the maximum followed the minimum up")
}

func TestLimitsThatCannotWorkPanic(t *testing.T) {
	assert.PanicsWithValue(t, "ecrfake: WithLimits: MinLayerPartSize (8192) is larger than MaxLayerPartSize (4096), so no multi-part "+
		"upload could complete; lower MinLayerPartSize, or give only MaxLayerPartSize and MinLayerPartSize follows it",
		func() { ecrfake.WithLimits(ecrfake.Limits{MinLayerPartSize: 8192, MaxLayerPartSize: 4096}) })
	assert.PanicsWithValue(t, "ecrfake: WithLimits: MaxBatchSize is -1; a limit is positive, or 0 for ECR's default (100)",
		func() { ecrfake.WithLimits(ecrfake.Limits{MaxBatchSize: -1}) })
	assert.NotPanics(t, func() { ecrfake.WithLimits(ecrfake.Limits{MinLayerPartSize: 4096, MaxLayerPartSize: 4096}) })
}

// A trigger value that cannot mean what it says panics where it is written,
// saying what to write instead; before, Times(0), OnCall(0) and
// WithProbability(0, ...) fired on every call and Times(-1) on none.
func TestTriggersThatCannotWorkPanic(t *testing.T) {
	base := ecrfake.Fail(ecrfake.OpListImages, ecrfake.ErrServer())
	tests := []struct {
		name  string
		build func() ecrfake.Fault
		want  string
	}{
		{"Times(0)", func() ecrfake.Fault { return base.Times(0) }, "ecrfake: Fail(ListImages, ServerException).Times(0): n counts the calls the fault fires on and must be at least 1; leave Times out to fire on every call, or do not inject the fault to fire on none"},
		{"Times(-1)", func() ecrfake.Fault { return base.Times(-1) }, "ecrfake: Fail(ListImages, ServerException).Times(-1): n counts the calls the fault fires on and must be at least 1; leave Times out to fire on every call, or do not inject the fault to fire on none"},
		{"OnCall(0)", func() ecrfake.Fault { return base.OnCall(0) }, "ecrfake: Fail(ListImages, ServerException).OnCall(0): calls count from 1: OnCall(1) is the first matching call"},
		{"WithProbability(0)", func() ecrfake.Fault { return base.WithProbability(0, 1) }, "ecrfake: Fail(ListImages, ServerException).WithProbability(0, 1): p is a probability in (0, 1]; leave WithProbability out to fire on every call, or do not inject the fault to fire on none"},
		{"WithProbability(-0.5)", func() ecrfake.Fault { return base.WithProbability(-0.5, 1) }, "ecrfake: Fail(ListImages, ServerException).WithProbability(-0.5, 1): p is a probability in (0, 1]; leave WithProbability out to fire on every call, or do not inject the fault to fire on none"},
		{"WithProbability(NaN)", func() ecrfake.Fault { return base.WithProbability(math.NaN(), 1) }, "ecrfake: Fail(ListImages, ServerException).WithProbability(NaN, 1): p is a probability in (0, 1]; leave WithProbability out to fire on every call, or do not inject the fault to fire on none"},
		{"WithProbability(1.5)", func() ecrfake.Fault { return base.WithProbability(1.5, 1) }, "ecrfake: Fail(ListImages, ServerException).WithProbability(1.5, 1): p is a probability in (0, 1]; leave WithProbability out to fire on every call, or do not inject the fault to fire on none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assert.PanicsWithValue(t, tt.want, func() { tt.build() }) })
	}

	f := ecrfake.New()
	assert.PanicsWithValue(t, "ecrfake: Fail(ListImages, ServerException).Times(2).OnCall(3) can never fire: OnCall(3) comes after the first 2 calls Times allows",
		func() { f.Inject(base.Times(2).OnCall(3)) })
	assert.NotPanics(t, func() { f.Inject(base.Times(3).OnCall(3).WithProbability(1, 7)) })
}

// ForRepository on an operation whose input names no repository could never
// match: it panics, as FailImages on a wrong operation does.
func TestForRepositoryOnAnOperationWithoutRepositoryPanics(t *testing.T) {
	defer func() {
		msg, _ := recover().(string)
		require.NotEmpty(t, msg, "ForRepository on GetAuthorizationToken panics")
		assert.True(t, strings.HasPrefix(msg, `ecrfake: Fail(GetAuthorizationToken, ServerException).ForRepository("app"): GetAuthorizationToken names no repository, so the fault could never fire; ForRepository applies to BatchCheckLayerAvailability, BatchDeleteImage, BatchGetImage, CompleteLayerUpload, CreateRepository, `), msg)
		assert.NotContains(t, msg, "DescribeRegistry")
		assert.NotContains(t, msg, "DescribeRepositories", "its input has RepositoryNames, a list")
		assert.Contains(t, msg, "UploadLayerPart")
	}()
	ecrfake.Fail(ecrfake.OpGetAuthorizationToken, ecrfake.ErrServer()).ForRepository("app")
}

func TestForRepositoryStillNarrows(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	createRepo(t, f, "other")
	f.Inject(ecrfake.Fail(ecrfake.OpListImages, ecrfake.ErrServer()).ForRepository("app"))
	_, err := f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("other")})
	require.NoError(t, err)
	_, err = f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app")})
	require.Error(t, err)
}

// FailLayers names its operation first, as FailImages and every other fault
// constructor do.
func TestFailLayersTakesItsOperationFirst(t *testing.T) {
	assert.PanicsWithValue(t, "ecrfake: FailLayers applies to OpBatchCheckLayerAvailability, not BatchGetImage",
		func() {
			ecrfake.FailLayers(ecrfake.OpBatchGetImage, types.LayerFailureCodeMissingLayerDigest, func(string) bool { return true })
		})
	fault := ecrfake.FailLayers(ecrfake.OpBatchCheckLayerAvailability, types.LayerFailureCodeMissingLayerDigest, func(string) bool { return true })
	assert.Equal(t, "FailLayers(BatchCheckLayerAvailability, MissingLayerDigest)", fault.String())
}

// A plain Go error injected with Fail: what each face sees, as Fail's
// documentation says.
func TestPlainErrorFaultOnEachFace(t *testing.T) {
	boom := errors.New("boom")
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	f.Inject(ecrfake.Fail(ecrfake.OpListImages, boom))

	_, direct := f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app")})
	assert.ErrorIs(t, direct, boom, "direct: the error itself, wrapped")
	var oe *smithy.OperationError
	require.ErrorAs(t, direct, &oe)
	assert.Equal(t, "operation error ECR: ListImages, boom", direct.Error())

	_, wire := f.Client(ecrfake.WithoutRetryBackoff).ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app")})
	assert.NotErrorIs(t, wire, boom, "through the client: only what the wire carried")
	var ae smithy.APIError
	require.ErrorAs(t, wire, &ae)
	assert.Equal(t, "InternalFailure", ae.ErrorCode())
	assert.Contains(t, wire.Error(), "StatusCode: 500")
	assert.Contains(t, wire.Error(), "boom")
	assert.Equal(t, 1+3, len(f.CallsTo(ecrfake.OpListImages)), "the client retried the 500 (3 attempts)")
}

// A batch fault does not skip the service: a request the service refuses as
// a whole is refused the same with the fault installed, whether the fault
// fails every item or lets some through; and the items it fails are never
// touched.
func TestBatchFaultsKeepTheServicesValidation(t *testing.T) {
	ctx := context.Background()
	ids := func(n int) []types.ImageIdentifier {
		out := make([]types.ImageIdentifier, n)
		for i := range out {
			out[i] = types.ImageIdentifier{ImageTag: aws.String(fmt.Sprintf("t%d", i))}
		}
		return out
	}
	digests := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("sha256:%064x", i)
		}
		return out
	}
	type request struct {
		name string
		call func(f *ecrfake.Fake) error
	}
	var requests []request
	for _, repo := range []string{"missing", "Invalid Name"} {
		requests = append(requests,
			request{"BatchGetImage " + repo, func(f *ecrfake.Fake) error {
				_, err := f.BatchGetImage(ctx, &ecr.BatchGetImageInput{RepositoryName: aws.String(repo), ImageIds: ids(2)})
				return err
			}},
			request{"BatchDeleteImage " + repo, func(f *ecrfake.Fake) error {
				_, err := f.BatchDeleteImage(ctx, &ecr.BatchDeleteImageInput{RepositoryName: aws.String(repo), ImageIds: ids(2)})
				return err
			}},
			request{"BatchCheckLayerAvailability " + repo, func(f *ecrfake.Fake) error {
				_, err := f.BatchCheckLayerAvailability(ctx, &ecr.BatchCheckLayerAvailabilityInput{RepositoryName: aws.String(repo), LayerDigests: digests(2)})
				return err
			}})
	}
	requests = append(requests,
		request{"BatchGetImage 150 ids", func(f *ecrfake.Fake) error {
			_, err := f.BatchGetImage(ctx, &ecr.BatchGetImageInput{RepositoryName: aws.String("app"), ImageIds: ids(150)})
			return err
		}},
		request{"BatchDeleteImage 150 ids", func(f *ecrfake.Fake) error {
			_, err := f.BatchDeleteImage(ctx, &ecr.BatchDeleteImageInput{RepositoryName: aws.String("app"), ImageIds: ids(150)})
			return err
		}},
		request{"BatchCheckLayerAvailability 150 digests", func(f *ecrfake.Fake) error {
			_, err := f.BatchCheckLayerAvailability(ctx, &ecr.BatchCheckLayerAvailabilityInput{RepositoryName: aws.String("app"), LayerDigests: digests(150)})
			return err
		}},
		request{"BatchGetImage 50 ids in a 20-id batch limit", func(f *ecrfake.Fake) error {
			_, err := f.BatchGetImage(ctx, &ecr.BatchGetImageInput{RepositoryName: aws.String("app"), ImageIds: ids(50)})
			return err
		}})

	newF := func() *ecrfake.Fake {
		f := ecrfake.New(ecrfake.WithLimits(ecrfake.Limits{MaxBatchSize: 20}))
		createRepo(t, f, "app")
		return f
	}
	for _, req := range requests {
		t.Run(req.name, func(t *testing.T) {
			want := req.call(newF())
			require.Error(t, want, "the service refuses the request")
			for _, matchAll := range []bool{true, false} {
				f := newF()
				imageMatch := func(id types.ImageIdentifier) bool { return matchAll || *id.ImageTag != "t0" }
				layerMatch := func(d string) bool { return matchAll || d != fmt.Sprintf("sha256:%064x", 0) }
				f.Inject(ecrfake.FailImages(ecrfake.OpBatchGetImage, types.ImageFailureCodeKmsError, imageMatch))
				f.Inject(ecrfake.FailImages(ecrfake.OpBatchDeleteImage, types.ImageFailureCodeKmsError, imageMatch))
				f.Inject(ecrfake.FailLayers(ecrfake.OpBatchCheckLayerAvailability, types.LayerFailureCodeMissingLayerDigest, layerMatch))
				got := req.call(f)
				require.Error(t, got, "match all: %v", matchAll)
				assert.Equal(t, errorCode(want), errorCode(got), "match all: %v", matchAll)
				assert.Equal(t, strings.ReplaceAll(want.Error(), "RequestID: 00000000-0000-4000-8000-000000000001", ""),
					strings.ReplaceAll(got.Error(), "RequestID: 00000000-0000-4000-8000-000000000001", ""), "match all: %v", matchAll)
			}
		})
	}
}

// On a valid request, the failed items are reported and left alone; the
// others are processed, and nothing of the probes shows.
func TestBatchFaultsReportAndSpare(t *testing.T) {
	f, _, ctx := newFake(t)
	seeded, err := f.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{Name: "app", Images: []ecrfake.SeedImage{{Tags: []string{"a"}}, {Tags: []string{"b"}}}}}})
	require.NoError(t, err)
	f.Inject(ecrfake.FailImages(ecrfake.OpBatchDeleteImage, types.ImageFailureCodeKmsError, func(id types.ImageIdentifier) bool { return *id.ImageTag == "a" }))
	out, err := f.BatchDeleteImage(ctx, &ecr.BatchDeleteImageInput{RepositoryName: aws.String("app"),
		ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("a")}, {ImageTag: aws.String("b")}, {ImageTag: aws.String("gone")}}})
	require.NoError(t, err)
	require.Len(t, out.ImageIds, 1)
	assert.Equal(t, "b", *out.ImageIds[0].ImageTag)
	require.Len(t, out.Failures, 2)
	assert.Equal(t, types.ImageFailureCodeImageNotFound, out.Failures[0].FailureCode, "the service's own failure for a missing tag first")
	assert.Equal(t, types.ImageFailureCodeKmsError, out.Failures[1].FailureCode)
	assert.Equal(t, "a", *out.Failures[1].ImageId.ImageTag)

	f.RemoveHooks()
	got, err := f.BatchGetImage(ctx, &ecr.BatchGetImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("a")}}})
	require.NoError(t, err)
	require.Len(t, got.Images, 1, "the failed item was not deleted")
	assert.Equal(t, seeded[0].Digest, *got.Images[0].ImageId.ImageDigest)

	f.Inject(ecrfake.FailLayers(ecrfake.OpBatchCheckLayerAvailability, types.LayerFailureCodeMissingLayerDigest, func(string) bool { return true }))
	layers, err := f.BatchCheckLayerAvailability(ctx, &ecr.BatchCheckLayerAvailabilityInput{RepositoryName: aws.String("app"), LayerDigests: []string{seeded[0].Digest}})
	require.NoError(t, err)
	assert.Empty(t, layers.Layers)
	require.Len(t, layers.Failures, 1)
	assert.Equal(t, seeded[0].Digest, *layers.Failures[0].LayerDigest)
	assert.Len(t, "sha256:"+fmt.Sprintf("%064x", 0), len(ecrfake.ProbeDigest(0)), "probes are digests of the real shape")
}

// A fault value that cannot mean what it says panics where it is written,
// saying what to write instead: a negative Delay would move a ManualClock
// backwards inside the call, and Fail with a nil error could never fail.
func TestFaultArgumentsThatCannotWorkPanic(t *testing.T) {
	assert.PanicsWithValue(t, "ecrfake: Delay(GetAuthorizationToken, -1h0m0s): d is how long the call takes on the fake's clock and cannot be negative; to move a ManualClock back, call its Set",
		func() { ecrfake.Delay(ecrfake.OpGetAuthorizationToken, -time.Hour) })
	assert.NotPanics(t, func() { ecrfake.Delay(ecrfake.OpGetAuthorizationToken, 0) })
	assert.PanicsWithValue(t, "ecrfake: Fail(ListImages, nil): err is what the call returns and cannot be nil; write an error such as ErrServer(), or use FailSequence, where a nil entry lets that call through",
		func() { ecrfake.Fail(ecrfake.OpListImages, nil) })
}
