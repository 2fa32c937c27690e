package ascii

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestIs puts one non-ASCII byte at every offset of strings of every
// length up to 140, so that each position of the 8-byte words, of the
// overlapping last word and of the 64-byte blocks is tried.
func TestIs(t *testing.T) {
	for n := 0; n <= 140; n++ {
		s := strings.Repeat("a", n)
		if !Is(s) {
			t.Errorf("Is(%q) = false, want true", s)
		}
		for i := 0; i < n; i++ {
			for _, c := range []byte{0x80, 0xff} {
				b := []byte(s)
				b[i] = c
				if Is(string(b)) {
					t.Errorf("Is(%q) = true, want false", b)
				}
			}
		}
	}
}

func FuzzIs(f *testing.F) {
	f.Add("hello, world")
	f.Add("héllo")
	f.Fuzz(func(t *testing.T, s string) {
		want := true
		for i := 0; i < len(s); i++ {
			if s[i] >= utf8.RuneSelf {
				want = false
			}
		}
		if got := Is(s); got != want {
			t.Fatalf("Is(%q) = %v, want %v", s, got, want)
		}
	})
}
