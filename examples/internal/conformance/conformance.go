// Package conformance is the one table of requests that every framework
// example is tested with: each request, the status and body RULES.md "Serving
// the API" gives it, and what a server that binds without the strict lint
// answers instead where that differs.
package conformance

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/examples/internal/contacts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A Case is one request and the answer the API gives it.
type Case struct {
	Name         string
	Method, Path string
	Header       http.Header // set over the defaults (a Dispatcher's token, tenant 77, JSON); "" deletes
	Body         string

	Status  int
	Resp    string            // the exact response body; "" for none
	Headers map[string]string // response headers the case checks, besides those of every response

	// Binding is the answer of a server that binds the body without
	// linting it first, where it differs from the API's: what gin's and
	// echo's binding miss. Why says what is missed.
	Binding *Answer
}

// An Answer is a status and a response body.
type Answer struct {
	Status int
	Resp   string
	Why    string
}

// Mode says which answers a server gives.
type Mode int

const (
	Conforming  Mode = iota // the API's answer to every case
	BindingOnly             // the Binding answer where a case has one
)

// The paths and the documented sample contact (contact 1 of customer 1042
// in contacts.NewStore).
const (
	Contact    = "/customers/1042/contacts/1"
	Collection = "/customers/1042/contacts"
	SampleJSON = `{"email":"shaneduty@gmail.com","fax":null,"id":1,"name":"George","notify_on_acknowledged_request":false,"notify_on_completed_request":true,"notify_on_dispatched_request":true,"notify_on_failed_request":true,"notify_on_new_request":true,"number":"360-555-1212"}`
	requestID  = "b24c2138-65af-4ed3-8e1d-b85a7dc8171c"
)

func hdr(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	return h
}

// Cases is the table, in the order of the status table of RULES.md "Serving the API".
var Cases = []Case{
	// 404 and 405: the request line.
	{Name: "unknown path", Method: "GET", Path: "/customers/1042/contact", Status: 404,
		Resp: `{"detail":"\"/customers/1042/contact\" names no endpoint","explanation":null,"field":"RequestLine.path"}`},
	{Name: "DELETE on a contact", Method: "DELETE", Path: Contact, Status: 405,
		Resp: `{"detail":"\"DELETE\" is not allowed on /customers/{customer_id}/contacts/{customer_contact_id}; allowed: GET, PATCH","explanation":null,"field":"RequestLine.method"}`, Headers: map[string]string{"Allow": "GET,PATCH"}},
	{Name: "PUT on the collection", Method: "PUT", Path: Collection, Body: `{}`, Status: 405,
		Resp: `{"detail":"\"PUT\" is not allowed on /customers/{customer_id}/contacts; allowed: POST","explanation":null,"field":"RequestLine.method"}`, Headers: map[string]string{"Allow": "POST"}},
	{Name: "OPTIONS needs no token", Method: "OPTIONS", Path: Contact, Header: hdr("Authorization", "", "X-Tenant-Id", ""),
		Status: 204, Headers: map[string]string{"Allow": "GET,PATCH", "Access-Control-Allow-Methods": "GET,PATCH"}},

	// 401 and 403: who calls.
	{Name: "no authorization", Method: "GET", Path: Contact, Header: hdr("Authorization", ""), Status: 401,
		Resp: `{"detail":"missing; the header is required","explanation":null,"field":"StandardRequestHeadersModel.authorization"}`, Headers: map[string]string{"Www-Authenticate": "Bearer"}},
	{Name: "authorization not a bearer token", Method: "GET", Path: Contact, Header: hdr("Authorization", "Basic Z2VvcmdlOnNlY3JldA=="), Status: 401,
		Resp: `{"detail":"does not match ^bearer [a-z0-9-_=]+.[a-z0-9-_=]+.?[a-z0-9-_.+/=]*$ (any letter case); the 26-character value is not shown","explanation":null,"field":"StandardRequestHeadersModel.authorization"}`, Headers: map[string]string{"Www-Authenticate": "Bearer"}},
	{Name: "a revoked token", Method: "GET", Path: Contact, Header: hdr("Authorization", "Bearer "+contacts.RevokedToken), Status: 401,
		Resp: `{"detail":"the bearer token is not accepted","explanation":null,"field":"StandardRequestHeadersModel.authorization"}`, Headers: map[string]string{"Www-Authenticate": "Bearer"}},
	{Name: "401 says nothing of the body", Method: "PATCH", Path: Contact, Header: hdr("Authorization", ""), Body: `{"Name": 1}`, Status: 401,
		Resp: `{"detail":"missing; the header is required","explanation":null,"field":"StandardRequestHeadersModel.authorization"}`},
	{Name: "no x-tenant-id", Method: "GET", Path: Contact, Header: hdr("X-Tenant-Id", ""), Status: 403,
		Resp: `{"detail":"missing; the header is required","explanation":null,"field":"StandardRequestHeadersModel.x-tenant-id"}`},
	{Name: "a tenant the caller may not use", Method: "GET", Path: Contact, Header: hdr("X-Tenant-Id", "99"), Status: 403,
		Resp: `{"detail":"the caller may not use this tenant","explanation":null,"field":"StandardRequestHeadersModel.x-tenant-id"}`},
	{Name: "a Driver may not PATCH", Method: "PATCH", Path: Contact, Header: hdr("Authorization", "Bearer "+contacts.DriverToken), Body: `{}`, Status: 403,
		Resp: `{"detail":"role Driver may not call Update Contact","explanation":null,"field":null}`},

	// 415 and 413: the body's envelope.
	{Name: "POST as text/plain", Method: "POST", Path: Collection, Header: hdr("Content-Type", "text/plain"), Body: `{"name":"Ann"}`, Status: 415,
		Resp: `{"detail":"\"text/plain\" is not application/json, which a request with a body must send","explanation":null,"field":"StandardRequestHeadersModel.content-type"}`},
	{Name: "a body over 1 MiB", Method: "POST", Path: Collection, Body: `{"name":"` + strings.Repeat("a", 1<<20) + `"}`, Status: 413,
		Resp: `{"detail":"the body is larger than 1048576 bytes","explanation":null,"field":"CreateCustomerContactModel"}`},

	// 400: headers and path parameters.
	{Name: "x-tenant-id not an integer", Method: "GET", Path: Contact, Header: hdr("X-Tenant-Id", "seventy"), Status: 400,
		Resp: `{"detail":"\"seventy\" is not an integer: ASCII digits only, no sign, no spaces","explanation":null,"field":"StandardRequestHeadersModel.x-tenant-id"}`},
	{Name: "customer_id not an integer", Method: "GET", Path: "/customers/acme/contacts/1", Status: 400,
		Resp: `{"detail":"\"acme\" is not an integer: ASCII digits only, no sign, no spaces","explanation":null,"field":"RequestLine.customer_id"}`},
	{Name: "a header and the body", Method: "PATCH", Path: Contact, Header: hdr("X-Request-Id", "42"), Body: `{"fax":"555"}`, Status: 400,
		Resp: `{"detail":"\"42\" is not a UUID in the 8-4-4-4-12 hexadecimal form","explanation":"StandardRequestHeadersModel.x-request-id: uuid: \"42\" is not a UUID in the 8-4-4-4-12 hexadecimal form; UpdateCustomerContactModel.fax: min_length: 3 characters, at least 7 required","field":"StandardRequestHeadersModel.x-request-id"}`,
		Binding: &Answer{400, `{"detail":"\"42\" is not a UUID in the 8-4-4-4-12 hexadecimal form","explanation":null,"field":"StandardRequestHeadersModel.x-request-id"}`,
			"the middleware answers the headers before the handler binds the body: the explanation does not list the body's"}},

	// 400: value rules, which binding sees through croschema's tags.
	{Name: "Create: fax too short, no name", Method: "POST", Path: Collection, Body: `{"fax":"555"}`, Status: 400,
		Resp: `{"detail":"3 characters, at least 7 required","explanation":"CreateCustomerContactModel.fax: min_length: 3 characters, at least 7 required; CreateCustomerContactModel.name: required: missing; a stored contact has a name of 1 to 128 characters","field":"CreateCustomerContactModel.fax"}`,
		Binding: &Answer{400, `{"detail":"3 characters, at least 7 required","explanation":null,"field":"CreateCustomerContactModel.fax"}`,
			"binding fails on the fax before the handler learns the Create has no name"}},
	{Name: "Create: no name", Method: "POST", Path: Collection, Body: `{}`, Status: 400,
		Resp: `{"detail":"missing; a stored contact has a name of 1 to 128 characters","explanation":null,"field":"CreateCustomerContactModel.name"}`},
	{Name: "Create: empty name", Method: "POST", Path: Collection, Body: `{"name":""}`, Status: 400,
		Resp: `{"detail":"0 characters, at least 1 required","explanation":null,"field":"CreateCustomerContactModel.name"}`},
	{Name: "Create: null name", Method: "POST", Path: Collection, Body: `{"name":null}`, Status: 400,
		Resp: `{"detail":"must not be null","explanation":null,"field":"CreateCustomerContactModel.name"}`},
	{Name: "Create: not an email", Method: "POST", Path: Collection, Body: `{"name":"Ann","email":"not-an-email"}`, Status: 400,
		Resp: `{"detail":"item 1 is not a valid email address: \"not-an-email\"","explanation":null,"field":"CreateCustomerContactModel.email"}`},
	{Name: "Update: several rules, in table order", Method: "PATCH", Path: Contact, Body: `{"number":"","notify_on_new_request":null,"email":"a@example.com,"}`, Status: 400,
		Resp: `{"detail":"item 2 is empty","explanation":"UpdateCustomerContactModel.email: email: item 2 is empty; UpdateCustomerContactModel.notify_on_new_request: null: must not be null; UpdateCustomerContactModel.number: min_length: 0 characters, at least 1 required","field":"UpdateCustomerContactModel.email"}`},

	// 400: what the decoders reject.
	{Name: "not JSON", Method: "PATCH", Path: Contact, Body: `{"name":`, Status: 400,
		Resp: `{"detail":"unexpected end of input looking for beginning of value at offset 8","explanation":null,"field":"UpdateCustomerContactModel"}`,
		Binding: &Answer{400, `{"detail":"the body ends inside a JSON value","explanation":null,"field":null}`,
			"encoding/json stops before the model's decoder: crovalidator.Violations says what it can"}},
	{Name: "an array", Method: "PATCH", Path: Contact, Body: `[]`, Status: 400,
		Resp: `{"detail":"body must be a JSON object, got array","explanation":null,"field":"UpdateCustomerContactModel"}`},
	{Name: "an empty body", Method: "PATCH", Path: Contact, Header: hdr("Content-Type", "application/json"), Status: 400,
		Resp: `{"detail":"unexpected end of input looking for beginning of value at offset 0","explanation":null,"field":"UpdateCustomerContactModel"}`,
		Binding: &Answer{400, `{"detail":"the body is empty","explanation":null,"field":null}`,
			"encoding/json stops before the model's decoder: crovalidator.Violations says what it can"}},
	{Name: "Create: a number for a name, and more", Method: "POST", Path: Collection, Body: `{"name":5,"fax":"555"}`, Status: 400,
		Resp: `{"detail":"want string, got number","explanation":"CreateCustomerContactModel.name: type: want string, got number; CreateCustomerContactModel.fax: min_length: 3 characters, at least 7 required","field":"CreateCustomerContactModel.name"}`,
		Binding: &Answer{400, `{"detail":"want string, got number","explanation":null,"field":"CreateCustomerContactModel.name"}`,
			"decoding stops at the first value it cannot decode: the keys after it are not checked"}},
	{Name: "a number for a name", Method: "PATCH", Path: Contact, Body: `{"name":5}`, Status: 400,
		Resp: `{"detail":"want string, got number","explanation":null,"field":"UpdateCustomerContactModel.name"}`},
	{Name: "yes is no boolean", Method: "PATCH", Path: Contact, Body: `{"notify_on_new_request":"yes"}`, Status: 400,
		Resp: `{"detail":"want true, false, 0, 1 or a string \"0\", \"1\", \"true\", \"false\" in any letter case, got \"yes\"","explanation":null,"field":"UpdateCustomerContactModel.notify_on_new_request"}`},

	// 400: what only the strict lint sees.
	{Name: "an unknown key", Method: "PATCH", Path: Contact, Body: `{"Name":"Ann"}`, Status: 400,
		Resp:    `{"detail":"Unknown field.","explanation":null,"field":"UpdateCustomerContactModel.Name"}`,
		Binding: &Answer{200, SampleJSON, "encoding/json ignores unknown keys"}},
	{Name: "a duplicate key", Method: "PATCH", Path: Contact, Body: `{"name":"Ann","name":"Bob"}`, Status: 400,
		Resp:    `{"detail":"key given more than once; the first value is kept","explanation":null,"field":"UpdateCustomerContactModel.name"}`,
		Binding: &Answer{200, strings.Replace(SampleJSON, `"George"`, `"Bob"`, 1), "encoding/json keeps the last of duplicate keys"}},
	{Name: "invalid UTF-8", Method: "PATCH", Path: Contact, Body: "{\"name\":\"Ann\xff\"}", Status: 400,
		Resp:    `{"detail":"string is not valid UTF-8 (invalid bytes or an unpaired surrogate escape)","explanation":null,"field":"UpdateCustomerContactModel.name"}`,
		Binding: &Answer{200, strings.Replace(SampleJSON, `"George"`, "\"Ann\uFFFD\"", 1), "encoding/json replaces invalid UTF-8 with U+FFFD"}},
	{Name: "data after the document", Method: "PATCH", Path: Contact, Body: `{"name":"Ann"} {"name":"Bob"}`, Status: 400,
		Resp:    `{"detail":"invalid character '{' after top-level value at offset 15","explanation":null,"field":"UpdateCustomerContactModel"}`,
		Binding: &Answer{200, strings.Replace(SampleJSON, `"George"`, `"Ann"`, 1), "json.Decoder reads the first value only"}},

	// 404 for what does not exist, 200 for the rest.
	{Name: "no such contact", Method: "GET", Path: "/customers/1042/contacts/7", Status: 404,
		Resp: `{"detail":"Customer contact 7 of customer 1042 not found.","explanation":null,"field":null}`},
	{Name: "PATCH no such contact", Method: "PATCH", Path: "/customers/1042/contacts/7", Body: `{}`, Status: 404,
		Resp: `{"detail":"Customer contact 7 of customer 1042 not found.","explanation":null,"field":null}`},
	{Name: "Get", Method: "GET", Path: Contact, Status: 200, Resp: SampleJSON},
	{Name: "Get, with the sample's trailing slash", Method: "GET", Path: Contact + "/", Status: 200, Resp: SampleJSON},
	{Name: "HEAD", Method: "HEAD", Path: Contact, Status: 200},
	{Name: "a Driver may Get", Method: "GET", Path: Contact, Header: hdr("Authorization", "Bearer "+contacts.DriverToken), Status: 200, Resp: SampleJSON},
	{Name: "Create", Method: "POST", Path: Collection, Body: `{"name":"Ann","fax":"555-1234","notify_on_new_request":"TRUE"}`, Status: 200,
		Resp:    `{"email":null,"fax":"555-1234","id":2,"name":"Ann","notify_on_acknowledged_request":false,"notify_on_completed_request":false,"notify_on_dispatched_request":false,"notify_on_failed_request":false,"notify_on_new_request":true,"number":null}`,
		Headers: map[string]string{"Location": "/customers/1042/contacts/2"}},
	{Name: "Create without content-type", Method: "POST", Path: Collection, Header: hdr("Content-Type", ""), Body: `{"name":"Ann"}`, Status: 200,
		Resp:    `{"email":null,"fax":null,"id":2,"name":"Ann","notify_on_acknowledged_request":false,"notify_on_completed_request":false,"notify_on_dispatched_request":false,"notify_on_failed_request":false,"notify_on_new_request":false,"number":null}`,
		Headers: map[string]string{"Location": "/customers/1042/contacts/2"}},
	{Name: "Update: null clears, absent leaves, booleans in string forms", Method: "PATCH", Path: Contact, Body: `{"email":null,"notify_on_new_request":"0","notify_on_acknowledged_request":"TRUE"}`, Status: 200,
		Resp: `{"email":null,"fax":null,"id":1,"name":"George","notify_on_acknowledged_request":true,"notify_on_completed_request":true,"notify_on_dispatched_request":true,"notify_on_failed_request":true,"notify_on_new_request":false,"number":"360-555-1212"}`},
	{Name: "Update nothing", Method: "PATCH", Path: Contact, Body: `{}`, Status: 200, Resp: SampleJSON},
	{Name: "x-request-id and x-api-version are echoed", Method: "GET", Path: Contact, Header: hdr("X-Request-Id", requestID, "X-Api-Version", "2023/04/19"), Status: 200,
		Resp: SampleJSON, Headers: map[string]string{"X-Request-Id": requestID, "X-Api-Version": "2023/04/19"}},
}

// Run sends every case to a new server from newServer (a fresh store each
// time: contacts.NewStore) on 127.0.0.1 and checks its answer: the status,
// the exact body, the case's headers, and everything croschema.LintResponse
// checks of an answer to that request (the headers every answer carries,
// their echoes, the body by status, Location, no echo of the token).
func Run(t *testing.T, newServer func() http.Handler, mode Mode) {
	for _, tc := range Cases {
		t.Run(tc.Name, func(t *testing.T) {
			srv := httptest.NewServer(newServer())
			defer srv.Close()
			req, err := http.NewRequest(tc.Method, srv.URL+tc.Path, bytes.NewBufferString(tc.Body))
			require.NoError(t, err)
			req.Header.Set("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl")
			req.Header.Set("X-Tenant-Id", "77")
			if tc.Body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			for k, v := range tc.Header {
				if v[0] == "" {
					req.Header.Del(k)
				} else {
					req.Header[k] = v
				}
			}
			resp, err := srv.Client().Do(req)
			require.NoError(t, err)
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			require.NoError(t, err)

			status, want := tc.Status, tc.Resp
			if mode == BindingOnly && tc.Binding != nil {
				status, want = tc.Binding.Status, tc.Binding.Resp
			}
			assert.Equal(t, status, resp.StatusCode, "status; body %s", body)
			assert.Equal(t, want, string(body), "body")
			for k, v := range tc.Headers {
				assert.Equal(t, v, resp.Header.Get(k), "header %s", k)
			}
			// The answer conforms as croschema.LintResponse judges it
			// against the request (for binding alone, but where a case
			// says binding answers otherwise).
			if mode == BindingOnly && tc.Binding != nil {
				return
			}
			lr, _ := croschema.LintRequest(tc.Method, tc.Path, req.Header, []byte(tc.Body))
			assert.NoError(t, croschema.LintResponse(&lr, resp.StatusCode, resp.Header, body), "the answer")
		})
	}
}

// Succeeds returns the endpoints that no case of Cases shows answered with
// its success status: a row added to croschema's endpoint table needs a
// case, and every example a route, before the examples pass.
func Succeeds() []croschema.Endpoint {
	var missing []croschema.Endpoint
	for _, e := range croschema.Endpoints() {
		found := false
		for _, tc := range Cases {
			got, _, err := croschema.MatchEndpoint(tc.Method, tc.Path)
			found = found || err == nil && got == e && tc.Status == e.SuccessStatus()
		}
		if !found {
			missing = append(missing, e)
		}
	}
	return missing
}
