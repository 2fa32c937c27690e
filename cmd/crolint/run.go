package main

import (
	"github.com/croschema/croschema/internal/inert"

	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/croschema/croschema"
)

// maxDocument is the size limit of one document: a FILE, or a line with
// -jsonl. A larger document is one syntax violation, found without reading
// more than maxDocument+1 bytes of it into memory.
const maxDocument = 64 << 20

const usageLine = "usage: crolint [-format text|json] [-jsonl] [-method METHOD] KIND [FILE ...]\n" +
	"       crolint schema JSON-KIND\n" +
	"       crolint gen JSON-KIND [-n N] [-seed S] [-break CODE]\n" +
	"       crolint serve [-addr HOST:PORT] [-token ROLE=TOKEN]... [-contacts N] [-seed S] [-max-contacts M]\n" +
	"                     [-fail STATUS [-fail-count N] [-fail-endpoint NAME] [-retry-after SECONDS]] [-latency DURATION]\n" +
	"       crolint proxy -target URL [-addr HOST:PORT] [-format text|json] [-strict]\n" +
	"       crolint openapi"

const usageText = usageLine + `

crolint checks documents against the CRO Software API's customer contact
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
  -h                 print this help

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

crolint schema JSON-KIND prints the JSON Schema (draft 2020-12) of a JSON
KIND (contact, create-contact, update-contact or error).

crolint gen JSON-KIND writes N generated documents of that KIND, one a
line (default -n 10, -seed 1; the same seed gives the same documents):
valid ones, or with -break CODE ones that each have exactly one violation
of that code. "crolint gen contact -break email | crolint -jsonl contact"
shows them.

crolint serve is a mock of the API, crotest.NewMock's: it serves the three
endpoints on -addr (default 127.0.0.1:8003; 127.0.0.1:0 picks a free
port) as crohttp's middleware does (RULES.md "Serving the API"), from one
in-memory store that every tenant sees, and prints "crolint: serving on
http://HOST:PORT" to standard error when it listens, with the port it
got. The store holds the documented sample as GET /customers/1/contacts/1,
and -contacts N generated contacts of customer 1 (ids 2 to N+1, crogen
with -seed S; default 0 and 1). With no -token, every token that matches
the documented pattern is a Dispatcher; -token ROLE=TOKEN (repeatable;
TOKEN is the whole authorization value, such as 'Bearer a.b.c') gives a
token its role, and any other token gets 401. Past -max-contacts (default
100000, the sample and -contacts included) a Create gets 507 Insufficient
Storage: the request is valid but cannot be stored, and nothing ever frees
room, so 503's "try again later" would be wrong.

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

crolint proxy forwards every request on -addr (default 127.0.0.1:8004;
127.0.0.1:0 picks a free port) to -target, unchanged but for Host and the
hop-by-hop headers (as any reverse proxy), and returns the target's
response unchanged, streamed. It prints "crolint: proxying
http://HOST:PORT to URL" to standard error when it listens, with the port
it got. Every request and every response is linted, as KIND request and
response are, the request as the target gets it (without the headers its
Connection header names), and written as one record, in -format's form,
as soon as it is checked (a response when its body ends): the SOURCE is
"request METHOD PATH" or "response STATUS METHOD PATH". A path that names
no endpoint ("//customers/1/contacts/1", "/Customers/1/contacts/1") has
a path violation, and the target's answer to it a status violation unless
it is 404; an OPTIONS is a preflight, answered 204. Bodies over 1 MiB are
forwarded but not checked (a max_length violation says so); a
gzip-encoded response body is decoded to be checked. With -strict, a
request with violations is not forwarded: the proxy answers it as a
conforming server would (crohttp's status and error body; 404 for a path
that names no endpoint). A target that cannot be reached or does not
answer in time (connect 10s, response headers 60s, 60s without a body
byte) gets 502 with the API's error body, a record and a line on standard
error, in which the path is escaped and holds no piece of the token.
Shutdown on a signal is as for serve.

crolint openapi prints the OpenAPI 3.0.3 document (JSON) of the three
endpoints, for code generators, mock servers and request validators.

Limits: a document larger than 64 MiB is not checked; it is reported as one
syntax violation at "". A document reports at most 1000 violations, then
one violation of code limit at "".

Exit status: 0 when every document is valid, 1 when any has a violation, 2
for a usage error or a FILE that cannot be read (a message on standard
error names the FILE and the cause; the other FILEs are still checked).
`

// kind is what a document is checked as.
type kind struct {
	name  string
	model croschema.Model // the body model of a JSON kind
	http  msgKind         // a raw HTTP message, or notHTTP
}

// msgKind is the kind of HTTP message a kind reads.
type msgKind uint8

const (
	notHTTP msgKind = iota
	httpRequest
	httpResponse
)

var kinds = []kind{
	{name: "contact", model: croschema.ModelCustomerContact},
	{name: "create-contact", model: croschema.ModelCreateCustomerContact},
	{name: "update-contact", model: croschema.ModelUpdateCustomerContact},
	{name: "error", model: croschema.ModelAPIError},
	{name: "request", http: httpRequest},
	{name: "response", http: httpResponse},
}

func kindNames() string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = k.name
	}
	return strings.Join(names, ", ")
}

// lint checks one whole document; method is the -method flag.
func (k kind) lint(data []byte, method string) croschema.Violations {
	switch k.http {
	case httpRequest:
		return lintRequest(data)
	case httpResponse:
		return lintResponse(data, method)
	}
	return appendError(nil, k.model.Lint(data))
}

// field is the Field of a violation about the whole document.
func (k kind) field() string {
	if k.http != notHTTP {
		return ""
	}
	return k.model.String()
}

// Exit statuses.
const (
	exitOK      = 0
	exitInvalid = 1
	exitError   = 2
)

// run is the whole command: it parses args, checks every input and returns
// the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runLimit(args, stdin, stdout, stderr, maxDocument)
}

// runLimit is run with a size limit per document, so tests can exercise the
// limit without 64 MiB inputs.
func runLimit(args []string, stdin io.Reader, stdout, stderr io.Writer, limit int) int {
	c := &command{stdin: stdin, stdout: bufio.NewWriterSize(stdout, 64<<10), stderr: stderr, limit: limit}
	c.status = c.main(args)
	c.flush()
	return c.status
}

// command is one run of crolint.
type command struct {
	stdin  io.Reader
	stdout *bufio.Writer
	stderr io.Writer
	limit  int

	kind   kind
	method string // -method: the request method a response answers, or ""
	json   bool
	status int
	outErr bool // writing stdout failed, and was reported
	enc    *json.Encoder
	jbuf   bytes.Buffer // a record of -format json, before writeJSONEscaped
	line   []byte       // the reused buffer of -jsonl lines
}

func (c *command) main(args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "schema":
			return c.schema(args[1:])
		case "gen":
			return c.gen(args[1:])
		case "serve":
			return c.serve(args[1:])
		case "proxy":
			return c.proxy(args[1:])
		case "openapi":
			return c.openapi(args[1:])
		}
	}
	fset := newFlagSet("")
	format := fset.String("format", "text", "")
	jsonl := fset.Bool("jsonl", false, "")
	method := fset.String("method", "", "")

	pos, status, ok := c.parseFlags(fset, args)
	if !ok {
		return status
	}
	if !c.setFormat(*format) {
		return c.usage(fmt.Sprintf("-format %q: want text or json", *format))
	}
	if len(pos) == 0 {
		return c.usage("missing KIND: one of " + kindNames())
	}
	found := false
	for _, k := range kinds {
		if k.name == pos[0] {
			c.kind, found = k, true
		}
	}
	if !found {
		return c.usage(fmt.Sprintf("unknown KIND %q: want one of %s", pos[0], kindNames()))
	}
	if *jsonl && c.kind.http != notHTTP {
		return c.usage("-jsonl checks JSON documents; KIND " + c.kind.name + " is a raw HTTP message")
	}
	if *method != "" && c.kind.http != httpResponse {
		return c.usage("-method names the request of a response; KIND " + c.kind.name + " is not one")
	}
	if *method != "" && !isToken(*method) {
		return c.usage(fmt.Sprintf("-method %q: not an HTTP method", *method))
	}
	c.method = *method

	files := pos[1:]
	if len(files) == 0 {
		files = []string{"-"}
	}
	for _, name := range files {
		if !c.file(name, *jsonl) {
			break // stdout is broken
		}
	}
	return c.status
}

// setFormat sets the output format of report, text or json, and reports
// whether format is one of them.
func (c *command) setFormat(format string) bool {
	switch format {
	case "text":
	case "json":
		c.json = true
		c.enc = json.NewEncoder(&c.jbuf)
		c.enc.SetEscapeHTML(false)
	default:
		return false
	}
	return true
}

// newFlagSet returns the flag set of "crolint NAME" ("crolint" alone for
// the lint itself); it prints nothing: parseFlags reports its errors.
func newFlagSet(name string) *flag.FlagSet {
	if name != "" {
		name = "crolint " + name
	} else {
		name = "crolint"
	}
	fset := flag.NewFlagSet(name, flag.ContinueOnError)
	fset.SetOutput(io.Discard)
	return fset
}

// parseFlags parses args with fset, flags anywhere (parseInterspersed),
// and returns the other arguments. When ok is false, status is the exit
// status: -h printed the help, or a bad flag was reported as a usage error
// prefixed with the subcommand's name.
func (c *command) parseFlags(fset *flag.FlagSet, args []string) (pos []string, status int, ok bool) {
	pos, err := parseInterspersed(fset, args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(c.stdout, usageText)
		return nil, exitOK, false
	}
	if err != nil {
		msg := err.Error()
		if sub, found := strings.CutPrefix(fset.Name(), "crolint "); found {
			msg = sub + ": " + msg
		}
		return nil, c.usage(msg), false
	}
	return pos, exitOK, true
}

// parseInterspersed parses the flags of args wherever they are, before or
// after KIND and the FILEs, and returns the other arguments in order. "--"
// ends the flags; "-" is an argument (standard input).
func parseInterspersed(fset *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fset.Parse(args); err != nil {
			return nil, err
		}
		rest := fset.Args()
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// usage reports a usage error and returns its exit status.
func (c *command) usage(msg string) int {
	fmt.Fprintf(c.stderr, "crolint: %s\n%s\nRun 'crolint -h' for the details.\n", msg, usageLine)
	return exitError
}

// fail reports that FILE name cannot be read and sets the exit status.
func (c *command) fail(name string, err error) {
	if name == "-" {
		name = "standard input"
	} else if inert.NeedsEscape(name) {
		name = strconv.Quote(name)
	}
	cause := err.Error()
	if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
		cause = pe.Op + ": " + pe.Err.Error()
	}
	fmt.Fprintf(c.stderr, "crolint: %s: %s\n", name, cause)
	c.status = exitError
}

// file checks the FILE name ("-" is standard input) and reports whether
// crolint should go on: false only when the output cannot be written.
func (c *command) file(name string, jsonl bool) bool {
	r := c.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			c.fail(name, err)
			return true
		}
		defer f.Close()
		r = f
	}
	if jsonl {
		return c.lines(name, r)
	}
	data, tooBig, err := readLimited(r, c.limit)
	if err != nil {
		c.fail(name, err)
		return true
	}
	var vs croschema.Violations
	if tooBig {
		vs = c.tooBig()
	} else {
		vs = c.kind.lint(data, c.method)
	}
	return c.report(name, vs) && c.flush()
}

// lines checks every line of r that is not blank as one JSON document, as
// it arrives: the output of the lines read so far is flushed whenever no
// complete line is buffered, before crolint waits for more input. It
// reports whether crolint should go on.
func (c *command) lines(name string, r io.Reader) bool {
	br := bufio.NewReaderSize(r, 64<<10)
	for n := 1; ; n++ {
		if !lineBuffered(br) && !c.flush() {
			return false
		}
		line, tooBig, err := readLine(br, c.line[:0], c.limit)
		c.line = line[:0]
		if err != nil && err != io.EOF {
			c.fail(name, err)
			return c.flush()
		}
		if err == io.EOF && len(line) == 0 && !tooBig {
			return c.flush() // the end of the last line, or an empty input
		}
		switch {
		case tooBig:
			if !c.report(name+":"+strconv.Itoa(n), c.tooBig()) {
				return false
			}
		case !blank(line):
			if !c.report(name+":"+strconv.Itoa(n), c.kind.lint(line, "")) {
				return false
			}
		}
		if err == io.EOF {
			return c.flush()
		}
	}
}

// lineBuffered reports whether br holds a complete line, so that reading it
// will not wait for input.
func lineBuffered(br *bufio.Reader) bool {
	b, _ := br.Peek(br.Buffered())
	return bytes.IndexByte(b, '\n') >= 0
}

// readLine reads one line from br into buf, without its line ending: '\n'
// or "\r\n". A line longer than limit bytes (its ending not counted) is read
// to its end but not kept: readLine returns an empty line and tooBig. err is
// nil, io.EOF after the last line (which may be unterminated, or empty when
// the input ends with '\n'), or a read error.
func readLine(br *bufio.Reader, buf []byte, limit int) (line []byte, tooBig bool, err error) {
	// The buffer may hold one byte more than limit: the CR of a CRLF
	// ending, which is only known to be one when the LF comes.
	for {
		frag, err := br.ReadSlice('\n')
		end := err == nil // frag ends with '\n'
		if end {
			frag = frag[:len(frag)-1]
		}
		if !tooBig {
			switch need := len(buf) + len(frag); {
			case need > limit+1:
				tooBig, buf = true, buf[:0]
			case need > cap(buf):
				// Double, as append does for small slices only, so that a
				// long line costs at most twice its size in allocations.
				grown := make([]byte, len(buf), min(max(2*cap(buf), need), limit+1))
				copy(grown, buf)
				buf = append(grown, frag...)
			default:
				buf = append(buf, frag...)
			}
		}
		if err != bufio.ErrBufferFull {
			if end && len(buf) > 0 && buf[len(buf)-1] == '\r' {
				buf = buf[:len(buf)-1]
			}
			if len(buf) > limit {
				tooBig, buf = true, buf[:0]
			}
			return buf, tooBig, err
		}
	}
}

// blank reports whether line holds nothing but JSON whitespace.
func blank(line []byte) bool {
	for _, b := range line {
		if b != ' ' && b != '\t' && b != '\r' {
			return false
		}
	}
	return true
}

// readLimited reads all of r, or reports tooBig, without reading more than
// limit+1 bytes of r nor holding a buffer larger than that.
func readLimited(r io.Reader, limit int) (data []byte, tooBig bool, err error) {
	size := 64 << 10
	if f, ok := r.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			if fi.Size() > int64(limit) {
				return nil, true, nil
			}
			size = int(fi.Size()) + 1 // +1 to see the end without growing
		}
	}
	buf := make([]byte, 0, min(size, limit+1))
	for {
		if len(buf) == cap(buf) {
			grown := make([]byte, len(buf), min(2*cap(buf)+512, limit+1))
			copy(grown, buf)
			buf = grown
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		switch {
		case len(buf) > limit:
			return nil, true, nil
		case err == io.EOF:
			return buf, false, nil
		case err != nil:
			return nil, false, err
		}
	}
}

// tooBig is the one violation of a document over the size limit.
func (c *command) tooBig() croschema.Violations {
	limit := strconv.Itoa(c.limit) + " bytes"
	if c.limit%(1<<20) == 0 {
		limit = strconv.Itoa(c.limit>>20) + " MiB"
	}
	return croschema.Violations{{Location: "", Field: c.kind.field(), Code: croschema.CodeSyntax,
		Detail: "larger than " + limit + ", the limit of one document; not checked"}}
}

// record is a document's line of -format json.
type record struct {
	Source     string               `json:"source"`
	Valid      bool                 `json:"valid"`
	Violations croschema.Violations `json:"violations"`
}

// report writes the result of one document and reports whether the output
// is still writable.
func (c *command) report(source string, vs croschema.Violations) bool {
	if len(vs) > 0 && c.status == exitOK {
		c.status = exitInvalid
	}
	if c.json {
		if vs == nil {
			vs = croschema.Violations{}
		}
		c.jbuf.Reset()
		if err := c.enc.Encode(record{Source: source, Valid: len(vs) == 0, Violations: vs}); err != nil {
			return c.writeFailed(err)
		}
		writeJSONEscaped(c.stdout, c.jbuf.Bytes())
		return true
	}
	if strings.HasPrefix(source, `"`) || inert.NeedsEscape(source) {
		source = strconv.Quote(source)
	}
	w := c.stdout
	if len(vs) == 0 {
		w.WriteString(source)
		w.WriteString(": ok\n")
	}
	for _, v := range vs {
		w.WriteString(source)
		w.WriteString(": ")
		w.WriteString(v.String()) // escaped: nothing in it acts on a terminal
		w.WriteByte('\n')
	}
	return true
}

// writeJSONEscaped writes b, the output of encoding/json, with the
// characters that needsEscape looks for and encoding/json leaves as they are
// (DEL, C1 controls such as U+0085, format characters) written as \u
// escapes. encoding/json already escapes C0 controls, U+2028 and U+2029
// and writes valid UTF-8; outside strings its output is ASCII, so every
// character replaced is inside a string, where \u is always valid.
func writeJSONEscaped(w *bufio.Writer, b []byte) {
	start := 0
	for i := 0; i < len(b); {
		if c := b[i]; c < 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if strconv.IsPrint(r) {
			i += size
			continue
		}
		w.Write(b[start:i])
		if r > 0xFFFF {
			r1, r2 := utf16.EncodeRune(r)
			writeU(w, r1)
			writeU(w, r2)
		} else {
			writeU(w, r)
		}
		i += size
		start = i
	}
	w.Write(b[start:])
}

// writeU writes the JSON escape \uXXXX of a UTF-16 code unit.
func writeU(w *bufio.Writer, r rune) {
	const hex = "0123456789abcdef"
	w.WriteString(`\u`)
	for shift := 12; shift >= 0; shift -= 4 {
		w.WriteByte(hex[r>>shift&15])
	}
}

// flush writes the buffered output and reports whether it could.
func (c *command) flush() bool {
	if err := c.stdout.Flush(); err != nil {
		return c.writeFailed(err)
	}
	return true
}

func (c *command) writeFailed(err error) bool {
	if !c.outErr {
		fmt.Fprintf(c.stderr, "crolint: writing output: %v\n", err)
		c.outErr = true
	}
	c.status = exitError
	return false
}
