// Package crogen generates JSON documents of croschema's body models for
// property-based testing with gopter (github.com/leanovate/gopter): valid
// documents in every accepted form, and for each rule of each model
// documents that break exactly that rule, each labelled with the one
// violation it must produce. Everything is derived from the rule table
// (croschema.Model.Rules): a changed bound or a new key changes the
// generators with no change here.
//
// It is a package of its own so that croschema's importers do not pay for
// gopter unless they test with it.
//
// # Generators
//
// ValidDocs, BrokenDocs, AnyDocs and Breaks generate Doc values: the bytes of
// one document (Doc.JSON) and its label (Doc.Want: the zero Want for a
// valid document, else the location, field and code of the one
// violation). Contacts, CreateBodies, UpdateBodies and APIErrors generate
// the decoded Go values; BoolForms, EmailLists and EmailAddresses the
// pieces. RequestHeaderSets, ResponseHeaderSets, BrokenRequestHeaderSets and
// BrokenResponseHeaderSets generate labelled header sets (HeaderSet) the same
// way, derived from the header tables (croschema.RequestHeaderRules,
// croschema.ResponseHeaderRules); RequestHeaderBreaks and
// ResponseHeaderBreaks list the ways to break each header.
// StorableCreateDocs and StorableCreateBodies generate the Create
// documents and values a server can store: valid and with a name (a valid
// Create without name is answered 400, RULES.md "Serving the API").
//
// Every generator shrinks: a failing document is reduced to a
// small one of the same kind (optional keys dropped, strings cut to their
// lower bound, lenient booleans made canonical, escapes and space
// removed), still breaking the same rule the same way.
//
// # Fuzzing your own server or client
//
// A server that implements the API, in Go or not, should accept every
// valid document and answer 400 to every broken one, naming the same
// field. In Go, drive it with gopter:
//
//	properties := gopter.NewProperties(nil)
//	properties.Property("server agrees with croschema", prop.ForAll(
//		func(d crogen.Doc) bool {
//			resp := patch(server.URL+"/customers/1/contacts/1", d.JSON())
//			return (resp.StatusCode < 300) == d.Valid()
//		},
//		crogen.AnyDocs(croschema.ModelUpdateCustomerContact),
//	))
//	properties.TestingRun(t)
//
// For Create Contact, draw the valid documents from StorableCreateDocs: a
// valid Create without name cannot be stored, and gets 400.
//
// From any other language, write the documents out with WriteJSONL, one
// request body a line, and send each to the server: the same seed gives
// the same bytes, so a failure found in CI is reproduced by its seed.
// Documents from BrokenDocs and Breaks carry their label (Doc.Want); a
// JSONL stream of one break code tells the server's test which code to
// expect.
//
// Valid email addresses are generated only in the plain form that every
// reading of Django's EmailValidator accepts (a dot-atom at a domain of
// letters, digits and inner hyphens under a top-level label of two or
// more letters), and invalid items only in forms that none accepts
// (empty, no @, a space inside, two @): the subtle cases belong to the
// email package's own tests.
package crogen
