package croschema

import (
	"strconv"
	"unicode/utf8"

	"github.com/croschema/croschema/internal/jsonstr"
)

// appendJSONString appends s as a JSON string as encoding/json's Marshal
// writes it: <, > and & as \u003c, \u003e, \u0026; U+2028 and U+2029
// escaped. Canonical output is therefore the same bytes whether a model is
// encoded by its MarshalJSON or through json.Marshal, which HTML-escapes
// what a Marshaler returns. One difference: each invalid UTF-8 byte becomes
// the character U+FFFD itself, not the escape \ufffd, so that decoding and
// encoding again gives the same bytes (encoding/json's output is not a
// fixed point there).
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			dst = jsonstr.AppendByteEscape(dst, c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, "\uFFFD"...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = jsonstr.AppendRuneEscape(dst, r, false)
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// appendRecord appends the canonical JSON of a record: one object, keys in
// table order, absent slots left out, no insignificant space.
func (m *model) appendRecord(dst []byte, rec *record) []byte {
	dst = append(dst, '{')
	first := true
	for i := range m.rules {
		if rec.state[i] == PresenceAbsent {
			continue
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = append(dst, '"')
		dst = append(dst, m.rules[i].key...)
		dst = append(dst, '"', ':')
		if rec.state[i] != PresenceValue { // null, or an invalid Presence
			dst = append(dst, "null"...)
			continue
		}
		switch m.rules[i].kind {
		case kindText, kindEmailList:
			dst = appendJSONString(dst, rec.str[i])
		case kindInteger:
			dst = strconv.AppendInt(dst, rec.num[i], 10)
		case kindBool:
			dst = strconv.AppendBool(dst, rec.num[i] != 0)
		}
	}
	return append(dst, '}')
}
