package bench

import (
	"context"
	"net/http"
	"strings"

	"github.com/croschema/croschema"
	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"
)

// newHumaServer is the huma peer: huma on a ServeMux (humago), with input
// structs whose tags say the rules of the path parameters, headers and
// body, which huma validates before it calls the handler, and a huma
// middleware for the token and the presence of x-tenant-id. Its config is
// huma.DefaultConfig without the create hook that adds a "$schema" key to
// every response body (which is not a key of the API's models). It sets,
// process-wide, huma.NewError to newHumaError and huma.ValidateStrictCasing
// (without it, huma takes "Name" for name).
func newHumaServer(stored croschema.CustomerContact) http.Handler {
	huma.NewError = newHumaError
	huma.ValidateStrictCasing = true // keys match case-sensitively, as RULES.md says
	mux := http.NewServeMux()
	config := huma.DefaultConfig("CRO Software customer contacts", "1")
	config.CreateHooks = nil
	api := humago.New(mux, config)
	api.UseMiddleware(func(ctx huma.Context, next func(huma.Context)) {
		switch {
		case !validAuthorization(ctx.Header("Authorization")):
			ctx.SetHeader("WWW-Authenticate", "Bearer")
			_ = huma.WriteErr(api, ctx, http.StatusUnauthorized, errAuthorization.Error())
		case ctx.Header("X-Tenant-Id") == "":
			_ = huma.WriteErr(api, ctx, http.StatusForbidden, "x-tenant-id is required")
		default:
			next(ctx)
		}
	})

	contact := plainFrom(&stored)
	const collection = "/customers/{customer_id}/contacts"
	const path = collection + "/{customer_contact_id}"
	huma.Register(api, huma.Operation{OperationID: "GetContact", Method: http.MethodGet, Path: path, DefaultStatus: http.StatusOK},
		func(context.Context, *humaGetInput) (*humaContactOutput, error) {
			return &humaContactOutput{Body: &contact}, nil
		})
	huma.Register(api, huma.Operation{OperationID: "UpdateContact", Method: http.MethodPatch, Path: path, DefaultStatus: http.StatusOK},
		func(context.Context, *humaUpdateInput) (*humaContactOutput, error) {
			return &humaContactOutput{Body: &contact}, nil
		})
	huma.Register(api, huma.Operation{OperationID: "CreateContact", Method: http.MethodPost, Path: collection, DefaultStatus: http.StatusOK},
		func(_ context.Context, in *humaCreateInput) (*humaCreatedOutput, error) {
			return &humaCreatedOutput{Location: locationOf(in.CustomerID, contact.ID), Body: &contact}, nil
		})
	return mux
}

// HumaHeaders are the request headers as huma parameters (authorization is
// the middleware's). It is exported because huma reads the parameters of
// exported embedded structs only.
type HumaHeaders struct {
	TenantID   int64  `header:"x-tenant-id" required:"true" minimum:"0"`
	APIVersion string `header:"x-api-version" enum:"2019/02/08,2021/04/07,2021/05/07,2021/08/02,2021/11/04,2023/04/19"`
	RequestID  string `header:"x-request-id" pattern:"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"`
}

type humaGetInput struct {
	CustomerID int64 `path:"customer_id" minimum:"0"`
	ContactID  int64 `path:"customer_contact_id" minimum:"0"`
	HumaHeaders
}

type humaUpdateInput struct {
	CustomerID int64 `path:"customer_id" minimum:"0"`
	ContactID  int64 `path:"customer_contact_id" minimum:"0"`
	HumaHeaders
	Body humaBody
}

type humaCreateInput struct {
	CustomerID int64 `path:"customer_id" minimum:"0"`
	HumaHeaders
	Body humaBody
}

// humaBody is the body of Create and Update: every key optional (omitempty),
// email, fax and number nullable, unknown keys rejected (huma's default for
// a struct). The email pattern, which holds a backquote, is set by
// TransformSchema.
type humaBody struct {
	Email                       *string   `json:"email,omitempty" nullable:"true" maxLength:"256"`
	Fax                         *string   `json:"fax,omitempty" nullable:"true" minLength:"7" maxLength:"15"`
	Name                        *string   `json:"name,omitempty" minLength:"1" maxLength:"128"`
	NotifyOnAcknowledgedRequest *humaBool `json:"notify_on_acknowledged_request,omitempty"`
	NotifyOnCompletedRequest    *humaBool `json:"notify_on_completed_request,omitempty"`
	NotifyOnDispatchedRequest   *humaBool `json:"notify_on_dispatched_request,omitempty"`
	NotifyOnFailedRequest       *humaBool `json:"notify_on_failed_request,omitempty"`
	NotifyOnNewRequest          *humaBool `json:"notify_on_new_request,omitempty"`
	Number                      *string   `json:"number,omitempty" nullable:"true" minLength:"1" maxLength:"90"`
}

// TransformSchema implements huma.SchemaTransformer.
func (humaBody) TransformSchema(_ huma.Registry, s *huma.Schema) *huma.Schema {
	s.Properties["email"].Pattern = emailListPattern
	return s
}

// humaBool is a boolean in any documented form: huma validates the forms
// with Schema (boolForms), and croschema.Optional decodes them.
type humaBool struct{ croschema.Optional[bool] }

// Schema implements huma.SchemaProvider.
func (humaBool) Schema(huma.Registry) *huma.Schema {
	return &huma.Schema{AnyOf: []*huma.Schema{
		{Type: huma.TypeBoolean},
		{Type: huma.TypeInteger, Enum: []any{0.0, 1.0}}, // huma compares with the float64 that JSON decodes
		{Type: huma.TypeString, Pattern: `^(?i:0|1|true|false)$`},
	}}
}

type humaContactOutput struct {
	Body *plainContact
}

type humaCreatedOutput struct {
	Location string `header:"Location"`
	Body     *plainContact
}

// humaError is the API's error body as a huma error.
type humaError struct{ croschema.APIError }

// GetStatus implements huma.StatusError.
func (e *humaError) GetStatus() int { return e.StatusCode }

// newHumaError is the huma peer's huma.NewError: the API's error body with
// huma's message as its detail and huma's error details (each "message
// (location: value)") as its explanation.
func newHumaError(status int, msg string, errs ...error) huma.StatusError {
	e := &humaError{croschema.APIError{StatusCode: status, Detail: msg}}
	var details []string
	for _, err := range errs {
		if err != nil {
			details = append(details, err.Error())
		}
	}
	if len(details) > 0 {
		e.Explanation = croschema.NewNullString(strings.Join(details, "; "))
	}
	return e
}
