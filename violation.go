package croschema

import (
	"strconv"
	"strings"
)

// Code is the stable identifier of a kind of violation. The codes are part of
// the package's API: tests and users match on them, so they never change.
type Code string

// The violation codes of RULES.md "Violation codes".
const (
	CodeSyntax       Code = "syntax"        // not parseable (bad JSON, a bad HTTP message) or trailing data
	CodeType         Code = "type"          // wrong JSON type
	CodeRequired     Code = "required"      // a required key, header or path parameter is missing
	CodeNull         Code = "null"          // null where it is not allowed
	CodeUnknownField Code = "unknown_field" // a key the model does not have
	CodeDuplicateKey Code = "duplicate_key" // a key given twice
	CodeInvalidUTF8  Code = "invalid_utf8"  // a string that is not valid UTF-8
	CodeMinLength    Code = "min_length"    // too few characters
	CodeMaxLength    Code = "max_length"    // too many characters
	CodeEmail        Code = "email"         // an item of an email list is not a valid address
	CodeBool         Code = "bool"          // not one of the accepted boolean forms
	CodeInteger      Code = "integer"       // not an integer of the accepted form, or out of range
	CodePattern      Code = "pattern"       // does not match the documented pattern (authorization)
	CodeEnum         Code = "enum"          // not one of the allowed values (API version, role)
	CodeUUID         Code = "uuid"          // not a UUID
	CodeMethod       Code = "method"        // a method the endpoint does not allow
	CodePath         Code = "path"          // a path that names no endpoint
)

// Codes lists every violation code, in the order of the table of RULES.md "Violation codes".
func Codes() []Code {
	return []Code{
		CodeSyntax, CodeType, CodeRequired, CodeNull, CodeUnknownField,
		CodeDuplicateKey, CodeInvalidUTF8, CodeMinLength, CodeMaxLength,
		CodeEmail, CodeBool, CodeInteger, CodePattern, CodeEnum, CodeUUID,
		CodeMethod, CodePath,
	}
}

// A Violation is one broken rule.
//
// Location is a JSON Pointer for a body ("/email", or "" for the whole
// document), the lower-case header name for a header ("x-tenant-id"), the
// parameter name for a path parameter ("customer_id"), or "method" / "path"
// for the request line. Field is the name the server uses, MODEL.NAME
// ("CustomerContactModel.email", "StandardRequestHeadersModel.x-tenant-id"),
// with RequestLine as the model of the method, the path and the path
// parameters ("RequestLine.method", "RequestLine.customer_id"), and the
// bare model name for a violation about a whole body ("CustomerContactModel").
// Detail is one line for humans; it never contains a secret.
type Violation struct {
	Location string `json:"location"`
	Field    string `json:"field"`
	Code     Code   `json:"code"`
	Detail   string `json:"detail"`
}

// String returns the violation as LOCATION: CODE: DETAIL, with the location
// quoted when it is empty or contains spaces or colons, for example
// `/fax: max_length: 16 characters, at most 15 allowed`.
func (v Violation) String() string {
	loc := v.Location
	if loc == "" || strings.ContainsAny(loc, " :\t\r\n") {
		loc = strconv.Quote(loc)
	}
	return loc + ": " + string(v.Code) + ": " + v.Detail
}

// Violations is every violation found in one document. A non-nil error
// returned by this package's Lint and Validate functions is a Violations,
// found with errors.As.
type Violations []Violation

// Error reports every violation, separated by "; ".
func (vs Violations) Error() string {
	var b strings.Builder
	b.WriteString("croschema: ")
	switch len(vs) {
	case 0:
		b.WriteString("no violations")
		return b.String()
	case 1:
		b.WriteString("1 violation: ")
	default:
		b.WriteString(strconv.Itoa(len(vs)))
		b.WriteString(" violations: ")
	}
	for i, v := range vs {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(v.String())
	}
	return b.String()
}

// Has reports whether vs holds a violation with the given code at the given
// location.
func (vs Violations) Has(location string, code Code) bool {
	for _, v := range vs {
		if v.Location == location && v.Code == code {
			return true
		}
	}
	return false
}

// asError returns vs as an error, or nil when it is empty, so that callers
// never see a non-nil error holding no violation.
func (vs Violations) asError() error {
	if len(vs) == 0 {
		return nil
	}
	return vs
}

// lengthDetail says how a length broke a bound: "16 characters, at most 15 allowed".
func lengthDetail(n int, bound string, limit int, verb string) string {
	unit := " characters, "
	if n == 1 {
		unit = " character, "
	}
	return strconv.Itoa(n) + unit + bound + " " + strconv.Itoa(limit) + " " + verb
}

// integerDetail says why s broke the integer rule.
func integerDetail(s string) string {
	if s != "" && strings.Trim(s, "0123456789") == "" {
		return quoteTrunc(s) + " is out of range: at most 9223372036854775807"
	}
	return quoteTrunc(s) + " is not an integer: ASCII digits only, no sign, no spaces"
}

// quoteTrunc quotes s with %q rules, keeping at most 64 bytes of it.
func quoteTrunc(s string) string {
	const max = 64
	if len(s) > max {
		return strconv.Quote(s[:max]) + "..."
	}
	return strconv.Quote(s)
}

// truncBytes returns raw JSON for a detail, cut to 64 bytes.
func truncBytes(raw []byte) string {
	if len(raw) > 64 {
		return string(raw[:64]) + "..."
	}
	return string(raw)
}

// parseError is the error of the ParseX functions of the enums: it names the
// function, quotes the input (truncated) and says why.
type parseError struct {
	fn     string
	in     string
	reason string
}

func (e *parseError) Error() string {
	return "croschema: " + e.fn + "(" + quoteTrunc(e.in) + "): " + e.reason
}
