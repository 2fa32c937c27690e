// Package check is the engine of crolint check, crotest.Conformance and
// crotest.FuzzHandler: a conformance tester that drives a server of the
// API's customer contacts with generated requests and judges every answer
// against the exact answer RULES.md "Serving the API" gives that request.
//
// The expectation of a request comes from the package itself:
// croschema.LintRequest finds its violations, croschema.Status and the
// order of the status table pick the row that decides its status,
// crohttp.ErrorFromViolations gives the error body, and the contacts the
// run created (CreateCustomerContact.Contact, UpdateCustomerContact.Apply)
// give the body of a success. croschema.LintResponse judges the rest of
// every answer. The requests come from crogen: valid documents and header
// sets in every accepted form, and documents and header sets that break
// exactly one rule.
//
// Each finding belongs to one named Check, tagged Docs or Decision. Each
// failure is reported once per distinct cause, with the smallest request
// found that shows it (shrunk by replaying smaller candidates), the
// expected and the received answer, and curl commands that reproduce it,
// the token shown as $TOKEN.
//
// A run is safe to point at a real server: it sends requests only to its
// target, never follows a redirect, creates contacts only under the
// customers it is given, sends PATCH, PUT and DELETE only to contacts it
// created or to ids no server has given (2^62 and up), respects its
// budgets and rate, and writes no token, nor any 4-character run of one.
package check
