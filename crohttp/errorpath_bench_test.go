package crohttp_test

import (
	"bytes"
	"io"
	"net/http"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
)

// BenchmarkErrorPath measures the middleware on a valid request of each
// endpoint and on the same request made invalid (one bad header; a body
// with two violations): RULES.md's error answer should cost at most twice
// the valid answer.
func BenchmarkErrorPath(b *testing.B) {
	c := croschema.CustomerContact{ID: 7, Name: "George"}
	h := crohttp.Middleware()(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			crohttp.WriteCreated(w, r, &c)
			return
		}
		crohttp.WriteContact(w, http.StatusOK, &c)
	}))
	for _, bc := range []struct {
		name, method, path, body string
		header                   func(http.Header)
	}{
		{"valid/get", "GET", "/customers/1042/contacts/7", "", nil},
		{"invalid/get", "GET", "/customers/1042/contacts/7", "", func(h http.Header) { h.Set("X-Tenant-Id", "12a") }},
		{"valid/patch", "PATCH", "/customers/1042/contacts/7", `{"name":"George","notify_on_new_request":true}`, nil},
		{"invalid/patch", "PATCH", "/customers/1042/contacts/7", `{"name":"George","notify_on_new_request":"yes","foo":1}`, nil},
		{"valid/post", "POST", "/customers/1042/contacts", `{"name":"George","notify_on_new_request":true}`, nil},
		{"invalid/post", "POST", "/customers/1042/contacts", `{"name":"George","notify_on_new_request":"yes","foo":1}`, nil},
	} {
		b.Run(bc.name, func(b *testing.B) {
			req, _ := http.NewRequest(bc.method, bc.path, nil)
			req.Header = stdHeaders()
			if bc.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			if bc.header != nil {
				bc.header(req.Header)
			}
			body := []byte(bc.body)
			rd := bytes.NewReader(body)
			w := &nullWriter{h: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				clear(w.h)
				if bc.body != "" {
					rd.Reset(body)
					req.Body, req.ContentLength = io.NopCloser(rd), int64(len(body))
				}
				h.ServeHTTP(w, req)
			}
		})
	}
}
