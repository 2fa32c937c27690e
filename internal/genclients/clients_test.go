package genclients_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/croschema/croschema"
)

// The generated packages, each with the record of the document it was
// generated from.
var generated = []string{"ogenclient", "oapiclient", "oapinullable"}

// TestGeneratedFromDocument fails when croschema's OpenAPI document (which
// TestOpenAPIGolden keeps equal to openapi.json) is not the one the
// committed code was generated from: run go generate ./... here.
func TestGeneratedFromDocument(t *testing.T) {
	sum := sha256.Sum256(croschema.OpenAPI())
	want := hex.EncodeToString(sum[:])
	for _, dir := range generated {
		got, err := os.ReadFile(filepath.Join(dir, "openapi.json.sha256"))
		if err != nil {
			t.Fatal(err)
		}
		if strings.TrimSpace(string(got)) != want {
			t.Errorf("%s was generated from another OpenAPI document (sha256 %s, the document's is %s): "+
				"run go generate ./... in internal/genclients", dir, strings.TrimSpace(string(got)), want)
		}
	}
}

// The identity of the calls: a token that matches the documented
// pattern (any such token is a Dispatcher for crohttp's Middleware
// without an Authorizer) and a tenant.
const (
	token  = "dGVzdA.c2lnbmVk.eA"
	tenant = 1
)

// result is what a client returned for one call, in croschema's terms.
type result struct {
	status   int
	contact  croschema.CustomerContact // of a 200
	location string                    // of a Create's 200
}

// client is a generated client, wrapped to take and return croschema's
// values: the tests compare what it stores and reads with what croschema
// says the server does.
type client interface {
	create(ctx context.Context, customer int64, c croschema.CreateCustomerContact) (result, error)
	get(ctx context.Context, customer, id int64) (result, error)
	update(ctx context.Context, customer, id int64, u croschema.UpdateCustomerContact) (result, error)
}

// Email lists that no simple pattern takes, which a stored contact may
// hold (RULES.md "Email lists").
const (
	literalEmail = "user@[192.0.2.1]"
	idnEmail     = `"john.doe"@example.com, postmaster@例え.テスト,user@bücher.example`
	ipv6Email    = "user@[2001:db8::1]"
)

// roundTrip runs create -> get -> patch (set, null, absent) -> get with c
// against a store of room contacts, and a Create past it (507).
func roundTrip(t *testing.T, c client) {
	ctx := context.Background()
	for _, list := range []string{literalEmail, idnEmail, ipv6Email} {
		if !croschema.ValidEmailList(list) {
			t.Fatalf("%q is not a valid email list", list)
		}
	}
	const customer = 42

	// Create: the contact croschema says a server stores.
	creates := []croschema.CreateCustomerContact{
		{Name: croschema.Set("Ann Literal"), Email: croschema.Set(literalEmail), Fax: croschema.Set("+1 555 0100"),
			Number: croschema.Set("360-555-1212"), NotifyOnNewRequest: croschema.Set(true)},
		{Name: croschema.Set("Bea Idn"), Email: croschema.Set(idnEmail), NotifyOnFailedRequest: croschema.Set(true),
			NotifyOnNewRequest: croschema.Set(false)},
	}
	var stored []croschema.CustomerContact
	for i, cr := range creates {
		want, err := cr.Contact()
		if err != nil {
			t.Fatalf("create %d: %v", i, err)
		}
		want.ID = int64(i + 1)
		got, err := c.create(ctx, customer, cr)
		if err != nil {
			t.Fatalf("create %d: %v", i, err)
		}
		if got.status != 200 || got.contact != want {
			t.Fatalf("create %d: %d %+v, want 200 %+v", i, got.status, got.contact, want)
		}
		if path := croschema.GetContact.PathFor(croschema.PathParams{CustomerID: customer, CustomerContactID: want.ID}); got.location != path {
			t.Errorf("create %d: Location %q, want %q", i, got.location, path)
		}
		stored = append(stored, want)
	}
	for i, want := range stored {
		got, err := c.get(ctx, customer, want.ID)
		if err != nil || got.status != 200 || got.contact != want {
			t.Fatalf("get %d: %d %+v (%v), want 200 %+v", i, got.status, got.contact, err, want)
		}
	}

	// Update: a value sets (number, a boolean, an email list), null clears
	// (fax), an absent key (name, email of the first) is left alone.
	updates := []croschema.UpdateCustomerContact{
		{Number: croschema.Set("206-555-0000"), Fax: croschema.SetNull[string](), NotifyOnCompletedRequest: croschema.Set(true)},
		{Email: croschema.Set(ipv6Email), Number: croschema.SetNull[string]()},
	}
	for i, u := range updates {
		want := stored[i]
		u.Apply(&want)
		got, err := c.update(ctx, customer, want.ID, u)
		if err != nil {
			t.Fatalf("update %d: %v", i, err)
		}
		if got.status != 200 || got.contact != want {
			t.Fatalf("update %d: %d %+v, want 200 %+v", i, got.status, got.contact, want)
		}
		stored[i] = want
	}
	if stored[0].Fax.Valid || stored[0].Email.String != literalEmail || stored[0].Name != "Ann Literal" {
		t.Fatalf("the updates did not clear fax and keep email and name: %+v", stored[0])
	}
	for i, want := range stored {
		got, err := c.get(ctx, customer, want.ID)
		if err != nil || got.status != 200 || got.contact != want {
			t.Fatalf("get %d after the update: %d %+v (%v), want 200 %+v", i, got.status, got.contact, err, want)
		}
	}

	// The store is full: a Create gets 507, which the client reads as the
	// document's 5XX.
	got, err := c.create(ctx, customer, croschema.CreateCustomerContact{Name: croschema.Set("Cy")})
	if err != nil || got.status != 507 {
		t.Errorf("create past the store's room: %d (%v), want 507", got.status, err)
	}
	// No such contact: 404.
	got, err = c.get(ctx, customer, 99)
	if err != nil || got.status != 404 {
		t.Errorf("get of no contact: %d (%v), want 404", got.status, err)
	}
}

// room is how many contacts the store of a round trip holds.
const room = 2
