package croschema

import (
	"bytes"
	"encoding/binary"
	"math/bits"
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

// skipWS advances pos past white space, a word at a time: indented
// documents put a newline and a run of spaces before every key.
func (s *scanner) skipWS() {
	if s.pos >= len(s.data) || s.data[s.pos] > ' ' { // compact JSON: nothing to skip
		return
	}
	s.skipSpaces()
}

func (s *scanner) skipSpaces() {
	data, i := s.data, s.pos
	// Most runs are short (a space after a colon, a newline and an
	// indent): a few bytes one by one, then words.
	for end := min(i+4, len(data)); i < end; i++ {
		if !isSpace(data[i]) {
			s.pos = i
			return
		}
	}
	for ; i+8 <= len(data); i += 8 {
		if m := notSpaceMask(binary.LittleEndian.Uint64(data[i:])); m != 0 {
			s.pos = i + bits.TrailingZeros64(m)>>3
			return
		}
	}
	for i < len(data) && isSpace(data[i]) {
		i++
	}
	s.pos = i
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// The SWAR masks below look at the 8 bytes of a little-endian word at
// once. Each returns a word whose byte k is 0x80 exactly when byte k of w
// is what the mask is named after, and 0 otherwise: no borrow or carry
// crosses a byte (every sum stays below 0x100), so the lowest set bit is
// exactly the first such byte, at bits.TrailingZeros64(mask)/8.
const (
	lsb = 0x0101010101010101 // 0x01 in every byte
	msb = 0x8080808080808080 // 0x80 in every byte
	low = 0x7f7f7f7f7f7f7f7f // the low 7 bits of every byte
)

// nonZero returns 0x80 in each byte of t whose low 7 bits are not all
// zero; with t's own high bits or-ed in, the bytes of t that are not zero.
func nonZero(t uint64) uint64 { return (t&low + low) }

// stopMask marks the bytes of w that end the fast path of a string: '"',
// '\\', a control character (below 0x20) and every byte of 0x80 or more
// (non-ASCII, which the scanner decodes to count and validate).
func stopMask(w uint64) uint64 {
	// A byte goes on when its xor with '"' and with '\\' is not zero and
	// it is at least 0x20: three tests of the low 7 bits, and-ed; the high
	// bit of w (0x80 and up) stops it either way.
	q := nonZero(w ^ lsb*'"')
	b := nonZero(w ^ lsb*'\\')
	c := w&low + lsb*(0x80-0x20) // 0x80 set when the low 7 bits are >= 0x20
	return (^(q & b & c) | w) & msb
}

// notSpaceMask marks the bytes of w that are not JSON white space (space,
// tab, newline, carriage return).
func notSpaceMask(w uint64) uint64 {
	sp := nonZero(w^lsb*' ') | w
	tab := nonZero(w^lsb*'\t') | w
	nl := nonZero(w^lsb*'\n') | w
	cr := nonZero(w^lsb*'\r') | w
	return sp & tab & nl & cr & msb
}

// peek returns the byte at pos, or 0 at the end.
func (s *scanner) peek() byte {
	if s.pos < len(s.data) {
		return s.data[s.pos]
	}
	return 0
}

// stringToken is a scanned JSON string: raw holds the bytes between the
// quotes. escaped says it has backslash escapes. valid says that raw is
// valid UTF-8 (escapes aside: an unpaired surrogate escape is found when
// decoding), and runes is how many code points raw holds, counted in the
// same pass: when the string has no escapes and is valid, that is its
// length in characters, so validation need not read it again.
type stringToken struct {
	raw     []byte
	escaped bool
	valid   bool
	runes   int
}

// ascii reports whether the token's value is raw as it stands, all ASCII.
func (t stringToken) ascii() bool { return !t.escaped && t.valid && t.runes == len(t.raw) }

// scanString scans the string token at pos (which is '"'), in one pass: 8
// bytes at a time up to the next byte that is not plain ASCII, then that
// byte: the closing quote, an escape, a control character (an error), or
// a run of non-ASCII characters, each validated and counted as one.
func (s *scanner) scanString() (stringToken, bool) {
	s.pos++ // opening quote
	start := s.pos
	data := s.data
	valid := true
	extra := 0 // bytes beyond the first of each multi-byte character
	i := start
	for {
		for ; i+8 <= len(data); i += 8 {
			if m := stopMask(binary.LittleEndian.Uint64(data[i:])); m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
		}
		if i >= len(data) {
			break
		}
		c := data[i]
		switch {
		case c == '"':
			s.pos = i + 1
			return stringToken{raw: data[start:i], valid: valid, runes: i - start - extra}, true
		case c == '\\':
			return s.scanEscaped(start, i, valid)
		case c < 0x20:
			s.pos = i
			return stringToken{}, s.failChar("in string literal")
		case c < utf8.RuneSelf: // the last few bytes, fewer than 8
			i++
		default:
			for i < len(data) && data[i] >= utf8.RuneSelf {
				// Most text outside ASCII is two- or three-byte characters
				// with no special case (U+0080 to U+07FF, U+1000 to
				// U+CFFF, U+E000 to U+FFFF): check those here, the rest in
				// utf8Len.
				if c := data[i]; 0xE1 <= c && c <= 0xEF && c != 0xED && i+2 < len(data) &&
					data[i+1]&0xC0 == 0x80 && data[i+2]&0xC0 == 0x80 {
					i += 3
					extra += 2
					continue
				} else if 0xC2 <= c && c < 0xE0 && i+1 < len(data) && data[i+1]&0xC0 == 0x80 {
					i += 2
					extra++
					continue
				}
				if n := utf8Len(data, i); n > 0 {
					i += n
					extra += n - 1
				} else {
					valid = false
					i++
				}
			}
		}
	}
	s.pos = len(data)
	return stringToken{}, s.fail("unexpected end of input in string literal")
}

// scanEscaped finishes scanString for a string with escapes, from i, the
// first backslash: the value is not raw, so decodeString counts its
// characters; this loop only finds the end and checks the escapes and the
// UTF-8 of the raw bytes.
func (s *scanner) scanEscaped(start, i int, valid bool) (stringToken, bool) {
	data := s.data
	for i < len(data) {
		if i+8 <= len(data) {
			if m := stopMask(binary.LittleEndian.Uint64(data[i:])); m == 0 {
				i += 8
				continue
			} else {
				i += bits.TrailingZeros64(m) >> 3
			}
		}
		c := data[i]
		switch {
		case c == '"':
			s.pos = i + 1
			return stringToken{raw: data[start:i], escaped: true, valid: valid}, true
		case c == '\\':
			if i+1 >= len(data) {
				s.pos = len(data)
				return stringToken{}, s.fail("unexpected end of input in string escape")
			}
			switch data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				for j := i + 2; j < i+6; j++ {
					if j >= len(data) {
						s.pos = len(data)
						return stringToken{}, s.fail("unexpected end of input in \\u escape")
					}
					if !isHex(data[j]) {
						s.pos = j
						return stringToken{}, s.failChar("in \\u escape")
					}
				}
				i += 6
			default:
				s.pos = i + 1
				return stringToken{}, s.failChar("in string escape")
			}
		case c < 0x20:
			s.pos = i
			return stringToken{}, s.failChar("in string literal")
		case c < utf8.RuneSelf:
			i++
		default:
			if n := utf8Len(data, i); n > 0 {
				i += n
			} else {
				valid = false
				i++
			}
		}
	}
	s.pos = len(data)
	return stringToken{}, s.fail("unexpected end of input in string literal")
}

// utf8Len returns the length of the valid UTF-8 encoding of one character
// at s[i], a byte of 0x80 or more, or 0 when there is none there (RFC 3629:
// no overlong forms, no surrogates, nothing above U+10FFFF), as
// utf8.DecodeRune decides.
func utf8Len[T string | []byte](s T, i int) int {
	c := s[i]
	switch {
	case c < 0xC2: // a continuation byte, or the lead of an overlong form
		return 0
	case c < 0xE0:
		if i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			return 2
		}
	case c < 0xF0:
		if i+2 < len(s) {
			lo, hi := byte(0x80), byte(0xBF)
			if c == 0xE0 {
				lo = 0xA0 // overlong below
			} else if c == 0xED {
				hi = 0x9F // surrogates above
			}
			if c1 := s[i+1]; lo <= c1 && c1 <= hi && s[i+2]&0xC0 == 0x80 {
				return 3
			}
		}
	case c < 0xF5:
		if i+3 < len(s) {
			lo, hi := byte(0x80), byte(0xBF)
			if c == 0xF0 {
				lo = 0x90 // overlong below
			} else if c == 0xF4 {
				hi = 0x8F // above U+10FFFF
			}
			if c1 := s[i+1]; lo <= c1 && c1 <= hi && s[i+2]&0xC0 == 0x80 && s[i+3]&0xC0 == 0x80 {
				return 4
			}
		}
	}
	return 0
}

// decodeString appends the value of a scanned string to dst, replacing
// invalid UTF-8 and unpaired surrogate escapes with U+FFFD as encoding/json
// does. It returns the number of characters appended and whether the
// string was valid (no replacement needed).
func decodeString(dst []byte, tok stringToken) (_ []byte, runes int, valid bool) {
	if !tok.escaped && tok.valid {
		return append(dst, tok.raw...), tok.runes, true
	}
	dst, _, runes, valid = unescape(dst, tok.raw, true)
	return dst, runes, valid
}

// unescape decodes raw, the bytes between the quotes of a scanned string,
// as decodeString does, appending the value to dst when write is set. It
// returns the value's size in bytes and in characters and whether raw was
// valid, so that a caller can measure a value before it has the buffer to
// write it to.
func unescape(dst, raw []byte, write bool) (_ []byte, size, runes int, valid bool) {
	valid = true
	for i := 0; i < len(raw); {
		c := raw[i]
		runes++
		switch {
		case c == '\\':
			var r rune
			switch raw[i+1] {
			case '"', '\\', '/':
				r = rune(raw[i+1])
			case 'b':
				r = '\b'
			case 'f':
				r = '\f'
			case 'n':
				r = '\n'
			case 'r':
				r = '\r'
			case 't':
				r = '\t'
			case 'u':
				r = hex4(raw[i+2 : i+6])
				i += 6
				if utf16.IsSurrogate(r) {
					if r < 0xdc00 && i+6 <= len(raw) && raw[i] == '\\' && raw[i+1] == 'u' {
						if r2 := hex4(raw[i+2 : i+6]); 0xdc00 <= r2 && r2 < 0xe000 {
							r = utf16.DecodeRune(r, r2)
							i += 6
						} else {
							valid, r = false, utf8.RuneError
						}
					} else {
						valid, r = false, utf8.RuneError
					}
				}
				size += utf8.RuneLen(r)
				if write {
					dst = utf8.AppendRune(dst, r)
				}
				continue
			}
			i += 2
			size++
			if write {
				dst = append(dst, byte(r))
			}
		case c < utf8.RuneSelf:
			i++
			size++
			if write {
				dst = append(dst, c)
			}
		default:
			n := utf8Len(raw, i)
			if n > 0 {
				size += n
				if write {
					dst = append(dst, raw[i:i+n]...)
				}
				i += n
				continue
			}
			valid = false
			i++
			size += len(string(utf8.RuneError))
			if write {
				dst = utf8.AppendRune(dst, utf8.RuneError)
			}
		}
	}
	return dst, size, runes, valid
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
	if s.pos+4 <= len(s.data) {
		// One 4-byte compare: "true", "null", or "fals" and an 'e'.
		w := binary.LittleEndian.Uint32(s.data[s.pos:])
		switch {
		case w == wordTrue || w == wordNull:
			s.pos += 4
			return c, true
		case w == wordFals && s.pos+5 <= len(s.data) && s.data[s.pos+4] == 'e':
			s.pos += 5
			return c, true
		}
	}
	for i := 0; i < len(want); i++ { // find the byte to blame
		if s.pos >= len(s.data) || s.data[s.pos] != want[i] {
			return c, s.failChar("in literal " + want + " (expecting " + strconv.QuoteRune(rune(want[i])) + ")")
		}
		s.pos++
	}
	return c, true
}

// The first four bytes of the literals, as little-endian words.
const (
	wordTrue = 't' | 'r'<<8 | 'u'<<16 | 'e'<<24
	wordNull = 'n' | 'u'<<8 | 'l'<<16 | 'l'<<24
	wordFals = 'f' | 'a'<<8 | 'l'<<16 | 's'<<24
)

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
