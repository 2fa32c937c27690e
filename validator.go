package croschema

import (
	"fmt"
	"math"
	"reflect"

	"github.com/go-playground/validator/v10"
)

// RegisterValidations registers croschema's validation tags on v, the
// caller's own validator (a gin or echo user registers them on the engine's
// validator). Each tag is the rule of one row of the rule table:
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
// tags on this package's model types are these, so
// v.Struct(&contact) agrees with contact.Validate() on which fields are
// invalid.
//
// Call it before v validates any struct that uses the tags: validator/v10
// caches a struct type's functions on first use, so a struct validated
// earlier keeps the functions it saw then. Registering replaces any
// function already registered under a cro_ tag.
func RegisterValidations(v *validator.Validate) error {
	for _, t := range validationTags() {
		ref := t
		fn := func(fl validator.FieldLevel) bool { return ref.accepts(fl.Field()) }
		if err := v.RegisterValidation(t.tag(), fn, true); err != nil {
			return fmt.Errorf("croschema: RegisterValidations: tag %q: %w", t.tag(), err)
		}
	}
	return nil
}

// ruleRef is one rule of one model: what a validation tag checks.
type ruleRef struct {
	m *model
	i int
}

func (r ruleRef) tag() string { return r.m.rules[r.i].tag }
func (r ruleRef) rule() *rule { return &r.m.rules[r.i] }
func (r ruleRef) valid(s string) bool {
	rl := r.rule()
	switch rl.kind {
	case kindBool:
		_, ok := parseBool(s)
		return ok
	case kindInteger:
		return false
	}
	return len(r.m.checkString(r.i, s, nil)) == 0
}

// validationTags returns one ruleRef per distinct tag, in table order.
func validationTags() []ruleRef {
	var refs []ruleRef
	seen := map[string]bool{}
	for _, m := range []*model{contactModel, errorModel} {
		for i := range m.rules {
			if t := m.rules[i].tag; !seen[t] {
				seen[t] = true
				refs = append(refs, ruleRef{m, i})
			}
		}
	}
	return refs
}

var (
	typeNullString     = reflect.TypeFor[NullString]()
	typeOptionalString = reflect.TypeFor[Optional[string]]()
	typeOptionalBool   = reflect.TypeFor[Optional[bool]]()
)

// accepts reports whether the value of a struct field passes the rule.
func (r ruleRef) accepts(v reflect.Value) bool {
	rl := r.rule()
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return rl.nullable
		}
		v = v.Elem()
	}
	switch v.Type() {
	case typeNullString:
		if !v.Field(1).Bool() {
			return rl.nullable
		}
		return r.valid(v.Field(0).String())
	case typeOptionalString, typeOptionalBool:
		switch Presence(v.Field(1).Uint()) {
		case PresenceAbsent:
			return true
		case PresenceNull:
			return rl.nullable
		case PresenceValue:
		default:
			return false // an invalid Presence
		}
		v = v.Field(0)
	}
	switch v.Kind() {
	case reflect.String:
		return r.valid(v.String())
	case reflect.Bool:
		return rl.kind == kindBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rl.kind == kindInteger
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return rl.kind == kindInteger && v.Uint() <= math.MaxInt64
	}
	return false
}

// FieldRule describes one key of a body model, as the rule table states
