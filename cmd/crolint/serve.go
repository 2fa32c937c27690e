package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crogen"
	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/crotest"
)

// serveOptions are the flags of crolint serve.
type serveOptions struct {
	addr        string
	tokens      map[croschema.BearerToken]croschema.Role // by the whole authorization value, sealed; nil: everyone is a Dispatcher
	contacts    int
	seed        int64
	maxContacts int
	fail        crotest.Fault // -fail and its flags; Status 0 without -fail
	latency     time.Duration
}

// serve is "crolint serve [-addr HOST:PORT] [-token ROLE=TOKEN]...
// [-contacts N] [-seed S] [-max-contacts M] [-fail STATUS [-fail-count N]
// [-fail-endpoint NAME] [-retry-after SECONDS]] [-latency DURATION]": a
// mock of the API, crotest's.
func (c *command) serve(args []string) int {
	d, stop := c.newDaemon()
	defer stop()
	return d.serve(args)
}

func (d *daemon) serve(args []string, opts ...crohttp.HandlerOption) int {
	d.name = "serve"
	o, status, ok := d.c.serveFlags(args)
	if !ok {
		return status
	}
	m, err := newMock(o, opts...)
	if err != nil {
		d.log.Printf("serve: %v", err)
		return exitError
	}
	return d.listenAndServe(o.addr, m, func(bound string) string {
		return "serving on http://" + bound
	})
}

// serveFlags parses the flags of crolint serve. When ok is false, status
// is the exit status: the usage error was reported or the help printed.
func (c *command) serveFlags(args []string) (o serveOptions, status int, ok bool) {
	fset := newFlagSet("serve")
	fset.StringVar(&o.addr, "addr", "127.0.0.1:8003", "")
	fset.IntVar(&o.contacts, "contacts", 0, "")
	fset.Int64Var(&o.seed, "seed", 1, "")
	fset.IntVar(&o.maxContacts, "max-contacts", crotest.DefaultStoreLimit, "")
	fset.IntVar(&o.fail.Status, "fail", 0, "")
	fset.IntVar(&o.fail.Count, "fail-count", 0, "")
	endpoint := fset.String("fail-endpoint", "", "")
	retryAfter := fset.Int("retry-after", 0, "")
	fset.DurationVar(&o.latency, "latency", 0, "")
	// The values are checked after parsing: an error returned here would
	// be quoted, token and all, in flag's message.
	var tokens []string
	fset.Func("token", "", func(s string) error { tokens = append(tokens, s); return nil })

	pos, status, ok := c.parseFlags(fset, args)
	if !ok {
		return o, status, false
	}
	set := map[string]bool{}
	fset.Visit(func(f *flag.Flag) { set[f.Name] = true })
	switch {
	case len(pos) > 0:
		// Not quoted: a ROLE=TOKEN without its -token is a token.
		return o, c.usage(fmt.Sprintf("serve: %s: serve takes flags only (the argument is not shown: it may hold a token)", plural(len(pos), "unexpected argument"))), false
	case o.maxContacts < 1:
		return o, c.usage(fmt.Sprintf("serve: -max-contacts %d: want 1 or more", o.maxContacts)), false
	case o.contacts < 0 || o.contacts >= o.maxContacts:
		return o, c.usage(fmt.Sprintf("serve: -contacts %d: want 0 to %d, so that the sample and they fit in -max-contacts %d",
			o.contacts, o.maxContacts-1, o.maxContacts)), false
	case set["fail"] && (o.fail.Status < 400 || o.fail.Status > 599):
		return o, c.usage(fmt.Sprintf("serve: -fail %d: want a 4xx or 5xx status, such as 503", o.fail.Status)), false
	case o.fail.Count < 0:
		return o, c.usage(fmt.Sprintf("serve: -fail-count %d: want 0 (every request) or more", o.fail.Count)), false
	case *retryAfter < 0:
		return o, c.usage(fmt.Sprintf("serve: -retry-after %d: want seconds, 0 or more", *retryAfter)), false
	case o.latency < 0:
		return o, c.usage(fmt.Sprintf("serve: -latency %v: want 0 or more", o.latency)), false
	}
	for _, name := range []string{"fail-count", "fail-endpoint", "retry-after"} {
		if set[name] && !set["fail"] {
			return o, c.usage("serve: -" + name + " is a detail of -fail STATUS, which is missing"), false
		}
	}
	if *endpoint != "" {
		e, found := parseEndpoint(*endpoint)
		if !found {
			return o, c.usage(fmt.Sprintf("serve: -fail-endpoint %q: want get-contact, update-contact or create-contact", *endpoint)), false
		}
		o.fail.Endpoint = e
	}
	o.fail.RetryAfter = time.Duration(*retryAfter) * time.Second
	for i, t := range tokens {
		role, tok, err := parseTokenFlag(t)
		if err != nil {
			return o, c.usage(fmt.Sprintf("serve: -token number %d: %v", i+1, err)), false
		}
		if o.tokens == nil {
			o.tokens = make(map[croschema.BearerToken]croschema.Role)
		}
		if r, dup := o.tokens[tok]; dup && r != role {
			return o, c.usage(fmt.Sprintf("serve: -token number %d: the same token as an earlier -token, with another role", i+1)), false
		}
		o.tokens[tok] = role
	}
	return o, exitOK, true
}

// parseEndpoint returns the endpoint of a -fail-endpoint value: its name
// in any letter case, with spaces, hyphens or nothing between the words
// ("get-contact", "GetContact", "Get Contact").
func parseEndpoint(s string) (croschema.Endpoint, bool) {
	fold := func(s string) string {
		return strings.ToLower(strings.NewReplacer(" ", "", "-", "").Replace(s))
	}
	for _, e := range croschema.Endpoints() {
		if fold(e.Name()) == fold(s) {
			return e, true
		}
	}
	return 0, false
}

// parseTokenFlag reads the value of -token, ROLE=TOKEN, split at the first
// '=': TOKEN is the whole authorization value, such as "Bearer a.b.c". Its
// error never quotes any part of s but a role name: what is not a role
// may be a token, or a piece of one ("Bearer a=b.c" without a role, or
// TOKEN=ROLE, swapped).
func parseTokenFlag(s string) (croschema.Role, croschema.BearerToken, error) {
	name, value, found := strings.Cut(s, "=")
	if !found {
		return 0, croschema.BearerToken{}, errors.New("want ROLE=TOKEN, such as Dispatcher='Bearer a.b.c'")
	}
	role, err := croschema.ParseRole(name)
	if err != nil {
		if i := strings.LastIndexByte(s, '='); i >= 0 {
			if r, err := croschema.ParseRole(s[i+1:]); err == nil {
				return 0, croschema.BearerToken{}, fmt.Errorf("want ROLE=TOKEN, role first: the value ends with the role %s", r)
			}
		}
		names := make([]string, 0, len(croschema.Roles()))
		for _, r := range croschema.Roles() {
			names = append(names, r.String())
		}
		return 0, croschema.BearerToken{}, fmt.Errorf("what comes before the first '=' is not a role (it is not shown: it may hold a token): want ROLE=TOKEN, ROLE one of %s", strings.Join(names, ", "))
	}
	tok, err := croschema.ParseBearerToken(value)
	if err != nil {
		// The error says what is wrong without the token.
		return 0, croschema.BearerToken{}, fmt.Errorf("TOKEN is not an authorization value a client can send: %w", err)
	}
	return role, tok, nil
}

// newMock returns the handler of crolint serve: crotest's Mock, its store
// holding the documented sample as contact 1 of customer 1 and
// o.contacts generated contacts (ids 2 to o.contacts+1), with the tokens,
// limit and faults of the flags. opts are passed on to
// crohttp.Middleware (tests add WithResponseCheck).
func newMock(o serveOptions, opts ...crohttp.HandlerOption) (*crotest.Mock, error) {
	mo := []crotest.MockOption{crotest.WithSample(), crotest.WithStoreLimit(o.maxContacts),
		crotest.WithLatency(o.latency), crotest.WithHandlerOptions(opts...)}
	for tok, role := range o.tokens {
		mo = append(mo, crotest.WithToken(role, tok))
	}
	if o.fail.Status != 0 {
		mo = append(mo, crotest.WithFault(o.fail))
	}
	m := crotest.NewMock(mo...)
	if o.contacts > 0 {
		w := &contactWriter{mock: m}
		if err := crogen.WriteJSONL(w, croschema.ModelCustomerContact, o.contacts, o.seed, ""); err != nil {
			return nil, err
		}
		if w.err != nil {
			return nil, w.err
		}
	}
	return m, nil
}

// contactWriter takes crogen.WriteJSONL's output, one contact a line, and
// seeds the mock with each contact for customer 1, with the next id.
type contactWriter struct {
	mock *crotest.Mock
	line []byte // the start of a line cut by a write
	err  error
}

func (w *contactWriter) Write(p []byte) (int, error) {
	n := len(p)
	for w.err == nil {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			w.line = append(w.line, p...)
			break
		}
		line := p[:i]
		if len(w.line) > 0 {
			line = append(w.line, line...)
			w.line = w.line[:0]
		}
		p = p[i+1:]
		var c croschema.CustomerContact
		if c, w.err = croschema.LintContact(line); w.err == nil {
			_, w.err = w.mock.Seed(1, c)
		}
	}
	return n, w.err
}
