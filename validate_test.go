package croschema

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/go-playground/validator/v10"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testValidator is a caller's validator with our tags registered.
var testValidator = func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	if err := RegisterValidations(v); err != nil {
		panic(err)
	}
	return v
}()

func TestViolationsError(t *testing.T) {
	vs := Violations{
		{Location: "/fax", Field: "CustomerContactModel.fax", Code: CodeMaxLength, Detail: "16 characters, at most 15 allowed"},
		{Location: "", Field: "CustomerContactModel", Code: CodeSyntax, Detail: "unexpected end of input"},
	}
	assert.Equal(t, `croschema: 2 violations: /fax: max_length: 16 characters, at most 15 allowed; "": syntax: unexpected end of input`, vs.Error())
	assert.Equal(t, `croschema: 1 violation: /fax: max_length: 16 characters, at most 15 allowed`, vs[:1].Error())
	var err error = vs
	var got Violations
	require.True(t, errors.As(err, &got))
	assert.True(t, got.Has("/fax", CodeMaxLength))
	assert.False(t, got.Has("/fax", CodeMinLength))
	assert.Nil(t, Violations(nil).asError(), "no violations is a nil error, not a non-nil empty list")
}

func TestCodesAreSpecTable(t *testing.T) {
	want := []string{"syntax", "type", "required", "null", "unknown_field", "duplicate_key", "invalid_utf8",
		"min_length", "max_length", "email", "bool", "integer", "pattern", "enum", "uuid", "method", "path"}
	var got []string
	for _, c := range Codes() {
		got = append(got, string(c))
	}
	assert.Equal(t, want, got)
}

// TestTableMatchesStructs proves the struct tags and slot constants are the
// rule table's: each model type has one field per rule, in order, whose
// json name is the rule's key and whose validate tag is the rule's tag.
func TestTableMatchesStructs(t *testing.T) {
	for _, tc := range []struct {
		m   *model
		typ reflect.Type
	}{
		{contactModel, reflect.TypeFor[CustomerContact]()},
		{createModel, reflect.TypeFor[CreateCustomerContact]()},
		{updateModel, reflect.TypeFor[UpdateCustomerContact]()},
		{errorModel, reflect.TypeFor[APIError]()},
	} {
		var fields []reflect.StructField
		for i := 0; i < tc.typ.NumField(); i++ {
			if f := tc.typ.Field(i); f.Tag.Get("json") != "-" {
				fields = append(fields, f)
			}
		}
		require.Len(t, fields, len(tc.m.rules), "%s", tc.typ)
		for i, f := range fields {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			assert.Equal(t, tc.m.rules[i].key, name, "%s.%s json name", tc.typ, f.Name)
			assert.Equal(t, tc.m.rules[i].tag, f.Tag.Get("validate"), "%s.%s validate tag", tc.typ, f.Name)
		}
	}
	// Every slot constant names the row of its key, in every model.
	slots := []struct {
		models []*model
		slots  map[string]int
	}{
		{[]*model{contactModel}, map[string]int{"email": contactEmail, "fax": contactFax, "id": contactID, "name": contactName,
			"notify_on_acknowledged_request": contactNotifyAck, "notify_on_completed_request": contactNotifyCompleted,
			"notify_on_dispatched_request": contactNotifyDispatched, "notify_on_failed_request": contactNotifyFailed,
			"notify_on_new_request": contactNotifyNew, "number": contactNumber}},
		{[]*model{createModel, updateModel}, map[string]int{"email": partialEmail, "fax": partialFax, "name": partialName,
			"notify_on_acknowledged_request": partialNotifyAck, "notify_on_completed_request": partialNotifyCompleted,
			"notify_on_dispatched_request": partialNotifyDispatched, "notify_on_failed_request": partialNotifyFailed,
			"notify_on_new_request": partialNotifyNew, "number": partialNumber}},
	}
	for _, tc := range slots {
		for _, m := range tc.models {
			require.Len(t, tc.slots, len(m.rules), m.name)
			for key, slot := range tc.slots {
				assert.Equal(t, slot, m.lookup([]byte(key)), "%s.%s", m.name, key)
			}
		}
	}
	// rows that share a tag must share the rule it checks
	byTag := map[string]rule{}
	for _, m := range []*model{contactModel, errorModel} {
		for _, r := range m.rules {
			r.key, r.doc = "", ""
			if prev, ok := byTag[r.tag]; ok {
				assert.Equal(t, prev, r, "rows with tag %s differ", r.tag)
			}
			byTag[r.tag] = r
		}
	}
}

func TestModelRules(t *testing.T) {
	rules := ModelCustomerContact.Rules()
	require.Len(t, rules, 10)
	assert.Equal(t, FieldRule{Key: "fax", Field: "CustomerContactModel.fax", JSONType: "string", Nullable: true,
		Required: true, MinLength: 7, MaxLength: 15, Tag: "cro_fax", Doc: "Fax number (free text)."}, rules[1])
	create := ModelCreateCustomerContact.Rules()
	require.Len(t, create, 9)
	for _, r := range create {
		assert.False(t, r.Required, r.Key)
		assert.NotEqual(t, "id", r.Key)
		assert.True(t, strings.HasPrefix(r.Field, "CreateCustomerContactModel."))
	}
	assert.Nil(t, ModelNone.Rules())
	rules[0].Key = "changed"
	assert.Equal(t, "email", ModelCustomerContact.Rules()[0].Key, "Rules returns a copy")
}

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

func TestRegisterValidationsTwice(t *testing.T) {
	v := validator.New()
	require.NoError(t, RegisterValidations(v))
	require.NoError(t, RegisterValidations(v), "registering again replaces the same functions")
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

// ownFields returns the json keys Validate finds invalid.
func ownFields(err error) []string {
	var keys []string
	var vs Violations
	if errors.As(err, &vs) {
		for _, v := range vs {
			keys = append(keys, strings.TrimPrefix(v.Location, "/"))
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// genText generates strings around the bounds of the text rules: short,
// long, multi-byte, invalid UTF-8, email-ish and not.
func genText() gopter.Gen {
	return gen.OneGenOf(
		gen.AlphaString(),
		gen.IntRange(0, 300).Map(func(n int) string { return strings.Repeat("é", n) }),
		gen.IntRange(0, 300).Map(func(n int) string { return strings.Repeat("x", n) }),
		gen.OneConstOf("", "a@example.com", "a@example.com, b@example.org", "a@example.com,", "no at sign",
			"555-1234", "\xff\xfe", "George", " ", "😀😀😀😀😀😀😀"),
	)
}

func genNullString() gopter.Gen {
	return gopter.CombineGens(genText(), gen.Bool()).Map(func(v []any) NullString {
		return NullString{String: v[0].(string), Valid: v[1].(bool)}
	})
}

func genOptional[T string | bool](g gopter.Gen) gopter.Gen {
	return gopter.CombineGens(g, gen.IntRange(0, 2)).Map(func(v []any) Optional[T] {
		o := Optional[T]{Presence: Presence(v[1].(int))}
		if o.Presence == PresenceValue {
			o.Value = v[0].(T)
		}
		return o
	})
}

// TestValidatorAgreesWithValidate: on generated values of every model,
// validator/v10 with our tags and the package's own Validate find the same
// fields invalid.
func TestValidatorAgreesWithValidate(t *testing.T) {
	params := gopter.DefaultTestParametersWithSeed(1)
	params.MinSuccessfulTests = 2000
	props := gopter.NewProperties(params)

	props.Property("CustomerContact", prop.ForAll(
		func(email, fax, number NullString, name string, id int64, b bool) bool {
			c := CustomerContact{Email: email, Fax: fax, Number: number, Name: name, ID: id, NotifyOnNewRequest: Bool(b)}
			return slices.Equal(validatorFields(t, &c), ownFields(c.Validate()))
		},
		genNullString(), genNullString(), genNullString(), genText(), gen.Int64(), gen.Bool(),
	))
	props.Property("CreateCustomerContact and UpdateCustomerContact", prop.ForAll(
		func(email, fax, name, number Optional[string], notify Optional[bool]) bool {
			c := CreateCustomerContact{Email: email, Fax: fax, Name: name, Number: number, NotifyOnFailedRequest: notify}
			u := UpdateCustomerContact(c)
			return slices.Equal(validatorFields(t, &c), ownFields(c.Validate())) &&
				slices.Equal(validatorFields(t, &u), ownFields(u.Validate()))
		},
		genOptional[string](genText()), genOptional[string](genText()), genOptional[string](genText()),
		genOptional[string](genText()), genOptional[bool](gen.Bool()),
	))
	props.TestingRun(t)
}
