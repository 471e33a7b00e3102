package ecrfake

import (
	"reflect"
	"sync"
	"time"

	"github.com/ecrfake/go-ecrfake/internal/deepcopy"
)

// Call is one recorded call of the fake: what was asked, what was answered.
// Inputs and outputs are deep copies, so neither the caller nor the fake can
// change a record after the fact.
type Call struct {
	Seq    int       // 1, 2, 3, ... in the order calls started
	Op     Op        // the operation
	Input  any       // *ecr.XxxInput, as the caller passed it (never nil)
	Output any       // *ecr.XxxOutput, or nil when Err is set
	Err    error     // the error the caller saw, wrapped as the real client wraps it
	Time   time.Time // the fake clock when the call started
}

// callLog keeps the call log. Calls are recorded when they end, in the
// order they started.
type callLog struct {
	off     bool // set by New, never changed: read without mu
	mu      sync.Mutex
	started int
	calls   []Call
}

type logEntry struct {
	call Call
	skip bool
}

func (r *callLog) begin(f *Fake, op Op, in any) *logEntry {
	if r.off {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.started++
	return &logEntry{call: Call{Seq: r.started, Op: op, Input: deepcopy.CopyAny(in), Time: f.now()}}
}

func (r *callLog) end(rec *logEntry, out any, err error) {
	if rec == nil {
		return
	}
	rec.call.Err = err
	if err == nil {
		rec.call.Output = deepcopy.CopyAny(out)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	// Keep the log in start order even when calls end out of order.
	i := len(r.calls)
	for i > 0 && r.calls[i-1].Seq > rec.call.Seq {
		i--
	}
	r.calls = append(r.calls, Call{})
	copy(r.calls[i+1:], r.calls[i:])
	r.calls[i] = rec.call
}

// Calls returns every recorded call in the order the calls started. Each
// Call holds fresh copies: changing them changes nothing recorded.
func (f *Fake) Calls() []Call { return f.calls.filter(func(Call) bool { return true }) }

// CallsTo returns the recorded calls of op.
func (f *Fake) CallsTo(op Op) []Call {
	return f.calls.filter(func(c Call) bool { return c.Op == op })
}

// ResetCalls empties the call log.
func (f *Fake) ResetCalls() {
	f.calls.mu.Lock()
	defer f.calls.mu.Unlock()
	f.calls.calls = nil
}

// CallsOf returns the inputs of the recorded calls of the operation whose
// input type is I, in order: CallsOf[ecr.PutImageInput](f) is every
// PutImage input.
func CallsOf[I any](f *Fake) []*I {
	op := OpOf[I]()
	calls := f.CallsTo(op)
	out := make([]*I, len(calls))
	for i, c := range calls {
		out[i] = c.Input.(*I)
	}
	return out
}

func (r *callLog) filter(keep func(Call) bool) []Call {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Call
	for _, c := range r.calls {
		if keep(c) {
			c.Input = deepcopy.CopyAny(c.Input)
			if c.Output != nil && !reflect.ValueOf(c.Output).IsNil() {
				c.Output = deepcopy.CopyAny(c.Output)
			}
			out = append(out, c)
		}
	}
	return out
}
