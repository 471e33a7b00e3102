package constraints

// Hand-written matchers for the hottest model patterns. Each accepts exactly
// the strings ^(?:pattern)$ accepts (fastMatcherTable in constraints_gen.go
// names the pattern; match_test.go proves the equivalence with a table and a
// fuzz target). They work on bytes: every class is ASCII, and a non-ASCII or
// invalid UTF-8 byte fails them just as the rune it belongs to fails the
// regexp.

// matchRepositoryName implements
// [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*
// which flattens to: runs of [a-z0-9]+ joined by ".", "_", "__", "-"+ or "/".
func matchRepositoryName(s string) bool {
	i := 0
	for {
		j := i
		for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= '0' && s[j] <= '9') {
			j++
		}
		if j == i {
			return false
		}
		if j == len(s) {
			return true
		}
		i = j
		switch s[i] {
		case '.', '/':
			i++
		case '_':
			i++
			if i < len(s) && s[i] == '_' {
				i++
			}
		case '-':
			for i < len(s) && s[i] == '-' {
				i++
			}
		default:
			return false
		}
	}
}

// matchRegistryID implements [0-9]{12}.
func matchRegistryID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// matchDigest implements [a-zA-Z0-9-_+.]+:[a-fA-F0-9]+ . Neither class holds
// ':', so the string splits at its only colon.
func matchDigest(s string) bool {
	i := 0
	for i < len(s) && (isAlnum(s[i]) || s[i] == '-' || s[i] == '_' || s[i] == '+' || s[i] == '.') {
		i++
	}
	if i == 0 || i+1 >= len(s) || s[i] != ':' {
		return false
	}
	for i++; i < len(s); i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return true
}

// matchImageTag implements [a-zA-Z0-9-_.]+ .
func matchImageTag(s string) bool {
	if len(s) == 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '-' && c != '_' && c != '.' {
			return false
		}
	}
	return true
}

// matchUploadID implements
// [0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}.
func matchUploadID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch i {
		case 8, 13, 18, 23:
			if s[i] != '-' {
				return false
			}
		default:
			if !isHex(s[i]) {
				return false
			}
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
