package ecrfake

import (
	"context"
	"errors"
	"time"

	smithy "github.com/aws/smithy-go"

	"github.com/ecrfake/go-ecrfake/internal/constraints"
	"github.com/ecrfake/go-ecrfake/internal/registry"
	"github.com/ecrfake/go-ecrfake/internal/required"
	"github.com/ecrfake/go-ecrfake/internal/state"
)

// operation describes one of the 62 ECR operations to the dispatcher.
type operation struct {
	op    Op
	write bool // needs the exclusive lock
	// phased: the transition takes the lock itself, in steps, so that it
	// can read or hash a large payload without holding it (run is given a
	// nil world and must use f.world under the lock).
	phased bool
}

// runFunc is an operation's state transition.
type runFunc[I, O any] func(w *state.World, now time.Time, in *I) (*O, error)

// call is the choke point every operation passes through, in the order the
// real client and service apply them:
//
//  1. a nil input becomes the zero input (as the SDK does);
//  2. the SDK's client-side required-member validation (smithy.InvalidParamsError);
//  3. a context that is already done ends the call;
//  4. hooks — faults and interceptors — in the order they were added, each
//     wrapping the rest of the chain; no lock is held while they run, so they
//     may call back into the fake;
//  5. the service: model constraints (InvalidParameterException), then what
//     the clock has made due (automatic lifecycle runs, completed restores
//     from the archive), then the state transition under the lock, at one
//     instant of the clock;
//  6. the call is recorded, and its error wrapped exactly as the real client
//     wraps it.
func call[I, O any](ctx context.Context, f *Fake, op operation, in *I, run runFunc[I, O]) (*O, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if in == nil {
		in = new(I)
	}
	now := f.now() // when the call started: the time it is recorded with and, without hooks, served at
	rec := f.calls.begin(now, op.op, in)
	var out *O
	var err error
	if verr := required.Check(in); verr != nil {
		err = &smithy.OperationError{ServiceID: serviceID, OperationName: op.op.String(), Err: verr}
	} else if cerr := ctx.Err(); cerr != nil {
		err = cerr
	} else if hooks := f.hooks.snapshot(op.op); len(hooks) == 0 {
		out, err = serve(f, op, in, run, now) // no hooks: no chain to build
	} else {
		service := func(ctx context.Context, in any) (any, error) {
			return serve(f, op, in.(*I), run, f.now())
		}
		var res any
		res, err = chain(hooks, service)(ctx, in)
		if err == nil {
			out = res.(*O)
		}
	}
	if err != nil {
		out, err = nil, f.wrapError(op.op, err)
	}
	f.calls.end(rec, out, err)
	return out, err
}

// serve is the service side of a call at time now: model constraints, then
// the state transition under the lock. It returns unwrapped service errors.
func serve[I, O any](f *Fake, op operation, in *I, run runFunc[I, O], now time.Time) (*O, error) {
	if err := constraints.Check(in); err != nil {
		return nil, err
	}
	f.applyDueLifecycle(now, in)
	if op.phased {
		return run(nil, now, in)
	}
	if op.write {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.world.CompleteDueRestores(now)
		return run(f.world, now, in)
	}
	f.rlockAt(now)
	defer f.mu.RUnlock()
	return run(f.world, now, in)
}

// rlockAt takes the read lock for a call at time now, first completing the
// restores from the archive the clock has made due: completing one changes
// state, which only the exclusive lock may.
func (f *Fake) rlockAt(now time.Time) {
	f.mu.RLock()
	if f.world.RestoresDue(now) {
		f.mu.RUnlock()
		f.mu.Lock()
		f.world.CompleteDueRestores(now)
		f.mu.Unlock()
		f.mu.RLock()
	}
}

// now is the time of a call as the service records it: UTC, milliseconds.
func (f *Fake) now() time.Time { return f.cfg.clock.Now().UTC().Truncate(time.Millisecond) }

// callRegistry is call for one request of the registry data plane
// (registry_plane.go), through the same choke point: hooks — the
// operation's own, then the faults of its API action that asked for the
// registry too (AlsoOnRegistry) — with no lock held, then the service
// (authentication, then the transition, which takes the lock itself so
// that no request body is read under it), then the call log. Errors come
// back in the registry's shape (*registry.Error, through
// registry.FromAPIError's one table: injected ECR exceptions answer as the
// service's own do), except a dropped connection (*TransportError) and the
// end of the request's context, which have no answer.
func callRegistry(ctx context.Context, f *Fake, op Op, req *RegistryRequest) (*RegistryResponse, error) {
	rec := f.calls.begin(f.now(), op, req)
	var out *RegistryResponse
	var err error
	if hooks := f.registryHooks(op); len(hooks) == 0 {
		out, err = f.registryService(ctx, op, req)
	} else {
		core := func(ctx context.Context, in any) (any, error) {
			return f.registryService(ctx, op, in.(*RegistryRequest))
		}
		var res any
		res, err = chain(hooks, core)(ctx, req)
		if err == nil {
			out = res.(*RegistryResponse)
		}
	}
	var te *TransportError
	switch {
	case err == nil:
	case errors.As(err, &te), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		out = nil
	default:
		out, err = nil, registry.FromAPIError(err)
	}
	f.calls.end(rec, out, err)
	return out, err
}
