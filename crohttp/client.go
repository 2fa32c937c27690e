package crohttp

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/internal/inert"
	"github.com/croschema/croschema/internal/redact"
	"github.com/croschema/croschema/internal/scrub"
)

// A Client calls the API's three contact endpoints as one user of one
// tenant. It sends only requests that pass this package's lint, and reads
// successful answers tolerantly (unknown keys are ignored and every
// documented boolean form is accepted, so that a newer server does not break
// an older client) before it checks them: every key of the model present
// once, no null where the model allows none, every value valid.
//
// A Client is safe for concurrent use by multiple goroutines. The zero
// Client is not usable; call NewClient.
type Client struct {
	base    *url.URL
	baseErr error
	token   croschema.BearerToken
	tenant  int64
	cfg     clientConfig
}

// clientConfig is what the ClientOptions set.
type clientConfig struct {
	hc      *http.Client
	version croschema.APIVersion
	newID   func() string
	lenient bool
	report  func(Report)
}

// A ClientOption configures a Client; see NewClient.
type ClientOption func(*clientConfig)

// WithHTTPClient makes the Client send its requests with hc instead of
// http.DefaultClient: its transport (such as a NewTransport, or
// crotest.NewTransport in a test), timeout, redirect policy and cookie jar
// apply. A nil hc is ignored.
func WithHTTPClient(hc *http.Client) ClientOption {
	return func(c *clientConfig) {
		if hc != nil {
			c.hc = hc
		}
	}
}

// WithAPIVersion sets the x-api-version header of every request, such as
// croschema.V2023_04_19. The default is croschema.DefaultAPIVersion,
// "2019/02/08". The zero APIVersion sends no header, which the API reads as
// the default; another invalid version is not sent: every call returns its
// violation instead.
func WithAPIVersion(v croschema.APIVersion) ClientOption {
	return func(c *clientConfig) { c.version = v }
}

// WithRequestIDFunc makes the Client take the x-request-id of each call
// from newID when the call's context carries none (see ContextWithRequestID),
// instead of a fresh random version-4 UUID. newID must return a UUID such as
// "b24c2138-65af-4ed3-8e1d-b85a7dc8171c", or "" to send none; a call whose
// id is another string is not sent. A nil newID restores the default.
func WithRequestIDFunc(newID func() string) ClientOption {
	return func(c *clientConfig) { c.newID = newID }
}

// WithLenientResponses makes a successful answer whose body decodes but
// breaks a value rule (an email list that is not one, a fax of three
// characters, ...), misses a key, repeats one or holds a null where none
// is allowed, or comes with a 2xx status other than 200 (a violation at
// location "status", code enum) a success: the call returns the decoded contact and a
// nil error, and report, when not nil, receives the violations. By default
// such an answer is an error (a *ResponseError wrapping the Violations).
//
// A body that cannot be decoded at all (not JSON, a string where the id
// belongs) is an error either way: there is no contact to return.
func WithLenientResponses(report func(Report)) ClientOption {
	return func(c *clientConfig) { c.lenient, c.report = true, report }
}

// NewClient returns a Client of the API at baseURL, such as
// "https://api.example.com" or "http://127.0.0.1:8080/cro" (the endpoint
// paths are appended to its path), that authenticates with token and sends
// tenant as x-tenant-id:
//
//	c := crohttp.NewClient("https://api.example.com",
//		croschema.NewBearerToken(accessToken), 1042)
//	contact, err := c.GetContact(ctx, 1042, 7)
//
// NewClient does not fail: a baseURL that is not an absolute http or https
// URL without query or fragment, an invalid token or a negative tenant makes
// every call return an error, before any network use.
func NewClient(baseURL string, token croschema.BearerToken, tenant int64, opts ...ClientOption) *Client {
	c := &Client{
		token:  token,
		tenant: tenant,
		cfg: clientConfig{
			hc:      http.DefaultClient,
			version: croschema.DefaultAPIVersion,
		},
	}
	for _, opt := range opts {
		if opt != nil {
			opt(&c.cfg)
		}
	}
	c.base, c.baseErr = parseBaseURL(baseURL)
	return c
}

// parseBaseURL checks the base URL of a Client. Its errors never quote the
// URL: it may hold a password.
func parseBaseURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	var why string
	switch {
	case err != nil:
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		why = err.Error()
	case u.Scheme != "http" && u.Scheme != "https":
		why = "the scheme is not http or https"
	case u.Host == "":
		why = "no host"
	case u.RawQuery != "" || u.ForceQuery:
		why = "it has a query"
	case u.Fragment != "":
		why = "it has a fragment"
	default:
		return u, nil
	}
	return nil, errors.New("crohttp: NewClient: invalid base URL: " + why)
}

// requestIDKey is the context key of ContextWithRequestID.
type requestIDKey struct{}

// ContextWithRequestID returns a copy of ctx that makes a Client send id as
// the x-request-id of the calls made with it, such as the id of the request
// a server is answering, so that logs on both sides correlate. id must be a
// UUID ("b24c2138-65af-4ed3-8e1d-b85a7dc8171c"), or "" to send none; a call
// with another id is not sent.
func ContextWithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestIDFromContext returns the id that ContextWithRequestID put in ctx,
// and reports whether there is one.
func RequestIDFromContext(ctx context.Context) (string, bool) {
	id, ok := ctx.Value(requestIDKey{}).(string)
	return id, ok
}

// GetContact calls Get Contact, "GET /customers/{customer_id}/contacts/{customer_contact_id}",
// and returns the contact.
//
// The error is one of: a croschema.Violations (found with errors.As) when
// the request would break the contract, which is then not sent; a
// *ResponseError for an answer that is not a success, which wraps the
// API's error body as a *croschema.APIError, or for a success whose body is
// not a valid contact; or the error of the http.Client.
func (c *Client) GetContact(ctx context.Context, customerID, contactID int64) (croschema.CustomerContact, error) {
	return c.call(ctx, croschema.GetContact, croschema.PathParams{CustomerID: customerID, CustomerContactID: contactID}, nil)
}

// CreateContact calls Create Contact, "POST /customers/{customer_id}/contacts",
// with the body cc, and returns the contact as the server stored it. Its
// errors are GetContact's; an invalid cc is not sent.
func (c *Client) CreateContact(ctx context.Context, customerID int64, cc croschema.CreateCustomerContact) (croschema.CustomerContact, error) {
	if err := cc.Validate(); err != nil {
		return croschema.CustomerContact{}, c.refuse(croschema.CreateContact, err)
	}
	return c.call(ctx, croschema.CreateContact, croschema.PathParams{CustomerID: customerID}, cc.AppendJSON(nil))
}

// UpdateContact calls Update Contact, "PATCH /customers/{customer_id}/contacts/{customer_contact_id}",
// with the body u, which sends exactly the keys of u that are not absent,
// and returns the contact as the server stored it. Its errors are
// GetContact's; an invalid u is not sent.
func (c *Client) UpdateContact(ctx context.Context, customerID, contactID int64, u croschema.UpdateCustomerContact) (croschema.CustomerContact, error) {
	if err := u.Validate(); err != nil {
		return croschema.CustomerContact{}, c.refuse(croschema.UpdateContact, err)
	}
	return c.call(ctx, croschema.UpdateContact, croschema.PathParams{CustomerID: customerID, CustomerContactID: contactID}, u.AppendJSON(nil))
}

var errNilContext = errors.New("crohttp: nil Context")

// refuse wraps the violations of a request that is not sent.
func (c *Client) refuse(e croschema.Endpoint, err error) error {
	return fmt.Errorf("crohttp: %s: request not sent: %w", e.Name(), err)
}

// call sends one request of e and reads its answer.
func (c *Client) call(ctx context.Context, e croschema.Endpoint, p croschema.PathParams, body []byte) (croschema.CustomerContact, error) {
	var zero croschema.CustomerContact
	if c.baseErr != nil {
		return zero, c.baseErr
	}
	if ctx == nil {
		return zero, errNilContext // as http.NewRequestWithContext answers it
	}

	// The request line and headers, checked before anything is sent.
	path := e.PathFor(p)
	var vs croschema.Violations
	if _, _, err := croschema.MatchEndpoint(e.Method(), path); err != nil {
		vs = append(vs, asViolations(err)...)
	}
	id, ok := RequestIDFromContext(ctx)
	if !ok {
		if c.cfg.newID != nil {
			id = c.cfg.newID()
		} else {
			id = newRandomRequestID()
		}
	}
	h := croschema.RequestHeaders{
		Authorization: c.token,
		APIVersion:    c.cfg.version,
		RequestID:     id,
		TenantID:      c.tenant,
	}
	if body != nil {
		h.ContentType = "application/json"
	}
	if err := h.Validate(e.Method()); err != nil {
		vs = append(vs, asViolations(err)...)
	}
	if len(vs) > 0 {
		return zero, c.refuse(e, vs)
	}

	u := *c.base
	u.RawPath = strings.TrimSuffix(c.base.EscapedPath(), "/") + path
	u.Path = strings.TrimSuffix(c.base.Path, "/") + path
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, e.Method(), u.String(), rd)
	if err != nil {
		return zero, fmt.Errorf("crohttp: %s: %w", e.Name(), err)
	}
	h.SetRequest(req)
	req.Header.Set("Accept", "application/json")

	resp, err := c.cfg.hc.Do(req)
	if err != nil {
		return zero, err // a *url.Error; it names the URL, never a header
	}
	defer resp.Body.Close()
	return c.read(e, req, resp)
}

// read turns the answer resp to req into the call's result.
func (c *Client) read(e croschema.Endpoint, req *http.Request, resp *http.Response) (croschema.CustomerContact, error) {
	var zero croschema.CustomerContact
	// Everything the server sent may echo the token, whole or in pieces:
	// what reaches the error or a report is redacted first.
	secrets := []string{redact.Credential(c.token.Reveal())}
	rerr := &ResponseError{
		Method:     req.Method,
		Path:       req.URL.EscapedPath(),
		StatusCode: resp.StatusCode,
		RequestID:  redact.String(resp.Header.Get("X-Request-Id"), secrets...),
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, DefaultBodyLimit+1))
	if err != nil {
		rerr.Err = fmt.Errorf("reading the body: %w", err)
		return zero, rerr
	}
	tooLarge := int64(len(data)) > DefaultBodyLimit

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		ae := &croschema.APIError{StatusCode: resp.StatusCode}
		if tooLarge || ae.UnmarshalJSON(data) != nil || ae.Detail == "" {
			*ae = croschema.APIError{StatusCode: resp.StatusCode, Detail: http.StatusText(resp.StatusCode)}
			rerr.body = redact.String(describeBody(resp.Header, len(data), tooLarge), secrets...)
		}
		scrub.APIError(ae, secrets)
		rerr.Err = ae
		return zero, rerr
	}

	if tooLarge {
		rerr.Err = fmt.Errorf("the body is larger than %d bytes", DefaultBodyLimit)
		return zero, rerr
	}
	var contact croschema.CustomerContact
	if err := contact.UnmarshalJSON(data); err != nil {
		rerr.Err = scrub.Violations(asViolations(err), secrets)
		return zero, rerr
	}
	vs := contactViolations(data)
	// The API answers every success 200: another 2xx is not its answer.
	if resp.StatusCode != http.StatusOK {
		vs = append(vs, statusViolation(resp.StatusCode))
	}
	if len(vs) > 0 {
		err := scrub.Violations(vs, secrets)
		if !c.cfg.lenient {
			rerr.Err = err
			return zero, rerr
		}
		if c.cfg.report != nil {
			c.cfg.report(Report{
				Direction:  DirectionResponse,
				Endpoint:   e,
				Method:     req.Method,
				Path:       rerr.Path,
				StatusCode: resp.StatusCode,
				Violations: asViolations(err),
			})
		}
	}
	return contact, nil
}

// contactViolations returns what the strict lint finds in a contact body
// that the tolerant decoding accepted, less what tolerance forgives: an
// unknown key, given once or more. A required key that is missing (which
// would read as false or ""), a known key given twice (the JSON parsers
// disagree on which value wins) and a null where the model allows none
// are violations, as a bad value is.
func contactViolations(data []byte) croschema.Violations {
	_, err := croschema.LintContact(data)
	var out croschema.Violations
	for _, v := range asViolations(err) {
		if v.Code == croschema.CodeUnknownField || v.Code == croschema.CodeDuplicateKey && !contactKeys[v.Location] {
			continue
		}
		out = append(out, v)
	}
	return out
}

// contactKeys are the locations of CustomerContactModel's keys, "/email"
// and so on.
var contactKeys = func() map[string]bool {
	m := make(map[string]bool)
	for _, r := range croschema.ModelCustomerContact.Rules() {
		m["/"+r.Key] = true
	}
	return m
}()

// describeBody says what a body that is not the API's error body is,
// without quoting it: a body may echo the request, token included.
func describeBody(h http.Header, n int, tooLarge bool) string {
	if n == 0 {
		return "an empty body, not the API's error body"
	}
	what := "a body of " + strconv.Itoa(n) + " bytes"
	if tooLarge {
		what = "a body of more than " + strconv.Itoa(n-1) + " bytes"
	}
	if mt, _, err := mime.ParseMediaType(h.Get("Content-Type")); err == nil {
		what += " (" + mt + ")"
	}
	return what + ", not the API's error body"
}

// asViolations returns err as Violations: nil for nil, or a single syntax
// violation holding its text when it is not a Violations (which this
// package's callers never get).
func asViolations(err error) croschema.Violations {
	if err == nil {
		return nil
	}
	var vs croschema.Violations
	if errors.As(err, &vs) {
		return vs
	}
	return croschema.Violations{{Code: croschema.CodeSyntax, Detail: err.Error()}}
}

// newRandomRequestID returns a random version-4 UUID (RFC 9562) in the
// canonical form, such as "b24c2138-65af-4ed3-8e1d-b85a7dc8171c".
func newRandomRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:])
	return string(s[:])
}

// A ResponseError is the error of a Client call whose answer is not the
// contact asked for: a status other than 2xx, or a 2xx whose body is not a
// valid CustomerContactModel or whose status is not 200.
//
// For a status other than 2xx, Err is a *croschema.APIError (so errors.As
// finds it) holding the API's error body and the status; when the body is
// not an error body (an HTML page from a proxy, an empty body) its Detail
// is the status text. For a 2xx, Err is the croschema.Violations of the body
// (and of a status other than 200, at location "status") or why it could
// not be read.
//
// No field, and nothing Err leads to, holds the Client's token or any run
// of 4 of its characters, even when the server echoes it, whole, cut short
// or in another letter case: each is replaced by "[redacted]" in
// RequestID, the APIError's texts and the violations' quoted values.
type ResponseError struct {
	Method     string // the request's method, such as "GET"
	Path       string // the request's path, such as "/customers/1042/contacts/7"
	StatusCode int    // the response's status, such as 404
	RequestID  string // the response's x-request-id, "" when it has none
	Err        error  // a *croschema.APIError, a croschema.Violations, or a read error

	body string // what a body that is not an error body is, for Error
}

// Error returns the method, path, status and response's request id, then
// the API's error or the violations:
//
//	crohttp: GET /customers/1042/contacts/7: 404 Not Found (x-request-id b24c2138-65af-4ed3-8e1d-b85a7dc8171c): CustomerContactModel.id: No such contact.
//
// What the server wrote is escaped as Violation.String escapes a detail,
// so that nothing in the text acts on a terminal.
func (e *ResponseError) Error() string {
	var b strings.Builder
	b.WriteString("crohttp: ")
	b.WriteString(e.Method)
	b.WriteByte(' ')
	b.WriteString(e.Path)
	b.WriteString(": ")
	b.WriteString(strconv.Itoa(e.StatusCode))
	if t := http.StatusText(e.StatusCode); t != "" {
		b.WriteByte(' ')
		b.WriteString(t)
	}
	if e.RequestID != "" {
		b.WriteString(" (x-request-id ")
		b.WriteString(inert.Text(e.RequestID))
		b.WriteByte(')')
	}
	var ae *croschema.APIError
	var vs croschema.Violations
	switch {
	case errors.As(e.Err, &ae):
		b.WriteString(": ")
		if e.body != "" {
			b.WriteString(inert.Text(e.body))
		} else {
			// APIError.Error escapes what the server wrote; its own
			// prefix is left out.
			plain := *ae
			plain.StatusCode = 0
			b.WriteString(strings.TrimPrefix(plain.Error(), "croschema: API error: "))
		}
	case errors.As(e.Err, &vs):
		b.WriteString(": invalid body: ")
		for i, v := range vs {
			if i > 0 {
				b.WriteString("; ")
			}
			b.WriteString(v.String())
		}
	case e.Err != nil:
		b.WriteString(": ")
		b.WriteString(inert.Text(e.Err.Error()))
	}
	return b.String()
}

// Unwrap returns Err.
func (e *ResponseError) Unwrap() error { return e.Err }
