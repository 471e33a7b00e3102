package state

// Replication backfills: replicating a registry's existing images to one
// destination of its replication configuration.
//
// A backfill stores only what was decided when it started (its destination,
// its start, the replications it will perform) and when it was asked to stop;
// its status, progress, end and results are derived from those and the time
// of the call, on a fixed timetable:
//
//	PREPARING    for BackfillPreparation after the start;
//	IN_PROGRESS  then, one replication finishing every BackfillReplicationInterval;
//	COMPLETE     when the last one has finished (at once after preparing when
//	             there is nothing to replicate).
//
// Stopping a PREPARING backfill, or an IN_PROGRESS one between two
// replications (at a whole interval), ends it at once: STOPPED. Otherwise the
// replication in flight finishes first: STOPPING until then, STOPPED after.
// Reads never change state.

import (
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/internal/errs"
)

const (
	// BackfillPreparation is how long a replication backfill is PREPARING.
	BackfillPreparation = time.Minute
	// BackfillReplicationInterval is how long each replication of a backfill
	// takes; they run one after another.
	BackfillReplicationInterval = time.Second
	// BackfillRetention is how long a backfill stays listed after it ended.
	BackfillRetention = 90 * 24 * time.Hour
	// maxBackfillsInProgress is the number of backfills a registry may have
	// in progress (PREPARING, IN_PROGRESS or STOPPING) at once.
	maxBackfillsInProgress = 10
)

// Pagination-token kinds of the backfill listings (values from 0x80 up are
// kept clear of the other files' kinds).
const (
	kindBackfills       listKind = 0x80 // ListReplicationBackfills
	kindBackfillResults listKind = 0x81 // DescribeReplicationBackfillResults
)

// backfill is one replication backfill as StartReplicationBackfill and
// StopReplicationBackfill left it.
type backfill struct {
	id        string
	seq       uint64 // the counter value the id was made from: the start order
	dest      replicationDestination
	startedAt time.Time
	work      []backfillItem // the replications, in order, fixed at the start
	stoppedAt time.Time      // when StopReplicationBackfill took effect; zero: never
}

// backfillItem is one replication: an image and one of its tags ("" for an
// untagged image, which is replicated once).
type backfillItem struct {
	repo, digest, tag string
}

func cloneBackfills(bs []backfill) []backfill {
	if bs == nil {
		return nil
	}
	out := make([]backfill, len(bs))
	for i, b := range bs {
		out[i] = b
		out[i].work = append([]backfillItem(nil), b.work...) // strings are shared, immutable
	}
	return out
}

// backfillState is a backfill as seen at one instant.
type backfillState struct {
	status   types.ReplicationBackfillStatus
	prepared bool      // preparation finished: progress is reported
	done     int       // replications finished
	endedAt  time.Time // zero until the backfill ended
}

func (s backfillState) terminal() bool { return !s.endedAt.IsZero() }

// at derives the state of b at now.
func (b *backfill) at(now time.Time) backfillState {
	prepEnd := b.startedAt.Add(BackfillPreparation)
	finish := func(k int) time.Time { return prepEnd.Add(time.Duration(k) * BackfillReplicationInterval) }
	n := len(b.work)
	if !b.stoppedAt.IsZero() {
		if b.stoppedAt.Before(prepEnd) {
			return backfillState{status: types.ReplicationBackfillStatusStopped, endedAt: b.stoppedAt}
		}
		elapsed := b.stoppedAt.Sub(prepEnd)
		k := int(elapsed / BackfillReplicationInterval) // finished when the stop came; k < n
		if elapsed%BackfillReplicationInterval == 0 {
			return backfillState{status: types.ReplicationBackfillStatusStopped, prepared: true, done: k, endedAt: b.stoppedAt}
		}
		end := finish(k + 1) // the replication in flight finishes
		if now.Before(end) {
			return backfillState{status: types.ReplicationBackfillStatusStopping, prepared: true, done: k}
		}
		return backfillState{status: types.ReplicationBackfillStatusStopped, prepared: true, done: k + 1, endedAt: end}
	}
	if now.Before(prepEnd) {
		return backfillState{status: types.ReplicationBackfillStatusPreparing}
	}
	if k := int(now.Sub(prepEnd) / BackfillReplicationInterval); k < n {
		return backfillState{status: types.ReplicationBackfillStatusInProgress, prepared: true, done: k}
	}
	return backfillState{status: types.ReplicationBackfillStatusComplete, prepared: true, done: n, endedAt: finish(n)}
}

// visible reports whether a backfill in state s is still kept at now:
// BackfillRetention after it ended, it is gone.
func (s backfillState) visible(now time.Time) bool {
	return !s.terminal() || now.Before(s.endedAt.Add(BackfillRetention))
}

func (b *backfill) progress(s backfillState) *types.ReplicationBackfillProgress {
	if !s.prepared {
		return nil
	}
	return &types.ReplicationBackfillProgress{
		CompletedReplicationCount: ptr(int32(s.done)),
		FailedReplicationCount:    ptr(int32(0)),
		FailureCodes:              []string{},
		TotalReplicationCount:     ptr(int32(len(b.work))),
	}
}

func (d replicationDestination) sdk() *types.ReplicationDestination {
	return &types.ReplicationDestination{Region: ptr(d.region), RegistryId: ptr(d.registryID)}
}

// findBackfill looks a backfill up by id among those still kept.
func (r *registry) findBackfill(now time.Time, id string) (*backfill, backfillState, bool) {
	if r == nil {
		return nil, backfillState{}, false
	}
	for i := range r.backfills {
		if b := &r.backfills[i]; b.id == id {
			s := b.at(now)
			return b, s, s.visible(now)
		}
	}
	return nil, backfillState{}, false
}

// StartReplicationBackfill starts replicating the registry's existing images
// to a destination of its current replication configuration: every image
// and tag of the repositories that the rules naming that destination match,
// as they are now. At most one backfill per destination Region and
// maxBackfillsInProgress per registry may be in progress.
func (w *World) StartReplicationBackfill(now time.Time, in *ecr.StartReplicationBackfillInput) (*ecr.StartReplicationBackfillOutput, error) {
	var dest replicationDestination
	if in.Destination != nil {
		dest = replicationDestination{region: deref(in.Destination.Region), registryID: deref(in.Destination.RegistryId)}
	}
	r, rid := w.registryFor(in.RegistryId, false)
	var rules []replicationRule
	for _, rule := range settingsOf(r).currentReplication() {
		for _, d := range rule.destinations {
			if d == dest {
				rules = append(rules, rule)
				break
			}
		}
	}
	if len(rules) == 0 {
		return nil, errs.BackfillDestinationNotConfigured(rid, dest.region, dest.registryID)
	}
	inProgress := 0
	for i := range r.backfills {
		b := &r.backfills[i]
		if b.at(now).terminal() {
			continue
		}
		if b.dest.region == dest.region {
			return nil, errs.BackfillInProgress(rid, dest.region, b.id)
		}
		inProgress++
	}
	if inProgress >= maxBackfillsInProgress {
		return nil, errs.BackfillLimit(maxBackfillsInProgress)
	}

	var work []backfillItem
	for _, name := range r.names {
		repo := r.repos[name]
		matched := false
		for _, rule := range rules {
			if rule.matches(name) {
				matched = true
				break
			}
		}
		if repo == nil || !matched {
			continue
		}
		for _, e := range repo.order.entries {
			img := e.img
			if img == nil {
				continue
			}
			if len(img.tags) == 0 {
				work = append(work, backfillItem{repo: name, digest: img.digest})
			}
			for _, t := range img.tags {
				work = append(work, backfillItem{repo: name, digest: img.digest, tag: t})
			}
		}
	}

	// Backfills whose retention has passed are dropped: nothing shows them.
	kept := r.backfills[:0]
	for _, b := range r.backfills {
		if b.at(now).visible(now) {
			kept = append(kept, b)
		}
	}
	clear(r.backfills[len(kept):])
	r.backfills = kept

	w.counters.backfill++
	b := backfill{
		id:        uuidFrom(0x0bf, w.counters.backfill),
		seq:       w.counters.backfill,
		dest:      dest,
		startedAt: now,
		work:      work,
	}
	r.backfills = append(r.backfills, b)
	return &ecr.StartReplicationBackfillOutput{
		Destination:           dest.sdk(),
		RegistryId:            ptr(rid),
		ReplicationBackfillId: ptr(b.id),
		StartedAt:             ptr(now),
		Status:                types.ReplicationBackfillStatusPreparing,
	}, nil
}

// StopReplicationBackfill stops a backfill in progress: at once when it is
// PREPARING or between two replications, else once the replication in
// flight has finished (STOPPING until then). Stopping a STOPPING backfill
// changes nothing.
func (w *World) StopReplicationBackfill(now time.Time, in *ecr.StopReplicationBackfillInput) (*ecr.StopReplicationBackfillOutput, error) {
	r, rid := w.registryFor(in.RegistryId, false)
	id := deref(in.ReplicationBackfillId)
	b, s, ok := r.findBackfill(now, id)
	if !ok {
		return nil, errs.BackfillNotFound(rid, id)
	}
	if s.terminal() {
		return nil, errs.BackfillInvalidStatus(id, string(s.status))
	}
	if b.stoppedAt.IsZero() {
		b.stoppedAt = now
		s = b.at(now)
	}
	return &ecr.StopReplicationBackfillOutput{
		Destination:           b.dest.sdk(),
		RegistryId:            ptr(rid),
		ReplicationBackfillId: ptr(b.id),
		StartedAt:             ptr(b.startedAt),
		Status:                s.status,
	}, nil
}

// DescribeReplicationBackfillResults reports a backfill's status and
// progress and, once it ended, the replications it performed, in the order
// it performed them: repositories by name, images in push order, tags by name.
// Every replication completes, so a FAILED filter lists none.
func (w *World) DescribeReplicationBackfillResults(now time.Time, in *ecr.DescribeReplicationBackfillResultsInput) (*ecr.DescribeReplicationBackfillResultsOutput, error) {
	limit, err := w.pageSize(in.MaxResults, 100)
	if err != nil {
		return nil, err
	}
	r, rid := w.registryFor(in.RegistryId, false)
	id := deref(in.ReplicationBackfillId)
	fp := fingerprint(kindBackfillResults, rid, id, string(in.ResultStatusFilter))
	var from uint64 // index of the first result of the page
	if in.NextToken != nil {
		c, err := decodeToken(*in.NextToken, kindBackfillResults, fp)
		if err != nil {
			return nil, err
		}
		from = c.seq
	}
	b, s, ok := r.findBackfill(now, id)
	if !ok {
		return nil, errs.BackfillNotFound(rid, id)
	}
	out := &ecr.DescribeReplicationBackfillResultsOutput{
		Destination:           b.dest.sdk(),
		EndedAt:               timePtr(s.endedAt),
		Progress:              b.progress(s),
		RegistryId:            ptr(rid),
		ReplicationBackfillId: ptr(b.id),
		Results:               []types.ReplicationBackfillResult{},
		StartedAt:             ptr(b.startedAt),
		Status:                s.status,
	}
	if !s.terminal() || in.ResultStatusFilter == types.ReplicationBackfillResultStatusFailed {
		return out, nil
	}
	done := b.work[:s.done]
	start := int(min(from, uint64(len(done))))
	end := min(start+limit, len(done))
	for _, it := range done[start:end] {
		res := types.ReplicationBackfillResult{
			ImageId:        &types.ImageIdentifier{ImageDigest: ptr(it.digest)},
			RepositoryName: ptr(it.repo),
			Status:         types.ReplicationBackfillResultStatusComplete,
		}
		if it.tag != "" {
			res.ImageId.ImageTag = ptr(it.tag)
		}
		out.Results = append(out.Results, res)
	}
	if end < len(done) {
		out.NextToken = ptr(encodeToken(cursor{kind: kindBackfillResults, fp: fp, seq: uint64(end)}))
	}
	return out, nil
}

// ListReplicationBackfills lists the registry's backfills newest first,
// leaving out those that ended more than BackfillRetention ago.
func (w *World) ListReplicationBackfills(now time.Time, in *ecr.ListReplicationBackfillsInput) (*ecr.ListReplicationBackfillsOutput, error) {
	limit, err := w.pageSize(in.MaxResults, 25)
	if err != nil {
		return nil, err
	}
	r, rid := w.registryFor(in.RegistryId, false)
	fp := fingerprint(kindBackfills, rid)
	var all []backfill
	if r != nil {
		all = r.backfills
	}
	i := len(all) // index after the next candidate, walking down
	if in.NextToken != nil {
		c, err := decodeToken(*in.NextToken, kindBackfills, fp)
		if err != nil {
			return nil, err
		}
		i = sort.Search(len(all), func(i int) bool { return all[i].seq >= c.seq })
	}
	out := &ecr.ListReplicationBackfillsOutput{RegistryId: ptr(rid), Backfills: []types.ReplicationBackfillSummary{}}
	var last uint64
	for ; i > 0; i-- {
		b := &all[i-1]
		s := b.at(now)
		if !s.visible(now) {
			continue
		}
		if len(out.Backfills) == limit {
			out.NextToken = ptr(encodeToken(cursor{kind: kindBackfills, fp: fp, seq: last}))
			break
		}
		out.Backfills = append(out.Backfills, types.ReplicationBackfillSummary{
			Destination:           b.dest.sdk(),
			ReplicationBackfillId: ptr(b.id),
			StartedAt:             ptr(b.startedAt),
			Status:                s.status,
			EndedAt:               timePtr(s.endedAt),
			Progress:              b.progress(s),
		})
		last = b.seq
	}
	return out, nil
}
