package crohttp_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
)

// contacts serves the three endpoints from a map.
type contacts struct {
	mu     sync.Mutex
	byID   map[[2]int64]croschema.CustomerContact // by customer and contact id
	lastID map[int64]int64                        // by customer
}

func (s *contacts) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	req := crohttp.RequestFrom(r) // valid: the middleware answered everything else
	s.mu.Lock()
	defer s.mu.Unlock()
	key := [2]int64{req.Params.CustomerID, req.Params.CustomerContactID}
	c, found := s.byID[key]
	switch {
	case req.Endpoint == croschema.CreateContact:
		c, err := crohttp.ApplyCreate(&req.Create)
		if err != nil {
			crohttp.WriteError(w, crohttp.ErrorFrom(err))
			return
		}
		s.lastID[key[0]]++
		c.ID = s.lastID[key[0]]
		s.byID[[2]int64{key[0], c.ID}] = c
		crohttp.WriteCreated(w, r, &c)
	case !found:
		crohttp.WriteError(w, crohttp.NotFound(r))
	default:
		if req.Endpoint == croschema.UpdateContact {
			crohttp.ApplyUpdate(&c, &req.Update)
			s.byID[key] = c
		}
		crohttp.WriteContact(w, http.StatusOK, &c)
	}
}

func Example() {
	s := &contacts{byID: map[[2]int64]croschema.CustomerContact{}, lastID: map[int64]int64{}}
	srv := httptest.NewServer(crohttp.Middleware()(s))
	defer srv.Close()

	for _, call := range []string{
		`POST /customers/1042/contacts {"name": "George", "fax": "555-1234"}`,
		`PATCH /customers/1042/contacts/1/ {"fax": null, "notify_on_new_request": "TRUE"}`,
		`GET /customers/1042/contacts/1`,
		`GET /customers/1042/contacts/2`,
		`PATCH /customers/1042/contacts/1 {"Name": "G", "fax": "1"}`,
		`DELETE /customers/1042/contacts/1`,
	} {
		method, rest, _ := strings.Cut(call, " ")
		path, body, _ := strings.Cut(rest, " ")
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl")
		req.Header.Set("X-Tenant-Id", "77")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			panic(err)
		}
		out, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); loc != "" {
			fmt.Println("Location:", loc)
		}
		fmt.Println(resp.Status, string(out))
	}
	// Output:
	// Location: /customers/1042/contacts/1
	// 200 OK {"email":null,"fax":"555-1234","id":1,"name":"George","notify_on_acknowledged_request":false,"notify_on_completed_request":false,"notify_on_dispatched_request":false,"notify_on_failed_request":false,"notify_on_new_request":false,"number":null}
	// 200 OK {"email":null,"fax":null,"id":1,"name":"George","notify_on_acknowledged_request":false,"notify_on_completed_request":false,"notify_on_dispatched_request":false,"notify_on_failed_request":false,"notify_on_new_request":true,"number":null}
	// 200 OK {"email":null,"fax":null,"id":1,"name":"George","notify_on_acknowledged_request":false,"notify_on_completed_request":false,"notify_on_dispatched_request":false,"notify_on_failed_request":false,"notify_on_new_request":true,"number":null}
	// 404 Not Found {"detail":"Customer contact 2 of customer 1042 not found.","explanation":null,"field":null}
	// 400 Bad Request {"detail":"Unknown field.","explanation":"UpdateCustomerContactModel.Name: unknown_field: Unknown field.; UpdateCustomerContactModel.fax: min_length: 1 character, at least 7 required","field":"UpdateCustomerContactModel.Name"}
	// 405 Method Not Allowed {"detail":"\"DELETE\" is not allowed on /customers/{customer_id}/contacts/{customer_contact_id}; allowed: GET, PATCH","explanation":null,"field":"RequestLine.method"}
}
