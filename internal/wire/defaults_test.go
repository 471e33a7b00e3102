package wire

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The members real ECR sends with their zero value, in the operations the
// issue names, encoded exactly.
func TestSentDefaults(t *testing.T) {
	repo := func() *types.Repository {
		return &types.Repository{
			RepositoryName:             ptrTo("app"),
			ImageScanningConfiguration: &types.ImageScanningConfiguration{},
			ImageTagMutability:         types.ImageTagMutabilityMutable,
		}
	}
	const repoJSON = `{"imageScanningConfiguration":{"scanOnPush":false},"imageTagMutability":"MUTABLE","repositoryName":"app"}`
	cases := []struct {
		name string
		v    smithy.Serializable
		want string
	}{
		{"CreateRepository", &ecr.CreateRepositoryOutput{Repository: repo()}, `{"repository":` + repoJSON + `}`},
		{"DescribeRepositories", &ecr.DescribeRepositoriesOutput{Repositories: []types.Repository{*repo(), *repo()}},
			`{"repositories":[` + repoJSON + `,` + repoJSON + `]}`},
		{"DeleteRepository", &ecr.DeleteRepositoryOutput{Repository: repo()}, `{"repository":` + repoJSON + `}`},
		{"PutImageScanningConfiguration", &ecr.PutImageScanningConfigurationOutput{
			ImageScanningConfiguration: &types.ImageScanningConfiguration{}, RepositoryName: ptrTo("app")},
			`{"imageScanningConfiguration":{"scanOnPush":false},"repositoryName":"app"}`},
		{"PutImageScanningConfiguration true", &ecr.PutImageScanningConfigurationOutput{
			ImageScanningConfiguration: &types.ImageScanningConfiguration{ScanOnPush: true}},
			`{"imageScanningConfiguration":{"scanOnPush":true}}`},
		{"BatchGetRepositoryScanningConfiguration", &ecr.BatchGetRepositoryScanningConfigurationOutput{
			ScanningConfigurations: []types.RepositoryScanningConfiguration{
				{RepositoryName: ptrTo("a"), ScanFrequency: types.ScanFrequencyManual},
				{RepositoryName: ptrTo("b"), ScanFrequency: types.ScanFrequencyScanOnPush, ScanOnPush: true},
				{},
			}},
			`{"scanningConfigurations":[{"repositoryName":"a","scanFrequency":"MANUAL","scanOnPush":false},` +
				`{"repositoryName":"b","scanFrequency":"SCAN_ON_PUSH","scanOnPush":true},{"scanOnPush":false}]}`},
		{"ValidatePullThroughCacheRule", &ecr.ValidatePullThroughCacheRuleOutput{
			EcrRepositoryPrefix: ptrTo("hub"), Failure: ptrTo("Unable to reach upstream"), RegistryId: ptrTo("123456789012")},
			`{"ecrRepositoryPrefix":"hub","failure":"Unable to reach upstream","isValid":false,"registryId":"123456789012"}`},
		{"ValidatePullThroughCacheRule empty", &ecr.ValidatePullThroughCacheRuleOutput{}, `{"isValid":false}`},
		{"DescribeImageScanFindings scores", &ecr.DescribeImageScanFindingsOutput{ImageScanFindings: &types.ImageScanFindings{
			EnhancedFindings: []types.EnhancedImageScanFinding{{
				PackageVulnerabilityDetails: &types.PackageVulnerabilityDetails{Cvss: []types.CvssScore{{Version: ptrTo("3.1")}}},
				ScoreDetails:                &types.ScoreDetails{Cvss: &types.CvssScoreDetails{Version: ptrTo("3.1")}},
				Title:                       ptrTo("CVE-0"),
			}}}},
			`{"imageScanFindings":{"enhancedFindings":[{"packageVulnerabilityDetails":{"cvss":[{"baseScore":0,"version":"3.1"}]},` +
				`"score":0,"scoreDetails":{"cvss":{"score":0,"version":"3.1"}},"title":"CVE-0"}]}}`},
		// Enums are never sent empty; a nil structure stays absent.
		{"no enum defaults", &ecr.PutImageTagMutabilityOutput{RepositoryName: ptrTo("app")}, `{"repositoryName":"app"}`},
		{"nil scanning configuration", &ecr.CreateRepositoryOutput{Repository: &types.Repository{}}, `{"repository":{}}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := EncodeOutput(context.Background(), tc.v)
			require.NoError(t, err)
			assert.Equal(t, tc.want, string(got))
			assert.True(t, json.Valid(got))
		})
	}
}

// sentDefaultNames are the member names that may be added.
func sentDefaultNames() map[string]bool {
	names := map[string]bool{}
	for _, ds := range sentDefaults {
		for _, d := range ds {
			names[d.name] = true
		}
	}
	return names
}

// dropZeroDefaults removes, everywhere in a decoded document, the members
// sentDefaults may add when they hold their zero value.
func dropZeroDefaults(v any, names map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if names[k] && (e == false || e == float64(0)) {
				delete(v, k)
				continue
			}
			dropZeroDefaults(e, names)
		}
	case []any:
		for _, e := range v {
			dropZeroDefaults(e, names)
		}
	}
}

// objectKeysSorted reports whether every object in a JSON document has its
// keys in byte order.
func objectKeysSorted(t *testing.T, doc []byte) bool {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(doc))
	type level struct {
		object bool
		keys   []string
		expect bool // the next string token is a key
	}
	var stack []*level
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return true
		}
		require.NoError(t, err)
		var top *level
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch tok := tok.(type) {
		case json.Delim:
			switch tok {
			case '{':
				if top != nil && top.object {
					top.expect = true
				}
				stack = append(stack, &level{object: true, expect: true})
				continue
			case '[':
				if top != nil && top.object {
					top.expect = true
				}
				stack = append(stack, &level{})
				continue
			default:
				if top.object && !slices.IsSorted(top.keys) {
					return false
				}
				stack = stack[:len(stack)-1]
				if len(stack) > 0 && stack[len(stack)-1].object {
					stack[len(stack)-1].expect = true
				}
				continue
			}
		case string:
			if top != nil && top.object && top.expect {
				top.keys = append(top.keys, tok)
				top.expect = false
				continue
			}
		}
		if top != nil && top.object {
			top.expect = true
		}
	}
}

// Over random values of every output, the body differs from the SDK's only
// by the zero-valued members sentDefaults adds, keys stay in the SDK's
// order, and the SDK client reads the body back to the same value.
func TestSerializerSendsDecidedDefaults(t *testing.T) {
	ctx := context.Background()
	f := &filler{rng: rand.New(rand.NewPCG(19, 23)), maxMap: 1}
	names := sentDefaultNames()
	added := 0
	for _, typ := range serializableTypes(t) {
		for range 20 {
			v := reflect.New(typ)
			f.fill(v.Elem(), 0)
			want, err := encodeOutputSDK(ctx, v.Interface().(smithy.Serializable))
			require.NoError(t, err)
			got, err := EncodeOutput(ctx, v.Interface().(smithy.Serializable))
			require.NoError(t, err)
			require.True(t, objectKeysSorted(t, want), "the SDK writes members in name order: %s", want)
			require.True(t, objectKeysSorted(t, got), "%s", got)
			added += bytes.Count(got, []byte(`":false`)) + bytes.Count(got, []byte(`":0`)) -
				bytes.Count(want, []byte(`":false`)) - bytes.Count(want, []byte(`":0`))
			var w, g any
			require.NoError(t, json.Unmarshal(want, &w))
			require.NoError(t, json.Unmarshal(got, &g))
			dropZeroDefaults(w, names)
			dropZeroDefaults(g, names)
			require.Equal(t, w, g, "%s", typ)
		}
	}
	assert.Positive(t, added, "random values exercised no default")
}

// sentDefaults covers output shapes only: every key is a structure the
// SDK's schemas name, with members that exist in it.
func TestSentDefaultsTable(t *testing.T) {
	require.NotEmpty(t, sentDefaults)
	for id, ds := range sentDefaults {
		assert.Contains(t, []string{"com.amazonaws.ecr", "com.amazonaws.ecrpublic"}, id.Namespace)
		assert.Empty(t, id.Member)
		assert.True(t, slices.IsSortedFunc(ds, func(a, b sentDefault) int {
			return bytes.Compare([]byte(a.name), []byte(b.name))
		}), "%v", id)
		for _, d := range ds {
			assert.True(t, json.Valid([]byte(d.zero)), d.zero)
		}
	}
	assert.Contains(t, sentDefaults, smithy.ShapeID{Namespace: "com.amazonaws.ecr", Name: "ImageScanningConfiguration"})
}
