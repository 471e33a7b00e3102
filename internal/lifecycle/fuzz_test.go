package lifecycle

import (
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"testing"
	"time"
)

// Run with
//
//	go test ./internal/lifecycle -run '^$' -fuzz=FuzzParse -fuzztime=30s -fuzzminimizetime=200x
//
// and the same with -fuzz=FuzzEvaluate. Bounding the minimisation keeps the
// workers fuzzing: with the default 60 s budget they spend most of a short
// run minimising the large policies they find.

func parseSeeds() []string {
	return []string{
		policy(rule(1, untagged14, expire)),
		policy(rule(30, anyCount1, expire), rule(2, untaggedKeep, expire), rule(10, prodCount5, expire)),
		policy(rule(1, `"tagStatus":"tagged","tagPatternList":["prod-*","*-eu"],"countType":"imageCountMoreThan","countNumber":9999`, expire),
			rule(2, `"tagStatus":"any","countType":"sinceImagePushed","countUnit":"days","countNumber":7`, expire)),
		policy(rule(1, `"tagStatus":"any","countType":"sinceImagePulled","countUnit":"days","countNumber":90`, transition)),
		policy(rule(1, `"tagStatus":"any","storageClass":"archive","countType":"sinceImageTransitioned","countUnit":"days","countNumber":90`, expire)),
		policy(rule(1, `"tagStatus":"tagged","tagPrefixList":["a","b"],"countType":"imageCountMoreThan","countNumber":1`, expire), rule(2, `"tagStatus":"untagged","countType":"sinceImagePulled","countUnit":"days","countNumber":2147483647`, transition)),
		`{"rules":null}`,
		`{"rules":[null]}`,
		`{"rules":[{"rulePriority":1.5}]}`,
		`{"rules":[{"rulePriority":-99999999999999999999999,"selection":{},"action":{}}]}`,
		`[]`,
		`{`,
		`{"rules":[{"rulePriority":1,"selection":{"tagStatus":"tagged","tagPatternList":["*a*b*c*d*e"],"countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}]}`,
	}
}

// imagesFor builds a deterministic image set that the policy's own tag lists
// select from, plus untagged, archived and pulled images.
func imagesFor(p *Policy, seed string) []Image {
	h := fnv.New64a()
	h.Write([]byte(seed))
	x := h.Sum64()
	next := func(n uint64) uint64 {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		return x % n
	}
	var vocab []string
	for _, r := range p.Rules {
		for _, pre := range r.TagPrefixList {
			vocab = append(vocab, pre, pre+"-1")
		}
		for _, pat := range r.TagPatternList {
			vocab = append(vocab, strings.ReplaceAll(pat, "*", ""), strings.ReplaceAll(pat, "*", "x"))
		}
	}
	vocab = append(vocab, "latest", "dev")
	var images []Image
	for i := range 24 {
		im := Image{Digest: fmt.Sprintf("sha256:%02d", i), PushedAt: now.Add(-time.Duration(next(400*24)) * time.Hour)}
		for range next(4) {
			im.Tags = append(im.Tags, vocab[next(uint64(len(vocab)))])
		}
		if next(3) == 0 {
			im.LastPulledAt = now.Add(-time.Duration(next(200*24)) * time.Hour)
		}
		if next(5) == 0 {
			im.StorageClass, im.ArchivedAt = StorageArchive, now.Add(-time.Duration(next(200*24))*time.Hour)
		}
		images = append(images, im)
	}
	return images
}

func FuzzParse(f *testing.F) {
	for _, s := range parseSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		p, err := Parse(text)
		if err != nil {
			var ve *ValidationError
			if !errors.As(err, &ve) || ve.Detail == "" || p != nil {
				t.Fatalf("Parse(%q) = %v, %v: want a *ValidationError with a detail", text, p, err)
			}
			return
		}
		checkPolicy(t, p)
		images := imagesFor(p, text)
		checkResults(t, p, images, p.Evaluate(images, now))
	})
}

func FuzzEvaluate(f *testing.F) {
	for i, s := range parseSeeds() {
		f.Add(s, []byte(fmt.Sprintf("images-%d-%s", i, s)), int64(i)*3600)
	}
	f.Fuzz(func(t *testing.T, text string, raw []byte, shift int64) {
		p, err := Parse(text)
		if err != nil {
			return
		}
		// Each 4 bytes make an image: push age, tag bits, pull age, storage.
		vocab := []string{"prod", "prod-1", "v1", "v1.2", "dev-eu", "latest", "a", "b"}
		for _, r := range p.Rules {
			vocab = append(vocab, r.TagPrefixList...)
			for _, pat := range r.TagPatternList {
				vocab = append(vocab, strings.ReplaceAll(pat, "*", "z"))
			}
		}
		var images []Image
		for i := 0; i+4 <= len(raw) && len(images) < 200; i += 4 {
			b := raw[i : i+4]
			im := Image{Digest: fmt.Sprintf("sha256:%03d", len(images)), PushedAt: now.Add(-time.Duration(b[0]) * 24 * time.Hour)}
			for j := range 8 {
				if b[1]&(1<<j) != 0 {
					im.Tags = append(im.Tags, vocab[(j+int(b[3]))%len(vocab)])
				}
			}
			if b[2] != 0 {
				im.LastPulledAt = now.Add(-time.Duration(b[2]) * 24 * time.Hour)
			}
			if b[3]%7 == 0 {
				im.StorageClass, im.ArchivedAt = StorageArchive, now.Add(-time.Duration(b[3])*24*time.Hour)
			}
			images = append(images, im)
		}
		at := now.Add(time.Duration(shift) * time.Second)
		got := p.Evaluate(images, at)
		checkResults(t, p, images, got)
		checkAgainstReference(t, p, images, at, got)
		rev := slices.Clone(images)
		slices.Reverse(rev)
		if again := p.Evaluate(rev, at); !slices.Equal(render(got), render(again)) {
			t.Fatalf("input order changed the results: %v vs %v", render(got), render(again))
		}
	})
}

// checkPolicy asserts the invariants every accepted policy has.
func checkPolicy(t *testing.T, p *Policy) {
	t.Helper()
	if len(p.Rules) == 0 || len(p.Rules) > MaxRules {
		t.Fatalf("accepted %d rules", len(p.Rules))
	}
	untagged := 0
	for i, r := range p.Rules {
		if r.Priority < 1 || (i > 0 && r.Priority <= p.Rules[i-1].Priority) {
			t.Fatalf("priorities not ≥1, unique and ascending: %+v", p.Rules)
		}
		if r.TagStatus == TagStatusAny && i != len(p.Rules)-1 {
			t.Fatalf("any rule not last: %+v", p.Rules)
		}
		if r.TagStatus == TagStatusUntagged {
			untagged++
		}
		lists := len(r.TagPrefixList) + len(r.TagPatternList)
		if (r.TagStatus == TagStatusTagged) != (lists > 0) || (len(r.TagPrefixList) > 0 && len(r.TagPatternList) > 0) {
			t.Fatalf("tag lists inconsistent with tagStatus: %+v", r)
		}
		for _, pat := range r.TagPatternList {
			if strings.Count(pat, "*") > MaxWildcards {
				t.Fatalf("too many wildcards accepted: %q", pat)
			}
		}
		if r.CountNumber < 1 || (r.CountType == CountImageCountMoreThan) != (r.CountUnit == "") {
			t.Fatalf("count inconsistent: %+v", r)
		}
		if (r.Action.Type == ActionTransition) != (r.Action.TargetStorageClass == StorageArchive) {
			t.Fatalf("action inconsistent: %+v", r)
		}
	}
	if untagged > 1 {
		t.Fatalf("%d untagged rules accepted", untagged)
	}
}

// checkResults asserts the shape every evaluation has: each result names an
// image of the set once, oldest first, and a rule of the policy with that
// rule's action.
func checkResults(t *testing.T, p *Policy, images []Image, got []Result) {
	t.Helper()
	byDigest := map[string]Image{}
	for _, im := range images {
		byDigest[im.Digest] = im
	}
	seen := map[string]bool{}
	for i, r := range got {
		im, ok := byDigest[r.Digest]
		if !ok || seen[r.Digest] {
			t.Fatalf("result %d names an unknown or repeated image: %+v", i, r)
		}
		seen[r.Digest] = true
		j := slices.IndexFunc(p.Rules, func(rule Rule) bool { return rule.Priority == r.RulePriority })
		if j < 0 || p.Rules[j].Action != r.Action {
			t.Fatalf("result %+v references no rule of the policy", r)
		}
		if !p.Rules[j].selects(&im) {
			t.Fatalf("rule %d acts on an image it does not select: %+v", r.RulePriority, im)
		}
		if i > 0 {
			prev := byDigest[got[i-1].Digest]
			if prev.PushedAt.After(im.PushedAt) || (prev.PushedAt.Equal(im.PushedAt) && prev.Digest > im.Digest) {
				t.Fatalf("results not oldest first: %v", render(got))
			}
		}
	}
}

// checkAgainstReference recomputes the evaluation the slow, obvious way.
func checkAgainstReference(t *testing.T, p *Policy, images []Image, at time.Time, got []Result) {
	t.Helper()
	want := map[string]int32{}
	shielded := map[string]bool{}
	for _, r := range p.Rules {
		var cands []Image
		for _, im := range images {
			if r.selects(&im) {
				cands = append(cands, im)
			}
		}
		// newest first
		slices.SortFunc(cands, func(a, b Image) int {
			if c := b.PushedAt.Compare(a.PushedAt); c != 0 {
				return c
			}
			return strings.Compare(b.Digest, a.Digest)
		})
		for k, im := range cands {
			var sel bool
			switch r.CountType {
			case CountImageCountMoreThan:
				sel = int64(k) >= r.CountNumber
			default:
				ref := im.PushedAt
				if r.CountType == CountSinceImagePulled && !im.LastPulledAt.IsZero() {
					ref = im.LastPulledAt
				}
				if r.CountType == CountSinceImageTransitioned && !im.ArchivedAt.IsZero() {
					ref = im.ArchivedAt
				}
				sel = r.CountNumber <= maxDays && at.Sub(ref) > time.Duration(r.CountNumber)*24*time.Hour
			}
			if _, done := want[im.Digest]; sel && !done && !shielded[im.Digest] {
				want[im.Digest] = r.Priority
			}
		}
		for _, im := range cands {
			shielded[im.Digest] = true
		}
	}
	if len(want) != len(got) {
		t.Fatalf("got %d results, the reference %d: %v vs %v", len(got), len(want), render(got), want)
	}
	for _, r := range got {
		if want[r.Digest] != r.RulePriority {
			t.Fatalf("%s: rule %d, the reference says %d", r.Digest, r.RulePriority, want[r.Digest])
		}
	}
}
