package ecrfake

// Repositories: lifecycle of repositories, their settings, resource tags and policies.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/ecr"

	"github.com/ecrfake/go-ecrfake/internal/state"
)

var opCreateRepository = operation{op: OpCreateRepository, write: true}

// CreateRepository implements (*ecr.Client).CreateRepository.
func (f *Fake) CreateRepository(ctx context.Context, params *ecr.CreateRepositoryInput, optFns ...func(*ecr.Options)) (*ecr.CreateRepositoryOutput, error) {
	return call(ctx, f, opCreateRepository, params, (*state.World).CreateRepository)
}

var opDescribeRepositories = operation{op: OpDescribeRepositories, write: false}

// DescribeRepositories implements (*ecr.Client).DescribeRepositories.
func (f *Fake) DescribeRepositories(ctx context.Context, params *ecr.DescribeRepositoriesInput, optFns ...func(*ecr.Options)) (*ecr.DescribeRepositoriesOutput, error) {
	return call(ctx, f, opDescribeRepositories, params, (*state.World).DescribeRepositories)
}

var opDeleteRepository = operation{op: OpDeleteRepository, write: true}

// DeleteRepository implements (*ecr.Client).DeleteRepository.
func (f *Fake) DeleteRepository(ctx context.Context, params *ecr.DeleteRepositoryInput, optFns ...func(*ecr.Options)) (*ecr.DeleteRepositoryOutput, error) {
	return call(ctx, f, opDeleteRepository, params, (*state.World).DeleteRepository)
}

var opPutImageTagMutability = operation{op: OpPutImageTagMutability, write: true}

// PutImageTagMutability implements (*ecr.Client).PutImageTagMutability.
func (f *Fake) PutImageTagMutability(ctx context.Context, params *ecr.PutImageTagMutabilityInput, optFns ...func(*ecr.Options)) (*ecr.PutImageTagMutabilityOutput, error) {
	return call(ctx, f, opPutImageTagMutability, params, (*state.World).PutImageTagMutability)
}

var opPutImageScanningConfiguration = operation{op: OpPutImageScanningConfiguration, write: true}

// PutImageScanningConfiguration implements (*ecr.Client).PutImageScanningConfiguration.
func (f *Fake) PutImageScanningConfiguration(ctx context.Context, params *ecr.PutImageScanningConfigurationInput, optFns ...func(*ecr.Options)) (*ecr.PutImageScanningConfigurationOutput, error) {
	return call(ctx, f, opPutImageScanningConfiguration, params, (*state.World).PutImageScanningConfiguration)
}

var opTagResource = operation{op: OpTagResource, write: true}

// TagResource implements (*ecr.Client).TagResource.
func (f *Fake) TagResource(ctx context.Context, params *ecr.TagResourceInput, optFns ...func(*ecr.Options)) (*ecr.TagResourceOutput, error) {
	return call(ctx, f, opTagResource, params, (*state.World).TagResource)
}

var opUntagResource = operation{op: OpUntagResource, write: true}

// UntagResource implements (*ecr.Client).UntagResource.
func (f *Fake) UntagResource(ctx context.Context, params *ecr.UntagResourceInput, optFns ...func(*ecr.Options)) (*ecr.UntagResourceOutput, error) {
	return call(ctx, f, opUntagResource, params, (*state.World).UntagResource)
}

var opListTagsForResource = operation{op: OpListTagsForResource, write: false}

// ListTagsForResource implements (*ecr.Client).ListTagsForResource.
func (f *Fake) ListTagsForResource(ctx context.Context, params *ecr.ListTagsForResourceInput, optFns ...func(*ecr.Options)) (*ecr.ListTagsForResourceOutput, error) {
	return call(ctx, f, opListTagsForResource, params, (*state.World).ListTagsForResource)
}

var opSetRepositoryPolicy = operation{op: OpSetRepositoryPolicy, write: true}

// SetRepositoryPolicy implements (*ecr.Client).SetRepositoryPolicy.
func (f *Fake) SetRepositoryPolicy(ctx context.Context, params *ecr.SetRepositoryPolicyInput, optFns ...func(*ecr.Options)) (*ecr.SetRepositoryPolicyOutput, error) {
	return call(ctx, f, opSetRepositoryPolicy, params, (*state.World).SetRepositoryPolicy)
}

var opGetRepositoryPolicy = operation{op: OpGetRepositoryPolicy, write: false}

// GetRepositoryPolicy implements (*ecr.Client).GetRepositoryPolicy.
func (f *Fake) GetRepositoryPolicy(ctx context.Context, params *ecr.GetRepositoryPolicyInput, optFns ...func(*ecr.Options)) (*ecr.GetRepositoryPolicyOutput, error) {
	return call(ctx, f, opGetRepositoryPolicy, params, (*state.World).GetRepositoryPolicy)
}

var opDeleteRepositoryPolicy = operation{op: OpDeleteRepositoryPolicy, write: true}

// DeleteRepositoryPolicy implements (*ecr.Client).DeleteRepositoryPolicy.
func (f *Fake) DeleteRepositoryPolicy(ctx context.Context, params *ecr.DeleteRepositoryPolicyInput, optFns ...func(*ecr.Options)) (*ecr.DeleteRepositoryPolicyOutput, error) {
	return call(ctx, f, opDeleteRepositoryPolicy, params, (*state.World).DeleteRepositoryPolicy)
}
