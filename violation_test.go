package croschema_test

import (
	"errors"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/croschema/croschema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestViolationsError(t *testing.T) {
	vs := croschema.Violations{
		{Location: "/fax", Field: "CustomerContactModel.fax", Code: croschema.CodeMaxLength, Detail: "16 characters, at most 15 allowed"},
		{Location: "", Field: "CustomerContactModel", Code: croschema.CodeSyntax, Detail: "unexpected end of input"},
	}
	assert.Equal(t, `croschema: 2 violations: /fax: max_length: 16 characters, at most 15 allowed; "": syntax: unexpected end of input`, vs.Error())
	assert.Equal(t, `croschema: 1 violation: /fax: max_length: 16 characters, at most 15 allowed`, vs[:1].Error())
	var err error = vs
	var got croschema.Violations
	require.True(t, errors.As(err, &got))
	assert.True(t, got.Has("/fax", croschema.CodeMaxLength))
	assert.False(t, got.Has("/fax", croschema.CodeMinLength))
}

func TestCodesAreSpecTable(t *testing.T) {
	want := []string{"syntax", "type", "required", "null", "unknown_field", "duplicate_key", "invalid_utf8",
		"min_length", "max_length", "email", "bool", "integer", "pattern", "enum", "uuid", "method", "path", "limit"}
	var got []string
	for _, c := range croschema.Codes() {
		got = append(got, string(c))
	}
	assert.Equal(t, want, got)
}

// TestViolationStringInert: String and Error escape what could act on a
// terminal, as %q does, and nothing else.
func TestViolationStringInert(t *testing.T) {
	for _, tt := range []struct {
		v    croschema.Violation
		want string
	}{
		{croschema.Violation{Location: "/\x1b]0;PWNED\a\x1b[2J", Code: croschema.CodeUnknownField, Detail: "unknown field"},
			`"/\x1b]0;PWNED\a\x1b[2J": unknown_field: unknown field`},
		{croschema.Violation{Location: "/a\u0085b", Code: croschema.CodeUnknownField, Detail: "x"}, `"/a\u0085b": unknown_field: x`},
		{croschema.Violation{Location: "/\u2028", Code: croschema.CodeType, Detail: "\u2029 and \u202e"}, `"/\u2028": type: \u2029 and \u202e`},
		{croschema.Violation{Location: "/\x7f", Code: croschema.CodeBool, Detail: "got \"\x7f\u009b\""}, `"/\x7f": bool: got "\x7f\u009b"`},
		{croschema.Violation{Location: "/\xff", Code: croschema.CodeInvalidUTF8, Detail: "a\xffb\tc\nd"}, `"/\xff": invalid_utf8: a\xffb\tc\nd`},
		{croschema.Violation{Location: "/email", Code: croschema.CodeEmail, Detail: `item 1: "a\"b" and ü, 例, 🙂 \ stay`},
			`/email: email: item 1: "a\"b" and ü, 例, 🙂 \ stay`},
		{croschema.Violation{Location: "/a b", Code: "\x1b", Detail: ""}, `"/a b": \x1b: `},
	} {
		assert.Equal(t, tt.want, tt.v.String())
		assert.Equal(t, "croschema: 1 violation: "+tt.want, croschema.Violations{tt.v}.Error())
		for _, r := range tt.v.String() {
			assert.True(t, strconv.IsPrint(r), "%q holds %q", tt.v.String(), r)
		}
	}
}

// TestDetailsValidUTF8: details that quote or show a cut of the input cut
// it at a character boundary and are always valid UTF-8.
func TestDetailsValidUTF8(t *testing.T) {
	long := strings.Repeat("é", 40)      // 80 bytes: 64 falls inside no character, 63 would
	odd := "x" + strings.Repeat("é", 40) // 64 falls inside a character
	docs := map[string]string{
		"bool string":         `{"notify_on_new_request":"` + odd + `"}`,
		"bool string, even":   `{"notify_on_new_request":"` + long + `"}`,
		"bool invalid UTF-8":  `{"notify_on_new_request":"` + strings.Repeat("\xff", 70) + `"}`,
		"bool 4-byte":         `{"notify_on_new_request":"` + strings.Repeat("🙂", 20) + `"}`,
		"email item":          `{"email":"` + odd + `"}`,
		"email item 4-byte":   `{"email":"x` + strings.Repeat("🙂", 20) + `"}`,
		"id":                  `{"id":1` + strings.Repeat("0", 80) + `.5}`,
		"bool invalid middle": `{"notify_on_new_request":"` + strings.Repeat("a", 62) + "\xe2\x82" + `"}`,
	}
	for name, doc := range docs {
		_, err := croschema.LintCreateContact([]byte(doc))
		if name == "id" {
			_, err = croschema.LintContact([]byte(doc))
		}
		var vs croschema.Violations
		require.ErrorAs(t, err, &vs, name)
		for _, v := range vs {
			assert.True(t, utf8.ValidString(v.Detail), "%s: detail %q", name, v.Detail)
			assert.NotContains(t, v.Detail, `\xc3`, "%s: a character split by the cut: %q", name, v.Detail)
			assert.NotContains(t, v.Detail, `\xf0`, "%s: a character split by the cut: %q", name, v.Detail)
		}
	}
	for _, s := range []string{odd, long, "x" + strings.Repeat("🙂", 20)} {
		_, err := croschema.ParseAPIVersion(s)
		require.Error(t, err)
		assert.True(t, utf8.ValidString(err.Error()))
		assert.NotContains(t, err.Error(), `\x`, "%q", err.Error())
	}
}

// TestViolationCap: a document with more than 1000 violations reports
// 1000 and one limit violation at "", in the body lint and the header
// lint, without holding the rest; a syntax error still wins.
func TestViolationCap(t *testing.T) {
	limit := func(field string) croschema.Violation {
		return croschema.Violation{Location: "", Field: field, Code: croschema.CodeLimit,
			Detail: "more than 1000 violations; the rest are not reported"}
	}
	for _, n := range []int{999, 1000, 1001, 100000} {
		doc := []byte("{" + strings.Repeat(`"":0,`, n) + `"name":"x"}`)
		_, err := croschema.LintCreateContact(doc)
		var vs croschema.Violations
		require.ErrorAs(t, err, &vs)
		if n <= 1000 {
			assert.Len(t, vs, n, "%d unknown keys", n)
			assert.False(t, vs.Has("", croschema.CodeLimit))
			continue
		}
		require.Len(t, vs, 1001, "%d unknown keys", n)
		assert.Equal(t, limit("CreateCustomerContactModel"), vs[1000])
		for _, v := range vs[:1000] {
			assert.Equal(t, croschema.CodeUnknownField, v.Code)
		}
	}
	// Duplicates of a known key, and every required key missing on top.
	_, err := croschema.LintContact([]byte("{" + strings.Repeat(`"name":"x",`, 5000) + `"name":"x"}`))
	var vs croschema.Violations
	require.ErrorAs(t, err, &vs)
	require.Len(t, vs, 1001)
	assert.Equal(t, limit("CustomerContactModel"), vs[1000])

	// A syntax error after the limit is still the one violation.
	_, err = croschema.LintContact([]byte("{" + strings.Repeat(`"":0,`, 5000) + `"name":}`))
	require.ErrorAs(t, err, &vs)
	require.Len(t, vs, 1)
	assert.Equal(t, croschema.CodeSyntax, vs[0].Code)

	// The memory a document costs does not grow with its violations: what
	// it allocates is its one buffer of decoded strings (the size of the
	// input, for "name") and a constant.
	doc := []byte("{" + strings.Repeat(`"a":0,`, 16<<20/6) + `"name":"x"}`)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err = croschema.LintCreateContact(doc)
	runtime.ReadMemStats(&after)
	require.ErrorAs(t, err, &vs)
	assert.Len(t, vs, 1001)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(len(doc)+1<<20), "allocated for 16 MiB of unknown keys")

	// Headers: many distinct bad values of one header.
	h := http.Header{"Authorization": {"Bearer a.b"}, "X-Tenant-Id": {"1"}}
	for i := range 3000 {
		h.Add("X-Request-Id", strconv.Itoa(i))
	}
	_, err = croschema.LintRequestHeaders(h, "GET")
	require.ErrorAs(t, err, &vs)
	require.Len(t, vs, 1001)
	assert.Equal(t, limit("StandardRequestHeadersModel"), vs[1000])
	assert.Equal(t, croschema.CodeDuplicateKey, vs[0].Code)
	h.Set("X-Request-Id", "1")
	h["X-Request-Id"] = append(h["X-Request-Id"], make([]string, 998)...) // 999 empty values: one violation, they are equal
	_, err = croschema.LintRequestHeaders(h, "GET")
	require.ErrorAs(t, err, &vs)
	assert.Len(t, vs, 3, "duplicate_key and the two distinct bad values: %v", vs)
}
