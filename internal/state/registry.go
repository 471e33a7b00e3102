package state

// The registry data plane (/v2/): the transitions behind ECR's OCI
// distribution endpoint, over the same repositories, images, layers and
// upload sessions the API uses. A registry upload is an API upload (the
// upload id in the URL is the API's uploadId), a manifest PUT is PutImage,
// a manifest GET is BatchGetImage, a manifest DELETE is BatchDeleteImage's
// deletion, a tag listing is ListImages.
//
// Errors are the API's exceptions where the API path has the same failure
// (the face maps them with reg.FromAPIError, one table for both) and
// *reg.Error values where only the registry has it (a chunk at the
// wrong offset, a digest mismatch, an unsupported Content-Type).
//
// Locking is the caller's, as everywhere in this package; the doc of each
// method says which lock it needs. Request bodies are never read here:
// the caller stages a part (read lock), reads and hashes the body into it
// with no lock held, then commits it (write lock), which re-checks the
// upload.

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/internal/errs"
	"github.com/ecrfake/go-ecrfake/internal/manifest"
	reg "github.com/ecrfake/go-ecrfake/internal/registry"
)

// msgPartTooSmall is ECR's text for a part under the minimum size
// (CloudTrail's LayerPartTooSmallException, dotnet/sdk-container-builds#424).
const msgPartTooSmall = "All layer parts except the last part should be at least 5MB"

func (w *World) repoOf(registryID, name string) (*repository, error) {
	_, repo, err := w.lookupRepo(&registryID, &name)
	return repo, err
}

// RepositoryExists reports whether the repository exists (read lock).
func (w *World) RepositoryExists(registryID, name string) error {
	_, err := w.repoOf(registryID, name)
	return err
}

// ---- uploads ----------------------------------------------------------------

// StartUpload opens an upload session, as InitiateLayerUpload does, and
// returns its id (write lock).
func (w *World) StartUpload(now time.Time, registryID, name string) (string, error) {
	out, err := w.InitiateLayerUpload(now, &ecr.InitiateLayerUploadInput{RegistryId: &registryID, RepositoryName: &name})
	if err != nil {
		return "", err
	}
	return *out.UploadId, nil
}

func (w *World) lookupUploadIn(registryID, name, uploadID string) (*repository, *upload, error) {
	repo, err := w.repoOf(registryID, name)
	if err != nil {
		return nil, nil, err
	}
	up := repo.uploads[uploadID]
	if up == nil {
		return nil, nil, reg.BlobUploadUnknown(uploadID)
	}
	return repo, up, nil
}

// checkChunkStart applies the rules a chunk must meet before its bytes are
// read: it starts where the upload ends (when the client said where it
// starts: first >= 0), and the chunk before it, which it makes a
// non-final part, is not under the minimum part size.
func (w *World) checkChunkStart(up *upload, first int64) error {
	if first >= 0 && first != up.data.size {
		return reg.RangeInvalid(first, up.data.size)
	}
	if n := len(up.parts); n > 0 && up.parts[n-1] < w.cfg.Limits.MinLayerPartSize {
		return reg.BlobUploadInvalid(msgPartTooSmall)
	}
	return nil
}

// StageChunk checks a PATCH (or the body of a completing PUT) against the
// upload as it is now and stages the chunk (read lock). first is the
// Content-Range's first byte, or -1 when the request has none.
func (w *World) StageChunk(registryID, name, uploadID string, first int64) (*PendingPart, error) {
	_, up, err := w.lookupUploadIn(registryID, name, uploadID)
	if err != nil {
		return nil, err
	}
	if err := w.checkChunkStart(up, first); err != nil {
		return nil, err
	}
	return stage(up), nil
}

// StageFinal stages the body of a completing PUT (read lock): as
// StageChunk, except that the chunk before it is not yet made non-final
// (CompleteUpload checks it if the body is not empty).
func (w *World) StageFinal(registryID, name, uploadID string, first int64) (*PendingPart, error) {
	_, up, err := w.lookupUploadIn(registryID, name, uploadID)
	if err != nil {
		return nil, err
	}
	if first >= 0 && first != up.data.size {
		return nil, reg.RangeInvalid(first, up.data.size)
	}
	return stage(up), nil
}

// Room is how many more bytes the part may take before its layer is over
// the layer size limit: the one limit a registry chunk has (the part size
// and part count quotas belong to the layer API).
func (w *World) Room(p *PendingPart) int64 {
	return w.cfg.Limits.MaxLayerSize - p.offset - p.data.size
}

// LayerTooLarge is the error for a layer over the layer size limit.
func (w *World) LayerTooLarge() error {
	return errs.UploadLimit("layer size in bytes", w.cfg.Limits.MaxLayerSize)
}

// CommitChunk appends a staged chunk to its upload (write lock) and
// returns the upload's new size. last is the Content-Range's last byte, or
// -1. The upload must still end where it ended when the chunk was staged:
// a chunk that lost a race with another is refused as at the wrong offset.
func (w *World) CommitChunk(registryID, name, uploadID string, p *PendingPart, last int64) (int64, error) {
	_, up, err := w.lookupUploadIn(registryID, name, uploadID)
	if err != nil {
		return 0, err
	}
	if p.offset != up.data.size {
		return 0, reg.RangeInvalid(p.offset, up.data.size)
	}
	if err := w.checkChunkStart(up, -1); err != nil {
		return 0, err
	}
	if last >= 0 && last-p.offset+1 != p.data.size {
		return 0, reg.BlobUploadInvalid(fmt.Sprintf(
			"The Content-Range %s describes %d bytes but the request body has %d", fmt.Sprintf("%d-%d", p.offset, last), last-p.offset+1, p.data.size))
	}
	if p.data.size > 0 {
		p.commit(up)
	}
	return up.data.size, nil
}

// UploadStatus returns how many bytes an upload holds (read lock).
func (w *World) UploadStatus(registryID, name, uploadID string) (int64, error) {
	_, up, err := w.lookupUploadIn(registryID, name, uploadID)
	if err != nil {
		return 0, err
	}
	return up.data.size, nil
}

// CancelUpload ends an upload session and drops its bytes (write lock).
func (w *World) CancelUpload(registryID, name, uploadID string) error {
	repo, _, err := w.lookupUploadIn(registryID, name, uploadID)
	if err != nil {
		return err
	}
	delete(repo.uploads, uploadID)
	return nil
}

// CompleteUpload ends an upload with its final chunk p (which may be empty)
// and stores the layer when digest is the digest of its bytes (write
// lock). It answers as CompleteLayerUpload does, except that a layer the
// repository already holds is a success (registry clients re-push blobs).
// A failure changes nothing: the final chunk is not kept, the session
// stays open.
func (w *World) CompleteUpload(registryID, name, uploadID string, p *PendingPart, digest string) error {
	repo, up, err := w.lookupUploadIn(registryID, name, uploadID)
	if err != nil {
		return err
	}
	if p == nil {
		p = stage(up)
	}
	if p.offset != up.data.size {
		return reg.RangeInvalid(p.offset, up.data.size)
	}
	if p.data.size > 0 {
		if err := w.checkChunkStart(up, -1); err != nil {
			return err
		}
	}
	p.rebase(up)
	total := up.data.size + p.data.size
	if total == 0 {
		return errs.EmptyUpload(repo.registryID, repo.name, up.id)
	}
	if total > w.cfg.Limits.MaxLayerSize {
		return w.LayerTooLarge()
	}
	if got := hashDigest(p.hash); !digestsEqual(digest, got) {
		return reg.DigestMismatch()
	}
	data := up.data.shared()
	data.add(p.data.pieces...)
	delete(repo.uploads, uploadID)
	w.storeLayer(repo, normalizeDigest(digest), data)
	return nil
}

// storeLayer makes data, whose digest is digest, a layer of repo, unless
// the repository already holds it.
func (w *World) storeLayer(repo *repository, digest string, data segments) {
	if repo.layers[digest] != nil {
		return
	}
	repo.layers[digest] = &layer{size: data.size}
	w.retainBlob(digest, data)
}

func hashDigest(h interface{ Sum([]byte) []byte }) string {
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// NewBlobPart is a part for a monolithic upload (POST ?digest= with the
// blob as its body), which has no session: fill it with Add, no lock held.
func NewBlobPart() *PendingPart { return &PendingPart{hash: sha256.New()} }

// PutBlob stores a blob uploaded in one request (write lock): the
// repository must exist and the bytes hash to digest. No session is opened.
func (w *World) PutBlob(registryID, name, digest string, p *PendingPart) error {
	repo, err := w.repoOf(registryID, name)
	if err != nil {
		return err
	}
	switch {
	case p.data.size == 0:
		return reg.BlobUploadInvalid(fmt.Sprintf(
			"The upload in the repository with name '%s' in registry with id '%s' cannot be completed because it does not have any parts.", repo.name, repo.registryID))
	case p.data.size > w.cfg.Limits.MaxLayerSize:
		return w.LayerTooLarge()
	case !digestsEqual(digest, hashDigest(p.hash)):
		return reg.DigestMismatch()
	}
	w.storeLayer(repo, normalizeDigest(digest), p.data.shared())
	return nil
}

// MountBlob mounts a blob of repository from into repository name (write
// lock) when ECR would: the registry's BLOB_MOUNTING account setting is
// ENABLED, from is a repository of the same registry with the same
// encryption, and an ACTIVE image there references the blob. It reports
// whether it mounted (a target that already holds the blob counts); when it
// did not, the caller falls back to opening an upload session.
func (w *World) MountBlob(registryID, name, from, digest string) (bool, error) {
	r, repo, err := w.lookupRepo(&registryID, &name)
	if err != nil {
		return false, err
	}
	if settingsOf(r).account["BLOB_MOUNTING"] != "ENABLED" {
		return false, nil
	}
	src := r.repos[from]
	digest = normalizeDigest(digest)
	if src == nil || src == repo || src.encryption != repo.encryption || deref(src.kmsKey) != deref(repo.kmsKey) {
		return false, nil
	}
	l := src.layers[digest]
	if l == nil || l.refs == 0 || l.refs == l.inactiveRefs {
		return false, nil // present but unreferenced (or only archived images use it)
	}
	if repo.layers[digest] == nil {
		repo.layers[digest] = &layer{size: l.size, mediaType: l.mediaType}
		w.retainBlob(digest, segments{})
	}
	return true, nil
}

// ---- blobs ------------------------------------------------------------------

// StatBlob answers a blob HEAD as BatchCheckLayerAvailability sees the
// blob (read lock): its size when the repository holds it AVAILABLE.
func (w *World) StatBlob(registryID, name, digest string) (int64, error) {
	repo, err := w.repoOf(registryID, name)
	if err != nil {
		return 0, err
	}
	l := repo.layers[normalizeDigest(digest)]
	if l == nil || l.refs > 0 && l.refs == l.inactiveRefs {
		return 0, reg.BlobUnknown(digest)
	}
	return l.size, nil
}

// OpenBlob answers a blob GET, and the GET of its download URL, as
// GetDownloadUrlForLayer does (read lock): the blob must be referenced by an
// ACTIVE image of the repository. The reader streams the stored bytes and
// stays valid without the lock.
func (w *World) OpenBlob(registryID, name, digest string) (*BlobReader, error) {
	if _, err := w.GetDownloadUrlForLayer(time.Time{}, &ecr.GetDownloadUrlForLayerInput{RegistryId: &registryID, RepositoryName: &name, LayerDigest: &digest}); err != nil {
		var nf *types.LayersNotFoundException
		if errors.As(err, &nf) {
			return nil, reg.BlobUnknown(digest)
		}
		return nil, err
	}
	b := w.blobs[normalizeDigest(digest)]
	if b == nil {
		return nil, reg.BlobUnknown(digest)
	}
	return b.data.reader(), nil
}

// DownloadURL is the layer download URL GetDownloadUrlForLayer hands out for
// a blob of a repository.
func (w *World) DownloadURL(registryID, name, digest string) string {
	return w.downloadURL(&repository{registryID: registryID, name: name}, normalizeDigest(digest))
}

// ---- manifests --------------------------------------------------------------

// ManifestPut is the answer to a manifest PUT.
type ManifestPut struct {
	Digest  string
	Subject string // the digest of the manifest's subject, if it has one
}

// PutManifest is PutImage for a manifest PUT (write lock): reference is a
// tag or a digest, contentType the request's Content-Type ("" when absent:
// the body's mediaType decides), digest the body's digest, computed by the
// caller without the lock. A PUT that changes nothing (the same manifest
// under the same tag) succeeds, as registry clients expect; everything
// else answers as PutImage does.
func (w *World) PutManifest(now time.Time, registryID, name, reference, contentType, body, digest string) (ManifestPut, error) {
	in := &ecr.PutImageInput{RegistryId: &registryID, RepositoryName: &name, ImageManifest: &body}
	if contentType != "" {
		mt, params, _ := strings.Cut(contentType, ";")
		mt = strings.TrimSpace(mt)
		if !manifest.IsSupported(mt) {
			return ManifestPut{}, reg.UnsupportedManifestType(contentType)
		}
		if strings.TrimSpace(params) != "" {
			return ManifestPut{}, reg.Unsupported("Invalid parameter at 'ImageManifestMediaType' failed to satisfy constraint: 'Media type parameters are not supported'")
		}
		in.ImageManifestMediaType = &mt
	}
	if strings.Contains(reference, ":") {
		in.ImageDigest = &reference
	} else {
		in.ImageTag = &reference
	}
	if _, err := w.putImage(now, in, digest); err != nil {
		var same *types.ImageAlreadyExistsException
		if !errors.As(err, &same) {
			return ManifestPut{}, err
		}
	}
	repo, _ := w.repoOf(registryID, name)
	out := ManifestPut{Digest: digest}
	if img := repo.images[digest]; img != nil {
		out.Subject = img.subject
	}
	return out, nil
}

// Manifest is a stored manifest as a GET or HEAD serves it.
type Manifest struct {
	Body      string
	MediaType string
	Digest    string
}

// anyType is the Accept entry that accepts every media type.
const anyType = "*/*"

// GetManifest answers a manifest GET or HEAD as BatchGetImage would (read
// lock): reference is a tag or digest; accept is the request's Accept
// media types (none: anything). The stored manifest is served as stored
// when accept names its type (or */*, or nothing); the fake converts no
// manifest, so any other Accept is refused as an image not found. An
// archived image is not found (ECR answers its pulls 404). pull records the
// pull time (lastRecordedPullTime).
func (w *World) GetManifest(now time.Time, registryID, name, reference string, accept []string, pull bool) (Manifest, error) {
	repo, err := w.repoOf(registryID, name)
	if err != nil {
		return Manifest{}, err
	}
	var img *image
	if strings.Contains(reference, ":") {
		img = repo.images[normalizeDigest(reference)]
	} else {
		img = repo.tags[reference]
	}
	if img == nil || !img.active() {
		return Manifest{}, reg.ManifestUnknown()
	}
	if len(accept) > 0 && !slices.Contains(accept, img.mediaType) && !slices.Contains(accept, anyType) {
		return Manifest{}, reg.ManifestUnknown()
	}
	if pull {
		img.setLastPulled(now) // atomic: the read lock suffices
	}
	return Manifest{Body: img.manifest, MediaType: img.mediaType, Digest: img.digest}, nil
}

// DeleteManifest deletes an image by digest, as BatchDeleteImage does
// (write lock).
func (w *World) DeleteManifest(now time.Time, registryID, name, digest string) error {
	out, err := w.BatchDeleteImage(now, &ecr.BatchDeleteImageInput{
		RegistryId: &registryID, RepositoryName: &name,
		ImageIds: []types.ImageIdentifier{{ImageDigest: &digest}},
	})
	if err != nil {
		return err
	}
	if len(out.Failures) > 0 {
		f := out.Failures[0]
		if f.FailureCode == types.ImageFailureCodeImageNotFound {
			return reg.ManifestUnknown()
		}
		return reg.Unsupported(deref(f.FailureReason))
	}
	return nil
}

// ---- listings ---------------------------------------------------------------

// TagPage is one page of a tag listing.
type TagPage struct {
	Name string   // the repository
	Tags []string // in ListImages order (push order), not sorted, as ECR's
	Next string   // opaque token of the next page; "" on the last
}

// ListTags lists a repository's tags (read lock): ListImages of the tagged
// images, n per page (0: ECR's default of 100), resuming after the opaque
// token last. A token the fake did not issue is ECR's NextToken error.
func (w *World) ListTags(registryID, name string, n int, last string) (TagPage, error) {
	in := &ecr.ListImagesInput{RegistryId: &registryID, RepositoryName: &name, Filter: &types.ListImagesFilter{TagStatus: types.TagStatusTagged}}
	if n > 0 {
		in.MaxResults = ptr(int32(min(n, 1<<30)))
	}
	if last != "" {
		in.NextToken = &last
	}
	out, err := w.ListImages(time.Time{}, in)
	if err != nil {
		var ipe *types.InvalidParameterException
		if last != "" && errors.As(err, &ipe) && strings.Contains(deref(ipe.Message), "extToken") {
			return TagPage{}, reg.InvalidNextToken()
		}
		return TagPage{}, err
	}
	page := TagPage{Name: name, Tags: make([]string, 0, len(out.ImageIds)), Next: deref(out.NextToken)}
	for _, id := range out.ImageIds {
		page.Tags = append(page.Tags, deref(id.ImageTag))
	}
	return page, nil
}

// Catalog lists the registry's repository names in name order (read
// lock), n per page (0: 100), after the name last; more reports whether
// names follow.
func (w *World) Catalog(registryID string, n int, last string) (names []string, more bool) {
	if n <= 0 {
		n = 100
	}
	r := w.registries[registryID]
	if r == nil {
		return []string{}, false
	}
	start := 0
	if last != "" {
		start = sort.Search(len(r.names), func(i int) bool { return r.names[i] > last })
	}
	end := min(start+n, len(r.names))
	return slices.Clone(r.names[start:end]), end < len(r.names)
}

// Referrers lists the ACTIVE images of the repository whose subject is
// digest, in push order, optionally only those of one artifact type (read
// lock): ListImageReferrers, every page.
func (w *World) Referrers(registryID, name, digest, artifactType string) ([]types.ImageReferrer, error) {
	in := &ecr.ListImageReferrersInput{RegistryId: &registryID, RepositoryName: &name, SubjectId: &types.SubjectIdentifier{ImageDigest: &digest}}
	if artifactType != "" {
		in.Filter = &types.ListImageReferrersFilter{ArtifactTypes: []string{artifactType}}
	}
	var all []types.ImageReferrer
	for {
		out, err := w.ListImageReferrers(time.Time{}, in)
		if err != nil {
			return nil, err
		}
		all = append(all, out.Referrers...)
		if out.NextToken == nil {
			return all, nil
		}
		in.NextToken = out.NextToken
	}
}

// ---- create on push -----------------------------------------------------------

// CreateOnPush creates repository name as ECR does when a push names a
// repository that does not exist (write lock): from the registry's
// repository creation template that applies to CREATE_ON_PUSH and matches
// the name (the longest prefix, a prefix standing for "<prefix>/"; ROOT
// matches every name), with the template's mutability and exclusions,
// encryption, resource tags, repository policy and lifecycle policy. It
// reports false, creating nothing, when no template applies (the push then
// fails as ECR's does).
func (w *World) CreateOnPush(now time.Time, registryID, name string, opts LifecycleOptions) (bool, error) {
	r := w.registries[registryID]
	if r == nil || registryID != w.cfg.AccountID {
		return false, nil // templates are the caller's own registry's
	}
	var best *creationTemplate
	for i := range r.templates {
		t := &r.templates[i]
		if !slices.Contains(t.appliedFor, types.RCTAppliedForCreateOnPush) {
			continue
		}
		switch {
		case t.key == rootPrefix:
			if best == nil {
				best = t
			}
		case strings.HasPrefix(name, t.key+"/"):
			if best == nil || best.key == rootPrefix || len(t.key) > len(best.key) {
				best = t
			}
		}
	}
	if best == nil {
		return false, nil
	}
	in := &ecr.CreateRepositoryInput{RegistryId: &registryID, RepositoryName: &name, ImageTagMutability: best.mutability}
	for _, f := range best.exclusions {
		in.ImageTagMutabilityExclusionFilters = append(in.ImageTagMutabilityExclusionFilters,
			types.ImageTagMutabilityExclusionFilter{Filter: ptr(f), FilterType: types.ImageTagMutabilityExclusionFilterTypeWildcard})
	}
	if best.encryption != "" {
		in.EncryptionConfiguration = &types.EncryptionConfiguration{EncryptionType: best.encryption}
		if best.kmsKey != "" {
			in.EncryptionConfiguration.KmsKey = ptr(best.kmsKey)
		}
	}
	for _, tag := range best.resourceTags {
		in.Tags = append(in.Tags, types.Tag{Key: ptr(tag.key), Value: ptr(tag.value)})
	}
	policy, lifecyclePolicy := best.repositoryPolicy, best.lifecyclePolicy
	if _, err := w.CreateRepository(now, in); err != nil {
		return false, err
	}
	if policy != "" {
		if _, err := w.SetRepositoryPolicy(now, &ecr.SetRepositoryPolicyInput{RegistryId: &registryID, RepositoryName: &name, PolicyText: &policy}); err != nil {
			return true, err
		}
	}
	if lifecyclePolicy != "" {
		if _, err := w.PutLifecyclePolicy(now, &ecr.PutLifecyclePolicyInput{RegistryId: &registryID, RepositoryName: &name, LifecyclePolicyText: &lifecyclePolicy}, opts); err != nil {
			return true, err
		}
	}
	return true, nil
}
