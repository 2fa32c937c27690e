package crohttp_test

import (
	"net/http"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
)

// nullWriter is a ResponseWriter that keeps nothing but the header map,
// cleared between iterations.
type nullWriter struct{ h http.Header }

func (w *nullWriter) Header() http.Header         { return w.h }
func (w *nullWriter) WriteHeader(int)             {}
func (w *nullWriter) Write(p []byte) (int, error) { return len(p), nil }

// BenchmarkServeHTTP measures the middleware alone in front of a handler
// that writes the sample contact, against the handler alone; see
// bench/BenchmarkMiddleware for the comparison with other validators.
func BenchmarkServeHTTP(b *testing.B) {
	c := croschema.CustomerContact{ID: 1, Name: "George", Email: croschema.NewNullString("shaneduty@gmail.com")}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { crohttp.WriteContact(w, http.StatusOK, &c) })
	for _, bc := range []struct {
		name string
		h    http.Handler
		id   string
	}{
		{"bare", handler, ""},
		{"crohttp", crohttp.Middleware()(handler), ""},
		{"crohttp-request-id", crohttp.Middleware()(handler), "b24c2138-65af-4ed3-8e1d-b85a7dc8171c"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			req, _ := http.NewRequest("GET", "/customers/1042/contacts/1", nil)
			req.Header = stdHeaders()
			if bc.id != "" {
				req.Header.Set("X-Request-Id", bc.id)
			}
			w := &nullWriter{h: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				clear(w.h)
				bc.h.ServeHTTP(w, req)
			}
		})
	}
}
