package crohttp_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
)

// TestClientCallsEveryEndpoint: the Client has a method for every row of
// the endpoint table, named after it ("Get Contact" is GetContact), so
// that an endpoint added to the table fails here until the Client can
// call it.
func TestClientCallsEveryEndpoint(t *testing.T) {
	client := reflect.TypeFor[*crohttp.Client]()
	for _, e := range croschema.Endpoints() {
		name := strings.ReplaceAll(e.Name(), " ", "")
		if _, ok := client.MethodByName(name); !ok {
			t.Errorf("crohttp.Client has no method %s for %v: add it (call c.call with the endpoint)", name, e)
		}
	}
}
