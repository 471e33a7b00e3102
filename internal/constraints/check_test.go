package constraints

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func p[T any](v T) *T { return &v }

func msg(path, constraint string) string {
	return "Invalid parameter at '" + path + "' failed to satisfy constraint: '" + constraint + "'"
}

const (
	account    = "123456789012"
	digest     = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	uploadID   = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
	repoRegexp = "must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*'"
	lifecycle  = `{"rules":[{"rulePriority":1,"selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}]}`
	credArn    = "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/docker-hub"
	kmsArn     = "arn:aws:kms:us-east-1:123456789012:key/0123abcd-4567-89ef-0123-456789abcdef"
	signerArn  = "arn:aws:signer:us-east-1:123456789012:/signing-profiles/MyProfile"
	roleArn    = "arn:aws:iam::123456789012:role/ci-pusher"
	repoArn    = "arn:aws:ecr:us-east-1:123456789012:repository/repo"
)

func imageIDs(n int) []types.ImageIdentifier {
	out := make([]types.ImageIdentifier, n)
	for i := range out {
		out[i].ImageTag = p("t")
	}
	return out
}

func strs(n int, s string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

func exclusionFilters(n int) []types.ImageTagMutabilityExclusionFilter {
	out := make([]types.ImageTagMutabilityExclusionFilter, n)
	for i := range out {
		out[i] = types.ImageTagMutabilityExclusionFilter{FilterType: types.ImageTagMutabilityExclusionFilterTypeWildcard, Filter: p("release-*")}
	}
	return out
}

func replication(rules ...types.ReplicationRule) *ecr.PutReplicationConfigurationInput {
	return &ecr.PutReplicationConfigurationInput{ReplicationConfiguration: &types.ReplicationConfiguration{Rules: rules}}
}

func scanningRule(freq types.ScanFrequency, filter string) types.RegistryScanningRule {
	return types.RegistryScanningRule{ScanFrequency: freq, RepositoryFilters: []types.ScanningRepositoryFilter{
		{Filter: p(filter), FilterType: types.ScanningRepositoryFilterTypeWildcard},
	}}
}

// One row per rule kind per operation family; want is the exact message, or
// "" when the input must pass (excluded members, boundary values).
var violationCases = []violationCase{
	// repository names (shape RepositoryName), everywhere they occur
	{"repository name too short", &ecr.CreateRepositoryInput{RepositoryName: p("a")},
		msg("repositoryName", "must have length greater than or equal to 2")},
	{"repository name empty", &ecr.DeleteRepositoryInput{RepositoryName: p("")},
		msg("repositoryName", "must have length greater than or equal to 2")},
	{"repository name too long", &ecr.CreateRepositoryInput{RepositoryName: p(strings.Repeat("a", 257))},
		msg("repositoryName", "must have length less than or equal to 256")},
	{"repository name 256 characters", &ecr.CreateRepositoryInput{RepositoryName: p(strings.Repeat("a", 256))}, ""},
	{"repository name uppercase", &ecr.CreateRepositoryInput{RepositoryName: p("MyRepo")},
		"Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''"},
	{"repository name trailing slash", &ecr.PutImageInput{RepositoryName: p("repo/"), ImageManifest: p("{}")},
		msg("repositoryName", repoRegexp)},
	{"repository name leading dash", &ecr.ListImagesInput{RepositoryName: p("-repo")}, msg("repositoryName", repoRegexp)},
	{"repository name triple underscore", &ecr.DescribeImagesInput{RepositoryName: p("a___b")}, msg("repositoryName", repoRegexp)},
	{"repository name double dash (model allows -+)", &ecr.DescribeImagesInput{RepositoryName: p("a--b/c__d")}, ""},
	{"repository name in list", &ecr.DescribeRepositoriesInput{RepositoryNames: []string{"ok-repo", "Bad"}},
		msg("repositoryNames[1]", repoRegexp)},
	{"repository names empty list", &ecr.DescribeRepositoriesInput{RepositoryNames: []string{}},
		msg("repositoryNames", "Member must have length greater than or equal to 1")},
	{"repository names 101", &ecr.DescribeRepositoriesInput{RepositoryNames: strs(101, "repo")},
		msg("repositoryNames", "Member must have length less than or equal to 100")},
	{"scanning configuration 26 repositories", &ecr.BatchGetRepositoryScanningConfigurationInput{RepositoryNames: strs(26, "repo")},
		msg("repositoryNames", "Member must have length less than or equal to 25")},

	// registry ids
	{"registry id 11 digits", &ecr.DescribeRepositoriesInput{RegistryId: p("12345678901")},
		msg("registryId", "must satisfy regular expression '[0-9]{12}'")},
	{"registry id with letter", &ecr.GetRepositoryPolicyInput{RegistryId: p("12345678901a"), RepositoryName: p("repo")},
		msg("registryId", "must satisfy regular expression '[0-9]{12}'")},
	{"registry id empty", &ecr.InitiateLayerUploadInput{RegistryId: p(""), RepositoryName: p("repo")},
		msg("registryId", "must satisfy regular expression '[0-9]{12}'")},
	{"registry ids empty list", &ecr.GetAuthorizationTokenInput{RegistryIds: []string{}},
		msg("registryIds", "Member must have length greater than or equal to 1")},
	{"registry ids 11", &ecr.GetAuthorizationTokenInput{RegistryIds: strs(11, account)},
		msg("registryIds", "Member must have length less than or equal to 10")},
	{"registry ids bad entry", &ecr.GetAuthorizationTokenInput{RegistryIds: []string{account, "1"}},
		msg("registryIds[1]", "must satisfy regular expression '[0-9]{12}'")},

	// page sizes
	{"maxResults 0", &ecr.DescribeRepositoriesInput{MaxResults: p[int32](0)},
		msg("maxResults", "Member must have value greater than or equal to 1")},
	{"maxResults 1001", &ecr.ListImagesInput{RepositoryName: p("repo"), MaxResults: p[int32](1001)},
		msg("maxResults", "Member must have value less than or equal to 1000")},
	{"maxResults 1000", &ecr.DescribeImageScanFindingsInput{RepositoryName: p("repo"), MaxResults: p[int32](1000)}, ""},
	{"maxResults negative", &ecr.DescribePullThroughCacheRulesInput{MaxResults: p[int32](-1)},
		msg("maxResults", "Member must have value greater than or equal to 1")},
	{"ListImageReferrers maxResults 51", &ecr.ListImageReferrersInput{RepositoryName: p("repo"), MaxResults: p[int32](51)},
		msg("maxResults", "Member must have value less than or equal to 50")},
	{"GetLifecyclePolicyPreview maxResults 101", &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: p("repo"), MaxResults: p[int32](101)},
		msg("maxResults", "Member must have value less than or equal to 100")},
	{"ListReplicationBackfills maxResults 51 (supplement)", &ecr.ListReplicationBackfillsInput{MaxResults: p[int32](51)},
		msg("maxResults", "Member must have value less than or equal to 50")},
	{"DescribeReplicationBackfillResults maxResults 1001 (supplement)", &ecr.DescribeReplicationBackfillResultsInput{ReplicationBackfillId: p("b"), MaxResults: p[int32](1001)},
		msg("maxResults", "Member must have value less than or equal to 1000")},
	{"ListPullTimeUpdateExclusions maxResults 0", &ecr.ListPullTimeUpdateExclusionsInput{MaxResults: p[int32](0)},
		msg("maxResults", "Member must have value greater than or equal to 1")},

	// layer upload
	{"layerPartBlob 20971521 bytes", &ecr.UploadLayerPartInput{RepositoryName: p("repo"), UploadId: p(uploadID), PartFirstByte: p[int64](0), PartLastByte: p[int64](20971520), LayerPartBlob: make([]byte, 20971521)},
		msg("layerPartBlob", "Member must have length less than or equal to 20971520")},
	{"layerPartBlob 20971520 bytes", &ecr.UploadLayerPartInput{RepositoryName: p("repo"), UploadId: p(uploadID), LayerPartBlob: make([]byte, 20971520)}, ""},
	{"layerPartBlob empty", &ecr.UploadLayerPartInput{RepositoryName: p("repo"), UploadId: p(uploadID), LayerPartBlob: []byte{}}, ""},
	{"partFirstByte negative", &ecr.UploadLayerPartInput{RepositoryName: p("repo"), UploadId: p(uploadID), PartFirstByte: p[int64](-1)},
		msg("partFirstByte", "Member must have value greater than or equal to 0")},
	{"upload id not a UUID", &ecr.UploadLayerPartInput{RepositoryName: p("repo"), UploadId: p("upload-1")},
		msg("uploadId", "must satisfy regular expression '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'")},
	{"CompleteLayerUpload no digests", &ecr.CompleteLayerUploadInput{RepositoryName: p("repo"), UploadId: p(uploadID), LayerDigests: []string{}},
		msg("layerDigests", "Member must have length greater than or equal to 1")},
	{"CompleteLayerUpload malformed digest", &ecr.CompleteLayerUploadInput{RepositoryName: p("repo"), UploadId: p(uploadID), LayerDigests: []string{digest, "sha256"}},
		msg("layerDigests[1]", "must satisfy regular expression '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'")},
	{"GetDownloadUrlForLayer malformed digest", &ecr.GetDownloadUrlForLayerInput{RepositoryName: p("repo"), LayerDigest: p("sha256:xyz")},
		msg("layerDigest", "must satisfy regular expression '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'")},
	{"BatchCheckLayerAvailability 101 digests", &ecr.BatchCheckLayerAvailabilityInput{RepositoryName: p("repo"), LayerDigests: strs(101, digest)},
		msg("layerDigests", "Member must have length less than or equal to 100")},
	{"BatchCheckLayerAvailability empty digests", &ecr.BatchCheckLayerAvailabilityInput{RepositoryName: p("repo"), LayerDigests: []string{}},
		msg("layerDigests", "Member must have length greater than or equal to 1")},
	{"BatchCheckLayerAvailability bad digest items are per-item failures", &ecr.BatchCheckLayerAvailabilityInput{RepositoryName: p("repo"), LayerDigests: []string{"", "nope", strings.Repeat("a", 1001)}}, ""},

	// images
	{"empty imageIds", &ecr.BatchGetImageInput{RepositoryName: p("repo"), ImageIds: []types.ImageIdentifier{}},
		"Invalid parameter at 'imageIds' failed to satisfy constraint: 'Member must have length greater than or equal to 1'"},
	{"BatchDeleteImage 101 imageIds", &ecr.BatchDeleteImageInput{RepositoryName: p("repo"), ImageIds: imageIDs(101)},
		msg("imageIds", "Member must have length less than or equal to 100")},
	{"BatchGetImage bad ids are per-item failures", &ecr.BatchGetImageInput{RepositoryName: p("repo"), ImageIds: []types.ImageIdentifier{{ImageTag: p("bad tag")}, {ImageTag: p("")}, {}}}, ""},
	{"BatchDeleteImage bad ids are per-item failures", &ecr.BatchDeleteImageInput{RepositoryName: p("repo"), ImageIds: []types.ImageIdentifier{{ImageTag: p(strings.Repeat("t", 301))}}}, ""},
	{"BatchGetImage no media types", &ecr.BatchGetImageInput{RepositoryName: p("repo"), ImageIds: imageIDs(1), AcceptedMediaTypes: []string{}},
		msg("acceptedMediaTypes", "Member must have length greater than or equal to 1")},
	{"PutImage bad tag", &ecr.PutImageInput{RepositoryName: p("repo"), ImageManifest: p("{}"), ImageTag: p("bad tag")},
		"Invalid parameter at 'imageTag' failed to satisfy constraint: 'must satisfy regular expression '[a-zA-Z0-9-_.]+''"},
	{"PutImage tag 301 characters", &ecr.PutImageInput{RepositoryName: p("repo"), ImageManifest: p("{}"), ImageTag: p(strings.Repeat("t", 301))},
		msg("imageTag", "must have length less than or equal to 300")},
	{"PutImage tag 300 characters, leading dash", &ecr.PutImageInput{RepositoryName: p("repo"), ImageManifest: p("{}"), ImageTag: p("-" + strings.Repeat("t", 299))}, ""},
	{"PutImage empty tag", &ecr.PutImageInput{RepositoryName: p("repo"), ImageManifest: p("{}"), ImageTag: p("")},
		msg("imageTag", "must have length greater than or equal to 1")},
	{"PutImage empty manifest", &ecr.PutImageInput{RepositoryName: p("repo"), ImageManifest: p("")},
		msg("imageManifest", "must have length greater than or equal to 1")},
	{"PutImage manifest over 4 MiB", &ecr.PutImageInput{RepositoryName: p("repo"), ImageManifest: p(strings.Repeat(" ", 4194305))},
		msg("imageManifest", "must have length less than or equal to 4194304")},
	{"PutImage first violation wins (declaration order)", &ecr.PutImageInput{RegistryId: p("1"), RepositoryName: p("A"), ImageTag: p("bad tag")},
		msg("registryId", "must satisfy regular expression '[0-9]{12}'")},
	{"DescribeImages nested tag", &ecr.DescribeImagesInput{RepositoryName: p("repo"), ImageIds: []types.ImageIdentifier{{ImageTag: p("ok")}, {ImageTag: p("no/slash")}}},
		msg("imageIds[1].imageTag", "must satisfy regular expression '[a-zA-Z0-9-_.]+'")},
	{"DescribeImages filter tagStatus lowercase", &ecr.DescribeImagesInput{RepositoryName: p("repo"), Filter: &types.DescribeImagesFilter{TagStatus: "tagged"}},
		msg("filter.tagStatus", "Member must satisfy enum value set: [TAGGED, UNTAGGED, ANY]")},
	{"ListImages filter imageStatus", &ecr.ListImagesInput{RepositoryName: p("repo"), Filter: &types.ListImagesFilter{ImageStatus: "archived"}},
		msg("filter.imageStatus", "Member must satisfy enum value set: [ACTIVE, ARCHIVED, ACTIVATING, ANY]")},
	{"StartImageScan empty tag", &ecr.StartImageScanInput{RepositoryName: p("repo"), ImageId: &types.ImageIdentifier{ImageTag: p("")}},
		msg("imageId.imageTag", "must have length greater than or equal to 1")},
	{"GetLifecyclePolicyPreview 101 imageIds", &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: p("repo"), ImageIds: imageIDs(101)},
		msg("imageIds", "Member must have length less than or equal to 100")},
	{"UpdateImageStorageClass lowercase class", &ecr.UpdateImageStorageClassInput{RepositoryName: p("repo"), ImageId: &types.ImageIdentifier{ImageDigest: p(digest)}, TargetStorageClass: "archive"},
		msg("targetStorageClass", "Member must satisfy enum value set: [STANDARD, ARCHIVE]")},
	{"ListImageReferrers 6 artifact types", &ecr.ListImageReferrersInput{RepositoryName: p("repo"), SubjectId: &types.SubjectIdentifier{ImageDigest: p(digest)}, Filter: &types.ListImageReferrersFilter{ArtifactTypes: strs(6, "a/b")}},
		msg("filter.artifactTypes", "Member must have length less than or equal to 5")},
	{"ListImageReferrers empty artifact type", &ecr.ListImageReferrersInput{RepositoryName: p("repo"), Filter: &types.ListImageReferrersFilter{ArtifactTypes: []string{""}}},
		msg("filter.artifactTypes[0]", "must have length greater than or equal to 1")},
	{"ListImageReferrers artifactStatus", &ecr.ListImageReferrersInput{RepositoryName: p("repo"), Filter: &types.ListImageReferrersFilter{ArtifactStatus: "Active"}},
		msg("filter.artifactStatus", "Member must satisfy enum value set: [ACTIVE, ARCHIVED, ACTIVATING, ANY]")},

	// repository settings
	{"enum imageTagMutability lowercase", &ecr.CreateRepositoryInput{RepositoryName: p("repo"), ImageTagMutability: "mutable"},
		msg("imageTagMutability", "Member must satisfy enum value set: [MUTABLE, IMMUTABLE, IMMUTABLE_WITH_EXCLUSION, MUTABLE_WITH_EXCLUSION]")},
	{"PutImageTagMutability unknown value", &ecr.PutImageTagMutabilityInput{RepositoryName: p("repo"), ImageTagMutability: "LOCKED"},
		msg("imageTagMutability", "Member must satisfy enum value set: [MUTABLE, IMMUTABLE, IMMUTABLE_WITH_EXCLUSION, MUTABLE_WITH_EXCLUSION]")},
	{"exclusion filter pattern", &ecr.CreateRepositoryInput{RepositoryName: p("repo"), ImageTagMutability: types.ImageTagMutabilityImmutableWithExclusion,
		ImageTagMutabilityExclusionFilters: []types.ImageTagMutabilityExclusionFilter{{FilterType: types.ImageTagMutabilityExclusionFilterTypeWildcard, Filter: p("release/*")}}},
		msg("imageTagMutabilityExclusionFilters[0].filter", "must satisfy regular expression '^[0-9a-zA-Z._*-]{1,128}$'")},
	{"exclusion filter type lowercase", &ecr.PutImageTagMutabilityInput{RepositoryName: p("repo"), ImageTagMutability: types.ImageTagMutabilityMutableWithExclusion,
		ImageTagMutabilityExclusionFilters: []types.ImageTagMutabilityExclusionFilter{{FilterType: "wildcard", Filter: p("x")}}},
		msg("imageTagMutabilityExclusionFilters[0].filterType", "Member must satisfy enum value set: [WILDCARD]")},
	{"exclusion filters empty", &ecr.PutImageTagMutabilityInput{RepositoryName: p("repo"), ImageTagMutability: types.ImageTagMutabilityMutable,
		ImageTagMutabilityExclusionFilters: []types.ImageTagMutabilityExclusionFilter{}},
		msg("imageTagMutabilityExclusionFilters", "Member must have length greater than or equal to 1")},
	{"exclusion filters 6", &ecr.CreateRepositoryInput{RepositoryName: p("repo"), ImageTagMutabilityExclusionFilters: exclusionFilters(6)},
		msg("imageTagMutabilityExclusionFilters", "Member must have length less than or equal to 5")},
	{"exclusion filter 129 characters", &ecr.CreateRepositoryInput{RepositoryName: p("repo"),
		ImageTagMutabilityExclusionFilters: []types.ImageTagMutabilityExclusionFilter{{FilterType: types.ImageTagMutabilityExclusionFilterTypeWildcard, Filter: p(strings.Repeat("a", 129))}}},
		msg("imageTagMutabilityExclusionFilters[0].filter", "must have length less than or equal to 128")},
	{"encryption type lowercase", &ecr.CreateRepositoryInput{RepositoryName: p("repo"), EncryptionConfiguration: &types.EncryptionConfiguration{EncryptionType: "aes256"}},
		msg("encryptionConfiguration.encryptionType", "Member must satisfy enum value set: [AES256, KMS, KMS_DSSE]")},
	{"encryption kmsKey empty", &ecr.CreateRepositoryInput{RepositoryName: p("repo"), EncryptionConfiguration: &types.EncryptionConfiguration{EncryptionType: types.EncryptionTypeKms, KmsKey: p("")}},
		msg("encryptionConfiguration.kmsKey", "must have length greater than or equal to 1")},
	{"lifecycle policy 99 characters", &ecr.PutLifecyclePolicyInput{RepositoryName: p("repo"), LifecyclePolicyText: p(strings.Repeat("x", 99))},
		msg("lifecyclePolicyText", "must have length greater than or equal to 100")},
	{"lifecycle preview policy 30721 characters", &ecr.StartLifecyclePolicyPreviewInput{RepositoryName: p("repo"), LifecyclePolicyText: p(strings.Repeat("x", 30721))},
		msg("lifecyclePolicyText", "must have length less than or equal to 30720")},
	{"repository policy 10241 characters", &ecr.SetRepositoryPolicyInput{RepositoryName: p("repo"), PolicyText: p(strings.Repeat("x", 10241))},
		msg("policyText", "must have length less than or equal to 10240")},
	{"repository policy empty", &ecr.SetRepositoryPolicyInput{RepositoryName: p("repo"), PolicyText: p("")}, ""},
	{"registry policy 10241 characters", &ecr.PutRegistryPolicyInput{PolicyText: p(strings.Repeat("x", 10241))},
		msg("policyText", "must have length less than or equal to 10240")},

	// tags and ARNs: the state layer decides
	{"tag key empty is not checked here", &ecr.TagResourceInput{ResourceArn: p(repoArn), Tags: []types.Tag{{Key: p(""), Value: p("")}}}, ""},
	{"untag key empty is not checked here", &ecr.UntagResourceInput{ResourceArn: p(repoArn), TagKeys: []string{""}}, ""},
	{"CreateRepository tag key not checked here", &ecr.CreateRepositoryInput{RepositoryName: p("repo"), Tags: []types.Tag{{Key: p(strings.Repeat("k", 200)), Value: p("v")}}}, ""},
	{"resourceArn not checked here", &ecr.ListTagsForResourceInput{ResourceArn: p("not-an-arn")}, ""},

	// replication, scanning, signing
	{"replication region uppercase", replication(types.ReplicationRule{Destinations: []types.ReplicationDestination{
		{Region: p("us-west-2"), RegistryId: p(account)}, {Region: p("US_EAST_1"), RegistryId: p(account)}}}),
		msg("replicationConfiguration.rules[0].destinations[1].region", "must satisfy regular expression '[0-9a-z-]{2,25}'")},
	{"replication region too long", replication(types.ReplicationRule{Destinations: []types.ReplicationDestination{{Region: p(strings.Repeat("a", 26)), RegistryId: p(account)}}}),
		msg("replicationConfiguration.rules[0].destinations[0].region", "must have length less than or equal to 25")},
	{"replication destination registry id", replication(types.ReplicationRule{}, types.ReplicationRule{Destinations: []types.ReplicationDestination{{Region: p("eu-west-1"), RegistryId: p("x")}}}),
		msg("replicationConfiguration.rules[1].destinations[0].registryId", "must satisfy regular expression '[0-9]{12}'")},
	{"replication 11 rules", replication(make([]types.ReplicationRule, 11)...),
		msg("replicationConfiguration.rules", "Member must have length less than or equal to 10")},
	{"replication empty rules", replication(), ""},
	{"replication filter too short", replication(types.ReplicationRule{RepositoryFilters: []types.RepositoryFilter{{Filter: p("a"), FilterType: types.RepositoryFilterTypePrefixMatch}}}),
		msg("replicationConfiguration.rules[0].repositoryFilters[0].filter", "must have length greater than or equal to 2")},
	{"replication filter type", replication(types.ReplicationRule{RepositoryFilters: []types.RepositoryFilter{{Filter: p("prod"), FilterType: "PREFIX"}}}),
		msg("replicationConfiguration.rules[0].repositoryFilters[0].filterType", "Member must satisfy enum value set: [PREFIX_MATCH]")},
	{"replication filters empty", replication(types.ReplicationRule{RepositoryFilters: []types.RepositoryFilter{}}),
		msg("replicationConfiguration.rules[0].repositoryFilters", "Member must have length greater than or equal to 1")},
	{"scan type lowercase", &ecr.PutRegistryScanningConfigurationInput{ScanType: "enhanced"},
		msg("scanType", "Member must satisfy enum value set: [BASIC, ENHANCED]")},
	{"scanning 3 rules", &ecr.PutRegistryScanningConfigurationInput{Rules: make([]types.RegistryScanningRule, 3)},
		msg("rules", "Member must have length less than or equal to 2")},
	{"scanning frequency", &ecr.PutRegistryScanningConfigurationInput{Rules: []types.RegistryScanningRule{scanningRule("DAILY", "*")}},
		msg("rules[0].scanFrequency", "Member must satisfy enum value set: [SCAN_ON_PUSH, CONTINUOUS_SCAN, MANUAL]")},
	{"scanning filter pattern", &ecr.PutRegistryScanningConfigurationInput{Rules: []types.RegistryScanningRule{scanningRule(types.ScanFrequencyScanOnPush, "prod/*"), scanningRule(types.ScanFrequencyManual, "Prod")}},
		msg("rules[1].repositoryFilters[0].filter", "must satisfy regular expression '^[a-z0-9*](?:[._\\-/a-z0-9*]?[a-z0-9*]+)*$'")},
	{"signing profile ARN", &ecr.PutSigningConfigurationInput{SigningConfiguration: &types.SigningConfiguration{Rules: []types.SigningRule{{SigningProfileArn: p("arn:aws:signer:us-east-1:123456789012:signing-profiles/x")}}}},
		msg("signingConfiguration.rules[0].signingProfileArn", "must satisfy regular expression '^arn:aws(-[a-z]+)*:signer:[a-z0-9-]+:[0-9]{12}:\\/signing-profiles\\/[a-zA-Z0-9_]{2,}$'")},
	{"signing filter type", &ecr.PutSigningConfigurationInput{SigningConfiguration: &types.SigningConfiguration{Rules: []types.SigningRule{{SigningProfileArn: p(signerArn),
		RepositoryFilters: []types.SigningRepositoryFilter{{Filter: p("prod-*"), FilterType: "WILDCARD"}}}}}},
		msg("signingConfiguration.rules[0].repositoryFilters[0].filterType", "Member must satisfy enum value set: [WILDCARD_MATCH]")},
	{"signing 11 rules", &ecr.PutSigningConfigurationInput{SigningConfiguration: &types.SigningConfiguration{Rules: make([]types.SigningRule, 11)}},
		msg("signingConfiguration.rules", "Member must have length less than or equal to 10")},
	{"pull-time exclusion principal", &ecr.RegisterPullTimeUpdateExclusionInput{PrincipalArn: p("arn:aws:iam::123456789012:group/devs")},
		msg("principalArn", "must satisfy regular expression '^arn:aws(-[a-z]+)*:iam::[0-9]{12}:(role|user)/[\\w+=,.@-]+(/[\\w+=,.@-]+)*$'")},
	{"pull-time exclusion principal too long", &ecr.DeregisterPullTimeUpdateExclusionInput{PrincipalArn: p(roleArn + strings.Repeat("x", 200))},
		msg("principalArn", "must have length less than or equal to 200")},

	// pull-through cache, templates, account settings
	{"pull-through prefix too short", &ecr.CreatePullThroughCacheRuleInput{EcrRepositoryPrefix: p("a"), UpstreamRegistryUrl: p("public.ecr.aws")},
		msg("ecrRepositoryPrefix", "must have length greater than or equal to 2")},
	{"pull-through prefix pattern", &ecr.DeletePullThroughCacheRuleInput{EcrRepositoryPrefix: p("Hub")},
		msg("ecrRepositoryPrefix", "must satisfy regular expression '^([a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*\\/?|ROOT)$'")},
	{"pull-through prefix ROOT", &ecr.ValidatePullThroughCacheRuleInput{EcrRepositoryPrefix: p("ROOT")}, ""},
	{"pull-through prefix trailing slash", &ecr.ValidatePullThroughCacheRuleInput{EcrRepositoryPrefix: p("hub/")}, ""},
	{"upstream registry enum", &ecr.CreatePullThroughCacheRuleInput{EcrRepositoryPrefix: p("hub"), UpstreamRegistryUrl: p("registry-1.docker.io"), UpstreamRegistry: "dockerhub"},
		msg("upstreamRegistry", "Member must satisfy enum value set: [ecr, ecr-public, quay, k8s, docker-hub, github-container-registry, azure-container-registry, gitlab-container-registry, chainguard]")},
	{"credential ARN too short", &ecr.UpdatePullThroughCacheRuleInput{EcrRepositoryPrefix: p("hub"), CredentialArn: p("arn:aws:secretsmanager")},
		msg("credentialArn", "must have length greater than or equal to 50")},
	{"credential ARN without ecr-pullthroughcache/", &ecr.UpdatePullThroughCacheRuleInput{EcrRepositoryPrefix: p("hub"), CredentialArn: p("arn:aws:secretsmanager:us-east-1:123456789012:secret:other/docker-hub")},
		msg("credentialArn", "must satisfy regular expression '^arn:aws(-\\w+)*:secretsmanager:[a-zA-Z0-9-:]+:secret:ecr\\-pullthroughcache\\/[a-zA-Z0-9\\/_+=.@-]+$'")},
	{"custom role ARN too long", &ecr.CreatePullThroughCacheRuleInput{EcrRepositoryPrefix: p("hub"), CustomRoleArn: p(strings.Repeat("r", 2049))},
		msg("customRoleArn", "must have length less than or equal to 2048")},
	{"pull-through prefixes empty", &ecr.DescribePullThroughCacheRulesInput{EcrRepositoryPrefixes: []string{}},
		msg("ecrRepositoryPrefixes", "Member must have length greater than or equal to 1")},
	{"template prefix uppercase", &ecr.CreateRepositoryCreationTemplateInput{Prefix: p("Prod"), AppliedFor: []types.RCTAppliedFor{types.RCTAppliedForReplication}},
		msg("prefix", "must satisfy regular expression '^([a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*\\/?|ROOT)$'")},
	{"template description 257", &ecr.UpdateRepositoryCreationTemplateInput{Prefix: p("prod"), Description: p(strings.Repeat("d", 257))},
		msg("description", "must have length less than or equal to 256")},
	{"template appliedFor lowercase", &ecr.CreateRepositoryCreationTemplateInput{Prefix: p("prod"), AppliedFor: []types.RCTAppliedFor{types.RCTAppliedForReplication, "pull_through_cache"}},
		msg("appliedFor[1]", "Member must satisfy enum value set: [REPLICATION, PULL_THROUGH_CACHE, CREATE_ON_PUSH]")},
	{"template appliedFor empty element", &ecr.CreateRepositoryCreationTemplateInput{Prefix: p("prod"), AppliedFor: []types.RCTAppliedFor{""}},
		msg("appliedFor[0]", "Member must satisfy enum value set: [REPLICATION, PULL_THROUGH_CACHE, CREATE_ON_PUSH]")},
	{"template kms key not an ARN", &ecr.CreateRepositoryCreationTemplateInput{Prefix: p("prod"), EncryptionConfiguration: &types.EncryptionConfigurationForRepositoryCreationTemplate{EncryptionType: types.EncryptionTypeKms, KmsKey: p("alias/mine")}},
		msg("encryptionConfiguration.kmsKey", "must satisfy regular expression '^$|arn:aws[a-z0-9-]*:kms:[a-z0-9-]+:[0-9]{12}:key\\/[a-z0-9-]+'")},
	{"template kms key empty", &ecr.UpdateRepositoryCreationTemplateInput{Prefix: p("prod"), EncryptionConfiguration: &types.EncryptionConfigurationForRepositoryCreationTemplate{EncryptionType: types.EncryptionTypeKms, KmsKey: p("")}}, ""},
	{"template lifecycle policy 30721", &ecr.UpdateRepositoryCreationTemplateInput{Prefix: p("prod"), LifecyclePolicy: p(strings.Repeat("x", 30721))},
		msg("lifecyclePolicy", "must have length less than or equal to 30720")},
	{"template prefix empty", &ecr.DeleteRepositoryCreationTemplateInput{Prefix: p("")},
		msg("prefix", "must have length greater than or equal to 1")},
	{"template prefixes bad entry", &ecr.DescribeRepositoryCreationTemplatesInput{Prefixes: []string{"ROOT", "a//b"}},
		msg("prefixes[1]", "must satisfy regular expression '^([a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*\\/?|ROOT)$'")},
	{"account setting name empty", &ecr.GetAccountSettingInput{Name: p("")},
		msg("name", "must have length greater than or equal to 1")},
	{"account setting name 65 code points", &ecr.PutAccountSettingInput{Name: p(strings.Repeat("é", 65)), Value: p("x")},
		msg("name", "must have length less than or equal to 64")},
	{"account setting name 64 code points in 128 bytes", &ecr.PutAccountSettingInput{Name: p(strings.Repeat("é", 64)), Value: p("x")}, ""},

	// replication backfill (supplement)
	{"backfill destination region", &ecr.StartReplicationBackfillInput{Destination: &types.ReplicationDestination{Region: p("x"), RegistryId: p(account)}},
		msg("destination.region", "must have length greater than or equal to 2")},
	{"backfill registry id", &ecr.StopReplicationBackfillInput{RegistryId: p("123"), ReplicationBackfillId: p("b")},
		msg("registryId", "must satisfy regular expression '[0-9]{12}'")},
	{"backfill result status lowercase", &ecr.DescribeReplicationBackfillResultsInput{ReplicationBackfillId: p("b"), ResultStatusFilter: "complete"},
		msg("resultStatusFilter", "Member must satisfy enum value set: [COMPLETE, FAILED]")},
}

type violationCase = struct {
	name string
	in   any
	want string // "" when valid
}

func TestCheckViolations(t *testing.T) {
	requireViolations[types.InvalidParameterException](t, violationCases)
}

// requireViolations runs cases through Check: each wants nil or the
// exception E (ECR's or ECR Public's InvalidParameterException) with the
// given message.
func requireViolations[E any, PE interface {
	*E
	smithy.APIError
}](t *testing.T, cases []violationCase) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := Check(tc.in)
			if tc.want == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			var ipe PE
			require.True(t, errors.As(err, &ipe), "want %T, got %T", ipe, err)
			assert.Equal(t, tc.want, ipe.ErrorMessage())
			assert.Equal(t, "InvalidParameterException", ipe.ErrorCode())
			assert.Equal(t, smithy.FaultClient, ipe.ErrorFault())
		})
	}
}

// validInputs fills every constrained member of every operation with a valid
// value, boundary values included.
func validInputs() []any {
	repo, reg := p("project-a/nginx-web-app"), p(account)
	tags := []types.Tag{{Key: p("team"), Value: p("")}}
	filters := exclusionFilters(5)
	enc := &types.EncryptionConfiguration{EncryptionType: types.EncryptionTypeKms, KmsKey: p(kmsArn)}
	tmplEnc := &types.EncryptionConfigurationForRepositoryCreationTemplate{EncryptionType: types.EncryptionTypeKmsDsse, KmsKey: p(kmsArn)}
	id := &types.ImageIdentifier{ImageDigest: p(digest), ImageTag: p("v1.2.3")}
	ids := []types.ImageIdentifier{*id, {ImageTag: p("latest")}}
	dest := types.ReplicationDestination{Region: p("eu-west-1"), RegistryId: reg}
	return []any{
		&ecr.BatchCheckLayerAvailabilityInput{RegistryId: reg, RepositoryName: repo, LayerDigests: []string{digest}},
		&ecr.BatchDeleteImageInput{RegistryId: reg, RepositoryName: repo, ImageIds: imageIDs(100)},
		&ecr.BatchGetImageInput{RegistryId: reg, RepositoryName: repo, ImageIds: ids, AcceptedMediaTypes: []string{"application/vnd.oci.image.manifest.v1+json"}},
		&ecr.BatchGetRepositoryScanningConfigurationInput{RepositoryNames: strs(25, "repo")},
		&ecr.CompleteLayerUploadInput{RegistryId: reg, RepositoryName: repo, UploadId: p(uploadID), LayerDigests: strs(100, digest)},
		&ecr.CreatePullThroughCacheRuleInput{EcrRepositoryPrefix: p("docker-hub"), UpstreamRegistryUrl: p("registry-1.docker.io"), RegistryId: reg,
			UpstreamRegistry: types.UpstreamRegistryDockerHub, CredentialArn: p(credArn), CustomRoleArn: p(roleArn), UpstreamRepositoryPrefix: p("ROOT")},
		&ecr.CreateRepositoryInput{RegistryId: reg, RepositoryName: repo, Tags: tags, ImageTagMutability: types.ImageTagMutabilityImmutableWithExclusion,
			ImageTagMutabilityExclusionFilters: filters, ImageScanningConfiguration: &types.ImageScanningConfiguration{ScanOnPush: true}, EncryptionConfiguration: enc},
		&ecr.CreateRepositoryCreationTemplateInput{Prefix: p("prod/"), Description: p(strings.Repeat("d", 256)), EncryptionConfiguration: tmplEnc, ResourceTags: tags,
			ImageTagMutability: types.ImageTagMutabilityMutableWithExclusion, ImageTagMutabilityExclusionFilters: filters, RepositoryPolicy: p("{}"), LifecyclePolicy: p(""),
			AppliedFor: []types.RCTAppliedFor{types.RCTAppliedForReplication, types.RCTAppliedForPullThroughCache, types.RCTAppliedForCreateOnPush}, CustomRoleArn: p(roleArn)},
		&ecr.DeleteLifecyclePolicyInput{RegistryId: reg, RepositoryName: repo},
		&ecr.DeletePullThroughCacheRuleInput{EcrRepositoryPrefix: p("ab"), RegistryId: reg},
		&ecr.DeleteRegistryPolicyInput{},
		&ecr.DeleteRepositoryInput{RegistryId: reg, RepositoryName: repo, Force: true},
		&ecr.DeleteRepositoryCreationTemplateInput{Prefix: p("ROOT")},
		&ecr.DeleteRepositoryPolicyInput{RegistryId: reg, RepositoryName: repo},
		&ecr.DeleteSigningConfigurationInput{},
		&ecr.DeregisterPullTimeUpdateExclusionInput{PrincipalArn: p(roleArn)},
		&ecr.DescribeImageReplicationStatusInput{RepositoryName: repo, ImageId: id, RegistryId: reg},
		&ecr.DescribeImageScanFindingsInput{RegistryId: reg, RepositoryName: repo, ImageId: id, NextToken: p("t"), MaxResults: p[int32](1000)},
		&ecr.DescribeImageSigningStatusInput{RepositoryName: repo, ImageId: id, RegistryId: reg},
		&ecr.DescribeImagesInput{RegistryId: reg, RepositoryName: repo, ImageIds: ids, Filter: &types.DescribeImagesFilter{TagStatus: types.TagStatusAny, ImageStatus: types.ImageStatusFilterArchived}},
		&ecr.DescribePullThroughCacheRulesInput{RegistryId: reg, EcrRepositoryPrefixes: []string{"hub", "ROOT"}, MaxResults: p[int32](1)},
		&ecr.DescribeRegistryInput{},
		&ecr.DescribeReplicationBackfillResultsInput{RegistryId: reg, ReplicationBackfillId: p("b-1"), ResultStatusFilter: types.ReplicationBackfillResultStatusFailed, MaxResults: p[int32](1000)},
		&ecr.DescribeRepositoriesInput{RegistryId: reg, RepositoryNames: strs(100, "repo")},
		&ecr.DescribeRepositoryCreationTemplatesInput{Prefixes: []string{"ROOT", "prod", "team/app"}, MaxResults: p[int32](10)},
		&ecr.GetAccountSettingInput{Name: p("BASIC_SCAN_TYPE_VERSION")},
		&ecr.GetAuthorizationTokenInput{RegistryIds: strs(10, account)},
		&ecr.GetDownloadUrlForLayerInput{RegistryId: reg, RepositoryName: repo, LayerDigest: p(digest)},
		&ecr.GetLifecyclePolicyInput{RegistryId: reg, RepositoryName: repo},
		&ecr.GetLifecyclePolicyPreviewInput{RegistryId: reg, RepositoryName: repo, MaxResults: p[int32](100), Filter: &types.LifecyclePolicyPreviewFilter{TagStatus: types.TagStatusUntagged}},
		&ecr.GetRegistryPolicyInput{},
		&ecr.GetRegistryScanningConfigurationInput{},
		&ecr.GetRepositoryPolicyInput{RegistryId: reg, RepositoryName: repo},
		&ecr.GetSigningConfigurationInput{},
		&ecr.InitiateLayerUploadInput{RegistryId: reg, RepositoryName: repo},
		&ecr.ListImageReferrersInput{RegistryId: reg, RepositoryName: repo, SubjectId: &types.SubjectIdentifier{ImageDigest: p(digest)},
			Filter: &types.ListImageReferrersFilter{ArtifactTypes: strs(5, "application/vnd.dev.sigstore.bundle.v0.3+json"), ArtifactStatus: types.ArtifactStatusFilterAny}, MaxResults: p[int32](50)},
		&ecr.ListImagesInput{RegistryId: reg, RepositoryName: repo, MaxResults: p[int32](1), Filter: &types.ListImagesFilter{TagStatus: types.TagStatusTagged, ImageStatus: types.ImageStatusFilterActive}},
		&ecr.ListPullTimeUpdateExclusionsInput{MaxResults: p[int32](1000)},
		&ecr.ListReplicationBackfillsInput{RegistryId: reg, MaxResults: p[int32](50)},
		&ecr.ListTagsForResourceInput{ResourceArn: p(repoArn)},
		&ecr.PutAccountSettingInput{Name: p("BASIC_SCAN_TYPE_VERSION"), Value: p("AWS_NATIVE")},
		&ecr.PutImageInput{RegistryId: reg, RepositoryName: repo, ImageManifest: p("{}"), ImageManifestMediaType: p("application/vnd.oci.image.manifest.v1+json"), ImageTag: p("v1"), ImageDigest: p(digest)},
		&ecr.PutImageScanningConfigurationInput{RegistryId: reg, RepositoryName: repo, ImageScanningConfiguration: &types.ImageScanningConfiguration{}},
		&ecr.PutImageTagMutabilityInput{RegistryId: reg, RepositoryName: repo, ImageTagMutability: types.ImageTagMutabilityImmutable, ImageTagMutabilityExclusionFilters: filters[:1]},
		&ecr.PutLifecyclePolicyInput{RegistryId: reg, RepositoryName: repo, LifecyclePolicyText: p(lifecycle)},
		&ecr.PutRegistryPolicyInput{PolicyText: p("")},
		&ecr.PutRegistryScanningConfigurationInput{ScanType: types.ScanTypeEnhanced, Rules: []types.RegistryScanningRule{
			scanningRule(types.ScanFrequencyContinuousScan, "prod-*"), {ScanFrequency: types.ScanFrequencyScanOnPush, RepositoryFilters: []types.ScanningRepositoryFilter{}}}},
		replication(types.ReplicationRule{Destinations: []types.ReplicationDestination{dest, {Region: p("ap-southeast-2"), RegistryId: p("210987654321")}},
			RepositoryFilters: []types.RepositoryFilter{{Filter: p("prod/"), FilterType: types.RepositoryFilterTypePrefixMatch}}}, types.ReplicationRule{Destinations: []types.ReplicationDestination{}}),
		&ecr.PutSigningConfigurationInput{SigningConfiguration: &types.SigningConfiguration{Rules: []types.SigningRule{{SigningProfileArn: p(signerArn),
			RepositoryFilters: []types.SigningRepositoryFilter{{Filter: p("prod-*/app"), FilterType: types.SigningRepositoryFilterTypeWildcardMatch}}}}}},
		&ecr.RegisterPullTimeUpdateExclusionInput{PrincipalArn: p("arn:aws-cn:iam::123456789012:user/path/ci")},
		&ecr.SetRepositoryPolicyInput{RegistryId: reg, RepositoryName: repo, PolicyText: p(strings.Repeat("x", 10240)), Force: true},
		&ecr.StartImageScanInput{RegistryId: reg, RepositoryName: repo, ImageId: id},
		&ecr.StartLifecyclePolicyPreviewInput{RegistryId: reg, RepositoryName: repo, LifecyclePolicyText: p(strings.Repeat("x", 30720))},
		&ecr.StartReplicationBackfillInput{Destination: &dest, RegistryId: reg},
		&ecr.StopReplicationBackfillInput{ReplicationBackfillId: p("b-1"), RegistryId: reg},
		&ecr.TagResourceInput{ResourceArn: p(repoArn), Tags: tags},
		&ecr.UntagResourceInput{ResourceArn: p(repoArn), TagKeys: []string{"team"}},
		&ecr.UpdateImageStorageClassInput{RegistryId: reg, RepositoryName: repo, ImageId: id, TargetStorageClass: types.TargetStorageClassArchive},
		&ecr.UpdatePullThroughCacheRuleInput{RegistryId: reg, EcrRepositoryPrefix: p(strings.Repeat("a", 30)), CredentialArn: p(credArn), CustomRoleArn: p("")},
		&ecr.UpdateRepositoryCreationTemplateInput{Prefix: p("prod"), Description: p(""), EncryptionConfiguration: &types.EncryptionConfigurationForRepositoryCreationTemplate{EncryptionType: types.EncryptionTypeAes256},
			ImageTagMutability: types.ImageTagMutabilityMutable, AppliedFor: []types.RCTAppliedFor{}},
		&ecr.UploadLayerPartInput{RegistryId: reg, RepositoryName: repo, UploadId: p(uploadID), PartFirstByte: p[int64](0), PartLastByte: p[int64](3), LayerPartBlob: []byte("abcd")},
		&ecr.ValidatePullThroughCacheRuleInput{EcrRepositoryPrefix: p("ecr-public"), RegistryId: reg},
	}
}

// operationInputs lists the input type of every *ecr.Client operation.
func operationInputs(t *testing.T) map[string]reflect.Type {
	t.Helper()
	out := map[string]reflect.Type{}
	ct := reflect.TypeFor[*ecr.Client]()
	for i := range ct.NumMethod() {
		m := ct.Method(i)
		if m.Name == "Options" {
			continue
		}
		out[m.Name] = m.Type.In(2)
	}
	require.Len(t, out, 62)
	return out
}

func TestCheckValidInputs(t *testing.T) {
	seen := map[reflect.Type]bool{}
	for _, in := range validInputs() {
		typ := reflect.TypeOf(in)
		assert.False(t, seen[typ], "two valid inputs of %s", typ)
		seen[typ] = true
		assert.NoError(t, Check(in), "%s", typ)
	}
	for op, typ := range operationInputs(t) {
		assert.True(t, seen[typ], "no valid input for %s", op)
	}
}

func TestCheckHandlesEveryOperation(t *testing.T) {
	for op, typ := range operationInputs(t) {
		zero := reflect.New(typ.Elem()).Interface()
		v, ok := checkInput(zero)
		assert.True(t, ok, "%s: Check does not know %s", op, typ)
		assert.Nil(t, v, "%s: zero input", op)
		v, ok = checkInput(reflect.Zero(typ).Interface()) // typed nil pointer
		assert.True(t, ok, "%s", op)
		assert.Nil(t, v, "%s: nil input", op)
	}
}

func TestCheckOtherValues(t *testing.T) {
	assert.NoError(t, Check(nil))
	assert.NoError(t, Check("repo"))
	assert.NoError(t, Check(ecr.CreateRepositoryInput{RepositoryName: p("A")}), "a struct value is not an operation input")
}

func TestValidInputsDoNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are meaningless under the race detector")
	}
	for _, in := range validInputs() {
		allocs := testing.AllocsPerRun(20, func() {
			if Check(in) != nil {
				t.Fatal("invalid")
			}
		})
		assert.Zero(t, allocs, "%T", in)
	}
}

func TestInvalidParameter(t *testing.T) {
	err := InvalidParameter("ImageManifest", "Invalid JSON syntax")
	assert.Equal(t, "InvalidParameterException: Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'", err.Error())
}
