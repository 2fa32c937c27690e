package crotest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/crotest"
)

// confStore is the store behind the conforming server of these tests:
// contacts by customer and id, ids from 1 per customer. With nullBug set,
// an Update's null leaves a key as it is (a planted bug).
type confStore struct {
	mu       sync.Mutex
	contacts map[[2]int64]croschema.CustomerContact
	next     map[int64]int64
	nullBug  bool
}

func newConfStore() *confStore {
	return &confStore{contacts: map[[2]int64]croschema.CustomerContact{}, next: map[int64]int64{}}
}

func (s *confStore) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	req := crohttp.RequestFrom(r)
	p := req.Params
	s.mu.Lock()
	defer s.mu.Unlock()
	k := [2]int64{p.CustomerID, p.CustomerContactID}
	switch req.Endpoint {
	case croschema.CreateContact:
		c, _ := req.Create().Contact()
		s.next[p.CustomerID]++
		c.ID = s.next[p.CustomerID]
		s.contacts[[2]int64{p.CustomerID, c.ID}] = c
		crohttp.WriteCreated(w, r, &c)
	case croschema.UpdateContact:
		c, ok := s.contacts[k]
		if !ok {
			crohttp.WriteError(w, crohttp.NotFound(r))
			return
		}
		u := *req.Update()
		if s.nullBug && u.Fax.IsNull() {
			u.Fax = croschema.Optional[string]{}
		}
		u.Apply(&c)
		s.contacts[k] = c
		crohttp.WriteContact(w, http.StatusOK, &c)
	default:
		c, ok := s.contacts[k]
		if !ok {
			crohttp.WriteError(w, crohttp.NotFound(r))
			return
		}
		crohttp.WriteContact(w, http.StatusOK, &c)
	}
}

// confServer is a conforming server: crohttp.Middleware over a store.
func confServer(opts ...crohttp.HandlerOption) http.Handler {
	return crohttp.Middleware(opts...)(newConfStore())
}

// recTB records failures instead of failing.
type recTB struct {
	testing.TB
	mu   sync.Mutex
	msgs []string
}

func (r *recTB) Helper() {}
func (r *recTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

func TestConformance(t *testing.T) {
	assert.True(t, crotest.Conformance(t, confServer()))

	srv := httptest.NewServer(confServer())
	defer srv.Close()
	assert.True(t, crotest.ConformanceURL(t, srv.URL, crotest.WithRequests(500), crotest.WithSeed(3)))

	const driver, dispatcher = "Bearer Dr7v.Qm2x.Lk9p", "Bearer Ds4p.Tc8w.Hn3b"
	roles := crohttp.WithAuthorizer(func(_ context.Context, tok croschema.BearerToken, _ int64) (croschema.Role, error) {
		switch tok.Reveal() {
		case driver:
			return croschema.RoleDriver, nil
		case dispatcher:
			return croschema.RoleDispatcher, nil
		}
		return 0, errors.New("unknown")
	})
	assert.True(t, crotest.Conformance(t, confServer(roles),
		crotest.WithRoleToken(croschema.RoleDispatcher, dispatcher), crotest.WithRoleToken(croschema.RoleDriver, driver),
		crotest.WithUnknownTokensRejected(), crotest.WithTenant(42), crotest.WithCustomers(7, 8), crotest.WithRequests(1500),
		crotest.WithChecks("all")))

	assert.True(t, crotest.Conformance(t, confServer(crohttp.WithBodyLimit(2048)), crotest.WithServerBodyLimit(2048),
		crotest.WithChecks("docs"), crotest.WithCustomers(), crotest.WithRequests(400)))
}

func TestConformanceFails(t *testing.T) {
	bug := newConfStore()
	bug.nullBug = true
	rec := &recTB{}
	assert.False(t, crotest.Conformance(rec, crohttp.Middleware()(bug), crotest.WithChecks("patch-semantics")))
	require.Len(t, rec.msgs, 1)
	msg := rec.msgs[0]
	assert.Contains(t, msg, "crotest: the server does not conform (1 failure):")
	assert.Contains(t, msg, "FAIL patch-semantics [decision]: PATCH fax null: not applied as RULES.md says")
	assert.Contains(t, msg, `{"fax":null}`)
	assert.Contains(t, msg, `"Authorization: Bearer $TOKEN"`)
	cred := strings.TrimPrefix(crotest.DefaultToken, "Bearer ")
	for i := 0; i+4 <= len(cred); i++ {
		assert.NotContains(t, msg, cred[i:i+4])
	}
	t.Log(msg)
}

func TestConformanceErrors(t *testing.T) {
	rec := &recTB{}
	assert.False(t, crotest.Conformance(rec, confServer(), crotest.WithChecks("no-such-check")))
	assert.False(t, crotest.Conformance(rec, confServer(), crotest.WithAuthorization("Basic Zm9vOmJhcg==")))
	assert.False(t, crotest.ConformanceURL(rec, "ftp://example.com"))
	srv := httptest.NewServer(confServer())
	srv.Close()
	assert.False(t, crotest.ConformanceURL(rec, srv.URL))
	require.Len(t, rec.msgs, 4)
	assert.Contains(t, rec.msgs[0], `unknown check "no-such-check"`)
	assert.Contains(t, rec.msgs[1], "not a bearer token")
	assert.NotContains(t, rec.msgs[1], "Zm9vOmJhcg")
	// A role's token alone is not an error: DefaultToken stays the main one
	// (TestConformanceRoleTokenOnly).
	assert.Contains(t, rec.msgs[2], "not an http or https base URL")
	assert.Contains(t, rec.msgs[3], "crotest: the server could not be checked:")
	assert.Contains(t, rec.msgs[3], "cannot reach the server")
}

// TestMockConforms: the importable mock passes the conformance tester, with
// its tokens closed to those it was given and a role that may not call
// every endpoint, over a store that holds the sample already.
func TestMockConforms(t *testing.T) {
	dispatcher := croschema.NewBearerToken("dispatcher.mock.k7")
	driver := croschema.NewBearerToken("driver.mock.q2")
	m := crotest.NewMock(crotest.WithSample(),
		crotest.WithToken(croschema.RoleDispatcher, dispatcher),
		crotest.WithToken(croschema.RoleDriver, driver))
	assert.True(t, crotest.Conformance(t, m,
		crotest.WithAuthorization(dispatcher.Reveal()),
		crotest.WithRoleToken(croschema.RoleDriver, driver.Reveal()),
		crotest.WithUnknownTokensRejected(),
		crotest.WithCustomers(1, 2),
		crotest.WithRequests(3000)))
	assert.GreaterOrEqual(t, m.Requests(), 3000, "the budget was spent on the mock")
}

// TestConformanceRoleTokenOnly: a role's token alone leaves DefaultToken as
// the main one, which the mock without WithToken takes for a Dispatcher's;
// the role's token is then one more the server knows.
func TestConformanceRoleTokenOnly(t *testing.T) {
	m := crotest.NewMock()
	assert.True(t, crotest.Conformance(t, m,
		crotest.WithRoleToken(croschema.RoleDispatcher, "Bearer other.dispatcher.t0"),
		crotest.WithRequests(300)))
	assert.True(t, crotest.Conformance(t, crotest.NewMock(
		crotest.WithToken(croschema.RoleDispatcher, croschema.NewBearerToken(strings.TrimPrefix(crotest.DefaultToken, "Bearer "))),
		crotest.WithToken(croschema.RoleDriver, croschema.NewBearerToken("driver.only.t1"))),
		crotest.WithRoleToken(croschema.RoleDriver, "driver.only.t1"),
		crotest.WithRequests(300)))
}
