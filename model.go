package croschema

import (
	"math"
	"strconv"
	"strings"

	"github.com/croschema/croschema/internal/emailaddr"
)

// A Model names one of the API's body models. The zero Model is ModelNone:
// no body (the Get Contact request).
type Model uint8

// The body models.
const (
	ModelNone                  Model = iota // no body
	ModelCustomerContact                    // CustomerContactModel: the Get Contact response
	ModelCreateCustomerContact              // CreateCustomerContactModel: the POST body
	ModelUpdateCustomerContact              // UpdateCustomerContactModel: the PATCH body
	ModelAPIError                           // the API's error body {field, detail, explanation}
)

var modelNames = [...]string{
	ModelNone:                  "",
	ModelCustomerContact:       "CustomerContactModel",
	ModelCreateCustomerContact: "CreateCustomerContactModel",
	ModelUpdateCustomerContact: "UpdateCustomerContactModel",
	ModelAPIError:              "ErrorResponseModel",
}

// String returns the name the server uses for the model, such as
// "CustomerContactModel", "" for ModelNone, or "invalid Model" for a value
// that names no model.
func (m Model) String() string {
	if int(m) < len(modelNames) {
		return modelNames[m]
	}
	return "invalid Model"
}

// kind is how a rule checks its value.
type kind uint8

const (
	kindText      kind = iota // a JSON string of free text, bounded in characters
	kindEmailList             // a JSON string holding a comma-separated email list
	kindInteger               // a JSON integer literal that fits int64
	kindBool                  // one of the boolean forms of RULES.md "Booleans"
)

// rule is one key of a body model: the one place where its JSON type,
// nullability, bounds and validator/v10 tag are written. Validation, the
// tags, the generators and the JSON Schema are all derived from it.
type rule struct {
	key      string // the JSON key, matched case-sensitively
	kind     kind
	nullable bool // JSON null is allowed
	required bool // required in a full document (CustomerContactModel, the error body)
	min, max int  // bounds in characters (Unicode code points); max 0 means none
	tag      string
	partial  bool // present in the create and update models too
	doc      string
}

// hasMax reports whether the rule bounds the length from above.
func (r *rule) hasMax() bool { return r.max > 0 }

// contactRules is the rule table of CustomerContactModel, in the documented
// key order; the create and update models have the rows marked partial.
var contactRules = [...]rule{
	{key: "email", kind: kindEmailList, nullable: true, required: true, max: 256, tag: "cro_email", partial: true,
		doc: "Email address comma-separated list."},
	{key: "fax", kind: kindText, nullable: true, required: true, min: 7, max: 15, tag: "cro_fax", partial: true,
		doc: "Fax number (free text)."},
	{key: "id", kind: kindInteger, required: true, tag: "cro_id",
		doc: "Customer contact identifier."},
	{key: "name", kind: kindText, required: true, min: 1, max: 128, tag: "cro_name", partial: true,
		doc: "Name (free text)."},
	{key: "notify_on_acknowledged_request", kind: kindBool, required: true, tag: "cro_bool", partial: true,
		doc: "Notify on acknowledge request."},
	{key: "notify_on_completed_request", kind: kindBool, required: true, tag: "cro_bool", partial: true,
		doc: "Notify on completed request."},
	{key: "notify_on_dispatched_request", kind: kindBool, required: true, tag: "cro_bool", partial: true,
		doc: "Notify on dispatched request."},
	{key: "notify_on_failed_request", kind: kindBool, required: true, tag: "cro_bool", partial: true,
		doc: "Notify on failed request."},
	{key: "notify_on_new_request", kind: kindBool, required: true, tag: "cro_bool", partial: true,
		doc: "Notify on new request."},
	{key: "number", kind: kindText, nullable: true, required: true, min: 1, max: 90, tag: "cro_number", partial: true,
		doc: "Phone number (free text)."},
}

// errorRules is the rule table of the API's error body (RULES.md "Errors the
// API returns").
var errorRules = [...]rule{
	{key: "detail", kind: kindText, required: true, tag: "cro_error_detail", doc: "What went wrong."},
	{key: "explanation", kind: kindText, nullable: true, tag: "cro_error_explanation", doc: "Why the request failed."},
	{key: "field", kind: kindText, nullable: true, tag: "cro_error_field", doc: "The field at fault, as Model.key."},
}

// maxFields is the most keys a model has; a record has a slot for each.
const maxFields = len(contactRules)

// stateWords is how many 8-byte words the Presence bytes of a record
// fill, for presenceMasks.
const stateWords = (maxFields + 7) / 8

// model is a body model: its server name and its rules. The index of a
// rule in rules is its slot in a record.
type model struct {
	name     string
	rules    []rule
	partial  bool     // every key optional (create and update)
	fields   []string // name + "." + key, per rule
	pointers []string // "/" + key, per rule
	checks   [maxFields]fieldCheck
	// For validateRecord's fast path: bit i is slot i.
	requiredMask, nullableMask uint32
	textSlots                  []uint8   // the slots holding strings, in order
	byLen                      [][]uint8 // the slots whose key has each length, for lookup
	full                       []int     // a partial model's slot i holds the key of CustomerContactModel's slot full[i]
}

// fieldCheck is what validation reads of a rule, packed so that a model's
// checks share two cache lines: Validate runs in tens of nanoseconds.
type fieldCheck struct {
	kind               kind
	text               bool // kindText or kindEmailList: a string to check
	nullable, required bool
	min, max           int32 // max is math.MaxInt32 when the rule has none
}

func newModel(m Model, rules []rule, partial bool) *model {
	md := &model{name: m.String(), partial: partial}
	for _, r := range rules {
		if partial {
			if !r.partial {
				continue
			}
			r.required = false
		}
		mx := int32(math.MaxInt32)
		if r.hasMax() {
			mx = int32(r.max)
		}
		md.checks[len(md.rules)] = fieldCheck{kind: r.kind, text: r.kind == kindText || r.kind == kindEmailList, nullable: r.nullable, required: r.required, min: int32(r.min), max: mx}
		if r.required {
			md.requiredMask |= 1 << len(md.rules)
		}
		if r.nullable {
			md.nullableMask |= 1 << len(md.rules)
		}
		if r.kind == kindText || r.kind == kindEmailList {
			md.textSlots = append(md.textSlots, uint8(len(md.rules)))
		}
		for len(md.byLen) <= len(r.key) {
			md.byLen = append(md.byLen, nil)
		}
		md.byLen[len(r.key)] = append(md.byLen[len(r.key)], uint8(len(md.rules)))
		md.full = append(md.full, fullSlot(rules, r.key))
		md.rules = append(md.rules, r)
		md.fields = append(md.fields, md.name+"."+r.key)
		md.pointers = append(md.pointers, "/"+r.key)
	}
	return md
}

// fullSlot returns the index of key in rules.
func fullSlot(rules []rule, key string) int {
	for i := range rules {
		if rules[i].key == key {
			return i
		}
	}
	return -1
}

var (
	contactModel = newModel(ModelCustomerContact, contactRules[:], false)
	createModel  = newModel(ModelCreateCustomerContact, contactRules[:], true)
	updateModel  = newModel(ModelUpdateCustomerContact, contactRules[:], true)
	errorModel   = newModel(ModelAPIError, errorRules[:], false)
)

// lookup returns the slot of key, or -1 when the model has no such key.
func (m *model) lookup(key []byte) int {
	if len(key) >= len(m.byLen) {
		return -1
	}
	for _, i := range m.byLen[len(key)] {
		if string(key) == m.rules[i].key {
			return int(i)
		}
	}
	return -1
}

// keyAt returns i when data starts with the key of slot i and the quote
// that closes it, else -1: the decoder's guess at the next key, checked
// without scanning the string.
func (m *model) keyAt(data []byte, i int) int {
	if i >= len(m.rules) {
		return -1
	}
	k := m.rules[i].key
	if len(data) > len(k) && data[len(k)] == '"' && string(data[:len(k)]) == k {
		return i
	}
	return -1
}

// record is a decoded body, independent of the Go type that holds it: one
// slot per rule of its model.
type record struct {
	state    [stateWords * 8]Presence // the slots past maxFields stay absent
	str      [maxFields]string        // kindText, kindEmailList
	num      [maxFields]int64         // kindInteger; kindBool as 0 or 1
	reported uint32                   // bit i: the lint already reported slot i
	// runes[i] > 0: str[i] is valid UTF-8 of runes[i]-1 characters, as the
	// decoder counted them while scanning, so validation need not read it
	// again. A record made from a Go value counts nothing (all zero).
	runes [maxFields]int32
}

// setRunes records that str[i] is n characters of valid UTF-8 (a decoded
// string always is: invalid bytes became U+FFFD).
func (r *record) setRunes(i, n int) { r.runes[i] = int32(n) + 1 }

// runeCount returns the number of characters of str[i] and whether it is
// valid UTF-8, counting them unless the decoder already did.
func (r *record) runeCount(i int) (int, bool) {
	if n := int(r.runes[i]) - 1; n >= 0 {
		return n, true
	}
	return countRunes(r.str[i])
}

// validateRecord applies the value rules (required, null, UTF-8, length,
// email) to every slot not already reported, in table order, appending to vs. It
// is the one validation shared by the strict lint and every Validate method.
func (m *model) validateRecord(rec *record, vs Violations) Violations {
	// Fast path: find the slots whose presence breaks a rule with
	// branch-free mask arithmetic; when none does, which is the common
	// case, only the string slots need a look.
	absent, null, invalid := rec.presenceMasks()
	if (absent&m.requiredMask|null&^m.nullableMask|invalid)&^rec.reported&(1<<len(m.rules)-1) != 0 {
		return m.validateOrdered(rec, vs)
	}
	for _, i := range m.textSlots {
		if rec.state[i] == PresenceValue && rec.reported&(1<<i) == 0 {
			n, ok := int(rec.runes[i])-1, true // rec.runeCount, inlined
			if n < 0 {
				n, ok = countRunes(rec.str[i])
			}
			vs = m.checkString(int(i), rec.str[i], n, ok, vs)
		}
	}
	return vs
}

// presenceMasks returns the slots that are absent, null, and neither
// absent, null nor a value (invalid), bit i for slot i, eight slots at a
// time with the SWAR masks of the scanner. The bits above the model's
// slots are meaningless.
func (r *record) presenceMasks() (absent, null, invalid uint32) {
	for k := range stateWords {
		b := r.state[8*k : 8*k+8]
		w := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
			uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
		absent |= byteBits(^(nonZero(w) | w)) << (8 * k)
		null |= byteBits(^(nonZero(w^lsb*uint64(PresenceNull)) | w)) << (8 * k)
		invalid |= byteBits(w&low+lsb*(0x80-uint64(PresenceValue)-1)|w) << (8 * k)
	}
	return absent, null, invalid
}

// byteBits gathers the high bit of each byte of m into the low 8 bits:
// bit k is the high bit of byte k.
func byteBits(m uint64) uint32 {
	return uint32((m & msb >> 7 * 0x0102040810204080) >> 56)
}

// validateOrdered is validateRecord one slot at a time, in table order.
func (m *model) validateOrdered(rec *record, vs Violations) Violations {
	for i := range m.checks[:len(m.rules)] {
		if rec.reported&(1<<i) != 0 {
			continue
		}
		sl := &m.checks[i]
		switch rec.state[i] {
		case PresenceValue:
			if sl.text {
				n, ok := rec.runeCount(i)
				vs = m.checkString(i, rec.str[i], n, ok, vs)
			}
		case PresenceAbsent:
			if sl.required {
				vs = append(vs, m.violation(i, CodeRequired, "required key is missing"))
			}
		case PresenceNull:
			if !sl.nullable {
				vs = append(vs, m.violation(i, CodeNull, "must not be null"))
			}
		default:
			vs = append(vs, m.violation(i, CodeType, presenceDetail(rec.state[i])))
		}
	}
	return vs
}

// boolInt returns 1 for true and 0 for false: a boolean in a record.
func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// presenceDetail says that p, the Presence of a Go value's key, is none
// of the three: only a Go value can hold it (an Optional built with a
// literal such as Optional[string]{Presence: 9}), never a decoded document.
func presenceDetail(p Presence) string {
	return "invalid Presence " + strconv.Itoa(int(p)) + ": want absent, null or value"
}

// checkPresence returns an error when a slot of rec holds an invalid
// Presence, so that MarshalJSON does not write a key whose meaning is
// unknown.
func (m *model) checkPresence(rec *record) error {
	for i, st := range rec.state[:len(m.rules)] {
		if st > PresenceValue {
			return Violations{m.violation(i, CodeType, presenceDetail(st))}
		}
	}
	return nil
}

// violation returns a violation of rule i.
func (m *model) violation(i int, code Code, detail string) Violation {
	return Violation{Location: m.pointers[i], Field: m.fields[i], Code: code, Detail: detail}
}

// checkString checks a string value against rule i: valid UTF-8 (ok), its
// length in characters (n, as countRunes returns it), and for an email list
// every item.
func (m *model) checkString(i int, s string, n int, ok bool, vs Violations) Violations {
	sl := &m.checks[i]
	if !ok {
		return append(vs, m.violation(i, CodeInvalidUTF8, "string is not valid UTF-8"))
	}
	if n < int(sl.min) {
		return append(vs, m.violation(i, CodeMinLength, lengthDetail(n, "at least", int(sl.min), "required")))
	}
	if n > int(sl.max) {
		return append(vs, m.violation(i, CodeMaxLength, lengthDetail(n, "at most", int(sl.max), "allowed")))
	}
	if sl.kind == kindEmailList {
		return m.checkEmailList(i, s, n == len(s), vs)
	}
	return vs
}

// checkEmailList checks the items of an email list (RULES.md "Email
// lists", steps 3 and 4): "" means no address; otherwise every
// comma-separated item, trimmed of space, tab, CR and LF, must be one
// valid address. Each invalid item is one violation naming its 1-based
// position. ascii says the whole list is ASCII, which picks the faster
// address check.
func (m *model) checkEmailList(i int, s string, ascii bool, vs Violations) Violations {
	if s == "" {
		return vs
	}
	valid := emailaddr.Valid // step 4: what Django 3.2's EmailValidator accepts
	if ascii {
		valid = emailaddr.ValidASCII
	}
	pos := 0
	for rest := s; ; {
		pos++
		item, tail, more := strings.Cut(rest, ",")
		item = trimListSpace(item)
		if !valid(item) {
			vs = append(vs, m.violation(i, CodeEmail, emailDetail(pos, item)))
		}
		if !more {
			return vs
		}
		rest = tail
	}
}

// trimListSpace trims the white space an email list allows around an item:
// space, tab, CR and LF.
func trimListSpace(s string) string {
	for len(s) > 0 && isListSpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isListSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

func isListSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func emailDetail(pos int, item string) string {
	if item == "" {
		return "item " + strconv.Itoa(pos) + " is empty"
	}
	return "item " + strconv.Itoa(pos) + " is not a valid email address: " + quoteTrunc(item)
}

// emailSlot is the slot of the email list in CustomerContactModel.
var emailSlot = contactModel.lookup([]byte("email"))

// ValidEmailList reports whether s is a valid email list per RULES.md "Email lists": "" or
// comma-separated addresses such as "a@example.com, b@example.com",
// each item trimmed of space, tab, CR and LF and valid as Django 3.2's
// EmailValidator decides, the whole at most 256 characters.
func ValidEmailList(s string) bool {
	n, ok := countRunes(s)
	return len(contactModel.checkString(emailSlot, s, n, ok, nil)) == 0
}

// FieldRule describes one key of a body model, as the rule table states
// it: the JSON Schema, the OpenAPI document, crogen's generators and the
// validator/v10 tags (package crovalidator) are all derived from the same
// table that the package's own validation reads. Check applies the rule to
// one value.
type FieldRule struct {
	Key       string // the JSON key, such as "email"
	Field     string // the server's name, such as "CustomerContactModel.email"
	JSONType  string // "string", "integer" or "boolean"
	Nullable  bool   // JSON null is allowed
	Required  bool   // the key must be present
	MinLength int    // at least this many characters (strings only)
	MaxLength int    // at most this many characters; 0 means no bound
	EmailList bool   // the string is an email list (RULES.md "Email lists")
	Tag       string // the validator/v10 tag of the key, such as "cro_email"
	Doc       string // the documentation's description
}

// Check reports every violation of r by one value of its key: nil (JSON
// null), a string, a bool or an int64, such as a struct field's. The
// violations are those a document holding the value gets, at location
// "/"+r.Key with field r.Field: null where r is not Nullable; a string's
// UTF-8, length and email list; a value of another JSON type (type, bool
// or integer, as the lint reports a document's). It returns nil when the
// value is valid, and one type violation for a [FieldRule] whose Field names
// no rule of Model.Rules, or a value of another Go type.
func (r FieldRule) Check(value any) Violations {
	m, i := ruleOf(r.Field)
	if m == nil {
		return Violations{{Location: "/" + r.Key, Field: r.Field, Code: CodeType, Detail: "no rule: the FieldRule is not one of Model.Rules"}}
	}
	var rec record
	rec.reported = ^uint32(0) &^ (1 << i) // check this slot only
	k := m.rules[i].kind
	ok := true
	switch v := value.(type) {
	case nil:
		rec.state[i] = PresenceNull
	case string:
		if k == kindBool { // a boolean key takes "1", "true", "FALSE" ... as a document does
			if _, ok := parseBool(v); !ok {
				return Violations{m.violation(i, CodeBool, boolDetail([]byte(strconv.Quote(v))))}
			}
			return nil
		}
		rec.state[i], rec.str[i] = PresenceValue, v
		ok = k == kindText || k == kindEmailList
	case bool:
		rec.state[i] = PresenceValue
		ok = k == kindBool
	case int64:
		if k == kindBool && (v == 0 || v == 1) { // the JSON numbers 0 and 1 are booleans
			return nil
		}
		rec.state[i] = PresenceValue
		ok = k == kindInteger
	default:
		ok = false
	}
	if !ok {
		return Violations{m.violation(i, kindCode[k], "a Go "+typeName(value)+" value that is not "+kindJSON[k])}
	}
	return m.validateRecord(&rec, nil)
}

// ruleOf returns the model and slot of the rule whose field is field, such
// as "CustomerContactModel.fax", or nil.
func ruleOf(field string) (*model, int) {
	name, key, _ := strings.Cut(field, ".")
	for _, m := range []*model{contactModel, createModel, updateModel, errorModel} {
		if m.name == name {
			if i := m.lookup([]byte(key)); i >= 0 {
				return m, i
			}
		}
	}
	return nil, 0
}

// kindCode is the code of a value that breaks a rule's JSON type, and
// kindJSON what the rule's JSON type is.
var (
	kindCode = [...]Code{kindText: CodeType, kindEmailList: CodeType, kindInteger: CodeInteger, kindBool: CodeBool}
	kindJSON = [...]string{kindText: "a string", kindEmailList: "a string",
		kindInteger: "an integer within int64", kindBool: "one of the boolean forms"}
)

// typeName names the Go type of v for a detail, without reflection.
func typeName(v any) string {
	switch v.(type) {
	case int, int8, int16, int32, uint, uint8, uint16, uint32, uint64:
		return "integer of another size"
	case float32, float64:
		return "float"
	}
	return "value of another type"
}

// Rules returns the rule table of m, one [FieldRule] per key in the
// documented order, or nil for ModelNone and invalid values. The slice is
// new on every call.
func (m Model) Rules() []FieldRule {
	md := m.model()
	if md == nil {
		return nil
	}
	out := make([]FieldRule, len(md.rules))
	for i, r := range md.rules {
		typ := "string"
		switch r.kind {
		case kindInteger:
			typ = "integer"
		case kindBool:
			typ = "boolean"
		}
		out[i] = FieldRule{Key: r.key, Field: md.fields[i], JSONType: typ, Nullable: r.nullable,
			Required: r.required, MinLength: r.min, MaxLength: r.max, EmailList: r.kind == kindEmailList,
			Tag: r.tag, Doc: r.doc}
	}
	return out
}

// model returns the rule table of m, or nil.
func (m Model) model() *model {
	switch m {
	case ModelCustomerContact:
		return contactModel
	case ModelCreateCustomerContact:
		return createModel
	case ModelUpdateCustomerContact:
		return updateModel
	case ModelAPIError:
		return errorModel
	}
	return nil
}

// Lint checks data strictly as one document of m and returns every
// violation: the model-independent form of [LintContact] and its siblings,
// for callers that pick the model at run time (an endpoint's body model,
// a CLI flag). The error is nil when data is valid, else a [Violations]; for
// ModelNone and an invalid Model it is a single syntax violation.
func (m Model) Lint(data []byte) error {
	md := m.model()
	if md == nil {
		return Violations{{Location: "", Field: m.String(), Code: CodeSyntax, Detail: "no body model to check against"}}
	}
	_, vs := lint(data, md)
	return vs.asError()
}
