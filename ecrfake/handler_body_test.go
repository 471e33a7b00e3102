package ecrfake

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// bodyRequest is a POST whose body is r and whose announced length is
// announced (-1: unknown).
func bodyRequest(r io.Reader, announced int64) *http.Request {
	req := httptest.NewRequest(http.MethodPost, "/", nil)
	req.Body = io.NopCloser(r)
	req.ContentLength = announced
	return req
}

// errAfter yields its bytes, then err.
type errAfter struct {
	r   io.Reader
	err error
}

func (e *errAfter) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err == io.EOF {
		return n, e.err
	}
	return n, err
}

func TestReadWireBody(t *testing.T) {
	payload := func(n int) string { return strings.Repeat("x", n) }
	tests := []struct {
		name      string
		body      string
		announced int64 // -1: unknown
		wantErr   string
	}{
		{name: "empty, announced", body: "", announced: 0},
		{name: "small, announced", body: `{"repositoryName":"app"}`, announced: 24},
		{name: "small, unknown length", body: `{"repositoryName":"app"}`, announced: -1},
		{name: "exactly the first chunk", body: payload(wireBodyFirstChunk), announced: wireBodyFirstChunk},
		{name: "one past the first chunk", body: payload(wireBodyFirstChunk + 1), announced: wireBodyFirstChunk + 1},
		{name: "several chunks, announced", body: payload(5*wireBodyFirstChunk + 7), announced: 5*wireBodyFirstChunk + 7},
		{name: "several chunks, unknown length", body: payload(5*wireBodyFirstChunk + 7), announced: -1},
		{name: "longer than announced", body: payload(3000), announced: 100},
		{name: "exactly the limit", body: payload(MaxRequestBodyBytes), announced: MaxRequestBodyBytes},
		{name: "over the limit, unknown length", body: payload(MaxRequestBodyBytes + 1), announced: -1, wantErr: "request body too large"},
		{name: "over the limit, announced", body: "", announced: MaxRequestBodyBytes + 1, wantErr: "request body too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readWireBody(httptest.NewRecorder(), bodyRequest(strings.NewReader(tt.body), tt.announced))
			if tt.wantErr != "" {
				var tooBig *http.MaxBytesError
				require.ErrorAs(t, err, &tooBig)
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, len(tt.body), len(got))
			require.True(t, string(got) == tt.body, "the bytes read are the bytes sent")
		})
	}
}

func TestReadWireBodyReportsAReadError(t *testing.T) {
	boom := errors.New("connection reset")
	_, err := readWireBody(httptest.NewRecorder(), bodyRequest(&errAfter{strings.NewReader("partial"), boom}, 30<<20))
	require.ErrorIs(t, err, boom)
}

// A client that announces 30 MiB and sends a few bytes must not cost 30 MiB:
// the buffer grows with the bytes that arrive, not with the claim.
func TestReadWireBodyAllocatesForArrivedBytesOnly(t *testing.T) {
	const announced = 30 << 20
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := readWireBody(httptest.NewRecorder(), bodyRequest(&errAfter{strings.NewReader(`{"repositoryName":`), io.ErrUnexpectedEOF}, announced))
	runtime.ReadMemStats(&after)
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	require.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(1<<20), "bytes allocated for a body that sent 18 of an announced 30 MiB")
}

// BenchmarkReadWireBody reads request bodies of the sizes the wire carries:
// a typical call, a large manifest, and a 10 MiB layer part in base64.
func BenchmarkReadWireBody(b *testing.B) {
	for _, bc := range []struct {
		name      string
		size      int
		announced bool
	}{
		{"200B", 200, true},
		{"200B-chunked", 200, false},
		{"100KiB", 100 << 10, true},
		{"10MiB-part", (10<<20)*4/3 + 64, true},
		{"10MiB-part-chunked", (10<<20)*4/3 + 64, false},
	} {
		b.Run(bc.name, func(b *testing.B) {
			data := bytes.Repeat([]byte("A"), bc.size)
			src := bytes.NewReader(data)
			req := bodyRequest(src, -1)
			if bc.announced {
				req.ContentLength = int64(bc.size)
			}
			w := httptest.NewRecorder()
			b.SetBytes(int64(bc.size))
			b.ReportAllocs()
			for b.Loop() {
				src.Reset(data)
				got, err := readWireBody(w, req)
				if err != nil || len(got) != bc.size {
					b.Fatal(err, len(got))
				}
			}
		})
	}
}
