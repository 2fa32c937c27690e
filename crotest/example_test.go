package crotest_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/crotest"
)

// printingT stands in for the *testing.T of a test in these Examples: it
// prints what would fail the test.
type printingT struct{ testing.TB }

func (printingT) Helper() {}

func (printingT) Errorf(format string, args ...any) { fmt.Printf(format+"\n", args...) }

func ExampleNewTransport() {
	var t testing.TB = printingT{} // in a test: the test's t

	// The server under test answers with a three-character fax.
	srv := httptest.NewServer(crohttp.Middleware()(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := croschema.CustomerContact{ID: 7, Name: "George", Fax: croschema.NewNullString("555")}
		crohttp.WriteContact(w, http.StatusOK, &c)
	})))
	defer srv.Close()

	hc := &http.Client{Transport: crotest.NewTransport(t, srv.Client().Transport)}
	req, _ := http.NewRequest("GET", srv.URL+"/customers/1042/contacts/7", nil)
	req.Header.Set("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2ln")
	req.Header.Set("X-Tenant-Id", "1042")
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	// Output:
	// crotest: the API contract is broken (transport of example_test.go:33):
	//     GET /customers/1042/contacts/7: response 200: /fax: min_length: 3 characters, at least 7 required
}

func ExampleAssertViolations() {
	var t testing.TB = printingT{} // in a test: the test's t

	body := []byte(`{"email": "a@example.com, b@", "fax": "555", "Name": "George"}`)
	ok := crotest.AssertViolations(t, croschema.ModelCreateCustomerContact, body, []crotest.Want{
		{Location: "/email", Code: croschema.CodeEmail},
		{Location: "/fax", Code: croschema.CodeMinLength},
		{Location: "/Name", Code: croschema.CodeUnknownField},
	})
	fmt.Println(ok)

	crotest.AssertValid(t, croschema.ModelCreateCustomerContact, body)
	// Output:
	// true
	// crotest: not a valid CreateCustomerContactModel document:
	//     /Name: unknown_field: unknown field
	//     /email: email: item 2 is not a valid email address: "b@"
	//     /fax: min_length: 3 characters, at least 7 required
}

func ExampleAssertResponse() {
	var t testing.TB = printingT{} // in a test: the test's t

	// What a handler under test wrote.
	rec := httptest.NewRecorder()
	rec.Header().Set("X-Api-Version", "2019/02/08")
	rec.Header().Set("Content-Type", "application/json")
	rec.WriteHeader(http.StatusNotFound)
	io.WriteString(rec, `{"detail": "No such contact.", "field": null}`)

	crotest.AssertResponse(t, croschema.GetContact, rec.Result())
	// Output:
	// crotest: the 404 response to GET /customers/{customer_id}/contacts/{customer_contact_id} does not conform:
	//     x-request-id: required: missing; the header is required
	//     access-control-allow-origin: required: missing; want "*"
	//     access-control-allow-headers: required: missing; want "Authorization, Accept, X-TENANT-ID, Content-Type"
	//     access-control-allow-methods: required: missing; want "GET,PATCH"
}
