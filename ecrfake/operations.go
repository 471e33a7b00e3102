package ecrfake

import (
	"reflect"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
)

// Op names one of the 62 ECR operations. Faults, interceptors and the call
// record identify operations by these constants (or by input type, see
// OpOf), never by free strings, so a typo does not compile.
type Op uint8

// The ECR operations, in the order of the SDK's method set.
const (
	opInvalid Op = iota
	OpBatchCheckLayerAvailability
	OpBatchDeleteImage
	OpBatchGetImage
	OpBatchGetRepositoryScanningConfiguration
	OpCompleteLayerUpload
	OpCreatePullThroughCacheRule
	OpCreateRepository
	OpCreateRepositoryCreationTemplate
	OpDeleteLifecyclePolicy
	OpDeletePullThroughCacheRule
	OpDeleteRegistryPolicy
	OpDeleteRepository
	OpDeleteRepositoryCreationTemplate
	OpDeleteRepositoryPolicy
	OpDeleteSigningConfiguration
	OpDeregisterPullTimeUpdateExclusion
	OpDescribeImageReplicationStatus
	OpDescribeImageScanFindings
	OpDescribeImageSigningStatus
	OpDescribeImages
	OpDescribePullThroughCacheRules
	OpDescribeRegistry
	OpDescribeReplicationBackfillResults
	OpDescribeRepositories
	OpDescribeRepositoryCreationTemplates
	OpGetAccountSetting
	OpGetAuthorizationToken
	OpGetDownloadUrlForLayer
	OpGetLifecyclePolicy
	OpGetLifecyclePolicyPreview
	OpGetRegistryPolicy
	OpGetRegistryScanningConfiguration
	OpGetRepositoryPolicy
	OpGetSigningConfiguration
	OpInitiateLayerUpload
	OpListImageReferrers
	OpListImages
	OpListPullTimeUpdateExclusions
	OpListReplicationBackfills
	OpListTagsForResource
	OpPutAccountSetting
	OpPutImage
	OpPutImageScanningConfiguration
	OpPutImageTagMutability
	OpPutLifecyclePolicy
	OpPutRegistryPolicy
	OpPutRegistryScanningConfiguration
	OpPutReplicationConfiguration
	OpPutSigningConfiguration
	OpRegisterPullTimeUpdateExclusion
	OpSetRepositoryPolicy
	OpStartImageScan
	OpStartLifecyclePolicyPreview
	OpStartReplicationBackfill
	OpStopReplicationBackfill
	OpTagResource
	OpUntagResource
	OpUpdateImageStorageClass
	OpUpdatePullThroughCacheRule
	OpUpdateRepositoryCreationTemplate
	OpUploadLayerPart
	OpValidatePullThroughCacheRule

	// The registry data plane's requests (registry_plane.go): each HTTP
	// request to /v2/ (and each GET of a layer download URL) is one call of
	// one of these operations, with a *RegistryRequest as its input.
	OpRegistryPing
	OpRegistryCatalog
	OpRegistryListTags
	OpRegistryGetManifest
	OpRegistryHeadManifest
	OpRegistryPutManifest
	OpRegistryDeleteManifest
	OpRegistryHeadBlob
	OpRegistryGetBlob
	OpRegistryDeleteBlob
	OpRegistryStartUpload
	OpRegistryPatchUpload
	OpRegistryCompleteUpload
	OpRegistryUploadStatus
	OpRegistryCancelUpload
	OpRegistryReferrers
	OpRegistryDownloadLayer
)

// firstRegistryOp is the first registry data-plane operation; the API's
// operations come before it.
const firstRegistryOp = OpRegistryPing

// opNames, opInputs and opOutputs are indexed by Op.
var (
	opNames = [...]string{
		OpBatchCheckLayerAvailability:             "BatchCheckLayerAvailability",
		OpBatchDeleteImage:                        "BatchDeleteImage",
		OpBatchGetImage:                           "BatchGetImage",
		OpBatchGetRepositoryScanningConfiguration: "BatchGetRepositoryScanningConfiguration",
		OpCompleteLayerUpload:                     "CompleteLayerUpload",
		OpCreatePullThroughCacheRule:              "CreatePullThroughCacheRule",
		OpCreateRepository:                        "CreateRepository",
		OpCreateRepositoryCreationTemplate:        "CreateRepositoryCreationTemplate",
		OpDeleteLifecyclePolicy:                   "DeleteLifecyclePolicy",
		OpDeletePullThroughCacheRule:              "DeletePullThroughCacheRule",
		OpDeleteRegistryPolicy:                    "DeleteRegistryPolicy",
		OpDeleteRepository:                        "DeleteRepository",
		OpDeleteRepositoryCreationTemplate:        "DeleteRepositoryCreationTemplate",
		OpDeleteRepositoryPolicy:                  "DeleteRepositoryPolicy",
		OpDeleteSigningConfiguration:              "DeleteSigningConfiguration",
		OpDeregisterPullTimeUpdateExclusion:       "DeregisterPullTimeUpdateExclusion",
		OpDescribeImageReplicationStatus:          "DescribeImageReplicationStatus",
		OpDescribeImageScanFindings:               "DescribeImageScanFindings",
		OpDescribeImageSigningStatus:              "DescribeImageSigningStatus",
		OpDescribeImages:                          "DescribeImages",
		OpDescribePullThroughCacheRules:           "DescribePullThroughCacheRules",
		OpDescribeRegistry:                        "DescribeRegistry",
		OpDescribeReplicationBackfillResults:      "DescribeReplicationBackfillResults",
		OpDescribeRepositories:                    "DescribeRepositories",
		OpDescribeRepositoryCreationTemplates:     "DescribeRepositoryCreationTemplates",
		OpGetAccountSetting:                       "GetAccountSetting",
		OpGetAuthorizationToken:                   "GetAuthorizationToken",
		OpGetDownloadUrlForLayer:                  "GetDownloadUrlForLayer",
		OpGetLifecyclePolicy:                      "GetLifecyclePolicy",
		OpGetLifecyclePolicyPreview:               "GetLifecyclePolicyPreview",
		OpGetRegistryPolicy:                       "GetRegistryPolicy",
		OpGetRegistryScanningConfiguration:        "GetRegistryScanningConfiguration",
		OpGetRepositoryPolicy:                     "GetRepositoryPolicy",
		OpGetSigningConfiguration:                 "GetSigningConfiguration",
		OpInitiateLayerUpload:                     "InitiateLayerUpload",
		OpListImageReferrers:                      "ListImageReferrers",
		OpListImages:                              "ListImages",
		OpListPullTimeUpdateExclusions:            "ListPullTimeUpdateExclusions",
		OpListReplicationBackfills:                "ListReplicationBackfills",
		OpListTagsForResource:                     "ListTagsForResource",
		OpPutAccountSetting:                       "PutAccountSetting",
		OpPutImage:                                "PutImage",
		OpPutImageScanningConfiguration:           "PutImageScanningConfiguration",
		OpPutImageTagMutability:                   "PutImageTagMutability",
		OpPutLifecyclePolicy:                      "PutLifecyclePolicy",
		OpPutRegistryPolicy:                       "PutRegistryPolicy",
		OpPutRegistryScanningConfiguration:        "PutRegistryScanningConfiguration",
		OpPutReplicationConfiguration:             "PutReplicationConfiguration",
		OpPutSigningConfiguration:                 "PutSigningConfiguration",
		OpRegisterPullTimeUpdateExclusion:         "RegisterPullTimeUpdateExclusion",
		OpSetRepositoryPolicy:                     "SetRepositoryPolicy",
		OpStartImageScan:                          "StartImageScan",
		OpStartLifecyclePolicyPreview:             "StartLifecyclePolicyPreview",
		OpStartReplicationBackfill:                "StartReplicationBackfill",
		OpStopReplicationBackfill:                 "StopReplicationBackfill",
		OpTagResource:                             "TagResource",
		OpUntagResource:                           "UntagResource",
		OpUpdateImageStorageClass:                 "UpdateImageStorageClass",
		OpUpdatePullThroughCacheRule:              "UpdatePullThroughCacheRule",
		OpUpdateRepositoryCreationTemplate:        "UpdateRepositoryCreationTemplate",
		OpUploadLayerPart:                         "UploadLayerPart",
		OpValidatePullThroughCacheRule:            "ValidatePullThroughCacheRule",

		OpRegistryPing:           "RegistryPing",
		OpRegistryCatalog:        "RegistryCatalog",
		OpRegistryListTags:       "RegistryListTags",
		OpRegistryGetManifest:    "RegistryGetManifest",
		OpRegistryHeadManifest:   "RegistryHeadManifest",
		OpRegistryPutManifest:    "RegistryPutManifest",
		OpRegistryDeleteManifest: "RegistryDeleteManifest",
		OpRegistryHeadBlob:       "RegistryHeadBlob",
		OpRegistryGetBlob:        "RegistryGetBlob",
		OpRegistryDeleteBlob:     "RegistryDeleteBlob",
		OpRegistryStartUpload:    "RegistryStartUpload",
		OpRegistryPatchUpload:    "RegistryPatchUpload",
		OpRegistryCompleteUpload: "RegistryCompleteUpload",
		OpRegistryUploadStatus:   "RegistryUploadStatus",
		OpRegistryCancelUpload:   "RegistryCancelUpload",
		OpRegistryReferrers:      "RegistryReferrers",
		OpRegistryDownloadLayer:  "RegistryDownloadLayer",
	}
	opInputs = [...]reflect.Type{
		OpBatchCheckLayerAvailability:             reflect.TypeFor[ecr.BatchCheckLayerAvailabilityInput](),
		OpBatchDeleteImage:                        reflect.TypeFor[ecr.BatchDeleteImageInput](),
		OpBatchGetImage:                           reflect.TypeFor[ecr.BatchGetImageInput](),
		OpBatchGetRepositoryScanningConfiguration: reflect.TypeFor[ecr.BatchGetRepositoryScanningConfigurationInput](),
		OpCompleteLayerUpload:                     reflect.TypeFor[ecr.CompleteLayerUploadInput](),
		OpCreatePullThroughCacheRule:              reflect.TypeFor[ecr.CreatePullThroughCacheRuleInput](),
		OpCreateRepository:                        reflect.TypeFor[ecr.CreateRepositoryInput](),
		OpCreateRepositoryCreationTemplate:        reflect.TypeFor[ecr.CreateRepositoryCreationTemplateInput](),
		OpDeleteLifecyclePolicy:                   reflect.TypeFor[ecr.DeleteLifecyclePolicyInput](),
		OpDeletePullThroughCacheRule:              reflect.TypeFor[ecr.DeletePullThroughCacheRuleInput](),
		OpDeleteRegistryPolicy:                    reflect.TypeFor[ecr.DeleteRegistryPolicyInput](),
		OpDeleteRepository:                        reflect.TypeFor[ecr.DeleteRepositoryInput](),
		OpDeleteRepositoryCreationTemplate:        reflect.TypeFor[ecr.DeleteRepositoryCreationTemplateInput](),
		OpDeleteRepositoryPolicy:                  reflect.TypeFor[ecr.DeleteRepositoryPolicyInput](),
		OpDeleteSigningConfiguration:              reflect.TypeFor[ecr.DeleteSigningConfigurationInput](),
		OpDeregisterPullTimeUpdateExclusion:       reflect.TypeFor[ecr.DeregisterPullTimeUpdateExclusionInput](),
		OpDescribeImageReplicationStatus:          reflect.TypeFor[ecr.DescribeImageReplicationStatusInput](),
		OpDescribeImageScanFindings:               reflect.TypeFor[ecr.DescribeImageScanFindingsInput](),
		OpDescribeImageSigningStatus:              reflect.TypeFor[ecr.DescribeImageSigningStatusInput](),
		OpDescribeImages:                          reflect.TypeFor[ecr.DescribeImagesInput](),
		OpDescribePullThroughCacheRules:           reflect.TypeFor[ecr.DescribePullThroughCacheRulesInput](),
		OpDescribeRegistry:                        reflect.TypeFor[ecr.DescribeRegistryInput](),
		OpDescribeReplicationBackfillResults:      reflect.TypeFor[ecr.DescribeReplicationBackfillResultsInput](),
		OpDescribeRepositories:                    reflect.TypeFor[ecr.DescribeRepositoriesInput](),
		OpDescribeRepositoryCreationTemplates:     reflect.TypeFor[ecr.DescribeRepositoryCreationTemplatesInput](),
		OpGetAccountSetting:                       reflect.TypeFor[ecr.GetAccountSettingInput](),
		OpGetAuthorizationToken:                   reflect.TypeFor[ecr.GetAuthorizationTokenInput](),
		OpGetDownloadUrlForLayer:                  reflect.TypeFor[ecr.GetDownloadUrlForLayerInput](),
		OpGetLifecyclePolicy:                      reflect.TypeFor[ecr.GetLifecyclePolicyInput](),
		OpGetLifecyclePolicyPreview:               reflect.TypeFor[ecr.GetLifecyclePolicyPreviewInput](),
		OpGetRegistryPolicy:                       reflect.TypeFor[ecr.GetRegistryPolicyInput](),
		OpGetRegistryScanningConfiguration:        reflect.TypeFor[ecr.GetRegistryScanningConfigurationInput](),
		OpGetRepositoryPolicy:                     reflect.TypeFor[ecr.GetRepositoryPolicyInput](),
		OpGetSigningConfiguration:                 reflect.TypeFor[ecr.GetSigningConfigurationInput](),
		OpInitiateLayerUpload:                     reflect.TypeFor[ecr.InitiateLayerUploadInput](),
		OpListImageReferrers:                      reflect.TypeFor[ecr.ListImageReferrersInput](),
		OpListImages:                              reflect.TypeFor[ecr.ListImagesInput](),
		OpListPullTimeUpdateExclusions:            reflect.TypeFor[ecr.ListPullTimeUpdateExclusionsInput](),
		OpListReplicationBackfills:                reflect.TypeFor[ecr.ListReplicationBackfillsInput](),
		OpListTagsForResource:                     reflect.TypeFor[ecr.ListTagsForResourceInput](),
		OpPutAccountSetting:                       reflect.TypeFor[ecr.PutAccountSettingInput](),
		OpPutImage:                                reflect.TypeFor[ecr.PutImageInput](),
		OpPutImageScanningConfiguration:           reflect.TypeFor[ecr.PutImageScanningConfigurationInput](),
		OpPutImageTagMutability:                   reflect.TypeFor[ecr.PutImageTagMutabilityInput](),
		OpPutLifecyclePolicy:                      reflect.TypeFor[ecr.PutLifecyclePolicyInput](),
		OpPutRegistryPolicy:                       reflect.TypeFor[ecr.PutRegistryPolicyInput](),
		OpPutRegistryScanningConfiguration:        reflect.TypeFor[ecr.PutRegistryScanningConfigurationInput](),
		OpPutReplicationConfiguration:             reflect.TypeFor[ecr.PutReplicationConfigurationInput](),
		OpPutSigningConfiguration:                 reflect.TypeFor[ecr.PutSigningConfigurationInput](),
		OpRegisterPullTimeUpdateExclusion:         reflect.TypeFor[ecr.RegisterPullTimeUpdateExclusionInput](),
		OpSetRepositoryPolicy:                     reflect.TypeFor[ecr.SetRepositoryPolicyInput](),
		OpStartImageScan:                          reflect.TypeFor[ecr.StartImageScanInput](),
		OpStartLifecyclePolicyPreview:             reflect.TypeFor[ecr.StartLifecyclePolicyPreviewInput](),
		OpStartReplicationBackfill:                reflect.TypeFor[ecr.StartReplicationBackfillInput](),
		OpStopReplicationBackfill:                 reflect.TypeFor[ecr.StopReplicationBackfillInput](),
		OpTagResource:                             reflect.TypeFor[ecr.TagResourceInput](),
		OpUntagResource:                           reflect.TypeFor[ecr.UntagResourceInput](),
		OpUpdateImageStorageClass:                 reflect.TypeFor[ecr.UpdateImageStorageClassInput](),
		OpUpdatePullThroughCacheRule:              reflect.TypeFor[ecr.UpdatePullThroughCacheRuleInput](),
		OpUpdateRepositoryCreationTemplate:        reflect.TypeFor[ecr.UpdateRepositoryCreationTemplateInput](),
		OpUploadLayerPart:                         reflect.TypeFor[ecr.UploadLayerPartInput](),
		OpValidatePullThroughCacheRule:            reflect.TypeFor[ecr.ValidatePullThroughCacheRuleInput](),

		OpRegistryPing: registryRequestType, OpRegistryCatalog: registryRequestType, OpRegistryListTags: registryRequestType,
		OpRegistryGetManifest: registryRequestType, OpRegistryHeadManifest: registryRequestType, OpRegistryPutManifest: registryRequestType,
		OpRegistryDeleteManifest: registryRequestType, OpRegistryHeadBlob: registryRequestType, OpRegistryGetBlob: registryRequestType,
		OpRegistryDeleteBlob: registryRequestType, OpRegistryStartUpload: registryRequestType, OpRegistryPatchUpload: registryRequestType,
		OpRegistryCompleteUpload: registryRequestType, OpRegistryUploadStatus: registryRequestType, OpRegistryCancelUpload: registryRequestType,
		OpRegistryReferrers: registryRequestType, OpRegistryDownloadLayer: registryRequestType,
	}
	opOutputs = [...]reflect.Type{
		OpBatchCheckLayerAvailability:             reflect.TypeFor[ecr.BatchCheckLayerAvailabilityOutput](),
		OpBatchDeleteImage:                        reflect.TypeFor[ecr.BatchDeleteImageOutput](),
		OpBatchGetImage:                           reflect.TypeFor[ecr.BatchGetImageOutput](),
		OpBatchGetRepositoryScanningConfiguration: reflect.TypeFor[ecr.BatchGetRepositoryScanningConfigurationOutput](),
		OpCompleteLayerUpload:                     reflect.TypeFor[ecr.CompleteLayerUploadOutput](),
		OpCreatePullThroughCacheRule:              reflect.TypeFor[ecr.CreatePullThroughCacheRuleOutput](),
		OpCreateRepository:                        reflect.TypeFor[ecr.CreateRepositoryOutput](),
		OpCreateRepositoryCreationTemplate:        reflect.TypeFor[ecr.CreateRepositoryCreationTemplateOutput](),
		OpDeleteLifecyclePolicy:                   reflect.TypeFor[ecr.DeleteLifecyclePolicyOutput](),
		OpDeletePullThroughCacheRule:              reflect.TypeFor[ecr.DeletePullThroughCacheRuleOutput](),
		OpDeleteRegistryPolicy:                    reflect.TypeFor[ecr.DeleteRegistryPolicyOutput](),
		OpDeleteRepository:                        reflect.TypeFor[ecr.DeleteRepositoryOutput](),
		OpDeleteRepositoryCreationTemplate:        reflect.TypeFor[ecr.DeleteRepositoryCreationTemplateOutput](),
		OpDeleteRepositoryPolicy:                  reflect.TypeFor[ecr.DeleteRepositoryPolicyOutput](),
		OpDeleteSigningConfiguration:              reflect.TypeFor[ecr.DeleteSigningConfigurationOutput](),
		OpDeregisterPullTimeUpdateExclusion:       reflect.TypeFor[ecr.DeregisterPullTimeUpdateExclusionOutput](),
		OpDescribeImageReplicationStatus:          reflect.TypeFor[ecr.DescribeImageReplicationStatusOutput](),
		OpDescribeImageScanFindings:               reflect.TypeFor[ecr.DescribeImageScanFindingsOutput](),
		OpDescribeImageSigningStatus:              reflect.TypeFor[ecr.DescribeImageSigningStatusOutput](),
		OpDescribeImages:                          reflect.TypeFor[ecr.DescribeImagesOutput](),
		OpDescribePullThroughCacheRules:           reflect.TypeFor[ecr.DescribePullThroughCacheRulesOutput](),
		OpDescribeRegistry:                        reflect.TypeFor[ecr.DescribeRegistryOutput](),
		OpDescribeReplicationBackfillResults:      reflect.TypeFor[ecr.DescribeReplicationBackfillResultsOutput](),
		OpDescribeRepositories:                    reflect.TypeFor[ecr.DescribeRepositoriesOutput](),
		OpDescribeRepositoryCreationTemplates:     reflect.TypeFor[ecr.DescribeRepositoryCreationTemplatesOutput](),
		OpGetAccountSetting:                       reflect.TypeFor[ecr.GetAccountSettingOutput](),
		OpGetAuthorizationToken:                   reflect.TypeFor[ecr.GetAuthorizationTokenOutput](),
		OpGetDownloadUrlForLayer:                  reflect.TypeFor[ecr.GetDownloadUrlForLayerOutput](),
		OpGetLifecyclePolicy:                      reflect.TypeFor[ecr.GetLifecyclePolicyOutput](),
		OpGetLifecyclePolicyPreview:               reflect.TypeFor[ecr.GetLifecyclePolicyPreviewOutput](),
		OpGetRegistryPolicy:                       reflect.TypeFor[ecr.GetRegistryPolicyOutput](),
		OpGetRegistryScanningConfiguration:        reflect.TypeFor[ecr.GetRegistryScanningConfigurationOutput](),
		OpGetRepositoryPolicy:                     reflect.TypeFor[ecr.GetRepositoryPolicyOutput](),
		OpGetSigningConfiguration:                 reflect.TypeFor[ecr.GetSigningConfigurationOutput](),
		OpInitiateLayerUpload:                     reflect.TypeFor[ecr.InitiateLayerUploadOutput](),
		OpListImageReferrers:                      reflect.TypeFor[ecr.ListImageReferrersOutput](),
		OpListImages:                              reflect.TypeFor[ecr.ListImagesOutput](),
		OpListPullTimeUpdateExclusions:            reflect.TypeFor[ecr.ListPullTimeUpdateExclusionsOutput](),
		OpListReplicationBackfills:                reflect.TypeFor[ecr.ListReplicationBackfillsOutput](),
		OpListTagsForResource:                     reflect.TypeFor[ecr.ListTagsForResourceOutput](),
		OpPutAccountSetting:                       reflect.TypeFor[ecr.PutAccountSettingOutput](),
		OpPutImage:                                reflect.TypeFor[ecr.PutImageOutput](),
		OpPutImageScanningConfiguration:           reflect.TypeFor[ecr.PutImageScanningConfigurationOutput](),
		OpPutImageTagMutability:                   reflect.TypeFor[ecr.PutImageTagMutabilityOutput](),
		OpPutLifecyclePolicy:                      reflect.TypeFor[ecr.PutLifecyclePolicyOutput](),
		OpPutRegistryPolicy:                       reflect.TypeFor[ecr.PutRegistryPolicyOutput](),
		OpPutRegistryScanningConfiguration:        reflect.TypeFor[ecr.PutRegistryScanningConfigurationOutput](),
		OpPutReplicationConfiguration:             reflect.TypeFor[ecr.PutReplicationConfigurationOutput](),
		OpPutSigningConfiguration:                 reflect.TypeFor[ecr.PutSigningConfigurationOutput](),
		OpRegisterPullTimeUpdateExclusion:         reflect.TypeFor[ecr.RegisterPullTimeUpdateExclusionOutput](),
		OpSetRepositoryPolicy:                     reflect.TypeFor[ecr.SetRepositoryPolicyOutput](),
		OpStartImageScan:                          reflect.TypeFor[ecr.StartImageScanOutput](),
		OpStartLifecyclePolicyPreview:             reflect.TypeFor[ecr.StartLifecyclePolicyPreviewOutput](),
		OpStartReplicationBackfill:                reflect.TypeFor[ecr.StartReplicationBackfillOutput](),
		OpStopReplicationBackfill:                 reflect.TypeFor[ecr.StopReplicationBackfillOutput](),
		OpTagResource:                             reflect.TypeFor[ecr.TagResourceOutput](),
		OpUntagResource:                           reflect.TypeFor[ecr.UntagResourceOutput](),
		OpUpdateImageStorageClass:                 reflect.TypeFor[ecr.UpdateImageStorageClassOutput](),
		OpUpdatePullThroughCacheRule:              reflect.TypeFor[ecr.UpdatePullThroughCacheRuleOutput](),
		OpUpdateRepositoryCreationTemplate:        reflect.TypeFor[ecr.UpdateRepositoryCreationTemplateOutput](),
		OpUploadLayerPart:                         reflect.TypeFor[ecr.UploadLayerPartOutput](),
		OpValidatePullThroughCacheRule:            reflect.TypeFor[ecr.ValidatePullThroughCacheRuleOutput](),

		OpRegistryPing: registryResponseType, OpRegistryCatalog: registryResponseType, OpRegistryListTags: registryResponseType,
		OpRegistryGetManifest: registryResponseType, OpRegistryHeadManifest: registryResponseType, OpRegistryPutManifest: registryResponseType,
		OpRegistryDeleteManifest: registryResponseType, OpRegistryHeadBlob: registryResponseType, OpRegistryGetBlob: registryResponseType,
		OpRegistryDeleteBlob: registryResponseType, OpRegistryStartUpload: registryResponseType, OpRegistryPatchUpload: registryResponseType,
		OpRegistryCompleteUpload: registryResponseType, OpRegistryUploadStatus: registryResponseType, OpRegistryCancelUpload: registryResponseType,
		OpRegistryReferrers: registryResponseType, OpRegistryDownloadLayer: registryResponseType,
	}
)

// String returns the operation's name, as in the SDK and on the wire.
func (o Op) String() string {
	if o == opInvalid || int(o) >= len(opNames) {
		return "Op(invalid)"
	}
	return opNames[o]
}

// Ops returns every operation of the ECR API, in order (RegistryOps lists
// the registry data plane's).
func Ops() []Op {
	out := make([]Op, 0, int(firstRegistryOp)-1)
	for o := Op(1); o < firstRegistryOp; o++ {
		out = append(out, o)
	}
	return out
}

// opByInput maps an input type (ecr.XxxInput) to its operation. The
// registry operations share one input type, *RegistryRequest, so they are
// not in it: they are named by their constants.
var opByInput = func() map[reflect.Type]Op {
	m := make(map[reflect.Type]Op, len(opInputs))
	for o := Op(1); o < firstRegistryOp; o++ {
		m[opInputs[o]] = o
	}
	return m
}()

// OpOf returns the operation whose input type is I, for example
// OpOf[ecr.PutImageInput]() == OpPutImage. It panics if I is not an ECR
// operation input, which is a bug in the test.
func OpOf[I any]() Op {
	o, ok := opByInput[reflect.TypeFor[I]()]
	if !ok && reflect.TypeFor[I]() == registryRequestType {
		panic("ecrfake: every registry operation takes a *RegistryRequest, so its type names none; use the Op constant (OpRegistryPutManifest, ...) and InterceptRegistry")
	}
	if !ok {
		panic("ecrfake: " + reflect.TypeFor[I]().String() + " is not an ECR operation input")
	}
	return o
}

func typeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }
