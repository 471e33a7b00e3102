package state

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/require"
)

const settingsPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":["ecr:ReplicateImage","ecr:CreateRepository"],"Resource":"arn:aws:ecr:us-east-1:123456789012:repository/*"}]}`

func roleARN(name string) *string { return strp("arn:aws:iam::210987654321:role/" + name) }

func replicationTo(filters []string, dests ...string) types.ReplicationRule {
	r := types.ReplicationRule{Destinations: []types.ReplicationDestination{}}
	for _, d := range dests {
		r.Destinations = append(r.Destinations, types.ReplicationDestination{Region: strp(d), RegistryId: strp(acctOwn)})
	}
	for _, f := range filters {
		r.RepositoryFilters = append(r.RepositoryFilters, types.RepositoryFilter{Filter: strp(f), FilterType: types.RepositoryFilterTypePrefixMatch})
	}
	return r
}

func (f *worldFixture) putReplication(rules ...types.ReplicationRule) {
	f.tb.Helper()
	_, err := f.w.PutReplicationConfiguration(f.tick(), &ecr.PutReplicationConfigurationInput{
		ReplicationConfiguration: &types.ReplicationConfiguration{Rules: rules},
	})
	require.NoError(f.tb, err)
}

// seedSettings gives the seeded world every registry-level setting: a
// policy, account settings, a replication history of two configurations
// with images pushed under each, and pull-time exclusions.
func seedSettings(f *worldFixture) {
	f.tb.Helper()
	_, err := f.w.PutRegistryPolicy(f.tick(), &ecr.PutRegistryPolicyInput{PolicyText: strp(settingsPolicy)})
	require.NoError(f.tb, err)
	_, err = f.w.PutAccountSetting(f.tick(), &ecr.PutAccountSettingInput{Name: strp("BLOB_MOUNTING"), Value: strp("ENABLED")})
	require.NoError(f.tb, err)
	f.putReplication(replicationTo([]string{"app"}, "us-west-2", "eu-west-1"))
	f.pushImage("", "app", "replicated-1", "replicated-1")
	f.putReplication(replicationTo(nil, "ap-south-1"), replicationTo([]string{"lib/"}, "us-west-2"))
	f.pushImage("", "app", "replicated-2", "replicated-2")
	for _, name := range []string{"ci", "auditor", "backup"} {
		_, err := f.w.RegisterPullTimeUpdateExclusion(f.tick(), &ecr.RegisterPullTimeUpdateExclusionInput{PrincipalArn: roleARN(name)})
		require.NoError(f.tb, err)
	}
}

// dumpSettings renders everything observable about the registry-level
// settings, including the replication status of every image of "app".
func dumpSettings(tb testing.TB, w *World) string {
	tb.Helper()
	now := cloneEpoch
	var out []any
	add := func(v any, err error) {
		if err != nil {
			out = append(out, err.Error())
			return
		}
		out = append(out, v)
	}
	add(w.GetRegistryPolicy(now, &ecr.GetRegistryPolicyInput{}))
	for _, s := range accountSettings {
		add(w.GetAccountSetting(now, &ecr.GetAccountSettingInput{Name: strp(s.name)}))
	}
	add(w.DescribeRegistry(now, &ecr.DescribeRegistryInput{}))
	var token *string
	for {
		page, err := w.ListPullTimeUpdateExclusions(now, &ecr.ListPullTimeUpdateExclusionsInput{MaxResults: ptr(int32(2)), NextToken: token})
		require.NoError(tb, err)
		out = append(out, page)
		if token = page.NextToken; token == nil {
			break
		}
	}
	if r := w.registries[acctOwn]; r != nil {
		for _, e := range r.settings.exclusions {
			out = append(out, e.createdAt)
		}
		if repo := r.repos["app"]; repo != nil {
			for _, e := range repo.order.entries {
				if e.img != nil {
					add(w.DescribeImageReplicationStatus(now, &ecr.DescribeImageReplicationStatusInput{
						RepositoryName: strp("app"), ImageId: &types.ImageIdentifier{ImageDigest: strp(e.img.digest)},
					}))
				}
			}
		}
	}
	b, err := json.MarshalIndent(out, "", " ")
	require.NoError(tb, err)
	return string(b)
}

var settingsMutations = []cloneMutation{
	{"replace the registry policy", func(f *worldFixture, s seeded) {
		_, err := f.w.PutRegistryPolicy(f.tick(), &ecr.PutRegistryPolicyInput{PolicyText: strp(clonePolicy)})
		require.NoError(f.tb, err)
	}},
	{"delete the registry policy", func(f *worldFixture, s seeded) {
		_, err := f.w.DeleteRegistryPolicy(f.tick(), &ecr.DeleteRegistryPolicyInput{})
		require.NoError(f.tb, err)
	}},
	{"put an account setting", func(f *worldFixture, s seeded) {
		_, err := f.w.PutAccountSetting(f.tick(), &ecr.PutAccountSettingInput{Name: strp("BLOB_MOUNTING"), Value: strp("DISABLED")})
		require.NoError(f.tb, err)
	}},
	{"replace the replication configuration", func(f *worldFixture, s seeded) {
		f.putReplication(replicationTo([]string{"ap"}, "sa-east-1"))
	}},
	{"push under the current replication configuration", func(f *worldFixture, s seeded) {
		f.pushImage("", "app", "replicated-3", "replicated-3")
	}},
	{"register an exclusion", func(f *worldFixture, s seeded) {
		_, err := f.w.RegisterPullTimeUpdateExclusion(f.tick(), &ecr.RegisterPullTimeUpdateExclusionInput{PrincipalArn: roleARN("aaa")})
		require.NoError(f.tb, err)
	}},
	{"deregister an exclusion", func(f *worldFixture, s seeded) {
		_, err := f.w.DeregisterPullTimeUpdateExclusion(f.tick(), &ecr.DeregisterPullTimeUpdateExclusionInput{PrincipalArn: roleARN("backup")})
		require.NoError(f.tb, err)
	}},
}

// Clone copies the registry-level settings deeply: each world sees only its
// own changes, and no memory is shared.
func TestCloneRegistrySettings(t *testing.T) {
	for _, m := range settingsMutations {
		for _, target := range []string{"clone", "original"} {
			t.Run(m.name+"/in "+target, func(t *testing.T) {
				f, s := seedWorld(t)
				seedSettings(f)
				want := dumpSettings(t, f.w)
				c := f.w.Clone()
				require.Equal(t, want, dumpSettings(t, c))
				requireNoSharedMemory(t, f.w, c)

				mutated, other := c, f.w
				if target == "original" {
					mutated, other = f.w, c
				}
				m.run(&worldFixture{tb: t, w: mutated, now: f.now}, s)
				require.NotEqual(t, want, dumpSettings(t, mutated), "the mutation changed its world")
				require.Equal(t, want, dumpSettings(t, other), "the other world is unchanged")
				requireNoSharedMemory(t, f.w, c)
			})
		}
	}
}

func TestSetReplication(t *testing.T) {
	t0 := cloneEpoch
	a := []replicationRule{{destinations: []replicationDestination{{"us-west-2", acctOwn}}}}
	b := []replicationRule{{destinations: []replicationDestination{{"eu-west-1", acctOwn}}, filters: []string{"prod"}}}
	type put struct {
		at    time.Duration
		rules []replicationRule
	}
	tests := []struct {
		name string
		puts []put
		want []replicationEpoch
	}{
		{name: "nothing stored", want: nil},
		{name: "an empty configuration first stores nothing", puts: []put{{0, nil}, {time.Second, []replicationRule{}}}, want: nil},
		{name: "each change starts an epoch", puts: []put{{0, a}, {time.Second, b}, {2 * time.Second, nil}},
			want: []replicationEpoch{{t0, a}, {t0.Add(time.Second), b}, {t0.Add(2 * time.Second), nil}}},
		{name: "re-putting the same configuration keeps its start", puts: []put{{0, a}, {time.Hour, a}},
			want: []replicationEpoch{{t0, a}}},
		{name: "the last put of one instant wins", puts: []put{{0, a}, {time.Second, b}, {time.Second, nil}},
			want: []replicationEpoch{{t0, a}, {t0.Add(time.Second), nil}}},
		{name: "changing back within one instant leaves the earlier epoch", puts: []put{{0, a}, {time.Second, b}, {time.Second, a}},
			want: []replicationEpoch{{t0, a}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s registrySettings
			for _, p := range tt.puts {
				s.setReplication(t0.Add(p.at), p.rules)
			}
			require.Equal(t, tt.want, s.replication)
		})
	}

	t.Run("the configuration in effect at a time", func(t *testing.T) {
		var s registrySettings
		s.setReplication(t0, a)
		s.setReplication(t0.Add(time.Minute), b)
		for _, tc := range []struct {
			at   time.Duration
			want []replicationRule
		}{
			{-time.Millisecond, nil},
			{0, a},
			{time.Minute - time.Millisecond, a},
			{time.Minute, b},
			{time.Hour, b},
		} {
			require.Equal(t, tc.want, s.replicationAt(t0.Add(tc.at)), "at %v", tc.at)
		}
	})
}

func TestReplicationRuleMatches(t *testing.T) {
	tests := []struct {
		filters []string
		repo    string
		want    bool
	}{
		{nil, "anything", true},
		{[]string{"prod"}, "prod", true},
		{[]string{"prod"}, "prod-api", true},
		{[]string{"prod"}, "prod/api", true},
		{[]string{"prod"}, "production", true},
		{[]string{"prod"}, "team/prod", false},
		{[]string{"prod/"}, "prod", false},
		{[]string{"a", "team/"}, "team/x", true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%v %s", tt.filters, tt.repo), func(t *testing.T) {
			require.Equal(t, tt.want, replicationRule{filters: tt.filters}.matches(tt.repo))
		})
	}
}

func TestValidRegistryPolicy(t *testing.T) {
	tests := []struct {
		name, text string
		want       bool
	}{
		{"replication grant", settingsPolicy, true},
		{"one statement as an object", `{"Statement":{"Effect":"Deny","Principal":"*","Action":"ecr:*"}}`, true},
		{"NotAction and NotPrincipal", `{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"x"},"NotAction":"ecr:DeleteRepository"}]}`, true},
		{"empty", ``, false},
		{"not JSON", `{"Statement":`, false},
		{"not an object", `[]`, false},
		{"null", `null`, false},
		{"no Statement", `{"Version":"2012-10-17"}`, false},
		{"empty Statement list", `{"Statement":[]}`, false},
		{"Statement of the wrong type", `{"Statement":"x"}`, false},
		{"no Effect", `{"Statement":[{"Principal":"*","Action":"ecr:*"}]}`, false},
		{"unknown Effect", `{"Statement":[{"Effect":"allow","Principal":"*","Action":"ecr:*"}]}`, false},
		{"no Action", `{"Statement":[{"Effect":"Allow","Principal":"*"}]}`, false},
		{"null Action", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":null}]}`, false},
		{"no Principal", `{"Statement":[{"Effect":"Allow","Action":"ecr:*"}]}`, false},
		{"a null statement", `{"Statement":[null]}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, validRegistryPolicy(tt.text))
		})
	}
}

// Registry-level reads never create the registry; failed writes leave no trace.
func TestRegistrySettingsReadsCreateNothing(t *testing.T) {
	w := New(cloneTestConfig())
	now := cloneEpoch
	_, err := w.GetRegistryPolicy(now, &ecr.GetRegistryPolicyInput{})
	require.Error(t, err)
	_, err = w.DeleteRegistryPolicy(now, &ecr.DeleteRegistryPolicyInput{})
	require.Error(t, err)
	_, err = w.GetAccountSetting(now, &ecr.GetAccountSettingInput{Name: strp("BLOB_MOUNTING")})
	require.NoError(t, err)
	_, err = w.DescribeRegistry(now, &ecr.DescribeRegistryInput{})
	require.NoError(t, err)
	_, err = w.ListPullTimeUpdateExclusions(now, &ecr.ListPullTimeUpdateExclusionsInput{})
	require.NoError(t, err)
	_, err = w.DeregisterPullTimeUpdateExclusion(now, &ecr.DeregisterPullTimeUpdateExclusionInput{PrincipalArn: roleARN("x")})
	require.Error(t, err)
	_, err = w.PutRegistryPolicy(now, &ecr.PutRegistryPolicyInput{PolicyText: strp("{}")})
	require.Error(t, err)
	_, err = w.PutAccountSetting(now, &ecr.PutAccountSettingInput{Name: strp("BLOB_MOUNTING"), Value: strp("ON")})
	require.Error(t, err)
	_, err = w.PutReplicationConfiguration(now, &ecr.PutReplicationConfigurationInput{ReplicationConfiguration: &types.ReplicationConfiguration{
		Rules: []types.ReplicationRule{{Destinations: []types.ReplicationDestination{{Region: strp("us-east-1"), RegistryId: strp(acctOwn)}}}},
	}})
	require.Error(t, err)
	require.Empty(t, w.registries)
}
