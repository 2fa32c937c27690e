package check

import (
	"context"
	"errors"
	"math/rand"
	"net/http"
	"sync"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
)

// store is the conforming server's store: contacts by customer and id,
// ids from 1 upward per customer.
type store struct {
	mu       sync.Mutex
	contacts map[key]croschema.CustomerContact
	next     map[int64]int64
}

func newStore() *store {
	return &store{contacts: map[key]croschema.CustomerContact{}, next: map[int64]int64{}}
}

// handler answers the valid requests crohttp.Middleware hands it.
func (st *store) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	req := crohttp.RequestFrom(r)
	p := req.Params
	st.mu.Lock()
	defer st.mu.Unlock()
	switch req.Endpoint {
	case croschema.CreateContact:
		c, err := req.Create().Contact()
		if err != nil {
			crohttp.WriteError(w, crohttp.ErrorFrom(err))
			return
		}
		st.next[p.CustomerID]++
		c.ID = st.next[p.CustomerID]
		st.contacts[key{p.CustomerID, c.ID}] = c
		crohttp.WriteCreated(w, r, &c)
	case croschema.UpdateContact:
		c, ok := st.contacts[key{p.CustomerID, p.CustomerContactID}]
		if !ok {
			crohttp.WriteError(w, crohttp.NotFound(r))
			return
		}
		req.Update().Apply(&c)
		st.contacts[key{p.CustomerID, p.CustomerContactID}] = c
		crohttp.WriteContact(w, http.StatusOK, &c)
	default:
		c, ok := st.contacts[key{p.CustomerID, p.CustomerContactID}]
		if !ok {
			crohttp.WriteError(w, crohttp.NotFound(r))
			return
		}
		crohttp.WriteContact(w, http.StatusOK, &c)
	}
}

// The tokens of the tests.
const (
	testToken   = "Bearer Qx7Vz.Kj9Wp.Lm3Rt"
	driverToken = "Bearer Dv4Nq.Hy8Tc.Zb2Xs"
	adminToken  = "Bearer Ad6Mw.Pf3Gk.Rj5Yu"
)

// roleAuthorizer knows the tests' tokens.
func roleAuthorizer(_ context.Context, tok croschema.BearerToken, _ int64) (croschema.Role, error) {
	switch tok.Reveal() {
	case testToken:
		return croschema.RoleDispatcher, nil
	case driverToken:
		return croschema.RoleDriver, nil
	case adminToken:
		return croschema.RoleAdmin, nil
	}
	return 0, errors.New("unknown token")
}

// conforming returns a conforming server: crohttp.Middleware over a store.
func conforming(opts ...crohttp.HandlerOption) http.Handler {
	return crohttp.Middleware(append([]crohttp.HandlerOption{crohttp.WithAuthorizer(roleAuthorizer)}, opts...)...)(newStore())
}

func mustToken(s string) Token {
	t, err := ParseToken(s)
	if err != nil {
		panic(err)
	}
	return t
}

// testConfig is the configuration of most tests: the main token, a
// Driver's and an Admin's, tenant 7, customers 1 and 2.
func testConfig(seed int64, n int) Config {
	return Config{
		Tokens:    []Token{mustToken(testToken), mustToken("Driver=" + driverToken), mustToken("Admin=" + adminToken)},
		Tenant:    7,
		Customers: []int64{1, 2},
		Seed:      seed,
		Requests:  n,

		RejectUnknownTokens: true,
	}
}

func newRand(seed int64) *rand.Rand { return rand.New(rand.NewSource(seed)) }
