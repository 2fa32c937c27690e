// Package echoserver serves the API's three endpoints with echo v4, two
// ways.
//
// New, the recommended way, puts echo behind crohttp.Middleware: the
// middleware answers every request RULES.md "Serving the API" rejects and
// hands each handler the decoded request (crohttp.RequestFrom). (Run as
// e.Pre(echo.WrapMiddleware(crohttp.Middleware())) it works too, but echo
// then routes the request as it came, so a HEAD needs its own route.)
//
// NewBinding binds the body with echo's c.Bind and e.Validator, with
// croschema's rules (package crovalidator), behind the same middleware with
// crohttp.WithoutBodyLint: it answers every case but the few that only the
// strict lint of the raw body sees (an unknown or repeated key, invalid
// UTF-8, data after the document), which binding decodes tolerantly.
package echoserver

import (
	"net/http"

	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/examples/internal/contacts"
	"github.com/labstack/echo/v4"
)

// New returns echo behind crohttp.Middleware, serving the three endpoints
// from store.
func New(store *contacts.Store, opts ...crohttp.HandlerOption) http.Handler {
	e := echo.New()
	e.GET("/customers/:customer_id/contacts/:customer_contact_id", func(c echo.Context) error {
		req := crohttp.RequestFrom(c.Request()) // valid: the middleware answered the rest
		contact, ok := store.Get(req.Params.CustomerID, req.Params.CustomerContactID)
		if !ok {
			crohttp.WriteError(c.Response(), crohttp.NotFound(c.Request()))
			return nil
		}
		crohttp.WriteContact(c.Response(), http.StatusOK, &contact)
		return nil
	})
	e.PATCH("/customers/:customer_id/contacts/:customer_contact_id", func(c echo.Context) error {
		req := crohttp.RequestFrom(c.Request())
		contact, ok := store.Update(req.Params.CustomerID, req.Params.CustomerContactID, req.Update())
		if !ok {
			crohttp.WriteError(c.Response(), crohttp.NotFound(c.Request()))
			return nil
		}
		crohttp.WriteContact(c.Response(), http.StatusOK, &contact)
		return nil
	})
	e.POST("/customers/:customer_id/contacts", func(c echo.Context) error {
		req := crohttp.RequestFrom(c.Request())
		contact, _ := req.Create().Contact() // the middleware answered a Create it cannot store
		contact = store.Add(req.Params.CustomerID, contact)
		crohttp.WriteCreated(c.Response(), c.Request(), &contact)
		return nil
	})
	return crohttp.Middleware(opts...)(e)
}
