// Package crohttp is the HTTP contract of the CRO Software API's customer
// contacts for net/http, both sides of it: a middleware that makes any
// http.Handler a conforming server of RULES.md "Serving the API", and a
// typed client and a linting transport for the code that calls one. It
// needs no framework, only net/http; package crotest builds test helpers
// on it.
//
// # Servers
//
// Middleware checks a request in this order and answers the first class
// that applies itself, with the API's error body, so that the handler sees
// only valid requests:
//
//	404  the path names no endpoint
//	405  the method is not one the path allows (Allow: GET,PATCH or POST)
//	401  authorization missing or invalid, or the Authorizer rejects the token (WWW-Authenticate: Bearer)
//	403  x-tenant-id missing, the Authorizer says ErrForbidden, or the role may not use the endpoint
//	415  POST or PATCH whose content-type is not application/json
//	413  a body larger than the limit (DefaultBodyLimit, 1 MiB, or WithBodyLimit)
//	400  any other violation: headers, path parameters, the body, a Create without name
//
// The handler reads the decoded request (endpoint, path parameters,
// headers, the caller's role, the typed body) with RequestFrom, answers
// 404 for a contact that does not exist (NotFound) and 200 otherwise
// (WriteContact, WriteCreated), and stores bodies with ApplyCreate and
// ApplyUpdate. Every response gets x-api-version, x-request-id (echoed, or
// a fresh random version-4 UUID), content-type, the CORS headers and Allow
// before the handler runs; HEAD is answered as GET without a body, OPTIONS
// with 204. WithAuthorizer maps a token and tenant to a role (without one,
// every well-formed token is a Dispatcher), and WithResponseCheck is the
// test mode that lints every response the server writes.
//
// For servers on other frameworks the pieces stand alone: Status and
// ErrorFromViolations give the status and error body of a set of
// violations, ErrorFrom those of any error, WriteError writes one.
//
// # Clients
//
// NewClient returns a Client whose GetContact, CreateContact and
// UpdateContact send only requests that pass the lint (a Violations error
// otherwise, before any network use), with a fresh x-request-id per call
// (ContextWithRequestID, WithRequestIDFunc) and the API version of
// WithAPIVersion. A successful body is decoded tolerantly, then validated;
// an answer that is not a success is a *ResponseError that wraps the
// API's error body as a *croschema.APIError, with the status and the
// response's x-request-id. WithLenientResponses reports invalid success
// bodies instead of failing.
//
// NewTransport wraps any http.RoundTripper and lints every request and
// response of the three endpoints as it streams by, reporting each
// message that breaks the contract (a Report) and passing traffic through
// unchanged. Package crotest turns it into a transport that fails a test,
// and adds assertions on bodies and responses.
//
// A Client reads at most DefaultBodyLimit of a response body, and the
// transport keeps at most that much of a body to check.
//
// # Decisions where RULES.md is silent
//
//   - 415 is given when the lint reports the content-type's enum violation
//     (a media type other than application/json); an empty content-type
//     (min_length) or one over 256 characters (max_length) is a 400, as its
//     media type is never read.
//   - The Authorizer is asked only when x-tenant-id is a valid integer; a
//     present but malformed x-tenant-id gets 400 without it.
//   - A Create without name is answered 400 by the middleware (field
//     CreateCustomerContactModel.name, code required) unless the body is not
//     an object at all; ApplyCreate reports the same violation for other
//     frameworks.
//   - The error body of a 401 or 403 that the Authorizer or the roles table
//     decides has field StandardRequestHeadersModel.authorization (401),
//     StandardRequestHeadersModel.x-tenant-id (ErrForbidden) or null (a role
//     not allowed), and a fixed detail: the Authorizer's error text never
//     reaches a response.
//   - OPTIONS is answered 204 on every path that names an endpoint, for
//     any of its methods and whatever its headers or path parameters (a
//     browser's preflight carries no token); only an unknown path gets 404.
//   - Every response on a known path carries Allow and
//     Access-Control-Allow-Methods with the path's methods; a 404 for an
//     unknown path carries neither.
//   - A request body is read whole before the handler runs, so r.Body is
//     drained in the handler: the decoded body is in RequestFrom(r).
//   - A Client sends x-api-version 2019/02/08 unless WithAPIVersion says
//     otherwise, and treats any 2xx as a success whose body must be a
//     contact.
package crohttp
