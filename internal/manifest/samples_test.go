package manifest

// Realistic sample manifests, written for these tests. Digests are sha256 of
// short words so they are well formed; only their shape matters here.

const (
	dgConfig    = "sha256:b79606fb3afea5bd1609ed40b622142f1c98125abcfe89a76a661b0e8e343910"
	dgLayer1    = "sha256:77ea7eee3d80b1a38f83906dd3048e2689457eb90e18a7d12f839c5ae37106a2"
	dgLayer2    = "sha256:95cf1a2e1698fe3ca1fcc3f653119146b271d0b62e487ec264441e886a11bd06"
	dgLayer3    = "sha256:a0e70458d19e37e14d6388030a017c587283e2fb6ef10c0744cad0294c47e8f8"
	dgForeign   = "sha256:656771905e1ef731f65cd0a0d9fb061238380a1a012e6abdf846ecc7d2ea36fd"
	dgAmd64     = "sha256:5861314d7fccb39c2192173240eab44fa35ca66426201ca2acd0630a6258dd51"
	dgArm64     = "sha256:f69162950f235e3cdbbad33f1f912d1a504be90d8a37d002c735d6f3e3882265"
	dgSubject   = "sha256:a9491f4c1bf7b0cffbadcba2db8f028e4b3f2867cb59e1f3a0bc1968f3c51242"
	dgHelmCfg   = "sha256:3de95e00f259737fef4df81e9db3d8f02c04d37f6de0cad12b22fc624393e0ed"
	dgHelmChart = "sha256:1fb5b7c58f8bbaf424135466a274a51ac20fa0f309741e1a3415548394ddfa04"
	dgSBOM      = "sha256:98f3ae1ef67113d8140d4f6cb8d2830070e21ea48f091be519659846c771a374"
	dgEmptyJSON = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
	dgEmptyTar  = "sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4"
)

// sampleDockerV2 is a typical 3-layer Docker image (also the benchmark input).
const sampleDockerV2 = `{
   "schemaVersion": 2,
   "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
   "config": {
      "mediaType": "application/vnd.docker.container.image.v1+json",
      "size": 1470,
      "digest": "` + dgConfig + `"
   },
   "layers": [
      {
         "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
         "size": 29124181,
         "digest": "` + dgLayer1 + `"
      },
      {
         "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
         "size": 1234567,
         "digest": "` + dgLayer2 + `"
      },
      {
         "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
         "size": 512,
         "digest": "` + dgLayer3 + `"
      }
   ]
}`

// sampleWindows has a foreign (non-distributable) base layer.
const sampleWindows = `{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",` +
	`"config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":2048,"digest":"` + dgConfig + `"},` +
	`"layers":[{"mediaType":"application/vnd.docker.image.rootfs.foreign.diff.tar.gzip","size":1654236397,"digest":"` + dgForeign + `",` +
	`"urls":["https://mcr.microsoft.com/v2/windows/servercore/blobs/` + dgForeign + `"]},` +
	`{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":4096,"digest":"` + dgLayer1 + `"}]}`

const sampleDockerList = `{
  "schemaVersion": 2,
  "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
  "manifests": [
    {
      "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
      "size": 1574,
      "digest": "` + dgAmd64 + `",
      "platform": {"architecture": "amd64", "os": "linux"}
    },
    {
      "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
      "size": 1580,
      "digest": "` + dgArm64 + `",
      "platform": {"architecture": "arm64", "os": "linux", "variant": "v8"}
    }
  ]
}`

const sampleOCIImage = `{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",` +
	`"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"` + dgConfig + `","size":1470},` +
	`"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"` + dgLayer1 + `","size":3370706},` +
	`{"mediaType":"application/vnd.oci.image.layer.v1.tar+zstd","digest":"` + dgLayer2 + `","size":100}],` +
	`"annotations":{"org.opencontainers.image.created":"2024-04-04T14:44:40Z","org.opencontainers.image.version":"1.6.0"}}`

// sampleHelm is a Helm chart as helm pushes it: no top-level mediaType, so
// PutImage needs imageManifestMediaType.
const sampleHelm = `{
  "schemaVersion": 2,
  "config": {
    "mediaType": "application/vnd.cncf.helm.config.v1+json",
    "digest": "` + dgHelmCfg + `",
    "size": 151
  },
  "layers": [
    {
      "mediaType": "application/vnd.cncf.helm.chart.content.v1.tar+gzip",
      "digest": "` + dgHelmChart + `",
      "size": 4513
    }
  ],
  "annotations": {
    "org.opencontainers.image.title": "svc",
    "org.opencontainers.image.version": "1.6.0"
  }
}`

// sampleSBOMReferrer is an OCI 1.1 artifact attached to dgSubject.
const sampleSBOMReferrer = `{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",` +
	`"artifactType":"application/spdx+json",` +
	`"config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"` + dgEmptyJSON + `","size":2,"data":"e30="},` +
	`"layers":[{"mediaType":"application/spdx+json","digest":"` + dgSBOM + `","size":8123,` +
	`"annotations":{"org.opencontainers.image.title":"sbom.spdx.json"}}],` +
	`"subject":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"` + dgSubject + `","size":1024},` +
	`"annotations":{"org.opencontainers.image.created":"2024-03-08T19:12:54Z"}}`

// sampleSignature is an OCI artifact with no layers at all.
const sampleSignature = `{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",` +
	`"artifactType":"application/vnd.example.signature.v1",` +
	`"config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"` + dgEmptyJSON + `","size":2},` +
	`"layers":[],` +
	`"subject":{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"` + dgSubject + `","size":855}}`

// sampleOCIIndex is a buildkit-style index with an attestation manifest.
const sampleOCIIndex = `{
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.index.v1+json",
  "manifests": [
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "` + dgAmd64 + `", "size": 1024,
     "platform": {"architecture": "amd64", "os": "linux"}},
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "` + dgArm64 + `", "size": 1030,
     "platform": {"architecture": "arm64", "os": "linux", "variant": "v8"}},
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "` + dgSubject + `", "size": 839,
     "annotations": {"vnd.docker.reference.digest": "` + dgAmd64 + `", "vnd.docker.reference.type": "attestation-manifest"},
     "platform": {"architecture": "unknown", "os": "unknown"}}
  ],
  "annotations": {"org.opencontainers.image.ref.name": "latest"}
}`

const sampleSchema1 = `{
   "schemaVersion": 1,
   "name": "library/hello",
   "tag": "latest",
   "architecture": "amd64",
   "fsLayers": [
      {"blobSum": "` + dgEmptyTar + `"},
      {"blobSum": "` + dgLayer1 + `"},
      {"blobSum": "` + dgEmptyTar + `"}
   ],
   "history": [
      {"v1Compatibility": "{\"id\":\"c\",\"parent\":\"b\"}"},
      {"v1Compatibility": "{\"id\":\"b\",\"parent\":\"a\"}"},
      {"v1Compatibility": "{\"id\":\"a\"}"}
   ]
}`

const sampleSchema1Signed = `{
   "schemaVersion": 1,
   "name": "library/hello",
   "tag": "latest",
   "architecture": "amd64",
   "fsLayers": [{"blobSum": "` + dgLayer1 + `"}],
   "history": [{"v1Compatibility": "{\"id\":\"a\"}"}],
   "signatures": [
      {
         "header": {"jwk": {"crv": "P-256", "kid": "ABCD:EFGH", "kty": "EC", "x": "eA", "y": "eQ"}, "alg": "ES256"},
         "signature": "c2lnbmF0dXJl",
         "protected": "eyJmb3JtYXRMZW5ndGgiOjF9"
      }
   ]
}`
