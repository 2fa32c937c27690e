package ginserver

import (
	"net/http"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/crovalidator"
	"github.com/croschema/croschema/examples/internal/contacts"
	"github.com/gin-gonic/gin"
	"github.com/gin-gonic/gin/binding"
	"github.com/go-playground/validator/v10"
)

func init() {
	// gin's validator reads `binding:` tags; croschema's models carry them.
	if err := crovalidator.Register(binding.Validator.Engine().(*validator.Validate)); err != nil {
		panic(err)
	}
}

// NewBinding returns gin's engine serving the three endpoints from store,
// binding bodies with gin, behind crohttp.Middleware with
// crohttp.WithoutBodyLint (see the package comment).
func NewBinding(store *contacts.Store, opts ...crohttp.HandlerOption) http.Handler {
	r := gin.New()
	r.GET("/customers/:customer_id/contacts/:customer_contact_id", func(c *gin.Context) {
		req := crohttp.RequestFrom(c.Request)
		contact, ok := store.Get(req.Params.CustomerID, req.Params.CustomerContactID)
		if !ok {
			crohttp.WriteError(c.Writer, crohttp.NotFound(c.Request))
			return
		}
		crohttp.WriteContact(c.Writer, http.StatusOK, &contact)
	})
	r.PATCH("/customers/:customer_id/contacts/:customer_contact_id", func(c *gin.Context) {
		req := crohttp.RequestFrom(c.Request)
		var u croschema.UpdateCustomerContact
		if err := c.ShouldBindJSON(&u); err != nil {
			crohttp.WriteError(c.Writer, crohttp.ErrorFromViolations(crovalidator.Violations(err)))
			return
		}
		contact, ok := store.Update(req.Params.CustomerID, req.Params.CustomerContactID, &u)
		if !ok {
			crohttp.WriteError(c.Writer, crohttp.NotFound(c.Request))
			return
		}
		crohttp.WriteContact(c.Writer, http.StatusOK, &contact)
	})
	r.POST("/customers/:customer_id/contacts", func(c *gin.Context) {
		req := crohttp.RequestFrom(c.Request)
		var cc croschema.CreateCustomerContact
		if err := c.ShouldBindJSON(&cc); err != nil {
			crohttp.WriteError(c.Writer, crohttp.ErrorFromViolations(crovalidator.Violations(err)))
			return
		}
		contact, err := cc.Contact() // a Create without name cannot be stored: 400
		if err != nil {
			crohttp.WriteError(c.Writer, crohttp.ErrorFrom(err))
			return
		}
		contact = store.Add(req.Params.CustomerID, contact)
		crohttp.WriteCreated(c.Writer, c.Request, &contact)
	})
	return crohttp.Middleware(append(opts, crohttp.WithoutBodyLint())...)(r)
}
