package crotest_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/crotest"
)

// exampleServer stands for the server under test.
func exampleServer() http.Handler { return crohttp.Middleware()(http.NotFoundHandler()) }

// Conformance checks a server in the server's own tests: in process, or
// through its URL.
func ExampleConformance() {
	_ = func(t *testing.T) {
		crotest.Conformance(t, exampleServer(),
			crotest.WithAuthorization("Bearer "+"token-of-a-dispatcher"),
			crotest.WithRoleToken(croschema.RoleDriver, "Bearer "+"token-of-a-driver"),
			crotest.WithTenant(7),
			crotest.WithCustomers(1042), // the checks create contacts only under 1042
			crotest.WithRequests(5000))

		srv := httptest.NewServer(exampleServer())
		defer srv.Close()
		crotest.ConformanceURL(t, srv.URL, crotest.WithChecks("docs"))
	}
}

// FuzzHandler fuzzes a server with requests built from the fuzzer's
// bytes: go test -fuzz FuzzServer.
func ExampleFuzzHandler() {
	_ = func(f *testing.F) {
		crotest.FuzzHandler(f, exampleServer(), crotest.WithCustomers(1042))
	}
}
