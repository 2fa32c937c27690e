package croschema

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// validJSON reports whether the scanner takes data as exactly one JSON
// value with nothing but space after it.
func validJSON(data []byte) bool {
	s := scanner{data: data}
	s.skipWS()
	if !s.skipValue() {
		return false
	}
	s.skipWS()
	return s.pos == len(data)
}

// maxDepth returns the deepest nesting of brackets outside strings, or a
// large number for unbalanced input.
func maxDepth(data []byte) int {
	depth, max, inString := 0, 0, false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case !inString && (c == '[' || c == '{'):
			depth++
			max = maxInt(max, depth)
		case !inString && (c == ']' || c == '}'):
			depth--
		}
	}
	return max
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// jsonCases are inputs on which JSON parsers are known to differ; the
// scanner must agree with encoding/json on each.
var jsonCases = []string{
	``, ` `, `{}`, `[]`, `""`, `0`, `-0`, `1.5e+10`, `1E-2`, `true`, `false`, `null`,
	`01`, `-`, `1.`, `.1`, `1e`, `1e+`, `+1`, `0x10`, `NaN`, `Infinity`, `-Infinity`,
	`tru`, `truE`, `nul`, `nulll`, `[1,]`, `[,1]`, `{"a":1,}`, `{,}`, `{"a"}`, `{"a":}`, `{a:1}`,
	`{'a':1}`, `["a\x"]`, `["\u12"]`, `["\u12g4"]`, `["\uD800"]`, `["\uDC00\uD800"]`, `["\ud83d\ude00"]`,
	"[\"\x00\"]", "[\"\x1f\"]", "[\"\x7f\"]", "[\"\xff\"]", "[\"\xed\xa0\x80\"]", "\xef\xbb\xbf{}",
	"[1]\x00", "[1] x", "[1][2]", "{}{}", " \t\r\n[ \t\r\n1 \t\r\n] \t\r\n", "\f[]", "[\v]", "[\u00a0]",
	`[[[[[[[[]]]]]]]]`, `[[[]]`, `[]]`, `{"a":{"b":{"c":[]}}}`, `{"a":[}`, `{"a":"b"`, `"abc`, `"\`,
	`[1 2]`, `{"a":1 "b":2}`, `[-01]`, `[-1.0e-0]`, `[1e999]`, `[123456789012345678901234567890]`,
	`["\/\b\f\n\r\t\"\\"]`, `["\a"]`, `["\'"]`, `[" "]`, "[\"\u2028\"]",
}

func TestScannerAgreesWithEncodingJSON(t *testing.T) {
	for _, c := range jsonCases {
		assert.Equal(t, json.Valid([]byte(c)), validJSON([]byte(c)), "validity of %q", c)
	}
}

// TestScannerDeepNesting: nesting is limited as encoding/json limits it,
// to 10,000 containers open at once, the body's own object included; and
// a document far deeper costs no stack.
func TestScannerDeepNesting(t *testing.T) {
	nest := func(open, close string, n int) []byte {
		return []byte(strings.Repeat(open, n) + strings.Repeat(close, n))
	}
	for _, n := range []int{9999, 10000, 10001, 200000} {
		for _, doc := range [][]byte{
			nest("[", "]", n),
			[]byte(strings.Repeat(`{"a":`, n) + "0" + strings.Repeat("}", n)),
			nest(`{"a":[`, "]}", n/2),
			append(append([]byte(`{"x":`), nest("[", "]", n)...), '}'),
			append(append([]byte(`{"x":`), nest("[", "]", n-1)...), '}'),
			append(append([]byte(`{"x":[`), nest("[", "]", n-2)...), ",{}]}"...),
		} {
			want := json.Valid(doc)
			require.Equal(t, want, validJSON(doc), "validJSON of depth %d", maxDepth(doc))
			for _, m := range []Model{ModelCustomerContact, ModelAPIError} {
				err := m.Lint(doc)
				var vs Violations
				if want {
					if err != nil {
						require.ErrorAs(t, err, &vs)
						assert.False(t, vs.Has("", CodeSyntax), "depth %d: %v", maxDepth(doc), vs)
					}
					continue
				}
				require.ErrorAs(t, err, &vs)
				require.Len(t, vs, 1, "depth %d", maxDepth(doc))
				assert.Equal(t, CodeSyntax, vs[0].Code)
				assert.Contains(t, vs[0].Detail, "exceeded max depth")
			}
			var c CustomerContact
			var e APIError
			if want {
				continue
			}
			assert.Error(t, c.UnmarshalJSON(doc), "depth %d", maxDepth(doc))
			assert.Error(t, e.UnmarshalJSON(doc), "depth %d", maxDepth(doc))
			var viaJSON CustomerContact
			assert.Error(t, json.Unmarshal(doc, &viaJSON))
		}
	}
	// The document: {"x": 10001 '[' 10001 ']' }.
	doc := `{"x":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`
	_, err := LintContact([]byte(doc))
	assert.EqualError(t, err, `croschema: 1 violation: "": syntax: invalid character '[' exceeded max depth at offset 10004`)
	mixed := strings.Repeat(`{"a":[`, 5000) + strings.Repeat(`]}`, 5000)
	assert.True(t, validJSON([]byte(mixed)))
	assert.False(t, validJSON([]byte(strings.Repeat(`{"a":[`, 5000)+strings.Repeat(`}]`, 5000))))
}

func TestDecodeStringAgreesWithEncodingJSON(t *testing.T) {
	for _, c := range []string{`"abc"`, `"\u00e9\n\t\"\\\/"`, `"\ud83d\ude00"`, `"\ud800"`, `"\udc00x"`,
		`"\ud800\u0041"`, `"\ud800\ud800\udc00"`, "\"a\xffb\"", "\"\xc0\x80\"", "\"\xed\xa0\x80\"", `"\u0000"`} {
		var want string
		require.NoError(t, json.Unmarshal([]byte(c), &want), c)
		got, ok := unquoteLenient([]byte(c))
		require.True(t, ok, c)
		assert.Equal(t, want, got, "decoding %q", c)
		s := scanner{data: []byte(c)}
		tok, ok := s.scanString()
		require.True(t, ok)
		_, _, valid := decodeString(nil, tok)
		assert.Equal(t, !strings.Contains(want, "\uFFFD"), valid, "validity of %q", c)
	}
}

func TestParseInt64(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true}, {"-0", 0, true}, {"9223372036854775807", 1<<63 - 1, true},
		{"-9223372036854775808", -1 << 63, true}, {"9223372036854775808", 0, false},
		{"-9223372036854775809", 0, false}, {"18446744073709551616", 0, false},
		{"99999999999999999999", 0, false}, {"922337203685477580", 922337203685477580, true},
	} {
		got, ok := parseInt64([]byte(tc.in))
		assert.Equal(t, tc.ok, ok, "parseInt64(%q)", tc.in)
		assert.Equal(t, tc.want, got, "parseInt64(%q)", tc.in)
	}
}

func FuzzJSONValid(f *testing.F) {
	for _, c := range jsonCases {
		f.Add([]byte(c))
	}
	sample, err := os.ReadFile("testdata/get-contact.response.json")
	require.NoError(f, err)
	f.Add(sample)
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := validJSON(data), json.Valid(data); got != want {
			t.Fatalf("validJSON(%q) = %v, encoding/json says %v", data, got, want)
		}
		// the scan's count and validity are the utf8 package's
		if len(data) > 0 && data[0] == '"' {
			s := scanner{data: data}
			if tok, ok := s.scanString(); ok {
				if tok.valid != utf8.Valid(tok.raw) || !tok.escaped && tok.valid && tok.runes != utf8.RuneCount(tok.raw) {
					t.Fatalf("scanString(%q): valid %v, %d runes", data, tok.valid, tok.runes)
				}
				dec, n, valid := decodeString(nil, tok)
				if n != utf8.RuneCount(dec) {
					t.Fatalf("decodeString(%q) = %q, %d runes", data, dec, n)
				}
				if _, size, n2, valid2 := unescape(nil, tok.raw, false); size != len(dec) || n2 != n || valid2 != valid {
					t.Fatalf("unescape(%q, measure) = %d, %d, %v; decodeString: %q, %d, %v", data, size, n2, valid2, dec, n, valid)
				}
			}
		}
		// a string token decodes to what encoding/json decodes
		if len(data) > 1 && data[0] == '"' && json.Valid(data) {
			var want string
			if err := json.Unmarshal(data, &want); err != nil {
				t.Fatal(err)
			}
			token := bytes.TrimRight(data, " \t\r\n") // JSON allows space after the value
			got, ok := unquoteLenient(token)
			if !ok || got != want {
				t.Fatalf("unquoteLenient(%q) = %q, %v; encoding/json: %q", data, got, ok, want)
			}
			if !utf8.ValidString(got) {
				t.Fatalf("decoded string %q is not valid UTF-8", got)
			}
		}
	})
}

// TestSWARMasks: stopMask and notSpaceMask mark exactly the bytes they
// name, in every position and next to any other bytes, so that
// bits.TrailingZeros64 of the mask finds the first one.
func TestSWARMasks(t *testing.T) {
	masks := []struct {
		name string
		fn   func(uint64) uint64
		is   func(c byte) bool
	}{
		{"stopMask", stopMask, func(c byte) bool { return c == '"' || c == '\\' || c < 0x20 || c >= 0x80 }},
		{"notSpaceMask", notSpaceMask, func(c byte) bool { return !isSpace(c) }},
	}
	check := func(t *testing.T, name string, fn func(uint64) uint64, is func(byte) bool, w []byte) {
		var want uint64
		for k, c := range w {
			if is(c) {
				want |= 0x80 << (8 * k)
			}
		}
		if got := fn(binary.LittleEndian.Uint64(w)); got != want {
			t.Fatalf("%s(%q) = %#x, want %#x", name, w, got, want)
		}
	}
	for _, m := range masks {
		t.Run(m.name, func(t *testing.T) {
			for _, fill := range []byte{'a', ' ', '"', 0x00, 0x1f, 0x20, 0x21, 0x5b, 0x5d, 0x7f, 0x80, 0xff} {
				for pos := 0; pos < 8; pos++ {
					for c := 0; c < 256; c++ {
						w := bytes.Repeat([]byte{fill}, 8)
						w[pos] = byte(c)
						check(t, m.name, m.fn, m.is, w)
					}
				}
			}
			rng := rand.New(rand.NewPCG(1, 2))
			interesting := []byte("\"\\\x00\x1f \t\n\r!#\x7f\x80\xc3\xff[]a")
			for range 200000 {
				var w [8]byte
				for i := range w {
					if rng.IntN(2) == 0 {
						w[i] = byte(rng.IntN(256))
					} else {
						w[i] = interesting[rng.IntN(len(interesting))]
					}
				}
				check(t, m.name, m.fn, m.is, w[:])
			}
		})
	}
}

// TestUTF8Len: utf8Len accepts exactly the characters utf8.DecodeRune
// decodes, every lead byte followed by every second byte, and random
// three- and four-byte sequences.
func TestUTF8Len(t *testing.T) {
	check := func(b []byte) {
		r, size := utf8.DecodeRune(b)
		want := size
		if r == utf8.RuneError && size == 1 {
			want = 0
		}
		if got := utf8Len(b, 0); got != want {
			t.Fatalf("utf8Len(%q) = %d, want %d", b, got, want)
		}
		if got := utf8Len(string(b), 0); got != want {
			t.Fatalf("utf8Len(string %q) = %d, want %d", b, got, want)
		}
	}
	for c0 := 0x80; c0 < 0x100; c0++ {
		check([]byte{byte(c0)})
		for c1 := 0; c1 < 0x100; c1++ {
			check([]byte{byte(c0), byte(c1)})
			check([]byte{byte(c0), byte(c1), 0x80})
			check([]byte{byte(c0), byte(c1), 0xbf, 0x80})
			check([]byte{byte(c0), byte(c1), 0xbf, 0xc0})
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200000 {
		b := []byte{byte(0x80 + rng.IntN(0x80)), byte(rng.IntN(256)), byte(rng.IntN(256)), byte(rng.IntN(256))}
		check(b[:1+rng.IntN(4)])
	}
}

// TestStringCounts: the code-point count and validity that scanString
// finds on the way agree with the utf8 package on the raw bytes, and
// countRunes agrees too, for strings of every length around the 8-byte
// words with non-ASCII and invalid bytes in every position.
func TestStringCounts(t *testing.T) {
	pieces := []string{"a", "é", "王", "😀", "\xff", "\xe2\x82", "\xed\xa0\x80", "\xc0\x80", "\xf4\x90\x80\x80", "~", "\x7f"}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 50000 {
		var b strings.Builder
		for k := rng.IntN(24); k > 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		raw := b.String()
		wantValid := utf8.ValidString(raw)
		wantN := utf8.RuneCountInString(raw)
		s := scanner{data: []byte(`"` + raw + `"`)}
		tok, ok := s.scanString()
		if !ok || string(tok.raw) != raw || s.pos != len(s.data) {
			t.Fatalf("scanString(%q) = %q, %v", s.data, tok.raw, ok)
		}
		if tok.valid != wantValid || wantValid && tok.runes != wantN {
			t.Fatalf("scanString(%q): valid %v, %d runes; want %v, %d", raw, tok.valid, tok.runes, wantValid, wantN)
		}
		if got := tok.ascii(); got != (wantValid && wantN == len(raw)) {
			t.Fatalf("scanString(%q).ascii() = %v", raw, got)
		}
		dec, n, valid := decodeString(nil, tok)
		if valid != wantValid || n != utf8.RuneCount(dec) || wantValid && string(dec) != raw {
			t.Fatalf("decodeString(%q) = %q, %d, %v", raw, dec, n, valid)
		}
		if _, size, n2, valid2 := unescape(nil, tok.raw, false); size != len(dec) || n2 != n || valid2 != valid {
			t.Fatalf("unescape(%q, measure) = %d, %d, %v; decodeString: %q, %d, %v", raw, size, n2, valid2, dec, n, valid)
		}
		n, valid = countRunes(raw)
		if valid != wantValid || wantValid && n != wantN {
			t.Fatalf("countRunes(%q) = %d, %v; want %d, %v", raw, n, valid, wantN, wantValid)
		}
	}
	// With escapes: the value is what encoding/json decodes, and
	// measuring it gives the size and count that writing it gives.
	escapes := []string{`\"`, `\\`, `\n`, `\u00e9`, `\u00E9`, `\ud83d\ude00`, `\ud800`, `\udc00`, `\ud800\u0041`}
	for range 50000 {
		var b strings.Builder
		for k := rng.IntN(16); k > 0; k-- {
			if rng.IntN(3) == 0 {
				b.WriteString(escapes[rng.IntN(len(escapes))])
			} else {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			}
		}
		doc := []byte(`"` + b.String() + `"`)
		var want string
		require.NoError(t, json.Unmarshal(doc, &want), "%q", doc)
		s := scanner{data: doc}
		tok, ok := s.scanString()
		require.True(t, ok, "%q", doc)
		dec, n, valid := decodeString(nil, tok)
		if string(dec) != want || n != utf8.RuneCountInString(want) || valid && strings.Contains(want, "\uFFFD") {
			t.Fatalf("decodeString(%q) = %q, %d, %v; want %q", doc, dec, n, valid, want)
		}
		if _, size, n2, valid2 := unescape(nil, tok.raw, false); size != len(dec) || n2 != n || valid2 != valid {
			t.Fatalf("unescape(%q, measure) = %d, %d, %v; decodeString: %q, %d, %v", doc, size, n2, valid2, dec, n, valid)
		}
	}
}
