package genclients_test

import (
	"context"
	"errors"
	"testing"

	"github.com/oapi-codegen/nullable"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/internal/genclients/oapinullable"
)

func TestOapiCodegenNullableClient(t *testing.T) {
	srv := newServer(t, room)
	c, err := oapinullable.NewClientWithResponses(srv.URL, oapinullable.WithHTTPClient(srv.Client()),
		oapinullable.WithRequestEditorFn(oapiAuth))
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, oapiNullableClient{c})
}

type oapiNullableClient struct {
	c *oapinullable.ClientWithResponses
}

// nullableString is o as a nullable.Nullable: unspecified (absent), null
// or a value.
func nullableString(o croschema.Optional[string]) nullable.Nullable[string] {
	switch o.Presence {
	case croschema.PresenceNull:
		return nullable.NewNullNullable[string]()
	case croschema.PresenceValue:
		return nullable.NewNullableWithValue(o.Value)
	}
	return nil
}

// fromOapiNullable is the contact oapi-codegen decoded, as croschema's
// value.
func fromOapiNullable(m *oapinullable.CustomerContactModel) croschema.CustomerContact {
	str := func(s nullable.Nullable[string]) croschema.NullString {
		if v, err := s.Get(); err == nil {
			return croschema.NewNullString(v)
		}
		return croschema.NullString{}
	}
	return croschema.CustomerContact{
		Email: str(m.Email), Fax: str(m.Fax), ID: m.Id, Name: m.Name, Number: str(m.Number),
		NotifyOnAcknowledgedRequest: croschema.Bool(m.NotifyOnAcknowledgedRequest),
		NotifyOnCompletedRequest:    croschema.Bool(m.NotifyOnCompletedRequest),
		NotifyOnDispatchedRequest:   croschema.Bool(m.NotifyOnDispatchedRequest),
		NotifyOnFailedRequest:       croschema.Bool(m.NotifyOnFailedRequest),
		NotifyOnNewRequest:          croschema.Bool(m.NotifyOnNewRequest),
	}
}

func (o oapiNullableClient) create(ctx context.Context, customer int64, c croschema.CreateCustomerContact) (result, error) {
	body := oapinullable.CreateContactJSONRequestBody{
		Name: c.Name.Value, Email: nullableString(c.Email), Fax: nullableString(c.Fax), Number: nullableString(c.Number),
	}
	if err := errors.Join(
		oapiBool(c.NotifyOnAcknowledgedRequest, &body.NotifyOnAcknowledgedRequest, (*oapinullable.CreateContactJSONBody_NotifyOnAcknowledgedRequest).FromCreateContactJSONBodyNotifyOnAcknowledgedRequest0),
		oapiBool(c.NotifyOnCompletedRequest, &body.NotifyOnCompletedRequest, (*oapinullable.CreateContactJSONBody_NotifyOnCompletedRequest).FromCreateContactJSONBodyNotifyOnCompletedRequest0),
		oapiBool(c.NotifyOnDispatchedRequest, &body.NotifyOnDispatchedRequest, (*oapinullable.CreateContactJSONBody_NotifyOnDispatchedRequest).FromCreateContactJSONBodyNotifyOnDispatchedRequest0),
		oapiBool(c.NotifyOnFailedRequest, &body.NotifyOnFailedRequest, (*oapinullable.CreateContactJSONBody_NotifyOnFailedRequest).FromCreateContactJSONBodyNotifyOnFailedRequest0),
		oapiBool(c.NotifyOnNewRequest, &body.NotifyOnNewRequest, (*oapinullable.CreateContactJSONBody_NotifyOnNewRequest).FromCreateContactJSONBodyNotifyOnNewRequest0),
	); err != nil {
		return result{}, err
	}
	resp, err := o.c.CreateContactWithResponse(ctx, customer, &oapinullable.CreateContactParams{XTenantId: tenant}, body)
	if err != nil {
		return result{}, err
	}
	r := result{status: resp.StatusCode(), location: resp.HTTPResponse.Header.Get("Location")}
	if resp.JSON200 != nil {
		r.contact = fromOapiNullable(resp.JSON200)
	}
	return r, nil
}

func (o oapiNullableClient) get(ctx context.Context, customer, id int64) (result, error) {
	resp, err := o.c.GetContactWithResponse(ctx, customer, id, &oapinullable.GetContactParams{XTenantId: tenant})
	if err != nil {
		return result{}, err
	}
	r := result{status: resp.StatusCode()}
	if resp.JSON200 != nil {
		r.contact = fromOapiNullable(resp.JSON200)
	}
	return r, nil
}

// update sends u with the typed model: with nullable-type, null is a
// value of the field.
func (o oapiNullableClient) update(ctx context.Context, customer, id int64, u croschema.UpdateCustomerContact) (result, error) {
	body := oapinullable.UpdateContactJSONRequestBody{
		Name: oapiString(u.Name), Email: nullableString(u.Email), Fax: nullableString(u.Fax), Number: nullableString(u.Number),
	}
	if err := errors.Join(
		oapiBool(u.NotifyOnAcknowledgedRequest, &body.NotifyOnAcknowledgedRequest, (*oapinullable.UpdateCustomerContactModel_NotifyOnAcknowledgedRequest).FromUpdateCustomerContactModelNotifyOnAcknowledgedRequest0),
		oapiBool(u.NotifyOnCompletedRequest, &body.NotifyOnCompletedRequest, (*oapinullable.UpdateCustomerContactModel_NotifyOnCompletedRequest).FromUpdateCustomerContactModelNotifyOnCompletedRequest0),
		oapiBool(u.NotifyOnDispatchedRequest, &body.NotifyOnDispatchedRequest, (*oapinullable.UpdateCustomerContactModel_NotifyOnDispatchedRequest).FromUpdateCustomerContactModelNotifyOnDispatchedRequest0),
		oapiBool(u.NotifyOnFailedRequest, &body.NotifyOnFailedRequest, (*oapinullable.UpdateCustomerContactModel_NotifyOnFailedRequest).FromUpdateCustomerContactModelNotifyOnFailedRequest0),
		oapiBool(u.NotifyOnNewRequest, &body.NotifyOnNewRequest, (*oapinullable.UpdateCustomerContactModel_NotifyOnNewRequest).FromUpdateCustomerContactModelNotifyOnNewRequest0),
	); err != nil {
		return result{}, err
	}
	resp, err := o.c.UpdateContactWithResponse(ctx, customer, id, &oapinullable.UpdateContactParams{XTenantId: tenant}, body)
	if err != nil {
		return result{}, err
	}
	r := result{status: resp.StatusCode()}
	if resp.JSON200 != nil {
		r.contact = fromOapiNullable(resp.JSON200)
	}
	return r, nil
}
