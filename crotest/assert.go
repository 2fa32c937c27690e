package crotest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/internal/inert"
	pieces "github.com/croschema/croschema/internal/redact"
	"github.com/croschema/croschema/internal/scrub"
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

// answeredStatuses are the statuses a conforming server answers on the
// endpoints (RULES.md "Serving the API"), to OPTIONS apart.
var answeredStatuses = []int{200, 400, 401, 403, 404, 405, 413, 415}

// optionsStatuses are those it answers to OPTIONS: 204 on a path that
// names an endpoint, 404 on any other.
var optionsStatuses = []int{204, 404}

// AssertResponse checks that resp, an answer to a request of endpoint e
// (such as an httptest.ResponseRecorder's Result()), conforms to RULES.md
// "Serving the API", and fails t with every way it does not, each naming
// its location ("status", a lower-case header name, or a body's JSON
// Pointer), code and detail:
//
//   - the status is one the API answers: 200, 400, 401, 403, 404, 405, 413
//     or 415, or a 5xx (a server error, which Middleware's test mode
//     accepts too: its body must still be the error body); to OPTIONS, 204
//     or 404 (location "status", code enum);
//   - the headers pass croschema.LintResponseHeaders; a 401 carries
//     www-authenticate, and a 405 and an OPTIONS's 204 allow (required); a
//     body comes with a content-type whose media type is application/json
//     (required, enum);
//   - the body is a valid CustomerContactModel on 200 and a valid error body
//     otherwise; an answer to HEAD and a 204 have no body.
//
// The method is resp.Request's when it is set, else e's. AssertResponse
// reads the body, at most 1 MiB of it, and leaves resp.Body re-readable
// from its start. It returns whether resp conforms. The failure message
// never shows the authorization header of resp.Request, nor any run of 4
// characters of its token that the response echoes.
func AssertResponse(t testing.TB, e croschema.Endpoint, resp *http.Response, msgAndArgs ...any) bool {
	t.Helper()
	method, path := e.Method(), e.Path()
	var secrets []string
	if r := resp.Request; r != nil {
		method = r.Method
		if r.URL != nil {
			path = r.URL.EscapedPath()
		}
		secrets = r.Header.Values("Authorization")
	}

	var body []byte
	if resp.Body != nil && resp.Body != http.NoBody {
		var err error
		body, err = io.ReadAll(io.LimitReader(resp.Body, crohttp.DefaultBodyLimit+1))
		resp.Body = readCloser{io.MultiReader(bytes.NewReader(body), resp.Body), resp.Body}
		if err != nil {
			t.Errorf("%s", failure("crotest: reading the body of the "+strconv.Itoa(resp.StatusCode)+" response to "+inert.Text(method)+" "+inert.Text(path)+": "+inert.Text(err.Error()), nil, msgAndArgs))
			return false
		}
	}

	var vs croschema.Violations
	switch {
	case method == http.MethodOptions && !slices.Contains(optionsStatuses, resp.StatusCode):
		vs = append(vs, croschema.Violation{Location: "status", Code: croschema.CodeEnum,
			Detail: "the API answers OPTIONS with 204 (404 on a path that names no endpoint), not " + strconv.Itoa(resp.StatusCode)})
	case method != http.MethodOptions && !slices.Contains(answeredStatuses, resp.StatusCode) &&
		(resp.StatusCode < 500 || resp.StatusCode > 599):
		vs = append(vs, croschema.Violation{Location: "status", Code: croschema.CodeEnum,
			Detail: "the API does not answer " + strconv.Itoa(resp.StatusCode) + "; it answers 200, 400, 401, 403, 404, 405, 413, 415 or a 5xx"})
	}
	_, err := croschema.LintResponseHeaders(resp.Header)
	vs = append(vs, violations(err)...)
	required := func(name, why string) {
		if len(resp.Header.Values(name)) == 0 {
			vs = append(vs, croschema.Violation{Location: strings.ToLower(name), Code: croschema.CodeRequired, Detail: "missing; " + why})
		}
	}
	switch resp.StatusCode {
	case http.StatusUnauthorized:
		required("WWW-Authenticate", "a 401 says how to authenticate (Bearer)")
	case http.StatusMethodNotAllowed:
		required("Allow", "a 405 lists the methods the path allows")
	case http.StatusNoContent:
		if method == http.MethodOptions {
			required("Allow", "a 204 to OPTIONS lists the methods the path allows")
		}
	}

	switch {
	case method == http.MethodHead:
		if len(body) > 0 {
			vs = append(vs, croschema.Violation{Location: "", Code: croschema.CodeSyntax, Detail: "an answer to HEAD has a body"})
		}
	case resp.StatusCode == http.StatusNoContent:
		if len(body) > 0 {
			vs = append(vs, croschema.Violation{Location: "", Code: croschema.CodeSyntax, Detail: "a 204 has no body"})
		}
	default:
		if len(body) > 0 {
			required("Content-Type", "a body must come as application/json")
		}
		if ct := resp.Header.Get("Content-Type"); len(body) > 0 && ct != "" {
			if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
				vs = append(vs, croschema.Violation{Location: "content-type", Code: croschema.CodeEnum,
					Detail: "a body must come as application/json"})
			}
		}
		m := croschema.ModelAPIError
		if resp.StatusCode == http.StatusOK {
			m = e.ResponseModel()
		}
		if len(body) > crohttp.DefaultBodyLimit {
			vs = append(vs, croschema.Violation{Location: "", Field: m.String(), Code: croschema.CodeMaxLength,
				Detail: "the body is larger than " + strconv.Itoa(crohttp.DefaultBodyLimit) + " bytes; not checked"})
		} else {
			vs = append(vs, lint(m, body)...)
		}
	}
	if len(vs) == 0 {
		return true
	}
	// The server may echo the token, whole or in pieces, in what the
	// violations quote; the path may hold it too.
	if resp.Request != nil {
		creds := scrub.Secrets(resp.Request.Header)
		vs = scrub.Violations(vs, creds)
		path = pieces.String(path, creds...)
	}
	head := "crotest: the " + strconv.Itoa(resp.StatusCode) + " response to " + inert.Text(method) + " " + inert.Text(path) + " does not conform:"
	t.Errorf("%s", redact(failure(head, lines(vs), msgAndArgs), secrets))
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
