package crohttp

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"math"
	"net/http"
	"sync"
	"time"
	"unsafe"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/internal/scrub"
)

// DefaultBodyLimit is the API's body limit, 1 MiB (RULES.md "Serving the
// API"): the largest request body Middleware reads unless WithBodyLimit
// says otherwise, the most of a response body a Client reads, and the most
// of a body NewTransport and crotest keep to check. No valid body of the
// API comes close.
const DefaultBodyLimit = 1 << 20

// An Option configures Middleware.
type Option func(*config)

// config is the middleware's configuration, fixed when Middleware returns.
type config struct {
	authorize Authorizer
	limit     int64
	check     func(*http.Request, croschema.Violations)
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
func WithAuthorizer(a Authorizer) Option {
	return func(c *config) { c.authorize = a }
}

// WithBodyLimit sets the largest request body in bytes; a larger one gets
// 413, and no more than n+1 bytes of it are read. n < 1 means
// DefaultBodyLimit.
func WithBodyLimit(n int64) Option {
	return func(c *config) {
		if n < 1 {
			n = DefaultBodyLimit
		}
		c.limit = n
	}
}

// WithResponseCheck turns on the test mode: every response, the handler's
// and the middleware's, is linted when the handler returns (its headers by
// StandardResponseHeadersModel, its body as a CustomerContactModel on 200
// and as an error body on 4xx and 5xx, its status against RULES.md's table,
// x-api-version and x-request-id against the request's, content-type, CORS
// headers, Allow on 405, WWW-Authenticate on 401, Location on a Create's 200), and report is called with the request and
// the violations when there are any. It costs a copy of every response
// body: meant for a server's own test suite, not for production.
func WithResponseCheck(report func(*http.Request, croschema.Violations)) Option {
	return func(c *config) { c.check = report }
}

// Request is a valid request as the middleware decoded it. The handler
// reads it with RequestFrom and must not modify it.
type Request struct {
	Endpoint croschema.Endpoint              // GetContact (also for HEAD), UpdateContact or CreateContact
	Role     croschema.Role                  // the caller's role, from the Authorizer
	Params   croschema.PathParams            // the integer path parameters
	Headers  croschema.RequestHeaders        // the request headers, checked
	Create   croschema.CreateCustomerContact // the body of a CreateContact request
	Update   croschema.UpdateCustomerContact // the body of an UpdateContact request
}

// RequestFrom returns the decoded request that Middleware attached to r,
// or nil when r did not come through Middleware.
func RequestFrom(r *http.Request) *Request {
	req, _ := r.Context().Value(ctxKey{}).(*Request)
	return req
}

// ctxKey is the context key of the *Request.
type ctxKey struct{}

// reqContext is the request's context with the decoded request, the
// values of the response headers and the request next gets, all in one
// allocation: the middleware's only one on a valid GET, 768 bytes with Go
// 1.26's http.Request. Every byte a request allocates costs garbage
// collection work in proportion, so the parent is reached through the
// caller's request (8 bytes, not an interface's 16) and Allow shares its
// value with Access-Control-Allow-Methods, which keeps the object in the
// 768-byte size class. Value answers ctxKey; everything else (Deadline,
// Done, Err, other keys) is the parent's, so that contexts derived from
// it cancel without a goroutine.
type reqContext struct {
	parent *http.Request // the caller's request, whose context is the parent
	req    Request
	vals   [numVals]string
	id     [36]byte     // a minted x-request-id; vals holds it as a string
	r      http.Request // the request next gets: the caller's, with this context
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

// The values of the response headers the middleware sets, by index into
// reqContext.vals.
const (
	valAPIVersion = iota
	valRequestID
	valContentType
	valAllowOrigin
	valAllowHeaders
	valAllow // Allow and Access-Control-Allow-Methods, which RULES.md makes equal
	numVals
)

// Header names and values, canonical so that Header.Get and Set find them.
const (
	hdrAPIVersion   = "X-Api-Version"
	hdrRequestID    = "X-Request-Id"
	hdrContentType  = "Content-Type"
	hdrAllowOrigin  = "Access-Control-Allow-Origin"
	hdrAllowHeaders = "Access-Control-Allow-Headers"
	hdrAllow        = "Allow"
	hdrAllowMethods = "Access-Control-Allow-Methods"
	hdrWWWAuth      = "Www-Authenticate"
	hdrLocation     = "Location"

	mediaJSON    = "application/json"
	allowHeaders = "Authorization, Accept, X-TENANT-ID, Content-Type"
)

// respHeaders are the response headers the middleware sets, each with the
// index of its value in reqContext.vals.
var respHeaders = [...]struct {
	key string
	val int
}{
	{hdrAPIVersion, valAPIVersion}, {hdrRequestID, valRequestID}, {hdrContentType, valContentType},
	{hdrAllowOrigin, valAllowOrigin}, {hdrAllowHeaders, valAllowHeaders},
	{hdrAllow, valAllow}, {hdrAllowMethods, valAllow},
}

// allowOf is the Allow header of each endpoint's path: its methods in
// endpoint order, "GET,PATCH" on a contact and "POST" on the collection.
var allowOf = func() []string {
	n := croschema.Endpoint(0)
	for _, e := range croschema.Endpoints() {
		n = max(n, e)
	}
	m := make([]string, n+1) // by Endpoint
	for _, e := range croschema.Endpoints() {
		for _, o := range croschema.Endpoints() {
			if o.Path() == e.Path() {
				if m[e] != "" {
					m[e] += ","
				}
				m[e] += o.Method()
			}
		}
	}
	return m
}()

// Middleware returns middleware that makes next a conforming server of the
// three endpoints: it answers every request that RULES.md's table rejects
// itself, with the status, headers and error body RULES.md gives, passes every
// valid request to next with the decoded request in its context (see
// RequestFrom), answers OPTIONS with 204 and sets RULES.md's response headers
// (x-api-version, x-request-id, content-type, CORS, Allow) on every
// response before next runs. HEAD is a GET whose body net/http discards.
//
// It works with http.ServeMux, chi and anything that takes
// func(http.Handler) http.Handler. The returned middleware is safe for
// concurrent use; it starts no goroutine and keeps no buffer past a
// request.
func Middleware(opts ...Option) func(http.Handler) http.Handler {
	c := config{limit: DefaultBodyLimit}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if c.authorize == nil {
		c.authorize = dispatcher
	}
	return func(next http.Handler) http.Handler {
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
	ctx := &reqContext{parent: r}
	if h.check != nil {
		cw := &checkWriter{ResponseWriter: w}
		w = cw
		defer cw.finish(r, h.check)
	}
	if status, e := h.decode(ctx, w, r); e != nil {
		h.writeError(w, r, ctx, status, e)
		return
	}
	if r.Method == http.MethodOptions {
		setHeaders(w.Header(), ctx, false)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	setHeaders(w.Header(), ctx, true)
	if r.Method == http.MethodHead {
		w = headWriter{w}
	}
	ctx.r = *r.WithContext(ctx) // WithContext's copy stays on the stack: one allocation for both
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

// decode checks r in RULES.md's order and fills ctx. It returns the status and
// error body of the first class of violations that applies, or a nil
// error for a valid request (or an OPTIONS on a known path).
func (h *handler) decode(ctx *reqContext, w http.ResponseWriter, r *http.Request) (int, *croschema.APIError) {
	req := &ctx.req
	path := r.URL.EscapedPath()
	method := r.Method
	if method == http.MethodHead || method == http.MethodOptions {
		method = http.MethodGet // HEAD is answered wherever GET is; OPTIONS on every known path
	}
	ep, params, err := croschema.MatchEndpoint(method, path)
	lineVs, _ := err.(croschema.Violations)
	if len(lineVs) > 0 { // a path that quotes the token must not come back with it
		lineVs = scrub.Violations(lineVs, scrub.Secrets(r.Header))
	}

	// The response headers first: every answer carries them.
	hs, err := croschema.LintRequestHeaders(r.Header, method)
	headerVs, _ := err.(croschema.Violations)
	ctx.vals[valAPIVersion] = croschema.DefaultAPIVersion.String()
	if hs.APIVersion.IsValid() {
		ctx.vals[valAPIVersion] = hs.APIVersion.String()
	}
	ctx.vals[valRequestID] = hs.RequestID
	if hs.RequestID == "" {
		ctx.vals[valRequestID] = newUUID(&ctx.id)
	}
	ctx.vals[valContentType] = mediaJSON
	ctx.vals[valAllowOrigin] = "*"
	ctx.vals[valAllowHeaders] = allowHeaders
	if ep.IsValid() {
		ctx.vals[valAllow] = allowOf[ep]
	} else {
		ctx.vals[valAllow] = pathAllow(path)
	}

	if len(lineVs) > 0 {
		switch s := Status(lineVs); s {
		case http.StatusNotFound:
			return s, ErrorFromViolations(lineVs)
		case http.StatusMethodNotAllowed:
			if r.Method != http.MethodOptions {
				return s, ErrorFromViolations(lineVs)
			}
			lineVs = nil // OPTIONS on the collection: only its path matters
		}
	}
	if r.Method == http.MethodOptions {
		return 0, nil
	}
	req.Endpoint, req.Params, req.Headers = ep, params, hs

	vs := lineVs // the path parameters' violations, then the headers'
	if len(headerVs) > 0 {
		vs = append(vs[:len(vs):len(vs)], headerVs...)
	}
	if s := Status(vs); s == http.StatusUnauthorized || s == http.StatusForbidden {
		if s == http.StatusUnauthorized {
			w.Header()[hdrWWWAuth] = []string{"Bearer"}
		}
		return s, ErrorFromViolations(vs)
	}
	if !headerVs.Has(locTenant, croschema.CodeInteger) && !headerVs.Has(locTenant, croschema.CodeDuplicateKey) {
		role, err := h.authorize(r.Context(), hs.Authorization, hs.TenantID)
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
	if Status(vs) == http.StatusUnsupportedMediaType {
		return http.StatusUnsupportedMediaType, ErrorFromViolations(vs)
	}

	switch ep.RequestModel() {
	case croschema.ModelCreateCustomerContact, croschema.ModelUpdateCustomerContact:
		buf := bufPool.Get().(*[]byte)
		defer putBuf(buf)
		body, tooLarge, err := readBody(r, h.limit, (*buf)[:0])
		*buf = body
		switch {
		case tooLarge:
			return http.StatusRequestEntityTooLarge, decision(http.StatusRequestEntityTooLarge, "",
				"the body is larger than "+formatInt(h.limit)+" bytes", vs)
		case err != nil:
			return http.StatusBadRequest, decision(http.StatusBadRequest, "",
				"the body could not be read", vs)
		}
		var bodyVs croschema.Violations
		if ep.RequestModel() == croschema.ModelCreateCustomerContact {
			req.Create, err = croschema.LintCreateContact(body)
			bodyVs, _ = err.(croschema.Violations)
			if req.Create.Name.Presence == croschema.PresenceAbsent && !wholeBody(bodyVs) {
				bodyVs = append(bodyVs, nameRequired())
			}
		} else {
			req.Update, err = croschema.LintUpdateContact(body)
			bodyVs, _ = err.(croschema.Violations)
		}
		if len(bodyVs) > 0 { // nor a body that holds it
			vs = append(vs[:len(vs):len(vs)], scrub.Violations(bodyVs, scrub.Secrets(r.Header))...)
		}
	}
	if len(vs) > 0 {
		return http.StatusBadRequest, ErrorFromViolations(vs)
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

// The locations of the request headers the status table names.
const (
	locAuthorization = "authorization"
	locTenant        = "x-tenant-id"
	locContentType   = "content-type"
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

// pathAllow returns the Allow header of a path that names an endpoint, or
// "" for a path that names none.
func pathAllow(path string) string {
	for _, e := range croschema.Endpoints() {
		if ep, _, _ := croschema.MatchEndpoint(e.Method(), path); ep.IsValid() {
			return allowOf[ep]
		}
	}
	return ""
}

// setHeaders sets the response headers of ctx on h, content-type only when
// the response has a body. The values share ctx's one array (Allow and
// Access-Control-Allow-Methods one element of it); each slice has no spare
// capacity, so that Header.Add copies rather than overwrites.
func setHeaders(h http.Header, ctx *reqContext, body bool) {
	for _, rh := range respHeaders {
		i := rh.val
		if ctx.vals[i] == "" || (!body && i == valContentType) {
			continue
		}
		h[rh.key] = ctx.vals[i : i+1 : i+1]
	}
}

// writeError writes the middleware's own error response. A HEAD gets the
// headers of the body it would have had, without the body.
func (h *handler) writeError(w http.ResponseWriter, r *http.Request, ctx *reqContext, status int, e *croschema.APIError) {
	hdr := w.Header()
	setHeaders(hdr, ctx, true)
	body, _ := e.MarshalJSON()
	if r.Method == http.MethodHead {
		hdr["Content-Length"] = []string{formatInt(int64(len(body)))}
		w.WriteHeader(status)
		return
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// newUUID writes a random version-4 UUID, such as
// "b24c2138-65af-4ed3-8e1d-b85a7dc8171c", into s and returns it as a
// string that shares s's memory (s is never written again), so that
// minting one does not allocate.
func newUUID(s *[36]byte) string {
	var b [16]byte
	random16(&b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	const digits = "0123456789abcdef"
	j := 0
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			s[j] = '-'
			j++
		}
		s[j], s[j+1] = digits[c>>4], digits[c&0x0f]
		j += 2
	}
	return unsafe.String(&s[0], len(s))
}

// randBuf is a batch of bytes read from crypto/rand, each handed out
// once and then zeroed: one read serves 32 request ids.
type randBuf struct {
	b    [512]byte
	used int
}

var randPool = sync.Pool{New: func() any { return &randBuf{used: 512} }}

// random16 fills b with 16 bytes from crypto/rand.
func random16(b *[16]byte) {
	rb := randPool.Get().(*randBuf)
	if rb.used+len(b) > len(rb.b) {
		_, _ = rand.Read(rb.b[:]) // never fails (crypto/rand, Go 1.24)
		rb.used = 0
	}
	copy(b[:], rb.b[rb.used:])
	clear(rb.b[rb.used : rb.used+len(b)])
	rb.used += len(b)
	randPool.Put(rb)
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
