package openapitest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// storeless serves the three endpoints behind crohttp's Middleware as if
// every contact existed: Get and Update answer the documented sample
// (updated), Create the created contact.
func storeless(w http.ResponseWriter, r *http.Request) {
	req := crohttp.RequestFrom(r)
	c := croschema.CustomerContact{ID: req.Params.CustomerContactID, Name: "George"}
	switch req.Endpoint {
	case croschema.CreateContact:
		c, err := crohttp.ApplyCreate(&req.Create)
		if err != nil {
			crohttp.WriteError(w, crohttp.ErrorFrom(err))
			return
		}
		c.ID = 1
		crohttp.WriteCreated(w, r, &c)
	case croschema.UpdateContact:
		crohttp.ApplyUpdate(&c, &req.Update)
		crohttp.WriteContact(w, http.StatusOK, &c)
	default:
		crohttp.WriteContact(w, http.StatusOK, &c)
	}
}

// The document describes crohttp's server: for every generated request
// that OpenAPI can judge, kin-openapi accepts it exactly when crohttp's
// Middleware answers 200, and kin-openapi finds every response the
// server writes, error or not, as the document declares it.
func TestOpenAPIAgreesWithCrohttp(t *testing.T) {
	v := newValidator(t)
	srv := httptest.NewServer(crohttp.Middleware()(http.HandlerFunc(storeless)))
	defer srv.Close()
	client := srv.Client()

	var sent, compared, disagree, responses, badResponses, excluded int
	statuses := map[int]int{}
	for _, m := range requests(newSampler()) {
		h, err := overTheWire(m.headers.Header())
		if err != nil {
			continue // a header value HTTP cannot carry
		}
		m.header = h
		req, err := http.NewRequest(m.method, srv.URL+m.target, bytes.NewReader(m.body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header = h.Clone()
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%v: %v", m, err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		sent++
		statuses[resp.StatusCode]++

		// The response, whatever the request, is one the document declares.
		if in, err := v.requestInput(m); err == nil {
			responses++
			err := openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
				RequestValidationInput: in,
				Status:                 resp.StatusCode,
				Header:                 resp.Header,
				Body:                   io.NopCloser(bytes.NewReader(body)),
				Options:                oaOptions,
			})
			if err != nil {
				badResponses++
				if badResponses <= maxShown {
					t.Errorf("crohttp's %d response does not match the document: %v\n%s\nrequest: %v", resp.StatusCode, err, body, m)
				}
			}
		}

		if excludedBy(m) != "" {
			excluded++
			continue
		}
		compared++
		oaOK, oaErr := v.accepts(m)
		if oaOK != (resp.StatusCode == http.StatusOK) {
			disagree++
			if disagree <= maxShown {
				t.Errorf("kin-openapi accepts: %v (%v), crohttp answers %d %s: %v", oaOK, oaErr, resp.StatusCode, body, m)
			}
		}
	}
	// A body over crohttp's limit gets 413, as declared.
	m := message{endpoint: croschema.CreateContact, method: http.MethodPost, target: "/customers/1/contacts",
		header: http.Header{"Authorization": {"Bearer a.b"}, "X-Tenant-Id": {"1"}, "Content-Type": {"application/json"}},
		body:   []byte(`{"name":"` + strings.Repeat("x", crohttp.DefaultBodyLimit) + `"}`)}
	req, err := http.NewRequest(m.method, srv.URL+m.target, bytes.NewReader(m.body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = m.header.Clone()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	in, err := v.requestInput(m)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a body over the limit: %d %s, want 413", resp.StatusCode, body)
	}
	if err := openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
		Body: io.NopCloser(bytes.NewReader(body)), Options: oaOptions,
	}); err != nil {
		t.Errorf("crohttp's 413 response does not match the document: %v", err)
	}

	t.Logf("%d requests sent to crohttp (statuses %v): %d compared, %d agreeing with kin-openapi, %d excluded; "+
		"%d responses validated, %d not as the document declares", sent, statuses, compared, compared-disagree, excluded,
		responses, badResponses)
	if disagree > 0 || badResponses > 0 {
		t.Errorf("%d disagreements, %d responses not as declared", disagree, badResponses)
	}
}
