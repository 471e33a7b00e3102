package deepcopy

import (
	"encoding/binary"
	"fmt"
	"reflect"
	"sync"
	"time"
	"unsafe"
)

// Frozen is a value encoded into bytes that nothing can change: the call
// log's record of an input or an output. Freezing costs a walk over the value
// and a copy of its bytes into memory the Freezer owns (no allocation per
// pointer, no pointers for the garbage collector to trace); Thaw builds a
// fresh deep copy from those bytes each time it is called.
//
// What a thawed value shares with the value that was frozen follows Copy's
// rules (interfaces, funcs and channels are shared; unexported fields are
// zero), with two differences:
//
//   - strings in a thawed value point into the frozen bytes, which are never
//     written again (Go strings are immutable, so this is safe);
//   - byte slices frozen with shareBytes are not copied at all: the frozen
//     value and every thawed value share the original backing array (with
//     capacity equal to length, so an append cannot reach past it). Whoever
//     freezes with shareBytes promises that nobody writes those bytes again.
//
// The zero Frozen thaws to nil.
type Frozen struct {
	c    *codec
	data []byte
	refs *[]any // values kept by reference; nil when there are none
}

// IsZero reports whether f holds nothing (it was frozen from nil).
func (f Frozen) IsZero() bool { return f.c == nil }

// Size returns how many bytes the encoding takes (byte slices kept by
// reference not included).
func (f Frozen) Size() int { return len(f.data) }

// Thaw returns a fresh deep copy of the frozen value, as an interface holding
// a value of the type that was frozen. The caller may change it freely, except
// the backing arrays of byte slices frozen with shareBytes.
func (f Frozen) Thaw() any {
	if f.c == nil {
		return nil
	}
	d := decoder{data: f.data}
	if f.refs != nil {
		d.refs = *f.refs
	}
	if e := f.c.elem; e != nil {
		if d.byte() == 0 {
			return reflect.Zero(f.c.t).Interface() // a typed nil pointer
		}
		p := e.alloc()
		e.dec(p, &d)
		return reflect.NewAt(e.t, p).Interface()
	}
	v := reflect.New(f.c.t)
	f.c.dec(v.UnsafePointer(), &d)
	return v.Elem().Interface()
}

// Freezer freezes values into chunks of memory it allocates as needed. It is
// not safe for concurrent use; the call log freezes under its own lock.
type Freezer struct {
	chunk []byte
	enc   encoder
	// The codecs of the last two types frozen: a run of calls to one
	// operation (an input, an output, an input...) finds its codecs here.
	recent [2]*codec
}

const (
	chunkSize = 64 << 10
	minFree   = 256 // start a fresh chunk rather than a record in less
)

// Freeze encodes v. With shareBytes, byte slices are kept by reference instead
// of copied (see Frozen). Freeze(nil) is the zero Frozen.
func (z *Freezer) Freeze(v any, shareBytes bool) Frozen {
	if v == nil {
		return Frozen{}
	}
	if z.recent[0] == nil {
		z.recent = [2]*codec{noCodec, noCodec}
	}
	var c *codec
	switch t := reflect.TypeOf(v); t {
	case z.recent[0].t:
		c = z.recent[0]
	case z.recent[1].t:
		c = z.recent[1]
	default:
		c = codecOf(t)
		z.recent[1], z.recent[0] = z.recent[0], c
	}
	if cap(z.chunk)-len(z.chunk) < minFree {
		z.chunk = make([]byte, 0, chunkSize)
	}
	start := len(z.chunk)
	b := z.chunk[start:start]
	z.enc = encoder{shareBytes: shareBytes}
	if e := c.elem; e != nil {
		// An interface holding a pointer holds the pointer itself.
		p := (*[2]unsafe.Pointer)(unsafe.Pointer(&v))[1]
		if p == nil {
			b = append(b, 0)
		} else {
			b = e.enc(append(b, 1), p, &z.enc)
		}
	} else {
		src := reflect.New(c.t)
		src.Elem().Set(reflect.ValueOf(v))
		b = c.enc(b, src.UnsafePointer(), &z.enc)
	}
	var data []byte
	if len(b) > 0 && unsafe.SliceData(b) == unsafe.SliceData(z.chunk[start:start+1]) {
		z.chunk = z.chunk[:start+len(b)] // written in place
		data = z.chunk[start : start+len(b) : start+len(b)]
	} else {
		data = b[:len(b):len(b)] // outgrew the chunk: append gave it its own array
	}
	f := Frozen{c: c, data: data}
	if len(z.enc.refs) > 0 {
		refs := z.enc.refs
		f.refs = &refs
	}
	z.enc = encoder{}
	return f
}

type encoder struct {
	refs       []any
	shareBytes bool
}

func (e *encoder) ref(b []byte, v any) []byte {
	e.refs = append(e.refs, v)
	return binary.AppendUvarint(b, uint64(len(e.refs)-1))
}

type decoder struct {
	data []byte
	pos  int
	refs []any
}

func (d *decoder) byte() byte {
	c := d.data[d.pos]
	d.pos++
	return c
}

func (d *decoder) uvarint() int {
	v, n := binary.Uvarint(d.data[d.pos:])
	if n <= 0 {
		panic("deepcopy: corrupt frozen value")
	}
	d.pos += n
	return int(v)
}

func (d *decoder) bytes(n int) []byte {
	b := d.data[d.pos : d.pos+n : d.pos+n]
	d.pos += n
	return b
}

func (d *decoder) string() string {
	n := d.uvarint()
	if n == 0 {
		return ""
	}
	s := unsafe.String(&d.data[d.pos], n)
	d.pos += n
	return s
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// codec encodes and decodes values of one type.
type codec struct {
	t     reflect.Type
	enc   func(b []byte, src unsafe.Pointer, e *encoder) []byte
	dec   func(dst unsafe.Pointer, d *decoder) // dst holds the zero value
	alloc func() unsafe.Pointer                // a new zero value
	elem  *codec                               // the pointee's codec, for pointers
}

// noCodec fills a Freezer's empty cache: it matches no type.
var noCodec = &codec{}

var (
	codecs  sync.Map // reflect.Type → *codec, complete codecs only
	codecMu sync.Mutex
)

func codecOf(t reflect.Type) *codec {
	if c, ok := codecs.Load(t); ok {
		return c.(*codec)
	}
	codecMu.Lock()
	defer codecMu.Unlock()
	b := codecBuilder{}
	c := b.codec(t)
	for t, c := range b {
		codecs.Store(t, c)
	}
	return c
}

type codecBuilder map[reflect.Type]*codec

func (b codecBuilder) codec(t reflect.Type) *codec {
	if c, ok := codecs.Load(t); ok {
		return c.(*codec)
	}
	if c := b[t]; c != nil {
		return c
	}
	c := &codec{t: t, alloc: allocator(t)}
	b[t] = c
	b.fill(c)
	return c
}

// allocator returns a function allocating a zero value of t: typed for the
// common pointees, reflect.New for the rest.
func allocator(t reflect.Type) func() unsafe.Pointer {
	switch {
	case t.Kind() == reflect.String:
		return func() unsafe.Pointer { return unsafe.Pointer(new(string)) }
	case t == timeType:
		return func() unsafe.Pointer { return unsafe.Pointer(new(time.Time)) }
	case flat(t) && t.Size() == 8 && t.Align() == 8:
		return func() unsafe.Pointer { return unsafe.Pointer(new(uint64)) }
	case flat(t) && t.Size() == 4 && t.Align() == 4:
		return func() unsafe.Pointer { return unsafe.Pointer(new(uint32)) }
	case flat(t) && t.Size() == 1:
		return func() unsafe.Pointer { return unsafe.Pointer(new(uint8)) }
	}
	return func() unsafe.Pointer { return reflect.New(t).UnsafePointer() }
}

// timeLayout mirrors time.Time's fields, checked by timeLayoutOK: a time is
// frozen as its wall and ext words plus its location, exactly.
type timeLayout struct {
	wall uint64
	ext  int64
	loc  *time.Location
}

var timeLayoutOK = func() bool {
	t := reflect.TypeFor[time.Time]()
	l := reflect.TypeFor[timeLayout]()
	if t.Size() != l.Size() || t.NumField() != l.NumField() {
		return false
	}
	for i := range t.NumField() {
		if t.Field(i).Type != l.Field(i).Type || t.Field(i).Offset != l.Field(i).Offset {
			return false
		}
	}
	return true
}()

func (b codecBuilder) fill(c *codec) {
	t := c.t
	if flat(t) {
		size := t.Size()
		c.enc = func(b []byte, s unsafe.Pointer, _ *encoder) []byte {
			return append(b, unsafe.Slice((*byte)(s), size)...)
		}
		c.dec = func(d unsafe.Pointer, r *decoder) {
			copy(unsafe.Slice((*byte)(d), size), r.bytes(int(size)))
		}
		return
	}
	switch t.Kind() {
	case reflect.String:
		c.enc = func(b []byte, s unsafe.Pointer, _ *encoder) []byte { return appendString(b, *(*string)(s)) }
		c.dec = func(d unsafe.Pointer, r *decoder) { *(*string)(d) = r.string() }
	case reflect.Pointer:
		e := b.codec(t.Elem())
		c.elem = e
		c.enc = func(b []byte, s unsafe.Pointer, en *encoder) []byte {
			p := *(*unsafe.Pointer)(s)
			if p == nil {
				return append(b, 0)
			}
			return e.enc(append(b, 1), p, en)
		}
		c.dec = func(d unsafe.Pointer, r *decoder) {
			if r.byte() == 1 {
				p := e.alloc()
				e.dec(p, r)
				*(*unsafe.Pointer)(d) = p
			}
		}
	case reflect.Slice:
		b.sliceCodec(c)
	case reflect.Map:
		b.mapCodec(c)
	case reflect.Array:
		e, n, size := b.codec(t.Elem()), t.Len(), t.Elem().Size()
		c.enc = func(b []byte, s unsafe.Pointer, en *encoder) []byte {
			for i := range n {
				b = e.enc(b, unsafe.Add(s, uintptr(i)*size), en)
			}
			return b
		}
		c.dec = func(d unsafe.Pointer, r *decoder) {
			for i := range n {
				e.dec(unsafe.Add(d, uintptr(i)*size), r)
			}
		}
	case reflect.Struct:
		if t == timeType {
			timeCodec(c)
			return
		}
		b.structCodec(c)
	case reflect.Interface:
		c.enc = func(b []byte, s unsafe.Pointer, en *encoder) []byte {
			v := reflect.NewAt(t, s).Elem()
			if v.IsNil() {
				return append(b, 0)
			}
			return en.ref(append(b, 1), v.Interface())
		}
		c.dec = func(d unsafe.Pointer, r *decoder) {
			if r.byte() == 1 {
				reflect.NewAt(t, d).Elem().Set(reflect.ValueOf(r.refs[r.uvarint()]))
			}
		}
	default: // Func, Chan, UnsafePointer: one pointer word, shared
		c.enc = func(b []byte, s unsafe.Pointer, en *encoder) []byte {
			return en.ref(b, *(*unsafe.Pointer)(s))
		}
		c.dec = func(d unsafe.Pointer, r *decoder) {
			*(*unsafe.Pointer)(d) = r.refs[r.uvarint()].(unsafe.Pointer)
		}
	}
}

func timeCodec(c *codec) {
	if !timeLayoutOK {
		// time.Time changed shape: keep times by reference (boxed copies).
		c.enc = func(b []byte, s unsafe.Pointer, en *encoder) []byte { return en.ref(b, *(*time.Time)(s)) }
		c.dec = func(d unsafe.Pointer, r *decoder) { *(*time.Time)(d) = r.refs[r.uvarint()].(time.Time) }
		return
	}
	c.enc = func(b []byte, s unsafe.Pointer, en *encoder) []byte {
		tl := (*timeLayout)(s)
		b = binary.LittleEndian.AppendUint64(b, tl.wall)
		b = binary.LittleEndian.AppendUint64(b, uint64(tl.ext))
		if tl.loc == nil {
			return append(b, 0)
		}
		return en.ref(append(b, 1), tl.loc)
	}
	c.dec = func(d unsafe.Pointer, r *decoder) {
		tl := (*timeLayout)(d)
		raw := r.bytes(16)
		tl.wall = binary.LittleEndian.Uint64(raw)
		tl.ext = int64(binary.LittleEndian.Uint64(raw[8:]))
		if r.byte() == 1 {
			tl.loc = r.refs[r.uvarint()].(*time.Location)
		}
	}
}

// Byte slices: 0 nil, 1 inline bytes, 2 kept by reference.
func byteSliceCodec(c *codec) {
	c.enc = func(b []byte, s unsafe.Pointer, en *encoder) []byte {
		src := *(*[]byte)(s)
		switch {
		case src == nil:
			return append(b, 0)
		case en.shareBytes:
			return en.ref(append(b, 2), src[:len(src):len(src)])
		}
		return append(binary.AppendUvarint(append(b, 1), uint64(len(src))), src...)
	}
	c.dec = func(d unsafe.Pointer, r *decoder) {
		switch r.byte() {
		case 1:
			n := r.uvarint()
			out := make([]byte, n)
			copy(out, r.bytes(n))
			*(*[]byte)(d) = out
		case 2:
			*(*[]byte)(d) = r.refs[r.uvarint()].([]byte)
		}
	}
}

// Other slices: uvarint(len+1), 0 for nil, then the elements.
func (b codecBuilder) sliceCodec(c *codec) {
	t := c.t
	et := t.Elem()
	switch et.Kind() {
	case reflect.Uint8:
		if et.Size() == 1 && flat(et) {
			byteSliceCodec(c)
			return
		}
	case reflect.String:
		c.enc = func(b []byte, s unsafe.Pointer, _ *encoder) []byte {
			src := *(*[]string)(s)
			if src == nil {
				return append(b, 0)
			}
			b = binary.AppendUvarint(b, uint64(len(src))+1)
			for _, v := range src {
				b = appendString(b, v)
			}
			return b
		}
		c.dec = func(d unsafe.Pointer, r *decoder) {
			n := r.uvarint()
			if n == 0 {
				return
			}
			out := make([]string, n-1)
			for i := range out {
				out[i] = r.string()
			}
			if et == reflect.TypeFor[string]() {
				*(*[]string)(d) = out
			} else {
				// A named string type ([]types.ImageTagMutability...): same layout.
				*(*sliceHeader)(d) = sliceHeader{data: unsafe.Pointer(unsafe.SliceData(out)), len: len(out), cap: len(out)}
			}
		}
		return
	}
	e, size, isFlat := b.codec(et), et.Size(), flat(et)
	c.enc = func(b []byte, s unsafe.Pointer, en *encoder) []byte {
		src := (*sliceHeader)(s)
		if src.data == nil {
			return append(b, 0)
		}
		b = binary.AppendUvarint(b, uint64(src.len)+1)
		if isFlat {
			return append(b, unsafe.Slice((*byte)(src.data), uintptr(src.len)*size)...)
		}
		for i := range src.len {
			b = e.enc(b, unsafe.Add(src.data, uintptr(i)*size), en)
		}
		return b
	}
	c.dec = func(d unsafe.Pointer, r *decoder) {
		n := r.uvarint()
		if n == 0 {
			return
		}
		n--
		data := reflect.MakeSlice(t, n, n).UnsafePointer()
		if isFlat {
			if n > 0 && size > 0 {
				copy(unsafe.Slice((*byte)(data), uintptr(n)*size), r.bytes(n*int(size)))
			}
		} else {
			for i := range n {
				e.dec(unsafe.Add(data, uintptr(i)*size), r)
			}
		}
		*(*sliceHeader)(d) = sliceHeader{data: data, len: n, cap: n}
	}
}

// Maps: uvarint(len+1), 0 for nil, then keys and values.
func (b codecBuilder) mapCodec(c *codec) {
	t := c.t
	kt, vt := t.Key(), t.Elem()
	kc, vc := b.codec(kt), b.codec(vt)
	c.enc = func(b []byte, s unsafe.Pointer, en *encoder) []byte {
		m := reflect.NewAt(t, s).Elem()
		if m.IsNil() {
			return append(b, 0)
		}
		b = binary.AppendUvarint(b, uint64(m.Len())+1)
		k, v := reflect.New(kt).Elem(), reflect.New(vt).Elem()
		for it := m.MapRange(); it.Next(); {
			k.SetIterKey(it)
			v.SetIterValue(it)
			b = kc.enc(b, k.Addr().UnsafePointer(), en)
			b = vc.enc(b, v.Addr().UnsafePointer(), en)
		}
		return b
	}
	c.dec = func(d unsafe.Pointer, r *decoder) {
		n := r.uvarint()
		if n == 0 {
			return
		}
		m := reflect.MakeMapWithSize(t, n-1)
		for range n - 1 {
			k, v := reflect.New(kt), reflect.New(vt)
			kc.dec(k.UnsafePointer(), r)
			vc.dec(v.UnsafePointer(), r)
			m.SetMapIndex(k.Elem(), v.Elem())
		}
		reflect.NewAt(t, d).Elem().Set(m)
	}
}

type codecField struct {
	off uintptr
	c   *codec
	// The commonest field shapes, handled inline: 1 *string, 2 string.
	kind uint8
}

func (b codecBuilder) structCodec(c *codec) {
	t := c.t
	var fields []codecField
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || f.Type.Size() == 0 {
			continue // unexported fields stay zero, as in Copy
		}
		cf := codecField{off: f.Offset, c: b.codec(f.Type)}
		switch {
		case f.Type.Kind() == reflect.Pointer && f.Type.Elem() == reflect.TypeFor[string]():
			cf.kind = 1
		case f.Type == reflect.TypeFor[string]():
			cf.kind = 2
		}
		fields = append(fields, cf)
	}
	c.enc = func(b []byte, s unsafe.Pointer, en *encoder) []byte {
		for i := range fields {
			f := &fields[i]
			p := unsafe.Add(s, f.off)
			switch f.kind {
			case 1:
				if sp := *(**string)(p); sp == nil {
					b = append(b, 0)
				} else {
					b = appendString(append(b, 1), *sp)
				}
			case 2:
				b = appendString(b, *(*string)(p))
			default:
				b = f.c.enc(b, p, en)
			}
		}
		return b
	}
	c.dec = func(d unsafe.Pointer, r *decoder) {
		for i := range fields {
			f := &fields[i]
			p := unsafe.Add(d, f.off)
			switch f.kind {
			case 1:
				if r.byte() == 1 {
					s := new(string)
					*s = r.string()
					*(**string)(p) = s
				}
			case 2:
				*(*string)(p) = r.string()
			default:
				f.c.dec(p, r)
			}
		}
	}
}

// String describes the frozen value's type, for debugging.
func (f Frozen) String() string {
	if f.c == nil {
		return "Frozen(nil)"
	}
	return fmt.Sprintf("Frozen(%v, %d bytes)", f.c.t, len(f.data))
}
