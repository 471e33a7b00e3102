package wire

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/service/ecr/schemas"
	smithy "github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/aws/smithy-go/transport/http/protocol/awsjson"
)

// protocol is ECR's codec, as the generated client configures it.
var protocol = awsjson.New11(schemas.AmazonEC2ContainerRegistry_V20150921)

// DecodeError is a request body that is not valid awsJson1.1 for the
// operation's input: malformed JSON, a value of the wrong JSON type, an
// out-of-range number or bad base64. The service answers it with
// SerializationException.
type DecodeError struct{ Err error }

func (e *DecodeError) Error() string { return e.Err.Error() }
func (e *DecodeError) Unwrap() error { return e.Err }

// DecodeInput decodes an awsJson1.1 request body into in, a pointer to an SDK
// operation input struct (such as *ecr.CreateRepositoryInput) whose shape is
// schema (such as schemas.CreateRepositoryRequest). An empty body is the empty
// input. Any failure is a *DecodeError.
func DecodeInput(ctx context.Context, body []byte, schema *smithy.Schema, in any) error {
	rv := reflect.ValueOf(in)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		panic(fmt.Sprintf("wire.DecodeInput: %T is not a pointer to an input struct", in))
	}
	p := planFor(rv.Elem().Type(), schema)
	resp := &smithyhttp.Response{Response: &http.Response{
		StatusCode: http.StatusOK,
		Body:       io.NopCloser(bytes.NewReader(body)),
	}}
	// The protocol reads a struct of the "output" schema from a 2xx body with
	// the SDK's JSON deserializer and hands that deserializer to d.
	d := &inputDeserializer{plan: p, v: rv.Elem()}
	err := protocol.DeserializeResponse(ctx, p.op, nil, resp, d)
	if err != nil {
		var de *smithy.DeserializationError
		if errors.As(err, &de) && de.Err != nil {
			err = de.Err
		}
		return &DecodeError{Err: err}
	}
	if len(bytes.TrimSpace(body)) > 0 {
		// The deserializer stops after the first value; the service does not.
		end := endOfValue(body)
		if end < 0 || len(bytes.TrimSpace(body[end:])) > 0 {
			return &DecodeError{Err: errors.New("unexpected data after the request's JSON object")}
		}
	}
	return nil
}

// endOfValue returns the offset just past the first JSON object or array of
// b, which the deserializer has already parsed, or -1. Strings are skipped
// with bytes.IndexByte, so a multi-megabyte base64 layer part costs little.
func endOfValue(b []byte) int {
	depth := 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '"':
			j := i + 1
			for {
				k := bytes.IndexByte(b[j:], '"')
				if k < 0 {
					return -1
				}
				j += k
				n := 0
				for p := j - 1; p > i && b[p] == '\\'; p-- {
					n++
				}
				if n%2 == 0 {
					break
				}
				j++
			}
			i = j
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return -1
}

// inputDeserializer adapts an input struct to smithy.Deserializable.
type inputDeserializer struct {
	plan *plan
	v    reflect.Value
}

func (d *inputDeserializer) Deserialize(sd smithy.ShapeDeserializer) error {
	return smithy.ReadStruct(sd, d.plan.schema, func(ms *smithy.Schema) error {
		idx, ok := d.plan.fields[ms]
		if !ok {
			return nil // not a member of this input (cannot happen: the deserializer skips unknown keys)
		}
		return readValue(sd, ms, d.v.Field(idx))
	})
}

// plan maps an input struct's member schemas to its field indexes.
type plan struct {
	schema *smithy.Schema
	op     *smithy.OperationSchema // schema as the output of a pseudo-operation
	fields map[*smithy.Schema]int
}

var plans sync.Map // reflect.Type → *plan

// planFor returns the member → field mapping of an input type. Member names
// are the field names with the first letter lower-cased; an input whose
// schema does not match its Go type is a programming error, caught by the
// tests for all 62 operations.
func planFor(t reflect.Type, schema *smithy.Schema) *plan {
	if p, ok := plans.Load(t); ok && p.(*plan).schema == schema {
		return p.(*plan)
	}
	p := &plan{schema: schema, op: smithy.NewOperationSchema(schema, schema, schema), fields: make(map[*smithy.Schema]int, len(schema.Members()))}
	for name, ms := range schema.Members() {
		f, ok := t.FieldByName(upperFirst(name))
		if !ok || len(f.Index) != 1 {
			panic(fmt.Sprintf("wire: %s has no field for member %q of %s", t, name, schema.ID().Name))
		}
		p.fields[ms] = f.Index[0]
	}
	plans.Store(t, p)
	return p
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

var (
	timeType         = reflect.TypeFor[time.Time]()
	bytesType        = reflect.TypeFor[[]byte]()
	deserializerType = reflect.TypeFor[smithy.Deserializable]()
)

// readValue reads the next value, described by schema s, into the settable
// v. It covers every Go type an SDK input member has: pointers to scalars,
// enums (string kinds), bool, blobs, lists, maps and types.* structures, which
// decode themselves with their generated Deserialize.
func readValue(d smithy.ShapeDeserializer, s *smithy.Schema, v reflect.Value) error {
	t := v.Type()
	switch {
	case t == bytesType:
		var b []byte
		if err := d.ReadBlob(s, &b); err != nil {
			return err
		}
		v.SetBytes(b)
		return nil
	case t == timeType:
		var tm time.Time
		if err := d.ReadTime(s, &tm); err != nil {
			return err
		}
		v.Set(reflect.ValueOf(tm))
		return nil
	case reflect.PointerTo(t).Implements(deserializerType) && t.Kind() == reflect.Struct:
		return v.Addr().Interface().(smithy.Deserializable).Deserialize(d)
	}
	switch t.Kind() {
	case reflect.Pointer:
		e := reflect.New(t.Elem())
		if err := readValue(d, s, e.Elem()); err != nil {
			return err
		}
		v.Set(e)
		return nil
	case reflect.String:
		var x string
		if err := d.ReadString(s, &x); err != nil {
			return err
		}
		v.SetString(x)
		return nil
	case reflect.Bool:
		var x bool
		if err := d.ReadBool(s, &x); err != nil {
			return err
		}
		v.SetBool(x)
		return nil
	case reflect.Int32:
		var x int32
		if err := d.ReadInt32(s, &x); err != nil {
			return err
		}
		v.SetInt(int64(x))
		return nil
	case reflect.Int64:
		var x int64
		if err := d.ReadInt64(s, &x); err != nil {
			return err
		}
		v.SetInt(x)
		return nil
	case reflect.Float64:
		var x float64
		if err := d.ReadFloat64(s, &x); err != nil {
			return err
		}
		v.SetFloat(x)
		return nil
	case reflect.Slice:
		return readList(d, s, v)
	case reflect.Map:
		return readMap(d, s, v)
	}
	return fmt.Errorf("wire: cannot decode member %s into %s", s.MemberName(), t)
}

// readList reads a JSON array; a null element becomes the zero element, as the
// SDK's generated list deserializers do.
func readList(d smithy.ShapeDeserializer, s *smithy.Schema, v reflect.Value) error {
	if s.ListMember() == nil {
		return fmt.Errorf("wire: member %s is not a list", s.MemberName())
	}
	out := reflect.MakeSlice(v.Type(), 0, 0)
	err := smithy.ReadList(d, s, func() error {
		e := reflect.New(v.Type().Elem()).Elem()
		if isNil, err := d.ReadNil(s.ListMember()); err != nil {
			return err
		} else if !isNil {
			if err := readValue(d, s.ListMember(), e); err != nil {
				return err
			}
		}
		out = reflect.Append(out, e)
		return nil
	})
	if err != nil {
		return err
	}
	v.Set(out)
	return nil
}

func readMap(d smithy.ShapeDeserializer, s *smithy.Schema, v reflect.Value) error {
	if s.MapValue() == nil || v.Type().Key().Kind() != reflect.String {
		return fmt.Errorf("wire: member %s is not a map", s.MemberName())
	}
	out := reflect.MakeMap(v.Type())
	err := smithy.ReadMap(d, s, func(k string) error {
		e := reflect.New(v.Type().Elem()).Elem()
		if isNil, err := d.ReadNil(s.MapValue()); err != nil {
			return err
		} else if !isNil {
			if err := readValue(d, s.MapValue(), e); err != nil {
				return err
			}
		}
		out.SetMapIndex(reflect.ValueOf(k).Convert(v.Type().Key()), e)
		return nil
	})
	if err != nil {
		return err
	}
	v.Set(out)
	return nil
}
