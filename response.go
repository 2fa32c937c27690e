package croschema

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"github.com/croschema/croschema/internal/redact"
	"github.com/croschema/croschema/internal/uuid"
)

// LintResponse checks one whole response of the API to req, the request
// as [LintRequest] read it, and returns every way it breaks RULES.md
// "Serving the API" (a [Violations] error, or nil):
//
//   - the status (location "status", code enum) is one a conforming server
//     answers req with: the status Status gives req's violations (or 401
//     or 403, which a server's own check of the token may answer first,
//     when that is 400, 413 or 415); for a valid request, the endpoint's
//     success status, 401, 403, 404, 413 for a request with a body (and
//     400 when LintBody did not see the body), or a server error (5xx); 204
//     or 404 to OPTIONS; and to any request 429, as a server may throttle
//     a request before it reads it;
//   - the headers pass LintResponseHeaders; x-api-version is req's when
//     valid, else 2019/02/08; x-request-id is req's when valid, else a
//     version-4 UUID (enum); content-type is application/json when there
//     is a body; the CORS headers are the sample's, Access-Control-Allow-Methods
//     and Allow (required on a 405 and on the answer to OPTIONS) list the
//     path's methods; a 401 has WWW-Authenticate: Bearer; the success of a
//     Create has a Location that is the path of the contact it returns
//     (required, enum);
//   - the body: none to HEAD, on a 204 or 304, nor where the endpoint's
//     success has none; the endpoint's response model on its success, with
//     the id of the path's contact (enum at "/id"); the API's error body
//     on a 4xx or 5xx; a body larger than DefaultBodyLimit is one
//     max_length violation at "", not checked further;
//   - nothing in the headers or body echoes req's bearer token (enum), when
//     the token is like one: 20 characters or more, letters and digits
//     (a shorter one may be the package's own words).
//
// A nil req, or a Request not read by [LintRequest], is a request nothing
// is known of: the status must then be one of those of the status table,
// and what depends on the request is not checked. No violation shows a
// piece of req's token, wherever the response echoes it.
func LintResponse(req *Request, status int, h http.Header, body []byte) error {
	if req == nil {
		req = &Request{}
	}
	var vs Violations
	add := func(loc string, code Code, detail string) {
		vs = append(vs, Violation{Location: loc, Field: responseField(loc), Code: code, Detail: detail})
	}

	if want := req.statuses(status); want != "" {
		add("status", CodeEnum, "the API answers this request "+want+", not "+strconv.Itoa(status))
	}

	rec, hvs := responseHeaderModel.lint(h, false, nil)
	vs = append(vs, hvs...)
	var rh ResponseHeaders
	rh.fromRecord(&rec)
	if req.linted {
		version := DefaultAPIVersion
		if req.Headers.APIVersion.IsValid() {
			version = req.Headers.APIVersion
		}
		if rh.APIVersion.IsValid() && rh.APIVersion != version { // an invalid one is the lint's
			add("x-api-version", CodeEnum, strconv.Quote(rh.APIVersion.String())+" is not the request's version "+strconv.Quote(version.String()))
		}
		switch id := req.echoID(); {
		case rh.RequestID == "":
		case id != "" && rh.RequestID != id:
			add("x-request-id", CodeEnum, quoteTrunc(rh.RequestID)+" is not the request's id "+strconv.Quote(id))
		case id == "" && !uuid.IsV4(rh.RequestID):
			add("x-request-id", CodeEnum, quoteTrunc(rh.RequestID)+" is not a fresh version-4 UUID, which answers a request without a valid id")
		}
	}
	// name is canonical, as net/http stores keys: h[name] is h.Values(name)
	// without canonicalizing name again.
	want := func(name, value string, required bool) {
		got := h[name]
		switch {
		case len(got) == 0:
			if required {
				add(strings.ToLower(name), CodeRequired, "missing; want "+strconv.Quote(value))
			}
		case len(got) > 1 || got[0] != value:
			add(strings.ToLower(name), CodeEnum, quoteTrunc(strings.Join(got, ", "))+" is not "+strconv.Quote(value))
		}
	}
	want("Access-Control-Allow-Origin", "*", true)
	if got := h["Access-Control-Allow-Headers"]; len(got) != 1 || !sameNames(got[0], corsAllowHeaders) {
		want("Access-Control-Allow-Headers", corsAllowHeaders, true)
	}
	if req.Allow != "" {
		want("Access-Control-Allow-Methods", req.Allow, true)
		needAllow := status == http.StatusMethodNotAllowed || req.Method == http.MethodOptions && status == http.StatusNoContent
		want("Allow", req.Allow, needAllow)
	}
	if status == http.StatusUnauthorized {
		if got := h.Get("Www-Authenticate"); got == "" {
			add("www-authenticate", CodeRequired, `missing; a 401 says how to authenticate: "Bearer"`)
		} else if scheme, _, _ := strings.Cut(got, " "); !asciiEqualFold(scheme, "bearer") {
			add("www-authenticate", CodeEnum, quoteTrunc(got)+` is not the scheme "Bearer"`)
		}
	}
	ctReported := false // the header model found content-type present but bad: said once
	for _, v := range hvs {
		ctReported = ctReported || v.Location == "content-type"
	}
	if len(body) > 0 && !ctReported {
		if ct := rh.ContentType; ct == "" {
			add("content-type", CodeRequired, "missing; a body comes as application/json")
		} else if !isJSONMediaType(ct) {
			add("content-type", CodeEnum, quoteTrunc(ct)+" is not application/json, and the response has a body")
		}
	}

	vs = req.lintResponseBody(status, h, body, vs)
	vs = lintEcho(req, h, body, vs)
	if len(vs) == 0 {
		return nil
	}
	var s redact.Set
	req.secrets(&s)
	return capViolations(vs, "").redact(&s).asError()
}

// statuses returns the statuses a conforming server answers r with, as
// text ("400, 401 or 403"), when status is not one of them, else "".
func (r *Request) statuses(status int) string {
	var allowed []int
	serverError := false // a 5xx is an answer too
	switch {
	case r.Method == http.MethodOptions:
		allowed = []int{http.StatusNoContent}
		if r.Allow == "" {
			allowed = []int{http.StatusNotFound}
		}
	case !r.linted:
		allowed = append(allowed, http.StatusNoContent)
		for e := Endpoint(1); e <= endpointLast; e++ {
			allowed = append(allowed, endpointTable[e].status)
		}
		for c := classPath; c < classOK; c++ {
			allowed = append(allowed, classStatus[c])
		}
		serverError = true
	case r.class <= classTenant: // decided before the server asks anything of its own
		allowed = []int{classStatus[r.class]}
	case r.class < classOK: // a server's check of the token comes first
		allowed = []int{classStatus[r.class], http.StatusUnauthorized, http.StatusForbidden}
		if r.class == classOther && r.Endpoint.RequestModel() != ModelNone && !r.bodyIn {
			allowed = append(allowed, http.StatusRequestEntityTooLarge) // the body, not seen, may be too large
		}
	default:
		allowed = []int{r.Endpoint.SuccessStatus(), http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound}
		if r.Endpoint.RequestModel() != ModelNone {
			allowed = append(allowed, http.StatusRequestEntityTooLarge) // a server's limit may be lower than 1 MiB
			if !r.bodyIn {
				allowed = append(allowed, http.StatusBadRequest) // the body, not seen, may break a rule
			}
		}
		serverError = true
	}
	if slices.Contains(allowed, status) || serverError && status >= 500 && status <= 599 {
		return ""
	}
	if status == http.StatusTooManyRequests {
		return "" // a server may throttle any request, before it reads it (clients retry)
	}
	slices.Sort(allowed)
	items := make([]string, 0, len(allowed)+1)
	for _, s := range slices.Compact(allowed) {
		items = append(items, strconv.Itoa(s))
	}
	if serverError {
		items = append(items, "a 5xx")
	}
	if len(items) == 1 {
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// lintResponseBody checks the body of a response with status to r,
// appending to vs.
func (r *Request) lintResponseBody(status int, h http.Header, body []byte, vs Violations) Violations {
	none := func(why string) Violations {
		if len(body) > 0 {
			vs = append(vs, Violation{Location: "", Code: CodeSyntax, Detail: why + " has no body, but this one has " + strconv.Itoa(len(body)) + " bytes"})
		}
		return vs
	}
	var m Model
	switch {
	case r.Method == http.MethodHead:
		return none("an answer to HEAD")
	case status == http.StatusNoContent, status == http.StatusNotModified, status < 200:
		return none("a " + strconv.Itoa(status))
	case status >= 400 && status <= 599:
		m = ModelAPIError
	case status >= 200 && status <= 299:
		m = r.successModel()
		if m == ModelNone {
			if r.Endpoint.IsValid() {
				return none("the success of " + r.Endpoint.Name())
			}
			return vs // no endpoint known: its body is not known either
		}
	default:
		return vs // 3xx: its status is the violation
	}
	if len(body) > DefaultBodyLimit {
		return append(vs, bodyTooLarge(m, DefaultBodyLimit))
	}
	md := m.model()
	rec, bvs := lint(body, md)
	vs = append(vs, bvs...)
	if m == ModelAPIError || !r.linted || !r.Endpoint.IsValid() || status != r.Endpoint.SuccessStatus() {
		return vs // the path's parameters are known of a request LintRequest read only
	}
	// The success names the contact of the request: the path's, or for a
	// Create the one Location names.
	id, ok := recordID(md, &rec)
	if !ok || Violations(bvs).Has("/"+idKey, CodeInteger) || Violations(bvs).Has("/"+idKey, CodeType) {
		return vs
	}
	if slices.Contains(pathTemplates[templateOf[r.Endpoint]].params, idParam) && id != r.Params.CustomerContactID {
		vs = append(vs, md.violation(md.lookup([]byte(idKey)), CodeEnum,
			"`"+strconv.FormatInt(id, 10)+"` is not the id of the path's contact, `"+strconv.FormatInt(r.Params.CustomerContactID, 10)+"`"))
	}
	if loc := r.Endpoint.Location(); loc.IsValid() {
		p := r.Params
		p.CustomerContactID = id
		wantPath := loc.PathFor(p)
		got := h.Values("Location")
		switch {
		case len(got) == 0:
			vs = append(vs, Violation{Location: "location", Code: CodeRequired, Detail: "missing; want the new contact's path, " + strconv.Quote(wantPath)})
		case len(got) > 1 || !strings.HasPrefix(got[0], "/") || strings.HasPrefix(got[0], "//") || !strings.HasSuffix(got[0], wantPath):
			vs = append(vs, Violation{Location: "location", Code: CodeEnum,
				Detail: quoteTrunc(strings.Join(got, ", ")) + " is not the path of the contact the body returns, " + strconv.Quote(wantPath)})
		}
	}
	return vs
}

// successModel returns the model of the body of r's success: its
// endpoint's, or when r names no endpoint the one every endpoint's success
// has (ModelNone when they differ).
func (r *Request) successModel() Model {
	if r.Endpoint.IsValid() {
		return r.Endpoint.ResponseModel()
	}
	m := endpointTable[1].response
	for e := Endpoint(2); e <= endpointLast; e++ {
		if endpointTable[e].response != m {
			return ModelNone
		}
	}
	return m
}

// The key of a contact's id, and the path parameter that names it.
const (
	idKey   = "id"
	idParam = paramCustomerContactID
)

// recordID returns the id of a decoded document of md, when it has one.
func recordID(md *model, rec *record) (int64, bool) {
	i := md.lookup([]byte(idKey))
	if i < 0 || rec.state[i] != PresenceValue || md.rules[i].kind != kindInteger {
		return 0, false
	}
	return rec.num[i], true
}

// lintEcho reports each header of a response, and its body, that holds the
// bearer token of r whole, in any letter case: a server must never send a
// token back (RULES.md "Serving the API").
func lintEcho(r *Request, h http.Header, body []byte, vs Violations) Violations {
	var few [2]string
	creds := few[:0]
	for _, t := range r.allTokens() {
		if c := redact.Credential(t.Reveal()); secretLike(c) {
			creds = append(creds, c)
		}
	}
	if len(creds) == 0 {
		return vs
	}
	holds := func(s string) bool {
		for _, c := range creds {
			if containsFold(s, c) {
				return true
			}
		}
		return false
	}
	echoed := false // by any header: only then are the keys sorted, for a fixed order
	for _, values := range h {
		for _, v := range values {
			echoed = echoed || holds(v)
		}
	}
	if echoed {
		keys := slices.Sorted(maps.Keys(h))
		for _, k := range keys {
			for _, v := range h[k] {
				if holds(v) {
					vs = append(vs, Violation{Location: strings.ToLower(k), Code: CodeEnum, Detail: "the header echoes the request's bearer token (not shown)"})
					break
				}
			}
		}
	}
	if holds(unsafe.String(unsafe.SliceData(body), len(body))) { // read only
		vs = append(vs, Violation{Location: "", Code: CodeEnum, Detail: "the body echoes the request's bearer token (not shown)"})
	}
	return vs
}

// minEchoed is the shortest credential whose echo [LintResponse] looks for:
// a shorter one may stand in a body by chance.
const minEchoed = 20

// secretLike reports whether c is a credential whose echo [LintResponse]
// looks for: minEchoed characters or more, with a letter and a digit, as
// access tokens have them. A credential without them may be the package's
// own words ("StandardRequestHeadersModel.authorization" matches the
// documented pattern, and an error body names it), which the check must
// not report as an echo.
func secretLike(c string) bool {
	if len(c) < minEchoed {
		return false
	}
	letter, digit := false, false
	for i := 0; i < len(c); i++ {
		letter = letter || 'a' <= c[i]|0x20 && c[i]|0x20 <= 'z'
		digit = digit || isDigit(c[i])
	}
	return letter && digit
}

// allTokens returns every authorization value of r, sealed.
func (r *Request) allTokens() []BearerToken {
	if r.Headers.Authorization.IsZero() {
		return r.tokens
	}
	return append([]BearerToken{r.Headers.Authorization}, r.tokens...)
}

// containsFold reports whether s holds sub in any ASCII letter case.
func containsFold(s, sub string) bool {
	if len(sub) == 0 {
		return true
	}
	// The anchor is the byte of sub that is searched for with IndexByte
	// (vectorized): one that has no letter case, when sub has one, so that
	// one search finds it, and not '_', which JSON keys are full of.
	at := 0
	for k := 0; k < len(sub); k++ {
		if c := sub[k]; lowerByte(c) == upperByte(c) && c != '_' {
			at = k
			break
		}
	}
	lo, up := lowerByte(sub[at]), upperByte(sub[at])
	for i := 0; i+len(sub) <= len(s); i++ {
		t := s[i+at : len(s)-len(sub)+1+at] // where the anchor of a match at i.. may stand
		j := strings.IndexByte(t, lo)
		if up != lo {
			if j >= 0 {
				t = t[:j]
			}
			if k := strings.IndexByte(t, up); k >= 0 {
				j = k
			}
		}
		if j < 0 {
			return false
		}
		i += j
		if asciiFoldEqual(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

func upperByte(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// asciiFoldEqual reports whether a and b, of the same length, are equal in
// any ASCII letter case.
func asciiFoldEqual(a, b string) bool {
	for i := 0; i < len(a); i++ {
		if lowerByte(a[i]) != lowerByte(b[i]) {
			return false
		}
	}
	return true
}

// sameNames reports whether two comma-separated lists of header names name
// the same headers, in any order and letter case.
func sameNames(a, b string) bool {
	if a == b {
		return true // the common case: the list as the sample writes it
	}
	split := func(s string) []string {
		var out []string
		for n := range strings.SplitSeq(s, ",") {
			out = append(out, strings.ToLower(trimOWS(n)))
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(split(a), split(b))
}

// responseField returns the field of a StandardResponseHeadersModel header
// by its lower-case name, or "" for a header the model does not name.
func responseField(name string) string {
	for i := range responseHeaderModel.rules {
		if responseHeaderModel.rules[i].Name == name {
			return responseHeaderModel.rules[i].Field
		}
	}
	return ""
}
