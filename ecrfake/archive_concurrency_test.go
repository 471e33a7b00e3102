package ecrfake_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// Goroutines archive, restore, re-push, pull and list the same images while
// another moves the clock, so restores fall due under readers (which must
// upgrade to the write lock to complete them). Run with -race. Every answer
// is an output or a modelled error, and once the clock is past every
// restore, no image is left ACTIVATING and every ACTIVE image pulls.
func TestConcurrentArchiveRestorePull(t *testing.T) {
	clock := ecrfake.NewManualClock(epoch)
	f := ecrfake.New(ecrfake.WithClock(clock), ecrfake.WithRestoreDuration(time.Second))
	ctx := context.Background()
	createRepo(t, f, "app")
	const images, workers, rounds = 8, 6, 60
	manifests := make([]string, images)
	for i := range manifests {
		manifests[i], _ = pushImage(t, f, "app", fmt.Sprintf("t%d", i), fmt.Sprintf("img-%d", i))
	}
	repo := aws.String("app")
	allowed := func(err error) bool {
		var notSupported *types.ImageStorageClassUpdateNotSupportedException
		return err == nil || errors.As(err, &notSupported)
	}

	var wg sync.WaitGroup
	errCh := make(chan error, workers*rounds*4)
	wg.Go(func() {
		for range rounds {
			clock.Advance(300 * time.Millisecond)
		}
	})
	for w := range workers {
		wg.Go(func() {
			for r := range rounds {
				i := (w + r) % images
				id := &types.ImageIdentifier{ImageTag: aws.String(fmt.Sprintf("t%d", i))}
				class := types.TargetStorageClassArchive
				if (w+r)%2 == 1 {
					class = types.TargetStorageClassStandard
				}
				if _, err := f.UpdateImageStorageClass(ctx, &ecr.UpdateImageStorageClassInput{RepositoryName: repo, ImageId: id, TargetStorageClass: class}); !allowed(err) {
					errCh <- err
				}
				if r%7 == 0 {
					if _, err := f.PutImage(ctx, &ecr.PutImageInput{RepositoryName: repo, ImageManifest: aws.String(manifests[i])}); err != nil {
						var exists *types.ImageAlreadyExistsException
						if !errors.As(err, &exists) {
							errCh <- err
						}
					}
				}
				got, err := f.BatchGetImage(ctx, &ecr.BatchGetImageInput{RepositoryName: repo, ImageIds: []types.ImageIdentifier{*id}})
				switch {
				case err != nil:
					errCh <- err
				case len(got.Images)+len(got.Failures) != 1:
					errCh <- fmt.Errorf("BatchGetImage answered %d images and %d failures for one id", len(got.Images), len(got.Failures))
				case len(got.Failures) == 1 && got.Failures[0].FailureCode != types.ImageFailureCodeImageInaccessible:
					errCh <- fmt.Errorf("unexpected failure %s", got.Failures[0].FailureCode)
				}
				if _, err := f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: repo, Filter: &types.ListImagesFilter{ImageStatus: types.ImageStatusFilterAny}}); err != nil {
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

	clock.Advance(time.Second)
	all, err := f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: repo, Filter: &types.DescribeImagesFilter{ImageStatus: types.ImageStatusFilterAny}})
	require.NoError(t, err)
	require.Len(t, all.ImageDetails, images)
	var active []types.ImageIdentifier
	for _, d := range all.ImageDetails {
		assert.NotEqual(t, types.ImageStatusActivating, d.ImageStatus, "every restore is past")
		if d.ImageStatus == types.ImageStatusActive {
			active = append(active, types.ImageIdentifier{ImageDigest: d.ImageDigest})
		}
	}
	if len(active) > 0 {
		got, err := f.BatchGetImage(ctx, &ecr.BatchGetImageInput{RepositoryName: repo, ImageIds: active})
		require.NoError(t, err)
		assert.Empty(t, got.Failures)
		assert.Len(t, got.Images, len(active))
	}
}
