package emailaddr

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/netip"
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// validTests is the hand-written table, in the order of the package
// comment's grammar.
var validTests = []struct {
	in   string
	want bool
}{
	// Shape and length.
	{"user@example.com", true},
	{"", false},
	{"@", false},
	{"user", false},
	{"user@", false},
	{"@example.com", false},
	{strings.Repeat("a", 308) + "@example.com", true},       // 320 code points
	{strings.Repeat("a", 309) + "@example.com", false},      // 321
	{strings.Repeat("a", 310) + "@bücher.de", true},         // 320 code points, 321 bytes
	{strings.Repeat("a", 311) + "@bücher.de", false},        // 321 code points
	{"a@b@example.com", false},                              // split at the last '@': local part "a@b"
	{`"a@b"@example.com`, true},                             // ... which is fine when quoted
	{"a@example.com\n", false},                              // Django's \Z, not $
	{"a@example.com\xff", false},                            // invalid UTF-8
	{"\xc3@example.com", false},                             // truncated UTF-8
	{"first.last+tag@example.com", true},                    // dot-atom
	{"#!$%&'*+-/=?^_`{}|~@example.com", true},               // every atext special
	{"a..b@example.com", false},                             // doubled dot
	{".a@example.com", false},                               // leading dot
	{"a.@example.com", false},                               // trailing dot
	{`""@example.com`, true},                                // empty quoted string
	{`"a b"@example.com`, false},                            // a space must be escaped...
	{`"a\ b"@example.com`, true},                            // ...like this
	{`"a\"b"@example.com`, true},                            // escaped quote
	{`"a\"@example.com`, false},                             // the last quote is escaped: unterminated
	{"\"a\tb\"@example.com", false},                         // tab only escaped
	{"\"a\\\tb\"@example.com", true},                        //
	{"\"a\\\nb\"@example.com", false},                       // LF never, not even escaped
	{"\"\x7f\"@example.com", true},                          // DEL is qtext
	{"\"\x00\"@example.com", false},                         // NUL is not
	{`"a"."b"@example.com`, false},                          // no mixing of quoted and dot-atom
	{"ü@example.com", false},                                // non-ASCII local part
	{"a@localhost", true},                                   // the allowlist
	{"a@LOCALHOST", false},                                  // ... compared exactly
	{"a@localhost.", false},                                 //
	{"a@ｌｏｃａｌｈｏｓｔ", false},                                  // IDNA gives "localhost", which is not retried
	{"a@example", false},                                    // one label
	{"a@example.c", false},                                  // one-letter TLD
	{"a@example.co", true},                                  //
	{"a@example.123", true},                                 // numeric TLD
	{"a@example.-com", true},                                // the TLD may start with '-'...
	{"a@example.com-", false},                               // ...but not end with one
	{"a@-example.com", false},                               // other labels may do neither
	{"a@example-.com", false},                               //
	{"a@ex--ample.com", true},                               //
	{"a@example.com.", false},                               // no trailing dot
	{"a@" + strings.Repeat("x", 63) + ".com", true},         //
	{"a@" + strings.Repeat("x", 64) + ".com", false},        //
	{"a@example." + strings.Repeat("x", 63), true},          //
	{"a@example." + strings.Repeat("x", 64), false},         //
	{"a@1.2.3.4", false},                                    // not a literal: a hostname whose TLD "4" is too short
	{"a@1.2.3.44", true},                                    //
	{"a@[1.2.3.4]", true},                                   //
	{"a@[01.2.3.4]", false},                                 // leading zero
	{"a@[1.2.3]", false},                                    //
	{"a@[256.1.1.1]", false},                                //
	{"a@[::1]", true},                                       //
	{"a@[IPv6:::1]", false},                                 // no RFC 5321 tag
	{"a@[::ffff:1.2.3.4]", true},                            // embedded IPv4
	{"a@[1:2:3:4:5:6:7::]", true},                           // "::" standing for one group
	{"a@[1:2:3:4:5:6:7:8::]", false},                        // ...or for none
	{"a@[fe80::1%eth0]", false},                             // '%' is not a literal character
	{"a@[0000:0000:0000:0000:0000:ffff:1.2.33.44]", true},   // 39 characters
	{"a@[0000:0000:0000:0000:0000:ffff:1.22.33.44]", false}, // 40: Django's limit
	{"a@bücher.de", true},                                   // IDNA: xn--bcher-kva.de
	{"a@BÜCHER.DE", true},                                   //
	{"a@example。com", true},                                 // ideographic full stop
	{"a@ｅｘａｍｐｌｅ．ｃｏｍ", true},                                 // fullwidth, NFKC to ASCII
	{"a@[１.2.3.4]", true},                                   // NFKC can even make a literal
	{"a@bücher.de.", false},                                 // IDNA keeps the trailing dot
	{"a@xn--ü.de", false},                                   // ACE prefix before punycode
	{"a@\u00ad.com", false},                                 // a label mapped to nothing
	{"a@ü\u3000.de", false},                                 // prohibited: ideographic space
	{"a@\u05d0\u05d1.com", true},                            // RTL label
	{"a@\u05d0a\u05d1.com", false},                          // mixed bidi
	{"a@" + strings.Repeat("ü", 20) + ".com", true},         //
	{"a@" + strings.Repeat("ü", 60) + ".com", false},        // punycode longer than 63
	{"ſ@example.com", false},                                // deviation: Django accepts U+017F here
	{"ſ.a@ü.de", false},                                     // ... in any local part
	{"a@ſ.com", true},                                       // in a domain, Python's [A-Z] matches U+017F, as Django's does
	{"a@" + strings.Repeat("x", 62) + "ı.com", true},        // 63 characters (64 bytes): matched before IDNA
	{"a@xn--ı.com", true},                                   // matched before IDNA, which would refuse it
	{"a@example.İK", true},                                  // a TLD of two such letters
	{"a@" + strings.Repeat("\u212a", 63) + ".com", true},    // 63 characters, 189 bytes
	{"a@" + strings.Repeat("\u212a", 64) + ".com", false},   // 64 characters
	{"a@ıü.com", true},                                      // not matched (ü): IDNA gives xn--tda4j.com
	{"a@-ı.com", true},                                      // not matched (leading '-'), but IDNA makes it xn----fka.com
	{"a@ı..com", false},                                     // an empty label, matched or converted
	{"a@[ı::1]", false},                                     // a literal is an IP address or nothing
}

func TestValid(t *testing.T) {
	for _, tt := range validTests {
		t.Run(fmt.Sprintf("%q", tt.in), func(t *testing.T) {
			assert.Equal(t, tt.want, Valid(tt.in), "Valid(%q)", tt.in)
		})
	}
}

type vector struct {
	Addr      string `json:"addr"`
	Django    bool   `json:"django"`
	Deviation bool   `json:"deviation"`
	Kind      string `json:"kind"`
}

func readJSONLines[T any](t testing.TB, name string) []T {
	t.Helper()
	f, err := os.Open(name)
	require.NoError(t, err)
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var v T
		require.NoError(t, json.Unmarshal(sc.Bytes(), &v), "%s: %s", name, sc.Text())
		out = append(out, v)
	}
	require.NoError(t, sc.Err())
	return out
}

// TestVectors checks every address of testdata/vectors.jsonl, written by
// testdata/gen_vectors.py from Django's own validator.
func TestVectors(t *testing.T) {
	vectors := readJSONLines[vector](t, "testdata/vectors.jsonl")
	require.GreaterOrEqual(t, len(vectors), 3000)
	var match, deviations int
	for _, v := range vectors {
		got := Valid(v.Addr)
		if v.Deviation {
			// The documented deviation: in a local part, Django's [A-Z]
			// also matches U+0130, U+0131, U+017F and U+212A, ours does
			// not. In a domain there is none.
			deviations++
			local := v.Addr[:strings.LastIndexByte(v.Addr, '@')]
			assert.True(t, strings.ContainsAny(local, "\u0130\u0131\u017f\u212a"), "%q", v.Addr)
			assert.Equal(t, !v.Django, got, "Valid(%q) (%s, known deviation) = %v, Django says %v", v.Addr, v.Kind, got, v.Django)
			continue
		}
		if assert.Equal(t, v.Django, got, "Valid(%q) (%s) = %v, Django says %v", v.Addr, v.Kind, got, v.Django) {
			match++
		}
		if isASCII(v.Addr) {
			assert.Equal(t, v.Django, ValidASCII(v.Addr), "ValidASCII(%q)", v.Addr)
		}
	}
	t.Logf("%d vectors: %d match Django, %d are known deviations", len(vectors), match, deviations)
}

// TestIDNA checks toASCII against str.encode('idna') on domains built to
// exercise nameprep and NFKC (testdata/idna.jsonl).
func TestIDNA(t *testing.T) {
	rows := readJSONLines[struct {
		In  string  `json:"in"`
		Out *string `json:"out"`
	}](t, "testdata/idna.jsonl")
	require.NotEmpty(t, rows)
	for _, r := range rows {
		got, ok := toASCII(r.In)
		if r.Out == nil {
			assert.False(t, ok, "toASCII(%q) = %q, want an error", r.In, got)
		} else if assert.True(t, ok, "toASCII(%q) failed, want %q", r.In, *r.Out) {
			assert.Equal(t, *r.Out, got, "toASCII(%q)", r.In)
		}
	}
}

// TestToASCIIEveryCodePoint compares labelToASCII with Python's
// encodings.idna.ToASCII on every code point, alone, before U+0301 and
// between two U+05D0, through digests of 4096 code points at a time
// (testdata/toascii.sha256).
func TestToASCIIEveryCodePoint(t *testing.T) {
	if testing.Short() {
		t.Skip("3.3 million labels")
	}
	f, err := os.Open("testdata/toascii.sha256")
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	blocks := 0
	for sc.Scan() {
		var block int
		var want string
		_, err := fmt.Sscanf(sc.Text(), "%x %s", &block, &want)
		require.NoError(t, err)
		h := sha256.New()
		var line []byte
		for cp := rune(block * 0x1000); cp < rune(block+1)*0x1000; cp++ {
			if 0xD800 <= cp && cp <= 0xDFFF {
				continue
			}
			c := string(cp)
			for i, probe := range []string{c, c + "\u0301", "\u05d0" + c + "\u05d0"} {
				out, ok := labelToASCII(nil, probe)
				if !ok {
					out = []byte("!")
				}
				line = fmt.Appendf(line[:0], "%x %d %s\n", cp, i, out)
				h.Write(line)
			}
		}
		assert.Equal(t, want, hex.EncodeToString(h.Sum(nil))[:16], "ToASCII digest of U+%04X..U+%04X", block*0x1000, block*0x1000+0xFFF)
		blocks++
	}
	require.NoError(t, sc.Err())
	require.Equal(t, 0x110, blocks)
}

func TestPunycode(t *testing.T) {
	// RFC 3492 section 7.1 samples (A), (C) and (N), and the usual example.
	for _, tt := range []struct{ in, want string }{
		{"\u0644\u064A\u0647\u0645\u0627\u0628\u062A\u0643\u0644\u0645\u0648\u0634\u0639\u0631\u0628\u064A\u061F", "egbpdaj6bu4bxfgehfvwxn"},
		{"\u4ED6\u4EEC\u4E3A\u4EC0\u4E48\u4E0D\u8BF4\u4E2D\u6587", "ihqwcrb4cv8a8dqg056pqjye"},
		{"3\u5E74B\u7D44\u91D1\u516B\u5148\u751F", "3B-ww4c5e180e575a65lsy2b"},
		{"b\u00fccher", "bcher-kva"},
	} {
		got, ok := punycode(nil, []rune(tt.in), 1000)
		require.True(t, ok)
		assert.Equal(t, tt.want, string(got), "punycode(%+q)", tt.in)
	}
}

func TestValidAllocs(t *testing.T) {
	inputs := []string{
		"user@example.com",
		"first.last+tag@sub.example.co.uk",
		`"quoted \" string"@example.com`,
		"a@[192.168.0.1]",
		"a@[2001:db8::1]",
		"a@[::ffff:1.2.3.4]",
		"a@localhost",
		"not an address",
		"a@b@c",
		strings.Repeat("a", 400) + "@example.com",
		"a@" + strings.Repeat("x", 64) + ".com",
		"ü@example.com", // non-ASCII local part: rejected before IDNA
	}
	for _, in := range inputs {
		assert.Zero(t, testing.AllocsPerRun(100, func() { Valid(in) }), "Valid(%q) allocates", in)
	}
}

// TestValidLargeInputs feeds Valid inputs far past the 320 limit and
// inputs at the limit shaped to hurt a backtracking matcher. It checks the
// verdicts only: the point is that nothing panics or recurses.
func TestValidLargeInputs(t *testing.T) {
	const mb = 1 << 20
	for name, s := range map[string]string{
		"atext":           strings.Repeat("a", mb) + "@example.com",
		"dots":            strings.Repeat("a.", mb/2) + "@example.com",
		"ats":             strings.Repeat("@", mb),
		"quotes":          `"` + strings.Repeat(`\"`, mb/2) + `"@example.com`,
		"labels":          "a@" + strings.Repeat("a.", mb/2) + "com",
		"non-ASCII":       "a@" + strings.Repeat("ü", mb/2),
		"combining":       "a@a" + strings.Repeat("\u0301\u0327", mb/4) + ".com",
		"invalid UTF-8":   strings.Repeat("\xff", mb),
		"literal":         "a@[" + strings.Repeat(":", mb) + "]",
		"NUL":             strings.Repeat("\x00", mb),
		"limit-dot-atom":  strings.Repeat("a", 307) + "!@example.com.",
		"limit-hyphens":   "a@" + strings.Repeat("-", 300) + ".com",
		"limit-quoted":    `"` + strings.Repeat(`\`, 307) + `@example.com`,
		"limit-idn-marks": "a@a" + strings.Repeat("\u0301", 300) + ".com",
		"limit-ufdfa":     "a@" + strings.Repeat("\ufdfa", 300) + ".com",
		"limit-literal":   "a@[" + strings.Repeat("1:", 150) + "]",
	} {
		t.Run(name, func(t *testing.T) {
			assert.False(t, Valid(s), "Valid(%.40q...)", s)
		})
	}
}

// Reference regular expressions: Django's, with the TLD's (?<!-)
// look-behind rewritten and [A-Z] under IGNORECASE spelled out: in the
// domain as Python reads it (the ASCII letters and U+0130, U+0131, U+017F,
// U+212A), in the local part as ASCII only (the documented deviation).
var (
	refUser = regexp.MustCompile(`^(?:[-!#$%&'*+/=?^_` + "`" + `{}|~0-9A-Za-z]+(?:\.[-!#$%&'*+/=?^_` + "`" + `{}|~0-9A-Za-z]+)*` +
		`|"(?:[\x01-\x08\x0b\x0c\x0e-\x1f!#-\[\]-\x7f]|\\[\x01-\x09\x0b\x0c\x0e-\x7f])*")\z`)
	refDomain = regexp.MustCompile(strings.ReplaceAll(
		`^(?:[L0-9](?:[L0-9-]{0,61}[L0-9])?\.)+[L0-9-]{1,62}[L0-9]\z`, "L", `A-Za-z\x{130}\x{131}\x{17f}\x{212a}`))
	refLiteral = regexp.MustCompile(`^\[([A-Za-z0-9:.\[\\\]^_` + "`" + `]+)\]\z`)
)

// refValid is Django's EmailValidator without its IDNA fallback, built
// from regular expressions and net/netip: exact for ASCII input, and for
// other input an address it accepts Django accepts too. The literal check
// through netip is only trusted where it is known to agree with Python's
// ipaddress.
func refValid(s string) bool {
	if !strings.Contains(s, "@") || utf8.RuneCountInString(s) > 320 {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	user, domain := s[:at], s[at+1:]
	if !refUser.MatchString(user) {
		return false
	}
	if domain == "localhost" || refDomain.MatchString(domain) {
		return true
	}
	if m := refLiteral.FindStringSubmatch(domain); m != nil {
		ip, err := netip.ParseAddr(m[1])
		return err == nil && (ip.Is4() || len(m[1]) <= 39)
	}
	return false
}

func FuzzValid(f *testing.F) {
	for _, tt := range validTests {
		f.Add(tt.in)
	}
	for _, v := range readJSONLines[vector](f, "testdata/vectors.jsonl") {
		f.Add(v.Addr)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Valid(s)
		if got {
			// Whatever the path, a valid address is UTF-8, holds an '@',
			// has an ASCII local part and at most 320 code points.
			require.True(t, utf8.ValidString(s), "Valid(%q) on invalid UTF-8", s)
			at := strings.LastIndexByte(s, '@')
			require.GreaterOrEqual(t, at, 1, "Valid(%q) without a local part", s)
			require.True(t, isASCII(s[:at]), "Valid(%q) with a non-ASCII local part", s)
			require.LessOrEqual(t, utf8.RuneCountInString(s), 320, "Valid(%q) too long", s)
		}
		if !isASCII(s) {
			// IDNA may accept what the regular expressions do not, never
			// the other way round.
			if refValid(s) {
				require.True(t, got, "Valid(%q) = false; its domain matches Django's domain_regex", s)
			}
			return
		}
		if !strings.Contains(s, "[") {
			require.Equal(t, refValid(s), got, "Valid(%q) disagrees with the regexp reference", s)
			return
		}
		// Literals: net/netip agrees with Python's ipaddress on the
		// addresses it accepts, except that it reads a zone ('%', never a
		// literal character here).
		require.Equal(t, refValid(s), got, "Valid(%q) disagrees with the regexp+netip reference", s)
	})
}

func ExampleValid() {
	for _, s := range []string{
		"user@example.com",
		`"john\ doe"@example.com`,
		"a@[::1]",
		"a@bücher.de",
		"a@example",
		"a..b@example.com",
	} {
		fmt.Println(Valid(s), s)
	}
	// Output:
	// true user@example.com
	// true "john\ doe"@example.com
	// true a@[::1]
	// true a@bücher.de
	// false a@example
	// false a..b@example.com
}
