package server

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// A handler that answers without reading its body (a 401, the registry's
// ping, an unknown operation, /health) leaves the body to net/http, which
// reads what is left before it writes the response. That read is bounded by
// the idle timeout too: a body that stalls there ends the request within it,
// with the handler's answer and the connection closed, never holding the
// connection open for as long as the client likes.
func TestUnreadBodyThatStallsEnds(t *testing.T) {
	const idle = 300 * time.Millisecond
	tests := []struct {
		name   string
		head   string // request line and headers, without the blank line
		body   string // sent, then the body stalls
		status int
	}{
		{name: "registry ping, unauthenticated", head: "GET /v2/ HTTP/1.1\r\nHost: x\r\nContent-Length: 100",
			body: "abc", status: http.StatusUnauthorized},
		{name: "registry upload, unauthenticated, chunked", head: "PATCH /v2/app/blobs/uploads/00000000-0000-4001-8001-000000000001 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked",
			body: "5\r\nhel", status: http.StatusUnauthorized},
		{name: "unknown operation, chunked", head: "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: " + ecrfake.TargetPrefix + "NoSuchOperation\r\nTransfer-Encoding: chunked",
			body: "5\r\nhel", status: http.StatusBadRequest},
		{name: "health", head: "GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 10",
			body: "{", status: http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := idleServer(t, idle)
			conn, err := net.Dial("tcp", ts.Listener.Addr().String())
			require.NoError(t, err)
			t.Cleanup(func() { conn.Close() })
			// The test's own bound: without the fix the server waits for the body forever.
			require.NoError(t, conn.SetDeadline(time.Now().Add(10*time.Second)))
			began := time.Now()
			_, err = fmt.Fprintf(conn, "%s\r\n\r\n%s", tt.head, tt.body)
			require.NoError(t, err)

			resp, body := readResponse(t, conn)
			require.Equal(t, tt.status, resp.StatusCode, body)
			require.Less(t, time.Since(began), 5*time.Second, "answered within a few idle timeouts")
			_, err = conn.Read(make([]byte, 1))
			require.True(t, errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET), "the server closed the connection: %v", err)
		})
	}
}

// The unread rest of a body that does arrive is read as net/http reads it,
// and the connection serves the next request.
func TestUnreadBodyThatArrivesKeepsTheConnection(t *testing.T) {
	ts := idleServer(t, 300*time.Millisecond)
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	require.NoError(t, conn.SetDeadline(time.Now().Add(10*time.Second)))
	for range 2 {
		_, err = fmt.Fprintf(conn, "GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n%s", strings.Repeat("x", 5000))
		require.NoError(t, err)
		resp, body := readResponse(t, conn)
		require.Equal(t, http.StatusOK, resp.StatusCode, body)
		require.Empty(t, resp.Header.Get("Connection"), "kept alive")
	}
}
