package constraints

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
)

func BenchmarkCheck(b *testing.B) {
	manifest := `{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"` +
		digest + `","size":1469},"layers":[` + strings.TrimSuffix(strings.Repeat(`{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"`+digest+`","size":3623807},`, 5), ",") + `]}`
	for _, bc := range []struct {
		name string
		in   any
	}{
		{"DescribeRepositories", &ecr.DescribeRepositoriesInput{RegistryId: p(account), RepositoryNames: []string{"project-a/nginx-web-app", "project-b/api", "tools"}, MaxResults: p[int32](100)}},
		{"PutImage", &ecr.PutImageInput{RegistryId: p(account), RepositoryName: p("project-a/nginx-web-app"), ImageManifest: p(manifest),
			ImageManifestMediaType: p("application/vnd.oci.image.manifest.v1+json"), ImageTag: p("v1.2.3"), ImageDigest: p(digest)}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if Check(bc.in) != nil {
					b.Fatal("invalid input")
				}
			}
		})
	}
}
