package ecrfake

// Images: pushing manifests, pulling, tagging, listing and deleting images.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/ecr"

	"github.com/ecrfake/go-ecrfake/internal/state"
)

var opPutImage = operation{op: OpPutImage, write: true}

// PutImage implements (*ecr.Client).PutImage.
func (f *Fake) PutImage(ctx context.Context, params *ecr.PutImageInput, optFns ...func(*ecr.Options)) (*ecr.PutImageOutput, error) {
	return call(ctx, f, opPutImage, params, (*state.World).PutImage)
}

// BatchGetImage records each image's last pull time, atomically (see
// internal/state), so pulls share the read lock with other readers.
var opBatchGetImage = operation{op: OpBatchGetImage, write: false}

// BatchGetImage implements (*ecr.Client).BatchGetImage.
func (f *Fake) BatchGetImage(ctx context.Context, params *ecr.BatchGetImageInput, optFns ...func(*ecr.Options)) (*ecr.BatchGetImageOutput, error) {
	return call(ctx, f, opBatchGetImage, params, (*state.World).BatchGetImage)
}

var opBatchDeleteImage = operation{op: OpBatchDeleteImage, write: true}

// BatchDeleteImage implements (*ecr.Client).BatchDeleteImage.
func (f *Fake) BatchDeleteImage(ctx context.Context, params *ecr.BatchDeleteImageInput, optFns ...func(*ecr.Options)) (*ecr.BatchDeleteImageOutput, error) {
	return call(ctx, f, opBatchDeleteImage, params, (*state.World).BatchDeleteImage)
}

var opListImages = operation{op: OpListImages, write: false}

// ListImages implements (*ecr.Client).ListImages.
func (f *Fake) ListImages(ctx context.Context, params *ecr.ListImagesInput, optFns ...func(*ecr.Options)) (*ecr.ListImagesOutput, error) {
	return call(ctx, f, opListImages, params, (*state.World).ListImages)
}

var opDescribeImages = operation{op: OpDescribeImages, write: false}

// DescribeImages implements (*ecr.Client).DescribeImages. Without an
// imageStatus filter a listing shows ACTIVE images only, while images asked
// for by imageIds are described whatever their status (an archived one with
// imageStatus ARCHIVED, as the archival guide says); a filter that names a
// status applies to both.
func (f *Fake) DescribeImages(ctx context.Context, params *ecr.DescribeImagesInput, optFns ...func(*ecr.Options)) (*ecr.DescribeImagesOutput, error) {
	return call(ctx, f, opDescribeImages, params, (*state.World).DescribeImages)
}

var opListImageReferrers = operation{op: OpListImageReferrers, write: false}

// ListImageReferrers implements (*ecr.Client).ListImageReferrers.
func (f *Fake) ListImageReferrers(ctx context.Context, params *ecr.ListImageReferrersInput, optFns ...func(*ecr.Options)) (*ecr.ListImageReferrersOutput, error) {
	return call(ctx, f, opListImageReferrers, params, (*state.World).ListImageReferrers)
}

var opUpdateImageStorageClass = operation{op: OpUpdateImageStorageClass, write: true}

// UpdateImageStorageClass implements (*ecr.Client).UpdateImageStorageClass:
// ARCHIVE archives an image at once; STANDARD restores an archived one, which
// is ACTIVATING for WithRestoreDuration of fake-clock time (see Archival in
// the package documentation). An image index or manifest list can be
// archived (alone: the images it references stay as they are); an image an
// index references cannot, ImageStorageClassUpdateNotSupportedException,
// until every index that references it is archived or deleted, the user
// guide's rule.
func (f *Fake) UpdateImageStorageClass(ctx context.Context, params *ecr.UpdateImageStorageClassInput, optFns ...func(*ecr.Options)) (*ecr.UpdateImageStorageClassOutput, error) {
	return call(ctx, f, opUpdateImageStorageClass, params, (*state.World).UpdateImageStorageClass)
}

var opDescribeImageSigningStatus = operation{op: OpDescribeImageSigningStatus, write: false}

// DescribeImageSigningStatus implements (*ecr.Client).DescribeImageSigningStatus.
func (f *Fake) DescribeImageSigningStatus(ctx context.Context, params *ecr.DescribeImageSigningStatusInput, optFns ...func(*ecr.Options)) (*ecr.DescribeImageSigningStatusOutput, error) {
	return call(ctx, f, opDescribeImageSigningStatus, params, (*state.World).DescribeImageSigningStatus)
}

var opDescribeImageReplicationStatus = operation{op: OpDescribeImageReplicationStatus, write: false}

// DescribeImageReplicationStatus implements (*ecr.Client).DescribeImageReplicationStatus.
func (f *Fake) DescribeImageReplicationStatus(ctx context.Context, params *ecr.DescribeImageReplicationStatusInput, optFns ...func(*ecr.Options)) (*ecr.DescribeImageReplicationStatusOutput, error) {
	return call(ctx, f, opDescribeImageReplicationStatus, params, (*state.World).DescribeImageReplicationStatus)
}
