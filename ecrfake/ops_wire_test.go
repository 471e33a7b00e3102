package ecrfake

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/schemas"
	smithy "github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/aws/smithy-go/transport/http/protocol/awsjson"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/internal/sdksnap"
	"github.com/ecrfake/go-ecrfake/internal/wire"
)

// The table serves exactly the SDK client's operations, each with the input
// type of the SDK method of the same name.
func TestWireOpsCoverTheClient(t *testing.T) {
	ct := reflect.TypeFor[*ecr.Client]()
	ft := reflect.TypeFor[*Fake]()
	n := 0
	for i := range ct.NumMethod() {
		m := ct.Method(i)
		if m.Type.NumIn() != 4 {
			continue // Options
		}
		n++
		op, ok := wireOps[m.Name]
		require.True(t, ok, m.Name)
		require.Equal(t, m.Name, op.name)
		require.Equal(t, m.Name+"Request", op.input.ID().Name)
		fm, ok := ft.MethodByName(m.Name)
		require.True(t, ok, m.Name)
		require.Equal(t, m.Type.In(2), fm.Type.In(2))
	}
	require.Equal(t, 62, n)
	require.Len(t, wireOps, n)
}

// Every input survives the SDK's serializer and the handler's decoder:
// all members set, nested structures, lists, enums, blobs and the
// capitalised Tag members.
func TestWireInputRoundTripAllOps(t *testing.T) {
	ft := reflect.TypeFor[*Fake]()
	for name, op := range wireOps {
		t.Run(name, func(t *testing.T) {
			m, _ := ft.MethodByName(name)
			in := reflect.New(m.Type.In(2).Elem())
			fill(in.Elem(), 0)
			body, err := wire.EncodeOutput(context.Background(), in.Interface().(smithy.Serializable))
			require.NoError(t, err)
			got := reflect.New(in.Elem().Type())
			require.NoError(t, wire.DecodeInput(context.Background(), body, op.input, got.Interface()), string(body))
			require.Equal(t, in.Interface(), got.Interface(), string(body))
		})
	}
}

// fill sets every exported field of v to a non-zero value, two elements per
// list, one entry per map.
func fill(v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), depth)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.UnixMilli(1_700_000_000_123 + int64(depth)).UTC()))
			return
		}
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if f.IsExported() && f.Name != "ResultMetadata" && f.Name != "ErrorCodeOverride" && depth < 6 {
				fill(v.Field(i), depth+1)
			}
		}
	case reflect.String:
		v.SetString("s\"é\\" + strconv.Itoa(depth))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int32, reflect.Int64:
		v.SetInt(int64(7 + depth))
	case reflect.Float64:
		v.SetFloat(1.5)
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			v.SetBytes([]byte{0, 1, 2, 0xff})
			return
		}
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(s.Index(i), depth+1)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(k, depth+1)
		fill(e, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	}
}

// snapshot is one of the SDK module's golden wire fixtures.
type snapshot struct {
	status int    // responses
	line   string // requests: "POST /"
	header http.Header
	body   []byte
}

// sdkSnapshots reads the request_snapshot or response_snapshot directory of
// the ECR SDK module in use.
func sdkSnapshots(t *testing.T, dir string) map[string]snapshot {
	t.Helper()
	read, err := sdksnap.Read("github.com/aws/aws-sdk-go-v2/service/ecr", dir)
	if errors.Is(err, sdksnap.ErrNoModule) {
		t.Skip(err)
	}
	require.NoError(t, err)
	snaps := make(map[string]snapshot, len(read))
	for name, s := range read {
		snaps[name] = snapshot{status: s.Status, line: s.Line, header: s.Header, body: s.Body}
	}
	return snaps
}

func requireSameJSON(t *testing.T, want, got []byte, msgAndArgs ...any) {
	t.Helper()
	var w, g any
	require.NoError(t, json.Unmarshal(want, &w), msgAndArgs...)
	require.NoError(t, json.Unmarshal(got, &g), msgAndArgs...)
	require.Equal(t, w, g, msgAndArgs...)
}

// The SDK's request fixtures decode, for every operation, into inputs that
// serialize back to the same JSON.
func TestWireGoldenRequests(t *testing.T) {
	snaps := sdkSnapshots(t, "request_snapshot")
	require.Len(t, snaps, len(wireOps))
	ft := reflect.TypeFor[*Fake]()
	for file, s := range snaps {
		name := strings.TrimSuffix(file, ".request")
		t.Run(name, func(t *testing.T) {
			require.Equal(t, "POST /", s.line)
			target := s.header.Get("X-Amz-Target")
			require.Equal(t, TargetPrefix+name, target)
			op, ok := wireOps[strings.TrimPrefix(target, TargetPrefix)]
			require.True(t, ok)
			m, _ := ft.MethodByName(name)
			in := reflect.New(m.Type.In(2).Elem()).Interface()
			require.NoError(t, wire.DecodeInput(context.Background(), s.body, op.input, in))
			again, err := wire.EncodeOutput(context.Background(), in.(smithy.Serializable))
			require.NoError(t, err)
			requireSameJSON(t, s.body, again)

			// And the handler takes it: whatever the fake answers, it is not a
			// protocol error.
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(s.body))
			req.Header = s.header.Clone()
			New().Handler().ServeHTTP(rec, req)
			require.NotEqual(t, "SerializationException", rec.Header().Get("X-Amzn-ErrorType"), rec.Body.String())
			require.NotEqual(t, "UnknownOperationException", rec.Header().Get("X-Amzn-ErrorType"), rec.Body.String())
			require.Less(t, rec.Code, 500, rec.Body.String())
		})
	}
}

var sdkProtocol = awsjson.New11(schemas.AmazonEC2ContainerRegistry_V20150921)

// sdkDecode reads a response body the way the SDK client does.
func sdkDecode(t *testing.T, status int, body []byte, out smithy.Deserializable) error {
	t.Helper()
	resp := &smithyhttp.Response{Response: &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(body))}}
	anySchema := schemas.DescribeRegistryRequest // DeserializeResponse only needs a non-nil output schema
	return sdkProtocol.DeserializeResponse(context.Background(), smithy.NewOperationSchema(anySchema, anySchema, anySchema), ecr.TypeRegistry, resp, out)
}

// For every operation, the encoder writes what the SDK's response fixture
// holds, given the value the SDK decodes from that fixture; for every
// modeled error, the handler answers the fixture's status, code and body.
func TestWireGoldenResponses(t *testing.T) {
	snaps := sdkSnapshots(t, "response_snapshot")
	requests := sdkSnapshots(t, "request_snapshot")
	ft := reflect.TypeFor[*Fake]()
	var outputs, errorsSeen int
	for file, s := range snaps {
		if name, ok := strings.CutSuffix(file, ".response"); ok {
			outputs++
			t.Run(name, func(t *testing.T) {
				require.Equal(t, http.StatusOK, s.status)
				m, ok := ft.MethodByName(name)
				require.True(t, ok)
				out := reflect.New(m.Type.Out(0).Elem()).Interface()
				require.NoError(t, sdkDecode(t, s.status, s.body, out.(smithy.Deserializable)))
				got, err := wire.EncodeOutput(context.Background(), out.(smithy.Serializable))
				require.NoError(t, err)
				requireSameJSON(t, s.body, got)
			})
			continue
		}
		code := strings.TrimSuffix(file, ".error")
		errorsSeen++
		t.Run(code, func(t *testing.T) {
			err := sdkDecode(t, s.status, s.body, &ecr.DescribeRegistryOutput{})
			apiErr, ok := err.(smithy.APIError)
			require.True(t, ok, "%T %v", err, err)
			require.Equal(t, code, apiErr.ErrorCode())

			// Serve the error from the fake: inject it as a fault of the
			// fixture's operation and send the SDK's request fixture.
			opName := strings.TrimPrefix(s.header.Get("X-Amz-Target"), TargetPrefix)
			var op Op
			for _, o := range Ops() {
				if o.String() == opName {
					op = o
				}
			}
			require.NotZero(t, op, opName)
			f := New()
			f.Inject(Fail(op, err))
			reqSnap := requests[opName+".request"]
			req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(reqSnap.body))
			req.Header = reqSnap.header.Clone()
			rec := httptest.NewRecorder()
			f.Handler().ServeHTTP(rec, req)
			require.Equal(t, s.status, rec.Code)
			require.Equal(t, code, rec.Header().Get("X-Amzn-ErrorType"))
			require.Equal(t, "00000000-0000-4000-8000-000000000001", rec.Header().Get("X-Amzn-RequestId"))
			requireSameJSON(t, s.body, rec.Body.Bytes())
		})
	}
	require.Equal(t, 62, outputs)
	require.Equal(t, 50, errorsSeen)
}
