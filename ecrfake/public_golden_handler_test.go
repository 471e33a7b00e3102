//go:build ecrpublic_face

// Behind the ecrpublic_face build tag until the ECR Public face lands.

package ecrfake_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ecrpublic"
	"github.com/aws/aws-sdk-go-v2/service/ecrpublic/schemas"
	smithy "github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/aws/smithy-go/transport/http/protocol/awsjson"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
	"github.com/ecrfake/go-ecrfake/internal/sdksnap"
)

func publicFixtures(t *testing.T, dir string) map[string]sdksnap.Snapshot {
	t.Helper()
	snaps, err := sdksnap.Read("github.com/aws/aws-sdk-go-v2/service/ecrpublic", dir)
	if errors.Is(err, sdksnap.ErrNoModule) {
		t.Skip(err)
	}
	require.NoError(t, err)
	return snaps
}

func publicOp(t *testing.T, name string) ecrfake.Op {
	t.Helper()
	for _, op := range ecrfake.PublicOps() {
		if op.String() == name {
			return op
		}
	}
	t.Fatalf("no public Op named %s", name)
	return 0
}

// Every request fixture is taken by the one Handler (routed by its target
// prefix); every error fixture is what the Handler answers when the fault
// is injected on the fixture's operation.
func TestPublicHandlerGoldenSnapshots(t *testing.T) {
	requests := publicFixtures(t, "request_snapshot")
	require.Len(t, requests, 23)
	for file, fx := range requests {
		name := strings.TrimSuffix(file, ".request")
		t.Run("request/"+name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(fx.Body))
			req.Header = fx.Header.Clone()
			ecrfake.New().Handler().ServeHTTP(rec, req)
			for _, bad := range []string{"SerializationException", "UnknownOperationException"} {
				require.NotEqual(t, bad, rec.Header().Get("X-Amzn-ErrorType"), rec.Body.String())
			}
			require.Less(t, rec.Code, 500, rec.Body.String())
		})
	}
	errs := 0
	for file, fx := range publicFixtures(t, "response_snapshot") {
		code, ok := strings.CutSuffix(file, ".error")
		if !ok {
			continue
		}
		errs++
		t.Run("error/"+code, func(t *testing.T) {
			status := fx.Status
			// The modeled error, decoded as the ecrpublic client decodes it.
			resp := &smithyhttp.Response{Response: &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(fx.Body))}}
			s := schemas.GetRegistryCatalogDataRequest
			err := awsjson.New11(schemas.SpencerFrontendService).DeserializeResponse(context.Background(),
				smithy.NewOperationSchema(s, s, s), ecrpublic.TypeRegistry, resp, &ecrpublic.GetRegistryCatalogDataOutput{})
			var apiErr smithy.APIError
			require.ErrorAs(t, err, &apiErr)
			require.Equal(t, code, apiErr.ErrorCode())

			opName := strings.TrimPrefix(fx.Header.Get("X-Amz-Target"), "SpencerFrontendService.")
			f := ecrfake.New()
			f.Public().Inject(ecrfake.Fail(publicOp(t, opName), apiErr))
			reqFx := requests[opName+".request"]
			req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(reqFx.Body))
			req.Header = reqFx.Header.Clone()
			rec := httptest.NewRecorder()
			f.Handler().ServeHTTP(rec, req)
			require.Equal(t, status, rec.Code)
			require.Equal(t, code, rec.Header().Get("X-Amzn-ErrorType"))
			require.JSONEq(t, string(fx.Body), rec.Body.String())
		})
	}
	require.Equal(t, 24, errs)
}
