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

	sub    string // the subcommand run, such as "serve"; "" for the lint
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
		if _, ok := findSubcommand(args[0]); ok {
			c.sub = args[0]
		}
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
		case "check":
			return c.check(args[1:])
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
		if s, ok := findSubcommand(c.sub); ok {
			fmt.Fprint(c.stdout, subUsageText(s))
		} else {
			fmt.Fprint(c.stdout, usageText)
		}
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

// usage reports a usage error with the usage of the command it is about
// (a subcommand's only, or every command's for the lint) and returns its
// exit status.
func (c *command) usage(msg string) int {
	if s, ok := findSubcommand(c.sub); ok {
		fmt.Fprintf(c.stderr, "crolint: %s\n%s\nRun 'crolint %s -h' for the details.\n", msg, usageLines("usage: ", s.usage), s.name)
		return exitError
	}
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
