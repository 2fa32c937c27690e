package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/bench/ogencontact"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/go-faster/jx"
	"github.com/go-playground/validator/v10"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// An Impl is one way to check a CustomerContactModel body: Check returns
// nil when it accepts data.
type Impl struct {
	Name  string
	Check func(data []byte) error
}

// The names of the implementations, as the benchmarks report them.
const (
	ImplLint           = "croschema-lint"
	ImplDecodeValidate = "croschema-decode-validate/json.Unmarshal"
	ImplUnmarshalJSON  = "croschema-decode-validate/UnmarshalJSON"
	ImplEncodingJSON   = "encoding-json"
	ImplValidatorV10   = "validator-v10"
	ImplJSONSchemaV6   = "jsonschema-v6"
	ImplKinOpenAPI     = "kin-openapi"
	ImplOgen           = "ogen"
	ImplJSONV2         = "json-v2" // only with GOEXPERIMENT=jsonv2
	ImplUTF8Valid      = "utf8-valid"
)

// Impls returns every implementation, croschema's first. Schemas and
// validators are built once, here, outside any benchmark loop.
func Impls() []Impl {
	return append([]Impl{
		{ImplLint, checkLint},
		{ImplDecodeValidate, checkDecodeValidate},
		{ImplUnmarshalJSON, checkUnmarshalJSON},
		{ImplEncodingJSON, checkEncodingJSON},
		{ImplValidatorV10, newValidatorV10()},
		{ImplJSONSchemaV6, newJSONSchemaV6()},
		{ImplKinOpenAPI, newKinOpenAPI()},
		{ImplOgen, checkOgen},
	}, experimentImpls...)
}

// experimentImpls are the implementations that need a GOEXPERIMENT: json-v2
// (impls_jsonv2.go).
var experimentImpls []Impl

// UTF8Valid is the limit, not an implementation: utf8.Valid over the whole
// document touches every byte once and checks only the encoding, so no
// checker of the document can be faster by much. The benchmarks run it
// beside the implementations; the tests do not.
var UTF8Valid = Impl{ImplUTF8Valid, checkUTF8Valid}

var errInvalidUTF8 = errors.New("invalid UTF-8")

func checkUTF8Valid(data []byte) error {
	if !utf8.Valid(data) {
		return errInvalidUTF8
	}
	return nil
}

// checkOgen is ogen's generated decoder (ogencontact, generated from
// contactOpenAPISchema) and its generated Validate, then a check that
// nothing follows the object, which the generated UnmarshalJSON leaves to
// the caller.
func checkOgen(data []byte) error {
	var c ogencontact.CustomerContactModel
	d := jx.DecodeBytes(data)
	if err := c.Decode(d); err != nil {
		return err
	}
	if d.Next() != jx.Invalid {
		return errTrailingData
	}
	return c.Validate()
}

var errTrailingData = errors.New("data after the top-level value")

// checkLint is croschema's strict lint of the raw bytes: every rule of RULES.md.
func checkLint(data []byte) error {
	_, err := croschema.LintContact(data)
	return err
}

// checkDecodeValidate is the tolerant path as most users write it:
// json.Unmarshal (which scans the input once to validate it, then calls
// CustomerContact.UnmarshalJSON), then Validate.
func checkDecodeValidate(data []byte) error {
	var c croschema.CustomerContact
	if err := json.Unmarshal(data, &c); err != nil {
		return err
	}
	return c.Validate()
}

// checkUnmarshalJSON is the tolerant path without encoding/json's own scan:
// UnmarshalJSON called directly, then Validate.
func checkUnmarshalJSON(data []byte) error {
	var c croschema.CustomerContact
	if err := c.UnmarshalJSON(data); err != nil {
		return err
	}
	return c.Validate()
}

// plainContact is the struct most users would write: bool fields, *string
// for the nullable strings, no checks.
type plainContact struct {
	Email                       *string `json:"email"`
	Fax                         *string `json:"fax"`
	ID                          int64   `json:"id"`
	Name                        string  `json:"name"`
	NotifyOnAcknowledgedRequest bool    `json:"notify_on_acknowledged_request"`
	NotifyOnCompletedRequest    bool    `json:"notify_on_completed_request"`
	NotifyOnDispatchedRequest   bool    `json:"notify_on_dispatched_request"`
	NotifyOnFailedRequest       bool    `json:"notify_on_failed_request"`
	NotifyOnNewRequest          bool    `json:"notify_on_new_request"`
	Number                      *string `json:"number"`
}

// checkEncodingJSON is the floor: json.Unmarshal into plainContact. It
// rejects only what encoding/json cannot decode (bad JSON, wrong types).
func checkEncodingJSON(data []byte) error {
	var c plainContact
	return json.Unmarshal(data, &c)
}

// v10Contact is plainContact with the obvious validator/v10 tags. Required
// keys are pointers so that `required` can tell a missing key (nil) from
// false or 0; a nullable key is *string with omitnil, so a missing one and
// a null one look the same.
type v10Contact struct {
	Email                       *string `json:"email" validate:"omitnil,max=256,email_list"`
	Fax                         *string `json:"fax" validate:"omitnil,min=7,max=15"`
	ID                          *int64  `json:"id" validate:"required"`
	Name                        *string `json:"name" validate:"required,min=1,max=128"`
	NotifyOnAcknowledgedRequest *bool   `json:"notify_on_acknowledged_request" validate:"required"`
	NotifyOnCompletedRequest    *bool   `json:"notify_on_completed_request" validate:"required"`
	NotifyOnDispatchedRequest   *bool   `json:"notify_on_dispatched_request" validate:"required"`
	NotifyOnFailedRequest       *bool   `json:"notify_on_failed_request" validate:"required"`
	NotifyOnNewRequest          *bool   `json:"notify_on_new_request" validate:"required"`
	Number                      *string `json:"number" validate:"omitnil,min=1,max=90"`
}

// newValidatorV10 returns json.Unmarshal into v10Contact plus
// validator.Struct, with a custom email_list tag (validEmailList: a simple
// regexp per item).
func newValidatorV10() func([]byte) error {
	v := validator.New(validator.WithRequiredStructEnabled())
	err := v.RegisterValidation("email_list", func(fl validator.FieldLevel) bool {
		return validEmailList(fl.Field().String())
	})
	if err != nil {
		panic(err)
	}
	return func(data []byte) error {
		var c v10Contact
		if err := json.Unmarshal(data, &c); err != nil {
			return err
		}
		return v.Struct(&c)
	}
}

// emailItem is what a user would write for one address: the WHATWG HTML
// "valid e-mail address" pattern. It is simpler than the Django 3.2 rule
// that croschema implements (no quoted local parts, no IP literals, no
// IDNA), so the competitors do less work than croschema here.
const emailItem = "[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*"

var emailItemRE = regexp.MustCompile("^" + emailItem + "$")

// validEmailList is the email_list tag of validator-v10: "" or
// comma-separated items, each trimmed of space, tab, CR and LF and matching
// emailItem.
func validEmailList(s string) bool {
	if s == "" {
		return true
	}
	for {
		item, rest, more := strings.Cut(s, ",")
		if !emailItemRE.MatchString(strings.Trim(item, " \t\r\n")) {
			return false
		}
		if !more {
			return true
		}
		s = rest
	}
}

// emailListPattern is validEmailList as one regular expression, for the
// schemas' "pattern" keyword.
const emailListPattern = "^(?:[ \\t\\r\\n]*" + emailItem + "[ \\t\\r\\n]*(?:,[ \\t\\r\\n]*" + emailItem + "[ \\t\\r\\n]*)*)?$"

// boolForms is RULES.md "Booleans" in schema terms: true and false, the
// integers 0 and 1, and the strings "0", "1", "true", "false" in any case.
// (JSON Schema's integer 1 also matches 1.0, which RULES.md rejects.)
const boolForms = `{"anyOf": [
	{"type": "boolean"},
	{"type": "integer", "enum": [0, 1]},
	{"type": "string", "pattern": "^(?i:0|1|true|false)$"}
]}`

// contactJSONSchema is CustomerContactModel as a JSON Schema (draft
// 2020-12), written from RULES.md. What it cannot say: duplicate keys and
// invalid UTF-8 (the decoder has already resolved them), and ids beyond
// what the decoder keeps exact.
var contactJSONSchema = `{
	"$schema": "https://json-schema.org/draft/2020-12/schema",
	"type": "object",
	"additionalProperties": false,
	"required": ["email", "fax", "id", "name",
		"notify_on_acknowledged_request", "notify_on_completed_request",
		"notify_on_dispatched_request", "notify_on_failed_request",
		"notify_on_new_request", "number"],
	"properties": {
		"email": {"type": ["string", "null"], "maxLength": 256, "pattern": ` + quote(emailListPattern) + `},
		"fax": {"type": ["string", "null"], "minLength": 7, "maxLength": 15},
		"id": {"type": "integer", "minimum": -9223372036854775808, "maximum": 9223372036854775807},
		"name": {"type": "string", "minLength": 1, "maxLength": 128},
		"notify_on_acknowledged_request": ` + boolForms + `,
		"notify_on_completed_request": ` + boolForms + `,
		"notify_on_dispatched_request": ` + boolForms + `,
		"notify_on_failed_request": ` + boolForms + `,
		"notify_on_new_request": ` + boolForms + `,
		"number": {"type": ["string", "null"], "minLength": 1, "maxLength": 90}
	}
}`

// contactOpenAPISchema is CustomerContactModel as an OpenAPI 3.0 schema
// object: contactJSONSchema with "nullable" for the type lists.
var contactOpenAPISchema = `{
	"type": "object",
	"additionalProperties": false,
	"required": ["email", "fax", "id", "name",
		"notify_on_acknowledged_request", "notify_on_completed_request",
		"notify_on_dispatched_request", "notify_on_failed_request",
		"notify_on_new_request", "number"],
	"properties": {
		"email": {"type": "string", "nullable": true, "maxLength": 256, "pattern": ` + quote(emailListPattern) + `},
		"fax": {"type": "string", "nullable": true, "minLength": 7, "maxLength": 15},
		"id": {"type": "integer", "format": "int64"},
		"name": {"type": "string", "minLength": 1, "maxLength": 128},
		"notify_on_acknowledged_request": ` + boolForms + `,
		"notify_on_completed_request": ` + boolForms + `,
		"notify_on_dispatched_request": ` + boolForms + `,
		"notify_on_failed_request": ` + boolForms + `,
		"notify_on_new_request": ` + boolForms + `,
		"number": {"type": "string", "nullable": true, "minLength": 1, "maxLength": 90}
	}
}`

func quote(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// newJSONSchemaV6 compiles contactJSONSchema once and returns
// jsonschema.UnmarshalJSON (to any, numbers as json.Number) plus Validate.
func newJSONSchemaV6() func([]byte) error {
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(contactJSONSchema))
	if err != nil {
		panic(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("contact.json", doc); err != nil {
		panic(err)
	}
	sch, err := c.Compile("contact.json")
	if err != nil {
		panic(err)
	}
	return func(data []byte) error {
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			return err
		}
		return sch.Validate(v)
	}
}

// newKinOpenAPI builds contactOpenAPISchema once (and validates it, as
// VisitJSON requires) and returns json.Unmarshal to any plus VisitJSON.
func newKinOpenAPI() func([]byte) error {
	var sch openapi3.Schema
	if err := json.Unmarshal([]byte(contactOpenAPISchema), &sch); err != nil {
		panic(err)
	}
	if err := sch.Validate(context.Background()); err != nil {
		panic(fmt.Errorf("kin-openapi schema: %w", err))
	}
	return func(data []byte) error {
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			return err
		}
		return sch.VisitJSON(v)
	}
}
