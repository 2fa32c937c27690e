package crohttp

import (
	"net/http"
	"testing"
	"time"

	"github.com/croschema/croschema"
)

// TestDefaultTimeouts: a Client without WithHTTPClient has timeouts, the
// documented ones: a try (reading the body included) DefaultTryTimeout,
// waiting for the headers DefaultHeaderTimeout, a TLS handshake
// DefaultConnectTimeout (issue 19, item 5). TestClientTimesOut checks
// that a call ends when they do.
func TestDefaultTimeouts(t *testing.T) {
	c := NewClient("http://127.0.0.1:1", croschema.NewBearerToken("a.bcd"), 1)
	if c.hc.Timeout != DefaultTryTimeout {
		t.Errorf("the Client's http.Client has Timeout %v, want DefaultTryTimeout %v", c.hc.Timeout, DefaultTryTimeout)
	}
	nr, ok := c.hc.Transport.(noRedirect)
	if !ok {
		t.Fatalf("the Client's transport is a %T", c.hc.Transport)
	}
	tr, ok := nr.base.(*http.Transport)
	if !ok {
		t.Fatalf("the Client's transport sends with a %T", nr.base)
	}
	for _, c := range []struct {
		name      string
		got, want any
	}{
		{"ResponseHeaderTimeout", tr.ResponseHeaderTimeout, DefaultHeaderTimeout},
		{"TLSHandshakeTimeout", tr.TLSHandshakeTimeout, DefaultConnectTimeout},
		{"a dialer", tr.DialContext != nil, true},
	} {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
	for name, d := range map[string]time.Duration{"DefaultConnectTimeout": DefaultConnectTimeout,
		"DefaultHeaderTimeout": DefaultHeaderTimeout, "DefaultTryTimeout": DefaultTryTimeout} {
		if d <= 0 {
			t.Errorf("%s is %v: no timeout", name, d)
		}
	}
}
