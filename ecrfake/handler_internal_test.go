package ecrfake

import (
	"fmt"
	"math"
	"sync/atomic"
	"testing"
)

func TestSuccessIDsAreFormattedLikeSprintf(t *testing.T) {
	h := &wireHandler{f: New(), okIDs: &atomic.Uint64{}}
	for _, n := range []uint64{1, 9, 15, 16, 255, 1 << 20, 1<<48 - 1, 1 << 48, 1 << 52, math.MaxUint64} {
		h.okIDs.Store(n - 1)
		want := fmt.Sprintf("00000000-0000-4000-9000-%012x", n)
		if got := h.successID(); got != want {
			t.Fatalf("successID for %d = %q, want %q", n, got, want)
		}
	}
}
