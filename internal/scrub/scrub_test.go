package scrub

import (
	"net/http"
	"strings"
	"testing"

	"github.com/croschema/croschema"
)

// TestViolations checks what is searched: quoted values and unknown keys;
// and what is not: the package's own words, a known key's location and
// field, even when the token shares four characters with them.
func TestViolations(t *testing.T) {
	secrets := Secrets(http.Header{"authorization": {"Bearer xnotify_onx.emailQQ.secretZZ9"}})
	if len(secrets) != 1 || secrets[0] != "xnotify_onx.emailQQ.secretZZ9" {
		t.Fatalf("Secrets = %q", secrets)
	}
	in := croschema.Violations{
		{Location: "/notify_on_new_request", Field: "CustomerContactModel.notify_on_new_request", Code: croschema.CodeBool,
			Detail: `want true, false, 0, 1 or a string "0", "1", "true", "false" in any letter case, got "secretZZ9"`},
		{Location: "/emailQQ.secretZZ9", Field: "CustomerContactModel.emailQQ.secretZZ9", Code: croschema.CodeUnknownField, Detail: "unknown field"},
		{Location: "/email", Field: "CustomerContactModel.email", Code: croschema.CodeEmail, Detail: `item 1 is not a valid email address: "a@b"`},
	}
	orig := append(croschema.Violations(nil), in...)
	got := Violations(in, secrets)
	want := croschema.Violations{
		{Location: "/notify_on_new_request", Field: "CustomerContactModel.notify_on_new_request", Code: croschema.CodeBool,
			Detail: `want true, false, 0, 1 or a string "0", "1", "true", "false" in any letter case, got "[redacted]"`},
		// The key is searched, the model's name before it is not (".ema"
		// is a run of the token, but the dot belongs to the field's form).
		{Location: "/[redacted]", Field: "CustomerContactModel.[redacted]", Code: croschema.CodeUnknownField, Detail: "unknown field"},
		in[2],
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("violation %d = %#v, want %#v", i, got[i], want[i])
		}
	}
	for i := range in {
		if in[i] != orig[i] {
			t.Errorf("the input was changed: %+v", in[i])
		}
	}
	if same := Violations(orig[2:], secrets); &same[0] != &orig[2] {
		t.Error("nothing to remove: want the same slice back")
	}
}

// TestAPIErrorKeepsModelNames: a server's field keeps its model's name
// whatever the token holds; its key, detail and explanation are searched.
func TestAPIErrorKeepsModelNames(t *testing.T) {
	secrets := []string{"QQcUsToMeRzz"}
	e := &croschema.APIError{Detail: "no QQcUs here", Field: croschema.NewNullString("CreateCustomerContactModel.xxcustomer"),
		Explanation: croschema.NewNullString("StandardRequestHeadersModel.x-request-id: uuid: \"ustom\"")}
	APIError(e, secrets)
	if want := "CreateCustomerContactModel.xx[redacted]"; e.Field.String != want {
		t.Errorf("field = %q, want %q", e.Field.String, want)
	}
	if want := "no [redacted] here"; e.Detail != want {
		t.Errorf("detail = %q, want %q", e.Detail, want)
	}
	if strings.Contains(e.Explanation.String, "ustom") {
		t.Errorf("explanation = %q still holds a run of the token", e.Explanation.String)
	}
	f := &croschema.APIError{Field: croschema.NewNullString("Customer.x")}
	APIError(f, secrets)
	if f.Field.String != "[redacted].x" {
		t.Errorf("a field of no known model is searched whole: %q", f.Field.String)
	}
}
