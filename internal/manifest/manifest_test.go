package manifest

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Building blocks for small hand-written manifests.
const (
	hdrV2    = `"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json"`
	hdrOCI   = `"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"`
	hdrIndex = `"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json"`
	cfg      = `"config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"` + dgConfig + `","size":10}`
	lay1     = `{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","digest":"` + dgLayer1 + `","size":20}`
	lay2     = `{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","digest":"` + dgLayer2 + `","size":30}`
	child    = `{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"` + dgAmd64 + `","size":40}`
)

func obj(members ...string) string { return "{" + strings.Join(members, ",") + "}" }

func TestParseAccepts(t *testing.T) {
	deep := strings.Repeat("[", 5000) + strings.Repeat("]", 5000)
	var many []string
	for i := range 40 {
		many = append(many, `"x`+strconv.Itoa(i)+`":`+strconv.Itoa(i))
	}

	tests := []struct {
		name  string
		raw   string
		param string
		want  string // resolved media type
		check func(t *testing.T, m *Manifest)
	}{
		{name: "docker v2 image with three layers", raw: sampleDockerV2, want: DockerV2, check: func(t *testing.T, m *Manifest) {
			require.NotNil(t, m.Config)
			assert.Equal(t, Descriptor{MediaType: "application/vnd.docker.container.image.v1+json", Digest: dgConfig, Size: 1470}, *m.Config)
			require.Len(t, m.Layers, 3)
			assert.Equal(t, Descriptor{MediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip", Digest: dgLayer2, Size: 1234567}, m.Layers[1])
			assert.Nil(t, m.Manifests)
			assert.Nil(t, m.Subject)
			assert.False(t, m.IsIndex())
		}},
		{name: "docker v2 with a foreign windows layer", raw: sampleWindows, want: DockerV2, check: func(t *testing.T, m *Manifest) {
			require.Len(t, m.Layers, 2)
			assert.Equal(t, dgForeign, m.Layers[0].Digest)
		}},
		{name: "docker manifest list", raw: sampleDockerList, want: DockerList, check: func(t *testing.T, m *Manifest) {
			assert.True(t, m.IsIndex())
			require.Len(t, m.Manifests, 2)
			assert.Equal(t, Descriptor{MediaType: DockerV2, Digest: dgArm64, Size: 1580}, m.Manifests[1])
			assert.Nil(t, m.Config)
			assert.Nil(t, m.Layers)
		}},
		{name: "oci image manifest", raw: sampleOCIImage, want: OCIManifest, check: func(t *testing.T, m *Manifest) {
			require.Len(t, m.Layers, 2)
			assert.Equal(t, "application/vnd.oci.image.layer.v1.tar+zstd", m.Layers[1].MediaType)
			assert.Equal(t, map[string]string{"org.opencontainers.image.created": "2024-04-04T14:44:40Z", "org.opencontainers.image.version": "1.6.0"}, m.Annotations)
		}},
		{name: "oci manifest without mediaType identified by the parameter (helm chart)", raw: sampleHelm, param: OCIManifest, want: OCIManifest, check: func(t *testing.T, m *Manifest) {
			assert.Equal(t, "application/vnd.cncf.helm.config.v1+json", m.ArtifactMediaType())
			assert.Equal(t, "svc", m.Annotations["org.opencontainers.image.title"])
		}},
		{name: "oci artifact referrer with subject and artifactType", raw: sampleSBOMReferrer, want: OCIManifest, check: func(t *testing.T, m *Manifest) {
			require.NotNil(t, m.Subject)
			assert.Equal(t, Descriptor{MediaType: OCIManifest, Digest: dgSubject, Size: 1024}, *m.Subject)
			assert.Equal(t, "application/spdx+json", m.ArtifactType)
			assert.Equal(t, map[string]string{"org.opencontainers.image.title": "sbom.spdx.json"}, m.Layers[0].Annotations)
			assert.Equal(t, "2024-03-08T19:12:54Z", m.Annotations["org.opencontainers.image.created"])
		}},
		{name: "oci artifact with an empty layers array", raw: sampleSignature, want: OCIManifest, check: func(t *testing.T, m *Manifest) {
			assert.NotNil(t, m.Layers)
			assert.Empty(t, m.Layers)
			assert.Equal(t, dgSubject, m.Subject.Digest)
		}},
		{name: "oci index", raw: sampleOCIIndex, want: OCIIndex, check: func(t *testing.T, m *Manifest) {
			assert.True(t, m.IsIndex())
			require.Len(t, m.Manifests, 3)
			assert.Equal(t, "attestation-manifest", m.Manifests[2].Annotations["vnd.docker.reference.type"])
			assert.Equal(t, "latest", m.Annotations["org.opencontainers.image.ref.name"])
		}},
		{name: "schema 1 unsigned is identified by schemaVersion", raw: sampleSchema1, want: DockerV1, check: func(t *testing.T, m *Manifest) {
			require.Len(t, m.Layers, 3)
			assert.Equal(t, Descriptor{Digest: dgLayer1}, m.Layers[1])
			assert.Nil(t, m.Config)
		}},
		{name: "schema 1 with signatures is prettyjws", raw: sampleSchema1Signed, want: DockerV1Signed},
		{name: "schema 1 identified by the parameter", raw: sampleSchema1, param: DockerV1, want: DockerV1},
		{name: "signed schema 1 parameter without signatures", raw: sampleSchema1, param: DockerV1Signed, want: DockerV1Signed},
		{name: "parameter equal to body mediaType", raw: sampleDockerV2, param: DockerV2, want: DockerV2},
		{name: "null mediaType with parameter", raw: obj(`"schemaVersion":2`, `"mediaType":null`, cfg, `"layers":[]`), param: DockerV2, want: DockerV2},
		{name: "empty mediaType with parameter", raw: obj(`"schemaVersion":2`, `"mediaType":""`, cfg, `"layers":[]`), param: DockerV2, want: DockerV2},
		{name: "docker v2 with empty layers", raw: obj(hdrV2, cfg, `"layers":[]`), want: DockerV2},
		{name: "oci index with empty manifests", raw: obj(hdrIndex, `"manifests":[]`), want: OCIIndex},
		{name: "surrounding whitespace", raw: " \n\t" + obj(hdrV2, cfg, `"layers":[`+lay1+`]`) + "\r\n ", want: DockerV2},
		{name: "unknown fields are ignored even when deeply nested", raw: obj(hdrV2, `"x":`+deep, `"y":{"a":{"b":[1,2,{"c":null}]}}`, cfg, `"layers":[]`), want: DockerV2},
		{name: "fields of other types are not read", raw: obj(hdrIndex, `"manifests":[`+child+`]`, `"layers":{}`, `"config":7`), want: OCIIndex},
		{name: "docker v2 ignores subject and artifactType", raw: obj(hdrV2, cfg, `"layers":[]`, `"subject":5`, `"artifactType":"a;b"`), want: DockerV2, check: func(t *testing.T, m *Manifest) {
			assert.Nil(t, m.Subject)
			assert.Empty(t, m.ArtifactType)
		}},
		{name: "null optional fields are absent", raw: obj(hdrOCI, cfg, `"layers":[]`, `"subject":null`, `"annotations":null`, `"artifactType":null`), want: OCIManifest},
		{name: "uppercase hex digest is accepted as written", raw: obj(hdrV2, cfg, `"layers":[{"digest":"sha256:`+strings.ToUpper(dgLayer1[7:])+`","size":1}]`), want: DockerV2, check: func(t *testing.T, m *Manifest) {
			assert.Equal(t, "sha256:"+strings.ToUpper(dgLayer1[7:]), m.Layers[0].Digest)
		}},
		{name: "sha512 digest with 128 hex", raw: obj(hdrV2, cfg, `"layers":[{"digest":"sha512:`+strings.Repeat("ab", 64)+`","size":1}]`), want: DockerV2},
		{name: "other algorithm with any hex length", raw: obj(hdrV2, cfg, `"layers":[{"digest":"blake3.x-1_y+z:abc","size":1}]`), want: DockerV2},
		{name: "descriptor mediaType is optional", raw: obj(hdrV2, `"config":{"digest":"`+dgConfig+`","size":0}`, `"layers":[]`), want: DockerV2},
		{name: "escaped strings are decoded", raw: obj(hdrOCI, cfg, `"layers":[]`, `"annotations":{"k\u00e9y":"v\n\"q\""}`), want: OCIManifest, check: func(t *testing.T, m *Manifest) {
			assert.Equal(t, map[string]string{"kéy": "v\n\"q\""}, m.Annotations)
		}},
		{name: "escaped key matches exactly", raw: `{"schema\u0056ersion":2,"media\u0054ype":"` + DockerV2 + `",` + cfg + `,"layers":[]}`, want: DockerV2},
		{name: "many distinct keys", raw: obj(append(many, hdrV2, cfg, `"layers":[]`)...), want: DockerV2},
		{name: "zero size", raw: obj(hdrV2, `"config":{"digest":"`+dgConfig+`","size":-0}`, `"layers":[]`), want: DockerV2},
		{name: "max int64 size", raw: obj(hdrV2, `"config":{"digest":"`+dgConfig+`","size":9223372036854775807}`, `"layers":[]`), want: DockerV2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Parse([]byte(tc.raw), tc.param)
			require.NoError(t, err)
			require.NotNil(t, m)
			assert.Equal(t, tc.want, m.MediaType)
			if tc.check != nil {
				tc.check(t, m)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	const (
		syn    = "Invalid JSON syntax"
		unsup  = "Unsupported manifest media type"
		mism   = "Manifest media type does not match the provided imageManifestMediaType"
		mf     = MemberManifest
		mtParm = MemberMediaType
	)
	tooDeep := `{"x":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}`
	var many []string
	for i := range 20 {
		many = append(many, `"x`+strconv.Itoa(i)+`":0`)
	}

	tests := []struct {
		name       string
		raw        string
		param      string
		member     string
		constraint string
	}{
		// JSON level
		{"invalid JSON", `{"schemaVersion":2,`, "", mf, syn},
		{"empty input", ``, DockerV2, mf, syn},
		{"whitespace only", " \n", DockerV2, mf, syn},
		{"trailing garbage", obj(hdrV2, cfg, `"layers":[]`) + ` x`, "", mf, syn},
		{"two documents", obj(hdrV2, cfg, `"layers":[]`) + `{}`, "", mf, syn},
		{"array is not an object", `[]`, DockerV2, mf, syn},
		{"string is not an object", `"x"`, DockerV2, mf, syn},
		{"null is not an object", `null`, DockerV2, mf, syn},
		{"number is not an object", `2`, DockerV2, mf, syn},
		{"invalid UTF-8", "{\"schemaVersion\":1,\"name\":\"\xff\xfe\",\"fsLayers\":[]}", "", mf, syn},
		{"byte order mark", "\xef\xbb\xbf" + obj(hdrV2, cfg, `"layers":[]`), "", mf, syn},
		{"nesting beyond the JSON depth limit", tooDeep, DockerV2, mf, syn},
		{"duplicate top-level key", obj(hdrV2, `"mediaType":"`+DockerV2+`"`, cfg, `"layers":[]`), "", mf, syn},
		{"duplicate key spelled with an escape", `{"schemaVersion":2,"mediaType":"` + DockerV2 + `","media\u0054ype":"` + DockerV2 + `",` + cfg + `,"layers":[]}`, "", mf, syn},
		{"duplicate key in a descriptor", obj(hdrV2, `"config":{"digest":"`+dgConfig+`","digest":"`+dgLayer1+`","size":1}`, `"layers":[]`), "", mf, syn},
		{"duplicate annotation key", obj(hdrOCI, cfg, `"layers":[]`, `"annotations":{"a":"1","a":"2"}`), "", mf, syn},
		{"duplicate key after many keys", obj(append(many, hdrV2, cfg, `"layers":[]`, `"x3":1`)...), "", mf, syn},
		{"duplicate blobSum key", `{"schemaVersion":1,"fsLayers":[{"blobSum":"` + dgLayer1 + `","blobSum":"` + dgLayer2 + `"}]}`, "", mf, syn},

		// media type resolution
		{"nothing identifies the media type (oci manifest without mediaType)", sampleHelm, "", mf, syn},
		{"schemaVersion 2 alone does not identify the type", obj(`"schemaVersion":2`, cfg, `"layers":[]`), "", mf, syn},
		{"keys are case-sensitive", obj(`"schemaVersion":2`, `"MediaType":"`+DockerV2+`"`, cfg, `"layers":[]`), "", mf, syn},
		{"unsupported parameter", sampleDockerV2, "application/json", mtParm, unsup},
		{"parameter with media type parameters", sampleDockerV2, OCIManifest + "; charset=utf-8", mtParm, unsup},
		{"unsupported body mediaType (oci artifact manifest)", obj(`"mediaType":"application/vnd.oci.artifact.manifest.v1+json"`, `"blobs":[]`), "", mf, unsup},
		{"unsupported parameter wins over mismatch", sampleDockerV2, "text/plain", mtParm, unsup},
		{"parameter and body mediaType differ", sampleDockerV2, OCIManifest, mf, mism},
		{"mediaType of the wrong type", obj(`"schemaVersion":2`, `"mediaType":5`, cfg, `"layers":[]`), DockerV2, mf, syn},
		{"schemaVersion of the wrong type", obj(`"schemaVersion":"2"`, `"mediaType":"`+DockerV2+`"`, cfg, `"layers":[]`), "", mf, syn},
		{"schemaVersion as a float", obj(`"schemaVersion":2.0`, `"mediaType":"`+DockerV2+`"`, cfg, `"layers":[]`), "", mf, syn},
		{"schemaVersion huge", obj(`"schemaVersion":1e400`, `"mediaType":"`+DockerV2+`"`, cfg, `"layers":[]`), "", mf, syn},
		{"schemaVersion beyond int64", obj(`"schemaVersion":99999999999999999999`, `"mediaType":"`+DockerV2+`"`, cfg, `"layers":[]`), "", mf, syn},
		{"signatures of the wrong type", `{"schemaVersion":1,"fsLayers":[],"signatures":{}}`, "", mf, syn},

		// schemaVersion
		{"schemaVersion missing", obj(`"mediaType":"`+DockerV2+`"`, cfg, `"layers":[]`), "", mf, "Missing required field: schemaVersion"},
		{"schemaVersion must be 2 for docker v2", obj(`"schemaVersion":1`, `"mediaType":"`+DockerV2+`"`, cfg, `"layers":[]`), "", mf, "Invalid schemaVersion: expected 2"},
		{"schemaVersion must be 2 for an index", obj(`"schemaVersion":3`, `"mediaType":"`+OCIIndex+`"`, `"manifests":[]`), "", mf, "Invalid schemaVersion: expected 2"},
		{"schemaVersion must be 1 for schema 1", obj(`"schemaVersion":2`, `"fsLayers":[]`), DockerV1, mf, "Invalid schemaVersion: expected 1"},

		// image manifest shape
		{"config missing", obj(hdrV2, `"layers":[]`), "", mf, "Missing required field: config"},
		{"config null", obj(hdrV2, `"config":null`, `"layers":[]`), "", mf, "Missing required field: config"},
		{"config of the wrong type", obj(hdrV2, `"config":[]`, `"layers":[]`), "", mf, syn},
		{"config digest missing", obj(hdrV2, `"config":{"size":1}`, `"layers":[]`), "", mf, "Missing required field: config.digest"},
		{"config size missing", obj(hdrV2, `"config":{"digest":"`+dgConfig+`"}`, `"layers":[]`), "", mf, "Missing required field: config.size"},
		{"layers missing", obj(hdrOCI, cfg), "", mf, "Missing required field: layers"},
		{"layers of the wrong type", obj(hdrV2, cfg, `"layers":{}`), "", mf, syn},
		{"null layer", obj(hdrV2, cfg, `"layers":[null]`), "", mf, syn},
		{"layer of the wrong type", obj(hdrV2, cfg, `"layers":[`+lay1+`,"x"]`), "", mf, syn},
		{"layer digest without algorithm", obj(hdrV2, cfg, `"layers":[`+lay1+`,{"digest":"`+dgLayer2[7:]+`","size":1}]`), "", mf, "Invalid digest: layers[1].digest"},
		{"layer digest with short sha256 hex", obj(hdrV2, cfg, `"layers":[{"digest":"sha256:abc","size":1}]`), "", mf, "Invalid digest: layers[0].digest"},
		{"layer digest with long sha256 hex", obj(hdrV2, cfg, `"layers":[{"digest":"`+dgLayer1+`0","size":1}]`), "", mf, "Invalid digest: layers[0].digest"},
		{"layer digest with short sha512 hex", obj(hdrV2, cfg, `"layers":[{"digest":"sha512:`+dgLayer1[7:]+`","size":1}]`), "", mf, "Invalid digest: layers[0].digest"},
		{"layer digest with a non-hex character", obj(hdrV2, cfg, `"layers":[{"digest":"sha256:`+strings.Repeat("g", 64)+`","size":1}]`), "", mf, "Invalid digest: layers[0].digest"},
		{"layer digest with a bad algorithm character", obj(hdrV2, cfg, `"layers":[{"digest":"sha 256:abc","size":1}]`), "", mf, "Invalid digest: layers[0].digest"},
		{"layer digest with empty algorithm", obj(hdrV2, cfg, `"layers":[{"digest":":abc","size":1}]`), "", mf, "Invalid digest: layers[0].digest"},
		{"layer digest empty", obj(hdrV2, cfg, `"layers":[{"digest":"","size":1}]`), "", mf, "Invalid digest: layers[0].digest"},
		{"layer digest of the wrong type", obj(hdrV2, cfg, `"layers":[{"digest":5,"size":1}]`), "", mf, syn},
		{"layer size negative", obj(hdrV2, cfg, `"layers":[{"digest":"`+dgLayer1+`","size":-1}]`), "", mf, "Invalid size: layers[0].size"},
		{"layer size as a float", obj(hdrV2, cfg, `"layers":[{"digest":"`+dgLayer1+`","size":1.5}]`), "", mf, syn},
		{"layer size in exponent form", obj(hdrV2, cfg, `"layers":[{"digest":"`+dgLayer1+`","size":1e3}]`), "", mf, syn},
		{"layer size beyond int64", obj(hdrV2, cfg, `"layers":[{"digest":"`+dgLayer1+`","size":9223372036854775808}]`), "", mf, syn},
		{"layer size as a string", obj(hdrV2, cfg, `"layers":[{"digest":"`+dgLayer1+`","size":"1"}]`), "", mf, syn},
		{"layer mediaType of the wrong type", obj(hdrV2, cfg, `"layers":[{"mediaType":[],"digest":"`+dgLayer1+`","size":1}]`), "", mf, syn},

		// media type parameters (spec §0a item 14)
		{"artifactType with parameters", strings.Replace(sampleSBOMReferrer, `"artifactType":"application/spdx+json"`, `"artifactType":"application/vnd.dev.sigstore.bundle+json;version=0.2"`, 1), "", mf, "Media type parameters are not supported: artifactType"},
		{"layer mediaType with parameters", obj(hdrOCI, cfg, `"layers":[`+lay1+`,{"mediaType":"application/vnd.dev.sigstore.bundle+json;version=0.2","digest":"`+dgLayer2+`","size":1}]`), "", mf, "Media type parameters are not supported: layers[1].mediaType"},
		{"config mediaType with parameters", obj(hdrOCI, `"config":{"mediaType":"application/vnd.oci.image.config.v1+json; v=1","digest":"`+dgConfig+`","size":1}`, `"layers":[]`), "", mf, "Media type parameters are not supported: config.mediaType"},
		{"artifactType of the wrong type", obj(hdrOCI, cfg, `"layers":[]`, `"artifactType":{}`), "", mf, syn},

		// subject and annotations
		{"subject digest invalid", obj(hdrOCI, cfg, `"layers":[]`, `"subject":{"digest":"nope","size":1}`), "", mf, "Invalid digest: subject.digest"},
		{"subject size missing", obj(hdrOCI, cfg, `"layers":[]`, `"subject":{"digest":"`+dgSubject+`"}`), "", mf, "Missing required field: subject.size"},
		{"subject of the wrong type", obj(hdrOCI, cfg, `"layers":[]`, `"subject":"`+dgSubject+`"`), "", mf, syn},
		{"annotation value not a string", obj(hdrOCI, cfg, `"layers":[]`, `"annotations":{"a":1}`), "", mf, syn},
		{"annotation value null", obj(hdrOCI, cfg, `"layers":[]`, `"annotations":{"a":null}`), "", mf, syn},
		{"annotations of the wrong type", obj(hdrOCI, cfg, `"layers":[]`, `"annotations":["a"]`), "", mf, syn},
		{"descriptor annotations of the wrong type", obj(hdrOCI, cfg, `"layers":[{"digest":"`+dgLayer1+`","size":1,"annotations":"a"}]`), "", mf, syn},

		// index shape
		{"manifests missing", obj(hdrIndex), "", mf, "Missing required field: manifests"},
		{"manifests missing in a docker list", obj(`"schemaVersion":2`, `"mediaType":"`+DockerList+`"`, `"manifests":null`), "", mf, "Missing required field: manifests"},
		{"manifests of the wrong type", obj(hdrIndex, `"manifests":{}`), "", mf, syn},
		{"child digest invalid", obj(hdrIndex, `"manifests":[`+child+`,{"digest":"sha256:12","size":1}]`), "", mf, "Invalid digest: manifests[1].digest"},
		{"child size missing", obj(hdrIndex, `"manifests":[{"digest":"`+dgAmd64+`"}]`), "", mf, "Missing required field: manifests[0].size"},
		{"child digest missing", obj(hdrIndex, `"manifests":[{"size":1}]`), "", mf, "Missing required field: manifests[0].digest"},

		// schema 1 shape
		{"fsLayers missing", `{"schemaVersion":1,"name":"a"}`, "", mf, "Missing required field: fsLayers"},
		{"fsLayers of the wrong type", `{"schemaVersion":1,"fsLayers":"x"}`, "", mf, syn},
		{"fsLayers entry of the wrong type", `{"schemaVersion":1,"fsLayers":[1]}`, "", mf, syn},
		{"blobSum missing", `{"schemaVersion":1,"fsLayers":[{"blobSum":"` + dgLayer1 + `"},{}]}`, "", mf, "Missing required field: fsLayers[1].blobSum"},
		{"blobSum invalid", `{"schemaVersion":1,"fsLayers":[{"blobSum":"sha256:xyz"}]}`, "", mf, "Invalid digest: fsLayers[0].blobSum"},
		{"blobSum of the wrong type", `{"schemaVersion":1,"fsLayers":[{"blobSum":true}]}`, "", mf, syn},

		// precedence
		{"a wrong type anywhere beats a missing field", obj(hdrV2, `"layers":{}`), "", mf, syn},
		{"a later wrong type beats an earlier shape error", obj(hdrV2, `"config":{"size":1}`, `"layers":[{"digest":"`+dgLayer1+`","size":"x"}]`), "", mf, syn},
		{"the first shape error wins", obj(hdrV2, cfg, `"layers":[{"digest":"bad","size":1},{"digest":"`+dgLayer1+`","size":-5}]`), "", mf, "Invalid digest: layers[0].digest"},
		{"schemaVersion is checked before config", obj(`"schemaVersion":1`, `"mediaType":"`+DockerV2+`"`, `"layers":[]`), "", mf, "Invalid schemaVersion: expected 2"},
		{"mismatch beats shape errors", obj(`"mediaType":"` + DockerV2 + `"`), OCIManifest, mf, mism},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Parse([]byte(tc.raw), tc.param)
			require.Error(t, err)
			assert.Nil(t, m)
			var pe *Error
			require.True(t, errors.As(err, &pe), "error %T is not *manifest.Error", err)
			assert.Equal(t, tc.member, pe.Member)
			assert.Equal(t, tc.constraint, pe.Constraint)
		})
	}
}

func TestErrorMessage(t *testing.T) {
	_, err := Parse([]byte(`{`), "")
	require.Error(t, err)
	assert.Equal(t, "Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'", err.Error())

	_, err = Parse([]byte(sampleDockerV2), "foo")
	assert.Equal(t, "Invalid parameter at 'imageManifestMediaType' failed to satisfy constraint: 'Unsupported manifest media type'", err.Error())
}

func TestDigest(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want string
	}{
		{"sha256 of the empty string", "", "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"sha256 of abc", "abc", "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"sha256 of the empty JSON object", "{}", dgEmptyJSON},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, Digest([]byte(tc.raw)))
		})
	}

	t.Run("hashes the exact bytes, not the JSON value", func(t *testing.T) {
		a := []byte(`{"schemaVersion":2}`)
		b := []byte(`{ "schemaVersion": 2 }`)
		assert.NotEqual(t, Digest(a), Digest(b))
		assert.True(t, IsValidDigest(Digest(a)))
	})
}

func TestDerivedValues(t *testing.T) {
	parse := func(t *testing.T, raw, param string) *Manifest {
		t.Helper()
		m, err := Parse([]byte(raw), param)
		require.NoError(t, err)
		return m
	}
	tests := []struct {
		name     string
		raw      string
		param    string
		size     int64
		blobs    []string
		artifact string
	}{
		{"docker v2: size is layers plus config, blobs are config then layers", sampleDockerV2, "",
			1470 + 29124181 + 1234567 + 512, []string{dgConfig, dgLayer1, dgLayer2, dgLayer3}, "application/vnd.docker.container.image.v1+json"},
		{"foreign layers count in size but are not blobs", sampleWindows, "",
			2048 + 1654236397 + 4096, []string{dgConfig, dgLayer1}, "application/vnd.docker.container.image.v1+json"},
		{"nondistributable oci layers are not blobs", obj(hdrOCI, cfg, `"layers":[{"mediaType":"application/vnd.oci.image.layer.nondistributable.v1.tar+gzip","digest":"`+dgForeign+`","size":5},`+lay1+`]`), "",
			10 + 5 + 20, []string{dgConfig, dgLayer1}, "application/vnd.docker.container.image.v1+json"},
		{"foreign match is case-insensitive", obj(hdrV2, cfg, `"layers":[{"mediaType":"application/vnd.docker.image.rootfs.Foreign.diff.tar.gzip","digest":"`+dgForeign+`","size":5}]`), "",
			15, []string{dgConfig}, "application/vnd.docker.container.image.v1+json"},
		{"blobs are deduplicated, first occurrence kept", obj(hdrV2, cfg, `"layers":[`+lay2+`,`+lay1+`,`+lay2+`]`), "",
			10 + 30 + 20 + 30, []string{dgConfig, dgLayer2, dgLayer1}, "application/vnd.docker.container.image.v1+json"},
		{"a layer equal to the config is listed once", obj(hdrV2, cfg, `"layers":[{"digest":"`+dgConfig+`","size":10}]`), "",
			20, []string{dgConfig}, "application/vnd.docker.container.image.v1+json"},
		{"artifactType wins over config mediaType", sampleSBOMReferrer, "",
			2 + 8123, []string{dgEmptyJSON, dgSBOM}, "application/spdx+json"},
		{"artifact with no layers", sampleSignature, "",
			2, []string{dgEmptyJSON}, "application/vnd.example.signature.v1"},
		{"helm chart artifact type is its config media type", sampleHelm, OCIManifest,
			151 + 4513, []string{dgHelmCfg, dgHelmChart}, "application/vnd.cncf.helm.config.v1+json"},
		{"schema 1: no sizes, blobSums deduplicated", sampleSchema1, "",
			0, []string{dgEmptyTar, dgLayer1}, ""},
		{"docker list: size 0, no blobs, no artifact type", sampleDockerList, "",
			0, nil, ""},
		{"oci index with artifactType", obj(hdrIndex, `"artifactType":"application/vnd.example.bundle"`, `"manifests":[`+child+`]`), "",
			0, nil, "application/vnd.example.bundle"},
		{"size saturates instead of overflowing", obj(hdrV2, `"config":{"digest":"`+dgConfig+`","size":9223372036854775807}`, `"layers":[`+lay1+`]`), "",
			math.MaxInt64, []string{dgConfig, dgLayer1}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := parse(t, tc.raw, tc.param)
			assert.Equal(t, tc.size, m.Size())
			assert.Equal(t, tc.blobs, m.Blobs())
			assert.Equal(t, tc.artifact, m.ArtifactMediaType())
		})
	}
}

func TestCheckLayerLimit(t *testing.T) {
	m, err := Parse([]byte(sampleDockerV2), "")
	require.NoError(t, err)

	assert.NoError(t, m.CheckLayerLimit(3))
	assert.NoError(t, m.CheckLayerLimit(DefaultMaxLayers))

	err = m.CheckLayerLimit(2)
	var pe *Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, Error{Member: "ImageManifest", Constraint: "Limit on number of layers per image exceeded"}, *pe)
}

func TestIsSupported(t *testing.T) {
	for _, mt := range []string{DockerV1, DockerV1Signed, DockerV2, DockerList, OCIManifest, OCIIndex} {
		assert.True(t, IsSupported(mt), mt)
	}
	for _, mt := range []string{"", "application/json", "application/vnd.oci.artifact.manifest.v1+json", strings.ToUpper(OCIIndex), OCIIndex + ";x=1"} {
		assert.False(t, IsSupported(mt), mt)
	}
}

func TestParseDoesNotAliasInput(t *testing.T) {
	raw := []byte(sampleSBOMReferrer)
	m, err := Parse(raw, "")
	require.NoError(t, err)
	for i := range raw {
		raw[i] = 'x'
	}
	assert.Equal(t, dgEmptyJSON, m.Config.Digest)
	assert.Equal(t, dgSBOM, m.Layers[0].Digest)
	assert.Equal(t, "application/spdx+json", m.ArtifactType)
	assert.Equal(t, "2024-03-08T19:12:54Z", m.Annotations["org.opencontainers.image.created"])
}

var allSamples = []struct{ raw, param string }{
	{sampleDockerV2, ""},
	{sampleWindows, ""},
	{sampleDockerList, ""},
	{sampleOCIImage, ""},
	{sampleHelm, OCIManifest},
	{sampleSBOMReferrer, ""},
	{sampleSignature, ""},
	{sampleOCIIndex, ""},
	{sampleSchema1, ""},
	{sampleSchema1Signed, ""},
}

func FuzzParse(f *testing.F) {
	for _, s := range allSamples {
		f.Add([]byte(s.raw), s.param)
	}
	f.Add([]byte(`{"schemaVersion":2,"mediaType":"`+DockerV2+`","config":{"digest":"sha256:1","size":-1},"layers":{}}`), "")
	f.Add([]byte(`{"schemaVersion":1,"fsLayers":[{"blobSum":"x"}],"signatures":[]}`), DockerV1Signed)
	f.Add([]byte(`{"a":{"a":1,"a":2}}`), OCIIndex)
	f.Add([]byte("{\"mediaType\":\"\\u00ff\xff\"}"), "")

	f.Fuzz(func(t *testing.T, raw []byte, param string) {
		m, err := Parse(raw, param)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not *manifest.Error", err)
			}
			if pe.Member == "" || pe.Constraint == "" {
				t.Fatalf("incomplete error %+v", pe)
			}
			if m != nil {
				t.Fatalf("manifest returned with error")
			}
			return
		}
		if !IsSupported(m.MediaType) {
			t.Fatalf("accepted unsupported media type %q", m.MediaType)
		}
		_ = m.IsIndex()
		_ = m.ArtifactMediaType()
		if m.Size() < 0 {
			t.Fatalf("negative size %d", m.Size())
		}
		for _, b := range m.Blobs() {
			if !IsValidDigest(b) {
				t.Fatalf("blob %q is not a valid digest", b)
			}
		}
		check := func(where string, d *Descriptor) {
			if !IsValidDigest(d.Digest) {
				t.Fatalf("%s digest %q is not well formed", where, d.Digest)
			}
			if d.Size < 0 {
				t.Fatalf("%s size %d is negative", where, d.Size)
			}
		}
		if m.Config != nil {
			check("config", m.Config)
		}
		for i := range m.Layers {
			check("layer", &m.Layers[i])
		}
		for i := range m.Manifests {
			check("child", &m.Manifests[i])
		}
		if m.Subject != nil {
			check("subject", m.Subject)
		}
		if m.IsIndex() != (m.Manifests != nil) {
			t.Fatalf("IsIndex %v but Manifests %v", m.IsIndex(), m.Manifests)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	raw := []byte(sampleDockerV2)
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		m, err := Parse(raw, "")
		if err != nil || len(m.Layers) != 3 {
			b.Fatal(err)
		}
	}
}
