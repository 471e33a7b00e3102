package registry

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzParse feeds request lines to Parse. It must never panic; a refused
// request routes nowhere and carries a registry status; an accepted one has
// a valid name and operands, and its canonical URL parses back to the same
// route.
func FuzzParse(f *testing.F) {
	for _, s := range []struct{ method, url string }{
		{"GET", "/v2/"},
		{"GET", "/v2/_catalog?n=10&last=x"},
		{"GET", "/v2/a/b/tags/list?n=1000"},
		{"HEAD", "/v2/repo/manifests/latest"},
		{"PUT", "/v2/a/blobs/manifests/" + dg},
		{"GET", "/v2/repo/blobs/" + dg},
		{"POST", "/v2/repo/blobs/uploads/?mount=" + dg + "&from=x/y"},
		{"POST", "/v2/x/blobs/uploads/blobs/uploads"},
		{"PATCH", "/v2/repo/blobs/uploads/" + uid},
		{"PUT", "/v2/repo/blobs/uploads/" + uid + "?digest=" + dg},
		{"GET", "/v2/repo/referrers/" + dg + "?artifactType=a%2Fb"},
		{"GET", "/v2/a/../b/manifests/t"},
		{"GET", "/v2/a%2Fb/manifests/sha256%3A" + dg[7:]},
		{"DELETE", "/v2//tags/list?n=-1"},
		{"GET", "/v2/repo/manifests/%2E%2E"},
	} {
		f.Add(s.method, s.url)
	}
	f.Fuzz(func(t *testing.T, method, raw string) {
		var candidates []*url.URL
		if u, err := url.ParseRequestURI(raw); err == nil {
			candidates = append(candidates, u)
		}
		path, query, _ := strings.Cut(raw, "?")
		candidates = append(candidates, &url.URL{Path: path, RawQuery: query})
		for _, u := range candidates {
			r, e := Parse(method, u)
			if e != nil {
				if r != (Route{}) {
					t.Fatalf("%s %q: refused with %v but routed to %+v", method, raw, e, r)
				}
				if e.Status < 400 || e.Status > 599 || e.Message == "" {
					t.Fatalf("%s %q: malformed error %+v", method, raw, e)
				}
				continue
			}
			checkRoute(t, method, raw, r)
			again, e := Parse(r.Kind.Method(), r.URL())
			if e != nil {
				t.Fatalf("%s %q: route %+v does not parse back from %s: %v", method, raw, r, r.URL(), e)
			}
			if again != r {
				t.Fatalf("%s %q: route %+v parses back as %+v", method, raw, r, again)
			}
		}
	})
}

func checkRoute(t *testing.T, method, raw string, r Route) {
	t.Helper()
	bad := func(what string) { t.Fatalf("%s %q: %s in %+v", method, raw, what, r) }
	if r.Kind == KindNone || r.Kind >= kindCount {
		bad("no kind")
	}
	if r.Kind.Method() != method && !(r.Kind == KindPing && method == "HEAD") {
		bad("method " + method)
	}
	if (r.Kind == KindPing || r.Kind == KindCatalog) != (r.Name == "") {
		bad("name presence")
	}
	if r.Name != "" && !IsRepositoryName(r.Name) {
		bad("invalid name")
	}
	switch r.Kind {
	case KindManifestGet, KindManifestHead, KindManifestPut, KindManifestDelete:
		if !IsDigest(r.Reference) && !IsTag(r.Reference) {
			bad("invalid reference")
		}
	case KindBlobGet, KindBlobHead, KindBlobDelete, KindReferrers:
		if !IsDigest(r.Reference) {
			bad("invalid digest")
		}
	case KindUploadPatch, KindUploadComplete, KindUploadStatus, KindUploadCancel:
		if !IsUploadID(r.UploadID) {
			bad("invalid upload id")
		}
	}
	if r.HasN && (r.N < 1 || r.N > MaxPageSize) {
		bad("n out of range")
	}
	for _, d := range []string{r.Digest, r.Mount} {
		if d != "" && !IsDigest(d) {
			bad("invalid digest parameter")
		}
	}
	if r.From != "" && !IsRepositoryName(r.From) {
		bad("invalid from")
	}
}
