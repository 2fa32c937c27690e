package croschema_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/croschema/croschema"
)

func ExampleLintContact() {
	body := []byte(`{"email": "shaneduty@gmail.com, ops@", "fax": "555", "id": 1, "name": "George",
		"notify_on_acknowledged_request": "FALSE", "notify_on_completed_request": 1,
		"notify_on_dispatched_request": true, "notify_on_failed_request": true,
		"notify_on_new_request": "yes", "number": "360-555-1212", "Name": "G"}`)

	contact, err := croschema.LintContact(body)
	var vs croschema.Violations
	if errors.As(err, &vs) {
		for _, v := range vs {
			fmt.Println(v.Field, v.Code)
		}
	}
	fmt.Println(contact.Name, contact.NotifyOnCompletedRequest)
	// Output:
	// CustomerContactModel.notify_on_new_request bool
	// CustomerContactModel.Name unknown_field
	// CustomerContactModel.email email
	// CustomerContactModel.fax min_length
	// George true
}

func ExampleCustomerContact_Validate() {
	// A client reading a response: tolerant decoding, then the value rules.
	var c croschema.CustomerContact
	err := json.Unmarshal([]byte(`{"id": 1, "name": "George", "fax": "555-1234",
		"notify_on_new_request": "True", "added_by_a_newer_server": 1}`), &c)
	fmt.Println(err, c.NotifyOnNewRequest, c.Email.Valid)
	fmt.Println(c.Validate())

	c.Name = ""
	fmt.Println(c.Validate())
	// Output:
	// <nil> true false
	// <nil>
	// croschema: 1 violation: /name: min_length: 0 characters, at least 1 required
}

func ExampleUpdateCustomerContact() {
	// PATCH: clear the fax, set the name, leave everything else as it is.
	patch := croschema.UpdateCustomerContact{
		Fax:  croschema.SetNull[string](),
		Name: croschema.Set("George"),
	}
	body, _ := json.Marshal(patch)
	fmt.Println(string(body))

	got, err := croschema.LintUpdateContact(body)
	fmt.Println(err, got.Fax.IsNull(), got.Email.IsZero())
	// Output:
	// {"fax":null,"name":"George"}
	// <nil> true true
}

func ExampleParseBool() {
	for _, s := range []string{"0", "1", "TRUE", "False", "yes"} {
		b, err := croschema.ParseBool(s)
		fmt.Println(b, err)
	}
	// Output:
	// false <nil>
	// true <nil>
	// true <nil>
	// false <nil>
	// false croschema: ParseBool("yes"): not one of 0, 1, true, false (any letter case)
}

func ExampleValidEmailList() {
	fmt.Println(croschema.ValidEmailList("a@example.com,\n\tb@example.org"))
	fmt.Println(croschema.ValidEmailList(""))
	fmt.Println(croschema.ValidEmailList("a@example.com,"))
	// Output:
	// true
	// true
	// false
}
