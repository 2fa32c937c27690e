package croschema_test

import (
	"strings"
	"testing"

	"github.com/croschema/croschema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestModelRules(t *testing.T) {
	rules := croschema.ModelCustomerContact.Rules()
	require.Len(t, rules, 10)
	assert.Equal(t, croschema.FieldRule{Key: "fax", Field: "CustomerContactModel.fax", JSONType: "string", Nullable: true,
		Required: true, MinLength: 7, MaxLength: 15, Tag: "cro_fax", Doc: "Fax number (free text)."}, rules[1])
	create := croschema.ModelCreateCustomerContact.Rules()
	require.Len(t, create, 9)
	for _, r := range create {
		assert.False(t, r.Required, r.Key)
		assert.NotEqual(t, "id", r.Key)
		assert.True(t, strings.HasPrefix(r.Field, "CreateCustomerContactModel."))
	}
	assert.Nil(t, croschema.ModelNone.Rules())
	rules[0].Key = "changed"
	assert.Equal(t, "email", croschema.ModelCustomerContact.Rules()[0].Key, "Rules returns a copy")
}
