package registry

import (
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/assert"
)

func TestBodies(t *testing.T) {
	assert.Equal(t, `{"name":"amazonlinux","tags":["2017.09","latest"]}`, string(TagsListBody("amazonlinux", []string{"2017.09", "latest"})))
	assert.Equal(t, `{"name":"a/b","tags":[]}`, string(TagsListBody("a/b", nil)))
	assert.Equal(t, `{"name":"r","tags":["18","161","138"]}`, string(TagsListBody("r", []string{"18", "161", "138"})), "order kept, not sorted")
	assert.Equal(t, `{"repositories":["myrepo/image","x"]}`, string(CatalogBody([]string{"myrepo/image", "x"})))
	assert.Equal(t, `{"repositories":[]}`, string(CatalogBody(nil)))

	assert.Equal(t, `{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}`, string(ReferrersBody(nil)))
	refs := DescriptorsOf([]types.ImageReferrer{
		{Digest: p(dg), MediaType: p("application/vnd.oci.image.manifest.v1+json"), Size: ptr64(512), ArtifactType: p("application/vnd.example.sbom"),
			Annotations: map[string]string{"z": "1", "a": "<2>"}},
		{Digest: p(dg2), MediaType: p("application/vnd.oci.image.manifest.v1+json"), Size: ptr64(7)},
	})
	assert.Equal(t, `{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[`+
		`{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"`+dg+`","size":512,"artifactType":"application/vnd.example.sbom","annotations":{"a":"<2>","z":"1"}},`+
		`{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"`+dg2+`","size":7}]}`, string(ReferrersBody(refs)))
	assert.Equal(t, []Descriptor{{}}, DescriptorsOf([]types.ImageReferrer{{}}), "nil members are zero")
}

func ptr64(n int64) *int64 { return &n }

func TestResponseHeaders(t *testing.T) {
	h := http.Header{}
	SetUploadHeaders(h, "https", "123456789012.dkr.ecr.eu-central-1.amazonaws.com", "iss-scan-temp", uid, 10485760)
	assert.Equal(t, http.Header{
		"Location":           {"https://123456789012.dkr.ecr.eu-central-1.amazonaws.com/v2/iss-scan-temp/blobs/uploads/" + uid},
		"Docker-Upload-Uuid": {uid},
		"Range":              {"0-10485759"},
		"Content-Length":     {"0"},
	}, h)

	head := http.Header{}
	SetManifestHeaders(head, "application/vnd.docker.distribution.manifest.v2+json", dg, 1151, true)
	assert.Equal(t, http.Header{
		"Content-Type":          {"application/vnd.docker.distribution.manifest.v2+json"},
		"Content-Length":        {"1151"},
		"Docker-Content-Digest": {dg},
		"Sizes":                 {""},
	}, head)
	get := http.Header{}
	SetManifestHeaders(get, "application/vnd.oci.image.manifest.v1+json", dg, 10, false)
	assert.Equal(t, http.Header{"Content-Type": {"application/vnd.oci.image.manifest.v1+json"}, "Content-Length": {"10"}}, get, "GET has no digest header")

	ref := http.Header{}
	SetReferrersHeaders(ref, true)
	assert.Equal(t, http.Header{"Content-Type": {IndexMediaType}, "Oci-Filters-Applied": {"artifactType"}}, ref)
	ref = http.Header{}
	SetReferrersHeaders(ref, false)
	assert.Equal(t, http.Header{"Content-Type": {IndexMediaType}}, ref)

	assert.Equal(t, "http://127.0.0.1:5000/v2/a/blobs/"+dg, AbsoluteURL("http", "127.0.0.1:5000", BlobPath("a", dg)))
}
