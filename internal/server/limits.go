package server

// What one client can cost the server: how long a request body may stall,
// and how many regions' registries requests can create.

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"
)

// DefaultBodyIdleTimeout is Config.BodyIdleTimeout's default: long enough for
// any client that is sending, short enough that stalled uploads do not pile
// up.
const DefaultBodyIdleTimeout = 30 * time.Second

// DefaultBodyMinBytes is Config.BodyMinBytes's default: 4 KiB per idle
// timeout (136 bytes a second over the default 30s), far below any real
// upload and far above a body trickled a byte at a time to hold a
// connection.
const DefaultBodyMinBytes = 4 << 10

// DefaultMaxRegions is Config.MaxRegions's default: room for every AWS region
// (about 40 in 2026, GovCloud and China included) and for made-up names a
// test may use, while a stream of arbitrary SigV4 scopes cannot grow the
// server without bound.
const DefaultMaxRegions = 64

// BodyIdleError is the read error of a request body that delivered fewer
// than Config.BodyMinBytes (and did not end) within Config.BodyIdleTimeout.
// The handler reading the body turns it into its own answer (the ECR API:
// 400 SerializationException with this text).
type BodyIdleError struct {
	// Idle is the timeout, MinBytes the bytes it needed.
	Idle     time.Duration
	MinBytes int64
	// Stalled is what arrived in that last interval; Received is what
	// arrived in all.
	Stalled, Received int64
}

func (e *BodyIdleError) Error() string {
	return fmt.Sprintf("the request body stalled: %d bytes arrived in %v (%d in all), and ecrfake ends a body that sends fewer than %d bytes "+
		"in any -body-idle-timeout", e.Stalled, e.Idle, e.Received, e.MinBytes)
}

// Timeout reports true, as a net.Error would.
func (e *BodyIdleError) Timeout() bool { return true }

// Unwrap makes errors.Is(err, os.ErrDeadlineExceeded) hold.
func (e *BodyIdleError) Unwrap() error { return os.ErrDeadlineExceeded }

// idleBody bounds a request body by its progress, not its length: each
// interval of idle must bring minBytes (or the end), and the connection's
// read deadline moves on only when it has. A body that keeps flowing (a push
// of hundreds of MiB) is never cut; one that stops, or trickles a byte a
// second, ends within idle of its last real progress.
type idleBody struct {
	io.ReadCloser
	rc        *http.ResponseController
	idle      time.Duration
	minBytes  int64
	interval  int64 // bytes since the deadline last moved
	received  int64
	started   bool
	finishing bool // a read failed or hit EOF: net/http owns the deadline again
	// length is the announced Content-Length (-1 when chunked), expect
	// whether the client waits for 100 Continue before it sends the body.
	length int64
	expect bool
}

// limitBody wraps r.Body in an idleBody where the connection supports read
// deadlines (a real server's does; httptest.ResponseRecorder's does not, and
// then the body is read as it is).
func (s *Server) limitBody(w http.ResponseWriter, r *http.Request) *idleBody {
	if r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	rc := http.NewResponseController(w)
	// No deadline until the first read: a handler may look at the request
	// before it reads the body.
	if err := rc.SetReadDeadline(time.Time{}); err != nil {
		return nil
	}
	b := &idleBody{ReadCloser: r.Body, rc: rc, idle: s.cfg.BodyIdleTimeout, minBytes: int64(s.cfg.BodyMinBytes),
		length: r.ContentLength, expect: strings.EqualFold(r.Header.Get("Expect"), "100-continue")}
	r.Body = b
	return b
}

// unreadLimit is how much of a body a handler left unread net/http reads
// before it writes the response (its maxPostHandlerReadBytes); with more
// left it closes the connection instead.
const unreadLimit = 256 << 10

// settle reads, under the idle deadline, what net/http is about to read of a
// body the handler left unread, before the response is written. net/http's
// own read has no deadline (the connection's was cleared for the handler),
// so a body that stalled there would hold the request forever. It reads as
// much as net/http would: nothing when the client still waits for 100
// Continue or announced more than net/http reads, else up to its limit.
// Whatever it leaves, net/http reads under the deadline or closes the
// connection.
func (b *idleBody) settle() {
	if b == nil || b.finishing || (!b.started && b.expect) {
		return
	}
	if b.length >= 0 && b.length-b.received >= unreadLimit {
		return
	}
	_, _ = io.CopyN(io.Discard, b, unreadLimit+1)
}

func (b *idleBody) Read(p []byte) (int, error) {
	if b.finishing {
		// After EOF net/http reads the connection in the background with no
		// deadline; setting one now would cancel a request still being served.
		return b.ReadCloser.Read(p)
	}
	if !b.started {
		b.started = true
		b.progress()
	}
	n, err := b.ReadCloser.Read(p)
	b.received += int64(n)
	b.interval += int64(n)
	if err != nil {
		b.finishing = true
		if errors.Is(err, os.ErrDeadlineExceeded) {
			err = &BodyIdleError{Idle: b.idle, MinBytes: b.minBytes, Stalled: b.interval, Received: b.received}
		}
		return n, err
	}
	if b.interval >= b.minBytes {
		b.progress()
	}
	return n, nil
}

// progress starts a new interval: the next idle must bring minBytes more.
func (b *idleBody) progress() {
	b.interval = 0
	_ = b.rc.SetReadDeadline(time.Now().Add(b.idle))
}

// RegionLimitError refuses a request whose region would be one more than
// Config.MaxRegions.
type RegionLimitError struct {
	Region string
	Max    int
}

func (e *RegionLimitError) Error() string {
	regions := "regions"
	if e.Max == 1 {
		regions = "region"
	}
	return fmt.Sprintf("Credential should be scoped to a valid region, not '%s'. ecrfake holds registries for at most %d %s "+
		"(-max-regions) and all are in use; POST %s to drop them, or restart ecrfake with a larger -max-regions.", e.Region, e.Max, regions, ResetPath)
}

// regionFor returns the registry of a region, creating it unless that would
// exceed Config.MaxRegions.
func (s *Server) regionFor(name string) (*regional, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.regions[name]; ok {
		return r, nil
	}
	if len(s.regions) >= s.cfg.MaxRegions {
		return nil, &RegionLimitError{Region: name, Max: s.cfg.MaxRegions}
	}
	r := s.newRegional(name)
	s.regions[name] = r
	return r, nil
}
