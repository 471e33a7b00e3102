package ecrfake_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/google/go-containerregistry/pkg/v1/types"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// largeBlob is the size of the large-layer benchmarks: 100 MiB.
const largeBlob = 100 << 20

func randomBytes(n int) []byte {
	b := make([]byte, n)
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i+8 <= n; i += 8 {
		v := r.Uint64()
		for j := range 8 {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	return b
}

// floor is the time sha256 takes over the benchmark's bytes on this
// machine: measured once per iteration with the timer stopped, so a ratio
// to it holds under a varying machine load.
type floor struct {
	data  []byte
	total time.Duration
}

func (f *floor) measure(b *testing.B) {
	b.StopTimer()
	start := time.Now()
	sha256.Sum256(f.data)
	f.total += time.Since(start)
	b.StartTimer()
}

// reportLarge reports the time per iteration as a ratio to sha256 over the
// same bytes (x-sha256) and the heap the last iteration left live, per
// byte stored (retained/B); keep is what must stay live until measured.
func reportLarge(b *testing.B, data []byte, fl *floor, base uint64, keep any) {
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed())/float64(fl.total), "x-sha256")
	after := heapInUse()
	b.ReportMetric((float64(after)-float64(base))/float64(len(data)), "retained/B")
	runtime.KeepAlive(keep)
	runtime.KeepAlive(data)
}

// BenchmarkLargeLayerUploadAPI: a 100 MiB layer pushed through
// InitiateLayerUpload / UploadLayerPart (the advertised part size) /
// CompleteLayerUpload on a fresh New() fake (log=on, the default) and
// with WithCallRecording(false) (log=off).
//
//	go test -run '^$' -bench BenchmarkLargeLayerUploadAPI -benchtime 5x ./ecrfake/
func BenchmarkLargeLayerUploadAPI(b *testing.B) {
	data := randomBytes(largeBlob)
	b.Run("log=on", func(b *testing.B) { benchLayerUpload(b, data) })
	b.Run("log=off", func(b *testing.B) { benchLayerUpload(b, data, ecrfake.WithCallRecording(false)) })
}

func benchLayerUpload(b *testing.B, data []byte, opts ...ecrfake.Option) {
	digest := sha(data)
	fl := &floor{data: data}
	ctx := context.Background()
	var f *ecrfake.Fake
	base := heapInUse()
	b.SetBytes(largeBlob)
	for b.Loop() {
		fl.measure(b)
		f = nil
		f = ecrfake.New(opts...)
		_, err := f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("big")})
		require.NoError(b, err)
		up, err := f.InitiateLayerUpload(ctx, &ecr.InitiateLayerUploadInput{RepositoryName: aws.String("big")})
		require.NoError(b, err)
		part := int(aws.ToInt64(up.PartSize))
		for off := 0; off < len(data); off += part {
			end := min(off+part, len(data))
			_, err := f.UploadLayerPart(ctx, &ecr.UploadLayerPartInput{RepositoryName: aws.String("big"), UploadId: up.UploadId,
				PartFirstByte: aws.Int64(int64(off)), PartLastByte: aws.Int64(int64(end - 1)), LayerPartBlob: data[off:end]})
			require.NoError(b, err)
		}
		_, err = f.CompleteLayerUpload(ctx, &ecr.CompleteLayerUploadInput{RepositoryName: aws.String("big"), UploadId: up.UploadId, LayerDigests: []string{digest}})
		require.NoError(b, err)
	}
	reportLarge(b, data, fl, base, f)
}

// (Small-image push and pull, the per-request cost, are in
// registry_plane_bench_test.go.)

// largeImage is a one-layer image over data (a static layer: its digest is
// computed here, before any timer) and the fake's repository reference.
func largeImage(b *testing.B, data []byte) v1.Image {
	layer := static.NewLayer(data, types.DockerLayer)
	img, err := mutate.AppendLayers(empty.Image, layer)
	require.NoError(b, err)
	_, err = img.Digest()
	require.NoError(b, err)
	_, err = layer.Digest()
	require.NoError(b, err)
	return img
}

// BenchmarkLargeRegistryPush: a 100 MiB single-layer image pushed by
// go-containerregistry through f.Transport() to a fresh New() fake.
//
//	go test -run '^$' -bench 'BenchmarkLargeRegistry' -benchtime 5x ./ecrfake/
func BenchmarkLargeRegistryPush(b *testing.B) {
	data := randomBytes(largeBlob)
	img := largeImage(b, data)
	fl := &floor{data: data}
	var f *ecrfake.Fake
	base := heapInUse()
	b.SetBytes(largeBlob)
	for b.Loop() {
		fl.measure(b)
		f = nil
		f = ecrfake.New()
		uri := createRegistryRepo(b, f, "big")
		ref, err := name.ParseReference(uri + ":v1")
		require.NoError(b, err)
		require.NoError(b, remote.Write(ref, img, remote.WithTransport(f.Transport()), remote.WithAuth(registryAuth(b, f))))
	}
	reportLarge(b, data, fl, base, f)
}

// BenchmarkLargeRegistryPull: the same image pulled back, its layer read
// whole (and checked by go-containerregistry against its digest).
func BenchmarkLargeRegistryPull(b *testing.B) {
	data := randomBytes(largeBlob)
	img := largeImage(b, data)
	fl := &floor{data: data}
	f := ecrfake.New()
	uri := createRegistryRepo(b, f, "big")
	ref, err := name.ParseReference(uri + ":v1")
	require.NoError(b, err)
	opts := []remote.Option{remote.WithTransport(f.Transport()), remote.WithAuth(registryAuth(b, f))}
	require.NoError(b, remote.Write(ref, img, opts...))
	base := heapInUse()
	b.SetBytes(largeBlob)
	for b.Loop() {
		fl.measure(b)
		got, err := remote.Image(ref, opts...)
		require.NoError(b, err)
		layers, err := got.Layers()
		require.NoError(b, err)
		rc, err := layers[0].Compressed()
		require.NoError(b, err)
		n, err := io.Copy(io.Discard, rc)
		require.NoError(b, err)
		require.NoError(b, rc.Close())
		require.EqualValues(b, largeBlob, n)
	}
	reportLarge(b, data, fl, base, f)
}

// The large benchmarks' bytes are what they claim: a static layer round
// trips byte for byte (small, so it runs with every go test).
func TestStaticLayerRoundTrip(t *testing.T) {
	f := ecrfake.New()
	uri := createRegistryRepo(t, f, "small")
	data := randomBytes(1 << 20)
	layer := static.NewLayer(data, types.DockerLayer)
	img, err := mutate.AppendLayers(empty.Image, layer)
	require.NoError(t, err)
	ref, err := name.ParseReference(uri + ":v1")
	require.NoError(t, err)
	opts := []remote.Option{remote.WithTransport(f.Transport()), remote.WithAuth(registryAuth(t, f))}
	require.NoError(t, remote.Write(ref, img, opts...))
	got, err := remote.Image(ref, opts...)
	require.NoError(t, err)
	layers, err := got.Layers()
	require.NoError(t, err)
	rc, err := layers[0].Compressed()
	require.NoError(t, err)
	back, err := io.ReadAll(rc)
	require.NoError(t, err)
	require.True(t, bytes.Equal(data, back))
	d, _ := layer.Digest()
	stored, ok := f.Blob(d.String())
	require.True(t, ok)
	require.True(t, bytes.Equal(data, stored))
}
