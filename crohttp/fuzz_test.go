package crohttp_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crogen"
	"github.com/croschema/croschema/crohttp"
	"github.com/leanovate/gopter"
)

// This file holds the fuzz targets of the HTTP surface. Each states the
// laws it checks; a reference verdict is always computed from the root
// package (MatchEndpoint, LintRequestHeaders, Model.Lint) and RULES.md's
// table, never from crohttp's own decisions.

// fzLimit is the small body limit of the middleware that FuzzMiddleware
// uses when flag fzSmallLimit is set, so that 413 is in reach of a fuzzer.
const fzLimit = 256

// The bits of FuzzMiddleware's flags byte.
const (
	fzUnknownLength = 1 << iota // the request body has no Content-Length (-1)
	fzSmallLimit                // the middleware has WithBodyLimit(fzLimit)
	fzAnswer404                 // the handler answers NotFound instead of success
	fzRawNames                  // header names as written, not canonicalized
	fzAuthorizer                // the middleware has fzAuthorize, not the default
)

// fzSample draws one value of g with a fixed seed, so that the seed
// corpus is the same on every run.
func fzSample(g gopter.Gen, seed int64) any {
	v, ok := g(gopter.DefaultGenParameters().CloneWithSeed(seed)).Retrieve()
	if !ok {
		return nil
	}
	return v
}

// fzBlock writes h as the header block FuzzMiddleware reads: one
// "Name: value" line per value.
func fzBlock(h http.Header) []byte {
	var b bytes.Buffer
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	return b.Bytes()
}

// fzHeader reads a header block leniently: every line with a ':' is one
// header value, its name before the first ':' (trimmed, canonicalized as
// net/http's server does) and its value after it as it is, so that
// surrounding space, empty values and repeated headers all occur; other
// lines are ignored.
func fzHeader(block []byte) http.Header { return fzHeaderOf(block, false) }

// fzHeaderOf is fzHeader, with the names as written when raw is set (as
// in an http.Header literal of a test or another framework's request), so
// that one header may stand under several spellings.
func fzHeaderOf(block []byte, raw bool) http.Header {
	h := http.Header{}
	for line := range bytes.SplitSeq(block, []byte("\n")) {
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			continue
		}
		n := strings.TrimSpace(string(name))
		if n == "" {
			continue
		}
		if raw {
			h[n] = append(h[n], strings.TrimPrefix(string(value), " "))
		} else {
			h.Add(n, strings.TrimPrefix(string(value), " "))
		}
	}
	return h
}

// fzValidMethod reports whether m is an HTTP token, the only methods a
// net/http server hands a handler.
func fzValidMethod(m string) bool {
	if m == "" {
		return false
	}
	for i := 0; i < len(m); i++ {
		c := m[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// fzRequest builds the request a net/http server would hand the
// middleware for this request line, headers and body, or nil when the
// server would reject the request line itself.
func fzRequest(method, target string, h http.Header, body []byte, flags byte) *http.Request {
	if !fzValidMethod(method) {
		return nil
	}
	u, err := url.ParseRequestURI(target)
	if err != nil {
		return nil
	}
	r := &http.Request{
		Method: method, URL: u, RequestURI: target, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h, Host: "api.example.com", RemoteAddr: "192.0.2.1:1234",
		Body: http.NoBody, ContentLength: int64(len(body)),
	}
	if len(body) > 0 {
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	if flags&fzUnknownLength != 0 {
		r.ContentLength = -1
	}
	return r
}

// fzResult is one answer of the middleware in front of fzServe's handler.
type fzResult struct {
	rec        *httptest.ResponseRecorder
	reached    *crohttp.Request // what the handler got; nil when it did not run
	handlerErr error            // a law the handler found broken
	reports    croschema.Violations
}

// fzServe sends r through Middleware in test mode in front of a handler
// that records the request it gets and answers it as a server of one
// contact: NotFound when flags say so, else the contact that ApplyCreate
// or ApplyUpdate makes of the body, or a fixed one for a Get.
func fzServe(r *http.Request, flags byte) fzResult {
	var res fzResult
	opts := []crohttp.HandlerOption{crohttp.WithResponseCheck(func(_ *http.Request, vs croschema.Violations) {
		res.reports = append(res.reports, vs...)
	})}
	if flags&fzSmallLimit != 0 {
		opts = append(opts, crohttp.WithBodyLimit(fzLimit))
	}
	if flags&fzAuthorizer != 0 {
		opts = append(opts, crohttp.WithAuthorizer(func(_ context.Context, tok croschema.BearerToken, tenant int64) (croschema.Role, error) {
			if !tok.IsValid() || tenant < 0 {
				res.handlerErr = fmt.Errorf("the Authorizer is asked about a token that is not valid or tenant %d", tenant)
			}
			return fzAuthorize(tok, tenant)
		}))
	}
	h := crohttp.Middleware(opts...)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req := crohttp.RequestFrom(r)
		if req == nil {
			res.handlerErr = errors.New("RequestFrom is nil in the handler")
			return
		}
		cp := *req
		res.reached = &cp
		if flags&fzAnswer404 != 0 {
			crohttp.WriteError(w, crohttp.NotFound(r))
			return
		}
		switch req.Endpoint {
		case croschema.CreateContact:
			c, err := req.Create().Contact()
			if err != nil {
				res.handlerErr = fmt.Errorf("ApplyCreate of a valid request: %v", err)
				crohttp.WriteError(w, crohttp.ErrorFrom(err))
				return
			}
			c.ID = 7
			if err := c.Validate(); err != nil {
				res.handlerErr = fmt.Errorf("ApplyCreate made an invalid contact %+v: %v", c, err)
			}
			crohttp.WriteCreated(w, r, &c)
		case croschema.UpdateContact:
			c := croschema.CustomerContact{ID: req.Params.CustomerContactID, Name: "George"}
			req.Update().Apply(&c)
			if err := c.Validate(); err != nil {
				res.handlerErr = fmt.Errorf("ApplyUpdate made an invalid contact %+v: %v", c, err)
			}
			crohttp.WriteContact(w, http.StatusOK, &c)
		default:
			c := croschema.CustomerContact{ID: req.Params.CustomerContactID, Name: "George",
				Email: croschema.NewNullString("shaneduty@gmail.com")}
			crohttp.WriteContact(w, http.StatusOK, &c)
		}
	}))
	res.rec = httptest.NewRecorder()
	h.ServeHTTP(res.rec, r)
	return res
}

// fzVerdict is the reference verdict on a request: the status RULES.md's
// table gives it, or 0 when it is valid and must reach the handler.
type fzVerdict struct {
	status int
	// vs are the violations that decide a 404, 405, 401, 403, 415 or 400,
	// in the order the lint reports them: request line, headers, body.
	vs croschema.Violations
	// byAuthorizer: the Authorizer or the roles table decides, and the
	// error body's field is field ("" for null).
	byAuthorizer bool
	field        string
	// The request the handler gets.
	ep      croschema.Endpoint
	params  croschema.PathParams
	headers croschema.RequestHeaders
	role    croschema.Role
}

// fzStatusOf is RULES.md's table, written out again: the class of each
// violation and the first class in the table's order that applies.
func fzStatusOf(vs croschema.Violations) int {
	order := []int{404, 405, 401, 403, 415, 400}
	best := len(order)
	for _, v := range vs {
		s := 400
		switch {
		case v.Code == croschema.CodePath:
			s = 404
		case v.Code == croschema.CodeMethod:
			s = 405
		case v.Location == "authorization":
			s = 401 // missing or invalid, whatever the code
		case v.Location == "x-tenant-id" && v.Code == croschema.CodeRequired:
			s = 403
		case v.Location == "content-type" && v.Code == croschema.CodeEnum:
			s = 415
		}
		best = min(best, slices.Index(order, s))
	}
	if best == len(order) {
		return http.StatusOK
	}
	return order[best]
}

func fzViolations(err error) croschema.Violations {
	var vs croschema.Violations
	errors.As(err, &vs)
	return vs
}

// fzNameRequired is the violation of a Create without name, as ApplyCreate
// reports it for an empty Create.
var fzNameRequired = func() croschema.Violation {
	_, err := (&croschema.CreateCustomerContact{}).Contact()
	return fzViolations(err)[0]
}()

// fzAuthorize is the Authorizer of flag fzAuthorizer: by the tenant, each
// role of croschema.Roles, ErrForbidden, or an error whose text holds the
// token (which must never reach a response).
func fzAuthorize(tok croschema.BearerToken, tenant int64) (croschema.Role, error) {
	roles := croschema.Roles()
	switch i := int(tenant % int64(len(roles)+2)); i {
	case len(roles):
		return 0, fmt.Errorf("tenant %d: %w", tenant, crohttp.ErrForbidden)
	case len(roles) + 1:
		return 0, errors.New("token " + tok.Reveal() + " has expired")
	default:
		return roles[i], nil
	}
}

// fzJudge computes the verdict on method, path (as r.URL.EscapedPath()),
// headers h and body under the body limit and the default Authorizer
// (every well-formed token a Dispatcher, who may call every endpoint: so
// no 401 or 403 other than the violations' ones), or fzAuthorize when
// authz is set, which is asked when the line and headers give no 401 or
// 403 and x-tenant-id is an integer given once: ErrForbidden is 403 with
// field x-tenant-id, another error 401 with field authorization, a role
// that the endpoint does not allow (Endpoint.Allows) 403 with field null.
func fzJudge(t *testing.T, method, path string, h http.Header, body []byte, limit int64, authz bool) fzVerdict {
	m := method
	if m == http.MethodHead || m == http.MethodOptions {
		m = http.MethodGet
	}
	ep, params, err := croschema.MatchEndpoint(m, path)
	line := fzViolations(err)
	if method == http.MethodOptions { // only the path matters
		if fzStatusOf(line) == http.StatusNotFound {
			return fzVerdict{status: http.StatusNotFound, vs: line}
		}
		return fzVerdict{status: http.StatusNoContent}
	}
	if s := fzStatusOf(line); s == http.StatusNotFound || s == http.StatusMethodNotAllowed {
		return fzVerdict{status: s, vs: line}
	}
	hs, err := croschema.LintRequestHeaders(h, m)
	vs := append(line[:len(line):len(line)], fzViolations(err)...)
	switch s := fzStatusOf(vs); s {
	case http.StatusUnauthorized, http.StatusForbidden:
		return fzVerdict{status: s, vs: vs}
	}
	role := croschema.RoleDispatcher
	if authz && !vs.Has("x-tenant-id", croschema.CodeInteger) && !vs.Has("x-tenant-id", croschema.CodeDuplicateKey) {
		r, err := fzAuthorize(hs.Authorization, hs.TenantID)
		switch {
		case errors.Is(err, crohttp.ErrForbidden):
			return fzVerdict{status: http.StatusForbidden, field: "StandardRequestHeadersModel.x-tenant-id", byAuthorizer: true}
		case err != nil:
			return fzVerdict{status: http.StatusUnauthorized, field: "StandardRequestHeadersModel.authorization", byAuthorizer: true}
		case !ep.Allows(r):
			return fzVerdict{status: http.StatusForbidden, byAuthorizer: true}
		}
		role = r
	}
	if s := fzStatusOf(vs); s == http.StatusUnsupportedMediaType {
		return fzVerdict{status: s, vs: vs}
	}
	if model := ep.RequestModel(); model != croschema.ModelNone {
		if int64(len(body)) > limit {
			return fzVerdict{status: http.StatusRequestEntityTooLarge}
		}
		bvs := fzViolations(model.Lint(body))
		if model == croschema.ModelCreateCustomerContact && !slices.ContainsFunc(bvs, func(v croschema.Violation) bool { return v.Location == "" }) {
			// The body is an object: is "name" one of its keys?
			var keys map[string]json.RawMessage
			if err := json.Unmarshal(body, &keys); err != nil {
				t.Fatalf("the lint finds no fault with the whole body %q, encoding/json does: %v", body, err)
			}
			if _, ok := keys["name"]; !ok {
				bvs = append(bvs, fzNameRequired)
			}
		}
		vs = append(vs, bvs...)
	}
	if len(vs) > 0 {
		return fzVerdict{status: fzStatusOf(vs), vs: vs}
	}
	return fzVerdict{ep: ep, params: params, headers: hs, role: role}
}

// fzRotate changes every character of an access token that the
// documented pattern reads into another of the same class (letters by
// ROT13 in their case, digits by 5, '-' '_' '=' in a cycle, '+' and '/'
// swapped): the token keeps its length and whether it matches, so a
// server that treats every token alike answers both the same.
func fzRotate(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case 'a' <= c && c <= 'z':
			b[i] = 'a' + (c-'a'+13)%26
		case 'A' <= c && c <= 'Z':
			b[i] = 'A' + (c-'A'+13)%26
		case '0' <= c && c <= '9':
			b[i] = '0' + (c-'0'+5)%10
		default:
			b[i] = map[byte]byte{'-': '_', '_': '=', '=': '-', '+': '/', '/': '+'}[c]
			if b[i] == 0 {
				b[i] = c
			}
		}
	}
	return string(b)
}

// fzAccessTokens returns the access tokens of h's authorization values,
// those that start with "Bearer " in any letter case after space.
func fzAccessTokens(h http.Header) []string {
	var out []string
	for k, vs := range h {
		if !strings.EqualFold(k, "Authorization") {
			continue
		}
		for _, v := range vs {
			v = strings.TrimLeft(v, " \t")
			if len(v) >= 7 && strings.EqualFold(v[:7], "Bearer ") {
				out = append(out, v[7:])
			}
		}
	}
	return out
}

// fzCredentials returns the credential of every authorization value of h,
// as crohttp redacts them: after the scheme and its spaces, or the whole
// value when it has no space.
func fzCredentials(h http.Header) []string {
	var out []string
	for k, vs := range h {
		if !strings.EqualFold(k, "Authorization") {
			continue
		}
		for _, v := range vs {
			v = strings.Trim(v, " \t")
			if _, after, ok := strings.Cut(v, " "); ok {
				v = strings.TrimLeft(after, " ")
			}
			out = append(out, v)
		}
	}
	return out
}

// fzRest is everything of a request but its authorization values: what
// the middleware may echo.
func fzRest(method, target string, h http.Header, body []byte) string {
	var b strings.Builder
	b.WriteString(method + " " + target + "\n")
	// The middleware quotes the path as the request line escapes it
	// ("/*AA0 " as "/%2AAA0%20"), where a run of a credential may form
	// across an escape.
	if u, err := url.ParseRequestURI(target); err == nil {
		b.WriteString(u.EscapedPath() + "\n")
	}
	b.Write(body)
	for k, vs := range h {
		if !strings.EqualFold(k, "Authorization") {
			b.WriteString("\n" + strings.Join(vs, "\n"))
		}
	}
	return b.String()
}

// fzWithRotatedTokens returns a copy of h whose authorization values have
// their access tokens rotated.
func fzWithRotatedTokens(h http.Header) http.Header {
	h = h.Clone()
	for k, vs := range h {
		if !strings.EqualFold(k, "Authorization") {
			continue
		}
		for i, v := range vs {
			pre := len(v) - len(strings.TrimLeft(v, " \t"))
			if len(v)-pre >= 7 && strings.EqualFold(v[pre:pre+7], "Bearer ") {
				vs[i] = v[:pre+7] + fzRotate(v[pre+7:])
			}
		}
	}
	return h
}

// fzText is a response as one text, its status, headers (sorted) and body,
// with a minted x-request-id replaced by a placeholder: it is random.
func fzText(code int, h http.Header, body []byte, minted bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d\n", code)
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			if minted && k == "X-Request-Id" {
				v = "(minted)"
			}
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	b.WriteString("\n")
	b.Write(body)
	return b.String()
}

// fzIsV4UUID reports whether s is a lower-case version-4 UUID of the
// RFC 9562 variant.
func fzIsV4UUID(s string) bool {
	if len(s) != 36 || s[14] != '4' || !strings.ContainsRune("89ab", rune(s[19])) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if s[i] != '-' {
				return false
			}
		} else if !strings.ContainsRune("0123456789abcdef", rune(s[i])) {
			return false
		}
	}
	return true
}

// fzSeed is one input of FuzzMiddleware.
type fzSeed struct {
	method, target string
	block, body    []byte
	flags          byte
}

// fzMiddlewareSeeds are FuzzMiddleware's seeds: valid and broken requests
// from crogen, and one request of every row of RULES.md's status table.
func fzMiddlewareSeeds() []fzSeed {
	var seeds []fzSeed
	add := func(method, target string, h http.Header, body string, flags byte) {
		seeds = append(seeds, fzSeed{method, target, fzBlock(h), []byte(body), flags})
	}
	const contact, collection = "/customers/1042/contacts/7", "/customers/1042/contacts"
	bodyFor := func(method string, seed int64) string {
		switch method {
		case http.MethodPost:
			return string(fzSample(crogen.StorableCreateDocs(), seed).(crogen.Doc).JSON())
		case http.MethodPatch:
			return string(fzSample(crogen.ValidDocs(croschema.ModelUpdateCustomerContact), seed).(crogen.Doc).JSON())
		}
		return ""
	}
	targetFor := func(method string) string {
		if method == http.MethodPost {
			return collection
		}
		return contact
	}
	for seed := int64(1); seed <= 6; seed++ {
		hs := fzSample(crogen.RequestHeaderSets(), seed).(crogen.HeaderSet)
		add(hs.Method, targetFor(hs.Method), hs.Header(), bodyFor(hs.Method, seed), byte(seed)&fzUnknownLength)
		broken := fzSample(crogen.BrokenRequestHeaderSets(), seed).(crogen.HeaderSet)
		add(broken.Method, targetFor(broken.Method), broken.Header(), bodyFor(broken.Method, seed), 0)
		for _, m := range []croschema.Model{croschema.ModelCreateCustomerContact, croschema.ModelUpdateCustomerContact} {
			d := fzSample(crogen.AnyDocs(m), seed).(crogen.Doc)
			method := http.MethodPatch
			if m == croschema.ModelCreateCustomerContact {
				method = http.MethodPost
			}
			add(method, targetFor(method), stdHeaders(), string(d.JSON()), 0)
		}
	}

	// RULES.md "Serving the API", row by row.
	without := func(name string) http.Header { h := stdHeaders(); h.Del(name); return h }
	with := func(name, value string) http.Header { h := stdHeaders(); h.Set(name, value); return h }
	const create = `{"name":"George","email":"a@example.com"}`
	add("GET", "/customers/1042/contact/7", stdHeaders(), "", 0)                       // 404 path
	add("DELETE", contact, stdHeaders(), "", 0)                                        // 405
	add("POST", contact, stdHeaders(), create, 0)                                      // 405
	add("GET", contact, without("Authorization"), "", 0)                               // 401 missing
	add("GET", contact, with("Authorization", "Basic dXNlcjpwYXNz"), "", 0)            // 401 invalid
	add("GET", contact, without("X-Tenant-Id"), "", 0)                                 // 403
	add("POST", collection, with("Content-Type", "text/plain"), create, 0)             // 415
	add("POST", collection, stdHeaders(), strings.Repeat(" ", fzLimit)+create, 2)      // 413
	add("PATCH", contact, stdHeaders(), strings.Repeat(" ", fzLimit)+"{}", 3)          // 413, no length
	add("GET", contact, with("X-Request-Id", "{b24c2138-65af}"), "", 0)                // 400 header
	add("GET", "/customers/1042/contacts/x7", stdHeaders(), "", 0)                     // 400 parameter
	add("PATCH", contact, stdHeaders(), `{"Name":"George"}`, 0)                        // 400 body
	add("POST", collection, stdHeaders(), `{"email":null}`, 0)                         // 400 Create without name
	add("GET", contact, with("X-Api-Version", "2023/04/19"), "", fzAnswer404)          // 404 from the handler
	add("GET", contact+"/?q=1", stdHeaders(), "", 0)                                   // 200
	add("PATCH", contact, stdHeaders(), `{"fax":null,"notify_on_new_request":"1"}`, 0) // 200
	add("POST", collection, stdHeaders(), create, 0)                                   // 200, Location
	add("HEAD", contact, stdHeaders(), "", 0)                                          // 200 without body
	add("HEAD", contact, without("X-Tenant-Id"), "", 0)                                // 403 without body
	add("OPTIONS", collection, http.Header{}, "", 0)                                   // 204
	add("OPTIONS", "/customers", http.Header{}, "", 0)                                 // 404
	// A token that the request also carries as its x-request-id: echoed,
	// which is no leak of the token.
	uuidTok := with("Authorization", "Bearer b24c2138-65af-4ed3-8e1d-b85a7dc8171c")
	uuidTok.Set("X-Request-Id", "b24c2138-65af-4ed3-8e1d-b85a7dc8171c")
	add("GET", contact, uuidTok, "", 0)
	add("GET", contact, with("Authorization", "Bearer "+strings.Repeat("x", 300)), "", 0) // 401 max_length
	// Header names as a test's http.Header literal writes them, and one
	// header under two spellings.
	add("PATCH", contact, http.Header{"authorization": {token}, "x-tenant-id": {"77"}, "content-type": {"application/json"}}, `{}`, fzRawNames)
	add("GET", contact, http.Header{"Authorization": {token}, "authorization": {token}, "X-Tenant-Id": {"77"}}, "", fzRawNames)
	// fzAuthorize: by tenant, a role (77: Driver), ErrForbidden (10), an
	// error that names the token (11); and a malformed tenant it is not
	// asked about.
	tenant := func(id string) http.Header { return with("X-Tenant-Id", id) }
	add("GET", contact, tenant("77"), "", fzAuthorizer)                   // 200 as Driver
	add("PATCH", contact, tenant("77"), `{"fax":null}`, fzAuthorizer)     // 403, role
	add("POST", collection, tenant("4"), create, fzAuthorizer)            // 200 as Dispatcher
	add("GET", contact, tenant("10"), "", fzAuthorizer)                   // 403, ErrForbidden
	add("GET", contact, tenant("11"), "", fzAuthorizer)                   // 401
	add("POST", collection, tenant("0011"), `{"name":"x"}`, fzAuthorizer) // 401
	add("GET", contact, tenant("1x"), "", fzAuthorizer)                   // 400, not asked
	return seeds
}

// FuzzMiddleware sends any request (method, request target, a header block
// of "Name: value" lines, body, and flags: no Content-Length, a 256-byte
// body limit, a handler that answers 404, header names not canonicalized,
// the Authorizer fzAuthorize) through Middleware in test mode
// in front of a handler that records whether it ran, and checks:
//
//   - no panic, and the status is one of RULES.md's table: 200, 204 (only
//     for OPTIONS), 400, 401, 403, 404, 405, 413, 415;
//   - the handler runs iff the reference verdict says the request is
//     valid: MatchEndpoint of the method (HEAD and OPTIONS as GET) and
//     r.URL.EscapedPath(), LintRequestHeaders, the endpoint's
//     Model.Lint of the body and the Create-without-name rule; and then
//     it gets exactly that endpoint, those parameters, those headers, the
//     Dispatcher role and the linted body, ApplyCreate accepts the Create
//     and ApplyCreate and ApplyUpdate make valid contacts;
//   - when it does not run, the status is the verdict's: OPTIONS 404 on
//     a path violation else 204; then 404 (path) or 405 (method) from the
//     request line alone; then 401 (any violation at authorization) or
//     403 (x-tenant-id required) or 415 (content-type enum) from the
//     request line and headers; then 413 for a POST or PATCH body over the
//     limit; then 400 for any other violation of the line, headers or
//     body. That status is crohttp.Status of the same violations (but for
//     OPTIONS and 413), and the error body is exactly
//     ErrorFromViolations of them (unless the rest of the request holds a
//     run of 4 bytes of a credential, which the middleware redacts from
//     the details: seed 5a5fdf158b4b5abe). The default Authorizer never gives 401
//     or 403: those come only from the violations; fzAuthorize is asked
//     only about a valid token and an integer tenant, in the order
//     fzJudge says, gives its role to the handler, and its 401 and 403
//     have the error body's field that crohttp's docs give;
//   - the response's headers pass LintResponseHeaders; a minted
//     x-request-id (the request's is not a valid UUID) is a version-4
//     UUID; the body lints as an ErrorResponseModel for an error status,
//     as a CustomerContactModel for 200, and is empty for HEAD and 204;
//     WithResponseCheck reports nothing;
//   - HEAD gets GET's status and headers, with Content-Length the length
//     of GET's body;
//   - the answer depends on the bearer token only through its shape: the
//     same request with every access token rotated (fzRotate: same length,
//     same match of the pattern) gets the same answer, but for a minted
//     x-request-id, unless the rest of the request holds a run of 4 bytes
//     of either token (which the middleware redacts from what it echoes);
//     and no 4-byte run of an access token of 8 or more bytes is in the
//     response in any ASCII letter case, unless it is also in the rotated
//     request's response (it is then the response's own text, not the
//     token's).
func FuzzMiddleware(f *testing.F) {
	for _, s := range fzMiddlewareSeeds() {
		f.Add(s.method, s.target, s.block, s.body, s.flags)
	}
	f.Fuzz(func(t *testing.T, method, target string, block, body []byte, flags byte) {
		h := fzHeaderOf(block, flags&fzRawNames != 0)
		r := fzRequest(method, target, h, body, flags)
		if r == nil {
			return // net/http's server answers such a request line itself
		}
		path := r.URL.EscapedPath()
		limit := int64(croschema.DefaultBodyLimit)
		if flags&fzSmallLimit != 0 {
			limit = fzLimit
		}
		want := fzJudge(t, method, path, h, body, limit, flags&fzAuthorizer != 0)
		res := fzServe(r, flags)
		rec := res.rec

		if res.handlerErr != nil {
			t.Fatal(res.handlerErr)
		}
		switch rec.Code {
		case 200, 400, 401, 403, 404, 405, 413, 415:
		case 204:
			if method != http.MethodOptions {
				t.Fatalf("204 for %s", method)
			}
		default:
			t.Fatalf("status %d is not in RULES.md's table", rec.Code)
		}
		if want.status == 0 {
			wantReq := decoded{Endpoint: want.ep, Params: want.params, Headers: want.headers, Role: want.role}
			switch want.ep {
			case croschema.CreateContact:
				c, _ := croschema.LintCreateContact(body)
				wantReq.Create = &c
			case croschema.UpdateContact:
				u, _ := croschema.LintUpdateContact(body)
				wantReq.Update = &u
			}
			wantStatus := http.StatusOK
			if flags&fzAnswer404 != 0 {
				wantStatus = http.StatusNotFound
			}
			switch {
			case res.reached == nil:
				t.Fatalf("a valid request did not reach the handler: %d %s", rec.Code, rec.Body)
			case !reflect.DeepEqual(decodedOf(res.reached), wantReq):
				t.Fatalf("the handler got %+v, want %+v", decodedOf(res.reached), wantReq)
			case rec.Code != wantStatus:
				t.Fatalf("status %d, want the handler's %d", rec.Code, wantStatus)
			}
		} else {
			if res.reached != nil {
				t.Fatalf("the handler ran for a request the verdict answers %d (%v)", want.status, want.vs)
			}
			if rec.Code != want.status {
				t.Fatalf("status %d, want %d (violations %v): %s", rec.Code, want.status, want.vs, rec.Body)
			}
			if want.byAuthorizer && method != http.MethodHead {
				var e struct{ Field *string }
				if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || (e.Field == nil) != (want.field == "") || (e.Field != nil && *e.Field != want.field) {
					t.Fatalf("the Authorizer's %d: error body %s, want field %q", want.status, rec.Body, want.field)
				}
			}
			if want.vs != nil {
				if s := croschema.Status(want.vs); s != want.status {
					t.Fatalf("croschema.Status(%v) = %d, RULES.md's table says %d", want.vs, s, want.status)
				}
				// Where the request echoes a piece of a credential, the
				// middleware redacts it from the details: not compared.
				if method != http.MethodHead && !fzHasRun(fzRest(method, target, h, body), fzCredentials(h)) {
					wantBody, _ := crohttp.ErrorFromViolations(want.vs).MarshalJSON()
					if !bytes.Equal(rec.Body.Bytes(), wantBody) {
						t.Fatalf("error body\n%s\nwant ErrorFromViolations'\n%s", rec.Body, wantBody)
					}
				}
			}
		}

		// The response conforms.
		rh, err := croschema.LintResponseHeaders(rec.Header())
		if err != nil {
			t.Fatalf("response headers %v: %v", rec.Header(), err)
		}
		reqHeaders, _ := croschema.LintRequestHeaders(h, http.MethodGet)
		minted := reqHeaders.RequestID == ""
		if minted && !fzIsV4UUID(rh.RequestID) {
			t.Fatalf("minted x-request-id %q is not a version-4 UUID", rh.RequestID)
		}
		respBody := rec.Body.Bytes()
		switch {
		case method == http.MethodHead || rec.Code == http.StatusNoContent:
			if len(respBody) > 0 {
				t.Fatalf("a %s %d has a body: %q", method, rec.Code, respBody)
			}
		case rec.Code == http.StatusOK:
			if err := croschema.ModelCustomerContact.Lint(respBody); err != nil {
				t.Fatalf("200 body %s: %v", respBody, err)
			}
		default:
			if err := croschema.ModelAPIError.Lint(respBody); err != nil {
				t.Fatalf("%d body %s: %v", rec.Code, respBody, err)
			}
		}
		if len(res.reports) > 0 {
			t.Fatalf("WithResponseCheck reports %v", res.reports)
		}

		if method == http.MethodHead {
			gr := fzRequest(http.MethodGet, target, h, body, flags)
			get := fzServe(gr, flags).rec
			hh := rec.Header().Clone()
			if got, want := hh.Get("Content-Length"), fmt.Sprint(get.Body.Len()); got != want {
				t.Fatalf("HEAD's Content-Length %q, GET's body has %s bytes", got, want)
			}
			hh.Del("Content-Length")
			if a, b := fzText(rec.Code, hh, nil, minted), fzText(get.Code, get.Header(), nil, minted); a != b {
				t.Fatalf("HEAD answers\n%s\nGET\n%s", a, b)
			}
		}

		// The token: the answer depends on its shape only, and shows nowhere.
		tokens := fzAccessTokens(h)
		if len(tokens) == 0 {
			return
		}
		rh2 := fzWithRotatedTokens(h)
		other := fzServe(fzRequest(method, target, rh2, body, flags), flags)
		a := fzText(rec.Code, rec.Header(), rec.Body.Bytes(), minted)
		b := fzText(other.rec.Code, other.rec.Header(), other.rec.Body.Bytes(), minted)
		for _, tok := range tokens {
			if len(tok) < 8 {
				continue
			}
			for i := 0; i+4 <= len(tok); i++ {
				if run := tok[i : i+4]; fzContainsFold(a, run) && !fzContainsFold(b, run) {
					t.Fatalf("the response shows %q of the access token:\n%s", run, a)
				}
			}
		}
		// The middleware redacts from what it echoes every run of 4
		// characters of the token: when the rest of the request holds
		// one, of either token, the two answers differ by design.
		secrets := append(fzCredentials(h), fzCredentials(rh2)...)
		if a != b && !fzHasRun(fzRest(method, target, h, body), secrets) {
			t.Fatalf("the answer depends on the token's value:\n%s\nwith the token rotated:\n%s", a, b)
		}
	})
}

// fzStatus maps a fuzzed number onto the statuses 100 to 599.
func fzStatus(n uint16) int { return 100 + int(n)%500 }

// fzChunkReader returns at most n bytes per Read, so that bodies reach
// their readers in pieces, as from a network.
type fzChunkReader struct {
	r io.Reader
	n int
}

func (c *fzChunkReader) Read(p []byte) (int, error) { return c.r.Read(p[:min(len(p), c.n)]) }

// fzResponse is the response of a stub RoundTripper: status, the headers
// of block (fzHeader) and body, the body read in chunks of chunk bytes.
func fzResponse(req *http.Request, status int, block, body []byte, chunk int) *http.Response {
	return &http.Response{
		Status: fmt.Sprintf("%d %s", status, http.StatusText(status)), StatusCode: status,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: fzHeader(block), ContentLength: int64(len(body)), Request: req,
		Body: io.NopCloser(&fzChunkReader{bytes.NewReader(body), chunk}),
	}
}

// FuzzClientResponse answers a Client's GetContact with any status from
// 100 to 599, any headers and any body, from a stub RoundTripper (no
// network; redirects are not followed, so the Client sees every 3xx), the
// token's access part fuzzed too ("$TOKEN" in the headers or body stands
// for it, so that echoes are easy to find), and checks the law
// crohttp/client.go promises:
//
//   - no panic; the request is sent iff the token makes valid headers, and
//     then it passes MatchEndpoint and LintRequestHeaders; an unsent call's
//     error is a croschema.Violations;
//   - a 2xx succeeds iff CustomerContact.UnmarshalJSON (the tolerant
//     decoding: unknown keys ignored, every boolean form) reads the body
//     and either the Client is lenient or the body has no violation the
//     Client counts: LintContact's but for unknown keys and repeated keys
//     that are not the model's, and a status other than 200 (location
//     "status", code enum). The contact returned is the decoded one; the
//     violations (the lenient Client's one Report, with the status, or
//     the error's Violations) are those, by code, location and field; a
//     body that LintContact finds clean under 200 always succeeds, with
//     LintContact's contact; a 2xx error is a *ResponseError with the
//     status and no *APIError;
//   - any other status is an error that errors.As finds as a
//     *croschema.APIError with StatusCode the status, and as a
//     *ResponseError with the status; the APIError is the body as
//     UnmarshalJSON reads it when that works and gives a detail, else its
//     Detail is the status text;
//   - the token: no run of 4 of its bytes, in any ASCII letter case, is in
//     the RequestID or the APIError's texts (RequestID and APIError are the
//     response's where they hold none), and the error text never holds
//     the whole access token of 8 or more characters (the placeholder
//     "[redacted]" aside: a token "redacted" is found in it, which tells
//     nothing).
func FuzzClientResponse(f *testing.F) {
	const tok = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMDQyIn0.c2VjcmV0"
	sample, err := os.ReadFile("../testdata/get-contact.response.json")
	if err != nil {
		f.Fatal(err)
	}
	okHeaders := []byte("X-Api-Version: 2019/02/08\nX-Request-Id: b24c2138-65af-4ed3-8e1d-b85a7dc8171c\nContent-Type: application/json\n")
	for i, body := range []string{
		string(sample),
		`{"id":1,"name":"George","email":null,"fax":null,"number":null,"extra":[1,{}],"notify_on_new_request":"TRUE",` +
			`"notify_on_acknowledged_request":0,"notify_on_completed_request":"false","notify_on_dispatched_request":"1","notify_on_failed_request":true}`,
		`{"id":1,"name":"George","fax":"123"}`, // breaks a value rule: lenient or not
		`{"id":"1","name":"George"}`,           // cannot be decoded
		`{"id":1,"name":"$TOKEN","email":"$TOKEN"}`,
		`{"detail":"No such contact.","field":"CustomerContactModel.id","explanation":null}`,
		`{"detail":"token $TOKEN is not accepted","field":"$TOKEN","explanation":"Bearer $TOKEN"}`,
		`<html>502 Bad Gateway</html>`,
		``,
	} {
		for _, n := range []uint16{100, 104, 201, 301, 304, 400, 499} { // 200, 204, 301, 401, 404, 500, 599
			f.Add(tok, n, okHeaders, []byte(body), i%2 == 0, byte(i))
		}
	}
	f.Add("$TOKEN", uint16(100), []byte("X-Request-Id: $TOKEN\n"), []byte(`{"detail":"$TOKEN"}`), false, byte(3))
	f.Add("redacted", uint16(300), []byte("X-Request-Id: redacted\n"), []byte(`{"detail":"redacted"}`), false, byte(3))
	f.Add("not a token", uint16(100), okHeaders, sample, false, byte(0))
	f.Fuzz(func(t *testing.T, access string, n uint16, block, body []byte, lenient bool, chunk byte) {
		status := fzStatus(n)
		block = bytes.ReplaceAll(block, []byte("$TOKEN"), []byte(access))
		body = bytes.ReplaceAll(body, []byte("$TOKEN"), []byte(access))
		token := croschema.NewBearerToken(access)
		var sent *http.Request
		stub := roundTripFunc(func(r *http.Request) (*http.Response, error) {
			if sent != nil {
				t.Fatal("the Client sent a second request")
			}
			sent = r
			return fzResponse(r, status, block, body, 1+int(chunk)%64), nil
		})
		hc := &http.Client{Transport: stub, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		var reports []crohttp.Report
		opts := []crohttp.ClientOption{crohttp.WithHTTPClient(hc)}
		if lenient {
			opts = append(opts, crohttp.WithLenientResponses(func(r crohttp.Report) { reports = append(reports, r) }))
		}
		c := crohttp.NewClient("http://api.example.com", token, 77, opts...)
		got, err := c.GetContact(t.Context(), 1042, 7)

		// The placeholder "[redacted]" is no secret, even when the token is
		// a piece of it ("redacted"): a line break, which no token that is
		// sent holds, takes its place before the text is searched.
		if err != nil && len(access) >= 8 && fzContainsFold(strings.ReplaceAll(err.Error(), "[redacted]", "\n"), access) {
			t.Fatalf("the error shows the access token %q: %s", access, err)
		}
		headersOK := (&croschema.RequestHeaders{Authorization: token, TenantID: 77}).Validate(http.MethodGet) == nil
		if sent == nil {
			var vs croschema.Violations
			if headersOK || !errors.As(err, &vs) {
				t.Fatalf("not sent, with valid headers %v; error %v", headersOK, err)
			}
			return
		}
		if !headersOK {
			t.Fatal("sent with a token that makes invalid headers")
		}
		if _, _, err := croschema.MatchEndpoint(sent.Method, sent.URL.EscapedPath()); err != nil {
			t.Fatalf("sent %s %s: %v", sent.Method, sent.URL.EscapedPath(), err)
		}
		if _, err := croschema.LintRequestHeaders(sent.Header, sent.Method); err != nil {
			t.Fatalf("sent headers: %v", err)
		}

		tokens := []string{access}
		var re *crohttp.ResponseError
		var ae *croschema.APIError
		if err != nil && (!errors.As(err, &re) || re.StatusCode != status) {
			t.Fatalf("status %d: error %v is not a *ResponseError with the status", status, err)
		}
		if re != nil {
			if fzHasRun(strings.ReplaceAll(re.RequestID, "[redacted]", "\n"), tokens) {
				t.Fatalf("RequestID %q holds a piece of the token", re.RequestID)
			}
			if h := fzHeader(block).Get("X-Request-Id"); re.RequestID != h && !fzHasRun(h, tokens) {
				t.Fatalf("RequestID %q, the response's is %q", re.RequestID, h)
			}
		}
		if status < 200 || status > 299 {
			switch {
			case err == nil:
				t.Fatalf("status %d: no error, contact %+v", status, got)
			case !errors.As(err, &ae) || ae.StatusCode != status:
				t.Fatalf("status %d: error %v holds no *APIError with the status", status, err)
			}
			for _, text := range []string{ae.Detail, ae.Field.String, ae.Explanation.String} {
				if fzHasRun(strings.ReplaceAll(text, "[redacted]", "\n"), tokens) {
					t.Fatalf("the APIError %+v holds a piece of the token", *ae)
				}
			}
			want := croschema.APIError{StatusCode: status}
			if want.UnmarshalJSON(body) != nil || want.Detail == "" {
				want = croschema.APIError{StatusCode: status, Detail: http.StatusText(status)}
			}
			if *ae != want && !fzHasRun(fmt.Sprint(want.Detail, want.Field.String, want.Explanation.String), tokens) {
				t.Fatalf("status %d, body %q: APIError %+v, want %+v", status, body, *ae, want)
			}
			return
		}

		// A 2xx: decoded tolerantly, then checked by LintContact but for
		// unknown keys and keys given twice that are not the model's, and
		// its status must be 200.
		var decoded croschema.CustomerContact
		decodeErr := decoded.UnmarshalJSON(body)
		var wantVs croschema.Violations
		for _, v := range fzViolations(fzLintContact(body)) {
			if v.Code == croschema.CodeUnknownField || (v.Code == croschema.CodeDuplicateKey && !fzContactKey(v.Location)) {
				continue
			}
			wantVs = append(wantVs, v)
		}
		if status != http.StatusOK {
			wantVs = append(wantVs, croschema.Violation{Location: "status", Code: croschema.CodeEnum})
		}
		wantOK := decodeErr == nil && (len(wantVs) == 0 || lenient)
		switch {
		case (err == nil) != wantOK:
			t.Fatalf("%d body %q (decodes: %v, violations %v, lenient %v): error %v", status, body, decodeErr, wantVs, lenient, err)
		case err != nil && errors.As(err, &ae):
			t.Fatalf("a 2xx gives an APIError: %v", err)
		case err == nil && got != decoded:
			t.Fatalf("contact %+v, the body decodes as %+v", got, decoded)
		case err == nil && len(wantVs) == 0 && got.Validate() != nil:
			t.Fatalf("an invalid contact %+v without violations", got)
		}
		if linted, lerr := croschema.LintContact(body); lerr == nil && status == http.StatusOK && (err != nil || got != linted) {
			t.Fatalf("a clean body %q: contact %+v, %v; LintContact reads %+v", body, got, err, linted)
		}
		if decodeErr == nil && len(wantVs) > 0 {
			var gotVs croschema.Violations
			if lenient {
				if len(reports) != 1 || reports[0].StatusCode != status || reports[0].Direction != crohttp.DirectionResponse ||
					reports[0].Endpoint != croschema.GetContact || reports[0].Method != http.MethodGet {
					t.Fatalf("lenient reports %v, want one of violations %v", reports, wantVs)
				}
				gotVs = reports[0].Violations
			} else if !errors.As(err, &gotVs) {
				t.Fatalf("the error %v holds no Violations; want %v", err, wantVs)
			}
			if !fzSameReports([]crohttp.Report{{Violations: gotVs}}, []crohttp.Report{{Violations: wantVs}}, tokens) {
				t.Fatalf("violations %v, want %v", gotVs, wantVs)
			}
		} else if len(reports) > 0 {
			t.Fatalf("reports %v of a conforming answer", reports)
		}
	})
}

// fzLintContact returns only LintContact's error.
func fzLintContact(data []byte) error {
	_, err := croschema.LintContact(data)
	return err
}

// fzContactKey reports whether loc is the location of a key of
// CustomerContactModel, such as "/email".
func fzContactKey(loc string) bool {
	for _, r := range croschema.ModelCustomerContact.Rules() {
		if loc == "/"+r.Key {
			return true
		}
	}
	return false
}

// FuzzTransport sends any request (method, target, a header block, a body
// sent replayable or streaming) through NewTransport over a stub
// RoundTripper that reads the request body whole and answers with any
// status, headers and body, which the caller reads in pieces, and checks:
//
//   - no panic; the stub gets the request body byte for byte, and the
//     caller gets the stub's status, headers and body byte for byte,
//     whatever the transport reports;
//   - the reports agree with a reference lint of each message: none for
//     OPTIONS or a path that names no endpoint; else a request Report
//     iff MatchEndpoint, LintRequestHeaders and (for the endpoint's
//     request model) Model.Lint of the body find violations, holding
//     exactly those; a response Report iff LintResponseHeaders, a 2xx
//     other than 200 (location "status", code enum) and the body's model
//     (CustomerContactModel for a 2xx, ErrorResponseModel for 4xx and 5xx,
//     none for HEAD, 1xx, 204, 304 and 3xx) find violations, holding
//     exactly those, with the status. Violations are compared by code,
//     location and field, paths as sent, but for what holds a run of 4
//     characters of the token, which the transport redacts;
//   - no report shows an access token of 8 or more characters, in any
//     letter case.
func FuzzTransport(f *testing.F) {
	const contact, collection = "/customers/1042/contacts/7", "/customers/1042/contacts"
	okResp := []byte("X-Api-Version: 2019/02/08\nX-Request-Id: b24c2138-65af-4ed3-8e1d-b85a7dc8171c\nContent-Type: application/json\n")
	sample, err := os.ReadFile("../testdata/get-contact.response.json")
	if err != nil {
		f.Fatal(err)
	}
	for i, s := range fzMiddlewareSeeds() {
		for _, resp := range []struct {
			n    uint16
			body string
		}{ // 200, 200, 404, 204, 500, 301
			{100, string(sample)}, {100, `{"id":1}`}, {304, `{"detail":"Not found.","explanation":null,"field":null}`},
			{104, ""}, {400, "<html>"}, {201, string(sample)},
		} {
			f.Add(s.method, s.target, s.block, s.body, resp.n, okResp, []byte(resp.body), byte(i))
		}
	}
	f.Add("GET", contact, fzBlock(stdHeaders()), []byte{}, uint16(100), []byte("X-Request-Id: x\n"), sample, byte(0x80))
	f.Add("POST", collection, fzBlock(stdHeaders()), []byte(`{"name":"George"}`), uint16(100), okResp, sample, byte(0x81))
	f.Fuzz(func(t *testing.T, method, target string, block, reqBody []byte, n uint16, respBlock, respBody []byte, flags byte) {
		status := fzStatus(n)
		chunk := 1 + int(flags&0x3f)
		streaming := flags&0x80 != 0
		if !fzValidMethod(method) {
			return
		}
		var rd io.Reader
		if len(reqBody) > 0 {
			rd = bytes.NewReader(reqBody)
			if streaming {
				rd = &fzChunkReader{bytes.NewReader(reqBody), chunk} // no GetBody: checked as it is sent
			}
		}
		req, err := http.NewRequest(method, "http://api.example.com"+target, rd)
		if err != nil {
			return
		}
		req.Header = fzHeader(block)

		var reports []crohttp.Report
		var stubGot []byte
		var stubResp *http.Response
		stub := roundTripFunc(func(r *http.Request) (*http.Response, error) {
			if r.Body != nil {
				b, err := io.ReadAll(r.Body)
				if err != nil {
					t.Fatalf("reading the request body: %v", err)
				}
				stubGot = b
				r.Body.Close()
			}
			stubResp = fzResponse(r, status, respBlock, respBody, chunk)
			return stubResp, nil
		})
		resp, err := crohttp.NewTransport(stub, func(r crohttp.Report) { reports = append(reports, r) }).RoundTrip(req)
		if err != nil {
			t.Fatalf("RoundTrip: %v", err)
		}
		var got []byte
		buf := make([]byte, chunk)
		for {
			n, err := resp.Body.Read(buf)
			got = append(got, buf[:n]...)
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("reading the response body: %v", err)
			}
		}
		resp.Body.Close()
		switch {
		case !bytes.Equal(stubGot, reqBody) && !(stubGot == nil && len(reqBody) == 0):
			t.Fatalf("the stub got the request body %q, the caller sent %q", stubGot, reqBody)
		case !bytes.Equal(got, respBody):
			t.Fatalf("the caller read %q, the stub sent %q", got, respBody)
		case resp.StatusCode != status || !reflect.DeepEqual(resp.Header, stubResp.Header):
			t.Fatalf("the caller got %d %v, the stub sent %d %v", resp.StatusCode, resp.Header, status, stubResp.Header)
		}

		// The reference lint of both messages.
		path := req.URL.EscapedPath()
		ep, _, lineErr := croschema.MatchEndpoint(method, path)
		line := fzViolations(lineErr)
		var want []crohttp.Report
		if method != http.MethodOptions && !line.Has("path", croschema.CodePath) {
			vs := append(line, fzViolations(fzLintHeaders(req.Header, method))...)
			if m := ep.RequestModel(); m != croschema.ModelNone {
				vs = append(vs, fzViolations(m.Lint(reqBody))...)
			}
			if len(vs) > 0 {
				want = append(want, crohttp.Report{Direction: crohttp.DirectionRequest, Endpoint: ep, Method: method, Path: path, Violations: vs})
			}
			rvs := fzViolations(fzLintResponseHeaders(resp.Header))
			if status/100 == 2 && status != http.StatusOK {
				rvs = append(rvs, croschema.Violation{Location: "status", Code: croschema.CodeEnum})
			}
			switch {
			case method == http.MethodHead || status < 200 || status == 204 || (status >= 300 && status < 400):
			case status < 300:
				rvs = append(rvs, fzViolations(croschema.ModelCustomerContact.Lint(respBody))...)
			default:
				rvs = append(rvs, fzViolations(croschema.ModelAPIError.Lint(respBody))...)
			}
			if len(rvs) > 0 {
				want = append(want, crohttp.Report{Direction: crohttp.DirectionResponse, Endpoint: ep, Method: method, Path: path, StatusCode: status, Violations: rvs})
			}
		}
		// What the transport redacts: every credential, the scheme's
		// or the whole value's ("Cont" redacts "/customers//contacts").
		tokens := fzAccessTokens(req.Header)
		if !fzSameReports(reports, want, fzCredentials(req.Header)) {
			t.Fatalf("reports\n%v\nwant\n%v", reports, want)
		}
		for _, tok := range tokens {
			for _, r := range reports {
				if len(tok) >= 8 && fzContainsFold(fmt.Sprintf("%v %+v %#v", r, r, r), tok) {
					t.Fatalf("a report shows the access token: %v", r)
				}
			}
		}
	})
}

// fzSameReports reports whether got are the reports want, but for what the
// transport redacts: details are not compared, and a path, location or
// field only when it holds no run of 4 characters of a token.
func fzSameReports(got, want []crohttp.Report, tokens []string) bool {
	if len(got) != len(want) {
		return false
	}
	same := func(g, w string) bool { return g == w || fzHasRun(w, tokens) }
	for i, g := range got {
		w := want[i]
		if g.Direction != w.Direction || g.Endpoint != w.Endpoint || g.Method != w.Method ||
			g.StatusCode != w.StatusCode || !same(g.Path, w.Path) || len(g.Violations) != len(w.Violations) {
			return false
		}
		for j, v := range g.Violations {
			wv := w.Violations[j]
			if v.Code != wv.Code || !same(v.Location, wv.Location) || (wv.Field != "" && !same(v.Field, wv.Field)) {
				return false
			}
		}
	}
	return true
}

// fzContainsFold reports whether s holds sub in any ASCII letter case.
func fzContainsFold(s, sub string) bool {
	return strings.Contains(fzLowerASCII(s), fzLowerASCII(sub))
}

func fzLowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// fzHasRun reports whether s holds a run of 4 bytes of one of the tokens,
// in any ASCII letter case: what crohttp redacts (internal/redact.String).
func fzHasRun(s string, tokens []string) bool {
	for _, tok := range tokens {
		for i := 0; i+4 <= len(tok); i++ {
			if fzContainsFold(s, tok[i:i+4]) {
				return true
			}
		}
	}
	return false
}

// fzLintHeaders and fzLintResponseHeaders return only the lint's error.
func fzLintHeaders(h http.Header, method string) error {
	_, err := croschema.LintRequestHeaders(h, method)
	return err
}

func fzLintResponseHeaders(h http.Header) error {
	_, err := croschema.LintResponseHeaders(h)
	return err
}
