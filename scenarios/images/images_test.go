package images_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/scenarios/images"
)

var twoPlatforms = []images.Platform{images.LinuxAMD64, images.LinuxARM64}

// builders are one of each kind of image, built from fixed seeds.
func builders() []struct {
	name  string
	build func() *images.Image
} {
	return []struct {
		name  string
		build func() *images.Image
	}{
		{"docker", func() *images.Image { return images.New(images.Docker, "app", 1000, 33) }},
		{"oci", func() *images.Image { return images.New(images.OCI, "app", 1000, 33) }},
		{"scratch", func() *images.Image { return images.New(images.Docker, "scratch") }},
		{"windows", func() *images.Image {
			return images.Build(images.Spec{Format: images.OCI, Seed: "win", Layers: []int{64}, Platform: images.WindowsAMD64})
		}},
		{"docker manifest list", func() *images.Image { return images.Index(images.Docker, "app", twoPlatforms, 100) }},
		{"oci index", func() *images.Image { return images.Index(images.OCI, "app", twoPlatforms, 100, 200) }},
		{"artifact", func() *images.Image {
			return images.Artifact(images.New(images.OCI, "app", 10), "application/spdx+json", "sbom", 77)
		}},
	}
}

func TestSameSeedSameBytes(t *testing.T) {
	for _, tc := range builders() {
		t.Run(tc.name, func(t *testing.T) {
			a, b := tc.build(), tc.build()
			assert.Equal(t, a, b)
			assert.Equal(t, string(a.Manifest), string(b.Manifest))
		})
	}
}

// The digests are pinned: a change to the builders' bytes shows up here,
// since tests elsewhere may have written these digests down.
func TestDigestsArePinned(t *testing.T) {
	for _, tc := range []struct {
		name string
		img  *images.Image
		want string
	}{
		{"docker", images.New(images.Docker, "app", 1000, 33), "sha256:5d6caf8ce347fe639b3a50693fc9ad72c8e7f3800c7c31cc9d76611a590032af"},
		{"oci index", images.Index(images.OCI, "app", twoPlatforms, 100), "sha256:60d4e5fb37d3ebf3762f4404dafcfde1fdfcc77a8a13245c6a3c77c0d5f80597"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.img.Digest)
		})
	}
}

func TestDifferentSeedsDifferentImages(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b *images.Image
	}{
		{"seed", images.New(images.Docker, "a", 10), images.New(images.Docker, "b", 10)},
		{"format", images.New(images.Docker, "a", 10), images.New(images.OCI, "a", 10)},
		{"layer size", images.New(images.Docker, "a", 10), images.New(images.Docker, "a", 11)},
		{"platform", images.Build(images.Spec{Seed: "a", Layers: []int{10}}), images.Build(images.Spec{Seed: "a", Layers: []int{10}, Platform: images.LinuxARM64})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.NotEqual(t, tc.a.Digest, tc.b.Digest)
		})
	}
}

// descriptorJSON is a descriptor as the manifests write it.
type descriptorJSON struct {
	MediaType    string `json:"mediaType"`
	Digest       string `json:"digest"`
	Size         int64  `json:"size"`
	ArtifactType string `json:"artifactType"`
	Platform     *struct {
		OS           string `json:"os"`
		Architecture string `json:"architecture"`
		Variant      string `json:"variant"`
	} `json:"platform"`
}

type manifestJSON struct {
	SchemaVersion int              `json:"schemaVersion"`
	MediaType     string           `json:"mediaType"`
	ArtifactType  string           `json:"artifactType"`
	Config        *descriptorJSON  `json:"config"`
	Layers        []descriptorJSON `json:"layers"`
	Manifests     []descriptorJSON `json:"manifests"`
	Subject       *descriptorJSON  `json:"subject"`
}

func TestManifestsDescribeTheirBlobs(t *testing.T) {
	for _, tc := range builders() {
		t.Run(tc.name, func(t *testing.T) {
			checkImage(t, tc.build())
		})
	}
}

func checkImage(t *testing.T, img *images.Image) {
	t.Helper()
	assert.Equal(t, images.Digest(img.Manifest), img.Digest)
	var m manifestJSON
	require.NoError(t, json.Unmarshal(img.Manifest, &m))
	assert.Equal(t, 2, m.SchemaVersion)
	assert.Equal(t, img.MediaType, m.MediaType)
	if img.IsIndex() {
		assert.Nil(t, img.Blobs())
		require.Len(t, m.Manifests, len(img.Children))
		for i, child := range img.Children {
			d := m.Manifests[i]
			assert.Equal(t, descriptorJSON{MediaType: child.MediaType, Digest: child.Digest, Size: child.Size(), Platform: d.Platform}, d)
			require.NotNil(t, d.Platform)
			assert.Equal(t, child.Platform, images.Platform{OS: d.Platform.OS, Architecture: d.Platform.Architecture, Variant: d.Platform.Variant})
			checkImage(t, child)
		}
		return
	}
	blobs := img.Blobs()
	require.Len(t, blobs, 1+len(m.Layers))
	for i, b := range blobs {
		assert.Equal(t, images.Digest(b.Data), b.Digest, "blob %d", i)
		assert.Equal(t, int64(len(b.Data)), b.Size, "blob %d", i)
		d := *m.Config
		if i > 0 {
			d = m.Layers[i-1]
		}
		assert.Equal(t, descriptorJSON{MediaType: b.MediaType, Digest: b.Digest, Size: b.Size}, d, "blob %d", i)
	}
	if img.Subject != nil {
		assert.Equal(t, img.ArtifactType, m.ArtifactType)
		assert.Equal(t, &descriptorJSON{MediaType: img.Subject.MediaType, Digest: img.Subject.Digest, Size: img.Subject.Size()}, m.Subject)
		assert.Equal(t, "{}", string(img.Config.Data))
		return
	}
	var cfg struct {
		Architecture string `json:"architecture"`
		OS           string `json:"os"`
		RootFS       struct {
			Type    string   `json:"type"`
			DiffIDs []string `json:"diff_ids"`
		} `json:"rootfs"`
		History []json.RawMessage `json:"history"`
	}
	require.NoError(t, json.Unmarshal(img.Config.Data, &cfg))
	assert.Equal(t, img.Platform.OS, cfg.OS)
	assert.Equal(t, img.Platform.Architecture, cfg.Architecture)
	assert.Equal(t, "layers", cfg.RootFS.Type)
	assert.Len(t, cfg.RootFS.DiffIDs, len(img.Layers))
	assert.Len(t, cfg.History, len(img.Layers))
}

func TestLayerSizes(t *testing.T) {
	img := images.New(images.OCI, "sizes", 1, 31, 32, 33, 5000)
	var got []int64
	for _, l := range img.Layers {
		got = append(got, l.Size)
	}
	assert.Equal(t, []int64{1, 31, 32, 33, 5000}, got)
	assert.Empty(t, images.New(images.OCI, "scratch").Layers)
}

func TestBuildersPanicOnEmptyBlobs(t *testing.T) {
	assert.PanicsWithValue(t, `images: layer 1 of "x" has size 0; layers hold at least one byte`, func() { images.New(images.Docker, "x", 1, 0) })
	assert.Panics(t, func() { images.Artifact(images.New(images.OCI, "x", 1), "a/b", "y", 0) })
}

func TestBytes(t *testing.T) {
	assert.Equal(t, images.Bytes("s", 100), images.Bytes("s", 100))
	assert.Equal(t, images.Bytes("s", 100)[:40], images.Bytes("s", 40), "a longer run extends a shorter one")
	assert.NotEqual(t, images.Bytes("s", 40), images.Bytes("t", 40))
	assert.Empty(t, images.Bytes("s", 0))
}
