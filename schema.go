package croschema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// jsonSchemaDialect is the JSON Schema draft that Model.JSONSchema writes.
const jsonSchemaDialect = "https://json-schema.org/draft/2020-12/schema"

// The patterns of the JSON Schema. They are ASCII and use only what
// ECMA-262 and RE2 (Go's regexp) read the same way.
const (
	// boolStringPattern matches the string forms of a boolean: "0", "1",
	// "true" and "false" in any letter case.
	boolStringPattern = `^(?:[01]|[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])$`

	// emailItemSpace is what an item of an email list is trimmed of.
	emailItemSpace = `[ \t\r\n]*`
	// emailAddressPattern is a dot-atom local part at a domain of labels
	// (letters, digits, inner hyphens, at most 63 characters) under a
	// top-level label of 2 to 63 characters that does not end with a
	// hyphen, or at localhost.
	emailAddressPattern = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*" +
		`@(?:(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9-]{1,62}[A-Za-z0-9]|localhost)`
	emailListItem = emailItemSpace + emailAddressPattern + emailItemSpace
	// emailListPattern matches "" or comma-separated addresses, each with
	// optional space around it.
	emailListPattern = `^(?:|` + emailListItem + `(?:,` + emailListItem + `)*)$`
)

// emailListRule is the rule of an email list (RULES.md "Email lists"), in
// words: no pattern expresses it. Each example is checked against
// [ValidEmailList] by TestEmailDescriptionExamples.
const emailListRule = "A list of 1 or more comma-separated email addresses, or \"\" for none; " +
	"space, tab, CR and LF are allowed around each address. " +
	"Each address must pass Django 3.2's EmailValidator, which the API applies: at most 320 characters, " +
	"a dot-atom local part (john.doe@example.com) or a quoted one without unescaped spaces (\"john.doe\"@example.com), " +
	"at a domain of letters, digits and hyphens, at localhost, or at an address literal " +
	"(user@[192.0.2.1], user@[2001:db8::1]; not user@[IPv6:2001:db8::1]); " +
	"an internationalized domain is checked after IDNA conversion (user@bücher.example)."

// emailListDescription says what emailListPattern cannot express.
const emailListDescription = emailListRule + " " +
	"The pattern accepts only plain addresses (a dot-atom local part at an ASCII domain or localhost): " +
	"a value it rejects for a quoted local part, an address literal or an internationalized domain may still be valid."

// boolDescription and integerDescription say what the schema of a
// boolean and of an integer cannot express.
const (
	boolDescription = "One of true, false, 0, 1, or the strings \"0\", \"1\", \"true\", \"false\" in any letter case. " +
		"The numbers must be written 0 and 1 exactly, which a schema cannot express: it also accepts 1.0, 1e0 and -0."
	integerDescription = "An integer literal (no fraction, no exponent) that fits a 64-bit signed integer. " +
		"A schema cannot tell the spelling 1.0 or 1e2 from an integer; the API rejects them."
)

// JSONSchema returns a JSON Schema (draft 2020-12) of the body model m,
// derived from its rule table: an object with additionalProperties false,
// its required keys, and per key the JSON type ("null" added where null
// is allowed), minLength and maxLength in characters, an email list as an
// ASCII pattern whose description says what the pattern cannot express,
// a boolean as any of JSON true or false, the numbers 0 and 1, or a string
// matching "0", "1", "true" or "false" in any letter case, and an integer
// as an integer within int64's bounds. The output is deterministic:
// keys in table order, indented with two spaces, ending in a newline.
//
// Some rules of the package are beyond a schema, which sees decoded JSON:
// a key given twice, invalid UTF-8 (both decided before a validator runs),
// and the spelling of a number, so that 1.0 and 1e0 pass as the integer 1
// and as the boolean 1 where croschema reports integer and bool
// violations. It returns an error for ModelNone and invalid models.
func (m Model) JSONSchema() ([]byte, error) {
	rules := m.Rules()
	if rules == nil {
		return nil, fmt.Errorf("croschema: JSONSchema(%s): not a body model", strconv.Quote(m.String()))
	}
	return jsonSchema(m.String(), rules)
}

// jsonSchema returns the schema of the model named name with the given
// rule table.
func jsonSchema(name string, rules []FieldRule) ([]byte, error) {
	props := schemaObject{}
	required := []string{}
	for _, r := range rules {
		props = append(props, schemaMember{r.Key, propertySchema(r)})
		if r.Required {
			required = append(required, r.Key)
		}
	}
	s := schemaObject{
		{"$schema", jsonSchemaDialect},
		{"title", name},
		{"description", "The body model " + name + " of the CRO Software API, as croschema checks it."},
		{"type", "object"},
		{"properties", props},
		{"required", required},
		{"additionalProperties", false},
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return nil, fmt.Errorf("croschema: JSONSchema(%q): %w", name, err)
	}
	return buf.Bytes(), nil
}

// propertyDescription returns the description of one key: the
// documentation's words, then what the key's kind of rule accepts. The JSON
// Schema and the OpenAPI document share it.
func propertyDescription(r FieldRule) string {
	switch {
	case r.EmailList:
		return r.Doc + " " + emailListDescription
	case r.JSONType == "boolean":
		return r.Doc + " " + boolDescription
	case r.JSONType == "integer":
		return r.Doc + " " + integerDescription
	}
	return r.Doc
}

// propertySchema returns the schema of one key.
func propertySchema(r FieldRule) schemaObject {
	s := schemaObject{{"description", propertyDescription(r)}}
	switch r.JSONType {
	case "boolean":
		s = append(s, schemaMember{"anyOf", []schemaObject{
			{{"type", "boolean"}},
			{{"enum", []int{0, 1}}},
			{{"type", "string"}, {"pattern", boolStringPattern}},
		}})
		return s
	case "integer":
		s = append(s, schemaMember{"type", nullable("integer", r.Nullable)},
			schemaMember{"minimum", json.Number("-9223372036854775808")},
			schemaMember{"maximum", json.Number("9223372036854775807")})
		return s
	}
	s = append(s, schemaMember{"type", nullable("string", r.Nullable)})
	if r.MinLength > 0 {
		s = append(s, schemaMember{"minLength", r.MinLength})
	}
	if r.MaxLength > 0 {
		s = append(s, schemaMember{"maxLength", r.MaxLength})
	}
	if r.EmailList {
		s = append(s, schemaMember{"pattern", emailListPattern})
	}
	return s
}

// nullable returns the schema type of a JSON type, with null when allowed.
func nullable(typ string, ok bool) any {
	if ok {
		return []string{typ, "null"}
	}
	return typ
}

// schemaObject is a JSON object whose keys keep their order.
type schemaObject []schemaMember

type schemaMember struct {
	key   string
	value any
}

// MarshalJSON writes the members in order.
func (o schemaObject) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(m.key); err != nil {
			return nil, err
		}
		buf.Truncate(buf.Len() - 1) // Encode's newline
		buf.WriteByte(':')
		if err := enc.Encode(m.value); err != nil {
			return nil, err
		}
		buf.Truncate(buf.Len() - 1)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}
