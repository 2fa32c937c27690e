// Package ginserver serves the API's three endpoints with gin: gin's router
// and binding, croschema's rules registered on gin's validator, and
// crohttp's helpers for the error body.
//
// gin's binding decodes tolerantly (encoding/json): it cannot see unknown
// or duplicate keys, invalid UTF-8 or data after the document, which the
// API answers 400. The server lints the raw body with croschema's strict
// lint before binding it, unless Config.SkipLint says not to (the tests
// use it to show what binding alone misses).
package ginserver

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"slices"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/examples/internal/contacts"
	"github.com/gin-gonic/gin"
	"github.com/gin-gonic/gin/binding"
	"github.com/go-playground/validator/v10"
)

func init() {
	// gin's validator reads `binding:` tags; croschema's models carry them.
	if err := croschema.RegisterValidations(binding.Validator.Engine().(*validator.Validate)); err != nil {
		panic(err)
	}
}

// Config configures New.
type Config struct {
	Store      *contacts.Store
	Authorizer crohttp.Authorizer // who may call what; required
	BodyLimit  int64              // 0 means croschema.DefaultBodyLimit
	SkipLint   bool               // bind without linting the raw body first (not conforming)
}

// New returns a gin engine that serves the three endpoints.
func New(cfg Config) *gin.Engine {
	if cfg.BodyLimit <= 0 {
		cfg.BodyLimit = croschema.DefaultBodyLimit
	}
	s := &server{cfg}
	r := gin.New()
	r.HandleMethodNotAllowed = true
	r.RedirectTrailingSlash = false // the API takes "/customers/1/contacts/2/" as it is
	r.Use(s.check)
	// check answers requests for unknown paths and methods itself; these
	// answer what gin's router and croschema's request line disagree on.
	r.NoRoute(s.noRoute)
	r.NoMethod(s.noRoute)

	const collection = "/customers/:customer_id/contacts"
	const contact = collection + "/:customer_contact_id"
	for _, p := range []string{collection, collection + "/"} {
		r.POST(p, s.create)
		r.OPTIONS(p, preflight)
	}
	for _, p := range []string{contact, contact + "/"} {
		r.GET(p, s.get)
		r.HEAD(p, s.get)
		r.PATCH(p, s.update)
		r.OPTIONS(p, preflight)
	}
	return r
}

type server struct{ Config }

const requestKey = "croschema.request"

// check is the middleware of the API's checks before the body.
func (s *server) check(c *gin.Context) {
	req, e := contacts.CheckRequest(c.Writer.Header(), c.Request, s.Authorizer)
	if e != nil {
		writeError(c, e)
		return
	}
	c.Set(requestKey, req)
	c.Next()
}

func requestOf(c *gin.Context) *contacts.Request { return c.MustGet(requestKey).(*contacts.Request) }

func preflight(c *gin.Context) { c.Status(http.StatusNoContent) }

func (s *server) noRoute(c *gin.Context) {
	_, _, err := croschema.MatchEndpoint(c.Request.Method, c.Request.URL.EscapedPath())
	e := crohttp.ErrorFrom(err)
	if e == nil {
		e = &croschema.APIError{StatusCode: http.StatusNotFound, Detail: "Not found."}
	}
	writeError(c, e)
}

func writeError(c *gin.Context, e *croschema.APIError) {
	crohttp.WriteError(c.Writer, e)
	c.Abort()
}

func (s *server) get(c *gin.Context) {
	req := requestOf(c)
	if len(req.Pending) > 0 {
		writeError(c, crohttp.ErrorFromViolations(req.Pending))
		return
	}
	contact, ok := s.Store.Get(req.Params.CustomerID, req.Params.CustomerContactID)
	if !ok {
		writeError(c, contacts.NotFound(req))
		return
	}
	crohttp.WriteContact(c.Writer, http.StatusOK, &contact)
}

func (s *server) create(c *gin.Context) {
	req := requestOf(c)
	raw, ok := s.readBody(c, req)
	if !ok {
		return
	}
	var body croschema.CreateCustomerContact
	vs, decoded := bind(c, raw, &body, croschema.LintCreateContact, croschema.ModelCreateCustomerContact, s.SkipLint)
	if decoded && !contacts.WholeBody(vs) {
		vs = append(vs, contacts.NameRequired(&body)...) // a Create without name cannot be stored
	}
	if vs = slices.Concat(req.Pending, vs); len(vs) > 0 {
		writeError(c, crohttp.ErrorFromViolations(vs))
		return
	}
	created, err := body.Contact()
	if err != nil {
		writeError(c, crohttp.ErrorFrom(err))
		return
	}
	created = s.Store.Add(req.Params.CustomerID, created)
	c.Header("Location", croschema.GetContact.PathFor(croschema.PathParams{CustomerID: req.Params.CustomerID, CustomerContactID: created.ID}))
	crohttp.WriteContact(c.Writer, http.StatusOK, &created)
}

func (s *server) update(c *gin.Context) {
	req := requestOf(c)
	raw, ok := s.readBody(c, req)
	if !ok {
		return
	}
	var body croschema.UpdateCustomerContact
	vs, _ := bind(c, raw, &body, croschema.LintUpdateContact, croschema.ModelUpdateCustomerContact, s.SkipLint)
	if vs = slices.Concat(req.Pending, vs); len(vs) > 0 {
		writeError(c, crohttp.ErrorFromViolations(vs))
		return
	}
	contact, found := s.Store.Update(req.Params.CustomerID, req.Params.CustomerContactID, &body)
	if !found {
		writeError(c, contacts.NotFound(req))
		return
	}
	crohttp.WriteContact(c.Writer, http.StatusOK, &contact)
}

// readBody reads the request body, answering 413 when it is larger than
// the limit; it reports false when it answered.
func (s *server) readBody(c *gin.Context, req *contacts.Request) ([]byte, bool) {
	raw, err := io.ReadAll(io.LimitReader(c.Request.Body, s.BodyLimit+1))
	switch {
	case int64(len(raw)) > s.BodyLimit:
		writeError(c, contacts.TooLarge(s.BodyLimit, req.Pending))
		return nil, false
	case err != nil:
		writeError(c, contacts.Decision(http.StatusBadRequest, "", "the body could not be read", req.Pending))
		return nil, false
	}
	return raw, true
}

// bind binds the body raw into dst with c.ShouldBindJSON (encoding/json,
// then croschema's rules by the binding: tags) and returns its
// violations, the validator's turned into croschema's. Unless skipLint,
// raw is linted strictly first: binding cannot see unknown or duplicate
// keys, invalid UTF-8 or data after the document. The lint reports the
// value rules too, and its value (every key that decoded) goes to dst.
// It reports whether dst holds the body: false when binding could not
// decode it (the decoder stops at the first value it cannot decode, so
// nothing is known of the keys after it).
func bind[T any](c *gin.Context, raw []byte, dst *T, lint func([]byte) (T, error), m croschema.Model, skipLint bool) (croschema.Violations, bool) {
	if !skipLint {
		v, err := lint(raw) // croschema.LintCreateContact or LintUpdateContact
		if err != nil {
			*dst = v
			var vs croschema.Violations
			errors.As(err, &vs)
			return vs, true
		}
	}
	c.Request.Body = io.NopCloser(bytes.NewReader(raw))
	err := c.ShouldBindJSON(dst) // encoding/json, then croschema's rules by the binding: tags
	if vs := croschema.ViolationsFromValidator(err); vs != nil {
		return vs, true // {Location: "/fax", Field: "CreateCustomerContactModel.fax", Code: "min_length", ...}
	}
	if err != nil {
		return contacts.DecodeViolations(err, m, raw), false
	}
	return nil, true
}
