package bench

import (
	"context"
	"net/http"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/bench/ogenserver"
	"github.com/ogen-go/ogen/ogenerrors"
)

// newOgenServer is the ogen peer: ogenserver's generated router, parameter
// and body decoders and validators, with a SecurityHandler that matches the
// token and an ErrorHandler that writes the API's error body with the
// status ogen gives the error (ogenerrors.ErrorCode).
func newOgenServer(stored croschema.CustomerContact) (http.Handler, error) {
	h := &ogenHandler{contact: ogenserver.CustomerContactModel{
		Email:                       ogenNilString(stored.Email),
		Fax:                         ogenNilString(stored.Fax),
		ID:                          stored.ID,
		Name:                        stored.Name,
		NotifyOnAcknowledgedRequest: bool(stored.NotifyOnAcknowledgedRequest),
		NotifyOnCompletedRequest:    bool(stored.NotifyOnCompletedRequest),
		NotifyOnDispatchedRequest:   bool(stored.NotifyOnDispatchedRequest),
		NotifyOnFailedRequest:       bool(stored.NotifyOnFailedRequest),
		NotifyOnNewRequest:          bool(stored.NotifyOnNewRequest),
		Number:                      ogenNilString(stored.Number),
	}}
	return ogenserver.NewServer(h, ogenSecurity{}, ogenserver.WithErrorHandler(ogenError))
}

func ogenNilString(n croschema.NullString) ogenserver.NilString {
	return ogenserver.NilString{Value: n.String, Null: !n.Valid}
}

// ogenHandler is the ogen peer's ogenserver.Handler.
type ogenHandler struct {
	contact ogenserver.CustomerContactModel
}

func (h *ogenHandler) GetContact(context.Context, ogenserver.GetContactParams) (*ogenserver.CustomerContactModel, error) {
	return &h.contact, nil
}

func (h *ogenHandler) UpdateContact(context.Context, *ogenserver.UpdateCustomerContactModel, ogenserver.UpdateContactParams) (*ogenserver.CustomerContactModel, error) {
	return &h.contact, nil
}

func (h *ogenHandler) CreateContact(_ context.Context, _ *ogenserver.CreateCustomerContactModel, p ogenserver.CreateContactParams) (*ogenserver.CustomerContactModelHeaders, error) {
	return &ogenserver.CustomerContactModelHeaders{Location: locationOf(p.CustomerID, h.contact.ID), Response: h.contact}, nil
}

// ogenSecurity is the ogen peer's ogenserver.SecurityHandler: ogen finds
// the "Bearer" scheme (in any letter case) and hands over the token.
type ogenSecurity struct{}

func (ogenSecurity) HandleBearer(ctx context.Context, _ ogenserver.OperationName, t ogenserver.Bearer) (context.Context, error) {
	if !validBearerToken(t.Token) {
		return ctx, errAuthorization
	}
	return ctx, nil
}

// ogenError is the ogen peer's ErrorHandler. ogen's error text names the
// operation and what failed, never the token.
func ogenError(_ context.Context, w http.ResponseWriter, _ *http.Request, err error) {
	writeAPIError(w, ogenerrors.ErrorCode(err), err.Error())
}
