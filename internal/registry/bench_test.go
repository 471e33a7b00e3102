package registry

import (
	"net/url"
	"strings"
	"testing"
)

func BenchmarkParse(b *testing.B) {
	for _, bc := range []struct{ name, method, url string }{
		{"manifest", "GET", "/v2/team/app/manifests/latest"},
		{"blob", "HEAD", "/v2/team/app/blobs/" + dg},
		{"patch", "PATCH", "/v2/team/app/blobs/uploads/" + uid},
		{"deep name", "GET", "/v2/" + strings.Repeat("ab/", 60) + "z1/manifests/t"},
		{"tags page", "GET", "/v2/team/app/tags/list?n=50&last=abc"},
	} {
		u, err := url.ParseRequestURI(bc.url)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, e := Parse(bc.method, u); e != nil {
					b.Fatal(e)
				}
			}
		})
	}
}

func BenchmarkWriteError(b *testing.B) {
	e := ManifestUnknown()
	b.ReportAllocs()
	for b.Loop() {
		_ = e.Body()
	}
}
