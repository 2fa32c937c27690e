// Package fuzzplanted is a server with a planted bug, fuzzed with
// crotest.FuzzHandler by TestFuzzHandlerFindsPlantedBug (crotest), which
// copies it to a module of its own and runs go test -fuzz on it.
package fuzzplanted

import (
	"net/http"
	"sync"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/crotest"
)

// store keeps contacts. Its bug: an Update that clears number (null)
// while it sets notify_on_new_request to true leaves number as it was.
type store struct {
	mu       sync.Mutex
	contacts map[[2]int64]croschema.CustomerContact
	next     map[int64]int64
}

func (s *store) ServeHTTP(w http.ResponseWriter, r *http.Request) {
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
		if v, _ := u.NotifyOnNewRequest.Get(); v && u.Number.IsNull() {
			u.Number = croschema.Optional[string]{} // the bug
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

func FuzzPlanted(f *testing.F) {
	s := &store{contacts: map[[2]int64]croschema.CustomerContact{}, next: map[int64]int64{}}
	crotest.FuzzHandler(f, crohttp.Middleware()(s))
}
