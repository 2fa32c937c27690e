package crohttp_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"maps"
	"net/http"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
)

// reportLog collects a transport's reports; the transport may call it from
// its own goroutines.
type reportLog struct {
	mu      sync.Mutex
	reports []crohttp.Report
}

func (l *reportLog) add(r crohttp.Report) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reports = append(l.reports, r)
}

func (l *reportLog) all() []crohttp.Report {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]crohttp.Report(nil), l.reports...)
}

// summary returns each report's violations as "direction location code",
// sorted.
func (l *reportLog) summary() []string {
	var out []string
	for _, r := range l.all() {
		for _, lc := range locCodes(r.Violations) {
			out = append(out, r.Direction.String()+" "+lc)
		}
	}
	sort.Strings(out)
	return out
}

// validRequestHeader returns the headers of a conforming request.
func validRequestHeader() http.Header {
	return http.Header{
		"Authorization": {clientToken.Reveal()},
		"X-Tenant-Id":   {"1042"},
		"X-Request-Id":  {"b24c2138-65af-4ed3-8e1d-b85a7dc8171c"},
		"X-Api-Version": {"2021/04/07"},
		"Content-Type":  {"application/json"},
	}
}

// TestTransportReportsPlantedViolations sends, through the transport, one
// request or answer per way of breaking the contract, and checks that the
// transport reports exactly what was planted, passing both bodies through
// unchanged.
func TestTransportReportsPlantedViolations(t *testing.T) {
	withFax := strings.Replace(docContactJSON, `"fax":null`, `"fax":"555"`, 1)
	withExtra := strings.Replace(docContactJSON, `"id":7,`, `"id":7,"extra":true,`, 1)
	created := http.Header{"Location": {"/customers/1042/contacts/7"}}
	tests := []struct {
		name         string
		method, path string
		header       map[string][]string // changes to validRequestHeader; nil deletes
		body         string
		reply        reply
		want         []string // sorted "direction location code"
	}{
		{name: "valid GET", method: "GET", path: "/customers/1042/contacts/7", reply: reply{body: docContactJSON}},
		{name: "valid POST", method: "POST", path: "/customers/1042/contacts/", body: `{"name":"George","notify_on_new_request":"TRUE"}`,
			reply: reply{body: docContactJSON, header: created}},
		{name: "valid PATCH", method: "PATCH", path: "/customers/1042/contacts/7?x=1", body: `{"email":null}`,
			reply: reply{body: docContactJSON}},
		{name: "valid error answer", method: "GET", path: "/customers/1042/contacts/8",
			reply: reply{status: 404, body: `{"detail":"Not found.","field":null}`}},

		{name: "wrong request headers", method: "GET", path: "/customers/1042/contacts/7",
			header: map[string][]string{"X-Tenant-Id": {"acme"}, "X-Request-Id": {"1"}, "Authorization": nil},
			reply:  reply{body: docContactJSON},
			// and the server's 200 is not the 401 the request gets
			want: []string{"request authorization required", "request x-request-id uuid", "request x-tenant-id integer", "response status enum"}},
		{name: "wrong content-type", method: "POST", path: "/customers/1042/contacts", body: `{"name":"George"}`,
			header: map[string][]string{"Content-Type": {"text/plain"}},
			reply:  reply{status: 415, body: `{"detail":"Unsupported media type."}`},
			want:   []string{"request content-type enum"}},
		{name: "bad request body", method: "POST", path: "/customers/1042/contacts", body: `{"name":"","fax":"555","notify_on_new_request":"yes"}`,
			reply: reply{body: docContactJSON, header: created},
			want:  []string{"request /fax min_length", "request /name min_length", "request /notify_on_new_request bool", "response status enum"}},
		{name: "unknown field in the request", method: "PATCH", path: "/customers/1042/contacts/7", body: `{"Name":"George"}`,
			reply: reply{status: 400, body: `{"detail":"Unknown field.","field":"UpdateCustomerContactModel.Name"}`},
			want:  []string{"request /Name unknown_field"}},
		{name: "no request body", method: "POST", path: "/customers/1042/contacts",
			reply: reply{body: docContactJSON, header: created},
			want:  []string{"request  syntax", "response status enum"}},
		{name: "bad path parameter", method: "GET", path: "/customers/acme/contacts/7",
			reply: reply{status: 400, body: `{"field":"customer_id","detail":"not an integer"}`},
			want:  []string{"request customer_id integer"}},
		{name: "method the path does not allow", method: "DELETE", path: "/customers/1042/contacts/7",
			reply: reply{status: 405, body: `{"detail":"Method not allowed."}`},
			want:  []string{"request method method"}},

		{name: "wrong response headers", method: "GET", path: "/customers/1042/contacts/7",
			reply: reply{body: docContactJSON, header: http.Header{"X-Request-Id": {"not-a-uuid"}, "X-Api-Version": nil}},
			want:  []string{"response x-api-version required", "response x-request-id uuid"}},
		{name: "bad response body", method: "GET", path: "/customers/1042/contacts/7",
			reply: reply{body: withFax},
			want:  []string{"response /fax min_length"}},
		{name: "unknown field in the response", method: "PATCH", path: "/customers/1042/contacts/7", body: `{}`,
			reply: reply{body: withExtra},
			want:  []string{"response /extra unknown_field"}},
		{name: "bad error body", method: "GET", path: "/customers/1042/contacts/7",
			reply: reply{status: 404, body: `{"detail":5,"status":404}`},
			want:  []string{"response /detail type", "response /status unknown_field"}},
		{name: "non-JSON error body", method: "POST", path: "/customers/1042/contacts", body: `{"name":"George"}`,
			reply: reply{status: 502, body: "<html>bad gateway</html>", header: http.Header{"Content-Type": {"text/html"}}},
			want:  []string{"response  syntax", "response content-type enum"}},
		{name: "empty success body", method: "GET", path: "/customers/1042/contacts/7",
			want: []string{"response  syntax"}},

		{name: "HEAD: headers only", method: "HEAD", path: "/customers/1042/contacts/7",
			reply: reply{header: http.Header{"X-Request-Id": nil}},
			want:  []string{"response x-request-id required"}},
		{name: "OPTIONS is a preflight", method: "OPTIONS", path: "/customers/1042/contacts/7",
			header: map[string][]string{"Authorization": nil, "X-Tenant-Id": nil}, reply: reply{status: 204, header: http.Header{"X-Request-Id": nil}}},
		{name: "not an endpoint", method: "POST", path: "/health", body: "ping",
			header: map[string][]string{"Authorization": nil, "X-Tenant-Id": {"x"}},
			reply:  reply{status: 500, body: "<html>", header: http.Header{"X-Request-Id": nil}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newAPIDouble(t, tt.reply)
			var log reportLog
			hc := &http.Client{Transport: crohttp.NewTransport(d.Client().Transport, log.add)}

			var body io.Reader
			if tt.body != "" {
				body = strings.NewReader(tt.body)
			}
			req, err := http.NewRequest(tt.method, d.URL+tt.path, body)
			require.NoError(t, err)
			req.Header = validRequestHeader()
			for k, v := range tt.header {
				if v == nil {
					delete(req.Header, k)
				} else {
					req.Header[k] = v
				}
			}
			resp, err := hc.Do(req)
			require.NoError(t, err)
			got, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			require.NoError(t, resp.Body.Close())

			if tt.method != "HEAD" {
				assert.Equal(t, tt.reply.body, string(got), "response body as the caller reads it")
			}
			assert.Same(t, req, resp.Request)
			seen := d.requests()
			require.Len(t, seen, 1)
			assert.Equal(t, tt.body, string(seen[0].body), "request body as the server got it")

			assert.Equal(t, tt.want, log.summary())
			status := tt.reply.status
			if status == 0 {
				status = 200
			}
			for _, r := range log.all() {
				assert.Equal(t, tt.method, r.Method)
				assert.Equal(t, strings.Split(tt.path, "?")[0], r.Path)
				switch r.Direction {
				case crohttp.DirectionRequest:
					assert.Zero(t, r.StatusCode)
				case crohttp.DirectionResponse:
					assert.Equal(t, status, r.StatusCode)
				default:
					t.Errorf("direction %v", r.Direction)
				}
				assert.NotContains(t, r.String(), clientAccessToken)
			}
		})
	}
}

func TestReportString(t *testing.T) {
	r := crohttp.Report{
		Direction: crohttp.DirectionResponse, Endpoint: croschema.UpdateContact,
		Method: "PATCH", Path: "/customers/1042/contacts/7", StatusCode: 200,
		Violations: croschema.Violations{
			{Location: "/fax", Code: croschema.CodeMinLength, Detail: "3 characters, at least 7 required"},
			{Location: "", Code: croschema.CodeSyntax, Detail: "trailing data"},
		},
	}
	assert.Equal(t, "PATCH /customers/1042/contacts/7: response 200: /fax: min_length: 3 characters, at least 7 required\n"+
		`PATCH /customers/1042/contacts/7: response 200: "": syntax: trailing data`, r.String())
	r.Direction, r.StatusCode, r.Violations = crohttp.DirectionRequest, 0, r.Violations[:1]
	assert.Equal(t, "PATCH /customers/1042/contacts/7: request: /fax: min_length: 3 characters, at least 7 required", r.String())
	assert.Equal(t, "invalid Direction", crohttp.Direction(0).String())
}

// onceReader is a request body that http.NewRequest cannot replay: it has
// no GetBody, so the transport checks it as it streams.
type onceReader struct{ r io.Reader }

func (o *onceReader) Read(p []byte) (int, error) { return o.r.Read(p) }

func TestTransportStreamingRequestBody(t *testing.T) {
	tests := []struct {
		name string
		body []byte
		want []string
	}{
		{"valid", []byte(`{"name": "George"}`), nil},
		{"invalid", []byte(`{"name": 5}`), []string{"request /name type", "response status enum"}},
		{"larger than 1 MiB", bytes.Repeat([]byte(" "), 3<<20), []string{"request  max_length", "response status enum"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newAPIDouble(t, reply{body: docContactJSON, header: http.Header{"Location": {"/customers/1/contacts/7"}}})
			var log reportLog
			hc := &http.Client{Transport: crohttp.NewTransport(d.Client().Transport, log.add)}
			req, err := http.NewRequest("POST", d.URL+"/customers/1/contacts", &onceReader{bytes.NewReader(tt.body)})
			require.NoError(t, err)
			require.Nil(t, req.GetBody)
			req.Header = validRequestHeader()
			resp, err := hc.Do(req)
			require.NoError(t, err)
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()

			seen := d.requests()
			require.Len(t, seen, 1)
			assert.True(t, bytes.Equal(tt.body, seen[0].body), "the server got %d bytes of %d", len(seen[0].body), len(tt.body))
			assert.Equal(t, tt.want, log.summary())
		})
	}
}

// TestTransportReplayableRequestBody checks that a body the request can
// replay is checked before it is sent, and that the base transport then
// reads it whole.
func TestTransportReplayableRequestBody(t *testing.T) {
	var log reportLog
	var sent []byte
	base := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		assert.Equal(t, []string{"request /name type"}, log.summary(), "reported before sending")
		sent, _ = io.ReadAll(r.Body)
		r.Body.Close()
		return &http.Response{StatusCode: 400, Header: apiHeaders(r),
			Body: io.NopCloser(strings.NewReader(`{"detail":"Not a string."}`))}, nil
	})
	tr := crohttp.NewTransport(base, log.add)
	req, err := http.NewRequest("POST", "http://api.test/customers/1/contacts", bytes.NewReader([]byte(`{"name": 5}`)))
	require.NoError(t, err)
	req.Header = validRequestHeader()
	resp, err := tr.RoundTrip(req)
	require.NoError(t, err)
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, `{"name": 5}`, string(sent))
	assert.Equal(t, `{"detail":"Not a string."}`, string(got))
	assert.Equal(t, []string{"request /name type"}, log.summary())
}

// TestTransportStreamsResponses checks that the caller gets the response,
// and the start of its body, before the server has written the rest: the
// transport does not read ahead. The server waits for the caller's signal
// before it writes the second half.
func TestTransportStreamsResponses(t *testing.T) {
	first := []byte(`{"name": "George", "email": null, ` + strings.Repeat(" ", 64<<10))
	second := []byte(strings.Repeat(" ", 3<<20) + `}`)
	proceed := make(chan struct{})
	d := newAPIDouble(t, reply{})
	d.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		maps.Copy(w.Header(), apiHeaders(r))
		w.Write(first)
		w.(http.Flusher).Flush()
		select {
		case <-proceed:
		case <-r.Context().Done():
			return
		}
		w.Write(second)
	})
	var log reportLog
	hc := &http.Client{Transport: crohttp.NewTransport(d.Client().Transport, log.add)}
	req, _ := http.NewRequest("GET", d.URL+"/customers/1/contacts/2", nil)
	req.Header = validRequestHeader()
	resp, err := hc.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()

	head := make([]byte, len(first))
	_, err = io.ReadFull(resp.Body, head)
	require.NoError(t, err)
	assert.Equal(t, first, head)
	assert.Empty(t, log.all(), "nothing reported before the end of the body")
	close(proceed)
	rest, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(second, rest), "the rest of the body: %d bytes of %d", len(rest), len(second))
	assert.Equal(t, []string{"response  max_length"}, log.summary())
}

// TestTransportEarlyClose checks that a response body closed before its end
// reports the headers only, once.
func TestTransportEarlyClose(t *testing.T) {
	d := newAPIDouble(t, reply{body: `{"bad": true}`, header: http.Header{"X-Api-Version": {"2019-02-08"}}})
	var log reportLog
	hc := &http.Client{Transport: crohttp.NewTransport(d.Client().Transport, log.add)}
	req, _ := http.NewRequest("GET", d.URL+"/customers/1/contacts/2", nil)
	req.Header = validRequestHeader()
	resp, err := hc.Do(req)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	require.NoError(t, resp.Body.Close())
	_, err = resp.Body.Read(make([]byte, 1))
	assert.Error(t, err, "read after close")
	assert.Equal(t, []string{"response x-api-version enum"}, log.summary())
}

// TestTransportNoGoroutines checks that the transport starts no goroutine
// and keeps none: a thousand round trips through a base transport that
// answers from memory leave the goroutine count as it was.
func TestTransportNoGoroutines(t *testing.T) {
	base := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if r.Body != nil {
			io.Copy(io.Discard, r.Body)
			r.Body.Close()
		}
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(docContactJSON))}, nil // no API header
	})
	var n int
	tr := crohttp.NewTransport(base, func(crohttp.Report) { n++ })
	before := runtime.NumGoroutine()
	for i := range 1000 {
		req, _ := http.NewRequest("POST", "http://api.test/customers/1/contacts", &onceReader{strings.NewReader(`{"name":"G"}`)})
		req.Header = validRequestHeader()
		resp, err := tr.RoundTrip(req)
		require.NoError(t, err)
		if i%2 == 0 {
			io.Copy(io.Discard, resp.Body)
		}
		resp.Body.Close()
	}
	assert.LessOrEqual(t, runtime.NumGoroutine(), before, "goroutines (earlier tests' may still be ending)")
	assert.Equal(t, 1000, n, "one report per response (missing response headers)")
}

func TestTransportBaseErrors(t *testing.T) {
	var log reportLog
	tr := crohttp.NewTransport(roundTripFunc(func(r *http.Request) (*http.Response, error) {
		r.Body.Close() // as a RoundTripper must, even when it fails
		return nil, context.DeadlineExceeded
	}), log.add)
	req, _ := http.NewRequest("PATCH", "http://api.test/customers/1/contacts/2", &onceReader{strings.NewReader(`{}`)})
	req.Header = validRequestHeader()
	delete(req.Header, "X-Tenant-Id")
	_, err := tr.RoundTrip(req)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, []string{"request x-tenant-id required"}, log.summary(), "the headers, the body unread")

	// A nil base is http.DefaultTransport, a nil report discards.
	assert.NotNil(t, crohttp.NewTransport(nil, nil))
}

// TestTransportBodyReader checks the response body the transport hands out
// as an io.Reader (testing/iotest's checks: reads of every size, reads
// after the end) and that however it is read, one report comes, the same.
func TestTransportBodyReader(t *testing.T) {
	body := strings.Replace(docContactJSON, `"fax":null`, `"fax":"555"`, 1)
	for _, tt := range []struct {
		name string
		read func(io.Reader) ([]byte, error)
	}{
		{"ReadAll", io.ReadAll},
		{"OneByte", func(r io.Reader) ([]byte, error) { return io.ReadAll(iotest.OneByteReader(r)) }},
		{"Half", func(r io.Reader) ([]byte, error) { return io.ReadAll(iotest.HalfReader(r)) }},
		{"TestReader", func(r io.Reader) ([]byte, error) { return []byte(body), iotest.TestReader(r, []byte(body)) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var log reportLog
			tr := crohttp.NewTransport(roundTripFunc(func(r *http.Request) (*http.Response, error) {
				return &http.Response{StatusCode: 200, Header: apiHeaders(r), Body: io.NopCloser(strings.NewReader(body))}, nil
			}), log.add)
			req, _ := http.NewRequest("GET", "http://api.test/customers/1/contacts/7", nil)
			req.Header = validRequestHeader()
			resp, err := tr.RoundTrip(req)
			require.NoError(t, err)
			got, err := tt.read(resp.Body)
			require.NoError(t, err)
			require.NoError(t, resp.Body.Close())
			assert.Equal(t, body, string(got))
			assert.Equal(t, []string{"response /fax min_length"}, log.summary())
		})
	}
}

// apiHeaders returns the headers a conforming server answers r with, as
// croschema makes them: the echoes of r's, the CORS headers, Allow and
// content-type.
func apiHeaders(r *http.Request) http.Header {
	lr, _ := croschema.LintRequestHead(r.Method, r.URL.EscapedPath(), r.Header)
	h := http.Header{}
	lr.SetResponseHeaders(h)
	return h
}

// gzipped returns data gzipped.
func gzipped(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	_, err := zw.Write(data)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return b.Bytes()
}

// TestTransportGzip: a caller that sends Accept-Encoding: gzip itself gets
// the body as the server compressed it (net/http leaves it so), and the
// transport lints the JSON inside: a conforming 200 is not reported, a
// broken one is reported by its JSON, and a body that decodes to more
// than the API's limit (a gzip bomb) is one syntax violation, decoded no
// further, the caller still getting every byte (issue 19, item 8).
func TestTransportGzip(t *testing.T) {
	bomb := gzipped(t, bytes.Repeat([]byte(" "), 64<<20)) // 64 MiB of spaces in about 64 KiB
	for _, tc := range []struct {
		name string
		body []byte
		want []string
	}{
		{"a conforming 200", gzipped(t, []byte(docContactJSON)), nil},
		{"a broken contact", gzipped(t, []byte(strings.Replace(docContactJSON, `"fax":null`, `"fax":"555"`, 1))), []string{"response /fax min_length"}},
		{"a gzip bomb", bomb, []string{"response  syntax"}},
		{"not gzip", []byte(docContactJSON), []string{"response  syntax"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newAPIDouble(t, reply{})
			d.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				maps.Copy(w.Header(), apiHeaders(r))
				w.Header().Set("Content-Encoding", "gzip")
				w.Write(tc.body)
			})
			var log reportLog
			hc := &http.Client{Transport: crohttp.NewTransport(nil, log.add)}
			req, err := http.NewRequest("GET", d.URL+"/customers/1042/contacts/7", nil)
			require.NoError(t, err)
			req.Header = validRequestHeader()
			req.Header.Set("Accept-Encoding", "gzip")
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			resp, err := hc.Do(req)
			require.NoError(t, err)
			got, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			resp.Body.Close()
			runtime.ReadMemStats(&after)
			assert.True(t, bytes.Equal(tc.body, got), "the caller gets the body as sent")
			assert.Equal(t, tc.want, log.summary())
			// Decoding is bounded: far less than the bomb's 64 MiB.
			assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(16<<20), "bytes allocated")
		})
	}
}

// TestTransportUnderBasePath: a Client whose base URL has a path
// ("http://host/cro") sends "/cro/customers/..."; the transport finds the
// endpoint after that prefix and checks both messages (issue 19, item 9):
// a 201 with an HTML page is reported.
func TestTransportUnderBasePath(t *testing.T) {
	d := newAPIDouble(t, reply{status: http.StatusCreated, body: "<html>created</html>",
		header: http.Header{"Content-Type": {"text/html"}}})
	var log reportLog
	c := crohttp.NewClient(d.URL+"/cro", clientToken, clientTenant,
		crohttp.WithHTTPClient(&http.Client{Transport: crohttp.NewTransport(nil, log.add)}))
	_, err := c.CreateContact(context.Background(), 1042, croschema.CreateCustomerContact{Name: croschema.Set("George")})
	require.Error(t, err)
	require.Equal(t, "/cro/customers/1042/contacts", d.requests()[0].path)
	// (The double's own headers lack what depends on the path, which it
	// reads whole.)
	assert.Subset(t, log.summary(), []string{"response  syntax", "response content-type enum", "response status enum"})
	for _, r := range log.all() {
		assert.Equal(t, croschema.CreateContact, r.Endpoint)
		assert.Equal(t, "/cro/customers/1042/contacts", r.Path)
	}
}
