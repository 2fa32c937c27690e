package crohttp

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/croschema/croschema"
)

// detailUnknownField is the API's own detail of an unknown key (RULES.md
// "Errors the API returns": "400 CustomerContactModel.name: Unknown field.").
const detailUnknownField = "Unknown field."

// Status returns the status RULES.md's table gives a request with the
// violations vs, the class that comes first in RULES.md's order:
//
//	404  a path violation (the path names no endpoint)
//	405  a method violation
//	401  a violation of the authorization header
//	403  x-tenant-id missing (required)
//	415  content-type's enum violation: a body whose media type is not application/json
//	400  any other violation
//
// and http.StatusOK for no violation. It is the middleware's own rule, for
// servers built on other frameworks. 413 (a body over the limit) and the
// Authorizer's 401 and 403 are not violations of a document, so they never
// come from Status.
func Status(vs croschema.Violations) int {
	if len(vs) == 0 {
		return http.StatusOK
	}
	best := classOther
	for _, v := range vs {
		best = min(best, classOf(v))
	}
	return classStatus[best]
}

// A class is a row of RULES.md's status table, in the order of the checks.
type class uint8

const (
	classPath class = iota
	classMethod
	classAuth
	classTenant
	classMedia
	classOther
)

var classStatus = [...]int{
	classPath:   http.StatusNotFound,
	classMethod: http.StatusMethodNotAllowed,
	classAuth:   http.StatusUnauthorized,
	classTenant: http.StatusForbidden,
	classMedia:  http.StatusUnsupportedMediaType,
	classOther:  http.StatusBadRequest,
}

func classOf(v croschema.Violation) class {
	switch {
	case v.Code == croschema.CodePath:
		return classPath
	case v.Code == croschema.CodeMethod:
		return classMethod
	case v.Location == locAuthorization:
		return classAuth
	case v.Location == locTenant && v.Code == croschema.CodeRequired:
		return classTenant
	case v.Location == locContentType && v.Code == croschema.CodeEnum:
		return classMedia
	}
	return classOther
}

// isBody reports whether v is about the body: its location is a JSON
// Pointer ("/email") or the whole document ("").
func isBody(v croschema.Violation) bool {
	return v.Location == "" || v.Location[0] == '/'
}

// wholeBody reports whether vs holds a violation of the whole body (a
// syntax error, a body that is not an object), after which the body's keys
// are unknown.
func wholeBody(vs croschema.Violations) bool {
	for _, v := range vs {
		if v.Location == "" {
			return true
		}
	}
	return false
}

// ErrorFromViolations returns the error response of a request with the
// violations vs, as RULES.md "Serving the API" writes it: the status of
// Status(vs); field and detail of the first violation of the class that
// decides the status (field null when that violation has none); detail
// "Unknown field." for an unknown_field; explanation every violation, each
// as FIELD: CODE: DETAIL, joined by "; ", or null when there is only one.
// A 401 or 403 says nothing about the body: body violations are left out
// of it. It returns nil when vs is empty.
//
//	{"detail":"Unknown field.","explanation":null,"field":"UpdateCustomerContactModel.Name"}
func ErrorFromViolations(vs croschema.Violations) *croschema.APIError {
	if len(vs) == 0 {
		return nil
	}
	status := Status(vs)
	if status == http.StatusUnauthorized || status == http.StatusForbidden {
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
		if classStatus[classOf(v)] == status {
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
// A violation without a field names its location instead.
func explain(vs croschema.Violations) string {
	var b strings.Builder
	for i, v := range vs {
		if i > 0 {
			b.WriteString("; ")
		}
		f := v.Field
		if f == "" {
			f = v.Location
		}
		b.WriteString(f)
		b.WriteString(": ")
		b.WriteString(string(v.Code))
		b.WriteString(": ")
		b.WriteString(detailOf(v))
	}
	return b.String()
}

// ErrorFrom returns err as an error response: err itself when it is (or
// wraps) an *APIError, ErrorFromViolations when it is a Violations (such as
// ApplyCreate's), and a 500 whose detail says nothing of err otherwise (its
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

// NotFound returns the 404 of a well-formed request for a contact (Get,
// Update) or a customer (Create) that does not exist, with r's path
// parameters in the detail:
//
//	{"detail":"Customer contact 7 of customer 1042 not found.","explanation":null,"field":null}
func NotFound(r *http.Request) *croschema.APIError {
	detail := "Not found."
	if req := RequestFrom(r); req != nil {
		switch req.Endpoint {
		case croschema.GetContact, croschema.UpdateContact:
			detail = "Customer contact " + formatInt(req.Params.CustomerContactID) + " of customer " +
				formatInt(req.Params.CustomerID) + " not found."
		case croschema.CreateContact:
			detail = "Customer " + formatInt(req.Params.CustomerID) + " not found."
		}
	}
	return &croschema.APIError{StatusCode: http.StatusNotFound, Detail: detail}
}

func formatInt(n int64) string { return strconv.FormatInt(n, 10) }
