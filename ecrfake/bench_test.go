package ecrfake_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// scaleSizes are the repository sizes of the scale curves: a page (or a
// push) at 100k images should cost what it costs at 1k.
var scaleSizes = []int{1000, 10000, 100000}

// benchRepo returns a fake whose repository "bench" holds n images sharing one
// config and one layer, plus the manifest template for more.
func benchRepo(b *testing.B, n int) (*ecrfake.Fake, func(i int) string) {
	b.Helper()
	f := ecrfake.New(ecrfake.WithLimits(ecrfake.Limits{MaxImagesPerRepository: 10_000_000}), ecrfake.WithCallRecording(false))
	createRepo(b, f, "bench")
	config, layer := []byte(`{"os":"linux"}`), []byte("layer")
	uploadBlob(b, f, "bench", config)
	uploadBlob(b, f, "bench", layer)
	base := imageManifest(mtDockerV2, config, layer)
	manifest := func(i int) string {
		return strings.TrimSuffix(base, "}") + fmt.Sprintf(`,"annotations":{"n":"%d"}}`, i)
	}
	ctx := context.Background()
	for i := range n {
		_, err := f.PutImage(ctx, &ecr.PutImageInput{RepositoryName: aws.String("bench"), ImageManifest: aws.String(manifest(i)), ImageTag: aws.String(fmt.Sprintf("t%d", i))})
		require.NoError(b, err)
	}
	return f, manifest
}

func BenchmarkPutImage(b *testing.B) {
	for _, size := range scaleSizes {
		b.Run(fmt.Sprintf("images=%d", size), func(b *testing.B) {
			f, manifest := benchRepo(b, size)
			ctx := context.Background()
			i := size
			b.ReportAllocs()
			for b.Loop() {
				i++
				if _, err := f.PutImage(ctx, &ecr.PutImageInput{RepositoryName: aws.String("bench"), ImageManifest: aws.String(manifest(i))}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Benchmarks run without the call log, whose copies would grow with b.N;
// BenchmarkDescribeRepositories/recorded shows what the log costs per call.
func BenchmarkDescribeRepositories(b *testing.B) {
	for _, recorded := range []bool{false, true} {
		b.Run(fmt.Sprintf("recorded=%v", recorded), func(b *testing.B) {
			f := ecrfake.New(ecrfake.WithCallRecording(recorded))
			for i := range 10 {
				createRepo(b, f, fmt.Sprintf("repo-%d", i))
			}
			ctx := context.Background()
			in := &ecr.DescribeRepositoriesInput{RepositoryNames: []string{"repo-3"}}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := f.DescribeRepositories(ctx, in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// A page deep in a large repository costs what a page near the start costs.
func BenchmarkDescribeImagesPage(b *testing.B) {
	for _, size := range scaleSizes {
		b.Run(fmt.Sprintf("images=%d", size), func(b *testing.B) {
			f, _ := benchRepo(b, size)
			ctx := context.Background()
			// Start from a token half way through the repository.
			var token *string
			for range size / 200 {
				out, err := f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("bench"), NextToken: token})
				require.NoError(b, err)
				token = out.NextToken
			}
			in := &ecr.DescribeImagesInput{RepositoryName: aws.String("bench"), NextToken: token, MaxResults: aws.Int32(100)}
			b.ReportAllocs()
			for b.Loop() {
				out, err := f.DescribeImages(ctx, in)
				if err != nil || len(out.ImageDetails) != 100 {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkListImagesPage(b *testing.B) {
	for _, size := range scaleSizes {
		b.Run(fmt.Sprintf("images=%d", size), func(b *testing.B) {
			f, _ := benchRepo(b, size)
			ctx := context.Background()
			var token *string
			for range size / 2000 {
				out, err := f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("bench"), NextToken: token, MaxResults: aws.Int32(1000)})
				require.NoError(b, err)
				token = out.NextToken
			}
			in := &ecr.ListImagesInput{RepositoryName: aws.String("bench"), NextToken: token, MaxResults: aws.Int32(100)}
			b.ReportAllocs()
			for b.Loop() {
				out, err := f.ListImages(ctx, in)
				if err != nil || len(out.ImageIds) != 100 {
					b.Fatal(err)
				}
			}
		})
	}
}
