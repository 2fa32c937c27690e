package crotest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/crotest"
)

// yourHandler stands for the server under test of the README's test: the
// middleware over a handler that knows one contact.
var yourHandler = crohttp.Middleware()(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	if crohttp.RequestFrom(r).Params.CustomerContactID != 1 {
		crohttp.WriteError(w, crohttp.NotFound(r))
		return
	}
	crohttp.WriteContact(w, http.StatusOK, &croschema.CustomerContact{ID: 1, Name: "George"})
}))

// TestContactServer is docs/testing.md's test of a server, run.
func TestContactServer(t *testing.T) {
	srv := httptest.NewServer(yourHandler) // the server under test
	defer srv.Close()

	// Every request and answer through hc is checked: one that breaks the
	// contract fails t, naming method, path, location, code and detail.
	hc := &http.Client{Transport: crotest.NewTransport(t, srv.Client().Transport)}
	c := crohttp.NewClient(srv.URL, croschema.NewBearerToken("eyJhbGciOiJIUzI1NiJ9.e30.c2ln"), 1042,
		crohttp.WithHTTPClient(hc))
	contact, err := c.GetContact(context.Background(), 1042, 1)
	require.NoError(t, err)
	assert.Equal(t, "George", contact.Name)

	// Payloads: a valid document, or exactly this set of (location, code).
	crotest.AssertValid(t, croschema.ModelCustomerContact, contact.AppendJSON(nil))
	crotest.AssertViolations(t, croschema.ModelCreateCustomerContact, []byte(`{"fax": "555", "Name": "G"}`), []crotest.Want{
		{Location: "/fax", Code: croschema.CodeMinLength},
		{Location: "/Name", Code: croschema.CodeUnknownField},
	})

	// A handler's answer (status, headers, body) without a network: a 401 here.
	rec := httptest.NewRecorder()
	yourHandler.ServeHTTP(rec, httptest.NewRequest("GET", "/customers/1042/contacts/1", nil))
	crotest.AssertResponse(t, croschema.GetContact, rec.Result())
}

// TestMyClient is the README's "Test a client against the mock", run.
func TestMyClient(t *testing.T) {
	srv, mock := crotest.NewServer(t, crotest.WithSample()) // the sample: contact 1 of customer 1
	client := crohttp.NewClient(srv.URL, croschema.NewBearerToken("a.b.c"), 7,
		crohttp.WithRetry(crohttp.RetryPolicy{MaxRetries: 2})) // no waits between tries

	c, err := client.GetContact(context.Background(), 1, 1)
	require.NoError(t, err)
	assert.Equal(t, "George", c.Name)

	// The mock answers the next two requests 503: the client retries.
	mock.Fail(crotest.Fault{Status: http.StatusServiceUnavailable, Count: 2})
	_, err = client.GetContact(context.Background(), 1, 1)
	require.NoError(t, err)
}
