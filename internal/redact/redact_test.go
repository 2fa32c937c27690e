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
			got := New(tc.secrets...).String(tc.in)
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
			got := New(cred).String("<" + cred[i:j] + ">")
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
		if got := New(cred, "joins repeated").Quoted(tc.in); got != tc.want {
			t.Errorf("Quoted(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCredential(t *testing.T) {
	for in, want := range map[string]string{
		"Bearer abc.def":   "abc.def",
		"bearer   abc.def": "abc.def",
		"abc.def":          "abc.def",
		"Bearer ":          "Bearer",
		"  Bearer  x.y ":   "x.y",
		"":                 "",
	} {
		if got := Credential(in); got != want {
			t.Errorf("Credential(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFieldKeepsModelNames: a token that shares four characters with a
// model's name ("oNtA" with "CustomerContactModel") does not garble the
// model name in a field, while the key itself is still searched (found by
// crohttp's gopter property).
func TestFieldKeepsModelNames(t *testing.T) {
	s := New("xyzoNtAqrs")
	isModel := func(name string) bool { return name == "UpdateCustomerContactModel" }
	assert.Equal(t, "UpdateCustomerContactModel."+Mark+"z", s.Field("UpdateCustomerContactModel.zontaz", isModel))
	assert.Equal(t, "UpdateCustomerContactModel.name", s.Field("UpdateCustomerContactModel.name", isModel))
	assert.Equal(t, Mark+"B", s.Field("ONTAB", isModel), "a field with no model name is searched whole")
	assert.Equal(t, "C"+Mark+"ctModel.x", s.Field("ContactModel.x", isModel), "an unknown model name is searched")
}

// TestNilSet: a Set of no secret changes nothing.
func TestNilSet(t *testing.T) {
	for _, s := range []*Set{nil, New(), New("abc", ""), FromAuthorization("Bearer a.b")} {
		assert.Nil(t, s)
		assert.Equal(t, "text abcd", s.String("text abcd"))
		assert.Equal(t, `"abcd"`, s.Quoted(`"abcd"`))
		assert.False(t, s.Contains("abcd"))
	}
}

// TestDigitsOnly: a token of digits is found wherever it stands, quoted
// or not, by String; Quoted finds it in back quotes, as a detail sets a
// JSON number.
func TestDigitsOnly(t *testing.T) {
	s := FromAuthorization("Bearer 31415926535897932384")
	assert.Equal(t, "got "+Mark, s.String("got 31415926535897932384"))
	assert.Equal(t, "got `"+Mark+"`", s.Quoted("got `31415926535897932384`"))
	assert.Equal(t, "9 characters, at most 8", s.Quoted("9 characters, at most 8"))
	assert.True(t, s.Contains("x5926y"))
}

// TestStringAllocs: a text holding no piece of a secret costs no
// allocation, and comes back as it was.
func TestStringAllocs(t *testing.T) {
	s := New(cred)
	text := "/fax: min_length: 3 characters, at least 7 required"
	if n := testing.AllocsPerRun(100, func() { _ = s.String(text); _ = s.Quoted(text) }); n != 0 {
		t.Errorf("String and Quoted allocate %v times, want 0", n)
	}
}
