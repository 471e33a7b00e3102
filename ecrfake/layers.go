package ecrfake

// Layers: the blob upload sessions of a push and blob availability.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/ecr"

	"github.com/ecrfake/go-ecrfake/internal/state"
)

var opInitiateLayerUpload = operation{op: OpInitiateLayerUpload, write: true}

// InitiateLayerUpload implements (*ecr.Client).InitiateLayerUpload.
func (f *Fake) InitiateLayerUpload(ctx context.Context, params *ecr.InitiateLayerUploadInput, optFns ...func(*ecr.Options)) (*ecr.InitiateLayerUploadOutput, error) {
	return call(ctx, f, opInitiateLayerUpload, params, (*state.World).InitiateLayerUpload)
}

var opUploadLayerPart = operation{op: OpUploadLayerPart, write: true}

// UploadLayerPart implements (*ecr.Client).UploadLayerPart.
func (f *Fake) UploadLayerPart(ctx context.Context, params *ecr.UploadLayerPartInput, optFns ...func(*ecr.Options)) (*ecr.UploadLayerPartOutput, error) {
	return call(ctx, f, opUploadLayerPart, privateBlob(params), (*state.World).UploadLayerPart)
}

var opCompleteLayerUpload = operation{op: OpCompleteLayerUpload, write: true}

// CompleteLayerUpload implements (*ecr.Client).CompleteLayerUpload.
func (f *Fake) CompleteLayerUpload(ctx context.Context, params *ecr.CompleteLayerUploadInput, optFns ...func(*ecr.Options)) (*ecr.CompleteLayerUploadOutput, error) {
	return call(ctx, f, opCompleteLayerUpload, params, (*state.World).CompleteLayerUpload)
}

var opBatchCheckLayerAvailability = operation{op: OpBatchCheckLayerAvailability, write: false}

// BatchCheckLayerAvailability implements (*ecr.Client).BatchCheckLayerAvailability.
func (f *Fake) BatchCheckLayerAvailability(ctx context.Context, params *ecr.BatchCheckLayerAvailabilityInput, optFns ...func(*ecr.Options)) (*ecr.BatchCheckLayerAvailabilityOutput, error) {
	return call(ctx, f, opBatchCheckLayerAvailability, params, (*state.World).BatchCheckLayerAvailability)
}

var opGetDownloadUrlForLayer = operation{op: OpGetDownloadUrlForLayer, write: false}

// GetDownloadUrlForLayer implements (*ecr.Client).GetDownloadUrlForLayer.
func (f *Fake) GetDownloadUrlForLayer(ctx context.Context, params *ecr.GetDownloadUrlForLayerInput, optFns ...func(*ecr.Options)) (*ecr.GetDownloadUrlForLayerOutput, error) {
	return call(ctx, f, opGetDownloadUrlForLayer, params, (*state.World).GetDownloadUrlForLayer)
}
