package main

import (
	"fmt"
	"math/big"
	"reflect"
	"slices"
	"strings"
	"time"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/document"
)

// kind is what a non-pointer member holds; its zero value is what the SDK's
// generated SerializeMembers leaves out.
type kind string

const (
	kindBool   kind = "bool"
	kindFloat  kind = "float64"
	kindEnum   kind = "enum"
	kindNumber kind = "integer" // none in v1.67.5 / v1.47.12; decided like the others if one appears
)

// zeroJSON is the JSON a member of kind k is written as when it is sent
// with its zero value ("" for enum: never sent; see validate).
func (k kind) zeroJSON() string {
	switch k {
	case kindBool:
		return "false"
	case kindFloat, kindNumber:
		return "0"
	}
	return `""`
}

// member is one non-pointer member of an output shape, with every output
// path that reaches it.
type member struct {
	shape smithy.ShapeID // the structure holding the member (no Member part)
	name  string         // the wire member name
	kind  kind
	goPos string // types.Repository.ImageScanningConfiguration, for messages
	paths []string
}

func (m *member) key() string { return m.shape.Namespace + "#" + m.shape.Name + "$" + m.name }

// service is one SDK client whose operation outputs are walked.
type service struct {
	name   string       // "ecr", "ecrpublic"
	client reflect.Type // *ecr.Client
}

// probeServices walks every operation output of every service and returns
// the non-pointer members reachable from them, sorted by key, and the
// number of paths.
func probeServices(svcs []service) ([]*member, int, error) {
	p := &prober{members: map[string]*member{}, names: map[probeKey]probed{}}
	for _, svc := range svcs {
		ct := svc.client
		for i := range ct.NumMethod() {
			m := ct.Method(i)
			t := m.Type
			// func(*Client, context.Context, *XInput, ...func(*Options)) (*XOutput, error)
			if t.NumIn() != 4 || t.NumOut() != 2 || t.Out(0).Kind() != reflect.Pointer || t.Out(0).Elem().Kind() != reflect.Struct {
				continue
			}
			out := t.Out(0).Elem()
			if !strings.HasSuffix(out.Name(), "Output") {
				continue
			}
			if err := p.walk(out, svc.name+":"+m.Name, nil); err != nil {
				return nil, 0, err
			}
		}
	}
	var ms []*member
	paths := 0
	for _, m := range p.members {
		slices.Sort(m.paths)
		paths += len(m.paths)
		ms = append(ms, m)
	}
	slices.SortFunc(ms, func(a, b *member) int { return strings.Compare(a.key(), b.key()) })
	return ms, paths, nil
}

type probeKey struct {
	typ   reflect.Type
	field int
}

type probed struct {
	schema *smithy.Schema
	always bool
}

type prober struct {
	members map[string]*member
	names   map[probeKey]probed
	stack   []reflect.Type // structs being walked (recursive shapes)
	always  []string       // paths of members the SDK writes even when zero
}

var (
	timeType          = reflect.TypeFor[time.Time]()
	serializerType    = reflect.TypeFor[interface{ SerializeMembers(smithy.ShapeSerializer) }]()
	documentInterface = reflect.TypeFor[document.Value]()
)

// walk visits struct type st (reached by path) and records its non-pointer
// members, recursing into nested structures, lists and maps.
func (p *prober) walk(st reflect.Type, root string, path []string) error {
	if slices.Contains(p.stack, st) {
		return nil // a recursive shape: its members are recorded on the first visit
	}
	p.stack = append(p.stack, st)
	defer func() { p.stack = p.stack[:len(p.stack)-1] }()
	if !reflect.PointerTo(st).Implements(serializerType) {
		return fmt.Errorf("%s: %s has no SerializeMembers method", root, st)
	}
	for i := range st.NumField() {
		f := st.Field(i)
		if !f.IsExported() || f.Name == "ResultMetadata" {
			continue
		}
		schema, always, err := p.memberSchema(st, i)
		if err != nil {
			return fmt.Errorf("%s: %w", root, err)
		}
		name := schema.MemberName()
		here := append(slices.Clip(path), name)
		ft := f.Type
		if always {
			p.recordAlways(schema, root, here)
			continue
		}
		switch ft.Kind() {
		case reflect.Bool:
			p.record(schema, kindBool, st, f, root, here)
		case reflect.Float32, reflect.Float64:
			p.record(schema, kindFloat, st, f, root, here)
		case reflect.String:
			p.record(schema, kindEnum, st, f, root, here)
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			p.record(schema, kindNumber, st, f, root, here)
		case reflect.Pointer:
			if e := ft.Elem(); e.Kind() == reflect.Struct && e != timeType {
				if err := p.walk(e, root, here); err != nil {
					return err
				}
			}
		case reflect.Slice:
			if err := p.walkElem(ft.Elem(), root, append(here[:len(here)-1:len(here)-1], name+"[]")); err != nil {
				return err
			}
		case reflect.Map:
			if err := p.walkElem(ft.Elem(), root, append(here[:len(here)-1:len(here)-1], name+"{}")); err != nil {
				return err
			}
		case reflect.Interface:
			if ft != documentInterface {
				return fmt.Errorf("%s: %s.%s is an interface (a union?): the generator does not know it", root, st, f.Name)
			}
		default:
			return fmt.Errorf("%s: %s.%s has kind %s: the generator does not know it", root, st, f.Name, ft.Kind())
		}
	}
	return nil
}

// walkElem follows a list element or map value.
func (p *prober) walkElem(et reflect.Type, root string, path []string) error {
	switch et.Kind() {
	case reflect.Struct:
		if et == timeType {
			return nil
		}
		return p.walk(et, root, path)
	case reflect.Slice:
		if et.Elem().Kind() == reflect.Uint8 {
			return nil // blob
		}
		return p.walkElem(et.Elem(), root, append(path[:len(path)-1:len(path)-1], path[len(path)-1]+"[]"))
	case reflect.Map:
		return p.walkElem(et.Elem(), root, append(path[:len(path)-1:len(path)-1], path[len(path)-1]+"{}"))
	case reflect.Pointer, reflect.Interface:
		return fmt.Errorf("%s: %s: list or map of %s: the generator does not know it", root, strings.Join(path, "."), et)
	}
	// Scalars in lists and maps are always written, zero or not.
	return nil
}

// recordAlways notes a member the SDK writes even when zero: it needs no
// decision, but the report lists it.
func (p *prober) recordAlways(schema *smithy.Schema, root string, path []string) {
	p.always = append(p.always, pathOf(root, path))
}

func pathOf(root string, path []string) string {
	svc, op, _ := strings.Cut(root, ":")
	full := op + "." + strings.Join(path, ".")
	if svc != "ecr" {
		full = svc + ":" + full
	}
	return full
}

func (p *prober) record(schema *smithy.Schema, k kind, st reflect.Type, f reflect.StructField, root string, path []string) {
	shape := shapeOf(st)
	m := &member{shape: shape, name: schema.MemberName(), kind: k, goPos: st.String() + "." + f.Name}
	if old, ok := p.members[m.key()]; ok {
		m = old
	} else {
		p.members[m.key()] = m
	}
	full := pathOf(root, path)
	if !slices.Contains(m.paths, full) {
		m.paths = append(m.paths, full)
	}
}

// memberSchema finds the schema the SDK writes field i of st under: it
// serializes the zero struct and then the struct with only that field set
// to a non-zero value, and takes the top-level member that appeared or whose
// value changed. Nothing is assumed about how Go names map to wire names.
// always reports a member the generated code writes even when zero (a
// required member in ecrpublic's RegistryAlias, for example).
func (p *prober) memberSchema(st reflect.Type, i int) (schema *smithy.Schema, always bool, err error) {
	key := probeKey{st, i}
	if s, ok := p.names[key]; ok {
		return s.schema, s.always, nil
	}
	type serializable = interface{ SerializeMembers(smithy.ShapeSerializer) }
	zero := &recorder{}
	reflect.New(st).Interface().(serializable).SerializeMembers(zero)
	v := reflect.New(st)
	if err := nonZero(v.Elem().Field(i)); err != nil {
		return nil, false, fmt.Errorf("%s.%s: %w", st, st.Field(i).Name, err)
	}
	set := &recorder{}
	v.Interface().(serializable).SerializeMembers(set)
	var found []*smithy.Schema
	for s, val := range set.top {
		if old, ok := zero.top[s]; !ok || old != val {
			found = append(found, s)
		}
	}
	if len(found) != 1 || found[0].MemberName() == "" {
		return nil, false, fmt.Errorf("%s.%s: setting the field changed %d top-level members, want 1", st, st.Field(i).Name, len(found))
	}
	_, always = zero.top[found[0]]
	p.names[key] = probed{found[0], always}
	return found[0], always, nil
}

// shapeOf is the shape ID the generated Serialize of st opens its
// structure with: the ID the serializer sees in WriteStruct.
func shapeOf(st reflect.Type) smithy.ShapeID {
	r := &structRecorder{}
	reflect.New(st).Interface().(smithy.Serializable).Serialize(r)
	return r.id
}

type structRecorder struct {
	recorder
	id smithy.ShapeID
}

func (r *structRecorder) WriteStruct(s *smithy.Schema) {
	if r.depth == 0 {
		r.id = s.ID()
	}
	r.recorder.WriteStruct(s)
}

// nonZero sets v to a value the generated code must write.
func nonZero(v reflect.Value) error {
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1)
	case reflect.String:
		v.SetString("x")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		m.SetMapIndex(reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem())
		v.Set(m)
	case reflect.Struct:
		if v.Type() != timeType {
			return fmt.Errorf("non-pointer struct member of type %s", v.Type())
		}
		v.Set(reflect.ValueOf(time.Unix(1, 0)))
	default:
		return fmt.Errorf("member of kind %s", v.Kind())
	}
	return nil
}

// recorder is a smithy.ShapeSerializer that notes the top-level members
// written into it, with their scalar values.
type recorder struct {
	depth int
	top   map[*smithy.Schema]string
}

func (r *recorder) note(s *smithy.Schema, v any) {
	if r.depth == 0 {
		if r.top == nil {
			r.top = map[*smithy.Schema]string{}
		}
		r.top[s] = fmt.Sprint(v)
	}
}

func (r *recorder) WriteBool(s *smithy.Schema, v bool)               { r.note(s, v) }
func (r *recorder) WriteInt8(s *smithy.Schema, v int8)               { r.note(s, v) }
func (r *recorder) WriteInt16(s *smithy.Schema, v int16)             { r.note(s, v) }
func (r *recorder) WriteInt32(s *smithy.Schema, v int32)             { r.note(s, v) }
func (r *recorder) WriteInt64(s *smithy.Schema, v int64)             { r.note(s, v) }
func (r *recorder) WriteFloat32(s *smithy.Schema, v float32)         { r.note(s, v) }
func (r *recorder) WriteFloat64(s *smithy.Schema, v float64)         { r.note(s, v) }
func (r *recorder) WriteBigInt(s *smithy.Schema, v *big.Int)         { r.note(s, v) }
func (r *recorder) WriteBigFloat(s *smithy.Schema, v *big.Float)     { r.note(s, v) }
func (r *recorder) WriteString(s *smithy.Schema, v string)           { r.note(s, v) }
func (r *recorder) WriteBlob(s *smithy.Schema, v []byte)             { r.note(s, v) }
func (r *recorder) WriteTime(s *smithy.Schema, v time.Time)          { r.note(s, v) }
func (r *recorder) WriteNil(s *smithy.Schema)                        { r.note(s, nil) }
func (r *recorder) WriteDocument(s *smithy.Schema, v document.Value) { r.note(s, v) }
func (r *recorder) WriteKey(*smithy.Schema, string)                  {}
func (r *recorder) WriteList(s *smithy.Schema)                       { r.note(s, "[]"); r.depth++ }
func (r *recorder) CloseList()                                       { r.depth-- }
func (r *recorder) WriteMap(s *smithy.Schema)                        { r.note(s, "{}"); r.depth++ }
func (r *recorder) CloseMap()                                        { r.depth-- }
func (r *recorder) WriteStruct(s *smithy.Schema)                     { r.note(s, "struct"); r.depth++ }
func (r *recorder) CloseStruct()                                     { r.depth-- }
func (r *recorder) WriteUnion(s, _ *smithy.Schema)                   { r.note(s, "union"); r.depth++ }
func (r *recorder) CloseUnion()                                      { r.depth-- }
func (r *recorder) Bytes() []byte                                    { return nil }
