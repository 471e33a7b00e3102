package state

import (
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	reg "github.com/ecrfake/go-ecrfake/internal/registry"
)

// registryWorld is a world with small part limits (4-byte minimum part,
// 64-byte layers), an "app" repository holding a tagged image, and an
// empty "other" repository.
func registryWorld(t *testing.T) (*worldFixture, string, string) {
	cfg := cloneTestConfig()
	cfg.Limits.MinLayerPartSize = 4
	cfg.Limits.MaxLayerSize = 64
	f := &worldFixture{tb: t, w: New(cfg), now: cloneEpoch}
	f.createRepo("", "app", nil)
	f.createRepo("", "other", nil)
	m, d := f.pushImage("", "app", "v1", "one")
	return f, m, d
}

// chunk stages, fills and commits one chunk, as the face does.
func chunk(w *World, repo, id string, first, last int64, data []byte) (int64, error) {
	p, err := w.StageChunk(acctOwn, repo, id, first)
	if err != nil {
		return 0, err
	}
	if int64(len(data)) > w.Room(p) {
		return 0, w.LayerTooLarge()
	}
	p.Add(data)
	return w.CommitChunk(acctOwn, repo, id, p, last)
}

func complete(w *World, repo, id string, data []byte, digest string) error {
	p, err := w.StageFinal(acctOwn, repo, id, -1)
	if err != nil {
		return err
	}
	p.Add(data)
	return w.CompleteUpload(acctOwn, repo, id, p, digest)
}

// regErr asserts that err is the registry error (status, code).
func regErr(t *testing.T, err error, status int, code string) {
	t.Helper()
	e := reg.FromAPIError(err)
	require.NotNil(t, e, "want %d %s, got no error", status, code)
	assert.Equal(t, status, e.Status, e.Error())
	assert.Equal(t, code, e.Code, e.Error())
}

// Every registry transition that fails leaves the world as it was.
func TestRegistryTransitionFailuresChangeNothing(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(f *worldFixture) string // returns an upload id
		act    func(w *World, id string) error
		status int
		code   string
	}{
		{"chunk at the wrong offset", openOne("abcd"), func(w *World, id string) error {
			_, err := chunk(w, "app", id, 7, 10, []byte("efgh"))
			return err
		}, http.StatusRequestedRangeNotSatisfiable, reg.CodeBlobUploadInvalid},
		{"chunk after a short chunk", openOne("ab"), func(w *World, id string) error {
			_, err := chunk(w, "app", id, -1, -1, []byte("cdef"))
			return err
		}, http.StatusBadRequest, reg.CodeBlobUploadInvalid},
		{"Content-Range longer than the body", openOne(), func(w *World, id string) error {
			_, err := chunk(w, "app", id, 0, 9, []byte("abcd"))
			return err
		}, http.StatusBadRequest, reg.CodeBlobUploadInvalid},
		{"layer over the size limit", openOne("0123456789"), func(w *World, id string) error {
			_, err := chunk(w, "app", id, -1, -1, make([]byte, 60))
			return err
		}, http.StatusForbidden, reg.CodeDenied},
		{"unknown upload", openOne(), func(w *World, _ string) error {
			_, err := chunk(w, "app", "00000000-0000-4001-8000-0000000000ff", -1, -1, []byte("abcd"))
			return err
		}, http.StatusNotFound, reg.CodeBlobUploadUnknown},
		{"upload of another repository", openOne(), func(w *World, id string) error {
			_, err := chunk(w, "other", id, -1, -1, []byte("abcd"))
			return err
		}, http.StatusNotFound, reg.CodeBlobUploadUnknown},
		{"complete with the wrong digest", openOne("abcd"), func(w *World, id string) error {
			return complete(w, "app", id, []byte("ef"), sha256Of([]byte("abcd")))
		}, http.StatusBadRequest, reg.CodeBlobUploadInvalid},
		{"complete an empty upload", openOne(), func(w *World, id string) error {
			return complete(w, "app", id, nil, sha256Of(nil))
		}, http.StatusBadRequest, reg.CodeBlobUploadInvalid},
		{"complete after a short chunk", openOne("ab"), func(w *World, id string) error {
			return complete(w, "app", id, []byte("cd"), sha256Of([]byte("abcd")))
		}, http.StatusBadRequest, reg.CodeBlobUploadInvalid},
		{"monolithic with the wrong digest", openOne(), func(w *World, _ string) error {
			p := NewBlobPart()
			p.Add([]byte("blob"))
			return w.PutBlob(acctOwn, "app", sha256Of([]byte("other")), p)
		}, http.StatusBadRequest, reg.CodeBlobUploadInvalid},
		{"monolithic to a missing repository", openOne(), func(w *World, _ string) error {
			p := NewBlobPart()
			p.Add([]byte("blob"))
			return w.PutBlob(acctOwn, "missing", sha256Of([]byte("blob")), p)
		}, http.StatusNotFound, reg.CodeNameUnknown},
		{"manifest with an unsupported Content-Type", openOne(), func(w *World, _ string) error {
			_, err := w.PutManifest(cloneEpoch, acctOwn, "app", "v2", "text/plain", "{}", sha256Of([]byte("{}")))
			return err
		}, http.StatusBadRequest, reg.CodeUnsupported},
		{"manifest that is not JSON", openOne(), func(w *World, _ string) error {
			_, err := w.PutManifest(cloneEpoch, acctOwn, "app", "v2", "", "nope", sha256Of([]byte("nope")))
			return err
		}, http.StatusMethodNotAllowed, reg.CodeUnsupported},
		{"manifest naming a missing layer", openOne(), func(w *World, _ string) error {
			m := imageManifestJSON(mediaDockerV2, []byte("cfg-missing"), []byte("layer-missing"))
			_, err := w.PutManifest(cloneEpoch, acctOwn, "app", "v2", mediaDockerV2, m, sha256Of([]byte(m)))
			return err
		}, http.StatusNotFound, reg.CodeBlobUnknown},
		{"manifest by the wrong digest", openOne(), func(w *World, _ string) error {
			m := imageManifestJSON(mediaDockerV2, []byte(`{"architecture":"amd64","os":"linux","seed":"one"}`), []byte("layer-of-one"))
			_, err := w.PutManifest(cloneEpoch, acctOwn, "app", sha256Of([]byte("x")), mediaDockerV2, m, sha256Of([]byte(m)))
			return err
		}, http.StatusBadRequest, reg.CodeDigestInvalid},
		{"delete an unknown digest", openOne(), func(w *World, _ string) error {
			return w.DeleteManifest(cloneEpoch, acctOwn, "app", sha256Of([]byte("x")))
		}, http.StatusNotFound, reg.CodeManifestUnknown},
		{"tags with a token the fake did not issue", openOne(), func(w *World, _ string) error {
			_, err := w.ListTags(acctOwn, "app", 0, "garbage")
			return err
		}, http.StatusMethodNotAllowed, reg.CodeUnsupported},
		{"cancel an unknown upload", openOne(), func(w *World, _ string) error {
			return w.CancelUpload(acctOwn, "app", "00000000-0000-4001-8000-0000000000ff")
		}, http.StatusNotFound, reg.CodeBlobUploadUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, _ := registryWorld(t)
			id := tt.setup(f)
			before := dumpWorld(t, f.w)
			regErr(t, tt.act(f.w, id), tt.status, tt.code)
			assert.Equal(t, before, dumpWorld(t, f.w), "a failed request changes nothing")
		})
	}
}

// openOne opens an upload of "app" holding the given chunks.
func openOne(chunks ...string) func(f *worldFixture) string {
	return func(f *worldFixture) string {
		f.tb.Helper()
		id, err := f.w.StartUpload(f.tick(), acctOwn, "app")
		require.NoError(f.tb, err)
		for _, c := range chunks {
			_, err := chunk(f.w, "app", id, -1, -1, []byte(c))
			require.NoError(f.tb, err)
		}
		return id
	}
}

// A chunked upload lands as the layer the API sees, and shares the API's
// session: parts sent with UploadLayerPart continue over PATCH.
func TestRegistryChunkedUploadIsAnAPIUpload(t *testing.T) {
	f, _, _ := registryWorld(t)
	up, err := f.w.InitiateLayerUpload(f.tick(), &ecr.InitiateLayerUploadInput{RepositoryName: strp("app")})
	require.NoError(t, err)
	id := *up.UploadId
	_, err = f.w.UploadLayerPart(f.tick(), &ecr.UploadLayerPartInput{RepositoryName: strp("app"), UploadId: &id,
		PartFirstByte: ptr(int64(0)), PartLastByte: ptr(int64(4)), LayerPartBlob: []byte("hello")})
	require.NoError(t, err)
	size, err := chunk(f.w, "app", id, 5, 10, []byte(" world"))
	require.NoError(t, err)
	assert.EqualValues(t, 11, size)
	st, err := f.w.UploadStatus(acctOwn, "app", id)
	require.NoError(t, err)
	assert.EqualValues(t, 11, st)
	data := []byte("hello world!")
	require.NoError(t, complete(f.w, "app", id, []byte("!"), sha256Of(data)))

	out, err := f.w.BatchCheckLayerAvailability(f.tick(), &ecr.BatchCheckLayerAvailabilityInput{RepositoryName: strp("app"), LayerDigests: []string{sha256Of(data)}})
	require.NoError(t, err)
	assert.Equal(t, types.LayerAvailabilityAvailable, out.Layers[0].LayerAvailability)
	n, err := f.w.StatBlob(acctOwn, "app", sha256Of(data))
	require.NoError(t, err)
	assert.EqualValues(t, len(data), n)
	_, err = f.w.UploadStatus(acctOwn, "app", id)
	regErr(t, err, http.StatusNotFound, reg.CodeBlobUploadUnknown)
	b, ok := f.w.Blob(sha256Of(data))
	require.True(t, ok)
	assert.Equal(t, data, b)
}

// Re-uploading a blob the repository holds is a success; a monolithic
// upload opens no session.
func TestRegistryBlobRepush(t *testing.T) {
	f, _, _ := registryWorld(t)
	data := []byte("layer-of-one")
	id := openOne(string(data))(f)
	require.NoError(t, complete(f.w, "app", id, nil, sha256Of(data)))
	p := NewBlobPart()
	p.Add(data)
	require.NoError(t, f.w.PutBlob(acctOwn, "app", sha256Of(data), p))
	assert.Zero(t, f.w.Stats().Uploads)
}

// Mount follows ECR's rules: BLOB_MOUNTING ENABLED, same registry, a blob
// an image of the source references; otherwise no mount.
func TestRegistryMount(t *testing.T) {
	layerOne := sha256Of([]byte("layer-of-one"))
	tests := []struct {
		name     string
		enable   bool
		from     string
		digest   string
		prepare  func(f *worldFixture)
		wantDone bool
	}{
		{name: "setting off", from: "app", digest: layerOne},
		{name: "referenced blob", enable: true, from: "app", digest: layerOne, wantDone: true},
		{name: "unreferenced blob", enable: true, from: "app", digest: sha256Of([]byte("orphan")), prepare: func(f *worldFixture) {
			f.uploadBlob("", "app", []byte("orphan"))
		}},
		{name: "missing source", enable: true, from: "nope", digest: layerOne},
		{name: "same repository", enable: true, from: "other", digest: layerOne},
		{name: "different encryption", enable: true, from: "app", digest: layerOne, prepare: func(f *worldFixture) {
			f.w.registries[acctOwn].repos["other"].encryption = types.EncryptionTypeKms
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, _ := registryWorld(t)
			if tt.enable {
				_, err := f.w.PutAccountSetting(f.tick(), &ecr.PutAccountSettingInput{Name: strp("BLOB_MOUNTING"), Value: strp("ENABLED")})
				require.NoError(t, err)
			}
			if tt.prepare != nil {
				tt.prepare(f)
			}
			before := dumpWorld(t, f.w)
			done, err := f.w.MountBlob(acctOwn, "other", tt.from, tt.digest)
			require.NoError(t, err)
			assert.Equal(t, tt.wantDone, done)
			_, serr := f.w.StatBlob(acctOwn, "other", tt.digest)
			if tt.wantDone {
				require.NoError(t, serr)
			} else {
				regErr(t, serr, http.StatusNotFound, reg.CodeBlobUnknown)
				assert.Equal(t, before, dumpWorld(t, f.w))
			}
		})
	}
}

// Manifests: PUT is PutImage, GET is BatchGetImage with Accept, DELETE is
// BatchDeleteImage; tags list in push order with opaque paging.
func TestRegistryManifests(t *testing.T) {
	f, m, d := registryWorld(t)

	// Re-putting the same manifest under the same tag is a success.
	put, err := f.w.PutManifest(f.tick(), acctOwn, "app", "v1", mediaDockerV2, m, d)
	require.NoError(t, err)
	assert.Equal(t, d, put.Digest)
	// A new tag for it, by tag.
	_, err = f.w.PutManifest(f.tick(), acctOwn, "app", "latest", "", m, d)
	require.NoError(t, err)

	tests := []struct {
		name, ref string
		accept    []string
		status    int
	}{
		{"by tag, no Accept", "v1", nil, 0},
		{"by digest", d, nil, 0},
		{"Accept names the stored type", "latest", []string{mediaOCIManifest, mediaDockerV2}, 0},
		{"*/*", "v1", []string{"*/*"}, 0},
		{"no conversion", "v1", []string{mediaOCIManifest}, http.StatusNotFound},
		{"unknown tag", "nope", nil, http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := f.w.GetManifest(f.tick(), acctOwn, "app", tt.ref, tt.accept, true)
			if tt.status != 0 {
				regErr(t, err, tt.status, reg.CodeManifestUnknown)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, m, got.Body)
			assert.Equal(t, d, got.Digest)
			assert.Equal(t, mediaDockerV2, got.MediaType)
		})
	}
	desc, err := f.w.DescribeImages(f.tick(), &ecr.DescribeImagesInput{RepositoryName: strp("app")})
	require.NoError(t, err)
	assert.NotNil(t, desc.ImageDetails[0].LastRecordedPullTime)
	assert.Equal(t, []string{"latest", "v1"}, desc.ImageDetails[0].ImageTags)

	page, err := f.w.ListTags(acctOwn, "app", 1, "")
	require.NoError(t, err)
	require.Len(t, page.Tags, 1)
	require.NotEmpty(t, page.Next)
	page2, err := f.w.ListTags(acctOwn, "app", 1, page.Next)
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"latest", "v1"}, append(page.Tags, page2.Tags...))
	assert.Empty(t, page2.Next)

	names, more := f.w.Catalog(acctOwn, 1, "")
	assert.Equal(t, []string{"app"}, names)
	assert.True(t, more)
	names, more = f.w.Catalog(acctOwn, 0, "app")
	assert.Equal(t, []string{"other"}, names)
	assert.False(t, more)

	require.NoError(t, f.w.DeleteManifest(f.tick(), acctOwn, "app", d))
	_, err = f.w.GetManifest(f.tick(), acctOwn, "app", "v1", nil, false)
	regErr(t, err, http.StatusNotFound, reg.CodeManifestUnknown)
}

// An immutable tag answers TAG_INVALID with ECR's current text; an
// exclusion filter exempts its tags.
func TestRegistryImmutableTags(t *testing.T) {
	f, _, _ := registryWorld(t)
	f.createRepo("", "locked", func(in *ecr.CreateRepositoryInput) {
		in.ImageTagMutability = types.ImageTagMutabilityImmutableWithExclusion
		in.ImageTagMutabilityExclusionFilters = []types.ImageTagMutabilityExclusionFilter{{FilterType: types.ImageTagMutabilityExclusionFilterTypeWildcard, Filter: strp("dev-*")}}
	})
	m1, _ := f.pushImage("", "locked", "v1", "a")
	m2, _ := f.pushImage("", "locked", "dev-1", "b")
	_, err := f.w.PutManifest(f.tick(), acctOwn, "locked", "v1", "", m2, sha256Of([]byte(m2)))
	e := reg.FromAPIError(err)
	require.NotNil(t, e)
	assert.Equal(t, http.StatusBadRequest, e.Status)
	assert.Equal(t, "TAG_INVALID", e.Code)
	assert.Equal(t, "The image tag 'v1' already exists in the 'locked' repository and cannot be overwritten because the tag is immutable.", e.Message)
	_, err = f.w.PutManifest(f.tick(), acctOwn, "locked", "dev-1", "", m1, sha256Of([]byte(m1)))
	require.NoError(t, err, "dev-* is excluded from immutability")
}

// Archived images answer pulls 404; a blob only archived images use is not
// served.
func TestRegistryArchivedImage(t *testing.T) {
	f, _, d := registryWorld(t)
	f.storageClass("app", d, types.TargetStorageClassArchive, types.ImageStatusArchived)
	_, err := f.w.GetManifest(f.tick(), acctOwn, "app", "v1", nil, true)
	regErr(t, err, http.StatusNotFound, reg.CodeManifestUnknown)
	_, err = f.w.OpenBlob(acctOwn, "app", sha256Of([]byte("layer-of-one")))
	require.Error(t, err)
	_, err = f.w.StatBlob(acctOwn, "app", sha256Of([]byte("layer-of-one")))
	regErr(t, err, http.StatusNotFound, reg.CodeBlobUnknown)
}

// Tokens say which registry minted them; CheckToken verifies them on the
// clock.
func TestCheckToken(t *testing.T) {
	f, _, _ := registryWorld(t)
	out, err := f.w.GetAuthorizationToken(f.now, &ecr.GetAuthorizationTokenInput{})
	require.NoError(t, err)
	_, password, ok := reg.DecodeBasicToken(*out.AuthorizationData[0].AuthorizationToken)
	require.True(t, ok)
	acct, region, ok := TokenIssuer(password)
	require.True(t, ok)
	assert.Equal(t, acctOwn, acct)
	assert.Equal(t, "us-east-1", region)

	otherCfg := cloneTestConfig()
	otherCfg.Region = "eu-west-1"
	other := New(otherCfg)
	oout, err := other.GetAuthorizationToken(f.now, &ecr.GetAuthorizationTokenInput{})
	require.NoError(t, err)
	_, otherPassword, _ := reg.DecodeBasicToken(*oout.AuthorizationData[0].AuthorizationToken)

	tests := []struct {
		name     string
		password string
		status   int
		code     string
	}{
		{"valid", password, 0, ""},
		{"unknown", "not-a-token", http.StatusUnauthorized, ""},
		{"another region's", otherPassword, http.StatusForbidden, reg.CodeDenied},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := f.w.CheckToken(f.now, tt.password)
			if tt.status == 0 {
				assert.Nil(t, e)
				return
			}
			require.NotNil(t, e)
			assert.Equal(t, tt.status, e.Status)
			assert.Equal(t, tt.code, e.Code)
		})
	}
	expiry := *out.AuthorizationData[0].ExpiresAt
	assert.Nil(t, f.w.CheckToken(expiry.Add(-1), password))
	e := f.w.CheckToken(expiry, password)
	require.NotNil(t, e)
	assert.Equal(t, reg.TokenExpired(), e)
}

// CreateOnPush picks the longest matching CREATE_ON_PUSH template, ROOT
// last; a prefix stands for "<prefix>/".
func TestCreateOnPushMatching(t *testing.T) {
	tests := []struct {
		name, repo string
		want       types.ImageTagMutability // "" : not created
	}{
		{"longest prefix", "prod/web/api", types.ImageTagMutabilityImmutable},
		{"shorter prefix", "prod/db", types.ImageTagMutabilityMutableWithExclusion},
		{"prefix is a path component", "production", types.ImageTagMutabilityMutable},
		{"ROOT catches the rest", "misc", types.ImageTagMutabilityMutable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, _ := registryWorld(t)
			add := func(prefix string, mut types.ImageTagMutability, excl ...string) {
				in := &ecr.CreateRepositoryCreationTemplateInput{Prefix: strp(prefix), AppliedFor: []types.RCTAppliedFor{types.RCTAppliedForCreateOnPush}, ImageTagMutability: mut}
				for _, e := range excl {
					in.ImageTagMutabilityExclusionFilters = append(in.ImageTagMutabilityExclusionFilters, types.ImageTagMutabilityExclusionFilter{FilterType: types.ImageTagMutabilityExclusionFilterTypeWildcard, Filter: strp(e)})
				}
				_, err := f.w.CreateRepositoryCreationTemplate(f.tick(), in)
				require.NoError(t, err)
			}
			add("prod", types.ImageTagMutabilityMutableWithExclusion, "latest")
			add("prod/web", types.ImageTagMutabilityImmutable)
			add("ROOT", types.ImageTagMutabilityMutable)
			created, err := f.w.CreateOnPush(f.tick(), acctOwn, tt.repo, LifecycleOptions{})
			require.NoError(t, err)
			require.True(t, created)
			out, err := f.w.DescribeRepositories(f.tick(), &ecr.DescribeRepositoriesInput{RepositoryNames: []string{tt.repo}})
			require.NoError(t, err)
			assert.Equal(t, tt.want, out.Repositories[0].ImageTagMutability)
		})
	}
	f, _, _ := registryWorld(t)
	before := dumpWorld(t, f.w)
	created, err := f.w.CreateOnPush(f.tick(), acctOwn, "none", LifecycleOptions{})
	require.NoError(t, err)
	assert.False(t, created, "no template, no repository")
	assert.Equal(t, before, dumpWorld(t, f.w))
}
