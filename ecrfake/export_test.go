package ecrfake

import (
	"reflect"

	"github.com/ecrfake/go-ecrfake/internal/errs"
	"github.com/ecrfake/go-ecrfake/internal/state"
)

// StoredBlobBytes exposes the size of the blob store to tests.
func StoredBlobBytes(f *Fake) int64 { return Stats(f).BlobBytes }

// Stats exposes the world's counts to tests.
func Stats(f *Fake) state.Stats {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.world.Stats()
}

// ResponseError exposes the error wrapping to tests.
func ResponseError(f *Fake, op Op, apiErr error) error { return f.wrapError(op, apiErr) }

// OpTypes exposes the operation table to tests.
func OpTypes(o Op) (in, out reflect.Type) { return opInputs[o], opOutputs[o] }

// ErrNotModelled exposes the fake's answer to an operation it does not model
// (none at present) to tests of IsNotModelled.
func ErrNotModelled(op Op) error { return errs.NotModelled(op.String()) }
