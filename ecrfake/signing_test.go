package ecrfake_test

import (
	"context"
	"encoding/json"
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
	signingProfilePrefix = "arn:aws:signer:us-east-1:123456789012:/signing-profiles/"
	signingMissing       = "Signing configuration does not exist in the registry with id '123456789012'"
)

func profile(name string) string { return signingProfilePrefix + name }

func signingRule(name string, filters ...string) types.SigningRule {
	r := types.SigningRule{SigningProfileArn: aws.String(profile(name))}
	for _, f := range filters {
		r.RepositoryFilters = append(r.RepositoryFilters, types.SigningRepositoryFilter{Filter: aws.String(f), FilterType: types.SigningRepositoryFilterTypeWildcardMatch})
	}
	return r
}

func putSigning(t testing.TB, f *ecrfake.Fake, rules ...types.SigningRule) {
	t.Helper()
	_, err := f.PutSigningConfiguration(context.Background(), &ecr.PutSigningConfigurationInput{
		SigningConfiguration: &types.SigningConfiguration{Rules: append([]types.SigningRule{}, rules...)},
	})
	require.NoError(t, err)
}

// signingStatuses renders an image's statuses as "profile STATUS".
func signingStatuses(t testing.TB, f *ecrfake.Fake, repo string, id *types.ImageIdentifier) []string {
	t.Helper()
	out, err := f.DescribeImageSigningStatus(context.Background(), &ecr.DescribeImageSigningStatusInput{RepositoryName: aws.String(repo), ImageId: id})
	require.NoError(t, err)
	require.NotNil(t, out.SigningStatuses)
	got := []string{}
	for _, s := range out.SigningStatuses {
		require.Nil(t, s.FailureCode)
		require.Nil(t, s.FailureReason)
		got = append(got, strings.TrimPrefix(*s.SigningProfileArn, signingProfilePrefix)+" "+string(s.Status))
	}
	return got
}

// signingView renders what a client can see of signing: the configuration
// and the statuses of the images of "app".
func signingView(t testing.TB, f *ecrfake.Fake) string {
	t.Helper()
	ctx := context.Background()
	var seen []any
	out, err := f.GetSigningConfiguration(ctx, nil)
	if err != nil {
		seen = append(seen, apiErr(err))
	} else {
		seen = append(seen, out)
	}
	if imgs, err := f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("app")}); err == nil {
		for _, img := range imgs.ImageDetails {
			seen = append(seen, signingStatuses(t, f, "app", byDigest(*img.ImageDigest)))
		}
	}
	b, err := json.Marshal(seen)
	require.NoError(t, err)
	return string(b)
}

func TestSigningConfigurationLifecycle(t *testing.T) {
	f, clock, ctx := newFake(t)

	_, err := f.GetSigningConfiguration(ctx, nil)
	requireAPIError(t, err, "SigningConfigurationNotFoundException", signingMissing)
	_, err = f.DeleteSigningConfiguration(ctx, nil)
	requireAPIError(t, err, "SigningConfigurationNotFoundException", signingMissing)

	config := &types.SigningConfiguration{Rules: []types.SigningRule{
		signingRule("Prod", "prod/*", "*-prod"),
		signingRule("Everything"),
	}}
	put, err := f.PutSigningConfiguration(ctx, &ecr.PutSigningConfigurationInput{SigningConfiguration: config})
	require.NoError(t, err)
	require.Equal(t, &ecr.PutSigningConfigurationOutput{SigningConfiguration: config}, put)

	got, err := f.GetSigningConfiguration(ctx, &ecr.GetSigningConfigurationInput{})
	require.NoError(t, err)
	require.Equal(t, &ecr.GetSigningConfigurationOutput{RegistryId: aws.String(ownAccount), SigningConfiguration: config}, got)

	// A configuration without rules exists (and signs nothing).
	clock.Advance(time.Second)
	empty := &types.SigningConfiguration{Rules: []types.SigningRule{}}
	put, err = f.PutSigningConfiguration(ctx, &ecr.PutSigningConfigurationInput{SigningConfiguration: empty})
	require.NoError(t, err)
	require.Equal(t, &ecr.PutSigningConfigurationOutput{SigningConfiguration: empty}, put)
	got, err = f.GetSigningConfiguration(ctx, nil)
	require.NoError(t, err)
	require.Equal(t, empty, got.SigningConfiguration)

	clock.Advance(time.Second)
	putSigning(t, f, signingRule("Again", "*"))
	del, err := f.DeleteSigningConfiguration(ctx, nil)
	require.NoError(t, err)
	require.Equal(t, &ecr.DeleteSigningConfigurationOutput{RegistryId: aws.String(ownAccount),
		SigningConfiguration: &types.SigningConfiguration{Rules: []types.SigningRule{signingRule("Again", "*")}}}, del)
	_, err = f.GetSigningConfiguration(ctx, nil)
	requireAPIError(t, err, "SigningConfigurationNotFoundException", signingMissing)
	_, err = f.DeleteSigningConfiguration(ctx, nil)
	requireAPIError(t, err, "SigningConfigurationNotFoundException", signingMissing)

	g, _, _ := newFake(t, ecrfake.WithAccountID("210987654321"))
	_, err = g.GetSigningConfiguration(ctx, nil)
	requireAPIError(t, err, "SigningConfigurationNotFoundException", "Signing configuration does not exist in the registry with id '210987654321'")
}

// The configuration is a copy: changing the input or the output afterwards
// changes nothing stored.
func TestSigningConfigurationDoesNotAlias(t *testing.T) {
	f, _, ctx := newFake(t)
	in := &ecr.PutSigningConfigurationInput{SigningConfiguration: &types.SigningConfiguration{Rules: []types.SigningRule{signingRule("Aa", "app")}}}
	out, err := f.PutSigningConfiguration(ctx, in)
	require.NoError(t, err)
	in.SigningConfiguration.Rules[0].RepositoryFilters[0].Filter = aws.String("changed")
	out.SigningConfiguration.Rules[0].SigningProfileArn = aws.String("changed")
	got, err := f.GetSigningConfiguration(ctx, nil)
	require.NoError(t, err)
	require.Equal(t, []types.SigningRule{signingRule("Aa", "app")}, got.SigningConfiguration.Rules)
}

func TestPutSigningConfigurationValidation(t *testing.T) {
	ipe := func(path, constraint string) string {
		return "Invalid parameter at '" + path + "' failed to satisfy constraint: '" + constraint + "'"
	}
	config := func(rules ...types.SigningRule) *ecr.PutSigningConfigurationInput {
		return &ecr.PutSigningConfigurationInput{SigningConfiguration: &types.SigningConfiguration{Rules: rules}}
	}
	manyFilters := signingRule("Many")
	for range 101 {
		manyFilters.RepositoryFilters = append(manyFilters.RepositoryFilters, types.SigningRepositoryFilter{Filter: aws.String("app"), FilterType: types.SigningRepositoryFilterTypeWildcardMatch})
	}
	tests := []struct {
		name      string
		in        *ecr.PutSigningConfigurationInput
		code, msg string
	}{
		{name: "nil input", in: nil, msg: "missing required field, PutSigningConfigurationInput.SigningConfiguration"},
		{name: "no rules member", in: &ecr.PutSigningConfigurationInput{SigningConfiguration: &types.SigningConfiguration{}},
			msg: "missing required field, PutSigningConfigurationInput.SigningConfiguration.Rules"},
		{name: "no profile ARN", in: config(types.SigningRule{}),
			msg: "missing required field, PutSigningConfigurationInput.SigningConfiguration.Rules[0].SigningProfileArn"},
		{name: "filter without type", in: config(types.SigningRule{SigningProfileArn: aws.String(profile("Pp")), RepositoryFilters: []types.SigningRepositoryFilter{{Filter: aws.String("app")}}}),
			msg: "missing required field, PutSigningConfigurationInput.SigningConfiguration.Rules[0].RepositoryFilters[0].FilterType"},
		{name: "11 rules", in: config(signingRule("A"), signingRule("B"), signingRule("C"), signingRule("D"), signingRule("E"), signingRule("F"),
			signingRule("G"), signingRule("H"), signingRule("I"), signingRule("J"), signingRule("K")),
			code: "InvalidParameterException", msg: ipe("signingConfiguration.rules", "Member must have length less than or equal to 10")},
		{name: "profile ARN of another service", in: config(types.SigningRule{SigningProfileArn: aws.String("arn:aws:iam::123456789012:role/signer")}),
			code: "InvalidParameterException", msg: ipe("signingConfiguration.rules[0].signingProfileArn",
				`must satisfy regular expression '^arn:aws(-[a-z]+)*:signer:[a-z0-9-]+:[0-9]{12}:\/signing-profiles\/[a-zA-Z0-9_]{2,}$'`)},
		{name: "profile name of one character", in: config(signingRule("x")),
			code: "InvalidParameterException", msg: ipe("signingConfiguration.rules[0].signingProfileArn",
				`must satisfy regular expression '^arn:aws(-[a-z]+)*:signer:[a-z0-9-]+:[0-9]{12}:\/signing-profiles\/[a-zA-Z0-9_]{2,}$'`)},
		{name: "profile ARN longer than 200", in: config(signingRule(strings.Repeat("p", 200))),
			code: "InvalidParameterException", msg: ipe("signingConfiguration.rules[0].signingProfileArn", "must have length less than or equal to 200")},
		{name: "empty filter list", in: config(types.SigningRule{SigningProfileArn: aws.String(profile("Pp")), RepositoryFilters: []types.SigningRepositoryFilter{}}),
			code: "InvalidParameterException", msg: ipe("signingConfiguration.rules[0].repositoryFilters", "Member must have length greater than or equal to 1")},
		{name: "101 filters", in: config(manyFilters),
			code: "InvalidParameterException", msg: ipe("signingConfiguration.rules[0].repositoryFilters", "Member must have length less than or equal to 100")},
		{name: "empty filter", in: config(signingRule("Pp", "")),
			code: "InvalidParameterException", msg: ipe("signingConfiguration.rules[0].repositoryFilters[0].filter", "must have length greater than or equal to 1")},
		{name: "filter longer than 256", in: config(signingRule("Pp", strings.Repeat("a", 257))),
			code: "InvalidParameterException", msg: ipe("signingConfiguration.rules[0].repositoryFilters[0].filter", "must have length less than or equal to 256")},
		{name: "upper-case filter", in: config(signingRule("Pp", "app"), signingRule("Qq", "App*")),
			code: "InvalidParameterException", msg: ipe("signingConfiguration.rules[1].repositoryFilters[0].filter",
				"must satisfy regular expression '^(?:[a-z0-9*]+(?:[._-][a-z0-9*]+)*/)*[a-z0-9*]+(?:[._-][a-z0-9*]+)*$'")},
		{name: "filter type of another feature", in: config(types.SigningRule{SigningProfileArn: aws.String(profile("Pp")),
			RepositoryFilters: []types.SigningRepositoryFilter{{Filter: aws.String("app*"), FilterType: "WILDCARD"}}}),
			code: "InvalidParameterException", msg: ipe("signingConfiguration.rules[0].repositoryFilters[0].filterType", "Member must satisfy enum value set: [WILDCARD_MATCH]")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, clock, ctx := newFake(t)
			pushNew(t, f, "app", "v1", "before")
			putSigning(t, f, signingRule("Stored", "app"))
			clock.Advance(time.Second)
			pushNew(t, f, "app", "v2", "signed")
			clock.Advance(time.Second)
			before, stats := signingView(t, f), ecrfake.Stats(f)
			out, err := f.PutSigningConfiguration(ctx, tt.in)
			require.Error(t, err)
			require.Nil(t, out)
			requireCallError(t, err, tt.code, tt.msg)
			require.Equal(t, before, signingView(t, f), "a failed call changes nothing")
			require.Equal(t, stats, ecrfake.Stats(f))
		})
	}
}

// An image is signed by the profiles of the rules that matched its
// repository under the configuration in effect when it was pushed: one
// status per distinct profile, in rule order, all COMPLETE at once.
func TestImageSigningStatus(t *testing.T) {
	f, clock, ctx := newFake(t)
	for _, repo := range []string{"app", "myapp/web", "team/production", "preprod-api", "other"} {
		createRepo(t, f, repo)
	}
	pushImage(t, f, "app", "unsigned", "unsigned")
	clock.Advance(time.Second)

	putSigning(t, f,
		signingRule("Apps", "myapp/*", "app"),
		signingRule("Prod", "*/production", "*prod*"),
		signingRule("All"),
		signingRule("Apps", "other"), // a profile already listed for the earlier rule
	)
	clock.Advance(time.Second)
	tests := []struct {
		repo string
		want []string
	}{
		{"app", []string{"Apps COMPLETE", "All COMPLETE"}},
		{"myapp/web", []string{"Apps COMPLETE", "All COMPLETE"}},
		{"team/production", []string{"Prod COMPLETE", "All COMPLETE"}},
		{"preprod-api", []string{"Prod COMPLETE", "All COMPLETE"}},
		{"other", []string{"All COMPLETE", "Apps COMPLETE"}},
	}
	for _, tt := range tests {
		t.Run(tt.repo, func(t *testing.T) {
			_, digest := pushImage(t, f, tt.repo, "signed", "signed-"+tt.repo)
			require.Equal(t, tt.want, signingStatuses(t, f, tt.repo, byTag("signed")))
			require.Equal(t, tt.want, signingStatuses(t, f, tt.repo, byDigest(digest)))
		})
	}

	// The output names the image as asked, with its digest.
	out, err := f.DescribeImageSigningStatus(ctx, &ecr.DescribeImageSigningStatusInput{RepositoryName: aws.String("app"), ImageId: byTag("unsigned")})
	require.NoError(t, err)
	require.Equal(t, ownAccount, *out.RegistryId)
	require.Equal(t, "app", *out.RepositoryName)
	require.Equal(t, "unsigned", *out.ImageId.ImageTag)
	require.NotNil(t, out.ImageId.ImageDigest)
	require.Equal(t, []types.ImageSigningStatus{}, out.SigningStatuses, "pushed before the configuration")

	// A new configuration applies to later pushes; a deleted one leaves the
	// statuses of earlier images and signs nothing after.
	clock.Advance(time.Second)
	putSigning(t, f, signingRule("Second", "app"))
	clock.Advance(time.Second)
	pushImage(t, f, "app", "second", "second")
	clock.Advance(time.Second)
	_, err = f.DeleteSigningConfiguration(ctx, nil)
	require.NoError(t, err)
	clock.Advance(time.Second)
	pushImage(t, f, "app", "after-delete", "after-delete")
	require.Equal(t, []string{"Apps COMPLETE", "All COMPLETE"}, signingStatuses(t, f, "app", byTag("signed")))
	require.Equal(t, []string{"Second COMPLETE"}, signingStatuses(t, f, "app", byTag("second")))
	require.Equal(t, []string{}, signingStatuses(t, f, "app", byTag("after-delete")))

	// A retag is not a push: the image keeps the statuses of its push time.
	m, _ := pushImage(t, f, "app", "", "untagged-after-delete")
	_, err = f.PutImage(ctx, &ecr.PutImageInput{RepositoryName: aws.String("app"), ImageManifest: aws.String(m), ImageTag: aws.String("retagged")})
	require.NoError(t, err)
	clock.Advance(time.Second)
	putSigning(t, f, signingRule("Third"))
	clock.Advance(time.Second)
	_, err = f.PutImage(ctx, &ecr.PutImageInput{RepositoryName: aws.String("app"), ImageManifest: aws.String(m), ImageTag: aws.String("retagged-again")})
	require.NoError(t, err)
	require.Equal(t, []string{}, signingStatuses(t, f, "app", byTag("retagged-again")))
}

func TestDescribeImageSigningStatusErrors(t *testing.T) {
	const (
		noRepo   = "The repository with name 'nope' does not exist in the registry with id '123456789012'"
		noImage  = "The image with imageId {imageDigest:'null', imageTag:'missing'} does not exist within the repository with name 'app' in the registry with id '123456789012'"
		badTag   = "Invalid parameter at 'imageId.imageTag' failed to satisfy constraint: 'must satisfy regular expression '[a-zA-Z0-9-_.]+''"
		otherReg = "The repository with name 'app' does not exist in the registry with id '210987654321'"
	)
	tests := []struct {
		name      string
		in        *ecr.DescribeImageSigningStatusInput
		code, msg string
	}{
		{name: "nil input", msg: "2 validation error(s) found"},
		{name: "no image id", in: &ecr.DescribeImageSigningStatusInput{RepositoryName: aws.String("app")},
			msg: "missing required field, DescribeImageSigningStatusInput.ImageId"},
		{name: "no repository", in: &ecr.DescribeImageSigningStatusInput{RepositoryName: aws.String("nope"), ImageId: byTag("v1")},
			code: "RepositoryNotFoundException", msg: noRepo},
		{name: "another registry", in: &ecr.DescribeImageSigningStatusInput{RegistryId: aws.String("210987654321"), RepositoryName: aws.String("app"), ImageId: byTag("v1")},
			code: "RepositoryNotFoundException", msg: otherReg},
		{name: "no image", in: &ecr.DescribeImageSigningStatusInput{RepositoryName: aws.String("app"), ImageId: byTag("missing")},
			code: "ImageNotFoundException", msg: noImage},
		{name: "bad tag", in: &ecr.DescribeImageSigningStatusInput{RepositoryName: aws.String("app"), ImageId: byTag("no:colons")},
			code: "InvalidParameterException", msg: badTag},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, ctx := newFake(t)
			pushNew(t, f, "app", "v1", "one")
			out, err := f.DescribeImageSigningStatus(ctx, tt.in)
			require.Error(t, err)
			require.Nil(t, out)
			if tt.code == "" {
				var params smithy.InvalidParamsError
				require.ErrorAs(t, err, &params)
				require.ErrorContains(t, err, tt.msg)
				return
			}
			requireAPIError(t, err, tt.code, tt.msg)
		})
	}
}

// Snapshot and Restore carry the signing history, so statuses derived from
// it come back too.
func TestSigningSnapshotRestore(t *testing.T) {
	f, clock, _ := newFake(t)
	pushNew(t, f, "app", "v1", "one")
	putSigning(t, f, signingRule("First", "app"))
	clock.Advance(time.Second)
	pushNew(t, f, "app", "v2", "two")
	snap := f.Snapshot()
	want := signingView(t, f)

	_, err := f.DeleteSigningConfiguration(context.Background(), nil)
	require.NoError(t, err)
	clock.Advance(time.Second)
	putSigning(t, f, signingRule("Second"))
	clock.Advance(time.Second)
	pushNew(t, f, "app", "v3", "three")
	require.NotEqual(t, want, signingView(t, f))

	f.Restore(snap)
	require.Equal(t, want, signingView(t, f))
	require.Equal(t, []string{"First COMPLETE"}, signingStatuses(t, f, "app", byTag("v2")))
}

// signingAPI is the part of *ecr.Client the signing operations make up.
type signingAPI interface {
	PutSigningConfiguration(context.Context, *ecr.PutSigningConfigurationInput, ...func(*ecr.Options)) (*ecr.PutSigningConfigurationOutput, error)
	GetSigningConfiguration(context.Context, *ecr.GetSigningConfigurationInput, ...func(*ecr.Options)) (*ecr.GetSigningConfigurationOutput, error)
	DeleteSigningConfiguration(context.Context, *ecr.DeleteSigningConfigurationInput, ...func(*ecr.Options)) (*ecr.DeleteSigningConfigurationOutput, error)
	DescribeImageSigningStatus(context.Context, *ecr.DescribeImageSigningStatusInput, ...func(*ecr.Options)) (*ecr.DescribeImageSigningStatusOutput, error)
}

var (
	_ signingAPI = (*ecrfake.Fake)(nil)
	_ signingAPI = (*ecr.Client)(nil)
)

// The signing operations answer the same called directly and through
// f.Client(): outputs (empty lists included) and errors.
func TestSigningDirectAndClientAgree(t *testing.T) {
	ctx := context.Background()
	script := func(t *testing.T, f *ecrfake.Fake, c signingAPI) []step {
		var steps []step
		rec := func(name string, out any, err error) { steps = append(steps, step{name, out, err}) }
		pushNew(t, f, "app", "v1", "before")

		out1, err := c.GetSigningConfiguration(ctx, nil)
		rec("get, none", out1, err)
		out2, err := c.DeleteSigningConfiguration(ctx, nil)
		rec("delete, none", out2, err)
		out3, err := c.PutSigningConfiguration(ctx, &ecr.PutSigningConfigurationInput{SigningConfiguration: &types.SigningConfiguration{Rules: []types.SigningRule{}}})
		rec("put, no rules", out3, err)
		out1, err = c.GetSigningConfiguration(ctx, nil)
		rec("get, no rules", out1, err)
		out3, err = c.PutSigningConfiguration(ctx, &ecr.PutSigningConfigurationInput{SigningConfiguration: &types.SigningConfiguration{Rules: []types.SigningRule{
			signingRule("Apps", "app", "*/web"), signingRule("All"),
		}}})
		rec("put", out3, err)
		out3, err = c.PutSigningConfiguration(ctx, &ecr.PutSigningConfigurationInput{SigningConfiguration: &types.SigningConfiguration{Rules: []types.SigningRule{signingRule("x")}}})
		rec("put, invalid", out3, err)
		out1, err = c.GetSigningConfiguration(ctx, nil)
		rec("get", out1, err)
		out4, err := c.DescribeImageSigningStatus(ctx, &ecr.DescribeImageSigningStatusInput{RepositoryName: aws.String("app"), ImageId: byTag("v1")})
		rec("status, pushed before", out4, err)
		pushNew(t, f, "app", "v2", "after")
		out4, err = c.DescribeImageSigningStatus(ctx, &ecr.DescribeImageSigningStatusInput{RepositoryName: aws.String("app"), ImageId: byTag("v2")})
		rec("status", out4, err)
		out4, err = c.DescribeImageSigningStatus(ctx, &ecr.DescribeImageSigningStatusInput{RepositoryName: aws.String("app"), ImageId: byTag("v3")})
		rec("status of no image", out4, err)
		out2, err = c.DeleteSigningConfiguration(ctx, nil)
		rec("delete", out2, err)
		return steps
	}
	run := func(wire bool) []step {
		f, _, _ := newFake(t)
		var c signingAPI = f
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
