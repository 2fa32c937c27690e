package crogen_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crogen"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
)

// A server under test should accept exactly the valid documents; here the
// "server" is croschema's own lint.
func Example() {
	parameters := gopter.DefaultTestParametersWithSeed(1)
	properties := gopter.NewProperties(parameters)
	properties.Property("the lint reports exactly the labelled violation", prop.ForAll(
		func(d crogen.Doc) bool {
			var vs croschema.Violations
			errors.As(croschema.ModelCreateCustomerContact.Lint(d.JSON()), &vs)
			if d.Valid() {
				return len(vs) == 0
			}
			return len(vs) == 1 && vs.Has(d.Want.Location, d.Want.Code)
		},
		crogen.AnyDocs(croschema.ModelCreateCustomerContact),
	))
	properties.Run(gopter.NewFormatedReporter(false, 80, os.Stdout))
	// Output:
	// + the lint reports exactly the labelled violation: OK, passed 100 tests.
}

func ExampleWriteJSONL() {
	var a, b bytes.Buffer
	if err := crogen.WriteJSONL(&a, croschema.ModelUpdateCustomerContact, 3, 42, croschema.CodeMaxLength); err != nil {
		fmt.Println(err)
	}
	_ = crogen.WriteJSONL(&b, croschema.ModelUpdateCustomerContact, 3, 42, croschema.CodeMaxLength)
	fmt.Println(bytes.Count(a.Bytes(), []byte("\n")), "lines; same seed, same bytes:", bytes.Equal(a.Bytes(), b.Bytes()))

	err := crogen.WriteJSONL(&a, croschema.ModelUpdateCustomerContact, 3, 42, croschema.CodeUUID)
	fmt.Println(err)
	// Output:
	// 3 lines; same seed, same bytes: true
	// crogen: WriteJSONL: no document of UpdateCustomerContactModel breaks a rule with code "uuid"
}
