// Package contacts is what the framework examples share that is not about
// their framework: the contact store, the example's Authorizer, and the
// checks of RULES.md "Serving the API" that come before the body (request
// line, headers, roles), written with croschema and crohttp's helpers for
// the frameworks that do not run crohttp.Middleware.
package contacts

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
)

// A Store keeps contacts by customer and id, in memory. Every tenant sees
// the same store, as the package's mock server's does (RULES.md "Serving the
// API" leaves tenancy to the server). It is safe for concurrent use.
type Store struct {
	mu     sync.Mutex
	byID   map[key]croschema.CustomerContact
	lastID map[int64]int64 // by customer
}

type key struct{ customer, contact int64 }

// NewStore returns a store holding the documented sample contact as
// contact 1 of customer 1042.
func NewStore() *Store {
	s := &Store{byID: map[key]croschema.CustomerContact{}, lastID: map[int64]int64{}}
	s.Add(1042, Sample())
	return s
}

// Sample returns the documented sample contact, without its id.
func Sample() croschema.CustomerContact {
	return croschema.CustomerContact{
		Email: croschema.NewNullString("shaneduty@gmail.com"), Name: "George",
		NotifyOnCompletedRequest: true, NotifyOnDispatchedRequest: true,
		NotifyOnFailedRequest: true, NotifyOnNewRequest: true,
		Number: croschema.NewNullString("360-555-1212"),
	}
}

// Add stores c as the next contact of the customer (ids count from 1 per
// customer) and returns it with its id.
func (s *Store) Add(customer int64, c croschema.CustomerContact) croschema.CustomerContact {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastID[customer]++
	c.ID = s.lastID[customer]
	s.byID[key{customer, c.ID}] = c
	return c
}

// Get returns a contact and reports whether it exists.
func (s *Store) Get(customer, id int64) (croschema.CustomerContact, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.byID[key{customer, id}]
	return c, ok
}

// Update applies u onto a contact (UpdateCustomerContact.Apply) and returns the
// result; it reports false when the contact does not exist.
func (s *Store) Update(customer, id int64, u *croschema.UpdateCustomerContact) (croschema.CustomerContact, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.byID[key{customer, id}]
	if !ok {
		return c, false
	}
	u.Apply(&c)
	s.byID[key{customer, id}] = c
	return c, true
}

// The access tokens the example's Authorizer knows; any other token that
// matches the documented pattern is a Dispatcher's.
const (
	DriverToken  = "ZHJpdmVy.ZHJpdmVy.ZHJpdmVy"       // a Driver: may Get, not Create or Update
	RevokedToken = "cmV2b2tlZA.cmV2b2tlZA.cmV2b2tlZA" // rejected: 401
	OtherTenant  = 99                                 // x-tenant-id that no token may use: 403
)

// Authorize is the examples' crohttp.Authorizer.
func Authorize(_ context.Context, token croschema.BearerToken, tenant int64) (croschema.Role, error) {
	switch token.Reveal() {
	case croschema.NewBearerToken(RevokedToken).Reveal():
		return 0, errors.New("the token is revoked")
	case croschema.NewBearerToken(DriverToken).Reveal():
		return croschema.RoleDriver, nil
	}
	if tenant == OtherTenant {
		return 0, fmt.Errorf("tenant %d: %w", tenant, crohttp.ErrForbidden)
	}
	return croschema.RoleDispatcher, nil
}
