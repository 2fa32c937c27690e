package croschema_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/croschema/croschema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// documentedError is the error body of RULES.md "Errors the API returns".
const documentedError = `{"field": "CreateCustomerModel.user_id", "detail": "Unknown field.", "explanation": "The resource could not be accessed."}`

func response(status int, body string) *http.Response {
	return &http.Response{StatusCode: status, Body: io.NopCloser(strings.NewReader(body))}
}

func TestReadAPIError(t *testing.T) {
	for _, tc := range []struct {
		name   string
		resp   *http.Response
		want   croschema.APIError
		errMsg string
	}{
		{"documented body", response(400, documentedError),
			croschema.APIError{StatusCode: 400, Detail: "Unknown field.", Field: croschema.NewNullString("CreateCustomerModel.user_id"),
				Explanation: croschema.NewNullString("The resource could not be accessed.")},
			"croschema: API error 400: CreateCustomerModel.user_id: Unknown field."},
		{"detail only", response(404, `{"detail":"Not found."}`),
			croschema.APIError{StatusCode: 404, Detail: "Not found."}, "croschema: API error 404: Not found."},
		{"unknown keys ignored", response(403, `{"detail":"Forbidden.","field":null,"trace":[1]}`),
			croschema.APIError{StatusCode: 403, Detail: "Forbidden."}, "croschema: API error 403: Forbidden."},
		// a body that is not an error body still gives an error to return
		{"html body", response(502, `<html>bad gateway</html>`),
			croschema.APIError{StatusCode: 502, Detail: "Bad Gateway"}, "croschema: API error 502: Bad Gateway"},
		{"empty detail", response(400, `{"detail":""}`),
			croschema.APIError{StatusCode: 400, Detail: "Bad Request"}, "croschema: API error 400: Bad Request"},
		{"no body", &http.Response{StatusCode: 500},
			croschema.APIError{StatusCode: 500, Detail: "Internal Server Error"}, "croschema: API error 500: Internal Server Error"},
		{"body over 1 MiB", response(400, `{"detail":"`+strings.Repeat("x", croschema.MaxErrorBody)+`"}`),
			croschema.APIError{StatusCode: 400, Detail: "Bad Request"}, "croschema: API error 400: Bad Request"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := croschema.ReadAPIError(tc.resp)
			assert.Equal(t, tc.want, *got)
			var err error = got
			assert.EqualError(t, err, tc.errMsg)
			var target *croschema.APIError
			assert.True(t, errors.As(err, &target))
		})
	}
}

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
