package ecrfake_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// ImageLister is the kind of narrow interface code under test declares over
// *ecr.Client; the fake satisfies it.
type ImageLister interface {
	ListImages(context.Context, *ecr.ListImagesInput, ...func(*ecr.Options)) (*ecr.ListImagesOutput, error)
}

func ExampleNew() {
	ctx := context.Background()
	f := ecrfake.New()
	out, err := f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("team/app")})
	if err != nil {
		panic(err)
	}
	fmt.Println(*out.Repository.RepositoryUri)

	var lister ImageLister = f
	images, _ := lister.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("team/app")})
	fmt.Println(len(images.ImageIds), "images")
	// Output:
	// 123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app
	// 0 images
}

// Pushing an image is the same sequence a registry client runs: upload each
// blob that is not there yet, then put the manifest.
func Example_pushImage() {
	ctx := context.Background()
	f := ecrfake.New()
	repo := aws.String("app")
	if _, err := f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: repo}); err != nil {
		panic(err)
	}
	digestOf := func(b []byte) string { s := sha256.Sum256(b); return "sha256:" + hex.EncodeToString(s[:]) }
	config, layer := []byte(`{"architecture":"amd64","os":"linux"}`), []byte("layer bytes")
	for _, blob := range [][]byte{config, layer} {
		up, err := f.InitiateLayerUpload(ctx, &ecr.InitiateLayerUploadInput{RepositoryName: repo})
		if err != nil {
			panic(err)
		}
		_, err = f.UploadLayerPart(ctx, &ecr.UploadLayerPartInput{RepositoryName: repo, UploadId: up.UploadId,
			PartFirstByte: aws.Int64(0), PartLastByte: aws.Int64(int64(len(blob) - 1)), LayerPartBlob: blob})
		if err != nil {
			panic(err)
		}
		if _, err = f.CompleteLayerUpload(ctx, &ecr.CompleteLayerUploadInput{RepositoryName: repo, UploadId: up.UploadId,
			LayerDigests: []string{digestOf(blob)}}); err != nil {
			panic(err)
		}
	}
	manifest := fmt.Sprintf(`{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",`+
		`"config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":%d,"digest":%q},`+
		`"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":%d,"digest":%q}]}`,
		len(config), digestOf(config), len(layer), digestOf(layer))
	out, err := f.PutImage(ctx, &ecr.PutImageInput{RepositoryName: repo, ImageManifest: aws.String(manifest), ImageTag: aws.String("v1")})
	if err != nil {
		panic(err)
	}
	fmt.Println(*out.Image.ImageId.ImageDigest == digestOf([]byte(manifest)))

	// Pushing the same manifest and tag again is what ECR calls ImageAlreadyExists.
	_, err = f.PutImage(ctx, &ecr.PutImageInput{RepositoryName: repo, ImageManifest: aws.String(manifest), ImageTag: aws.String("v1")})
	var exists *types.ImageAlreadyExistsException
	fmt.Println(errors.As(err, &exists))
	// Output:
	// true
	// true
}

// A manual clock makes time-dependent answers exact: here, token expiry.
func ExampleNewManualClock() {
	clock := ecrfake.NewManualClock(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	f := ecrfake.New(ecrfake.WithClock(clock))
	out, _ := f.GetAuthorizationToken(context.Background(), nil)
	expires := *out.AuthorizationData[0].ExpiresAt
	fmt.Println("expires at", expires.Format(time.RFC3339))

	clock.Advance(12*time.Hour + time.Second)
	fmt.Println("expired:", clock.Now().After(expires))
	// Output:
	// expires at 2030-01-01T12:00:00Z
	// expired: true
}

// Errors are the SDK's own exception types, wrapped as the real client wraps them.
func Example_errorsAs() {
	f := ecrfake.New()
	_, err := f.DescribeRepositories(context.Background(), &ecr.DescribeRepositoriesInput{RepositoryNames: []string{"missing"}})
	var notFound *types.RepositoryNotFoundException
	if errors.As(err, &notFound) {
		fmt.Println(notFound.ErrorMessage())
	}
	fmt.Println(err)
	// Output:
	// The repository with name 'missing' does not exist in the registry with id '123456789012'
	// operation error ECR: DescribeRepositories, https response error StatusCode: 400, RequestID: 00000000-0000-4000-8000-000000000001, RepositoryNotFoundException: The repository with name 'missing' does not exist in the registry with id '123456789012'
}

// The SDK's paginators take the fake as their client.
func Example_paginator() {
	ctx := context.Background()
	f := ecrfake.New()
	for _, name := range []string{"web", "api", "db", "cache", "queue"} {
		if _, err := f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String(name)}); err != nil {
			panic(err)
		}
	}
	p := ecr.NewDescribeRepositoriesPaginator(f, &ecr.DescribeRepositoriesInput{MaxResults: aws.Int32(2)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			panic(err)
		}
		for _, r := range page.Repositories {
			fmt.Print(*r.RepositoryName, " ")
		}
		fmt.Println("| more:", page.NextToken != nil)
	}
	// Output:
	// api cache | more: true
	// db queue | more: true
	// web | more: false
}
