package wire_test

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

	"github.com/aws/aws-sdk-go-v2/service/ecrpublic"
	"github.com/aws/aws-sdk-go-v2/service/ecrpublic/schemas"
	smithy "github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/aws/smithy-go/transport/http/protocol/awsjson"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/internal/sdksnap"
	"github.com/ecrfake/go-ecrfake/internal/wire"
)

// The ecrpublic module's golden wire fixtures (request_snapshot and
// response_snapshot), reproduced by this package's decoder and encoder for
// every one of the 23 operations and every modeled error: the fake's
// ECR Public face speaks exactly what the SDK writes and reads.

const publicTarget = "SpencerFrontendService."

// publicInputs maps each operation to its input schema and a new input value.
var publicInputs = map[string]struct {
	schema *smithy.Schema
	new    func() any
}{
	"BatchCheckLayerAvailability": {schemas.BatchCheckLayerAvailabilityRequest, func() any { return &ecrpublic.BatchCheckLayerAvailabilityInput{} }},
	"BatchDeleteImage":            {schemas.BatchDeleteImageRequest, func() any { return &ecrpublic.BatchDeleteImageInput{} }},
	"CompleteLayerUpload":         {schemas.CompleteLayerUploadRequest, func() any { return &ecrpublic.CompleteLayerUploadInput{} }},
	"CreateRepository":            {schemas.CreateRepositoryRequest, func() any { return &ecrpublic.CreateRepositoryInput{} }},
	"DeleteRepository":            {schemas.DeleteRepositoryRequest, func() any { return &ecrpublic.DeleteRepositoryInput{} }},
	"DeleteRepositoryPolicy":      {schemas.DeleteRepositoryPolicyRequest, func() any { return &ecrpublic.DeleteRepositoryPolicyInput{} }},
	"DescribeImageTags":           {schemas.DescribeImageTagsRequest, func() any { return &ecrpublic.DescribeImageTagsInput{} }},
	"DescribeImages":              {schemas.DescribeImagesRequest, func() any { return &ecrpublic.DescribeImagesInput{} }},
	"DescribeRegistries":          {schemas.DescribeRegistriesRequest, func() any { return &ecrpublic.DescribeRegistriesInput{} }},
	"DescribeRepositories":        {schemas.DescribeRepositoriesRequest, func() any { return &ecrpublic.DescribeRepositoriesInput{} }},
	"GetAuthorizationToken":       {schemas.GetAuthorizationTokenRequest, func() any { return &ecrpublic.GetAuthorizationTokenInput{} }},
	"GetRegistryCatalogData":      {schemas.GetRegistryCatalogDataRequest, func() any { return &ecrpublic.GetRegistryCatalogDataInput{} }},
	"GetRepositoryCatalogData":    {schemas.GetRepositoryCatalogDataRequest, func() any { return &ecrpublic.GetRepositoryCatalogDataInput{} }},
	"GetRepositoryPolicy":         {schemas.GetRepositoryPolicyRequest, func() any { return &ecrpublic.GetRepositoryPolicyInput{} }},
	"InitiateLayerUpload":         {schemas.InitiateLayerUploadRequest, func() any { return &ecrpublic.InitiateLayerUploadInput{} }},
	"ListTagsForResource":         {schemas.ListTagsForResourceRequest, func() any { return &ecrpublic.ListTagsForResourceInput{} }},
	"PutImage":                    {schemas.PutImageRequest, func() any { return &ecrpublic.PutImageInput{} }},
	"PutRegistryCatalogData":      {schemas.PutRegistryCatalogDataRequest, func() any { return &ecrpublic.PutRegistryCatalogDataInput{} }},
	"PutRepositoryCatalogData":    {schemas.PutRepositoryCatalogDataRequest, func() any { return &ecrpublic.PutRepositoryCatalogDataInput{} }},
	"SetRepositoryPolicy":         {schemas.SetRepositoryPolicyRequest, func() any { return &ecrpublic.SetRepositoryPolicyInput{} }},
	"TagResource":                 {schemas.TagResourceRequest, func() any { return &ecrpublic.TagResourceInput{} }},
	"UntagResource":               {schemas.UntagResourceRequest, func() any { return &ecrpublic.UntagResourceInput{} }},
	"UploadLayerPart":             {schemas.UploadLayerPartRequest, func() any { return &ecrpublic.UploadLayerPartInput{} }},
}

// ecrpublicSnapshots reads dir (request_snapshot or response_snapshot) of the
// ecrpublic SDK module in use.
func ecrpublicSnapshots(t *testing.T, dir string) map[string]sdksnap.Snapshot {
	t.Helper()
	snaps, err := sdksnap.Read("github.com/aws/aws-sdk-go-v2/service/ecrpublic", dir)
	if errors.Is(err, sdksnap.ErrNoModule) {
		t.Skip(err)
	}
	require.NoError(t, err)
	return snaps
}

func requireSameJSONBody(t *testing.T, want, got []byte) {
	t.Helper()
	var w, g any
	require.NoError(t, json.Unmarshal(want, &w), string(want))
	require.NoError(t, json.Unmarshal(got, &g), string(got))
	require.Equal(t, w, g)
}

func TestPublicOperationTableCoversTheClient(t *testing.T) {
	ct := reflect.TypeFor[*ecrpublic.Client]()
	n := 0
	for i := range ct.NumMethod() {
		m := ct.Method(i)
		if m.Type.NumIn() != 4 {
			continue // Options
		}
		n++
		op, ok := publicInputs[m.Name]
		require.True(t, ok, m.Name)
		require.Equal(t, m.Name+"Request", op.schema.ID().Name)
		require.Equal(t, m.Type.In(2), reflect.TypeOf(op.new()))
	}
	require.Equal(t, 23, n)
	require.Len(t, publicInputs, n)
}

// Every request fixture decodes into the operation's input and encodes back
// to the same JSON.
func TestPublicGoldenRequests(t *testing.T) {
	snaps := ecrpublicSnapshots(t, "request_snapshot")
	require.Len(t, snaps, 23)
	for file, s := range snaps {
		name := strings.TrimSuffix(file, ".request")
		t.Run(name, func(t *testing.T) {
			require.Equal(t, "POST /", s.Line)
			require.Equal(t, "application/x-amz-json-1.1", s.Header.Get("Content-Type"))
			require.Equal(t, publicTarget+name, s.Header.Get("X-Amz-Target"))
			op, ok := publicInputs[name]
			require.True(t, ok)
			in := op.new()
			require.NoError(t, wire.DecodeInput(context.Background(), s.Body, op.schema, in))
			if string(bytes.TrimSpace(s.Body)) != "{}" { // two inputs have no members
				require.NotEqual(t, op.new(), in, "the fixture set no member")
			}
			again, err := wire.EncodeOutput(context.Background(), in.(smithy.Serializable))
			require.NoError(t, err)
			requireSameJSONBody(t, s.Body, again)
		})
	}
}

var publicProtocol = awsjson.New11(schemas.SpencerFrontendService)

// publicSDKDecode reads a response body the way the ecrpublic client does.
func publicSDKDecode(t *testing.T, status int, body []byte, out smithy.Deserializable) error {
	t.Helper()
	resp := &smithyhttp.Response{Response: &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(body))}}
	anySchema := schemas.GetRegistryCatalogDataRequest // DeserializeResponse only needs a non-nil schema
	return publicProtocol.DeserializeResponse(context.Background(), smithy.NewOperationSchema(anySchema, anySchema, anySchema), ecrpublic.TypeRegistry, resp, out)
}

// Every response fixture: the value the SDK decodes encodes back to the
// fixture's JSON. Every error fixture: the SDK decodes the modeled type, and
// EncodeError writes the fixture's body for it.
func TestPublicGoldenResponses(t *testing.T) {
	snaps := ecrpublicSnapshots(t, "response_snapshot")
	ct := reflect.TypeFor[*ecrpublic.Client]()
	var outputs, errs int
	for file, s := range snaps {
		if name, ok := strings.CutSuffix(file, ".response"); ok {
			outputs++
			t.Run(name, func(t *testing.T) {
				require.Equal(t, http.StatusOK, s.Status)
				require.Equal(t, publicTarget+name, s.Header.Get("X-Amz-Target"))
				m, ok := ct.MethodByName(name)
				require.True(t, ok)
				out := reflect.New(m.Type.Out(0).Elem()).Interface()
				require.NoError(t, publicSDKDecode(t, s.Status, s.Body, out.(smithy.Deserializable)))
				got, err := wire.EncodeOutput(context.Background(), out.(smithy.Serializable))
				require.NoError(t, err)
				requireSameJSONBody(t, s.Body, got)
			})
			continue
		}
		code := strings.TrimSuffix(file, ".error")
		errs++
		t.Run(code, func(t *testing.T) {
			err := publicSDKDecode(t, s.Status, s.Body, &ecrpublic.GetRegistryCatalogDataOutput{})
			apiErr, ok := err.(smithy.APIError)
			require.True(t, ok, "%T %v", err, err)
			require.Equal(t, code, apiErr.ErrorCode())
			require.Equal(t, "github.com/aws/aws-sdk-go-v2/service/ecrpublic/types", reflect.TypeOf(apiErr).Elem().PkgPath(), "a modeled ecrpublic type")
			want := http.StatusBadRequest
			if code == "ServerException" {
				want = http.StatusInternalServerError
			}
			require.Equal(t, want, s.Status)
			body, encErr := wire.EncodeError(context.Background(), apiErr)
			require.NoError(t, encErr)
			requireSameJSONBody(t, s.Body, body)
		})
	}
	require.Equal(t, 23, outputs)
	require.Equal(t, 24, errs)
}
