package croschema

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/croschema/croschema/internal/jsonstr"
	"github.com/go-playground/validator/v10"
)

// RegisterValidations registers croschema's validations on v, the
// caller's own validator. A validation is registered by name, whatever
// struct tag v reads: echo users and validator.New() read `validate:`,
// gin's default validator reads `binding:` (it calls SetTagName("binding")),
// and this package's models carry both, so that
//
//	croschema.RegisterValidations(binding.Validator.Engine().(*validator.Validate))
//
// makes gin's c.ShouldBindJSON(&croschema.CreateCustomerContact{}) reject
// what Validate rejects. ViolationsFromValidator turns v's errors into the
// violations Validate reports. Each validation is the rule of one row of
// the rule table:
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
// invalid. A caller's own struct may use them too, under either tag name.
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
	n, ok := countRunes(s)
	return len(r.m.checkString(r.i, s, n, ok, nil)) == 0
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

// ViolationsFromValidator returns the violations that err reports, where
// err is (or wraps) the validator.ValidationErrors of v.Struct on one of
// this package's models, for a v that RegisterValidations set up; gin's
// ShouldBindJSON and echo's Validate return it as is. Each failed field
// gives the violations Validate reports for it, in the same order (the
// models' fields are in table order): location a JSON Pointer, field the
// server's name, the same code and detail. For a CreateCustomerContact
// whose fax is "555":
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
// one of Codes(). It returns nil when err holds no ValidationErrors.
func ViolationsFromValidator(err error) Violations {
	var fes validator.ValidationErrors
	if !errors.As(err, &fes) {
		return nil
	}
	var vs Violations
	for _, fe := range fes {
		vs = appendFieldError(vs, fe)
	}
	return vs
}

// appendFieldError appends the violations of one validator field error.
func appendFieldError(vs Violations, fe validator.FieldError) Violations {
	ref, ours := tagRules[fe.Tag()]
	m, slot, known := modelField(fe.StructNamespace(), fe.Tag())
	if !known {
		// A caller's struct: the tag's rule, located by the namespace.
		loc, field := namespacePointer(fe.Namespace()), fe.Namespace()
		if !ours {
			return append(vs, Violation{Location: loc, Field: field, Code: Code(fe.Tag()),
				Detail: "fails the validator/v10 rule " + strconv.Quote(fe.ActualTag())})
		}
		cp := *ref.m // the tag's rule, under the caller's names
		cp.fields, cp.pointers = make([]string, len(cp.rules)), make([]string, len(cp.rules))
		m, slot = &cp, ref.i
		m.fields[slot], m.pointers[slot] = field, loc
	}
	var rec record
	rec.reported = ^uint32(0) &^ (1 << slot) // check this slot only
	n := len(vs)
	if putField(&rec, slot, m.rules[slot].kind, reflect.ValueOf(fe.Value())) {
		vs = m.validateRecord(&rec, vs)
	}
	if len(vs) == n { // a Go value the rule's JSON type cannot hold
		vs = append(vs, m.violation(slot, kindCode[m.rules[slot].kind], "a Go "+fe.Type().String()+
			" value that is not "+kindJSON[m.rules[slot].kind]+": "+quoteTrunc(fmt.Sprint(fe.Value()))))
	}
	return vs
}

// kindCode is the code of a value that breaks a rule's JSON type, and
// kindJSON what the rule's JSON type is.
var (
	kindCode = [...]Code{kindText: CodeType, kindEmailList: CodeType, kindInteger: CodeInteger, kindBool: CodeBool}
	kindJSON = [...]string{kindText: "a string", kindEmailList: "a string",
		kindInteger: "an integer within int64", kindBool: "one of the boolean forms"}
)

// tagRules finds the rule of each tag that RegisterValidations registers.
var tagRules = func() map[string]ruleRef {
	m := map[string]ruleRef{}
	for _, r := range validationTags() {
		m[r.tag()] = r
	}
	return m
}()

// modelSlots maps the Go name of each model type to its rule table and the
// slot of each of its Go fields, from the json names of the fields.
var modelSlots = func() map[string]modelOfType {
	out := map[string]modelOfType{}
	for _, t := range []struct {
		typ reflect.Type
		m   *model
	}{
		{reflect.TypeFor[CustomerContact](), contactModel},
		{reflect.TypeFor[CreateCustomerContact](), createModel},
		{reflect.TypeFor[UpdateCustomerContact](), updateModel},
		{reflect.TypeFor[APIError](), errorModel},
	} {
		mt := modelOfType{m: t.m, slots: map[string]int{}}
		for i := 0; i < t.typ.NumField(); i++ {
			f := t.typ.Field(i)
			key, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if slot := t.m.lookup([]byte(key)); slot >= 0 {
				mt.slots[f.Name] = slot
			}
		}
		out[t.typ.Name()] = mt
	}
	return out
}()

type modelOfType struct {
	m     *model
	slots map[string]int // by Go field name
}

// modelField returns the model and slot of a field error whose struct
// namespace is TYPE.FIELD, TYPE one of the model types, and whose tag is
// that field's.
func modelField(structNS, tag string) (*model, int, bool) {
	typ, field, ok := strings.Cut(structNS, ".")
	if !ok || strings.Contains(field, ".") {
		return nil, 0, false
	}
	mt, ok := modelSlots[typ]
	if !ok {
		return nil, 0, false
	}
	slot, ok := mt.slots[field]
	if !ok || mt.m.rules[slot].tag != tag {
		return nil, 0, false
	}
	return mt.m, slot, true
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

// putField stores the Go value v of a field into slot i of rec, as
// toRecord does, and reports whether a rule of kind k can check it: a
// string for a string rule, a bool for a boolean, an integer for an
// integer. A nil pointer is null; NullString and Optional keep their
// presence.
func putField(rec *record, i int, k kind, v reflect.Value) bool {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			rec.state[i] = PresenceNull
			return true
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		rec.state[i] = PresenceNull
		return true
	}
	switch v.Type() {
	case typeNullString:
		if !v.Field(1).Bool() {
			rec.state[i] = PresenceNull
			return true
		}
		v = v.Field(0)
	case typeOptionalString, typeOptionalBool:
		rec.state[i] = Presence(v.Field(1).Uint())
		if rec.state[i] != PresenceValue {
			return true
		}
		v = v.Field(0)
	}
	rec.state[i] = PresenceValue
	switch v.Kind() {
	case reflect.String:
		rec.str[i] = v.String()
		return k == kindText || k == kindEmailList
	case reflect.Bool:
		return k == kindBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return k == kindInteger
	}
	return false
}

// FieldRule describes one key of a body model, as the rule table states
