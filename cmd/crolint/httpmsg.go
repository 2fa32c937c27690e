package main

import (
	"bytes"
	"errors"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"

	"github.com/croschema/croschema"
)

// This file reads raw HTTP/1.x messages itself rather than with
// http.ReadRequest: a lint must report every problem of a message, keep
// going after a bad header line, say which line is wrong without echoing it
// (it may hold the bearer token), and accept the whole message in memory,
// already bounded by the size limit. Every step is one forward pass over the
// bytes; nothing recurses, nothing waits for input. Memory stays within a
// small multiple of the message: only the header fields that are checked
// or that frame the body are kept, and a document reports at most
// maxViolations violations.

// maxViolations is the most violations one document reports; then comes
// the limit violation (RULES.md "Violation codes").
const maxViolations = croschema.MaxViolations

// message is one raw HTTP message, split into its parts.
type message struct {
	request bool

	method, target string // the request line
	version        string // "HTTP/1.1" or "HTTP/1.0"
	status         int    // the status line
	headRequest    bool   // a response to a HEAD request: it has no body

	header http.Header

	body      []byte // the body, after de-chunking
	bodyOK    bool   // body is the whole body, worth checking
	noBody    bool   // a response that has no body by its status or request method
	unframed  bool   // a request's body came without Content-Length or chunked: already reported
	headVs    croschema.Violations
	framingVs croschema.Violations
}

// syntax is a violation of the message as HTTP, at location "".
func syntax(detail string) croschema.Violation {
	return croschema.Violation{Location: "", Code: croschema.CodeSyntax, Detail: detail}
}

// lines walks data line by line. A line ends with "\n" or "\r\n"; it is
// returned without its ending.
type lines struct {
	data []byte
	pos  int
	n    int // the number of the line last returned, from 1
}

// next returns the next line, whether it has its line ending (false for
// the last line of a message cut short), and false for ok at the end of
// data.
func (l *lines) next() (line []byte, terminated, ok bool) {
	if l.pos >= len(l.data) {
		return nil, false, false
	}
	l.n++
	rest := l.data[l.pos:]
	i := bytes.IndexByte(rest, '\n')
	if i < 0 {
		l.pos = len(l.data)
		return rest, false, true
	}
	l.pos += i + 1
	line = rest[:i]
	if len(line) > 0 && line[len(line)-1] == '\r' {
		line = line[:len(line)-1]
	}
	return line, true, true
}

// parseMessage splits data into a message. ok is false when data has no
// usable start line; m.headVs then holds the one violation that says why.
// For a response, method is the method of its request when known ("HEAD"
// means no body), else "".
func parseMessage(data []byte, request bool, method string) (m *message, ok bool) {
	m = &message{request: request, header: make(http.Header), headRequest: !request && method == "HEAD"}
	what := "status line"
	if request {
		what = "request line"
	}
	l := &lines{data: data}

	// RFC 9112 section 2.2: empty lines before the start line are ignored.
	var line []byte
	var terminated bool
	for {
		line, terminated, ok = l.next()
		if !ok {
			m.headVs = append(m.headVs, syntax("empty message: no "+what))
			return m, false
		}
		if len(line) > 0 {
			break
		}
	}
	if !terminated {
		m.headVs = append(m.headVs, syntax("line "+strconv.Itoa(l.n)+": the message ends inside the "+what))
		return m, false
	}
	var detail string
	if request {
		detail = m.parseRequestLine(string(line))
	} else {
		detail = m.parseStatusLine(string(line))
	}
	if detail != "" {
		m.headVs = append(m.headVs, syntax("line "+strconv.Itoa(l.n)+": "+what+": "+detail))
		return m, false
	}

	if m.parseHeaders(l) {
		m.frame(data[l.pos:])
	}
	return m, true
}

// parseRequestLine reads "METHOD SP TARGET SP HTTP/1.x" and returns "" or
// why it is not one. The detail never quotes the line.
func (m *message) parseRequestLine(line string) string {
	if i := indexCTL(line, false); i >= 0 {
		return "a control character at column " + strconv.Itoa(i+1)
	}
	parts := strings.SplitN(line, " ", 4)
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" {
		return "want METHOD, request target and HTTP version separated by single spaces"
	}
	if !isToken(parts[0]) {
		return "the method is not a token"
	}
	if !isVersion(parts[2]) {
		return "the version is not HTTP/1.1 or HTTP/1.0"
	}
	m.method, m.target, m.version = parts[0], parts[1], parts[2]
	return ""
}

// parseStatusLine reads "HTTP/1.x SP 3DIGIT [SP REASON]" and returns "" or
// why it is not one.
func (m *message) parseStatusLine(line string) string {
	if i := indexCTL(line, true); i >= 0 {
		return "a control character at column " + strconv.Itoa(i+1)
	}
	version, rest, _ := strings.Cut(line, " ")
	if !isVersion(version) {
		return "the version is not HTTP/1.1 or HTTP/1.0"
	}
	m.version = version
	code, _, _ := strings.Cut(rest, " ")
	if len(code) != 3 || code[0] < '1' || code[0] > '5' || !isDigit(code[1]) || !isDigit(code[2]) {
		return "the status code is not three digits from 100 to 599"
	}
	m.status, _ = strconv.Atoi(code)
	return ""
}

// keptHeaders are the header fields a message keeps, by canonical key: the
// ones croschema.LintRequest and croschema.LintResponse read (the header
// models, a request's Content-Encoding, a response's CORS headers, Allow,
// WWW-Authenticate and Location) and the ones that frame the body. Others
// are read for their syntax only, so that no number of them costs memory.
var keptHeaders = func() []string {
	kept := []string{"Content-Length", "Transfer-Encoding"}
	for _, name := range []string{"authorization", "content-type", "x-api-version", "x-request-id", "x-tenant-id",
		"content-encoding", "access-control-allow-origin", "access-control-allow-headers",
		"access-control-allow-methods", "allow", "www-authenticate", "location"} {
		kept = append(kept, textproto.CanonicalMIMEHeaderKey(name))
	}
	return kept
}()

// parseHeaders reads header lines up to the blank line that ends them,
// reporting every malformed line (up to maxViolations) and keeping the
// others. It reports whether it found that blank line.
func (m *message) parseHeaders(l *lines) bool {
	// bad reports line l.n (or, for line 0, the header section) with a
	// detail and, from 1, the column it names.
	bad := func(line, column int, detail string) {
		switch n := len(m.headVs); {
		case n < maxViolations:
			if column > 0 {
				detail += " at column " + strconv.Itoa(column) + "; the line is ignored"
			}
			if line > 0 {
				detail = "line " + strconv.Itoa(line) + ": " + detail
			}
			m.headVs = append(m.headVs, syntax(detail))
		case n == maxViolations:
			m.headVs = append(m.headVs, syntax(detail)).Cap() // the limit violation in its place
		}
	}
	const unended = "the message ends inside the header section: no blank line after the headers"
	for {
		line, terminated, ok := l.next()
		if !ok {
			bad(0, 0, unended)
			return false
		}
		if len(line) == 0 && terminated {
			return true
		}
		// RFC 9112 section 2.2 and RFC 9110 section 5.5: a bare CR or a
		// NUL makes the line invalid, and a recipient must not read
		// another field out of it. Nor is any other control character
		// part of a field.
		if i := indexCTL(line, true); i >= 0 {
			bad(l.n, i+1, ctlNames[min(line[i], 0x20)])
		} else if line[0] == ' ' || line[0] == '\t' {
			bad(l.n, 0, "obsolete line folding (a header line starting with a space or tab); the line is ignored")
		} else if name, value, found := bytes.Cut(line, []byte(":")); !found {
			bad(l.n, 0, "not a header line (no colon); the line is ignored")
		} else if !isToken(name) {
			bad(l.n, 0, "the header name is not a token (no spaces before the colon); the line is ignored")
		} else if key := keptKey(name); key != "" {
			m.header[key] = append(m.header[key], string(bytes.Trim(value, " \t")))
		}
		if !terminated {
			bad(l.n, 0, unended)
			return false
		}
	}
}

// keptKey returns the canonical key of a header name that keptHeaders
// holds, without allocating, or "".
func keptKey(name []byte) string {
	for _, key := range keptHeaders {
		if len(key) == len(name) && strings.EqualFold(key, string(name)) {
			return key
		}
	}
	return ""
}

// ctlNames name the control characters for a detail, by byte (DEL at
// 0x20), without quoting the line that holds them.
var ctlNames = func() (names [0x21]string) {
	const hex = "0123456789abcdef"
	for c := range names {
		names[c] = "a control character (byte 0x" + string(hex[c>>4]) + string(hex[c&15]) + ")"
	}
	names['\r'] = "a bare CR (not followed by LF)"
	names[0] = "a NUL byte"
	names[0x20] = "a control character (byte 0x7f, DEL)"
	return names
}()

// frame finds the body in rest, the bytes after the header section, by the
// message's Content-Length and Transfer-Encoding headers.
func (m *message) frame(rest []byte) {
	// RFC 9112 section 6.3: a response to HEAD, and every 1xx, 204 and
	// 304 response, ends with its header section.
	if !m.request && (m.headRequest || m.status < 200 || m.status == 204 || m.status == 304) {
		if !lineEnding(rest) {
			what := "a " + strconv.Itoa(m.status) + " response"
			if m.headRequest {
				what = "a response to HEAD"
			}
			m.framingVs = append(m.framingVs, syntax(what+" has no body, but "+plural(len(rest), "byte")+" follow the headers"))
		}
		m.bodyOK, m.noBody = true, true
		return
	}
	te, hasTE := m.header["Transfer-Encoding"]
	cl, hasCL := m.header["Content-Length"]
	switch {
	case hasTE && m.version == "HTTP/1.0":
		// RFC 9112 section 6.1: HTTP/1.0 has no Transfer-Encoding; a
		// recipient treats such a message's framing as faulty.
		m.framingVs = append(m.framingVs, syntax("Transfer-Encoding in an HTTP/1.0 message: the framing is faulty (RFC 9112 section 6.1), so the body cannot be read"))
	case hasTE:
		if hasCL {
			m.framingVs = append(m.framingVs, syntax("both Transfer-Encoding and Content-Length: a message must not send both"))
		}
		if !onlyChunked(te) {
			m.framingVs = append(m.framingVs, syntax("a Transfer-Encoding other than chunked: the body cannot be read"))
			return
		}
		body, n, err := dechunk(rest)
		if err != nil {
			m.framingVs = append(m.framingVs, syntax("chunked body: "+err.Error()))
			return
		}
		if !lineEnding(rest[n:]) {
			m.framingVs = append(m.framingVs, syntax(plural(len(rest)-n, "byte")+" after the end of the chunked body"))
		}
		m.body, m.bodyOK = body, true
	case hasCL:
		n, ok := contentLength(cl)
		if !ok {
			m.framingVs = append(m.framingVs, syntax("Content-Length is not one non-negative integer: the body cannot be read"))
			return
		}
		if int64(len(rest)) < n {
			m.framingVs = append(m.framingVs, syntax("truncated body: Content-Length is "+strconv.FormatInt(n, 10)+
				" but "+plural(len(rest), "byte")+" follow the headers"))
			return
		}
		if extra := rest[n:]; !lineEnding(extra) {
			m.framingVs = append(m.framingVs, syntax(plural(len(extra), "byte")+" after the "+
				strconv.FormatInt(n, 10)+"-byte body that Content-Length announces"))
		}
		m.body, m.bodyOK = rest[:n], true
	case m.request:
		// Without either header a request has no body (RFC 9112 section
		// 6.3): a server reads what follows as the next request.
		if !lineEnding(rest) {
			m.framingVs = append(m.framingVs, syntax(plural(len(rest), "byte")+
				" follow the headers without Content-Length or Transfer-Encoding: chunked, so a server reads no body"))
			m.body, m.unframed = rest, true
		}
		m.bodyOK = true
	default:
		// A response without either header ends when the connection closes:
		// its body is the rest of the input.
		m.body, m.bodyOK = rest, true
	}
}

// dechunk decodes a chunked body at the start of b and returns it with the
// number of bytes it took, trailer section included. Trailer fields are
// read and not checked.
func dechunk(b []byte) (body []byte, n int, err error) {
	l := &lines{data: b}
	body = []byte{}
	for {
		line, terminated, ok := l.next()
		if !ok || !terminated {
			return nil, 0, errors.New("truncated: no last chunk (a chunk of size 0)")
		}
		hex, _, _ := bytes.Cut(line, []byte(";")) // chunk extensions are ignored
		hex = bytes.TrimRight(hex, " \t")
		size, ok := parseHex(hex)
		if !ok {
			return nil, 0, errors.New("a chunk size that is not a hexadecimal number")
		}
		if size == 0 {
			break
		}
		if left := len(b) - l.pos; size > int64(left) {
			return nil, 0, errors.New("truncated: a chunk of " + strconv.FormatInt(size, 10) +
				" bytes with " + plural(left, "byte") + " left")
		}
		body = append(body, b[l.pos:l.pos+int(size)]...)
		l.pos += int(size)
		switch {
		case bytes.HasPrefix(b[l.pos:], []byte("\r\n")):
			l.pos += 2
		case bytes.HasPrefix(b[l.pos:], []byte("\n")):
			l.pos++
		default:
			return nil, 0, errors.New("chunk data not followed by a line ending")
		}
	}
	for {
		line, terminated, ok := l.next()
		if !ok || !terminated {
			return nil, 0, errors.New("truncated: no blank line after the last chunk")
		}
		if len(line) == 0 {
			return body, l.pos, nil
		}
		if i := indexCTL(line, true); i >= 0 {
			// As in the header section (RFC 9112 section 2.2).
			return nil, 0, errors.New("a trailer field line holds " + ctlNames[min(line[i], 0x20)])
		}
	}
}

// parseHex parses a chunk size: 1 to 15 hexadecimal digits.
func parseHex(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 15 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		switch {
		case isDigit(c):
			n = n<<4 | int64(c-'0')
		case 'a' <= c|0x20 && c|0x20 <= 'f':
			n = n<<4 | int64(c|0x20-'a'+10)
		default:
			return 0, false
		}
	}
	return n, true
}

// contentLength reads the Content-Length values: each a comma-separated
// list of the same decimal number (RFC 9110 section 8.6).
func contentLength(values []string) (int64, bool) {
	n := int64(-1)
	for _, v := range values {
		for more := true; more; {
			var s string
			s, v, more = strings.Cut(v, ",")
			s = strings.Trim(s, " \t")
			if s == "" || len(s) > 18 || strings.Trim(s, "0123456789") != "" {
				return 0, false
			}
			m, _ := strconv.ParseInt(s, 10, 64)
			if n >= 0 && m != n {
				return 0, false
			}
			n = m
		}
	}
	return n, n >= 0
}

// onlyChunked reports whether the Transfer-Encoding values name chunked
// and nothing else.
func onlyChunked(values []string) bool {
	chunked := 0
	for _, v := range values {
		for more := true; more; {
			var s string
			s, v, more = strings.Cut(v, ",")
			switch s = strings.Trim(s, " \t"); {
			case s == "":
			case strings.EqualFold(s, "chunked"):
				chunked++
			default:
				return false
			}
		}
	}
	return chunked == 1
}

// lineEnding reports whether b is empty or one line ending: the final
// newline an editor adds to a file is not data.
func lineEnding(b []byte) bool {
	return len(b) == 0 || string(b) == "\n" || string(b) == "\r\n"
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}

// isToken reports whether s is an HTTP token (RFC 9110 section 5.6.2).
func isToken[S string | []byte](s S) bool {
	if len(s) == 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c|0x20 && c|0x20 <= 'z' || isDigit(c) || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0 {
			continue
		}
		return false
	}
	return true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isVersion(s string) bool { return s == "HTTP/1.1" || s == "HTTP/1.0" }

// indexCTL returns the index of the first control character in s (a byte
// below 0x20, or DEL), tab excepted when tab is true, or -1.
func indexCTL[S string | []byte](s S, tab bool) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && !(tab && c == '\t') || c == 0x7f {
			return i
		}
	}
	return -1
}

// requestPath returns the path of a request target in origin form
// ("/customers/1/contacts?x") or absolute form
// ("https://api.example.com/customers/1/contacts"), and false for any other
// form ("*", "example.com:443").
func requestPath(target string) (string, bool) {
	if strings.HasPrefix(target, "/") {
		return target, true
	}
	for _, scheme := range []string{"http://", "https://"} {
		if len(target) >= len(scheme) && strings.EqualFold(target[:len(scheme)], scheme) {
			rest := target[len(scheme):]
			if i := strings.IndexAny(rest, "/?"); i >= 0 && rest[i] == '/' {
				return rest[i:], true
			} else if i >= 0 {
				return "/" + rest[i:], true
			}
			return "/", true
		}
	}
	return "", false
}

// lintRequest checks data as a raw request to one of the endpoints: the
// message as HTTP, then croschema.LintRequest of what it holds. No
// violation quotes a piece of the token that the path or the body holds.
func lintRequest(data []byte) croschema.Violations {
	m, ok := parseMessage(data, true, "")
	vs := m.headVs
	if !ok {
		return vs.Cap()
	}
	switch {
	case m.bodyOK && !m.unframed:
		_, err := croschema.LintRequest(m.method, m.target, m.header, m.body)
		vs = appendError(vs, err)
	case m.bodyOK:
		// Bytes after the headers of a request without framing: a server
		// reads no body (framingVs says so), but they are still checked as
		// the body the client meant, on an endpoint that takes one.
		req, err := croschema.LintRequestHead(m.method, m.target, m.header)
		vs = appendError(vs, err)
		if req.Endpoint.RequestModel() != croschema.ModelNone {
			vs = appendError(vs, req.LintBody(m.body))
		}
	default: // the body is not known whole: what the message says of it is reported
		_, err := croschema.LintRequestHead(m.method, m.target, m.header)
		vs = appendError(vs, err)
	}
	return append(vs, m.framingVs...).Cap()
}

// lintResponse checks data as a raw response to a request with the given
// method ("" when not known; a response to HEAD has no body): the message
// as HTTP, then croschema.LintResponse of what it holds, for a request of
// which nothing else is known.
func lintResponse(data []byte, method string) croschema.Violations {
	m, ok := parseMessage(data, false, method)
	vs := m.headVs
	if !ok {
		return vs.Cap()
	}
	req := croschema.Request{Method: method}
	body := m.body
	if !m.bodyOK {
		body = nil
	}
	err := croschema.LintResponse(&req, m.status, m.header, body)
	if !m.bodyOK { // a body cut short or badly framed: its framing says so, its content is not checked
		err = withoutBody(err)
	}
	vs = appendError(vs, err)
	return append(vs, m.framingVs...).Cap()
}

// withoutBody returns the violations of err but those of a body.
func withoutBody(err error) error {
	var vs croschema.Violations
	if !errors.As(err, &vs) {
		return err
	}
	var out croschema.Violations
	for _, v := range vs {
		if v.Location != "" && v.Location[0] != '/' {
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// appendError appends the violations of err, nil or a croschema.Violations.
func appendError(vs croschema.Violations, err error) croschema.Violations {
	if err == nil {
		return vs
	}
	var more croschema.Violations
	if errors.As(err, &more) {
		return append(vs, more...)
	}
	return append(vs, syntax(err.Error()))
}
