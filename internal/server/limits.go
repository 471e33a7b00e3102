package server

// What one client can cost the server: how long a request body may stall,
// and how many regions' registries requests can create.

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

// DefaultBodyIdleTimeout is Config.BodyIdleTimeout's default: long enough for
// any client that is sending, short enough that stalled uploads do not pile
// up.
const DefaultBodyIdleTimeout = 30 * time.Second

// DefaultMaxRegions is Config.MaxRegions's default: room for every AWS region
// (about 40 in 2026, GovCloud and China included) and for made-up names a
// test may use, while a stream of arbitrary SigV4 scopes cannot grow the
// server without bound.
const DefaultMaxRegions = 64

// BodyIdleError is the read error of a request body that sent nothing for
// the idle timeout. The handler reading the body turns it into its own
// answer (the ECR API: 400 SerializationException naming it).
type BodyIdleError struct {
	// Idle is the timeout that passed without a byte.
	Idle time.Duration
	// Received is how many bytes of the body had arrived.
	Received int64
}

func (e *BodyIdleError) Error() string {
	return fmt.Sprintf("the request body sent nothing for %v after %d bytes; ecrfake ends a body that stalls for longer than -body-idle-timeout", e.Idle, e.Received)
}

// Timeout reports true, as a net.Error would.
func (e *BodyIdleError) Timeout() bool { return true }

// Unwrap makes errors.Is(err, os.ErrDeadlineExceeded) hold.
func (e *BodyIdleError) Unwrap() error { return os.ErrDeadlineExceeded }

// idleBody bounds each read of a request body rather than the whole body: the
// connection's read deadline moves to now+idle before every read, so a body
// that keeps flowing (a push of hundreds of MiB) is never cut, and one that
// stalls ends idle after its last byte.
type idleBody struct {
	io.ReadCloser
	rc       *http.ResponseController
	idle     time.Duration
	received int64
	done     bool // a read failed or hit EOF: net/http owns the deadline again
}

// limitBody wraps r.Body in an idleBody where the connection supports read
// deadlines (a real server's does; httptest.ResponseRecorder's does not, and
// then the body is read as it is).
func (s *Server) limitBody(w http.ResponseWriter, r *http.Request) {
	if r.Body == nil || r.Body == http.NoBody {
		return
	}
	rc := http.NewResponseController(w)
	// No deadline until the first read: a handler may look at the request
	// before it reads the body.
	if err := rc.SetReadDeadline(time.Time{}); err != nil {
		return
	}
	r.Body = &idleBody{ReadCloser: r.Body, rc: rc, idle: s.cfg.BodyIdleTimeout}
}

func (b *idleBody) Read(p []byte) (int, error) {
	if b.done {
		// After EOF net/http reads the connection in the background with no
		// deadline; setting one now would cancel a request still being served.
		return b.ReadCloser.Read(p)
	}
	_ = b.rc.SetReadDeadline(time.Now().Add(b.idle))
	n, err := b.ReadCloser.Read(p)
	b.received += int64(n)
	if err != nil {
		b.done = true
		if errors.Is(err, os.ErrDeadlineExceeded) {
			err = &BodyIdleError{Idle: b.idle, Received: b.received}
		}
	}
	return n, err
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
