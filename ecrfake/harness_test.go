package ecrfake_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// observe returns everything a client can see of the fake's state.
func observe(t *testing.T, f *ecrfake.Fake) []any {
	t.Helper()
	ctx := context.Background()
	var seen []any
	repos, err := f.DescribeRepositories(ctx, nil)
	require.NoError(t, err)
	seen = append(seen, repos.Repositories)
	for _, r := range repos.Repositories {
		imgs, err := f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: r.RepositoryName, Filter: &types.DescribeImagesFilter{ImageStatus: types.ImageStatusFilterAny}})
		require.NoError(t, err)
		tags, err := f.ListTagsForResource(ctx, &ecr.ListTagsForResourceInput{ResourceArn: r.RepositoryArn})
		require.NoError(t, err)
		policy, err := f.GetRepositoryPolicy(ctx, &ecr.GetRepositoryPolicyInput{RepositoryName: r.RepositoryName})
		seen = append(seen, imgs.ImageDetails, tags.Tags, policy, err == nil)
	}
	return append(seen, ecrfake.Stats(f))
}

func TestSeed(t *testing.T) {
	f, _, ctx := newFake(t)
	old := epoch.Add(-30 * 24 * time.Hour)
	seeded, err := f.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{
		{
			Name: "team/app", TagMutability: types.ImageTagMutabilityImmutableWithExclusion, ExclusionFilters: []string{"dev-*"},
			ScanOnPush: true, ResourceTags: map[string]string{"team": "a", "env": "prod"},
			Policy: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:BatchGetImage"}]}`,
			Images: []ecrfake.SeedImage{
				{Tags: []string{"v1", "latest"}, PushedAt: old, LastPulledAt: old.Add(time.Hour)},
				{LayerSizes: []int{10, 20}},
			},
		},
		{Name: "empty"},
	}})
	require.NoError(t, err)
	assert.Empty(t, f.Calls(), "seeding is not recorded")
	require.Len(t, seeded, 2)
	assert.Equal(t, "team/app", seeded[0].Repository)

	d := describe(t, f, "team/app", seeded[0].Digest)
	assert.Equal(t, []string{"latest", "v1"}, d.ImageTags)
	assert.Equal(t, old, *d.ImagePushedAt)
	assert.Equal(t, old.Add(time.Hour), *d.LastRecordedPullTime)
	d2 := describe(t, f, "team/app", seeded[1].Digest)
	assert.Nil(t, d2.ImageTags)
	assert.Equal(t, epoch, *d2.ImagePushedAt)

	repo, err := f.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{RepositoryNames: []string{"team/app"}})
	require.NoError(t, err)
	assert.Equal(t, types.ImageTagMutabilityImmutableWithExclusion, repo.Repositories[0].ImageTagMutability)
	assert.True(t, repo.Repositories[0].ImageScanningConfiguration.ScanOnPush)

	// Seeded state obeys the rules: the immutable tag cannot move.
	_, err = f.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{Name: "BAD"}}})
	apiError(t, err, "InvalidParameterException")

	// The same seed gives the same digests.
	g, _, _ := newFake(t)
	again, err := g.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{Name: "team/app", Images: []ecrfake.SeedImage{{Tags: []string{"v1", "latest"}}}}}})
	require.NoError(t, err)
	assert.Equal(t, seeded[0].Digest, again[0].Digest)
}

// Seed archives an image with ArchivedAt through UpdateImageStorageClass, at
// that time, and refuses an archive time before the push.
func TestSeedArchivedImage(t *testing.T) {
	f, _, ctx := newFake(t)
	pushed, archived := epoch.Add(-200*24*time.Hour), epoch.Add(-100*24*time.Hour)
	seeded, err := f.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{Name: "app", Images: []ecrfake.SeedImage{
		{Tags: []string{"old"}, PushedAt: pushed, ArchivedAt: archived},
		{Tags: []string{"new"}},
	}}}})
	require.NoError(t, err)
	out, err := f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("app"), Filter: &types.DescribeImagesFilter{ImageStatus: types.ImageStatusFilterArchived}})
	require.NoError(t, err)
	require.Len(t, out.ImageDetails, 1)
	d := out.ImageDetails[0]
	assert.Equal(t, seeded[0].Digest, *d.ImageDigest)
	assert.Equal(t, types.ImageStatusArchived, d.ImageStatus)
	assert.Equal(t, archived, *d.LastArchivedAt)
	assert.Equal(t, pushed, *d.ImagePushedAt)
	assert.Nil(t, d.LastActivatedAt)
	assert.Equal(t, types.ImageStatusActive, describe(t, f, "app", seeded[1].Digest).ImageStatus)

	_, err = f.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{Name: "other", Images: []ecrfake.SeedImage{{PushedAt: archived, ArchivedAt: pushed}}}}})
	require.ErrorContains(t, err, "ArchivedAt")
	require.ErrorContains(t, err, "is before PushedAt")
}

func TestSetImageTimes(t *testing.T) {
	f, _, _ := newFake(t)
	createRepo(t, f, "app")
	_, d := pushImage(t, f, "app", "v1", "one")
	when := epoch.Add(-48 * time.Hour)
	require.NoError(t, f.SetImageTimes("app", d, when, when.Add(time.Minute)))
	det := describe(t, f, "app", d)
	assert.Equal(t, when, *det.ImagePushedAt)
	assert.Equal(t, when.Add(time.Minute), *det.LastRecordedPullTime)
	apiError(t, f.SetImageTimes("app", sha([]byte("x")), when, time.Time{}), "ImageNotFoundException")
	apiError(t, f.SetImageTimes("nope", d, when, time.Time{}), "RepositoryNotFoundException")
}

func TestSnapshotRestoreReset(t *testing.T) {
	f, _, ctx := newFake(t)
	_, err := f.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{Name: "app", Images: []ecrfake.SeedImage{{Tags: []string{"v1"}}}}}})
	require.NoError(t, err)
	up, err := f.InitiateLayerUpload(ctx, &ecr.InitiateLayerUploadInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	base := f.Snapshot()
	want := observe(t, f)

	// After the snapshot: what a subtest does.
	afterSnapshot := func() (string, error) {
		pushImage(t, f, "app", "v2", "two")
		next, err := f.InitiateLayerUpload(ctx, &ecr.InitiateLayerUploadInput{RepositoryName: aws.String("app")})
		require.NoError(t, err)
		_, err = f.DeleteRepository(ctx, &ecr.DeleteRepositoryInput{RepositoryName: aws.String("nope")})
		return *next.UploadId, err
	}
	id1, err1 := afterSnapshot()
	_, err = f.UploadLayerPart(ctx, &ecr.UploadLayerPartInput{RepositoryName: aws.String("app"), UploadId: up.UploadId, PartFirstByte: aws.Int64(0), PartLastByte: aws.Int64(0), LayerPartBlob: []byte("x")})
	require.NoError(t, err)
	assert.NotEqual(t, want, observe(t, f))

	f.Restore(base)
	assert.Equal(t, want, observe(t, f), "restored byte for byte")
	id2, err2 := afterSnapshot()
	assert.Equal(t, id1, id2, "ids after a restore repeat")
	assert.Equal(t, err1.Error(), err2.Error(), "request ids too")

	f.Restore(base) // a snapshot can be restored again
	assert.Equal(t, want, observe(t, f))

	f.Inject(ecrfake.Fail(ecrfake.OpListImages, ecrfake.ErrServer()))
	f.Reset()
	repos, err := f.DescribeRepositories(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, repos.Repositories)
	assert.Len(t, f.Calls(), 1, "the call log restarted")
	createRepo(t, f, "app")
	_, err = f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app")})
	assert.NoError(t, err, "hooks are gone")
}

func TestCallRecording(t *testing.T) {
	f, clock, ctx := newFake(t)
	createRepo(t, f, "app")
	clock.Advance(time.Second)
	in := &ecr.ListImagesInput{RepositoryName: aws.String("app"), MaxResults: aws.Int32(5)}
	_, err := f.ListImages(ctx, in)
	require.NoError(t, err)
	_, err = f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("nope")})
	require.Error(t, err)
	_, err = f.CreateRepository(ctx, nil)
	require.Error(t, err)

	calls := f.Calls()
	require.Len(t, calls, 4)
	assert.Equal(t, []int{1, 2, 3, 4}, []int{calls[0].Seq, calls[1].Seq, calls[2].Seq, calls[3].Seq})
	assert.Equal(t, ecrfake.OpCreateRepository, calls[0].Op)
	assert.Equal(t, epoch, calls[0].Time)
	assert.Equal(t, epoch.Add(time.Second), calls[1].Time)
	assert.Equal(t, ecrfake.OpListImages, calls[1].Op)
	assert.NotNil(t, calls[1].Output)
	assert.NoError(t, calls[1].Err)
	assert.Nil(t, calls[2].Output)
	assert.Equal(t, "RepositoryNotFoundException", errorCode(calls[2].Err))
	assert.Equal(t, &ecr.CreateRepositoryInput{}, calls[3].Input, "a nil input is recorded as the empty input")

	*in.RepositoryName = "mutated-by-caller"
	lists := ecrfake.CallsOf[ecr.ListImagesInput](f)
	require.Len(t, lists, 2)
	assert.Equal(t, "app", *lists[0].RepositoryName, "inputs are copied when recorded")
	*lists[0].RepositoryName = "mutated-by-reader"
	assert.Equal(t, "app", *ecrfake.CallsOf[ecr.ListImagesInput](f)[0].RepositoryName, "and when read")

	assert.Len(t, f.CallsTo(ecrfake.OpCreateRepository), 2)
	f.ResetCalls()
	assert.Empty(t, f.Calls())

	quiet := ecrfake.New(ecrfake.WithCallRecording(false))
	_, _ = quiet.DescribeRepositories(ctx, nil)
	assert.Panics(t, func() { quiet.Calls() }, "a log that is off cannot be read (see TestDisabledLogPanics)")
}

func TestSetReplicationStatus(t *testing.T) {
	f, _, ctx := newFake(t)
	_, err := f.PutReplicationConfiguration(ctx, &ecr.PutReplicationConfigurationInput{ReplicationConfiguration: &types.ReplicationConfiguration{
		Rules: []types.ReplicationRule{{Destinations: []types.ReplicationDestination{
			{Region: aws.String("eu-west-1"), RegistryId: aws.String("123456789012")},
			{Region: aws.String("us-west-2"), RegistryId: aws.String("210987654321")},
		}}},
	}})
	require.NoError(t, err)
	seeded, err := f.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{Name: "app", Images: []ecrfake.SeedImage{{Tags: []string{"v1"}}}}}})
	require.NoError(t, err)
	d := seeded[0].Digest
	base := f.Snapshot()
	require.NoError(t, f.SetReplicationStatus("app", d, "us-west-2", "210987654321", types.ReplicationStatusFailed, "ACCESS_DENIED"))
	statuses := func() []types.ImageReplicationStatus {
		out, err := f.DescribeImageReplicationStatus(ctx, &ecr.DescribeImageReplicationStatusInput{RepositoryName: aws.String("app"), ImageId: &types.ImageIdentifier{ImageDigest: aws.String(d)}})
		require.NoError(t, err)
		return out.ReplicationStatuses
	}
	got := statuses()
	require.Len(t, got, 2)
	assert.Equal(t, types.ReplicationStatusComplete, got[0].Status)
	assert.Equal(t, types.ReplicationStatusFailed, got[1].Status)
	assert.Equal(t, "ACCESS_DENIED", aws.ToString(got[1].FailureCode))

	f.Restore(base)
	assert.Equal(t, types.ReplicationStatusComplete, statuses()[1].Status, "the override is part of the snapshot's state")
	apiError(t, f.SetReplicationStatus("app", sha([]byte("x")), "us-west-2", "210987654321", types.ReplicationStatusFailed, ""), "ImageNotFoundException")
}
