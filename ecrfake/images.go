package ecrfake

// Images: pushing manifests, pulling, tagging, listing and deleting images.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/ecr"

	"github.com/ecrfake/go-ecrfake/internal/state"
)

var opPutImage = operation{op: OpPutImage, write: true}

// PutImage implements (*ecr.Client).PutImage. Stores a Docker schema 2
// manifest, OCI image manifest, OCI index or Docker manifest list whose
// config and layers the repository holds (LayersNotFoundException
// otherwise), with imagePushedAt from the clock. imageSizeInBytes of an
// image manifest counts its config and layers; of an index, its largest
// child. An index cannot be pushed over children that are missing or not
// ACTIVE (ReferencedImagesNotFoundException naming them).
//
// An existing digest pushed with no tag, or with the tag it already has, is
// ImageAlreadyExistsException; so a PutImage retried after a lost response
// answers that, and the image is there. With an immutable tag the second
// case is ImageTagAlreadyExistsException instead
// (WithImmutableRepushConflict switches this). A tag moved to another image
// leaves the old image untagged, not deleted. Pushing the manifest of an
// archived or activating image again restores it at once, keeping its
// imagePushedAt.
//
// A PutImage that creates an image applies the repository's effective
// scanning configuration: under BASIC, a matching SCAN_ON_PUSH rule or the
// repository's own scanOnPush flag starts a basic scan, and where the
// per-image or registry quota or the image type forbid it the push succeeds
// with the scan status LIMIT_EXCEEDED or UNSUPPORTED_IMAGE; under ENHANCED,
// see PutRegistryScanningConfiguration. A retag starts no scan, and a scan
// goes with its image: an image pushed again after deletion starts afresh.
func (f *Fake) PutImage(ctx context.Context, params *ecr.PutImageInput, optFns ...func(*ecr.Options)) (*ecr.PutImageOutput, error) {
	return call(ctx, f, opPutImage, params, (*state.World).PutImage)
}

// BatchGetImage records each image's last pull time, atomically (see
// internal/state), so pulls share the read lock with other readers.
var opBatchGetImage = operation{op: OpBatchGetImage, write: false}

// BatchGetImage implements (*ecr.Client).BatchGetImage. Duplicate
// identifiers are collapsed. An image whose media type is not in
// acceptedMediaTypes is an ImageNotFound failure, and an image that is not
// ACTIVE (archived or being restored) an ImageInaccessible failure. Every
// hit records the pull time (lastRecordedPullTime) from the clock; pull-time
// update exclusions do not stop it, since the fake knows no caller
// principal.
func (f *Fake) BatchGetImage(ctx context.Context, params *ecr.BatchGetImageInput, optFns ...func(*ecr.Options)) (*ecr.BatchGetImageOutput, error) {
	return call(ctx, f, opBatchGetImage, params, (*state.World).BatchGetImage)
}

var opBatchDeleteImage = operation{op: OpBatchDeleteImage, write: true}

// BatchDeleteImage implements (*ecr.Client).BatchDeleteImage. An id with a
// digest deletes the image with all its tags; an id with both digest and tag
// removes only that tag, and removing an image's last tag deletes the image.
// An image that an index in the repository references is an
// ImageReferencedByManifestList failure. Archived images are deleted like
// any other.
func (f *Fake) BatchDeleteImage(ctx context.Context, params *ecr.BatchDeleteImageInput, optFns ...func(*ecr.Options)) (*ecr.BatchDeleteImageOutput, error) {
	return call(ctx, f, opBatchDeleteImage, params, (*state.World).BatchDeleteImage)
}

var opListImages = operation{op: OpListImages, write: false}

// ListImages implements (*ecr.Client).ListImages. Images are listed in push
// order (a re-push of an existing digest keeps its place), one entry per tag
// and one for an untagged image. Only ACTIVE images are listed unless the
// imageStatus filter asks for ARCHIVED, ACTIVATING or ANY.
func (f *Fake) ListImages(ctx context.Context, params *ecr.ListImagesInput, optFns ...func(*ecr.Options)) (*ecr.ListImagesOutput, error) {
	return call(ctx, f, opListImages, params, (*state.World).ListImages)
}

var opDescribeImages = operation{op: OpDescribeImages, write: false}

// DescribeImages implements (*ecr.Client).DescribeImages. Images are listed
// in push order, an image's tags by name. Without an imageStatus filter a
// listing shows ACTIVE images only, while images asked for by imageIds are
// described whatever their status (an archived one with imageStatus
// ARCHIVED, as the archival guide says); a filter that names a status
// (ARCHIVED, ACTIVATING or ANY) applies to both. imageScanStatus and
// imageScanFindingsSummary are nil, as current ECR leaves them;
// WithLegacyScanSummary(true) fills them from the scans.
func (f *Fake) DescribeImages(ctx context.Context, params *ecr.DescribeImagesInput, optFns ...func(*ecr.Options)) (*ecr.DescribeImagesOutput, error) {
	return call(ctx, f, opDescribeImages, params, (*state.World).DescribeImages)
}

var opListImageReferrers = operation{op: OpListImageReferrers, write: false}

// ListImageReferrers implements (*ecr.Client).ListImageReferrers. Lists, in
// push order, the images of the repository whose manifest names
// subjectId.imageDigest as its subject (the subject itself need not exist; a
// digest nothing refers to gives an empty list), 20 per page unless
// maxResults says otherwise. Each referrer reports its manifest's media
// type, its artifactType (else its config's media type), the manifest's size
// in bytes, its annotations and its artifactStatus. The artifactStatus
// filter keeps one status (ACTIVE by default) or ANY; an artifactTypes
// filter keeps referrers of any of the given types (exact match).
func (f *Fake) ListImageReferrers(ctx context.Context, params *ecr.ListImageReferrersInput, optFns ...func(*ecr.Options)) (*ecr.ListImageReferrersOutput, error) {
	return call(ctx, f, opListImageReferrers, params, (*state.World).ListImageReferrers)
}

var opUpdateImageStorageClass = operation{op: OpUpdateImageStorageClass, write: true}

// UpdateImageStorageClass implements (*ecr.Client).UpdateImageStorageClass.
// ARCHIVE archives an ACTIVE image at once (lastArchivedAt). STANDARD starts
// restoring an ARCHIVED one: the call answers ACTIVATING (even with a zero
// restore duration), and the image stays ACTIVATING for WithRestoreDuration
// of fake-clock time (DefaultRestoreDuration, 20 minutes), then is ACTIVE
// with lastActivatedAt the instant the restore completed. The restore
// completes by itself: the first call after that instant sees it done, as of
// that instant, so a scan on push it triggers starts then too. A restored
// image keeps its imagePushedAt.
//
// Asking for the class an image already has, or is on its way to, changes
// nothing and answers the unchanged status. Archiving an image being
// restored is ImageStorageClassUpdateNotSupportedException. An image index or
// manifest list can be archived (alone: the images it references stay as
// they are); an image an index references cannot
// (ImageStorageClassUpdateNotSupportedException) until every index that
// references it is archived or deleted, the user guide's rule.
//
// An image that is not ACTIVE cannot be pulled: BatchGetImage reports an
// ImageInaccessible failure, GetDownloadUrlForLayer answers
// LayerInaccessibleException for a layer only such images reference, and
// BatchCheckLayerAvailability reports that layer ARCHIVED (uploading it
// again is LayerAlreadyExistsException). It cannot be scanned:
// StartImageScan answers ImageArchivedException, DescribeImageScanFindings
// reports IMAGE_ARCHIVED without findings, and its earlier scan results are
// gone; restored, it is scanned on push like a new image if its repository's
// scanning configuration says so (a scan on push within 24 hours of its last
// basic scan is LIMIT_EXCEEDED, as for any image). It keeps its tags, a tag
// can move from it to a new image, it still keeps its repository from being
// deleted without force, and BatchDeleteImage deletes it.
func (f *Fake) UpdateImageStorageClass(ctx context.Context, params *ecr.UpdateImageStorageClassInput, optFns ...func(*ecr.Options)) (*ecr.UpdateImageStorageClassOutput, error) {
	return call(ctx, f, opUpdateImageStorageClass, params, (*state.World).UpdateImageStorageClass)
}

var opDescribeImageSigningStatus = operation{op: OpDescribeImageSigningStatus, write: false}

// DescribeImageSigningStatus implements
// (*ecr.Client).DescribeImageSigningStatus. Signing is instantaneous:
// reports COMPLETE for each distinct signing profile (in rule order) of the
// rules of the signing configuration in effect when the image was pushed
// that match its repository. Images pushed before a configuration are not
// signed by it and keep their statuses when it is replaced or deleted. No
// signature artifact is created, and no status is IN_PROGRESS or FAILED.
func (f *Fake) DescribeImageSigningStatus(ctx context.Context, params *ecr.DescribeImageSigningStatusInput, optFns ...func(*ecr.Options)) (*ecr.DescribeImageSigningStatusOutput, error) {
	return call(ctx, f, opDescribeImageSigningStatus, params, (*state.World).DescribeImageSigningStatus)
}

var opDescribeImageReplicationStatus = operation{op: OpDescribeImageReplicationStatus, write: false}

// DescribeImageReplicationStatus implements
// (*ecr.Client).DescribeImageReplicationStatus. Replication is
// instantaneous: reports COMPLETE for each distinct destination (in
// configuration order) of the rules that matched the image's repository in
// the replication configuration in effect when the image was pushed (at or
// after the millisecond it was put; seeded and SetImageTimes push times
// count) and, for an image restored from the archive, when its restore
// completed. Images pushed before a configuration are not replicated by it
// and keep their statuses when it is replaced or removed. Nothing is copied
// anywhere: no destination registry exists. SetReplicationStatus overrides
// one destination's status.
func (f *Fake) DescribeImageReplicationStatus(ctx context.Context, params *ecr.DescribeImageReplicationStatusInput, optFns ...func(*ecr.Options)) (*ecr.DescribeImageReplicationStatusOutput, error) {
	return call(ctx, f, opDescribeImageReplicationStatus, params, (*state.World).DescribeImageReplicationStatus)
}
