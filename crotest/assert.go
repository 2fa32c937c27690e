package crotest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/internal/inert"
	"github.com/croschema/croschema/internal/redact"
)

// AssertValid checks that body is a valid document of the model m, such as
// croschema.ModelCustomerContact, by the package's strict lint, and fails t
// with every violation otherwise:
//
//	crotest: not a valid CustomerContactModel document:
//	    /fax: min_length: 3 characters, at least 7 required
//
// It returns whether body is valid. msgAndArgs, as testify takes them, add
// a line to the failure message.
func AssertValid(t testing.TB, m croschema.Model, body []byte, msgAndArgs ...any) bool {
	t.Helper()
	vs := lint(m, body)
	if len(vs) == 0 {
		return true
	}
	t.Errorf("%s", failure("crotest: not a valid "+m.String()+" document:", lines(vs), msgAndArgs))
	return false
}

// A Want is a violation a test expects: its location and code, such as
// {"/fax", croschema.CodeMinLength}. Details are for people and not
// compared.
type Want struct {
	Location string
	Code     croschema.Code
}

// String returns "LOCATION CODE", the location quoted when it is empty.
func (w Want) String() string {
	loc := w.Location
	if loc == "" {
		loc = `""`
	}
	return loc + " " + string(w.Code)
}

// AssertViolations checks that the strict lint of body as a document of m
// finds exactly the set of (location, code) pairs want, in any order
// (duplicates count once: two bad items of an email list are one {"/email",
// email}), and fails t otherwise, naming what is missing and what is not
// expected:
//
//	crotest: the violations of the CustomerContactModel document differ:
//	    missing:    /fax min_length
//	    unexpected: /name: required: required key is missing
//
// It returns whether they are the same. An empty want asserts a valid body.
func AssertViolations(t testing.TB, m croschema.Model, body []byte, want []Want, msgAndArgs ...any) bool {
	t.Helper()
	vs := lint(m, body)
	got := make(map[Want]bool, len(vs))
	for _, v := range vs {
		got[Want{v.Location, v.Code}] = true
	}
	wanted := make(map[Want]bool, len(want))
	var diff []string
	for _, w := range want {
		wanted[w] = true
		if !got[w] {
			diff = append(diff, "missing:    "+w.String())
		}
	}
	seen := make(map[Want]bool, len(vs))
	for _, v := range vs {
		w := Want{v.Location, v.Code}
		if !wanted[w] && !seen[w] {
			diff = append(diff, "unexpected: "+v.String())
		}
		seen[w] = true
	}
	if len(diff) == 0 {
		return true
	}
	t.Errorf("%s", failure("crotest: the violations of the "+m.String()+" document differ:", diff, msgAndArgs))
	return false
}

// AssertResponse checks that resp, an answer to a request of endpoint e
// (such as an httptest.ResponseRecorder's Result()), conforms to RULES.md
// "Serving the API", as croschema.LintResponse judges it against the
// request, and fails t with every way it does not, each naming its location
// ("status", a lower-case header name, or a body's JSON Pointer), code and
// detail: the status the API answers that request with, the headers and
// their echoes of the request's, the body by endpoint and status.
//
// The request is resp.Request when it is set (its body is read from
// GetBody when it can be, else the statuses of a body that breaks a rule
// are allowed too), else e's method on e's path template, of which little
// is known. AssertResponse reads the body, at most 1 MiB of it, and leaves
// resp.Body re-readable from its start. It returns whether resp conforms.
// The failure message never shows the authorization header of
// resp.Request, nor any run of 4 characters of its token that the response
// echoes.
func AssertResponse(t testing.TB, e croschema.Endpoint, resp *http.Response, msgAndArgs ...any) bool {
	t.Helper()
	if resp == nil {
		t.Errorf("%s", failure("crotest: AssertResponse: a nil *http.Response", nil, msgAndArgs))
		return false
	}
	method, path := e.Method(), e.Path()
	req := croschema.Request{Method: method, Endpoint: e, Allow: e.Allow()}
	var secrets *redact.Set
	if r := resp.Request; r != nil && r.URL != nil {
		method, path = r.Method, r.URL.EscapedPath()
		secrets = redact.FromHeader(r.Header)
		req, _ = croschema.LintRequestHead(r.Method, path, r.Header)
		if r.GetBody != nil {
			if rc, err := r.GetBody(); err == nil && rc != nil {
				data, err := io.ReadAll(io.LimitReader(rc, croschema.DefaultBodyLimit+1))
				_ = rc.Close()
				if err == nil && len(data) <= croschema.DefaultBodyLimit {
					_ = req.LintBody(data)
				}
			}
		}
	}

	var body []byte
	if resp.Body != nil && resp.Body != http.NoBody {
		var err error
		body, err = io.ReadAll(io.LimitReader(resp.Body, croschema.DefaultBodyLimit+1))
		resp.Body = readCloser{io.MultiReader(bytes.NewReader(body), resp.Body), resp.Body}
		if err != nil {
			t.Errorf("%s", failure("crotest: reading the body of the "+strconv.Itoa(resp.StatusCode)+" response to "+
				inert.Text(method)+" "+inert.Text(secrets.String(path))+": "+inert.Text(secrets.String(err.Error())), nil, msgAndArgs))
			return false
		}
	}
	vs := violations(croschema.LintResponse(&req, resp.StatusCode, resp.Header, body))
	if len(vs) == 0 {
		return true
	}
	head := "crotest: the " + strconv.Itoa(resp.StatusCode) + " response to " + inert.Text(method) + " " +
		inert.Text(secrets.String(path)) + " does not conform:"
	t.Errorf("%s", secrets.String(failure(head, lines(vs), msgAndArgs)))
	return false
}

// lint returns the violations of body as a document of m.
func lint(m croschema.Model, body []byte) croschema.Violations {
	return violations(m.Lint(body))
}

// violations returns the Violations in err, nil for nil.
func violations(err error) croschema.Violations {
	var vs croschema.Violations
	if err != nil && !errors.As(err, &vs) {
		vs = croschema.Violations{{Code: croschema.CodeSyntax, Detail: err.Error()}}
	}
	return vs
}

// readCloser is a body read from r and closed with c.
type readCloser struct {
	io.Reader
	io.Closer
}

// lines returns each violation's String.
func lines(vs croschema.Violations) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.String()
	}
	return out
}

// failure returns a failure message: head, then each line indented, then
// the caller's message, formatted as testify does.
func failure(head string, lines []string, msgAndArgs []any) string {
	var b strings.Builder
	b.WriteString(head)
	for _, l := range lines {
		b.WriteString("\n    ")
		b.WriteString(l)
	}
	if msg := message(msgAndArgs); msg != "" {
		b.WriteString("\n    message: ")
		b.WriteString(msg)
	}
	return b.String()
}

// message formats msgAndArgs as testify does: a lone value is printed as
// it is, a format string and its arguments with fmt.Sprintf.
func message(msgAndArgs []any) string {
	switch len(msgAndArgs) {
	case 0:
		return ""
	case 1:
		if s, ok := msgAndArgs[0].(string); ok {
			return s
		}
		return fmt.Sprintf("%+v", msgAndArgs[0])
	}
	if format, ok := msgAndArgs[0].(string); ok {
		return fmt.Sprintf(format, msgAndArgs[1:]...)
	}
	return fmt.Sprint(msgAndArgs...)
}
