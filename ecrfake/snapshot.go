package ecrfake

import "github.com/ecrfake/go-ecrfake/internal/state"

// Snapshot is a frozen copy of a fake's registry state. Restore it into the
// fake it came from any number of times: seed a base once, then restore it at
// the start of every subtest.
type Snapshot struct {
	world *state.World
	reqID uint64 // request ids of errors
	okID  uint64 // request ids of successful wire responses
}

// Snapshot captures the fake's state: repositories, images, layers, open
// uploads, settings and the counters behind generated ids (upload ids,
// tokens, the request ids of errors and of successful wire responses), so
// that what happens after a Restore repeats exactly what happened after the
// Snapshot. Hooks and the call log are not part of it.
func (f *Fake) Snapshot() *Snapshot {
	// The exclusive lock: BatchGetImage writes pull times under the read
	// lock, and the copy must not race with it.
	f.mu.Lock()
	defer f.mu.Unlock()
	return &Snapshot{world: f.world.Clone(), reqID: f.reqID.Load(), okID: f.okIDs.Load()}
}

// Restore puts the fake back in the state s captured, request-id counters
// included. Calls in flight finish against the state they started with.
//
// Hooks and the call log are unchanged: the calls made since the Snapshot
// stay in the log and the next call's Seq follows theirs. To start the log
// over as well (so Calls after the Restore read as they did after the
// Snapshot's own start), call ResetCalls too:
//
//	f.Restore(base)
//	f.ResetCalls()
func (f *Fake) Restore(s *Snapshot) {
	w := s.world.Clone() // s stays reusable
	f.mu.Lock()
	defer f.mu.Unlock()
	f.world = w
	f.reqID.Store(s.reqID)
	f.okIDs.Store(s.okID)
}

// Reset returns the fake to the state New left it in: no repositories, no
// hooks, an empty call log numbering calls from 1, and every id counter
// (upload ids, request ids of errors and of successful wire responses) from
// the start, so a run after Reset repeats a run on a new fake byte for byte.
// The clock is not part of the fake's state: a ManualClock stays where it is.
func (f *Fake) Reset() {
	w := state.New(f.stateCfg)
	f.mu.Lock()
	f.world = w
	f.reqID.Store(0)
	f.okIDs.Store(0)
	f.mu.Unlock()
	f.hooks.clear()
	f.ResetCalls()
}
