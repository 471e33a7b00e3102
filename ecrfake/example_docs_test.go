package ecrfake_test

// Examples the README shows.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// SetImageTimes gives an image a push time and a last pull time that no API
// call can create, for code that cleans up what nobody pulls.
func ExampleFake_SetImageTimes_cleanup() {
	ctx := context.Background()
	clock := ecrfake.NewManualClock(time.Date(2030, 6, 1, 0, 0, 0, 0, time.UTC))
	f := ecrfake.New(ecrfake.WithClock(clock))
	images, err := f.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{
		Name: "app", Images: []ecrfake.SeedImage{{Tags: []string{"old"}}, {Tags: []string{"new"}}},
	}}})
	if err != nil {
		panic(err)
	}
	pushed, pulled := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2030, 2, 1, 0, 0, 0, 0, time.UTC)
	if err := f.SetImageTimes("app", images[0].Digest, pushed, pulled); err != nil {
		panic(err)
	}

	out, _ := f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("app")})
	for _, d := range out.ImageDetails {
		stale := d.LastRecordedPullTime != nil && clock.Now().Sub(*d.LastRecordedPullTime) > 90*24*time.Hour
		fmt.Println(d.ImageTags, d.ImagePushedAt.Format(time.DateOnly), "stale:", stale)
	}
	// Output:
	// [old] 2030-01-01 stale: true
	// [new] 2030-06-01 stale: false
}

// MaxLayerPartSize is the partSize InitiateLayerUpload advertises: lowering it
// (and MinLayerPartSize under it) makes a small layer go up in several parts.
func ExampleWithLimits_multipartUpload() {
	ctx := context.Background()
	f := ecrfake.New(ecrfake.WithLimits(ecrfake.Limits{MinLayerPartSize: 1, MaxLayerPartSize: 1024}))
	repo := aws.String("app")
	if _, err := f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: repo}); err != nil {
		panic(err)
	}
	layer := make([]byte, 2500)
	up, err := f.InitiateLayerUpload(ctx, &ecr.InitiateLayerUploadInput{RepositoryName: repo})
	if err != nil {
		panic(err)
	}
	partSize := *up.PartSize
	for first := int64(0); first < int64(len(layer)); first += partSize {
		last := min(first+partSize, int64(len(layer))) - 1
		if _, err := f.UploadLayerPart(ctx, &ecr.UploadLayerPartInput{RepositoryName: repo, UploadId: up.UploadId,
			PartFirstByte: aws.Int64(first), PartLastByte: aws.Int64(last), LayerPartBlob: layer[first : last+1]}); err != nil {
			panic(err)
		}
	}
	sum := sha256.Sum256(layer)
	done, err := f.CompleteLayerUpload(ctx, &ecr.CompleteLayerUploadInput{RepositoryName: repo, UploadId: up.UploadId,
		LayerDigests: []string{"sha256:" + hex.EncodeToString(sum[:])}})
	if err != nil {
		panic(err)
	}
	fmt.Println("partSize", partSize, "parts", len(f.CallsTo(ecrfake.OpUploadLayerPart)), "stored", *done.LayerDigest == "sha256:"+hex.EncodeToString(sum[:]))
	// Output: partSize 1024 parts 3 stored true
}
