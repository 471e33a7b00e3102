//go:build ecrpublic_face

// ECR Public scenarios. Behind the ecrpublic_face build tag until the ECR
// Public face (branch pubface) and state (branch pubstate) are merged; then
// drop the tag and append PublicCatalogue's entries to Catalogue.

package scenarios

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/ecrpublic"
	pt "github.com/aws/aws-sdk-go-v2/service/ecrpublic/types"

	"github.com/ecrfake/go-ecrfake/ecrfake"
	"github.com/ecrfake/go-ecrfake/scenarios/images"
)

// Names of the ECR Public scenarios, in PublicCatalogue order.
const (
	PublishWithCatalogData  = "publish-with-catalog-data"
	LostCompleteLayerUpload = "public-lost-completelayerupload-response"
	ThrottledPublicPutImage = "public-throttled-putimage"
)

// PublishCatalogData is the catalog data every Publish scenario expects the
// code under test to give its repository (with PutRepositoryCatalogData, or
// CreateRepository when the code creates the repository itself).
var PublishCatalogData = pt.RepositoryCatalogDataInput{
	Description:      aws.String("A small tool, published by the code under test"),
	Architectures:    []string{"x86-64", "ARM 64"},
	OperatingSystems: []string{"Linux"},
	AboutText:        aws.String("# About\nBuilt from scenarios/images."),
	UsageText:        aws.String("docker run public.ecr.aws/<alias>/app:v1"),
	LogoImageBlob:    []byte("\x89PNG\r\n\x1a\nscenario logo"),
}

// Public is the ECR Public registry of the scenario's world.
func (e *Env) Public() *ecrfake.Public { return e.Fake.Public() }

// PublicClient is env.Public().Client(optFns...) with the SDK's standard
// retryer minus its waiting, as Env.Client is for ECR.
func (e *Env) PublicClient(optFns ...func(*ecrpublic.Options)) *ecrpublic.Client {
	noBackoff := func(o *ecrpublic.Options) {
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
			so.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
			so.RateLimiter = ratelimit.None
		})
	}
	return e.Public().Client(append([]func(*ecrpublic.Options){noBackoff}, optFns...)...)
}

// PublicCatalogue returns the built-in ECR Public scenarios, all of kind
// Publish, fresh values in a fixed order:
//
//   - publish-with-catalog-data: an empty public repository; the code
//     publishes the image with its tag and sets PublishCatalogData. Checked:
//     DescribeImageTags shows the tag on the image's digest, and the
//     repository's catalog data holds every field (the logo as a logoUrl).
//   - public-lost-completelayerupload-response: CompleteLayerUpload of the
//     first layer takes effect but its response is lost (ServerException);
//     the SDK retries and the retry answers LayerAlreadyExistsException,
//     which means the layer is there. Returning it fails; finishing the
//     publish (or returning the ServerException, without retries) passes.
//   - public-throttled-putimage: PutImage answers ThrottlingException twice
//     (ECR Public allows 10 PutImage calls per second) and then succeeds;
//     the code retries and publishes, or returns an error errors.As finds as
//     the throttling error. Returning nil without the image fails.
func PublicCatalogue() []Scenario {
	return []Scenario{publishWithCatalogData(), lostCompleteLayerUpload(), throttledPublicPutImage()}
}

// createPublicRepository is a Step: an empty public repository.
func createPublicRepository(name string) Step {
	return func(ctx context.Context, env *Env) error {
		_, err := env.Public().CreateRepository(ctx, &ecrpublic.CreateRepositoryInput{RepositoryName: aws.String(name)})
		return err
	}
}

// published checks that env.Tag names env.Image in the public repository.
func published(env *Env) error {
	out, err := env.Public().DescribeImageTags(context.Background(), &ecrpublic.DescribeImageTagsInput{RepositoryName: aws.String(env.Repository)})
	if err != nil {
		return fmt.Errorf("the code returned nil, but the repository cannot be read: %w", err)
	}
	for _, d := range out.ImageTagDetails {
		if aws.ToString(d.ImageTag) == env.Tag {
			if got := aws.ToString(d.ImageDetail.ImageDigest); got != env.Image.Digest {
				return fmt.Errorf("the code returned nil, but %s:%s is %s, not the image published (%s)", env.Repository, env.Tag, got, env.Image.Digest)
			}
			return nil
		}
	}
	return fmt.Errorf("the code returned nil, but %s has no tag %s", env.Repository, env.Tag)
}

func publicScenario(name, doc, seed string) Scenario {
	return Scenario{
		Name: name, Kind: Publish, Doc: doc,
		Repository: "app", Tag: "v1", Image: images.New(images.Docker, seed, 2048, 1024),
		Steps: []Step{createPublicRepository("app")},
	}
}

func publishWithCatalogData() Scenario {
	sc := publicScenario(PublishWithCatalogData,
		"Publish an image to a public repository and describe it in the gallery: the tag must name the image, "+
			"and the repository's catalog data must be PublishCatalogData (its logo comes back as a logoUrl).", "gallery")
	sc.Check = func(env *Env, err error) error {
		if err != nil {
			return fmt.Errorf("the code returned %w; want the image published", err)
		}
		if err := published(env); err != nil {
			return err
		}
		got, gerr := env.Public().GetRepositoryCatalogData(context.Background(), &ecrpublic.GetRepositoryCatalogDataInput{RepositoryName: aws.String(env.Repository)})
		if gerr != nil {
			return gerr
		}
		c, want := got.CatalogData, PublishCatalogData
		switch {
		case aws.ToString(c.Description) != aws.ToString(want.Description):
			return fmt.Errorf("catalog description is %q, want %q", aws.ToString(c.Description), aws.ToString(want.Description))
		case !slices.Equal(c.Architectures, want.Architectures), !slices.Equal(c.OperatingSystems, want.OperatingSystems):
			return fmt.Errorf("catalog architectures/operating systems are %v/%v, want %v/%v", c.Architectures, c.OperatingSystems, want.Architectures, want.OperatingSystems)
		case aws.ToString(c.AboutText) != aws.ToString(want.AboutText), aws.ToString(c.UsageText) != aws.ToString(want.UsageText):
			return errors.New("catalog about/usage text differ from PublishCatalogData")
		case aws.ToString(c.LogoUrl) == "":
			return errors.New("the repository has no logo: send PublishCatalogData.LogoImageBlob")
		}
		return nil
	}
	return sc
}

func lostCompleteLayerUpload() Scenario {
	sc := publicScenario(LostCompleteLayerUpload,
		"CompleteLayerUpload takes effect but its response is lost (ServerException). The SDK client retries, and the retry "+
			"answers LayerAlreadyExistsException: the layer is there, so carry on and finish the publish. "+
			"Code without retries may return the ServerException.", "lost-layer")
	sc.Faults = []ecrfake.Fault{ecrfake.Fail(ecrfake.OpPublicCompleteLayerUpload, ecrfake.ErrServer()).AfterCommit().Times(1)}
	sc.Check = func(env *Env, err error) error {
		var exists *pt.LayerAlreadyExistsException
		var server *pt.ServerException
		switch {
		case errors.As(err, &exists):
			return fmt.Errorf("the code failed on LayerAlreadyExistsException after a CompleteLayerUpload whose response was lost: "+
				"the layer is stored, so carry on: %w", err)
		case errors.As(err, &server):
			return nil
		case err == nil:
			return published(env)
		}
		return fmt.Errorf("the code returned %v; want the publish finished", err)
	}
	return sc
}

func throttledPublicPutImage() Scenario {
	sc := publicScenario(ThrottledPublicPutImage,
		"PutImage answers ThrottlingException twice (ECR Public's PutImage rate is 10 per second), then succeeds. "+
			"Retry and publish, or return the throttling error (errors.As).", "throttled")
	sc.Faults = []ecrfake.Fault{ecrfake.FailSequence(ecrfake.OpPublicPutImage, ecrfake.ErrThrottling(), ecrfake.ErrThrottling(), nil)}
	sc.Check = func(env *Env, err error) error {
		switch {
		case err == nil:
			return published(env)
		case errorCode(err) == "ThrottlingException":
			return nil
		}
		return fmt.Errorf("the code returned %v; want the image published or the ThrottlingException", err)
	}
	return sc
}
