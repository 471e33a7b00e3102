package ecrfake_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

const (
	templateKey    = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	templatePolicy = `{"Version":"2012-10-17","Statement":[{"Sid":"pull","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]}]}`
	templateLC     = `{"rules":[{"rulePriority":1,"description":"expire untagged","selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}`
)

func templateNotFound(prefix string) string {
	return "The repository creation template with prefix '" + prefix + "' does not exist in the registry with id '123456789012'"
}

func createTemplate(t testing.TB, f *ecrfake.Fake, prefix string, mod func(*ecr.CreateRepositoryCreationTemplateInput)) *types.RepositoryCreationTemplate {
	t.Helper()
	in := &ecr.CreateRepositoryCreationTemplateInput{Prefix: aws.String(prefix), AppliedFor: []types.RCTAppliedFor{types.RCTAppliedForReplication}}
	if mod != nil {
		mod(in)
	}
	out, err := f.CreateRepositoryCreationTemplate(context.Background(), in)
	require.NoError(t, err)
	require.Equal(t, ownAccount, *out.RegistryId)
	return out.RepositoryCreationTemplate
}

// fullTemplate sets every member of a template.
func fullTemplate(prefix string) *ecr.CreateRepositoryCreationTemplateInput {
	return &ecr.CreateRepositoryCreationTemplateInput{
		Prefix:      aws.String(prefix),
		AppliedFor:  []types.RCTAppliedFor{types.RCTAppliedForCreateOnPush, types.RCTAppliedForReplication},
		Description: aws.String("production repositories"),
		EncryptionConfiguration: &types.EncryptionConfigurationForRepositoryCreationTemplate{
			EncryptionType: types.EncryptionTypeKms, KmsKey: aws.String(templateKey),
		},
		ResourceTags:       []types.Tag{{Key: aws.String("team"), Value: aws.String("core")}, {Key: aws.String("env"), Value: aws.String("prod")}},
		ImageTagMutability: types.ImageTagMutabilityImmutableWithExclusion,
		ImageTagMutabilityExclusionFilters: []types.ImageTagMutabilityExclusionFilter{
			{Filter: aws.String("dev-*"), FilterType: types.ImageTagMutabilityExclusionFilterTypeWildcard},
		},
		RepositoryPolicy: aws.String(templatePolicy),
		LifecyclePolicy:  aws.String(templateLC),
		CustomRoleArn:    principal("creator"),
	}
}

func describeTemplates(t testing.TB, f *ecrfake.Fake, pageSize int32, prefixes ...string) (pages [][]string, all []types.RepositoryCreationTemplate) {
	t.Helper()
	in := &ecr.DescribeRepositoryCreationTemplatesInput{MaxResults: aws.Int32(pageSize), Prefixes: prefixes}
	for {
		out, err := f.DescribeRepositoryCreationTemplates(context.Background(), in)
		require.NoError(t, err)
		require.Equal(t, ownAccount, *out.RegistryId)
		var page []string
		for _, tmpl := range out.RepositoryCreationTemplates {
			page = append(page, *tmpl.Prefix)
		}
		pages = append(pages, page)
		all = append(all, out.RepositoryCreationTemplates...)
		if out.NextToken == nil {
			return pages, all
		}
		require.NotEmpty(t, *out.NextToken)
		in.NextToken = out.NextToken
	}
}

func TestRepositoryCreationTemplateLifecycle(t *testing.T) {
	f, clock, ctx := newFake(t)
	out, err := f.DescribeRepositoryCreationTemplates(ctx, nil)
	require.NoError(t, err)
	require.Equal(t, &ecr.DescribeRepositoryCreationTemplatesOutput{RegistryId: aws.String(ownAccount), RepositoryCreationTemplates: []types.RepositoryCreationTemplate{}}, out)

	minimal := createTemplate(t, f, "ROOT", func(in *ecr.CreateRepositoryCreationTemplateInput) {
		in.AppliedFor = []types.RCTAppliedFor{types.RCTAppliedForPullThroughCache, types.RCTAppliedForPullThroughCache}
	})
	require.Equal(t, &types.RepositoryCreationTemplate{
		Prefix: aws.String("ROOT"), AppliedFor: []types.RCTAppliedFor{types.RCTAppliedForPullThroughCache},
		EncryptionConfiguration: &types.EncryptionConfigurationForRepositoryCreationTemplate{EncryptionType: types.EncryptionTypeAes256},
		ImageTagMutability:      types.ImageTagMutabilityMutable, ResourceTags: []types.Tag{},
		CreatedAt: aws.Time(epoch), UpdatedAt: aws.Time(epoch),
	}, minimal, "defaults filled in, duplicates dropped")

	clock.Advance(time.Minute)
	full, err := f.CreateRepositoryCreationTemplate(ctx, fullTemplate("prod/"))
	require.NoError(t, err)
	wantFull := types.RepositoryCreationTemplate{
		Prefix: aws.String("prod/"), Description: aws.String("production repositories"),
		AppliedFor:              []types.RCTAppliedFor{types.RCTAppliedForCreateOnPush, types.RCTAppliedForReplication},
		EncryptionConfiguration: &types.EncryptionConfigurationForRepositoryCreationTemplate{EncryptionType: types.EncryptionTypeKms, KmsKey: aws.String(templateKey)},
		ResourceTags:            []types.Tag{{Key: aws.String("env"), Value: aws.String("prod")}, {Key: aws.String("team"), Value: aws.String("core")}},
		ImageTagMutability:      types.ImageTagMutabilityImmutableWithExclusion,
		ImageTagMutabilityExclusionFilters: []types.ImageTagMutabilityExclusionFilter{
			{Filter: aws.String("dev-*"), FilterType: types.ImageTagMutabilityExclusionFilterTypeWildcard},
		},
		RepositoryPolicy: aws.String(templatePolicy), LifecyclePolicy: aws.String(templateLC), CustomRoleArn: principal("creator"),
		CreatedAt: aws.Time(epoch.Add(time.Minute)), UpdatedAt: aws.Time(epoch.Add(time.Minute)),
	}
	require.Equal(t, &ecr.CreateRepositoryCreationTemplateOutput{RegistryId: aws.String(ownAccount), RepositoryCreationTemplate: &wantFull}, full, "policies verbatim, tags by key")

	createTemplate(t, f, "dev", nil)
	pages, all := describeTemplates(t, f, 100)
	require.Equal(t, [][]string{{"ROOT", "dev", "prod/"}}, pages)
	require.Equal(t, wantFull, all[2])

	// Unknown prefixes are left out; the trailing '/' does not matter.
	pages, _ = describeTemplates(t, f, 100, "staging", "prod", "ROOT", "prod/")
	require.Equal(t, [][]string{{"ROOT", "prod/"}}, pages)
	pages, _ = describeTemplates(t, f, 100, "staging")
	require.Equal(t, [][]string{nil}, pages)

	// An update changes what it is given.
	clock.Advance(time.Hour)
	upd, err := f.UpdateRepositoryCreationTemplate(ctx, &ecr.UpdateRepositoryCreationTemplateInput{Prefix: aws.String("prod"), Description: aws.String("prod, v2")})
	require.NoError(t, err)
	wantFull.Description, wantFull.UpdatedAt = aws.String("prod, v2"), aws.Time(clock.Now())
	require.Equal(t, &ecr.UpdateRepositoryCreationTemplateOutput{RegistryId: aws.String(ownAccount), RepositoryCreationTemplate: &wantFull}, upd)

	// Empty values clear; a new mode drops the old filters.
	clock.Advance(time.Hour)
	upd, err = f.UpdateRepositoryCreationTemplate(ctx, &ecr.UpdateRepositoryCreationTemplateInput{
		Prefix: aws.String("prod/"), Description: aws.String(""), ResourceTags: []types.Tag{}, RepositoryPolicy: aws.String(""),
		LifecyclePolicy: aws.String(""), CustomRoleArn: aws.String(""), ImageTagMutability: types.ImageTagMutabilityImmutable,
		EncryptionConfiguration: &types.EncryptionConfigurationForRepositoryCreationTemplate{EncryptionType: types.EncryptionTypeAes256},
		AppliedFor:              []types.RCTAppliedFor{types.RCTAppliedForPullThroughCache},
	})
	require.NoError(t, err)
	require.Equal(t, &types.RepositoryCreationTemplate{
		Prefix: aws.String("prod/"), AppliedFor: []types.RCTAppliedFor{types.RCTAppliedForPullThroughCache},
		EncryptionConfiguration: &types.EncryptionConfigurationForRepositoryCreationTemplate{EncryptionType: types.EncryptionTypeAes256},
		ImageTagMutability:      types.ImageTagMutabilityImmutable, ResourceTags: []types.Tag{},
		CreatedAt: aws.Time(epoch.Add(time.Minute)), UpdatedAt: aws.Time(clock.Now()),
	}, upd.RepositoryCreationTemplate)

	// Filters alone apply to the template's mode.
	_, err = f.UpdateRepositoryCreationTemplate(ctx, &ecr.UpdateRepositoryCreationTemplateInput{Prefix: aws.String("dev"), ImageTagMutability: types.ImageTagMutabilityMutableWithExclusion,
		ImageTagMutabilityExclusionFilters: []types.ImageTagMutabilityExclusionFilter{{Filter: aws.String("latest"), FilterType: types.ImageTagMutabilityExclusionFilterTypeWildcard}}})
	require.NoError(t, err)
	upd, err = f.UpdateRepositoryCreationTemplate(ctx, &ecr.UpdateRepositoryCreationTemplateInput{Prefix: aws.String("dev"),
		ImageTagMutabilityExclusionFilters: []types.ImageTagMutabilityExclusionFilter{{Filter: aws.String("stable-*"), FilterType: types.ImageTagMutabilityExclusionFilterTypeWildcard}}})
	require.NoError(t, err)
	require.Equal(t, types.ImageTagMutabilityMutableWithExclusion, upd.RepositoryCreationTemplate.ImageTagMutability)
	require.Equal(t, "stable-*", *upd.RepositoryCreationTemplate.ImageTagMutabilityExclusionFilters[0].Filter)

	del, err := f.DeleteRepositoryCreationTemplate(ctx, &ecr.DeleteRepositoryCreationTemplateInput{Prefix: aws.String("ROOT")})
	require.NoError(t, err)
	require.Equal(t, &ecr.DeleteRepositoryCreationTemplateOutput{RegistryId: aws.String(ownAccount), RepositoryCreationTemplate: minimal}, del)
	pages, _ = describeTemplates(t, f, 100)
	require.Equal(t, [][]string{{"dev", "prod/"}}, pages)

	// Templates create nothing: CreateRepository does not apply them.
	createRepo(t, f, "prod/api")
	repos, err := f.DescribeRepositories(ctx, nil)
	require.NoError(t, err)
	require.Equal(t, types.ImageTagMutabilityMutable, repos.Repositories[0].ImageTagMutability)
	tags, err := f.ListTagsForResource(ctx, &ecr.ListTagsForResourceInput{ResourceArn: repos.Repositories[0].RepositoryArn})
	require.NoError(t, err)
	require.Empty(t, tags.Tags)
}

func TestRepositoryCreationTemplateErrors(t *testing.T) {
	ctx := context.Background()
	create := func(mod func(in *ecr.CreateRepositoryCreationTemplateInput)) func(f *ecrfake.Fake) (any, error) {
		return func(f *ecrfake.Fake) (any, error) {
			in := &ecr.CreateRepositoryCreationTemplateInput{Prefix: aws.String("team"), AppliedFor: []types.RCTAppliedFor{types.RCTAppliedForReplication}}
			mod(in)
			return nilOnError(f.CreateRepositoryCreationTemplate(ctx, in))
		}
	}
	update := func(in *ecr.UpdateRepositoryCreationTemplateInput) func(f *ecrfake.Fake) (any, error) {
		return func(f *ecrfake.Fake) (any, error) { return nilOnError(f.UpdateRepositoryCreationTemplate(ctx, in)) }
	}
	tag := func(k, v string) types.Tag { return types.Tag{Key: aws.String(k), Value: aws.String(v)} }
	wildcard := func(f string) []types.ImageTagMutabilityExclusionFilter {
		return []types.ImageTagMutabilityExclusionFilter{{Filter: aws.String(f), FilterType: types.ImageTagMutabilityExclusionFilterTypeWildcard}}
	}
	fiftyOne := make([]types.Tag, 51)
	for i := range fiftyOne {
		fiftyOne[i] = tag(fmt.Sprintf("k%02d", i), "v")
	}
	const lcFailure = "Invalid parameter at 'lifecyclePolicy' failed to satisfy constraint: 'Lifecycle policy validation failure: "
	tests := []struct {
		name      string
		setup     func(t *testing.T, f *ecrfake.Fake)
		call      func(f *ecrfake.Fake) (any, error)
		code, msg string
	}{
		{name: "create: missing prefix and appliedFor", call: func(f *ecrfake.Fake) (any, error) { return nilOnError(f.CreateRepositoryCreationTemplate(ctx, nil)) },
			msg: "2 validation error(s) found.\n- missing required field, CreateRepositoryCreationTemplateInput.Prefix.\n- missing required field, CreateRepositoryCreationTemplateInput.AppliedFor.\n"},
		{name: "create: missing encryption type", call: create(func(in *ecr.CreateRepositoryCreationTemplateInput) {
			in.EncryptionConfiguration = &types.EncryptionConfigurationForRepositoryCreationTemplate{KmsKey: aws.String(templateKey)}
		}), msg: "missing required field, CreateRepositoryCreationTemplateInput.EncryptionConfiguration.EncryptionType"},
		{name: "create: applied for nothing", call: create(func(in *ecr.CreateRepositoryCreationTemplateInput) { in.AppliedFor = []types.RCTAppliedFor{} }),
			code: "InvalidParameterException", msg: "Invalid parameter at 'appliedFor' failed to satisfy constraint: 'Member must have length greater than or equal to 1'"},
		{name: "create: unknown appliedFor", call: create(func(in *ecr.CreateRepositoryCreationTemplateInput) { in.AppliedFor = []types.RCTAppliedFor{"PULL"} }),
			code: "InvalidParameterException", msg: "Invalid parameter at 'appliedFor[0]' failed to satisfy constraint: 'Member must satisfy enum value set: [REPLICATION, PULL_THROUGH_CACHE, CREATE_ON_PUSH]'"},
		{name: "create: prefix upper-case", call: create(func(in *ecr.CreateRepositoryCreationTemplateInput) { in.Prefix = aws.String("Team") }),
			code: "InvalidParameterException", msg: "Invalid parameter at 'prefix' failed to satisfy constraint: '" + prefixPattern + "'"},
		{name: "create: prefix longer than 256", call: create(func(in *ecr.CreateRepositoryCreationTemplateInput) { in.Prefix = aws.String(strings.Repeat("a", 257)) }),
			code: "InvalidParameterException", msg: "Invalid parameter at 'prefix' failed to satisfy constraint: 'must have length less than or equal to 256'"},
		{name: "create: prefix in use", call: create(func(in *ecr.CreateRepositoryCreationTemplateInput) { in.Prefix = aws.String("prod") }),
			code: "TemplateAlreadyExistsException", msg: "The repository creation template with prefix 'prod' already exists in the registry with id '123456789012'"},
		{name: "create: prefix in use, with a trailing slash", call: create(func(in *ecr.CreateRepositoryCreationTemplateInput) { in.Prefix = aws.String("prod/") }),
			code: "TemplateAlreadyExistsException", msg: "The repository creation template with prefix 'prod/' already exists in the registry with id '123456789012'"},
		{name: "create: description longer than 256", call: create(func(in *ecr.CreateRepositoryCreationTemplateInput) {
			in.Description = aws.String(strings.Repeat("d", 257))
		}),
			code: "InvalidParameterException", msg: "Invalid parameter at 'description' failed to satisfy constraint: 'must have length less than or equal to 256'"},
		{name: "create: KMS alias, not a key ARN", call: create(func(in *ecr.CreateRepositoryCreationTemplateInput) {
			in.EncryptionConfiguration = &types.EncryptionConfigurationForRepositoryCreationTemplate{EncryptionType: types.EncryptionTypeKms, KmsKey: aws.String("alias/ecr")}
		}), code: "InvalidParameterException",
			msg: `Invalid parameter at 'encryptionConfiguration.kmsKey' failed to satisfy constraint: 'must satisfy regular expression '^$|arn:aws[a-z0-9-]*:kms:[a-z0-9-]+:[0-9]{12}:key\/[a-z0-9-]+''`},
		{name: "create: KMS key with AES256", call: create(func(in *ecr.CreateRepositoryCreationTemplateInput) {
			in.EncryptionConfiguration = &types.EncryptionConfigurationForRepositoryCreationTemplate{EncryptionType: types.EncryptionTypeAes256, KmsKey: aws.String(templateKey)}
		}), code: "InvalidParameterException",
			msg: "Invalid parameter at 'encryptionConfiguration.kmsKey' failed to satisfy constraint: 'A KMS key can only be specified when encryptionType is KMS or KMS_DSSE'"},
		{name: "create: unknown encryption type", call: create(func(in *ecr.CreateRepositoryCreationTemplateInput) {
			in.EncryptionConfiguration = &types.EncryptionConfigurationForRepositoryCreationTemplate{EncryptionType: "kms"}
		}), code: "InvalidParameterException",
			msg: "Invalid parameter at 'encryptionConfiguration.encryptionType' failed to satisfy constraint: 'Member must satisfy enum value set: [AES256, KMS, KMS_DSSE]'"},
		{name: "create: repository policy not JSON", call: create(func(in *ecr.CreateRepositoryCreationTemplateInput) { in.RepositoryPolicy = aws.String("{") }),
			code: "InvalidParameterException", msg: "Invalid parameter at 'repositoryPolicy' failed to satisfy constraint: 'Invalid repository policy provided'"},
		{name: "create: repository policy without a principal", call: create(func(in *ecr.CreateRepositoryCreationTemplateInput) {
			in.RepositoryPolicy = aws.String(`{"Statement":[{"Effect":"Allow","Action":"ecr:*"}]}`)
		}), code: "InvalidParameterException", msg: "Invalid parameter at 'repositoryPolicy' failed to satisfy constraint: 'Invalid repository policy provided'"},
		{name: "create: repository policy longer than 10240", call: create(func(in *ecr.CreateRepositoryCreationTemplateInput) {
			in.RepositoryPolicy = aws.String(strings.Repeat(" ", 10241))
		}),
			code: "InvalidParameterException", msg: "Invalid parameter at 'repositoryPolicy' failed to satisfy constraint: 'must have length less than or equal to 10240'"},
		{name: "create: lifecycle policy not JSON", call: create(func(in *ecr.CreateRepositoryCreationTemplateInput) { in.LifecyclePolicy = aws.String("rules") }),
			code: "InvalidParameterException", msg: lcFailure + "Could not map policyString into LifecyclePolicy.'"},
		{name: "create: lifecycle policy count 0", call: create(func(in *ecr.CreateRepositoryCreationTemplateInput) {
			in.LifecyclePolicy = aws.String(strings.Replace(templateLC, `"countNumber":14`, `"countNumber":0`, 1))
		}), code: "InvalidParameterException", msg: lcFailure + "numeric instance is lower than the required minimum (minimum: 1, found: 0)'"},
		{name: "create: lifecycle policy longer than 30720", call: create(func(in *ecr.CreateRepositoryCreationTemplateInput) {
			in.LifecyclePolicy = aws.String(strings.Repeat(" ", 30721))
		}),
			code: "InvalidParameterException", msg: "Invalid parameter at 'lifecyclePolicy' failed to satisfy constraint: 'must have length less than or equal to 30720'"},
		{name: "create: tag key reserved", call: create(func(in *ecr.CreateRepositoryCreationTemplateInput) {
			in.ResourceTags = []types.Tag{tag("aws:owner", "x")}
		}),
			code: "InvalidTagParameterException", msg: "Tag key 'aws:owner' uses the reserved prefix 'aws:'"},
		{name: "create: tag key twice", call: create(func(in *ecr.CreateRepositoryCreationTemplateInput) {
			in.ResourceTags = []types.Tag{tag("a", "1"), tag("a", "2")}
		}),
			code: "InvalidTagParameterException", msg: "Tag key 'a' appears more than once in the request"},
		{name: "create: tag value longer than 256", call: create(func(in *ecr.CreateRepositoryCreationTemplateInput) {
			in.ResourceTags = []types.Tag{tag("a", strings.Repeat("v", 257))}
		}),
			code: "InvalidTagParameterException", msg: "Tag value for key 'a' must have length less than or equal to 256"},
		{name: "create: 51 tags", call: create(func(in *ecr.CreateRepositoryCreationTemplateInput) { in.ResourceTags = fiftyOne }),
			code: "TooManyTagsException", msg: "The resource can have a maximum of 50 tags"},
		{name: "create: tag without a value", call: create(func(in *ecr.CreateRepositoryCreationTemplateInput) {
			in.ResourceTags = []types.Tag{{Key: aws.String("a")}}
		}),
			msg: "missing required field, CreateRepositoryCreationTemplateInput.ResourceTags[0].Value"},
		{name: "create: filters without an exclusion mode", call: create(func(in *ecr.CreateRepositoryCreationTemplateInput) {
			in.ImageTagMutability, in.ImageTagMutabilityExclusionFilters = types.ImageTagMutabilityImmutable, wildcard("dev-*")
		}), code: "InvalidParameterException",
			msg: "Invalid parameter at 'imageTagMutabilityExclusionFilters' failed to satisfy constraint: 'Exclusion filters are only allowed when imageTagMutability is IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION'"},
		{name: "create: exclusion mode without filters", call: create(func(in *ecr.CreateRepositoryCreationTemplateInput) {
			in.ImageTagMutability = types.ImageTagMutabilityImmutableWithExclusion
		}),
			code: "InvalidParameterException", msg: "Invalid parameter at 'imageTagMutabilityExclusionFilters' failed to satisfy constraint: 'ImageTagMutabilityExclusionFilters can't be null when imageTagMutability is set as IMMUTABLE_WITH_EXCLUSION'"},
		{name: "create: bad filter", call: create(func(in *ecr.CreateRepositoryCreationTemplateInput) {
			in.ImageTagMutability, in.ImageTagMutabilityExclusionFilters = types.ImageTagMutabilityImmutableWithExclusion, wildcard("dev/*")
		}), code: "InvalidParameterException",
			msg: "Invalid parameter at 'imageTagMutabilityExclusionFilters[0].filter' failed to satisfy constraint: 'must satisfy regular expression '^[0-9a-zA-Z._*-]{1,128}$''"},
		{name: "create: custom role longer than 2048", call: create(func(in *ecr.CreateRepositoryCreationTemplateInput) {
			in.CustomRoleArn = aws.String(strings.Repeat("r", 2049))
		}),
			code: "InvalidParameterException", msg: "Invalid parameter at 'customRoleArn' failed to satisfy constraint: 'must have length less than or equal to 2048'"},
		{name: "update: missing prefix", call: update(&ecr.UpdateRepositoryCreationTemplateInput{}), msg: "missing required field, UpdateRepositoryCreationTemplateInput.Prefix"},
		{name: "update: unknown prefix", call: update(&ecr.UpdateRepositoryCreationTemplateInput{Prefix: aws.String("team"), Description: aws.String("x")}),
			code: "TemplateNotFoundException", msg: templateNotFound("team")},
		{name: "update: applied for nothing", call: update(&ecr.UpdateRepositoryCreationTemplateInput{Prefix: aws.String("prod"), AppliedFor: []types.RCTAppliedFor{}}),
			code: "InvalidParameterException", msg: "Invalid parameter at 'appliedFor' failed to satisfy constraint: 'Member must have length greater than or equal to 1'"},
		{name: "update: filters with a mode without exclusions", call: update(&ecr.UpdateRepositoryCreationTemplateInput{Prefix: aws.String("prod"), ImageTagMutability: types.ImageTagMutabilityMutable, ImageTagMutabilityExclusionFilters: wildcard("x")}),
			code: "InvalidParameterException",
			msg:  "Invalid parameter at 'imageTagMutabilityExclusionFilters' failed to satisfy constraint: 'Exclusion filters are only allowed when imageTagMutability is IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION'"},
		{name: "update: bad policy after good fields", call: update(&ecr.UpdateRepositoryCreationTemplateInput{Prefix: aws.String("prod"), Description: aws.String("changed"), RepositoryPolicy: aws.String("[]")}),
			code: "InvalidParameterException", msg: "Invalid parameter at 'repositoryPolicy' failed to satisfy constraint: 'Invalid repository policy provided'"},
		{name: "delete: missing prefix", call: func(f *ecrfake.Fake) (any, error) { return nilOnError(f.DeleteRepositoryCreationTemplate(ctx, nil)) },
			msg: "missing required field, DeleteRepositoryCreationTemplateInput.Prefix"},
		{name: "delete: unknown prefix", call: func(f *ecrfake.Fake) (any, error) {
			return nilOnError(f.DeleteRepositoryCreationTemplate(ctx, &ecr.DeleteRepositoryCreationTemplateInput{Prefix: aws.String("ROOT")}))
		}, code: "TemplateNotFoundException", msg: templateNotFound("ROOT")},
		{name: "describe: bad prefix", call: func(f *ecrfake.Fake) (any, error) {
			return nilOnError(f.DescribeRepositoryCreationTemplates(ctx, &ecr.DescribeRepositoryCreationTemplatesInput{Prefixes: []string{"prod", "a//b"}}))
		}, code: "InvalidParameterException", msg: "Invalid parameter at 'prefixes[1]' failed to satisfy constraint: '" + prefixPattern + "'"},
		{name: "describe: maxResults 0", call: func(f *ecrfake.Fake) (any, error) {
			return nilOnError(f.DescribeRepositoryCreationTemplates(ctx, &ecr.DescribeRepositoryCreationTemplatesInput{MaxResults: aws.Int32(0)}))
		}, code: "InvalidParameterException", msg: "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value greater than or equal to 1'"},
		{name: "describe: a token for other prefixes", setup: func(t *testing.T, f *ecrfake.Fake) { createTemplate(t, f, "team-a", nil) }, call: func(f *ecrfake.Fake) (any, error) {
			page, err := f.DescribeRepositoryCreationTemplates(ctx, &ecr.DescribeRepositoryCreationTemplatesInput{MaxResults: aws.Int32(1)})
			require.NoError(t, err)
			return nilOnError(f.DescribeRepositoryCreationTemplates(ctx, &ecr.DescribeRepositoryCreationTemplatesInput{MaxResults: aws.Int32(1), NextToken: page.NextToken, Prefixes: []string{"prod"}}))
		}, code: "InvalidParameterException", msg: invalidNextToken},
		{name: "describe: a token of the rules", setup: func(t *testing.T, f *ecrfake.Fake) {
			createRule(t, f, "aa", "quay.io", nil)
			createRule(t, f, "bb", "quay.io", nil)
		}, call: func(f *ecrfake.Fake) (any, error) {
			page, err := f.DescribePullThroughCacheRules(ctx, &ecr.DescribePullThroughCacheRulesInput{MaxResults: aws.Int32(1)})
			require.NoError(t, err)
			return nilOnError(f.DescribeRepositoryCreationTemplates(ctx, &ecr.DescribeRepositoryCreationTemplatesInput{NextToken: page.NextToken}))
		}, code: "InvalidParameterException", msg: invalidNextToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, _ := newFake(t)
			_, err := f.CreateRepositoryCreationTemplate(ctx, fullTemplate("prod"))
			require.NoError(t, err)
			if tt.setup != nil {
				tt.setup(t, f)
			}
			requireFailsUnchanged(t, f, tt.code, tt.msg, func() (any, error) { return tt.call(f) })
		})
	}
}

func TestDescribeRepositoryCreationTemplatesPages(t *testing.T) {
	f, _, ctx := newFake(t)
	want := []string{"ROOT", "a", "a/b", "a0", "b/", "c"}
	for _, p := range []string{"c", "a0", "b/", "a/b", "ROOT", "a"} {
		createTemplate(t, f, p, nil)
	}
	pages, _ := describeTemplates(t, f, 100)
	require.Equal(t, [][]string{want}, pages, "by prefix without the trailing '/'")
	pages, _ = describeTemplates(t, f, 4)
	require.Equal(t, [][]string{want[:4], want[4:]}, pages)
	pages, _ = describeTemplates(t, f, 2, "c", "x", "a", "b", "a")
	require.Equal(t, [][]string{{"a", "b/"}, {"c"}}, pages)

	first, err := f.DescribeRepositoryCreationTemplates(ctx, &ecr.DescribeRepositoryCreationTemplatesInput{MaxResults: aws.Int32(2)})
	require.NoError(t, err)
	_, err = f.DeleteRepositoryCreationTemplate(ctx, &ecr.DeleteRepositoryCreationTemplateInput{Prefix: aws.String("a/b")})
	require.NoError(t, err)
	createTemplate(t, f, "a-b", nil)
	next, err := f.DescribeRepositoryCreationTemplates(ctx, &ecr.DescribeRepositoryCreationTemplatesInput{MaxResults: aws.Int32(2), NextToken: first.NextToken})
	require.NoError(t, err)
	require.Equal(t, "a-b", *next.RepositoryCreationTemplates[0].Prefix)
	require.Equal(t, "a0", *next.RepositoryCreationTemplates[1].Prefix)

	p := ecr.NewDescribeRepositoryCreationTemplatesPaginator(f, &ecr.DescribeRepositoryCreationTemplatesInput{MaxResults: aws.Int32(4)})
	n := 0
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		require.NoError(t, err)
		n += len(page.RepositoryCreationTemplates)
	}
	require.Equal(t, 6, n)
}

// Outputs never alias the fake's state, and inputs are not retained.
func TestRepositoryCreationTemplateCopies(t *testing.T) {
	f, _, ctx := newFake(t)
	in := fullTemplate("prod")
	out, err := f.CreateRepositoryCreationTemplate(ctx, in)
	require.NoError(t, err)
	in.ResourceTags[0].Value = aws.String("changed")
	in.AppliedFor[0] = types.RCTAppliedForPullThroughCache
	out.RepositoryCreationTemplate.ResourceTags[0].Value = aws.String("changed")
	out.RepositoryCreationTemplate.AppliedFor[0] = types.RCTAppliedForPullThroughCache
	*out.RepositoryCreationTemplate.Description = "changed"
	_, all := describeTemplates(t, f, 10)
	want := fullTemplate("prod")
	require.Equal(t, want.AppliedFor, all[0].AppliedFor)
	require.Equal(t, "prod", *all[0].ResourceTags[0].Value, "env=prod sorts first")
	require.Equal(t, *want.Description, *all[0].Description)
}
