package crohttp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/internal/inert"
	"github.com/croschema/croschema/internal/redact"
	"github.com/croschema/croschema/internal/uuid"
)

// A Client calls the API's endpoints as one user of one tenant. It sends
// only requests that pass croschema.LintRequest, and reads successful
// answers tolerantly (unknown keys are ignored and every documented boolean
// form is accepted, so that a newer server does not break an older client)
// after it has checked their status and body with croschema.LintResponse:
// every key of the model present once, no null where the model allows
// none, every value valid, the contact the one asked for.
//
// It behaves as RULES.md "Calling the API" says: it sends the token only to
// the base URL's origin and never follows a redirect (the API never
// redirects: a 3xx is an error, with its status); it has timeouts unless
// WithHTTPClient gives its own client; it retries GetContact and
// UpdateContact, never CreateContact (see WithRetry).
//
// A Client is safe for concurrent use by multiple goroutines. The zero
// Client is not usable; call NewClient.
type Client struct {
	base    *url.URL
	baseErr error
	token   croschema.BearerToken
	tenant  int64
	cfg     clientConfig
	hc      *http.Client // cfg.hc, made never to follow a redirect
}

// clientConfig is what the ClientOptions set.
type clientConfig struct {
	hc      *http.Client
	version croschema.APIVersion
	newID   func() string
	lenient bool
	report  func(Report)
	retry   RetryPolicy
}

// A ClientOption configures a Client, the calling side; see NewClient.
type ClientOption func(*clientConfig)

// The timeouts of a Client without WithHTTPClient: connecting (TCP and
// TLS) 10 s, waiting for the response's headers 30 s, and one try of a
// call, reading the body included, 60 s. A call's context bounds all of
// its tries, retries and waits.
const (
	DefaultConnectTimeout = 10 * time.Second
	DefaultHeaderTimeout  = 30 * time.Second
	DefaultTryTimeout     = 60 * time.Second
)

// defaultHTTPClient is the http.Client of every Client without
// WithHTTPClient: one connection pool, with the default timeouts.
var defaultHTTPClient = &http.Client{
	Timeout: DefaultTryTimeout,
	Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: DefaultConnectTimeout, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   DefaultConnectTimeout,
		ResponseHeaderTimeout: DefaultHeaderTimeout,
		ExpectContinueTimeout: time.Second,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConnsPerHost:   16,
		ForceAttemptHTTP2:     true,
	},
}

// WithHTTPClient makes the Client send its requests with hc instead of its
// own client with the default timeouts: hc's transport (such as a
// NewTransport, or crotest.NewTransport in a test), timeout and cookie jar
// apply. Its redirect policy does not: a Client never follows a redirect.
// A nil hc is ignored.
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
// characters, ...), misses a key, repeats one, holds a null where none is
// allowed or is another contact than the one asked for, or comes with a
// 2xx status other than 200 (a violation at location "status", code enum),
// a success: the call returns the decoded contact and a nil error, and
// report, when not nil, receives the violations. By default such an
// answer is an error (a *ResponseError wrapping the Violations).
//
// A body that cannot be decoded at all (not JSON, a string where the id
// belongs) is an error either way: there is no contact to return.
func WithLenientResponses(report func(Report)) ClientOption {
	return func(c *clientConfig) { c.lenient, c.report = true, report }
}

// A RetryPolicy says how a Client retries a call of GetContact or
// UpdateContact, which are idempotent in this API (applying the same keys
// twice gives the same contact): after an error before any response (the
// connection refused or broken, a timeout waiting for the headers), or an
// answer 429, 502, 503 or 504. CreateContact is never retried. Every try
// of a call sends the same x-request-id.
//
// The n-th retry waits a random time up to BaseDelay·2ⁿ⁻¹, at most
// MaxDelay ("full jitter"), or what the answer's Retry-After asks (seconds
// or an HTTP date) when it has one; a Retry-After longer than MaxDelay
// ends the call with that answer instead. The call's context bounds every
// wait.
type RetryPolicy struct {
	MaxRetries int           // retries after the first try; 0 or less: none
	BaseDelay  time.Duration // the first retry's longest wait
	MaxDelay   time.Duration // the longest wait, of a backoff or a Retry-After
}

// DefaultRetryPolicy is the RetryPolicy of a Client without WithRetry: 2
// retries (3 tries in all), waits from up to 100 ms, at most 5 s.
var DefaultRetryPolicy = RetryPolicy{MaxRetries: 2, BaseDelay: 100 * time.Millisecond, MaxDelay: 5 * time.Second}

// WithRetry sets the Client's RetryPolicy; RetryPolicy{} turns retries off.
func WithRetry(p RetryPolicy) ClientOption {
	return func(c *clientConfig) { c.retry = p }
}

// ErrInvalidBaseURL is the error of every call of a Client whose base URL
// is not an absolute http or https URL with a host and without query or
// fragment (errors.Is finds it). Its text says why without quoting the
// URL, which may hold a password.
var ErrInvalidBaseURL = errors.New("crohttp: invalid base URL")

// ErrBodyTooLarge is the error a *ResponseError wraps when the answer's
// body is larger than croschema.DefaultBodyLimit, 1 MiB, the most a Client
// reads: no answer of the API comes close.
var ErrBodyTooLarge = errors.New("the body is larger than " + strconv.Itoa(croschema.DefaultBodyLimit) + " bytes, the API's limit")

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
// URL (ErrInvalidBaseURL), an invalid token or a negative tenant makes
// every call return an error, before any network use.
func NewClient(baseURL string, token croschema.BearerToken, tenant int64, opts ...ClientOption) *Client {
	c := &Client{
		token:  token,
		tenant: tenant,
		cfg: clientConfig{
			hc:      defaultHTTPClient,
			version: croschema.DefaultAPIVersion,
			retry:   DefaultRetryPolicy,
		},
	}
	for _, opt := range opts {
		if opt != nil {
			opt(&c.cfg)
		}
	}
	c.base, c.baseErr = parseBaseURL(baseURL)
	hc := *c.cfg.hc // a copy: the caller's client keeps its own policy
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	hc.Transport = noRedirect{hc.Transport}
	c.hc = &hc
	return c
}

// noRedirect removes the Location of a 3xx answer before http.Client reads
// it, so that the client neither follows it nor fails parsing it (an error
// that would quote it, and a server may have put the token there). The
// Client reports the 3xx itself.
type noRedirect struct{ base http.RoundTripper }

func (t noRedirect) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(req)
	if resp != nil && resp.StatusCode/100 == 3 {
		resp.Header.Del("Location")
	}
	return resp, err
}

// parseBaseURL checks the base URL of a Client. Its errors never quote the
// URL, nor url.Parse's wording, which does.
func parseBaseURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	var why string
	switch {
	case err != nil:
		why = "it does not parse as a URL"
	case u.Scheme == "":
		why = "it has no scheme: want http:// or https://"
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
	return nil, fmt.Errorf("%w: %s", ErrInvalidBaseURL, why)
}

// requestIDKey is the context key of ContextWithRequestID.
type requestIDKey struct{}

// ContextWithRequestID returns a copy of ctx that makes a Client send id as
// the x-request-id of the calls made with it, such as the id of the request
// a server is answering, so that logs on both sides correlate. id must be a
// UUID ("b24c2138-65af-4ed3-8e1d-b85a7dc8171c"), or "" to send none; a call
// with another id is not sent. A nil ctx stands for context.Background().
func ContextWithRequestID(ctx context.Context, id string) context.Context {
	if ctx == nil {
		ctx = context.Background() // a nil ctx is a caller's bug: not a panic
	}
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestIDFromContext returns the id that ContextWithRequestID put in ctx,
// and reports whether there is one.
func RequestIDFromContext(ctx context.Context) (string, bool) {
	if ctx == nil {
		return "", false
	}
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
// not a valid contact; or a *TransportError when no answer came.
func (c *Client) GetContact(ctx context.Context, customerID, contactID int64) (croschema.CustomerContact, error) {
	return c.call(ctx, croschema.GetContact, croschema.PathParams{CustomerID: customerID, CustomerContactID: contactID}, nil)
}

// CreateContact calls Create Contact, "POST /customers/{customer_id}/contacts",
// with the body cc, and returns the contact as the server stored it. Its
// errors are GetContact's; an invalid cc, or one without a name (which the
// API cannot store), is not sent.
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

// call sends one request of e, with its retries, and reads its answer.
func (c *Client) call(ctx context.Context, e croschema.Endpoint, p croschema.PathParams, body []byte) (croschema.CustomerContact, error) {
	var zero croschema.CustomerContact
	if c == nil {
		return zero, errors.New("crohttp: nil Client")
	}
	if c.baseErr != nil {
		return zero, c.baseErr
	}
	if ctx == nil {
		return zero, errNilContext // as http.NewRequestWithContext answers it
	}

	// The request, checked whole before anything is sent.
	path := e.PathFor(p)
	id, ok := RequestIDFromContext(ctx)
	if !ok {
		if c.cfg.newID != nil {
			id = c.cfg.newID()
		} else {
			id = uuid.New()
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
	header := make(http.Header, 6)
	h.SetHeaders(header)
	header.Set("Accept", "application/json")
	lr, err := croschema.LintRequest(e.Method(), path, header, body)
	if err != nil {
		return zero, c.refuse(e, err)
	}

	u := *c.base
	u.RawPath = strings.TrimSuffix(c.base.EscapedPath(), "/") + path
	u.Path = strings.TrimSuffix(c.base.Path, "/") + path
	target := u.String()
	retries := 0
	if e.Method() == http.MethodGet || e.Method() == http.MethodPatch {
		retries = c.cfg.retry.MaxRetries
	}
	for try := 0; ; try++ {
		var rd io.Reader
		if body != nil {
			rd = bytes.NewReader(body)
		}
		// An error after a byte of an answer is not retried: only a
		// connection error before any response byte is.
		var answered atomic.Bool
		tctx := httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{GotFirstResponseByte: func() { answered.Store(true) }})
		req, err := http.NewRequestWithContext(tctx, e.Method(), target, rd)
		if err != nil {
			return zero, fmt.Errorf("crohttp: %s: %w", e.Name(), err)
		}
		req.Header = header.Clone()
		resp, err := c.hc.Do(req)
		if err != nil {
			terr := c.transportError(e, req, err)
			if try < retries && !answered.Load() && ctx.Err() == nil && c.wait(ctx, try, 0) {
				continue
			}
			return zero, terr
		}
		if try < retries && retryable(resp.StatusCode) {
			if after, ok := retryAfter(resp.Header); ok && c.wait(ctx, try, after) {
				drain(resp)
				continue
			}
		}
		contact, err := c.read(e, &lr, req, resp)
		drain(resp)
		return contact, err
	}
}

// retryable reports whether an answer with status may be retried: 429,
// 502, 503, 504.
func retryable(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// retryAfter returns the wait a Retry-After header asks for (0 when it has
// none), and false when it cannot be read.
func retryAfter(h http.Header) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, true
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil && n >= 0 {
		if n > int64(time.Hour/time.Second) {
			n = int64(time.Hour / time.Second)
		}
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}

// wait sleeps before retry number try+1: after when the answer asked for
// it (after > 0), else a jittered backoff. It reports false, and does not
// sleep, when after is longer than the policy allows, or when ctx ends
// first.
func (c *Client) wait(ctx context.Context, try int, after time.Duration) bool {
	p := c.cfg.retry
	d := after
	if d > p.MaxDelay {
		return false
	}
	if d == 0 {
		ceiling := p.BaseDelay << min(try, 30)
		if ceiling <= 0 || ceiling > p.MaxDelay {
			ceiling = p.MaxDelay
		}
		if ceiling > 0 {
			d = time.Duration(rand.Int64N(int64(ceiling) + 1))
		}
	}
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// drain reads what is left of a body, a little, and closes it, so that the
// connection can serve the next request.
func drain(resp *http.Response) {
	_, _ = io.CopyN(io.Discard, resp.Body, 4<<10)
	_ = resp.Body.Close()
}

// A TransportError is the error of a Client call that got no answer: the
// connection failed, a timeout fired, the context ended, or what the
// server sent was not HTTP. Its text is net/http's, with every piece of
// the Client's token removed (a server may echo it in a status line or a
// header that net/http then quotes). errors.Is sees through it
// (context.DeadlineExceeded, context.Canceled, ...), but the error it
// wraps is not handed out: its text may hold the token.
type TransportError struct {
	Method string // the request's method
	Path   string // the request's path
	err    error
	text   string
}

// Error returns "crohttp: METHOD PATH: " and the cause, redacted; only the
// cause when it is the Err of a ResponseError, which names the request.
func (e *TransportError) Error() string {
	if e == nil {
		return "<nil>"
	}
	if e.Method == "" {
		return e.text
	}
	return "crohttp: " + e.Method + " " + e.Path + ": " + e.text
}

// Is reports whether the error it wraps is target, as errors.Is does.
func (e *TransportError) Is(target error) bool { return e != nil && errors.Is(e.err, target) }

// Timeout reports whether the error is a timeout, as net.Error's Timeout
// does.
func (e *TransportError) Timeout() bool {
	if e == nil {
		return false
	}
	var ne interface{ Timeout() bool }
	return errors.As(e.err, &ne) && ne.Timeout() || errors.Is(e.err, context.DeadlineExceeded)
}

// transportError wraps an error of http.Client.Do.
func (c *Client) transportError(e croschema.Endpoint, req *http.Request, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // its text names the URL, which the error names anyway
	}
	secrets := redact.FromAuthorization(c.token.Reveal())
	return &TransportError{
		Method: req.Method,
		Path:   secrets.String(req.URL.EscapedPath()),
		err:    err,
		text:   inert.Text(secrets.String(err.Error())),
	}
}

// read turns the answer resp to req, lr as the lint read it, into the
// call's result.
func (c *Client) read(e croschema.Endpoint, lr *croschema.Request, req *http.Request, resp *http.Response) (croschema.CustomerContact, error) {
	var zero croschema.CustomerContact
	// Everything the server sent may echo the token, whole or in pieces:
	// what reaches the error or a report is redacted first.
	secrets := redact.FromAuthorization(c.token.Reveal())
	rerr := &ResponseError{
		Method:     req.Method,
		Path:       secrets.String(req.URL.EscapedPath()),
		StatusCode: resp.StatusCode,
		RequestID:  secrets.String(resp.Header.Get("X-Request-Id")),
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, croschema.DefaultBodyLimit+1))
	if err != nil {
		rerr.Err = &TransportError{err: err, text: "reading the body: " + inert.Text(secrets.String(err.Error()))}
		return zero, rerr
	}
	tooLarge := len(data) > croschema.DefaultBodyLimit
	if tooLarge {
		_ = resp.Body.Close() // not drained: the rest is not the API's answer
		resp.Body = http.NoBody
	}

	switch {
	case resp.StatusCode/100 == 3:
		rerr.Err = croschema.Violations{{Location: "status", Code: croschema.CodeEnum,
			Detail: "the API never redirects: a " + strconv.Itoa(resp.StatusCode) + " is not its answer, and it is not followed"}}
		return zero, rerr
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		ae := &croschema.APIError{StatusCode: resp.StatusCode}
		if tooLarge || ae.UnmarshalJSON(data) != nil || ae.Detail == "" {
			*ae = croschema.APIError{StatusCode: resp.StatusCode, Detail: http.StatusText(resp.StatusCode)}
			rerr.body = secrets.String(describeBody(resp.Header, len(data), tooLarge))
		}
		ae.Detail = secrets.String(ae.Detail)
		ae.Field.String = secrets.Field(ae.Field.String, isModelName)
		ae.Explanation.String = secrets.String(ae.Explanation.String)
		rerr.Err = ae
		return zero, rerr
	case tooLarge:
		rerr.Err = ErrBodyTooLarge
		return zero, rerr
	}

	// A success: its status and body by the contract, less what tolerance
	// forgives (an unknown key); its headers are the server's business.
	var vs croschema.Violations
	for _, v := range asViolations(croschema.LintResponse(lr, resp.StatusCode, resp.Header, data)) {
		if (v.Location == "status" || isBody(v)) && !tolerated(v) {
			vs = append(vs, v)
		}
	}
	var contact croschema.CustomerContact
	if err := contact.UnmarshalJSON(data); err != nil {
		if len(vs) == 0 { // never: the strict lint finds what stops the tolerant decoder
			vs = croschema.Violations{{Location: "", Code: croschema.CodeSyntax, Detail: "the body does not decode as a contact"}}
		}
		rerr.Err = vs
		return zero, rerr
	}
	if len(vs) > 0 {
		if !c.cfg.lenient {
			rerr.Err = vs
			return zero, rerr
		}
		if c.cfg.report != nil {
			c.cfg.report(Report{
				Direction:  DirectionResponse,
				Endpoint:   e,
				Method:     req.Method,
				Path:       rerr.Path,
				StatusCode: resp.StatusCode,
				Violations: vs,
			})
		}
	}
	return contact, nil
}

// tolerated reports whether a Client forgives v in a success's body: an
// unknown key, given once or more (a newer server may add keys).
func tolerated(v croschema.Violation) bool {
	return v.Code == croschema.CodeUnknownField || v.Code == croschema.CodeDuplicateKey && !contactKeys[v.Location]
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

// isModelName reports whether name is one of the package's model names,
// which a server's error field starts with: what redaction leaves whole.
func isModelName(name string) bool { return modelNames[name] }

var modelNames = func() map[string]bool {
	m := map[string]bool{"RequestLine": true}
	for _, md := range []croschema.Model{croschema.ModelCustomerContact, croschema.ModelCreateCustomerContact,
		croschema.ModelUpdateCustomerContact, croschema.ModelAPIError} {
		m[md.String()] = true
	}
	for _, rs := range [][]croschema.HeaderRule{croschema.RequestHeaderRules(), croschema.ResponseHeaderRules()} {
		for _, r := range rs {
			if model, _, ok := strings.Cut(r.Field, "."); ok {
				m[model] = true
			}
		}
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
	if e == nil {
		return "<nil>"
	}
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
func (e *ResponseError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}
