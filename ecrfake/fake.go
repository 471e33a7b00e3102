package ecrfake

import (
	"sync"
	"sync/atomic"

	"github.com/ecrfake/go-ecrfake/internal/state"
)

// Fake is an in-memory Amazon ECR registry. Its methods have exactly the
// signatures of *ecr.Client's, so it satisfies any interface user code
// declares over the client, and the SDK's paginators and waiters accept it.
//
// A Fake is safe for concurrent use. Each call is atomic: it sees and leaves
// the registry consistent, and a call that fails changes nothing (except where
// ECR itself ends an upload session; see CompleteLayerUpload).
type Fake struct {
	cfg      config
	stateCfg state.Config
	mu       sync.RWMutex // guards world; held only while an operation runs
	world    *state.World
	reqID    atomic.Uint64 // request ids of error responses
	okIDs    atomic.Uint64 // request ids of successful wire responses

	hooks hookSet // faults and interceptors, per operation
	calls callLog // the call log
}

// New returns an empty fake registry. It never fails, starts no goroutine and
// opens no socket.
func New(opts ...Option) *Fake {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	part, suffix := partition(cfg.region)
	f := &Fake{cfg: cfg}
	f.calls.off, f.calls.limit = !cfg.recordCalls, cfg.callLogLimit
	f.stateCfg = state.Config{
		AccountID: cfg.accountID, Region: cfg.region, Partition: part, DNSSuffix: suffix,
		Limits:                       state.Limits(cfg.limits),
		ImmutableRepushIsTagConflict: cfg.immutableRepushConf,
		ScanDuration:                 cfg.scanDuration,
		EnhancedRescanDuration:       cfg.rescanDuration,
		MaxBasicScansPerDay:          cfg.scanQuota,
		LegacyScanSummary:            cfg.legacyScanSummary,
		RestoreDuration:              cfg.restoreDuration,
	}
	f.world = state.New(f.stateCfg)
	return f
}

// AccountID returns the account id of the fake's own registry.
func (f *Fake) AccountID() string { return f.cfg.accountID }

// Region returns the fake's region.
func (f *Fake) Region() string { return f.cfg.region }

// Blob returns a copy of the bytes of a stored layer blob, found by digest in
// any repository, as a registry would serve them from the download URL.
func (f *Fake) Blob(digest string) ([]byte, bool) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.world.Blob(digest)
}
