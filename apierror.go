package croschema

import (
	"github.com/croschema/croschema/internal/inert"

	"strconv"
)

// APIError is the API's error body, which comes with a 4xx response:
//
//	{"field": "CreateCustomerModel.user_id", "detail": "Unknown field.",
//	 "explanation": "The resource could not be accessed."}
//
// detail is required; field and explanation may be absent or null (both
// decode as an invalid [NullString]). Any other key is unknown_field in
// [LintAPIError] and ignored by UnmarshalJSON. A client returns it as an
// error; StatusCode is the response's status, not part of the body.
type APIError struct {
	Detail      string     `json:"detail" validate:"cro_error_detail" binding:"cro_error_detail"`
	Explanation NullString `json:"explanation" validate:"cro_error_explanation" binding:"cro_error_explanation"`
	Field       NullString `json:"field" validate:"cro_error_field" binding:"cro_error_field"`
	StatusCode  int        `json:"-"`
}

// Error returns the error as the API's status line puts it, after the
// package prefix: `croschema: API error 400: CustomerContactModel.name: Unknown field.`
// The field and detail come from the server: what in them could act on a
// terminal (control characters, U+0085, U+2028, U+2029) is escaped as
// Violation.String escapes it.
func (e *APIError) Error() string {
	msg := "croschema: API error"
	if e.StatusCode != 0 {
		msg += " " + strconv.Itoa(e.StatusCode)
	}
	msg += ": "
	if e.Field.Valid && e.Field.String != "" {
		msg += inert.Text(e.Field.String) + ": "
	}
	return msg + inert.Text(e.Detail)
}

// LintAPIError checks data strictly as one error body and returns the
// decoded value with every violation (nil or a [Violations]).
func LintAPIError(data []byte) (APIError, error) {
	rec, vs := lint(data, errorModel)
	var e APIError
	e.fromRecord(&rec)
	return e, vs.asError()
}

// UnmarshalJSON decodes tolerantly: unknown keys are ignored. JSON null
// leaves e unchanged, as encoding/json does for a struct.
func (e *APIError) UnmarshalJSON(data []byte) error {
	if isJSONNull(data) {
		return nil
	}
	rec, err := decodeTolerant(data, errorModel)
	if err != nil {
		return err
	}
	status := e.StatusCode
	e.fromRecord(&rec)
	e.StatusCode = status
	return nil
}

// MarshalJSON returns the canonical JSON of the body: detail, explanation
// and field (null when not set).
func (e APIError) MarshalJSON() ([]byte, error) { return e.AppendJSON(nil), nil }

// AppendJSON appends the canonical JSON of e's body to dst, as MarshalJSON
// writes it.
func (e *APIError) AppendJSON(dst []byte) []byte {
	var rec record
	e.toRecord(&rec)
	return errorModel.appendRecord(dst, &rec)
}

// Validate reports every rule of the error body that e breaks (invalid
// UTF-8 in its strings); the error is nil or a [Violations].
func (e *APIError) Validate() error {
	var rec record
	e.toRecord(&rec)
	return errorModel.validateRecord(&rec, nil).asError()
}
