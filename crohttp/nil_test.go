package crohttp_test

import (
	"context"
	"net/http"
	"net/http/httptest"
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
