package crogen

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand"
	"slices"
	"testing"

	"github.com/croschema/croschema"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var bodyModels = []croschema.Model{
	croschema.ModelCustomerContact,
	croschema.ModelCreateCustomerContact,
	croschema.ModelUpdateCustomerContact,
	croschema.ModelAPIError,
}

// lintMatches reports whether the lint's verdict on d is d's label.
func lintMatches(d Doc) bool {
	vs := violations(d.Model.Lint(d.JSON()))
	if d.Valid() {
		return len(vs) == 0
	}
	return len(vs) == 1 && Want{vs[0].Location, vs[0].Field, vs[0].Code} == d.Want
}

func TestWriteJSONLIsDeterministic(t *testing.T) {
	for _, m := range bodyModels {
		for _, code := range append([]croschema.Code{""}, BreakCodes(m)...) {
			t.Run(m.String()+"/"+string(code), func(t *testing.T) {
				var a, b, c bytes.Buffer
				require.NoError(t, WriteJSONL(&a, m, 50, 7, code))
				require.NoError(t, WriteJSONL(&b, m, 50, 7, code))
				require.NoError(t, WriteJSONL(&c, m, 50, 8, code))
				assert.Equal(t, a.Bytes(), b.Bytes(), "same seed, same bytes")
				assert.NotEqual(t, a.Bytes(), c.Bytes(), "another seed, other documents")
				lines := bytes.Split(bytes.TrimSuffix(a.Bytes(), []byte("\n")), []byte("\n"))
				require.Len(t, lines, 50, "one document a line, no line break inside one")
				for _, line := range lines {
					vs := violations(m.Lint(line))
					if code == "" {
						assert.Empty(t, vs, "%q", line)
						continue
					}
					if assert.Len(t, vs, 1, "%q", line) {
						assert.Equal(t, code, vs[0].Code, "%q", line)
					}
				}
			})
		}
	}
}

func TestWriteJSONLErrors(t *testing.T) {
	var b bytes.Buffer
	assert.EqualError(t, WriteJSONL(&b, croschema.ModelNone, 1, 1, ""), `crogen: WriteJSONL: model "" has no body`)
	assert.EqualError(t, WriteJSONL(&b, croschema.ModelCustomerContact, 1, 1, croschema.CodeUUID),
		`crogen: WriteJSONL: no document of CustomerContactModel breaks a rule with code "uuid"`)
	assert.Zero(t, b.Len())
}

// Every shrink of a document keeps its label, and shrinking always ends.
func TestShrinksKeepTheLabel(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, m := range bodyModels {
		cases := append([]breakCase{{"", "", validDoc(m)}}, breaks(m)...)
		for _, b := range cases {
			for range 5 {
				d := b.gen(rng, config{})
				steps := 0
				for {
					require.True(t, lintMatches(d), "%v", d)
					next := d.shrinks()
					if len(next) == 0 {
						break
					}
					for _, n := range next {
						require.True(t, lintMatches(n), "shrink of %v:\n%v", d, n)
					}
					d = next[0] // as gopter does when the first shrink still fails
					if rng.Intn(2) == 0 {
						d = next[rng.Intn(len(next))]
					}
					steps++
					require.Less(t, steps, 5000, "shrinking does not end: %v", d)
				}
			}
		}
	}
}

// A failing property reports a small document: one that breaks name's
// lower bound shrinks to the least document of that kind.
func TestShrinkingFindsSmallCounterexamples(t *testing.T) {
	params := gopter.DefaultTestParametersWithSeed(3)
	p := prop.ForAll(func(d Doc) bool { return d.Want.Location != "/name" }, BrokenDocs(croschema.ModelCreateCustomerContact, croschema.CodeMinLength))
	res := p.Check(params)
	require.False(t, res.Passed())
	d := res.Args[0].Arg.(Doc)
	assert.Equal(t, `{"name":""}`, string(d.JSON()))
}

func TestBreaksFollowTheTable(t *testing.T) {
	for _, m := range bodyModels {
		var got []string
		for _, b := range Breaks(m) {
			got = append(got, b.Key+" "+string(b.Code))
		}
		want := []string{" syntax", " type", " null", " unknown_field"}
		for _, r := range m.Rules() {
			add := func(ok bool, c croschema.Code) {
				if ok {
					want = append(want, r.Key+" "+string(c))
				}
			}
			str := r.JSONType == "string"
			add(true, croschema.CodeType)
			add(r.Required, croschema.CodeRequired)
			add(!r.Nullable, croschema.CodeNull)
			add(true, croschema.CodeDuplicateKey)
			add(str, croschema.CodeInvalidUTF8)
			add(str && r.MinLength > 0, croschema.CodeMinLength)
			add(str && r.MaxLength > 0, croschema.CodeMaxLength)
			add(r.EmailList, croschema.CodeEmail)
			add(r.JSONType == "boolean", croschema.CodeBool)
			add(r.JSONType == "integer", croschema.CodeInteger)
		}
		assert.Equal(t, want, got, "%v", m)
	}
	assert.Nil(t, Breaks(croschema.ModelNone))
	assert.Nil(t, BreakCodes(croschema.ModelNone))
}

func TestNoBodyNoDocument(t *testing.T) {
	for _, g := range []gopter.Gen{ValidDocs(croschema.ModelNone), AnyDocs(croschema.ModelNone), BrokenDocs(croschema.ModelCustomerContact, croschema.CodeUUID)} {
		_, ok := g.Sample()
		assert.False(t, ok)
	}
}

func TestBoolFormsMeanTheirValue(t *testing.T) {
	params := gopter.DefaultTestParametersWithSeed(5)
	params.MinSuccessfulTests = 500
	seen := map[string]bool{}
	p := prop.ForAll(func(f BoolForm) bool {
		seen[f.JSON] = true
		var b croschema.Bool
		if err := json.Unmarshal([]byte(f.JSON), &b); err != nil || bool(b) != f.Value {
			return false
		}
		var s string
		if json.Unmarshal([]byte(f.JSON), &s) == nil {
			v, err := croschema.ParseBool(s)
			return err == nil && v == f.Value
		}
		return true
	}, BoolForms())
	require.True(t, p.Check(params).Passed())
	for _, form := range []string{`true`, `false`, `0`, `1`, `"0"`, `"1"`} {
		assert.True(t, seen[form], "form %s never generated", form)
	}
	assert.Greater(t, len(seen), 20, "letter cases and escapes of the string forms")
}

func TestEmailGenerators(t *testing.T) {
	params := gopter.DefaultTestParametersWithSeed(9)
	params.MinSuccessfulTests = 300
	assert.True(t, prop.ForAll(croschema.ValidEmailList, EmailLists()).Check(params).Passed())
	assert.True(t, prop.ForAll(croschema.ValidEmailList, EmailAddresses()).Check(params).Passed())

	// Shrinks of a list are valid lists.
	rng := rand.New(rand.NewSource(2))
	for range 200 {
		v := genValidEmailList(rng, emailRule().MaxLength)
		for _, s := range emailStrings(parseEmailList(v.String(), emailRule().MaxLength).shrink()) {
			assert.True(t, croschema.ValidEmailList(s), "%q", s)
		}
	}
}

// The Go value generators decode valid documents, and their values shrink
// to values that are still valid.
func TestValueGenerators(t *testing.T) {
	gens := map[string]gopter.Gen{
		"Contact": Contacts(), "CreateContact": CreateBodies(), "UpdateContact": UpdateBodies(), "APIError": APIErrors(),
	}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range gens {
			if !yield(k) {
				return
			}
		}
	}) {
		t.Run(name, func(t *testing.T) {
			g := gens[name]
			params := gopter.DefaultGenParameters()
			params.Rng = rand.New(rand.NewSource(4))
			for range 100 {
				r := g(params)
				v, ok := r.Retrieve()
				require.True(t, ok)
				require.NoError(t, validate(v), "%+v", v)
				shrink := r.Shrinker(v)
				for s, ok := shrink(); ok; s, ok = shrink() {
					require.NoError(t, validate(s), "%+v", s)
				}
			}
		})
	}
}

// validate calls the Validate method of the value v holds.
func validate(v any) error {
	switch x := v.(type) {
	case croschema.CustomerContact:
		return x.Validate()
	case croschema.CreateCustomerContact:
		return x.Validate()
	case croschema.UpdateCustomerContact:
		return x.Validate()
	case croschema.APIError:
		return x.Validate()
	}
	return nil
}

// parseHeaders checks s with croschema's header parser.
func parseHeaders(s HeaderSet) error {
	if s.Response {
		_, err := croschema.LintResponseHeaders(s.Header())
		return err
	}
	_, err := croschema.LintRequestHeaders(s.Header(), s.Method)
	return err
}

func headerMatches(s HeaderSet) bool {
	err := parseHeaders(s)
	if s.Valid() {
		return err == nil
	}
	vs, _ := err.(croschema.Violations)
	return len(vs) == 1 && Want{vs[0].Location, vs[0].Field, vs[0].Code} == s.Want
}

// Every shrink of a header set keeps its label, and shrinking ends.
func TestHeaderShrinksKeepTheLabel(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, response := range []bool{false, true} {
		gens := []func(rng *rand.Rand) HeaderSet{func(rng *rand.Rand) HeaderSet {
			return genHeaderSet(rng, response, methods[rng.Intn(len(methods))], "")
		}}
		for _, b := range headerBreaks(response) {
			gens = append(gens, b.gen)
		}
		for _, g := range gens {
			for range 20 {
				s := g(rng)
				for steps := 0; ; steps++ {
					require.True(t, headerMatches(s), "%v: %v", s, parseHeaders(s))
					next := s.shrinks()
					if len(next) == 0 {
						break
					}
					for _, n := range next {
						require.True(t, headerMatches(n), "shrink of %v:\n%v: %v", s, n, parseHeaders(n))
					}
					s = next[rng.Intn(len(next))]
					require.Less(t, steps, 100)
				}
			}
		}
	}
}

// violations returns the Violations in err, or nil.
func violations(err error) croschema.Violations {
	var vs croschema.Violations
	errors.As(err, &vs)
	return vs
}
