package genclients_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/internal/genclients/ogenclient"
)

// ogenToken is ogen's SecuritySource: the bearer token of every call.
type ogenToken struct{}

func (ogenToken) BearerAuth(context.Context, ogenclient.OperationName) (ogenclient.BearerAuth, error) {
	return ogenclient.BearerAuth{Token: token}, nil
}

func TestOgenClient(t *testing.T) {
	srv := newServer(t, room)
	c, err := ogenclient.NewClient(srv.URL, ogenToken{}, ogenclient.WithClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, ogenClient{c})
}

type ogenClient struct{ c *ogenclient.Client }

// ogenNilString is o as ogen's optional nullable string: absent, null or
// a value.
func ogenNilString(o croschema.Optional[string]) ogenclient.OptNilString {
	switch o.Presence {
	case croschema.PresenceNull:
		return ogenclient.OptNilString{Set: true, Null: true}
	case croschema.PresenceValue:
		return ogenclient.NewOptNilString(o.Value)
	}
	return ogenclient.OptNilString{}
}

// fromOgen is the contact ogen decoded, as croschema's value.
func fromOgen(m ogenclient.CustomerContactModel) croschema.CustomerContact {
	str := func(s ogenclient.NilString) croschema.NullString {
		if s.Null {
			return croschema.NullString{}
		}
		return croschema.NewNullString(s.Value)
	}
	return croschema.CustomerContact{
		Email: str(m.Email), Fax: str(m.Fax), ID: m.ID, Name: m.Name, Number: str(m.Number),
		NotifyOnAcknowledgedRequest: croschema.Bool(m.NotifyOnAcknowledgedRequest),
		NotifyOnCompletedRequest:    croschema.Bool(m.NotifyOnCompletedRequest),
		NotifyOnDispatchedRequest:   croschema.Bool(m.NotifyOnDispatchedRequest),
		NotifyOnFailedRequest:       croschema.Bool(m.NotifyOnFailedRequest),
		NotifyOnNewRequest:          croschema.Bool(m.NotifyOnNewRequest),
	}
}

// ogenResult reads any answer of the three operations.
func ogenResult(res any) (result, error) {
	switch r := res.(type) {
	case *ogenclient.CustomerContactModelHeaders: // Create's 200
		return result{status: 200, contact: fromOgen(r.Response), location: r.Location.Value}, nil
	case *ogenclient.GetContactOKHeaders:
		return result{status: 200, contact: fromOgen(r.Response)}, nil
	case *ogenclient.NotFoundHeaders:
		return result{status: 404}, nil
	case *ogenclient.ServerErrorStatusCodeWithHeaders:
		return result{status: r.StatusCode}, nil
	}
	return result{}, fmt.Errorf("unexpected answer %T", res)
}

func (o ogenClient) create(ctx context.Context, customer int64, c croschema.CreateCustomerContact) (result, error) {
	req := ogenclient.CreateContactReq{
		Name: c.Name.Value, Email: ogenNilString(c.Email), Fax: ogenNilString(c.Fax), Number: ogenNilString(c.Number),
	}
	// A boolean of a request body is any of the forms the API accepts: a
	// generated union, here set to its JSON boolean.
	if v, ok := c.NotifyOnAcknowledgedRequest.Get(); ok {
		req.NotifyOnAcknowledgedRequest = ogenclient.NewOptCreateContactReqNotifyOnAcknowledgedRequest(ogenclient.NewBoolCreateContactReqNotifyOnAcknowledgedRequest(v))
	}
	if v, ok := c.NotifyOnCompletedRequest.Get(); ok {
		req.NotifyOnCompletedRequest = ogenclient.NewOptCreateContactReqNotifyOnCompletedRequest(ogenclient.NewBoolCreateContactReqNotifyOnCompletedRequest(v))
	}
	if v, ok := c.NotifyOnDispatchedRequest.Get(); ok {
		req.NotifyOnDispatchedRequest = ogenclient.NewOptCreateContactReqNotifyOnDispatchedRequest(ogenclient.NewBoolCreateContactReqNotifyOnDispatchedRequest(v))
	}
	if v, ok := c.NotifyOnFailedRequest.Get(); ok {
		req.NotifyOnFailedRequest = ogenclient.NewOptCreateContactReqNotifyOnFailedRequest(ogenclient.NewBoolCreateContactReqNotifyOnFailedRequest(v))
	}
	if v, ok := c.NotifyOnNewRequest.Get(); ok {
		req.NotifyOnNewRequest = ogenclient.NewOptCreateContactReqNotifyOnNewRequest(ogenclient.NewBoolCreateContactReqNotifyOnNewRequest(v))
	}
	res, err := o.c.CreateContact(ctx, &req, ogenclient.CreateContactParams{XTenantID: tenant, CustomerID: customer})
	if err != nil {
		return result{}, err
	}
	return ogenResult(res)
}

func (o ogenClient) get(ctx context.Context, customer, id int64) (result, error) {
	res, err := o.c.GetContact(ctx, ogenclient.GetContactParams{XTenantID: tenant, CustomerID: customer, CustomerContactID: id})
	if err != nil {
		return result{}, err
	}
	return ogenResult(res)
}

func (o ogenClient) update(ctx context.Context, customer, id int64, u croschema.UpdateCustomerContact) (result, error) {
	req := ogenclient.UpdateCustomerContactModel{Email: ogenNilString(u.Email), Fax: ogenNilString(u.Fax), Number: ogenNilString(u.Number)}
	if v, ok := u.Name.Get(); ok {
		req.Name = ogenclient.NewOptString(v)
	}
	if v, ok := u.NotifyOnAcknowledgedRequest.Get(); ok {
		req.NotifyOnAcknowledgedRequest = ogenclient.NewOptUpdateCustomerContactModelNotifyOnAcknowledgedRequest(ogenclient.NewBoolUpdateCustomerContactModelNotifyOnAcknowledgedRequest(v))
	}
	if v, ok := u.NotifyOnCompletedRequest.Get(); ok {
		req.NotifyOnCompletedRequest = ogenclient.NewOptUpdateCustomerContactModelNotifyOnCompletedRequest(ogenclient.NewBoolUpdateCustomerContactModelNotifyOnCompletedRequest(v))
	}
	if v, ok := u.NotifyOnDispatchedRequest.Get(); ok {
		req.NotifyOnDispatchedRequest = ogenclient.NewOptUpdateCustomerContactModelNotifyOnDispatchedRequest(ogenclient.NewBoolUpdateCustomerContactModelNotifyOnDispatchedRequest(v))
	}
	if v, ok := u.NotifyOnFailedRequest.Get(); ok {
		req.NotifyOnFailedRequest = ogenclient.NewOptUpdateCustomerContactModelNotifyOnFailedRequest(ogenclient.NewBoolUpdateCustomerContactModelNotifyOnFailedRequest(v))
	}
	if v, ok := u.NotifyOnNewRequest.Get(); ok {
		req.NotifyOnNewRequest = ogenclient.NewOptUpdateCustomerContactModelNotifyOnNewRequest(ogenclient.NewBoolUpdateCustomerContactModelNotifyOnNewRequest(v))
	}
	res, err := o.c.UpdateContact(ctx, &req, ogenclient.UpdateContactParams{XTenantID: tenant, CustomerID: customer, CustomerContactID: id})
	if err != nil {
		return result{}, err
	}
	return ogenResult(res)
}
