//go:build ecrpublic_face

// Behind the ecrpublic_face build tag until the ECR Public face lands.

package ecrfake_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ecrpublic"
	"github.com/aws/aws-sdk-go-v2/service/ecrpublic/schemas"
	smithy "github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/aws/smithy-go/transport/http/protocol/awsjson"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// publicFixture is one ecrpublic golden snapshot: the first line, headers, body.
type publicFixture struct {
	first  string
	header http.Header
	body   []byte
}

func publicFixtures(t *testing.T, dir string) map[string]publicFixture {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/aws/aws-sdk-go-v2/service/ecrpublic").Output()
	if err != nil || strings.TrimSpace(string(out)) == "" {
		t.Skipf("cannot locate the ecrpublic SDK module: %v", err)
	}
	files, err := filepath.Glob(filepath.Join(strings.TrimSpace(string(out)), dir, "*.snap"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	fixtures := map[string]publicFixture{}
	for _, file := range files {
		raw, err := os.ReadFile(file)
		require.NoError(t, err)
		head, body, ok := bytes.Cut(bytes.TrimLeft(raw, "\n"), []byte("\n\n"))
		require.True(t, ok, file)
		lines := strings.Split(string(head), "\n")
		fx := publicFixture{first: lines[0], header: http.Header{}}
		if fx.first == "POST /" { // requests: a blank query line before the headers
			h, b, ok := bytes.Cut(body, []byte("\n\n"))
			require.True(t, ok, file)
			lines, body = append([]string{""}, strings.Split(string(h), "\n")...), b
		}
		for _, l := range lines[1:] {
			if k, v, ok := strings.Cut(l, ": "); ok {
				fx.header.Add(k, v)
			}
		}
		fx.body = body
		fixtures[strings.TrimSuffix(filepath.Base(file), ".snap")] = fx
	}
	return fixtures
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
			req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(fx.body))
			req.Header = fx.header.Clone()
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
			status, _ := strconv.Atoi(fx.first)
			// The modeled error, decoded as the ecrpublic client decodes it.
			resp := &smithyhttp.Response{Response: &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(fx.body))}}
			s := schemas.GetRegistryCatalogDataRequest
			err := awsjson.New11(schemas.SpencerFrontendService).DeserializeResponse(context.Background(),
				smithy.NewOperationSchema(s, s, s), ecrpublic.TypeRegistry, resp, &ecrpublic.GetRegistryCatalogDataOutput{})
			var apiErr smithy.APIError
			require.ErrorAs(t, err, &apiErr)
			require.Equal(t, code, apiErr.ErrorCode())

			opName := strings.TrimPrefix(fx.header.Get("X-Amz-Target"), "SpencerFrontendService.")
			f := ecrfake.New()
			f.Public().Inject(ecrfake.Fail(publicOp(t, opName), apiErr))
			reqFx := requests[opName+".request"]
			req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(reqFx.body))
			req.Header = reqFx.header.Clone()
			rec := httptest.NewRecorder()
			f.Handler().ServeHTTP(rec, req)
			require.Equal(t, status, rec.Code)
			require.Equal(t, code, rec.Header().Get("X-Amzn-ErrorType"))
			require.JSONEq(t, string(fx.body), rec.Body.String())
		})
	}
	require.Equal(t, 24, errs)
}
