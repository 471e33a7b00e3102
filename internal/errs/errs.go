// Package errs builds every ECR exception the fake returns, each in exactly
// one place, with the text real ECR uses where that text is known (see
// ../shared/spec/errors.md) and the same style where it is not.
//
// The values are the SDK's own modeled error types, so callers can use
// errors.As with *types.XxxException exactly as against the real service.
package errs

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
)

func str(s string) *string { return &s }

// orNull renders an absent identifier member the way ECR's messages do.
func orNull(s *string) string {
	if s == nil {
		return "null"
	}
	return *s
}

// InvalidParameter is the service-side validation failure:
// "Invalid parameter at '<member>' failed to satisfy constraint: '<constraint>'".
func InvalidParameter(member, constraint string) *types.InvalidParameterException {
	return &types.InvalidParameterException{Message: str("Invalid parameter at '" + member + "' failed to satisfy constraint: '" + constraint + "'")}
}

// InvalidParameterf is InvalidParameter with a formatted constraint.
func InvalidParameterf(member, format string, args ...any) *types.InvalidParameterException {
	return InvalidParameter(member, fmt.Sprintf(format, args...))
}

// InvalidNextToken answers a token that this fake did not issue for this
// request (garbage, another operation, or other filters).
func InvalidNextToken() *types.InvalidParameterException {
	return InvalidParameter("nextToken", "Invalid NextToken")
}

// PaginationWithIDs answers maxResults/nextToken sent together with an explicit
// id list, which ECR forbids.
func PaginationWithIDs(listMember string) *types.InvalidParameterException {
	return &types.InvalidParameterException{Message: str("Invalid parameter: maxResults and nextToken cannot be used together with " + listMember)}
}

// RepositoryNotFound is ECR's answer for an absent repository.
func RepositoryNotFound(registryID, repo string) *types.RepositoryNotFoundException {
	return &types.RepositoryNotFoundException{Message: str(fmt.Sprintf("The repository with name '%s' does not exist in the registry with id '%s'", repo, registryID))}
}

// RepositoryAlreadyExists answers CreateRepository for a taken name.
func RepositoryAlreadyExists(registryID, repo string) *types.RepositoryAlreadyExistsException {
	return &types.RepositoryAlreadyExistsException{Message: str(fmt.Sprintf("The repository with name '%s' already exists in the registry with id '%s'", repo, registryID))}
}

// RepositoryNotEmpty answers DeleteRepository without force on a repository with images.
func RepositoryNotEmpty(registryID, repo string) *types.RepositoryNotEmptyException {
	return &types.RepositoryNotEmptyException{Message: str(fmt.Sprintf("The repository with name '%s' in registry with id '%s' cannot be deleted because it still contains images", repo, registryID))}
}

// RepositoryPolicyNotFound answers Get/DeleteRepositoryPolicy without a policy.
func RepositoryPolicyNotFound(registryID, repo string) *types.RepositoryPolicyNotFoundException {
	return &types.RepositoryPolicyNotFoundException{Message: str(fmt.Sprintf("Repository policy does not exist for the repository with name '%s' in the registry with id '%s'", repo, registryID))}
}

// InvalidResourceARN is the error for a resourceArn that does not name a
// repository of this registry's region (real ECR's wording).
func InvalidResourceARN() *types.InvalidParameterException {
	return InvalidParameter("resourceArn", "Invalid ARN")
}

// ExclusionFiltersRequired is the error for an *_WITH_EXCLUSION mutability
// without exclusion filters (real ECR's wording).
func ExclusionFiltersRequired(m types.ImageTagMutability) *types.InvalidParameterException {
	return InvalidParameter("imageTagMutabilityExclusionFilters", "ImageTagMutabilityExclusionFilters can't be null when imageTagMutability is set as "+string(m))
}

// InvalidRepositoryPolicy answers a repository policy that is not a usable policy document.
func InvalidRepositoryPolicy() *types.InvalidParameterException {
	return InvalidParameter("PolicyText", "Invalid repository policy provided")
}

// RepositoryLimit answers CreateRepository beyond the repositories quota.
func RepositoryLimit(limit int) *types.LimitExceededException {
	return &types.LimitExceededException{Message: str(fmt.Sprintf("The maximum allowed number of repositories per registry which is '%d' has been exceeded", limit))}
}

// ImageNotFound is the single-image operations' answer for an identifier that does not resolve.
func ImageNotFound(registryID, repo string, id *types.ImageIdentifier) *types.ImageNotFoundException {
	var d, t *string
	if id != nil {
		d, t = id.ImageDigest, id.ImageTag
	}
	return &types.ImageNotFoundException{Message: str(fmt.Sprintf("The image with imageId {imageDigest:'%s', imageTag:'%s'} does not exist within the repository with name '%s' in the registry with id '%s'", orNull(d), orNull(t), repo, registryID))}
}

// ImageAlreadyExists answers a PutImage that changes neither manifest nor tag.
func ImageAlreadyExists(registryID, repo, digest string, tag *string) *types.ImageAlreadyExistsException {
	return &types.ImageAlreadyExistsException{Message: str(fmt.Sprintf("Image with digest '%s' and tag '%s' already exists in the repository with name '%s' in registry with id '%s'", digest, orNull(tag), repo, registryID))}
}

// ImageTagAlreadyExists answers a PutImage that would move an immutable tag,
// under IMMUTABLE and the *_WITH_EXCLUSION modes alike. The text is the one
// public logs of real ECR show in 2025–2026 (tools such as kaniko match on it);
// logs from 2020–2023 end "because the repository is immutable." instead.
func ImageTagAlreadyExists(repo, tag string) *types.ImageTagAlreadyExistsException {
	return &types.ImageTagAlreadyExistsException{Message: str(fmt.Sprintf("The image tag '%s' already exists in the '%s' repository and cannot be overwritten because the tag is immutable.", tag, repo))}
}

// ImageDigestDoesNotMatch answers a PutImage whose imageDigest is not the
// manifest's digest. The wording is real ECR's (its registry API passes the
// same text on as MANIFEST_INVALID).
func ImageDigestDoesNotMatch(registryID, repo, provided string) *types.ImageDigestDoesNotMatchException {
	return &types.ImageDigestDoesNotMatchException{Message: str(fmt.Sprintf("The image with digest '%s' in repository '%s' and registry ID '%s' does not match the image digest that Amazon ECR has calculated.", provided, repo, registryID))}
}

// LayersNotFoundForManifest answers a PutImage whose manifest names blobs the repository lacks.
func LayersNotFoundForManifest(registryID, repo string, digests []string) *types.LayersNotFoundException {
	return &types.LayersNotFoundException{Message: str(fmt.Sprintf("Layers with digests '[%s]' required by the image manifest do not exist within the repository with name '%s' in the registry with id '%s'", strings.Join(digests, ", "), repo, registryID))}
}

// LayerNotFound answers GetDownloadUrlForLayer for an unknown blob (real text).
func LayerNotFound(registryID, repo, digest string) *types.LayersNotFoundException {
	return &types.LayersNotFoundException{Message: str(fmt.Sprintf("The layer with digest %s does not exist within the repository with name '%s' in the registry with id '%s'", digest, repo, registryID))}
}

// LayerInaccessible answers GetDownloadUrlForLayer for a blob no active image references.
func LayerInaccessible(registryID, repo, digest string) *types.LayerInaccessibleException {
	return &types.LayerInaccessibleException{Message: str(fmt.Sprintf("The layer with digest %s is not referenced by any image within the repository with name '%s' in the registry with id '%s'", digest, repo, registryID))}
}

// LayerArchived answers GetDownloadUrlForLayer for a blob that only archived
// images, or images being restored, reference (the fake's text).
func LayerArchived(registryID, repo, digest string) *types.LayerInaccessibleException {
	return &types.LayerInaccessibleException{Message: str(fmt.Sprintf("The layer with digest %s is referenced only by archived images within the repository with name '%s' in the registry with id '%s'; restore an image that uses it first", digest, repo, registryID))}
}

// ReferencedImagesNotFound answers a PutImage of an index whose children are missing.
func ReferencedImagesNotFound(registryID, repo string, digests []string) *types.ReferencedImagesNotFoundException {
	return &types.ReferencedImagesNotFoundException{Message: str(fmt.Sprintf("Images with digests '[%s]' referenced by the manifest list do not exist within the repository with name '%s' in the registry with id '%s'", strings.Join(digests, ", "), repo, registryID))}
}

// ReferencedImagesArchived answers a PutImage of an index whose children are
// archived or being restored: they cannot be pulled, so the index could not
// be (the fake's text).
func ReferencedImagesArchived(registryID, repo string, digests []string) *types.ReferencedImagesNotFoundException {
	return &types.ReferencedImagesNotFoundException{Message: str(fmt.Sprintf("Images with digests '[%s]' referenced by the manifest list are archived within the repository with name '%s' in the registry with id '%s'; restore them first", strings.Join(digests, ", "), repo, registryID))}
}

// TagsPerImageLimit answers a tag beyond the per-image quota (real text).
func TagsPerImageLimit(registryID, repo, tag string, limit int) *types.LimitExceededException {
	return &types.LimitExceededException{Message: str(fmt.Sprintf("Adding tag '%s' to an image in the repository with name '%s' in registry with id '%s' exceeds the maximum allowed number of tags per image which is '%d'", tag, repo, registryID, limit))}
}

// ImagesPerRepositoryLimit answers a new image beyond the per-repository quota.
func ImagesPerRepositoryLimit(registryID, repo string, limit int) *types.LimitExceededException {
	return &types.LimitExceededException{Message: str(fmt.Sprintf("Adding an image to the repository with name '%s' in registry with id '%s' exceeds the maximum allowed number of images per repository which is '%d'", repo, registryID, limit))}
}

// LayersPerImageLimit answers a manifest with too many layers (real text).
func LayersPerImageLimit() *types.InvalidParameterException {
	return InvalidParameter("ImageManifest", "Limit on number of layers per image exceeded")
}

// ManifestTooLarge answers a manifest beyond the configured size limit.
func ManifestTooLarge(limit int) *types.InvalidParameterException {
	return InvalidParameterf("imageManifest", "Member must have length less than or equal to %d", limit)
}

// UploadNotFound answers an unknown, foreign-repository or finished upload id.
func UploadNotFound(registryID, repo, uploadID string) *types.UploadNotFoundException {
	return &types.UploadNotFoundException{Message: str(fmt.Sprintf("The upload with id '%s' does not exist within the repository with name '%s' in the registry with id '%s'", uploadID, repo, registryID))}
}

// EmptyUpload answers CompleteLayerUpload on an upload with no parts (real text).
func EmptyUpload(registryID, repo, uploadID string) *types.EmptyUploadException {
	return &types.EmptyUploadException{Message: str(fmt.Sprintf("The upload with id '%s' in the repository with name '%s' in registry with id '%s' cannot be completed because it does not have any parts", uploadID, repo, registryID))}
}

// InvalidLayerDigest answers CompleteLayerUpload when no listed digest matches (real text).
func InvalidLayerDigest() *types.InvalidLayerException {
	return &types.InvalidLayerException{Message: str("None of the provided layer digests match the calculated layer digest")}
}

// LayerAlreadyExists answers CompleteLayerUpload for a blob the repository already holds.
func LayerAlreadyExists(registryID, repo, digest string) *types.LayerAlreadyExistsException {
	return &types.LayerAlreadyExistsException{Message: str(fmt.Sprintf("The layer with digest '%s' already exists in the repository with name '%s' in registry with id '%s'", digest, repo, registryID))}
}

// LayerPartTooSmall answers CompleteLayerUpload when a non-final part is below the minimum.
func LayerPartTooSmall(uploadID string, part int, size, minimum int64) *types.LayerPartTooSmallException {
	return &types.LayerPartTooSmallException{Message: str(fmt.Sprintf("Part %d of the upload with id '%s' has %d bytes, less than the minimum part size of %d bytes; only the last part may be smaller", part, uploadID, size, minimum))}
}

// InvalidLayerPart answers an UploadLayerPart that is not the next contiguous part.
// lastValid is nil when no byte has been accepted yet.
func InvalidLayerPart(registryID, repo, uploadID string, lastValid *int64, reason string) *types.InvalidLayerPartException {
	return &types.InvalidLayerPartException{
		Message:               str(reason),
		RegistryId:            str(registryID),
		RepositoryName:        str(repo),
		UploadId:              str(uploadID),
		LastValidByteReceived: lastValid,
	}
}

// UploadLimit answers an upload that grows beyond the parts or layer-size quota.
func UploadLimit(what string, limit int64) *types.LimitExceededException {
	return &types.LimitExceededException{Message: str(fmt.Sprintf("The upload exceeds the maximum allowed %s which is '%d'", what, limit))}
}

// InvalidTag answers a resource tag key or value the service rejects.
func InvalidTag(reason string) *types.InvalidTagParameterException {
	return &types.InvalidTagParameterException{Message: str(reason)}
}

// TooManyTags answers a change that leaves a resource with more tags than allowed.
func TooManyTags(limit int) *types.TooManyTagsException {
	return &types.TooManyTagsException{Message: str(fmt.Sprintf("The resource can have a maximum of %d tags", limit))}
}

// NotModelledPrefix starts the message of every NotModelled error.
const NotModelledPrefix = "go-ecrfake does not model "

// NotModelled answers an operation this version of the fake does not implement yet.
// ValidationException is a 400 that SDK retryers do not retry, so a test fails
// fast with a message that says what is missing.
func NotModelled(op string) *types.ValidationException {
	return &types.ValidationException{Message: str(NotModelledPrefix + op + " yet; see the package documentation of github.com/ecrfake/go-ecrfake/ecrfake for what is modelled")}
}

// ScanQuotaPerImage answers StartImageScan for an image whose last basic scan
// (manual or on push) started less than 24 hours ago (real text).
func ScanQuotaPerImage() *types.LimitExceededException {
	return &types.LimitExceededException{Message: str("The scan quota per image has been exceeded. Wait and try again.")}
}

// ScanQuotaPerRegistry answers StartImageScan when the registry has started
// its quota of basic scans in the trailing 24 hours.
func ScanQuotaPerRegistry(limit int) *types.LimitExceededException {
	return &types.LimitExceededException{Message: str(fmt.Sprintf("The scan quota per registry of '%d' basic scans in 24 hours has been exceeded. Wait and try again.", limit))}
}

// ScanNotFound answers DescribeImageScanFindings for an image that has no
// scan, naming the image as the request identified it.
func ScanNotFound(registryID, repo string, id *types.ImageIdentifier) *types.ScanNotFoundException {
	var d, t *string
	if id != nil {
		d, t = id.ImageDigest, id.ImageTag
	}
	return &types.ScanNotFoundException{Message: str(fmt.Sprintf("Image scan does not exist for the image with '{imageDigest:'%s', imageTag:'%s'}' in the repository with name '%s' in the registry with id '%s'", orNull(d), orNull(t), repo, registryID))}
}

// UnsupportedImageType answers StartImageScan for an image that is not a
// container image: an index, a manifest list, an artifact or schema 1.
func UnsupportedImageType(registryID, repo, digest string) *types.UnsupportedImageTypeException {
	return &types.UnsupportedImageTypeException{Message: str(fmt.Sprintf("The image with digest '%s' in the repository with name '%s' in registry with id '%s' is not supported for scanning: only container images (Docker image manifest V2 schema 2 or OCI image manifest with an image config) can be scanned", digest, repo, registryID))}
}

// ImageArchived answers StartImageScan for an image that is archived or
// being restored: archived images cannot be scanned (the fake's text).
func ImageArchived(registryID, repo, digest string) *types.ImageArchivedException {
	return &types.ImageArchivedException{Message: str(fmt.Sprintf("The image with digest '%s' in the repository with name '%s' in registry with id '%s' is archived and cannot be scanned: restore it to the standard storage class first", digest, repo, registryID))}
}

// StorageClassUpdateNotSupported answers UpdateImageStorageClass for a
// change the image does not allow; reason says why (the fake's text).
func StorageClassUpdateNotSupported(registryID, repo, digest, reason string) *types.ImageStorageClassUpdateNotSupportedException {
	return &types.ImageStorageClassUpdateNotSupportedException{Message: str(fmt.Sprintf("The storage class of the image with digest '%s' in the repository with name '%s' in registry with id '%s' cannot be updated: %s", digest, repo, registryID, reason))}
}

// ManualScanDisabled answers StartImageScan in a registry that uses enhanced
// scanning, which does not support manual scans (the text real ECR answers).
func ManualScanDisabled() *types.ValidationException {
	return &types.ValidationException{Message: str("This feature is disabled")}
}

// ScanFrequencyNotSupported answers a registry scanning rule whose frequency
// the scan type does not offer.
func ScanFrequencyNotSupported(freq types.ScanFrequency, scanType types.ScanType) *types.ValidationException {
	return &types.ValidationException{Message: str(fmt.Sprintf("Scan frequency '%s' is not supported for scan type '%s': BASIC supports SCAN_ON_PUSH; ENHANCED supports SCAN_ON_PUSH and CONTINUOUS_SCAN", freq, scanType))}
}

// DuplicateScanFrequency answers a registry scanning configuration with two
// rules of the same frequency.
func DuplicateScanFrequency(freq types.ScanFrequency) *types.ValidationException {
	return &types.ValidationException{Message: str(fmt.Sprintf("Only one registry scanning rule per scan frequency is allowed; '%s' appears more than once", freq))}
}

// InvalidLifecyclePolicy answers a lifecycle policy text that fails
// validation; reason reads "Lifecycle policy validation failure: <detail>".
func InvalidLifecyclePolicy(reason string) *types.InvalidParameterException {
	return InvalidParameter("LifecyclePolicyText", reason)
}

// LifecyclePolicyNotFound answers a lifecycle call on a repository without a
// lifecycle policy.
func LifecyclePolicyNotFound(registryID, repo string) *types.LifecyclePolicyNotFoundException {
	return &types.LifecyclePolicyNotFoundException{Message: str(fmt.Sprintf("Lifecycle policy does not exist for the repository with name '%s' in the registry with id '%s'", repo, registryID))}
}

// LifecyclePolicyPreviewNotFound answers GetLifecyclePolicyPreview for a
// repository where no preview was ever started.
func LifecyclePolicyPreviewNotFound(registryID, repo string) *types.LifecyclePolicyPreviewNotFoundException {
	return &types.LifecyclePolicyPreviewNotFoundException{Message: str(fmt.Sprintf("There is no dry run for the repository with name '%s' in the registry with id '%s'", repo, registryID))}
}

// LifecyclePolicyPreviewInProgress answers StartLifecyclePolicyPreview while
// the repository's previous preview is still IN_PROGRESS.
func LifecyclePolicyPreviewInProgress(registryID, repo string) *types.LifecyclePolicyPreviewInProgressException {
	return &types.LifecyclePolicyPreviewInProgressException{Message: str(fmt.Sprintf("The previous lifecycle policy preview request has not completed for the repository with name '%s' in the registry with id '%s'. Please try again later.", repo, registryID))}
}

// RegistryPolicyNotFound answers Get/DeleteRegistryPolicy in a registry
// without a registry policy (moto's text).
func RegistryPolicyNotFound(registryID string) *types.RegistryPolicyNotFoundException {
	return &types.RegistryPolicyNotFoundException{Message: str(fmt.Sprintf("Registry policy does not exist in the registry with id '%s'", registryID))}
}

// InvalidRegistryPolicy answers a registry policy that is not a usable
// policy document (the real text).
func InvalidRegistryPolicy() *types.InvalidParameterException {
	return InvalidParameter("PolicyText", "Invalid registry policy provided")
}

// UnknownAccountSetting answers an account setting name ECR does not know;
// names are the settings it knows.
func UnknownAccountSetting(names []string) *types.InvalidParameterException {
	return InvalidParameterf("name", "Member must satisfy enum value set: [%s]", strings.Join(names, ", "))
}

// InvalidAccountSettingValue answers a value the named account setting does
// not take; values are the ones it takes.
func InvalidAccountSettingValue(values []string) *types.InvalidParameterException {
	return InvalidParameterf("value", "Member must satisfy enum value set: [%s]", strings.Join(values, ", "))
}

// ReplicationToSource answers a replication destination that is the source
// registry in the source region (moto's text).
func ReplicationToSource() *types.InvalidParameterException {
	return InvalidParameter("replicationConfiguration", "Replication destination cannot be the same as the source registry")
}

// ReplicationDestinationLimit answers a replication configuration with more
// unique destinations across its rules than the quota allows.
func ReplicationDestinationLimit(limit int) *types.InvalidParameterException {
	return InvalidParameterf("replicationConfiguration", "The number of unique destinations across all rules must be less than or equal to %d", limit)
}

// ExclusionAlreadyExists answers RegisterPullTimeUpdateExclusion for a
// principal that is already excluded.
func ExclusionAlreadyExists(registryID, principalARN string) *types.ExclusionAlreadyExistsException {
	return &types.ExclusionAlreadyExistsException{Message: str(fmt.Sprintf("The pull time update exclusion for the principal with ARN '%s' already exists in the registry with id '%s'", principalARN, registryID))}
}

// ExclusionNotFound answers DeregisterPullTimeUpdateExclusion for a
// principal that is not excluded.
func ExclusionNotFound(registryID, principalARN string) *types.ExclusionNotFoundException {
	return &types.ExclusionNotFoundException{Message: str(fmt.Sprintf("The pull time update exclusion for the principal with ARN '%s' does not exist in the registry with id '%s'", principalARN, registryID))}
}

// ExclusionLimit answers RegisterPullTimeUpdateExclusion in a registry that
// holds the maximum number of exclusions.
func ExclusionLimit(limit int) *types.LimitExceededException {
	return &types.LimitExceededException{Message: str(fmt.Sprintf("The maximum allowed number of pull time update exclusions per registry which is '%d' has been exceeded", limit))}
}

// InvalidSubjectDigest answers ListImageReferrers for a subject digest that
// is not a digest.
func InvalidSubjectDigest() *types.InvalidParameterException {
	return InvalidParameter("subjectId.imageDigest", "must satisfy regular expression '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'")
}

// SigningConfigurationNotFound answers Get/DeleteSigningConfiguration in a
// registry without a signing configuration.
func SigningConfigurationNotFound(registryID string) *types.SigningConfigurationNotFoundException {
	return &types.SigningConfigurationNotFoundException{Message: str(fmt.Sprintf("Signing configuration does not exist in the registry with id '%s'", registryID))}
}

// BackfillDestinationNotConfigured answers StartReplicationBackfill for a
// destination that no rule of the registry's replication configuration names.
func BackfillDestinationNotConfigured(registryID, region, destinationRegistryID string) *types.ValidationException {
	return &types.ValidationException{Message: str(fmt.Sprintf("The destination with region '%s' and registry id '%s' is not in the replication configuration of the registry with id '%s'", region, destinationRegistryID, registryID))}
}

// BackfillInProgress answers StartReplicationBackfill while a backfill to the
// same destination Region has not ended.
func BackfillInProgress(registryID, region, backfillID string) *types.ReplicationBackfillInProgressException {
	return &types.ReplicationBackfillInProgressException{Message: str(fmt.Sprintf("The replication backfill with id '%s' to the region '%s' is already in progress in the registry with id '%s'", backfillID, region, registryID))}
}

// BackfillLimit answers StartReplicationBackfill when the registry has the
// maximum number of backfills in progress.
func BackfillLimit(limit int) *types.LimitExceededException {
	return &types.LimitExceededException{Message: str(fmt.Sprintf("The maximum allowed number of replication backfills in progress per registry which is '%d' has been exceeded", limit))}
}

// BackfillNotFound answers an unknown replication backfill id, or one whose
// retention after it ended has passed.
func BackfillNotFound(registryID, backfillID string) *types.ReplicationBackfillNotFoundException {
	return &types.ReplicationBackfillNotFoundException{Message: str(fmt.Sprintf("The replication backfill with id '%s' does not exist in the registry with id '%s'", backfillID, registryID))}
}

// BackfillInvalidStatus answers StopReplicationBackfill for a backfill that
// has already ended.
func BackfillInvalidStatus(backfillID, status string) *types.ReplicationBackfillInvalidStatusException {
	return &types.ReplicationBackfillInvalidStatusException{Message: str(fmt.Sprintf("The replication backfill with id '%s' cannot be stopped because its status is '%s'", backfillID, status))}
}

// PullThroughCacheRuleAlreadyExists answers CreatePullThroughCacheRule for a
// prefix a rule of the registry already uses (trailing '/' ignored).
func PullThroughCacheRuleAlreadyExists(registryID, prefix string) *types.PullThroughCacheRuleAlreadyExistsException {
	return &types.PullThroughCacheRuleAlreadyExistsException{Message: str(fmt.Sprintf("The pull through cache rule with prefix '%s' already exists in the registry with id '%s'", prefix, registryID))}
}

// PullThroughCacheRuleNotFound answers a pull through cache call naming a
// prefix no rule of the registry uses.
func PullThroughCacheRuleNotFound(registryID, prefix string) *types.PullThroughCacheRuleNotFoundException {
	return &types.PullThroughCacheRuleNotFoundException{Message: str(fmt.Sprintf("The pull through cache rule with prefix '%s' does not exist in the registry with id '%s'", prefix, registryID))}
}

// PullThroughCacheRuleLimit answers CreatePullThroughCacheRule in a registry
// that holds the maximum number of rules.
func PullThroughCacheRuleLimit(limit int) *types.LimitExceededException {
	return &types.LimitExceededException{Message: str(fmt.Sprintf("The maximum allowed number of pull through cache rules per registry which is '%d' has been exceeded", limit))}
}

// UnsupportedUpstreamRegistryURL answers an upstreamRegistryUrl that is not
// the URL of a registry ECR caches from, with the exception type and text of
// a real response (goharbor/harbor#20174: the URL unquoted, no final period).
func UnsupportedUpstreamRegistryURL(url string) *types.UnsupportedUpstreamRegistryException {
	return &types.UnsupportedUpstreamRegistryException{Message: str(fmt.Sprintf("The upstream registry URL %s is invalid. Specify a valid upstream registry URL and try again", url))}
}

// UpstreamRegistryMismatch answers an upstreamRegistry that does not name the
// registry upstreamRegistryUrl belongs to.
func UpstreamRegistryMismatch(url, upstream string) *types.UnsupportedUpstreamRegistryException {
	return &types.UnsupportedUpstreamRegistryException{Message: str(fmt.Sprintf("The specified upstream registry URL '%s' does not belong to the upstream registry '%s'", url, upstream))}
}

// UpstreamRequiresSecret answers a rule without credentialArn for an
// upstream registry that requires authentication (the text public logs show).
func UpstreamRequiresSecret() *types.UnsupportedUpstreamRegistryException {
	return &types.UnsupportedUpstreamRegistryException{Message: str("The specified upstream registry requires authentication. Specify a valid Secrets Manager ARN")}
}

// UpstreamRequiresRole answers a rule without customRoleArn for an Amazon
// ECR upstream registry in another account.
func UpstreamRequiresRole() *types.UnsupportedUpstreamRegistryException {
	return &types.UnsupportedUpstreamRegistryException{Message: str("The specified upstream registry requires authentication. Specify a valid IAM role ARN")}
}

// PullThroughCacheNoCredentials answers UpdatePullThroughCacheRule with
// neither credentialArn nor customRoleArn (the text public logs show).
func PullThroughCacheNoCredentials() *types.InvalidParameterException {
	return &types.InvalidParameterException{Message: str("Invalid input: Please set either credential arn or role arn to update the credentials")}
}

// TemplateAlreadyExists answers CreateRepositoryCreationTemplate for a prefix
// a template of the registry already uses (trailing '/' ignored).
func TemplateAlreadyExists(registryID, prefix string) *types.TemplateAlreadyExistsException {
	return &types.TemplateAlreadyExistsException{Message: str(fmt.Sprintf("The repository creation template with prefix '%s' already exists in the registry with id '%s'", prefix, registryID))}
}

// TemplateNotFound answers a repository creation template call naming a
// prefix no template of the registry uses.
func TemplateNotFound(registryID, prefix string) *types.TemplateNotFoundException {
	return &types.TemplateNotFoundException{Message: str(fmt.Sprintf("The repository creation template with prefix '%s' does not exist in the registry with id '%s'", prefix, registryID))}
}

// InvalidTemplateRepositoryPolicy answers a creation template whose
// repositoryPolicy is not a usable repository policy.
func InvalidTemplateRepositoryPolicy() *types.InvalidParameterException {
	return InvalidParameter("repositoryPolicy", "Invalid repository policy provided")
}

// InvalidTemplateLifecyclePolicy answers a creation template whose
// lifecyclePolicy fails validation; reason reads "Lifecycle policy
// validation failure: <detail>".
func InvalidTemplateLifecyclePolicy(reason string) *types.InvalidParameterException {
	return InvalidParameter("lifecyclePolicy", reason)
}
