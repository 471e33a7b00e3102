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

// PutLifecyclePolicy implements (*ecr.Client).PutLifecyclePolicy.
func (f *Fake) PutLifecyclePolicy(ctx context.Context, params *ecr.PutLifecyclePolicyInput, optFns ...func(*ecr.Options)) (*ecr.PutLifecyclePolicyOutput, error) {
	return call(ctx, f, opPutLifecyclePolicy, params, withLifecycle(f, (*state.World).PutLifecyclePolicy))
}

var opGetLifecyclePolicy = operation{op: OpGetLifecyclePolicy, write: true}

// GetLifecyclePolicy implements (*ecr.Client).GetLifecyclePolicy.
func (f *Fake) GetLifecyclePolicy(ctx context.Context, params *ecr.GetLifecyclePolicyInput, optFns ...func(*ecr.Options)) (*ecr.GetLifecyclePolicyOutput, error) {
	return call(ctx, f, opGetLifecyclePolicy, params, withLifecycle(f, (*state.World).GetLifecyclePolicy))
}

var opDeleteLifecyclePolicy = operation{op: OpDeleteLifecyclePolicy, write: true}

// DeleteLifecyclePolicy implements (*ecr.Client).DeleteLifecyclePolicy.
func (f *Fake) DeleteLifecyclePolicy(ctx context.Context, params *ecr.DeleteLifecyclePolicyInput, optFns ...func(*ecr.Options)) (*ecr.DeleteLifecyclePolicyOutput, error) {
	return call(ctx, f, opDeleteLifecyclePolicy, params, withLifecycle(f, (*state.World).DeleteLifecyclePolicy))
}

var opStartLifecyclePolicyPreview = operation{op: OpStartLifecyclePolicyPreview, write: true}

// StartLifecyclePolicyPreview implements (*ecr.Client).StartLifecyclePolicyPreview.
func (f *Fake) StartLifecyclePolicyPreview(ctx context.Context, params *ecr.StartLifecyclePolicyPreviewInput, optFns ...func(*ecr.Options)) (*ecr.StartLifecyclePolicyPreviewOutput, error) {
	return call(ctx, f, opStartLifecyclePolicyPreview, params, withLifecycle(f, (*state.World).StartLifecyclePolicyPreview))
}

var opGetLifecyclePolicyPreview = operation{op: OpGetLifecyclePolicyPreview, write: true}

// GetLifecyclePolicyPreview implements (*ecr.Client).GetLifecyclePolicyPreview.
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
// GetLifecyclePolicy then reports the run's time as lastEvaluatedAt.
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
