package ecrfake_test

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
	"github.com/ecrfake/go-ecrfake/internal/perf"
)

// BenchmarkDescribeRepositoriesPage: a page of 100 repositories from the
// middle of a registry costs the same at 100 and at 10,000 repositories.
func BenchmarkDescribeRepositoriesPage(b *testing.B) {
	for _, size := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("repos=%d", size), func(b *testing.B) {
			f := ecrfake.New(ecrfake.WithCallRecording(false), benchLimits)
			ctx := context.Background()
			for i := range size {
				_, err := f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String(fmt.Sprintf("team/app-%06d", i))})
				require.NoError(b, err)
			}
			var token *string
			for range size / 200 {
				out, err := f.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{NextToken: token})
				require.NoError(b, err)
				token = out.NextToken
			}
			in := &ecr.DescribeRepositoriesInput{NextToken: token, MaxResults: aws.Int32(100)}
			b.ReportAllocs()
			for b.Loop() {
				out, err := f.DescribeRepositories(ctx, in)
				if err != nil || len(out.Repositories) != 100 {
					b.Fatal(err)
				}
			}
		})
	}
}

// heapInUse is the live heap after a full collection.
func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// imageMetadataBytes pushes n distinct tagged images (Docker v2, three
// layers, over the same blobs) into a fresh fake and returns the heap the
// fake holds per image, less the manifest bytes themselves.
func imageMetadataBytes(tb testing.TB, n int) float64 {
	tb.Helper()
	ctx := context.Background()
	f := ecrfake.New(ecrfake.WithCallRecording(false), benchLimits)
	env, err := perf.Seed(ctx, f, perf.Repo, 0, 0, true)
	require.NoError(tb, err)
	before := heapInUse()
	var manifestBytes uint64
	for i := range n {
		m := env.Manifest(i)
		manifestBytes += uint64(len(m))
		_, err := f.PutImage(ctx, &ecr.PutImageInput{RepositoryName: aws.String(perf.Repo), ImageManifest: aws.String(m), ImageTag: aws.String("t" + strconv.Itoa(i))})
		if err != nil {
			tb.Fatal(err)
		}
	}
	after := heapInUse()
	runtime.KeepAlive(f)
	return (float64(after) - float64(before) - float64(manifestBytes)) / float64(n)
}

// BenchmarkImageMetadataBytes reports the heap per image (B/image) at 100k
// images in one repository, manifest bytes excluded: the image record, its
// digest, tag and index entries. One iteration pushes all 100k images.
//
//	go test -run '^$' -bench ImageMetadataBytes -benchtime 1x -count 3 ./ecrfake/
func BenchmarkImageMetadataBytes(b *testing.B) {
	const n = 100_000
	var sum float64
	runs := 0
	for b.Loop() {
		sum += imageMetadataBytes(b, n)
		runs++
	}
	b.ReportMetric(sum/float64(runs), "B/image")
}

// TestImageMetadataFitsInAKiB keeps the metadata of an image under 1 KiB.
func TestImageMetadataFitsInAKiB(t *testing.T) {
	if testing.Short() {
		t.Skip("pushes 20,000 images")
	}
	perImage := imageMetadataBytes(t, 20_000)
	t.Logf("%.0f bytes of metadata per image", perImage)
	require.LessOrEqual(t, perImage, 1024.0)
}

// TestBlobsAreStoredOncePerDigestAtScale pushes the same three layers, with a
// config of its own, into many repositories: the blob store holds each
// content digest once.
func TestBlobsAreStoredOncePerDigestAtScale(t *testing.T) {
	ctx := context.Background()
	f := ecrfake.New(ecrfake.WithCallRecording(false))
	const repos = 50
	var layerBytes int64
	for _, l := range perf.Blobs[1:] {
		layerBytes += int64(len(l))
	}
	var configBytes int64
	for r := range repos {
		name := "repo-" + strconv.Itoa(r)
		createRepo(t, f, name)
		for _, l := range perf.Blobs[1:] {
			uploadBlob(t, f, name, l)
		}
		config := []byte(`{"architecture":"amd64","os":"linux","repo":"` + name + `"}`)
		configBytes += int64(len(config))
		uploadBlob(t, f, name, config)
		m := imageManifest(mtDockerV2, config, perf.Blobs[1:]...)
		_, err := f.PutImage(ctx, &ecr.PutImageInput{RepositoryName: aws.String(name), ImageManifest: aws.String(m), ImageTag: aws.String("v1")})
		require.NoError(t, err)
	}
	s := ecrfake.Stats(f)
	require.Equal(t, repos*4, s.Layers, "every repository holds its four layers")
	require.Equal(t, repos+3, s.Blobs, "each digest is stored once")
	require.Equal(t, layerBytes+configBytes, s.BlobBytes)
}

// BenchmarkMixedReads runs DescribeImages and ListImages pages, BatchGetImage
// and DescribeRepositories from parallel goroutines. Compare -cpu 1,2: reads
// share the lock, so two cores should do nearly twice the work of one. With
// a heap as small as this benchmark's, the default GOGC collects every few
// thousand calls and the collector's fixed cost per cycle, not the lock,
// limits the gain; gogc=800 shows the lock's share.
//
//	go test -run '^$' -bench MixedReads -cpu 1,2 -count 6 ./ecrfake/
func BenchmarkMixedReads(b *testing.B) {
	for _, gogc := range []int{100, 800} {
		b.Run(fmt.Sprintf("gogc=%d", gogc), func(b *testing.B) {
			f := ecrfake.New(ecrfake.WithCallRecording(false), benchLimits)
			_, err := perf.Seed(context.Background(), f, perf.Repo, benchImages, 10, true)
			require.NoError(b, err)
			defer debug.SetGCPercent(debug.SetGCPercent(gogc))
			runtime.GC()
			ctx := context.Background()
			var next atomic.Int64
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				i := int(next.Add(1000))
				for pb.Next() {
					i++
					var err error
					switch i % 4 {
					case 0:
						_, err = f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String(perf.Repo), MaxResults: aws.Int32(20)})
					case 1:
						_, err = f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String(perf.Repo), MaxResults: aws.Int32(20)})
					case 2:
						tag := "t" + strconv.Itoa(i%benchImages)
						_, err = f.BatchGetImage(ctx, &ecr.BatchGetImageInput{RepositoryName: aws.String(perf.Repo), ImageIds: []types.ImageIdentifier{{ImageTag: &tag}}})
					case 3:
						_, err = f.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{RepositoryNames: []string{perf.Repo}})
					}
					if err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// Pulls record their time under the read lock, alongside listings and
// snapshots: run with -race.
func TestConcurrentPullsListingsAndSnapshots(t *testing.T) {
	clock := ecrfake.NewManualClock(epoch)
	f := ecrfake.New(ecrfake.WithClock(clock), ecrfake.WithCallRecording(false))
	ctx := context.Background()
	_, err := perf.Seed(ctx, f, perf.Repo, 20, 0, true)
	require.NoError(t, err)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 50 {
				tag := "t" + strconv.Itoa((w*50+i)%20)
				_, err := f.BatchGetImage(ctx, &ecr.BatchGetImageInput{RepositoryName: aws.String(perf.Repo), ImageIds: []types.ImageIdentifier{{ImageTag: &tag}}})
				assert.NoError(t, err)
				_, err = f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String(perf.Repo)})
				assert.NoError(t, err)
				if i%10 == 0 {
					f.Restore(f.Snapshot())
				}
			}
		})
	}
	wg.Wait()
	out, err := f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String(perf.Repo)})
	require.NoError(t, err)
	require.Len(t, out.ImageDetails, 20)
	for _, d := range out.ImageDetails {
		require.NotNil(t, d.LastRecordedPullTime, "every image was pulled")
		require.Equal(t, epoch, *d.LastRecordedPullTime)
	}
}
