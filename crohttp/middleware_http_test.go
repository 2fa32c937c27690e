package crohttp_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHead(t *testing.T) {
	srv, h := newServer(t)
	get, getBody := do(t, srv, "GET", contactPath, stdHeaders(), "")
	head, headBody := do(t, srv, "HEAD", contactPath, stdHeaders(), "")
	require.Equal(t, 200, head.StatusCode)
	assert.Empty(t, headBody)
	assert.Equal(t, 2, h.calls(), "HEAD reaches the handler as a GET")
	assert.Equal(t, croschema.GetContact, h.reqs[1].Endpoint)
	checkHeaders(t, stdHeaders(), contactPath, head, nil)
	for _, k := range []string{"Content-Type", "Content-Length", "Allow", "Access-Control-Allow-Methods"} {
		assert.Equal(t, get.Header.Get(k), head.Header.Get(k), k)
	}
	assert.Equal(t, fmt.Sprint(len(getBody)), head.Header.Get("Content-Length"))

	for _, c := range []struct {
		name   string
		path   string
		hdr    http.Header
		status int
	}{
		{"on the collection", collectionPath, stdHeaders(), 405},
		{"without authorization", contactPath, http.Header{"X-Tenant-Id": {"1"}}, 401},
		{"unknown path", "/customers", stdHeaders(), 404},
		{"no such contact", "/customers/1/contacts/404", stdHeaders(), 404},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp, body := do(t, srv, "HEAD", c.path, c.hdr.Clone(), "")
			assert.Equal(t, c.status, resp.StatusCode)
			assert.Empty(t, body)
			checkHeaders(t, c.hdr, c.path, resp, nil)
			assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
		})
	}
}

// TestHeadRecorder: a HEAD answered through a ResponseWriter that keeps
// what is written (httptest.ResponseRecorder, as handler tests use) has no
// body and the GET's Content-Length, so that crotest.AssertResponse and
// the test mode accept it, for the handler's answers and the middleware's.
func TestHeadRecorder(t *testing.T) {
	h := &contactHandler{}
	var bad []string
	mw := crohttp.Middleware(crohttp.WithResponseCheck(func(r *http.Request, vs croschema.Violations) {
		bad = append(bad, r.Method+" "+r.URL.Path+": "+vs.Error())
	}))(h)
	serve := func(method, path string, hdr http.Header) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, path, nil)
		req.Header = hdr
		rec := httptest.NewRecorder()
		mw.ServeHTTP(rec, req)
		return rec
	}
	for _, c := range []struct {
		name   string
		path   string
		hdr    http.Header
		status int
	}{
		{"the contact", contactPath, stdHeaders(), 200},
		{"no such contact (the handler's 404)", "/customers/1/contacts/404", stdHeaders(), 404},
		{"without authorization (the middleware's 401)", contactPath, http.Header{"X-Tenant-Id": {"1"}}, 401},
	} {
		t.Run(c.name, func(t *testing.T) {
			get := serve("GET", c.path, c.hdr.Clone())
			head := serve("HEAD", c.path, c.hdr.Clone())
			require.Equal(t, c.status, get.Code)
			require.Equal(t, c.status, head.Code)
			assert.NotEmpty(t, get.Body.Bytes())
			assert.Empty(t, head.Body.Bytes(), "a HEAD answer has no body")
			assert.Equal(t, fmt.Sprint(get.Body.Len()), head.Header().Get("Content-Length"))
			assert.Equal(t, get.Header().Get("Content-Type"), head.Header().Get("Content-Type"))
		})
	}
	assert.Empty(t, bad, "the test mode's verdict")
}

func TestOptions(t *testing.T) {
	srv, h := newServer(t, failAuthorizer)
	for _, c := range []struct {
		path, allow string
	}{
		{contactPath, "GET,PATCH"},
		{contactPath + "/", "GET,PATCH"},
		{collectionPath, "POST"},
		{"/customers/x/contacts", "POST"}, // a known path, whatever its parameters
	} {
		t.Run(c.path, func(t *testing.T) {
			// A browser's preflight: no token, no tenant.
			hdr := http.Header{"Origin": {"https://example.com"}, "Access-Control-Request-Method": {"PATCH"}}
			resp, body := do(t, srv, "OPTIONS", c.path, hdr, "")
			require.Equal(t, http.StatusNoContent, resp.StatusCode)
			assert.Empty(t, body)
			assert.Empty(t, resp.Header.Get("Content-Type"))
			assert.Equal(t, c.allow, resp.Header.Get("Allow"))
			checkHeaders(t, hdr, c.path, resp, body)
		})
	}
	resp, _ := do(t, srv, "OPTIONS", "/customers", http.Header{}, "")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Zero(t, h.calls(), "OPTIONS never reaches the handler")
}

func TestRoles(t *testing.T) {
	bodies := map[croschema.Endpoint]string{croschema.UpdateContact: `{}`, croschema.CreateContact: `{"name":"G"}`}
	for _, role := range append(croschema.Roles(), 0) {
		srv, h := newServer(t, authorizerOf(role))
		for _, ep := range croschema.Endpoints() {
			resp, body := do(t, srv, ep.Method(), ep.PathFor(croschema.PathParams{CustomerID: 1, CustomerContactID: 2}),
				stdHeaders(), bodies[ep])
			want := http.StatusForbidden
			if ep.Allows(role) {
				want = http.StatusOK
			}
			assert.Equal(t, want, resp.StatusCode, "%v by %v: %s", ep, role, body)
		}
		for _, req := range h.reqs {
			assert.Equal(t, role, req.Role)
		}
	}
}

func TestDefaultAuthorizerMakesDispatchers(t *testing.T) {
	srv, h := newServer(t)
	do(t, srv, "GET", contactPath, stdHeaders(), "")
	require.Equal(t, 1, h.calls())
	assert.Equal(t, croschema.RoleDispatcher, h.reqs[0].Role)
}

func TestAuthorizerGetsTokenAndTenant(t *testing.T) {
	var got struct {
		token  string
		tenant int64
		ctx    bool
	}
	type key struct{}
	authorize := func(ctx context.Context, tok croschema.BearerToken, tenant int64) (croschema.Role, error) {
		got.token, got.tenant, got.ctx = tok.Reveal(), tenant, ctx.Value(key{}) == "outer"
		return croschema.RoleAdmin, nil
	}
	mw := crohttp.Middleware(crohttp.WithAuthorizer(authorize))(&contactHandler{})
	req := httptest.NewRequest("GET", contactPath, nil).WithContext(context.WithValue(context.Background(), key{}, "outer"))
	req.Header = stdHeaders()
	req.Header.Set("X-Tenant-Id", "0077")
	rec := httptest.NewRecorder()
	mw.ServeHTTP(rec, req)
	assert.Equal(t, 200, rec.Code)
	assert.Equal(t, token, got.token)
	assert.Equal(t, int64(77), got.tenant)
	assert.True(t, got.ctx, "the Authorizer gets the request's context")
}

// endlessBody is an endless body that counts the bytes read from it.
type endlessBody struct{ n int64 }

func (c *endlessBody) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	c.n += int64(len(p))
	return len(p), nil
}

func (c *endlessBody) Close() error { return nil }

func TestBodyLimit(t *testing.T) {
	for _, limit := range []int64{0, 1, 100, 4096, 5000} {
		want := limit
		if limit == 0 {
			want = croschema.DefaultBodyLimit
		}
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			h := &contactHandler{}
			mw := crohttp.Middleware(crohttp.WithBodyLimit(limit))(h)

			// An endless body of unknown length: at most limit+1 bytes are read.
			body := &endlessBody{}
			req := httptest.NewRequest("POST", collectionPath, body)
			req.Header, req.ContentLength = stdHeaders(), -1
			rec := httptest.NewRecorder()
			mw.ServeHTTP(rec, req)
			assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
			assert.LessOrEqual(t, body.n, want+1, "bytes read")
			assert.Greater(t, body.n, want, "bytes read")

			// A Content-Length over the limit: nothing is read.
			body = &endlessBody{}
			req = httptest.NewRequest("POST", collectionPath, body)
			req.Header, req.ContentLength = stdHeaders(), want+1
			rec = httptest.NewRecorder()
			mw.ServeHTTP(rec, req)
			assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
			assert.Zero(t, body.n, "bytes read")

			// A valid body of exactly the limit is read whole.
			if want >= int64(len(`{"name":"G"}`)) {
				doc := `{"name":"G"` + strings.Repeat(" ", int(want)-len(`{"name":"G"}`)) + `}`
				req = httptest.NewRequest("POST", collectionPath, strings.NewReader(doc))
				req.Header = stdHeaders()
				rec = httptest.NewRecorder()
				mw.ServeHTTP(rec, req)
				assert.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			}
			assert.Equal(t, btoi(want >= int64(len(`{"name":"G"}`))), h.calls(), "the handler ran")
		})
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestBodyLimitOverTheNetwork(t *testing.T) {
	srv, h := newServer(t)
	big := `{"name":"G"` + strings.Repeat(" ", croschema.DefaultBodyLimit) + `}`
	resp, body := do(t, srv, "POST", collectionPath, stdHeaders(), big)
	assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode, "%s", body)
	checkHeaders(t, stdHeaders(), collectionPath, resp, body)
	fits := `{"name":"G"` + strings.Repeat(" ", croschema.DefaultBodyLimit-len(`{"name":"G"}`)) + `}`
	resp, body = do(t, srv, "POST", collectionPath, stdHeaders(), fits)
	assert.Equal(t, http.StatusOK, resp.StatusCode, "%s", body)
	assert.Equal(t, 1, h.calls())
}

// failingBody fails after its bytes.
type failingBody struct{ r io.Reader }

func (e failingBody) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err == io.EOF {
		return n, errors.New("connection reset")
	}
	return n, err
}

func TestBodyReadError(t *testing.T) {
	h := &contactHandler{}
	mw := crohttp.Middleware()(h)
	req := httptest.NewRequest("POST", collectionPath, failingBody{strings.NewReader(`{"name":"G"}`)})
	req.Header = stdHeaders()
	rec := httptest.NewRecorder()
	mw.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Zero(t, h.calls())

	// An http.MaxBytesReader set by an outer middleware is a 413.
	req = httptest.NewRequest("POST", collectionPath, strings.NewReader(`{"name":"George"}`))
	req.Header = stdHeaders()
	rec = httptest.NewRecorder()
	req.Body = http.MaxBytesReader(rec, req.Body, 4)
	req.ContentLength = -1
	mw.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
}

func TestWithServeMux(t *testing.T) {
	mux := http.NewServeMux()
	var got []string
	var mu sync.Mutex
	note := func(name string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			got = append(got, name+" "+r.PathValue("customer_id")+" "+fmt.Sprint(crohttp.RequestFrom(r).Params))
			mu.Unlock()
			c := croschema.CustomerContact{ID: 1, Name: "G"}
			crohttp.WriteContact(w, http.StatusOK, &c)
		}
	}
	mux.Handle("GET /customers/{customer_id}/contacts/{customer_contact_id}", note("get"))
	mux.Handle("PATCH /customers/{customer_id}/contacts/{customer_contact_id}", note("patch"))
	mux.Handle("POST /customers/{customer_id}/contacts", note("post"))
	srv := httptest.NewServer(crohttp.Middleware()(mux))
	defer srv.Close()

	for _, c := range []struct {
		method, path, body string
		status             int
	}{
		{"GET", "/customers/1/contacts/2", "", 200},
		{"HEAD", "/customers/1/contacts/2", "", 200},
		{"GET", "/customers/1/contacts/2/", "", 200}, // the documented sample's trailing '/': the mux sees the path without it

		{"PATCH", "/customers/1/contacts/2", "{}", 200},
		{"POST", "/customers/1/contacts", `{"name":"G"}`, 200},
		{"DELETE", "/customers/1/contacts/2", "", 405}, // the middleware's, not the mux's text/plain
		{"GET", "/customers/1", "", 404},
	} {
		resp, body := do(t, srv, c.method, c.path, stdHeaders(), c.body)
		assert.Equal(t, c.status, resp.StatusCode, "%s %s", c.method, c.path)
		if len(body) > 0 {
			assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
		}
	}
	assert.Equal(t, []string{"get 1 {1 2}", "get 1 {1 2}", "get 1 {1 2}", "patch 1 {1 2}", "post 1 {1 0}"}, got)
}

func TestRequestFromOutsideTheMiddleware(t *testing.T) {
	assert.Nil(t, crohttp.RequestFrom(httptest.NewRequest("GET", contactPath, nil)))
}

func TestConcurrentUse(t *testing.T) {
	s := &contacts{m: map[int64][]croschema.CustomerContact{}}
	var mu sync.Mutex
	var reports []croschema.Violations
	srv := httptest.NewServer(newContactServer(s, crohttp.WithResponseCheck(func(_ *http.Request, vs croschema.Violations) {
		mu.Lock()
		reports = append(reports, vs)
		mu.Unlock()
	})))
	defer srv.Close()

	const workers, each = 8, 40
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Go(func() {
			customer := fmt.Sprint(w % 3)
			for i := range each {
				var method, path, body string
				switch i % 4 {
				case 0:
					method, path, body = "POST", "/customers/"+customer+"/contacts", `{"name":"G"}`
				case 1:
					method, path, body = "PATCH", "/customers/"+customer+"/contacts/1", `{"fax":null}`
				case 2:
					method, path = "GET", "/customers/"+customer+"/contacts/1"
				case 3:
					method, path, body = "PATCH", "/customers/"+customer+"/contacts/1", `{"Name":"x"}`
				}
				req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
				req.Header = stdHeaders()
				resp, err := srv.Client().Do(req)
				if err != nil {
					errs <- err
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				want := http.StatusOK
				if i%4 == 3 {
					want = http.StatusBadRequest
				}
				if resp.StatusCode != want {
					errs <- fmt.Errorf("%s %s: %d, want %d", method, path, resp.StatusCode, want)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	assert.Empty(t, reports)
	for c := range int64(3) {
		assert.Equal(t, int64(workers/3*each/4+btoi(c < workers%3)*each/4), int64(len(s.m[c])), "contacts of customer %d", c)
	}
}

func TestNoGoroutineLeftBehind(t *testing.T) {
	mw := crohttp.Middleware(crohttp.WithBodyLimit(64))(&contactHandler{})
	requests := []func() *http.Request{
		func() *http.Request { return httptest.NewRequest("GET", contactPath, nil) },
		func() *http.Request {
			return httptest.NewRequest("PATCH", contactPath, strings.NewReader(`{"fax":null}`))
		},
		func() *http.Request { return httptest.NewRequest("POST", collectionPath, &endlessBody{}) },
		func() *http.Request { return httptest.NewRequest("DELETE", contactPath, nil) },
		func() *http.Request { return httptest.NewRequest("OPTIONS", contactPath, nil) },
		func() *http.Request { return httptest.NewRequest("GET", "/x", nil) },
	}
	before := runtime.NumGoroutine()
	for range 20 {
		for _, newReq := range requests {
			req := newReq()
			req.Header = stdHeaders()
			ctx, cancel := context.WithCancel(req.Context())
			mw.ServeHTTP(httptest.NewRecorder(), req.WithContext(ctx))
			cancel()
		}
	}
	assert.LessOrEqual(t, runtime.NumGoroutine(), before)
	buf := make([]byte, 1<<20)
	stacks := string(buf[:runtime.Stack(buf, true)])
	assert.NotContains(t, stacks, "croschema/crohttp.", "a goroutine in crohttp")
}

// TestAllocs pins the middleware's cost on a valid GET: at most one
// allocation over the same handler without it, the context that carries
// the decoded request together with the handler's copy of the request
// (the token is sealed from the cache after the first request, and the
// handler's content-type is the one the middleware set).
func TestAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts")
	}
	c := croschema.CustomerContact{ID: 1, Name: "George", Email: croschema.NewNullString("shaneduty@gmail.com")}
	bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { crohttp.WriteContact(w, 200, &c) })
	wrapped := crohttp.Middleware()(bare)
	req := httptest.NewRequest("GET", "/customers/1042/contacts/1/", nil)
	req.Header = stdHeaders()
	rec := httptest.NewRecorder()
	run := func(h http.Handler) float64 {
		return testing.AllocsPerRun(200, func() {
			clear(rec.Header())
			rec.Body.Reset()
			h.ServeHTTP(rec, req)
		})
	}
	base, mw := run(bare), run(wrapped)
	t.Logf("allocs: bare %v, crohttp %v", base, mw)
	assert.LessOrEqual(t, mw-base, 1.0, "allocations over the bare handler (bare %v, crohttp %v)", base, mw)
	req.Header.Set("X-Request-Id", "b24c2138-65af-4ed3-8e1d-b85a7dc8171c")
	assert.LessOrEqual(t, run(wrapped)-base, 1.0, "allocations with x-request-id given")
}

func TestResponseCheck(t *testing.T) {
	good := croschema.CustomerContact{ID: 1, Name: "George"}
	for _, c := range []struct {
		name    string
		method  string
		handler http.HandlerFunc
		want    []string // location: code of each violation reported
	}{
		{"a conforming handler", "GET", func(w http.ResponseWriter, r *http.Request) {
			crohttp.WriteContact(w, 200, &good)
		}, nil},
		{"201 and no Location on a Create", "POST", func(w http.ResponseWriter, r *http.Request) {
			crohttp.WriteContact(w, http.StatusCreated, &good)
		}, []string{"status: enum"}},
		{"no Location on a Create", "POST", func(w http.ResponseWriter, r *http.Request) {
			crohttp.WriteContact(w, http.StatusOK, &good)
		}, []string{"location: required"}},
		{"a broken contact", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"id":1,"name":""}`))
		}, []string{"/email: required", "/fax: required", "/notify_on_acknowledged_request: required",
			"/notify_on_completed_request: required", "/notify_on_dispatched_request: required",
			"/notify_on_failed_request: required", "/notify_on_new_request: required", "/number: required",
			"/name: min_length"}},
		{"http.Error", "GET", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "oops", http.StatusInternalServerError)
		}, []string{": syntax", "content-type: enum"}},
		{"headers removed", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Del("X-Request-Id")
			w.Header().Del("Access-Control-Allow-Origin")
			w.Header().Set("X-Api-Version", "2019-02-08")
			crohttp.WriteContact(w, 200, &good)
		}, []string{"x-api-version: enum", "x-request-id: required", "access-control-allow-origin: required"}},
		{"another request id and version", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Request-Id", "00000000-0000-4000-8000-000000000000")
			w.Header().Set("X-Api-Version", "2023/04/19")
			crohttp.WriteContact(w, 200, &good)
		}, []string{"x-request-id: enum", "x-api-version: enum"}},
		{"401 without WWW-Authenticate", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(401)
			w.Write([]byte(`{"detail":"no"}`))
		}, []string{"www-authenticate: required"}},
		{"nothing written", "GET", func(w http.ResponseWriter, r *http.Request) {}, []string{": syntax"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			mw := crohttp.Middleware(crohttp.WithResponseCheck(func(r *http.Request, vs croschema.Violations) {
				for _, v := range vs {
					got = append(got, v.Location+": "+string(v.Code))
				}
			}))(c.handler)
			path := contactPath
			var body io.Reader
			if c.method == "POST" {
				path, body = collectionPath, strings.NewReader(`{"name":"G"}`)
			}
			req := httptest.NewRequest(c.method, path, body)
			req.Header = stdHeaders()
			req.Header.Set("X-Request-Id", "b24c2138-65af-4ed3-8e1d-b85a7dc8171c")
			mw.ServeHTTP(httptest.NewRecorder(), req)
			assert.ElementsMatch(t, c.want, got)
		})
	}
}

// TestTokenNeverInOutput sends the token in every row of the status table
// and with an Authorizer whose errors and logs hold it, and looks for it in
// every response, every reported violation and the log.
func TestTokenNeverInOutput(t *testing.T) {
	var logged bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logged, nil))
	var reported []string
	authorize := func(ctx context.Context, tok croschema.BearerToken, tenant int64) (croschema.Role, error) {
		log.Info("authorize", "token", tok, "tenant", tenant)
		if tenant == 403 {
			return 0, fmt.Errorf("%w: %s", crohttp.ErrForbidden, tok.Reveal())
		}
		if tenant == 401 {
			return 0, errors.New("bad token " + tok.Reveal())
		}
		return croschema.RoleDispatcher, nil
	}
	h := &contactHandler{}
	mw := crohttp.Middleware(crohttp.WithAuthorizer(authorize), crohttp.WithResponseCheck(func(r *http.Request, vs croschema.Violations) {
		reported = append(reported, fmt.Sprintf("%v %+v %#v", vs, vs, vs))
	}))(h)
	srv := httptest.NewServer(mw)
	defer srv.Close()
	tokens := []string{token, "Bearer " + secret, "bearer " + secret + "." + secret + "/" + secret, "Basic " + secret,
		"Bearer " + secret + " " + secret, "Bearer " + strings.Repeat(secret, 8)}
	for _, row := range statusRows {
		for _, tok := range tokens {
			for _, tenant := range []string{"77", "401", "403"} {
				hdr := stdHeaders()
				if row.hdr != nil {
					row.hdr(hdr)
				}
				if hdr.Get("Authorization") != "" {
					hdr.Set("Authorization", tok)
				}
				if hdr.Get("X-Tenant-Id") == "77" {
					hdr.Set("X-Tenant-Id", tenant)
				}
				resp, body := do(t, srv, row.method, row.path, hdr, row.body)
				var all bytes.Buffer
				require.NoError(t, resp.Header.Write(&all))
				all.Write(body)
				assert.NotContains(t, all.String(), secret, "%s with %d-byte token, tenant %s", row.name, len(tok), tenant)
			}
		}
	}
	assert.NotContains(t, strings.Join(reported, "\n"), secret)
	assert.NotContains(t, logged.String(), secret)
}

func TestRequestIDMintedFresh(t *testing.T) {
	mw := crohttp.Middleware()(&contactHandler{})
	seen := map[string]bool{}
	for i := range 200 {
		req := httptest.NewRequest("GET", contactPath, nil)
		req.Header = stdHeaders()
		if i%2 == 1 {
			req.Header.Set("X-Request-Id", "not-a-uuid") // invalid: a new one too, and a 400
		}
		rec := httptest.NewRecorder()
		mw.ServeHTTP(rec, req)
		id := rec.Header().Get("X-Request-Id")
		assert.Regexp(t, mintedUUID, id)
		assert.False(t, seen[id], "x-request-id %s minted twice", id)
		seen[id] = true
	}
}

// TestScrubKeepsModelNames: a token that shares four characters with a
// model's name (here "oNtA" with "UpdateCustomerContactModel") must not
// garble the error body's field; only what the client sent is searched for
// pieces of it. Found by TestPropertyBrokenRequestsNeverReachTheHandler
// with seed 1795783924203285356.
func TestScrubKeepsModelNames(t *testing.T) {
	srv, _ := newServer(t)
	hdr := stdHeaders()
	hdr.Set("Authorization", "bEaREr N5ltYzwbaK0nv0CKGTA4a8vbK.s2Dfca8MOpfRIx0IEyF2PI.eboNtAn6qpm0clI")
	resp, body := do(t, srv, "PATCH", contactPath, hdr, `{"NOTIFY_ON_COMPLETED_REQUEST":[]}`)
	require.Equal(t, 400, resp.StatusCode)
	e, err := croschema.LintAPIError(body)
	require.NoError(t, err)
	assert.Equal(t, "UpdateCustomerContactModel.NOTIFY_ON_COMPLETED_REQUEST", e.Field.String)
	assert.Equal(t, "Unknown field.", e.Detail)
}

// TestContentEncoding: a request body with a Content-Encoding other than
// identity is not the API's: 415, with the error body and the headers
// every answer carries, the handler not run (issue 19, item 14). identity
// is no coding, and a body-less request's Content-Encoding encodes nothing.
func TestContentEncoding(t *testing.T) {
	srv, h := newServer(t)
	for _, tc := range []struct {
		method, path, encoding, body string
		status                       int
	}{
		{"POST", collectionPath, "gzip", `{"name":"George"}`, http.StatusUnsupportedMediaType},
		{"PATCH", contactPath, "gzip", `{"fax":null}`, http.StatusUnsupportedMediaType},
		{"PATCH", contactPath, "br", `{"fax":null}`, http.StatusUnsupportedMediaType},
		{"PATCH", contactPath, "deflate", `{"fax":null}`, http.StatusUnsupportedMediaType},
		{"POST", collectionPath, "x-anything", `{"name":"George"}`, http.StatusUnsupportedMediaType},
		{"POST", collectionPath, "identity", `{"name":"George"}`, http.StatusOK},
		{"PATCH", contactPath, "Identity", `{"fax":null}`, http.StatusOK},
	} {
		hdr := stdHeaders()
		hdr.Set("Content-Encoding", tc.encoding)
		hdr.Set("X-Request-Id", "b24c2138-65af-4ed3-8e1d-b85a7dc8171c")
		calls := h.calls()
		resp, body := do(t, srv, tc.method, tc.path, hdr, tc.body)
		require.Equal(t, tc.status, resp.StatusCode, "%s %s, content-encoding %s: %s", tc.method, tc.path, tc.encoding, body)
		if tc.status == http.StatusOK {
			continue
		}
		assert.Equal(t, calls, h.calls(), "the handler ran for content-encoding %s", tc.encoding)
		e, err := croschema.LintAPIError(body)
		require.NoError(t, err, "the error body: %s", body)
		assert.Contains(t, e.Detail, `"`+tc.encoding+`"`, "the detail names the coding")
		assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
		assert.Equal(t, "2019/02/08", resp.Header.Get("X-Api-Version"))
		assert.Equal(t, "b24c2138-65af-4ed3-8e1d-b85a7dc8171c", resp.Header.Get("X-Request-Id"))
		assert.Equal(t, "*", resp.Header.Get("Access-Control-Allow-Origin"))
		assert.NotEmpty(t, resp.Header.Get("Access-Control-Allow-Methods"))
	}
	// A GET has no body to encode.
	hdr := stdHeaders()
	hdr.Set("Content-Encoding", "gzip")
	resp, body := do(t, srv, "GET", contactPath, hdr, "")
	assert.Equal(t, http.StatusOK, resp.StatusCode, "%s", body)
}

// TestResponseCheckFindsWhatTheContractForbids: the test mode reports the
// token echoed in an error body or a response header, a Get of contact 7
// answered with contact 1, and a Create whose Location points at another
// origin or at another contact than the body's (issue 19, item 10).
func TestResponseCheckFindsWhatTheContractForbids(t *testing.T) {
	const create = `{"name":"George"}`
	created := croschema.CustomerContact{ID: 9, Name: "George"}
	for _, tc := range []struct {
		name, method, path string
		handler            http.HandlerFunc
		want               string // location and code of a violation reported
	}{
		{"the token in the error body", "GET", "/customers/1042/contacts/7", func(w http.ResponseWriter, r *http.Request) {
			crohttp.WriteError(w, &croschema.APIError{StatusCode: 404, Detail: "no contact for " + r.Header.Get("Authorization")})
		}, " enum"},
		{"the token in a header", "GET", "/customers/1042/contacts/7", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Debug", r.Header.Get("Authorization"))
			crohttp.WriteContact(w, 200, &croschema.CustomerContact{ID: 7, Name: "George"})
		}, "x-debug enum"},
		{"another contact", "GET", "/customers/1042/contacts/7", func(w http.ResponseWriter, r *http.Request) {
			crohttp.WriteContact(w, 200, &croschema.CustomerContact{ID: 1, Name: "George"})
		}, "/id enum"},
		{"a Location at another origin", "POST", collectionPath, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Location", "http://evil.example/customers/1042/contacts/9")
			crohttp.WriteContact(w, 200, &created)
		}, "location enum"},
		{"a Location at another contact", "POST", collectionPath, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Location", "/customers/1042/contacts/8")
			crohttp.WriteContact(w, 200, &created)
		}, "location enum"},
		{"a Location at another customer", "POST", collectionPath, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Location", "/customers/1043/contacts/9")
			crohttp.WriteContact(w, 200, &created)
		}, "location enum"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			var all string
			mw := crohttp.Middleware(crohttp.WithResponseCheck(func(_ *http.Request, vs croschema.Violations) {
				got = append(got, locCodes(vs)...)
				all += vs.Error()
			}))(tc.handler)
			var body io.Reader
			if tc.method == "POST" {
				body = strings.NewReader(create)
			}
			req := httptest.NewRequest(tc.method, tc.path, body)
			req.Header = stdHeaders()
			mw.ServeHTTP(httptest.NewRecorder(), req)
			assert.Equal(t, []string{tc.want}, got)
			assert.NotContains(t, all, secret)
		})
	}
	// The conforming answers, for contrast: nothing reported.
	var got []string
	mw := crohttp.Middleware(crohttp.WithResponseCheck(func(_ *http.Request, vs croschema.Violations) {
		got = append(got, locCodes(vs)...)
	}))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "POST" {
			crohttp.WriteCreated(w, r, &created)
			return
		}
		crohttp.WriteContact(w, 200, &croschema.CustomerContact{ID: 7, Name: "George"})
	}))
	for _, m := range []string{"GET", "POST"} {
		path, body := "/customers/1042/contacts/7", io.Reader(nil)
		if m == "POST" {
			path, body = collectionPath, strings.NewReader(create)
		}
		req := httptest.NewRequest(m, path, body)
		req.Header = stdHeaders()
		mw.ServeHTTP(httptest.NewRecorder(), req)
	}
	assert.Empty(t, got)
}
