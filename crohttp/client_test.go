package crohttp_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
)

// The test double of the API in this file answers every request with a
// canned reply that the test sets, so that each way of breaking the
// contract can be planted on its own. (The transport tests use it too.)

// docContactJSON is the documented sample response body, as contact 7,
// the contact the tests ask for (a Client checks that it gets the contact
// it asked for).
const docContactJSON = `{"email":"shaneduty@gmail.com","fax":null,"id":7,"name":"George",` +
	`"notify_on_acknowledged_request":false,"notify_on_completed_request":true,` +
	`"notify_on_dispatched_request":true,"notify_on_failed_request":true,` +
	`"notify_on_new_request":true,"number":"360-555-1212"}`

// docContact is docContactJSON decoded.
var docContact = croschema.CustomerContact{
	Email:                       croschema.NewNullString("shaneduty@gmail.com"),
	ID:                          7,
	Name:                        "George",
	NotifyOnCompletedRequest:    true,
	NotifyOnDispatchedRequest:   true,
	NotifyOnFailedRequest:       true,
	NotifyOnNewRequest:          true,
	Number:                      croschema.NewNullString("360-555-1212"),
	NotifyOnAcknowledgedRequest: false,
}

// The credentials the tests send. clientAccessToken must never appear in
// an error or a report.
const (
	clientAccessToken = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2ln"
	clientTenant      = 1042
	replyRequestID    = "0b5e8a1e-8a43-4c1f-9d2e-6f3a0b8c7d21"
)

var clientToken = croschema.NewBearerToken(clientAccessToken)

// reply is what apiDouble answers. Headers are the contract's by default
// (x-api-version, x-request-id, content-type); header entries replace them,
// and an entry with a nil value deletes one.
type reply struct {
	status int // 200 when 0
	header http.Header
	body   string
}

// seenRequest is a request apiDouble got.
type seenRequest struct {
	method, path string
	header       http.Header
	body         []byte
}

// apiDouble is an httptest.Server on loopback that answers every request
// with its reply and records what it got.
type apiDouble struct {
	*httptest.Server
	mu    sync.Mutex
	reply reply
	seen  []seenRequest
}

func newAPIDouble(t *testing.T, r reply) *apiDouble {
	t.Helper()
	d := &apiDouble{reply: r}
	d.Server = httptest.NewServer(http.HandlerFunc(d.serve))
	t.Cleanup(d.Close)
	return d
}

func (d *apiDouble) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	d.mu.Lock()
	d.seen = append(d.seen, seenRequest{r.Method, r.URL.EscapedPath(), r.Header.Clone(), body})
	rp := d.reply
	d.mu.Unlock()

	// The headers a conforming server sends (croschema's own), but for
	// a request without an id, which gets replyRequestID.
	h := w.Header()
	lr, _ := croschema.LintRequestHead(r.Method, r.URL.EscapedPath(), r.Header)
	lr.SetResponseHeaders(h)
	if lr.Headers.RequestID == "" {
		h.Set("X-Request-Id", replyRequestID)
	}
	for k, v := range rp.header {
		if v == nil {
			h.Del(k)
		} else {
			h[http.CanonicalHeaderKey(k)] = v
		}
	}
	if rp.status == 0 {
		rp.status = http.StatusOK
	}
	w.WriteHeader(rp.status)
	io.WriteString(w, rp.body)
}

func (d *apiDouble) requests() []seenRequest {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]seenRequest(nil), d.seen...)
}

// uuidV4 is the form of the request ids a Client makes.
var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestClientSendsExactlyValidRequests(t *testing.T) {
	d := newAPIDouble(t, reply{body: docContactJSON})
	c := crohttp.NewClient(d.URL, clientToken, clientTenant)
	ctx := context.Background()

	got, err := c.GetContact(ctx, 1042, 7)
	require.NoError(t, err)
	assert.Equal(t, docContact, got)

	create := croschema.CreateCustomerContact{Name: croschema.Set("George"), Fax: croschema.SetNull[string]()}
	_, err = c.CreateContact(ctx, 1042, create)
	require.NoError(t, err)

	update := croschema.UpdateCustomerContact{
		Email:              croschema.SetNull[string](),
		NotifyOnNewRequest: croschema.Set(false),
	}
	_, err = c.UpdateContact(ctx, 1042, 7, update)
	require.NoError(t, err)

	seen := d.requests()
	require.Len(t, seen, 3)
	want := []struct{ method, path, body string }{
		{"GET", "/customers/1042/contacts/7", ""},
		{"POST", "/customers/1042/contacts", `{"fax":null,"name":"George"}`},
		{"PATCH", "/customers/1042/contacts/7", `{"email":null,"notify_on_new_request":false}`},
	}
	ids := map[string]bool{}
	for i, w := range want {
		r := seen[i]
		assert.Equal(t, w.method, r.method)
		assert.Equal(t, w.path, r.path)
		assert.Equal(t, w.body, string(r.body))
		_, err := croschema.LintRequestHeaders(r.header, r.method)
		assert.NoError(t, err, "%s %s: request headers", r.method, r.path)
		assert.Equal(t, clientToken.Reveal(), r.header.Get("Authorization"))
		assert.Equal(t, "1042", r.header.Get("X-Tenant-Id"))
		assert.Equal(t, "2019/02/08", r.header.Get("X-Api-Version"))
		assert.Equal(t, "application/json", r.header.Get("Accept"))
		if w.body != "" {
			assert.Equal(t, "application/json", r.header.Get("Content-Type"))
		} else {
			assert.Empty(t, r.header.Values("Content-Type"))
		}
		id := r.header.Get("X-Request-Id")
		assert.Regexp(t, uuidV4, id)
		assert.False(t, ids[id], "request id %s used twice", id)
		ids[id] = true
	}
}

func TestClientBaseURLPath(t *testing.T) {
	d := newAPIDouble(t, reply{body: docContactJSON})
	for _, base := range []string{d.URL + "/cro", d.URL + "/cro/"} {
		c := crohttp.NewClient(base, clientToken, clientTenant)
		_, err := c.GetContact(context.Background(), 1, 7)
		require.NoError(t, err, base)
	}
	for _, r := range d.requests() {
		assert.Equal(t, "/cro/customers/1/contacts/7", r.path)
	}
}

func TestClientOptions(t *testing.T) {
	d := newAPIDouble(t, reply{body: docContactJSON})
	var trips int
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		trips++
		return http.DefaultTransport.RoundTrip(r)
	})}
	c := crohttp.NewClient(d.URL, clientToken, clientTenant,
		crohttp.WithHTTPClient(hc),
		crohttp.WithAPIVersion(croschema.V2023_04_19),
		crohttp.WithRequestIDFunc(func() string { return "B24C2138-65AF-4ED3-8E1D-B85A7DC8171C" }),
	)
	ctx := context.Background()
	_, err := c.GetContact(ctx, 1, 7)
	require.NoError(t, err)
	_, err = c.GetContact(crohttp.ContextWithRequestID(ctx, "b24c2138-65af-4ed3-8e1d-b85a7dc8171c"), 1, 7)
	require.NoError(t, err)

	assert.Equal(t, 2, trips, "requests through WithHTTPClient's transport")
	assert.Equal(t, 2, len(d.requests()))
	seen := d.requests()
	require.Len(t, seen, 2)
	assert.Equal(t, "2023/04/19", seen[0].header.Get("X-Api-Version"))
	assert.Equal(t, "B24C2138-65AF-4ED3-8E1D-B85A7DC8171C", seen[0].header.Get("X-Request-Id"))
	assert.Equal(t, "b24c2138-65af-4ed3-8e1d-b85a7dc8171c", seen[1].header.Get("X-Request-Id"))

	// "" sends no request id at all.
	_, err = c.GetContact(crohttp.ContextWithRequestID(ctx, ""), 1, 7)
	require.NoError(t, err)
	seen = d.requests()
	require.Len(t, seen, 3)
	assert.Empty(t, seen[2].header.Values("X-Request-Id"))

	id, ok := crohttp.RequestIDFromContext(crohttp.ContextWithRequestID(ctx, "x"))
	assert.True(t, ok)
	assert.Equal(t, "x", id)
	_, ok = crohttp.RequestIDFromContext(ctx)
	assert.False(t, ok)
}

// roundTripFunc is an http.RoundTripper made of a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestClientRefusesInvalidRequests checks that a request that would break
// the contract is not sent, and that the error holds its violations.
func TestClientRefusesInvalidRequests(t *testing.T) {
	type call func(context.Context, *crohttp.Client) error
	get := func(cust, id int64) call {
		return func(ctx context.Context, c *crohttp.Client) error {
			_, err := c.GetContact(ctx, cust, id)
			return err
		}
	}
	tooLong := strings.Repeat("é", 129)
	tests := []struct {
		name   string
		token  croschema.BearerToken
		tenant int64
		opts   []crohttp.ClientOption
		ctx    context.Context
		call   call
		want   []string // "location code"
	}{
		{name: "no token", token: croschema.BearerToken{}, call: get(1, 2),
			want: []string{"authorization required"}},
		{name: "token off the pattern", token: croschema.NewBearerToken("no-dots-here!!"), call: get(1, 2),
			want: []string{"authorization pattern"}},
		{name: "negative tenant", tenant: -1, call: get(1, 2),
			want: []string{"x-tenant-id integer"}},
		{name: "negative ids", call: get(-1, -2),
			want: []string{"customer_id integer", "customer_contact_id integer"}},
		{name: "unknown API version", opts: []crohttp.ClientOption{crohttp.WithAPIVersion(99)}, call: get(1, 2),
			want: []string{"x-api-version enum"}},
		{name: "request id from the context", ctx: crohttp.ContextWithRequestID(context.Background(), "{b24c2138-65af-4ed3-8e1d-b85a7dc8171c}"),
			call: get(1, 2), want: []string{"x-request-id uuid"}},
		{name: "request id from the option", opts: []crohttp.ClientOption{crohttp.WithRequestIDFunc(func() string { return "not-a-uuid" })},
			call: get(1, 2), want: []string{"x-request-id uuid"}},
		{name: "create body", call: func(ctx context.Context, c *crohttp.Client) error {
			_, err := c.CreateContact(ctx, 1, croschema.CreateCustomerContact{
				Name: croschema.Set(tooLong), Fax: croschema.Set("555"), NotifyOnNewRequest: croschema.SetNull[bool](),
			})
			return err
		}, want: []string{"/fax min_length", "/name max_length", "/notify_on_new_request null"}},
		{name: "update body", call: func(ctx context.Context, c *crohttp.Client) error {
			_, err := c.UpdateContact(ctx, 1, 2, croschema.UpdateCustomerContact{
				Name: croschema.SetNull[string](), Email: croschema.Set("a@x.com,"),
			})
			return err
		}, want: []string{"/email email", "/name null"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newAPIDouble(t, reply{body: docContactJSON})
			token, tenant, ctx := tt.token, tt.tenant, tt.ctx
			if token.IsZero() && tt.name != "no token" {
				token = clientToken
			}
			if tenant == 0 {
				tenant = clientTenant
			}
			if ctx == nil {
				ctx = context.Background()
			}
			c := crohttp.NewClient(d.URL, token, tenant, tt.opts...)
			err := tt.call(ctx, c)
			var vs croschema.Violations
			require.ErrorAs(t, err, &vs)
			assert.ElementsMatch(t, tt.want, locCodes(vs))
			assert.Contains(t, err.Error(), "request not sent")
			assert.NotContains(t, err.Error(), "no-dots-here")
			assert.Empty(t, d.requests(), "requests sent")
		})
	}
}

// locCodes returns "location code" of each violation.
func locCodes(vs croschema.Violations) []string {
	var out []string
	for _, v := range vs {
		out = append(out, v.Location+" "+string(v.Code))
	}
	return out
}

// TestClientBadBaseURL: a base URL that is not one is a typed error, in
// the package's own words (not url.Parse's, which quote the URL and so a
// password in it).
func TestClientBadBaseURL(t *testing.T) {
	for base, why := range map[string]string{
		"":                            "it has no scheme: want http:// or https://",
		"api.example.com":             "it has no scheme: want http:// or https://",
		"ftp://api.example.com":       "the scheme is not http or https",
		"https://":                    "no host",
		"https://api.example.com?x=1": "it has a query",
		"https://api.example.com#top": "it has a fragment",
		"https://user:s3cret@[::1":    "it does not parse as a URL",
		"http://user:s3cret@api.example.com:port": "it does not parse as a URL",
	} {
		c := crohttp.NewClient(base, clientToken, clientTenant)
		_, err := c.GetContact(context.Background(), 1, 2)
		require.ErrorIs(t, err, crohttp.ErrInvalidBaseURL, base)
		assert.EqualError(t, err, "crohttp: invalid base URL: "+why, base)
	}
}

// TestClientResponses checks the client's result for each way a server can
// answer, conforming or not.
func TestClientResponses(t *testing.T) {
	withFax := strings.Replace(docContactJSON, `"fax":null`, `"fax":"555"`, 1)
	tests := []struct {
		name  string
		reply reply

		want       *croschema.CustomerContact // the contact, nil for an error
		wantAPI    *croschema.APIError        // the API error, when it is one
		wantVs     []string                   // the violations of an invalid 2xx body
		wantReport []string                   // what WithLenientResponses reports; a value then
		wantText   string                     // the error's text, when not ""
	}{
		{name: "valid", reply: reply{body: docContactJSON}, want: &docContact},
		{
			// Headers are the transport's business: a client needs the body.
			name: "wrong response headers",
			reply: reply{body: docContactJSON, header: http.Header{
				"X-Request-Id": {"not-a-uuid"}, "X-Api-Version": nil, "Content-Type": {"text/plain"},
			}},
			want: &docContact,
		},
		{
			name: "unknown field and other boolean forms",
			reply: reply{body: strings.Replace(strings.Replace(docContactJSON, `"id":7,`, `"id":7,"nickname":"G",`, 1),
				`"notify_on_new_request":true`, `"notify_on_new_request":"TRUE"`, 1)},
			want: &docContact,
		},
		{
			name:       "bad body",
			reply:      reply{body: withFax},
			wantVs:     []string{"/fax min_length"},
			wantReport: []string{"/fax min_length"},
			wantText: "crohttp: GET /customers/1042/contacts/7: 200 OK (x-request-id " + replyRequestID +
				"): invalid body: /fax: min_length: 3 characters, at least 7 required",
		},
		{
			name:  "undecodable body",
			reply: reply{body: `{"id": "one"}`},
			// every violation, not only the one the tolerant decoder stopped at
			wantVs: []string{"/id type", "/email required", "/fax required", "/name required",
				"/notify_on_acknowledged_request required", "/notify_on_completed_request required",
				"/notify_on_dispatched_request required", "/notify_on_failed_request required",
				"/notify_on_new_request required", "/number required"},
		},
		{name: "not an object", reply: reply{body: `[]`}, wantVs: []string{" type"}},
		{name: "empty 200", reply: reply{}, wantVs: []string{" syntax"}},
		{
			name: "API error",
			reply: reply{status: 404, body: `{"field": "CustomerContactModel.id", "detail": "No such contact.",` +
				` "explanation": null, "future": 1}`},
			wantAPI: &croschema.APIError{StatusCode: 404, Field: croschema.NewNullString("CustomerContactModel.id"), Detail: "No such contact."},
			wantText: "crohttp: GET /customers/1042/contacts/7: 404 Not Found (x-request-id " + replyRequestID +
				"): CustomerContactModel.id: No such contact.",
		},
		{
			name:    "bad error body",
			reply:   reply{status: 400, body: `{"field": "CustomerContactModel.name", "detail": 5}`},
			wantAPI: &croschema.APIError{StatusCode: 400, Detail: "Bad Request"},
			wantText: "crohttp: GET /customers/1042/contacts/7: 400 Bad Request (x-request-id " + replyRequestID +
				"): a body of 51 bytes (application/json), not the API's error body",
		},
		{
			name: "non-JSON error body",
			reply: reply{status: 502, body: "<html>bad gateway</html>",
				header: http.Header{"Content-Type": {"text/html; charset=utf-8"}, "X-Request-Id": nil}},
			wantAPI:  &croschema.APIError{StatusCode: 502, Detail: "Bad Gateway"},
			wantText: "crohttp: GET /customers/1042/contacts/7: 502 Bad Gateway: a body of 24 bytes (text/html), not the API's error body",
		},
		{
			name:     "empty error body",
			reply:    reply{status: 500},
			wantAPI:  &croschema.APIError{StatusCode: 500, Detail: "Internal Server Error"},
			wantText: "crohttp: GET /customers/1042/contacts/7: 500 Internal Server Error (x-request-id " + replyRequestID + "): an empty body, not the API's error body",
		},
		{
			name:  "a server that echoes the token",
			reply: reply{status: 401, body: `{"detail": "bad token Bearer ` + clientAccessToken + `"}`},
			// The APIError too: errors.As and %+v reach it.
			wantAPI: &croschema.APIError{StatusCode: 401, Detail: "bad token Bearer [redacted]"},
			wantText: "crohttp: GET /customers/1042/contacts/7: 401 Unauthorized (x-request-id " + replyRequestID +
				"): bad token Bearer [redacted]",
		},
		{name: "too large", reply: reply{body: docContactJSON + strings.Repeat(" ", 1<<20)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newAPIDouble(t, tt.reply)
			strict := crohttp.NewClient(d.URL, clientToken, clientTenant)
			var reports []crohttp.Report
			lenient := crohttp.NewClient(d.URL, clientToken, clientTenant,
				crohttp.WithLenientResponses(func(r crohttp.Report) { reports = append(reports, r) }))

			ctx := crohttp.ContextWithRequestID(context.Background(), "") // the double answers replyRequestID
			got, err := strict.GetContact(ctx, 1042, 7)
			lgot, lerr := lenient.GetContact(ctx, 1042, 7)
			if err == nil {
				assert.NotContains(t, tt.name, "too large")
			}
			if tt.want != nil {
				require.NoError(t, err)
				assert.Equal(t, *tt.want, got)
				require.NoError(t, lerr)
				assert.Equal(t, *tt.want, lgot)
				assert.Empty(t, reports)
				return
			}
			require.Error(t, err)
			assert.Equal(t, croschema.CustomerContact{}, got)
			assert.NotContains(t, err.Error(), clientAccessToken)
			var re *crohttp.ResponseError
			require.ErrorAs(t, err, &re)
			status := tt.reply.status
			if status == 0 {
				status = 200
			}
			assert.Equal(t, status, re.StatusCode)
			assert.Equal(t, "GET", re.Method)
			assert.Equal(t, "/customers/1042/contacts/7", re.Path)
			if v, ok := tt.reply.header["X-Request-Id"]; ok && v == nil {
				assert.Empty(t, re.RequestID)
			} else {
				assert.Equal(t, replyRequestID, re.RequestID)
			}
			if tt.wantText != "" {
				assert.Equal(t, tt.wantText, err.Error())
			}

			var ae *croschema.APIError
			if tt.wantAPI != nil {
				require.ErrorAs(t, err, &ae)
				assert.Equal(t, *tt.wantAPI, *ae)
				require.Error(t, lerr, "lenient")
				assert.True(t, errors.As(lerr, &ae), "lenient")
				return
			}
			assert.False(t, errors.As(err, &ae), "an invalid 2xx is not an APIError")
			if tt.wantVs != nil {
				var vs croschema.Violations
				require.ErrorAs(t, err, &vs)
				assert.ElementsMatch(t, tt.wantVs, locCodes(vs))
			}
			if tt.wantReport == nil {
				assert.Error(t, lerr, "lenient")
				assert.Empty(t, reports)
				return
			}
			require.NoError(t, lerr, "lenient")
			assert.NotEqual(t, croschema.CustomerContact{}, lgot)
			require.Len(t, reports, 1)
			r := reports[0]
			assert.Equal(t, crohttp.DirectionResponse, r.Direction)
			assert.Equal(t, croschema.GetContact, r.Endpoint)
			assert.Equal(t, "GET", r.Method)
			assert.Equal(t, "/customers/1042/contacts/7", r.Path)
			assert.Equal(t, 200, r.StatusCode)
			assert.ElementsMatch(t, tt.wantReport, locCodes(r.Violations))
		})
	}
}

func TestClientTransportErrors(t *testing.T) {
	d := newAPIDouble(t, reply{body: docContactJSON})
	c := crohttp.NewClient(d.URL, clientToken, clientTenant)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.GetContact(ctx, 1, 2)
	require.ErrorIs(t, err, context.Canceled)
	assert.NotContains(t, err.Error(), clientAccessToken)

	failing := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Body: io.NopCloser(errReader{}), Header: http.Header{}}, nil
	})}
	c = crohttp.NewClient(d.URL, clientToken, clientTenant, crohttp.WithHTTPClient(failing))
	_, err = c.GetContact(context.Background(), 1, 2)
	var re *crohttp.ResponseError
	require.ErrorAs(t, err, &re)
	assert.ErrorIs(t, err, errBroken)
	assert.Equal(t, "crohttp: GET /customers/1/contacts/2: 200 OK: reading the body: broken", err.Error())
}

var errBroken = errors.New("broken")

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errBroken }

// TestClientBodyRead checks that a Client reads no more than it needs of a
// large error body.
func TestClientBodyRead(t *testing.T) {
	body := &countingReader{r: bytes.NewReader(bytes.Repeat([]byte("x"), 4<<20))}
	hc := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 503, Body: io.NopCloser(body), Header: http.Header{}}, nil
	})}
	c := crohttp.NewClient("http://127.0.0.1:1", clientToken, clientTenant, crohttp.WithHTTPClient(hc),
		crohttp.WithRetry(crohttp.RetryPolicy{})) // a 503 is retried: one try here
	_, err := c.GetContact(context.Background(), 1, 2)
	var ae *croschema.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "Service Unavailable", ae.Detail)
	assert.LessOrEqual(t, body.n, int64(1<<20+1), "bytes read")
	assert.Contains(t, err.Error(), "a body of more than 1048576 bytes")
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// TestClientReportsEveryViolation: a success whose body breaks five value
// rules is reported with all five, not the first (issue 19, item 7), by
// the error and by a lenient Client's report; also when one of them stops
// the tolerant decoding (a boolean "yes"), which leaves no contact to
// return, lenient or not.
func TestClientReportsEveryViolation(t *testing.T) {
	for _, tc := range []struct {
		name, notify string // the value of notify_on_new_request
		want         []string
		decodes      bool
	}{
		{"every value decodes", "null",
			[]string{"/email email", "/fax min_length", "/name max_length", "/notify_on_new_request null", "/number min_length"}, true},
		{"a value that does not decode", `"yes"`,
			[]string{"/email email", "/fax min_length", "/name max_length", "/notify_on_new_request bool", "/number min_length"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := `{"email":"not an address","fax":"555","id":7,"name":"` + strings.Repeat("G", 129) + `",` +
				`"notify_on_acknowledged_request":false,"notify_on_completed_request":true,"notify_on_dispatched_request":true,` +
				`"notify_on_failed_request":true,"notify_on_new_request":` + tc.notify + `,"number":""}`
			d := newAPIDouble(t, reply{body: body})
			_, err := crohttp.NewClient(d.URL, clientToken, clientTenant).GetContact(context.Background(), 1042, 7)
			var vs croschema.Violations
			require.ErrorAs(t, err, &vs)
			assert.ElementsMatch(t, tc.want, locCodes(vs))
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), strings.Replace(w, " ", ": ", 1), "the error's text names every violation")
			}

			var reports []crohttp.Report
			lenient := crohttp.NewClient(d.URL, clientToken, clientTenant,
				crohttp.WithLenientResponses(func(r crohttp.Report) { reports = append(reports, r) }))
			_, err = lenient.GetContact(context.Background(), 1042, 7)
			if !tc.decodes {
				require.ErrorAs(t, err, &vs)
				assert.ElementsMatch(t, tc.want, locCodes(vs))
				assert.Empty(t, reports)
				return
			}
			require.NoError(t, err)
			require.Len(t, reports, 1)
			assert.ElementsMatch(t, tc.want, locCodes(reports[0].Violations))
		})
	}
}

// TestClientBaseURLWithoutScheme: a base URL without a scheme, which
// net/url reads as a path, a scheme or not at all, is ErrInvalidBaseURL
// in the package's own words, never net/url's, which quote the URL (issue
// 19, item 7; TestClientBadBaseURL has the other ways to be invalid).
func TestClientBaseURLWithoutScheme(t *testing.T) {
	for base, why := range map[string]string{
		"127.0.0.1:8080":          "it does not parse as a URL",
		"user:s3cret@example.com": "the scheme is not http or https",
		"api.example.com/cro":     "it has no scheme: want http:// or https://",
		"//api.example.com":       "it has no scheme: want http:// or https://",
	} {
		c := crohttp.NewClient(base, clientToken, clientTenant)
		_, err := c.GetContact(context.Background(), 1, 2)
		require.ErrorIs(t, err, crohttp.ErrInvalidBaseURL, base)
		assert.EqualError(t, err, "crohttp: invalid base URL: "+why, base)
		assert.NotContains(t, err.Error(), "s3cret")
	}
}

// TestClientBodyTooLarge: an answer larger than the API's limit is
// crohttp.ErrBodyTooLarge (errors.Is), a success's or an error's, and is
// not read further (issue 19, item 7).
func TestClientBodyTooLarge(t *testing.T) {
	big := docContactJSON + strings.Repeat(" ", croschema.DefaultBodyLimit)
	d := newAPIDouble(t, reply{body: big})
	_, err := crohttp.NewClient(d.URL, clientToken, clientTenant).GetContact(context.Background(), 1042, 7)
	require.ErrorIs(t, err, crohttp.ErrBodyTooLarge)
	var re *crohttp.ResponseError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 200, re.StatusCode)
	// Lenient or not: there is no contact to return.
	_, err = crohttp.NewClient(d.URL, clientToken, clientTenant, crohttp.WithLenientResponses(nil)).GetContact(context.Background(), 1042, 7)
	require.ErrorIs(t, err, crohttp.ErrBodyTooLarge)

	// Exactly the limit is read, and is no error of size.
	d = newAPIDouble(t, reply{body: docContactJSON + strings.Repeat(" ", croschema.DefaultBodyLimit-len(docContactJSON))})
	_, err = crohttp.NewClient(d.URL, clientToken, clientTenant).GetContact(context.Background(), 1042, 7)
	require.NoError(t, err)
}
