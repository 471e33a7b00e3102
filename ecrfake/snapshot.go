package ecrfake

import "github.com/ecrfake/go-ecrfake/internal/state"

// Snapshot is a frozen copy of a fake's registry state. Restore it into the
// fake it came from any number of times: seed a base once, then restore it at
// the start of every subtest.
type Snapshot struct {
	world *state.World
	reqID uint64
}

// Snapshot captures the fake's state: repositories, images, layers, open
// uploads, settings and the counters behind generated ids, so that what
// happens after a Restore repeats exactly what happened after the Snapshot.
// Hooks and the call log are not part of it.
func (f *Fake) Snapshot() *Snapshot {
	// The exclusive lock: BatchGetImage writes pull times under the read
	// lock, and the copy must not race with it.
	f.mu.Lock()
	defer f.mu.Unlock()
	return &Snapshot{world: f.world.Clone(), reqID: f.reqID.Load()}
}

// Restore puts the fake back in the state s captured. Calls in flight finish
// against the state they started with; hooks and the call log are unchanged.
func (f *Fake) Restore(s *Snapshot) {
	w := s.world.Clone() // s stays reusable
	f.mu.Lock()
	defer f.mu.Unlock()
	f.world = w
	f.reqID.Store(s.reqID)
}

// Reset returns the fake to the state New left it in: no repositories, no
// hooks, an empty call log, request ids from the start.
func (f *Fake) Reset() {
	w := state.New(f.stateCfg)
	f.mu.Lock()
	f.world = w
	f.reqID.Store(0)
	f.mu.Unlock()
	f.hooks.clear()
	f.ResetCalls()
}
