package ecrfake_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// apiError asserts err carries an ECR exception of code and returns it.
func apiError(t *testing.T, err error, code string) smithy.APIError {
	t.Helper()
	var ae smithy.APIError
	require.Truef(t, errors.As(err, &ae), "want %s, got %v", code, err)
	require.Equal(t, code, ae.ErrorCode(), err.Error())
	return ae
}

func TestCreateRepositoryReportsTheFullShape(t *testing.T) {
	f, _, ctx := newFake(t, ecrfake.WithAccountID("210987654321"), ecrfake.WithRegion("eu-west-1"))
	out, err := f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("team/app")})
	require.NoError(t, err)
	r := out.Repository
	assert.Equal(t, "arn:aws:ecr:eu-west-1:210987654321:repository/team/app", *r.RepositoryArn)
	assert.Equal(t, "210987654321.dkr.ecr.eu-west-1.amazonaws.com/team/app", *r.RepositoryUri)
	assert.Equal(t, "210987654321", *r.RegistryId)
	assert.Equal(t, epoch, *r.CreatedAt)
	assert.Equal(t, types.ImageTagMutabilityMutable, r.ImageTagMutability)
	assert.Nil(t, r.ImageTagMutabilityExclusionFilters)
	assert.Equal(t, &types.ImageScanningConfiguration{ScanOnPush: false}, r.ImageScanningConfiguration)
	assert.Equal(t, &types.EncryptionConfiguration{EncryptionType: types.EncryptionTypeAes256}, r.EncryptionConfiguration)

	_, err = f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("team/app")})
	ae := apiError(t, err, "RepositoryAlreadyExistsException")
	assert.Equal(t, "The repository with name 'team/app' already exists in the registry with id '210987654321'", ae.ErrorMessage())
}

func TestCreateRepositoryRules(t *testing.T) {
	filters := []types.ImageTagMutabilityExclusionFilter{{Filter: aws.String("latest"), FilterType: types.ImageTagMutabilityExclusionFilterTypeWildcard}}
	tags := func(n int) []types.Tag {
		out := make([]types.Tag, n)
		for i := range out {
			out[i] = types.Tag{Key: aws.String(fmt.Sprintf("k%02d", i)), Value: aws.String("v")}
		}
		return out
	}
	for _, tc := range []struct {
		name string
		in   ecr.CreateRepositoryInput
		code string
	}{
		{"filters need an exclusion mode", ecr.CreateRepositoryInput{ImageTagMutability: types.ImageTagMutabilityImmutable, ImageTagMutabilityExclusionFilters: filters}, "InvalidParameterException"},
		{"exclusion mode needs filters", ecr.CreateRepositoryInput{ImageTagMutability: types.ImageTagMutabilityImmutableWithExclusion}, "InvalidParameterException"},
		{"exclusion mode with filters", ecr.CreateRepositoryInput{ImageTagMutability: types.ImageTagMutabilityMutableWithExclusion, ImageTagMutabilityExclusionFilters: filters}, ""},
		{"kms key needs KMS", ecr.CreateRepositoryInput{EncryptionConfiguration: &types.EncryptionConfiguration{EncryptionType: types.EncryptionTypeAes256, KmsKey: aws.String("arn:aws:kms:us-east-1:123456789012:key/k")}}, "InvalidParameterException"},
		{"kms with key", ecr.CreateRepositoryInput{EncryptionConfiguration: &types.EncryptionConfiguration{EncryptionType: types.EncryptionTypeKms, KmsKey: aws.String("arn:aws:kms:us-east-1:123456789012:key/k")}}, ""},
		{"50 tags", ecr.CreateRepositoryInput{Tags: tags(50)}, ""},
		{"51 tags", ecr.CreateRepositoryInput{Tags: tags(51)}, "TooManyTagsException"},
		{"reserved tag prefix", ecr.CreateRepositoryInput{Tags: []types.Tag{{Key: aws.String("aws:x"), Value: aws.String("v")}}}, "InvalidTagParameterException"},
		{"duplicate tag key", ecr.CreateRepositoryInput{Tags: []types.Tag{{Key: aws.String("a"), Value: aws.String("1")}, {Key: aws.String("a"), Value: aws.String("2")}}}, "InvalidTagParameterException"},
		{"empty tag value is allowed", ecr.CreateRepositoryInput{Tags: []types.Tag{{Key: aws.String("a"), Value: aws.String("")}}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, _, ctx := newFake(t)
			in := tc.in
			in.RepositoryName = aws.String("repo")
			_, err := f.CreateRepository(ctx, &in)
			if tc.code == "" {
				require.NoError(t, err)
				return
			}
			apiError(t, err, tc.code)
			_, err = f.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{RepositoryNames: []string{"repo"}})
			apiError(t, err, "RepositoryNotFoundException") // a failed call changes nothing
		})
	}
}

func TestRepositoryLimit(t *testing.T) {
	f, _, ctx := newFake(t, ecrfake.WithLimits(ecrfake.Limits{MaxRepositories: 2}))
	createRepo(t, f, "a1")
	createRepo(t, f, "a2")
	_, err := f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("a3")})
	apiError(t, err, "LimitExceededException")
}

func TestDescribeRepositoriesByName(t *testing.T) {
	f, _, ctx := newFake(t)
	for _, n := range []string{"bb", "aa", "cc"} {
		createRepo(t, f, n)
	}
	out, err := f.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{RepositoryNames: []string{"cc", "aa", "cc"}})
	require.NoError(t, err)
	require.Len(t, out.Repositories, 2, "duplicates collapse")
	assert.Equal(t, "cc", *out.Repositories[0].RepositoryName)
	assert.Equal(t, "aa", *out.Repositories[1].RepositoryName)

	_, err = f.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{RepositoryNames: []string{"aa", "zz"}})
	ae := apiError(t, err, "RepositoryNotFoundException")
	assert.Equal(t, "The repository with name 'zz' does not exist in the registry with id '123456789012'", ae.ErrorMessage())

	_, err = f.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{RepositoryNames: []string{"aa"}, MaxResults: aws.Int32(5)})
	apiError(t, err, "InvalidParameterException")

	_, err = f.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{RegistryId: aws.String("999999999999"), RepositoryNames: []string{"aa"}})
	ae = apiError(t, err, "RepositoryNotFoundException")
	assert.Contains(t, ae.ErrorMessage(), "'999999999999'")
}

func TestDescribeRepositoriesPaginatesInNameOrder(t *testing.T) {
	f, _, ctx := newFake(t)
	var want []string
	for i := 24; i >= 0; i-- {
		createRepo(t, f, fmt.Sprintf("repo-%02d", i))
	}
	for i := range 25 {
		want = append(want, fmt.Sprintf("repo-%02d", i))
	}
	p := ecr.NewDescribeRepositoriesPaginator(f, &ecr.DescribeRepositoriesInput{MaxResults: aws.Int32(10)})
	var got, tokens []string
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		require.NoError(t, err)
		for _, r := range page.Repositories {
			got = append(got, *r.RepositoryName)
		}
		if page.NextToken != nil {
			require.NotEmpty(t, *page.NextToken)
			tokens = append(tokens, *page.NextToken)
		}
	}
	assert.Equal(t, want, got)
	assert.Len(t, tokens, 2)
	assert.NotEqual(t, tokens[0], tokens[1])

	// Default page size is 100, and the last page carries no token.
	out, err := f.DescribeRepositories(ctx, nil)
	require.NoError(t, err)
	assert.Len(t, out.Repositories, 25)
	assert.Nil(t, out.NextToken)
}

func TestDescribeRepositoriesTokenSurvivesConcurrentChanges(t *testing.T) {
	f, _, ctx := newFake(t)
	for _, n := range []string{"aa", "cc", "ee", "gg"} {
		createRepo(t, f, n)
	}
	first, err := f.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{MaxResults: aws.Int32(2)})
	require.NoError(t, err)
	require.Equal(t, []string{"aa", "cc"}, repoNames(first.Repositories))
	createRepo(t, f, "bb") // before the cursor: not seen, not duplicated
	createRepo(t, f, "dd") // after the cursor: seen
	_, err = f.DeleteRepository(ctx, &ecr.DeleteRepositoryInput{RepositoryName: aws.String("cc")})
	require.NoError(t, err)
	rest, err := f.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{MaxResults: aws.Int32(10), NextToken: first.NextToken})
	require.NoError(t, err)
	assert.Equal(t, []string{"dd", "ee", "gg"}, repoNames(rest.Repositories))

	// The same token replays the same page (paginators retry pages).
	again, err := f.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{MaxResults: aws.Int32(10), NextToken: first.NextToken})
	require.NoError(t, err)
	assert.Equal(t, rest.Repositories, again.Repositories)
}

func TestGarbageTokensAreRejected(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "aa")
	createRepo(t, f, "bb")
	page, err := f.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{MaxResults: aws.Int32(1)})
	require.NoError(t, err)
	for _, tok := range []string{"garbage", "", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", *page.NextToken + "x"} {
		_, err := f.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{NextToken: aws.String(tok)})
		ae := apiError(t, err, "InvalidParameterException")
		assert.Equal(t, "Invalid parameter at 'nextToken' failed to satisfy constraint: 'Invalid NextToken'", ae.ErrorMessage())
	}
	// A repositories token is not an images token.
	_, err = f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("aa"), NextToken: page.NextToken})
	apiError(t, err, "InvalidParameterException")
	// Nor is it valid for another registry.
	_, err = f.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{RegistryId: aws.String("999999999999"), NextToken: page.NextToken})
	apiError(t, err, "InvalidParameterException")
}

func repoNames(rs []types.Repository) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = *r.RepositoryName
	}
	return out
}

func TestDeleteRepository(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	pushImage(t, f, "app", "", "untagged") // an untagged image also blocks deletion
	_, err := f.DeleteRepository(ctx, &ecr.DeleteRepositoryInput{RepositoryName: aws.String("app")})
	ae := apiError(t, err, "RepositoryNotEmptyException")
	assert.Equal(t, "The repository with name 'app' in registry with id '123456789012' cannot be deleted because it still contains images", ae.ErrorMessage())

	out, err := f.DeleteRepository(ctx, &ecr.DeleteRepositoryInput{RepositoryName: aws.String("app"), Force: true})
	require.NoError(t, err)
	assert.Equal(t, "app", *out.Repository.RepositoryName)
	_, err = f.DeleteRepository(ctx, &ecr.DeleteRepositoryInput{RepositoryName: aws.String("app")})
	apiError(t, err, "RepositoryNotFoundException")

	// A re-created repository starts empty: no images, no layers.
	createRepo(t, f, "app")
	imgs, err := f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	assert.Empty(t, imgs.ImageIds)
	layers, err := f.BatchCheckLayerAvailability(ctx, &ecr.BatchCheckLayerAvailabilityInput{RepositoryName: aws.String("app"), LayerDigests: []string{sha([]byte("layer-of-untagged"))}})
	require.NoError(t, err)
	assert.Equal(t, types.LayerAvailabilityUnavailable, layers.Layers[0].LayerAvailability)
}

func TestPutImageTagMutabilityAndScanningConfigurationAreStored(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	filters := []types.ImageTagMutabilityExclusionFilter{{Filter: aws.String("dev-*"), FilterType: types.ImageTagMutabilityExclusionFilterTypeWildcard}}
	out, err := f.PutImageTagMutability(ctx, &ecr.PutImageTagMutabilityInput{RepositoryName: aws.String("app"), ImageTagMutability: types.ImageTagMutabilityImmutableWithExclusion, ImageTagMutabilityExclusionFilters: filters})
	require.NoError(t, err)
	assert.Equal(t, types.ImageTagMutabilityImmutableWithExclusion, out.ImageTagMutability)
	assert.Equal(t, filters, out.ImageTagMutabilityExclusionFilters)
	assert.Equal(t, "123456789012", *out.RegistryId)

	filters[0].Filter = aws.String("mutated-by-caller") // inputs are not retained
	sc, err := f.PutImageScanningConfiguration(ctx, &ecr.PutImageScanningConfigurationInput{RepositoryName: aws.String("app"), ImageScanningConfiguration: &types.ImageScanningConfiguration{ScanOnPush: true}})
	require.NoError(t, err)
	assert.True(t, sc.ImageScanningConfiguration.ScanOnPush)

	d, err := f.DescribeRepositories(ctx, nil)
	require.NoError(t, err)
	r := d.Repositories[0]
	assert.Equal(t, types.ImageTagMutabilityImmutableWithExclusion, r.ImageTagMutability)
	assert.Equal(t, "dev-*", *r.ImageTagMutabilityExclusionFilters[0].Filter)
	assert.True(t, r.ImageScanningConfiguration.ScanOnPush)

	// Back to plain MUTABLE clears the filters; filters with it are refused.
	_, err = f.PutImageTagMutability(ctx, &ecr.PutImageTagMutabilityInput{RepositoryName: aws.String("app"), ImageTagMutability: types.ImageTagMutabilityMutable, ImageTagMutabilityExclusionFilters: filters})
	apiError(t, err, "InvalidParameterException")
	_, err = f.PutImageTagMutability(ctx, &ecr.PutImageTagMutabilityInput{RepositoryName: aws.String("app"), ImageTagMutability: types.ImageTagMutabilityMutable})
	require.NoError(t, err)
	d, err = f.DescribeRepositories(ctx, nil)
	require.NoError(t, err)
	assert.Nil(t, d.Repositories[0].ImageTagMutabilityExclusionFilters)
}

func TestResourceTags(t *testing.T) {
	f, _, ctx := newFake(t)
	out, err := f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("app"), Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("a")}, {Key: aws.String("env"), Value: aws.String("dev")}}})
	require.NoError(t, err)
	arn := out.Repository.RepositoryArn
	list := func() []types.Tag {
		t.Helper()
		l, err := f.ListTagsForResource(ctx, &ecr.ListTagsForResourceInput{ResourceArn: arn})
		require.NoError(t, err)
		return l.Tags
	}
	tag := func(k, v string) types.Tag { return types.Tag{Key: aws.String(k), Value: aws.String(v)} }
	assert.Equal(t, []types.Tag{tag("env", "dev"), tag("team", "a")}, list(), "sorted by key")

	_, err = f.TagResource(ctx, &ecr.TagResourceInput{ResourceArn: arn, Tags: []types.Tag{tag("env", "prod"), tag("cost", "1")}})
	require.NoError(t, err)
	assert.Equal(t, []types.Tag{tag("cost", "1"), tag("env", "prod"), tag("team", "a")}, list(), "merge overwrites and keeps")

	_, err = f.UntagResource(ctx, &ecr.UntagResourceInput{ResourceArn: arn, TagKeys: []string{"cost", "absent"}})
	require.NoError(t, err)
	assert.Equal(t, []types.Tag{tag("env", "prod"), tag("team", "a")}, list())

	many := make([]types.Tag, 49)
	for i := range many {
		many[i] = tag(fmt.Sprintf("k%d", i), "v")
	}
	_, err = f.TagResource(ctx, &ecr.TagResourceInput{ResourceArn: arn, Tags: many})
	apiError(t, err, "TooManyTagsException") // 2 + 49 > 50 after the merge
	assert.Len(t, list(), 2, "failed call changed nothing")

	for _, bad := range []string{"arn:aws:ecr:us-east-1:123456789012:image/app", "not-an-arn", "arn:aws:ecr:eu-west-1:123456789012:repository/app"} {
		_, err = f.ListTagsForResource(ctx, &ecr.ListTagsForResourceInput{ResourceArn: aws.String(bad)})
		apiError(t, err, "InvalidParameterException")
	}
	_, err = f.TagResource(ctx, &ecr.TagResourceInput{ResourceArn: aws.String("arn:aws:ecr:us-east-1:123456789012:repository/nope"), Tags: []types.Tag{tag("a", "b")}})
	apiError(t, err, "RepositoryNotFoundException")
	_, err = f.UntagResource(ctx, &ecr.UntagResourceInput{ResourceArn: arn, TagKeys: []string{"aws:reserved"}})
	apiError(t, err, "InvalidTagParameterException")
}

func TestRepositoryPolicy(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	name := aws.String("app")
	_, err := f.GetRepositoryPolicy(ctx, &ecr.GetRepositoryPolicyInput{RepositoryName: name})
	ae := apiError(t, err, "RepositoryPolicyNotFoundException")
	assert.Equal(t, "Repository policy does not exist for the repository with name 'app' in the registry with id '123456789012'", ae.ErrorMessage())

	policy := `{ "Version": "2008-10-17", "Statement": [ { "Sid": "pull", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::210987654321:root"}, "Action": ["ecr:BatchGetImage"] } ] }`
	set, err := f.SetRepositoryPolicy(ctx, &ecr.SetRepositoryPolicyInput{RepositoryName: name, PolicyText: aws.String(policy)})
	require.NoError(t, err)
	assert.Equal(t, policy, *set.PolicyText)
	got, err := f.GetRepositoryPolicy(ctx, &ecr.GetRepositoryPolicyInput{RepositoryName: name})
	require.NoError(t, err)
	assert.Equal(t, policy, *got.PolicyText, "stored verbatim")

	for _, bad := range []string{
		`not json`, `[]`, `{}`, `{"Statement": []}`,
		`{"Statement": [{"Effect": "Maybe", "Principal": "*", "Action": "ecr:*"}]}`,
		`{"Statement": [{"Effect": "Allow", "Action": "ecr:*"}]}`,
		`{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "ecr:*", "Resource": "*"}]}`,
	} {
		_, err = f.SetRepositoryPolicy(ctx, &ecr.SetRepositoryPolicyInput{RepositoryName: name, PolicyText: aws.String(bad)})
		ae := apiError(t, err, "InvalidParameterException")
		assert.Equal(t, "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'", ae.ErrorMessage(), bad)
	}
	_, err = f.SetRepositoryPolicy(ctx, &ecr.SetRepositoryPolicyInput{RepositoryName: name, PolicyText: aws.String(`{"Statement": {"Effect": "Deny", "Principal": "*", "Action": "ecr:*"}}`)})
	require.NoError(t, err, "a single statement object is allowed")

	del, err := f.DeleteRepositoryPolicy(ctx, &ecr.DeleteRepositoryPolicyInput{RepositoryName: name})
	require.NoError(t, err)
	assert.Contains(t, *del.PolicyText, "Deny")
	_, err = f.DeleteRepositoryPolicy(ctx, &ecr.DeleteRepositoryPolicyInput{RepositoryName: name})
	apiError(t, err, "RepositoryPolicyNotFoundException")
}
