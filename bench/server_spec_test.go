package bench

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/croschema/croschema/bench/oapiserver"
	"github.com/croschema/croschema/bench/ogenserver"
)

// serverSpecPath is the bench's OpenAPI document of the three endpoints,
// from which ogenserver and oapiserver are generated.
const serverSpecPath = "server.openapi.json"

// TestServerSpec checks that ogenserver and oapiserver were generated from
// server.openapi.json as it is (each embeds the document it was generated
// from), and that the document's body models say what the bench's other
// schemas say: the properties of contactOpenAPISchema but id, every key
// optional, unknown keys rejected, the booleans in the forms of boolForms.
func TestServerSpec(t *testing.T) {
	data, err := os.ReadFile(serverSpecPath)
	if err != nil {
		t.Fatal(err)
	}
	want := unmarshalAny(t, data)
	raw, err := oapiserver.PathToRawSpec("spec")["spec"]()
	if err != nil {
		t.Fatal(err)
	}
	for name, embedded := range map[string][]byte{"ogenserver": ogenserver.SpecJSON(), "oapiserver": raw} {
		if !reflect.DeepEqual(unmarshalAny(t, embedded), want) {
			t.Errorf("%s was generated from another document than %s: run go generate ./%s", name, serverSpecPath, name)
		}
	}

	var spec struct {
		Components struct {
			Schemas map[string]map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(data, &spec); err != nil {
		t.Fatal(err)
	}
	contact := unmarshalAny(t, []byte(contactOpenAPISchema)).(map[string]any)
	props := map[string]any{}
	for key, schema := range contact["properties"].(map[string]any) {
		switch {
		case key == "id":
		case strings.HasPrefix(key, "notify_on_"):
			props[key] = map[string]any{"$ref": "#/components/schemas/BooleanForm"}
		default:
			props[key] = schema
		}
	}
	wantBody := map[string]any{"type": "object", "additionalProperties": false, "properties": props}
	schemas := spec.Components.Schemas
	for _, name := range []string{"CreateCustomerContactModel", "UpdateCustomerContactModel"} {
		if got := any(schemas[name]); !reflect.DeepEqual(got, wantBody) {
			t.Errorf("%s: %s = %v,\nwant contactOpenAPISchema without id and required: %v", serverSpecPath, name, got, wantBody)
		}
	}
	if got, want := any(schemas["BooleanForm"]), unmarshalAny(t, []byte(boolForms)); !reflect.DeepEqual(got, want) {
		t.Errorf("%s: BooleanForm = %v, want boolForms %v", serverSpecPath, got, want)
	}
}

func unmarshalAny(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	return v
}
