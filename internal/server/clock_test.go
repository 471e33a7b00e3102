package server

import (
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// start is the real time of the stopped clocks these tests use.
const maxDuration = time.Duration(math.MaxInt64)

var start = time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)

func newClockedServer(t *testing.T, opts ...ecrfake.Option) *Server {
	t.Helper()
	return New(Config{AccountID: "210987654321", DefaultRegion: "eu-north-1", Now: func() time.Time { return start }, Options: opts})
}

func control(s http.Handler, method, target, body string) *httptest.ResponseRecorder {
	var r *http.Request
	if body == "" {
		r = httptest.NewRequest(method, target, nil)
	} else {
		r = httptest.NewRequest(method, target, strings.NewReader(body))
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

func readClock(t *testing.T, s http.Handler) clockState {
	t.Helper()
	w := control(s, http.MethodGet, ClockPath, "")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var c clockState
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &c))
	return c
}

func TestClockAdvanceEndpoint(t *testing.T) {
	tests := []struct {
		name, method, target, body string
		status                     int
		wantOffset                 time.Duration // on success
		wantMessage                string        // on failure
	}{
		{name: "query", method: "POST", target: ClockAdvancePath + "?duration=12h", status: 200, wantOffset: 12 * time.Hour},
		{name: "JSON body", method: "POST", target: ClockAdvancePath, body: `{"duration":"1h30m"}`, status: 200, wantOffset: 90 * time.Minute},
		{name: "zero is allowed", method: "POST", target: ClockAdvancePath + "?duration=0s", status: 200},
		{name: "negative", method: "POST", target: ClockAdvancePath + "?duration=-1s", status: 400, wantMessage: "cannot advance the clock by -1s: time never runs backwards"},
		{name: "malformed", method: "POST", target: ClockAdvancePath + "?duration=2d", status: 400, wantMessage: `duration "2d" is not a Go duration; write it like 90s, 15m, 12h or 36h30m`},
		{name: "no unit", method: "POST", target: ClockAdvancePath + "?duration=60", status: 400, wantMessage: `duration "60" is not a Go duration`},
		{name: "missing", method: "POST", target: ClockAdvancePath, status: 400, wantMessage: "no duration: POST /ecrfake/clock/advance?duration=12h"},
		{name: "body not JSON", method: "POST", target: ClockAdvancePath, body: `12h`, status: 400, wantMessage: `the body must be JSON like {"duration":"12h"}`},
		{name: "body without duration", method: "POST", target: ClockAdvancePath, body: `{"seconds":3600}`, status: 400, wantMessage: `the body must be JSON like {"duration":"12h"}`},
		{name: "both query and body", method: "POST", target: ClockAdvancePath + "?duration=1h", body: `{"duration":"1h"}`, status: 400, wantMessage: "give the duration once"},
		{name: "huge body", method: "POST", target: ClockAdvancePath, body: `{"duration":"1h","pad":"` + strings.Repeat("x", 5000) + `"}`, status: 400, wantMessage: "the body is over 4096 bytes"},
		{name: "GET advance", method: "GET", target: ClockAdvancePath + "?duration=1h", status: 405, wantMessage: "POST to /ecrfake/clock/advance"},
		{name: "POST clock", method: "POST", target: ClockPath, status: 405, wantMessage: "GET /ecrfake/clock reads the clock"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newClockedServer(t)
			w := control(s, tt.method, tt.target, tt.body)
			require.Equal(t, tt.status, w.Code, w.Body.String())
			require.Equal(t, "application/json", w.Header().Get("Content-Type"))
			if tt.status != 200 {
				var e struct{ Message string }
				require.NoError(t, json.Unmarshal(w.Body.Bytes(), &e))
				require.Contains(t, e.Message, tt.wantMessage)
				require.Zero(t, s.Clock().Offset(), "a refused advance moves nothing")
				return
			}
			var got clockState
			require.NoError(t, json.Unmarshal(w.Body.Bytes(), &got))
			want := start.Add(tt.wantOffset)
			require.Equal(t, clockState{
				Now:           want.Format("2006-01-02T15:04:05.000Z"),
				EpochSeconds:  float64(want.UnixMilli()) / 1000,
				Offset:        tt.wantOffset.String(),
				OffsetSeconds: tt.wantOffset.Seconds(),
			}, got)
			require.Equal(t, got, readClock(t, s), "GET reads what POST answered")
		})
	}
}

func TestClockNeverRunsBackwards(t *testing.T) {
	c := NewClock(func() time.Time { return start })
	require.NoError(t, c.Advance(time.Hour))
	require.ErrorContains(t, c.Advance(-time.Nanosecond), "never runs backwards")
	require.NoError(t, c.Advance(maxDuration-time.Hour))
	require.ErrorContains(t, c.Advance(time.Nanosecond), "would exceed")
	require.Equal(t, maxDuration, c.Offset())
	require.Equal(t, start.Add(maxDuration), c.Now())
}

// Reset drops the registries but not the clock's offset.
func TestResetKeepsTheClock(t *testing.T) {
	s := newClockedServer(t)
	require.Equal(t, 200, control(s, "POST", ClockAdvancePath+"?duration=3h", "").Code)
	require.Equal(t, 200, control(s, "POST", ResetPath, "").Code)
	require.Equal(t, "3h0m0s", readClock(t, s).Offset)
}

// callJSON makes an ECR API call through the server and decodes the answer.
func callJSON(t *testing.T, s http.Handler, op, body string, out any) {
	t.Helper()
	w := call(s, "", op, body)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), out), w.Body.String())
}

// What the clock drives, seen over HTTP: token expiry, scan completion and
// image ages for lifecycle rules all move when the endpoint says time passes.
func TestClockDrivesTheFakes(t *testing.T) {
	s := newClockedServer(t, ecrfake.WithScanDuration(10*time.Minute))
	advance := func(d string) {
		t.Helper()
		w := control(s, "POST", ClockAdvancePath+"?duration="+d, "")
		require.Equal(t, 200, w.Code, w.Body.String())
	}

	t.Run("token expiry", func(t *testing.T) {
		var first, second struct {
			AuthorizationData []struct{ ExpiresAt float64 }
		}
		callJSON(t, s, "GetAuthorizationToken", `{}`, &first)
		require.Len(t, first.AuthorizationData, 1)
		expires := first.AuthorizationData[0].ExpiresAt
		require.Greater(t, expires, readClock(t, s).EpochSeconds, "a fresh token is valid")

		advance("12h")
		require.GreaterOrEqual(t, readClock(t, s).EpochSeconds, expires, "12 hours later the token has expired")
		callJSON(t, s, "GetAuthorizationToken", `{}`, &second)
		require.InDelta(t, expires+12*3600, second.AuthorizationData[0].ExpiresAt, 0.001, "a new token expires 12 hours after the new now")
	})

	t.Run("scan completion", func(t *testing.T) {
		_, err := s.Fake("eu-north-1").Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{Name: "scanned", Images: []ecrfake.SeedImage{{Tags: []string{"v1"}}}}}})
		require.NoError(t, err)
		var started struct{ ImageScanStatus struct{ Status string } }
		callJSON(t, s, "StartImageScan", `{"repositoryName":"scanned","imageId":{"imageTag":"v1"}}`, &started)
		require.Equal(t, "IN_PROGRESS", started.ImageScanStatus.Status)
		status := func() string {
			var out struct{ ImageScanStatus struct{ Status string } }
			callJSON(t, s, "DescribeImageScanFindings", `{"repositoryName":"scanned","imageId":{"imageTag":"v1"}}`, &out)
			return out.ImageScanStatus.Status
		}
		advance("9m59s")
		require.Equal(t, "IN_PROGRESS", status())
		advance("1s")
		require.Equal(t, "COMPLETE", status())
	})

	t.Run("lifecycle ages", func(t *testing.T) {
		_, err := s.Fake("eu-north-1").Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{Name: "aged", Images: []ecrfake.SeedImage{{Tags: []string{"old"}}}}}})
		require.NoError(t, err)
		policy := `{"rules":[{"rulePriority":1,"selection":{"tagStatus":"any","countType":"sinceImagePushed","countUnit":"days","countNumber":1},"action":{"type":"expire"}}]}`
		body, _ := json.Marshal(map[string]string{"repositoryName": "aged", "lifecyclePolicyText": policy})
		var ignored struct{}
		callJSON(t, s, "PutLifecyclePolicy", string(body), &ignored)
		expiring := func() int {
			callJSON(t, s, "StartLifecyclePolicyPreview", `{"repositoryName":"aged"}`, &ignored)
			advance("5s") // the preview's run time
			var out struct {
				Status         string
				PreviewResults []struct{ ImageTags []string }
			}
			callJSON(t, s, "GetLifecyclePolicyPreview", `{"repositoryName":"aged"}`, &out)
			require.Equal(t, "COMPLETE", out.Status)
			return len(out.PreviewResults)
		}
		require.Zero(t, expiring(), "a fresh image is not a day old")
		advance("24h")
		assert.Equal(t, 1, expiring(), "a day later it is")
	})
}
