//go:build ecrpublic_face

// Behind the ecrpublic_face build tag until the ECR Public face lands.

package ecrfake_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecrpublic"
	pt "github.com/aws/aws-sdk-go-v2/service/ecrpublic/types"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// A public repository with gallery metadata, through the real ecrpublic
// client the fake hands out.
func ExampleNewPublic() {
	ctx := context.Background()
	client := ecrfake.NewPublic().Client()

	out, err := client.CreateRepository(ctx, &ecrpublic.CreateRepositoryInput{
		RepositoryName: aws.String("tools/cli"),
		CatalogData: &pt.RepositoryCatalogDataInput{
			Description:      aws.String("Our command-line tool"),
			Architectures:    []string{"x86-64", "ARM 64"},
			OperatingSystems: []string{"Linux"},
		},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(*out.Repository.RepositoryArn)
	fmt.Println(*out.CatalogData.Description)
	// Output:
	// arn:aws:ecr-public::123456789012:repository/tools/cli
	// Our command-line tool
}

// The default registry alias appears with the first repository.
func ExampleNewPublic_registryAlias() {
	ctx := context.Background()
	p := ecrfake.NewPublic()
	before, _ := p.DescribeRegistries(ctx, nil)
	fmt.Printf("before: uri=%q aliases=%d\n", *before.Registries[0].RegistryUri, len(before.Registries[0].Aliases))

	if _, err := p.CreateRepository(ctx, &ecrpublic.CreateRepositoryInput{RepositoryName: aws.String("app")}); err != nil {
		panic(err)
	}
	after, _ := p.DescribeRegistries(ctx, nil)
	alias := after.Registries[0].Aliases[0]
	fmt.Println("after:", alias.Status, alias.PrimaryRegistryAlias, *after.Registries[0].RegistryUri == "public.ecr.aws/"+*alias.Name)
	// Output:
	// before: uri="" aliases=0
	// after: ACTIVE true true
}

// Faults work on the public operations as on the private ones.
func ExampleNewPublic_faults() {
	ctx := context.Background()
	p := ecrfake.NewPublic()
	p.Inject(ecrfake.Fail(ecrfake.OpPublicPutImage, ecrfake.ErrThrottling()))

	_, err := p.PutImage(ctx, &ecrpublic.PutImageInput{RepositoryName: aws.String("app"), ImageManifest: aws.String("{}")})
	fmt.Println(err != nil)
	fmt.Println(len(p.CallsTo(ecrfake.OpPublicPutImage)))
	// Output:
	// true
	// 1
}

// Errors are ECR Public's own types.
func ExampleNewPublic_errors() {
	ctx := context.Background()
	p := ecrfake.NewPublic()
	_, err := p.GetRepositoryPolicy(ctx, &ecrpublic.GetRepositoryPolicyInput{RepositoryName: aws.String("missing")})
	var notFound *pt.RepositoryNotFoundException
	fmt.Println(errors.As(err, &notFound))
	// Output:
	// true
}

// The private and public registries of one account share a world.
func ExampleFake_Public() {
	ctx := context.Background()
	f := ecrfake.New()
	if _, err := f.Public().CreateRepository(ctx, &ecrpublic.CreateRepositoryInput{RepositoryName: aws.String("app")}); err != nil {
		panic(err)
	}
	private, _ := f.DescribeRepositories(ctx, nil)
	public, _ := f.Public().DescribeRepositories(ctx, nil)
	fmt.Println(len(private.Repositories), len(public.Repositories))
	// Output:
	// 0 1
}

// GetAuthorizationToken: one token, valid 12 hours on the fake's clock.
func ExamplePublic_GetAuthorizationToken() {
	ctx := context.Background()
	clock := ecrfake.NewManualClock(time.Date(2030, time.January, 1, 0, 0, 0, 0, time.UTC))
	p := ecrfake.NewPublic(ecrfake.WithClock(clock))
	out, _ := p.GetAuthorizationToken(ctx, nil)
	fmt.Println(out.AuthorizationData.ExpiresAt.Sub(clock.Now()))
	// Output:
	// 12h0m0s
}
