package deepcopy

import (
	"bytes"
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
//   - strings are immutable in Go, so they are shared rather than copied
//     where that is cheaper: a string of sharedStringMin bytes or more is
//     kept by reference (the frozen value and every thawed one point at the
//     original's bytes), a shorter one is copied into the frozen bytes and
//     thawed strings point there (frozen bytes are never written again);
//   - a value whose encoding equals that of the previous value of its type
//     frozen by the same Freezer shares that value's frozen bytes, so a
//     call repeated with the same answer adds no memory but its record;
//   - byte slices frozen with shareBytes are not copied at all: the frozen
//     value and every thawed value share the original backing array (with
//     capacity equal to length, so an append cannot reach past it). Whoever
//     freezes with shareBytes promises that nobody writes those bytes again.
//
// The zero Frozen thaws to nil.
type Frozen struct {
	c    *codec
	data []byte
	strs []string // strings kept by reference (see sharedStringMin)
	refs *[]any   // other values kept by reference; nil when there are none
}

// IsZero reports whether f holds nothing (it was frozen from nil).
func (f Frozen) IsZero() bool { return f.c == nil }

// Size returns how many bytes the encoding takes (strings and byte slices
// kept by reference not included).
func (f Frozen) Size() int { return len(f.data) }

// Thaw returns a fresh deep copy of the frozen value, as an interface holding
// a value of the type that was frozen. The caller may change it freely, except
// the backing arrays of byte slices frozen with shareBytes.
func (f Frozen) Thaw() any {
	var t Thawer
	return t.Thaw(f)
}

// Thawer thaws many frozen values at a time: their small pointees (strings,
// times, numbers) come from arrays it allocates for all of them, rather than
// a few arrays per value. Each value it returns is still a complete copy of
// its own. A Thawer is not safe for concurrent use.
type Thawer struct {
	d decoder
}

// Thaw is Frozen.Thaw, with the Thawer's arrays.
func (t *Thawer) Thaw(f Frozen) any {
	if f.c == nil {
		return nil
	}
	d := &t.d
	d.data, d.pos, d.shared, d.refs = f.data, 0, f.strs, nil
	if f.refs != nil {
		d.refs = *f.refs
	}
	defer func() { d.data, d.shared, d.refs = nil, nil, nil }()
	if e := f.c.elem; e != nil {
		if d.byte() == 0 {
			return reflect.Zero(f.c.t).Interface() // a typed nil pointer
		}
		p := e.alloc()
		e.dec(p, d)
		return reflect.NewAt(e.t, p).Interface()
	}
	v := reflect.New(f.c.t)
	f.c.dec(v.UnsafePointer(), d)
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
	last   [2]Frozen // the last value frozen with each of them
	hint   [2]int    // and its size
	// scratch holds the encoding of a large value until it is known to be
	// new.
	scratch []byte
	// strChunk holds the strings kept by reference, as chunk holds bytes.
	strChunk []string
	strHint  [2]int
}

const strChunkLen = 1024

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
	var slot int
	switch t := reflect.TypeOf(v); t {
	case z.recent[0].t:
		c = z.recent[0]
	case z.recent[1].t:
		c, slot = z.recent[1], 1
	default:
		c = codecOf(t)
		z.recent[1], z.recent[0] = z.recent[0], c
		z.last[1], z.last[0] = z.last[0], Frozen{}
		z.hint[1], z.hint[0] = z.hint[0], 0
		z.strHint[1], z.strHint[0] = z.strHint[0], 0
	}
	if cap(z.strChunk)-len(z.strChunk) < max(16, z.strHint[slot]+z.strHint[slot]/4) {
		z.strChunk = make([]string, 0, max(strChunkLen, 2*z.strHint[slot]))
	}
	strStart := len(z.strChunk)
	// Encode where the value will fit: the last value of its type is the
	// guess. Large values go to a scratch buffer first, so that one equal
	// to its predecessor costs no allocation and a new one exactly its size.
	hint := z.hint[slot]
	large := hint > chunkSize/4
	var b []byte
	start := len(z.chunk)
	if large {
		b = z.scratch[:0]
	} else {
		if cap(z.chunk)-len(z.chunk) < max(minFree, hint+hint/4) {
			z.chunk = make([]byte, 0, chunkSize)
		}
		start = len(z.chunk)
		b = z.chunk[start:start]
	}
	z.enc = encoder{shareBytes: shareBytes, strs: z.strChunk[strStart:strStart]}
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
	z.hint[slot] = len(b)
	strs := z.enc.strs
	z.strHint[slot] = len(strs)
	if large {
		z.scratch = b[:0]
	}
	// A value encoded exactly as the last one of its type shares that
	// one's bytes (frozen bytes never change): a test that polls, or a
	// benchmark that repeats a call, adds no memory per call.
	if prev := z.last[slot]; prev.c == c && prev.refs == nil && len(z.enc.refs) == 0 && bytes.Equal(prev.data, b) && sameStrings(prev.strs, strs) {
		z.enc = encoder{}
		return prev
	}
	var data []byte
	switch {
	case large:
		data = bytes.Clone(b)
	case len(b) > 0 && unsafe.SliceData(b) == unsafe.SliceData(z.chunk[start:start+1]):
		z.chunk = z.chunk[:start+len(b)] // written in place
		data = z.chunk[start : start+len(b) : start+len(b)]
	default:
		data = b[:len(b):len(b)] // outgrew the chunk: append gave it its own array
	}
	switch {
	case len(strs) == 0:
		strs = nil
	case unsafe.SliceData(strs) == unsafe.SliceData(z.strChunk[strStart:strStart+1]):
		z.strChunk = z.strChunk[:strStart+len(strs)]
		strs = z.strChunk[strStart : strStart+len(strs) : strStart+len(strs)]
	default:
		strs = strs[:len(strs):len(strs)] // outgrew the chunk
	}
	f := Frozen{c: c, data: data, strs: strs}
	if len(z.enc.refs) > 0 {
		refs := z.enc.refs
		f.refs = &refs
	}
	z.enc = encoder{}
	z.last[slot] = f
	return f
}

// sameStrings reports whether a and b hold equal strings, which (with equal
// bytes) lets one frozen value stand for another.
func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

type encoder struct {
	refs       []any
	strs       []string // strings kept by reference
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
	// Slabs for the commonest pointees: a thawed value's *string, *time.Time
	// and pointers to small numbers come from a few shared arrays rather
	// than one allocation each.
	shared  []string // the frozen value's strings kept by reference
	strSlab []string
	times   []time.Time
	u64s    []uint64
	u32s    []uint32
	u8s     []uint8
	slab    int // the length of the next array: small for one value, growing for many
}

const maxSlab = 256

// slabLen returns the length of the next slab array.
func (d *decoder) slabLen() int {
	d.slab = min(max(2*d.slab, 8), maxSlab)
	return d.slab
}

func (d *decoder) alloc(c *codec) unsafe.Pointer {
	switch c.slab {
	case slabString:
		return fromSlab(d, &d.strSlab, 1)
	case slabTime:
		return fromSlab(d, &d.times, 2)
	case slabU64:
		return fromSlab(d, &d.u64s, 1)
	case slabU32:
		return fromSlab(d, &d.u32s, 1)
	case slabU8:
		return fromSlab(d, &d.u8s, 1)
	}
	return c.alloc()
}

// fromSlab hands out the next element of *slab, refilling it with an array
// of d.slabLen()/div elements when it is used up.
func fromSlab[T any](d *decoder, slab *[]T, div int) unsafe.Pointer {
	if len(*slab) == 0 {
		*slab = make([]T, d.slabLen()/div)
	}
	p := &(*slab)[0]
	*slab = (*slab)[1:]
	return unsafe.Pointer(p)
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
	v := d.uvarint()
	if v&1 == 1 {
		return d.shared[v>>1]
	}
	n := v >> 1
	if n == 0 {
		return ""
	}
	s := unsafe.String(&d.data[d.pos], n)
	d.pos += n
	return s
}

// sharedStringMin is the length from which a string is kept by reference
// rather than copied: Go strings are immutable, so sharing one is as safe as
// copying it, and costs a string header instead of its bytes (manifests,
// digests and ARNs are shared with the fake's state this way).
const sharedStringMin = 32

// appendString encodes s: uvarint(len<<1) and its bytes, or
// uvarint(index<<1|1) for a string kept by reference.
func appendString(b []byte, s string, en *encoder) []byte {
	if len(s) >= sharedStringMin {
		en.strs = append(en.strs, s)
		return binary.AppendUvarint(b, uint64(len(en.strs)-1)<<1|1)
	}
	return append(binary.AppendUvarint(b, uint64(len(s))<<1), s...)
}

// codec encodes and decodes values of one type.
type codec struct {
	t     reflect.Type
	enc   func(b []byte, src unsafe.Pointer, e *encoder) []byte
	dec   func(dst unsafe.Pointer, d *decoder) // dst holds the zero value
	alloc func() unsafe.Pointer                // a new zero value
	elem  *codec                               // the pointee's codec, for pointers
	slab  uint8                                // which decoder slab a pointee comes from
}

const (
	slabNone = iota
	slabString
	slabTime
	slabU64
	slabU32
	slabU8
)

func slabOf(t reflect.Type) uint8 {
	switch {
	case t.Kind() == reflect.String:
		return slabString
	case t == timeType:
		return slabTime
	case flat(t) && t.Size() == 8 && t.Align() == 8:
		return slabU64
	case flat(t) && t.Size() == 4 && t.Align() == 4:
		return slabU32
	case flat(t) && t.Size() == 1:
		return slabU8
	}
	return slabNone
}

// stringSlab allocates the pointees of the inline *string fields.
var stringSlab = &codec{slab: slabString}

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
	c := &codec{t: t, alloc: allocator(t), slab: slabOf(t)}
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
		c.enc = func(b []byte, s unsafe.Pointer, en *encoder) []byte { return appendString(b, *(*string)(s), en) }
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
				p := r.alloc(e)
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
		c.enc = func(b []byte, s unsafe.Pointer, en *encoder) []byte {
			src := *(*[]string)(s)
			if src == nil {
				return append(b, 0)
			}
			b = binary.AppendUvarint(b, uint64(len(src))+1)
			for _, v := range src {
				b = appendString(b, v, en)
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
	if t.Key() == reflect.TypeFor[string]() && t.Elem() == reflect.TypeFor[[]string]() { // http.Header, in the registry's records
		headerCodec(c)
		return
	}
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
					b = appendString(append(b, 1), *sp, en)
				}
			case 2:
				b = appendString(b, *(*string)(p), en)
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
					s := (*string)(r.alloc(stringSlab))
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

// headerCodec is mapCodec for map[string][]string without reflection.
func headerCodec(c *codec) {
	c.enc = func(b []byte, s unsafe.Pointer, en *encoder) []byte {
		m := *(*map[string][]string)(s)
		if m == nil {
			return append(b, 0)
		}
		b = binary.AppendUvarint(b, uint64(len(m))+1)
		for k, vs := range m {
			b = appendString(b, k, en)
			if vs == nil {
				b = append(b, 0)
				continue
			}
			b = binary.AppendUvarint(b, uint64(len(vs))+1)
			for _, v := range vs {
				b = appendString(b, v, en)
			}
		}
		return b
	}
	c.dec = func(d unsafe.Pointer, r *decoder) {
		n := r.uvarint()
		if n == 0 {
			return
		}
		m := make(map[string][]string, n-1)
		for range n - 1 {
			k := r.string()
			var vs []string
			if l := r.uvarint(); l > 0 {
				vs = make([]string, l-1)
				for i := range vs {
					vs[i] = r.string()
				}
			}
			m[k] = vs
		}
		*(*map[string][]string)(d) = m
	}
}
