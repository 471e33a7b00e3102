package ecrfake_test

// Registry auth as ECR does it (spec §1): Basic with the token
// GetAuthorizationToken returned, user AWS; a 401 challenge in plain text
// otherwise; 403 DENIED, without a challenge, once the token has expired on
// the fake's clock.

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

const rpExpiredText = "Your authorization token has expired. Reauthenticate and try again."

func TestRegistryPlaneAuth(t *testing.T) {
	type outcome int
	const (
		allowed outcome = iota
		challenged
		expired
		deniedRegion
	)
	basic := func(s string) string { return "Basic " + base64.StdEncoding.EncodeToString([]byte(s)) }
	password := func(token string) string {
		raw, err := base64.StdEncoding.DecodeString(token)
		require.NoError(t, err)
		_, pw, _ := strings.Cut(string(raw), ":")
		return pw
	}
	otherAccount := ecrfake.New(ecrfake.WithAccountID("999999999999"))
	otherOut, err := otherAccount.GetAuthorizationToken(t.Context(), &ecr.GetAuthorizationTokenInput{})
	require.NoError(t, err)
	otherToken := aws.ToString(otherOut.AuthorizationData[0].AuthorizationToken)
	otherRegion := ecrfake.New(ecrfake.WithRegion("eu-west-1"))
	regionOut, err := otherRegion.GetAuthorizationToken(t.Context(), &ecr.GetAuthorizationTokenInput{})
	require.NoError(t, err)
	regionToken := aws.ToString(regionOut.AuthorizationData[0].AuthorizationToken)

	cases := []struct {
		name string
		// header returns the Authorization header ("" sends none) for the
		// plane's valid token.
		header  func(p *regPlane) string
		advance time.Duration
		opts    []ecrfake.Option
		want    outcome
	}{
		{"valid token", func(p *regPlane) string { return "Basic " + p.token }, 0, nil, allowed},
		{"valid token, 11h59m later", func(p *regPlane) string { return "Basic " + p.token }, 12*time.Hour - time.Minute, nil, allowed},
		{"docker login -u AWS -p <password>", func(p *regPlane) string { return basic("AWS:" + password(p.token)) }, 0, nil, allowed},
		{"no credentials", func(*regPlane) string { return "" }, 0, nil, challenged},
		{"wrong password", func(*regPlane) string { return basic("AWS:not-the-password") }, 0, nil, challenged},
		{"user not AWS", func(p *regPlane) string { return basic("admin:" + password(p.token)) }, 0, nil, challenged},
		{"empty password", func(*regPlane) string { return basic("AWS:") }, 0, nil, challenged},
		{"not base64", func(*regPlane) string { return "Basic !!!not-base64!!!" }, 0, nil, challenged},
		{"Basic without a value", func(*regPlane) string { return "Basic" }, 0, nil, challenged},
		{"Bearer with the token", func(p *regPlane) string { return "Bearer " + p.token }, 0, nil, challenged},
		{"another account's token", func(*regPlane) string { return "Basic " + otherToken }, 0, nil, challenged},
		{"another region's token", func(*regPlane) string { return "Basic " + regionToken }, 0, nil, deniedRegion},
		{"expired after 12h", func(p *regPlane) string { return "Basic " + p.token }, 12 * time.Hour, nil, expired},
		{"expired long ago", func(p *regPlane) string { return "Basic " + p.token }, 30 * 24 * time.Hour, nil, expired},
		{"auth off, no credentials", func(*regPlane) string { return "" }, 0, []ecrfake.Option{ecrfake.WithoutRegistryAuth()}, allowed},
		{"auth off, garbage", func(*regPlane) string { return "Bearer garbage" }, 0, []ecrfake.Option{ecrfake.WithoutRegistryAuth()}, allowed},
	}
	routes := []struct{ method, path string }{
		{http.MethodGet, "/v2/"},
		{http.MethodGet, "/v2/auth/repo/tags/list"},
		{http.MethodHead, "/v2/auth/repo/manifests/v1"},
		{http.MethodPost, "/v2/auth/repo/blobs/uploads/"},
		{http.MethodGet, "/v2/_catalog"},
	}
	for _, face := range rpFaces {
		for _, tc := range cases {
			t.Run(string(face)+"/"+tc.name, func(t *testing.T) {
				p := newPlane(t, face, tc.opts...)
				p.createRepo("auth/repo")
				require.NoError(t, remote.Write(p.ref("auth/repo:v1"), rpImage(t, "auth", 10), p.remoteOpts()...))
				p.clock.Advance(tc.advance)
				header := tc.header(p)
				before := ecrfake.Stats(p.f)
				for _, rt := range routes {
					r := p.do(rt.method, rt.path, nil, "Authorization", orDash(header))
					switch tc.want {
					case allowed:
						assert.Less(t, r.Status, 400, "%s %s: %v", rt.method, rt.path, r)
					case challenged:
						require.Equal(t, http.StatusUnauthorized, r.Status, "%s %s: %v", rt.method, rt.path, r)
						assert.Equal(t, `Basic realm="https://`+p.host+`/",service="ecr.amazonaws.com"`, r.Header.Get("Www-Authenticate"))
						assert.Equal(t, "registry/2.0", r.Header.Get("Docker-Distribution-Api-Version"))
						assert.Contains(t, r.Header, "Sizes", "ECR's empty Sizes header on a 401")
						if rt.method != http.MethodHead {
							assert.Equal(t, "Not Authorized\n", string(r.Body), "401 is plain text")
						}
					case deniedRegion:
						// Tokens are bound to their region (403, per the user guide).
						require.Equal(t, http.StatusForbidden, r.Status, "%s %s: %v", rt.method, rt.path, r)
						assert.Empty(t, r.Header.Get("Www-Authenticate"))
						if rt.method != http.MethodHead {
							code, _ := r.code()
							assert.Equal(t, "DENIED", code)
						}
					case expired:
						require.Equal(t, http.StatusForbidden, r.Status, "%s %s: %v", rt.method, rt.path, r)
						assert.Empty(t, r.Header.Get("Www-Authenticate"), "ECR's 403 has no challenge")
						if rt.method != http.MethodHead {
							code, msg := r.code()
							assert.Equal(t, "DENIED", code)
							assert.Equal(t, rpExpiredText, msg)
						}
					}
				}
				if tc.want != allowed {
					// Refused requests change nothing (no upload session was started).
					assert.Equal(t, before, ecrfake.Stats(p.f))
				}
			})
		}
	}
}

func orDash(h string) string {
	if h == "" {
		return "-"
	}
	return h
}

// go-containerregistry's view of the same rules: it pings, meets the Basic
// challenge, and sends the credentials; an expired token is DENIED.
func TestRegistryPlaneAuthThroughGoContainerRegistry(t *testing.T) {
	p := newPlane(t, faceTransport)
	p.createRepo("app")
	img := rpImage(t, "auth-ggcr", 10)
	require.NoError(t, remote.Write(p.ref("app:v1"), img, p.remoteOpts()...))

	// Anonymous: refused.
	_, err := remote.Image(p.ref("app:v1"), remote.WithTransport(p.rt), remote.WithRetryBackoff(remote.Backoff{Steps: 1}))
	te := rpTransportError(t, err)
	assert.Equal(t, http.StatusUnauthorized, te.StatusCode)

	// Credentials as `docker login` stores them (the base64 token itself).
	_, err = remote.Image(p.ref("app:v1"), remote.WithTransport(p.rt), remote.WithAuth(authn.FromConfig(authn.AuthConfig{Auth: p.token})))
	require.NoError(t, err)

	// Twelve hours later the same credentials are DENIED; a fresh token works.
	p.clock.Advance(12 * time.Hour)
	_, err = remote.Image(p.ref("app:v1"), p.remoteOpts()...)
	requireRegistryError(t, err, http.StatusForbidden, "DENIED", rpExpiredText)
	err = remote.Write(p.ref("app:v2"), img, p.remoteOpts()...)
	assert.Equal(t, http.StatusForbidden, rpTransportError(t, err).StatusCode, "%v", err)
	assert.Equal(t, []string{"v1"}, p.describe("app", rpMust(img.Digest()).String()).ImageTags, "the refused push tagged nothing")

	p.token = p.newToken()
	_, err = remote.Image(p.ref("app:v1"), p.remoteOpts()...)
	require.NoError(t, err)
}
