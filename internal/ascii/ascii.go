// Package ascii answers whether a string is ASCII, eight bytes at a time:
// the fast path that croschema's length checks and the email address
// validator share.
package ascii

// Is reports whether every byte of s is ASCII (below 0x80).
func Is(s string) bool {
	n := len(s)
	if n < 8 {
		var or byte
		for i := 0; i < n; i++ {
			or |= s[i]
		}
		return or < 0x80
	}
	// Or the words together, the last one overlapping the one before so
	// that there is no byte-by-byte tail; test once at the end of each
	// 64 bytes.
	var or uint64
	for i := 0; i+8 <= n; i += 8 {
		or |= word(s, i)
		if i&56 == 56 && or&0x8080808080808080 != 0 {
			return false
		}
	}
	or |= word(s, n-8)
	return or&0x8080808080808080 == 0
}

// word returns the 8 bytes of s at i as a little-endian word.
func word(s string, i int) uint64 {
	// The compiler makes one 8-byte load of this.
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
}
