package manifest

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ecrfake/go-ecrfake/internal/manifest/internal/refparse"
)

// The parser validates JSON with its own single-pass scanner and walks
// strings instead of bytes. These tests hold it to the original
// implementation (encoding/json validation plus a byte walker), frozen in
// internal/refparse: same accepted manifests with the same contents, same
// errors with the same texts.

// sameAsReference fails t unless Parse and the reference agree on raw.
func sameAsReference(t testing.TB, raw []byte, param string) {
	t.Helper()
	got, gotErr := Parse(raw, param)
	want, wantErr := refparse.Parse(raw, param)
	if (gotErr == nil) != (wantErr == nil) {
		t.Fatalf("Parse(%q, %q): error %v, reference error %v", raw, param, gotErr, wantErr)
	}
	if gotErr != nil {
		var ge *Error
		var we *refparse.Error
		if !errors.As(gotErr, &ge) || !errors.As(wantErr, &we) {
			t.Fatalf("Parse(%q, %q): errors %T and %T", raw, param, gotErr, wantErr)
		}
		if ge.Member != we.Member || ge.Constraint != we.Constraint {
			t.Fatalf("Parse(%q, %q): error %q at %q, reference %q at %q", raw, param, ge.Constraint, ge.Member, we.Constraint, we.Member)
		}
		if got != nil {
			t.Fatalf("Parse(%q, %q): manifest with an error", raw, param)
		}
		return
	}
	// Same fields, same values: compare the JSON renderings (both types
	// have the same shape; map keys are sorted).
	g, err1 := json.Marshal(got)
	w, err2 := json.Marshal(want)
	if err1 != nil || err2 != nil || string(g) != string(w) {
		t.Fatalf("Parse(%q, %q):\n got %s\nwant %s", raw, param, g, w)
	}
	if got.Size() != want.Size() || !equalStrings(got.Blobs(), want.Blobs()) || got.ArtifactMediaType() != want.ArtifactMediaType() || got.IsIndex() != want.IsIndex() {
		t.Fatalf("Parse(%q, %q): derived values differ", raw, param)
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func sameValidity(t testing.TB, b []byte) {
	t.Helper()
	want := utf8.Valid(b) && json.Valid(b)
	if got := validJSON(string(b)); got != want {
		t.Fatalf("validJSON(%q) = %v, utf8.Valid && json.Valid = %v", b, got, want)
	}
}

func TestValidJSONMatchesEncodingJSON(t *testing.T) {
	cases := []string{
		``, ` `, `{}`, `[]`, `{`, `}`, `[`, `]`, `{]`, `[}`, `{"a":1}`, `{"a":1,}`, `{,"a":1}`, `{"a" 1}`, `{"a":}`, `{a:1}`,
		`{"a":1 "b":2}`, `[1,2]`, `[1,]`, `[,1]`, `[1 2]`, `{"a":[{"b":{}}]}`, ` {"a":1} `, "\t\r\n{}\n", "{}\v", "\u00a0{}",
		`1`, `-1`, `-`, `01`, `-01`, `0.`, `0.5`, `.5`, `1e5`, `1E+5`, `1e-5`, `1e`, `1e+`, `1.5e3`, `+1`, `0x1`, `1.e3`, `-0`, `00`, `1_000`,
		`true`, `false`, `null`, `tru`, `nul`, `True`, `truex`, `nullnull`, `[true,false,null]`, `[truefalse]`,
		`""`, `"a"`, `"\""`, `"\\"`, `"\/"`, `"\b\f\n\r\t"`, `"\u0041"`, `"\u004"`, `"\u00zz"`, `"\x41"`, `"\'"`, `"\`, `"abc`, `"\u"`,
		"\"a\x00\"", "\"a\x1f\"", "\"a\x7f\"", "\"\xff\"", "\"\xc3\xa9\"", "\"\xc3\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"",
		"\"\xe2\x80\xa8\"", "\"\xef\xbf\xbd\"", "\xef\xbb\xbf{}", "{}\xff", `"\ud800"`, `"\udc00\ud800"`,
		`{"a":1}{"b":2}`, `{} {}`, `[] x`, `{"a":"b"}x`, `{"a":"b",}`, `[[[]]]`, `[[[]]`, `[[]]]`, `{"a":{"b":{"c":[1,{"d":null}]}}}`,
	}
	for _, c := range cases {
		sameValidity(t, []byte(c))
	}
	for _, depth := range []int{63, 64, 65, 9999, 10000, 10001, 20000} {
		sameValidity(t, []byte(strings.Repeat("[", depth)+strings.Repeat("]", depth)))
		sameValidity(t, []byte(strings.Repeat(`{"a":`, depth)+"1"+strings.Repeat("}", depth)))
		sameValidity(t, []byte(strings.Repeat(`[{"a":`, depth/2)+"[]"+strings.Repeat("}]", depth/2)))
	}
}

// mutations returns deterministic variants of the samples: bytes changed,
// deleted, duplicated and inserted, spans swapped, JSON tokens spliced in.
func mutations(n int) [][]byte {
	rng := rand.New(rand.NewPCG(1, 2))
	tokens := []string{`"`, `\`, `{`, `}`, `[`, `]`, `,`, `:`, `null`, `1e9`, `-0`, `"\u00e9"`, "\xff", `"digest"`, `"size":-1`,
		`"mediaType":"` + OCIManifest + `"`, `"schemaVersion":1`, `"x":{"a":1,"a":2}`, ` `, `"annotations":{"k":"v"}`, `;x=1`}
	var out [][]byte
	for len(out) < n {
		s := allSamples[rng.IntN(len(allSamples))].raw
		b := []byte(s)
		for range 1 + rng.IntN(3) {
			if len(b) == 0 {
				break
			}
			i := rng.IntN(len(b))
			switch rng.IntN(5) {
			case 0:
				b[i] = byte(rng.IntN(256))
			case 1:
				b = append(b[:i:i], b[i+1:]...)
			case 2:
				b = append(b[:i:i], append([]byte(tokens[rng.IntN(len(tokens))]), b[i:]...)...)
			case 3:
				j := i + rng.IntN(len(b)-i)
				b = append(b[:i:i], append(append([]byte(nil), b[j:]...), b[i:j]...)...)
			case 4:
				b = append(b[:i:i], append([]byte{b[i], b[i]}, b[i+1:]...)...)
			}
		}
		out = append(out, b)
	}
	return out
}

func TestParseMatchesReference(t *testing.T) {
	params := []string{"", DockerV2, OCIManifest, OCIIndex, DockerV1, DockerV1Signed, DockerList, "text/plain"}
	for _, s := range allSamples {
		for _, p := range params {
			sameAsReference(t, []byte(s.raw), p)
		}
	}
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for i, b := range mutations(n) {
		sameValidity(t, b)
		sameAsReference(t, b, params[i%len(params)])
	}
}

// FuzzParseMatchesReference: go test -fuzz FuzzParseMatchesReference ./internal/manifest
func FuzzParseMatchesReference(f *testing.F) {
	for _, s := range allSamples {
		f.Add([]byte(s.raw), s.param)
	}
	for _, b := range mutations(200) {
		f.Add(b, "")
	}
	f.Add([]byte(`{"a":{"a":1,"a":2}}`), OCIIndex)
	f.Add([]byte("{\"mediaType\":\"\\u00ff\xff\"}"), "")
	f.Fuzz(func(t *testing.T, raw []byte, param string) {
		sameValidity(t, raw)
		sameAsReference(t, raw, param)
	})
}

// FuzzValidJSON: go test -fuzz FuzzValidJSON ./internal/manifest
func FuzzValidJSON(f *testing.F) {
	f.Add([]byte(`{"a":[1,2,{"b":null}],"c":"\u00e9"}`))
	f.Add([]byte("\"\xed\xa0\x80\""))
	f.Add([]byte(`-0.5e+3`))
	f.Fuzz(func(t *testing.T, b []byte) { sameValidity(t, b) })
}

func BenchmarkParseReference(b *testing.B) {
	raw := []byte(sampleDockerV2)
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		m, err := refparse.Parse(raw, "")
		if err != nil || len(m.Layers) != 3 {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseString(b *testing.B) {
	raw := sampleDockerV2
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		m, err := ParseString(raw, "")
		if err != nil || len(m.Layers) != 3 {
			b.Fatal(err)
		}
	}
}

func TestDigestStringMatchesDigest(t *testing.T) {
	for _, s := range append([]string{"", "{}", "abc"}, func() (out []string) {
		for _, s := range allSamples {
			out = append(out, s.raw)
		}
		return out
	}()...) {
		if got, want := DigestString(s), Digest([]byte(s)); got != want {
			t.Fatalf("DigestString(%q) = %s, Digest = %s", s, got, want)
		}
	}
}
