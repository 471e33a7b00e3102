package state

import (
	"math"
	"sync/atomic"
	"time"
)

// Outputs are full of pointer fields (*string, *time.Time, *int64). A page
// of 100 image details would cost a thousand small allocations if each
// pointed to its own variable; instead the values of one output live in a
// few arrays allocated for that output alone, and the fields point into
// them. Nothing is shared with state or with another output, so outputs
// still never alias state; within one output every field still has its own
// variable, as a decoded response does.

// strSlab hands out *string pointing into one array. Its capacity is sized
// for the output; should it run out, append moves on to a new array, and the
// pointers already handed out stay valid.
type strSlab []string

func makeStrSlab(n int) strSlab { return make(strSlab, 0, n) }

func (s *strSlab) ptr(v string) *string {
	*s = append(*s, v)
	return &(*s)[len(*s)-1]
}

// optPtr is ptr for an optional field: "" is nil.
func (s *strSlab) optPtr(v string) *string {
	if v == "" {
		return nil
	}
	return s.ptr(v)
}

// list returns a copy of vs carved from the slab, with capacity equal to its
// length so that appending to it cannot reach a neighbour's values.
func (s *strSlab) list(vs []string) []string {
	start := len(*s)
	*s = append(*s, vs...)
	return (*s)[start:len(*s):len(*s)]
}

type timeSlab []time.Time

func makeTimeSlab(n int) timeSlab { return make(timeSlab, 0, n) }

func (s *timeSlab) ptr(v time.Time) *time.Time {
	*s = append(*s, v)
	return &(*s)[len(*s)-1]
}

// optPtr is ptr for an optional time: the zero time is nil.
func (s *timeSlab) optPtr(v time.Time) *time.Time {
	if v.IsZero() {
		return nil
	}
	return s.ptr(v)
}

type int64Slab []int64

func makeInt64Slab(n int) int64Slab { return make(int64Slab, 0, n) }

func (s *int64Slab) ptr(v int64) *int64 {
	*s = append(*s, v)
	return &(*s)[len(*s)-1]
}

// Last recorded pull times are written by BatchGetImage, which runs under
// the read lock alongside other readers, so they are kept as atomic
// milliseconds rather than as a time.Time.

// neverPulled is the lastPull of an image never pulled.
const neverPulled = math.MinInt64

func (img *image) lastPulled() time.Time {
	ms := atomic.LoadInt64(&img.lastPull)
	if ms == neverPulled {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

// setLastPulled records t, a UTC time of millisecond precision (the zero
// time: never pulled).
func (img *image) setLastPulled(t time.Time) {
	ms := int64(neverPulled)
	if !t.IsZero() {
		ms = t.UnixMilli()
	}
	atomic.StoreInt64(&img.lastPull, ms)
}
