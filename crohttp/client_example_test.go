package crohttp_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/crotest"
)

// sampleAPI is a stand-in for the API in the Examples: it answers Get
// Contact of customer 1042's contact 1 with the documented sample, and
// every other request with a 404 error body.
func sampleAPI() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Api-Version", "2019/02/08")
		w.Header().Set("X-Request-Id", r.Header.Get("X-Request-Id"))
		if r.Method != http.MethodGet || r.URL.Path != "/customers/1042/contacts/1" {
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"field": "CustomerContactModel.id", "detail": "No such contact.", "explanation": null}`)
			return
		}
		io.WriteString(w, `{"email": "shaneduty@gmail.com", "fax": null, "id": 1, "name": "George",
			"notify_on_acknowledged_request": false, "notify_on_completed_request": true,
			"notify_on_dispatched_request": true, "notify_on_failed_request": true,
			"notify_on_new_request": "True", "number": "360-555-1212", "added_in_2031": 1}`)
	}))
}

func ExampleNewClient() {
	api := httptest.NewServer(crotest.NewMock(crotest.WithSample())) // the package's mock of the API
	defer api.Close()
	ctx := context.Background()

	c := crohttp.NewClient(api.URL, croschema.NewBearerToken("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2ln"), 1042)
	contact, err := c.GetContact(ctx, 1, 1) // customer 1's contact 1
	fmt.Println(contact.Name, err)

	_, err = c.GetContact(ctx, 1, 2) // an error answer: the API's error body, with the status
	var apiErr *croschema.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Detail)
	}

	// A request that would break the contract is not sent.
	_, err = c.CreateContact(ctx, 1, croschema.CreateCustomerContact{
		Name: croschema.Set("George"),
		Fax:  croschema.Set("555"),
	})
	var vs croschema.Violations
	if errors.As(err, &vs) {
		fmt.Println(vs[0])
	}
	// Output:
	// George <nil>
	// 404 Customer contact 2 of customer 1 not found.
	// /fax: min_length: 3 characters, at least 7 required
}

func ExampleResponseError() {
	api := sampleAPI()
	defer api.Close()

	c := crohttp.NewClient(api.URL, croschema.NewBearerToken("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2ln"), 1042)
	ctx := crohttp.ContextWithRequestID(context.Background(), "b24c2138-65af-4ed3-8e1d-b85a7dc8171c")
	_, err := c.UpdateContact(ctx, 1042, 1, croschema.UpdateCustomerContact{Fax: croschema.SetNull[string]()})

	var re *crohttp.ResponseError
	if errors.As(err, &re) {
		fmt.Println(re.StatusCode, re.RequestID)
	}
	fmt.Println(err)
	// Output:
	// 404 b24c2138-65af-4ed3-8e1d-b85a7dc8171c
	// crohttp: PATCH /customers/1042/contacts/1: 404 Not Found (x-request-id b24c2138-65af-4ed3-8e1d-b85a7dc8171c): CustomerContactModel.id: No such contact.
}

func ExampleWithLenientResponses() {
	// A server whose contact breaks a value rule: a three-character fax.
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"email": null, "fax": "555", "id": 7, "name": "George",
			"notify_on_acknowledged_request": 0, "notify_on_completed_request": 0,
			"notify_on_dispatched_request": 0, "notify_on_failed_request": 0,
			"notify_on_new_request": 0, "number": null}`)
	}))
	defer api.Close()
	token := croschema.NewBearerToken("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2ln")

	// By default, that is an error.
	_, err := crohttp.NewClient(api.URL, token, 1042).GetContact(context.Background(), 1042, 7)
	fmt.Println(err != nil)

	// Lenient: the contact, and a report of what is wrong with it.
	c := crohttp.NewClient(api.URL, token, 1042, crohttp.WithLenientResponses(func(r crohttp.Report) {
		fmt.Println(r)
	}))
	contact, err := c.GetContact(context.Background(), 1042, 7)
	fmt.Println(contact.Fax.String, err)
	// Output:
	// true
	// GET /customers/1042/contacts/7: response 200: /fax: min_length: 3 characters, at least 7 required
	// 555 <nil>
}
