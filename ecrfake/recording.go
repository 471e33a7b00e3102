package ecrfake

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"

	"github.com/ecrfake/go-ecrfake/internal/deepcopy"
)

// Call is one recorded call of the fake: what was asked, what was answered.
//
// The log keeps each input and output frozen (encoded into bytes nothing can
// reach; strings, being immutable, are shared rather than copied) from the
// moment of the call: neither the caller, nor the fake, nor a reader can
// change a record afterwards. Every read (Calls, CallsTo, CallsOf,
// TypedCalls) builds fresh values from the frozen bytes, which the reader may
// change freely, with one exception: byte slices. An input's byte slices
// (UploadLayerPartInput.LayerPartBlob, the only one in the ECR API) are not
// copied into the log: the fake takes one private copy of a part when the
// call starts, stores the layer from it and shares it with the log, so a
// recorded part costs no memory of its own. Read such bytes; do not write
// into them (an append is safe: the slice's capacity ends at its length).
type Call struct {
	Seq    int       // 1, 2, 3, ... in the order calls started (from 1 again after Reset or ResetCalls)
	Op     Op        // the operation
	Input  any       // *ecr.XxxInput, as the caller passed it (never nil)
	Output any       // *ecr.XxxOutput, or nil when Err is set
	Err    error     // the error the caller saw, wrapped as the real client wraps it
	Time   time.Time // the fake clock when the call started
}

// callLog keeps the call log: records frozen when calls start (the input) and
// end (the output), kept in the order the calls started.
type callLog struct {
	off   bool // set by New, never changed: read without mu
	limit int  // keep the last limit records (0: all); set by New

	mu      sync.Mutex
	gen     uint64 // bumped by reset: calls that started before it are not recorded
	started int
	frozen  deepcopy.Freezer
	records recordList
}

// record is one call as the log keeps it.
type record struct {
	seq     int
	op      Op
	time    time.Time
	in, out deepcopy.Frozen
	err     error
}

// pending is a call that has started and not ended yet.
type pending struct {
	rec record
	gen uint64
	on  bool
}

// begin numbers a call and freezes its input. The input's byte slices are
// shared, not copied: the dispatcher hands begin an input whose byte slices
// belong to the fake (see privateBlob).
func (r *callLog) begin(now time.Time, op Op, in any) pending {
	if r.off {
		return pending{}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.started++
	return pending{rec: record{seq: r.started, op: op, time: now, in: r.frozen.Freeze(in, true)}, gen: r.gen, on: true}
}

// end freezes the call's output and adds the record in start order.
func (r *callLog) end(p pending, out any, err error) {
	if !p.on {
		return
	}
	p.rec.err = err
	r.mu.Lock()
	defer r.mu.Unlock()
	if p.gen != r.gen {
		return // started before a reset
	}
	if err == nil {
		p.rec.out = r.frozen.Freeze(out, false)
	}
	r.records.insert(p.rec)
	if r.limit > 0 && r.records.n > r.limit {
		r.records.dropFirst()
	}
}

// recordList holds records in fixed blocks, so that a growing log never
// copies what it already holds.
type recordList struct {
	blocks []*[recordBlock]record
	head   int // the first record's index in blocks[0]
	n      int
}

const recordBlock = 256

func (l *recordList) at(i int) *record {
	i += l.head
	return &l.blocks[i/recordBlock][i%recordBlock]
}

// insert adds rec in start order: after every record that started before it
// (calls can end out of order).
func (l *recordList) insert(rec record) {
	if (l.head+l.n)/recordBlock == len(l.blocks) {
		l.blocks = append(l.blocks, new([recordBlock]record))
	}
	i := l.n
	l.n++
	for ; i > 0 && l.at(i-1).seq > rec.seq; i-- {
		*l.at(i) = *l.at(i - 1)
	}
	*l.at(i) = rec
}

func (l *recordList) dropFirst() {
	*l.at(0) = record{} // release what it holds
	l.head++
	l.n--
	if l.head == recordBlock {
		l.blocks[0] = nil
		l.blocks = l.blocks[1:]
		l.head = 0
	}
}

// reset empties the log and numbers the next call 1.
func (r *callLog) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.gen++
	r.started = 0
	r.records = recordList{}
	r.frozen = deepcopy.Freezer{}
}

// read returns the records of op (every record for opInvalid), in order;
// records are immutable, so they are thawed after the lock is released.
func (r *callLog) read(reader string, op Op) []record {
	if r.off {
		panic("ecrfake: " + reader + " on a fake whose call log is off: WithCallRecording(false) turned it off; " +
			"drop that option (the log is on by default) to assert on calls")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	n := r.records.n
	if op != opInvalid {
		n = 0
		for i := range r.records.n {
			if r.records.at(i).op == op {
				n++
			}
		}
	}
	out := make([]record, 0, n)
	for i := range r.records.n {
		if rec := r.records.at(i); op == opInvalid || rec.op == op {
			out = append(out, *rec)
		}
	}
	return out
}

func thawAll(recs []record) []Call {
	if len(recs) == 0 {
		return nil
	}
	var t deepcopy.Thawer
	out := make([]Call, len(recs))
	for i := range recs {
		rec := &recs[i]
		out[i] = Call{Seq: rec.seq, Op: rec.op, Input: t.Thaw(rec.in), Output: t.Thaw(rec.out), Err: rec.err, Time: rec.time}
	}
	return out
}

// Calls returns every recorded call in the order the calls started (with
// WithCallLogLimit, the last ones). Each Call holds fresh values: changing
// them changes nothing recorded (see Call for byte slices).
//
// Calls panics when the log is off (WithCallRecording(false)), so that an
// assertion over an empty result cannot pass because nothing was recorded.
func (f *Fake) Calls() []Call { return thawAll(f.calls.read("Calls", opInvalid)) }

// CallsTo returns the recorded calls of op, in order. Like Calls, it panics
// when the log is off.
func (f *Fake) CallsTo(op Op) []Call { return thawAll(f.calls.read("CallsTo", op)) }

// ResetCalls empties the call log and numbers the next call 1 again, as on a
// new fake. Calls in progress when it runs are not recorded.
func (f *Fake) ResetCalls() { f.calls.reset() }

// CallsOf returns the inputs of the recorded calls of the operation whose
// input type is I, in order: CallsOf[ecr.PutImageInput](f) is every
// PutImage input. TypedCalls gives the outputs and errors too. Like Calls,
// it panics when the log is off.
func CallsOf[I any](f *Fake) []*I {
	recs := f.calls.read("CallsOf", OpOf[I]())
	if len(recs) == 0 {
		return nil
	}
	var t deepcopy.Thawer
	out := make([]*I, len(recs))
	for i := range recs {
		out[i] = t.Thaw(recs[i].in).(*I)
	}
	return out
}

// TypedCall is a recorded call of one operation with its input and output
// typed, as TypedCalls returns it.
type TypedCall[I, O any] struct {
	Seq    int       // as in Call
	Input  *I        // never nil
	Output *O        // nil when Err is set
	Err    error     // the error the caller saw
	Time   time.Time // the fake clock when the call started
}

// TypedCalls returns the recorded calls of one operation, in order, with
// typed inputs and outputs. The operation is named by its method, which is
// only used for its type, never called; the method of the fake or of an
// *ecr.Client both do:
//
//	for _, c := range ecrfake.TypedCalls(f, f.PutImage) {
//		if c.Err == nil {
//			fmt.Println(*c.Input.ImageTag, *c.Output.Image.ImageId.ImageDigest)
//		}
//	}
//
// Like Calls, it panics when the log is off.
func TypedCalls[I, O any](f *Fake, method func(context.Context, *I, ...func(*ecr.Options)) (*O, error)) []TypedCall[I, O] {
	op := OpOf[I]()
	if opOutputs[op] != typeOf[O]() {
		panic(fmt.Sprintf("ecrfake: TypedCalls: %s returns *%s, not *%s", op, opOutputs[op], typeOf[O]()))
	}
	recs := f.calls.read("TypedCalls", op)
	if len(recs) == 0 {
		return nil
	}
	var t deepcopy.Thawer
	out := make([]TypedCall[I, O], len(recs))
	for i := range recs {
		rec := &recs[i]
		c := TypedCall[I, O]{Seq: rec.seq, Input: t.Thaw(rec.in).(*I), Err: rec.err, Time: rec.time}
		if !rec.out.IsZero() {
			c.Output = t.Thaw(rec.out).(*O)
		}
		out[i] = c
	}
	return out
}

// privateBlob gives a call of UploadLayerPart its own copy of the part, taken
// once: the state stores the layer from it and the call log shares it, so
// the caller may reuse its buffer as soon as the call returns.
func privateBlob(in *ecr.UploadLayerPartInput) *ecr.UploadLayerPartInput {
	if in == nil || in.LayerPartBlob == nil {
		return in
	}
	cp := *in
	cp.LayerPartBlob = bytes.Clone(in.LayerPartBlob)
	return &cp
}
