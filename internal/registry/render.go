package registry

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
)

// Content types of the registry's own bodies.
const (
	// TagsListContentType is what ECR labels a tags/list body with: plain
	// text, although the body is JSON (userguide sample; docker_registry2#34).
	TagsListContentType = "text/plain; charset=utf-8"
	// JSONContentType labels the catalog.
	JSONContentType = "application/json; charset=utf-8"
	// IndexMediaType is the OCI image index: the referrers list's type.
	IndexMediaType = "application/vnd.oci.image.index.v1+json"
)

// marshal encodes v compactly, without HTML escaping or a trailing newline.
func marshal(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // only strings, numbers, slices and maps of strings
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// TagsListBody is the body of GET /v2/<name>/tags/list:
// {"name":"<name>","tags":[...]} with tags in the order given (ECR does not
// sort them); no tags is [].
func TagsListBody(name string, tags []string) []byte {
	if tags == nil {
		tags = []string{}
	}
	return marshal(struct {
		Name string   `json:"name"`
		Tags []string `json:"tags"`
	}{name, tags})
}

// CatalogBody is the body of GET /v2/_catalog: {"repositories":[...]}.
func CatalogBody(names []string) []byte {
	if names == nil {
		names = []string{}
	}
	return marshal(struct {
		Repositories []string `json:"repositories"`
	}{names})
}

// Descriptor is an OCI content descriptor, as the referrers index lists it.
type Descriptor struct {
	MediaType    string            `json:"mediaType"`
	Digest       string            `json:"digest"`
	Size         int64             `json:"size"`
	ArtifactType string            `json:"artifactType,omitempty"`
	Annotations  map[string]string `json:"annotations,omitempty"`
}

// DescriptorsOf turns ListImageReferrers' referrers into descriptors, in
// order (annotation maps are copied).
func DescriptorsOf(refs []types.ImageReferrer) []Descriptor {
	out := make([]Descriptor, 0, len(refs))
	for _, r := range refs {
		d := Descriptor{MediaType: deref(r.MediaType), Digest: deref(r.Digest), ArtifactType: deref(r.ArtifactType)}
		if r.Size != nil {
			d.Size = *r.Size
		}
		if len(r.Annotations) > 0 {
			d.Annotations = make(map[string]string, len(r.Annotations))
			for k, v := range r.Annotations {
				d.Annotations[k] = v
			}
		}
		out = append(out, d)
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// ReferrersBody is the body of GET /v2/<name>/referrers/<digest>: an OCI
// image index whose manifests are the referrers (an empty list when there
// are none). Map keys are written sorted, so the bytes are deterministic.
func ReferrersBody(refs []Descriptor) []byte {
	if refs == nil {
		refs = []Descriptor{}
	}
	return marshal(struct {
		SchemaVersion int          `json:"schemaVersion"`
		MediaType     string       `json:"mediaType"`
		Manifests     []Descriptor `json:"manifests"`
	}{2, IndexMediaType, refs})
}

// SetReferrersHeaders sets the Content-Type of a referrers answer and, when
// the request filtered by artifactType, OCI-Filters-Applied: artifactType.
func SetReferrersHeaders(h http.Header, filtered bool) {
	h.Set("Content-Type", IndexMediaType)
	if filtered {
		h.Set("OCI-Filters-Applied", "artifactType")
	}
}

// AbsoluteURL is scheme://host + path: ECR's Location and Link headers are
// absolute.
func AbsoluteURL(scheme, host, path string) string {
	u := url.URL{Scheme: scheme, Host: host, Path: path}
	return u.String()
}

// SetUploadHeaders sets the headers of an upload session answer (POST 202,
// PATCH 201, status 204): the absolute Location of the session,
// Docker-Upload-UUID, the Range it holds ([FormatRange]) and an empty body's
// Content-Length.
func SetUploadHeaders(h http.Header, scheme, host, name, uploadID string, size int64) {
	h.Set("Location", AbsoluteURL(scheme, host, UploadPath(name, uploadID)))
	h.Set("Docker-Upload-UUID", uploadID)
	h.Set("Range", FormatRange(size))
	h.Set("Content-Length", "0")
}

// SetManifestHeaders sets the headers of a manifest GET or HEAD: its media
// type and length; a HEAD also gets Docker-Content-Digest and the empty
// Sizes header, which ECR sends on HEAD but not on GET.
func SetManifestHeaders(h http.Header, mediaType, digest string, length int, head bool) {
	h.Set("Content-Type", mediaType)
	h.Set("Content-Length", strconv.Itoa(length))
	if head {
		h.Set("Docker-Content-Digest", digest)
		SetEmptySizes(h)
	}
}
