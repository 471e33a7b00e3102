package state

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/require"
)

const testSigningProfile = "arn:aws:signer:us-east-1:123456789012:/signing-profiles/"

func signingRuleSDK(profile string, filters ...string) types.SigningRule {
	r := types.SigningRule{SigningProfileArn: strp(testSigningProfile + profile)}
	for _, f := range filters {
		r.RepositoryFilters = append(r.RepositoryFilters, types.SigningRepositoryFilter{Filter: strp(f), FilterType: types.SigningRepositoryFilterTypeWildcardMatch})
	}
	return r
}

func (f *worldFixture) putSigning(rules ...types.SigningRule) {
	f.tb.Helper()
	_, err := f.w.PutSigningConfiguration(f.tick(), &ecr.PutSigningConfigurationInput{
		SigningConfiguration: &types.SigningConfiguration{Rules: append([]types.SigningRule{}, rules...)},
	})
	require.NoError(f.tb, err)
}

func TestSigningRuleMatches(t *testing.T) {
	tests := []struct {
		filters []string
		repo    string
		want    bool
	}{
		{nil, "anything/at/all", true},
		{[]string{"app"}, "app", true},
		{[]string{"app"}, "app-2", false},
		{[]string{"app"}, "team/app", false},
		{[]string{"myapp/*"}, "myapp/web", true},
		{[]string{"myapp/*"}, "myapp/web/api", true},
		{[]string{"myapp/*"}, "myapp", false},
		{[]string{"*/production"}, "team/production", true},
		{[]string{"*/production"}, "production", false},
		{[]string{"*prod*"}, "prod", true},
		{[]string{"*prod*"}, "team/preprod-api", true},
		{[]string{"*prod*"}, "pro-d", false},
		{[]string{"a*b*c"}, "a-x-b-y-c", true},
		{[]string{"a*b*c"}, "a-x-c-y-b", false},
		{[]string{"x", "team/*"}, "team/x", true},
		{[]string{"x", "team/*"}, "other/x", false},
	}
	for _, tt := range tests {
		t.Run(tt.repo, func(t *testing.T) {
			require.Equal(t, tt.want, signingRule{filters: tt.filters}.matches(tt.repo), "%v", tt.filters)
		})
	}
}

func TestSetSigning(t *testing.T) {
	t0 := cloneEpoch
	a := []signingRule{{profile: "a"}}
	b := []signingRule{{profile: "b", filters: []string{"prod*"}}}
	empty := []signingRule{}
	type put struct {
		at    time.Duration
		set   bool
		rules []signingRule
	}
	tests := []struct {
		name string
		puts []put
		want []signingEpoch
	}{
		{name: "nothing stored", want: nil},
		{name: "a configuration without rules is a configuration", puts: []put{{0, true, empty}},
			want: []signingEpoch{{t0, true, empty}}},
		{name: "each change starts an epoch; a deletion too", puts: []put{{0, true, a}, {time.Second, true, b}, {2 * time.Second, false, nil}},
			want: []signingEpoch{{t0, true, a}, {t0.Add(time.Second), true, b}, {t0.Add(2 * time.Second), false, nil}}},
		{name: "re-putting the same configuration keeps its start", puts: []put{{0, true, a}, {time.Hour, true, a}},
			want: []signingEpoch{{t0, true, a}}},
		{name: "the last put of one instant wins", puts: []put{{0, true, a}, {time.Second, true, b}, {time.Second, false, nil}},
			want: []signingEpoch{{t0, true, a}, {t0.Add(time.Second), false, nil}}},
		{name: "put and delete within one instant leave nothing", puts: []put{{0, true, a}, {0, false, nil}},
			want: []signingEpoch{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &registry{}
			for _, p := range tt.puts {
				r.setSigning(t0.Add(p.at), p.set, p.rules)
			}
			if len(tt.want) == 0 {
				require.Empty(t, r.signing)
				return
			}
			require.Equal(t, tt.want, r.signing)
		})
	}

	t.Run("the configuration in effect at a time", func(t *testing.T) {
		r := &registry{}
		r.setSigning(t0, true, a)
		r.setSigning(t0.Add(time.Minute), true, b)
		r.setSigning(t0.Add(time.Hour), false, nil)
		for _, tc := range []struct {
			at   time.Duration
			want []signingRule
		}{
			{-time.Millisecond, nil},
			{0, a},
			{time.Minute - time.Millisecond, a},
			{time.Minute, b},
			{time.Hour - time.Millisecond, b},
			{time.Hour, nil},
		} {
			require.Equal(t, tc.want, r.signingAt(t0.Add(tc.at)), "at %v", tc.at)
		}
	})
}

// Statuses follow from the configuration in effect at the image's push time.
func TestDescribeImageSigningStatusFollowsPushTime(t *testing.T) {
	f, _ := seedWorld(t)
	status := func(tag string) []string {
		t.Helper()
		out, err := f.w.DescribeImageSigningStatus(f.now, &ecr.DescribeImageSigningStatusInput{RepositoryName: strp("app"), ImageId: &types.ImageIdentifier{ImageTag: strp(tag)}})
		require.NoError(t, err)
		var got []string
		for _, s := range out.SigningStatuses {
			got = append(got, *s.SigningProfileArn+" "+string(s.Status))
		}
		return got
	}
	f.pushImage("", "app", "before", "before")
	f.putSigning(signingRuleSDK("one", "app"), signingRuleSDK("two", "lib/*"), signingRuleSDK("one"), signingRuleSDK("three", "a*"))
	f.pushImage("", "app", "during", "during")
	_, err := f.w.DeleteSigningConfiguration(f.tick(), &ecr.DeleteSigningConfigurationInput{})
	require.NoError(t, err)
	f.pushImage("", "app", "after", "after")

	require.Nil(t, status("before"))
	require.Equal(t, []string{testSigningProfile + "one COMPLETE", testSigningProfile + "three COMPLETE"}, status("during"), "one status per distinct profile, in rule order")
	require.Nil(t, status("after"))
}

// dumpSigning renders the signing configuration and the signing statuses of
// every image of "app".
func dumpSigning(tb testing.TB, w *World) string {
	tb.Helper()
	var out []any
	add := func(v any, err error) {
		if err != nil {
			out = append(out, err.Error())
			return
		}
		out = append(out, v)
	}
	add(w.GetSigningConfiguration(cloneEpoch, &ecr.GetSigningConfigurationInput{}))
	if r := w.registries[acctOwn]; r != nil {
		out = append(out, len(r.signing))
		if repo := r.repos["app"]; repo != nil {
			for _, e := range repo.order.entries {
				if e.img != nil {
					add(w.DescribeImageSigningStatus(cloneEpoch, &ecr.DescribeImageSigningStatusInput{
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

var signingMutations = []cloneMutation{
	{"replace the signing configuration", func(f *worldFixture, s seeded) {
		f.putSigning(signingRuleSDK("other", "*"))
	}},
	{"delete the signing configuration", func(f *worldFixture, s seeded) {
		_, err := f.w.DeleteSigningConfiguration(f.tick(), &ecr.DeleteSigningConfigurationInput{})
		require.NoError(f.tb, err)
	}},
	{"push under the current signing configuration", func(f *worldFixture, s seeded) {
		f.pushImage("", "app", "signed-3", "signed-3")
	}},
}

func seedSigning(f *worldFixture) {
	f.tb.Helper()
	f.putSigning(signingRuleSDK("one", "ap*"))
	f.pushImage("", "app", "signed-1", "signed-1")
	f.putSigning(signingRuleSDK("two"), signingRuleSDK("three", "lib/*", "app"))
	f.pushImage("", "app", "signed-2", "signed-2")
}

// Clone copies the signing history deeply: each world sees only its own
// changes, and no memory is shared.
func TestCloneSigning(t *testing.T) {
	for _, m := range signingMutations {
		for _, target := range []string{"clone", "original"} {
			t.Run(m.name+"/in "+target, func(t *testing.T) {
				f, s := seedWorld(t)
				seedSigning(f)
				want := dumpSigning(t, f.w)
				c := f.w.Clone()
				require.Equal(t, want, dumpSigning(t, c))
				requireNoSharedMemory(t, f.w, c)

				mutated, other := c, f.w
				if target == "original" {
					mutated, other = f.w, c
				}
				m.run(&worldFixture{tb: t, w: mutated, now: f.now}, s)
				require.NotEqual(t, want, dumpSigning(t, mutated), "the mutation changed its world")
				require.Equal(t, want, dumpSigning(t, other), "the other world is unchanged")
				requireNoSharedMemory(t, f.w, c)
			})
		}
	}
}

// Reads never create the registry; failed calls leave no trace.
func TestSigningReadsCreateNothing(t *testing.T) {
	w := New(cloneTestConfig())
	_, err := w.GetSigningConfiguration(cloneEpoch, &ecr.GetSigningConfigurationInput{})
	require.Error(t, err)
	_, err = w.DeleteSigningConfiguration(cloneEpoch, &ecr.DeleteSigningConfigurationInput{})
	require.Error(t, err)
	_, err = w.DescribeImageSigningStatus(cloneEpoch, &ecr.DescribeImageSigningStatusInput{RepositoryName: strp("app"), ImageId: &types.ImageIdentifier{ImageTag: strp("x")}})
	require.Error(t, err)
	require.Empty(t, w.registries)
}
