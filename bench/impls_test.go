package bench

import (
	"slices"
	"strings"
	"testing"
)

// Short names of the implementations, for the table below.
const (
	lint = ImplLint
	dv   = ImplDecodeValidate
	uj   = ImplUnmarshalJSON
	ej   = ImplEncodingJSON
	v10  = ImplValidatorV10
	js   = ImplJSONSchemaV6
	kin  = ImplKinOpenAPI
	og   = ImplOgen
	jv2  = ImplJSONV2
)

var allImpls = []string{lint, dv, uj, ej, v10, js, kin, og, jv2}

// TestImpls checks that every implementation accepts every valid document
// of the benchmarks, so that each benchmark measures the success path.
func TestImpls(t *testing.T) {
	inputs := append(contactInputs(t), input{"1KB", [][]byte{SizedContact(1 << 10)}})
	for _, im := range Impls() {
		for _, in := range inputs {
			for i, doc := range in.docs {
				if err := im.Check(doc); err != nil {
					t.Errorf("%s rejects %s document %d: %v\n%s", im.Name, in.name, i, err, doc)
				}
			}
		}
	}
}

// TestImplsReject is the table of which implementation catches which broken
// document: it proves that each one does real checking work, and records
// what each one misses. encoding-json is the floor: it rejects only what it
// cannot decode.
func TestImplsReject(t *testing.T) {
	tests := []struct {
		name    string
		doc     []byte
		reject  []string // the implementations that must reject doc; the others must accept it
		comment string
	}{
		{"syntax-truncated", sampleWith(t, "\"360-555-1212\"\n}", `"360-555-1212"`), allImpls, ""},
		{"type-body-array", []byte(`[]`), allImpls, ""},
		{"id-fraction", sampleWith(t, `"id": 1,`, `"id": 1.5,`), allImpls, ""},
		{"bool-yes", sampleWith(t, `"notify_on_new_request": true`, `"notify_on_new_request": "yes"`), allImpls, ""},
		{"name-too-long", sampleWith(t, `"George"`, `"`+strings.Repeat("é", 129)+`"`), []string{lint, dv, uj, v10, js, kin, og}, ""},
		{"name-null", sampleWith(t, `"George"`, `null`), []string{lint, dv, uj, v10, js, kin, og},
			"the tolerant decode leaves the name empty, which Validate rejects"},
		{"fax-too-short", sampleWith(t, `"fax": null`, `"fax": "123"`), []string{lint, dv, uj, v10, js, kin, og}, ""},
		{"email-invalid-item", sampleWith(t, `"shaneduty@gmail.com"`, `"shaneduty@gmail.com, not-an-address"`), []string{lint, dv, uj, v10, js, kin, og}, ""},
		{"email-empty-item", sampleWith(t, `"shaneduty@gmail.com"`, `"shaneduty@gmail.com,"`), []string{lint, dv, uj, v10, js, kin, og}, ""},
		{"required-id-missing", sampleWith(t, "\"id\": 1,\n", ""), []string{lint, v10, js, kin, og},
			"the tolerant decode cannot tell a missing id from 0"},
		{"unknown-field", sampleWith(t, `"id": 1,`, `"id": 1, "Name": "x",`), []string{lint, js, kin, og, jv2},
			"json.Unmarshal ignores unknown keys"},
		{"duplicate-key", sampleWith(t, `"id": 1,`, `"id": 1, "id": 2,`), []string{lint, jv2},
			"json/v2 rejects them too; every other decoder keeps the last value"},
		{"invalid-utf8", sampleWith(t, `"George"`, "\"Geo\xffrge\""), []string{lint, jv2},
			"json/v2 rejects it too; every other decoder replaces it with U+FFFD"},
		{"trailing-data", sampleWith(t, "\"360-555-1212\"\n}", "\"360-555-1212\"\n} {}"), allImpls, ""},
		{"valid-lenient-bool", sampleWith(t, `"notify_on_new_request": true`, `"notify_on_new_request": "TRUE"`), []string{ej, v10, jv2},
			"valid per RULES.md; a plain bool field does not decode it"},
	}
	impls := Impls()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, im := range impls {
				err := im.Check(tt.doc)
				want := slices.Contains(tt.reject, im.Name)
				if (err != nil) != want {
					t.Errorf("%s: err = %v, want rejected = %v (%s)\n%s", im.Name, err, want, tt.comment, tt.doc)
				}
			}
		})
	}
}
