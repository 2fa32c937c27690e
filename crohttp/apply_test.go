package crohttp_test

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crogen"
	"github.com/croschema/croschema/crohttp"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func stringsReader(s string) io.Reader { return strings.NewReader(s) }

func TestApplyCreateDefaults(t *testing.T) {
	c, err := crohttp.ApplyCreate(&croschema.CreateCustomerContact{Name: croschema.Set("George")})
	require.NoError(t, err)
	assert.Equal(t, croschema.CustomerContact{Name: "George"}, c, "booleans false, email, fax and number null")
	assert.False(t, c.Email.Valid || c.Fax.Valid || c.Number.Valid)

	c, err = crohttp.ApplyCreate(&croschema.CreateCustomerContact{Name: croschema.Set("G"), Fax: croschema.SetNull[string](),
		Email: croschema.Set(""), NotifyOnNewRequest: croschema.Set(true), NotifyOnFailedRequest: croschema.Set(false)})
	require.NoError(t, err)
	assert.Equal(t, croschema.CustomerContact{Name: "G", Email: croschema.NewNullString(""), NotifyOnNewRequest: true}, c)
}

func TestApplyCreateWithoutName(t *testing.T) {
	_, err := crohttp.ApplyCreate(&croschema.CreateCustomerContact{Fax: croschema.Set("555-1234")})
	var vs croschema.Violations
	require.True(t, errors.As(err, &vs), "error %v", err)
	require.Len(t, vs, 1)
	assert.Equal(t, "CreateCustomerContactModel.name", vs[0].Field)
	assert.Equal(t, croschema.CodeRequired, vs[0].Code)
	assert.Equal(t, "/name", vs[0].Location)
	e := crohttp.ErrorFrom(err)
	assert.Equal(t, 400, e.StatusCode)
	assert.Equal(t, "CreateCustomerContactModel.name", e.Field.String)

	// Every rule broken is reported, the missing name last.
	_, err = crohttp.ApplyCreate(&croschema.CreateCustomerContact{Fax: croschema.Set("1"), NotifyOnNewRequest: croschema.SetNull[bool]()})
	require.True(t, errors.As(err, &vs))
	var got []string
	for _, v := range vs {
		got = append(got, v.Location+": "+string(v.Code))
	}
	assert.Equal(t, []string{"/fax: min_length", "/notify_on_new_request: null", "/name: required"}, got)
}

func TestApplyUpdate(t *testing.T) {
	properties := gopter.NewProperties(propParams())
	properties.Property("null clears, a value sets, absent leaves alone", prop.ForAll(
		func(before croschema.CustomerContact, u croschema.UpdateCustomerContact) bool {
			after := before
			crohttp.ApplyUpdate(&after, &u)
			nullable := func(got, old croschema.NullString, o croschema.Optional[string]) bool {
				switch o.Presence {
				case croschema.PresenceNull:
					return !got.Valid
				case croschema.PresenceValue:
					return got == croschema.NewNullString(o.Value)
				}
				return got == old
			}
			boolean := func(got, old croschema.Bool, o croschema.Optional[bool]) bool {
				if v, ok := o.Get(); ok {
					return got == croschema.Bool(v)
				}
				return got == old
			}
			name := before.Name
			if v, ok := u.Name.Get(); ok {
				name = v
			}
			return after.ID == before.ID && after.Name == name &&
				nullable(after.Email, before.Email, u.Email) &&
				nullable(after.Fax, before.Fax, u.Fax) &&
				nullable(after.Number, before.Number, u.Number) &&
				boolean(after.NotifyOnAcknowledgedRequest, before.NotifyOnAcknowledgedRequest, u.NotifyOnAcknowledgedRequest) &&
				boolean(after.NotifyOnCompletedRequest, before.NotifyOnCompletedRequest, u.NotifyOnCompletedRequest) &&
				boolean(after.NotifyOnDispatchedRequest, before.NotifyOnDispatchedRequest, u.NotifyOnDispatchedRequest) &&
				boolean(after.NotifyOnFailedRequest, before.NotifyOnFailedRequest, u.NotifyOnFailedRequest) &&
				boolean(after.NotifyOnNewRequest, before.NotifyOnNewRequest, u.NotifyOnNewRequest) &&
				after.Validate() == nil
		},
		crogen.Contact(),
		crogen.UpdateContact(),
	))
	properties.Property("a Create is an Update of the default contact", prop.ForAll(
		func(c croschema.CreateCustomerContact) bool {
			got, err := crohttp.ApplyCreate(&c)
			var want croschema.CustomerContact
			crohttp.ApplyUpdate(&want, (*croschema.UpdateCustomerContact)(&c))
			return err == nil && got == want && got.Validate() == nil
		},
		crogen.StorableCreateContact(),
	))
	properties.TestingRun(t)

	// The three states of one key, spelled out.
	c := croschema.CustomerContact{Name: "George", Fax: croschema.NewNullString("555-1234"), NotifyOnNewRequest: true}
	crohttp.ApplyUpdate(&c, &croschema.UpdateCustomerContact{Fax: croschema.SetNull[string](), Number: croschema.Set("1")})
	assert.Equal(t, croschema.CustomerContact{Name: "George", Number: croschema.NewNullString("1"), NotifyOnNewRequest: true}, c)
	// null on a key that may not be null (an invalid Update) leaves it alone.
	crohttp.ApplyUpdate(&c, &croschema.UpdateCustomerContact{Name: croschema.SetNull[string](), NotifyOnNewRequest: croschema.SetNull[bool]()})
	assert.Equal(t, "George", c.Name)
	assert.True(t, bool(c.NotifyOnNewRequest))
}
