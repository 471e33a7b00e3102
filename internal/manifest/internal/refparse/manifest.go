package refparse

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"strings"
)

// Manifest media types ECR accepts.
const (
	DockerV1       = "application/vnd.docker.distribution.manifest.v1+json"
	DockerV1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws"
	DockerV2       = "application/vnd.docker.distribution.manifest.v2+json"
	DockerList     = "application/vnd.docker.distribution.manifest.list.v2+json"
	OCIManifest    = "application/vnd.oci.image.manifest.v1+json"
	OCIIndex       = "application/vnd.oci.image.index.v1+json"
)

// DefaultMaxLayers is the layers-per-image quota from ECR's quota page
// (spec §0a item 12). The fake makes the limit configurable; see
// [Manifest.CheckLayerLimit].
const DefaultMaxLayers = 127

// IsSupported reports whether ECR accepts mediaType as a manifest media type
// (exact comparison).
func IsSupported(mediaType string) bool {
	switch mediaType {
	case DockerV1, DockerV1Signed, DockerV2, DockerList, OCIManifest, OCIIndex:
		return true
	}
	return false
}

// Descriptor is a reference from a manifest to a blob or another manifest.
type Descriptor struct {
	MediaType    string
	Digest       string
	Size         int64
	ArtifactType string
	Annotations  map[string]string
}

// Manifest is the part of a parsed manifest that ECR cares about.
type Manifest struct {
	// MediaType is the resolved media type: the imageManifestMediaType
	// parameter, else the top-level mediaType, else schema 1.
	MediaType string
	// Config is the config descriptor of an image manifest (nil otherwise).
	Config *Descriptor
	// Layers are the layer descriptors of an image manifest, in document
	// order. For schema 1 there is one per fsLayers entry with only Digest
	// (the blobSum) set.
	Layers []Descriptor
	// Manifests are the children of an index or manifest list.
	Manifests []Descriptor
	// Subject is the OCI subject descriptor (referrers), if any.
	Subject *Descriptor
	// ArtifactType is the top-level artifactType (OCI only).
	ArtifactType string
	// Annotations are the top-level annotations (OCI only).
	Annotations map[string]string
}

// IsIndex reports whether m is a Docker manifest list or an OCI index.
func (m *Manifest) IsIndex() bool {
	return m.MediaType == DockerList || m.MediaType == OCIIndex
}

// ArtifactMediaType returns artifactType if set, else config.mediaType (the
// OCI rule), else "".
func (m *Manifest) ArtifactMediaType() string {
	if m.ArtifactType != "" {
		return m.ArtifactType
	}
	if m.Config != nil {
		return m.Config.MediaType
	}
	return ""
}

// Size returns the image size ECR reports for an image manifest: the sum of
// the layer sizes plus the config size, saturating at math.MaxInt64. It
// returns 0 for an index (the caller takes the maximum size of the children)
// and for schema 1, whose manifests carry no sizes.
func (m *Manifest) Size() int64 {
	if m.IsIndex() {
		return 0
	}
	var total int64
	add := func(n int64) {
		if n <= 0 {
			return
		}
		if total > math.MaxInt64-n {
			total = math.MaxInt64
			return
		}
		total += n
	}
	if m.Config != nil {
		add(m.Config.Size)
	}
	for i := range m.Layers {
		add(m.Layers[i].Size)
	}
	return total
}

// Blobs returns the digests a push must have uploaded before PutImage: the
// config digest, then the layer digests in document order, each once (exact
// comparison), without layers whose media type marks them foreign or
// non-distributable. It returns nil for an index.
func (m *Manifest) Blobs() []string {
	if m.IsIndex() {
		return nil
	}
	out := make([]string, 0, len(m.Layers)+1)
	seen := make(map[string]struct{}, len(m.Layers)+1)
	add := func(d string) {
		if _, dup := seen[d]; dup {
			return
		}
		seen[d] = struct{}{}
		out = append(out, d)
	}
	if m.Config != nil {
		add(m.Config.Digest)
	}
	for i := range m.Layers {
		if isNonDistributable(m.Layers[i].MediaType) {
			continue
		}
		add(m.Layers[i].Digest)
	}
	return out
}

// isNonDistributable reports whether a layer media type marks a blob the
// client does not push (Windows foreign layers, OCI non-distributable layers).
func isNonDistributable(mediaType string) bool {
	mt := strings.ToLower(mediaType)
	return strings.Contains(mt, "foreign") || strings.Contains(mt, "nondistributable")
}

// CheckLayerLimit returns the ECR error for an image manifest with more than
// max layers (schema 1: fsLayers entries), or nil.
func (m *Manifest) CheckLayerLimit(max int) error {
	if len(m.Layers) > max {
		return &Error{Member: MemberManifest, Constraint: "Limit on number of layers per image exceeded"}
	}
	return nil
}

// Digest returns "sha256:" followed by the lowercase hex SHA-256 of raw,
// exactly as given: the image digest ECR assigns to a manifest.
func Digest(raw []byte) string {
	sum := sha256.Sum256(raw)
	var buf [7 + 2*sha256.Size]byte
	copy(buf[:], "sha256:")
	hex.Encode(buf[7:], sum[:])
	return string(buf[:])
}

// IsValidDigest reports whether s is a well-formed content digest: it fully
// matches [a-zA-Z0-9-_+.]+:[a-fA-F0-9]+, and the hex part of a sha256
// (sha512) digest is 64 (128) characters long.
func IsValidDigest(s string) bool {
	colon := strings.IndexByte(s, ':')
	if colon <= 0 || colon == len(s)-1 {
		return false
	}
	alg, enc := s[:colon], s[colon+1:]
	for i := 0; i < len(alg); i++ {
		c := alg[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '-' || c == '_' || c == '+' || c == '.') {
			return false
		}
	}
	for i := 0; i < len(enc); i++ {
		c := enc[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	switch alg {
	case "sha256":
		return len(enc) == 64
	case "sha512":
		return len(enc) == 128
	}
	return true
}

// Members used in [Error].
const (
	// MemberManifest is the member ECR names for problems with the
	// manifest body ("ImageManifest", capitalised as in ECR's messages).
	MemberManifest = "ImageManifest"
	// MemberMediaType is the member for an unsupported
	// imageManifestMediaType parameter.
	MemberMediaType = "imageManifestMediaType"
)

// Error is a manifest rejection. Member is the request member ECR names and
// Constraint is the text it puts after "failed to satisfy constraint: ";
// the fake turns it into an InvalidParameterException.
type Error struct {
	Member     string
	Constraint string
}

// Error renders ECR's InvalidParameterException message.
func (e *Error) Error() string {
	return "Invalid parameter at '" + e.Member + "' failed to satisfy constraint: '" + e.Constraint + "'"
}
