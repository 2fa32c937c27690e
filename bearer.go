package croschema

import (
	"fmt"
	"log/slog"
	"strconv"
	"unicode/utf8"
)

// bearerPattern is the documented pattern of the authorization header. It is
// read verbatim and case-insensitively: its unescaped dots match any
// character but a newline, and [a-z0-9-_=] is a-z, 0-9, '-', '_' and '='.
// matchBearer implements it without a regexp.
const bearerPattern = `^bearer [a-z0-9-_=]+.[a-z0-9-_=]+.?[a-z0-9-_.+/=]*$`

// A BearerToken is the value of the authorization header: "Bearer " and an
// access token, such as "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2ln".
//
// It is a secret. String, GoString, Format (every verb: %v, %+v, %#v, %s,
// %q, %x, ...), LogValue, MarshalText and MarshalJSON all render it as
// "[redacted bearer token, N chars]", N being its length in characters;
// only Reveal returns the value. The zero BearerToken is no token (an
// absent header).
type BearerToken struct {
	value string
}

// NewBearerToken returns the token "Bearer " + accessToken, ready to send.
// It does not check it; see IsValid.
func NewBearerToken(accessToken string) BearerToken {
	return BearerToken{value: "Bearer " + accessToken}
}

// ParseBearerToken checks s, a whole authorization header value such as
// "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2ln", as the header rule
// does: 1 to 256 characters, then the documented pattern
//
//	^bearer [a-z0-9-_=]+.[a-z0-9-_=]+.?[a-z0-9-_.+/=]*$
//
// read verbatim (its dots match any character but a newline) in any ASCII
// letter case; s is not trimmed. Unlike other ParseX errors, its error never
// quotes s, which is a secret:
//
//	croschema: ParseBearerToken: 300 characters, at most 256 allowed
func ParseBearerToken(s string) (BearerToken, error) {
	if _, fault, ok := checkBearerToken(s); !ok {
		return BearerToken{}, fmt.Errorf("croschema: ParseBearerToken: %s", fault.detail)
	}
	return BearerToken{value: s}, nil
}

// Reveal returns the header value, such as "Bearer eyJhbGciOi...", to send
// it. It is the only way to read the secret.
func (t BearerToken) Reveal() string { return t.value }

// IsZero reports whether t is the zero BearerToken (no token).
func (t BearerToken) IsZero() bool { return t.value == "" }

// IsValid reports whether t is 1 to 256 characters long and matches the
// documented pattern, as ParseBearerToken checks.
func (t BearerToken) IsValid() bool {
	_, _, ok := checkBearerToken(t.value)
	return ok
}

// checkBearerToken checks s by the rule of the authorization header.
func checkBearerToken(s string) (headerValue, headerFault, bool) {
	return requestHeaderModel.rules[reqAuthorization].check(s, false)
}

// String returns "[redacted bearer token, N chars]".
func (t BearerToken) String() string {
	return "[redacted bearer token, " + strconv.Itoa(utf8.RuneCountInString(t.value)) + " chars]"
}

// GoString returns the same as String, so that %#v does not reveal t.
func (t BearerToken) GoString() string { return t.String() }

// Format implements fmt.Formatter: every verb prints String, %q quoted, so
// that no verb or flag reveals t, not even inside a struct or a slice.
func (t BearerToken) Format(f fmt.State, verb rune) {
	s := t.String()
	if verb == 'q' {
		s = strconv.Quote(s)
	}
	_, _ = f.Write([]byte(s))
}

// LogValue implements slog.LogValuer: a log record holds String, never t.
func (t BearerToken) LogValue() slog.Value { return slog.StringValue(t.String()) }

// MarshalText implements encoding.TextMarshaler with String: the text form
// of a secret is its redaction. There is no UnmarshalText.
func (t BearerToken) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// MarshalJSON returns String as a JSON string.
func (t BearerToken) MarshalJSON() ([]byte, error) { return []byte(strconv.Quote(t.String())), nil }

// matchBearer reports whether s matches bearerPattern read verbatim and
// case-insensitively, as regexp.MustCompile("(?i)" + bearerPattern) does,
// with one deliberate difference: letters match in ASCII case only, so the
// Kelvin sign U+212A and the long s U+017F, which Go's (and Python's) case
// folding match against [a-z], do not. It never allocates and runs in
// linear time.
//
// After "bearer " the rest r must be H+ . H+ .? T* where H is the head
// class [a-z0-9-_=], T the tail class [a-z0-9-_.+/=] (T contains H) and a
// dot any character but '\n'. With p the length of r's longest H prefix
// and q the start of its longest T suffix, the second H run must end at q,
// or one character before q when that character is not '\n'. The first dot
// either falls inside the first H run (then the second run ends at p) or
// is the character just after it.
func matchBearer(s string) bool {
	const prefix = "bearer "
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if c != prefix[i] && (c < 'A' || c > 'Z' || c|0x20 != prefix[i]) {
			return false
		}
	}
	r := s[len(prefix):]

	p := 0
	for p < len(r) && inBearerHead(r[p]) {
		p++
	}
	q := len(r)
	for q > 0 && inBearerTail(r[q-1]) {
		q--
	}
	end := q // the least end of the second H run that lets .?T* match the rest
	if q > 0 {
		if c, w := utf8.DecodeLastRuneInString(r[:q]); c != '\n' {
			end = q - w
		}
	}

	// The first dot inside the first run: r[:i] H+, r[i] the dot, r[i+1:p] H+.
	if p >= 3 && p >= end {
		return true
	}
	// The first dot just after the first run.
	if p >= 1 && p < len(r) {
		c, w := utf8.DecodeRuneInString(r[p:])
		if c == '\n' {
			return false
		}
		m := p + w
		for m < len(r) && inBearerHead(r[m]) {
			m++
		}
		return m > p+w && m >= end
	}
	return false
}

// inBearerHead reports whether c is in [a-z0-9-_=], any ASCII letter case.
func inBearerHead(c byte) bool {
	return 'a' <= c|0x20 && c|0x20 <= 'z' || isDigit(c) || c == '-' || c == '_' || c == '='
}

// inBearerTail reports whether c is in [a-z0-9-_.+/=], any ASCII letter case.
func inBearerTail(c byte) bool {
	return inBearerHead(c) || c == '.' || c == '+' || c == '/'
}
