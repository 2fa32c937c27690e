package crohttp_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
)

// TestNilArguments: a nil where a value belongs is a handler's or caller's
// bug, answered as one (a 500, an error), never a panic and never an empty
// 200 that looks like success.
func TestNilArguments(t *testing.T) {
	for name, write := range map[string]func(http.ResponseWriter){
		"WriteError(nil)":            func(w http.ResponseWriter) { crohttp.WriteError(w, nil) },
		"WriteError(ErrorFrom(nil))": func(w http.ResponseWriter) { crohttp.WriteError(w, crohttp.ErrorFrom(nil)) },
		"WriteContact(nil)":          func(w http.ResponseWriter) { crohttp.WriteContact(w, http.StatusOK, nil) },
	} {
		t.Run(name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			require.NotPanics(t, func() { write(rec) })
			assert.Equal(t, http.StatusInternalServerError, rec.Code)
			_, err := croschema.LintAPIError(rec.Body.Bytes())
			assert.NoError(t, err, "the body is the API's error body")
		})
	}

	t.Run("Middleware(nil option)", func(t *testing.T) {
		var mw func(http.Handler) http.Handler
		require.NotPanics(t, func() { mw = crohttp.Middleware(nil, crohttp.WithBodyLimit(10), nil) })
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", contactPath, nil)
		req.Header = stdHeaders()
		mw(&contactHandler{}).ServeHTTP(rec, req)
		assert.Equal(t, http.StatusOK, rec.Code)
	})

	t.Run("Client with a nil context", func(t *testing.T) {
		c := crohttp.NewClient("http://127.0.0.1:1", croschema.NewBearerToken("a.b.c"), 1, nil) // a nil option is skipped
		var err error
		require.NotPanics(t, func() {
			var ctx context.Context // nil, as a caller's bug passes it
			_, err = c.GetContact(ctx, 1, 2)
		})
		assert.EqualError(t, err, "crohttp: nil Context")
	})
}

// TestNilNeverPanics: every exported function and method that takes a
// pointer or an interface, given nil, returns or answers without a panic
// (issue 19, item 15): a nil ResponseWriter gets nothing written, a nil
// request or contact a 500 or no Location, a nil *Client an error, a nil
// handler behind Middleware a 500 for what would have reached it.
func TestNilNeverPanics(t *testing.T) {
	contact := &croschema.CustomerContact{ID: 7, Name: "George"}
	post := func() *http.Request {
		r := httptest.NewRequest("POST", collectionPath, strings.NewReader(`{"name":"George"}`))
		r.Header = stdHeaders()
		return r
	}
	get := func() *http.Request {
		r := httptest.NewRequest("GET", contactPath, nil)
		r.Header = stdHeaders()
		return r
	}

	t.Run("WriteCreated(w, r, nil)", func(t *testing.T) {
		rec := httptest.NewRecorder()
		require.NotPanics(t, func() { crohttp.WriteCreated(rec, post(), nil) })
		assert.Equal(t, http.StatusInternalServerError, rec.Code)
		assert.Empty(t, rec.Header().Values("Location"))
	})
	t.Run("WriteCreated(w, nil, c)", func(t *testing.T) {
		rec := httptest.NewRecorder()
		require.NotPanics(t, func() { crohttp.WriteCreated(rec, nil, contact) })
		assert.Equal(t, http.StatusOK, rec.Code)
		assert.Empty(t, rec.Header().Values("Location"), "no request, no path to name")
	})
	t.Run("a request without a URL", func(t *testing.T) {
		rec := httptest.NewRecorder()
		require.NotPanics(t, func() { crohttp.WriteCreated(rec, &http.Request{Method: "POST"}, contact) })
		assert.Empty(t, rec.Header().Values("Location"))
		var e *croschema.APIError
		require.NotPanics(t, func() { e = crohttp.NotFound(&http.Request{Method: "GET"}) })
		assert.Equal(t, "Not found.", e.Detail)
		rec = httptest.NewRecorder()
		require.NotPanics(t, func() {
			crohttp.Middleware()(&contactHandler{}).ServeHTTP(rec, &http.Request{Method: "GET", Header: stdHeaders()})
		})
		assert.Equal(t, http.StatusNotFound, rec.Code)
	})
	t.Run("a nil ResponseWriter", func(t *testing.T) {
		require.NotPanics(t, func() { crohttp.WriteError(nil, crohttp.NotFound(get())) })
		require.NotPanics(t, func() { crohttp.WriteContact(nil, http.StatusOK, contact) })
		require.NotPanics(t, func() { crohttp.WriteCreated(nil, post(), contact) })
		require.NotPanics(t, func() { crohttp.Middleware()(&contactHandler{}).ServeHTTP(nil, get()) })
	})
	t.Run("NotFound(nil)", func(t *testing.T) {
		var e *croschema.APIError
		require.NotPanics(t, func() { e = crohttp.NotFound(nil) })
		assert.Equal(t, &croschema.APIError{StatusCode: http.StatusNotFound, Detail: "Not found."}, e)
	})
	t.Run("RequestFrom(nil)", func(t *testing.T) {
		require.NotPanics(t, func() { assert.Nil(t, crohttp.RequestFrom(nil)) })
	})
	t.Run("ErrorFrom(nil), ErrorFromViolations(nil)", func(t *testing.T) {
		assert.Nil(t, crohttp.ErrorFrom(nil))
		assert.Nil(t, crohttp.ErrorFromViolations(nil))
	})
	t.Run("Middleware with a nil handler", func(t *testing.T) {
		mw := crohttp.Middleware()(nil)
		rec := httptest.NewRecorder()
		require.NotPanics(t, func() { mw.ServeHTTP(rec, get()) })
		assert.Equal(t, http.StatusInternalServerError, rec.Code)
		_, err := croschema.LintAPIError(rec.Body.Bytes())
		assert.NoError(t, err, "the body is the API's error body")
		// What the middleware answers itself is answered as ever.
		rec = httptest.NewRecorder()
		bad := get()
		bad.Header.Del("Authorization")
		require.NotPanics(t, func() { mw.ServeHTTP(rec, bad) })
		assert.Equal(t, http.StatusUnauthorized, rec.Code)
		require.NotPanics(t, func() { mw.ServeHTTP(httptest.NewRecorder(), nil) })
	})
	t.Run("nil options", func(t *testing.T) {
		h := crohttp.Middleware(crohttp.WithAuthorizer(nil), crohttp.WithResponseCheck(nil))(&contactHandler{})
		rec := httptest.NewRecorder()
		require.NotPanics(t, func() { h.ServeHTTP(rec, get()) })
		assert.Equal(t, http.StatusOK, rec.Code)
		c := crohttp.NewClient("http://127.0.0.1:1", clientToken, clientTenant, crohttp.WithHTTPClient(nil),
			crohttp.WithRequestIDFunc(nil), crohttp.WithLenientResponses(nil), crohttp.WithRetry(crohttp.RetryPolicy{}))
		require.NotPanics(t, func() { _, _ = c.GetContact(context.Background(), 1, 2) })
	})
	t.Run("a nil *Client", func(t *testing.T) {
		var c *crohttp.Client
		ctx := context.Background()
		for name, call := range map[string]func() error{
			"GetContact": func() error { _, err := c.GetContact(ctx, 1, 2); return err },
			"CreateContact": func() error {
				_, err := c.CreateContact(ctx, 1, croschema.CreateCustomerContact{Name: croschema.Set("G")})
				return err
			},
			"UpdateContact": func() error { _, err := c.UpdateContact(ctx, 1, 2, croschema.UpdateCustomerContact{}); return err },
		} {
			var err error
			require.NotPanics(t, func() { err = call() }, name)
			assert.EqualError(t, err, "crohttp: nil Client", name)
		}
	})
	t.Run("contexts", func(t *testing.T) {
		var ctx context.Context // nil
		require.NotPanics(t, func() { ctx = crohttp.ContextWithRequestID(ctx, "b24c2138-65af-4ed3-8e1d-b85a7dc8171c") })
		id, ok := crohttp.RequestIDFromContext(ctx)
		assert.True(t, ok)
		assert.Equal(t, "b24c2138-65af-4ed3-8e1d-b85a7dc8171c", id)
		var none context.Context // nil: a caller's bug, the test's point
		_, ok = crohttp.RequestIDFromContext(none)
		assert.False(t, ok)
	})
	t.Run("NewTransport's RoundTrip(nil)", func(t *testing.T) {
		tr := crohttp.NewTransport(roundTripFunc(func(r *http.Request) (*http.Response, error) {
			return nil, errors.New("the base transport got a request")
		}), nil)
		var err error
		require.NotPanics(t, func() { _, err = tr.RoundTrip(nil) })
		assert.Error(t, err)
	})
	t.Run("errors' methods", func(t *testing.T) {
		var re *crohttp.ResponseError
		var te *crohttp.TransportError
		require.NotPanics(t, func() { assert.Nil(t, re.Unwrap()) })
		require.NotPanics(t, func() { assert.Equal(t, "<nil>", re.Error()) })
		require.NotPanics(t, func() { assert.False(t, te.Is(context.Canceled)) })
		require.NotPanics(t, func() { assert.False(t, te.Timeout()) })
		require.NotPanics(t, func() { assert.Equal(t, "<nil>", te.Error()) })
	})
}
