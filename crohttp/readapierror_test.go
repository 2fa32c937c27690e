package crohttp_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/stretchr/testify/assert"
)

// documentedError is the error body of RULES.md "Errors the API returns".
const documentedError = `{"field": "CreateCustomerModel.user_id", "detail": "Unknown field.", "explanation": "The resource could not be accessed."}`

func errorResponse(status int, body string) *http.Response {
	return &http.Response{StatusCode: status, Body: io.NopCloser(strings.NewReader(body))}
}

func TestReadAPIError(t *testing.T) {
	for _, tc := range []struct {
		name   string
		resp   *http.Response
		want   croschema.APIError
		errMsg string
	}{
		{"documented body", errorResponse(400, documentedError),
			croschema.APIError{StatusCode: 400, Detail: "Unknown field.", Field: croschema.NewNullString("CreateCustomerModel.user_id"),
				Explanation: croschema.NewNullString("The resource could not be accessed.")},
			"croschema: API error 400: CreateCustomerModel.user_id: Unknown field."},
		{"detail only", errorResponse(404, `{"detail":"Not found."}`),
			croschema.APIError{StatusCode: 404, Detail: "Not found."}, "croschema: API error 404: Not found."},
		{"unknown keys ignored", errorResponse(403, `{"detail":"Forbidden.","field":null,"trace":[1]}`),
			croschema.APIError{StatusCode: 403, Detail: "Forbidden."}, "croschema: API error 403: Forbidden."},
		// a body that is not an error body still gives an error to return
		{"html body", errorResponse(502, `<html>bad gateway</html>`),
			croschema.APIError{StatusCode: 502, Detail: "Bad Gateway"}, "croschema: API error 502: Bad Gateway"},
		{"empty detail", errorResponse(400, `{"detail":""}`),
			croschema.APIError{StatusCode: 400, Detail: "Bad Request"}, "croschema: API error 400: Bad Request"},
		{"no body", &http.Response{StatusCode: 500},
			croschema.APIError{StatusCode: 500, Detail: "Internal Server Error"}, "croschema: API error 500: Internal Server Error"},
		{"body over 1 MiB", errorResponse(400, `{"detail":"`+strings.Repeat("x", croschema.DefaultBodyLimit)+`"}`),
			croschema.APIError{StatusCode: 400, Detail: "Bad Request"}, "croschema: API error 400: Bad Request"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := crohttp.ReadAPIError(tc.resp)
			assert.Equal(t, tc.want, *got)
			var err error = got
			assert.EqualError(t, err, tc.errMsg)
			var target *croschema.APIError
			assert.True(t, errors.As(err, &target))
		})
	}
}

func ExampleReadAPIError() {
	// A client turning a 4xx response into a Go error.
	resp := &http.Response{
		StatusCode: http.StatusBadRequest,
		Body: io.NopCloser(strings.NewReader(`{"field": "CustomerContactModel.name",
			"detail": "Unknown field.", "explanation": "The resource could not be accessed."}`)),
	}
	var err error = crohttp.ReadAPIError(resp)
	fmt.Println(err)

	var apiErr *croschema.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Field.String)
	}
	// Output:
	// croschema: API error 400: CustomerContactModel.name: Unknown field.
	// 400 CustomerContactModel.name
}
