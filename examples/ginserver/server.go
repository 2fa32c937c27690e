// Package ginserver serves the API's three endpoints with gin, two ways.
//
// New, the recommended way, puts gin's engine behind crohttp.Middleware:
// the middleware answers every request RULES.md "Serving the API" rejects
// and hands each handler the decoded request (crohttp.RequestFrom).
//
// NewBinding binds the body with gin's ShouldBindJSON and croschema's rules
// on gin's validator (package crovalidator), behind the same middleware
// with crohttp.WithoutBodyLint: it answers every case but the few that
// only the strict lint of the raw body sees (an unknown or repeated key,
// invalid UTF-8, data after the document), which binding decodes
// tolerantly.
package ginserver

import (
	"net/http"

	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/examples/internal/contacts"
	"github.com/gin-gonic/gin"
)

// New returns gin's engine behind crohttp.Middleware, serving the three
// endpoints from store.
func New(store *contacts.Store, opts ...crohttp.HandlerOption) http.Handler {
	r := gin.New()
	r.GET("/customers/:customer_id/contacts/:customer_contact_id", func(c *gin.Context) {
		req := crohttp.RequestFrom(c.Request) // valid: the middleware answered the rest
		contact, ok := store.Get(req.Params.CustomerID, req.Params.CustomerContactID)
		if !ok {
			crohttp.WriteError(c.Writer, crohttp.NotFound(c.Request))
			return
		}
		crohttp.WriteContact(c.Writer, http.StatusOK, &contact)
	})
	r.PATCH("/customers/:customer_id/contacts/:customer_contact_id", func(c *gin.Context) {
		req := crohttp.RequestFrom(c.Request)
		contact, ok := store.Update(req.Params.CustomerID, req.Params.CustomerContactID, req.Update())
		if !ok {
			crohttp.WriteError(c.Writer, crohttp.NotFound(c.Request))
			return
		}
		crohttp.WriteContact(c.Writer, http.StatusOK, &contact)
	})
	r.POST("/customers/:customer_id/contacts", func(c *gin.Context) {
		req := crohttp.RequestFrom(c.Request)
		contact, _ := req.Create().Contact() // the middleware answered a Create it cannot store
		contact = store.Add(req.Params.CustomerID, contact)
		crohttp.WriteCreated(c.Writer, c.Request, &contact)
	})
	return crohttp.Middleware(opts...)(r)
}
