package croschema

import "errors"

// Presence is how a key stands in a body: absent, null, or with a value.
// The zero Presence is PresenceAbsent. Any other value is invalid: Validate
// reports it as a type violation and MarshalJSON as an error.
type Presence uint8

// The three ways a key can stand in a body.
const (
	PresenceAbsent Presence = iota // the key is not in the body
	PresenceNull                   // the key is there with the value null
	PresenceValue                  // the key is there with a value
)

// String returns "absent", "null" or "value", or "invalid Presence".
func (p Presence) String() string {
	switch p {
	case PresenceAbsent:
		return "absent"
	case PresenceNull:
		return "null"
	case PresenceValue:
		return "value"
	}
	return "invalid Presence"
}

// NullString is a string that may be JSON null, as email, fax and number
// are in CustomerContactModel. Valid is false for null. The zero [NullString]
// is null, which is distinct from the empty string
// [NullString]{String: "", Valid: true}.
type NullString struct {
	String string
	Valid  bool // false for null
}

// NewNullString returns the non-null [NullString] holding s.
func NewNullString(s string) NullString { return NullString{String: s, Valid: true} }

// MarshalJSON returns null or the JSON string.
func (n NullString) MarshalJSON() ([]byte, error) {
	if !n.Valid {
		return []byte("null"), nil
	}
	return appendJSONString(nil, n.String), nil
}

// UnmarshalJSON accepts a JSON string or null.
func (n *NullString) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		*n = NullString{}
		return nil
	}
	s, ok := unquoteLenient(data)
	if !ok {
		return errNotString
	}
	*n = NullString{String: s, Valid: true}
	return nil
}

func (n NullString) put(r *record, i int) {
	if n.Valid {
		r.state[i], r.str[i] = PresenceValue, n.String
	} else {
		r.state[i] = PresenceNull
	}
}

func (n *NullString) get(r *record, i int) {
	*n = NullString{String: r.str[i], Valid: r.state[i] == PresenceValue}
}

// Optional is a key of a create or update body: absent, null, or set to a
// value. The zero Optional is absent, so that `json:",omitzero"` leaves it
// out; Set and SetNull make the other two.
//
// Optional[bool] decodes every boolean form of RULES.md "Booleans" (true, 0,
// "1", "FALSE", ...) and encodes true or false.
type Optional[T string | bool] struct {
	Value    T        // the value when Presence is PresenceValue
	Presence Presence // absent, null or value
}

// Set returns the Optional that sets the key to v.
func Set[T string | bool](v T) Optional[T] { return Optional[T]{Value: v, Presence: PresenceValue} }

// SetNull returns the Optional that sets the key to null.
func SetNull[T string | bool]() Optional[T] { return Optional[T]{Presence: PresenceNull} }

// Get returns the value and reports whether the key is set to a value.
func (o Optional[T]) Get() (T, bool) { return o.Value, o.Presence == PresenceValue }

// IsZero reports whether the key is absent, for `json:",omitzero"`.
func (o Optional[T]) IsZero() bool { return o.Presence == PresenceAbsent }

// IsNull reports whether the key is set to null.
func (o Optional[T]) IsNull() bool { return o.Presence == PresenceNull }

// MarshalJSON returns the value, or null when the key is null or absent (a
// struct field of type Optional should be tagged omitzero so that absent
// keys are left out). A Presence that is none of the three is an error.
func (o Optional[T]) MarshalJSON() ([]byte, error) {
	if o.Presence > PresenceValue {
		return nil, errors.New("croschema: Optional.MarshalJSON: " + presenceDetail(o.Presence))
	}
	if o.Presence != PresenceValue {
		return []byte("null"), nil
	}
	if s, ok := any(o.Value).(string); ok {
		return appendJSONString(nil, s), nil
	}
	b, _ := any(o.Value).(bool)
	return Bool(b).MarshalJSON()
}

// UnmarshalJSON sets the key to null or to the value; for Optional[bool]
// every documented boolean form is accepted.
func (o *Optional[T]) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		*o = Optional[T]{Presence: PresenceNull}
		return nil
	}
	switch p := any(&o.Value).(type) {
	case *string:
		s, ok := unquoteLenient(data)
		if !ok {
			return errNotString
		}
		*p = s
	case *bool:
		var b Bool
		if err := b.UnmarshalJSON(data); err != nil {
			return err
		}
		*p = bool(b)
	}
	o.Presence = PresenceValue
	return nil
}

func (o Optional[T]) put(r *record, i int) {
	r.state[i] = o.Presence
	switch v := any(o.Value).(type) {
	case string:
		r.str[i] = v
	case bool:
		r.num[i] = boolInt(v)
	}
}

func (o *Optional[T]) get(r *record, i int) {
	o.Presence = r.state[i]
	switch p := any(&o.Value).(type) {
	case *string:
		*p = r.str[i]
	case *bool:
		*p = r.num[i] != 0
	}
	if o.Presence != PresenceValue {
		var zero T
		o.Value = zero
	}
}

// unquoteLenient decodes a JSON string token, replacing invalid UTF-8 with
// U+FFFD as encoding/json does.
func unquoteLenient(data []byte) (string, bool) {
	s := scanner{data: data}
	if s.peek() != '"' {
		return "", false
	}
	tok, ok := s.scanString()
	if !ok || s.pos != len(data) {
		return "", false
	}
	if tok.ascii() {
		return string(tok.raw), true
	}
	b, _, _ := decodeString(nil, tok)
	return string(b), true
}

// errNotString is the error of [NullString] and Optional[string] decoding a
// JSON value that is neither a string nor null.
var errNotString = errors.New("croschema: want a JSON string or null")
