package crohttp

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/croschema/croschema"
)

// detailUnknownField is the API's own detail of an unknown key (RULES.md
// "Errors the API returns": "400 CustomerContactModel.name: Unknown field.").
const detailUnknownField = "Unknown field."

// isBody reports whether v is about the body: its location is a JSON
// Pointer ("/email") or the whole document ("").
func isBody(v croschema.Violation) bool {
	return v.Location == "" || v.Location[0] == '/'
}

// ErrorFromViolations returns the error response of a request with the
// violations vs, as RULES.md "Serving the API" writes it: the status of
// croschema.Status(vs); field and detail of the first violation of the class that
// decides the status (field null when that violation has none); detail
// "Unknown field." for an unknown_field; explanation every violation, each
// as FIELD: CODE: DETAIL, joined by "; ", or null when there is only one.
// A 404 or 405 names only the request line's violations (the method, the
// path, the path parameters): the headers are those of an endpoint the
// request does not reach. A 401 or 403 says nothing about the body: body
// violations are left out of it. It returns nil when vs is empty.
//
//	{"detail":"Unknown field.","explanation":null,"field":"UpdateCustomerContactModel.Name"}
func ErrorFromViolations(vs croschema.Violations) *croschema.APIError {
	if len(vs) == 0 {
		return nil
	}
	status := croschema.Status(vs)
	switch status {
	case http.StatusNotFound, http.StatusMethodNotAllowed:
		vs = requestLine(vs)
	case http.StatusUnauthorized, http.StatusForbidden:
		kept := make(croschema.Violations, 0, len(vs))
		for _, v := range vs {
			if !isBody(v) {
				kept = append(kept, v)
			}
		}
		vs = kept
	}
	var first croschema.Violation
	for _, v := range vs {
		if croschema.Status(croschema.Violations{v}) == status {
			first = v
			break
		}
	}
	e := &croschema.APIError{StatusCode: status, Detail: detailOf(first)}
	if first.Field != "" {
		e.Field = croschema.NewNullString(first.Field)
	}
	if len(vs) > 1 {
		e.Explanation = croschema.NewNullString(explain(vs))
	}
	return e
}

// decision returns the error response of a check that is not a violation
// of a document (the Authorizer, the roles table, the body limit): field
// (null for "") and detail as given, and the violations found so far, if
// any, as the explanation. Body violations are left out of a 401 or 403.
func decision(status int, field, detail string, vs croschema.Violations) *croschema.APIError {
	e := &croschema.APIError{StatusCode: status, Detail: detail}
	if field != "" {
		e.Field = croschema.NewNullString(field)
	}
	var kept croschema.Violations
	for _, v := range vs {
		if !isBody(v) {
			kept = append(kept, v)
		}
	}
	if len(kept) > 0 {
		e.Explanation = croschema.NewNullString(explain(kept))
	}
	return e
}

func detailOf(v croschema.Violation) string {
	if v.Code == croschema.CodeUnknownField {
		return detailUnknownField
	}
	return v.Detail
}

// explain returns every violation as FIELD: CODE: DETAIL, joined by "; ".
// A violation without a field names its location instead, and one without
// either (about the whole body) is CODE: DETAIL.
func explain(vs croschema.Violations) string {
	n := 0
	for _, v := range vs {
		n += len("; ") + len(v.Field) + len(v.Location) + len(": ") + len(v.Code) + len(": ") + len(detailOf(v))
	}
	var b strings.Builder
	b.Grow(n) // one allocation, not one per doubling
	for i, v := range vs {
		if i > 0 {
			b.WriteString("; ")
		}
		f := v.Field
		if f == "" {
			f = v.Location
		}
		if f != "" {
			b.WriteString(f)
			b.WriteString(": ")
		}
		b.WriteString(string(v.Code))
		b.WriteString(": ")
		b.WriteString(detailOf(v))
	}
	return b.String()
}

// ErrorFrom returns err as an error response: err itself when it is (or
// wraps) an *APIError, ErrorFromViolations when it is a Violations (such as
// the error of croschema.CreateCustomerContact.Contact), and a 500 whose detail says nothing of err otherwise (its
// text may hold anything, a secret included). It returns nil for nil.
func ErrorFrom(err error) *croschema.APIError {
	if err == nil {
		return nil
	}
	var e *croschema.APIError
	if errors.As(err, &e) {
		return e
	}
	var vs croschema.Violations
	if errors.As(err, &vs) && len(vs) > 0 {
		return ErrorFromViolations(vs)
	}
	return errInternal()
}

// errInternal is the 500 of a server error whose text must not reach the
// client.
func errInternal() *croschema.APIError {
	return &croschema.APIError{StatusCode: http.StatusInternalServerError, Detail: "Internal server error."}
}

// NotFound returns the 404 of a well-formed request r for a contact (Get,
// Update) or a customer (Create) that does not exist, naming the path's
// parameters in the detail:
//
//	{"detail":"Customer contact 7 of customer 1042 not found.","explanation":null,"field":null}
//
// The parameters are those Middleware decoded, or, for an r that did not
// come through Middleware, those of r's path. A nil r, or a path that
// names no endpoint, gets the detail "Not found.".
func NotFound(r *http.Request) *croschema.APIError {
	detail := "Not found."
	if e, p, ok := endpointOf(r); ok {
		switch {
		case strings.Contains(e.Path(), "{customer_contact_id}"):
			detail = "Customer contact " + formatInt(p.CustomerContactID) + " of customer " +
				formatInt(p.CustomerID) + " not found."
		default:
			detail = "Customer " + formatInt(p.CustomerID) + " not found."
		}
	}
	return &croschema.APIError{StatusCode: http.StatusNotFound, Detail: detail}
}

// endpointOf returns the endpoint and path parameters of r: Middleware's,
// or those of r's method and path. ok is false when they name no endpoint
// or a parameter is not an integer.
func endpointOf(r *http.Request) (croschema.Endpoint, croschema.PathParams, bool) {
	if r == nil {
		return 0, croschema.PathParams{}, false
	}
	if req := RequestFrom(r); req != nil {
		return req.Endpoint, req.Params, req.Endpoint.IsValid()
	}
	if r.URL == nil {
		return 0, croschema.PathParams{}, false
	}
	e, p, err := croschema.MatchEndpoint(r.Method, r.URL.EscapedPath())
	return e, p, err == nil
}

func formatInt(n int64) string { return strconv.FormatInt(n, 10) }

// maxErrorBody bounds how much of an error response ReadAPIError reads.
const maxErrorBody = croschema.DefaultBodyLimit

// ReadAPIError reads the error body of resp (at most 1 MiB of it) and
// returns it as a *croschema.APIError with the response's status: for a
// client of its own that gets a 4xx or 5xx answer. When the body is not an
// error body it still returns an *APIError, whose Detail is the response's
// status text, so that a client always has an error to return. It does not
// close the body. A nil resp is a 500 with no body.
func ReadAPIError(resp *http.Response) *croschema.APIError {
	if resp == nil {
		return errInternal()
	}
	e := &croschema.APIError{StatusCode: resp.StatusCode}
	if resp.Body != nil {
		data, err := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody+1))
		if err == nil && len(data) <= maxErrorBody && e.UnmarshalJSON(data) == nil && e.Detail != "" {
			return e
		}
	}
	*e = croschema.APIError{StatusCode: resp.StatusCode, Detail: http.StatusText(resp.StatusCode)}
	return e
}

// requestLine returns the violations of vs about the request line: the
// method, the path and the path parameters, whose fields are RequestLine's
// (and, made by hand without a field, the codes path and method).
func requestLine(vs croschema.Violations) croschema.Violations {
	var out croschema.Violations
	for _, v := range vs {
		if strings.HasPrefix(v.Field, "RequestLine.") || v.Code == croschema.CodePath || v.Code == croschema.CodeMethod {
			out = append(out, v)
		}
	}
	return out
}
