package ecrfake_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// The fake satisfies every per-operation interface the SDK declares for its
// paginators and waiters.
var (
	_ ecr.DescribeImageScanFindingsAPIClient           = (*ecrfake.Fake)(nil)
	_ ecr.DescribeImagesAPIClient                      = (*ecrfake.Fake)(nil)
	_ ecr.DescribePullThroughCacheRulesAPIClient       = (*ecrfake.Fake)(nil)
	_ ecr.DescribeReplicationBackfillResultsAPIClient  = (*ecrfake.Fake)(nil)
	_ ecr.DescribeRepositoriesAPIClient                = (*ecrfake.Fake)(nil)
	_ ecr.DescribeRepositoryCreationTemplatesAPIClient = (*ecrfake.Fake)(nil)
	_ ecr.GetLifecyclePolicyPreviewAPIClient           = (*ecrfake.Fake)(nil)
	_ ecr.ListImagesAPIClient                          = (*ecrfake.Fake)(nil)
	_ ecr.ListReplicationBackfillsAPIClient            = (*ecrfake.Fake)(nil)
)

// sdkOperations lists the operations of *ecr.Client: every method shaped
// (context.Context, *XInput, ...func(*ecr.Options)) (*XOutput, error).
func sdkOperations(t *testing.T) []reflect.Method {
	t.Helper()
	ctxType := reflect.TypeFor[context.Context]()
	client := reflect.TypeFor[*ecr.Client]()
	var ops []reflect.Method
	for i := range client.NumMethod() {
		m := client.Method(i)
		if m.Name == "Options" {
			continue
		}
		mt := m.Type
		require.Truef(t, mt.NumIn() == 4 && mt.In(1) == ctxType && mt.IsVariadic() && mt.NumOut() == 2,
			"%s is neither an operation nor a known helper method; update this test", m.Name)
		ops = append(ops, m)
	}
	return ops
}

func TestFakeHasEveryClientOperation(t *testing.T) {
	ops := sdkOperations(t)
	assert.Len(t, ops, 62, "the SDK's operation count changed: model the new operations")
	fake := reflect.TypeFor[*ecrfake.Fake]()
	for _, m := range ops {
		fm, ok := fake.MethodByName(m.Name)
		if !assert.Truef(t, ok, "Fake lacks %s", m.Name) {
			continue
		}
		// Compare signatures without the receiver.
		want, got := m.Type, fm.Type
		assert.Equalf(t, want.NumIn(), got.NumIn(), "%s: parameter count", m.Name)
		for i := 1; i < min(want.NumIn(), got.NumIn()); i++ {
			assert.Equalf(t, want.In(i), got.In(i), "%s: parameter %d", m.Name, i)
		}
		assert.Equalf(t, want.IsVariadic(), got.IsVariadic(), "%s: variadic", m.Name)
		assert.Equalf(t, want.NumOut(), got.NumOut(), "%s: result count", m.Name)
		for i := range min(want.NumOut(), got.NumOut()) {
			assert.Equalf(t, want.Out(i), got.Out(i), "%s: result %d", m.Name, i)
		}
	}
}

// Every operation accepts nil and garbage inputs without panicking and
// answers either an output or an error, never both or neither.
func TestEveryOperationSurvivesNilAndZeroInputs(t *testing.T) {
	f := ecrfake.New()
	fv := reflect.ValueOf(f)
	for _, m := range sdkOperations(t) {
		t.Run(m.Name, func(t *testing.T) {
			method := fv.MethodByName(m.Name)
			inType := m.Type.In(2)
			for name, in := range map[string]reflect.Value{
				"nil":  reflect.Zero(inType),
				"zero": reflect.New(inType.Elem()),
			} {
				var res []reflect.Value
				require.NotPanicsf(t, func() {
					res = method.Call([]reflect.Value{reflect.ValueOf(context.Background()), in})
				}, "%s input", name)
				out, err := res[0], res[1]
				assert.NotEqualf(t, out.IsNil(), err.IsNil(), "%s input: exactly one of output and error", name)
			}
		})
	}
}
