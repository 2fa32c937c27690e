package bench

import (
	"bufio"
	"net/http"
	"os"
	"testing"
)

// readRequest reads ../testdata/http/NAME.request.http, a raw HTTP/1.1
// request, or for "get-contact" the documented sample in ../testdata.
func readRequest(tb testing.TB, name string) *http.Request {
	tb.Helper()
	path := "../testdata/http/" + name + ".request.http"
	if name == "get-contact" {
		path = "../testdata/get-contact.request.http"
	}
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	req, err := http.ReadRequest(bufio.NewReader(f))
	if err != nil {
		tb.Fatal(err)
	}
	return req
}

// TestHeaderImpls checks that both implementations accept the documented
// sample request and reject broken ones, and records what validator/v10
// misses.
func TestHeaderImpls(t *testing.T) {
	const cro, v10 = "croschema", "validator-v10"
	tests := []struct {
		name   string
		reject []string
	}{
		{"get-contact", nil},
		{"get-contact-crlf", nil},
		{"authorization-missing", []string{cro, v10}},
		{"authorization-too-long", []string{cro, v10}},
		{"authorization-basic", []string{cro, v10}},
		{"x-api-version-unknown", []string{cro, v10}},
		{"x-request-id-braces", []string{cro, v10}},
		{"x-tenant-id-negative", []string{cro, v10}},
		{"x-tenant-id-overflow", []string{cro, v10}},
		{"x-tenant-id-placeholder", []string{cro, v10}},
		{"content-type-text-on-patch", []string{cro, v10}},
		{"x-tenant-id-twice", []string{cro}}, // h.Get sees only the first value
	}
	impls := HeaderImpls()
	for _, tt := range tests {
		req := readRequest(t, tt.name)
		for _, im := range impls {
			err := im.Check(req.Header, req.Method)
			want := false
			for _, r := range tt.reject {
				want = want || r == im.Name
			}
			if (err != nil) != want {
				t.Errorf("%s: %s: err = %v, want rejected = %v", tt.name, im.Name, err, want)
			}
		}
	}
}

// BenchmarkRequestHeaders parses and checks the headers of the documented
// sample request (read once with http.ReadRequest, outside the loop).
func BenchmarkRequestHeaders(b *testing.B) {
	req := readRequest(b, "get-contact")
	for _, im := range HeaderImpls() {
		b.Run(im.Name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := im.Check(req.Header, req.Method); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
