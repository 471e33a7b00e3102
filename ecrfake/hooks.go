package ecrfake

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
)

// handler is one stage of a call's chain: it takes the (never nil) input and
// returns the output or an unwrapped error.
type handler func(ctx context.Context, in any) (any, error)

// interceptor wraps the rest of a call's chain.
type interceptor func(ctx context.Context, in any, next handler) (any, error)

// Hook is a fault or interceptor installed on a Fake. It stays active until
// Remove is called. Hooks run outside the fake's lock, in the order they were
// added (the first added is the outermost), so they may call the fake.
type Hook struct {
	set  *hookSet
	op   Op
	desc string
	fn   interceptor
	hits atomic.Int64

	isFault bool     // checked by AssertFaultsFired
	fault   Fault    // for faults: what to do
	clock   advancer // for Delay faults
}

// Hits returns how many times the hook acted: for a fault, how many calls it
// failed, delayed or altered; for an interceptor, how many calls it saw.
func (h *Hook) Hits() int { return int(h.hits.Load()) }

// Op returns the operation the hook applies to.
func (h *Hook) Op() Op { return h.op }

// String describes the hook, e.g. "Fail(UploadLayerPart, ThrottlingException).Times(2)".
func (h *Hook) String() string { return h.desc }

// Remove uninstalls the hook; calls already inside it finish normally.
// Removing twice is harmless.
func (h *Hook) Remove() { h.set.remove(h) }

// hookSet holds the installed hooks per operation. The per-operation slices
// are replaced, never modified, and published atomically, so a call reads
// them without taking a lock; mu serialises the writers.
type hookSet struct {
	mu   sync.Mutex
	byOp [len(opNames)]atomic.Pointer[[]*Hook]
}

func (s *hookSet) add(h *Hook) *Hook {
	if h.op == opInvalid || int(h.op) >= len(opNames) {
		panic(fmt.Sprintf("ecrfake: hook %q names no operation", h.desc))
	}
	h.set = s
	s.mu.Lock()
	defer s.mu.Unlock()
	hooks := append(slices.Clip(s.snapshot(h.op)), h)
	s.byOp[h.op].Store(&hooks)
	return h
}

func (s *hookSet) remove(h *Hook) {
	s.mu.Lock()
	defer s.mu.Unlock()
	hooks := slices.DeleteFunc(slices.Clone(s.snapshot(h.op)), func(x *Hook) bool { return x == h })
	if len(hooks) == 0 {
		hooks = nil
	}
	s.byOp[h.op].Store(&hooks)
}

func (s *hookSet) clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.byOp {
		s.byOp[i].Store(nil)
	}
}

// snapshot returns the hooks of op; the slice is never modified.
func (s *hookSet) snapshot(op Op) []*Hook {
	if p := s.byOp[op].Load(); p != nil {
		return *p
	}
	return nil
}

func (s *hookSet) faults() []*Hook {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*Hook
	for op := range s.byOp {
		for _, h := range s.snapshot(Op(op)) {
			if h.isFault {
				out = append(out, h)
			}
		}
	}
	return out
}

// chain builds the handler of a call: hooks in order around core.
func chain(hooks []*Hook, core handler) handler {
	h := core
	for i := len(hooks) - 1; i >= 0; i-- {
		hook, next := hooks[i], h
		h = func(ctx context.Context, in any) (any, error) { return hook.fn(ctx, in, next) }
	}
	return h
}

// TB is the part of testing.TB that AssertFaultsFired needs.
type TB interface {
	Helper()
	Errorf(format string, args ...any)
}

// AssertFaultsFired fails t for every installed fault that has not fired
// yet. Call it (or defer it) at the end of a test so a fault that never
// triggered cannot pass silently.
func (f *Fake) AssertFaultsFired(t TB) {
	t.Helper()
	for _, h := range f.hooks.faults() {
		if h.Hits() == 0 {
			t.Errorf("ecrfake: fault %s never fired", h)
		}
	}
}

// RemoveHooks uninstalls every fault and interceptor.
func (f *Fake) RemoveHooks() { f.hooks.clear() }

// Intercept installs fn around every call of the operation whose input type is
// I. fn receives the input and next, the rest of the chain (further hooks,
// then the real behaviour); it may change the input, call next any number of
// times or not at all, and change the output or error. Errors it returns are
// wrapped like service errors before they reach the caller.
//
//	ecrfake.Intercept(f, func(ctx context.Context, in *ecr.PutImageInput,
//		next func(context.Context, *ecr.PutImageInput) (*ecr.PutImageOutput, error)) (*ecr.PutImageOutput, error) {
//		log.Println("pushing", aws.ToString(in.ImageTag))
//		return next(ctx, in)
//	})
func Intercept[I, O any](f *Fake, fn func(ctx context.Context, in *I, next func(context.Context, *I) (*O, error)) (*O, error)) *Hook {
	op := OpOf[I]()
	if opOutputs[op] != typeOf[O]() {
		panic(fmt.Sprintf("ecrfake: Intercept: %s returns *%s, not *%s", op, opOutputs[op], typeOf[O]()))
	}
	h := &Hook{op: op, desc: "Intercept(" + op.String() + ")"}
	h.fn = func(ctx context.Context, in any, next handler) (any, error) {
		h.hits.Add(1)
		out, err := fn(ctx, in.(*I), func(ctx context.Context, in *I) (*O, error) {
			res, err := next(ctx, in)
			if err != nil {
				return nil, err
			}
			return res.(*O), nil
		})
		if err != nil {
			return nil, err
		}
		if out == nil {
			return nil, fmt.Errorf("ecrfake: interceptor of %s returned neither an output nor an error", op)
		}
		return out, nil
	}
	return f.hooks.add(h)
}
