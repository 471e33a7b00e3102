package constraints

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecrpublic"
	pt "github.com/aws/aws-sdk-go-v2/service/ecrpublic/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/internal/required"
)

const publicRepoRegexp = "must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*'"

var publicViolationCases = []violationCase{
	{"repository name too short", &ecrpublic.CreateRepositoryInput{RepositoryName: p("a")},
		msg("repositoryName", "must have length greater than or equal to 2")},
	{"repository name 206", &ecrpublic.CreateRepositoryInput{RepositoryName: p(strings.Repeat("a", 206))},
		msg("repositoryName", "must have length less than or equal to 205")},
	{"repository name 205 is fine", &ecrpublic.CreateRepositoryInput{RepositoryName: p(strings.Repeat("a", 205))}, ""},
	{"repository name double underscore (private allows it)", &ecrpublic.CreateRepositoryInput{RepositoryName: p("a__b")},
		msg("repositoryName", publicRepoRegexp)},
	{"repository name run of dashes (private allows it)", &ecrpublic.DescribeImagesInput{RepositoryName: p("a--b")},
		msg("repositoryName", publicRepoRegexp)},
	{"repository name upper case", &ecrpublic.DeleteRepositoryInput{RepositoryName: p("Repo")},
		msg("repositoryName", publicRepoRegexp)},
	{"description 1025", &ecrpublic.CreateRepositoryInput{RepositoryName: p("repo"), CatalogData: &pt.RepositoryCatalogDataInput{Description: p(strings.Repeat("d", 1025))}},
		msg("catalogData.description", "must have length less than or equal to 1024")},
	{"architecture empty", &ecrpublic.PutRepositoryCatalogDataInput{RepositoryName: p("repo"), CatalogData: &pt.RepositoryCatalogDataInput{Architectures: []string{"x86", ""}}},
		msg("catalogData.architectures[1]", "must have length greater than or equal to 1")},
	{"51 operating systems", &ecrpublic.PutRepositoryCatalogDataInput{RepositoryName: p("repo"), CatalogData: &pt.RepositoryCatalogDataInput{OperatingSystems: strs(51, "Linux")}},
		msg("catalogData.operatingSystems", "Member must have length less than or equal to 50")},
	{"logo over 500 KB", &ecrpublic.PutRepositoryCatalogDataInput{RepositoryName: p("repo"), CatalogData: &pt.RepositoryCatalogDataInput{LogoImageBlob: make([]byte, 512001)}},
		msg("catalogData.logoImageBlob", "Member must have length less than or equal to 512000")},
	{"logo 500 KB is fine", &ecrpublic.PutRepositoryCatalogDataInput{RepositoryName: p("repo"), CatalogData: &pt.RepositoryCatalogDataInput{LogoImageBlob: make([]byte, 512000)}}, ""},
	{"about text 25601", &ecrpublic.PutRepositoryCatalogDataInput{RepositoryName: p("repo"), CatalogData: &pt.RepositoryCatalogDataInput{AboutText: p(strings.Repeat("a", 25601))}},
		msg("catalogData.aboutText", "must have length less than or equal to 25600")},
	{"display name 101", &ecrpublic.PutRegistryCatalogDataInput{DisplayName: p(strings.Repeat("n", 101))},
		msg("displayName", "must have length less than or equal to 100")},
	{"display name empty is fine", &ecrpublic.PutRegistryCatalogDataInput{DisplayName: p("")}, ""},
	{"registry id not 12 digits", &ecrpublic.DescribeRepositoriesInput{RegistryId: p("1234")},
		msg("registryId", "must satisfy regular expression '[0-9]{12}'")},
	{"registry alias as id on the push path", &ecrpublic.InitiateLayerUploadInput{RegistryId: p("myalias"), RepositoryName: p("repo")}, ""},
	{"registry id or alias too short", &ecrpublic.InitiateLayerUploadInput{RegistryId: p("a"), RepositoryName: p("repo")},
		msg("registryId", "must have length greater than or equal to 2")},
	{"max results 0", &ecrpublic.DescribeRegistriesInput{MaxResults: p[int32](0)},
		msg("maxResults", "Member must have value greater than or equal to 1")},
	{"max results 1001", &ecrpublic.DescribeImageTagsInput{RepositoryName: p("repo"), MaxResults: p[int32](1001)},
		msg("maxResults", "Member must have value less than or equal to 1000")},
	{"101 repository names", &ecrpublic.DescribeRepositoriesInput{RepositoryNames: strs(101, "repo")},
		msg("repositoryNames", "Member must have length less than or equal to 100")},
	{"image tag with a space", &ecrpublic.PutImageInput{RepositoryName: p("repo"), ImageManifest: p("{}"), ImageTag: p("a b")},
		msg("imageTag", "must satisfy regular expression '[a-zA-Z0-9-_.]+'")},
	{"image tag 301", &ecrpublic.PutImageInput{RepositoryName: p("repo"), ImageManifest: p("{}"), ImageTag: p(strings.Repeat("t", 301))},
		msg("imageTag", "must have length less than or equal to 300")},
	{"empty manifest", &ecrpublic.PutImageInput{RepositoryName: p("repo"), ImageManifest: p("")},
		msg("imageManifest", "must have length greater than or equal to 1")},
	{"upload id not a uuid", &ecrpublic.UploadLayerPartInput{RepositoryName: p("repo"), UploadId: p("nope"), PartFirstByte: p[int64](0), PartLastByte: p[int64](0), LayerPartBlob: []byte{1}},
		msg("uploadId", "must satisfy regular expression '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'")},
	{"layer part over 20 MiB", &ecrpublic.UploadLayerPartInput{RepositoryName: p("repo"), UploadId: p(uploadID), PartFirstByte: p[int64](0), PartLastByte: p[int64](0), LayerPartBlob: make([]byte, 20971521)},
		msg("layerPartBlob", "Member must have length less than or equal to 20971520")},
	{"complete with a bad digest", &ecrpublic.CompleteLayerUploadInput{RepositoryName: p("repo"), UploadId: p(uploadID), LayerDigests: []string{digest, "sha256:xyz"}},
		msg("layerDigests[1]", "must satisfy regular expression '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'")},
	{"policy 10241", &ecrpublic.SetRepositoryPolicyInput{RepositoryName: p("repo"), PolicyText: p(strings.Repeat(" ", 10241))},
		msg("policyText", "must have length less than or equal to 10240")},
	{"batch delete: 0 image ids", &ecrpublic.BatchDeleteImageInput{RepositoryName: p("repo"), ImageIds: []pt.ImageIdentifier{}},
		msg("imageIds", "Member must have length greater than or equal to 1")},
	{"batch delete: bad items are the state's business", &ecrpublic.BatchDeleteImageInput{RepositoryName: p("repo"), ImageIds: []pt.ImageIdentifier{{ImageTag: p("a b")}}}, ""},
	{"batch check: bad digests are the state's business", &ecrpublic.BatchCheckLayerAvailabilityInput{RepositoryName: p("repo"), LayerDigests: []string{""}}, ""},
	{"tag keys are the tagging rules' business", &ecrpublic.TagResourceInput{ResourceArn: p(""), Tags: []pt.Tag{{Key: p("")}}}, ""},
	{"201 tags", &ecrpublic.CreateRepositoryInput{RepositoryName: p("repo"), Tags: make([]pt.Tag, 201)},
		msg("tags", "Member must have length less than or equal to 200")},
}

func TestCheckPublicViolations(t *testing.T) {
	requireViolations[pt.InvalidParameterException](t, publicViolationCases)
}

func publicOperationInputs(t *testing.T) map[string]reflect.Type {
	t.Helper()
	out := map[string]reflect.Type{}
	ct := reflect.TypeFor[*ecrpublic.Client]()
	for i := range ct.NumMethod() {
		m := ct.Method(i)
		if m.Name == "Options" {
			continue
		}
		out[m.Name] = m.Type.In(2)
	}
	require.Len(t, out, 23)
	return out
}

// publicValidInputs holds one input per operation with every constrained
// member set, boundary values included; each also satisfies the client's
// required members.
func publicValidInputs() []any {
	repo := p(strings.Repeat("a", 100) + "/" + strings.Repeat("b", 104))
	catalog := &pt.RepositoryCatalogDataInput{
		AboutText: p(strings.Repeat("a", 25600)), UsageText: p(""), Description: p(strings.Repeat("d", 1024)),
		Architectures: strs(50, strings.Repeat("x", 50)), OperatingSystems: []string{"Linux"}, LogoImageBlob: []byte{},
	}
	arn := p("arn:aws:ecr-public::" + account + ":repository/repo")
	return []any{
		&ecrpublic.BatchCheckLayerAvailabilityInput{RegistryId: p(account), RepositoryName: repo, LayerDigests: strs(100, digest)},
		&ecrpublic.BatchDeleteImageInput{RegistryId: p("ab"), RepositoryName: p("r1"), ImageIds: []pt.ImageIdentifier{{ImageTag: p("t")}}},
		&ecrpublic.CompleteLayerUploadInput{RegistryId: p(strings.Repeat("a", 50)), RepositoryName: p("repo"), UploadId: p(uploadID), LayerDigests: strs(100, digest)},
		&ecrpublic.CreateRepositoryInput{RepositoryName: p("a.b_c-d/e"), CatalogData: catalog, Tags: make([]pt.Tag, 200)},
		&ecrpublic.DeleteRepositoryInput{RegistryId: p(account), RepositoryName: p("repo"), Force: true},
		&ecrpublic.DeleteRepositoryPolicyInput{RegistryId: p(account), RepositoryName: p("repo")},
		&ecrpublic.DescribeImageTagsInput{RegistryId: p(account), RepositoryName: p("repo"), MaxResults: p[int32](1000), NextToken: p("t")},
		&ecrpublic.DescribeImagesInput{RegistryId: p(account), RepositoryName: p("repo"), ImageIds: []pt.ImageIdentifier{{ImageDigest: p(digest)}}, MaxResults: p[int32](1)},
		&ecrpublic.DescribeRegistriesInput{MaxResults: p[int32](1), NextToken: p("t")},
		&ecrpublic.DescribeRepositoriesInput{RegistryId: p(account), RepositoryNames: strs(100, "repo"), MaxResults: p[int32](1000)},
		&ecrpublic.GetAuthorizationTokenInput{},
		&ecrpublic.GetRegistryCatalogDataInput{},
		&ecrpublic.GetRepositoryCatalogDataInput{RegistryId: p(account), RepositoryName: p("repo")},
		&ecrpublic.GetRepositoryPolicyInput{RegistryId: p(account), RepositoryName: p("repo")},
		&ecrpublic.InitiateLayerUploadInput{RegistryId: p("alias"), RepositoryName: p("repo")},
		&ecrpublic.ListTagsForResourceInput{ResourceArn: arn},
		&ecrpublic.PutImageInput{RegistryId: p(account), RepositoryName: p("repo"), ImageManifest: p("{}"), ImageManifestMediaType: p("application/vnd.oci.image.manifest.v1+json"), ImageTag: p(strings.Repeat("t", 300)), ImageDigest: p(digest)},
		&ecrpublic.PutRegistryCatalogDataInput{DisplayName: p(strings.Repeat("n", 100))},
		&ecrpublic.PutRepositoryCatalogDataInput{RegistryId: p(account), RepositoryName: p("repo"), CatalogData: &pt.RepositoryCatalogDataInput{LogoImageBlob: make([]byte, 512000)}},
		&ecrpublic.SetRepositoryPolicyInput{RegistryId: p(account), RepositoryName: p("repo"), PolicyText: p(strings.Repeat(" ", 10240)), Force: true},
		&ecrpublic.TagResourceInput{ResourceArn: arn, Tags: []pt.Tag{{Key: p("k"), Value: p("")}}},
		&ecrpublic.UntagResourceInput{ResourceArn: arn, TagKeys: []string{"k"}},
		&ecrpublic.UploadLayerPartInput{RegistryId: p(account), RepositoryName: p("repo"), UploadId: p(uploadID), PartFirstByte: p[int64](0), PartLastByte: p[int64](0), LayerPartBlob: make([]byte, 20971520)},
	}
}

func TestCheckPublicValidInputs(t *testing.T) {
	seen := map[reflect.Type]bool{}
	for _, in := range publicValidInputs() {
		typ := reflect.TypeOf(in)
		assert.False(t, seen[typ], "two valid inputs of %s", typ)
		seen[typ] = true
		assert.NoError(t, Check(in), "%s", typ)
		assert.NoError(t, required.Check(in), "%s: the client would not even send it", typ)
	}
	for op, typ := range publicOperationInputs(t) {
		assert.True(t, seen[typ], "no valid input for %s", op)
	}
}

func TestCheckPublicHandlesEveryOperation(t *testing.T) {
	for op, typ := range publicOperationInputs(t) {
		v, ok := checkInputPublic(reflect.New(typ.Elem()).Interface())
		assert.True(t, ok, "%s: Check does not know %s", op, typ)
		assert.Nil(t, v, "%s: zero input", op)
		v, ok = checkInputPublic(reflect.Zero(typ).Interface())
		assert.True(t, ok, "%s", op)
		assert.Nil(t, v, "%s: nil input", op)
		_, ok = checkInput(reflect.New(typ.Elem()).Interface())
		assert.False(t, ok, "%s: an ECR Public input must not reach the ECR checks", op)
	}
}

func TestPublicValidInputsDoNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are meaningless under the race detector")
	}
	for _, in := range publicValidInputs() {
		allocs := testing.AllocsPerRun(20, func() {
			if Check(in) != nil {
				t.Fatal("invalid")
			}
		})
		assert.Zero(t, allocs, "%T", in)
	}
}

// errorBodyDoer answers every request with the awsJson1.1 error body the fake
// sends for err, so the real ecrpublic client decodes it.
type errorBodyDoer struct{ body []byte }

func (d errorBodyDoer) Do(req *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: http.StatusBadRequest,
		Header:     http.Header{"Content-Type": []string{"application/x-amz-json-1.1"}},
		Body:       io.NopCloser(bytes.NewReader(d.body)),
		Request:    req,
	}, nil
}

// TestPublicViolationsThroughTheRealClient sends each violation's exception
// over the wire to a real *ecrpublic.Client and requires that the client
// accepted the input (it checks required members only), and that the error it
// decodes is the very value Check returned: same type, same text.
func TestPublicViolationsThroughTheRealClient(t *testing.T) {
	for _, tc := range publicViolationCases {
		if tc.want == "" {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			got := Check(tc.in)
			var ipe *pt.InvalidParameterException
			require.True(t, errors.As(got, &ipe))
			require.NoError(t, required.Check(tc.in), "the case must pass the client's own validation")
			body, err := json.Marshal(map[string]string{"__type": ipe.ErrorCode(), "message": ipe.ErrorMessage()})
			require.NoError(t, err)
			c := ecrpublic.New(ecrpublic.Options{Region: "us-east-1", HTTPClient: errorBodyDoer{body}, Credentials: aws.AnonymousCredentials{}, Retryer: aws.NopRetryer{}})
			op := strings.TrimSuffix(reflect.TypeOf(tc.in).Elem().Name(), "Input")
			out := reflect.ValueOf(c).MethodByName(op).Call([]reflect.Value{reflect.ValueOf(context.Background()), reflect.ValueOf(tc.in)})
			realErr, _ := out[1].Interface().(error)
			var decoded *pt.InvalidParameterException
			require.True(t, errors.As(realErr, &decoded), "client error %v", realErr)
			assert.Equal(t, ipe.Error(), decoded.Error())
			assert.Equal(t, ipe.ErrorMessage(), decoded.ErrorMessage())
			assert.Contains(t, realErr.Error(), "operation error ECR PUBLIC: "+op+", https response error StatusCode: 400")
		})
	}
}
