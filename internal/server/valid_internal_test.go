package server

import (
	"regexp"
	"strings"
	"testing"
)

// The hand-written checks accept exactly what the patterns accept.
func TestValidatorsMatchTheirPatterns(t *testing.T) {
	account := regexp.MustCompile(`^[0-9]{12}$`)
	region := regexp.MustCompile(`^[a-z0-9-]{2,25}$`)
	alphabet := "0123456789az-AZ_.é\n"
	var inputs []string
	var gen func(prefix string, n int)
	gen = func(prefix string, n int) {
		inputs = append(inputs, prefix)
		if n == 0 {
			return
		}
		for _, c := range []string{"0", "a", "-", "Z", "\n", "é"} {
			gen(prefix+c, n-1)
		}
	}
	gen("", 4)
	for _, n := range []int{1, 2, 11, 12, 13, 24, 25, 26} {
		for _, c := range strings.Split(alphabet, "") {
			inputs = append(inputs, strings.Repeat("1", n-1)+c, strings.Repeat("a", n-1)+c, c+strings.Repeat("9", n-1))
		}
	}
	for _, in := range inputs {
		if got, want := ValidAccountID(in), account.MatchString(in); got != want {
			t.Errorf("ValidAccountID(%q) = %v, pattern says %v", in, got, want)
		}
		if got, want := ValidRegion(in), region.MatchString(in); got != want {
			t.Errorf("ValidRegion(%q) = %v, pattern says %v", in, got, want)
		}
	}
}
