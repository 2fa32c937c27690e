package redact

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

const cred = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJl"

func TestString(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
		secrets        []string
	}{
		{"whole", "bad token " + cred + "!", "bad token [redacted]!", []string{cred}},
		{"cut at 64 bytes", `"Bearer ` + cred[:30] + `"...`, `"Bearer [redacted]"...`, []string{cred}},
		{"upper case", "field " + strings.ToUpper(cred), "field [redacted]", []string{cred}},
		{"a piece from the middle", "x" + cred[10:16] + "y", "x[redacted]y", []string{cred}},
		{"two pieces", cred[:5] + " and " + cred[20:30], "[redacted] and [redacted]", []string{cred}},
		{"three bytes are left", "abc" + cred[3:6] + ".", "abc" + cred[3:6] + ".", []string{cred}},
		{"nothing to do", "/fax: min_length: 3 characters", "/fax: min_length: 3 characters", []string{cred}},
		{"short secret ignored", "token a.b here", "token a.b here", []string{"a.b"}},
		{"no secret", "text", "text", nil},
		{"empty secret", "text", "text", []string{""}},
		{"several secrets", "one abcdef two uvwxyz", "one [redacted] two [redacted]", []string{"abcdef", "uvwxyz"}},
		{"not cutting a character", "é" + "ab" + "\u00e9cd", "[redacted]", []string{"\u00e9ab\u00e9cd"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := String(tc.in, tc.secrets...)
			if got != tc.want {
				t.Errorf("String(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if !utf8.ValidString(got) {
				t.Errorf("String(%q) = %q: invalid UTF-8", tc.in, got)
			}
		})
	}
}

// TestStringNoRunLeft checks the law: after String, no run of MinRun bytes
// of the secret is left, whatever piece of it the text held.
func TestStringNoRunLeft(t *testing.T) {
	for i := 0; i < len(cred); i++ {
		for j := i + MinRun; j <= len(cred); j++ {
			got := String("<"+cred[i:j]+">", cred)
			for k := 0; k+MinRun <= len(cred); k++ {
				if strings.Contains(strings.ToLower(got), strings.ToLower(cred[k:k+MinRun])) {
					t.Fatalf("String(%q) = %q holds %q", cred[i:j], got, cred[k:k+MinRun])
				}
			}
		}
	}
}

func TestQuoted(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`"Bearer ` + cred[:40] + `"... is not a UUID`, `"Bearer [redacted]"... is not a UUID`},
		{`value 2: "` + cred + `" is not an integer`, `value 2: "[redacted]" is not an integer`},
		{`item 1 is not a valid email address: "` + cred[3:20] + `@x.com"`, `item 1 is not a valid email address: "[redacted]@x.com"`},
		// The words outside quotes stay, even when the token holds them.
		{`given 2 times; send it once (the server joins repeated values with ",")`, `given 2 times; send it once (the server joins repeated values with ",")`},
		{`"a\"b` + cred[:8] + `" and "cut ` + cred, `"a\"b[redacted]" and "cut [redacted]`},
		{`in any letter case, got "` + cred[:50] + `...`, `in any letter case, got "[redacted]...`},
	} {
		if got := Quoted(tc.in, cred, "joins repeated"); got != tc.want {
			t.Errorf("Quoted(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCredential(t *testing.T) {
	for in, want := range map[string]string{
		"Bearer abc.def":   "abc.def",
		"bearer   abc.def": "abc.def",
		"abc.def":          "abc.def",
		"Bearer ":          "Bearer ",
		"":                 "",
	} {
		if got := Credential(in); got != want {
			t.Errorf("Credential(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestViolationKeepsModelNames: a token that shares four characters with a
// model's name ("oNtA" with "CustomerContactModel") garbles neither the
// model name in an unknown key's field nor a known key's field, while the
// input key itself is still searched (found by crohttp's gopter property).
func TestViolationKeepsModelNames(t *testing.T) {
	secrets := []string{"xyzoNtAqrs"}
	loc, field, detail := "/zontaz", "UpdateCustomerContactModel.zontaz", "unknown field"
	assert.True(t, Violation(&loc, &field, &detail, secrets, true))
	assert.Equal(t, "/"+Mark+"z", loc)
	assert.Equal(t, "UpdateCustomerContactModel."+Mark+"z", field)
	assert.Equal(t, "unknown field", detail)

	loc, field, detail = "/name", "UpdateCustomerContactModel.name", "must not be null"
	assert.False(t, Violation(&loc, &field, &detail, secrets, false))
	assert.Equal(t, "UpdateCustomerContactModel.name", field)

	loc, field = "/ONTAB", "ONTAB" // a field with no model name is searched whole
	assert.True(t, Violation(&loc, &field, &detail, secrets, true))
	assert.Equal(t, Mark+"B", field)
}
