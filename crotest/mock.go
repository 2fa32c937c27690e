package crotest

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
)

// This file is the importable mock of the API: the server that crolint
// serve runs, for a client's tests in Go.

// DefaultStoreLimit is the most contacts a Mock stores, across customers,
// without WithStoreLimit.
const DefaultStoreLimit = 100_000

// ErrStoreFull is the error of Mock.Seed when the contacts do not fit in
// the store's limit (WithStoreLimit).
var ErrStoreFull = errors.New("crotest: the mock's store is full")

// A Mock is a conforming server of the API's three contact endpoints
// (RULES.md "Serving the API"), in memory: crohttp.Middleware in front of a
// store of contacts, for testing a client. It is an http.Handler; serve it
// with NewServer in a test, or with httptest.NewServer or an http.Server
// anywhere else (crolint serve is one).
//
// The middleware answers every request that breaks the contract (404, 405,
// 401, 403, 415, 413, 400, and 204 to OPTIONS); the store answers the
// valid ones: Get and Update the contact of the path (404 when there is
// none), Create a contact with the customer's next id, from 1 upward per
// customer, and Location naming it. One store serves every tenant. A
// Create past the store's limit gets 507 Insufficient Storage (see
// WithStoreLimit).
//
// Faults make valid requests fail, for testing a client's retries and
// error handling: scheduled ones (Fail, WithFault), a latency for every
// request (SetLatency, WithLatency), and per request the preferences of
// the Prefer header (RFC 7240), as the Prism mock server reads them:
//
//	Prefer: code=503              answer 503 instead of serving the request
//	Prefer: code=429, retry-after=2  ... with "Retry-After: 2"
//	Prefer: wait=3                wait 3 seconds before answering
//
// code is a 4xx or 5xx status (another one is ignored); wait is in
// seconds (RFC 7240's delta-seconds, at most 60), and the mock takes all
// of it, as a server at the limit of the client's patience would;
// retry-after, in seconds, is this mock's own. A request that names a
// code consumes no scheduled fault. The answer names the preferences it
// applied in Preference-Applied ("code=503, wait=3").
//
// Every answer, faults included, is a conforming one: the status
// crohttp.Middleware or the store gives, or the fault's; the API's error
// body and response headers (x-api-version, x-request-id, CORS, Allow).
// Faults apply to valid requests only, after the middleware's checks: a
// request that breaks the contract gets the middleware's answer at once.
//
// A Mock is safe for concurrent use. Tokens never reach its answers or
// its errors.
type Mock struct {
	cfg      mockConfig   // as NewMock's options left it; Reset returns to it
	handler  http.Handler // crohttp.Middleware in front of m.serve
	requests atomic.Int64
	store    *store

	mu      sync.Mutex
	faults  []Fault // scheduled, in order
	latency time.Duration
}

// A MockOption configures a Mock; see NewMock.
type MockOption func(*mockConfig)

// mockConfig is what the options of NewMock set.
type mockConfig struct {
	tokens  map[croschema.BearerToken]croschema.Role // nil: every well-formed token is a Dispatcher
	limit   int
	sample  bool
	handler []crohttp.HandlerOption
	faults  []Fault
	latency time.Duration
}

// WithToken makes the Mock accept token, the whole authorization value
// such as croschema.NewBearerToken("a.b.c"), as a user of role. With one
// or more WithToken, any other token gets 401; without, every token that
// matches the documented pattern is a Dispatcher, who may call every
// endpoint. A token that does not match the pattern gets 401 whatever
// its role.
func WithToken(role croschema.Role, token croschema.BearerToken) MockOption {
	return func(c *mockConfig) {
		if c.tokens == nil {
			c.tokens = make(map[croschema.BearerToken]croschema.Role)
		}
		c.tokens[token] = role
	}
}

// WithStoreLimit sets the most contacts the Mock stores, across customers
// (DefaultStoreLimit when n < 1). A Create past it gets 507 Insufficient
// Storage (RFC 4918, section 11.5: "the server is unable to store the
// representation needed to successfully complete the request"). Not a
// 4xx: the request is valid, and the same request succeeds on a server
// with room. Not 503 Service Unavailable: that says "try again later"
// (and invites Retry-After), but this store never frees room, since
// nothing deletes a contact; every Create fails until Reset, while Get and
// Update go on working.
func WithStoreLimit(n int) MockOption {
	return func(c *mockConfig) {
		if n < 1 {
			n = DefaultStoreLimit
		}
		c.limit = n
	}
}

// WithSample stores the documented sample (SampleContact) as contact 1 of
// customer 1, the contact GET /customers/1/contacts/1 returns, as crolint
// serve does. Without it a Mock starts empty: the first Create of every
// customer gets id 1.
func WithSample() MockOption {
	return func(c *mockConfig) { c.sample = true }
}

// WithHandlerOptions passes opts to crohttp.Middleware, after the Mock's
// own (WithToken's Authorizer): crohttp.WithResponseCheck to judge every
// answer of the Mock, crohttp.WithBodyLimit to lower the body limit.
func WithHandlerOptions(opts ...crohttp.HandlerOption) MockOption {
	return func(c *mockConfig) { c.handler = append(c.handler, opts...) }
}

// WithFault schedules f from the start, as Fail does; Reset schedules it
// again.
func WithFault(f Fault) MockOption {
	return func(c *mockConfig) { c.faults = append(c.faults, f) }
}

// WithLatency delays every valid request by d, as SetLatency does; Reset
// sets it again.
func WithLatency(d time.Duration) MockOption {
	return func(c *mockConfig) { c.latency = max(d, 0) }
}

// A Fault makes valid requests fail or wait, for testing a client's
// retries and error handling; see Mock.Fail. The zero Fault serves every
// request as usual.
//
// For example, Fault{Status: 503, Count: 2} answers the next two valid
// requests 503, then the Mock serves again; Fault{Status: 429, RetryAfter:
// time.Second, Endpoint: croschema.CreateContact} answers every Create
// 429 with "Retry-After: 1"; Fault{Delay: time.Minute, Count: 1} holds the
// next request a minute (or until its client goes away), then serves it.
type Fault struct {
	// Status is the answer's status, such as 429, 500, 502, 503 or 504,
	// with the API's error body; 0 serves the request after Delay. Any
	// other status outside 4xx and 5xx is answered 500, as
	// crohttp.WriteError does. For a valid request a conforming server
	// answers 401, 403, 404, 429 or a 5xx; other statuses are for testing
	// how a client takes a server that breaks the contract.
	Status int
	// RetryAfter sets the answer's Retry-After header, in seconds rounded
	// up; 0 sets none.
	RetryAfter time.Duration
	// Delay is how long the Mock waits before answering, on top of its
	// latency. A request whose client goes away meanwhile is not served:
	// it is answered 503, to nobody.
	Delay time.Duration
	// Count is how many requests the Fault applies to; 0 means every
	// request, until Reset.
	Count int
	// Endpoint is the one endpoint whose requests the Fault applies to,
	// such as croschema.GetContact; the zero Endpoint means every one.
	Endpoint croschema.Endpoint
}

// NewMock returns a Mock configured by opts, its store empty but for
// WithSample's contact.
func NewMock(opts ...MockOption) *Mock {
	m := &Mock{cfg: mockConfig{limit: DefaultStoreLimit}}
	for _, o := range opts {
		if o != nil {
			o(&m.cfg)
		}
	}
	var own []crohttp.HandlerOption
	if tokens := m.cfg.tokens; tokens != nil {
		own = append(own, crohttp.WithAuthorizer(func(_ context.Context, tok croschema.BearerToken, _ int64) (croschema.Role, error) {
			if role, ok := tokens[tok]; ok { // == compares the values, never unsealed
				return role, nil
			}
			return 0, errUnknownToken
		}))
	}
	m.handler = crohttp.Middleware(append(own, m.cfg.handler...)...)(http.HandlerFunc(m.serve))
	m.store = newStore(m.cfg.limit)
	m.Reset()
	return m
}

// errUnknownToken is the Authorizer's error for a token no WithToken gave:
// crohttp answers it 401.
var errUnknownToken = errors.New("unknown token")

// NewServer starts a Mock configured by opts on a loopback address, as
// httptest.NewServer does, and closes it when t's test ends. The server's
// URL, such as "http://127.0.0.1:41285", is the base URL of a client:
//
//	srv, mock := crotest.NewServer(t, crotest.WithSample())
//	client := crohttp.NewClient(srv.URL, croschema.NewBearerToken("a.b.c"), 7)
func NewServer(t testing.TB, opts ...MockOption) (*httptest.Server, *Mock) {
	t.Helper()
	m := NewMock(opts...)
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	return srv, m
}

// SampleContact returns the documented sample contact, the body of the
// API's Get Contact example (id 1, "George").
func SampleContact() croschema.CustomerContact {
	return croschema.CustomerContact{
		Email:                       croschema.NewNullString("shaneduty@gmail.com"),
		ID:                          1,
		Name:                        "George",
		NotifyOnAcknowledgedRequest: false,
		NotifyOnCompletedRequest:    true,
		NotifyOnDispatchedRequest:   true,
		NotifyOnFailedRequest:       true,
		NotifyOnNewRequest:          true,
		Number:                      croschema.NewNullString("360-555-1212"),
	}
}

// ServeHTTP answers r as a conforming server of the API does.
func (m *Mock) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m.requests.Add(1)
	m.handler.ServeHTTP(w, r)
}

// Seed stores contacts as the next contacts of the customer, in order,
// and returns them with the ids they got (the ID each has is ignored):
// all of them, or none and an error, a croschema.Violations when one is
// not a valid contact (its location prefixed with its index, "/0/name"),
// or ErrStoreFull.
func (m *Mock) Seed(customerID int64, contacts ...croschema.CustomerContact) ([]croschema.CustomerContact, error) {
	var vs croschema.Violations
	for i := range contacts {
		c := contacts[i]
		c.ID = 1 // any valid id: the store assigns it
		if err := c.Validate(); err != nil {
			var cvs croschema.Violations
			if !errors.As(err, &cvs) {
				return nil, err
			}
			for _, v := range cvs {
				v.Location = "/" + strconv.Itoa(i) + v.Location
				vs = append(vs, v)
			}
		}
	}
	if len(vs) > 0 {
		return nil, vs
	}
	return m.store.create(customerID, contacts...)
}

// Contact returns contact contactID of customer customerID, and whether
// the Mock has it.
func (m *Mock) Contact(customerID, contactID int64) (croschema.CustomerContact, bool) {
	return m.store.get(customerID, contactID)
}

// Contacts returns the contacts of customer customerID, by id.
func (m *Mock) Contacts(customerID int64) []croschema.CustomerContact {
	return m.store.list(customerID)
}

// Fail schedules f after the Faults scheduled before it. Each valid
// request takes the first scheduled Fault that applies to its endpoint;
// a Fault with a Count is dropped once it has applied Count times.
func (m *Mock) Fail(f Fault) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.faults = append(m.faults, f)
}

// SetLatency delays every valid request by d (0 for none), on top of a
// Fault's Delay.
func (m *Mock) SetLatency(d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.latency = max(d, 0)
}

// Requests returns the number of requests the Mock has received since
// NewMock or Reset, answered by the middleware, a fault or the store.
func (m *Mock) Requests() int {
	return int(m.requests.Load())
}

// Reset returns the Mock to its state after NewMock: the store holds only
// WithSample's contact, the Faults and latency are the options', the
// request count is 0.
func (m *Mock) Reset() {
	m.mu.Lock()
	m.faults = slices.Clone(m.cfg.faults)
	m.latency = m.cfg.latency
	m.mu.Unlock()
	if m.cfg.sample {
		m.store.reset(SampleContact()) // the limit is at least 1
	} else {
		m.store.reset()
	}
	m.requests.Store(0)
}

// fault returns the first scheduled Fault that applies to a request of e,
// counting it (the zero Fault when none does), and the latency.
func (m *Mock) fault(e croschema.Endpoint) (Fault, time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range m.faults {
		f := &m.faults[i]
		if f.Endpoint.IsValid() && f.Endpoint != e {
			continue
		}
		applied := *f
		if f.Count > 0 {
			if f.Count--; f.Count == 0 {
				m.faults = slices.Delete(m.faults, i, i+1)
			}
		}
		return applied, m.latency
	}
	return Fault{}, m.latency
}

// serve answers a valid request: the middleware has answered every other
// one.
func (m *Mock) serve(w http.ResponseWriter, r *http.Request) {
	req := crohttp.RequestFrom(r)
	pref := parsePrefer(r.Header["Prefer"])
	var f Fault
	var latency time.Duration
	if pref.code != 0 { // a preferred code consumes no Fault
		m.mu.Lock()
		latency = m.latency
		m.mu.Unlock()
		f = Fault{Status: pref.code, RetryAfter: pref.retryAfter}
	} else {
		f, latency = m.fault(req.Endpoint)
	}
	if applied := pref.applied(); applied != "" {
		w.Header().Set("Preference-Applied", applied)
	}
	if !sleep(r.Context(), latency+f.Delay+pref.wait) {
		crohttp.WriteError(w, &croschema.APIError{StatusCode: http.StatusServiceUnavailable,
			Detail: "The client went away while the mock delayed its answer."})
		return
	}
	if f.Status != 0 {
		writeFault(w, f)
		return
	}
	m.answer(w, r, req)
}

// answer answers a valid request from the store.
func (m *Mock) answer(w http.ResponseWriter, r *http.Request, req *crohttp.Request) {
	p := req.Params
	switch req.Endpoint {
	case croschema.CreateContact:
		c, err := req.Create().Contact()
		if err != nil {
			crohttp.WriteError(w, crohttp.ErrorFrom(err))
			return
		}
		stored, err := m.store.create(p.CustomerID, c)
		if err != nil {
			crohttp.WriteError(w, &croschema.APIError{StatusCode: http.StatusInsufficientStorage,
				Detail: "The mock's store is full: it holds " + strconv.Itoa(m.store.max) + " contacts, its limit."})
			return
		}
		crohttp.WriteCreated(w, r, &stored[0])
	case croschema.UpdateContact:
		c, ok := m.store.update(p.CustomerID, p.CustomerContactID, req.Update())
		if !ok {
			crohttp.WriteError(w, crohttp.NotFound(r))
			return
		}
		crohttp.WriteContact(w, http.StatusOK, &c)
	case croschema.GetContact: // for GET and HEAD
		c, ok := m.store.get(p.CustomerID, p.CustomerContactID)
		if !ok {
			crohttp.WriteError(w, crohttp.NotFound(r))
			return
		}
		crohttp.WriteContact(w, http.StatusOK, &c)
	default: // an endpoint the mock does not serve yet: TestMockServesEveryEndpoint fails
		crohttp.WriteError(w, &croschema.APIError{StatusCode: http.StatusNotImplemented,
			Detail: "The mock does not serve " + req.Endpoint.Name() + "."})
	}
}

// writeFault answers with f's status and the API's error body.
func writeFault(w http.ResponseWriter, f Fault) {
	if f.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.FormatInt(int64((f.RetryAfter+time.Second-1)/time.Second), 10))
	}
	status := f.Status
	if status < 400 || status > 599 {
		status = http.StatusInternalServerError
	}
	detail := http.StatusText(status)
	if detail == "" {
		detail = "Error " + strconv.Itoa(status)
	}
	crohttp.WriteError(w, &croschema.APIError{StatusCode: status, Detail: detail + ".",
		Explanation: croschema.NewNullString("A fault the test asked of the crotest mock.")})
}

// sleep waits d, and reports false when ctx ends first.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
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

// maxPreferWait is the longest wait a Prefer header obtains.
const maxPreferWait = 60 * time.Second

// preferences are what a request asks of the Mock in its Prefer headers.
type preferences struct {
	code       int // a 4xx or 5xx status, or 0
	wait       time.Duration
	waitSecs   int64
	retryAfter time.Duration
}

// parsePrefer reads the preferences the Mock honours from the values of
// Prefer headers (RFC 7240, section 2: comma-separated preferences, each
// a token with an optional "=" value and ";" parameters, names in any
// letter case, the first of a name counting). Anything else is ignored.
func parsePrefer(values []string) preferences {
	var p preferences
	var seen [3]bool
	for _, v := range values {
		for pref := range strings.SplitSeq(v, ",") {
			pref, _, _ = strings.Cut(pref, ";") // parameters: none is read
			name, value, _ := strings.Cut(pref, "=")
			name = strings.ToLower(strings.Trim(name, " \t"))
			value = strings.Trim(strings.Trim(value, " \t"), `"`)
			n, err := strconv.ParseInt(value, 10, 64)
			if err != nil || n < 0 {
				continue
			}
			switch {
			case name == "code" && !seen[0]:
				seen[0] = true
				if n >= 400 && n <= 599 {
					p.code = int(n)
				}
			case name == "wait" && !seen[1]:
				seen[1] = true
				p.waitSecs = min(n, int64(maxPreferWait/time.Second))
				p.wait = time.Duration(p.waitSecs) * time.Second
			case name == "retry-after" && !seen[2]:
				seen[2] = true
				p.retryAfter = time.Duration(min(n, 24*3600)) * time.Second
			}
		}
	}
	return p
}

// applied returns the value of Preference-Applied for p: the preferences
// the Mock honours, with the values it uses.
func (p preferences) applied() string {
	var parts []string
	if p.code != 0 {
		parts = append(parts, "code="+strconv.Itoa(p.code))
		if p.retryAfter > 0 {
			parts = append(parts, "retry-after="+strconv.FormatInt(int64(p.retryAfter/time.Second), 10))
		}
	}
	if p.wait > 0 {
		parts = append(parts, "wait="+strconv.FormatInt(p.waitSecs, 10))
	}
	return strings.Join(parts, ", ")
}

// store is the in-memory store of a Mock: the contacts of every customer,
// shared by every tenant (RULES.md "Serving the API": the mock server
// keeps one store that every tenant sees). It is safe for concurrent use.
// One mutex guards it all: a Create takes the next id and stores the
// contact in one step, an Update reads, changes and writes the contact in
// one step, and a Get copies the contact under the read lock, so no
// request sees another half done.
type store struct {
	mu        sync.RWMutex
	customers map[int64]*customer
	n         int // contacts stored, across customers
	max       int // the bound on n
}

// customer is one customer's contacts and the id its next Create gets.
type customer struct {
	next     int64 // ids are assigned from 1 upward per customer
	contacts map[int64]croschema.CustomerContact
}

// newStore returns an empty store that holds at most max contacts.
func newStore(max int) *store {
	return &store{customers: make(map[int64]*customer), max: max}
}

// reset empties the store and stores sample as customer 1's first
// contacts, in one step: no request sees the store half reset.
func (s *store) reset(sample ...croschema.CustomerContact) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.customers = make(map[int64]*customer)
	s.n = 0
	if len(sample) > 0 {
		s.createLocked(1, sample)
	}
}

// get returns the contact id of customer cust.
func (s *store) get(cust, id int64) (croschema.CustomerContact, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if c := s.customers[cust]; c != nil {
		contact, ok := c.contacts[id]
		return contact, ok
	}
	return croschema.CustomerContact{}, false
}

// list returns the contacts of customer cust, by id.
func (s *store) list(cust int64) []croschema.CustomerContact {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c := s.customers[cust]
	if c == nil {
		return nil
	}
	out := make([]croschema.CustomerContact, 0, len(c.contacts))
	for _, contact := range c.contacts {
		out = append(out, contact)
	}
	slices.SortFunc(out, func(a, b croschema.CustomerContact) int { return cmpInt(a.ID, b.ID) })
	return out
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// create stores contacts as the customer's next contacts and returns them
// with their ids: all of them, or none and ErrStoreFull when they do not
// fit in max.
func (s *store) create(cust int64, contacts ...croschema.CustomerContact) ([]croschema.CustomerContact, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(contacts) > s.max-s.n {
		return nil, ErrStoreFull
	}
	return s.createLocked(cust, contacts), nil
}

// createLocked is create, with s.mu held and room checked.
func (s *store) createLocked(cust int64, contacts []croschema.CustomerContact) []croschema.CustomerContact {
	c := s.customers[cust]
	if c == nil {
		c = &customer{next: 1, contacts: make(map[int64]croschema.CustomerContact)}
		s.customers[cust] = c
	}
	out := make([]croschema.CustomerContact, len(contacts))
	for i, contact := range contacts {
		contact.ID = c.next
		c.next++
		c.contacts[contact.ID] = contact
		out[i] = contact
	}
	s.n += len(contacts)
	return out
}

// update applies u onto the contact id of customer cust and returns the
// result; false when there is no such contact.
func (s *store) update(cust, id int64, u *croschema.UpdateCustomerContact) (croschema.CustomerContact, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.customers[cust]
	if c == nil {
		return croschema.CustomerContact{}, false
	}
	contact, ok := c.contacts[id]
	if !ok {
		return contact, false
	}
	u.Apply(&contact)
	c.contacts[id] = contact
	return contact, true
}
