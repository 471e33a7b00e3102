package ecrfake_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
	"github.com/google/go-containerregistry/pkg/v1/static"
	ggcrtypes "github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// Push an image with go-containerregistry to the repositoryUri the API
// returned, through the fake's in-memory transport, and assert the push with
// DescribeImages: the registry and the API share one state.
func ExampleFake_Transport_pushAndDescribe() {
	ctx := context.Background()
	f := ecrfake.New()
	repo, err := f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("team/app")})
	if err != nil {
		panic(err)
	}
	// docker login: the token is Basic credentials for user AWS.
	tok, err := f.GetAuthorizationToken(ctx, &ecr.GetAuthorizationTokenInput{})
	if err != nil {
		panic(err)
	}
	auth := authn.FromConfig(authn.AuthConfig{Auth: aws.ToString(tok.AuthorizationData[0].AuthorizationToken)})

	// The reference names ECR's real host; f.Transport() answers it in memory.
	ref, err := name.ParseReference(aws.ToString(repo.Repository.RepositoryUri) + ":v1")
	if err != nil {
		panic(err)
	}
	img, err := mutate.AppendLayers(empty.Image, static.NewLayer([]byte("hello, registry"), ggcrtypes.DockerLayer))
	if err != nil {
		panic(err)
	}
	if err := remote.Write(ref, img, remote.WithTransport(f.Transport()), remote.WithAuth(auth)); err != nil {
		panic(err)
	}

	out, err := f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("team/app")})
	if err != nil {
		panic(err)
	}
	d := out.ImageDetails[0]
	digest, _ := img.Digest()
	fmt.Println(ref.Context().RegistryStr())
	fmt.Println(d.ImageTags, aws.ToString(d.ImageManifestMediaType))
	fmt.Println(aws.ToString(d.ImageDigest) == digest.String())
	// Output:
	// 123456789012.dkr.ecr.us-east-1.amazonaws.com
	// [v1] application/vnd.docker.distribution.manifest.v2+json
	// true
}

// Registry tokens expire on the fake's clock: twelve hours after
// GetAuthorizationToken a pull is DENIED, as ECR denies it, without waiting.
func ExampleFake_Transport_expiredToken() {
	ctx := context.Background()
	clock := ecrfake.NewManualClock(time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC))
	f := ecrfake.New(ecrfake.WithClock(clock))
	repo, _ := f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("app")})
	tok, _ := f.GetAuthorizationToken(ctx, &ecr.GetAuthorizationTokenInput{})
	opts := []remote.Option{
		remote.WithTransport(f.Transport()),
		remote.WithAuth(authn.FromConfig(authn.AuthConfig{Auth: aws.ToString(tok.AuthorizationData[0].AuthorizationToken)})),
	}
	ref, _ := name.ParseReference(aws.ToString(repo.Repository.RepositoryUri) + ":v1")
	img, _ := mutate.AppendLayers(empty.Image, static.NewLayer([]byte("layer"), ggcrtypes.DockerLayer))
	if err := remote.Write(ref, img, opts...); err != nil {
		panic(err)
	}
	fmt.Println("token expires at", tok.AuthorizationData[0].ExpiresAt.Format(time.RFC3339))

	clock.Advance(12 * time.Hour)
	_, err := remote.Image(ref, opts...)
	var te *transport.Error
	if errors.As(err, &te) {
		fmt.Println(te.StatusCode, te.Errors[0].Code+":", te.Errors[0].Message)
	}
	// Output:
	// token expires at 2026-01-01T21:00:00Z
	// 403 DENIED: Your authorization token has expired. Reauthenticate and try again.
}
