package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/croschema/croschema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// result is what one run of crolint printed and returned.
type result struct {
	stdout, stderr string
	code           int
}

func runCLI(t testing.TB, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return result{out.String(), errb.String(), code}
}

// String is the golden form of a run.
func (r result) String() string {
	return fmt.Sprintf("exit: %d\n-- stdout --\n%s-- stderr --\n%s", r.code, r.stdout, r.stderr)
}

// checkGolden compares got with testdata/golden/name.golden, or rewrites
// it under -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name+".golden")
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -run %s -update to create it", t.Name())
	assert.Equal(t, string(want), got, "golden file %s (go test -update rewrites it)", path)
}

const (
	sample    = "../../testdata/contact/valid-sample.json"
	many      = "../../testdata/contact/many-violations.json"
	truncated = "../../testdata/contact/syntax-truncated.json"
	createOK  = "../../testdata/create-contact/valid-full.json"
	createBad = "../../testdata/create-contact/unknown-field-id.json"
	updateOK  = "../../testdata/update-contact/valid-clear-fax.json"
	updateBad = "../../testdata/update-contact/null-bool.json"
	errorOK   = "../../testdata/error/valid-documented.json"
	errorBad  = "../../testdata/error/unknown-field.json"
	emptyFile = "testdata/http/empty.http"
	garbage   = "testdata/http/garbage.http"
	mixed     = "testdata/jsonl/mixed.jsonl"
)

// goldenCases covers every KIND, every exit status, both formats, standard
// input and -jsonl numbering. Their outputs are under testdata/golden.
var goldenCases = []struct {
	name  string
	stdin string
	args  []string
}{
	{"contact-ok", "", []string{"contact", sample}},
	{"contact-text", "", []string{"contact", sample, many, truncated}},
	{"contact-json", "", []string{"-format", "json", "contact", sample, many, truncated}},
	{"create-contact", "", []string{"create-contact", createOK, createBad}},
	{"create-contact-json", "", []string{"-format=json", "create-contact", createOK, createBad}},
	{"update-contact", "", []string{"update-contact", updateOK, updateBad}},
	{"error", "", []string{"error", errorOK, errorBad}},
	{"error-json", "", []string{"-format", "json", "error", errorOK, errorBad}},
	{"stdin", `{"name": "George", "fax": "12"}`, []string{"create-contact"}},
	{"stdin-dash-json", `{"name": null}`, []string{"-format", "json", "update-contact", "-"}},
	{"stdin-between-files", `[]`, []string{"contact", sample, "-", many}},
	{"flags-after-kind", "", []string{"contact", "-format", "json", sample}},
	{"double-dash", "", []string{"-format", "json", "--", "contact", sample}},
	{"empty-input", "", []string{"contact", emptyFile}},
	{"empty-input-every-kind-json", "", []string{"-format", "json", "update-contact", emptyFile, emptyFile}},
	{"garbage-contact", "", []string{"contact", garbage}},
	{"jsonl-file", "", []string{"-jsonl", "update-contact", mixed}},
	{"jsonl-file-json", "", []string{"-format", "json", "-jsonl", "update-contact", mixed}},
	{"jsonl-stdin", "{}\n\n{\"name\":null}\n  \n{", []string{"-jsonl", "update-contact"}},
	{"jsonl-empty", "", []string{"-jsonl", "contact", "testdata/jsonl/empty.jsonl"}},
	{"jsonl-two-files", "{}\n", []string{"-jsonl", "create-contact", mixed, "-"}},
	{"http-json", "", []string{"-format", "json", "request",
		"testdata/http/post-valid.request.http", "testdata/http/patch-invalid.request.http",
		"testdata/http/truncated-head.request.http"}},
	{"http-response-json", "", []string{"-format", "json", "response",
		"testdata/http/ok-lf.response.http", "testdata/http/bad.response.http"}},
	{"request-stdin", "GET /customers/1/contacts/2 HTTP/1.1\nAuthorization: Bearer a.b\nX-Tenant-Id: 3\n\n", []string{"request"}},

	// Exit status 2.
	{"usage-no-kind", "", nil},
	{"usage-unknown-kind", "", []string{"contacts", sample}},
	{"usage-bad-format", "", []string{"-format", "yaml", "contact"}},
	{"usage-unknown-flag", "", []string{"-strict", "contact"}},
	{"usage-jsonl-request", "", []string{"-jsonl", "request"}},
	{"usage-jsonl-response", "", []string{"-jsonl", "response", "x.http"}},
	{"missing-file", "", []string{"contact", "testdata/no-such-file.json", sample}},
	{"directory", "", []string{"contact", "testdata"}},
	{"missing-file-and-violation", "", []string{"-format", "json", "contact", many, "testdata/no-such-file.json"}},
	{"help", "", []string{"-h"}},
}

func TestGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			got := runCLI(t, tc.stdin, tc.args...)
			checkGolden(t, tc.name, "args: "+strings.Join(tc.args, " ")+"\n"+got.String())
		})
	}
}

// TestGoldenHTTP runs request or response over every raw message under
// testdata/http. (The module's testdata/http is TestModuleGoldens'.)
func TestGoldenHTTP(t *testing.T) {
	files, err := filepath.Glob("testdata/http/*.http")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		base := strings.TrimSuffix(filepath.Base(file), ".http")
		kinds := []string{"request", "response"}
		switch {
		case strings.HasSuffix(base, ".request"):
			kinds = kinds[:1]
		case strings.HasSuffix(base, ".response"):
			kinds = kinds[1:]
		}
		for _, k := range kinds {
			name := "http/" + base
			if len(kinds) > 1 {
				name += "." + k
			}
			t.Run(name, func(t *testing.T) {
				got := runCLI(t, "", k, file)
				checkGolden(t, name, "args: "+k+" "+file+"\n"+got.String())
			})
		}
	}
}

// TestModuleGoldens checks the CLI against the module's own golden files:
// testdata/KIND/NAME.golden holds the violations of NAME.json, and
// testdata/http/NAME.KIND.golden those of NAME.KIND.http, one
// croschema.Violation.String per line, nothing for a valid document.
func TestModuleGoldens(t *testing.T) {
	var docs [][2]string // KIND, file
	for _, k := range []string{"contact", "create-contact", "update-contact"} {
		m, err := filepath.Glob(filepath.Join("../../testdata", k, "*.json"))
		require.NoError(t, err)
		for _, doc := range m {
			docs = append(docs, [2]string{k, doc})
		}
	}
	for _, k := range []string{"request", "response"} {
		m, err := filepath.Glob(filepath.Join("../../testdata/http", "*."+k+".http"))
		require.NoError(t, err)
		samples, err := filepath.Glob(filepath.Join("../../testdata", "*."+k+".http"))
		require.NoError(t, err)
		m = append(samples, m...)
		for _, doc := range m {
			docs = append(docs, [2]string{k, doc})
		}
	}
	require.NotEmpty(t, docs, "no documents under ../../testdata")
	for _, d := range docs {
		k, doc := d[0], d[1]
		t.Run(k+"/"+filepath.Base(doc), func(t *testing.T) {
			golden, err := os.ReadFile(strings.TrimSuffix(doc, filepath.Ext(doc)) + ".golden")
			require.NoError(t, err)
			var want []string
			for line := range strings.Lines(string(golden)) {
				want = append(want, doc+": "+strings.TrimSuffix(line, "\n"))
			}
			wantCode := exitInvalid
			if len(want) == 0 {
				want, wantCode = []string{doc + ": ok"}, exitOK
			}
			got := runCLI(t, "", k, doc)
			assert.Equal(t, wantCode, got.code)
			assert.Equal(t, strings.Join(want, "\n")+"\n", got.stdout)
			assert.Empty(t, got.stderr)
		})
	}
}

// TestREADME runs the README's main command.
func TestREADME(t *testing.T) {
	const file = "../../testdata/get-contact.response.http"
	got := runCLI(t, "", "response", file)
	assert.Equal(t, result{stdout: file + ": ok\n", code: exitOK}, got)
}

// TestFormatsAgree checks that the json format says what the text format
// says, for every golden case.
func TestFormatsAgree(t *testing.T) {
	for _, tc := range goldenCases {
		if slices.Contains(tc.args, "json") || slices.Contains(tc.args, "-format=json") || slices.Contains(tc.args, "-h") {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			text := runCLI(t, tc.stdin, tc.args...)
			js := runCLI(t, tc.stdin, append([]string{"-format", "json"}, tc.args...)...)
			assert.Equal(t, text.code, js.code)
			assert.Equal(t, text.stderr, js.stderr)
			var lines []string
			dec := json.NewDecoder(strings.NewReader(js.stdout))
			for {
				var rec struct {
					Source     string
					Valid      bool
					Violations *croschema.Violations
				}
				if err := dec.Decode(&rec); err == io.EOF {
					break
				} else {
					require.NoError(t, err)
				}
				require.NotNil(t, rec.Violations, "violations must be an array, never null or absent")
				assert.Equal(t, rec.Valid, len(*rec.Violations) == 0)
				if rec.Valid {
					lines = append(lines, rec.Source+": ok\n")
				}
				for _, v := range *rec.Violations {
					lines = append(lines, rec.Source+": "+v.String()+"\n")
				}
			}
			assert.Equal(t, text.stdout, strings.Join(lines, ""))
		})
	}
}

func TestExitStatus(t *testing.T) {
	tests := []struct {
		args []string
		want int
	}{
		{[]string{"contact", sample}, exitOK},
		{[]string{"contact", sample, sample}, exitOK},
		{[]string{"contact", sample, many}, exitInvalid},
		{[]string{"contact", many, sample}, exitInvalid},
		{[]string{"contact", "testdata/nope", sample}, exitError},
		{[]string{"contact", many, "testdata/nope"}, exitError}, // 2 wins over 1
		{[]string{"contact", "testdata/nope", many}, exitError},
		{[]string{"-jsonl", "contact", emptyFile}, exitOK}, // no documents, nothing wrong
		{[]string{"-h"}, exitOK},
		{[]string{"-help"}, exitOK},
		{[]string{}, exitError},
		{[]string{"-format"}, exitError},
		{[]string{"-format", "", "contact"}, exitError},
	}
	for _, tt := range tests {
		got := runCLI(t, "", tt.args...)
		assert.Equal(t, tt.want, got.code, "crolint %q\n%s", tt.args, got)
		if tt.want == exitError {
			assert.NotEmpty(t, got.stderr, "crolint %q", tt.args)
		} else {
			assert.Empty(t, got.stderr, "crolint %q", tt.args)
		}
	}
}

// TestStderrNamesFileAndCause checks the message of an unreadable file.
func TestStderrNamesFileAndCause(t *testing.T) {
	got := runCLI(t, "", "contact", "testdata/no-such-file.json")
	assert.Equal(t, "crolint: testdata/no-such-file.json: open: no such file or directory\n", got.stderr)
	assert.Empty(t, got.stdout)

	got = runCLI(t, "", "-jsonl", "contact", "testdata")
	assert.Equal(t, "crolint: testdata: read: is a directory\n", got.stderr)
	assert.Equal(t, exitError, got.code)

	var out, errb bytes.Buffer
	code := run([]string{"contact"}, iotestErrReader{}, &out, &errb)
	assert.Equal(t, exitError, code)
	assert.Equal(t, "crolint: standard input: read failed\n", errb.String())
	assert.Empty(t, out.String())
}

type iotestErrReader struct{}

func (iotestErrReader) Read([]byte) (int, error) { return 0, errors.New("read failed") }

// A stdin that fails after some lines: the lines before it are reported.
func TestJSONLReadError(t *testing.T) {
	var out, errb bytes.Buffer
	in := io.MultiReader(strings.NewReader("{}\n{\"name\":1}\n{\"na"), iotestErrReader{})
	code := run([]string{"-jsonl", "update-contact"}, in, &out, &errb)
	assert.Equal(t, exitError, code)
	assert.Equal(t, "-:1: ok\n-:2: /name: type: want string, got number\n", out.String())
	assert.Equal(t, "crolint: standard input: read failed\n", errb.String())
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteError(t *testing.T) {
	for _, args := range [][]string{
		{"contact", sample},
		{"-format", "json", "contact", many, many},
		{"-jsonl", "update-contact", mixed},
	} {
		var errb bytes.Buffer
		code := run(args, strings.NewReader(""), failWriter{}, &errb)
		assert.Equal(t, exitError, code, "%q", args)
		assert.Equal(t, "crolint: writing output: disk full\n", errb.String(), "%q", args)
	}
}

// TestJSONLSources pins the FILE:LINE numbering: every line counts, blank
// ones and a last line without '\n' included.
func TestJSONLSources(t *testing.T) {
	in := "{}\n\n\r\n  \t\n{\"name\":1}\r\n{}\n\n{\"fax\":\"x\"}"
	got := runCLI(t, in, "-format", "json", "-jsonl", "update-contact")
	var sources []string
	var valid []bool
	for line := range strings.Lines(got.stdout) {
		var rec record
		require.NoError(t, json.Unmarshal([]byte(line), &rec))
		sources = append(sources, rec.Source)
		valid = append(valid, rec.Valid)
	}
	assert.Equal(t, []string{"-:1", "-:5", "-:6", "-:8"}, sources)
	assert.Equal(t, []bool{true, false, true, false}, valid)

	got = runCLI(t, "", "-jsonl", "update-contact", mixed, mixed)
	assert.Contains(t, got.stdout, mixed+":7: ")
	assert.Equal(t, 2, strings.Count(got.stdout, mixed+":1: ok\n"))
}

// TestStreaming feeds -jsonl through a pipe and reads each document's
// output before writing the next line: crolint lints input as it arrives.
func TestStreaming(t *testing.T) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	var errb bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run([]string{"-jsonl", "update-contact"}, inR, outW, &errb)
		outW.Close()
	}()
	out := bufio.NewReader(outR)
	readLine := func() string {
		t.Helper()
		ch := make(chan string, 1)
		go func() {
			s, _ := out.ReadString('\n')
			ch <- s
		}()
		select {
		case s := <-ch:
			return s
		case <-time.After(10 * time.Second):
			t.Fatal("no output for a complete line: crolint waits for more input before reporting")
			return ""
		}
	}
	write := func(s string) {
		t.Helper()
		_, err := io.WriteString(inW, s)
		require.NoError(t, err)
	}
	for i := 1; i <= 3; i++ {
		write(`{"name":"George"}` + "\n")
		assert.Equal(t, fmt.Sprintf("-:%d: ok\n", i), readLine())
	}
	// A complete line followed by a partial one: the first is reported
	// while the second is still coming.
	write("{\"name\":null}\n{\"na")
	assert.Equal(t, "-:4: /name: null: must not be null\n", readLine())
	write("me\":\"x\"}\n")
	assert.Equal(t, "-:5: ok\n", readLine())
	require.NoError(t, inW.Close())
	rest, err := io.ReadAll(outR)
	require.NoError(t, err)
	assert.Empty(t, string(rest))
	assert.Equal(t, exitInvalid, <-done)
	assert.Empty(t, errb.String())
}

// TestSizeLimit uses a small limit to check every way a document can
// exceed it.
func TestSizeLimit(t *testing.T) {
	const limit = 100
	runSmall := func(stdin string, args ...string) result {
		var out, errb bytes.Buffer
		code := runLimit(args, strings.NewReader(stdin), &out, &errb, limit)
		return result{out.String(), errb.String(), code}
	}
	big := `{"name":"` + strings.Repeat("x", 200) + `"}`
	exact := `{"name":"` + strings.Repeat("x", limit-11) + `"}`
	require.Len(t, exact, limit)

	got := runSmall(big, "create-contact")
	assert.Equal(t, exitInvalid, got.code)
	assert.Equal(t, "-: \"\": syntax: larger than 100 bytes, the limit of one document; not checked\n", got.stdout)

	got = runSmall(exact, "create-contact")
	assert.Equal(t, "-: ok\n", got.stdout, "a document of exactly the limit is checked")

	got = runSmall(exact+"\n"+big+"\n"+exact+"\n"+big, "-jsonl", "create-contact")
	assert.Equal(t, "-:1: ok\n"+
		"-:2: \"\": syntax: larger than 100 bytes, the limit of one document; not checked\n"+
		"-:3: ok\n"+
		"-:4: \"\": syntax: larger than 100 bytes, the limit of one document; not checked\n", got.stdout)

	// The CR of a CRLF ending is not part of the line: a line of exactly
	// the limit is checked with either ending, also when the reader
	// splits the CR from its LF.
	for _, in := range []io.Reader{
		strings.NewReader(exact + "\r\n" + exact + "\n" + exact + "\r\n"),
		io.MultiReader(strings.NewReader(exact+"\r"), strings.NewReader("\n"+exact+"\n"+exact+"\r"), strings.NewReader("\n")),
	} {
		var out, errb bytes.Buffer
		runLimit([]string{"-jsonl", "create-contact"}, in, &out, &errb, limit)
		assert.Equal(t, "-:1: ok\n-:2: ok\n-:3: ok\n", out.String())
	}
	// ... but a CR without its LF is: a last line of the limit and a CR
	// is one byte over it.
	got = runSmall(exact+"\n"+exact+"\r", "-jsonl", "create-contact")
	assert.Equal(t, "-:1: ok\n-:2: \"\": syntax: larger than 100 bytes, the limit of one document; not checked\n", got.stdout)
	got = runSmall(exact+"x\r\n", "-jsonl", "create-contact")
	assert.Equal(t, "-:1: \"\": syntax: larger than 100 bytes, the limit of one document; not checked\n", got.stdout)

	got = runSmall("GET /customers/1/contacts/2 HTTP/1.1\n"+strings.Repeat("X-Pad: 1\n", 20)+"\n", "-format", "json", "request")
	assert.Equal(t, `{"source":"-","valid":false,"violations":[{"location":"","field":"","code":"syntax","detail":"larger than 100 bytes, the limit of one document; not checked"}]}`+"\n", got.stdout)

	// A regular file over the limit is not even read: its size says so.
	path := filepath.Join(t.TempDir(), "big.json")
	require.NoError(t, os.WriteFile(path, []byte(big), 0o644))
	var out, errb bytes.Buffer
	code := runLimit([]string{"contact", path}, nil, &out, &errb, limit)
	assert.Equal(t, exitInvalid, code)
	assert.Equal(t, path+": \"\": syntax: larger than 100 bytes, the limit of one document; not checked\n", out.String())
}

func TestUsageText(t *testing.T) {
	got := runCLI(t, "", "-h")
	assert.Equal(t, usageText, got.stdout)
	for _, k := range kinds {
		assert.Contains(t, usageText, "  "+k.name+" ", "the usage text lists KIND %s", k.name)
	}
	assert.Contains(t, usageText, "64 MiB")
	assert.Equal(t, maxDocument, 64<<20)
	assert.Contains(t, usageText, `prints it as ""`)
}

// firstActive reports the first character of out that a terminal could act on:
// a control character other than the newline ending each record, U+0085,
// U+2028, U+2029 or anything else %q would escape, or a byte that is not
// UTF-8.
func firstActive(out string) (bad rune, ok bool) {
	for i, r := range out {
		if r == utf8.RuneError && !strings.HasPrefix(out[i:], "\uFFFD") {
			return r, false
		}
		if r != '\n' && !strconv.IsPrint(r) {
			return r, false
		}
	}
	return 0, true
}

// TestOutputInert feeds keys, values, paths and file names full of
// terminal controls through every kind and format: the output holds none
// of them, and the json format still decodes to the very key.
func TestOutputInert(t *testing.T) {
	hostile := []string{
		"\x1b]0;PWNED\x07\x1b[2J", // issue 9: set the title, clear the screen
		"\u0085", "\u2028", "\u2029", "\x7f", "\u009b31m", "\u202e", "\x00", "\r", "\t", "\ufeff", "\U000e0001",
		"a:b c", `"quoted"`, `back\slash`, "\xff\xfe", // not UTF-8
	}
	dir := t.TempDir()
	var docs, files []string
	for i, h := range hostile {
		raw := strings.ToValidUTF8(h, "") // JSON text is UTF-8; a raw C1 or DEL is allowed in a string
		esc, err := json.Marshal(h)
		require.NoError(t, err)
		key := strings.NewReplacer("\x1b", `\u001b`, "\x07", `\u0007`, "\x00", `\u0000`, "\r", `\r`, "\t", `\t`, `"`, `\"`, `\`, `\\`).Replace(raw)
		docs = append(docs,
			`{"`+key+`":1}`,                             // an unknown key
			`{"name":1,"`+key+`":1,"`+key+`":1}`,        // a duplicate key
			`{"notify_on_new_request":"`+key+`"}`,       // a raw token in a detail
			`{"notify_on_new_request":`+string(esc)+`}`, // the same, escaped by encoding/json
			`{"email":"`+key+`","fax":"`+key+`"}`,       // a value quoted in a detail
			`{"name":"x","id":"`+key+`"}`+"\n",
			`{"`+raw+`":1}`, // raw, even where JSON forbids it
		)
		name := filepath.Join(dir, fmt.Sprintf("%d-%s.json", i, strings.NewReplacer("/", "", "\x00", "").Replace(h)))
		require.NoError(t, os.WriteFile(name, []byte(`{"`+key+`":1}`), 0o644))
		files = append(files, name)
	}
	reqs := []string{
		"GET /customers/1/contacts/\u0085\u2028 HTTP/1.1\n" + goodHead + "\n",
		"GET /customers/1/contacts/2 HTTP/1.1\n" + goodHead + "x-request-id: \u0085\u202e\n\n",
		"PO\u0085ST /customers/1/contacts HTTP/1.1\n" + goodHead + "\n",
		postLine + goodHead + "Content-Length: 13\n\n{\"\x7f\u2029\":1}",
	}
	for _, format := range []string{"text", "json"} {
		var outs []result
		for _, kind := range []string{"contact", "create-contact", "update-contact"} {
			outs = append(outs, runCLI(t, strings.Join(docs, "\n"), "-format", format, "-jsonl", kind))
			outs = append(outs, runCLI(t, "", append([]string{"-format", format, kind}, files...)...))
		}
		for _, req := range reqs {
			outs = append(outs, runCLI(t, req, "-format", format, "request"))
		}
		outs = append(outs, runCLI(t, "", "-format", format, "contact", filepath.Join(dir, "missing\x1b[2J\u2028")))
		for _, r := range outs {
			require.NotEmpty(t, r.stdout+r.stderr)
			if bad, ok := firstActive(r.stdout); !ok {
				t.Errorf("%s output holds %q:\n%s", format, bad, r.stdout)
			}
			if bad, ok := firstActive(r.stderr); !ok {
				t.Errorf("%s standard error holds %q:\n%s", format, bad, r.stderr)
			}
		}
	}
	// The text format quotes the key; the json format keeps it.
	doc := `{"\u001b]0;PWNED\u0007\u001b[2J":1}`
	r := runCLI(t, doc, "contact")
	assert.Contains(t, r.stdout, `-: "/\x1b]0;PWNED\a\x1b[2J": unknown_field: `)
	r = runCLI(t, doc, "-format", "json", "contact")
	var rec struct{ Violations croschema.Violations }
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rec))
	assert.Equal(t, "/\x1b]0;PWNED\a\x1b[2J", rec.Violations[0].Location)
	r = runCLI(t, `{"\u0085":1}`, "-format", "json", "contact")
	assert.Contains(t, r.stdout, `"location":"/\u0085"`)
}
