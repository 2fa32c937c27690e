package genclients_test

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
)

// store is a small conforming server of the endpoints: the handler behind
// crohttp.Middleware keeps contacts in a map, applies Creates with
// (*CreateCustomerContact).Contact and Updates with
// (*UpdateCustomerContact).Apply, and answers a Create past max with 507,
// as crolint serve's full store does.
type store struct {
	t   *testing.T
	max int

	mu       sync.Mutex
	contacts map[[2]int64]croschema.CustomerContact // by customer and contact id
	last     map[int64]int64                        // the last id per customer
}

// newServer starts the store behind crohttp.Middleware, in its test mode:
// every response it writes is linted, and a violation fails t. It listens
// on loopback and stops when t ends.
func newServer(t *testing.T, max int) *httptest.Server {
	s := &store{t: t, max: max, contacts: map[[2]int64]croschema.CustomerContact{}, last: map[int64]int64{}}
	check := crohttp.WithResponseCheck(func(r *http.Request, vs croschema.Violations) {
		t.Errorf("the server's response to %s %s breaks the contract: %v", r.Method, r.URL.Path, vs)
	})
	srv := httptest.NewServer(crohttp.Middleware(check)(s))
	t.Cleanup(srv.Close)
	return srv
}

func (s *store) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	req := crohttp.RequestFrom(r)
	p := req.Params
	s.mu.Lock()
	defer s.mu.Unlock()
	switch req.Endpoint {
	case croschema.CreateContact:
		c, err := req.Create().Contact()
		if err != nil {
			crohttp.WriteError(w, crohttp.ErrorFrom(err))
			return
		}
		if len(s.contacts) >= s.max {
			crohttp.WriteError(w, &croschema.APIError{StatusCode: http.StatusInsufficientStorage, Detail: "The store is full."})
			return
		}
		s.last[p.CustomerID]++
		c.ID = s.last[p.CustomerID]
		s.contacts[[2]int64{p.CustomerID, c.ID}] = c
		crohttp.WriteCreated(w, r, &c)
	case croschema.UpdateContact:
		c, ok := s.contacts[[2]int64{p.CustomerID, p.CustomerContactID}]
		if !ok {
			crohttp.WriteError(w, crohttp.NotFound(r))
			return
		}
		req.Update().Apply(&c)
		s.contacts[[2]int64{p.CustomerID, p.CustomerContactID}] = c
		crohttp.WriteContact(w, http.StatusOK, &c)
	case croschema.GetContact:
		c, ok := s.contacts[[2]int64{p.CustomerID, p.CustomerContactID}]
		if !ok {
			crohttp.WriteError(w, crohttp.NotFound(r))
			return
		}
		crohttp.WriteContact(w, http.StatusOK, &c)
	default:
		s.t.Errorf("the store has no answer for %v", req.Endpoint)
		crohttp.WriteError(w, &croschema.APIError{StatusCode: http.StatusNotImplemented, Detail: "Not implemented."})
	}
}
