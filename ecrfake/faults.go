package ecrfake

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	smithy "github.com/aws/smithy-go"

	"github.com/ecrfake/go-ecrfake/internal/constraints"
)

// Fault describes a way for one operation to misbehave: fail with an error,
// fail after taking effect, take time, hang, or fail some items of a batch.
// Build one with Fail, FailWhen, FailSequence, Delay, Hang, FailImages or
// FailLayers, narrow it with its methods, and install it with (*Fake).Inject.
// A Fault is a value: each method returns a changed copy.
//
// Faults fire only for calls of their operation whose input they match, and
// their triggers (Times, OnCall, WithProbability) count matching calls only.
//
// One rule for every trigger and narrowing: a value that cannot mean what it
// says panics where the fault is built, with a message saying what to write
// instead. Times(n) and OnCall(n) take n >= 1 (a fault that fires on every
// call has no Times; the first call is OnCall(1)); WithProbability takes
// 0 < p <= 1; ForRepository applies only to operations whose input has a
// RepositoryName. Combinations that can never fire (OnCall(3) with Times(2))
// panic when the fault is injected.
type Fault struct {
	op      Op
	desc    string
	match   func(in any) bool
	action  func(h *Hook, ctx context.Context, in any, next handler, step int) (any, error, bool)
	errs    []error // Fail / FailSequence: the ith firing returns errs[min(i, len-1)]
	after   bool
	times   int // fire on the first n matching calls (0: every call)
	onCall  int // fire on the nth matching call only (0: unused)
	prob    float64
	seed    uint64
	clockFn func() advancer // Delay

	alsoRegistry bool // AlsoOnRegistry: fire for the registry requests of op too
}

// advancer is a clock that a Delay fault can move, such as *ManualClock.
type advancer interface{ Advance(time.Duration) }

// Fail makes op fail with err. err may be any ECR exception value (see also
// the Err* constructors), a context error, a *TransportError, or a smithy
// API error such as ErrThrottling().
//
// Each face sees the error as the real client would see that failure:
//
//   - an ECR exception or other smithy.APIError: direct calls and f.Client()
//     both return it wrapped as the real client wraps a service error
//     (operation error → response error with status and request id → the
//     exception), so errors.As finds the exception either way; Handler
//     answers the exception's JSON error document;
//   - a context error: "operation error ECR: <Op>, context canceled" on both
//     faces; Handler drops the request;
//   - a *TransportError: a "request send failed" error on both faces;
//     Handler drops the connection;
//   - any other Go error (errors.New("boom")) is no service answer at all.
//     A direct call returns it wrapped in *smithy.OperationError, so
//     errors.Is(err, boom) holds. Over the wire it becomes what a server
//     answers for an internal fault: HTTP 500 InternalFailure with the
//     error's text, so f.Client() retries it as the SDK retries any 500 and
//     then returns a response error whose ErrorCode is "InternalFailure";
//     errors.Is(err, boom) does not hold there. Inject ErrServer() instead
//     to make both faces agree.
func Fail(op Op, err error) Fault {
	if err == nil {
		panic(fmt.Sprintf("ecrfake: Fail(%s, nil): err is what the call returns and cannot be nil; write an error such as ErrServer(), "+
			"or use FailSequence, where a nil entry lets that call through", op))
	}
	return Fault{op: op, desc: fmt.Sprintf("Fail(%s, %s)", op, errName(err)), errs: []error{err}, action: failAction}
}

// FailWhen makes the operation whose input type is I fail with err for the
// inputs match accepts (for example one repository or one tag).
func FailWhen[I any](match func(in *I) bool, err error) Fault {
	f := Fail(OpOf[I](), err)
	f.desc = fmt.Sprintf("FailWhen(%s, %s)", f.op, errName(err))
	f.match = func(in any) bool {
		i, ok := in.(*I) // a registry request (AlsoOnRegistry) is not an *I
		return ok && match(i)
	}
	return f
}

// FailSequence answers the matching calls of op with errs in turn — a nil
// entry lets that call through — and then keeps answering with the last
// entry: FailSequence(op, ErrThrottling(), ErrThrottling(), nil) fails twice
// and then succeeds for good.
func FailSequence(op Op, errs ...error) Fault {
	if len(errs) == 0 {
		panic("ecrfake: FailSequence needs at least one entry")
	}
	names := make([]string, len(errs))
	for i, e := range errs {
		names[i] = errName(e)
	}
	return Fault{op: op, desc: fmt.Sprintf("FailSequence(%s, %s)", op, strings.Join(names, ", ")), errs: errs, action: failAction}
}

func failAction(h *Hook, ctx context.Context, in any, next handler, step int) (any, error, bool) {
	f := h.fault
	err := f.errs[min(step, len(f.errs)-1)]
	if err == nil {
		return nil, nil, false
	}
	if f.after {
		if _, nerr := next(ctx, in); nerr != nil {
			return nil, nerr, true // the operation itself failed: that is what the caller sees
		}
	}
	return nil, err, true
}

// Delay makes op take d of the fake's clock: the clock advances by d before
// the operation runs. The fake must use a clock that can advance (a
// *ManualClock); Inject panics otherwise. Nothing sleeps. A negative d
// panics: the clock never runs backwards inside a call.
func Delay(op Op, d time.Duration) Fault {
	if d < 0 {
		panic(fmt.Sprintf("ecrfake: Delay(%s, %s): d is how long the call takes on the fake's clock and cannot be negative; "+
			"to move a ManualClock back, call its Set", op, d))
	}
	return Fault{op: op, desc: fmt.Sprintf("Delay(%s, %s)", op, d), action: func(h *Hook, ctx context.Context, in any, next handler, _ int) (any, error, bool) {
		h.clock.Advance(d)
		out, err := next(ctx, in)
		return out, err, true
	}, clockFn: func() advancer { return nil }}
}

// Hang makes op block until the call's context is done, then fail with the
// context's error, as a request to an unresponsive endpoint does.
func Hang(op Op) Fault {
	return Fault{op: op, desc: fmt.Sprintf("Hang(%s)", op), action: func(_ *Hook, ctx context.Context, _ any, _ handler, _ int) (any, error, bool) {
		<-ctx.Done()
		return nil, ctx.Err(), true
	}}
}

// FailImages makes BatchGetImage or BatchDeleteImage report the image ids
// match accepts as per-item failures with code (the real reason text for
// the code), without touching them; the other ids are processed normally.
// The service's own validation comes first, whatever match accepts: a
// missing repository, an invalid name or too many ids fail the call as they
// would without the fault.
func FailImages(op Op, code types.ImageFailureCode, match func(id types.ImageIdentifier) bool) Fault {
	if op != OpBatchGetImage && op != OpBatchDeleteImage {
		panic("ecrfake: FailImages applies to OpBatchGetImage and OpBatchDeleteImage, not " + op.String())
	}
	reason := imageFailureReason(code)
	fail := func(id types.ImageIdentifier) types.ImageFailure {
		return types.ImageFailure{FailureCode: code, FailureReason: &reason, ImageId: &types.ImageIdentifier{ImageDigest: id.ImageDigest, ImageTag: id.ImageTag}}
	}
	return Fault{op: op, desc: fmt.Sprintf("FailImages(%s, %s)", op, code), action: func(_ *Hook, ctx context.Context, in any, next handler, _ int) (any, error, bool) {
		switch in := in.(type) {
		case *ecr.BatchGetImageInput:
			probe, failed, ok := split(in.ImageIds, match, fail, imageProbe)
			if !ok {
				return nil, nil, false
			}
			cp := *in
			cp.ImageIds = probe
			out, err := partial[ecr.BatchGetImageOutput](ctx, in, &cp, next)
			if err != nil {
				return nil, err, true
			}
			out.Failures = append(slices.DeleteFunc(out.Failures, func(f types.ImageFailure) bool { return isProbe(f.ImageId) }), failed...)
			return out, nil, true
		case *ecr.BatchDeleteImageInput:
			probe, failed, ok := split(in.ImageIds, match, fail, imageProbe)
			if !ok {
				return nil, nil, false
			}
			cp := *in
			cp.ImageIds = probe
			out, err := partial[ecr.BatchDeleteImageOutput](ctx, in, &cp, next)
			if err != nil {
				return nil, err, true
			}
			out.Failures = append(slices.DeleteFunc(out.Failures, func(f types.ImageFailure) bool { return isProbe(f.ImageId) }), failed...)
			return out, nil, true
		}
		return nil, nil, false
	}}
}

// A batch fault must not skip what the service checks before it looks at any
// item (the repository, the name, the number of items), and must not let the
// items it fails reach the state. So the request goes on with each failed
// item replaced by a probe: an id of the same count and shape that names
// nothing the fake can hold (a digest no content hashes to in practice), so
// the service validates the request as sent and touches nothing for the
// probes, whose answers are then dropped.
const probeDigestPrefix = "sha256:ecf00000000000000000000000000000000000000000000000000"

func probeDigest(i int) string { return fmt.Sprintf("%s%011x", probeDigestPrefix, i) }

func imageProbe(i int) types.ImageIdentifier {
	d := probeDigest(i)
	return types.ImageIdentifier{ImageDigest: &d}
}

func isProbe(id *types.ImageIdentifier) bool {
	return id != nil && id.ImageDigest != nil && strings.HasPrefix(*id.ImageDigest, probeDigestPrefix)
}

// split returns the items to send on (each one match fails replaced by a
// probe) and the failures to report; ok is false when match fails nothing.
func split[K, F any](items []K, match func(K) bool, fail func(K) F, probe func(int) K) (send []K, failed []F, ok bool) {
	send = make([]K, len(items))
	for i, it := range items {
		if match(it) {
			failed = append(failed, fail(it))
			send[i] = probe(i)
		} else {
			send[i] = it
		}
	}
	return send, failed, failed != nil
}

// partial runs a batch operation with the probed input, after checking the
// model constraints of the input as the caller sent it (the probes satisfy
// them whatever the failed items looked like).
func partial[O, I any](ctx context.Context, in, probed *I, next handler) (*O, error) {
	if err := constraints.Check(in); err != nil {
		return nil, err
	}
	res, err := next(ctx, probed)
	if err != nil {
		return nil, err
	}
	return res.(*O), nil
}

// FailLayers makes BatchCheckLayerAvailability (op, the only operation it
// applies to, named for symmetry with FailImages and every other fault)
// report the digests match accepts as per-item failures with code; the
// other digests are checked normally. As with FailImages, the service's own
// validation comes first.
func FailLayers(op Op, code types.LayerFailureCode, match func(digest string) bool) Fault {
	if op != OpBatchCheckLayerAvailability {
		panic("ecrfake: FailLayers applies to OpBatchCheckLayerAvailability, not " + op.String())
	}
	reason := "Injected failure: " + string(code)
	fail := func(d string) types.LayerFailure {
		return types.LayerFailure{FailureCode: code, FailureReason: &reason, LayerDigest: &d}
	}
	return Fault{op: op, desc: fmt.Sprintf("FailLayers(%s, %s)", op, code), action: func(_ *Hook, ctx context.Context, in any, next handler, _ int) (any, error, bool) {
		req, ok := in.(*ecr.BatchCheckLayerAvailabilityInput)
		if !ok {
			return nil, nil, false // a registry request (AlsoOnRegistry) has no per-item failures
		}
		probe, failed, ok := split(req.LayerDigests, match, fail, probeDigest)
		if !ok {
			return nil, nil, false
		}
		cp := *req
		cp.LayerDigests = probe
		out, err := partial[ecr.BatchCheckLayerAvailabilityOutput](ctx, req, &cp, next)
		if err != nil {
			return nil, err, true
		}
		probed := func(d *string) bool { return d != nil && strings.HasPrefix(*d, probeDigestPrefix) }
		out.Layers = slices.DeleteFunc(out.Layers, func(l types.Layer) bool { return probed(l.LayerDigest) })
		out.Failures = append(slices.DeleteFunc(out.Failures, func(f types.LayerFailure) bool { return probed(f.LayerDigest) }), failed...)
		return out, nil, true
	}}
}

func imageFailureReason(code types.ImageFailureCode) string {
	switch code {
	case types.ImageFailureCodeImageNotFound:
		return "Requested image not found"
	case types.ImageFailureCodeKmsError:
		return "The KMS key used to encrypt the image is not accessible"
	case types.ImageFailureCodeImageReferencedByManifestList:
		return "Requested image is referenced by a manifest list or image index in the repository"
	case types.ImageFailureCodeUpstreamTooManyRequests:
		return "The upstream registry is throttling requests"
	case types.ImageFailureCodeUpstreamUnavailable:
		return "The upstream registry is unavailable"
	case types.ImageFailureCodeUpstreamAccessDenied:
		return "Access to the upstream registry was denied"
	}
	return "Injected failure: " + string(code)
}

// AfterCommit makes an error fault let the operation take effect first: the
// state changes, and the caller still sees the error — the lost response
// that tests idempotent retries. It has no effect on other kinds of fault.
func (f Fault) AfterCommit() Fault {
	f.after = true
	f.desc += ".AfterCommit()"
	return f
}

// Times makes the fault fire on the first n matching calls only; n >= 1.
// Without Times a fault fires on every matching call.
func (f Fault) Times(n int) Fault {
	if n < 1 {
		panic(fmt.Sprintf("ecrfake: %s.Times(%d): n counts the calls the fault fires on and must be at least 1; "+
			"leave Times out to fire on every call, or do not inject the fault to fire on none", f.desc, n))
	}
	f.times = n
	f.desc += fmt.Sprintf(".Times(%d)", n)
	return f
}

// OnCall makes the fault fire on the nth matching call only; calls count
// from 1.
func (f Fault) OnCall(n int) Fault {
	if n < 1 {
		panic(fmt.Sprintf("ecrfake: %s.OnCall(%d): calls count from 1: OnCall(1) is the first matching call", f.desc, n))
	}
	f.onCall = n
	f.desc += fmt.Sprintf(".OnCall(%d)", n)
	return f
}

// WithProbability makes the fault fire on a matching call with probability
// p, drawn from a generator seeded with seed: the same seed and the same
// sequence of calls give the same failures. 0 < p <= 1.
func (f Fault) WithProbability(p float64, seed uint64) Fault {
	if !(p > 0 && p <= 1) { // NaN fails both
		panic(fmt.Sprintf("ecrfake: %s.WithProbability(%g, %d): p is a probability in (0, 1]; "+
			"leave WithProbability out to fire on every call, or do not inject the fault to fire on none", f.desc, p, seed))
	}
	f.prob, f.seed = p, seed
	f.desc += fmt.Sprintf(".WithProbability(%g, %d)", p, seed)
	return f
}

// ForRepository narrows the fault to inputs naming the repository name. It
// applies to the operations whose input has a RepositoryName member; on any
// other operation (GetAuthorizationToken, DescribeRegistry...) it could never
// match, so it panics; use FailWhen to match such an input.
func (f Fault) ForRepository(name string) Fault {
	if !namesRepository(f.op) {
		panic(fmt.Sprintf("ecrfake: %s.ForRepository(%q): %s names no repository, so the fault could never fire; "+
			"ForRepository applies to %s", f.desc, name, f.op, strings.Join(opsNamingRepository(), ", ")))
	}
	prev := f.match
	f.match = func(in any) bool {
		if prev != nil && !prev(in) {
			return false
		}
		if rr, ok := in.(*RegistryRequest); ok {
			return rr.Repository == name
		}
		v := reflect.ValueOf(in).Elem().FieldByName("RepositoryName")
		return v.IsValid() && v.Kind() == reflect.Pointer && !v.IsNil() && v.Elem().String() == name
	}
	f.desc += fmt.Sprintf(".ForRepository(%q)", name)
	return f
}

// String describes the fault, as the failure of AssertFaultsFired does.
func (f Fault) String() string { return f.desc }

// Inject installs the fault and returns its handle (Hits, Remove).
func (f *Fake) Inject(fault Fault) *Hook {
	if fault.action == nil {
		panic("ecrfake: Inject of a zero Fault; build one with Fail, Delay, Hang, ...")
	}
	if fault.times > 0 && fault.onCall > fault.times {
		panic(fmt.Sprintf("ecrfake: %s can never fire: OnCall(%d) comes after the first %d calls Times allows", fault.desc, fault.onCall, fault.times))
	}
	h := &Hook{op: fault.op, desc: fault.desc, isFault: true, fault: fault}
	if fault.clockFn != nil {
		c, ok := f.cfg.clock.(advancer)
		if !ok {
			panic("ecrfake: " + fault.desc + " needs a clock that can advance; use WithClock(NewManualClock(...))")
		}
		h.clock = c
	}
	var mu sync.Mutex // guards the trigger state below
	matched := 0
	var rng *rand.Rand
	if fault.prob > 0 {
		rng = rand.New(rand.NewPCG(fault.seed, fault.seed^0x9e3779b97f4a7c15))
	}
	h.fn = func(ctx context.Context, in any, next handler) (any, error) {
		if fault.match != nil && !fault.match(in) {
			return next(ctx, in)
		}
		mu.Lock()
		matched++
		n := matched
		fire := (fault.times == 0 || n <= fault.times) && (fault.onCall == 0 || n == fault.onCall)
		if fire && rng != nil {
			fire = rng.Float64() < fault.prob
		}
		mu.Unlock()
		if !fire {
			return next(ctx, in)
		}
		out, err, acted := fault.action(h, ctx, in, next, n-1)
		if !acted {
			return next(ctx, in)
		}
		h.hits.Add(1)
		return out, err
	}
	return f.hooks.add(h)
}

// errName names an error in a fault's description.
func errName(err error) string {
	var ae smithy.APIError
	switch {
	case err == nil:
		return "nil"
	case errors.As(err, &ae):
		return ae.ErrorCode()
	}
	return err.Error()
}

// namesRepository reports whether op's input has a RepositoryName member.
func namesRepository(op Op) bool {
	if op.IsRegistry() { // every registry request but the ping and the catalog names one
		return op != OpRegistryPing && op != OpRegistryCatalog
	}
	if op == opInvalid || int(op) >= len(opInputs) || opInputs[op] == nil {
		return false
	}
	f, ok := opInputs[op].FieldByName("RepositoryName")
	return ok && f.Type == reflect.TypeFor[*string]()
}

// opsNamingRepository lists the operations ForRepository applies to.
func opsNamingRepository() []string {
	var names []string
	for _, op := range append(Ops(), RegistryOps()...) {
		if namesRepository(op) {
			names = append(names, op.String())
		}
	}
	return names
}
