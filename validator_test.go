package croschema_test

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/croschema/croschema"
	"github.com/go-playground/validator/v10"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A caller's own struct, using our tags on plain Go types.
type signupForm struct {
	Emails   string  `validate:"cro_email"`
	Name     string  `validate:"cro_name"`
	Fax      *string `validate:"cro_fax"`
	Notify   string  `validate:"cro_bool"`
	Verified bool    `validate:"cro_bool"`
	ID       uint64  `validate:"cro_id"`
}

func TestCallerStructWithOurTags(t *testing.T) {
	fax := "555-1234"
	ok := signupForm{Emails: "a@example.com, b@example.com", Name: "George", Fax: &fax, Notify: "TRUE", ID: 7}
	require.NoError(t, testValidator.Struct(ok))
	ok.Fax = nil
	require.NoError(t, testValidator.Struct(ok), "nil is null, and fax is nullable")

	bad := signupForm{Emails: "a@example.com,", Name: "", Fax: new(string), Notify: "yes", ID: 1 << 63}
	err := testValidator.Struct(bad)
	var verrs validator.ValidationErrors
	require.True(t, errors.As(err, &verrs), "%v", err)
	var failed []string
	for _, fe := range verrs {
		failed = append(failed, fe.Field()+"/"+fe.Tag())
	}
	assert.ElementsMatch(t, []string{"Emails/cro_email", "Name/cro_name", "Fax/cro_fax", "Notify/cro_bool", "ID/cro_id"}, failed)
}

// TestRegisterValidationsTwice: validator/v10 replaces a tag silently, so
// registering again, or over a tag the caller had registered, leaves the
// package's rules in force.
func TestRegisterValidationsTwice(t *testing.T) {
	type named struct {
		Name string `validate:"cro_name"`
	}
	v := validator.New()
	// (Not validated before: validator/v10 caches a struct's functions.)
	require.NoError(t, v.RegisterValidation("cro_name", func(validator.FieldLevel) bool { return true }))
	require.NoError(t, croschema.RegisterValidations(v))
	require.NoError(t, croschema.RegisterValidations(v), "registering again")
	require.NoError(t, v.Struct(&signupForm{Name: "George", Notify: "TRUE", ID: 7}))
	err := v.Struct(&named{Name: ""})
	var verrs validator.ValidationErrors
	require.ErrorAs(t, err, &verrs)
	require.Len(t, verrs, 1, "%v", err)
	assert.Equal(t, "cro_name", verrs[0].Tag(), "the package's cro_name replaced the caller's")
}

// validatorFields returns the json keys validator/v10 finds invalid.
func validatorFields(t *testing.T, s any) []string {
	err := testValidator.Struct(s)
	if err == nil {
		return nil
	}
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		t.Fatalf("validator: %v", err)
	}
	typ := reflect.TypeOf(s).Elem()
	var keys []string
	for _, fe := range verrs {
		f, _ := typ.FieldByName(fe.StructField())
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		keys = append(keys, name)
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// TestValidatorAgreesWithValidate: on generated values of every model,
// validator/v10 with our tags and the package's own Validate find the same
// fields invalid.
func TestValidatorAgreesWithValidate(t *testing.T) {
	params := gopter.DefaultTestParametersWithSeed(1)
	params.MinSuccessfulTests = 2000
	props := gopter.NewProperties(params)

	props.Property("CustomerContact", prop.ForAll(
		func(email, fax, number croschema.NullString, name string, id int64, b bool) bool {
			c := croschema.CustomerContact{Email: email, Fax: fax, Number: number, Name: name, ID: id, NotifyOnNewRequest: croschema.Bool(b)}
			return slices.Equal(validatorFields(t, &c), ownFields(c.Validate()))
		},
		genNullString(), genNullString(), genNullString(), genText(), gen.Int64(), gen.Bool(),
	))
	props.Property("CreateCustomerContact and UpdateCustomerContact", prop.ForAll(
		func(email, fax, name, number croschema.Optional[string], notify croschema.Optional[bool]) bool {
			c := croschema.CreateCustomerContact{Email: email, Fax: fax, Name: name, Number: number, NotifyOnFailedRequest: notify}
			u := croschema.UpdateCustomerContact(c)
			return slices.Equal(validatorFields(t, &c), ownFields(c.Validate())) &&
				slices.Equal(validatorFields(t, &u), ownFields(u.Validate()))
		},
		genOptional[string](genText()), genOptional[string](genText()), genOptional[string](genText()),
		genOptional[string](genText()), genOptional[bool](gen.Bool()),
	))
	props.TestingRun(t)
}
