//go:build ecrpublic_face

// These tests exercise the ECR Public face named in PUBLIC-SEAMS.md
// (NewPublic, Fake.Public, Public.Client, OpPublic*). They are behind the
// ecrpublic_face build tag until the face (branch pubface) and the state
// (branch pubstate) are merged; then drop the tag.

package ecrfake_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecrpublic"
	pt "github.com/aws/aws-sdk-go-v2/service/ecrpublic/types"
	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// publicAPI is what both faces offer: *ecrfake.Public and the real
// *ecrpublic.Client of Public.Client() have the same methods.
type publicAPI interface {
	CreateRepository(context.Context, *ecrpublic.CreateRepositoryInput, ...func(*ecrpublic.Options)) (*ecrpublic.CreateRepositoryOutput, error)
	DescribeRepositories(context.Context, *ecrpublic.DescribeRepositoriesInput, ...func(*ecrpublic.Options)) (*ecrpublic.DescribeRepositoriesOutput, error)
	DeleteRepository(context.Context, *ecrpublic.DeleteRepositoryInput, ...func(*ecrpublic.Options)) (*ecrpublic.DeleteRepositoryOutput, error)
	DescribeRegistries(context.Context, *ecrpublic.DescribeRegistriesInput, ...func(*ecrpublic.Options)) (*ecrpublic.DescribeRegistriesOutput, error)
	GetRepositoryCatalogData(context.Context, *ecrpublic.GetRepositoryCatalogDataInput, ...func(*ecrpublic.Options)) (*ecrpublic.GetRepositoryCatalogDataOutput, error)
	PutRepositoryCatalogData(context.Context, *ecrpublic.PutRepositoryCatalogDataInput, ...func(*ecrpublic.Options)) (*ecrpublic.PutRepositoryCatalogDataOutput, error)
	GetRegistryCatalogData(context.Context, *ecrpublic.GetRegistryCatalogDataInput, ...func(*ecrpublic.Options)) (*ecrpublic.GetRegistryCatalogDataOutput, error)
	PutRegistryCatalogData(context.Context, *ecrpublic.PutRegistryCatalogDataInput, ...func(*ecrpublic.Options)) (*ecrpublic.PutRegistryCatalogDataOutput, error)
	SetRepositoryPolicy(context.Context, *ecrpublic.SetRepositoryPolicyInput, ...func(*ecrpublic.Options)) (*ecrpublic.SetRepositoryPolicyOutput, error)
	GetRepositoryPolicy(context.Context, *ecrpublic.GetRepositoryPolicyInput, ...func(*ecrpublic.Options)) (*ecrpublic.GetRepositoryPolicyOutput, error)
	DeleteRepositoryPolicy(context.Context, *ecrpublic.DeleteRepositoryPolicyInput, ...func(*ecrpublic.Options)) (*ecrpublic.DeleteRepositoryPolicyOutput, error)
	TagResource(context.Context, *ecrpublic.TagResourceInput, ...func(*ecrpublic.Options)) (*ecrpublic.TagResourceOutput, error)
	UntagResource(context.Context, *ecrpublic.UntagResourceInput, ...func(*ecrpublic.Options)) (*ecrpublic.UntagResourceOutput, error)
	ListTagsForResource(context.Context, *ecrpublic.ListTagsForResourceInput, ...func(*ecrpublic.Options)) (*ecrpublic.ListTagsForResourceOutput, error)
	InitiateLayerUpload(context.Context, *ecrpublic.InitiateLayerUploadInput, ...func(*ecrpublic.Options)) (*ecrpublic.InitiateLayerUploadOutput, error)
	UploadLayerPart(context.Context, *ecrpublic.UploadLayerPartInput, ...func(*ecrpublic.Options)) (*ecrpublic.UploadLayerPartOutput, error)
	CompleteLayerUpload(context.Context, *ecrpublic.CompleteLayerUploadInput, ...func(*ecrpublic.Options)) (*ecrpublic.CompleteLayerUploadOutput, error)
	BatchCheckLayerAvailability(context.Context, *ecrpublic.BatchCheckLayerAvailabilityInput, ...func(*ecrpublic.Options)) (*ecrpublic.BatchCheckLayerAvailabilityOutput, error)
	PutImage(context.Context, *ecrpublic.PutImageInput, ...func(*ecrpublic.Options)) (*ecrpublic.PutImageOutput, error)
	DescribeImages(context.Context, *ecrpublic.DescribeImagesInput, ...func(*ecrpublic.Options)) (*ecrpublic.DescribeImagesOutput, error)
	DescribeImageTags(context.Context, *ecrpublic.DescribeImageTagsInput, ...func(*ecrpublic.Options)) (*ecrpublic.DescribeImageTagsOutput, error)
	BatchDeleteImage(context.Context, *ecrpublic.BatchDeleteImageInput, ...func(*ecrpublic.Options)) (*ecrpublic.BatchDeleteImageOutput, error)
	GetAuthorizationToken(context.Context, *ecrpublic.GetAuthorizationTokenInput, ...func(*ecrpublic.Options)) (*ecrpublic.GetAuthorizationTokenOutput, error)
}

var (
	_ publicAPI = (*ecrfake.Public)(nil)
	_ publicAPI = (*ecrpublic.Client)(nil)
)

const pubAccount = "123456789012"

var pubEpoch = time.Date(2030, time.January, 1, 0, 0, 0, 0, time.UTC)

// bothPublicFaces runs fn against the methods of a fresh *Public and against
// its Client(), each on a fresh world with a manual clock.
func bothPublicFaces(t *testing.T, fn func(t *testing.T, api publicAPI, p *ecrfake.Public, clock *ecrfake.ManualClock)) {
	t.Helper()
	for _, face := range []string{"methods", "client"} {
		t.Run(face, func(t *testing.T) {
			clock := ecrfake.NewManualClock(pubEpoch)
			p := ecrfake.NewPublic(ecrfake.WithClock(clock))
			var api publicAPI = p
			if face == "client" {
				api = p.Client()
			}
			fn(t, api, p, clock)
		})
	}
}

func pubDigest(b []byte) string {
	s := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(s[:])
}

// pubPush uploads a config and a layer and puts a manifest tagged tag.
func pubPush(t *testing.T, api publicAPI, repo, tag, seed string) string {
	t.Helper()
	ctx := context.Background()
	config, layer := []byte(`{"architecture":"amd64","os":"linux","seed":"`+seed+`"}`), []byte("layer "+seed)
	for _, blob := range [][]byte{config, layer} {
		up, err := api.InitiateLayerUpload(ctx, &ecrpublic.InitiateLayerUploadInput{RepositoryName: aws.String(repo)})
		require.NoError(t, err)
		_, err = api.UploadLayerPart(ctx, &ecrpublic.UploadLayerPartInput{RepositoryName: aws.String(repo), UploadId: up.UploadId,
			PartFirstByte: aws.Int64(0), PartLastByte: aws.Int64(int64(len(blob) - 1)), LayerPartBlob: blob})
		require.NoError(t, err)
		_, err = api.CompleteLayerUpload(ctx, &ecrpublic.CompleteLayerUploadInput{RepositoryName: aws.String(repo), UploadId: up.UploadId, LayerDigests: []string{pubDigest(blob)}})
		require.NoError(t, err)
	}
	manifest := fmt.Sprintf(`{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",`+
		`"config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":%d,"digest":%q},`+
		`"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":%d,"digest":%q}]}`,
		len(config), pubDigest(config), len(layer), pubDigest(layer))
	out, err := api.PutImage(ctx, &ecrpublic.PutImageInput{RepositoryName: aws.String(repo), ImageTag: aws.String(tag), ImageManifest: aws.String(manifest)})
	require.NoError(t, err)
	require.Equal(t, pubDigest([]byte(manifest)), *out.Image.ImageId.ImageDigest)
	return *out.Image.ImageId.ImageDigest
}

func requireCode(t *testing.T, err error, code string) {
	t.Helper()
	var apiErr smithy.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, code, apiErr.ErrorCode(), err.Error())
}

func TestPublicRegistriesAndRepositories(t *testing.T) {
	bothPublicFaces(t, func(t *testing.T, api publicAPI, _ *ecrfake.Public, _ *ecrfake.ManualClock) {
		ctx := context.Background()
		// Before the first repository: no alias, empty URI (spec §4).
		regs, err := api.DescribeRegistries(ctx, &ecrpublic.DescribeRegistriesInput{})
		require.NoError(t, err)
		require.Len(t, regs.Registries, 1)
		r := regs.Registries[0]
		assert.Equal(t, pubAccount, *r.RegistryId)
		assert.Equal(t, "arn:aws:ecr-public::"+pubAccount+":registry/"+pubAccount, *r.RegistryArn)
		assert.Equal(t, "", *r.RegistryUri)
		assert.Empty(t, r.Aliases)
		assert.False(t, *r.Verified)

		created, err := api.CreateRepository(ctx, &ecrpublic.CreateRepositoryInput{RepositoryName: aws.String("team/app")})
		require.NoError(t, err)
		regs, err = api.DescribeRegistries(ctx, &ecrpublic.DescribeRegistriesInput{})
		require.NoError(t, err)
		require.Len(t, regs.Registries[0].Aliases, 1)
		alias := regs.Registries[0].Aliases[0]
		assert.Regexp(t, `^[a-z][0-9][a-z][0-9][a-z][0-9][a-z][0-9]$`, *alias.Name, "8 characters, letter/digit alternating")
		assert.Equal(t, pt.RegistryAliasStatusActive, alias.Status)
		assert.True(t, alias.PrimaryRegistryAlias)
		assert.True(t, alias.DefaultRegistryAlias)
		assert.Equal(t, "public.ecr.aws/"+*alias.Name, *regs.Registries[0].RegistryUri)

		repo := created.Repository
		assert.Equal(t, "arn:aws:ecr-public::"+pubAccount+":repository/team/app", *repo.RepositoryArn)
		assert.Equal(t, "public.ecr.aws/"+*alias.Name+"/team/app", *repo.RepositoryUri)
		assert.Equal(t, pubEpoch, *repo.CreatedAt)
		require.NotNil(t, created.CatalogData, "the real output carries catalogData: {}")

		// Deterministic: the same account gets the same alias in another world.
		other := ecrfake.NewPublic()
		_, err = other.CreateRepository(ctx, &ecrpublic.CreateRepositoryInput{RepositoryName: aws.String("x1")})
		require.NoError(t, err)
		again, err := other.DescribeRegistries(ctx, nil)
		require.NoError(t, err)
		assert.Equal(t, *alias.Name, *again.Registries[0].Aliases[0].Name)

		_, err = api.CreateRepository(ctx, &ecrpublic.CreateRepositoryInput{RepositoryName: aws.String("team/app")})
		requireCode(t, err, "RepositoryAlreadyExistsException")
		_, err = api.DescribeRepositories(ctx, &ecrpublic.DescribeRepositoriesInput{RepositoryNames: []string{"team/app", "nope"}})
		requireCode(t, err, "RepositoryNotFoundException")
		_, err = api.CreateRepository(ctx, &ecrpublic.CreateRepositoryInput{RepositoryName: aws.String("a__b")})
		requireCode(t, err, "InvalidParameterException")
		var ipe *pt.InvalidParameterException
		require.ErrorAs(t, err, &ipe, "ECR Public's own exception type")

		pubPush(t, api, "team/app", "v1", "a")
		_, err = api.DeleteRepository(ctx, &ecrpublic.DeleteRepositoryInput{RepositoryName: aws.String("team/app")})
		requireCode(t, err, "RepositoryNotEmptyException")
		_, err = api.DeleteRepository(ctx, &ecrpublic.DeleteRepositoryInput{RepositoryName: aws.String("team/app"), Force: true})
		require.NoError(t, err)
		list, err := api.DescribeRepositories(ctx, nil)
		require.NoError(t, err)
		assert.Empty(t, list.Repositories)
	})
}

func TestPublicPaginationNeverEmptyToken(t *testing.T) {
	bothPublicFaces(t, func(t *testing.T, api publicAPI, _ *ecrfake.Public, _ *ecrfake.ManualClock) {
		ctx := context.Background()
		for i := range 5 {
			_, err := api.CreateRepository(ctx, &ecrpublic.CreateRepositoryInput{RepositoryName: aws.String(fmt.Sprintf("r%d", i))})
			require.NoError(t, err)
		}
		var names []string
		var token *string
		for pages := 0; ; pages++ {
			require.Less(t, pages, 10)
			out, err := api.DescribeRepositories(ctx, &ecrpublic.DescribeRepositoriesInput{MaxResults: aws.Int32(2), NextToken: token})
			require.NoError(t, err)
			for _, r := range out.Repositories {
				names = append(names, *r.RepositoryName)
			}
			if out.NextToken == nil {
				break
			}
			require.NotEmpty(t, *out.NextToken, "paginators stop on an empty token")
			token = out.NextToken
		}
		assert.ElementsMatch(t, []string{"r0", "r1", "r2", "r3", "r4"}, names)
		_, err := api.DescribeRepositories(ctx, &ecrpublic.DescribeRepositoriesInput{MaxResults: aws.Int32(0)})
		requireCode(t, err, "InvalidParameterException")
	})
}

func TestPublicCatalogData(t *testing.T) {
	bothPublicFaces(t, func(t *testing.T, api publicAPI, _ *ecrfake.Public, _ *ecrfake.ManualClock) {
		ctx := context.Background()
		logo := []byte("\x89PNG\r\n\x1a\nlogo")
		created, err := api.CreateRepository(ctx, &ecrpublic.CreateRepositoryInput{RepositoryName: aws.String("tool"),
			CatalogData: &pt.RepositoryCatalogDataInput{Description: aws.String("a tool"), Architectures: []string{"ARM 64", "x86-64"},
				OperatingSystems: []string{"Linux"}, AboutText: aws.String("# About"), UsageText: aws.String("docker run"), LogoImageBlob: logo}})
		require.NoError(t, err)
		assert.Equal(t, "a tool", *created.CatalogData.Description)
		require.NotNil(t, created.CatalogData.LogoUrl, "the blob comes back as a logoUrl")
		assert.True(t, strings.HasPrefix(*created.CatalogData.LogoUrl, "https://"), *created.CatalogData.LogoUrl)

		got, err := api.GetRepositoryCatalogData(ctx, &ecrpublic.GetRepositoryCatalogDataInput{RepositoryName: aws.String("tool")})
		require.NoError(t, err)
		assert.Equal(t, []string{"ARM 64", "x86-64"}, got.CatalogData.Architectures)
		assert.Equal(t, []string{"Linux"}, got.CatalogData.OperatingSystems)
		assert.Equal(t, "# About", *got.CatalogData.AboutText)

		// Values are not validated (terraform stores architecture "Linux").
		_, err = api.PutRepositoryCatalogData(ctx, &ecrpublic.PutRepositoryCatalogDataInput{RepositoryName: aws.String("tool"),
			CatalogData: &pt.RepositoryCatalogDataInput{Architectures: []string{"Linux"}}})
		require.NoError(t, err)

		_, err = api.PutRepositoryCatalogData(ctx, &ecrpublic.PutRepositoryCatalogDataInput{RepositoryName: aws.String("tool"),
			CatalogData: &pt.RepositoryCatalogDataInput{LogoImageBlob: make([]byte, 512001)}})
		requireCode(t, err, "InvalidParameterException")
		_, err = api.PutRepositoryCatalogData(ctx, &ecrpublic.PutRepositoryCatalogDataInput{RepositoryName: aws.String("nope"),
			CatalogData: &pt.RepositoryCatalogDataInput{}})
		requireCode(t, err, "RepositoryNotFoundException")

		// A repository created without catalog data has empty data, no error.
		_, err = api.CreateRepository(ctx, &ecrpublic.CreateRepositoryInput{RepositoryName: aws.String("bare")})
		require.NoError(t, err)
		bare, err := api.GetRepositoryCatalogData(ctx, &ecrpublic.GetRepositoryCatalogDataInput{RepositoryName: aws.String("bare")})
		require.NoError(t, err)
		require.NotNil(t, bare.CatalogData)
		assert.Nil(t, bare.CatalogData.Description)

		reg, err := api.GetRegistryCatalogData(ctx, &ecrpublic.GetRegistryCatalogDataInput{})
		require.NoError(t, err)
		require.NotNil(t, reg.RegistryCatalogData, "a required output member")
		put, err := api.PutRegistryCatalogData(ctx, &ecrpublic.PutRegistryCatalogDataInput{DisplayName: aws.String("Example Corp")})
		require.NoError(t, err)
		assert.Equal(t, "Example Corp", *put.RegistryCatalogData.DisplayName)
		_, err = api.PutRegistryCatalogData(ctx, &ecrpublic.PutRegistryCatalogDataInput{DisplayName: aws.String(strings.Repeat("n", 101))})
		requireCode(t, err, "InvalidParameterException")
	})
}

func TestPublicPoliciesAndTags(t *testing.T) {
	bothPublicFaces(t, func(t *testing.T, api publicAPI, _ *ecrfake.Public, _ *ecrfake.ManualClock) {
		ctx := context.Background()
		created, err := api.CreateRepository(ctx, &ecrpublic.CreateRepositoryInput{RepositoryName: aws.String("app"),
			Tags: []pt.Tag{{Key: aws.String("team"), Value: aws.String("infra")}}})
		require.NoError(t, err)
		arn := created.Repository.RepositoryArn

		_, err = api.GetRepositoryPolicy(ctx, &ecrpublic.GetRepositoryPolicyInput{RepositoryName: aws.String("app")})
		requireCode(t, err, "RepositoryPolicyNotFoundException")
		policy := `{"Version":"2008-10-17","Statement":[{"Sid":"pull","Effect":"Allow","Principal":"*","Action":["ecr-public:BatchCheckLayerAvailability"]}]}`
		set, err := api.SetRepositoryPolicy(ctx, &ecrpublic.SetRepositoryPolicyInput{RepositoryName: aws.String("app"), PolicyText: aws.String(policy)})
		require.NoError(t, err)
		assert.Equal(t, "app", *set.RepositoryName)
		got, err := api.GetRepositoryPolicy(ctx, &ecrpublic.GetRepositoryPolicyInput{RepositoryName: aws.String("app")})
		require.NoError(t, err)
		assert.JSONEq(t, policy, *got.PolicyText)
		_, err = api.SetRepositoryPolicy(ctx, &ecrpublic.SetRepositoryPolicyInput{RepositoryName: aws.String("app"), PolicyText: aws.String("{not json")})
		requireCode(t, err, "InvalidParameterException")
		del, err := api.DeleteRepositoryPolicy(ctx, &ecrpublic.DeleteRepositoryPolicyInput{RepositoryName: aws.String("app")})
		require.NoError(t, err)
		assert.JSONEq(t, policy, *del.PolicyText)

		tags, err := api.ListTagsForResource(ctx, &ecrpublic.ListTagsForResourceInput{ResourceArn: arn})
		require.NoError(t, err)
		assert.Equal(t, []pt.Tag{{Key: aws.String("team"), Value: aws.String("infra")}}, tags.Tags)
		_, err = api.TagResource(ctx, &ecrpublic.TagResourceInput{ResourceArn: arn, Tags: []pt.Tag{{Key: aws.String("team"), Value: aws.String("web")}, {Key: aws.String("env"), Value: aws.String("")}}})
		require.NoError(t, err)
		_, err = api.UntagResource(ctx, &ecrpublic.UntagResourceInput{ResourceArn: arn, TagKeys: []string{"env"}})
		require.NoError(t, err)
		tags, err = api.ListTagsForResource(ctx, &ecrpublic.ListTagsForResourceInput{ResourceArn: arn})
		require.NoError(t, err)
		assert.Equal(t, []pt.Tag{{Key: aws.String("team"), Value: aws.String("web")}}, tags.Tags)

		many := make([]pt.Tag, 51)
		for i := range many {
			many[i] = pt.Tag{Key: aws.String(fmt.Sprintf("k%d", i)), Value: aws.String("v")}
		}
		_, err = api.TagResource(ctx, &ecrpublic.TagResourceInput{ResourceArn: arn, Tags: many})
		requireCode(t, err, "TooManyTagsException")
		_, err = api.TagResource(ctx, &ecrpublic.TagResourceInput{ResourceArn: arn, Tags: []pt.Tag{{Key: aws.String(strings.Repeat("k", 129)), Value: aws.String("v")}}})
		requireCode(t, err, "InvalidTagParameterException")
		_, err = api.ListTagsForResource(ctx, &ecrpublic.ListTagsForResourceInput{ResourceArn: aws.String("arn:aws:ecr-public::" + pubAccount + ":repository/nope")})
		requireCode(t, err, "RepositoryNotFoundException")
		_, err = api.ListTagsForResource(ctx, &ecrpublic.ListTagsForResourceInput{ResourceArn: aws.String("not-an-arn")})
		requireCode(t, err, "InvalidParameterException")
	})
}

func TestPublicImagesAndLayers(t *testing.T) {
	bothPublicFaces(t, func(t *testing.T, api publicAPI, _ *ecrfake.Public, clock *ecrfake.ManualClock) {
		ctx := context.Background()
		_, err := api.CreateRepository(ctx, &ecrpublic.CreateRepositoryInput{RepositoryName: aws.String("app")})
		require.NoError(t, err)
		regs, err := api.DescribeRegistries(ctx, nil)
		require.NoError(t, err)
		alias := *regs.Registries[0].Aliases[0].Name

		up, err := api.InitiateLayerUpload(ctx, &ecrpublic.InitiateLayerUploadInput{RepositoryName: aws.String("app")})
		require.NoError(t, err)
		assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`, *up.UploadId)
		_, err = api.CompleteLayerUpload(ctx, &ecrpublic.CompleteLayerUploadInput{RepositoryName: aws.String("app"), UploadId: up.UploadId, LayerDigests: []string{pubDigest(nil)}})
		requireCode(t, err, "EmptyUploadException")
		_, err = api.UploadLayerPart(ctx, &ecrpublic.UploadLayerPartInput{RepositoryName: aws.String("app"), UploadId: aws.String("3f2504e0-4f89-11d3-9a0c-0305e82c3301"),
			PartFirstByte: aws.Int64(0), PartLastByte: aws.Int64(0), LayerPartBlob: []byte{1}})
		requireCode(t, err, "UploadNotFoundException")
		// The alias works as registryId on the push path; an unknown one does not.
		_, err = api.InitiateLayerUpload(ctx, &ecrpublic.InitiateLayerUploadInput{RegistryId: aws.String(alias), RepositoryName: aws.String("app")})
		require.NoError(t, err)
		_, err = api.InitiateLayerUpload(ctx, &ecrpublic.InitiateLayerUploadInput{RegistryId: aws.String("zz9zz9zz"), RepositoryName: aws.String("app")})
		requireCode(t, err, "RegistryNotFoundException")

		d1 := pubPush(t, api, "app", "v1", "one")
		clock.Advance(time.Hour)
		d2 := pubPush(t, api, "app", "v1", "two") // tags are always mutable: v1 moves
		imgs, err := api.DescribeImages(ctx, &ecrpublic.DescribeImagesInput{RepositoryName: aws.String("app")})
		require.NoError(t, err)
		require.Len(t, imgs.ImageDetails, 2)
		byDigest := map[string]pt.ImageDetail{}
		for _, d := range imgs.ImageDetails {
			byDigest[*d.ImageDigest] = d
		}
		assert.Empty(t, byDigest[d1].ImageTags)
		assert.Equal(t, []string{"v1"}, byDigest[d2].ImageTags)

		tags, err := api.DescribeImageTags(ctx, &ecrpublic.DescribeImageTagsInput{RepositoryName: aws.String("app")})
		require.NoError(t, err)
		require.Len(t, tags.ImageTagDetails, 1, "one entry per tag; untagged images are absent")
		assert.Equal(t, "v1", *tags.ImageTagDetails[0].ImageTag)
		assert.Equal(t, d2, *tags.ImageTagDetails[0].ImageDetail.ImageDigest)
		assert.Equal(t, pubEpoch.Add(time.Hour), *tags.ImageTagDetails[0].CreatedAt)

		check, err := api.BatchCheckLayerAvailability(ctx, &ecrpublic.BatchCheckLayerAvailabilityInput{RepositoryName: aws.String("app"),
			LayerDigests: []string{pubDigest([]byte("layer one")), pubDigest([]byte("never"))}})
		require.NoError(t, err)
		avail := map[string]pt.LayerAvailability{}
		for _, l := range check.Layers {
			avail[*l.LayerDigest] = l.LayerAvailability
		}
		assert.Equal(t, pt.LayerAvailabilityAvailable, avail[pubDigest([]byte("layer one"))])

		del, err := api.BatchDeleteImage(ctx, &ecrpublic.BatchDeleteImageInput{RepositoryName: aws.String("app"),
			ImageIds: []pt.ImageIdentifier{{ImageDigest: aws.String(d1)}, {ImageTag: aws.String("missing")}}})
		require.NoError(t, err)
		require.Len(t, del.ImageIds, 1)
		require.Len(t, del.Failures, 1)
		assert.Equal(t, pt.ImageFailureCodeImageNotFound, del.Failures[0].FailureCode)
		_, err = api.DescribeImages(ctx, &ecrpublic.DescribeImagesInput{RepositoryName: aws.String("app"), ImageIds: []pt.ImageIdentifier{{ImageDigest: aws.String(d1)}}})
		requireCode(t, err, "ImageNotFoundException")
	})
}

func TestPublicAuthorizationToken(t *testing.T) {
	bothPublicFaces(t, func(t *testing.T, api publicAPI, _ *ecrfake.Public, _ *ecrfake.ManualClock) {
		out, err := api.GetAuthorizationToken(context.Background(), &ecrpublic.GetAuthorizationTokenInput{})
		require.NoError(t, err)
		data := out.AuthorizationData
		require.NotNil(t, data)
		assert.Equal(t, pubEpoch.Add(12*time.Hour), *data.ExpiresAt)
		raw, err := base64.StdEncoding.DecodeString(*data.AuthorizationToken)
		require.NoError(t, err)
		assert.True(t, strings.HasPrefix(string(raw), "AWS:"), "base64 of AWS:<password>")
	})
}

// The public face shares the world of Fake.Public(): faults, the call log,
// the clock and Reset.
func TestPublicSharesTheWorld(t *testing.T) {
	ctx := context.Background()
	f := ecrfake.New()
	p := f.Public()
	hook := p.Inject(ecrfake.Fail(ecrfake.OpPublicCreateRepository, ecrfake.ErrThrottling()))
	_, err := p.CreateRepository(ctx, &ecrpublic.CreateRepositoryInput{RepositoryName: aws.String("app")})
	requireCode(t, err, "ThrottlingException")
	assert.Equal(t, 1, hook.Hits())
	var opErr *smithy.OperationError
	require.True(t, errors.As(err, &opErr))
	assert.Equal(t, "ECR PUBLIC", opErr.ServiceID)
	assert.Contains(t, err.Error(), "operation error ECR PUBLIC: CreateRepository, https response error StatusCode: 400")

	assert.Equal(t, ecrfake.OpPublicCreateRepository, ecrfake.OpOf[ecrpublic.CreateRepositoryInput]())
	assert.Len(t, ecrfake.PublicOps(), 23)
	assert.Len(t, ecrfake.Ops(), 62)

	// A private and a public repository of the same name are different
	// repositories of the same world.
	f.RemoveHooks()
	_, err = f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	_, err = p.CreateRepository(ctx, &ecrpublic.CreateRepositoryInput{RepositoryName: aws.String("app")})
	require.NoError(t, err, "the private repository does not collide")
	calls := p.Calls()
	require.NotEmpty(t, calls)
	assert.Equal(t, ecrfake.OpPublicCreateRepository, calls[len(calls)-1].Op)
	_, err = f.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{})
	require.NoError(t, err)
	p.Reset()
	pub, err := p.DescribeRepositories(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, pub.Repositories, "Reset on the public face resets the world")
}
