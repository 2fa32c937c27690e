package crotest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/crotest"
)

// yourHandler stands for the server under test of the README's test: the
// middleware over a handler that knows one contact.
var yourHandler = crohttp.Middleware()(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	if crohttp.RequestFrom(r).Params.CustomerContactID != 1 {
		crohttp.WriteError(w, crohttp.NotFound(r))
		return
	}
	crohttp.WriteContact(w, http.StatusOK, &croschema.CustomerContact{ID: 1, Name: "George"})
}))

// TestContactServer is the README's "Use it in tests" code, run.
func TestContactServer(t *testing.T) {
	srv := httptest.NewServer(yourHandler) // the server under test
	defer srv.Close()

	// Every request and answer through hc is checked: one that breaks the
	// contract fails t, naming method, path, location, code and detail.
	hc := &http.Client{Transport: crotest.NewTransport(t, srv.Client().Transport)}
	c := crohttp.NewClient(srv.URL, croschema.NewBearerToken("eyJhbGciOiJIUzI1NiJ9.e30.c2ln"), 1042,
		crohttp.WithHTTPClient(hc))
	contact, err := c.GetContact(context.Background(), 1042, 1)
	require.NoError(t, err)
	assert.Equal(t, "George", contact.Name)

	// Payloads: a valid document, or exactly this set of (location, code).
	crotest.AssertValid(t, croschema.ModelCustomerContact, contact.AppendJSON(nil))
	crotest.AssertViolations(t, croschema.ModelCreateCustomerContact, []byte(`{"fax": "555", "Name": "G"}`), []crotest.Want{
		{Location: "/fax", Code: croschema.CodeMinLength},
		{Location: "/Name", Code: croschema.CodeUnknownField},
	})

	// A handler's answer (status, headers, body) without a network: a 401 here.
	rec := httptest.NewRecorder()
	yourHandler.ServeHTTP(rec, httptest.NewRequest("GET", "/customers/1042/contacts/1", nil))
	crotest.AssertResponse(t, croschema.GetContact, rec.Result())
}

// TestReadmeShowsTheTest keeps the README's "Use it in tests" code equal to
// TestContactServer.
func TestReadmeShowsTheTest(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	self, err := os.ReadFile("readme_test.go")
	require.NoError(t, err)
	_, section, ok := strings.Cut(string(readme), "## Use it in tests\n")
	require.True(t, ok, `README.md has no "Use it in tests" section`)
	_, code, _ := strings.Cut(section, "```go\n")
	code, _, _ = strings.Cut(code, "```\n")
	assert.True(t, len(code) > 500 && strings.Contains(string(self), "\n"+code),
		"README.md's test is not TestContactServer in readme_test.go:\n%s", code)
}
