package state

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/require"
)

const ptcSecret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf"

func TestUpstreamOf(t *testing.T) {
	tests := []struct {
		url     string
		kind    types.UpstreamRegistry
		account string
	}{
		{"public.ecr.aws", types.UpstreamRegistryEcrPublic, ""},
		{"registry-1.docker.io", types.UpstreamRegistryDockerHub, ""},
		{"ghcr.io", types.UpstreamRegistryGitHubContainerRegistry, ""},
		{"registry.gitlab.com", types.UpstreamRegistryGitLabContainerRegistry, ""},
		{"registry.k8s.io", types.UpstreamRegistryK8s, ""},
		{"quay.io", types.UpstreamRegistryQuay, ""},
		{"cgr.dev", types.UpstreamRegistryChainguard, ""},
		{"myregistry.azurecr.io", types.UpstreamRegistryAzureContainerRegistry, ""},
		{"210987654321.dkr.ecr.eu-west-1.amazonaws.com", types.UpstreamRegistryEcr, "210987654321"},
		{"210987654321.dkr.ecr.cn-north-1.amazonaws.com.cn", types.UpstreamRegistryEcr, "210987654321"},
		{"docker.io", "", ""},
		{"https://public.ecr.aws", "", ""},
		{"public.ecr.aws/", "", ""},
		{"PUBLIC.ECR.AWS", "", ""},
		{"my.registry.azurecr.io", "", ""},
		{".azurecr.io", "", ""},
		{"21098765432.dkr.ecr.eu-west-1.amazonaws.com", "", ""},
		{"210987654321.dkr.ecr.eu-west-1.amazonaws.com.evil", "", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			kind, account, ok := upstreamOf(tt.url)
			require.Equal(t, tt.kind != "", ok)
			require.Equal(t, tt.kind, kind)
			require.Equal(t, tt.account, account)
		})
	}
}

func TestPrefixKey(t *testing.T) {
	for in, want := range map[string]string{"prod": "prod", "prod/": "prod", "a/b/": "a/b", "ROOT": "ROOT"} {
		require.Equal(t, want, prefixKey(in), in)
	}
}

func TestPageByKey(t *testing.T) {
	items := []string{"a", "b", "c", "d", "e"}
	key := func(s string) string { return s }
	fp := fingerprint(kindPullThroughRules, "scope")
	var pages [][]string
	var token *string
	for {
		page, next, err := pageByKey(items, key, kindPullThroughRules, fp, token, 2)
		require.NoError(t, err)
		pages = append(pages, page)
		if next == nil {
			break
		}
		require.NotEmpty(t, *next)
		token = next
	}
	require.Equal(t, [][]string{{"a", "b"}, {"c", "d"}, {"e"}}, pages)

	// A token resumes after its key, whatever was inserted or removed.
	_, next, err := pageByKey(items, key, kindPullThroughRules, fp, nil, 2)
	require.NoError(t, err)
	page, _, err := pageByKey([]string{"a", "bb", "d", "e"}, key, kindPullThroughRules, fp, next, 2)
	require.NoError(t, err)
	require.Equal(t, []string{"bb", "d"}, page)

	_, _, err = pageByKey(items, key, kindCreationTemplates, fp, next, 2)
	require.ErrorContains(t, err, "Invalid NextToken", "another listing's token")
	_, _, err = pageByKey(items, key, kindPullThroughRules, fingerprint(kindPullThroughRules, "other"), next, 2)
	require.ErrorContains(t, err, "Invalid NextToken", "another scope's token")

	page, next, err = pageByKey(items, key, kindPullThroughRules, fp, nil, 5)
	require.NoError(t, err)
	require.Equal(t, items, page)
	require.Nil(t, next, "a full last page carries no token")
}

// seedPullThroughAndTemplates gives the seeded world rules and templates
// with every optional member set somewhere.
func seedPullThroughAndTemplates(f *worldFixture) {
	f.tb.Helper()
	for _, in := range []*ecr.CreatePullThroughCacheRuleInput{
		{EcrRepositoryPrefix: strp("ecr-public"), UpstreamRegistryUrl: strp("public.ecr.aws")},
		{EcrRepositoryPrefix: strp("docker-hub/"), UpstreamRegistryUrl: strp("registry-1.docker.io"), CredentialArn: strp(ptcSecret)},
		{EcrRepositoryPrefix: strp("mirror"), UpstreamRegistryUrl: strp("210987654321.dkr.ecr.eu-west-1.amazonaws.com"),
			CustomRoleArn: roleARN("puller"), UpstreamRepositoryPrefix: strp("team-a")},
		{EcrRepositoryPrefix: strp("k8s"), UpstreamRegistryUrl: strp("registry.k8s.io"), RegistryId: strp(acctOther)},
	} {
		_, err := f.w.CreatePullThroughCacheRule(f.tick(), in)
		require.NoError(f.tb, err)
	}
	for _, in := range []*ecr.CreateRepositoryCreationTemplateInput{
		{Prefix: strp("ROOT"), AppliedFor: []types.RCTAppliedFor{types.RCTAppliedForPullThroughCache}},
		{Prefix: strp("prod/"), AppliedFor: []types.RCTAppliedFor{types.RCTAppliedForReplication, types.RCTAppliedForCreateOnPush},
			Description: strp("production"), RepositoryPolicy: strp(clonePolicy), CustomRoleArn: roleARN("creator"),
			ResourceTags:       []types.Tag{{Key: strp("team"), Value: strp("core")}, {Key: strp("env"), Value: strp("prod")}},
			ImageTagMutability: types.ImageTagMutabilityImmutableWithExclusion,
			ImageTagMutabilityExclusionFilters: []types.ImageTagMutabilityExclusionFilter{
				{Filter: strp("dev-*"), FilterType: types.ImageTagMutabilityExclusionFilterTypeWildcard},
			},
			EncryptionConfiguration: &types.EncryptionConfigurationForRepositoryCreationTemplate{
				EncryptionType: types.EncryptionTypeKms, KmsKey: strp("arn:aws:kms:us-east-1:123456789012:key/k1"),
			},
		},
	} {
		_, err := f.w.CreateRepositoryCreationTemplate(f.tick(), in)
		require.NoError(f.tb, err)
	}
}

// dumpPullThroughAndTemplates renders everything observable about the rules
// and templates of both registries, page by page.
func dumpPullThroughAndTemplates(tb testing.TB, w *World) string {
	tb.Helper()
	var out []any
	for _, reg := range []*string{nil, strp(acctOther)} {
		var token *string
		for {
			page, err := w.DescribePullThroughCacheRules(cloneEpoch, &ecr.DescribePullThroughCacheRulesInput{RegistryId: reg, MaxResults: ptr(int32(1)), NextToken: token})
			require.NoError(tb, err)
			out = append(out, page)
			if token = page.NextToken; token == nil {
				break
			}
		}
	}
	var token *string
	for {
		page, err := w.DescribeRepositoryCreationTemplates(cloneEpoch, &ecr.DescribeRepositoryCreationTemplatesInput{MaxResults: ptr(int32(1)), NextToken: token})
		require.NoError(tb, err)
		out = append(out, page)
		if token = page.NextToken; token == nil {
			break
		}
	}
	b, err := json.MarshalIndent(out, "", " ")
	require.NoError(tb, err)
	return string(b)
}

var pullThroughMutations = []cloneMutation{
	{"create a rule", func(f *worldFixture, _ seeded) {
		_, err := f.w.CreatePullThroughCacheRule(f.tick(), &ecr.CreatePullThroughCacheRuleInput{EcrRepositoryPrefix: strp("quay"), UpstreamRegistryUrl: strp("quay.io")})
		require.NoError(f.tb, err)
	}},
	{"update a rule", func(f *worldFixture, _ seeded) {
		_, err := f.w.UpdatePullThroughCacheRule(f.tick(), &ecr.UpdatePullThroughCacheRuleInput{EcrRepositoryPrefix: strp("mirror"), CustomRoleArn: roleARN("other")})
		require.NoError(f.tb, err)
	}},
	{"delete a rule of another registry", func(f *worldFixture, _ seeded) {
		_, err := f.w.DeletePullThroughCacheRule(f.tick(), &ecr.DeletePullThroughCacheRuleInput{EcrRepositoryPrefix: strp("k8s"), RegistryId: strp(acctOther)})
		require.NoError(f.tb, err)
	}},
	{"create a template", func(f *worldFixture, _ seeded) {
		_, err := f.w.CreateRepositoryCreationTemplate(f.tick(), &ecr.CreateRepositoryCreationTemplateInput{Prefix: strp("dev"), AppliedFor: []types.RCTAppliedFor{types.RCTAppliedForReplication}})
		require.NoError(f.tb, err)
	}},
	{"update a template's lists", func(f *worldFixture, _ seeded) {
		_, err := f.w.UpdateRepositoryCreationTemplate(f.tick(), &ecr.UpdateRepositoryCreationTemplateInput{
			Prefix: strp("prod"), AppliedFor: []types.RCTAppliedFor{types.RCTAppliedForPullThroughCache},
			ResourceTags: []types.Tag{{Key: strp("team"), Value: strp("edge")}},
			ImageTagMutabilityExclusionFilters: []types.ImageTagMutabilityExclusionFilter{
				{Filter: strp("rc-*"), FilterType: types.ImageTagMutabilityExclusionFilterTypeWildcard},
			},
		})
		require.NoError(f.tb, err)
	}},
	{"delete a template", func(f *worldFixture, _ seeded) {
		_, err := f.w.DeleteRepositoryCreationTemplate(f.tick(), &ecr.DeleteRepositoryCreationTemplateInput{Prefix: strp("ROOT")})
		require.NoError(f.tb, err)
	}},
}

// Clone copies rules and templates deeply: each world sees only its own
// changes, and no memory is shared.
func TestClonePullThroughAndTemplates(t *testing.T) {
	for _, m := range pullThroughMutations {
		for _, target := range []string{"clone", "original"} {
			t.Run(m.name+"/in "+target, func(t *testing.T) {
				f, s := seedWorld(t)
				seedPullThroughAndTemplates(f)
				want := dumpPullThroughAndTemplates(t, f.w)
				c := f.w.Clone()
				require.Equal(t, want, dumpPullThroughAndTemplates(t, c))
				requireNoSharedMemory(t, f.w, c)

				mutated, other := c, f.w
				if target == "original" {
					mutated, other = f.w, c
				}
				m.run(&worldFixture{tb: t, w: mutated, now: f.now}, s)
				require.NotEqual(t, want, dumpPullThroughAndTemplates(t, mutated), "the mutation changed its world")
				require.Equal(t, want, dumpPullThroughAndTemplates(t, other), "the other world is unchanged")
				requireNoSharedMemory(t, f.w, c)
			})
		}
	}
}

// Reads never create a registry; failed writes leave no trace.
func TestPullThroughAndTemplatesReadsCreateNothing(t *testing.T) {
	w := New(cloneTestConfig())
	now := cloneEpoch
	_, err := w.DescribePullThroughCacheRules(now, &ecr.DescribePullThroughCacheRulesInput{RegistryId: strp(acctOther)})
	require.NoError(t, err)
	_, err = w.DescribeRepositoryCreationTemplates(now, &ecr.DescribeRepositoryCreationTemplatesInput{Prefixes: []string{"prod"}})
	require.NoError(t, err)
	for _, fail := range []func() error{
		func() error {
			_, err := w.DescribePullThroughCacheRules(now, &ecr.DescribePullThroughCacheRulesInput{EcrRepositoryPrefixes: []string{"hub"}})
			return err
		},
		func() error {
			_, err := w.ValidatePullThroughCacheRule(now, &ecr.ValidatePullThroughCacheRuleInput{EcrRepositoryPrefix: strp("hub")})
			return err
		},
		func() error {
			_, err := w.UpdatePullThroughCacheRule(now, &ecr.UpdatePullThroughCacheRuleInput{EcrRepositoryPrefix: strp("hub"), CredentialArn: strp(ptcSecret)})
			return err
		},
		func() error {
			_, err := w.DeletePullThroughCacheRule(now, &ecr.DeletePullThroughCacheRuleInput{EcrRepositoryPrefix: strp("hub")})
			return err
		},
		func() error {
			_, err := w.CreatePullThroughCacheRule(now, &ecr.CreatePullThroughCacheRuleInput{EcrRepositoryPrefix: strp("hub"), UpstreamRegistryUrl: strp("registry-1.docker.io")})
			return err
		},
		func() error {
			_, err := w.CreateRepositoryCreationTemplate(now, &ecr.CreateRepositoryCreationTemplateInput{Prefix: strp("prod"), AppliedFor: []types.RCTAppliedFor{}})
			return err
		},
		func() error {
			_, err := w.UpdateRepositoryCreationTemplate(now, &ecr.UpdateRepositoryCreationTemplateInput{Prefix: strp("prod")})
			return err
		},
		func() error {
			_, err := w.DeleteRepositoryCreationTemplate(now, &ecr.DeleteRepositoryCreationTemplateInput{Prefix: strp("prod")})
			return err
		},
	} {
		require.Error(t, fail())
	}
	require.Empty(t, w.registries)
}

// A rule is found by its prefix with or without the trailing '/', and
// listed by it in prefix order.
func TestPullThroughRulesByPrefixKey(t *testing.T) {
	f := &worldFixture{tb: t, w: New(cloneTestConfig()), now: cloneEpoch}
	for _, p := range []string{"b/", "a", "c/d", "ROOT"} {
		_, err := f.w.CreatePullThroughCacheRule(f.tick(), &ecr.CreatePullThroughCacheRuleInput{EcrRepositoryPrefix: strp(p), UpstreamRegistryUrl: strp("quay.io")})
		require.NoError(t, err, p)
	}
	var keys []string
	for _, r := range f.w.registries[acctOwn].pullThrough {
		keys = append(keys, fmt.Sprintf("%s=%s", r.key, r.prefix))
	}
	require.Equal(t, []string{"ROOT=ROOT", "a=a", "b=b/", "c/d=c/d"}, keys)
	for _, p := range []string{"b", "b/", "a/", "c/d/"} {
		out, err := f.w.ValidatePullThroughCacheRule(f.tick(), &ecr.ValidatePullThroughCacheRuleInput{EcrRepositoryPrefix: strp(p)})
		require.NoError(t, err, p)
		require.True(t, out.IsValid)
	}
}
