package scenarios

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/ecrfake"
	"github.com/ecrfake/go-ecrfake/scenarios/images"
)

// Fixture is registry state written as data: repositories with their
// settings and policies, and the images in them with tags and ages. Seed
// creates it in a fake in one call.
type Fixture struct {
	Repositories []Repository
}

// Repository is one repository of a Fixture.
type Repository struct {
	Name             string
	TagMutability    types.ImageTagMutability // "" is MUTABLE
	ExclusionFilters []string                 // WILDCARD filters of the *_WITH_EXCLUSION modes
	ScanOnPush       bool
	Encryption       *types.EncryptionConfiguration
	ResourceTags     map[string]string
	Policy           string // repository policy JSON; "" for none
	LifecyclePolicy  string // lifecycle policy JSON; "" for none
	// Images are pushed in order, so a tag given to two images ends on the
	// later one and leaves the earlier one untagged, as in ECR.
	Images []Image
}

// Image is one image of a fixture repository.
type Image struct {
	// Image is what to push; nil pushes
	// images.New(images.Docker, "<repository>#<index>", 1024).
	Image *images.Image
	// Tags are put on the image in order; none pushes it untagged.
	Tags []string
	// Age is how long before its seeding the image was pushed (an index's
	// children share it); zero is "just now".
	Age time.Duration
	// LastPulled, when not zero, is how long before its seeding the image was
	// last pulled; zero means never.
	LastPulled time.Duration
}

// Seed creates the fixture in f, in order. Repositories, their settings and
// repository policies go in through (*ecrfake.Fake).Seed; lifecycle policies
// through PutLifecyclePolicy; images through images.Push, one blob at a time
// so that upload ids repeat; ages through SetImageTimes. The API calls made
// appear in f's call log and pass its hooks, so seed before injecting faults
// (Scenario.Run does, and empties the call log afterwards). Seed stops at the
// first error.
func (fx Fixture) Seed(ctx context.Context, f *ecrfake.Fake) error {
	for _, r := range fx.Repositories {
		seed := ecrfake.SeedRepository{
			Name: r.Name, TagMutability: r.TagMutability, ExclusionFilters: r.ExclusionFilters,
			ScanOnPush: r.ScanOnPush, Encryption: r.Encryption, ResourceTags: r.ResourceTags, Policy: r.Policy,
		}
		if _, err := f.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{seed}}); err != nil {
			return fmt.Errorf("scenarios: seed repository %s: %w", r.Name, err)
		}
		if r.LifecyclePolicy != "" {
			_, err := f.PutLifecyclePolicy(ctx, &ecr.PutLifecyclePolicyInput{RepositoryName: aws.String(r.Name), LifecyclePolicyText: aws.String(r.LifecyclePolicy)})
			if err != nil {
				return fmt.Errorf("scenarios: seed lifecycle policy of %s: %w", r.Name, err)
			}
		}
		for i, im := range r.Images {
			img := im.Image
			if img == nil {
				img = images.New(images.Docker, fmt.Sprintf("%s#%d", r.Name, i), 1024)
			}
			if err := images.Push(ctx, f, r.Name, img, images.PushOptions{Tags: im.Tags, Concurrency: 1}); err != nil {
				return fmt.Errorf("scenarios: seed image %d of %s: %w", i, r.Name, err)
			}
			if err := age(ctx, f, r.Name, img, im.Age, im.LastPulled); err != nil {
				return fmt.Errorf("scenarios: seed image %d of %s: %w", i, r.Name, err)
			}
		}
	}
	return nil
}

// age dates an image, and an index's children, pushed and lastPulled before
// the push time the fake recorded when Seed pushed it.
func age(ctx context.Context, f *ecrfake.Fake, repo string, img *images.Image, pushed, lastPulled time.Duration) error {
	if pushed == 0 && lastPulled == 0 {
		return nil
	}
	all := append([]*images.Image{img}, img.Children...)
	ids := make([]types.ImageIdentifier, len(all))
	for i, im := range all {
		ids[i] = types.ImageIdentifier{ImageDigest: aws.String(im.Digest)}
	}
	out, err := f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: &repo, ImageIds: ids})
	if err != nil {
		return err
	}
	for _, d := range out.ImageDetails {
		at := aws.ToTime(d.ImagePushedAt)
		var pulled time.Time
		if lastPulled != 0 {
			pulled = at.Add(-lastPulled)
		}
		if err := f.SetImageTimes(repo, aws.ToString(d.ImageDigest), at.Add(-pushed), pulled); err != nil {
			return err
		}
	}
	return nil
}
