package croschema

import (
	"errors"
	"strconv"
)

// ErrBool is matched by errors.Is on every error that [ParseBool] and Bool's
// UnmarshalJSON/UnmarshalText return for a value that is not a boolean form.
var ErrBool = errors.New("not one of 0, 1, true, false (any letter case)")

// ParseBool parses the documented string forms of a boolean: "0", "1",
// "true" and "false" in any letter case ("TRUE", "False", "tRuE"). Anything
// else, including "", " 1", "yes", "on", "t" and "1.0", is an error that
// wraps ErrBool:
//
//	croschema: ParseBool("yes"): not one of 0, 1, true, false (any letter case)
func ParseBool(s string) (bool, error) {
	b, ok := parseBool(s)
	if !ok {
		return false, &boolError{fn: "ParseBool", in: s}
	}
	return b, nil
}

// parseBool is the one parser of the string forms, shared by [ParseBool], the
// JSON decoders and the strict lint. It never allocates.
func parseBool(s string) (value, ok bool) {
	switch len(s) {
	case 1:
		switch s[0] {
		case '0':
			return false, true
		case '1':
			return true, true
		}
	case 4:
		if s[0]|0x20 == 't' && s[1]|0x20 == 'r' && s[2]|0x20 == 'u' && s[3]|0x20 == 'e' {
			return true, true
		}
	case 5:
		if s[0]|0x20 == 'f' && s[1]|0x20 == 'a' && s[2]|0x20 == 'l' && s[3]|0x20 == 's' && s[4]|0x20 == 'e' {
			return false, true
		}
	}
	return false, false
}

// parseBoolBytes is parseBool for bytes; the conversion does not allocate.
func parseBoolBytes(b []byte) (value, ok bool) { return parseBool(string(b)) }

// boolError is the error of [ParseBool] and of Bool's decoders. It quotes the
// input, truncated so that a huge input does not make a huge message.
type boolError struct {
	fn string
	in string
}

func (e *boolError) Error() string {
	return "croschema: " + e.fn + "(" + quoteTrunc(e.in) + "): " + ErrBool.Error()
}

func (e *boolError) Unwrap() error { return ErrBool }

// Bool is a boolean that decodes from every documented form and encodes as
// canonical JSON true or false.
//
// Its UnmarshalJSON accepts JSON true and false, the number tokens 0 and 1
// exactly, and the strings "0", "1", "true" and "false" in any letter case;
// JSON null leaves it unchanged, as encoding/json does for a plain bool.
// Anything else (2, 1.0, -0, 1e0, "yes", "") is an error wrapping ErrBool.
type Bool bool

// MarshalJSON returns true or false.
func (b Bool) MarshalJSON() ([]byte, error) {
	if b {
		return []byte("true"), nil
	}
	return []byte("false"), nil
}

// UnmarshalJSON accepts every documented boolean form; see Bool.
func (b *Bool) UnmarshalJSON(data []byte) error {
	v, ok, isNull := parseBoolJSON(data)
	if isNull {
		return nil
	}
	if !ok {
		return &boolError{fn: "Bool.UnmarshalJSON", in: string(data)}
	}
	*b = Bool(v)
	return nil
}

// MarshalText returns "true" or "false".
func (b Bool) MarshalText() ([]byte, error) {
	return []byte(strconv.FormatBool(bool(b))), nil
}

// UnmarshalText accepts the string forms that [ParseBool] accepts, for
// booleans in query strings, forms and headers.
func (b *Bool) UnmarshalText(text []byte) error {
	v, ok := parseBoolBytes(text)
	if !ok {
		return &boolError{fn: "Bool.UnmarshalText", in: string(text)}
	}
	*b = Bool(v)
	return nil
}

// parseBoolJSON decodes one JSON value as a boolean form. data is a whole
// JSON value as encoding/json hands it to UnmarshalJSON (no surrounding
// space). A string must be one of the four forms with no escapes other than
// those that spell them (encoding/json would accept "\u0031" as "1", and so
// does this).
func parseBoolJSON(data []byte) (value, ok, isNull bool) {
	switch string(data) {
	case "true", "1":
		return true, true, false
	case "false", "0":
		return false, true, false
	case "null":
		return false, false, true
	}
	if len(data) >= 2 && data[0] == '"' && data[len(data)-1] == '"' {
		s, ok := unquoteLenient(data)
		if !ok {
			return false, false, false
		}
		v, ok := parseBool(s)
		return v, ok, false
	}
	return false, false, false
}
