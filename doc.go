// Package croschema is the schema of the CRO Software REST API's customer
// contacts, exact to the API's documented rules: the body models of Get,
// Create and Update Contact, the request and response headers, API
// versions, roles and endpoints, and a lint that reports every way a body,
// or a whole HTTP message, breaks them, with stable violation codes.
//
// # Checking a body
//
// [LintContact], [LintCreateContact], [LintUpdateContact] and
// [LintAPIError] check raw bytes strictly, in one pass, and return the
// decoded value and every violation:
//
//	c, err := croschema.LintContact(body)
//	var vs croschema.Violations
//	if errors.As(err, &vs) {
//		for _, v := range vs {
//			fmt.Println(v) // /email: email: item 2 is not a valid email address: "x@"
//		}
//	}
//
// Each [Violation] has a location (a JSON Pointer such as "/email"), the
// server's field name ("CustomerContactModel.email"), a stable [Code] and a
// one-line detail. No violation ever holds a bearer token.
//
// # Checking an HTTP message
//
// [LintRequest] checks a whole request (method and path, headers, the body
// of its endpoint) and returns it decoded as a [Request]; [Status] gives
// the status a conforming server answers it with; [LintResponse] checks a
// server's answer to it (status, headers, body). Package crohttp builds a
// net/http middleware, a client and a linting transport on them, and
// package crotest a mock server and test helpers; the crolint command runs
// them from the shell.
//
// # Decoding as a client
//
// json.Unmarshal into the model types is tolerant, for clients reading
// responses: booleans in every documented form, unknown keys ignored, the
// last of duplicate keys kept, invalid UTF-8 replaced with U+FFFD, and JSON
// null leaving the value as it was (encoding/json's convention). Call
// Validate afterwards for the value rules; Validate does not allocate on a
// valid value. [CreateCustomerContact.Contact] and
// [UpdateCustomerContact.Apply] store a Create and apply an Update as a
// conforming server does.
//
// validator/v10 users (gin, echo) register the same rules on their own
// validator with package crovalidator; the model types carry the tags, as
// `validate:` and as `binding:`.
//
// # The rules
//
// Every rule, where it comes from, and every decision taken where the
// API's documentation is silent, is in the repository's rule book,
// [RULES.md]: the grammar of a body, booleans, email lists (what Django
// 3.2's EmailValidator accepts, with one documented difference), headers,
// paths, what a conforming server answers and what a conforming client
// does. The rule tables themselves are in the package: [Model.Rules],
// [RequestHeaderRules], [ResponseHeaderRules] and [Endpoints], from which
// the JSON Schemas ([Model.JSONSchema]) and the OpenAPI document
// ([OpenAPI]) are derived.
//
// [RULES.md]: https://github.com/croschema/croschema/blob/main/RULES.md
package croschema
