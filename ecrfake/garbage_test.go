package ecrfake_test

import (
	"context"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// hostileStrings are values a careless or malicious caller may send.
var hostileStrings = []string{
	"", "\x00", "app", "APP", "a", "../../etc", "sha256:", ":", "sha256:zz",
	"sha256:" + strings.Repeat("a", 64), strings.Repeat("x", 70000), "日本語", "\xff\xfe",
	`{"schemaVersion":2}`, `{`, "null", "arn:aws:ecr:us-east-1:123456789012:repository/app",
	"00000000-0000-4000-8000-000000000001", "*", "MUTABLE", "IMMUTABLE_WITH_EXCLUSION",
}

// fill sets every exported field of v, recursively, from r.
func fill(r *rand.Rand, v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.Pointer:
		if r.IntN(4) == 0 || depth > 6 {
			return // leave nil
		}
		v.Set(reflect.New(v.Type().Elem()))
		fill(r, v.Elem(), depth+1)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Unix(r.Int64N(1<<40)-1<<39, 0)))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(r, v.Field(i), depth+1)
			}
		}
	case reflect.String:
		v.SetString(hostileStrings[r.IntN(len(hostileStrings))])
	case reflect.Bool:
		v.SetBool(r.IntN(2) == 0)
	case reflect.Int32, reflect.Int64, reflect.Int:
		v.SetInt([]int64{-1, 0, 1, 5, 1000, 1001, math.MaxInt32, math.MinInt64}[r.IntN(8)])
	case reflect.Slice:
		if r.IntN(5) == 0 {
			return // nil
		}
		n := []int{0, 1, 2, 3, 150}[r.IntN(5)]
		if v.Type().Elem().Kind() == reflect.Uint8 {
			v.SetBytes(make([]byte, n*r.IntN(100)))
			return
		}
		v.Set(reflect.MakeSlice(v.Type(), n, n))
		for i := range n {
			fill(r, v.Index(i), depth+1)
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
	}
}

// Any input, however wrong, gets an answer — an output or an error, never a
// panic — and the fake stays consistent.
func TestEveryOperationSurvivesGarbage(t *testing.T) {
	f := ecrfake.New(ecrfake.WithCallRecording(false))
	_, err := f.Seed(ecrfake.Seed{Repositories: []ecrfake.SeedRepository{{Name: "app", Images: []ecrfake.SeedImage{{Tags: []string{"v1"}}, {}}}}})
	require.NoError(t, err)
	fv := reflect.ValueOf(f)
	r := rand.New(rand.NewPCG(1, 2))
	ctx := context.Background()
	for _, m := range sdkOperations(t) {
		method := fv.MethodByName(m.Name)
		for range 120 {
			in := reflect.New(m.Type.In(2).Elem())
			fill(r, in.Elem(), 0)
			var res []reflect.Value
			require.NotPanicsf(t, func() { res = method.Call([]reflect.Value{reflect.ValueOf(ctx), in}) }, "%s(%+v)", m.Name, in.Interface())
			assert.NotEqualf(t, res[0].IsNil(), res[1].IsNil(), "%s: exactly one of output and error", m.Name)
		}
	}
	// Still consistent: listings work and agree with each other.
	p := observe(t, f)
	require.NotEmpty(t, p)
}
