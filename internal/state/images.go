package state

import (
	"errors"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/internal/errs"
	"github.com/ecrfake/go-ecrfake/internal/manifest"
)

// image is one manifest stored in a repository, keyed by its digest.
type image struct {
	digest       string
	seq          uint64 // push sequence: the listing order
	manifest     string // exactly as pushed
	mediaType    string
	artifactType string
	subject      string
	tags         []string // sorted
	pushedAt     time.Time
	lastPull     int64 // unix milliseconds, neverPulled if never; atomic: see lastPulled
	size         int64
	blobs        []string // config and layer digests (image manifests)
	children     []string // referenced manifests (indexes)
	parents      int      // indexes in the repository that reference this image

	// scan is the image's scanning state (scanning.go); nil until the image
	// is scanned or given findings. It goes when the image goes.
	scan *imageScan

	// arch is the image's storage-class state (archive.go); nil while it
	// has never been archived.
	arch *archival

	// replication holds statuses a test set out of band (SetReplicationStatus)
	// for destinations the configuration replicates the image to; nil if none.
	replication map[replicationDestination]replicationOverride
}

// imageOrder keeps a repository's images in push order. Deletion leaves a
// hole that is compacted once holes outnumber images, so listing and resuming
// a page cost O(log n + page) and deletion is amortised O(1).
type imageOrder struct {
	entries []orderEntry
	holes   int
}

type orderEntry struct {
	seq uint64
	img *image // nil once deleted
}

func (o *imageOrder) add(img *image) { o.entries = append(o.entries, orderEntry{img.seq, img}) }

// after returns the index of the first entry with a sequence greater than seq.
func (o *imageOrder) after(seq uint64) int {
	return sort.Search(len(o.entries), func(i int) bool { return o.entries[i].seq > seq })
}

func (o *imageOrder) remove(img *image) {
	i := sort.Search(len(o.entries), func(i int) bool { return o.entries[i].seq >= img.seq })
	if i == len(o.entries) || o.entries[i].img != img {
		return
	}
	o.entries[i].img = nil
	o.holes++
	if o.holes > 32 && o.holes*2 > len(o.entries) {
		live := o.entries[:0]
		for _, e := range o.entries {
			if e.img != nil {
				live = append(live, e)
			}
		}
		clear(o.entries[len(live):])
		o.entries, o.holes = live, 0
	}
}

// PutImage stores a manifest, creating the image if its digest is new, and
// points imageTag at it. An image that loses its last tag this way stays, untagged.
func (w *World) PutImage(now time.Time, in *ecr.PutImageInput) (*ecr.PutImageOutput, error) {
	return w.putImage(now, in, "")
}

// putImage is PutImage with the manifest's digest computed by the caller
// (outside the lock) when digest is not "".
func (w *World) putImage(now time.Time, in *ecr.PutImageInput, digest string) (*ecr.PutImageOutput, error) {
	_, repo, err := w.lookupRepo(in.RegistryId, in.RepositoryName)
	if err != nil {
		return nil, err
	}
	raw := deref(in.ImageManifest)
	if len(raw) > w.cfg.Limits.MaxManifestSize {
		return nil, errs.ManifestTooLarge(w.cfg.Limits.MaxManifestSize)
	}
	// The parsed strings share raw's memory; the image keeps raw anyway.
	m, err := manifest.ParseString(raw, deref(in.ImageManifestMediaType))
	if err != nil {
		var me *manifest.Error
		if errors.As(err, &me) {
			return nil, errs.InvalidParameter(me.Member, me.Constraint)
		}
		return nil, errs.InvalidParameter("ImageManifest", "Invalid JSON syntax")
	}
	if digest == "" {
		digest = manifest.DigestString(raw)
	}
	if in.ImageDigest != nil && !digestsEqual(*in.ImageDigest, digest) {
		return nil, errs.ImageDigestDoesNotMatch(repo.registryID, repo.name, *in.ImageDigest)
	}

	existing := repo.images[digest]
	var size int64
	var blobs, children []string
	var layerBuf [8]*layer
	layers := layerBuf[:0] // the layers of blobs, in order
	if existing == nil {
		if size, blobs, children, layers, err = w.checkReferences(repo, m, layers); err != nil {
			return nil, err
		}
	}

	tag := deref(in.ImageTag)
	var holder *image
	if in.ImageTag != nil {
		holder = repo.tags[tag]
	}
	// Pushing an image that is archived or being restored restores it at
	// once: that push is not a repeat.
	restore := existing != nil && !existing.active()
	switch {
	case restore && (holder == nil || holder == existing || !repo.tagImmutable(tag)):
	case existing != nil && in.ImageTag == nil:
		return nil, errs.ImageAlreadyExists(repo.registryID, repo.name, digest, nil)
	case existing != nil && holder == existing:
		if repo.tagImmutable(tag) && w.cfg.ImmutableRepushIsTagConflict {
			return nil, errs.ImageTagAlreadyExists(repo.name, tag)
		}
		return nil, errs.ImageAlreadyExists(repo.registryID, repo.name, digest, in.ImageTag)
	case holder != nil && repo.tagImmutable(tag):
		return nil, errs.ImageTagAlreadyExists(repo.name, tag)
	}
	if existing != nil && in.ImageTag != nil && holder != existing && len(existing.tags) >= w.cfg.Limits.MaxTagsPerImage {
		return nil, errs.TagsPerImageLimit(repo.registryID, repo.name, tag, w.cfg.Limits.MaxTagsPerImage)
	}
	if existing == nil && len(repo.images) >= w.cfg.Limits.MaxImagesPerRepository {
		return nil, errs.ImagesPerRepositoryLimit(repo.registryID, repo.name, w.cfg.Limits.MaxImagesPerRepository)
	}

	// Every check has passed: commit.
	target := existing
	if target == nil {
		w.counters.image++
		target = &image{
			digest: digest, seq: w.counters.image, manifest: raw,
			mediaType: m.MediaType, artifactType: m.ArtifactMediaType(),
			pushedAt: now, lastPull: neverPulled, size: size, blobs: blobs, children: children,
		}
		if m.Subject != nil {
			target.subject = m.Subject.Digest
		}
		repo.images[digest] = target
		repo.order.add(target)
		for _, l := range layers {
			l.refs++
		}
		for _, c := range children {
			repo.images[c].parents++
		}
		learnLayerMediaTypes(repo, m, blobs, layers)
		w.scanOnPush(repo, target, now)
	}
	if restore {
		w.completeRestore(repo, target, now)
	}
	if in.ImageTag != nil {
		if holder != nil {
			holder.tags = removeSorted(holder.tags, tag)
		}
		target.tags = insertSorted(target.tags, tag)
		repo.tags[tag] = target
	}
	// The output and everything it points to, in one allocation.
	o := &struct {
		out ecr.PutImageOutput
		img types.Image
		id  types.ImageIdentifier
		s   [6]string
	}{s: [6]string{digest, raw, target.mediaType, repo.registryID, repo.name, tag}}
	o.id.ImageDigest = &o.s[0]
	if in.ImageTag != nil {
		o.id.ImageTag = &o.s[5]
	}
	o.img = types.Image{ImageId: &o.id, ImageManifest: &o.s[1], ImageManifestMediaType: &o.s[2], RegistryId: &o.s[3], RepositoryName: &o.s[4]}
	o.out.Image = &o.img
	return &o.out, nil
}

// checkReferences verifies that everything the manifest names is in the
// repository and returns the new image's size, blobs and children, and the
// layers of the blobs (appended to layers).
func (w *World) checkReferences(repo *repository, m *manifest.Manifest, layers []*layer) (size int64, blobs, children []string, _ []*layer, err error) {
	if m.IsIndex() {
		var missing, archived []string
		for _, d := range m.Manifests {
			child := repo.images[d.Digest]
			if child == nil {
				missing = append(missing, d.Digest)
				continue
			}
			if !child.active() {
				archived = append(archived, d.Digest)
			}
			size = max(size, child.size)
			if !slices.Contains(children, d.Digest) {
				children = append(children, d.Digest)
			}
		}
		switch {
		case missing != nil:
			return 0, nil, nil, nil, errs.ReferencedImagesNotFound(repo.registryID, repo.name, missing)
		case archived != nil:
			return 0, nil, nil, nil, errs.ReferencedImagesArchived(repo.registryID, repo.name, archived)
		}
		return size, nil, children, layers, nil
	}
	if len(m.Layers) > w.cfg.Limits.MaxLayersPerImage {
		return 0, nil, nil, nil, errs.LayersPerImageLimit()
	}
	blobs = m.Blobs()
	var missing []string
	for _, d := range blobs {
		l := repo.layers[d]
		if l == nil {
			missing = append(missing, d)
		}
		layers = append(layers, l)
	}
	if missing != nil {
		return 0, nil, nil, nil, errs.LayersNotFoundForManifest(repo.registryID, repo.name, missing)
	}
	return m.Size(), blobs, nil, layers, nil
}

// learnLayerMediaTypes records descriptor media types on the repository's
// layers; BatchCheckLayerAvailability reports them.
// layers[i] is the layer of blobs[i]; other digests (foreign layers) are
// looked up.
func learnLayerMediaTypes(repo *repository, m *manifest.Manifest, blobs []string, layers []*layer) {
	of := func(digest string) *layer {
		for i, b := range blobs {
			if b == digest {
				return layers[i]
			}
		}
		return repo.layers[digest]
	}
	if m.Config != nil {
		learnMediaType(of(m.Config.Digest), m.Config.MediaType)
	}
	for i := range m.Layers {
		learnMediaType(of(m.Layers[i].Digest), m.Layers[i].MediaType)
	}
}

// learnMediaType sets a layer's media type. The parsed manifest's strings
// share the manifest's memory, which the layer must not keep alive: a
// changed media type is copied.
func learnMediaType(l *layer, mediaType string) {
	if l != nil && mediaType != "" && l.mediaType != mediaType {
		l.mediaType = strings.Clone(mediaType)
	}
}

// BatchGetImage returns manifests; identifier problems are per-item failures.
func (w *World) BatchGetImage(now time.Time, in *ecr.BatchGetImageInput) (*ecr.BatchGetImageOutput, error) {
	_, repo, err := w.lookupRepo(in.RegistryId, in.RepositoryName)
	if err != nil {
		return nil, err
	}
	if err := w.checkBatch("imageIds", len(in.ImageIds)); err != nil {
		return nil, err
	}
	n := len(in.ImageIds)
	out := &ecr.BatchGetImageOutput{Images: make([]types.Image, 0, n), Failures: []types.ImageFailure{}}
	ids := make([]types.ImageIdentifier, 0, n)
	strs := makeStrSlab(6 * n)
	for i, id := range in.ImageIds {
		if duplicateID(in.ImageIds[:i], id) {
			continue
		}
		img, code, reason := repo.resolve(id)
		if img != nil && len(in.AcceptedMediaTypes) > 0 && !slices.Contains(in.AcceptedMediaTypes, img.mediaType) {
			img, code, reason = nil, types.ImageFailureCodeImageNotFound, "Requested image not found: its media type "+img.mediaType+" is not in acceptedMediaTypes"
		}
		if img != nil && !img.active() {
			img, code, reason = nil, types.ImageFailureCodeImageInaccessible, inaccessibleReason(img.status())
		}
		if img == nil {
			out.Failures = append(out.Failures, failure(id, code, reason))
			continue
		}
		// BatchGetImage runs under the read lock: the pull time is atomic.
		img.setLastPulled(now)
		ids = append(ids, types.ImageIdentifier{ImageDigest: strs.ptr(img.digest)})
		if id.ImageTag != nil {
			ids[len(ids)-1].ImageTag = strs.ptr(*id.ImageTag)
		}
		out.Images = append(out.Images, types.Image{
			ImageId:                &ids[len(ids)-1],
			ImageManifest:          strs.ptr(img.manifest),
			ImageManifestMediaType: strs.ptr(img.mediaType),
			RegistryId:             strs.ptr(repo.registryID),
			RepositoryName:         strs.ptr(repo.name),
		})
	}
	return out, nil
}

// BatchDeleteImage removes tags and images in request order. Removing an
// image's last tag deletes the image; a digest deletes the image and its tags.
func (w *World) BatchDeleteImage(_ time.Time, in *ecr.BatchDeleteImageInput) (*ecr.BatchDeleteImageOutput, error) {
	_, repo, err := w.lookupRepo(in.RegistryId, in.RepositoryName)
	if err != nil {
		return nil, err
	}
	if err := w.checkBatch("imageIds", len(in.ImageIds)); err != nil {
		return nil, err
	}
	out := &ecr.BatchDeleteImageOutput{ImageIds: []types.ImageIdentifier{}, Failures: []types.ImageFailure{}}
	for _, id := range in.ImageIds {
		img, code, reason := repo.resolve(id)
		if img == nil {
			out.Failures = append(out.Failures, failure(id, code, reason))
			continue
		}
		if id.ImageTag != nil {
			tag := *id.ImageTag
			if len(img.tags) == 1 && img.parents > 0 {
				out.Failures = append(out.Failures, failure(id, types.ImageFailureCodeImageReferencedByManifestList, referencedReason))
				continue
			}
			img.tags = removeSorted(img.tags, tag)
			delete(repo.tags, tag)
			if len(img.tags) == 0 {
				w.deleteImage(repo, img)
			}
			out.ImageIds = append(out.ImageIds, types.ImageIdentifier{ImageDigest: ptr(img.digest), ImageTag: ptr(tag)})
			continue
		}
		if img.parents > 0 {
			out.Failures = append(out.Failures, failure(id, types.ImageFailureCodeImageReferencedByManifestList, referencedReason))
			continue
		}
		if len(img.tags) == 0 {
			out.ImageIds = append(out.ImageIds, types.ImageIdentifier{ImageDigest: ptr(img.digest)})
		}
		for _, t := range img.tags {
			out.ImageIds = append(out.ImageIds, types.ImageIdentifier{ImageDigest: ptr(img.digest), ImageTag: ptr(t)})
			delete(repo.tags, t)
		}
		w.deleteImage(repo, img)
	}
	return out, nil
}

const referencedReason = "Requested image is referenced by a manifest list or image index in the repository"

func (w *World) deleteImage(repo *repository, img *image) {
	if !img.active() {
		repo.countInactive(img, -1)
	}
	for _, d := range img.blobs {
		if l := repo.layers[d]; l != nil {
			l.refs--
		}
	}
	for _, c := range img.children {
		if child := repo.images[c]; child != nil {
			child.parents--
		}
	}
	delete(repo.images, img.digest)
	repo.order.remove(img)
}

// ListImages lists one entry per (image, tag) pair and one digest-only entry
// per untagged image, in push order, tags of an image in name order.
func (w *World) ListImages(_ time.Time, in *ecr.ListImagesInput) (*ecr.ListImagesOutput, error) {
	_, repo, err := w.lookupRepo(in.RegistryId, in.RepositoryName)
	if err != nil {
		return nil, err
	}
	limit, err := w.pageSize(in.MaxResults, 100)
	if err != nil {
		return nil, err
	}
	var tagStatus types.TagStatus
	var imageStatus types.ImageStatusFilter
	if in.Filter != nil {
		tagStatus, imageStatus = in.Filter.TagStatus, in.Filter.ImageStatus
	}
	fp := fingerprint(kindImageIDs, repo.registryID, repo.name, string(tagStatus), string(imageStatus))
	start, afterTag, resumed := 0, "", false
	if in.NextToken != nil {
		c, err := decodeToken(*in.NextToken, kindImageIDs, fp)
		if err != nil {
			return nil, err
		}
		start = repo.order.after(c.seq - 1) // the image the page ended in, if it still exists
		afterTag, resumed = c.key, true
		if start < len(repo.order.entries) && repo.order.entries[start].seq != c.seq {
			resumed = false // that image is gone: continue with the next one
		}
	}
	entries := repo.order.entries
	room := min(limit, max(len(entries)-start, 0)) // room for one entry per image
	out := &ecr.ListImagesOutput{ImageIds: make([]types.ImageIdentifier, 0, room)}
	strs := makeStrSlab(2 * room)
	// last is the position of the last entry listed; a full page ends there.
	var last cursor
	for i := start; i < len(entries); i++ {
		img := entries[i].img
		if img == nil || !statusMatches(string(imageStatus), img.status()) {
			continue
		}
		first := resumed && i == start
		var tags []string
		switch {
		case len(img.tags) == 0 && (tagStatus == types.TagStatusTagged || first):
			continue
		case len(img.tags) == 0:
			tags = []string{""}
		case tagStatus == types.TagStatusUntagged:
			continue
		case first:
			tags = img.tags[sort.SearchStrings(img.tags, afterTag):]
			if len(tags) > 0 && tags[0] == afterTag {
				tags = tags[1:]
			}
		default:
			tags = img.tags
		}
		for _, t := range tags {
			if len(out.ImageIds) == limit {
				last.kind, last.fp = kindImageIDs, fp
				out.NextToken = ptr(encodeToken(last))
				return out, nil
			}
			id := types.ImageIdentifier{ImageDigest: strs.ptr(img.digest)}
			if t != "" {
				id.ImageTag = strs.ptr(t)
			}
			out.ImageIds = append(out.ImageIds, id)
			last.seq, last.key = img.seq, t
		}
	}
	return out, nil
}

// DescribeImages describes images one per digest, in push order, or the
// identified ones (each must exist). A listing without an imageStatus filter
// shows ACTIVE images only; images asked for by id are shown whatever their
// status unless the filter names one.
func (w *World) DescribeImages(now time.Time, in *ecr.DescribeImagesInput) (*ecr.DescribeImagesOutput, error) {
	_, repo, err := w.lookupRepo(in.RegistryId, in.RepositoryName)
	if err != nil {
		return nil, err
	}
	var tagStatus types.TagStatus
	var imageStatus types.ImageStatusFilter
	if in.Filter != nil {
		tagStatus, imageStatus = in.Filter.TagStatus, in.Filter.ImageStatus
	}
	tagsMatch := func(img *image) bool {
		return !(tagStatus == types.TagStatusTagged && len(img.tags) == 0) &&
			!(tagStatus == types.TagStatusUntagged && len(img.tags) > 0)
	}
	keep := func(img *image) bool { return statusMatches(string(imageStatus), img.status()) && tagsMatch(img) }
	if in.ImageIds != nil {
		if in.MaxResults != nil || in.NextToken != nil {
			return nil, errs.PaginationWithIDs("imageIds")
		}
		if err := w.checkBatch("imageIds", len(in.ImageIds)); err != nil {
			return nil, err
		}
		imgs := make([]*image, 0, len(in.ImageIds))
		seen := make(map[*image]bool, len(in.ImageIds))
		for _, id := range in.ImageIds {
			img, err := repo.resolveOne("imageIds", &id)
			if err != nil {
				return nil, err
			}
			// An image asked for by id is described whatever its status
			// unless the filter names a status: the archival guide says an
			// archived image can still be described (status ARCHIVED).
			if !seen[img] && (keep(img) || imageStatus == "" && tagsMatch(img)) {
				imgs = append(imgs, img)
			}
			seen[img] = true
		}
		out := &ecr.DescribeImagesOutput{ImageDetails: repo.details(imgs)}
		w.addScanSummaries(repo, out.ImageDetails, now)
		return out, nil
	}
	limit, err := w.pageSize(in.MaxResults, 100)
	if err != nil {
		return nil, err
	}
	fp := fingerprint(kindImages, repo.registryID, repo.name, string(tagStatus), string(imageStatus))
	start := 0
	if in.NextToken != nil {
		c, err := decodeToken(*in.NextToken, kindImages, fp)
		if err != nil {
			return nil, err
		}
		start = repo.order.after(c.seq)
	}
	entries := repo.order.entries
	imgs := make([]*image, 0, min(limit, max(len(entries)-start, 0)))
	var nextToken *string
	for i := start; i < len(entries); i++ {
		img := entries[i].img
		if img == nil || !keep(img) {
			continue
		}
		if len(imgs) == limit {
			nextToken = ptr(encodeToken(cursor{kind: kindImages, fp: fp, seq: imgs[limit-1].seq}))
			break
		}
		imgs = append(imgs, img)
	}
	out := &ecr.DescribeImagesOutput{ImageDetails: repo.details(imgs), NextToken: nextToken}
	w.addScanSummaries(repo, out.ImageDetails, now)
	return out, nil
}

// details describes imgs, their pointer fields allocated per output (see
// slab.go), not per field.
func (repo *repository) details(imgs []*image) []types.ImageDetail {
	out := make([]types.ImageDetail, len(imgs))
	if len(imgs) == 0 {
		return out
	}
	nstr, ntime := 0, 0
	for _, img := range imgs {
		nstr += 6 + len(img.tags)
		ntime += 2
		if img.arch != nil {
			ntime += 2
		}
	}
	strs, times, sizes := makeStrSlab(nstr), makeTimeSlab(ntime), makeInt64Slab(len(imgs))
	for i, img := range imgs {
		d := &out[i]
		*d = types.ImageDetail{
			ArtifactMediaType:      strs.optPtr(img.artifactType),
			ImageDigest:            strs.ptr(img.digest),
			ImageManifestMediaType: strs.ptr(img.mediaType),
			ImagePushedAt:          times.ptr(img.pushedAt),
			ImageSizeInBytes:       sizes.ptr(img.size),
			ImageStatus:            img.status(),
			LastRecordedPullTime:   times.optPtr(img.lastPulled()),
			RegistryId:             strs.ptr(repo.registryID),
			RepositoryName:         strs.ptr(repo.name),
			SubjectManifestDigest:  strs.optPtr(img.subject),
		}
		if len(img.tags) > 0 {
			d.ImageTags = strs.list(img.tags)
		}
		if a := img.arch; a != nil {
			d.LastArchivedAt, d.LastActivatedAt = times.ptr(a.archivedAt), times.optPtr(a.activatedAt)
		}
	}
	return out
}

// resolve applies ECR's image identifier rules; a nil image comes with the
// batch failure code and reason.
func (repo *repository) resolve(id types.ImageIdentifier) (*image, types.ImageFailureCode, string) {
	switch {
	case id.ImageDigest == nil && id.ImageTag == nil:
		return nil, types.ImageFailureCodeMissingDigestAndTag, "Invalid request parameters: both tag and digest cannot be null"
	case id.ImageDigest != nil && !isDigest(*id.ImageDigest):
		return nil, types.ImageFailureCodeInvalidImageDigest, "Invalid request parameters: image digest should satisfy the regex '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'"
	case id.ImageTag != nil && !isTag(*id.ImageTag):
		return nil, types.ImageFailureCodeInvalidImageTag, "Invalid request parameters: image tag should satisfy the regex '[a-zA-Z0-9-_.]+' and have length between 1 and 300"
	}
	if id.ImageTag != nil {
		img := repo.tags[*id.ImageTag]
		if img != nil && id.ImageDigest != nil && !digestsEqual(*id.ImageDigest, img.digest) {
			return nil, types.ImageFailureCodeImageTagDoesNotMatchDigest, "Invalid request parameters: given tag does not map to the given digest"
		}
		if img != nil {
			return img, "", ""
		}
		if id.ImageDigest != nil && repo.images[*id.ImageDigest] != nil {
			return nil, types.ImageFailureCodeImageTagDoesNotMatchDigest, "Invalid request parameters: given tag does not map to the given digest"
		}
		return nil, types.ImageFailureCodeImageNotFound, "Requested image not found"
	}
	if img := repo.images[*id.ImageDigest]; img != nil {
		return img, "", ""
	}
	return nil, types.ImageFailureCodeImageNotFound, "Requested image not found"
}

// resolveOne resolves an identifier where one that does not resolve fails
// the whole call: ImageNotFoundException, or InvalidParameterException at
// member for a malformed one.
func (repo *repository) resolveOne(member string, id *types.ImageIdentifier) (*image, error) {
	img, code, reason := repo.resolve(*id)
	switch {
	case img != nil:
		return img, nil
	case code == types.ImageFailureCodeImageNotFound || code == types.ImageFailureCodeImageTagDoesNotMatchDigest:
		return nil, errs.ImageNotFound(repo.registryID, repo.name, id)
	default:
		return nil, errs.InvalidParameter(member, reason)
	}
}

// lookupImage finds an image by digest for the out-of-band setters.
func (w *World) lookupImage(registryID *string, repoName, digest string) (*repository, *image, error) {
	_, repo, err := w.lookupRepo(registryID, &repoName)
	if err != nil {
		return nil, nil, err
	}
	img := repo.images[normalizeDigest(digest)]
	if img == nil {
		return nil, nil, errs.ImageNotFound(repo.registryID, repo.name, &types.ImageIdentifier{ImageDigest: &digest})
	}
	return repo, img, nil
}

func failure(id types.ImageIdentifier, code types.ImageFailureCode, reason string) types.ImageFailure {
	return types.ImageFailure{
		FailureCode:   code,
		FailureReason: ptr(reason),
		ImageId:       &types.ImageIdentifier{ImageDigest: clonePtr(id.ImageDigest), ImageTag: clonePtr(id.ImageTag)},
	}
}

func duplicateID(before []types.ImageIdentifier, id types.ImageIdentifier) bool {
	for _, b := range before {
		if equalPtr(b.ImageDigest, id.ImageDigest) && equalPtr(b.ImageTag, id.ImageTag) {
			return true
		}
	}
	return false
}

func equalPtr(a, b *string) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

func insertSorted(s []string, v string) []string {
	i := sort.SearchStrings(s, v)
	if i < len(s) && s[i] == v {
		return s
	}
	return slices.Insert(s, i, v)
}

func removeSorted(s []string, v string) []string {
	i := sort.SearchStrings(s, v)
	if i < len(s) && s[i] == v {
		return slices.Delete(s, i, i+1)
	}
	return s
}

// SetImageTimes sets an image's push time and last recorded pull time out of
// band (a zero time leaves that field as it is): state no API call can create,
// which lifecycle and cleanup tests need.
func (w *World) SetImageTimes(registryID *string, repoName, digest string, pushedAt, lastPull time.Time) error {
	_, img, err := w.lookupImage(registryID, repoName, digest)
	if err != nil {
		return err
	}
	if !pushedAt.IsZero() {
		img.pushedAt = pushedAt.UTC().Truncate(time.Millisecond)
	}
	if !lastPull.IsZero() {
		img.setLastPulled(lastPull.UTC().Truncate(time.Millisecond))
	}
	return nil
}
