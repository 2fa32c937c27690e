package crohttp_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/croschema/croschema/crohttp"
)

func ExampleNewTransport() {
	// A server that breaks the contract twice: no x-request-id, and an
	// unknown key in the contact.
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Api-Version", "2019/02/08")
		io.WriteString(w, `{"email": null, "fax": null, "id": 7, "name": "George", "nickname": "G",
			"notify_on_acknowledged_request": false, "notify_on_completed_request": false,
			"notify_on_dispatched_request": false, "notify_on_failed_request": false,
			"notify_on_new_request": false, "number": null}`)
	}))
	defer api.Close()

	hc := &http.Client{Transport: crohttp.NewTransport(http.DefaultTransport, func(r crohttp.Report) {
		fmt.Println(r)
	})}

	// A request without x-tenant-id.
	req, _ := http.NewRequest("GET", api.URL+"/customers/1042/contacts/7", nil)
	req.Header.Set("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2ln")
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
	// GET /customers/1042/contacts/7: request: x-tenant-id: required: missing; the header is required
	// GET /customers/1042/contacts/7: response 200: x-request-id: required: missing; the header is required
	// GET /customers/1042/contacts/7: response 200: /nickname: unknown_field: unknown field
	// true
}
