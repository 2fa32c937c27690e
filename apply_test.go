package croschema_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crogen"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// asMap returns the JSON object v encodes to, key by key.
func asMap(t *testing.T, v any) map[string]any {
	t.Helper()
	data, err := json.Marshal(v)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(data, &m))
	return m
}

// TestApplyLaw states, for every key of the rule table (no field is named
// here: a key added to the table is covered as it lands), what an Update
// and a Create store (RULES.md "Serving the API"):
//
//   - an Update that sets a key stores the value, one that sets it to null
//     stores null where the key may be null and leaves it alone elsewhere,
//     one that omits it leaves it alone; the id never changes;
//   - a Create stores every key it sets, null for a nullable key it omits or
//     sets to null, false for an omitted boolean; it is an Update of that
//     default contact.
func TestApplyLaw(t *testing.T) {
	rules := map[string]croschema.FieldRule{}
	for _, r := range croschema.ModelCustomerContact.Rules() {
		rules[r.Key] = r
	}
	properties := gopter.NewProperties(gopterParams(300))
	properties.Property("an Update applies exactly the keys it carries", prop.ForAll(
		func(before croschema.CustomerContact, u croschema.UpdateCustomerContact) string {
			after := before
			u.Apply(&after)
			b, a, patch := asMap(t, before), asMap(t, after), asMap(t, u)
			for key, r := range rules {
				v, set := patch[key]
				want := b[key]
				switch {
				case set && v == nil && r.Nullable:
					want = nil
				case set && v != nil:
					want = v
				}
				if !reflect.DeepEqual(a[key], want) {
					return key + ": stored " + jsonText(a[key]) + ", want " + jsonText(want) + " (before " + jsonText(b[key]) + ", patch " + jsonText(patch) + ")"
				}
			}
			if after.ID != before.ID {
				return "the id changed"
			}
			return ""
		},
		crogen.Contacts(), crogen.UpdateBodies(),
	))
	properties.Property("a Create stores what it carries on the default contact", prop.ForAll(
		func(c croschema.CreateCustomerContact) string {
			got, err := c.Contact()
			if err != nil {
				return "a storable Create: " + err.Error()
			}
			stored, create := asMap(t, got), asMap(t, c)
			for key, r := range rules {
				v, set := create[key]
				var want any
				switch {
				case set:
					want = v
				case r.JSONType == "boolean":
					want = false
				case r.Key == "id":
					want = float64(0) // the server assigns it
				}
				if !reflect.DeepEqual(stored[key], want) {
					return key + ": stored " + jsonText(stored[key]) + ", want " + jsonText(want)
				}
			}
			var fromDefault croschema.CustomerContact
			(*croschema.UpdateCustomerContact)(&c).Apply(&fromDefault)
			if fromDefault != got || got.Validate() != nil {
				return "not the Update of the default contact, or invalid"
			}
			return ""
		},
		crogen.StorableCreateBodies(),
	))
	properties.TestingRun(t)
}

func jsonText(v any) string {
	data, _ := json.Marshal(v)
	return string(data)
}

func gopterParams(n int) *gopter.TestParameters {
	p := gopter.DefaultTestParameters()
	p.MinSuccessfulTests = n
	return p
}

func TestApplyExamples(t *testing.T) {
	c := croschema.CustomerContact{ID: 7, Name: "George", Fax: croschema.NewNullString("555-1234"), NotifyOnNewRequest: true}
	(&croschema.UpdateCustomerContact{Fax: croschema.SetNull[string](), Number: croschema.Set("1")}).Apply(&c)
	assert.Equal(t, croschema.CustomerContact{ID: 7, Name: "George", Number: croschema.NewNullString("1"), NotifyOnNewRequest: true}, c)
	// null on a key that may not be null (an invalid Update) leaves it alone.
	(&croschema.UpdateCustomerContact{Name: croschema.SetNull[string](), NotifyOnNewRequest: croschema.SetNull[bool]()}).Apply(&c)
	assert.Equal(t, "George", c.Name)
	assert.True(t, bool(c.NotifyOnNewRequest))

	// nil never panics.
	var u *croschema.UpdateCustomerContact
	u.Apply(&c)
	(&croschema.UpdateCustomerContact{}).Apply(nil)
	assert.Equal(t, "George", c.Name)
}

func TestCreateContact(t *testing.T) {
	c, err := (&croschema.CreateCustomerContact{Name: croschema.Set("George")}).Contact()
	require.NoError(t, err)
	assert.Equal(t, croschema.CustomerContact{Name: "George"}, c, "booleans false, email, fax and number null")

	c, err = (&croschema.CreateCustomerContact{Name: croschema.Set("G"), Fax: croschema.SetNull[string](),
		Email: croschema.Set(""), NotifyOnNewRequest: croschema.Set(true), NotifyOnFailedRequest: croschema.Set(false)}).Contact()
	require.NoError(t, err)
	assert.Equal(t, croschema.CustomerContact{Name: "G", Email: croschema.NewNullString(""), NotifyOnNewRequest: true}, c)

	// Without name: a valid document a server cannot store. Every rule
	// broken is reported, the missing name last.
	_, err = (&croschema.CreateCustomerContact{Fax: croschema.Set("1"), NotifyOnNewRequest: croschema.SetNull[bool]()}).Contact()
	assert.Equal(t, []string{"/fax min_length", "/notify_on_new_request null", "/name required"}, locCodes(violations(err)))
	assert.Equal(t, "CreateCustomerContactModel.name", violations(err)[2].Field)

	var none *croschema.CreateCustomerContact
	_, err = none.Contact()
	assert.Equal(t, []string{"/name required"}, locCodes(violations(err)), "a nil Create is an empty one")
}
