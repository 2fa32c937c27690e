package echoserver_test

import (
	"bytes"
	"errors"
	"fmt"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crogen"
	"github.com/croschema/croschema/crovalidator"
	"github.com/croschema/croschema/examples/echoserver"
	"github.com/go-playground/validator/v10"
	"github.com/labstack/echo/v4"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
)

// echo's binding (its JSON serializer, then c.Validate), with croschema's
// rules on the Validator, reports exactly Validate's violations (in order,
// through crovalidator.Violations) for every crogen document it decodes.
func TestEchoBindingAgreesWithValidate(t *testing.T) {
	e := echo.New()
	e.Validator = echoserver.NewValidator()
	params := gopter.DefaultTestParametersWithSeed(1)
	params.MinSuccessfulTests = 500
	props := gopter.NewProperties(params)
	invalid := 0
	check := func(dst interface{ Validate() error }, doc []byte) string {
		c := e.NewContext(httptest.NewRequest("POST", "/", bytes.NewReader(doc)), httptest.NewRecorder())
		err := e.JSONSerializer.Deserialize(c, dst)
		if err == nil {
			err = c.Validate(dst)
		}
		got := crovalidator.Violations(err)
		if fes := (validator.ValidationErrors{}); err != nil && !errors.As(err, &fes) {
			return "" // did not decode (bad JSON, a wrong type): no value to validate
		}
		want, _ := dst.Validate().(croschema.Violations)
		if len(want) > 0 {
			invalid++
		}
		if !reflect.DeepEqual(want, got) {
			return fmt.Sprintf("%s\nValidate:        %v\necho's binding:  %v", doc, want, got)
		}
		return ""
	}
	props.Property("CreateCustomerContact", prop.ForAll(func(d crogen.Doc) string {
		return check(&croschema.CreateCustomerContact{}, d.JSON())
	}, crogen.AnyDocs(croschema.ModelCreateCustomerContact)))
	props.Property("UpdateCustomerContact", prop.ForAll(func(d crogen.Doc) string {
		return check(&croschema.UpdateCustomerContact{}, d.JSON())
	}, crogen.AnyDocs(croschema.ModelUpdateCustomerContact)))
	props.TestingRun(t)
	if invalid == 0 {
		t.Error("no document bound into an invalid value")
	}
}
