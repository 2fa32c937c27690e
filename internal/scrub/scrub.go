// Package scrub removes the bearer token, and every piece of it, from the
// violations and error bodies that the HTTP layer (crohttp, crotest,
// crolint proxy) reports: what a client sent and what a server answered
// may both hold it, and neither may reach a report, an error or a log.
// The text rules are internal/redact's.
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
// wrote and may have filled with the token it was sent. A field of the
// form "Model.key" keeps its model's name, as Violations does: only the
// key may have come from the client.
func APIError(e *croschema.APIError, secrets []string) {
	e.Detail = redact.String(e.Detail, secrets...)
	if model, key, ok := strings.Cut(e.Field.String, "."); ok && modelNames[model] {
		e.Field.String = model + "." + redact.String(key, secrets...)
	} else {
		e.Field.String = redact.String(e.Field.String, secrets...)
	}
	e.Explanation.String = redact.String(e.Explanation.String, secrets...)
}

// modelNames are the names a field may start with: the body models', the
// header models' and the request line's.
var modelNames = func() map[string]bool {
	m := map[string]bool{croschema.RequestLineModel: true}
	for _, md := range []croschema.Model{croschema.ModelCustomerContact, croschema.ModelCreateCustomerContact,
		croschema.ModelUpdateCustomerContact, croschema.ModelAPIError} {
		m[md.String()] = true
	}
	for _, rs := range [][]croschema.HeaderRule{croschema.RequestHeaderRules(), croschema.ResponseHeaderRules()} {
		for _, r := range rs {
			if model, _, ok := strings.Cut(r.Field, "."); ok {
				m[model] = true
			}
		}
	}
	return m
}()
