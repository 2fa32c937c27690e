package croschema_test

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/croschema/croschema"
)

func ExampleParseAPIVersion() {
	v, err := croschema.ParseAPIVersion("2021/11/04")
	if err != nil {
		panic(err)
	}
	fmt.Println(v, v.Compare(croschema.DefaultAPIVersion) > 0, v == croschema.V2021_11_04)

	_, err = croschema.ParseAPIVersion("2019-02-08")
	fmt.Println(err)
	// Output:
	// 2021/11/04 true true
	// croschema: ParseAPIVersion("2019-02-08"): not a known API version
}

func ExampleParseRole() {
	r, err := croschema.ParseRole("Dispatcher")
	if err != nil {
		panic(err)
	}
	fmt.Println(r, croschema.UpdateContact.Allows(r))
	fmt.Println(croschema.UpdateContact.Allows(croschema.RoleDriver))

	_, err = croschema.ParseRole("dispatcher")
	fmt.Println(err)
	// Output:
	// Dispatcher true
	// false
	// croschema: ParseRole("dispatcher"): not a known role
}

func ExampleMatchEndpoint() {
	e, p, err := croschema.MatchEndpoint("GET", "/customers/1042/contacts/7/?fields=name")
	fmt.Println(e.Name(), p.CustomerID, p.CustomerContactID, err)
	fmt.Println(e.RequestModel() == croschema.ModelNone, e.ResponseModel())

	_, _, err = croschema.MatchEndpoint("DELETE", "/customers/abc/contacts/7")
	var vs croschema.Violations
	if errors.As(err, &vs) {
		for _, v := range vs {
			fmt.Println(v)
		}
	}
	// Output:
	// Get Contact 1042 7 <nil>
	// true CustomerContactModel
	// method: method: "DELETE" is not allowed on /customers/{customer_id}/contacts/{customer_contact_id}; allowed: GET, PATCH
	// customer_id: integer: "abc" is not an integer: ASCII digits only, no sign, no spaces
}

func ExampleLintRequestHeaders() {
	h := http.Header{}
	h.Set("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJl")
	h.Set("Content-Type", "application/json")
	h.Set("x-tenant-id", "77")
	h.Set("X-API-Version", "2023/04/19")

	rh, err := croschema.LintRequestHeaders(h, "GET")
	fmt.Println(err)
	fmt.Printf("%+v\n", rh) // the token is redacted

	h.Set("Authorization", "Basic dXNlcjpwYXNzd29yZA==")
	h.Set("Content-Type", "text/plain")
	h.Del("x-tenant-id")
	_, err = croschema.LintRequestHeaders(h, "PATCH") // a PATCH has a body: content-type must be JSON
	var vs croschema.Violations
	if errors.As(err, &vs) {
		for _, v := range vs {
			fmt.Println(v.Field, v.Code)
		}
	}
	// Output:
	// <nil>
	// {Authorization:[redacted bearer token, 57 chars] ContentType:application/json APIVersion:2023/04/19 RequestID: TenantID:77}
	// StandardRequestHeadersModel.authorization pattern
	// StandardRequestHeadersModel.content-type enum
	// StandardRequestHeadersModel.x-tenant-id required
}

func ExampleRequestHeaders_SetHeaders() {
	req, err := http.NewRequest("PATCH", "http://127.0.0.1:8003"+croschema.UpdateContact.PathFor(croschema.PathParams{CustomerID: 1042, CustomerContactID: 7}), nil)
	if err != nil {
		panic(err)
	}
	h := croschema.RequestHeaders{
		Authorization: croschema.NewBearerToken("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2ln"),
		ContentType:   "application/json",
		APIVersion:    croschema.LatestAPIVersion,
		TenantID:      77,
	}
	if err := h.Validate(req.Method); err != nil {
		panic(err)
	}
	h.SetHeaders(req.Header)
	fmt.Println(req.URL.Path, req.Header.Get("X-Api-Version"), req.Header.Get("X-Tenant-Id"))
	fmt.Println(h.Authorization)
	// Output:
	// /customers/1042/contacts/7 2023/04/19 77
	// [redacted bearer token, 49 chars]
}

func ExampleRequestHeaderRules() {
	for _, r := range croschema.RequestHeaderRules() {
		fmt.Printf("%-13s required=%-5v length=%d..%d check=%v (%s)\n",
			r.Name, r.Required, r.MinLength, r.MaxLength, r.Check, r.Check.Code())
	}
	// Output:
	// authorization required=true  length=1..256 check=bearer (pattern)
	// content-type  required=false length=1..256 check=media-type (enum)
	// x-api-version required=false length=0..0 check=api-version (enum)
	// x-request-id  required=false length=0..0 check=uuid (uuid)
	// x-tenant-id   required=true  length=0..0 check=integer (integer)
}

func ExampleModel_Lint() {
	err := croschema.ModelUpdateCustomerContact.Lint([]byte(`{"name": null, "fax": "12"}`))
	var vs croschema.Violations
	if errors.As(err, &vs) {
		for _, v := range vs {
			fmt.Println(v.Field, v.Code)
		}
	}
	fmt.Println(croschema.ModelUpdateCustomerContact.Lint([]byte(`{"fax": null}`)))
	// Output:
	// UpdateCustomerContactModel.fax min_length
	// UpdateCustomerContactModel.name null
	// <nil>
}
