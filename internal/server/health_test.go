package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

func TestHealth(t *testing.T) {
	s := New(Config{AccountID: "210987654321", DefaultRegion: "eu-north-1", Version: "v1.2.3", Now: func() time.Time { return start }})
	read := func() health {
		t.Helper()
		w := control(s, http.MethodGet, HealthPath, "")
		require.Equal(t, http.StatusOK, w.Code)
		require.Equal(t, "application/json", w.Header().Get("Content-Type"))
		var h health
		require.NoError(t, json.Unmarshal(w.Body.Bytes(), &h))
		return h
	}
	fresh := read()
	require.Equal(t, health{Status: "ok", Version: "v1.2.3", AccountID: "210987654321", DefaultRegion: "eu-north-1",
		MaxRegions: DefaultMaxRegions, Registries: []heldRegistry{}, Clock: s.clock.state()}, fresh)

	require.Equal(t, 200, call(s, "cn-north-1", "DescribeRepositories", `{}`).Code)
	require.Equal(t, 200, call(s, "", "DescribeRepositories", `{}`).Code)
	require.Equal(t, []heldRegistry{
		{Region: "cn-north-1", RegistryID: "210987654321", Host: "210987654321.dkr.ecr.cn-north-1.amazonaws.com.cn"},
		{Region: "eu-north-1", RegistryID: "210987654321", Host: "210987654321.dkr.ecr.eu-north-1.amazonaws.com"},
	}, read().Registries)

	head := control(s, http.MethodHead, HealthPath, "")
	require.Equal(t, http.StatusOK, head.Code, "wget --spider and curl -I probe with HEAD")

	post := control(s, http.MethodPost, HealthPath, "")
	require.Equal(t, http.StatusMethodNotAllowed, post.Code)
	require.Equal(t, "GET, HEAD", post.Header().Get("Allow"))
}

// The server's own paths never shadow the ECR API (any path, POST with
// X-Amz-Target) nor the registry under /v2/.
func TestControlPathsLeaveTheAPIAlone(t *testing.T) {
	s := newClockedServer(t)
	for _, path := range []string{HealthPath, ClockPath, ClockAdvancePath} {
		r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(`{}`))
		r.Header.Set("X-Amz-Target", ecrfake.TargetPrefix+"DescribeRepositories")
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		require.Equal(t, http.StatusOK, w.Code, path)
		require.JSONEq(t, `{"repositories":[]}`, w.Body.String(), path)
	}
	for _, path := range []string{"/v2/", "/v2/health", "/v2/ecrfake/clock"} {
		name, serve := s.control(httptest.NewRequest(http.MethodGet, path, nil))
		require.Nil(t, serve, path)
		require.Empty(t, name, path)
	}
	require.Zero(t, s.Clock().Offset())
}
