package lifecycle

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"
)

// day is the only countUnit ECR knows.
const day = 24 * time.Hour

// maxDays is the largest day count a time.Duration can hold; older than that
// no image can be.
const maxDays = math.MaxInt64 / int64(day)

// Evaluate decides what the policy does to images at now, the way ECR
// evaluates a lifecycle policy:
//
//   - rules apply in ascending priority, each to the images of its storage
//     class whose tags satisfy its tagStatus: untagged — no tags; any — all;
//     tagged — for every tagPrefixList entry some tag starts with it, and for
//     every tagPatternList entry some tag matches it in full ('*' matches any
//     run of characters);
//   - imageCountMoreThan N selects all but the newest N of those images;
//     sinceImagePushed / sinceImagePulled / sinceImageTransitioned N selects
//     those pushed / last pulled / archived more than N days before now (an
//     image never pulled counts as pulled when pushed; an archived image
//     without an archive time counts as archived when pushed);
//   - an image receives at most one action, from the first rule that selects
//     it, and an image whose tags satisfy a rule is never acted on by a
//     lower-priority rule — though those rules still count it;
//   - images, not tags, are counted: an image with three tags counts once.
//
// Images are ordered by push time, ties broken by digest (the larger digest
// counts as the newer). The results come in that order, oldest first, one per
// image acted on. Evaluate accepts any Policy, also one built by hand.
func (p *Policy) Evaluate(images []Image, now time.Time) []Result {
	if p == nil || len(p.Rules) == 0 || len(images) == 0 {
		return nil
	}
	order := make([]int, len(images)) // oldest first
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := images[a].PushedAt.Compare(images[b].PushedAt); c != 0 {
			return c
		}
		return cmp.Compare(images[a].Digest, images[b].Digest)
	})
	rules := slices.Clone(p.Rules)
	slices.SortStableFunc(rules, func(a, b Rule) int { return cmp.Compare(a.Priority, b.Priority) })

	protected := make([]bool, len(images))
	decided := make([]int, len(images)) // index into rules, or -1
	for i := range decided {
		decided[i] = -1
	}
	var candidates []int
	for ri := range rules {
		rule := &rules[ri]
		candidates = candidates[:0]
		for _, i := range order {
			if rule.selects(&images[i]) {
				candidates = append(candidates, i)
			}
		}
		for _, i := range rule.pick(images, candidates, now) {
			if !protected[i] && decided[i] < 0 {
				decided[i] = ri
			}
		}
		for _, i := range candidates {
			protected[i] = true
		}
	}

	var out []Result
	for _, i := range order {
		if ri := decided[i]; ri >= 0 {
			out = append(out, Result{Digest: images[i].Digest, RulePriority: rules[ri].Priority, Action: rules[ri].Action})
		}
	}
	return out
}

// selects reports whether the image is one of the rule's candidates: of the
// rule's storage class, with tags that satisfy its tag status.
func (r *Rule) selects(img *Image) bool {
	if storageOf(r.StorageClass) != storageOf(img.StorageClass) {
		return false
	}
	switch r.TagStatus {
	case TagStatusAny:
		return true
	case TagStatusUntagged:
		return len(img.Tags) == 0
	case TagStatusTagged:
		if len(img.Tags) == 0 {
			return false
		}
		for _, p := range r.TagPrefixList {
			if !slices.ContainsFunc(img.Tags, func(t string) bool { return strings.HasPrefix(t, p) }) {
				return false
			}
		}
		for _, p := range r.TagPatternList {
			if !slices.ContainsFunc(img.Tags, func(t string) bool { return WildcardMatch(p, t) }) {
				return false
			}
		}
		return true
	}
	return false
}

func storageOf(s StorageClass) StorageClass {
	if s == "" {
		return StorageStandard
	}
	return s
}

// pick returns the candidates (oldest first) the rule's count selects,
// oldest first.
func (r *Rule) pick(images []Image, candidates []int, now time.Time) []int {
	if r.CountType == CountImageCountMoreThan {
		keep := max(r.CountNumber, 0)
		if int64(len(candidates)) <= keep {
			return nil
		}
		return candidates[:len(candidates)-int(keep)] // the newest keep stay
	}
	if r.CountNumber > maxDays {
		return nil // older than any time.Time difference can be
	}
	limit := time.Duration(r.CountNumber) * day
	var out []int
	for _, i := range candidates {
		img := &images[i]
		var since time.Time
		switch r.CountType {
		case CountSinceImagePushed:
			since = img.PushedAt
		case CountSinceImagePulled:
			since = img.LastPulledAt
			if since.IsZero() {
				since = img.PushedAt
			}
		case CountSinceImageTransitioned:
			since = img.ArchivedAt
			if since.IsZero() {
				since = img.PushedAt
			}
		default:
			return nil
		}
		if now.Sub(since) > limit {
			out = append(out, i)
		}
	}
	return out
}

// WildcardMatch reports whether s matches pattern in full, where '*' matches
// any run of characters (including none) and every other character matches
// itself.
func WildcardMatch(pattern, s string) bool {
	// Greedy matching that backtracks to the last star: linear in practice,
	// never recursive.
	pi, si, star, mark := 0, 0, -1, 0
	for si < len(s) {
		switch {
		case pi < len(pattern) && pattern[pi] == '*':
			star, mark = pi, si
			pi++
		case pi < len(pattern) && pattern[pi] == s[si]:
			pi++
			si++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(pattern) && pattern[pi] == '*' {
		pi++
	}
	return pi == len(pattern)
}
