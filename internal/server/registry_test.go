package server

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// A registry request finds its region from the host where it has ECR's
// form, else from the token, else the server's default.
func TestRegistryRegionOf(t *testing.T) {
	f := ecrfake.New(ecrfake.WithRegion("eu-west-1"))
	out, err := f.GetAuthorizationToken(context.Background(), &ecr.GetAuthorizationTokenInput{})
	require.NoError(t, err)
	token := aws.ToString(out.AuthorizationData[0].AuthorizationToken)
	tests := []struct {
		name, host, auth, want string
	}{
		{"ECR host", "123456789012.dkr.ecr.ap-south-1.amazonaws.com", "", "ap-south-1"},
		{"ECR host wins over the token", "123456789012.dkr.ecr.ap-south-1.amazonaws.com", "Basic " + token, "ap-south-1"},
		{"token", "127.0.0.1:5000", "Basic " + token, "eu-west-1"},
		{"foreign token", "127.0.0.1:5000", "Basic " + base64.StdEncoding.EncodeToString([]byte("AWS:whatever")), ""},
		{"Bearer", "127.0.0.1:5000", "Bearer " + token, ""},
		{"nothing", "127.0.0.1:5000", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/v2/", nil)
			r.Host = tt.host
			if tt.auth != "" {
				r.Header.Set("Authorization", tt.auth)
			}
			require.Equal(t, tt.want, RegistryRegionOf(r))
		})
	}
}

// A push to the server with a token of a non-default region lands in that
// region's registry, blob redirects included.
func TestRegistryPushRoutedByToken(t *testing.T) {
	s := New(Config{AccountID: "123456789012", DefaultRegion: "us-east-1"})
	srv := httptest.NewServer(s)
	defer srv.Close()
	f := s.Fake("eu-west-1")
	_, err := f.CreateRepository(context.Background(), &ecr.CreateRepositoryInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	out, err := f.GetAuthorizationToken(context.Background(), &ecr.GetAuthorizationTokenInput{})
	require.NoError(t, err)
	raw, err := base64.StdEncoding.DecodeString(aws.ToString(out.AuthorizationData[0].AuthorizationToken))
	require.NoError(t, err)
	user, pass, _ := strings.Cut(string(raw), ":")
	auth := remote.WithAuth(&authn.Basic{Username: user, Password: pass})

	ref, err := name.ParseReference(strings.TrimPrefix(srv.URL, "http://")+"/app:v1", name.Insecure)
	require.NoError(t, err)
	img, err := random.Image(1024, 1)
	require.NoError(t, err)
	require.NoError(t, remote.Write(ref, img, auth))
	got, err := remote.Image(ref, auth)
	require.NoError(t, err)
	_, err = got.RawConfigFile()
	require.NoError(t, err, "the config blob is served through the redirect back to this server")
	want, _ := img.Digest()
	gd, _ := got.Digest()
	require.Equal(t, want, gd)
	desc, err := f.DescribeImages(context.Background(), &ecr.DescribeImagesInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	require.Len(t, desc.ImageDetails, 1)
	require.Equal(t, want.String(), aws.ToString(desc.ImageDetails[0].ImageDigest))
	_, err = s.Fake("us-east-1").DescribeImages(context.Background(), &ecr.DescribeImagesInput{RepositoryName: aws.String("app")})
	require.Error(t, err, "the default region holds no such repository")
}

// GetDownloadUrlForLayer over the server hands out a URL on the server,
// which serves the layer.
func TestDownloadURLPointsAtTheServer(t *testing.T) {
	s := New(Config{AccountID: "123456789012", DefaultRegion: "us-east-1"})
	srv := httptest.NewServer(s)
	defer srv.Close()
	f := s.Fake("eu-west-1") // not the default region: the URL must name it
	_, err := f.CreateRepository(context.Background(), &ecr.CreateRepositoryInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	img, err := random.Image(512, 1)
	require.NoError(t, err)
	ref, err := name.ParseReference("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:v1")
	require.NoError(t, err)
	out, err := f.GetAuthorizationToken(context.Background(), &ecr.GetAuthorizationTokenInput{})
	require.NoError(t, err)
	raw, _ := base64.StdEncoding.DecodeString(aws.ToString(out.AuthorizationData[0].AuthorizationToken))
	user, pass, _ := strings.Cut(string(raw), ":")
	require.NoError(t, remote.Write(ref, img, remote.WithTransport(f.Transport()), remote.WithAuth(&authn.Basic{Username: user, Password: pass})))
	layers, err := img.Layers()
	require.NoError(t, err)
	d, err := layers[0].Digest()
	require.NoError(t, err)

	creds := aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: "AKID", SecretAccessKey: "secret"}, nil // signed: the scope names eu-west-1
	})
	client := ecr.New(ecr.Options{Region: "eu-west-1", BaseEndpoint: aws.String(srv.URL), Credentials: creds})
	dl, err := client.GetDownloadUrlForLayer(context.Background(), &ecr.GetDownloadUrlForLayerInput{RepositoryName: aws.String("app"), LayerDigest: aws.String(d.String())})
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(aws.ToString(dl.DownloadUrl), srv.URL+"/"), aws.ToString(dl.DownloadUrl))
	resp, err := http.Get(aws.ToString(dl.DownloadUrl))
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	size, _ := layers[0].Size()
	require.EqualValues(t, size, resp.ContentLength)
}
