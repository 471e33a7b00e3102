package ecrfake

// Layers: the blob upload sessions of a push and blob availability.

import (
	"bytes"
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"

	"github.com/ecrfake/go-ecrfake/internal/state"
)

var opInitiateLayerUpload = operation{op: OpInitiateLayerUpload, write: true}

// InitiateLayerUpload implements (*ecr.Client).InitiateLayerUpload.
func (f *Fake) InitiateLayerUpload(ctx context.Context, params *ecr.InitiateLayerUploadInput, optFns ...func(*ecr.Options)) (*ecr.InitiateLayerUploadOutput, error) {
	return call(ctx, f, opInitiateLayerUpload, params, (*state.World).InitiateLayerUpload)
}

var opUploadLayerPart = operation{op: OpUploadLayerPart, write: true, phased: true}

// UploadLayerPart implements (*ecr.Client).UploadLayerPart. The part's bytes
// are copied once, here (the caller keeps its slice); the upload keeps that
// copy as one of its parts and the call log shares it. The part is hashed
// without holding the fake's lock.
func (f *Fake) UploadLayerPart(ctx context.Context, params *ecr.UploadLayerPartInput, optFns ...func(*ecr.Options)) (*ecr.UploadLayerPartOutput, error) {
	if params != nil && params.LayerPartBlob != nil {
		cp := *params
		cp.LayerPartBlob = bytes.Clone(params.LayerPartBlob)
		params = &cp
	}
	return call(ctx, f, opUploadLayerPart, params, f.uploadLayerPart)
}

// uploadLayerPartOwned is UploadLayerPart for an input that is handed over:
// Handler decodes a fresh one per request, so its part is kept without the
// clone (the one copy is the decoder's).
func (f *Fake) uploadLayerPartOwned(ctx context.Context, params *ecr.UploadLayerPartInput, optFns ...func(*ecr.Options)) (*ecr.UploadLayerPartOutput, error) {
	return call(ctx, f, opUploadLayerPart, params, f.uploadLayerPart)
}

// uploadLayerPart is UploadLayerPart's transition in three steps: stage
// under the read lock, hash with no lock, commit under the write lock (the
// commit re-checks the upload, so a part that raced another lands right or
// fails as the second of two would).
func (f *Fake) uploadLayerPart(_ *state.World, now time.Time, in *ecr.UploadLayerPartInput) (*ecr.UploadLayerPartOutput, error) {
	f.mu.RLock()
	p, err := f.world.StageLayerPart(in)
	f.mu.RUnlock()
	if err != nil {
		return nil, err
	}
	p.Add(in.LayerPartBlob)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.world.CompleteDueRestores(now)
	return f.world.CommitLayerPart(now, in, p)
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
