package echoserver

import (
	"net/http"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/crovalidator"
	"github.com/croschema/croschema/examples/internal/contacts"
	"github.com/go-playground/validator/v10"
	"github.com/labstack/echo/v4"
)

// Validator is echo's Validator with croschema's rules: validator/v10
// reading `validate:` tags, which croschema's models carry.
type Validator struct{ v *validator.Validate }

// NewValidator returns a Validator with croschema's rules registered.
func NewValidator() *Validator {
	v := validator.New()
	if err := crovalidator.Register(v); err != nil {
		panic(err) // never: croschema's tag names are valid
	}
	return &Validator{v}
}

// Validate implements echo.Validator.
func (v *Validator) Validate(i any) error { return v.v.Struct(i) }

// bind decodes the body into dst with echo's JSON serializer and validates
// it, writing the API's error answer and reporting false when it is not
// valid. (c.Bind would skip an empty body and refuse a body without
// content-type, which the API takes as JSON.)
func bind(c echo.Context, dst any) bool {
	err := c.Echo().JSONSerializer.Deserialize(c, dst)
	if err == nil {
		err = c.Validate(dst)
	}
	if err != nil {
		crohttp.WriteError(c.Response(), crohttp.ErrorFromViolations(crovalidator.Violations(err)))
		return false
	}
	return true
}

// NewBinding returns echo serving the three endpoints from store, binding
// bodies with echo, behind crohttp.Middleware with crohttp.WithoutBodyLint
// (see the package comment).
func NewBinding(store *contacts.Store, opts ...crohttp.HandlerOption) http.Handler {
	e := echo.New()
	e.Validator = NewValidator()
	e.GET("/customers/:customer_id/contacts/:customer_contact_id", func(c echo.Context) error {
		req := crohttp.RequestFrom(c.Request())
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
		var u croschema.UpdateCustomerContact
		if !bind(c, &u) {
			return nil
		}
		contact, ok := store.Update(req.Params.CustomerID, req.Params.CustomerContactID, &u)
		if !ok {
			crohttp.WriteError(c.Response(), crohttp.NotFound(c.Request()))
			return nil
		}
		crohttp.WriteContact(c.Response(), http.StatusOK, &contact)
		return nil
	})
	e.POST("/customers/:customer_id/contacts", func(c echo.Context) error {
		req := crohttp.RequestFrom(c.Request())
		var cc croschema.CreateCustomerContact
		if !bind(c, &cc) {
			return nil
		}
		contact, err := cc.Contact() // a Create without name cannot be stored: 400
		if err != nil {
			crohttp.WriteError(c.Response(), crohttp.ErrorFrom(err))
			return nil
		}
		contact = store.Add(req.Params.CustomerID, contact)
		crohttp.WriteCreated(c.Response(), c.Request(), &contact)
		return nil
	})
	return crohttp.Middleware(append(opts, crohttp.WithoutBodyLint())...)(e)
}
