package croschema_test

import (
	"encoding/json"
	"testing"

	"github.com/croschema/croschema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// documentedError is the error body of RULES.md "Errors the API returns".
const documentedError = `{"field": "CreateCustomerModel.user_id", "detail": "Unknown field.", "explanation": "The resource could not be accessed."}`

func TestLintAPIError(t *testing.T) {
	e, err := croschema.LintAPIError([]byte(documentedError))
	require.NoError(t, err)
	assert.Equal(t, "Unknown field.", e.Detail)
	assert.NoError(t, e.Validate())

	_, err = croschema.LintAPIError([]byte(`{"field":"x","detail":5,"status":400}`))
	vs := violationsOf(t, err)
	assert.True(t, vs.Has("/detail", croschema.CodeType))
	assert.True(t, vs.Has("/status", croschema.CodeUnknownField))
	assert.Equal(t, "ErrorResponseModel.detail", vs[0].Field)
}

func TestAPIErrorJSON(t *testing.T) {
	e := croschema.APIError{Detail: "Unknown field.", Field: croschema.NewNullString("CustomerContactModel.name"), StatusCode: 400}
	out, err := json.Marshal(e)
	require.NoError(t, err)
	assert.Equal(t, `{"detail":"Unknown field.","explanation":null,"field":"CustomerContactModel.name"}`, string(out),
		"canonical: keys in table order, null where unset, no status")

	d := croschema.APIError{StatusCode: 400}
	require.NoError(t, json.Unmarshal(out, &d))
	assert.Equal(t, e, d, "decoding keeps the status the client set")
}

// TestAPIErrorTextInert: a server's field and detail reach Error escaped.
func TestAPIErrorTextInert(t *testing.T) {
	e := croschema.APIError{StatusCode: 400, Field: croschema.NewNullString("a\x1b[2J"), Detail: "x\u2028y\u0085z\x07"}
	assert.Equal(t, `croschema: API error 400: a\x1b[2J: x\u2028y\u0085z\a`, e.Error())
}
