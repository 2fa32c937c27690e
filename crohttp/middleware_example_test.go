package crohttp_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
)

// contacts is a server's store: a customer's contact with id i is at
// index i-1 of its slice (ids are given from 1 upward).
type contacts struct {
	mu sync.Mutex
	m  map[int64][]croschema.CustomerContact
}

// newContactServer returns the three endpoints over s, behind crohttp.Middleware,
// which answers every request the API rejects: the handlers see only valid
// ones, decoded.
func newContactServer(s *contacts, opts ...crohttp.HandlerOption) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /customers/{customer_id}/contacts/{customer_contact_id}", s.get)
	mux.HandleFunc("PATCH /customers/{customer_id}/contacts/{customer_contact_id}", s.get)
	mux.HandleFunc("POST /customers/{customer_id}/contacts", s.create)
	return crohttp.Middleware(opts...)(mux)
}

// get answers Get and Update Contact.
func (s *contacts) get(w http.ResponseWriter, r *http.Request) {
	req := crohttp.RequestFrom(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	list, id := s.m[req.Params.CustomerID], req.Params.CustomerContactID
	if id < 1 || id > int64(len(list)) {
		crohttp.WriteError(w, crohttp.NotFound(r))
		return
	}
	req.Update().Apply(&list[id-1]) // nil for a GET: nothing to apply
	crohttp.WriteContact(w, http.StatusOK, &list[id-1])
}

func (s *contacts) create(w http.ResponseWriter, r *http.Request) {
	req := crohttp.RequestFrom(r)
	c, _ := req.Create().Contact() // the middleware answered a Create it cannot store
	s.mu.Lock()
	defer s.mu.Unlock()
	c.ID = int64(len(s.m[req.Params.CustomerID])) + 1
	s.m[req.Params.CustomerID] = append(s.m[req.Params.CustomerID], c)
	crohttp.WriteCreated(w, r, &c)
}

func Example() {
	server := newContactServer(&contacts{m: map[int64][]croschema.CustomerContact{}})
	for _, c := range []struct{ method, path, body string }{
		{"POST", "/customers/1042/contacts", `{"name": "George", "fax": "555-1234"}`},
		{"PATCH", "/customers/1042/contacts/1/", `{"fax": null, "notify_on_new_request": "TRUE"}`},
		{"GET", "/customers/1042/contacts/2", ""},
		{"PATCH", "/customers/1042/contacts/1", `{"Name": "G", "fax": "1"}`},
		{"DELETE", "/customers/1042/contacts/1", ""},
	} {
		r := httptest.NewRequest(c.method, c.path, strings.NewReader(c.body))
		r.Header.Set("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl")
		r.Header.Set("X-Tenant-Id", "77")
		w := httptest.NewRecorder()
		server.ServeHTTP(w, r)
		if loc := w.Header().Get("Location"); loc != "" {
			fmt.Println("Location:", loc)
		}
		fmt.Println(w.Code, w.Body)
	}
	// Output:
	// Location: /customers/1042/contacts/1
	// 200 {"email":null,"fax":"555-1234","id":1,"name":"George","notify_on_acknowledged_request":false,"notify_on_completed_request":false,"notify_on_dispatched_request":false,"notify_on_failed_request":false,"notify_on_new_request":false,"number":null}
	// 200 {"email":null,"fax":null,"id":1,"name":"George","notify_on_acknowledged_request":false,"notify_on_completed_request":false,"notify_on_dispatched_request":false,"notify_on_failed_request":false,"notify_on_new_request":true,"number":null}
	// 404 {"detail":"Customer contact 2 of customer 1042 not found.","explanation":null,"field":null}
	// 400 {"detail":"Unknown field.","explanation":"UpdateCustomerContactModel.Name: unknown_field: Unknown field.; UpdateCustomerContactModel.fax: min_length: 1 character, at least 7 required","field":"UpdateCustomerContactModel.Name"}
	// 405 {"detail":"\"DELETE\" is not allowed on /customers/{customer_id}/contacts/{customer_contact_id}; allowed: GET, PATCH","explanation":null,"field":"RequestLine.method"}
}
