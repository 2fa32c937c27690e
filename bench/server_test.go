package bench

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/croschema/croschema"
)

// storedContact is what every server's handler answers: the documented
// sample, with id 7 (so that the Location of a Create is
// /customers/1042/contacts/7).
func storedContact(tb testing.TB) croschema.CustomerContact {
	tb.Helper()
	c, err := croschema.LintContact(sampleWith(tb, `"id": 1,`, `"id": 7,`))
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// newServers is NewServers of storedContact.
func newServers(tb testing.TB) []Server {
	tb.Helper()
	servers, err := NewServers(storedContact(tb))
	if err != nil {
		tb.Fatal(err)
	}
	return servers
}

// A serverRequest is one request of the server tests and benchmarks, the
// same bytes for every server.
type serverRequest struct {
	name   string
	method string
	target string
	header http.Header
	body   []byte // nil for none
}

const (
	contactTarget    = "/customers/1042/contacts/7"
	collectionTarget = "/customers/1042/contacts"
)

// Bodies of the benchmark requests.
var (
	validPatchBody = []byte(`{"name":"George","notify_on_new_request":true}`)
	// invalidBody breaks two rules: a boolean in no documented form and an
	// unknown key.
	invalidBody = []byte(`{"name":"George","notify_on_new_request":"yes","foo":1}`)
)

// validCreateBody is a full Create body: the documented sample's keys
// without id.
func validCreateBody(tb testing.TB) []byte {
	return sampleWith(tb, "\"id\": 1,\n", "")
}

// newServerRequest returns a request with valid headers: the documented
// sample's authorization, x-tenant-id 1042 and, with a body,
// content-type application/json.
func newServerRequest(tb testing.TB, name, method, target string, body []byte) serverRequest {
	tb.Helper()
	h := http.Header{}
	h.Set("Authorization", readRequest(tb, "get-contact").Header.Get("Authorization"))
	h.Set("X-Tenant-Id", "1042")
	if body != nil {
		h.Set("Content-Type", "application/json")
	}
	return serverRequest{name, method, target, h, body}
}

// with returns a copy of sr named name whose header change has made.
func (sr serverRequest) with(name string, change func(h http.Header)) serverRequest {
	sr.name, sr.header = name, sr.header.Clone()
	change(sr.header)
	return sr
}

// benchRequests are the six requests of BenchmarkServerPaired, by name:
// valid/get, valid/patch, valid/post, invalid/get, invalid/patch and
// invalid/post.
func benchRequests(tb testing.TB) []serverRequest {
	get := newServerRequest(tb, "valid/get", http.MethodGet, contactTarget, nil)
	return []serverRequest{
		get,
		newServerRequest(tb, "valid/patch", http.MethodPatch, contactTarget, validPatchBody),
		newServerRequest(tb, "valid/post", http.MethodPost, collectionTarget, validCreateBody(tb)),
		get.with("invalid/get", func(h http.Header) { h.Set("X-Tenant-Id", "12a") }),
		newServerRequest(tb, "invalid/patch", http.MethodPatch, contactTarget, invalidBody),
		newServerRequest(tb, "invalid/post", http.MethodPost, collectionTarget, invalidBody),
	}
}

// newRequest returns sr as a new *http.Request, with body as its body.
func (sr serverRequest) newRequest(body io.ReadCloser) *http.Request {
	r := httptest.NewRequest(sr.method, sr.target, nil)
	r.Header = sr.header.Clone()
	if sr.body != nil {
		r.Body, r.ContentLength = body, int64(len(sr.body))
	}
	return r
}

// An exchange is one server answering one request again and again, in
// process: the request's body is re-set and the sink reset before each
// call.
type exchange struct {
	h    http.Handler
	req  *http.Request
	body *rewind
	data []byte
	w    *sink
}

func newExchange(h http.Handler, sr serverRequest) *exchange {
	x := &exchange{h: h, body: &rewind{}, data: sr.body, w: &sink{h: http.Header{}}}
	x.req = sr.newRequest(x.body)
	return x
}

func (x *exchange) serve() {
	x.w.reset()
	if x.data != nil {
		x.body.set(x.req, x.data)
	}
	x.h.ServeHTTP(x.w, x.req)
}

// TestServerPeers checks that every server answers the benchmark's valid
// requests 200 with the stored contact and its invalid ones 4xx, so that
// BenchmarkServerPaired compares real work, and records what each peer
// does differently from RULES.md "Serving the API": its table lists the
// peers that accept a request the API rejects, or reject one it accepts,
// and the test logs every status that differs from the API's (such as
// huma's 422 for the API's 400). crohttp must answer exactly the API's
// status; every server, the API's response headers on every answer and the
// API's error body on every 4xx (the peers write it from their stacks'
// error hooks).
func TestServerPeers(t *testing.T) {
	bench := benchRequests(t)
	valid := bench[0]
	patch := func(name, body string) serverRequest {
		return newServerRequest(t, name, http.MethodPatch, contactTarget, []byte(body))
	}
	peers := []string{ServerOgen, ServerOapiCodegen, ServerGin, ServerHuma}
	tests := []struct {
		req    serverRequest
		status int      // the API's answer
		differ []string // the peers that accept it when the API rejects it, or the other way round
	}{
		{req: bench[0], status: 200},
		{req: bench[1], status: 200},
		{req: bench[2], status: 200},
		{req: bench[3], status: 400},
		{req: bench[4], status: 400},
		{req: bench[5], status: 400},

		{req: valid.with("authorization missing", func(h http.Header) { h.Del("Authorization") }), status: 401},
		{req: valid.with("authorization Basic", func(h http.Header) { h.Set("Authorization", "Basic dXNlcjpwYXNz") }), status: 401},
		{req: valid.with("x-tenant-id missing", func(h http.Header) { h.Del("X-Tenant-Id") }), status: 403},
		{req: valid.with("x-api-version with dashes", func(h http.Header) { h.Set("X-Api-Version", "2019-02-08") }), status: 400},
		{req: valid.with("x-request-id not a UUID", func(h http.Header) { h.Set("X-Request-Id", "1") }), status: 400},
		{req: newServerRequest(t, "path parameter not an integer", http.MethodGet, "/customers/abc/contacts/7", nil), status: 400},
		{req: patch("content-type text/plain", `{"name":"George"}`).with("content-type text/plain", func(h http.Header) { h.Set("Content-Type", "text/plain") }), status: 415},
		{req: patch("bool TRUE", `{"notify_on_new_request":"TRUE"}`), status: 200},
		// kin-openapi reads 1.0 as the integer 1.
		{req: patch("bool 1.0", `{"notify_on_new_request":1.0}`), status: 400, differ: []string{ServerOapiCodegen}},
		// croschema's models decode tolerantly, and gin's binding has no schema.
		{req: patch("unknown key", `{"Name":"George"}`), status: 400, differ: []string{ServerGin}},
		// Every peer's decoder keeps one of the two.
		{req: patch("duplicate key", `{"name":"George","name":"Ann"}`), status: 400, differ: peers},
		// huma skips null on a key that is not required.
		{req: patch("name null", `{"name":null}`), status: 400, differ: []string{ServerHuma}},
		{req: patch("name too long", `{"name":"`+strings.Repeat("é", 129)+`"}`), status: 400},
		{req: patch("fax too short", `{"fax":"123"}`), status: 400},
		{req: patch("email invalid item", `{"email":"a@example.com, not-an-address"}`), status: 400},
		// No peer's decoder checks the encoding.
		{req: patch("invalid UTF-8", "{\"name\":\"Geo\xffrge\"}"), status: 400, differ: peers},
		// A json.Decoder reads one value and leaves the rest.
		{req: patch("trailing data", `{"name":"George"} {}`), status: 400, differ: []string{ServerOapiCodegen, ServerGin}},
		{req: patch("body not an object", `[]`), status: 400},
		// A contact without a name cannot be stored: a rule of the server, not
		// of the body's schema, which the peers' handlers would have to add.
		{req: newServerRequest(t, "create without name", http.MethodPost, collectionTarget, []byte(`{"fax":null}`)), status: 400, differ: peers},
	}
	stored := storedContact(t)
	for _, s := range newServers(t) {
		for _, tt := range tests {
			x := newExchange(s.Handler, tt.req)
			x.serve()
			w := x.w
			if _, err := croschema.LintResponseHeaders(w.h); err != nil {
				t.Errorf("%s: %s: response headers: %v", s.Name, tt.req.name, err)
			}
			if s.Name == ServerCrohttp {
				if w.status != tt.status {
					t.Errorf("%s: %s: status %d, want %d: %s", s.Name, tt.req.name, w.status, tt.status, w.body)
				}
			} else if ok, want := w.status/100 == 2, (tt.status == 200) != slices.Contains(tt.differ, s.Name); ok != want {
				t.Errorf("%s: %s: status %d, want the API's %d (or its class), as the table says: %s", s.Name, tt.req.name, w.status, tt.status, w.body)
			} else if w.status != tt.status {
				t.Logf("%s: %s: answers %d, the API %d", s.Name, tt.req.name, w.status, tt.status)
			}
			if w.status/100 != 2 {
				if _, err := croschema.LintAPIError(w.body); err != nil {
					t.Errorf("%s: %s: the %d's body is not the API's error body: %v\n%s", s.Name, tt.req.name, w.status, err, w.body)
				}
				continue
			}
			got, err := croschema.LintContact(w.body)
			if err != nil || got != stored {
				t.Errorf("%s: %s: body %s is not the stored contact: %v", s.Name, tt.req.name, w.body, err)
			}
			if loc := w.h.Get("Location"); tt.req.method == http.MethodPost && loc != contactTarget {
				t.Errorf("%s: %s: Location %q, want %q", s.Name, tt.req.name, loc, contactTarget)
			}
		}
	}
}
