package openapitest

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crogen"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// loadMutant loads the document changed by f, which gets the object at
// the given keys (components, schemas, ...).
func loadMutant(t *testing.T, f func(obj map[string]any), keys ...string) (*openapi3.T, error) {
	t.Helper()
	var root map[string]any
	if err := json.Unmarshal(croschema.OpenAPI(), &root); err != nil {
		t.Fatal(err)
	}
	obj := root
	for _, k := range keys {
		next, ok := obj[k].(map[string]any)
		if !ok {
			t.Fatalf("no object at %v in the document", keys)
		}
		obj = next
	}
	f(obj)
	data, err := json.Marshal(root)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		t.Fatal(err)
	}
	return doc, doc.Validate(context.Background())
}

// The comparison has teeth: with fax's upper bound one lower in the
// document than in the rule table, kin-openapi and croschema disagree on
// some generated request.
func TestDisagreementIsCaught(t *testing.T) {
	var max int
	for _, r := range croschema.ModelCreateCustomerContact.Rules() {
		if r.Key == "fax" {
			max = r.MaxLength
		}
	}
	doc, err := loadMutant(t, func(fax map[string]any) {
		if fax["maxLength"] != float64(max) {
			t.Fatalf("fax's maxLength is %v, want %d", fax["maxLength"], max)
		}
		fax["maxLength"] = max - 1
	}, "components", "schemas", croschema.ModelCreateCustomerContact.String(), "properties", "fax")
	if err != nil {
		t.Fatal(err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	v := &oaValidator{doc: doc, router: router}
	s := newSampler()
	for range 2000 {
		m := message{endpoint: croschema.CreateContact, method: "POST", target: "/customers/1/contacts",
			headers: s.typedHeaders(crogen.RequestHeaderSets(), "POST"), doc: s.doc(crogen.ValidDocs(croschema.ModelCreateCustomerContact))}
		m.body = m.doc.JSON()
		h, err := overTheWire(m.headers.Header())
		if err != nil {
			t.Fatal(err)
		}
		m.header = h
		croOK, _ := croschemaAccepts(m)
		oaOK, _ := v.accepts(m)
		if croOK != oaOK {
			return
		}
	}
	t.Error("2000 valid requests and no disagreement: the differential test would miss a changed bound")
}

// kin-openapi checks the document's examples against their schemas, so
// the documented sample in the document is checked too: a broken one
// fails Validate.
func TestBrokenExampleIsCaught(t *testing.T) {
	keys := []string{"components", "schemas", croschema.ModelCustomerContact.String(), "example"}
	if _, err := loadMutant(t, func(map[string]any) {}, keys...); err != nil {
		t.Fatalf("the document, decoded and encoded again: %v", err)
	}
	_, err := loadMutant(t, func(example map[string]any) { example["name"] = "" }, keys...)
	if err == nil || !strings.Contains(err.Error(), "example") {
		t.Errorf("an example with an empty name: Validate = %v, want an error about the example", err)
	}
}

// docs/openapi.md names every exclusion, framing and server form of the
// differential test: it is what a user of OpenAPI-only tools misses.
func TestDocsListExclusions(t *testing.T) {
	data, err := os.ReadFile("../../docs/openapi.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	var names []string
	for _, x := range exclusions {
		names = append(names, x.name)
	}
	for _, f := range framings {
		names = append(names, f.name)
	}
	for _, f := range serverForms {
		names = append(names, f.name)
	}
	for _, name := range names {
		if !strings.Contains(doc, "**"+name+"**") {
			t.Errorf("docs/openapi.md does not name %q (in bold)", name)
		}
	}
}
