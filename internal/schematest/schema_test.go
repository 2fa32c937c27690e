package schematest

import (
	"bytes"
	"fmt"
	"maps"
	"math/big"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crogen"
	"github.com/leanovate/gopter"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Where a JSON Schema cannot express croschema's rule, the two may
// disagree; these documents are generated and counted but not compared:
//
//   - duplicate_key: a key given twice. A validator sees the document
//     decoded, with the last value kept.
//   - invalid_utf8: invalid UTF-8 or an unpaired surrogate escape in a
//     string. A validator sees the string decoded, with U+FFFD in its place.
//   - number spellings: a JSON number that is equal in value to one the
//     schema accepts. JSON Schema compares numbers by value, so 1.0, 1e3 and
//     -0 are integers to it and 1.0, 1e0 and 0e5 equal the boolean forms 1
//     and 0; croschema requires the literal spelling (integer and bool
//     violations).
//
// And, not generated at all, so neither compared nor counted: email
// addresses beyond the schema's ASCII pattern (quoted local parts, address
// literals, internationalized domains, 320-character addresses), which the
// schema's description names. crogen's addresses are plain dot-atoms and
// its invalid items are invalid under any reading (empty, no @, a space
// inside, two @), so email lists are compared.

// exclusion returns why d is not compared, or "" when it is.
func exclusion(d crogen.Doc) string {
	switch d.Want.Code {
	case croschema.CodeDuplicateKey, croschema.CodeInvalidUTF8:
		return string(d.Want.Code)
	case croschema.CodeInteger, croschema.CodeBool:
		n, ok := numberAt(d)
		if !ok {
			return ""
		}
		if d.Want.Code == croschema.CodeInteger && n.IsInt() && n.Num().IsInt64() {
			return "integer spelled with a fraction or exponent"
		}
		if d.Want.Code == croschema.CodeBool && n.IsInt() && (n.Sign() == 0 || n.Cmp(big.NewRat(1, 1)) == 0) {
			return "boolean 0 or 1 spelled otherwise"
		}
	}
	return ""
}

// numberAt returns the JSON number at d's Want location, when there is one.
func numberAt(d crogen.Doc) (*big.Rat, bool) {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(d.JSON()))
	if err != nil {
		return nil, false
	}
	obj, ok := inst.(map[string]any)
	if !ok {
		return nil, false
	}
	v, ok := obj[strings.TrimPrefix(d.Want.Location, "/")]
	if !ok {
		return nil, false
	}
	num, ok := v.(fmt.Stringer) // json.Number
	if !ok {
		return nil, false
	}
	return new(big.Rat).SetString(num.String())
}

// compile returns the compiled JSON Schema of m.
func compile(t *testing.T, m croschema.Model) *jsonschema.Schema {
	t.Helper()
	data, err := m.JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	url := m.String() + ".json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// schemaAccepts reports whether data is JSON that the schema accepts.
func schemaAccepts(s *jsonschema.Schema, data []byte) bool {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	return err == nil && s.Validate(inst) == nil
}

// The documents of each model: valid ones, and for each way to break each
// rule, documents that break it.
const (
	validPerModel = 600
	perBreak      = 40
	seed          = 20260101
)

func TestSchemaAgreesWithCroschema(t *testing.T) {
	params := gopter.DefaultGenParameters()
	params.Rng = rand.New(rand.NewSource(seed))
	sample := func(g gopter.Gen) crogen.Doc {
		for {
			if v, ok := g(params).Retrieve(); ok {
				return v.(crogen.Doc)
			}
		}
	}
	var total, compared, validDocs, disagree int
	excluded := map[string]int{}
	excludedDisagree := map[string]int{}
	for _, m := range []croschema.Model{
		croschema.ModelCustomerContact, croschema.ModelCreateCustomerContact,
		croschema.ModelUpdateCustomerContact, croschema.ModelAPIError,
	} {
		s := compile(t, m)
		var docs []crogen.Doc
		for range validPerModel {
			docs = append(docs, sample(crogen.ValidDocs(m)))
		}
		for _, b := range crogen.Breaks(m) {
			for range perBreak {
				docs = append(docs, sample(b.Gen))
			}
		}
		for _, d := range docs {
			total++
			data := d.JSON()
			lintOK := m.Lint(data) == nil
			if lintOK != d.Valid() {
				t.Errorf("croschema disagrees with the label of %v: %v", d, m.Lint(data))
			}
			if d.Valid() {
				validDocs++
			}
			schemaOK := schemaAccepts(s, data)
			if why := exclusion(d); why != "" {
				excluded[why]++
				if schemaOK != lintOK {
					excludedDisagree[why]++
				}
				continue
			}
			compared++
			if schemaOK != lintOK {
				disagree++
				if disagree <= 10 {
					t.Errorf("schema accepts: %v, croschema accepts: %v (%v): %v", schemaOK, lintOK, m.Lint(data), d)
				}
			}
		}
		t.Logf("%s: %d documents", m, len(docs))
	}
	t.Logf("%d documents checked (%d valid, %d invalid): %d compared, %d agreeing; %d excluded",
		total, validDocs, total-validDocs, compared, compared-disagree, total-compared)
	for _, why := range slices.Sorted(maps.Keys(excluded)) {
		t.Logf("  excluded, %s: %d (the schema disagreed on %d)", why, excluded[why], excludedDisagree[why])
	}
	if total < 5000 {
		t.Errorf("only %d documents checked, want at least 5000", total)
	}
	fmt.Printf("schematest: %d documents checked, %d compared with the JSON Schema validator, %d agreeing, %d excluded\n",
		total, compared, compared-disagree, total-compared)
}

// The comparison has teeth: with fax's upper bound one lower in the schema
// than in the table, the validator and croschema disagree on some
// generated document.
func TestSchemaDisagreementIsCaught(t *testing.T) {
	m := croschema.ModelCreateCustomerContact
	data, err := m.JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	var max int
	for _, r := range m.Rules() {
		if r.Key == "fax" {
			max = r.MaxLength
		}
	}
	old := fmt.Sprintf(`"maxLength": %d`, max)
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("no %s in the schema", old)
	}
	data = bytes.Replace(data, []byte(old), []byte(fmt.Sprintf(`"maxLength": %d`, max-1)), 1)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("mutant.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("mutant.json")
	if err != nil {
		t.Fatal(err)
	}
	params := gopter.DefaultGenParameters()
	params.Rng = rand.New(rand.NewSource(seed))
	g := crogen.ValidDocs(m)
	for range 2000 {
		v, ok := g(params).Retrieve()
		if !ok {
			continue
		}
		d := v.(crogen.Doc)
		if schemaAccepts(s, d.JSON()) != (m.Lint(d.JSON()) == nil) {
			return
		}
	}
	t.Error("2000 valid documents and no fax of the bound's length: the differential test would miss a changed bound")
}
