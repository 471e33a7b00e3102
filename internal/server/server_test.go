package server

import (
	"bytes"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

func TestRegionOf(t *testing.T) {
	tests := []struct {
		name, auth, query, want string
	}{
		{name: "SigV4", auth: "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-west-2/ecr/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc", want: "us-west-2"},
		{name: "no spaces", auth: "AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/ecr/aws4_request,SignedHeaders=host,Signature=abc", want: "eu-west-1"},
		{name: "presigned", query: "X-Amz-Credential=AKID%2F20260101%2Fap-south-1%2Fecr%2Faws4_request", want: "ap-south-1"},
		{name: "unsigned"},
		{name: "SigV2", auth: "AWS AKID:sig"},
		{name: "short scope", auth: "AWS4-HMAC-SHA256 Credential=AKID/us-west-2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/?"+tt.query, nil)
			if tt.auth != "" {
				r.Header.Set("Authorization", tt.auth)
			}
			require.Equal(t, tt.want, RegionOf(r))
		})
	}
}

func newServer(t *testing.T) (*Server, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	return New(Config{AccountID: "210987654321", DefaultRegion: "eu-north-1", Log: log.New(&logs, "", 0)}), &logs
}

func call(s http.Handler, region, op, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	r.Header.Set("X-Amz-Target", ecrfake.TargetPrefix+op)
	if region != "" {
		r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/"+region+"/ecr/aws4_request, SignedHeaders=host, Signature=0")
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

func TestServerRegionsAndReset(t *testing.T) {
	s, logs := newServer(t)
	require.Equal(t, 200, call(s, "us-west-2", "CreateRepository", `{"repositoryName":"app"}`).Code)
	require.Equal(t, 200, call(s, "", "CreateRepository", `{"repositoryName":"app"}`).Code)
	require.Equal(t, 400, call(s, "us-west-2", "CreateRepository", `{"repositoryName":"app"}`).Code)
	require.Equal(t, []string{"eu-north-1", "us-west-2"}, s.Regions())
	require.Equal(t, "210987654321", s.Fake("us-west-2").AccountID())

	w := call(s, "Not A Region!", "DescribeRepositories", `{}`)
	require.Equal(t, 403, w.Code)
	require.JSONEq(t, `{"__type":"InvalidSignatureException","message":"Credential should be scoped to a valid region, not 'Not A Region!'. "}`, w.Body.String())
	require.Equal(t, "InvalidSignatureException", w.Header().Get("X-Amzn-ErrorType"))

	get := httptest.NewRecorder()
	s.ServeHTTP(get, httptest.NewRequest(http.MethodGet, ResetPath, nil))
	require.Equal(t, http.StatusMethodNotAllowed, get.Code)
	require.Len(t, s.Regions(), 2)

	reset := httptest.NewRecorder()
	s.ServeHTTP(reset, httptest.NewRequest(http.MethodPost, ResetPath, nil))
	require.Equal(t, 200, reset.Code)
	require.Empty(t, s.Regions())
	require.JSONEq(t, `{"repositories":[]}`, call(s, "us-west-2", "DescribeRepositories", `{}`).Body.String())

	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	require.Len(t, lines, 7)
	require.Regexp(t, `^POST CreateRepository us-west-2 200 \S+$`, lines[0])
	require.Regexp(t, `^POST CreateRepository eu-north-1 200 `, lines[1])
	require.Regexp(t, `^POST CreateRepository us-west-2 400 `, lines[2])
	require.Regexp(t, `^POST DescribeRepositories "Not A Region!" 403 `, lines[3])
	require.Regexp(t, `^GET reset eu-north-1 405 `, lines[4])
}

// An injected transport failure drops the connection; the log says so.
func TestServerLogsAbortedResponses(t *testing.T) {
	s, logs := newServer(t)
	s.Fake("eu-north-1").Inject(ecrfake.Fail(ecrfake.OpDescribeRegistry, ecrfake.ErrConnectionReset()))
	require.PanicsWithValue(t, http.ErrAbortHandler, func() { call(s, "", "DescribeRegistry", `{}`) })
	require.Contains(t, logs.String(), "POST DescribeRegistry eu-north-1 aborted ")
}

func TestNewRejectsBadConfig(t *testing.T) {
	require.Panics(t, func() { New(Config{AccountID: "1", DefaultRegion: "us-east-1"}) })
	require.Panics(t, func() { New(Config{AccountID: "123456789012", DefaultRegion: ""}) })
}
