package check

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/internal/redact"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// run runs cfg against h in process.
func run(t testing.TB, h http.Handler, cfg Config) *Report {
	t.Helper()
	rep, err := Run(context.Background(), NewHandlerTarget(h), cfg)
	require.NoError(t, err)
	return rep
}

// failuresText returns the failures of rep, for a test's message.
func failuresText(rep *Report) string {
	var b strings.Builder
	for _, f := range rep.Failures {
		b.WriteString(rep.FailureText(f) + "\n")
	}
	return b.String() + rep.Summary()
}

// TestConformingServer is the no-false-positive run: against crohttp's
// middleware over a store, 10,000 requests with each of three seeds find
// nothing, and every check judged something.
func TestConformingServer(t *testing.T) {
	seeds, n := []int64{1, 2, 3}, 10000
	if testing.Short() {
		seeds, n = []int64{1}, 2000
	}
	for _, seed := range seeds {
		t.Run("seed="+strconv.FormatInt(seed, 10), func(t *testing.T) {
			rep := run(t, conforming(), testConfig(seed, n))
			require.NoError(t, rep.Err)
			require.False(t, rep.Failed(), failuresText(rep))
			assert.Equal(t, n, rep.Requests)
			assert.Equal(t, "its request budget", rep.Stopped)
			for _, res := range rep.Results {
				assert.Empty(t, res.Skipped, "check %s", res.Check.Name)
				assert.Positive(t, res.Passed, "check %s judged no answer", res.Check.Name)
			}
		})
	}
}

// TestConformingVariants runs shorter no-false-positive runs in the other
// configurations: no roles, no customers (nothing created), the docs'
// checks only, a server with a smaller body limit, and over HTTP under a
// base path.
func TestConformingVariants(t *testing.T) {
	main := []Token{mustToken(testToken)}
	plain := func() http.Handler { return conforming() }
	cases := []struct {
		name    string
		h       func() http.Handler
		cfg     func(Config) Config
		skipped []*Check
	}{
		{"no roles: every well-formed token is a Dispatcher", func() http.Handler { return crohttp.Middleware()(newStore()) },
			func(c Config) Config { c.Tokens, c.RejectUnknownTokens = main, false; return c }, []*Check{Roles, UnknownToken}},
		{"no customers", plain, func(c Config) Config { c.Customers = nil; return c },
			[]*Check{PatchSemantics, CreateUnstorable, CreateStored, GetStored, IDsUnique}},
		{"docs only", plain, func(c Config) Config { c.Checks, _ = Select("docs"); return c }, nil},
		{"body limit 4096", func() http.Handler { return conforming(crohttp.WithBodyLimit(4096)) },
			func(c Config) Config { c.BodyLimit = 4096; return c }, nil},
		{"tokens as credentials, lower-case scheme", plain, func(c Config) Config {
			c.Tokens = []Token{mustToken(strings.TrimPrefix(testToken, "Bearer ")), mustToken("Driver=bearer " + strings.TrimPrefix(driverToken, "Bearer "))}
			return c
		}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rep := run(t, tc.h(), tc.cfg(testConfig(11, 1500)))
			require.NoError(t, rep.Err)
			require.False(t, rep.Failed(), failuresText(rep))
			for _, res := range rep.Results {
				if slices.Contains(tc.skipped, res.Check) {
					assert.NotEmpty(t, res.Skipped, "check %s", res.Check.Name)
				}
			}
		})
	}
	t.Run("over HTTP under /api", func(t *testing.T) {
		// Not http.ServeMux: it answers "//" in a path with a 307 to the
		// cleaned path, which the run reports (as it should).
		srv := httptest.NewServer(http.StripPrefix("/api", conforming()))
		defer srv.Close()
		target, err := NewHTTPTarget(srv.URL+"/api/", 0)
		require.NoError(t, err)
		rep, err := Run(context.Background(), target, testConfig(12, 1200))
		require.NoError(t, err)
		require.NoError(t, rep.Err)
		require.False(t, rep.Failed(), failuresText(rep))
		assert.Equal(t, srv.URL+"/api/customers/1/contacts", target.URL("/customers/1/contacts"))
	})
}

// TestPlantedBugs plants each bug of plantedBugs, one at a time, and
// checks that the run finds it, under the check that names it.
func TestPlantedBugs(t *testing.T) {
	require.GreaterOrEqual(t, len(plantedBugs), 30)
	names := map[string]bool{}
	for _, b := range plantedBugs {
		require.False(t, names[b.name], "two bugs named %q", b.name)
		names[b.name] = true
		t.Run(b.name, func(t *testing.T) {
			cfg := testConfig(1, 800)
			cfg.stop = func(f *Failure) bool { return f.Check == b.check }
			rep := run(t, b.server(), cfg)
			require.NoError(t, rep.Err)
			require.True(t, rep.Failed(), "the bug went unseen:\n%s", rep.Text())
			var got []string
			for _, f := range rep.Failures {
				got = append(got, f.Check.Name)
				if f.Check == b.check {
					return
				}
			}
			t.Errorf("no failure of %s; the failures: %v\n%s", b.check.Name, got, failuresText(rep))
		})
	}
}

// TestReports pins the shape of two reports: what failed, the smallest
// request, expected and got, the curl commands with $TOKEN.
func TestReports(t *testing.T) {
	find := func(name string) plantedBug {
		for _, b := range plantedBugs {
			if b.name == name {
				return b
			}
		}
		t.Fatalf("no bug %q", name)
		return plantedBug{}
	}
	t.Run("PATCH null ignored", func(t *testing.T) {
		rep := run(t, find("PATCH null ignored").server(), testConfig(1, 800))
		f := failureOf(t, rep, PatchSemantics)
		text := rep.FailureText(f)
		assert.Contains(t, text, "FAIL patch-semantics [decision]: PATCH ")
		assert.Regexp(t, `(email|fax|number) null: not applied as RULES.md says`, f.Cause)
		last := f.Steps[len(f.Steps)-1].Request
		assert.Equal(t, http.MethodPatch, last.Method)
		assert.Regexp(t, `^\{"(email|fax|number)":null\}$`, string(last.Body), "shrunk to the one key")
		assert.LessOrEqual(t, len(last.Header), 3, "shrunk to the headers it needs")
		assert.Contains(t, text, `-H "Authorization: Bearer $TOKEN"`)
		assert.Contains(t, text, `curl -sS -i -X 'PATCH' "$BASE"'/customers/`, "$BASE outside the quotes, for the shell to expand")
		t.Log("\n" + text)
	})
	t.Run("fax max_length not checked", func(t *testing.T) {
		rep := run(t, find("fax max_length not checked").server(), testConfig(1, 800))
		f := failureOf(t, rep, RejectBody)
		text := rep.FailureText(f)
		assert.Contains(t, f.Cause, "/fax max_length: want 400, got 200")
		last := f.Steps[len(f.Steps)-1].Request
		assert.Regexp(t, `^\{"fax":"[^"]*"(,"name":"[^"]*")?\}$`, string(last.Body))
		assert.Contains(t, f.Expected, `"field":"`)
		assert.Contains(t, f.Expected, `.fax"}`)
		assert.True(t, strings.HasPrefix(f.Got, "200 {"), f.Got)
		t.Log("\n" + text)
	})
}

func failureOf(t *testing.T, rep *Report, c *Check) *Failure {
	t.Helper()
	for _, f := range rep.Failures {
		if f.Check == c {
			return f
		}
	}
	t.Fatalf("no failure of %s:\n%s", c.Name, failuresText(rep))
	return nil
}

// recorder records every request a handler gets.
type seen struct {
	mu   sync.Mutex
	reqs []string
	all  []*http.Request
	next http.Handler
}

func (s *seen) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	var hs []string
	for k, v := range r.Header {
		hs = append(hs, k+"="+strings.Join(v, "|"))
	}
	slices.Sort(hs)
	s.mu.Lock()
	s.reqs = append(s.reqs, r.Method+" "+r.RequestURI+" "+strings.Join(hs, ";")+" "+string(body))
	s.all = append(s.all, r)
	s.mu.Unlock()
	s.next.ServeHTTP(w, r)
}

// TestDeterministic: the same seed sends the same requests and finds the
// same failures; another seed sends others.
func TestDeterministic(t *testing.T) {
	record := func(seed int64, bug http.Handler) ([]string, []string) {
		s := &seen{next: bug}
		rep := run(t, s, testConfig(seed, 700))
		var fs []string
		for _, f := range rep.Failures {
			fs = append(fs, rep.FailureText(f))
		}
		return s.reqs, fs
	}
	bug := plantedBugs[0].server
	a, fa := record(5, bug())
	b, fb := record(5, bug())
	require.Len(t, a, 700)
	assert.Equal(t, a, b)
	assert.Equal(t, fa, fb)
	c, _ := record(6, bug())
	assert.NotEqual(t, a, c)
}

// lenient is a server that accepts what it can read: every POST whose
// customer segment starts with digits creates a contact for that number,
// every PATCH, PUT and DELETE of an existing contact changes it. It
// records the customers it created under and the contacts it changed.
type lenient struct {
	mu       sync.Mutex
	created  map[int64]int
	changed  []key
	contacts map[key]bool
	next     map[int64]int64
}

func leadingInt(s string) (int64, bool) {
	s = strings.TrimLeft(s, "+")
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	n, err := strconv.ParseInt(s[:i], 10, 64)
	return n, err == nil
}

func (l *lenient) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	segs := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	l.mu.Lock()
	defer l.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if len(segs) < 2 {
		w.WriteHeader(404)
		return
	}
	c, ok := leadingInt(segs[1])
	if !ok {
		w.WriteHeader(404)
		return
	}
	switch {
	case r.Method == http.MethodPost:
		l.next[c]++
		k := key{c, l.next[c]}
		l.contacts[k] = true
		l.created[c]++
		w.WriteHeader(200)
		fmt.Fprintf(w, `{"email":null,"fax":null,"id":%d,"name":"x","notify_on_acknowledged_request":false,"notify_on_completed_request":false,"notify_on_dispatched_request":false,"notify_on_failed_request":false,"notify_on_new_request":false,"number":null}`, k.contact)
	case len(segs) >= 4 && r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodOptions:
		id, _ := leadingInt(segs[3])
		if l.contacts[key{c, id}] {
			l.changed = append(l.changed, key{c, id})
		}
		w.WriteHeader(200)
		fmt.Fprintf(w, `{"email":null,"fax":null,"id":%d,"name":"x","notify_on_acknowledged_request":false,"notify_on_completed_request":false,"notify_on_dispatched_request":false,"notify_on_failed_request":false,"notify_on_new_request":false,"number":null}`, id)
	default:
		w.WriteHeader(404)
	}
}

// TestSafety: against a server that accepts nearly everything, a run
// creates contacts only under its customers and changes only contacts it
// created; it never follows a redirect to another server.
func TestSafety(t *testing.T) {
	t.Run("creates and changes only its own", func(t *testing.T) {
		l := &lenient{created: map[int64]int{}, contacts: map[key]bool{}, next: map[int64]int64{}}
		// Contacts the run must not touch: ids 1 to 50 of customers 1 to 10.
		for c := int64(1); c <= 10; c++ {
			for id := int64(1); id <= 50; id++ {
				l.contacts[key{c, id}] = true
			}
			l.next[c] = 50
		}
		cfg := testConfig(3, 3000)
		cfg.Customers = []int64{5}
		rep := run(t, l, cfg)
		require.True(t, rep.Failed())
		assert.Equal(t, []int64{5}, slices.Sorted(func(yield func(int64) bool) {
			for c := range l.created {
				if !yield(c) {
					return
				}
			}
		}))
		for _, k := range l.changed {
			assert.True(t, k.customer == 5 && k.contact > 50, "changed contact %d of customer %d, which the run did not create", k.contact, k.customer)
		}
		no := &lenient{created: map[int64]int{}, contacts: map[key]bool{}, next: map[int64]int64{}}
		cfg.Customers = nil
		run(t, no, cfg)
		assert.Empty(t, no.created, "a run without customers created contacts")
	})
	t.Run("no redirect followed", func(t *testing.T) {
		var other int
		var mu sync.Mutex
		elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			other++
			mu.Unlock()
		}))
		defer elsewhere.Close()
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, elsewhere.URL+r.URL.Path, http.StatusFound)
		}))
		defer srv.Close()
		target, err := NewHTTPTarget(srv.URL, 0)
		require.NoError(t, err)
		rep, err := Run(context.Background(), target, testConfig(1, 100))
		require.NoError(t, err)
		require.True(t, rep.Failed())
		assert.Zero(t, other, "a request went to the server a redirect named")
		assert.Contains(t, rep.Text(), "got 302")
	})
}

// echoing is a server that sends the token back everywhere: in a header,
// in the body of every answer, in an error's detail.
func echoing() http.Handler {
	return respRewrite(func(r *http.Request, st int, h http.Header, b []byte) (int, []byte) {
		a := r.Header.Get("Authorization")
		h.Set("X-Echo", a)
		h.Set("X-Request-Id", strings.ToLower(a))
		return st, append(b, []byte(" "+a+" "+strings.ToUpper(a))...)
	})(conforming())
}

// TestTokenNeverShown: no output of a run holds any 4-character run of a
// token, whatever the server echoes.
func TestTokenNeverShown(t *testing.T) {
	cfg := testConfig(2, 400)
	rep := run(t, echoing(), cfg)
	require.True(t, rep.Failed())
	var text, jsonl, junit bytes.Buffer
	require.NoError(t, rep.WriteText(&text))
	require.NoError(t, rep.WriteJSONL(&jsonl))
	require.NoError(t, rep.WriteJUnit(&junit))
	plan, err := Plan("http://x", cfg)
	require.NoError(t, err)
	for name, out := range map[string]string{"text": text.String(), "jsonl": jsonl.String(), "junit": junit.String(), "plan": plan} {
		lower := strings.ToLower(out)
		for _, tok := range cfg.Tokens {
			cred := strings.ToLower(redact.Credential(tok.Value.Reveal()))
			for i := 0; i+4 <= len(cred); i++ {
				assert.NotContains(t, lower, cred[i:i+4], "%s output holds a piece of a token", name)
			}
		}
	}
	assert.Contains(t, text.String(), "$TOKEN")
	failureOf(t, rep, NoTokenEcho)
}

// TestOutputs: the JSON lines parse, one record per failure and check and
// a summary; the JUnit XML parses, one test case per check.
func TestOutputs(t *testing.T) {
	rep := run(t, plantedBugs[1].server(), testConfig(1, 400))
	require.True(t, rep.Failed())
	var jsonl bytes.Buffer
	require.NoError(t, rep.WriteJSONL(&jsonl))
	types := map[string]int{}
	for line := range strings.Lines(jsonl.String()) {
		var rec map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &rec), line)
		types[rec["type"].(string)]++
		if rec["type"] == "failure" {
			assert.NotEmpty(t, rec["curl"])
			assert.NotEmpty(t, rec["requests"])
		}
	}
	assert.Equal(t, map[string]int{"failure": len(rep.Failures), "check": len(checks), "summary": 1}, types)
	var junit bytes.Buffer
	require.NoError(t, rep.WriteJUnit(&junit))
	var suite struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Cases    []struct {
			Name    string    `xml:"name,attr"`
			Failure *struct{} `xml:"failure"`
		} `xml:"testcase"`
	}
	require.NoError(t, xml.Unmarshal(junit.Bytes(), &suite))
	assert.Equal(t, len(checks), suite.Tests)
	assert.Len(t, suite.Cases, len(checks))
	assert.Positive(t, suite.Failures)
}

// TestRate: with -rate R the requests are 1/R apart (a fake clock: no
// real waiting).
func TestRate(t *testing.T) {
	now := time.Unix(1e9, 0)
	var waits []time.Duration
	cfg := testConfig(1, 50)
	cfg.Rate = 20
	cfg.now = func() time.Time { return now }
	cfg.sleep = func(d time.Duration) bool { waits = append(waits, d); now = now.Add(d); return true }
	rep := run(t, conforming(), cfg)
	require.False(t, rep.Failed(), failuresText(rep))
	assert.Len(t, waits, 49)
	for _, d := range waits {
		assert.Equal(t, 50*time.Millisecond, d)
	}
	assert.Equal(t, 49*50*time.Millisecond, rep.Elapsed)
}

func TestBudgets(t *testing.T) {
	cfg := testConfig(1, 1000)
	cfg.Duration = time.Nanosecond
	rep := run(t, conforming(), cfg)
	assert.Equal(t, "its time budget", rep.Stopped)
	assert.Less(t, rep.Requests, 1000)

	rep = run(t, conforming(), testConfig(1, 37))
	assert.Equal(t, 37, rep.Requests)
	for _, res := range rep.Results {
		if res.Skipped != "" {
			assert.Contains(t, res.Skipped, "request budget", res.Check.Name)
		}
	}
}

// TestSetupErrors: a server that cannot be reached, or that refuses the
// main token, is an error of the run, not a failure of the server.
func TestSetupErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()
	target, err := NewHTTPTarget("http://"+addr, time.Second)
	require.NoError(t, err)
	rep, err := Run(context.Background(), target, testConfig(1, 100))
	require.NoError(t, err)
	var ce *ConnError
	require.ErrorAs(t, rep.Err, &ce)
	assert.True(t, IsSetupError(rep.Err))
	assert.False(t, rep.Failed())
	assert.Equal(t, 1, rep.Requests)

	refuse := crohttp.Middleware(crohttp.WithAuthorizer(func(context.Context, croschema.BearerToken, int64) (croschema.Role, error) {
		return 0, crohttp.ErrForbidden
	}))(newStore())
	rep = run(t, refuse, testConfig(1, 100))
	var se *SetupError
	require.ErrorAs(t, rep.Err, &se)
	assert.Equal(t, 403, se.Status)
	assert.Contains(t, rep.Text(), "ERROR: the server answers 403")

	// A server that accepts connections and closes them unanswered.
	ln, err = net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	defer ln.Close()
	target, err = NewHTTPTarget("http://"+ln.Addr().String(), time.Second)
	require.NoError(t, err)
	rep, err = Run(context.Background(), target, testConfig(1, 100))
	require.NoError(t, err)
	require.ErrorAs(t, rep.Err, &ce)
	assert.Contains(t, ce.Error(), "5 requests in a row got no answer")
	assert.LessOrEqual(t, rep.Requests, 5+maxShrinkRequests)

	for _, base := range []string{"", "ftp://x", "http://", "http://u:p@host", "http://h/?q=1", "localhost:8003"} {
		_, err := NewHTTPTarget(base, 0)
		assert.ErrorIs(t, err, ErrBaseURL, base)
	}
}

// TestCurlReproduces runs the curl command of a failure found over HTTP
// and gets the same status.
func TestCurlReproduces(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("no curl")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	for _, name := range []string{"fax max_length not checked", "duplicate keys accepted", "415 answered 400"} {
		var bug plantedBug
		for _, b := range plantedBugs {
			if b.name == name {
				bug = b
			}
		}
		srv := httptest.NewServer(bug.server())
		target, err := NewHTTPTarget(srv.URL, 0)
		require.NoError(t, err)
		rep, err := Run(context.Background(), target, testConfig(1, 600))
		require.NoError(t, err)
		f := failureOf(t, rep, bug.check)
		last := f.Steps[len(f.Steps)-1]
		cmd := exec.Command("bash", "-c", last.Request.curl(target.URL(last.Request.Path), rep.cfg.Tokens))
		cmd.Env = append(os.Environ(), "TOKEN="+strings.TrimPrefix(testToken, "Bearer "))
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		assert.True(t, strings.HasPrefix(string(out), "HTTP/1.1 "+strconv.Itoa(last.Status)+" "), "%s: %s", name, out)
		srv.Close()
	}
}

func TestParseToken(t *testing.T) {
	for _, tc := range []struct {
		in   string
		role croschema.Role
		want string
	}{
		{"Bearer abc.def", 0, "Bearer abc.def"},
		{"abc.def", 0, "Bearer abc.def"},
		{"bearer abc.def", 0, "Bearer abc.def"},
		{"Driver=Bearer abc.def", croschema.RoleDriver, "Bearer abc.def"},
		{"Dispatcher=abc.def=", croschema.RoleDispatcher, "Bearer abc.def="},
		{"abc.def==", 0, "Bearer abc.def=="}, // "abc.def" is no role: the whole is a token
	} {
		tok, err := ParseToken(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.role, tok.Role, tc.in)
		assert.Equal(t, tc.want, tok.Value.Reveal(), tc.in)
	}
	for _, in := range []string{"", "Driver=", "Bearer !!secretpart!!", "Driver=Basic secretpart"} {
		_, err := ParseToken(in)
		require.Error(t, err, in)
		assert.NotContains(t, err.Error(), "secretpart")
	}
}

func TestSelect(t *testing.T) {
	all, msg := Select("all")
	require.Empty(t, msg)
	docs, _ := Select("docs")
	decision, _ := Select("decision")
	some, _ := Select("head, cors")
	n := 0
	for _, c := range checks {
		assert.True(t, all(c))
		assert.NotEqual(t, docs(c), decision(c), c.Name)
		if some(c) {
			n++
		}
	}
	assert.Equal(t, 2, n)
	_, msg = Select("head,nope")
	assert.Contains(t, msg, `unknown check "nope"`)

	names := map[string]bool{}
	for _, c := range Checks() {
		assert.False(t, names[c.Name], c.Name)
		names[c.Name] = true
		assert.NotEmpty(t, c.Doc)
		assert.Same(t, c, Lookup(c.Name))
		assert.Contains(t, []Tag{Docs, Decision}, c.Tag)
	}
}

// TestOnlyJudges: selecting only checks that judge every answer still
// sends requests, and reports only those checks.
func TestOnlyJudges(t *testing.T) {
	cfg := testConfig(1, 300)
	cfg.Checks, _ = Select("cors,www-authenticate")
	rep := run(t, plantedBugs[len(plantedBugs)-1].server(), cfg) // trailing slash refused: not a CORS bug
	assert.False(t, rep.Failed(), failuresText(rep))
	assert.Equal(t, 300, rep.Requests)
	for _, res := range rep.Results {
		if res.Check != CORS && res.Check != WWWAuthenticate {
			assert.Equal(t, "not selected", res.Skipped)
		}
	}
}

func TestPlan(t *testing.T) {
	cfg := testConfig(42, 500)
	cfg.Rate = 5
	cfg.Duration = time.Minute
	plan, err := Plan("http://127.0.0.1:8003", cfg)
	require.NoError(t, err)
	for _, want := range []string{"http://127.0.0.1:8003", "seed 42", "500 requests or 1m0s", "at most 5 a second",
		"main ($TOKEN), Driver ($TOKEN_DRIVER), Admin ($TOKEN_ADMIN)", "tenant 7", "only under customer 1, 2"} {
		assert.Contains(t, plan, want)
	}
	_, err = Plan("http://x", Config{})
	assert.Error(t, err)
}

// TestFuzzInputs: the same input sends the same requests; inputs of
// random bytes never make a conforming server fail.
func TestFuzzInputs(t *testing.T) {
	cfg := testConfig(0, 0)
	sent := func(data []byte) ([]string, *Report) {
		s := &seen{next: conforming()}
		rep, err := Fuzz(context.Background(), NewHandlerTarget(s), cfg, data)
		require.NoError(t, err)
		return s.reqs, rep
	}
	empty, rep := sent(nil)
	require.NotEmpty(t, empty)
	assert.False(t, rep.Failed())
	again, _ := sent(nil)
	assert.Equal(t, empty, again)

	rng := newRand(7)
	for i := range 150 {
		data := make([]byte, rng.Intn(400))
		rng.Read(data)
		a, rep := sent(data)
		require.False(t, rep.Failed(), "input %d %x:\n%s", i, data, failuresText(rep))
		b, _ := sent(data)
		require.Equal(t, a, b, "input %d", i)
	}
}
