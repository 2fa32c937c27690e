package bench

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"
)

// TestOgenSpec checks that ogencontact was generated from the schema the
// kin-openapi row applies, so that ogen checks what kin-openapi checks.
func TestOgenSpec(t *testing.T) {
	data, err := os.ReadFile("ogencontact/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(data, &spec); err != nil {
		t.Fatal(err)
	}
	var want any
	if err := json.Unmarshal([]byte(contactOpenAPISchema), &want); err != nil {
		t.Fatal(err)
	}
	if got := spec.Components.Schemas["CustomerContactModel"]; !reflect.DeepEqual(got, want) {
		t.Errorf("ogencontact/openapi.json: CustomerContactModel = %v, want contactOpenAPISchema %v", got, want)
	}
}
