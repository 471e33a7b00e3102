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
	ownAccount = "123456789012"

	registryPolicy = `{"Version":"2012-10-17","Statement":[{"Sid":"replicate","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":["ecr:CreateRepository","ecr:ReplicateImage"],"Resource":"arn:aws:ecr:us-east-1:123456789012:repository/*"}]}`

	invalidRegistryPolicy = "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid registry policy provided'"
	registryPolicyMissing = "Registry policy does not exist in the registry with id '123456789012'"
	invalidNextToken      = "Invalid parameter at 'nextToken' failed to satisfy constraint: 'Invalid NextToken'"
)

// settingsView renders everything a client can see of the registry-level
// settings, so a test can check that a failed call changed none of it.
func settingsView(t testing.TB, f *ecrfake.Fake) string {
	t.Helper()
	ctx := context.Background()
	var seen []any
	add := func(out any, err error) {
		if err != nil {
			seen = append(seen, apiErr(err))
			return
		}
		seen = append(seen, out)
	}
	add(f.GetRegistryPolicy(ctx, nil))
	for _, name := range []string{"BASIC_SCAN_TYPE_VERSION", "REGISTRY_POLICY_SCOPE", "BLOB_MOUNTING"} {
		add(f.GetAccountSetting(ctx, &ecr.GetAccountSettingInput{Name: aws.String(name)}))
	}
	add(f.DescribeRegistry(ctx, nil))
	add(f.ListPullTimeUpdateExclusions(ctx, nil))
	b, err := json.Marshal(seen)
	require.NoError(t, err)
	return string(b)
}

// requireFailsAndChangesNothing runs a call that must fail with code and
// message (code "" means the SDK's client-side validation) and checks that
// the settings and the registry's contents are as they were.
func requireFailsAndChangesNothing(t *testing.T, f *ecrfake.Fake, code, message string, call func() (any, error)) {
	t.Helper()
	before, stats := settingsView(t, f), ecrfake.Stats(f)
	out, err := call()
	require.Error(t, err)
	require.Nil(t, out)
	if code == "" {
		var ipe smithy.InvalidParamsError
		require.ErrorAs(t, err, &ipe)
		if message != "" {
			require.ErrorContains(t, err, message)
		}
	} else {
		requireAPIError(t, err, code, message)
	}
	require.Equal(t, before, settingsView(t, f), "a failed call changes nothing")
	require.Equal(t, stats, ecrfake.Stats(f))
}

// TestRegistryPolicyECRActions: registry policy scope V2 takes every ECR
// action, in any case and with wildcards, and "*".
func TestRegistryPolicyECRActions(t *testing.T) {
	f, _, ctx := newFake(t)
	for _, action := range []string{`"ecr:ReplicateImage"`, `["ecr:CreateRepository","ecr:BatchImportUpstreamImage"]`, `"ecr:*"`, `"ECR:Batch*"`, `"*"`} {
		text := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":` + action + `,"Resource":"*"}]}`
		_, err := f.PutRegistryPolicy(ctx, &ecr.PutRegistryPolicyInput{PolicyText: aws.String(text)})
		require.NoError(t, err, action)
	}
	// NotAction names what a statement excludes: any service's actions may appear.
	_, err := f.PutRegistryPolicy(ctx, &ecr.PutRegistryPolicyInput{PolicyText: aws.String(`{"Statement":[{"Effect":"Deny","Principal":"*","NotAction":"s3:GetObject"}]}`)})
	require.NoError(t, err)
}

func TestRegistryPolicyLifecycle(t *testing.T) {
	f, clock, ctx := newFake(t)

	_, err := f.GetRegistryPolicy(ctx, nil)
	requireAPIError(t, err, "RegistryPolicyNotFoundException", registryPolicyMissing)
	_, err = f.DeleteRegistryPolicy(ctx, &ecr.DeleteRegistryPolicyInput{})
	requireAPIError(t, err, "RegistryPolicyNotFoundException", registryPolicyMissing)

	put, err := f.PutRegistryPolicy(ctx, &ecr.PutRegistryPolicyInput{PolicyText: aws.String(registryPolicy)})
	require.NoError(t, err)
	require.Equal(t, &ecr.PutRegistryPolicyOutput{RegistryId: aws.String(ownAccount), PolicyText: aws.String(registryPolicy)}, put)

	got, err := f.GetRegistryPolicy(ctx, nil)
	require.NoError(t, err)
	require.Equal(t, &ecr.GetRegistryPolicyOutput{RegistryId: aws.String(ownAccount), PolicyText: aws.String(registryPolicy)}, got, "stored verbatim")

	// A second policy replaces the first; whitespace and key order are kept.
	second := "{\n  \"Statement\": {\"Principal\": \"*\", \"Effect\": \"Deny\", \"Action\": \"ecr:*\"}\n}"
	clock.Advance(time.Minute)
	_, err = f.PutRegistryPolicy(ctx, &ecr.PutRegistryPolicyInput{PolicyText: aws.String(second)})
	require.NoError(t, err)
	got, err = f.GetRegistryPolicy(ctx, &ecr.GetRegistryPolicyInput{})
	require.NoError(t, err)
	require.Equal(t, second, *got.PolicyText)

	del, err := f.DeleteRegistryPolicy(ctx, nil)
	require.NoError(t, err)
	require.Equal(t, &ecr.DeleteRegistryPolicyOutput{RegistryId: aws.String(ownAccount), PolicyText: aws.String(second)}, del)
	_, err = f.GetRegistryPolicy(ctx, nil)
	requireAPIError(t, err, "RegistryPolicyNotFoundException", registryPolicyMissing)
	_, err = f.DeleteRegistryPolicy(ctx, nil)
	requireAPIError(t, err, "RegistryPolicyNotFoundException", registryPolicyMissing)

	// Another account's fake names its own registry.
	g, _, _ := newFake(t, ecrfake.WithAccountID("210987654321"))
	_, err = g.GetRegistryPolicy(ctx, nil)
	requireAPIError(t, err, "RegistryPolicyNotFoundException", "Registry policy does not exist in the registry with id '210987654321'")
}

func TestPutRegistryPolicyValidation(t *testing.T) {
	tests := []struct {
		name    string
		text    *string
		code    string
		message string
	}{
		{name: "missing policyText", code: "", message: "missing required field, PutRegistryPolicyInput.PolicyText"},
		{name: "empty", text: aws.String(""), code: "InvalidParameterException", message: invalidRegistryPolicy},
		{name: "not JSON", text: aws.String(`{"Statement":[`), code: "InvalidParameterException", message: invalidRegistryPolicy},
		{name: "a JSON list", text: aws.String(`[]`), code: "InvalidParameterException", message: invalidRegistryPolicy},
		{name: "no Statement", text: aws.String(`{"Version":"2012-10-17"}`), code: "InvalidParameterException", message: invalidRegistryPolicy},
		{name: "empty Statement", text: aws.String(`{"Statement":[]}`), code: "InvalidParameterException", message: invalidRegistryPolicy},
		{name: "bad Effect", text: aws.String(`{"Statement":[{"Effect":"Permit","Principal":"*","Action":"ecr:*"}]}`), code: "InvalidParameterException", message: invalidRegistryPolicy},
		{name: "no Action", text: aws.String(`{"Statement":[{"Effect":"Allow","Principal":"*"}]}`), code: "InvalidParameterException", message: invalidRegistryPolicy},
		{name: "no Principal", text: aws.String(`{"Statement":[{"Effect":"Allow","Action":"ecr:ReplicateImage"}]}`), code: "InvalidParameterException", message: invalidRegistryPolicy},
		{name: "a non-ECR action (scope V2 covers ECR actions only)", text: aws.String(`{"Statement":[{"Effect":"Allow","Principal":"*","Action":["ecr:ReplicateImage","s3:GetObject"]}]}`),
			code: "InvalidParameterException", message: invalidRegistryPolicy},
		{name: "a non-ECR action in a single statement", text: aws.String(`{"Statement":{"Effect":"Allow","Principal":"*","Action":"iam:PassRole"}}`),
			code: "InvalidParameterException", message: invalidRegistryPolicy},
		{name: "an action that only starts like ECR", text: aws.String(`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr-public:GetAuthorizationToken"}]}`),
			code: "InvalidParameterException", message: invalidRegistryPolicy},
		{name: "an empty Action list", text: aws.String(`{"Statement":[{"Effect":"Allow","Principal":"*","Action":[]}]}`), code: "InvalidParameterException", message: invalidRegistryPolicy},
		{name: "an Action that is not a string", text: aws.String(`{"Statement":[{"Effect":"Allow","Principal":"*","Action":7}]}`), code: "InvalidParameterException", message: invalidRegistryPolicy},
		{name: "longer than 10240 characters", text: aws.String(strings.Repeat(" ", 10241)), code: "InvalidParameterException",
			message: "Invalid parameter at 'policyText' failed to satisfy constraint: 'must have length less than or equal to 10240'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, ctx := newFake(t)
			_, err := f.PutRegistryPolicy(ctx, &ecr.PutRegistryPolicyInput{PolicyText: aws.String(registryPolicy)})
			require.NoError(t, err)
			requireFailsAndChangesNothing(t, f, tt.code, tt.message, func() (any, error) {
				return nilOnError(f.PutRegistryPolicy(ctx, &ecr.PutRegistryPolicyInput{PolicyText: tt.text}))
			})
		})
	}
}

// nilOnError turns a typed nil output into an untyped nil.
func nilOnError[O any](out *O, err error) (any, error) {
	if out == nil {
		return nil, err
	}
	return out, err
}

func TestAccountSettings(t *testing.T) {
	f, _, ctx := newFake(t)
	get := func(name string) string {
		t.Helper()
		out, err := f.GetAccountSetting(ctx, &ecr.GetAccountSettingInput{Name: aws.String(name)})
		require.NoError(t, err)
		require.Equal(t, name, *out.Name)
		return *out.Value
	}
	require.Equal(t, "AWS_NATIVE", get("BASIC_SCAN_TYPE_VERSION"), "default")
	require.Equal(t, "V2", get("REGISTRY_POLICY_SCOPE"), "default")
	require.Equal(t, "DISABLED", get("BLOB_MOUNTING"), "default")

	for _, tt := range []struct{ name, value string }{
		{"BLOB_MOUNTING", "ENABLED"},
		{"BASIC_SCAN_TYPE_VERSION", "AWS_NATIVE"},
		{"REGISTRY_POLICY_SCOPE", "V2"},
		{"BLOB_MOUNTING", "DISABLED"},
		{"BLOB_MOUNTING", "ENABLED"},
	} {
		out, err := f.PutAccountSetting(ctx, &ecr.PutAccountSettingInput{Name: aws.String(tt.name), Value: aws.String(tt.value)})
		require.NoError(t, err)
		require.Equal(t, &ecr.PutAccountSettingOutput{Name: aws.String(tt.name), Value: aws.String(tt.value)}, out)
		require.Equal(t, tt.value, get(tt.name))
	}
	require.Equal(t, "AWS_NATIVE", get("BASIC_SCAN_TYPE_VERSION"))
}

func TestAccountSettingValidation(t *testing.T) {
	const unknownName = "Invalid parameter at 'name' failed to satisfy constraint: 'Member must satisfy enum value set: [BASIC_SCAN_TYPE_VERSION, REGISTRY_POLICY_SCOPE, BLOB_MOUNTING]'"
	tests := []struct {
		name        string
		in          *ecr.PutAccountSettingInput
		code, msg   string
		alsoForRead bool
	}{
		{name: "missing name and value", in: &ecr.PutAccountSettingInput{}, msg: "2 validation error(s) found"},
		{name: "missing value", in: &ecr.PutAccountSettingInput{Name: aws.String("BLOB_MOUNTING")}, msg: "missing required field, PutAccountSettingInput.Value"},
		{name: "unknown name", in: &ecr.PutAccountSettingInput{Name: aws.String("SCAN_ON_PUSH"), Value: aws.String("ENABLED")},
			code: "InvalidParameterException", msg: unknownName, alsoForRead: true},
		{name: "names are case-sensitive", in: &ecr.PutAccountSettingInput{Name: aws.String("blob_mounting"), Value: aws.String("ENABLED")},
			code: "InvalidParameterException", msg: unknownName, alsoForRead: true},
		{name: "empty name", in: &ecr.PutAccountSettingInput{Name: aws.String(""), Value: aws.String("ENABLED")},
			code: "InvalidParameterException", msg: "Invalid parameter at 'name' failed to satisfy constraint: 'must have length greater than or equal to 1'", alsoForRead: true},
		{name: "name longer than 64", in: &ecr.PutAccountSettingInput{Name: aws.String(strings.Repeat("N", 65)), Value: aws.String("ENABLED")},
			code: "InvalidParameterException", msg: "Invalid parameter at 'name' failed to satisfy constraint: 'must have length less than or equal to 64'", alsoForRead: true},
		{name: "blob mounting takes ENABLED or DISABLED", in: &ecr.PutAccountSettingInput{Name: aws.String("BLOB_MOUNTING"), Value: aws.String("enabled")},
			code: "InvalidParameterException", msg: "Invalid parameter at 'value' failed to satisfy constraint: 'Member must satisfy enum value set: [ENABLED, DISABLED]'"},
		{name: "Clair is gone", in: &ecr.PutAccountSettingInput{Name: aws.String("BASIC_SCAN_TYPE_VERSION"), Value: aws.String("CLAIR")},
			code: "InvalidParameterException", msg: "Invalid parameter at 'value' failed to satisfy constraint: 'Member must satisfy enum value set: [AWS_NATIVE]'"},
		{name: "registry policy scope V1 is gone", in: &ecr.PutAccountSettingInput{Name: aws.String("REGISTRY_POLICY_SCOPE"), Value: aws.String("V1")},
			code: "InvalidParameterException", msg: "Invalid parameter at 'value' failed to satisfy constraint: 'Member must satisfy enum value set: [V2]'"},
		{name: "empty value", in: &ecr.PutAccountSettingInput{Name: aws.String("REGISTRY_POLICY_SCOPE"), Value: aws.String("")},
			code: "InvalidParameterException", msg: "Invalid parameter at 'value' failed to satisfy constraint: 'Member must satisfy enum value set: [V2]'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, ctx := newFake(t)
			_, err := f.PutAccountSetting(ctx, &ecr.PutAccountSettingInput{Name: aws.String("BLOB_MOUNTING"), Value: aws.String("ENABLED")})
			require.NoError(t, err)
			requireFailsAndChangesNothing(t, f, tt.code, tt.msg, func() (any, error) {
				return nilOnError(f.PutAccountSetting(ctx, tt.in))
			})
			if tt.alsoForRead {
				_, err := f.GetAccountSetting(ctx, &ecr.GetAccountSettingInput{Name: tt.in.Name})
				requireAPIError(t, err, tt.code, tt.msg)
			}
		})
	}
	t.Run("GetAccountSetting requires a name", func(t *testing.T) {
		f, _, ctx := newFake(t)
		_, err := f.GetAccountSetting(ctx, nil)
		var ipe smithy.InvalidParamsError
		require.ErrorAs(t, err, &ipe)
		require.ErrorContains(t, err, "missing required field, GetAccountSettingInput.Name")
	})
}

// Replication configurations for tests: dest("us-west-2") is the own
// account in another region; destIn names both.
func dest(region string) types.ReplicationDestination { return destIn(region, ownAccount) }

func destIn(region, account string) types.ReplicationDestination {
	return types.ReplicationDestination{Region: aws.String(region), RegistryId: aws.String(account)}
}

func replRule(filters []string, dests ...types.ReplicationDestination) types.ReplicationRule {
	r := types.ReplicationRule{Destinations: append([]types.ReplicationDestination{}, dests...)}
	for _, f := range filters {
		r.RepositoryFilters = append(r.RepositoryFilters, types.RepositoryFilter{Filter: aws.String(f), FilterType: types.RepositoryFilterTypePrefixMatch})
	}
	return r
}

func putReplication(t testing.TB, f *ecrfake.Fake, rules ...types.ReplicationRule) *ecr.PutReplicationConfigurationOutput {
	t.Helper()
	out, err := f.PutReplicationConfiguration(context.Background(), &ecr.PutReplicationConfigurationInput{
		ReplicationConfiguration: &types.ReplicationConfiguration{Rules: append([]types.ReplicationRule{}, rules...)},
	})
	require.NoError(t, err)
	return out
}

func TestReplicationConfiguration(t *testing.T) {
	f, _, ctx := newFake(t)
	reg, err := f.DescribeRegistry(ctx, nil)
	require.NoError(t, err)
	require.Equal(t, &ecr.DescribeRegistryOutput{RegistryId: aws.String(ownAccount), ReplicationConfiguration: &types.ReplicationConfiguration{Rules: []types.ReplicationRule{}}}, reg,
		"always a configuration, with no rules until one is put")

	rules := []types.ReplicationRule{
		replRule([]string{"prod", "team/"}, dest("us-west-2"), destIn("us-east-1", "210987654321")),
		replRule(nil, dest("eu-west-1")),
		replRule([]string{"empty"}),
	}
	out := putReplication(t, f, rules...)
	require.Equal(t, &types.ReplicationConfiguration{Rules: rules}, out.ReplicationConfiguration)
	reg, err = f.DescribeRegistry(ctx, &ecr.DescribeRegistryInput{})
	require.NoError(t, err)
	require.Equal(t, &ecr.DescribeRegistryOutput{RegistryId: aws.String(ownAccount), ReplicationConfiguration: &types.ReplicationConfiguration{Rules: rules}}, reg)

	// A new configuration replaces the whole of the old one.
	putReplication(t, f, replRule(nil, dest("ap-south-1")))
	reg, err = f.DescribeRegistry(ctx, nil)
	require.NoError(t, err)
	require.Equal(t, []types.ReplicationRule{replRule(nil, dest("ap-south-1"))}, reg.ReplicationConfiguration.Rules)

	// No rules: replication is off.
	out = putReplication(t, f)
	require.Equal(t, &types.ReplicationConfiguration{Rules: []types.ReplicationRule{}}, out.ReplicationConfiguration)
	reg, err = f.DescribeRegistry(ctx, nil)
	require.NoError(t, err)
	require.Empty(t, reg.ReplicationConfiguration.Rules)
	require.NotNil(t, reg.ReplicationConfiguration.Rules)
}

func TestPutReplicationConfigurationValidation(t *testing.T) {
	many := func(n int) []types.ReplicationDestination {
		var ds []types.ReplicationDestination
		for i := range n {
			ds = append(ds, destIn("us-west-2", fmt.Sprintf("%012d", i+1)))
		}
		return ds
	}
	const toSource = "Invalid parameter at 'replicationConfiguration' failed to satisfy constraint: 'Replication destination cannot be the same as the source registry'"
	tests := []struct {
		name      string
		cfg       *types.ReplicationConfiguration
		code, msg string
	}{
		{name: "missing configuration", code: "", msg: "missing required field, PutReplicationConfigurationInput.ReplicationConfiguration"},
		{name: "missing rules", cfg: &types.ReplicationConfiguration{}, msg: "missing required field, PutReplicationConfigurationInput.ReplicationConfiguration.Rules"},
		{name: "missing destinations", cfg: &types.ReplicationConfiguration{Rules: []types.ReplicationRule{{}}},
			msg: "missing required field, PutReplicationConfigurationInput.ReplicationConfiguration.Rules[0].Destinations"},
		{name: "missing destination region", cfg: &types.ReplicationConfiguration{Rules: []types.ReplicationRule{{Destinations: []types.ReplicationDestination{{RegistryId: aws.String(ownAccount)}}}}},
			msg: "missing required field, PutReplicationConfigurationInput.ReplicationConfiguration.Rules[0].Destinations[0].Region"},
		{name: "the source itself", cfg: &types.ReplicationConfiguration{Rules: []types.ReplicationRule{replRule(nil, dest("eu-west-1"), dest("us-east-1"))}},
			code: "InvalidParameterException", msg: toSource},
		{name: "the source in a later rule", cfg: &types.ReplicationConfiguration{Rules: []types.ReplicationRule{replRule(nil, dest("eu-west-1")), replRule([]string{"prod"}, dest("us-east-1"))}},
			code: "InvalidParameterException", msg: toSource},
		{name: "more than 25 unique destinations", cfg: &types.ReplicationConfiguration{Rules: []types.ReplicationRule{replRule(nil, many(20)...), replRule([]string{"prod"}, many(26)...)}},
			code: "InvalidParameterException", msg: "Invalid parameter at 'replicationConfiguration' failed to satisfy constraint: 'The number of unique destinations across all rules must be less than or equal to 25'"},
		{name: "more than 10 rules", cfg: &types.ReplicationConfiguration{Rules: make([]types.ReplicationRule, 11)},
			code: "", msg: "Rules[10].Destinations"}, // client-side first: the empty rules lack destinations
		{name: "more than 10 valid rules", cfg: func() *types.ReplicationConfiguration {
			c := &types.ReplicationConfiguration{}
			for range 11 {
				c.Rules = append(c.Rules, replRule(nil, dest("eu-west-1")))
			}
			return c
		}(), code: "InvalidParameterException", msg: "Invalid parameter at 'replicationConfiguration.rules' failed to satisfy constraint: 'Member must have length less than or equal to 10'"},
		{name: "bad region", cfg: &types.ReplicationConfiguration{Rules: []types.ReplicationRule{replRule(nil, dest("US-WEST-2"))}},
			code: "InvalidParameterException", msg: "Invalid parameter at 'replicationConfiguration.rules[0].destinations[0].region' failed to satisfy constraint: 'must satisfy regular expression '[0-9a-z-]{2,25}''"},
		{name: "bad registry id", cfg: &types.ReplicationConfiguration{Rules: []types.ReplicationRule{replRule(nil, destIn("eu-west-1", "12345"))}},
			code: "InvalidParameterException", msg: "Invalid parameter at 'replicationConfiguration.rules[0].destinations[0].registryId' failed to satisfy constraint: 'must satisfy regular expression '[0-9]{12}''"},
		{name: "empty filter list", cfg: &types.ReplicationConfiguration{Rules: []types.ReplicationRule{{Destinations: []types.ReplicationDestination{dest("eu-west-1")}, RepositoryFilters: []types.RepositoryFilter{}}}},
			code: "InvalidParameterException", msg: "Invalid parameter at 'replicationConfiguration.rules[0].repositoryFilters' failed to satisfy constraint: 'Member must have length greater than or equal to 1'"},
		{name: "filter too short", cfg: &types.ReplicationConfiguration{Rules: []types.ReplicationRule{replRule([]string{"p"}, dest("eu-west-1"))}},
			code: "InvalidParameterException", msg: "Invalid parameter at 'replicationConfiguration.rules[0].repositoryFilters[0].filter' failed to satisfy constraint: 'must have length greater than or equal to 2'"},
		{name: "unknown filter type", cfg: &types.ReplicationConfiguration{Rules: []types.ReplicationRule{{Destinations: []types.ReplicationDestination{dest("eu-west-1")},
			RepositoryFilters: []types.RepositoryFilter{{Filter: aws.String("prod"), FilterType: "WILDCARD"}}}}},
			code: "InvalidParameterException", msg: "Invalid parameter at 'replicationConfiguration.rules[0].repositoryFilters[0].filterType' failed to satisfy constraint: 'Member must satisfy enum value set: [PREFIX_MATCH]'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, ctx := newFake(t)
			putReplication(t, f, replRule([]string{"prod"}, dest("eu-west-1")))
			requireFailsAndChangesNothing(t, f, tt.code, tt.msg, func() (any, error) {
				return nilOnError(f.PutReplicationConfiguration(ctx, &ecr.PutReplicationConfigurationInput{ReplicationConfiguration: tt.cfg}))
			})
		})
	}

	t.Run("accepted", func(t *testing.T) {
		for _, rules := range [][]types.ReplicationRule{
			{replRule(nil, destIn("us-east-1", "210987654321"))},                // same region, another account
			{replRule(nil, dest("us-east-2"))},                                  // same account, another region
			{replRule(nil, many(25)...), replRule([]string{"pr"}, many(25)...)}, // 25 unique, repeated across rules
			{replRule(nil)}, // a rule with no destinations
		} {
			f, _, _ := newFake(t)
			putReplication(t, f, rules...)
		}
	})
}

// replicationStatuses returns an image's statuses as "region/registry STATUS".
func replicationStatuses(t testing.TB, f *ecrfake.Fake, repo string, id *types.ImageIdentifier) []string {
	t.Helper()
	out, err := f.DescribeImageReplicationStatus(context.Background(), &ecr.DescribeImageReplicationStatusInput{RepositoryName: aws.String(repo), ImageId: id})
	require.NoError(t, err)
	require.NotNil(t, out.ReplicationStatuses)
	got := []string{}
	for _, s := range out.ReplicationStatuses {
		require.Nil(t, s.FailureCode)
		got = append(got, fmt.Sprintf("%s/%s %s", *s.Region, *s.RegistryId, s.Status))
	}
	return got
}

func TestDescribeImageReplicationStatus(t *testing.T) {
	const other = "210987654321"
	tests := []struct {
		name string
		run  func(t *testing.T, f *ecrfake.Fake, clock *ecrfake.ManualClock) (repo string, id *types.ImageIdentifier)
		want []string
	}{
		{name: "no configuration", want: []string{}, run: func(t *testing.T, f *ecrfake.Fake, _ *ecrfake.ManualClock) (string, *types.ImageIdentifier) {
			pushNew(t, f, "prod-api", "v1", "a")
			return "prod-api", byTag("v1")
		}},
		{name: "a rule without filters replicates every repository", want: []string{"us-west-2/123456789012 COMPLETE", "us-east-1/210987654321 COMPLETE"},
			run: func(t *testing.T, f *ecrfake.Fake, _ *ecrfake.ManualClock) (string, *types.ImageIdentifier) {
				putReplication(t, f, replRule(nil, dest("us-west-2"), destIn("us-east-1", other)))
				pushNew(t, f, "team/anything", "v1", "a")
				return "team/anything", byTag("v1")
			}},
		{name: "a restored image is replicated as a newly pushed one", want: []string{"us-west-2/123456789012 COMPLETE", "eu-west-1/123456789012 COMPLETE"},
			run: func(t *testing.T, f *ecrfake.Fake, clock *ecrfake.ManualClock) (string, *types.ImageIdentifier) {
				putReplication(t, f, replRule(nil, dest("us-west-2")))
				_, d := pushNew(t, f, "app", "v1", "a")
				archiveImage(t, f, "app", d)
				clock.Advance(time.Second)
				putReplication(t, f, replRule(nil, dest("eu-west-1"), dest("us-west-2")))
				clock.Advance(time.Second)
				restoreImage(t, f, "app", d)
				clock.Advance(ecrfake.DefaultRestoreDuration)
				return "app", byTag("v1")
			}},
		{name: "an archived image keeps what its push replicated", want: []string{"us-west-2/123456789012 COMPLETE"},
			run: func(t *testing.T, f *ecrfake.Fake, clock *ecrfake.ManualClock) (string, *types.ImageIdentifier) {
				putReplication(t, f, replRule(nil, dest("us-west-2")))
				_, d := pushNew(t, f, "app", "v1", "a")
				archiveImage(t, f, "app", d)
				clock.Advance(time.Second)
				putReplication(t, f, replRule(nil, dest("eu-west-1")))
				clock.Advance(time.Second)
				restoreImage(t, f, "app", d)
				clock.Advance(ecrfake.DefaultRestoreDuration - time.Millisecond) // still ACTIVATING
				return "app", byTag("v1")
			}},
		{name: "a prefix is a plain string prefix", want: []string{"us-west-2/123456789012 COMPLETE"},
			run: func(t *testing.T, f *ecrfake.Fake, _ *ecrfake.ManualClock) (string, *types.ImageIdentifier) {
				putReplication(t, f, replRule([]string{"prod"}, dest("us-west-2")))
				pushNew(t, f, "production", "v1", "a")
				return "production", byTag("v1")
			}},
		{name: "a prefix matches at the start only", want: []string{},
			run: func(t *testing.T, f *ecrfake.Fake, _ *ecrfake.ManualClock) (string, *types.ImageIdentifier) {
				putReplication(t, f, replRule([]string{"prod"}, dest("us-west-2")))
				pushNew(t, f, "team/prod", "v1", "a")
				return "team/prod", byTag("v1")
			}},
		{name: "destinations of all matching rules, each once, in configuration order",
			want: []string{"eu-west-1/123456789012 COMPLETE", "us-west-2/123456789012 COMPLETE", "ap-south-1/210987654321 COMPLETE"},
			run: func(t *testing.T, f *ecrfake.Fake, _ *ecrfake.ManualClock) (string, *types.ImageIdentifier) {
				putReplication(t, f,
					replRule([]string{"other", "prod/"}, dest("eu-west-1"), dest("us-west-2")),
					replRule([]string{"nomatch"}, dest("sa-east-1")),
					replRule(nil, dest("us-west-2"), destIn("ap-south-1", other), dest("eu-west-1")),
				)
				pushNew(t, f, "prod/api", "v1", "a")
				return "prod/api", byTag("v1")
			}},
		{name: "an image pushed before the configuration is not replicated", want: []string{},
			run: func(t *testing.T, f *ecrfake.Fake, clock *ecrfake.ManualClock) (string, *types.ImageIdentifier) {
				pushNew(t, f, "app", "v1", "a")
				clock.Advance(time.Millisecond)
				putReplication(t, f, replRule(nil, dest("us-west-2")))
				return "app", byTag("v1")
			}},
		{name: "nor is an image retagged after it", want: []string{},
			run: func(t *testing.T, f *ecrfake.Fake, clock *ecrfake.ManualClock) (string, *types.ImageIdentifier) {
				m, _ := pushNew(t, f, "app", "v1", "a")
				clock.Advance(time.Hour)
				putReplication(t, f, replRule(nil, dest("us-west-2")))
				clock.Advance(time.Hour)
				_, err := put(f, "app", m, "v1-again")
				require.NoError(t, err)
				return "app", byTag("v1-again")
			}},
		{name: "an image keeps the statuses of its push time when the configuration changes", want: []string{"us-west-2/123456789012 COMPLETE"},
			run: func(t *testing.T, f *ecrfake.Fake, clock *ecrfake.ManualClock) (string, *types.ImageIdentifier) {
				putReplication(t, f, replRule(nil, dest("us-west-2")))
				pushNew(t, f, "app", "v1", "a")
				clock.Advance(time.Minute)
				putReplication(t, f, replRule(nil, dest("eu-west-1")))
				clock.Advance(time.Minute)
				putReplication(t, f)
				return "app", byTag("v1")
			}},
		{name: "an image pushed under a later configuration gets its destinations", want: []string{"eu-west-1/123456789012 COMPLETE"},
			run: func(t *testing.T, f *ecrfake.Fake, clock *ecrfake.ManualClock) (string, *types.ImageIdentifier) {
				putReplication(t, f, replRule(nil, dest("us-west-2")))
				pushNew(t, f, "app", "v1", "a")
				clock.Advance(time.Minute)
				putReplication(t, f, replRule(nil, dest("eu-west-1")))
				pushNew(t, f, "app", "v2", "b")
				return "app", byTag("v2")
			}},
		{name: "an image pushed after replication was turned off", want: []string{},
			run: func(t *testing.T, f *ecrfake.Fake, clock *ecrfake.ManualClock) (string, *types.ImageIdentifier) {
				putReplication(t, f, replRule(nil, dest("us-west-2")))
				clock.Advance(time.Minute)
				putReplication(t, f)
				pushNew(t, f, "app", "v1", "a")
				return "app", byTag("v1")
			}},
		{name: "re-putting the same configuration keeps earlier images replicated", want: []string{"us-west-2/123456789012 COMPLETE"},
			run: func(t *testing.T, f *ecrfake.Fake, clock *ecrfake.ManualClock) (string, *types.ImageIdentifier) {
				putReplication(t, f, replRule([]string{"app"}, dest("us-west-2")))
				pushNew(t, f, "app", "v1", "a")
				clock.Advance(time.Hour)
				putReplication(t, f, replRule([]string{"app"}, dest("us-west-2")))
				return "app", byTag("v1")
			}},
		{name: "an image seeded with an earlier push time", want: []string{},
			run: func(t *testing.T, f *ecrfake.Fake, clock *ecrfake.ManualClock) (string, *types.ImageIdentifier) {
				putReplication(t, f, replRule(nil, dest("us-west-2")))
				seeded, err := f.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{Name: "old", Images: []ecrfake.SeedImage{{Tags: []string{"v1"}, PushedAt: epoch.Add(-time.Hour)}}}}})
				require.NoError(t, err)
				return "old", byDigest(seeded[0].Digest)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, clock, _ := newFake(t)
			repo, id := tt.run(t, f, clock)
			require.Equal(t, tt.want, replicationStatuses(t, f, repo, id))
		})
	}

	t.Run("output names the image", func(t *testing.T) {
		f, _, ctx := newFake(t)
		putReplication(t, f, replRule(nil, dest("us-west-2")))
		_, d := pushNew(t, f, "app", "v1", "a")
		out, err := f.DescribeImageReplicationStatus(ctx, &ecr.DescribeImageReplicationStatusInput{RepositoryName: aws.String("app"), ImageId: byTag("v1")})
		require.NoError(t, err)
		require.Equal(t, &ecr.DescribeImageReplicationStatusOutput{
			RepositoryName: aws.String("app"),
			ImageId:        &types.ImageIdentifier{ImageDigest: aws.String(d), ImageTag: aws.String("v1")},
			ReplicationStatuses: []types.ImageReplicationStatus{
				{Region: aws.String("us-west-2"), RegistryId: aws.String(ownAccount), Status: types.ReplicationStatusComplete},
			},
		}, out)
	})

	t.Run("another registry has a configuration of its own", func(t *testing.T) {
		f, _, ctx := newFake(t)
		putReplication(t, f, replRule(nil, dest("us-west-2")))
		_, err := f.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{Name: "app", RegistryID: other, Images: []ecrfake.SeedImage{{Tags: []string{"v1"}}}}}})
		require.NoError(t, err)
		out, err := f.DescribeImageReplicationStatus(ctx, &ecr.DescribeImageReplicationStatusInput{RegistryId: aws.String(other), RepositoryName: aws.String("app"), ImageId: byTag("v1")})
		require.NoError(t, err)
		require.Empty(t, out.ReplicationStatuses)
	})
}

func TestDescribeImageReplicationStatusErrors(t *testing.T) {
	tests := []struct {
		name      string
		in        *ecr.DescribeImageReplicationStatusInput
		code, msg string
	}{
		{name: "missing members", in: &ecr.DescribeImageReplicationStatusInput{}, msg: "2 validation error(s) found"},
		{name: "unknown repository", in: &ecr.DescribeImageReplicationStatusInput{RepositoryName: aws.String("nope"), ImageId: byTag("v1")},
			code: "RepositoryNotFoundException", msg: "The repository with name 'nope' does not exist in the registry with id '123456789012'"},
		{name: "unknown tag", in: &ecr.DescribeImageReplicationStatusInput{RepositoryName: aws.String("app"), ImageId: byTag("v2")},
			code: "ImageNotFoundException", msg: "The image with imageId {imageDigest:'null', imageTag:'v2'} does not exist within the repository with name 'app' in the registry with id '123456789012'"},
		{name: "unknown digest", in: &ecr.DescribeImageReplicationStatusInput{RepositoryName: aws.String("app"), ImageId: byDigest("sha256:" + strings.Repeat("0", 64))},
			code: "ImageNotFoundException", msg: "The image with imageId {imageDigest:'sha256:" + strings.Repeat("0", 64) + "', imageTag:'null'} does not exist within the repository with name 'app' in the registry with id '123456789012'"},
		{name: "neither digest nor tag", in: &ecr.DescribeImageReplicationStatusInput{RepositoryName: aws.String("app"), ImageId: &types.ImageIdentifier{}},
			code: "InvalidParameterException", msg: "Invalid parameter at 'imageId' failed to satisfy constraint: 'Invalid request parameters: both tag and digest cannot be null'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, ctx := newFake(t)
			putReplication(t, f, replRule(nil, dest("us-west-2")))
			pushNew(t, f, "app", "v1", "a")
			requireFailsAndChangesNothing(t, f, tt.code, tt.msg, func() (any, error) {
				return nilOnError(f.DescribeImageReplicationStatus(ctx, tt.in))
			})
		})
	}
}

// pushNew is pushImage into a repository it creates if needed.
func pushNew(t testing.TB, f *ecrfake.Fake, repo, tag, seed string) (manifest, digest string) {
	t.Helper()
	if _, err := f.DescribeRepositories(context.Background(), &ecr.DescribeRepositoriesInput{RepositoryNames: []string{repo}}); err != nil {
		createRepo(t, f, repo)
	}
	return pushImage(t, f, repo, tag, seed)
}

func principal(name string) *string { return aws.String("arn:aws:iam::210987654321:role/" + name) }

func listExclusions(t testing.TB, f *ecrfake.Fake, pageSize int32) ([][]string, []string) {
	t.Helper()
	var pages [][]string
	var tokens []string
	in := &ecr.ListPullTimeUpdateExclusionsInput{MaxResults: aws.Int32(pageSize)}
	for {
		out, err := f.ListPullTimeUpdateExclusions(context.Background(), in)
		require.NoError(t, err)
		require.NotNil(t, out.PullTimeUpdateExclusions)
		pages = append(pages, out.PullTimeUpdateExclusions)
		if out.NextToken == nil {
			return pages, tokens
		}
		require.NotEmpty(t, *out.NextToken)
		tokens = append(tokens, *out.NextToken)
		in.NextToken = out.NextToken
	}
}

func TestPullTimeUpdateExclusions(t *testing.T) {
	f, clock, ctx := newFake(t)
	out, err := f.ListPullTimeUpdateExclusions(ctx, nil)
	require.NoError(t, err)
	require.Equal(t, &ecr.ListPullTimeUpdateExclusionsOutput{PullTimeUpdateExclusions: []string{}}, out)

	for i, name := range []string{"ci", "auditor", "backup", "zeta", "deploy"} {
		clock.Advance(time.Second)
		reg, err := f.RegisterPullTimeUpdateExclusion(ctx, &ecr.RegisterPullTimeUpdateExclusionInput{PrincipalArn: principal(name)})
		require.NoError(t, err)
		require.Equal(t, &ecr.RegisterPullTimeUpdateExclusionOutput{PrincipalArn: principal(name), CreatedAt: aws.Time(epoch.Add(time.Duration(i+1) * time.Second))}, reg)
	}
	user := aws.String("arn:aws:iam::123456789012:user/path/alice")
	_, err = f.RegisterPullTimeUpdateExclusion(ctx, &ecr.RegisterPullTimeUpdateExclusionInput{PrincipalArn: user})
	require.NoError(t, err)

	all := []string{*user, *principal("auditor"), *principal("backup"), *principal("ci"), *principal("deploy"), *principal("zeta")}
	pages, _ := listExclusions(t, f, 1000)
	require.Equal(t, [][]string{all}, pages, "in ARN order")
	pages, tokens := listExclusions(t, f, 4)
	require.Equal(t, [][]string{all[:4], all[4:]}, pages)
	require.Len(t, tokens, 1)
	pages, tokens = listExclusions(t, f, 2)
	require.Equal(t, [][]string{all[:2], all[2:4], all[4:]}, pages)
	require.NotEqual(t, tokens[0], tokens[1], "successive tokens differ")
	pages, _ = listExclusions(t, f, 3)
	require.Equal(t, [][]string{all[:3], all[3:]}, pages, "a full last page carries no token")

	// A token resumes after its ARN, whatever changed in between.
	first, err := f.ListPullTimeUpdateExclusions(ctx, &ecr.ListPullTimeUpdateExclusionsInput{MaxResults: aws.Int32(2)})
	require.NoError(t, err)
	_, err = f.DeregisterPullTimeUpdateExclusion(ctx, &ecr.DeregisterPullTimeUpdateExclusionInput{PrincipalArn: principal("backup")})
	require.NoError(t, err)
	_, err = f.RegisterPullTimeUpdateExclusion(ctx, &ecr.RegisterPullTimeUpdateExclusionInput{PrincipalArn: principal("beta")})
	require.NoError(t, err)
	next, err := f.ListPullTimeUpdateExclusions(ctx, &ecr.ListPullTimeUpdateExclusionsInput{MaxResults: aws.Int32(2), NextToken: first.NextToken})
	require.NoError(t, err)
	require.Equal(t, []string{*principal("beta"), *principal("ci")}, next.PullTimeUpdateExclusions)
	require.Equal(t, []string{*user, *principal("auditor")}, first.PullTimeUpdateExclusions)

	dereg, err := f.DeregisterPullTimeUpdateExclusion(ctx, &ecr.DeregisterPullTimeUpdateExclusionInput{PrincipalArn: principal("zeta")})
	require.NoError(t, err)
	require.Equal(t, &ecr.DeregisterPullTimeUpdateExclusionOutput{PrincipalArn: principal("zeta")}, dereg)
	pages, _ = listExclusions(t, f, 100)
	require.Equal(t, [][]string{{*user, *principal("auditor"), *principal("beta"), *principal("ci"), *principal("deploy")}}, pages)

	// Pulls are not affected: the fake has no caller principal.
	_, d := pushNew(t, f, "app", "v1", "a")
	clock.Advance(time.Hour)
	_, err = f.BatchGetImage(ctx, &ecr.BatchGetImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{*byTag("v1")}})
	require.NoError(t, err)
	require.Equal(t, clock.Now(), *describe(t, f, "app", d).LastRecordedPullTime)
}

func TestPullTimeUpdateExclusionErrors(t *testing.T) {
	const arnPattern = `must satisfy regular expression '^arn:aws(-[a-z]+)*:iam::[0-9]{12}:(role|user)/[\w+=,.@-]+(/[\w+=,.@-]+)*$'`
	type call func(f *ecrfake.Fake) (any, error)
	register := func(arn *string) call {
		return func(f *ecrfake.Fake) (any, error) {
			return nilOnError(f.RegisterPullTimeUpdateExclusion(context.Background(), &ecr.RegisterPullTimeUpdateExclusionInput{PrincipalArn: arn}))
		}
	}
	deregister := func(arn *string) call {
		return func(f *ecrfake.Fake) (any, error) {
			return nilOnError(f.DeregisterPullTimeUpdateExclusion(context.Background(), &ecr.DeregisterPullTimeUpdateExclusionInput{PrincipalArn: arn}))
		}
	}
	list := func(in *ecr.ListPullTimeUpdateExclusionsInput) call {
		return func(f *ecrfake.Fake) (any, error) {
			return nilOnError(f.ListPullTimeUpdateExclusions(context.Background(), in))
		}
	}
	tests := []struct {
		name      string
		setup     func(t *testing.T, f *ecrfake.Fake)
		call      call
		code, msg string
	}{
		{name: "register: missing principal", call: register(nil), msg: "missing required field, RegisterPullTimeUpdateExclusionInput.PrincipalArn"},
		{name: "register: already excluded", call: register(principal("ci")), code: "ExclusionAlreadyExistsException",
			msg: "The pull time update exclusion for the principal with ARN 'arn:aws:iam::210987654321:role/ci' already exists in the registry with id '123456789012'"},
		{name: "register: not an IAM role or user", call: register(aws.String("arn:aws:iam::210987654321:group/devs")), code: "InvalidParameterException",
			msg: "Invalid parameter at 'principalArn' failed to satisfy constraint: '" + arnPattern + "'"},
		{name: "register: longer than 200", call: register(principal(strings.Repeat("r", 170))), code: "InvalidParameterException",
			msg: "Invalid parameter at 'principalArn' failed to satisfy constraint: 'must have length less than or equal to 200'"},
		{name: "register: beyond 100 exclusions", setup: func(t *testing.T, f *ecrfake.Fake) {
			for i := range 99 {
				_, err := f.RegisterPullTimeUpdateExclusion(context.Background(), &ecr.RegisterPullTimeUpdateExclusionInput{PrincipalArn: principal(fmt.Sprintf("r%03d", i))})
				require.NoError(t, err)
			}
		}, call: register(principal("one-too-many")), code: "LimitExceededException",
			msg: "The maximum allowed number of pull time update exclusions per registry which is '100' has been exceeded"},
		{name: "deregister: missing principal", call: deregister(nil), msg: "missing required field, DeregisterPullTimeUpdateExclusionInput.PrincipalArn"},
		{name: "deregister: not excluded", call: deregister(principal("nobody")), code: "ExclusionNotFoundException",
			msg: "The pull time update exclusion for the principal with ARN 'arn:aws:iam::210987654321:role/nobody' does not exist in the registry with id '123456789012'"},
		{name: "deregister: bad ARN", call: deregister(aws.String("ci")), code: "InvalidParameterException",
			msg: "Invalid parameter at 'principalArn' failed to satisfy constraint: '" + arnPattern + "'"},
		{name: "list: maxResults 0", call: list(&ecr.ListPullTimeUpdateExclusionsInput{MaxResults: aws.Int32(0)}), code: "InvalidParameterException",
			msg: "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value greater than or equal to 1'"},
		{name: "list: maxResults 1001", call: list(&ecr.ListPullTimeUpdateExclusionsInput{MaxResults: aws.Int32(1001)}), code: "InvalidParameterException",
			msg: "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to 1000'"},
		{name: "list: a token of another listing", setup: func(t *testing.T, f *ecrfake.Fake) {
			for i := range 3 {
				createRepo(t, f, fmt.Sprintf("repo-%d", i))
			}
		}, call: func(f *ecrfake.Fake) (any, error) {
			page, err := f.DescribeRepositories(context.Background(), &ecr.DescribeRepositoriesInput{MaxResults: aws.Int32(1)})
			require.NoError(t, err)
			return nilOnError(f.ListPullTimeUpdateExclusions(context.Background(), &ecr.ListPullTimeUpdateExclusionsInput{NextToken: page.NextToken}))
		}, code: "InvalidParameterException", msg: invalidNextToken},
		{name: "list: garbage token", call: list(&ecr.ListPullTimeUpdateExclusionsInput{NextToken: aws.String("x")}), code: "InvalidParameterException", msg: invalidNextToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, ctx := newFake(t)
			_, err := f.RegisterPullTimeUpdateExclusion(ctx, &ecr.RegisterPullTimeUpdateExclusionInput{PrincipalArn: principal("ci")})
			require.NoError(t, err)
			if tt.setup != nil {
				tt.setup(t, f)
			}
			requireFailsAndChangesNothing(t, f, tt.code, tt.msg, func() (any, error) { return tt.call(f) })
		})
	}
}

// setEverySetting gives the fake a value for every registry-level setting
// and an image pushed under a replication configuration.
func setEverySetting(t *testing.T, f *ecrfake.Fake, label string) {
	t.Helper()
	ctx := context.Background()
	_, err := f.PutRegistryPolicy(ctx, &ecr.PutRegistryPolicyInput{PolicyText: aws.String(strings.Replace(registryPolicy, "replicate", label, 1))})
	require.NoError(t, err)
	value := map[string]string{"a": "ENABLED", "b": "DISABLED"}[label]
	_, err = f.PutAccountSetting(ctx, &ecr.PutAccountSettingInput{Name: aws.String("BLOB_MOUNTING"), Value: aws.String(value)})
	require.NoError(t, err)
	putReplication(t, f, replRule([]string{"app"}, dest("us-west-2-"+label)))
	pushNew(t, f, "app", label, label)
	_, err = f.RegisterPullTimeUpdateExclusion(ctx, &ecr.RegisterPullTimeUpdateExclusionInput{PrincipalArn: principal(label)})
	require.NoError(t, err)
}

func TestSnapshotRestoresRegistrySettings(t *testing.T) {
	f, clock, _ := newFake(t)
	setEverySetting(t, f, "a")
	want := settingsView(t, f)
	wantStatus := replicationStatuses(t, f, "app", byTag("a"))
	require.Equal(t, []string{"us-west-2-a/123456789012 COMPLETE"}, wantStatus)
	snap := f.Snapshot()

	clock.Advance(time.Hour)
	setEverySetting(t, f, "b")
	_, err := f.DeleteRegistryPolicy(context.Background(), nil)
	require.NoError(t, err)
	require.NotEqual(t, want, settingsView(t, f))

	f.Restore(snap)
	require.Equal(t, want, settingsView(t, f))
	require.Equal(t, wantStatus, replicationStatuses(t, f, "app", byTag("a")))
	_, err = f.DescribeImageReplicationStatus(context.Background(), &ecr.DescribeImageReplicationStatusInput{RepositoryName: aws.String("app"), ImageId: byTag("b")})
	requireAPIError(t, err, "ImageNotFoundException", "")

	// The snapshot is independent of the restored fake.
	setEverySetting(t, f, "b")
	f.Restore(snap)
	require.Equal(t, want, settingsView(t, f))

	f.Reset()
	fresh, _, _ := newFake(t)
	require.Equal(t, settingsView(t, fresh), settingsView(t, f))
}

// registryAPI is what the registry-level tests call, on a Fake and on its
// SDK client alike.
type registryAPI interface {
	PutRegistryPolicy(context.Context, *ecr.PutRegistryPolicyInput, ...func(*ecr.Options)) (*ecr.PutRegistryPolicyOutput, error)
	GetRegistryPolicy(context.Context, *ecr.GetRegistryPolicyInput, ...func(*ecr.Options)) (*ecr.GetRegistryPolicyOutput, error)
	DeleteRegistryPolicy(context.Context, *ecr.DeleteRegistryPolicyInput, ...func(*ecr.Options)) (*ecr.DeleteRegistryPolicyOutput, error)
	GetAccountSetting(context.Context, *ecr.GetAccountSettingInput, ...func(*ecr.Options)) (*ecr.GetAccountSettingOutput, error)
	PutAccountSetting(context.Context, *ecr.PutAccountSettingInput, ...func(*ecr.Options)) (*ecr.PutAccountSettingOutput, error)
	PutReplicationConfiguration(context.Context, *ecr.PutReplicationConfigurationInput, ...func(*ecr.Options)) (*ecr.PutReplicationConfigurationOutput, error)
	DescribeRegistry(context.Context, *ecr.DescribeRegistryInput, ...func(*ecr.Options)) (*ecr.DescribeRegistryOutput, error)
	DescribeImageReplicationStatus(context.Context, *ecr.DescribeImageReplicationStatusInput, ...func(*ecr.Options)) (*ecr.DescribeImageReplicationStatusOutput, error)
	RegisterPullTimeUpdateExclusion(context.Context, *ecr.RegisterPullTimeUpdateExclusionInput, ...func(*ecr.Options)) (*ecr.RegisterPullTimeUpdateExclusionOutput, error)
	DeregisterPullTimeUpdateExclusion(context.Context, *ecr.DeregisterPullTimeUpdateExclusionInput, ...func(*ecr.Options)) (*ecr.DeregisterPullTimeUpdateExclusionOutput, error)
	ListPullTimeUpdateExclusions(context.Context, *ecr.ListPullTimeUpdateExclusionsInput, ...func(*ecr.Options)) (*ecr.ListPullTimeUpdateExclusionsOutput, error)
	ListImageReferrers(context.Context, *ecr.ListImageReferrersInput, ...func(*ecr.Options)) (*ecr.ListImageReferrersOutput, error)
}

var (
	_ registryAPI = (*ecrfake.Fake)(nil)
	_ registryAPI = (*ecr.Client)(nil)
)

// The operations answer the same called directly and through f.Client():
// outputs (empty lists included) and errors, request ids and all.
func TestRegistryOperationsDirectAndClientAgree(t *testing.T) {
	ctx := context.Background()
	script := func(t *testing.T, f *ecrfake.Fake, c registryAPI) []step {
		var steps []step
		rec := func(name string, out any, err error) { steps = append(steps, step{name, out, err}) }
		_, subject := pushNew(t, f, "app", "v1", "subject")
		pushReferrer(t, f, "app", subject, "application/spdx+json", map[string]string{"org.example.kind": "sbom"})

		out1, err := c.GetRegistryPolicy(ctx, nil)
		rec("get policy, none", out1, err)
		out2, err := c.PutRegistryPolicy(ctx, &ecr.PutRegistryPolicyInput{PolicyText: aws.String(registryPolicy)})
		rec("put policy", out2, err)
		out2, err = c.PutRegistryPolicy(ctx, &ecr.PutRegistryPolicyInput{PolicyText: aws.String("{}")})
		rec("put invalid policy", out2, err)
		out1, err = c.GetRegistryPolicy(ctx, nil)
		rec("get policy", out1, err)
		out3, err := c.DeleteRegistryPolicy(ctx, nil)
		rec("delete policy", out3, err)

		out4, err := c.GetAccountSetting(ctx, &ecr.GetAccountSettingInput{Name: aws.String("BLOB_MOUNTING")})
		rec("get setting", out4, err)
		out5, err := c.PutAccountSetting(ctx, &ecr.PutAccountSettingInput{Name: aws.String("BLOB_MOUNTING"), Value: aws.String("ENABLED")})
		rec("put setting", out5, err)
		out5, err = c.PutAccountSetting(ctx, &ecr.PutAccountSettingInput{Name: aws.String("NOPE"), Value: aws.String("ENABLED")})
		rec("put unknown setting", out5, err)

		out6, err := c.DescribeRegistry(ctx, nil)
		rec("describe registry, no rules", out6, err)
		out7, err := c.PutReplicationConfiguration(ctx, &ecr.PutReplicationConfigurationInput{ReplicationConfiguration: &types.ReplicationConfiguration{
			Rules: []types.ReplicationRule{replRule([]string{"app"}, dest("us-west-2")), replRule(nil, destIn("eu-west-1", "210987654321")), replRule(nil)},
		}})
		rec("put replication", out7, err)
		out7, err = c.PutReplicationConfiguration(ctx, &ecr.PutReplicationConfigurationInput{ReplicationConfiguration: &types.ReplicationConfiguration{
			Rules: []types.ReplicationRule{replRule(nil, dest("us-east-1"))},
		}})
		rec("put replication to the source", out7, err)
		out6, err = c.DescribeRegistry(ctx, nil)
		rec("describe registry", out6, err)
		out8, err := c.DescribeImageReplicationStatus(ctx, &ecr.DescribeImageReplicationStatusInput{RepositoryName: aws.String("app"), ImageId: byTag("v1")})
		rec("status before the configuration", out8, err)
		pushNew(t, f, "app", "v2", "replicated")
		out8, err = c.DescribeImageReplicationStatus(ctx, &ecr.DescribeImageReplicationStatusInput{RepositoryName: aws.String("app"), ImageId: byTag("v2")})
		rec("status", out8, err)
		out8, err = c.DescribeImageReplicationStatus(ctx, &ecr.DescribeImageReplicationStatusInput{RepositoryName: aws.String("app"), ImageId: byTag("v3")})
		rec("status of no image", out8, err)

		out9, err := c.ListPullTimeUpdateExclusions(ctx, nil)
		rec("list exclusions, none", out9, err)
		for _, name := range []string{"b", "a", "c"} {
			out10, err := c.RegisterPullTimeUpdateExclusion(ctx, &ecr.RegisterPullTimeUpdateExclusionInput{PrincipalArn: principal(name)})
			rec("register "+name, out10, err)
		}
		out10, err := c.RegisterPullTimeUpdateExclusion(ctx, &ecr.RegisterPullTimeUpdateExclusionInput{PrincipalArn: principal("a")})
		rec("register twice", out10, err)
		out9, err = c.ListPullTimeUpdateExclusions(ctx, &ecr.ListPullTimeUpdateExclusionsInput{MaxResults: aws.Int32(2)})
		rec("list exclusions", out9, err)
		if err == nil {
			out9, err = c.ListPullTimeUpdateExclusions(ctx, &ecr.ListPullTimeUpdateExclusionsInput{MaxResults: aws.Int32(2), NextToken: out9.NextToken})
			rec("list exclusions, page 2", out9, err)
		}
		out11, err := c.DeregisterPullTimeUpdateExclusion(ctx, &ecr.DeregisterPullTimeUpdateExclusionInput{PrincipalArn: principal("a")})
		rec("deregister", out11, err)
		out11, err = c.DeregisterPullTimeUpdateExclusion(ctx, &ecr.DeregisterPullTimeUpdateExclusionInput{PrincipalArn: principal("a")})
		rec("deregister twice", out11, err)

		out12, err := c.ListImageReferrers(ctx, &ecr.ListImageReferrersInput{RepositoryName: aws.String("app"), SubjectId: &types.SubjectIdentifier{ImageDigest: aws.String(subject)}})
		rec("referrers", out12, err)
		out12, err = c.ListImageReferrers(ctx, &ecr.ListImageReferrersInput{RepositoryName: aws.String("app"), SubjectId: &types.SubjectIdentifier{ImageDigest: aws.String(sha([]byte("none")))}})
		rec("referrers of nothing", out12, err)
		out12, err = c.ListImageReferrers(ctx, &ecr.ListImageReferrersInput{RepositoryName: aws.String("app"), SubjectId: &types.SubjectIdentifier{ImageDigest: aws.String("nope")}})
		rec("referrers of a bad digest", out12, err)
		return steps
	}
	run := func(wire bool) []step {
		f, _, _ := newFake(t)
		var c registryAPI = f
		if wire {
			c = f.Client(func(o *ecr.Options) { o.Retryer = aws.NopRetryer{} })
		}
		return script(t, f, c)
	}
	direct, wire := run(false), run(true)
	require.Len(t, wire, len(direct))
	for i := range direct {
		requireSameStep(t, direct[i], wire[i])
	}
}

// Registry-level calls race with pushes and with each other without tearing
// (the race detector checks the locking: reads under the shared lock, writes
// under the exclusive one).
func TestRegistrySettingsConcurrently(t *testing.T) {
	f, _, ctx := newFake(t)
	_, subject := pushNew(t, f, "app", "v1", "subject")
	putReplication(t, f, replRule([]string{"app"}, dest("us-west-2")))
	done := make(chan struct{})
	errs := make(chan error, 16)
	worker := func(fn func(i int) error) {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := range 40 {
				if err := fn(i); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	// The referrers' blobs are uploaded first; the goroutine only puts manifests.
	var manifests []string
	for i := range 40 {
		payload := []byte(fmt.Sprint("payload ", i))
		uploadIfMissing(t, f, "app", []byte("{}"))
		uploadIfMissing(t, f, "app", payload)
		manifests = append(manifests, referrerManifest(subject, "application/spdx+json", map[string]string{"i": fmt.Sprint(i)}, payload))
	}
	worker(func(i int) error {
		_, err := put(f, "app", manifests[i], "")
		return err
	})
	worker(func(i int) error {
		_, err := f.RegisterPullTimeUpdateExclusion(ctx, &ecr.RegisterPullTimeUpdateExclusionInput{PrincipalArn: principal(fmt.Sprintf("r%02d", i))})
		return err
	})
	worker(func(i int) error {
		_, err := f.ListPullTimeUpdateExclusions(ctx, &ecr.ListPullTimeUpdateExclusionsInput{MaxResults: aws.Int32(3)})
		return err
	})
	worker(func(i int) error {
		out, err := listReferrers(f, "app", subject, func(in *ecr.ListImageReferrersInput) { in.MaxResults = aws.Int32(5) })
		if err == nil && out.NextToken != nil {
			_, err = listReferrers(f, "app", subject, func(in *ecr.ListImageReferrersInput) { in.MaxResults, in.NextToken = aws.Int32(5), out.NextToken })
		}
		return err
	})
	worker(func(i int) error {
		_, err := f.PutReplicationConfiguration(ctx, &ecr.PutReplicationConfigurationInput{ReplicationConfiguration: &types.ReplicationConfiguration{
			Rules: []types.ReplicationRule{replRule([]string{"app"}, dest(fmt.Sprintf("region-%d", i%3)))},
		}})
		return err
	})
	worker(func(i int) error {
		_, err := f.DescribeImageReplicationStatus(ctx, &ecr.DescribeImageReplicationStatusInput{RepositoryName: aws.String("app"), ImageId: byTag("v1")})
		if err == nil {
			_, err = f.DescribeRegistry(ctx, nil)
		}
		return err
	})
	worker(func(i int) error {
		value := []string{"ENABLED", "DISABLED"}[i%2]
		_, err := f.PutAccountSetting(ctx, &ecr.PutAccountSettingInput{Name: aws.String("BLOB_MOUNTING"), Value: aws.String(value)})
		if err == nil {
			_, err = f.GetAccountSetting(ctx, &ecr.GetAccountSettingInput{Name: aws.String("BLOB_MOUNTING")})
		}
		return err
	})
	for range 7 {
		<-done
	}
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	pages, _ := listExclusions(t, f, 1000)
	require.Len(t, pages[0], 40)
	out, err := listReferrers(f, "app", subject, func(in *ecr.ListImageReferrersInput) { in.MaxResults = aws.Int32(50) })
	require.NoError(t, err)
	require.Len(t, out.Referrers, 40)
}
