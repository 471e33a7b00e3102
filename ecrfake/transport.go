package ecrfake

// Transport: the fake's hosts, in memory.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"

	"github.com/ecrfake/go-ecrfake/internal/registry"
)

// Transport returns an http.RoundTripper that answers, in memory, the hosts
// code under test uses with real ECR, so references built from
// repositoryUri and proxyEndpoint work unchanged:
//
//   - the registry endpoint <account>.dkr.ecr.<region>.amazonaws.com (and
//     its FIPS, dual-stack and China forms) of the fake's region: the
//     registry data plane, as Handler serves it;
//   - the ECR API endpoint api.ecr.<region>.amazonaws.com (and
//     ecr.<region>.amazonaws.com, ecr-fips...): awsJson1.1, as Handler;
//   - the layer download URLs the fake hands out (GetDownloadUrlForLayer,
//     and the 307 of a blob GET).
//
// Any other host is refused with an error naming the hosts it serves; the
// network is never used. There is no listener, no goroutine and no copy of
// a blob: a blob GET's body reads the stored bytes. It works inside
// testing/synctest. Use it with go-containerregistry as
// remote.WithTransport(f.Transport()), or as http.Client{Transport: f.Transport()}.
func (f *Fake) Transport() http.RoundTripper {
	return &transport{f: f, h: f.Handler()}
}

type transport struct {
	f *Fake
	h http.Handler
}

// serves reports whether host (port ignored) is one of the fake's.
func (t *transport) serves(host string) bool {
	h := strings.ToLower(host)
	if hh, _, err := net.SplitHostPort(h); err == nil {
		h = hh
	}
	region := t.f.cfg.region
	if _, r, ok := registry.ParseHost(h); ok {
		return r == region
	}
	_, suffix := partition(region)
	switch h {
	case "api.ecr." + region + "." + suffix, "ecr." + region + "." + suffix,
		"ecr-fips." + region + "." + suffix, "api.ecr-fips." + region + "." + suffix,
		"ecr." + region + ".api.aws":
		return true
	}
	return t.f.isDownloadHost(h)
}

// RoundTrip serves r in memory.
func (t *transport) RoundTrip(r *http.Request) (*http.Response, error) {
	closeBody := func() {
		if r.Body != nil {
			_ = r.Body.Close()
		}
	}
	if r.URL == nil {
		closeBody()
		return nil, fmt.Errorf("ecrfake: Transport: request without a URL")
	}
	host := r.URL.Host
	if r.Host != "" {
		host = r.Host
	}
	if !t.serves(host) {
		closeBody()
		_, suffix := partition(t.f.cfg.region)
		return nil, fmt.Errorf("ecrfake: Transport serves %s, api.ecr.%s.%s and the fake's layer download URLs, not %q (it never uses the network)",
			registry.RegistryHost(t.f.cfg.accountID, t.f.cfg.region), t.f.cfg.region, suffix, host)
	}
	if err := r.Context().Err(); err != nil {
		closeBody()
		return nil, err
	}
	req := r.WithContext(context.WithValue(r.Context(), inMemoryKey{}, true))
	if req.Host == "" {
		req.Host = host
	}
	w := &memWriter{header: http.Header{}, dropAfter: -1}
	t.h.ServeHTTP(w, req)
	closeBody()
	if w.abort != nil {
		return nil, w.abort
	}
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	if w.status == 0 {
		w.status = http.StatusOK
	}
	resp := &http.Response{
		Status:     strconv.Itoa(w.status) + " " + http.StatusText(w.status),
		StatusCode: w.status,
		Proto:      "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:  w.header,
		Request: r,
	}
	resp.ContentLength = -1
	if cl, err := strconv.ParseInt(w.header.Get("Content-Length"), 10, 64); err == nil {
		resp.ContentLength = cl
	}
	var body io.Reader = bytes.NewReader(w.body.Bytes())
	if w.stream != nil {
		body = w.stream
	}
	if w.dropAfter >= 0 {
		body = &droppingReader{r: body, left: w.dropAfter}
	}
	switch {
	case r.Method == http.MethodHead:
		resp.Body = http.NoBody
	default:
		resp.Body = io.NopCloser(body)
	}
	return resp, nil
}

// memWriter is the ResponseWriter of Transport: small bodies are written
// into a buffer; a blob is handed over as its reader (stream), so the
// client reads the stored bytes directly.
type memWriter struct {
	header    http.Header
	status    int
	body      bytes.Buffer
	stream    io.Reader
	dropAfter int64
	abort     error
}

func (w *memWriter) Header() http.Header { return w.header }

func (w *memWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *memWriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.body.Write(b)
}

// droppingReader ends a body after left bytes as a dropped connection does.
type droppingReader struct {
	r    io.Reader
	left int64
}

func (d *droppingReader) Read(p []byte) (int, error) {
	if d.left <= 0 {
		return 0, io.ErrUnexpectedEOF
	}
	if int64(len(p)) > d.left {
		p = p[:d.left]
	}
	n, err := d.r.Read(p)
	d.left -= int64(n)
	return n, err
}

// serveRegistrySafely is serveRegistry with a last resort: a panic below
// it is a 500, never a crashed test binary (http.ErrAbortHandler, the
// deliberate dropped connection, passes through).
func (f *Fake) serveRegistrySafely(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			registry.WriteError(w, registry.ServerError(fmt.Sprintf("internal error: %v", p)))
		}
	}()
	f.serveRegistry(w, r)
}
