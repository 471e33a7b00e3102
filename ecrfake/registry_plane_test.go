package ecrfake_test

import (
	"bytes"
	"context"
	"encoding/base64"
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
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// registryAuth logs in as the credential helper does: GetAuthorizationToken,
// then Basic with user AWS.
func registryAuth(t testing.TB, f *ecrfake.Fake) authn.Authenticator {
	t.Helper()
	out, err := f.GetAuthorizationToken(context.Background(), &ecr.GetAuthorizationTokenInput{})
	require.NoError(t, err)
	raw, err := base64.StdEncoding.DecodeString(aws.ToString(out.AuthorizationData[0].AuthorizationToken))
	require.NoError(t, err)
	user, pass, _ := strings.Cut(string(raw), ":")
	return &authn.Basic{Username: user, Password: pass}
}

func createRegistryRepo(t testing.TB, f *ecrfake.Fake, name string) string {
	t.Helper()
	out, err := f.CreateRepository(context.Background(), &ecr.CreateRepositoryInput{RepositoryName: aws.String(name)})
	require.NoError(t, err)
	return aws.ToString(out.Repository.RepositoryUri)
}

// Push and pull through f.Transport() and through an httptest server, each
// cross-checked against the API.
func TestRegistryRoundTrip(t *testing.T) {
	for _, via := range []string{"transport", "httptest"} {
		t.Run(via, func(t *testing.T) {
			f := ecrfake.New()
			uri := createRegistryRepo(t, f, "team/app")
			opts := []remote.Option{remote.WithAuth(registryAuth(t, f))}
			refStr := uri + ":v1"
			if via == "transport" {
				opts = append(opts, remote.WithTransport(f.Transport()))
			} else {
				srv := httptest.NewServer(f.Handler())
				t.Cleanup(srv.Close)
				refStr = strings.TrimPrefix(srv.URL, "http://") + "/team/app:v1"
			}
			ref, err := name.ParseReference(refStr, name.Insecure)
			require.NoError(t, err)
			img, err := random.Image(3<<20, 2)
			require.NoError(t, err)
			require.NoError(t, remote.Write(ref, img, opts...))

			want, err := img.Digest()
			require.NoError(t, err)
			desc, err := f.DescribeImages(context.Background(), &ecr.DescribeImagesInput{RepositoryName: aws.String("team/app")})
			require.NoError(t, err)
			require.Len(t, desc.ImageDetails, 1)
			assert.Equal(t, want.String(), aws.ToString(desc.ImageDetails[0].ImageDigest))
			assert.Equal(t, []string{"v1"}, desc.ImageDetails[0].ImageTags)
			assert.Nil(t, desc.ImageDetails[0].LastRecordedPullTime, "a push is no pull")

			layers, err := img.Layers()
			require.NoError(t, err)
			var digests []string
			for _, l := range layers {
				d, err := l.Digest()
				require.NoError(t, err)
				digests = append(digests, d.String())
			}
			avail, err := f.BatchCheckLayerAvailability(context.Background(), &ecr.BatchCheckLayerAvailabilityInput{RepositoryName: aws.String("team/app"), LayerDigests: digests})
			require.NoError(t, err)
			for _, l := range avail.Layers {
				assert.Equal(t, types.LayerAvailabilityAvailable, l.LayerAvailability)
			}

			got, err := remote.Image(ref, opts...)
			require.NoError(t, err)
			gd, err := got.Digest()
			require.NoError(t, err)
			assert.Equal(t, want, gd)
			gotLayers, err := got.Layers()
			require.NoError(t, err)
			for i, l := range gotLayers {
				rc, err := l.Compressed()
				require.NoError(t, err)
				h, _, err := v1.SHA256(rc)
				require.NoError(t, err)
				require.NoError(t, rc.Close())
				assert.Equal(t, digests[i], h.String())
			}
			desc, err = f.DescribeImages(context.Background(), &ecr.DescribeImagesInput{RepositoryName: aws.String("team/app")})
			require.NoError(t, err)
			assert.NotNil(t, desc.ImageDetails[0].LastRecordedPullTime, "a manifest GET is a pull")

			tags, err := remote.List(ref.Context(), opts...)
			require.NoError(t, err)
			assert.Equal(t, []string{"v1"}, tags)
		})
	}
}

// A pull with an expired token is ECR's 403 DENIED.
func TestRegistryTokenExpires(t *testing.T) {
	clock := ecrfake.NewManualClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	f := ecrfake.New(ecrfake.WithClock(clock))
	uri := createRegistryRepo(t, f, "app")
	auth := registryAuth(t, f)
	client := &http.Client{Transport: f.Transport()}
	get := func(authz string) *http.Response {
		req, err := http.NewRequest(http.MethodGet, "https://"+strings.Split(uri, "/")[0]+"/v2/", nil)
		require.NoError(t, err)
		if authz != "" {
			req.Header.Set("Authorization", authz)
		}
		resp, err := client.Do(req)
		require.NoError(t, err)
		return resp
	}
	cfg, err := auth.Authorization()
	require.NoError(t, err)
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte(cfg.Username+":"+cfg.Password))
	assert.Equal(t, http.StatusOK, get(basic).StatusCode)
	resp := get("")
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Equal(t, `Basic realm="https://123456789012.dkr.ecr.us-east-1.amazonaws.com/",service="ecr.amazonaws.com"`, resp.Header.Get("Www-Authenticate"))
	assert.Equal(t, http.StatusUnauthorized, get("Bearer abc").StatusCode)
	clock.Advance(12 * time.Hour)
	resp = get(basic)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	assert.Empty(t, resp.Header.Get("Www-Authenticate"))
}

// rawRegistry sends raw registry requests through f.Transport() with a
// valid token.
type rawRegistry struct {
	t      *testing.T
	f      *ecrfake.Fake
	host   string
	basic  string
	client *http.Client
}

func newRawRegistry(t *testing.T, f *ecrfake.Fake) *rawRegistry {
	out, err := f.GetAuthorizationToken(context.Background(), &ecr.GetAuthorizationTokenInput{})
	require.NoError(t, err)
	return &rawRegistry{t: t, f: f, host: "https://123456789012.dkr.ecr.us-east-1.amazonaws.com",
		basic:  "Basic " + aws.ToString(out.AuthorizationData[0].AuthorizationToken),
		client: &http.Client{Transport: f.Transport(), CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (c *rawRegistry) do(method, path string, body []byte, hdr ...string) (*http.Response, string, error) {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	if !strings.HasPrefix(path, "https://") {
		path = c.host + path
	}
	req, err := http.NewRequest(method, path, rd)
	require.NoError(c.t, err)
	req.Header.Set("Authorization", c.basic)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, "", err
	}
	b, rerr := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	return resp, string(b), rerr
}

// Chunked (with ECR's 201 and 416) and monolithic uploads over raw HTTP,
// then the blob served by its 307 redirect.
func TestRegistryUploadsRaw(t *testing.T) {
	f := ecrfake.New(ecrfake.WithLimits(ecrfake.Limits{MinLayerPartSize: 4}))
	createRegistryRepo(t, f, "app")
	c := newRawRegistry(t, f)

	resp, _, err := c.do(http.MethodPost, "/v2/app/blobs/uploads/", nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, resp.StatusCode)
	loc := resp.Header.Get("Location")
	require.True(t, strings.HasPrefix(loc, c.host+"/v2/app/blobs/uploads/"), loc)
	assert.Equal(t, "registry/2.0", resp.Header.Get("Docker-Distribution-Api-Version"))

	resp, _, err = c.do(http.MethodPatch, loc, []byte("hello"), "Content-Range", "0-4")
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, "0-4", resp.Header.Get("Range"))

	resp, body, err := c.do(http.MethodPatch, loc, []byte("world"), "Content-Range", "0-4")
	require.NoError(t, err)
	require.Equal(t, http.StatusRequestedRangeNotSatisfiable, resp.StatusCode)
	assert.JSONEq(t, `{"errors":[{"code":"BLOB_UPLOAD_INVALID","message":"First byte of the layer part is 0 instead of 5"}]}`, body)

	data := []byte("hello world")
	resp, _, err = c.do(http.MethodPut, loc+"?digest="+sha(data), []byte(" world"))
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, sha(data), resp.Header.Get("Docker-Content-Digest"))

	mono := []byte("monolithic blob")
	resp, _, err = c.do(http.MethodPost, "/v2/app/blobs/uploads/?digest="+sha(mono), mono)
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode)

	resp, _, err = c.do(http.MethodHead, "/v2/app/blobs/"+sha(mono), nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.EqualValues(t, len(mono), resp.ContentLength)
	resp, _, err = c.do(http.MethodHead, "/v2/app/blobs/"+sha([]byte("nope")), nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)

	// A blob no image references is not served (GetDownloadUrlForLayer's rule).
	resp, _, err = c.do(http.MethodGet, "/v2/app/blobs/"+sha(mono), nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)

	cfg := []byte(`{"architecture":"amd64","os":"linux"}`)
	resp, _, err = c.do(http.MethodPost, "/v2/app/blobs/uploads/?digest="+sha(cfg), cfg)
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	manifest := fmt.Sprintf(`{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":%d,"digest":%q},"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":%d,"digest":%q}]}`,
		len(cfg), sha(cfg), len(data), sha(data))
	resp, _, err = c.do(http.MethodPut, "/v2/app/manifests/v1", []byte(manifest), "Content-Type", "application/vnd.docker.distribution.manifest.v2+json")
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Empty(t, resp.Header.Get("Location"), "ECR sets no Location on a manifest PUT")

	resp, _, err = c.do(http.MethodGet, "/v2/app/blobs/"+sha(data), nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusTemporaryRedirect, resp.StatusCode)
	dl := resp.Header.Get("Location")
	out, err := f.GetDownloadUrlForLayer(context.Background(), &ecr.GetDownloadUrlForLayerInput{RepositoryName: aws.String("app"), LayerDigest: aws.String(sha(data))})
	require.NoError(t, err)
	assert.Equal(t, aws.ToString(out.DownloadUrl), dl, "the redirect is the API's download URL")
	resp, body, err = c.do(http.MethodGet, dl, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, string(data), body)

	// The call log records each request once, under its own operation.
	calls := f.CallsTo(ecrfake.OpRegistryPatchUpload)
	require.Len(t, calls, 2)
	in := calls[0].Input.(*ecrfake.RegistryRequest)
	assert.Equal(t, "app", in.Repository)
	assert.Equal(t, http.StatusCreated, calls[0].Output.(*ecrfake.RegistryResponse).Status)
	assert.Error(t, calls[1].Err)
	assert.Equal(t, ecrfake.OpPutImage, ecrfake.OpRegistryPutManifest.APIAction())
	assert.True(t, ecrfake.OpRegistryPutManifest.IsRegistry())
	assert.False(t, ecrfake.OpPutImage.IsRegistry())
}

// Faults on the registry: registry-shaped injected errors, AlsoOnRegistry,
// a dropped connection mid-blob; a failed request changes nothing.
func TestRegistryFaults(t *testing.T) {
	f := ecrfake.New()
	uri := createRegistryRepo(t, f, "app")
	auth := remote.WithAuth(registryAuth(t, f))
	tr := remote.WithTransport(f.Transport())
	ref, err := name.ParseReference(uri + ":v1")
	require.NoError(t, err)
	img, err := random.Image(4096, 1)
	require.NoError(t, err)

	h := f.Inject(ecrfake.Fail(ecrfake.OpPutImage, ecrfake.ErrThrottling()).AlsoOnRegistry())
	err = remote.Write(ref, img, auth, tr, remote.WithRetryBackoff(remote.Backoff{Steps: 1}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "TOOMANYREQUESTS")
	assert.GreaterOrEqual(t, h.Hits(), 1)
	h.Remove()
	desc, err := f.DescribeImages(context.Background(), &ecr.DescribeImagesInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	assert.Empty(t, desc.ImageDetails, "a throttled push stores no image")

	only := f.Inject(ecrfake.Fail(ecrfake.OpPutImage, ecrfake.ErrThrottling()))
	require.NoError(t, remote.Write(ref, img, auth, tr), "without AlsoOnRegistry an API fault leaves /v2 alone")
	assert.Zero(t, only.Hits())
	only.Remove()

	f.Inject(ecrfake.Fail(ecrfake.OpRegistryGetManifest, ecrfake.ErrRegistry(http.StatusServiceUnavailable, "UNAVAILABLE", "try later")).Times(1))
	_, err = remote.Image(ref, auth, tr, remote.WithRetryBackoff(remote.Backoff{Steps: 1}), remote.WithRetryStatusCodes())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "UNAVAILABLE")

	layers, err := img.Layers()
	require.NoError(t, err)
	ld, err := layers[0].Digest()
	require.NoError(t, err)
	f.Inject(ecrfake.DropConnectionAfter(ecrfake.OpRegistryDownloadLayer, 100).Times(1))
	c := newRawRegistry(t, f)
	c.client.CheckRedirect = nil
	_, _, err = c.do(http.MethodGet, "/v2/app/blobs/"+ld.String(), nil)
	require.Error(t, err, "the body ends after 100 bytes")
	_, body, err := c.do(http.MethodGet, "/v2/app/blobs/"+ld.String(), nil)
	require.NoError(t, err)
	size, err := layers[0].Size()
	require.NoError(t, err)
	assert.Len(t, body, int(size))
}
