package ginserver_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crogen"
	"github.com/croschema/croschema/crovalidator"
	_ "github.com/croschema/croschema/examples/ginserver" // registers croschema's rules on gin's validator
	"github.com/gin-gonic/gin/binding"
	"github.com/go-playground/validator/v10"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
)

// gin's own JSON binding, with croschema's rules on gin's own validator,
// reports exactly Validate's violations (in order, through
// crovalidator.Violations) for every crogen document it decodes.
func TestGinBindingAgreesWithValidate(t *testing.T) {
	params := gopter.DefaultTestParametersWithSeed(1)
	params.MinSuccessfulTests = 500
	props := gopter.NewProperties(params)
	invalid := 0
	check := func(dst interface{ Validate() error }, doc []byte) string {
		err := binding.JSON.BindBody(doc, dst)
		got := crovalidator.Violations(err)
		if fes := (validator.ValidationErrors{}); err != nil && !errors.As(err, &fes) {
			return "" // did not decode (bad JSON, a wrong type): no value to validate
		}
		want, _ := dst.Validate().(croschema.Violations)
		if len(want) > 0 {
			invalid++
		}
		if !reflect.DeepEqual(want, got) {
			return fmt.Sprintf("%s\nValidate:        %v\ngin's binding:   %v", doc, want, got)
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

// gin's EnableDecoderDisallowUnknownFields is no fix for unknown keys: the
// models decode themselves (UnmarshalJSON), so encoding/json never sees
// their keys. The strict lint is the fix (see bind).
func TestDisallowUnknownFieldsDoesNotHelp(t *testing.T) {
	defer func(old bool) { binding.EnableDecoderDisallowUnknownFields = old }(binding.EnableDecoderDisallowUnknownFields)
	binding.EnableDecoderDisallowUnknownFields = true
	var u croschema.UpdateCustomerContact
	if err := binding.JSON.BindBody([]byte(`{"Name": "G"}`), &u); err != nil {
		t.Fatalf("BindBody: %v; if gin now rejects unknown keys, the README can say so", err)
	}
	if _, err := croschema.LintUpdateContact([]byte(`{"Name": "G"}`)); err == nil {
		t.Fatal("the lint accepts an unknown key")
	}
}
