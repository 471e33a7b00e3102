package ecrfake_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

const (
	dockerSecret  = "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf"
	githubSecret  = "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/ghcr-123456"
	upstreamECR   = "210987654321.dkr.ecr.eu-west-1.amazonaws.com"
	prefixPattern = `must satisfy regular expression '^([a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*\/?|ROOT)$'`

	requiresSecret = "The specified upstream registry requires authentication. Specify a valid Secrets Manager ARN"
	requiresRole   = "The specified upstream registry requires authentication. Specify a valid IAM role ARN"
)

func ruleNotFound(prefix string) string {
	return "The pull through cache rule with prefix '" + prefix + "' does not exist in the registry with id '123456789012'"
}

func createRule(t testing.TB, f *ecrfake.Fake, prefix, url string, mod func(*ecr.CreatePullThroughCacheRuleInput)) *ecr.CreatePullThroughCacheRuleOutput {
	t.Helper()
	in := &ecr.CreatePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String(prefix), UpstreamRegistryUrl: aws.String(url)}
	if mod != nil {
		mod(in)
	}
	out, err := f.CreatePullThroughCacheRule(context.Background(), in)
	require.NoError(t, err)
	return out
}

// describeRules lists every rule, page by page.
func describeRules(t testing.TB, f *ecrfake.Fake, pageSize int32, prefixes ...string) (pages [][]string, rules []types.PullThroughCacheRule) {
	t.Helper()
	in := &ecr.DescribePullThroughCacheRulesInput{MaxResults: aws.Int32(pageSize), EcrRepositoryPrefixes: prefixes}
	var tokens []string
	for {
		out, err := f.DescribePullThroughCacheRules(context.Background(), in)
		require.NoError(t, err)
		var page []string
		for _, r := range out.PullThroughCacheRules {
			page = append(page, *r.EcrRepositoryPrefix)
		}
		pages = append(pages, page)
		rules = append(rules, out.PullThroughCacheRules...)
		if out.NextToken == nil {
			return pages, rules
		}
		require.NotEmpty(t, *out.NextToken)
		require.NotContains(t, tokens, *out.NextToken, "tokens never repeat")
		tokens = append(tokens, *out.NextToken)
		in.NextToken = out.NextToken
	}
}

// cacheView renders everything a client can see of the rules, the templates
// and the registry settings, so a test can check that a failed call changed
// none of it.
func cacheView(t testing.TB, f *ecrfake.Fake) string {
	t.Helper()
	ctx := context.Background()
	var seen []any
	for _, reg := range []*string{nil, aws.String("210987654321")} {
		out, err := f.DescribePullThroughCacheRules(ctx, &ecr.DescribePullThroughCacheRulesInput{RegistryId: reg})
		require.NoError(t, err)
		seen = append(seen, out)
	}
	out, err := f.DescribeRepositoryCreationTemplates(ctx, nil)
	require.NoError(t, err)
	seen = append(seen, out)
	b, err := json.Marshal(seen)
	require.NoError(t, err)
	return settingsView(t, f) + string(b)
}

// requireFailsUnchanged runs a call that must fail with code and message
// (code "" means the SDK's client-side validation) and checks that nothing a
// client can see changed.
func requireFailsUnchanged(t *testing.T, f *ecrfake.Fake, code, message string, call func() (any, error)) {
	t.Helper()
	before, stats := cacheView(t, f), ecrfake.Stats(f)
	out, err := call()
	require.Error(t, err)
	require.Nil(t, out)
	if code == "" {
		var ipe smithy.InvalidParamsError
		require.ErrorAs(t, err, &ipe)
		require.ErrorContains(t, err, message)
	} else {
		requireAPIError(t, err, code, message)
	}
	require.Equal(t, before, cacheView(t, f), "a failed call changes nothing")
	require.Equal(t, stats, ecrfake.Stats(f))
}

func TestPullThroughCacheRuleLifecycle(t *testing.T) {
	f, clock, ctx := newFake(t)
	out, err := f.DescribePullThroughCacheRules(ctx, nil)
	require.NoError(t, err)
	require.Equal(t, &ecr.DescribePullThroughCacheRulesOutput{PullThroughCacheRules: []types.PullThroughCacheRule{}}, out)

	created := createRule(t, f, "docker-hub/", "registry-1.docker.io", func(in *ecr.CreatePullThroughCacheRuleInput) {
		in.CredentialArn = aws.String(dockerSecret)
	})
	require.Equal(t, &ecr.CreatePullThroughCacheRuleOutput{
		EcrRepositoryPrefix: aws.String("docker-hub/"), UpstreamRegistryUrl: aws.String("registry-1.docker.io"),
		CreatedAt: aws.Time(epoch), RegistryId: aws.String(ownAccount), UpstreamRegistry: types.UpstreamRegistryDockerHub,
		CredentialArn: aws.String(dockerSecret), UpstreamRepositoryPrefix: aws.String("ROOT"),
	}, created, "the upstream registry is inferred from the URL; the prefix is kept as given")

	clock.Advance(time.Minute)
	createRule(t, f, "ROOT", upstreamECR, func(in *ecr.CreatePullThroughCacheRuleInput) {
		in.UpstreamRegistry = types.UpstreamRegistryEcr
		in.CustomRoleArn = principal("puller")
	})
	clock.Advance(time.Minute)
	createRule(t, f, "ecr-public", "public.ecr.aws", nil)

	_, rules := describeRules(t, f, 100)
	require.Equal(t, []types.PullThroughCacheRule{
		{EcrRepositoryPrefix: aws.String("ROOT"), UpstreamRegistryUrl: aws.String(upstreamECR), CreatedAt: aws.Time(epoch.Add(time.Minute)),
			RegistryId: aws.String(ownAccount), CustomRoleArn: principal("puller"), UpstreamRepositoryPrefix: aws.String("ROOT"),
			UpstreamRegistry: types.UpstreamRegistryEcr, UpdatedAt: aws.Time(epoch.Add(time.Minute))},
		{EcrRepositoryPrefix: aws.String("docker-hub/"), UpstreamRegistryUrl: aws.String("registry-1.docker.io"), CreatedAt: aws.Time(epoch),
			RegistryId: aws.String(ownAccount), CredentialArn: aws.String(dockerSecret), UpstreamRepositoryPrefix: aws.String("ROOT"),
			UpstreamRegistry: types.UpstreamRegistryDockerHub, UpdatedAt: aws.Time(epoch)},
		{EcrRepositoryPrefix: aws.String("ecr-public"), UpstreamRegistryUrl: aws.String("public.ecr.aws"), CreatedAt: aws.Time(epoch.Add(2 * time.Minute)),
			RegistryId: aws.String(ownAccount), UpstreamRepositoryPrefix: aws.String("ROOT"),
			UpstreamRegistry: types.UpstreamRegistryEcrPublic, UpdatedAt: aws.Time(epoch.Add(2 * time.Minute))},
	}, rules, "in prefix order; updatedAt starts at createdAt")

	// The trailing '/' does not matter to find a rule.
	clock.Advance(time.Hour)
	upd, err := f.UpdatePullThroughCacheRule(ctx, &ecr.UpdatePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String("docker-hub"), CredentialArn: aws.String(githubSecret)})
	require.NoError(t, err)
	require.Equal(t, &ecr.UpdatePullThroughCacheRuleOutput{
		EcrRepositoryPrefix: aws.String("docker-hub/"), RegistryId: aws.String(ownAccount), UpdatedAt: aws.Time(clock.Now()),
		CredentialArn: aws.String(githubSecret), UpstreamRepositoryPrefix: aws.String("ROOT"),
	}, upd)
	_, rules = describeRules(t, f, 100, "docker-hub")
	require.Len(t, rules, 1)
	require.Equal(t, epoch, *rules[0].CreatedAt, "createdAt stays")
	require.Equal(t, clock.Now(), *rules[0].UpdatedAt)
	require.Equal(t, githubSecret, *rules[0].CredentialArn)

	val, err := f.ValidatePullThroughCacheRule(ctx, &ecr.ValidatePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String("ROOT")})
	require.NoError(t, err)
	require.Equal(t, &ecr.ValidatePullThroughCacheRuleOutput{
		EcrRepositoryPrefix: aws.String("ROOT"), RegistryId: aws.String(ownAccount), UpstreamRegistryUrl: aws.String(upstreamECR),
		CustomRoleArn: principal("puller"), UpstreamRepositoryPrefix: aws.String("ROOT"), IsValid: true,
	}, val)

	del, err := f.DeletePullThroughCacheRule(ctx, &ecr.DeletePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String("docker-hub/"), RegistryId: aws.String(ownAccount)})
	require.NoError(t, err)
	require.Equal(t, &ecr.DeletePullThroughCacheRuleOutput{
		EcrRepositoryPrefix: aws.String("docker-hub/"), UpstreamRegistryUrl: aws.String("registry-1.docker.io"), CreatedAt: aws.Time(epoch),
		RegistryId: aws.String(ownAccount), CredentialArn: aws.String(githubSecret), UpstreamRepositoryPrefix: aws.String("ROOT"),
	}, del)
	pages, _ := describeRules(t, f, 100)
	require.Equal(t, [][]string{{"ROOT", "ecr-public"}}, pages)
	_, err = f.DeletePullThroughCacheRule(ctx, &ecr.DeletePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String("docker-hub")})
	requireAPIError(t, err, "PullThroughCacheRuleNotFoundException", ruleNotFound("docker-hub"))

	// The prefix is free again; no repository was created by any of this.
	createRule(t, f, "docker-hub", "registry-1.docker.io", func(in *ecr.CreatePullThroughCacheRuleInput) { in.CredentialArn = aws.String(dockerSecret) })
	require.Zero(t, ecrfake.Stats(f).Repositories)

	// Another registry holds rules of its own.
	other := aws.String("210987654321")
	createRule(t, f, "quay", "quay.io", func(in *ecr.CreatePullThroughCacheRuleInput) { in.RegistryId = other })
	out, err = f.DescribePullThroughCacheRules(ctx, &ecr.DescribePullThroughCacheRulesInput{RegistryId: other})
	require.NoError(t, err)
	require.Len(t, out.PullThroughCacheRules, 1)
	require.Equal(t, "210987654321", *out.PullThroughCacheRules[0].RegistryId)
	pages, _ = describeRules(t, f, 100)
	require.Equal(t, [][]string{{"ROOT", "docker-hub", "ecr-public"}}, pages)
}

// Each upstream registry is inferred from its URL and takes the credentials
// it needs.
func TestCreatePullThroughCacheRuleUpstreams(t *testing.T) {
	tests := []struct {
		url        string
		upstream   types.UpstreamRegistry
		credential string
		role       *string
	}{
		{"public.ecr.aws", types.UpstreamRegistryEcrPublic, "", nil},
		{"registry.k8s.io", types.UpstreamRegistryK8s, "", nil},
		{"quay.io", types.UpstreamRegistryQuay, "", nil},
		{"quay.io", types.UpstreamRegistryQuay, dockerSecret, nil},
		{"registry-1.docker.io", types.UpstreamRegistryDockerHub, dockerSecret, nil},
		{"ghcr.io", types.UpstreamRegistryGitHubContainerRegistry, githubSecret, nil},
		{"registry.gitlab.com", types.UpstreamRegistryGitLabContainerRegistry, githubSecret, nil},
		{"myregistry.azurecr.io", types.UpstreamRegistryAzureContainerRegistry, githubSecret, nil},
		{"cgr.dev", types.UpstreamRegistryChainguard, githubSecret, nil},
		{"123456789012.dkr.ecr.us-west-2.amazonaws.com", types.UpstreamRegistryEcr, "", nil},
		{upstreamECR, types.UpstreamRegistryEcr, "", principal("puller")},
	}
	for _, tt := range tests {
		for _, given := range []types.UpstreamRegistry{"", tt.upstream} {
			t.Run(fmt.Sprintf("%s/%s/upstreamRegistry=%q", tt.url, tt.credential, given), func(t *testing.T) {
				f, _, _ := newFake(t)
				out := createRule(t, f, "cache", tt.url, func(in *ecr.CreatePullThroughCacheRuleInput) {
					in.UpstreamRegistry = given
					if tt.credential != "" {
						in.CredentialArn = aws.String(tt.credential)
					}
					in.CustomRoleArn = tt.role
				})
				require.Equal(t, tt.upstream, out.UpstreamRegistry)
				require.Equal(t, tt.url, *out.UpstreamRegistryUrl)
				_, rules := describeRules(t, f, 10)
				require.Equal(t, tt.upstream, rules[0].UpstreamRegistry)
			})
		}
	}
}

func TestCreatePullThroughCacheRuleErrors(t *testing.T) {
	create := func(prefix, url string, mod func(*ecr.CreatePullThroughCacheRuleInput)) func(f *ecrfake.Fake) (any, error) {
		return func(f *ecrfake.Fake) (any, error) {
			in := &ecr.CreatePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String(prefix), UpstreamRegistryUrl: aws.String(url)}
			if mod != nil {
				mod(in)
			}
			return nilOnError(f.CreatePullThroughCacheRule(context.Background(), in))
		}
	}
	tests := []struct {
		name      string
		setup     func(t *testing.T, f *ecrfake.Fake)
		call      func(f *ecrfake.Fake) (any, error)
		code, msg string
	}{
		{name: "missing both", call: func(f *ecrfake.Fake) (any, error) {
			return nilOnError(f.CreatePullThroughCacheRule(context.Background(), nil))
		},
			msg: "2 validation error(s) found.\n- missing required field, CreatePullThroughCacheRuleInput.EcrRepositoryPrefix.\n- missing required field, CreatePullThroughCacheRuleInput.UpstreamRegistryUrl.\n"},
		{name: "prefix too short", call: create("a", "public.ecr.aws", nil), code: "InvalidParameterException",
			msg: "Invalid parameter at 'ecrRepositoryPrefix' failed to satisfy constraint: 'must have length greater than or equal to 2'"},
		{name: "prefix too long", call: create(strings.Repeat("a", 31), "public.ecr.aws", nil), code: "InvalidParameterException",
			msg: "Invalid parameter at 'ecrRepositoryPrefix' failed to satisfy constraint: 'must have length less than or equal to 30'"},
		{name: "prefix upper-case", call: create("Hub", "public.ecr.aws", nil), code: "InvalidParameterException",
			msg: "Invalid parameter at 'ecrRepositoryPrefix' failed to satisfy constraint: '" + prefixPattern + "'"},
		{name: "unknown upstream registry enum", call: create("hub", "public.ecr.aws", func(in *ecr.CreatePullThroughCacheRuleInput) { in.UpstreamRegistry = "dockerhub" }),
			code: "InvalidParameterException",
			msg:  "Invalid parameter at 'upstreamRegistry' failed to satisfy constraint: 'Member must satisfy enum value set: [ecr, ecr-public, quay, k8s, docker-hub, github-container-registry, azure-container-registry, gitlab-container-registry, chainguard]'"},
		{name: "a self-hosted registry (the real response of goharbor/harbor#20174)", call: create("harbor", "harbor.example.com", nil), code: "UnsupportedUpstreamRegistryException",
			msg: "The upstream registry URL harbor.example.com is invalid. Specify a valid upstream registry URL and try again"},
		{name: "unsupported URL", call: create("hub", "docker.io", nil), code: "UnsupportedUpstreamRegistryException",
			msg: "The upstream registry URL docker.io is invalid. Specify a valid upstream registry URL and try again"},
		{name: "URL with a scheme", call: create("hub", "https://public.ecr.aws", nil), code: "UnsupportedUpstreamRegistryException",
			msg: "The upstream registry URL https://public.ecr.aws is invalid. Specify a valid upstream registry URL and try again"},
		{name: "URL of another upstream registry", call: create("hub", "public.ecr.aws", func(in *ecr.CreatePullThroughCacheRuleInput) { in.UpstreamRegistry = types.UpstreamRegistryQuay }),
			code: "UnsupportedUpstreamRegistryException", msg: "The specified upstream registry URL 'public.ecr.aws' does not belong to the upstream registry 'quay'"},
		{name: "docker hub without a secret", call: create("hub", "registry-1.docker.io", nil), code: "UnsupportedUpstreamRegistryException", msg: requiresSecret},
		{name: "github without a secret", call: create("gh", "ghcr.io", nil), code: "UnsupportedUpstreamRegistryException", msg: requiresSecret},
		{name: "azure without a secret", call: create("az", "myregistry.azurecr.io", nil), code: "UnsupportedUpstreamRegistryException", msg: requiresSecret},
		{name: "ECR of another account without a role", call: create("mirror", upstreamECR, nil), code: "UnsupportedUpstreamRegistryException", msg: requiresRole},
		{name: "secret not for pull through cache", call: create("hub", "registry-1.docker.io", func(in *ecr.CreatePullThroughCacheRuleInput) {
			in.CredentialArn = aws.String("arn:aws:secretsmanager:us-east-1:123456789012:secret:docker-hub-AbCdEf")
		}), code: "InvalidParameterException",
			msg: `Invalid parameter at 'credentialArn' failed to satisfy constraint: 'must satisfy regular expression '^arn:aws(-\w+)*:secretsmanager:[a-zA-Z0-9-:]+:secret:ecr\-pullthroughcache\/[a-zA-Z0-9\/_+=.@-]+$''`},
		{name: "custom role too long", call: create("hub", "public.ecr.aws", func(in *ecr.CreatePullThroughCacheRuleInput) {
			in.CustomRoleArn = aws.String(strings.Repeat("r", 2049))
		}),
			code: "InvalidParameterException", msg: "Invalid parameter at 'customRoleArn' failed to satisfy constraint: 'must have length less than or equal to 2048'"},
		{name: "upstream prefix with ROOT", call: create("ROOT", upstreamECR, func(in *ecr.CreatePullThroughCacheRuleInput) {
			in.CustomRoleArn, in.UpstreamRepositoryPrefix = principal("puller"), aws.String("team-a")
		}), code: "InvalidParameterException",
			msg: "Invalid parameter at 'upstreamRepositoryPrefix' failed to satisfy constraint: 'An upstream repository prefix can only be set when the ecrRepositoryPrefix is not ROOT'"},
		{name: "upstream prefix for a public upstream", call: create("ecr-public", "public.ecr.aws", func(in *ecr.CreatePullThroughCacheRuleInput) { in.UpstreamRepositoryPrefix = aws.String("team-a") }),
			code: "InvalidParameterException", msg: "Invalid parameter at 'upstreamRepositoryPrefix' failed to satisfy constraint: 'An upstream repository prefix can only be set for the upstream registry 'ecr''"},
		{name: "upstream prefix pattern", call: create("mirror", upstreamECR, func(in *ecr.CreatePullThroughCacheRuleInput) {
			in.CustomRoleArn, in.UpstreamRepositoryPrefix = principal("puller"), aws.String("Team")
		}), code: "InvalidParameterException", msg: "Invalid parameter at 'upstreamRepositoryPrefix' failed to satisfy constraint: '" + prefixPattern + "'"},
		{name: "bad registry id", call: create("hub", "public.ecr.aws", func(in *ecr.CreatePullThroughCacheRuleInput) { in.RegistryId = aws.String("12345") }),
			code: "InvalidParameterException", msg: "Invalid parameter at 'registryId' failed to satisfy constraint: 'must satisfy regular expression '[0-9]{12}''"},
		{name: "prefix in use", call: create("existing", "quay.io", nil), code: "PullThroughCacheRuleAlreadyExistsException",
			msg: "The pull through cache rule with prefix 'existing' already exists in the registry with id '123456789012'"},
		{name: "prefix in use, with a trailing slash", call: create("existing/", "quay.io", nil), code: "PullThroughCacheRuleAlreadyExistsException",
			msg: "The pull through cache rule with prefix 'existing/' already exists in the registry with id '123456789012'"},
		{name: "beyond 50 rules", setup: func(t *testing.T, f *ecrfake.Fake) {
			for i := range 49 {
				createRule(t, f, fmt.Sprintf("cache-%02d", i), "quay.io", nil)
			}
		}, call: create("one-too-many", "quay.io", nil), code: "LimitExceededException",
			msg: "The maximum allowed number of pull through cache rules per registry which is '50' has been exceeded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, _ := newFake(t)
			createRule(t, f, "existing", "public.ecr.aws", nil)
			if tt.setup != nil {
				tt.setup(t, f)
			}
			requireFailsUnchanged(t, f, tt.code, tt.msg, func() (any, error) { return tt.call(f) })
		})
	}
}

// 50 rules per registry: each registry counts its own.
func TestPullThroughCacheRuleLimitPerRegistry(t *testing.T) {
	f, _, ctx := newFake(t)
	for i := range 50 {
		createRule(t, f, fmt.Sprintf("cache-%02d", i), "quay.io", nil)
	}
	createRule(t, f, "cache-00", "quay.io", func(in *ecr.CreatePullThroughCacheRuleInput) { in.RegistryId = aws.String("210987654321") })
	_, err := f.DeletePullThroughCacheRule(ctx, &ecr.DeletePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String("cache-07")})
	require.NoError(t, err)
	createRule(t, f, "cache-50", "quay.io", nil)
}

func TestPullThroughCacheRuleOperationErrors(t *testing.T) {
	ctx := context.Background()
	update := func(in *ecr.UpdatePullThroughCacheRuleInput) func(f *ecrfake.Fake) (any, error) {
		return func(f *ecrfake.Fake) (any, error) { return nilOnError(f.UpdatePullThroughCacheRule(ctx, in)) }
	}
	describe := func(in *ecr.DescribePullThroughCacheRulesInput) func(f *ecrfake.Fake) (any, error) {
		return func(f *ecrfake.Fake) (any, error) { return nilOnError(f.DescribePullThroughCacheRules(ctx, in)) }
	}
	tests := []struct {
		name      string
		call      func(f *ecrfake.Fake) (any, error)
		code, msg string
	}{
		{name: "delete: missing prefix", call: func(f *ecrfake.Fake) (any, error) { return nilOnError(f.DeletePullThroughCacheRule(ctx, nil)) },
			msg: "missing required field, DeletePullThroughCacheRuleInput.EcrRepositoryPrefix"},
		{name: "delete: unknown prefix", call: func(f *ecrfake.Fake) (any, error) {
			return nilOnError(f.DeletePullThroughCacheRule(ctx, &ecr.DeletePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String("quay")}))
		}, code: "PullThroughCacheRuleNotFoundException", msg: ruleNotFound("quay")},
		{name: "delete: a rule of another registry", call: func(f *ecrfake.Fake) (any, error) {
			return nilOnError(f.DeletePullThroughCacheRule(ctx, &ecr.DeletePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String("hub"), RegistryId: aws.String("210987654321")}))
		}, code: "PullThroughCacheRuleNotFoundException", msg: "The pull through cache rule with prefix 'hub' does not exist in the registry with id '210987654321'"},
		{name: "validate: unknown prefix", call: func(f *ecrfake.Fake) (any, error) {
			return nilOnError(f.ValidatePullThroughCacheRule(ctx, &ecr.ValidatePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String("quay/")}))
		}, code: "PullThroughCacheRuleNotFoundException", msg: ruleNotFound("quay/")},
		{name: "validate: missing prefix", call: func(f *ecrfake.Fake) (any, error) { return nilOnError(f.ValidatePullThroughCacheRule(ctx, nil)) },
			msg: "missing required field, ValidatePullThroughCacheRuleInput.EcrRepositoryPrefix"},
		{name: "update: missing prefix", call: update(&ecr.UpdatePullThroughCacheRuleInput{}), msg: "missing required field, UpdatePullThroughCacheRuleInput.EcrRepositoryPrefix"},
		{name: "update: no credentials", call: update(&ecr.UpdatePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String("hub")}),
			code: "InvalidParameterException", msg: "Invalid input: Please set either credential arn or role arn to update the credentials"},
		{name: "update: unknown prefix", call: update(&ecr.UpdatePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String("quay"), CredentialArn: aws.String(githubSecret)}),
			code: "PullThroughCacheRuleNotFoundException", msg: ruleNotFound("quay")},
		{name: "update: removing the role an ECR upstream needs", call: update(&ecr.UpdatePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String("mirror"), CustomRoleArn: aws.String("")}),
			code: "UnsupportedUpstreamRegistryException", msg: requiresRole},
		{name: "update: bad credential ARN", call: update(&ecr.UpdatePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String("hub"), CredentialArn: aws.String("arn:aws:secretsmanager")}),
			code: "InvalidParameterException", msg: "Invalid parameter at 'credentialArn' failed to satisfy constraint: 'must have length greater than or equal to 50'"},
		{name: "describe: unknown prefix among known ones", call: describe(&ecr.DescribePullThroughCacheRulesInput{EcrRepositoryPrefixes: []string{"hub", "quay", "mirror"}}),
			code: "PullThroughCacheRuleNotFoundException", msg: ruleNotFound("quay")},
		{name: "describe: empty prefix list", call: describe(&ecr.DescribePullThroughCacheRulesInput{EcrRepositoryPrefixes: []string{}}),
			code: "InvalidParameterException", msg: "Invalid parameter at 'ecrRepositoryPrefixes' failed to satisfy constraint: 'Member must have length greater than or equal to 1'"},
		{name: "describe: more than 100 prefixes", call: describe(&ecr.DescribePullThroughCacheRulesInput{EcrRepositoryPrefixes: make101Prefixes()}),
			code: "InvalidParameterException", msg: "Invalid parameter at 'ecrRepositoryPrefixes' failed to satisfy constraint: 'Member must have length less than or equal to 100'"},
		{name: "describe: maxResults 0", call: describe(&ecr.DescribePullThroughCacheRulesInput{MaxResults: aws.Int32(0)}),
			code: "InvalidParameterException", msg: "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value greater than or equal to 1'"},
		{name: "describe: maxResults 1001", call: describe(&ecr.DescribePullThroughCacheRulesInput{MaxResults: aws.Int32(1001)}),
			code: "InvalidParameterException", msg: "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to 1000'"},
		{name: "describe: garbage token", call: describe(&ecr.DescribePullThroughCacheRulesInput{NextToken: aws.String("x")}),
			code: "InvalidParameterException", msg: invalidNextToken},
		{name: "describe: a token for other prefixes", call: func(f *ecrfake.Fake) (any, error) {
			page, err := f.DescribePullThroughCacheRules(ctx, &ecr.DescribePullThroughCacheRulesInput{MaxResults: aws.Int32(1)})
			require.NoError(t, err)
			return nilOnError(f.DescribePullThroughCacheRules(ctx, &ecr.DescribePullThroughCacheRulesInput{NextToken: page.NextToken, EcrRepositoryPrefixes: []string{"hub", "mirror"}}))
		}, code: "InvalidParameterException", msg: invalidNextToken},
		{name: "describe: a token of another registry", call: func(f *ecrfake.Fake) (any, error) {
			page, err := f.DescribePullThroughCacheRules(ctx, &ecr.DescribePullThroughCacheRulesInput{MaxResults: aws.Int32(1)})
			require.NoError(t, err)
			return nilOnError(f.DescribePullThroughCacheRules(ctx, &ecr.DescribePullThroughCacheRulesInput{NextToken: page.NextToken, RegistryId: aws.String("210987654321")}))
		}, code: "InvalidParameterException", msg: invalidNextToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, _ := newFake(t)
			createRule(t, f, "hub", "registry-1.docker.io", func(in *ecr.CreatePullThroughCacheRuleInput) { in.CredentialArn = aws.String(dockerSecret) })
			createRule(t, f, "mirror", upstreamECR, func(in *ecr.CreatePullThroughCacheRuleInput) { in.CustomRoleArn = principal("puller") })
			requireFailsUnchanged(t, f, tt.code, tt.msg, func() (any, error) { return tt.call(f) })
		})
	}
}

func make101Prefixes() []string {
	out := make([]string, 101)
	for i := range out {
		out[i] = fmt.Sprintf("p%03d", i)
	}
	return out
}

func TestUpdatePullThroughCacheRuleFields(t *testing.T) {
	f, clock, ctx := newFake(t)
	createRule(t, f, "mirror", upstreamECR, func(in *ecr.CreatePullThroughCacheRuleInput) {
		in.CustomRoleArn, in.UpstreamRepositoryPrefix = principal("puller"), aws.String("team-a/")
	})
	createRule(t, f, "own", "123456789012.dkr.ecr.us-west-2.amazonaws.com", func(in *ecr.CreatePullThroughCacheRuleInput) { in.CustomRoleArn = principal("own") })

	clock.Advance(time.Second)
	out, err := f.UpdatePullThroughCacheRule(ctx, &ecr.UpdatePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String("mirror"), CustomRoleArn: principal("other")})
	require.NoError(t, err)
	require.Equal(t, &ecr.UpdatePullThroughCacheRuleOutput{
		EcrRepositoryPrefix: aws.String("mirror"), RegistryId: aws.String(ownAccount), UpdatedAt: aws.Time(epoch.Add(time.Second)),
		CustomRoleArn: principal("other"), UpstreamRepositoryPrefix: aws.String("team-a/"),
	}, out, "only the given field changes")

	// The same account's registry needs no role, so it may be removed.
	clock.Advance(time.Second)
	out, err = f.UpdatePullThroughCacheRule(ctx, &ecr.UpdatePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String("own"), CustomRoleArn: aws.String("")})
	require.NoError(t, err)
	require.Nil(t, out.CustomRoleArn)
	_, rules := describeRules(t, f, 10, "own", "mirror")
	require.Len(t, rules, 2)
	require.Equal(t, "mirror", *rules[0].EcrRepositoryPrefix)
	require.Equal(t, *principal("other"), *rules[0].CustomRoleArn)
	require.Nil(t, rules[1].CustomRoleArn)
	require.Equal(t, epoch.Add(2*time.Second), *rules[1].UpdatedAt)
}

func TestDescribePullThroughCacheRulesPages(t *testing.T) {
	f, _, ctx := newFake(t)
	prefixes := []string{"ROOT", "aa", "bb/", "cc", "dd", "ee", "ff"}
	for _, p := range []string{"ff", "bb/", "ROOT", "dd", "aa", "ee", "cc"} {
		createRule(t, f, p, "quay.io", nil)
	}
	pages, _ := describeRules(t, f, 1000)
	require.Equal(t, [][]string{prefixes}, pages)
	pages, _ = describeRules(t, f, 3)
	require.Equal(t, [][]string{prefixes[:3], prefixes[3:6], prefixes[6:]}, pages)
	pages, _ = describeRules(t, f, 7)
	require.Equal(t, [][]string{prefixes}, pages, "a full last page carries no token")
	pages, _ = describeRules(t, f, 2, "ff", "bb", "cc/", "ROOT", "bb/")
	require.Equal(t, [][]string{{"ROOT", "bb/"}, {"cc", "ff"}}, pages, "named rules in prefix order, once each")

	// A token resumes after its prefix whatever changed in between.
	first, err := f.DescribePullThroughCacheRules(ctx, &ecr.DescribePullThroughCacheRulesInput{MaxResults: aws.Int32(2)})
	require.NoError(t, err)
	_, err = f.DeletePullThroughCacheRule(ctx, &ecr.DeletePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String("bb")})
	require.NoError(t, err)
	createRule(t, f, "ab", "quay.io", nil)
	createRule(t, f, "ac", "quay.io", nil)
	next, err := f.DescribePullThroughCacheRules(ctx, &ecr.DescribePullThroughCacheRulesInput{MaxResults: aws.Int32(3), NextToken: first.NextToken})
	require.NoError(t, err)
	var got []string
	for _, r := range next.PullThroughCacheRules {
		got = append(got, *r.EcrRepositoryPrefix)
	}
	require.Equal(t, []string{"ab", "ac", "cc"}, got)

	// The SDK paginator walks every page.
	p := ecr.NewDescribePullThroughCacheRulesPaginator(f, &ecr.DescribePullThroughCacheRulesInput{MaxResults: aws.Int32(2)})
	n := 0
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		require.NoError(t, err)
		n += len(page.PullThroughCacheRules)
	}
	require.Equal(t, 8, n)
}

// Secret checks are not modelled; a fault stands in for them.
func TestPullThroughCacheSecretFaults(t *testing.T) {
	f, _, ctx := newFake(t)
	f.Inject(ecrfake.Fail(ecrfake.OpCreatePullThroughCacheRule, &types.SecretNotFoundException{Message: aws.String("secret not found")}).Times(1))
	requireFailsUnchanged(t, f, "SecretNotFoundException", "secret not found", func() (any, error) {
		return nilOnError(f.CreatePullThroughCacheRule(ctx, &ecr.CreatePullThroughCacheRuleInput{
			EcrRepositoryPrefix: aws.String("hub"), UpstreamRegistryUrl: aws.String("registry-1.docker.io"), CredentialArn: aws.String(dockerSecret),
		}))
	})
	createRule(t, f, "hub", "registry-1.docker.io", func(in *ecr.CreatePullThroughCacheRuleInput) { in.CredentialArn = aws.String(dockerSecret) })
}

func TestSnapshotRestoresPullThroughAndTemplates(t *testing.T) {
	f, clock, ctx := newFake(t)
	createRule(t, f, "hub", "registry-1.docker.io", func(in *ecr.CreatePullThroughCacheRuleInput) { in.CredentialArn = aws.String(dockerSecret) })
	createTemplate(t, f, "prod", func(in *ecr.CreateRepositoryCreationTemplateInput) {
		in.ResourceTags = []types.Tag{{Key: aws.String("team"), Value: aws.String("core")}}
	})
	want := cacheView(t, f)
	snap := f.Snapshot()

	clock.Advance(time.Hour)
	_, err := f.UpdatePullThroughCacheRule(ctx, &ecr.UpdatePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String("hub"), CredentialArn: aws.String(githubSecret)})
	require.NoError(t, err)
	createRule(t, f, "quay", "quay.io", nil)
	_, err = f.UpdateRepositoryCreationTemplate(ctx, &ecr.UpdateRepositoryCreationTemplateInput{Prefix: aws.String("prod"), ResourceTags: []types.Tag{}})
	require.NoError(t, err)
	createTemplate(t, f, "dev", nil)
	require.NotEqual(t, want, cacheView(t, f))

	f.Restore(snap)
	require.Equal(t, want, cacheView(t, f))

	// The snapshot is independent of the restored fake.
	_, err = f.DeleteRepositoryCreationTemplate(ctx, &ecr.DeleteRepositoryCreationTemplateInput{Prefix: aws.String("prod")})
	require.NoError(t, err)
	_, err = f.DeletePullThroughCacheRule(ctx, &ecr.DeletePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String("hub")})
	require.NoError(t, err)
	f.Restore(snap)
	require.Equal(t, want, cacheView(t, f))

	f.Reset()
	fresh, _, _ := newFake(t)
	require.Equal(t, cacheView(t, fresh), cacheView(t, f))
}

// cacheAPI is what the pull-through and template tests call, on a Fake and
// on its SDK client alike.
type cacheAPI interface {
	CreatePullThroughCacheRule(context.Context, *ecr.CreatePullThroughCacheRuleInput, ...func(*ecr.Options)) (*ecr.CreatePullThroughCacheRuleOutput, error)
	DescribePullThroughCacheRules(context.Context, *ecr.DescribePullThroughCacheRulesInput, ...func(*ecr.Options)) (*ecr.DescribePullThroughCacheRulesOutput, error)
	UpdatePullThroughCacheRule(context.Context, *ecr.UpdatePullThroughCacheRuleInput, ...func(*ecr.Options)) (*ecr.UpdatePullThroughCacheRuleOutput, error)
	ValidatePullThroughCacheRule(context.Context, *ecr.ValidatePullThroughCacheRuleInput, ...func(*ecr.Options)) (*ecr.ValidatePullThroughCacheRuleOutput, error)
	DeletePullThroughCacheRule(context.Context, *ecr.DeletePullThroughCacheRuleInput, ...func(*ecr.Options)) (*ecr.DeletePullThroughCacheRuleOutput, error)
	CreateRepositoryCreationTemplate(context.Context, *ecr.CreateRepositoryCreationTemplateInput, ...func(*ecr.Options)) (*ecr.CreateRepositoryCreationTemplateOutput, error)
	DescribeRepositoryCreationTemplates(context.Context, *ecr.DescribeRepositoryCreationTemplatesInput, ...func(*ecr.Options)) (*ecr.DescribeRepositoryCreationTemplatesOutput, error)
	UpdateRepositoryCreationTemplate(context.Context, *ecr.UpdateRepositoryCreationTemplateInput, ...func(*ecr.Options)) (*ecr.UpdateRepositoryCreationTemplateOutput, error)
	DeleteRepositoryCreationTemplate(context.Context, *ecr.DeleteRepositoryCreationTemplateInput, ...func(*ecr.Options)) (*ecr.DeleteRepositoryCreationTemplateOutput, error)
}

var (
	_ cacheAPI = (*ecrfake.Fake)(nil)
	_ cacheAPI = (*ecr.Client)(nil)
)

// The nine operations answer the same called directly and through
// f.Client(): outputs (empty lists included) and errors, request ids and all.
func TestPullThroughAndTemplatesDirectAndClientAgree(t *testing.T) {
	ctx := context.Background()
	script := func(t *testing.T, c cacheAPI, clock *ecrfake.ManualClock) []step {
		var steps []step
		rec := func(name string, out any, err error) { steps = append(steps, step{name, out, err}) }

		o1, err := c.DescribePullThroughCacheRules(ctx, nil)
		rec("describe rules, none", o1, err)
		o2, err := c.CreatePullThroughCacheRule(ctx, &ecr.CreatePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String("hub/"), UpstreamRegistryUrl: aws.String("registry-1.docker.io"), CredentialArn: aws.String(dockerSecret)})
		rec("create rule", o2, err)
		o2, err = c.CreatePullThroughCacheRule(ctx, &ecr.CreatePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String("mirror"), UpstreamRegistryUrl: aws.String(upstreamECR), CustomRoleArn: principal("p"), UpstreamRepositoryPrefix: aws.String("team")})
		rec("create ECR rule", o2, err)
		o2, err = c.CreatePullThroughCacheRule(ctx, &ecr.CreatePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String("ghcr"), UpstreamRegistryUrl: aws.String("ghcr.io")})
		rec("create rule without a secret", o2, err)
		o2, err = c.CreatePullThroughCacheRule(ctx, &ecr.CreatePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String("hub"), UpstreamRegistryUrl: aws.String("quay.io")})
		rec("create rule, prefix in use", o2, err)
		clock.Advance(time.Minute)
		o3, err := c.UpdatePullThroughCacheRule(ctx, &ecr.UpdatePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String("hub"), CredentialArn: aws.String(githubSecret)})
		rec("update rule", o3, err)
		o3, err = c.UpdatePullThroughCacheRule(ctx, &ecr.UpdatePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String("hub")})
		rec("update rule without credentials", o3, err)
		o4, err := c.ValidatePullThroughCacheRule(ctx, &ecr.ValidatePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String("mirror")})
		rec("validate rule", o4, err)
		o4, err = c.ValidatePullThroughCacheRule(ctx, &ecr.ValidatePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String("nope")})
		rec("validate unknown rule", o4, err)
		o1, err = c.DescribePullThroughCacheRules(ctx, &ecr.DescribePullThroughCacheRulesInput{MaxResults: aws.Int32(1)})
		rec("describe rules, page 1", o1, err)
		if err == nil {
			o1, err = c.DescribePullThroughCacheRules(ctx, &ecr.DescribePullThroughCacheRulesInput{MaxResults: aws.Int32(1), NextToken: o1.NextToken})
			rec("describe rules, page 2", o1, err)
		}
		o1, err = c.DescribePullThroughCacheRules(ctx, &ecr.DescribePullThroughCacheRulesInput{EcrRepositoryPrefixes: []string{"hub", "nope"}})
		rec("describe unknown rule", o1, err)
		o5, err := c.DeletePullThroughCacheRule(ctx, &ecr.DeletePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String("hub")})
		rec("delete rule", o5, err)
		o5, err = c.DeletePullThroughCacheRule(ctx, &ecr.DeletePullThroughCacheRuleInput{EcrRepositoryPrefix: aws.String("hub")})
		rec("delete rule twice", o5, err)

		o6, err := c.DescribeRepositoryCreationTemplates(ctx, nil)
		rec("describe templates, none", o6, err)
		o7, err := c.CreateRepositoryCreationTemplate(ctx, &ecr.CreateRepositoryCreationTemplateInput{Prefix: aws.String("ROOT"), AppliedFor: []types.RCTAppliedFor{types.RCTAppliedForPullThroughCache}})
		rec("create minimal template", o7, err)
		o7, err = c.CreateRepositoryCreationTemplate(ctx, fullTemplate("prod/"))
		rec("create full template", o7, err)
		o7, err = c.CreateRepositoryCreationTemplate(ctx, &ecr.CreateRepositoryCreationTemplateInput{Prefix: aws.String("dev"), AppliedFor: []types.RCTAppliedFor{}})
		rec("create template for nothing", o7, err)
		o7, err = c.CreateRepositoryCreationTemplate(ctx, &ecr.CreateRepositoryCreationTemplateInput{Prefix: aws.String("prod"), AppliedFor: []types.RCTAppliedFor{types.RCTAppliedForReplication}})
		rec("create template, prefix in use", o7, err)
		clock.Advance(time.Minute)
		o8, err := c.UpdateRepositoryCreationTemplate(ctx, &ecr.UpdateRepositoryCreationTemplateInput{Prefix: aws.String("prod"), ResourceTags: []types.Tag{}, Description: aws.String("")})
		rec("update template, clearing", o8, err)
		o8, err = c.UpdateRepositoryCreationTemplate(ctx, &ecr.UpdateRepositoryCreationTemplateInput{Prefix: aws.String("prod"), LifecyclePolicy: aws.String("{}")})
		rec("update template, bad lifecycle policy", o8, err)
		o6, err = c.DescribeRepositoryCreationTemplates(ctx, &ecr.DescribeRepositoryCreationTemplatesInput{MaxResults: aws.Int32(1)})
		rec("describe templates, page 1", o6, err)
		if err == nil {
			o6, err = c.DescribeRepositoryCreationTemplates(ctx, &ecr.DescribeRepositoryCreationTemplatesInput{MaxResults: aws.Int32(1), NextToken: o6.NextToken})
			rec("describe templates, page 2", o6, err)
		}
		o6, err = c.DescribeRepositoryCreationTemplates(ctx, &ecr.DescribeRepositoryCreationTemplatesInput{Prefixes: []string{"nope"}})
		rec("describe unknown template", o6, err)
		o9, err := c.DeleteRepositoryCreationTemplate(ctx, &ecr.DeleteRepositoryCreationTemplateInput{Prefix: aws.String("prod/")})
		rec("delete template", o9, err)
		o9, err = c.DeleteRepositoryCreationTemplate(ctx, &ecr.DeleteRepositoryCreationTemplateInput{Prefix: aws.String("prod/")})
		rec("delete template twice", o9, err)
		return steps
	}
	run := func(wire bool) []step {
		f, clock, _ := newFake(t)
		var c cacheAPI = f
		if wire {
			c = f.Client(func(o *ecr.Options) { o.Retryer = aws.NopRetryer{} })
		}
		return script(t, c, clock)
	}
	direct, wire := run(false), run(true)
	require.Len(t, wire, len(direct))
	for i := range direct {
		requireSameStep(t, direct[i], wire[i])
	}
}
