package ecrfake_test

// Helpers of the registry data plane's proof: a fake reached through one of
// its two registry faces (f.Transport() in memory, or f.Handler() behind a
// real loopback listener), go-containerregistry options wired to it, raw
// HTTP requests, and deterministic small images.

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
	"github.com/google/go-containerregistry/pkg/v1/static"
	ggcrtypes "github.com/google/go-containerregistry/pkg/v1/types"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
	"github.com/ecrfake/go-ecrfake/scenarios/images"
)

// rpEpoch is the manual clock's start in every registry-plane test.
var rpEpoch = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// rpFace names one way to reach the registry.
type rpFace string

const (
	faceTransport rpFace = "transport" // f.Transport(), ECR's real host names, in memory
	faceServer    rpFace = "server"    // httptest.NewServer(f.Handler()), plain HTTP on loopback
)

var rpFaces = []rpFace{faceTransport, faceServer}

// regPlane is a fake with its registry reached through one face.
type regPlane struct {
	t     testing.TB
	f     *ecrfake.Fake
	clock *ecrfake.ManualClock
	face  rpFace
	host  string // registry host as references name it
	base  string // scheme://host
	rt    http.RoundTripper
	token string // the authorization token as GetAuthorizationToken returned it
	ctx   context.Context
}

// newPlane returns a fake on a manual clock reached through face; opts come
// after the clock, so a test may replace it.
func newPlane(t testing.TB, face rpFace, opts ...ecrfake.Option) *regPlane {
	t.Helper()
	clock := ecrfake.NewManualClock(rpEpoch)
	f := ecrfake.New(append([]ecrfake.Option{ecrfake.WithClock(clock)}, opts...)...)
	p := &regPlane{t: t, f: f, clock: clock, face: face, ctx: context.Background()}
	switch face {
	case faceTransport:
		p.host = fmt.Sprintf("%s.dkr.ecr.%s.amazonaws.com", f.AccountID(), f.Region())
		p.base = "https://" + p.host
		p.rt = f.Transport()
	case faceServer:
		srv := httptest.NewServer(f.Handler())
		t.Cleanup(srv.Close)
		p.host = srv.Listener.Addr().String()
		p.base = srv.URL
		p.rt = srv.Client().Transport
	default:
		t.Fatalf("unknown face %q", face)
	}
	p.token = p.newToken()
	return p
}

// newToken mints an authorization token with the fake's API.
func (p *regPlane) newToken() string {
	p.t.Helper()
	out, err := p.f.GetAuthorizationToken(p.ctx, &ecr.GetAuthorizationTokenInput{})
	require.NoError(p.t, err)
	require.Len(p.t, out.AuthorizationData, 1)
	return aws.ToString(out.AuthorizationData[0].AuthorizationToken)
}

// apiClient is an SDK client that reaches the fake's ECR API the way the
// face does: over the in-memory transport (api.ecr.<region>.amazonaws.com)
// or over the loopback server.
func (p *regPlane) apiClient() *ecr.Client {
	o := ecr.Options{
		Region: p.f.Region(), HTTPClient: &http.Client{Transport: p.rt},
		Credentials: aws.AnonymousCredentials{}, RetryMaxAttempts: 1,
	}
	if p.face == faceServer {
		o.BaseEndpoint = aws.String(p.base)
	}
	return ecr.New(o)
}

// rpBasic turns an authorization token into docker-login credentials.
func rpBasic(t testing.TB, token string) authn.Authenticator {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(token)
	require.NoError(t, err)
	user, pass, ok := strings.Cut(string(raw), ":")
	require.True(t, ok, "token decodes to user:password")
	require.Equal(t, "AWS", user)
	return &authn.Basic{Username: user, Password: pass}
}

// remoteOpts are go-containerregistry options that reach the fake with the
// plane's token and never sleep between retries.
func (p *regPlane) remoteOpts(extra ...remote.Option) []remote.Option {
	return append([]remote.Option{
		remote.WithTransport(p.rt),
		remote.WithAuth(rpBasic(p.t, p.token)),
		remote.WithContext(p.ctx),
		remote.WithRetryBackoff(remote.Backoff{Duration: time.Millisecond, Factor: 1, Steps: 1}),
	}, extra...)
}

// nameOpts parse references on the plane's host: HTTPS for ECR's host
// names (the transport), plain HTTP for the loopback server.
func (p *regPlane) nameOpts() []name.Option {
	if p.face == faceServer {
		return []name.Option{name.StrictValidation, name.Insecure}
	}
	return []name.Option{name.StrictValidation}
}

// ref parses "repo:tag" or "repo@digest" on the plane's registry host.
func (p *regPlane) ref(s string) name.Reference {
	p.t.Helper()
	r, err := name.ParseReference(p.host+"/"+s, p.nameOpts()...)
	require.NoError(p.t, err)
	return r
}

func (p *regPlane) repo(s string) name.Repository {
	p.t.Helper()
	r, err := name.NewRepository(p.host+"/"+s, p.nameOpts()...)
	require.NoError(p.t, err)
	return r
}

func (p *regPlane) digestRef(repo string, d v1.Hash) name.Digest {
	p.t.Helper()
	r, err := name.NewDigest(p.host+"/"+repo+"@"+d.String(), p.nameOpts()...)
	require.NoError(p.t, err)
	return r
}

// createRepo creates repositories with the API.
func (p *regPlane) createRepo(names ...string) {
	p.t.Helper()
	for _, n := range names {
		_, err := p.f.CreateRepository(p.ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String(n)})
		require.NoError(p.t, err)
	}
}

// rpResponse is a raw response, its body read.
type rpResponse struct {
	Status int
	Header http.Header
	Body   []byte
}

// rpError is the registry's JSON error body.
type rpError struct {
	Errors []struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"errors"`
}

// code returns the first error's code and message ("" when the body holds
// none).
func (r rpResponse) code() (string, string) {
	var e rpError
	if json.Unmarshal(r.Body, &e) != nil || len(e.Errors) == 0 {
		return "", ""
	}
	return e.Errors[0].Code, e.Errors[0].Message
}

func (r rpResponse) String() string {
	return fmt.Sprintf("%d %v %q", r.Status, r.Header, r.Body)
}

// do sends one request with the plane's token (unless a header overrides
// Authorization; "Authorization: -" sends none) and does not follow
// redirects. path is either absolute or a path on the plane's base.
func (p *regPlane) do(method, path string, body io.Reader, headers ...string) rpResponse {
	p.t.Helper()
	r, err := p.tryDo(method, path, body, headers...)
	require.NoError(p.t, err, "%s %s", method, path)
	return r
}

// tryDo is do for a request whose connection may be dropped.
func (p *regPlane) tryDo(method, path string, body io.Reader, headers ...string) (rpResponse, error) {
	p.t.Helper()
	u := path
	if !strings.HasPrefix(path, "http://") && !strings.HasPrefix(path, "https://") {
		u = p.base + path
	}
	req, err := http.NewRequestWithContext(p.ctx, method, u, body)
	require.NoError(p.t, err)
	req.Header.Set("Authorization", "Basic "+p.token)
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i] == "Authorization" && headers[i+1] == "-" {
			req.Header.Del("Authorization")
			continue
		}
		req.Header.Set(headers[i], headers[i+1])
	}
	if b, ok := body.(*bytes.Reader); ok {
		req.ContentLength = int64(b.Len())
	}
	resp, err := p.rt.RoundTrip(req)
	if err != nil {
		return rpResponse{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return rpResponse{}, err
	}
	return rpResponse{Status: resp.StatusCode, Header: resp.Header, Body: b}, nil
}

// follow GETs a redirect target without the registry's credentials, as a
// client following ECR's 307 to S3 does.
func (p *regPlane) follow(location string) rpResponse {
	p.t.Helper()
	return p.do(http.MethodGet, location, nil, "Authorization", "-")
}

// rpImage builds a deterministic Docker image: one static layer per size,
// bytes derived from seed.
func rpImage(t testing.TB, seed string, sizes ...int) v1.Image {
	t.Helper()
	img := empty.Image
	for i, n := range sizes {
		l := static.NewLayer(images.Bytes(fmt.Sprintf("%s/%d", seed, i), n), ggcrtypes.DockerLayer)
		var err error
		img, err = mutate.AppendLayers(img, l)
		require.NoError(t, err)
	}
	// A distinct config per seed, so images of different seeds never share it.
	cfg, err := img.ConfigFile()
	require.NoError(t, err)
	cfg = cfg.DeepCopy()
	cfg.Config.Labels = map[string]string{"seed": seed}
	cfg.OS, cfg.Architecture = "linux", "amd64"
	img, err = mutate.ConfigFile(img, cfg)
	require.NoError(t, err)
	return img
}

// rpIndex builds an OCI index of one small image per platform.
func rpIndex(t testing.TB, seed string, platforms ...v1.Platform) v1.ImageIndex {
	t.Helper()
	idx := mutate.IndexMediaType(empty.Index, ggcrtypes.OCIImageIndex)
	for _, pl := range platforms {
		base := rpImage(t, seed+"/"+pl.String(), 64)
		cfg, err := base.ConfigFile()
		require.NoError(t, err)
		cfg = cfg.DeepCopy()
		cfg.OS, cfg.Architecture = pl.OS, pl.Architecture
		base, err = mutate.ConfigFile(base, cfg)
		require.NoError(t, err)
		img := mutate.MediaType(base, ggcrtypes.OCIManifestSchema1)
		img = mutate.ConfigMediaType(img, ggcrtypes.OCIConfigJSON)
		pl := pl
		idx = mutate.AppendManifests(idx, mutate.IndexAddendum{Add: img, Descriptor: v1.Descriptor{Platform: &pl}})
	}
	return idx
}

// rpDigest returns an image's or index's digest and raw manifest.
func rpDigest(t testing.TB, m interface {
	Digest() (v1.Hash, error)
	RawManifest() ([]byte, error)
}) (v1.Hash, []byte) {
	t.Helper()
	d, err := m.Digest()
	require.NoError(t, err)
	raw, err := m.RawManifest()
	require.NoError(t, err)
	return d, raw
}

// rpBlobs lists an image's config and layer digests and sizes.
func rpBlobs(t testing.TB, img v1.Image) map[string]int64 {
	t.Helper()
	m, err := img.Manifest()
	require.NoError(t, err)
	out := map[string]int64{m.Config.Digest.String(): m.Config.Size}
	for _, l := range m.Layers {
		out[l.Digest.String()] = l.Size
	}
	return out
}

// rpTransportError unwraps go-containerregistry's registry error.
func rpTransportError(t testing.TB, err error) *transport.Error {
	t.Helper()
	require.Error(t, err)
	var te *transport.Error
	require.True(t, errors.As(err, &te), "want a registry error, got %T: %v", err, err)
	return te
}

// requireRegistryError checks a go-containerregistry error's status, code
// and (when msg is not "") message.
func requireRegistryError(t testing.TB, err error, status int, code, msg string) {
	t.Helper()
	te := rpTransportError(t, err)
	require.Equal(t, status, te.StatusCode, "%v", err)
	require.NotEmpty(t, te.Errors, "%v", err)
	require.Equal(t, code, string(te.Errors[0].Code), "%v", err)
	if msg != "" {
		require.Equal(t, msg, te.Errors[0].Message, "%v", err)
	}
}

// describe returns the image's detail by digest (any status).
func (p *regPlane) describe(repo, digest string) types.ImageDetail {
	p.t.Helper()
	out, err := p.f.DescribeImages(p.ctx, &ecr.DescribeImagesInput{
		RepositoryName: aws.String(repo),
		ImageIds:       []types.ImageIdentifier{{ImageDigest: aws.String(digest)}},
		Filter:         &types.DescribeImagesFilter{ImageStatus: types.ImageStatusFilterAny},
	})
	require.NoError(p.t, err)
	require.Len(p.t, out.ImageDetails, 1)
	return out.ImageDetails[0]
}

// manifestOf returns the manifest BatchGetImage answers for a digest.
func (p *regPlane) manifestOf(repo, digest string) (string, string) {
	p.t.Helper()
	out, err := p.f.BatchGetImage(p.ctx, &ecr.BatchGetImageInput{
		RepositoryName: aws.String(repo),
		ImageIds:       []types.ImageIdentifier{{ImageDigest: aws.String(digest)}},
		AcceptedMediaTypes: []string{
			string(ggcrtypes.DockerManifestSchema2), string(ggcrtypes.DockerManifestList),
			string(ggcrtypes.OCIManifestSchema1), string(ggcrtypes.OCIImageIndex),
		},
	})
	require.NoError(p.t, err)
	require.Empty(p.t, out.Failures)
	require.Len(p.t, out.Images, 1)
	return aws.ToString(out.Images[0].ImageManifest), aws.ToString(out.Images[0].ImageManifestMediaType)
}

// layerAvailability returns BatchCheckLayerAvailability's verdict per digest
// ("AVAILABLE", "UNAVAILABLE", or the failure code) and the sizes.
func (p *regPlane) layerAvailability(repo string, digests ...string) (map[string]string, map[string]int64) {
	p.t.Helper()
	out, err := p.f.BatchCheckLayerAvailability(p.ctx, &ecr.BatchCheckLayerAvailabilityInput{
		RepositoryName: aws.String(repo), LayerDigests: digests,
	})
	require.NoError(p.t, err)
	got, sizes := map[string]string{}, map[string]int64{}
	for _, l := range out.Layers {
		got[aws.ToString(l.LayerDigest)] = string(l.LayerAvailability)
		sizes[aws.ToString(l.LayerDigest)] = aws.ToInt64(l.LayerSize)
	}
	for _, f := range out.Failures {
		got[aws.ToString(f.LayerDigest)] = string(f.FailureCode)
	}
	return got, sizes
}

// listImages returns ListImages' ids as "digest" / "digest:tag" strings.
func (p *regPlane) listImages(repo string) []string {
	p.t.Helper()
	var ids []string
	pg := ecr.NewListImagesPaginator(p.f, &ecr.ListImagesInput{RepositoryName: aws.String(repo)})
	for pg.HasMorePages() {
		out, err := pg.NextPage(p.ctx)
		require.NoError(p.t, err)
		for _, id := range out.ImageIds {
			s := aws.ToString(id.ImageDigest)
			if id.ImageTag != nil {
				s += ":" + *id.ImageTag
			}
			ids = append(ids, s)
		}
	}
	return ids
}

// registryCalls returns the recorded registry requests of op.
func (p *regPlane) registryCalls(op ecrfake.Op) []ecrfake.Call {
	return p.f.CallsTo(op)
}

// rpStatuses lists the statuses recorded registry calls answered: the
// response's, or the registry error's (-1 for a dropped connection).
func rpStatuses(t testing.TB, calls []ecrfake.Call) []int {
	t.Helper()
	var out []int
	for _, c := range calls {
		if resp, ok := c.Output.(*ecrfake.RegistryResponse); ok {
			out = append(out, resp.Status)
			continue
		}
		var re *ecrfake.RegistryError
		if errors.As(c.Err, &re) {
			out = append(out, re.Status)
			continue
		}
		out = append(out, -1)
	}
	return out
}
