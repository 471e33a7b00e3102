package ecrfake_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// Every registry answer carries Docker-Distribution-Api-Version (ECR sends
// it on 401s, 200 tags/list, manifest HEAD and 405s: registry-api.md §0),
// through the in-memory transport and over HTTP alike, successes included.
func TestRegistryProtocolCommonHeaders(t *testing.T) {
	f := ecrfake.New()
	createRegistryRepo(t, f, "team/app")
	out, err := f.GetAuthorizationToken(context.Background(), &ecr.GetAuthorizationTokenInput{})
	require.NoError(t, err)
	token := aws.ToString(out.AuthorizationData[0].AuthorizationToken)
	const host = "123456789012.dkr.ecr.us-east-1.amazonaws.com"

	srv := httptest.NewServer(f.Handler())
	t.Cleanup(srv.Close)
	clients := map[string]struct {
		client *http.Client
		base   string
	}{
		"transport": {&http.Client{Transport: f.Transport()}, "https://" + host},
		"server":    {srv.Client(), srv.URL},
	}
	tests := []struct {
		name, method, path string
		auth               bool
		status             int
	}{
		{"ping", "GET", "/v2/", true, 200},
		{"ping unauthenticated", "GET", "/v2/", false, 401},
		{"tags list", "GET", "/v2/team/app/tags/list", true, 200},
		{"catalog", "GET", "/v2/_catalog", true, 200},
		{"upload start", "POST", "/v2/team/app/blobs/uploads/", true, 202},
		{"manifest unknown", "GET", "/v2/team/app/manifests/nope", true, 404},
		{"no route", "GET", "/v2/team/app/nothing", true, 404},
		{"method not allowed", "POST", "/v2/team/app/manifests/v1", true, 405},
		{"n above 1000", "GET", "/v2/team/app/tags/list?n=1001", true, 405},
		{"invalid name", "GET", "/v2/Team/manifests/v1", true, 400},
	}
	for via, c := range clients {
		for _, tc := range tests {
			t.Run(via+"/"+tc.name, func(t *testing.T) {
				req, err := http.NewRequest(tc.method, c.base+tc.path, nil)
				require.NoError(t, err)
				if tc.auth {
					req.Header.Set("Authorization", "Basic "+token)
				}
				res, err := c.client.Do(req)
				require.NoError(t, err)
				defer res.Body.Close()
				body, _ := io.ReadAll(res.Body)
				assert.Equal(t, tc.status, res.StatusCode, "%s", body)
				assert.Equal(t, "registry/2.0", res.Header.Get("Docker-Distribution-Api-Version"))
				if tc.status == 401 {
					assert.Equal(t, "Not Authorized\n", string(body))
					assert.True(t, strings.HasPrefix(res.Header.Get("Www-Authenticate"), `Basic realm="https://`))
				}
			})
		}
	}
}

// Location and Link headers point back with the scheme the client used,
// also through the in-memory transport (a client configured for plain
// HTTP, e.g. go-containerregistry's name.Insecure, rejects an https Link).
func TestRegistryProtocolTransportKeepsScheme(t *testing.T) {
	f := ecrfake.New(ecrfake.WithoutRegistryAuth())
	createRegistryRepo(t, f, "team/app")
	client := &http.Client{Transport: f.Transport()}
	for _, scheme := range []string{"https", "http"} {
		res, err := client.Post(scheme+"://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/team/app/blobs/uploads/", "", nil)
		require.NoError(t, err)
		res.Body.Close()
		require.Equal(t, http.StatusAccepted, res.StatusCode)
		assert.True(t, strings.HasPrefix(res.Header.Get("Location"), scheme+"://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/team/app/blobs/uploads/"), res.Header.Get("Location"))
	}
}
