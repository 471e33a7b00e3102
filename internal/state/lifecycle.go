package state

// Lifecycle policies: PutLifecyclePolicy, GetLifecyclePolicy,
// DeleteLifecyclePolicy, StartLifecyclePolicyPreview,
// GetLifecyclePolicyPreview, and runs of the stored policy (on demand, and
// every AutoRunEvery of clock time when enabled). Validation and evaluation
// live in internal/lifecycle; previews and runs share its evaluator.

import (
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/internal/errs"
	"github.com/ecrfake/go-ecrfake/internal/lifecycle"
)

// kindLifecyclePreview is the listing kind of GetLifecyclePolicyPreview page
// tokens. It is set apart from the kinds paginate.go numbers from 1.
const kindLifecyclePreview listKind = 200

// LifecycleOptions are the fake's lifecycle settings; package ecrfake passes
// them with every lifecycle call.
type LifecycleOptions struct {
	// PreviewDuration is how long a preview stays IN_PROGRESS on the clock;
	// zero or less completes it at the instant it starts.
	PreviewDuration time.Duration
	// AutoRunEvery, when positive, runs a stored policy by itself at every
	// multiple of AutoRunEvery after the policy was put.
	AutoRunEvery time.Duration
}

// lifecycleState is a repository's lifecycle policy, its runs and its preview.
type lifecycleState struct {
	hasPolicy       bool
	policy          string    // the text exactly as put
	policySetAt     time.Time // when it was put: automatic runs count from here
	lastEvaluatedAt time.Time // the instant of the last run; zero: never ran

	previews uint64 // previews started so far: names the current one in page tokens
	preview  *lifecyclePreview
}

// lifecyclePreview is the repository's latest preview. Its status follows
// from the clock: IN_PROGRESS until doneAt, then COMPLETE; its results are
// computed once, as of doneAt.
type lifecyclePreview struct {
	text      string
	startedAt time.Time
	doneAt    time.Time
	done      bool            // results computed
	results   []previewResult // oldest image first
}

// previewResult is one image a preview acts on, as it was at completion.
type previewResult struct {
	digest   string
	tags     []string
	pushedAt time.Time
	priority int32
	action   lifecycle.Action
	storage  lifecycle.StorageClass // the image's class when the preview completed
}

func (ls *lifecycleState) clone() *lifecycleState {
	if ls == nil {
		return nil
	}
	c := *ls
	c.preview = ls.preview.clone()
	return &c
}

func (p *lifecyclePreview) clone() *lifecyclePreview {
	if p == nil {
		return nil
	}
	c := *p
	if p.results != nil {
		c.results = make([]previewResult, len(p.results))
		for i, r := range p.results {
			r.tags = slices.Clip(slices.Clone(r.tags))
			c.results[i] = r
		}
	}
	return &c
}

// epoch is what lastEvaluatedAt reads for a policy that never ran.
var epoch = time.Unix(0, 0).UTC()

// ApplyDueLifecycle applies to one repository what the clock has made due by
// now: the completion of its preview and, with opts.AutoRunEvery set, the
// latest automatic run of its policy. Each lifecycle call does this first;
// a repository that does not exist is ignored.
func (w *World) ApplyDueLifecycle(now time.Time, registryID, name *string, opts LifecycleOptions) {
	if _, repo, err := w.lookupRepo(registryID, name); err == nil {
		w.applyDueLifecycle(repo, now, opts)
	}
}

// LifecycleRunDue reports whether an automatic run of the repository's
// policy is due at now, without changing anything: a caller holding only a
// read lock asks this before taking the write lock for ApplyDueLifecycle.
func (w *World) LifecycleRunDue(now time.Time, registryID, name *string, opts LifecycleOptions) bool {
	_, repo, err := w.lookupRepo(registryID, name)
	if err != nil || repo.lifecycle == nil {
		return false
	}
	_, due := repo.lifecycle.dueRun(now, opts.AutoRunEvery)
	return due
}

func (w *World) applyDueLifecycle(repo *repository, now time.Time, opts LifecycleOptions) {
	ls := repo.lifecycle
	if ls == nil {
		return
	}
	p := ls.preview
	previewDue := p != nil && !p.done && !now.Before(p.doneAt)
	runAt, runDue := ls.dueRun(now, opts.AutoRunEvery)
	// In the order they fell due: a preview that completed before the run
	// saw the images the run then expired.
	if previewDue && (!runDue || !runAt.Before(p.doneAt)) {
		w.completePreview(repo, p)
		previewDue = false
	}
	if runDue {
		w.runLifecycle(repo, runAt)
	}
	if previewDue {
		w.completePreview(repo, p)
	}
}

// dueRun returns the latest automatic run point at or before now that has
// not run yet: the policy runs at policySetAt + k·every, k ≥ 1.
func (ls *lifecycleState) dueRun(now time.Time, every time.Duration) (time.Time, bool) {
	if every <= 0 || !ls.hasPolicy || now.Before(ls.policySetAt.Add(every)) {
		return time.Time{}, false
	}
	at := ls.policySetAt.Add(now.Sub(ls.policySetAt) / every * every)
	if !at.After(ls.lastEvaluatedAt) {
		return time.Time{}, false
	}
	return at, true
}

// lifecycleImages describes the repository's images pushed by at for the
// evaluator: ACTIVE ones in the standard class, ARCHIVED ones in the archive
// class. Images being restored at at are in neither, so no rule sees them.
func (repo *repository) lifecycleImages(at time.Time) []lifecycle.Image {
	out := make([]lifecycle.Image, 0, len(repo.images))
	for _, e := range repo.order.entries {
		img := e.img
		if img == nil || img.pushedAt.After(at) {
			continue
		}
		li := lifecycle.Image{
			Digest: img.digest, Tags: img.tags,
			PushedAt: img.pushedAt, LastPulledAt: img.lastPulled(),
			StorageClass: lifecycle.StorageStandard,
		}
		switch img.statusAt(at) {
		case types.ImageStatusActivating:
			continue
		case types.ImageStatusArchived:
			li.StorageClass, li.ArchivedAt = lifecycle.StorageArchive, img.arch.archivedAt
		}
		out = append(out, li)
	}
	return out
}

// evaluateLifecycle is what the policy text does to the repository's images
// at at, for previews and runs alike: the evaluator's results less the
// transitions no run could carry out. An image an index references is not
// archived while the index stays in the standard class; an index the same
// run archives or expires goes first and frees its children (see
// archiveBlocker).
func (repo *repository) evaluateLifecycle(text string, at time.Time) []lifecycle.Result {
	pol, err := lifecycle.Parse(text)
	if err != nil {
		return nil // unreachable: texts are validated when put or previewed
	}
	results := pol.Evaluate(repo.lifecycleImages(at), at)
	// Dropping a transition of a nested index can hold its own children, so
	// repeat until nothing more is dropped (at most the nesting depth).
	for {
		gone := make(map[string]bool, len(results))
		for _, r := range results {
			gone[r.Digest] = true
		}
		held := repo.heldByIndex(gone, at)
		n := len(results)
		results = slices.DeleteFunc(results, func(r lifecycle.Result) bool {
			return r.Action.Type == lifecycle.ActionTransition && (repo.images[r.Digest] == nil || held[r.Digest])
		})
		if len(results) == n {
			return results
		}
	}
}

// runLifecycle evaluates the stored policy as of at, expires and archives
// what it selects, and returns the digests expired, oldest first.
func (w *World) runLifecycle(repo *repository, at time.Time) []string {
	ls := repo.lifecycle
	w.CompleteDueRestores(at) // restores due by the run count as done for it
	results := repo.evaluateLifecycle(ls.policy, at)
	expired := w.expire(repo, results)
	// Indexes before the images they reference, so no image is archived
	// while an index that references it is still standard.
	for _, indexes := range []bool{true, false} {
		for _, r := range results {
			if img := repo.images[r.Digest]; img != nil && r.Action.Type == lifecycle.ActionTransition && img.active() && (len(img.children) > 0) == indexes {
				w.archive(repo, img, at)
			}
		}
	}
	ls.lastEvaluatedAt = at
	return expired
}

// expire deletes the images the EXPIRE results name, as BatchDeleteImage
// deletes an image by digest (with all its tags). An image an index in the
// repository still references stays, unless that index expires in the same
// run.
func (w *World) expire(repo *repository, results []lifecycle.Result) []string {
	var pending []*image
	for _, r := range results {
		if r.Action.Type != lifecycle.ActionExpire {
			continue
		}
		if img := repo.images[r.Digest]; img != nil {
			pending = append(pending, img)
		}
	}
	var expired []string
	for progress := true; progress && len(pending) > 0; {
		progress = false
		rest := pending[:0]
		for _, img := range pending {
			if img.parents > 0 {
				rest = append(rest, img)
				continue
			}
			for _, t := range img.tags {
				delete(repo.tags, t)
			}
			w.deleteImage(repo, img)
			expired = append(expired, img.digest)
			progress = true
		}
		pending = rest
	}
	return expired
}

// completePreview computes the preview's results as of its completion.
func (w *World) completePreview(repo *repository, p *lifecyclePreview) {
	p.done = true
	w.CompleteDueRestores(p.doneAt)
	results := repo.evaluateLifecycle(p.text, p.doneAt)
	p.results = make([]previewResult, 0, len(results))
	for _, r := range results {
		img := repo.images[r.Digest]
		storage := lifecycle.StorageStandard
		if img.statusAt(p.doneAt) == types.ImageStatusArchived {
			storage = lifecycle.StorageArchive
		}
		p.results = append(p.results, previewResult{
			digest: r.Digest, tags: slices.Clip(slices.Clone(img.tags)), pushedAt: img.pushedAt,
			priority: r.RulePriority, action: r.Action, storage: storage,
		})
	}
}

// RunLifecyclePolicy runs the repository's stored policy now, as the service
// does on its own schedule, and returns the digests it expired.
func (w *World) RunLifecyclePolicy(now time.Time, registryID *string, name string, opts LifecycleOptions) ([]string, error) {
	_, repo, err := w.lookupRepo(registryID, &name)
	if err != nil {
		return nil, err
	}
	w.applyDueLifecycle(repo, now, opts)
	if repo.lifecycle == nil || !repo.lifecycle.hasPolicy {
		return nil, errs.LifecyclePolicyNotFound(repo.registryID, repo.name)
	}
	return w.runLifecycle(repo, now), nil
}

func invalidPolicy(err error) error { return errs.InvalidLifecyclePolicy(err.Error()) }

// PutLifecyclePolicy validates the policy and stores its text verbatim,
// replacing any previous one. It does not run it.
func (w *World) PutLifecyclePolicy(now time.Time, in *ecr.PutLifecyclePolicyInput, opts LifecycleOptions) (*ecr.PutLifecyclePolicyOutput, error) {
	_, repo, err := w.lookupRepo(in.RegistryId, in.RepositoryName)
	if err != nil {
		return nil, err
	}
	w.applyDueLifecycle(repo, now, opts)
	text := deref(in.LifecyclePolicyText)
	if _, err := lifecycle.Parse(text); err != nil {
		return nil, invalidPolicy(err)
	}
	if repo.lifecycle == nil {
		repo.lifecycle = &lifecycleState{}
	}
	ls := repo.lifecycle
	ls.hasPolicy, ls.policy, ls.policySetAt = true, text, now
	return &ecr.PutLifecyclePolicyOutput{
		RegistryId: ptr(repo.registryID), RepositoryName: ptr(repo.name), LifecyclePolicyText: ptr(text),
	}, nil
}

// GetLifecyclePolicy returns the stored policy and when it last ran (the Unix
// epoch if it never did).
func (w *World) GetLifecyclePolicy(now time.Time, in *ecr.GetLifecyclePolicyInput, opts LifecycleOptions) (*ecr.GetLifecyclePolicyOutput, error) {
	_, repo, err := w.lookupRepo(in.RegistryId, in.RepositoryName)
	if err != nil {
		return nil, err
	}
	w.applyDueLifecycle(repo, now, opts)
	ls := repo.lifecycle
	if ls == nil || !ls.hasPolicy {
		return nil, errs.LifecyclePolicyNotFound(repo.registryID, repo.name)
	}
	return &ecr.GetLifecyclePolicyOutput{
		RegistryId: ptr(repo.registryID), RepositoryName: ptr(repo.name),
		LifecyclePolicyText: ptr(ls.policy), LastEvaluatedAt: ptr(ls.lastEvaluated()),
	}, nil
}

func (ls *lifecycleState) lastEvaluated() time.Time {
	if ls.lastEvaluatedAt.IsZero() {
		return epoch
	}
	return ls.lastEvaluatedAt
}

// DeleteLifecyclePolicy removes the stored policy and returns it. The
// repository's preview, if any, stays.
func (w *World) DeleteLifecyclePolicy(now time.Time, in *ecr.DeleteLifecyclePolicyInput, opts LifecycleOptions) (*ecr.DeleteLifecyclePolicyOutput, error) {
	_, repo, err := w.lookupRepo(in.RegistryId, in.RepositoryName)
	if err != nil {
		return nil, err
	}
	w.applyDueLifecycle(repo, now, opts)
	ls := repo.lifecycle
	if ls == nil || !ls.hasPolicy {
		return nil, errs.LifecyclePolicyNotFound(repo.registryID, repo.name)
	}
	out := &ecr.DeleteLifecyclePolicyOutput{
		RegistryId: ptr(repo.registryID), RepositoryName: ptr(repo.name),
		LifecyclePolicyText: ptr(ls.policy), LastEvaluatedAt: ptr(ls.lastEvaluated()),
	}
	ls.hasPolicy, ls.policy, ls.policySetAt, ls.lastEvaluatedAt = false, "", time.Time{}, time.Time{}
	if ls.preview == nil {
		repo.lifecycle = nil
	}
	return out, nil
}

// StartLifecyclePolicyPreview starts a preview of the given policy text, or of
// the stored policy when none is given. The preview is IN_PROGRESS for
// opts.PreviewDuration of clock time; its results are computed when it
// completes, against the images present then.
func (w *World) StartLifecyclePolicyPreview(now time.Time, in *ecr.StartLifecyclePolicyPreviewInput, opts LifecycleOptions) (*ecr.StartLifecyclePolicyPreviewOutput, error) {
	_, repo, err := w.lookupRepo(in.RegistryId, in.RepositoryName)
	if err != nil {
		return nil, err
	}
	w.applyDueLifecycle(repo, now, opts)
	ls := repo.lifecycle
	var text string
	switch {
	case in.LifecyclePolicyText != nil:
		text = *in.LifecyclePolicyText
	case ls != nil && ls.hasPolicy:
		text = ls.policy
	default:
		return nil, errs.LifecyclePolicyNotFound(repo.registryID, repo.name)
	}
	if _, err := lifecycle.Parse(text); err != nil {
		return nil, invalidPolicy(err)
	}
	if ls != nil && ls.preview != nil && !ls.preview.done {
		return nil, errs.LifecyclePolicyPreviewInProgress(repo.registryID, repo.name)
	}
	if ls == nil {
		ls = &lifecycleState{}
		repo.lifecycle = ls
	}
	ls.previews++
	p := &lifecyclePreview{text: text, startedAt: now, doneAt: now.Add(max(opts.PreviewDuration, 0))}
	ls.preview = p
	if !now.Before(p.doneAt) {
		w.completePreview(repo, p)
	}
	return &ecr.StartLifecyclePolicyPreviewOutput{
		RegistryId: ptr(repo.registryID), RepositoryName: ptr(repo.name),
		LifecyclePolicyText: ptr(text), Status: types.LifecyclePolicyPreviewStatusInProgress,
	}, nil
}

// GetLifecyclePolicyPreview reports the repository's preview: while it is
// IN_PROGRESS its status only; once COMPLETE the images it acts on (oldest
// first), filtered by imageIds or filter.tagStatus and paginated, with a
// summary over the whole preview.
func (w *World) GetLifecyclePolicyPreview(now time.Time, in *ecr.GetLifecyclePolicyPreviewInput, opts LifecycleOptions) (*ecr.GetLifecyclePolicyPreviewOutput, error) {
	_, repo, err := w.lookupRepo(in.RegistryId, in.RepositoryName)
	if err != nil {
		return nil, err
	}
	w.applyDueLifecycle(repo, now, opts)
	if in.ImageIds != nil {
		if in.MaxResults != nil || in.NextToken != nil {
			return nil, errs.PaginationWithIDs("imageIds")
		}
		if err := w.checkBatch("imageIds", len(in.ImageIds)); err != nil {
			return nil, err
		}
	}
	limit, err := w.pageSize(in.MaxResults, 100)
	if err != nil {
		return nil, err
	}
	ls := repo.lifecycle
	if ls == nil || ls.preview == nil {
		return nil, errs.LifecyclePolicyPreviewNotFound(repo.registryID, repo.name)
	}
	p := ls.preview
	out := &ecr.GetLifecyclePolicyPreviewOutput{
		RegistryId: ptr(repo.registryID), RepositoryName: ptr(repo.name), LifecyclePolicyText: ptr(p.text),
		Status: types.LifecyclePolicyPreviewStatusInProgress,
	}
	if !p.done {
		return out, nil
	}
	out.Status = types.LifecyclePolicyPreviewStatusComplete
	out.Summary = p.summary()

	var tagStatus types.TagStatus
	if in.Filter != nil {
		tagStatus = in.Filter.TagStatus
	}
	keep := func(r *previewResult) bool {
		return !(tagStatus == types.TagStatusTagged && len(r.tags) == 0) &&
			!(tagStatus == types.TagStatusUntagged && len(r.tags) > 0)
	}
	if in.ImageIds != nil {
		out.PreviewResults = make([]types.LifecyclePolicyPreviewResult, 0, len(in.ImageIds))
		for i := range p.results {
			r := &p.results[i]
			if keep(r) && slices.ContainsFunc(in.ImageIds, r.identifiedBy) {
				out.PreviewResults = append(out.PreviewResults, r.toSDK())
			}
		}
		return out, nil
	}

	fp := fingerprint(kindLifecyclePreview, repo.registryID, repo.name, strconv.FormatUint(ls.previews, 10), string(tagStatus))
	start := 0
	if in.NextToken != nil {
		c, err := decodeToken(*in.NextToken, kindLifecyclePreview, fp)
		if err != nil {
			return nil, err
		}
		at := time.UnixMilli(int64(c.seq)).UTC()
		start = sort.Search(len(p.results), func(i int) bool {
			r := &p.results[i]
			return r.pushedAt.After(at) || (r.pushedAt.Equal(at) && r.digest > c.key)
		})
	}
	out.PreviewResults = make([]types.LifecyclePolicyPreviewResult, 0, min(limit, len(p.results)-start))
	var last *previewResult
	for i := start; i < len(p.results); i++ {
		r := &p.results[i]
		if !keep(r) {
			continue
		}
		if len(out.PreviewResults) == limit {
			out.NextToken = ptr(encodeToken(cursor{kind: kindLifecyclePreview, fp: fp, seq: uint64(last.pushedAt.UnixMilli()), key: last.digest}))
			break
		}
		out.PreviewResults = append(out.PreviewResults, r.toSDK())
		last = r
	}
	return out, nil
}

// summary counts the preview's actions over all its results.
func (p *lifecyclePreview) summary() *types.LifecyclePolicyPreviewSummary {
	var expiring, transitioning int32
	for _, r := range p.results {
		if r.action.Type == lifecycle.ActionExpire {
			expiring++
		} else {
			transitioning++
		}
	}
	s := &types.LifecyclePolicyPreviewSummary{ExpiringImageTotalCount: ptr(expiring)}
	if transitioning > 0 {
		s.TransitioningImageTotalCounts = []types.TransitioningImageTotalCount{{
			TargetStorageClass: types.LifecyclePolicyTargetStorageClassArchive, ImageTotalCount: ptr(transitioning),
		}}
	}
	return s
}

// identifiedBy reports whether id names the result's image: by digest, by
// one of its tags, or by both.
func (r *previewResult) identifiedBy(id types.ImageIdentifier) bool {
	if id.ImageDigest == nil && id.ImageTag == nil {
		return false
	}
	return (id.ImageDigest == nil || digestsEqual(*id.ImageDigest, r.digest)) &&
		(id.ImageTag == nil || slices.Contains(r.tags, *id.ImageTag))
}

func (r *previewResult) toSDK() types.LifecyclePolicyPreviewResult {
	out := types.LifecyclePolicyPreviewResult{
		Action:              &types.LifecyclePolicyRuleAction{Type: types.ImageActionTypeExpire},
		AppliedRulePriority: ptr(r.priority),
		ImageDigest:         ptr(r.digest),
		ImagePushedAt:       ptr(r.pushedAt),
		StorageClass:        types.LifecyclePolicyStorageClassStandard,
	}
	if r.storage == lifecycle.StorageArchive {
		out.StorageClass = types.LifecyclePolicyStorageClassArchive
	}
	if r.action.Type == lifecycle.ActionTransition {
		out.Action = &types.LifecyclePolicyRuleAction{Type: types.ImageActionTypeTransition, TargetStorageClass: types.LifecyclePolicyTargetStorageClassArchive}
	}
	if len(r.tags) > 0 {
		out.ImageTags = slices.Clone(r.tags)
	}
	return out
}
