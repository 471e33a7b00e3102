package ecrfake

// Layers: the blob upload sessions of a push and blob availability.

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"

	"github.com/ecrfake/go-ecrfake/internal/state"
)

var opInitiateLayerUpload = operation{op: OpInitiateLayerUpload, write: true}

// InitiateLayerUpload implements (*ecr.Client).InitiateLayerUpload. Opens an
// upload session bound to the repository, with an upload id from a counter;
// partSize is Limits.MaxLayerPartSize (10 MiB by default), the largest part
// UploadLayerPart accepts.
func (f *Fake) InitiateLayerUpload(ctx context.Context, params *ecr.InitiateLayerUploadInput, optFns ...func(*ecr.Options)) (*ecr.InitiateLayerUploadOutput, error) {
	return call(ctx, f, opInitiateLayerUpload, params, (*state.World).InitiateLayerUpload)
}

var opUploadLayerPart = operation{op: OpUploadLayerPart, write: true, phased: true}

// UploadLayerPart implements (*ecr.Client).UploadLayerPart. Parts must
// arrive in order: partFirstByte is the byte after the last one received
// (positions are inclusive), the blob has partLastByte-partFirstByte+1 bytes
// and at most Limits.MaxLayerPartSize. Otherwise the part is refused with
// InvalidLayerPartException, whose lastValidByteReceived is the last byte
// the session holds (nil before any byte was accepted), and the session is
// unchanged. So an UploadLayerPart retried after a lost response is refused,
// and lastValidByteReceived says where to resume. More than
// Limits.MaxPartsPerUpload parts or Limits.MaxLayerSize bytes is
// LimitExceededException. An unknown or ended upload id is
// UploadNotFoundException.
//
// The part's bytes are copied once, here (the caller keeps its slice); the
// upload keeps that copy as one of its parts and the call log shares it. The
// part is hashed without holding the fake's lock.
func (f *Fake) UploadLayerPart(ctx context.Context, params *ecr.UploadLayerPartInput, optFns ...func(*ecr.Options)) (*ecr.UploadLayerPartOutput, error) {
	return call(ctx, f, opUploadLayerPart, privateBlob(params), f.uploadLayerPart)
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

// CompleteLayerUpload implements (*ecr.Client).CompleteLayerUpload. Stores
// the uploaded bytes as a layer of the repository when one of layerDigests
// is their digest (InvalidLayerException otherwise). An upload without parts
// is EmptyUploadException; a part but the last smaller than
// Limits.MinLayerPartSize is LayerPartTooSmallException, checked here rather
// than at upload.
//
// The session ends when the call succeeds and when the layer already exists
// in the repository (LayerAlreadyExistsException); after other failures it
// stays open, so the client may fix and retry. A CompleteLayerUpload retried
// after a lost response therefore answers UploadNotFoundException: the layer
// was stored, and BatchCheckLayerAvailability reports it AVAILABLE. Layers
// belong to their repository; their bytes are stored once per digest across
// repositories.
func (f *Fake) CompleteLayerUpload(ctx context.Context, params *ecr.CompleteLayerUploadInput, optFns ...func(*ecr.Options)) (*ecr.CompleteLayerUploadOutput, error) {
	return call(ctx, f, opCompleteLayerUpload, params, (*state.World).CompleteLayerUpload)
}

var opBatchCheckLayerAvailability = operation{op: OpBatchCheckLayerAvailability, write: false}

// BatchCheckLayerAvailability implements
// (*ecr.Client).BatchCheckLayerAvailability. Reports each digest in request
// order: AVAILABLE with its size when the repository holds the layer,
// ARCHIVED when only archived or activating images reference it, UNAVAILABLE
// when it is well formed but not held. An empty digest is a
// MissingLayerDigest failure and a malformed one an InvalidLayerDigest
// failure.
func (f *Fake) BatchCheckLayerAvailability(ctx context.Context, params *ecr.BatchCheckLayerAvailabilityInput, optFns ...func(*ecr.Options)) (*ecr.BatchCheckLayerAvailabilityOutput, error) {
	return call(ctx, f, opBatchCheckLayerAvailability, params, (*state.World).BatchCheckLayerAvailability)
}

var opGetDownloadUrlForLayer = operation{op: OpGetDownloadUrlForLayer, write: false}

// GetDownloadUrlForLayer implements (*ecr.Client).GetDownloadUrlForLayer.
// Returns a deterministic URL shaped like ECR's pre-signed layer-bucket URLs
// (nothing answers it). An unknown layer is LayersNotFoundException; a layer
// that no image of the repository references yet, or that only archived or
// activating images reference, is LayerInaccessibleException.
func (f *Fake) GetDownloadUrlForLayer(ctx context.Context, params *ecr.GetDownloadUrlForLayerInput, optFns ...func(*ecr.Options)) (*ecr.GetDownloadUrlForLayerOutput, error) {
	return call(ctx, f, opGetDownloadUrlForLayer, params, (*state.World).GetDownloadUrlForLayer)
}
