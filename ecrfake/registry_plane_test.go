package ecrfake_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
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
	downloads := f.CallsTo(ecrfake.OpRegistryDownloadLayer)
	require.Len(t, downloads, 1)
	assert.Equal(t, "app", downloads[0].Input.(*ecrfake.RegistryRequest).Repository, "a download names its repository (ForRepository)")
	assert.Equal(t, sha(data), downloads[0].Input.(*ecrfake.RegistryRequest).Reference)

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

// The registry's auth, as ECR answers it.
func TestRegistryAuthTable(t *testing.T) {
	f := ecrfake.New()
	createRegistryRepo(t, f, "app")
	good := newRawRegistry(t, f).basic
	other := ecrfake.New(ecrfake.WithRegion("eu-west-1"))
	oout, err := other.GetAuthorizationToken(context.Background(), &ecr.GetAuthorizationTokenInput{})
	require.NoError(t, err)
	_, password, _ := strings.Cut(mustDecode(t, aws.ToString(oout.AuthorizationData[0].AuthorizationToken)), ":")
	tests := []struct {
		name   string
		authz  string
		status int
		body   string
	}{
		{"valid token", good, http.StatusOK, ""},
		{"no credentials", "", http.StatusUnauthorized, "Not Authorized\n"},
		{"wrong password", "Basic " + base64.StdEncoding.EncodeToString([]byte("AWS:wrong")), http.StatusUnauthorized, "Not Authorized\n"},
		{"user is not AWS", "Basic " + base64.StdEncoding.EncodeToString([]byte("bob:"+password)), http.StatusUnauthorized, "Not Authorized\n"},
		{"Bearer", "Bearer " + strings.TrimPrefix(good, "Basic "), http.StatusUnauthorized, "Not Authorized\n"},
		{"another region's token", "Basic " + aws.ToString(oout.AuthorizationData[0].AuthorizationToken), http.StatusForbidden, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newRawRegistry(t, f)
			c.basic = tt.authz
			resp, body, err := c.do(http.MethodGet, "/v2/app/tags/list", nil)
			require.NoError(t, err)
			assert.Equal(t, tt.status, resp.StatusCode, body)
			if tt.body != "" {
				assert.Equal(t, tt.body, body)
			}
			if tt.status == http.StatusUnauthorized {
				assert.NotEmpty(t, resp.Header.Get("Www-Authenticate"))
			}
			if tt.status == http.StatusForbidden {
				assert.Contains(t, body, `"code":"DENIED"`)
			}
		})
	}

	off := ecrfake.New(ecrfake.WithoutRegistryAuth())
	createRegistryRepo(t, off, "app")
	c := newRawRegistry(t, off)
	c.basic = ""
	resp, _, err := c.do(http.MethodGet, "/v2/app/tags/list", nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode, "WithoutRegistryAuth needs no credentials")
}

func mustDecode(t *testing.T, token string) string {
	raw, err := base64.StdEncoding.DecodeString(token)
	require.NoError(t, err)
	return string(raw)
}

// Mount, tags paging, catalog, referrers and delete over raw HTTP, checked
// against the API.
func TestRegistryListingsMountReferrersDelete(t *testing.T) {
	f := ecrfake.New()
	uri := createRegistryRepo(t, f, "app")
	createRegistryRepo(t, f, "copy")
	auth := remote.WithAuth(registryAuth(t, f))
	tr := remote.WithTransport(f.Transport())
	img, err := random.Image(2048, 1)
	require.NoError(t, err)
	for _, tag := range []string{"a", "b", "c"} {
		ref, err := name.ParseReference(uri + ":" + tag)
		require.NoError(t, err)
		require.NoError(t, remote.Write(ref, img, auth, tr))
	}
	c := newRawRegistry(t, f)

	// tags/list: n per page, an opaque last, an absolute Link.
	var tags []string
	next := "/v2/app/tags/list?n=2"
	for next != "" {
		resp, body, err := c.do(http.MethodGet, next, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode, body)
		assert.Equal(t, "text/plain; charset=utf-8", resp.Header.Get("Content-Type"))
		var page struct{ Tags []string }
		require.NoError(t, json.Unmarshal([]byte(body), &page))
		tags = append(tags, page.Tags...)
		next = ""
		if link := resp.Header.Get("Link"); link != "" {
			next = strings.TrimSuffix(strings.TrimPrefix(link, "<"), `>; rel="next"`)
			require.True(t, strings.HasPrefix(next, c.host+"/v2/app/tags/list?"), link)
		}
	}
	assert.ElementsMatch(t, []string{"a", "b", "c"}, tags)
	resp, _, err := c.do(http.MethodGet, "/v2/app/tags/list?n=1001", nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)

	resp, body, err := c.do(http.MethodGet, "/v2/_catalog", nil)
	require.NoError(t, err)
	assert.JSONEq(t, `{"repositories":["app","copy"]}`, body)

	// Mount: 202 (an upload) while BLOB_MOUNTING is off, 201 once on.
	layers, err := img.Layers()
	require.NoError(t, err)
	ld, err := layers[0].Digest()
	require.NoError(t, err)
	resp, _, err = c.do(http.MethodPost, "/v2/copy/blobs/uploads/?mount="+ld.String()+"&from=app", nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusAccepted, resp.StatusCode)
	_, err = f.PutAccountSetting(context.Background(), &ecr.PutAccountSettingInput{Name: aws.String("BLOB_MOUNTING"), Value: aws.String("ENABLED")})
	require.NoError(t, err)
	resp, _, err = c.do(http.MethodPost, "/v2/copy/blobs/uploads/?mount="+ld.String()+"&from=app", nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	avail, err := f.BatchCheckLayerAvailability(context.Background(), &ecr.BatchCheckLayerAvailabilityInput{RepositoryName: aws.String("copy"), LayerDigests: []string{ld.String()}})
	require.NoError(t, err)
	assert.Equal(t, types.LayerAvailabilityAvailable, avail.Layers[0].LayerAvailability)

	// Referrers: an artifact whose subject is the image.
	sub, err := img.Digest()
	require.NoError(t, err)
	mf, err := img.Manifest()
	require.NoError(t, err)
	cfgBlob := []byte("{}")
	resp, _, err = c.do(http.MethodPost, "/v2/app/blobs/uploads/?digest="+sha(cfgBlob), cfgBlob)
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	art := fmt.Sprintf(`{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":"application/vnd.example.sbom","config":{"mediaType":"application/vnd.oci.empty.v1+json","size":2,"digest":%q},"layers":[{"mediaType":"application/vnd.oci.empty.v1+json","size":2,"digest":%q}],"subject":{"mediaType":%q,"size":%d,"digest":%q}}`,
		sha(cfgBlob), sha(cfgBlob), mf.MediaType, mustSize(t, img), sub.String())
	resp, _, err = c.do(http.MethodPut, "/v2/app/manifests/"+sha([]byte(art)), []byte(art), "Content-Type", "application/vnd.oci.image.manifest.v1+json")
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, sub.String(), resp.Header.Get("OCI-Subject"))
	resp, body, err = c.do(http.MethodGet, "/v2/app/referrers/"+sub.String()+"?artifactType=application/vnd.example.sbom", nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Equal(t, "artifactType", resp.Header.Get("OCI-Filters-Applied"))
	assert.Contains(t, body, sha([]byte(art)))
	resp, body, err = c.do(http.MethodGet, "/v2/app/referrers/"+sub.String()+"?artifactType=application/other", nil)
	require.NoError(t, err)
	assert.NotContains(t, body, sha([]byte(art)))

	// Delete by tag is refused; by digest it is BatchDeleteImage's deletion.
	resp, _, err = c.do(http.MethodDelete, "/v2/app/manifests/a", nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
	resp, _, err = c.do(http.MethodDelete, "/v2/app/manifests/"+sha([]byte(art)), nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusAccepted, resp.StatusCode)
	_, err = f.DescribeImages(context.Background(), &ecr.DescribeImagesInput{RepositoryName: aws.String("app"),
		ImageIds: []types.ImageIdentifier{{ImageDigest: aws.String(sha([]byte(art)))}}})
	var nf *types.ImageNotFoundException
	require.ErrorAs(t, err, &nf)
	resp, body, err = c.do(http.MethodDelete, "/v2/app/manifests/"+sha([]byte(art)), nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Contains(t, body, "MANIFEST_UNKNOWN")
}

func mustSize(t *testing.T, img v1.Image) int64 {
	n, err := img.Size()
	require.NoError(t, err)
	return n
}

// Pushes and pulls through /v2 race with API calls on the same
// repositories; every push lands whole (run with -race).
func TestRegistryConcurrentPushPullAPI(t *testing.T) {
	f := ecrfake.New()
	uri := createRegistryRepo(t, f, "app")
	auth := remote.WithAuth(registryAuth(t, f))
	tr := remote.WithTransport(f.Transport())
	const n = 6
	imgs := make([]v1.Image, n)
	for i := range imgs {
		img, err := random.Image(64<<10, 2)
		require.NoError(t, err)
		imgs[i] = img
	}
	errs := make(chan error, 3*n)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 50 {
			if _, err := f.DescribeImages(context.Background(), &ecr.DescribeImagesInput{RepositoryName: aws.String("app")}); err != nil {
				errs <- err
			}
			if _, err := f.ListImages(context.Background(), &ecr.ListImagesInput{RepositoryName: aws.String("app")}); err != nil {
				errs <- err
			}
		}
	}()
	var wg sync.WaitGroup
	for i, img := range imgs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ref, err := name.ParseReference(fmt.Sprintf("%s:t%d", uri, i))
			if err != nil {
				errs <- err
				return
			}
			if err := remote.Write(ref, img, auth, tr); err != nil {
				errs <- err
				return
			}
			got, err := remote.Image(ref, auth, tr)
			if err != nil {
				errs <- err
				return
			}
			if _, err := got.RawConfigFile(); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	<-done
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	desc, err := f.DescribeImages(context.Background(), &ecr.DescribeImagesInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	assert.Len(t, desc.ImageDetails, n)
}

// Per-item faults of batch operations have no registry form: with
// AlsoOnRegistry they leave registry requests alone (never a panic).
func TestRegistryPerItemFaultsPassRegistryRequests(t *testing.T) {
	f := ecrfake.New()
	uri := createRegistryRepo(t, f, "app")
	ref, err := name.ParseReference(uri + ":v1")
	require.NoError(t, err)
	img, err := random.Image(1024, 1)
	require.NoError(t, err)
	opts := []remote.Option{remote.WithAuth(registryAuth(t, f)), remote.WithTransport(f.Transport())}
	require.NoError(t, remote.Write(ref, img, opts...))
	f.Inject(ecrfake.FailLayers(ecrfake.OpBatchCheckLayerAvailability, types.LayerFailureCodeMissingLayerDigest, func(string) bool { return true }).AlsoOnRegistry())
	f.Inject(ecrfake.FailImages(ecrfake.OpBatchGetImage, types.ImageFailureCodeImageNotFound, func(types.ImageIdentifier) bool { return true }).AlsoOnRegistry())
	f.Inject(ecrfake.FailWhen(func(*ecr.PutImageInput) bool { return true }, ecrfake.ErrThrottling()).AlsoOnRegistry())
	layers, err := img.Layers()
	require.NoError(t, err)
	d, err := layers[0].Digest()
	require.NoError(t, err)
	c := newRawRegistry(t, f)
	resp, _, err := c.do(http.MethodHead, "/v2/app/blobs/"+d.String(), nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	_, err = remote.Image(ref, opts...)
	require.NoError(t, err)
	img2, err := random.Image(1024, 1)
	require.NoError(t, err)
	ref2, err := name.ParseReference(uri + ":v2")
	require.NoError(t, err)
	require.NoError(t, remote.Write(ref2, img2, opts...), "FailWhen's predicate takes a PutImageInput: a manifest PUT is not one")
}

// A push to a missing repository creates it from a CREATE_ON_PUSH template
// (with the template's settings); without one the upload's connection drops.
func TestRegistryCreateOnPush(t *testing.T) {
	f := ecrfake.New()
	auth := registryAuth(t, f)
	opts := []remote.Option{remote.WithAuth(auth), remote.WithTransport(f.Transport()), remote.WithRetryBackoff(remote.Backoff{Steps: 1})}
	img, err := random.Image(1024, 1)
	require.NoError(t, err)
	host := "123456789012.dkr.ecr.us-east-1.amazonaws.com"

	ref, err := name.ParseReference(host + "/team/app:v1")
	require.NoError(t, err)
	require.Error(t, remote.Write(ref, img, opts...), "no template: the push fails")
	_, err = f.DescribeRepositories(context.Background(), &ecr.DescribeRepositoriesInput{RepositoryNames: []string{"team/app"}})
	var nf *types.RepositoryNotFoundException
	require.ErrorAs(t, err, &nf)

	_, err = f.CreateRepositoryCreationTemplate(context.Background(), &ecr.CreateRepositoryCreationTemplateInput{
		Prefix: aws.String("team"), AppliedFor: []types.RCTAppliedFor{types.RCTAppliedForCreateOnPush},
		ImageTagMutability: types.ImageTagMutabilityImmutable,
	})
	require.NoError(t, err)
	_, err = f.CreateRepositoryCreationTemplate(context.Background(), &ecr.CreateRepositoryCreationTemplateInput{
		Prefix: aws.String("ROOT"), AppliedFor: []types.RCTAppliedFor{types.RCTAppliedForPullThroughCache},
	})
	require.NoError(t, err)
	require.NoError(t, remote.Write(ref, img, opts...))
	repos, err := f.DescribeRepositories(context.Background(), &ecr.DescribeRepositoriesInput{RepositoryNames: []string{"team/app"}})
	require.NoError(t, err)
	assert.Equal(t, types.ImageTagMutabilityImmutable, repos.Repositories[0].ImageTagMutability, "the template's settings")

	other, err := name.ParseReference(host + "/solo:v1")
	require.NoError(t, err)
	require.Error(t, remote.Write(other, img, opts...), "ROOT applies to pull-through caches only here")
}

// A connection dropped mid-upload leaves the upload as it was; a hung
// request ends with its context.
func TestRegistryDropAndHang(t *testing.T) {
	f := ecrfake.New()
	createRegistryRepo(t, f, "app")
	c := newRawRegistry(t, f)
	resp, _, err := c.do(http.MethodPost, "/v2/app/blobs/uploads/", nil)
	require.NoError(t, err)
	loc := resp.Header.Get("Location")

	h := f.Inject(ecrfake.DropConnectionAfter(ecrfake.OpRegistryPatchUpload, 10).Times(1))
	_, _, err = c.do(http.MethodPatch, loc, bytes.Repeat([]byte("x"), 1000))
	require.Error(t, err, "the request body was cut after 10 bytes")
	assert.Equal(t, 1, h.Hits())
	resp, _, err = c.do(http.MethodGet, loc, nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	assert.Equal(t, "0-0", resp.Header.Get("Range"), "nothing of the cut chunk was kept")
	resp, _, err = c.do(http.MethodPatch, loc, bytes.Repeat([]byte("x"), 1000))
	require.NoError(t, err)
	assert.Equal(t, "0-999", resp.Header.Get("Range"))

	f.Inject(ecrfake.Hang(ecrfake.OpRegistryCatalog))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.host+"/v2/_catalog", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", c.basic)
	_, err = c.client.Do(req)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	calls := f.CallsTo(ecrfake.OpRegistryCatalog)
	require.Len(t, calls, 1)
	assert.ErrorIs(t, calls[0].Err, context.DeadlineExceeded)
}

// The ECR API's own endpoint is served by Transport too, so an SDK client
// on its default endpoint works with it; other hosts are refused.
func TestTransportServesTheAPIHostOnly(t *testing.T) {
	f := ecrfake.New()
	createRegistryRepo(t, f, "app")
	client := ecr.New(ecr.Options{Region: "us-east-1", Credentials: aws.AnonymousCredentials{},
		HTTPClient: &http.Client{Transport: f.Transport()}})
	out, err := client.DescribeRepositories(context.Background(), &ecr.DescribeRepositoriesInput{})
	require.NoError(t, err)
	require.Len(t, out.Repositories, 1)

	for _, u := range []string{"https://example.com/v2/", "https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/", "https://s3.amazonaws.com/x"} {
		req, err := http.NewRequest(http.MethodGet, u, nil)
		require.NoError(t, err)
		_, err = f.Transport().RoundTrip(req)
		require.Error(t, err, u)
		assert.Contains(t, err.Error(), "never uses the network")
	}
}
