package check

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A Request is one request the engine sends, as it goes on the wire.
type Request struct {
	Method string
	Path   string  // the API's path as sent, not percent-decoded: "/customers/1/contacts/7"
	Header []Field // in the order sent; names as written
	Body   []byte
	Pad    int // spaces sent after Body: a body over the server's limit, not kept in memory twice
}

// A Field is one header line.
type Field struct{ Name, Value string }

func (r *Request) clone() *Request {
	c := *r
	c.Header = slices.Clone(r.Header)
	return &c
}

// Get returns the first value of the header name (any letter case), as
// the server reads it: trimmed of spaces and tabs.
func (r *Request) Get(name string) (string, bool) {
	for _, f := range r.Header {
		if strings.EqualFold(f.Name, name) {
			return trimOWS(f.Value), true
		}
	}
	return "", false
}

// set replaces every line of the header name by one with value.
func (r *Request) set(name, value string) {
	r.del(name)
	r.Header = append(r.Header, Field{name, value})
}

// del removes every line of the header name.
func (r *Request) del(name string) {
	r.Header = slices.DeleteFunc(r.Header, func(f Field) bool { return strings.EqualFold(f.Name, name) })
}

// bodyLen is the length of the body sent.
func (r *Request) bodyLen() int { return len(r.Body) + r.Pad }

// wireHeader returns the header as a server reads it: canonical names,
// values trimmed of surrounding spaces and tabs, in the order sent.
func (r *Request) wireHeader() http.Header {
	h := make(http.Header, len(r.Header))
	for _, f := range r.Header {
		k := http.CanonicalHeaderKey(f.Name)
		h[k] = append(h[k], trimOWS(f.Value))
	}
	return h
}

// sendHeader returns the header to give net/http's client: the names as
// written when each header is written in one letter case, else canonical,
// so that the lines of one header keep their order.
func (r *Request) sendHeader() http.Header {
	spellings := map[string]string{}
	mixed := map[string]bool{}
	for _, f := range r.Header {
		k := http.CanonicalHeaderKey(f.Name)
		if s, ok := spellings[k]; ok && s != f.Name {
			mixed[k] = true
		}
		spellings[k] = f.Name
	}
	h := make(http.Header, len(r.Header))
	for _, f := range r.Header {
		k := http.CanonicalHeaderKey(f.Name)
		if !mixed[k] {
			k = f.Name
		}
		h[k] = append(h[k], f.Value)
	}
	return h
}

func trimOWS(s string) string { return strings.Trim(s, " \t") }

// sendable returns s without the bytes no HTTP/1.1 header value may hold
// (controls other than tab, and DEL): net/http's client refuses them, and
// no server could read them.
func sendable(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 && r != '\t' || r == 0x7f }) {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x20 && c != 0x7f || c == '\t' {
			b = append(b, c)
		}
	}
	return string(b)
}

// shell quoting, for the curl commands of a report.

// shellQuote quotes s for a POSIX shell: '...' when every byte is
// printable (UTF-8 included), else bash's $'...' with \xHH escapes.
func shellQuote(s string) string {
	if printable(s) {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	var b strings.Builder
	b.WriteString("$'")
	for i := 0; i < len(s); {
		c := s[i]
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == '\'' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c >= 0x20 && c < 0x7f:
			b.WriteByte(c)
		case r != utf8.RuneError && size > 1 && strconv.IsPrint(r):
			b.WriteString(s[i : i+size])
			i += size
			continue
		default:
			b.WriteString(`\x`)
			b.WriteString(strconv.FormatUint(uint64(c)>>4, 16))
			b.WriteString(strconv.FormatUint(uint64(c)&15, 16))
		}
		i++
	}
	b.WriteByte('\'')
	return b.String()
}

// printable reports whether s is valid UTF-8 of printable characters.
func printable(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || !strconv.IsPrint(r) {
			return false
		}
	}
	return utf8.ValidString(s)
}

// printfQuote returns s as a printf format that prints s: octal escapes
// for what is not printable ASCII, for a body with such bytes (NUL
// included, which no shell string holds).
func printfQuote(s []byte) string {
	var b strings.Builder
	b.WriteByte('\'')
	for _, c := range s {
		switch {
		case c == '\'':
			b.WriteString(`'\''`)
		case c == '\\':
			b.WriteString(`\\`)
		case c == '%':
			b.WriteString(`%%`)
		case c >= 0x20 && c < 0x7f:
			b.WriteByte(c)
		default:
			b.WriteString(`\` + strconv.FormatUint(uint64(c)>>6, 8) + strconv.FormatUint(uint64(c)>>3&7, 8) + strconv.FormatUint(uint64(c)&7, 8))
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// curl returns a curl command that sends r to url, the token of tok shown
// as the shell variable $VAR. tokens are the engine's tokens, each with
// its variable.
func (r *Request) curl(url string, tokens []Token) string {
	var b strings.Builder
	b.WriteString("curl -sS -i")
	switch r.Method {
	case http.MethodHead:
		b.WriteString(" -I")
	case http.MethodGet:
	default:
		b.WriteString(" -X " + shellQuote(r.Method))
	}
	if path, ok := strings.CutPrefix(url, "$BASE"); ok {
		// An in-process target's URL: $BASE is for the shell to expand,
		// so it stays outside the single quotes.
		b.WriteString(` "$BASE"` + shellQuote(path))
	} else {
		b.WriteString(" " + shellQuote(url))
	}
	hasCT := false
	for _, f := range r.Header {
		if strings.EqualFold(f.Name, "content-type") {
			hasCT = true
		}
		b.WriteString(" -H ")
		b.WriteString(curlHeader(f, tokens))
	}
	if r.bodyLen() > 0 {
		if !hasCT {
			b.WriteString(" -H 'Content-Type:'") // curl would add a form's
		}
		switch {
		case r.Pad > 0:
			b.WriteString(" --data-binary @<(printf " + printfQuote(r.Body) + "; printf '%" + strconv.Itoa(r.Pad) + "s' '')")
		case printable(string(r.Body)) && len(r.Body) > 0:
			b.WriteString(" --data-binary " + shellQuote(string(r.Body)))
		default:
			b.WriteString(" --data-binary @<(printf " + printfQuote(r.Body) + ")")
		}
	}
	return b.String()
}

// curlHeader returns the -H argument of one header line: the value of a
// known token as $VAR, an empty value as "Name;" (curl's way to send
// one).
func curlHeader(f Field, tokens []Token) string {
	v := trimOWS(f.Value)
	if strings.EqualFold(f.Name, "authorization") {
		if s, c, ok := strings.Cut(v, " "); ok && strings.EqualFold(s, "bearer") {
			for i := range tokens {
				if _, want, _ := strings.Cut(tokens[i].Value.Reveal(), " "); c == want {
					return `"` + f.Name + `: ` + s + ` $` + tokenVar(&tokens[i]) + `"`
				}
			}
		}
	}
	if v == "" {
		return shellQuote(f.Name + ";")
	}
	return shellQuote(f.Name + ": " + v)
}
