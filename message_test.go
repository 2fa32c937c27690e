package croschema_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/croschema/croschema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goodHeader returns the headers of a valid request; the token's credential
// is digits only, so that a detail echoing any part of it unquoted would
// show.
func goodHeader() http.Header {
	return http.Header{
		"Authorization": {"Bearer " + digitsToken},
		"X-Tenant-Id":   {"1042"},
		"Content-Type":  {"application/json"},
	}
}

// jwtToken is an access token as they usually are: letters and digits,
// long enough that LintResponse looks for its echo.
const jwtToken = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJl"

// digitsToken is an access token made of digits only: it matches the
// documented pattern, and an echo of it as a JSON number must not show.
const digitsToken = "31415926535897932384"

// lintRequestTests are whole requests and what LintRequest finds: the
// status a conforming server answers and the violations, "location code".
var lintRequestTests = []struct {
	name           string
	method, target string
	header         func(http.Header)
	body           string
	status         int
	want           []string
	endpoint       croschema.Endpoint
}{
	{name: "GET", method: "GET", target: "/customers/1042/contacts/7", status: 200, endpoint: croschema.GetContact},
	{name: "HEAD is GET", method: "HEAD", target: "/customers/1042/contacts/7/", status: 200, endpoint: croschema.GetContact},
	{name: "query ignored", method: "GET", target: "/customers/1/contacts/2?x=1", status: 200, endpoint: croschema.GetContact},
	{name: "absolute target", method: "GET", target: "http://api.example.com/customers/1/contacts/2", status: 200, endpoint: croschema.GetContact},
	{name: "PATCH", method: "PATCH", target: "/customers/1/contacts/2", body: `{"fax":null}`, status: 200, endpoint: croschema.UpdateContact},
	{name: "POST", method: "POST", target: "/customers/1/contacts", body: `{"name":"George"}`, status: 200, endpoint: croschema.CreateContact},
	{name: "OPTIONS is a preflight", method: "OPTIONS", target: "/customers/1/contacts",
		header: func(h http.Header) { h.Del("Authorization"); h.Del("X-Tenant-Id") }, status: 200},
	{name: "OPTIONS on no endpoint", method: "OPTIONS", target: "/contacts", status: 404, want: []string{"path path"}},
	{name: "asterisk target", method: "OPTIONS", target: "*", status: 404, want: []string{"path path"}},
	{name: "path then headers", method: "GET", target: "/customer/1", header: func(h http.Header) { h.Del("X-Tenant-Id") },
		status: 404, want: []string{"path path", "x-tenant-id required"}},
	{name: "method", method: "DELETE", target: "/customers/1/contacts/2", status: 405, want: []string{"method method"}},
	{name: "no token", method: "GET", target: "/customers/1/contacts/2", header: func(h http.Header) { h.Del("Authorization") },
		status: 401, want: []string{"authorization required"}},
	{name: "no tenant", method: "GET", target: "/customers/1/contacts/2", header: func(h http.Header) { h.Del("X-Tenant-Id") },
		status: 403, want: []string{"x-tenant-id required"}},
	{name: "not JSON", method: "PATCH", target: "/customers/1/contacts/2", header: func(h http.Header) { h.Set("Content-Type", "text/plain") },
		body: `{}`, status: 415, want: []string{"content-type enum"}},
	{name: "gzip body", method: "POST", target: "/customers/1/contacts", header: func(h http.Header) { h.Set("Content-Encoding", "gzip") },
		body: "\x1f\x8b", status: 415, want: []string{"content-encoding enum", " syntax"}},
	{name: "identity encoding", method: "PATCH", target: "/customers/1/contacts/2", header: func(h http.Header) { h.Set("Content-Encoding", "Identity") },
		body: `{}`, status: 200, endpoint: croschema.UpdateContact},
	{name: "too large", method: "POST", target: "/customers/1/contacts", body: `{"name":"` + strings.Repeat("x", croschema.DefaultBodyLimit) + `"}`,
		status: 413, want: []string{" max_length"}},
	{name: "GET with a body", method: "GET", target: "/customers/1/contacts/2", body: `{}`, status: 400, want: []string{" syntax"}},
	{name: "Create without name", method: "POST", target: "/customers/1/contacts", body: `{"fax":"555-1234"}`,
		status: 400, want: []string{"/name required"}},
	{name: "a body that is not an object has no missing key", method: "POST", target: "/customers/1/contacts", body: `[]`,
		status: 400, want: []string{" type"}},
	{name: "empty PATCH body", method: "PATCH", target: "/customers/1/contacts/2", status: 400, want: []string{" syntax"}},
	{name: "a fragment is part of the path, as net/http reads it", method: "GET", target: "/customers/1/contacts/1#f",
		status: 400, want: []string{"customer_contact_id integer"}},
	{name: "bad parameter and bad body", method: "PATCH", target: "/customers/x/contacts/2", body: `{"name":1}`,
		status: 400, want: []string{"customer_id integer", "/name type"}},
}

func TestLintRequest(t *testing.T) {
	for _, tt := range lintRequestTests {
		t.Run(tt.name, func(t *testing.T) {
			h := goodHeader()
			if tt.header != nil {
				tt.header(h)
			}
			req, err := croschema.LintRequest(tt.method, tt.target, h, []byte(tt.body))
			vs := violations(err)
			assert.Equal(t, tt.want, locCodes(vs))
			assert.Equal(t, tt.status, croschema.Status(vs), "Status(%v)", vs)
			if tt.status == 200 { // else the endpoint the line names, if any
				assert.Equal(t, tt.endpoint, req.Endpoint)
			}
			assert.Equal(t, tt.method, req.Method)

			// The halves agree with the whole.
			head, herr := croschema.LintRequestHead(tt.method, tt.target, h)
			berr := head.LintBody([]byte(tt.body))
			if len(tt.body) > croschema.DefaultBodyLimit {
				berr = head.BodyTooLarge(croschema.DefaultBodyLimit)
			}
			assert.Equal(t, locCodes(vs), locCodes(append(violations(herr), violations(berr)...)), "LintRequestHead + LintBody")
		})
	}
}

// TestLintRequestBodies: Create and Update return the decoded body of
// their own endpoint only.
func TestLintRequestBodies(t *testing.T) {
	h := goodHeader()
	req, err := croschema.LintRequest("POST", "/customers/1/contacts", h, []byte(`{"name":"George","fax":null}`))
	require.NoError(t, err)
	require.NotNil(t, req.Create())
	assert.Nil(t, req.Update())
	assert.Equal(t, croschema.Set("George"), req.Create().Name)
	assert.True(t, req.Create().Fax.IsNull())

	req, err = croschema.LintRequest("PATCH", "/customers/1/contacts/2", h, []byte(`{"notify_on_new_request":"TRUE"}`))
	require.NoError(t, err)
	require.NotNil(t, req.Update())
	assert.Nil(t, req.Create())
	assert.Equal(t, croschema.Set(true), req.Update().NotifyOnNewRequest)
	assert.Equal(t, croschema.PathParams{CustomerID: 1, CustomerContactID: 2}, req.Params)
	assert.Equal(t, "GET,PATCH", req.Allow)

	var none *croschema.Request
	assert.Nil(t, none.Create())
	assert.Nil(t, none.Update())
	assert.NoError(t, none.LintBody([]byte("x")), "a nil Request: nothing to check")
}

// TestLintRequestNeverShowsTheToken: a token of digits, echoed unquoted
// as a JSON number in the body or copied into another header, shows in no
// detail, field or location, not even 4 of its characters.
func TestLintRequestNeverShowsTheToken(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header func(http.Header)
		body   string
	}{
		{"a boolean", nil, `{"notify_on_new_request": ` + digitsToken + `}`},
		{"a fraction", nil, `{"notify_on_new_request": ` + digitsToken + `.5}`},
		{"an unknown key", nil, `{"` + digitsToken + `": 1}`},
		{"a string", nil, `{"fax": "` + digitsToken + `"}`},
		{"x-tenant-id", func(h http.Header) { h.Set("X-Tenant-Id", digitsToken) }, `{}`},
		{"x-request-id", func(h http.Header) { h.Set("X-Request-Id", digitsToken) }, `{}`},
		{"the path", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := goodHeader()
			if tc.header != nil {
				tc.header(h)
			}
			target := "/customers/1/contacts/2"
			if tc.name == "the path" {
				target = "/customers/" + digitsToken + "x/contacts/2"
			}
			_, err := croschema.LintRequest("PATCH", target, h, []byte(tc.body))
			vs := violations(err)
			require.NotEmpty(t, vs, "the request is invalid")
			text := err.Error()
			for _, v := range vs {
				text += v.Location + v.Field + v.Detail
			}
			for i := 0; i+4 <= len(digitsToken); i++ {
				assert.NotContains(t, text, digitsToken[i:i+4])
			}
		})
	}
}

// apiAnswer returns the headers a conforming server answers req with.
func apiAnswer(req *croschema.Request) http.Header {
	h := http.Header{}
	req.SetResponseHeaders(h)
	return h
}

const contact7 = `{"email":null,"fax":null,"id":7,"name":"George","notify_on_acknowledged_request":false,` +
	`"notify_on_completed_request":false,"notify_on_dispatched_request":false,"notify_on_failed_request":false,` +
	`"notify_on_new_request":false,"number":null}`

func TestLintResponse(t *testing.T) {
	errBody := `{"detail":"Not found.","explanation":null,"field":null}`
	for _, tt := range []struct {
		name           string
		method, target string
		reqHeader      func(http.Header)
		reqBody        string
		status         int
		header         func(http.Header)
		body           string
		want           []string
	}{
		{name: "GET 200", method: "GET", target: "/customers/1/contacts/7", status: 200, body: contact7},
		{name: "GET 404", method: "GET", target: "/customers/1/contacts/7", status: 404, body: errBody},
		{name: "GET 500", method: "GET", target: "/customers/1/contacts/7", status: 500, body: errBody},
		{name: "GET 429", method: "GET", target: "/customers/1/contacts/7", status: 429, body: errBody},
		{name: "a 429 for a 401: a server may throttle before it reads", method: "GET", target: "/customers/1/contacts/7",
			reqHeader: func(h http.Header) { h.Del("Authorization") }, status: 429, body: errBody},
		{name: "an empty content-type is said once", method: "GET", target: "/customers/1/contacts/7", status: 404, body: errBody,
			header: func(h http.Header) { h.Set("Content-Type", "") }, want: []string{"content-type min_length"}},
		{name: "HEAD 200 without a body", method: "HEAD", target: "/customers/1/contacts/7", status: 200},
		{name: "HEAD with a body", method: "HEAD", target: "/customers/1/contacts/7", status: 200, body: contact7, want: []string{" syntax"}},
		{name: "another contact", method: "GET", target: "/customers/1/contacts/8", status: 200, body: contact7, want: []string{"/id enum"}},
		{name: "a 200 to a 401", method: "GET", target: "/customers/1/contacts/7", reqHeader: func(h http.Header) { h.Del("Authorization") },
			status: 200, body: contact7, want: []string{"status enum"}},
		{name: "a 401 for a 400", method: "GET", target: "/customers/1/contacts/7", reqHeader: func(h http.Header) { h.Set("X-Request-Id", "x") },
			status: 401, body: errBody, header: func(h http.Header) { h.Set("Www-Authenticate", "Bearer") }},
		{name: "a 401 without WWW-Authenticate", method: "GET", target: "/customers/1/contacts/7", reqHeader: func(h http.Header) { h.Del("Authorization") },
			status: 401, body: errBody, want: []string{"www-authenticate required"}},
		{name: "a redirect", method: "GET", target: "/customers/1/contacts/7", status: 302, want: []string{"status enum"}},
		{name: "a 201", method: "POST", target: "/customers/1/contacts", reqBody: `{"name":"George"}`, status: 201, body: contact7,
			header: func(h http.Header) { h.Set("Location", "/customers/1/contacts/7") }, want: []string{"status enum"}},
		{name: "Create", method: "POST", target: "/customers/1/contacts", reqBody: `{"name":"George"}`, status: 200, body: contact7,
			header: func(h http.Header) { h.Set("Location", "/customers/1/contacts/7") }},
		{name: "Create behind a base path", method: "POST", target: "/customers/1/contacts", reqBody: `{"name":"George"}`, status: 200, body: contact7,
			header: func(h http.Header) { h.Set("Location", "/cro/customers/1/contacts/7") }},
		{name: "Create without Location", method: "POST", target: "/customers/1/contacts", reqBody: `{"name":"George"}`, status: 200, body: contact7,
			want: []string{"location required"}},
		{name: "Create naming another contact", method: "POST", target: "/customers/1/contacts", reqBody: `{"name":"George"}`, status: 200, body: contact7,
			header: func(h http.Header) { h.Set("Location", "/customers/1/contacts/1") }, want: []string{"location enum"}},
		{name: "Create naming another origin", method: "POST", target: "/customers/1/contacts", reqBody: `{"name":"George"}`, status: 200, body: contact7,
			header: func(h http.Header) { h.Set("Location", "https://evil.example/customers/1/contacts/7") }, want: []string{"location enum"}},
		{name: "OPTIONS", method: "OPTIONS", target: "/customers/1/contacts/7", status: 204},
		{name: "OPTIONS without Allow", method: "OPTIONS", target: "/customers/1/contacts/7", status: 204,
			header: func(h http.Header) { h.Del("Allow") }, want: []string{"allow required"}},
		{name: "405 with Allow", method: "PUT", target: "/customers/1/contacts/7", status: 405, body: errBody},
		{name: "no CORS", method: "GET", target: "/customers/1/contacts/7", status: 200, body: contact7,
			header: func(h http.Header) {
				h.Del("Access-Control-Allow-Origin")
				h.Set("Access-Control-Allow-Headers", "content-type, x-tenant-id, accept, authorization") // any order, any case
			}, want: []string{"access-control-allow-origin required"}},
		{name: "another version", method: "GET", target: "/customers/1/contacts/7", status: 200, body: contact7,
			header: func(h http.Header) { h.Set("X-Api-Version", "2023/04/19") }, want: []string{"x-api-version enum"}},
		{name: "the id not echoed", method: "GET", target: "/customers/1/contacts/7", reqHeader: func(h http.Header) { h.Set("X-Request-Id", "b24c2138-65af-4ed3-8e1d-b85a7dc8171c") },
			status: 200, body: contact7, header: func(h http.Header) { h.Set("X-Request-Id", "0b5e8a1e-8a43-4c1f-9d2e-6f3a0b8c7d21") }, want: []string{"x-request-id enum"}},
		{name: "a minted id that is not version 4", method: "GET", target: "/customers/1/contacts/7", status: 200, body: contact7,
			header: func(h http.Header) { h.Set("X-Request-Id", "b24c2138-65af-1ed3-8e1d-b85a7dc8171c") }, want: []string{"x-request-id enum"}},
		{name: "HTML error", method: "GET", target: "/customers/1/contacts/7", status: 502, body: "<html>",
			header: func(h http.Header) { h.Set("Content-Type", "text/html") }, want: []string{"content-type enum", " syntax"}},
		{name: "the token echoed in a header", method: "GET", target: "/customers/1/contacts/7", status: 404, body: errBody,
			reqHeader: func(h http.Header) { h.Set("Authorization", "Bearer "+jwtToken) },
			header:    func(h http.Header) { h.Set("X-Debug", "token="+strings.ToUpper(jwtToken)) }, want: []string{"x-debug enum"}},
		{name: "the token echoed in the body", method: "GET", target: "/customers/1/contacts/7", status: 404,
			reqHeader: func(h http.Header) { h.Set("Authorization", "Bearer "+jwtToken) },
			body:      `{"detail":"` + jwtToken + ` is not accepted"}`, want: []string{" enum"}},
		{name: "a token that is the package's own words is no echo", method: "GET", target: "/customers/1/contacts/7", status: 401,
			reqHeader: func(h http.Header) { h.Set("Authorization", "Bearer StandardRequestHeadersModel.authorization") },
			header:    func(h http.Header) { h.Set("Www-Authenticate", "Bearer") },
			body:      `{"detail":"the bearer token is not accepted","field":"StandardRequestHeadersModel.authorization"}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := goodHeader()
			if tt.reqHeader != nil {
				tt.reqHeader(h)
			}
			req, _ := croschema.LintRequest(tt.method, tt.target, h, []byte(tt.reqBody))
			rh := apiAnswer(&req)
			if tt.header != nil {
				tt.header(rh)
			}
			if tt.body == "" {
				rh.Del("Content-Type")
			}
			err := croschema.LintResponse(&req, tt.status, rh, []byte(tt.body))
			vs := violations(err)
			assert.Equal(t, tt.want, locCodes(vs), "%v", vs)
			if err != nil {
				assert.NotContains(t, err.Error(), digitsToken[:4])
			}
		})
	}
}

// TestLintResponseUnknownRequest: of a request nothing is known of (as
// crolint's response kind has it), only what holds for every answer is
// checked.
func TestLintResponseUnknownRequest(t *testing.T) {
	h := http.Header{"X-Api-Version": {"2021/04/07"}, "X-Request-Id": {"b24c2138-65af-4ed3-8e1d-b85a7dc8171c"},
		"Content-Type": {"application/json"}, "Access-Control-Allow-Origin": {"*"},
		"Access-Control-Allow-Headers": {"Authorization, Accept, X-TENANT-ID, Content-Type"}}
	for _, req := range []*croschema.Request{nil, {}, {Method: "GET"}} {
		assert.NoError(t, croschema.LintResponse(req, 200, h, []byte(contact7)))
		assert.NoError(t, croschema.LintResponse(req, 503, h, []byte(`{"detail":"Busy."}`)))
		assert.Equal(t, []string{"status enum"}, locCodes(violations(croschema.LintResponse(req, 302, h, nil))))
	}
	assert.Equal(t, []string{" syntax"}, locCodes(violations(croschema.LintResponse(&croschema.Request{Method: "HEAD"}, 200, h, []byte(contact7)))))
}

// TestSetResponseHeaders: the headers every answer carries, and an id that
// holds the token is not echoed.
func TestSetResponseHeaders(t *testing.T) {
	h := goodHeader()
	h.Set("X-Api-Version", "2021/04/07")
	h.Set("X-Request-Id", "B24C2138-65AF-4ED3-8E1D-B85A7DC8171C")
	req, err := croschema.LintRequest("GET", "/customers/1/contacts/2", h, nil)
	require.NoError(t, err)
	got := http.Header{}
	req.SetResponseHeaders(got)
	assert.Equal(t, http.Header{
		"X-Api-Version": {"2021/04/07"}, "X-Request-Id": {"B24C2138-65AF-4ED3-8E1D-B85A7DC8171C"},
		"Content-Type": {"application/json"}, "Access-Control-Allow-Origin": {"*"},
		"Access-Control-Allow-Headers": {"Authorization, Accept, X-TENANT-ID, Content-Type"},
		"Allow":                        {"GET,PATCH"}, "Access-Control-Allow-Methods": {"GET,PATCH"},
	}, got)

	// A minted id is a version-4 UUID, the same on every call.
	req, _ = croschema.LintRequest("OPTIONS", "/customers/1/contacts", http.Header{}, nil)
	a, b := http.Header{}, http.Header{}
	req.SetResponseHeaders(a)
	req.SetResponseHeaders(b)
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, a.Get("X-Request-Id"))
	assert.Equal(t, a, b)
	assert.Empty(t, a.Get("Content-Type"), "OPTIONS on a known path: a 204 without a body")
	assert.Equal(t, "POST", a.Get("Allow"))

	// A client that sends its token, which the pattern lets be a UUID, as
	// the request id does not get it back.
	const uuidToken = "b24c2138-65af-4ed3-8e1d-b85a7dc8171c"
	h = goodHeader()
	h.Set("Authorization", "Bearer "+uuidToken)
	h.Set("X-Request-Id", uuidToken)
	req, err = croschema.LintRequest("GET", "/customers/1/contacts/2", h, nil)
	require.NoError(t, err)
	got = http.Header{}
	req.SetResponseHeaders(got)
	assert.NotEqual(t, uuidToken, got.Get("X-Request-Id"))
	assert.NoError(t, croschema.LintResponse(&req, 404, got, []byte(`{"detail":"Not found."}`)))

	var none *croschema.Request
	got = http.Header{}
	none.SetResponseHeaders(got)
	assert.Equal(t, "2019/02/08", got.Get("X-Api-Version"), "a nil Request: the defaults")
}

// TestCORSListsRequestHeaders: the preflight's Access-Control-Allow-Headers
// names every request header a browser must send, and leaves out only the
// optional headers the documented sample leaves out; a new header rule
// fails here until it is listed or left out on purpose.
func TestCORSListsRequestHeaders(t *testing.T) {
	leftOut := map[string]string{
		"x-api-version": "the sample's list leaves it out: a browser gets the default version",
		"x-request-id":  "the sample's list leaves it out: a browser's request gets a fresh id",
	}
	listed := map[string]bool{}
	for name := range strings.SplitSeq(croschema.CORSAllowHeaders, ",") {
		listed[strings.ToLower(strings.TrimSpace(name))] = true
	}
	for _, r := range croschema.RequestHeaderRules() {
		if _, ok := leftOut[r.Name]; !ok {
			assert.True(t, listed[r.Name], "%s: add it to corsAllowHeaders, or say in this test why browsers need not send it", r.Name)
		}
	}
	assert.True(t, listed["accept"], "the sample lists Accept")
	assert.Len(t, listed, 4, "the sample's list: %q", croschema.CORSAllowHeaders)
}

// locCodes returns "location code" of each violation, in order.
func locCodes(vs croschema.Violations) []string {
	var out []string
	for _, v := range vs {
		out = append(out, v.Location+" "+string(v.Code))
	}
	return out
}

// The status and redaction of Status, for the classes LintRequest makes.
func TestStatusPrecedence(t *testing.T) {
	all := croschema.Violations{
		{Location: "x-request-id", Code: croschema.CodeUUID},
		{Location: "", Code: croschema.CodeMaxLength},
		{Location: "content-encoding", Code: croschema.CodeEnum},
		{Location: "x-tenant-id", Code: croschema.CodeRequired},
		{Location: "authorization", Code: croschema.CodePattern},
		{Location: "method", Code: croschema.CodeMethod},
		{Location: "path", Code: croschema.CodePath},
	}
	want := []int{400, 413, 415, 403, 401, 405, 404}
	for i := range all {
		// the first i+1 violations, in any order, answer as the worst
		vs := slices.Clone(all[:i+1])
		slices.Reverse(vs)
		assert.Equal(t, want[i], croschema.Status(vs), "%v", vs)
	}
	assert.Equal(t, 200, croschema.Status(nil))
}

// TestLintResponseNeverShowsTheToken: a token of digits that a server
// echoes as a contact's id (found by FuzzClientResponse) shows in no
// detail.
func TestLintResponseNeverShowsTheToken(t *testing.T) {
	h := goodHeader()
	h.Set("Authorization", "Bearer 10000000")
	req, err := croschema.LintRequest("GET", "/customers/1/contacts/7", h, nil)
	require.NoError(t, err)
	body := strings.Replace(contact7, `"id":7`, `"id":10000000`, 1)
	err = croschema.LintResponse(&req, 200, apiAnswer(&req), []byte(body))
	require.Equal(t, []string{"/id enum"}, locCodes(violations(err)))
	assert.NotContains(t, err.Error(), "1000")
}

// TestRequestIDHoldingATokenPiece: an x-request-id that holds 4 characters
// in a row of the request's credential, in any letter case, is not echoed
// (no output shows a piece of the token); an id that holds none is.
func TestRequestIDHoldingATokenPiece(t *testing.T) {
	const id = "89cdbff5-afef-4e7b-8ab9-18b8dabed5c9"
	for _, c := range []struct {
		token string
		echo  bool
	}{
		{"Bearer F5-A.x", false},        // "f5-a" stands in the id
		{"Bearer zzzz.yyyy.xxxx", true}, // nothing of it does
		{"Bearer DAB.ed5c.q", false},    // "ed5c" stands in the id
		{"Bearer 1b1f.qq.ww", true},     // "1b1f" is not in the id ("1b8d")
	} {
		h := http.Header{"Authorization": {c.token}, "X-Tenant-Id": {"7"}, "X-Request-Id": {id}}
		req, err := croschema.LintRequest("GET", "/customers/1/contacts/2", h, nil)
		require.NoError(t, err, c.token)
		got := http.Header{}
		req.SetResponseHeaders(got)
		assert.Equal(t, c.echo, got.Get("X-Request-Id") == id, "%s: echoed %q", c.token, got.Get("X-Request-Id"))
		assert.NoError(t, croschema.LintResponse(&req, 404, withBody(got), []byte(`{"detail":"Not found.","explanation":null,"field":null}`)), c.token)
	}
}

// withBody returns h with the content-type of an answer with a body.
func withBody(h http.Header) http.Header {
	h.Set("Content-Type", "application/json")
	return h
}
