package crohttp_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/crotest"
)

// The tests in this file run the Client, the transport and crotest against
// a server built with crohttp.Middleware: both sides of the contract from
// this package must agree.

// clientStore is the handler behind the middleware: contacts in memory,
// ids from 1 upward per customer.
type clientStore struct {
	mu   sync.Mutex
	byID map[[2]int64]croschema.CustomerContact
	last map[int64]int64
}

func (s *clientStore) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	req := crohttp.RequestFrom(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	switch req.Endpoint {
	case croschema.CreateContact:
		c, err := req.Create().Contact()
		if err != nil {
			crohttp.WriteError(w, crohttp.ErrorFrom(err))
			return
		}
		s.last[req.Params.CustomerID]++
		c.ID = s.last[req.Params.CustomerID]
		s.byID[[2]int64{req.Params.CustomerID, c.ID}] = c
		crohttp.WriteCreated(w, r, &c)
	case croschema.GetContact, croschema.UpdateContact:
		key := [2]int64{req.Params.CustomerID, req.Params.CustomerContactID}
		c, ok := s.byID[key]
		if !ok {
			crohttp.WriteError(w, crohttp.NotFound(r))
			return
		}
		if req.Endpoint == croschema.UpdateContact {
			req.Update().Apply(&c)
			s.byID[key] = c
		}
		crohttp.WriteContact(w, http.StatusOK, &c)
	}
}

// newStoreServer starts a loopback server of clientStore behind
// crohttp.Middleware(opts...).
func newStoreServer(t *testing.T, opts ...crohttp.HandlerOption) *httptest.Server {
	t.Helper()
	s := &clientStore{byID: map[[2]int64]croschema.CustomerContact{}, last: map[int64]int64{}}
	srv := httptest.NewServer(crohttp.Middleware(opts...)(s))
	t.Cleanup(srv.Close)
	return srv
}

// TestClientAgainstMiddleware runs the Client against the middleware over
// crotest's transport on this test's t: every request and answer of the
// exchange must keep the contract, errors included.
func TestClientAgainstMiddleware(t *testing.T) {
	srv := newStoreServer(t)
	hc := &http.Client{Transport: crotest.NewTransport(t, srv.Client().Transport)}
	c := crohttp.NewClient(srv.URL, clientToken, clientTenant, crohttp.WithHTTPClient(hc))
	ctx := context.Background()

	created, err := c.CreateContact(ctx, 1042, croschema.CreateCustomerContact{
		Name:               croschema.Set("George"),
		Fax:                croschema.Set("555-1234"),
		NotifyOnNewRequest: croschema.Set(true),
	})
	require.NoError(t, err)
	want := croschema.CustomerContact{ID: 1, Name: "George", Fax: croschema.NewNullString("555-1234"), NotifyOnNewRequest: true}
	assert.Equal(t, want, created)

	got, err := c.GetContact(ctx, 1042, 1)
	require.NoError(t, err)
	assert.Equal(t, want, got)

	updated, err := c.UpdateContact(ctx, 1042, 1, croschema.UpdateCustomerContact{
		Fax:   croschema.SetNull[string](),
		Email: croschema.Set("shaneduty@gmail.com, ops@example.com"),
	})
	require.NoError(t, err)
	want.Fax, want.Email = croschema.NullString{}, croschema.NewNullString("shaneduty@gmail.com, ops@example.com")
	assert.Equal(t, want, updated)

	// 404: the API's error body, the status, and the request id echoed.
	const id = "b24c2138-65af-4ed3-8e1d-b85a7dc8171c"
	_, err = c.GetContact(crohttp.ContextWithRequestID(ctx, id), 1042, 2)
	var re *crohttp.ResponseError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, http.StatusNotFound, re.StatusCode)
	assert.Equal(t, id, re.RequestID)
	var ae *croschema.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, http.StatusNotFound, ae.StatusCode)
	assert.Equal(t, "Customer contact 2 of customer 1042 not found.", ae.Detail)

	// A valid document that cannot be stored: the server would answer 400,
	// so the Client does not send it.
	_, err = c.CreateContact(ctx, 1042, croschema.CreateCustomerContact{Fax: croschema.Set("555-1234")})
	var vs croschema.Violations
	require.ErrorAs(t, err, &vs)
	assert.True(t, vs.Has("/name", croschema.CodeRequired), "%v", vs)
	assert.Equal(t, "CreateCustomerContactModel.name", vs[0].Field)
}

// TestClientAgainstMiddlewareAuthorization checks the 401 and 403 the
// middleware gives through the Client.
func TestClientAgainstMiddlewareAuthorization(t *testing.T) {
	authorizer := func(role croschema.Role, err error) crohttp.HandlerOption {
		return crohttp.WithAuthorizer(func(context.Context, croschema.BearerToken, int64) (croschema.Role, error) {
			return role, err
		})
	}
	tests := []struct {
		name   string
		opt    crohttp.HandlerOption
		create bool
		status int // 0 for success
	}{
		{"rejected token", authorizer(0, errors.New("expired")), false, 401},
		{"forbidden tenant", authorizer(0, crohttp.ErrForbidden), false, 403},
		{"a Driver may get", authorizer(croschema.RoleDriver, nil), false, 0},
		{"a Driver may not create", authorizer(croschema.RoleDriver, nil), true, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newStoreServer(t, tt.opt)
			hc := &http.Client{Transport: crotest.NewTransport(t, srv.Client().Transport)}
			c := crohttp.NewClient(srv.URL, clientToken, clientTenant, crohttp.WithHTTPClient(hc))
			var err error
			if tt.create {
				_, err = c.CreateContact(context.Background(), 1, croschema.CreateCustomerContact{Name: croschema.Set("G")})
			} else {
				_, err = c.GetContact(context.Background(), 1, 1)
			}
			var ae *croschema.APIError
			require.ErrorAs(t, err, &ae)
			if tt.status == 0 {
				assert.Equal(t, http.StatusNotFound, ae.StatusCode, "authorized: the contact does not exist")
				return
			}
			assert.Equal(t, tt.status, ae.StatusCode)
			assert.NotContains(t, err.Error(), clientAccessToken)
		})
	}
}

// TestTransportAgainstMiddleware sends requests broken in each way the
// lint knows to the middleware through the transport: the transport must
// report exactly the planted request violations and nothing about the
// middleware's answers, which crotest.AssertResponse must accept too.
func TestTransportAgainstMiddleware(t *testing.T) {
	tests := []struct {
		name         string
		method, path string
		header       map[string][]string // changes to validRequestHeader; nil deletes
		body         string
		status       int
		want         []string // sorted "direction location code"
	}{
		{name: "valid create", method: "POST", path: "/customers/1042/contacts", body: `{"name":"George"}`, status: 200},
		{name: "valid get", method: "GET", path: "/customers/1042/contacts/1", status: 200},
		{name: "valid HEAD", method: "HEAD", path: "/customers/1042/contacts/1", status: 200},
		{name: "no such contact", method: "PATCH", path: "/customers/1042/contacts/9", body: `{}`, status: 404},
		{name: "OPTIONS", method: "OPTIONS", path: "/customers/1042/contacts/1", header: map[string][]string{"Authorization": nil}, status: 204},
		{name: "wrong header", method: "GET", path: "/customers/1042/contacts/1",
			header: map[string][]string{"X-Request-Id": {"1"}}, status: 400,
			want: []string{"request x-request-id uuid"}},
		{name: "no token", method: "GET", path: "/customers/1042/contacts/1",
			header: map[string][]string{"Authorization": nil}, status: 401,
			want: []string{"request authorization required"}},
		{name: "no tenant", method: "GET", path: "/customers/1042/contacts/1",
			header: map[string][]string{"X-Tenant-Id": nil}, status: 403,
			want: []string{"request x-tenant-id required"}},
		{name: "bad body", method: "PATCH", path: "/customers/1042/contacts/1", body: `{"fax":"555","name":null}`, status: 400,
			want: []string{"request /fax min_length", "request /name null"}},
		{name: "unknown field", method: "POST", path: "/customers/1042/contacts", body: `{"Name":"George","name":"George"}`, status: 400,
			want: []string{"request /Name unknown_field"}},
		{name: "not JSON", method: "POST", path: "/customers/1042/contacts", body: `name=George`, status: 400,
			want: []string{"request  syntax"}},
		{name: "wrong media type", method: "POST", path: "/customers/1042/contacts", body: `{"name":"George"}`,
			header: map[string][]string{"Content-Type": {"text/plain"}}, status: 415,
			want: []string{"request content-type enum"}},
		{name: "bad path parameter", method: "GET", path: "/customers/1042/contacts/x", status: 400,
			want: []string{"request customer_contact_id integer"}},
		{name: "method not allowed", method: "DELETE", path: "/customers/1042/contacts/1", status: 405,
			want: []string{"request method method"}},
	}
	srv := newStoreServer(t)
	// The contact that the valid requests get.
	seed := crohttp.NewClient(srv.URL, clientToken, clientTenant)
	_, err := seed.CreateContact(context.Background(), 1042, croschema.CreateCustomerContact{Name: croschema.Set("George")})
	require.NoError(t, err)

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log reportLog
			hc := &http.Client{Transport: crohttp.NewTransport(srv.Client().Transport, log.add)}
			var body io.Reader
			if tt.body != "" {
				body = strings.NewReader(tt.body)
			}
			req, err := http.NewRequest(tt.method, srv.URL+tt.path, body)
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
			defer resp.Body.Close()
			assert.Equal(t, tt.status, resp.StatusCode)
			if tt.method != "OPTIONS" {
				e, _, _ := croschema.MatchEndpoint(tt.method, tt.path)
				if !e.IsValid() {
					e = croschema.GetContact
				}
				crotest.AssertResponse(t, e, resp)
			}
			_, err = io.ReadAll(resp.Body)
			require.NoError(t, err)
			assert.Equal(t, tt.want, log.summary())
		})
	}
}
