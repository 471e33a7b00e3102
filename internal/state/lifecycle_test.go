package state

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	lcDay = 24 * time.Hour

	// lcUntagged14 expires untagged images pushed more than 14 days ago.
	lcUntagged14 = `{"rules":[{"rulePriority":1,"description":"expire old untagged images","selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}`
	// lcKeep2 keeps the two newest images of any kind.
	lcKeep2 = `{"rules":[{"rulePriority":5,"description":"keep the two newest images","selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":2},"action":{"type":"expire"}}]}`
)

var lcOpts = LifecycleOptions{PreviewDuration: 5 * time.Second}

// lcFixture is a world with repository "app" holding images pushed at known
// times before f.now.
type lcFixture struct {
	*worldFixture
	digests map[string]string // label → digest
}

func newLCFixture(t *testing.T) *lcFixture {
	f := &lcFixture{worldFixture: &worldFixture{tb: t, w: New(cloneTestConfig()), now: cloneEpoch}, digests: map[string]string{}}
	f.createRepo("", "app", nil)
	return f
}

// push pushes an image labelled label with the given tags and sets its push
// time to daysAgo days before the fixture's clock.
func (f *lcFixture) push(label string, daysAgo int, tags ...string) string {
	f.tb.Helper()
	base := f.now
	defer func() { f.now = base }() // pushing does not move the fixture's clock
	tag := ""
	if len(tags) > 0 {
		tag = tags[0]
	}
	m, d := f.pushImage("", "app", tag, label)
	for _, t := range tags[min(1, len(tags)):] {
		f.put("", "app", t, "", m)
	}
	require.NoError(f.tb, f.w.SetImageTimes(nil, "app", d, base.Add(-time.Duration(daysAgo)*lcDay), time.Time{}))
	f.digests[label] = d
	return d
}

func (f *lcFixture) putPolicy(text string) {
	f.tb.Helper()
	_, err := f.w.PutLifecyclePolicy(f.now, &ecr.PutLifecyclePolicyInput{RepositoryName: strp("app"), LifecyclePolicyText: strp(text)}, lcOpts)
	require.NoError(f.tb, err)
}

// labels lists the labels of the repository's images in push order.
func (f *lcFixture) labels() []string {
	byDigest := map[string]string{}
	for l, d := range f.digests {
		byDigest[d] = l
	}
	out, err := f.w.DescribeImages(f.now, &ecr.DescribeImagesInput{RepositoryName: strp("app")})
	require.NoError(f.tb, err)
	var ls []string
	for _, d := range out.ImageDetails {
		ls = append(ls, byDigest[*d.ImageDigest])
	}
	return ls
}

func (f *lcFixture) labelsOf(digests []string) []string {
	byDigest := map[string]string{}
	for l, d := range f.digests {
		byDigest[d] = l
	}
	var ls []string
	for _, d := range digests {
		ls = append(ls, byDigest[d])
	}
	return ls
}

func TestLifecyclePolicyPutGetDelete(t *testing.T) {
	f := newLCFixture(t)
	get := func() (*ecr.GetLifecyclePolicyOutput, error) {
		return f.w.GetLifecyclePolicy(f.now, &ecr.GetLifecyclePolicyInput{RepositoryName: strp("app")}, lcOpts)
	}
	_, err := get()
	var nf *types.LifecyclePolicyNotFoundException
	require.True(t, errors.As(err, &nf))
	assert.Equal(t, "Lifecycle policy does not exist for the repository with name 'app' in the registry with id '"+acctOwn+"'", *nf.Message)

	text := "  " + lcUntagged14 + "\n" // stored verbatim, whitespace included
	put, err := f.w.PutLifecyclePolicy(f.now, &ecr.PutLifecyclePolicyInput{RepositoryName: strp("app"), LifecyclePolicyText: strp(text)}, lcOpts)
	require.NoError(t, err)
	assert.Equal(t, &ecr.PutLifecyclePolicyOutput{RegistryId: strp(acctOwn), RepositoryName: strp("app"), LifecyclePolicyText: strp(text)}, put)

	got, err := get()
	require.NoError(t, err)
	assert.Equal(t, text, *got.LifecyclePolicyText)
	assert.Equal(t, time.Unix(0, 0).UTC(), *got.LastEvaluatedAt, "a policy that never ran reads the Unix epoch")

	// An invalid policy is rejected and the stored one stays.
	_, err = f.w.PutLifecyclePolicy(f.now, &ecr.PutLifecyclePolicyInput{RepositoryName: strp("app"), LifecyclePolicyText: strp(strings.Replace(lcKeep2, `"countNumber":2`, `"countNumber":0`, 1))}, lcOpts)
	var ip *types.InvalidParameterException
	require.True(t, errors.As(err, &ip))
	assert.Equal(t, "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure: numeric instance is lower than the required minimum (minimum: 1, found: 0)'", *ip.Message)
	got, err = get()
	require.NoError(t, err)
	assert.Equal(t, text, *got.LifecyclePolicyText)

	// Put replaces.
	f.putPolicy(lcKeep2)
	got, err = get()
	require.NoError(t, err)
	assert.Equal(t, lcKeep2, *got.LifecyclePolicyText)

	del, err := f.w.DeleteLifecyclePolicy(f.now, &ecr.DeleteLifecyclePolicyInput{RepositoryName: strp("app")}, lcOpts)
	require.NoError(t, err)
	assert.Equal(t, &ecr.DeleteLifecyclePolicyOutput{RegistryId: strp(acctOwn), RepositoryName: strp("app"), LifecyclePolicyText: strp(lcKeep2), LastEvaluatedAt: ptr(time.Unix(0, 0).UTC())}, del)
	_, err = get()
	require.True(t, errors.As(err, &nf))
	_, err = f.w.DeleteLifecyclePolicy(f.now, &ecr.DeleteLifecyclePolicyInput{RepositoryName: strp("app")}, lcOpts)
	require.True(t, errors.As(err, &nf))
	assert.Nil(t, f.w.registries[acctOwn].repos["app"].lifecycle, "deleting the only lifecycle state leaves none")

	var rnf *types.RepositoryNotFoundException
	_, err = f.w.PutLifecyclePolicy(f.now, &ecr.PutLifecyclePolicyInput{RepositoryName: strp("nope"), LifecyclePolicyText: strp(lcKeep2)}, lcOpts)
	require.True(t, errors.As(err, &rnf))
	_, err = f.w.GetLifecyclePolicy(f.now, &ecr.GetLifecyclePolicyInput{RepositoryName: strp("nope")}, lcOpts)
	require.True(t, errors.As(err, &rnf))
}

func TestRunLifecyclePolicy(t *testing.T) {
	f := newLCFixture(t)
	f.push("old-untagged", 20)
	f.push("old-tagged", 30, "v1", "stable")
	f.push("new-untagged", 3)
	f.push("exactly-14", 14)

	_, err := f.w.RunLifecyclePolicy(f.now, nil, "app", lcOpts)
	var nf *types.LifecyclePolicyNotFoundException
	require.True(t, errors.As(err, &nf), "no policy, nothing to run")

	f.putPolicy(lcUntagged14)
	expired, err := f.w.RunLifecyclePolicy(f.now, nil, "app", lcOpts)
	require.NoError(t, err)
	assert.Equal(t, []string{"old-untagged"}, f.labelsOf(expired))
	assert.Equal(t, []string{"old-tagged", "new-untagged", "exactly-14"}, f.labels())
	got, err := f.w.GetLifecyclePolicy(f.now, &ecr.GetLifecyclePolicyInput{RepositoryName: strp("app")}, lcOpts)
	require.NoError(t, err)
	assert.Equal(t, f.now, *got.LastEvaluatedAt)

	// Expiring a tagged image removes its tags, as a digest delete does.
	f.putPolicy(lcKeep2)
	expired, err = f.w.RunLifecyclePolicy(f.now, nil, "app", lcOpts)
	require.NoError(t, err)
	assert.Equal(t, []string{"old-tagged"}, f.labelsOf(expired))
	repo := f.w.registries[acctOwn].repos["app"]
	assert.Empty(t, repo.tags)
	assert.Equal(t, 2, f.w.Stats().Images)
	_, err = f.w.PutImage(f.tick(), &ecr.PutImageInput{RepositoryName: strp("app"), ImageManifest: strp(imageManifestJSON(mediaDockerV2, []byte(`{"architecture":"amd64","os":"linux","seed":"old-tagged"}`), []byte("layer-of-old-tagged"))), ImageTag: strp("v1")})
	require.NoError(t, err, "the expired image's tag is free again and its layers are still there")
}

func TestRunLifecycleKeepsImagesAnIndexReferences(t *testing.T) {
	f := newLCFixture(t)
	m1, d1 := f.pushImage("", "app", "", "child-1")
	m2, d2 := f.pushImage("", "app", "", "child-2")
	idx := f.put("", "app", "multi", mediaDockerList, indexManifestJSON(mediaDockerList, m1, m2))
	_, lone := f.pushImage("", "app", "", "lone")
	for _, d := range []string{d1, d2, lone, idx} {
		require.NoError(t, f.w.SetImageTimes(nil, "app", d, f.now.Add(-30*lcDay), time.Time{}))
	}
	f.digests = map[string]string{"child-1": d1, "child-2": d2, "index": idx, "lone": lone}

	f.putPolicy(lcUntagged14)
	expired, err := f.w.RunLifecyclePolicy(f.now, nil, "app", lcOpts)
	require.NoError(t, err)
	assert.Equal(t, []string{"lone"}, f.labelsOf(expired), "children of a live index stay")

	any30 := `{"rules":[{"rulePriority":1,"selection":{"tagStatus":"any","countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}`
	f.putPolicy(any30)
	expired, err = f.w.RunLifecyclePolicy(f.now, nil, "app", lcOpts)
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"child-1", "child-2", "index"}, f.labelsOf(expired), "an index expiring in the same run frees its children")
	assert.Equal(t, 0, f.w.Stats().Images)
}

func TestLifecycleAutoRun(t *testing.T) {
	f := newLCFixture(t)
	opts := LifecycleOptions{AutoRunEvery: lcDay}
	f.push("a", 10)
	f.push("b", 12)
	putAt := f.now
	_, err := f.w.PutLifecyclePolicy(f.now, &ecr.PutLifecyclePolicyInput{RepositoryName: strp("app"), LifecyclePolicyText: strp(lcUntagged14)}, opts)
	require.NoError(t, err)
	lastEvaluated := func(at time.Time, opts LifecycleOptions) time.Time {
		out, err := f.w.GetLifecyclePolicy(at, &ecr.GetLifecyclePolicyInput{RepositoryName: strp("app")}, opts)
		require.NoError(t, err)
		return *out.LastEvaluatedAt
	}

	assert.False(t, f.w.LifecycleRunDue(putAt.Add(lcDay-time.Millisecond), nil, strp("app"), opts))
	assert.True(t, f.w.LifecycleRunDue(putAt.Add(lcDay), nil, strp("app"), opts))
	assert.False(t, f.w.LifecycleRunDue(putAt.Add(lcDay), nil, strp("app"), LifecycleOptions{}), "switched off")
	assert.False(t, f.w.LifecycleRunDue(putAt.Add(lcDay), nil, strp("nope"), opts))
	assert.Equal(t, epoch, lastEvaluated(putAt.Add(lcDay-time.Millisecond), opts), "nothing runs before the first day is over")
	assert.Equal(t, putAt.Add(lcDay), lastEvaluated(putAt.Add(lcDay), opts), "the first run is one day after the put")
	assert.False(t, f.w.LifecycleRunDue(putAt.Add(lcDay), nil, strp("app"), opts), "done")
	assert.Equal(t, []string{"a", "b"}, f.labels(), "b is 13 days old at the first run")

	// Switched off, due runs do not happen.
	assert.Equal(t, putAt.Add(lcDay), lastEvaluated(putAt.Add(5*lcDay), LifecycleOptions{}))
	assert.Equal(t, []string{"a", "b"}, f.labels())

	// Several missed points make one run, at the latest of them.
	f.now = putAt.Add(3*lcDay + 7*time.Hour)
	assert.Equal(t, putAt.Add(3*lcDay), lastEvaluated(f.now, opts))
	assert.Equal(t, []string{"a"}, f.labels(), "b was 15 days old at the run three days after the put")

	// Images pushed after the run point are not part of that run.
	f.now = putAt.Add(10 * lcDay)
	f.push("late", -1) // pushed one day after the clock's now: after the point
	f.now = putAt.Add(10*lcDay + time.Hour)
	assert.Equal(t, putAt.Add(10*lcDay), lastEvaluated(f.now, opts))
	assert.Equal(t, []string{"late"}, f.labels(), "a expired at day 10; late was not there yet")

	// A manual run resets nothing but lastEvaluatedAt.
	manual := putAt.Add(10*lcDay + 2*time.Hour)
	_, err = f.w.RunLifecyclePolicy(manual, nil, "app", opts)
	require.NoError(t, err)
	assert.Equal(t, manual, lastEvaluated(manual.Add(time.Hour), opts))
	assert.Equal(t, putAt.Add(11*lcDay), lastEvaluated(putAt.Add(11*lcDay), opts))
}

func TestLifecyclePreviewStatesAndErrors(t *testing.T) {
	f := newLCFixture(t)
	f.push("old", 20)
	f.push("new", 1)
	start := func(text *string) (*ecr.StartLifecyclePolicyPreviewOutput, error) {
		return f.w.StartLifecyclePolicyPreview(f.now, &ecr.StartLifecyclePolicyPreviewInput{RepositoryName: strp("app"), LifecyclePolicyText: text}, lcOpts)
	}
	get := func() (*ecr.GetLifecyclePolicyPreviewOutput, error) {
		return f.w.GetLifecyclePolicyPreview(f.now, &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: strp("app")}, lcOpts)
	}

	_, err := get()
	var pnf *types.LifecyclePolicyPreviewNotFoundException
	require.True(t, errors.As(err, &pnf))
	assert.Equal(t, "There is no dry run for the repository with name 'app' in the registry with id '"+acctOwn+"'", *pnf.Message)

	_, err = start(nil)
	var nf *types.LifecyclePolicyNotFoundException
	require.True(t, errors.As(err, &nf), "no text and no stored policy")
	_, err = start(strp(`{"rules":[]}` + strings.Repeat(" ", 100)))
	var ip *types.InvalidParameterException
	require.True(t, errors.As(err, &ip))
	assert.Contains(t, *ip.Message, "array is too short")
	assert.Nil(t, f.w.registries[acctOwn].repos["app"].lifecycle, "failed starts leave nothing")

	out, err := start(strp(lcUntagged14))
	require.NoError(t, err)
	assert.Equal(t, &ecr.StartLifecyclePolicyPreviewOutput{RegistryId: strp(acctOwn), RepositoryName: strp("app"), LifecyclePolicyText: strp(lcUntagged14), Status: types.LifecyclePolicyPreviewStatusInProgress}, out)

	g, err := get()
	require.NoError(t, err)
	assert.Equal(t, &ecr.GetLifecyclePolicyPreviewOutput{RegistryId: strp(acctOwn), RepositoryName: strp("app"), LifecyclePolicyText: strp(lcUntagged14), Status: types.LifecyclePolicyPreviewStatusInProgress}, g)

	_, err = start(strp(lcKeep2))
	var inProgress *types.LifecyclePolicyPreviewInProgressException
	require.True(t, errors.As(err, &inProgress))

	f.now = f.now.Add(5 * time.Second)
	g, err = get()
	require.NoError(t, err)
	assert.Equal(t, types.LifecyclePolicyPreviewStatusComplete, g.Status)
	require.Len(t, g.PreviewResults, 1)
	assert.Equal(t, f.digests["old"], *g.PreviewResults[0].ImageDigest)
	assert.Equal(t, 2, f.w.Stats().Images, "a preview changes no image")

	// The stored policy is previewed when no text is given.
	f.putPolicy(lcKeep2)
	out, err = start(nil)
	require.NoError(t, err)
	assert.Equal(t, lcKeep2, *out.LifecyclePolicyText)
}

func TestLifecyclePreviewResultsAndPages(t *testing.T) {
	f := newLCFixture(t)
	// 7 images, oldest first: u0 (untagged), t1 (tags a,b), u2, t3, u4, t5, newest keep.
	f.push("u0", 70)
	f.push("t1", 60, "b", "a")
	f.push("u2", 50)
	f.push("t3", 40, "c")
	f.push("u4", 30)
	f.push("t5", 20, "d")
	f.push("keep", 10, "e")
	policy := `{"rules":[` +
		`{"rulePriority":1,"selection":{"tagStatus":"tagged","tagPrefixList":["c"],"countType":"sinceImagePushed","countUnit":"days","countNumber":35},"action":{"type":"transition","targetStorageClass":"archive"}},` +
		`{"rulePriority":7,"selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}]}`
	_, err := f.w.StartLifecyclePolicyPreview(f.now, &ecr.StartLifecyclePolicyPreviewInput{RepositoryName: strp("app"), LifecyclePolicyText: strp(policy)}, LifecycleOptions{})
	require.NoError(t, err)

	get := func(in *ecr.GetLifecyclePolicyPreviewInput) *ecr.GetLifecyclePolicyPreviewOutput {
		t.Helper()
		in.RepositoryName = strp("app")
		out, err := f.w.GetLifecyclePolicyPreview(f.now, in, LifecycleOptions{})
		require.NoError(t, err)
		return out
	}
	labels := func(rs []types.LifecyclePolicyPreviewResult) []string {
		var ds []string
		for _, r := range rs {
			ds = append(ds, *r.ImageDigest)
		}
		return f.labelsOf(ds)
	}

	all := get(&ecr.GetLifecyclePolicyPreviewInput{})
	assert.Equal(t, types.LifecyclePolicyPreviewStatusComplete, all.Status)
	assert.Nil(t, all.NextToken)
	assert.Equal(t, []string{"u0", "t1", "u2", "t3", "u4", "t5"}, labels(all.PreviewResults))
	assert.Equal(t, types.LifecyclePolicyPreviewResult{
		Action:              &types.LifecyclePolicyRuleAction{Type: types.ImageActionTypeExpire},
		AppliedRulePriority: ptr(int32(7)),
		ImageDigest:         strp(f.digests["t1"]),
		ImagePushedAt:       ptr(f.now.Add(-60 * lcDay)),
		ImageTags:           []string{"a", "b"},
		StorageClass:        types.LifecyclePolicyStorageClassStandard,
	}, all.PreviewResults[1])
	assert.Equal(t, types.LifecyclePolicyPreviewResult{
		Action:              &types.LifecyclePolicyRuleAction{Type: types.ImageActionTypeTransition, TargetStorageClass: types.LifecyclePolicyTargetStorageClassArchive},
		AppliedRulePriority: ptr(int32(1)),
		ImageDigest:         strp(f.digests["t3"]),
		ImagePushedAt:       ptr(f.now.Add(-40 * lcDay)),
		ImageTags:           []string{"c"},
		StorageClass:        types.LifecyclePolicyStorageClassStandard,
	}, all.PreviewResults[3])
	wantSummary := &types.LifecyclePolicyPreviewSummary{
		ExpiringImageTotalCount:       ptr(int32(5)),
		TransitioningImageTotalCounts: []types.TransitioningImageTotalCount{{TargetStorageClass: types.LifecyclePolicyTargetStorageClassArchive, ImageTotalCount: ptr(int32(1))}},
	}
	assert.Equal(t, wantSummary, all.Summary)

	// Pages of 2, with and without a filter; the summary is the whole preview's.
	for _, tt := range []struct {
		filter *types.LifecyclePolicyPreviewFilter
		want   []string
	}{
		{nil, []string{"u0", "t1", "u2", "t3", "u4", "t5"}},
		{&types.LifecyclePolicyPreviewFilter{TagStatus: types.TagStatusAny}, []string{"u0", "t1", "u2", "t3", "u4", "t5"}},
		{&types.LifecyclePolicyPreviewFilter{TagStatus: types.TagStatusTagged}, []string{"t1", "t3", "t5"}},
		{&types.LifecyclePolicyPreviewFilter{TagStatus: types.TagStatusUntagged}, []string{"u0", "u2", "u4"}},
	} {
		var got []string
		var token *string
		pages := 0
		for {
			page := get(&ecr.GetLifecyclePolicyPreviewInput{MaxResults: ptr(int32(2)), NextToken: token, Filter: tt.filter})
			pages++
			assert.LessOrEqual(t, len(page.PreviewResults), 2)
			assert.Equal(t, wantSummary, page.Summary)
			got = append(got, labels(page.PreviewResults)...)
			if token = page.NextToken; token == nil {
				break
			}
		}
		assert.Equal(t, tt.want, got, "filter %+v", tt.filter)
		assert.Equal(t, (len(tt.want)+1)/2, pages, "full pages, no empty last page")
	}

	// imageIds: by digest, by tag, both; unknown ones are absent; preview order.
	byIDs := get(&ecr.GetLifecyclePolicyPreviewInput{ImageIds: []types.ImageIdentifier{
		{ImageTag: strp("d")}, {ImageDigest: strp(f.digests["u0"])}, {ImageTag: strp("a"), ImageDigest: strp(f.digests["t1"])},
		{ImageTag: strp("e")}, {ImageTag: strp("nope")}, {ImageTag: strp("c"), ImageDigest: strp(f.digests["u0"])},
	}})
	assert.Equal(t, []string{"u0", "t1", "t5"}, labels(byIDs.PreviewResults))
	assert.Nil(t, byIDs.NextToken)

	// Errors: ids with pagination; a token of another filter, or of an earlier preview.
	_, err = f.w.GetLifecyclePolicyPreview(f.now, &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: strp("app"), ImageIds: []types.ImageIdentifier{{ImageTag: strp("a")}}, MaxResults: ptr(int32(1))}, LifecycleOptions{})
	var ip *types.InvalidParameterException
	require.True(t, errors.As(err, &ip))
	assert.Equal(t, "Invalid parameter: maxResults and nextToken cannot be used together with imageIds", *ip.Message)
	first := get(&ecr.GetLifecyclePolicyPreviewInput{MaxResults: ptr(int32(1))})
	require.NotNil(t, first.NextToken)
	_, err = f.w.GetLifecyclePolicyPreview(f.now, &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: strp("app"), NextToken: first.NextToken, Filter: &types.LifecyclePolicyPreviewFilter{TagStatus: types.TagStatusTagged}}, LifecycleOptions{})
	require.True(t, errors.As(err, &ip))
	assert.Equal(t, "Invalid parameter at 'nextToken' failed to satisfy constraint: 'Invalid NextToken'", *ip.Message)
	_, err = f.w.StartLifecyclePolicyPreview(f.now, &ecr.StartLifecyclePolicyPreviewInput{RepositoryName: strp("app"), LifecyclePolicyText: strp(policy)}, LifecycleOptions{})
	require.NoError(t, err)
	_, err = f.w.GetLifecyclePolicyPreview(f.now, &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: strp("app"), NextToken: first.NextToken}, LifecycleOptions{})
	require.True(t, errors.As(err, &ip), "a token of the previous preview")

	// A page token survives images being deleted between pages: the
	// results are the preview's, fixed at completion.
	p1 := get(&ecr.GetLifecyclePolicyPreviewInput{MaxResults: ptr(int32(3))})
	f.deleteImages("", "app", idDigest(f.digests["u4"]))
	p2 := get(&ecr.GetLifecyclePolicyPreviewInput{MaxResults: ptr(int32(3)), NextToken: p1.NextToken})
	assert.Equal(t, []string{"u0", "t1", "u2", "t3", "u4", "t5"}, append(labels(p1.PreviewResults), labels(p2.PreviewResults)...))
}

func TestLifecyclePreviewSeesImagesAtCompletion(t *testing.T) {
	f := newLCFixture(t)
	f.push("old", 20)
	_, err := f.w.StartLifecyclePolicyPreview(f.now, &ecr.StartLifecyclePolicyPreviewInput{RepositoryName: strp("app"), LifecyclePolicyText: strp(lcUntagged14)}, lcOpts)
	require.NoError(t, err)
	f.push("old-too", 30) // pushed while the preview runs, with an old push time
	f.now = f.now.Add(time.Minute)
	out, err := f.w.GetLifecyclePolicyPreview(f.now, &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: strp("app")}, lcOpts)
	require.NoError(t, err)
	require.Len(t, out.PreviewResults, 2)
	assert.Equal(t, int32(2), *out.Summary.ExpiringImageTotalCount)
	assert.Nil(t, out.Summary.TransitioningImageTotalCounts)
}

// TestLifecycleStateClones extends the clone field guard to the lifecycle
// records: a world with a policy, a run and a completed preview clones into
// one that shares no memory and answers the same.
func TestLifecycleStateClones(t *testing.T) {
	f := newLCFixture(t)
	f.push("u", 20)
	f.push("t", 30, "x", "y")
	f.push("n", 1, "z")
	f.putPolicy(lcKeep2)
	_, err := f.w.RunLifecyclePolicy(f.now, nil, "app", lcOpts)
	require.NoError(t, err)
	f.push("u2", 25)
	_, err = f.w.StartLifecyclePolicyPreview(f.now, &ecr.StartLifecyclePolicyPreviewInput{RepositoryName: strp("app")}, LifecycleOptions{})
	require.NoError(t, err)

	c := f.w.Clone()
	requireNoSharedMemory(t, f.w, c)
	dump := func(w *World) string {
		pol, err := w.GetLifecyclePolicy(f.now, &ecr.GetLifecyclePolicyInput{RepositoryName: strp("app")}, lcOpts)
		require.NoError(t, err)
		pre, err := w.GetLifecyclePolicyPreview(f.now, &ecr.GetLifecyclePolicyPreviewInput{RepositoryName: strp("app")}, lcOpts)
		require.NoError(t, err)
		b, err := json.Marshal([]any{pol, pre, w.registries[acctOwn].repos["app"].lifecycle.previews})
		require.NoError(t, err)
		return string(b)
	}
	before := dump(f.w)
	require.Equal(t, before, dump(c))

	// Changing the clone leaves the original as it was.
	c.registries[acctOwn].repos["app"].lifecycle.preview.results[0].tags = append(c.registries[acctOwn].repos["app"].lifecycle.preview.results[0].tags, "mutated")
	_, err = c.DeleteLifecyclePolicy(f.now, &ecr.DeleteLifecyclePolicyInput{RepositoryName: strp("app")}, lcOpts)
	require.NoError(t, err)
	_, err = c.StartLifecyclePolicyPreview(f.now, &ecr.StartLifecyclePolicyPreviewInput{RepositoryName: strp("app"), LifecyclePolicyText: strp(lcUntagged14)}, lcOpts)
	require.NoError(t, err)
	assert.Equal(t, before, dump(f.w))
}
