package chiserver_test

import (
	"net/http"
	"testing"

	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/examples/chiserver"
	"github.com/croschema/croschema/examples/internal/conformance"
	"github.com/croschema/croschema/examples/internal/contacts"
)

func TestConformance(t *testing.T) {
	conformance.Run(t, func() http.Handler {
		return chiserver.New(contacts.NewStore(), crohttp.WithAuthorizer(contacts.Authorize))
	}, conformance.Conforming)
}
