// Package genclients holds the clients that ogen and oapi-codegen generate
// from croschema's OpenAPI document, and the tests that run them against
// crohttp.Middleware: a user of the document gets a client that builds and
// talks to a conforming server, including the contacts that a simple email
// pattern would refuse and an Update that clears a key with null.
//
// The generated code is committed, so that the tests do not depend on the
// generators; go generate ./... here generates it again (the Go module
// proxy fetches ogen v1.25.0 and oapi-codegen v2.8.2), and
// TestGeneratedFromDocument fails when the document has changed since.
//
// It is a module of its own so that the generators' runtimes never enter
// the requirements of croschema's module.
package genclients
