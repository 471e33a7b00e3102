package registry

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	dg   = "sha256:3f0b0b2b31a2b8f3c9c1b4c6e1f0b7e0d6a1c2b3d4e5f60718293a4b5c6d7e8f"
	dg2  = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	d512 = "sha512:" + "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"
	uid  = "00000001-0000-4001-8001-000000000001"
)

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.ParseRequestURI(s)
	require.NoError(t, err, s)
	return u
}

func TestParseRoutes(t *testing.T) {
	long := strings.Repeat("a", 256)
	deep := strings.Repeat("ab/", 60) + "z1" // 182 characters, 61 components
	tests := []struct {
		name   string
		method string
		url    string
		want   Route
	}{
		// ping and catalog
		{"ping", "GET", "/v2/", Route{Kind: KindPing}},
		{"ping HEAD", "HEAD", "/v2/", Route{Kind: KindPing}},
		{"ping without slash", "GET", "/v2", Route{Kind: KindPing}},
		{"catalog", "GET", "/v2/_catalog", Route{Kind: KindCatalog}},
		{"catalog n and last", "GET", "/v2/_catalog?n=1000&last=tok", Route{Kind: KindCatalog, N: 1000, HasN: true, Last: "tok"}},

		// tags list
		{"tags list", "GET", "/v2/repo/tags/list", Route{Kind: KindTagsList, Name: "repo"}},
		{"tags list n=1", "GET", "/v2/repo/tags/list?n=1", Route{Kind: KindTagsList, Name: "repo", N: 1, HasN: true}},
		{"tags list leading zeros", "GET", "/v2/repo/tags/list?n=0050", Route{Kind: KindTagsList, Name: "repo", N: 50, HasN: true}},
		{"tags list last opaque", "GET", "/v2/repo/tags/list?last=AAA%2Fb%3D%3D", Route{Kind: KindTagsList, Name: "repo", Last: "AAA/b=="}},
		{"tags list of a repo named tags", "GET", "/v2/tags/tags/list", Route{Kind: KindTagsList, Name: "tags"}},
		{"tags list of name ending blobs/uploads", "GET", "/v2/ns/blobs/uploads/tags/list", Route{Kind: KindTagsList, Name: "ns/blobs/uploads"}},
		{"tags list ignores other params", "GET", "/v2/repo/tags/list?digest=x&mount=y", Route{Kind: KindTagsList, Name: "repo"}},

		// manifests
		{"manifest GET tag", "GET", "/v2/repo/manifests/latest", Route{Kind: KindManifestGet, Name: "repo", Reference: "latest"}},
		{"manifest HEAD", "HEAD", "/v2/repo/manifests/v1.2.3", Route{Kind: KindManifestHead, Name: "repo", Reference: "v1.2.3"}},
		{"manifest PUT digest", "PUT", "/v2/repo/manifests/" + dg, Route{Kind: KindManifestPut, Name: "repo", Reference: dg}},
		{"manifest DELETE digest", "DELETE", "/v2/repo/manifests/" + dg, Route{Kind: KindManifestDelete, Name: "repo", Reference: dg}},
		{"manifest DELETE tag is routed", "DELETE", "/v2/repo/manifests/latest", Route{Kind: KindManifestDelete, Name: "repo", Reference: "latest"}},
		{"manifest sha512", "GET", "/v2/repo/manifests/" + d512, Route{Kind: KindManifestGet, Name: "repo", Reference: d512}},
		{"manifest other algorithm", "GET", "/v2/repo/manifests/blake3:abc123", Route{Kind: KindManifestGet, Name: "repo", Reference: "blake3:abc123"}},
		{"manifest encoded colon", "GET", "/v2/repo/manifests/sha256%3A" + dg[7:], Route{Kind: KindManifestGet, Name: "repo", Reference: dg}},
		{"manifest tag 300", "GET", "/v2/repo/manifests/" + strings.Repeat("T", 300), Route{Kind: KindManifestGet, Name: "repo", Reference: strings.Repeat("T", 300)}},
		{"manifest tag leading dash (ECR pattern)", "GET", "/v2/repo/manifests/-x_Y.z", Route{Kind: KindManifestGet, Name: "repo", Reference: "-x_Y.z"}},
		{"manifest tag named list", "GET", "/v2/a/tags/manifests/list", Route{Kind: KindManifestGet, Name: "a/tags", Reference: "list"}},
		{"manifest of name with blobs", "GET", "/v2/a/blobs/manifests/" + dg, Route{Kind: KindManifestGet, Name: "a/blobs", Reference: dg}},
		{"manifest tag uploads", "PUT", "/v2/x/blobs/manifests/uploads", Route{Kind: KindManifestPut, Name: "x/blobs", Reference: "uploads"}},
		{"manifest of name with manifests", "GET", "/v2/manifests/manifests/manifests/manifests", Route{Kind: KindManifestGet, Name: "manifests/manifests", Reference: "manifests"}},
		{"manifest nested name", "GET", "/v2/team/app/service/manifests/1.0", Route{Kind: KindManifestGet, Name: "team/app/service", Reference: "1.0"}},
		{"manifest deep name", "GET", "/v2/" + deep + "/manifests/t", Route{Kind: KindManifestGet, Name: deep, Reference: "t"}},
		{"manifest name 256", "GET", "/v2/" + long + "/manifests/t", Route{Kind: KindManifestGet, Name: long, Reference: "t"}},
		{"manifest name separators", "GET", "/v2/a.b_c__d---e/f/manifests/t", Route{Kind: KindManifestGet, Name: "a.b_c__d---e/f", Reference: "t"}},
		{"manifest ignores query", "GET", "/v2/repo/manifests/t?n=5000", Route{Kind: KindManifestGet, Name: "repo", Reference: "t"}},

		// blobs
		{"blob GET", "GET", "/v2/repo/blobs/" + dg, Route{Kind: KindBlobGet, Name: "repo", Reference: dg}},
		{"blob HEAD", "HEAD", "/v2/repo/blobs/" + dg, Route{Kind: KindBlobHead, Name: "repo", Reference: dg}},
		{"blob DELETE is routed", "DELETE", "/v2/repo/blobs/" + dg, Route{Kind: KindBlobDelete, Name: "repo", Reference: dg}},
		{"blob of name with blobs", "GET", "/v2/a/blobs/blobs/" + dg, Route{Kind: KindBlobGet, Name: "a/blobs", Reference: dg}},
		{"blob of name with manifests", "HEAD", "/v2/a/manifests/blobs/" + dg, Route{Kind: KindBlobHead, Name: "a/manifests", Reference: dg}},

		// uploads
		{"upload start", "POST", "/v2/repo/blobs/uploads/", Route{Kind: KindUploadStart, Name: "repo"}},
		{"upload start without slash", "POST", "/v2/repo/blobs/uploads", Route{Kind: KindUploadStart, Name: "repo"}},
		{"upload start monolithic", "POST", "/v2/repo/blobs/uploads/?digest=" + dg, Route{Kind: KindUploadStart, Name: "repo", Digest: dg}},
		{"upload start mount", "POST", "/v2/a/b/blobs/uploads/?mount=" + dg + "&from=c/d", Route{Kind: KindUploadStart, Name: "a/b", Mount: dg, From: "c/d"}},
		{"upload start mount without from", "POST", "/v2/repo/blobs/uploads/?mount=" + dg, Route{Kind: KindUploadStart, Name: "repo", Mount: dg}},
		{"upload start empty digest", "POST", "/v2/repo/blobs/uploads/?digest=", Route{Kind: KindUploadStart, Name: "repo"}},
		{"upload start of name with blobs/uploads", "POST", "/v2/x/blobs/uploads/blobs/uploads/", Route{Kind: KindUploadStart, Name: "x/blobs/uploads"}},
		{"upload patch", "PATCH", "/v2/repo/blobs/uploads/" + uid, Route{Kind: KindUploadPatch, Name: "repo", UploadID: uid}},
		{"upload complete", "PUT", "/v2/repo/blobs/uploads/" + uid + "?digest=" + dg, Route{Kind: KindUploadComplete, Name: "repo", UploadID: uid, Digest: dg}},
		{"upload complete no digest is routed", "PUT", "/v2/repo/blobs/uploads/" + uid, Route{Kind: KindUploadComplete, Name: "repo", UploadID: uid}},
		{"upload status", "GET", "/v2/repo/blobs/uploads/" + uid, Route{Kind: KindUploadStatus, Name: "repo", UploadID: uid}},
		{"upload cancel", "DELETE", "/v2/repo/blobs/uploads/" + uid, Route{Kind: KindUploadCancel, Name: "repo", UploadID: uid}},
		{"upload id upper case", "PATCH", "/v2/repo/blobs/uploads/ABCDEF01-0000-4001-8001-00000000000A", Route{Kind: KindUploadPatch, Name: "repo", UploadID: "ABCDEF01-0000-4001-8001-00000000000A"}},
		{"upload of name with manifests", "PATCH", "/v2/x/manifests/blobs/uploads/" + uid, Route{Kind: KindUploadPatch, Name: "x/manifests", UploadID: uid}},

		// referrers
		{"referrers", "GET", "/v2/repo/referrers/" + dg, Route{Kind: KindReferrers, Name: "repo", Reference: dg}},
		{"referrers artifactType", "GET", "/v2/a/b/referrers/" + dg + "?artifactType=application%2Fvnd.example%2Bjson", Route{Kind: KindReferrers, Name: "a/b", Reference: dg, ArtifactType: "application/vnd.example+json"}},
		{"referrers of name with referrers", "GET", "/v2/referrers/referrers/" + dg2, Route{Kind: KindReferrers, Name: "referrers", Reference: dg2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, e := Parse(tc.method, mustURL(t, tc.url))
			require.Nil(t, e, "%v", e)
			assert.Equal(t, tc.want, got)
			// The canonical form parses back to the same route.
			again, e := Parse(got.Kind.Method(), got.URL())
			require.Nil(t, e, "%v", e)
			assert.Equal(t, got, again)
		})
	}
}

func TestParseRefusals(t *testing.T) {
	long := strings.Repeat("a", 257)
	tests := []struct {
		name   string
		method string
		url    string
		status int
		code   string // "" for the plain-text 404
	}{
		// no route
		{"not under v2", "GET", "/v1/repo/tags/list", 404, ""},
		{"root", "GET", "/", 404, ""},
		{"v2 prefix without slash", "GET", "/v2repo/manifests/t", 404, ""},
		{"name only", "GET", "/v2/repo", 404, ""},
		{"unknown tail", "GET", "/v2/repo/things/x", 404, ""},
		{"tags list trailing slash", "GET", "/v2/repo/tags/list/", 404, ""},
		{"manifest without reference", "GET", "/v2/repo/manifests/", 404, ""},
		{"blob without digest", "GET", "/v2/repo/blobs/", 404, ""},
		{"referrers without digest", "GET", "/v2/repo/referrers/", 404, ""},
		{"catalog with a name", "GET", "/v2/_catalog/x", 404, ""},

		// traversal and encoding
		{"dot dot in name", "GET", "/v2/a/../b/manifests/t", 400, CodeNameInvalid},
		{"dot dot as name", "GET", "/v2/../manifests/t", 400, CodeNameInvalid},
		{"dot in name", "GET", "/v2/a/./b/manifests/t", 400, CodeNameInvalid},
		{"dot dot reference", "GET", "/v2/repo/manifests/..", 400, CodeNameInvalid},
		{"dot reference", "GET", "/v2/repo/manifests/.", 400, CodeNameInvalid},
		{"encoded dot dot reference", "GET", "/v2/repo/manifests/%2E%2E", 400, CodeNameInvalid},
		{"encoded slash in name", "GET", "/v2/a%2Fb/manifests/t", 400, CodeNameInvalid},
		{"encoded slash lower case", "GET", "/v2/a%2fb/tags/list", 400, CodeNameInvalid},
		{"encoded letter in name", "GET", "/v2/%61b/manifests/t", 400, CodeNameInvalid},
		{"encoded dot dot in name", "GET", "/v2/a/%2E%2E/b/tags/list", 400, CodeNameInvalid},
		{"empty segment in name", "GET", "/v2/a//b/manifests/t", 400, CodeNameInvalid},
		{"leading empty segment", "GET", "/v2//ab/manifests/t", 400, CodeNameInvalid},
		{"empty name tags", "GET", "/v2//tags/list", 400, CodeNameInvalid},
		{"encoded slash in reference", "GET", "/v2/repo/manifests/a%2Fb", 400, CodeTagInvalid},
		{"encoded slash in upload id", "PATCH", "/v2/repo/blobs/uploads/a%2F" + uid, 404, CodeBlobUploadUnknown},

		// names
		{"upper-case name", "GET", "/v2/Repo/manifests/t", 400, CodeNameInvalid},
		{"name one character", "GET", "/v2/a/manifests/t", 400, CodeNameInvalid},
		{"name 257 characters", "GET", "/v2/" + long + "/manifests/t", 400, CodeNameInvalid},
		{"name leading separator", "GET", "/v2/-ab/manifests/t", 400, CodeNameInvalid},
		{"name trailing separator", "GET", "/v2/ab_/manifests/t", 400, CodeNameInvalid},
		{"name triple underscore", "GET", "/v2/a___b/manifests/t", 400, CodeNameInvalid},
		{"name mixed separators", "GET", "/v2/a._b/manifests/t", 400, CodeNameInvalid},
		{"name with space", "GET", "/v2/a%20b/manifests/t", 400, CodeNameInvalid},
		{"name with colon", "GET", "/v2/a:b/manifests/t", 400, CodeNameInvalid},
		{"catalog as a name", "GET", "/v2/_catalog/tags/list", 400, CodeNameInvalid},
		{"empty name upload start", "POST", "/v2/blobs/uploads/", 400, CodeNameInvalid},

		// references
		{"bad tag character", "GET", "/v2/repo/manifests/a+b", 400, CodeTagInvalid},
		{"tag 301", "GET", "/v2/repo/manifests/" + strings.Repeat("t", 301), 400, CodeTagInvalid},
		{"digest short", "GET", "/v2/repo/manifests/sha256:abc", 400, CodeDigestInvalid},
		{"digest upper hex", "GET", "/v2/repo/manifests/sha256:" + strings.ToUpper(dg[7:]), 400, CodeDigestInvalid},
		{"digest empty algorithm", "GET", "/v2/repo/manifests/:abc", 400, CodeDigestInvalid},
		{"digest empty hex", "GET", "/v2/repo/manifests/sha256:", 400, CodeDigestInvalid},
		{"digest non-hex", "GET", "/v2/repo/manifests/sha256:" + strings.Repeat("g", 64), 400, CodeDigestInvalid},
		{"digest two colons", "GET", "/v2/repo/manifests/sha256:ab:cd", 400, CodeDigestInvalid},
		{"sha512 wrong length", "GET", "/v2/repo/manifests/sha512:" + dg[7:], 400, CodeDigestInvalid},
		{"blob by tag", "GET", "/v2/repo/blobs/latest", 400, CodeDigestInvalid},
		{"blob bad digest", "HEAD", "/v2/repo/blobs/sha256:123", 400, CodeDigestInvalid},
		{"referrers by tag", "GET", "/v2/repo/referrers/latest", 400, CodeDigestInvalid},
		{"upload complete bad digest", "PUT", "/v2/repo/blobs/uploads/" + uid + "?digest=sha256:12", 400, CodeDigestInvalid},
		{"upload start bad digest", "POST", "/v2/repo/blobs/uploads/?digest=nope", 400, CodeDigestInvalid},
		{"mount bad digest", "POST", "/v2/repo/blobs/uploads/?mount=nope&from=other", 400, CodeDigestInvalid},
		{"mount bad from", "POST", "/v2/repo/blobs/uploads/?mount=" + dg + "&from=../x", 400, CodeNameInvalid},
		{"upload id not a uuid", "PATCH", "/v2/repo/blobs/uploads/abc", 404, CodeBlobUploadUnknown},
		{"upload id too long", "GET", "/v2/repo/blobs/uploads/" + uid + "0", 404, CodeBlobUploadUnknown},

		// n
		{"n too large", "GET", "/v2/repo/tags/list?n=1001", 405, CodeUnsupported},
		{"n huge", "GET", "/v2/repo/tags/list?n=99999999999999999999999", 405, CodeUnsupported},
		{"n zero", "GET", "/v2/repo/tags/list?n=0", 405, CodeUnsupported},
		{"n negative", "GET", "/v2/repo/tags/list?n=-1", 405, CodeUnsupported},
		{"n plus", "GET", "/v2/repo/tags/list?n=%2B5", 405, CodeUnsupported},
		{"n empty", "GET", "/v2/repo/tags/list?n=", 405, CodeUnsupported},
		{"n not a number", "GET", "/v2/repo/tags/list?n=ten", 405, CodeUnsupported},
		{"n float", "GET", "/v2/repo/tags/list?n=1.5", 405, CodeUnsupported},
		{"catalog n too large", "GET", "/v2/_catalog?n=5000", 405, CodeUnsupported},

		// methods
		{"ping POST", "POST", "/v2/", 405, CodeUnsupported},
		{"catalog POST", "POST", "/v2/_catalog", 405, CodeUnsupported},
		{"tags list DELETE", "DELETE", "/v2/repo/tags/list", 405, CodeUnsupported},
		{"manifest POST", "POST", "/v2/repo/manifests/t", 405, CodeUnsupported},
		{"manifest PATCH", "PATCH", "/v2/repo/manifests/t", 405, CodeUnsupported},
		{"blob PUT", "PUT", "/v2/repo/blobs/" + dg, 405, CodeUnsupported},
		{"blob POST", "POST", "/v2/repo/blobs/" + dg, 405, CodeUnsupported},
		{"upload start GET", "GET", "/v2/repo/blobs/uploads/", 405, CodeUnsupported},
		{"upload start PUT", "PUT", "/v2/repo/blobs/uploads", 405, CodeUnsupported},
		{"upload POST to id", "POST", "/v2/repo/blobs/uploads/" + uid, 405, CodeUnsupported},
		{"upload HEAD", "HEAD", "/v2/repo/blobs/uploads/" + uid, 405, CodeUnsupported},
		{"referrers DELETE", "DELETE", "/v2/repo/referrers/" + dg, 405, CodeUnsupported},
		{"lower-case method", "get", "/v2/repo/manifests/t", 405, CodeUnsupported},
		{"empty method", "", "/v2/repo/manifests/t", 405, CodeUnsupported},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, e := Parse(tc.method, mustURL(t, tc.url))
			require.NotNil(t, e, "routed to %+v", got)
			assert.Equal(t, Route{}, got, "a refused request routes nowhere")
			assert.Equal(t, tc.status, e.Status, e.Error())
			assert.Equal(t, tc.code, e.Code, e.Error())
			assert.NotEmpty(t, e.Message)
		})
	}
}

func TestParseExactTexts(t *testing.T) {
	_, e := Parse("GET", mustURL(t, "/v2/repo/tags/list?n=1001"))
	require.NotNil(t, e)
	assert.Equal(t, &Error{405, "UNSUPPORTED", "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to 1000'"}, e)

	_, e = Parse("GET", mustURL(t, "/v2/nope/x"))
	assert.Equal(t, &Error{404, "", "404 page not found\n"}, e)

	_, e = Parse("POST", mustURL(t, "/v2/repo/manifests/t"))
	require.NotNil(t, e)
	assert.Equal(t, `UNSUPPORTED: The operation is unsupported: method "POST" is not allowed on this route (allowed: GET, HEAD, PUT, DELETE)`, e.Error())
}

func TestParseOddURLs(t *testing.T) {
	_, e := Parse("GET", nil)
	require.NotNil(t, e)
	assert.Equal(t, http.StatusNotFound, e.Status)

	_, e = Parse("GET", &url.URL{Opaque: "v2/repo/tags/list"})
	require.NotNil(t, e)
	assert.Equal(t, http.StatusNotFound, e.Status)

	// A URL built in code, not parsed: a literal '%' or space in the name
	// is escaped by EscapedPath and refused.
	for _, p := range []string{"/v2/a%2Fb/tags/list", "/v2/a b/tags/list", "/v2/a\x00b/tags/list"} {
		_, e = Parse("GET", &url.URL{Path: p})
		require.NotNil(t, e, p)
		assert.Equal(t, CodeNameInvalid, e.Code, p)
	}

	// A RawPath that hides an encoded slash behind a decoded Path.
	u := &url.URL{Path: "/v2/a/b/tags/list", RawPath: "/v2/a%2Fb/tags/list"}
	_, e = Parse("GET", u)
	require.NotNil(t, e)
	assert.Equal(t, CodeNameInvalid, e.Code)

	// A malformed query keeps what parses, as net/http does.
	r, e := Parse("GET", &url.URL{Path: "/v2/repo/tags/list", RawQuery: "n=5&x=%zz"})
	require.Nil(t, e)
	assert.Equal(t, Route{Kind: KindTagsList, Name: "repo", N: 5, HasN: true}, r)
}

func TestKind(t *testing.T) {
	seen := map[string]bool{}
	for k := KindNone; k < kindCount; k++ {
		s := k.String()
		assert.NotEmpty(t, s)
		assert.False(t, seen[s], "duplicate name %s", s)
		seen[s] = true
	}
	assert.Equal(t, "Kind(200)", Kind(200).String())
	assert.Equal(t, "", KindNone.Method())
	assert.Equal(t, "PATCH", KindUploadPatch.Method())
	assert.True(t, Route{Reference: dg}.ByDigest())
	assert.False(t, Route{Reference: "latest"}.ByDigest())
	assert.Equal(t, "", Route{}.Path())
}

func TestIsRepositoryName(t *testing.T) {
	for name, want := range map[string]bool{
		"ab": true, "a/b": true, "a-b": true, "a--b": true, "a__b": true, "a.b": true, "0": false,
		"a.-b": false, "a/": false, "/a": false, "a//b": false, "A": false, "ab/Cd": false,
		strings.Repeat("a", 256): true, strings.Repeat("a", 257): false, "": false,
		"ecr-public/amazonlinux/amazonlinux": true, "a..b": false, "a_.b": false,
	} {
		assert.Equal(t, want, IsRepositoryName(name), "%q", name)
	}
}

func TestIsDigestAndTag(t *testing.T) {
	for d, want := range map[string]bool{
		dg: true, d512: true, "sha256:" + strings.Repeat("a", 63): false, "x+y.z_w-v:0af": true,
		"sha256:" + strings.Repeat("A", 64): false, "sha/256:aa": false, "aa": false, "": false, ":": false,
	} {
		assert.Equal(t, want, IsDigest(d), "%q", d)
	}
	for tag, want := range map[string]bool{
		"latest": true, "v1.0-rc_1": true, "": false, "a:b": false, "a/b": false, strings.Repeat("x", 300): true, strings.Repeat("x", 301): false,
	} {
		assert.Equal(t, want, IsTag(tag), "%q", tag)
	}
}
