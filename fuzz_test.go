package croschema

import (
	"encoding/json"
	"github.com/croschema/croschema/internal/emailaddr"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
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

// FuzzParseBool: ParseBool accepts exactly the four forms in ASCII letter
// case (a slow reference: lower-case ASCII letters, compare), and the JSON
// string holding s decodes as a Bool exactly when ParseBool accepts s.
func FuzzParseBool(f *testing.F) {
	for _, tc := range boolForms {
		f.Add(strings.Trim(tc.json, `"`))
	}
	f.Add("falſe") // U+017F folds to s in Unicode, not in the documented forms
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseBool(s)
		lower := []byte(s)
		for i, c := range lower {
			if 'A' <= c && c <= 'Z' {
				lower[i] = c + 'a' - 'A'
			}
		}
		want, ok := map[string]bool{"0": false, "1": true, "true": true, "false": false}[string(lower)]
		if (err == nil) != ok || got != want {
			t.Fatalf("ParseBool(%q) = %v, %v; want %v, ok %v", s, got, err, want, ok)
		}
		quoted, _ := json.Marshal(s)
		var b Bool
		if jerr := b.UnmarshalJSON(quoted); (jerr == nil) != ok || bool(b) != want {
			t.Fatalf("Bool.UnmarshalJSON(%s) = %v, %v; ParseBool says %v, %v", quoted, b, jerr, got, err)
		}
	})
}

// FuzzValidEmailList: the three ways to check an email list agree (the
// predicate, Validate on a contact, the lint of a document holding it),
// and a list is valid exactly when it is empty, or at most 256 characters
// of items that each pass the address check after trimming.
func FuzzValidEmailList(f *testing.F) {
	for _, tc := range contactCases {
		if tc.key == "email" && strings.HasPrefix(tc.value, `"`) {
			s, _ := unquoteLenient([]byte(tc.value))
			f.Add(s)
		}
	}
	f.Add("a@example.com,\n\tb@bücher.de , \"q\\\"x\"@[::1]")
	f.Fuzz(func(t *testing.T, s string) {
		valid := ValidEmailList(s)

		want := s == ""
		if n, ok := countRunes(s); ok && n <= 256 && s != "" {
			want = true
			for _, item := range strings.Split(s, ",") {
				if !emailaddr.Valid(strings.Trim(item, " \t\r\n")) {
					want = false
				}
			}
		}
		if valid != want {
			t.Fatalf("ValidEmailList(%q) = %v, reference says %v", s, valid, want)
		}

		c := CustomerContact{Name: "George", Email: NewNullString(s)}
		if (c.Validate() == nil) != valid {
			t.Fatalf("Validate with email %q = %v, ValidEmailList = %v", s, c.Validate(), valid)
		}
		if !utf8.ValidString(s) {
			return // JSON cannot carry it as it is
		}
		quoted, _ := json.Marshal(s)
		_, err := LintContact(docWith("email", string(quoted)))
		if (err == nil) != valid {
			t.Fatalf("LintContact with email %s = %v, ValidEmailList = %v", quoted, err, valid)
		}
	})
}
