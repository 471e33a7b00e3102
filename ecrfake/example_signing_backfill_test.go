package ecrfake_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// pushExampleImage pushes a one-layer OCI image to repo with tag.
func pushExampleImage(ctx context.Context, f *ecrfake.Fake, repo, tag, seed string) {
	config, layer := []byte(`{"os":"linux","seed":"`+seed+`"}`), []byte("layer of "+seed)
	manifest := fmt.Sprintf(`{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",`+
		`"config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":%d,"digest":%q},`+
		`"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","size":%d,"digest":%q}]}`,
		len(config), uploadExampleBlob(ctx, f, repo, config), len(layer), uploadExampleBlob(ctx, f, repo, layer))
	if _, err := f.PutImage(ctx, &ecr.PutImageInput{RepositoryName: &repo, ImageManifest: &manifest, ImageTag: &tag}); err != nil {
		panic(err)
	}
}

// Images pushed while a signing rule matches their repository are signed
// with the rule's profile at once (COMPLETE); images pushed before, or after
// the configuration is deleted, are not.
func ExampleFake_PutSigningConfiguration() {
	ctx := context.Background()
	clock := ecrfake.NewManualClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	f := ecrfake.New(ecrfake.WithClock(clock))
	repo := "team/production"
	if _, err := f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: &repo}); err != nil {
		panic(err)
	}
	pushExampleImage(ctx, f, repo, "old", "old")
	clock.Advance(time.Second)

	_, err := f.PutSigningConfiguration(ctx, &ecr.PutSigningConfigurationInput{SigningConfiguration: &types.SigningConfiguration{
		Rules: []types.SigningRule{{
			SigningProfileArn: aws.String("arn:aws:signer:us-east-1:123456789012:/signing-profiles/Production"),
			RepositoryFilters: []types.SigningRepositoryFilter{{Filter: aws.String("*/production"), FilterType: types.SigningRepositoryFilterTypeWildcardMatch}},
		}},
	}})
	if err != nil {
		panic(err)
	}
	clock.Advance(time.Second)
	pushExampleImage(ctx, f, repo, "new", "new")

	for _, tag := range []string{"old", "new"} {
		out, err := f.DescribeImageSigningStatus(ctx, &ecr.DescribeImageSigningStatusInput{
			RepositoryName: &repo, ImageId: &types.ImageIdentifier{ImageTag: aws.String(tag)},
		})
		if err != nil {
			panic(err)
		}
		fmt.Println(tag, len(out.SigningStatuses))
		for _, s := range out.SigningStatuses {
			fmt.Println(" ", *s.SigningProfileArn, s.Status)
		}
	}

	if _, err := f.DeleteSigningConfiguration(ctx, nil); err != nil {
		panic(err)
	}
	_, err = f.GetSigningConfiguration(ctx, nil)
	var missing *types.SigningConfigurationNotFoundException
	fmt.Println(errors.As(err, &missing))
	// Output:
	// old 0
	// new 1
	//   arn:aws:signer:us-east-1:123456789012:/signing-profiles/Production COMPLETE
	// true
}

// A replication backfill is PREPARING for a minute of fake-clock time, then
// replicates one image and tag a second; its per-image results appear once
// it is COMPLETE.
func ExampleFake_StartReplicationBackfill() {
	ctx := context.Background()
	clock := ecrfake.NewManualClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	f := ecrfake.New(ecrfake.WithClock(clock))
	repo := "app"
	if _, err := f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: &repo}); err != nil {
		panic(err)
	}
	pushExampleImage(ctx, f, repo, "v1", "one")
	pushExampleImage(ctx, f, repo, "v2", "two")
	eu := types.ReplicationDestination{Region: aws.String("eu-west-1"), RegistryId: aws.String("123456789012")}
	_, err := f.PutReplicationConfiguration(ctx, &ecr.PutReplicationConfigurationInput{
		ReplicationConfiguration: &types.ReplicationConfiguration{Rules: []types.ReplicationRule{{Destinations: []types.ReplicationDestination{eu}}}},
	})
	if err != nil {
		panic(err)
	}

	started, err := f.StartReplicationBackfill(ctx, &ecr.StartReplicationBackfillInput{Destination: &eu})
	if err != nil {
		panic(err)
	}
	fmt.Println(*started.ReplicationBackfillId, started.Status)

	for _, d := range []time.Duration{time.Minute, time.Second, time.Second} {
		clock.Advance(d)
		out, err := f.DescribeReplicationBackfillResults(ctx, &ecr.DescribeReplicationBackfillResultsInput{ReplicationBackfillId: started.ReplicationBackfillId})
		if err != nil {
			panic(err)
		}
		fmt.Println(out.Status, *out.Progress.CompletedReplicationCount, "of", *out.Progress.TotalReplicationCount)
		for _, r := range out.Results {
			fmt.Println(" ", *r.RepositoryName, *r.ImageId.ImageTag, r.Status)
		}
	}
	// Output:
	// 00000000-0000-40bf-8001-000000000001 PREPARING
	// IN_PROGRESS 0 of 2
	// IN_PROGRESS 1 of 2
	// COMPLETE 2 of 2
	//   app v1 COMPLETE
	//   app v2 COMPLETE
}
