package ecrfake_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

func put(f *ecrfake.Fake, repo, manifest, tag string) (*ecr.PutImageOutput, error) {
	in := &ecr.PutImageInput{RepositoryName: aws.String(repo), ImageManifest: aws.String(manifest)}
	if tag != "" {
		in.ImageTag = aws.String(tag)
	}
	return f.PutImage(context.Background(), in)
}

func TestPutImageAcceptsEveryManifestKind(t *testing.T) {
	f, _, _ := newFake(t)
	createRepo(t, f, "app")
	config, layer := []byte(`{"os":"linux"}`), []byte("layer")
	uploadBlob(t, f, "app", config)
	uploadBlob(t, f, "app", layer)
	docker := imageManifest(mtDockerV2, config, layer)
	oci := imageManifest(mtOCIManifest, config, layer)
	for _, tc := range []struct {
		kind, manifest, mediaType string
	}{
		{"docker schema 2", docker, mtDockerV2},
		{"oci manifest", oci, mtOCIManifest},
		{"docker manifest list", indexManifest(mtDockerList, docker), mtDockerList},
		{"oci index", indexManifest(mtOCIIndex, oci), mtOCIIndex},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			out, err := put(f, "app", tc.manifest, tc.kind[:3]+"-tag")
			require.NoError(t, err)
			img := out.Image
			assert.Equal(t, sha([]byte(tc.manifest)), *img.ImageId.ImageDigest, "digest of the exact bytes")
			assert.Equal(t, tc.manifest, *img.ImageManifest)
			assert.Equal(t, tc.mediaType, *img.ImageManifestMediaType)
			assert.Equal(t, "app", *img.RepositoryName)
			assert.Equal(t, "123456789012", *img.RegistryId)
		})
	}
}

func TestPutImageDigestIsOverTheExactBytes(t *testing.T) {
	f, _, _ := newFake(t)
	createRepo(t, f, "app")
	config, layer := []byte(`{}`), []byte("l")
	uploadBlob(t, f, "app", config)
	uploadBlob(t, f, "app", layer)
	compact := imageManifest(mtDockerV2, config, layer)
	spaced := strings.Replace(compact, `{"schemaVersion":2,`, "{\n  \"schemaVersion\": 2,", 1)
	a, err := put(f, "app", compact, "")
	require.NoError(t, err)
	b, err := put(f, "app", spaced, "")
	require.NoError(t, err, "same JSON, different bytes: a different image")
	assert.NotEqual(t, *a.Image.ImageId.ImageDigest, *b.Image.ImageId.ImageDigest)
	assert.Equal(t, spaced, *b.Image.ImageManifest)
}

func TestPutImageFailures(t *testing.T) {
	f, _, _ := newFake(t, ecrfake.WithLimits(ecrfake.Limits{MaxLayersPerImage: 2}))
	createRepo(t, f, "app")
	config, layer := []byte(`{}`), []byte("l")
	uploadBlob(t, f, "app", config)
	uploadBlob(t, f, "app", layer)
	good := imageManifest(mtDockerV2, config, layer)
	missingLayer := imageManifest(mtDockerV2, config, layer, []byte("not uploaded"))
	tooMany := imageManifest(mtDockerV2, config, layer, layer, layer)
	list := indexManifest(mtDockerList, good, "not pushed")

	for _, tc := range []struct {
		name string
		in   ecr.PutImageInput
		code string
		msg  string
	}{
		{"invalid json", ecr.PutImageInput{ImageManifest: aws.String("{")}, "InvalidParameterException",
			"Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'"},
		{"digest does not match", ecr.PutImageInput{ImageManifest: aws.String(good), ImageDigest: aws.String(sha([]byte("other")))}, "ImageDigestDoesNotMatchException", ""},
		{"layers not found", ecr.PutImageInput{ImageManifest: aws.String(missingLayer)}, "LayersNotFoundException", ""},
		{"too many layers", ecr.PutImageInput{ImageManifest: aws.String(tooMany)}, "InvalidParameterException",
			"Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Limit on number of layers per image exceeded'"},
		{"referenced images not found", ecr.PutImageInput{ImageManifest: aws.String(list)}, "ReferencedImagesNotFoundException", ""},
		{"invalid tag", ecr.PutImageInput{ImageManifest: aws.String(good), ImageTag: aws.String("bad tag")}, "InvalidParameterException",
			"Invalid parameter at 'imageTag' failed to satisfy constraint: 'must satisfy regular expression '[a-zA-Z0-9-_.]+''"},
		{"unknown repository", ecr.PutImageInput{RepositoryName: aws.String("nope"), ImageManifest: aws.String(good)}, "RepositoryNotFoundException", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			if in.RepositoryName == nil {
				in.RepositoryName = aws.String("app")
			}
			_, err := f.PutImage(t.Context(), &in)
			ae := apiError(t, err, tc.code)
			if tc.msg != "" {
				assert.Equal(t, tc.msg, ae.ErrorMessage())
			}
			assert.Equal(t, 0, ecrfake.Stats(f).Images, "failed PutImage stored nothing")
		})
	}
	out, err := f.PutImage(t.Context(), &ecr.PutImageInput{RepositoryName: aws.String("app"), ImageManifest: aws.String(good), ImageDigest: aws.String(sha([]byte(good)))})
	require.NoError(t, err, "a matching imageDigest is accepted")
	assert.Nil(t, out.Image.ImageId.ImageTag)
}

func TestPutImageIdempotencyAndTags(t *testing.T) {
	f, _, _ := newFake(t)
	createRepo(t, f, "app")
	m1, d1 := pushImage(t, f, "app", "latest", "one")

	_, err := put(f, "app", m1, "latest")
	ae := apiError(t, err, "ImageAlreadyExistsException")
	assert.Equal(t, "Image with digest '"+d1+"' and tag 'latest' already exists in the repository with name 'app' in registry with id '123456789012'", ae.ErrorMessage())
	_, err = put(f, "app", m1, "")
	apiError(t, err, "ImageAlreadyExistsException")

	_, err = put(f, "app", m1, "v1") // same manifest, new tag: a retag
	require.NoError(t, err)
	assert.Equal(t, []string{"latest", "v1"}, describe(t, f, "app", d1).ImageTags)

	_, d2 := pushImage(t, f, "app", "latest", "two") // the tag moves
	assert.Equal(t, []string{"v1"}, describe(t, f, "app", d1).ImageTags)
	assert.Equal(t, []string{"latest"}, describe(t, f, "app", d2).ImageTags)

	_, err = f.BatchDeleteImage(t.Context(), &ecr.BatchDeleteImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("v1")}}})
	require.NoError(t, err)
	_, d3 := pushImage(t, f, "app", "latest", "three")
	assert.Nil(t, describe(t, f, "app", d2).ImageTags, "losing its tag to a push leaves the image, untagged")
	assert.Equal(t, []string{"latest"}, describe(t, f, "app", d3).ImageTags)
}

func TestTagMutabilityModes(t *testing.T) {
	filters := []types.ImageTagMutabilityExclusionFilter{{Filter: aws.String("dev-*"), FilterType: types.ImageTagMutabilityExclusionFilterTypeWildcard}}
	for _, tc := range []struct {
		mode                 types.ImageTagMutability
		latestMoves, devMove bool
	}{
		{types.ImageTagMutabilityMutable, true, true},
		{types.ImageTagMutabilityImmutable, false, false},
		{types.ImageTagMutabilityImmutableWithExclusion, false, true},
		{types.ImageTagMutabilityMutableWithExclusion, true, false},
	} {
		t.Run(string(tc.mode), func(t *testing.T) {
			f, _, _ := newFake(t)
			in := &ecr.CreateRepositoryInput{RepositoryName: aws.String("app"), ImageTagMutability: tc.mode}
			if strings.HasSuffix(string(tc.mode), "EXCLUSION") {
				in.ImageTagMutabilityExclusionFilters = filters
			}
			_, err := f.CreateRepository(t.Context(), in)
			require.NoError(t, err)
			pushImage(t, f, "app", "latest", "a")
			pushImage(t, f, "app", "dev-1", "b")
			m, _ := pushImage(t, f, "app", "", "c")
			for tag, moves := range map[string]bool{"latest": tc.latestMoves, "dev-1": tc.devMove} {
				_, err := put(f, "app", m, tag)
				if moves {
					assert.NoError(t, err, tag)
					continue
				}
				ae := apiError(t, err, "ImageTagAlreadyExistsException")
				assert.Equal(t, "The image tag '"+tag+"' already exists in the 'app' repository and cannot be overwritten because the tag is immutable.", ae.ErrorMessage())
			}
			_, err = put(f, "app", m, "brand-new")
			assert.NoError(t, err, "a new tag is always allowed")
		})
	}
}

func TestImmutableRepushOfSameTag(t *testing.T) {
	for _, tagConflict := range []bool{true, false} {
		f, _, ctx := newFake(t, ecrfake.WithImmutableRepushConflict(tagConflict))
		_, err := f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("app"), ImageTagMutability: types.ImageTagMutabilityImmutable})
		require.NoError(t, err)
		m, _ := pushImage(t, f, "app", "v1", "a")
		_, err = put(f, "app", m, "v1")
		if tagConflict {
			apiError(t, err, "ImageTagAlreadyExistsException")
		} else {
			apiError(t, err, "ImageAlreadyExistsException")
		}
	}
}

func TestImageLimits(t *testing.T) {
	f, _, _ := newFake(t, ecrfake.WithLimits(ecrfake.Limits{MaxTagsPerImage: 2, MaxImagesPerRepository: 2}))
	createRepo(t, f, "app")
	m, _ := pushImage(t, f, "app", "a", "one")
	_, err := put(f, "app", m, "b")
	require.NoError(t, err)
	_, err = put(f, "app", m, "c")
	ae := apiError(t, err, "LimitExceededException")
	assert.Equal(t, "Adding tag 'c' to an image in the repository with name 'app' in registry with id '123456789012' exceeds the maximum allowed number of tags per image which is '2'", ae.ErrorMessage())
	pushImage(t, f, "app", "", "two")
	config := []byte(`{"architecture":"amd64","os":"linux","seed":"three"}`)
	uploadBlob(t, f, "app", config)
	uploadBlob(t, f, "app", []byte("layer-of-three"))
	_, err = put(f, "app", imageManifest(mtDockerV2, config, []byte("layer-of-three")), "")
	apiError(t, err, "LimitExceededException")
}

func TestBatchGetImage(t *testing.T) {
	f, clock, ctx := newFake(t)
	createRepo(t, f, "app")
	m1, d1 := pushImage(t, f, "app", "v1", "one")
	_, d2 := pushImage(t, f, "app", "v2", "two")
	clock.Advance(time.Hour)

	out, err := f.BatchGetImage(ctx, &ecr.BatchGetImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{
		{ImageTag: aws.String("v1")},
		{ImageDigest: aws.String(d1)},
		{ImageTag: aws.String("v1")}, // duplicate: collapses
		{ImageTag: aws.String("nope")},
		{},
		{ImageDigest: aws.String("sha256:zz")},
		{ImageTag: aws.String("bad tag")},
		{ImageDigest: aws.String(d2), ImageTag: aws.String("v1")},
	}})
	require.NoError(t, err)
	require.Len(t, out.Images, 2)
	assert.Equal(t, types.ImageIdentifier{ImageDigest: aws.String(d1), ImageTag: aws.String("v1")}, *out.Images[0].ImageId)
	assert.Equal(t, types.ImageIdentifier{ImageDigest: aws.String(d1)}, *out.Images[1].ImageId)
	assert.Equal(t, m1, *out.Images[0].ImageManifest)
	assert.Equal(t, mtDockerV2, *out.Images[0].ImageManifestMediaType)
	codes := make([]types.ImageFailureCode, len(out.Failures))
	for i, fl := range out.Failures {
		codes[i] = fl.FailureCode
	}
	assert.Equal(t, []types.ImageFailureCode{
		types.ImageFailureCodeImageNotFound, types.ImageFailureCodeMissingDigestAndTag, types.ImageFailureCodeInvalidImageDigest,
		types.ImageFailureCodeInvalidImageTag, types.ImageFailureCodeImageTagDoesNotMatchDigest,
	}, codes)
	assert.Equal(t, "Requested image not found", *out.Failures[0].FailureReason)
	assert.Equal(t, "nope", *out.Failures[0].ImageId.ImageTag)

	assert.Equal(t, epoch.Add(time.Hour), *describe(t, f, "app", d1).LastRecordedPullTime, "a pull records its time")
	assert.Nil(t, describe(t, f, "app", d2).LastRecordedPullTime)

	out, err = f.BatchGetImage(ctx, &ecr.BatchGetImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("v1")}}, AcceptedMediaTypes: []string{mtOCIManifest}})
	require.NoError(t, err)
	assert.Empty(t, out.Images)
	assert.Equal(t, types.ImageFailureCodeImageNotFound, out.Failures[0].FailureCode)

	_, err = f.BatchGetImage(ctx, &ecr.BatchGetImageInput{RepositoryName: aws.String("app"), ImageIds: make([]types.ImageIdentifier, 101)})
	apiError(t, err, "InvalidParameterException")
}

func TestBatchDeleteImage(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	m, d1 := pushImage(t, f, "app", "a", "one")
	_, err := put(f, "app", m, "b")
	require.NoError(t, err)
	_, d2 := pushImage(t, f, "app", "c", "two")
	_, d3 := pushImage(t, f, "app", "", "three")

	out, err := f.BatchDeleteImage(ctx, &ecr.BatchDeleteImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{
		{ImageTag: aws.String("a")},                              // untag: d1 keeps b
		{ImageDigest: aws.String(d2)},                            // delete with its tag c
		{ImageDigest: aws.String(d3)},                            // delete untagged
		{ImageTag: aws.String("c")},                              // already gone
		{ImageDigest: aws.String(d1), ImageTag: aws.String("c")}, // not found: the tag no longer exists
	}})
	require.NoError(t, err)
	assert.Equal(t, []types.ImageIdentifier{
		{ImageDigest: aws.String(d1), ImageTag: aws.String("a")},
		{ImageDigest: aws.String(d2), ImageTag: aws.String("c")},
		{ImageDigest: aws.String(d3)},
	}, out.ImageIds)
	require.Len(t, out.Failures, 2)
	assert.Equal(t, types.ImageFailureCodeImageNotFound, out.Failures[0].FailureCode)
	assert.Equal(t, types.ImageFailureCodeImageTagDoesNotMatchDigest, out.Failures[1].FailureCode)
	assert.Equal(t, []string{"b"}, describe(t, f, "app", d1).ImageTags)

	out, err = f.BatchDeleteImage(ctx, &ecr.BatchDeleteImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("b")}}})
	require.NoError(t, err)
	assert.Len(t, out.ImageIds, 1)
	assert.Equal(t, 0, ecrfake.Stats(f).Images, "removing the last tag deletes the image")
}

func TestDeletingAChildOfAnIndexFails(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	child, childDigest := pushImage(t, f, "app", "amd64", "one")
	out, err := put(f, "app", indexManifest(mtDockerList, child), "multi")
	require.NoError(t, err)
	assert.Equal(t, describe(t, f, "app", childDigest).ImageSizeInBytes, describe(t, f, "app", *out.Image.ImageId.ImageDigest).ImageSizeInBytes, "an index is as large as its largest child")

	del, err := f.BatchDeleteImage(ctx, &ecr.BatchDeleteImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{{ImageDigest: aws.String(childDigest)}, {ImageTag: aws.String("amd64")}}})
	require.NoError(t, err)
	require.Len(t, del.Failures, 2)
	for _, fl := range del.Failures {
		assert.Equal(t, types.ImageFailureCodeImageReferencedByManifestList, fl.FailureCode)
	}
	del, err = f.BatchDeleteImage(ctx, &ecr.BatchDeleteImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("multi")}, {ImageDigest: aws.String(childDigest)}}})
	require.NoError(t, err)
	assert.Empty(t, del.Failures, "once the index is gone the child may go")
}

func TestListImagesCardinalityAndFilters(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	m, d1 := pushImage(t, f, "app", "b", "one")
	_, err := put(f, "app", m, "a")
	require.NoError(t, err)
	_, d2 := pushImage(t, f, "app", "", "two")
	list := func(status types.TagStatus) []types.ImageIdentifier {
		in := &ecr.ListImagesInput{RepositoryName: aws.String("app")}
		if status != "" {
			in.Filter = &types.ListImagesFilter{TagStatus: status}
		}
		out, err := f.ListImages(ctx, in)
		require.NoError(t, err)
		return out.ImageIds
	}
	tagged := []types.ImageIdentifier{{ImageDigest: aws.String(d1), ImageTag: aws.String("a")}, {ImageDigest: aws.String(d1), ImageTag: aws.String("b")}}
	untagged := []types.ImageIdentifier{{ImageDigest: aws.String(d2)}}
	assert.Equal(t, append(tagged, untagged...), list(""))
	assert.Equal(t, append(tagged, untagged...), list(types.TagStatusAny))
	assert.Equal(t, tagged, list(types.TagStatusTagged))
	assert.Equal(t, untagged, list(types.TagStatusUntagged))

	out, err := f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app"), Filter: &types.ListImagesFilter{ImageStatus: types.ImageStatusFilterArchived}})
	require.NoError(t, err)
	assert.Empty(t, out.ImageIds, "no image is archived")
}

func TestListImagesPaginatesWithoutDuplicates(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	var want []string
	for i := range 7 {
		m, _ := pushImage(t, f, "app", fmt.Sprintf("t%d-a", i), fmt.Sprint(i))
		_, err := put(f, "app", m, fmt.Sprintf("t%d-b", i))
		require.NoError(t, err)
		want = append(want, fmt.Sprintf("t%d-a", i), fmt.Sprintf("t%d-b", i))
	}
	for _, size := range []int32{1, 2, 3, 5, 14, 100} {
		p := ecr.NewListImagesPaginator(f, &ecr.ListImagesInput{RepositoryName: aws.String("app"), MaxResults: aws.Int32(size)})
		var got []string
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			require.NoError(t, err)
			assert.LessOrEqual(t, len(page.ImageIds), int(size))
			for _, id := range page.ImageIds {
				got = append(got, *id.ImageTag)
			}
		}
		assert.Equal(t, want, got, "page size %d", size)
	}

	// Deleting the image a page ended in does not lose or repeat the rest.
	page, err := f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app"), MaxResults: aws.Int32(3)})
	require.NoError(t, err)
	require.Equal(t, "t1-a", *page.ImageIds[2].ImageTag)
	_, err = f.BatchDeleteImage(ctx, &ecr.BatchDeleteImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{{ImageDigest: page.ImageIds[2].ImageDigest}}})
	require.NoError(t, err)
	rest, err := f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app"), NextToken: page.NextToken})
	require.NoError(t, err)
	assert.Equal(t, "t2-a", *rest.ImageIds[0].ImageTag)
	assert.Len(t, rest.ImageIds, 10)
}

func TestDescribeImages(t *testing.T) {
	f, clock, ctx := newFake(t)
	createRepo(t, f, "app")
	_, d1 := pushImage(t, f, "app", "v1", "one")
	clock.Advance(90 * time.Second)
	_, d2 := pushImage(t, f, "app", "", "two")

	d := describe(t, f, "app", d1)
	config := []byte(`{"architecture":"amd64","os":"linux","seed":"one"}`)
	assert.Equal(t, types.ImageDetail{
		ArtifactMediaType:      aws.String(mtDockerConfig),
		ImageDigest:            aws.String(d1),
		ImageManifestMediaType: aws.String(mtDockerV2),
		ImagePushedAt:          aws.Time(epoch),
		ImageSizeInBytes:       aws.Int64(int64(len(config) + len("layer-of-one"))),
		ImageStatus:            types.ImageStatusActive,
		ImageTags:              []string{"v1"},
		RegistryId:             aws.String("123456789012"),
		RepositoryName:         aws.String("app"),
	}, d)
	assert.Equal(t, epoch.Add(90*time.Second), *describe(t, f, "app", d2).ImagePushedAt)

	all, err := f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	require.Len(t, all.ImageDetails, 2)
	assert.Equal(t, d1, *all.ImageDetails[0].ImageDigest, "push order")

	untagged, err := f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("app"), Filter: &types.DescribeImagesFilter{TagStatus: types.TagStatusUntagged}})
	require.NoError(t, err)
	require.Len(t, untagged.ImageDetails, 1)
	assert.Equal(t, d2, *untagged.ImageDetails[0].ImageDigest)

	_, err = f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("v1")}, {ImageTag: aws.String("nope")}}})
	ae := apiError(t, err, "ImageNotFoundException")
	assert.Equal(t, "The image with imageId {imageDigest:'null', imageTag:'nope'} does not exist within the repository with name 'app' in the registry with id '123456789012'", ae.ErrorMessage())
	_, err = f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("v1")}}, MaxResults: aws.Int32(1)})
	apiError(t, err, "InvalidParameterException")

	p := ecr.NewDescribeImagesPaginator(f, &ecr.DescribeImagesInput{RepositoryName: aws.String("app"), MaxResults: aws.Int32(1)})
	var digests []string
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		require.NoError(t, err)
		for _, d := range page.ImageDetails {
			digests = append(digests, *d.ImageDigest)
		}
	}
	assert.Equal(t, []string{d1, d2}, digests)
}

// describe returns the detail of one image by digest.
func describe(t *testing.T, f *ecrfake.Fake, repo, digest string) types.ImageDetail {
	t.Helper()
	out, err := f.DescribeImages(t.Context(), &ecr.DescribeImagesInput{RepositoryName: aws.String(repo), ImageIds: []types.ImageIdentifier{{ImageDigest: aws.String(digest)}}})
	require.NoError(t, err)
	require.Len(t, out.ImageDetails, 1)
	return out.ImageDetails[0]
}

func TestOutputsDoNotAliasState(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	m, d := pushImage(t, f, "app", "v1", "one")
	_, err := put(f, "app", m, "v2")
	require.NoError(t, err)
	det := describe(t, f, "app", d)
	det.ImageTags[0] = "mutated"
	*det.ImageDigest = "mutated"
	assert.Equal(t, []string{"v1", "v2"}, describe(t, f, "app", d).ImageTags)

	repos, err := f.DescribeRepositories(ctx, nil)
	require.NoError(t, err)
	*repos.Repositories[0].RepositoryName = "mutated"
	again, err := f.DescribeRepositories(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, "app", *again.Repositories[0].RepositoryName)
}
