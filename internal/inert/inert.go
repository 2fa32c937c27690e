// Package inert makes text safe to show on a terminal or in a log: it
// escapes what could act on a terminal, as %q would, and leaves the rest.
// The root package's Violation.String, APIError.Error and crolint's output
// share it, so that all of them escape the same characters.
package inert

import (
	"strconv"
	"unicode/utf8"
)

// NeedsEscape reports whether s holds a byte that is not UTF-8 or a
// character that %q escapes, other than '"' and '\\': a control character
// (C0, DEL, C1 such as U+0085), U+2028, U+2029, or any other character that
// strconv.IsPrint rejects (format characters such as U+202E).
func NeedsEscape(s string) bool {
	for i := 0; i < len(s); {
		if c := s[i]; c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if size == 1 || !strconv.IsPrint(r) {
			return true
		}
		i += size
	}
	return false
}

// Text returns s with what NeedsEscape looks for escaped as %q escapes it
// (`\x1b`, `\u2028`, `\xff`), and everything else, quotes and backslashes
// included, as it is: s is not quoted, only made inert.
func Text(s string) string {
	if !NeedsEscape(s) {
		return s
	}
	b := make([]byte, 0, len(s)+16)
	for i := 0; i < len(s); {
		if c := s[i]; c >= 0x20 && c < 0x7f {
			b = append(b, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, '\\', 'x', lowerHex[s[i]>>4], lowerHex[s[i]&15])
		case strconv.IsPrint(r):
			b = append(b, s[i:i+size]...)
		default:
			q := strconv.QuoteRune(r)
			b = append(b, q[1:len(q)-1]...)
		}
		i += size
	}
	return string(b)
}

const lowerHex = "0123456789abcdef"
