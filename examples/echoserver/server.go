// Package echoserver serves the API's three endpoints with echo v4: echo's
// router, JSON binding and Validator, croschema's rules registered on
// validator/v10, and crohttp's helpers for the error body.
//
// echo's binding decodes tolerantly (encoding/json): it cannot see unknown
// or duplicate keys, invalid UTF-8 or data after the document, which the
// API answers 400. The server lints the raw body with croschema's strict
// lint before binding it, unless Config.SkipLint says not to (the tests
// use it to show what binding alone misses).
package echoserver

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"slices"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/examples/internal/contacts"
	"github.com/go-playground/validator/v10"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// Config configures New.
type Config struct {
	Store      *contacts.Store
	Authorizer crohttp.Authorizer // who may call what; required
	BodyLimit  int64              // 0 means croschema.DefaultBodyLimit
	SkipLint   bool               // bind without linting the raw body first (not conforming)
}

// Validator is echo's Validator with croschema's rules: validator/v10
// reading `validate:` tags, which croschema's models carry.
type Validator struct{ v *validator.Validate }

// NewValidator returns a Validator with croschema's rules registered.
func NewValidator() *Validator {
	v := validator.New()
	if err := croschema.RegisterValidations(v); err != nil {
		panic(err) // never: croschema's tag names are valid
	}
	return &Validator{v}
}

// Validate implements echo.Validator.
func (v *Validator) Validate(i any) error { return v.v.Struct(i) }

// New returns an echo instance that serves the three endpoints.
func New(cfg Config) *echo.Echo {
	if cfg.BodyLimit <= 0 {
		cfg.BodyLimit = croschema.DefaultBodyLimit
	}
	s := &server{cfg}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.Validator = NewValidator()
	e.HTTPErrorHandler = errorHandler
	e.Pre(middleware.RemoveTrailingSlash()) // the API takes "/customers/1/contacts/2/" as it is
	e.Use(s.check)

	const collection = "/customers/:customer_id/contacts"
	const contact = collection + "/:customer_contact_id"
	e.POST(collection, s.create)
	e.OPTIONS(collection, preflight)
	e.GET(contact, s.get)
	e.HEAD(contact, s.get)
	e.PATCH(contact, s.update)
	e.OPTIONS(contact, preflight)
	return e
}

type server struct{ Config }

const requestKey = "croschema.request"

// check is the middleware of the API's checks before the body.
func (s *server) check(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req, e := contacts.CheckRequest(c.Response().Header(), c.Request(), s.Authorizer)
		if e != nil {
			return e
		}
		c.Set(requestKey, req)
		return next(c)
	}
}

func requestOf(c echo.Context) *contacts.Request { return c.Get(requestKey).(*contacts.Request) }

func preflight(c echo.Context) error { return c.NoContent(http.StatusNoContent) }

// errorHandler answers every error a handler returns: an *APIError as it
// is, echo's own (a route that check let through but echo's router does
// not have) as 404 or 405 in the API's words.
func errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	e := crohttp.ErrorFrom(err)
	var he *echo.HTTPError
	if errors.As(err, &he) {
		_, _, lineErr := croschema.MatchEndpoint(c.Request().Method, c.Request().URL.EscapedPath())
		if e = crohttp.ErrorFrom(lineErr); e == nil {
			e = &croschema.APIError{StatusCode: http.StatusNotFound, Detail: "Not found."}
		}
	}
	crohttp.WriteError(c.Response(), e)
}

func (s *server) get(c echo.Context) error {
	req := requestOf(c)
	if len(req.Pending) > 0 {
		return crohttp.ErrorFromViolations(req.Pending)
	}
	contact, ok := s.Store.Get(req.Params.CustomerID, req.Params.CustomerContactID)
	if !ok {
		return contacts.NotFound(req)
	}
	crohttp.WriteContact(c.Response(), http.StatusOK, &contact)
	return nil
}

func (s *server) create(c echo.Context) error {
	req := requestOf(c)
	raw, err := s.readBody(c, req)
	if err != nil {
		return err
	}
	var body croschema.CreateCustomerContact
	vs, decoded := bind(c, raw, &body, croschema.LintCreateContact, croschema.ModelCreateCustomerContact, s.SkipLint)
	if decoded && !contacts.WholeBody(vs) {
		vs = append(vs, contacts.NameRequired(&body)...) // a Create without name cannot be stored
	}
	if vs = slices.Concat(req.Pending, vs); len(vs) > 0 {
		return crohttp.ErrorFromViolations(vs)
	}
	created, err := body.Contact()
	if err != nil {
		return crohttp.ErrorFrom(err)
	}
	created = s.Store.Add(req.Params.CustomerID, created)
	c.Response().Header().Set("Location", croschema.GetContact.PathFor(croschema.PathParams{CustomerID: req.Params.CustomerID, CustomerContactID: created.ID}))
	crohttp.WriteContact(c.Response(), http.StatusOK, &created)
	return nil
}

func (s *server) update(c echo.Context) error {
	req := requestOf(c)
	raw, err := s.readBody(c, req)
	if err != nil {
		return err
	}
	var body croschema.UpdateCustomerContact
	vs, _ := bind(c, raw, &body, croschema.LintUpdateContact, croschema.ModelUpdateCustomerContact, s.SkipLint)
	if vs = slices.Concat(req.Pending, vs); len(vs) > 0 {
		return crohttp.ErrorFromViolations(vs)
	}
	contact, found := s.Store.Update(req.Params.CustomerID, req.Params.CustomerContactID, &body)
	if !found {
		return contacts.NotFound(req)
	}
	crohttp.WriteContact(c.Response(), http.StatusOK, &contact)
	return nil
}

// readBody reads the request body; the error answers 413 when it is
// larger than the limit.
func (s *server) readBody(c echo.Context, req *contacts.Request) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(c.Request().Body, s.BodyLimit+1))
	switch {
	case int64(len(raw)) > s.BodyLimit:
		return nil, contacts.TooLarge(s.BodyLimit, req.Pending)
	case err != nil:
		return nil, contacts.Decision(http.StatusBadRequest, "", "the body could not be read", req.Pending)
	}
	return raw, nil
}

// bind binds the body raw into dst the way echo binds JSON (its JSON
// serializer, then c.Validate with croschema's rules) and returns its
// violations, the validator's turned into croschema's. Unless skipLint,
// raw is linted strictly first: binding cannot see unknown or duplicate
// keys, invalid UTF-8 or data after the document. The lint reports the
// value rules too, and its value (every key that decoded) goes to dst.
// It reports whether dst holds the body: false when binding could not
// decode it (the decoder stops at the first value it cannot decode, so
// nothing is known of the keys after it).
//
// It calls the JSON serializer rather than c.Bind, which answers 415 to a
// body without content-type: the API takes one (and check answered 415
// to any other media type already).
func bind[T any](c echo.Context, raw []byte, dst *T, lint func([]byte) (T, error), m croschema.Model, skipLint bool) (croschema.Violations, bool) {
	if !skipLint {
		v, err := lint(raw) // croschema.LintCreateContact or LintUpdateContact
		if err != nil {
			*dst = v
			var vs croschema.Violations
			errors.As(err, &vs)
			return vs, true
		}
	}
	c.Request().Body = io.NopCloser(bytes.NewReader(raw))
	err := c.Echo().JSONSerializer.Deserialize(c, dst)
	if err == nil {
		err = c.Validate(dst)
	}
	if vs := croschema.ViolationsFromValidator(err); vs != nil {
		return vs, true
	}
	if err != nil {
		return contacts.DecodeViolations(err, m, raw), false
	}
	return nil, true
}
