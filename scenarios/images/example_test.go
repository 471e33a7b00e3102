package images_test

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"

	"github.com/ecrfake/go-ecrfake/ecrfake"
	"github.com/ecrfake/go-ecrfake/scenarios/images"
)

// The same seed gives the same bytes, so digests can be written down.
func ExampleNew() {
	img := images.New(images.Docker, "app", 1000, 33)
	fmt.Println(img.MediaType)
	fmt.Println(img.Digest)
	for _, b := range img.Blobs() {
		fmt.Println(b.Size, b.MediaType)
	}
	fmt.Println(images.New(images.Docker, "app", 1000, 33).Digest == img.Digest)
	// Output:
	// application/vnd.docker.distribution.manifest.v2+json
	// sha256:5d6caf8ce347fe639b3a50693fc9ad72c8e7f3800c7c31cc9d76611a590032af
	// 561 application/vnd.docker.container.image.v1+json
	// 1000 application/vnd.docker.image.rootfs.diff.tar.gzip
	// 33 application/vnd.docker.image.rootfs.diff.tar.gzip
	// true
}

// An index holds one image per platform, each with layers of its own.
func ExampleIndex() {
	idx := images.Index(images.OCI, "app", []images.Platform{images.LinuxAMD64, images.LinuxARM64}, 2048)
	fmt.Println(idx.MediaType)
	for _, child := range idx.Children {
		fmt.Println(child.Platform, child.MediaType, child.Layers[0].Size)
	}
	// Output:
	// application/vnd.oci.image.index.v1+json
	// linux/amd64 application/vnd.oci.image.manifest.v1+json 2048
	// linux/arm64/v8 application/vnd.oci.image.manifest.v1+json 2048
}

// Push uploads the blobs in parts of the size InitiateLayerUpload advertises,
// several layers at once, and skips what the repository holds; Pull reads
// the image back and checks every digest.
func ExamplePush() {
	ctx := context.Background()
	f := ecrfake.New(ecrfake.WithLimits(ecrfake.Limits{MinLayerPartSize: 1024, MaxLayerPartSize: 4096}))
	if _, err := f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("app")}); err != nil {
		panic(err)
	}
	img := images.New(images.OCI, "app", 10000, 5000)
	sbom := images.Artifact(img, "application/spdx+json", "app-sbom", 300)
	for _, push := range []struct {
		img  *images.Image
		tags []string
	}{{img, []string{"v1"}}, {img, []string{"latest"}}, {sbom, nil}} {
		f.ResetCalls()
		if err := images.Push(ctx, f, "app", push.img, images.PushOptions{Tags: push.tags}); err != nil {
			panic(err)
		}
		fmt.Printf("%s %v: %d uploads, %d parts\n", push.img.MediaType, push.tags,
			len(f.CallsTo(ecrfake.OpInitiateLayerUpload)), len(f.CallsTo(ecrfake.OpUploadLayerPart)))
	}

	got, err := images.Pull(ctx, f, "app", "latest", images.PullOptions{Blob: f.Blob})
	if err != nil {
		panic(err)
	}
	fmt.Println(got.Digest == img.Digest, len(got.Blobs), string(got.Blobs[1].Data[:4]) == string(img.Layers[0].Data[:4]))
	// Output:
	// application/vnd.oci.image.manifest.v1+json [v1]: 3 uploads, 6 parts
	// application/vnd.oci.image.manifest.v1+json [latest]: 0 uploads, 0 parts
	// application/vnd.oci.image.manifest.v1+json []: 2 uploads, 2 parts
	// true 3 true
}
