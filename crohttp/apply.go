package crohttp

import (
	"github.com/croschema/croschema"
)

// ApplyCreate returns the contact that the Create c stores, as
// RULES.md "Serving the API" says: a new contact whose booleans are false
// and whose email, fax and number are null, with every key of c that is
// set applied onto it (null clears, a value sets). Its ID is zero: the
// server assigns it.
//
// A Create without name is a valid document but cannot be stored, since a
// contact's name is 1 to 128 characters: the error is then a Violations
// with required at "/name" (field CreateCustomerContactModel.name), after
// every rule c itself breaks (c.Validate). ErrorFrom turns it into the 400.
func ApplyCreate(c *croschema.CreateCustomerContact) (croschema.CustomerContact, error) {
	var out croschema.CustomerContact
	ApplyUpdate(&out, (*croschema.UpdateCustomerContact)(c))
	var vs croschema.Violations
	if err := c.Validate(); err != nil {
		vs, _ = err.(croschema.Violations)
	}
	if c.Name.Presence == croschema.PresenceAbsent {
		vs = append(vs, nameRequired())
	}
	if len(vs) > 0 {
		return out, vs
	}
	return out, nil
}

// ApplyUpdate applies the Update u onto dst, exactly the keys u carries: a
// value sets, null clears (email, fax and number become null), an absent
// key leaves dst alone. null on name or a boolean, which a valid Update
// never holds, leaves that key alone too. dst.ID is never changed.
func ApplyUpdate(dst *croschema.CustomerContact, u *croschema.UpdateCustomerContact) {
	applyNullable(&dst.Email, u.Email)
	applyNullable(&dst.Fax, u.Fax)
	if v, ok := u.Name.Get(); ok {
		dst.Name = v
	}
	applyBool(&dst.NotifyOnAcknowledgedRequest, u.NotifyOnAcknowledgedRequest)
	applyBool(&dst.NotifyOnCompletedRequest, u.NotifyOnCompletedRequest)
	applyBool(&dst.NotifyOnDispatchedRequest, u.NotifyOnDispatchedRequest)
	applyBool(&dst.NotifyOnFailedRequest, u.NotifyOnFailedRequest)
	applyBool(&dst.NotifyOnNewRequest, u.NotifyOnNewRequest)
	applyNullable(&dst.Number, u.Number)
}

func applyNullable(dst *croschema.NullString, o croschema.Optional[string]) {
	switch o.Presence {
	case croschema.PresenceNull:
		*dst = croschema.NullString{}
	case croschema.PresenceValue:
		*dst = croschema.NewNullString(o.Value)
	}
}

func applyBool(dst *croschema.Bool, o croschema.Optional[bool]) {
	if v, ok := o.Get(); ok {
		*dst = croschema.Bool(v)
	}
}

// nameField is the server's name of a Create's name key, from the rule
// table: "CreateCustomerContactModel.name".
var nameField = func() string {
	for _, r := range croschema.ModelCreateCustomerContact.Rules() {
		if r.Key == "name" {
			return r.Field
		}
	}
	return croschema.ModelCreateCustomerContact.String() + ".name"
}()

// nameRequired is the violation of a Create without name.
func nameRequired() croschema.Violation {
	return croschema.Violation{Location: "/name", Field: nameField, Code: croschema.CodeRequired,
		Detail: "missing; a stored contact has a name of 1 to 128 characters"}
}
