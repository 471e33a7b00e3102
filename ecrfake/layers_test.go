package ecrfake_test

import (
	"bytes"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// uploader drives one upload session in a test.
type uploader struct {
	t    *testing.T
	f    *ecrfake.Fake
	repo string
	id   *string
}

func startUpload(t *testing.T, f *ecrfake.Fake, repo string) *uploader {
	t.Helper()
	out, err := f.InitiateLayerUpload(t.Context(), &ecr.InitiateLayerUploadInput{RepositoryName: aws.String(repo)})
	require.NoError(t, err)
	require.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`, *out.UploadId)
	return &uploader{t: t, f: f, repo: repo, id: out.UploadId}
}

func (u *uploader) part(first, last int64, blob []byte) (*ecr.UploadLayerPartOutput, error) {
	return u.f.UploadLayerPart(u.t.Context(), &ecr.UploadLayerPartInput{
		RepositoryName: aws.String(u.repo), UploadId: u.id,
		PartFirstByte: aws.Int64(first), PartLastByte: aws.Int64(last), LayerPartBlob: blob,
	})
}

func (u *uploader) complete(digests ...string) (*ecr.CompleteLayerUploadOutput, error) {
	return u.f.CompleteLayerUpload(u.t.Context(), &ecr.CompleteLayerUploadInput{RepositoryName: aws.String(u.repo), UploadId: u.id, LayerDigests: digests})
}

func TestInitiateLayerUploadAdvertisesThePartSize(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	out, err := f.InitiateLayerUpload(ctx, &ecr.InitiateLayerUploadInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	assert.Equal(t, int64(10485760), *out.PartSize)
	_, err = f.InitiateLayerUpload(ctx, &ecr.InitiateLayerUploadInput{RepositoryName: aws.String("nope")})
	apiError(t, err, "RepositoryNotFoundException")
}

func TestMultipartUpload(t *testing.T) {
	f, _, _ := newFake(t, ecrfake.WithLimits(ecrfake.Limits{MinLayerPartSize: 4}))
	createRepo(t, f, "app")
	u := startUpload(t, f, "app")
	data := []byte("0123456789")
	out, err := u.part(0, 3, data[0:4])
	require.NoError(t, err)
	assert.Equal(t, int64(3), *out.LastByteReceived)
	assert.Equal(t, *u.id, *out.UploadId)

	caller := bytes.Clone(data[4:8])
	_, err = u.part(4, 7, caller)
	require.NoError(t, err)
	copy(caller, "XXXX") // the fake copied the part
	_, err = u.part(8, 9, data[8:10])
	require.NoError(t, err)

	done, err := u.complete("sha256:0000000000000000000000000000000000000000000000000000000000000000", sha(data))
	require.NoError(t, err, "any listed digest may match")
	assert.Equal(t, sha(data), *done.LayerDigest)
	got, ok := f.Blob(sha(data))
	require.True(t, ok)
	assert.Equal(t, data, got)

	_, err = u.part(10, 10, []byte("x"))
	apiError(t, err, "UploadNotFoundException") // the session is over
	_, err = u.complete(sha(data))
	apiError(t, err, "UploadNotFoundException")
}

func TestUploadLayerPartContiguity(t *testing.T) {
	f, _, _ := newFake(t, ecrfake.WithLimits(ecrfake.Limits{MinLayerPartSize: 1}))
	createRepo(t, f, "app")
	u := startUpload(t, f, "app")

	_, err := u.part(1, 2, []byte("ab"))
	var ilp *types.InvalidLayerPartException
	require.ErrorAs(t, err, &ilp)
	assert.Nil(t, ilp.LastValidByteReceived, "nothing accepted yet")
	assert.Equal(t, *u.id, *ilp.UploadId)
	assert.Equal(t, "app", *ilp.RepositoryName)
	assert.Equal(t, "123456789012", *ilp.RegistryId)

	_, err = u.part(0, 2, []byte("abc"))
	require.NoError(t, err)
	for name, c := range map[string]struct {
		first, last int64
		blob        string
	}{
		"gap":                {4, 5, "de"},
		"overlap":            {2, 3, "cd"},
		"inverted range":     {3, 2, "d"},
		"length mismatch":    {3, 5, "de"},
		"empty part":         {3, 3, ""},
		"restart from zero":  {0, 1, "ab"},
		"range past the end": {3, 4, "d"},
	} {
		_, err := u.part(c.first, c.last, []byte(c.blob))
		require.ErrorAs(t, err, &ilp, name)
		assert.Equal(t, int64(2), *ilp.LastValidByteReceived, name)
	}
	_, err = u.part(3, 4, []byte("de"))
	require.NoError(t, err, "the failures above changed nothing")
	done, err := u.complete(sha([]byte("abcde")))
	require.NoError(t, err)
	assert.Equal(t, sha([]byte("abcde")), *done.LayerDigest)
}

func TestUploadPartSizeLimits(t *testing.T) {
	f, _, _ := newFake(t, ecrfake.WithLimits(ecrfake.Limits{MinLayerPartSize: 4, MaxLayerPartSize: 8, MaxPartsPerUpload: 3, MaxLayerSize: 20}))
	createRepo(t, f, "app")

	u := startUpload(t, f, "app")
	_, err := u.part(0, 8, make([]byte, 9))
	apiError(t, err, "InvalidLayerPartException") // above the part quota

	u = startUpload(t, f, "app")
	_, err = u.part(0, 2, []byte("abc")) // below the minimum, but not known to be non-final yet
	require.NoError(t, err)
	_, err = u.part(3, 6, []byte("defg"))
	require.NoError(t, err)
	_, err = u.complete(sha([]byte("abcdefg")))
	ae := apiError(t, err, "LayerPartTooSmallException")
	assert.Contains(t, ae.ErrorMessage(), "3 bytes")
	_, err = u.part(7, 7, []byte("h"))
	require.NoError(t, err, "the session stays open after LayerPartTooSmallException")
	_, err = u.part(8, 8, []byte("i"))
	apiError(t, err, "LimitExceededException") // fourth part

	u = startUpload(t, f, "app")
	for i := range int64(2) {
		_, err = u.part(i*8, i*8+7, make([]byte, 8))
		require.NoError(t, err)
	}
	_, err = u.part(16, 23, make([]byte, 8))
	apiError(t, err, "LimitExceededException") // 24 bytes > 20-byte layer

	// A single small part is a valid upload: the last part is exempt.
	u = startUpload(t, f, "app")
	_, err = u.part(0, 0, []byte("z"))
	require.NoError(t, err)
	_, err = u.complete(sha([]byte("z")))
	require.NoError(t, err)
}

func TestUploadPartAboveTheModelMaximum(t *testing.T) {
	f, _, _ := newFake(t)
	createRepo(t, f, "app")
	u := startUpload(t, f, "app")
	_, err := u.part(0, 20971520, make([]byte, 20971521))
	ae := apiError(t, err, "InvalidParameterException")
	assert.Contains(t, ae.ErrorMessage(), "layerPartBlob")
}

func TestCompleteLayerUploadFailures(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	createRepo(t, f, "other")

	u := startUpload(t, f, "app")
	_, err := u.complete(sha(nil))
	ae := apiError(t, err, "EmptyUploadException")
	assert.Equal(t, "The upload with id '"+*u.id+"' in the repository with name 'app' in registry with id '123456789012' cannot be completed because it does not have any parts", ae.ErrorMessage())

	_, err = u.part(0, 2, []byte("abc"))
	require.NoError(t, err)
	_, err = u.complete(sha([]byte("abd")))
	ae = apiError(t, err, "InvalidLayerException")
	assert.Equal(t, "None of the provided layer digests match the calculated layer digest", ae.ErrorMessage())

	// Upload ids are bound to their repository.
	_, err = f.CompleteLayerUpload(ctx, &ecr.CompleteLayerUploadInput{RepositoryName: aws.String("other"), UploadId: u.id, LayerDigests: []string{sha([]byte("abc"))}})
	apiError(t, err, "UploadNotFoundException")
	_, err = f.CompleteLayerUpload(ctx, &ecr.CompleteLayerUploadInput{RepositoryName: aws.String("app"), UploadId: aws.String("00000000-0000-4000-8000-00000000ffff"), LayerDigests: []string{sha([]byte("abc"))}})
	apiError(t, err, "UploadNotFoundException")

	_, err = u.complete(sha([]byte("abc")))
	require.NoError(t, err, "still open after a digest mismatch")

	again := startUpload(t, f, "app")
	_, err = again.part(0, 2, []byte("abc"))
	require.NoError(t, err)
	_, err = again.complete(sha([]byte("abc")))
	apiError(t, err, "LayerAlreadyExistsException")
	_, err = again.complete(sha([]byte("abc")))
	apiError(t, err, "UploadNotFoundException") // that also ended the session
}

func TestBatchCheckLayerAvailability(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	createRepo(t, f, "other")
	_, _ = pushImage(t, f, "app", "v1", "x")
	config := []byte(`{"architecture":"amd64","os":"linux","seed":"x"}`)
	unreferenced := uploadBlob(t, f, "app", []byte("just uploaded"))

	out, err := f.BatchCheckLayerAvailability(ctx, &ecr.BatchCheckLayerAvailabilityInput{
		RepositoryName: aws.String("app"),
		LayerDigests:   []string{sha(config), unreferenced, sha([]byte("never")), "", "sha256:xyz"},
	})
	require.NoError(t, err)
	require.Len(t, out.Layers, 3)
	assert.Equal(t, types.Layer{LayerDigest: aws.String(sha(config)), LayerAvailability: types.LayerAvailabilityAvailable, LayerSize: aws.Int64(int64(len(config))), MediaType: aws.String(mtDockerConfig)}, out.Layers[0])
	assert.Equal(t, types.Layer{LayerDigest: aws.String(unreferenced), LayerAvailability: types.LayerAvailabilityAvailable, LayerSize: aws.Int64(13)}, out.Layers[1])
	assert.Equal(t, types.Layer{LayerDigest: aws.String(sha([]byte("never"))), LayerAvailability: types.LayerAvailabilityUnavailable}, out.Layers[2])
	require.Len(t, out.Failures, 2)
	assert.Equal(t, types.LayerFailureCodeMissingLayerDigest, out.Failures[0].FailureCode)
	assert.Equal(t, types.LayerFailureCodeInvalidLayerDigest, out.Failures[1].FailureCode)
	assert.Equal(t, "sha256:xyz", *out.Failures[1].LayerDigest)

	// Layers are per repository.
	other, err := f.BatchCheckLayerAvailability(ctx, &ecr.BatchCheckLayerAvailabilityInput{RepositoryName: aws.String("other"), LayerDigests: []string{sha(config)}})
	require.NoError(t, err)
	assert.Equal(t, types.LayerAvailabilityUnavailable, other.Layers[0].LayerAvailability)

	_, err = f.BatchCheckLayerAvailability(ctx, &ecr.BatchCheckLayerAvailabilityInput{RepositoryName: aws.String("app"), LayerDigests: []string{}})
	apiError(t, err, "InvalidParameterException")
}

func TestGetDownloadUrlForLayer(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	_, _ = pushImage(t, f, "app", "v1", "x")
	layer := sha([]byte("layer-of-x"))
	out, err := f.GetDownloadUrlForLayer(ctx, &ecr.GetDownloadUrlForLayerInput{RepositoryName: aws.String("app"), LayerDigest: aws.String(layer)})
	require.NoError(t, err)
	assert.Equal(t, layer, *out.LayerDigest)
	assert.Contains(t, *out.DownloadUrl, "https://")

	unreferenced := uploadBlob(t, f, "app", []byte("orphan"))
	_, err = f.GetDownloadUrlForLayer(ctx, &ecr.GetDownloadUrlForLayerInput{RepositoryName: aws.String("app"), LayerDigest: aws.String(unreferenced)})
	apiError(t, err, "LayerInaccessibleException")

	missing := sha([]byte("missing"))
	_, err = f.GetDownloadUrlForLayer(ctx, &ecr.GetDownloadUrlForLayerInput{RepositoryName: aws.String("app"), LayerDigest: aws.String(missing)})
	ae := apiError(t, err, "LayersNotFoundException")
	assert.Equal(t, "The layer with digest "+missing+" does not exist within the repository with name 'app' in the registry with id '123456789012'", ae.ErrorMessage())
}

func TestBlobsAreStoredOncePerDigest(t *testing.T) {
	f, _, _ := newFake(t)
	createRepo(t, f, "one")
	createRepo(t, f, "two")
	data := bytes.Repeat([]byte("x"), 1000)
	uploadBlob(t, f, "one", data)
	uploadBlob(t, f, "two", data)
	assert.Equal(t, int64(1000), ecrfake.StoredBlobBytes(f))
}
