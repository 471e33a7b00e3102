package ecrfake_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// post sends one request to h and returns the recorded response.
func post(h http.Handler, method, target, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, "/", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	if target != "" {
		req.Header.Set("X-Amz-Target", target)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// errorBody is the JSON body of an error response.
type errorBody struct {
	Type    string `json:"__type"`
	Message string `json:"message"`
}

func decodeError(t *testing.T, rec *httptest.ResponseRecorder) errorBody {
	t.Helper()
	var b errorBody
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &b), rec.Body.String())
	require.Equal(t, b.Type, rec.Header().Get("X-Amzn-ErrorType"))
	return b
}

func TestHandlerProtocolErrors(t *testing.T) {
	const target = ecrfake.TargetPrefix + "CreateRepository"
	tests := []struct {
		name    string
		method  string
		target  string
		body    string
		status  int
		code    string
		message string
	}{
		{name: "GET", method: http.MethodGet, target: target, status: 405, code: "UnknownOperationException", message: "POST"},
		{name: "PUT", method: http.MethodPut, target: target, body: `{}`, status: 405, code: "UnknownOperationException"},
		{name: "missing target", method: http.MethodPost, body: `{}`, status: 400, code: "UnknownOperationException", message: "Missing X-Amz-Target"},
		{name: "unknown operation", method: http.MethodPost, target: ecrfake.TargetPrefix + "Frobnicate", body: `{}`, status: 400, code: "UnknownOperationException", message: "Frobnicate"},
		{name: "operation names are case sensitive", method: http.MethodPost, target: ecrfake.TargetPrefix + "createRepository", body: `{}`, status: 400, code: "UnknownOperationException"},
		{name: "another service's prefix", method: http.MethodPost, target: "SpencerFrontendService.CreateRepository", body: `{}`, status: 400, code: "UnknownOperationException"},
		{name: "prefix only", method: http.MethodPost, target: ecrfake.TargetPrefix, body: `{}`, status: 400, code: "UnknownOperationException"},
		{name: "malformed JSON", method: http.MethodPost, target: target, body: `{"repositoryName":`, status: 400, code: "SerializationException"},
		{name: "not an object", method: http.MethodPost, target: target, body: `["app"]`, status: 400, code: "SerializationException"},
		{name: "wrong type", method: http.MethodPost, target: target, body: `{"repositoryName":42}`, status: 400, code: "SerializationException", message: "expected string"},
		{name: "wrong nested type", method: http.MethodPost, target: target, body: `{"repositoryName":"app","tags":[{"Key":true}]}`, status: 400, code: "SerializationException"},
		{name: "trailing data", method: http.MethodPost, target: target, body: `{"repositoryName":"app"}]`, status: 400, code: "SerializationException"},
		{name: "missing required member", method: http.MethodPost, target: target, body: `{}`, status: 400, code: "ValidationException",
			message: "1 validation error detected: Value null at 'repositoryName' failed to satisfy constraint: Member must not be null"},
		{name: "members are case sensitive", method: http.MethodPost, target: target, body: `{"RepositoryName":"app"}`, status: 400, code: "ValidationException",
			message: "1 validation error detected: Value null at 'repositoryName' failed to satisfy constraint: Member must not be null"},
		{name: "nested required member", method: http.MethodPost, target: ecrfake.TargetPrefix + "TagResource",
			body: `{"resourceArn":"arn:aws:ecr:us-east-1:123456789012:repository/app","tags":[{"Key":"k"},{"Value":"v"}]}`, status: 400, code: "ValidationException",
			message: "2 validation errors detected: Value null at 'tags.1.member.Value' failed to satisfy constraint: Member must not be null; " +
				"Value null at 'tags.2.member.Key' failed to satisfy constraint: Member must not be null"},
		{name: "service constraint", method: http.MethodPost, target: target, body: `{"repositoryName":"UPPER"}`, status: 400, code: "InvalidParameterException"},
		{name: "service error", method: http.MethodPost, target: ecrfake.TargetPrefix + "DescribeRepositories", body: `{"repositoryNames":["nope"]}`, status: 400, code: "RepositoryNotFoundException",
			message: "The repository with name 'nope' does not exist in the registry with id '123456789012'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := ecrfake.New()
			rec := post(f.Handler(), tt.method, tt.target, tt.body)
			require.Equal(t, tt.status, rec.Code, rec.Body.String())
			b := decodeError(t, rec)
			require.Equal(t, tt.code, b.Type)
			require.Contains(t, b.Message, tt.message)
			require.Equal(t, "application/x-amz-json-1.1", rec.Header().Get("Content-Type"))
			require.Equal(t, "00000000-0000-4000-8000-000000000001", rec.Header().Get("X-Amzn-RequestId"))
			if tt.status == 405 {
				require.Equal(t, "POST", rec.Header().Get("Allow"))
			}
		})
	}
}

func TestHandlerOversizeBody(t *testing.T) {
	f := ecrfake.New()
	big := `{"repositoryName":"app","layerPartBlob":"` + strings.Repeat("A", ecrfake.MaxRequestBodyBytes) + `"}`
	rec := post(f.Handler(), http.MethodPost, ecrfake.TargetPrefix+"UploadLayerPart", big)
	require.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	require.Equal(t, "SerializationException", decodeError(t, rec).Type)

	// Without a Content-Length the limit holds while reading.
	req := httptest.NewRequest(http.MethodPost, "/", io.MultiReader(strings.NewReader(big)))
	req.ContentLength = -1
	req.Header.Set("X-Amz-Target", ecrfake.TargetPrefix+"UploadLayerPart")
	rec = httptest.NewRecorder()
	f.Handler().ServeHTTP(rec, req)
	require.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
}

// A 20 MiB part, the largest ECR accepts, fits under the body limit.
func TestHandlerLargestPart(t *testing.T) {
	f, _, ctx := newFake(t, ecrfake.WithLimits(ecrfake.Limits{MaxLayerPartSize: 20 << 20}))
	createRepo(t, f, "app")
	c := f.Client()
	up, err := c.InitiateLayerUpload(ctx, &ecr.InitiateLayerUploadInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	part := bytes.Repeat([]byte{0xfe, 0xed}, 10<<20)
	out, err := c.UploadLayerPart(ctx, &ecr.UploadLayerPartInput{RepositoryName: aws.String("app"), UploadId: up.UploadId,
		PartFirstByte: aws.Int64(0), PartLastByte: aws.Int64(int64(len(part) - 1)), LayerPartBlob: part})
	require.NoError(t, err)
	require.Equal(t, int64(len(part)-1), *out.LastByteReceived)
}

// Every operation, sent an empty object or garbage, answers a 4xx with a
// well-formed error (or succeeds): never a 5xx, never a panic.
func TestHandlerEveryTargetSurvivesBadBodies(t *testing.T) {
	bodies := []string{``, `{}`, `null`, `[]`, `"x"`, `not json`, `{"`, `{}}`, "\x00\xff\xfe",
		`{"repositoryName":1,"registryId":[],"maxResults":"x","imageIds":{},"tags":7,"force":"yes"}`,
		`{"repositoryName":"app","registryId":"123456789012","imageIds":[null,{}],"layerDigests":[null],"tags":[null],"maxResults":-5}`}
	f := ecrfake.New()
	createRepo(t, f, "app")
	h := f.Handler()
	for _, op := range ecrfake.Ops() {
		for _, body := range bodies {
			rec := post(h, http.MethodPost, ecrfake.TargetPrefix+op.String(), body)
			require.Less(t, rec.Code, 500, "%s %q: %s", op, body, rec.Body.String())
			require.NotEmpty(t, rec.Header().Get("X-Amzn-RequestId"))
			if rec.Code != http.StatusOK {
				b := decodeError(t, rec)
				require.NotEmpty(t, b.Type, "%s %q", op, body)
			} else {
				require.True(t, json.Valid(rec.Body.Bytes()), "%s %q", op, body)
			}
		}
	}
}

func TestHandlerRequestIDs(t *testing.T) {
	f := ecrfake.New()
	h := f.Handler()
	ok := post(h, http.MethodPost, ecrfake.TargetPrefix+"DescribeRepositories", `{}`)
	require.Equal(t, http.StatusOK, ok.Code)
	require.JSONEq(t, `{"repositories":[]}`, ok.Body.String())
	require.Equal(t, "00000000-0000-4000-9000-000000000001", ok.Header().Get("X-Amzn-RequestId"))

	// Errors count on the fake's own counter, which direct calls share: the
	// wire error carries the id the direct error would.
	_, err := f.DescribeRepositories(context.Background(), &ecr.DescribeRepositoriesInput{RepositoryNames: []string{"nope"}})
	require.ErrorContains(t, err, "RequestID: 00000000-0000-4000-8000-000000000001,")
	bad := post(h, http.MethodPost, ecrfake.TargetPrefix+"DescribeRepositories", `{"repositoryNames":["nope"]}`)
	require.Equal(t, "00000000-0000-4000-8000-000000000002", bad.Header().Get("X-Amzn-RequestId"))

	// Another handler of the same fake continues both sequences.
	ok = post(f.Handler(), http.MethodPost, ecrfake.TargetPrefix+"DescribeRepositories", `{}`)
	require.Equal(t, "00000000-0000-4000-9000-000000000002", ok.Header().Get("X-Amzn-RequestId"))
}

func TestHandlerModeledErrorMembers(t *testing.T) {
	f, _, ctx := newFake(t)
	createRepo(t, f, "app")
	up, err := f.InitiateLayerUpload(ctx, &ecr.InitiateLayerUploadInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	_, err = f.UploadLayerPart(ctx, &ecr.UploadLayerPartInput{RepositoryName: aws.String("app"), UploadId: up.UploadId,
		PartFirstByte: aws.Int64(0), PartLastByte: aws.Int64(3), LayerPartBlob: []byte("abcd")})
	require.NoError(t, err)
	rec := post(f.Handler(), http.MethodPost, ecrfake.TargetPrefix+"UploadLayerPart",
		`{"repositoryName":"app","uploadId":"`+*up.UploadId+`","partFirstByte":9,"partLastByte":9,"layerPartBlob":"eA=="}`)
	require.Equal(t, http.StatusBadRequest, rec.Code)
	var body map[string]any
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body))
	require.Equal(t, "InvalidLayerPartException", body["__type"])
	require.Equal(t, float64(3), body["lastValidByteReceived"])
	require.Equal(t, "app", body["repositoryName"])
	require.Equal(t, *up.UploadId, body["uploadId"])
	require.Equal(t, "123456789012", body["registryId"])
	require.NotEmpty(t, body["message"])

	f.Inject(ecrfake.Fail(ecrfake.OpGetAuthorizationToken, ecrfake.ErrKms("KMSInvalidStateException")))
	rec = post(f.Handler(), http.MethodPost, ecrfake.TargetPrefix+"GetAuthorizationToken", `{}`)
	require.JSONEq(t, `{"__type":"KmsException","kmsError":"KMSInvalidStateException","message":"The operation failed due to a KMS exception: KMSInvalidStateException"}`, rec.Body.String())
}

func TestHandlerServerErrorsAndPanics(t *testing.T) {
	f := ecrfake.New()
	f.Inject(ecrfake.Fail(ecrfake.OpDescribeRegistry, ecrfake.ErrServer()))
	rec := post(f.Handler(), http.MethodPost, ecrfake.TargetPrefix+"DescribeRegistry", `{}`)
	require.Equal(t, http.StatusInternalServerError, rec.Code)
	require.Equal(t, "ServerException", decodeError(t, rec).Type)

	// A panic anywhere below the handler is a 500 InternalFailure, not a crash.
	ecrfake.Intercept(f, func(ctx context.Context, in *ecr.ListImagesInput, next func(context.Context, *ecr.ListImagesInput) (*ecr.ListImagesOutput, error)) (*ecr.ListImagesOutput, error) {
		panic("boom")
	})
	rec = post(f.Handler(), http.MethodPost, ecrfake.TargetPrefix+"ListImages", `{"repositoryName":"app"}`)
	require.Equal(t, http.StatusInternalServerError, rec.Code)
	b := decodeError(t, rec)
	require.Equal(t, "InternalFailure", b.Type)
	require.Contains(t, b.Message, "boom")
}

func TestClientDefaults(t *testing.T) {
	f := ecrfake.New(ecrfake.WithRegion("eu-west-3"))
	c := f.Client()
	require.Equal(t, "eu-west-3", c.Options().Region)
	require.Equal(t, ecrfake.ClientEndpoint, *c.Options().BaseEndpoint)
	require.Nil(t, c.Options().Credentials, "anonymous: the SDK sends requests unsigned")

	// optFns come last.
	c = f.Client(func(o *ecr.Options) { o.Region = "ap-south-1" })
	require.Equal(t, "ap-south-1", c.Options().Region)

	out, err := f.Client().CreateRepository(context.Background(), &ecr.CreateRepositoryInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	require.Equal(t, "123456789012.dkr.ecr.eu-west-3.amazonaws.com/app", *out.Repository.RepositoryUri)
}

// The in-memory transport fails like a network: an injected transport error
// reaches the client as a send failure, which the retryer retries.
func TestClientTransportErrors(t *testing.T) {
	f, _, ctx := newFake(t)
	f.Inject(ecrfake.Fail(ecrfake.OpDescribeRepositories, ecrfake.ErrConnectionReset()).Times(1))
	_, err := f.Client(func(o *ecr.Options) { o.Retryer = aws.NopRetryer{} }).DescribeRepositories(ctx, nil)
	var ue *url.Error
	require.ErrorAs(t, err, &ue)
	require.ErrorContains(t, err, "connection reset by peer")
	var te *ecrfake.TransportError
	require.ErrorAs(t, err, &te)

	reset := f.Inject(ecrfake.Fail(ecrfake.OpDescribeRepositories, ecrfake.ErrConnectionReset()).Times(2))
	out, err := f.Client(func(o *ecr.Options) { o.Retryer = noBackoff() }).DescribeRepositories(ctx, nil)
	require.NoError(t, err, "the third attempt succeeds")
	require.Empty(t, out.Repositories)
	require.Equal(t, 2, reset.Hits())
}

func TestClientContext(t *testing.T) {
	f, _, _ := newFake(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := f.Client().DescribeRepositories(ctx, nil)
	require.ErrorIs(t, err, context.Canceled)

	f.Inject(ecrfake.Hang(ecrfake.OpDescribeRepositories))
	ctx, cancel = context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err = f.Client().DescribeRepositories(ctx, nil)
	require.ErrorIs(t, err, context.DeadlineExceeded)
}

func noBackoff() aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
	})
}

// With the SDK's default retryer, retried errors back off for real seconds;
// inside a synctest bubble those seconds are virtual, because the in-memory
// transport starts no goroutine and opens no socket.
func TestClientRetriesInsideSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := ecrfake.New()
		server := f.Inject(ecrfake.Fail(ecrfake.OpCreateRepository, ecrfake.ErrServer()).Times(2))
		start := time.Now()
		out, err := f.Client().CreateRepository(context.Background(), &ecr.CreateRepositoryInput{RepositoryName: aws.String("app")})
		require.NoError(t, err, "the third attempt succeeds")
		require.Equal(t, "app", *out.Repository.RepositoryName)
		require.Equal(t, 2, server.Hits())
		require.Greater(t, time.Since(start), time.Duration(0), "the retryer slept (in the bubble's clock)")

		// Quota errors are retried too, then reported as the real client does.
		quota := f.Inject(ecrfake.Fail(ecrfake.OpCreateRepository, ecrfake.ErrLimitExceeded()))
		_, err = f.Client().CreateRepository(context.Background(), &ecr.CreateRepositoryInput{RepositoryName: aws.String("b1")})
		require.Equal(t, 3, quota.Hits())
		var lee *types.LimitExceededException
		require.ErrorAs(t, err, &lee)
		var mae *retry.MaxAttemptsError
		require.ErrorAs(t, err, &mae)
		require.ErrorContains(t, err, "exceeded maximum number of attempts, 3")
	})
}

// A client holding the real endpoint (BaseEndpoint of an httptest server)
// reaches the same handler over loopback.
func TestHandlerOverLoopback(t *testing.T) {
	f := ecrfake.New()
	srv := httptest.NewServer(f.Handler())
	defer srv.Close()
	c := ecr.New(ecr.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Credentials: aws.AnonymousCredentials{}})
	ctx := context.Background()
	_, err := c.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	_, err = c.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("app")})
	var exists *types.RepositoryAlreadyExistsException
	require.ErrorAs(t, err, &exists)

	// A transport error drops the connection: the client sees a send failure.
	f.Inject(ecrfake.Fail(ecrfake.OpDescribeRepositories, ecrfake.ErrConnectionReset()))
	_, err = c.DescribeRepositories(ctx, nil, func(o *ecr.Options) { o.Retryer = aws.NopRetryer{} })
	require.Error(t, err)
	var ae smithy.APIError
	require.False(t, errors.As(err, &ae), "no response, so no API error: %v", err)
}

// Clients of one fake may be used from many goroutines; each goroutine's
// pushes land, and request ids stay unique.
func TestClientConcurrentUse(t *testing.T) {
	f := ecrfake.New()
	c := f.Client()
	ctx := context.Background()
	const workers, repos = 8, 5
	errs := make(chan error, workers)
	for w := range workers {
		go func() {
			for i := range repos {
				name := fmt.Sprintf("w%d/r%d", w, i)
				if _, err := c.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String(name)}); err != nil {
					errs <- err
					return
				}
				if _, err := c.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String(name)}); err == nil {
					errs <- errors.New("created twice")
					return
				}
			}
			errs <- nil
		}()
	}
	for range workers {
		require.NoError(t, <-errs)
	}
	out, err := f.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{MaxResults: aws.Int32(1000)})
	require.NoError(t, err)
	require.Len(t, out.Repositories, workers*repos)
}
