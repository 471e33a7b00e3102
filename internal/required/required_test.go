package required_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/aws/aws-sdk-go-v2/service/ecrpublic"
	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/internal/required"
)

// The real *ecr.Client (and *ecrpublic.Client, for ECR Public inputs) is the oracle: every test feeds the same input to the
// client and to Check and demands identical outcomes.

var errTransport = errors.New("required_test: request reached the transport")

// countingDoer stands in for the network. Input the SDK rejects must never
// reach it; input the SDK accepts must reach it exactly once.
type countingDoer struct{ calls atomic.Int64 }

func (d *countingDoer) Do(*http.Request) (*http.Response, error) {
	d.calls.Add(1)
	return nil, errTransport
}

func newClient() (*ecr.Client, *countingDoer) {
	d := &countingDoer{}
	return ecr.New(ecr.Options{
		Region:      "us-east-1",
		HTTPClient:  d,
		Credentials: aws.AnonymousCredentials{},
		Retryer:     aws.NopRetryer{}, // one transport call per accepted input
	}), d
}

func newPublicClient() (*ecrpublic.Client, *countingDoer) {
	d := &countingDoer{}
	return ecrpublic.New(ecrpublic.Options{
		Region:      "us-east-1",
		HTTPClient:  d,
		Credentials: aws.AnonymousCredentials{},
		Retryer:     aws.NopRetryer{},
	}), d
}

// clientFor returns the real client whose operation takes in.
func clientFor(in any) (any, *countingDoer) {
	if reflect.TypeOf(in).Elem().PkgPath() == reflect.TypeFor[ecrpublic.Client]().PkgPath() {
		return newPublicClient()
	}
	return newClient()
}

type operation struct {
	name  string
	input reflect.Type // *ecr.<name>Input
}

// operations enumerates the operations of *ecr.Client and *ecrpublic.Client
// by reflection, so an operation added by an SDK upgrade is exercised (and
// trips Check's panic until the generated code is refreshed). ECR Public
// operations are named "public.<Op>".
func operations(t *testing.T) []operation {
	t.Helper()
	ops := clientOperations(t, reflect.TypeFor[*ecr.Client](), "")
	require.Len(t, ops, 62)
	public := clientOperations(t, reflect.TypeFor[*ecrpublic.Client](), "public.")
	require.Len(t, public, 23)
	return append(ops, public...)
}

func clientOperations(t *testing.T, ct reflect.Type, prefix string) []operation {
	t.Helper()
	var ops []operation
	for i := range ct.NumMethod() {
		m := ct.Method(i)
		if m.Name == "Options" {
			continue
		}
		// func(c *Client, ctx, params *XInput, optFns ...func(*Options)) (*XOutput, error)
		require.True(t, m.Type.IsVariadic() && m.Type.NumIn() == 4 && m.Type.NumOut() == 2, "%s: unexpected signature %s", m.Name, m.Type)
		in := m.Type.In(2)
		require.Equal(t, reflect.Pointer, in.Kind(), m.Name)
		require.Equal(t, m.Name+"Input", in.Elem().Name(), m.Name)
		ops = append(ops, operation{name: prefix + m.Name, input: in})
	}
	require.NotEmpty(t, ops)
	return ops
}

func invoke(c any, op string, in reflect.Value) error {
	out := reflect.ValueOf(c).MethodByName(op).Call([]reflect.Value{reflect.ValueOf(context.Background()), in})
	err, _ := out[1].Interface().(error)
	return err
}

// assertSameAsClient runs in through Check and through a real client and
// requires the same verdict and, on rejection, the same error value.
func assertSameAsClient(t *testing.T, in any) error {
	t.Helper()
	op := strings.TrimSuffix(reflect.TypeOf(in).Elem().Name(), "Input")
	var got error
	require.NotPanics(t, func() { got = required.Check(in) }, "Check(%T)", in)

	c, d := clientFor(in)
	realErr := invoke(c, op, reflect.ValueOf(in))
	require.Error(t, realErr, "the fake transport always fails")

	var want smithy.InvalidParamsError
	if !errors.As(realErr, &want) {
		require.NoError(t, got, "the client accepted the input")
		require.ErrorIs(t, realErr, errTransport, "the client failed for another reason than the transport")
		require.EqualValues(t, 1, d.calls.Load())
		return nil
	}
	require.Error(t, got, "the client rejected the input with:\n%s", want.Error())
	require.Zero(t, d.calls.Load(), "the client sent a request it rejected")
	gotParams, ok := got.(smithy.InvalidParamsError)
	require.True(t, ok, "Check returned %T, want smithy.InvalidParamsError", got)
	require.Equal(t, want.Error(), gotParams.Error())
	require.Equal(t, want, gotParams, "same Context and entries, including each entry's nested context")
	return got
}

func TestEmptyAndNilInputs(t *testing.T) {
	t.Parallel()
	for _, op := range operations(t) {
		t.Run(op.name, func(t *testing.T) {
			t.Parallel()
			assertSameAsClient(t, reflect.New(op.input.Elem()).Interface())
			// The client substitutes an empty input for nil; so does Check.
			assertSameAsClient(t, reflect.Zero(op.input).Interface())
		})
	}
}

// TestFullInputIsValid fills every member of every input: the client must
// accept it and so must Check.
func TestFullInputIsValid(t *testing.T) {
	t.Parallel()
	for _, op := range operations(t) {
		t.Run(op.name, func(t *testing.T) {
			t.Parallel()
			in := reflect.New(op.input.Elem())
			fill(t, in.Elem(), true, 0)
			require.NoError(t, assertSameAsClient(t, in.Interface()))
		})
	}
}

// TestEachMemberEmptied starts from a fully filled input and, one member at a
// time and at every depth (including list elements beyond [0]), empties it:
// nil/zero, an empty non-nil slice, a pointer to a zero struct. This reaches
// every required member and nested validator without naming them.
func TestEachMemberEmptied(t *testing.T) {
	t.Parallel()
	for _, op := range operations(t) {
		t.Run(op.name, func(t *testing.T) {
			t.Parallel()
			proto := reflect.New(op.input.Elem())
			fill(t, proto.Elem(), true, 0)
			var paths []path
			walk(proto.Elem(), path{}, &paths)
			rejected := 0
			for _, p := range paths {
				for _, m := range mutations(p.at(proto.Elem()).Type()) {
					t.Run(p.name+"="+m.name, func(t *testing.T) {
						in := reflect.New(op.input.Elem())
						fill(t, in.Elem(), true, 0)
						m.apply(p.at(in.Elem()))
						if assertSameAsClient(t, in.Interface()) != nil {
							rejected++
						}
					})
				}
			}
			// Guard the harness itself: if the empty input is rejected, emptying
			// one of the members it lacks must be rejected too.
			if required.Check(reflect.New(op.input.Elem()).Interface()) != nil {
				assert.Positive(t, rejected, "no mutation was rejected")
			}
			t.Logf("%d paths, %d rejected mutations", len(paths), rejected)
		})
	}
}

// TestSkeletonInputs builds every nested structure but leaves every scalar
// empty, so each input fails with as many entries as possible: this pins
// down entry order across members, nesting levels and list indexes.
func TestSkeletonInputs(t *testing.T) {
	t.Parallel()
	for _, op := range operations(t) {
		t.Run(op.name, func(t *testing.T) {
			t.Parallel()
			in := reflect.New(op.input.Elem())
			fill(t, in.Elem(), false, 0)
			assertSameAsClient(t, in.Interface())
		})
	}
}

func TestNestedCases(t *testing.T) {
	t.Parallel()
	s := aws.String
	cases := []struct {
		name string
		in   any
		want string // full Error() text; "" when the input is valid
	}{
		{
			name: "replication destinations missing region and registry",
			in: &ecr.PutReplicationConfigurationInput{ReplicationConfiguration: &types.ReplicationConfiguration{Rules: []types.ReplicationRule{
				{Destinations: []types.ReplicationDestination{{Region: s("eu-west-1"), RegistryId: s("123456789012")}, {Region: s("eu-west-1")}, {}}},
				{}, // Destinations is required
				{Destinations: []types.ReplicationDestination{}, RepositoryFilters: []types.RepositoryFilter{{Filter: s("prod")}}},
			}}},
			want: "5 validation error(s) found.\n" +
				"- missing required field, PutReplicationConfigurationInput.ReplicationConfiguration.Rules[0].Destinations[1].RegistryId.\n" +
				"- missing required field, PutReplicationConfigurationInput.ReplicationConfiguration.Rules[0].Destinations[2].Region.\n" +
				"- missing required field, PutReplicationConfigurationInput.ReplicationConfiguration.Rules[0].Destinations[2].RegistryId.\n" +
				"- missing required field, PutReplicationConfigurationInput.ReplicationConfiguration.Rules[1].Destinations.\n" +
				"- missing required field, PutReplicationConfigurationInput.ReplicationConfiguration.Rules[2].RepositoryFilters[0].FilterType.\n",
		},
		{
			name: "replication configuration without rules",
			in:   &ecr.PutReplicationConfigurationInput{ReplicationConfiguration: &types.ReplicationConfiguration{}},
			want: "1 validation error(s) found.\n" +
				"- missing required field, PutReplicationConfigurationInput.ReplicationConfiguration.Rules.\n",
		},
		{
			name: "create repository with incomplete tags, filters and encryption",
			in: &ecr.CreateRepositoryInput{
				Tags:                               []types.Tag{{Key: s("team")}, {Value: s("x")}, {}},
				ImageTagMutabilityExclusionFilters: []types.ImageTagMutabilityExclusionFilter{{}},
				EncryptionConfiguration:            &types.EncryptionConfiguration{KmsKey: s("alias/k")},
			},
			want: "8 validation error(s) found.\n" +
				"- missing required field, CreateRepositoryInput.RepositoryName.\n" +
				"- missing required field, CreateRepositoryInput.Tags[0].Value.\n" +
				"- missing required field, CreateRepositoryInput.Tags[1].Key.\n" +
				"- missing required field, CreateRepositoryInput.Tags[2].Key.\n" +
				"- missing required field, CreateRepositoryInput.Tags[2].Value.\n" +
				"- missing required field, CreateRepositoryInput.ImageTagMutabilityExclusionFilters[0].FilterType.\n" +
				"- missing required field, CreateRepositoryInput.ImageTagMutabilityExclusionFilters[0].Filter.\n" +
				"- missing required field, CreateRepositoryInput.EncryptionConfiguration.EncryptionType.\n",
		},
		{
			name: "creation template: AppliedFor is checked after the nested members",
			in: &ecr.CreateRepositoryCreationTemplateInput{
				EncryptionConfiguration: &types.EncryptionConfigurationForRepositoryCreationTemplate{},
				ResourceTags:            []types.Tag{{}},
			},
			want: "5 validation error(s) found.\n" +
				"- missing required field, CreateRepositoryCreationTemplateInput.Prefix.\n" +
				"- missing required field, CreateRepositoryCreationTemplateInput.EncryptionConfiguration.EncryptionType.\n" +
				"- missing required field, CreateRepositoryCreationTemplateInput.ResourceTags[0].Key.\n" +
				"- missing required field, CreateRepositoryCreationTemplateInput.ResourceTags[0].Value.\n" +
				"- missing required field, CreateRepositoryCreationTemplateInput.AppliedFor.\n",
		},
		{
			name: "tag mutability exclusion filters lacking fields",
			in: &ecr.PutImageTagMutabilityInput{
				RepositoryName: s("r"),
				ImageTagMutabilityExclusionFilters: []types.ImageTagMutabilityExclusionFilter{
					{FilterType: types.ImageTagMutabilityExclusionFilterTypeWildcard},
					{Filter: s("release-*")},
				},
			},
			want: "3 validation error(s) found.\n" +
				"- missing required field, PutImageTagMutabilityInput.ImageTagMutability.\n" +
				"- missing required field, PutImageTagMutabilityInput.ImageTagMutabilityExclusionFilters[0].Filter.\n" +
				"- missing required field, PutImageTagMutabilityInput.ImageTagMutabilityExclusionFilters[1].FilterType.\n",
		},
		{
			name: "registry scanning rules",
			in: &ecr.PutRegistryScanningConfigurationInput{Rules: []types.RegistryScanningRule{
				{},
				{ScanFrequency: types.ScanFrequencyScanOnPush, RepositoryFilters: []types.ScanningRepositoryFilter{{Filter: s("*")}, {}}},
				{ScanFrequency: types.ScanFrequencyContinuousScan, RepositoryFilters: []types.ScanningRepositoryFilter{}},
			}},
			want: "5 validation error(s) found.\n" +
				"- missing required field, PutRegistryScanningConfigurationInput.Rules[0].ScanFrequency.\n" +
				"- missing required field, PutRegistryScanningConfigurationInput.Rules[0].RepositoryFilters.\n" +
				"- missing required field, PutRegistryScanningConfigurationInput.Rules[1].RepositoryFilters[0].FilterType.\n" +
				"- missing required field, PutRegistryScanningConfigurationInput.Rules[1].RepositoryFilters[1].Filter.\n" +
				"- missing required field, PutRegistryScanningConfigurationInput.Rules[1].RepositoryFilters[1].FilterType.\n",
		},
		{
			name: "signing rules",
			in: &ecr.PutSigningConfigurationInput{SigningConfiguration: &types.SigningConfiguration{Rules: []types.SigningRule{
				{},
				{SigningProfileArn: s("arn"), RepositoryFilters: []types.SigningRepositoryFilter{{}}},
			}}},
			want: "3 validation error(s) found.\n" +
				"- missing required field, PutSigningConfigurationInput.SigningConfiguration.Rules[0].SigningProfileArn.\n" +
				"- missing required field, PutSigningConfigurationInput.SigningConfiguration.Rules[1].RepositoryFilters[0].Filter.\n" +
				"- missing required field, PutSigningConfigurationInput.SigningConfiguration.Rules[1].RepositoryFilters[0].FilterType.\n",
		},
		{
			name: "signing configuration without rules",
			in:   &ecr.PutSigningConfigurationInput{SigningConfiguration: &types.SigningConfiguration{}},
			want: "1 validation error(s) found.\n" +
				"- missing required field, PutSigningConfigurationInput.SigningConfiguration.Rules.\n",
		},
		{
			name: "image referrers with empty subject",
			in:   &ecr.ListImageReferrersInput{RepositoryName: s("r"), SubjectId: &types.SubjectIdentifier{}},
			want: "1 validation error(s) found.\n" +
				"- missing required field, ListImageReferrersInput.SubjectId.ImageDigest.\n",
		},
		{
			name: "replication backfill destination",
			in:   &ecr.StartReplicationBackfillInput{Destination: &types.ReplicationDestination{}},
			want: "2 validation error(s) found.\n" +
				"- missing required field, StartReplicationBackfillInput.Destination.Region.\n" +
				"- missing required field, StartReplicationBackfillInput.Destination.RegistryId.\n",
		},
		{
			name: "required lists accept an empty non-nil slice",
			in:   &ecr.BatchGetImageInput{RepositoryName: s("r"), ImageIds: []types.ImageIdentifier{}},
		},
		{
			name: "required list with empty tags",
			in:   &ecr.TagResourceInput{Tags: []types.Tag{}},
			want: "1 validation error(s) found.\n" +
				"- missing required field, TagResourceInput.ResourceArn.\n",
		},
		{
			name: "enum members are checked for emptiness only",
			in: &ecr.UpdateImageStorageClassInput{
				RepositoryName:     s("r"),
				ImageId:            &types.ImageIdentifier{},
				TargetStorageClass: "not-a-storage-class",
			},
		},
		{
			name: "valid upload part",
			in: &ecr.UploadLayerPartInput{
				RepositoryName: s("r"), UploadId: s("u"), PartFirstByte: aws.Int64(0), PartLastByte: aws.Int64(0), LayerPartBlob: []byte{},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := assertSameAsClient(t, tc.in)
			if tc.want == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tc.want, err.Error())
		})
	}
}

func TestCheckPanicsOnUnknownTypes(t *testing.T) {
	t.Parallel()
	for _, in := range []any{nil, ecr.PutImageInput{}, &ecr.PutImageOutput{}, &types.Tag{}, "PutImage"} {
		assert.Panics(t, func() { _ = required.Check(in) }, "%T", in)
	}
}

func TestValidInputDoesNotAllocate(t *testing.T) {
	ins := validInputs()
	ins = append(ins, &ecr.PutReplicationConfigurationInput{ReplicationConfiguration: &types.ReplicationConfiguration{Rules: []types.ReplicationRule{{
		Destinations:      []types.ReplicationDestination{{Region: aws.String("eu-west-1"), RegistryId: aws.String("123456789012")}},
		RepositoryFilters: []types.RepositoryFilter{{Filter: aws.String("p"), FilterType: types.RepositoryFilterTypePrefixMatch}},
	}}}})
	for _, in := range ins {
		var err error
		allocs := testing.AllocsPerRun(100, func() { err = required.Check(in) })
		require.NoError(t, err)
		assert.Zero(t, allocs, "%T", in)
	}
}

// TestGeneratedCodeIsUpToDate regenerates into a temporary directory and
// compares, so a stale required_gen.go (e.g. after an SDK bump) fails here.
func TestGeneratedCodeIsUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the generator")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go not on PATH")
	}
	for service, file := range map[string]string{"ecr": "required_gen.go", "ecrpublic": "required_ecrpublic_gen.go"} {
		t.Run(service, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), file)
			cmd := exec.Command(goBin, "run", "../gen/required", "-service", service, "-o", out)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			require.NoError(t, cmd.Run(), stderr.String())
			fresh, err := os.ReadFile(out)
			require.NoError(t, err)
			committed, err := os.ReadFile(file)
			require.NoError(t, err)
			require.Equal(t, string(fresh), string(committed), "%s is stale: run go generate ./internal/required", file)
		})
	}
}

func validInputs() []any {
	return []any{
		&ecr.PutImageInput{RepositoryName: aws.String("r"), ImageManifest: aws.String("{}"), ImageTag: aws.String("latest")},
		&ecr.DescribeRepositoriesInput{RepositoryNames: []string{"r"}},
		&ecrpublic.PutImageInput{RepositoryName: aws.String("r"), ImageManifest: aws.String("{}"), ImageTag: aws.String("latest")},
	}
}

func BenchmarkCheck(b *testing.B) {
	for _, in := range validInputs() {
		b.Run(reflect.TypeOf(in).Elem().Name(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := required.Check(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// ---- reflective input construction ----

const maxDepth = 10

// fill populates every exported member reachable from v. With leaves, scalars
// get non-zero values, slices two elements (so list indexes past [0] are
// exercised) and maps one entry: the result satisfies any required-member
// rule. Without leaves, only the structure is built (struct pointers and
// slices of structs) and every scalar is left empty.
func fill(t *testing.T, v reflect.Value, leaves bool, depth int) {
	t.Helper()
	require.Less(t, depth, maxDepth, "input types nest too deeply (recursive shape?)")
	switch v.Kind() {
	case reflect.Pointer:
		if !leaves && v.Type().Elem().Kind() != reflect.Struct {
			return
		}
		p := reflect.New(v.Type().Elem())
		fill(t, p.Elem(), leaves, depth+1)
		v.Set(p)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(t, v.Field(i), leaves, depth+1)
			}
		}
	case reflect.Slice:
		if !leaves && v.Type().Elem().Kind() != reflect.Struct {
			return
		}
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(t, s.Index(i), leaves, depth+1)
		}
		v.Set(s)
	case reflect.Map:
		if !leaves {
			return
		}
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(t, k, leaves, depth+1)
		fill(t, e, leaves, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.String:
		if leaves {
			v.SetString("x") // also a non-empty enum value; the client does not check enum domains
		}
	case reflect.Bool:
		v.SetBool(leaves)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if leaves {
			v.SetInt(1)
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if leaves {
			v.SetUint(1)
		}
	case reflect.Float32, reflect.Float64:
		if leaves {
			v.SetFloat(1)
		}
	default:
		t.Fatalf("fill: unsupported kind %s (%s)", v.Kind(), v.Type())
	}
}

// path addresses a member inside an input: struct field indexes and slice
// indexes, pointers being followed implicitly.
type path struct {
	steps []int
	name  string
}

func (p path) at(v reflect.Value) reflect.Value {
	for _, s := range p.steps {
		for v.Kind() == reflect.Pointer {
			v = v.Elem()
		}
		if v.Kind() == reflect.Struct {
			v = v.Field(s)
		} else {
			v = v.Index(s)
		}
	}
	return v
}

// walk records the path of every exported member and every element of a
// slice of structs below v.
func walk(v reflect.Value, prefix path, out *[]path) {
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	child := func(step int, name string) path {
		return path{steps: append(append([]int(nil), prefix.steps...), step), name: prefix.name + name}
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			sep := "."
			if prefix.name == "" {
				sep = ""
			}
			p := child(i, sep+f.Name)
			*out = append(*out, p)
			walk(v.Field(i), p, out)
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() != reflect.Struct {
			return
		}
		for i := range v.Len() {
			p := child(i, "["+strconv.Itoa(i)+"]")
			*out = append(*out, p)
			walk(v.Index(i), p, out)
		}
	}
}

type mutation struct {
	name  string
	apply func(reflect.Value)
}

// mutations lists the ways to empty a member of type t.
func mutations(t reflect.Type) []mutation {
	ms := []mutation{{"zero", func(v reflect.Value) { v.Set(reflect.Zero(v.Type())) }}}
	switch {
	case t.Kind() == reflect.Slice:
		ms = append(ms, mutation{"emptySlice", func(v reflect.Value) { v.Set(reflect.MakeSlice(v.Type(), 0, 0)) }})
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct:
		ms = append(ms, mutation{"emptyStruct", func(v reflect.Value) { v.Set(reflect.New(v.Type().Elem())) }})
	}
	return ms
}
