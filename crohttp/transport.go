package crohttp

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/internal/coding"
	"github.com/croschema/croschema/internal/inert"
	"github.com/croschema/croschema/internal/redact"
)

// A Direction says which message of an exchange a Report is about.
// The zero Direction is not a valid direction.
type Direction uint8

// The two directions.
const (
	DirectionRequest  Direction = iota + 1 // the request a client sent
	DirectionResponse                      // the response it got
)

// String returns "request", "response", or "invalid Direction".
func (d Direction) String() string {
	switch d {
	case DirectionRequest:
		return "request"
	case DirectionResponse:
		return "response"
	}
	return "invalid Direction"
}

// A Report is what NewTransport's callback receives for one message that
// breaks the contract, and what WithLenientResponses reports.
type Report struct {
	Direction Direction
	// Endpoint is the endpoint of the request line, or the zero Endpoint
	// when the path names an endpoint but not for this method.
	Endpoint   croschema.Endpoint
	Method     string // the request's method, such as "PATCH"
	Path       string // the request's path as sent, such as "/customers/1042/contacts/7" (any piece of the token in it redacted)
	StatusCode int    // the response's status; 0 in a request's Report
	// Violations is every violation of the message, request line first,
	// then headers, then body. It never holds the bearer token, nor any
	// run of 4 of its characters, even when the server echoes it.
	Violations croschema.Violations
}

// String returns one line per violation, each naming the method, path,
// direction (with the status of a response), location, code and detail,
// with what a terminal would act on escaped, as Violation.String does:
//
//	PATCH /customers/1042/contacts/7: response 200: /fax: min_length: 3 characters, at least 7 required
func (r Report) String() string {
	head := inert.Text(r.Method) + " " + inert.Text(r.Path) + ": " + r.Direction.String()
	if r.Direction == DirectionResponse {
		head += " " + strconv.Itoa(r.StatusCode)
	}
	head += ": "
	var b strings.Builder
	for i, v := range r.Violations {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(head)
		b.WriteString(v.String())
	}
	return b.String()
}

// NewTransport returns an http.RoundTripper that sends every request with
// base (http.DefaultTransport when nil) and checks each request and
// response of the API's endpoints with croschema.LintRequest and
// croschema.LintResponse, calling report with every message that breaks
// the contract: a request's line, headers and body; a response's status
// (by the request: a 2xx other than 200, a 3xx, a 200 to a request the
// API rejects), headers and body, and their echoes of the request.
//
// A path names the API's endpoints after any prefix of whole segments, as
// a Client's base URL may give one ("http://host/cro" makes
// "/cro/customers/1042/contacts/7"): the prefix is left out of the check.
// A request whose path names no endpoint, and every OPTIONS request (a CORS
// preflight, which carries no token), pass through unchecked, with their
// responses. Messages that conform are not reported.
//
// Traffic passes through unchanged and streams: the transport never reads
// ahead of its users. A request body that http.NewRequest can replay
// (GetBody) is read from a copy before sending, and its report comes before
// the request is sent; another is checked as the base transport reads it.
// A response body is checked as the caller reads it, decoded first when
// its Content-Encoding is gzip (which net/http leaves to a caller that
// sent Accept-Encoding itself), and its report comes when the caller reads
// its end, or on Close: a body closed before its end is not checked, and
// only its status and headers are reported. A body is kept up to
// croschema.DefaultBodyLimit, 1 MiB, the API's limit; a longer one passes
// through whole and is reported as one max_length violation at "", not
// checked further. The transport starts no goroutine.
//
// report may be called from the base transport's goroutines, concurrently
// with itself; a nil report discards reports.
func NewTransport(base http.RoundTripper, report func(Report)) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	if report == nil {
		report = func(Report) {}
	}
	return &lintTransport{base: base, report: report}
}

// lintTransport is the RoundTripper of NewTransport.
type lintTransport struct {
	base   http.RoundTripper
	report func(Report)
}

// apiPath returns the part of path that names an endpoint, after a prefix
// of whole segments, and whether there is one. A path whose method is
// wrong names one too: the method is the violation.
func apiPath(method, path string) (string, bool) {
	for p := path; ; {
		if _, _, err := croschema.MatchEndpoint(method, p); err == nil || !isPathViolation(err) {
			return p, true
		}
		i := strings.IndexByte(p[min(1, len(p)):], '/')
		if i < 0 {
			return "", false
		}
		p = p[i+1:]
	}
}

// isPathViolation reports whether err is MatchEndpoint's "names no
// endpoint".
func isPathViolation(err error) bool {
	vs, _ := err.(croschema.Violations)
	return vs.Has("path", croschema.CodePath)
}

// RoundTrip implements http.RoundTripper.
func (t *lintTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req == nil || req.URL == nil || req.Method == http.MethodOptions {
		return t.base.RoundTrip(req)
	}
	path, ok := apiPath(req.Method, req.URL.EscapedPath())
	if !ok {
		return t.base.RoundTrip(req)
	}
	lr, err := croschema.LintRequestHead(req.Method, path, req.Header)
	headVs := asViolations(err)

	// The token of the request must not reach a report: the request's
	// other headers and body may hold it, and the server may echo it. The
	// lint removes it from the violations; the path is the transport's to
	// clean, and only when there is a report to show it in.
	rep := Report{Direction: DirectionRequest, Endpoint: lr.Endpoint, Method: req.Method}
	emit := func(r Report, vs croschema.Violations) {
		if len(vs) > 0 {
			r.Path = redact.FromHeader(req.Header).String(req.URL.EscapedPath())
			r.Violations = vs
			t.report(r)
		}
	}
	checkBody := func(data []byte, tooLarge bool) croschema.Violations {
		vs := headVs[:len(headVs):len(headVs)]
		if tooLarge {
			return append(vs, asViolations(lr.BodyTooLarge(croschema.DefaultBodyLimit))...)
		}
		return append(vs, asViolations(lr.LintBody(data))...)
	}
	out := req
	switch {
	case req.Body == nil || req.Body == http.NoBody:
		emit(rep, checkBody(nil, false))
	case req.GetBody != nil && lintReplay(req, func(data []byte, tooLarge bool) { emit(rep, checkBody(data, tooLarge)) }):
	default:
		out = req.Clone(req.Context())
		out.Body = &lintBody{rc: req.Body, finish: func(data []byte, complete, tooLarge bool) {
			if complete || tooLarge {
				emit(rep, checkBody(data, tooLarge))
			} else {
				emit(rep, headVs)
			}
		}}
	}

	resp, err := t.base.RoundTrip(out)
	if err != nil {
		return resp, err
	}
	resp.Request = req

	rrep := Report{Direction: DirectionResponse, Endpoint: lr.Endpoint, Method: req.Method, StatusCode: resp.StatusCode}
	lintResponse := func(data []byte, complete, tooLarge bool) {
		var vs croschema.Violations
		switch {
		case tooLarge:
			vs = asViolations(croschema.LintResponse(&lr, resp.StatusCode, resp.Header, nil))
			vs = append(withoutBody(vs), croschema.Violation{Location: "", Code: croschema.CodeMaxLength,
				Detail: "the body is larger than " + strconv.Itoa(croschema.DefaultBodyLimit) + " bytes, the API's limit; not checked"})
		case !complete:
			vs = withoutBody(asViolations(croschema.LintResponse(&lr, resp.StatusCode, resp.Header, nil)))
		default:
			plain, derr := coding.Decode(resp.Header, data, croschema.DefaultBodyLimit)
			if derr != nil {
				vs = withoutBody(asViolations(croschema.LintResponse(&lr, resp.StatusCode, resp.Header, nil)))
				// The error quotes the content-encoding, which may echo the token.
				detail := redact.FromHeader(req.Header).String(derr.Error())
				vs = append(vs, croschema.Violation{Location: "", Code: croschema.CodeSyntax, Detail: detail + "; the body is not checked"})
			} else {
				vs = asViolations(croschema.LintResponse(&lr, resp.StatusCode, resp.Header, plain))
			}
		}
		emit(rrep, vs)
	}
	if resp.Body == nil || resp.Body == http.NoBody {
		lintResponse(nil, true, false)
		return resp, nil
	}
	resp.Body = &lintBody{rc: resp.Body, finish: lintResponse}
	return resp, nil
}

// withoutBody returns vs without the violations of a body (at a JSON
// Pointer or at ""): those of a body that was not read, or not whole.
func withoutBody(vs croschema.Violations) croschema.Violations {
	out := vs[:0:0]
	for _, v := range vs {
		if !isBody(v) {
			out = append(out, v)
		}
	}
	return out
}

// lintReplay reads the body of req from a copy that GetBody returns and
// calls finish with it. It reports false, and does not call finish, when
// GetBody fails.
func lintReplay(req *http.Request, finish func(data []byte, tooLarge bool)) bool {
	rc, err := req.GetBody()
	if err != nil || rc == nil {
		return false
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, croschema.DefaultBodyLimit+1))
	if err != nil {
		return false
	}
	finish(data, len(data) > croschema.DefaultBodyLimit)
	return true
}

// lintBody passes a body through, keeping its first
// croschema.DefaultBodyLimit+1 bytes,
// and calls finish once: at the end of the body (complete) or on Close or a
// read error (not complete). Close may come from another goroutine than
// Read, as net/http allows.
type lintBody struct {
	rc     io.ReadCloser
	finish func(data []byte, complete, tooLarge bool)

	mu       sync.Mutex
	data     []byte
	tooLarge bool
	done     bool
}

// Read implements io.Reader.
func (b *lintBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	b.mu.Lock()
	if b.done {
		b.mu.Unlock()
		return n, err
	}
	if !b.tooLarge {
		b.data = append(b.data, p[:min(n, croschema.DefaultBodyLimit+1-len(b.data))]...)
		if len(b.data) > croschema.DefaultBodyLimit {
			b.tooLarge, b.data = true, nil
		}
	}
	if err == nil {
		b.mu.Unlock()
		return n, nil
	}
	b.done = true
	data, tooLarge := b.data, b.tooLarge
	b.mu.Unlock()
	b.finish(data, err == io.EOF, tooLarge)
	return n, err
}

// Close implements io.Closer.
func (b *lintBody) Close() error {
	err := b.rc.Close()
	b.mu.Lock()
	if b.done {
		b.mu.Unlock()
		return err
	}
	b.done = true
	tooLarge := b.tooLarge
	b.mu.Unlock()
	b.finish(nil, false, tooLarge)
	return err
}
