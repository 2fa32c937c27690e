package crohttp_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Violations of every class, as the lints report them.
var (
	vPath      = croschema.Violation{Location: "path", Field: "RequestLine.path", Code: croschema.CodePath, Detail: `"/x" names no endpoint`}
	vNoField   = croschema.Violation{Location: "path", Code: croschema.CodePath, Detail: `"/x" names no endpoint`}
	vMethod    = croschema.Violation{Location: "method", Field: "RequestLine.method", Code: croschema.CodeMethod, Detail: `"DELETE" is not allowed`}
	vAuth      = croschema.Violation{Location: "authorization", Field: "StandardRequestHeadersModel.authorization", Code: croschema.CodeRequired, Detail: "missing"}
	vAuthLen   = croschema.Violation{Location: "authorization", Field: "StandardRequestHeadersModel.authorization", Code: croschema.CodeMaxLength, Detail: "300 characters"}
	vTenant    = croschema.Violation{Location: "x-tenant-id", Field: "StandardRequestHeadersModel.x-tenant-id", Code: croschema.CodeRequired, Detail: "missing"}
	vTenantInt = croschema.Violation{Location: "x-tenant-id", Field: "StandardRequestHeadersModel.x-tenant-id", Code: croschema.CodeInteger, Detail: "not an integer"}
	vMedia     = croschema.Violation{Location: "content-type", Field: "StandardRequestHeadersModel.content-type", Code: croschema.CodeEnum, Detail: "not JSON"}
	vMediaLen  = croschema.Violation{Location: "content-type", Field: "StandardRequestHeadersModel.content-type", Code: croschema.CodeMinLength, Detail: "empty"}
	vUUID      = croschema.Violation{Location: "x-request-id", Field: "StandardRequestHeadersModel.x-request-id", Code: croschema.CodeUUID, Detail: "not a UUID"}
	vParam     = croschema.Violation{Location: "customer_id", Field: "RequestLine.customer_id", Code: croschema.CodeInteger, Detail: `"+1" has a sign`}
	vUnknown   = croschema.Violation{Location: "/Name", Field: "UpdateCustomerContactModel.Name", Code: croschema.CodeUnknownField, Detail: "unknown field"}
	vFax       = croschema.Violation{Location: "/fax", Field: "UpdateCustomerContactModel.fax", Code: croschema.CodeMinLength, Detail: "1 character, at least 7 required"}
	vSyntax    = croschema.Violation{Location: "", Field: "UpdateCustomerContactModel", Code: croschema.CodeSyntax, Detail: "unexpected end of JSON input"}
)

func TestStatus(t *testing.T) {
	for _, c := range []struct {
		vs   croschema.Violations
		want int
	}{
		{nil, 200},
		{croschema.Violations{vPath}, 404},
		{croschema.Violations{vUUID, vMethod, vPath}, 404},
		{croschema.Violations{vMethod, vParam}, 405},
		{croschema.Violations{vAuth}, 401},
		{croschema.Violations{vTenant, vAuthLen}, 401},
		{croschema.Violations{vTenant, vMedia}, 403},
		{croschema.Violations{vTenantInt}, 400}, // present but not an integer
		{croschema.Violations{vUUID, vMedia, vFax}, 415},
		{croschema.Violations{vMediaLen}, 400}, // an empty content-type has no media type to reject
		{croschema.Violations{vParam}, 400},
		{croschema.Violations{vUnknown, vFax}, 400},
		{croschema.Violations{vSyntax}, 400},
	} {
		assert.Equal(t, c.want, croschema.Status(c.vs), "Status(%v)", c.vs)
	}
}

func TestErrorFromViolations(t *testing.T) {
	null := croschema.NullString{}
	str := croschema.NewNullString
	for _, c := range []struct {
		name string
		vs   croschema.Violations
		want croschema.APIError
	}{
		{"one violation: no explanation", croschema.Violations{vFax},
			croschema.APIError{StatusCode: 400, Field: str(vFax.Field), Detail: vFax.Detail, Explanation: null}},
		{"unknown_field says Unknown field.", croschema.Violations{vUnknown, vFax},
			croschema.APIError{StatusCode: 400, Field: str(vUnknown.Field), Detail: "Unknown field.",
				Explanation: str("UpdateCustomerContactModel.Name: unknown_field: Unknown field.; " +
					"UpdateCustomerContactModel.fax: min_length: 1 character, at least 7 required")}},
		{"the deciding class's first violation", croschema.Violations{vUUID, vMedia, vFax},
			croschema.APIError{StatusCode: 415, Field: str(vMedia.Field), Detail: vMedia.Detail,
				Explanation: str("StandardRequestHeadersModel.x-request-id: uuid: not a UUID; " +
					"StandardRequestHeadersModel.content-type: enum: not JSON; " +
					"UpdateCustomerContactModel.fax: min_length: 1 character, at least 7 required")}},
		{"a path", croschema.Violations{vPath},
			croschema.APIError{StatusCode: 404, Field: str("RequestLine.path"), Detail: vPath.Detail, Explanation: null}},
		{"no field is null, and the location explains", croschema.Violations{vNoField, vParam},
			croschema.APIError{StatusCode: 404, Field: null, Detail: vNoField.Detail,
				Explanation: str(`path: path: "/x" names no endpoint; RequestLine.customer_id: integer: "+1" has a sign`)}},
		{"a 404 names only the request line", croschema.Violations{vUUID, vPath, vFax},
			croschema.APIError{StatusCode: 404, Field: str("RequestLine.path"), Detail: vPath.Detail, Explanation: null}},
		{"a 405 with its parameter", croschema.Violations{vMethod, vParam},
			croschema.APIError{StatusCode: 405, Field: str("RequestLine.method"), Detail: vMethod.Detail,
				Explanation: str(`RequestLine.method: method: "DELETE" is not allowed; RequestLine.customer_id: integer: "+1" has a sign`)}},
		{"a 401 says nothing of the body", croschema.Violations{vAuth, vUnknown},
			croschema.APIError{StatusCode: 401, Field: str(vAuth.Field), Detail: "missing", Explanation: null}},
		{"a 403 says nothing of the body", croschema.Violations{vUUID, vTenant, vSyntax},
			croschema.APIError{StatusCode: 403, Field: str(vTenant.Field), Detail: "missing",
				Explanation: str("StandardRequestHeadersModel.x-request-id: uuid: not a UUID; " +
					"StandardRequestHeadersModel.x-tenant-id: required: missing")}},
		{"a whole-body violation names the model", croschema.Violations{vSyntax},
			croschema.APIError{StatusCode: 400, Field: str("UpdateCustomerContactModel"), Detail: vSyntax.Detail}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := crohttp.ErrorFromViolations(c.vs)
			require.NotNil(t, got)
			assert.Equal(t, c.want, *got)
			body, err := got.MarshalJSON()
			require.NoError(t, err)
			_, err = croschema.LintAPIError(body)
			assert.NoError(t, err, "%s", body)
		})
	}
	assert.Nil(t, crohttp.ErrorFromViolations(nil))
}

func TestErrorFrom(t *testing.T) {
	assert.Nil(t, crohttp.ErrorFrom(nil))
	apiErr := &croschema.APIError{StatusCode: 409, Detail: "Conflict."}
	assert.Same(t, apiErr, crohttp.ErrorFrom(fmt.Errorf("storing: %w", apiErr)))
	assert.Equal(t, crohttp.ErrorFromViolations(croschema.Violations{vFax}),
		crohttp.ErrorFrom(fmt.Errorf("apply: %w", croschema.Violations{vFax})))
	e := crohttp.ErrorFrom(errors.New("db password hunter2 rejected"))
	assert.Equal(t, 500, e.StatusCode)
	assert.NotContains(t, e.Detail+e.Explanation.String+e.Field.String, "hunter2")
}

func TestNotFound(t *testing.T) {
	assert.Equal(t, &croschema.APIError{StatusCode: 404, Detail: "Not found."},
		crohttp.NotFound(httptest.NewRequest("GET", "/", nil)))
	var got []string
	mw := crohttp.Middleware()(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, crohttp.NotFound(r).Detail)
	}))
	for _, c := range []struct{ method, path string }{{"GET", "/customers/1/contacts/2"}, {"PATCH", "/customers/1/contacts/2"},
		{"POST", "/customers/1/contacts"}} {
		req := httptest.NewRequest(c.method, c.path, nil)
		if c.method != "GET" {
			req = httptest.NewRequest(c.method, c.path, strings.NewReader(`{"name":"G"}`))
		}
		req.Header = stdHeaders()
		mw.ServeHTTP(httptest.NewRecorder(), req)
	}
	assert.Equal(t, []string{"Customer contact 2 of customer 1 not found.", "Customer contact 2 of customer 1 not found.",
		"Customer 1 not found."}, got)
}

func TestWriteError(t *testing.T) {
	for _, c := range []struct {
		e      croschema.APIError
		status int
		body   string
	}{
		{croschema.APIError{StatusCode: 404, Detail: "Not found."}, 404,
			`{"detail":"Not found.","explanation":null,"field":null}`},
		{croschema.APIError{StatusCode: 401, Detail: "No.", Field: croschema.NewNullString("StandardRequestHeadersModel.authorization")}, 401,
			`{"detail":"No.","explanation":null,"field":"StandardRequestHeadersModel.authorization"}`},
		{croschema.APIError{Detail: "Oops."}, 500, `{"detail":"Oops.","explanation":null,"field":null}`},
		{croschema.APIError{StatusCode: 200, Detail: "Not an error status."}, 500,
			`{"detail":"Not an error status.","explanation":null,"field":null}`},
	} {
		rec := httptest.NewRecorder()
		crohttp.WriteError(rec, &c.e)
		assert.Equal(t, c.status, rec.Code)
		assert.Equal(t, c.body, rec.Body.String())
		assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
		if c.status == 401 {
			assert.Equal(t, "Bearer", rec.Header().Get("Www-Authenticate"))
		}
	}
}

func TestWriteContact(t *testing.T) {
	// The documented sample, written canonically whatever the handler set before.
	c := croschema.CustomerContact{Email: croschema.NewNullString("shaneduty@gmail.com"), ID: 1, Name: "George",
		NotifyOnCompletedRequest: true, NotifyOnDispatchedRequest: true, NotifyOnFailedRequest: true,
		NotifyOnNewRequest: true, Number: croschema.NewNullString("360-555-1212")}
	rec := httptest.NewRecorder()
	rec.Header().Set("Content-Type", "text/plain")
	crohttp.WriteContact(rec, http.StatusOK, &c)
	assert.Equal(t, 200, rec.Code)
	assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	assert.Equal(t, `{"email":"shaneduty@gmail.com","fax":null,"id":1,"name":"George",`+
		`"notify_on_acknowledged_request":false,"notify_on_completed_request":true,`+
		`"notify_on_dispatched_request":true,"notify_on_failed_request":true,`+
		`"notify_on_new_request":true,"number":"360-555-1212"}`, rec.Body.String())
}

// TestWithoutTheMiddleware: WriteCreated and NotFound work for a request
// that did not come through Middleware (another framework's, a test's):
// they read r's method and path (issue 20, item 3).
func TestWithoutTheMiddleware(t *testing.T) {
	for _, c := range []struct{ method, path, detail string }{
		{"GET", "/customers/1042/contacts/7", "Customer contact 7 of customer 1042 not found."},
		{"HEAD", "/customers/1042/contacts/7/", "Customer contact 7 of customer 1042 not found."},
		{"PATCH", "/customers/1042/contacts/7", "Customer contact 7 of customer 1042 not found."},
		{"POST", "/customers/1042/contacts", "Customer 1042 not found."},
		{"GET", "/customers/1042/contacts/x", "Not found."}, // not an integer: no contact to name
		{"DELETE", "/customers/1042/contacts/7", "Not found."},
	} {
		e := crohttp.NotFound(httptest.NewRequest(c.method, c.path, nil))
		assert.Equal(t, &croschema.APIError{StatusCode: 404, Detail: c.detail}, e, "%s %s", c.method, c.path)
	}

	created := croschema.CustomerContact{ID: 9, Name: "George"}
	for path, want := range map[string]string{
		"/customers/1042/contacts":  "/customers/1042/contacts/9",
		"/customers/1042/contacts/": "/customers/1042/contacts/9",
		"/customers/x/contacts":     "", // names no customer
		"/elsewhere":                "",
	} {
		rec := httptest.NewRecorder()
		crohttp.WriteCreated(rec, httptest.NewRequest("POST", path, strings.NewReader(`{"name":"George"}`)), &created)
		assert.Equal(t, http.StatusOK, rec.Code, path)
		assert.Equal(t, want, rec.Header().Get("Location"), path)
		assert.JSONEq(t, string(created.AppendJSON(nil)), rec.Body.String(), path)
	}
}
