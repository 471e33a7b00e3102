// Package images builds deterministic container images for tests and pushes
// and pulls them through the Amazon ECR API.
//
// Builders return an [*Image]: the exact manifest bytes, its digest, and the
// blobs it references, with real config JSON and layers of the sizes asked
// for. Everything is derived from a seed string, so the same seed gives the
// same bytes and the same digests in every run and on every machine:
//
//	img := images.New(images.Docker, "app", 4096, 1024)           // Docker schema 2, two layers
//	idx := images.Index(images.OCI, "app", []images.Platform{images.LinuxAMD64, images.LinuxARM64}, 1024)
//	sbom := images.Artifact(img, "application/spdx+json", "sbom", 512) // a referrer of img
//
// Layer blobs are opaque deterministic bytes with the format's layer media
// type, not tar archives: registries, ECR included, store layers without
// reading them (a vulnerability scanner would find nothing in them).
//
// [Push] uploads an image with the layer-upload API (InitiateLayerUpload,
// UploadLayerPart, CompleteLayerUpload) and PutImage; [Pull] fetches it back
// with BatchGetImage and GetDownloadUrlForLayer. Both take small interfaces
// that *ecr.Client and *ecrfake.Fake satisfy, so the same helper works
// against the fake, against the fake's SDK client and against real ECR.
package images

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
)

// Format is the manifest family of a built image.
type Format uint8

const (
	// Docker is the Docker image manifest v2, schema 2, and for an index the
	// Docker manifest list.
	Docker Format = iota
	// OCI is the OCI image manifest v1, and for an index the OCI image index.
	OCI
)

// Media types of the manifests and blobs the builders produce.
const (
	MediaTypeDockerManifest     = "application/vnd.docker.distribution.manifest.v2+json"
	MediaTypeDockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json"
	MediaTypeDockerConfig       = "application/vnd.docker.container.image.v1+json"
	MediaTypeDockerLayer        = "application/vnd.docker.image.rootfs.diff.tar.gzip"
	MediaTypeOCIManifest        = "application/vnd.oci.image.manifest.v1+json"
	MediaTypeOCIIndex           = "application/vnd.oci.image.index.v1+json"
	MediaTypeOCIConfig          = "application/vnd.oci.image.config.v1+json"
	MediaTypeOCILayer           = "application/vnd.oci.image.layer.v1.tar+gzip"
	MediaTypeOCIEmpty           = "application/vnd.oci.empty.v1+json"
)

// String returns "docker" or "oci".
func (f Format) String() string {
	if f == OCI {
		return "oci"
	}
	return "docker"
}

// Platform is the operating system and CPU an image is built for.
type Platform struct {
	OS           string
	Architecture string
	Variant      string // e.g. "v8" for arm64; usually empty
}

// Common platforms.
var (
	LinuxAMD64   = Platform{OS: "linux", Architecture: "amd64"}
	LinuxARM64   = Platform{OS: "linux", Architecture: "arm64", Variant: "v8"}
	WindowsAMD64 = Platform{OS: "windows", Architecture: "amd64"}
)

// String returns "os/arch" or "os/arch/variant".
func (p Platform) String() string {
	if p.Variant != "" {
		return p.OS + "/" + p.Architecture + "/" + p.Variant
	}
	return p.OS + "/" + p.Architecture
}

// Blob is content a manifest references by digest: a config or a layer.
type Blob struct {
	MediaType string
	Digest    string // "sha256:" and the hex SHA-256 of Data
	Size      int64  // len(Data)
	Data      []byte
}

// Image is a built image manifest, index or artifact. Treat it as read-only:
// its fields describe the bytes, they do not produce them.
type Image struct {
	// MediaType is the manifest's media type, as PutImage's
	// imageManifestMediaType.
	MediaType string
	// Manifest is the exact manifest bytes; Digest is taken over them.
	Manifest []byte
	Digest   string
	// Config and Layers are the blobs of an image manifest or artifact
	// (zero and nil for an index).
	Config Blob
	Layers []Blob
	// Platform is what an image manifest was built for (zero for an index
	// and an artifact).
	Platform Platform
	// Children are the images of an index, in manifest order.
	Children []*Image
	// ArtifactType and Subject are set for an artifact: Subject is the image
	// it refers to.
	ArtifactType string
	Subject      *Image
}

// IsIndex reports whether img is an OCI index or a Docker manifest list.
func (img *Image) IsIndex() bool {
	return img.MediaType == MediaTypeOCIIndex || img.MediaType == MediaTypeDockerManifestList
}

// Blobs returns the blobs to upload before the manifest: the config, then the
// layers (nil for an index, whose children carry their own).
func (img *Image) Blobs() []Blob {
	if img.IsIndex() {
		return nil
	}
	return append([]Blob{img.Config}, img.Layers...)
}

// Size is the manifest's size in bytes, as a descriptor of it says.
func (img *Image) Size() int64 { return int64(len(img.Manifest)) }

// Spec describes one image manifest to build.
type Spec struct {
	Format Format
	// Seed determines every byte: the same Spec gives the same image.
	Seed string
	// Layers are the sizes of the layers in bytes, each at least 1. None
	// builds an image without layers, like one built FROM scratch with
	// nothing added.
	Layers []int
	// Platform goes into the config; the zero value is linux/amd64.
	Platform Platform
}

// New builds a linux/amd64 image manifest of the format with layers of the
// given sizes. It is Build(Spec{Format: format, Seed: seed, Layers: layerSizes}).
func New(format Format, seed string, layerSizes ...int) *Image {
	return Build(Spec{Format: format, Seed: seed, Layers: layerSizes})
}

// Build builds the image manifest s describes. It panics if a layer size is
// below 1, since ECR cannot store an empty layer.
func Build(s Spec) *Image {
	p := s.Platform
	if p == (Platform{}) {
		p = LinuxAMD64
	}
	layerType, configType, manifestType := MediaTypeDockerLayer, MediaTypeDockerConfig, MediaTypeDockerManifest
	if s.Format == OCI {
		layerType, configType, manifestType = MediaTypeOCILayer, MediaTypeOCIConfig, MediaTypeOCIManifest
	}
	img := &Image{MediaType: manifestType, Platform: p}
	diffIDs := make([]string, 0, len(s.Layers))
	history := make([]historyEntry, 0, len(s.Layers))
	for i, n := range s.Layers {
		if n < 1 {
			panic(fmt.Sprintf("images: layer %d of %q has size %d; layers hold at least one byte", i, s.Seed, n))
		}
		b := newBlob(layerType, Bytes(fmt.Sprintf("%s/layer/%d", s.Seed, i), n))
		img.Layers = append(img.Layers, b)
		// The layers are opaque, not gzip streams, so their uncompressed
		// digest is their digest.
		diffIDs = append(diffIDs, b.Digest)
		history = append(history, historyEntry{Created: created, CreatedBy: fmt.Sprintf("layer %d of %s (%d bytes)", i, s.Seed, n)})
	}
	cfg := imageConfig{
		Architecture: p.Architecture, OS: p.OS, Variant: p.Variant, Created: created,
		Config: containerConfig{
			Env:    []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
			Labels: map[string]string{"org.opencontainers.image.title": s.Seed},
		},
		RootFS:  rootFS{Type: "layers", DiffIDs: diffIDs},
		History: history,
	}
	img.Config = newBlob(configType, mustJSON(cfg))
	img.setManifest(imageManifest{
		SchemaVersion: 2, MediaType: manifestType,
		Config: descriptorOf(img.Config), Layers: descriptorsOf(img.Layers),
	})
	return img
}

// Index builds an OCI image index (format OCI) or a Docker manifest list
// (format Docker) over one image per platform. The child for platform p is
// Build(Spec{format, seed + "/" + p.String(), layerSizes, p}), so each
// platform has layers of its own.
func Index(format Format, seed string, platforms []Platform, layerSizes ...int) *Image {
	mediaType := MediaTypeDockerManifestList
	if format == OCI {
		mediaType = MediaTypeOCIIndex
	}
	img := &Image{MediaType: mediaType}
	m := indexManifest{SchemaVersion: 2, MediaType: mediaType, Manifests: []descriptor{}}
	for _, p := range platforms {
		child := Build(Spec{Format: format, Seed: seed + "/" + p.String(), Layers: layerSizes, Platform: p})
		img.Children = append(img.Children, child)
		d := child.descriptor()
		d.Platform = &platformJSON{OS: p.OS, Architecture: p.Architecture, Variant: p.Variant}
		m.Manifests = append(m.Manifests, d)
	}
	img.setManifest(m)
	return img
}

// Artifact builds an OCI artifact manifest that refers to subject (an OCI
// 1.1 referrer, as signatures, SBOMs and attestations are): artifactType,
// the empty config ({}), one layer of size bytes of the artifact type, and
// subject's descriptor. It panics if size is below 1.
func Artifact(subject *Image, artifactType, seed string, size int) *Image {
	if size < 1 {
		panic(fmt.Sprintf("images: artifact %q has size %d; blobs hold at least one byte", seed, size))
	}
	img := &Image{
		MediaType: MediaTypeOCIManifest, ArtifactType: artifactType, Subject: subject,
		Config: newBlob(MediaTypeOCIEmpty, []byte("{}")),
		Layers: []Blob{newBlob(artifactType, Bytes(seed+"/artifact", size))},
	}
	sub := subject.descriptor()
	img.setManifest(imageManifest{
		SchemaVersion: 2, MediaType: MediaTypeOCIManifest, ArtifactType: artifactType,
		Config: descriptorOf(img.Config), Layers: descriptorsOf(img.Layers), Subject: &sub,
		Annotations: map[string]string{"org.opencontainers.image.created": created},
	})
	return img
}

// Bytes returns n deterministic bytes derived from seed: a SHA-256 chain,
// so they look random and do not compress.
func Bytes(seed string, n int) []byte {
	out := make([]byte, 0, n+sha256.Size)
	block := sha256.Sum256([]byte(seed))
	for len(out) < n {
		out = append(out, block[:]...)
		block = sha256.Sum256(block[:])
	}
	return out[:n]
}

// Digest returns the "sha256:<hex>" digest of b.
func Digest(b []byte) string {
	s := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(s[:])
}

// created is the creation time written into configs: fixed, so that bytes
// repeat.
const created = "2000-01-01T00:00:00Z"

func newBlob(mediaType string, data []byte) Blob {
	return Blob{MediaType: mediaType, Digest: Digest(data), Size: int64(len(data)), Data: data}
}

func (img *Image) setManifest(m any) {
	img.Manifest = mustJSON(m)
	img.Digest = Digest(img.Manifest)
}

func (img *Image) descriptor() descriptor {
	return descriptor{MediaType: img.MediaType, Digest: img.Digest, Size: img.Size(), ArtifactType: img.ArtifactType}
}

func descriptorOf(b Blob) descriptor {
	return descriptor{MediaType: b.MediaType, Digest: b.Digest, Size: b.Size}
}

func descriptorsOf(bs []Blob) []descriptor {
	out := make([]descriptor, len(bs))
	for i, b := range bs {
		out[i] = descriptorOf(b)
	}
	return out
}

// mustJSON encodes v compactly; the field order of the structs below and
// sorted map keys make the bytes stable.
func mustJSON(v any) []byte {
	var sb strings.Builder
	enc := json.NewEncoder(&sb)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic("images: " + err.Error()) // the types below always encode
	}
	return []byte(strings.TrimSuffix(sb.String(), "\n"))
}

// The JSON shapes, after the OCI image spec and Docker's schema 2.

type descriptor struct {
	MediaType    string        `json:"mediaType"`
	Digest       string        `json:"digest"`
	Size         int64         `json:"size"`
	ArtifactType string        `json:"artifactType,omitempty"`
	Platform     *platformJSON `json:"platform,omitempty"`
}

type platformJSON struct {
	Architecture string `json:"architecture"`
	OS           string `json:"os"`
	Variant      string `json:"variant,omitempty"`
}

type imageManifest struct {
	SchemaVersion int               `json:"schemaVersion"`
	MediaType     string            `json:"mediaType"`
	ArtifactType  string            `json:"artifactType,omitempty"`
	Config        descriptor        `json:"config"`
	Layers        []descriptor      `json:"layers"`
	Subject       *descriptor       `json:"subject,omitempty"`
	Annotations   map[string]string `json:"annotations,omitempty"`
}

type indexManifest struct {
	SchemaVersion int          `json:"schemaVersion"`
	MediaType     string       `json:"mediaType"`
	Manifests     []descriptor `json:"manifests"`
}

type imageConfig struct {
	Architecture string          `json:"architecture"`
	OS           string          `json:"os"`
	Variant      string          `json:"variant,omitempty"`
	Created      string          `json:"created"`
	Config       containerConfig `json:"config"`
	RootFS       rootFS          `json:"rootfs"`
	History      []historyEntry  `json:"history"`
}

type containerConfig struct {
	Env    []string          `json:"Env"`
	Labels map[string]string `json:"Labels"`
}

type rootFS struct {
	Type    string   `json:"type"`
	DiffIDs []string `json:"diff_ids"`
}

type historyEntry struct {
	Created   string `json:"created"`
	CreatedBy string `json:"created_by"`
}
