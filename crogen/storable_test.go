package crogen_test

import (
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crogen"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
)

func TestStorableCreateDoc(t *testing.T) {
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 300
	properties := gopter.NewProperties(params)
	properties.Property("valid, with a name", prop.ForAll(
		func(d crogen.Doc) bool {
			c, err := croschema.LintCreateContact(d.JSON())
			name, ok := c.Name.Get()
			return err == nil && d.Valid() && ok && name != ""
		},
		crogen.StorableCreateDocs(),
	))
	properties.Property("values have a name", prop.ForAll(
		func(c croschema.CreateCustomerContact) bool {
			_, ok := c.Name.Get()
			return ok && c.Validate() == nil
		},
		crogen.StorableCreateBodies(),
	))
	properties.TestingRun(t)
}

func TestStorableCreateDocShrinksKeepTheName(t *testing.T) {
	gen := crogen.StorableCreateDocs()
	p := gopter.DefaultGenParameters()
	shrinks := 0
	for range 50 {
		r := gen(p)
		v, ok := r.Retrieve()
		if !ok {
			t.Fatal("StorableCreateDocs yielded no value")
		}
		next := r.Shrinker(v)
		for s, ok := next(); ok; s, ok = next() {
			shrinks++
			d := s.(crogen.Doc)
			c, err := croschema.LintCreateContact(d.JSON())
			if _, named := c.Name.Get(); err != nil || !named {
				t.Errorf("shrink %v: err %v, name %v", d, err, c.Name)
			}
		}
	}
	if shrinks == 0 {
		t.Error("no document shrank")
	}
}
