package crohttp_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// token is the bearer token of the tests; secret is the part of it that
// must never reach a response, a violation or an error.
const (
	secret = "c2VjcmV0LXNpZ25hdHVyZS1kby1ub3Qtc2hvdw"
	token  = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMDQyIn0." + secret
)

// stdHeaders are the headers of a valid request.
func stdHeaders() http.Header {
	return http.Header{
		"Authorization": {token},
		"X-Tenant-Id":   {"77"},
		"Content-Type":  {"application/json"},
	}
}

// contactHandler is the handler behind the middleware in the tests: it
// records the decoded requests it gets and answers as a server of one
// customer's contacts would, contact 404 being the one that does not exist.
type contactHandler struct {
	mu   sync.Mutex
	reqs []crohttp.Request
}

func (h *contactHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	req := crohttp.RequestFrom(r)
	h.mu.Lock()
	h.reqs = append(h.reqs, *req)
	h.mu.Unlock()
	switch {
	case req.Endpoint == croschema.CreateContact:
		c, err := req.Create().Contact()
		if err != nil {
			crohttp.WriteError(w, crohttp.ErrorFrom(err))
			return
		}
		c.ID = 7
		crohttp.WriteCreated(w, r, &c)
	case req.Params.CustomerContactID == 404:
		crohttp.WriteError(w, crohttp.NotFound(r))
	default:
		c := croschema.CustomerContact{ID: req.Params.CustomerContactID, Name: "George"}
		req.Update().Apply(&c)
		crohttp.WriteContact(w, http.StatusOK, &c)
	}
}

func (h *contactHandler) calls() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.reqs)
}

// newServer starts the middleware with opts in front of a contactHandler
// on 127.0.0.1:0, in test mode: a response that breaks the contract fails
// the test.
func newServer(t *testing.T, opts ...crohttp.HandlerOption) (*httptest.Server, *contactHandler) {
	t.Helper()
	h := &contactHandler{}
	opts = append([]crohttp.HandlerOption{crohttp.WithResponseCheck(func(r *http.Request, vs croschema.Violations) {
		t.Errorf("response to %s %s breaks the contract: %v", r.Method, r.URL, vs)
	})}, opts...)
	srv := httptest.NewServer(crohttp.Middleware(opts...)(h))
	t.Cleanup(srv.Close)
	return srv, h
}

// do sends one request and returns the response with its body read.
func do(t *testing.T, srv *httptest.Server, method, path string, h http.Header, body string) (*http.Response, []byte) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, srv.URL+path, rd)
	require.NoError(t, err)
	req.Header = h
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, data
}

// lineField returns the field of the first violation MatchEndpoint reports
// for the request line, as the error body must name it (nil for none).
func lineField(method, path string) any {
	_, _, err := croschema.MatchEndpoint(method, path)
	var vs croschema.Violations
	if !errors.As(err, &vs) {
		panic("no violation in " + method + " " + path)
	}
	if vs[0].Field == "" {
		return nil
	}
	return vs[0].Field
}

// explanationItem is the start of one FIELD: CODE: DETAIL of an explanation.
var explanationItem = regexp.MustCompile(`(?:^|; )[\w.\-/]+: [a-z_0-9]+: `)

var mintedUUID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// checkHeaders checks the headers every response carries, as
// RULES.md "Serving the API" lists them, given the request's headers, and
// that no part of the token is in the response.
func checkHeaders(t *testing.T, reqHeader http.Header, path string, resp *http.Response, body []byte) {
	t.Helper()
	_, err := croschema.LintResponseHeaders(resp.Header)
	assert.NoError(t, err, "response headers")

	wantVersion := "2019/02/08"
	if v := reqHeader.Get("X-Api-Version"); v != "" {
		if _, err := croschema.ParseAPIVersion(v); err == nil {
			wantVersion = v
		}
	}
	assert.Equal(t, wantVersion, resp.Header.Get("X-Api-Version"), "x-api-version")
	if id := reqHeader.Get("X-Request-Id"); regexp.MustCompile(`^(?i)[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$`).MatchString(id) {
		assert.Equal(t, id, resp.Header.Get("X-Request-Id"), "x-request-id echoed")
	} else {
		assert.Regexp(t, mintedUUID, resp.Header.Get("X-Request-Id"), "x-request-id minted")
	}
	assert.Equal(t, "*", resp.Header.Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "Authorization, Accept, X-TENANT-ID, Content-Type", resp.Header.Get("Access-Control-Allow-Headers"))
	// The path's Allow: a GET tells a contact from the collection.
	allow := "GET,PATCH"
	var line croschema.Violations
	_, _, err = croschema.MatchEndpoint(http.MethodGet, path)
	errors.As(err, &line)
	switch {
	case line.Has("path", croschema.CodePath):
		allow = ""
	case line.Has("method", croschema.CodeMethod):
		allow = "POST"
	}
	assert.Equal(t, allow, resp.Header.Get("Allow"), "Allow")
	assert.Equal(t, allow, resp.Header.Get("Access-Control-Allow-Methods"), "Access-Control-Allow-Methods")
	if len(body) > 0 {
		assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	}
	if resp.StatusCode == http.StatusUnauthorized {
		assert.Equal(t, "Bearer", resp.Header.Get("Www-Authenticate"))
	}
	dump, err := httputil.DumpResponse(resp, false)
	require.NoError(t, err)
	assert.NotContains(t, string(dump)+string(body), secret, "the token is in the response")
}

// authorizerOf returns an Authorizer that gives every caller role r.
func authorizerOf(r croschema.Role) crohttp.HandlerOption {
	return crohttp.WithAuthorizer(func(context.Context, croschema.BearerToken, int64) (croschema.Role, error) {
		return r, nil
	})
}

// statusRow is one request and what the middleware must answer.
type statusRow struct {
	name         string
	method, path string
	hdr          func(h http.Header) // changes to stdHeaders
	body         string
	opts         []crohttp.HandlerOption
	status       int
	field        any    // the error body's field: a string, or nil for null
	detail       string // a part of the error body's detail; "" for no check
	reached      bool   // the handler runs
	location     string // the Location header
	explanations int    // the number of items in explanation (0: null)
}

const (
	contactPath    = "/customers/1042/contacts/1"
	collectionPath = "/customers/1042/contacts"
)

func del(names ...string) func(http.Header) {
	return func(h http.Header) {
		for _, n := range names {
			h.Del(n)
		}
	}
}

func set(kv ...string) func(http.Header) {
	return func(h http.Header) {
		for i := 0; i < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
	}
}

func both(fs ...func(http.Header)) func(http.Header) {
	return func(h http.Header) {
		for _, f := range fs {
			f(h)
		}
	}
}

var failAuthorizer = crohttp.WithAuthorizer(func(_ context.Context, tok croschema.BearerToken, _ int64) (croschema.Role, error) {
	return 0, errors.New("token " + tok.Reveal() + " expired") // the text must not reach the response
})

// statusRows follow RULES.md's status table from top to bottom, with the rows
// that show which class wins when a request breaks two.
var statusRows = []statusRow{
	// 404: the path names no endpoint.
	{name: "path unknown", method: "GET", path: "/customers/1042/contact/1", status: 404,
		field: lineField("GET", "/customers/1042/contact/1")},
	{name: "path extra segment", method: "GET", path: contactPath + "/x", status: 404,
		field: lineField("GET", contactPath+"/x")},
	{name: "404 before 401", method: "GET", path: "/contacts", hdr: del("Authorization", "X-Tenant-Id"), status: 404,
		field: lineField("GET", "/contacts")},

	// 405: the method is not one the path allows.
	{name: "DELETE on a contact", method: "DELETE", path: contactPath, status: 405,
		field: lineField("DELETE", contactPath), detail: `"DELETE" is not allowed`},
	{name: "POST on a contact", method: "POST", path: contactPath, body: `{"name":"G"}`, status: 405,
		field: lineField("POST", contactPath)},
	{name: "get in lower case", method: "get", path: contactPath, status: 405, field: lineField("get", contactPath)},
	{name: "GET on the collection", method: "GET", path: collectionPath, status: 405,
		field: lineField("GET", collectionPath)},
	{name: "PATCH on the collection", method: "PATCH", path: collectionPath, body: `{}`, status: 405,
		field: lineField("PATCH", collectionPath)},
	{name: "405 before 401", method: "DELETE", path: contactPath, hdr: del("Authorization"), status: 405,
		field: lineField("DELETE", contactPath)},

	// 401: authorization missing or invalid, or the Authorizer says no.
	{name: "authorization missing", method: "GET", path: contactPath, hdr: del("Authorization"), status: 401,
		field: "StandardRequestHeadersModel.authorization", detail: "missing"},
	{name: "authorization Basic", method: "GET", path: contactPath, hdr: set("Authorization", "Basic dXNlcjpwYXNz"),
		status: 401, field: "StandardRequestHeadersModel.authorization"},
	{name: "authorization empty", method: "GET", path: contactPath, hdr: set("Authorization", ""),
		status: 401, field: "StandardRequestHeadersModel.authorization"},
	{name: "401 before 403", method: "GET", path: contactPath, hdr: del("Authorization", "X-Tenant-Id"), status: 401,
		field: "StandardRequestHeadersModel.authorization", explanations: 2},
	{name: "401 says nothing of the body", method: "PATCH", path: contactPath, hdr: del("Authorization"),
		body: `{"Name": 1, "fax": ""}`, status: 401, field: "StandardRequestHeadersModel.authorization"},
	{name: "the Authorizer rejects the token", method: "GET", path: contactPath, opts: []crohttp.HandlerOption{failAuthorizer},
		status: 401, field: "StandardRequestHeadersModel.authorization", detail: "not accepted"},

	// 403: x-tenant-id missing, ErrForbidden, or a role the endpoint does not allow.
	{name: "x-tenant-id missing", method: "GET", path: contactPath, hdr: del("X-Tenant-Id"), status: 403,
		field: "StandardRequestHeadersModel.x-tenant-id"},
	{name: "the Authorizer forbids the tenant", method: "GET", path: contactPath,
		opts: []crohttp.HandlerOption{crohttp.WithAuthorizer(func(context.Context, croschema.BearerToken, int64) (croschema.Role, error) {
			return 0, errors.Join(errors.New("tenant 77"), crohttp.ErrForbidden)
		})},
		status: 403, field: "StandardRequestHeadersModel.x-tenant-id"},
	{name: "a Driver may not PATCH", method: "PATCH", path: contactPath, body: `{}`,
		opts: []crohttp.HandlerOption{authorizerOf(croschema.RoleDriver)}, status: 403, field: nil,
		detail: "role Driver may not call Update Contact"},
	{name: "Public may not GET", method: "GET", path: contactPath, opts: []crohttp.HandlerOption{authorizerOf(croschema.RolePublic)},
		status: 403, field: nil},
	{name: "403 before 415", method: "POST", path: collectionPath, body: `{"name":"G"}`,
		hdr: both(del("X-Tenant-Id"), set("Content-Type", "text/plain")), status: 403,
		field: "StandardRequestHeadersModel.x-tenant-id", explanations: 2},
	{name: "403 says nothing of the body", method: "POST", path: collectionPath, body: `{"id": 1}`,
		hdr: del("X-Tenant-Id"), status: 403, field: "StandardRequestHeadersModel.x-tenant-id"},

	// 415: a body whose media type is not application/json.
	{name: "POST text/plain", method: "POST", path: collectionPath, body: `{"name":"G"}`,
		hdr: set("Content-Type", "text/plain"), status: 415, field: "StandardRequestHeadersModel.content-type"},
	{name: "PATCH form", method: "PATCH", path: contactPath, body: `name=G`,
		hdr: set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), status: 415,
		field: "StandardRequestHeadersModel.content-type"},
	{name: "415 before 413", method: "POST", path: collectionPath, body: strings.Repeat("x", 100),
		hdr: set("Content-Type", "text/plain"), opts: []crohttp.HandlerOption{crohttp.WithBodyLimit(10)}, status: 415,
		field: "StandardRequestHeadersModel.content-type"},

	// 413: a body over the limit.
	{name: "POST over the limit", method: "POST", path: collectionPath, body: `{"name":"George"}`,
		opts: []crohttp.HandlerOption{crohttp.WithBodyLimit(16)}, status: 413, field: "CreateCustomerContactModel", detail: "larger than 16 bytes"},
	{name: "POST at the limit", method: "POST", path: collectionPath, body: `{"name":"George"}`,
		opts: []crohttp.HandlerOption{crohttp.WithBodyLimit(17)}, status: 200, reached: true,
		location: "/customers/1042/contacts/7"},
	{name: "413 before 400", method: "PATCH", path: contactPath, body: `{"Name": 1, "fax": "1"}`,
		hdr: set("X-Request-Id", "nope"), opts: []crohttp.HandlerOption{crohttp.WithBodyLimit(8)}, status: 413, field: "UpdateCustomerContactModel", explanations: 2}, // the x-request-id and the size

	// 400: any other violation.
	{name: "x-request-id not a UUID", method: "GET", path: contactPath, hdr: set("X-Request-Id", "{b24c2138-65af-4ed3-8e1d-b85a7dc8171c}"),
		status: 400, field: "StandardRequestHeadersModel.x-request-id"},
	{name: "x-api-version with dashes", method: "GET", path: contactPath, hdr: set("X-Api-Version", "2019-02-08"),
		status: 400, field: "StandardRequestHeadersModel.x-api-version"},
	{name: "x-tenant-id not an integer", method: "GET", path: contactPath, hdr: set("X-Tenant-Id", "+77"),
		opts: []crohttp.HandlerOption{failAuthorizer}, status: 400, field: "StandardRequestHeadersModel.x-tenant-id"},
	{name: "x-tenant-id twice", method: "GET", path: contactPath, hdr: func(h http.Header) { h.Add("X-Tenant-Id", "78") },
		opts: []crohttp.HandlerOption{failAuthorizer}, status: 400, field: "StandardRequestHeadersModel.x-tenant-id"},
	{name: "content-type empty on POST", method: "POST", path: collectionPath, body: `{"name":"G"}`,
		hdr: set("Content-Type", ""), status: 400, field: "StandardRequestHeadersModel.content-type"},
	{name: "customer_id with a sign", method: "GET", path: "/customers/+1042/contacts/1", status: 400,
		field: lineField("GET", "/customers/+1042/contacts/1")},
	{name: "customer_contact_id percent-encoded", method: "GET", path: "/customers/1042/contacts/%31", status: 400,
		field: lineField("GET", "/customers/1042/contacts/%31")},
	{name: "customer_id empty", method: "POST", path: "/customers//contacts", body: `{"name":"G"}`, status: 400,
		field: lineField("POST", "/customers//contacts")},
	{name: "customer_contact_id out of range", method: "PATCH", path: "/customers/1/contacts/9223372036854775808",
		body: `{}`, status: 400, field: lineField("PATCH", "/customers/1/contacts/9223372036854775808")},
	{name: "an unknown key", method: "PATCH", path: contactPath, body: `{"Name": "G"}`, status: 400,
		field: "UpdateCustomerContactModel.Name", detail: "Unknown field."},
	{name: "every violation explained", method: "PATCH", path: contactPath, body: `{"Name": "G", "fax": "1"}`,
		hdr: set("X-Request-Id", "nope"), status: 400, field: "StandardRequestHeadersModel.x-request-id", explanations: 3},
	{name: "a body that is no JSON", method: "POST", path: collectionPath, body: `{"name":`, status: 400,
		field: "CreateCustomerContactModel"},
	{name: "no body", method: "PATCH", path: contactPath, status: 400, field: "UpdateCustomerContactModel"},
	{name: "a Create without name", method: "POST", path: collectionPath, body: `{"fax": null}`, status: 400,
		field: "CreateCustomerContactModel.name", detail: "missing"},
	{name: "name null", method: "POST", path: collectionPath, body: `{"name": null}`, status: 400,
		field: "CreateCustomerContactModel.name"},

	// 404: the handler's, for a contact that does not exist.
	{name: "no such contact", method: "GET", path: "/customers/1042/contacts/404", status: 404, field: nil,
		detail: "Customer contact 404 of customer 1042 not found.", reached: true},

	// 200.
	{name: "GET", method: "GET", path: contactPath, status: 200, reached: true},
	{name: "GET the documented sample", method: "GET", path: "/customers/1042/contacts/1/?x=1", status: 200, reached: true},
	{name: "GET echoes x-request-id and x-api-version", method: "GET", path: contactPath,
		hdr: set("X-Request-Id", "B24C2138-65af-4ed3-8e1d-b85a7dc8171c", "X-Api-Version", "2023/04/19"), status: 200, reached: true},
	{name: "a Driver may GET", method: "GET", path: contactPath, opts: []crohttp.HandlerOption{authorizerOf(croschema.RoleDriver)},
		status: 200, reached: true},
	{name: "PATCH", method: "PATCH", path: contactPath, body: `{"fax": null, "notify_on_new_request": "TRUE"}`,
		hdr: set("Content-Type", "Application/JSON; charset=utf-8"), status: 200, reached: true},
	{name: "POST", method: "POST", path: collectionPath, body: `{"name": "George"}`, status: 200, reached: true,
		location: "/customers/1042/contacts/7"},
	{name: "POST without content-type", method: "POST", path: collectionPath + "/", body: `{"name": "George"}`,
		hdr: del("Content-Type"), status: 200, reached: true, location: "/customers/1042/contacts/7"},
}

func TestStatusTable(t *testing.T) {
	for _, row := range statusRows {
		t.Run(row.name, func(t *testing.T) {
			srv, h := newServer(t, row.opts...)
			hdr := stdHeaders()
			if row.hdr != nil {
				row.hdr(hdr)
			}
			resp, body := do(t, srv, row.method, row.path, hdr.Clone(), row.body)
			require.Equal(t, row.status, resp.StatusCode, "status; body %s", body)
			assert.Equal(t, row.reached, h.calls() == 1, "the handler ran")
			checkHeaders(t, hdr, row.path, resp, body)
			assert.Equal(t, row.location, resp.Header.Get("Location"), "Location")
			if row.status == http.StatusOK {
				_, err := croschema.LintContact(body)
				assert.NoError(t, err, "body %s", body)
				return
			}
			var e map[string]any
			require.NoError(t, json.Unmarshal(body, &e), "error body %s", body)
			_, err := croschema.LintAPIError(body)
			assert.NoError(t, err)
			assert.Equal(t, row.field, e["field"], "field; body %s", body)
			if row.detail != "" {
				assert.Contains(t, e["detail"], row.detail, "detail")
			}
			if row.explanations == 0 {
				assert.Nil(t, e["explanation"], "explanation")
			} else if assert.IsType(t, "", e["explanation"]) {
				items := explanationItem.FindAllString(e["explanation"].(string), -1)
				assert.Len(t, items, row.explanations, "explanation %q", e["explanation"])
			}
		})
	}
}

// decoded is what a handler reads of the request Middleware decoded: the
// exported fields of crohttp.Request and its body.
type decoded struct {
	Endpoint croschema.Endpoint
	Params   croschema.PathParams
	Headers  croschema.RequestHeaders
	Role     croschema.Role
	Create   *croschema.CreateCustomerContact
	Update   *croschema.UpdateCustomerContact
}

func decodedOf(r *crohttp.Request) decoded {
	return decoded{Endpoint: r.Endpoint, Params: r.Params, Headers: r.Headers, Role: r.Role, Create: r.Create(), Update: r.Update()}
}
