package constraints

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// matcherCases are strings every hand-written matcher is compared on, valid
// for some matchers and invalid for others.
var matcherCases = []string{
	"", " ", "a", "ab", "A", "0", "_", "-", ".", "/", ":", "é", "\xff", "a\n", "\na",
	// repository names
	"repo", "my-repo", "my--repo", "my__repo", "my___repo", "my_-repo", "my.repo", "my..repo",
	"my._repo", "a/b", "a//b", "a/b/c", "project-a/nginx-web-app", "repo/", "/repo", "-repo",
	"repo-", "_repo", "repo_", ".repo", "repo.", "MyRepo", "a/B", "repo!", "a-/b", "a/-b",
	"a.b/c_d/e__f/g---h", "a b", "ab\x00", strings.Repeat("a", 256),
	// registry ids
	"123456789012", "12345678901", "1234567890123", "12345678901a", "１23456789012",
	"000000000000", " 123456789012",
	// digests
	"sha256:" + strings.Repeat("a", 64), "sha256:" + strings.Repeat("A", 64), "sha256:",
	":abc", "sha256:abg", "sha256:ab:cd", "sha256::ab", "a+b.c-d_e:0f", "sha256:abc ",
	"sha 256:abc", "sha256:ABCDEF0123", "é:ab", "x:\xff",
	// tags
	"latest", "v1.2.3", "-leading-dash", ".leading-dot", "with space", "with/slash",
	"with:colon", "UPPER_lower-1.2", strings.Repeat("t", 300), "tag\t",
	// upload ids
	"0123abcd-4567-89ef-ABCD-0123456789ab", "0123abcd-4567-89ef-ABCD-0123456789a",
	"0123abcd-4567-89ef-ABCD-0123456789abc", "0123abcd_4567-89ef-ABCD-0123456789ab",
	"0123abcg-4567-89ef-ABCD-0123456789ab", "0123abcd-4567-89ef-ABCD0-123456789ab",
	"------------------------------------", "0123abcd-4567-89ef-ABCD-0123456789aé",
	"3f2504e0-4f89-11d3-9a0c-0305e82c3301", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
}

func fastMatcher(t testing.TB, name string) (func(string) bool, *regexp.Regexp) {
	t.Helper()
	for _, m := range fastMatcherTable {
		if m.name == name {
			return m.match, regexp.MustCompile("^(?:" + m.pattern + ")$")
		}
	}
	t.Fatalf("no fast matcher %s in fastMatcherTable", name)
	return nil, nil
}

func TestPublicFastMatchersAreProved(t *testing.T) {
	// The ECR Public table reuses matchers proved below for the same patterns.
	require.Len(t, fastMatcherTablePublic, 4)
	for _, m := range fastMatcherTablePublic {
		match, re := fastMatcher(t, m.name)
		assert.Equal(t, "^(?:"+m.pattern+")$", re.String(), m.name)
		assert.Equal(t, reflect.ValueOf(match).Pointer(), reflect.ValueOf(m.match).Pointer(), m.name)
	}
}

func TestFastMatchersEqualRegexp(t *testing.T) {
	require.Len(t, fastMatcherTable, 5)
	for _, m := range fastMatcherTable {
		t.Run(m.name, func(t *testing.T) {
			re := regexp.MustCompile("^(?:" + m.pattern + ")$")
			accepted := 0
			for _, s := range matcherCases {
				want := re.MatchString(s)
				assert.Equal(t, want, m.match(s), "%s(%q), regexp %s", m.name, s, re)
				if want {
					accepted++
				}
			}
			assert.Greater(t, accepted, 1, "the table must hold valid strings for %s", m.name)
		})
	}
}

// Spot checks of the intended meaning (the equivalence test above only says
// the matcher agrees with the model pattern).
func TestFastMatchersMeaning(t *testing.T) {
	for _, tc := range []struct {
		match func(string) bool
		s     string
		want  bool
	}{
		{matchRepositoryName, "project-a/nginx-web-app", true},
		{matchRepositoryName, "a__b", true},
		{matchRepositoryName, "a---b", true},
		{matchRepositoryName, "a___b", false},
		{matchRepositoryName, "MyRepo", false},
		{matchRepositoryName, "repo/", false},
		{matchRegistryID, "012345678901", true},
		{matchRegistryID, "01234567890", false},
		{matchDigest, "sha256:" + strings.Repeat("0", 64), true},
		{matchDigest, "sha256", false},
		{matchImageTag, "-x.y_z", true},
		{matchImageTag, "a:b", false},
		{matchUploadID, "3f2504e0-4f89-11d3-9a0c-0305e82c3301", true},
		{matchUploadID, "3f2504e04f8911d39a0c0305e82c3301", false},
	} {
		assert.Equal(t, tc.want, tc.match(tc.s), "%q", tc.s)
	}
}

func fuzzMatcher(f *testing.F, name string) {
	match, re := fastMatcher(f, name)
	for _, s := range matcherCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := match(s), re.MatchString(s); got != want {
			t.Fatalf("%s(%q) = %v, regexp %s says %v", name, s, got, re, want)
		}
	})
}

func FuzzMatchRepositoryName(f *testing.F) { fuzzMatcher(f, "matchRepositoryName") }
func FuzzMatchRegistryID(f *testing.F)     { fuzzMatcher(f, "matchRegistryID") }
func FuzzMatchDigest(f *testing.F)         { fuzzMatcher(f, "matchDigest") }
func FuzzMatchImageTag(f *testing.F)       { fuzzMatcher(f, "matchImageTag") }
func FuzzMatchUploadID(f *testing.F)       { fuzzMatcher(f, "matchUploadID") }

// FuzzLength proves the byte-length shortcuts of lenLess and lenMore.
func FuzzLength(f *testing.F) {
	for _, s := range []string{"", "a", "é", "éé", "aé", "\xff\xfe", "日本語", "🙂🙂"} {
		f.Add(s, 2)
	}
	f.Fuzz(func(t *testing.T, s string, bound int) {
		if bound < 0 || bound > 1<<20 {
			return
		}
		n := utf8.RuneCountInString(s)
		if got := lenLess(s, bound); got != (n < bound) {
			t.Fatalf("lenLess(%q, %d) = %v, %d code points", s, bound, got, n)
		}
		if got := lenMore(s, bound); got != (n > bound) {
			t.Fatalf("lenMore(%q, %d) = %v, %d code points", s, bound, got, n)
		}
	})
}
