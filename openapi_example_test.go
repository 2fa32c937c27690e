package croschema_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/croschema/croschema"
)

// An OpenAPI tool reads the document as any other; here, its operations.
func ExampleOpenAPI() {
	type operation struct{ OperationID string }
	var doc struct {
		OpenAPI string
		Paths   map[string]struct{ Get, Patch, Post *operation }
	}
	if err := json.Unmarshal(croschema.OpenAPI(), &doc); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("openapi", doc.OpenAPI)
	for _, path := range slices.Sorted(maps.Keys(doc.Paths)) {
		item := doc.Paths[path]
		for _, m := range []struct {
			method string
			op     *operation
		}{{"GET", item.Get}, {"PATCH", item.Patch}, {"POST", item.Post}} {
			if m.op != nil {
				fmt.Println(m.method, path, m.op.OperationID)
			}
		}
	}
	// Output:
	// openapi 3.0.3
	// POST /customers/{customer_id}/contacts createContact
	// GET /customers/{customer_id}/contacts/{customer_contact_id} getContact
	// PATCH /customers/{customer_id}/contacts/{customer_contact_id} updateContact
}
