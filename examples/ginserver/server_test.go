package ginserver_test

import (
	"net/http"
	"testing"

	"github.com/croschema/croschema/examples/ginserver"
	"github.com/croschema/croschema/examples/internal/conformance"
	"github.com/croschema/croschema/examples/internal/contacts"
	"github.com/gin-gonic/gin"
)

func init() { gin.SetMode(gin.TestMode) }

// The server lints the raw body before binding it: it answers every case
// as RULES.md says.
func TestConformance(t *testing.T) {
	conformance.Run(t, func() http.Handler {
		return ginserver.New(ginserver.Config{Store: contacts.NewStore(), Authorizer: contacts.Authorize})
	}, conformance.Conforming)
}

// Binding alone, with croschema's tags on gin's validator, answers every
// value rule as RULES.md says, and misses what only the strict lint sees.
func TestBindingOnly(t *testing.T) {
	conformance.Run(t, func() http.Handler {
		return ginserver.New(ginserver.Config{Store: contacts.NewStore(), Authorizer: contacts.Authorize, SkipLint: true})
	}, conformance.BindingOnly)
}
