package crovalidator_test

import (
	"encoding/json"
	"fmt"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crovalidator"
	"github.com/go-playground/validator/v10"
)

// A gin handler's validator: gin's reads `binding:` tags, which the models
// carry, and ViolationsFromValidator turns its error into the violations
// that Validate reports, for crohttp.ErrorFromViolations to answer.
func ExampleViolations() {
	v := validator.New()
	v.SetTagName("binding") // as gin's default validator does
	if err := crovalidator.Register(v); err != nil {
		panic(err)
	}

	var c croschema.CreateCustomerContact // what c.ShouldBindJSON decodes into
	body := `{"fax": "555", "notify_on_new_request": "TRUE", "email": "a@example.com, ops@"}`
	if err := json.Unmarshal([]byte(body), &c); err != nil {
		panic(err)
	}
	for _, viol := range crovalidator.Violations(v.Struct(&c)) {
		fmt.Printf("%s %s %s: %s\n", viol.Location, viol.Field, viol.Code, viol.Detail)
	}
	// Output:
	// /email CreateCustomerContactModel.email email: item 2 is not a valid email address: "ops@"
	// /fax CreateCustomerContactModel.fax min_length: 3 characters, at least 7 required
}

func ExampleRegister() {
	// A gin or echo user registers the tags on the engine's validator and
	// uses them on their own types.
	v := validator.New()
	if err := crovalidator.Register(v); err != nil {
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
