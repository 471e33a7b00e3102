// Command ecrfake serves a fake Amazon ECR API over HTTP for tools that are
// not Go tests: the AWS CLI, boto3, SDKs in other languages.
//
//	go run ./cmd/ecrfake                  # http://127.0.0.1:5000
//	aws ecr create-repository --endpoint-url http://127.0.0.1:5000 --repository-name demo
//
// Any credentials work (signatures are not checked). Each region named in a
// request's SigV4 credential scope gets its own registry, created on first
// use; unsigned requests go to -region. POST /moto-api/reset clears all state.
// State lives in memory only. One line per request goes to stderr.
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
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "ecrfake:", err)
		}
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
	if !*public && !loopback(*addr) {
		return fmt.Errorf("-addr %q is not a loopback address; the fake checks no credentials, so pass -public to serve it anyway", *addr)
	}

	logger := log.New(stderr, "", log.LstdFlags|log.Lmicroseconds)
	srv := &http.Server{
		Handler:           server.New(server.Config{AccountID: *account, DefaultRegion: *region, Log: logger, Options: append(server.CommandOptions(), ecrfake.WithRestoreDuration(*restore))}),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          logger,
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	logger.Printf("serving ECR on http://%s (account %s, default region %s)", ln.Addr(), *account, *region)
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
