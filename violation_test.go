package croschema_test

import (
	"errors"
	"testing"

	"github.com/croschema/croschema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestViolationsError(t *testing.T) {
	vs := croschema.Violations{
		{Location: "/fax", Field: "CustomerContactModel.fax", Code: croschema.CodeMaxLength, Detail: "16 characters, at most 15 allowed"},
		{Location: "", Field: "CustomerContactModel", Code: croschema.CodeSyntax, Detail: "unexpected end of input"},
	}
	assert.Equal(t, `croschema: 2 violations: /fax: max_length: 16 characters, at most 15 allowed; "": syntax: unexpected end of input`, vs.Error())
	assert.Equal(t, `croschema: 1 violation: /fax: max_length: 16 characters, at most 15 allowed`, vs[:1].Error())
	var err error = vs
	var got croschema.Violations
	require.True(t, errors.As(err, &got))
	assert.True(t, got.Has("/fax", croschema.CodeMaxLength))
	assert.False(t, got.Has("/fax", croschema.CodeMinLength))
}

func TestCodesAreSpecTable(t *testing.T) {
	want := []string{"syntax", "type", "required", "null", "unknown_field", "duplicate_key", "invalid_utf8",
		"min_length", "max_length", "email", "bool", "integer", "pattern", "enum", "uuid", "method", "path"}
	var got []string
	for _, c := range croschema.Codes() {
		got = append(got, string(c))
	}
	assert.Equal(t, want, got)
}
