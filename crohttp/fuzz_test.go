package crohttp_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crogen"
	"github.com/croschema/croschema/crohttp"
	"github.com/leanovate/gopter"
)

// This file holds the fuzz targets of the HTTP surface. Each states the
// laws it checks; a reference verdict is always computed from the root
// package (MatchEndpoint, LintRequestHeaders, Model.Lint, the one-shot
// LintRequest and LintResponse) and RULES.md's table, never from crohttp's
// own decisions.
//
// Redaction is checked as a law of two worlds: a piece of a credential
// that an output shows is the package's own word (a credential may be
// "Cont" or "1042") only if the same output shows it when every echo of
// the credential in the input, whole, cut short or in another letter case,
// is rotated with it (fzRotate, fzRotateRunsOf): else the output shows it
// because the input held the token.

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
// contact: NotFound when flags say so, else the contact that the body's
// Contact or Apply makes, or a fixed one for a Get.
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
				res.handlerErr = fmt.Errorf("Contact() of a valid Create: %v", err)
				crohttp.WriteError(w, crohttp.ErrorFrom(err))
				return
			}
			c.ID = 7
			if err := c.Validate(); err != nil {
				res.handlerErr = fmt.Errorf("Contact() made an invalid contact %+v: %v", c, err)
			}
			crohttp.WriteCreated(w, r, &c)
		case croschema.UpdateContact:
			c := croschema.CustomerContact{ID: req.Params.CustomerContactID, Name: "George"}
			req.Update().Apply(&c)
			if err := c.Validate(); err != nil {
				res.handlerErr = fmt.Errorf("Apply made an invalid contact %+v: %v", c, err)
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

// fzNameRequired is the violation of a Create without name, as
// CreateCustomerContact.Contact reports it for an empty Create.
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
	if !strings.HasPrefix(path, "/") {
		// Not a path at all ("*", ""): the request target's own rule,
		// which LintRequest reads and MatchEndpoint does not.
		_, err := croschema.LintRequestHead(method, path, nil)
		if line = fzViolations(err); !line.Has("path", croschema.CodePath) {
			t.Fatalf("LintRequestHead(%q, %q): %v, want a path violation", method, path, line)
		}
	}
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
	if model := ep.RequestModel(); model != croschema.ModelNone || len(body) > 0 {
		if int64(len(body)) > limit {
			return fzVerdict{status: http.StatusRequestEntityTooLarge}
		}
		if model == croschema.ModelNone {
			// A body where the endpoint takes none (a GET's) is one syntax
			// violation at "", as croschema.LintRequest reports it.
			_, err := croschema.LintRequest(method, path, h, body)
			bvs := slices.DeleteFunc(fzViolations(err), func(v croschema.Violation) bool { return v.Location != "" })
			if len(bvs) != 1 || bvs[0].Code != croschema.CodeSyntax {
				t.Fatalf("LintRequest of a %s with a body: %v, want one syntax violation at \"\"", method, bvs)
			}
			vs = append(vs, bvs...)
			return fzVerdict{status: fzStatusOf(vs), vs: vs}
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
// with an x-request-id other than reqID, the request's, replaced by a
// placeholder: it is minted, random.
func fzText(code int, h http.Header, body []byte, reqID string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d\n", code)
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			if k == "X-Request-Id" && v != reqID {
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
	// A digits-only token echoed as a JSON number, a string, a key, a
	// path parameter, a header (issue 19, item 1).
	digits := func(h http.Header) http.Header { h.Set("Authorization", "Bearer 31415926535897932384"); return h }
	add("PATCH", contact, digits(stdHeaders()), `{"notify_on_new_request":31415926535897932384}`, 0)
	add("PATCH", contact, digits(stdHeaders()), `{"notify_on_new_request":31415926535897932384.5}`, 0)
	add("PATCH", contact, digits(stdHeaders()), `{"notify_on_new_request":1415926535897932}`, 0) // a piece of it
	add("PATCH", contact, digits(stdHeaders()), `{"fax":31415926535897932384,"email":-31415926535897932384e3}`, 0)
	add("PATCH", contact, digits(stdHeaders()), `{"id":31415926535897932384.5}`, 0)
	add("PATCH", contact, digits(stdHeaders()), `{"31415926535897932384":1}`, 0)
	add("POST", collection, digits(stdHeaders()), `{"name":"31415926535897932384","fax":"1415926535897932"}`, 0)
	add("GET", "/customers/31415926535897932384/contacts/7", digits(stdHeaders()), "", 0)
	add("GET", contact, digits(with("X-Tenant-Id", "31415926535897932384")), "", 0)
	add("GET", contact, digits(with("X-Request-Id", "31415926535897932384")), "", 0)
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
//     Model.Lint of the body, a body where the endpoint takes none (one
//     syntax violation at "") and the Create-without-name rule; and then
//     it gets exactly that endpoint, those parameters, those headers, the
//     Dispatcher role and the linted body, Contact accepts the Create
//     and Contact and Apply make valid contacts;
//   - when it does not run, the status is the verdict's: OPTIONS 404 on
//     a path violation else 204; then 404 (path) or 405 (method) from the
//     request line alone; then 401 (any violation at authorization) or
//     403 (x-tenant-id required) or 415 (content-type enum) from the
//     request line and headers; then 413 for a body over the
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
//     x-request-id (any other than the request's) is a version-4 UUID; the body lints as an ErrorResponseModel for an error status,
//     as a CustomerContactModel for 200, and is empty for HEAD and 204;
//     WithResponseCheck reports nothing;
//   - HEAD gets GET's status and headers, with Content-Length the length
//     of GET's body;
//   - no run of 4 bytes of a credential is in the response, in any ASCII
//     letter case, unless it is also in the response to the request with
//     every echo of the credentials rotated (fzRotateRunsOf of the target,
//     the header block's values and the body), when that keeps the
//     status and the reference's violations: a digits-only token the
//     body echoes as a JSON number included;
//   - the answer depends on the bearer token only through its shape: the
//     same request with every access token rotated (fzRotate: same length,
//     same match of the pattern) gets the same answer, but for a minted
//     x-request-id, unless the rest of the request holds a run of 4 bytes
//     of either token (which the middleware redacts from what it echoes).
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
		reqID := reqHeaders.RequestID
		if rh.RequestID != reqID && !fzIsV4UUID(rh.RequestID) {
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
			if a, b := fzText(rec.Code, hh, nil, reqID), fzText(get.Code, get.Header(), nil, reqID); a != b {
				t.Fatalf("HEAD answers\n%s\nGET\n%s", a, b)
			}
		}

		// The token shows nowhere: a piece of a credential in the answer
		// is the package's own word only if it stays when every echo of
		// the credentials in the request (in the target, any header, the
		// body: whole, cut short, in another letter case, a digits-only
		// token as a JSON number) is rotated with them (fzRotateRunsOf;
		// header names are not echoes), when that keeps the verdict.
		a := fzText(rec.Code, rec.Header(), rec.Body.Bytes(), reqID)
		creds := fzCredentials(h)
		var seen []string
		for _, c := range creds {
			if len(fzRuns(a, c)) > 0 {
				seen = append(seen, c)
			}
		}
		rot := func(b []byte) []byte { return fzRotateRunsOf(b, creds) }
		if len(seen) == 0 {
		} else if r2 := fzRequest(method, string(rot([]byte(target))), fzHeaderOf(fzRotateValuesOf(block, creds), flags&fzRawNames != 0), rot(body), flags); r2 != nil {
			w := fzServe(r2, flags).rec
			id2, _ := croschema.LintRequestHeaders(r2.Header, http.MethodGet)
			c := fzText(w.Code, w.Header(), w.Body.Bytes(), id2.RequestID)
			// The same verdict, or the rotation changed what the request is.
			want2 := fzJudge(t, method, r2.URL.EscapedPath(), r2.Header, rot(body), limit, flags&fzAuthorizer != 0)
			same := w.Code == rec.Code && fzCodes(want2.vs) == fzCodes(want.vs)
			for _, cred := range seen {
				if leaks := fzLeaks(a, c, cred); len(leaks) > 0 && same {
					t.Fatalf("the response shows %q of a credential:\n%s\nwith the credentials rotated everywhere:\n%s", leaks, a, c)
				}
			}
		}

		// The answer depends on the token only through its shape.
		if len(fzAccessTokens(h)) == 0 {
			return
		}
		rh2 := fzWithRotatedTokens(h)
		other := fzServe(fzRequest(method, target, rh2, body, flags), flags)
		b := fzText(other.rec.Code, other.rec.Header(), other.rec.Body.Bytes(), reqID)
		// The middleware redacts from what it echoes every run of 4
		// characters of the token: when the rest of the request holds
		// one, of either token, the two answers differ by design.
		secrets := append(fzCredentials(h), fzCredentials(rh2)...)
		if a != b && !fzHasRun(fzRest(method, target, h, body), secrets) {
			t.Fatalf("the answer depends on the token's value:\n%s\nwith the token rotated:\n%s", a, b)
		}
	})
}

// fzCodes returns the locations and codes of vs, one string.
func fzCodes(vs croschema.Violations) string {
	var b strings.Builder
	for _, v := range vs {
		b.WriteString(v.Location + " " + string(v.Code) + "\n")
	}
	return b.String()
}

// fzRotateValuesOf is fzRotateRunsOf for a header block: only the values,
// after each line's first ':', are rotated; the names are the protocol's
// words, not echoes.
func fzRotateValuesOf(block []byte, toks []string) []byte {
	lines := bytes.Split(block, []byte("\n"))
	for i, line := range lines {
		if j := bytes.IndexByte(line, ':'); j >= 0 {
			lines[i] = append(line[:j+1:j+1], fzRotateRunsOf(line[j+1:], toks)...)
		}
	}
	return bytes.Join(lines, []byte("\n"))
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

// fzTry is one request a stub got.
type fzTry struct {
	method, target string
	header         http.Header
}

// fzClientResult is what one call of GetContact gave, and every text of
// it that may show a piece of the token.
type fzClientResult struct {
	tries   []fzTry
	contact croschema.CustomerContact
	err     error
	reports []crohttp.Report
	text    string // every text of err and reports, one per line
}

// fzRequestID is the x-request-id of every call the client fuzz targets
// make, so that two calls differ only by what the fuzzer gave them.
const fzRequestID = "2f0d3b8e-5c1a-4e7b-9a6d-0c4f8e2b1a73"

// fzErrorText returns every text that err, the error of a Client call,
// exposes, one per line: its Error, and every field of the
// *crohttp.ResponseError, *crohttp.TransportError, *croschema.APIError and
// croschema.Violations it leads to. (Not %#v: it prints pointers.)
func fzErrorText(err error) string {
	if err == nil {
		return ""
	}
	texts := []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err)}
	var re *crohttp.ResponseError
	if errors.As(err, &re) {
		texts = append(texts, re.Method, re.Path, re.RequestID, re.Error())
	}
	var te *crohttp.TransportError
	if errors.As(err, &te) {
		texts = append(texts, te.Method, te.Path, te.Error())
	}
	var ae *croschema.APIError
	if errors.As(err, &ae) {
		texts = append(texts, ae.Detail, ae.Field.String, ae.Explanation.String, ae.Error(), fmt.Sprintf("%+v", *ae))
	}
	var vs croschema.Violations
	if errors.As(err, &vs) {
		texts = append(texts, fzViolationsText(vs))
	}
	return strings.Join(texts, "\n")
}

// fzViolationsText returns every field of every violation, one per line.
func fzViolationsText(vs croschema.Violations) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "%s\n%s\n%s\n%s\n%s\n", v.Location, v.Field, v.Code, v.Detail, v.String())
	}
	return b.String()
}

// fzReportsText returns every text of the reports, one per line.
func fzReportsText(rs []crohttp.Report) string {
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "%s\n%s\n%s\n%v\n%+v\n", r.String(), r.Method, r.Path, r, r)
		b.WriteString(fzViolationsText(r.Violations))
	}
	return b.String()
}

// fzLoopback matches a loopback address with its port, which differs from
// one connection to the next and is no echo of anything.
var fzLoopback = regexp.MustCompile(`127\.0\.0\.1:[0-9]+`)

// fzEscape matches a JSON escape of a character, "\u0000": it shows a
// character that is no piece of a token (a NUL a body's key decoded to),
// however its hex digits read.
var fzEscape = regexp.MustCompile(`\\u[0-9a-fA-F]{4}`)

// fzRuns returns the runs of 4 bytes of tok that s holds, in any ASCII
// letter case, lower-cased; none for a tok shorter than 4 bytes.
func fzRuns(s, tok string) []string {
	if len(tok) < 4 {
		return nil
	}
	ls, lt := fzLowerASCII(s), fzLowerASCII(tok)
	var out []string
	for i := 0; i+4 <= len(lt); i++ {
		if run := lt[i : i+4]; strings.Contains(ls, run) && !slices.Contains(out, run) {
			out = append(out, run)
		}
	}
	return out
}

// fzRotateRuns returns s with every byte that lies in a run of 4 or more
// bytes of tok (in any ASCII letter case) rotated as fzRotate rotates it:
// every echo of tok in s, whole, cut short or in another letter case,
// becomes the same echo of fzRotate(tok), and the rest of s stays as it
// is. It is the world where the token was fzRotate(tok) all along.
func fzRotateRuns(s []byte, tok string) []byte { return fzRotateRunsOf(s, []string{tok}) }

// fzLeaks returns the runs of 4 bytes of tok that text a shows and text b
// does not, b being the same outcome in the world where the token is
// fzRotate(tok) (fzRotateRuns): the pieces that a shows because the token
// was tok, not because they are words of the package's own texts.
// Loopback ports and JSON escapes (fzEscape) are not searched.
func fzLeaks(a, b, tok string) []string {
	a = fzEscape.ReplaceAllString(fzLoopback.ReplaceAllString(a, "127.0.0.1:PORT"), "\n")
	b = fzEscape.ReplaceAllString(fzLoopback.ReplaceAllString(b, "127.0.0.1:PORT"), "\n")
	var out []string
	lb := fzLowerASCII(b)
	for _, run := range fzRuns(a, tok) {
		if !strings.Contains(lb, run) {
			out = append(out, run)
		}
	}
	return out
}

// fzClientShape returns the outcome of a call: tries, the kind of error,
// the status, the codes of the violations: what it is, whatever its texts.
func fzClientShape(r fzClientResult) string {
	shape := fmt.Sprintf("tries %d, error %T, reports %s", len(r.tries), r.err, fzReportsShape(r.reports))
	var re *crohttp.ResponseError
	if errors.As(r.err, &re) {
		shape += fmt.Sprintf(", status %d, %T", re.StatusCode, re.Err)
	}
	var vs croschema.Violations
	if errors.As(r.err, &vs) {
		for _, v := range vs {
			shape += " " + string(v.Code)
		}
	}
	return shape
}

// fzRetryable reports whether a Client may retry a GET answered status.
func fzRetryable(status int) bool {
	return status == 429 || status == 502 || status == 503 || status == 504
}

// fzClientRetry is the bit of FuzzClientResponse's flags byte, above the
// chunk size, that makes the Client retry once, without waiting.
const fzClientRetry = 0x40

// fzClientCall calls GetContact(1042, 7) with token access and tenant 77
// through a stub RoundTripper that answers every try with status, the
// headers of block (fzHeader) and body, read in chunks, and an
// http.Client whose redirect policy would follow a 3xx.
func fzClientCall(t *testing.T, access string, status int, block, body []byte, lenient bool, flags byte) fzClientResult {
	var res fzClientResult
	chunk := 1 + int(flags&0x3f)
	stub := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		res.tries = append(res.tries, fzTry{r.Method, r.URL.String(), r.Header.Clone()})
		if len(res.tries) > 3 {
			t.Fatalf("%d requests for one call", len(res.tries))
		}
		return fzResponse(r, status, block, body, chunk), nil
	})
	opts := []crohttp.ClientOption{crohttp.WithHTTPClient(&http.Client{Transport: stub}), crohttp.WithRetry(crohttp.RetryPolicy{})}
	if flags&fzClientRetry != 0 {
		opts = append(opts, crohttp.WithRetry(crohttp.RetryPolicy{MaxRetries: 1}))
	}
	if lenient {
		opts = append(opts, crohttp.WithLenientResponses(func(r crohttp.Report) { res.reports = append(res.reports, r) }))
	}
	c := crohttp.NewClient("http://api.example.com", croschema.NewBearerToken(access), 77, opts...)
	res.contact, res.err = c.GetContact(crohttp.ContextWithRequestID(t.Context(), fzRequestID), 1042, 7)
	res.text = fzErrorText(res.err) + "\n" + fzReportsText(res.reports)
	return res
}

// fzTolerated reports whether a Client forgives v in a success's body, as
// its docs say: an unknown key, given once or more.
func fzTolerated(v croschema.Violation) bool {
	return v.Code == croschema.CodeUnknownField || v.Code == croschema.CodeDuplicateKey && !fzContactKey(v.Location)
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

// fzSameViolations reports whether got are want, field by field.
func fzSameViolations(got, want croschema.Violations) bool {
	return slices.EqualFunc(got, want, func(g, w croschema.Violation) bool {
		return g.Location == w.Location && g.Field == w.Field && g.Code == w.Code && g.Detail == w.Detail
	})
}

// FuzzClientResponse answers a Client's GetContact with any status from
// 100 to 599, any headers and any body from a stub RoundTripper (no
// network), under an http.Client whose redirect policy would follow a
// 3xx, the access token fuzzed too ("$TOKEN" in the headers or body stands
// for it, so that echoes are easy to find), and checks the laws of
// RULES.md "Calling the API" and crohttp/client.go:
//
//   - no panic; the request is sent iff the token makes valid headers, and
//     then croschema.LintRequest finds nothing wrong with it; an unsent
//     call's error is a croschema.Violations;
//   - a 3xx is an error with its status (a *ResponseError, no *APIError),
//     never followed: one request per try;
//   - a 2xx succeeds iff CustomerContact.UnmarshalJSON (the tolerant
//     decoding) reads the body and either the Client is lenient or
//     croschema.LintResponse, judging the answer against the request the
//     stub got, finds no violation of the status or the body but those
//     tolerance forgives (unknown keys, given once or more). The contact
//     is the decoded one; the violations (the lenient Client's one Report,
//     or the error's Violations) are exactly those; a 2xx error is a
//     *ResponseError with the status and no *APIError;
//   - any other status is a *ResponseError with the status wrapping a
//     *croschema.APIError with the status: the body as UnmarshalJSON reads
//     it when that works and gives a detail, else the status text (but for
//     what redaction changes); the ResponseError's RequestID is the
//     response's x-request-id (idem);
//   - retries (flag fzClientRetry: one retry, no wait): a second try only
//     for 429, 502, 503 and 504, always for them when the answer has no
//     Retry-After or "Retry-After: 0", never when its Retry-After asks for
//     more seconds (longer than the policy's MaxDelay, 0); every try sends
//     the same request, one x-request-id;
//   - the token: no run of 4 of its bytes, in any ASCII letter case, is in
//     any text of the error or the reports (fzErrorText, fzReportsText)
//     unless the same call shows it in the world where the token is
//     fzRotate(access) (fzRotateRuns): then it is the package's own word.
func FuzzClientResponse(f *testing.F) {
	const tok = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMDQyIn0.c2VjcmV0"
	const digits = "31415926535897932384"
	okHeaders := []byte("X-Api-Version: 2019/02/08\nX-Request-Id: " + fzRequestID + "\nContent-Type: application/json\n")
	for i, body := range []string{
		docContactJSON,
		`{"id":7,"name":"George","email":null,"fax":null,"number":null,"extra":[1,{}],"notify_on_new_request":"TRUE",` +
			`"notify_on_acknowledged_request":0,"notify_on_completed_request":"false","notify_on_dispatched_request":"1","notify_on_failed_request":true}`,
		strings.Replace(docContactJSON, `"fax":null`, `"fax":"123"`, 1), // breaks a value rule: lenient or not
		`{"id":"1","name":"George"}`,                                    // cannot be decoded
		strings.Replace(docContactJSON, `"id":7`, `"id":1`, 1),          // another contact
		`{"id":7,"name":"$TOKEN","email":"$TOKEN"}`,
		`{"detail":"No such contact.","field":"CustomerContactModel.id","explanation":null}`,
		`{"detail":"token $TOKEN is not accepted","field":"$TOKEN","explanation":"Bearer $TOKEN"}`,
		`<html>502 Bad Gateway</html>`,
		``,
	} {
		for _, n := range []uint16{100, 104, 201, 301, 304, 307, 400, 402, 499} { // 200, 204, 301, 401, 404, 407, 500, 502, 599
			f.Add(tok, n, okHeaders, []byte(body), i%2 == 0, byte(i)|byte(n%2)*fzClientRetry)
		}
	}
	// A digits-only token echoed as a JSON number, as a string, as a key,
	// in a header (issue 19).
	for _, body := range []string{
		strings.Replace(docContactJSON, `"notify_on_new_request":true`, `"notify_on_new_request":$TOKEN`, 1),
		strings.Replace(docContactJSON, `"id":7`, `"id":$TOKEN.5`, 1),
		strings.Replace(docContactJSON, `"id":7`, `"id":$TOKEN`, 1),
		strings.Replace(docContactJSON, `"id":7`, `"id":7,"$TOKEN":1`, 1),
		`{"detail":"Not found.","field":$TOKEN,"explanation":$TOKEN}`,
		`{"detail":$TOKEN}`,
	} {
		for _, n := range []uint16{100, 304} {
			f.Add(digits, n, okHeaders, []byte(body), false, byte(7))
			f.Add(digits, n, []byte("X-Request-Id: $TOKEN\n"), []byte(body), true, byte(0))
		}
	}
	f.Add("$TOKEN", uint16(100), []byte("X-Request-Id: $TOKEN\n"), []byte(`{"detail":"$TOKEN"}`), false, byte(3))
	f.Add("redacted", uint16(300), []byte("X-Request-Id: redacted\n"), []byte(`{"detail":"redacted"}`), false, byte(3))
	f.Add("not a token", uint16(100), okHeaders, []byte(docContactJSON), false, byte(0))
	f.Add(tok, uint16(403), []byte("Retry-After: 0\n"), []byte(`{"detail":"busy"}`), false, byte(fzClientRetry))  // 503, retried
	f.Add(tok, uint16(329), okHeaders, []byte(`{"detail":"slow down"}`), false, byte(fzClientRetry))              // 429, retried
	f.Add(tok, uint16(403), []byte("Retry-After: 10\n"), []byte(`{"detail":"busy"}`), false, byte(fzClientRetry)) // 503, not retried
	f.Add(tok, uint16(101), []byte("Location: http://127.0.0.1:1/$TOKEN\n"), []byte{}, false, byte(0))            // 201
	f.Add(tok, uint16(202), []byte("Location: http://127.0.0.1:1/$TOKEN\n"), []byte{}, false, byte(0))            // 302
	f.Fuzz(func(t *testing.T, access string, n uint16, block, body []byte, lenient bool, flags byte) {
		status := fzStatus(n)
		block = bytes.ReplaceAll(block, []byte("$TOKEN"), []byte(access))
		body = bytes.ReplaceAll(body, []byte("$TOKEN"), []byte(access))
		res := fzClientCall(t, access, status, block, body, lenient, flags)
		err := res.err

		token := croschema.NewBearerToken(access)
		headersOK := (&croschema.RequestHeaders{Authorization: token, TenantID: 77}).Validate(http.MethodGet) == nil
		if len(res.tries) == 0 {
			var vs croschema.Violations
			if headersOK || !errors.As(err, &vs) {
				t.Fatalf("not sent, with valid headers %v; error %v", headersOK, err)
			}
		} else {
			fzCheckClientAnswer(t, res, status, block, body, lenient, flags)
		}

		// No piece of the token that the answer echoes.
		if len(fzRuns(res.text, access)) == 0 {
			return
		}
		rot := fzRotate(access)
		other := fzClientCall(t, rot, status, fzRotateRuns(block, access), fzRotateRuns(body, access), lenient, flags)
		if fzClientShape(other) != fzClientShape(res) {
			return // the token is a word of the answer: rotated, it changes the outcome
		}
		if leaks := fzLeaks(res.text, other.text, access); len(leaks) > 0 {
			t.Fatalf("the error or a report shows %q of the token %q:\n%s\nwith the token %q:\n%s", leaks, access, res.text, rot, other.text)
		}
	})
}

// fzCheckClientAnswer checks the outcome of a call that was sent: see
// FuzzClientResponse.
func fzCheckClientAnswer(t *testing.T, res fzClientResult, status int, block, body []byte, lenient bool, flags byte) {
	t.Helper()
	err := res.err
	first := res.tries[0]
	sent, lerr := croschema.LintRequest(first.method, strings.TrimPrefix(first.target, "http://api.example.com"), first.header, nil)
	if lerr != nil || first.method != http.MethodGet || first.target != "http://api.example.com/customers/1042/contacts/7" {
		t.Fatalf("sent %s %s: %v", first.method, first.target, lerr)
	}
	for _, try := range res.tries[1:] {
		if try.method != first.method || try.target != first.target || !reflect.DeepEqual(try.header, first.header) {
			t.Fatalf("a retry sent %s %s (x-request-id %q), not what the first try sent: %s %s (%q)", try.method, try.target,
				try.header.Get("X-Request-Id"), first.method, first.target, first.header.Get("X-Request-Id"))
		}
	}
	header := fzHeader(block)
	retryAfter := header.Get("Retry-After")
	afterSeconds := retryAfter != "" && strings.Trim(retryAfter, "0123456789") == "" && strings.Trim(retryAfter, "0") != ""
	switch tries := len(res.tries); {
	case tries > 2 || tries == 2 && (flags&fzClientRetry == 0 || !fzRetryable(status)):
		t.Fatalf("status %d (retries %v): %d tries", status, flags&fzClientRetry != 0, tries)
	case tries == 1 && flags&fzClientRetry != 0 && fzRetryable(status) && (len(header["Retry-After"]) == 0 || retryAfter == "0"):
		t.Fatalf("status %d, Retry-After %q: not retried", status, retryAfter)
	case tries == 2 && afterSeconds:
		t.Fatalf("retried after Retry-After %q, longer than MaxDelay", retryAfter)
	}

	var re *crohttp.ResponseError
	var ae *croschema.APIError
	if err != nil && (!errors.As(err, &re) || re.StatusCode != status || re.Method != http.MethodGet) {
		t.Fatalf("status %d: error %v is not a *ResponseError with the status and method", status, err)
	}
	credential := []string{string(bytes.TrimPrefix([]byte(first.header.Get("Authorization")), []byte("Bearer ")))}
	if re != nil {
		if h := header.Get("X-Request-Id"); re.RequestID != h && !fzHasRun(h, credential) {
			t.Fatalf("RequestID %q, the response's is %q", re.RequestID, h)
		}
	}
	switch {
	case status/100 == 3:
		if err == nil || errors.As(err, &ae) {
			t.Fatalf("a %d: error %v, want one with the status and no APIError", status, err)
		}
		return
	case status < 200 || status > 299:
		switch {
		case err == nil:
			t.Fatalf("status %d: no error, contact %+v", status, res.contact)
		case !errors.As(err, &ae) || ae.StatusCode != status:
			t.Fatalf("status %d: error %v holds no *APIError with the status", status, err)
		}
		want := croschema.APIError{StatusCode: status}
		if want.UnmarshalJSON(body) != nil || want.Detail == "" {
			want = croschema.APIError{StatusCode: status, Detail: http.StatusText(status)}
		}
		if *ae != want && !fzHasRun(fmt.Sprint(want.Detail, "\n", want.Field.String, "\n", want.Explanation.String), credential) {
			t.Fatalf("status %d, body %q: APIError %+v, want %+v", status, body, *ae, want)
		}
		return
	}

	// A 2xx: decoded tolerantly, judged by LintResponse against the
	// request sent, status and body, less what tolerance forgives.
	var decoded croschema.CustomerContact
	decodeErr := decoded.UnmarshalJSON(body)
	var wantVs croschema.Violations
	for _, v := range fzViolations(croschema.LintResponse(&sent, status, header, body)) {
		if (v.Location == "status" || v.Location == "" || v.Location[0] == '/') && !fzTolerated(v) {
			wantVs = append(wantVs, v)
		}
	}
	wantOK := decodeErr == nil && (len(wantVs) == 0 || lenient)
	switch {
	case (err == nil) != wantOK:
		t.Fatalf("%d body %q (decodes: %v, violations %v, lenient %v): error %v", status, body, decodeErr, wantVs, lenient, err)
	case err != nil && errors.As(err, &ae):
		t.Fatalf("a 2xx gives an APIError: %v", err)
	case err == nil && res.contact != decoded:
		t.Fatalf("contact %+v, the body decodes as %+v", res.contact, decoded)
	case err == nil && len(wantVs) == 0 && res.contact.Validate() != nil:
		t.Fatalf("an invalid contact %+v without violations", res.contact)
	case err == nil && len(wantVs) == 0 && (status != http.StatusOK || res.contact.ID != 7):
		t.Fatalf("a success %d with contact %d, no violations", status, res.contact.ID)
	}
	if decodeErr != nil || len(wantVs) == 0 {
		if len(res.reports) > 0 {
			t.Fatalf("reports %v of an answer the Client does not return", res.reports)
		}
		return
	}
	var gotVs croschema.Violations
	if lenient {
		if len(res.reports) != 1 {
			t.Fatalf("lenient reports %v, want one of violations %v", res.reports, wantVs)
		}
		r := res.reports[0]
		if r.StatusCode != status || r.Direction != crohttp.DirectionResponse || r.Endpoint != croschema.GetContact ||
			r.Method != http.MethodGet || r.Path != "/customers/1042/contacts/7" && !fzHasRun("/customers/1042/contacts/7", credential) {
			t.Fatalf("lenient report %+v", r)
		}
		gotVs = r.Violations
	} else if !errors.As(err, &gotVs) {
		t.Fatalf("the error %v holds no Violations; want %v", err, wantVs)
	}
	if !fzSameViolations(gotVs, wantVs) {
		t.Fatalf("violations\n%v\nwant LintResponse's\n%v", gotVs, wantVs)
	}
}

// fzEndpointPath returns the part of path that names an endpoint for
// method, as RULES.md's clients may put the API under a base path: path
// itself, or else the first of its tails at a '/' ("/cro" is a prefix of
// "/cro/customers/1/contacts/2") for which MatchEndpoint finds no path
// violation; and false when there is none.
func fzEndpointPath(method, path string) (string, bool) {
	for i := 0; i <= len(path); i++ {
		if i > 0 && (i == len(path) || path[i] != '/') {
			continue
		}
		if _, _, err := croschema.MatchEndpoint(method, path[i:]); !fzViolations(err).Has("path", croschema.CodePath) {
			return path[i:], true
		}
	}
	return "", false
}

// fzDecode returns body as its Content-Encoding says to read it: as it is
// for none or identity, gunzipped for gzip (at most 1 MiB); false for
// another coding or data that is not gzip.
func fzDecode(h http.Header, body []byte) ([]byte, bool) {
	switch strings.ToLower(strings.TrimSpace(h.Get("Content-Encoding"))) {
	case "", "identity":
		return body, true
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, false
		}
		plain, err := io.ReadAll(io.LimitReader(zr, croschema.DefaultBodyLimit+1))
		return plain, err == nil && len(plain) <= croschema.DefaultBodyLimit
	}
	return nil, false
}

// fzGzip returns data gzipped.
func fzGzip(data []byte) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	zw.Close()
	return b.Bytes()
}

// fzTransportWant returns the reports of the reference: the one-shot
// croschema.LintRequest of the whole request (its path after any base
// path, fzEndpointPath) and croschema.LintResponse of the whole response
// against it, its body decoded (fzDecode); a body that does not decode is
// judged by its status and headers, with one syntax violation at "". None
// for OPTIONS, or a path that names no endpoint.
func fzTransportWant(req *http.Request, reqBody []byte, status int, rh http.Header, respBody []byte) []crohttp.Report {
	if req.Method == http.MethodOptions {
		return nil
	}
	path := req.URL.EscapedPath()
	api, ok := fzEndpointPath(req.Method, path)
	if !ok {
		return nil
	}
	if req.URL.RawQuery != "" || req.URL.ForceQuery {
		api += "?" + req.URL.RawQuery
	}
	lr, err := croschema.LintRequest(req.Method, api, req.Header, reqBody)
	var want []crohttp.Report
	if vs := fzViolations(err); len(vs) > 0 {
		want = append(want, crohttp.Report{Direction: crohttp.DirectionRequest, Endpoint: lr.Endpoint, Method: req.Method, Path: path, Violations: vs})
	}
	var rvs croschema.Violations
	if plain, ok := fzDecode(rh, respBody); ok {
		rvs = fzViolations(croschema.LintResponse(&lr, status, rh, plain))
	} else {
		for _, v := range fzViolations(croschema.LintResponse(&lr, status, rh, nil)) {
			if v.Location != "" && v.Location[0] != '/' {
				rvs = append(rvs, v)
			}
		}
		rvs = append(rvs, croschema.Violation{Location: "", Code: croschema.CodeSyntax, Detail: fzUndecoded})
	}
	if len(rvs) > 0 {
		want = append(want, crohttp.Report{Direction: crohttp.DirectionResponse, Endpoint: lr.Endpoint, Method: req.Method, Path: path, StatusCode: status, Violations: rvs})
	}
	return want
}

// fzUndecoded stands for the detail of a body the transport could not
// decode, which is the transport's own.
const fzUndecoded = "(a body that does not decode)"

// fzQuoted returns the quoted pieces of a detail, "..." and `...`: where a
// detail echoes what a message holds.
func fzQuoted(detail string) []string {
	var out []string
	for i := 0; i < len(detail); i++ {
		switch detail[i] {
		case '"':
			if q, err := strconv.QuotedPrefix(detail[i:]); err == nil {
				out = append(out, q)
				i += len(q) - 1
			}
		case '`':
			if j := strings.IndexByte(detail[i+1:], '`'); j >= 0 {
				out = append(out, detail[i+1:i+1+j])
				i += j + 1
			}
		}
	}
	return out
}

// The bits of FuzzTransport's flags byte, above the chunk size.
const (
	fzGzipped   = 0x20 // the response body is gzipped (Content-Encoding: gzip)
	fzPrefixed  = 0x40 // the target is under a base path, "/cro"
	fzStreaming = 0x80 // the request body cannot be replayed (no GetBody)
)

// fzTransportSeeds returns the seeds of FuzzTransport: FuzzMiddleware's
// requests with answers of several kinds, and the cases of issue 19.
func fzTransportSeeds() []fzTransportSeed {
	var seeds []fzTransportSeed
	const contact, collection = "/customers/1042/contacts/7", "/customers/1042/contacts"
	// The headers of a conforming answer to a request.
	okFor := func(method, target string, h http.Header) []byte {
		lr, _ := croschema.LintRequestHead(method, target, h)
		rh := http.Header{}
		lr.SetResponseHeaders(rh)
		if method == http.MethodPost {
			rh.Set("Location", contact)
		}
		return fzBlock(rh)
	}
	for i, s := range fzMiddlewareSeeds() {
		ok := okFor(s.method, s.target, fzHeader(s.block))
		for _, resp := range []struct {
			n    uint16
			body string
		}{ // 200, 200, 404, 204, 500, 301
			{100, docContactJSON}, {100, `{"id":1}`}, {304, `{"detail":"Not found.","explanation":null,"field":null}`},
			{104, ""}, {400, "<html>"}, {201, docContactJSON},
		} {
			seeds = append(seeds, fzTransportSeed{s.method, s.target, s.block, s.body, resp.n, ok, []byte(resp.body), byte(i)})
		}
	}
	std := fzBlock(stdHeaders())
	add := func(method, target string, block []byte, reqBody string, n uint16, respBlock []byte, respBody string, flags byte) {
		seeds = append(seeds, fzTransportSeed{method, target, block, []byte(reqBody), n, respBlock, []byte(respBody), flags})
	}
	okGet := okFor("GET", contact, stdHeaders())
	add("GET", contact, std, "", 100, []byte("X-Request-Id: x\n"), docContactJSON, fzStreaming)
	add("POST", collection, std, `{"name":"George"}`, 100, okFor("POST", collection, stdHeaders()), docContactJSON, fzStreaming|1)
	// A gzipped answer to a caller that asked for it (issue 19, item 8);
	// gzip that is not, a coding that is not gzip.
	add("GET", contact, std, "", 100, okGet, docContactJSON, fzGzipped|3)
	add("GET", contact, std, "", 300, okGet, `{"detail":"Not found."}`, fzGzipped)
	add("GET", contact, std, "", 100, append(bytes.Clone(okGet), "Content-Encoding: gzip\n"...), docContactJSON, 0)
	add("GET", contact, std, "", 100, append(bytes.Clone(okGet), "Content-Encoding: br\n"...), docContactJSON, 0)
	// Under a base path (item 9), and a 201 with an HTML page.
	add("GET", contact, std, "", 100, okGet, docContactJSON, fzPrefixed)
	add("POST", collection, std, `{"name":"George"}`, 101, []byte("Content-Type: text/html\n"), "<html>", fzPrefixed)
	add("GET", "/api/v1"+contact+"?x=1", std, "", 100, okGet, docContactJSON, 0)
	add("GET", "/customers/1/contacts/2"+contact, std, "", 100, okGet, docContactJSON, 0)
	add("OPTIONS", "/cro"+collection, nil, "", 104, nil, "", 0)
	// The token echoed: a digits-only one as a JSON number (item 1), in a
	// Content-Encoding the transport cannot decode, in the path.
	digits := stdHeaders()
	digits.Set("Authorization", "Bearer 31415926535897932384")
	db := fzBlock(digits)
	okDigits := okFor("GET", contact, digits)
	add("GET", contact, db, "", 100, okDigits, strings.Replace(docContactJSON, `"notify_on_new_request":true`, `"notify_on_new_request":31415926535897932384`, 1), 0)
	add("GET", contact, db, "", 100, okDigits, strings.Replace(docContactJSON, `"id":7`, `"id":31415926535897932384.5`, 1), 0)
	add("PATCH", contact, db, `{"notify_on_new_request":31415926535897932384}`, 100, okDigits, docContactJSON, 0)
	add("GET", contact, db, "", 100, append(bytes.Clone(okDigits), "Content-Encoding: 31415926535897932384\n"...), docContactJSON, 0)
	add("GET", contact, std, "", 100, append(bytes.Clone(okGet), "Content-Encoding: "+clientAccessToken[:30]+"\n"...), docContactJSON, 0)
	add("GET", "/customers/"+clientAccessToken[4:20]+"/contacts/7", std, "", 300, okGet, `{"detail":"Not found."}`, 0)
	return seeds
}

// fzTransportSeed is one input of FuzzTransport.
type fzTransportSeed struct {
	method, target      string
	block, reqBody      []byte
	n                   uint16
	respBlock, respBody []byte
	flags               byte
}

// FuzzTransport sends any request (method, target, a header block, a body
// sent replayable or streaming, under a base path or not) through
// NewTransport over a stub RoundTripper that reads the request body whole
// and answers with any status, headers and body (gzipped or not), which
// the caller reads in pieces, and checks:
//
//   - no panic; the stub gets the request body byte for byte, and the
//     caller gets the stub's status, headers and body byte for byte,
//     whatever the transport reports;
//   - streaming and chunking change no verdict: the reports are exactly
//     those of the one-shot lint of the whole messages (fzTransportWant):
//     croschema.LintRequest of the request, its path judged after any base
//     path, and croschema.LintResponse of the response against it, a gzip
//     body judged decoded; nothing for OPTIONS or a path that names no
//     endpoint. Violations are compared field by field (the lint redacts
//     its own), and a report's path is the request's (redacted where it
//     holds a piece of a credential);
//   - no report shows a piece of a credential: no run of 4 bytes of one,
//     in any ASCII letter case, in a report's path, nor in any quoted
//     piece ("...", `...`) of a violation's detail, where details echo
//     what the messages hold.
func FuzzTransport(f *testing.F) {
	for _, s := range fzTransportSeeds() {
		f.Add(s.method, s.target, s.block, s.reqBody, s.n, s.respBlock, s.respBody, s.flags)
	}
	f.Fuzz(func(t *testing.T, method, target string, block, reqBody []byte, n uint16, respBlock, respBody []byte, flags byte) {
		if !fzValidMethod(method) {
			return
		}
		if flags&fzPrefixed != 0 && strings.HasPrefix(target, "/") {
			target = "/cro" + target
		}
		ex, ok := fzTransportRun(t, method, target, block, reqBody, fzStatus(n), respBlock, respBody, flags)
		if !ok {
			return // not a request http.NewRequest makes
		}
		want := fzTransportWant(ex.req, reqBody, ex.status, ex.header, ex.wire)
		creds := fzCredentials(ex.req.Header)
		if !fzSameReports(ex.reports, want, creds) {
			t.Fatalf("reports\n%v\nwant\n%v", ex.reports, want)
		}
		for _, r := range ex.reports {
			if fzHasRun(strings.ReplaceAll(r.Path, "[redacted]", "\n"), creds) {
				t.Fatalf("the report's path %q shows a piece of a credential", r.Path)
			}
			for _, v := range r.Violations {
				for _, q := range fzQuoted(v.Detail) {
					if fzHasRun(strings.ReplaceAll(q, "[redacted]", "\n"), creds) {
						t.Fatalf("a detail quotes %s, a piece of a credential: %v", q, r)
					}
				}
			}
		}
		// Unquoted, a piece of a credential in a path or a detail is the
		// package's own word only if it stays with another credential of
		// the same shape echoed the same way.
		text := fzTransportText(ex.reports)
		var seen []string
		for _, c := range creds {
			if len(fzRuns(text, c)) > 0 {
				seen = append(seen, c)
			}
		}
		if len(seen) == 0 {
			return
		}
		rot := func(b []byte) []byte { return fzRotateRunsOf(b, creds) }
		other, _ := fzTransportRun(t, method, string(rot([]byte(target))), fzRotateValuesOf(block, creds), rot(reqBody), ex.status,
			fzRotateValuesOf(respBlock, creds), rot(respBody), flags)
		if fzReportsShape(other.reports) != fzReportsShape(ex.reports) {
			return // the credential is a word of the messages: rotated, it changes the verdict
		}
		otherText := fzTransportText(other.reports)
		for _, c := range seen {
			if leaks := fzLeaks(text, otherText, c); len(leaks) > 0 {
				t.Fatalf("a report shows %q of a credential:\n%s\nwith the credentials rotated:\n%s", leaks, text, otherText)
			}
		}
	})
}

// fzExchange is one exchange through NewTransport in FuzzTransport.
type fzExchange struct {
	req     *http.Request // as the caller sent it
	status  int
	header  http.Header // the response's, as the caller got it
	wire    []byte      // the response body as sent and read
	reports []crohttp.Report
}

// fzTransportRun sends the request through NewTransport over a stub that
// reads its body whole and answers with status, the headers of respBlock
// and respBody (gzipped for fzGzipped), and reads the answer in chunks. It
// checks that traffic passes through byte for byte, and reports false when
// http.NewRequest refuses the request.
func fzTransportRun(t *testing.T, method, target string, block, reqBody []byte, status int, respBlock, respBody []byte, flags byte) (fzExchange, bool) {
	t.Helper()
	chunk := 1 + int(flags&0x1f)
	var rd io.Reader
	if len(reqBody) > 0 {
		rd = bytes.NewReader(reqBody)
		if flags&fzStreaming != 0 {
			rd = &fzChunkReader{bytes.NewReader(reqBody), chunk} // no GetBody: checked as it is sent
		}
	}
	req, err := http.NewRequest(method, "http://api.example.com"+target, rd)
	if err != nil {
		return fzExchange{}, false
	}
	req.Header = fzHeader(block)
	ex := fzExchange{req: req, status: status, wire: respBody}
	if flags&fzGzipped != 0 {
		ex.wire = fzGzip(respBody)
	}

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
		stubResp = fzResponse(r, status, respBlock, ex.wire, chunk)
		if flags&fzGzipped != 0 {
			stubResp.Header.Set("Content-Encoding", "gzip")
		}
		return stubResp, nil
	})
	resp, err := crohttp.NewTransport(stub, func(r crohttp.Report) { ex.reports = append(ex.reports, r) }).RoundTrip(req)
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
	case !bytes.Equal(got, ex.wire):
		t.Fatalf("the caller read %q, the stub sent %q", got, ex.wire)
	case resp.StatusCode != status || !reflect.DeepEqual(resp.Header, stubResp.Header):
		t.Fatalf("the caller got %d %v, the stub sent %d %v", resp.StatusCode, resp.Header, status, stubResp.Header)
	}
	ex.header = resp.Header
	return ex, true
}

// fzTransportText returns the paths and details of the reports, what
// echoes the messages, one per line.
func fzTransportText(rs []crohttp.Report) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(r.Path + "\n")
		for _, v := range r.Violations {
			b.WriteString(v.Detail + "\n")
		}
	}
	return b.String()
}

// fzReportsShape returns the reports' directions, statuses and codes:
// what a verdict is, whatever its texts.
func fzReportsShape(rs []crohttp.Report) string {
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "%v %d:", r.Direction, r.StatusCode)
		for _, v := range r.Violations {
			b.WriteString(" " + string(v.Code))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// fzRotateRunsOf is fzRotateRuns for several tokens at once: every byte of
// s in a run of 4 bytes of one of them is rotated.
func fzRotateRunsOf(s []byte, toks []string) []byte {
	ls := fzLowerASCII(string(s))
	in := make([]bool, len(s))
	for _, tok := range toks {
		if len(tok) < 4 {
			continue
		}
		lt := fzLowerASCII(tok)
		for i := 0; i+4 <= len(s); i++ {
			if strings.Contains(lt, ls[i:i+4]) {
				in[i], in[i+1], in[i+2], in[i+3] = true, true, true, true
			}
		}
	}
	out := bytes.Clone(s)
	for i, ok := range in {
		if ok {
			out[i] = fzRotate(string(s[i : i+1]))[0]
		}
	}
	return out
}

// fzSameReports reports whether got are the reports want: every field
// equal, violations field by field, but for the detail of a body that
// does not decode (fzUndecoded), which is the transport's own, and the
// path, which is the request's unless it holds a piece of a credential.
func fzSameReports(got, want []crohttp.Report, creds []string) bool {
	return slices.EqualFunc(got, want, func(g, w crohttp.Report) bool {
		samePath := g.Path == w.Path || fzHasRun(w.Path, creds)
		return g.Direction == w.Direction && g.Endpoint == w.Endpoint && g.Method == w.Method &&
			g.StatusCode == w.StatusCode && samePath &&
			slices.EqualFunc(g.Violations, w.Violations, func(gv, wv croschema.Violation) bool {
				if wv.Detail == fzUndecoded {
					return gv.Location == wv.Location && gv.Code == wv.Code
				}
				return gv == wv
			})
	})
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

// fzWireSeeds are the answers of FuzzClientWire's seeds, with "$TOKEN"
// standing for the access token and "$LEN" for the body's length: the
// token spliced into every part of a response (issue 19).
var fzWireSeeds = []string{
	// A conforming answer, and the token in its body: a string, a JSON
	// number, a key.
	"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: $LEN\r\n\r\n" + docContactJSON,
	"HTTP/1.1 200 OK\r\nContent-Length: $LEN\r\n\r\n" + strings.Replace(docContactJSON, `"name":"George"`, `"name":"$TOKEN"`, 1),
	"HTTP/1.1 200 OK\r\nContent-Length: $LEN\r\n\r\n" + strings.Replace(docContactJSON, `"notify_on_new_request":true`, `"notify_on_new_request":$TOKEN`, 1),
	"HTTP/1.1 200 OK\r\nContent-Length: $LEN\r\n\r\n" + strings.Replace(docContactJSON, `"id":7`, `"id":$TOKEN.5`, 1),
	"HTTP/1.1 200 OK\r\nContent-Length: $LEN\r\n\r\n" + strings.Replace(docContactJSON, `"id":7`, `"id":$TOKEN`, 1),
	"HTTP/1.1 200 OK\r\nContent-Length: $LEN\r\n\r\n" + strings.Replace(docContactJSON, `"id":7`, `"id":7,"$TOKEN":1`, 1),
	"HTTP/1.1 200 OK\r\nContent-Length: $LEN\r\n\r\n" + strings.Replace(docContactJSON, `"fax":null`, `"fax":$TOKEN`, 1),
	"HTTP/1.1 401 Unauthorized\r\nContent-Length: $LEN\r\n\r\n" + `{"detail":"bad token $TOKEN","field":"$TOKEN","explanation":"Bearer $TOKEN"}`,
	"HTTP/1.1 400 Bad Request\r\nContent-Length: $LEN\r\n\r\n" + `{"detail":$TOKEN,"field":$TOKEN}`,
	"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/$TOKEN\r\nContent-Length: $LEN\r\n\r\n<html>$TOKEN</html>",
	// The status line.
	"HTTP/1.1 $TOKEN OK\r\nContent-Length: 0\r\n\r\n",
	"$TOKEN 200 OK\r\nContent-Length: 0\r\n\r\n",
	"HTTP/1.1 200 $TOKEN\r\nContent-Length: $LEN\r\n\r\n" + docContactJSON,
	"HTTP/$TOKEN 200 OK\r\n\r\n",
	// A header line without a colon, a header name.
	"HTTP/1.1 200 OK\r\n$TOKEN\r\nContent-Length: 0\r\n\r\n",
	"HTTP/1.1 200 OK\r\nX-$TOKEN: 1\r\nContent-Length: 0\r\n\r\n",
	"HTTP/1.1 200 OK\r\n $TOKEN\r\nContent-Length: 0\r\n\r\n",
	// Content-Length and Transfer-Encoding.
	"HTTP/1.1 200 OK\r\nContent-Length: $TOKEN\r\n\r\n",
	"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: $TOKEN\r\n\r\n",
	"HTTP/1.1 200 OK\r\nTransfer-Encoding: $TOKEN\r\n\r\n",
	"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n$TOKEN\r\n",
	"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: $LEN\r\n\r\n$TOKEN",
	// A Location on a 3xx, parsable or not.
	"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/$TOKEN\r\nContent-Length: 0\r\n\r\n",
	"HTTP/1.1 307 Temporary Redirect\r\nLocation: http://[$TOKEN\r\nContent-Length: 0\r\n\r\n",
	"HTTP/1.1 301 Moved Permanently\r\nLocation: %zz$TOKEN\r\nContent-Length: 0\r\n\r\n",
	// x-request-id and other headers.
	"HTTP/1.1 404 Not Found\r\nX-Request-Id: $TOKEN\r\nContent-Length: $LEN\r\n\r\n" + `{"detail":"Not found."}`,
	"HTTP/1.1 503 Service Unavailable\r\nRetry-After: $TOKEN\r\nContent-Length: 0\r\n\r\n",
	"HTTP/1.1 401 Unauthorized\r\nWww-Authenticate: Bearer $TOKEN\r\nX-Debug: $TOKEN\r\nContent-Length: 0\r\n\r\n",
	"HTTP/1.1 103 Early Hints\r\nLink: $TOKEN\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: $LEN\r\n\r\n" + docContactJSON,
	"",
}

// fzWire returns raw with "$TOKEN" replaced by access and "$LEN" by the
// length of what follows the first empty line.
func fzWire(raw []byte, access string) []byte {
	raw = bytes.ReplaceAll(raw, []byte("$TOKEN"), []byte(access))
	if i := bytes.Index(raw, []byte("\r\n\r\n")); i >= 0 {
		n := strconv.Itoa(len(raw) - i - 4)
		raw = bytes.ReplaceAll(raw, []byte("$LEN"), []byte(n))
	}
	return raw
}

// FuzzClientWire drives a Client against a raw loopback server (a
// net.Listener on 127.0.0.1, not net/http's server) that answers its
// GetContact with any bytes at all, the access token spliced into any part
// of them (the status line, a header line without a colon,
// Content-Length, Transfer-Encoding, a Location on a 3xx, x-request-id,
// other headers, the body as a string, a JSON number or a key: the seeds,
// fzWireSeeds), digits-only tokens included, and checks:
//
//   - no run of 4 bytes of the token, in any ASCII letter case, is in any
//     text of the error (err.Error(), and every field of the
//     *ResponseError, *TransportError, *croschema.APIError and
//     Violations it leads to) or of a lenient Client's reports, unless the
//     same call shows it when every echo of the token in the answer is
//     rotated with the token (fzRotateRuns): then it is the package's or
//     net/http's own word;
//   - a Client that is not lenient returns a contact only when it is the
//     valid contact 7 it asked for.
func FuzzClientWire(f *testing.F) {
	var mu sync.Mutex
	var answer []byte
	srv := newWireServer(f, func(int, *http.Request) []byte {
		mu.Lock()
		defer mu.Unlock()
		return answer
	})
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}} // one connection per call: what the server answers is this call's
	call := func(t *testing.T, access string, raw []byte, lenient bool) fzClientResult {
		mu.Lock()
		answer = raw
		mu.Unlock()
		var res fzClientResult
		opts := []crohttp.ClientOption{crohttp.WithHTTPClient(hc), crohttp.WithRetry(crohttp.RetryPolicy{})}
		if lenient {
			opts = append(opts, crohttp.WithLenientResponses(func(r crohttp.Report) { res.reports = append(res.reports, r) }))
		}
		c := crohttp.NewClient(srv.URL(), croschema.NewBearerToken(access), 77, opts...)
		res.contact, res.err = c.GetContact(crohttp.ContextWithRequestID(t.Context(), fzRequestID), 1042, 7)
		res.text = fzErrorText(res.err) + "\n" + fzReportsText(res.reports)
		return res
	}
	for _, tok := range []string{clientAccessToken, "31415926535897932384", "AbCd.EfGh"} {
		for i, raw := range fzWireSeeds {
			f.Add(tok, []byte(raw), i%3 == 0)
		}
	}
	f.Fuzz(func(t *testing.T, access string, raw []byte, lenient bool) {
		wire := fzWire(raw, access)
		res := call(t, access, wire, lenient)
		if res.err == nil && !lenient && (res.contact.ID != 7 || res.contact.Validate() != nil) {
			t.Fatalf("a success with contact %+v, not the valid contact 7", res.contact)
		}
		if len(fzRuns(res.text, access)) == 0 {
			return
		}
		rot := fzRotate(access)
		other := call(t, rot, fzRotateRuns(wire, access), lenient)
		if fzClientShape(other) != fzClientShape(res) {
			return // the token is a word of the answer: rotated, it changes the outcome
		}
		if leaks := fzLeaks(res.text, other.text, access); len(leaks) > 0 {
			t.Fatalf("the error or a report shows %q of the token %q:\n%s\nwith the token %q:\n%s", leaks, access, res.text, rot, other.text)
		}
	})
}
