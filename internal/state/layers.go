package state

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/internal/errs"
)

// layer is a blob held by one repository. Its bytes live once, in the world's
// content-addressed store.
type layer struct {
	size      int64
	mediaType string // learned from the manifests that reference it
	refs      int    // images in the repository that reference it
	// inactiveRefs counts those of refs that are archived or being restored
	// (archive.go): with no other reference the layer cannot be pulled.
	inactiveRefs int
}

// upload is an open layer upload session: parts must arrive contiguously,
// and the digest is computed as bytes arrive. Its bytes are the parts as
// they were handed in (see blobstore.go).
type upload struct {
	id    string
	data  segments
	parts []int64 // size of each part, in order
	hash  hash.Hash
}

// PendingPart is a part on its way into an upload. Adding a part takes
// three steps so that no request body is read, and no byte hashed, while
// the fake's lock is held: Stage (under the read lock) checks the request
// and takes the upload's offset and running digest; Add (no lock) hashes
// the part's bytes as they arrive; the commit (under the write lock)
// re-checks that the upload is where it was and appends the part as is.
type PendingPart struct {
	up     *upload
	offset int64
	hash   hash.Hash
	data   segments
}

// Offset is the upload's size when the part was staged: the position of
// the part's first byte.
func (p *PendingPart) Offset() int64 { return p.offset }

// Size is the number of bytes added so far.
func (p *PendingPart) Size() int64 { return p.data.size }

// Add hashes b and keeps it, as is, as the part's next piece; b must not be
// modified afterwards.
func (p *PendingPart) Add(b []byte) {
	if len(b) == 0 {
		return
	}
	p.hash.Write(b)
	p.data.add(b)
}

// stage starts a part at the upload's current end.
func stage(up *upload) *PendingPart {
	return &PendingPart{up: up, offset: up.data.size, hash: cloneHash(up.hash)}
}

// current reports whether p was staged against up as it is now; when it was
// not (another part landed first, or the state was restored), p's digest is
// recomputed from up's, so that a commit is right even then.
func (p *PendingPart) rebase(up *upload) {
	if p.up == up && p.offset == up.data.size {
		return
	}
	h := cloneHash(up.hash)
	for _, b := range p.data.pieces {
		h.Write(b)
	}
	p.up, p.offset, p.hash = up, up.data.size, h
}

// commit appends p to up.
func (p *PendingPart) commit(up *upload) {
	p.rebase(up)
	up.data.add(p.data.pieces...)
	up.hash = p.hash
	up.parts = append(up.parts, p.data.size)
}

// InitiateLayerUpload opens an upload session bound to the repository.
func (w *World) InitiateLayerUpload(_ time.Time, in *ecr.InitiateLayerUploadInput) (*ecr.InitiateLayerUploadOutput, error) {
	_, repo, err := w.lookupRepo(in.RegistryId, in.RepositoryName)
	if err != nil {
		return nil, err
	}
	w.counters.upload++
	id := uuidFrom(0x001, w.counters.upload)
	repo.uploads[id] = &upload{id: id, hash: sha256.New()}
	return &ecr.InitiateLayerUploadOutput{UploadId: ptr(id), PartSize: ptr(w.cfg.Limits.MaxLayerPartSize)}, nil
}

// lookupUpload resolves an upload id within its repository: ids are bound to
// the repository that issued them, and end with the session.
func (w *World) lookupUpload(registryID, name, uploadID *string) (*repository, *upload, error) {
	_, repo, err := w.lookupRepo(registryID, name)
	if err != nil {
		return nil, nil, err
	}
	up := repo.uploads[deref(uploadID)]
	if up == nil {
		return nil, nil, errs.UploadNotFound(repo.registryID, repo.name, deref(uploadID))
	}
	return repo, up, nil
}

// UploadLayerPart appends the next part: StageLayerPart, Add, then
// CommitLayerPart in one step. The part's bytes are kept as they are, not
// copied: the caller hands them over.
func (w *World) UploadLayerPart(now time.Time, in *ecr.UploadLayerPartInput) (*ecr.UploadLayerPartOutput, error) {
	p, err := w.StageLayerPart(in)
	if err != nil {
		return nil, err
	}
	p.Add(in.LayerPartBlob)
	return w.CommitLayerPart(now, in, p)
}

// StageLayerPart checks an UploadLayerPart request against the upload as it
// is now and stages the part (see PendingPart). It changes nothing.
func (w *World) StageLayerPart(in *ecr.UploadLayerPartInput) (*PendingPart, error) {
	repo, up, err := w.lookupUpload(in.RegistryId, in.RepositoryName, in.UploadId)
	if err != nil {
		return nil, err
	}
	if err := w.checkLayerPart(repo, up, in); err != nil {
		return nil, err
	}
	return stage(up), nil
}

// CommitLayerPart appends a staged part (holding in.LayerPartBlob) after
// checking the request again against the upload as it is now.
func (w *World) CommitLayerPart(_ time.Time, in *ecr.UploadLayerPartInput, p *PendingPart) (*ecr.UploadLayerPartOutput, error) {
	repo, up, err := w.lookupUpload(in.RegistryId, in.RepositoryName, in.UploadId)
	if err != nil {
		return nil, err
	}
	if err := w.checkLayerPart(repo, up, in); err != nil {
		return nil, err
	}
	p.commit(up)
	return &ecr.UploadLayerPartOutput{
		RegistryId: ptr(repo.registryID), RepositoryName: ptr(repo.name),
		UploadId: ptr(up.id), LastByteReceived: ptr(*in.PartLastByte),
	}, nil
}

// checkLayerPart applies UploadLayerPart's rules. Byte positions are
// inclusive and the part must start right after the last byte received.
func (w *World) checkLayerPart(repo *repository, up *upload, in *ecr.UploadLayerPartInput) error {
	first, last, n := *in.PartFirstByte, *in.PartLastByte, int64(len(in.LayerPartBlob))
	received := up.data.size
	var lastValid *int64
	if received > 0 {
		lastValid = ptr(received - 1)
	}
	bad := func(format string, args ...any) error {
		return errs.InvalidLayerPart(repo.registryID, repo.name, up.id, lastValid, fmt.Sprintf(format, args...))
	}
	switch {
	case first != received:
		return bad("The part of the layer does not start where the previous part ended: partFirstByte is %d, expected %d", first, received)
	case last < first:
		return bad("partLastByte %d is less than partFirstByte %d", last, first)
	case n != last-first+1:
		return bad("The part blob has %d bytes but partFirstByte %d and partLastByte %d describe %d bytes", n, first, last, last-first+1)
	case n > w.cfg.Limits.MaxLayerPartSize:
		return bad("The part has %d bytes, more than the maximum part size of %d bytes", n, w.cfg.Limits.MaxLayerPartSize)
	case len(up.parts) >= w.cfg.Limits.MaxPartsPerUpload:
		return errs.UploadLimit("number of parts per upload", int64(w.cfg.Limits.MaxPartsPerUpload))
	case received+n > w.cfg.Limits.MaxLayerSize:
		return errs.UploadLimit("layer size in bytes", w.cfg.Limits.MaxLayerSize)
	}
	return nil
}

// CompleteLayerUpload stores the uploaded bytes as a layer of the repository
// when one of the listed digests is the digest of the data.
func (w *World) CompleteLayerUpload(_ time.Time, in *ecr.CompleteLayerUploadInput) (*ecr.CompleteLayerUploadOutput, error) {
	repo, up, err := w.lookupUpload(in.RegistryId, in.RepositoryName, in.UploadId)
	if err != nil {
		return nil, err
	}
	id := up.id
	if up.data.size == 0 {
		return nil, errs.EmptyUpload(repo.registryID, repo.name, id)
	}
	for i, size := range up.parts[:len(up.parts)-1] {
		if size < w.cfg.Limits.MinLayerPartSize {
			return nil, errs.LayerPartTooSmall(id, i+1, size, w.cfg.Limits.MinLayerPartSize)
		}
	}
	digest := "sha256:" + hex.EncodeToString(up.hash.Sum(nil))
	matched := false
	for _, d := range in.LayerDigests {
		if digestsEqual(d, digest) {
			matched = true
			break
		}
	}
	if !matched {
		return nil, errs.InvalidLayerDigest()
	}
	// The session ends here whether or not the layer was new.
	delete(repo.uploads, id)
	if repo.layers[digest] != nil {
		return nil, errs.LayerAlreadyExists(repo.registryID, repo.name, digest)
	}
	repo.layers[digest] = &layer{size: up.data.size}
	w.retainBlob(digest, up.data)
	return &ecr.CompleteLayerUploadOutput{
		RegistryId: ptr(repo.registryID), RepositoryName: ptr(repo.name),
		UploadId: ptr(id), LayerDigest: ptr(digest),
	}, nil
}

// BatchCheckLayerAvailability reports, per digest in request order, whether
// the repository holds the blob. An absent blob is an UNAVAILABLE layer; only
// malformed digests are failures.
func (w *World) BatchCheckLayerAvailability(_ time.Time, in *ecr.BatchCheckLayerAvailabilityInput) (*ecr.BatchCheckLayerAvailabilityOutput, error) {
	_, repo, err := w.lookupRepo(in.RegistryId, in.RepositoryName)
	if err != nil {
		return nil, err
	}
	if err := w.checkBatch("layerDigests", len(in.LayerDigests)); err != nil {
		return nil, err
	}
	out := &ecr.BatchCheckLayerAvailabilityOutput{Layers: []types.Layer{}, Failures: []types.LayerFailure{}}
	for _, d := range in.LayerDigests {
		switch {
		case d == "":
			out.Failures = append(out.Failures, types.LayerFailure{LayerDigest: ptr(d), FailureCode: types.LayerFailureCodeMissingLayerDigest, FailureReason: ptr("Missing layer digest")})
		case !isDigest(d):
			out.Failures = append(out.Failures, types.LayerFailure{LayerDigest: ptr(d), FailureCode: types.LayerFailureCodeInvalidLayerDigest, FailureReason: ptr("Invalid layer digest: it should satisfy the regex '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'")})
		default:
			l := repo.layers[normalizeDigest(d)]
			if l == nil {
				out.Layers = append(out.Layers, types.Layer{LayerDigest: ptr(d), LayerAvailability: types.LayerAvailabilityUnavailable})
				continue
			}
			entry := types.Layer{LayerDigest: ptr(d), LayerAvailability: types.LayerAvailabilityAvailable, LayerSize: ptr(l.size)}
			if l.refs > 0 && l.refs == l.inactiveRefs {
				entry.LayerAvailability = types.LayerAvailabilityArchived // only archived images use it
			}
			if l.mediaType != "" {
				entry.MediaType = ptr(l.mediaType)
			}
			out.Layers = append(out.Layers, entry)
		}
	}
	return out, nil
}

// GetDownloadUrlForLayer returns a URL for a blob that an ACTIVE image of the
// repository references.
func (w *World) GetDownloadUrlForLayer(_ time.Time, in *ecr.GetDownloadUrlForLayerInput) (*ecr.GetDownloadUrlForLayerOutput, error) {
	_, repo, err := w.lookupRepo(in.RegistryId, in.RepositoryName)
	if err != nil {
		return nil, err
	}
	d := normalizeDigest(deref(in.LayerDigest))
	l := repo.layers[d]
	switch {
	case l == nil:
		return nil, errs.LayerNotFound(repo.registryID, repo.name, deref(in.LayerDigest))
	case l.refs == 0:
		return nil, errs.LayerInaccessible(repo.registryID, repo.name, deref(in.LayerDigest))
	case l.refs == l.inactiveRefs:
		return nil, errs.LayerArchived(repo.registryID, repo.name, deref(in.LayerDigest))
	}
	return &ecr.GetDownloadUrlForLayerOutput{DownloadUrl: ptr(w.downloadURL(repo, d)), LayerDigest: ptr(d)}, nil
}

// downloadURL is shaped like ECR's pre-signed layer URLs and is deterministic.
func (w *World) downloadURL(repo *repository, digest string) string {
	return fmt.Sprintf("https://prod-%s-starport-layer-bucket.s3.%s.%s/%s/%s/%s",
		w.cfg.Region, w.cfg.Region, w.cfg.DNSSuffix, repo.registryID, repo.name, strings.ReplaceAll(digest, ":", "-"))
}

// Blob returns a copy of a stored blob's bytes.
func (w *World) Blob(digest string) ([]byte, bool) {
	b := w.blobs[normalizeDigest(digest)]
	if b == nil {
		return nil, false
	}
	out := make([]byte, 0, b.data.size)
	for _, p := range b.data.pieces {
		out = append(out, p...)
	}
	return out, true
}

// retainBlob counts one more repository holding digest; the first stores
// data, which the store keeps as is.
func (w *World) retainBlob(digest string, data segments) {
	if b := w.blobs[digest]; b != nil {
		b.repos++
		return
	}
	w.blobs[digest] = &blob{data: data, repos: 1}
}

func (w *World) releaseBlob(digest string) {
	if b := w.blobs[digest]; b != nil {
		if b.repos--; b.repos <= 0 {
			delete(w.blobs, digest)
		}
	}
}
