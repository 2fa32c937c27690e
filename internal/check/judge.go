package check

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/internal/inert"
)

// A finding is one way one answer breaks one check.
type finding struct {
	check    *Check
	cause    string // what broke, the same for every answer that breaks it the same way
	expected string
	got      string
}

// A verdict is what the checks found of one answer: the checks that
// judged it, and their findings.
type verdict struct {
	applied  []*Check
	findings []finding
}

func (v *verdict) pass(c *Check) {
	if !slices.Contains(v.applied, c) {
		v.applied = append(v.applied, c)
	}
}

func (v *verdict) fail(c *Check, cause, expected, got string) {
	v.pass(c)
	for _, f := range v.findings {
		if f.check == c && f.cause == cause {
			return
		}
	}
	v.findings = append(v.findings, finding{c, cause, expected, got})
}

// failed reports whether the verdict holds a finding of c with cause.
func (v *verdict) has(c *Check, cause string) bool {
	for _, f := range v.findings {
		if f.check == c && f.cause == cause {
			return true
		}
	}
	return false
}

// judge judges the answer to r (resp, or the error that kept it from
// coming) against e, and what the session knows.
func (s *session) judge(r *Request, e *expectation, resp *Response, err error) *verdict {
	v := &verdict{}
	if err != nil {
		v.fail(NoServerError, e.label+": no answer", s.expectedText(e), "no answer: "+inert.Text(err.Error()))
		return v
	}
	status := resp.Status

	// The status, by the row that decides it.
	switch {
	case slices.Contains(e.statuses, status):
		v.pass(e.check)
		v.pass(NoServerError)
	case status >= 500 && status <= 599:
		v.fail(NoServerError, e.label+": "+strconv.Itoa(status), s.expectedText(e), gotText(resp))
	default:
		cause := e.label + ": want " + statusList(e.statuses) + ", got " + strconv.Itoa(status)
		if e.row == rowOK && status >= 400 && status <= 499 {
			if f := errorField(resp.Body); f != "" {
				cause += " naming " + f // one failure per key a server wrongly rejects
			}
		}
		v.fail(e.check, cause, s.expectedText(e), gotText(resp))
	}

	// What LintResponse finds, each under its check.
	_, herr := croschema.LintResponseHeaders(resp.Header)
	model := asViolations(herr)
	for _, x := range asViolations(croschema.LintResponse(&e.lint, status, resp.Header, resp.Body)) {
		c := s.classify(r, e, status, x, model)
		if c == nil {
			continue
		}
		loc := x.Location
		if loc == "" || loc[0] == '/' {
			loc = "body " + loc
		}
		v.fail(c, strings.TrimSpace(loc)+" "+string(x.Code), c.Doc, strconv.Itoa(status)+" to "+r.Method+": "+x.String())
	}
	for _, c := range []*Check{ResponseHeaders, HeaderEcho, CORS, NoTokenEcho} {
		v.pass(c)
	}
	switch {
	case status == http.StatusUnauthorized:
		v.pass(WWWAuthenticate)
	case r.Method == http.MethodHead:
		v.pass(Head)
	case r.Method == http.MethodOptions:
		v.pass(Options)
	}
	if status >= 400 && status <= 599 {
		v.pass(ErrorBody)
	}

	// The error body, when the request's violations decide it.
	if status == e.statuses[0] && e.errBody != nil && status >= 400 && status <= 499 && r.Method != http.MethodHead {
		s.judgeError(v, e, resp)
	}

	// The contact of a success.
	if status >= 200 && status <= 299 && r.Method != http.MethodHead && r.Method != http.MethodOptions {
		v.pass(SuccessBody)
		if status == e.statuses[0] && e.row == rowOK {
			s.judgeContact(v, r, e, resp)
		}
	}
	return v
}

// classify returns the check of one violation LintResponse found, or nil
// for one the engine judges itself (the status).
func (s *session) classify(r *Request, e *expectation, status int, x croschema.Violation, model croschema.Violations) *Check {
	switch loc := x.Location; {
	case loc == "status":
		return nil
	case x.Code == croschema.CodeEnum && strings.Contains(x.Detail, "bearer token"):
		return NoTokenEcho
	case loc == "" || loc[0] == '/':
		switch {
		case r.Method == http.MethodHead:
			return Head
		case status == http.StatusNoContent || status == http.StatusNotModified:
			return Options
		case status >= 200 && status <= 299:
			return SuccessBody
		}
		return ErrorBody
	case loc == "x-api-version" || loc == "x-request-id":
		if model.Has(loc, x.Code) {
			return ResponseHeaders
		}
		return HeaderEcho
	case loc == "www-authenticate":
		return WWWAuthenticate
	case loc == "location":
		return CreateStored
	case loc == "allow":
		switch {
		case status == http.StatusMethodNotAllowed:
			return MethodNotAllowed
		case r.Method == http.MethodOptions:
			return Options
		}
		return CORS
	case strings.HasPrefix(loc, "access-control-"):
		return CORS
	}
	return ResponseHeaders
}

// judgeError compares the error body of an answer with the one RULES.md
// gives the request's violations.
func (s *session) judgeError(v *verdict, e *expectation, resp *Response) {
	var got croschema.APIError
	if json.Unmarshal(resp.Body, &got) != nil || got.Detail == "" {
		return // the error body's shape is ErrorBody's
	}
	want := e.errBody
	v.pass(ErrorField)
	if got.Field != want.Field {
		v.fail(ErrorField, e.label+": field", "field "+nullText(want.Field), "field "+nullText(got.Field)+" in "+gotText(resp))
	}
	if e.first != nil && e.first.Code == croschema.CodeUnknownField && got.Detail != want.Detail {
		v.fail(ErrorField, e.label+": detail", "detail "+strconv.Quote(want.Detail), "detail "+strconv.Quote(inert.Text(got.Detail)))
	}
	v.pass(ErrorExact)
	same := func(w *croschema.APIError) bool {
		return w != nil && got.Detail == w.Detail && got.Explanation == w.Explanation
	}
	if got.Field == want.Field && !same(want) && !same(e.altBody) {
		what := "detail"
		if got.Detail == want.Detail {
			what = "explanation"
		}
		code := "request"
		if e.first != nil {
			code = string(e.first.Code)
		}
		v.fail(ErrorExact, what+" of the error body for "+code, string(want.AppendJSON(nil)), string(got.AppendJSON(nil)))
	}
}

// judgeContact compares the contact of a success with the one the
// session expects, and keeps what the server stored.
func (s *session) judgeContact(v *verdict, r *Request, e *expectation, resp *Response) {
	c, err := croschema.LintContact(resp.Body)
	if err != nil {
		return // SuccessBody's
	}
	k := key{e.params.CustomerID, c.ID}
	switch e.endpoint {
	case croschema.CreateContact:
		v.pass(CreateStored)
		v.pass(IDsUnique)
		if e.create != nil {
			want := *e.create
			want.ID = c.ID
			if diff := diffContacts(&want, &c); len(diff) > 0 {
				v.fail(CreateStored, "Create: "+s.describeCreate(r, diff), keysText(diff, &want), keysText(diff, &c)+" in "+gotText(resp))
			}
		}
		if s.seen[k] {
			v.fail(IDsUnique, "Create returned an id it returned before", "a new id for customer "+itoa(k.customer),
				"id "+itoa(c.ID)+", returned by an earlier Create of this run")
		}
	case croschema.UpdateContact:
		v.pass(PatchSemantics)
		if e.contact != nil {
			if diff := diffContacts(e.contact, &c); len(diff) > 0 {
				v.fail(PatchSemantics, "PATCH "+describeUpdate(e.update, diff), keysText(diff, e.contact)+" in "+contactText(e.contact),
					keysText(diff, &c)+" in "+gotText(resp))
			}
		}
	default:
		v.pass(GetStored)
		if e.contact != nil {
			if diff := diffContacts(e.contact, &c); len(diff) > 0 {
				k := key{e.params.CustomerID, e.params.CustomerContactID}
				v.fail(GetStored, "GET after "+s.lastOp[k]+": "+strings.Join(diff, ", ")+" differ",
					keysText(diff, e.contact)+" in "+contactText(e.contact), keysText(diff, &c)+" in "+gotText(resp))
			}
		}
	}
}

// diffContacts returns the keys whose values differ, in table order.
func diffContacts(want, got *croschema.CustomerContact) []string {
	if *want == *got {
		return nil
	}
	w, g := contactKeys(want), contactKeys(got)
	var out []string
	for _, r := range croschema.ModelCustomerContact.Rules() {
		if !bytes.Equal(w[r.Key], g[r.Key]) {
			out = append(out, r.Key)
		}
	}
	return out
}

// keysText renders the given keys of c: `"fax":null, "name":"x"`.
func keysText(keys []string, c *croschema.CustomerContact) string {
	m := contactKeys(c)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = strconv.Quote(k) + ":" + inert.Text(string(m[k]))
	}
	return strings.Join(parts, ", ")
}

func contactKeys(c *croschema.CustomerContact) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	_ = json.Unmarshal(c.AppendJSON(nil), &m)
	return m
}

// describeCreate says how the request gave each differing key: "name
// given", "fax left to its default".
func (s *session) describeCreate(r *Request, diff []string) string {
	body, _ := croschema.LintCreateContact(r.Body)
	given := presence(body.AppendJSON(nil))
	parts := make([]string, len(diff))
	for i, k := range diff {
		switch given[k] {
		case "":
			parts[i] = k + " left to its default"
		default:
			parts[i] = k + " " + given[k]
		}
	}
	return strings.Join(parts, ", ") + ": not stored as given"
}

// describeUpdate says what a PATCH did to each differing key: "email
// null", "fax set", "name omitted".
func describeUpdate(u *croschema.UpdateCustomerContact, diff []string) string {
	var given map[string]string
	if u != nil {
		given = presence(u.AppendJSON(nil))
	}
	parts := make([]string, len(diff))
	for i, k := range diff {
		switch g := given[k]; g {
		case "":
			parts[i] = k + " omitted"
		case "given":
			parts[i] = k + " set"
		default:
			parts[i] = k + " " + g
		}
	}
	return strings.Join(parts, ", ") + ": not applied as RULES.md says"
}

// presence maps each key of a canonical body to "null" or "given".
func presence(body []byte) map[string]string {
	var m map[string]json.RawMessage
	_ = json.Unmarshal(body, &m)
	out := map[string]string{}
	for k, raw := range m {
		if string(raw) == "null" {
			out[k] = "null"
		} else {
			out[k] = "given"
		}
	}
	return out
}

// expectedText renders what e expects.
func (s *session) expectedText(e *expectation) string {
	t := statusList(e.statuses)
	switch {
	case e.errBody != nil:
		t += " " + string(e.errBody.AppendJSON(nil))
	case e.create != nil:
		t += " " + contactText(e.create) + " (with the new id)"
	case e.contact != nil:
		t += " " + contactText(e.contact)
	}
	return t
}

func contactText(c *croschema.CustomerContact) string { return string(c.AppendJSON(nil)) }

// gotText renders an answer's status and body, cut to a readable length.
func gotText(resp *Response) string {
	t := strconv.Itoa(resp.Status)
	if len(resp.Body) > 0 {
		b := resp.Body
		more := ""
		if len(b) > 600 {
			b, more = b[:600], "... ("+strconv.Itoa(len(resp.Body))+" bytes)"
		}
		t += " " + inert.Text(string(b)) + more
	}
	return t
}

func statusList(ss []int) string {
	var out []string
	for _, s := range ss {
		if t := strconv.Itoa(s); !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	if len(out) == 1 {
		return out[0]
	}
	return strings.Join(out[:len(out)-1], ", ") + " or " + out[len(out)-1]
}

func nullText(n croschema.NullString) string {
	if !n.Valid {
		return "null"
	}
	return strconv.Quote(inert.Text(n.String))
}

// errorField returns the field an error body names, or "".
func errorField(body []byte) string {
	var e croschema.APIError
	if json.Unmarshal(body, &e) != nil || !e.Field.Valid {
		return ""
	}
	return inert.Text(e.Field.String)
}
