package ecrfake_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// A pull-through cache rule's upstream registry is inferred from its URL;
// Docker Hub needs a Secrets Manager secret. The fake does not read secrets
// nor reach upstream registries, so ValidatePullThroughCacheRule reports
// every rule valid; an Intercept makes it report a failure.
func ExampleFake_CreatePullThroughCacheRule() {
	ctx := context.Background()
	f := ecrfake.New()

	_, err := f.CreatePullThroughCacheRule(ctx, &ecr.CreatePullThroughCacheRuleInput{
		EcrRepositoryPrefix: aws.String("docker-hub"),
		UpstreamRegistryUrl: aws.String("registry-1.docker.io"),
	})
	var unsupported *types.UnsupportedUpstreamRegistryException
	if errors.As(err, &unsupported) {
		fmt.Println(unsupported.ErrorMessage())
	}

	rule, err := f.CreatePullThroughCacheRule(ctx, &ecr.CreatePullThroughCacheRuleInput{
		EcrRepositoryPrefix: aws.String("docker-hub"),
		UpstreamRegistryUrl: aws.String("registry-1.docker.io"),
		CredentialArn:       aws.String("arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf"),
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(*rule.EcrRepositoryPrefix, rule.UpstreamRegistry, *rule.UpstreamRepositoryPrefix)

	// "docker-hub/" is the same prefix as "docker-hub".
	_, err = f.CreatePullThroughCacheRule(ctx, &ecr.CreatePullThroughCacheRuleInput{
		EcrRepositoryPrefix: aws.String("docker-hub/"),
		UpstreamRegistryUrl: aws.String("public.ecr.aws"),
	})
	var exists *types.PullThroughCacheRuleAlreadyExistsException
	fmt.Println(errors.As(err, &exists))

	valid, _ := f.ValidatePullThroughCacheRule(ctx, &ecr.ValidatePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String("docker-hub")})
	fmt.Println(valid.IsValid)

	hook := ecrfake.Intercept(f, func(ctx context.Context, in *ecr.ValidatePullThroughCacheRuleInput,
		next func(context.Context, *ecr.ValidatePullThroughCacheRuleInput) (*ecr.ValidatePullThroughCacheRuleOutput, error)) (*ecr.ValidatePullThroughCacheRuleOutput, error) {
		out, err := next(ctx, in)
		if err == nil {
			out.IsValid, out.Failure = false, aws.String("Authentication to the upstream registry failed")
		}
		return out, err
	})
	invalid, _ := f.ValidatePullThroughCacheRule(ctx, &ecr.ValidatePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String("docker-hub")})
	fmt.Println(invalid.IsValid, *invalid.Failure)
	hook.Remove()
	// Output:
	// The specified upstream registry requires authentication. Specify a valid Secrets Manager ARN
	// docker-hub docker-hub ROOT
	// true
	// true
	// false Authentication to the upstream registry failed
}

// Repository creation templates are stored and validated, embedded policies
// included; DescribeRepositoryCreationTemplates leaves out prefixes that no
// template uses. No repository is created from a template.
func ExampleFake_CreateRepositoryCreationTemplate() {
	ctx := context.Background()
	f := ecrfake.New()
	out, err := f.CreateRepositoryCreationTemplate(ctx, &ecr.CreateRepositoryCreationTemplateInput{
		Prefix:             aws.String("prod"),
		AppliedFor:         []types.RCTAppliedFor{types.RCTAppliedForPullThroughCache},
		ImageTagMutability: types.ImageTagMutabilityImmutable,
		ResourceTags:       []types.Tag{{Key: aws.String("team"), Value: aws.String("core")}},
	})
	if err != nil {
		panic(err)
	}
	tmpl := out.RepositoryCreationTemplate
	fmt.Println(*tmpl.Prefix, tmpl.ImageTagMutability, tmpl.EncryptionConfiguration.EncryptionType, tmpl.AppliedFor)

	_, err = f.CreateRepositoryCreationTemplate(ctx, &ecr.CreateRepositoryCreationTemplateInput{
		Prefix:          aws.String("dev"),
		AppliedFor:      []types.RCTAppliedFor{types.RCTAppliedForReplication},
		LifecyclePolicy: aws.String(`{"rules":[]}`),
	})
	var invalid *types.InvalidParameterException
	if errors.As(err, &invalid) {
		fmt.Println(invalid.ErrorMessage())
	}

	list, _ := f.DescribeRepositoryCreationTemplates(ctx, &ecr.DescribeRepositoryCreationTemplatesInput{Prefixes: []string{"prod/", "staging"}})
	for _, t := range list.RepositoryCreationTemplates {
		fmt.Println("template:", *t.Prefix)
	}
	// Output:
	// prod IMMUTABLE AES256 [PULL_THROUGH_CACHE]
	// Invalid parameter at 'lifecyclePolicy' failed to satisfy constraint: 'Lifecycle policy validation failure: array is too short: must have at least 1 elements but instance has 0 elements'
	// template: prod
}
