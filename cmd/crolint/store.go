package main

import (
	"errors"
	"sync"

	"github.com/croschema/croschema"
)

// errStoreFull is the error of a Create past the store's bound.
var errStoreFull = errors.New("the store is full")

// store is the in-memory store of crolint serve: the contacts of every
// customer, shared by every tenant (RULES.md "Serving the API": the mock
// server keeps one store that every tenant sees). It is safe for
// concurrent use. One mutex guards it all: a Create takes the next id and
// stores the contact in one step, an Update reads, changes and writes the
// contact in one step, and a Get copies the contact under the read lock,
// so no request sees another half done.
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

func (s *store) customer(id int64) *customer {
	c := s.customers[id]
	if c == nil {
		c = &customer{next: 1, contacts: make(map[int64]croschema.CustomerContact)}
		s.customers[id] = c
	}
	return c
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

// create stores contact as the customer's next contact and returns it with
// its id, or errStoreFull when the store holds max contacts already.
func (s *store) create(cust int64, contact croschema.CustomerContact) (croschema.CustomerContact, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.n >= s.max {
		return croschema.CustomerContact{}, errStoreFull
	}
	c := s.customer(cust)
	contact.ID = c.next
	c.next++
	c.contacts[contact.ID] = contact
	s.n++
	return contact, nil
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
