// Package ascii answers whether a string is ASCII, eight bytes at a time:
// the fast path that croschema's length checks and the email address
// validator share.
package ascii

import "unicode/utf8"

// Is reports whether every byte of s is ASCII (below 0x80).
func Is(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		// The compiler makes one 8-byte load of this.
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if w&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
