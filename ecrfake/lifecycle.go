package ecrfake

// Lifecycle policies, their previews and their runs.

import (
	"context"
	"reflect"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"

	"github.com/ecrfake/go-ecrfake/internal/state"
)

// Every lifecycle operation takes the exclusive lock: before it answers, it
// applies what the clock has made due for the repository (a preview's
// completion, an automatic run), which may change state.

var opPutLifecyclePolicy = operation{op: OpPutLifecyclePolicy, write: true}

// PutLifecyclePolicy implements (*ecr.Client).PutLifecyclePolicy. Validates
// the policy as ECR does, with its JSON-schema style texts
// (InvalidParameterException at 'LifecyclePolicyText', for example
// "Lifecycle policy validation failure: numeric instance is lower than the
// required minimum (minimum: 1, found: 0)"), and stores the text verbatim.
//
// Previews and runs evaluate the rules as ECR does: in priority order; an
// image receives at most one action; an image whose tags satisfy a rule is
// never acted on by a lower-priority rule, though those rules still count it
// (the "keep 9999 prod images" idiom); imageCountMoreThan keeps the newest N
// images (images are counted, not tags); sinceImagePushed and
// sinceImagePulled select images pushed or last pulled more than N×24 hours
// before (an image never pulled counts as pulled when it was pushed);
// several tagPrefixList or tagPatternList entries must all match, patterns
// matching whole tags. Images with equal push times are ordered by digest,
// the larger one counting as newer. Rules of storageClass standard (the
// default) see ACTIVE images; rules of storageClass archive (countType
// sinceImageTransitioned, at least 90 days) see ARCHIVED images and count
// from lastArchivedAt; images being restored (ACTIVATING) are seen by no
// rule. Indexes, manifest lists and the images they reference are never
// transitioned: rules still select them (shielding them from lower rules),
// but neither previews nor runs list an action for them.
//
// The stored policy runs on demand with RunLifecyclePolicies. With
// WithLifecycleAutoRun(true) (off by default) it also runs by itself every
// LifecycleEvaluationInterval (24 hours) of fake-clock time after this call
// stored it: when the clock has passed one or more of these points, the
// start of the next call that names the repository (any operation with a
// repositoryName, or RunLifecyclePolicies) applies one run, evaluated as of
// the latest point over the images pushed by then, and lastEvaluatedAt
// reports that point.
func (f *Fake) PutLifecyclePolicy(ctx context.Context, params *ecr.PutLifecyclePolicyInput, optFns ...func(*ecr.Options)) (*ecr.PutLifecyclePolicyOutput, error) {
	return call(ctx, f, opPutLifecyclePolicy, params, withLifecycle(f, (*state.World).PutLifecyclePolicy))
}

var opGetLifecyclePolicy = operation{op: OpGetLifecyclePolicy, write: true}

// GetLifecyclePolicy implements (*ecr.Client).GetLifecyclePolicy.
// lastEvaluatedAt is the time of the last run, or the Unix epoch for a
// policy that never ran. Like every lifecycle operation, it first applies
// what the clock has made due for the repository (an automatic run, a
// preview's completion).
func (f *Fake) GetLifecyclePolicy(ctx context.Context, params *ecr.GetLifecyclePolicyInput, optFns ...func(*ecr.Options)) (*ecr.GetLifecyclePolicyOutput, error) {
	return call(ctx, f, opGetLifecyclePolicy, params, withLifecycle(f, (*state.World).GetLifecyclePolicy))
}

var opDeleteLifecyclePolicy = operation{op: OpDeleteLifecyclePolicy, write: true}

// DeleteLifecyclePolicy implements (*ecr.Client).DeleteLifecyclePolicy.
// Returns the deleted policy; LifecyclePolicyNotFoundException when none is
// set.
func (f *Fake) DeleteLifecyclePolicy(ctx context.Context, params *ecr.DeleteLifecyclePolicyInput, optFns ...func(*ecr.Options)) (*ecr.DeleteLifecyclePolicyOutput, error) {
	return call(ctx, f, opDeleteLifecyclePolicy, params, withLifecycle(f, (*state.World).DeleteLifecyclePolicy))
}

var opStartLifecyclePolicyPreview = operation{op: OpStartLifecyclePolicyPreview, write: true}

// StartLifecyclePolicyPreview implements
// (*ecr.Client).StartLifecyclePolicyPreview. Previews the given policy text,
// or the stored policy when none is given, with the same validation and
// evaluation as PutLifecyclePolicy. The preview is IN_PROGRESS for
// WithLifecyclePreviewDuration of fake-clock time
// (DefaultLifecyclePreviewDuration, 5 s), then COMPLETE; its results are
// evaluated as of the completion time over the images pushed by then. A
// preview changes no image.
func (f *Fake) StartLifecyclePolicyPreview(ctx context.Context, params *ecr.StartLifecyclePolicyPreviewInput, optFns ...func(*ecr.Options)) (*ecr.StartLifecyclePolicyPreviewOutput, error) {
	return call(ctx, f, opStartLifecyclePolicyPreview, params, withLifecycle(f, (*state.World).StartLifecyclePolicyPreview))
}

var opGetLifecyclePolicyPreview = operation{op: OpGetLifecyclePolicyPreview, write: true}

// GetLifecyclePolicyPreview implements
// (*ecr.Client).GetLifecyclePolicyPreview. Reports the preview IN_PROGRESS
// until WithLifecyclePreviewDuration has passed on the clock, then COMPLETE
// with its results, computed when a lifecycle call on the repository first
// finds the preview complete: the images it would act on, oldest first, at
// most 100 per page. With imageIds it lists the named images the preview
// acts on, in preview order; ids it does not act on are absent.
//
// The SDK's LifecyclePolicyPreviewComplete waiter finishes at once inside a
// testing/synctest bubble on the default clock; with a ManualClock, the test
// advances the clock.
func (f *Fake) GetLifecyclePolicyPreview(ctx context.Context, params *ecr.GetLifecyclePolicyPreviewInput, optFns ...func(*ecr.Options)) (*ecr.GetLifecyclePolicyPreviewOutput, error) {
	return call(ctx, f, opGetLifecyclePolicyPreview, params, withLifecycle(f, (*state.World).GetLifecyclePolicyPreview))
}

// RunLifecyclePolicies runs the stored lifecycle policy of a repository in the
// fake's own registry now, as ECR does on its own schedule, and returns the
// digests of the images it expired, oldest first. An expired image goes as
// with BatchDeleteImage by digest, tags and all; an image that an index in
// the repository still references stays (unless the index expires in the
// same run). Rules whose action is transition archive the images they
// select (see DescribeImages with an ARCHIVED imageStatus filter for them),
// indexes included; an image an index references is archived only when the
// index is archived or deleted first, in an earlier run or in the same one.
// GetLifecyclePolicy then reports the run's time as lastEvaluatedAt, and
// the images a run archives have it as lastArchivedAt. Automatic runs
// (WithLifecycleAutoRun, see PutLifecyclePolicy) act the same way.
//
// Errors are wrapped as GetLifecyclePolicy wraps them:
// RepositoryNotFoundException, or LifecyclePolicyNotFoundException when the
// repository has no policy.
func (f *Fake) RunLifecyclePolicies(repository string) ([]string, error) {
	now := f.now()
	opts := f.lifecycleOptions()
	f.mu.Lock()
	expired, err := f.world.RunLifecyclePolicy(now, nil, repository, opts)
	f.mu.Unlock()
	if err != nil {
		return nil, f.wrapError(OpGetLifecyclePolicy, err)
	}
	return expired, nil
}

// lifecycleOptions are the lifecycle settings the fake was built with.
func (f *Fake) lifecycleOptions() state.LifecycleOptions {
	o := state.LifecycleOptions{PreviewDuration: f.cfg.lifecyclePreviewDuration}
	if f.cfg.lifecycleAutoRun {
		o.AutoRunEvery = LifecycleEvaluationInterval
	}
	return o
}

// withLifecycle adapts a lifecycle state transition, which also takes the
// fake's lifecycle settings, to the dispatcher.
func withLifecycle[I, O any](f *Fake, run func(*state.World, time.Time, *I, state.LifecycleOptions) (*O, error)) runFunc[I, O] {
	opts := f.lifecycleOptions()
	return func(w *state.World, now time.Time, in *I) (*O, error) { return run(w, now, in, opts) }
}

// applyDueLifecycle applies, at the start of every call that names a
// repository, the automatic lifecycle run the clock has made due for it. It
// takes the exclusive lock only when a run is due.
func (f *Fake) applyDueLifecycle(now time.Time, in any) {
	if !f.cfg.lifecycleAutoRun {
		return
	}
	v := reflect.ValueOf(in).Elem()
	field := v.FieldByName("RepositoryName")
	if !field.IsValid() {
		return
	}
	name, _ := field.Interface().(*string)
	if name == nil {
		return
	}
	var registryID *string
	if r := v.FieldByName("RegistryId"); r.IsValid() {
		registryID, _ = r.Interface().(*string)
	}
	opts := f.lifecycleOptions()
	f.mu.RLock()
	due := f.world.LifecycleRunDue(now, registryID, name, opts)
	f.mu.RUnlock()
	if due {
		f.mu.Lock()
		f.world.ApplyDueLifecycle(now, registryID, name, opts)
		f.mu.Unlock()
	}
}
