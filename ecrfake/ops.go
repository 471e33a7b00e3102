package ecrfake

// The table of the 62 operations the HTTP front end serves.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/schemas"
	smithy "github.com/aws/smithy-go"

	"github.com/ecrfake/go-ecrfake/internal/wire"
)

// wireOp is one operation as Handler serves it.
type wireOp struct {
	name  string
	input *smithy.Schema // the input structure's schema
	// serve decodes an awsJson1.1 request body into the operation's SDK
	// input and calls the Fake's own method with it: the wire path and the
	// direct path run the same code, so they cannot disagree. A body that
	// does not decode is a *wire.DecodeError.
	serve func(ctx context.Context, f *Fake, body []byte) (smithy.Serializable, error)
}

// serveOp builds a wireOp from the input's schema and the Fake's method.
// The operation's name is the schema's, less "Request"; a test checks that
// it is the method's name for all 62 rows.
func serveOp[I, O any, PO interface {
	*O
	smithy.Serializable
}](input *smithy.Schema, method func(*Fake, context.Context, *I, ...func(*ecr.Options)) (*O, error)) wireOp {
	name := input.ID().Name
	name = name[:len(name)-len("Request")]
	return wireOp{name: name, input: input, serve: func(ctx context.Context, f *Fake, body []byte) (smithy.Serializable, error) {
		in := new(I)
		if err := wire.DecodeInput(ctx, body, input, in); err != nil {
			return nil, err
		}
		out, err := method(f, ctx, in)
		if err != nil || out == nil {
			return nil, err
		}
		return PO(out), nil
	}}
}

// wireOps indexes the operations by name, the part of X-Amz-Target after
// "AmazonEC2ContainerRegistry_V20150921.".
var wireOps = indexWireOps(
	serveOp(schemas.BatchCheckLayerAvailabilityRequest, (*Fake).BatchCheckLayerAvailability),
	serveOp(schemas.BatchDeleteImageRequest, (*Fake).BatchDeleteImage),
	serveOp(schemas.BatchGetImageRequest, (*Fake).BatchGetImage),
	serveOp(schemas.BatchGetRepositoryScanningConfigurationRequest, (*Fake).BatchGetRepositoryScanningConfiguration),
	serveOp(schemas.CompleteLayerUploadRequest, (*Fake).CompleteLayerUpload),
	serveOp(schemas.CreatePullThroughCacheRuleRequest, (*Fake).CreatePullThroughCacheRule),
	serveOp(schemas.CreateRepositoryRequest, (*Fake).CreateRepository),
	serveOp(schemas.CreateRepositoryCreationTemplateRequest, (*Fake).CreateRepositoryCreationTemplate),
	serveOp(schemas.DeleteLifecyclePolicyRequest, (*Fake).DeleteLifecyclePolicy),
	serveOp(schemas.DeletePullThroughCacheRuleRequest, (*Fake).DeletePullThroughCacheRule),
	serveOp(schemas.DeleteRegistryPolicyRequest, (*Fake).DeleteRegistryPolicy),
	serveOp(schemas.DeleteRepositoryRequest, (*Fake).DeleteRepository),
	serveOp(schemas.DeleteRepositoryCreationTemplateRequest, (*Fake).DeleteRepositoryCreationTemplate),
	serveOp(schemas.DeleteRepositoryPolicyRequest, (*Fake).DeleteRepositoryPolicy),
	serveOp(schemas.DeleteSigningConfigurationRequest, (*Fake).DeleteSigningConfiguration),
	serveOp(schemas.DeregisterPullTimeUpdateExclusionRequest, (*Fake).DeregisterPullTimeUpdateExclusion),
	serveOp(schemas.DescribeImageReplicationStatusRequest, (*Fake).DescribeImageReplicationStatus),
	serveOp(schemas.DescribeImageScanFindingsRequest, (*Fake).DescribeImageScanFindings),
	serveOp(schemas.DescribeImageSigningStatusRequest, (*Fake).DescribeImageSigningStatus),
	serveOp(schemas.DescribeImagesRequest, (*Fake).DescribeImages),
	serveOp(schemas.DescribePullThroughCacheRulesRequest, (*Fake).DescribePullThroughCacheRules),
	serveOp(schemas.DescribeRegistryRequest, (*Fake).DescribeRegistry),
	serveOp(schemas.DescribeReplicationBackfillResultsRequest, (*Fake).DescribeReplicationBackfillResults),
	serveOp(schemas.DescribeRepositoriesRequest, (*Fake).DescribeRepositories),
	serveOp(schemas.DescribeRepositoryCreationTemplatesRequest, (*Fake).DescribeRepositoryCreationTemplates),
	serveOp(schemas.GetAccountSettingRequest, (*Fake).GetAccountSetting),
	serveOp(schemas.GetAuthorizationTokenRequest, (*Fake).GetAuthorizationToken),
	serveOp(schemas.GetDownloadUrlForLayerRequest, (*Fake).GetDownloadUrlForLayer),
	serveOp(schemas.GetLifecyclePolicyRequest, (*Fake).GetLifecyclePolicy),
	serveOp(schemas.GetLifecyclePolicyPreviewRequest, (*Fake).GetLifecyclePolicyPreview),
	serveOp(schemas.GetRegistryPolicyRequest, (*Fake).GetRegistryPolicy),
	serveOp(schemas.GetRegistryScanningConfigurationRequest, (*Fake).GetRegistryScanningConfiguration),
	serveOp(schemas.GetRepositoryPolicyRequest, (*Fake).GetRepositoryPolicy),
	serveOp(schemas.GetSigningConfigurationRequest, (*Fake).GetSigningConfiguration),
	serveOp(schemas.InitiateLayerUploadRequest, (*Fake).InitiateLayerUpload),
	serveOp(schemas.ListImageReferrersRequest, (*Fake).ListImageReferrers),
	serveOp(schemas.ListImagesRequest, (*Fake).ListImages),
	serveOp(schemas.ListPullTimeUpdateExclusionsRequest, (*Fake).ListPullTimeUpdateExclusions),
	serveOp(schemas.ListReplicationBackfillsRequest, (*Fake).ListReplicationBackfills),
	serveOp(schemas.ListTagsForResourceRequest, (*Fake).ListTagsForResource),
	serveOp(schemas.PutAccountSettingRequest, (*Fake).PutAccountSetting),
	serveOp(schemas.PutImageRequest, (*Fake).PutImage),
	serveOp(schemas.PutImageScanningConfigurationRequest, (*Fake).PutImageScanningConfiguration),
	serveOp(schemas.PutImageTagMutabilityRequest, (*Fake).PutImageTagMutability),
	serveOp(schemas.PutLifecyclePolicyRequest, (*Fake).PutLifecyclePolicy),
	serveOp(schemas.PutRegistryPolicyRequest, (*Fake).PutRegistryPolicy),
	serveOp(schemas.PutRegistryScanningConfigurationRequest, (*Fake).PutRegistryScanningConfiguration),
	serveOp(schemas.PutReplicationConfigurationRequest, (*Fake).PutReplicationConfiguration),
	serveOp(schemas.PutSigningConfigurationRequest, (*Fake).PutSigningConfiguration),
	serveOp(schemas.RegisterPullTimeUpdateExclusionRequest, (*Fake).RegisterPullTimeUpdateExclusion),
	serveOp(schemas.SetRepositoryPolicyRequest, (*Fake).SetRepositoryPolicy),
	serveOp(schemas.StartImageScanRequest, (*Fake).StartImageScan),
	serveOp(schemas.StartLifecyclePolicyPreviewRequest, (*Fake).StartLifecyclePolicyPreview),
	serveOp(schemas.StartReplicationBackfillRequest, (*Fake).StartReplicationBackfill),
	serveOp(schemas.StopReplicationBackfillRequest, (*Fake).StopReplicationBackfill),
	serveOp(schemas.TagResourceRequest, (*Fake).TagResource),
	serveOp(schemas.UntagResourceRequest, (*Fake).UntagResource),
	serveOp(schemas.UpdateImageStorageClassRequest, (*Fake).UpdateImageStorageClass),
	serveOp(schemas.UpdatePullThroughCacheRuleRequest, (*Fake).UpdatePullThroughCacheRule),
	serveOp(schemas.UpdateRepositoryCreationTemplateRequest, (*Fake).UpdateRepositoryCreationTemplate),
	serveOp(schemas.UploadLayerPartRequest, (*Fake).uploadLayerPartOwned), // no second copy of the decoded part
	serveOp(schemas.ValidatePullThroughCacheRuleRequest, (*Fake).ValidatePullThroughCacheRule),
)

func indexWireOps(ops ...wireOp) map[string]wireOp {
	m := make(map[string]wireOp, len(ops))
	for _, op := range ops {
		m[op.name] = op
	}
	return m
}
