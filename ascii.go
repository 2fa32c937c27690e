package croschema

import (
	"math"
	"math/bits"
	"unicode/utf8"

	"github.com/croschema/croschema/internal/ascii"
)

// countRunes returns the number of code points in s and whether s is valid
// UTF-8, in one pass: 8 bytes at a time up to the next non-ASCII byte, then
// each character validated and counted as the string scanner does. It is
// the count of a string that no scanner has seen, such as a field of a Go
// value being validated.
func countRunes(s string) (n int, ok bool) {
	if ascii.Is(s) {
		return len(s), true
	}
	extra := 0 // bytes beyond the first of each multi-byte character
	for i := 0; i < len(s); {
		if i+8 <= len(s) {
			// The compiler makes one 8-byte load of this.
			w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
				uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
			if w&msb == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(w&msb) >> 3
		}
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		k := utf8Len(s, i)
		if k == 0 {
			return 0, false
		}
		i += k
		extra += k - 1
	}
	return len(s) - extra, true
}

// trimOWS returns s without its leading and trailing spaces and tabs (HTTP's
// optional white space).
func trimOWS(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

// asciiEqualFold reports whether s equals the lower-case ASCII string lower
// in ASCII letter case folding only (strings.EqualFold would also match
// U+017F against 's' and U+212A against 'k').
func asciiEqualFold(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c |= 0x20
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'f'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// parseDigits is the one parser of the integer rule shared by the path
// parameters and x-tenant-id: one or more ASCII digits (leading zeros
// allowed), no sign, no spaces, at most math.MaxInt64. It never allocates.
func parseDigits(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		d := int64(s[i] - '0')
		if n > (math.MaxInt64-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	return n, true
}
