package crohttp_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crogen"
	"github.com/croschema/croschema/crohttp"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// propServer is the middleware in test mode in front of a handler that
// records the one request it gets.
type propServer struct {
	h        http.Handler
	got      *crohttp.Request
	reports  croschema.Violations
	response *httptest.ResponseRecorder
}

func newPropServer() *propServer {
	s := &propServer{}
	s.h = crohttp.Middleware(crohttp.WithResponseCheck(func(_ *http.Request, vs croschema.Violations) {
		s.reports = append(s.reports, vs...)
	}))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req := *crohttp.RequestFrom(r)
		s.got = &req
		c := croschema.CustomerContact{ID: req.Params.CustomerContactID, Name: "George"}
		if req.Endpoint == croschema.CreateContact {
			crohttp.WriteCreated(w, r, &c)
			return
		}
		crohttp.WriteContact(w, http.StatusOK, &c)
	}))
	return s
}

// serve sends one request straight to the middleware, headers as the
// generator wrote them (odd letter case, surrounding space).
func (s *propServer) serve(method, path string, h http.Header, body []byte) {
	s.got, s.reports, s.response = nil, nil, httptest.NewRecorder()
	req := httptest.NewRequest(method, "http://api.example.com"+path, bytes.NewReader(body))
	req.Header = h
	s.h.ServeHTTP(s.response, req)
}

// errorField returns the field of the error body, "" for null.
func (s *propServer) errorField() (string, error) {
	var e struct{ Field *string }
	if err := json.Unmarshal(s.response.Body.Bytes(), &e); err != nil {
		return "", err
	}
	if e.Field == nil {
		return "", nil
	}
	return *e.Field, nil
}

func endpointOf(method string) croschema.Endpoint {
	for _, e := range croschema.Endpoints() {
		if e.Method() == method {
			return e
		}
	}
	return 0
}

// pathOf writes the path of ep in one of its accepted spellings: leading
// zeros, a trailing '/', a query.
func pathOf(ep croschema.Endpoint, p croschema.PathParams, spelling int) string {
	path := ep.PathFor(p)
	switch spelling % 4 {
	case 1:
		path += "/"
	case 2:
		path = strings.Replace(path, "/customers/", "/customers/000", 1)
	case 3:
		path += "?x-tenant-id=1"
	}
	return path
}

func propParams() *gopter.TestParameters {
	p := gopter.DefaultTestParameters()
	p.MinSuccessfulTests = 300
	return p
}

func TestPropertyValidRequestsReachTheHandler(t *testing.T) {
	s := newPropServer()
	properties := gopter.NewProperties(propParams())
	properties.Property("the handler gets exactly the decoded request", prop.ForAll(
		func(hs crogen.HeaderSet, create, update crogen.Doc, cid, ccid int64, spelling int) (bool, error) {
			ep := endpointOf(hs.Method)
			params := croschema.PathParams{CustomerID: cid, CustomerContactID: ccid}
			var body []byte
			want := decoded{Endpoint: ep, Params: params, Role: croschema.RoleDispatcher}
			switch ep {
			case croschema.CreateContact:
				params.CustomerContactID, want.Params.CustomerContactID = 0, 0
				body = create.JSON()
				c, _ := croschema.LintCreateContact(body)
				want.Create = &c
			case croschema.UpdateContact:
				body = update.JSON()
				u, _ := croschema.LintUpdateContact(body)
				want.Update = &u
			}
			var err error
			want.Headers, err = croschema.LintRequestHeaders(hs.Header(), hs.Method)
			if err != nil {
				return false, fmt.Errorf("generated headers: %w", err)
			}
			s.serve(hs.Method, pathOf(ep, params, spelling), hs.Header(), body)
			switch {
			case s.response.Code != http.StatusOK:
				return false, fmt.Errorf("status %d: %s", s.response.Code, s.response.Body)
			case s.got == nil:
				return false, errors.New("the handler did not run")
			case !reflect.DeepEqual(decodedOf(s.got), want):
				return false, fmt.Errorf("the handler got %+v, want %+v", decodedOf(s.got), want)
			case len(s.reports) > 0:
				return false, fmt.Errorf("the response breaks the contract: %v", s.reports)
			}
			return true, nil
		},
		crogen.RequestHeaderSets(),
		crogen.StorableCreateDocs(),
		crogen.ValidDocs(croschema.ModelUpdateCustomerContact),
		gen.Int64Range(0, math.MaxInt64),
		gen.Int64Range(0, math.MaxInt64),
		gen.IntRange(0, 3),
	))
	properties.TestingRun(t)
}

// brokenParams are path parameters that break one rule.
var brokenParams = []string{"", "+1", "-1", "1a", "%31", "1.0", "9223372036854775808", "%20"}

func TestPropertyBrokenRequestsNeverReachTheHandler(t *testing.T) {
	s := newPropServer()
	check := func(method, path string, h http.Header, body []byte, status int, field string) (bool, error) {
		s.serve(method, path, h, body)
		got, err := s.errorField()
		switch {
		case s.got != nil:
			return false, errors.New("the handler ran")
		case s.response.Code != status:
			return false, fmt.Errorf("status %d, want %d: %s", s.response.Code, status, s.response.Body)
		case err != nil:
			return false, fmt.Errorf("error body %q: %w", s.response.Body, err)
		case got != field:
			return false, fmt.Errorf("field %q, want %q: %s", got, field, s.response.Body)
		case len(s.reports) > 0:
			return false, fmt.Errorf("the response breaks the contract: %v", s.reports)
		}
		return true, nil
	}
	bodyOf := func(ep croschema.Endpoint, create, update crogen.Doc) []byte {
		switch ep {
		case croschema.CreateContact:
			return create.JSON()
		case croschema.UpdateContact:
			return update.JSON()
		}
		return nil
	}
	params := croschema.PathParams{CustomerID: 1042, CustomerContactID: 7}

	properties := gopter.NewProperties(propParams())
	properties.Property("a broken header gets its status and field", prop.ForAll(
		func(hs crogen.HeaderSet, create, update crogen.Doc) (bool, error) {
			ep := endpointOf(hs.Method)
			status := croschema.Status(croschema.Violations{{Location: hs.Want.Location, Code: hs.Want.Code}})
			return check(hs.Method, ep.PathFor(params), hs.Header(), bodyOf(ep, create, update), status, hs.Want.Field)
		},
		crogen.BrokenRequestHeaderSets(),
		crogen.StorableCreateDocs(),
		crogen.ValidDocs(croschema.ModelUpdateCustomerContact),
	))
	properties.Property("a broken body gets 400 and its field", prop.ForAll(
		func(hs crogen.HeaderSet, create, update crogen.Doc) (bool, error) {
			ep := endpointOf(hs.Method)
			want := create.Want
			if ep == croschema.UpdateContact {
				want = update.Want
			}
			return check(hs.Method, ep.PathFor(params), hs.Header(), bodyOf(ep, create, update), http.StatusBadRequest, want.Field)
		},
		crogen.RequestHeaderSets().SuchThat(func(hs crogen.HeaderSet) bool { return hs.Method != http.MethodGet }),
		crogen.AnyDocs(croschema.ModelCreateCustomerContact).SuchThat(func(d crogen.Doc) bool { return !d.Valid() }),
		crogen.AnyDocs(croschema.ModelUpdateCustomerContact).SuchThat(func(d crogen.Doc) bool { return !d.Valid() }),
	))
	properties.Property("a broken path parameter gets 400 (or 405) and its field", prop.ForAll(
		func(hs crogen.HeaderSet, create, update crogen.Doc, bad int, second bool) (bool, error) {
			ep := endpointOf(hs.Method)
			segs := strings.Split(ep.PathFor(params), "/") // "", "customers", "1042", "contacts", "7"
			i := 2
			if second && ep != croschema.CreateContact {
				i = 4
			}
			segs[i] = brokenParams[bad]
			path := strings.Join(segs, "/")
			_, _, err := croschema.MatchEndpoint(hs.Method, path)
			var vs croschema.Violations
			if !errors.As(err, &vs) || len(vs) != 1 {
				return false, fmt.Errorf("%s: want one violation, got %v", path, err)
			}
			// "/customers/1042/contacts/" is the collection (a trailing '/'
			// is accepted), so GET and PATCH get 405 there.
			status := http.StatusBadRequest
			if vs[0].Code == croschema.CodeMethod {
				status = http.StatusMethodNotAllowed
			}
			return check(hs.Method, path, hs.Header(), bodyOf(ep, create, update), status, vs[0].Field)
		},
		crogen.RequestHeaderSets(),
		crogen.StorableCreateDocs(),
		crogen.ValidDocs(croschema.ModelUpdateCustomerContact),
		gen.IntRange(0, len(brokenParams)-1),
		gen.Bool(),
	))
	properties.TestingRun(t)
}
