package croschema_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/croschema/croschema"
	"github.com/go-playground/validator/v10"
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

func ExampleRegisterValidations() {
	// A gin or echo user registers the tags on the engine's validator and
	// uses them on their own types.
	v := validator.New()
	if err := croschema.RegisterValidations(v); err != nil {
		panic(err)
	}
	type invite struct {
		Emails string `validate:"cro_email"`
		Notify string `validate:"cro_bool"`
	}
	fmt.Println(v.Struct(invite{Emails: "a@example.com, b@example.org", Notify: "TRUE"}))
	err := v.Struct(invite{Emails: "a@example.com,", Notify: "yes"})
	for _, fe := range err.(validator.ValidationErrors) {
		fmt.Println(fe.Field(), fe.Tag())
	}
	// Output:
	// <nil>
	// Emails cro_email
	// Notify cro_bool
}

func ExampleReadAPIError() {
	// A client turning a 4xx response into a Go error.
	resp := &http.Response{
		StatusCode: http.StatusBadRequest,
		Body: io.NopCloser(strings.NewReader(`{"field": "CustomerContactModel.name",
			"detail": "Unknown field.", "explanation": "The resource could not be accessed."}`)),
	}
	var err error = croschema.ReadAPIError(resp)
	fmt.Println(err)

	var apiErr *croschema.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Field.String)
	}
	// Output:
	// croschema: API error 400: CustomerContactModel.name: Unknown field.
	// 400 CustomerContactModel.name
}
