package coding

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strings"
	"testing"
)

func gz(t *testing.T, s string) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestDecode(t *testing.T) {
	doc := `{"detail":"x"}`
	for _, tc := range []struct {
		name, enc string
		body      []byte
		limit     int
		want      string
		err       string
	}{
		{"none", "", []byte(doc), 100, doc, ""},
		{"identity", "Identity", []byte(doc), 100, doc, ""},
		{"gzip", "gzip", gz(t, doc), 100, doc, ""},
		{"x-gzip", " X-GZIP ", gz(t, doc), 100, doc, ""},
		{"not gzip", "gzip", []byte(doc), 100, "", "content-encoding gzip: not gzip data"},
		{"truncated gzip", "gzip", gz(t, doc)[:20], 100, "", "content-encoding gzip: bad gzip data"},
		{"bomb", "gzip", gz(t, strings.Repeat("a", 5000)), 1000, "", "content-encoding gzip: larger than 1000 bytes once decoded"},
		{"at the limit", "gzip", gz(t, strings.Repeat("a", 1000)), 1000, strings.Repeat("a", 1000), ""},
		{"br", "br", []byte(doc), 100, "", `content-encoding "br": only gzip is decoded`},
		{"control characters", "g\x1bzip", []byte(doc), 100, "", "a content-encoding other than gzip, not decoded"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			if tc.enc != "" {
				h.Set("Content-Encoding", tc.enc)
			}
			got, err := Decode(h, tc.body, tc.limit)
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("Decode = %q, %v; want error %q", got, err, tc.err)
				}
				return
			}
			if err != nil || string(got) != tc.want {
				t.Fatalf("Decode = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}
