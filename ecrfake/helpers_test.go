package ecrfake_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// epoch is the manual clock's start in tests.
var epoch = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// newFake returns a fake on a manual clock and a context for its calls.
func newFake(t testing.TB, opts ...ecrfake.Option) (*ecrfake.Fake, *ecrfake.ManualClock, context.Context) {
	t.Helper()
	clock := ecrfake.NewManualClock(epoch)
	return ecrfake.New(append([]ecrfake.Option{ecrfake.WithClock(clock)}, opts...)...), clock, context.Background()
}

func createRepo(t testing.TB, f *ecrfake.Fake, name string) {
	t.Helper()
	_, err := f.CreateRepository(context.Background(), &ecr.CreateRepositoryInput{RepositoryName: aws.String(name)})
	require.NoError(t, err)
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(s[:])
}

// uploadBlob uploads data as one layer with the push sequence a client uses.
func uploadBlob(t testing.TB, f *ecrfake.Fake, repo string, data []byte) string {
	t.Helper()
	ctx := context.Background()
	up, err := f.InitiateLayerUpload(ctx, &ecr.InitiateLayerUploadInput{RepositoryName: aws.String(repo)})
	require.NoError(t, err)
	_, err = f.UploadLayerPart(ctx, &ecr.UploadLayerPartInput{
		RepositoryName: aws.String(repo), UploadId: up.UploadId,
		PartFirstByte: aws.Int64(0), PartLastByte: aws.Int64(int64(len(data) - 1)), LayerPartBlob: data,
	})
	require.NoError(t, err)
	d := sha(data)
	_, err = f.CompleteLayerUpload(ctx, &ecr.CompleteLayerUploadInput{RepositoryName: aws.String(repo), UploadId: up.UploadId, LayerDigests: []string{d}})
	require.NoError(t, err)
	return d
}

const (
	mtDockerV2     = "application/vnd.docker.distribution.manifest.v2+json"
	mtDockerList   = "application/vnd.docker.distribution.manifest.list.v2+json"
	mtOCIManifest  = "application/vnd.oci.image.manifest.v1+json"
	mtOCIIndex     = "application/vnd.oci.image.index.v1+json"
	mtDockerConfig = "application/vnd.docker.container.image.v1+json"
	mtDockerLayer  = "application/vnd.docker.image.rootfs.diff.tar.gzip"
	mtOCIConfig    = "application/vnd.oci.image.config.v1+json"
	mtOCILayer     = "application/vnd.oci.image.layer.v1.tar+gzip"
)

func descriptor(mediaType string, data []byte) string {
	return fmt.Sprintf(`{"mediaType":%q,"size":%d,"digest":%q}`, mediaType, len(data), sha(data))
}

// imageManifest renders an image manifest of the given media type over a
// config blob and layer blobs.
func imageManifest(mediaType string, config []byte, layers ...[]byte) string {
	cfgType, layerType := mtDockerConfig, mtDockerLayer
	if mediaType == mtOCIManifest {
		cfgType, layerType = mtOCIConfig, mtOCILayer
	}
	ls := make([]string, len(layers))
	for i, l := range layers {
		ls[i] = descriptor(layerType, l)
	}
	return fmt.Sprintf(`{"schemaVersion":2,"mediaType":%q,"config":%s,"layers":[%s]}`, mediaType, descriptor(cfgType, config), strings.Join(ls, ","))
}

// indexManifest renders an index (or Docker manifest list) over child manifests.
func indexManifest(mediaType string, children ...string) string {
	childType := mtDockerV2
	if mediaType == mtOCIIndex {
		childType = mtOCIManifest
	}
	ms := make([]string, len(children))
	for i, c := range children {
		ms[i] = fmt.Sprintf(`{"mediaType":%q,"size":%d,"digest":%q,"platform":{"architecture":"amd64","os":"linux"}}`, childType, len(c), sha([]byte(c)))
	}
	return fmt.Sprintf(`{"schemaVersion":2,"mediaType":%q,"manifests":[%s]}`, mediaType, strings.Join(ms, ","))
}

// pushImage uploads a config and layers and puts a Docker v2 manifest over
// them, tagged with tag unless tag is "". It returns the manifest and its digest.
func pushImage(t testing.TB, f *ecrfake.Fake, repo, tag string, seed string) (manifest, digest string) {
	t.Helper()
	config := []byte(`{"architecture":"amd64","os":"linux","seed":"` + seed + `"}`)
	layer := []byte("layer-of-" + seed)
	uploadIfMissing(t, f, repo, config)
	uploadIfMissing(t, f, repo, layer)
	manifest = imageManifest(mtDockerV2, config, layer)
	in := &ecr.PutImageInput{RepositoryName: aws.String(repo), ImageManifest: aws.String(manifest)}
	if tag != "" {
		in.ImageTag = aws.String(tag)
	}
	out, err := f.PutImage(context.Background(), in)
	require.NoError(t, err)
	return manifest, *out.Image.ImageId.ImageDigest
}

func uploadIfMissing(t testing.TB, f *ecrfake.Fake, repo string, data []byte) {
	t.Helper()
	out, err := f.BatchCheckLayerAvailability(context.Background(), &ecr.BatchCheckLayerAvailabilityInput{RepositoryName: aws.String(repo), LayerDigests: []string{sha(data)}})
	require.NoError(t, err)
	if out.Layers[0].LayerAvailability != "AVAILABLE" {
		uploadBlob(t, f, repo, data)
	}
}

func sha256Sum(b []byte) [32]byte { return sha256.Sum256(b) }
