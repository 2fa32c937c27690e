package crogen

import (
	"math/rand"

	"github.com/croschema/croschema"
	"github.com/leanovate/gopter"
)

// StorableCreateDocs returns a generator of valid Create Contact documents
// (ModelCreateCustomerContact) that a server can store: ValidDocs's
// documents, every one with a name. By RULES.md "Serving the API", a
// Create without name is a valid document, but a stored contact has a
// name, so a server answers it 400; these documents get 200. They shrink as ValidDocs's do and
// keep their name.
func StorableCreateDocs() gopter.Gen { return storableCreateDoc().gen() }

// StorableCreateBodies returns a generator of the
// croschema.CreateCustomerContact values of StorableCreateDocs's documents,
// decoded: every one has a name.
func StorableCreateBodies() gopter.Gen {
	return StorableCreateDocs().Map(func(d Doc) croschema.CreateCustomerContact {
		c, _ := croschema.LintCreateContact(d.JSON())
		return c
	})
}

// storableCreateDoc is validDoc of the Create model with name required.
func storableCreateDoc() docGen {
	m := croschema.ModelCreateCustomerContact
	rs := rules(m)
	for i := range rs {
		if rs[i].Key == "name" {
			rs[i].Required = true // a stored contact has a name
		}
	}
	return func(rng *rand.Rand, c config) Doc {
		return Doc{Model: m, members: genMembers(rng, rs, -1), layout: genLayout(rng, c)}
	}
}
