package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crogen"
	"github.com/croschema/croschema/crohttp"
)

// serveOptions are the flags of crolint serve.
type serveOptions struct {
	addr        string
	tokens      map[croschema.BearerToken]croschema.Role // by the whole authorization value, sealed; nil: everyone is a Dispatcher
	contacts    int
	seed        int64
	maxContacts int
}

// serve is "crolint serve [-addr HOST:PORT] [-token ROLE=TOKEN]...
// [-contacts N] [-seed S] [-max-contacts M]": a mock of the API.
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
	s, err := newServer(o, opts...)
	if err != nil {
		d.log.Printf("serve: %v", err)
		return exitError
	}
	return d.listenAndServe(o.addr, s, func(bound string) string {
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
	fset.IntVar(&o.maxContacts, "max-contacts", 100000, "")
	// The values are checked after parsing: an error returned here would
	// be quoted, token and all, in flag's message.
	var tokens []string
	fset.Func("token", "", func(s string) error { tokens = append(tokens, s); return nil })

	pos, status, ok := c.parseFlags(fset, args)
	switch {
	case !ok:
		return o, status, false
	case len(pos) > 0:
		return o, c.usage(fmt.Sprintf("serve: unexpected argument %q", pos[0])), false
	case o.maxContacts < 1:
		return o, c.usage(fmt.Sprintf("serve: -max-contacts %d: want 1 or more", o.maxContacts)), false
	case o.contacts < 0 || o.contacts >= o.maxContacts:
		return o, c.usage(fmt.Sprintf("serve: -contacts %d: want 0 to %d, so that the sample and they fit in -max-contacts %d",
			o.contacts, o.maxContacts-1, o.maxContacts)), false
	}
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

// parseTokenFlag reads the value of -token, ROLE=TOKEN, split at the first
// '=': TOKEN is the whole authorization value, such as "Bearer a.b.c". Its
// error never quotes TOKEN.
func parseTokenFlag(s string) (croschema.Role, croschema.BearerToken, error) {
	name, value, found := strings.Cut(s, "=")
	if !found {
		return 0, croschema.BearerToken{}, errors.New("want ROLE=TOKEN, such as Dispatcher='Bearer a.b.c'")
	}
	role, err := croschema.ParseRole(name)
	if err != nil {
		names := make([]string, 0, len(croschema.Roles()))
		for _, r := range croschema.Roles() {
			names = append(names, r.String())
		}
		return 0, croschema.BearerToken{}, fmt.Errorf("unknown role %q: want one of %s", name, strings.Join(names, ", "))
	}
	tok, err := croschema.ParseBearerToken(value)
	if err != nil {
		// The error says what is wrong without the token.
		return 0, croschema.BearerToken{}, fmt.Errorf("TOKEN is not an authorization value a client can send: %w", err)
	}
	return role, tok, nil
}

// errUnknownToken is the Authorizer's error for a token no -token gave:
// crohttp answers it 401.
var errUnknownToken = errors.New("unknown token")

// server is the handler of crolint serve: crohttp.Middleware in front of
// the store.
type server struct {
	store *store
	max   int
}

// newServer returns the handler of crolint serve, its store seeded with
// the documented sample contact as contact 1 of customer 1 and o.contacts
// generated contacts (ids 2 to o.contacts+1). opts are passed on to
// crohttp.Middleware after serve's own (tests add WithResponseCheck).
func newServer(o serveOptions, opts ...crohttp.HandlerOption) (http.Handler, error) {
	s := &server{store: newStore(o.maxContacts), max: o.maxContacts}
	if _, err := s.store.create(1, sampleContact); err != nil {
		return nil, err
	}
	if o.contacts > 0 {
		w := &contactWriter{store: s.store}
		if err := crogen.WriteJSONL(w, croschema.ModelCustomerContact, o.contacts, o.seed, ""); err != nil {
			return nil, err
		}
		if w.err != nil {
			return nil, w.err
		}
	}
	var mw []crohttp.HandlerOption
	if o.tokens != nil {
		tokens := o.tokens
		mw = append(mw, crohttp.WithAuthorizer(func(_ context.Context, tok croschema.BearerToken, _ int64) (croschema.Role, error) {
			if role, ok := tokens[tok]; ok { // == compares the values, never unsealed
				return role, nil
			}
			return 0, errUnknownToken
		}))
	}
	return crohttp.Middleware(append(mw, opts...)...)(s), nil
}

// sampleContact is the documented sample, the body of
// testdata/get-contact.response.json.
var sampleContact = croschema.CustomerContact{
	Email:                       croschema.NewNullString("shaneduty@gmail.com"),
	ID:                          1,
	Name:                        "George",
	NotifyOnAcknowledgedRequest: false,
	NotifyOnCompletedRequest:    true,
	NotifyOnDispatchedRequest:   true,
	NotifyOnFailedRequest:       true,
	NotifyOnNewRequest:          true,
	Number:                      croschema.NewNullString("360-555-1212"),
}

// contactWriter takes crogen.WriteJSONL's output, one contact a line, and
// stores each contact for customer 1, with the next id.
type contactWriter struct {
	store *store
	line  []byte // the start of a line cut by a write
	err   error
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
			_, w.err = w.store.create(1, c)
		}
	}
	return n, w.err
}

// ServeHTTP answers a valid request: the middleware has answered every
// other one.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	req := crohttp.RequestFrom(r)
	p := req.Params
	switch req.Endpoint {
	case croschema.CreateContact:
		c, err := req.Create().Contact()
		if err != nil {
			crohttp.WriteError(w, crohttp.ErrorFrom(err))
			return
		}
		if c, err = s.store.create(p.CustomerID, c); err != nil {
			crohttp.WriteError(w, s.full())
			return
		}
		crohttp.WriteCreated(w, r, &c)
	case croschema.UpdateContact:
		c, ok := s.store.update(p.CustomerID, p.CustomerContactID, req.Update())
		if !ok {
			crohttp.WriteError(w, crohttp.NotFound(r))
			return
		}
		crohttp.WriteContact(w, http.StatusOK, &c)
	default: // GetContact, for GET and HEAD
		c, ok := s.store.get(p.CustomerID, p.CustomerContactID)
		if !ok {
			crohttp.WriteError(w, crohttp.NotFound(r))
			return
		}
		crohttp.WriteContact(w, http.StatusOK, &c)
	}
}

// full is the answer to a Create past -max-contacts: 507 Insufficient
// Storage (RFC 4918, section 11.5), "the server is unable to store the
// representation needed to successfully complete the request". Not a 4xx:
// the request is valid and the same request succeeds on a server with room.
// Not 503 Service Unavailable: that says "try again later" (and invites
// Retry-After), but this store never frees room, since nothing deletes a
// contact; every Create fails until crolint serve restarts, while Get and
// Update go on working.
func (s *server) full() *croschema.APIError {
	return &croschema.APIError{
		StatusCode: http.StatusInsufficientStorage,
		Detail:     "The store of crolint serve is full: it holds " + strconv.Itoa(s.max) + " contacts (-max-contacts).",
	}
}
