package state

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// archRestore is cloneTestConfig's RestoreDuration.
const archRestore = 20 * time.Minute

// ---- helpers ---------------------------------------------------------------

// setClass asks UpdateImageStorageClass at now to move an image (by digest)
// to class.
func setClass(w *World, now time.Time, repo, digest string, class types.TargetStorageClass) (types.ImageStatus, error) {
	out, err := w.UpdateImageStorageClass(now, &ecr.UpdateImageStorageClassInput{
		RepositoryName: strp(repo), ImageId: &types.ImageIdentifier{ImageDigest: strp(digest)}, TargetStorageClass: class,
	})
	if err != nil {
		return "", err
	}
	return out.ImageStatus, nil
}

func mustArchive(tb testing.TB, w *World, now time.Time, repo, digest string) {
	tb.Helper()
	s, err := setClass(w, now, repo, digest, types.TargetStorageClassArchive)
	require.NoError(tb, err)
	require.Equal(tb, types.ImageStatusArchived, s)
}

func mustRestore(tb testing.TB, w *World, now time.Time, repo, digest string) {
	tb.Helper()
	s, err := setClass(w, now, repo, digest, types.TargetStorageClassStandard)
	require.NoError(tb, err)
	require.Equal(tb, types.ImageStatusActivating, s)
}

// repush puts manifest again at now, as a client re-pushing an image does.
func repush(tb testing.TB, w *World, now time.Time, repo, tag, manifest string) {
	tb.Helper()
	in := &ecr.PutImageInput{RepositoryName: strp(repo), ImageManifest: strp(manifest)}
	if tag != "" {
		in.ImageTag = strp(tag)
	}
	_, err := w.PutImage(now, in)
	require.NoError(tb, err)
}

func imageOf(tb testing.TB, w *World, repo, digest string) *image {
	tb.Helper()
	img := w.registries[acctOwn].repos[repo].images[digest]
	require.NotNil(tb, img, "image %s in %s", digest, repo)
	return img
}

func activatedAt(img *image) time.Time {
	if img.arch == nil {
		return time.Time{}
	}
	return img.arch.activatedAt
}

func archivedAt(img *image) time.Time {
	if img.arch == nil {
		return time.Time{}
	}
	return img.arch.archivedAt
}

// requireArchivalConsistent recomputes what the state machine keeps counts
// of and checks every invariant of archival in every repository:
//
//   - every image is ACTIVE, ARCHIVED or ACTIVATING; an ACTIVATING one has
//     its restore in w.restores at its restoreAt, which no other status has;
//   - an index is never anything but ACTIVE;
//   - each layer's refs is the number of images referencing it and its
//     inactiveRefs the number of those that are not ACTIVE; every layer an
//     image references is there;
//   - each image's parents is the number of indexes listing it;
//   - w.restores is sorted by completion time;
//   - DescribeImages with an imageStatus filter lists exactly the images of
//     that status.
func requireArchivalConsistent(tb testing.TB, w *World) {
	tb.Helper()
	require.True(tb, slices.IsSortedFunc(w.restores, func(a, b pendingRestore) int { return a.at.Compare(b.at) }),
		"pending restores are sorted by completion time: %v", w.restores)
	type key struct {
		registry, repo, name string
		at                   int64
	}
	pending := map[key]bool{}
	for _, p := range w.restores {
		pending[key{p.registry, p.repo, p.name, p.at.UnixNano()}] = true
	}
	for rid, r := range w.registries {
		for name, repo := range r.repos {
			refs, inactive, parents := map[string]int{}, map[string]int{}, map[string]int{}
			byStatus := map[types.ImageStatus]int{}
			for d, img := range repo.images {
				require.Equal(tb, d, img.digest)
				s := img.status()
				byStatus[s]++
				switch s {
				case types.ImageStatusActive, types.ImageStatusArchived, types.ImageStatusActivating:
				default:
					require.Failf(tb, "unknown image status", "%s/%s %s: %q", rid, name, d, s)
				}
				if s == types.ImageStatusActivating {
					require.True(tb, pending[key{rid, name, d, img.arch.restoreAt.UnixNano()}],
						"%s/%s %s is ACTIVATING until %v, which w.restores does not hold: %v", rid, name, d, img.arch.restoreAt, w.restores)
				} else if img.arch != nil {
					require.True(tb, img.arch.restoreAt.IsZero(), "%s/%s %s is %s with a restore time", rid, name, d, s)
				}
				for _, b := range img.blobs {
					require.NotNil(tb, repo.layers[b], "%s/%s %s references layer %s, which the repository lacks", rid, name, d, b)
					refs[b]++
					if !img.active() {
						inactive[b]++
					}
				}
				for _, c := range img.children {
					parents[c]++
				}
			}
			for d, img := range repo.images {
				require.Equal(tb, parents[d], img.parents, "%s/%s %s: parents", rid, name, d)
			}
			for d, l := range repo.layers {
				require.Equal(tb, refs[d], l.refs, "%s/%s layer %s: refs", rid, name, d)
				require.Equal(tb, inactive[d], l.inactiveRefs, "%s/%s layer %s: inactiveRefs", rid, name, d)
			}
			for _, f := range []types.ImageStatusFilter{types.ImageStatusFilterActive, types.ImageStatusFilterArchived, types.ImageStatusFilterActivating, types.ImageStatusFilterAny} {
				out, err := w.DescribeImages(cloneEpoch, &ecr.DescribeImagesInput{
					RegistryId: strp(rid), RepositoryName: strp(name), Filter: &types.DescribeImagesFilter{ImageStatus: f}, MaxResults: ptr(int32(1000)),
				})
				require.NoError(tb, err)
				want := byStatus[types.ImageStatus(f)]
				if f == types.ImageStatusFilterAny {
					want = len(repo.images)
				}
				require.Len(tb, out.ImageDetails, want, "%s/%s: DescribeImages imageStatus %s", rid, name, f)
				for _, d := range out.ImageDetails {
					if f != types.ImageStatusFilterAny {
						require.Equal(tb, types.ImageStatus(f), d.ImageStatus)
					}
				}
			}
		}
	}
}

// ---- statusAt --------------------------------------------------------------

// statusAt is the status as of an earlier instant, for previews and
// automatic lifecycle runs applied late. Each case drives one image through
// the API at known instants and asks about one instant.
func TestImageStatusAt(t *testing.T) {
	t0 := cloneEpoch.Add(time.Hour)
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	type step func(tb testing.TB, w *World, digest, manifest string)
	archive := func(m int) step {
		return func(tb testing.TB, w *World, d, _ string) { mustArchive(tb, w, at(m), "app", d) }
	}
	restore := func(m int) step {
		return func(tb testing.TB, w *World, d, _ string) { mustRestore(tb, w, at(m), "app", d) }
	}
	complete := func(m int) step {
		return func(tb testing.TB, w *World, _, _ string) { w.CompleteDueRestores(at(m)) }
	}
	repushAt := func(m int) step {
		return func(tb testing.TB, w *World, _, manifest string) { repush(tb, w, at(m), "app", "v1", manifest) }
	}
	tests := []struct {
		name  string
		steps []step
		now   types.ImageStatus // the status after the steps
		at    int               // minutes after t0
		want  types.ImageStatus
	}{
		{"never archived", nil, types.ImageStatusActive, 0, types.ImageStatusActive},
		{"archived before at", []step{archive(10)}, types.ImageStatusArchived, 15, types.ImageStatusArchived},
		{"archived at at", []step{archive(10)}, types.ImageStatusArchived, 10, types.ImageStatusArchived},
		{"archived after at", []step{archive(10)}, types.ImageStatusArchived, 5, types.ImageStatusActive},
		{"restored before at", []step{archive(10), restore(20), complete(60)}, types.ImageStatusActive, 45, types.ImageStatusActive},
		{"restored at at", []step{archive(10), restore(20), complete(60)}, types.ImageStatusActive, 40, types.ImageStatusActive},
		{"restore begun before at, completed after it", []step{archive(10), restore(20), complete(60)}, types.ImageStatusActive, 30, types.ImageStatusActivating},
		{"re-pushed before at", []step{archive(10), repushAt(20)}, types.ImageStatusActive, 25, types.ImageStatusActive},
		{"activating at at", []step{archive(10), restore(20)}, types.ImageStatusActivating, 30, types.ImageStatusActivating},
		{"activating, restore begun before at", []step{archive(10), restore(20)}, types.ImageStatusActivating, 25, types.ImageStatusActivating},
		{"archived a second time before at", []step{archive(10), repushAt(20), archive(30)}, types.ImageStatusArchived, 35, types.ImageStatusArchived},
		// Archived by at, the restore asked for only after it: ARCHIVED then.
		{"archived before at, restore asked for after it", []step{archive(10), restore(20)}, types.ImageStatusActivating, 15, types.ImageStatusArchived},
		{"archived before at, restored after it", []step{archive(10), restore(20), complete(60)}, types.ImageStatusActive, 15, types.ImageStatusArchived},
		{"archived before at, re-pushed after it", []step{archive(10), repushAt(20)}, types.ImageStatusActive, 15, types.ImageStatusArchived},
		// Neither the archive nor the restore had happened at at: the image
		// was ACTIVE ("an archive after at had not happened yet").
		{"archived and restored after at", []step{archive(10), restore(20), complete(60)}, types.ImageStatusActive, 5, types.ImageStatusActive},
		{"archived and re-pushed after at", []step{archive(10), repushAt(20)}, types.ImageStatusActive, 5, types.ImageStatusActive},
		{"archived after at, now activating", []step{archive(10), restore(20)}, types.ImageStatusActivating, 5, types.ImageStatusActive},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &worldFixture{tb: t, w: New(cloneTestConfig()), now: cloneEpoch}
			f.createRepo("", "app", nil)
			m, d := f.pushImage("", "app", "v1", "status")
			for _, s := range tt.steps {
				s(t, f.w, d, m)
			}
			img := imageOf(t, f.w, "app", d)
			require.Equal(t, tt.now, img.status())
			assert.Equal(t, tt.want, img.statusAt(at(tt.at)), "status at t0+%dm (arch %+v)", tt.at, img.arch)
		})
	}
}

// A preview applied late sees each image as it was when the preview
// completed, also an image archived and restored in between.
func TestLifecyclePreviewSeesStatusAtCompletion(t *testing.T) {
	const expireAll = `{"rules":[{"rulePriority":1,"selection":{"tagStatus":"any","countType":"sinceImagePushed","countUnit":"days","countNumber":1},"action":{"type":"expire"}}]}`
	opts := LifecycleOptions{PreviewDuration: 5 * time.Minute}
	tests := []struct {
		name   string
		after  func(tb testing.TB, w *World, doneAt time.Time, digest, manifest string) // between the start and the read
		listed bool                                                                     // ACTIVE at completion: the standard rule expires it
	}{
		{"untouched", func(testing.TB, *World, time.Time, string, string) {}, true},
		{"archived before completion", func(tb testing.TB, w *World, done time.Time, d, _ string) {
			mustArchive(tb, w, done.Add(-time.Minute), "app", d)
		}, false},
		{"archived after completion", func(tb testing.TB, w *World, done time.Time, d, _ string) {
			mustArchive(tb, w, done.Add(time.Minute), "app", d)
		}, true},
		{"archived before, restore completing after completion", func(tb testing.TB, w *World, done time.Time, d, _ string) {
			// Archived and restore begun before the preview completes (the
			// preview is not completed by these calls), ACTIVE only after.
			mustArchive(tb, w, done.Add(-3*time.Minute), "app", d)
			mustRestore(tb, w, done.Add(-2*time.Minute), "app", d)
			w.CompleteDueRestores(done.Add(archRestore))
		}, false},
		{"archived before, re-pushed after completion", func(tb testing.TB, w *World, done time.Time, d, m string) {
			mustArchive(tb, w, done.Add(-time.Minute), "app", d)
			repush(tb, w, done.Add(time.Minute), "app", "v1", m)
		}, false},
		{"archived and re-pushed after completion", func(tb testing.TB, w *World, done time.Time, d, m string) {
			mustArchive(tb, w, done.Add(time.Minute), "app", d)
			repush(tb, w, done.Add(2*time.Minute), "app", "v1", m)
		}, true},
		{"archived and restored after completion", func(tb testing.TB, w *World, done time.Time, d, _ string) {
			mustArchive(tb, w, done.Add(time.Minute), "app", d)
			mustRestore(tb, w, done.Add(2*time.Minute), "app", d)
			w.CompleteDueRestores(done.Add(2*time.Minute + archRestore))
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &worldFixture{tb: t, w: New(cloneTestConfig()), now: cloneEpoch}
			f.createRepo("", "app", nil)
			m, d := f.pushImage("", "app", "v1", "preview")
			require.NoError(t, f.w.SetImageTimes(nil, "app", d, f.now.Add(-30*lcDay), time.Time{}))
			start := f.tick()
			_, err := f.w.StartLifecyclePolicyPreview(start, &ecr.StartLifecyclePolicyPreviewInput{RepositoryName: strp("app"), LifecyclePolicyText: strp(expireAll)}, opts)
			require.NoError(t, err)
			done := start.Add(opts.PreviewDuration)
			tt.after(t, f.w, done, d, m)
			read := done.Add(time.Hour)
			out, err := f.w.GetLifecyclePolicyPreview(read, &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: strp("app")}, opts)
			require.NoError(t, err)
			require.Equal(t, types.LifecyclePolicyPreviewStatusComplete, out.Status)
			if !tt.listed {
				assert.Empty(t, out.PreviewResults, "the image was not ACTIVE when the preview completed")
				return
			}
			require.Len(t, out.PreviewResults, 1, "the image was ACTIVE when the preview completed, %v after its start (arch %+v)", opts.PreviewDuration, imageOf(t, f.w, "app", d).arch)
			assert.Equal(t, types.LifecyclePolicyStorageClassStandard, out.PreviewResults[0].StorageClass)
		})
	}
}

// ---- CompleteDueRestores ---------------------------------------------------

// restoreWorld is a world whose repository "app" holds n images labelled
// r0…r(n-1), each archived; "lib" holds r0 too (same digest), archived.
// "app" scans on push only once enableScans is called, so seeding spends no
// scan quota.
type restoreWorld struct {
	*worldFixture
	digests   []string
	manifests []string
	t0        time.Time // after the seeding
}

func newRestoreWorld(tb testing.TB, n int, cfg Config) *restoreWorld {
	rw := &restoreWorld{worldFixture: &worldFixture{tb: tb, w: New(cfg), now: cloneEpoch}}
	rw.createRepo("", "app", nil)
	rw.createRepo("", "lib", nil)
	for i := range n {
		m, d := rw.pushImage("", "app", fmt.Sprintf("r%d", i), fmt.Sprintf("r%d", i))
		rw.digests, rw.manifests = append(rw.digests, d), append(rw.manifests, m)
		mustArchive(tb, rw.w, rw.tick(), "app", d)
	}
	rw.pushImage("", "lib", "r0", "r0")
	mustArchive(tb, rw.w, rw.tick(), "lib", rw.digests[0])
	rw.t0 = rw.now.Add(time.Hour)
	return rw
}

func (rw *restoreWorld) enableScans() {
	_, err := rw.w.PutImageScanningConfiguration(rw.t0, &ecr.PutImageScanningConfigurationInput{RepositoryName: strp("app"), ImageScanningConfiguration: &types.ImageScanningConfiguration{ScanOnPush: true}})
	require.NoError(rw.tb, err)
}

// complete calls CompleteDueRestores at now and checks that RestoresDue
// agrees with what it did.
func (rw *restoreWorld) complete(now time.Time) {
	rw.tb.Helper()
	due := rw.w.RestoresDue(now)
	before := len(rw.w.restores)
	require.NotPanics(rw.tb, func() { rw.w.CompleteDueRestores(now) })
	assert.Equal(rw.tb, due, len(rw.w.restores) < before, "RestoresDue(%v) said %v", now, due)
	assert.False(rw.tb, rw.w.RestoresDue(now), "nothing is due once CompleteDueRestores ran")
	for _, p := range rw.w.restores {
		assert.True(rw.tb, p.at.After(now), "a restore due by now is left: %+v", p)
	}
	requireArchivalConsistent(rw.tb, rw.w)
}

func TestCompleteDueRestores(t *testing.T) {
	m := func(n int) time.Duration { return time.Duration(n) * time.Minute }
	type want struct {
		status    types.ImageStatus
		activated time.Duration // after t0; -1: zero
		gone      bool
	}
	active := func(d time.Duration) want { return want{status: types.ImageStatusActive, activated: d} }
	activating := want{status: types.ImageStatusActivating, activated: -1}
	archived := want{status: types.ImageStatusArchived, activated: -1}
	gone := want{gone: true}
	tests := []struct {
		name    string
		n       int
		steps   func(rw *restoreWorld) // before the call; times after rw.t0
		call    time.Duration          // CompleteDueRestores at t0+call
		want    []want                 // per app image
		pending int                    // restores left
	}{
		{
			name: "each at its own instant, however late the call",
			n:    3,
			steps: func(rw *restoreWorld) {
				for i, d := range rw.digests {
					mustRestore(rw.tb, rw.w, rw.t0.Add(m(i)), "app", d)
				}
			},
			call: 10 * time.Hour,
			want: []want{active(m(20)), active(m(21)), active(m(22))},
		},
		{
			name: "not yet due ones stay pending",
			n:    3,
			steps: func(rw *restoreWorld) {
				for i, d := range rw.digests {
					mustRestore(rw.tb, rw.w, rw.t0.Add(m(i)), "app", d)
				}
			},
			call:    m(21), // the second falls due exactly now
			want:    []want{active(m(20)), active(m(21)), activating},
			pending: 1,
		},
		{
			name: "nothing due",
			n:    2,
			steps: func(rw *restoreWorld) {
				mustRestore(rw.tb, rw.w, rw.t0, "app", rw.digests[0])
			},
			call:    m(20) - time.Millisecond,
			want:    []want{activating, archived},
			pending: 1,
		},
		{
			name: "requested out of time order: completed in due order",
			n:    3,
			steps: func(rw *restoreWorld) {
				mustRestore(rw.tb, rw.w, rw.t0.Add(m(5)), "app", rw.digests[0])
				mustRestore(rw.tb, rw.w, rw.t0, "app", rw.digests[1]) // the clock went back
				mustRestore(rw.tb, rw.w, rw.t0.Add(m(2)), "app", rw.digests[2])
			},
			call:    m(23),
			want:    []want{activating, active(m(20)), active(m(22))},
			pending: 1,
		},
		{
			name: "image deleted while being restored",
			n:    2,
			steps: func(rw *restoreWorld) {
				mustRestore(rw.tb, rw.w, rw.t0, "app", rw.digests[0])
				mustRestore(rw.tb, rw.w, rw.t0.Add(m(1)), "app", rw.digests[1])
				rw.deleteImages("", "app", idDigest(rw.digests[0]))
			},
			call: time.Hour,
			want: []want{gone, active(m(21))},
		},
		{
			name: "image deleted and pushed again",
			n:    1,
			steps: func(rw *restoreWorld) {
				mustRestore(rw.tb, rw.w, rw.t0, "app", rw.digests[0])
				rw.deleteImages("", "app", idDigest(rw.digests[0]))
				repush(rw.tb, rw.w, rw.t0.Add(m(1)), "app", "r0", rw.manifests[0]) // a new image, never archived
			},
			call: time.Hour,
			want: []want{{status: types.ImageStatusActive, activated: -1}},
		},
		{
			name: "re-pushed while being restored: restored at once",
			n:    1,
			steps: func(rw *restoreWorld) {
				mustRestore(rw.tb, rw.w, rw.t0, "app", rw.digests[0])
				repush(rw.tb, rw.w, rw.t0.Add(m(5)), "app", "r0", rw.manifests[0])
			},
			call: time.Hour,
			want: []want{active(m(5))},
		},
		{
			name: "re-pushed, archived and restored again: only the latest restore counts",
			n:    1,
			steps: func(rw *restoreWorld) {
				mustRestore(rw.tb, rw.w, rw.t0, "app", rw.digests[0])              // due t0+20m: stale
				repush(rw.tb, rw.w, rw.t0.Add(m(1)), "app", "r0", rw.manifests[0]) // ACTIVE at t0+1m
				mustArchive(rw.tb, rw.w, rw.t0.Add(m(2)), "app", rw.digests[0])    // ARCHIVED
				mustRestore(rw.tb, rw.w, rw.t0.Add(m(3)), "app", rw.digests[0])    // due t0+23m
				require.Len(rw.tb, rw.w.restores, 2, "the stale entry and the latest")
			},
			call:    m(21),
			want:    []want{{status: types.ImageStatusActivating, activated: m(1)}}, // the stale entry due at t0+20m completes nothing
			pending: 1,
		},
		{
			name: "re-pushed, archived and restored again, then the latest falls due",
			n:    1,
			steps: func(rw *restoreWorld) {
				mustRestore(rw.tb, rw.w, rw.t0, "app", rw.digests[0])
				repush(rw.tb, rw.w, rw.t0.Add(m(1)), "app", "r0", rw.manifests[0])
				mustArchive(rw.tb, rw.w, rw.t0.Add(m(2)), "app", rw.digests[0])
				mustRestore(rw.tb, rw.w, rw.t0.Add(m(3)), "app", rw.digests[0])
			},
			call: time.Hour,
			want: []want{active(m(23))},
		},
		{
			name: "restored, archived and restored again after completing",
			n:    1,
			steps: func(rw *restoreWorld) {
				mustRestore(rw.tb, rw.w, rw.t0, "app", rw.digests[0])
				rw.complete(rw.t0.Add(m(25)))
				mustArchive(rw.tb, rw.w, rw.t0.Add(m(30)), "app", rw.digests[0])
				mustRestore(rw.tb, rw.w, rw.t0.Add(m(31)), "app", rw.digests[0])
			},
			call: 5 * time.Hour,
			want: []want{active(m(51))},
		},
		{
			name: "repository deleted while restoring",
			n:    2,
			steps: func(rw *restoreWorld) {
				mustRestore(rw.tb, rw.w, rw.t0, "lib", rw.digests[0])
				mustRestore(rw.tb, rw.w, rw.t0.Add(m(1)), "app", rw.digests[1])
				_, err := rw.w.DeleteRepository(rw.t0.Add(m(2)), &ecr.DeleteRepositoryInput{RepositoryName: strp("lib"), Force: true})
				require.NoError(rw.tb, err)
			},
			call: time.Hour,
			want: []want{archived, active(m(21))},
		},
		{
			name: "repository deleted and created again, the same image restoring later",
			n:    1,
			steps: func(rw *restoreWorld) {
				mustRestore(rw.tb, rw.w, rw.t0, "lib", rw.digests[0]) // due t0+20m: stale once lib goes
				_, err := rw.w.DeleteRepository(rw.t0.Add(m(1)), &ecr.DeleteRepositoryInput{RepositoryName: strp("lib"), Force: true})
				require.NoError(rw.tb, err)
				rw.now = rw.t0.Add(m(2))
				rw.createRepo("", "lib", nil)
				rw.pushImage("", "lib", "r0", "r0")
				mustArchive(rw.tb, rw.w, rw.t0.Add(m(5)), "lib", rw.digests[0])
				mustRestore(rw.tb, rw.w, rw.t0.Add(m(6)), "lib", rw.digests[0]) // due t0+26m
			},
			call:    m(21),
			want:    []want{archived},
			pending: 1, // lib's r0, due at t0+26m, untouched by the stale entry
		},
		{
			name: "registry deleted while restoring",
			n:    1,
			steps: func(rw *restoreWorld) {
				rw.createRepo(acctOther, "mirror", nil)
				_, d := rw.pushImage(acctOther, "mirror", "m", "mirror")
				_, err := rw.w.UpdateImageStorageClass(rw.t0, &ecr.UpdateImageStorageClassInput{RegistryId: strp(acctOther), RepositoryName: strp("mirror"), ImageId: &types.ImageIdentifier{ImageDigest: strp(d)}, TargetStorageClass: types.TargetStorageClassArchive})
				require.NoError(rw.tb, err)
				_, err = rw.w.UpdateImageStorageClass(rw.t0, &ecr.UpdateImageStorageClassInput{RegistryId: strp(acctOther), RepositoryName: strp("mirror"), ImageId: &types.ImageIdentifier{ImageDigest: strp(d)}, TargetStorageClass: types.TargetStorageClassStandard})
				require.NoError(rw.tb, err)
				mustRestore(rw.tb, rw.w, rw.t0.Add(m(1)), "app", rw.digests[0])
				delete(rw.w.registries, acctOther) // no operation does this yet; CompleteDueRestores must not mind
			},
			call: time.Hour,
			want: []want{active(m(21))},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rw := newRestoreWorld(t, tt.n, cloneTestConfig())
			tt.steps(rw)
			requireArchivalConsistent(t, rw.w)
			rw.complete(rw.t0.Add(tt.call))
			for i, d := range rw.digests {
				img := rw.w.registries[acctOwn].repos["app"].images[d]
				w := tt.want[i]
				if w.gone {
					assert.Nil(t, img, "image r%d", i)
					continue
				}
				require.NotNil(t, img, "image r%d", i)
				assert.Equal(t, w.status, img.status(), "image r%d", i)
				if w.activated < 0 {
					assert.True(t, activatedAt(img).IsZero(), "image r%d never completed a restore: %v", i, activatedAt(img))
				} else {
					assert.Equal(t, rw.t0.Add(w.activated), activatedAt(img), "image r%d lastActivatedAt", i)
				}
			}
			assert.Len(t, rw.w.restores, tt.pending, "restores left: %+v", rw.w.restores)
		})
	}
}

// A completed restore is a push for scanning, at the instant it fell due:
// the scan starts then, and restores that fall due together take the
// registry's scan quota in the order they were requested.
func TestCompleteDueRestoresScanInDueOrder(t *testing.T) {
	tests := []struct {
		name    string
		begin   []time.Duration // per image, when its restore is requested (after t0)
		scanned []bool          // per image: a basic scan (else LIMIT_EXCEEDED)
	}{
		{"in request order", []time.Duration{0, time.Minute, 2 * time.Minute}, []bool{true, true, false}},
		{"the clock went back: due order", []time.Duration{2 * time.Minute, time.Minute, 0}, []bool{false, true, true}},
		{"due together: request order", []time.Duration{time.Minute, time.Minute, time.Minute}, []bool{true, true, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := cloneTestConfig()
			cfg.MaxBasicScansPerDay = 2
			cfg.ScanDuration = time.Second
			rw := newRestoreWorld(t, len(tt.begin), cfg)
			rw.enableScans()
			for i, b := range tt.begin {
				mustRestore(t, rw.w, rw.t0.Add(b), "app", rw.digests[i])
			}
			rw.complete(rw.t0.Add(48 * time.Hour))
			for i, d := range rw.digests {
				img := imageOf(t, rw.w, "app", d)
				due := rw.t0.Add(tt.begin[i] + archRestore)
				require.Equal(t, due, activatedAt(img), "image r%d", i)
				require.NotNil(t, img.scan, "image r%d was scanned on restore", i)
				assert.Equal(t, due, img.scan.startedAt, "image r%d: the scan starts when the restore fell due", i)
				if tt.scanned[i] {
					assert.Equal(t, scanBasic, img.scan.kind, "image r%d", i)
				} else {
					assert.Equal(t, scanSkipped, img.scan.kind, "image r%d", i)
					assert.Equal(t, types.ScanStatusLimitExceeded, img.scan.skipped, "image r%d", i)
				}
			}
		})
	}
}

// ---- a small world driven by operation codes ---------------------------------

// archSim drives a small world through archival operations: the table
// sequences, the randomized sequence and the fuzzer share it. Each
// repository can hold simImages images, which share layers; image 0 and 1
// are what the index (image number simImages) lists.
type archSim struct {
	tb  testing.TB
	w   *World
	now time.Time
	log []string

	done          [simOpCount]int // successful steps per kind
	lcArchived    int             // images the lifecycle runs archived
	lcExpired     int             // images the lifecycle runs expired
	restoresBegun int             // ARCHIVED images UpdateImageStorageClass began restoring
	restoresDone  int             // restores CompleteDueRestores completed
	inactiveLayer int             // steps after which some layer was ARCHIVED
}

const (
	simImages = 6
	// simPolicy expires untagged images after 30 days, archives all but
	// the newest tagged image (the index too; its children only once it
	// is archived), and expires archived images after 90 days in the archive.
	simPolicy = `{"rules":[` +
		`{"rulePriority":1,"selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":30},"action":{"type":"expire"}},` +
		`{"rulePriority":2,"selection":{"tagStatus":"tagged","tagPatternList":["*"],"countType":"imageCountMoreThan","countNumber":1},"action":{"type":"transition","targetStorageClass":"archive"}},` +
		`{"rulePriority":3,"selection":{"tagStatus":"any","storageClass":"archive","countType":"sinceImageTransitioned","countUnit":"days","countNumber":90},"action":{"type":"expire"}}]}`
)

// simRepos: "app" scans on push; "lib" has immutable tags.
var simRepos = []string{"app", "lib"}

var simAdvances = []time.Duration{time.Second, 5 * time.Minute, archRestore, time.Hour, 3 * lcDay, 40 * lcDay, 100 * lcDay}

type simOpKind uint8

const (
	opPush       simOpKind = iota // push image img (re-pushing an archived one restores it at once)
	opPushIndex                   // push the index over images 0 and 1
	opArchive                     // UpdateImageStorageClass ARCHIVE
	opRestore                     // UpdateImageStorageClass STANDARD
	opAdvance                     // move the clock by simAdvances[img]
	opComplete                    // CompleteDueRestores
	opDelete                      // BatchDeleteImage by digest
	opDeleteTag                   // BatchDeleteImage by tag
	opDeleteRepo                  // DeleteRepository force, then create it again
	opLifecycle                   // RunLifecyclePolicy of simPolicy
	simOpCount
)

var simOpNames = [simOpCount]string{"push", "push-index", "archive", "restore", "advance", "complete", "delete", "delete-tag", "delete-repo", "lifecycle"}

type simOp struct {
	kind simOpKind
	repo int // index into simRepos
	img  int // 0…simImages (simImages: the index); for opAdvance, index into simAdvances
	fail bool
}

func (op simOp) String() string {
	return fmt.Sprintf("%s(%s,%d)", simOpNames[op.kind], simRepos[op.repo], op.img)
}

// Op constructors for the table sequences, in repository "app" unless named.
func sPush(i int) simOp      { return simOp{kind: opPush, img: i} }
func sIndex() simOp          { return simOp{kind: opPushIndex} }
func sArchive(i int) simOp   { return simOp{kind: opArchive, img: i} }
func sRestore(i int) simOp   { return simOp{kind: opRestore, img: i} }
func sAdvance(i int) simOp   { return simOp{kind: opAdvance, img: i} }
func sComplete() simOp       { return simOp{kind: opComplete} }
func sDelete(i int) simOp    { return simOp{kind: opDelete, img: i} }
func sDeleteTag(i int) simOp { return simOp{kind: opDeleteTag, img: i} }
func sDeleteRepo() simOp     { return simOp{kind: opDeleteRepo} }
func sLifecycle() simOp      { return simOp{kind: opLifecycle} }
func inLib(op simOp) simOp   { op.repo = 1; return op }
func failing(op simOp) simOp { op.fail = true; return op }
func simTag(i int) string    { return fmt.Sprintf("t%d", i) } // even images only
func simTagged(i int) bool   { return i%2 == 0 || i == simImages }
func simConfig(i int) []byte {
	return fmt.Appendf(nil, `{"architecture":"amd64","os":"linux","seed":"sim-%d"}`, i)
}
func simSharedLayer(k int) []byte { return fmt.Appendf(nil, "shared-layer-%d", k%3) }
func simOwnLayer(i int) []byte    { return fmt.Appendf(nil, "own-layer-%d", i) }

// simManifest is image i's manifest: its config, two of three layers shared
// round the images, and one of its own. Both repositories hold the same
// digests.
func simManifest(i int) string {
	if i == simImages {
		return indexManifestJSON(mediaDockerList, simManifest(0), simManifest(1))
	}
	return imageManifestJSON(mediaDockerV2, simConfig(i), simSharedLayer(i), simSharedLayer(i+1), simOwnLayer(i))
}

var simDigests = func() []string {
	ds := make([]string, simImages+1)
	for i := range ds {
		ds[i] = sha256Of([]byte(simManifest(i)))
	}
	return ds
}()

func newArchSim(tb testing.TB) *archSim {
	cfg := cloneTestConfig()
	cfg.ScanDuration = time.Minute
	cfg.MaxBasicScansPerDay = 4
	s := &archSim{tb: tb, w: New(cfg), now: cloneEpoch}
	tb.Cleanup(func() {
		if tb.Failed() {
			tb.Logf("operations: %s", strings.Join(s.log, " "))
		}
	})
	for i := range simRepos {
		s.createRepo(i)
	}
	return s
}

func (s *archSim) createRepo(i int) {
	in := &ecr.CreateRepositoryInput{RepositoryName: strp(simRepos[i])}
	if i == 0 {
		in.ImageScanningConfiguration = &types.ImageScanningConfiguration{ScanOnPush: true}
	} else {
		in.ImageTagMutability = types.ImageTagMutabilityImmutable
	}
	_, err := s.w.CreateRepository(s.now, in)
	require.NoError(s.tb, err)
	_, err = s.w.PutLifecyclePolicy(s.now, &ecr.PutLifecyclePolicyInput{RepositoryName: strp(simRepos[i]), LifecyclePolicyText: strp(simPolicy)}, LifecycleOptions{})
	require.NoError(s.tb, err)
}

func (s *archSim) repo(i int) *repository { return s.w.registries[acctOwn].repos[simRepos[i]] }

// ensureBlob uploads data unless the repository holds it (ARCHIVED layers
// are held too).
func (s *archSim) ensureBlob(repo string, data []byte) error {
	d := sha256Of(data)
	out, err := s.w.BatchCheckLayerAvailability(s.now, &ecr.BatchCheckLayerAvailabilityInput{RepositoryName: strp(repo), LayerDigests: []string{d}})
	if err != nil {
		return err
	}
	if out.Layers[0].LayerAvailability != types.LayerAvailabilityUnavailable {
		return nil
	}
	up, err := s.w.InitiateLayerUpload(s.now, &ecr.InitiateLayerUploadInput{RepositoryName: strp(repo)})
	if err != nil {
		return err
	}
	if _, err := s.w.UploadLayerPart(s.now, &ecr.UploadLayerPartInput{
		RepositoryName: strp(repo), UploadId: up.UploadId,
		PartFirstByte: ptr(int64(0)), PartLastByte: ptr(int64(len(data) - 1)), LayerPartBlob: data,
	}); err != nil {
		return err
	}
	_, err = s.w.CompleteLayerUpload(s.now, &ecr.CompleteLayerUploadInput{RepositoryName: strp(repo), UploadId: up.UploadId, LayerDigests: []string{d}})
	return err
}

// step applies op and checks every invariant after it; it returns the
// operation's error, if any (many random operations are refused, which is
// fine).
func (s *archSim) step(op simOp) error {
	s.tb.Helper()
	op.repo %= len(simRepos)
	op.img %= simImages + 1
	s.log = append(s.log, op.String())
	err := s.apply(op)
	if err == nil {
		s.done[op.kind]++
	}
	s.check()
	return err
}

func (s *archSim) apply(op simOp) error {
	name := simRepos[op.repo]
	if op.kind == opPushIndex {
		op.img = simImages
	}
	digest := simDigests[op.img]
	s.now = s.now.Add(time.Millisecond) // every operation at its own instant
	switch op.kind {
	case opPush, opPushIndex:
		i := op.img
		if i < simImages {
			for _, b := range [][]byte{simConfig(i), simSharedLayer(i), simSharedLayer(i + 1), simOwnLayer(i)} {
				if err := s.ensureBlob(name, b); err != nil {
					return err
				}
			}
		}
		in := &ecr.PutImageInput{RepositoryName: strp(name), ImageManifest: strp(simManifest(i))}
		if simTagged(i) {
			in.ImageTag = strp(simTag(i))
		}
		before := s.repo(op.repo).images[digest]
		wasInactive := before != nil && !before.active()
		_, err := s.w.PutImage(s.now, in)
		if err == nil && wasInactive {
			img := s.repo(op.repo).images[digest]
			require.Equal(s.tb, types.ImageStatusActive, img.status(), "a re-push restores at once")
			require.Equal(s.tb, s.now, img.arch.activatedAt)
		}
		return err
	case opArchive, opRestore:
		class := types.TargetStorageClassArchive
		if op.kind == opRestore {
			class = types.TargetStorageClassStandard
		}
		before := s.repo(op.repo).images[digest]
		wasArchived := before != nil && before.status() == types.ImageStatusArchived
		wasActive := before != nil && before.active()
		st, err := setClass(s.w, s.now, name, digest, class)
		if err == nil && op.kind == opRestore && wasArchived {
			require.Equal(s.tb, types.ImageStatusActivating, st)
			s.restoresBegun++
		}
		if err == nil && op.kind == opArchive && wasActive {
			s.requireIndexesArchived(op.repo, digest, "UpdateImageStorageClass")
		}
		return err
	case opAdvance:
		s.now = s.now.Add(simAdvances[op.img%len(simAdvances)])
		return nil
	case opComplete:
		return s.complete()
	case opDelete, opDeleteTag:
		id := idDigest(digest)
		if op.kind == opDeleteTag {
			id = idTag(simTag(op.img))
		}
		out, err := s.w.BatchDeleteImage(s.now, &ecr.BatchDeleteImageInput{RepositoryName: strp(name), ImageIds: []types.ImageIdentifier{id}})
		if err == nil && len(out.Failures) > 0 {
			err = errors.New(*out.Failures[0].FailureReason)
		}
		return err
	case opDeleteRepo:
		if _, err := s.w.DeleteRepository(s.now, &ecr.DeleteRepositoryInput{RepositoryName: strp(name), Force: true}); err != nil {
			return err
		}
		s.createRepo(op.repo)
		return nil
	case opLifecycle:
		return s.runLifecycle(op.repo)
	}
	return fmt.Errorf("unknown operation %d", op.kind)
}

// complete completes the due restores, checking each against what it was
// and that RestoresDue agreed.
func (s *archSim) complete() error {
	type was struct {
		img *image
		at  time.Time
	}
	var due []was
	for _, p := range s.w.restores {
		if p.at.After(s.now) {
			break
		}
		if r := s.w.registries[p.registry]; r != nil && r.repos[p.repo] != nil {
			if img := r.repos[p.repo].images[p.name]; img != nil && img.status() == types.ImageStatusActivating && img.arch.restoreAt.Equal(p.at) {
				due = append(due, was{img, p.at})
			}
		}
	}
	said := s.w.RestoresDue(s.now)
	n := len(s.w.restores)
	s.w.CompleteDueRestores(s.now)
	require.Equal(s.tb, said, len(s.w.restores) < n, "RestoresDue agrees with CompleteDueRestores")
	require.False(s.tb, s.w.RestoresDue(s.now))
	for _, d := range due {
		require.Equal(s.tb, types.ImageStatusActive, d.img.status())
		require.Equal(s.tb, d.at, d.img.arch.activatedAt, "completed at its own instant")
	}
	s.restoresDone += len(due)
	return nil
}

// runLifecycle runs the policy now and checks what the run did: images
// that were ACTIVE and are now ARCHIVED were archived now, and only once
// every index referencing them was archived; ACTIVATING images not yet due
// are untouched; restores due by now completed at their own instant.
func (s *archSim) runLifecycle(r int) error {
	repo := s.repo(r)
	type was struct {
		status    types.ImageStatus
		restoreAt time.Time
		archived  time.Time
	}
	before := map[string]was{}
	for d, img := range repo.images {
		w := was{status: img.status(), archived: archivedAt(img)}
		if img.arch != nil {
			w.restoreAt = img.arch.restoreAt
		}
		before[d] = w
	}
	_, err := s.w.RunLifecyclePolicy(s.now, nil, simRepos[r], LifecycleOptions{})
	if err != nil {
		return err
	}
	for d, b := range before {
		img := repo.images[d]
		if img == nil {
			s.lcExpired++
			require.False(s.tb, b.status == types.ImageStatusActivating && b.restoreAt.After(s.now), "an image being restored is not expired: %s", d)
			continue
		}
		switch {
		case b.status == types.ImageStatusActivating && b.restoreAt.After(s.now):
			require.Equal(s.tb, types.ImageStatusActivating, img.status(), "the run ignores images being restored")
			require.Equal(s.tb, b.restoreAt, img.arch.restoreAt)
		case b.status == types.ImageStatusActivating:
			require.Equal(s.tb, b.restoreAt, img.arch.activatedAt, "the run completed the due restore first, at its instant")
		}
		if img.status() == types.ImageStatusArchived && !archivedAt(img).Equal(b.archived) {
			s.lcArchived++
			require.Equal(s.tb, s.now, archivedAt(img), "archived by the run at its instant")
			s.requireIndexesArchived(r, d, "a lifecycle run")
			require.NotEqual(s.tb, types.ImageStatusArchived, b.status)
		}
	}
	return nil
}

// requireIndexesArchived checks the user guide's rule after an image was
// archived: every index of the repository that references it is archived.
func (s *archSim) requireIndexesArchived(r int, digest, by string) {
	s.tb.Helper()
	for _, idx := range s.repo(r).images {
		if slices.Contains(idx.children, digest) {
			require.Equal(s.tb, types.ImageStatusArchived, idx.status(), "%s archived %s while an index referencing it is %s", by, digest, idx.status())
		}
	}
}

// withStatus lists the images of repository r with status s, by number.
func (s *archSim) withStatus(r int, st types.ImageStatus) []int {
	var out []int
	for i, d := range simDigests {
		if img := s.repo(r).images[d]; img != nil && img.status() == st {
			out = append(out, i)
		}
	}
	return out
}

func (s *archSim) check() {
	s.tb.Helper()
	requireArchivalConsistent(s.tb, s.w)
	for _, name := range simRepos {
		for _, l := range s.w.registries[acctOwn].repos[name].layers {
			if l.inactiveRefs > 0 {
				s.inactiveLayer++
				return
			}
		}
	}
}

// run applies the operations in order; table sequences require each to
// succeed unless marked failing.
func (s *archSim) run(ops []simOp, strict bool) {
	s.tb.Helper()
	for i, op := range ops {
		err := s.step(op)
		if strict {
			if op.fail {
				require.Error(s.tb, err, "step %d %s: %s", i, op, strings.Join(s.log, " "))
			} else {
				require.NoError(s.tb, err, "step %d %s: %s", i, op, strings.Join(s.log, " "))
			}
		}
	}
}

// ---- layer counts ----------------------------------------------------------

// After every step of these sequences each layer's refs and inactiveRefs
// are what the images say (requireArchivalConsistent).
func TestArchivalLayerCountsSequences(t *testing.T) {
	tests := []struct {
		name string
		ops  []simOp
	}{
		{"archive and restore images sharing layers", []simOp{
			sPush(0), sPush(1), sPush(2), sArchive(0), sArchive(1), sRestore(0),
			sAdvance(2), sComplete(), sRestore(1), sAdvance(1), sComplete(), sAdvance(1), sComplete(),
		}},
		{"re-push an archived and an activating image", []simOp{
			sPush(2), sPush(3), sArchive(2), sArchive(3), sPush(2), sPush(3), sArchive(2), sRestore(2), sPush(2),
			sAdvance(3), sComplete(),
		}},
		{"re-push with an immutable tag", []simOp{
			inLib(sPush(0)), inLib(sArchive(0)), inLib(sPush(0)), failing(inLib(sPush(0))),
		}},
		{"delete archived and activating images", []simOp{
			sPush(0), sPush(1), sPush(2), sPush(3), sArchive(1), sArchive(2), sArchive(3), sRestore(3),
			sDelete(1), sDeleteTag(2), sDelete(3), sAdvance(3), sComplete(), sPush(1), sPush(2), sPush(3),
		}},
		{"delete a repository with archived and activating images", []simOp{
			sPush(0), sPush(1), sPush(2), sArchive(0), sArchive(1), sRestore(1), sDeleteRepo(),
			sPush(1), sArchive(1), sRestore(1), sAdvance(2), sComplete(), sAdvance(3), sComplete(),
		}},
		{"the same images in two repositories", []simOp{
			sPush(4), inLib(sPush(4)), sArchive(4), inLib(sArchive(4)), inLib(sRestore(4)), sRestore(4),
			inLib(sDelete(4)), sAdvance(3), sComplete(),
		}},
		{"children archive after their index", []simOp{
			sPush(0), sPush(1), sIndex(), failing(sArchive(0)), failing(sArchive(1)), sArchive(simImages),
			sArchive(0), sArchive(1), sRestore(simImages), sRestore(0), sAdvance(3), sComplete(),
		}},
		{"children archive once their index is deleted", []simOp{
			sPush(0), sPush(1), sIndex(), failing(sArchive(0)), sDeleteTag(simImages), sArchive(0), sArchive(1),
		}},
		{"refused and repeated requests", []simOp{
			sPush(0), sArchive(0), sRestore(0), failing(sArchive(0)), sRestore(0), failing(sArchive(5)),
			failing(sRestore(5)), sAdvance(3), sComplete(),
		}},
		{"lifecycle transitions and expires", []simOp{
			sPush(0), sPush(1), sPush(2), sPush(3), sPush(4), sPush(5), sAdvance(5), sLifecycle(),
			sAdvance(6), sLifecycle(), sPush(0), sPush(1), sPush(3), sLifecycle(),
		}},
		{"lifecycle with restores pending and due", []simOp{
			sPush(0), sPush(2), sPush(4), sArchive(0), sArchive(2), sRestore(0), sAdvance(1), sRestore(2),
			sAdvance(1), sAdvance(1), sAdvance(1), sLifecycle(), sAdvance(3), sLifecycle(),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newArchSim(t)
			s.run(tt.ops, true)
		})
	}
}

// A few hundred random steps from fixed seeds keep every count right.
func TestArchivalLayerCountsRandom(t *testing.T) {
	// Weights: pushes, archives and restores often, the clock and
	// completions regularly, deletions and runs now and then.
	weights := [simOpCount]int{opPush: 8, opPushIndex: 2, opArchive: 6, opRestore: 5, opAdvance: 5, opComplete: 4, opDelete: 2, opDeleteTag: 2, opDeleteRepo: 1, opLifecycle: 2}
	var table []simOpKind
	for k, n := range weights {
		for range n {
			table = append(table, simOpKind(k))
		}
	}
	var done [simOpCount]int
	var begun, restores, lcArchived, lcExpired, inactive int
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 0x6172636869766521))
			s := newArchSim(t)
			for range 400 {
				op := simOp{kind: table[r.IntN(len(table))], repo: r.IntN(len(simRepos)), img: r.IntN(simImages + 1)}
				switch op.kind {
				case opAdvance:
					op.img = r.IntN(len(simAdvances))
				case opArchive, opRestore:
					// Mostly an image that can take the step, so that
					// images go round the cycle rather than being refused.
					want := types.ImageStatusActive
					if op.kind == opRestore {
						want = types.ImageStatusArchived
					}
					if cand := s.withStatus(op.repo, want); len(cand) > 0 && r.IntN(4) > 0 {
						op.img = cand[r.IntN(len(cand))]
					}
				}
				_ = s.step(op)
			}
			for k, n := range s.done {
				done[k] += n
			}
			begun, restores, lcArchived, lcExpired, inactive = begun+s.restoresBegun, restores+s.restoresDone, lcArchived+s.lcArchived, lcExpired+s.lcExpired, inactive+s.inactiveLayer
		})
	}
	// The sequences did what they are there to do.
	for k, n := range done {
		assert.Positive(t, n, "some %s succeeded", simOpNames[k])
	}
	assert.Positive(t, begun, "restores begun")
	assert.Positive(t, restores, "restores completed")
	assert.Positive(t, lcArchived, "lifecycle runs archived images")
	assert.Positive(t, lcExpired, "lifecycle runs expired images")
	assert.Positive(t, inactive, "layers were ARCHIVED")
	t.Logf("successes per operation %v; restores begun %d, completed %d; lifecycle archived %d, expired %d", done, begun, restores, lcArchived, lcExpired)
}

// ---- lifecycle transitions ---------------------------------------------------

// A run at at with a transition rule archives the ACTIVE images it selects
// at at, counts the restores due by at as done first, leaves ACTIVATING
// images alone, and archives an index before the images it references.
func TestLifecycleRunTransitions(t *testing.T) {
	tests := []struct {
		name string
		// run runs the policy put at put, due to run at runAt; it returns the
		// instant the run evaluates.
		run func(tb testing.TB, w *World, runAt time.Time) time.Time
	}{
		{"RunLifecyclePolicy", func(tb testing.TB, w *World, runAt time.Time) time.Time {
			_, err := w.RunLifecyclePolicy(runAt, nil, "app", LifecycleOptions{})
			require.NoError(tb, err)
			return runAt
		}},
		{"an automatic run applied late", func(tb testing.TB, w *World, runAt time.Time) time.Time {
			opts := LifecycleOptions{AutoRunEvery: lcDay}
			now := runAt.Add(3 * time.Hour)
			require.True(tb, w.LifecycleRunDue(now, nil, strp("app"), opts))
			w.ApplyDueLifecycle(now, nil, strp("app"), opts)
			return runAt // the run point, not the call
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &worldFixture{tb: t, w: New(cloneTestConfig()), now: cloneEpoch}
			f.createRepo("", "app", nil)
			d := map[string]string{}
			for _, l := range []string{"active", "due", "late", "archived", "young", "untagged"} {
				tag := l
				if l == "untagged" {
					tag = ""
				}
				_, d[l] = f.pushImage("", "app", tag, l)
			}
			mc1, c1 := f.pushImage("", "app", "", "child-1")
			mc2, c2 := f.pushImage("", "app", "", "child-2")
			d["child-1"], d["child-2"] = c1, c2
			d["index"] = f.put("", "app", "multi", mediaDockerList, indexManifestJSON(mediaDockerList, mc1, mc2))
			for l, dg := range d {
				if l != "young" {
					require.NoError(t, f.w.SetImageTimes(nil, "app", dg, cloneEpoch.Add(-40*lcDay), time.Time{}))
				}
			}
			put := f.tick()
			_, err := f.w.PutLifecyclePolicy(put, &ecr.PutLifecyclePolicyInput{RepositoryName: strp("app"), LifecyclePolicyText: strp(lcTransitionOld)}, LifecycleOptions{})
			require.NoError(t, err)
			runAt := put.Add(lcDay)
			// due: its restore falls due an hour before the run point;
			// late: ten minutes after it.
			mustArchive(t, f.w, put, "app", d["due"])
			mustRestore(t, f.w, runAt.Add(-time.Hour-archRestore), "app", d["due"])
			mustArchive(t, f.w, put, "app", d["late"])
			mustRestore(t, f.w, runAt.Add(10*time.Minute-archRestore), "app", d["late"])
			mustArchive(t, f.w, put, "app", d["archived"])
			requireArchivalConsistent(t, f.w)

			at := tt.run(t, f.w, runAt)
			requireArchivalConsistent(t, f.w)
			img := func(l string) *image { return imageOf(t, f.w, "app", d[l]) }

			for _, l := range []string{"active", "untagged", "due", "index", "child-1", "child-2"} {
				assert.Equal(t, types.ImageStatusArchived, img(l).status(), "%s is transitioned", l)
				assert.Equal(t, at, archivedAt(img(l)), "%s: lastArchivedAt is the run's instant", l)
			}
			assert.Equal(t, runAt.Add(-time.Hour), activatedAt(img("due")), "due's restore completed at its instant, before the run")
			assert.Equal(t, types.ImageStatusActivating, img("late").status(), "an image being restored is left alone")
			assert.Equal(t, runAt.Add(10*time.Minute), img("late").arch.restoreAt)
			assert.Equal(t, put, archivedAt(img("late")))
			assert.Equal(t, put, archivedAt(img("archived")), "an archived image is not archived again")
			for _, l := range []string{"young"} {
				assert.Equal(t, types.ImageStatusActive, img(l).status(), "%s stays standard", l)
				assert.Nil(t, img(l).arch, "%s was never archived", l)
			}
			got, err := f.w.GetLifecyclePolicy(at, &ecr.GetLifecyclePolicyInput{RepositoryName: strp("app")}, LifecycleOptions{})
			require.NoError(t, err)
			assert.Equal(t, at, *got.LastEvaluatedAt)

			// late's restore completes later, at its own instant.
			f.w.CompleteDueRestores(runAt.Add(5 * time.Hour))
			assert.Equal(t, runAt.Add(10*time.Minute), activatedAt(img("late")))
			requireArchivalConsistent(t, f.w)
		})
	}
}

// lcTransitionOld archives every standard image pushed more than 30 days ago.
const lcTransitionOld = `{"rules":[{"rulePriority":1,"selection":{"tagStatus":"any","countType":"sinceImagePushed","countUnit":"days","countNumber":30},"action":{"type":"transition","targetStorageClass":"archive"}}]}`

// An automatic run applied late ignores an image whose restore completed
// after the run point, though it is ACTIVE when the run is applied.
func TestLifecycleRunIgnoresRestoreCompletedAfterRunPoint(t *testing.T) {
	f := &worldFixture{tb: t, w: New(cloneTestConfig()), now: cloneEpoch}
	f.createRepo("", "app", nil)
	_, d := f.pushImage("", "app", "v1", "restored")
	require.NoError(t, f.w.SetImageTimes(nil, "app", d, cloneEpoch.Add(-40*lcDay), time.Time{}))
	opts := LifecycleOptions{AutoRunEvery: lcDay}
	put := f.tick()
	_, err := f.w.PutLifecyclePolicy(put, &ecr.PutLifecyclePolicyInput{RepositoryName: strp("app"), LifecyclePolicyText: strp(lcTransitionOld)}, opts)
	require.NoError(t, err)
	runAt := put.Add(lcDay)
	mustArchive(t, f.w, put, "app", d)
	mustRestore(t, f.w, runAt.Add(-archRestore/2), "app", d)
	f.w.CompleteDueRestores(runAt.Add(time.Hour)) // another call completed it
	require.Equal(t, runAt.Add(archRestore/2), activatedAt(imageOf(t, f.w, "app", d)))
	f.w.ApplyDueLifecycle(runAt.Add(2*time.Hour), nil, strp("app"), opts)
	img := imageOf(t, f.w, "app", d)
	assert.Equal(t, types.ImageStatusActive, img.status(), "being restored at the run point: not transitioned")
	assert.Equal(t, put, archivedAt(img))
	requireArchivalConsistent(t, f.w)
}

// ---- fuzz ------------------------------------------------------------------

// encodeSimOps is the fuzzer's encoding of a sequence: two bytes per
// operation, the kind, then repository and image.
func encodeSimOps(ops []simOp) []byte {
	b := make([]byte, 0, 2*len(ops))
	for _, op := range ops {
		b = append(b, byte(op.kind), byte(op.img<<1|op.repo))
	}
	return b
}

func decodeSimOps(data []byte) []simOp {
	const maxOps = 300
	var ops []simOp
	for i := 0; i+1 < len(data) && len(ops) < maxOps; i += 2 {
		op := simOp{kind: simOpKind(data[i] % byte(simOpCount)), repo: int(data[i+1] & 1), img: int(data[i+1]>>1) % (simImages + 1)}
		if op.kind == opAdvance {
			op.img = int(data[i+1]>>1) % len(simAdvances)
		}
		ops = append(ops, op)
	}
	return ops
}

// FuzzArchivalSequence reads the input as a sequence of operations
// (decodeSimOps) on a small world and checks after every step that nothing
// panicked and the archival state is consistent (requireArchivalConsistent,
// and the checks archSim makes of completions and lifecycle runs). Run with
//
//	go test ./internal/state -run '^$' -fuzz FuzzArchivalSequence -fuzztime 60s
//
// (add -fuzzminimizetime=200x to keep the workers fuzzing rather than
// minimising long inputs).
func FuzzArchivalSequence(f *testing.F) {
	f.Add(encodeSimOps([]simOp{sPush(0), sArchive(0), sRestore(0), sAdvance(2), sComplete()}))
	f.Add(encodeSimOps([]simOp{sPush(2), sArchive(2), sRestore(2), sPush(2), sArchive(2), sRestore(2), sAdvance(3), sComplete()}))
	f.Add(encodeSimOps([]simOp{sPush(0), sPush(1), sIndex(), sArchive(0), sArchive(2), sPush(2), sArchive(2), sDelete(2), sDeleteTag(simImages), sArchive(1)}))
	f.Add(encodeSimOps([]simOp{sPush(1), sPush(3), sArchive(3), sRestore(3), sDeleteRepo(), sPush(3), sArchive(3), sRestore(3), sAdvance(2), sComplete()}))
	f.Add(encodeSimOps([]simOp{sPush(0), sPush(1), sPush(2), sPush(3), sPush(4), sPush(5), sAdvance(5), sLifecycle(), sAdvance(6), sLifecycle()}))
	f.Add(encodeSimOps([]simOp{inLib(sPush(4)), sPush(4), inLib(sArchive(4)), sArchive(4), sRestore(4), sAdvance(1), sLifecycle(), inLib(sRestore(4)), sAdvance(3), inLib(sLifecycle())}))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		s := newArchSim(t)
		for _, op := range decodeSimOps(data) {
			_ = s.step(op)
		}
	})
}
