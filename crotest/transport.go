package crotest

import (
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
)

// NewTransport returns a crohttp.NewTransport over base (http.DefaultTransport
// when nil) that fails t, with t.Errorf, on every request or response of the
// API's endpoints that breaks the contract, as soon as it is seen. Each
// failure names the message and every violation in it, one per line:
//
//	crotest: the API contract is broken:
//	    GET /customers/1042/contacts/7: response 200: /fax: min_length: 3 characters, at least 7 required
//
// Use it as the transport of the http.Client under test, or of a
// crohttp.Client (crohttp.WithHTTPClient). A response body is checked as
// it is read: read it to its end (or let the code under test do so)
// before the test ends.
func NewTransport(t testing.TB, base http.RoundTripper) http.RoundTripper {
	tr := &failTransport{t: t}
	tr.next = crohttp.NewTransport(base, tr.fail)
	return tr
}

// failTransport remembers the authorization headers it sends, so that it
// can remove them from its messages. It keeps them sealed in BearerTokens,
// so that a test that prints the transport (or an http.Client holding it)
// with fmt or testify shows none of them.
type failTransport struct {
	t    testing.TB
	next http.RoundTripper

	mu      sync.Mutex
	secrets []croschema.BearerToken // each the whole header value, sealed by seal
}

// RoundTrip implements http.RoundTripper.
func (tr *failTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	tr.remember(req.Header.Values("Authorization"))
	return tr.next.RoundTrip(req)
}

func (tr *failTransport) remember(values []string) {
	if len(values) == 0 {
		return
	}
	tr.mu.Lock()
	defer tr.mu.Unlock()
	for _, v := range values {
		if tok := seal(v); !slices.Contains(tr.secrets, tok) {
			tr.secrets = append(tr.secrets, tok)
		}
	}
}

func (tr *failTransport) fail(r crohttp.Report) {
	tr.t.Helper()
	tr.mu.Lock()
	secrets := make([]string, len(tr.secrets))
	for i, tok := range tr.secrets {
		secrets[i] = unseal(tok)
	}
	tr.mu.Unlock()
	msg := "crotest: the API contract is broken:\n    " + strings.ReplaceAll(r.String(), "\n", "\n    ")
	tr.t.Errorf("%s", redact(msg, secrets))
}

// seal keeps an authorization header value, valid or not, in a
// BearerToken, which no reflection-based printer can read; unseal gives it
// back. (NewBearerToken prefixes "Bearer " to whatever it is given.)
func seal(v string) croschema.BearerToken { return croschema.NewBearerToken(v) }

func unseal(t croschema.BearerToken) string { return strings.TrimPrefix(t.Reveal(), "Bearer ") }

// redact removes from msg every authorization value in secrets, and the
// credentials after its scheme ("Bearer "). Credentials shorter than four
// characters are not searched for: they would garble the message and are
// not secrets worth the name (the lint rejects them).
func redact(msg string, secrets []string) string {
	for _, s := range secrets {
		if _, cred, ok := strings.Cut(s, " "); ok {
			s = strings.TrimLeft(cred, " ")
		}
		if len(s) >= 4 {
			msg = strings.ReplaceAll(msg, s, "[redacted]")
		}
	}
	return msg
}
