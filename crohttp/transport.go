package crohttp

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/internal/inert"
	"github.com/croschema/croschema/internal/redact"
	"github.com/croschema/croschema/internal/scrub"
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
// base (http.DefaultTransport when nil) and lints each request and response
// of the API's three endpoints, calling report with every message that
// breaks the contract:
//
//   - a request: its request line (croschema.MatchEndpoint; a method the
//     path does not allow is a method violation), its headers
//     (croschema.LintRequestHeaders) and, for POST and PATCH, its body as
//     the endpoint's request model;
//   - a response: its status (a 2xx other than 200 is a violation at
//     location "status", code enum), its headers (croschema.LintResponseHeaders) and its body,
//     as a CustomerContactModel for a 2xx status and as the API's error body
//     for a 4xx or 5xx; HEAD answers and 1xx, 204, 304 and 3xx bodies are not
//     checked.
//
// Messages that conform are not reported. A request whose path names no
// endpoint (path violation), and every OPTIONS request (a CORS preflight,
// which carries no token), pass through unchecked, with their responses.
// HEAD is checked as GET without a response body.
//
// Traffic passes through unchanged and streams: the transport never reads
// ahead of its users. A request body that http.NewRequest can replay
// (GetBody) is read from a copy before sending, and its report comes before
// the request is sent; another is checked as the base transport reads it.
// A response body is checked as the caller reads it, and its report comes
// when the caller reads its end, or on Close: a body closed before its end
// is not checked, and only its headers are reported. A body is kept up to
// 1 MiB, the API's limit (RULES.md "Serving the API"); a longer one passes
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

// RoundTrip implements http.RoundTripper.
func (t *lintTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method == http.MethodOptions || req.URL == nil {
		return t.base.RoundTrip(req)
	}
	path := req.URL.EscapedPath()
	e, _, err := croschema.MatchEndpoint(req.Method, path) // HEAD is GetContact
	var vs croschema.Violations
	if err != nil {
		vs = asViolations(err)
		if vs.Has("path", croschema.CodePath) {
			return t.base.RoundTrip(req)
		}
	}
	if _, err := croschema.LintRequestHeaders(req.Header, req.Method); err != nil {
		vs = append(vs, asViolations(err)...)
	}

	// The token of the request must not reach a report: the request's
	// other headers and body may hold it, and the server may echo it.
	secrets := scrub.Secrets(req.Header)
	shown := redact.String(path, secrets...) // a path may hold the token too
	rep := Report{Direction: DirectionRequest, Endpoint: e, Method: req.Method, Path: shown}
	emit := func(vs croschema.Violations) {
		if len(vs) > 0 {
			rep.Violations = scrub.Violations(vs, secrets)
			t.report(rep)
		}
	}
	out := req
	switch model := e.RequestModel(); {
	case model == croschema.ModelNone:
		emit(vs)
	case req.Body == nil || req.Body == http.NoBody:
		emit(append(vs, lintModel(model, nil)...))
	case req.GetBody != nil && lintReplay(req, model, &vs):
		emit(vs)
	default:
		headVs := vs
		out = req.Clone(req.Context())
		out.Body = &lintBody{rc: req.Body, finish: func(data []byte, complete, tooLarge bool) {
			emit(append(headVs, lintData(model, data, complete, tooLarge)...))
		}}
	}

	resp, err := t.base.RoundTrip(out)
	if err != nil {
		return resp, err
	}
	resp.Request = req

	rrep := Report{Direction: DirectionResponse, Endpoint: e, Method: req.Method, Path: shown, StatusCode: resp.StatusCode}
	var rvs croschema.Violations
	if _, err := croschema.LintResponseHeaders(resp.Header); err != nil {
		rvs = asViolations(err)
	}
	if resp.StatusCode/100 == 2 && resp.StatusCode != http.StatusOK {
		rvs = append(rvs, statusViolation(resp.StatusCode))
	}
	remit := func(vs croschema.Violations) {
		if len(vs) > 0 {
			rrep.Violations = scrub.Violations(vs, secrets)
			t.report(rrep)
		}
	}
	model := responseModel(e, req.Method, resp.StatusCode)
	if model == croschema.ModelNone || resp.Body == nil || resp.Body == http.NoBody {
		if model != croschema.ModelNone {
			rvs = append(rvs, lintModel(model, nil)...)
		}
		remit(rvs)
		return resp, nil
	}
	resp.Body = &lintBody{rc: resp.Body, finish: func(data []byte, complete, tooLarge bool) {
		remit(append(rvs, lintData(model, data, complete, tooLarge)...))
	}}
	return resp, nil
}

// statusViolation is the violation of a 2xx status other than 200: the API
// answers every success of its endpoints 200 (RULES.md "Serving the API").
func statusViolation(status int) croschema.Violation {
	return croschema.Violation{Location: "status", Code: croschema.CodeEnum,
		Detail: "the API answers a success 200, not " + strconv.Itoa(status)}
}

// responseModel returns the model of the body of a response with the given
// status to a request of e with method, or ModelNone when the body is not
// checked.
func responseModel(e croschema.Endpoint, method string, status int) croschema.Model {
	switch {
	case method == http.MethodHead, status < 200, status == http.StatusNoContent, status == http.StatusNotModified:
		return croschema.ModelNone
	case status <= 299:
		if !e.IsValid() {
			return croschema.ModelCustomerContact // every endpoint's success body
		}
		return e.ResponseModel()
	case status >= 400:
		return croschema.ModelAPIError
	}
	return croschema.ModelNone
}

// lintReplay lints the body of req from a copy that GetBody returns,
// appending to vs. It reports false, and leaves vs alone, when GetBody
// fails.
func lintReplay(req *http.Request, model croschema.Model, vs *croschema.Violations) bool {
	rc, err := req.GetBody()
	if err != nil || rc == nil {
		return false
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, DefaultBodyLimit+1))
	if err != nil {
		return false
	}
	tooLarge := len(data) > DefaultBodyLimit
	*vs = append(*vs, lintData(model, data, true, tooLarge)...)
	return true
}

// lintData lints a body that a lintBody kept.
func lintData(model croschema.Model, data []byte, complete, tooLarge bool) croschema.Violations {
	switch {
	case tooLarge:
		return croschema.Violations{{
			Field:  model.String(),
			Code:   croschema.CodeMaxLength,
			Detail: "the body is larger than " + strconv.Itoa(DefaultBodyLimit) + " bytes, the API's limit; not checked",
		}}
	case !complete:
		return nil
	}
	return lintModel(model, data)
}

// lintModel returns the violations of data as a document of m.
func lintModel(m croschema.Model, data []byte) croschema.Violations {
	return asViolations(m.Lint(data))
}

// lintBody passes a body through, keeping its first DefaultBodyLimit+1 bytes,
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
		b.data = append(b.data, p[:min(n, DefaultBodyLimit+1-len(b.data))]...)
		if len(b.data) > DefaultBodyLimit {
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
