package croschema

import (
	"net/http"
	"strconv"
	"strings"
	"unsafe"

	"github.com/croschema/croschema/internal/hook"
	"github.com/croschema/croschema/internal/redact"
	"github.com/croschema/croschema/internal/uuid"
)

// DefaultBodyLimit is the API's body limit, 1 MiB (RULES.md "Serving the
// API"): a larger request body is answered 413, and [LintRequest] and
// [LintResponse] check no body larger than it. No valid body of the API
// comes close.
const DefaultBodyLimit = 1 << 20

// corsAllowHeaders is Access-Control-Allow-Headers as the documented
// sample sends it, on every response. TestCORSListsRequestHeaders checks
// that it names every request header a browser must be able to send.
const corsAllowHeaders = "Authorization, Accept, X-TENANT-ID, Content-Type"

// A Request is one request of the API as [LintRequest] read it: what a
// server needs to answer it, and what [LintResponse] needs to judge the
// answer. Rendered with fmt, slog or encoding/json it never shows the
// token. The zero Request is a request nothing is known of: [LintResponse]
// then checks only what holds for every answer.
type Request struct {
	Method   string         // the method as sent, such as "GET" or "HEAD"
	Path     string         // the path as sent, without the query, such as "/customers/1042/contacts/7"
	Endpoint Endpoint       // the endpoint; the zero Endpoint when the path or the method names none, and for OPTIONS
	Params   PathParams     // the path parameters that parsed
	Allow    string         // the methods the path allows, such as "GET,PATCH"; "" when the path names no endpoint
	Headers  RequestHeaders // the request headers given once with a valid value

	body         CreateCustomerContact // the body of a Create or an Update, as decoded
	linted       bool                  // LintRequestHead read the request
	bodyIn       bool                  // and the body was checked
	idHoldsToken bool                  // Headers.RequestID holds a piece of an authorization value: not echoed
	class        class                 // the status class of what the lint found so far
	tokens       []BearerToken         // every authorization value, sealed, when they are not Headers.Authorization alone

	vals [numVals]string // the response headers' values, for SetResponseHeaders
	id   [36]byte        // a minted x-request-id
}

// Create returns the body of a Create Contact request, or nil when r is
// not one (or did not come from [LintRequest], or LintBody was not called).
// It points into r.
func (r *Request) Create() *CreateCustomerContact {
	if r == nil || r.Endpoint.RequestModel() != ModelCreateCustomerContact {
		return nil
	}
	return &r.body
}

// Update returns the body of an Update Contact request, or nil when r is
// not one. It points into r.
func (r *Request) Update() *UpdateCustomerContact {
	if r == nil || r.Endpoint.RequestModel() != ModelUpdateCustomerContact {
		return nil
	}
	return (*UpdateCustomerContact)(&r.body)
}

// LintRequest checks one whole request of the API, as a server of
// RULES.md "Serving the API" reads it, and returns what it read with every
// violation (a [Violations] error, or nil):
//
//   - the request line, as MatchEndpoint checks it: the path (path), the
//     method (method), the path parameters (required, integer);
//   - the headers, as LintRequestHeaders checks them, and a content-encoding
//     other than identity on a request with a body (enum, location
//     "content-encoding": the API takes no encoded body);
//   - the body, as the endpoint's request model (LintCreateContact,
//     LintUpdateContact); a body where the endpoint takes none (a GET with
//     a body) is a syntax violation at ""; a body larger than
//     DefaultBodyLimit is one max_length violation at "", not checked
//     further; a Create that lacks a key a stored contact cannot do
//     without (name) is a required violation at that key, as the server
//     answers it 400.
//
// target is the request target as sent, such as
// "/customers/1042/contacts/7?x=1" or r.RequestURI; an absolute URL
// ("http://host/customers/...") is read for its path. An OPTIONS request is
// a browser's preflight: on a path that names an endpoint it has no
// violation, whatever its headers. Status gives the status a conforming
// server answers the violations with. No violation shows a piece of the
// request's bearer token, wherever the request echoes it.
func LintRequest(method, target string, h http.Header, body []byte) (Request, error) {
	var req Request
	vs := req.lintHead(method, target, h)
	if req.Endpoint.IsValid() {
		if len(body) > DefaultBodyLimit {
			vs = append(vs, bodyTooLarge(req.Endpoint.RequestModel(), DefaultBodyLimit))
		} else {
			vs = req.lintBody(body, vs)
		}
		req.bodyIn = true
	}
	return req, req.finish(vs, h)
}

// LintRequestHead is [LintRequest] without the body: the request line and
// the headers, for a reader that decides on them before it reads the body
// (a server answers 404, 405, 401, 403 and 415 unread). LintBody checks the
// body after it.
func LintRequestHead(method, target string, h http.Header) (Request, error) {
	var req Request
	err := req.lintRequestHead(method, target, h)
	return req, err
}

// lintRequestHead is LintRequestHead into r, which must be a zero Request.
func (r *Request) lintRequestHead(method, target string, h http.Header) error {
	vs := r.lintHead(method, target, h)
	return r.finish(vs, h)
}

func init() {
	hook.LintRequestHeadInto = func(req unsafe.Pointer, method, target string, h http.Header) error {
		return (*Request)(req).lintRequestHead(method, target, h)
	}
}

// LintBody checks body as the body of r, a request [LintRequestHead] read,
// as [LintRequest] does, and returns its violations (nil or a [Violations]);
// Create and Update return what it decoded. It checks a body of any size:
// a reader that stops at a limit reports that itself. It checks nothing on
// a request whose endpoint is not known.
func (r *Request) LintBody(body []byte) error {
	if r == nil || !r.Endpoint.IsValid() {
		return nil
	}
	vs := r.lintBody(body, nil)
	r.bodyIn = true
	if len(vs) == 0 {
		return nil
	}
	vs = capViolations(vs, r.Endpoint.RequestModel().String())
	r.class = min(r.class, worstClass(vs))
	var s redact.Set
	r.secrets(&s)
	return vs.redact(&s).asError()
}

// lintHead reads and checks the request line and the headers into r.
func (r *Request) lintHead(method, target string, h http.Header) Violations {
	r.linted = true
	r.Method = method
	path, ok := requestPath(target)
	if !ok {
		return Violations{{Location: "path", Field: requestLineField("path"), Code: CodePath,
			Detail: "the request target is neither a path starting with \"/\" nor an http(s) URL"}}
	}
	r.Path = path
	if method == http.MethodOptions {
		// A browser's preflight: only its path matters, and it carries no token.
		var vals [maxPathParams]string
		if t := matchPath(path, &vals); t != nil {
			r.Allow = t.allow
			return nil
		}
	}
	var vs Violations
	var t *pathTemplate
	r.Endpoint, t, vs = matchEndpoint(method, path, &r.Params)
	if t != nil {
		r.Allow = t.allow
	}
	body := requestHasBody(method)
	if r.Endpoint.IsValid() {
		body = r.Endpoint.RequestModel() != ModelNone
	}
	var encodings []string
	rec, hvs := requestHeaderModel.lint(h, body, &encodings)
	r.Headers.fromRecord(&rec)
	if len(vs) == 0 {
		vs = hvs
	} else {
		vs = append(vs, hvs...)
	}
	if body {
		vs = lintContentEncoding(encodings, vs)
	}
	var raw []string // the authorization values, while they are at hand in the clear
	if tok := ""; rec.getText(reqAuthorization, &tok) {
		raw = []string{tok}
	} else if !rec.present[reqAuthorization] {
		raw = authorizationValues(h)
		for _, v := range raw {
			r.tokens = append(r.tokens, newBearerToken(v))
		}
	}
	if id := r.Headers.RequestID; id != "" {
		for _, v := range raw {
			r.idHoldsToken = r.idHoldsToken || holdsPiece(id, redact.Credential(v))
		}
	}
	return vs
}

// lintContentEncoding checks that a request with a body is not encoded: the
// API reads its body as JSON, so gzip or any other coding is 415 (RFC 9110,
// section 8.4.1). identity, which means no encoding, is accepted.
func lintContentEncoding(values []string, vs Violations) Violations {
	for _, v := range values {
		if v = trimOWS(v); !asciiEqualFold(v, "identity") {
			vs = append(vs, Violation{Location: "content-encoding", Code: CodeEnum,
				Detail: quotedValue(v, " is not identity: the API takes no encoded body")})
		}
	}
	return vs
}

// lintBody checks body against r's endpoint, appending to vs.
func (r *Request) lintBody(body []byte, vs Violations) Violations {
	e := r.Endpoint
	md := e.RequestModel().model()
	if md == nil {
		if len(body) > 0 {
			vs = append(vs, Violation{Location: "", Code: CodeSyntax,
				Detail: e.Method() + " takes no body, but the request has " + strconv.Itoa(len(body)) + " bytes"})
		}
		return vs
	}
	rec, bvs := lint(body, md)
	r.body = CreateCustomerContact{}
	r.body.fromRecord(&rec)
	if len(vs) == 0 {
		vs = bvs // not copied: LintBody's violations are the body's
	} else {
		vs = append(vs, bvs...)
	}
	if e.Location().IsValid() && !wholeDocument(bvs) {
		vs = appendUnstorable(md, e.ResponseModel().model(), &rec, vs)
	}
	return vs
}

// wholeDocument reports whether vs holds a violation of a whole body (a
// syntax error, a body that is not an object), after which its keys are
// not known.
func wholeDocument(vs Violations) bool {
	for _, v := range vs {
		if v.Location == "" {
			return true
		}
	}
	return false
}

// finish caps vs, records its status class and removes every piece of the
// request's token from it.
func (r *Request) finish(vs Violations, h http.Header) error {
	r.class = classOK
	if len(vs) == 0 {
		return nil
	}
	vs = capViolations(vs, "")
	r.class = worstClass(vs)
	var s redact.Set
	s.AddHeader(h)
	return vs.redact(&s).asError()
}

// secrets adds the credentials of r's authorization values to s.
func (r *Request) secrets(s *redact.Set) {
	if !r.Headers.Authorization.IsZero() {
		s.AddAuthorization(r.Headers.Authorization.Reveal())
	}
	for _, t := range r.tokens {
		s.AddAuthorization(t.Reveal())
	}
}

// bodyTooLarge is the violation of a body of m larger than limit bytes: a
// max_length at "", which Status answers 413.
func bodyTooLarge(m Model, limit int64) Violation {
	return Violation{Location: "", Field: m.String(), Code: CodeMaxLength,
		Detail: "the body is larger than " + strconv.FormatInt(limit, 10) + " bytes"}
}

// BodyTooLarge is LintBody for a body larger than limit bytes, which a
// reader stopped reading at its limit: it returns the one violation of
// such a body, a max_length at location "" whose field is the request
// model's name (as a whole body's violations have), as [LintRequest] reports
// a body past [DefaultBodyLimit]. Status answers it 413, and [LintResponse]
// then expects a 413.
func (r *Request) BodyTooLarge(limit int64) error {
	if r == nil {
		return nil
	}
	v := bodyTooLarge(r.Endpoint.RequestModel(), limit)
	r.bodyIn = true
	r.class = min(r.class, classOf(&v))
	return Violations{v}
}

// requestPath returns the path of a request target, without its query: the
// target itself when it starts with '/', the path of an absolute http or
// https URL ("/" when it has none), or false for anything else ("*"). A
// request target has no fragment (RFC 9112, section 3.2): a '#' is part of
// the path, as net/http reads it, and names no endpoint's parameter.
func requestPath(target string) (string, bool) {
	path, ok := target, strings.HasPrefix(target, "/")
	if !ok {
		for _, scheme := range [...]string{"http://", "https://"} {
			if len(target) >= len(scheme) && asciiEqualFold(target[:len(scheme)], scheme) {
				rest := target[len(scheme):]
				i := strings.IndexAny(rest, "/?")
				switch {
				case i < 0:
					path = "/"
				case rest[i] == '/':
					path = rest[i:]
				default:
					path = "/" + rest[i:]
				}
				ok = true
				break
			}
		}
	}
	if !ok {
		return "", false
	}
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	return path, true
}

// A class is a row of the status table of RULES.md "Serving the API", in
// the order a server checks them: the first class that applies decides
// the status.
type class uint8

const (
	classPath   class = iota // 404: the path names no endpoint
	classMethod              // 405
	classAuth                // 401: authorization missing or invalid
	classTenant              // 403: x-tenant-id missing
	classMedia               // 415: a body that is not application/json, or encoded
	classSize                // 413: a body larger than the limit
	classOther               // 400
	classOK                  // no violation
)

var classStatus = [...]int{
	classPath:   http.StatusNotFound,
	classMethod: http.StatusMethodNotAllowed,
	classAuth:   http.StatusUnauthorized,
	classTenant: http.StatusForbidden,
	classMedia:  http.StatusUnsupportedMediaType,
	classSize:   http.StatusRequestEntityTooLarge,
	classOther:  http.StatusBadRequest,
	classOK:     http.StatusOK,
}

// classOf returns the class of one violation.
func classOf(v *Violation) class {
	switch {
	case v.Code == CodePath:
		return classPath
	case v.Code == CodeMethod:
		return classMethod
	case v.Location == "authorization":
		return classAuth
	case v.Location == "x-tenant-id" && v.Code == CodeRequired:
		return classTenant
	case v.Location == "content-type" && v.Code == CodeEnum, v.Location == "content-encoding":
		return classMedia
	case v.Location == "" && v.Code == CodeMaxLength:
		return classSize
	}
	return classOther
}

// worstClass returns the first class of RULES.md's order that vs holds.
func worstClass(vs Violations) class {
	c := classOK
	for i := range vs {
		c = min(c, classOf(&vs[i]))
	}
	return c
}

// Status returns the status a conforming server answers a request with
// the violations vs: that of the first row of the status table of RULES.md
// "Serving the API" that one of them falls in, or http.StatusOK for none.
//
//	404  a path violation: the path names no endpoint
//	405  a method violation
//	401  a violation of authorization
//	403  x-tenant-id missing (required)
//	415  content-type not application/json (enum), or a content-encoding
//	413  a body larger than the limit (max_length at location "", BodyTooLarge)
//	400  any other violation
//
// A server's own decisions (its Authorizer's 401 and 403, a role the
// endpoint does not allow, a contact that does not exist) are not
// violations of the request, so they never come from Status.
func Status(vs Violations) int { return classStatus[worstClass(vs)] }

// matchEndpoint is [MatchEndpoint], storing the parameters in params and
// returning the matched path template.
func matchEndpoint(method, path string, params *PathParams) (Endpoint, *pathTemplate, Violations) {
	var vs Violations
	var vals [maxPathParams]string // the parameter values, in template order
	t := matchPath(path, &vals)
	if t == nil {
		return 0, nil, Violations{{Location: "path", Field: requestLineField("path"), Code: CodePath,
			Detail: quoted(path, " names no endpoint")}}
	}
	found := t.endpoint(method)
	if found == 0 {
		vs = append(vs, Violation{Location: "method", Field: requestLineField("method"), Code: CodeMethod,
			Detail: quoteTrunc(method) + " is not allowed on " + t.path + "; allowed: " + strings.ReplaceAll(t.allow, ",", ", ")})
	}
	for i, name := range t.params {
		val := vals[i]
		n, ok := parseDigits(val)
		switch {
		case val == "":
			vs = append(vs, Violation{Location: name, Field: requestLineField(name), Code: CodeRequired,
				Detail: "missing; the path parameter is required"})
		case !ok:
			vs = append(vs, Violation{Location: name, Field: requestLineField(name), Code: CodeInteger, Detail: quoted(val, integerSuffix(val))})
		default:
			if v := params.param(name); v != nil {
				*v = n
			}
		}
	}
	return found, t, vs
}

// The values of the response headers every answer carries, by index into
// Request.vals.
const (
	valAPIVersion = iota
	valRequestID
	valContentType
	valAllowOrigin
	valAllowHeaders
	valAllow // Allow and Access-Control-Allow-Methods, which RULES.md makes equal
	numVals
)

// respHeaders are the headers SetResponseHeaders sets, canonical, each with
// the index of its value.
var respHeaders = [...]struct {
	key string
	val int
}{
	{"X-Api-Version", valAPIVersion}, {"X-Request-Id", valRequestID}, {"Content-Type", valContentType},
	{"Access-Control-Allow-Origin", valAllowOrigin}, {"Access-Control-Allow-Headers", valAllowHeaders},
	{"Allow", valAllow}, {"Access-Control-Allow-Methods", valAllow},
}

// SetResponseHeaders sets on h the headers RULES.md "Serving the API" gives
// every answer to r, replacing any value there:
//
//   - x-api-version: r's when valid, else DefaultAPIVersion;
//   - x-request-id: r's when it is a valid UUID, else a fresh random
//     version-4 UUID (minted once per Request: calling again sets the same),
//     which also answers an id that holds a piece of r's bearer token (4
//     characters of it in a row: no output shows one);
//   - content-type application/json, unless r is an OPTIONS on a path that
//     names an endpoint, whose answer, 204, has no body;
//   - the CORS headers of the documented sample (Access-Control-Allow-Origin
//     "*", Access-Control-Allow-Headers "Authorization, Accept, X-TENANT-ID,
//     Content-Type") and, on a path that names an endpoint, Allow and
//     Access-Control-Allow-Methods with the path's methods ("GET,PATCH").
//
// The values live in r: SetResponseHeaders allocates only the slices of a
// header map that has none yet for them. A nil r is treated as a request
// nothing is known of.
func (r *Request) SetResponseHeaders(h http.Header) {
	if r == nil {
		r = &Request{}
	}
	r.vals[valAPIVersion] = DefaultAPIVersion.String()
	if r.Headers.APIVersion.IsValid() {
		r.vals[valAPIVersion] = r.Headers.APIVersion.String()
	}
	if id := r.echoID(); id != "" {
		r.vals[valRequestID] = id
	} else if r.id[0] == 0 {
		uuid.Fill(&r.id)
		r.vals[valRequestID] = unsafe.String(&r.id[0], len(r.id)) // r.id is never written again
	}
	r.vals[valContentType] = "application/json"
	if r.Method == http.MethodOptions && r.Allow != "" { // a 204, without a body
		r.vals[valContentType] = ""
	}
	r.vals[valAllowOrigin] = "*"
	r.vals[valAllowHeaders] = corsAllowHeaders
	r.vals[valAllow] = r.Allow
	for _, rh := range respHeaders {
		i := rh.val
		if r.vals[i] == "" {
			continue
		}
		h[rh.key] = r.vals[i : i+1 : i+1] // no spare capacity: Header.Add copies
	}
}

// echoID returns the x-request-id an answer to r echoes: r's, unless it
// holds a piece of r's bearer token (4 characters of it in a row, in any
// letter case, as redaction finds them: no output shows one), or "" for a
// fresh one.
func (r *Request) echoID() string {
	id := r.Headers.RequestID
	if id == "" {
		return ""
	}
	if r.linted {
		if r.idHoldsToken { // found by lintHead, which had the token in the clear
			return ""
		}
		return id
	}
	for _, t := range r.allTokens() { // a Request made by hand
		if holdsPiece(id, redact.Credential(t.Reveal())) {
			return ""
		}
	}
	return id
}

// holdsPiece reports whether id, a valid UUID, holds 4 characters in a row
// of cred in any letter case. Every 4 characters of a UUID are hexadecimal
// digits and dashes, so only such runs of cred are looked for: a token
// usually has few, and the check costs a pass over it.
func holdsPiece(id, cred string) bool {
	run := 0
	for i := 0; i < len(cred); i++ {
		run = (run + 1) & -int(uuidByte[cred[i]]) // 0 past a byte no UUID holds
		if run >= redact.MinRun && containsFold(id, cred[i+1-redact.MinRun:i+1]) {
			return true
		}
	}
	return false
}

// uuidByte is 1 for the bytes a UUID is written with: hexadecimal digits,
// in either case, and '-'.
var uuidByte = func() (t [256]uint8) {
	for _, c := range "0123456789abcdefABCDEF-" {
		t[c] = 1
	}
	return t
}()
