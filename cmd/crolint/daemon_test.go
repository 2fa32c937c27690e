package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/croschema/croschema/crohttp"
	"github.com/stretchr/testify/require"
)

// lineWriter is an output that tests read line by line as it is written:
// each complete line goes to lines (buffered generously; a test that
// reads none still never blocks the writer).
type lineWriter struct {
	mu      sync.Mutex
	partial []byte
	all     bytes.Buffer
	lines   chan string
}

func newLineWriter() *lineWriter { return &lineWriter{lines: make(chan string, 1<<16)} }

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.all.Write(p)
	w.partial = append(w.partial, p...)
	for {
		i := bytes.IndexByte(w.partial, '\n')
		if i < 0 {
			return len(p), nil
		}
		select {
		case w.lines <- string(w.partial[:i]):
		default:
		}
		w.partial = w.partial[i+1:]
	}
}

// String returns everything written so far.
func (w *lineWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.all.String()
}

// waitLine is how long a test waits for a line it is owed before it
// fails: a bound on a hang, not a timing assumption.
const waitLine = 20 * time.Second

// next returns the next line, failing the test when none comes.
func (w *lineWriter) next(t testing.TB) string {
	t.Helper()
	select {
	case line := <-w.lines:
		return line
	case <-time.After(waitLine):
		t.Fatalf("no line after %v; so far:\n%s", waitLine, w.String())
		return ""
	}
}

// running is crolint serve or crolint proxy running in the test process.
type running struct {
	url            string // "http://127.0.0.1:PORT"
	stdout, stderr *lineWriter
	cancel         context.CancelFunc // the signal
	done           chan int           // the exit status
}

// testTimeouts are the defaults: tests that need a timeout to fire set
// their own.
var testTimeouts = defaultTimeouts

// start runs "crolint serve" or "crolint proxy" (args[0]) with the other
// args and -addr 127.0.0.1:0, waits for its ready line and returns it
// running; it is stopped as by SIGTERM when the test ends.
func start(t testing.TB, tm timeouts, args []string, opts ...crohttp.HandlerOption) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{stdout: newLineWriter(), stderr: newLineWriter(), cancel: cancel, done: make(chan int, 1)}
	c := &command{stdout: bufio.NewWriterSize(r.stdout, 64<<10), stderr: r.stderr}
	d := c.newDaemonContext(ctx, tm)
	rest := append([]string{"-addr", "127.0.0.1:0"}, args[1:]...)
	go func() {
		var code int
		if args[0] == "serve" {
			code = d.serve(rest, opts...)
		} else {
			code = d.proxy(rest)
		}
		c.flush()
		r.done <- code
	}()
	t.Cleanup(func() { r.stop(t) })
	var prefix string
	if args[0] == "serve" {
		prefix = "crolint: serving on "
	} else {
		prefix = "crolint: proxying "
	}
	select {
	case line := <-r.stderr.lines:
		require.True(t, strings.HasPrefix(line, prefix), "ready line %q", line)
		r.url, _, _ = strings.Cut(strings.TrimPrefix(line, prefix), " ")
	case code := <-r.done:
		r.done <- code
		t.Fatalf("crolint %s exited %d before it was ready: %s", args[0], code, r.stderr.String())
	}
	return r
}

// stop sends the signal and returns the exit status.
func (r *running) stop(t testing.TB) int {
	t.Helper()
	r.cancel()
	select {
	case code := <-r.done:
		r.done <- code
		return code
	case <-time.After(waitLine):
		t.Fatalf("still running %v after the signal", waitLine)
		return -1
	}
}

// call sends one request and returns the response with its body read.
func call(t testing.TB, method, url string, header http.Header, body string) (*http.Response, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	require.NoError(t, err)
	for k, vs := range header {
		req.Header[k] = vs
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}
