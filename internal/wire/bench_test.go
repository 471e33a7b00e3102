package wire

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/schemas"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
)

var benchManifest = `{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":14,"digest":"sha256:` + strings.Repeat("a", 64) + `"},"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":5,"digest":"sha256:` + strings.Repeat("b", 64) + `"}]}`

func BenchmarkEncodeOutputPutImage(b *testing.B) {
	out := &ecr.PutImageOutput{Image: &types.Image{ImageId: &types.ImageIdentifier{ImageDigest: aws.String("sha256:" + strings.Repeat("c", 64)), ImageTag: aws.String("t1")},
		ImageManifest: aws.String(benchManifest), ImageManifestMediaType: aws.String("application/vnd.docker.distribution.manifest.v2+json"),
		RegistryId: aws.String("123456789012"), RepositoryName: aws.String("bench")}}
	for b.Loop() {
		if _, err := EncodeOutput(context.Background(), out); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeOutputDescribeRepositories(b *testing.B) {
	now := time.Now()
	out := &ecr.DescribeRepositoriesOutput{}
	for range 5 {
		out.Repositories = append(out.Repositories, types.Repository{CreatedAt: &now, RepositoryName: aws.String("team/app"), RepositoryArn: aws.String("arn:aws:ecr:us-east-1:123456789012:repository/team/app"),
			RepositoryUri: aws.String("123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app"), RegistryId: aws.String("123456789012"), ImageTagMutability: "MUTABLE",
			ImageScanningConfiguration: &types.ImageScanningConfiguration{}, EncryptionConfiguration: &types.EncryptionConfiguration{EncryptionType: "AES256"}})
	}
	for b.Loop() {
		if _, err := EncodeOutput(context.Background(), out); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeInputPutImage(b *testing.B) {
	body, _ := EncodeOutput(context.Background(), &ecr.PutImageInput{RepositoryName: aws.String("bench"), ImageTag: aws.String("t1"), ImageManifest: aws.String(benchManifest)})
	for b.Loop() {
		var in ecr.PutImageInput
		if err := DecodeInput(context.Background(), body, schemas.PutImageRequest, &in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeOutputEmpty(b *testing.B) {
	for b.Loop() {
		if _, err := EncodeOutput(context.Background(), &ecr.DeleteRegistryPolicyOutput{}); err != nil {
			b.Fatal(err)
		}
	}
}
