package ecrfake_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// Many goroutines push, tag, list and delete at once. Run with -race. Every
// listing must be internally consistent (no duplicates), every call must
// answer with an output or a modeled error, and the final state must be
// exactly what the successful calls imply.
func TestConcurrentPushTagListDelete(t *testing.T) {
	f := ecrfake.New()
	ctx := context.Background()
	createRepo(t, f, "shared")
	const workers, rounds = 8, 40

	// Pre-upload the blobs so workers race on manifests and tags.
	manifests := make([]string, workers*rounds)
	for i := range manifests {
		config := []byte(fmt.Sprintf(`{"n":%d}`, i))
		uploadBlob(t, f, "shared", config)
		manifests[i] = imageManifest(mtDockerV2, config)
	}

	var wg sync.WaitGroup
	errCh := make(chan error, workers*rounds*4)
	for w := range workers {
		wg.Go(func() {
			for r := range rounds {
				m := manifests[w*rounds+r]
				tag := fmt.Sprintf("w%d-r%d", w, r)
				if _, err := f.PutImage(ctx, &ecr.PutImageInput{RepositoryName: aws.String("shared"), ImageManifest: aws.String(m), ImageTag: aws.String(tag)}); err != nil {
					errCh <- err
				}
				// Everyone fights over "latest".
				if _, err := f.PutImage(ctx, &ecr.PutImageInput{RepositoryName: aws.String("shared"), ImageManifest: aws.String(m), ImageTag: aws.String("latest")}); err != nil {
					errCh <- err
				}
				list, err := f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("shared"), MaxResults: aws.Int32(1000)})
				if err != nil {
					errCh <- err
				} else {
					seen := map[string]bool{}
					for _, id := range list.ImageIds {
						key := aws.ToString(id.ImageDigest) + "/" + aws.ToString(id.ImageTag)
						if seen[key] {
							errCh <- fmt.Errorf("duplicate %s in one listing", key)
						}
						seen[key] = true
					}
				}
				if r%3 == 0 { // delete this round's tag: leaves the image only if it holds "latest"
					if _, err := f.BatchDeleteImage(ctx, &ecr.BatchDeleteImageInput{RepositoryName: aws.String("shared"), ImageIds: []types.ImageIdentifier{{ImageTag: aws.String(tag)}}}); err != nil {
						errCh <- err
					}
				}
				if _, err := f.DescribeRepositories(ctx, nil); err != nil {
					errCh <- err
				}
			}
		})
	}
	wg.Wait()
	close(errCh)
	for err := range errCh {
		require.NoError(t, err)
	}

	// "latest" is on exactly one image, and the tag index agrees with the images.
	var all []types.ImageDetail
	p := ecr.NewDescribeImagesPaginator(f, &ecr.DescribeImagesInput{RepositoryName: aws.String("shared")})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		require.NoError(t, err)
		all = append(all, page.ImageDetails...)
	}
	latest, tags := 0, 0
	for _, d := range all {
		for _, tg := range d.ImageTags {
			tags++
			if tg == "latest" {
				latest++
			}
		}
	}
	assert.Equal(t, 1, latest)
	wantTags := 1 + workers*(rounds-(rounds+2)/3) // every non-deleted round tag, plus latest
	assert.Equal(t, wantTags, tags)
	assert.Equal(t, tags, ecrfake.Stats(f).Tags)
}

// Concurrent multipart uploads into one repository do not mix their bytes.
func TestConcurrentUploads(t *testing.T) {
	f := ecrfake.New(ecrfake.WithLimits(ecrfake.Limits{MinLayerPartSize: 1}))
	ctx := context.Background()
	createRepo(t, f, "shared")
	var wg sync.WaitGroup
	errs := make([]error, 16)
	for i := range errs {
		wg.Go(func() {
			data := []byte(fmt.Sprintf("blob-%02d-%s", i, string(make([]byte, 100+i))))
			up, err := f.InitiateLayerUpload(ctx, &ecr.InitiateLayerUploadInput{RepositoryName: aws.String("shared")})
			if err != nil {
				errs[i] = err
				return
			}
			for off := 0; off < len(data); off += 7 {
				end := min(off+7, len(data))
				if _, err := f.UploadLayerPart(ctx, &ecr.UploadLayerPartInput{RepositoryName: aws.String("shared"), UploadId: up.UploadId,
					PartFirstByte: aws.Int64(int64(off)), PartLastByte: aws.Int64(int64(end - 1)), LayerPartBlob: data[off:end]}); err != nil {
					errs[i] = err
					return
				}
			}
			_, errs[i] = f.CompleteLayerUpload(ctx, &ecr.CompleteLayerUploadInput{RepositoryName: aws.String("shared"), UploadId: up.UploadId, LayerDigests: []string{sha(data)}})
		})
	}
	wg.Wait()
	require.NoError(t, errors.Join(errs...))
	assert.Equal(t, 16, ecrfake.Stats(f).Layers)
}
