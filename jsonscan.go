package croschema

import (
	"bytes"
	"encoding/binary"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// This file is the single-pass JSON scanner behind the strict lint and the
// tolerant decoders. It accepts exactly the JSON that encoding/json accepts
// (RFC 8259, with invalid UTF-8 inside strings left to the caller, and at
// most maxNestingDepth containers open at once, as encoding/json allows),
// never recurses (the deepest document costs 1.3 KB of bit stack, not
// 10,000 frames), and never allocates for a valid document except the
// strings it hands back.

// maxNestingDepth is encoding/json's limit: a document that opens more
// containers than this at once is not JSON to it ("invalid character '['
// exceeded max depth"), so it is not to this scanner either.
const maxNestingDepth = 10000

// isJSONNull reports whether data is the JSON literal null, with space around
// it or not: what an UnmarshalJSON method leaves its value alone for, by
// encoding/json's convention.
func isJSONNull(data []byte) bool {
	s := scanner{data: data}
	s.skipWS()
	if !bytes.HasPrefix(data[s.pos:], []byte("null")) {
		return false
	}
	s.pos += len("null")
	s.skipWS()
	return s.pos == len(data)
}

// syntaxError is where and why a document stopped being JSON.
type syntaxError struct {
	offset int
	msg    string
}

func (e *syntaxError) detail() string {
	return e.msg + " at offset " + strconv.Itoa(e.offset)
}

// scanner walks one JSON document. pos is the offset of the next byte.
type scanner struct {
	data  []byte
	pos   int
	err   *syntaxError
	stack []uint64 // skipValue's container bits: 1 for object, 0 for array
	outer int      // containers open around what skipValue scans: its depth starts there
}

// fail records the first syntax error and returns false.
func (s *scanner) fail(msg string) bool {
	if s.err == nil {
		s.err = &syntaxError{offset: s.pos, msg: msg}
	}
	return false
}

// failChar fails on the byte at pos, or on the end of the input.
func (s *scanner) failChar(context string) bool {
	if s.pos >= len(s.data) {
		return s.fail("unexpected end of input " + context)
	}
	return s.fail("invalid character " + quoteByte(s.data[s.pos]) + " " + context)
}

func quoteByte(c byte) string {
	if c < utf8.RuneSelf {
		return strconv.QuoteRune(rune(c))
	}
	return "byte 0x" + strconv.FormatUint(uint64(c), 16)
}

func (s *scanner) skipWS() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// peek returns the byte at pos, or 0 at the end.
func (s *scanner) peek() byte {
	if s.pos < len(s.data) {
		return s.data[s.pos]
	}
	return 0
}

// stringToken is a scanned JSON string: raw holds the bytes between the
// quotes. escaped says it has backslash escapes; ascii that it is all
// ASCII (so raw is its value as it stands when not escaped).
type stringToken struct {
	raw     []byte
	escaped bool
	ascii   bool
}

// scanString scans the string token at pos (which is '"').
func (s *scanner) scanString() (stringToken, bool) {
	s.pos++ // opening quote
	start := s.pos
	tok := stringToken{ascii: true}
	data := s.data
	for i := start; i < len(data); {
		// Skip 8 plain bytes at a time: no quote, backslash, control
		// character or non-ASCII byte among them.
		if i+8 <= len(data) && !hasSpecial(binary.LittleEndian.Uint64(data[i:])) {
			i += 8
			continue
		}
		c := data[i]
		switch {
		case c == '"':
			tok.raw = data[start:i]
			s.pos = i + 1
			return tok, true
		case c == '\\':
			tok.escaped = true
			if i+1 >= len(data) {
				s.pos = len(data)
				return tok, s.fail("unexpected end of input in string escape")
			}
			switch data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				for j := i + 2; j < i+6; j++ {
					if j >= len(data) {
						s.pos = len(data)
						return tok, s.fail("unexpected end of input in \\u escape")
					}
					if !isHex(data[j]) {
						s.pos = j
						return tok, s.failChar("in \\u escape")
					}
				}
				i += 6
			default:
				s.pos = i + 1
				return tok, s.failChar("in string escape")
			}
		case c < 0x20:
			s.pos = i
			return tok, s.failChar("in string literal")
		case c >= utf8.RuneSelf:
			tok.ascii = false
			i++
		default:
			i++
		}
	}
	s.pos = len(data)
	return tok, s.fail("unexpected end of input in string literal")
}

// hasSpecial reports whether any byte of the 8 in w may be '"', '\\', a
// control character (< 0x20) or non-ASCII (>= 0x80). It may say true for a
// word without one (a borrow can spill into a higher byte), never false for
// a word with one: the byte loop then decides.
func hasSpecial(w uint64) bool {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	q := w ^ (lo * '"')
	b := w ^ (lo * '\\')
	return ((q-lo)&^q|(b-lo)&^b|(w-lo*0x20)|w)&hi != 0
}

// decodeString appends the value of a scanned string to dst, replacing
// invalid UTF-8 and unpaired surrogate escapes with U+FFFD as encoding/json
// does, and reports whether the string was valid (no replacement needed).
func decodeString(dst []byte, tok stringToken) ([]byte, bool) {
	raw := tok.raw
	if !tok.escaped && (tok.ascii || utf8.Valid(raw)) {
		return append(dst, raw...), true
	}
	valid := true
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '\\':
			switch raw[i+1] {
			case '"', '\\', '/':
				dst = append(dst, raw[i+1])
			case 'b':
				dst = append(dst, '\b')
			case 'f':
				dst = append(dst, '\f')
			case 'n':
				dst = append(dst, '\n')
			case 'r':
				dst = append(dst, '\r')
			case 't':
				dst = append(dst, '\t')
			case 'u':
				r := hex4(raw[i+2 : i+6])
				i += 6
				if utf16.IsSurrogate(r) {
					if r < 0xdc00 && i+6 <= len(raw) && raw[i] == '\\' && raw[i+1] == 'u' {
						if r2 := hex4(raw[i+2 : i+6]); 0xdc00 <= r2 && r2 < 0xe000 {
							dst = utf8.AppendRune(dst, utf16.DecodeRune(r, r2))
							i += 6
							continue
						}
					}
					valid = false
					r = utf8.RuneError
				}
				dst = utf8.AppendRune(dst, r)
				continue
			}
			i += 2
		case c < utf8.RuneSelf:
			dst = append(dst, c)
			i++
		default:
			r, size := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && size == 1 {
				valid = false
			}
			dst = utf8.AppendRune(dst, r)
			i += size
		}
	}
	return dst, valid
}

func hex4(b []byte) rune {
	var r rune
	for _, c := range b[:4] {
		switch {
		case c <= '9':
			c -= '0'
		default:
			c = c | 0x20 - 'a' + 10
		}
		r = r<<4 | rune(c)
	}
	return r
}

// numberToken is a scanned JSON number: integer says it has no fraction and
// no exponent.
type numberToken struct {
	raw     []byte
	integer bool
}

// scanNumber scans the number at pos per RFC 8259:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *scanner) scanNumber() (numberToken, bool) {
	data := s.data
	start := s.pos
	i := start
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && '1' <= data[i] && data[i] <= '9':
		for i++; i < len(data) && isDigit(data[i]); i++ {
		}
	default:
		s.pos = i
		return numberToken{}, s.failChar("in numeric literal")
	}
	tok := numberToken{integer: true}
	if i < len(data) && data[i] == '.' {
		tok.integer = false
		i++
		if i >= len(data) || !isDigit(data[i]) {
			s.pos = i
			return tok, s.failChar("after decimal point in numeric literal")
		}
		for i++; i < len(data) && isDigit(data[i]); i++ {
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		tok.integer = false
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if i >= len(data) || !isDigit(data[i]) {
			s.pos = i
			return tok, s.failChar("in exponent of numeric literal")
		}
		for i++; i < len(data) && isDigit(data[i]); i++ {
		}
	}
	tok.raw = data[start:i]
	s.pos = i
	return tok, true
}

// parseInt64 parses an integer number token; ok is false when it is out of
// the int64 range.
func parseInt64(raw []byte) (int64, bool) {
	neg := len(raw) > 0 && raw[0] == '-'
	digits := raw
	if neg {
		digits = raw[1:]
	}
	var u uint64
	for _, c := range digits {
		d := uint64(c - '0')
		if u > (1<<63)/10 || u*10 > 1<<63-d {
			return 0, false
		}
		u = u*10 + d
	}
	if neg {
		return -int64(u), true // -(1<<63) wraps to itself: the minimum
	}
	if u > 1<<63-1 {
		return 0, false
	}
	return int64(u), true
}

// scanLiteral scans true, false or null at pos.
func (s *scanner) scanLiteral() (byte, bool) {
	c := s.data[s.pos]
	var want string
	switch c {
	case 't':
		want = "true"
	case 'f':
		want = "false"
	default:
		want = "null"
	}
	if end := s.pos + len(want); end <= len(s.data) && string(s.data[s.pos:end]) == want {
		s.pos = end
		return c, true
	}
	for i := 0; i < len(want); i++ { // find the byte to blame
		if s.pos >= len(s.data) || s.data[s.pos] != want[i] {
			return c, s.failChar("in literal " + want + " (expecting " + strconv.QuoteRune(rune(want[i])) + ")")
		}
		s.pos++
	}
	return c, true
}

// jsonType names the JSON type that starts with c, for type violations.
func jsonType(c byte) string {
	switch c {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// skipValue scans one whole value at pos without decoding it, iteratively.
func (s *scanner) skipValue() bool {
	depth := 0
	s.stack = s.stack[:0]
	for {
		// A value starts here.
		s.skipWS()
		if s.pos >= len(s.data) {
			return s.failChar("looking for beginning of value")
		}
		c := s.data[s.pos]
		if (c == '{' || c == '[') && s.outer+depth >= maxNestingDepth {
			return s.failChar("exceeded max depth")
		}
		switch c {
		case '{':
			s.pos++
			s.skipWS()
			if s.peek() == '}' {
				s.pos++
				break
			}
			s.push(&depth, true)
			if !s.objectKey() {
				return false
			}
			continue
		case '[':
			s.pos++
			s.skipWS()
			if s.peek() == ']' {
				s.pos++
				break
			}
			s.push(&depth, false)
			continue
		case '"':
			if _, ok := s.scanString(); !ok {
				return false
			}
		case 't', 'f', 'n':
			if _, ok := s.scanLiteral(); !ok {
				return false
			}
		default:
			if c != '-' && !isDigit(c) {
				return s.failChar("looking for beginning of value")
			}
			if _, ok := s.scanNumber(); !ok {
				return false
			}
		}
		// After a value: close containers until one continues.
		for {
			if depth == 0 {
				return true
			}
			s.skipWS()
			inObject := s.top(depth)
			c := s.peek()
			if c == ',' {
				s.pos++
				if inObject {
					s.skipWS()
					if !s.objectKey() {
						return false
					}
				}
				break
			}
			if inObject && c == '}' || !inObject && c == ']' {
				s.pos++
				depth--
				continue
			}
			if inObject {
				return s.failChar("after object key:value pair")
			}
			return s.failChar("after array element")
		}
	}
}

func (s *scanner) push(depth *int, object bool) {
	w, bit := *depth/64, uint(*depth%64)
	if w == len(s.stack) {
		s.stack = append(s.stack, 0)
	}
	if object {
		s.stack[w] |= 1 << bit
	} else {
		s.stack[w] &^= 1 << bit
	}
	*depth++
}

func (s *scanner) top(depth int) bool {
	d := depth - 1
	return s.stack[d/64]&(1<<uint(d%64)) != 0
}

// objectKey scans `"key" :` inside skipValue and leaves pos after the colon.
func (s *scanner) objectKey() bool {
	if s.peek() != '"' {
		return s.failChar("looking for beginning of object key string")
	}
	if _, ok := s.scanString(); !ok {
		return false
	}
	s.skipWS()
	if s.peek() != ':' {
		return s.failChar("after object key")
	}
	s.pos++
	return true
}
