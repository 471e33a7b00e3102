package ecrfake

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	smithy "github.com/aws/smithy-go"

	"github.com/ecrfake/go-ecrfake/internal/required"
	"github.com/ecrfake/go-ecrfake/internal/state"
)

// Seed is state to create in one call: repositories with their settings,
// resource tags, policies, and images with tags and times. Seeding runs the
// same validation and state transitions as the API calls that would create
// the same things, so seeded state obeys every rule API-made state does;
// it bypasses hooks and the call log.
type Seed struct {
	Repositories []SeedRepository
}

// SeedRepository is one repository to create.
type SeedRepository struct {
	Name string
	// RegistryID is the registry to create it in; "" is the fake's own.
	RegistryID       string
	TagMutability    types.ImageTagMutability // "" is MUTABLE
	ExclusionFilters []string                 // WILDCARD filters of the *_WITH_EXCLUSION modes
	ScanOnPush       bool
	Encryption       *types.EncryptionConfiguration
	ResourceTags     map[string]string
	Policy           string // repository policy text; "" for none
	Images           []SeedImage
}

// SeedImage is one image to push: its content is generated deterministically
// from Content (or the repository name and the image's position), so the
// same seed gives the same digests.
type SeedImage struct {
	Tags []string
	// Content distinguishes images; "" means "<repository>#<index>".
	Content string
	// LayerSizes are the sizes in bytes of the layers to generate; nil means
	// one layer of 512 bytes.
	LayerSizes []int
	// PushedAt is the push time; zero means the clock's now.
	PushedAt time.Time
	// LastPulledAt is the last recorded pull time; zero means never pulled.
	LastPulledAt time.Time
	// ArchivedAt, when not zero, archives the image as UpdateImageStorageClass
	// would have at that time (its lastArchivedAt); it must not be before
	// the push time.
	ArchivedAt time.Time
}

// SeededImage reports what Seed created for one SeedImage.
type SeededImage struct {
	Repository string
	Digest     string
	Tags       []string
}

// Seed creates s in order and returns the images it pushed. It stops at the
// first failure and returns that error, wrapped as the API call that failed
// would return it; what was created before stays.
func (f *Fake) Seed(s Seed) ([]SeededImage, error) {
	var out []SeededImage
	for _, r := range s.Repositories {
		imgs, err := f.seedRepository(r)
		out = append(out, imgs...)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

func (f *Fake) seedRepository(r SeedRepository) ([]SeededImage, error) {
	var registryID *string
	if r.RegistryID != "" {
		registryID = &r.RegistryID
	}
	name := &r.Name
	create := &ecr.CreateRepositoryInput{
		RepositoryName: name, RegistryId: registryID,
		ImageTagMutability:         r.TagMutability,
		ImageScanningConfiguration: &types.ImageScanningConfiguration{ScanOnPush: r.ScanOnPush},
		EncryptionConfiguration:    r.Encryption,
	}
	for _, flt := range r.ExclusionFilters {
		create.ImageTagMutabilityExclusionFilters = append(create.ImageTagMutabilityExclusionFilters,
			types.ImageTagMutabilityExclusionFilter{Filter: &flt, FilterType: types.ImageTagMutabilityExclusionFilterTypeWildcard})
	}
	for _, k := range sortedKeys(r.ResourceTags) {
		create.Tags = append(create.Tags, types.Tag{Key: &k, Value: ptrTo(r.ResourceTags[k])})
	}
	if _, err := seedCall(f, opCreateRepository, create, (*state.World).CreateRepository, time.Time{}); err != nil {
		return nil, err
	}
	if r.Policy != "" {
		in := &ecr.SetRepositoryPolicyInput{RepositoryName: name, RegistryId: registryID, PolicyText: &r.Policy}
		if _, err := seedCall(f, opSetRepositoryPolicy, in, (*state.World).SetRepositoryPolicy, time.Time{}); err != nil {
			return nil, err
		}
	}
	var out []SeededImage
	for i, img := range r.Images {
		content := img.Content
		if content == "" {
			content = fmt.Sprintf("%s#%d", r.Name, i)
		}
		digest, err := f.seedImage(registryID, r.Name, content, img)
		if err != nil {
			return out, err
		}
		out = append(out, SeededImage{Repository: r.Name, Digest: digest, Tags: append([]string(nil), img.Tags...)})
	}
	return out, nil
}

// seedImage uploads the generated blobs and puts the manifest once per tag.
func (f *Fake) seedImage(registryID *string, repo, content string, img SeedImage) (string, error) {
	sizes := img.LayerSizes
	if sizes == nil {
		sizes = []int{512}
	}
	config := []byte(fmt.Sprintf(`{"architecture":"amd64","os":"linux","config":{"Labels":{"ecrfake.content":%q}},"rootfs":{"type":"layers"}}`, content))
	blobs := [][]byte{config}
	for i, n := range sizes {
		blobs = append(blobs, generatedBytes(fmt.Sprintf("%s/layer/%d", content, i), n))
	}
	for _, b := range blobs {
		if err := f.seedBlob(registryID, repo, b); err != nil {
			return "", err
		}
	}
	layers := make([]string, len(sizes))
	for i := range sizes {
		layers[i] = fmt.Sprintf(`{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":%d,"digest":%q}`, len(blobs[i+1]), digestOf(blobs[i+1]))
	}
	manifest := fmt.Sprintf(`{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":%d,"digest":%q},"layers":[%s]}`,
		len(config), digestOf(config), strings.Join(layers, ","))
	if !img.ArchivedAt.IsZero() && img.ArchivedAt.Before(img.PushedAt) {
		return "", fmt.Errorf("ecrfake: Seed: image %q of repository %q: ArchivedAt %v is before PushedAt %v", content, repo, img.ArchivedAt, img.PushedAt)
	}
	tags := img.Tags
	if len(tags) == 0 {
		tags = []string{""}
	}
	for _, tag := range tags {
		in := &ecr.PutImageInput{RepositoryName: &repo, RegistryId: registryID, ImageManifest: &manifest}
		if tag != "" {
			in.ImageTag = ptrTo(tag)
		}
		if _, err := seedCall(f, opPutImage, in, (*state.World).PutImage, img.PushedAt); err != nil {
			return "", err
		}
	}
	digest := digestOf([]byte(manifest))
	if !img.LastPulledAt.IsZero() {
		if err := f.SetImageTimes(repo, digest, time.Time{}, img.LastPulledAt); err != nil {
			return "", err
		}
	}
	if !img.ArchivedAt.IsZero() {
		in := &ecr.UpdateImageStorageClassInput{RepositoryName: &repo, RegistryId: registryID,
			ImageId: &types.ImageIdentifier{ImageDigest: &digest}, TargetStorageClass: types.TargetStorageClassArchive}
		if _, err := seedCall(f, opUpdateImageStorageClass, in, (*state.World).UpdateImageStorageClass, img.ArchivedAt); err != nil {
			return "", err
		}
	}
	return digest, nil
}

// seedBlob uploads b unless the repository already holds it, in parts the
// fake's limits accept.
func (f *Fake) seedBlob(registryID *string, repo string, b []byte) error {
	check := &ecr.BatchCheckLayerAvailabilityInput{RepositoryName: &repo, RegistryId: registryID, LayerDigests: []string{digestOf(b)}}
	have, err := seedCall(f, opBatchCheckLayerAvailability, check, (*state.World).BatchCheckLayerAvailability, time.Time{})
	if err != nil {
		return err
	}
	if have.Layers[0].LayerAvailability == types.LayerAvailabilityAvailable {
		return nil
	}
	up, err := seedCall(f, opInitiateLayerUpload, &ecr.InitiateLayerUploadInput{RepositoryName: &repo, RegistryId: registryID}, (*state.World).InitiateLayerUpload, time.Time{})
	if err != nil {
		return err
	}
	part := int(f.cfg.limits.MaxLayerPartSize)
	for off := 0; off < len(b); off += part {
		end := min(off+part, len(b))
		in := &ecr.UploadLayerPartInput{RepositoryName: &repo, RegistryId: registryID, UploadId: up.UploadId,
			PartFirstByte: ptrTo(int64(off)), PartLastByte: ptrTo(int64(end - 1)), LayerPartBlob: bytes.Clone(b[off:end])}
		// The state keeps the part as it is: the clone is the one copy.
		if _, err := seedCall(f, operation{op: OpUploadLayerPart, write: true}, in, (*state.World).UploadLayerPart, time.Time{}); err != nil {
			return err
		}
	}
	done := &ecr.CompleteLayerUploadInput{RepositoryName: &repo, RegistryId: registryID, UploadId: up.UploadId, LayerDigests: []string{digestOf(b)}}
	_, err = seedCall(f, opCompleteLayerUpload, done, (*state.World).CompleteLayerUpload, time.Time{})
	return err
}

// seedCall runs an operation like call does — validation, then serve — but
// without hooks or recording; at, when not zero, stands in for the clock.
func seedCall[I, O any](f *Fake, op operation, in *I, run runFunc[I, O], at time.Time) (*O, error) {
	if err := required.Check(in); err != nil {
		return nil, &smithy.OperationError{ServiceID: serviceID, OperationName: op.op.String(), Err: err}
	}
	now := f.now()
	if !at.IsZero() {
		now = at.UTC().Truncate(time.Millisecond)
	}
	out, err := serve(f, op, in, run, now)
	if err != nil {
		return nil, f.wrapError(op.op, err)
	}
	return out, nil
}

// SetImageTimes sets, out of band, an image's push time and last recorded
// pull time (a zero time leaves that one unchanged): state that no API call
// can create but that cleanup and lifecycle code reads. The image is found by
// digest in the fake's own registry.
func (f *Fake) SetImageTimes(repository, digest string, pushedAt, lastPulledAt time.Time) error {
	f.mu.Lock()
	err := f.world.SetImageTimes(nil, repository, digest, pushedAt, lastPulledAt)
	f.mu.Unlock()
	if err != nil {
		return f.wrapError(OpDescribeImages, err)
	}
	return nil
}

// generatedBytes returns n deterministic, incompressible-looking bytes.
func generatedBytes(label string, n int) []byte {
	out := make([]byte, 0, n+sha256.Size)
	block := sha256.Sum256([]byte(label))
	for len(out) < n {
		out = append(out, block[:]...)
		block = sha256.Sum256(block[:])
	}
	return out[:n]
}

func digestOf(b []byte) string {
	s := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(s[:])
}

func ptrTo[T any](v T) *T { return &v }

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// SetReplicationStatus makes DescribeImageReplicationStatus report status
// (IN_PROGRESS, COMPLETE or FAILED, with failureCode if not empty) for one
// destination of an image in the fake's own registry, instead of the instant
// COMPLETE the fake reports by default. It applies where the replication
// configuration in effect when the image was pushed sends it to that
// destination (region, registryID).
func (f *Fake) SetReplicationStatus(repository, digest, region, registryID string, status types.ReplicationStatus, failureCode string) error {
	f.mu.Lock()
	err := f.world.SetReplicationStatus(nil, repository, digest, region, registryID, status, failureCode)
	f.mu.Unlock()
	if err != nil {
		return f.wrapError(OpDescribeImageReplicationStatus, err)
	}
	return nil
}
