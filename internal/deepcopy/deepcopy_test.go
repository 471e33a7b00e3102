package deepcopy

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/aws/smithy-go/middleware"
	"github.com/stretchr/testify/require"
)

// ---- the SDK's types -------------------------------------------------------

// operationTypes returns the input and output types of every operation of
// *ecr.Client, found by reflection: the methods shaped
// func(ctx, *XxxInput, ...func(*ecr.Options)) (*XxxOutput, error).
func operationTypes(tb testing.TB) (names []string, inputs, outputs []reflect.Type) {
	tb.Helper()
	ctxType, errType := reflect.TypeFor[context.Context](), reflect.TypeFor[error]()
	client := reflect.TypeFor[*ecr.Client]()
	for i := range client.NumMethod() {
		m := client.Method(i)
		ft := m.Type
		if ft.NumIn() != 4 || ft.In(1) != ctxType || !ft.IsVariadic() || ft.NumOut() != 2 || ft.Out(1) != errType {
			continue
		}
		in, out := ft.In(2), ft.Out(0)
		require.Equal(tb, m.Name+"Input", in.Elem().Name())
		require.Equal(tb, m.Name+"Output", out.Elem().Name())
		names = append(names, m.Name)
		inputs = append(inputs, in)
		outputs = append(outputs, out)
	}
	return names, inputs, outputs
}

// exceptionTypes are the modeled errors of the ECR types package.
var exceptionTypes = []any{
	&types.BlockedByOrganizationPolicyException{}, &types.EmptyUploadException{}, &types.ExclusionAlreadyExistsException{},
	&types.ExclusionNotFoundException{}, &types.ImageAlreadyExistsException{}, &types.ImageArchivedException{},
	&types.ImageDigestDoesNotMatchException{}, &types.ImageNotFoundException{}, &types.ImageStorageClassUpdateNotSupportedException{},
	&types.ImageTagAlreadyExistsException{}, &types.InvalidLayerException{}, &types.InvalidLayerPartException{},
	&types.InvalidParameterException{}, &types.InvalidTagParameterException{}, &types.KmsException{},
	&types.LayerAlreadyExistsException{}, &types.LayerInaccessibleException{}, &types.LayerPartTooSmallException{},
	&types.LayersNotFoundException{}, &types.LifecyclePolicyNotFoundException{}, &types.LifecyclePolicyPreviewInProgressException{},
	&types.LifecyclePolicyPreviewNotFoundException{}, &types.LimitExceededException{}, &types.PullThroughCacheRuleAlreadyExistsException{},
	&types.PullThroughCacheRuleNotFoundException{}, &types.ReferencedImagesNotFoundException{}, &types.RegistryPolicyNotFoundException{},
	&types.ReplicationBackfillInProgressException{}, &types.ReplicationBackfillInvalidStatusException{}, &types.ReplicationBackfillNotFoundException{},
	&types.RepositoryAlreadyExistsException{}, &types.RepositoryNotEmptyException{}, &types.RepositoryNotFoundException{},
	&types.RepositoryPolicyNotFoundException{}, &types.ScanNotFoundException{}, &types.SecretNotFoundException{},
	&types.ServerException{}, &types.SigningConfigurationNotFoundException{}, &types.TemplateAlreadyExistsException{},
	&types.TemplateNotFoundException{}, &types.TooManyTagsException{}, &types.UnableToAccessSecretException{},
	&types.UnableToDecryptSecretValueException{}, &types.UnableToGetUpstreamImageException{}, &types.UnableToGetUpstreamLayerException{},
	&types.UnableToListUpstreamImageReferrersException{}, &types.UnsupportedImageTypeException{}, &types.UnsupportedUpstreamRegistryException{},
	&types.UploadNotFoundException{}, &types.ValidationException{},
}

// copyValue copies through CopyAny, for the types the tests find by reflection.
func copyValue(v reflect.Value) reflect.Value { return reflect.ValueOf(CopyAny(v.Interface())) }

// ---- filling ---------------------------------------------------------------

var (
	metadataType = reflect.TypeFor[middleware.Metadata]()
	zone         = time.FixedZone("test", 5*3600+30*60)
)

// filler sets every exported field reachable from a value to a non-zero
// value, lists and maps to two entries; the same sequence of calls fills
// the same values, so two fills of one type are equal.
type filler struct {
	tb    testing.TB
	n     int
	depth map[reflect.Type]int
}

func newFilled(tb testing.TB, t reflect.Type) reflect.Value {
	f := &filler{tb: tb, depth: map[reflect.Type]int{}}
	v := reflect.New(t).Elem()
	f.fill(v, t.String())
	return v
}

func (f *filler) next() int { f.n++; return f.n }

func (f *filler) fill(v reflect.Value, path string) {
	t := v.Type()
	if f.depth[t] >= 3 {
		return // a recursive type: stop somewhere
	}
	f.depth[t]++
	defer func() { f.depth[t]-- }()
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(f.next()%100 + 1))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		v.SetUint(uint64(f.next()%100 + 1))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(f.next()) + 0.5)
	case reflect.Complex64, reflect.Complex128:
		v.SetComplex(complex(float64(f.next()), 1))
	case reflect.String:
		v.SetString(fmt.Sprintf("%s#%d", path[strings.LastIndexByte(path, '.')+1:], f.next()))
	case reflect.Pointer:
		p := reflect.New(t.Elem())
		f.fill(p.Elem(), path)
		v.Set(p)
	case reflect.Slice:
		s := reflect.MakeSlice(t, 2, 2)
		for i := range 2 {
			f.fill(s.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
		v.Set(s)
	case reflect.Array:
		for i := range v.Len() {
			f.fill(v.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Map:
		m := reflect.MakeMap(t)
		for i := range 2 {
			k, e := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
			f.fill(k, fmt.Sprintf("%s.key%d", path, i))
			f.fill(e, fmt.Sprintf("%s[%d]", path, i))
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		switch t {
		case timeType:
			v.Set(reflect.ValueOf(time.Date(2026, 1, 2, 3, 4, f.next()%60, 123456789, zone)))
			return
		case metadataType:
			// Only reachable through its methods: set, to see it dropped.
			v.Addr().Interface().(*middleware.Metadata).Set("request", f.next())
			return
		}
		for i := range v.NumField() {
			if sf := t.Field(i); sf.IsExported() {
				f.fill(v.Field(i), path+"."+sf.Name)
			}
		}
	case reflect.Interface:
		for _, c := range []any{fmt.Sprintf("%s#%d", path, f.next()), &types.Tag{Key: new(string)}} {
			if reflect.TypeOf(c).Implements(t) {
				v.Set(reflect.ValueOf(c))
				return
			}
		}
		f.tb.Errorf("%s: no value to fill interface %v with", path, t)
	default:
		f.tb.Errorf("%s: cannot fill a %v", path, t)
	}
}

// ---- comparing -------------------------------------------------------------

// diffExported returns the path of the first difference between a and b in
// their exported fields, or "". Unexported fields are not compared.
func diffExported(a, b reflect.Value, path string) string {
	if a.Type() != b.Type() {
		return path + ": types differ"
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return path + ": nil and not nil"
			}
			return ""
		}
		return diffExported(a.Elem(), b.Elem(), path)
	case reflect.Slice:
		if a.IsNil() != b.IsNil() {
			return path + ": nil and not nil"
		}
		fallthrough
	case reflect.Array:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: lengths %d and %d", path, a.Len(), b.Len())
		}
		for i := range a.Len() {
			if d := diffExported(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Map:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return path + ": maps differ in nil-ness or length"
		}
		for it := a.MapRange(); it.Next(); {
			bv := b.MapIndex(it.Key())
			if !bv.IsValid() {
				return fmt.Sprintf("%s[%v]: missing", path, it.Key())
			}
			if d := diffExported(it.Value(), bv, fmt.Sprintf("%s[%v]", path, it.Key())); d != "" {
				return d
			}
		}
		return ""
	case reflect.Struct:
		if a.Type() == timeType {
			ta, tb := a.Interface().(time.Time), b.Interface().(time.Time)
			if !ta.Equal(tb) || ta.Location() != tb.Location() {
				return fmt.Sprintf("%s: %v and %v", path, ta, tb)
			}
			return ""
		}
		for i := range a.NumField() {
			if sf := a.Type().Field(i); sf.IsExported() {
				if d := diffExported(a.Field(i), b.Field(i), path+"."+sf.Name); d != "" {
					return d
				}
			}
		}
		return ""
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		if a.Pointer() != b.Pointer() {
			return path + ": differ"
		}
		return ""
	}
	if !a.Equal(b) {
		return fmt.Sprintf("%s: %v and %v", path, a, b)
	}
	return ""
}

// requireDisjoint fails where the copy shares a pointee, a backing array or
// a map with the original (interfaces are shared by design and not entered).
func requireDisjoint(tb testing.TB, a, b reflect.Value, path string) {
	tb.Helper()
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return
		}
		if a.Type().Elem().Size() > 0 { // all zero-size values share one address
			require.NotEqual(tb, a.Pointer(), b.Pointer(), "%s: pointee shared", path)
		}
		requireDisjoint(tb, a.Elem(), b.Elem(), path)
	case reflect.Slice:
		if a.Cap() > 0 && b.Cap() > 0 && a.Type().Elem().Size() > 0 {
			require.NotEqual(tb, a.Pointer(), b.Pointer(), "%s: backing array shared", path)
		}
		for i := range min(a.Len(), b.Len()) {
			requireDisjoint(tb, a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Array:
		for i := range a.Len() {
			requireDisjoint(tb, a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Map:
		if a.IsNil() || b.IsNil() {
			return
		}
		require.NotEqual(tb, a.Pointer(), b.Pointer(), "%s: map shared", path)
		for it := a.MapRange(); it.Next(); {
			if bv := b.MapIndex(it.Key()); bv.IsValid() {
				requireDisjoint(tb, it.Value(), bv, fmt.Sprintf("%s[%v]", path, it.Key()))
			}
		}
	case reflect.Struct:
		for i := range a.NumField() {
			if sf := a.Type().Field(i); sf.IsExported() {
				requireDisjoint(tb, a.Field(i), b.Field(i), path+"."+sf.Name)
			}
		}
	}
}

// mutate changes every exported leaf reachable from v through pointers,
// slices and maps, and adds an entry to every map. It returns how many
// changes it made.
func mutate(v reflect.Value) int {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return 0
		}
		return mutate(v.Elem())
	case reflect.Slice, reflect.Array:
		n := 0
		for i := range v.Len() {
			n += mutate(v.Index(i))
		}
		return n
	case reflect.Map:
		if v.IsNil() {
			return 0
		}
		n := 0
		keys := v.MapKeys()
		for _, k := range keys {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			if m := mutate(e); m > 0 {
				v.SetMapIndex(k, e)
				n += m
			}
		}
		k := reflect.New(v.Type().Key()).Elem()
		if len(keys) > 0 {
			k.Set(keys[0])
		}
		if mutate(k) > 0 && !v.MapIndex(k).IsValid() {
			v.SetMapIndex(k, reflect.New(v.Type().Elem()).Elem())
			n++
		}
		return n
	case reflect.Struct:
		if v.Type() == timeType {
			v.Set(reflect.ValueOf(v.Interface().(time.Time).Add(time.Hour)))
			return 1
		}
		n := 0
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				n += mutate(v.Field(i))
			}
		}
		return n
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(v.Int() + 1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		v.SetUint(v.Uint() + 1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(v.Float() + 1)
	case reflect.Complex64, reflect.Complex128:
		v.SetComplex(v.Complex() + 1)
	case reflect.String:
		v.SetString(v.String() + "!")
	default:
		return 0 // interfaces are shared by design
	}
	return 1
}

// ---- tests -----------------------------------------------------------------

func TestEveryOperationType(t *testing.T) {
	names, inputs, outputs := operationTypes(t)
	require.Len(t, names, 62, "the client's operations")
	var all []reflect.Type
	for i := range names {
		all = append(all, inputs[i], outputs[i])
	}
	for _, e := range exceptionTypes {
		all = append(all, reflect.TypeOf(e))
	}
	for _, typ := range all {
		t.Run(typ.Elem().Name(), func(t *testing.T) {
			orig := newFilled(t, typ)
			want := newFilled(t, typ)
			require.Empty(t, diffExported(orig, want, "want"), "the filler is deterministic")

			c := copyValue(orig)
			require.Empty(t, diffExported(orig, c, typ.String()))
			requireDisjoint(t, orig, c, typ.String())
			if md := c.Elem().FieldByName("ResultMetadata"); md.IsValid() {
				require.Nil(t, md.Interface().(middleware.Metadata).Get("request"), "ResultMetadata is dropped")
				require.NotNil(t, orig.Elem().FieldByName("ResultMetadata").Interface().(middleware.Metadata).Get("request"))
			}

			if mutate(c) == 0 {
				// Only operations with nothing to say (TagResourceOutput...).
				for i := range typ.Elem().NumField() {
					if sf := typ.Elem().Field(i); sf.IsExported() {
						require.Equal(t, "ResultMetadata", sf.Name, "only metadata has nothing to mutate")
					}
				}
			} else {
				require.NotEmpty(t, diffExported(want, c, "mutated"), "the mutation changed the copy")
			}
			require.Empty(t, diffExported(want, orig, typ.String()), "the original is unchanged")

			// And the other way round: a fresh copy, then the original mutated.
			c = copyValue(orig)
			mutate(orig)
			require.Empty(t, diffExported(want, c, typ.String()), "the copy is unchanged")
		})
	}
}

func TestCopySemantics(t *testing.T) {
	when := time.Date(2026, 5, 6, 7, 8, 9, 10, zone)
	tests := []struct {
		name  string
		check func(t *testing.T)
	}{
		{"nil pointer stays nil", func(t *testing.T) {
			require.Nil(t, Copy[*ecr.PutImageInput](nil))
			require.Nil(t, Copy(&types.ImageDetail{}).ImageDigest)
		}},
		{"nil and empty slices keep their nil-ness", func(t *testing.T) {
			c := Copy(&types.ImageDetail{ImageTags: []string{}})
			require.NotNil(t, c.ImageTags)
			require.Empty(t, c.ImageTags)
			require.Nil(t, Copy(&types.ImageDetail{}).ImageTags)
			o := Copy(&ecr.DescribeImagesOutput{ImageDetails: []types.ImageDetail{}})
			require.NotNil(t, o.ImageDetails)
			require.Empty(t, o.ImageDetails)
			b := Copy(&ecr.UploadLayerPartInput{LayerPartBlob: []byte{}})
			require.NotNil(t, b.LayerPartBlob)
			require.Nil(t, Copy(&ecr.UploadLayerPartInput{}).LayerPartBlob)
		}},
		{"bytes are copied", func(t *testing.T) {
			in := &ecr.UploadLayerPartInput{LayerPartBlob: []byte("abc")}
			c := Copy(in)
			c.LayerPartBlob[0] = 'x'
			require.Equal(t, "abc", string(in.LayerPartBlob))
			require.Equal(t, 3, cap(c.LayerPartBlob))
		}},
		{"nil and empty maps keep their nil-ness", func(t *testing.T) {
			require.Nil(t, Copy(&types.ImageScanFindings{}).FindingSeverityCounts)
			c := Copy(&types.ImageScanFindings{FindingSeverityCounts: map[string]int32{}})
			require.NotNil(t, c.FindingSeverityCounts)
			c2 := Copy(map[string]string{"a": "b"})
			require.Equal(t, map[string]string{"a": "b"}, c2)
		}},
		{"times keep their instant and location", func(t *testing.T) {
			c := Copy(&types.ImageDetail{ImagePushedAt: &when})
			require.NotSame(t, &when, c.ImagePushedAt)
			require.True(t, when.Equal(*c.ImagePushedAt))
			require.Same(t, zone, c.ImagePushedAt.Location())
			require.Equal(t, when, Copy(when))
		}},
		{"enums, bools and numbers", func(t *testing.T) {
			in := &ecr.PutImageTagMutabilityInput{ImageTagMutability: types.ImageTagMutabilityImmutable}
			require.Equal(t, types.ImageTagMutabilityImmutable, Copy(in).ImageTagMutability)
			d := &ecr.DeleteRepositoryInput{Force: true, RepositoryName: new(string)}
			require.True(t, Copy(d).Force)
			n := int32(7)
			require.Equal(t, int32(7), *Copy(&ecr.ListImagesInput{MaxResults: &n}).MaxResults)
		}},
		{"modeled errors by their concrete type", func(t *testing.T) {
			last := int64(41)
			e := &types.InvalidLayerPartException{Message: new(string), LastValidByteReceived: &last, UploadId: new(string)}
			*e.Message = "bad part"
			c := Copy(e)
			require.NotSame(t, e, c)
			require.Equal(t, e.Error(), c.Error())
			require.NotSame(t, e.LastValidByteReceived, c.LastValidByteReceived)
			var target *types.InvalidLayerPartException
			require.True(t, errors.As(error(c), &target))
			require.Same(t, c, target)
		}},
		{"an error interface is copied as is", func(t *testing.T) {
			var err error = &types.RepositoryNotFoundException{Message: new(string)}
			require.Same(t, err, Copy(err))
		}},
		{"CopyAny copies the dynamic value", func(t *testing.T) {
			var err error = &types.RepositoryNotFoundException{Message: new(string)}
			c := CopyAny(err)
			require.IsType(t, err, c)
			require.NotSame(t, err, c)
			require.Equal(t, err, c)
			var rec any = &ecr.ListImagesInput{RepositoryName: new(string)}
			rc := CopyAny(rec).(*ecr.ListImagesInput)
			require.NotSame(t, rec.(*ecr.ListImagesInput).RepositoryName, rc.RepositoryName)
			require.Nil(t, CopyAny(nil))
			var typedNil *ecr.PutImageInput
			require.Equal(t, any(typedNil), CopyAny(typedNil))
			d := types.ImageDetail{ImageTags: []string{"a"}}
			cd := CopyAny(d).(types.ImageDetail)
			cd.ImageTags[0] = "b"
			require.Equal(t, "a", d.ImageTags[0])
			require.Equal(t, map[string]string{"k": "v"}, CopyAny(map[string]string{"k": "v"}))
		}},
		{"values, slices and maps at top level", func(t *testing.T) {
			d := types.ImageDetail{ImageDigest: new(string), ImageTags: []string{"a"}}
			c := Copy(d)
			require.NotSame(t, d.ImageDigest, c.ImageDigest)
			c.ImageTags[0] = "b"
			require.Equal(t, "a", d.ImageTags[0])
			s := []types.Tag{{Key: new(string)}}
			cs := Copy(s)
			require.NotSame(t, s[0].Key, cs[0].Key)
			m := map[string]*types.Tag{"k": {Key: new(string)}}
			cm := Copy(m)
			require.NotSame(t, m["k"], cm["k"])
			require.NotSame(t, m["k"].Key, cm["k"].Key)
			arr := [2]*string{new(string), nil}
			ca := Copy(arr)
			require.NotSame(t, arr[0], ca[0])
			require.Nil(t, ca[1])
		}},
		{"unexported fields are left zero, interfaces and funcs shared", func(t *testing.T) {
			type shape struct {
				Name     *string
				Doc      any
				Err      error
				Hook     func() int
				private  *string
				private2 int
			}
			doc := &types.Tag{Key: new(string)}
			hook := func() int { return 42 }
			v := &shape{Name: new(string), Doc: doc, Err: errors.New("x"), Hook: hook, private: new(string), private2: 3}
			c := Copy(v)
			require.NotSame(t, v.Name, c.Name)
			require.Same(t, doc, c.Doc)
			require.Same(t, v.Err, c.Err)
			require.Equal(t, 42, c.Hook())
			require.Nil(t, c.private)
			require.Zero(t, c.private2)
		}},
		{"flat structs and arrays, nested pointers", func(t *testing.T) {
			type point struct{ X, Y int64 }
			type shape struct {
				P    point
				PP   **point
				Grid [3][2]int16
				Pts  []point
				Opt  *bool
				F32  *float32
				I16  *int16
			}
			p := &point{1, 2}
			b, f, i := true, float32(1.5), int16(-3)
			v := &shape{P: point{3, 4}, PP: &p, Grid: [3][2]int16{{1, 2}, {3, 4}, {5, 6}}, Pts: []point{{5, 6}, {7, 8}}, Opt: &b, F32: &f, I16: &i}
			c := Copy(v)
			require.Equal(t, v, c)
			require.NotSame(t, *v.PP, *c.PP)
			require.NotSame(t, v.PP, c.PP)
			require.NotSame(t, v.Opt, c.Opt)
			require.NotSame(t, v.F32, c.F32)
			require.NotSame(t, v.I16, c.I16)
			c.Pts[0].X = 99
			require.Equal(t, int64(5), v.Pts[0].X)
		}},
		{"recursive types", func(t *testing.T) {
			type node struct {
				Val  string
				Next *node
				Kids []node
				ByID map[string]*node
			}
			v := &node{Val: "a", Next: &node{Val: "b", Kids: []node{{Val: "c"}}}, ByID: map[string]*node{"d": {Val: "d"}}}
			c := Copy(v)
			require.Equal(t, v, c)
			require.NotSame(t, v.Next, c.Next)
			require.NotSame(t, v.ByID["d"], c.ByID["d"])
			c.Next.Kids[0].Val = "changed"
			require.Equal(t, "c", v.Next.Kids[0].Val)
		}},
		{"maps with struct keys and slice values", func(t *testing.T) {
			type key struct{ A, B string }
			m := map[key][]*string{{"a", "b"}: {new(string)}}
			c := Copy(m)
			require.Equal(t, m, c)
			require.NotSame(t, m[key{"a", "b"}][0], c[key{"a", "b"}][0])
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, tt.check)
	}
}

// Plans are built once per type, safely from many goroutines at once.
func TestConcurrentFirstUse(t *testing.T) {
	_, inputs, outputs := operationTypes(t)
	values := make([]reflect.Value, 0, len(inputs)+len(outputs))
	for i := range inputs {
		values = append(values, newFilled(t, inputs[i]), newFilled(t, outputs[i]))
	}
	plans.Clear() // first use again, whatever ran before
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range values {
				v := values[(i+g*7)%len(values)]
				if d := diffExported(v, copyValue(v), v.Type().String()); d != "" {
					t.Error(d)
				}
			}
		})
	}
	wg.Wait()
}

func samplePutImageInput() *ecr.PutImageInput {
	s := func(v string) *string { return &v }
	return &ecr.PutImageInput{
		RegistryId:             s("123456789012"),
		RepositoryName:         s("team/app"),
		ImageManifest:          s(`{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":100,"digest":"sha256:` + strings.Repeat("a", 64) + `"},"layers":[]}`),
		ImageManifestMediaType: s("application/vnd.docker.distribution.manifest.v2+json"),
		ImageTag:               s("v1.2.3"),
		ImageDigest:            s("sha256:" + strings.Repeat("b", 64)),
	}
}

// sampleDescribeImagesOutput is shaped like the fake's answer: every detail
// with the members the state machine fills.
func sampleDescribeImagesOutput(n int) *ecr.DescribeImagesOutput {
	s := func(v string) *string { return &v }
	when := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	out := &ecr.DescribeImagesOutput{ImageDetails: make([]types.ImageDetail, n), NextToken: s("token")}
	for i := range out.ImageDetails {
		size := int64(1000 + i)
		out.ImageDetails[i] = types.ImageDetail{
			ImageDigest:            s(fmt.Sprintf("sha256:%064x", i)),
			ImageManifestMediaType: s("application/vnd.oci.image.manifest.v1+json"),
			ArtifactMediaType:      s("application/vnd.oci.image.config.v1+json"),
			ImagePushedAt:          &when,
			LastRecordedPullTime:   &when,
			ImageSizeInBytes:       &size,
			ImageStatus:            types.ImageStatusActive,
			ImageTags:              []string{fmt.Sprintf("v%d", i), "latest"},
			RegistryId:             s("123456789012"),
			RepositoryName:         s("team/app"),
		}
	}
	return out
}

func TestAllocations(t *testing.T) {
	in := samplePutImageInput()
	// The struct and its six strings: nothing for the plan lookup, v or the result.
	require.Equal(t, 7.0, testing.AllocsPerRun(100, func() { _ = Copy(in) }))
	var rec any = in
	require.Equal(t, 7.0, testing.AllocsPerRun(100, func() { _ = CopyAny(rec) }))
	out := sampleDescribeImagesOutput(100)
	c := Copy(out)
	require.Equal(t, out, c)
	// The struct, the token, the details array (plus its header), and per
	// detail six strings, three numbers and times... and the tags slice.
	allocs := testing.AllocsPerRun(20, func() { _ = Copy(out) })
	require.LessOrEqual(t, allocs, 4.0+100*10)
}

func BenchmarkCopyPutImageInput(b *testing.B) {
	in := samplePutImageInput()
	b.ReportAllocs()
	for b.Loop() {
		_ = Copy(in)
	}
}

func BenchmarkCopyDescribeImagesOutput(b *testing.B) {
	out := sampleDescribeImagesOutput(100)
	b.ReportAllocs()
	for b.Loop() {
		_ = Copy(out)
	}
}
