package lifecycle

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var now = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// img builds an image pushed the given number of days before now.
func img(digest string, pushedDaysAgo float64, tags ...string) Image {
	return Image{Digest: digest, Tags: tags, PushedAt: now.Add(-time.Duration(pushedDaysAgo * float64(day)))}
}

func pulled(i Image, daysAgo float64) Image {
	i.LastPulledAt = now.Add(-time.Duration(daysAgo * float64(day)))
	return i
}

func archived(i Image, daysAgo float64) Image {
	i.StorageClass = StorageArchive
	i.ArchivedAt = now.Add(-time.Duration(daysAgo * float64(day)))
	return i
}

func mustParse(t *testing.T, text string) *Policy {
	t.Helper()
	p, err := Parse(text)
	require.NoError(t, err)
	return p
}

// expired renders results as "digest@priority" (with "→archive" for transitions).
func render(rs []Result) []string {
	out := make([]string, 0, len(rs))
	for _, r := range rs {
		s := fmt.Sprintf("%s@%d", r.Digest, r.RulePriority)
		if r.Action.Type == ActionTransition {
			s += "→" + string(r.Action.TargetStorageClass)
		}
		out = append(out, s)
	}
	return out
}

// TestEvaluate has one row per evaluation rule.
func TestEvaluate(t *testing.T) {
	tests := []struct {
		name   string
		policy string
		images []Image
		want   []string
	}{
		{"sinceImagePushed selects images pushed more than N days ago",
			policy(rule(1, untagged14, expire)),
			[]Image{img("a", 20), img("b", 14), img("c", 14.5), img("d", 1), img("e", 30, "v1")},
			[]string{"a@1", "c@1"}},
		{"exactly N days old is not more than N days old",
			policy(rule(1, untagged14, expire)),
			[]Image{img("exact", 14), img("older", 14.001)},
			[]string{"older@1"}},
		{"imageCountMoreThan keeps the newest N",
			policy(rule(1, `"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":2`, expire)),
			[]Image{img("a", 5), img("b", 4), img("c", 3), img("d", 2), img("e", 1)},
			[]string{"a@1", "b@1", "c@1"}},
		{"imageCountMoreThan with no more than N images selects none",
			policy(rule(1, `"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":2`, expire)),
			[]Image{img("a", 500), img("b", 400)},
			nil},
		{"images are counted, not tags",
			policy(rule(1, `"tagStatus":"tagged","tagPrefixList":["v"],"countType":"imageCountMoreThan","countNumber":2`, expire)),
			[]Image{img("a", 3, "v1", "v1.0", "v1.0.0"), img("b", 2, "v2", "v2.0"), img("c", 1, "v3")},
			[]string{"a@1"}},
		{"sinceImagePulled uses the last pull, or the push when never pulled",
			policy(rule(1, `"tagStatus":"any","countType":"sinceImagePulled","countUnit":"days","countNumber":30`, transition)),
			[]Image{pulled(img("old-but-pulled", 100), 2), pulled(img("pulled-long-ago", 100), 40), img("never-pulled-old", 31), img("never-pulled-new", 29)},
			[]string{"pulled-long-ago@1→archive", "never-pulled-old@1→archive"}},
		{"the archival pair: any rules per storage class archive the unpulled and delete the long archived",
			policy(rule(1, `"tagStatus":"any","countType":"sinceImagePulled","countUnit":"days","countNumber":90`, transition),
				rule(2, `"tagStatus":"any","storageClass":"archive","countType":"sinceImageTransitioned","countUnit":"days","countNumber":365`, expire)),
			[]Image{img("cold", 200), pulled(img("warm", 200), 10), archived(img("archived-long", 900), 400), archived(img("archived-recent", 900), 100)},
			[]string{"archived-long@2", "cold@1→archive"}},
		{"tagStatus untagged sees untagged images only",
			policy(rule(1, `"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":1`, expire)),
			[]Image{img("t1", 5, "x"), img("u1", 4), img("t2", 3, "y"), img("u2", 2)},
			[]string{"u1@1"}},
		{"tagStatus tagged sees tagged images only",
			policy(rule(1, `"tagStatus":"tagged","tagPatternList":["*"],"countType":"imageCountMoreThan","countNumber":1`, expire)),
			[]Image{img("t1", 5, "x"), img("u1", 4), img("t2", 3, "y"), img("u2", 2)},
			[]string{"t1@1"}},
		{"tagStatus any sees every image",
			policy(rule(1, anyCount1, expire)),
			[]Image{img("t1", 5, "x"), img("u1", 4), img("t2", 3, "y"), img("u2", 2)},
			[]string{"t1@1", "u1@1", "t2@1"}},
		{"every prefix must match some tag",
			policy(rule(1, `"tagStatus":"tagged","tagPrefixList":["prod","eu"],"countType":"sinceImagePushed","countUnit":"days","countNumber":1`, expire)),
			[]Image{img("both", 5, "prod-1", "eu-west"), img("prod-only", 5, "prod-2"), img("one-tag-both-prefixes", 5, "prodeu"), img("eu-only", 5, "eu-central")},
			[]string{"both@1"}},
		{"a prefix is a prefix",
			policy(rule(1, `"tagStatus":"tagged","tagPrefixList":["prod"],"countType":"sinceImagePushed","countUnit":"days","countNumber":1`, expire)),
			[]Image{img("a", 5, "production"), img("b", 5, "preprod"), img("c", 5, "prod")},
			[]string{"a@1", "c@1"}},
		{"every pattern must match some tag, in full",
			policy(rule(1, `"tagStatus":"tagged","tagPatternList":["prod*","*-eu"],"countType":"sinceImagePushed","countUnit":"days","countNumber":1`, expire)),
			[]Image{img("both", 5, "prod1", "build-eu"), img("one", 5, "prod1-eu"), img("prod-only", 5, "prod2"), img("partial", 5, "xprod", "build-eu-1")},
			[]string{"both@1", "one@1"}},
		{"an image is acted on by at most one rule, the first that selects it",
			policy(rule(1, `"tagStatus":"tagged","tagPrefixList":["a"],"countType":"sinceImagePushed","countUnit":"days","countNumber":1`, expire),
				rule(2, `"tagStatus":"tagged","tagPrefixList":["b"],"countType":"sinceImagePushed","countUnit":"days","countNumber":1`, transition)),
			[]Image{img("ab", 5, "a1", "b1"), img("b", 5, "b2")},
			[]string{"ab@1", "b@2→archive"}},
		{"keep 9999 prod images: a tag match shields from lower rules",
			policy(rule(1, `"tagStatus":"tagged","tagPatternList":["prod-*"],"countType":"imageCountMoreThan","countNumber":9999`, expire),
				rule(2, `"tagStatus":"any","countType":"sinceImagePushed","countUnit":"days","countNumber":7`, expire)),
			[]Image{img("prod-old", 400, "prod-1"), img("dev-old", 300, "dev-1"), img("untagged-old", 200), img("dev-new", 1, "dev-2"), img("prod-new", 1, "prod-2")},
			[]string{"dev-old@2", "untagged-old@2"}},
		{"shielded images still count for lower rules",
			policy(rule(1, `"tagStatus":"tagged","tagPrefixList":["prod"],"countType":"imageCountMoreThan","countNumber":9999`, expire),
				rule(2, `"tagStatus":"any","countType":"imageCountMoreThan","countNumber":2`, expire)),
			[]Image{img("dev-1", 5, "dev1"), img("dev-2", 4, "dev2"), img("prod-1", 3, "prod1"), img("prod-2", 2, "prod2")},
			[]string{"dev-1@2", "dev-2@2"}},
		{"a rule that selects nothing still shields what its tags match",
			policy(rule(1, `"tagStatus":"tagged","tagPrefixList":["release"],"countType":"sinceImagePushed","countUnit":"days","countNumber":3650`, expire),
				rule(2, `"tagStatus":"any","countType":"sinceImagePushed","countUnit":"days","countNumber":30`, expire)),
			[]Image{img("release", 100, "release-1"), img("other", 100, "feature-x")},
			[]string{"other@2"}},
		{"an untagged rule shields untagged images from an any rule",
			policy(rule(1, `"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":1`, expire),
				rule(2, `"tagStatus":"any","countType":"sinceImagePushed","countUnit":"days","countNumber":1`, expire)),
			[]Image{img("u-old", 10), img("u-new", 9), img("t", 11, "x")},
			[]string{"t@2", "u-old@1"}},
		{"results come oldest first, equal push times by digest",
			policy(rule(1, `"tagStatus":"any","countType":"sinceImagePushed","countUnit":"days","countNumber":1`, expire)),
			[]Image{img("c", 5), img("b", 10), img("a", 5), img("d", 20)},
			[]string{"d@1", "b@1", "a@1", "c@1"}},
		{"equal push times: the larger digest counts as the newer",
			policy(rule(1, `"tagStatus":"any","countType":"imageCountMoreThan","countNumber":1`, expire)),
			[]Image{img("b", 5), img("a", 5), img("c", 5)},
			[]string{"a@1", "b@1"}},
		{"transition rules report their target storage class",
			policy(rule(1, `"tagStatus":"any","countType":"sinceImagePulled","countUnit":"days","countNumber":90`, transition)),
			[]Image{img("cold", 200), pulled(img("warm", 200), 10)},
			[]string{"cold@1→archive"}},
		{"standard rules do not see archived images",
			policy(rule(1, anyCount1, expire)),
			[]Image{archived(img("arch", 300), 200), img("s1", 2), img("s2", 1)},
			[]string{"s1@1"}},
		{"archive rules count from the archive time",
			policy(rule(1, `"tagStatus":"any","storageClass":"archive","countType":"sinceImageTransitioned","countUnit":"days","countNumber":90`, expire)),
			[]Image{archived(img("long-archived", 300), 100), archived(img("recently-archived", 300), 10), img("standard", 300)},
			[]string{"long-archived@1"}},
		{"no images, no results", policy(rule(1, anyCount1, expire)), nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustParse(t, tt.policy).Evaluate(tt.images, now)
			if len(tt.want) == 0 {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, tt.want, render(got))
		})
	}
}

func TestEvaluateDoesNotDependOnInputOrder(t *testing.T) {
	p := mustParse(t, policy(rule(1, `"tagStatus":"tagged","tagPrefixList":["prod"],"countType":"imageCountMoreThan","countNumber":2`, expire),
		rule(2, `"tagStatus":"any","countType":"imageCountMoreThan","countNumber":3`, expire)))
	images := []Image{img("a", 9, "prod1"), img("b", 8), img("c", 7, "prod2"), img("d", 7, "dev"), img("e", 6, "prod3"), img("f", 5), img("g", 1, "prod4")}
	want := render(p.Evaluate(images, now))
	require.NotEmpty(t, want)
	for i := range images {
		rot := append(append([]Image(nil), images[i:]...), images[:i]...)
		assert.Equal(t, want, render(p.Evaluate(rot, now)))
	}
}

func TestEvaluateHandBuiltPolicies(t *testing.T) {
	images := []Image{img("a", 3, "x"), img("b", 2), img("c", 1, "y")}
	tests := []struct {
		name string
		p    *Policy
	}{
		{"nil policy", nil},
		{"no rules", &Policy{}},
		{"zero rule", &Policy{Rules: []Rule{{}}}},
		{"negative counts", &Policy{Rules: []Rule{{TagStatus: TagStatusAny, CountType: CountImageCountMoreThan, CountNumber: -5}, {Priority: 2, TagStatus: TagStatusAny, CountType: CountSinceImagePushed, CountNumber: -1}}}},
		{"huge day count", &Policy{Rules: []Rule{{TagStatus: TagStatusAny, CountType: CountSinceImagePulled, CountNumber: 1 << 62}}}},
		{"tagged without lists", &Policy{Rules: []Rule{{TagStatus: TagStatusTagged, CountType: CountImageCountMoreThan}}}},
		{"unsorted, duplicate priorities", &Policy{Rules: []Rule{{Priority: 9, TagStatus: TagStatusAny, CountType: CountImageCountMoreThan}, {Priority: 1, TagStatus: TagStatusAny, CountType: CountImageCountMoreThan}, {Priority: 1, TagStatus: TagStatusUntagged}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.NotPanics(t, func() { tt.p.Evaluate(images, now) })
		})
	}
	got := (&Policy{Rules: []Rule{{Priority: 9, TagStatus: TagStatusAny, CountType: CountImageCountMoreThan}, {Priority: 1, TagStatus: TagStatusUntagged, CountType: CountImageCountMoreThan}}}).Evaluate(images, now)
	assert.Equal(t, []string{"a@9", "b@1", "c@9"}, render(got), "rules apply in priority order whatever their order in the policy")
}
