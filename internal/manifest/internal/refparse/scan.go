package refparse

import (
	"bytes"
	"encoding/json"
)

// This file walks JSON that encoding/json has already validated (json.Valid)
// without building a generic tree. Walking the bytes ourselves gives exact,
// case-sensitive key matching and duplicate-key detection, which
// json.Unmarshal into structs cannot. Every function stays within bounds even
// if the input were not valid, so a broken invariant yields an error or a
// short slice, never a panic. Nothing here recurses over input depth.

// syntaxError (errSyntax) is the internal signal for "Invalid JSON syntax".
type syntaxError struct{}

func (syntaxError) Error() string { return constraintSyntax }

var errSyntax error = syntaxError{}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// trimSpace returns b without leading and trailing JSON whitespace.
func trimSpace(b []byte) []byte {
	i, j := 0, len(b)
	for i < j && isSpace(b[i]) {
		i++
	}
	for j > i && isSpace(b[j-1]) {
		j--
	}
	return b[i:j]
}

// stringEnd returns the index just past the string starting at b[i] == '"'.
func stringEnd(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(b)
}

// valueEnd returns the index just past the JSON value starting at b[i].
func valueEnd(b []byte, i int) int {
	if i >= len(b) {
		return len(b)
	}
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				i = stringEnd(b, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return len(b)
	default:
		for i < len(b) {
			switch b[i] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return i
			}
			i++
		}
		return i
	}
}

func isNull(v []byte) bool { return len(v) == 4 && string(v) == "null" }

// smallKeys is how many keys of one object are tracked in a stack array
// before duplicate detection switches to a map (keeps big hostile objects
// linear).
const smallKeys = 16

// eachMember calls fn for every member of the object obj (a complete value
// starting with '{') with the unescaped key and the raw value. A duplicate
// key, or obj not being an object, is errSyntax. fn must not retain key.
func eachMember(obj []byte, fn func(key, val []byte) error) error {
	if len(obj) < 2 || obj[0] != '{' {
		return errSyntax
	}
	var small [smallKeys][]byte
	n := 0
	var big map[string]struct{}
	i := skipSpace(obj, 1)
	if i < len(obj) && obj[i] == '}' {
		return nil
	}
	for i < len(obj) {
		if obj[i] != '"' {
			return errSyntax
		}
		ke := stringEnd(obj, i)
		key, err := unquote(obj[i:ke])
		if err != nil {
			return err
		}
		// duplicate detection
		if big != nil {
			if _, dup := big[string(key)]; dup {
				return errSyntax
			}
			big[string(key)] = struct{}{}
		} else {
			for _, k := range small[:n] {
				if bytes.Equal(k, key) {
					return errSyntax
				}
			}
			if n < smallKeys {
				small[n] = key
				n++
			} else {
				big = make(map[string]struct{}, 2*smallKeys)
				for _, k := range small[:n] {
					big[string(k)] = struct{}{}
				}
				big[string(key)] = struct{}{}
			}
		}
		i = skipSpace(obj, ke)
		if i >= len(obj) || obj[i] != ':' {
			return errSyntax
		}
		vs := skipSpace(obj, i+1)
		ve := valueEnd(obj, vs)
		if vs >= ve {
			return errSyntax
		}
		if err := fn(key, obj[vs:ve]); err != nil {
			return err
		}
		i = skipSpace(obj, ve)
		if i >= len(obj) {
			return errSyntax
		}
		switch obj[i] {
		case ',':
			i = skipSpace(obj, i+1)
		case '}':
			return nil
		default:
			return errSyntax
		}
	}
	return errSyntax
}

// eachElem calls fn for every element of the array arr (a complete value
// starting with '['). arr not being an array is errSyntax.
func eachElem(arr []byte, fn func(i int, val []byte) error) error {
	if len(arr) < 2 || arr[0] != '[' {
		return errSyntax
	}
	i := skipSpace(arr, 1)
	if i < len(arr) && arr[i] == ']' {
		return nil
	}
	for n := 0; i < len(arr); n++ {
		ve := valueEnd(arr, i)
		if i >= ve {
			return errSyntax
		}
		if err := fn(n, arr[i:ve]); err != nil {
			return err
		}
		i = skipSpace(arr, ve)
		if i >= len(arr) {
			return errSyntax
		}
		switch arr[i] {
		case ',':
			i = skipSpace(arr, i+1)
		case ']':
			return nil
		default:
			return errSyntax
		}
	}
	return errSyntax
}

// unquote returns the contents of the JSON string literal s. Without escapes
// it is a sub-slice of s (no allocation); with escapes it is decoded.
func unquote(s []byte) ([]byte, error) {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return nil, errSyntax
	}
	inner := s[1 : len(s)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return inner, nil
	}
	var out string
	if err := json.Unmarshal(s, &out); err != nil {
		return nil, errSyntax
	}
	return []byte(out), nil
}

// decodeString decodes a JSON string value into a new Go string.
func decodeString(v []byte) (string, error) {
	if len(v) == 0 || v[0] != '"' {
		return "", errSyntax
	}
	s, err := unquote(v)
	if err != nil {
		return "", err
	}
	return string(s), nil
}

// decodeInt decodes a JSON integer literal (no fraction, no exponent) that
// fits in an int64.
func decodeInt(v []byte) (int64, error) {
	neg := false
	if len(v) > 0 && v[0] == '-' {
		neg = true
		v = v[1:]
	}
	if len(v) == 0 || len(v) > 19 {
		return 0, errSyntax
	}
	var n uint64
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, errSyntax
		}
		n = n*10 + uint64(c-'0')
	}
	// 19 digits fit in a uint64; check the int64 range.
	if neg {
		if n > 1<<63 {
			return 0, errSyntax
		}
		return -int64(n), nil
	}
	if n > 1<<63-1 {
		return 0, errSyntax
	}
	return int64(n), nil
}
