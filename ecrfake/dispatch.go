package ecrfake

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	smithy "github.com/aws/smithy-go"

	"github.com/ecrfake/go-ecrfake/internal/constraints"
	"github.com/ecrfake/go-ecrfake/internal/errs"
	"github.com/ecrfake/go-ecrfake/internal/required"
	"github.com/ecrfake/go-ecrfake/internal/state"
)

// operation describes one of the 62 ECR operations to the dispatcher.
type operation struct {
	name  string
	write bool // needs the exclusive lock
}

// runFunc is an operation's state transition.
type runFunc[I, O any] func(w *state.World, now time.Time, in *I) (*O, error)

// call is the choke point every operation passes through, in the order the
// real client and service apply them:
//
//  1. a nil input becomes the zero input (as the SDK does);
//  2. the SDK's client-side required-member validation (smithy.InvalidParamsError);
//  3. a context that is already done ends the call;
//  4. the service's model constraints (InvalidParameterException);
//  5. the state transition, under the lock, at one instant of the clock;
//  6. errors wrapped exactly as the real client wraps them.
//
// No user code runs while the lock is held.
func call[I, O any](ctx context.Context, f *Fake, op operation, in *I, run runFunc[I, O]) (*O, error) {
	if in == nil {
		in = new(I)
	}
	if err := required.Check(in); err != nil {
		return nil, &smithy.OperationError{ServiceID: ecr.ServiceID, OperationName: op.name, Err: err}
	}
	if ctx != nil {
		if err := ctx.Err(); err != nil {
			return nil, contextError(op.name, err)
		}
	}
	if err := constraints.Check(in); err != nil {
		return nil, f.responseError(op.name, err)
	}
	now := f.cfg.clock.Now().UTC().Truncate(time.Millisecond)
	var out *O
	var err error
	if op.write {
		f.mu.Lock()
		out, err = run(f.world, now, in)
		f.mu.Unlock()
	} else {
		f.mu.RLock()
		out, err = run(f.world, now, in)
		f.mu.RUnlock()
	}
	if err != nil {
		return nil, f.responseError(op.name, err)
	}
	return out, nil
}

// notModelled is the transition of operations this version does not model.
func notModelled[I, O any](name string) runFunc[I, O] {
	return func(*state.World, time.Time, *I) (*O, error) { return nil, errs.NotModelled(name) }
}
