package croschema_test

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/croschema/croschema"
	"github.com/stretchr/testify/require"
)

// The fuzz targets check properties of the strict lint on any bytes:
//   - it never panics, and every violation is well formed;
//   - it agrees with encoding/json on what is JSON: a syntax violation
//     exactly when json.Valid is false;
//   - a syntax violation that is not trailing data stands alone;
//   - at most 1000 violations, then one limit violation at "";
//   - every detail is valid UTF-8, and String shows nothing a terminal
//     could act on (control characters in keys, U+0085, U+2028, U+2029);
//   - a clean document re-encodes canonically, the canonical form lints
//     clean to the same value, and encoding it again gives the same bytes;
//   - the tolerant path (json.Unmarshal + Validate) and validator/v10 accept
//     every clean document and decode the same value.

func FuzzLintContact(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := croschema.LintContact(data)
		checkLint(t, croschema.ModelCustomerContact, data, err)
		if err != nil {
			return
		}
		out := c.AppendJSON(nil)
		again, err := croschema.LintContact(out)
		if err != nil || again != c {
			t.Fatalf("canonical form %s of %q: lint = %+v, %v; want %+v", out, data, again, err, c)
		}
		if out2 := again.AppendJSON(nil); string(out2) != string(out) {
			t.Fatalf("re-encoding is not idempotent: %s then %s", out, out2)
		}
		var tolerant croschema.CustomerContact
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
		c, err := croschema.LintCreateContact(data)
		checkLint(t, croschema.ModelCreateCustomerContact, data, err)
		if err != nil {
			return
		}
		out := c.AppendJSON(nil)
		again, err := croschema.LintCreateContact(out)
		if err != nil || again != c {
			t.Fatalf("canonical form %s of %q: lint = %+v, %v; want %+v", out, data, again, err, c)
		}
		var tolerant croschema.CreateCustomerContact
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
		u, err := croschema.LintUpdateContact(data)
		checkLint(t, croschema.ModelUpdateCustomerContact, data, err)
		if err != nil {
			return
		}
		out := u.AppendJSON(nil)
		again, err := croschema.LintUpdateContact(out)
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
		var tolerant croschema.UpdateCustomerContact
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
	for _, c := range croschema.JSONCases {
		f.Add([]byte(c))
	}
	// Nesting at encoding/json's limit of 10,000, the body included.
	for _, n := range []int{9999, 10000} {
		f.Add([]byte(`{"x":` + strings.Repeat("[", n) + strings.Repeat("]", n) + `}`))
		f.Add([]byte(strings.Repeat("[", n+1) + strings.Repeat("]", n+1)))
	}
	// Control characters in keys and values, raw where JSON allows them,
	// escaped where it does not; a bare CR as space and inside a string.
	f.Add([]byte(`{"\u001b]0;PWNED\u0007\u001b[2J":1,"name":"\u0085\u2028\u2029"}`))
	f.Add([]byte("{\"\x7f\u0085\u2028\u202e\":1,\r\"fax\":\"\x7f\"\r}\r"))
	f.Add([]byte("{\"name\":\"a\rb\"}"))
	f.Add([]byte(`{"email":"a@b.com\r\n,c@d.com","notify_on_new_request":"\u0000"}`))
	// The violation cap: just under, at and over 1000 violations.
	for _, n := range []int{999, 1000, 1001} {
		f.Add([]byte("{" + strings.Repeat(`"":0,`, n) + `"id":"x"}`))
	}
}

// checkLint checks the properties every lint result has.
func checkLint(t *testing.T, m croschema.Model, data []byte, err error) {
	t.Helper()
	var vs croschema.Violations
	if err != nil {
		var ok bool
		vs, ok = err.(croschema.Violations)
		if !ok || len(vs) == 0 {
			t.Fatalf("lint(%q) error %v is not a non-empty Violations", data, err)
		}
	}
	if len(vs) > croschema.MaxViolations+1 {
		t.Fatalf("lint(%q): %d violations", data, len(vs))
	}
	syntax, trailing := 0, false
	for i, v := range vs {
		if !slices.Contains(croschema.Codes(), v.Code) || v.Detail == "" || strings.ContainsAny(v.Detail, "\n") {
			t.Fatalf("malformed violation %#v", v)
		}
		if !utf8.ValidString(v.Detail) {
			t.Fatalf("detail %q is not valid UTF-8", v.Detail)
		}
		for _, r := range v.String() {
			if !strconv.IsPrint(r) {
				t.Fatalf("%q.String() holds %q", v, r)
			}
		}
		if (v.Code == croschema.CodeLimit) != (i == croschema.MaxViolations) {
			t.Fatalf("violation %d of %d is %v", i, len(vs), v)
		}
		if v.Location != "" && !strings.HasPrefix(v.Location, "/") {
			t.Fatalf("location %q is not a JSON Pointer", v.Location)
		}
		if !strings.HasPrefix(v.Field, m.String()) {
			t.Fatalf("field %q is not of %s", v.Field, m)
		}
		if v.Code == croschema.CodeSyntax {
			syntax++
			trailing = strings.Contains(v.Detail, "after top-level value")
		}
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
		got, err := croschema.ParseBool(s)
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
		var b croschema.Bool
		if jerr := b.UnmarshalJSON(quoted); (jerr == nil) != ok || bool(b) != want {
			t.Fatalf("Bool.UnmarshalJSON(%s) = %v, %v; ParseBool says %v, %v", quoted, b, jerr, got, err)
		}
	})
}

// FuzzValidEmailList: the three ways to check an email list agree (the
// predicate, Validate on a contact, the lint of a document holding it) on
// any string s; and on a list built from picks out of Django's own
// verdicts (internal/emailaddr/testdata/vectors.jsonl, written by Django's
// EmailValidator), with white space around the items, ValidEmailList
// agrees with a reference that knows nothing of the implementation: a
// list is valid exactly when it is empty, or at most 256 characters of
// items that Django accepts.
func FuzzValidEmailList(f *testing.F) {
	for _, tc := range contactCases {
		if tc.key == "email" && strings.HasPrefix(tc.value, `"`) {
			var s string
			require.NoError(f, json.Unmarshal([]byte(tc.value), &s))
			f.Add(s, []byte{0, 1, 0})
		}
	}
	f.Add("a@example.com,\n\tb@bücher.de , \"q\\\"x\"@[::1]", []byte{0, 0, 0, 1, 0, 255, 0x10, 0x20, 0xff})
	vectors := emailVectors(f)
	f.Fuzz(func(t *testing.T, s string, picks []byte) {
		list, want := referenceEmailList(vectors, picks)
		if got := croschema.ValidEmailList(list); got != want {
			t.Fatalf("ValidEmailList(%q) = %v, Django's verdicts say %v", list, got, want)
		}

		valid := croschema.ValidEmailList(s)
		c := croschema.CustomerContact{Name: "George", Email: croschema.NewNullString(s)}
		if (c.Validate() == nil) != valid {
			t.Fatalf("Validate with email %q = %v, ValidEmailList = %v", s, c.Validate(), valid)
		}
		if !utf8.ValidString(s) {
			return // JSON cannot carry it as it is
		}
		quoted, _ := json.Marshal(s)
		_, err := croschema.LintContact(docWith("email", string(quoted)))
		if (err == nil) != valid {
			t.Fatalf("LintContact with email %s = %v, ValidEmailList = %v", quoted, err, valid)
		}
	})
}

// emailVector is an address and whether croschema must accept it: Django's
// verdict, turned over for the known deviation (internal/emailaddr's
// TestVectors checks that those are exactly the four letters).
type emailVector struct {
	addr  string
	valid bool
}

// emailVectors reads Django's verdicts, leaving out the addresses that an
// email list cannot carry as one item (a comma, or white space that the
// list trims).
func emailVectors(tb testing.TB) []emailVector {
	data, err := os.ReadFile("internal/emailaddr/testdata/vectors.jsonl")
	require.NoError(tb, err)
	var out []emailVector
	for line := range bytes.Lines(data) {
		var v struct {
			Addr      string `json:"addr"`
			Django    bool   `json:"django"`
			Deviation bool   `json:"deviation"`
		}
		require.NoError(tb, json.Unmarshal(line, &v))
		if strings.Contains(v.Addr, ",") || strings.Trim(v.Addr, " \t\r\n") != v.Addr || v.Addr == "" {
			continue
		}
		out = append(out, emailVector{v.Addr, v.Django != v.Deviation})
	}
	require.NotEmpty(tb, out)
	return out
}

// referenceEmailList builds a list from picks, three bytes an item: two
// pick a vector, one the white space around it; and returns the list and
// whether it is valid by the rule alone (RULES.md "Email lists").
func referenceEmailList(vectors []emailVector, picks []byte) (string, bool) {
	const spaces = " \t\r\n"
	var items []string
	valid := true
	for ; len(picks) >= 3; picks = picks[3:] {
		v := vectors[(int(picks[0])<<8|int(picks[1]))%len(vectors)]
		sp := picks[2]
		before := strings.Repeat(string(spaces[sp&3]), int(sp>>2&3))
		after := strings.Repeat(string(spaces[sp>>4&3]), int(sp>>6))
		items = append(items, before+v.addr+after)
		valid = valid && v.valid
	}
	list := strings.Join(items, ",")
	if list == "" {
		return "", true
	}
	return list, valid && utf8.RuneCountInString(list) <= 256
}
