package genclients_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/internal/genclients/oapiclient"
)

// oapiAuth sets the bearer token on every request of an oapi-codegen
// client: it generates no security source.
func oapiAuth(_ context.Context, req *http.Request) error {
	req.Header.Set("Authorization", "Bearer "+token)
	return nil
}

func TestOapiCodegenClient(t *testing.T) {
	srv := newServer(t, room)
	c, err := oapiclient.NewClientWithResponses(srv.URL, oapiclient.WithHTTPClient(srv.Client()),
		oapiclient.WithRequestEditorFn(oapiAuth))
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, oapiClient{c})
}

// Without nullable-type, a nullable key of an Update is a pointer and nil
// leaves it out: the typed UpdateContact cannot send null, and the key is
// left alone. (oapiClient.update sends null with UpdateContactWithBody.)
func TestOapiCodegenTypedUpdateCannotClear(t *testing.T) {
	srv := newServer(t, room)
	c, err := oapiclient.NewClientWithResponses(srv.URL, oapiclient.WithHTTPClient(srv.Client()),
		oapiclient.WithRequestEditorFn(oapiAuth))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	fax := "+1 555 0100"
	created, err := c.CreateContactWithResponse(ctx, 1, &oapiclient.CreateContactParams{XTenantId: tenant},
		oapiclient.CreateContactJSONRequestBody{Name: "Ann", Fax: &fax})
	if err != nil || created.JSON200 == nil {
		t.Fatalf("create: %v %v", err, created.Status())
	}
	updated, err := c.UpdateContactWithResponse(ctx, 1, created.JSON200.Id, &oapiclient.UpdateContactParams{XTenantId: tenant},
		oapiclient.UpdateContactJSONRequestBody{Fax: nil})
	if err != nil || updated.JSON200 == nil {
		t.Fatalf("update: %v %v", err, updated.Status())
	}
	if got := updated.JSON200.Fax; got == nil || *got != fax {
		t.Errorf("fax after an Update with Fax nil: %v, want %q left alone", got, fax)
	}
}

type oapiClient struct {
	c *oapiclient.ClientWithResponses
}

// fromOapi is the contact oapi-codegen decoded, as croschema's value.
func fromOapi(m *oapiclient.CustomerContactModel) croschema.CustomerContact {
	str := func(s *string) croschema.NullString {
		if s == nil {
			return croschema.NullString{}
		}
		return croschema.NewNullString(*s)
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

// oapiString is a value of o as a pointer; nil for absent and null alike.
func oapiString(o croschema.Optional[string]) *string {
	if v, ok := o.Get(); ok {
		return &v
	}
	return nil
}

// oapiBool sets a boolean union of a request body to the JSON boolean of
// o when o has a value.
func oapiBool[U any](o croschema.Optional[bool], dst **U, from func(*U, bool) error) error {
	v, ok := o.Get()
	if !ok {
		return nil
	}
	var u U
	*dst = &u
	return from(&u, v)
}

func (o oapiClient) create(ctx context.Context, customer int64, c croschema.CreateCustomerContact) (result, error) {
	body := oapiclient.CreateContactJSONRequestBody{
		Name: c.Name.Value, Email: oapiString(c.Email), Fax: oapiString(c.Fax), Number: oapiString(c.Number),
	}
	if err := errors.Join(
		oapiBool(c.NotifyOnAcknowledgedRequest, &body.NotifyOnAcknowledgedRequest, (*oapiclient.CreateContactJSONBody_NotifyOnAcknowledgedRequest).FromCreateContactJSONBodyNotifyOnAcknowledgedRequest0),
		oapiBool(c.NotifyOnCompletedRequest, &body.NotifyOnCompletedRequest, (*oapiclient.CreateContactJSONBody_NotifyOnCompletedRequest).FromCreateContactJSONBodyNotifyOnCompletedRequest0),
		oapiBool(c.NotifyOnDispatchedRequest, &body.NotifyOnDispatchedRequest, (*oapiclient.CreateContactJSONBody_NotifyOnDispatchedRequest).FromCreateContactJSONBodyNotifyOnDispatchedRequest0),
		oapiBool(c.NotifyOnFailedRequest, &body.NotifyOnFailedRequest, (*oapiclient.CreateContactJSONBody_NotifyOnFailedRequest).FromCreateContactJSONBodyNotifyOnFailedRequest0),
		oapiBool(c.NotifyOnNewRequest, &body.NotifyOnNewRequest, (*oapiclient.CreateContactJSONBody_NotifyOnNewRequest).FromCreateContactJSONBodyNotifyOnNewRequest0),
	); err != nil {
		return result{}, err
	}
	resp, err := o.c.CreateContactWithResponse(ctx, customer, &oapiclient.CreateContactParams{XTenantId: tenant}, body)
	if err != nil {
		return result{}, err
	}
	r := result{status: resp.StatusCode(), location: resp.HTTPResponse.Header.Get("Location")}
	if resp.JSON200 != nil {
		r.contact = fromOapi(resp.JSON200)
	}
	return r, nil
}

func (o oapiClient) get(ctx context.Context, customer, id int64) (result, error) {
	resp, err := o.c.GetContactWithResponse(ctx, customer, id, &oapiclient.GetContactParams{XTenantId: tenant})
	if err != nil {
		return result{}, err
	}
	r := result{status: resp.StatusCode()}
	if resp.JSON200 != nil {
		r.contact = fromOapi(resp.JSON200)
	}
	return r, nil
}

// update sends u with the typed model when it holds no null. A null
// needs the untyped UpdateContactWithBody: the typed body, with the null
// keys added.
func (o oapiClient) update(ctx context.Context, customer, id int64, u croschema.UpdateCustomerContact) (result, error) {
	body := oapiclient.UpdateContactJSONRequestBody{
		Name: oapiString(u.Name), Email: oapiString(u.Email), Fax: oapiString(u.Fax), Number: oapiString(u.Number),
	}
	if err := errors.Join(
		oapiBool(u.NotifyOnAcknowledgedRequest, &body.NotifyOnAcknowledgedRequest, (*oapiclient.UpdateCustomerContactModel_NotifyOnAcknowledgedRequest).FromUpdateCustomerContactModelNotifyOnAcknowledgedRequest0),
		oapiBool(u.NotifyOnCompletedRequest, &body.NotifyOnCompletedRequest, (*oapiclient.UpdateCustomerContactModel_NotifyOnCompletedRequest).FromUpdateCustomerContactModelNotifyOnCompletedRequest0),
		oapiBool(u.NotifyOnDispatchedRequest, &body.NotifyOnDispatchedRequest, (*oapiclient.UpdateCustomerContactModel_NotifyOnDispatchedRequest).FromUpdateCustomerContactModelNotifyOnDispatchedRequest0),
		oapiBool(u.NotifyOnFailedRequest, &body.NotifyOnFailedRequest, (*oapiclient.UpdateCustomerContactModel_NotifyOnFailedRequest).FromUpdateCustomerContactModelNotifyOnFailedRequest0),
		oapiBool(u.NotifyOnNewRequest, &body.NotifyOnNewRequest, (*oapiclient.UpdateCustomerContactModel_NotifyOnNewRequest).FromUpdateCustomerContactModelNotifyOnNewRequest0),
	); err != nil {
		return result{}, err
	}
	var nulls []string
	for key, o := range map[string]croschema.Optional[string]{"email": u.Email, "fax": u.Fax, "number": u.Number} {
		if o.IsNull() {
			nulls = append(nulls, key)
		}
	}
	params := &oapiclient.UpdateContactParams{XTenantId: tenant}
	var resp *oapiclient.UpdateContactResponse
	var err error
	if len(nulls) == 0 {
		resp, err = o.c.UpdateContactWithResponse(ctx, customer, id, params, body)
	} else {
		var raw []byte
		if raw, err = withNulls(body, nulls); err != nil {
			return result{}, err
		}
		resp, err = o.c.UpdateContactWithBodyWithResponse(ctx, customer, id, params, "application/json", bytes.NewReader(raw))
	}
	if err != nil {
		return result{}, err
	}
	r := result{status: resp.StatusCode()}
	if resp.JSON200 != nil {
		r.contact = fromOapi(resp.JSON200)
	}
	return r, nil
}

// withNulls returns the JSON of body with each of keys set to null.
func withNulls(body any, keys []string) ([]byte, error) {
	data, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return nil, err
	}
	for _, k := range keys {
		obj[k] = json.RawMessage("null")
	}
	return json.Marshal(obj)
}
