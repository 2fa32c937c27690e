// Package crovalidator is the bridge between croschema and
// go-playground/validator/v10, the validator of gin and echo: it registers
// croschema's rules as validation tags (Register) and turns the validator's
// errors back into croschema's violations (Violations), so that a handler
// that binds with its framework answers what crohttp.Middleware answers.
//
// It is its own package so that importers of croschema do not pay for
// validator/v10. Its tags are the rule table's (croschema.FieldRule.Tag),
// which the models carry under both `validate:` and `binding:`.
package crovalidator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/internal/jsonstr"
	"github.com/go-playground/validator/v10"
)

// Register registers croschema's validations on v, the caller's own
// validator. A validation is registered by name, whatever struct tag v
// reads: echo users and validator.New() read `validate:`, gin's default
// validator reads `binding:` (it calls SetTagName("binding")), and
// croschema's models carry both, so that
//
//	crovalidator.Register(binding.Validator.Engine().(*validator.Validate))
//
// makes gin's c.ShouldBindJSON(&croschema.CreateCustomerContact{}) reject
// what Validate rejects. Violations turns v's errors into the violations
// Validate reports. Each validation is the rule of one row of the rule
// table:
//
//	cro_email              an email list, at most 256 characters, or null
//	cro_fax                7 to 15 characters, or null
//	cro_id                 an integer
//	cro_name               1 to 128 characters
//	cro_bool               a boolean, or a string in a documented boolean form
//	cro_number             1 to 90 characters, or null
//	cro_error_detail       a string
//	cro_error_explanation  a string, or null
//	cro_error_field        a string, or null
//
// A tag applies to string, bool and integer fields, to pointers to them
// (nil is null), and to NullString, Bool and Optional fields (absent is
// always valid; Optional's required-ness is the model's business). The
// tags on croschema's model types are these, so v.Struct(&contact) agrees
// with contact.Validate() on which fields are invalid. A caller's own
// struct may use them too, under either tag name.
//
// Call it before v validates any struct that uses the tags: validator/v10
// caches a struct type's functions on first use, so a struct validated
// earlier keeps the functions it saw then. Registering replaces any
// function already registered under a cro_ tag. A nil v is an error.
func Register(v *validator.Validate) error {
	if v == nil {
		return errors.New("crovalidator: Register(nil)")
	}
	for _, r := range tagRules() {
		rule := r
		fn := func(fl validator.FieldLevel) bool { return accepts(rule, fl.Field()) }
		if err := v.RegisterValidation(rule.Tag, fn, true); err != nil {
			return fmt.Errorf("crovalidator: Register: tag %q: %w", rule.Tag, err)
		}
	}
	return nil
}

// tagRules returns one rule per distinct tag, in table order: those of
// CustomerContactModel, then those of the error body.
func tagRules() []croschema.FieldRule {
	var out []croschema.FieldRule
	seen := map[string]bool{}
	for _, m := range []croschema.Model{croschema.ModelCustomerContact, croschema.ModelAPIError} {
		for _, r := range m.Rules() {
			if !seen[r.Tag] {
				seen[r.Tag] = true
				out = append(out, r)
			}
		}
	}
	return out
}

// byTag is the rule of each tag.
var byTag = func() map[string]croschema.FieldRule {
	m := map[string]croschema.FieldRule{}
	for _, r := range tagRules() {
		m[r.Tag] = r
	}
	return m
}()

var (
	typeNullString     = reflect.TypeFor[croschema.NullString]()
	typeOptionalString = reflect.TypeFor[croschema.Optional[string]]()
	typeOptionalBool   = reflect.TypeFor[croschema.Optional[bool]]()
)

// value returns the JSON-level value of a struct field for FieldRule.Check:
// nil for null (a nil pointer, a NullString that is not Valid, an Optional
// set to null), a string, a bool or an int64, and whether the field is
// absent (an absent Optional) or holds a Go value no rule can check (ok
// false, value a description of it).
func value(v reflect.Value) (val any, absent, ok bool) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil, false, true
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		return nil, false, true
	}
	switch v.Type() {
	case typeNullString:
		if !v.Field(1).Bool() {
			return nil, false, true
		}
		v = v.Field(0)
	case typeOptionalString, typeOptionalBool:
		switch croschema.Presence(v.Field(1).Uint()) {
		case croschema.PresenceAbsent:
			return nil, true, true
		case croschema.PresenceNull:
			return nil, false, true
		case croschema.PresenceValue:
			v = v.Field(0)
		default:
			return "an invalid Presence", false, false
		}
	}
	switch v.Kind() {
	case reflect.String:
		return v.String(), false, true
	case reflect.Bool:
		return v.Bool(), false, true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int(), false, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if n := v.Uint(); n <= math.MaxInt64 {
			return int64(n), false, true
		}
		return "an integer out of the range of int64", false, false
	}
	return "a Go " + v.Type().String(), false, false
}

// accepts reports whether the value of a struct field passes rule r.
func accepts(r croschema.FieldRule, v reflect.Value) bool {
	val, absent, ok := value(v)
	switch {
	case absent:
		return true
	case !ok:
		return false
	}
	return len(r.Check(val)) == 0
}

// Violations returns the violations that err reports:
//
//   - when err is (or wraps) a croschema.Violations, such as the error of
//     a model's UnmarshalJSON that gin's ShouldBindJSON returns for a body
//     it cannot decode, those violations;
//   - when err is (or wraps) the validator.ValidationErrors of v.Struct on
//     one of croschema's models, for a v that Register set up (gin's
//     ShouldBindJSON and echo's Validate return it as is), each failed
//     field's violations as Validate reports them, in the same order (the
//     models' fields are in table order): location a JSON Pointer, field
//     the server's name, the same code and detail.
//
// For a CreateCustomerContact whose fax is "555":
//
//	{Location: "/fax", Field: "CreateCustomerContactModel.fax", Code: "min_length",
//	 Detail: "3 characters, at least 7 required"}
//
// so that crohttp.ErrorFromViolations makes the API's error body of them.
//
// A field of a caller's own struct that carries one of croschema's tags
// (or a model nested in a caller's struct) is checked by that tag's rule;
// its location is the validator's namespace after the struct's name, as a
// JSON Pointer ("/Contact/Fax", or "/contact/fax" when v names fields by
// their json key with RegisterTagNameFunc) and its field is the namespace
// ("Signup.Contact.Fax"). A field that failed another tag (a caller's own
// rule, such as "required") keeps the tag as its Code, which is then not
// one of croschema.Codes().
//
// An error of the framework's JSON decoder before the model's own decoding
// (encoding/json's *json.SyntaxError, io.EOF for an empty body,
// io.ErrUnexpectedEOF for one cut short) is one syntax violation at
// location "", so that a handler answers it 400, never 500. Violations
// returns nil for any other error, and for nil.
func Violations(err error) croschema.Violations {
	var vs croschema.Violations
	if errors.As(err, &vs) {
		return vs
	}
	if v, ok := decodeError(err); ok {
		return croschema.Violations{v}
	}
	var fes validator.ValidationErrors
	if !errors.As(err, &fes) {
		return nil
	}
	for _, fe := range fes {
		vs = appendFieldError(vs, fe)
	}
	return vs
}

// appendFieldError appends the violations of one validator field error.
func appendFieldError(vs croschema.Violations, fe validator.FieldError) croschema.Violations {
	r, ours := byTag[fe.Tag()]
	if mr, known := modelField(fe.StructNamespace(), fe.Tag()); known {
		r = mr
	} else {
		// A caller's struct: the tag's rule, located by the namespace.
		loc, field := namespacePointer(fe.Namespace()), fe.Namespace()
		if !ours {
			return append(vs, croschema.Violation{Location: loc, Field: field, Code: croschema.Code(fe.Tag()),
				Detail: "fails the validator/v10 rule " + strconv.Quote(fe.ActualTag())})
		}
		return append(vs, relabel(check(r, fe), loc, field)...)
	}
	return append(vs, check(r, fe)...)
}

// check returns the violations of fe's value by r.
func check(r croschema.FieldRule, fe validator.FieldError) croschema.Violations {
	val, _, ok := value(reflect.ValueOf(fe.Value()))
	if !ok {
		desc, _ := val.(string)
		code := croschema.CodeType
		switch r.JSONType {
		case "integer":
			code = croschema.CodeInteger
		case "boolean":
			code = croschema.CodeBool
		}
		return croschema.Violations{{Location: "/" + r.Key, Field: r.Field, Code: code,
			Detail: desc + " is not a " + r.JSONType}}
	}
	return r.Check(val)
}

// relabel gives violations the location and field of a caller's struct.
func relabel(vs croschema.Violations, loc, field string) croschema.Violations {
	for i := range vs {
		vs[i].Location, vs[i].Field = loc, field
	}
	return vs
}

// modelTypes are croschema's model types by Go name, each with the rule of
// each of its Go fields, found by the fields' json names.
var modelTypes = func() map[string]map[string]croschema.FieldRule {
	out := map[string]map[string]croschema.FieldRule{}
	for _, t := range []struct {
		typ reflect.Type
		m   croschema.Model
	}{
		{reflect.TypeFor[croschema.CustomerContact](), croschema.ModelCustomerContact},
		{reflect.TypeFor[croschema.CreateCustomerContact](), croschema.ModelCreateCustomerContact},
		{reflect.TypeFor[croschema.UpdateCustomerContact](), croschema.ModelUpdateCustomerContact},
		{reflect.TypeFor[croschema.APIError](), croschema.ModelAPIError},
	} {
		rules := map[string]croschema.FieldRule{}
		for _, r := range t.m.Rules() {
			rules[r.Key] = r
		}
		fields := map[string]croschema.FieldRule{}
		for i := 0; i < t.typ.NumField(); i++ {
			f := t.typ.Field(i)
			key, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if r, ok := rules[key]; ok {
				fields[f.Name] = r
			}
		}
		out[t.typ.Name()] = fields
	}
	return out
}()

// modelField returns the rule of a field error whose struct namespace is
// TYPE.FIELD, TYPE one of croschema's model types, and whose tag is that
// field's.
func modelField(structNS, tag string) (croschema.FieldRule, bool) {
	typ, field, ok := strings.Cut(structNS, ".")
	if !ok || strings.Contains(field, ".") {
		return croschema.FieldRule{}, false
	}
	r, ok := modelTypes[typ][field]
	if !ok || r.Tag != tag {
		return croschema.FieldRule{}, false
	}
	return r, true
}

// namespacePointer returns the JSON Pointer of a validator namespace, such
// as "/Contact/Fax" for "Signup.Contact.Fax": the segments after the
// struct's name, escaped as RFC 6901 says. validator writes an element of
// a slice or map as Field[i]; it becomes the segments Field and i.
func namespacePointer(ns string) string {
	_, rest, _ := strings.Cut(ns, ".")
	var b strings.Builder
	for seg := range strings.SplitSeq(rest, ".") {
		name, index, _ := strings.Cut(seg, "[")
		for _, s := range []string{name, strings.TrimSuffix(index, "]")} {
			if s == "" {
				continue
			}
			b.WriteByte('/')
			b.WriteString(jsonstr.EscapePointer(s))
		}
	}
	return b.String()
}

// decodeError returns the syntax violation of an error of a JSON decoder
// that read no value: what encoding/json reports before a model's
// UnmarshalJSON runs.
func decodeError(err error) (croschema.Violation, bool) {
	var se *json.SyntaxError
	switch {
	case err == nil:
		return croschema.Violation{}, false
	case errors.As(err, &se):
		return croschema.Violation{Location: "", Code: croschema.CodeSyntax,
			Detail: "the body is not JSON: " + se.Error() + " at offset " + strconv.FormatInt(se.Offset, 10)}, true
	case errors.Is(err, io.EOF):
		return croschema.Violation{Location: "", Code: croschema.CodeSyntax, Detail: "the body is empty"}, true
	case errors.Is(err, io.ErrUnexpectedEOF):
		return croschema.Violation{Location: "", Code: croschema.CodeSyntax, Detail: "the body ends inside a JSON value"}, true
	}
	return croschema.Violation{}, false
}
