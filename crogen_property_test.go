package croschema_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crogen"
	"github.com/croschema/croschema/crovalidator"
	"github.com/go-playground/validator/v10"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
	"github.com/stretchr/testify/assert"
)

// These properties check every consumer of the rule table against the
// documents crogen derives from the same table: the strict lint, the
// tolerant decoders with Validate, the canonical encoder and the
// validator/v10 tags.

var crogenSeed = flag.Int64("crogen.seed", 1, "seed of the crogen properties; 0 for a new one each run")

// crogenProperties are gopter properties with the seed they run with.
type crogenProperties struct {
	*gopter.Properties
	seed int64
}

// newProperties returns properties that each need n successful tests.
func newProperties(t *testing.T, n int) crogenProperties {
	seed := *crogenSeed
	if seed == 0 {
		seed = time.Now().UnixNano()
	}
	p := gopter.DefaultTestParametersWithSeed(seed)
	p.MinSuccessfulTests = n
	return crogenProperties{gopter.NewProperties(p), seed}
}

// run checks the properties and reports the failed ones, with their
// shrunk counterexamples, as test errors; passing ones stay quiet.
func (p crogenProperties) run(t *testing.T) {
	t.Helper()
	var out strings.Builder
	if !p.Run(gopter.NewFormatedReporter(false, 100, &out)) {
		t.Errorf("with -crogen.seed=%d:\n%s", p.seed, out.String())
	}
}

// modelAPI is the Go side of one body model: its strict lint, its
// tolerant decoder, its encoder and its Validate, over its Go type.
type modelAPI struct {
	m        croschema.Model
	lint     func([]byte) (any, error)
	decode   func([]byte) (any, error) // json.Unmarshal into a new value
	encode   func(any) ([]byte, error) // json.Marshal
	validate func(any) error
	ptr      func(any) any // a pointer to a copy, for validator/v10
}

func newAPI[T any, P interface {
	*T
	Validate() error
}](m croschema.Model, lint func([]byte) (T, error)) modelAPI {
	return modelAPI{
		m:    m,
		lint: func(b []byte) (any, error) { return lint(b) },
		decode: func(b []byte) (any, error) {
			var v T
			err := json.Unmarshal(b, &v)
			return v, err
		},
		encode:   func(v any) ([]byte, error) { return json.Marshal(v.(T)) },
		validate: func(v any) error { t := v.(T); return P(&t).Validate() },
		ptr:      func(v any) any { t := v.(T); return &t },
	}
}

var modelAPIs = []modelAPI{
	newAPI(croschema.ModelCustomerContact, croschema.LintContact),
	newAPI(croschema.ModelCreateCustomerContact, croschema.LintCreateContact),
	newAPI(croschema.ModelUpdateCustomerContact, croschema.LintUpdateContact),
	newAPI(croschema.ModelAPIError, croschema.LintAPIError),
}

// matchesWant reports how vs differs from the one violation d is labelled
// with ("" when it is exactly that one).
func matchesWant(d crogen.Doc, vs croschema.Violations) string {
	if d.Valid() {
		if len(vs) != 0 {
			return fmt.Sprintf("valid document has violations: %v", vs)
		}
		return ""
	}
	if len(vs) != 1 || vs[0].Location != d.Want.Location || vs[0].Code != d.Want.Code || vs[0].Field != d.Want.Field {
		return fmt.Sprintf("want exactly %+v, got %v", d.Want, vs)
	}
	return ""
}

// Valid documents lint clean; their value survives encoding, the
// canonical encoding is a fixed point, and the tolerant decoder reads the
// same value from the lenient document.
func TestCrogenValidDocuments(t *testing.T) {
	for _, api := range modelAPIs {
		properties := newProperties(t, 400)
		properties.Property(api.m.String()+" valid documents round-trip", prop.ForAll(func(d crogen.Doc) string {
			v, err := api.lint(d.JSON())
			if msg := matchesWant(d, violations(err)); msg != "" || err != nil {
				return fmt.Sprintf("lint: %s %v", msg, err)
			}
			if err := api.validate(v); err != nil {
				return fmt.Sprintf("Validate of the linted value: %v", err)
			}
			canon, err := api.encode(v)
			if err != nil {
				return fmt.Sprintf("encode: %v", err)
			}
			again, err := api.lint(canon)
			if err != nil || again != v {
				return fmt.Sprintf("lint(encode(v)) = %+v, %v; want %+v", again, err, v)
			}
			if canon2, _ := api.encode(again); string(canon2) != string(canon) {
				return fmt.Sprintf("canonical encoding is not idempotent: %s then %s", canon, canon2)
			}
			tolerant, err := api.decode(d.JSON())
			if err != nil || tolerant != v {
				return fmt.Sprintf("json.Unmarshal = %+v, %v; lint decoded %+v", tolerant, err, v)
			}
			return ""
		}, crogen.ValidDocs(api.m)))
		properties.run(t)
	}
}

// Each way of breaking each rule yields exactly its labelled violation.
func TestCrogenBrokenDocuments(t *testing.T) {
	for _, api := range modelAPIs {
		properties := newProperties(t, 40)
		for _, b := range crogen.Breaks(api.m) {
			properties.Property(fmt.Sprintf("%s %q %s", api.m, b.Key, b.Code), prop.ForAll(func(d crogen.Doc) string {
				if d.Want.Code != b.Code || (b.Key != "" && d.Want.Location != "/"+b.Key) {
					return fmt.Sprintf("generator of %q %s labelled a document %v", b.Key, b.Code, d.Want)
				}
				// The model's Lint and its typed LintX agree.
				_, err := api.lint(d.JSON())
				if !reflect.DeepEqual(violations(err), violations(api.m.Lint(d.JSON()))) {
					return fmt.Sprintf("LintX says %v, Model.Lint says %v", err, api.m.Lint(d.JSON()))
				}
				return matchesWant(d, violations(err))
			}, b.Gen))
		}
		properties.run(t)
	}
}

// tolerantBlind lists, per model, the codes that the tolerant path
// (json.Unmarshal, then Validate) does not report, by design:
//   - unknown_field: json.Unmarshal ignores unknown keys, so that a newer
//     server does not break an older client;
//   - duplicate_key: as in encoding/json, the last value wins;
//   - invalid_utf8: as in encoding/json, invalid bytes decode to U+FFFD;
//   - required and null, for the models whose Go fields are plain values
//     (CustomerContact, APIError): a missing or null key decodes to the zero
//     value, which Validate cannot tell from one that was sent. The create
//     and update models keep absent and null apart (Optional) and report
//     null;
//   - a null body, for every model: UnmarshalJSON leaves the value as it
//     was, by encoding/json's convention.
var tolerantBlind = map[croschema.Model][]croschema.Code{
	croschema.ModelCustomerContact:       {croschema.CodeUnknownField, croschema.CodeDuplicateKey, croschema.CodeInvalidUTF8, croschema.CodeRequired, croschema.CodeNull},
	croschema.ModelCreateCustomerContact: {croschema.CodeUnknownField, croschema.CodeDuplicateKey, croschema.CodeInvalidUTF8},
	croschema.ModelUpdateCustomerContact: {croschema.CodeUnknownField, croschema.CodeDuplicateKey, croschema.CodeInvalidUTF8},
	croschema.ModelAPIError:              {croschema.CodeUnknownField, croschema.CodeDuplicateKey, croschema.CodeInvalidUTF8, croschema.CodeRequired, croschema.CodeNull},
}

// The tolerant path agrees with the strict lint on every generated
// document, but for the codes it is blind to by design; where it reports
// violations, they are the strict lint's.
func TestCrogenTolerantAgreesWithStrict(t *testing.T) {
	for _, api := range modelAPIs {
		counts := map[string]int{}
		properties := newProperties(t, 2000)
		properties.Property(api.m.String()+" tolerant agrees with strict", prop.ForAll(func(d crogen.Doc) string {
			strict := violations(api.m.Lint(d.JSON()))
			v, err := api.decode(d.JSON())
			var tolerant croschema.Violations
			var syntax *json.SyntaxError
			switch {
			case errors.As(err, &syntax):
				// json.Unmarshal checks the whole input before decoding.
				tolerant = croschema.Violations{{Code: croschema.CodeSyntax}}
			case err != nil:
				tolerant = violations(err)
				if tolerant == nil {
					return fmt.Sprintf("json.Unmarshal error is no Violations: %v", err)
				}
			default:
				tolerant = violations(api.validate(v))
			}
			if d.Want.Code == croschema.CodeNull && d.Want.Location == "" {
				// A null body: by encoding/json's convention UnmarshalJSON
				// leaves the value as it was, so there is nothing to compare.
				if err != nil {
					return fmt.Sprintf("decoding a null body: %v", err)
				}
				counts["blind null body"]++
				return ""
			}
			if slices.Contains(tolerantBlind[api.m], d.Want.Code) {
				// Blind, but not wrong elsewhere: whatever it reports is
				// about the key the document breaks (a U+FFFD in an email
				// list is an invalid item; a missing name is empty).
				counts["blind "+string(d.Want.Code)]++
				for _, v := range tolerant {
					if v.Location != d.Want.Location {
						return fmt.Sprintf("tolerant path reports %v for a document that breaks only %v", tolerant, d.Want)
					}
				}
				return ""
			}
			counts["agree"]++
			if (len(strict) == 0) != (len(tolerant) == 0) {
				return fmt.Sprintf("strict %v, tolerant %v", strict, tolerant)
			}
			if d.Want.Code == croschema.CodeSyntax {
				return ""
			}
			return matchesWant(d, tolerant)
		}, crogen.AnyDocs(api.m)))
		properties.run(t)
		t.Logf("%s: %v", api.m, counts)
	}
}

// newTagValidator returns a validator/v10 validator with croschema's tags,
// naming fields by their JSON key.
func newTagValidator(t *testing.T) *validator.Validate {
	v := validator.New()
	if err := crovalidator.Register(v); err != nil {
		t.Fatal(err)
	}
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		return name
	})
	return v
}

// invalidKeys returns the sorted keys that err, from Validate or from
// validator/v10, names.
func invalidKeys(err error) ([]string, error) {
	var keys []string
	var fes validator.ValidationErrors
	switch {
	case err == nil:
	case errors.As(err, &fes):
		for _, fe := range fes {
			keys = append(keys, fe.Field())
		}
	default:
		vs := violations(err)
		if vs == nil {
			return nil, err
		}
		for _, v := range vs {
			keys = append(keys, strings.TrimPrefix(v.Location, "/"))
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys), nil
}

// The validator/v10 tags agree with Validate on which fields are invalid,
// for every value the strict and tolerant decoders make of every generated
// document (valid, with a value out of bounds, null, invalid UTF-8, ...).
func TestCrogenValidatorTagsAgreeWithValidate(t *testing.T) {
	tags := newTagValidator(t)
	for _, api := range modelAPIs {
		checked := 0
		properties := newProperties(t, 1000)
		properties.Property(api.m.String()+" validator/v10 agrees with Validate", prop.ForAll(func(d crogen.Doc) string {
			var values []any
			if v, _ := api.lint(d.JSON()); !violations(api.m.Lint(d.JSON())).Has("", croschema.CodeSyntax) {
				values = append(values, v) // the lint's value holds every key that decoded
			}
			if v, err := api.decode(d.JSON()); err == nil {
				values = append(values, v)
			}
			for _, v := range values {
				checked++
				own, err := invalidKeys(api.validate(v))
				if err != nil {
					return fmt.Sprintf("Validate: %v", err)
				}
				byTag, err := invalidKeys(tags.Struct(api.ptr(v)))
				if err != nil {
					return fmt.Sprintf("validator/v10: %v", err)
				}
				if !slices.Equal(own, byTag) {
					return fmt.Sprintf("value %+v: Validate says %v are invalid, validator/v10 says %v", v, own, byTag)
				}
			}
			return ""
		}, crogen.AnyDocs(api.m)))
		properties.run(t)
		t.Logf("%s: %d values checked", api.m, checked)
	}
}

// The Go value generators make valid values that encode to documents the
// lint accepts and decodes back to the same value.
func TestCrogenValues(t *testing.T) {
	tags := newTagValidator(t)
	gens := []struct {
		api modelAPI
		gen gopter.Gen
	}{
		{modelAPIs[0], crogen.Contacts()},
		{modelAPIs[1], crogen.CreateBodies()},
		{modelAPIs[2], crogen.UpdateBodies()},
		{modelAPIs[3], crogen.APIErrors()},
	}
	for _, g := range gens {
		properties := newProperties(t, 300)
		properties.Property(g.api.m.String()+" values are valid and round-trip", prop.ForAll(func(v any) string {
			if err := g.api.validate(v); err != nil {
				return fmt.Sprintf("Validate: %v", err)
			}
			if err := tags.Struct(g.api.ptr(v)); err != nil {
				return fmt.Sprintf("validator/v10: %v", err)
			}
			data, err := g.api.encode(v)
			if err != nil {
				return fmt.Sprintf("encode: %v", err)
			}
			back, err := g.api.lint(data)
			if err != nil || back != v {
				return fmt.Sprintf("lint(%s) = %+v, %v", data, back, err)
			}
			return ""
		}, g.gen))
		properties.run(t)
	}
}

// fuzzTargets names the fuzz target of each contact model, whose corpus
// under testdata/fuzz gets crogen's documents as seeds.
var fuzzTargets = []struct {
	target string
	m      croschema.Model
}{
	{"FuzzLintContact", croschema.ModelCustomerContact},
	{"FuzzLintCreateContact", croschema.ModelCreateCustomerContact},
	{"FuzzLintUpdateContact", croschema.ModelUpdateCustomerContact},
}

// crogenSeeds returns the seed files of a model, by file name: four valid
// documents and one for each code a document of m can break, all from
// crogen.WriteJSONL with fixed seeds, in Go's fuzz corpus format.
func crogenSeeds(t *testing.T, m croschema.Model) map[string][]byte {
	files := map[string][]byte{}
	add := func(name string, n int, code croschema.Code) {
		var b bytes.Buffer
		if err := crogen.WriteJSONL(&b, m, n, 1, code); err != nil {
			t.Fatal(err)
		}
		for i, line := range bytes.Split(bytes.TrimSuffix(b.Bytes(), []byte("\n")), []byte("\n")) {
			files[fmt.Sprintf("crogen-%s-%d", name, i)] = []byte("go test fuzz v1\n[]byte(" + strconv.Quote(string(line)) + ")\n")
		}
	}
	add("valid", 4, "")
	for _, code := range crogen.BreakCodes(m) {
		add(string(code), 1, code)
	}
	return files
}

// The crogen-* seeds in testdata/fuzz are what crogen makes now: a changed
// rule changes them (rewrite with go test -update).
func TestCrogenFuzzSeeds(t *testing.T) {
	for _, ft := range fuzzTargets {
		t.Run(ft.target, func(t *testing.T) {
			dir := filepath.Join("testdata", "fuzz", ft.target)
			want := crogenSeeds(t, ft.m)
			if *update {
				old, _ := filepath.Glob(filepath.Join(dir, "crogen-*"))
				for _, f := range old {
					if err := os.Remove(f); err != nil {
						t.Fatal(err)
					}
				}
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				for name, data := range want {
					if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			have, _ := filepath.Glob(filepath.Join(dir, "crogen-*"))
			if len(have) != len(want) {
				t.Errorf("%s has %d crogen seeds, crogen makes %d: run go test -run TestCrogenFuzzSeeds -update", dir, len(have), len(want))
			}
			for name, data := range want {
				got, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil || !bytes.Equal(got, data) {
					t.Errorf("%s/%s is stale or missing: run go test -run TestCrogenFuzzSeeds -update", dir, name)
				}
				// Each seed is what its name says.
				line, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(string(data), "go test fuzz v1\n[]byte("), ")\n"))
				if err != nil {
					t.Fatal(err)
				}
				vs := violations(ft.m.Lint([]byte(line)))
				code, _, _ := strings.Cut(strings.TrimPrefix(name, "crogen-"), "-")
				if code == "valid" && len(vs) != 0 || code != "valid" && (len(vs) != 1 || string(vs[0].Code) != code) {
					t.Errorf("seed %s: %v", name, vs)
				}
			}
		})
	}
}

// Model.JSONSchema's output is for tools in other languages; here, the fax key
// of the POST body as the schema states it.
func ExampleModel_JSONSchema() {
	data, err := croschema.ModelCreateCustomerContact.JSONSchema()
	if err != nil {
		panic(err)
	}
	var schema struct {
		Properties map[string]struct {
			Type      any
			MinLength int
			MaxLength int
		}
		Required             []string
		AdditionalProperties bool
	}
	if err := json.Unmarshal(data, &schema); err != nil {
		panic(err)
	}
	fax := schema.Properties["fax"]
	fmt.Println("fax:", fax.Type, fax.MinLength, "to", fax.MaxLength, "characters")
	fmt.Println("required keys:", len(schema.Required), "other keys allowed:", schema.AdditionalProperties)
	// Output:
	// fax: [string null] 7 to 15 characters
	// required keys: 0 other keys allowed: false
}

// Valid header sets parse clean, validate clean and survive SetHeaders;
// each broken set yields exactly its labelled violation.
func TestCrogenHeaders(t *testing.T) {
	properties := newProperties(t, 1000)
	properties.Property("valid request headers parse and round-trip", prop.ForAll(func(s crogen.HeaderSet) string {
		h, err := croschema.LintRequestHeaders(s.Header(), s.Method)
		if err != nil {
			return fmt.Sprintf("LintRequestHeaders: %v", err)
		}
		if err := h.Validate(s.Method); err != nil {
			return fmt.Sprintf("Validate: %v", err)
		}
		out := http.Header{}
		h.SetHeaders(out)
		again, err := croschema.LintRequestHeaders(out, s.Method)
		if err != nil || again != h {
			return fmt.Sprintf("after SetHeaders: %v, %v", again, err)
		}
		return ""
	}, crogen.RequestHeaderSets()))
	properties.Property("valid response headers parse and round-trip", prop.ForAll(func(s crogen.HeaderSet) string {
		h, err := croschema.LintResponseHeaders(s.Header())
		if err != nil {
			return fmt.Sprintf("LintResponseHeaders: %v", err)
		}
		if err := h.Validate(); err != nil {
			return fmt.Sprintf("Validate: %v", err)
		}
		out := http.Header{}
		h.SetHeaders(out)
		again, err := croschema.LintResponseHeaders(out)
		if err != nil || again != h {
			return fmt.Sprintf("after SetHeaders: %v, %v", again, err)
		}
		return ""
	}, crogen.ResponseHeaderSets()))
	broken := func(s crogen.HeaderSet) string {
		return onlyViolation(lintHeaderSet(s), s.Want.Location, s.Want.Field, s.Want.Code)
	}
	properties.Property("broken request headers yield their violation", prop.ForAll(broken, crogen.BrokenRequestHeaderSets()))
	properties.Property("broken response headers yield their violation", prop.ForAll(broken, crogen.BrokenResponseHeaderSets()))
	properties.run(t)
}

// TestHeaderTableAgreement is the header tables' agreement property, as
// the bodies have it: crogen's breaks are exactly the ones each rule of
// croschema.RequestHeaderRules and ResponseHeaderRules implies, and a set
// generated to break rule R of header H yields exactly one violation, with
// code R, at H, with H's field.
func TestHeaderTableAgreement(t *testing.T) {
	implied := func(rs []croschema.HeaderRule) []string {
		var out []string
		for _, r := range rs {
			if r.Required {
				out = append(out, r.Name+": required")
			}
			out = append(out, r.Name+": duplicate_key")
			if r.MinLength > 0 {
				out = append(out, r.Name+": min_length")
			}
			if r.MaxLength > 0 {
				out = append(out, r.Name+": max_length")
			}
			if c := r.Check.Code(); c != "" {
				out = append(out, r.Name+": "+string(c))
			}
		}
		return out
	}
	models := []struct {
		name   string
		rules  []croschema.HeaderRule
		breaks []crogen.HeaderBreak
	}{
		{"request", croschema.RequestHeaderRules(), crogen.RequestHeaderBreaks()},
		{"response", croschema.ResponseHeaderRules(), crogen.ResponseHeaderBreaks()},
	}
	properties := newProperties(t, 100)
	for _, m := range models {
		var got []string
		for _, b := range m.breaks {
			got = append(got, b.Name+": "+string(b.Code))
		}
		assert.Equal(t, implied(m.rules), got, "%s header breaks", m.name)
		for _, b := range m.breaks {
			i := slices.IndexFunc(m.rules, func(r croschema.HeaderRule) bool { return r.Name == b.Name })
			field := m.rules[i].Field
			properties.Property(m.name+" "+b.Name+" breaking "+string(b.Code), prop.ForAll(func(s crogen.HeaderSet) string {
				return onlyViolation(lintHeaderSet(s), b.Name, field, b.Code)
			}, b.Gen))
		}
	}
	properties.run(t)
}

// lintHeaderSet lints a generated header set as its model.
func lintHeaderSet(s crogen.HeaderSet) error {
	if s.Response {
		_, err := croschema.LintResponseHeaders(s.Header())
		return err
	}
	_, err := croschema.LintRequestHeaders(s.Header(), s.Method)
	return err
}

// onlyViolation returns "" when err holds exactly one violation, with the
// given location, field and code, else what it holds.
func onlyViolation(err error, location, field string, code croschema.Code) string {
	vs := violations(err)
	if len(vs) != 1 || vs[0].Location != location || vs[0].Field != field || vs[0].Code != code {
		return fmt.Sprintf("want exactly %s at %s (%s), got %v", code, location, field, err)
	}
	return ""
}
