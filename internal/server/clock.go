package server

// The server's clock: what cmd/ecrfake's fakes read as "now", and the control
// endpoints that move it.

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// ClockPath answers GET with the server's current time; ClockAdvancePath
// moves it forward when POSTed to.
const (
	ClockPath        = "/ecrfake/clock"
	ClockAdvancePath = "/ecrfake/clock/advance"
)

// Clock is real time plus an offset that only grows, so a client outside the
// process can make hours pass for the fakes (token expiry, scan completion,
// image ages for lifecycle rules) without waiting, while time still flows
// between calls as a client expects. It is an ecrfake.Clock and safe for
// concurrent use.
type Clock struct {
	real   func() time.Time
	offset atomic.Int64 // nanoseconds
}

// NewClock returns a clock at real() with no offset; nil real means
// time.Now.
func NewClock(real func() time.Time) *Clock {
	if real == nil {
		real = time.Now
	}
	return &Clock{real: real}
}

// Now returns real time plus the offset.
func (c *Clock) Now() time.Time { return c.real().Add(c.Offset()) }

// Offset returns how far Advance has moved the clock in total.
func (c *Clock) Offset() time.Duration { return time.Duration(c.offset.Load()) }

// Advance moves the clock forward by d. Time never runs backwards: a
// negative d is an error, as is a total offset past what a time.Duration
// holds (about 292 years).
func (c *Clock) Advance(d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("cannot advance the clock by %v: time never runs backwards", d)
	}
	for {
		old := c.offset.Load()
		if old > math.MaxInt64-int64(d) {
			return fmt.Errorf("cannot advance the clock by %v: the total offset %v would exceed %v", d, time.Duration(old), time.Duration(math.MaxInt64))
		}
		if c.offset.CompareAndSwap(old, old+int64(d)) {
			return nil
		}
	}
}

// clockState is the JSON both clock endpoints answer with.
type clockState struct {
	// Now is the fakes' current time, RFC 3339 in UTC with milliseconds,
	// the precision of ECR's timestamps.
	Now string `json:"now"`
	// EpochSeconds is Now as ECR's wire writes timestamps: seconds since
	// 1970 with milliseconds.
	EpochSeconds float64 `json:"epochSeconds"`
	// Offset is the total advance, as a Go duration ("12h0m0s").
	Offset        string  `json:"offset"`
	OffsetSeconds float64 `json:"offsetSeconds"`
}

func (c *Clock) state() clockState {
	off := c.Offset()
	now := c.real().Add(off).UTC().Truncate(time.Millisecond)
	return clockState{
		Now:           now.Format("2006-01-02T15:04:05.000Z"),
		EpochSeconds:  float64(now.UnixMilli()) / 1000,
		Offset:        off.String(),
		OffsetSeconds: off.Seconds(),
	}
}

// serveClock answers GET ClockPath.
func (s *Server) serveClock(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeControlError(w, http.StatusMethodNotAllowed, "GET "+ClockPath+" reads the clock; POST "+ClockAdvancePath+" moves it")
		return
	}
	writeJSON(w, http.StatusOK, s.clock.state())
}

// serveClockAdvance answers POST ClockAdvancePath. The duration comes as a
// query parameter (?duration=12h) or a JSON body ({"duration":"12h"}), in Go
// duration syntax: "90s", "15m", "12h", "36h30m".
func (s *Server) serveClockAdvance(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeControlError(w, http.StatusMethodNotAllowed, "POST to "+ClockAdvancePath+" with a duration (?duration=12h or {\"duration\":\"12h\"})")
		return
	}
	text, err := advanceDuration(r)
	if err != nil {
		writeControlError(w, http.StatusBadRequest, err.Error())
		return
	}
	d, err := time.ParseDuration(text)
	if err != nil {
		writeControlError(w, http.StatusBadRequest, fmt.Sprintf("duration %q is not a Go duration; write it like 90s, 15m, 12h or 36h30m", text))
		return
	}
	if err := s.clock.Advance(d); err != nil {
		writeControlError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, s.clock.state())
}

// maxControlBody bounds the body of a control request: a duration needs a
// few bytes.
const maxControlBody = 4 << 10

func advanceDuration(r *http.Request) (string, error) {
	query := r.URL.Query().Get("duration")
	var body struct {
		Duration *string `json:"duration"`
	}
	var raw []byte
	if r.Body != nil {
		var err error
		raw, err = io.ReadAll(io.LimitReader(r.Body, maxControlBody+1))
		if err != nil {
			return "", fmt.Errorf("cannot read the body: %v", err)
		}
		if len(raw) > maxControlBody {
			return "", fmt.Errorf("the body is over %d bytes; send {\"duration\":\"12h\"}", maxControlBody)
		}
	}
	if strings.TrimSpace(string(raw)) != "" {
		if err := json.Unmarshal(raw, &body); err != nil || body.Duration == nil {
			return "", fmt.Errorf("the body must be JSON like {\"duration\":\"12h\"}")
		}
	}
	switch {
	case body.Duration != nil && query != "":
		return "", fmt.Errorf("give the duration once: in the query (?duration=) or in the body, not both")
	case body.Duration != nil:
		return *body.Duration, nil
	case query != "":
		return query, nil
	}
	return "", fmt.Errorf("no duration: POST %s?duration=12h, or a body {\"duration\":\"12h\"}", ClockAdvancePath)
}
