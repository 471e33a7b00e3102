package wire

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/schemas"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/require"
)

func TestDecodeInputCreateRepository(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		want    ecr.CreateRepositoryInput
		wantErr string
	}{
		{name: "empty body is the empty input", body: ``},
		{name: "empty object", body: `{}`},
		{name: "whitespace", body: " \n{ } \n"},
		{name: "all kinds of member",
			body: `{"repositoryName":"app","imageTagMutability":"IMMUTABLE","imageScanningConfiguration":{"scanOnPush":true},"tags":[{"Key":"k","Value":"v"}]}`,
			want: ecr.CreateRepositoryInput{RepositoryName: aws.String("app"), ImageTagMutability: types.ImageTagMutabilityImmutable,
				ImageScanningConfiguration: &types.ImageScanningConfiguration{ScanOnPush: true}, Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}}},
		{name: "names are case sensitive: a capitalised member is unknown", body: `{"RepositoryName":"app"}`},
		{name: "so are Tag's capitalised members", body: `{"tags":[{"key":"k","value":"v"}]}`, want: ecr.CreateRepositoryInput{Tags: []types.Tag{{}}}},
		{name: "unknown members are skipped", body: `{"x":{"y":[1,{"z":null}]},"repositoryName":"b"}`, want: ecr.CreateRepositoryInput{RepositoryName: aws.String("b")}},
		{name: "null is absent", body: `{"repositoryName":null,"tags":null}`},
		{name: "null list element is the zero element", body: `{"tags":[null]}`, want: ecr.CreateRepositoryInput{Tags: []types.Tag{{}}}},
		{name: "empty list stays empty", body: `{"tags":[]}`, want: ecr.CreateRepositoryInput{Tags: []types.Tag{}}},
		{name: "escapes", body: `{"repositoryName":"a\"b\\\u00e9"}`, want: ecr.CreateRepositoryInput{RepositoryName: aws.String("a\"b\\é")}},
		{name: "number for string", body: `{"repositoryName":5}`, wantErr: "expected string, got 5"},
		{name: "string for struct", body: `{"imageScanningConfiguration":"x"}`, wantErr: "expected '{'"},
		{name: "string for bool", body: `{"imageScanningConfiguration":{"scanOnPush":"true"}}`, wantErr: "expected bool"},
		{name: "object for list", body: `{"tags":{"Key":"k"}}`, wantErr: "expected '['"},
		{name: "number in list of structs", body: `{"tags":[1]}`, wantErr: "expected '{'"},
		{name: "number for enum", body: `{"imageTagMutability":1}`, wantErr: "expected string"},
		{name: "array at top level", body: `[]`, wantErr: "expected '{'"},
		{name: "string at top level", body: `"x"`, wantErr: "expected '{'"},
		{name: "null at top level", body: `null`, wantErr: "EOF"},
		{name: "truncated", body: `{"repositoryName":"a"`, wantErr: "unexpected end of JSON input"},
		{name: "trailing comma", body: `{"repositoryName":"a",}`, wantErr: "unexpected token"},
		{name: "trailing garbage", body: `{"repositoryName":"a"} x`, wantErr: "unexpected data after"},
		{name: "two objects", body: `{}{}`, wantErr: "unexpected data after"},
		{name: "missing comma in list", body: `{"tags":[{"Key":"a"} {"Key":"b"}]}`, wantErr: "unexpected token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got ecr.CreateRepositoryInput
			err := DecodeInput(context.Background(), []byte(tt.body), schemas.CreateRepositoryRequest, &got)
			if tt.wantErr != "" {
				var de *DecodeError
				require.ErrorAs(t, err, &de)
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestDecodeInputScalars(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		want    ecr.UploadLayerPartInput
		wantErr string
	}{
		{name: "blob is standard base64", body: `{"layerPartBlob":"aGVsbG8="}`, want: ecr.UploadLayerPartInput{LayerPartBlob: []byte("hello")}},
		{name: "int64 beyond float precision", body: `{"partFirstByte":0,"partLastByte":9007199254740993}`,
			want: ecr.UploadLayerPartInput{PartFirstByte: aws.Int64(0), PartLastByte: aws.Int64(9007199254740993)}},
		{name: "bad base64", body: `{"layerPartBlob":"!!"}`, wantErr: "base64"},
		{name: "number for blob", body: `{"layerPartBlob":5}`, wantErr: "expected string"},
		{name: "fraction for long", body: `{"partFirstByte":1.5}`, wantErr: "invalid int"},
		{name: "exponent for long", body: `{"partFirstByte":1e2}`, wantErr: "invalid int"},
		{name: "string for long", body: `{"partFirstByte":"1"}`, wantErr: "expected number"},
		{name: "bool for long", body: `{"partFirstByte":true}`, wantErr: "invalid int"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got ecr.UploadLayerPartInput
			err := DecodeInput(context.Background(), []byte(tt.body), schemas.UploadLayerPartRequest, &got)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}

	var d ecr.DescribeRepositoriesInput
	require.ErrorContains(t, DecodeInput(context.Background(), []byte(`{"maxResults":99999999999}`), schemas.DescribeRepositoriesRequest, &d), "exceeds range")
	var del ecr.DeleteRepositoryInput
	require.NoError(t, DecodeInput(context.Background(), []byte(`{"force":true}`), schemas.DeleteRepositoryRequest, &del))
	require.True(t, del.Force)
	require.ErrorContains(t, DecodeInput(context.Background(), []byte(`{"force":1}`), schemas.DeleteRepositoryRequest, &del), "expected bool")
}

// A 20 MiB part, the largest ECR takes, decodes whole; the check for
// trailing data skips the long string instead of scanning it byte by byte.
func TestDecodeInputLargeBlob(t *testing.T) {
	blob := []byte(strings.Repeat("0123456789abcdef", 20<<20/16))
	body := `{"layerPartBlob":"` + base64.StdEncoding.EncodeToString(blob) + `","repositoryName":"a"}`
	var got ecr.UploadLayerPartInput
	require.NoError(t, DecodeInput(context.Background(), []byte(body), schemas.UploadLayerPartRequest, &got))
	require.Equal(t, blob, got.LayerPartBlob)
	require.Equal(t, "a", *got.RepositoryName)
}

func TestEndOfValue(t *testing.T) {
	for body, want := range map[string]int{
		`{}`:                  2,
		`{} `:                 2,
		`{"a":"}"}x`:          9,
		`{"a":"\"}"}`:         11,
		`{"a":"\\"}`:          10,
		`{"a":["}",{"b":1}]}`: 19,
		`{"a":"`:              -1,
		`{"a":1`:              -1,
	} {
		require.Equal(t, want, endOfValue([]byte(body)), body)
	}
}

func TestDecodeInputRejectsNonStruct(t *testing.T) {
	require.Panics(t, func() { _ = DecodeInput(context.Background(), nil, schemas.CreateRepositoryRequest, "x") })
}
