package ecrfake_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	smithy "github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// cannedError answers every request with one ECR error response.
type cannedError struct {
	status    int
	requestID string
	body      string
}

func (c cannedError) Do(r *http.Request) (*http.Response, error) {
	h := http.Header{}
	h.Set("X-Amzn-Requestid", c.requestID)
	h.Set("Content-Type", "application/x-amz-json-1.1")
	return &http.Response{StatusCode: c.status, Header: h, Body: io.NopCloser(strings.NewReader(c.body)), Request: r}, nil
}

// realClientError returns what the real SDK client reports for the given
// error response.
func realClientError(t *testing.T, status int, requestID, code, message string) error {
	t.Helper()
	body, err := json.Marshal(map[string]string{"__type": code, "message": message})
	require.NoError(t, err)
	c := ecr.New(ecr.Options{Region: "us-east-1", Credentials: aws.AnonymousCredentials{}, Retryer: aws.NopRetryer{},
		HTTPClient: cannedError{status: status, requestID: requestID, body: string(body)}})
	_, err = c.DescribeRepositories(context.Background(), &ecr.DescribeRepositoriesInput{RepositoryNames: []string{"nope"}})
	require.Error(t, err)
	return err
}

func TestServiceErrorsReadLikeTheRealClients(t *testing.T) {
	f, _, ctx := newFake(t)
	_, err := f.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{RepositoryNames: []string{"nope"}})
	require.Error(t, err)

	var re *awshttp.ResponseError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, http.StatusBadRequest, re.HTTPStatusCode())
	var rnf *types.RepositoryNotFoundException
	require.ErrorAs(t, err, &rnf)

	real := realClientError(t, 400, re.ServiceRequestID(), "RepositoryNotFoundException", rnf.ErrorMessage())
	assert.Equal(t, real.Error(), err.Error())
	assert.Equal(t, "operation error ECR: DescribeRepositories, https response error StatusCode: 400, RequestID: 00000000-0000-4000-8000-000000000001, RepositoryNotFoundException: The repository with name 'nope' does not exist in the registry with id '123456789012'", err.Error())

	// Everything callers unwrap to works on the fake's error too.
	var oe *smithy.OperationError
	require.ErrorAs(t, err, &oe)
	assert.Equal(t, "ECR", oe.Service())
	assert.Equal(t, "DescribeRepositories", oe.Operation())
	var sre *smithyhttp.ResponseError
	require.ErrorAs(t, err, &sre)
	var ae smithy.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, smithy.FaultClient, ae.ErrorFault())
}

func TestServerFaultsAre500(t *testing.T) {
	f := ecrfake.New()
	err := ecrfake.ResponseError(f, ecrfake.OpPutImage, &types.ServerException{Message: aws.String("boom")})
	var re *awshttp.ResponseError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, http.StatusInternalServerError, re.HTTPStatusCode())
	real := realClientError(t, 500, re.ServiceRequestID(), "ServerException", "boom")
	assert.Equal(t, strings.Replace(real.Error(), "DescribeRepositories", "PutImage", 1), err.Error())
}

func TestMissingRequiredMembersFailLikeTheClient(t *testing.T) {
	f, _, ctx := newFake(t)
	_, err := f.CreateRepository(ctx, nil)
	assert.EqualError(t, err, "operation error ECR: CreateRepository, 1 validation error(s) found.\n- missing required field, CreateRepositoryInput.RepositoryName.\n")
	var ipe smithy.InvalidParamsError
	require.ErrorAs(t, err, &ipe)
	var oe *smithy.OperationError
	require.ErrorAs(t, err, &oe)
	var re *awshttp.ResponseError
	assert.False(t, errors.As(err, &re), "client-side validation never reaches the service")

	_, err = f.UploadLayerPart(ctx, &ecr.UploadLayerPartInput{})
	require.ErrorAs(t, err, &ipe)
	assert.Contains(t, err.Error(), "5 validation error(s) found.")

	// Non-nil empty lists pass the client and fail in the service.
	_, err = f.BatchGetImage(ctx, &ecr.BatchGetImageInput{RepositoryName: aws.String("app"), ImageIds: []types.ImageIdentifier{}})
	ae := apiError(t, err, "InvalidParameterException")
	assert.Equal(t, "Invalid parameter at 'imageIds' failed to satisfy constraint: 'Member must have length greater than or equal to 1'", ae.ErrorMessage())
}

func TestServiceConstraintMessages(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	for _, tc := range []struct {
		name string
		call func() error
		msg  string
	}{
		{"uppercase repository name", func() error {
			_, err := f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("MyRepo")})
			return err
		}, "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''"},
		{"short repository name", func() error {
			_, err := f.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("a")})
			return err
		}, "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must have length greater than or equal to 2'"},
		{"registry id", func() error {
			_, err := f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app"), RegistryId: aws.String("12345")})
			return err
		}, "Invalid parameter at 'registryId' failed to satisfy constraint: 'must satisfy regular expression '[0-9]{12}''"},
		{"maxResults", func() error {
			_, err := f.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("app"), MaxResults: aws.Int32(1001)})
			return err
		}, "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to 1000'"},
		{"enum", func() error {
			_, err := f.PutImageTagMutability(ctx, &ecr.PutImageTagMutabilityInput{RepositoryName: aws.String("app"), ImageTagMutability: "mutable"})
			return err
		}, "Invalid parameter at 'imageTagMutability' failed to satisfy constraint: 'Member must satisfy enum value set: [MUTABLE, IMMUTABLE, IMMUTABLE_WITH_EXCLUSION, MUTABLE_WITH_EXCLUSION]'"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ae := apiError(t, tc.call(), "InvalidParameterException")
			assert.Equal(t, tc.msg, ae.ErrorMessage())
		})
	}
}

func TestContextAlreadyDone(t *testing.T) {
	f, _, _ := newFake(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("app")})
	assert.EqualError(t, err, "operation error ECR: CreateRepository, context canceled")
	assert.ErrorIs(t, err, context.Canceled)
	out, err := f.DescribeRepositories(context.Background(), nil)
	require.NoError(t, err)
	assert.Empty(t, out.Repositories, "the cancelled call changed nothing")
}
