// Package chiserver serves the API's three endpoints with chi: chi's router
// behind crohttp.Middleware, which answers every request that RULES.md "Serving
// the API" rejects (with the strict lint of the raw body) and hands the
// handlers the decoded request.
package chiserver

import (
	"net/http"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/examples/internal/contacts"
	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

// New returns a chi router that serves the three endpoints from store,
// with crohttp.Middleware configured by opts.
func New(store *contacts.Store, opts ...crohttp.HandlerOption) http.Handler {
	s := &server{store}
	r := chi.NewRouter()
	r.Use(crohttp.Middleware(opts...))
	r.Use(middleware.StripSlashes) // the API takes "/customers/1/contacts/2/" as it is
	// The middleware answers unknown paths and methods itself; these answer
	// what chi's router and croschema's request line disagree on.
	r.NotFound(notFound)
	r.MethodNotAllowed(notFound)
	r.Post("/customers/{customer_id}/contacts", s.create)
	r.Get("/customers/{customer_id}/contacts/{customer_contact_id}", s.get)
	r.Head("/customers/{customer_id}/contacts/{customer_contact_id}", s.get)
	r.Patch("/customers/{customer_id}/contacts/{customer_contact_id}", s.update)
	return r
}

type server struct{ store *contacts.Store }

func notFound(w http.ResponseWriter, r *http.Request) {
	crohttp.WriteError(w, &croschema.APIError{StatusCode: http.StatusNotFound, Detail: "Not found."})
}

func (s *server) get(w http.ResponseWriter, r *http.Request) {
	req := crohttp.RequestFrom(r) // valid: the middleware answered everything else
	c, ok := s.store.Get(req.Params.CustomerID, req.Params.CustomerContactID)
	if !ok {
		crohttp.WriteError(w, crohttp.NotFound(r))
		return
	}
	crohttp.WriteContact(w, http.StatusOK, &c)
}

func (s *server) create(w http.ResponseWriter, r *http.Request) {
	req := crohttp.RequestFrom(r)
	c, err := req.Create().Contact()
	if err != nil {
		crohttp.WriteError(w, crohttp.ErrorFrom(err))
		return
	}
	c = s.store.Add(req.Params.CustomerID, c)
	crohttp.WriteCreated(w, r, &c)
}

func (s *server) update(w http.ResponseWriter, r *http.Request) {
	req := crohttp.RequestFrom(r)
	c, ok := s.store.Update(req.Params.CustomerID, req.Params.CustomerContactID, &req.Update)
	if !ok {
		crohttp.WriteError(w, crohttp.NotFound(r))
		return
	}
	crohttp.WriteContact(w, http.StatusOK, &c)
}
