package croschema_test

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/croschema/croschema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var schemaModels = []croschema.Model{croschema.ModelCustomerContact, croschema.ModelCreateCustomerContact, croschema.ModelUpdateCustomerContact, croschema.ModelAPIError}

// The schema of each model is the golden file, byte for byte, and the same
// on every call.
func TestJSONSchemaGolden(t *testing.T) {
	for _, m := range schemaModels {
		t.Run(m.String(), func(t *testing.T) {
			got, err := m.JSONSchema()
			require.NoError(t, err)
			again, err := m.JSONSchema()
			require.NoError(t, err)
			require.Equal(t, got, again, "JSONSchema is deterministic")

			path := filepath.Join("testdata", "schema", m.String()+".json")
			checkGolden(t, path, got)
		})
	}
}

func TestJSONSchemaNoBody(t *testing.T) {
	for _, m := range []croschema.Model{croschema.ModelNone, croschema.Model(200)} {
		_, err := m.JSONSchema()
		assert.Error(t, err, "%d", m)
	}
	_, err := croschema.ModelNone.JSONSchema()
	assert.EqualError(t, err, `croschema: JSONSchema(""): not a body model`)
}

// schemaDoc is the part of a schema the tests read.
type schemaDoc struct {
	Schema               string                       `json:"$schema"`
	Type                 string                       `json:"type"`
	Properties           map[string]propertySchemaDoc `json:"properties"`
	Required             []string                     `json:"required"`
	AdditionalProperties *bool                        `json:"additionalProperties"`
}

type propertySchemaDoc struct {
	Type      any              `json:"type"`
	MinLength *int             `json:"minLength"`
	MaxLength *int             `json:"maxLength"`
	Pattern   string           `json:"pattern"`
	AnyOf     []map[string]any `json:"anyOf"`
	Minimum   json.Number      `json:"minimum"`
	Maximum   json.Number      `json:"maximum"`
}

// Every row of the rule table is in the schema, as the row says.
func TestJSONSchemaFollowsTheTable(t *testing.T) {
	for _, m := range schemaModels {
		data, err := m.JSONSchema()
		require.NoError(t, err)
		s := parseSchema(t, data)
		checkSchemaAgainstRules(t, s, m.Rules())
	}
}

// A bound changed in the table changes the schema: the schema reads the
// table and nothing else.
func TestJSONSchemaFollowsAChangedTable(t *testing.T) {
	rules := croschema.ModelCustomerContact.Rules()
	for i := range rules {
		if rules[i].Key == "fax" {
			rules[i].MinLength, rules[i].MaxLength, rules[i].Nullable, rules[i].Required = 3, 33, false, false
		}
	}
	data, err := croschema.JSONSchemaOf("Changed", rules)
	require.NoError(t, err)
	s := parseSchema(t, data)
	checkSchemaAgainstRules(t, s, rules)
	assert.Equal(t, 33, *s.Properties["fax"].MaxLength)
	assert.NotContains(t, s.Required, "fax")
}

func parseSchema(t *testing.T, data []byte) schemaDoc {
	t.Helper()
	var s schemaDoc
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&s))
	return s
}

func checkSchemaAgainstRules(t *testing.T, s schemaDoc, rules []croschema.FieldRule) {
	t.Helper()
	assert.Equal(t, "https://json-schema.org/draft/2020-12/schema", s.Schema, "draft 2020-12, as JSONSchema says")
	assert.Equal(t, "object", s.Type)
	require.NotNil(t, s.AdditionalProperties)
	assert.False(t, *s.AdditionalProperties)
	assert.Len(t, s.Properties, len(rules))
	var required []string
	for _, r := range rules {
		p, ok := s.Properties[r.Key]
		require.True(t, ok, r.Key)
		if r.Required {
			required = append(required, r.Key)
		}
		switch r.JSONType {
		case "boolean":
			assert.Len(t, p.AnyOf, 3, r.Key)
			assert.Nil(t, p.Type, r.Key)
		case "integer":
			assert.Equal(t, "integer", p.Type, r.Key)
			assert.Equal(t, json.Number("-9223372036854775808"), p.Minimum)
			assert.Equal(t, json.Number("9223372036854775807"), p.Maximum)
		case "string":
			if r.Nullable {
				assert.Equal(t, []any{"string", "null"}, p.Type, r.Key)
			} else {
				assert.Equal(t, "string", p.Type, r.Key)
			}
			if r.MinLength > 0 {
				require.NotNil(t, p.MinLength, r.Key)
				assert.Equal(t, r.MinLength, *p.MinLength, r.Key)
			} else {
				assert.Nil(t, p.MinLength, r.Key)
			}
			if r.MaxLength > 0 {
				require.NotNil(t, p.MaxLength, r.Key)
				assert.Equal(t, r.MaxLength, *p.MaxLength, r.Key)
			} else {
				assert.Nil(t, p.MaxLength, r.Key)
			}
			assert.Equal(t, r.EmailList, p.Pattern != "", r.Key)
		}
	}
	if required == nil {
		required = []string{}
	}
	assert.Equal(t, required, s.Required)
}

// The schema's patterns compile as RE2 and say what the package says.
func TestJSONSchemaPatterns(t *testing.T) {
	boolRE := regexp.MustCompile(croschema.BoolStringPattern)
	for _, s := range []string{"0", "1", "true", "false", "TRUE", "False", "tRuE", "fALSE"} {
		assert.True(t, boolRE.MatchString(s), "%q", s)
		_, err := croschema.ParseBool(s)
		assert.NoError(t, err, "%q", s)
	}
	for _, s := range []string{"", " 1", "1 ", "yes", "t", "truee", "true\n", "00", "2"} {
		assert.False(t, boolRE.MatchString(s), "%q", s)
		_, err := croschema.ParseBool(s)
		assert.Error(t, err, "%q", s)
	}

	emailRE := regexp.MustCompile(croschema.EmailListPattern)
	for _, s := range []string{
		"", "a@example.com", "a@example.com,b@example.org", " a@example.com ,\tb.c+d@mail-1.example.co\r\n",
		"o'hara.x+y@mail.example.org", "user@localhost", "a@b.co",
	} {
		assert.True(t, emailRE.MatchString(s), "%q", s)
		assert.True(t, croschema.ValidEmailList(s), "%q", s)
	}
	for _, s := range []string{
		" ", ",", "a@example.com,", ",a@example.com", "a@example.com,,b@example.com", "alice", "al ice@example.com",
		"@example.com", "alice@", "alice@bob@example.com", "a@example.com\n,",
	} {
		assert.False(t, emailRE.MatchString(s), "%q", s)
		assert.False(t, croschema.ValidEmailList(s), "%q", s)
	}
	// Not trimmed: a vertical tab is part of the item, so the address is
	// invalid, for the pattern and for the package alike.
	assert.False(t, emailRE.MatchString("a@example.com\v"))
	assert.False(t, croschema.ValidEmailList("a@example.com\v"))
	// What the pattern cannot express: valid, but rejected by the pattern.
	for _, s := range []string{`"john.doe"@example.com`, "user@[192.0.2.1]", "user@bücher.example"} {
		assert.False(t, emailRE.MatchString(s), "%q", s)
		assert.True(t, croschema.ValidEmailList(s), "%q", s)
	}
}
