package crotest_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/crotest"
)

// A client's test against the mock: the sample contact, a Create, and the
// client retrying through two 503s. In a test, t is the test's
// *testing.T.
func ExampleNewServer() {
	t := &exampleT{}
	defer t.cleanup()

	srv, mock := crotest.NewServer(t, crotest.WithSample())
	client := crohttp.NewClient(srv.URL, croschema.NewBearerToken("a.b.c"), 7,
		crohttp.WithRetry(crohttp.RetryPolicy{MaxRetries: 2})) // no waits between tries
	ctx := context.Background()

	c, err := client.GetContact(ctx, 1, 1)
	fmt.Println(c.Name, err)

	created, err := client.CreateContact(ctx, 1, croschema.CreateCustomerContact{Name: croschema.Set("Ann")})
	fmt.Println(created.ID, err, len(mock.Contacts(1)))

	mock.Fail(crotest.Fault{Status: http.StatusServiceUnavailable, Count: 2})
	c, err = client.GetContact(ctx, 1, 2)
	fmt.Println(c.Name, err, mock.Requests())
	// Output:
	// George <nil>
	// 2 <nil> 2
	// Ann <nil> 5
}

// exampleT stands in for a test's *testing.T in the Examples.
type exampleT struct {
	testing.TB // nil: calling anything else panics
	cleanups   []func()
}

func (*exampleT) Helper()            {}
func (t *exampleT) Cleanup(f func()) { t.cleanups = append(t.cleanups, f) }
func (t *exampleT) cleanup() {
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		t.cleanups[i]()
	}
}

// Any client, in any language, can ask the mock for an error per request
// with the Prefer header, as Prism reads it.
func ExampleMock_prefer() {
	srv := httptest.NewServer(crotest.NewMock(crotest.WithSample()))
	defer srv.Close()

	req, _ := http.NewRequest("GET", srv.URL+"/customers/1/contacts/1", nil)
	req.Header.Set("Authorization", "Bearer a.b.c")
	req.Header.Set("X-Tenant-Id", "7")
	req.Header.Set("Prefer", "code=429, retry-after=2")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.Status, resp.Header.Get("Retry-After"), resp.Header.Get("Preference-Applied"))
	fmt.Printf("%s\n", body)
	// Output:
	// 429 Too Many Requests 2 code=429, retry-after=2
	// {"detail":"Too Many Requests.","explanation":"A fault the test asked of the crotest mock.","field":null}
}
