package ecrfake_test

// Faults, recording and the clock on the registry data plane: each /v2
// request is one operation through the dispatcher, under its own Op, which
// names the ECR API action it stands for.

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
	"github.com/ecrfake/go-ecrfake/scenarios/images"
)

func TestRegistryOpsNameTheirAPIAction(t *testing.T) {
	// Spec §7: the action IAM checks and CloudTrail logs for each request.
	want := map[ecrfake.Op]ecrfake.Op{
		ecrfake.OpRegistryHeadBlob:       ecrfake.OpBatchCheckLayerAvailability,
		ecrfake.OpRegistryStartUpload:    ecrfake.OpInitiateLayerUpload,
		ecrfake.OpRegistryPatchUpload:    ecrfake.OpUploadLayerPart,
		ecrfake.OpRegistryCompleteUpload: ecrfake.OpCompleteLayerUpload,
		ecrfake.OpRegistryPutManifest:    ecrfake.OpPutImage,
		ecrfake.OpRegistryGetManifest:    ecrfake.OpBatchGetImage,
		ecrfake.OpRegistryHeadManifest:   ecrfake.OpBatchGetImage,
		ecrfake.OpRegistryGetBlob:        ecrfake.OpGetDownloadUrlForLayer,
		ecrfake.OpRegistryDownloadLayer:  ecrfake.OpGetDownloadUrlForLayer,
		ecrfake.OpRegistryDeleteManifest: ecrfake.OpBatchDeleteImage,
		ecrfake.OpRegistryListTags:       ecrfake.OpListImages,
	}
	for op, action := range want {
		assert.True(t, op.IsRegistry(), "%s", op)
		assert.Equal(t, action, op.APIAction(), "%s", op)
		assert.False(t, action.IsRegistry(), "%s", action)
		assert.Equal(t, action, action.APIAction(), "an API op stands for itself")
	}
	all := []ecrfake.Op{
		ecrfake.OpRegistryPing, ecrfake.OpRegistryCatalog, ecrfake.OpRegistryListTags, ecrfake.OpRegistryGetManifest,
		ecrfake.OpRegistryHeadManifest, ecrfake.OpRegistryPutManifest, ecrfake.OpRegistryDeleteManifest, ecrfake.OpRegistryHeadBlob,
		ecrfake.OpRegistryGetBlob, ecrfake.OpRegistryDeleteBlob, ecrfake.OpRegistryStartUpload, ecrfake.OpRegistryPatchUpload,
		ecrfake.OpRegistryCompleteUpload, ecrfake.OpRegistryUploadStatus, ecrfake.OpRegistryCancelUpload, ecrfake.OpRegistryReferrers,
		ecrfake.OpRegistryDownloadLayer,
	}
	seen := map[string]bool{}
	for _, op := range all {
		assert.True(t, op.IsRegistry(), "%s", op)
		assert.NotEmpty(t, op.String())
		assert.False(t, seen[op.String()], "%s named twice", op)
		seen[op.String()] = true
	}
	for _, op := range ecrfake.Ops() {
		if !op.IsRegistry() {
			assert.Equal(t, op, op.APIAction(), "%s", op)
		}
	}
}

// countingTransport counts the HTTP requests the fake answered (not the
// HTTPS pings go-containerregistry tries first against a plain-HTTP
// server, which never reach it).
type countingTransport struct {
	rt http.RoundTripper
	n  atomic.Int64
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.rt.RoundTrip(r)
	if err == nil {
		c.n.Add(1)
	}
	return resp, err
}

// Every request is recorded once, under its own Op, with what was asked and
// answered (never the bodies).
func TestRegistryPlaneRecording(t *testing.T) {
	for _, face := range rpFaces {
		t.Run(string(face), func(t *testing.T) {
			p := newPlane(t, face)
			p.createRepo("rec/app")
			counter := &countingTransport{rt: p.rt}
			p.rt = counter
			p.f.ResetCalls()
			img := rpImage(t, "recorded", 2000)
			digest, raw := rpDigest(t, img)
			require.NoError(t, remote.Write(p.ref("rec/app:v1"), img, p.remoteOpts()...))
			_, err := remote.Image(p.ref("rec/app:v1"), p.remoteOpts()...)
			require.NoError(t, err)

			var registryCalls []ecrfake.Call
			for _, c := range p.f.Calls() {
				if c.Op.IsRegistry() {
					registryCalls = append(registryCalls, c)
				}
			}
			assert.Equal(t, int(counter.n.Load()), len(registryCalls), "one record per HTTP request")

			puts := p.f.CallsTo(ecrfake.OpRegistryPutManifest)
			require.Len(t, puts, 1)
			in := puts[0].Input.(*ecrfake.RegistryRequest)
			assert.Equal(t, http.MethodPut, in.Method)
			assert.Equal(t, "/v2/rec/app/manifests/v1", in.Path)
			assert.Equal(t, "rec/app", in.Repository)
			assert.Equal(t, "v1", in.Reference)
			assert.Equal(t, "application/vnd.docker.distribution.manifest.v2+json", in.ContentType)
			assert.Equal(t, int64(len(raw)), in.ContentLength)
			assert.Equal(t, p.host, in.Host)
			out := puts[0].Output.(*ecrfake.RegistryResponse)
			assert.Equal(t, http.StatusCreated, out.Status)
			assert.Equal(t, digest.String(), out.Digest)
			assert.Equal(t, rpEpoch, puts[0].Time)
			assert.Empty(t, p.f.CallsTo(ecrfake.OpPutImage), "a manifest PUT is recorded as the registry op only")

			patches := p.f.CallsTo(ecrfake.OpRegistryPatchUpload)
			require.NotEmpty(t, patches)
			pin := patches[0].Input.(*ecrfake.RegistryRequest)
			assert.NotEmpty(t, pin.UploadID)
			assert.Equal(t, "rec/app", pin.Repository)

			gets := p.f.CallsTo(ecrfake.OpRegistryGetManifest)
			require.Len(t, gets, 1)
			assert.Equal(t, http.StatusOK, gets[0].Output.(*ecrfake.RegistryResponse).Status)
		})
	}
}

func TestRegistryPlaneFaults(t *testing.T) {
	type setup struct {
		p      *regPlane
		img    v1.Image
		digest string
	}
	cases := []struct {
		name  string
		fault func() ecrfake.Fault
		// prepush pushes the image as f/app:v1 before the fault is installed.
		prepush bool
		// act runs the registry operation and checks its outcome.
		act func(t *testing.T, s setup)
	}{
		{
			name:  "throttled manifest PUT is 429 TOOMANYREQUESTS",
			fault: func() ecrfake.Fault { return ecrfake.Fail(ecrfake.OpRegistryPutManifest, ecrfake.ErrThrottling()) },
			act: func(t *testing.T, s setup) {
				err := remote.Write(s.p.ref("f/app:v1"), s.img, s.p.remoteOpts()...)
				requireRegistryError(t, err, http.StatusTooManyRequests, "TOOMANYREQUESTS", "Rate exceeded")
				assert.Empty(t, s.p.listImages("f/app"), "nothing stored")
			},
		},
		{
			name:  "server error on a blob upload is 500",
			fault: func() ecrfake.Fault { return ecrfake.Fail(ecrfake.OpRegistryPatchUpload, ecrfake.ErrServer()) },
			act: func(t *testing.T, s setup) {
				err := remote.Write(s.p.ref("f/app:v1"), s.img, s.p.remoteOpts()...)
				te := rpTransportError(t, err)
				assert.Equal(t, http.StatusInternalServerError, te.StatusCode)
				assert.Empty(t, s.p.listImages("f/app"))
			},
		},
		{
			name: "a registry-shaped error of the test's choosing", prepush: true,
			fault: func() ecrfake.Fault {
				return ecrfake.Fail(ecrfake.OpRegistryGetManifest, ecrfake.ErrRegistry(503, "UNAVAILABLE", "try later"))
			},
			act: func(t *testing.T, s setup) {
				_, err := remote.Image(s.p.ref("f/app:v1"), s.p.remoteOpts()...)
				requireRegistryError(t, err, http.StatusServiceUnavailable, "UNAVAILABLE", "try later")
			},
		},
		{
			name: "access denied is 403 DENIED",
			fault: func() ecrfake.Fault {
				return ecrfake.Fail(ecrfake.OpRegistryStartUpload, ecrfake.ErrAccessDenied("ecr:InitiateLayerUpload"))
			},
			act: func(t *testing.T, s setup) {
				err := remote.Write(s.p.ref("f/app:v1"), s.img, s.p.remoteOpts()...)
				te := rpTransportError(t, err)
				assert.Equal(t, http.StatusForbidden, te.StatusCode, "%v", err)
				require.NotEmpty(t, te.Errors)
				assert.Equal(t, "DENIED", string(te.Errors[0].Code))
			},
		},
		{
			name: "OnCall fails only the nth request", prepush: true,
			fault: func() ecrfake.Fault {
				return ecrfake.Fail(ecrfake.OpRegistryGetManifest, ecrfake.ErrThrottling()).OnCall(2)
			},
			act: func(t *testing.T, s setup) {
				ref := s.p.ref("f/app:v1")
				_, err := remote.Image(ref, s.p.remoteOpts()...)
				require.NoError(t, err)
				_, err = remote.Image(ref, s.p.remoteOpts()...)
				requireRegistryError(t, err, http.StatusTooManyRequests, "TOOMANYREQUESTS", "Rate exceeded")
				_, err = remote.Image(ref, s.p.remoteOpts()...)
				require.NoError(t, err)
			},
		},
		{
			name: "Times and a client that retries",
			fault: func() ecrfake.Fault {
				return ecrfake.Fail(ecrfake.OpRegistryPutManifest, ecrfake.ErrThrottling()).Times(2)
			},
			act: func(t *testing.T, s setup) {
				retrying := remote.WithRetryBackoff(remote.Backoff{Duration: time.Millisecond, Factor: 1, Steps: 5})
				require.NoError(t, remote.Write(s.p.ref("f/app:v1"), s.img, s.p.remoteOpts(retrying)...))
				assert.Equal(t, []int{429, 429, 201}, rpStatuses(t, s.p.f.CallsTo(ecrfake.OpRegistryPutManifest)))
				assert.Len(t, s.p.listImages("f/app"), 1)
			},
		},
		{
			name: "FailSequence", prepush: true,
			fault: func() ecrfake.Fault {
				return ecrfake.FailSequence(ecrfake.OpRegistryHeadManifest, ecrfake.ErrServer(), nil, ecrfake.ErrThrottling())
			},
			act: func(t *testing.T, s setup) {
				ref := s.p.ref("f/app:v1")
				_, err := remote.Head(ref, s.p.remoteOpts()...)
				assert.Equal(t, http.StatusInternalServerError, rpTransportError(t, err).StatusCode)
				_, err = remote.Head(ref, s.p.remoteOpts()...)
				require.NoError(t, err)
				_, err = remote.Head(ref, s.p.remoteOpts()...)
				assert.Equal(t, http.StatusTooManyRequests, rpTransportError(t, err).StatusCode)
				_, err = remote.Head(ref, s.p.remoteOpts()...)
				assert.Equal(t, http.StatusTooManyRequests, rpTransportError(t, err).StatusCode, "the last entry sticks")
			},
		},
		{
			name: "Delay advances the fake's clock: the pull time moves", prepush: true,
			fault: func() ecrfake.Fault { return ecrfake.Delay(ecrfake.OpRegistryGetManifest, 5*time.Minute) },
			act: func(t *testing.T, s setup) {
				_, err := remote.Image(s.p.ref("f/app:v1"), s.p.remoteOpts()...)
				require.NoError(t, err)
				assert.Equal(t, rpEpoch.Add(5*time.Minute), aws.ToTime(s.p.describe("f/app", s.digest).LastRecordedPullTime))
			},
		},
		{
			name: "AfterCommit: the push lands, the client sees the error",
			fault: func() ecrfake.Fault {
				return ecrfake.Fail(ecrfake.OpRegistryPutManifest, ecrfake.ErrServer()).AfterCommit()
			},
			act: func(t *testing.T, s setup) {
				err := remote.Write(s.p.ref("f/app:v1"), s.img, s.p.remoteOpts()...)
				assert.Equal(t, http.StatusInternalServerError, rpTransportError(t, err).StatusCode)
				assert.Equal(t, []string{"v1"}, s.p.describe("f/app", s.digest).ImageTags, "committed")
			},
		},
		{
			name: "a dropped connection", prepush: true,
			fault: func() ecrfake.Fault { return ecrfake.Fail(ecrfake.OpRegistryGetManifest, ecrfake.ErrConnectionReset()) },
			act: func(t *testing.T, s setup) {
				_, err := remote.Image(s.p.ref("f/app:v1"), s.p.remoteOpts()...)
				require.Error(t, err)
				assert.NotContains(t, err.Error(), "MANIFEST_UNKNOWN")
			},
		},
		{
			name: "ForRepository narrows a registry fault", prepush: true,
			fault: func() ecrfake.Fault {
				return ecrfake.Fail(ecrfake.OpRegistryGetManifest, ecrfake.ErrThrottling()).ForRepository("f/other")
			},
			act: func(t *testing.T, s setup) {
				_, err := remote.Image(s.p.ref("f/app:v1"), s.p.remoteOpts()...)
				require.NoError(t, err)
				require.NoError(t, remote.Write(s.p.ref("f/other:v1"), s.img, s.p.remoteOpts()...))
				_, err = remote.Image(s.p.ref("f/other:v1"), s.p.remoteOpts()...)
				assert.Equal(t, http.StatusTooManyRequests, rpTransportError(t, err).StatusCode)
			},
		},
	}
	for _, face := range rpFaces {
		for _, tc := range cases {
			t.Run(string(face)+"/"+tc.name, func(t *testing.T) {
				p := newPlane(t, face)
				p.createRepo("f/app", "f/other")
				img := rpImage(t, "faulty", 300)
				s := setup{p: p, img: img, digest: rpMust(img.Digest()).String()}
				if tc.prepush {
					require.NoError(t, remote.Write(p.ref("f/app:v1"), img, p.remoteOpts()...))
				}
				p.f.ResetCalls()
				hook := p.f.Inject(tc.fault())
				tc.act(t, s)
				assert.Positive(t, hook.Hits(), "the fault fired")
			})
		}
	}
}

// AlsoOnRegistry writes a fault once for both faces; without it, a fault on
// an API op leaves /v2 alone, and a registry op's fault leaves the API alone.
func TestRegistryPlaneAlsoOnRegistry(t *testing.T) {
	for _, face := range rpFaces {
		t.Run(string(face), func(t *testing.T) {
			p := newPlane(t, face)
			p.createRepo("both")
			img := rpImage(t, "both", 100)
			apiImg := images.New(images.OCI, "both-api", 100)

			// Plain API fault: the API fails, /v2 does not.
			plain := p.f.Inject(ecrfake.Fail(ecrfake.OpPutImage, ecrfake.ErrThrottling()))
			require.NoError(t, remote.Write(p.ref("both:plain"), img, p.remoteOpts()...))
			err := images.Push(p.ctx, p.f, "both", apiImg, images.PushOptions{Tags: []string{"api"}})
			var throttled interface{ ErrorCode() string }
			require.ErrorAs(t, err, &throttled)
			assert.Equal(t, "ThrottlingException", throttled.ErrorCode())
			plainHits := plain.Hits()
			plain.Remove()

			// The same fault, for both faces.
			both := p.f.Inject(ecrfake.Fail(ecrfake.OpPutImage, ecrfake.ErrThrottling()).AlsoOnRegistry())
			err = remote.Write(p.ref("both:twice"), rpImage(t, "both-2", 100), p.remoteOpts()...)
			requireRegistryError(t, err, http.StatusTooManyRequests, "TOOMANYREQUESTS", "Rate exceeded")
			err = images.Push(p.ctx, p.f, "both", apiImg, images.PushOptions{Tags: []string{"api"}})
			require.ErrorAs(t, err, &throttled)
			assert.Equal(t, 2, both.Hits())
			assert.Equal(t, 1, plainHits, "the plain fault fired for the API call only")
			both.Remove()

			// Blob uploads stand for InitiateLayerUpload: an API fault asked to
			// fire on the registry fails the POST.
			start := p.f.Inject(ecrfake.Fail(ecrfake.OpInitiateLayerUpload, ecrfake.ErrServer()).AlsoOnRegistry())
			r := p.do(http.MethodPost, "/v2/both/blobs/uploads/", nil)
			assert.Equal(t, http.StatusInternalServerError, r.Status)
			start.Remove()

			// A registry op's fault leaves the API alone.
			reg := p.f.Inject(ecrfake.Fail(ecrfake.OpRegistryPutManifest, ecrfake.ErrThrottling()))
			require.NoError(t, images.Push(p.ctx, p.f, "both", apiImg, images.PushOptions{Tags: []string{"api"}}))
			assert.Zero(t, reg.Hits())
			err = remote.Write(p.ref("both:reg"), img, p.remoteOpts()...)
			requireRegistryError(t, err, http.StatusTooManyRequests, "TOOMANYREQUESTS", "Rate exceeded")
			assert.Equal(t, 1, reg.Hits())
		})
	}
}

// DropConnectionAfter cuts a blob's body after n bytes: the client reads n
// bytes, then an error (a connection dropped mid-blob).
func TestRegistryPlaneDropConnectionMidBlob(t *testing.T) {
	for _, face := range rpFaces {
		t.Run(string(face), func(t *testing.T) {
			p := newPlane(t, face)
			p.createRepo("drop")
			img := images.New(images.OCI, "dropped", 64<<10)
			require.NoError(t, images.Push(p.ctx, p.f, "drop", img, images.PushOptions{}))
			data, d := img.Layers[0].Data, img.Layers[0].Digest
			hook := p.f.Inject(ecrfake.DropConnectionAfter(ecrfake.OpRegistryDownloadLayer, 1000))

			get := p.do(http.MethodGet, "/v2/drop/blobs/"+d, nil)
			require.Equal(t, http.StatusTemporaryRedirect, get.Status)
			req, err := http.NewRequestWithContext(p.ctx, http.MethodGet, get.Header.Get("Location"), nil)
			require.NoError(t, err)
			resp, err := p.rt.RoundTrip(req)
			if err == nil {
				got, rerr := io.ReadAll(resp.Body)
				resp.Body.Close()
				require.Error(t, rerr, "the body breaks off")
				assert.Equal(t, data[:1000], got, "exactly the first 1000 bytes arrive")
			}
			assert.Equal(t, 1, hook.Hits())

			// go-containerregistry sees a failed read, never wrong bytes.
			h := rpMust(v1.NewHash(d))
			l, err := remote.Layer(p.digestRef("drop", h), p.remoteOpts()...)
			require.NoError(t, err)
			rc, err := l.Compressed()
			if err == nil {
				_, err = io.Copy(io.Discard, rc)
				rc.Close()
			}
			require.Error(t, err)
			hook.Remove()
			l, err = remote.Layer(p.digestRef("drop", h), p.remoteOpts()...)
			require.NoError(t, err)
			assert.True(t, bytes.Equal(data, rpCompressed(t, l)))
		})
	}
}

// InterceptRegistry sees registry requests as they were routed, may answer
// them itself (a registry-shaped error), and changes nothing when it does.
func TestRegistryPlaneInterceptRegistry(t *testing.T) {
	for _, face := range rpFaces {
		t.Run(string(face), func(t *testing.T) {
			p := newPlane(t, face)
			p.createRepo("icpt")
			var seen []string
			hook := p.f.InterceptRegistry(ecrfake.OpRegistryPutManifest, func(ctx context.Context, in *ecrfake.RegistryRequest,
				next func(context.Context, *ecrfake.RegistryRequest) (*ecrfake.RegistryResponse, error)) (*ecrfake.RegistryResponse, error) {
				seen = append(seen, in.Repository+":"+in.Reference)
				if in.Reference == "blocked" {
					return nil, ecrfake.ErrRegistry(http.StatusForbidden, "DENIED", "blocked by policy")
				}
				resp, err := next(ctx, in)
				if err == nil {
					resp.Header.Set("X-Intercepted", "yes")
				}
				return resp, err
			})
			img := rpImage(t, "icpt", 10)
			require.NoError(t, remote.Write(p.ref("icpt:ok"), img, p.remoteOpts()...))
			err := remote.Write(p.ref("icpt:blocked"), img, p.remoteOpts()...)
			requireRegistryError(t, err, http.StatusForbidden, "DENIED", "blocked by policy")
			assert.Equal(t, []string{"icpt:ok", "icpt:blocked"}, seen)
			assert.Equal(t, 2, hook.Hits())
			assert.Equal(t, []string{"sha256:" + rpMust(img.Digest()).Hex + ":ok"}, p.listImages("icpt"), "the blocked tag was never put")
			puts := p.f.CallsTo(ecrfake.OpRegistryPutManifest)
			require.Len(t, puts, 2)
			assert.Equal(t, "yes", puts[0].Output.(*ecrfake.RegistryResponse).Header.Get("X-Intercepted"))

			// A registry op's interceptor leaves the API alone.
			_, err = p.f.PutImage(p.ctx, &ecr.PutImageInput{RepositoryName: aws.String("icpt"), ImageTag: aws.String("blocked"), ImageManifest: aws.String(string(rpMust(img.RawManifest())))})
			require.NoError(t, err)
			assert.Equal(t, 2, hook.Hits())
		})
	}
}

// Hang holds a registry request until the client gives up.
func TestRegistryPlaneHang(t *testing.T) {
	p := newPlane(t, faceTransport)
	p.createRepo("hang")
	require.NoError(t, remote.Write(p.ref("hang:v1"), rpImage(t, "hang", 10), p.remoteOpts()...))
	hook := p.f.Inject(ecrfake.Hang(ecrfake.OpRegistryGetManifest))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	p.ctx = ctx
	_, err := remote.Image(p.ref("hang:v1"), p.remoteOpts()...)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, 1, hook.Hits())
}

// WithProbability is seeded: the same seed fails the same requests.
func TestRegistryPlaneWithProbability(t *testing.T) {
	outcomes := func() []bool {
		p := newPlane(t, faceTransport)
		p.createRepo("prob")
		require.NoError(t, remote.Write(p.ref("prob:v1"), rpImage(t, "prob", 10), p.remoteOpts()...))
		p.f.Inject(ecrfake.Fail(ecrfake.OpRegistryHeadManifest, ecrfake.ErrThrottling()).WithProbability(0.5, 42))
		var out []bool
		for range 20 {
			_, err := remote.Head(p.ref("prob:v1"), p.remoteOpts()...)
			out = append(out, err == nil)
		}
		return out
	}
	first := outcomes()
	assert.Equal(t, first, outcomes(), "same seed, same failures")
	assert.Contains(t, first, true)
	assert.Contains(t, first, false)
}
