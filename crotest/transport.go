package crotest

import (
	"net/http"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/internal/redact"
)

// NewTransport returns a crohttp.NewTransport over base (http.DefaultTransport
// when nil) that fails t, with t.Errorf, on every request or response of the
// API's endpoints that breaks the contract, as soon as it is seen. Each
// failure names where the transport was made (the test's line), the
// message and every violation in it, one per line:
//
//	crotest: the API contract is broken (transport of client_test.go:42):
//	    GET /customers/1042/contacts/7: response 200: /fax: min_length: 3 characters, at least 7 required
//
// Use it as the transport of the http.Client under test, or of a
// crohttp.Client (crohttp.WithHTTPClient). A response body is checked as
// it is read: read it to its end (or let the code under test do so)
// before the test ends.
func NewTransport(t testing.TB, base http.RoundTripper) http.RoundTripper {
	t.Helper()
	tr := &failTransport{t: t, made: callerLine(2)}
	tr.next = crohttp.NewTransport(base, tr.fail)
	return tr
}

// callerLine returns "file.go:line" of the caller skip frames up.
func callerLine(skip int) string {
	_, file, line, ok := runtime.Caller(skip)
	if !ok {
		return "an unknown line"
	}
	return filepath.Base(file) + ":" + strconv.Itoa(line)
}

// failTransport remembers the authorization headers it sends, so that it
// can remove them from its messages (the lint's violations never show
// them; a report's path is cleaned too, and the message once more). It
// keeps them sealed in BearerTokens, so that a test that prints the
// transport (or an http.Client holding it) with fmt or testify shows none
// of them.
type failTransport struct {
	t    testing.TB
	made string // where NewTransport was called
	next http.RoundTripper

	mu      sync.Mutex
	secrets []croschema.BearerToken // each the whole header value, sealed
}

// RoundTrip implements http.RoundTripper.
func (tr *failTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req != nil {
		tr.remember(req.Header.Values("Authorization"))
	}
	return tr.next.RoundTrip(req)
}

func (tr *failTransport) remember(values []string) {
	if len(values) == 0 {
		return
	}
	tr.mu.Lock()
	defer tr.mu.Unlock()
	for _, v := range values {
		if tok := croschema.NewBearerToken(v); !slices.Contains(tr.secrets, tok) {
			tr.secrets = append(tr.secrets, tok)
		}
	}
}

func (tr *failTransport) fail(r crohttp.Report) {
	tr.t.Helper()
	tr.mu.Lock()
	values := make([]string, len(tr.secrets))
	for i, tok := range tr.secrets {
		values[i] = strings.TrimPrefix(tok.Reveal(), "Bearer ") // NewBearerToken prefixed it
	}
	tr.mu.Unlock()
	msg := "crotest: the API contract is broken (transport of " + tr.made + "):\n    " + strings.ReplaceAll(r.String(), "\n", "\n    ")
	tr.t.Errorf("%s", redact.FromAuthorization(values...).String(msg))
}
