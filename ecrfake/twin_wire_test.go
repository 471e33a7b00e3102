package ecrfake_test

// One behaviour, two paths: every scenario runs against a Fake called
// directly and against a twin Fake driven through f.Client() (the real SDK
// client over the in-memory awsJson1.1 handler), and the two transcripts must
// be equal call by call.

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// ecrAPI is the part of *ecr.Client the scenarios call; *ecrfake.Fake and
// *ecr.Client both satisfy it.
type ecrAPI interface {
	CreateRepository(context.Context, *ecr.CreateRepositoryInput, ...func(*ecr.Options)) (*ecr.CreateRepositoryOutput, error)
	DescribeRepositories(context.Context, *ecr.DescribeRepositoriesInput, ...func(*ecr.Options)) (*ecr.DescribeRepositoriesOutput, error)
	DeleteRepository(context.Context, *ecr.DeleteRepositoryInput, ...func(*ecr.Options)) (*ecr.DeleteRepositoryOutput, error)
	PutImageTagMutability(context.Context, *ecr.PutImageTagMutabilityInput, ...func(*ecr.Options)) (*ecr.PutImageTagMutabilityOutput, error)
	PutImageScanningConfiguration(context.Context, *ecr.PutImageScanningConfigurationInput, ...func(*ecr.Options)) (*ecr.PutImageScanningConfigurationOutput, error)
	InitiateLayerUpload(context.Context, *ecr.InitiateLayerUploadInput, ...func(*ecr.Options)) (*ecr.InitiateLayerUploadOutput, error)
	UploadLayerPart(context.Context, *ecr.UploadLayerPartInput, ...func(*ecr.Options)) (*ecr.UploadLayerPartOutput, error)
	CompleteLayerUpload(context.Context, *ecr.CompleteLayerUploadInput, ...func(*ecr.Options)) (*ecr.CompleteLayerUploadOutput, error)
	BatchCheckLayerAvailability(context.Context, *ecr.BatchCheckLayerAvailabilityInput, ...func(*ecr.Options)) (*ecr.BatchCheckLayerAvailabilityOutput, error)
	GetDownloadUrlForLayer(context.Context, *ecr.GetDownloadUrlForLayerInput, ...func(*ecr.Options)) (*ecr.GetDownloadUrlForLayerOutput, error)
	PutImage(context.Context, *ecr.PutImageInput, ...func(*ecr.Options)) (*ecr.PutImageOutput, error)
	BatchGetImage(context.Context, *ecr.BatchGetImageInput, ...func(*ecr.Options)) (*ecr.BatchGetImageOutput, error)
	BatchDeleteImage(context.Context, *ecr.BatchDeleteImageInput, ...func(*ecr.Options)) (*ecr.BatchDeleteImageOutput, error)
	ListImages(context.Context, *ecr.ListImagesInput, ...func(*ecr.Options)) (*ecr.ListImagesOutput, error)
	DescribeImages(context.Context, *ecr.DescribeImagesInput, ...func(*ecr.Options)) (*ecr.DescribeImagesOutput, error)
	TagResource(context.Context, *ecr.TagResourceInput, ...func(*ecr.Options)) (*ecr.TagResourceOutput, error)
	UntagResource(context.Context, *ecr.UntagResourceInput, ...func(*ecr.Options)) (*ecr.UntagResourceOutput, error)
	ListTagsForResource(context.Context, *ecr.ListTagsForResourceInput, ...func(*ecr.Options)) (*ecr.ListTagsForResourceOutput, error)
	SetRepositoryPolicy(context.Context, *ecr.SetRepositoryPolicyInput, ...func(*ecr.Options)) (*ecr.SetRepositoryPolicyOutput, error)
	GetRepositoryPolicy(context.Context, *ecr.GetRepositoryPolicyInput, ...func(*ecr.Options)) (*ecr.GetRepositoryPolicyOutput, error)
	DeleteRepositoryPolicy(context.Context, *ecr.DeleteRepositoryPolicyInput, ...func(*ecr.Options)) (*ecr.DeleteRepositoryPolicyOutput, error)
	GetAuthorizationToken(context.Context, *ecr.GetAuthorizationTokenInput, ...func(*ecr.Options)) (*ecr.GetAuthorizationTokenOutput, error)
	PutLifecyclePolicy(context.Context, *ecr.PutLifecyclePolicyInput, ...func(*ecr.Options)) (*ecr.PutLifecyclePolicyOutput, error)
	DescribeRegistry(context.Context, *ecr.DescribeRegistryInput, ...func(*ecr.Options)) (*ecr.DescribeRegistryOutput, error)
	UpdateImageStorageClass(context.Context, *ecr.UpdateImageStorageClassInput, ...func(*ecr.Options)) (*ecr.UpdateImageStorageClassOutput, error)
	StartImageScan(context.Context, *ecr.StartImageScanInput, ...func(*ecr.Options)) (*ecr.StartImageScanOutput, error)
	DescribeImageScanFindings(context.Context, *ecr.DescribeImageScanFindingsInput, ...func(*ecr.Options)) (*ecr.DescribeImageScanFindingsOutput, error)
}

var (
	_ ecrAPI = (*ecrfake.Fake)(nil)
	_ ecrAPI = (*ecr.Client)(nil)
)

// step is one call of a scenario and what it returned.
type step struct {
	name string
	out  any
	err  error
}

// session runs one scenario on one path.
type session struct {
	t     *testing.T
	ctx   context.Context
	fake  *ecrfake.Fake // the fake behind c, for installing faults
	c     ecrAPI
	clock *ecrfake.ManualClock
	steps []step
}

// must records a call that has to succeed on both paths.
func (s *session) must(name string, out any, err error) {
	s.t.Helper()
	require.NoError(s.t, err, name)
	s.steps = append(s.steps, step{name, out, err})
}

// fails records a call that has to fail, with the given error code.
func (s *session) fails(name, code string, out any, err error) {
	s.t.Helper()
	var ae smithy.APIError
	if code == "" { // client-side validation
		var ipe smithy.InvalidParamsError
		require.ErrorAs(s.t, err, &ipe, name)
	} else {
		require.ErrorAs(s.t, err, &ae, name)
		require.Equal(s.t, code, ae.ErrorCode(), name)
	}
	s.steps = append(s.steps, step{name, out, err})
}

type twinScenario struct {
	name string
	opts []ecrfake.Option
	run  func(s *session)
}

func TestDirectAndWireAgree(t *testing.T) {
	for _, sc := range twinScenarios {
		t.Run(sc.name, func(t *testing.T) {
			direct := runTwin(t, sc, false)
			wire := runTwin(t, sc, true)
			require.NotEmpty(t, direct)
			require.Equal(t, len(direct), len(wire))
			t.Logf("%d calls agree", len(direct))
			for i := range direct {
				requireSameStep(t, direct[i], wire[i])
			}
		})
	}
}

// runTwin runs a scenario on a fresh fake with its own manual clock, both
// starting at epoch, directly or through the fake's SDK client. The client
// makes one attempt per call, as a direct call does.
func runTwin(t *testing.T, sc twinScenario, wire bool) []step {
	clock := ecrfake.NewManualClock(epoch)
	f := ecrfake.New(append([]ecrfake.Option{ecrfake.WithClock(clock)}, sc.opts...)...)
	s := &session{t: t, ctx: context.Background(), fake: f, c: f, clock: clock}
	if wire {
		s.c = f.Client(func(o *ecr.Options) { o.Retryer = aws.NopRetryer{} })
	}
	sc.run(s)
	return s.steps
}

// requireSameStep compares outputs ignoring ResultMetadata (only the wire
// path fills it), and errors by type chain, code, message, typed fields and
// full text, request id included.
func requireSameStep(t *testing.T, d, w step) {
	t.Helper()
	require.Equal(t, d.name, w.name)
	require.Equal(t, withoutMetadata(d.out), withoutMetadata(w.out), d.name)
	if d.err == nil {
		require.NoError(t, w.err, d.name)
		return
	}
	require.Error(t, w.err, d.name)
	require.Equal(t, errorChain(d.err), errorChain(w.err), d.name)
	require.Equal(t, d.err.Error(), w.err.Error(), d.name)
	var da, wa smithy.APIError
	if errors.As(d.err, &da) {
		require.ErrorAs(t, w.err, &wa, d.name)
		require.Equal(t, da.ErrorCode(), wa.ErrorCode(), d.name)
		require.Equal(t, da.ErrorMessage(), wa.ErrorMessage(), d.name)
		if _, generic := da.(*smithy.GenericAPIError); !generic {
			require.Equal(t, da, wa, d.name) // every modeled member
		}
	}
}

func withoutMetadata(v any) any {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || rv.Kind() != reflect.Pointer {
		return v
	}
	if rv.IsNil() {
		return nil
	}
	cp := reflect.New(rv.Elem().Type())
	cp.Elem().Set(rv.Elem())
	if m := cp.Elem().FieldByName("ResultMetadata"); m.IsValid() {
		m.Set(reflect.Zero(m.Type()))
	}
	return cp.Interface()
}

func errorChain(err error) []string {
	var chain []string
	for ; err != nil; err = errors.Unwrap(err) {
		chain = append(chain, reflect.TypeOf(err).String())
	}
	return chain
}

// Helpers over ecrAPI, so a scenario reads the same on both paths.

func (s *session) upload(repo string, data []byte, partSize int) string {
	s.t.Helper()
	up, err := s.c.InitiateLayerUpload(s.ctx, &ecr.InitiateLayerUploadInput{RepositoryName: aws.String(repo)})
	s.must("initiate "+repo, up, err)
	for first := 0; first < len(data); first += partSize {
		last := min(first+partSize, len(data)) - 1
		out, err := s.c.UploadLayerPart(s.ctx, &ecr.UploadLayerPartInput{RepositoryName: aws.String(repo), UploadId: up.UploadId,
			PartFirstByte: aws.Int64(int64(first)), PartLastByte: aws.Int64(int64(last)), LayerPartBlob: data[first : last+1]})
		s.must("part", out, err)
	}
	done, err := s.c.CompleteLayerUpload(s.ctx, &ecr.CompleteLayerUploadInput{RepositoryName: aws.String(repo), UploadId: up.UploadId, LayerDigests: []string{sha(data)}})
	s.must("complete", done, err)
	return *done.LayerDigest
}

// pushImage uploads a config and a layer and puts a Docker v2 manifest over
// them; it returns the manifest and its digest.
func (s *session) pushImage(repo, tag, seed string) (string, string) {
	s.t.Helper()
	config := []byte(`{"architecture":"amd64","os":"linux","seed":"` + seed + `"}`)
	layer := []byte("layer-of-" + seed)
	s.upload(repo, config, 1<<20)
	s.upload(repo, layer, 1<<20)
	manifest := imageManifest(mtDockerV2, config, layer)
	in := &ecr.PutImageInput{RepositoryName: aws.String(repo), ImageManifest: aws.String(manifest)}
	if tag != "" {
		in.ImageTag = aws.String(tag)
	}
	out, err := s.c.PutImage(s.ctx, in)
	s.must("put "+repo+":"+tag, out, err)
	s.clock.Advance(time.Second + 7*time.Millisecond)
	return manifest, *out.Image.ImageId.ImageDigest
}

func (s *session) createRepo(name string) {
	s.t.Helper()
	out, err := s.c.CreateRepository(s.ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String(name)})
	s.must("create "+name, out, err)
}

const policy = `{"Version":"2012-10-17","Statement":[{"Sid":"pull","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]}]}`

var twinScenarios = []twinScenario{
	{name: "repositories: create, describe, paginate, delete", run: func(s *session) {
		for i, name := range []string{"team/c", "team/a", "bb", "team/b", "aa"} {
			in := &ecr.CreateRepositoryInput{RepositoryName: aws.String(name)}
			switch i {
			case 1:
				in.ImageTagMutability = types.ImageTagMutabilityImmutable
				in.Tags = []types.Tag{{Key: aws.String("team"), Value: aws.String("x")}}
			case 2:
				in.ImageScanningConfiguration = &types.ImageScanningConfiguration{ScanOnPush: true}
				in.EncryptionConfiguration = &types.EncryptionConfiguration{EncryptionType: types.EncryptionTypeAes256}
			}
			out, err := s.c.CreateRepository(s.ctx, in)
			s.must("create "+name, out, err)
			s.clock.Advance(1500 * time.Millisecond)
		}
		out, err := s.c.DescribeRepositories(s.ctx, nil)
		s.must("describe all", out, err)
		p := ecr.NewDescribeRepositoriesPaginator(s.c, &ecr.DescribeRepositoriesInput{MaxResults: aws.Int32(2)})
		for p.HasMorePages() {
			page, err := p.NextPage(s.ctx)
			s.must("page", page, err)
		}
		out, err = s.c.DescribeRepositories(s.ctx, &ecr.DescribeRepositoriesInput{RepositoryNames: []string{"aa", "team/a"}})
		s.must("describe by name", out, err)
		out, err = s.c.DescribeRepositories(s.ctx, &ecr.DescribeRepositoriesInput{RepositoryNames: []string{"aa", "nope"}})
		s.fails("describe missing", "RepositoryNotFoundException", out, err)
		out, err = s.c.DescribeRepositories(s.ctx, &ecr.DescribeRepositoriesInput{RegistryId: aws.String("210987654321")})
		s.must("other registry", out, err)
		out, err = s.c.DescribeRepositories(s.ctx, &ecr.DescribeRepositoriesInput{NextToken: aws.String("garbage")})
		s.fails("bad token", "InvalidParameterException", out, err)
		out, err = s.c.DescribeRepositories(s.ctx, &ecr.DescribeRepositoriesInput{MaxResults: aws.Int32(0)})
		s.fails("maxResults 0", "InvalidParameterException", out, err)
		c, err := s.c.CreateRepository(s.ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("aa")})
		s.fails("create again", "RepositoryAlreadyExistsException", c, err)
		c, err = s.c.CreateRepository(s.ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("Bad_Name")})
		s.fails("bad name", "InvalidParameterException", c, err)
		c, err = s.c.CreateRepository(s.ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("kk"),
			EncryptionConfiguration: &types.EncryptionConfiguration{EncryptionType: types.EncryptionTypeAes256, KmsKey: aws.String("key")}})
		s.fails("kms key with AES256", "InvalidParameterException", c, err)
		d, err := s.c.DeleteRepository(s.ctx, &ecr.DeleteRepositoryInput{RepositoryName: aws.String("bb")})
		s.must("delete", d, err)
		d, err = s.c.DeleteRepository(s.ctx, &ecr.DeleteRepositoryInput{RepositoryName: aws.String("bb")})
		s.fails("delete again", "RepositoryNotFoundException", d, err)
		m, err := s.c.PutImageTagMutability(s.ctx, &ecr.PutImageTagMutabilityInput{RepositoryName: aws.String("aa"), ImageTagMutability: types.ImageTagMutabilityImmutable})
		s.must("immutable", m, err)
		sc, err := s.c.PutImageScanningConfiguration(s.ctx, &ecr.PutImageScanningConfigurationInput{RepositoryName: aws.String("aa"),
			ImageScanningConfiguration: &types.ImageScanningConfiguration{ScanOnPush: true}})
		s.must("scan on push", sc, err)
	}},

	{name: "push: multipart upload, put, pull", opts: []ecrfake.Option{ecrfake.WithLimits(ecrfake.Limits{MinLayerPartSize: 5})}, run: func(s *session) {
		s.createRepo("app")
		layer := []byte("0123456789abcdefghijklm")
		config := []byte(`{"architecture":"arm64","os":"linux"}`)
		check, err := s.c.BatchCheckLayerAvailability(s.ctx, &ecr.BatchCheckLayerAvailabilityInput{RepositoryName: aws.String("app"),
			LayerDigests: []string{sha(layer), sha(config), "", "sha256:zz"}})
		s.must("check before", check, err)
		up, err := s.c.InitiateLayerUpload(s.ctx, &ecr.InitiateLayerUploadInput{RepositoryName: aws.String("app")})
		s.must("initiate", up, err)
		for _, r := range [][2]int{{0, 4}, {5, 9}, {10, 14}, {15, 22}} {
			part, err := s.c.UploadLayerPart(s.ctx, &ecr.UploadLayerPartInput{RepositoryName: aws.String("app"), UploadId: up.UploadId,
				PartFirstByte: aws.Int64(int64(r[0])), PartLastByte: aws.Int64(int64(r[1])), LayerPartBlob: layer[r[0] : r[1]+1]})
			s.must("part", part, err)
		}
		done, err := s.c.CompleteLayerUpload(s.ctx, &ecr.CompleteLayerUploadInput{RepositoryName: aws.String("app"), UploadId: up.UploadId, LayerDigests: []string{sha([]byte("other"))}})
		s.fails("complete with wrong digest", "InvalidLayerException", done, err)
		done, err = s.c.CompleteLayerUpload(s.ctx, &ecr.CompleteLayerUploadInput{RepositoryName: aws.String("app"), UploadId: up.UploadId, LayerDigests: []string{sha(layer)}})
		s.must("complete", done, err)
		done, err = s.c.CompleteLayerUpload(s.ctx, &ecr.CompleteLayerUploadInput{RepositoryName: aws.String("app"), UploadId: up.UploadId, LayerDigests: []string{sha(layer)}})
		s.fails("complete again", "UploadNotFoundException", done, err)
		s.upload("app", config, 8)
		again, err := s.c.InitiateLayerUpload(s.ctx, &ecr.InitiateLayerUploadInput{RepositoryName: aws.String("app")})
		s.must("initiate again", again, err)
		part, err := s.c.UploadLayerPart(s.ctx, &ecr.UploadLayerPartInput{RepositoryName: aws.String("app"), UploadId: again.UploadId,
			PartFirstByte: aws.Int64(0), PartLastByte: aws.Int64(int64(len(layer) - 1)), LayerPartBlob: layer})
		s.must("part again", part, err)
		done, err = s.c.CompleteLayerUpload(s.ctx, &ecr.CompleteLayerUploadInput{RepositoryName: aws.String("app"), UploadId: again.UploadId, LayerDigests: []string{sha(layer)}})
		s.fails("layer exists", "LayerAlreadyExistsException", done, err)
		check, err = s.c.BatchCheckLayerAvailability(s.ctx, &ecr.BatchCheckLayerAvailabilityInput{RepositoryName: aws.String("app"), LayerDigests: []string{sha(layer), sha(config)}})
		s.must("check after", check, err)
		url, err := s.c.GetDownloadUrlForLayer(s.ctx, &ecr.GetDownloadUrlForLayerInput{RepositoryName: aws.String("app"), LayerDigest: aws.String(sha(layer))})
		s.fails("url before any image", "LayerInaccessibleException", url, err)
		put, err := s.c.PutImage(s.ctx, &ecr.PutImageInput{RepositoryName: aws.String("app"), ImageTag: aws.String("v1"),
			ImageManifest: aws.String(imageManifest(mtDockerV2, config, layer))})
		s.must("put", put, err)
		url, err = s.c.GetDownloadUrlForLayer(s.ctx, &ecr.GetDownloadUrlForLayerInput{RepositoryName: aws.String("app"), LayerDigest: aws.String(sha(layer))})
		s.must("url", url, err)
		url, err = s.c.GetDownloadUrlForLayer(s.ctx, &ecr.GetDownloadUrlForLayerInput{RepositoryName: aws.String("app"), LayerDigest: aws.String(sha([]byte("nope")))})
		s.fails("url missing", "LayersNotFoundException", url, err)
		got, err := s.c.BatchGetImage(s.ctx, &ecr.BatchGetImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("v1")}}})
		s.must("pull", got, err)
	}},

	{name: "upload errors: InvalidLayerPartException, empty upload, small part", opts: []ecrfake.Option{ecrfake.WithLimits(ecrfake.Limits{MinLayerPartSize: 8})}, run: func(s *session) {
		s.createRepo("app")
		up, err := s.c.InitiateLayerUpload(s.ctx, &ecr.InitiateLayerUploadInput{RepositoryName: aws.String("app")})
		s.must("initiate", up, err)
		part := func(name, code string, first, last int64, data string) {
			out, err := s.c.UploadLayerPart(s.ctx, &ecr.UploadLayerPartInput{RepositoryName: aws.String("app"), UploadId: up.UploadId,
				PartFirstByte: aws.Int64(first), PartLastByte: aws.Int64(last), LayerPartBlob: []byte(data)})
			if code == "" {
				s.must(name, out, err)
			} else {
				s.fails(name, code, out, err)
			}
		}
		part("gap before any byte", "InvalidLayerPartException", 3, 5, "abc")
		part("first", "", 0, 3, "abcd")
		part("gap", "InvalidLayerPartException", 6, 7, "gh")
		part("overlap", "InvalidLayerPartException", 2, 5, "cdef")
		part("lengths disagree", "InvalidLayerPartException", 4, 9, "ef")
		part("second", "", 4, 5, "ef")
		done, err := s.c.CompleteLayerUpload(s.ctx, &ecr.CompleteLayerUploadInput{RepositoryName: aws.String("app"), UploadId: up.UploadId, LayerDigests: []string{sha([]byte("abcdef"))}})
		s.fails("first part too small", "LayerPartTooSmallException", done, err)
		empty, err := s.c.InitiateLayerUpload(s.ctx, &ecr.InitiateLayerUploadInput{RepositoryName: aws.String("app")})
		s.must("initiate empty", empty, err)
		done, err = s.c.CompleteLayerUpload(s.ctx, &ecr.CompleteLayerUploadInput{RepositoryName: aws.String("app"), UploadId: empty.UploadId, LayerDigests: []string{sha(nil)}})
		s.fails("empty upload", "EmptyUploadException", done, err)
		out, err := s.c.UploadLayerPart(s.ctx, &ecr.UploadLayerPartInput{RepositoryName: aws.String("app"), UploadId: aws.String("00000000-0000-0000-0000-000000000000"),
			PartFirstByte: aws.Int64(0), PartLastByte: aws.Int64(0), LayerPartBlob: []byte("x")})
		s.fails("unknown upload", "UploadNotFoundException", out, err)
		in, err := s.c.InitiateLayerUpload(s.ctx, &ecr.InitiateLayerUploadInput{RepositoryName: aws.String("nope")})
		s.fails("initiate in missing repo", "RepositoryNotFoundException", in, err)
	}},

	{name: "PutImage variants and failures", run: func(s *session) {
		s.createRepo("app")
		manifest, digest := s.pushImage("app", "v1", "one")
		put := func(name, code string, in *ecr.PutImageInput) {
			in.RepositoryName = aws.String("app")
			out, err := s.c.PutImage(s.ctx, in)
			if code == "" {
				s.must(name, out, err)
			} else {
				s.fails(name, code, out, err)
			}
			s.clock.Advance(250 * time.Millisecond)
		}
		put("same image, same tag", "ImageAlreadyExistsException", &ecr.PutImageInput{ImageManifest: aws.String(manifest), ImageTag: aws.String("v1")})
		put("same image, new tag", "", &ecr.PutImageInput{ImageManifest: aws.String(manifest), ImageTag: aws.String("latest")})
		put("by digest", "", &ecr.PutImageInput{ImageManifest: aws.String(manifest), ImageDigest: aws.String(digest), ImageTag: aws.String("v1.0")})
		put("digest mismatch", "ImageDigestDoesNotMatchException", &ecr.PutImageInput{ImageManifest: aws.String(manifest), ImageDigest: aws.String(sha([]byte("x")))})
		put("missing layers", "LayersNotFoundException", &ecr.PutImageInput{ImageManifest: aws.String(imageManifest(mtDockerV2, []byte("cfg"), []byte("l")))})
		put("not JSON", "InvalidParameterException", &ecr.PutImageInput{ImageManifest: aws.String("{not json")})
		put("media type disagrees", "InvalidParameterException", &ecr.PutImageInput{ImageManifest: aws.String(manifest), ImageManifestMediaType: aws.String(mtOCIManifest)})
		second, _ := s.pushImage("app", "v2", "two")
		index := indexManifest(mtDockerList, manifest, second)
		put("index", "", &ecr.PutImageInput{ImageManifest: aws.String(index), ImageTag: aws.String("multi")})
		put("index with missing child", "ReferencedImagesNotFoundException", &ecr.PutImageInput{ImageManifest: aws.String(indexManifest(mtOCIIndex, `{"x":1}`))})
		put("move tag", "", &ecr.PutImageInput{ImageManifest: aws.String(second), ImageTag: aws.String("latest")})
		m, err := s.c.PutImageTagMutability(s.ctx, &ecr.PutImageTagMutabilityInput{RepositoryName: aws.String("app"), ImageTagMutability: types.ImageTagMutabilityImmutable})
		s.must("immutable", m, err)
		put("immutable tag", "ImageTagAlreadyExistsException", &ecr.PutImageInput{ImageManifest: aws.String(manifest), ImageTag: aws.String("latest")})
		put("no repository", "RepositoryNotFoundException", &ecr.PutImageInput{ImageManifest: aws.String(manifest), RegistryId: aws.String("210987654321")})
		out, err := s.c.DescribeImages(s.ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("app")})
		s.must("describe", out, err)
	}},

	{name: "BatchGetImage and BatchDeleteImage with failures", run: func(s *session) {
		s.createRepo("app")
		one, d1 := s.pushImage("app", "v1", "one")
		two, d2 := s.pushImage("app", "v2", "two")
		_, _ = s.pushImage("app", "", "three")
		idx, err := s.c.PutImage(s.ctx, &ecr.PutImageInput{RepositoryName: aws.String("app"), ImageTag: aws.String("multi"), ImageManifest: aws.String(indexManifest(mtDockerList, one, two))})
		s.must("index", idx, err)
		get, err := s.c.BatchGetImage(s.ctx, &ecr.BatchGetImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{
			{ImageTag: aws.String("v1")}, {ImageDigest: aws.String(d2)}, {ImageTag: aws.String("nope")}, {ImageDigest: aws.String("sha256:bad")},
			{ImageDigest: aws.String(d1), ImageTag: aws.String("v2")}, {ImageTag: aws.String("v1")},
		}})
		s.must("get mixed", get, err)
		get, err = s.c.BatchGetImage(s.ctx, &ecr.BatchGetImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("multi")}, {ImageTag: aws.String("v1")}},
			AcceptedMediaTypes: []string{mtOCIManifest}})
		s.must("get with media types", get, err)
		get, err = s.c.BatchGetImage(s.ctx, &ecr.BatchGetImageInput{RepositoryName: aws.String("nope"), ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("v1")}}})
		s.fails("get from missing repo", "RepositoryNotFoundException", get, err)
		del, err := s.c.BatchDeleteImage(s.ctx, &ecr.BatchDeleteImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{
			{ImageDigest: aws.String(d1)}, {ImageTag: aws.String("nope")}, {ImageTag: aws.String("multi")},
		}})
		s.must("delete mixed", del, err)
		del, err = s.c.BatchDeleteImage(s.ctx, &ecr.BatchDeleteImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{{ImageDigest: aws.String(d1)}}})
		s.must("delete now unreferenced", del, err)
		del, err = s.c.BatchDeleteImage(s.ctx, &ecr.BatchDeleteImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{}})
		s.fails("delete nothing", "InvalidParameterException", del, err)
		rm, err := s.c.DeleteRepository(s.ctx, &ecr.DeleteRepositoryInput{RepositoryName: aws.String("app")})
		s.fails("delete non-empty repo", "RepositoryNotEmptyException", rm, err)
		rm, err = s.c.DeleteRepository(s.ctx, &ecr.DeleteRepositoryInput{RepositoryName: aws.String("app"), Force: true})
		s.must("force delete", rm, err)
	}},

	{name: "archival: archive, filtered listings, pulls, scans, restore on the clock, re-push", run: func(s *session) {
		s.createRepo("app")
		one, d1 := s.pushImage("app", "v1", "one")
		two, _ := s.pushImage("app", "v2", "two")
		_, d3 := s.pushImage("app", "", "three")
		setClass := func(id types.ImageIdentifier, class types.TargetStorageClass) (*ecr.UpdateImageStorageClassOutput, error) {
			return s.c.UpdateImageStorageClass(s.ctx, &ecr.UpdateImageStorageClassInput{RepositoryName: aws.String("app"), ImageId: &id, TargetStorageClass: class})
		}
		out, err := setClass(types.ImageIdentifier{ImageTag: aws.String("v1")}, types.TargetStorageClassArchive)
		s.must("archive v1", out, err)
		out, err = setClass(types.ImageIdentifier{ImageDigest: aws.String(d3)}, types.TargetStorageClassArchive)
		s.must("archive untagged", out, err)
		s.clock.Advance(time.Minute)
		out, err = setClass(types.ImageIdentifier{ImageDigest: aws.String(d1), ImageTag: aws.String("v1")}, types.TargetStorageClassStandard)
		s.must("restore v1", out, err)
		out, err = setClass(types.ImageIdentifier{ImageTag: aws.String("v1")}, types.TargetStorageClassArchive)
		s.fails("archive while restoring", "ImageStorageClassUpdateNotSupportedException", out, err)
		out, err = setClass(types.ImageIdentifier{ImageTag: aws.String("v1")}, "GLACIER")
		s.fails("bad class", "InvalidParameterException", out, err)
		for _, status := range []types.ImageStatusFilter{"", types.ImageStatusFilterArchived, types.ImageStatusFilterActivating, types.ImageStatusFilterAny} {
			list, err := s.c.ListImages(s.ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app"), Filter: &types.ListImagesFilter{ImageStatus: status}})
			s.must("list "+string(status), list, err)
			desc, err := s.c.DescribeImages(s.ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("app"), Filter: &types.DescribeImagesFilter{ImageStatus: status}})
			s.must("describe "+string(status), desc, err)
		}
		get, err := s.c.BatchGetImage(s.ctx, &ecr.BatchGetImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{
			{ImageTag: aws.String("v1")}, {ImageTag: aws.String("v2")}, {ImageDigest: aws.String(d3)},
		}})
		s.must("pull mixed", get, err)
		layers, err := s.c.BatchCheckLayerAvailability(s.ctx, &ecr.BatchCheckLayerAvailabilityInput{RepositoryName: aws.String("app"),
			LayerDigests: []string{sha([]byte("layer-of-three")), sha([]byte("layer-of-two"))}})
		s.must("layer availability", layers, err)
		url, err := s.c.GetDownloadUrlForLayer(s.ctx, &ecr.GetDownloadUrlForLayerInput{RepositoryName: aws.String("app"), LayerDigest: aws.String(sha([]byte("layer-of-three")))})
		s.fails("download archived layer", "LayerInaccessibleException", url, err)
		scan, err := s.c.StartImageScan(s.ctx, &ecr.StartImageScanInput{RepositoryName: aws.String("app"), ImageId: &types.ImageIdentifier{ImageDigest: aws.String(d3)}})
		s.fails("scan archived", "ImageArchivedException", scan, err)
		findings, err := s.c.DescribeImageScanFindings(s.ctx, &ecr.DescribeImageScanFindingsInput{RepositoryName: aws.String("app"), ImageId: &types.ImageIdentifier{ImageDigest: aws.String(d3)}})
		s.must("findings of archived", findings, err)
		idx, err := s.c.PutImage(s.ctx, &ecr.PutImageInput{RepositoryName: aws.String("app"), ImageTag: aws.String("multi"), ImageManifest: aws.String(indexManifest(mtDockerList, one, two))})
		s.fails("index over an activating child", "ReferencedImagesNotFoundException", idx, err)

		s.clock.Advance(ecrfake.DefaultRestoreDuration)
		desc, err := s.c.DescribeImages(s.ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("v1")}}})
		s.must("v1 restored", desc, err)
		put, err := s.c.PutImage(s.ctx, &ecr.PutImageInput{RepositoryName: aws.String("app"), ImageManifest: aws.String(imageManifest(mtDockerV2, []byte(`{"architecture":"amd64","os":"linux","seed":"three"}`), []byte("layer-of-three")))})
		s.must("re-push restores", put, err)
		desc, err = s.c.DescribeImages(s.ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("app"), Filter: &types.DescribeImagesFilter{ImageStatus: types.ImageStatusFilterAny}})
		s.must("all active", desc, err)
	}},

	{name: "ListImages and DescribeImages pagination", run: func(s *session) {
		s.createRepo("app")
		var digests []string
		for i, tag := range []string{"a", "", "c", "", "e", "f", ""} {
			_, d := s.pushImage("app", tag, strings.Repeat("x", i+1))
			digests = append(digests, d)
		}
		for _, filter := range []*types.ListImagesFilter{nil, {TagStatus: types.TagStatusTagged}, {TagStatus: types.TagStatusUntagged}} {
			p := ecr.NewListImagesPaginator(s.c, &ecr.ListImagesInput{RepositoryName: aws.String("app"), Filter: filter, MaxResults: aws.Int32(3)})
			for p.HasMorePages() {
				page, err := p.NextPage(s.ctx)
				s.must("list page", page, err)
			}
		}
		p := ecr.NewDescribeImagesPaginator(s.c, &ecr.DescribeImagesInput{RepositoryName: aws.String("app"), MaxResults: aws.Int32(2)})
		for p.HasMorePages() {
			page, err := p.NextPage(s.ctx)
			s.must("describe page", page, err)
		}
		out, err := s.c.DescribeImages(s.ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("app"), Filter: &types.DescribeImagesFilter{TagStatus: types.TagStatusUntagged}})
		s.must("describe untagged", out, err)
		out, err = s.c.DescribeImages(s.ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{{ImageDigest: aws.String(digests[2])}, {ImageTag: aws.String("f")}}})
		s.must("describe by id", out, err)
		out, err = s.c.DescribeImages(s.ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("nope")}}})
		s.fails("describe missing", "ImageNotFoundException", out, err)
		out, err = s.c.DescribeImages(s.ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("a")}}, MaxResults: aws.Int32(1)})
		s.fails("ids with maxResults", "InvalidParameterException", out, err)
		list, err := s.c.ListImages(s.ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app"), NextToken: aws.String("x")})
		s.fails("list bad token", "InvalidParameterException", list, err)
		list, err = s.c.ListImages(s.ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app"), MaxResults: aws.Int32(1001)})
		s.fails("list page too big", "InvalidParameterException", list, err)
	}},

	{name: "tags and policies", opts: []ecrfake.Option{ecrfake.WithLimits(ecrfake.Limits{MaxResourceTags: 3})}, run: func(s *session) {
		s.createRepo("app")
		arn := "arn:aws:ecr:us-east-1:123456789012:repository/app"
		tag, err := s.c.TagResource(s.ctx, &ecr.TagResourceInput{ResourceArn: aws.String(arn), Tags: []types.Tag{
			{Key: aws.String("b"), Value: aws.String("2")}, {Key: aws.String("a"), Value: aws.String("")}}})
		s.must("tag", tag, err)
		tags, err := s.c.ListTagsForResource(s.ctx, &ecr.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
		s.must("list tags", tags, err)
		tag, err = s.c.TagResource(s.ctx, &ecr.TagResourceInput{ResourceArn: aws.String(arn), Tags: []types.Tag{
			{Key: aws.String("c"), Value: aws.String("3")}, {Key: aws.String("d"), Value: aws.String("4")}}})
		s.fails("too many tags", "TooManyTagsException", tag, err)
		tag, err = s.c.TagResource(s.ctx, &ecr.TagResourceInput{ResourceArn: aws.String(arn), Tags: []types.Tag{{Key: aws.String("aws:x"), Value: aws.String("1")}}})
		s.fails("reserved key", "InvalidTagParameterException", tag, err)
		tag, err = s.c.TagResource(s.ctx, &ecr.TagResourceInput{ResourceArn: aws.String(arn + "x"), Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}})
		s.fails("tag missing repo", "RepositoryNotFoundException", tag, err)
		untag, err := s.c.UntagResource(s.ctx, &ecr.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: []string{"b", "z"}})
		s.must("untag", untag, err)
		tags, err = s.c.ListTagsForResource(s.ctx, &ecr.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
		s.must("list after untag", tags, err)
		get, err := s.c.GetRepositoryPolicy(s.ctx, &ecr.GetRepositoryPolicyInput{RepositoryName: aws.String("app")})
		s.fails("no policy", "RepositoryPolicyNotFoundException", get, err)
		set, err := s.c.SetRepositoryPolicy(s.ctx, &ecr.SetRepositoryPolicyInput{RepositoryName: aws.String("app"), PolicyText: aws.String(policy)})
		s.must("set policy", set, err)
		set, err = s.c.SetRepositoryPolicy(s.ctx, &ecr.SetRepositoryPolicyInput{RepositoryName: aws.String("app"), PolicyText: aws.String(`{"Statement":[]}`)})
		s.fails("invalid policy", "InvalidParameterException", set, err)
		get, err = s.c.GetRepositoryPolicy(s.ctx, &ecr.GetRepositoryPolicyInput{RepositoryName: aws.String("app")})
		s.must("get policy", get, err)
		del, err := s.c.DeleteRepositoryPolicy(s.ctx, &ecr.DeleteRepositoryPolicyInput{RepositoryName: aws.String("app")})
		s.must("delete policy", del, err)
		del, err = s.c.DeleteRepositoryPolicy(s.ctx, &ecr.DeleteRepositoryPolicyInput{RepositoryName: aws.String("app")})
		s.fails("delete policy again", "RepositoryPolicyNotFoundException", del, err)
	}},

	{name: "authorization token", run: func(s *session) {
		out, err := s.c.GetAuthorizationToken(s.ctx, nil)
		s.must("token", out, err)
		s.clock.Advance(90*time.Minute + 123*time.Millisecond)
		out, err = s.c.GetAuthorizationToken(s.ctx, &ecr.GetAuthorizationTokenInput{RegistryIds: []string{"123456789012", "210987654321"}})
		s.must("two registries", out, err)
		out, err = s.c.GetAuthorizationToken(s.ctx, &ecr.GetAuthorizationTokenInput{RegistryIds: []string{"12"}})
		s.fails("bad registry id", "InvalidParameterException", out, err)
	}},

	{name: "validation: client-side required members and service constraints", run: func(s *session) {
		c, err := s.c.CreateRepository(s.ctx, &ecr.CreateRepositoryInput{})
		s.fails("missing repositoryName", "", c, err)
		g, err := s.c.BatchGetImage(s.ctx, &ecr.BatchGetImageInput{})
		s.fails("missing two members", "", g, err)
		tr, err := s.c.TagResource(s.ctx, &ecr.TagResourceInput{ResourceArn: aws.String("arn"), Tags: []types.Tag{{Key: aws.String("k")}}})
		s.fails("nested missing member", "", tr, err)
		d, err := s.c.DescribeRepositories(s.ctx, &ecr.DescribeRepositoriesInput{RepositoryNames: []string{}})
		s.fails("empty list", "InvalidParameterException", d, err)
		d, err = s.c.DescribeRepositories(s.ctx, &ecr.DescribeRepositoriesInput{RegistryId: aws.String("not-an-account")})
		s.fails("bad registry id", "InvalidParameterException", d, err)
		u, err := s.c.UploadLayerPart(s.ctx, &ecr.UploadLayerPartInput{RepositoryName: aws.String("app"), UploadId: aws.String("u"),
			PartFirstByte: aws.Int64(-1), PartLastByte: aws.Int64(0), LayerPartBlob: []byte("x")})
		s.fails("negative first byte", "InvalidParameterException", u, err)
		lp, err := s.c.PutLifecyclePolicy(s.ctx, &ecr.PutLifecyclePolicyInput{RepositoryName: aws.String("app"), LifecyclePolicyText: aws.String("{}")})
		s.steps = append(s.steps, step{"lifecycle policy", lp, err}) // modelled or not, both paths agree
		reg, err := s.c.DescribeRegistry(s.ctx, nil)
		s.steps = append(s.steps, step{"describe registry", reg, err})
	}},

	{name: "limits and injected faults", opts: []ecrfake.Option{ecrfake.WithLimits(ecrfake.Limits{MaxRepositories: 1})}, run: func(s *session) {
		s.createRepo("one")
		c, err := s.c.CreateRepository(s.ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("two")})
		s.fails("over the quota", "LimitExceededException", c, err)
		s.fake.Inject(ecrfake.Fail(ecrfake.OpDescribeRepositories, ecrfake.ErrThrottling()).Times(1))
		d, err := s.c.DescribeRepositories(s.ctx, nil)
		s.fails("throttled", "ThrottlingException", d, err)
		d, err = s.c.DescribeRepositories(s.ctx, nil)
		s.must("after the throttle", d, err)
		s.fake.Inject(ecrfake.Fail(ecrfake.OpGetAuthorizationToken, ecrfake.ErrServer()).Times(1))
		tok, err := s.c.GetAuthorizationToken(s.ctx, nil)
		s.fails("server error", "ServerException", tok, err)
		s.fake.Inject(ecrfake.Fail(ecrfake.OpCompleteLayerUpload, ecrfake.ErrKms("KMSInvalidStateException")).Times(1))
		done, err := s.c.CompleteLayerUpload(s.ctx, &ecr.CompleteLayerUploadInput{RepositoryName: aws.String("one"), UploadId: aws.String("u"), LayerDigests: []string{"sha256:x"}})
		s.fails("kms", "KmsException", done, err)
	}},
}
