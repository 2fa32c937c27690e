package openapitest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// storeless serves the endpoints behind crohttp's Middleware as if every
// contact existed, except those of customer 0: Get and Update answer a
// contact (updated), Create the created contact; for customer 0, Get and
// Update answer 404 and Create 507, as a full store of crolint serve does.
// handled counts the requests it sees: those the middleware let through.
type storeless struct{ handled atomic.Int64 }

func (s *storeless) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handled.Add(1)
	req := crohttp.RequestFrom(r)
	c := croschema.CustomerContact{ID: req.Params.CustomerContactID, Name: "George"}
	switch {
	case req.Params.CustomerID == 0 && req.Endpoint.Location().IsValid():
		crohttp.WriteError(w, &croschema.APIError{StatusCode: http.StatusInsufficientStorage, Detail: "The store is full."})
	case req.Params.CustomerID == 0:
		crohttp.WriteError(w, crohttp.NotFound(r))
	case req.Create() != nil:
		c, err := req.Create().Contact()
		if err != nil {
			crohttp.WriteError(w, crohttp.ErrorFrom(err))
			return
		}
		c.ID = 1
		crohttp.WriteCreated(w, r, &c)
	case req.Update() != nil:
		req.Update().Apply(&c)
		crohttp.WriteContact(w, http.StatusOK, &c)
	default:
		crohttp.WriteContact(w, http.StatusOK, &c)
	}
}

// The document describes crohttp's server: every generated request that
// crohttp's Middleware lets through to the handler, kin-openapi accepts
// (the document never rejects what the server accepts); every request it
// answers itself, kin-openapi rejects, unless the request breaks a rule
// OpenAPI cannot express (exclusions); and kin-openapi finds every
// response the server writes, error or not, as the document declares it.
func TestOpenAPIAgreesWithCrohttp(t *testing.T) {
	v := newValidator(t)
	var h storeless
	srv := httptest.NewServer(crohttp.Middleware()(&h))
	defer srv.Close()
	client := srv.Client()

	var sent, agree, accepted, disagree, rejectsServed, responses, badResponses int
	statuses := map[int]int{}
	for _, m := range requests(newSampler()) {
		hdr, err := overTheWire(m.headers.Header())
		if err != nil {
			continue // a header value HTTP cannot carry
		}
		m.header = hdr
		before := h.handled.Load()
		status, body, header := send(t, client, srv.URL, m)
		served := h.handled.Load() > before
		sent++
		statuses[status]++

		// The response, whatever the request, is one the document declares.
		responses++
		if err := validateResponse(v, m, status, header, body); err != nil {
			badResponses++
			if badResponses <= maxShown {
				t.Errorf("crohttp's %d response does not match the document: %v\n%s\nrequest: %v", status, err, body, m)
			}
		}

		oaOK, oaErr := v.accepts(m)
		switch {
		case oaOK == served:
			agree++
		case served:
			rejectsServed++
			if rejectsServed <= maxShown {
				t.Errorf("the document rejects a request crohttp serves (%d): %v: %v", status, oaErr, m)
			}
		case excludedBy(m) != "":
			accepted++ // the document accepts more: a rule it cannot express
		default:
			disagree++
			if disagree <= maxShown {
				t.Errorf("kin-openapi accepts, crohttp answers %d %s: %v", status, body, m)
			}
		}
	}
	// A body over crohttp's limit gets 413, as declared.
	m := message{endpoint: croschema.CreateContact, method: http.MethodPost, target: "/customers/1/contacts",
		header: http.Header{"Authorization": {"Bearer a.b"}, "X-Tenant-Id": {"1"}, "Content-Type": {"application/json"}},
		body:   []byte(`{"name":"` + strings.Repeat("x", croschema.DefaultBodyLimit) + `"}`)}
	status, body, header := send(t, client, srv.URL, m)
	if status != http.StatusRequestEntityTooLarge {
		t.Errorf("a body over the limit: %d %s, want 413", status, body)
	}
	if err := validateResponse(v, m, status, header, body); err != nil {
		t.Errorf("crohttp's 413 response does not match the document: %v", err)
	}

	t.Logf("%d requests sent to crohttp (statuses %v): %d agreeing with kin-openapi, %d accepted by the document "+
		"and answered by the middleware (exclusions); %d responses validated, %d not as the document declares",
		sent, statuses, agree, accepted, responses, badResponses)
	for _, want := range []int{200, 400, 401, 403, 404, 415, 507} {
		if statuses[want] == 0 {
			t.Errorf("no request was answered %d: the responses of that status were not validated", want)
		}
	}
	if rejectsServed > 0 || disagree > 0 || badResponses > 0 {
		t.Errorf("%d served requests the document rejects, %d other disagreements, %d responses not as declared",
			rejectsServed, disagree, badResponses)
	}
}

// send sends m's request to the server at base and returns the response.
func send(t *testing.T, client *http.Client, base string, m message) (int, []byte, http.Header) {
	t.Helper()
	req, err := http.NewRequest(m.method, base+m.target, bytes.NewReader(m.body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = m.header.Clone()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%v: %v", m, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body, resp.Header
}

// validateResponse validates a response to m's request against the
// document, the request framed as the document describes it.
func validateResponse(v *oaValidator, m message, status int, header http.Header, body []byte) error {
	in, err := v.requestInput(m)
	if err != nil {
		return err
	}
	return openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                oaOptions,
	})
}
