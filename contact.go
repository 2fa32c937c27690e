package croschema

// CustomerContact is CustomerContactModel, the body of the Get Contact
// response:
//
//	{"email":"shaneduty@gmail.com","fax":null,"id":1,"name":"George",
//	 "notify_on_acknowledged_request":false,"notify_on_completed_request":true,
//	 "notify_on_dispatched_request":true,"notify_on_failed_request":true,
//	 "notify_on_new_request":true,"number":"360-555-1212"}
//
// There are two ways in. LintContact checks raw bytes strictly and reports
// every violation of RULES.md. json.Unmarshal is tolerant, for clients reading
// responses: it accepts every boolean form, ignores unknown keys (a newer
// server must not break an older client) and fails only on what it cannot
// decode; call Validate afterwards for the value rules.
//
// The zero CustomerContact is not valid: its name is empty.
type CustomerContact struct {
	Email                       NullString `json:"email" validate:"cro_email" binding:"cro_email"`
	Fax                         NullString `json:"fax" validate:"cro_fax" binding:"cro_fax"`
	ID                          int64      `json:"id" validate:"cro_id" binding:"cro_id"`
	Name                        string     `json:"name" validate:"cro_name" binding:"cro_name"`
	NotifyOnAcknowledgedRequest Bool       `json:"notify_on_acknowledged_request" validate:"cro_bool" binding:"cro_bool"`
	NotifyOnCompletedRequest    Bool       `json:"notify_on_completed_request" validate:"cro_bool" binding:"cro_bool"`
	NotifyOnDispatchedRequest   Bool       `json:"notify_on_dispatched_request" validate:"cro_bool" binding:"cro_bool"`
	NotifyOnFailedRequest       Bool       `json:"notify_on_failed_request" validate:"cro_bool" binding:"cro_bool"`
	NotifyOnNewRequest          Bool       `json:"notify_on_new_request" validate:"cro_bool" binding:"cro_bool"`
	Number                      NullString `json:"number" validate:"cro_number" binding:"cro_number"`
}

// CreateCustomerContact is CreateCustomerContactModel, the body of
// POST /customers/{customer_id}/contacts: the keys of CustomerContact but
// id, every one optional, each absent, null or set (see Optional). null is
// allowed for email, fax and number only; Validate reports it elsewhere.
type CreateCustomerContact struct {
	Email                       Optional[string] `json:"email,omitzero" validate:"cro_email" binding:"cro_email"`
	Fax                         Optional[string] `json:"fax,omitzero" validate:"cro_fax" binding:"cro_fax"`
	Name                        Optional[string] `json:"name,omitzero" validate:"cro_name" binding:"cro_name"`
	NotifyOnAcknowledgedRequest Optional[bool]   `json:"notify_on_acknowledged_request,omitzero" validate:"cro_bool" binding:"cro_bool"`
	NotifyOnCompletedRequest    Optional[bool]   `json:"notify_on_completed_request,omitzero" validate:"cro_bool" binding:"cro_bool"`
	NotifyOnDispatchedRequest   Optional[bool]   `json:"notify_on_dispatched_request,omitzero" validate:"cro_bool" binding:"cro_bool"`
	NotifyOnFailedRequest       Optional[bool]   `json:"notify_on_failed_request,omitzero" validate:"cro_bool" binding:"cro_bool"`
	NotifyOnNewRequest          Optional[bool]   `json:"notify_on_new_request,omitzero" validate:"cro_bool" binding:"cro_bool"`
	Number                      Optional[string] `json:"number,omitzero" validate:"cro_number" binding:"cro_number"`
}

// UpdateCustomerContact is UpdateCustomerContactModel, the body of
// PATCH /customers/{customer_id}/contacts/{customer_contact_id}. It has the
// fields of CreateCustomerContact. For a PATCH, absent ("leave it"), null
// ("clear it") and a value ("set it") are three different requests, and
// encoding writes back exactly the keys that are not absent.
type UpdateCustomerContact CreateCustomerContact

// LintContact checks data strictly as one CustomerContactModel document and
// returns the decoded value with every violation. The error is nil or a
// Violations; on a syntax error it holds that one violation and the value
// is zero, otherwise the value holds every key that decoded.
func LintContact(data []byte) (CustomerContact, error) {
	rec, vs := lint(data, contactModel)
	var c CustomerContact
	c.fromRecord(&rec)
	return c, vs.asError()
}

// LintCreateContact is LintContact for CreateCustomerContactModel.
func LintCreateContact(data []byte) (CreateCustomerContact, error) {
	rec, vs := lint(data, createModel)
	var c CreateCustomerContact
	c.fromRecord(&rec)
	return c, vs.asError()
}

// LintUpdateContact is LintContact for UpdateCustomerContactModel.
func LintUpdateContact(data []byte) (UpdateCustomerContact, error) {
	rec, vs := lint(data, updateModel)
	var c CreateCustomerContact
	c.fromRecord(&rec)
	return UpdateCustomerContact(c), vs.asError()
}

// Validate reports every value rule that c breaks: email list, fax, name
// and number lengths in characters, valid UTF-8. The error is nil or a
// Violations. It does not allocate when c is valid.
func (c *CustomerContact) Validate() error {
	var rec record
	c.toRecord(&rec)
	return contactModel.validateRecord(&rec, nil).asError()
}

// Validate reports every value rule that c breaks, including null where
// null is not allowed. The error is nil or a Violations.
func (c *CreateCustomerContact) Validate() error {
	var rec record
	c.toRecord(&rec)
	return createModel.validateRecord(&rec, nil).asError()
}

// Validate reports every value rule that u breaks, including null where
// null is not allowed. The error is nil or a Violations.
func (u *UpdateCustomerContact) Validate() error {
	var rec record
	(*CreateCustomerContact)(u).toRecord(&rec)
	return updateModel.validateRecord(&rec, nil).asError()
}

// MarshalJSON returns the canonical JSON of c: every key, in the documented
// order, booleans as true/false, no insignificant space.
func (c CustomerContact) MarshalJSON() ([]byte, error) { return c.AppendJSON(nil), nil }

// AppendJSON appends the canonical JSON of c to dst.
func (c *CustomerContact) AppendJSON(dst []byte) []byte {
	var rec record
	c.toRecord(&rec)
	return contactModel.appendRecord(dst, &rec)
}

// UnmarshalJSON decodes tolerantly: see CustomerContact. The error is a
// Violations of the problems that stop decoding (syntax, type, bool,
// integer). JSON null leaves c unchanged, as encoding/json does for a
// struct ({"contact":null}, [null]).
func (c *CustomerContact) UnmarshalJSON(data []byte) error {
	if isJSONNull(data) {
		return nil
	}
	rec, err := decodeTolerant(data, contactModel)
	if err != nil {
		return err
	}
	c.fromRecord(&rec)
	return nil
}

// MarshalJSON returns the canonical JSON of c: the keys that are not
// absent, in the documented order. A key whose Presence is none of the
// three is an error (a Violations), as Validate reports it.
func (c CreateCustomerContact) MarshalJSON() ([]byte, error) {
	var rec record
	c.toRecord(&rec)
	if err := createModel.checkPresence(&rec); err != nil {
		return nil, err
	}
	return createModel.appendRecord(nil, &rec), nil
}

// AppendJSON appends the canonical JSON of c to dst; a key whose Presence
// is none of the three is written as null (MarshalJSON and Validate report
// it).
func (c *CreateCustomerContact) AppendJSON(dst []byte) []byte {
	var rec record
	c.toRecord(&rec)
	return createModel.appendRecord(dst, &rec)
}

// UnmarshalJSON decodes tolerantly, keeping absent, null and set apart.
// JSON null leaves c unchanged, as encoding/json does for a struct.
func (c *CreateCustomerContact) UnmarshalJSON(data []byte) error {
	if isJSONNull(data) {
		return nil
	}
	rec, err := decodeTolerant(data, createModel)
	if err != nil {
		return err
	}
	*c = CreateCustomerContact{}
	c.fromRecord(&rec)
	return nil
}

// MarshalJSON returns the canonical JSON of u: exactly the keys that are
// not absent, in the documented order. A key whose Presence is none of the
// three is an error (a Violations), as Validate reports it.
func (u UpdateCustomerContact) MarshalJSON() ([]byte, error) {
	var rec record
	(*CreateCustomerContact)(&u).toRecord(&rec)
	if err := updateModel.checkPresence(&rec); err != nil {
		return nil, err
	}
	return updateModel.appendRecord(nil, &rec), nil
}

// AppendJSON appends the canonical JSON of u to dst, as
// CreateCustomerContact's AppendJSON does.
func (u *UpdateCustomerContact) AppendJSON(dst []byte) []byte {
	var rec record
	(*CreateCustomerContact)(u).toRecord(&rec)
	return updateModel.appendRecord(dst, &rec)
}

// UnmarshalJSON decodes tolerantly, keeping absent, null and set apart.
// JSON null leaves u unchanged, as encoding/json does for a struct.
func (u *UpdateCustomerContact) UnmarshalJSON(data []byte) error {
	if isJSONNull(data) {
		return nil
	}
	rec, err := decodeTolerant(data, updateModel)
	if err != nil {
		return err
	}
	var c CreateCustomerContact
	c.fromRecord(&rec)
	*u = UpdateCustomerContact(c)
	return nil
}

// The slots of CustomerContactModel, in table order; TestTableMatchesStructs checks
// every one against the table.
const (
	contactEmail = iota
	contactFax
	contactID
	contactName
	contactNotifyAck
	contactNotifyCompleted
	contactNotifyDispatched
	contactNotifyFailed
	contactNotifyNew
	contactNumber
)

// The slots of the create and update models: every key but id, in table
// order; TestTableMatchesStructs checks them too.
const (
	partialEmail = iota
	partialFax
	partialName
	partialNotifyAck
	partialNotifyCompleted
	partialNotifyDispatched
	partialNotifyFailed
	partialNotifyNew
	partialNumber
)

func (c *CustomerContact) toRecord(r *record) {
	c.Email.put(r, contactEmail)
	c.Fax.put(r, contactFax)
	r.state[contactID], r.num[contactID] = PresenceValue, c.ID
	r.state[contactName], r.str[contactName] = PresenceValue, c.Name
	putBool(r, contactNotifyAck, bool(c.NotifyOnAcknowledgedRequest))
	putBool(r, contactNotifyCompleted, bool(c.NotifyOnCompletedRequest))
	putBool(r, contactNotifyDispatched, bool(c.NotifyOnDispatchedRequest))
	putBool(r, contactNotifyFailed, bool(c.NotifyOnFailedRequest))
	putBool(r, contactNotifyNew, bool(c.NotifyOnNewRequest))
	c.Number.put(r, contactNumber)
}

func (c *CustomerContact) fromRecord(r *record) {
	c.Email.get(r, contactEmail)
	c.Fax.get(r, contactFax)
	c.ID = r.num[contactID]
	c.Name = r.str[contactName]
	c.NotifyOnAcknowledgedRequest = r.num[contactNotifyAck] != 0
	c.NotifyOnCompletedRequest = r.num[contactNotifyCompleted] != 0
	c.NotifyOnDispatchedRequest = r.num[contactNotifyDispatched] != 0
	c.NotifyOnFailedRequest = r.num[contactNotifyFailed] != 0
	c.NotifyOnNewRequest = r.num[contactNotifyNew] != 0
	c.Number.get(r, contactNumber)
}

func (c *CreateCustomerContact) toRecord(r *record) {
	c.Email.put(r, partialEmail)
	c.Fax.put(r, partialFax)
	c.Name.put(r, partialName)
	c.NotifyOnAcknowledgedRequest.put(r, partialNotifyAck)
	c.NotifyOnCompletedRequest.put(r, partialNotifyCompleted)
	c.NotifyOnDispatchedRequest.put(r, partialNotifyDispatched)
	c.NotifyOnFailedRequest.put(r, partialNotifyFailed)
	c.NotifyOnNewRequest.put(r, partialNotifyNew)
	c.Number.put(r, partialNumber)
}

func (c *CreateCustomerContact) fromRecord(r *record) {
	c.Email.get(r, partialEmail)
	c.Fax.get(r, partialFax)
	c.Name.get(r, partialName)
	c.NotifyOnAcknowledgedRequest.get(r, partialNotifyAck)
	c.NotifyOnCompletedRequest.get(r, partialNotifyCompleted)
	c.NotifyOnDispatchedRequest.get(r, partialNotifyDispatched)
	c.NotifyOnFailedRequest.get(r, partialNotifyFailed)
	c.NotifyOnNewRequest.get(r, partialNotifyNew)
	c.Number.get(r, partialNumber)
}

func putBool(r *record, i int, b bool) {
	r.state[i], r.num[i] = PresenceValue, boolInt(b)
}
