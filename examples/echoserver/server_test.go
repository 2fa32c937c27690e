package echoserver_test

import (
	"net/http"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/examples/echoserver"
	"github.com/croschema/croschema/examples/internal/conformance"
	"github.com/croschema/croschema/examples/internal/contacts"
)

// echo behind crohttp.Middleware answers every case as RULES.md says, and
// the middleware's test mode finds nothing wrong with any answer.
func TestConformance(t *testing.T) {
	conformance.Run(t, func() http.Handler {
		return echoserver.New(contacts.NewStore(), crohttp.WithAuthorizer(contacts.Authorize), responseCheck(t))
	}, conformance.Conforming)
}

// Binding with echo, croschema's rules on echo's Validator, answers every
// case as RULES.md says but those only the strict lint sees.
func TestBindingOnly(t *testing.T) {
	conformance.Run(t, func() http.Handler {
		return echoserver.NewBinding(contacts.NewStore(), crohttp.WithAuthorizer(contacts.Authorize))
	}, conformance.BindingOnly)
}

func responseCheck(t *testing.T) crohttp.HandlerOption {
	return crohttp.WithResponseCheck(func(r *http.Request, vs croschema.Violations) {
		t.Errorf("%s %s: the response breaks RULES.md \"Serving the API\": %v", r.Method, r.URL, vs)
	})
}
