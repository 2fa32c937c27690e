package crohttp_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
)

func ExampleNewTransport() {
	// A server that breaks the contract twice: no x-request-id, and an
	// unknown key in the contact.
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, _ := croschema.LintRequestHead(r.Method, r.URL.EscapedPath(), r.Header)
		req.SetResponseHeaders(w.Header()) // the headers every answer carries ...
		w.Header().Del("X-Request-Id")     // ... but one
		io.WriteString(w, `{"email": null, "fax": null, "id": 7, "name": "George", "nickname": "G",
			"notify_on_acknowledged_request": false, "notify_on_completed_request": false,
			"notify_on_dispatched_request": false, "notify_on_failed_request": false,
			"notify_on_new_request": false, "number": null}`)
	}))
	defer api.Close()

	hc := &http.Client{Transport: crohttp.NewTransport(http.DefaultTransport, func(r crohttp.Report) {
		fmt.Println(r)
	})}

	// A request with a tenant that is not an integer.
	req, _ := http.NewRequest("GET", api.URL+"/customers/1042/contacts/7", nil)
	req.Header.Set("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2ln")
	req.Header.Set("X-Tenant-Id", "acme")
	resp, err := hc.Do(req)
	if err != nil {
		panic(err)
	}
	body, _ := io.ReadAll(resp.Body) // the response is reported at the end of its body
	resp.Body.Close()
	fmt.Println(strings.HasPrefix(string(body), `{"email": null`))

	// Anything else passes through unchecked.
	resp, _ = hc.Get(api.URL + "/health")
	resp.Body.Close()
	// Output:
	// GET /customers/1042/contacts/7: request: x-tenant-id: integer: "acme" is not an integer: ASCII digits only, no sign, no spaces
	// GET /customers/1042/contacts/7: response 200: status: enum: the API answers this request 400, 401 or 403, not 200
	// GET /customers/1042/contacts/7: response 200: x-request-id: required: missing; the header is required
	// GET /customers/1042/contacts/7: response 200: /nickname: unknown_field: unknown field
	// true
}
