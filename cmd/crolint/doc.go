// Crolint checks JSON bodies and raw HTTP messages of the CRO Software
// API's customer contact endpoints against croschema's rules, and reports
// every violation with its stable code, for test suites in any language and
// for the shell.
//
// Usage:
//
//	crolint [-format text|json] [-jsonl] [-method METHOD] KIND [FILE ...]
//
// KIND is contact, create-contact or update-contact (a JSON body of that
// model), error (the API's error body), request (a raw HTTP/1.1 request to Get, Update or Create Contact)
// or response (a raw HTTP/1.1 response to Get Contact). With no FILE, or
// for FILE "-", crolint reads standard input. With -jsonl (JSON kinds only)
// every line that is not blank is one document, named FILE:LINE; a line
// ends with LF or CRLF. -method names the method of the request a response
// answers: a response to HEAD has no body.
//
// For example, the documented sample response:
//
//	$ crolint response testdata/get-contact.response.http
//	testdata/get-contact.response.http: ok
//
// and a body with two problems, as JSON:
//
//	$ echo '{"name": "", "fax": null, "Name": 1}' | crolint -format json create-contact
//	{"source":"-","valid":false,"violations":[{"location":"/Name","field":"CreateCustomerContactModel.Name","code":"unknown_field","detail":"unknown field"},{"location":"/name","field":"CreateCustomerContactModel.name","code":"min_length","detail":"0 characters, at least 1 required"}]}
//
// Three more commands serve other implementations and their tests:
//
//	crolint schema JSON-KIND
//	crolint gen JSON-KIND [-n N] [-seed S] [-readable | -break CODE]
//	crolint openapi
//
// schema prints croschema.Model.JSONSchema of the KIND's model. gen writes N
// documents of crogen.WriteJSONL, one a line (-n 10 and -seed 1 by
// default): valid ones, or with -break CODE ones that each have exactly one
// violation of that code. With -readable it writes valid documents that
// read as a person's instead (plausible names, addresses at example.com,
// 555 phone numbers, true and false, ids from 1; every create-contact has
// a name), drawn from math/rand/v2's PCG seeded by -seed: the same on
// every Go release. openapi prints croschema.OpenAPI, the OpenAPI
// 3.0.3 document of the three endpoints.
//
// Two commands listen on loopback for integration tests in any language:
//
//	crolint serve [-addr HOST:PORT] [-token ROLE=TOKEN]... [-contacts N] [-seed S] [-max-contacts M]
//	              [-fail STATUS [-fail-count N] [-fail-endpoint NAME] [-retry-after SECONDS]] [-latency DURATION]
//	crolint proxy -target URL [-addr HOST:PORT] [-format text|json] [-strict]
//
// serve is the mock of package crotest (crotest.NewMock) on
// crohttp.Middleware (default address 127.0.0.1:8003): the documented
// sample as GET /customers/1/contacts/1, -contacts N generated contacts
// after it, one store every tenant sees, 507 for a Create past
// -max-contacts. Its faults make valid requests fail or wait, for testing
// a client's retries: -fail STATUS answers STATUS with the API's error
// body, for -fail-count N requests (0, the default: all), of -fail-endpoint
// NAME only (get-contact, update-contact, create-contact), with
// -retry-after SECONDS; -latency DURATION delays every answer. Per
// request, the Prefer header (RFC 7240, as the Prism mock reads it) asks
// for "code=503", "retry-after=2" and "wait=3" (seconds, at most 60); the
// answer's Preference-Applied names what was applied. proxy (default
// 127.0.0.1:8004) forwards everything to -target unchanged and writes one
// record per request and response, whatever the path, in the formats
// below, with the source "request METHOD PATH" or "response STATUS METHOD
// PATH"; a request is linted as the target gets it (without the headers
// its Connection header names). With -strict it answers a request with
// violations itself, as crohttp would (404 for a path that names no
// endpoint, such as "//customers/1/contacts/1").
// Each prints "crolint: serving on http://HOST:PORT" or "crolint:
// proxying http://HOST:PORT to URL" to standard error when it listens,
// with the port it got ("-addr 127.0.0.1:0" picks a free one), and on
// SIGINT or SIGTERM lets the requests in flight finish and exits 0. Each
// reads at most 64 KiB of a request's line and headers: net/http answers
// a larger one 431 itself, as it answers 400 a malformed request, 417 an
// Expect other than 100-continue, 501 an unknown transfer coding and 505
// another HTTP version, in plain text, before crolint sees the request.
//
// One command tests a running server of the API, in any language, against
// the contract:
//
//	crolint check [-token [ROLE=]TOKEN]... [-reject-unknown-tokens] [-tenant ID]
//	              [-customer ID]... [-seed S] [-n N] [-time D] [-rate R]
//	              [-checks all|docs|decision|NAME,...] [-format text|jsonl] [-junit FILE]
//	              [-body-limit BYTES] [-timeout D] BASEURL
//
// check sends generated requests to BASEURL, one at a time, and compares
// every answer with the exact answer RULES.md "Serving the API" gives that
// request (the engine of crotest.Conformance): it reports each failure once
// per cause, with the smallest request that shows it and a curl command,
// then a table of its 33 checks; it exits 0 when all pass, 1 on a failure,
// 2 for a usage error or a server it cannot use. "crolint check -h" lists
// the flags and the checks.
//
// # Output
//
// One record per document, written as soon as the document is checked. The
// text format prints "SOURCE: ok" for a valid document and one line
// "SOURCE: LOCATION: CODE: DETAIL" per violation otherwise, LOCATION as
// croschema.Violation.String writes it: the location "" (the whole
// document) is printed as "", and a location holding a space, a colon or a
// character that needs escaping is quoted with %q. Nothing crolint prints
// (keys, values, details, FILE names) holds a character a terminal could
// act on: control characters, U+0085, U+2028, U+2029 and every other
// character %q escapes are written as %q writes them ("\x1b", "\u0085") in
// the text format, as \u escapes in the json format. The json format
// prints one object per line,
//
//	{"source":"x.json","valid":false,"violations":[{"location":"","field":"...","code":"syntax","detail":"..."}]}
//
// whose violations array is [] for a valid document.
//
// # Exit status
//
// 0 when every document is valid, 1 when any document has a violation, 2
// for a usage error or a FILE that cannot be read; the message on standard
// error names the FILE and the cause, and the other FILEs are still
// checked. An input without a document (an empty -jsonl input) prints
// nothing and is not a failure. -h prints the usage on standard output and
// exits 0; "crolint SUBCOMMAND -h" prints that subcommand's usage, help
// and flags only, and a usage error of a subcommand shows its usage only.
//
// # Limits
//
// A document (a FILE, or a line with -jsonl) larger than 64 MiB is not
// checked: it is one syntax violation at "", found after reading at most
// 64 MiB + 1 byte of it (a regular file's size is taken from the file
// system; a longer -jsonl line is skipped to its end without being kept).
// Memory is therefore bounded by the largest document, and time is linear
// in the input. With -jsonl the input is read line by line: output is
// flushed whenever no complete line is waiting, so "producer | crolint
// -jsonl contact" reports each document as it arrives, on endless input
// too. A header repeated any number of times is one duplicate_key plus one
// violation per distinct bad value. A document reports at most 1000
// violations, then one violation of code limit at "" ("more than 1000
// violations; the rest are not reported"); of an HTTP message only the
// header fields that are checked or frame the body are kept, so a header
// section of millions of lines costs no more memory than its bytes.
//
// # HTTP messages
//
// crolint reads the message itself, with LF or CRLF line endings, and
// keeps going after a problem so that every violation is reported. Empty
// lines before the start line are ignored. Violations about the message as
// HTTP have the code syntax, the location "" and an empty field, and their
// detail gives the line number; details never quote a header line or value.
//
//   - Start line: "METHOD SP TARGET SP HTTP/1.1" (or HTTP/1.0) for a
//     request, "HTTP/1.1 SP CODE [SP REASON]" with CODE 100 to 599 for a
//     response. Without a usable start line (an empty file, binary
//     garbage, a message cut inside its first line) the message gets that
//     one syntax violation and nothing else is checked.
//   - Request target: a path ("/customers/1/contacts/2/", the query is
//     ignored) or an absolute http(s) URL, matched with
//     croschema.MatchEndpoint (path, method, required and integer
//     violations); any other form is a path violation.
//   - Headers: each line "name: value", the value trimmed of spaces and
//     tabs, checked as StandardRequestHeadersModel (the content-type rule
//     for POST and PATCH) or StandardResponseHeadersModel. A line without
//     a colon, a name that is not a token (such as a space before the
//     colon), an obsolete folded line, and a line holding a control
//     character other than tab (a bare CR not followed by LF, a NUL, DEL,
//     ESC; RFC 9112 section 2.2, RFC 9110 section 5.5) are syntax
//     violations, and the line is ignored: a bare CR never ends a field, so
//     nothing after it is read as another header, and no detail quotes the
//     line. A message that ends before the blank line closing the headers
//     is a syntax violation; the headers read are checked, the body is not.
//   - Body framing: Transfer-Encoding: chunked is decoded (extensions and
//     trailer fields ignored, but a trailer line holding a control
//     character is a bad chunked body); any other transfer coding, both
//     Transfer-Encoding and Content-Length, a bad chunk, or a
//     Content-Length that is not one number is a syntax violation. A body
//     shorter than its Content-Length is a truncated body: a syntax
//     violation, and the body is not checked. Bytes after the body are a
//     syntax violation, except one line ending (the final newline of a
//     file). A request with neither header has no body (RFC 9112): bytes
//     after its headers are a syntax violation and are still checked as
//     the intended body. A response with neither header has the rest of the
//     input as its body. 1xx, 204 and 304 responses, and a response to
//     HEAD (-method HEAD), have no body: bytes after their headers are a
//     syntax violation. Transfer-Encoding in an HTTP/1.0 message is
//     faulty framing (RFC 9112 section 6.1): a syntax violation, and the
//     body is not checked.
//   - Bodies: a POST or PATCH body is checked as CreateCustomerContactModel
//     or UpdateCustomerContactModel, with JSON Pointer locations; a body on
//     GET is a syntax violation; a request whose line names no endpoint has
//     its body unchecked. A 2xx response body is checked as
//     CustomerContactModel, a 4xx or 5xx body as the API's error body; 1xx
//     and 3xx bodies are not checked.
//
// The value of the authorization header, the bearer token, never appears in
// the output or on standard error.
package main
