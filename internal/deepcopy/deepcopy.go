// Package deepcopy copies values of the AWS SDK's ECR types (operation inputs
// and outputs, the types package's shapes, modeled errors) so that nothing
// reachable from the copy is shared with the original.
//
// What is copied, by kind:
//
//   - pointers: a new value is allocated and the pointee copied; nil stays nil;
//   - slices ([]byte included): a new backing array of the same length (and
//     capacity equal to the length); nil stays nil, empty non-nil stays
//     empty non-nil;
//   - maps: a new map with copied keys and values; nil stays nil;
//   - arrays, strings, booleans and numbers: by value (strings are immutable);
//   - structs: the exported fields only. Unexported fields are left zero in
//     the copy. The SDK's shapes embed an unexported zero-size
//     noSmithyDocumentSerde marker, which carries nothing; an output's
//     ResultMetadata (middleware.Metadata, whose only field is an unexported
//     map) is therefore dropped: the copy's is the zero Metadata;
//   - time.Time is a value type: copied whole, location included;
//   - interfaces (document.Interface where a shape has one, any, error),
//     funcs, channels and unsafe pointers: the value is copied as is, so the
//     dynamic value an interface holds is shared, not copied. This applies to
//     T itself too: Copy[error](err) returns err; copy a modeled error by its
//     concrete type (Copy(err.(*types.InvalidLayerPartException)) or after
//     errors.As).
//
// Values must be trees, as SDK values are: a pointer cycle recurses without
// end, and two pointers to one value in the original become pointers to two
// values in the copy.
//
// Copying follows a plan built once per type with reflection and cached, so a
// copy costs little more than the allocations it has to make.
package deepcopy

import (
	"maps"
	"reflect"
	"sync"
	"time"
	"unsafe"
)

// Copy returns a deep copy of v; see the package documentation for what is
// copied and what is shared or dropped.
func Copy[T any](v T) T {
	p := planOf(reflect.TypeFor[T]())
	if p.elem == nil {
		return copyThrough(p, v)
	}
	// T is a pointer (the usual case: *ecr.XxxInput, *types.XxxException):
	// copy the pointee, without letting v or the result escape to the heap.
	var out T
	if src := *(*unsafe.Pointer)(unsafe.Pointer(&v)); src != nil {
		*(*unsafe.Pointer)(unsafe.Pointer(&out)) = p.elem.clone(src)
	}
	return out
}

// CopyAny returns a deep copy of the value v holds, as an interface holding
// a value of the same dynamic type: what Copy does for a value whose type is
// known only at run time (a recorded call's *ecr.XxxInput held as any, say).
// Unlike Copy[any], which copies the interface as is, it copies the dynamic
// value; interfaces nested inside it are still copied as is. CopyAny(nil) is
// nil.
func CopyAny(v any) any {
	if v == nil {
		return nil
	}
	rv := reflect.ValueOf(v)
	t := rv.Type()
	p := planOf(t)
	if p.elem != nil {
		src := rv.UnsafePointer()
		if src == nil {
			return v // a typed nil pointer
		}
		return reflect.NewAt(t.Elem(), p.elem.clone(src)).Interface()
	}
	src := reflect.New(t)
	src.Elem().Set(rv)
	dst := reflect.New(t)
	p.copy(dst.UnsafePointer(), src.UnsafePointer())
	return dst.Elem().Interface()
}

// copyThrough copies a value that is not a pointer. It is a function of its
// own because handing &v to a plan makes v escape, which Copy's pointer path
// must not pay for.
func copyThrough[T any](p *plan, v T) T {
	var out T
	p.copy(unsafe.Pointer(&out), unsafe.Pointer(&v))
	return out
}

// plan copies values of one type.
type plan struct {
	// copy copies the value at src into the zero value at dst.
	copy func(dst, src unsafe.Pointer)
	// clone allocates a new value of the type and copies the value at src
	// into it: what copying a pointer to the type does.
	clone func(src unsafe.Pointer) unsafe.Pointer
	// elem is the pointee's plan when the type is a pointer.
	elem *plan
}

var (
	plans   sync.Map   // reflect.Type → *plan, complete plans only
	buildMu sync.Mutex // serialises building
)

func planOf(t reflect.Type) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	buildMu.Lock()
	defer buildMu.Unlock()
	b := builder{}
	p := b.plan(t)
	// Publish the plans only once every one of them is complete, so a
	// concurrent Copy never finds a plan under construction.
	for t, p := range b {
		plans.Store(t, p)
	}
	return p
}

// builder holds the plans being built; a recursive type finds its own plan
// here, and its copy functions call through the *plan, so they see it once
// it is complete.
type builder map[reflect.Type]*plan

func (b builder) plan(t reflect.Type) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	if p := b[t]; p != nil {
		return p
	}
	p := &plan{}
	b[t] = p
	p.copy = b.copier(t, p)
	p.clone = cloner(t, p)
	return p
}

var timeType = reflect.TypeFor[time.Time]()

// copier returns the function that copies a value of type t; p is t's plan.
func (b builder) copier(t reflect.Type, p *plan) func(dst, src unsafe.Pointer) {
	if flat(t) {
		return flatCopier(t.Size())
	}
	switch t.Kind() {
	case reflect.String:
		return func(d, s unsafe.Pointer) { *(*string)(d) = *(*string)(s) }
	case reflect.Pointer:
		return b.pointerCopier(t, p)
	case reflect.Slice:
		return b.sliceCopier(t)
	case reflect.Map:
		return b.mapCopier(t)
	case reflect.Array:
		ep, n, size := b.plan(t.Elem()), t.Len(), t.Elem().Size()
		return func(d, s unsafe.Pointer) {
			for i := range n {
				ep.copy(unsafe.Add(d, uintptr(i)*size), unsafe.Add(s, uintptr(i)*size))
			}
		}
	case reflect.Struct:
		if t == timeType {
			return func(d, s unsafe.Pointer) { *(*time.Time)(d) = *(*time.Time)(s) }
		}
		return b.structCopier(t)
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return func(d, s unsafe.Pointer) { *(*any)(d) = *(*any)(s) }
		}
		return func(d, s unsafe.Pointer) {
			reflect.NewAt(t, d).Elem().Set(reflect.NewAt(t, s).Elem())
		}
	default: // Func, Chan, UnsafePointer: one pointer word, shared
		return func(d, s unsafe.Pointer) { *(*unsafe.Pointer)(d) = *(*unsafe.Pointer)(s) }
	}
}

// flat reports whether a value of type t holds no pointers and no unexported
// data, so that copying its bytes is a complete and safe copy.
func flat(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return true
	case reflect.Array:
		return flat(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Type.Size() == 0 {
				continue // carries nothing, exported or not
			}
			if !f.IsExported() || !flat(f.Type) {
				return false
			}
		}
		return true
	}
	return false
}

// flatCopier copies size bytes that hold no pointers: no write barrier is
// needed, so a plain byte copy is safe.
func flatCopier(size uintptr) func(dst, src unsafe.Pointer) {
	switch size {
	case 0:
		return func(unsafe.Pointer, unsafe.Pointer) {}
	case 1:
		return func(d, s unsafe.Pointer) { *(*uint8)(d) = *(*uint8)(s) }
	case 2:
		return func(d, s unsafe.Pointer) { *(*uint16)(d) = *(*uint16)(s) }
	case 4:
		return func(d, s unsafe.Pointer) { *(*uint32)(d) = *(*uint32)(s) }
	case 8:
		return func(d, s unsafe.Pointer) { *(*uint64)(d) = *(*uint64)(s) }
	}
	return func(d, s unsafe.Pointer) {
		copy(unsafe.Slice((*byte)(d), size), unsafe.Slice((*byte)(s), size))
	}
}

// cloner returns the function that allocates and fills a copy of a value of
// type t. Common pointees get a typed allocation; the rest reflect.New.
func cloner(t reflect.Type, p *plan) func(src unsafe.Pointer) unsafe.Pointer {
	switch {
	case t.Kind() == reflect.String:
		return func(s unsafe.Pointer) unsafe.Pointer {
			n := new(string)
			*n = *(*string)(s)
			return unsafe.Pointer(n)
		}
	case t == timeType:
		return func(s unsafe.Pointer) unsafe.Pointer {
			n := new(time.Time)
			*n = *(*time.Time)(s)
			return unsafe.Pointer(n)
		}
	case flat(t) && t.Size() == 8 && t.Align() == 8:
		return func(s unsafe.Pointer) unsafe.Pointer {
			n := new(uint64)
			*n = *(*uint64)(s)
			return unsafe.Pointer(n)
		}
	case flat(t) && t.Size() == 4 && t.Align() == 4:
		return func(s unsafe.Pointer) unsafe.Pointer {
			n := new(uint32)
			*n = *(*uint32)(s)
			return unsafe.Pointer(n)
		}
	case flat(t) && t.Size() == 1:
		return func(s unsafe.Pointer) unsafe.Pointer {
			n := new(uint8)
			*n = *(*uint8)(s)
			return unsafe.Pointer(n)
		}
	}
	return func(s unsafe.Pointer) unsafe.Pointer {
		n := reflect.New(t).UnsafePointer()
		p.copy(n, s)
		return n
	}
}

func (b builder) pointerCopier(t reflect.Type, p *plan) func(dst, src unsafe.Pointer) {
	ep := b.plan(t.Elem())
	p.elem = ep
	if t.Elem().Size() == 0 {
		// Every zero-size value lives at one address; there is nothing to copy.
		return func(d, s unsafe.Pointer) { *(*unsafe.Pointer)(d) = *(*unsafe.Pointer)(s) }
	}
	return func(d, s unsafe.Pointer) {
		if sp := *(*unsafe.Pointer)(s); sp != nil {
			*(*unsafe.Pointer)(d) = ep.clone(sp)
		}
	}
}

// sliceHeader is the layout of every slice.
type sliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}

func (b builder) sliceCopier(t reflect.Type) func(dst, src unsafe.Pointer) {
	et := t.Elem()
	switch {
	case et.Kind() == reflect.Uint8:
		return func(d, s unsafe.Pointer) {
			if src := *(*[]byte)(s); src != nil {
				dst := make([]byte, len(src))
				copy(dst, src)
				*(*[]byte)(d) = dst
			}
		}
	case et.Kind() == reflect.String:
		return func(d, s unsafe.Pointer) {
			if src := *(*[]string)(s); src != nil {
				dst := make([]string, len(src))
				copy(dst, src)
				*(*[]string)(d) = dst
			}
		}
	}
	ep, size, isFlat := b.plan(et), et.Size(), flat(et)
	return func(d, s unsafe.Pointer) {
		src := (*sliceHeader)(s)
		if src.data == nil {
			return
		}
		n := src.len
		data := reflect.MakeSlice(t, n, n).UnsafePointer()
		switch {
		case isFlat || size == 0:
			if n > 0 && size > 0 {
				copy(unsafe.Slice((*byte)(data), uintptr(n)*size), unsafe.Slice((*byte)(src.data), uintptr(n)*size))
			}
		default:
			for i := range n {
				off := uintptr(i) * size
				ep.copy(unsafe.Add(data, off), unsafe.Add(src.data, off))
			}
		}
		dst := (*sliceHeader)(d)
		dst.data, dst.len, dst.cap = data, n, n
	}
}

var (
	mapStringString = reflect.TypeFor[map[string]string]()
	mapStringInt32  = reflect.TypeFor[map[string]int32]()
)

func (b builder) mapCopier(t reflect.Type) func(dst, src unsafe.Pointer) {
	switch t {
	case mapStringString:
		return func(d, s unsafe.Pointer) { *(*map[string]string)(d) = maps.Clone(*(*map[string]string)(s)) }
	case mapStringInt32:
		return func(d, s unsafe.Pointer) { *(*map[string]int32)(d) = maps.Clone(*(*map[string]int32)(s)) }
	}
	kt, vt := t.Key(), t.Elem()
	kp, vp := b.plan(kt), b.plan(vt)
	return func(d, s unsafe.Pointer) {
		src := reflect.NewAt(t, s).Elem()
		if src.IsNil() {
			return
		}
		dst := reflect.MakeMapWithSize(t, src.Len())
		k, v := reflect.New(kt).Elem(), reflect.New(vt).Elem()
		for it := src.MapRange(); it.Next(); {
			k.SetIterKey(it)
			v.SetIterValue(it)
			nk, nv := reflect.New(kt), reflect.New(vt)
			kp.copy(nk.UnsafePointer(), k.Addr().UnsafePointer())
			vp.copy(nv.UnsafePointer(), v.Addr().UnsafePointer())
			dst.SetMapIndex(nk.Elem(), nv.Elem())
		}
		reflect.NewAt(t, d).Elem().Set(dst)
	}
}

// field copies one exported field of a struct.
type field struct {
	off  uintptr
	copy func(dst, src unsafe.Pointer)
}

func (b builder) structCopier(t reflect.Type) func(dst, src unsafe.Pointer) {
	var fields []field
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || f.Type.Size() == 0 {
			continue // unexported fields stay zero
		}
		fp := b.plan(f.Type)
		fields = append(fields, field{off: f.Offset, copy: fieldCopier(f.Type, fp)})
	}
	return func(d, s unsafe.Pointer) {
		for i := range fields {
			f := &fields[i]
			f.copy(unsafe.Add(d, f.off), unsafe.Add(s, f.off))
		}
	}
}

// fieldCopier is the copier of a field's type, with the commonest field
// types (*string, string, pointers to flat or time values) inlined rather
// than called through their plan.
func fieldCopier(t reflect.Type, p *plan) func(dst, src unsafe.Pointer) {
	switch {
	case t.Kind() == reflect.String:
		return func(d, s unsafe.Pointer) { *(*string)(d) = *(*string)(s) }
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.String:
		return func(d, s unsafe.Pointer) {
			if sp := *(**string)(s); sp != nil {
				n := new(string)
				*n = *sp
				*(**string)(d) = n
			}
		}
	case t.Kind() == reflect.Pointer && t.Elem() == timeType:
		return func(d, s unsafe.Pointer) {
			if sp := *(**time.Time)(s); sp != nil {
				n := new(time.Time)
				*n = *sp
				*(**time.Time)(d) = n
			}
		}
	}
	return func(d, s unsafe.Pointer) { p.copy(d, s) }
}
