package manifest

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// This file validates JSON in one pass (validJSON) and then walks the
// validated text without building a generic tree. Walking the bytes ourselves
// gives exact, case-sensitive key matching and duplicate-key detection, which
// json.Unmarshal into structs cannot. Every function stays within bounds even
// if the input were not valid, so a broken invariant yields an error or a
// short string, never a panic. Nothing here recurses over input depth.
//
// The walker works on a string: values it returns are substrings of the
// document, so decoding a manifest allocates only for the few strings that
// contain escapes.

// syntaxError (errSyntax) is the internal signal for "Invalid JSON syntax".
type syntaxError struct{}

func (syntaxError) Error() string { return constraintSyntax }

var errSyntax error = syntaxError{}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func skipSpace(b string, i int) int {
	for i < len(b) && b[i] <= ' ' && isSpace(b[i]) {
		i++
	}
	return i
}

// trimSpace returns b without leading and trailing JSON whitespace.
func trimSpace(b string) string {
	i, j := 0, len(b)
	for i < j && isSpace(b[i]) {
		i++
	}
	for j > i && isSpace(b[j-1]) {
		j--
	}
	return b[i:j]
}

// maxNestingDepth is encoding/json's limit on nested arrays and objects.
const maxNestingDepth = 10000

// plainString marks the ASCII bytes that need no attention inside a JSON
// string: everything from 0x20 up except '"' and '\\'. Bytes from 0x80 up
// start UTF-8 sequences and are checked separately.
var plainString = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// validJSON reports whether b is exactly one JSON value, optionally
// surrounded by whitespace, in valid UTF-8: the same answer as
// utf8.ValidString(b) && json.Valid([]byte(b)), nesting limit included, in
// a single pass without allocating (below 64 levels of nesting).
func validJSON(b string) bool {
	_, ok := scanDoc(b, nil, false)
	return ok
}

// doc is a validated document with the extent of its outer containers, so
// that walking it skips a nested object or array without rescanning it.
type doc struct {
	s     string
	spans []span // containers up to spanDepth deep, in document order
	plain bool   // no backslash anywhere: no string has an escape
}

type span struct{ start, end int }

// spanDepth and maxSpans bound what scanDoc records: the depths a manifest's
// walk visits (top level, config and layers, descriptors, their
// annotations), and no more entries than a large manifest needs. Containers
// not recorded are found by scanning, as before.
const (
	spanDepth = 4
	maxSpans  = 4096
)

// end returns the index just past the container starting at b[i], where b
// is a substring of d.s, if it was recorded.
func (d *doc) end(b string, i int) (int, bool) {
	if d == nil || len(b) == 0 {
		return 0, false
	}
	off := int(uintptr(unsafe.Pointer(unsafe.StringData(b))) - uintptr(unsafe.Pointer(unsafe.StringData(d.s))))
	if off < 0 || off+len(b) > len(d.s) {
		return 0, false // not a substring of the document
	}
	abs := off + i
	lo, hi := 0, len(d.spans)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if d.spans[m].start < abs {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == len(d.spans) || d.spans[lo].start != abs || d.spans[lo].end < abs || d.spans[lo].end-off > len(b) {
		return 0, false
	}
	return d.spans[lo].end - off, true
}

// scanDoc is validJSON that also appends to spans, when record is set, the
// spans of the containers of b, and returns them.
func scanDoc(b string, spans []span, record bool) ([]span, bool) {
	var stackBuf [64]byte
	stack := stackBuf[:0] // '{' or '[' per open container
	var openBuf [spanDepth]int
	open := openBuf[:0] // index in d.spans of each recorded open container
	i := skipSpace(b, 0)
	for {
		// A value starts at i.
		if i >= len(b) {
			return spans, false
		}
		switch c := b[i]; {
		case c == '{' || c == '[':
			if len(stack) >= maxNestingDepth {
				return spans, false
			}
			stack = append(stack, c)
			if record && len(stack) <= spanDepth {
				idx := -1
				if len(spans) < maxSpans {
					idx = len(spans)
					spans = append(spans, span{start: i, end: -1})
				}
				open = append(open, idx)
			}
			i = skipSpace(b, i+1)
			if i < len(b) && b[i] == c+2 { // '}' or ']': empty
				i++
				if record && len(stack) <= spanDepth {
					if idx := open[len(open)-1]; idx >= 0 {
						spans[idx].end = i
					}
					open = open[:len(open)-1]
				}
				stack = stack[:len(stack)-1]
				break
			}
			if c == '{' {
				if i = objectKey(b, i); i < 0 {
					return spans, false
				}
			}
			continue
		case c == '"':
			if i = stringEnd(b, i); i < 0 {
				return spans, false
			}
		case c == '-' || c >= '0' && c <= '9':
			if i = numberEnd(b, i); i < 0 {
				return spans, false
			}
		case c == 't':
			if !strings.HasPrefix(b[i:], "true") {
				return spans, false
			}
			i += 4
		case c == 'f':
			if !strings.HasPrefix(b[i:], "false") {
				return spans, false
			}
			i += 5
		case c == 'n':
			if !strings.HasPrefix(b[i:], "null") {
				return spans, false
			}
			i += 4
		default:
			return spans, false
		}
		// A value ended at i: close containers until one continues.
		for {
			i = skipSpace(b, i)
			if len(stack) == 0 {
				return spans, i == len(b)
			}
			if i >= len(b) {
				return spans, false
			}
			top := stack[len(stack)-1]
			if b[i] == top+2 {
				i++
				if record && len(stack) <= spanDepth {
					if idx := open[len(open)-1]; idx >= 0 {
						spans[idx].end = i
					}
					open = open[:len(open)-1]
				}
				stack = stack[:len(stack)-1]
				continue
			}
			if b[i] != ',' {
				return spans, false
			}
			i = skipSpace(b, i+1)
			if top == '{' {
				if i = objectKey(b, i); i < 0 {
					return spans, false
				}
			}
			break
		}
	}
}

// objectKey checks `"key" :` at b[i] and returns the index of the value
// after it, or -1.
func objectKey(b string, i int) int {
	if i >= len(b) || b[i] != '"' {
		return -1
	}
	if i = stringEnd(b, i); i < 0 {
		return -1
	}
	i = skipSpace(b, i)
	if i >= len(b) || b[i] != ':' {
		return -1
	}
	return skipSpace(b, i+1)
}

// stringEnd checks the string literal at b[i] == '"' (escapes, control
// characters, UTF-8) and returns the index just past it, or -1.
func stringEnd(b string, i int) int {
	i++
	for i < len(b) {
		// Eight plain bytes at a time.
		for i+8 <= len(b) {
			w := *(*uint64)(unsafe.Pointer(unsafe.StringData(b[i:]))) // unaligned loads are fine where Go runs
			if w&highBits|hasLess(w, 0x20)|hasByte(w, '"')|hasByte(w, '\\') != 0 {
				break
			}
			i += 8
		}
		if i >= len(b) {
			break
		}
		c := b[i]
		if plainString[c] {
			i++
			continue
		}
		switch {
		case c == '"':
			return i + 1
		case c == '\\':
			if i+1 >= len(b) {
				return -1
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(b) || !isHex(b[i+2]) || !isHex(b[i+3]) || !isHex(b[i+4]) || !isHex(b[i+5]) {
					return -1
				}
				i += 6
			default:
				return -1
			}
		case c < 0x20:
			return -1
		default: // c >= 0x80
			r, size := utf8.DecodeRuneInString(b[i:])
			if r == utf8.RuneError && size == 1 {
				return -1
			}
			i += size
		}
	}
	return -1
}

// Bytewise tests on eight bytes at once (a set result may be a false alarm
// in a byte after a true one, never a miss).
const (
	lowBits  = ^uint64(0) / 255 // 0x0101...
	highBits = lowBits * 0x80   // 0x8080...
)

// hasLess reports whether some byte of w is less than n (n <= 128).
func hasLess(w uint64, n byte) uint64 { return (w - lowBits*uint64(n)) & ^w & highBits }

// hasByte reports whether some byte of w is c.
func hasByte(w uint64, c byte) uint64 { return hasLess(w^(lowBits*uint64(c)), 1) }

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// numberEnd checks the number at b[i] against JSON's grammar
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? and returns the index just
// past it, or -1. What follows is the caller's to check.
func numberEnd(b string, i int) int {
	if b[i] == '-' {
		i++
	}
	switch {
	case i >= len(b) || !isDigit(b[i]):
		return -1
	case b[i] == '0':
		i++
	default:
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || !isDigit(b[i]) {
			return -1
		}
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || !isDigit(b[i]) {
			return -1
		}
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	}
	return i
}

// skipString returns the index just past the string starting at b[i] == '"'
// in validated JSON (len(b) if it is unterminated).
func skipString(b string, i int) int {
	end, _ := scanString(b, i)
	return end
}

// skipString is skipString for a string of d: without escapes in the
// document, the closing quote is the next quote.
func (d *doc) skipString(b string, i int) int {
	if d != nil && d.plain {
		if q := strings.IndexByte(b[i+1:], '"'); q >= 0 {
			return i + 1 + q + 1
		}
		return len(b)
	}
	return skipString(b, i)
}

// decodeString is decodeString for a value of d.
func (d *doc) decodeString(v string) (string, error) {
	if d != nil && d.plain && len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		return v[1 : len(v)-1], nil
	}
	return decodeString(v)
}

// scanString is skipString that also reports whether the string has escapes.
func scanString(b string, i int) (end int, escaped bool) {
	for i++; i < len(b); {
		q := strings.IndexByte(b[i:], '"')
		if q < 0 {
			return len(b), escaped
		}
		e := strings.IndexByte(b[i:i+q], '\\')
		if e < 0 {
			return i + q + 1, escaped
		}
		escaped = true
		i += e + 2 // an escape: skip the escaped character
	}
	return len(b), escaped
}

// valueEnd returns the index just past the JSON value starting at b[i] in
// validated JSON (d, if not nil, is the document b is part of).
func (d *doc) valueEnd(b string, i int) int {
	if i >= len(b) {
		return len(b)
	}
	switch b[i] {
	case '"':
		return d.skipString(b, i)
	case '{', '[':
		if e, ok := d.end(b, i); ok {
			return e
		}
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				i = skipString(b, i)
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

func isNull(v string) bool { return v == "null" }

// smallKeys is how many keys of one object are tracked in a stack array
// before duplicate detection switches to a map (keeps big hostile objects
// linear).
const smallKeys = 16

// eachMember calls fn for every member of the object obj (a complete value
// starting with '{') with the unescaped key and the raw value. A duplicate
// key, or obj not being an object, is errSyntax.
func (d *doc) eachMember(obj string, fn func(key, val string) error) error {
	if len(obj) < 2 || obj[0] != '{' {
		return errSyntax
	}
	var small [smallKeys]string
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
		var ke int
		escaped := false
		if d != nil && d.plain {
			ke = d.skipString(obj, i)
		} else {
			ke, escaped = scanString(obj, i)
		}
		key := obj[min(i+1, ke):max(ke-1, i+1)]
		if escaped {
			k, err := unquote(obj[i:ke])
			if err != nil {
				return err
			}
			key = k
		} else if ke-i < 2 || obj[ke-1] != '"' {
			return errSyntax
		}
		// duplicate detection
		if big != nil {
			if _, dup := big[key]; dup {
				return errSyntax
			}
			big[key] = struct{}{}
		} else {
			for _, k := range small[:n] {
				if k == key {
					return errSyntax
				}
			}
			if n < smallKeys {
				small[n] = key
				n++
			} else {
				big = make(map[string]struct{}, 2*smallKeys)
				for _, k := range small[:n] {
					big[k] = struct{}{}
				}
				big[key] = struct{}{}
			}
		}
		i = skipSpace(obj, ke)
		if i >= len(obj) || obj[i] != ':' {
			return errSyntax
		}
		vs := skipSpace(obj, i+1)
		ve := d.valueEnd(obj, vs)
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
func (d *doc) eachElem(arr string, fn func(i int, val string) error) error {
	if len(arr) < 2 || arr[0] != '[' {
		return errSyntax
	}
	i := skipSpace(arr, 1)
	if i < len(arr) && arr[i] == ']' {
		return nil
	}
	for n := 0; i < len(arr); n++ {
		ve := d.valueEnd(arr, i)
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
// it is a substring of s (no allocation); with escapes it is decoded.
func unquote(s string) (string, error) {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return "", errSyntax
	}
	inner := s[1 : len(s)-1]
	if strings.IndexByte(inner, '\\') < 0 {
		return inner, nil
	}
	var out string
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return "", errSyntax
	}
	return out, nil
}

// decodeString decodes a JSON string value.
func decodeString(v string) (string, error) {
	if len(v) == 0 || v[0] != '"' {
		return "", errSyntax
	}
	return unquote(v)
}

// decodeInt decodes a JSON integer literal (no fraction, no exponent) that
// fits in an int64.
func decodeInt(v string) (int64, error) {
	neg := false
	if len(v) > 0 && v[0] == '-' {
		neg = true
		v = v[1:]
	}
	if len(v) == 0 || len(v) > 19 {
		return 0, errSyntax
	}
	var n uint64
	for i := 0; i < len(v); i++ {
		c := v[i]
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
