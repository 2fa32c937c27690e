package main

import "strings"

// This file is crolint's help: "crolint -h" prints all of it, "crolint
// SUBCOMMAND -h" the subcommand's part, and a usage error the usage lines
// of the command it is about.

// subcommand is the help of one subcommand.
type subcommand struct {
	name  string
	usage []string // its usage, after "crolint ", one line or more
	help  string   // what it does and its flags
	exit  string   // its exit statuses
}

// lintUsage is the usage of the lint itself, after "crolint ".
const lintUsage = "[-format text|json] [-jsonl] [-method METHOD] KIND [FILE ...]"

var subcommands = []subcommand{
	{"schema", []string{"schema JSON-KIND"}, `crolint schema JSON-KIND prints the JSON Schema (draft 2020-12) of a JSON
KIND (contact, create-contact, update-contact or error).
`, exitWrite},
	{"gen", []string{"gen JSON-KIND [-n N] [-seed S] [-readable | -break CODE]"}, `crolint gen JSON-KIND writes N generated documents of that KIND, one a
line; the same seed gives the same documents:
  -n N        how many (default 10)
  -seed S     the seed of the generator (default 1)
  -break CODE documents that each have exactly one violation, of CODE
  -readable   valid documents a person would write: plausible names,
              email addresses at example.com, example.org and
              example.net, 555 phone numbers, true and false, ids from 1;
              a create-contact always has a name
By default the documents are valid, and as hard on a parser as the rules
allow (escapes, every boolean form, long and non-ASCII strings).
"crolint gen contact -break email | crolint -jsonl contact" shows them.
`, exitWrite},
	{"serve", []string{
		"serve [-addr HOST:PORT] [-token ROLE=TOKEN]... [-contacts N] [-seed S] [-max-contacts M]",
		"[-fail STATUS [-fail-count N] [-fail-endpoint NAME] [-retry-after SECONDS]] [-latency DURATION]",
	}, `crolint serve is a mock of the API, crotest.NewMock's: it serves the three
endpoints as crohttp's middleware does (RULES.md "Serving the API"), from
one in-memory store that every tenant sees, and prints "crolint: serving
on http://HOST:PORT" to standard error when it listens, with the port it
got. The store holds the documented sample as GET /customers/1/contacts/1.
  -addr HOST:PORT      where to listen (default 127.0.0.1:8003;
                       127.0.0.1:0 picks a free port)
  -token ROLE=TOKEN    give TOKEN, the whole authorization value such as
                       'Bearer a.b.c', the role ROLE (repeatable); any
                       other token then gets 401. Without -token, every
                       token that matches the documented pattern is a
                       Dispatcher
  -contacts N          N generated contacts of customer 1, ids 2 to N+1
                       (default 0)
  -seed S              their seed (default 1)
  -max-contacts M      the most contacts stored, the sample and -contacts
                       included (default 100000)
Past -max-contacts a Create gets 507 Insufficient Storage: the request is
valid but cannot be stored, and nothing ever frees room, so 503's "try
again later" would be wrong.

Faults, for testing a client's retries and error handling, apply to valid
requests (the others get the middleware's answer at once):
  -fail STATUS         answer STATUS (4xx or 5xx, such as 503) with the
                       API's error body instead of serving the request
  -fail-count N        ... for the next N requests only (default 0: all)
  -fail-endpoint NAME  ... for requests of one endpoint only: get-contact,
                       update-contact or create-contact
  -retry-after SECONDS ... with a Retry-After header
  -latency DURATION    wait DURATION (such as 200ms) before answering
                       every request
A client asks for a fault per request with the Prefer header (RFC 7240,
as the Prism mock reads it): "Prefer: code=503" answers 503, "code=429,
retry-after=2" adds "Retry-After: 2", "wait=3" waits 3 seconds (at most
60); the answer names what it applied in Preference-Applied.

Request bodies are limited to 1 MiB (413), request headers to 64 KiB
(net/http answers larger ones 431, itself); slow clients are cut off by
timeouts (headers 10s, request 30s, response 30s, idle connection 120s).
On SIGINT or SIGTERM it stops listening, lets the requests in flight
finish (for up to 30s) and exits 0; a second signal ends it at once. No
token is ever logged.
`, exitDaemon},
	{"proxy", []string{"proxy -target URL [-addr HOST:PORT] [-format text|json] [-strict]"}, `crolint proxy forwards every request to -target, unchanged but for Host
and the hop-by-hop headers (as any reverse proxy), and returns the
target's response unchanged, streamed, linting both.
  -target URL          the server to forward to, http or https (required)
  -addr HOST:PORT      where to listen (default 127.0.0.1:8004;
                       127.0.0.1:0 picks a free port)
  -format text|json    the records' format, as the lint's (default text)
  -strict              answer a request with violations instead of
                       forwarding it, as a conforming server would
                       (crohttp's status and error body; 404 for a path
                       that names no endpoint)
It prints "crolint: proxying http://HOST:PORT to URL" to standard error
when it listens, with the port it got. Every request and every response
is linted, as KIND request and response are, the request as the target
gets it (without the headers its Connection header names), and written
as one record as soon as it is checked (a response when its body ends):
the SOURCE is "request METHOD PATH" or "response STATUS METHOD PATH". A
path that names no endpoint ("//customers/1/contacts/1",
"/Customers/1/contacts/1") has a path violation, and the target's answer
to it a status violation unless it is 404; an OPTIONS is a preflight,
answered 204. Bodies over 1 MiB are forwarded but not checked (a
max_length violation says so); a gzip-encoded response body is decoded
to be checked. A target that cannot be reached or does not answer in time
(connect 10s, response headers 60s, 60s without a body byte) gets 502
with the API's error body, a record and a line on standard error, in
which the path is escaped and holds no piece of the token. Request
headers are limited to 64 KiB, as for serve; shutdown on a signal is as
for serve.
`, exitDaemon},
	{"check", checkUsageLines, checkSummary, checkExit},
	{"openapi", []string{"openapi"}, `crolint openapi prints the OpenAPI 3.0.3 document (JSON) of the three
endpoints, for code generators, mock servers and request validators.
`, exitWrite},
}

// usageLines returns the usage lines of a command, each "crolint " +
// usage, the first after prefix and the others indented under it.
func usageLines(prefix string, usage []string) string {
	var b strings.Builder
	indent := strings.Repeat(" ", len(prefix)+len("crolint ")+strings.IndexByte(usage[0]+" ", ' ')+1)
	for i, u := range usage {
		if i == 0 {
			b.WriteString(prefix + "crolint " + u)
			continue
		}
		b.WriteString("\n" + indent + u)
	}
	return b.String()
}

// usageLine is the usage of every command, as a usage error of the lint
// itself prints it.
var usageLine = func() string {
	lines := []string{usageLines("usage: ", []string{lintUsage})}
	for _, s := range subcommands {
		lines = append(lines, usageLines("       ", s.usage))
	}
	return strings.Join(lines, "\n")
}()

// findSubcommand returns the subcommand called name.
func findSubcommand(name string) (subcommand, bool) {
	for _, s := range subcommands {
		if s.name == name {
			return s, true
		}
	}
	return subcommand{}, false
}

// subUsageText is what "crolint NAME -h" prints: the subcommand's usage,
// help and exit statuses.
func subUsageText(s subcommand) string {
	return usageLines("usage: ", s.usage) + "\n\n" + s.help + "\n" + s.exit
}

// The exit statuses of the subcommands.
const (
	exitWrite = `Exit status: 0 when the output is written, 2 for a usage error or when
writing the output fails.
`
	exitDaemon = `Exit status: 0 after SIGINT or SIGTERM once the requests in flight are
done, 2 for a usage error, an address it cannot listen on, or requests
still in flight 30s after the signal.
`
)

const lintHelp = `crolint checks documents against the CRO Software API's customer contact
models and reports every violation, with the codes and locations of
croschema (RULES.md "Violation codes").

KIND is one of:
  contact         a CustomerContactModel JSON body (the Get Contact response)
  create-contact  a CreateCustomerContactModel JSON body (the POST body)
  update-contact  an UpdateCustomerContactModel JSON body (the PATCH body)
  error           the API's error body ({"field", "detail", "explanation"})
  request         a raw HTTP/1.1 request to Get, Update or Create Contact
  response        a raw HTTP/1.1 response to Get Contact

With no FILE, or for FILE "-", crolint reads standard input. Each FILE is
one document; with -jsonl each line that is not blank is one.

Flags (before or after KIND; "--" ends them):
  -format text|json  the output format (default text)
  -jsonl             one JSON document per line; JSON kinds only
  -method METHOD     response only: the method of the request it answers;
                     a response to HEAD has no body
  -h                 print this help; "crolint SUBCOMMAND -h" prints the
                     help of one subcommand

Output, one record per document, written as soon as it is checked:
  text   SOURCE: ok
         SOURCE: LOCATION: CODE: DETAIL     (one line per violation)
  json   {"source":"...","valid":false,"violations":[{"location":"...",
          "field":"...","code":"...","detail":"..."}]}    (one line)
SOURCE is the FILE name ("-" for standard input), or FILE:LINE with -jsonl,
LINE counting every line from 1, blank ones included. LOCATION is a JSON
Pointer in a body ("/email"), a lower-case header name ("x-tenant-id"), a
path parameter ("customer_id"), "method" or "path". The location "" is the
whole document (a syntax error, a body that is not an object, a bad HTTP
message); the text format prints it as "" and quotes (as Go's strconv.Quote
does) every location that holds a space, a colon or a character a terminal
could act on. No output holds such a character: control characters,
U+0085, U+2028, U+2029 and the other characters Go's quoting escapes are
written as it writes them ("\x1b", "\u2028") in text, as \u escapes in
json. The json format always has a "violations" array, [] when the
document is valid.

HTTP messages (request, response): LF or CRLF line endings. The request
line is matched to an endpoint (path, method, integer violations), the
headers are checked as StandardRequestHeadersModel or
StandardResponseHeadersModel, and the body as the endpoint's model: create-
or update-contact for POST and PATCH, contact for a 2xx response, the API's
error body for a 4xx or 5xx one. A message that cannot be read as HTTP/1.x
(no request or status line, a header section without its closing blank
line, a malformed header line, a body shorter or longer than its
Content-Length, a bad chunked body, a body on GET) is a syntax violation at
"" saying where. The bearer token is never printed.
`

const limitsText = `Limits: a document larger than 64 MiB is not checked; it is reported as one
syntax violation at "". A document reports at most 1000 violations, then
one violation of code limit at "".
`

const exitText = `Exit status: 0 when every document is valid, 1 when any has a violation, 2
for a usage error or a FILE that cannot be read (a message on standard
error names the FILE and the cause; the other FILEs are still checked).
`

// usageText is what "crolint -h" prints: all of the help.
var usageText = func() string {
	var b strings.Builder
	b.WriteString(usageLine + "\n\n" + lintHelp)
	for _, s := range subcommands {
		b.WriteString("\n" + s.help)
	}
	b.WriteString("\n" + limitsText + "\n" + exitText)
	return b.String()
}()
