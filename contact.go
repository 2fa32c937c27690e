package croschema

import "strconv"

// CustomerContact is CustomerContactModel, the body of the Get Contact
// response:
//
//	{"email":"shaneduty@gmail.com","fax":null,"id":1,"name":"George",
//	 "notify_on_acknowledged_request":false,"notify_on_completed_request":true,
//	 "notify_on_dispatched_request":true,"notify_on_failed_request":true,
//	 "notify_on_new_request":true,"number":"360-555-1212"}
//
// There are two ways in. [LintContact] checks raw bytes strictly and reports
// every violation of RULES.md. json.Unmarshal is tolerant, for clients reading
// responses: it accepts every boolean form, ignores unknown keys (a newer
// server must not break an older client) and fails only on what it cannot
// decode; call Validate afterwards for the value rules.
//
// The zero [CustomerContact] is not valid: its name is empty.
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
// POST /customers/{customer_id}/contacts: the keys of [CustomerContact] but
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
// fields of [CreateCustomerContact]. For a PATCH, absent ("leave it"), null
// ("clear it") and a value ("set it") are three different requests, and
// encoding writes back exactly the keys that are not absent.
type UpdateCustomerContact CreateCustomerContact

// LintContact checks data strictly as one CustomerContactModel document and
// returns the decoded value with every violation. The error is nil or a
// [Violations]; on a syntax error it holds that one violation and the value
// is zero, otherwise the value holds every key that decoded.
func LintContact(data []byte) (CustomerContact, error) {
	rec, vs := lint(data, contactModel)
	var c CustomerContact
	c.fromRecord(&rec)
	return c, vs.asError()
}

// LintCreateContact is [LintContact] for CreateCustomerContactModel.
func LintCreateContact(data []byte) (CreateCustomerContact, error) {
	rec, vs := lint(data, createModel)
	var c CreateCustomerContact
	c.fromRecord(&rec)
	return c, vs.asError()
}

// LintUpdateContact is [LintContact] for UpdateCustomerContactModel.
func LintUpdateContact(data []byte) (UpdateCustomerContact, error) {
	rec, vs := lint(data, updateModel)
	var c CreateCustomerContact
	c.fromRecord(&rec)
	return UpdateCustomerContact(c), vs.asError()
}

// Validate reports every value rule that c breaks: email list, fax, name
// and number lengths in characters, valid UTF-8. The error is nil or a
// [Violations]. It does not allocate when c is valid.
func (c *CustomerContact) Validate() error {
	var rec record
	c.toRecord(&rec)
	return contactModel.validateRecord(&rec, nil).asError()
}

// Validate reports every value rule that c breaks, including null where
// null is not allowed. The error is nil or a [Violations].
func (c *CreateCustomerContact) Validate() error {
	var rec record
	c.toRecord(&rec)
	return createModel.validateRecord(&rec, nil).asError()
}

// Validate reports every value rule that u breaks, including null where
// null is not allowed. The error is nil or a [Violations].
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

// UnmarshalJSON decodes tolerantly: see [CustomerContact]. The error is a
// [Violations] of the problems that stop decoding (syntax, type, bool,
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
// three is an error (a [Violations]), as Validate reports it.
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
// three is an error (a [Violations]), as Validate reports it.
func (u UpdateCustomerContact) MarshalJSON() ([]byte, error) {
	var rec record
	(*CreateCustomerContact)(&u).toRecord(&rec)
	if err := updateModel.checkPresence(&rec); err != nil {
		return nil, err
	}
	return updateModel.appendRecord(nil, &rec), nil
}

// AppendJSON appends the canonical JSON of u to dst, as
// [CreateCustomerContact]'s AppendJSON does.
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

// Apply applies the Update u onto dst, exactly the keys u carries, as
// RULES.md "Serving the API" says: a value sets, null clears (email, fax
// and number become null), an absent key leaves dst alone. null on a key
// that cannot be null (name, a boolean), which a valid Update never holds,
// leaves that key alone too. dst.ID is never changed. It does nothing when
// u or dst is nil.
func (u *UpdateCustomerContact) Apply(dst *CustomerContact) {
	if u == nil || dst == nil {
		return
	}
	var src, rec record
	(*CreateCustomerContact)(u).toRecord(&src)
	dst.toRecord(&rec)
	applyRecord(&rec, &src, updateModel)
	dst.fromRecord(&rec)
}

// Contact returns the contact that the Create c stores, as RULES.md
// "Serving the API" says: a new contact whose booleans are false and whose
// email, fax and number are null, with every key c carries applied onto
// it. Its ID is zero: the server assigns it.
//
// The error is nil or a [Violations]: every rule c breaks (c.Validate), then
// a required violation for each key a stored contact cannot do without
// that c lacks (name, field CreateCustomerContactModel.name: a valid
// Create without name cannot be stored, and a server answers it 400). A
// nil c is such a Create.
func (c *CreateCustomerContact) Contact() (CustomerContact, error) {
	var src, rec record
	if c != nil {
		c.toRecord(&src)
	}
	applyRecord(&rec, &src, createModel)
	var out CustomerContact
	out.fromRecord(&rec)
	vs := createModel.validateRecord(&src, nil)
	vs = appendUnstorable(createModel, contactModel, &src, vs)
	return out, vs.asError()
}

// applyRecord applies src, a record of the partial model m, onto dst, a
// record of CustomerContactModel, key by key: a value sets, null clears a
// key that may be null, absent leaves it.
func applyRecord(dst, src *record, m *model) {
	for i := range m.rules {
		j := m.full[i]
		switch src.state[i] {
		case PresenceValue:
			dst.state[j], dst.str[j], dst.num[j], dst.runes[j] = PresenceValue, src.str[i], src.num[i], src.runes[i]
		case PresenceNull:
			if contactModel.rules[j].nullable {
				dst.state[j], dst.str[j], dst.num[j], dst.runes[j] = PresenceNull, "", 0, 0
			}
		}
	}
}

// appendUnstorable appends a required violation for each key of the Create
// rec, of model req, that it lacks and that a stored resource, of model
// res, cannot do without: a key res requires, whose default is not null
// (it is not nullable) or false (it is not a boolean).
func appendUnstorable(req, res *model, rec *record, vs Violations) Violations {
	for i := range req.rules {
		if rec.state[i] != PresenceAbsent {
			continue
		}
		j := res.lookup([]byte(req.rules[i].key))
		if j < 0 {
			continue
		}
		r := &res.rules[j]
		if !r.required || r.nullable || r.kind == kindBool {
			continue
		}
		detail := "missing; a stored contact has no default for it"
		if r.kind == kindText {
			detail = "missing; a stored contact has a " + r.key + " of " + strconv.Itoa(r.min) + " to " + strconv.Itoa(r.max) + " characters"
		}
		vs = append(vs, req.violation(i, CodeRequired, detail))
	}
	return vs
}

func putBool(r *record, i int, b bool) {
	r.state[i], r.num[i] = PresenceValue, boolInt(b)
}
