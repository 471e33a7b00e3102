package wire

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/require"
)

func TestEncodeOutput(t *testing.T) {
	pushed := time.Date(2023, 11, 14, 22, 13, 20, 123_000_000, time.UTC)
	tests := []struct {
		name string
		in   smithy.Serializable
		want string
	}{
		{name: "nil", in: nil, want: `{}`},
		{name: "empty output", in: &ecr.DeleteRegistryPolicyOutput{}, want: `{}`},
		{name: "timestamps are epoch seconds with milliseconds; int64 exact; empty list kept",
			in: &ecr.DescribeImagesOutput{ImageDetails: []types.ImageDetail{{
				ImageDigest: aws.String("sha256:abc"), ImagePushedAt: &pushed, ImageSizeInBytes: aws.Int64(9007199254740993), ImageTags: []string{},
			}}},
			want: `{"imageDetails":[{"imageDigest":"sha256:abc","imagePushedAt":1700000000.123,"imageSizeInBytes":9007199254740993,"imageTags":[]}]}`},
		{name: "whole seconds are integers",
			in:   &ecr.GetAuthorizationTokenOutput{AuthorizationData: []types.AuthorizationData{{ExpiresAt: aws.Time(time.Unix(1700000000, 0))}}},
			want: `{"authorizationData":[{"expiresAt":1700000000}]}`},
		{name: "empty enum omitted; zero scanOnPush sent as real ECR sends it; keys sorted",
			in: &ecr.CreateRepositoryOutput{Repository: &types.Repository{
				RepositoryName: aws.String("app"), ImageScanningConfiguration: &types.ImageScanningConfiguration{},
			}},
			want: `{"repository":{"imageScanningConfiguration":{"scanOnPush":false},"repositoryName":"app"}}`},
		{name: "a zero bool without a decision to send it is omitted (DeleteRepository's force is an input)",
			in:   &ecr.DeleteRepositoryInput{RepositoryName: aws.String("app")},
			want: `{"repositoryName":"app"}`},
		{name: "resource tags",
			in:   &ecr.ListTagsForResourceOutput{Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}},
			want: `{"tags":[{"Key":"k","Value":"v"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := EncodeOutput(context.Background(), tt.in)
			require.NoError(t, err)
			require.Equal(t, tt.want, string(got))
		})
	}
}

func TestEncodeError(t *testing.T) {
	tests := []struct {
		name string
		in   smithy.APIError
		want string
	}{
		{name: "modeled", in: &types.RepositoryNotFoundException{Message: aws.String("nope")},
			want: `{"__type":"RepositoryNotFoundException","message":"nope"}`},
		{name: "no message", in: &types.RepositoryNotFoundException{},
			want: `{"__type":"RepositoryNotFoundException"}`},
		{name: "modeled members",
			in: &types.InvalidLayerPartException{Message: aws.String("m"), RegistryId: aws.String("123456789012"),
				RepositoryName: aws.String("app"), UploadId: aws.String("u"), LastValidByteReceived: aws.Int64(41)},
			want: `{"__type":"InvalidLayerPartException","lastValidByteReceived":41,"message":"m","registryId":"123456789012","repositoryName":"app","uploadId":"u"}`},
		{name: "kms", in: &types.KmsException{Message: aws.String("m"), KmsError: aws.String("AccessDenied")},
			want: `{"__type":"KmsException","kmsError":"AccessDenied","message":"m"}`},
		{name: "code override", in: &types.ValidationException{Message: aws.String("m"), ErrorCodeOverride: aws.String("Other")},
			want: `{"__type":"Other","message":"m"}`},
		{name: "generic", in: &smithy.GenericAPIError{Code: "ThrottlingException", Message: `Rate "exceeded"`},
			want: `{"__type":"ThrottlingException","message":"Rate \"exceeded\""}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := EncodeError(context.Background(), tt.in)
			require.NoError(t, err)
			require.Equal(t, tt.want, string(got))
			require.True(t, json.Valid(got))
		})
	}
}

type notAnObject struct{ smithy.GenericAPIError }

func (notAnObject) Serialize(s smithy.ShapeSerializer) { s.WriteString(nil, "x") }

func TestEncodeErrorRejectsNonObject(t *testing.T) {
	_, err := EncodeError(context.Background(), &notAnObject{smithy.GenericAPIError{Code: "X"}})
	require.Error(t, err)
}
