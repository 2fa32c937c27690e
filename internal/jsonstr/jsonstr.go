// Package jsonstr writes the escapes of JSON strings (RFC 8259, section 7)
// and of JSON Pointer reference tokens (RFC 6901). croschema's canonical
// encoder and crogen's generators of every escape style share them.
package jsonstr

import "strings"

const (
	lowerHex = "0123456789abcdef"
	upperHex = "0123456789ABCDEF"
)

// AppendByteEscape appends the escape of the ASCII byte c to dst: \" and
// \\, the short escapes \b, \f, \n, \r and \t, and \u00XX (lower-case hex)
// for any other byte, such as a control character or '<'.
func AppendByteEscape(dst []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(dst, '\\', c)
	case '\b':
		return append(dst, '\\', 'b')
	case '\f':
		return append(dst, '\\', 'f')
	case '\n':
		return append(dst, '\\', 'n')
	case '\r':
		return append(dst, '\\', 'r')
	case '\t':
		return append(dst, '\\', 't')
	}
	return append(dst, '\\', 'u', '0', '0', lowerHex[c>>4], lowerHex[c&0xf])
}

// AppendRuneEscape appends r as \uXXXX, or as a UTF-16 surrogate pair of
// them for r above U+FFFF, in upper-case hex when upper is set.
func AppendRuneEscape(dst []byte, r rune, upper bool) []byte {
	if r > 0xFFFF {
		r -= 0x10000
		dst = appendU(dst, 0xD800+(r>>10), upper)
		return appendU(dst, 0xDC00+(r&0x3FF), upper)
	}
	return appendU(dst, r, upper)
}

func appendU(dst []byte, r rune, upper bool) []byte {
	hex := lowerHex
	if upper {
		hex = upperHex
	}
	return append(dst, '\\', 'u', hex[r>>12&0xF], hex[r>>8&0xF], hex[r>>4&0xF], hex[r&0xF])
}

var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

// AppendPointer appends key to dst as a JSON Pointer reference token,
// escaped as EscapePointer escapes it.
func AppendPointer[S string | []byte](dst []byte, key S) []byte {
	for i := 0; i < len(key); i++ {
		switch c := key[i]; c {
		case '~':
			dst = append(dst, '~', '0')
		case '/':
			dst = append(dst, '~', '1')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// EscapePointer escapes key as a JSON Pointer reference token: "~" as
// "~0" and "/" as "~1", so that "a/b" is the token "a~1b".
func EscapePointer(key string) string {
	if !strings.ContainsAny(key, "~/") {
		return key
	}
	return pointerEscaper.Replace(key)
}
