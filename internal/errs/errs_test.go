package errs

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
)

// The texts public evidence shows real ECR sending, word for word (the
// sources are listed in docs/fidelity.md, "Error texts"). A change here must
// come with evidence.
func TestConfirmedTexts(t *testing.T) {
	const reg, repo = "123456789012", "team/app"
	d := "sha256:" + "ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12"
	cases := []struct {
		name string
		err  smithy.APIError
		code string
		want string
	}{
		{"invalid resource ARN", InvalidResourceARN(), "InvalidParameterException",
			"Invalid parameter at 'resourceArn' failed to satisfy constraint: 'Invalid ARN'"},
		{"exclusion filters missing", ExclusionFiltersRequired(types.ImageTagMutabilityImmutableWithExclusion), "InvalidParameterException",
			"Invalid parameter at 'imageTagMutabilityExclusionFilters' failed to satisfy constraint: " +
				"'ImageTagMutabilityExclusionFilters can't be null when imageTagMutability is set as IMMUTABLE_WITH_EXCLUSION'"},
		{"immutable tag", ImageTagAlreadyExists(repo, "v1"), "ImageTagAlreadyExistsException",
			"The image tag 'v1' already exists in the 'team/app' repository and cannot be overwritten because the tag is immutable."},
		{"unsupported upstream", UnsupportedUpstreamRegistryURL("docker.io"), "UnsupportedUpstreamRegistryException",
			"The upstream registry URL docker.io is invalid. Specify a valid upstream registry URL and try again"},
		{"digest mismatch", ImageDigestDoesNotMatch(reg, repo, d), "ImageDigestDoesNotMatchException",
			"The image with digest '" + d + "' in repository 'team/app' and registry ID '123456789012' does not match the image digest that Amazon ECR has calculated."},
		{"repository not found", RepositoryNotFound(reg, "nope"), "RepositoryNotFoundException",
			"The repository with name 'nope' does not exist in the registry with id '123456789012'"},
		{"repository exists", RepositoryAlreadyExists(reg, "app"), "RepositoryAlreadyExistsException",
			"The repository with name 'app' already exists in the registry with id '123456789012'"},
		{"repository not empty", RepositoryNotEmpty(reg, "app"), "RepositoryNotEmptyException",
			"The repository with name 'app' in registry with id '123456789012' cannot be deleted because it still contains images"},
		{"repository policy not found", RepositoryPolicyNotFound(reg, "app"), "RepositoryPolicyNotFoundException",
			"Repository policy does not exist for the repository with name 'app' in the registry with id '123456789012'"},
		{"lifecycle policy not found", LifecyclePolicyNotFound(reg, "app"), "LifecyclePolicyNotFoundException",
			"Lifecycle policy does not exist for the repository with name 'app' in the registry with id '123456789012'"},
		{"image not found by tag", ImageNotFound(reg, "app", &types.ImageIdentifier{ImageTag: ptr("latest")}), "ImageNotFoundException",
			"The image with imageId {imageDigest:'null', imageTag:'latest'} does not exist within the repository with name 'app' in the registry with id '123456789012'"},
		{"scan not found", ScanNotFound(reg, "app", &types.ImageIdentifier{ImageDigest: &d}), "ScanNotFoundException",
			"Image scan does not exist for the image with '{imageDigest:'" + d + "', imageTag:'null'}' in the repository with name 'app' in the registry with id '123456789012'"},
		{"image already exists", ImageAlreadyExists(reg, repo, d, ptr("v1")), "ImageAlreadyExistsException",
			"Image with digest '" + d + "' and tag 'v1' already exists in the repository with name 'team/app' in registry with id '123456789012'"},
		{"tags per image", TagsPerImageLimit(reg, repo, "t", 1000), "LimitExceededException",
			"Adding tag 't' to an image in the repository with name 'team/app' in registry with id '123456789012' exceeds the maximum allowed number of tags per image which is '1000'"},
		{"layer not found", LayerNotFound(reg, repo, d), "LayersNotFoundException",
			"The layer with digest " + d + " does not exist within the repository with name 'team/app' in the registry with id '123456789012'"},
		{"empty upload", EmptyUpload(reg, repo, "u-1"), "EmptyUploadException",
			"The upload with id 'u-1' in the repository with name 'team/app' in registry with id '123456789012' cannot be completed because it does not have any parts"},
		{"layer digest", InvalidLayerDigest(), "InvalidLayerException", "None of the provided layer digests match the calculated layer digest"},
		{"scan quota", ScanQuotaPerImage(), "LimitExceededException", "The scan quota per image has been exceeded. Wait and try again."},
		{"layers per image", LayersPerImageLimit(), "InvalidParameterException",
			"Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Limit on number of layers per image exceeded'"},
		{"repository policy", InvalidRepositoryPolicy(), "InvalidParameterException",
			"Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.code, tc.err.ErrorCode())
			assert.Equal(t, tc.want, tc.err.ErrorMessage())
		})
	}
}

func ptr(s string) *string { return &s }
