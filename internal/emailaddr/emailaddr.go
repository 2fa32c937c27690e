// Package emailaddr reports whether a string is one e-mail address as Django
// 3.2's django.core.validators.EmailValidator (the default validate_email)
// accepts it.
//
// It is a port of that validator (Debian's python3-django 3.2.25 under
// Python 3.11) written as a hand-made scanner: no regular expressions, no
// backtracking, and no allocation unless the domain holds non-ASCII text.
//
// # Grammar
//
// "Characters" are Unicode code points. An address is valid when all of
// these hold, in Django's order:
//
//   - It is not empty, holds an '@', and has at most 320 characters
//     (the limit Django added in 3.2.20 for CVE-2023-36053).
//   - It splits at its LAST '@' into a local part and a domain, so the
//     local part may hold '@' ("a@b"@example.com) and the domain may not.
//   - The local part is a dot-atom: one or more runs of
//     A-Z a-z 0-9 ! # $ % & ' * + - / = ? ^ _ ` { | } ~ joined by single
//     dots (no leading, trailing or doubled dot);
//     or a quoted string: '"', then any of U+0001-U+0008, U+000B, U+000C,
//     U+000E-U+001F, '!', '#'-'[', ']'-U+007F, or a backslash followed by any
//     of U+0001-U+0009, U+000B, U+000C, U+000E-U+007F, then '"' as the very
//     last character. Space, tab, '"' and '\' need the backslash; NUL, CR
//     and LF are never allowed, and neither is non-ASCII text.
//   - The domain is "localhost" exactly; or two or more labels separated
//     by dots, every label but the last 1 to 63 characters of A-Z a-z 0-9
//     '-' neither starting nor ending with '-', the last one (the TLD) 2 to
//     63 of the same characters, not ending with '-' but free to start with
//     one or to be all digits, and no trailing dot ("a@b.c-" and "a@b.c."
//     fail, "a@b.-c" and "a@b.12" pass); or '[', an address literal, ']'.
//     As in Django, whose case-insensitive [A-Z] also matches them, the
//     four letters U+0130 'İ', U+0131 'ı', U+017F 'ſ' and U+212A KELVIN
//     SIGN count as letters here, one character each, before any IDNA
//     conversion: "a@xn--ı.com" and "a@" + 62 x "x" + "ı.com" pass.
//   - An address literal is made of A-Z a-z 0-9 ':' '.' '[' '\' ']' '^'
//     '_' '`' and is an IPv4 address as Python's ipaddress.IPv4Address
//     reads it (four decimal octets 0-255, no leading zeros: [1.2.3.4],
//     not [01.2.3.4] nor [1.2.3]) or, in at most 39 characters, an IPv6
//     address as ipaddress.IPv6Address reads it ([::1], [2001:db8::1],
//     [::ffff:1.2.3.4]; no zone, no prefix length).
//   - Otherwise, when the domain holds non-ASCII text, it is converted with
//     Python's IDNA 2003 codec (domain.encode('idna'): labels split at
//     U+002E, U+3002, U+FF0E and U+FF61; each non-ASCII label nameprepped,
//     checked, punycoded and prefixed with "xn--"; every label 1 to 63
//     octets) and the result must pass the domain or literal rule above
//     ("localhost" is not tried again). So "a@bücher.de" and
//     "a@example。com" pass, "a@example.com。" does not.
//
// # Deviations
//
// Python's case-insensitive regular expressions also match the four
// letters U+0130, U+0131, U+017F and U+212A against [A-Z], so Django
// accepts them in a local part, bare or quoted ("ſ@example.com"). This
// package reads the local part's [A-Z] as ASCII only and rejects them
// there. In the domain it follows Django exactly (see the grammar above).
//
// Strings that are not valid UTF-8 are never valid addresses. Python
// strings can hold lone surrogates, Go strings cannot; no other deviation is
// known. In particular the nameprep tables and the Unicode normalization
// are generated from Python's own stringprep and unicodedata.ucd_3_2_0
// (see gen/gen_tables.py), not taken from a current Unicode version:
// golang.org/x/text/unicode/norm's NFKC would disagree with Python's on 695
// single code points.
package emailaddr

import (
	"strings"
	"unicode/utf8"

	"github.com/croschema/croschema/internal/ascii"
)

//go:generate python3 gen/gen_tables.py

// maxLength is the longest address Django accepts, in code points.
const maxLength = 320

// Valid reports whether Django 3.2's EmailValidator accepts s as one e-mail
// address: "user@example.com", `"john\ doe"@example.com`, "a@[127.0.0.1]",
// "a@[::1]", "a@localhost" and "a@bücher.de" are accepted; "", "a", "a@b",
// "a@b.c", "a..b@example.com", "a@-b.com" and "a@[01.2.3.4]" are not.
//
// Valid never panics and its cost is linear in len(s) (more than 1,280
// bytes, four per code point, is rejected unread). It does not allocate
// unless the domain holds non-ASCII text.
func Valid(s string) bool {
	// A code point takes at most 4 bytes, so more than 4*320 bytes is
	// always too long, and at most 320 bytes never is.
	if len(s) > 4*maxLength {
		return false
	}
	ascii := isASCII(s)
	if !ascii && !utf8.ValidString(s) {
		return false
	}
	if len(s) > maxLength && (ascii || utf8.RuneCountInString(s) > maxLength) {
		return false
	}
	return valid(s, ascii)
}

// ValidASCII is Valid for a caller that already knows s is ASCII (the
// email list check counts its characters first); it saves a pass.
func ValidASCII(s string) bool {
	return len(s) <= maxLength && valid(s, true)
}

// valid is Valid after the length and encoding checks.
func valid(s string, ascii bool) bool {
	// The last '@': IndexByte is vectorized, LastIndexByte is not, and most
	// addresses have one '@'.
	at := strings.IndexByte(s, '@')
	if at < 0 {
		return false
	}
	if strings.IndexByte(s[at+1:], '@') >= 0 {
		at = strings.LastIndexByte(s, '@')
	}
	local, domain := s[:at], s[at+1:]
	if !validLocal(local) {
		return false
	}
	if domain == "localhost" || validDomain(domain) {
		return true
	}
	if ascii || isASCII(domain) {
		// Python's IDNA codec returns an ASCII domain unchanged (or fails),
		// so Django's second attempt would see the same string.
		return false
	}
	ace, ok := toASCII(domain)
	return ok && validDomain(ace)
}

// Character classes of the local part, indexed by byte.
const (
	classAtext = 1 << iota // dot-atom text
	classQtext             // quoted-string text
	classQpair             // may follow a backslash in a quoted string
	classLabel             // A-Z a-z 0-9 '-'
	classLit               // address literal: A-f (with Python's ignore-case, A-z) 0-9 : .
)

var classes = func() (t [256]uint8) {
	for c := 0; c < 0x80; c++ {
		alnum := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		if alnum {
			t[c] |= classAtext | classLabel | classLit
		}
		switch {
		case c >= 0x01 && c <= 0x08, c == 0x0B, c == 0x0C, c >= 0x0E && c <= 0x1F,
			c == '!', c >= '#' && c <= '[', c >= ']' && c <= 0x7F:
			t[c] |= classQtext
		}
		if c >= 0x01 && c <= 0x09 || c == 0x0B || c == 0x0C || c >= 0x0E && c <= 0x7F {
			t[c] |= classQpair
		}
	}
	for _, c := range "!#$%&'*+-/=?^_`{|}~" {
		t[c] |= classAtext
	}
	t['-'] |= classLabel
	for _, c := range ":.[\\]^_`" {
		t[c] |= classLit
	}
	return t
}()

func is(c byte, class uint8) bool { return classes[c]&class != 0 }

// validLocal reports whether u matches Django's user_regex (ASCII only).
func validLocal(u string) bool {
	if u == "" {
		return false
	}
	if u[0] == '"' {
		for i := 1; i < len(u); {
			c := u[i]
			switch {
			case c == '"':
				return i == len(u)-1
			case c == '\\':
				if i+1 >= len(u) || !is(u[i+1], classQpair) {
					return false
				}
				i += 2
			case is(c, classQtext):
				i++
			default:
				return false
			}
		}
		return false // no closing quote
	}
	prev := byte('.')
	for i := 0; i < len(u); i++ {
		c := u[i]
		if c == '.' {
			if prev == '.' {
				return false
			}
		} else if !is(c, classAtext) {
			return false
		}
		prev = c
	}
	return prev != '.'
}

// validDomain reports whether d passes Django's validate_domain_part:
// domain_regex (ASCII only) or literal_regex plus validate_ipv46_address.
func validDomain(d string) bool {
	if len(d) >= 3 && d[0] == '[' && d[len(d)-1] == ']' {
		ip := d[1 : len(d)-1]
		for i := 0; i < len(ip); i++ {
			if !is(ip[i], classLit) {
				return false
			}
		}
		return validIPv4(ip) || len(ip) <= 39 && validIPv6(ip)
	}
	return validHostname(d)
}

// validHostname reports whether d matches Django's domain_regex:
// ((?:[A-Z0-9](?:[A-Z0-9-]{0,61}[A-Z0-9])?\.)+)(?:[A-Z0-9-]{2,63}(?<!-))\Z
// under re.IGNORECASE, where [A-Z] also matches the four non-ASCII letters
// of foldLetterLen, each one character of a label.
func validHostname(d string) bool {
	start, n := 0, 0 // the current label's first byte and its characters
	for i := 0; i <= len(d); {
		if i < len(d) && d[i] != '.' {
			if c := d[i]; c < utf8.RuneSelf {
				if !is(c, classLabel) {
					return false
				}
				i++
			} else if size := foldLetterLen(d[i:]); size > 0 {
				i += size
			} else {
				return false
			}
			n++
			continue
		}
		// The first and last bytes of a label are ASCII or belong to a
		// multi-byte letter, so testing them for '-' is exact.
		label := d[start:i]
		if n == 0 || n > 63 || label[len(label)-1] == '-' {
			return false
		}
		if i == len(d) {
			// The TLD: at least two characters, may start with '-'.
			return start > 0 && n >= 2
		}
		if label[0] == '-' {
			return false
		}
		i++
		start, n = i, 0
	}
	return false // not reached: the loop returns at i == len(d)
}

// foldLetterLen returns the length in bytes of the letter at the start of
// s when it is one of the four non-ASCII letters that Python's
// case-insensitive [A-Z] matches (U+0130 'İ', U+0131 'ı', U+017F 'ſ' and
// U+212A KELVIN SIGN), else 0.
func foldLetterLen(s string) int {
	switch {
	case len(s) >= 2 && s[0] == 0xC4 && (s[1] == 0xB0 || s[1] == 0xB1), // U+0130, U+0131
		len(s) >= 2 && s[0] == 0xC5 && s[1] == 0xBF: // U+017F
		return 2
	case len(s) >= 3 && s[0] == 0xE2 && s[1] == 0x84 && s[2] == 0xAA: // U+212A
		return 3
	}
	return 0
}

// validIPv4 reports whether ipaddress.IPv4Address(s) succeeds under Python
// 3.11 (which, like Django, rejects leading zeros).
func validIPv4(s string) bool {
	octets := 0
	for start := 0; ; {
		end := start
		for end < len(s) && s[end] != '.' {
			end++
		}
		if !validOctet(s[start:end]) {
			return false
		}
		octets++
		if end == len(s) {
			return octets == 4
		}
		if octets == 4 {
			return false
		}
		start = end + 1
	}
}

func validOctet(o string) bool {
	if o == "" || len(o) > 3 {
		return false
	}
	v := 0
	for i := 0; i < len(o); i++ {
		if o[i] < '0' || o[i] > '9' {
			return false
		}
		v = v*10 + int(o[i]-'0')
	}
	return (o[0] != '0' || len(o) == 1) && v <= 255
}

// validIPv6 reports whether ipaddress.IPv6Address(s) succeeds under Python
// 3.11, for s made of literal characters (so no '%' zone and no '/').
// It follows _BaseV6._ip_int_from_string step by step.
func validIPv6(s string) bool {
	const hextets = 8
	if s == "" {
		return false
	}
	var parts [hextets + 1]string
	n := 0
	for start, i := 0, 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ':' {
			if n == len(parts) {
				return false // more than 8 colons
			}
			parts[n] = s[start:i]
			n++
			start = i + 1
		}
	}
	if n < 3 {
		return false
	}
	if containsDot(parts[n-1]) {
		// An IPv4 suffix stands for two hextets.
		if !validIPv4(parts[n-1]) || n == len(parts) {
			return false
		}
		parts[n-1], parts[n] = "0", "0"
		n++
	}
	skip := -1
	for i := 1; i < n-1; i++ {
		if parts[i] == "" {
			if skip >= 0 {
				return false // more than one "::"
			}
			skip = i
		}
	}
	var hi, lo int
	if skip >= 0 {
		hi, lo = skip, n-skip-1
		if parts[0] == "" {
			if hi--; hi != 0 {
				return false // leading ':' only as part of "::"
			}
		}
		if parts[n-1] == "" {
			if lo--; lo != 0 {
				return false // trailing ':' only as part of "::"
			}
		}
		if hextets-(hi+lo) < 1 {
			return false
		}
	} else {
		if n != hextets || parts[0] == "" || parts[n-1] == "" {
			return false
		}
		hi = n
	}
	for i := 0; i < hi; i++ {
		if !validHextet(parts[i]) {
			return false
		}
	}
	for i := n - lo; i < n; i++ {
		if !validHextet(parts[i]) {
			return false
		}
	}
	return true
}

func containsDot(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			return true
		}
	}
	return false
}

func validHextet(h string) bool {
	if h == "" || len(h) > 4 {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

func isASCII(s string) bool { return ascii.Is(s) }
