package croschema_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crogen"
	"github.com/croschema/croschema/crovalidator"
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
	require.NoError(t, crovalidator.Register(v))
	require.NoError(t, crovalidator.Register(v), "registering again")
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

// newGinValidator returns a validator set up as gin's default validator
// is (binding/default_validator.go: validator.New, SetTagName("binding")),
// with croschema's validations registered as the README says a gin user
// registers them. The root module does not depend on gin.
func newGinValidator(t *testing.T) *validator.Validate {
	v := validator.New()
	v.SetTagName("binding")
	require.NoError(t, crovalidator.Register(v))
	return v
}

// TestGinBindingRejects: the bodies that issue 13 found gin to accept
// (the models carried only validate: tags) are rejected under gin's
// setup, with Validate's violations; booleans in string forms and PATCH's
// three states still bind.
func TestGinBindingRejects(t *testing.T) {
	gin := newGinValidator(t)
	for _, tc := range []struct {
		body string
		want croschema.Violations
	}{
		{`{"name":""}`, croschema.Violations{{Location: "/name", Field: "CreateCustomerContactModel.name", Code: croschema.CodeMinLength, Detail: "0 characters, at least 1 required"}}},
		{`{"name":null}`, croschema.Violations{{Location: "/name", Field: "CreateCustomerContactModel.name", Code: croschema.CodeNull, Detail: "must not be null"}}},
		{`{"fax":"555"}`, croschema.Violations{{Location: "/fax", Field: "CreateCustomerContactModel.fax", Code: croschema.CodeMinLength, Detail: "3 characters, at least 7 required"}}},
		{`{"email":"not-an-email"}`, croschema.Violations{{Location: "/email", Field: "CreateCustomerContactModel.email", Code: croschema.CodeEmail, Detail: `item 1 is not a valid email address: "not-an-email"`}}},
		// Several fields: in table order, as Validate reports them.
		{`{"number":"","email":"a@example.com,","notify_on_new_request":null}`, croschema.Violations{
			{Location: "/email", Field: "CreateCustomerContactModel.email", Code: croschema.CodeEmail, Detail: "item 2 is empty"},
			{Location: "/notify_on_new_request", Field: "CreateCustomerContactModel.notify_on_new_request", Code: croschema.CodeNull, Detail: "must not be null"},
			{Location: "/number", Field: "CreateCustomerContactModel.number", Code: croschema.CodeMinLength, Detail: "0 characters, at least 1 required"},
		}},
		{`{"name":"George","notify_on_new_request":"TRUE","fax":null}`, nil},
		{`{}`, nil}, // valid as a document; storing it is the server's business
	} {
		t.Run(tc.body, func(t *testing.T) {
			var c croschema.CreateCustomerContact
			require.NoError(t, json.Unmarshal([]byte(tc.body), &c), "binding decodes with encoding/json")
			err := gin.Struct(&c)
			assert.Equal(t, tc.want, crovalidator.Violations(err), "ViolationsFromValidator(%v)", err)
			assert.Equal(t, tc.want, violations(c.Validate()), "Validate")
		})
	}

	// PATCH's three states and the string forms of booleans survive binding.
	var u croschema.UpdateCustomerContact
	require.NoError(t, json.Unmarshal([]byte(`{"fax":null,"notify_on_new_request":"FALSE","notify_on_failed_request":1}`), &u))
	require.NoError(t, gin.Struct(&u))
	assert.Equal(t, croschema.SetNull[string](), u.Fax, "null clears")
	assert.Equal(t, croschema.Optional[string]{}, u.Name, "absent leaves alone")
	assert.Equal(t, croschema.Set(false), u.NotifyOnNewRequest)
	assert.Equal(t, croschema.Set(true), u.NotifyOnFailedRequest)
}

// The validator's errors, converted, are Validate's violations, in the same
// order, for every value the tolerant decoder (what gin and echo bind with)
// and the strict lint make of every crogen document, under both tag names.
func TestViolationsFromValidatorAgreesWithValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    *validator.Validate
	}{
		{"binding (gin)", newGinValidator(t)},
		{"validate (echo, validator.New)", testValidator},
		{"fields named by their json key", newTagValidator(t)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, api := range modelAPIs {
				counts := map[bool]int{}
				properties := newProperties(t, 500)
				properties.Property(api.m.String(), prop.ForAll(func(d crogen.Doc) string {
					var values []any
					if v, err := api.decode(d.JSON()); err == nil {
						values = append(values, v)
					}
					if v, err := api.lint(d.JSON()); !violations(err).Has("", croschema.CodeSyntax) {
						values = append(values, v)
					}
					for _, v := range values {
						want := violations(api.validate(v))
						got := crovalidator.Violations(tc.v.Struct(api.ptr(v)))
						counts[len(want) > 0]++
						if !reflect.DeepEqual(want, got) {
							return fmt.Sprintf("value %+v:\nValidate:                %v\nViolationsFromValidator: %v", v, want, got)
						}
					}
					return ""
				}, crogen.AnyDocs(api.m)))
				properties.run(t)
				// Not a test that cannot fail: both kinds of value were seen
				// (but for the error body, whose only value rule, UTF-8, no
				// decoded document breaks: the decoders replace bad bytes).
				if api.m != croschema.ModelAPIError {
					assert.Positive(t, counts[true], "%s: no invalid value checked", api.m)
				}
				assert.Positive(t, counts[false], "%s: no valid value checked", api.m)
			}
			e := croschema.APIError{Detail: "bad \xff", Field: croschema.NewNullString("\xfe")}
			want := violations(e.Validate())
			require.Len(t, want, 2)
			assert.Equal(t, want, crovalidator.Violations(tc.v.Struct(&e)), "APIError with invalid UTF-8")
		})
	}
}

// A caller's own struct with croschema's tags, and its own rules: located
// by the validator's namespace, with the rule's code and detail.
func TestViolationsFromValidatorCallerStruct(t *testing.T) {
	type contact struct {
		Fax string `validate:"cro_fax"`
	}
	type signup struct {
		Contact contact
		Notify  string `validate:"cro_bool"`
		Owner   string `validate:"required"`
	}
	err := testValidator.Struct(&signup{Contact: contact{Fax: "555"}, Notify: "yes"})
	assert.Equal(t, croschema.Violations{
		{Location: "/Contact/Fax", Field: "signup.Contact.Fax", Code: croschema.CodeMinLength, Detail: "3 characters, at least 7 required"},
		{Location: "/Notify", Field: "signup.Notify", Code: croschema.CodeBool, Detail: `want true, false, 0, 1 or a string "0", "1", "true", "false" in any letter case, got "yes"`},
		{Location: "/Owner", Field: "signup.Owner", Code: "required", Detail: `fails the validator/v10 rule "required"`},
	}, crovalidator.Violations(err))

	// Named by their json keys, as a caller's RegisterTagNameFunc may do.
	type jsonContact struct {
		Fax string `json:"fax" validate:"cro_fax"`
	}
	type jsonSignup struct {
		Contact jsonContact `json:"contact"`
	}
	assert.Equal(t, croschema.Violations{
		{Location: "/contact/fax", Field: "jsonSignup.contact.fax", Code: croschema.CodeMinLength, Detail: "3 characters, at least 7 required"},
	}, crovalidator.Violations(newTagValidator(t).Struct(&jsonSignup{Contact: jsonContact{Fax: "555"}})))

	assert.Nil(t, crovalidator.Violations(nil))
	assert.Nil(t, crovalidator.Violations(errors.New("EOF")))
	wrapped := fmt.Errorf("binding: %w", testValidator.Struct(&croschema.CreateCustomerContact{Fax: croschema.Set("555")}))
	assert.True(t, crovalidator.Violations(wrapped).Has("/fax", croschema.CodeMinLength), "a wrapped error")
}
