package crotest_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/crotest"
)

// mockToken is the token the tests' clients send.
var mockToken = croschema.NewBearerToken(accessToken)

// checked returns the option that fails t on every answer of a Mock that
// breaks RULES.md "Serving the API", as croschema.LintResponse judges it.
func checked(t *testing.T) crotest.MockOption {
	return crotest.WithHandlerOptions(crohttp.WithResponseCheck(func(r *http.Request, vs croschema.Violations) {
		t.Errorf("the mock's answer to %s %s breaks the contract:\n%v", r.Method, r.URL.Path, vs)
	}))
}

// newMock starts a checked Mock on loopback.
func newMock(t *testing.T, opts ...crotest.MockOption) (string, *crotest.Mock) {
	t.Helper()
	srv, m := crotest.NewServer(t, append([]crotest.MockOption{checked(t)}, opts...)...)
	return srv.URL, m
}

// fastRetry is a retry policy without real waits.
var fastRetry = crohttp.RetryPolicy{MaxRetries: 3, BaseDelay: time.Microsecond, MaxDelay: time.Millisecond}

func newClient(base string, opts ...crohttp.ClientOption) *crohttp.Client {
	return crohttp.NewClient(base, mockToken, 7, append([]crohttp.ClientOption{crohttp.WithRetry(fastRetry)}, opts...)...)
}

// send sends one request with a valid token and tenant, changed by
// header (a nil value deletes one), and returns the response and its body.
func send(t *testing.T, method, url string, header http.Header, body string) (*http.Response, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	require.NoError(t, err)
	req.Header.Set("Authorization", mockToken.Reveal())
	req.Header.Set("X-Tenant-Id", "7")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		if v == nil {
			req.Header.Del(k)
		} else {
			req.Header[k] = v
		}
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	return resp, string(b)
}

func name(s string) croschema.CreateCustomerContact {
	return croschema.CreateCustomerContact{Name: croschema.Set(s)}
}

// TestNewServer: the Mock listens on loopback and serves the three
// endpoints from its store, every answer conforming.
func TestNewServer(t *testing.T) {
	base, m := newMock(t, crotest.WithSample())
	u, err := url.Parse(base)
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1", u.Hostname())

	ctx := context.Background()
	c := newClient(base)
	got, err := c.GetContact(ctx, 1, 1)
	require.NoError(t, err)
	assert.Equal(t, crotest.SampleContact(), got)

	// Ids from 1 upward per customer: the sample is customer 1's first.
	created, err := c.CreateContact(ctx, 1, name("Ann"))
	require.NoError(t, err)
	assert.Equal(t, int64(2), created.ID)
	created, err = c.CreateContact(ctx, 9, croschema.CreateCustomerContact{Name: croschema.Set("Bob"),
		Fax: croschema.Set("5551234567"), NotifyOnNewRequest: croschema.Set(true)})
	require.NoError(t, err)
	assert.Equal(t, croschema.CustomerContact{ID: 1, Name: "Bob", Fax: croschema.NewNullString("5551234567"), NotifyOnNewRequest: true}, created)

	updated, err := c.UpdateContact(ctx, 9, 1, croschema.UpdateCustomerContact{Fax: croschema.SetNull[string](), Email: croschema.Set("b@x.com")})
	require.NoError(t, err)
	assert.Equal(t, croschema.CustomerContact{ID: 1, Name: "Bob", Email: croschema.NewNullString("b@x.com"), NotifyOnNewRequest: true}, updated)
	stored, ok := m.Contact(9, 1)
	assert.True(t, ok)
	assert.Equal(t, updated, stored)

	_, err = c.GetContact(ctx, 9, 2)
	var re *crohttp.ResponseError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, http.StatusNotFound, re.StatusCode)
	_, err = c.UpdateContact(ctx, 2, 1, croschema.UpdateCustomerContact{Fax: croschema.SetNull[string]()})
	require.ErrorAs(t, err, &re)
	assert.Equal(t, http.StatusNotFound, re.StatusCode)

	assert.Equal(t, []croschema.CustomerContact{crotest.SampleContact(), {ID: 2, Name: "Ann"}}, m.Contacts(1))
	assert.Empty(t, m.Contacts(3))
	assert.Equal(t, 6, m.Requests())

	// The answers the middleware gives, conforming too (checked).
	resp, body := send(t, "POST", base+"/customers/1/contacts", nil, `{"fax": null}`)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, body)
	assert.Contains(t, body, `"field":"CreateCustomerContactModel.name"`)
	resp, _ = send(t, "DELETE", base+"/customers/1/contacts/1", nil, "")
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
	resp, _ = send(t, "GET", base+"/customers/1/contacts/1", http.Header{"Authorization": nil}, "")
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	resp, _ = send(t, "OPTIONS", base+"/customers/1/contacts", http.Header{"Authorization": nil, "X-Tenant-Id": nil}, "")
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	resp, body = send(t, "HEAD", base+"/customers/1/contacts/1", nil, "")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Empty(t, body)
	resp, _ = send(t, "POST", base+"/customers/1/contacts", http.Header{"Content-Encoding": {"gzip"}}, `{"name": "A"}`)
	assert.Equal(t, http.StatusUnsupportedMediaType, resp.StatusCode)
	assert.Len(t, m.Contacts(1), 2, "no rejected request was stored")
}

// TestNewMockEmpty: without WithSample the store is empty, and every
// customer's first contact gets id 1.
func TestNewMockEmpty(t *testing.T) {
	base, m := newMock(t)
	_, err := newClient(base).GetContact(context.Background(), 1, 1)
	var re *crohttp.ResponseError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, http.StatusNotFound, re.StatusCode)
	created, err := newClient(base).CreateContact(context.Background(), 1, name("Ann"))
	require.NoError(t, err)
	assert.Equal(t, int64(1), created.ID)
	assert.Equal(t, []croschema.CustomerContact{created}, m.Contacts(1))
}

// TestMockSeed: seeded contacts get the customer's next ids, all or none.
func TestMockSeed(t *testing.T) {
	m := crotest.NewMock(crotest.WithSample(), crotest.WithStoreLimit(5))
	got, err := m.Seed(1, croschema.CustomerContact{ID: 99, Name: "Ann"}, croschema.CustomerContact{Name: "Bob"})
	require.NoError(t, err)
	assert.Equal(t, []croschema.CustomerContact{{ID: 2, Name: "Ann"}, {ID: 3, Name: "Bob"}}, got)
	got, err = m.Seed(5, croschema.CustomerContact{Name: "Cy"})
	require.NoError(t, err)
	assert.Equal(t, int64(1), got[0].ID)

	// An invalid contact: none is stored, the violation names its index.
	_, err = m.Seed(1, croschema.CustomerContact{Name: "Dee"}, croschema.CustomerContact{Name: "", Fax: croschema.NewNullString("1")})
	var vs croschema.Violations
	require.ErrorAs(t, err, &vs)
	assert.True(t, vs.Has("/1/name", croschema.CodeMinLength), "%v", vs)
	assert.True(t, vs.Has("/1/fax", croschema.CodeMinLength), "%v", vs)
	// Past the limit: none is stored.
	_, err = m.Seed(1, croschema.CustomerContact{Name: "Dee"}, croschema.CustomerContact{Name: "Eve"})
	assert.ErrorIs(t, err, crotest.ErrStoreFull)
	assert.Len(t, m.Contacts(1), 3)
	assert.Len(t, m.Contacts(5), 1)
	got, err = m.Seed(1, croschema.CustomerContact{Name: "Dee"})
	require.NoError(t, err)
	assert.Equal(t, int64(4), got[0].ID, "the failed seeds took no id")

	m.Reset()
	assert.Equal(t, []croschema.CustomerContact{crotest.SampleContact()}, m.Contacts(1))
	assert.Empty(t, m.Contacts(5))
}

// TestMockStoreLimit: a Create past the limit gets 507 (a valid request
// that cannot be stored; nothing frees room), and Get and Update go on.
func TestMockStoreLimit(t *testing.T) {
	base, m := newMock(t, crotest.WithSample(), crotest.WithStoreLimit(2))
	ctx := context.Background()
	c := newClient(base)
	_, err := c.CreateContact(ctx, 3, name("Ann"))
	require.NoError(t, err)
	_, err = c.CreateContact(ctx, 3, name("Bob"))
	var re *crohttp.ResponseError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, http.StatusInsufficientStorage, re.StatusCode)
	var e *croschema.APIError
	require.ErrorAs(t, err, &e)
	assert.Contains(t, e.Detail, "holds 2 contacts")
	_, err = c.GetContact(ctx, 1, 1)
	assert.NoError(t, err)
	_, err = c.UpdateContact(ctx, 3, 1, croschema.UpdateCustomerContact{Name: croschema.Set("Al")})
	assert.NoError(t, err)
	assert.Len(t, m.Contacts(3), 1)

	// The default limit, and a limit below 1 that means it.
	for _, m := range []*crotest.Mock{crotest.NewMock(), crotest.NewMock(crotest.WithStoreLimit(0))} {
		many := make([]croschema.CustomerContact, crotest.DefaultStoreLimit)
		for i := range many {
			many[i].Name = "N"
		}
		_, err := m.Seed(1, many...)
		require.NoError(t, err)
		_, err = m.Seed(2, croschema.CustomerContact{Name: "N"})
		assert.ErrorIs(t, err, crotest.ErrStoreFull)
	}
}

// TestMockTokens: WithToken gives tokens their roles; any other token
// gets 401, a role the endpoint does not allow 403.
func TestMockTokens(t *testing.T) {
	driver := croschema.NewBearerToken("driver.tok.en")
	base, _ := newMock(t, crotest.WithSample(),
		crotest.WithToken(croschema.RoleDispatcher, mockToken), crotest.WithToken(croschema.RoleDriver, driver))
	ctx := context.Background()
	_, err := newClient(base).UpdateContact(ctx, 1, 1, croschema.UpdateCustomerContact{Fax: croschema.SetNull[string]()})
	assert.NoError(t, err)

	asDriver := crohttp.NewClient(base, driver, 7)
	_, err = asDriver.GetContact(ctx, 1, 1)
	assert.NoError(t, err)
	_, err = asDriver.UpdateContact(ctx, 1, 1, croschema.UpdateCustomerContact{Fax: croschema.SetNull[string]()})
	var re *crohttp.ResponseError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, http.StatusForbidden, re.StatusCode)

	_, err = crohttp.NewClient(base, croschema.NewBearerToken("other.tok.en"), 7).GetContact(ctx, 1, 1)
	require.ErrorAs(t, err, &re)
	assert.Equal(t, http.StatusUnauthorized, re.StatusCode)
	assert.NotContains(t, err.Error(), "other.tok.en")
}

// TestMockConcurrent: Creates and Updates from many goroutines at once;
// every Create gets its own id, from 1, and no Update is lost.
func TestMockConcurrent(t *testing.T) {
	base, m := newMock(t, crotest.WithSample())
	c := newClient(base)
	const workers, each = 8, 10
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				_, err := c.CreateContact(context.Background(), 2, name("W"+strconv.Itoa(w)))
				assert.NoError(t, err)
				_, err = c.UpdateContact(context.Background(), 1, 1, croschema.UpdateCustomerContact{Number: croschema.Set(strconv.Itoa(w*each + i))})
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
	got := m.Contacts(2)
	require.Len(t, got, workers*each)
	for i, contact := range got {
		assert.Equal(t, int64(i+1), contact.ID)
	}
	assert.Equal(t, 2*workers*each, m.Requests())
}

// TestMockReset: Reset returns the store, the faults and the request
// count to what NewMock made.
func TestMockReset(t *testing.T) {
	base, m := newMock(t, crotest.WithSample(), crotest.WithFault(crotest.Fault{Status: 503, Count: 1, Endpoint: croschema.CreateContact}))
	ctx := context.Background()
	c := newClient(base)
	_, err := c.CreateContact(ctx, 1, name("Ann"))
	require.Error(t, err, "the option's fault")
	_, err = c.CreateContact(ctx, 1, name("Ann"))
	require.NoError(t, err)
	m.Fail(crotest.Fault{Status: 500})
	m.SetLatency(time.Hour)

	m.Reset()
	assert.Equal(t, 0, m.Requests())
	assert.Equal(t, []croschema.CustomerContact{crotest.SampleContact()}, m.Contacts(1))
	_, err = c.CreateContact(ctx, 1, name("Ann"))
	require.Error(t, err, "the option's fault again")
	created, err := c.CreateContact(ctx, 1, name("Ann"))
	require.NoError(t, err, "no 500, no latency")
	assert.Equal(t, int64(2), created.ID)
}

// faultStatuses are the statuses the fault tests inject: those a client
// retries, and others a valid request may get.
var faultStatuses = []int{429, 500, 502, 503, 504, 401, 403, 404}

// TestMockFaults: each Fault is answered with its status, the API's error
// body and every header of RULES.md "Serving the API" (checked by
// LintResponse in the middleware's test mode), for Count requests, on its
// Endpoint.
func TestMockFaults(t *testing.T) {
	base, m := newMock(t, crotest.WithSample())
	for _, status := range faultStatuses {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			m.Fail(crotest.Fault{Status: status, Count: 2, RetryAfter: 1500 * time.Millisecond})
			for _, method := range []string{"GET", "HEAD"} {
				resp, body := send(t, method, base+"/customers/1/contacts/1", http.Header{"X-Request-Id": {requestID}}, "")
				assert.Equal(t, status, resp.StatusCode)
				assert.Equal(t, "2", resp.Header.Get("Retry-After"), "seconds, rounded up")
				assert.Equal(t, requestID, resp.Header.Get("X-Request-Id"))
				assert.Equal(t, "GET,PATCH", resp.Header.Get("Allow"))
				if method == "HEAD" {
					assert.Empty(t, body)
					continue
				}
				e, err := croschema.LintAPIError([]byte(body))
				require.NoError(t, err, body)
				assert.Equal(t, http.StatusText(status)+".", e.Detail)
			}
			resp, _ := send(t, "GET", base+"/customers/1/contacts/1", nil, "")
			assert.Equal(t, http.StatusOK, resp.StatusCode, "Count 2: the third request is served")
		})
	}

	// A Fault on one endpoint, for every request of it.
	m.Fail(crotest.Fault{Status: 503, Endpoint: croschema.CreateContact})
	for range 3 {
		resp, _ := send(t, "POST", base+"/customers/1/contacts", nil, `{"name": "A"}`)
		assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
		resp, _ = send(t, "GET", base+"/customers/1/contacts/1", nil, "")
		assert.Equal(t, http.StatusOK, resp.StatusCode)
	}
	assert.Len(t, m.Contacts(1), 1, "no faulted Create was stored")

	// Faults in order: each request takes the first that applies.
	m.Reset()
	m.Fail(crotest.Fault{Status: 502, Count: 1, Endpoint: croschema.UpdateContact})
	m.Fail(crotest.Fault{Status: 504, Count: 1})
	m.Fail(crotest.Fault{Status: 500, Count: 1})
	var got []int
	for _, method := range []string{"GET", "PATCH", "GET", "GET"} {
		resp, _ := send(t, method, base+"/customers/1/contacts/1", nil, map[string]string{"GET": "", "PATCH": `{"fax": null}`}[method])
		got = append(got, resp.StatusCode)
	}
	assert.Equal(t, []int{504, 502, 500, 200}, got)

	// An invalid request gets the middleware's answer, and consumes no Fault.
	m.Fail(crotest.Fault{Status: 503, Count: 1})
	resp, _ := send(t, "GET", base+"/customers/x/contacts/1", nil, "")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	resp, _ = send(t, "GET", base+"/customers/1/contacts/1", nil, "")
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)

	// A status that is no error is answered 500, as crohttp.WriteError does.
	m.Fail(crotest.Fault{Status: 200, Count: 1})
	resp, _ = send(t, "GET", base+"/customers/1/contacts/1", nil, "")
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
}

// TestMockClientRetries: a crohttp.Client retries GET and PATCH on 429,
// 502, 503 and 504, and succeeds once the Mock serves again; it does not
// retry 500, nor a POST.
func TestMockClientRetries(t *testing.T) {
	base, m := newMock(t, crotest.WithSample())
	ctx := context.Background()
	c := newClient(base)
	for _, status := range []int{429, 502, 503, 504} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			m.Reset()
			m.Fail(crotest.Fault{Status: status, Count: 2})
			got, err := c.GetContact(ctx, 1, 1)
			require.NoError(t, err)
			assert.Equal(t, "George", got.Name)
			assert.Equal(t, 3, m.Requests(), "two failures, then the success")

			m.Reset()
			m.Fail(crotest.Fault{Status: status, Count: 2, Endpoint: croschema.UpdateContact})
			_, err = c.UpdateContact(ctx, 1, 1, croschema.UpdateCustomerContact{Fax: croschema.Set("5550000000")})
			require.NoError(t, err)
			assert.Equal(t, 3, m.Requests())

			// More failures than retries: the last answer is the error.
			m.Reset()
			m.Fail(crotest.Fault{Status: status, Count: fastRetry.MaxRetries + 1})
			_, err = c.GetContact(ctx, 1, 1)
			var re *crohttp.ResponseError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, status, re.StatusCode)
			assert.Equal(t, fastRetry.MaxRetries+1, m.Requests())
		})
	}
	t.Run("500 is not retried", func(t *testing.T) {
		m.Reset()
		m.Fail(crotest.Fault{Status: 500, Count: 1})
		_, err := c.GetContact(ctx, 1, 1)
		var re *crohttp.ResponseError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, 500, re.StatusCode)
		assert.Equal(t, 1, m.Requests())
	})
	t.Run("POST is not retried", func(t *testing.T) {
		m.Reset()
		m.Fail(crotest.Fault{Status: 503, Count: 1})
		_, err := c.CreateContact(ctx, 1, name("Ann"))
		require.Error(t, err)
		assert.Equal(t, 1, m.Requests())
		assert.Len(t, m.Contacts(1), 1)
	})
	t.Run("a Retry-After longer than MaxDelay ends the call", func(t *testing.T) {
		m.Reset()
		m.Fail(crotest.Fault{Status: 429, Count: 1, RetryAfter: time.Minute})
		_, err := c.GetContact(ctx, 1, 1)
		var re *crohttp.ResponseError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, 429, re.StatusCode)
		assert.Equal(t, 1, m.Requests())
	})
}

// TestMockLatency: a delayed request outlasts a client's timeout, which
// retries it; a request whose client went away is not served. The
// delays are an hour and the client's patience 100ms: nothing depends on
// how fast the machine is, but that a loopback request reaches the
// handler within 100ms.
func TestMockLatency(t *testing.T) {
	base, m := newMock(t, crotest.WithSample())
	ctx := context.Background()
	impatient := newClient(base, crohttp.WithHTTPClient(&http.Client{Timeout: 100 * time.Millisecond}))

	m.Fail(crotest.Fault{Delay: time.Hour, Count: 1})
	got, err := impatient.GetContact(ctx, 1, 1)
	require.NoError(t, err, "the retry is served at once")
	assert.Equal(t, "George", got.Name)
	assert.Equal(t, 2, m.Requests())

	// A Create is not retried: the client gives up, the Mock stores nothing.
	m.Fail(crotest.Fault{Delay: time.Hour, Count: 1})
	_, err = impatient.CreateContact(ctx, 1, name("Ann"))
	var te *crohttp.TransportError
	require.ErrorAs(t, err, &te)
	assert.True(t, te.Timeout())

	// The latency of every request.
	m.SetLatency(time.Hour)
	_, err = impatient.GetContact(ctx, 1, 1)
	require.ErrorAs(t, err, &te)
	assert.Equal(t, 2+1+1+fastRetry.MaxRetries, m.Requests(), "every try timed out")
	m.SetLatency(0)
	_, err = impatient.GetContact(ctx, 1, 1)
	require.NoError(t, err)
	assert.Equal(t, []croschema.CustomerContact{crotest.SampleContact()}, m.Contacts(1), "the abandoned Create was not served")

	// WithLatency is the latency from the start.
	base2, _ := newMock(t, crotest.WithSample(), crotest.WithLatency(time.Hour))
	_, err = newClient(base2, crohttp.WithHTTPClient(&http.Client{Timeout: 100 * time.Millisecond}), crohttp.WithRetry(crohttp.RetryPolicy{})).GetContact(ctx, 1, 1)
	require.ErrorAs(t, err, &te)
	assert.True(t, te.Timeout())
}

// TestMockPrefer: the Prefer header (RFC 7240) asks for a status, a
// Retry-After and a wait, per request, as Prism reads "code".
func TestMockPrefer(t *testing.T) {
	base, m := newMock(t, crotest.WithSample())
	get := base + "/customers/1/contacts/1"
	for _, tc := range []struct {
		prefer     []string
		status     int
		applied    string
		retryAfter string
	}{
		{[]string{"code=503"}, 503, "code=503", ""},
		{[]string{"CODE = 429 ; x=1, retry-after=2"}, 429, "code=429, retry-after=2", "2"},
		{[]string{`code="404"`}, 404, "code=404", ""},
		{[]string{"respond-async", "code=500"}, 500, "code=500", ""},
		{[]string{"code=500, code=503"}, 500, "code=500", ""}, // the first counts
		{[]string{"code=200"}, 200, "", ""},                   // not an error: ignored
		{[]string{"code=999"}, 200, "", ""},
		{[]string{"code=abc"}, 200, "", ""},
		{[]string{"code=-503"}, 200, "", ""},
		{[]string{"retry-after=2"}, 200, "", ""},
		{[]string{"wait=0"}, 200, "", ""},
		{[]string{"return=minimal"}, 200, "", ""},
	} {
		t.Run(strings.Join(tc.prefer, "|"), func(t *testing.T) {
			resp, _ := send(t, "GET", get, http.Header{"Prefer": tc.prefer}, "")
			assert.Equal(t, tc.status, resp.StatusCode)
			assert.Equal(t, tc.applied, resp.Header.Get("Preference-Applied"))
			assert.Equal(t, tc.retryAfter, resp.Header.Get("Retry-After"))
		})
	}

	// A preferred code consumes no scheduled Fault; an invalid request gets
	// the middleware's answer whatever it prefers.
	m.Fail(crotest.Fault{Status: 502, Count: 1})
	resp, _ := send(t, "GET", get, http.Header{"Prefer": {"code=504"}}, "")
	assert.Equal(t, 504, resp.StatusCode)
	resp, _ = send(t, "GET", base+"/customers/1/contacts/x", http.Header{"Prefer": {"code=504"}}, "")
	assert.Equal(t, 400, resp.StatusCode)
	resp, _ = send(t, "GET", get, nil, "")
	assert.Equal(t, 502, resp.StatusCode)

	// A client retries a preferred 503 as any other (every try prefers it).
	m.Reset()
	_, err := newClient(base).GetContact(crohttp.ContextWithRequestID(context.Background(), requestID), 1, 1)
	require.NoError(t, err)

	// wait: the Mock takes the seconds the client allows, and a client
	// with less patience times out.
	req, err := http.NewRequest("GET", get, nil)
	require.NoError(t, err)
	req.Header = http.Header{"Authorization": {mockToken.Reveal()}, "X-Tenant-Id": {"7"}, "Prefer": {"wait=60"}}
	_, err = (&http.Client{Timeout: 100 * time.Millisecond}).Do(req)
	var ne net.Error
	require.ErrorAs(t, err, &ne)
	assert.True(t, ne.Timeout())
}

// TestMockPreferNoEcho: nothing of a Prefer header but the numbers the Mock
// read reaches the answer.
func TestMockPreferNoEcho(t *testing.T) {
	base, _ := newMock(t, crotest.WithSample())
	resp, body := send(t, "GET", base+"/customers/1/contacts/1",
		http.Header{"Prefer": {"code=503; token=" + accessToken + ", wait=" + accessToken}}, "")
	assert.Equal(t, 503, resp.StatusCode)
	assert.Equal(t, "code=503", resp.Header.Get("Preference-Applied"))
	for k, v := range resp.Header {
		assert.NotContains(t, strings.Join(v, " "), accessToken[:8], k)
	}
	assert.NotContains(t, body, accessToken[:8])
}

// TestMockAnswersConform sends every kind of request, through every kind
// of fault and preference, to a Mock in the middleware's test mode: no
// answer breaks the contract (checked fails the test otherwise), and the
// client side's linting transport (crohttp.NewTransport) agrees. Some
// requests break the contract on purpose: the answers are what is judged.
func TestMockAnswersConform(t *testing.T) {
	base, m := newMock(t, crotest.WithSample(), crotest.WithStoreLimit(3))
	hc := &http.Client{Transport: crohttp.NewTransport(nil, func(r crohttp.Report) {
		if r.Direction == crohttp.DirectionResponse {
			t.Errorf("the transport: %v", r)
		}
	})}
	requests := []struct{ method, path, body string }{
		{"GET", "/customers/1/contacts/1", ""},
		{"HEAD", "/customers/1/contacts/1", ""},
		{"GET", "/customers/1/contacts/9", ""},
		{"PATCH", "/customers/1/contacts/1", `{"fax": null}`},
		{"PATCH", "/customers/1/contacts/1", `{"Name": 1}`},
		{"POST", "/customers/1/contacts", `{"name": "A"}`},
		{"POST", "/customers/1/contacts", `{}`},
		{"DELETE", "/customers/1/contacts/1", ""},
		{"GET", "/customers/1", ""},
		{"OPTIONS", "/customers/1/contacts/1", ""},
	}
	run := func(what string, header http.Header) {
		for _, r := range requests {
			var rd io.Reader
			if r.body != "" {
				rd = strings.NewReader(r.body)
			}
			req, err := http.NewRequest(r.method, base+r.path, rd)
			require.NoError(t, err)
			req.Header = http.Header{"Authorization": {mockToken.Reveal()}, "X-Tenant-Id": {"7"}, "Content-Type": {"application/json"}}
			for k, v := range header {
				req.Header[k] = v
			}
			resp, err := hc.Do(req)
			require.NoError(t, err, "%s %s %s", what, r.method, r.path)
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
	run("plain", nil)
	run("a full store", nil) // the Creates now get 507
	for _, status := range faultStatuses {
		m.Fail(crotest.Fault{Status: status, RetryAfter: time.Second, Count: len(requests)})
		run("fault "+strconv.Itoa(status), nil)
		run("prefer "+strconv.Itoa(status), http.Header{"Prefer": {"code=" + strconv.Itoa(status) + ", retry-after=1"}})
	}
}

// TestMockNoToken: no answer, and no error of the Mock, holds the token.
func TestMockNoToken(t *testing.T) {
	base, _ := newMock(t, crotest.WithSample(), crotest.WithToken(croschema.RoleDispatcher, mockToken))
	for _, h := range []http.Header{
		{"Authorization": {"Bearer " + accessToken + "x"}},   // unknown
		{"Authorization": {"Bearer " + accessToken + " .x"}}, // not the pattern
		{"X-Request-Id": {accessToken}},                      // echoed?
		{"Prefer": {"code=" + accessToken}},
	} {
		resp, body := send(t, "GET", base+"/customers/1/contacts/1", h, "")
		for k, v := range resp.Header {
			assert.NotContains(t, strings.Join(v, " "), accessToken[:8], k)
		}
		assert.NotContains(t, body, accessToken[:8])
	}
}

// TestMockServesEveryEndpoint: a valid request of every endpoint of the
// table gets that endpoint's success from the mock, so that an endpoint
// added to the table fails here until the mock serves it (it answers 501,
// which the contract would let pass as a server error, otherwise).
func TestMockServesEveryEndpoint(t *testing.T) {
	for _, e := range croschema.Endpoints() {
		srv, _ := crotest.NewServer(t, crotest.WithSample())
		body := ""
		if e.RequestModel() != croschema.ModelNone {
			body = `{"name":"George"}`
		}
		req, err := http.NewRequest(e.Method(), srv.URL+e.PathFor(croschema.PathParams{CustomerID: 1, CustomerContactID: 1}),
			strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer a.b.c")
		req.Header.Set("X-Tenant-Id", "7")
		resp, err := srv.Client().Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, e.SuccessStatus(), resp.StatusCode, "%v: the mock does not serve it", e)
	}
}
