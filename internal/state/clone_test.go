package state

import (
	"bytes"
	"crypto/sha256"
	"encoding"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/require"
)

// ---- worldFixture ---------------------------------------------------------------

const (
	acctOwn   = "123456789012"
	acctOther = "210987654321"
	acctThird = "333333333333"

	mediaDockerV2     = "application/vnd.docker.distribution.manifest.v2+json"
	mediaDockerList   = "application/vnd.docker.distribution.manifest.list.v2+json"
	mediaOCIManifest  = "application/vnd.oci.image.manifest.v1+json"
	mediaDockerConfig = "application/vnd.docker.container.image.v1+json"
	mediaDockerLayer  = "application/vnd.docker.image.rootfs.diff.tar.gzip"
	mediaOCIConfig    = "application/vnd.oci.image.config.v1+json"
	mediaOCILayer     = "application/vnd.oci.image.layer.v1.tar+gzip"

	cloneMiB = 1 << 20

	clonePolicy = `{"Version":"2012-10-17","Statement":[{"Sid":"pull","Effect":"Allow","Principal":"*","Action":["ecr:BatchGetImage"]}]}`
)

var cloneEpoch = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// cloneTestConfig has the package ecrfake defaults (ecrfake.DefaultLimits).
func cloneTestConfig() Config {
	return Config{
		AccountID: acctOwn, Region: "us-east-1", Partition: "aws", DNSSuffix: "amazonaws.com",
		Limits: Limits{
			MinLayerPartSize:       5 * cloneMiB,
			MaxLayerPartSize:       10 * cloneMiB,
			MaxPartsPerUpload:      4200,
			MaxLayerSize:           52000 * cloneMiB,
			MaxManifestSize:        4 * cloneMiB,
			MaxLayersPerImage:      127,
			MaxRepositories:        10000,
			MaxImagesPerRepository: 100000,
			MaxTagsPerImage:        1000,
			MaxResourceTags:        50,
			MaxBatchSize:           100,
			MaxPageSize:            1000,
		},
		RestoreDuration: 20 * time.Minute,
	}
}

// worldFixture drives one world through its operations on a clock of its own.
type worldFixture struct {
	tb  testing.TB
	w   *World
	now time.Time
}

func (f *worldFixture) tick() time.Time {
	f.now = f.now.Add(1500 * time.Millisecond)
	return f.now
}

func strp(s string) *string { return &s }

// reg maps "" to the caller's own registry (no registryId).
func regID(id string) *string {
	if id == "" {
		return nil
	}
	return &id
}

func sha256Of(parts ...[]byte) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write(p)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

func (f *worldFixture) createRepo(registry, name string, mod func(*ecr.CreateRepositoryInput)) {
	f.tb.Helper()
	in := &ecr.CreateRepositoryInput{RegistryId: regID(registry), RepositoryName: strp(name)}
	if mod != nil {
		mod(in)
	}
	_, err := f.w.CreateRepository(f.tick(), in)
	require.NoError(f.tb, err)
}

// openUpload starts an upload and sends parts; it returns the upload id.
func (f *worldFixture) openUpload(registry, repo string, parts ...[]byte) string {
	f.tb.Helper()
	up, err := f.w.InitiateLayerUpload(f.tick(), &ecr.InitiateLayerUploadInput{RegistryId: regID(registry), RepositoryName: strp(repo)})
	require.NoError(f.tb, err)
	f.sendParts(registry, repo, *up.UploadId, 0, parts...)
	return *up.UploadId
}

func (f *worldFixture) sendParts(registry, repo, id string, first int64, parts ...[]byte) {
	f.tb.Helper()
	for _, p := range parts {
		_, err := f.w.UploadLayerPart(f.tick(), &ecr.UploadLayerPartInput{
			RegistryId: regID(registry), RepositoryName: strp(repo), UploadId: strp(id),
			PartFirstByte: ptr(first), PartLastByte: ptr(first + int64(len(p)) - 1), LayerPartBlob: p,
		})
		require.NoError(f.tb, err)
		first += int64(len(p))
	}
}

func (f *worldFixture) complete(registry, repo, id, digest string) {
	f.tb.Helper()
	out, err := f.w.CompleteLayerUpload(f.tick(), &ecr.CompleteLayerUploadInput{
		RegistryId: regID(registry), RepositoryName: strp(repo), UploadId: strp(id), LayerDigests: []string{digest},
	})
	require.NoError(f.tb, err)
	require.Equal(f.tb, digest, *out.LayerDigest)
}

// uploadBlob uploads data as one layer unless the repository holds it.
func (f *worldFixture) uploadBlob(registry, repo string, data []byte) string {
	f.tb.Helper()
	d := sha256Of(data)
	out, err := f.w.BatchCheckLayerAvailability(f.tick(), &ecr.BatchCheckLayerAvailabilityInput{
		RegistryId: regID(registry), RepositoryName: strp(repo), LayerDigests: []string{d},
	})
	require.NoError(f.tb, err)
	if out.Layers[0].LayerAvailability != types.LayerAvailabilityAvailable {
		f.complete(registry, repo, f.openUpload(registry, repo, data), d)
	}
	return d
}

func (f *worldFixture) put(registry, repo, tag, mediaType, manifest string) string {
	f.tb.Helper()
	in := &ecr.PutImageInput{RegistryId: regID(registry), RepositoryName: strp(repo), ImageManifest: strp(manifest)}
	if tag != "" {
		in.ImageTag = strp(tag)
	}
	if mediaType != "" {
		in.ImageManifestMediaType = strp(mediaType)
	}
	out, err := f.w.PutImage(f.tick(), in)
	require.NoError(f.tb, err)
	return *out.Image.ImageId.ImageDigest
}

// pushImage uploads a config and a layer and puts a Docker v2 manifest over
// them; it returns the manifest and its digest.
func (f *worldFixture) pushImage(registry, repo, tag, label string) (string, string) {
	f.tb.Helper()
	config := []byte(`{"architecture":"amd64","os":"linux","seed":"` + label + `"}`)
	layer := []byte("layer-of-" + label)
	f.uploadBlob(registry, repo, config)
	f.uploadBlob(registry, repo, layer)
	m := imageManifestJSON(mediaDockerV2, config, layer)
	return m, f.put(registry, repo, tag, "", m)
}

func (f *worldFixture) deleteImages(registry, repo string, ids ...types.ImageIdentifier) {
	f.tb.Helper()
	out, err := f.w.BatchDeleteImage(f.tick(), &ecr.BatchDeleteImageInput{RegistryId: regID(registry), RepositoryName: strp(repo), ImageIds: ids})
	require.NoError(f.tb, err)
	require.Empty(f.tb, out.Failures)
}

func idTag(tag string) types.ImageIdentifier { return types.ImageIdentifier{ImageTag: strp(tag)} }
func idDigest(d string) types.ImageIdentifier {
	return types.ImageIdentifier{ImageDigest: strp(d)}
}

func repoArn(registry, repo string) *string {
	return strp(fmt.Sprintf("arn:aws:ecr:us-east-1:%s:repository/%s", registry, repo))
}

func descJSON(mediaType string, data []byte) string {
	return fmt.Sprintf(`{"mediaType":%q,"size":%d,"digest":%q}`, mediaType, len(data), sha256Of(data))
}

func imageManifestJSON(mediaType string, config []byte, layers ...[]byte) string {
	cfgType, layerType := mediaDockerConfig, mediaDockerLayer
	if mediaType == mediaOCIManifest {
		cfgType, layerType = mediaOCIConfig, mediaOCILayer
	}
	ls := make([]string, len(layers))
	for i, l := range layers {
		ls[i] = descJSON(layerType, l)
	}
	return fmt.Sprintf(`{"schemaVersion":2,"mediaType":%q,"config":%s,"layers":[%s]}`, mediaType, descJSON(cfgType, config), strings.Join(ls, ","))
}

func indexManifestJSON(mediaType string, children ...string) string {
	ms := make([]string, len(children))
	for i, c := range children {
		ms[i] = fmt.Sprintf(`{"mediaType":%q,"size":%d,"digest":%q,"platform":{"architecture":"amd64","os":"linux"}}`, mediaDockerV2, len(c), sha256Of([]byte(c)))
	}
	return fmt.Sprintf(`{"schemaVersion":2,"mediaType":%q,"manifests":[%s]}`, mediaType, strings.Join(ms, ","))
}

// seeded names what seedWorld built, for the mutations to refer to.
type seeded struct {
	d1, d2, d3, d4, index, sbom string // app's images
	m1, m2                      string // manifests of d1, d2
	appUpload, appEmptyUpload   string
	mirrorUpload                string
	appPart                     []byte // the bytes appUpload holds
	holes                       []string
	holeLive                    []string // tags of the holes repository's live images

	// lib/base's archival: archA and archB are ARCHIVED (mArchB is archB's
	// manifest), restoring is ACTIVATING with its restore pending.
	archA, archB, mArchB, restoring string
}

// seedWorld builds a world with several registries, repositories, images,
// tags (one moved), an index over two children, an OCI artifact with a
// subject, unreferenced layers, open uploads with and without parts,
// resource tags, a policy, a pull time, a push order with holes, two
// archived images and one being restored (a pending restore).
func seedWorld(tb testing.TB) (*worldFixture, seeded) {
	tb.Helper()
	f := &worldFixture{tb: tb, w: New(cloneTestConfig()), now: cloneEpoch}
	var s seeded

	f.createRepo("", "app", func(in *ecr.CreateRepositoryInput) {
		in.Tags = []types.Tag{{Key: strp("team"), Value: strp("core")}, {Key: strp("env"), Value: strp("test")}}
		in.EncryptionConfiguration = &types.EncryptionConfiguration{EncryptionType: types.EncryptionTypeKms, KmsKey: strp("arn:aws:kms:us-east-1:123456789012:key/k1")}
		in.ImageScanningConfiguration = &types.ImageScanningConfiguration{ScanOnPush: true}
	})
	f.createRepo("", "lib/base", func(in *ecr.CreateRepositoryInput) {
		in.ImageTagMutability = types.ImageTagMutabilityImmutableWithExclusion
		in.ImageTagMutabilityExclusionFilters = []types.ImageTagMutabilityExclusionFilter{
			{Filter: strp("dev-*"), FilterType: types.ImageTagMutabilityExclusionFilterTypeWildcard},
			{Filter: strp("*-rc"), FilterType: types.ImageTagMutabilityExclusionFilterTypeWildcard},
		}
	})
	f.createRepo("", "holes", nil)
	f.createRepo("", "empty", nil)
	f.createRepo(acctOther, "mirror", func(in *ecr.CreateRepositoryInput) {
		in.Tags = []types.Tag{{Key: strp("origin"), Value: strp("upstream")}}
	})

	s.m1, s.d1 = f.pushImage("", "app", "v1", "one")
	f.put("", "app", "stable", "", s.m1) // d1: [stable v1]
	s.m2, s.d2 = f.pushImage("", "app", "v2", "two")
	f.put("", "app", "latest", "", s.m2) // d2: [latest v2]
	_, s.d3 = f.pushImage("", "app", "v3", "three")
	_, s.d4 = f.pushImage("", "app", "v3", "four") // v3 moves: d3 is untagged
	s.index = f.put("", "app", "multi", "", indexManifestJSON(mediaDockerList, s.m1, s.m2))

	// An OCI artifact whose subject is d4.
	cfg, layer := []byte(`{"sbom":true}`), []byte("sbom-layer")
	f.uploadBlob("", "app", cfg)
	f.uploadBlob("", "app", layer)
	art := fmt.Sprintf(`{"schemaVersion":2,"mediaType":%q,"artifactType":"application/vnd.example.sbom","config":%s,"layers":[%s],"subject":{"mediaType":%q,"size":1,"digest":%q}}`,
		mediaOCIManifest, descJSON(mediaOCIConfig, cfg), descJSON(mediaOCILayer, layer), mediaDockerV2, s.d4)
	s.sbom = f.put("", "app", "sbom", "", art)

	f.uploadBlob("", "app", []byte("orphan layer: uploaded, never referenced"))
	_, err := f.w.BatchGetImage(f.tick(), &ecr.BatchGetImageInput{RepositoryName: strp("app"), ImageIds: []types.ImageIdentifier{idTag("v1")}})
	require.NoError(tb, err)
	_, err = f.w.TagResource(f.tick(), &ecr.TagResourceInput{ResourceArn: repoArn(acctOwn, "app"), Tags: []types.Tag{{Key: strp("owner"), Value: strp("x")}}})
	require.NoError(tb, err)
	_, err = f.w.SetRepositoryPolicy(f.tick(), &ecr.SetRepositoryPolicyInput{RepositoryName: strp("app"), PolicyText: strp(clonePolicy)})
	require.NoError(tb, err)

	// One byte over the minimum part size; its list of parts has spare
	// capacity that a shared list would let both worlds write to.
	s.appPart = bytes.Repeat([]byte("p"), 5*cloneMiB+1)
	s.appUpload = f.openUpload("", "app", s.appPart)
	s.appEmptyUpload = f.openUpload("", "app")

	f.pushImage("", "lib/base", "1.0", "base-1.0")
	f.pushImage("", "lib/base", "dev-1", "base-dev")
	_, s.archA = f.pushImage("", "lib/base", "arch-a", "base-arch-a")
	s.mArchB, s.archB = f.pushImage("", "lib/base", "arch-b", "base-arch-b")
	_, s.restoring = f.pushImage("", "lib/base", "restoring", "base-restoring")
	f.storageClass("lib/base", s.archA, types.TargetStorageClassArchive, types.ImageStatusArchived)
	f.storageClass("lib/base", s.archB, types.TargetStorageClassArchive, types.ImageStatusArchived)
	f.storageClass("lib/base", s.restoring, types.TargetStorageClassArchive, types.ImageStatusArchived)
	f.storageClass("lib/base", s.restoring, types.TargetStorageClassStandard, types.ImageStatusActivating)

	for i := range 40 {
		tag := fmt.Sprintf("h%02d", i)
		f.pushImage("", "holes", tag, "hole-"+tag)
		if i%3 == 0 {
			s.holes = append(s.holes, tag)
		} else {
			s.holeLive = append(s.holeLive, tag)
		}
	}
	for _, tag := range s.holes {
		f.deleteImages("", "holes", idTag(tag))
	}

	f.pushImage(acctOther, "mirror", "upstream", "mirror")
	s.mirrorUpload = f.openUpload(acctOther, "mirror", []byte("mirror-part-1"))

	_, err = f.w.GetAuthorizationToken(f.tick(), &ecr.GetAuthorizationTokenInput{})
	require.NoError(tb, err)

	holes := f.w.registries[acctOwn].repos["holes"].order
	require.Equal(tb, 14, holes.holes, "the seed keeps holes in the push order")
	require.Len(tb, holes.entries, 40)
	up := f.w.registries[acctOwn].repos["app"].uploads[s.appUpload]
	up.data.pieces = slices.Grow(up.data.pieces, 4)
	require.Greater(tb, cap(up.data.pieces), len(up.data.pieces), "the seeded upload's list of parts has spare capacity")
	require.Len(tb, f.w.restores, 1, "the seed has a pending restore")
	require.Equal(tb, s.restoring, f.w.restores[0].name)
	return f, s
}

// storageClass moves an image (by digest) to class and requires the answer
// to report status.
func (f *worldFixture) storageClass(repo, digest string, class types.TargetStorageClass, status types.ImageStatus) {
	f.tb.Helper()
	out, err := f.w.UpdateImageStorageClass(f.tick(), &ecr.UpdateImageStorageClassInput{
		RepositoryName: strp(repo), ImageId: &types.ImageIdentifier{ImageDigest: strp(digest)}, TargetStorageClass: class,
	})
	require.NoError(f.tb, err)
	require.Equal(f.tb, status, out.ImageStatus)
}

// ---- observable state ------------------------------------------------------

// dump renders everything observable about w as JSON: every listing of
// every repository of every registry (in pages), layer availability and
// bytes of every stored blob, resource tags, policies, Stats, the open
// uploads' bytes, parts and running digests, the id counters, and archival:
// every image of any status with its status and archive and restore times,
// ARCHIVED layers, and the pending restores. Two worlds
// with equal dumps answer every read the same.
func dumpWorld(tb testing.TB, w *World) string {
	tb.Helper()
	now := cloneEpoch
	type uploadDump struct {
		ID, DataSHA, RunningDigest string
		Len                        int
		Parts                      []int64
	}
	type repoDump struct {
		Name       string
		ListImages []any
		Images     []any
		Tagged     []any
		AnyStatus  []any // DescribeImages of every status
		Layers     []any
		Tags       any
		Policy     any
		Uploads    []uploadDump
	}
	type registryDump struct {
		ID           string
		Repositories []any
		Repos        []repoDump
	}
	var out struct {
		Stats      Stats
		Counters   string
		Restores   string
		Blobs      []string
		Registries []registryDump
	}
	out.Stats = w.Stats()
	out.Counters = fmt.Sprintf("%+v", w.counters)
	out.Restores = fmt.Sprintf("%+v", w.restores)

	digests := make([]string, 0, len(w.blobs))
	for d := range w.blobs {
		digests = append(digests, d)
	}
	sort.Strings(digests)
	for _, d := range digests {
		b, ok := w.Blob(d)
		require.True(tb, ok)
		require.Equal(tb, d, sha256Of(b), "blob bytes match their digest")
		out.Blobs = append(out.Blobs, fmt.Sprintf("%s %d", d, len(b)))
	}

	ids := make([]string, 0, len(w.registries))
	for id := range w.registries {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		rd := registryDump{ID: id}
		var names []string
		var token *string
		for {
			page, err := w.DescribeRepositories(now, &ecr.DescribeRepositoriesInput{RegistryId: &id, MaxResults: ptr(int32(2)), NextToken: token})
			require.NoError(tb, err)
			rd.Repositories = append(rd.Repositories, page)
			for _, r := range page.Repositories {
				names = append(names, *r.RepositoryName)
			}
			if token = page.NextToken; token == nil {
				break
			}
		}
		for _, name := range names {
			repo := repoDump{Name: name}
			token = nil
			for {
				page, err := w.ListImages(now, &ecr.ListImagesInput{RegistryId: &id, RepositoryName: &name, MaxResults: ptr(int32(3)), NextToken: token})
				require.NoError(tb, err)
				repo.ListImages = append(repo.ListImages, page)
				if token = page.NextToken; token == nil {
					break
				}
			}
			for _, filter := range []*types.DescribeImagesFilter{nil, {TagStatus: types.TagStatusTagged}, {ImageStatus: types.ImageStatusFilterAny}} {
				token = nil
				for {
					page, err := w.DescribeImages(now, &ecr.DescribeImagesInput{RegistryId: &id, RepositoryName: &name, MaxResults: ptr(int32(4)), NextToken: token, Filter: filter})
					require.NoError(tb, err)
					switch {
					case filter == nil:
						repo.Images = append(repo.Images, page)
					case filter.ImageStatus != "":
						repo.AnyStatus = append(repo.AnyStatus, page)
					default:
						repo.Tagged = append(repo.Tagged, page)
					}
					if token = page.NextToken; token == nil {
						break
					}
				}
			}
			for chunk := range slices.Chunk(append(digests, "sha256:"+strings.Repeat("0", 64)), 100) {
				page, err := w.BatchCheckLayerAvailability(now, &ecr.BatchCheckLayerAvailabilityInput{RegistryId: &id, RepositoryName: &name, LayerDigests: chunk})
				require.NoError(tb, err)
				repo.Layers = append(repo.Layers, page)
			}
			tags, err := w.ListTagsForResource(now, &ecr.ListTagsForResourceInput{ResourceArn: repoArn(id, name)})
			require.NoError(tb, err)
			repo.Tags = tags
			if pol, err := w.GetRepositoryPolicy(now, &ecr.GetRepositoryPolicyInput{RegistryId: &id, RepositoryName: &name}); err != nil {
				repo.Policy = err.Error()
			} else {
				repo.Policy = pol
			}
			r := w.registries[id].repos[name]
			upIDs := make([]string, 0, len(r.uploads))
			for u := range r.uploads {
				upIDs = append(upIDs, u)
			}
			sort.Strings(upIDs)
			for _, u := range upIDs {
				up := r.uploads[u]
				repo.Uploads = append(repo.Uploads, uploadDump{
					ID: up.id, Len: int(up.data.size), Parts: up.parts,
					DataSHA: sha256Of(up.data.bytes()), RunningDigest: hex.EncodeToString(up.hash.Sum(nil)),
				})
			}
			rd.Repos = append(rd.Repos, repo)
		}
		out.Registries = append(out.Registries, rd)
	}
	b, err := json.MarshalIndent(out, "", " ")
	require.NoError(tb, err)
	return string(b)
}

// ---- tests -----------------------------------------------------------------

func TestCloneEmptyWorld(t *testing.T) {
	w := New(cloneTestConfig())
	c := w.Clone()
	require.NotSame(t, w, c)
	require.Equal(t, dumpWorld(t, w), dumpWorld(t, c))
	require.Equal(t, w.Config(), c.Config())
	f := &worldFixture{tb: t, w: c, now: cloneEpoch}
	f.createRepo("", "app", nil)
	require.Empty(t, w.registries, "a write to the clone creates nothing in the original")
}

// Clone names every field of the model. A field added to one of these types
// must be copied by Clone (deeply, if it holds a map, slice or pointer)
// before this list is brought up to date.
func TestCloneCoversEveryField(t *testing.T) {
	tests := []struct {
		typ    reflect.Type
		fields string
	}{
		{reflect.TypeFor[World](), "cfg registries blobs counters restores tokens"},
		{reflect.TypeFor[Config](), "AccountID Region Partition DNSSuffix Limits ImmutableRepushIsTagConflict ScanDuration EnhancedRescanDuration MaxBasicScansPerDay LegacyScanSummary RestoreDuration"},
		{reflect.TypeFor[counters](), "upload image token backfill"},
		{reflect.TypeFor[blob](), "data repos"},
		{reflect.TypeFor[registry](), "id repos names resource scanning scanLedger settings signing backfills pullThrough templates"},
		{reflect.TypeFor[pullThroughRule](), "prefix key upstreamURL upstream credentialARN customRoleARN upstreamPrefix createdAt updatedAt"},
		{reflect.TypeFor[creationTemplate](), "prefix key description encryption kmsKey resourceTags mutability exclusions repositoryPolicy lifecyclePolicy appliedFor customRoleARN createdAt updatedAt"},
		{reflect.TypeFor[resourceTag](), "key value"},
		{reflect.TypeFor[signingEpoch](), "since set rules"},
		{reflect.TypeFor[signingRule](), "profile filters"},
		{reflect.TypeFor[backfill](), "id seq dest startedAt work stoppedAt"},
		{reflect.TypeFor[backfillItem](), "repo digest tag"},
		{reflect.TypeFor[registrySettings](), "policy account replication exclusions"},
		{reflect.TypeFor[replicationEpoch](), "since rules"},
		{reflect.TypeFor[replicationRule](), "destinations filters"},
		{reflect.TypeFor[replicationDestination](), "region registryID"},
		{reflect.TypeFor[pullTimeExclusion](), "arn createdAt"},
		{reflect.TypeFor[repository](), "name registryID createdAt mutability exclusions scanOnPush encryption kmsKey resource policy images order tags layers uploads lifecycle"},
		{reflect.TypeFor[lifecycleState](), "hasPolicy policy policySetAt lastEvaluatedAt previews preview"},
		{reflect.TypeFor[lifecyclePreview](), "text startedAt doneAt done results"},
		{reflect.TypeFor[previewResult](), "digest tags pushedAt priority action storage"},
		{reflect.TypeFor[image](), "digest seq manifest mediaType artifactType subject tags pushedAt lastPull size blobs children parents scan arch replication"},
		{reflect.TypeFor[imageScan](), "kind skipped skipDesc frequency startedAt unsupported frozen lastBasic override"},
		{reflect.TypeFor[scanOutcome](), "basic enhanced setBasic setEnhanced failure"},
		{reflect.TypeFor[scanConfig](), "enhanced rules"},
		{reflect.TypeFor[scanRule](), "frequency filters"},
		{reflect.TypeFor[imageOrder](), "entries holes"},
		{reflect.TypeFor[orderEntry](), "seq img"},
		{reflect.TypeFor[layer](), "size mediaType refs inactiveRefs"},
		{reflect.TypeFor[archival](), "status archivedAt activatedAt restoreFrom restoreAt"},
		{reflect.TypeFor[pendingRestore](), "at registry repo name"},
		{reflect.TypeFor[upload](), "id data parts hash"},
	}
	for _, tt := range tests {
		var names []string
		for i := range tt.typ.NumField() {
			names = append(names, tt.typ.Field(i).Name)
		}
		require.Equal(t, tt.fields, strings.Join(names, " "), "fields of %v: update Clone, then this list", tt.typ)
	}
	for i := range reflect.TypeFor[Limits]().NumField() {
		require.LessOrEqual(t, reflect.TypeFor[Limits]().Field(i).Type.Kind(), reflect.Complex128, "Limits is copied by value")
	}
}

func TestCloneEqualsOriginal(t *testing.T) {
	f, _ := seedWorld(t)
	before := dumpWorld(t, f.w)
	c := f.w.Clone()
	require.Equal(t, before, dumpWorld(t, c))
	require.Equal(t, before, dumpWorld(t, f.w), "cloning leaves the original as it was")
	require.Equal(t, f.w.Stats(), c.Stats())
	require.Equal(t, f.w.Config(), c.Config())
	require.Equal(t, f.w.counters, c.counters)
	cc := c.Clone()
	require.Equal(t, before, dumpWorld(t, cc), "a clone of a clone equals the original")
}

// cloneMutation changes one world of a pair; s names what seedWorld built.
type cloneMutation struct {
	name string
	run  func(f *worldFixture, s seeded)
}

var cloneMutations = []cloneMutation{
	{"push a new image", func(f *worldFixture, s seeded) { f.pushImage("", "app", "v9", "nine") }},
	{"move a tag to another image", func(f *worldFixture, s seeded) { f.put("", "app", "latest", "", s.m1) }},
	{"add a tag in front of an image's tags", func(f *worldFixture, s seeded) { f.put("", "app", "aaa", "", s.m1) }},
	{"delete one of an image's tags", func(f *worldFixture, s seeded) { f.deleteImages("", "app", idTag("stable")) }},
	{"delete an untagged image by digest", func(f *worldFixture, s seeded) { f.deleteImages("", "app", idDigest(s.d3)) }},
	{"delete an index then its child", func(f *worldFixture, s seeded) {
		f.deleteImages("", "app", idTag("multi"))
		f.deleteImages("", "app", idDigest(s.d2))
	}},
	{"continue an open upload", func(f *worldFixture, s seeded) {
		f.sendParts("", "app", s.appUpload, int64(len(s.appPart)), []byte("more bytes"))
	}},
	{"complete an open upload", func(f *worldFixture, s seeded) {
		tail := []byte("the last part")
		f.sendParts("", "app", s.appUpload, int64(len(s.appPart)), tail)
		f.complete("", "app", s.appUpload, sha256Of(s.appPart, tail))
	}},
	{"fill an empty upload", func(f *worldFixture, s seeded) { f.sendParts("", "app", s.appEmptyUpload, 0, []byte("first")) }},
	{"delete a repository with force", func(f *worldFixture, s seeded) {
		_, err := f.w.DeleteRepository(f.tick(), &ecr.DeleteRepositoryInput{RepositoryName: strp("app"), Force: true})
		require.NoError(f.tb, err)
	}},
	{"untag a resource", func(f *worldFixture, s seeded) {
		_, err := f.w.UntagResource(f.tick(), &ecr.UntagResourceInput{ResourceArn: repoArn(acctOwn, "app"), TagKeys: []string{"team", "owner"}})
		require.NoError(f.tb, err)
	}},
	{"tag resources", func(f *worldFixture, s seeded) {
		_, err := f.w.TagResource(f.tick(), &ecr.TagResourceInput{ResourceArn: repoArn(acctOwn, "app"), Tags: []types.Tag{{Key: strp("team"), Value: strp("other")}, {Key: strp("new"), Value: strp("1")}}})
		require.NoError(f.tb, err)
		_, err = f.w.TagResource(f.tick(), &ecr.TagResourceInput{ResourceArn: repoArn(acctOther, "mirror"), Tags: []types.Tag{{Key: strp("origin"), Value: strp("changed")}}})
		require.NoError(f.tb, err)
	}},
	{"set and delete policies", func(f *worldFixture, s seeded) {
		_, err := f.w.DeleteRepositoryPolicy(f.tick(), &ecr.DeleteRepositoryPolicyInput{RepositoryName: strp("app")})
		require.NoError(f.tb, err)
		_, err = f.w.SetRepositoryPolicy(f.tick(), &ecr.SetRepositoryPolicyInput{RepositoryName: strp("lib/base"), PolicyText: strp(clonePolicy)})
		require.NoError(f.tb, err)
	}},
	{"change mutability and scanning", func(f *worldFixture, s seeded) {
		_, err := f.w.PutImageTagMutability(f.tick(), &ecr.PutImageTagMutabilityInput{RepositoryName: strp("app"), ImageTagMutability: types.ImageTagMutabilityImmutable})
		require.NoError(f.tb, err)
		_, err = f.w.PutImageTagMutability(f.tick(), &ecr.PutImageTagMutabilityInput{RepositoryName: strp("lib/base"), ImageTagMutability: types.ImageTagMutabilityMutable})
		require.NoError(f.tb, err)
		_, err = f.w.PutImageScanningConfiguration(f.tick(), &ecr.PutImageScanningConfigurationInput{RepositoryName: strp("app"), ImageScanningConfiguration: &types.ImageScanningConfiguration{}})
		require.NoError(f.tb, err)
	}},
	{"create repositories", func(f *worldFixture, s seeded) {
		f.createRepo("", "aaa-first", nil)
		f.createRepo(acctThird, "elsewhere", nil)
	}},
	{"pull an image", func(f *worldFixture, s seeded) {
		_, err := f.w.BatchGetImage(f.tick(), &ecr.BatchGetImageInput{RepositoryName: strp("app"), ImageIds: []types.ImageIdentifier{idTag("v2"), idTag("v1")}})
		require.NoError(f.tb, err)
	}},
	// In the original (14 holes of 40) this compacts the push order in place;
	// the clone's order has no holes and stays below the threshold.
	{"delete many images from a push order with holes", func(f *worldFixture, s seeded) {
		for _, tag := range s.holeLive[:21] {
			f.deleteImages("", "holes", idTag(tag))
		}
	}},
	{"issue ids", func(f *worldFixture, s seeded) {
		f.openUpload(acctOther, "mirror")
		_, err := f.w.GetAuthorizationToken(f.tick(), &ecr.GetAuthorizationTokenInput{})
		require.NoError(f.tb, err)
	}},
	{"push and upload in another registry", func(f *worldFixture, s seeded) {
		f.pushImage(acctOther, "mirror", "upstream", "mirror-2")
		f.sendParts(acctOther, "mirror", s.mirrorUpload, int64(len("mirror-part-1")), []byte("-2"))
	}},
	{"archive an image", func(f *worldFixture, s seeded) {
		m, err := f.w.DescribeImages(f.now, &ecr.DescribeImagesInput{RepositoryName: strp("lib/base"), ImageIds: []types.ImageIdentifier{idTag("dev-1")}})
		require.NoError(f.tb, err)
		f.storageClass("lib/base", *m.ImageDetails[0].ImageDigest, types.TargetStorageClassArchive, types.ImageStatusArchived)
	}},
	{"restore an archived image", func(f *worldFixture, s seeded) {
		f.storageClass("lib/base", s.archA, types.TargetStorageClassStandard, types.ImageStatusActivating)
	}},
	// Every restore begun so far, the seed's and any begun since, falls due.
	{"complete the pending restores", func(f *worldFixture, s seeded) {
		f.now = f.now.Add(f.w.cfg.RestoreDuration + time.Minute)
		require.True(f.tb, f.w.RestoresDue(f.now))
		f.w.CompleteDueRestores(f.now)
		require.Empty(f.tb, f.w.restores)
	}},
	{"re-push an archived image", func(f *worldFixture, s seeded) {
		require.Equal(f.tb, s.archB, f.put("", "lib/base", "arch-b", "", s.mArchB))
	}},
}

// mutateHeavily runs every mutation that the others leave room for, in one world.
func mutateHeavily(f *worldFixture, s seeded) {
	for _, m := range cloneMutations {
		switch m.name {
		case "continue an open upload", "delete a repository with force", "delete one of an image's tags":
			continue // run below, or conflicting with another mutation
		}
		m.run(f, s)
	}
	f.deleteImages("", "app", idTag("stable"))
	for _, m := range cloneMutations {
		if m.name == "delete a repository with force" {
			m.run(f, s)
		}
	}
	_, err := f.w.DeleteRepository(f.tick(), &ecr.DeleteRepositoryInput{RepositoryName: strp("holes"), Force: true})
	require.NoError(f.tb, err)
}

func TestCloneIsIndependent(t *testing.T) {
	all := append(slices.Clone(cloneMutations), cloneMutation{"everything", mutateHeavily})
	for _, m := range all {
		for _, target := range []string{"clone", "original"} {
			t.Run(m.name+"/in "+target, func(t *testing.T) {
				f, s := seedWorld(t)
				want := dumpWorld(t, f.w)
				c := f.w.Clone()
				require.Equal(t, want, dumpWorld(t, c))

				mutated, other := c, f.w
				if target == "original" {
					mutated, other = f.w, c
				}
				m.run(&worldFixture{tb: t, w: mutated, now: f.now}, s)
				require.NotEqual(t, want, dumpWorld(t, mutated), "the mutation changed its world")
				require.Equal(t, want, dumpWorld(t, other), "the other world is unchanged")
			})
		}
	}
}

// Mutating both worlds differently leaves each with exactly its own changes.
func TestCloneBothMutated(t *testing.T) {
	f, s := seedWorld(t)
	c := f.w.Clone()

	// Reference results: each sequence alone on a fresh seed.
	ref := func(m func(*worldFixture, seeded)) string {
		rf, rs := seedWorld(t)
		m(rf, rs)
		return dumpWorld(t, rf.w)
	}
	onOriginal := func(f *worldFixture, s seeded) { mutateHeavily(f, s) }
	onClone := func(f *worldFixture, s seeded) {
		for _, m := range cloneMutations {
			switch m.name {
			case "push a new image", "move a tag to another image", "delete one of an image's tags",
				"continue an open upload", "fill an empty upload", "pull an image", "issue ids":
				m.run(f, s)
			}
		}
	}
	now := f.now
	onOriginal(f, s)
	onClone(&worldFixture{tb: t, w: c, now: now}, s)
	require.Equal(t, ref(onOriginal), dumpWorld(t, f.w))
	require.Equal(t, ref(onClone), dumpWorld(t, c))
}

func TestCloneUploadContinuedInBoth(t *testing.T) {
	tests := []struct {
		name               string
		original, clone    [][]byte
		completeInOriginal bool
		completeInClone    bool
	}{
		{name: "same sizes, different bytes", original: [][]byte{[]byte("AAAA")}, clone: [][]byte{[]byte("BBBB")}, completeInOriginal: true, completeInClone: true},
		{name: "different sizes", original: [][]byte{[]byte("A")}, clone: [][]byte{bytes.Repeat([]byte("B"), 5000)}, completeInOriginal: true, completeInClone: true},
		{name: "only the clone continues", clone: [][]byte{[]byte("tail")}, completeInClone: true},
		{name: "only the original continues", original: [][]byte{[]byte("tail")}, completeInOriginal: true},
		{name: "same bytes in both", original: [][]byte{[]byte("same")}, clone: [][]byte{[]byte("same")}, completeInOriginal: true, completeInClone: true},
		{name: "left open in both", original: [][]byte{[]byte("x")}, clone: [][]byte{[]byte("yy")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, s := seedWorld(t)
			c := &worldFixture{tb: t, w: f.w.Clone(), now: f.now}
			origUp := f.w.registries[acctOwn].repos["app"].uploads[s.appUpload]
			cloneUp := c.w.registries[acctOwn].repos["app"].uploads[s.appUpload]
			require.Equal(t, origUp.data.size, cloneUp.data.size)
			require.Equal(t, len(origUp.data.pieces), cap(cloneUp.data.pieces), "the copy's list of parts is clipped")
			require.NotSame(t, &origUp.data.pieces[0], &cloneUp.data.pieces[0], "the lists are not shared")

			// Interleave the parts, so a shared buffer would be overwritten.
			first := int64(len(s.appPart))
			fo, fc := first, first
			for i := range max(len(tt.original), len(tt.clone)) {
				if i < len(tt.original) {
					f.sendParts("", "app", s.appUpload, fo, tt.original[i])
					fo += int64(len(tt.original[i]))
				}
				if i < len(tt.clone) {
					c.sendParts("", "app", s.appUpload, fc, tt.clone[i])
					fc += int64(len(tt.clone[i]))
				}
			}
			check := func(fx *worldFixture, parts [][]byte, completeIt bool) {
				t.Helper()
				want := append([][]byte{s.appPart}, parts...)
				digest := sha256Of(want...)
				if !completeIt {
					up := fx.w.registries[acctOwn].repos["app"].uploads[s.appUpload]
					require.Equal(t, bytes.Join(want, nil), up.data.bytes())
					require.Equal(t, digest, "sha256:"+hex.EncodeToString(up.hash.Sum(nil)))
					return
				}
				fx.complete("", "app", s.appUpload, digest)
				b, ok := fx.w.Blob(digest)
				require.True(t, ok)
				require.Equal(t, bytes.Join(want, nil), b)
			}
			check(f, tt.original, tt.completeInOriginal)
			check(c, tt.clone, tt.completeInClone)
		})
	}
}

func TestCloneIssuesTheSameIDs(t *testing.T) {
	issue := func(f *worldFixture) string {
		t := f.tb
		var got []any
		for _, repo := range []string{"app", "empty"} {
			up, err := f.w.InitiateLayerUpload(f.tick(), &ecr.InitiateLayerUploadInput{RepositoryName: strp(repo)})
			require.NoError(t, err)
			got = append(got, up)
		}
		up, err := f.w.InitiateLayerUpload(f.tick(), &ecr.InitiateLayerUploadInput{RegistryId: strp(acctOther), RepositoryName: strp("mirror")})
		require.NoError(t, err)
		got = append(got, up)
		tok, err := f.w.GetAuthorizationToken(f.tick(), &ecr.GetAuthorizationTokenInput{RegistryIds: []string{acctOwn, acctOther}})
		require.NoError(t, err)
		got = append(got, tok)
		f.pushImage("", "empty", "first", "ids")
		f.pushImage("", "empty", "", "ids-untagged")
		got = append(got, dumpWorld(t, f.w))
		b, err := json.Marshal(got)
		require.NoError(t, err)
		return string(b)
	}
	tests := []struct {
		name  string
		order func(orig, clone func() string) (string, string)
	}{
		{"original first", func(o, c func() string) (string, string) { a := o(); return a, c() }},
		{"clone first", func(o, c func() string) (string, string) { b := c(); return o(), b }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _ := seedWorld(t)
			c := &worldFixture{tb: t, w: f.w.Clone(), now: f.now}
			before := f.w.counters
			a, b := tt.order(func() string { return issue(f) }, func() string { return issue(c) })
			require.Equal(t, a, b, "ids issued after cloning repeat")
			require.Greater(t, f.w.counters.upload, before.upload)
			require.Greater(t, f.w.counters.token, before.token)
			require.Equal(t, f.w.counters, c.w.counters)
		})
	}

	t.Run("restore twice from one snapshot", func(t *testing.T) {
		f, _ := seedWorld(t)
		snap := f.w.Clone()
		r1 := &worldFixture{tb: t, w: snap.Clone(), now: f.now}
		r2 := &worldFixture{tb: t, w: snap.Clone(), now: f.now}
		require.Equal(t, issue(r1), issue(r2))
	})
}

func TestCloneCompactsPushOrder(t *testing.T) {
	f, s := seedWorld(t)
	c := f.w.Clone()
	orig := f.w.registries[acctOwn].repos["holes"].order
	cl := c.registries[acctOwn].repos["holes"].order
	require.Zero(t, cl.holes)
	require.Len(t, cl.entries, 40-14)
	var live []uint64
	for _, e := range orig.entries {
		if e.img != nil {
			live = append(live, e.seq)
		}
	}
	var got []uint64
	for _, e := range cl.entries {
		require.NotNil(t, e.img)
		require.Equal(t, e.seq, e.img.seq)
		require.Same(t, e.img, c.registries[acctOwn].repos["holes"].images[e.img.digest], "entries point at the cloned images")
		got = append(got, e.seq)
	}
	require.Equal(t, live, got)

	// A page token the original issued resumes the same way in the clone.
	page, err := f.w.ListImages(cloneEpoch, &ecr.ListImagesInput{RepositoryName: strp("holes"), MaxResults: ptr(int32(5))})
	require.NoError(t, err)
	next := &ecr.ListImagesInput{RepositoryName: strp("holes"), MaxResults: ptr(int32(5)), NextToken: page.NextToken}
	a, err := f.w.ListImages(cloneEpoch, next)
	require.NoError(t, err)
	b, err := c.ListImages(cloneEpoch, next)
	require.NoError(t, err)
	require.Equal(t, a, b)
	dpage, err := f.w.DescribeImages(cloneEpoch, &ecr.DescribeImagesInput{RepositoryName: strp("holes"), MaxResults: ptr(int32(7))})
	require.NoError(t, err)
	dnext := &ecr.DescribeImagesInput{RepositoryName: strp("holes"), MaxResults: ptr(int32(7)), NextToken: dpage.NextToken}
	da, err := f.w.DescribeImages(cloneEpoch, dnext)
	require.NoError(t, err)
	db, err := c.DescribeImages(cloneEpoch, dnext)
	require.NoError(t, err)
	require.Equal(t, da, db)

	// Deleting after the clone still finds the images in the compacted order.
	cf := &worldFixture{tb: t, w: c, now: f.now}
	for _, tag := range []string{"h01", "h38", "h20"} {
		cf.deleteImages("", "holes", idTag(tag))
	}
	require.Equal(t, 3, c.registries[acctOwn].repos["holes"].order.holes)
	require.Equal(t, 14, f.w.registries[acctOwn].repos["holes"].order.holes)

	// Compacting the original's order in place leaves the clone's alone.
	want := dumpWorld(t, c)
	for _, tag := range s.holeLive[:21] {
		f.deleteImages("", "holes", idTag(tag))
	}
	require.Equal(t, 2, f.w.registries[acctOwn].repos["holes"].order.holes, "the original compacted")
	require.Equal(t, want, dumpWorld(t, c))
}

// A state that breaks the invariants Clone's fast path relies on is still
// copied faithfully.
func TestCloneBrokenInvariants(t *testing.T) {
	tests := []struct {
		name    string
		corrupt func(repo *repository)
	}{
		{"image missing from the push order", func(repo *repository) {
			for i, e := range repo.order.entries {
				if e.img != nil && slices.Contains(e.img.tags, "v2") {
					repo.order.entries[i].img = nil
					repo.order.holes++
				}
			}
		}},
		{"tag listed on an image but missing from the tag map", func(repo *repository) {
			delete(repo.tags, "v1")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _ := seedWorld(t)
			repo := f.w.registries[acctOwn].repos["app"]
			tt.corrupt(repo)
			c := f.w.Clone()
			crepo := c.registries[acctOwn].repos["app"]
			require.Len(t, crepo.images, len(repo.images))
			require.Len(t, crepo.tags, len(repo.tags))
			for d, img := range repo.images {
				require.NotSame(t, img, crepo.images[d])
				require.Equal(t, img.digest, crepo.images[d].digest)
			}
			for tag, img := range repo.tags {
				require.Same(t, crepo.images[img.digest], crepo.tags[tag], "tag %s re-wired to the cloned image", tag)
			}
			requireNoSharedMemory(t, f.w, c)
		})
	}
}

// Clone only reads: one world may be cloned from several goroutines at once
// (the race detector checks this), as concurrent Restores of one snapshot do.
func TestCloneConcurrently(t *testing.T) {
	f, _ := seedWorld(t)
	want := dumpWorld(t, f.w)
	clones := make([]*World, 4)
	var wg sync.WaitGroup
	for i := range clones {
		wg.Go(func() { clones[i] = f.w.Clone() })
	}
	wg.Wait()
	for _, c := range clones {
		require.Equal(t, want, dumpWorld(t, c))
	}
}

func TestCloneSharesNoMutableMemory(t *testing.T) {
	f, s := seedWorld(t)
	c := f.w.Clone()
	requireNoSharedMemory(t, f.w, c)
	mutateHeavily(&worldFixture{tb: t, w: c, now: f.now}, s)
	requireNoSharedMemory(t, f.w, c)
}

func TestCloneHash(t *testing.T) {
	tests := []struct {
		name string
		h    hash.Hash
	}{
		{"hash.Cloner", sha256.New()},
		{"BinaryMarshaler only", marshalOnly{sha256.New()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.h.Write([]byte("shared prefix "))
			c := cloneHash(tt.h)
			tt.h.Write([]byte("original"))
			c.Write([]byte("clone"))
			require.Equal(t, sha256Of([]byte("shared prefix original")), "sha256:"+hex.EncodeToString(tt.h.Sum(nil)))
			require.Equal(t, sha256Of([]byte("shared prefix clone")), "sha256:"+hex.EncodeToString(c.Sum(nil)))
		})
	}
	require.Nil(t, cloneHash(nil))
	require.Panics(t, func() { cloneHash(opaqueHash{sha256.New()}) })
}

// marshalOnly hides hash.Cloner, leaving the BinaryMarshaler route.
type marshalOnly struct{ h hash.Hash }

func (m marshalOnly) Write(p []byte) (int, error) { return m.h.Write(p) }
func (m marshalOnly) Sum(b []byte) []byte         { return m.h.Sum(b) }
func (m marshalOnly) Reset()                      { m.h.Reset() }
func (m marshalOnly) Size() int                   { return m.h.Size() }
func (m marshalOnly) BlockSize() int              { return m.h.BlockSize() }
func (m marshalOnly) MarshalBinary() ([]byte, error) {
	return m.h.(encoding.BinaryMarshaler).MarshalBinary()
}

// opaqueHash can be neither cloned nor marshalled.
type opaqueHash struct{ hash.Hash }

// ---- shared memory ---------------------------------------------------------

// The detector itself finds memory shared in each way a faulty Clone could share it.
func TestNoSharedMemoryDetector(t *testing.T) {
	app := func(w *World) *repository { return w.registries[acctOwn].repos["app"] }
	tests := []struct {
		name  string
		share func(orig, c *World, s seeded)
	}{
		{"nothing shared", func(orig, c *World, s seeded) {}},
		{"registry map", func(orig, c *World, s seeded) { c.registries = orig.registries }},
		{"blob struct", func(orig, c *World, s seeded) {
			for d, b := range orig.blobs {
				c.blobs[d] = b
				break
			}
		}},
		{"upload buffer", func(orig, c *World, s seeded) {
			app(c).uploads[s.appUpload].data = app(orig).uploads[s.appUpload].data // the list of parts, with spare capacity
		}},
		{"running digest", func(orig, c *World, s seeded) {
			app(c).uploads[s.appUpload].hash = app(orig).uploads[s.appUpload].hash
		}},
		{"tail of a tag slice", func(orig, c *World, s seeded) {
			app(c).images[s.d1].tags = app(orig).images[s.d1].tags[1:]
		}},
		{"image through the tag map", func(orig, c *World, s seeded) { app(c).tags["v1"] = app(orig).tags["v1"] }},
		{"image through the push order", func(orig, c *World, s seeded) {
			app(c).order.entries[0].img = app(orig).order.entries[0].img
		}},
		{"resource tags", func(orig, c *World, s seeded) { app(c).resource = app(orig).resource }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, s := seedWorld(t)
			c := f.w.Clone()
			tt.share(f.w, c, s)
			rec := &fatalRecorder{}
			requireNoSharedMemory(rec, f.w, c)
			require.Equal(t, tt.name != "nothing shared", rec.failed, rec.msg)
		})
	}
}

type fatalRecorder struct {
	testing.TB
	failed bool
	msg    string
}

func (r *fatalRecorder) Helper() {}
func (r *fatalRecorder) Fatalf(format string, args ...any) {
	r.failed, r.msg = true, fmt.Sprintf(format, args...)
}

// memSpan is a range of memory reachable from a world.
type memSpan struct {
	lo, hi uintptr
	world  int
	path   string
}

// requireNoSharedMemory walks everything reachable from a and b (through
// pointers, slices, maps and interfaces, into unexported fields) and fails if
// any memory is reachable from both, except blob bytes and the bytes of an
// upload's parts, which Clone shares by design. Strings are immutable and not counted.
func requireNoSharedMemory(tb testing.TB, a, b *World) {
	tb.Helper()
	var spans []memSpan
	for i, w := range []*World{a, b} {
		walkMemory(reflect.ValueOf(w), "world", i, &spans, map[uintptr]bool{})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].lo < spans[j].lo })
	var reach [2]memSpan // the span reaching furthest so far, per world
	for _, s := range spans {
		o := reach[1-s.world]
		if o.hi > s.lo {
			tb.Fatalf("memory shared between the worlds: %s (world %d) and %s (world %d)", s.path, s.world, o.path, o.world)
		}
		if s.hi > reach[s.world].hi {
			reach[s.world] = s
		}
	}
}

var blobRType = reflect.TypeFor[blob]()

var segmentsRType = reflect.TypeFor[segments]()

var timeRType = reflect.TypeFor[time.Time]()

func walkMemory(v reflect.Value, path string, world int, out *[]memSpan, seen map[uintptr]bool) {
	if v.Type() == timeRType {
		return // a value; its *Location is immutable and shared by design
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || v.Type().Elem().Size() == 0 {
			return
		}
		p := v.Pointer()
		if seen[p] {
			return
		}
		seen[p] = true
		*out = append(*out, memSpan{p, p + v.Type().Elem().Size(), world, path})
		walkMemory(v.Elem(), path, world, out, seen)
	case reflect.Struct:
		if v.Type() == segmentsRType {
			// An upload's parts are shared by design (never written after
			// they are added); its list of them must not be.
			pieces := v.FieldByName("pieces")
			if !pieces.IsNil() && pieces.Cap() > 0 {
				p := pieces.Pointer()
				*out = append(*out, memSpan{p, p + uintptr(pieces.Cap())*pieces.Type().Elem().Size(), world, path + ".pieces"})
			}
			return
		}
		for i := range v.NumField() {
			if v.Type() == blobRType && v.Type().Field(i).Name == "data" {
				continue // shared by design
			}
			walkMemory(v.Field(i), path+"."+v.Type().Field(i).Name, world, out, seen)
		}
	case reflect.Slice:
		if v.IsNil() || v.Cap() == 0 || v.Type().Elem().Size() == 0 {
			return
		}
		p := v.Pointer()
		*out = append(*out, memSpan{p, p + uintptr(v.Cap())*v.Type().Elem().Size(), world, path})
		if k := v.Type().Elem().Kind(); k <= reflect.Complex128 || k == reflect.String {
			return // elements hold no references
		}
		for i := range v.Len() {
			walkMemory(v.Index(i), fmt.Sprintf("%s[%d]", path, i), world, out, seen)
		}
	case reflect.Array:
		for i := range v.Len() {
			walkMemory(v.Index(i), fmt.Sprintf("%s[%d]", path, i), world, out, seen)
		}
	case reflect.Map:
		if v.IsNil() {
			return
		}
		p := v.Pointer()
		if seen[p] {
			return
		}
		seen[p] = true
		*out = append(*out, memSpan{p, p + 1, world, path})
		it := v.MapRange()
		for it.Next() {
			walkMemory(it.Value(), fmt.Sprintf("%s[%v]", path, it.Key()), world, out, seen)
		}
	case reflect.Interface:
		if !v.IsNil() {
			walkMemory(v.Elem(), path, world, out, seen)
		}
	}
}

// ---- benchmark -------------------------------------------------------------

// benchWorld holds n images over 10 repositories: OCI manifests over three
// shared layers, told apart by an annotation; most with one tag, every fifth
// with two, every seventh untagged; one open upload per repository.
func benchWorld(tb testing.TB, n int) *World {
	f := &worldFixture{tb: tb, w: New(cloneTestConfig()), now: cloneEpoch}
	const repos = 10
	for r := range repos {
		name := fmt.Sprintf("repo-%d", r)
		f.createRepo("", name, nil)
		cfg, l1, l2 := []byte("config-"+name), []byte("layer-1-"+name), []byte("layer-2-"+name)
		for _, b := range [][]byte{cfg, l1, l2} {
			f.uploadBlob("", name, b)
		}
		base := imageManifestJSON(mediaOCIManifest, cfg, l1, l2)
		for i := range n / repos {
			m := strings.TrimSuffix(base, "}") + fmt.Sprintf(`,"annotations":{"n":"%d"}}`, i)
			tag := fmt.Sprintf("t%d", i)
			if i%7 == 0 {
				tag = ""
			}
			f.put("", name, tag, "", m)
			if i%5 == 0 {
				f.put("", name, fmt.Sprintf("t%d-alt", i), "", m)
			}
		}
		f.openUpload("", name, []byte("partial-"+name))
	}
	require.Equal(tb, n, f.w.Stats().Images)
	return f.w
}

func BenchmarkClone(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("images=%d", n), func(b *testing.B) {
			w := benchWorld(b, n)
			b.ReportAllocs()
			var c *World
			for b.Loop() {
				c = w.Clone()
			}
			_ = c
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/image")
		})
	}
}
