package croschema

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// The document follows the endpoint table, whatever its rows: a copy of
// the table with an endpoint that takes no body and one whose success has
// none gets operations without a request body or without content, and no
// $ref that names nothing.
func TestOpenAPIFollowsTable(t *testing.T) {
	contact := endpointTable[GetContact].path
	table := append([]endpointInfo(nil), endpointTable[:]...)
	table = append(table,
		endpointInfo{name: "Delete Contact", method: http.MethodDelete, path: contact,
			roles: newRoleSet(RoleAdmin), request: ModelNone, status: http.StatusNoContent, response: ModelNone,
			doc: "Delete a customer contact."},
		endpointInfo{name: "Touch Contacts", method: http.MethodPut, path: "/customers/{customer_id}/touched",
			roles: newRoleSet(RoleAdmin), request: ModelNone, status: http.StatusAccepted, response: ModelNone,
			location: GetContact, doc: "Touch every contact."},
	)
	var doc struct {
		Paths map[string]map[string]json.RawMessage
	}
	data := encodeOpenAPI(table)
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var del, touch struct {
		RequestBody json.RawMessage
		Responses   map[string]struct {
			Ref     string `json:"$ref"`
			Content json.RawMessage
			Headers map[string]json.RawMessage
		}
	}
	if err := json.Unmarshal(doc.Paths[contact]["delete"], &del); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(doc.Paths["/customers/{customer_id}/touched"]["put"], &touch); err != nil {
		t.Fatal(err)
	}
	if del.RequestBody != nil || touch.RequestBody != nil {
		t.Errorf("an endpoint without a request model has a request body: %s, %s", del.RequestBody, touch.RequestBody)
	}
	if c := del.Responses["204"].Content; c != nil {
		t.Errorf("204 of an endpoint without a response model has content %s", c)
	}
	if _, ok := del.Responses["200"]; ok {
		t.Errorf("Delete Contact has a 200, its success is 204")
	}
	for _, s := range []string{"413", "415"} {
		if _, ok := del.Responses[s]; ok {
			t.Errorf("Delete Contact, without a body, has a %s", s)
		}
	}
	if _, ok := touch.Responses["202"].Headers["location"]; !ok {
		t.Errorf("Touch Contacts names a Location, its 202 declares none")
	}
	var desc string
	if err := json.Unmarshal(doc.Paths[contact]["description"], &desc); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(desc, "Allow: GET,PATCH,DELETE.") {
		t.Errorf("the contact's path item says %q, want Allow: GET,PATCH,DELETE", desc)
	}

	// Every $ref names a part of the document, of the copy as of the table.
	for name, data := range map[string][]byte{"the table": OpenAPI(), "the copy": data} {
		var root any
		if err := json.Unmarshal(data, &root); err != nil {
			t.Fatal(err)
		}
		rs := refs(root)
		if len(rs) == 0 {
			t.Fatalf("%s: no $ref in the document", name)
		}
		for _, ref := range rs {
			if !resolves(root, ref) {
				t.Errorf("%s: $ref %q names nothing in the document", name, ref)
			}
		}
	}
}

// refs returns every $ref in v.
func refs(v any) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		if ref, ok := v["$ref"].(string); ok {
			out = append(out, ref)
		}
		for _, x := range v {
			out = append(out, refs(x)...)
		}
	case []any:
		for _, x := range v {
			out = append(out, refs(x)...)
		}
	}
	return out
}

// resolves reports whether the local reference ref names a part of root.
func resolves(root any, ref string) bool {
	ptr, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return false
	}
	v := root
	for _, tok := range strings.Split(ptr, "/") {
		obj, ok := v.(map[string]any)
		if !ok {
			return false
		}
		if v, ok = obj[strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)]; !ok {
			return false
		}
	}
	return true
}

// Every path parameter of the endpoint table has a description, and the
// document's Allow lists are Endpoint.Allow's.
func TestOpenAPIPathParameters(t *testing.T) {
	for _, path := range oaPathsOf(endpointTable[:]) {
		for _, name := range oaPathParams(path) {
			if oaParamDocs[name] == "" {
				t.Errorf("path parameter %q of %s has no description in oaParamDocs", name, path)
			}
		}
	}
	for _, e := range Endpoints() {
		if got := oaAllow(endpointTable[:], e.Path()); got != e.Allow() {
			t.Errorf("%s: the document's Allow is %q, Endpoint.Allow %q", e.Name(), got, e.Allow())
		}
	}
}
