package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/internal/check"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The tokens of the check tests.
const (
	checkDispatcher = "Bearer Kd8r.Wq2n.Zt6v"
	checkDriver     = "Bearer Hf3j.Pm9x.Bc4s"
)

// runCheck runs "crolint check ARGS" through (*command).check, as the
// dispatch of run will.
func runCheck(t testing.TB, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	c := &command{stdout: bufio.NewWriterSize(&out, 64<<10), stderr: &errb}
	code := c.checkContext(context.Background(), args)
	c.flush()
	return result{out.String(), errb.String(), code}
}

// checkStore is a small conforming store for crohttp.Middleware.
type checkStore struct {
	mu       sync.Mutex
	contacts map[[2]int64]croschema.CustomerContact
	next     map[int64]int64
}

func (s *checkStore) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	req := crohttp.RequestFrom(r)
	p := req.Params
	s.mu.Lock()
	defer s.mu.Unlock()
	k := [2]int64{p.CustomerID, p.CustomerContactID}
	switch req.Endpoint {
	case croschema.CreateContact:
		c, _ := req.Create().Contact()
		s.next[p.CustomerID]++
		c.ID = s.next[p.CustomerID]
		s.contacts[[2]int64{p.CustomerID, c.ID}] = c
		crohttp.WriteCreated(w, r, &c)
	default:
		c, ok := s.contacts[k]
		if !ok {
			crohttp.WriteError(w, crohttp.NotFound(r))
			return
		}
		if u := req.Update(); u != nil {
			u.Apply(&c)
			s.contacts[k] = c
		}
		crohttp.WriteContact(w, http.StatusOK, &c)
	}
}

func newCheckServer(t *testing.T, wrap func(http.Handler) http.Handler) *httptest.Server {
	t.Helper()
	var h http.Handler = crohttp.Middleware()(&checkStore{contacts: map[[2]int64]croschema.CustomerContact{}, next: map[int64]int64{}})
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// elapsed is the part of a report that changes from run to run.
var elapsed = regexp.MustCompile(` in [0-9.]+[mµn]?s;`)

// TestCheckServe runs crolint check against crolint serve, which checks
// each of its own answers too: nothing is reported, with roles and
// without, and the output says what it did.
func TestCheckServe(t *testing.T) {
	t.Run("roles", func(t *testing.T) {
		s := startServe(t, "-token", "Dispatcher="+checkDispatcher, "-token", "Driver="+checkDriver)
		got := runCheck(t, "-token", "Dispatcher="+checkDispatcher, "-token", "Driver="+checkDriver, "-reject-unknown-tokens",
			"-tenant", "7", "-customer", "1,2", "-seed", "4", "-n", "3000", s.url)
		require.Equal(t, exitOK, got.code, got.stdout+got.stderr)
		assert.Empty(t, got.stderr)
		for _, want := range []string{"crolint check " + s.url + "\n", "seed 4 (-seed 4 repeats this run's choices)",
			"budget: 3000 requests or 10m0s, whichever ends first, one at a time",
			"tokens: Dispatcher ($TOKEN_DISPATCHER), Driver ($TOKEN_DRIVER); tenant 7",
			"creates contacts only under customer 1, 2", "\nroles                docs ",
			"\nPASS: 33 passed, 0 failed, 0 skipped of 33 checks, 0 distinct failures; 3000 requests (0 shrinking) in "} {
			assert.Contains(t, got.stdout, want)
		}
	})
	t.Run("no false positive at scale", func(t *testing.T) {
		// RULES.md's answers, 10,000 requests for each of three seeds:
		// crolint serve is judged conforming on every one.
		if testing.Short() {
			t.Skip("30,000 requests over loopback")
		}
		s := startServe(t, "-token", "Dispatcher="+checkDispatcher, "-token", "Driver="+checkDriver)
		for _, seed := range []string{"1", "2", "3"} {
			got := runCheck(t, "-token", "Dispatcher="+checkDispatcher, "-token", "Driver="+checkDriver, "-reject-unknown-tokens",
				"-tenant", "7", "-customer", "1,2", "-seed", seed, "-n", "10000", s.url)
			require.Equal(t, exitOK, got.code, "seed %s:\n%s%s", seed, got.stdout, got.stderr)
			assert.Contains(t, got.stdout, "\nPASS: 33 passed, 0 failed, 0 skipped of 33 checks, 0 distinct failures; 10000 requests", "seed %s", seed)
		}
	})
	t.Run("every token a Dispatcher", func(t *testing.T) {
		s := startServe(t)
		got := runCheck(t, "-token", "abc.def.ghi", "-customer", "9", "-n", "2000", s.url+"/")
		require.Equal(t, exitOK, got.code, got.stdout+got.stderr)
		assert.Regexp(t, `seed [0-9]+ \(-seed`, got.stdout, "a random seed, printed")
		assert.Contains(t, got.stdout, "needs -token ROLE=TOKEN")
		assert.Contains(t, got.stdout, "needs -reject-unknown-tokens")
	})
	t.Run("the same seed, the same report", func(t *testing.T) {
		a := runCheck(t, "-token", checkDispatcher, "-customer", "1", "-seed", "11", "-n", "600", newCheckServer(t, notFoundFor405).URL)
		b := runCheck(t, "-token", checkDispatcher, "-customer", "1", "-seed", "11", "-n", "600", newCheckServer(t, notFoundFor405).URL)
		require.Equal(t, exitInvalid, a.code)
		strip := func(s string) string {
			s = elapsed.ReplaceAllString(s, " in X;")
			return regexp.MustCompile(`127\.0\.0\.1:[0-9]+`).ReplaceAllString(s, "HOST")
		}
		assert.Equal(t, strip(a.stdout), strip(b.stdout))
	})
}

// notFoundFor405 is a planted bug: 405 answered 404.
func notFoundFor405(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&statusRewriter{ResponseWriter: w, from: 405, to: 404}, r)
	})
}

type statusRewriter struct {
	http.ResponseWriter
	from, to int
}

func (w *statusRewriter) WriteHeader(code int) {
	if code == w.from {
		w.Header().Del("Allow")
		code = w.to
	}
	w.ResponseWriter.WriteHeader(code)
}

func TestCheckFails(t *testing.T) {
	srv := newCheckServer(t, notFoundFor405)
	got := runCheck(t, "-token", checkDispatcher, "-customer", "1", "-seed", "2", "-n", "500", srv.URL)
	require.Equal(t, exitInvalid, got.code, got.stderr)
	assert.Empty(t, got.stderr)
	assert.Contains(t, got.stdout, "FAIL method-405 [decision]: a method its path does not allow (the path allows GET,PATCH): want 405, got 404\n")
	assert.Contains(t, got.stdout, "FAIL method-405 [decision]: a method its path does not allow (the path allows POST): want 405, got 404\n")
	assert.Contains(t, got.stdout, "curl -sS -i -X 'POST' '"+srv.URL+"/customers/1/contacts/")
	assert.Contains(t, got.stdout, `-H "Authorization: Bearer $TOKEN"`)
	assert.Regexp(t, `\nFAIL: [0-9]+ passed, [1-9][0-9]* failed, [0-9]+ skipped of 33 checks, [0-9]+ distinct failures?; 500 requests`, got.stdout)
	t.Log(got.stdout)
}

func TestCheckOutputs(t *testing.T) {
	srv := newCheckServer(t, notFoundFor405)
	junit := filepath.Join(t.TempDir(), "check.xml")
	got := runCheck(t, "-format", "jsonl", "-junit", junit, "-token", checkDispatcher, "-customer", "3", "-seed", "1", "-n", "300", srv.URL)
	require.Equal(t, exitInvalid, got.code, got.stderr)
	var types []string
	for line := range strings.Lines(got.stdout) {
		var rec map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &rec), line)
		if tp := rec["type"].(string); len(types) == 0 || types[len(types)-1] != tp {
			types = append(types, tp)
		}
		if rec["type"] == "start" {
			assert.Equal(t, srv.URL, rec["base_url"])
			assert.Equal(t, float64(1), rec["seed"])
			assert.Equal(t, []any{float64(3)}, rec["customers"])
		}
	}
	assert.Equal(t, []string{"start", "failure", "check", "summary"}, types)
	data, err := os.ReadFile(junit)
	require.NoError(t, err)
	var suite struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
	}
	require.NoError(t, xml.Unmarshal(data, &suite))
	assert.Equal(t, len(check.Checks()), suite.Tests)
	assert.Positive(t, suite.Failures)
}

func TestCheckUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "want one BASEURL"},
		{[]string{"-token", "a.b", "http://x", "http://y"}, "want one BASEURL"},
		{[]string{"http://127.0.0.1:1"}, "missing -token"},
		{[]string{"-token", "a.b", "-format", "xml", "http://x"}, `-format "xml": want text or jsonl`},
		{[]string{"-token", "a.b", "-n", "0", "http://x"}, "-n 0: want 1 or more"},
		{[]string{"-token", "a.b", "-rate", "-1", "http://x"}, "-rate -1: want 0"},
		{[]string{"-token", "a.b", "-customer", "1,x", "http://x"}, `-customer "x"`},
		{[]string{"-token", "a.b", "-checks", "cors,nope", "http://x"}, `-checks: unknown check "nope"`},
		{[]string{"-token", "Basic c2VjcmV0LXBhcnQ=", "http://x"}, "-token number 1: the token is not a bearer token"},
		{[]string{"-token", "Driver=a.b", "http://x"}, "no token that may call every endpoint"},
		{[]string{"-token", "a.b", "ftp://x"}, "BASEURL is not an http or https base URL"},
		{[]string{"-token", "a.b", "c2VjcmV0LXBhcnQ="}, "BASEURL is not an http or https base URL"}, // a token where BASEURL goes: not echoed
		{[]string{"-token", "a.b", "-nope", "http://x"}, "flag provided but not defined: -nope"},
	} {
		got := runCheck(t, tc.args...)
		assert.Equal(t, exitError, got.code, "%q", tc.args)
		assert.Empty(t, got.stdout, "%q", tc.args)
		assert.Contains(t, got.stderr, "crolint: check: "+tc.want, "%q", tc.args)
		assert.Contains(t, got.stderr, "usage: crolint check", "%q", tc.args)
		assert.NotContains(t, got.stderr, "c2VjcmV0", "%q", tc.args)
	}
	got := runCheck(t, "-h")
	assert.Equal(t, exitOK, got.code)
	assert.True(t, strings.HasPrefix(got.stdout, checkUsageLine))
	for _, c := range check.Checks() {
		assert.Contains(t, got.stdout, "\n  "+c.Name+" ", c.Name)
	}
}

func TestCheckUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	url := "http://" + ln.Addr().String()
	ln.Close()
	got := runCheck(t, "-token", checkDispatcher, "-seed", "1", url)
	assert.Equal(t, exitError, got.code)
	assert.Contains(t, got.stderr, "crolint: check: cannot reach "+url+": ")
	assert.Contains(t, got.stdout, "ERROR: cannot reach the server")
}

// TestCheckProgress: on a terminal, a progress line on standard error,
// cleared at the end; elsewhere none.
func TestCheckProgress(t *testing.T) {
	srv := newCheckServer(t, nil)
	got := runCheck(t, "-token", checkDispatcher, "-customer", "1", "-seed", "1", "-n", "50", srv.URL)
	assert.Empty(t, got.stderr)

	defer func(f func(io.Writer) bool) { isTerminal = f }(isTerminal)
	isTerminal = func(io.Writer) bool { return true }
	got = runCheck(t, "-token", checkDispatcher, "-customer", "1", "-seed", "1", "-n", "50", srv.URL)
	require.Equal(t, exitOK, got.code, got.stdout)
	assert.Contains(t, got.stderr, "\rcrolint check: 50/50 requests, 0 failures, ")
	assert.True(t, strings.HasSuffix(got.stderr, "\r"), "the line is cleared: %q", got.stderr)
}

// TestCheckNoToken: whatever the server echoes, no output of crolint
// check holds 4 characters in a row of a token.
func TestCheckNoToken(t *testing.T) {
	echo := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			a := r.Header.Get("Authorization")
			w.Header().Set("X-Echo", a)
			next.ServeHTTP(w, r)
			io.WriteString(w, a)
		})
	}
	srv := newCheckServer(t, echo)
	defer func(f func(io.Writer) bool) { isTerminal = f }(isTerminal)
	isTerminal = func(io.Writer) bool { return true }
	for _, format := range []string{"text", "jsonl"} {
		got := runCheck(t, "-format", format, "-token", checkDispatcher, "-token", "Driver="+checkDriver,
			"-customer", "1", "-seed", "3", "-n", "300", srv.URL)
		require.Equal(t, exitInvalid, got.code)
		all := strings.ToLower(got.stdout + got.stderr)
		for _, tok := range []string{checkDispatcher, checkDriver} {
			cred := strings.ToLower(strings.TrimPrefix(tok, "Bearer "))
			for i := 0; i+4 <= len(cred); i++ {
				assert.NotContains(t, all, cred[i:i+4], format)
			}
		}
	}
}
