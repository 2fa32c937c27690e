// Package chiserver serves the API's three endpoints with chi: chi's router
// behind crohttp.Middleware (r.Use), which answers every request RULES.md
// "Serving the API" rejects and hands each handler the decoded request
// (crohttp.RequestFrom).
package chiserver

import (
	"net/http"

	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/examples/internal/contacts"
	"github.com/go-chi/chi/v5"
)

// New returns a chi router behind crohttp.Middleware, serving the three
// endpoints from store.
func New(store *contacts.Store, opts ...crohttp.HandlerOption) http.Handler {
	r := chi.NewRouter()
	r.Use(crohttp.Middleware(opts...))
	r.Get("/customers/{customer_id}/contacts/{customer_contact_id}", func(w http.ResponseWriter, r *http.Request) {
		req := crohttp.RequestFrom(r) // valid: the middleware answered the rest
		c, ok := store.Get(req.Params.CustomerID, req.Params.CustomerContactID)
		if !ok {
			crohttp.WriteError(w, crohttp.NotFound(r))
			return
		}
		crohttp.WriteContact(w, http.StatusOK, &c)
	})
	r.Patch("/customers/{customer_id}/contacts/{customer_contact_id}", func(w http.ResponseWriter, r *http.Request) {
		req := crohttp.RequestFrom(r)
		c, ok := store.Update(req.Params.CustomerID, req.Params.CustomerContactID, req.Update())
		if !ok {
			crohttp.WriteError(w, crohttp.NotFound(r))
			return
		}
		crohttp.WriteContact(w, http.StatusOK, &c)
	})
	r.Post("/customers/{customer_id}/contacts", func(w http.ResponseWriter, r *http.Request) {
		req := crohttp.RequestFrom(r)
		c, _ := req.Create().Contact() // the middleware answered a Create it cannot store
		c = store.Add(req.Params.CustomerID, c)
		crohttp.WriteCreated(w, r, &c)
	})
	return r
}
