// Command ecrfake serves a fake Amazon ECR over HTTP for tools that are not
// Go tests: the AWS CLI, boto3, SDKs in other languages, docker and crane, a
// CI service container.
//
//	go install github.com/ecrfake/go-ecrfake/cmd/ecrfake@latest
//	ecrfake                               # http://127.0.0.1:5000
//	aws ecr create-repository --endpoint-url http://127.0.0.1:5000 --repository-name demo
//
// Any credentials work (signatures are not checked). Each region named in a
// request's SigV4 credential scope gets its own registry, created on first
// use, up to -max-regions; unsigned requests go to -region. State lives in
// memory only. One line per request goes to stderr. `ecrfake -h` lists the
// flags and the endpoints beside the ECR API: GET /health, the clock
// (GET /ecrfake/clock, POST /ecrfake/clock/advance?duration=12h, which makes
// time pass for token expiry, scans and lifecycle rules), POST
// /moto-api/reset, and the registry under /v2/.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/ecrfake/go-ecrfake/ecrfake"
	"github.com/ecrfake/go-ecrfake/internal/server"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stderr, nil); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0) // -h asked for the usage, and got it
		}
		fmt.Fprintln(os.Stderr, "ecrfake:", err)
		os.Exit(2)
	}
}

// run serves until ctx is done, then shuts down gracefully. listening, if not
// nil, is told the bound address (tests pass -addr 127.0.0.1:0).
func run(ctx context.Context, args []string, stderr io.Writer, listening func(addr string)) error {
	fs := flag.NewFlagSet("ecrfake", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:5000", "listen address")
	account := fs.String("account", ecrfake.DefaultAccountID, "account id of every registry")
	region := fs.String("region", ecrfake.DefaultRegion, "region of requests that carry no SigV4 credential scope")
	public := fs.Bool("public", false, "allow a non-loopback -addr (the fake has no authentication)")
	restore := fs.Duration("restore-duration", ecrfake.DefaultRestoreDuration, "how long restoring an archived image takes (ACTIVATING until then)")
	scan := fs.Duration("scan-duration", ecrfake.DefaultScanDuration, "how long an image scan runs (IN_PROGRESS until then); 0s completes scans at once")
	lifecycle := fs.Bool("lifecycle-auto-run", false, "run stored lifecycle policies by themselves every 24h of the server's clock, as ECR does")
	idle := fs.Duration("body-idle-timeout", server.DefaultBodyIdleTimeout, "end a request whose body brings less than 4 KiB in this long (a body that keeps flowing is never cut, however large)")
	maxRegions := fs.Int("max-regions", server.DefaultMaxRegions, "how many regions may have a registry; requests for more are refused until a reset")
	fs.Usage = func() { usage(fs) }
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if !server.ValidAccountID(*account) {
		return fmt.Errorf("-account %q: an account id is 12 digits", *account)
	}
	if !server.ValidRegion(*region) {
		return fmt.Errorf("-region %q: not a region name", *region)
	}
	if *restore < 0 {
		return fmt.Errorf("-restore-duration %v: a duration cannot be negative", *restore)
	}
	if *scan < 0 {
		return fmt.Errorf("-scan-duration %v: a duration cannot be negative", *scan)
	}
	if *idle <= 0 {
		return fmt.Errorf("-body-idle-timeout %v: must be positive (a body that never ends would hold its connection forever)", *idle)
	}
	if *maxRegions < 1 {
		return fmt.Errorf("-max-regions %d: at least 1 (the -region registry)", *maxRegions)
	}
	if !*public && !loopback(*addr) {
		return fmt.Errorf("-addr %q is not a loopback address; the fake checks no credentials, so pass -public to serve it anyway", *addr)
	}

	logger := log.New(stderr, "", log.LstdFlags|log.Lmicroseconds)
	options := append(server.CommandOptions(), ecrfake.WithRestoreDuration(*restore), ecrfake.WithScanDuration(*scan), ecrfake.WithLifecycleAutoRun(*lifecycle))
	version := server.BuildVersion()
	srv := &http.Server{
		Handler: server.New(server.Config{AccountID: *account, DefaultRegion: *region, Log: logger, Options: options,
			BodyIdleTimeout: *idle, MaxRegions: *maxRegions, Version: version}),
		ReadHeaderTimeout: 10 * time.Second,
		// A kept-alive connection with no request is dropped after this.
		IdleTimeout: 2 * time.Minute,
		ErrorLog:    logger,
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	logger.Printf("ecrfake %s serving ECR on http://%s (account %s, default region %s)", version, ln.Addr(), *account, *region)
	if listening != nil {
		listening(ln.Addr().String())
	}

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdownCtx)
	<-served // http.ErrServerClosed
	logger.Printf("stopped")
	return err
}

// usage is -h: what the command is and how to reach it first, then the
// flags, then the endpoints.
func usage(fs *flag.FlagSet) {
	w := fs.Output()
	fmt.Fprint(w, `ecrfake serves a fake Amazon ECR for tests: point a client at it with --endpoint-url http://127.0.0.1:5000
(boto3: endpoint_url=; Go SDK: ecr.Options.BaseEndpoint; the address is -addr).

Usage: ecrfake [flags]

	aws ecr create-repository --endpoint-url http://127.0.0.1:5000 --region us-east-1 --repository-name demo
	curl http://127.0.0.1:5000/health

Any credentials work: signatures are not checked. Each region in a request's
SigV4 scope is its own registry; unsigned requests go to -region. State lives
in memory only.

Flags:
`)
	fs.PrintDefaults()
	fmt.Fprint(w, `
Endpoints, all on -addr:
  POST <any path> with X-Amz-Target   the ECR API (awsJson1.1), as at api.ecr.<region>.amazonaws.com
  /v2/...                             the registry data plane (docker, crane, skopeo)
  GET  /health                        200 {"status":"ok","version":...,"registries":[...]}: for readiness probes
  GET  /ecrfake/clock                 the server's time, which token expiry, scans and lifecycle rules read
  POST /ecrfake/clock/advance?duration=12h
                                      make time pass (also {"duration":"12h"}); never backwards
  POST /moto-api/reset                drop every registry (the clock keeps its offset)
`)
}

// loopback reports whether addr listens on loopback only: a loopback IP or
// "localhost". An empty host means every interface.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
