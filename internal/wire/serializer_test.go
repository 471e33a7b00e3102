package wire

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	smithy "github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/require"
)

// encodeOutputSDK is how EncodeOutput used to write a body: through the
// awsJson protocol's own request serializer. serializer must match it byte
// for byte.
func encodeOutputSDK(ctx context.Context, v smithy.Serializable) ([]byte, error) {
	schema := smithy.NewOperationSchema(
		smithy.NewSchema(smithy.ShapeID{Namespace: "ecrfake", Name: "Encode"}, smithy.ShapeTypeOperation, 0),
		smithy.NewSchema(smithy.ShapeID{Namespace: "ecrfake", Name: "EncodeBody"}, smithy.ShapeTypeStructure, 0),
		nil,
	)
	req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	if err := protocol.SerializeRequest(ctx, schema, v, req); err != nil {
		return nil, err
	}
	if req.GetStream() == nil {
		return []byte("{}"), nil
	}
	return io.ReadAll(req.GetStream())
}

// serializableTypes are every operation output of the ECR client and every
// modeled error.
func serializableTypes(t *testing.T) []reflect.Type {
	var out []reflect.Type
	ct := reflect.TypeFor[*ecr.Client]()
	for i := range ct.NumMethod() {
		m := ct.Method(i).Type
		if m.NumOut() == 2 && m.Out(0).Kind() == reflect.Pointer && m.Out(0).Elem().Kind() == reflect.Struct &&
			m.Out(0).Implements(reflect.TypeFor[smithy.Serializable]()) {
			out = append(out, m.Out(0).Elem())
		}
	}
	require.GreaterOrEqual(t, len(out), 62)
	var names []string
	for name := range ecr.TypeRegistry.Entries {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		v := ecr.TypeRegistry.Entries[name].New()
		if _, ok := v.(smithy.Serializable); ok {
			out = append(out, reflect.TypeOf(v).Elem())
		}
	}
	return out
}

// filler puts random values in every exported field: strings that need
// escaping, invalid UTF-8, extreme numbers and times, nil and empty lists.
type filler struct {
	rng    *rand.Rand
	maxMap int // map entries; >1 makes the order random (Go map iteration)
}

var fillStrings = []string{
	"", "plain", "sha256:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	`quote " backslash \ slash /`, "tab\tnewline\nreturn\r", "\x00\x01\x1f\x7f", "héllo wörld ✓ 日本",
	"\xff\xfe invalid", "a\xc3", "line\u2028para\u2029", "\ufffd", "<script>&amp;</script>", "emoji 😀",
	"long " + string(bytes.Repeat([]byte("abcdefgh"), 40)),
}

func (f *filler) fill(v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.Pointer:
		if depth > 6 || f.rng.IntN(5) == 0 {
			return // nil
		}
		e := reflect.New(v.Type().Elem())
		f.fill(e.Elem(), depth+1)
		v.Set(e)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(f.time()))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() && v.Field(i).CanSet() && v.Type().Field(i).Name != "ResultMetadata" {
				f.fill(v.Field(i), depth+1)
			}
		}
	case reflect.String:
		v.SetString(fillStrings[f.rng.IntN(len(fillStrings))])
	case reflect.Bool:
		v.SetBool(f.rng.IntN(2) == 0)
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Int:
		vals := []int64{0, 1, -1, 42, math.MaxInt32, math.MinInt32, math.MaxInt64, math.MinInt64, f.rng.Int64()}
		x := vals[f.rng.IntN(len(vals))]
		if v.OverflowInt(x) {
			x = int64(f.rng.IntN(100))
		}
		v.SetInt(x)
	case reflect.Float32, reflect.Float64:
		vals := []float64{0, 1.5, -2.25, 1e-7, 3e21, 9.8, math.SmallestNonzeroFloat64, math.MaxFloat32, math.Inf(1), math.Inf(-1), math.NaN(), f.rng.Float64() * 10}
		v.SetFloat(vals[f.rng.IntN(len(vals))])
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 { // blob
			switch f.rng.IntN(3) {
			case 0:
				return // nil
			case 1:
				v.SetBytes([]byte{})
			default:
				b := make([]byte, f.rng.IntN(40))
				for i := range b {
					b[i] = byte(f.rng.IntN(256))
				}
				v.SetBytes(b)
			}
			return
		}
		if depth > 6 || f.rng.IntN(4) == 0 {
			return // nil
		}
		n := f.rng.IntN(4)
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := range n {
			f.fill(s.Index(i), depth+1)
		}
		v.Set(s)
	case reflect.Map:
		if depth > 6 || f.rng.IntN(4) == 0 {
			return
		}
		m := reflect.MakeMap(v.Type())
		for range f.rng.IntN(f.maxMap + 1) {
			k := reflect.New(v.Type().Key()).Elem()
			f.fill(k, depth+1)
			e := reflect.New(v.Type().Elem()).Elem()
			f.fill(e, depth+1)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	}
}

func (f *filler) time() time.Time {
	switch f.rng.IntN(5) {
	case 0:
		return time.Time{}
	case 1:
		return time.Unix(0, 0)
	case 2:
		return time.Date(1969, 7, 20, 20, 17, 40, 123456789, time.UTC)
	case 3:
		return time.UnixMilli(f.rng.Int64N(4e12)).UTC()
	default:
		return time.Unix(f.rng.Int64N(4e9), f.rng.Int64N(1e9)).In(time.FixedZone("x", 3600))
	}
}

// noZeroScalars gives every zero bool and float64 in v a non-zero value,
// so no member is left for sentDefaults to add: what remains must be the
// SDK's bytes exactly.
func noZeroScalars(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			noZeroScalars(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() && v.Field(i).CanSet() {
				noZeroScalars(v.Field(i))
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			noZeroScalars(v.Index(i))
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			noZeroScalars(e)
			v.SetMapIndex(k, e)
		}
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Float32, reflect.Float64:
		if v.Float() == 0 {
			v.SetFloat(2.5)
		}
	}
}

// TestSerializerMatchesTheSDK encodes random values of every output and
// error type both ways and requires identical bytes (maps hold at most one
// entry: the SDK writes Go maps in iteration order). Zero booleans and
// floats are excluded here: TestSerializerSendsDecidedDefaults covers them.
func TestSerializerMatchesTheSDK(t *testing.T) {
	ctx := context.Background()
	f := &filler{rng: rand.New(rand.NewPCG(7, 11)), maxMap: 1}
	rounds := 40
	if testing.Short() {
		rounds = 5
	}
	for _, typ := range serializableTypes(t) {
		for range rounds {
			v := reflect.New(typ)
			f.fill(v.Elem(), 0)
			noZeroScalars(v)
			want, err := encodeOutputSDK(ctx, v.Interface().(smithy.Serializable))
			require.NoError(t, err)
			got, err := EncodeOutput(ctx, v.Interface().(smithy.Serializable))
			require.NoError(t, err)
			require.Equal(t, string(want), string(got), "%s", typ)
		}
	}
}

// With many map entries the order differs run to run; the documents do not.
func TestSerializerMatchesTheSDKWithLargeMaps(t *testing.T) {
	ctx := context.Background()
	f := &filler{rng: rand.New(rand.NewPCG(3, 5)), maxMap: 5}
	for _, typ := range serializableTypes(t) {
		for range 5 {
			v := reflect.New(typ)
			f.fill(v.Elem(), 0)
			noZeroScalars(v)
			want, err := encodeOutputSDK(ctx, v.Interface().(smithy.Serializable))
			require.NoError(t, err)
			got, err := EncodeOutput(ctx, v.Interface().(smithy.Serializable))
			require.NoError(t, err)
			var w, g any
			require.NoError(t, json.Unmarshal(want, &w), "%s", want)
			require.NoError(t, json.Unmarshal(got, &g), "%s", got)
			require.Equal(t, w, g, "%s", typ)
		}
	}
}

func TestSerializerIsReusable(t *testing.T) {
	ctx := context.Background()
	f := &filler{rng: rand.New(rand.NewPCG(1, 1)), maxMap: 1}
	typ := reflect.TypeFor[ecr.DescribeImagesOutput]()
	var outs [][]byte
	var vals []smithy.Serializable
	for range 20 {
		v := reflect.New(typ)
		f.fill(v.Elem(), 0)
		noZeroScalars(v)
		b, err := EncodeOutput(ctx, v.Interface().(smithy.Serializable))
		require.NoError(t, err)
		outs = append(outs, b)
		vals = append(vals, v.Interface().(smithy.Serializable))
	}
	// Earlier results are not overwritten by later encodings.
	for i, v := range vals {
		want, err := encodeOutputSDK(ctx, v)
		require.NoError(t, err)
		require.Equal(t, string(want), string(outs[i]))
	}
}

func BenchmarkEncodeOutputDescribeImagesSDK(b *testing.B) {
	out := describeImagesPage(100)
	for b.Loop() {
		if _, err := encodeOutputSDK(context.Background(), out); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeOutputDescribeImages(b *testing.B) {
	out := describeImagesPage(100)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := EncodeOutput(context.Background(), out); err != nil {
			b.Fatal(err)
		}
	}
}

func describeImagesPage(n int) *ecr.DescribeImagesOutput {
	out := &ecr.DescribeImagesOutput{}
	now := time.UnixMilli(1767323045123).UTC()
	for i := range n {
		digest := "sha256:" + string(bytes.Repeat([]byte{"0123456789abcdef"[i%16]}, 64))
		out.ImageDetails = append(out.ImageDetails, types.ImageDetail{
			ImageDigest: &digest, ImageManifestMediaType: ptrTo("application/vnd.docker.distribution.manifest.v2+json"),
			ArtifactMediaType: ptrTo("application/vnd.docker.container.image.v1+json"), ImagePushedAt: &now,
			ImageSizeInBytes: ptrTo(int64(1234567 + i)), ImageStatus: types.ImageStatusActive, ImageTags: []string{"v1." + string(rune('a'+i%26))},
			RegistryId: ptrTo("123456789012"), RepositoryName: ptrTo("team/app"),
		})
	}
	return out
}

func ptrTo[T any](v T) *T { return &v }
