package check

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
)

// A plantedBug is one way to break a conforming server, and the check that
// must catch it.
type plantedBug struct {
	name   string
	check  *Check // the check whose failure shows the bug
	server func() http.Handler
}

// respRewrite returns middleware that lets f change every answer of next
// (status, headers, body) before it is sent.
func respRewrite(f func(r *http.Request, status int, h http.Header, body []byte) (int, []byte)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rec := &bufWriter{header: http.Header{}}
			next.ServeHTTP(rec, r)
			if rec.status == 0 {
				rec.status = http.StatusOK
			}
			h := rec.sent
			if h == nil {
				h = rec.header
			}
			status, body := f(r, rec.status, h, rec.body.Bytes())
			for k, v := range h {
				w.Header()[k] = v
			}
			if _, ok := h["Content-Length"]; ok {
				w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			}
			w.WriteHeader(status)
			w.Write(body)
		})
	}
}

// bufWriter buffers an answer.
type bufWriter struct {
	header, sent http.Header
	status       int
	body         bytes.Buffer
}

func (w *bufWriter) Header() http.Header { return w.header }
func (w *bufWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status, w.sent = code, w.header.Clone()
	}
}
func (w *bufWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	return w.body.Write(p)
}

// reqRewrite returns middleware that lets f change every request (and its
// body) before next sees it.
func reqRewrite(f func(r *http.Request, body []byte) []byte) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			body = f(r, body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			r.ContentLength = int64(len(body))
			next.ServeHTTP(w, r)
		})
	}
}

// errorFieldOf returns the field of an error body.
func errorFieldOf(body []byte) string {
	var e croschema.APIError
	_ = json.Unmarshal(body, &e)
	return e.Field.String
}

// writeAnswer answers r itself with status and an error body, with the
// headers RULES.md gives every answer: a server's own early check.
func writeAnswer(w http.ResponseWriter, r *http.Request, status int, detail string) {
	req, _ := croschema.LintRequestHead(r.Method, r.URL.EscapedPath(), r.Header)
	req.SetResponseHeaders(w.Header())
	crohttp.WriteError(w, &croschema.APIError{StatusCode: status, Detail: detail})
}

// bugStore is the store with a bug in how it keeps contacts.
type bugStore struct {
	*store
	create func(c *croschema.CustomerContact)                                     // changes a Create's contact
	update func(u *croschema.UpdateCustomerContact, c *croschema.CustomerContact) // applies an Update
	sameID bool                                                                   // every Create gets id 1
	noSave bool                                                                   // a PATCH answers but does not store
}

func (st *bugStore) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	req := crohttp.RequestFrom(r)
	p := req.Params
	st.mu.Lock()
	defer st.mu.Unlock()
	switch req.Endpoint {
	case croschema.CreateContact:
		c, _ := req.Create().Contact()
		if st.create != nil {
			st.create(&c)
		}
		st.next[p.CustomerID]++
		c.ID = st.next[p.CustomerID]
		if st.sameID {
			c.ID = 1
		}
		st.contacts[key{p.CustomerID, c.ID}] = c
		crohttp.WriteCreated(w, r, &c)
	case croschema.UpdateContact:
		c, ok := st.contacts[key{p.CustomerID, p.CustomerContactID}]
		if !ok {
			crohttp.WriteError(w, crohttp.NotFound(r))
			return
		}
		if st.update != nil {
			st.update(req.Update(), &c)
		} else {
			req.Update().Apply(&c)
		}
		if !st.noSave {
			st.contacts[key{p.CustomerID, p.CustomerContactID}] = c
		}
		crohttp.WriteContact(w, http.StatusOK, &c)
	default:
		c, ok := st.contacts[key{p.CustomerID, p.CustomerContactID}]
		if !ok {
			crohttp.WriteError(w, crohttp.NotFound(r))
			return
		}
		crohttp.WriteContact(w, http.StatusOK, &c)
	}
}

func withStore(b *bugStore, opts ...crohttp.HandlerOption) http.Handler {
	b.store = newStore()
	return crohttp.Middleware(append([]crohttp.HandlerOption{crohttp.WithAuthorizer(roleAuthorizer)}, opts...)...)(b)
}

func wrap(mw func(http.Handler) http.Handler) func() http.Handler {
	return func() http.Handler { return mw(conforming()) }
}

// stripKeys re-encodes a JSON object body without the keys drop says to
// drop, keeping the last of duplicate keys (as encoding/json reads them).
func stripKeys(body []byte, drop func(k string, v json.RawMessage) bool) []byte {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return body
	}
	dropped := false
	for k, v := range m {
		if drop(k, v) {
			delete(m, k)
			dropped = true
		}
	}
	if !dropped {
		return body
	}
	out, _ := json.Marshal(m)
	return out
}

// topLevelKeys counts the keys of a JSON object, repeated ones each time.
func topLevelKeys(b []byte) int {
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return 0
	}
	n := 0
	for dec.More() {
		if _, err := dec.Token(); err != nil {
			return n
		}
		var v json.RawMessage
		if dec.Decode(&v) != nil {
			return n
		}
		n++
	}
	return n
}

var knownKeys = func() map[string]bool {
	m := map[string]bool{}
	for _, r := range croschema.ModelCreateCustomerContact.Rules() {
		m[r.Key] = true
	}
	return m
}()

var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// plantedBugs are the bugs the tests plant, one at a time, each behind a
// thin wrapper of the conforming server or in its store or authorizer.
var plantedBugs = []plantedBug{
	// Each row of the status table broken.
	{"unknown path answered 400", PathNotFound, wrap(respRewrite(func(r *http.Request, st int, h http.Header, b []byte) (int, []byte) {
		if st == 404 && errorFieldOf(b) == "RequestLine.path" {
			return 400, b
		}
		return st, b
	}))},
	{"405 answered 404", MethodNotAllowed, wrap(respRewrite(func(r *http.Request, st int, h http.Header, b []byte) (int, []byte) {
		if st == 405 {
			h.Del("Allow")
			return 404, b
		}
		return st, b
	}))},
	{"405 without Allow", MethodNotAllowed, wrap(respRewrite(func(r *http.Request, st int, h http.Header, b []byte) (int, []byte) {
		if st == 405 {
			h.Del("Allow")
		}
		return st, b
	}))},
	{"missing authorization answered 403", AuthMissing, wrap(respRewrite(func(r *http.Request, st int, h http.Header, b []byte) (int, []byte) {
		if st == 401 && r.Header.Get("Authorization") == "" {
			h.Del("Www-Authenticate")
			return 403, b
		}
		return st, b
	}))},
	{"missing tenant answered 400", TenantMissing, wrap(respRewrite(func(r *http.Request, st int, h http.Header, b []byte) (int, []byte) {
		if st == 403 && r.Header.Get("X-Tenant-Id") == "" {
			return 400, b
		}
		return st, b
	}))},
	{"415 answered 400", MediaType, wrap(respRewrite(func(r *http.Request, st int, h http.Header, b []byte) (int, []byte) {
		if st == 415 {
			return 400, b
		}
		return st, b
	}))},
	{"413 answered 400", BodyTooLarge, wrap(respRewrite(func(r *http.Request, st int, h http.Header, b []byte) (int, []byte) {
		if st == 413 {
			return 400, b
		}
		return st, b
	}))},
	{"a never-created contact answered 400", ContactNotFound, wrap(respRewrite(func(r *http.Request, st int, h http.Header, b []byte) (int, []byte) {
		if st == 404 && errorFieldOf(b) == "" {
			return 400, b
		}
		return st, b
	}))},
	{"a bad path parameter answered 404", RejectPath, wrap(respRewrite(func(r *http.Request, st int, h http.Header, b []byte) (int, []byte) {
		if st == 400 && strings.HasPrefix(errorFieldOf(b), "RequestLine.") {
			return 404, b
		}
		return st, b
	}))},

	// Each precedence swapped.
	{"415 before 401", Precedence, wrap(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(strings.ToLower(ct), "application/json") && r.Header.Get("Authorization") == "" {
				writeAnswer(w, r, 415, "not JSON")
				return
			}
			next.ServeHTTP(w, r)
		})
	})},
	{"403 before 401", Precedence, wrap(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("X-Tenant-Id") == "" && r.Header.Get("Authorization") == "" && r.Method != http.MethodOptions {
				writeAnswer(w, r, 403, "no tenant")
				return
			}
			next.ServeHTTP(w, r)
		})
	})},
	{"404 for a missing contact before 400", Precedence, func() http.Handler {
		st := newStore()
		mw := crohttp.Middleware(crohttp.WithAuthorizer(roleAuthorizer))(st)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if e, p, err := croschema.MatchEndpoint(r.Method, r.URL.EscapedPath()); err == nil && e == croschema.UpdateContact {
				st.mu.Lock()
				_, ok := st.contacts[key{p.CustomerID, p.CustomerContactID}]
				st.mu.Unlock()
				if !ok && r.Header.Get("Authorization") != "" {
					writeAnswer(w, r, 404, "no such contact")
					return
				}
			}
			mw.ServeHTTP(w, r)
		})
	}},

	// Each header rule ignored.
	{"x-request-id not checked", RejectHeader, wrap(reqRewrite(func(r *http.Request, b []byte) []byte {
		if v := r.Header.Values("X-Request-Id"); len(v) == 1 && !uuidRE.MatchString(strings.TrimSpace(v[0])) {
			r.Header.Del("X-Request-Id")
		}
		return b
	}))},
	{"x-api-version not checked", RejectHeader, wrap(reqRewrite(func(r *http.Request, b []byte) []byte {
		if v := r.Header.Values("X-Api-Version"); len(v) == 1 {
			if _, err := croschema.ParseAPIVersion(v[0]); err != nil {
				r.Header.Del("X-Api-Version")
			}
		}
		return b
	}))},
	{"x-tenant-id not checked", RejectHeader, wrap(reqRewrite(func(r *http.Request, b []byte) []byte {
		if v := r.Header.Values("X-Tenant-Id"); len(v) > 0 {
			if _, err := strconv.ParseUint(v[0], 10, 63); err != nil || len(v) > 1 {
				r.Header.Set("X-Tenant-Id", "7")
			}
		}
		return b
	}))},
	{"content-type not checked", MediaType, wrap(reqRewrite(func(r *http.Request, b []byte) []byte {
		r.Header.Del("Content-Type")
		return b
	}))},
	{"content-type with charset refused", AcceptHeaders, wrap(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.Contains(r.Header.Get("Content-Type"), ";") && r.Header.Get("Authorization") != "" {
				writeAnswer(w, r, 415, "parameters not taken")
				return
			}
			next.ServeHTTP(w, r)
		})
	})},

	// Each body rule ignored.
	{"fax max_length not checked", RejectBody, wrap(reqRewrite(func(r *http.Request, b []byte) []byte {
		return stripKeys(b, func(k string, v json.RawMessage) bool {
			var s string
			return k == "fax" && json.Unmarshal(v, &s) == nil && len([]rune(s)) > 15
		})
	}))},
	{"the boolean forms not checked", RejectBody, wrap(reqRewrite(func(r *http.Request, b []byte) []byte {
		return stripKeys(b, func(k string, v json.RawMessage) bool {
			var x croschema.Bool
			return strings.HasPrefix(k, "notify_") && string(v) != "null" && json.Unmarshal(v, &x) != nil
		})
	}))},
	{"unknown keys ignored", RejectBody, wrap(reqRewrite(func(r *http.Request, b []byte) []byte {
		return stripKeys(b, func(k string, _ json.RawMessage) bool { return !knownKeys[k] })
	}))},
	{"duplicate keys accepted", RejectBodyStrict, wrap(reqRewrite(func(r *http.Request, b []byte) []byte {
		var m map[string]json.RawMessage
		if json.Unmarshal(b, &m) != nil || topLevelKeys(b) == len(m) {
			return b
		}
		out, _ := json.Marshal(m) // the last of each key, as encoding/json keeps it
		return out
	}))},
	{"name null accepted", RejectBody, wrap(reqRewrite(func(r *http.Request, b []byte) []byte {
		return stripKeys(b, func(k string, v json.RawMessage) bool { return k == "name" && string(v) == "null" })
	}))},
	{"a Create without name stored", CreateUnstorable, wrap(reqRewrite(func(r *http.Request, b []byte) []byte {
		if r.Method == http.MethodPost && json.Valid(b) && !bytes.Contains(b, []byte(`"name"`)) && bytes.HasPrefix(bytes.TrimSpace(b), []byte("{")) {
			var m map[string]json.RawMessage
			if json.Unmarshal(b, &m) == nil {
				m["name"] = json.RawMessage(`"unnamed"`)
				b, _ = json.Marshal(m)
			}
		}
		return b
	}))},

	// Auth ignored.
	{"no token taken as the main one", AuthMissing, wrap(reqRewrite(func(r *http.Request, b []byte) []byte {
		if r.Header.Get("Authorization") == "" && r.Method != http.MethodOptions {
			r.Header.Set("Authorization", testToken)
		}
		return b
	}))},
	{"roles not enforced", Roles, func() http.Handler {
		return crohttp.Middleware(crohttp.WithAuthorizer(func(ctx context.Context, tok croschema.BearerToken, t int64) (croschema.Role, error) {
			if _, err := roleAuthorizer(ctx, tok, t); err != nil {
				return 0, err
			}
			return croschema.RoleDispatcher, nil
		}))(newStore())
	}},
	{"any well-formed token accepted", UnknownToken, func() http.Handler { return crohttp.Middleware()(newStore()) }},
	{"OPTIONS needs a token", Options, wrap(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodOptions && r.Header.Get("Authorization") == "" {
				writeAnswer(w, r, 401, "no token")
				return
			}
			next.ServeHTTP(w, r)
		})
	})},

	// State.
	{"PATCH null ignored", PatchSemantics, func() http.Handler {
		return withStore(&bugStore{update: func(u *croschema.UpdateCustomerContact, c *croschema.CustomerContact) {
			v := *u
			for _, o := range []*croschema.Optional[string]{&v.Email, &v.Fax, &v.Number} {
				if o.IsNull() {
					*o = croschema.Optional[string]{}
				}
			}
			v.Apply(c)
		}})
	}},
	{"PATCH clears the keys it omits", PatchSemantics, func() http.Handler {
		return withStore(&bugStore{update: func(u *croschema.UpdateCustomerContact, c *croschema.CustomerContact) {
			v := *u
			if v.Number.IsZero() {
				v.Number = croschema.SetNull[string]()
			}
			v.Apply(c)
		}})
	}},
	{"PATCH answered but not stored", GetStored, func() http.Handler { return withStore(&bugStore{noSave: true}) }},
	{"wrong default on Create", CreateStored, func() http.Handler {
		return withStore(&bugStore{create: func(c *croschema.CustomerContact) {
			if !c.NotifyOnNewRequest {
				c.NotifyOnNewRequest = true
			}
		}})
	}},
	{"ids reused", IDsUnique, func() http.Handler { return withStore(&bugStore{sameID: true}) }},
	{"Location missing", CreateStored, wrap(respRewrite(func(r *http.Request, st int, h http.Header, b []byte) (int, []byte) {
		h.Del("Location")
		return st, b
	}))},

	// Response headers and echoes.
	{"x-request-id missing on errors", ResponseHeaders, wrap(respRewrite(func(r *http.Request, st int, h http.Header, b []byte) (int, []byte) {
		if st >= 400 {
			h.Del("X-Request-Id")
		}
		return st, b
	}))},
	{"x-request-id not echoed", HeaderEcho, wrap(respRewrite(func(r *http.Request, st int, h http.Header, b []byte) (int, []byte) {
		h.Set("X-Request-Id", "3f0b6e2c-1d4a-4c9e-8b7a-5e6f7a8b9c0d")
		return st, b
	}))},
	{"x-api-version not echoed", HeaderEcho, wrap(respRewrite(func(r *http.Request, st int, h http.Header, b []byte) (int, []byte) {
		h.Set("X-Api-Version", croschema.DefaultAPIVersion.String())
		return st, b
	}))},
	{"CORS origin missing", CORS, wrap(respRewrite(func(r *http.Request, st int, h http.Header, b []byte) (int, []byte) {
		h.Del("Access-Control-Allow-Origin")
		return st, b
	}))},
	{"401 without WWW-Authenticate", WWWAuthenticate, wrap(respRewrite(func(r *http.Request, st int, h http.Header, b []byte) (int, []byte) {
		h.Del("Www-Authenticate")
		return st, b
	}))},
	{"token echoed", NoTokenEcho, wrap(respRewrite(func(r *http.Request, st int, h http.Header, b []byte) (int, []byte) {
		if a := r.Header.Get("Authorization"); a != "" {
			h.Set("X-Debug-Authorization", a)
		}
		return st, b
	}))},
	{"a success body without fax", SuccessBody, wrap(respRewrite(func(r *http.Request, st int, h http.Header, b []byte) (int, []byte) {
		if st == 200 {
			b = stripKeys(b, func(k string, _ json.RawMessage) bool { return k == "fax" })
		}
		return st, b
	}))},

	// The error body.
	{"error field null", ErrorField, wrap(respRewrite(func(r *http.Request, st int, h http.Header, b []byte) (int, []byte) {
		if st == 400 {
			var e croschema.APIError
			_ = json.Unmarshal(b, &e)
			e.Field = croschema.NullString{}
			b = e.AppendJSON(nil)
		}
		return st, b
	}))},
	{"unknown key's detail reworded", ErrorField, wrap(respRewrite(func(r *http.Request, st int, h http.Header, b []byte) (int, []byte) {
		return st, bytes.ReplaceAll(b, []byte(`"Unknown field."`), []byte(`"Unknown key."`))
	}))},
	{"explanation dropped", ErrorExact, wrap(respRewrite(func(r *http.Request, st int, h http.Header, b []byte) (int, []byte) {
		if st == 400 {
			var e croschema.APIError
			_ = json.Unmarshal(b, &e)
			e.Explanation = croschema.NullString{}
			b = e.AppendJSON(nil)
		}
		return st, b
	}))},
	{"an error body without detail", ErrorBody, wrap(respRewrite(func(r *http.Request, st int, h http.Header, b []byte) (int, []byte) {
		if st == 404 {
			b = []byte(`{"message":"not found"}`)
		}
		return st, b
	}))},

	// Server errors and HEAD.
	{"500 on a long name", NoServerError, wrap(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				body, _ := io.ReadAll(r.Body)
				r.Body = io.NopCloser(bytes.NewReader(body))
				var m map[string]any
				if json.Unmarshal(body, &m) == nil {
					if n, ok := m["name"].(string); ok && len([]rune(n)) > 100 {
						writeAnswer(w, r, 500, "Internal server error.")
						return
					}
				}
			}
			next.ServeHTTP(w, r)
		})
	})},
	{"a panic on an email list", NoServerError, wrap(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPatch {
				body, _ := io.ReadAll(r.Body)
				r.Body = io.NopCloser(bytes.NewReader(body))
				if bytes.Contains(body, []byte(`,`)) && bytes.Contains(body, []byte(`@`)) && bytes.Contains(body, []byte(`"email"`)) {
					panic(errors.New("index out of range"))
				}
			}
			next.ServeHTTP(w, r)
		})
	})},
	{"HEAD not allowed", Head, wrap(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodHead {
				w.Header().Set("Allow", "GET,PATCH")
				writeAnswer(w, r, 405, "HEAD not allowed")
				return
			}
			next.ServeHTTP(w, r)
		})
	})},
	{"leading zeros refused", RejectPath, wrap(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.Contains(r.URL.Path, "/00") {
				writeAnswer(w, r, 400, "leading zeros")
				return
			}
			next.ServeHTTP(w, r)
		})
	})},
	{"trailing slash refused", AcceptBody, wrap(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, "/") && r.Header.Get("Authorization") != "" && r.Method != http.MethodGet {
				writeAnswer(w, r, 404, "no such path")
				return
			}
			next.ServeHTTP(w, r)
		})
	})},
}
