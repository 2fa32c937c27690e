package contacts

import (
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
)

// Request is a request that passed the checks before the body.
type Request struct {
	Endpoint croschema.Endpoint       // GetContact (also for HEAD), UpdateContact or CreateContact
	Params   croschema.PathParams     // the path parameters that parsed
	Headers  croschema.RequestHeaders // the request headers
	Role     croschema.Role           // the caller's role, from the Authorizer

	// Pending holds the violations that make the request a 400 (a path
	// parameter or a header that is not valid) but that the API checks after
	// the body limit: the handler answers 413 for a body too large, else
	// 400 with these and the body's violations, in this order.
	Pending croschema.Violations
}

// CheckRequest checks r in the order of RULES.md "Serving the API" up to its
// body (404 path, 405 method, 401 authorization, 403 tenant or role, 415
// content-type) and sets the API's response headers on w (x-api-version,
// x-request-id, content-type, CORS, Allow). It returns the error response
// of the first class that applies, or the request to serve: an OPTIONS on
// a known path is answered 204 by the caller, without authentication.
func CheckRequest(w http.Header, r *http.Request, auth crohttp.Authorizer) (*Request, *croschema.APIError) {
	method := r.Method
	if method == http.MethodHead || method == http.MethodOptions {
		method = http.MethodGet // HEAD is answered wherever GET is; OPTIONS on every known path
	}
	path := r.URL.EscapedPath()
	ep, params, err := croschema.MatchEndpoint(method, path)
	lineVs := violations(err)
	hs, err := croschema.LintRequestHeaders(r.Header, method)
	headerVs := violations(err)
	setHeaders(w, hs, allowOf(path), r.Method != http.MethodOptions)

	if s := croschema.Status(lineVs); s == http.StatusNotFound || (s == http.StatusMethodNotAllowed && r.Method != http.MethodOptions) {
		return nil, crohttp.ErrorFromViolations(lineVs)
	}
	if r.Method == http.MethodOptions {
		return &Request{}, nil
	}
	req := &Request{Endpoint: ep, Params: params, Headers: hs}
	vs := append(lineVs[:len(lineVs):len(lineVs)], headerVs...)
	if s := croschema.Status(vs); s == http.StatusUnauthorized || s == http.StatusForbidden {
		return nil, crohttp.ErrorFromViolations(vs)
	}
	if !headerVs.Has("x-tenant-id", croschema.CodeInteger) && !headerVs.Has("x-tenant-id", croschema.CodeDuplicateKey) {
		role, err := auth(r.Context(), hs.Authorization, hs.TenantID)
		switch {
		case errors.Is(err, crohttp.ErrForbidden):
			return nil, Decision(http.StatusForbidden, "StandardRequestHeadersModel.x-tenant-id", "the caller may not use this tenant", vs)
		case err != nil:
			return nil, Decision(http.StatusUnauthorized, "StandardRequestHeadersModel.authorization", "the bearer token is not accepted", vs)
		case !ep.Allows(role):
			return nil, Decision(http.StatusForbidden, "", "role "+role.String()+" may not call "+ep.Name(), vs)
		}
		req.Role = role
	}
	if croschema.Status(vs) == http.StatusUnsupportedMediaType {
		return nil, crohttp.ErrorFromViolations(vs)
	}
	req.Pending = vs
	return req, nil
}

// Decision returns the error response of a check that is not a violation
// of a document (the Authorizer, the roles table, the body limit), as
// crohttp.Middleware writes it: field (null for "") and detail as given,
// and as the explanation the violations found so far that are not about
// the body, if any.
func Decision(status int, field, detail string, vs croschema.Violations) *croschema.APIError {
	e := &croschema.APIError{StatusCode: status, Detail: detail}
	if field != "" {
		e.Field = croschema.NewNullString(field)
	}
	var parts []string
	for _, v := range vs {
		if v.Location == "" || v.Location[0] == '/' {
			continue // about the body
		}
		f := v.Field
		if f == "" {
			f = v.Location
		}
		parts = append(parts, f+": "+string(v.Code)+": "+v.Detail)
	}
	if len(parts) > 0 {
		e.Explanation = croschema.NewNullString(strings.Join(parts, "; "))
	}
	return e
}

// TooLarge is the 413 of a body larger than limit bytes.
func TooLarge(limit int64, pending croschema.Violations) *croschema.APIError {
	return Decision(http.StatusRequestEntityTooLarge, "", "the body is larger than "+strconv.FormatInt(limit, 10)+" bytes", pending)
}

// NotFound is the 404 of a well-formed request for a contact (or a
// customer) that does not exist, in crohttp.NotFound's words.
func NotFound(req *Request) *croschema.APIError {
	detail := fmt.Sprintf("Customer contact %d of customer %d not found.", req.Params.CustomerContactID, req.Params.CustomerID)
	if req.Endpoint == croschema.CreateContact {
		detail = fmt.Sprintf("Customer %d not found.", req.Params.CustomerID)
	}
	return &croschema.APIError{StatusCode: http.StatusNotFound, Detail: detail}
}

// NameRequired returns the violations of a Create body c that cannot be
// stored because it has no name: crohttp.ApplyCreate's required violation
// at /name, or nil. Validate's violations, which ApplyCreate reports too,
// are left out: the binding reported them already.
func NameRequired(c *croschema.CreateCustomerContact) croschema.Violations {
	_, err := c.Contact()
	var out croschema.Violations
	for _, v := range violations(err) {
		if v.Code == croschema.CodeRequired {
			out = append(out, v)
		}
	}
	return out
}

// WholeBody reports whether vs holds a violation of the whole body (a
// syntax error, a body that is not an object), after which its keys are
// unknown.
func WholeBody(vs croschema.Violations) bool {
	return vs.Has("", croschema.CodeSyntax) || vs.Has("", croschema.CodeType)
}

// DecodeViolations returns the violations of a body that did not decode:
// the decoders' own Violations (a wrong JSON type, a bad boolean), or one
// syntax violation for what encoding/json rejects before they run (bad
// JSON, an empty body), as the strict lint of m reports it.
func DecodeViolations(err error, m croschema.Model, body []byte) croschema.Violations {
	var vs croschema.Violations
	if errors.As(err, &vs) {
		return vs
	}
	lint := violations(m.Lint(body))
	for _, v := range lint {
		if v.Code == croschema.CodeSyntax {
			return croschema.Violations{v}
		}
	}
	return croschema.Violations{{Location: "", Field: m.String(), Code: croschema.CodeSyntax, Detail: err.Error()}}
}

func violations(err error) croschema.Violations {
	var vs croschema.Violations
	errors.As(err, &vs)
	return vs
}

// allowOf returns the methods of the endpoints on path, as the Allow
// header lists them ("GET,PATCH" on a contact, "POST" on the collection),
// or "" for a path that names no endpoint.
func allowOf(path string) string {
	var methods []string
	for _, e := range croschema.Endpoints() {
		if ep, _, _ := croschema.MatchEndpoint(e.Method(), path); ep == e {
			methods = append(methods, e.Method())
		}
	}
	return strings.Join(methods, ",")
}

// setHeaders sets the response headers every answer carries.
func setHeaders(w http.Header, hs croschema.RequestHeaders, allow string, body bool) {
	version := croschema.DefaultAPIVersion
	if hs.APIVersion.IsValid() {
		version = hs.APIVersion
	}
	w.Set("X-Api-Version", version.String())
	id := hs.RequestID
	if id == "" {
		id = newUUID()
	}
	w.Set("X-Request-Id", id)
	if body {
		w.Set("Content-Type", "application/json")
	}
	w.Set("Access-Control-Allow-Origin", "*")
	w.Set("Access-Control-Allow-Headers", "Authorization, Accept, X-TENANT-ID, Content-Type")
	if allow != "" {
		w.Set("Allow", allow)
		w.Set("Access-Control-Allow-Methods", allow)
	}
}

// newUUID returns a random version-4 UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
