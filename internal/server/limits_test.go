package server

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

func TestMaxRegions(t *testing.T) {
	s := New(Config{AccountID: "210987654321", DefaultRegion: "eu-north-1", MaxRegions: 2})
	require.Equal(t, 200, call(s, "", "DescribeRepositories", `{}`).Code)
	require.Equal(t, 200, call(s, "us-west-2", "CreateRepository", `{"repositoryName":"app"}`).Code)

	refused := call(s, "made-up-9", "DescribeRepositories", `{}`)
	require.Equal(t, http.StatusForbidden, refused.Code)
	require.Equal(t, "InvalidSignatureException", refused.Header().Get("X-Amzn-ErrorType"))
	var e struct{ Type, Message string }
	require.NoError(t, json.Unmarshal(refused.Body.Bytes(), &struct {
		Type    *string `json:"__type"`
		Message *string `json:"message"`
	}{&e.Type, &e.Message}))
	require.Equal(t, "InvalidSignatureException", e.Type)
	require.Equal(t, "Credential should be scoped to a valid region, not 'made-up-9'. ecrfake holds registries for at most 2 regions "+
		"(-max-regions) and all are in use; POST /moto-api/reset to drop them, or restart ecrfake with a larger -max-regions.", e.Message)
	require.Equal(t, []string{"eu-north-1", "us-west-2"}, s.Regions(), "a refused region creates nothing")
	require.PanicsWithValue(t, "server: "+e.Message, func() { s.Fake("made-up-9") })

	// The regions that exist keep working.
	require.Equal(t, 400, call(s, "us-west-2", "CreateRepository", `{"repositoryName":"app"}`).Code, "the repository is still there")

	require.Equal(t, 200, control(s, http.MethodPost, ResetPath, "").Code)
	require.Equal(t, 200, call(s, "made-up-9", "DescribeRepositories", `{}`).Code, "a reset frees the slots")
}

// A stream of arbitrary region names costs at most MaxRegions registries.
func TestArbitraryRegionNamesAreBounded(t *testing.T) {
	s := New(Config{AccountID: "210987654321", DefaultRegion: "eu-north-1"})
	refused := 0
	for i := range 1000 {
		if call(s, fmt.Sprintf("r-%d", i), "DescribeRegistry", `{}`).Code == http.StatusForbidden {
			refused++
		}
	}
	require.Len(t, s.Regions(), DefaultMaxRegions)
	require.Equal(t, 1000-DefaultMaxRegions, refused)
}

func TestNewRejectsNegativeLimits(t *testing.T) {
	require.PanicsWithValue(t, "server: BodyIdleTimeout -1s, BodyMinBytes 0 and MaxRegions 0 cannot be negative (zero means the default)", func() {
		New(Config{AccountID: "210987654321", DefaultRegion: "eu-north-1", BodyIdleTimeout: -time.Second})
	})
	require.Panics(t, func() { New(Config{AccountID: "210987654321", DefaultRegion: "eu-north-1", MaxRegions: -1}) })
	require.Panics(t, func() { New(Config{AccountID: "210987654321", DefaultRegion: "eu-north-1", BodyMinBytes: -1}) })
}

// idleServer serves s on loopback; rawRequest writes the head of an ECR
// call announcing length bytes of body and returns the connection.
func idleServer(t *testing.T, idle time.Duration) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(New(Config{AccountID: "210987654321", DefaultRegion: "eu-north-1", BodyIdleTimeout: idle}))
	t.Cleanup(ts.Close)
	return ts
}

func rawRequest(t *testing.T, ts *httptest.Server, op string, length int) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	// No test waits on the server for long: a hang fails instead.
	require.NoError(t, conn.SetDeadline(time.Now().Add(20*time.Second)))
	_, err = fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: %s%s\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: %d\r\n\r\n",
		ecrfake.TargetPrefix, op, length)
	require.NoError(t, err)
	return conn
}

func readResponse(t *testing.T, conn net.Conn) (*http.Response, string) {
	t.Helper()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}

func TestBodyIdleTimeout(t *testing.T) {
	const idle = 300 * time.Millisecond
	tests := []struct {
		name    string
		sent    string // the body sent before it stalls
		trickle bool   // then a byte every idle/6, for as long as the server reads
		length  int
		stalled int // bytes of the last interval, in the message
	}{
		{name: "nothing sent", length: 100},
		{name: "stops midway", sent: `{"repositoryName":`, length: 100, stalled: 18},
		{name: "a byte at a time", sent: `{"repositoryName":`, trickle: true, length: 8192},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := idleServer(t, idle)
			began := time.Now() // the server's first read, and its deadline, come after
			conn := rawRequest(t, ts, "CreateRepository", tt.length)
			_, err := io.WriteString(conn, tt.sent)
			require.NoError(t, err)
			stop := make(chan struct{})
			trickled := make(chan int, 1)
			go func() {
				n := 0
				defer func() { trickled <- n }()
				for tt.trickle {
					select {
					case <-stop:
						return
					case <-time.After(idle / 6):
					}
					if _, err := io.WriteString(conn, " "); err != nil {
						return
					}
					n++
				}
			}()
			resp, body := readResponse(t, conn)
			close(stop)
			n := <-trickled
			require.GreaterOrEqual(t, time.Since(began), idle, "ended only after the idle timeout")
			require.Equal(t, http.StatusBadRequest, resp.StatusCode)
			require.Equal(t, "SerializationException", resp.Header.Get("X-Amzn-ErrorType"))
			require.Regexp(t, `Cannot read the request body: the request body stalled: \d+ bytes arrived in 300ms \(\d+ in all\), `+
				`and ecrfake ends a body that sends fewer than 4096 bytes in any -body-idle-timeout`, body)
			if tt.trickle {
				require.Greater(t, n, 0, "bytes kept coming, too few")
			} else {
				require.Contains(t, body, fmt.Sprintf("stalled: %d bytes arrived in 300ms (%d in all)", tt.stalled, len(tt.sent)))
			}
			// Closed: EOF, or a reset where trickled bytes were left unread.
			_, err = conn.Read(make([]byte, 1))
			require.True(t, errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET), "the server closed the connection: %v", err)
		})
	}
}

// A body that keeps sending is never cut, however long it takes in total:
// here more than two idle timeouts' worth of 4 KiB pieces, each well within
// a timeout of the last.
func TestBodyThatKeepsFlowingIsNotCut(t *testing.T) {
	const idle = 500 * time.Millisecond
	ts := idleServer(t, idle)
	head, tail, piece := `{"repositoryName":"slow"`, `}`, strings.Repeat(" ", DefaultBodyMinBytes)
	const pieces = 24
	conn := rawRequest(t, ts, "CreateRepository", len(head)+pieces*len(piece)+len(tail))
	_, err := io.WriteString(conn, head)
	require.NoError(t, err)
	began := time.Now()
	for range pieces {
		time.Sleep(idle / 10)
		_, err := io.WriteString(conn, piece)
		require.NoError(t, err)
	}
	_, err = io.WriteString(conn, tail)
	require.NoError(t, err)
	resp, body := readResponse(t, conn)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	require.Greater(t, time.Since(began), 2*idle, "the whole body took longer than the idle timeout")
	require.Contains(t, body, `"repositoryName":"slow"`)

	// The connection is still good for the next request.
	_, err = fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: %sDescribeRepositories\r\nContent-Length: 2\r\n\r\n{}", ecrfake.TargetPrefix)
	require.NoError(t, err)
	resp, body = readResponse(t, conn)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
}

// A handler that reads its whole body and then works for longer than the
// idle timeout keeps its request: the deadline is net/http's again after EOF.
func TestIdleDeadlineEndsWithTheBody(t *testing.T) {
	const idle = 100 * time.Millisecond
	s := New(Config{AccountID: "210987654321", DefaultRegion: "eu-north-1", BodyIdleTimeout: idle})
	ecrfake.Intercept(s.Fake("eu-north-1"), func(ctx context.Context, in *ecr.DescribeRepositoriesInput,
		next func(context.Context, *ecr.DescribeRepositoriesInput) (*ecr.DescribeRepositoriesOutput, error)) (*ecr.DescribeRepositoriesOutput, error) {
		time.Sleep(3 * idle) // real work, after the body was read
		return next(ctx, in)
	})
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	req, err := http.NewRequest(http.MethodPost, ts.URL, strings.NewReader(`{}`))
	require.NoError(t, err)
	req.Header.Set("X-Amz-Target", ecrfake.TargetPrefix+"DescribeRepositories")
	resp, err := ts.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(b))
}

func TestBodyIdleErrorIsADeadline(t *testing.T) {
	err := error(&BodyIdleError{Idle: time.Second, MinBytes: 4096, Stalled: 3, Received: 3})
	require.ErrorIs(t, err, os.ErrDeadlineExceeded)
	var timeout interface{ Timeout() bool }
	require.ErrorAs(t, err, &timeout)
	require.True(t, timeout.Timeout())
}
