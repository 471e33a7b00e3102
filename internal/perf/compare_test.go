package perf

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/stretchr/testify/require"
)

// Request counts of the comparison: small, so that one run against moto
// (milliseconds per call) takes seconds, not minutes.
const (
	compareImages    = 100  // images in the compared repository: exactly one page
	compareCalls     = 40   // timed calls per operation and server
	compareWarmup    = 3    // untimed calls first
	compareBigImages = 1000 // images of the "whole listing" row
	compareBigCalls  = 5
)

// TestCompareWithMoto runs the same Go SDK client and the same call sequence
// against cmd/ecrfake's server and against moto_server, both on loopback,
// and prints per-call medians and their ratio:
//
//	go test -run TestCompareWithMoto -v ./internal/perf
//
// It runs only when named by -run (so go test ./... never starts moto), and
// skips when moto_server (or python3 -m moto.server) is not installed.
//
// Fairness: moto ignores maxResults on DescribeImages and ListImages, so the
// compared repository holds exactly one page (100 images) and both servers
// return the same 100 items. The "all 1000 images" row lists a 1000-image
// repository completely: ecrfake in 10 pages of 100 (following nextToken),
// moto in the one call it answers with everything. moto implements no layer
// upload, so that row is ecrfake's alone.
//
// The floor column is the same client against a loopback server that
// answers every call with a canned copy of ecrfake's response: the cost of
// the SDK client, signing, HTTP and TCP alone. moto/floor bounds the ratio
// any server could reach on this machine.
func TestCompareWithMoto(t *testing.T) {
	if !namedByRun("TestCompareWithMoto") {
		t.Skip("starts moto_server: run it by name, go test -run TestCompareWithMoto -v ./internal/perf")
	}
	ctx := context.Background()
	motoURL := startMoto(t)

	lb, err := StartLoopback()
	require.NoError(t, err)
	t.Cleanup(func() { _ = lb.Close() })

	type target struct {
		name   string
		env    *Env
		layers bool
	}
	ecrfakeT, motoT := &target{name: "ecrfake", layers: true}, &target{name: "moto"}
	for _, tg := range []*target{ecrfakeT, motoT} {
		url := lb.URL
		if tg == motoT {
			url = motoURL
		}
		start := time.Now()
		tg.env, err = Seed(ctx, Client(url), Repo, compareImages, 10, tg.layers)
		require.NoError(t, err, tg.name)
		t.Logf("%s: seeded %d images in %s", tg.name, compareImages, time.Since(start).Round(time.Millisecond))
	}

	// The floor: ecrfake's answers, recorded once, replayed by a server that
	// does nothing else.
	canned := &cannedServer{byTarget: map[string]cannedResponse{}}
	rec := NewEnv(Client(lb.URL, func(o *ecr.Options) { o.HTTPClient = recordingClient{canned} }), Repo, compareImages)
	rec.puts, rec.uploads = 1<<20, 1<<20 // distinct from the timed run's manifests and layers
	for _, op := range Ops {
		require.NoError(t, op.Call(ctx, rec), "recording %s", op.Name)
	}
	floorSrv, err := Serve(canned)
	require.NoError(t, err)
	t.Cleanup(func() { _ = floorSrv.Close() })
	floorT := &target{name: "floor", layers: true, env: NewEnv(Client(floorSrv.URL), Repo, compareImages)}

	type row struct {
		name                 string
		ecrfake, moto, floor time.Duration // medians; 0: not run
		note                 string
	}
	var rows []row
	for _, op := range Ops {
		r := row{name: op.Name}
		for _, tg := range []*target{ecrfakeT, floorT, motoT} {
			if op.Layers && !tg.layers {
				r.note = "moto: not implemented"
				continue
			}
			d, err := medianOf(compareWarmup, compareCalls, func() error { return op.Call(ctx, tg.env) })
			require.NoError(t, err, "%s %s", tg.name, op.Name)
			switch tg {
			case motoT:
				r.moto = d
			case floorT:
				r.floor = d
			default:
				r.ecrfake = d
			}
		}
		rows = append(rows, r)
	}

	// The whole listing of a larger repository.
	big := row{name: fmt.Sprintf("DescribeImages, all %d images", compareBigImages), note: "ecrfake: 10 pages of 100; moto: 1 call (ignores maxResults)"}
	for _, tg := range []*target{ecrfakeT, motoT} {
		start := time.Now()
		env, err := Seed(ctx, tg.env.API, "big", compareBigImages, 0, tg.layers)
		require.NoError(t, err, tg.name)
		t.Logf("%s: seeded %d images in %s", tg.name, compareBigImages, time.Since(start).Round(time.Millisecond))
		d, err := medianOf(1, compareBigCalls, func() error { return describeAll(ctx, env, compareBigImages) })
		require.NoError(t, err, tg.name)
		if tg == motoT {
			big.moto = d
		} else {
			big.ecrfake = d
		}
	}
	rows = append(rows, big)

	var b strings.Builder
	w := tabwriter.NewWriter(&b, 2, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "call (median)\tecrfake\tmoto\tmoto/ecrfake\tfloor\tmoto/floor\t")
	ratio := func(a, b time.Duration) string {
		if a == 0 || b == 0 {
			return "-"
		}
		return fmt.Sprintf("%.0f×", float64(a)/float64(b))
	}
	for _, r := range rows {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t  %s\n", r.name, fmtDur(r.ecrfake), fmtDur(r.moto), ratio(r.moto, r.ecrfake),
			fmtDur(r.floor), ratio(r.moto, r.floor), r.note)
	}
	_ = w.Flush()
	fmt.Printf("Go SDK client over loopback, %d timed calls per row (%d for the last); floor: canned responses\n%s",
		compareCalls, compareBigCalls, b.String())
}

// namedByRun reports whether the -run pattern names the test (contains its
// name), rather than merely matches it.
func namedByRun(name string) bool {
	f := flag.Lookup("test.run")
	return f != nil && strings.Contains(f.Value.String(), name)
}

// cannedServer answers each operation (X-Amz-Target) with a recorded
// response.
type cannedServer struct {
	mu       sync.Mutex
	byTarget map[string]cannedResponse
}

type cannedResponse struct {
	status int
	header http.Header
	body   []byte
}

func (c *cannedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	c.mu.Lock()
	resp, ok := c.byTarget[r.Header.Get("X-Amz-Target")]
	c.mu.Unlock()
	if !ok {
		http.Error(w, "no canned response", http.StatusNotImplemented)
		return
	}
	for k, v := range resp.header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.status)
	_, _ = w.Write(resp.body)
}

// recordingClient is an ecr.HTTPClient that keeps a copy of each response.
type recordingClient struct{ c *cannedServer }

func (rc recordingClient) Do(r *http.Request) (*http.Response, error) {
	target := r.Header.Get("X-Amz-Target")
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	h := resp.Header.Clone()
	h.Del("Date")
	rc.c.mu.Lock()
	rc.c.byTarget[target] = cannedResponse{status: resp.StatusCode, header: h, body: body}
	rc.c.mu.Unlock()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// describeAll lists every image of env's repository with maxResults 100,
// following nextToken.
func describeAll(ctx context.Context, env *Env, want int) error {
	n := 0
	var token *string
	for {
		out, err := env.API.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String(env.Repo), MaxResults: aws.Int32(PageSize), NextToken: token})
		if err != nil {
			return err
		}
		n += len(out.ImageDetails)
		if token = out.NextToken; token == nil {
			break
		}
	}
	if n != want {
		return fmt.Errorf("listed %d images, want %d", n, want)
	}
	return nil
}

// medianOf calls fn warmup times untimed, then n times timed, and returns
// the median duration.
func medianOf(warmup, n int, fn func() error) (time.Duration, error) {
	for range warmup {
		if err := fn(); err != nil {
			return 0, err
		}
	}
	ds := make([]time.Duration, n)
	for i := range ds {
		start := time.Now()
		if err := fn(); err != nil {
			return 0, err
		}
		ds[i] = time.Since(start)
	}
	slices.Sort(ds)
	return ds[n/2], nil
}

func fmtDur(d time.Duration) string {
	switch {
	case d == 0:
		return "-"
	case d < time.Millisecond:
		return fmt.Sprintf("%.1f µs", float64(d)/float64(time.Microsecond))
	default:
		return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
	}
}

// startMoto starts moto's server on a free loopback port and returns its
// URL; the process group it starts is killed when the test ends. It skips
// the test when moto is not installed.
func startMoto(t *testing.T) string {
	t.Helper()
	var argv []string
	if p, err := exec.LookPath("moto_server"); err == nil {
		argv = []string{p}
	} else if py, err := exec.LookPath("python3"); err == nil && exec.Command(py, "-c", "import moto.server").Run() == nil {
		argv = []string{py, "-m", "moto.server"}
	} else {
		t.Skip("moto_server is not installed (pip install 'moto[server]')")
	}
	port := freePort(t)
	argv = append(argv, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // its own group: a launcher's children go with it
	if os.Getenv("PERF_MOTO_LOG") != "" {                 // moto logs every request; off unless asked for
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	}
	require.NoError(t, cmd.Start())
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		pgid := cmd.Process.Pid
		_ = syscall.Kill(-pgid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = syscall.Kill(-pgid, syscall.SIGKILL)
			<-exited
		}
	})

	url := "http://127.0.0.1:" + strconv.Itoa(port)
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Post(url+"/moto-api/reset", "application/json", nil)
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return url
			}
		}
		select {
		case <-exited:
			t.Fatalf("moto_server exited before serving: %v", waitErr)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("moto_server did not answer on %s within 30s: %v", url, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
