package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/internal/check"
	"github.com/croschema/croschema/internal/inert"
)

// checkUsageLines is the usage of crolint check, after "crolint ".
var checkUsageLines = []string{
	"check [-token [ROLE=]TOKEN]... [-reject-unknown-tokens] [-tenant ID]",
	"[-customer ID]... [-seed S] [-n N] [-time D] [-rate R]",
	"[-checks all|docs|decision|NAME,...] [-format text|jsonl] [-junit FILE]",
	"[-body-limit BYTES] [-timeout D] BASEURL",
}

var checkUsageLine = usageLines("usage: ", checkUsageLines)

// checkSummary is what crolint check does: the part of its help that
// "crolint -h" prints too.
const checkSummary = `crolint check drives a running server of the API at BASEURL (such as
http://127.0.0.1:8003, or https://api.example.com/v1, whose path the
requests go under) with generated requests, one at a time, and judges
every answer against the exact answer RULES.md "Serving the API" gives
that request: the status of each row of the status table and their order,
the error body, the headers of every answer, valid bodies and headers
accepted, every one-rule break of every key, header and path parameter
rejected, what Create and PATCH store, roles, HEAD and OPTIONS, no 5xx.
"crolint check -h" lists its flags and its checks.
`

// checkExit is crolint check's exit statuses.
const checkExit = `Exit status: 0 when every check passes, 1 when one fails, 2 for a usage
error, or when the server cannot be reached or refuses the main token.
`

// checkUsage is the help of crolint check, with the list of checks.
func checkUsage() string {
	var b strings.Builder
	b.WriteString(checkUsageLine + "\n\n" + checkSummary + `
It says first what it will do. Then it reports each failure once per
cause, with the smallest request found that shows it (shrunk by sending
smaller ones), the answer expected and the one got, and curl commands
that reproduce it, the token written $TOKEN (a role's $TOKEN_DRIVER, ...:
export them to run the commands); then a table of the checks passed,
failed and skipped, and a summary line with the seed. On a terminal it
shows its progress on standard error.

It is safe to point at a real server: it talks only to BASEURL's origin
and never follows a redirect; it creates contacts only under the -customer
ids; it sends PATCH, PUT and DELETE only to contacts it created and to ids
from 2^62 up, which no server gives; it keeps to -n, -time and -rate; and it
prints no token, nor any 4 characters in a row of one.

Flags:
  -token TOKEN         the main token, which must be allowed to call every
                       endpoint (a Dispatcher's): "Bearer abc.def" or abc.def.
                       Required, unless a -token Dispatcher=TOKEN is given
  -token ROLE=TOKEN    the token of a role (repeatable; ROLE as RULES.md spells
                       it: Driver, Admin, ...): it is sent to every endpoint and
                       must get 403 where the roles table does not allow it
  -reject-unknown-tokens
                       the server takes no token but those given: a well-formed
                       other one must get 401 (without it, a server may take any)
  -tenant ID           x-tenant-id of every request (default 1)
  -customer ID[,ID]    a customer it may create contacts under (repeatable);
                       with none it creates nothing, and skips the checks that
                       need a contact of its own
  -seed S              the seed of every choice (default: a random one, printed);
                       the same seed sends the same requests
  -n N                 the request budget, shrinking included (default 1000)
  -time D              the time budget (default 10m)
  -rate R              at most R requests a second (default 0: as fast as the
                       server answers, one at a time)
  -checks WHICH        all (default); docs: only what the public documentation
                       states; decision: only RULES.md's decisions; or check
                       names, comma-separated
  -format text|jsonl   the report on standard output: text (default), or JSON
                       lines ({"type":"start"}, one {"type":"failure"} per
                       failure, one {"type":"check"} per check, {"type":"summary"})
  -junit FILE          also write the result as JUnit XML to FILE, a test case
                       per check
  -body-limit BYTES    the server's body limit (default 1048576): one byte more
                       must get 413
  -timeout D           how long one request may take (default 30s)
  -h                   print this help

The checks (docs: the public documentation states it; decision: RULES.md):
`)
	const indent = 32 // where a check's line of text starts
	for _, c := range check.Checks() {
		line := fmt.Sprintf("  %-19s %-8s  ", c.Name, c.Tag)
		for _, w := range strings.Fields(c.Doc) {
			if len(line)+1+len(w) > 79 && len(line) > indent {
				b.WriteString(strings.TrimRight(line, " ") + "\n")
				line = strings.Repeat(" ", indent)
			} else if len(line) > indent {
				line += " "
			}
			line += w
		}
		b.WriteString(line + "\n")
	}
	b.WriteString("\n" + checkExit)
	return b.String()
}

// checkUsageError reports a usage error of crolint check and returns its
// exit status. msg never holds a token.
func (c *command) checkUsageError(msg string) int {
	fmt.Fprintf(c.stderr, "crolint: check: %s\n%s\nRun 'crolint check -h' for the details.\n", msg, checkUsageLine)
	return exitError
}

// checkOptions are the flags of crolint check, read.
type checkOptions struct {
	cfg     check.Config
	base    string
	jsonl   bool
	junit   string
	timeout time.Duration
	checks  string
}

// checkFlags parses the flags of crolint check. When ok is false, status
// is the exit status: the help was printed or a usage error reported.
func (c *command) checkFlags(args []string) (o checkOptions, status int, ok bool) {
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "-help" || a == "--help" || a == "--h" {
			fmt.Fprint(c.stdout, checkUsage())
			return o, exitOK, false
		}
	}
	fset := newFlagSet("check")
	// Tokens are read after parsing: an error returned here would be
	// quoted, token and all, in flag's message.
	var tokens, customers []string
	fset.Func("token", "", func(s string) error { tokens = append(tokens, s); return nil })
	fset.Func("customer", "", func(s string) error { customers = append(customers, s); return nil })
	fset.Int64Var(&o.cfg.Tenant, "tenant", 1, "")
	seed := fset.Int64("seed", 0, "")
	fset.IntVar(&o.cfg.Requests, "n", check.DefaultRequests, "")
	fset.DurationVar(&o.cfg.Duration, "time", 10*time.Minute, "")
	fset.Float64Var(&o.cfg.Rate, "rate", 0, "")
	fset.BoolVar(&o.cfg.RejectUnknownTokens, "reject-unknown-tokens", false, "")
	fset.StringVar(&o.checks, "checks", "all", "")
	format := fset.String("format", "text", "")
	fset.StringVar(&o.junit, "junit", "", "")
	fset.Int64Var(&o.cfg.BodyLimit, "body-limit", croschema.DefaultBodyLimit, "")
	fset.DurationVar(&o.timeout, "timeout", 30*time.Second, "")
	pos, err := parseInterspersed(fset, args)
	if err != nil {
		return o, c.checkUsageError(err.Error()), false
	}
	seedSet := false
	fset.Visit(func(f *flag.Flag) { seedSet = seedSet || f.Name == "seed" })
	switch {
	case len(pos) != 1:
		return o, c.checkUsageError("want one BASEURL, such as http://127.0.0.1:8003"), false
	case *format != "text" && *format != "jsonl":
		return o, c.checkUsageError(fmt.Sprintf("-format %q: want text or jsonl", *format)), false
	case o.cfg.Requests < 1:
		return o, c.checkUsageError(fmt.Sprintf("-n %d: want 1 or more", o.cfg.Requests)), false
	case o.cfg.Duration < 0:
		return o, c.checkUsageError(fmt.Sprintf("-time %v: want 0 (none) or more", o.cfg.Duration)), false
	case o.cfg.Rate < 0:
		return o, c.checkUsageError(fmt.Sprintf("-rate %v: want 0 (no limit) or more", o.cfg.Rate)), false
	case o.cfg.Tenant < 0:
		return o, c.checkUsageError(fmt.Sprintf("-tenant %d: want 0 or more", o.cfg.Tenant)), false
	case o.cfg.BodyLimit < 1:
		return o, c.checkUsageError(fmt.Sprintf("-body-limit %d: want 1 or more", o.cfg.BodyLimit)), false
	case o.timeout <= 0:
		return o, c.checkUsageError(fmt.Sprintf("-timeout %v: want more than 0", o.timeout)), false
	case len(tokens) == 0:
		return o, c.checkUsageError("missing -token: the token of a caller that may call every endpoint"), false
	}
	o.base, o.jsonl = pos[0], *format == "jsonl"
	for i, s := range tokens {
		t, err := check.ParseToken(s)
		if err != nil {
			return o, c.checkUsageError(fmt.Sprintf("-token number %d: %v", i+1, err)), false
		}
		o.cfg.Tokens = append(o.cfg.Tokens, t)
	}
	for _, s := range customers {
		for _, id := range strings.Split(s, ",") {
			n, err := strconv.ParseInt(strings.TrimSpace(id), 10, 64)
			if err != nil || n < 0 {
				return o, c.checkUsageError(fmt.Sprintf("-customer %q: want a customer id, 0 or more", inert.Text(id))), false
			}
			o.cfg.Customers = append(o.cfg.Customers, n)
		}
	}
	sel, msg := check.Select(o.checks)
	if msg != "" {
		return o, c.checkUsageError("-checks: " + msg), false
	}
	o.cfg.Checks = sel
	o.cfg.Seed = *seed
	if !seedSet {
		o.cfg.Seed = rand.Int63n(1e9) // short enough to type again
	}
	if _, err := check.Plan(o.base, o.cfg); err != nil {
		return o, c.checkUsageError(err.Error()), false
	}
	if _, err := check.NewHTTPTarget(o.base, o.timeout); err != nil {
		// Not quoted: a token given where BASEURL goes would be printed.
		return o, c.checkUsageError("BASEURL is not an http or https base URL: want http://HOST[:PORT][/PATH], with no user, query or fragment"), false
	}
	return o, exitOK, true
}

// check is "crolint check [flags] BASEURL": the conformance tester.
func (c *command) check(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return c.checkContext(ctx, args)
}

func (c *command) checkContext(ctx context.Context, args []string) int {
	o, status, ok := c.checkFlags(args)
	if !ok {
		return status
	}
	target, err := check.NewHTTPTarget(o.base, o.timeout)
	if err != nil {
		// Not quoted: a token given where BASEURL goes would be printed.
		return c.checkUsageError("BASEURL is not an http or https base URL: want http://HOST[:PORT][/PATH], with no user, query or fragment")
	}
	var junit *os.File
	if o.junit != "" {
		if junit, err = os.Create(o.junit); err != nil {
			fmt.Fprintf(c.stderr, "crolint: check: -junit: %v\n", err)
			return exitError
		}
		defer junit.Close()
	}
	plan, _ := check.Plan(o.base, o.cfg)
	if o.jsonl {
		c.writeStart(o, plan)
	} else {
		c.stdout.WriteString(plan + "\n")
	}
	c.flush()

	var p *progress
	if isTerminal(c.stderr) {
		p = &progress{w: c.stderr}
		o.cfg.Progress = p.show
	}
	rep, err := check.Run(ctx, target, o.cfg)
	p.clear()
	if err != nil { // the flags were checked: not expected
		fmt.Fprintf(c.stderr, "crolint: check: %v\n", err)
		return exitError
	}
	if o.jsonl {
		err = rep.WriteJSONL(c.stdout)
	} else {
		err = rep.WriteText(c.stdout)
	}
	if err != nil || !c.flush() {
		c.writeFailed(err)
		return exitError
	}
	if junit != nil {
		if err := rep.WriteJUnit(junit); err != nil {
			fmt.Fprintf(c.stderr, "crolint: check: -junit: %v\n", err)
			return exitError
		}
	}
	switch {
	case rep.Err != nil:
		msg := rep.Err.Error()
		var ce *check.ConnError
		if errors.As(rep.Err, &ce) {
			msg = "cannot reach " + o.base + ": " + ce.Err.Error()
		}
		// The report went through the redaction; this line says the same
		// with the error alone, which holds no token.
		fmt.Fprintf(c.stderr, "crolint: check: %s\n", inert.Text(firstLine(msg)))
		return exitError
	case rep.Failed():
		return exitInvalid
	}
	return exitOK
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// writeStart writes the first JSON line: what the run will do.
func (c *command) writeStart(o checkOptions, plan string) {
	var names []string
	for _, t := range o.cfg.Tokens {
		n := "main"
		if t.Role != 0 {
			n = t.Role.String()
		}
		names = append(names, n)
	}
	customers := o.cfg.Customers
	if customers == nil {
		customers = []int64{}
	}
	rec := struct {
		Type      string   `json:"type"`
		BaseURL   string   `json:"base_url"`
		Seed      int64    `json:"seed"`
		Requests  int      `json:"requests"`
		Seconds   float64  `json:"seconds"`
		Rate      float64  `json:"rate"`
		Tenant    int64    `json:"tenant"`
		Customers []int64  `json:"customers"`
		Tokens    []string `json:"tokens"`
		Checks    string   `json:"checks"`
		Plan      string   `json:"plan"`
	}{"start", o.base, o.cfg.Seed, o.cfg.Requests, o.cfg.Duration.Seconds(), o.cfg.Rate, o.cfg.Tenant,
		customers, names, o.checks, plan}
	enc := json.NewEncoder(c.stdout)
	enc.SetEscapeHTML(false)
	enc.Encode(rec)
}

// isTerminal reports whether w is a terminal, where a progress line
// belongs; tests replace it.
var isTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progress draws one line on a terminal, redrawn at most every 200 ms.
type progress struct {
	w     io.Writer
	last  time.Time
	width int
}

func (p *progress) show(pr check.Progress) {
	if now := time.Now(); now.Sub(p.last) >= 200*time.Millisecond || pr.Requests == pr.Budget {
		p.last = now
		line := fmt.Sprintf("crolint check: %d/%d requests, %d failures, %v", pr.Requests, pr.Budget, pr.Failures,
			pr.Elapsed.Round(100*time.Millisecond))
		pad := ""
		if n := p.width - len(line); n > 0 {
			pad = strings.Repeat(" ", n)
		}
		p.width = len(line)
		fmt.Fprint(p.w, "\r"+line+pad)
	}
}

// clear removes the line, if one was drawn.
func (p *progress) clear() {
	if p == nil || p.width == 0 {
		return
	}
	fmt.Fprint(p.w, "\r"+strings.Repeat(" ", p.width)+"\r")
}
