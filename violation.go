package croschema

import (
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/croschema/croschema/internal/inert"
	"github.com/croschema/croschema/internal/redact"
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
	CodeLimit        Code = "limit"         // more than MaxViolations violations; the rest are not reported
)

// MaxViolations is the most violations one document reports. A document
// with more reports its first [MaxViolations] and then one violation of code
// CodeLimit at location "" ("more than 1000 violations; the rest are not
// reported"), so that a hostile document cannot make a report, or the
// memory that holds it, grow without bound.
const MaxViolations = 1000

// limitDetail is the detail of the CodeLimit violation.
var limitDetail = "more than " + strconv.Itoa(MaxViolations) + " violations; the rest are not reported"

// capViolations cuts vs to [MaxViolations] followed by one limit violation
// about field (a model name such as "CustomerContactModel", or "" for a
// whole HTTP message) when it holds more.
func capViolations(vs Violations, field string) Violations {
	if len(vs) <= MaxViolations {
		return vs
	}
	return append(vs[:MaxViolations:MaxViolations], Violation{Location: "", Field: field, Code: CodeLimit, Detail: limitDetail})
}

// Cap returns vs as one document reports it: its first [MaxViolations], then
// one violation of code CodeLimit at location "", when it holds more; vs
// itself otherwise. For a caller that joins the violations of several
// parts of one message, each already capped.
func (vs Violations) Cap() Violations { return capViolations(vs, "") }

// Codes lists every violation code, in the order of the table of RULES.md "Violation codes".
func Codes() []Code {
	return []Code{
		CodeSyntax, CodeType, CodeRequired, CodeNull, CodeUnknownField,
		CodeDuplicateKey, CodeInvalidUTF8, CodeMinLength, CodeMaxLength,
		CodeEmail, CodeBool, CodeInteger, CodePattern, CodeEnum, CodeUUID,
		CodeMethod, CodePath, CodeLimit,
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

// String returns the violation as LOCATION: CODE: DETAIL, for example
// `/fax: max_length: 16 characters, at most 15 allowed`. The location is
// quoted with %q when it is empty or holds a space, a colon or a character
// that needs escaping. Nothing in the result can act on a terminal: in the
// code and detail, control characters, U+0085, U+2028, U+2029, every other
// character %q escapes and bytes that are not UTF-8 are escaped as %q does
// (`\x1b`, `\u2028`, `\xff`), the rest is left as it is.
func (v Violation) String() string {
	loc := v.Location
	if loc == "" || strings.ContainsAny(loc, " :") || inert.NeedsEscape(loc) {
		loc = strconv.Quote(loc)
	}
	return loc + ": " + inert.Text(string(v.Code)) + ": " + inert.Text(v.Detail)
}

// Violations is every violation found in one document. A non-nil error
// returned by this package's Lint and Validate functions is a [Violations],
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

// integerSuffix says why s broke the integer rule, after s is shown.
func integerSuffix(s string) string {
	if s != "" && strings.Trim(s, "0123456789") == "" {
		return " is out of range: at most 9223372036854775807"
	}
	return " is not an integer: ASCII digits only, no sign, no spaces"
}

// maxQuoted is how many bytes of an input a detail or an error quotes.
const maxQuoted = 64

// cutAt returns the length of the prefix of s to keep so that it is at
// most max bytes and does not split a character, and whether that cuts s.
func cutAt(s string, max int) (n int, cut bool) {
	if len(s) <= max {
		return len(s), false
	}
	n = max
	for n > max-(utf8.UTFMax-1) && !utf8.RuneStart(s[n]) {
		n--
	}
	if !utf8.RuneStart(s[n]) {
		n = max // stray continuation bytes, not a character: cut anywhere
	}
	return n, true
}

// quoteTrunc quotes s with %q rules, keeping at most 64 bytes of it and
// never splitting a character.
func quoteTrunc(s string) string { return quoted(s, "") }

// quoted returns quoteTrunc(s) + suffix, in one allocation.
func quoted(s, suffix string) string {
	b := make([]byte, 0, min(len(s), maxQuoted)+len(`"..."`)+len(suffix))
	b = append(appendQuoteTrunc(b, s), suffix...)
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// appendQuoteTrunc appends quoteTrunc(s) to dst.
func appendQuoteTrunc(dst []byte, s string) []byte {
	n, cut := cutAt(s, maxQuoted)
	dst = strconv.AppendQuote(dst, s[:n])
	if cut {
		dst = append(dst, "..."...)
	}
	return dst
}

// truncBytes returns raw JSON for a detail, cut to 64 bytes without
// splitting a character, with every byte that is not UTF-8 replaced by
// U+FFFD: a detail is always valid UTF-8.
//
// A JSON string keeps its own quotes; any other token (a number, true,
// false, null) is set in back quotes, as `31415926535897932384`: every
// echo of the input in a detail is quoted, so that redaction finds it
// whatever its alphabet (a token of digits echoed as a number is one).
func truncBytes(raw []byte) string {
	return string(appendTrunc(nil, raw))
}

// appendTrunc appends truncBytes(raw) to dst.
func appendTrunc(dst, raw []byte) []byte {
	head := unsafe.String(unsafe.SliceData(raw), min(len(raw), maxQuoted+1)) // read only
	n, cut := cutAt(head, maxQuoted)
	quoted := n > 0 && head[0] == '"'
	if !quoted && n > 0 {
		dst = append(dst, '`')
	}
	dst = appendValidUTF8(dst, head[:n])
	if !quoted && n > 0 {
		dst = append(dst, '`')
	}
	if cut {
		dst = append(dst, "..."...)
	}
	return dst
}

// appendValidUTF8 appends s to dst as strings.ToValidUTF8(s, "\uFFFD")
// writes it: each run of invalid bytes becomes one U+FFFD.
func appendValidUTF8(dst []byte, s string) []byte {
	run := false // in a run of invalid bytes
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			dst, run = append(dst, c), false
			i++
			continue
		}
		_, w := utf8.DecodeRuneInString(s[i:])
		if w == 1 {
			if !run {
				dst, run = append(dst, "\uFFFD"...), true
			}
			i++
			continue
		}
		dst, run = append(dst, s[i:i+w]...), false
		i += w
	}
	return dst
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

// redact returns vs with every piece of the secrets in s removed from what
// the violations echo of their input: the quoted values of each detail,
// and the location and the key in the field of a violation at a key of
// the input that no model has (an unknown or repeated key). A known key's
// location and field, and every model name, are the package's own words,
// left whole. It returns vs itself when nothing changes, and otherwise a
// copy: vs may be shared.
func (vs Violations) redact(s *redact.Set) Violations {
	if s.Empty() {
		return vs
	}
	var out Violations
	for i, v := range vs {
		w := v
		if strings.HasPrefix(w.Location, "/") && !isModelKey(w.Location[1:]) {
			w.Location = s.String(w.Location)
			w.Field = s.Field(w.Field, isModelName)
		}
		w.Detail = s.Quoted(w.Detail)
		if w != v {
			if out == nil {
				out = append(Violations(nil), vs...)
			}
			out[i] = w
		}
	}
	if out == nil {
		return vs
	}
	return out
}

// isModelKey reports whether key is a key of one of the body models.
func isModelKey(key string) bool {
	for _, md := range []*model{contactModel, errorModel} {
		if md.lookup([]byte(key)) >= 0 {
			return true
		}
	}
	return false
}

// isModelName reports whether name is the name of one of the package's
// models, the first part of a violation's field: a body model, a header
// model or the request line.
func isModelName(name string) bool {
	if name == requestLineModel || name == requestHeaderModel.name || name == responseHeaderModel.name {
		return true
	}
	for m := ModelCustomerContact; int(m) < len(modelNames); m++ {
		if modelNames[m] == name {
			return true
		}
	}
	return false
}
