package crohttp

import (
	"testing"
	"unsafe"
)

// TestReqContextSize keeps the middleware's one allocation on a valid GET
// within the allocator's 896-byte size class (with the 8-byte header of an
// object over 512 bytes that holds pointers). Its size follows
// http.Request's, so a new Go release may move it.
func TestReqContextSize(t *testing.T) {
	if got := unsafe.Sizeof(reqContext{}); got > 896-8 {
		t.Errorf("reqContext is %d bytes, more than the 896-byte size class holds", got)
	}
}
