package ecrfake_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/aws/smithy-go/middleware"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// ---- helpers ---------------------------------------------------------------

const (
	archivedPullReason   = "Requested image is archived and cannot be pulled; restore it with UpdateImageStorageClass"
	activatingPullReason = "Requested image is being restored from the archive and cannot be pulled until it is ACTIVE"
	archivedScanDesc     = "The image is archived. Restore it to the standard storage class to scan it."
	notSupportedCode     = "ImageStorageClassUpdateNotSupportedException"
	lcArchive30          = `"tagStatus":"any","countType":"sinceImagePushed","countUnit":"days","countNumber":30`
	lcArchivedFor90      = `"tagStatus":"any","storageClass":"archive","countType":"sinceImageTransitioned","countUnit":"days","countNumber":90`
)

func setStorageClass(f *ecrfake.Fake, repo string, id *types.ImageIdentifier, class types.TargetStorageClass) (*ecr.UpdateImageStorageClassOutput, error) {
	return f.UpdateImageStorageClass(context.Background(), &ecr.UpdateImageStorageClassInput{RepositoryName: aws.String(repo), ImageId: id, TargetStorageClass: class})
}

// archiveImage archives an ACTIVE image by digest.
func archiveImage(t testing.TB, f *ecrfake.Fake, repo, digest string) {
	t.Helper()
	out, err := setStorageClass(f, repo, byDigest(digest), types.TargetStorageClassArchive)
	require.NoError(t, err)
	require.Equal(t, types.ImageStatusArchived, out.ImageStatus)
}

// restoreImage starts restoring an ARCHIVED image by digest.
func restoreImage(t testing.TB, f *ecrfake.Fake, repo, digest string) {
	t.Helper()
	out, err := setStorageClass(f, repo, byDigest(digest), types.TargetStorageClassStandard)
	require.NoError(t, err)
	require.Equal(t, types.ImageStatusActivating, out.ImageStatus)
}

// detailOf describes one image by digest whatever its status.
func detailOf(t testing.TB, f *ecrfake.Fake, repo, digest string) types.ImageDetail {
	t.Helper()
	out, err := f.DescribeImages(context.Background(), &ecr.DescribeImagesInput{
		RepositoryName: aws.String(repo), ImageIds: []types.ImageIdentifier{{ImageDigest: aws.String(digest)}},
		Filter: &types.DescribeImagesFilter{ImageStatus: types.ImageStatusFilterAny},
	})
	require.NoError(t, err)
	require.Len(t, out.ImageDetails, 1)
	return out.ImageDetails[0]
}

func statusOf(t testing.TB, f *ecrfake.Fake, repo, digest string) types.ImageStatus {
	t.Helper()
	return detailOf(t, f, repo, digest).ImageStatus
}

// timeOf is *p, or the zero time for nil.
func timeOf(p *time.Time) time.Time {
	if p == nil {
		return time.Time{}
	}
	return p.UTC()
}

// pullOne pulls one image and returns the failure code ("" on success).
func pullOne(t testing.TB, f *ecrfake.Fake, repo string, id *types.ImageIdentifier) types.ImageFailureCode {
	t.Helper()
	out, err := f.BatchGetImage(context.Background(), &ecr.BatchGetImageInput{RepositoryName: aws.String(repo), ImageIds: []types.ImageIdentifier{*id}})
	require.NoError(t, err)
	require.Equal(t, 1, len(out.Images)+len(out.Failures))
	if len(out.Failures) == 1 {
		return out.Failures[0].FailureCode
	}
	return ""
}

func notSupportedMessage(digest, reason string) string {
	return fmt.Sprintf("The storage class of the image with digest '%s' in the repository with name 'app' in registry with id '123456789012' cannot be updated: %s", digest, reason)
}

// statusImage pushes an image tagged tag and brings it to status: ACTIVE as
// pushed, ARCHIVED now, or ACTIVATING (archived, then a restore started now).
func statusImage(t testing.TB, f *ecrfake.Fake, repo, tag, seed string, status types.ImageStatus) (manifest, digest string) {
	t.Helper()
	manifest, digest = pushImage(t, f, repo, tag, seed)
	if status != types.ImageStatusActive {
		archiveImage(t, f, repo, digest)
	}
	if status == types.ImageStatusActivating {
		restoreImage(t, f, repo, digest)
	}
	require.Equal(t, status, statusOf(t, f, repo, digest))
	return manifest, digest
}

// ---- UpdateImageStorageClass -----------------------------------------------

// TestUpdateImageStorageClassStates is the state table: every (status,
// target) pair, the answer, the image right after, and an hour later.
func TestUpdateImageStorageClassStates(t *testing.T) {
	const (
		active     = types.ImageStatusActive
		archived   = types.ImageStatusArchived
		activating = types.ImageStatusActivating
		toArchive  = types.TargetStorageClassArchive
		toStandard = types.TargetStorageClassStandard
	)
	archivedAt := epoch.Add(time.Hour)    // the setup archives then
	restoreAt := epoch.Add(2 * time.Hour) // the setup starts a restore then
	callAt := restoreAt.Add(5 * time.Minute)
	never := time.Time{}
	tests := []struct {
		name   string
		from   types.ImageStatus
		target types.TargetStorageClass
		answer types.ImageStatus // "" when the call fails
		code   string            // the exception, if any
		// right after the call
		status       types.ImageStatus
		lastArchived time.Time
		// an hour after the call
		settled       types.ImageStatus
		lastActivated time.Time
	}{
		{"ACTIVE to ARCHIVE archives at once", active, toArchive, archived, "", archived, callAt, archived, never},
		{"ACTIVE to STANDARD changes nothing", active, toStandard, active, "", active, never, active, never},
		{"ARCHIVED to ARCHIVE changes nothing", archived, toArchive, archived, "", archived, archivedAt, archived, never},
		{"ARCHIVED to STANDARD starts a restore", archived, toStandard, activating, "", activating, archivedAt, active, callAt.Add(ecrfake.DefaultRestoreDuration)},
		{"ACTIVATING to ARCHIVE is refused", activating, toArchive, "", notSupportedCode, activating, archivedAt, active, restoreAt.Add(ecrfake.DefaultRestoreDuration)},
		{"ACTIVATING to STANDARD changes nothing, the restore keeps its time", activating, toStandard, activating, "", activating, archivedAt, active, restoreAt.Add(ecrfake.DefaultRestoreDuration)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, clock, _ := newFake(t)
			createRepo(t, f, "app")
			_, d := pushImage(t, f, "app", "v1", "one")
			clock.Advance(time.Hour)
			if tt.from != active {
				archiveImage(t, f, "app", d)
			}
			clock.Advance(time.Hour)
			if tt.from == activating {
				restoreImage(t, f, "app", d)
			}
			clock.Advance(5 * time.Minute)
			require.Equal(t, callAt, clock.Now())
			before := observe(t, f)

			out, err := setStorageClass(f, "app", byTag("v1"), tt.target)
			if tt.code != "" {
				requireAPIError(t, err, tt.code, notSupportedMessage(d, "the image is being restored from the archive; wait until it is ACTIVE"))
				assert.Nil(t, out)
				assert.Equal(t, before, observe(t, f), "a failed call changes nothing")
			} else {
				require.NoError(t, err)
				assert.Equal(t, tt.answer, out.ImageStatus)
				assert.Equal(t, "123456789012", aws.ToString(out.RegistryId))
				assert.Equal(t, "app", aws.ToString(out.RepositoryName))
				assert.Equal(t, &types.ImageIdentifier{ImageDigest: aws.String(d), ImageTag: aws.String("v1")}, out.ImageId)
			}
			got := detailOf(t, f, "app", d)
			assert.Equal(t, tt.status, got.ImageStatus)
			assert.Equal(t, tt.lastArchived, timeOf(got.LastArchivedAt), "lastArchivedAt")
			assert.Nil(t, got.LastActivatedAt, "no restore has completed yet")

			clock.Advance(time.Hour)
			got = detailOf(t, f, "app", d)
			assert.Equal(t, tt.settled, got.ImageStatus, "an hour later")
			assert.Equal(t, tt.lastArchived, timeOf(got.LastArchivedAt), "lastArchivedAt an hour later")
			assert.Equal(t, tt.lastActivated, timeOf(got.LastActivatedAt), "lastActivatedAt: when the restore completed")
		})
	}
}

// The answer names the image by its digest and by the tag the request named,
// if any.
func TestUpdateImageStorageClassImageID(t *testing.T) {
	tests := []struct {
		name string
		id   func(d string) *types.ImageIdentifier
		tag  *string
	}{
		{"by digest", func(d string) *types.ImageIdentifier { return byDigest(d) }, nil},
		{"by tag", func(string) *types.ImageIdentifier { return byTag("v2") }, aws.String("v2")},
		{"by digest and tag", func(d string) *types.ImageIdentifier {
			return &types.ImageIdentifier{ImageDigest: aws.String(d), ImageTag: aws.String("v1")}
		}, aws.String("v1")},
	}
	for _, tt := range tests {
		for _, target := range []types.TargetStorageClass{types.TargetStorageClassArchive, types.TargetStorageClassStandard} {
			t.Run(tt.name+" "+string(target), func(t *testing.T) {
				f, _, _ := newFake(t)
				createRepo(t, f, "app")
				m, d := pushImage(t, f, "app", "v1", "one")
				_, err := put(f, "app", m, "v2")
				require.NoError(t, err)
				if target == types.TargetStorageClassStandard {
					archiveImage(t, f, "app", d)
				}
				out, err := setStorageClass(f, "app", tt.id(d), target)
				require.NoError(t, err)
				assert.Equal(t, &types.ImageIdentifier{ImageDigest: aws.String(d), ImageTag: tt.tag}, out.ImageId)
			})
		}
	}
}

// An image a manifest list or index references cannot be archived while the
// index is standard (the user guide's rule); unknown images and repositories
// and invalid input fail as ECR fails; none of these failures changes
// anything.
func TestUpdateImageStorageClassRefusals(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	m1, c1 := pushImage(t, f, "app", "", "amd64")
	m2, c2 := pushImage(t, f, "app", "", "arm64")
	list, err := put(f, "app", indexManifest(mtDockerList, m1, m2), "list")
	require.NoError(t, err)
	config, layer := []byte(`{"os":"linux","architecture":"amd64","n":"oci-child"}`), []byte("oci child layer")
	uploadIfMissing(t, f, "app", config)
	uploadIfMissing(t, f, "app", layer)
	ociChild := imageManifest(mtOCIManifest, config, layer)
	_, err = put(f, "app", ociChild, "")
	require.NoError(t, err)
	index, err := put(f, "app", indexManifest(mtOCIIndex, ociChild), "index")
	require.NoError(t, err)
	require.NotNil(t, list.Image)
	indexDigest := *index.Image.ImageId.ImageDigest
	const isChild = "the image is referenced by an image index or manifest list that is not archived; archive or delete the index first"
	missing := "sha256:" + strings.Repeat("0", 64)

	in := func(repo string, id *types.ImageIdentifier, class types.TargetStorageClass) *ecr.UpdateImageStorageClassInput {
		return &ecr.UpdateImageStorageClassInput{RepositoryName: aws.String(repo), ImageId: id, TargetStorageClass: class}
	}
	tests := []struct {
		name string
		in   *ecr.UpdateImageStorageClassInput
		code string // "" for the SDK's client-side validation
		msg  string
	}{
		{"an image a manifest list references", in("app", byDigest(c1), types.TargetStorageClassArchive), notSupportedCode, notSupportedMessage(c1, isChild)},
		{"an image an OCI index references", in("app", byDigest(sha([]byte(ociChild))), types.TargetStorageClassArchive), notSupportedCode, notSupportedMessage(sha([]byte(ociChild)), isChild)},
		{"an unknown digest", in("app", byDigest(missing), types.TargetStorageClassArchive), "ImageNotFoundException",
			"The image with imageId {imageDigest:'" + missing + "', imageTag:'null'} does not exist within the repository with name 'app' in the registry with id '123456789012'"},
		{"an unknown tag", in("app", byTag("nope"), types.TargetStorageClassStandard), "ImageNotFoundException",
			"The image with imageId {imageDigest:'null', imageTag:'nope'} does not exist within the repository with name 'app' in the registry with id '123456789012'"},
		{"an unknown repository", in("nope", byTag("list"), types.TargetStorageClassArchive), "RepositoryNotFoundException",
			"The repository with name 'nope' does not exist in the registry with id '123456789012'"},
		{"a target not in the enum", in("app", byDigest(c2), "archive"), "InvalidParameterException",
			"Invalid parameter at 'targetStorageClass' failed to satisfy constraint: 'Member must satisfy enum value set: [STANDARD, ARCHIVE]'"},
		{"no target", in("app", byDigest(c2), ""), "", "TargetStorageClass"},
		{"no image id", in("app", nil, types.TargetStorageClassArchive), "", "ImageId"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := observe(t, f)
			out, err := f.UpdateImageStorageClass(ctx, tt.in)
			assert.Nil(t, out)
			requireCallError(t, err, tt.code, tt.msg)
			assert.Equal(t, before, observe(t, f), "a failed call changes nothing")
		})
	}

	// The refusal is the index's doing: once it is gone, or archived, its
	// children archive.
	_, err = f.BatchDeleteImage(ctx, &ecr.BatchDeleteImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("list")}}})
	require.NoError(t, err)
	archiveImage(t, f, "app", c1)
	archiveImage(t, f, "app", c2)
	archiveImage(t, f, "app", indexDigest)
	archiveImage(t, f, "app", sha([]byte(ociChild)))
}

// An index archives alone: the images it references stay ACTIVE (and can
// then be archived). A second index that is still standard keeps a shared
// child from being archived.
func TestArchiveIndexFirst(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	m1, c1 := pushImage(t, f, "app", "", "amd64")
	m2, c2 := pushImage(t, f, "app", "", "arm64")
	list, err := put(f, "app", indexManifest(mtDockerList, m1, m2), "list")
	require.NoError(t, err)
	other, err := put(f, "app", indexManifest(mtDockerList, m2), "arm-only")
	require.NoError(t, err)
	listDigest, otherDigest := *list.Image.ImageId.ImageDigest, *other.Image.ImageId.ImageDigest

	out, err := f.UpdateImageStorageClass(ctx, &ecr.UpdateImageStorageClassInput{RepositoryName: aws.String("app"), ImageId: byTag("list"), TargetStorageClass: types.TargetStorageClassArchive})
	require.NoError(t, err)
	assert.Equal(t, types.ImageStatusArchived, out.ImageStatus)
	for _, d := range []string{c1, c2, otherDigest} {
		assert.Equal(t, types.ImageStatusActive, statusOf(t, f, "app", d), "the index archives alone")
	}
	archiveImage(t, f, "app", c1)
	_, err = f.UpdateImageStorageClass(ctx, &ecr.UpdateImageStorageClassInput{RepositoryName: aws.String("app"), ImageId: byDigest(c2), TargetStorageClass: types.TargetStorageClassArchive})
	requireCallError(t, err, notSupportedCode, notSupportedMessage(c2, "the image is referenced by an image index or manifest list that is not archived; archive or delete the index first"))
	archiveImage(t, f, "app", otherDigest)
	archiveImage(t, f, "app", c2)
	assert.Equal(t, types.ImageStatusArchived, statusOf(t, f, "app", listDigest))
}

// A restore takes WithRestoreDuration of clock time (DefaultRestoreDuration,
// 20 minutes), and completes at that instant however late it is observed.
func TestRestoreDuration(t *testing.T) {
	require.Equal(t, 20*time.Minute, ecrfake.DefaultRestoreDuration)
	tests := []struct {
		name string
		opts []ecrfake.Option
		d    time.Duration
	}{
		{"default", nil, 20 * time.Minute},
		{"WithRestoreDuration 5 minutes", []ecrfake.Option{ecrfake.WithRestoreDuration(5 * time.Minute)}, 5 * time.Minute},
		{"WithRestoreDuration 3 hours", []ecrfake.Option{ecrfake.WithRestoreDuration(3 * time.Hour)}, 3 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name+": ACTIVATING until the duration has passed", func(t *testing.T) {
			f, clock, _ := newFake(t, tt.opts...)
			createRepo(t, f, "app")
			_, d := statusImage(t, f, "app", "v1", "one", types.ImageStatusArchived)
			clock.Advance(time.Minute)
			requested := clock.Now()
			restoreImage(t, f, "app", d)

			clock.Advance(tt.d - time.Millisecond)
			assert.Equal(t, types.ImageStatusActivating, statusOf(t, f, "app", d))
			assert.Equal(t, types.ImageFailureCodeImageInaccessible, pullOne(t, f, "app", byTag("v1")))
			clock.Advance(time.Millisecond)
			got := detailOf(t, f, "app", d)
			assert.Equal(t, types.ImageStatusActive, got.ImageStatus)
			assert.Equal(t, requested.Add(tt.d), timeOf(got.LastActivatedAt))
			assert.Equal(t, types.ImageFailureCode(""), pullOne(t, f, "app", byTag("v1")))
		})
		for _, first := range []string{"a read of the image", "a write to another repository", "a read of another repository"} {
			t.Run(tt.name+": observed late, by "+first, func(t *testing.T) {
				f, clock, ctx := newFake(t, tt.opts...)
				createRepo(t, f, "app")
				_, d := statusImage(t, f, "app", "v1", "one", types.ImageStatusArchived)
				requested := clock.Now()
				restoreImage(t, f, "app", d)
				clock.Advance(tt.d + 3*time.Hour + 17*time.Millisecond)
				switch first {
				case "a write to another repository":
					createRepo(t, f, "other")
				case "a read of another repository":
					_, err := f.DescribeRepositories(ctx, nil)
					require.NoError(t, err)
				}
				got := detailOf(t, f, "app", d)
				assert.Equal(t, types.ImageStatusActive, got.ImageStatus)
				assert.Equal(t, requested.Add(tt.d), timeOf(got.LastActivatedAt), "the instant the restore completed, not the instant it was observed")
			})
		}
	}

	t.Run("WithRestoreDuration 0: answers ACTIVATING, ACTIVE at once", func(t *testing.T) {
		f, clock, ctx := newFake(t, ecrfake.WithRestoreDuration(0))
		createRepo(t, f, "app")
		_, d := statusImage(t, f, "app", "v1", "one", types.ImageStatusArchived)
		clock.Advance(time.Minute)
		out, err := setStorageClass(f, "app", byTag("v1"), types.TargetStorageClassStandard)
		require.NoError(t, err)
		assert.Equal(t, types.ImageStatusActivating, out.ImageStatus, "what the service answers")
		got := detailOf(t, f, "app", d)
		assert.Equal(t, types.ImageStatusActive, got.ImageStatus)
		assert.Equal(t, clock.Now(), timeOf(got.LastActivatedAt))
		assert.Equal(t, types.ImageFailureCode(""), pullOne(t, f, "app", byDigest(d)))
		list, err := f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app")})
		require.NoError(t, err)
		assert.Len(t, list.ImageIds, 1)
	})
}

// A restore that no longer applies (its image was restored by a re-push, or
// deleted and pushed again, then archived and restored anew) does not
// complete the new restore early.
func TestStaleRestoreDoesNotCompleteANewOne(t *testing.T) {
	for _, how := range []string{"re-push", "delete and push again"} {
		t.Run(how, func(t *testing.T) {
			f, clock, ctx := newFake(t)
			createRepo(t, f, "app")
			m, d := statusImage(t, f, "app", "v1", "one", types.ImageStatusActivating) // due at epoch+20m
			clock.Advance(time.Minute)
			if how != "re-push" {
				_, err := f.BatchDeleteImage(ctx, &ecr.BatchDeleteImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{*byDigest(d)}})
				require.NoError(t, err)
			}
			_, err := put(f, "app", m, "")
			require.NoError(t, err)
			require.Equal(t, types.ImageStatusActive, statusOf(t, f, "app", d))
			clock.Advance(time.Minute)
			archiveImage(t, f, "app", d)
			clock.Advance(time.Minute)
			restoreImage(t, f, "app", d) // due at epoch+23m

			clock.Advance(ecrfake.DefaultRestoreDuration - 3*time.Minute) // epoch+20m
			assert.Equal(t, types.ImageStatusActivating, statusOf(t, f, "app", d), "the old restore's instant")
			clock.Advance(3 * time.Minute)
			got := detailOf(t, f, "app", d)
			assert.Equal(t, types.ImageStatusActive, got.ImageStatus)
			assert.Equal(t, epoch.Add(3*time.Minute+ecrfake.DefaultRestoreDuration), timeOf(got.LastActivatedAt))
		})
	}
}

// ---- listings ------------------------------------------------------------------

// ListImages and DescribeImages (listing or by id) show ACTIVE images by
// default; the imageStatus filter selects, and combines with tagStatus.
func TestArchivedImagesInListings(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	labels := map[string]string{}
	var ids []types.ImageIdentifier
	for _, im := range []struct {
		label, tag string
		status     types.ImageStatus
	}{
		{"active", "a", types.ImageStatusActive},
		{"archived-tagged", "b", types.ImageStatusArchived},
		{"archived-untagged", "", types.ImageStatusArchived},
		{"activating", "d", types.ImageStatusActivating},
		{"active-untagged", "", types.ImageStatusActive},
	} {
		_, d := statusImage(t, f, "app", im.tag, im.label, im.status)
		labels[d] = im.label
		ids = append(ids, types.ImageIdentifier{ImageDigest: aws.String(d)})
	}
	statusOfLabel := map[string]types.ImageStatus{
		"active": types.ImageStatusActive, "active-untagged": types.ImageStatusActive,
		"archived-tagged": types.ImageStatusArchived, "archived-untagged": types.ImageStatusArchived,
		"activating": types.ImageStatusActivating,
	}
	tests := []struct {
		name        string
		imageStatus types.ImageStatusFilter
		tagStatus   types.TagStatus
		want        []string
	}{
		{"no filter: ACTIVE", "", "", []string{"active", "active-untagged"}},
		{"ACTIVE", types.ImageStatusFilterActive, "", []string{"active", "active-untagged"}},
		{"ARCHIVED", types.ImageStatusFilterArchived, "", []string{"archived-tagged", "archived-untagged"}},
		{"ACTIVATING", types.ImageStatusFilterActivating, "", []string{"activating"}},
		{"ANY", types.ImageStatusFilterAny, "", []string{"active", "archived-tagged", "archived-untagged", "activating", "active-untagged"}},
		{"ARCHIVED and TAGGED", types.ImageStatusFilterArchived, types.TagStatusTagged, []string{"archived-tagged"}},
		{"ARCHIVED and UNTAGGED", types.ImageStatusFilterArchived, types.TagStatusUntagged, []string{"archived-untagged"}},
		{"ANY and UNTAGGED", types.ImageStatusFilterAny, types.TagStatusUntagged, []string{"archived-untagged", "active-untagged"}},
		{"ANY and TAGGED", types.ImageStatusFilterAny, types.TagStatusTagged, []string{"active", "archived-tagged", "activating"}},
		{"ACTIVATING and UNTAGGED", types.ImageStatusFilterActivating, types.TagStatusUntagged, []string{}},
		{"TAGGED only: ACTIVE", "", types.TagStatusTagged, []string{"active"}},
	}
	// Asked for by id, without an imageStatus filter, an image is described
	// whatever its status: the archival guide says archived images can still
	// be described, status ARCHIVED. An imageStatus filter still applies.
	byIDWithoutStatus := map[string][]string{
		"no filter: ACTIVE":   {"active", "archived-tagged", "archived-untagged", "activating", "active-untagged"},
		"TAGGED only: ACTIVE": {"active", "archived-tagged", "activating"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			listIn := &ecr.ListImagesInput{RepositoryName: aws.String("app")}
			descIn := &ecr.DescribeImagesInput{RepositoryName: aws.String("app")}
			byID := &ecr.DescribeImagesInput{RepositoryName: aws.String("app"), ImageIds: ids}
			if tt.imageStatus != "" || tt.tagStatus != "" {
				listIn.Filter = &types.ListImagesFilter{ImageStatus: tt.imageStatus, TagStatus: tt.tagStatus}
				descIn.Filter = &types.DescribeImagesFilter{ImageStatus: tt.imageStatus, TagStatus: tt.tagStatus}
				byID.Filter = descIn.Filter
			}
			list, err := f.ListImages(ctx, listIn)
			require.NoError(t, err)
			got := []string{}
			for _, id := range list.ImageIds {
				got = append(got, labels[*id.ImageDigest])
			}
			assert.Equal(t, tt.want, got, "ListImages")

			for name, in := range map[string]*ecr.DescribeImagesInput{"DescribeImages": descIn, "DescribeImages with imageIds": byID} {
				out, err := f.DescribeImages(ctx, in)
				require.NoError(t, err)
				got := []string{}
				for _, d := range out.ImageDetails {
					l := labels[*d.ImageDigest]
					got = append(got, l)
					assert.Equal(t, statusOfLabel[l], d.ImageStatus, "%s: imageStatus of %s", name, l)
				}
				want := tt.want
				if in == byID && tt.imageStatus == "" {
					want = byIDWithoutStatus[tt.name]
				}
				assert.Equal(t, want, got, name)
			}
		})
	}
	// An unknown id is still an error, whatever the filter.
	_, err := f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{*byTag("nope")},
		Filter: &types.DescribeImagesFilter{ImageStatus: types.ImageStatusFilterArchived}})
	requireAPIError(t, err, "ImageNotFoundException", "")
}

// Paginating a status filter lists each matching entry once, in order, at
// every page size; a token is bound to its filter.
func TestArchivedImagesPaginate(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	statuses := []types.ImageStatus{types.ImageStatusActive, types.ImageStatusArchived, types.ImageStatusActivating}
	wantTags := map[types.ImageStatusFilter][]string{}
	wantDigests := map[types.ImageStatusFilter][]string{}
	for i := range 9 {
		s := statuses[i%3]
		m, d := pushImage(t, f, "app", fmt.Sprintf("t%d-a", i), fmt.Sprint(i))
		_, err := put(f, "app", m, fmt.Sprintf("t%d-b", i))
		require.NoError(t, err)
		if s != types.ImageStatusActive {
			archiveImage(t, f, "app", d)
		}
		if s == types.ImageStatusActivating {
			restoreImage(t, f, "app", d)
		}
		for _, filter := range []types.ImageStatusFilter{types.ImageStatusFilter(s), types.ImageStatusFilterAny} {
			wantTags[filter] = append(wantTags[filter], fmt.Sprintf("t%d-a", i), fmt.Sprintf("t%d-b", i))
			wantDigests[filter] = append(wantDigests[filter], d)
		}
	}
	wantTags[""], wantDigests[""] = wantTags[types.ImageStatusFilterActive], wantDigests[types.ImageStatusFilterActive]
	for filter := range wantTags {
		for _, size := range []int32{1, 2, 3, 4, 100} {
			t.Run(fmt.Sprintf("%q size %d", filter, size), func(t *testing.T) {
				lp := ecr.NewListImagesPaginator(f, &ecr.ListImagesInput{RepositoryName: aws.String("app"), MaxResults: aws.Int32(size), Filter: &types.ListImagesFilter{ImageStatus: filter}})
				var tags []string
				for lp.HasMorePages() {
					page, err := lp.NextPage(ctx)
					require.NoError(t, err)
					assert.LessOrEqual(t, len(page.ImageIds), int(size))
					for _, id := range page.ImageIds {
						tags = append(tags, *id.ImageTag)
					}
				}
				assert.Equal(t, wantTags[filter], tags, "ListImages")

				dp := ecr.NewDescribeImagesPaginator(f, &ecr.DescribeImagesInput{RepositoryName: aws.String("app"), MaxResults: aws.Int32(size), Filter: &types.DescribeImagesFilter{ImageStatus: filter}})
				var digests []string
				for dp.HasMorePages() {
					page, err := dp.NextPage(ctx)
					require.NoError(t, err)
					assert.LessOrEqual(t, len(page.ImageDetails), int(size))
					for _, d := range page.ImageDetails {
						digests = append(digests, *d.ImageDigest)
					}
				}
				assert.Equal(t, wantDigests[filter], digests, "DescribeImages")
			})
		}
	}

	t.Run("a token is bound to its status filter", func(t *testing.T) {
		page, err := f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app"), MaxResults: aws.Int32(1), Filter: &types.ListImagesFilter{ImageStatus: types.ImageStatusFilterArchived}})
		require.NoError(t, err)
		require.NotNil(t, page.NextToken)
		_, err = f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app"), NextToken: page.NextToken, Filter: &types.ListImagesFilter{ImageStatus: types.ImageStatusFilterAny}})
		requireAPIError(t, err, "InvalidParameterException", "Invalid parameter at 'nextToken' failed to satisfy constraint: 'Invalid NextToken'")
	})

	t.Run("an image archived between pages is not listed again", func(t *testing.T) {
		g, _, _ := newFake(t)
		createRepo(t, g, "app")
		var digests []string
		for i := range 4 {
			m, d := pushImage(t, g, "app", fmt.Sprintf("t%d-a", i), fmt.Sprint(i))
			_, err := put(g, "app", m, fmt.Sprintf("t%d-b", i))
			require.NoError(t, err)
			digests = append(digests, d)
		}
		page, err := g.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app"), MaxResults: aws.Int32(3)})
		require.NoError(t, err)
		require.Equal(t, "t1-a", *page.ImageIds[2].ImageTag, "the page ends inside image 1")
		archiveImage(t, g, "app", digests[1])
		rest, err := g.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app"), NextToken: page.NextToken})
		require.NoError(t, err)
		var tags []string
		for _, id := range rest.ImageIds {
			tags = append(tags, *id.ImageTag)
		}
		assert.Equal(t, []string{"t2-a", "t2-b", "t3-a", "t3-b"}, tags)
	})
}

// ImageDetail reports the status and the archival times: lastArchivedAt
// from the first archive, lastActivatedAt once a restore completed, and
// re-archiving keeps the last lastActivatedAt.
func TestArchivedImageDetailTimes(t *testing.T) {
	f, clock, _ := newFake(t)
	createRepo(t, f, "app")
	_, d := pushImage(t, f, "app", "v1", "one")
	_, never := pushImage(t, f, "app", "v2", "two")
	type times struct {
		status              types.ImageStatus
		archived, activated time.Time
	}
	view := func() times {
		got := detailOf(t, f, "app", d)
		assert.Equal(t, epoch, *got.ImagePushedAt, "the push time stays")
		assert.Equal(t, []string{"v1"}, got.ImageTags, "an archived image keeps its tags")
		return times{got.ImageStatus, timeOf(got.LastArchivedAt), timeOf(got.LastActivatedAt)}
	}
	t1 := epoch.Add(time.Hour)
	t2 := t1.Add(24 * time.Hour)
	t3 := t2.Add(time.Hour)
	steps := []struct {
		name string
		do   func()
		want times
	}{
		{"never archived", func() {}, times{types.ImageStatusActive, time.Time{}, time.Time{}}},
		{"archived", func() { clock.Advance(time.Hour); archiveImage(t, f, "app", d) }, times{types.ImageStatusArchived, t1, time.Time{}}},
		{"being restored", func() { clock.Advance(24 * time.Hour); restoreImage(t, f, "app", d) }, times{types.ImageStatusActivating, t1, time.Time{}}},
		{"restored", func() { clock.Advance(time.Hour) }, times{types.ImageStatusActive, t1, t2.Add(ecrfake.DefaultRestoreDuration)}},
		{"archived again", func() { archiveImage(t, f, "app", d) }, times{types.ImageStatusArchived, t3, t2.Add(ecrfake.DefaultRestoreDuration)}},
		{"restoring again", func() { clock.Advance(time.Minute); restoreImage(t, f, "app", d) }, times{types.ImageStatusActivating, t3, t2.Add(ecrfake.DefaultRestoreDuration)}},
		{"restored again", func() { clock.Advance(ecrfake.DefaultRestoreDuration) }, times{types.ImageStatusActive, t3, t3.Add(time.Minute + ecrfake.DefaultRestoreDuration)}},
	}
	for _, s := range steps {
		s.do()
		assert.Equal(t, s.want, view(), s.name)
		other := detailOf(t, f, "app", never)
		assert.Equal(t, types.ImageStatusActive, other.ImageStatus, s.name)
		assert.Nil(t, other.LastArchivedAt, s.name)
		assert.Nil(t, other.LastActivatedAt, s.name)
	}
}

// ---- pulls and layers ------------------------------------------------------------

// BatchGetImage fails an ARCHIVED or ACTIVATING image per item with
// ImageInaccessible, serves the rest of the call, and records no pull for it.
func TestArchivedImagesCannotBePulled(t *testing.T) {
	f, clock, ctx := newFake(t)
	createRepo(t, f, "app")
	mA, a := statusImage(t, f, "app", "a", "active", types.ImageStatusActive)
	_, b := statusImage(t, f, "app", "b", "archived", types.ImageStatusArchived)
	_, c := statusImage(t, f, "app", "c", "activating", types.ImageStatusActivating)
	clock.Advance(time.Minute)
	pulledAt := clock.Now()

	out, err := f.BatchGetImage(ctx, &ecr.BatchGetImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{
		*byTag("b"), *byTag("a"), *byDigest(c), *byTag("nope"),
	}})
	require.NoError(t, err)
	require.Len(t, out.Images, 1)
	assert.Equal(t, a, *out.Images[0].ImageId.ImageDigest)
	assert.Equal(t, mA, *out.Images[0].ImageManifest)
	require.Len(t, out.Failures, 3)
	assert.Equal(t, types.ImageFailure{FailureCode: types.ImageFailureCodeImageInaccessible, FailureReason: aws.String(archivedPullReason), ImageId: byTag("b")}, out.Failures[0])
	assert.Equal(t, types.ImageFailure{FailureCode: types.ImageFailureCodeImageInaccessible, FailureReason: aws.String(activatingPullReason), ImageId: byDigest(c)}, out.Failures[1])
	assert.Equal(t, types.ImageFailureCodeImageNotFound, out.Failures[2].FailureCode)
	assert.NotEqual(t, archivedPullReason, activatingPullReason)

	assert.Equal(t, pulledAt, timeOf(detailOf(t, f, "app", a).LastRecordedPullTime))
	assert.Nil(t, detailOf(t, f, "app", b).LastRecordedPullTime, "a failed pull records no pull time")
	assert.Nil(t, detailOf(t, f, "app", c).LastRecordedPullTime, "a failed pull records no pull time")

	// Restored, the image pulls again and its pull time is recorded.
	clock.Advance(ecrfake.DefaultRestoreDuration)
	assert.Equal(t, types.ImageFailureCode(""), pullOne(t, f, "app", byTag("c")))
	assert.Equal(t, clock.Now(), timeOf(detailOf(t, f, "app", c).LastRecordedPullTime))
	assert.Equal(t, types.ImageFailureCodeImageInaccessible, pullOne(t, f, "app", byTag("b")))
}

// A layer only non-ACTIVE images reference reads ARCHIVED and cannot be
// downloaded; a layer an ACTIVE image shares stays AVAILABLE.
func TestArchivedImageLayers(t *testing.T) {
	f, clock, ctx := newFake(t)
	createRepo(t, f, "app")
	cfgA, onlyA, shared := []byte(`{"os":"linux","n":"a"}`), []byte("only in a"), []byte("shared by a and b")
	cfgB, onlyB := []byte(`{"os":"linux","n":"b"}`), []byte("only in b")
	a := pushConfig(t, f, "app", "a", cfgA, shared, onlyA)
	b := pushConfig(t, f, "app", "b", cfgB, shared, onlyB)
	blobs := map[string][]byte{"cfgA": cfgA, "onlyA": onlyA, "shared": shared, "cfgB": cfgB, "onlyB": onlyB}
	const (
		ok  = types.LayerAvailabilityAvailable
		arc = types.LayerAvailabilityArchived
	)
	check := func(step string, want map[string]types.LayerAvailability) {
		t.Helper()
		var digests []string
		names := map[string]string{}
		for name, data := range blobs {
			digests = append(digests, sha(data))
			names[sha(data)] = name
		}
		out, err := f.BatchCheckLayerAvailability(ctx, &ecr.BatchCheckLayerAvailabilityInput{RepositoryName: aws.String("app"), LayerDigests: digests})
		require.NoError(t, err)
		require.Empty(t, out.Failures)
		got := map[string]types.LayerAvailability{}
		for _, l := range out.Layers {
			got[names[*l.LayerDigest]] = l.LayerAvailability
		}
		assert.Equal(t, want, got, "%s: BatchCheckLayerAvailability", step)
		for name, data := range blobs {
			url, err := f.GetDownloadUrlForLayer(ctx, &ecr.GetDownloadUrlForLayerInput{RepositoryName: aws.String("app"), LayerDigest: aws.String(sha(data))})
			if want[name] == ok {
				if assert.NoError(t, err, "%s: %s downloads", step, name) {
					assert.Equal(t, sha(data), *url.LayerDigest)
				}
			} else {
				var li *types.LayerInaccessibleException
				if assert.True(t, errors.As(err, &li), "%s: %s: LayerInaccessibleException, got %v", step, name, err) {
					assert.Contains(t, li.ErrorMessage(), "is referenced only by archived images", "%s: %s", step, name)
				}
			}
		}
	}
	steps := []struct {
		name string
		do   func()
		want map[string]types.LayerAvailability
	}{
		{"all active", func() {}, map[string]types.LayerAvailability{"cfgA": ok, "onlyA": ok, "shared": ok, "cfgB": ok, "onlyB": ok}},
		{"a archived", func() { archiveImage(t, f, "app", a) }, map[string]types.LayerAvailability{"cfgA": arc, "onlyA": arc, "shared": ok, "cfgB": ok, "onlyB": ok}},
		{"both archived", func() { archiveImage(t, f, "app", b) }, map[string]types.LayerAvailability{"cfgA": arc, "onlyA": arc, "shared": arc, "cfgB": arc, "onlyB": arc}},
		{"a being restored", func() { restoreImage(t, f, "app", a) }, map[string]types.LayerAvailability{"cfgA": arc, "onlyA": arc, "shared": arc, "cfgB": arc, "onlyB": arc}},
		{"a restored", func() { clock.Advance(ecrfake.DefaultRestoreDuration) }, map[string]types.LayerAvailability{"cfgA": ok, "onlyA": ok, "shared": ok, "cfgB": arc, "onlyB": arc}},
		{"a archived again", func() { archiveImage(t, f, "app", a) }, map[string]types.LayerAvailability{"cfgA": arc, "onlyA": arc, "shared": arc, "cfgB": arc, "onlyB": arc}},
		{"b re-pushed", func() {
			_, err := put(f, "app", imageManifest(mtDockerV2, cfgB, shared, onlyB), "")
			require.NoError(t, err)
		}, map[string]types.LayerAvailability{"cfgA": arc, "onlyA": arc, "shared": ok, "cfgB": ok, "onlyB": ok}},
	}
	for _, s := range steps {
		s.do()
		check(s.name, s.want)
	}
	// Deleting the archived image leaves the shared layer to the active one.
	_, err := f.BatchDeleteImage(ctx, &ecr.BatchDeleteImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{*byDigest(a)}})
	require.NoError(t, err)
	_, err = f.GetDownloadUrlForLayer(ctx, &ecr.GetDownloadUrlForLayerInput{RepositoryName: aws.String("app"), LayerDigest: aws.String(sha(shared))})
	require.NoError(t, err)
}

// ---- re-push ----------------------------------------------------------------------

// Pushing an ARCHIVED or ACTIVATING image's manifest again restores it at
// once, with or without a tag, instead of ImageAlreadyExistsException.
func TestRepushRestoresArchivedImage(t *testing.T) {
	tests := []struct {
		name     string
		from     types.ImageStatus
		tag      string // "" for none
		wantTags []string
	}{
		{"ARCHIVED, no tag", types.ImageStatusArchived, "", []string{"v1"}},
		{"ARCHIVED, its own tag", types.ImageStatusArchived, "v1", []string{"v1"}},
		{"ARCHIVED, a new tag", types.ImageStatusArchived, "v2", []string{"v1", "v2"}},
		{"ARCHIVED, another image's tag", types.ImageStatusArchived, "other", []string{"other", "v1"}},
		{"ACTIVATING, no tag", types.ImageStatusActivating, "", []string{"v1"}},
		{"ACTIVATING, its own tag", types.ImageStatusActivating, "v1", []string{"v1"}},
		{"ACTIVATING, a new tag", types.ImageStatusActivating, "v2", []string{"v1", "v2"}},
		{"ACTIVATING, another image's tag", types.ImageStatusActivating, "other", []string{"other", "v1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, clock, _ := newFake(t)
			createRepo(t, f, "app")
			_, other := pushImage(t, f, "app", "other", "other")
			clock.Advance(time.Hour)
			m, d := statusImage(t, f, "app", "v1", "one", tt.from)
			archivedAt := clock.Now()
			clock.Advance(5 * time.Minute)

			out, err := put(f, "app", m, tt.tag)
			require.NoError(t, err, "not ImageAlreadyExistsException")
			assert.Equal(t, d, *out.Image.ImageId.ImageDigest)
			got := detailOf(t, f, "app", d)
			assert.Equal(t, types.ImageStatusActive, got.ImageStatus)
			assert.Equal(t, clock.Now(), timeOf(got.LastActivatedAt), "restored at the push")
			assert.Equal(t, archivedAt, timeOf(got.LastArchivedAt))
			assert.Equal(t, epoch.Add(time.Hour), *got.ImagePushedAt, "the restore keeps the push time")
			assert.Equal(t, tt.wantTags, got.ImageTags)
			assert.Equal(t, types.ImageFailureCode(""), pullOne(t, f, "app", byDigest(d)))
			if tt.tag == "other" {
				assert.Nil(t, detailOf(t, f, "app", other).ImageTags, "the tag moved")
			}

			// A restore that was under way does not complete again later.
			restoredAt := clock.Now()
			clock.Advance(time.Hour)
			got = detailOf(t, f, "app", d)
			assert.Equal(t, types.ImageStatusActive, got.ImageStatus)
			assert.Equal(t, restoredAt, timeOf(got.LastActivatedAt))
		})
	}

	t.Run("an ACTIVE image's re-push is still ImageAlreadyExistsException", func(t *testing.T) {
		f, _, _ := newFake(t)
		createRepo(t, f, "app")
		m, _ := pushImage(t, f, "app", "v1", "one")
		_, err := put(f, "app", m, "")
		requireAPIError(t, err, "ImageAlreadyExistsException", "")
		_, err = put(f, "app", m, "v1")
		requireAPIError(t, err, "ImageAlreadyExistsException", "")
	})
}

// In an immutable repository, a re-push that would move a tag onto an
// archived image is ImageTagAlreadyExistsException and restores nothing;
// one with its own or a new tag restores it.
// An index cannot be pushed over children that are archived or being
// restored (they cannot be pulled); re-pushing a child restores it, and then
// the index goes in.
func TestIndexOverArchivedChildIsRefused(t *testing.T) {
	for _, status := range []types.ImageStatus{types.ImageStatusArchived, types.ImageStatusActivating} {
		t.Run(string(status), func(t *testing.T) {
			f, _, ctx := newFake(t)
			createRepo(t, f, "app")
			m1, d1 := statusImage(t, f, "app", "", "amd64", status)
			m2, _ := pushImage(t, f, "app", "", "arm64")
			index := indexManifest(mtDockerList, m1, m2)
			_, err := put(f, "app", index, "multi")
			var refused *types.ReferencedImagesNotFoundException
			require.ErrorAs(t, err, &refused)
			assert.Contains(t, err.Error(), "Images with digests '["+d1+"]' referenced by the manifest list are archived")
			all, err := f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("app"), Filter: &types.DescribeImagesFilter{ImageStatus: types.ImageStatusFilterAny}})
			require.NoError(t, err)
			assert.Len(t, all.ImageDetails, 2, "nothing was pushed")
			assert.Equal(t, status, statusOf(t, f, "app", d1))

			_, err = put(f, "app", m1, "")
			require.NoError(t, err, "a re-push restores the child")
			_, err = put(f, "app", index, "multi")
			require.NoError(t, err)
		})
	}
}

func TestRepushOfArchivedImageKeepsImmutableTags(t *testing.T) {
	for _, from := range []types.ImageStatus{types.ImageStatusArchived, types.ImageStatusActivating} {
		tests := []struct {
			name     string
			tag      string
			code     string
			wantTags []string
		}{
			{"moving another image's tag", "v1", "ImageTagAlreadyExistsException", nil},
			{"its own tag", "v2", "", []string{"v2"}},
			{"a new tag", "v3", "", []string{"v2", "v3"}},
			{"no tag", "", "", []string{"v2"}},
		}
		for _, tt := range tests {
			t.Run(string(from)+", "+tt.name, func(t *testing.T) {
				f, _, ctx := newFake(t)
				_, err := f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("app"), ImageTagMutability: types.ImageTagMutabilityImmutable})
				require.NoError(t, err)
				_, a := pushImage(t, f, "app", "v1", "a")
				m, b := statusImage(t, f, "app", "v2", "b", from)
				before := observe(t, f)

				_, err = put(f, "app", m, tt.tag)
				if tt.code != "" {
					requireAPIError(t, err, tt.code, "The image tag 'v1' already exists in the 'app' repository and cannot be overwritten because the tag is immutable.")
					assert.Equal(t, before, observe(t, f), "a failed push changes nothing")
					assert.Equal(t, from, statusOf(t, f, "app", b))
					assert.Equal(t, []string{"v1"}, detailOf(t, f, "app", a).ImageTags)
					return
				}
				require.NoError(t, err)
				got := detailOf(t, f, "app", b)
				assert.Equal(t, types.ImageStatusActive, got.ImageStatus)
				assert.Equal(t, tt.wantTags, got.ImageTags)
			})
		}
	}
}

// ---- deletion ------------------------------------------------------------------------

// BatchDeleteImage deletes archived and activating images; they keep a
// repository from being deleted without force even though ListImages shows
// nothing.
func TestDeleteArchivedImages(t *testing.T) {
	f, clock, ctx := newFake(t)
	createRepo(t, f, "app")
	m, a := statusImage(t, f, "app", "a", "archived", types.ImageStatusArchived)
	_, b := statusImage(t, f, "app", "b", "activating", types.ImageStatusActivating)
	_, c := statusImage(t, f, "app", "", "archived-untagged", types.ImageStatusArchived)

	list, err := f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	assert.Empty(t, list.ImageIds, "nothing ACTIVE is listed")
	_, err = f.DeleteRepository(ctx, &ecr.DeleteRepositoryInput{RepositoryName: aws.String("app")})
	requireAPIError(t, err, "RepositoryNotEmptyException", "The repository with name 'app' in registry with id '123456789012' cannot be deleted because it still contains images")

	del, err := f.BatchDeleteImage(ctx, &ecr.BatchDeleteImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{*byDigest(a), *byTag("b")}})
	require.NoError(t, err)
	assert.Empty(t, del.Failures)
	assert.ElementsMatch(t, []types.ImageIdentifier{{ImageDigest: aws.String(a), ImageTag: aws.String("a")}, {ImageDigest: aws.String(b), ImageTag: aws.String("b")}}, del.ImageIds)
	all, err := f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("app"), Filter: &types.DescribeImagesFilter{ImageStatus: types.ImageStatusFilterAny}})
	require.NoError(t, err)
	require.Len(t, all.ImageDetails, 1)
	assert.Equal(t, c, *all.ImageDetails[0].ImageDigest)
	_, err = f.DeleteRepository(ctx, &ecr.DeleteRepositoryInput{RepositoryName: aws.String("app")})
	requireAPIError(t, err, "RepositoryNotEmptyException", "")

	// The deleted image's restore falls due harmlessly; the same manifest
	// pushed again is a new, ACTIVE image with no archival history.
	_, err = put(f, "app", m, "a")
	require.NoError(t, err)
	clock.Advance(ecrfake.DefaultRestoreDuration + time.Minute)
	got := detailOf(t, f, "app", a)
	assert.Equal(t, types.ImageStatusActive, got.ImageStatus)
	assert.Nil(t, got.LastArchivedAt)
	assert.Nil(t, got.LastActivatedAt)

	_, err = f.BatchDeleteImage(ctx, &ecr.BatchDeleteImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{*byDigest(c), *byDigest(a)}})
	require.NoError(t, err)
	_, err = f.DeleteRepository(ctx, &ecr.DeleteRepositoryInput{RepositoryName: aws.String("app")})
	require.NoError(t, err, "empty at last")

	// With force, archived images go with the repository, and a restore
	// pending in it falls due harmlessly.
	createRepo(t, f, "gone")
	statusImage(t, f, "gone", "x", "x", types.ImageStatusActivating)
	_, err = f.DeleteRepository(ctx, &ecr.DeleteRepositoryInput{RepositoryName: aws.String("gone"), Force: true})
	require.NoError(t, err)
	clock.Advance(ecrfake.DefaultRestoreDuration)
	_, err = f.DescribeRepositories(ctx, nil)
	require.NoError(t, err)
}

// ---- scanning ------------------------------------------------------------------------

// An ARCHIVED or ACTIVATING image cannot be scanned, and its scan reads
// IMAGE_ARCHIVED without findings, whether or not it was scanned before.
func TestArchivedImagesCannotBeScanned(t *testing.T) {
	for _, from := range []types.ImageStatus{types.ImageStatusArchived, types.ImageStatusActivating} {
		for _, scanned := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, scanned before: %v", from, scanned), func(t *testing.T) {
				f, clock, ctx := newFake(t, ecrfake.WithLegacyScanSummary(true))
				createRepo(t, f, "app")
				_, d := pushImage(t, f, "app", "v1", "one")
				if scanned {
					_, err := startScan(f, "app", byTag("v1"))
					require.NoError(t, err)
					clock.Advance(ecrfake.DefaultScanDuration)
					status, _ := scanStatus(t, f, "app", byTag("v1"))
					require.Equal(t, types.ScanStatusComplete, status)
				}
				archiveImage(t, f, "app", d)
				if from == types.ImageStatusActivating {
					restoreImage(t, f, "app", d)
				}

				_, err := startScan(f, "app", byTag("v1"))
				requireAPIError(t, err, "ImageArchivedException", fmt.Sprintf("The image with digest '%s' in the repository with name 'app' in registry with id '123456789012' is archived and cannot be scanned: restore it to the standard storage class first", d))
				out, err := findings(f, "app", byTag("v1"))
				require.NoError(t, err, "not ScanNotFoundException")
				assert.Equal(t, &types.ImageScanStatus{Status: types.ScanStatusImageArchived, Description: aws.String(archivedScanDesc)}, out.ImageScanStatus)
				assert.Nil(t, out.ImageScanFindings, "no findings")
				assert.Equal(t, &types.ImageIdentifier{ImageDigest: aws.String(d), ImageTag: aws.String("v1")}, out.ImageId)

				desc, err := f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("app"), Filter: &types.DescribeImagesFilter{ImageStatus: types.ImageStatusFilterAny}})
				require.NoError(t, err)
				require.Len(t, desc.ImageDetails, 1)
				assert.Equal(t, types.ScanStatusImageArchived, desc.ImageDetails[0].ImageScanStatus.Status, "the legacy summary")
				assert.Nil(t, desc.ImageDetails[0].ImageScanFindingsSummary)
			})
		}
	}
}

// A restored image's old scan is gone: with scan on push a new scan starts
// at the instant the restore completed, without it there is no scan.
func TestRestoredImageScans(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, f *ecrfake.Fake)
		// scanOnPush: the restore starts a scan
		scanOnPush bool
	}{
		{"no scan on push", func(t *testing.T, f *ecrfake.Fake) { createRepo(t, f, "app") }, false},
		{"the repository's scanOnPush flag", func(t *testing.T, f *ecrfake.Fake) { createScanOnPushRepo(t, f, "app") }, true},
		{"a registry SCAN_ON_PUSH rule", func(t *testing.T, f *ecrfake.Fake) {
			putScanning(t, f, types.ScanTypeBasic, rule(types.ScanFrequencyScanOnPush, "app"))
			createRepo(t, f, "app")
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, clock, _ := newFake(t)
			tt.setup(t, f)
			_, d := pushImage(t, f, "app", "v1", "one")
			if !tt.scanOnPush {
				_, err := startScan(f, "app", byTag("v1"))
				require.NoError(t, err)
			}
			clock.Advance(ecrfake.DefaultScanDuration)
			before, err := findings(f, "app", byTag("v1"))
			require.NoError(t, err)
			require.Equal(t, types.ScanStatusComplete, before.ImageScanStatus.Status)
			require.Equal(t, epoch.Add(ecrfake.DefaultScanDuration), *before.ImageScanFindings.ImageScanCompletedAt)

			clock.Advance(time.Hour)
			archiveImage(t, f, "app", d)
			clock.Advance(25 * time.Hour) // past the per-image quota window of the first scan
			restoreImage(t, f, "app", d)
			restoredAt := clock.Now().Add(ecrfake.DefaultRestoreDuration)

			clock.Advance(ecrfake.DefaultRestoreDuration + 3*time.Second)
			out, err := findings(f, "app", byTag("v1"))
			if !tt.scanOnPush {
				requireAPIError(t, err, "ScanNotFoundException", "")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, types.ScanStatusInProgress, out.ImageScanStatus.Status, "the new scan started when the restore completed")
			assert.Nil(t, out.ImageScanFindings, "the old results are gone")
			clock.Advance(ecrfake.DefaultScanDuration - 3*time.Second)
			out, err = findings(f, "app", byTag("v1"))
			require.NoError(t, err)
			require.Equal(t, types.ScanStatusComplete, out.ImageScanStatus.Status, "the scan ends its duration after the restore completed")
			assert.Equal(t, restoredAt.Add(ecrfake.DefaultScanDuration), *out.ImageScanFindings.ImageScanCompletedAt)
		})
	}
}

// The per-image quota (one basic scan in any 24 hours) counts a scan
// started before the image was archived.
func TestArchivedImageScanQuota(t *testing.T) {
	f, clock, _ := newFake(t)
	createRepo(t, f, "app")
	_, d := pushImage(t, f, "app", "v1", "one")
	_, err := startScan(f, "app", byTag("v1"))
	require.NoError(t, err)
	clock.Advance(time.Hour)
	archiveImage(t, f, "app", d)
	restoreImage(t, f, "app", d)
	clock.Advance(ecrfake.DefaultRestoreDuration)
	require.Equal(t, types.ImageStatusActive, statusOf(t, f, "app", d))

	_, err = startScan(f, "app", byTag("v1"))
	requireAPIError(t, err, "LimitExceededException", "The scan quota per image has been exceeded. Wait and try again.")
	clock.Advance(23*time.Hour - ecrfake.DefaultRestoreDuration - time.Millisecond)
	_, err = startScan(f, "app", byTag("v1"))
	requireAPIError(t, err, "LimitExceededException", "")
	clock.Advance(time.Millisecond)
	_, err = startScan(f, "app", byTag("v1"))
	require.NoError(t, err, "24 hours after the first scan")
}

// ---- referrers ---------------------------------------------------------------------

// ListImageReferrers lists ACTIVE referrers by default; artifactStatus
// selects, and each referrer reports its status.
func TestArchivedReferrers(t *testing.T) {
	f, clock, _ := newFake(t)
	subject := "sha256:" + strings.Repeat("ab", 32)
	r1 := pushReferrer(t, f, "app", subject, "application/vnd.example.sbom", nil)
	r2 := pushReferrer(t, f, "app", subject, "application/vnd.example.signature", nil)
	r3 := pushReferrer(t, f, "app", subject, "application/vnd.example.attestation", nil)
	archiveImage(t, f, "app", r1)
	archiveImage(t, f, "app", r3)
	restoreImage(t, f, "app", r3)
	digests := referrerDigests(t)
	filter := func(s types.ArtifactStatusFilter) func(*ecr.ListImageReferrersInput) {
		return func(in *ecr.ListImageReferrersInput) { in.Filter = &types.ListImageReferrersFilter{ArtifactStatus: s} }
	}
	tests := []struct {
		name string
		mod  func(*ecr.ListImageReferrersInput)
		want []string
	}{
		{"no filter: ACTIVE", nil, []string{r2}},
		{"ACTIVE", filter(types.ArtifactStatusFilterActive), []string{r2}},
		{"ARCHIVED", filter(types.ArtifactStatusFilterArchived), []string{r1}},
		{"ACTIVATING", filter(types.ArtifactStatusFilterActivating), []string{r3}},
		{"ANY", filter(types.ArtifactStatusFilterAny), []string{r1, r2, r3}},
		{"ANY with an artifact type", func(in *ecr.ListImageReferrersInput) {
			in.Filter = &types.ListImageReferrersFilter{ArtifactStatus: types.ArtifactStatusFilterAny, ArtifactTypes: []string{"application/vnd.example.sbom"}}
		}, []string{r1}},
		{"ARCHIVED with another artifact type", func(in *ecr.ListImageReferrersInput) {
			in.Filter = &types.ListImageReferrersFilter{ArtifactStatus: types.ArtifactStatusFilterArchived, ArtifactTypes: []string{"application/vnd.example.signature"}}
		}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, digests(listReferrers(f, "app", subject, tt.mod)))
		})
	}

	statuses := func() map[string]types.ArtifactStatus {
		out, err := listReferrers(f, "app", subject, filter(types.ArtifactStatusFilterAny))
		require.NoError(t, err)
		got := map[string]types.ArtifactStatus{}
		for _, r := range out.Referrers {
			got[*r.Digest] = r.ArtifactStatus
		}
		return got
	}
	assert.Equal(t, map[string]types.ArtifactStatus{r1: types.ArtifactStatusArchived, r2: types.ArtifactStatusActive, r3: types.ArtifactStatusActivating}, statuses())
	clock.Advance(ecrfake.DefaultRestoreDuration)
	assert.Equal(t, map[string]types.ArtifactStatus{r1: types.ArtifactStatusArchived, r2: types.ArtifactStatusActive, r3: types.ArtifactStatusActive}, statuses())
	assert.Equal(t, []string{r2, r3}, digests(listReferrers(f, "app", subject, nil)))
}

// ---- lifecycle policies --------------------------------------------------------------

// archImage is an image to seed for the archival lifecycle tests.
type archImage struct {
	label           string
	tags            []string
	pushedDaysAgo   float64
	archivedDaysAgo float64 // 0: not archived
}

// seedArchival seeds repository "app"; it returns digest → label and
// label → digest.
func seedArchival(t *testing.T, f *ecrfake.Fake, now time.Time, images []archImage) (labels, digests map[string]string) {
	t.Helper()
	ago := func(days float64) time.Time { return now.Add(-time.Duration(days * float64(lcDay))) }
	var seed []ecrfake.SeedImage
	for _, im := range images {
		si := ecrfake.SeedImage{Tags: im.tags, Content: im.label, PushedAt: ago(im.pushedDaysAgo)}
		if im.archivedDaysAgo > 0 {
			si.ArchivedAt = ago(im.archivedDaysAgo)
		}
		seed = append(seed, si)
	}
	out, err := f.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{Name: "app", Images: seed}}})
	require.NoError(t, err)
	labels, digests = map[string]string{}, map[string]string{}
	for i, s := range out {
		labels[s.Digest], digests[images[i].label] = images[i].label, s.Digest
	}
	return labels, digests
}

// previewActions returns the labels a completed preview acts on, by action
// type, and checks each result's storage class.
func previewActions(t *testing.T, f *ecrfake.Fake, labels map[string]string, storage map[string]types.LifecyclePolicyStorageClass) (archived, expired []string) {
	t.Helper()
	p, err := f.GetLifecyclePolicyPreview(context.Background(), &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	require.Equal(t, types.LifecyclePolicyPreviewStatusComplete, p.Status)
	for _, r := range p.PreviewResults {
		l := labels[*r.ImageDigest]
		switch r.Action.Type {
		case types.ImageActionTypeTransition:
			assert.Equal(t, types.LifecyclePolicyTargetStorageClassArchive, r.Action.TargetStorageClass, l)
			archived = append(archived, l)
		case types.ImageActionTypeExpire:
			expired = append(expired, l)
		}
		want := types.LifecyclePolicyStorageClassStandard
		if s, ok := storage[l]; ok {
			want = s
		}
		assert.Equal(t, want, r.StorageClass, "storage class of %s in the preview", l)
	}
	return archived, expired
}

// archivedLabels lists the labels of the repository's ARCHIVED images with
// their lastArchivedAt.
func archivedLabels(t *testing.T, f *ecrfake.Fake, labels map[string]string) map[string]time.Time {
	t.Helper()
	out, err := f.DescribeImages(context.Background(), &ecr.DescribeImagesInput{RepositoryName: aws.String("app"), Filter: &types.DescribeImagesFilter{ImageStatus: types.ImageStatusFilterArchived}})
	require.NoError(t, err)
	got := map[string]time.Time{}
	for _, d := range out.ImageDetails {
		got[labels[*d.ImageDigest]] = timeOf(d.LastArchivedAt)
	}
	return got
}

func putPolicy(t *testing.T, f *ecrfake.Fake, text string) {
	t.Helper()
	_, err := f.PutLifecyclePolicy(context.Background(), &ecr.PutLifecyclePolicyInput{RepositoryName: aws.String("app"), LifecyclePolicyText: aws.String(text)})
	require.NoError(t, err)
}

func startPreview(t *testing.T, f *ecrfake.Fake) {
	t.Helper()
	_, err := f.StartLifecyclePolicyPreview(context.Background(), &ecr.StartLifecyclePolicyPreviewInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
}

// A transition rule archives, when the policy runs, what the preview lists
// as transitioning, with lastArchivedAt the run's instant; images already
// archived keep theirs.
func TestLifecycleTransitionArchives(t *testing.T) {
	tests := []struct {
		name     string
		policy   string
		images   []archImage
		archived []string // by this run, oldest first
		expired  []string
	}{
		{"sinceImagePushed 30 days", lcPolicy(lcRule(1, lcArchive30, lcTransition)),
			[]archImage{{label: "t45", tags: []string{"v1"}, pushedDaysAgo: 45}, {label: "u40", pushedDaysAgo: 40}, {label: "u31", pushedDaysAgo: 31}, {label: "u29", pushedDaysAgo: 29}, {label: "t1", tags: []string{"v2"}, pushedDaysAgo: 1}},
			[]string{"t45", "u40", "u31"}, nil},
		{"imageCountMoreThan: all but the newest", lcPolicy(lcRule(1, lcUntaggedKeep, lcTransition)),
			[]archImage{{label: "u5", pushedDaysAgo: 5}, {label: "u4", pushedDaysAgo: 4}, {label: "u3", pushedDaysAgo: 3}, {label: "u2", pushedDaysAgo: 2}, {label: "u1", pushedDaysAgo: 1}},
			[]string{"u5", "u4"}, nil},
		{"a transition shields its images from a lower expire rule", lcPolicy(
			lcRule(1, `"tagStatus":"tagged","tagPrefixList":["keep"],"countType":"sinceImagePushed","countUnit":"days","countNumber":1`, lcTransition),
			lcRule(2, `"tagStatus":"any","countType":"sinceImagePushed","countUnit":"days","countNumber":1`, lcExpire)),
			[]archImage{{label: "keep", tags: []string{"keep-1"}, pushedDaysAgo: 5}, {label: "drop", tags: []string{"drop-1"}, pushedDaysAgo: 5}, {label: "new", pushedDaysAgo: 0.5}},
			[]string{"keep"}, []string{"drop"}},
		{"an archived image is not transitioned again", lcPolicy(lcRule(1, lcArchive30, lcTransition)),
			[]archImage{{label: "old-archived", pushedDaysAgo: 100, archivedDaysAgo: 10}, {label: "old", pushedDaysAgo: 100}},
			[]string{"old"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, clock, _ := newFake(t, ecrfake.WithLifecyclePreviewDuration(0))
			labels, digests := seedArchival(t, f, clock.Now(), tt.images)
			seeded := map[string]time.Time{}
			for _, im := range tt.images {
				if im.archivedDaysAgo > 0 {
					seeded[im.label] = epoch.Add(-time.Duration(im.archivedDaysAgo * float64(lcDay)))
				}
			}
			putPolicy(t, f, tt.policy)
			startPreview(t, f)
			previewArchived, previewExpired := previewActions(t, f, labels, nil)
			assert.Equal(t, tt.archived, previewArchived, "preview: transitions")
			assert.Equal(t, tt.expired, previewExpired, "preview: expiries")
			assert.Equal(t, seeded, archivedLabels(t, f, labels), "a preview archives nothing")

			clock.Advance(90*time.Minute + 7*time.Millisecond)
			runAt := clock.Now()
			expired, err := f.RunLifecyclePolicies("app")
			require.NoError(t, err)
			var gotExpired []string
			for _, d := range expired {
				gotExpired = append(gotExpired, labels[d])
			}
			assert.Equal(t, tt.expired, gotExpired, "run: expiries")

			want := maps.Clone(seeded)
			for _, l := range tt.archived {
				want[l] = runAt
			}
			assert.Equal(t, want, archivedLabels(t, f, labels), "run: archived images and their lastArchivedAt")
			for _, l := range tt.archived {
				assert.Equal(t, types.ImageFailureCodeImageInaccessible, pullOne(t, f, "app", byDigest(digests[l])), "%s cannot be pulled", l)
			}
		})
	}
}

// With automatic runs, a transition rule archives at each 24-hour point,
// evaluated as of that point, and lastArchivedAt is that point.
func TestLifecycleAutoRunArchives(t *testing.T) {
	f, clock, ctx := newFake(t, ecrfake.WithLifecycleAutoRun(true))
	labels, _ := seedArchival(t, f, clock.Now(), []archImage{
		{label: "p29.5", pushedDaysAgo: 29.5}, {label: "p28.9", tags: []string{"v1"}, pushedDaysAgo: 28.9}, {label: "p10", pushedDaysAgo: 10},
	})
	putPolicy(t, f, lcPolicy(lcRule(1, lcArchive30, lcTransition)))
	putAt := clock.Now()
	lastEvaluated := func() time.Time {
		out, err := f.GetLifecyclePolicy(ctx, &ecr.GetLifecyclePolicyInput{RepositoryName: aws.String("app")})
		require.NoError(t, err)
		return out.LastEvaluatedAt.UTC()
	}

	clock.Advance(lcDay - time.Millisecond)
	assert.Empty(t, archivedLabels(t, f, labels), "no run before 24 hours")
	clock.Advance(3*time.Hour + time.Millisecond) // now p28.9 is past 30 days, but at the point it was not
	assert.Equal(t, map[string]time.Time{"p29.5": putAt.Add(lcDay)}, archivedLabels(t, f, labels))
	assert.Equal(t, putAt.Add(lcDay), lastEvaluated())
	clock.Advance(lcDay)
	assert.Equal(t, map[string]time.Time{"p29.5": putAt.Add(lcDay), "p28.9": putAt.Add(2 * lcDay)}, archivedLabels(t, f, labels))
}

// An expire rule of storageClass archive expires images archived more than
// 90 days before the run and keeps the others; ACTIVE images, restored ones
// included, are not of its class. The preview reports their class ARCHIVE.
func TestLifecycleExpiresArchivedImages(t *testing.T) {
	f, clock, _ := newFake(t, ecrfake.WithLifecyclePreviewDuration(0))
	labels, digests := seedArchival(t, f, clock.Now(), []archImage{
		{label: "a100", pushedDaysAgo: 300, archivedDaysAgo: 100},
		{label: "a91", pushedDaysAgo: 250, archivedDaysAgo: 91},
		{label: "a89", pushedDaysAgo: 200, archivedDaysAgo: 89},
		{label: "restored", pushedDaysAgo: 190, archivedDaysAgo: 150},
		{label: "active-old", pushedDaysAgo: 400},
	})
	restoreImage(t, f, "app", digests["restored"])
	clock.Advance(ecrfake.DefaultRestoreDuration)
	require.Equal(t, types.ImageStatusActive, statusOf(t, f, "app", digests["restored"]))
	putPolicy(t, f, lcPolicy(lcRule(1, lcArchivedFor90, lcExpire)))

	startPreview(t, f)
	archive := types.LifecyclePolicyStorageClassArchive
	previewArchived, previewExpired := previewActions(t, f, labels, map[string]types.LifecyclePolicyStorageClass{"a100": archive, "a91": archive, "a89": archive})
	assert.Empty(t, previewArchived)
	assert.Equal(t, []string{"a100", "a91"}, previewExpired)

	expired, err := f.RunLifecyclePolicies("app")
	require.NoError(t, err)
	assert.Equal(t, []string{digests["a100"], digests["a91"]}, expired)
	all, err := f.DescribeImages(context.Background(), &ecr.DescribeImagesInput{RepositoryName: aws.String("app"), Filter: &types.DescribeImagesFilter{ImageStatus: types.ImageStatusFilterAny}})
	require.NoError(t, err)
	left := map[string]types.ImageStatus{}
	for _, d := range all.ImageDetails {
		left[labels[*d.ImageDigest]] = d.ImageStatus
	}
	assert.Equal(t, map[string]types.ImageStatus{"a89": types.ImageStatusArchived, "restored": types.ImageStatusActive, "active-old": types.ImageStatusActive}, left)

	// 2 days later a89 is past 90 days too.
	clock.Advance(2 * lcDay)
	expired, err = f.RunLifecyclePolicies("app")
	require.NoError(t, err)
	assert.Equal(t, []string{digests["a89"]}, expired)
}

// No rule acts on an image being restored: neither a transition of the
// standard class nor an expiry of the archive class.
func TestLifecycleSkipsImagesBeingRestored(t *testing.T) {
	tests := []struct {
		name    string
		policy  string
		control archImage // acted on
		action  types.ImageActionType
	}{
		{"transition", lcPolicy(lcRule(1, lcArchive30, lcTransition)),
			archImage{label: "control", pushedDaysAgo: 40}, types.ImageActionTypeTransition},
		{"expire archived", lcPolicy(lcRule(1, lcArchivedFor90, lcExpire)),
			archImage{label: "control", pushedDaysAgo: 200, archivedDaysAgo: 100}, types.ImageActionTypeExpire},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, clock, ctx := newFake(t, ecrfake.WithLifecyclePreviewDuration(0))
			labels, digests := seedArchival(t, f, clock.Now(), []archImage{
				{label: "restoring", pushedDaysAgo: 200, archivedDaysAgo: 100}, tt.control,
			})
			restoreImage(t, f, "app", digests["restoring"])
			putPolicy(t, f, tt.policy)
			startPreview(t, f)
			p, err := f.GetLifecyclePolicyPreview(ctx, &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: aws.String("app")})
			require.NoError(t, err)
			var acted []string
			for _, r := range p.PreviewResults {
				acted = append(acted, labels[*r.ImageDigest])
				assert.Equal(t, tt.action, r.Action.Type)
			}
			assert.Equal(t, []string{"control"}, acted, "preview")

			clock.Advance(ecrfake.DefaultRestoreDuration / 2)
			expired, err := f.RunLifecyclePolicies("app")
			require.NoError(t, err)
			if tt.action == types.ImageActionTypeExpire {
				assert.Equal(t, []string{digests["control"]}, expired)
			} else {
				assert.Empty(t, expired)
				assert.Equal(t, types.ImageStatusArchived, statusOf(t, f, "app", digests["control"]))
			}
			got := detailOf(t, f, "app", digests["restoring"])
			assert.Equal(t, types.ImageStatusActivating, got.ImageStatus, "left being restored")
			assert.Equal(t, epoch.Add(-100*lcDay), timeOf(got.LastArchivedAt))
			clock.Advance(ecrfake.DefaultRestoreDuration / 2)
			assert.Equal(t, types.ImageStatusActive, statusOf(t, f, "app", digests["restoring"]))
		})
	}
}

// An automatic run applied late sees an image whose restore was under way at
// its evaluation point as being restored, whether the restore's completion
// was observed before the run was applied or after.
func TestLifecycleAutoRunSkipsImagesBeingRestored(t *testing.T) {
	for _, completedFirst := range []bool{false, true} {
		t.Run(fmt.Sprintf("restore completed by another call first: %v", completedFirst), func(t *testing.T) {
			f, clock, ctx := newFake(t, ecrfake.WithLifecycleAutoRun(true))
			labels, digests := seedArchival(t, f, clock.Now(), []archImage{
				{label: "restoring", pushedDaysAgo: 40, archivedDaysAgo: 5}, {label: "control", pushedDaysAgo: 40},
			})
			putPolicy(t, f, lcPolicy(lcRule(1, lcArchive30, lcTransition)))
			point := clock.Now().Add(lcDay)
			clock.Advance(lcDay - 10*time.Minute)
			restoreImage(t, f, "app", digests["restoring"]) // completes 10 minutes after the point
			clock.Advance(time.Hour)
			if completedFirst {
				_, err := f.DescribeRepositories(ctx, nil) // names no repository: no run, but the restore completes
				require.NoError(t, err)
			}
			assert.Equal(t, map[string]time.Time{"control": point}, archivedLabels(t, f, labels))
			got := detailOf(t, f, "app", digests["restoring"])
			assert.Equal(t, types.ImageStatusActive, got.ImageStatus)
			assert.Equal(t, point.Add(10*time.Minute), timeOf(got.LastActivatedAt))
			assert.Equal(t, epoch.Add(-5*lcDay), timeOf(got.LastArchivedAt))
		})
	}
}

// A preview is evaluated as of its completion: an image ARCHIVED then is
// listed even if its restore was asked for before the preview was read.
func TestLifecyclePreviewSeesArchivedImageAsOfCompletion(t *testing.T) {
	for _, restoreDuration := range []time.Duration{ecrfake.DefaultRestoreDuration, 0} {
		t.Run(fmt.Sprintf("restore duration %v", restoreDuration), func(t *testing.T) {
			f, clock, _ := newFake(t, ecrfake.WithRestoreDuration(restoreDuration))
			labels, digests := seedArchival(t, f, clock.Now(), []archImage{
				{label: "a100", pushedDaysAgo: 200, archivedDaysAgo: 100},
				{label: "a120", pushedDaysAgo: 190, archivedDaysAgo: 120},
			})
			putPolicy(t, f, lcPolicy(lcRule(1, lcArchivedFor90, lcExpire)))
			startPreview(t, f)                                                   // completes 5 s later
			clock.Advance(ecrfake.DefaultLifecyclePreviewDuration + time.Second) // after completion, before the preview is read
			restoreImage(t, f, "app", digests["a120"])
			archive := types.LifecyclePolicyStorageClassArchive
			_, expired := previewActions(t, f, labels, map[string]types.LifecyclePolicyStorageClass{"a100": archive, "a120": archive})
			assert.Equal(t, []string{"a100", "a120"}, expired, "both were ARCHIVED when the preview completed")
		})
	}
}

// A preview completed late, by an automatic run, counts a restore that
// completed before the preview's own completion: the image was ACTIVE then.
func TestLifecyclePreviewCountsRestoreCompletedBeforeIt(t *testing.T) {
	f, clock, _ := newFake(t, ecrfake.WithLifecycleAutoRun(true), ecrfake.WithLifecyclePreviewDuration(30*time.Minute))
	labels, digests := seedArchival(t, f, clock.Now(), []archImage{
		{label: "restored", pushedDaysAgo: 41, archivedDaysAgo: 5}, {label: "active", pushedDaysAgo: 40},
	})
	putPolicy(t, f, lcPolicy(lcRule(1, lcArchive30, lcTransition)))
	clock.Advance(23 * time.Hour)
	startPreview(t, f) // completes at 23:30, before the run at 24:00
	clock.Advance(5 * time.Minute)
	restoreImage(t, f, "app", digests["restored"]) // completes at 23:25
	clock.Advance(2 * time.Hour)                   // no call in between
	archived, _ := previewActions(t, f, labels, nil)
	assert.Equal(t, []string{"restored", "active"}, archived, "both were ACTIVE when the preview completed")
}

// Lifecycle transitions archive indexes and manifest lists too, and an
// image an index references only when the index is archived (or deleted)
// first: in the same run, or an earlier one. The preview lists what the run
// does.
func TestLifecycleArchivesIndexesFirst(t *testing.T) {
	tests := []struct {
		name   string
		policy string
		want   []string // archived, in any order (the images share a push time)
	}{
		{"every image: the indexes go first, then their children", lcPolicy(lcRule(1, lcArchive30, lcTransition)),
			[]string{"c1", "c2", "list", "oci-child", "index", "lone", "untagged-lone"}},
		{"untagged images only: the children stay while their indexes do", lcPolicy(lcRule(1, `"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":30`, lcTransition)),
			[]string{"untagged-lone"}},
		{"the OCI index only, then its child", lcPolicy(
			lcRule(1, `"tagStatus":"tagged","tagPrefixList":["oci"],"countType":"sinceImagePushed","countUnit":"days","countNumber":30`, lcTransition),
			lcRule(2, `"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":30`, lcTransition)),
			[]string{"oci-child", "index", "untagged-lone"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, clock, ctx := newFake(t, ecrfake.WithLifecyclePreviewDuration(0))
			createRepo(t, f, "app")
			m1, c1 := pushImage(t, f, "app", "", "amd64")
			m2, c2 := pushImage(t, f, "app", "", "arm64")
			list, err := put(f, "app", indexManifest(mtDockerList, m1, m2), "multi")
			require.NoError(t, err)
			config, layer := []byte(`{"os":"linux","architecture":"amd64","n":"oci-child"}`), []byte("oci child layer")
			uploadIfMissing(t, f, "app", config)
			uploadIfMissing(t, f, "app", layer)
			ociChild := imageManifest(mtOCIManifest, config, layer)
			_, err = put(f, "app", ociChild, "")
			require.NoError(t, err)
			index, err := put(f, "app", indexManifest(mtOCIIndex, ociChild), "oci")
			require.NoError(t, err)
			_, lone := pushImage(t, f, "app", "lone", "lone")
			_, untaggedLone := pushImage(t, f, "app", "", "untagged-lone")
			labels := map[string]string{c1: "c1", c2: "c2", *list.Image.ImageId.ImageDigest: "list", sha([]byte(ociChild)): "oci-child",
				*index.Image.ImageId.ImageDigest: "index", lone: "lone", untaggedLone: "untagged-lone"}
			clock.Advance(31 * lcDay)
			putPolicy(t, f, tt.policy)

			startPreview(t, f)
			archived, expired := previewActions(t, f, labels, nil)
			assert.ElementsMatch(t, tt.want, archived, "preview")
			assert.Empty(t, expired)
			p, err := f.GetLifecyclePolicyPreview(ctx, &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: aws.String("app")})
			require.NoError(t, err)
			assert.Equal(t, int32(0), *p.Summary.ExpiringImageTotalCount)

			_, err = f.RunLifecyclePolicies("app")
			require.NoError(t, err)
			got := archivedLabels(t, f, labels)
			assert.Len(t, got, len(tt.want))
			for _, l := range tt.want {
				assert.Equal(t, clock.Now(), got[l], l)
			}
			for d, l := range labels {
				if !slices.Contains(tt.want, l) {
					assert.Equal(t, types.ImageStatusActive, statusOf(t, f, "app", d), l)
				}
			}
		})
	}
}

// ---- through the SDK client ------------------------------------------------------------

// Archive, list, restore and pull through a real *ecr.Client give the
// direct calls' answers, and errors read as the real client's.
func TestArchivalThroughTheSDKClient(t *testing.T) {
	f, clock, ctx := newFake(t)
	c := f.Client()
	createRepo(t, f, "app")
	m, d := pushImage(t, f, "app", "v1", "one")
	_, other := pushImage(t, f, "app", "v2", "two")

	up, err := c.UpdateImageStorageClass(ctx, &ecr.UpdateImageStorageClassInput{RepositoryName: aws.String("app"), ImageId: byTag("v1"), TargetStorageClass: types.TargetStorageClassArchive})
	require.NoError(t, err)
	up.ResultMetadata = middleware.Metadata{}
	assert.Equal(t, &ecr.UpdateImageStorageClassOutput{
		ImageId: &types.ImageIdentifier{ImageDigest: aws.String(d), ImageTag: aws.String("v1")}, ImageStatus: types.ImageStatusArchived,
		RegistryId: aws.String("123456789012"), RepositoryName: aws.String("app"),
	}, up)

	for _, filter := range []types.ImageStatusFilter{"", types.ImageStatusFilterArchived, types.ImageStatusFilterAny} {
		in := &ecr.ListImagesInput{RepositoryName: aws.String("app"), Filter: &types.ListImagesFilter{ImageStatus: filter}}
		direct, err := f.ListImages(ctx, in)
		require.NoError(t, err)
		wire, err := c.ListImages(ctx, in)
		require.NoError(t, err)
		assert.Equal(t, direct.ImageIds, wire.ImageIds, "ListImages %q", filter)
	}
	wire, err := c.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app"), Filter: &types.ListImagesFilter{ImageStatus: types.ImageStatusFilterArchived}})
	require.NoError(t, err)
	assert.Equal(t, []types.ImageIdentifier{{ImageDigest: aws.String(d), ImageTag: aws.String("v1")}}, wire.ImageIds)

	descIn := &ecr.DescribeImagesInput{RepositoryName: aws.String("app"), Filter: &types.DescribeImagesFilter{ImageStatus: types.ImageStatusFilterAny}}
	compareDetails := func() {
		t.Helper()
		direct, err := f.DescribeImages(ctx, descIn)
		require.NoError(t, err)
		wire, err := c.DescribeImages(ctx, descIn)
		require.NoError(t, err)
		require.Len(t, wire.ImageDetails, len(direct.ImageDetails))
		for i := range direct.ImageDetails {
			dd, wd := direct.ImageDetails[i], wire.ImageDetails[i]
			assert.Equal(t, *dd.ImageDigest, *wd.ImageDigest)
			assert.Equal(t, dd.ImageStatus, wd.ImageStatus)
			assert.Equal(t, timeOf(dd.LastArchivedAt), timeOf(wd.LastArchivedAt))
			assert.Equal(t, timeOf(dd.LastActivatedAt), timeOf(wd.LastActivatedAt))
		}
	}
	compareDetails()

	pullIn := &ecr.BatchGetImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{*byTag("v1"), *byTag("v2")}}
	pulled, err := c.BatchGetImage(ctx, pullIn)
	require.NoError(t, err)
	require.Len(t, pulled.Images, 1)
	assert.Equal(t, other, *pulled.Images[0].ImageId.ImageDigest)
	assert.Equal(t, []types.ImageFailure{{FailureCode: types.ImageFailureCodeImageInaccessible, FailureReason: aws.String(archivedPullReason), ImageId: byTag("v1")}}, pulled.Failures)

	_, err = c.StartImageScan(ctx, &ecr.StartImageScanInput{RepositoryName: aws.String("app"), ImageId: byTag("v1")})
	var iae *types.ImageArchivedException
	require.ErrorAs(t, err, &iae)

	up, err = c.UpdateImageStorageClass(ctx, &ecr.UpdateImageStorageClassInput{RepositoryName: aws.String("app"), ImageId: byDigest(d), TargetStorageClass: types.TargetStorageClassStandard})
	require.NoError(t, err)
	assert.Equal(t, types.ImageStatusActivating, up.ImageStatus)
	compareDetails()

	// Archiving an image being restored: the same exception, wrapped as the
	// real client wraps it.
	refuse := &ecr.UpdateImageStorageClassInput{RepositoryName: aws.String("app"), ImageId: byDigest(d), TargetStorageClass: types.TargetStorageClassArchive}
	_, werr := c.UpdateImageStorageClass(ctx, refuse)
	_, derr := f.UpdateImageStorageClass(ctx, refuse)
	msg := notSupportedMessage(d, "the image is being restored from the archive; wait until it is ACTIVE")
	shape := regexp.MustCompile(`^operation error ECR: UpdateImageStorageClass, https response error StatusCode: 400, RequestID: [0-9a-f-]{36}, ImageStorageClassUpdateNotSupportedException: ` + regexp.QuoteMeta(msg) + `$`)
	for name, err := range map[string]error{"client": werr, "direct": derr} {
		require.Error(t, err, name)
		assert.Regexp(t, shape, err.Error(), name)
		var ns *types.ImageStorageClassUpdateNotSupportedException
		require.ErrorAs(t, err, &ns, name)
		assert.Equal(t, msg, ns.ErrorMessage(), name)
	}

	clock.Advance(ecrfake.DefaultRestoreDuration)
	compareDetails()
	pulled, err = c.BatchGetImage(ctx, pullIn)
	require.NoError(t, err)
	assert.Empty(t, pulled.Failures)
	require.Len(t, pulled.Images, 2)
	assert.Equal(t, m, *pulled.Images[0].ImageManifest)
	got := detailOf(t, f, "app", d)
	assert.Equal(t, epoch.Add(ecrfake.DefaultRestoreDuration), timeOf(got.LastActivatedAt))
	assert.Equal(t, clock.Now(), timeOf(got.LastRecordedPullTime))
}

// ---- snapshots -----------------------------------------------------------------------------

// Snapshot and Restore keep archived and activating images, a pending
// restore included: after Restore, advancing the clock completes it.
func TestArchivalSnapshotRestore(t *testing.T) {
	f, clock, ctx := newFake(t)
	createRepo(t, f, "app")
	_, archived := statusImage(t, f, "app", "a", "archived", types.ImageStatusArchived)
	mB, activating := statusImage(t, f, "app", "b", "activating", types.ImageStatusArchived)
	_, rearchived := statusImage(t, f, "app", "c", "rearchived", types.ImageStatusActivating)
	clock.Advance(ecrfake.DefaultRestoreDuration)
	archiveImage(t, f, "app", rearchived) // ARCHIVED with a lastActivatedAt
	restoreImage(t, f, "app", activating)
	due := clock.Now().Add(ecrfake.DefaultRestoreDuration)

	snap := f.Snapshot()
	want := observe(t, f)
	require.Equal(t, types.ImageStatusArchived, statusOf(t, f, "app", archived))
	require.Equal(t, types.ImageStatusActivating, statusOf(t, f, "app", activating))
	require.Equal(t, epoch.Add(ecrfake.DefaultRestoreDuration), timeOf(detailOf(t, f, "app", rearchived).LastActivatedAt))

	// Change all three at the same instant, then go back.
	_, err := f.BatchDeleteImage(ctx, &ecr.BatchDeleteImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{*byDigest(archived)}})
	require.NoError(t, err)
	_, err = put(f, "app", mB, "") // restores b at once
	require.NoError(t, err)
	restoreImage(t, f, "app", rearchived)
	require.NotEqual(t, want, observe(t, f))
	f.Restore(snap)
	require.Equal(t, want, observe(t, f))
	assert.Equal(t, types.ImageFailureCodeImageInaccessible, pullOne(t, f, "app", byTag("b")))

	// b's pending restore is in the snapshot and completes on the clock;
	// c's, started after the snapshot, is not.
	check := func(when string) {
		t.Helper()
		b := detailOf(t, f, "app", activating)
		assert.Equal(t, types.ImageStatusActive, b.ImageStatus, when)
		assert.Equal(t, due, timeOf(b.LastActivatedAt), when)
		assert.Equal(t, types.ImageStatusArchived, statusOf(t, f, "app", archived), when)
		assert.Equal(t, types.ImageStatusArchived, statusOf(t, f, "app", rearchived), when)
		assert.Equal(t, types.ImageFailureCode(""), pullOne(t, f, "app", byTag("b")), when)
	}
	clock.Advance(ecrfake.DefaultRestoreDuration - time.Millisecond)
	assert.Equal(t, types.ImageStatusActivating, statusOf(t, f, "app", activating))
	clock.Advance(time.Millisecond)
	check("after Restore, once the clock passed the restore")

	// The snapshot stays reusable: restored after the restore fell due, the
	// restore completes at its instant on the first call.
	clock.Advance(time.Hour)
	f.Restore(snap)
	check("restored again an hour later")
}
