// Package server is the HTTP server of cmd/ecrfake: one fake ECR registry
// per region, chosen by the SigV4 credential scope of each request, behind
// the awsJson1.1 handler of package ecrfake; beside it, the server's own
// endpoints (HealthPath, ClockPath, ClockAdvancePath, ResetPath), one Clock
// that every registry reads, and the bounds a client cannot exceed
// (Config.BodyIdleTimeout, Config.MaxRegions).
package server

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ecrfake/go-ecrfake/ecrfake"
	"github.com/ecrfake/go-ecrfake/internal/registry"
	"github.com/ecrfake/go-ecrfake/internal/state"
)

// ResetPath clears all state when POSTed to, as moto's server mode does; test
// suites written against moto call it between tests.
const ResetPath = "/moto-api/reset"

// Config configures a Server.
type Config struct {
	// AccountID is the account of every region's registry (12 digits).
	AccountID string
	// DefaultRegion serves requests that carry no SigV4 credential scope.
	DefaultRegion string
	// Log receives one line per request: method, operation, region, status
	// and duration. Nil logs nothing.
	Log *log.Logger
	// Options are applied to every fake the server creates, after the
	// account, the region and the server's clock (limits, say). A WithClock
	// here replaces the server's clock, which ClockAdvancePath then no
	// longer moves for the fakes.
	Options []ecrfake.Option

	// BodyIdleTimeout and BodyMinBytes bound a request body by its
	// progress: every BodyIdleTimeout must bring BodyMinBytes more (or the
	// end), or the read fails with a *BodyIdleError. A body that keeps
	// flowing, however large, is never cut; one that stops, or trickles a
	// byte a second to hold the connection, is. Zero means
	// DefaultBodyIdleTimeout and DefaultBodyMinBytes; negative panics.
	BodyIdleTimeout time.Duration
	BodyMinBytes    int
	// MaxRegions bounds the regions that have a registry. Each region named
	// in a request's SigV4 scope gets one on its first request; once
	// MaxRegions exist, a request for another region is refused (403
	// InvalidSignatureException saying so) until a reset. Nothing is
	// evicted, since a registry holds a test's state. Zero means
	// DefaultMaxRegions; negative panics.
	MaxRegions int
	// Now is the real time the server's clock adds its offset to; nil
	// means time.Now.
	Now func() time.Time
	// Version is what HealthPath reports; "" means BuildVersion().
	Version string
}

// Server serves ECR's wire protocol. It keeps one Fake per region, created on
// the region's first request; signatures are never checked, so any
// credentials, or none, work.
type Server struct {
	cfg     Config
	clock   *Clock
	mu      sync.Mutex
	regions map[string]*regional
}

type regional struct {
	fake    *ecrfake.Fake
	handler http.Handler
}

// New returns a server with no state. It panics on an AccountID or
// DefaultRegion the fake would not accept (see ValidAccountID, ValidRegion).
func New(cfg Config) *Server {
	if !ValidAccountID(cfg.AccountID) {
		panic(fmt.Sprintf("server: account id %q is not 12 digits", cfg.AccountID))
	}
	if !ValidRegion(cfg.DefaultRegion) {
		panic(fmt.Sprintf("server: %q is not a region name", cfg.DefaultRegion))
	}
	if cfg.BodyIdleTimeout < 0 || cfg.BodyMinBytes < 0 || cfg.MaxRegions < 0 {
		panic(fmt.Sprintf("server: BodyIdleTimeout %v, BodyMinBytes %d and MaxRegions %d cannot be negative (zero means the default)",
			cfg.BodyIdleTimeout, cfg.BodyMinBytes, cfg.MaxRegions))
	}
	if cfg.BodyIdleTimeout == 0 {
		cfg.BodyIdleTimeout = DefaultBodyIdleTimeout
	}
	if cfg.BodyMinBytes == 0 {
		cfg.BodyMinBytes = DefaultBodyMinBytes
	}
	if cfg.MaxRegions == 0 {
		cfg.MaxRegions = DefaultMaxRegions
	}
	if cfg.Version == "" {
		cfg.Version = BuildVersion()
	}
	return &Server{cfg: cfg, clock: NewClock(cfg.Now), regions: map[string]*regional{}}
}

// Clock returns the clock every fake of the server reads.
func (s *Server) Clock() *Clock { return s.clock }

// CommandOptions are the options cmd/ecrfake gives every fake: no call log,
// which nothing outside the process can read and which would otherwise grow
// with every request for as long as the server runs.
func CommandOptions() []ecrfake.Option {
	return []ecrfake.Option{ecrfake.WithCallRecording(false)}
}

// ValidAccountID reports whether id is an account id: 12 digits
// (^[0-9]{12}$).
func ValidAccountID(id string) bool {
	if len(id) != 12 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] < '0' || id[i] > '9' {
			return false
		}
	}
	return true
}

// ValidRegion reports whether name has the shape of a region name
// (^[a-z0-9-]{2,25}$). Every request is checked, so it is a loop, not a
// regular expression.
func ValidRegion(name string) bool {
	if len(name) < 2 || len(name) > 25 {
		return false
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Fake returns the registry of a region, creating it if needed. It panics
// if that would exceed Config.MaxRegions.
func (s *Server) Fake(region string) *ecrfake.Fake {
	r, err := s.regionFor(region)
	if err != nil {
		panic("server: " + err.Error())
	}
	return r.fake
}

// Regions lists the regions that have a registry, sorted.
func (s *Server) Regions() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	names := make([]string, 0, len(s.regions))
	for name := range s.regions {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// Reset drops every region's registry; the next request starts afresh. The
// clock keeps its offset: time never runs backwards.
func (s *Server) Reset() {
	s.mu.Lock()
	s.regions = map[string]*regional{}
	s.mu.Unlock()
}

// newRegional builds a region's registry; the caller holds s.mu.
func (s *Server) newRegional(name string) *regional {
	opts := append([]ecrfake.Option{ecrfake.WithAccountID(s.cfg.AccountID), ecrfake.WithRegion(name), ecrfake.WithClock(s.clock)}, s.cfg.Options...)
	f := ecrfake.New(opts...)
	return &regional{fake: f, handler: f.Handler()}
}

// RegionOf returns the region of a request's SigV4 credential scope
// ("Authorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/us-west-2/ecr/aws4_request, ..."),
// or "" when the request is not signed that way.
func RegionOf(r *http.Request) string {
	auth := r.Header.Get("Authorization")
	_, cred, ok := strings.Cut(auth, "Credential=")
	if !ok {
		// Presigned style, for completeness.
		cred = r.URL.Query().Get("X-Amz-Credential")
		if cred == "" {
			return ""
		}
	}
	cred, _, _ = strings.Cut(cred, ",")
	parts := strings.Split(strings.TrimSpace(cred), "/")
	if len(parts) != 5 {
		return ""
	}
	return parts[2]
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w}
	region := RegionOf(r)
	if isRegistryPath(r) {
		region = RegistryRegionOf(r)
	}
	if region == "" {
		region = s.cfg.DefaultRegion
	}
	op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), ecrfake.TargetPrefix)
	defer func() {
		if p := recover(); p != nil {
			// http.ErrAbortHandler: the fake dropped the response on purpose
			// (an injected transport error); let net/http close the connection.
			s.logf("%s %s %s aborted %s", logField(r.Method), logField(op), logField(region), time.Since(start))
			panic(p)
		}
		s.logf("%s %s %s %d %s", logField(r.Method), logField(op), logField(region), sw.status(), time.Since(start))
	}()

	body := s.limitBody(w, r)
	sw.beforeHeader = body.settle
	op = s.route(sw, r, op, region)
	body.settle() // a handler that wrote nothing: net/http writes its 200 next
}

// route serves r and returns the operation's name for the log.
func (s *Server) route(sw *statusWriter, r *http.Request, op, region string) string {
	if name, serve := s.control(r); serve != nil {
		serve(sw, r)
		return name
	}
	if r.URL.Path == ResetPath {
		if r.Method != http.MethodPost {
			sw.Header().Set("Allow", http.MethodPost)
			http.Error(sw, "POST to reset", http.StatusMethodNotAllowed)
			return "reset"
		}
		s.Reset()
		sw.Header().Set("Content-Type", "application/json")
		_, _ = sw.Write([]byte(`{"status":"ok"}`))
		return "reset"
	}
	if !ValidRegion(region) {
		refuseScope(sw, fmt.Sprintf("Credential should be scoped to a valid region, not '%s'. ", region))
		return op
	}
	reg, err := s.regionFor(region)
	if err != nil {
		refuseScope(sw, err.Error())
		return op
	}
	reg.handler.ServeHTTP(sw, r)
	return op
}

// refuseScope answers as AWS does a SigV4 scope it cannot serve: 403
// InvalidSignatureException.
func refuseScope(w http.ResponseWriter, message string) {
	body, _ := json.Marshal(struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
	}{"InvalidSignatureException", message})
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-ErrorType", "InvalidSignatureException")
	w.WriteHeader(http.StatusForbidden)
	_, _ = w.Write(body)
}

// isRegistryPath reports whether r is for the registry data plane: /v2/
// or a layer download URL of the fake (an ECR API request carries
// X-Amz-Target).
func isRegistryPath(r *http.Request) bool {
	p := r.URL.Path
	return r.Header.Get("X-Amz-Target") == "" && (p == "/v2" || strings.HasPrefix(p, "/v2/") || strings.HasPrefix(p, "/ecrfake/layers/"))
}

// RegistryRegionOf returns the region of a registry request: the host's
// where it has ECR's form (<account>.dkr.ecr.<region>.amazonaws.com), else
// the region a layer download URL of the server names, else the region of
// the registry that minted the request's token (tokens of the fake say
// which registry minted them), else "". Redirects and upload
// locations point back at the host the request was sent to.
func RegistryRegionOf(r *http.Request) string {
	if _, region, ok := registry.ParseHost(r.Host); ok {
		return region
	}
	if rest, ok := strings.CutPrefix(r.URL.Path, "/ecrfake/layers/"); ok {
		region, _, _ := strings.Cut(rest, "/") // a layer download URL names its region
		return region
	}
	token, ok := registry.ParseBasicAuth(r.Header.Get("Authorization"))
	if !ok {
		return ""
	}
	if _, password, ok := registry.DecodeBasicToken(token); ok {
		if _, region, ok := state.TokenIssuer(password); ok {
			return region
		}
	}
	return ""
}

func (s *Server) logf(format string, args ...any) {
	if s.cfg.Log != nil {
		s.cfg.Log.Printf(format, args...)
	}
}

// logField renders client-chosen text so that a log line stays one line of
// space-separated fields: "-" when empty, quoted unless plain.
func logField(s string) string {
	if s == "" {
		return "-"
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return strconv.Quote(s)
		}
	}
	return s
}

// statusWriter remembers the status written, for the log line.
type statusWriter struct {
	http.ResponseWriter
	code int
	// beforeHeader runs once, before the response's header is written.
	beforeHeader func()
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
		w.header()
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
		w.header()
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) header() {
	if f := w.beforeHeader; f != nil {
		w.beforeHeader = nil
		f()
	}
}

func (w *statusWriter) status() int {
	if w.code == 0 {
		return http.StatusOK
	}
	return w.code
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
