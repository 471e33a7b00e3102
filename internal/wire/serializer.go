package wire

import (
	"encoding/base64"
	"encoding/binary"
	"math"
	"math/big"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
	"unsafe"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/document"
	smithydocumentjson "github.com/aws/smithy-go/document/json"
	"github.com/aws/smithy-go/encoding"
	smithytime "github.com/aws/smithy-go/time"
	"github.com/aws/smithy-go/traits"
)

// serializer is a smithy.ShapeSerializer that writes exactly the JSON the
// awsJson protocol's own serializer writes (smithy-go's internal json
// ShapeSerializer with default options: member names as keys, epoch-second
// timestamps, the same string escaping and float formatting), into a pooled
// buffer. Going through awsjson.Protocol.SerializeRequest instead costs a
// throw-away HTTP request, a fresh serializer and buffer per call, growth by
// doubling and two copies of the body. serializer_test.go holds the two
// byte for byte equal over every output and error type of the API.
type serializer struct {
	buf   []byte
	stack []serCtx // one per open container; stack[0] is the top level
	noKey bool     // the next value is a map value: its key is written
}

type serCtx struct {
	comma    bool // a value has been written at this level
	inObject bool // a struct, map or union: values are keyed
}

// maxPooledBuf bounds the buffers kept for reuse; a larger one (a response
// with a big layer part or thousands of items) is left to the collector.
const maxPooledBuf = 1 << 20

var serializers = sync.Pool{New: func() any {
	return &serializer{buf: make([]byte, 0, 4096), stack: make([]serCtx, 1, 16)}
}}

func newSerializer() *serializer {
	s := serializers.Get().(*serializer)
	s.buf = s.buf[:0]
	s.stack = s.stack[:1]
	s.stack[0] = serCtx{}
	s.noKey = false
	return s
}

func (s *serializer) release() {
	if cap(s.buf) <= maxPooledBuf {
		serializers.Put(s)
	}
}

var _ smithy.ShapeSerializer = (*serializer)(nil)

// Bytes returns the JSON written so far (not a copy: it is valid until the
// serializer is released).
func (s *serializer) Bytes() []byte { return s.buf }

func (s *serializer) top() *serCtx { return &s.stack[len(s.stack)-1] }

func (s *serializer) writeComma() {
	t := s.top()
	if len(s.stack) > 1 && t.comma {
		s.buf = append(s.buf, ',')
	}
	t.comma = true
}

// writePrefix writes what precedes a value: its key in an object, a comma
// between list elements, nothing after a map key.
func (s *serializer) writePrefix(schema *smithy.Schema) {
	if s.noKey {
		s.noKey = false
		return
	}
	if schema != nil && len(s.stack) > 1 && s.top().inObject {
		s.writeKey(schema)
	} else {
		s.writeComma()
	}
}

func (s *serializer) writeKey(schema *smithy.Schema) {
	name := schema.MemberName()
	if name == "" {
		s.writeComma()
		return
	}
	t := s.top()
	if t.comma {
		s.buf = append(s.buf, ',')
	}
	t.comma = true
	s.buf = append(s.buf, '"')
	s.buf = appendKeyName(s.buf, name)
	s.buf = append(s.buf, '"', ':')
}

// appendKeyName escapes a member name as the protocol's serializer does
// (member names are identifiers, so in practice it copies them).
func appendKeyName(buf []byte, name string) []byte {
	plain := true
	for i := 0; i < len(name); i++ {
		if c := name[i]; c < 0x20 || c == '"' || c == '\\' {
			plain = false
			break
		}
	}
	if plain {
		return append(buf, name...)
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch c {
		case '"':
			buf = append(buf, '\\', '"')
		case '\\':
			buf = append(buf, '\\', '\\')
		case '\n':
			buf = append(buf, '\\', 'n')
		case '\r':
			buf = append(buf, '\\', 'r')
		case '\t':
			buf = append(buf, '\\', 't')
		default:
			if c < 0x20 {
				buf = append(buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			} else {
				buf = append(buf, c)
			}
		}
	}
	return buf
}

func (s *serializer) push(inObject bool) { s.stack = append(s.stack, serCtx{inObject: inObject}) }
func (s *serializer) pop()               { s.stack = s.stack[:len(s.stack)-1] }

func (s *serializer) WriteBool(schema *smithy.Schema, v bool) {
	s.writePrefix(schema)
	s.buf = strconv.AppendBool(s.buf, v)
}

func (s *serializer) WriteInt8(schema *smithy.Schema, v int8)   { s.WriteInt64(schema, int64(v)) }
func (s *serializer) WriteInt16(schema *smithy.Schema, v int16) { s.WriteInt64(schema, int64(v)) }
func (s *serializer) WriteInt32(schema *smithy.Schema, v int32) { s.WriteInt64(schema, int64(v)) }

func (s *serializer) WriteInt64(schema *smithy.Schema, v int64) {
	s.writePrefix(schema)
	s.buf = strconv.AppendInt(s.buf, v, 10)
}

func (s *serializer) WriteFloat32(schema *smithy.Schema, v float32) {
	s.writePrefix(schema)
	s.buf = appendFloat(s.buf, float64(v), 32)
}

func (s *serializer) WriteFloat64(schema *smithy.Schema, v float64) {
	s.writePrefix(schema)
	s.buf = appendFloat(s.buf, v, 64)
}

func appendFloat(buf []byte, v float64, bits int) []byte {
	switch {
	case math.IsInf(v, 1):
		return append(buf, `"Infinity"`...)
	case math.IsInf(v, -1):
		return append(buf, `"-Infinity"`...)
	case math.IsNaN(v):
		return append(buf, `"NaN"`...)
	}
	return encoding.EncodeFloat(buf, v, bits)
}

func (s *serializer) WriteString(schema *smithy.Schema, v string) {
	s.writePrefix(schema)
	s.buf = appendString(s.buf, v)
}

func (s *serializer) WriteBlob(schema *smithy.Schema, v []byte) {
	s.writePrefix(schema)
	if v == nil {
		s.buf = append(s.buf, "null"...)
		return
	}
	s.buf = append(s.buf, '"')
	s.buf = base64.StdEncoding.AppendEncode(s.buf, v)
	s.buf = append(s.buf, '"')
}

func (s *serializer) WriteList(schema *smithy.Schema) {
	s.writePrefix(schema)
	s.buf = append(s.buf, '[')
	s.push(false)
}

func (s *serializer) CloseList() {
	s.buf = append(s.buf, ']')
	s.pop()
}

func (s *serializer) WriteMap(schema *smithy.Schema) {
	s.writePrefix(schema)
	s.buf = append(s.buf, '{')
	s.push(true)
}

func (s *serializer) WriteKey(_ *smithy.Schema, key string) {
	s.writeComma()
	s.buf = appendString(s.buf, key)
	s.buf = append(s.buf, ':')
	s.noKey = true
}

func (s *serializer) CloseMap() {
	s.buf = append(s.buf, '}')
	s.pop()
}

func (s *serializer) WriteTime(schema *smithy.Schema, v time.Time) {
	format := "epoch-seconds"
	if t, ok := smithy.SchemaTrait[*traits.TimestampFormat](schema); ok {
		format = t.Format
	}
	switch format {
	case "date-time":
		s.WriteString(schema, smithytime.FormatDateTime(v))
	case "http-date":
		s.WriteString(schema, smithytime.FormatHTTPDate(v))
	default:
		s.WriteFloat64(schema, smithytime.FormatEpochSeconds(v))
	}
}

func (s *serializer) WriteUnion(schema, variant *smithy.Schema) {
	s.writePrefix(schema)
	s.buf = append(s.buf, '{')
	s.push(true)
	s.writeKey(variant)
	s.noKey = true
}

func (s *serializer) CloseUnion() {
	s.noKey = false
	s.buf = append(s.buf, '}')
	s.pop()
}

func (s *serializer) WriteStruct(schema *smithy.Schema) {
	s.writePrefix(schema)
	s.buf = append(s.buf, '{')
	s.push(true)
}

func (s *serializer) CloseStruct() {
	s.buf = append(s.buf, '}')
	s.pop()
}

func (s *serializer) WriteNil(schema *smithy.Schema) {
	s.writePrefix(schema)
	s.buf = append(s.buf, "null"...)
}

// WriteBigInt and WriteBigFloat are unimplemented in the protocol's
// serializer too (no ECR shape has them).
func (s *serializer) WriteBigInt(*smithy.Schema, *big.Int)     { panic("unimplemented") }
func (s *serializer) WriteBigFloat(*smithy.Schema, *big.Float) { panic("unimplemented") }

// WriteDocument writes a document as the protocol's serializer does (no ECR
// shape has one).
func (s *serializer) WriteDocument(schema *smithy.Schema, v document.Value) {
	switch vv := v.(type) {
	case document.Null:
		s.WriteNil(schema)
	case document.Boolean:
		s.WriteBool(schema, bool(vv))
	case document.Number:
		s.writeRaw(schema, []byte(vv))
	case document.String:
		s.WriteString(schema, string(vv))
	case document.Blob:
		s.WriteBlob(schema, []byte(vv))
	case document.Timestamp:
		s.WriteTime(schema, time.Time(vv))
	case document.List:
		s.WriteList(schema)
		for _, item := range vv {
			s.WriteDocument(schema.ListMember(), item)
		}
		s.CloseList()
	case document.Map:
		s.WriteMap(schema)
		for k, item := range vv {
			s.WriteKey(schema.MapKey(), k)
			s.WriteDocument(schema.MapValue(), item)
		}
		s.CloseMap()
	case document.Structure:
		s.WriteMap(schema)
		for k, item := range vv.Members {
			s.WriteKey(nil, k)
			s.WriteDocument(nil, item)
		}
		s.CloseMap()
	case document.Opaque:
		s.writeOpaque(schema, vv.Value)
	case *document.Opaque:
		s.writeOpaque(schema, vv.Value)
	}
}

func (s *serializer) writeOpaque(schema *smithy.Schema, v any) {
	if m, ok := v.(document.Marshaler); ok {
		p, _ := m.MarshalSmithyDocument()
		s.writeRaw(schema, p)
		return
	}
	p, _ := smithydocumentjson.NewEncoder().Encode(v)
	s.writeRaw(schema, p)
}

func (s *serializer) writeRaw(schema *smithy.Schema, p []byte) {
	s.writePrefix(schema)
	s.buf = append(s.buf, p...)
}

const hexDigits = "0123456789abcdef"

// Bytewise tests on eight bytes at once (a set result may be a false alarm
// in a byte after a true one, never a miss).
const (
	lowBits  = ^uint64(0) / 255 // 0x0101...
	highBits = lowBits * 0x80   // 0x8080...
)

// hasLess reports whether some byte of w is less than n (n <= 128).
func hasLess(w uint64, n byte) uint64 { return (w - lowBits*uint64(n)) & ^w & highBits }

// hasByte reports whether some byte of w is c.
func hasByte(w uint64, c byte) uint64 { return hasLess(w^(lowBits*uint64(c)), 1) }

// safeASCII marks the ASCII bytes written as they are inside a string:
// printable characters other than '"' and '\\' (DEL is escaped).
var safeASCII = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendString writes v as a JSON string with the protocol serializer's
// escaping: \" \\ \n \r \t, \u00XX for other control characters and DEL,
// \u2028 and \u2029 escaped, and each byte of invalid UTF-8 replaced by
// U+FFFD.
func appendString(buf []byte, v string) []byte {
	buf = append(buf, '"')
	i := 0
	// Eight plain bytes at a time (printable ASCII other than '"', '\\'
	// and DEL), then byte by byte.
	for i+8 <= len(v) {
		w := binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(v[i:]), 8))
		if w&highBits|hasLess(w, 0x20)|hasByte(w, '"')|hasByte(w, '\\')|hasByte(w, 0x7f) != 0 {
			break
		}
		i += 8
	}
	for i < len(v) && v[i] < utf8.RuneSelf && safeASCII[v[i]] {
		i++
	}
	if i == len(v) {
		buf = append(buf, v...)
		return append(buf, '"')
	}
	buf = append(buf, v[:i]...)
	start := i
	for i < len(v) {
		b := v[i]
		if b < utf8.RuneSelf {
			if safeASCII[b] {
				i++
				continue
			}
			buf = append(buf, v[start:i]...)
			switch b {
			case '\\', '"':
				buf = append(buf, '\\', b)
			case '\n':
				buf = append(buf, '\\', 'n')
			case '\r':
				buf = append(buf, '\\', 'r')
			case '\t':
				buf = append(buf, '\\', 't')
			default:
				buf = append(buf, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(v[i:])
		if c == utf8.RuneError && size == 1 {
			buf = append(buf, v[start:i]...)
			buf = append(buf, "\ufffd"...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			buf = append(buf, v[start:i]...)
			buf = append(buf, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	buf = append(buf, v[start:]...)
	return append(buf, '"')
}
