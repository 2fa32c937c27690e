package main

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lineSource is an io.Reader of n generated lines, never held in memory
// at once: line(i) is line i, counting from 1, without its '\n'.
type lineSource struct {
	n, i int
	line func(i int) string
	buf  []byte
}

func (r *lineSource) Read(p []byte) (int, error) {
	for len(r.buf) == 0 {
		if r.i == r.n {
			return 0, io.EOF
		}
		r.i++
		r.buf = append(append(r.buf[:0], r.line(r.i)...), '\n')
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

// repeatReader yields b forever, or n bytes of it when n >= 0.
type repeatReader struct {
	b byte
	n int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	if r.n > 0 && int64(len(p)) > r.n {
		p = p[:r.n]
	}
	if len(p) > 0 {
		p[0] = r.b
		for filled := 1; filled < len(p); filled *= 2 {
			copy(p[filled:], p[:filled])
		}
	}
	if r.n > 0 {
		r.n -= int64(len(p))
	}
	return len(p), nil
}

func timed(t *testing.T, what string, f func()) {
	t.Helper()
	start := time.Now()
	f()
	t.Logf("%s: %v", what, time.Since(start).Round(time.Millisecond))
}

func runReader(args []string, stdin io.Reader) result {
	var out, errb bytes.Buffer
	code := run(args, stdin, &out, &errb)
	return result{out.String(), errb.String(), code}
}

// Test50MBDocument lints documents of 50 MiB, valid and not, from a file
// and from standard input.
func Test50MBDocument(t *testing.T) {
	t.Parallel()
	const size = 50 << 20
	name := strings.Repeat("é", size/2) // 25 Mi characters, 50 MiB
	doc := []byte(`{"name":"` + name + `","fax":null}`)
	path := filepath.Join(t.TempDir(), "big.json")
	require.NoError(t, os.WriteFile(path, doc, 0o644))

	timed(t, "50 MiB create-contact from a file", func() {
		got := runCLI(t, "", "create-contact", path)
		assert.Equal(t, exitInvalid, got.code)
		assert.Equal(t, path+": /name: max_length: 26214400 characters, at most 128 allowed\n", got.stdout)
	})
	// A valid document padded to 50 MiB with whitespace.
	sampleDoc, err := os.ReadFile(sample)
	require.NoError(t, err)
	padded := append(bytes.Repeat([]byte(" \n\t\r"), size/4), sampleDoc...)
	timed(t, "50 MiB valid contact from stdin", func() {
		got := runReader([]string{"contact"}, bytes.NewReader(padded))
		assert.Equal(t, "-: ok\n", got.stdout)
		assert.Equal(t, exitOK, got.code)
	})

	// 50 MiB of random bytes, as every KIND.
	rng := rand.New(rand.NewPCG(1, 2))
	junk := make([]byte, size)
	for i := range junk {
		junk[i] = byte(rng.Uint32())
	}
	for _, k := range kinds {
		timed(t, "50 MiB of random bytes as "+k.name, func() {
			got := runReader([]string{"-format", "json", k.name}, bytes.NewReader(junk))
			assert.Equal(t, exitInvalid, got.code)
			assert.Contains(t, got.stdout, `{"source":"-","valid":false,"violations":[{"location":"","field":"`+k.field()+`","code":"syntax"`)
		})
	}

	// A 50 MiB POST body.
	body := `{"name":"` + strings.Repeat("a", size) + `"}`
	msg := "POST /customers/1/contacts HTTP/1.1\r\nAuthorization: " + goodToken + "\r\nx-tenant-id: 1\r\n" +
		fmt.Sprintf("Content-Length: %d\r\n\r\n", len(body)) + body
	// Past croschema.DefaultBodyLimit a body is not checked (a server
	// answers it 413): one max_length at "".
	timed(t, "50 MiB request", func() {
		got := runCLI(t, msg, "request")
		assert.Equal(t, "-: \"\": max_length: the body is larger than 1048576 bytes\n", got.stdout)
	})
	// A 50 MiB header line and a 50 MiB request line.
	timed(t, "50 MiB header line", func() {
		got := runCLI(t, getLine+goodHead+"X-Pad: "+strings.Repeat("a ", size/2)+"\n\n", "request")
		assert.Equal(t, "-: ok\n", got.stdout)
	})
	timed(t, "50 MiB request line", func() {
		got := runCLI(t, "GET "+strings.Repeat("/", size)+" HTTP/1.1\n"+goodHead+"\n", "request")
		assert.Equal(t, exitInvalid, got.code)
		assert.Contains(t, got.stdout, "-: path: path: ")
	})
	timed(t, "50 MiB of spaces as a request line", func() {
		got := runCLI(t, strings.Repeat(" ", size)+"\n\n", "request")
		assert.Equal(t, "-: \"\": syntax: line 1: request line: want METHOD, request target and HTTP version separated by single spaces\n", got.stdout)
	})
}

// TestNestedBrackets lints brackets nested to encoding/json's limit of
// 10,000 open at once (the body's own object counted), which is JSON, and
// 200,000 deep, which is a syntax violation found without recursion.
func TestNestedBrackets(t *testing.T) {
	const limit, depth = 10_000, 200_000
	nest := func(open, inner, close string, n int) string {
		return strings.Repeat(open, n) + inner + strings.Repeat(close, n)
	}
	arrays := nest("[", "", "]", depth)
	objects := nest(`{"a":`, "1", "}", depth)
	exceeded := func(c byte, offset int) string {
		return fmt.Sprintf("-: \"\": syntax: invalid character '%c' exceeded max depth at offset %d\n", c, offset)
	}
	tests := []struct {
		name, stdin string
		args        []string
		want        string
	}{
		{"arrays as the body, at the limit", nest("[", "", "]", limit), []string{"contact"}, "-: \"\": type: body must be a JSON object, got array\n"},
		{"arrays as a value, at the limit", `{"name":` + nest("[", "", "]", limit-1) + `}`, []string{"update-contact"}, "-: /name: type: want string, got array\n"},
		{"objects, at the limit", nest(`{"a":`, "1", "}", limit), []string{"update-contact"}, "-: /a: unknown_field: unknown field\n"},
		{"arrays as the body", arrays, []string{"contact"}, exceeded('[', limit)},
		{"arrays as a value", `{"name":` + arrays + `}`, []string{"update-contact"}, exceeded('[', 8+limit-1)},
		{"objects", objects, []string{"update-contact"}, exceeded('{', 5*limit)},
		{"unclosed", strings.Repeat("[", depth), []string{"update-contact"}, exceeded('[', limit)},
		{"unclosed, at the limit", strings.Repeat("[", limit), []string{"update-contact"},
			fmt.Sprintf("-: \"\": syntax: unexpected end of input looking for beginning of value at offset %d\n", limit)},
		{"a JSONL line", "{}\n" + arrays + "\n{}", []string{"-jsonl", "update-contact"},
			"-:1: ok\n-:2" + exceeded('[', limit)[1:] + "-:3: ok\n"},
		{"a request body", "PATCH /customers/1/contacts/2 HTTP/1.1\nAuthorization: " + goodToken + "\nx-tenant-id: 1\n\n" + arrays,
			[]string{"request"}, exceeded('[', limit) + "-: \"\": syntax: " + fmt.Sprint(2*depth) +
				" bytes follow the headers without Content-Length or Transfer-Encoding: chunked, so a server reads no body\n"},
		{"a response body", respHead + "\n" + nest(`{"a":`, "1", "}", limit), []string{"response"}, "-: /a: unknown_field: unknown field\n" +
			"-: /email: required: required key is missing\n-: /fax: required: required key is missing\n" +
			"-: /id: required: required key is missing\n-: /name: required: required key is missing\n" +
			"-: /notify_on_acknowledged_request: required: required key is missing\n" +
			"-: /notify_on_completed_request: required: required key is missing\n" +
			"-: /notify_on_dispatched_request: required: required key is missing\n" +
			"-: /notify_on_failed_request: required: required key is missing\n" +
			"-: /notify_on_new_request: required: required key is missing\n" +
			"-: /number: required: required key is missing\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCLI(t, tt.stdin, tt.args...)
			assert.Equal(t, exitInvalid, got.code)
			assert.Equal(t, tt.want, got.stdout)
			assert.Empty(t, got.stderr)
		})
	}
}

// TestMillionLines lints a generated JSONL stream of 1,000,000 lines, never
// held in memory, and checks every record's FILE:LINE.
func TestMillionLines(t *testing.T) {
	t.Parallel()
	n := 1_000_000
	if testing.Short() {
		n = 250_000
	}
	valid := `{"name":"George","email":"a@example.com, b@example.com","notify_on_new_request":1}`
	line := func(i int) string {
		switch {
		case i%250_000 == 0:
			return "" // blank: skipped, counted
		case i%1000 == 0:
			return `{"name":null}`
		}
		return valid
	}
	var got result
	timed(t, fmt.Sprintf("%d JSONL lines", n), func() {
		got = runReader([]string{"-jsonl", "create-contact"}, &lineSource{n: n, line: line})
	})
	require.Equal(t, exitInvalid, got.code)
	require.Empty(t, got.stderr)
	i, recs := 0, 0
	for rec := range strings.Lines(got.stdout) {
		recs++
		i++
		for i%250_000 == 0 {
			i++
		}
		want := fmt.Sprintf("-:%d: ok\n", i)
		if i%1000 == 0 {
			want = fmt.Sprintf("-:%d: /name: null: must not be null\n", i)
		}
		if rec != want {
			require.Equal(t, want, rec)
		}
	}
	assert.Equal(t, n-n/250_000, recs, "one record per line that is not blank")
	assert.Equal(t, n-1, i, "the last line is blank")
}

// TestOverTheLimit checks the real 64 MiB limit on inputs that never end
// or are far larger, without holding them in memory. (TestSizeLimit checks
// that a document of exactly the limit is read.) It is not parallel: it
// counts allocations.
func TestOverTheLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 64 MiB and more")
	}
	const tooBig = "\"\": syntax: larger than 64 MiB, the limit of one document; not checked\n"

	timed(t, "endless standard input", func() {
		got := runReader([]string{"contact"}, &repeatReader{b: ' ', n: -1})
		assert.Equal(t, exitInvalid, got.code)
		assert.Equal(t, "-: "+tooBig, got.stdout)
	})
	timed(t, "endless HTTP message", func() {
		got := runReader([]string{"request"}, io.MultiReader(strings.NewReader(postLine+goodHead+"\n"), &repeatReader{b: 'x', n: -1}))
		assert.Equal(t, "-: "+tooBig, got.stdout)
	})

	// A 200 MiB line between two valid ones: one violation, and the line
	// is skipped, not kept (the allocations stay far below its size).
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	timed(t, "a 200 MiB JSONL line", func() {
		in := io.MultiReader(strings.NewReader("{}\n"), &repeatReader{b: ' ', n: 200 << 20}, strings.NewReader("\n\n{}\n"))
		got := runReader([]string{"-jsonl", "update-contact"}, in)
		assert.Equal(t, "-:1: ok\n-:2: "+tooBig+"-:4: ok\n", got.stdout)
	})
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("allocated %d MiB", alloc>>20)
	assert.Less(t, alloc, uint64(160<<20), "the over-long line is not kept")

	// A regular file over the limit is not read: its size says so.
	path := filepath.Join(t.TempDir(), "sparse.json")
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(1<<40)) // a sparse terabyte
	require.NoError(t, f.Close())
	timed(t, "a 1 TiB sparse file", func() {
		got := runCLI(t, "", "contact", path)
		assert.Equal(t, path+": "+tooBig, got.stdout)
	})
}
