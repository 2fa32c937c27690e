package croschema

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The tests of this file check the internals of the rule tables; the
// API-level tests are in package croschema_test.

// TestTableMatchesStructs proves the struct tags are the rule table's: each model type has one field per rule, in order, whose
// json name is the rule's key and whose validate and binding tags (the
// latter for gin, whose validator reads binding:) are the rule's tag.
func TestTableMatchesStructs(t *testing.T) {
	for _, tc := range []struct {
		m   *model
		typ reflect.Type
	}{
		{contactModel, reflect.TypeFor[CustomerContact]()},
		{createModel, reflect.TypeFor[CreateCustomerContact]()},
		{updateModel, reflect.TypeFor[UpdateCustomerContact]()},
		{errorModel, reflect.TypeFor[APIError]()},
	} {
		var fields []reflect.StructField
		for i := 0; i < tc.typ.NumField(); i++ {
			if f := tc.typ.Field(i); f.Tag.Get("json") != "-" {
				fields = append(fields, f)
			}
		}
		require.Len(t, fields, len(tc.m.rules), "%s", tc.typ)
		for i, f := range fields {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			assert.Equal(t, tc.m.rules[i].key, name, "%s.%s json name", tc.typ, f.Name)
			assert.Equal(t, tc.m.rules[i].tag, f.Tag.Get("validate"), "%s.%s validate tag", tc.typ, f.Name)
			assert.Equal(t, tc.m.rules[i].tag, f.Tag.Get("binding"), "%s.%s binding tag", tc.typ, f.Name)
		}
	}
	// rows that share a tag must share the rule it checks
	byTag := map[string]rule{}
	for _, m := range []*model{contactModel, errorModel} {
		for _, r := range m.rules {
			r.key, r.doc = "", ""
			if prev, ok := byTag[r.tag]; ok {
				assert.Equal(t, prev, r, "rows with tag %s differ", r.tag)
			}
			byTag[r.tag] = r
		}
	}
}

func TestAsError(t *testing.T) {
	assert.Nil(t, Violations(nil).asError(), "no violations is a nil error, not a non-nil empty list")
	assert.Nil(t, Violations{}.asError())
	require.Error(t, Violations{{Code: CodeSyntax}}.asError())
}

// TestHeaderModels checks what the header tables derive: the canonical
// keys, and the bound that lets a record be an array.
func TestHeaderModels(t *testing.T) {
	for _, m := range []*headerModel{requestHeaderModel, responseHeaderModel} {
		assert.LessOrEqual(t, len(m.rules), maxHeaderRules)
		for _, r := range m.rules {
			assert.Equal(t, http.CanonicalHeaderKey(r.Name), r.key)
		}
	}
}

// TestPresenceMasks: the SWAR masks of validateRecord's fast path say of
// each slot what comparing its Presence says, for every Presence byte in
// every slot.
func TestPresenceMasks(t *testing.T) {
	require.LessOrEqual(t, len(record{}.state), 32, "the masks are uint32")
	states := []Presence{PresenceAbsent, PresenceNull, PresenceValue, 3, 0x7f, 0x80, 0x82, 0xff}
	for slot := range maxFields {
		for _, fill := range states {
			for st := range 256 {
				var r record
				for i := range r.state {
					r.state[i] = fill
				}
				r.state[slot] = Presence(st)
				absent, null, invalid := r.presenceMasks()
				for i, p := range r.state {
					if got, want := absent>>i&1 == 1, p == PresenceAbsent; got != want {
						t.Fatalf("state %v: absent bit %d = %v", r.state, i, got)
					}
					if got, want := null>>i&1 == 1, p == PresenceNull; got != want {
						t.Fatalf("state %v: null bit %d = %v", r.state, i, got)
					}
					if got, want := invalid>>i&1 == 1, p > PresenceValue; got != want {
						t.Fatalf("state %v: invalid bit %d = %v", r.state, i, got)
					}
				}
			}
		}
	}
}

// TestKeysArePlain: every key of every table is plain ASCII with no quote,
// backslash or control character, as the decoder's keyAt assumes when it
// takes the raw bytes of an expected key for the whole key.
func TestKeysArePlain(t *testing.T) {
	for _, m := range []*model{contactModel, createModel, updateModel, errorModel} {
		for _, r := range m.rules {
			for i := 0; i < len(r.key); i++ {
				if c := r.key[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' {
					t.Errorf("%s: key %q holds %q", m.name, r.key, c)
				}
			}
		}
	}
}
