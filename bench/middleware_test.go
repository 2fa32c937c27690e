package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"syscall"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// sink is a ResponseWriter that keeps the response and is reset between
// iterations, so that the benchmarks measure the server, not a recorder.
type sink struct {
	h      http.Header
	status int
	body   []byte
}

func (s *sink) Header() http.Header { return s.h }
func (s *sink) WriteHeader(status int) {
	if s.status == 0 {
		s.status = status
	}
}

func (s *sink) Write(p []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	s.body = append(s.body, p...)
	return len(p), nil
}

func (s *sink) reset() {
	clear(s.h)
	s.status, s.body = 0, s.body[:0]
}

// rewind is a request body that starts over on every iteration.
type rewind struct{ bytes.Reader }

func (*rewind) Close() error { return nil }

// set makes b, holding data from its start, the body of req.
func (b *rewind) set(req *http.Request, data []byte) {
	b.Reset(data)
	req.Body, req.GetBody = b, nil // kin-openapi sets GetBody, and then validates what it returns
}

// middlewareBench holds the servers and requests of BenchmarkMiddleware.
type middlewareBench struct {
	bare    http.Handler // a ServeMux whose handlers write the sample contact
	crohttp http.Handler // the same behind crohttp.Middleware
	checked http.Handler // the same behind crohttp.Middleware in test mode
	kin     *kinServer   // the same behind kin-openapi's request and response validation
	reports int          // responses the test mode found broken

	get, patch *http.Request
	patchBody  []byte
	body       *rewind
}

// kinServer validates each request with openapi3filter.ValidateRequest,
// serves it, and validates the response with ValidateResponse.
type kinServer struct {
	router routers.Router
	opts   *openapi3filter.Options
	next   http.Handler
}

// newKinServer validates against croschema.OpenAPI(), the document the
// package publishes of the same rules.
func newKinServer(tb testing.TB, next http.Handler) *kinServer {
	doc, err := openapi3.NewLoader().LoadFromData(croschema.OpenAPI())
	if err != nil {
		tb.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		tb.Fatal(err)
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		tb.Fatal(err)
	}
	return &kinServer{router: router, next: next, opts: &openapi3filter.Options{AuthenticationFunc: kinAuthenticate}}
}

func (k *kinServer) serve(w *sink, r *http.Request) error {
	route, params, err := k.router.FindRoute(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	in := &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route, Options: k.opts}
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
		return err
	}
	k.next.ServeHTTP(w, r)
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: w.status, Header: w.h, Options: k.opts}
	return openapi3filter.ValidateResponse(ctx, out.SetBodyBytes(w.body))
}

func newMiddlewareBench(tb testing.TB) *middlewareBench {
	data, err := os.ReadFile("../testdata/get-contact.response.json")
	if err != nil {
		tb.Fatal(err)
	}
	sample, err := croschema.LintContact(data)
	if err != nil {
		tb.Fatal(err)
	}
	// The handler only writes the sample contact: bare is the floor, not a
	// conforming server (it sets neither x-api-version nor x-request-id,
	// which the middleware sets, and checks nothing).
	write := func(w http.ResponseWriter, r *http.Request) {
		crohttp.WriteContact(w, http.StatusOK, &sample)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /customers/{customer_id}/contacts/{customer_contact_id}", write)
	mux.HandleFunc("PATCH /customers/{customer_id}/contacts/{customer_contact_id}", write)
	// Behind kin-openapi, which checks responses but writes no header, the
	// handler sets the two response headers the document requires itself.
	kinMux := http.NewServeMux()
	withHeaders := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Api-Version", "2019/02/08")
		w.Header().Set("X-Request-Id", "b24c2138-65af-4ed3-8e1d-b85a7dc8171c")
		write(w, r)
	}
	kinMux.HandleFunc("GET /customers/{customer_id}/contacts/{customer_contact_id}", withHeaders)
	kinMux.HandleFunc("PATCH /customers/{customer_id}/contacts/{customer_contact_id}", withHeaders)
	m := &middlewareBench{bare: mux, crohttp: crohttp.Middleware()(mux), kin: newKinServer(tb, kinMux)}
	m.checked = crohttp.Middleware(crohttp.WithResponseCheck(func(*http.Request, croschema.Violations) { m.reports++ }))(mux)

	// The documented sample request, without its trailing '/' (which
	// ServeMux and kin-openapi's router do not take), and the PATCH of
	// testdata/http.
	m.get = readRequest(tb, "get-contact")
	m.get.URL.Path, m.get.RequestURI = "/customers/1042/contacts/1", "/customers/1042/contacts/1"
	m.patch = readRequest(tb, "update-contact")
	if m.patchBody, err = io.ReadAll(m.patch.Body); err != nil {
		tb.Fatal(err)
	}
	m.body = &rewind{}
	m.patch.Body = m.body
	return m
}

// serveFunc serves one request into w and reports what was wrong with it.
type serveFunc func(w *sink, r *http.Request) error

func (m *middlewareBench) impls() []struct {
	name  string
	serve serveFunc
} {
	viaHandler := func(h http.Handler) serveFunc {
		return func(w *sink, r *http.Request) error {
			h.ServeHTTP(w, r)
			if w.status != http.StatusOK {
				return fmt.Errorf("status %d: %s", w.status, w.body)
			}
			return nil
		}
	}
	return []struct {
		name  string
		serve serveFunc
	}{
		{"bare", viaHandler(m.bare)},
		{"crohttp", viaHandler(m.crohttp)},
		{"crohttp-check", viaHandler(m.checked)},
		{"kin-openapi", m.kin.serve},
	}
}

// do serves req with its body reset, into a reset w.
func (m *middlewareBench) do(serve serveFunc, w *sink, req *http.Request, body []byte) error {
	w.reset()
	if req.Method == http.MethodPatch {
		m.body.set(req, body)
	}
	return serve(w, req)
}

// TestMiddlewareImpls checks that every server of BenchmarkMiddleware
// answers the benchmark's requests and that the validating ones reject
// broken requests, so that the benchmark compares real work.
func TestMiddlewareImpls(t *testing.T) {
	m := newMiddlewareBench(t)
	w := &sink{h: http.Header{}}
	broken := []struct {
		name   string
		req    *http.Request
		body   string
		change func(h http.Header)
	}{
		{"authorization missing", m.get, "", func(h http.Header) { h.Del("Authorization") }},
		{"authorization Basic", m.get, "", func(h http.Header) { h.Set("Authorization", "Basic dXNlcjpwYXNz") }},
		{"x-tenant-id missing", m.get, "", func(h http.Header) { h.Del("X-Tenant-Id") }},
		{"x-tenant-id not an integer", m.get, "", func(h http.Header) { h.Set("X-Tenant-Id", "-1") }},
		{"x-request-id not a UUID", m.get, "", func(h http.Header) { h.Set("X-Request-Id", "1") }},
		{"an unknown key", m.patch, `{"Name": "G"}`, nil},
		{"fax too short", m.patch, `{"fax": "1"}`, nil},
		{"name null", m.patch, `{"name": null}`, nil},
	}
	for _, im := range m.impls() {
		for _, req := range []*http.Request{m.get, m.patch} {
			if err := m.do(im.serve, w, req, m.patchBody); err != nil {
				t.Errorf("%s: %s %s: %v", im.name, req.Method, req.URL, err)
			}
		}
		if im.name == "bare" {
			continue
		}
		for _, b := range broken {
			saved := b.req.Header.Clone()
			if b.change != nil {
				b.change(b.req.Header)
			}
			if err := m.do(im.serve, w, b.req, []byte(b.body)); err == nil {
				t.Errorf("%s accepts a request with %s", im.name, b.name)
			}
			b.req.Header = saved
		}
	}
	if m.reports != 0 {
		t.Errorf("the test mode found %d broken responses", m.reports)
	}
}

// cpuTime returns the CPU time the process has used, user and system, in
// nanoseconds: garbage collection on other threads included, time spent
// waiting for a core on a shared machine excluded.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// BenchmarkMiddleware measures a whole request through a server: the bare
// ServeMux handler that writes the sample contact; the same behind
// crohttp.Middleware, on the documented GET and on a PATCH (crohttp-check:
// in test mode, linting the response too); and behind kin-openapi's
// ValidateRequest and ValidateResponse against croschema.OpenAPI(), the
// package's own OpenAPI document of the same rules. Besides ns/op (wall time), cpu-ns/op is the CPU time the whole
// process spent per request (garbage collection included), which a loaded
// machine inflates much less.
func BenchmarkMiddleware(b *testing.B) {
	m := newMiddlewareBench(b)
	for _, im := range m.impls() {
		for _, req := range []*http.Request{m.get, m.patch} {
			name := im.name + "/get"
			if req == m.patch {
				name = im.name + "/patch"
			}
			b.Run(name, func(b *testing.B) {
				w := &sink{h: http.Header{}}
				b.ReportAllocs()
				start := cpuTime()
				for b.Loop() {
					if err := m.do(im.serve, w, req, m.patchBody); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
			})
		}
	}
}
