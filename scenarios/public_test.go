//go:build ecrpublic_face

package scenarios_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecrpublic"
	pt "github.com/aws/aws-sdk-go-v2/service/ecrpublic/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/scenarios"
	"github.com/ecrfake/go-ecrfake/scenarios/images"
)

// publisher is what a release pipeline needs of ECR Public.
type publisher interface {
	InitiateLayerUpload(context.Context, *ecrpublic.InitiateLayerUploadInput, ...func(*ecrpublic.Options)) (*ecrpublic.InitiateLayerUploadOutput, error)
	UploadLayerPart(context.Context, *ecrpublic.UploadLayerPartInput, ...func(*ecrpublic.Options)) (*ecrpublic.UploadLayerPartOutput, error)
	CompleteLayerUpload(context.Context, *ecrpublic.CompleteLayerUploadInput, ...func(*ecrpublic.Options)) (*ecrpublic.CompleteLayerUploadOutput, error)
	PutImage(context.Context, *ecrpublic.PutImageInput, ...func(*ecrpublic.Options)) (*ecrpublic.PutImageOutput, error)
	PutRepositoryCatalogData(context.Context, *ecrpublic.PutRepositoryCatalogDataInput, ...func(*ecrpublic.Options)) (*ecrpublic.PutRepositoryCatalogDataOutput, error)
}

// publishPublic is correct code: one part per blob, LayerAlreadyExists taken as
// success, catalog data set.
func publishPublic(ctx context.Context, api publisher, repo, tag string, img *images.Image, withCatalog bool) error {
	for _, b := range append([]images.Blob{img.Config}, img.Layers...) {
		up, err := api.InitiateLayerUpload(ctx, &ecrpublic.InitiateLayerUploadInput{RepositoryName: aws.String(repo)})
		if err != nil {
			return err
		}
		if _, err := api.UploadLayerPart(ctx, &ecrpublic.UploadLayerPartInput{RepositoryName: aws.String(repo), UploadId: up.UploadId,
			PartFirstByte: aws.Int64(0), PartLastByte: aws.Int64(b.Size - 1), LayerPartBlob: b.Data}); err != nil {
			return err
		}
		_, err = api.CompleteLayerUpload(ctx, &ecrpublic.CompleteLayerUploadInput{RepositoryName: aws.String(repo), UploadId: up.UploadId, LayerDigests: []string{b.Digest}})
		var exists *pt.LayerAlreadyExistsException
		if err != nil && !errors.As(err, &exists) {
			return err
		}
	}
	if _, err := api.PutImage(ctx, &ecrpublic.PutImageInput{RepositoryName: aws.String(repo), ImageTag: aws.String(tag),
		ImageManifest: aws.String(string(img.Manifest)), ImageManifestMediaType: aws.String(img.MediaType)}); err != nil {
		return err
	}
	if !withCatalog {
		return nil
	}
	data := scenarios.PublishCatalogData
	_, err := api.PutRepositoryCatalogData(ctx, &ecrpublic.PutRepositoryCatalogDataInput{RepositoryName: aws.String(repo), CatalogData: &data})
	return err
}

func TestPublicCatalogueAcceptsCorrectCode(t *testing.T) {
	for _, face := range []string{"methods", "client"} {
		t.Run(face, func(t *testing.T) {
			scenarios.Run(t, scenarios.PublicCatalogue(), func(ctx context.Context, env *scenarios.Env) error {
				var api publisher = env.Public()
				if face == "client" {
					api = env.PublicClient()
				}
				return publishPublic(ctx, api, env.Repository, env.Tag, env.Image, true)
			})
		})
	}
}

func publicScenario(t *testing.T, name string) scenarios.Scenario {
	t.Helper()
	for _, sc := range scenarios.PublicCatalogue() {
		if sc.Name == name {
			return sc
		}
	}
	t.Fatalf("no public scenario %s", name)
	return scenarios.Scenario{}
}

// Each scenario catches the bug it is about.
func TestPublicCatalogueCatchesBugs(t *testing.T) {
	ctx := context.Background()
	err := publicScenario(t, scenarios.PublishWithCatalogData).Run(ctx, func(ctx context.Context, env *scenarios.Env) error {
		return publishPublic(ctx, env.PublicClient(), env.Repository, env.Tag, env.Image, false) // forgets the catalog data
	})
	assert.ErrorContains(t, err, "catalog")

	err = publicScenario(t, scenarios.LostCompleteLayerUpload).Run(ctx, func(ctx context.Context, env *scenarios.Env) error {
		img, c := env.Image, env.PublicClient()
		b := img.Config
		up, err := c.InitiateLayerUpload(ctx, &ecrpublic.InitiateLayerUploadInput{RepositoryName: aws.String(env.Repository)})
		require.NoError(t, err)
		_, err = c.UploadLayerPart(ctx, &ecrpublic.UploadLayerPartInput{RepositoryName: aws.String(env.Repository), UploadId: up.UploadId,
			PartFirstByte: aws.Int64(0), PartLastByte: aws.Int64(b.Size - 1), LayerPartBlob: b.Data})
		require.NoError(t, err)
		_, err = c.CompleteLayerUpload(ctx, &ecrpublic.CompleteLayerUploadInput{RepositoryName: aws.String(env.Repository), UploadId: up.UploadId, LayerDigests: []string{b.Digest}})
		return err // gives up on LayerAlreadyExistsException
	})
	assert.ErrorContains(t, err, "LayerAlreadyExistsException")

	err = publicScenario(t, scenarios.ThrottledPublicPutImage).Run(ctx, func(ctx context.Context, env *scenarios.Env) error {
		_ = publishPublic(ctx, env.PublicClient(), env.Repository, env.Tag, env.Image, true)
		return nil // swallows the error
	})
	assert.NoError(t, err, "the SDK's retries get through two throttles, so swallowing is harmless here")
	err = publicScenario(t, scenarios.ThrottledPublicPutImage).Run(ctx, func(ctx context.Context, env *scenarios.Env) error {
		_ = publishPublic(ctx, env.Public(), env.Repository, env.Tag, env.Image, true) // no retries, error swallowed
		return nil
	})
	assert.ErrorContains(t, err, "no tag v1")
}
