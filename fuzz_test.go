package croschema

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// The fuzz targets check properties of the strict lint on any bytes:
//   - it never panics, and every violation is well formed;
//   - it agrees with encoding/json on what is JSON: a syntax violation
//     exactly when json.Valid is false;
//   - a syntax violation that is not trailing data stands alone;
//   - a clean document re-encodes canonically, the canonical form lints
//     clean to the same value, and encoding it again gives the same bytes;
//   - the tolerant path (json.Unmarshal + Validate) and validator/v10 accept
//     every clean document and decode the same value.

func FuzzLintContact(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := LintContact(data)
		checkLint(t, contactModel, data, err)
		if err != nil {
			return
		}
		out := c.AppendJSON(nil)
		again, err := LintContact(out)
		if err != nil || again != c {
			t.Fatalf("canonical form %s of %q: lint = %+v, %v; want %+v", out, data, again, err, c)
		}
		if out2 := again.AppendJSON(nil); string(out2) != string(out) {
			t.Fatalf("re-encoding is not idempotent: %s then %s", out, out2)
		}
		var tolerant CustomerContact
		if err := json.Unmarshal(data, &tolerant); err != nil || tolerant != c || tolerant.Validate() != nil {
			t.Fatalf("tolerant path disagrees on %q: %+v, %v (lint: %+v)", data, tolerant, err, c)
		}
		if err := testValidator.Struct(&c); err != nil {
			t.Fatalf("validator/v10 rejects a clean contact %q: %v", data, err)
		}
	})
}

func FuzzLintCreateContact(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := LintCreateContact(data)
		checkLint(t, createModel, data, err)
		if err != nil {
			return
		}
		out := c.AppendJSON(nil)
		again, err := LintCreateContact(out)
		if err != nil || again != c {
			t.Fatalf("canonical form %s of %q: lint = %+v, %v; want %+v", out, data, again, err, c)
		}
		var tolerant CreateCustomerContact
		if err := json.Unmarshal(data, &tolerant); err != nil || tolerant != c || tolerant.Validate() != nil {
			t.Fatalf("tolerant path disagrees on %q: %+v, %v", data, tolerant, err)
		}
		if err := testValidator.Struct(&c); err != nil {
			t.Fatalf("validator/v10 rejects a clean create body %q: %v", data, err)
		}
	})
}

func FuzzLintUpdateContact(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		u, err := LintUpdateContact(data)
		checkLint(t, updateModel, data, err)
		if err != nil {
			return
		}
		out := u.AppendJSON(nil)
		again, err := LintUpdateContact(out)
		if err != nil || again != u {
			t.Fatalf("canonical form %s of %q: lint = %+v, %v; want %+v", out, data, again, err, u)
		}
		// PATCH: the canonical form has exactly the keys that were given
		var keys map[string]json.RawMessage
		if err := json.Unmarshal(out, &keys); err != nil {
			t.Fatal(err)
		}
		var given map[string]json.RawMessage
		if err := json.Unmarshal(data, &given); err != nil {
			t.Fatal(err)
		}
		if len(keys) != len(given) {
			t.Fatalf("update %q re-encoded as %s: keys differ", data, out)
		}
		var tolerant UpdateCustomerContact
		if err := json.Unmarshal(data, &tolerant); err != nil || tolerant != u || tolerant.Validate() != nil {
			t.Fatalf("tolerant path disagrees on %q: %+v, %v", data, tolerant, err)
		}
	})
}

func addSeeds(f *testing.F) {
	f.Add(docWith("", ""))
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"email":null,"name":"x"}`))
	for _, tc := range contactCases {
		f.Add(docWith(tc.key, tc.value))
	}
	for _, c := range jsonCases {
		f.Add([]byte(c))
	}
}

// checkLint checks the properties every lint result has.
func checkLint(t *testing.T, m *model, data []byte, err error) {
	t.Helper()
	var vs Violations
	if err != nil {
		var ok bool
		vs, ok = err.(Violations)
		if !ok || len(vs) == 0 {
			t.Fatalf("lint(%q) error %v is not a non-empty Violations", data, err)
		}
	}
	syntax, trailing := 0, false
	for _, v := range vs {
		if !slices.Contains(Codes(), v.Code) || v.Detail == "" || strings.ContainsAny(v.Detail, "\n") {
			t.Fatalf("malformed violation %#v", v)
		}
		if v.Location != "" && !strings.HasPrefix(v.Location, "/") {
			t.Fatalf("location %q is not a JSON Pointer", v.Location)
		}
		if !strings.HasPrefix(v.Field, m.name) {
			t.Fatalf("field %q is not of %s", v.Field, m.name)
		}
		if v.Code == CodeSyntax {
			syntax++
			trailing = strings.Contains(v.Detail, "after top-level value")
		}
	}
	if maxDepth(data) > 10000 {
		return
	}
	if valid := json.Valid(data); valid != (syntax == 0) {
		t.Fatalf("lint(%q): %d syntax violations, but json.Valid = %v: %v", data, syntax, valid, vs)
	}
	if syntax > 1 || syntax == 1 && !trailing && len(vs) != 1 {
		t.Fatalf("lint(%q): a syntax violation must stand alone: %v", data, vs)
	}
}
