package ecrfake

// Lifecycle policies and their previews (not modelled yet).

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
)

var opPutLifecyclePolicy = operation{op: OpPutLifecyclePolicy, write: false}

// PutLifecyclePolicy implements (*ecr.Client).PutLifecyclePolicy.
func (f *Fake) PutLifecyclePolicy(ctx context.Context, params *ecr.PutLifecyclePolicyInput, optFns ...func(*ecr.Options)) (*ecr.PutLifecyclePolicyOutput, error) {
	return call(ctx, f, opPutLifecyclePolicy, params, notModelled[ecr.PutLifecyclePolicyInput, ecr.PutLifecyclePolicyOutput](OpPutLifecyclePolicy))
}

var opGetLifecyclePolicy = operation{op: OpGetLifecyclePolicy, write: false}

// GetLifecyclePolicy implements (*ecr.Client).GetLifecyclePolicy.
func (f *Fake) GetLifecyclePolicy(ctx context.Context, params *ecr.GetLifecyclePolicyInput, optFns ...func(*ecr.Options)) (*ecr.GetLifecyclePolicyOutput, error) {
	return call(ctx, f, opGetLifecyclePolicy, params, notModelled[ecr.GetLifecyclePolicyInput, ecr.GetLifecyclePolicyOutput](OpGetLifecyclePolicy))
}

var opDeleteLifecyclePolicy = operation{op: OpDeleteLifecyclePolicy, write: false}

// DeleteLifecyclePolicy implements (*ecr.Client).DeleteLifecyclePolicy.
func (f *Fake) DeleteLifecyclePolicy(ctx context.Context, params *ecr.DeleteLifecyclePolicyInput, optFns ...func(*ecr.Options)) (*ecr.DeleteLifecyclePolicyOutput, error) {
	return call(ctx, f, opDeleteLifecyclePolicy, params, notModelled[ecr.DeleteLifecyclePolicyInput, ecr.DeleteLifecyclePolicyOutput](OpDeleteLifecyclePolicy))
}

var opStartLifecyclePolicyPreview = operation{op: OpStartLifecyclePolicyPreview, write: false}

// StartLifecyclePolicyPreview implements (*ecr.Client).StartLifecyclePolicyPreview.
func (f *Fake) StartLifecyclePolicyPreview(ctx context.Context, params *ecr.StartLifecyclePolicyPreviewInput, optFns ...func(*ecr.Options)) (*ecr.StartLifecyclePolicyPreviewOutput, error) {
	return call(ctx, f, opStartLifecyclePolicyPreview, params, notModelled[ecr.StartLifecyclePolicyPreviewInput, ecr.StartLifecyclePolicyPreviewOutput](OpStartLifecyclePolicyPreview))
}

var opGetLifecyclePolicyPreview = operation{op: OpGetLifecyclePolicyPreview, write: false}

// GetLifecyclePolicyPreview implements (*ecr.Client).GetLifecyclePolicyPreview.
func (f *Fake) GetLifecyclePolicyPreview(ctx context.Context, params *ecr.GetLifecyclePolicyPreviewInput, optFns ...func(*ecr.Options)) (*ecr.GetLifecyclePolicyPreviewOutput, error) {
	return call(ctx, f, opGetLifecyclePolicyPreview, params, notModelled[ecr.GetLifecyclePolicyPreviewInput, ecr.GetLifecyclePolicyPreviewOutput](OpGetLifecyclePolicyPreview))
}
