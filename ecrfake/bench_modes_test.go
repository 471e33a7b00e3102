package ecrfake_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
	"github.com/ecrfake/go-ecrfake/internal/perf"
)

// benchLimits lets benchmarks push as many images as b.N asks for.
var benchLimits = ecrfake.WithLimits(ecrfake.Limits{MaxImagesPerRepository: 1 << 30, MaxRepositories: 1 << 20})

// benchImages is how many images the repository of BenchmarkOps holds.
const benchImages = 1000

// benchModes are the ways a test reaches the fake: direct method calls,
// f.Client() (the SDK client over an in-memory handler), each with New's
// default call log and without it (-nolog), the same client against a
// canned answer (floor: the SDK's own cost, no fake behind it), and
// cmd/ecrfake's server over loopback TCP with a signing SDK client.
var benchModes = []struct {
	name  string
	setup func(b *testing.B, op perf.Op) *perf.Env
}{
	{"direct", func(b *testing.B, _ perf.Op) *perf.Env {
		return seedBench(b, ecrfake.New(benchLimits))
	}},
	{"direct-nolog", func(b *testing.B, _ perf.Op) *perf.Env {
		return seedBench(b, ecrfake.New(ecrfake.WithCallRecording(false), benchLimits))
	}},
	{"client", func(b *testing.B, _ perf.Op) *perf.Env {
		f := ecrfake.New(benchLimits)
		env := seedBench(b, f)
		env.API = f.Client()
		return env
	}},
	{"client-nolog", func(b *testing.B, _ perf.Op) *perf.Env {
		f := ecrfake.New(ecrfake.WithCallRecording(false), benchLimits)
		env := seedBench(b, f)
		env.API = f.Client()
		return env
	}},
	{"floor", func(b *testing.B, op perf.Op) *perf.Env {
		f := ecrfake.New(ecrfake.WithCallRecording(false), benchLimits)
		env := seedBench(b, f)
		// Record the fake's answers to one run of the workload, then replay them.
		rec := &recordingHandler{next: f.Handler(), canned: map[string]cannedHandler{}}
		env.API = floorClient(rec)
		require.NoError(b, op.Call(context.Background(), env))
		env.API = floorClient(rec.replay())
		return env
	}},
	{"loopback", func(b *testing.B, _ perf.Op) *perf.Env {
		l, err := perf.StartLoopback(benchLimits)
		require.NoError(b, err)
		b.Cleanup(func() { _ = l.Close() })
		env := seedBench(b, l.Fake())
		env.API = perf.Client(l.URL)
		return env
	}},
}

func seedBench(b *testing.B, f *ecrfake.Fake) *perf.Env {
	b.Helper()
	env, err := perf.Seed(context.Background(), f, perf.Repo, benchImages, 10, true)
	require.NoError(b, err)
	return env
}

// BenchmarkOps measures the hot operations in every mode:
//
//	go test -run '^$' -bench BenchmarkOps -count 6 ./ecrfake/ | benchstat -col /mode -
func BenchmarkOps(b *testing.B) {
	ctx := context.Background()
	for _, op := range perf.Ops {
		b.Run("op="+op.Name, func(b *testing.B) {
			for _, mode := range benchModes {
				b.Run("mode="+mode.name, func(b *testing.B) {
					env := mode.setup(b, op)
					b.ReportAllocs()
					for b.Loop() {
						if err := op.Call(ctx, env); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

// recordingHandler passes requests to next and keeps the last response to
// each operation (X-Amz-Target), to replay as a canned answer.
type recordingHandler struct {
	next   http.Handler
	mu     sync.Mutex
	canned map[string]cannedHandler
}

func (h *recordingHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	rec := httptest.NewRecorder()
	h.next.ServeHTTP(rec, r)
	h.mu.Lock()
	h.canned[r.Header.Get("X-Amz-Target")] = cannedHandler{header: rec.Header().Clone(), body: bytes.Clone(rec.Body.Bytes())}
	h.mu.Unlock()
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

func (h *recordingHandler) replay() http.Handler {
	h.mu.Lock()
	defer h.mu.Unlock()
	m := make(cannedByTarget, len(h.canned))
	for k, v := range h.canned {
		m[k] = v
	}
	return m
}

// cannedByTarget answers each operation with its recorded response.
type cannedByTarget map[string]cannedHandler

func (m cannedByTarget) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m[r.Header.Get("X-Amz-Target")].ServeHTTP(w, r)
}
