package scenarios_test

// Code under test for the catalogue: implementations that do the right thing
// and ones with the bugs the catalogue exists to catch.

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/scenarios"
	"github.com/ecrfake/go-ecrfake/scenarios/images"
)

// ecrAPI is what the implementations below need; *ecrfake.Fake and
// *ecr.Client both have it.
type ecrAPI interface {
	images.PushAPI
	images.PullAPI
	ecr.ListImagesAPIClient
	ecr.DescribeImageScanFindingsAPIClient
	StartImageScan(context.Context, *ecr.StartImageScanInput, ...func(*ecr.Options)) (*ecr.StartImageScanOutput, error)
}

// via picks the front end the code under test is handed.
type via func(env *scenarios.Env) ecrAPI

var (
	direct    via = func(env *scenarios.Env) ecrAPI { return env.Fake }
	client    via = func(env *scenarios.Env) ecrAPI { return env.Client() }
	frontEnds     = []struct {
		name string
		api  via
	}{{"direct", direct}, {"client", client}}
)

func pushGood(api via) scenarios.Func {
	return func(ctx context.Context, env *scenarios.Env) error {
		return images.Push(ctx, api(env), env.Repository, env.Image, images.PushOptions{Tags: []string{env.Tag}})
	}
}

func pullGood(api via) scenarios.Func {
	return func(ctx context.Context, env *scenarios.Env) error {
		_, err := images.Pull(ctx, api(env), env.Repository, env.Image.Digest, images.PullOptions{})
		return err
	}
}

func listGood(api via) scenarios.Func {
	return func(ctx context.Context, env *scenarios.Env) error {
		_, err := listAll(ctx, api(env), env.Repository)
		return err
	}
}

func listAll(ctx context.Context, api ecr.ListImagesAPIClient, repo string) ([]types.ImageIdentifier, error) {
	var ids []types.ImageIdentifier
	p := ecr.NewListImagesPaginator(api, &ecr.ListImagesInput{RepositoryName: &repo})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", repo, err)
		}
		ids = append(ids, page.ImageIds...)
	}
	return ids, nil
}

func scanGood(api via) scenarios.Func {
	return func(ctx context.Context, env *scenarios.Env) error {
		c := api(env)
		id := &types.ImageIdentifier{ImageTag: aws.String(env.Tag)}
		_, err := c.StartImageScan(ctx, &ecr.StartImageScanInput{RepositoryName: &env.Repository, ImageId: id})
		var limit *types.LimitExceededException
		if err != nil && !errors.As(err, &limit) { // over the quota: the scan on push will do
			return err
		}
		return ecr.NewImageScanCompleteWaiter(c).Wait(ctx, &ecr.DescribeImageScanFindingsInput{RepositoryName: &env.Repository, ImageId: id}, 30*time.Minute)
	}
}

// The buggy ones.

// naivePush uploads each blob in parts of a fixed size, does not resume, and
// treats every PutImage error as fatal.
func naivePush(api via, partSize int) scenarios.Func {
	return func(ctx context.Context, env *scenarios.Env) error {
		c, repo := api(env), &env.Repository
		for _, b := range env.Image.Blobs() {
			up, err := c.InitiateLayerUpload(ctx, &ecr.InitiateLayerUploadInput{RepositoryName: repo})
			if err != nil {
				return err
			}
			for off := 0; off < len(b.Data); off += partSize {
				end := min(off+partSize, len(b.Data))
				if _, err := c.UploadLayerPart(ctx, &ecr.UploadLayerPartInput{RepositoryName: repo, UploadId: up.UploadId,
					PartFirstByte: aws.Int64(int64(off)), PartLastByte: aws.Int64(int64(end - 1)), LayerPartBlob: b.Data[off:end]}); err != nil {
					return err
				}
			}
			if _, err := c.CompleteLayerUpload(ctx, &ecr.CompleteLayerUploadInput{RepositoryName: repo, UploadId: up.UploadId, LayerDigests: []string{b.Digest}}); err != nil {
				return err
			}
		}
		_, err := c.PutImage(ctx, &ecr.PutImageInput{RepositoryName: repo, ImageTag: &env.Tag, ImageManifest: aws.String(string(env.Image.Manifest))})
		return err
	}
}

// pushLosingTypes formats the error with %v, so errors.As finds nothing.
func pushLosingTypes(api via) scenarios.Func {
	return func(ctx context.Context, env *scenarios.Env) error {
		if err := pushGood(api)(ctx, env); err != nil {
			return fmt.Errorf("push failed: %v", err)
		}
		return nil
	}
}

// listSwallowing stops at the first error and returns what it has.
func listSwallowing(api via) scenarios.Func {
	return func(ctx context.Context, env *scenarios.Env) error {
		p := ecr.NewListImagesPaginator(api(env), &ecr.ListImagesInput{RepositoryName: &env.Repository})
		for p.HasMorePages() {
			if _, err := p.NextPage(ctx); err != nil {
				break
			}
		}
		return nil
	}
}

// listFirstPage trusts one page to hold everything.
func listFirstPage(api via) scenarios.Func {
	return func(ctx context.Context, env *scenarios.Env) error {
		_, err := api(env).ListImages(ctx, &ecr.ListImagesInput{RepositoryName: &env.Repository, MaxResults: aws.Int32(1000)})
		return err
	}
}

// scanIgnoringOutcome waits and ignores how the wait ended.
func scanIgnoringOutcome(api via) scenarios.Func {
	return func(ctx context.Context, env *scenarios.Env) error {
		_ = scanGood(api)(ctx, env)
		return nil
	}
}

// scanSwallowingQuota treats LimitExceededException as a clean scan.
func scanSwallowingQuota(api via) scenarios.Func {
	return func(ctx context.Context, env *scenarios.Env) error {
		_, err := api(env).StartImageScan(ctx, &ecr.StartImageScanInput{RepositoryName: &env.Repository, ImageId: &types.ImageIdentifier{ImageTag: &env.Tag}})
		var limit *types.LimitExceededException
		if errors.As(err, &limit) {
			return nil
		}
		return err
	}
}

// pullIgnoringFailures trusts BatchGetImage's error alone.
func pullIgnoringFailures(api via) scenarios.Func {
	return func(ctx context.Context, env *scenarios.Env) error {
		_, err := api(env).BatchGetImage(ctx, &ecr.BatchGetImageInput{RepositoryName: &env.Repository,
			ImageIds: []types.ImageIdentifier{{ImageDigest: &env.Image.Digest}}})
		return err
	}
}
