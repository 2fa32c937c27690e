package bench

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/bench/oapiserver"
	"github.com/getkin/kin-openapi/openapi3filter"
	nethttpmiddleware "github.com/oapi-codegen/nethttp-middleware"
)

// newOapiServer is the oapi-codegen peer: oapiserver's generated routes
// and parameter binding on a ServeMux, behind oapi-codegen's
// nethttp-middleware, which validates each request with kin-openapi's
// openapi3filter against the document oapiserver embeds. Its
// AuthenticationFunc matches the token; its ErrorHandler writes the API's
// error body with the middleware's status and message (the first line of
// kin-openapi's error, which goes on with the schema).
func newOapiServer(stored croschema.CustomerContact) (http.Handler, error) {
	doc, err := oapiserver.GetSpec()
	if err != nil {
		return nil, err
	}
	validate := nethttpmiddleware.OapiRequestValidatorWithOptions(doc, &nethttpmiddleware.Options{
		Options: openapi3filter.Options{AuthenticationFunc: kinAuthenticate},
		ErrorHandler: func(w http.ResponseWriter, message string, status int) {
			writeAPIError(w, status, message)
		},
	})
	c := plainFrom(&stored)
	h := &oapiHandler{contact: oapiserver.CustomerContactModel{
		Email:                       c.Email,
		Fax:                         c.Fax,
		Id:                          c.ID,
		Name:                        c.Name,
		NotifyOnAcknowledgedRequest: c.NotifyOnAcknowledgedRequest,
		NotifyOnCompletedRequest:    c.NotifyOnCompletedRequest,
		NotifyOnDispatchedRequest:   c.NotifyOnDispatchedRequest,
		NotifyOnFailedRequest:       c.NotifyOnFailedRequest,
		NotifyOnNewRequest:          c.NotifyOnNewRequest,
		Number:                      c.Number,
	}}
	return validate(oapiserver.HandlerWithOptions(h, oapiserver.StdHTTPServerOptions{
		ErrorHandlerFunc: func(w http.ResponseWriter, _ *http.Request, err error) {
			writeAPIError(w, http.StatusBadRequest, err.Error())
		},
	})), nil
}

// kinAuthenticate is kin-openapi's AuthenticationFunc for the bearer
// scheme: OpenAPI has no pattern for a security scheme, so it matches
// the documented one itself.
func kinAuthenticate(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	if !validAuthorization(in.RequestValidationInput.Request.Header.Get("Authorization")) {
		return errAuthorization
	}
	return nil
}

// oapiHandler is the oapi-codegen peer's oapiserver.ServerInterface.
type oapiHandler struct {
	contact oapiserver.CustomerContactModel
}

func (h *oapiHandler) GetContact(w http.ResponseWriter, _ *http.Request, _, _ int64, _ oapiserver.GetContactParams) {
	writeJSON(w, &h.contact)
}

func (h *oapiHandler) UpdateContact(w http.ResponseWriter, r *http.Request, _, _ int64, _ oapiserver.UpdateContactParams) {
	var body oapiserver.UpdateCustomerContactModel
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeAPIError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, &h.contact)
}

func (h *oapiHandler) CreateContact(w http.ResponseWriter, r *http.Request, customerID int64, _ oapiserver.CreateContactParams) {
	var body oapiserver.CreateCustomerContactModel
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeAPIError(w, http.StatusBadRequest, err.Error())
		return
	}
	w.Header().Set("Location", locationOf(customerID, h.contact.Id))
	writeJSON(w, &h.contact)
}

// writeJSON answers 200 with v encoded by encoding/json.
func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_ = json.NewEncoder(w).Encode(v)
}
