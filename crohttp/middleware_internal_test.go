package crohttp

import (
	"testing"
	"unsafe"
)

// TestReqContextSize keeps the middleware's one allocation on a valid GET
// within the allocator's 768-byte size class, which holds 760 bytes of an
// object with pointers (the rest is its 8-byte header): a field more would
// make it 896. Its size follows http.Request's, so a new Go release may
// move it.
func TestReqContextSize(t *testing.T) {
	if got := unsafe.Sizeof(reqContext{}); got > 768-8 {
		t.Errorf("reqContext is %d bytes, more than the 768-byte size class holds", got)
	}
}
