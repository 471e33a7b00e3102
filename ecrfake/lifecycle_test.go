package ecrfake_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

const lcDay = 24 * time.Hour

// lcPolicy renders a policy of the given rules, padded to the 100 characters
// ECR requires at least.
func lcPolicy(rules ...string) string {
	s := `{"rules":[` + strings.Join(rules, ",") + `]}`
	if len(s) < 100 {
		s += strings.Repeat(" ", 100-len(s))
	}
	return s
}

// lcRule renders one rule from its selection and action bodies.
func lcRule(prio int, selection, action string) string {
	return fmt.Sprintf(`{"rulePriority":%d,"selection":{%s},"action":{%s}}`, prio, selection, action)
}

const (
	lcExpire       = `"type":"expire"`
	lcTransition   = `"type":"transition","targetStorageClass":"archive"`
	lcUntagged14   = `"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14`
	lcAnyKeep1     = `"tagStatus":"any","countType":"imageCountMoreThan","countNumber":1`
	lcUntaggedKeep = `"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":3`
)

func lcInvalid(detail string) string {
	return "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure: " + detail + "'"
}

// TestLifecyclePolicyValidation checks, through the API, that each kind of
// invalid policy is InvalidParameterException with ECR's text, from both
// operations that validate policies, and that a rejected policy changes
// nothing. internal/lifecycle has one row per rule; this covers each family.
func TestLifecyclePolicyValidation(t *testing.T) {
	tests := []struct {
		name, text, message string
	}{
		{"shorter than 100 characters", `{"rules":[{"rulePriority":1,"selection":{},"action":{}}]}`,
			"Invalid parameter at 'lifecyclePolicyText' failed to satisfy constraint: 'must have length greater than or equal to 100'"},
		{"not JSON", strings.Repeat("x", 100), lcInvalid("Could not map policyString into LifecyclePolicy.")},
		{"no rules", `{"Rules":[` + lcRule(1, lcUntagged14, lcExpire) + `]}`, lcInvalid(`object has missing required properties (["rules"])`)},
		{"rules null", `{"rules":null}` + strings.Repeat(" ", 90), lcInvalid(`instance type (null) does not match any allowed primitive type (allowed: ["array"])`)},
		{"null in a rule", lcPolicy(lcRule(1, lcUntagged14, `"type":"expire","targetStorageClass":null`)), lcInvalid(`instance failed to match exactly one schema (matched 0 out of 2)`)},
		{"missing rulePriority", lcPolicy(`{"selection":{` + lcUntagged14 + `},"action":{"type":"expire"}}`), lcInvalid(`object has missing required properties (["rulePriority"])`)},
		{"unknown key", lcPolicy(lcRule(1, lcUntagged14+`,"foo":1`, lcExpire)), lcInvalid(`object instance has properties which are not allowed by the schema: (["foo"])`)},
		{"tagStatus not in enum", lcPolicy(lcRule(1, `"tagStatus":"x","countType":"imageCountMoreThan","countNumber":1`, lcExpire)), lcInvalid(`instance value (x) not found in enum :(possible values: ["any", "tagged", "untagged"])`)},
		{"countNumber 0", lcPolicy(lcRule(1, `"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":0`, lcExpire)), lcInvalid(`numeric instance is lower than the required minimum (minimum: 1, found: 0)`)},
		{"rulePriority 0", lcPolicy(lcRule(0, lcUntagged14, lcExpire)), lcInvalid(`numeric instance is lower than the required minimum (minimum: 1, found: 0)`)},
		{"countType unknown", lcPolicy(lcRule(1, `"tagStatus":"untagged","countType":"sinceImageBuilt","countUnit":"days","countNumber":1`, lcExpire)), lcInvalid(`instance failed to match exactly one schema (matched 0 out of 2)`)},
		{"duplicate priorities", lcPolicy(lcRule(3, lcUntagged14, lcExpire), lcRule(3, lcAnyKeep1, lcExpire)), lcInvalid(`Rule priorities must be unique. Duplicate rulePriority: 3`)},
		{"any not last", lcPolicy(lcRule(1, lcAnyKeep1, lcExpire), lcRule(2, lcUntagged14, lcExpire)), lcInvalid(`Rule for tagStatus=ANY must have the lowest priority per storage class`)},
		{"two untagged rules", lcPolicy(lcRule(1, lcUntagged14, lcExpire), lcRule(2, lcUntaggedKeep, lcExpire)), lcInvalid(`Only one rule can select Untagged images per storage class.`)},
		{"tagged without a list", lcPolicy(lcRule(1, `"tagStatus":"tagged","countType":"imageCountMoreThan","countNumber":1`, lcExpire)), lcInvalid(`Must specify tagPrefixList or tagPatternList when tagStatus=TAGGED.`)},
		{"list with untagged", lcPolicy(lcRule(1, `"tagStatus":"untagged","tagPatternList":["*"],"countType":"imageCountMoreThan","countNumber":1`, lcExpire)), lcInvalid(`Cannot specify tagPrefixList or tagPatternList when tagStatus=UNTAGGED.`)},
		{"both lists", lcPolicy(lcRule(1, `"tagStatus":"tagged","tagPrefixList":["a"],"tagPatternList":["a*"],"countType":"imageCountMoreThan","countNumber":1`, lcExpire)), lcInvalid(`Cannot specify both tagPrefixList and tagPatternList in one rule.`)},
		{"five wildcards", lcPolicy(lcRule(1, `"tagStatus":"tagged","tagPatternList":["*a*b*c*d*"],"countType":"imageCountMoreThan","countNumber":1`, lcExpire)), lcInvalid(`Tag pattern '*a*b*c*d*' has more than 4 wildcards (*).`)},
		{"countUnit missing", lcPolicy(lcRule(1, `"tagStatus":"untagged","countType":"sinceImagePushed","countNumber":14`, lcExpire)), lcInvalid(`instance failed to match exactly one schema (matched 0 out of 2)`)},
		{"countUnit with a count", lcPolicy(lcRule(1, `"tagStatus":"untagged","countType":"imageCountMoreThan","countUnit":"days","countNumber":14`, lcExpire)), lcInvalid(`instance failed to match exactly one schema (matched 0 out of 2)`)},
		{"sinceImagePulled with expire", lcPolicy(lcRule(1, `"tagStatus":"any","countType":"sinceImagePulled","countUnit":"days","countNumber":90`, lcExpire)), lcInvalid(`countType=sinceImagePulled is only supported with action type=TRANSITION.`)},
		{"any rules last per storage class", lcPolicy(lcRule(1, `"tagStatus":"any","storageClass":"archive","countType":"sinceImageTransitioned","countUnit":"days","countNumber":365`, lcExpire), lcRule(2, lcAnyKeep1, lcExpire), lcRule(3, lcUntagged14, lcExpire)), lcInvalid(`Rule for tagStatus=ANY must have the lowest priority per storage class`)},
		{"action type not in enum", lcPolicy(lcRule(1, lcUntagged14, `"type":"delete"`)), lcInvalid(`instance value (delete) not found in enum :(possible values: ["expire", "transition"])`)},
		{"transition without a target", lcPolicy(lcRule(1, lcUntagged14, `"type":"transition"`)), lcInvalid(`instance failed to match exactly one schema (matched 0 out of 2)`)},
		{"51 rules", lcPolicy(manyTaggedRules(51)...), lcInvalid(`array is too long: must have at most 50 elements but instance has 51 elements`)},
	}
	stored := lcPolicy(lcRule(1, lcUntagged14, lcExpire))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, ctx := newFake(t)
			createRepo(t, f, "app")
			_, err := f.PutLifecyclePolicy(ctx, &ecr.PutLifecyclePolicyInput{RepositoryName: aws.String("app"), LifecyclePolicyText: aws.String(stored)})
			require.NoError(t, err)

			_, err = f.PutLifecyclePolicy(ctx, &ecr.PutLifecyclePolicyInput{RepositoryName: aws.String("app"), LifecyclePolicyText: aws.String(tt.text)})
			var ip *types.InvalidParameterException
			require.True(t, errors.As(err, &ip), "%v", err)
			assert.Equal(t, tt.message, *ip.Message)
			_, err = f.StartLifecyclePolicyPreview(ctx, &ecr.StartLifecyclePolicyPreviewInput{RepositoryName: aws.String("app"), LifecyclePolicyText: aws.String(tt.text)})
			require.True(t, errors.As(err, &ip), "%v", err)
			assert.Equal(t, tt.message, *ip.Message)

			// Nothing changed: the stored policy stays, no preview started.
			got, err := f.GetLifecyclePolicy(ctx, &ecr.GetLifecyclePolicyInput{RepositoryName: aws.String("app")})
			require.NoError(t, err)
			assert.Equal(t, stored, *got.LifecyclePolicyText)
			_, err = f.GetLifecyclePolicyPreview(ctx, &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: aws.String("app")})
			var pnf *types.LifecyclePolicyPreviewNotFoundException
			require.True(t, errors.As(err, &pnf), "%v", err)
		})
	}
}

func manyTaggedRules(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = lcRule(i+1, fmt.Sprintf(`"tagStatus":"tagged","tagPrefixList":["v%d"],"countType":"imageCountMoreThan","countNumber":1`, i), lcExpire)
	}
	return out
}

func TestLifecyclePolicyPutGetDelete(t *testing.T) {
	f, clock, ctx := newFake(t)
	createRepo(t, f, "app")
	repo := aws.String("app")
	text := lcPolicy(lcRule(1, lcUntagged14, lcExpire))

	_, err := f.GetLifecyclePolicy(ctx, &ecr.GetLifecyclePolicyInput{RepositoryName: repo})
	var nf *types.LifecyclePolicyNotFoundException
	require.True(t, errors.As(err, &nf))
	assert.Equal(t, "LifecyclePolicyNotFoundException: Lifecycle policy does not exist for the repository with name 'app' in the registry with id '123456789012'", nf.Error())
	_, err = f.DeleteLifecyclePolicy(ctx, &ecr.DeleteLifecyclePolicyInput{RepositoryName: repo})
	require.True(t, errors.As(err, &nf))

	put, err := f.PutLifecyclePolicy(ctx, &ecr.PutLifecyclePolicyInput{RepositoryName: repo, LifecyclePolicyText: aws.String(text)})
	require.NoError(t, err)
	assert.Equal(t, "123456789012", *put.RegistryId)
	assert.Equal(t, text, *put.LifecyclePolicyText)

	got, err := f.GetLifecyclePolicy(ctx, &ecr.GetLifecyclePolicyInput{RepositoryName: repo, RegistryId: aws.String("123456789012")})
	require.NoError(t, err)
	assert.Equal(t, text, *got.LifecyclePolicyText)
	assert.Equal(t, time.Unix(0, 0).UTC(), *got.LastEvaluatedAt, "never ran: the Unix epoch")

	clock.Advance(time.Hour)
	_, err = f.RunLifecyclePolicies("app")
	require.NoError(t, err)
	got, err = f.GetLifecyclePolicy(ctx, &ecr.GetLifecyclePolicyInput{RepositoryName: repo})
	require.NoError(t, err)
	assert.Equal(t, epoch.Add(time.Hour), *got.LastEvaluatedAt)

	del, err := f.DeleteLifecyclePolicy(ctx, &ecr.DeleteLifecyclePolicyInput{RepositoryName: repo})
	require.NoError(t, err)
	assert.Equal(t, text, *del.LifecyclePolicyText)
	assert.Equal(t, epoch.Add(time.Hour), *del.LastEvaluatedAt)
	_, err = f.GetLifecyclePolicy(ctx, &ecr.GetLifecyclePolicyInput{RepositoryName: repo})
	require.True(t, errors.As(err, &nf))
	_, err = f.RunLifecyclePolicies("app")
	require.True(t, errors.As(err, &nf))
	assert.Contains(t, err.Error(), "operation error ECR: GetLifecyclePolicy")

	var rnf *types.RepositoryNotFoundException
	for _, err := range []error{
		second(f.PutLifecyclePolicy(ctx, &ecr.PutLifecyclePolicyInput{RepositoryName: aws.String("nope"), LifecyclePolicyText: aws.String(text)})),
		second(f.GetLifecyclePolicy(ctx, &ecr.GetLifecyclePolicyInput{RepositoryName: aws.String("nope")})),
		second(f.DeleteLifecyclePolicy(ctx, &ecr.DeleteLifecyclePolicyInput{RepositoryName: aws.String("nope")})),
		second(f.StartLifecyclePolicyPreview(ctx, &ecr.StartLifecyclePolicyPreviewInput{RepositoryName: aws.String("nope")})),
		second(f.GetLifecyclePolicyPreview(ctx, &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: aws.String("nope")})),
		second(f.RunLifecyclePolicies("nope")),
	} {
		require.True(t, errors.As(err, &rnf), "%v", err)
	}
}

func second[T any](_ T, err error) error { return err }

// lcImage is an image to seed: a label, its tags, and its push (and pull)
// age in days before the test's clock.
type lcImage struct {
	label         string
	tags          []string
	pushedDaysAgo float64
	pulledDaysAgo float64 // 0: never pulled
	// archivedDaysAgo, when not 0, seeds the image archived that long ago.
	archivedDaysAgo float64
}

func seedLC(t *testing.T, f *ecrfake.Fake, now time.Time, images []lcImage) map[string]string {
	t.Helper()
	var seed []ecrfake.SeedImage
	for _, im := range images {
		si := ecrfake.SeedImage{Tags: im.tags, Content: im.label, PushedAt: now.Add(-time.Duration(im.pushedDaysAgo * float64(lcDay)))}
		if im.pulledDaysAgo > 0 {
			si.LastPulledAt = now.Add(-time.Duration(im.pulledDaysAgo * float64(lcDay)))
		}
		if im.archivedDaysAgo > 0 {
			si.ArchivedAt = now.Add(-time.Duration(im.archivedDaysAgo * float64(lcDay)))
		}
		seed = append(seed, si)
	}
	out, err := f.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{Name: "app", Images: seed}}})
	require.NoError(t, err)
	labels := map[string]string{}
	for i, s := range out {
		labels[s.Digest] = images[i].label
	}
	return labels
}

// TestLifecycleEvaluation has one row per evaluation rule, run through the
// API: RunLifecyclePolicies expires exactly what a preview of the same policy
// lists, and the images left are the others.
func TestLifecycleEvaluation(t *testing.T) {
	tests := []struct {
		name    string
		policy  string
		images  []lcImage
		expired []string // oldest first
	}{
		{"sinceImagePushed: more than N days", lcPolicy(lcRule(1, lcUntagged14, lcExpire)),
			[]lcImage{{label: "u20", pushedDaysAgo: 20}, {label: "u14", pushedDaysAgo: 14}, {label: "u1", pushedDaysAgo: 1}, {label: "t30", tags: []string{"v1"}, pushedDaysAgo: 30}},
			[]string{"u20"}},
		{"imageCountMoreThan: keeps the newest N", lcPolicy(lcRule(1, lcUntaggedKeep, lcExpire)),
			[]lcImage{{label: "u5", pushedDaysAgo: 5}, {label: "u4", pushedDaysAgo: 4}, {label: "u3", pushedDaysAgo: 3}, {label: "u2", pushedDaysAgo: 2}, {label: "u1", pushedDaysAgo: 1}},
			[]string{"u5", "u4"}},
		{"images are counted, not tags", lcPolicy(lcRule(1, `"tagStatus":"tagged","tagPrefixList":["v"],"countType":"imageCountMoreThan","countNumber":2`, lcExpire)),
			[]lcImage{{label: "a", tags: []string{"v1", "v1.0", "v1.0.0"}, pushedDaysAgo: 3}, {label: "b", tags: []string{"v2", "v2.0"}, pushedDaysAgo: 2}, {label: "c", tags: []string{"v3"}, pushedDaysAgo: 1}},
			[]string{"a"}},
		{"sinceImagePulled: last pull, or push if never pulled", lcPolicy(lcRule(1, `"tagStatus":"any","countType":"sinceImagePulled","countUnit":"days","countNumber":30`, lcTransition)),
			[]lcImage{{label: "pulled-recently", pushedDaysAgo: 100, pulledDaysAgo: 2}, {label: "pulled-long-ago", pushedDaysAgo: 90, pulledDaysAgo: 40}, {label: "never-old", pushedDaysAgo: 31}, {label: "never-new", pushedDaysAgo: 29}},
			nil}, // they are archived: see TestLifecycleArchivalPair
		{"tagStatus any", lcPolicy(lcRule(1, lcAnyKeep1, lcExpire)),
			[]lcImage{{label: "t", tags: []string{"x"}, pushedDaysAgo: 3}, {label: "u", pushedDaysAgo: 2}, {label: "newest", tags: []string{"y"}, pushedDaysAgo: 1}},
			[]string{"t", "u"}},
		{"tagged: every prefix must match some tag", lcPolicy(lcRule(1, `"tagStatus":"tagged","tagPrefixList":["prod","eu"],"countType":"sinceImagePushed","countUnit":"days","countNumber":1`, lcExpire)),
			[]lcImage{{label: "both", tags: []string{"prod-1", "eu-west"}, pushedDaysAgo: 5}, {label: "prod-only", tags: []string{"prod-2"}, pushedDaysAgo: 5}},
			[]string{"both"}},
		{"tagged: patterns match whole tags", lcPolicy(lcRule(1, `"tagStatus":"tagged","tagPatternList":["release-*-final"],"countType":"sinceImagePushed","countUnit":"days","countNumber":1`, lcExpire)),
			[]lcImage{{label: "match", tags: []string{"release-1.2-final"}, pushedDaysAgo: 5}, {label: "suffix", tags: []string{"release-1.2-final-fix"}, pushedDaysAgo: 5}},
			[]string{"match"}},
		{"keep 9999 prod images: the prod rule shields them from the any rule", lcPolicy(
			lcRule(1, `"tagStatus":"tagged","tagPatternList":["prod*"],"countType":"imageCountMoreThan","countNumber":9999`, lcExpire),
			lcRule(2, `"tagStatus":"any","countType":"sinceImagePushed","countUnit":"days","countNumber":7`, lcExpire)),
			[]lcImage{{label: "prod-old", tags: []string{"prod-1"}, pushedDaysAgo: 400}, {label: "dev-old", tags: []string{"dev-1"}, pushedDaysAgo: 300}, {label: "untagged-old", pushedDaysAgo: 200}, {label: "dev-new", tags: []string{"dev-2"}, pushedDaysAgo: 1}},
			[]string{"dev-old", "untagged-old"}},
		{"shielded images still count for lower rules", lcPolicy(
			lcRule(1, `"tagStatus":"tagged","tagPrefixList":["prod"],"countType":"imageCountMoreThan","countNumber":9999`, lcExpire),
			lcRule(2, `"tagStatus":"any","countType":"imageCountMoreThan","countNumber":2`, lcExpire)),
			[]lcImage{{label: "dev-1", tags: []string{"dev1"}, pushedDaysAgo: 5}, {label: "dev-2", tags: []string{"dev2"}, pushedDaysAgo: 4}, {label: "prod-1", tags: []string{"prod1"}, pushedDaysAgo: 3}, {label: "prod-2", tags: []string{"prod2"}, pushedDaysAgo: 2}},
			[]string{"dev-1", "dev-2"}},
		{"an image is acted on by the first rule that selects it", lcPolicy(
			lcRule(1, `"tagStatus":"tagged","tagPrefixList":["a"],"countType":"sinceImagePushed","countUnit":"days","countNumber":1`, lcTransition),
			lcRule(2, `"tagStatus":"tagged","tagPrefixList":["b"],"countType":"sinceImagePushed","countUnit":"days","countNumber":1`, lcExpire)),
			[]lcImage{{label: "ab", tags: []string{"a1", "b1"}, pushedDaysAgo: 5}, {label: "b", tags: []string{"b2"}, pushedDaysAgo: 5}},
			[]string{"b"}}, // ab transitions: archived by the run
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, clock, ctx := newFake(t, ecrfake.WithLifecyclePreviewDuration(0))
			labels := seedLC(t, f, clock.Now(), tt.images)
			repo := aws.String("app")
			_, err := f.PutLifecyclePolicy(ctx, &ecr.PutLifecyclePolicyInput{RepositoryName: repo, LifecyclePolicyText: aws.String(tt.policy)})
			require.NoError(t, err)

			_, err = f.StartLifecyclePolicyPreview(ctx, &ecr.StartLifecyclePolicyPreviewInput{RepositoryName: repo})
			require.NoError(t, err)
			preview, err := f.GetLifecyclePolicyPreview(ctx, &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: repo})
			require.NoError(t, err)
			require.Equal(t, types.LifecyclePolicyPreviewStatusComplete, preview.Status)
			var previewExpired, previewArchived []string
			for _, r := range preview.PreviewResults {
				switch r.Action.Type {
				case types.ImageActionTypeExpire:
					previewExpired = append(previewExpired, labels[*r.ImageDigest])
				case types.ImageActionTypeTransition:
					previewArchived = append(previewArchived, labels[*r.ImageDigest])
				}
			}
			assert.Equal(t, tt.expired, previewExpired, "preview")
			assert.Equal(t, int32(len(tt.expired)), *preview.Summary.ExpiringImageTotalCount)

			expired, err := f.RunLifecyclePolicies("app")
			require.NoError(t, err)
			var got []string
			for _, d := range expired {
				got = append(got, labels[d])
			}
			assert.Equal(t, tt.expired, got, "run")

			left, err := f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: repo, Filter: &types.DescribeImagesFilter{ImageStatus: types.ImageStatusFilterAny}})
			require.NoError(t, err)
			assert.Len(t, left.ImageDetails, len(tt.images)-len(tt.expired))
			var archived []string
			for _, d := range left.ImageDetails {
				assert.NotContains(t, tt.expired, labels[*d.ImageDigest])
				if d.ImageStatus == types.ImageStatusArchived {
					archived = append(archived, labels[*d.ImageDigest])
				}
			}
			assert.Equal(t, previewArchived, archived, "the run archives what the preview transitions")
		})
	}
}

// TestLifecycleArchivalPair runs the archival guide's policy (and
// terraform-provider-aws's acceptance test): two any rules, one per storage
// class. The run archives the image nobody pulled in 90 days and deletes the
// one archived more than a year ago.
func TestLifecycleArchivalPair(t *testing.T) {
	f, clock, ctx := newFake(t, ecrfake.WithLifecyclePreviewDuration(0))
	labels := seedLC(t, f, clock.Now(), []lcImage{
		{label: "archived-long", pushedDaysAgo: 900, archivedDaysAgo: 400},
		{label: "archived-recent", pushedDaysAgo: 800, archivedDaysAgo: 100},
		{label: "cold", pushedDaysAgo: 200},
		{label: "warm", pushedDaysAgo: 200, pulledDaysAgo: 10},
	})
	policy := lcPolicy(
		lcRule(1, `"tagStatus":"any","countType":"sinceImagePulled","countUnit":"days","countNumber":90`, lcTransition),
		lcRule(2, `"tagStatus":"any","storageClass":"archive","countType":"sinceImageTransitioned","countUnit":"days","countNumber":365`, lcExpire))
	_, err := f.PutLifecyclePolicy(ctx, &ecr.PutLifecyclePolicyInput{RepositoryName: aws.String("app"), LifecyclePolicyText: aws.String(policy)})
	require.NoError(t, err)

	expired, err := f.RunLifecyclePolicies("app")
	require.NoError(t, err)
	require.Len(t, expired, 1)
	assert.Equal(t, "archived-long", labels[expired[0]])

	out, err := f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("app"), Filter: &types.DescribeImagesFilter{ImageStatus: types.ImageStatusFilterAny}})
	require.NoError(t, err)
	status := map[string]types.ImageStatus{}
	for _, d := range out.ImageDetails {
		status[labels[*d.ImageDigest]] = d.ImageStatus
	}
	assert.Equal(t, map[string]types.ImageStatus{
		"archived-recent": types.ImageStatusArchived,
		"cold":            types.ImageStatusArchived,
		"warm":            types.ImageStatusActive,
	}, status)
}

func TestLifecycleExpiryFreesTagsAndRespectsIndexes(t *testing.T) {
	f, clock, ctx := newFake(t)
	createRepo(t, f, "app")
	m1, d1 := pushImage(t, f, "app", "", "amd64")
	m2, d2 := pushImage(t, f, "app", "", "arm64")
	idx, err := f.PutImage(ctx, &ecr.PutImageInput{RepositoryName: aws.String("app"), ImageManifest: aws.String(indexManifest(mtDockerList, m1, m2)), ImageTag: aws.String("multi")})
	require.NoError(t, err)
	_, lone := pushImage(t, f, "app", "", "lone")
	_, err = f.PutLifecyclePolicy(ctx, &ecr.PutLifecyclePolicyInput{RepositoryName: aws.String("app"), LifecyclePolicyText: aws.String(lcPolicy(lcRule(1, lcUntagged14, lcExpire)))})
	require.NoError(t, err)

	clock.Advance(15 * lcDay)
	expired, err := f.RunLifecyclePolicies("app")
	require.NoError(t, err)
	assert.Equal(t, []string{lone}, expired, "the index's children stay while the index does")

	_, err = f.PutLifecyclePolicy(ctx, &ecr.PutLifecyclePolicyInput{RepositoryName: aws.String("app"), LifecyclePolicyText: aws.String(lcPolicy(lcRule(1, `"tagStatus":"any","countType":"sinceImagePushed","countUnit":"days","countNumber":14`, lcExpire)))})
	require.NoError(t, err)
	expired, err = f.RunLifecyclePolicies("app")
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{d1, d2, *idx.Image.ImageId.ImageDigest}, expired)

	// The tag is free again and the repository empty: it deletes without force.
	list, err := f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	assert.Empty(t, list.ImageIds)
	_, err = f.DeleteRepository(ctx, &ecr.DeleteRepositoryInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
}

// TestLifecycleAutoRun shows both settings: off (the default), advancing the
// clock expires nothing; on, the policy runs every 24 hours after it was put,
// and the due run is applied at the start of the next lifecycle call on the
// repository.
func TestLifecycleAutoRun(t *testing.T) {
	for _, on := range []bool{false, true} {
		t.Run(fmt.Sprintf("auto run %v", on), func(t *testing.T) {
			f, clock, ctx := newFake(t, ecrfake.WithLifecycleAutoRun(on))
			labels := seedLC(t, f, clock.Now(), []lcImage{{label: "u10", pushedDaysAgo: 10}, {label: "u12", pushedDaysAgo: 12}, {label: "tagged", tags: []string{"v1"}, pushedDaysAgo: 90}})
			repo := aws.String("app")
			_, err := f.PutLifecyclePolicy(ctx, &ecr.PutLifecyclePolicyInput{RepositoryName: repo, LifecyclePolicyText: aws.String(lcPolicy(lcRule(1, lcUntagged14, lcExpire)))})
			require.NoError(t, err)
			putAt := clock.Now()
			left := func() []string {
				out, err := f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: repo})
				require.NoError(t, err)
				var ls []string
				for _, d := range out.ImageDetails {
					ls = append(ls, labels[*d.ImageDigest])
				}
				return ls
			}
			lastEvaluated := func() time.Time {
				out, err := f.GetLifecyclePolicy(ctx, &ecr.GetLifecyclePolicyInput{RepositoryName: repo})
				require.NoError(t, err)
				return *out.LastEvaluatedAt
			}

			clock.Advance(lcDay - time.Millisecond)
			assert.Equal(t, time.Unix(0, 0).UTC(), lastEvaluated(), "no run before a day has passed")
			clock.Advance(time.Millisecond + 3*lcDay + time.Hour)
			if !on {
				assert.Equal(t, time.Unix(0, 0).UTC(), lastEvaluated())
				assert.Equal(t, []string{"u10", "u12", "tagged"}, left())
				expired, err := f.RunLifecyclePolicies("app")
				require.NoError(t, err)
				assert.Len(t, expired, 2, "on demand, it runs, as of now: both untagged images are past 14 days")
				assert.Equal(t, clock.Now(), lastEvaluated())
				assert.Equal(t, []string{"tagged"}, left())
				return
			}
			// Day 4's run (the latest point due) saw u12 at 16 days, u10 at 14.
			assert.Equal(t, putAt.Add(4*lcDay), lastEvaluated())
			assert.Equal(t, []string{"u10", "tagged"}, left())
			clock.Advance(lcDay)
			assert.Equal(t, putAt.Add(5*lcDay), lastEvaluated())
			assert.Equal(t, []string{"tagged"}, left())
		})
	}
}

func TestLifecyclePreviewProgress(t *testing.T) {
	f, clock, ctx := newFake(t)
	labels := seedLC(t, f, clock.Now(), []lcImage{{label: "old", pushedDaysAgo: 20}, {label: "new", pushedDaysAgo: 1}})
	repo := aws.String("app")
	text := lcPolicy(lcRule(1, lcUntagged14, lcExpire))

	_, err := f.GetLifecyclePolicyPreview(ctx, &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: repo})
	var pnf *types.LifecyclePolicyPreviewNotFoundException
	require.True(t, errors.As(err, &pnf))
	_, err = f.StartLifecyclePolicyPreview(ctx, &ecr.StartLifecyclePolicyPreviewInput{RepositoryName: repo})
	var nf *types.LifecyclePolicyNotFoundException
	require.True(t, errors.As(err, &nf), "no text given and no policy stored")

	start, err := f.StartLifecyclePolicyPreview(ctx, &ecr.StartLifecyclePolicyPreviewInput{RepositoryName: repo, LifecyclePolicyText: aws.String(text)})
	require.NoError(t, err)
	assert.Equal(t, types.LifecyclePolicyPreviewStatusInProgress, start.Status)
	assert.Equal(t, text, *start.LifecyclePolicyText)

	clock.Advance(ecrfake.DefaultLifecyclePreviewDuration - time.Millisecond)
	got, err := f.GetLifecyclePolicyPreview(ctx, &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: repo})
	require.NoError(t, err)
	assert.Equal(t, types.LifecyclePolicyPreviewStatusInProgress, got.Status)
	assert.Nil(t, got.PreviewResults)
	assert.Nil(t, got.Summary)
	_, err = f.StartLifecyclePolicyPreview(ctx, &ecr.StartLifecyclePolicyPreviewInput{RepositoryName: repo, LifecyclePolicyText: aws.String(text)})
	var busy *types.LifecyclePolicyPreviewInProgressException
	require.True(t, errors.As(err, &busy), "%v", err)

	clock.Advance(time.Millisecond)
	got, err = f.GetLifecyclePolicyPreview(ctx, &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: repo})
	require.NoError(t, err)
	assert.Equal(t, types.LifecyclePolicyPreviewStatusComplete, got.Status)
	require.Len(t, got.PreviewResults, 1)
	assert.Equal(t, "old", labels[*got.PreviewResults[0].ImageDigest])
	assert.Equal(t, int32(1), *got.PreviewResults[0].AppliedRulePriority)
	assert.Equal(t, &types.LifecyclePolicyPreviewSummary{ExpiringImageTotalCount: aws.Int32(1)}, got.Summary)
	list, err := f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: repo})
	require.NoError(t, err)
	assert.Len(t, list.ImageIds, 2, "a preview expires nothing")

	// A completed preview can be replaced; the stored policy is the default text.
	_, err = f.PutLifecyclePolicy(ctx, &ecr.PutLifecyclePolicyInput{RepositoryName: repo, LifecyclePolicyText: aws.String(lcPolicy(lcRule(1, lcAnyKeep1, lcExpire)))})
	require.NoError(t, err)
	start, err = f.StartLifecyclePolicyPreview(ctx, &ecr.StartLifecyclePolicyPreviewInput{RepositoryName: repo})
	require.NoError(t, err)
	assert.Equal(t, lcPolicy(lcRule(1, lcAnyKeep1, lcExpire)), *start.LifecyclePolicyText)
}

func TestLifecyclePreviewPagination(t *testing.T) {
	f, clock, ctx := newFake(t, ecrfake.WithLifecyclePreviewDuration(0))
	var images []lcImage
	for i := range 250 {
		im := lcImage{label: fmt.Sprintf("img-%03d", i), pushedDaysAgo: float64(300 - i)}
		if i%3 == 0 {
			im.tags = []string{fmt.Sprintf("t%03d", i)}
		}
		images = append(images, im)
	}
	images = append(images, lcImage{label: "newest", tags: []string{"keep"}, pushedDaysAgo: 0})
	labels := seedLC(t, f, clock.Now(), images)
	repo := aws.String("app")
	_, err := f.StartLifecyclePolicyPreview(ctx, &ecr.StartLifecyclePolicyPreviewInput{RepositoryName: repo, LifecyclePolicyText: aws.String(lcPolicy(lcRule(1, lcAnyKeep1, lcExpire)))})
	require.NoError(t, err)

	collect := func(limit int32, filter *types.LifecyclePolicyPreviewFilter) (labelsSeen []string, pages int) {
		p := ecr.NewGetLifecyclePolicyPreviewPaginator(f, &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: repo, Filter: filter},
			func(o *ecr.GetLifecyclePolicyPreviewPaginatorOptions) { o.Limit = limit; o.StopOnDuplicateToken = true })
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			require.NoError(t, err)
			pages++
			require.LessOrEqual(t, len(page.PreviewResults), max(int(limit), 100))
			assert.Equal(t, int32(250), *page.Summary.ExpiringImageTotalCount, "the summary counts the whole preview")
			for _, r := range page.PreviewResults {
				labelsSeen = append(labelsSeen, labels[*r.ImageDigest])
			}
		}
		return labelsSeen, pages
	}

	all, pages := collect(0, nil)
	assert.Equal(t, 3, pages, "default page size 100")
	require.Len(t, all, 250)
	for i, l := range all {
		assert.Equal(t, fmt.Sprintf("img-%03d", i), l, "oldest first")
	}
	seven, pages := collect(7, nil)
	assert.Equal(t, all, seven)
	assert.Equal(t, 36, pages)
	tagged, _ := collect(10, &types.LifecyclePolicyPreviewFilter{TagStatus: types.TagStatusTagged})
	assert.Len(t, tagged, 84)
	untagged, _ := collect(10, &types.LifecyclePolicyPreviewFilter{TagStatus: types.TagStatusUntagged})
	assert.Len(t, untagged, 166)

	// maxResults beyond 100 and imageIds with pagination are rejected.
	_, err = f.GetLifecyclePolicyPreview(ctx, &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: repo, MaxResults: aws.Int32(101)})
	var ip *types.InvalidParameterException
	require.True(t, errors.As(err, &ip))
	assert.Equal(t, "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to 100'", *ip.Message)
	_, err = f.GetLifecyclePolicyPreview(ctx, &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: repo, ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("t000")}}, NextToken: aws.String("x")})
	require.True(t, errors.As(err, &ip))
	_, err = f.GetLifecyclePolicyPreview(ctx, &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: repo, NextToken: aws.String("garbage")})
	require.True(t, errors.As(err, &ip))
	assert.Contains(t, *ip.Message, "Invalid NextToken")

	byID, err := f.GetLifecyclePolicyPreview(ctx, &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: repo, ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("t003")}, {ImageTag: aws.String("keep")}, {ImageTag: aws.String("t000")}}})
	require.NoError(t, err)
	require.Len(t, byID.PreviewResults, 2, "the newest image is kept, so it is not in the preview")
	assert.Equal(t, []string{"t000"}, byID.PreviewResults[0].ImageTags)
	assert.Equal(t, []string{"t003"}, byID.PreviewResults[1].ImageTags)
}

// TestLifecyclePreviewWaiterUnderSynctest: with the default clock inside a
// testing/synctest bubble, the SDK's waiter polls (IN_PROGRESS), sleeps its
// 5-second MinDelay in virtual time, and finds the preview COMPLETE.
func TestLifecyclePreviewWaiterUnderSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		f := ecrfake.New()
		seedLC(t, f, time.Now(), []lcImage{{label: "old", pushedDaysAgo: 30}, {label: "new", pushedDaysAgo: 1}})
		_, err := f.StartLifecyclePolicyPreview(ctx, &ecr.StartLifecyclePolicyPreviewInput{RepositoryName: aws.String("app"), LifecyclePolicyText: aws.String(lcPolicy(lcRule(1, lcUntagged14, lcExpire)))})
		require.NoError(t, err)

		began := time.Now()
		out, err := ecr.NewLifecyclePolicyPreviewCompleteWaiter(f).WaitForOutput(ctx, &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: aws.String("app")}, time.Minute)
		require.NoError(t, err)
		assert.Equal(t, types.LifecyclePolicyPreviewStatusComplete, out.Status)
		assert.Len(t, out.PreviewResults, 1)
		assert.Equal(t, ecrfake.DefaultLifecyclePreviewDuration, time.Since(began), "two polls, one virtual 5 s sleep")
		assert.Len(t, f.CallsTo(ecrfake.OpGetLifecyclePolicyPreview), 2)
	})
}

// TestLifecyclePreviewWaiterManualClock: with a manual clock the waiter's
// real-time sleeps do not move the fake's time; a Delay fault advances the
// clock by 2 s per poll, so with 1 ms waiter delays the preview completes on
// the third poll.
func TestLifecyclePreviewWaiterManualClock(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	waiter := ecr.NewLifecyclePolicyPreviewCompleteWaiter(f, func(o *ecr.LifecyclePolicyPreviewCompleteWaiterOptions) {
		o.MinDelay, o.MaxDelay = time.Millisecond, time.Millisecond
	})
	in := &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: aws.String("app")}

	// No preview: the waiter stops at the first error, as against ECR.
	err := waiter.Wait(ctx, in, time.Second)
	var pnf *types.LifecyclePolicyPreviewNotFoundException
	require.True(t, errors.As(err, &pnf), "%v", err)

	_, err = f.StartLifecyclePolicyPreview(ctx, &ecr.StartLifecyclePolicyPreviewInput{RepositoryName: aws.String("app"), LifecyclePolicyText: aws.String(lcPolicy(lcRule(1, lcUntagged14, lcExpire)))})
	require.NoError(t, err)
	f.ResetCalls()
	f.Inject(ecrfake.Delay(ecrfake.OpGetLifecyclePolicyPreview, 2*time.Second))
	out, err := waiter.WaitForOutput(ctx, in, 10*time.Second)
	require.NoError(t, err)
	assert.Equal(t, types.LifecyclePolicyPreviewStatusComplete, out.Status)
	statuses := []types.LifecyclePolicyPreviewStatus{}
	for _, c := range f.CallsTo(ecrfake.OpGetLifecyclePolicyPreview) {
		statuses = append(statuses, c.Output.(*ecr.GetLifecyclePolicyPreviewOutput).Status)
	}
	assert.Equal(t, []types.LifecyclePolicyPreviewStatus{"IN_PROGRESS", "IN_PROGRESS", "COMPLETE"}, statuses)
}

// TestLifecycleThroughTheSDKClient runs the lifecycle operations through a
// real *ecr.Client over the in-memory wire: the same answers as direct calls.
func TestLifecycleThroughTheSDKClient(t *testing.T) {
	f, clock, ctx := newFake(t, ecrfake.WithLifecyclePreviewDuration(0))
	seedLC(t, f, clock.Now(), []lcImage{{label: "old", pushedDaysAgo: 30, tags: []string{"a", "b"}}, {label: "u", pushedDaysAgo: 20}, {label: "new", pushedDaysAgo: 1}})
	c := f.Client()
	repo := aws.String("app")
	text := lcPolicy(lcRule(1, lcUntagged14, lcExpire), lcRule(2, lcAnyKeep1, lcTransition))
	_, err := c.PutLifecyclePolicy(ctx, &ecr.PutLifecyclePolicyInput{RepositoryName: repo, LifecyclePolicyText: aws.String(text)})
	require.NoError(t, err)
	viaWire, err := c.GetLifecyclePolicy(ctx, &ecr.GetLifecyclePolicyInput{RepositoryName: repo})
	require.NoError(t, err)
	direct, err := f.GetLifecyclePolicy(ctx, &ecr.GetLifecyclePolicyInput{RepositoryName: repo})
	require.NoError(t, err)
	assert.Equal(t, direct.LastEvaluatedAt.UTC(), viaWire.LastEvaluatedAt.UTC())
	assert.Equal(t, *direct.LifecyclePolicyText, *viaWire.LifecyclePolicyText)

	_, err = c.StartLifecyclePolicyPreview(ctx, &ecr.StartLifecyclePolicyPreviewInput{RepositoryName: repo})
	require.NoError(t, err)
	pw, err := c.GetLifecyclePolicyPreview(ctx, &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: repo})
	require.NoError(t, err)
	pd, err := f.GetLifecyclePolicyPreview(ctx, &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: repo})
	require.NoError(t, err)
	require.Len(t, pw.PreviewResults, 2)
	assert.Equal(t, pd.Summary, pw.Summary)
	for i := range pd.PreviewResults {
		d, w := pd.PreviewResults[i], pw.PreviewResults[i]
		assert.Equal(t, *d.ImageDigest, *w.ImageDigest)
		assert.Equal(t, d.ImageTags, w.ImageTags)
		assert.Equal(t, d.Action, w.Action)
		assert.Equal(t, *d.AppliedRulePriority, *w.AppliedRulePriority)
		assert.True(t, d.ImagePushedAt.Equal(*w.ImagePushedAt))
	}

	_, err = c.PutLifecyclePolicy(ctx, &ecr.PutLifecyclePolicyInput{RepositoryName: repo, LifecyclePolicyText: aws.String(lcPolicy(lcRule(0, lcUntagged14, lcExpire)))})
	var ip *types.InvalidParameterException
	require.True(t, errors.As(err, &ip))
	assert.Equal(t, lcInvalid(`numeric instance is lower than the required minimum (minimum: 1, found: 0)`), *ip.Message)
}

func TestLifecycleSnapshotRestore(t *testing.T) {
	f, clock, ctx := newFake(t)
	seedLC(t, f, clock.Now(), []lcImage{{label: "old", pushedDaysAgo: 30}})
	repo := aws.String("app")
	_, err := f.PutLifecyclePolicy(ctx, &ecr.PutLifecyclePolicyInput{RepositoryName: repo, LifecyclePolicyText: aws.String(lcPolicy(lcRule(1, lcUntagged14, lcExpire)))})
	require.NoError(t, err)
	_, err = f.StartLifecyclePolicyPreview(ctx, &ecr.StartLifecyclePolicyPreviewInput{RepositoryName: repo})
	require.NoError(t, err)
	snap := f.Snapshot()

	_, err = f.RunLifecyclePolicies("app")
	require.NoError(t, err)
	_, err = f.DeleteLifecyclePolicy(ctx, &ecr.DeleteLifecyclePolicyInput{RepositoryName: repo})
	require.NoError(t, err)

	f.Restore(snap)
	got, err := f.GetLifecyclePolicy(ctx, &ecr.GetLifecyclePolicyInput{RepositoryName: repo})
	require.NoError(t, err)
	assert.Equal(t, time.Unix(0, 0).UTC(), *got.LastEvaluatedAt)
	clock.Advance(ecrfake.DefaultLifecyclePreviewDuration)
	p, err := f.GetLifecyclePolicyPreview(ctx, &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: repo})
	require.NoError(t, err)
	assert.Equal(t, types.LifecyclePolicyPreviewStatusComplete, p.Status)
	assert.Len(t, p.PreviewResults, 1)
}

// With auto run on, any call naming the repository applies a due run first.
func TestLifecycleAutoRunOnAnyCall(t *testing.T) {
	f, clock, ctx := newFake(t, ecrfake.WithLifecycleAutoRun(true))
	seedLC(t, f, clock.Now(), []lcImage{{label: "u20", pushedDaysAgo: 20}, {label: "t", tags: []string{"v1"}, pushedDaysAgo: 20}})
	_, err := f.PutLifecyclePolicy(ctx, &ecr.PutLifecyclePolicyInput{RepositoryName: aws.String("app"), LifecyclePolicyText: aws.String(lcPolicy(lcRule(1, lcUntagged14, lcExpire)))})
	require.NoError(t, err)
	clock.Advance(lcDay)
	out, err := f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	assert.Len(t, out.ImageIds, 1)
}
