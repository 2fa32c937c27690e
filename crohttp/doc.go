// Package crohttp is the HTTP contract of the CRO Software API's customer
// contacts for net/http, both sides of it: a [Middleware] that makes any
// [http.Handler] a conforming server, and a typed [Client] and a linting
// transport ([NewTransport]) for the code that calls one. It needs no
// framework, only net/http; package crotest builds its test helpers and
// its mock server on it.
//
// What a conforming server answers, and what a conforming client does, is
// written once, in the repository's rule book: [Serving the API] (the
// status table, the headers of every answer) and [Calling the API]. Both
// sides here read them through [croschema.LintRequest] and
// [croschema.LintResponse], and nothing in this package restates them.
//
// # Servers
//
// [Middleware] lints every request with croschema.LintRequestHead and
// [croschema.Request.LintBody] and answers one that breaks the contract
// itself, with the status of [croschema.Status] and the API's error body,
// so that the handler sees only valid requests. The handler reads the
// decoded request (endpoint, path parameters, headers, the caller's role,
// the typed body) with [RequestFrom]; it stores a Create with
// [croschema.CreateCustomerContact.Contact] and applies an Update with
// [croschema.UpdateCustomerContact.Apply]; it answers with [WriteContact],
// [WriteCreated], or [WriteError] of [NotFound]. The headers every answer
// carries are set before the handler runs. HEAD reaches the handler as
// GET (net/http drops the body), OPTIONS is answered 204, and a path with
// a trailing slash reaches it without one.
//
// [WithAuthorizer] maps a token and tenant to a role (without one, every
// well-formed token is a Dispatcher); [WithResponseCheck] is the test
// mode, which lints every answer the server writes with LintResponse;
// [WithoutBodyLint] leaves the body to a framework's binding.
//
// For servers on other frameworks the pieces stand alone: [ErrorFrom] and
// [ErrorFromViolations] give the error body of any error or of a set of
// violations, and [WriteError] writes one.
//
// # Clients
//
// [NewClient] returns a [Client] whose GetContact, CreateContact and
// UpdateContact send only requests that pass the lint (a Violations error
// otherwise, before any network use), with a fresh x-request-id per call
// and the API version of [WithAPIVersion]. It follows no redirect, retries
// by [DefaultRetryPolicy] only what is safe to retry, and returns a
// [*ResponseError] that wraps the API's error body for an answer that is
// not a success, or a [*TransportError] (which never holds the token) when
// no answer came. A client of its own reads an error answer with
// [ReadAPIError].
//
// [NewTransport] wraps any [http.RoundTripper] and lints every request and
// response as it streams by, reporting each message that breaks the
// contract (a [Report]) and passing traffic through unchanged.
//
// [Serving the API]: https://github.com/croschema/croschema/blob/main/RULES.md#serving-the-api
// [Calling the API]: https://github.com/croschema/croschema/blob/main/RULES.md#calling-the-api
package crohttp
