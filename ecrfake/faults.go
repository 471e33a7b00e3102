package ecrfake

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	smithy "github.com/aws/smithy-go"
)

// Fault describes a way for one operation to misbehave: fail with an error,
// fail after taking effect, take time, hang, or fail some items of a batch.
// Build one with Fail, FailWhen, FailSequence, Delay, Hang, FailImages or
// FailLayers, narrow it with its methods, and install it with (*Fake).Inject.
// A Fault is a value: each method returns a changed copy.
//
// Faults fire only for calls of their operation whose input they match, and
// their triggers (Times, OnCall, WithProbability) count matching calls only.
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
func Fail(op Op, err error) Fault {
	if err == nil {
		panic("ecrfake: Fail with a nil error")
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
// *ManualClock); Inject panics otherwise. Nothing sleeps.
func Delay(op Op, d time.Duration) Fault {
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
func FailImages(op Op, code types.ImageFailureCode, match func(id types.ImageIdentifier) bool) Fault {
	if op != OpBatchGetImage && op != OpBatchDeleteImage {
		panic("ecrfake: FailImages applies to OpBatchGetImage and OpBatchDeleteImage, not " + op.String())
	}
	reason := imageFailureReason(code)
	split := func(ids []types.ImageIdentifier) (keep []types.ImageIdentifier, failed []types.ImageFailure) {
		for _, id := range ids {
			if match(id) {
				failed = append(failed, types.ImageFailure{FailureCode: code, FailureReason: &reason, ImageId: &types.ImageIdentifier{ImageDigest: id.ImageDigest, ImageTag: id.ImageTag}})
			} else {
				keep = append(keep, id)
			}
		}
		return keep, failed
	}
	return Fault{op: op, desc: fmt.Sprintf("FailImages(%s, %s)", op, code), action: func(_ *Hook, ctx context.Context, in any, next handler, _ int) (any, error, bool) {
		switch in := in.(type) {
		case *ecr.BatchGetImageInput:
			keep, failed := split(in.ImageIds)
			return partial(ctx, in, keep, failed, next, func(cp *ecr.BatchGetImageInput) { cp.ImageIds = keep },
				&ecr.BatchGetImageOutput{Images: []types.Image{}},
				func(out *ecr.BatchGetImageOutput) { out.Failures = append(out.Failures, failed...) })
		case *ecr.BatchDeleteImageInput:
			keep, failed := split(in.ImageIds)
			return partial(ctx, in, keep, failed, next, func(cp *ecr.BatchDeleteImageInput) { cp.ImageIds = keep },
				&ecr.BatchDeleteImageOutput{ImageIds: []types.ImageIdentifier{}},
				func(out *ecr.BatchDeleteImageOutput) { out.Failures = append(out.Failures, failed...) })
		}
		return nil, nil, false
	}}
}

// partial runs a batch operation on the items a fault lets through (if any)
// and adds the fault's per-item failures to the result.
func partial[I, O, K, F any](ctx context.Context, in *I, keep []K, failed []F, next handler,
	narrow func(*I), empty *O, addFailures func(*O)) (any, error, bool) {
	if failed == nil {
		return nil, nil, false
	}
	out := empty
	if len(keep) > 0 {
		cp := *in
		narrow(&cp)
		res, err := next(ctx, &cp)
		if err != nil {
			return nil, err, true
		}
		out = res.(*O)
	}
	addFailures(out)
	return out, nil, true
}

// FailLayers makes BatchCheckLayerAvailability report the digests match
// accepts as per-item failures with code.
func FailLayers(code types.LayerFailureCode, match func(digest string) bool) Fault {
	reason := "Injected failure: " + string(code)
	return Fault{op: OpBatchCheckLayerAvailability, desc: fmt.Sprintf("FailLayers(%s)", code), action: func(_ *Hook, ctx context.Context, in any, next handler, _ int) (any, error, bool) {
		req, ok := in.(*ecr.BatchCheckLayerAvailabilityInput)
		if !ok {
			return nil, nil, false // a registry request (AlsoOnRegistry) has no per-item failures
		}
		var keep []string
		var failed []types.LayerFailure
		for _, d := range req.LayerDigests {
			if match(d) {
				failed = append(failed, types.LayerFailure{FailureCode: code, FailureReason: &reason, LayerDigest: &d})
			} else {
				keep = append(keep, d)
			}
		}
		return partial(ctx, req, keep, failed, next, func(cp *ecr.BatchCheckLayerAvailabilityInput) { cp.LayerDigests = keep },
			&ecr.BatchCheckLayerAvailabilityOutput{Layers: []types.Layer{}},
			func(out *ecr.BatchCheckLayerAvailabilityOutput) { out.Failures = append(out.Failures, failed...) })
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

// Times makes the fault fire on the first n matching calls only.
func (f Fault) Times(n int) Fault {
	f.times = n
	f.desc += fmt.Sprintf(".Times(%d)", n)
	return f
}

// OnCall makes the fault fire on the nth matching call only (1-based).
func (f Fault) OnCall(n int) Fault {
	f.onCall = n
	f.desc += fmt.Sprintf(".OnCall(%d)", n)
	return f
}

// WithProbability makes the fault fire on a matching call with probability
// p, drawn from a generator seeded with seed: the same seed and the same
// sequence of calls give the same failures.
func (f Fault) WithProbability(p float64, seed uint64) Fault {
	f.prob, f.seed = p, seed
	f.desc += fmt.Sprintf(".WithProbability(%g, %d)", p, seed)
	return f
}

// ForRepository narrows the fault to inputs naming the repository name.
func (f Fault) ForRepository(name string) Fault {
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
