// Package scrub makes what the HTTP layer (crohttp, crotest, crolint
// proxy) prints safe. It removes the bearer token, and every piece of it,
// from violations and error bodies: what a client sent and what a server
// answered may both hold it, and neither may reach a report, an error or
// a log (the text rules are internal/redact's). And Inert escapes what a
// terminal would act on in text that came from the other side.
package scrub

import (
	"net/http"
	"strings"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/internal/redact"
)

// Secrets returns the credentials of every authorization value of h,
// under a name in any letter case: what no output may show, not even a
// piece of it, when the other side echoes it.
func Secrets(h http.Header) []string {
	var out []string
	for k, vs := range h {
		if strings.EqualFold(k, "authorization") {
			for _, v := range vs {
				out = append(out, redact.Credential(v))
			}
		}
	}
	return out
}

// Violations returns vs without any piece of the secrets in a
// location, field or quoted value: a copy when something changed, vs
// itself otherwise (which may be shared, so it is never written).
func Violations(vs croschema.Violations, secrets []string) croschema.Violations {
	if len(secrets) == 0 {
		return vs
	}
	var out croschema.Violations
	for i, v := range vs {
		inputKey := strings.HasPrefix(v.Location, "/") && !modelKeys[v.Location]
		if redact.Violation(&v.Location, &v.Field, &v.Detail, secrets, inputKey) {
			if out == nil {
				out = append(croschema.Violations(nil), vs...)
			}
			out[i] = v
		}
	}
	if out == nil {
		return vs
	}
	return out
}

// modelKeys are the locations of every key the body models have, such as
// "/email": the package's own words, which a token that happens to share
// four characters with them must not garble.
var modelKeys = func() map[string]bool {
	m := make(map[string]bool)
	for _, md := range []croschema.Model{croschema.ModelCustomerContact, croschema.ModelCreateCustomerContact,
		croschema.ModelUpdateCustomerContact, croschema.ModelAPIError} {
		for _, r := range md.Rules() {
			m["/"+r.Key] = true
		}
	}
	return m
}()

// APIError removes the secrets from the text of e, which a server
// wrote and may have filled with the token it was sent.
func APIError(e *croschema.APIError, secrets []string) {
	e.Detail = redact.String(e.Detail, secrets...)
	e.Field.String = redact.String(e.Field.String, secrets...)
	e.Explanation.String = redact.String(e.Explanation.String, secrets...)
}

// Inert returns s with control characters, U+0085, U+2028, U+2029, the
// other characters %q escapes and bytes that are not UTF-8 escaped as
// Violation.String escapes a detail (`\x1b`, `\u2028`, `\xff`), and the
// rest as it is.
func Inert(s string) string {
	const prefix = `"": : ` // the empty location and code of the Violation below
	return croschema.Violation{Detail: s}.String()[len(prefix):]
}
