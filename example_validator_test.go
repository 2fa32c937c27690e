package croschema_test

import (
	"encoding/json"
	"fmt"

	"github.com/croschema/croschema"
	"github.com/go-playground/validator/v10"
)

// A gin handler's validator: gin's reads `binding:` tags, which the models
// carry, and ViolationsFromValidator turns its error into the violations
// that Validate reports, for crohttp.ErrorFromViolations to answer.
func ExampleViolationsFromValidator() {
	v := validator.New()
	v.SetTagName("binding") // as gin's default validator does
	if err := croschema.RegisterValidations(v); err != nil {
		panic(err)
	}

	var c croschema.CreateCustomerContact // what c.ShouldBindJSON decodes into
	body := `{"fax": "555", "notify_on_new_request": "TRUE", "email": "a@example.com, ops@"}`
	if err := json.Unmarshal([]byte(body), &c); err != nil {
		panic(err)
	}
	for _, viol := range croschema.ViolationsFromValidator(v.Struct(&c)) {
		fmt.Printf("%s %s %s: %s\n", viol.Location, viol.Field, viol.Code, viol.Detail)
	}
	// Output:
	// /email CreateCustomerContactModel.email email: item 2 is not a valid email address: "ops@"
	// /fax CreateCustomerContactModel.fax min_length: 3 characters, at least 7 required
}
