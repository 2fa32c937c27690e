package crohttp

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/internal/hook"
)

// A HandlerOption configures Middleware, the server side.
type HandlerOption func(*config)

// config is the middleware's configuration, fixed when Middleware returns.
type config struct {
	authorize Authorizer
	limit     int64
	check     func(*http.Request, croschema.Violations)
	noBody    bool // WithoutBodyLint: the handler binds the body itself
}

// An Authorizer maps the caller's bearer token and tenant to the caller's
// role. An error that wraps ErrForbidden gives 403 (the token is fine but
// not for this tenant); any other error gives 401. The error text never
// reaches the response. It is called only for requests whose
// authorization matches the documented pattern and whose x-tenant-id is a
// valid integer, possibly from many goroutines at once.
type Authorizer func(ctx context.Context, token croschema.BearerToken, tenant int64) (croschema.Role, error)

// ErrForbidden is the error an Authorizer wraps to have the request
// answered 403 Forbidden.
var ErrForbidden = errors.New("crohttp: forbidden")

// WithAuthorizer sets the Authorizer. Without one (or with nil), every
// token that matches the documented pattern is a Dispatcher, who may call
// every endpoint.
func WithAuthorizer(a Authorizer) HandlerOption {
	return func(c *config) { c.authorize = a }
}

// WithBodyLimit sets the largest request body in bytes; a larger one gets
// 413, and no more than n+1 bytes of it are read. n < 1 means
// croschema.DefaultBodyLimit, 1 MiB.
func WithBodyLimit(n int64) HandlerOption {
	return func(c *config) {
		if n < 1 {
			n = croschema.DefaultBodyLimit
		}
		c.limit = n
	}
}

// WithResponseCheck turns on the test mode: every response, the handler's
// and the middleware's, is checked by croschema.LintResponse against the
// request when the handler returns (its status by RULES.md's table, its
// headers and their echoes of the request's, its body by endpoint and
// status, the contact's id against the path's, Location, no echo of the
// token), and report is called with the request and the violations when
// there are any. It costs a copy of every response body: meant for a
// server's own test suite, not for production.
func WithResponseCheck(report func(*http.Request, croschema.Violations)) HandlerOption {
	return func(c *config) { c.check = report }
}

// WithoutBodyLint makes Middleware leave the body to the handler, for one
// that binds it with its framework (gin's ShouldBindJSON, echo's Bind) and
// package crovalidator: the middleware still answers every other row of
// RULES.md's status table (the request line, the headers, the Authorizer
// and roles, 415, and 413 for a body over the limit, which it reads to
// know), and hands the handler the body, unchecked, in r.Body; RequestFrom's
// Create and Update are then nil. What only the strict lint sees of a body
// (an unknown or repeated key, invalid UTF-8, data after the document) is
// then the handler's to see, or not (see the examples module).
func WithoutBodyLint() HandlerOption {
	return func(c *config) { c.noBody = true }
}

// Request is a valid request as the middleware decoded it: the
// croschema.Request that croschema.LintRequest makes of it (endpoint, path
// parameters, headers, and the typed body through Create and Update),
// with the caller's role. The handler reads it with RequestFrom and must
// not modify it.
type Request struct {
	croschema.Request
	Role croschema.Role // the caller's role, from the Authorizer
}

// RequestFrom returns the decoded request that Middleware attached to r,
// or nil when r did not come through Middleware.
func RequestFrom(r *http.Request) *Request {
	if r == nil {
		return nil
	}
	req, _ := r.Context().Value(ctxKey{}).(*Request)
	return req
}

// ctxKey is the context key of the *Request.
type ctxKey struct{}

// reqContext is the request's context with the decoded request (which
// holds the values of the response headers) and the request next gets,
// all in one allocation: the middleware's only one on a valid GET. The
// parent is reached through the caller's request (8 bytes, not an
// interface's 16). Value answers ctxKey; everything else (Deadline, Done,
// Err, other keys) is the parent's, so that contexts derived from it
// cancel without a goroutine.
type reqContext struct {
	parent *http.Request // the caller's request, whose context is the parent
	req    Request
	r      http.Request // the request next gets: the caller's, with this context
	body   []byte       // WithoutBodyLint: the body the handler reads
}

// Deadline, Done and Err are the parent's.
func (c *reqContext) Deadline() (time.Time, bool) { return c.parent.Context().Deadline() }
func (c *reqContext) Done() <-chan struct{}       { return c.parent.Context().Done() }
func (c *reqContext) Err() error                  { return c.parent.Context().Err() }

// Value returns the *Request for ctxKey and asks the parent otherwise.
func (c *reqContext) Value(key any) any {
	if _, ok := key.(ctxKey); ok {
		return &c.req
	}
	return c.parent.Context().Value(key)
}

// Header names, canonical so that Header.Get and Set find them.
const (
	hdrContentType = "Content-Type"
	hdrWWWAuth     = "Www-Authenticate"
	hdrLocation    = "Location"

	mediaJSON = "application/json"
)

// Middleware returns middleware that makes next a conforming server of the
// endpoints of [croschema.Endpoints]: it answers every request that
// RULES.md's status table rejects itself, with the status, headers and
// error body RULES.md gives, passes every valid request to next with the
// decoded request in its context (see [RequestFrom]), answers OPTIONS with
// 204 and sets RULES.md's response headers (x-api-version, x-request-id,
// content-type, CORS, Allow) on every response before next runs. HEAD is
// a GET whose body net/http discards.
//
// The request body is read whole (up to the limit of [WithBodyLimit])
// before next runs, so r.Body is drained in next: the decoded body is in
// RequestFrom(r). With [WithoutBodyLint], next gets it unchecked in r.Body.
//
// It works with http.ServeMux, chi and anything that takes
// func(http.Handler) http.Handler. A nil next answers what would reach it
// with 500, as WriteError(w, nil) does. The returned middleware is safe for
// concurrent use; it starts no goroutine and keeps no buffer past a
// request.
func Middleware(opts ...HandlerOption) func(http.Handler) http.Handler {
	c := config{limit: croschema.DefaultBodyLimit}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if c.authorize == nil {
		c.authorize = dispatcher
	}
	return func(next http.Handler) http.Handler {
		if next == nil { // a server's bug, answered as one: not a panic
			next = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { WriteError(w, nil) })
		}
		return &handler{config: c, next: next}
	}
}

// dispatcher is the default Authorizer: everyone is a Dispatcher.
func dispatcher(context.Context, croschema.BearerToken, int64) (croschema.Role, error) {
	return croschema.RoleDispatcher, nil
}

type handler struct {
	config
	next http.Handler
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r == nil || w == nil {
		return // nothing to answer, or nothing to answer it with
	}
	ctx := &reqContext{parent: r}
	if h.check != nil {
		cw := &checkWriter{ResponseWriter: w}
		w = cw
		defer cw.finish(r, &ctx.req.Request, h.check)
	}
	status, e := h.decode(ctx, w, r)
	if e != nil {
		writeError(w, r, status, e)
		return
	}
	if r.Method == http.MethodOptions {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	ctx.r = *r.WithContext(ctx) // WithContext's copy stays on the stack: one allocation for both
	if r.Method == http.MethodHead {
		// HEAD is answered as GET, without the body: the handler and its
		// router see a GET (RequestFrom(r).Method says HEAD).
		w = headWriter{w}
		ctx.r.Method = http.MethodGet
	}
	if p := r.URL.Path; len(p) > 1 && p[len(p)-1] == '/' {
		// The API takes "/customers/1/contacts/2/" as ".../2": the handler
		// and its router see the path without the slash.
		u := *r.URL
		u.Path, u.RawPath = p[:len(p)-1], strings.TrimSuffix(u.RawPath, "/")
		ctx.r.URL = &u
	}
	if h.noBody {
		ctx.r.Body = io.NopCloser(bytes.NewReader(ctx.body))
	}
	h.next.ServeHTTP(w, &ctx.r)
}

// headWriter is the ResponseWriter a handler gets for a HEAD request: it
// drops the body the handler writes for the GET it was answered as, so that
// the answer has no body whatever the ResponseWriter underneath does with
// one (net/http drops it; httptest.ResponseRecorder and a test's wrappers
// keep it). WriteContact and WriteError set Content-Length on it, the
// length of the body a GET would have had, as net/http does.
type headWriter struct{ http.ResponseWriter }

func (w headWriter) Write(p []byte) (int, error) { return len(p), nil }

// Unwrap gives http.ResponseController the ResponseWriter underneath.
func (w headWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// setLengthOnHead sets Content-Length to n when w answers a HEAD request.
func setLengthOnHead(w http.ResponseWriter, n int) {
	if hw, ok := w.(headWriter); ok {
		hw.Header()["Content-Length"] = []string{formatInt(int64(n))}
	}
}

// decode checks r in RULES.md's order and fills ctx, having set the
// response headers every answer carries. It returns the status and error
// body of the first class of the status table that applies, or a nil
// error for a valid request (or an OPTIONS on a known path).
func (h *handler) decode(ctx *reqContext, w http.ResponseWriter, r *http.Request) (int, *croschema.APIError) {
	req := &ctx.req
	var err error
	path := "" // a request without a URL names no endpoint
	if r.URL != nil {
		path = r.URL.EscapedPath()
	}
	// Into the context's zero Request: no copy of it per request.
	err = hook.LintRequestHeadInto(unsafe.Pointer(&req.Request), r.Method, path, r.Header)
	req.SetResponseHeaders(w.Header()) // every answer carries them
	vs, _ := err.(croschema.Violations)
	switch s := croschema.Status(vs); s {
	case http.StatusNotFound, http.StatusMethodNotAllowed:
		return s, ErrorFromViolations(vs) // the request line's violations only
	case http.StatusUnauthorized:
		w.Header()[hdrWWWAuth] = []string{"Bearer"}
		fallthrough
	case http.StatusForbidden:
		return s, ErrorFromViolations(vs)
	}
	if r.Method == http.MethodOptions {
		return 0, nil
	}
	if !vs.Has(locTenant, croschema.CodeInteger) && !vs.Has(locTenant, croschema.CodeDuplicateKey) {
		ep := req.Endpoint
		role, err := h.authorize(r.Context(), req.Headers.Authorization, req.Headers.TenantID)
		switch {
		case errors.Is(err, ErrForbidden):
			return http.StatusForbidden, decision(http.StatusForbidden, fieldTenant,
				"the caller may not use this tenant", vs)
		case err != nil:
			w.Header()[hdrWWWAuth] = []string{"Bearer"}
			return http.StatusUnauthorized, decision(http.StatusUnauthorized, fieldAuthorization,
				"the bearer token is not accepted", vs)
		case !ep.Allows(role):
			return http.StatusForbidden, decision(http.StatusForbidden, "",
				"role "+role.String()+" may not call "+ep.Name(), vs)
		}
		req.Role = role
	}
	if croschema.Status(vs) == http.StatusUnsupportedMediaType {
		return http.StatusUnsupportedMediaType, ErrorFromViolations(vs)
	}

	if req.Endpoint.RequestModel() != croschema.ModelNone || r.Body != nil && r.Body != http.NoBody {
		buf := bufPool.Get().(*[]byte)
		defer putBuf(buf)
		body, tooLarge, err := readBody(r, h.limit, (*buf)[:0])
		*buf = body
		switch {
		case tooLarge:
			vs = append(vs[:len(vs):len(vs)], asViolations(req.BodyTooLarge(h.limit))...)
		case err != nil:
			return http.StatusBadRequest, decision(http.StatusBadRequest, "",
				"the body could not be read", vs)
		case h.noBody:
			ctx.body = bytes.Clone(body)
		default:
			if err := req.LintBody(body); err != nil {
				bvs, _ := err.(croschema.Violations)
				if len(vs) == 0 {
					vs = bvs
				} else {
					vs = append(vs[:len(vs):len(vs)], bvs...)
				}
			}
		}
	}
	if len(vs) > 0 {
		return croschema.Status(vs), ErrorFromViolations(vs)
	}
	return 0, nil
}

// The fields of the error bodies that the Authorizer decides, from the
// header table: "StandardRequestHeadersModel.authorization" and
// "StandardRequestHeadersModel.x-tenant-id".
var (
	fieldAuthorization = headerField(locAuthorization)
	fieldTenant        = headerField(locTenant)
)

// The locations of the request headers the Authorizer's answers name.
const (
	locAuthorization = "authorization"
	locTenant        = "x-tenant-id"
)

// headerField returns the field of the request header with the given
// lower-case name.
func headerField(name string) string {
	for _, r := range croschema.RequestHeaderRules() {
		if r.Name == name {
			return r.Field
		}
	}
	return ""
}

// writeError writes the middleware's own error response, whose headers
// decode has set. A HEAD gets the headers of the body it would have had,
// without the body.
func writeError(w http.ResponseWriter, r *http.Request, status int, e *croschema.APIError) {
	buf := bufPool.Get().(*[]byte)
	defer putBuf(buf)
	body := e.AppendJSON((*buf)[:0])
	*buf = body
	if r.Method == http.MethodHead {
		w.Header()["Content-Length"] = []string{formatInt(int64(len(body)))}
		w.WriteHeader(status)
		return
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// Request bodies are read into pooled buffers; a buffer that grew beyond
// maxPooledBuf is left to the garbage collector rather than kept.
const maxPooledBuf = 64 << 10

var bufPool = sync.Pool{New: func() any {
	b := make([]byte, 0, 1024)
	return &b
}}

func putBuf(b *[]byte) {
	if cap(*b) > maxPooledBuf {
		return
	}
	*b = (*b)[:0]
	bufPool.Put(b)
}

// readBody appends r's body to buf, reading at most limit+1 bytes, and
// reports whether the body is larger than limit: by its Content-Length
// without reading, or by reading one byte too many.
func readBody(r *http.Request, limit int64, buf []byte) (data []byte, tooLarge bool, err error) {
	if r.Body == nil || r.Body == http.NoBody {
		return buf, false, nil
	}
	if r.ContentLength > limit {
		return buf, true, nil
	}
	max := limit
	if max < math.MaxInt64 {
		max++
	}
	for {
		if int64(len(buf)) >= max {
			return buf, int64(len(buf)) > limit, nil
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		room := buf[len(buf):cap(buf)]
		if left := max - int64(len(buf)); int64(len(room)) > left {
			room = room[:left]
		}
		n, err := r.Body.Read(room)
		buf = buf[:len(buf)+n]
		switch {
		case err == io.EOF:
			return buf, int64(len(buf)) > limit, nil
		case err != nil:
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return buf, true, nil
			}
			return buf, false, err
		}
	}
}
