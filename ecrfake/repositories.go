package ecrfake

// Repositories: lifecycle of repositories, their settings, resource tags and policies.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/ecr"

	"github.com/ecrfake/go-ecrfake/internal/state"
)

var opCreateRepository = operation{op: OpCreateRepository, write: true}

// CreateRepository implements (*ecr.Client).CreateRepository. Repository
// creation templates are not applied. Encryption with AES256 and a KMS key
// is InvalidParameterException; with KMS (or KMS_DSSE) and no key, kmsKey is
// the ARN of the registry's AWS managed key, deterministic per account and
// region, as real ECR reports the key it used. At
// most Limits.MaxRepositories repositories per registry
// (LimitExceededException).
func (f *Fake) CreateRepository(ctx context.Context, params *ecr.CreateRepositoryInput, optFns ...func(*ecr.Options)) (*ecr.CreateRepositoryOutput, error) {
	return call(ctx, f, opCreateRepository, params, (*state.World).CreateRepository)
}

var opDescribeRepositories = operation{op: OpDescribeRepositories, write: false}

// DescribeRepositories implements (*ecr.Client).DescribeRepositories.
// Repositories are listed by name; nextToken resumes at a key, so
// repositories created or deleted between pages are never listed twice.
func (f *Fake) DescribeRepositories(ctx context.Context, params *ecr.DescribeRepositoriesInput, optFns ...func(*ecr.Options)) (*ecr.DescribeRepositoriesOutput, error) {
	return call(ctx, f, opDescribeRepositories, params, (*state.World).DescribeRepositories)
}

var opDeleteRepository = operation{op: OpDeleteRepository, write: true}

// DeleteRepository implements (*ecr.Client).DeleteRepository. A repository
// that holds images, archived or being restored ones included, is
// RepositoryNotEmptyException unless force is set; with force its images go
// with it.
func (f *Fake) DeleteRepository(ctx context.Context, params *ecr.DeleteRepositoryInput, optFns ...func(*ecr.Options)) (*ecr.DeleteRepositoryOutput, error) {
	return call(ctx, f, opDeleteRepository, params, (*state.World).DeleteRepository)
}

var opPutImageTagMutability = operation{op: OpPutImageTagMutability, write: true}

// PutImageTagMutability implements (*ecr.Client).PutImageTagMutability.
// Takes MUTABLE, IMMUTABLE and the two *_WITH_EXCLUSION modes with their
// WILDCARD exclusion filters; the new setting applies to the pushes that
// follow.
func (f *Fake) PutImageTagMutability(ctx context.Context, params *ecr.PutImageTagMutabilityInput, optFns ...func(*ecr.Options)) (*ecr.PutImageTagMutabilityOutput, error) {
	return call(ctx, f, opPutImageTagMutability, params, (*state.World).PutImageTagMutability)
}

var opPutImageScanningConfiguration = operation{op: OpPutImageScanningConfiguration, write: true}

// PutImageScanningConfiguration implements
// (*ecr.Client).PutImageScanningConfiguration. Sets the repository's own
// scanOnPush flag. It starts scans on push only while the registry uses
// BASIC scanning (see PutRegistryScanningConfiguration); under ENHANCED it
// does not count.
func (f *Fake) PutImageScanningConfiguration(ctx context.Context, params *ecr.PutImageScanningConfigurationInput, optFns ...func(*ecr.Options)) (*ecr.PutImageScanningConfigurationOutput, error) {
	return call(ctx, f, opPutImageScanningConfiguration, params, (*state.World).PutImageScanningConfiguration)
}

var opTagResource = operation{op: OpTagResource, write: true}

// TagResource implements (*ecr.Client).TagResource. Adds or replaces
// resource tags of a repository named by ARN; at most Limits.MaxResourceTags
// (TooManyTagsException). ListTagsForResource lists them by key.
func (f *Fake) TagResource(ctx context.Context, params *ecr.TagResourceInput, optFns ...func(*ecr.Options)) (*ecr.TagResourceOutput, error) {
	return call(ctx, f, opTagResource, params, (*state.World).TagResource)
}

var opUntagResource = operation{op: OpUntagResource, write: true}

// UntagResource implements (*ecr.Client).UntagResource. Removes the named
// resource tags of a repository; keys it does not have are ignored.
func (f *Fake) UntagResource(ctx context.Context, params *ecr.UntagResourceInput, optFns ...func(*ecr.Options)) (*ecr.UntagResourceOutput, error) {
	return call(ctx, f, opUntagResource, params, (*state.World).UntagResource)
}

var opListTagsForResource = operation{op: OpListTagsForResource, write: false}

// ListTagsForResource implements (*ecr.Client).ListTagsForResource. Lists a
// repository's resource tags sorted by key.
func (f *Fake) ListTagsForResource(ctx context.Context, params *ecr.ListTagsForResourceInput, optFns ...func(*ecr.Options)) (*ecr.ListTagsForResourceOutput, error) {
	return call(ctx, f, opListTagsForResource, params, (*state.World).ListTagsForResource)
}

var opSetRepositoryPolicy = operation{op: OpSetRepositoryPolicy, write: true}

// SetRepositoryPolicy implements (*ecr.Client).SetRepositoryPolicy. The
// policy text is stored verbatim after a structural check: a JSON object
// whose Statement (a list or one object) has Effect Allow or Deny, an Action
// and a Principal, and no Resource (InvalidParameterException "Invalid
// repository policy provided" otherwise). force is accepted and ignored. The
// fake evaluates no policy.
func (f *Fake) SetRepositoryPolicy(ctx context.Context, params *ecr.SetRepositoryPolicyInput, optFns ...func(*ecr.Options)) (*ecr.SetRepositoryPolicyOutput, error) {
	return call(ctx, f, opSetRepositoryPolicy, params, (*state.World).SetRepositoryPolicy)
}

var opGetRepositoryPolicy = operation{op: OpGetRepositoryPolicy, write: false}

// GetRepositoryPolicy implements (*ecr.Client).GetRepositoryPolicy. Returns
// the stored text verbatim; RepositoryPolicyNotFoundException when none is
// set.
func (f *Fake) GetRepositoryPolicy(ctx context.Context, params *ecr.GetRepositoryPolicyInput, optFns ...func(*ecr.Options)) (*ecr.GetRepositoryPolicyOutput, error) {
	return call(ctx, f, opGetRepositoryPolicy, params, (*state.World).GetRepositoryPolicy)
}

var opDeleteRepositoryPolicy = operation{op: OpDeleteRepositoryPolicy, write: true}

// DeleteRepositoryPolicy implements (*ecr.Client).DeleteRepositoryPolicy.
// Returns the deleted text; RepositoryPolicyNotFoundException when none is
// set.
func (f *Fake) DeleteRepositoryPolicy(ctx context.Context, params *ecr.DeleteRepositoryPolicyInput, optFns ...func(*ecr.Options)) (*ecr.DeleteRepositoryPolicyOutput, error) {
	return call(ctx, f, opDeleteRepositoryPolicy, params, (*state.World).DeleteRepositoryPolicy)
}
