package crotest_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/crotest"
)

// fakeTB is a testing.TB that records its failure messages instead of
// failing, so that the tests can check what the helpers say.
type fakeTB struct {
	testing.TB // nil: calling anything else panics
	mu         sync.Mutex
	msgs       []string
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.msgs = append(f.msgs, fmt.Sprintf(format, args...))
}

func (f *fakeTB) messages() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.msgs...)
}

const (
	accessToken = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2ln"
	requestID   = "b24c2138-65af-4ed3-8e1d-b85a7dc8171c"
	contactJSON = `{"email":"shaneduty@gmail.com","fax":null,"id":7,"name":"George",` +
		`"notify_on_acknowledged_request":false,"notify_on_completed_request":true,` +
		`"notify_on_dispatched_request":true,"notify_on_failed_request":true,` +
		`"notify_on_new_request":true,"number":"360-555-1212"}`
)

// apiHeaders sets on h the headers a conforming server answers r with,
// as croschema makes them.
func apiHeaders(h http.Header, r *http.Request) {
	req, _ := croschema.LintRequestHead(r.Method, r.URL.EscapedPath(), r.Header)
	req.SetResponseHeaders(h)
}

// here returns "file:line" of its caller, as crotest names where a
// transport was made.
func here() string {
	_, file, line, _ := runtime.Caller(1)
	return filepath.Base(file) + ":" + strconv.Itoa(line)
}

// answer is what the server of serveAnswer replies: the contract's
// headers, changed by header (a nil value deletes one), then status and
// body.
type answer struct {
	status int
	header http.Header
	body   string
}

// serveAnswer starts a loopback server that answers every request with a.
func serveAnswer(t *testing.T, a answer) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		h := w.Header()
		apiHeaders(h, r)
		for k, v := range a.header {
			if v == nil {
				h.Del(k)
			} else {
				h[k] = v
			}
		}
		status := a.status
		if status == 0 {
			status = 200
		}
		w.WriteHeader(status)
		io.WriteString(w, a.body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestNewTransport(t *testing.T) {
	withFax := strings.Replace(contactJSON, `"fax":null`, `"fax":"555"`, 1)
	withExtra := strings.Replace(contactJSON, `"id":7,`, `"id":7,"extra":1,`, 1)
	tests := []struct {
		name   string
		header http.Header // changes to the request's valid headers
		answer answer
		want   string // the one failure message, "" for none
	}{
		{name: "valid", answer: answer{body: contactJSON}},
		{name: "valid error", answer: answer{status: 404, body: `{"detail":"Not found."}`}},
		{
			name:   "wrong request header",
			header: http.Header{"X-Tenant-Id": {"acme"}},
			answer: answer{status: 400, body: `{"detail":"Not an integer."}`},
			want: "crotest: the API contract is broken:\n" +
				`    GET /customers/1042/contacts/7: request: x-tenant-id: integer: "acme" is not an integer: ASCII digits only, no sign, no spaces`,
		},
		{
			name:   "wrong response header",
			answer: answer{body: contactJSON, header: http.Header{"X-Request-Id": nil}},
			want: "crotest: the API contract is broken:\n" +
				"    GET /customers/1042/contacts/7: response 200: x-request-id: required: missing; the header is required",
		},
		{
			name:   "bad body",
			answer: answer{body: withFax},
			want: "crotest: the API contract is broken:\n" +
				"    GET /customers/1042/contacts/7: response 200: /fax: min_length: 3 characters, at least 7 required",
		},
		{
			name:   "unknown field",
			answer: answer{body: withExtra},
			want: "crotest: the API contract is broken:\n" +
				"    GET /customers/1042/contacts/7: response 200: /extra: unknown_field: unknown field",
		},
		{
			name:   "bad error body",
			answer: answer{status: 404, body: `{"field":"x"}`},
			want: "crotest: the API contract is broken:\n" +
				"    GET /customers/1042/contacts/7: response 404: /detail: required: required key is missing",
		},
		{
			name:   "non-JSON error body",
			answer: answer{status: 503, body: `Service Unavailable`, header: http.Header{"Content-Type": {"text/plain"}}},
			want: "crotest: the API contract is broken:\n" +
				`    GET /customers/1042/contacts/7: response 503: content-type: enum: "text/plain" is not application/json, and the response has a body` + "\n" +
				`    GET /customers/1042/contacts/7: response 503: "": syntax: invalid character 'S' looking for beginning of value at offset 0`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serveAnswer(t, tt.answer)
			ft := &fakeTB{}
			tr, made := crotest.NewTransport(ft, srv.Client().Transport), here()
			hc := &http.Client{Transport: tr}
			req, _ := http.NewRequest("GET", srv.URL+"/customers/1042/contacts/7", nil)
			req.Header.Set("Authorization", "Bearer "+accessToken)
			req.Header.Set("X-Tenant-Id", "1042")
			for k, v := range tt.header {
				req.Header[k] = v
			}
			resp, err := hc.Do(req)
			require.NoError(t, err)
			got, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			assert.Equal(t, tt.answer.body, string(got))

			msgs := ft.messages()
			if tt.want == "" {
				assert.Empty(t, msgs)
				return
			}
			// The failure names where the transport was made: the test's line.
			want := strings.Replace(tt.want, "is broken:", "is broken (transport of "+made+"):", 1)
			assert.Equal(t, []string{want}, msgs)
		})
	}
}

// TestNoTokenInMessages sends a token that breaks the pattern (so that its
// header is reported) to a server that echoes it back as a key of the error
// body, and checks that no failure message shows it.
func TestNoTokenInMessages(t *testing.T) {
	const secret = "s3cr3t-t0ken-value!!"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Api-Version", "2019/02/08")
		w.Header().Set("X-Request-Id", requestID)
		w.WriteHeader(401)
		fmt.Fprintf(w, `{"detail":"bad token","%s":1}`, r.Header.Get("Authorization"))
	}))
	defer srv.Close()

	ft := &fakeTB{}
	hc := &http.Client{Transport: crotest.NewTransport(ft, srv.Client().Transport)}
	req, _ := http.NewRequest("GET", srv.URL+"/customers/1/contacts/2", nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	req.Header.Set("X-Tenant-Id", "1")
	resp, err := hc.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Contains(t, string(body), secret, "the server echoed the token")

	msgs := ft.messages()
	require.Len(t, msgs, 2, "the request's header, the response's body")
	assert.Contains(t, msgs[0], "request: authorization: pattern")
	assert.Contains(t, msgs[1], `response 401: "/Bearer [redacted]": unknown_field`)

	resp.Body = io.NopCloser(strings.NewReader(string(body)))
	resp.Request = req
	assert.False(t, crotest.AssertResponse(ft, croschema.GetContact, resp))
	msgs = ft.messages()
	require.Len(t, msgs, 3)
	assert.Contains(t, msgs[2], `"/Bearer [redacted]": unknown_field`)
	for _, m := range msgs {
		assert.NotContains(t, m, secret)
		assert.NotContains(t, m, "s3cr3t")
	}
}

// TestNoTokenPieceInMessages checks that a server that echoes a piece of
// the token (a detail cut at 64 bytes, the token upper-cased) gets no
// piece of it into a failure message, from NewTransport or AssertResponse.
func TestNoTokenPieceInMessages(t *testing.T) {
	const secret = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiIsInNjb3BlIjoiY29udGFjdHMifQ.c2lnbmF0dXJl"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cred := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		w.Header().Set("X-Api-Version", "2019/02/08")
		w.Header().Set("X-Request-Id", cred[:36]) // a uuid violation quotes it
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		io.WriteString(w, strings.Replace(contactJSON, `"shaneduty@gmail.com"`, `"`+strings.ToUpper(cred)+`"`, 1))
	}))
	defer srv.Close()

	ft := &fakeTB{}
	hc := &http.Client{Transport: crotest.NewTransport(ft, srv.Client().Transport)}
	req, _ := http.NewRequest("GET", srv.URL+"/customers/1/contacts/2", nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	req.Header.Set("X-Tenant-Id", "1")
	resp, err := hc.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(strings.NewReader(string(body)))
	resp.Request = req
	assert.False(t, crotest.AssertResponse(ft, croschema.GetContact, resp))

	// A path that holds a piece of the token, in the message's head.
	bad := httptest.NewRequest("GET", "/customers/"+secret[:30]+"/contacts/2", nil)
	bad.Header = req.Header
	assert.False(t, crotest.AssertResponse(ft, croschema.GetContact,
		&http.Response{StatusCode: 299, Header: http.Header{}, Body: http.NoBody, Request: bad}))

	msgs := ft.messages()
	require.Len(t, msgs, 3, "the response's header and body, twice; the path")
	msgs, last := msgs[:2], msgs[2]
	require.Contains(t, last, "response to GET /customers/[redacted]/contacts/2")
	for _, m := range msgs {
		assert.Contains(t, m, "x-request-id: uuid")
		assert.Contains(t, m, "/email: email")
		for i := 0; i+4 <= len(secret); i++ {
			if run := secret[i : i+4]; strings.Contains(m, run) || strings.Contains(m, strings.ToUpper(run)) {
				t.Errorf("%q holds %q of the token", m, run)
				break
			}
		}
	}
}

// TestTransportWithClient runs a crohttp.Client over the transport on a
// real testing.T: valid traffic must not fail it.
func TestTransportWithClient(t *testing.T) {
	srv := serveAnswer(t, answer{body: contactJSON})
	c := crohttp.NewClient(srv.URL, croschema.NewBearerToken(accessToken), 1042,
		crohttp.WithHTTPClient(&http.Client{Transport: crotest.NewTransport(t, srv.Client().Transport)}))
	got, err := c.UpdateContact(context.Background(), 1042, 7, croschema.UpdateCustomerContact{Fax: croschema.SetNull[string]()})
	require.NoError(t, err)
	assert.Equal(t, "George", got.Name)
}

func TestAssertValid(t *testing.T) {
	ft := &fakeTB{}
	assert.True(t, crotest.AssertValid(ft, croschema.ModelCustomerContact, []byte(contactJSON)))
	assert.True(t, crotest.AssertValid(ft, croschema.ModelCreateCustomerContact, []byte(`{}`)))
	assert.Empty(t, ft.messages())

	assert.False(t, crotest.AssertValid(ft, croschema.ModelUpdateCustomerContact, []byte(`{"fax":"555","Name":1}`), "contact %d", 7))
	assert.Equal(t, []string{"crotest: not a valid UpdateCustomerContactModel document:\n" +
		"    /Name: unknown_field: unknown field\n" +
		"    /fax: min_length: 3 characters, at least 7 required\n" +
		"    message: contact 7"}, ft.messages())
}

func TestAssertViolations(t *testing.T) {
	body := []byte(`{"email":"a@,b@","fax":"555"}`)
	m := croschema.ModelCreateCustomerContact
	ft := &fakeTB{}
	assert.True(t, crotest.AssertViolations(ft, m, body, []crotest.Want{
		{"/fax", croschema.CodeMinLength}, {"/email", croschema.CodeEmail},
	}), "order and duplicates do not matter")
	assert.True(t, crotest.AssertViolations(ft, m, []byte(`{}`), nil))
	assert.Empty(t, ft.messages())

	assert.False(t, crotest.AssertViolations(ft, m, body, []crotest.Want{
		{"/fax", croschema.CodeMaxLength}, {"/email", croschema.CodeEmail}, {"", croschema.CodeSyntax},
	}))
	assert.False(t, crotest.AssertViolations(ft, m, []byte(`{}`), []crotest.Want{{"/name", croschema.CodeRequired}}, "wanted"))
	assert.Equal(t, []string{
		"crotest: the violations of the CreateCustomerContactModel document differ:\n" +
			"    missing:    /fax max_length\n" +
			"    missing:    \"\" syntax\n" +
			"    unexpected: /fax: min_length: 3 characters, at least 7 required",
		"crotest: the violations of the CreateCustomerContactModel document differ:\n" +
			"    missing:    /name required\n" +
			"    message: wanted",
	}, ft.messages())
}

func TestAssertResponse(t *testing.T) {
	tests := []struct {
		name   string
		e      croschema.Endpoint
		method string
		status int
		header func(http.Header) // changes to the conforming headers
		body   string
		want   []string // "location: code" of each line of the message, after its head
	}{
		{name: "contact", e: croschema.GetContact, status: 200, body: contactJSON},
		{name: "created", e: croschema.CreateContact, status: 200, body: contactJSON,
			header: func(h http.Header) { h.Set("Location", "/customers/1/contacts/7") }},
		{name: "not found", e: croschema.GetContact, status: 404, body: `{"detail":"Not found."}`},
		{name: "unauthorized", e: croschema.UpdateContact, status: 401, header: func(h http.Header) { h.Set("Www-Authenticate", "Bearer") },
			body: `{"detail":"Unauthorized","field":null,"explanation":null}`},
		{name: "HEAD", e: croschema.GetContact, method: "HEAD", status: 200},

		// A server error is an answer the contract allows (crohttp's test mode
		// and crolint serve's 507 agree), but only with the error body.
		{name: "server error", e: croschema.GetContact, status: 500, body: `{"detail":"boom"}`},
		{name: "server error without the error body", e: croschema.GetContact, status: 503, body: `{"status":"down"}`,
			want: []string{"/status: unknown_field", "/detail: required"}},
		{name: "a redirect", e: croschema.GetContact, status: 302, body: `{"detail":"moved"}`, want: []string{"status: enum"}},
		{name: "401 without www-authenticate", e: croschema.GetContact, status: 401, body: `{"detail":"no"}`,
			header: func(h http.Header) { h.Del("Www-Authenticate") }, want: []string{"www-authenticate: required"}},
		{name: "405 without allow", e: croschema.GetContact, method: "DELETE", status: 405, body: `{"detail":"no"}`,
			header: func(h http.Header) { h.Del("Allow") }, want: []string{"allow: required"}},
		{name: "wrong headers", e: croschema.GetContact, status: 200, body: contactJSON,
			header: func(h http.Header) { h.Set("X-Request-Id", "1"); h.Set("Content-Type", "text/plain") },
			want:   []string{"x-request-id: uuid", "content-type: enum"}},
		{name: "bad body", e: croschema.UpdateContact, status: 200, body: `{"id":7}`, want: requiredContactKeys()},
		{name: "bad error body", e: croschema.CreateContact, status: 400, body: `{"detail":null}`,
			want: []string{"/detail: null"}},
		{name: "HEAD with a body", e: croschema.GetContact, method: "HEAD", status: 200, body: contactJSON,
			want: []string{`"": syntax`}},
		// RULES.md "Serving the API": OPTIONS gets 204, with Allow, no body.
		{name: "OPTIONS", e: croschema.UpdateContact, method: "OPTIONS", status: 204},
		{name: "OPTIONS without allow", e: croschema.UpdateContact, method: "OPTIONS", status: 204,
			header: func(h http.Header) { h.Del("Allow") }, want: []string{"allow: required"}},
		{name: "OPTIONS with a body", e: croschema.UpdateContact, method: "OPTIONS", status: 204, body: `{}`,
			want: []string{"content-type: required", `"": syntax`}},
		{name: "OPTIONS answered 200", e: croschema.GetContact, method: "OPTIONS", status: 200, body: contactJSON,
			want: []string{"status: enum", "content-type: required"}},
		{name: "204 to a GET", e: croschema.GetContact, status: 204, want: []string{"status: enum"}},
		{name: "body without content-type", e: croschema.GetContact, status: 200, body: contactJSON,
			header: func(h http.Header) { h.Del("Content-Type") }, want: []string{"content-type: required"}},
		{name: "another contact", e: croschema.GetContact, status: 200, body: strings.Replace(contactJSON, `"id":7`, `"id":1`, 1),
			want: []string{"/id: enum"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := tt.method
			if method == "" {
				method = tt.e.Method()
			}
			path := tt.e.PathFor(croschema.PathParams{CustomerID: 1, CustomerContactID: 7})
			req := httptest.NewRequest(method, path, nil)
			req.Header.Set("Authorization", "Bearer "+accessToken)
			req.Header.Set("X-Tenant-Id", "1")
			rec := httptest.NewRecorder()
			apiHeaders(rec.Header(), req)
			if tt.status == 401 {
				rec.Header().Set("Www-Authenticate", "Bearer")
			}
			if tt.body == "" {
				rec.Header().Del("Content-Type")
			}
			if tt.header != nil {
				tt.header(rec.Header())
			}
			rec.WriteHeader(tt.status)
			io.WriteString(rec, tt.body)
			resp := rec.Result()
			resp.Request = req

			ft := &fakeTB{}
			ok := crotest.AssertResponse(ft, tt.e, resp)
			again, _ := io.ReadAll(resp.Body)
			assert.Equal(t, tt.body, string(again), "the body is re-readable")
			if tt.want == nil {
				assert.True(t, ok)
				assert.Empty(t, ft.messages())
				return
			}
			assert.False(t, ok)
			msgs := ft.messages()
			require.Len(t, msgs, 1)
			lines := strings.Split(msgs[0], "\n    ")
			assert.Equal(t, fmt.Sprintf("crotest: the %d response to %s %s does not conform:", tt.status, method, path), lines[0])
			var got []string
			for _, l := range lines[1:] {
				loc, rest, _ := strings.Cut(l, ": ")
				code, _, _ := strings.Cut(rest, ": ")
				got = append(got, loc+": "+code)
			}
			assert.Equal(t, tt.want, got, "%s", msgs[0])
		})
	}
}

// TestAssertResponseNoRequest: without resp.Request, the endpoint's method
// on its path template is all that is known.
func TestAssertResponseNoRequest(t *testing.T) {
	h := http.Header{"X-Api-Version": {"2019/02/08"}, "X-Request-Id": {requestID}, "Content-Type": {"application/json"},
		"Access-Control-Allow-Origin": {"*"}, "Access-Control-Allow-Headers": {"Authorization, Accept, X-TENANT-ID, Content-Type"},
		"Access-Control-Allow-Methods": {"GET,PATCH"}}
	ft := &fakeTB{}
	assert.True(t, crotest.AssertResponse(ft, croschema.GetContact,
		&http.Response{StatusCode: 200, Header: h, Body: io.NopCloser(strings.NewReader(contactJSON))}))
	assert.False(t, crotest.AssertResponse(ft, croschema.GetContact,
		&http.Response{StatusCode: 302, Header: h, Body: http.NoBody}))
	assert.False(t, crotest.AssertResponse(ft, croschema.GetContact, nil))
	assert.Len(t, ft.messages(), 2)
}

// requiredContactKeys are the violations of a CustomerContactModel that
// has only its id.
func requiredContactKeys() []string {
	var out []string
	for _, r := range croschema.ModelCustomerContact.Rules() {
		if r.Required && r.Key != "id" {
			out = append(out, "/"+r.Key+": required")
		}
	}
	return out
}

// TestTransportHoldsNoReadableToken: the transport remembers the tokens it
// has sent (to remove them from its messages), and a test that prints it,
// or an http.Client holding it, with any reflection-based printer (fmt,
// testify's failure output, which follows pointers) must not show them.
func TestTransportHoldsNoReadableToken(t *testing.T) {
	const secret = "s3cr3tXYZ.t0ken.value"
	srv := serveAnswer(t, answer{body: contactJSON})
	ft := &fakeTB{}
	// The base is a func, which printers show as an address: spew would
	// otherwise walk into the live connections of srv's transport.
	base := roundTripFunc(srv.Client().Transport.RoundTrip)
	hc := &http.Client{Transport: crotest.NewTransport(ft, base)}
	req, _ := http.NewRequest("GET", srv.URL+"/customers/1/contacts/1", nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	req.Header.Set("X-Tenant-Id", "1")
	resp, err := hc.Do(req)
	require.NoError(t, err)
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()

	printed := []string{fmt.Sprintf("%+v", hc.Transport), fmt.Sprintf("%#v", hc.Transport)}
	other := &http.Client{Transport: crotest.NewTransport(ft, base)}
	var diff failures
	assert.Equal(&diff, other, hc) // testify's diff of the two clients, pointers followed
	require.NotEmpty(t, diff, "the clients differ")
	printed = append(printed, diff...)
	for _, p := range printed {
		for i := 0; i+4 <= len(secret); i++ {
			if run := secret[i : i+4]; strings.Contains(p, run) {
				t.Errorf("%q of the token is in %q", run, p)
			}
		}
	}
}

// failures is an assert.TestingT that keeps its failure messages.
type failures []string

func (f *failures) Errorf(format string, args ...any) { *f = append(*f, fmt.Sprintf(format, args...)) }

// roundTripFunc is an http.RoundTripper made of a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestAssertResponseInert: the failure message escapes the request's
// method, which the test may have set to anything.
func TestAssertResponseInert(t *testing.T) {
	ft := &fakeTB{}
	req := httptest.NewRequest("GET", "/customers/1/contacts/2", nil)
	req.Method = "GET\x1b[2J"
	resp := &http.Response{StatusCode: 299, Header: http.Header{}, Body: http.NoBody, Request: req}
	assert.False(t, crotest.AssertResponse(ft, croschema.GetContact, resp))
	msgs := ft.messages()
	require.Len(t, msgs, 1)
	assert.NotContains(t, msgs[0], "\x1b")
	assert.Contains(t, msgs[0], `response to GET\x1b[2J /customers/1/contacts/2`)
}
