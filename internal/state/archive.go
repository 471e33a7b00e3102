package state

// Archival: the archive storage class. UpdateImageStorageClass archives an
// image at once and restores one through ACTIVATING, which ends when
// Config.RestoreDuration of clock time has passed; a lifecycle transition
// archives, and a re-push restores at once. An image that is not ACTIVE
// cannot be pulled or scanned, and listings hide it unless their status
// filter asks for it (DescribeImages by id shows it). An index can be
// archived; an image an index references only once the index is archived
// or deleted (the user guide's rule).
//
// A restore completes by itself: the dispatcher calls CompleteDueRestores
// before every operation, and each restore takes effect at the instant it
// fell due (its lastActivatedAt, and the scan on push a restored image gets
// as if newly pushed, start then), not when it is observed.

import (
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/internal/errs"
)

// archival is an image's storage-class history; nil for an image never archived.
type archival struct {
	status      types.ImageStatus // ARCHIVED or ACTIVATING, or ACTIVE once restored
	archivedAt  time.Time         // lastArchivedAt
	activatedAt time.Time         // lastActivatedAt: when the last restore completed; zero if none
	restoreFrom time.Time         // when the restore since archivedAt was asked for (ACTIVATING or restored)
	restoreAt   time.Time         // ACTIVATING: when the restore completes
}

// pendingRestore names an image whose restore completes at at. An entry
// whose image is gone, or no longer ACTIVATING until at, is stale and
// ignored.
type pendingRestore struct {
	at                   time.Time
	registry, repo, name string // registry id, repository name, image digest
}

func (a *archival) clone() *archival {
	if a == nil {
		return nil
	}
	c := *a
	return &c
}

// status is the image's current status.
func (img *image) status() types.ImageStatus {
	if img.arch == nil {
		return types.ImageStatusActive
	}
	return img.arch.status
}

// active reports whether the image can be pulled and scanned.
func (img *image) active() bool { return img.arch == nil || img.arch.status == types.ImageStatusActive }

// statusAt is the image's status as it was at an instant at or before now
// that a deferred evaluation (a preview completing late, a lifecycle run
// applied late) looks back to, from its latest archive: before that archive
// it was ACTIVE, before its restore was asked for ARCHIVED, and before the
// restore completed ACTIVATING.
func (img *image) statusAt(at time.Time) types.ImageStatus {
	a := img.arch
	switch {
	case a == nil, a.archivedAt.After(at):
		return types.ImageStatusActive
	case a.status == types.ImageStatusArchived, a.restoreFrom.After(at):
		return types.ImageStatusArchived
	case a.status == types.ImageStatusActivating, a.activatedAt.After(at):
		return types.ImageStatusActivating
	}
	return types.ImageStatusActive
}

// statusMatches applies an imageStatus (or artifactStatus) filter; the
// default is ACTIVE.
func statusMatches(filter string, s types.ImageStatus) bool {
	switch filter {
	case "", string(types.ImageStatusFilterActive):
		return s == types.ImageStatusActive
	case string(types.ImageStatusFilterAny):
		return true
	}
	return filter == string(s)
}

// archiveBlocker says why an ACTIVE image cannot be archived, or "" if it
// can. The user guide's rule: an image a manifest list references cannot be
// archived before the manifest list is archived (or deleted); the index
// itself can be archived, alone.
func (repo *repository) archiveBlocker(img *image) string {
	if img.parents > 0 && repo.heldByIndex(nil, time.Time{})[img.digest] {
		return "the image is referenced by an image index or manifest list that is not archived; archive or delete the index first"
	}
	return ""
}

// heldByIndex returns the digests an index (or manifest list) of the
// repository references while that index is not archived, as of at (zero:
// now), leaving out indexes in gone: those a lifecycle run deletes or
// archives before it archives their children.
func (repo *repository) heldByIndex(gone map[string]bool, at time.Time) map[string]bool {
	held := map[string]bool{}
	for _, idx := range repo.images {
		if len(idx.children) == 0 || gone[idx.digest] {
			continue
		}
		status := idx.status()
		if !at.IsZero() {
			status = idx.statusAt(at)
		}
		if status == types.ImageStatusArchived {
			continue
		}
		for _, c := range idx.children {
			held[c] = true
		}
	}
	return held
}

// UpdateImageStorageClass moves an image to the archive at once, or starts
// restoring an archived one (ACTIVATING until Config.RestoreDuration has
// passed). Asking for the class an image is already in, or is on its way
// to, changes nothing; archiving an image that is being restored is refused.
func (w *World) UpdateImageStorageClass(now time.Time, in *ecr.UpdateImageStorageClassInput) (*ecr.UpdateImageStorageClassOutput, error) {
	_, repo, err := w.lookupRepo(in.RegistryId, in.RepositoryName)
	if err != nil {
		return nil, err
	}
	img, err := repo.resolveOne("imageId", in.ImageId)
	if err != nil {
		return nil, err
	}
	toArchive := in.TargetStorageClass == types.TargetStorageClassArchive
	answer := img.status() // unchanged unless a case below changes it
	switch {
	case toArchive && answer == types.ImageStatusActive:
		if reason := repo.archiveBlocker(img); reason != "" {
			return nil, errs.StorageClassUpdateNotSupported(repo.registryID, repo.name, img.digest, reason)
		}
		w.archive(repo, img, now)
		answer = types.ImageStatusArchived
	case toArchive && answer == types.ImageStatusActivating:
		return nil, errs.StorageClassUpdateNotSupported(repo.registryID, repo.name, img.digest, "the image is being restored from the archive; wait until it is ACTIVE")
	case !toArchive && answer == types.ImageStatusArchived:
		w.beginRestore(repo, img, now)
		answer = types.ImageStatusActivating // what the service answers, even for a restore that completed at once
	}
	return &ecr.UpdateImageStorageClassOutput{
		RegistryId:     ptr(repo.registryID),
		RepositoryName: ptr(repo.name),
		ImageId:        &types.ImageIdentifier{ImageDigest: ptr(img.digest), ImageTag: clonePtr(in.ImageId.ImageTag)},
		ImageStatus:    answer,
	}, nil
}

// archive moves an ACTIVE image to the archive at at. Its scan results go
// (a restored image is scanned afresh); the per-image scan quota and what
// the test set its scans to find stay.
func (w *World) archive(repo *repository, img *image, at time.Time) {
	if img.arch == nil {
		img.arch = &archival{}
	}
	img.arch.status, img.arch.archivedAt, img.arch.restoreFrom, img.arch.restoreAt = types.ImageStatusArchived, at, time.Time{}, time.Time{}
	repo.countInactive(img, +1)
	if sc := img.scan; sc != nil {
		*sc = imageScan{lastBasic: sc.lastBasic, override: sc.override}
	}
}

// beginRestore starts restoring an ARCHIVED image at now.
func (w *World) beginRestore(repo *repository, img *image, now time.Time) {
	at := now.Add(max(w.cfg.RestoreDuration, 0))
	img.arch.status, img.arch.restoreFrom, img.arch.restoreAt = types.ImageStatusActivating, now, at
	if !at.After(now) {
		w.completeRestore(repo, img, at)
		return
	}
	p := pendingRestore{at: at, registry: repo.registryID, repo: repo.name, name: img.digest}
	i, _ := slices.BinarySearchFunc(w.restores, at, func(e pendingRestore, t time.Time) int {
		if e.at.After(t) {
			return 1
		}
		return -1 // equal times keep request order
	})
	w.restores = slices.Insert(w.restores, i, p)
}

// completeRestore makes a non-ACTIVE image ACTIVE at at: it is pullable
// again and, like a newly pushed image, scanned on push if its repository's
// scanning configuration says so.
func (w *World) completeRestore(repo *repository, img *image, at time.Time) {
	if img.arch.status == types.ImageStatusArchived { // a re-push: asked for and done at once
		img.arch.restoreFrom = at
	}
	img.arch.status, img.arch.activatedAt, img.arch.restoreAt = types.ImageStatusActive, at, time.Time{}
	repo.countInactive(img, -1)
	w.scanOnPush(repo, img, at)
}

// RestoresDue reports whether a restore has fallen due by now; a caller
// holding only the read lock asks this before taking the write lock for
// CompleteDueRestores.
func (w *World) RestoresDue(now time.Time) bool {
	return len(w.restores) > 0 && !w.restores[0].at.After(now)
}

// CompleteDueRestores completes, in the order they fell due, every restore
// due by now.
func (w *World) CompleteDueRestores(now time.Time) {
	n := 0
	for ; n < len(w.restores) && !w.restores[n].at.After(now); n++ {
		p := &w.restores[n]
		r := w.registries[p.registry]
		if r == nil {
			continue
		}
		repo := r.repos[p.repo]
		if repo == nil {
			continue
		}
		img := repo.images[p.name]
		if img == nil || img.status() != types.ImageStatusActivating || !img.arch.restoreAt.Equal(p.at) {
			continue
		}
		w.completeRestore(repo, img, p.at)
	}
	w.restores = slices.Delete(w.restores, 0, n)
}

// countInactive adds delta to the count of non-ACTIVE images referencing
// each of the image's layers: a layer that only such images reference
// cannot be downloaded and reads as ARCHIVED.
func (repo *repository) countInactive(img *image, delta int) {
	for _, d := range img.blobs {
		if l := repo.layers[d]; l != nil {
			l.inactiveRefs += delta
		}
	}
}

// inaccessibleReason is the BatchGetImage failure reason for an image that is
// not ACTIVE.
func inaccessibleReason(s types.ImageStatus) string {
	if s == types.ImageStatusActivating {
		return "Requested image is being restored from the archive and cannot be pulled until it is ACTIVE"
	}
	return "Requested image is archived and cannot be pulled; restore it with UpdateImageStorageClass"
}
