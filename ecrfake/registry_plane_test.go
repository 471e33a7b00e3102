package ecrfake_test

import (
	"context"
	"encoding/base64"
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
