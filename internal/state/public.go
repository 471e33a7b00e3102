package state

// ECR Public's transitions (issue 13): one method per operation of
// *ecrpublic.Client, named Public<Operation>, with the shape the private
// transitions have, so the face's dispatch calls them the same way. The bodies
// not built yet answer errs.PublicNotModelled; the public registries'
// state lands behind these signatures without changing them.

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecrpublic"
	pubtypes "github.com/aws/aws-sdk-go-v2/service/ecrpublic/types"

	"github.com/ecrfake/go-ecrfake/internal/errs"
)

// PublicBatchCheckLayerAvailability is ECR Public's BatchCheckLayerAvailability.
func (w *World) PublicBatchCheckLayerAvailability(_ time.Time, _ *ecrpublic.BatchCheckLayerAvailabilityInput) (*ecrpublic.BatchCheckLayerAvailabilityOutput, error) {
	return nil, errs.PublicNotModelled("BatchCheckLayerAvailability")
}

// PublicBatchDeleteImage is ECR Public's BatchDeleteImage.
func (w *World) PublicBatchDeleteImage(_ time.Time, _ *ecrpublic.BatchDeleteImageInput) (*ecrpublic.BatchDeleteImageOutput, error) {
	return nil, errs.PublicNotModelled("BatchDeleteImage")
}

// PublicCompleteLayerUpload is ECR Public's CompleteLayerUpload.
func (w *World) PublicCompleteLayerUpload(_ time.Time, _ *ecrpublic.CompleteLayerUploadInput) (*ecrpublic.CompleteLayerUploadOutput, error) {
	return nil, errs.PublicNotModelled("CompleteLayerUpload")
}

// PublicCreateRepository is ECR Public's CreateRepository.
func (w *World) PublicCreateRepository(_ time.Time, _ *ecrpublic.CreateRepositoryInput) (*ecrpublic.CreateRepositoryOutput, error) {
	return nil, errs.PublicNotModelled("CreateRepository")
}

// PublicDeleteRepository is ECR Public's DeleteRepository.
func (w *World) PublicDeleteRepository(_ time.Time, _ *ecrpublic.DeleteRepositoryInput) (*ecrpublic.DeleteRepositoryOutput, error) {
	return nil, errs.PublicNotModelled("DeleteRepository")
}

// PublicDeleteRepositoryPolicy is ECR Public's DeleteRepositoryPolicy.
func (w *World) PublicDeleteRepositoryPolicy(_ time.Time, _ *ecrpublic.DeleteRepositoryPolicyInput) (*ecrpublic.DeleteRepositoryPolicyOutput, error) {
	return nil, errs.PublicNotModelled("DeleteRepositoryPolicy")
}

// PublicDescribeImageTags is ECR Public's DescribeImageTags.
func (w *World) PublicDescribeImageTags(_ time.Time, _ *ecrpublic.DescribeImageTagsInput) (*ecrpublic.DescribeImageTagsOutput, error) {
	return nil, errs.PublicNotModelled("DescribeImageTags")
}

// PublicDescribeImages is ECR Public's DescribeImages.
func (w *World) PublicDescribeImages(_ time.Time, _ *ecrpublic.DescribeImagesInput) (*ecrpublic.DescribeImagesOutput, error) {
	return nil, errs.PublicNotModelled("DescribeImages")
}

// PublicDescribeRegistries is ECR Public's DescribeRegistries: always exactly
// one registry, the caller's, with its region-less ARN (spec §5.8). Until the
// first public repository assigns the default alias it shows registryUri ""
// and no aliases. A single-item list never pages, so no nextToken is issued
// and any token sent is one this fake did not issue.
func (w *World) PublicDescribeRegistries(_ time.Time, in *ecrpublic.DescribeRegistriesInput) (*ecrpublic.DescribeRegistriesOutput, error) {
	if in.NextToken != nil {
		return nil, errs.PublicInvalidNextToken()
	}
	acct := w.cfg.AccountID
	return &ecrpublic.DescribeRegistriesOutput{Registries: []pubtypes.Registry{{
		RegistryId:  ptr(acct),
		RegistryArn: ptr("arn:aws:ecr-public::" + acct + ":registry/" + acct),
		RegistryUri: ptr(""),
		Verified:    ptr(false),
		Aliases:     []pubtypes.RegistryAlias{},
	}}}, nil
}

// PublicDescribeRepositories is ECR Public's DescribeRepositories.
func (w *World) PublicDescribeRepositories(_ time.Time, _ *ecrpublic.DescribeRepositoriesInput) (*ecrpublic.DescribeRepositoriesOutput, error) {
	return nil, errs.PublicNotModelled("DescribeRepositories")
}

// PublicGetAuthorizationToken is ECR Public's GetAuthorizationToken: one
// authorization object (no list, no proxyEndpoint, no registryIds), the same
// token format as private ECR, valid 12 hours on the fake clock (spec §5.7).
func (w *World) PublicGetAuthorizationToken(now time.Time, _ *ecrpublic.GetAuthorizationTokenInput) (*ecrpublic.GetAuthorizationTokenOutput, error) {
	token, expires := w.mintToken(now)
	return &ecrpublic.GetAuthorizationTokenOutput{AuthorizationData: &pubtypes.AuthorizationData{
		AuthorizationToken: ptr(token),
		ExpiresAt:          ptr(expires),
	}}, nil
}

// PublicGetRegistryCatalogData is ECR Public's GetRegistryCatalogData.
func (w *World) PublicGetRegistryCatalogData(_ time.Time, _ *ecrpublic.GetRegistryCatalogDataInput) (*ecrpublic.GetRegistryCatalogDataOutput, error) {
	return nil, errs.PublicNotModelled("GetRegistryCatalogData")
}

// PublicGetRepositoryCatalogData is ECR Public's GetRepositoryCatalogData.
func (w *World) PublicGetRepositoryCatalogData(_ time.Time, _ *ecrpublic.GetRepositoryCatalogDataInput) (*ecrpublic.GetRepositoryCatalogDataOutput, error) {
	return nil, errs.PublicNotModelled("GetRepositoryCatalogData")
}

// PublicGetRepositoryPolicy is ECR Public's GetRepositoryPolicy.
func (w *World) PublicGetRepositoryPolicy(_ time.Time, _ *ecrpublic.GetRepositoryPolicyInput) (*ecrpublic.GetRepositoryPolicyOutput, error) {
	return nil, errs.PublicNotModelled("GetRepositoryPolicy")
}

// PublicInitiateLayerUpload is ECR Public's InitiateLayerUpload.
func (w *World) PublicInitiateLayerUpload(_ time.Time, _ *ecrpublic.InitiateLayerUploadInput) (*ecrpublic.InitiateLayerUploadOutput, error) {
	return nil, errs.PublicNotModelled("InitiateLayerUpload")
}

// PublicListTagsForResource is ECR Public's ListTagsForResource.
func (w *World) PublicListTagsForResource(_ time.Time, _ *ecrpublic.ListTagsForResourceInput) (*ecrpublic.ListTagsForResourceOutput, error) {
	return nil, errs.PublicNotModelled("ListTagsForResource")
}

// PublicPutImage is ECR Public's PutImage.
func (w *World) PublicPutImage(_ time.Time, _ *ecrpublic.PutImageInput) (*ecrpublic.PutImageOutput, error) {
	return nil, errs.PublicNotModelled("PutImage")
}

// PublicPutRegistryCatalogData is ECR Public's PutRegistryCatalogData.
func (w *World) PublicPutRegistryCatalogData(_ time.Time, _ *ecrpublic.PutRegistryCatalogDataInput) (*ecrpublic.PutRegistryCatalogDataOutput, error) {
	return nil, errs.PublicNotModelled("PutRegistryCatalogData")
}

// PublicPutRepositoryCatalogData is ECR Public's PutRepositoryCatalogData.
func (w *World) PublicPutRepositoryCatalogData(_ time.Time, _ *ecrpublic.PutRepositoryCatalogDataInput) (*ecrpublic.PutRepositoryCatalogDataOutput, error) {
	return nil, errs.PublicNotModelled("PutRepositoryCatalogData")
}

// PublicSetRepositoryPolicy is ECR Public's SetRepositoryPolicy.
func (w *World) PublicSetRepositoryPolicy(_ time.Time, _ *ecrpublic.SetRepositoryPolicyInput) (*ecrpublic.SetRepositoryPolicyOutput, error) {
	return nil, errs.PublicNotModelled("SetRepositoryPolicy")
}

// PublicTagResource is ECR Public's TagResource.
func (w *World) PublicTagResource(_ time.Time, _ *ecrpublic.TagResourceInput) (*ecrpublic.TagResourceOutput, error) {
	return nil, errs.PublicNotModelled("TagResource")
}

// PublicUntagResource is ECR Public's UntagResource.
func (w *World) PublicUntagResource(_ time.Time, _ *ecrpublic.UntagResourceInput) (*ecrpublic.UntagResourceOutput, error) {
	return nil, errs.PublicNotModelled("UntagResource")
}

// PublicUploadLayerPart is ECR Public's UploadLayerPart.
func (w *World) PublicUploadLayerPart(_ time.Time, _ *ecrpublic.UploadLayerPartInput) (*ecrpublic.UploadLayerPartOutput, error) {
	return nil, errs.PublicNotModelled("UploadLayerPart")
}
