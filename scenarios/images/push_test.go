package images_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
	"github.com/ecrfake/go-ecrfake/scenarios/images"
)

// api is what Push and Pull need; both front ends of the fake provide it.
type api interface {
	images.PushAPI
	images.PullAPI
}

// fastClient is f.Client with the SDK's standard retryer minus its waiting.
func fastClient(f *ecrfake.Fake) *ecr.Client {
	return f.Client(func(o *ecr.Options) {
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
			so.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
			so.RateLimiter = ratelimit.None
		})
	})
}

// targets are the two ways to reach a fake: its methods and its SDK client.
var targets = []struct {
	name string
	api  func(*ecrfake.Fake) api
}{
	{"direct", func(f *ecrfake.Fake) api { return f }},
	{"client", func(f *ecrfake.Fake) api { return fastClient(f) }},
}

// smallParts makes parts of 4 KiB the minimum and 8 KiB the maximum, so
// multi-part uploads stay small.
var smallParts = ecrfake.WithLimits(ecrfake.Limits{MinLayerPartSize: 4 << 10, MaxLayerPartSize: 8 << 10})

func newRepo(t *testing.T, opts ...ecrfake.Option) *ecrfake.Fake {
	t.Helper()
	f := ecrfake.New(opts...)
	_, err := f.CreateRepository(context.Background(), &ecr.CreateRepositoryInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	return f
}

func TestPushThenPull(t *testing.T) {
	ctx := context.Background()
	for _, target := range targets {
		for _, tc := range builders() {
			t.Run(target.name+"/"+tc.name, func(t *testing.T) {
				f := newRepo(t, smallParts)
				c := target.api(f)
				img := tc.build()
				if img.Subject != nil {
					require.NoError(t, images.Push(ctx, c, "app", img.Subject, images.PushOptions{}))
				}
				require.NoError(t, images.Push(ctx, c, "app", img, images.PushOptions{Tags: []string{"v1", "latest"}}))

				for _, ref := range []string{"v1", "latest", img.Digest} {
					got, err := images.Pull(ctx, c, "app", ref, images.PullOptions{Blob: f.Blob})
					require.NoError(t, err, ref)
					assertPulled(t, img, got)
				}
			})
		}
	}
}

func assertPulled(t *testing.T, want *images.Image, got *images.Pulled) {
	t.Helper()
	assert.Equal(t, want.Digest, got.Digest)
	assert.Equal(t, want.MediaType, got.MediaType)
	assert.Equal(t, string(want.Manifest), string(got.Manifest))
	require.Len(t, got.Blobs, len(want.Blobs()))
	for i, b := range want.Blobs() {
		assert.Equal(t, b.Digest, got.Blobs[i].Digest)
		assert.Equal(t, b.Size, got.Blobs[i].Size)
		assert.Equal(t, b.Data, got.Blobs[i].Data)
		assert.NotEmpty(t, got.Blobs[i].URL)
	}
	require.Len(t, got.Children, len(want.Children))
	for i, child := range want.Children {
		assertPulled(t, child, got.Children[i])
	}
}

func TestPushUploadsInParts(t *testing.T) {
	ctx := context.Background()
	img := images.New(images.Docker, "parts", 20000)
	for _, tc := range []struct {
		name     string
		partSize int64
		want     []int64
	}{
		{"advertised part size", 0, []int64{8192, 8192, 3616}},
		{"chosen part size", 5000, []int64{5000, 5000, 5000, 5000}},
		{"one part", 1 << 20, []int64{20000}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newRepo(t, ecrfake.WithLimits(ecrfake.Limits{MinLayerPartSize: 4096, MaxLayerPartSize: 8192 * 4}))
			if tc.partSize == 0 {
				f = newRepo(t, smallParts)
			}
			require.NoError(t, images.Push(ctx, f, "app", img, images.PushOptions{PartSize: tc.partSize, Concurrency: 1}))
			var sizes []int64
			for _, in := range ecrfake.CallsOf[ecr.UploadLayerPartInput](f) {
				if len(in.LayerPartBlob) != int(img.Config.Size) {
					sizes = append(sizes, int64(len(in.LayerPartBlob)))
				}
			}
			assert.Equal(t, tc.want, sizes)
		})
	}
}

func TestPushSkipsAvailableBlobs(t *testing.T) {
	ctx := context.Background()
	f := newRepo(t)
	img := images.New(images.OCI, "app", 10, 20, 30)
	require.NoError(t, images.Push(ctx, f, "app", img, images.PushOptions{Tags: []string{"v1"}}))
	assert.Len(t, f.CallsTo(ecrfake.OpInitiateLayerUpload), 4, "config and three layers")

	f.ResetCalls()
	require.NoError(t, images.Push(ctx, f, "app", img, images.PushOptions{Tags: []string{"v2"}}))
	assert.Empty(t, f.CallsTo(ecrfake.OpInitiateLayerUpload), "everything is there already")
	assert.Len(t, f.CallsTo(ecrfake.OpBatchCheckLayerAvailability), 1)

	// An artifact shares nothing with its subject but needs the subject's
	// blobs nowhere: only its own two blobs go up.
	f.ResetCalls()
	require.NoError(t, images.Push(ctx, f, "app", images.Artifact(img, "application/spdx+json", "sbom", 5), images.PushOptions{}))
	assert.Len(t, f.CallsTo(ecrfake.OpInitiateLayerUpload), 2)
}

func TestPushBoundsConcurrency(t *testing.T) {
	for _, limit := range []int{1, 2, 5} {
		t.Run("", func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newRepo(t)
				var mu sync.Mutex
				inFlight, most := 0, 0
				ecrfake.Intercept(f, func(ctx context.Context, in *ecr.UploadLayerPartInput,
					next func(context.Context, *ecr.UploadLayerPartInput) (*ecr.UploadLayerPartOutput, error)) (*ecr.UploadLayerPartOutput, error) {
					mu.Lock()
					inFlight++
					most = max(most, inFlight)
					mu.Unlock()
					time.Sleep(time.Second) // virtual: every upload that can start does, before any ends
					mu.Lock()
					inFlight--
					mu.Unlock()
					return next(ctx, in)
				})
				img := images.New(images.Docker, "wide", 1, 2, 3, 4, 5, 6, 7, 8)
				require.NoError(t, images.Push(t.Context(), f, "app", img, images.PushOptions{Concurrency: limit}))
				assert.Equal(t, limit, most)
			})
		})
	}
}

func TestPushSurvivesLostResponses(t *testing.T) {
	ctx := context.Background()
	img := images.New(images.Docker, "lost", 20000, 9000)
	for _, tc := range []struct {
		name  string
		fault ecrfake.Fault
		// direct is what a push over the fake's methods, which never retry,
		// ends with; through the SDK client the retry meets the state the
		// lost call left, and the push succeeds.
		direct func(t *testing.T, err error)
	}{
		{"a part's response lost", ecrfake.Fail(ecrfake.OpUploadLayerPart, ecrfake.ErrConnectionReset()).AfterCommit().OnCall(2),
			func(t *testing.T, err error) {
				var transport *ecrfake.TransportError
				assert.ErrorAs(t, err, &transport)
			}},
		{"the last part's response lost", ecrfake.FailWhen(func(in *ecr.UploadLayerPartInput) bool { return *in.PartLastByte == 19999 }, ecrfake.ErrServer()).AfterCommit().Times(1),
			func(t *testing.T, err error) {
				var server *types.ServerException
				assert.ErrorAs(t, err, &server)
			}},
		{"PutImage's response lost", ecrfake.Fail(ecrfake.OpPutImage, ecrfake.ErrServer()).AfterCommit().Times(1),
			func(t *testing.T, err error) {
				var server *types.ServerException
				assert.ErrorAs(t, err, &server)
			}},
		{"CompleteLayerUpload's response lost", ecrfake.Fail(ecrfake.OpCompleteLayerUpload, ecrfake.ErrServer()).AfterCommit().OnCall(1),
			func(t *testing.T, err error) {
				var server *types.ServerException
				assert.ErrorAs(t, err, &server)
			}},
	} {
		for _, target := range targets {
			t.Run(tc.name+"/"+target.name, func(t *testing.T) {
				f := newRepo(t, smallParts)
				h := f.Inject(tc.fault)
				err := images.Push(ctx, target.api(f), "app", img, images.PushOptions{Tags: []string{"v1"}, Concurrency: 1})
				assert.Equal(t, 1, h.Hits())
				if target.name == "direct" {
					tc.direct(t, err)
					return
				}
				require.NoError(t, err)
				_, err = images.Pull(ctx, f, "app", "v1", images.PullOptions{Blob: f.Blob})
				assert.NoError(t, err)
			})
		}
	}
}

func TestPushResumesAtLastValidByte(t *testing.T) {
	ctx := context.Background()
	f := newRepo(t, smallParts)
	img := images.New(images.Docker, "resume", 20000)
	// The second part's response is lost; the retry of the same part meets
	// InvalidLayerPartException, and Push continues after the byte it names.
	retried := false
	ecrfake.Intercept(f, func(ctx context.Context, in *ecr.UploadLayerPartInput,
		next func(context.Context, *ecr.UploadLayerPartInput) (*ecr.UploadLayerPartOutput, error)) (*ecr.UploadLayerPartOutput, error) {
		out, err := next(ctx, in)
		if err == nil && *in.PartFirstByte == 8192 && !retried {
			retried = true
			return next(ctx, in) // the same part again, as a retry would send it
		}
		return out, err
	})
	require.NoError(t, images.Push(ctx, f, "app", img, images.PushOptions{Tags: []string{"v1"}, Concurrency: 1}))
	var firsts []int64
	for _, c := range f.CallsTo(ecrfake.OpUploadLayerPart) {
		in := c.Input.(*ecr.UploadLayerPartInput)
		if len(in.LayerPartBlob) != int(img.Config.Size) {
			firsts = append(firsts, *in.PartFirstByte)
		}
	}
	assert.Equal(t, []int64{0, 8192, 16384}, firsts)
	got, ok := f.Blob(img.Layers[0].Digest)
	require.True(t, ok)
	assert.Equal(t, img.Layers[0].Data, got)
}

func TestPushToImmutableTags(t *testing.T) {
	ctx := context.Background()
	f := ecrfake.New()
	_, err := f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("app"), ImageTagMutability: types.ImageTagMutabilityImmutable})
	require.NoError(t, err)
	first, second := images.New(images.Docker, "first", 10), images.New(images.Docker, "second", 10)
	require.NoError(t, images.Push(ctx, f, "app", first, images.PushOptions{Tags: []string{"v1"}}))

	require.NoError(t, images.Push(ctx, f, "app", first, images.PushOptions{Tags: []string{"v1"}}), "the tag already names this image")
	err = images.Push(ctx, f, "app", second, images.PushOptions{Tags: []string{"v1"}})
	var taken *types.ImageTagAlreadyExistsException
	require.ErrorAs(t, err, &taken)
	assert.Contains(t, err.Error(), "images: put "+second.Digest+" as app:v1: operation error ECR: PutImage")
}

func TestPushErrors(t *testing.T) {
	ctx := context.Background()
	img := images.New(images.Docker, "e", 10)
	for _, tc := range []struct {
		name  string
		fault ecrfake.Fault
		want  string
	}{
		{"repository missing", ecrfake.Fail(ecrfake.OpBatchCheckLayerAvailability, ecrfake.ErrRepositoryNotFound("123456789012", "app")), "images: check layers in app: "},
		{"layer check failure", ecrfake.FailLayers(ecrfake.OpBatchCheckLayerAvailability, types.LayerFailureCodeInvalidLayerDigest, func(string) bool { return true }), "images: check layer sha256:"},
		{"initiate", ecrfake.Fail(ecrfake.OpInitiateLayerUpload, ecrfake.ErrLimitExceeded()), "images: upload sha256:"},
		{"part", ecrfake.Fail(ecrfake.OpUploadLayerPart, ecrfake.ErrLimitExceeded()), "bytes 0-"},
		{"complete", ecrfake.Fail(ecrfake.OpCompleteLayerUpload, ecrfake.ErrLayerPartTooSmall()), "images: complete upload of sha256:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newRepo(t)
			f.Inject(tc.fault)
			err := images.Push(ctx, f, "app", img, images.PushOptions{})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Empty(t, ecrfake.CallsOf[ecr.PutImageInput](f), "no manifest without its blobs")
		})
	}
}

func TestPullFailures(t *testing.T) {
	ctx := context.Background()
	f := newRepo(t)
	img := images.New(images.Docker, "p", 10)
	require.NoError(t, images.Push(ctx, f, "app", img, images.PushOptions{Tags: []string{"v1"}}))

	for _, tc := range []struct {
		name string
		ref  string
		opts images.PullOptions
		want string
	}{
		{"unknown tag", "v2", images.PullOptions{}, "images: pull app v2: ImageNotFound: Requested image not found"},
		{"unknown digest", images.New(images.Docker, "other", 10).Digest, images.PullOptions{}, "ImageNotFound"},
		{"blob not served", "v1", images.PullOptions{Blob: func(string) ([]byte, bool) { return nil, false }}, "not served"},
		{"blob corrupt", "v1", images.PullOptions{Blob: func(string) ([]byte, bool) { return []byte("x"), true }}, "the bytes served hash to sha256:2d711642"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := images.Pull(ctx, f, "app", tc.ref, tc.opts)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}

	_, err := images.Pull(ctx, f, "app", "v2", images.PullOptions{})
	var failure *images.FailureError
	require.ErrorAs(t, err, &failure)
	assert.Equal(t, types.ImageFailureCodeImageNotFound, failure.Code)

	_, err = images.Pull(ctx, f, "nope", "v1", images.PullOptions{})
	var notFound *types.RepositoryNotFoundException
	assert.ErrorAs(t, err, &notFound)
	assert.False(t, errors.As(err, &failure))
}

// An artifact pushed after its subject is listed among the subject's
// referrers, with its type and size.
func TestArtifactIsAReferrer(t *testing.T) {
	ctx := context.Background()
	f := newRepo(t)
	subject := images.Index(images.OCI, "app", twoPlatforms, 64)
	sbom := images.Artifact(subject, "application/spdx+json", "sbom", 128)
	require.NoError(t, images.Push(ctx, f, "app", subject, images.PushOptions{Tags: []string{"v1"}}))
	require.NoError(t, images.Push(ctx, f, "app", sbom, images.PushOptions{}))

	out, err := f.ListImageReferrers(ctx, &ecr.ListImageReferrersInput{RepositoryName: aws.String("app"),
		SubjectId: &types.SubjectIdentifier{ImageDigest: aws.String(subject.Digest)}})
	var validation *types.ValidationException
	if errors.As(err, &validation) && strings.Contains(validation.ErrorMessage(), "does not model") {
		t.Skip(err)
	}
	require.NoError(t, err)
	require.Len(t, out.Referrers, 1)
	r := out.Referrers[0]
	assert.Equal(t, sbom.Digest, aws.ToString(r.Digest))
	assert.Equal(t, "application/spdx+json", aws.ToString(r.ArtifactType))
	assert.Equal(t, sbom.Size(), aws.ToInt64(r.Size))
	assert.Equal(t, images.MediaTypeOCIManifest, aws.ToString(r.MediaType))
}
