package ecrfake_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// run drives a fake directly and over the wire with successes and errors and
// returns everything observable: each wire response (status, request id,
// body) and each recorded call, as text.
func repeatableRun(t *testing.T, f *ecrfake.Fake) (wire, calls []string) {
	t.Helper()
	ctx := context.Background()
	h := f.Handler()
	post := func(op, body string) {
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		req.Header.Set("X-Amz-Target", ecrfake.TargetPrefix+op)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		wire = append(wire, fmt.Sprintf("%d %s %s", rec.Code, rec.Header().Get("X-Amzn-Requestid"), rec.Body.String()))
	}
	post("CreateRepository", `{"repositoryName":"app"}`)
	post("CreateRepository", `{"repositoryName":"app"}`) // RepositoryAlreadyExists
	_, _ = f.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{RepositoryNames: []string{"nope"}})
	up, err := f.InitiateLayerUpload(ctx, &ecr.InitiateLayerUploadInput{RepositoryName: aws.String("app")})
	require.NoError(t, err)
	post("UploadLayerPart", fmt.Sprintf(`{"repositoryName":"app","uploadId":%q,"partFirstByte":0,"partLastByte":2,"layerPartBlob":"YWJj"}`, *up.UploadId))
	post("InitiateLayerUpload", `{"repositoryName":"app"}`)
	post("DescribeRepositories", `{}`)
	post("ListImages", `{"repositoryName":"nope"}`)
	post("GetAuthorizationToken", `{}`)
	for _, c := range f.Calls() {
		in, err := json.Marshal(c.Input)
		require.NoError(t, err)
		out, err := json.Marshal(c.Output)
		require.NoError(t, err)
		calls = append(calls, fmt.Sprintf("%d %s %v %s %s %v", c.Seq, c.Op, c.Time, in, out, c.Err))
	}
	return wire, calls
}

// Reset rewinds every counter: call numbers, request ids of errors and of
// successful wire responses, upload ids. (Before, the success request ids
// went on counting.)
func TestResetRepeatsARunExactly(t *testing.T) {
	f, _, _ := newFake(t)
	wire1, calls1 := repeatableRun(t, f)
	f.Reset()
	wire2, calls2 := repeatableRun(t, f)
	require.Equal(t, wire1, wire2)
	require.Equal(t, calls1, calls2)

	fresh, _, _ := newFake(t)
	wire3, calls3 := repeatableRun(t, fresh)
	require.Equal(t, wire1, wire3, "as on a new fake")
	require.Equal(t, calls1, calls3)
}

// Restore rewinds the request-id counters with the state; ResetCalls starts
// the log over, so both together repeat a run byte for byte.
func TestRestoreRepeatsARunExactly(t *testing.T) {
	f, _, _ := newFake(t)
	createRepo(t, f, "base")
	f.ResetCalls()
	snap := f.Snapshot()
	wire1, calls1 := repeatableRun(t, f)

	f.Restore(snap)
	require.Len(t, f.Calls(), len(calls1), "Restore keeps the call log")
	f.ResetCalls()
	wire2, calls2 := repeatableRun(t, f)
	require.Equal(t, wire1, wire2)
	require.Equal(t, calls1, calls2)
}
