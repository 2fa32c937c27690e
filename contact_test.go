package croschema_test

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/croschema/croschema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSampleLintsClean(t *testing.T) {
	data, err := os.ReadFile("testdata/get-contact.response.json")
	require.NoError(t, err)
	c, err := croschema.LintContact(data)
	require.NoError(t, err)
	want := croschema.CustomerContact{
		Email: croschema.NewNullString("shaneduty@gmail.com"), ID: 1, Name: "George",
		NotifyOnCompletedRequest: true, NotifyOnDispatchedRequest: true,
		NotifyOnFailedRequest: true, NotifyOnNewRequest: true,
		Number: croschema.NewNullString("360-555-1212"),
	}
	assert.Equal(t, want, c)
	assert.NoError(t, c.Validate())
	assert.Equal(t, string(docWith("", "")), string(c.AppendJSON(nil)), "canonical form of the sample")
}

// contactCases is one row per rule of RULES.md "CustomerContactModel" and the
// general rules: a key, a raw JSON value put into the sample, and the one
// violation code it must produce ("" for valid).
var contactCases = []struct {
	name, key, value string
	code             croschema.Code
}{
	// email: null and "" mean no address; at most 256 characters; a list.
	{"email null", "email", `null`, ""},
	{"email empty", "email", `""`, ""},
	{"email two", "email", `"a@example.com,b@example.org"`, ""},
	{"email spaced", "email", `"a@example.com , b@example.org"`, ""},
	{"email whitespace kinds", "email", `" \t\r\na@example.com\n,\tb@example.org "`, ""},
	{"email 256", "email", strconv.Quote(strings.Repeat("a", 244) + "@example.com"), ""},
	{"email 257", "email", strconv.Quote(strings.Repeat("a", 245) + "@example.com"), croschema.CodeMaxLength},
	{"email 256 multibyte", "email", strconv.Quote("a@example.com," + strings.Repeat("é", 242)), croschema.CodeEmail}, // length passes (256 chars, 498 bytes), the item does not
	{"email 257 multibyte", "email", strconv.Quote("a@example.com," + strings.Repeat("é", 243)), croschema.CodeMaxLength},
	{"email trailing comma", "email", `"a@example.com,"`, croschema.CodeEmail},
	{"email blank", "email", `" "`, croschema.CodeEmail},
	{"email double comma", "email", `"a@example.com,,b@example.com"`, croschema.CodeEmail},
	{"email no at", "email", `"shaneduty.gmail.com"`, croschema.CodeEmail},
	{"email semicolon list", "email", `"a@example.com;b@example.com"`, croschema.CodeEmail},
	{"email inner space", "email", `"a b@example.com"`, croschema.CodeEmail},
	{"email number", "email", `5`, croschema.CodeType},
	{"email array", "email", `["a@example.com"]`, croschema.CodeType},
	// fax: 7 to 15 characters, nullable.
	{"fax null", "fax", `null`, ""},
	{"fax 7", "fax", `"1234567"`, ""},
	{"fax 15", "fax", `"123456789012345"`, ""},
	{"fax 6", "fax", `"123456"`, croschema.CodeMinLength},
	{"fax 16", "fax", `"1234567890123456"`, croschema.CodeMaxLength},
	{"fax empty", "fax", `""`, croschema.CodeMinLength},
	{"fax 15 multibyte", "fax", strconv.Quote(strings.Repeat("é", 15)), ""}, // 30 bytes, 15 characters
	{"fax 7 escaped", "fax", `"\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"`, ""},
	{"fax 6 astral", "fax", strconv.Quote(strings.Repeat("😀", 6)), croschema.CodeMinLength}, // 24 bytes, 6 characters
	{"fax number", "fax", `5551234`, croschema.CodeType},
	// id: an integer literal that fits int64, not null.
	{"id zero", "id", `0`, ""},
	{"id negative", "id", `-5`, ""},
	{"id minus zero", "id", `-0`, ""},
	{"id max", "id", strconv.FormatInt(math.MaxInt64, 10), ""},
	{"id min", "id", strconv.FormatInt(math.MinInt64, 10), ""},
	{"id max+1", "id", "9223372036854775808", croschema.CodeInteger},
	{"id min-1", "id", "-9223372036854775809", croschema.CodeInteger},
	{"id huge", "id", strings.Repeat("9", 400), croschema.CodeInteger},
	{"id fraction", "id", `1.0`, croschema.CodeInteger},
	{"id exponent", "id", `1e2`, croschema.CodeInteger},
	{"id string", "id", `"1"`, croschema.CodeType},
	{"id null", "id", `null`, croschema.CodeNull},
	{"id bool", "id", `true`, croschema.CodeType},
	{"id object", "id", `{}`, croschema.CodeType},
	// name: 1 to 128 characters, not null.
	{"name 1", "name", `"G"`, ""},
	{"name 128", "name", strconv.Quote(strings.Repeat("n", 128)), ""},
	{"name 128 multibyte", "name", strconv.Quote(strings.Repeat("ж", 128)), ""},
	{"name 128 escaped", "name", `"` + strings.Repeat(`\u00e9`, 128) + `"`, ""},
	{"name 128 surrogate pairs", "name", `"` + strings.Repeat(`\ud83d\ude00`, 128) + `"`, ""},
	{"name 129", "name", strconv.Quote(strings.Repeat("n", 129)), croschema.CodeMaxLength},
	{"name 129 multibyte", "name", strconv.Quote(strings.Repeat("ж", 129)), croschema.CodeMaxLength},
	{"name empty", "name", `""`, croschema.CodeMinLength},
	{"name null", "name", `null`, croschema.CodeNull},
	{"name bool", "name", `false`, croschema.CodeType},
	{"name invalid utf8", "name", "\"Geor\xffge\"", croschema.CodeInvalidUTF8},
	{"name lone surrogate", "name", `"\ud800"`, croschema.CodeInvalidUTF8},
	{"name reversed surrogates", "name", `"\ude00\ud83d"`, croschema.CodeInvalidUTF8},
	{"name overlong utf8", "name", "\"\xc0\xaf\"", croschema.CodeInvalidUTF8},
	{"name encoded surrogate", "name", "\"\xed\xa0\x80\"", croschema.CodeInvalidUTF8},
	{"name control escaped", "name", `"a\u0000b"`, ""}, // free text: any character, escaped
	// number: 1 to 90 characters, nullable.
	{"number null", "number", `null`, ""},
	{"number 1", "number", `"5"`, ""},
	{"number 90", "number", strconv.Quote(strings.Repeat("5", 90)), ""},
	{"number 91", "number", strconv.Quote(strings.Repeat("5", 91)), croschema.CodeMaxLength},
	{"number empty", "number", `""`, croschema.CodeMinLength},
	{"number integer", "number", `3605551212`, croschema.CodeType},
	// every key is required in a response.
	{"email missing", "email", ``, croschema.CodeRequired},
	{"fax missing", "fax", ``, croschema.CodeRequired},
	{"id missing", "id", ``, croschema.CodeRequired},
	{"name missing", "name", ``, croschema.CodeRequired},
	{"notify missing", "notify_on_new_request", ``, croschema.CodeRequired},
	{"number missing", "number", ``, croschema.CodeRequired},
}

func TestLintContactRules(t *testing.T) {
	for _, tc := range contactCases {
		t.Run(tc.name, func(t *testing.T) {
			doc := sampleWith(t, tc.key, tc.value)
			c, err := croschema.LintContact(doc)
			if tc.code == "" {
				require.NoError(t, err, "LintContact(%s)", doc)
				// the tolerant path agrees on a valid document
				var d croschema.CustomerContact
				require.NoError(t, json.Unmarshal(doc, &d))
				assert.Equal(t, c, d)
				assert.NoError(t, d.Validate())
				return
			}
			assertOnlyViolation(t, err, "/"+tc.key, tc.code)
			vs := violationsOf(t, err)
			assert.Equal(t, "CustomerContactModel."+tc.key, vs[0].Field)
		})
	}
}

// TestPartialModelsRules puts each case into a create and an update body:
// the same rules apply when a key is present, no key is required, and id
// is not a key of theirs.
func TestPartialModelsRules(t *testing.T) {
	lints := map[string]func([]byte) error{
		"create": func(b []byte) error { _, err := croschema.LintCreateContact(b); return err },
		"update": func(b []byte) error { _, err := croschema.LintUpdateContact(b); return err },
	}
	for name, lintFn := range lints {
		for _, tc := range contactCases {
			if tc.key == "id" {
				continue
			}
			t.Run(name+"/"+tc.name, func(t *testing.T) {
				if tc.value == "" {
					assert.NoError(t, lintFn([]byte(`{}`)), "no key is required")
					return
				}
				doc := []byte(`{"` + tc.key + `":` + tc.value + `}`)
				err := lintFn(doc)
				if tc.code == "" {
					assert.NoError(t, err, "%s", doc)
					return
				}
				assertOnlyViolation(t, err, "/"+tc.key, tc.code)
			})
		}
		t.Run(name+"/id is unknown", func(t *testing.T) {
			assertOnlyViolation(t, lintFn([]byte(`{"id":1}`)), "/id", croschema.CodeUnknownField)
		})
		t.Run(name+"/whole sample but id", func(t *testing.T) {
			assert.NoError(t, lintFn(docWith("id", "")))
		})
	}
}

func TestLintStructure(t *testing.T) {
	sample := string(docWith("", ""))
	body := sample[1 : len(sample)-1] // the members without the braces
	cases := []struct {
		name string
		doc  string
		want []string // "location code", in order
	}{
		{"unknown key", `{` + body + `,"foo":1}`, []string{"/foo unknown_field"}},
		{"unknown key with nested value", `{` + body + `,"foo":{"a":[1,{"b":null}]}}`, []string{"/foo unknown_field"}},
		{"keys are case-sensitive", `{` + strings.Replace(body, `"name"`, `"Name"`, 1) + `}`,
			[]string{"/Name unknown_field", "/name required"}},
		{"pointer escaping", `{` + body + `,"a/b~c":1}`, []string{"/a~1b~0c unknown_field"}},
		{"escaped key matches", `{` + strings.Replace(body, `"name"`, `"n\u0061me"`, 1) + `}`, nil},
		{"duplicate key", `{` + body + `,"name":"Other"}`, []string{"/name duplicate_key"}},
		{"duplicate key differing only by escape", `{` + body + `,"n\u0061me":"George"}`, []string{"/name duplicate_key"}},
		{"duplicate invalid value", `{` + body + `,"id":"x"}`, []string{"/id duplicate_key"}},
		{"invalid utf8 key", "{" + body + ",\"k\xff\":1}", []string{"/k\uFFFD invalid_utf8"}},
		{"trailing data", sample + ` {}`, []string{" syntax"}},
		{"trailing garbage", sample + `x`, []string{" syntax"}},
		{"trailing whitespace is fine", sample + " \n\t\r ", nil},
		{"leading whitespace is fine", " \n" + sample, nil},
		{"empty object", `{}`, []string{"/email required", "/fax required", "/id required", "/name required",
			"/notify_on_acknowledged_request required", "/notify_on_completed_request required",
			"/notify_on_dispatched_request required", "/notify_on_failed_request required",
			"/notify_on_new_request required", "/number required"}},
		{"array body", `[` + sample + `]`, []string{" type"}},
		{"string body", `"x"`, []string{" type"}},
		{"null body", `null`, []string{" null"}},
		{"empty input", ``, []string{" syntax"}},
		{"only space", "  \n", []string{" syntax"}},
		{"truncated", sample[:len(sample)/2], []string{" syntax"}},
		{"missing brace", sample[:len(sample)-1], []string{" syntax"}},
		{"byte order mark", "\ufeff" + sample, []string{" syntax"}},
		{"single quotes", `{'name':'x'}`, []string{" syntax"}},
		{"trailing comma", `{` + body + `,}`, []string{" syntax"}},
		{"comment", `{` + body + `/* x */}`, []string{" syntax"}},
		{"leading zero", strings.Replace(sample, `"id":1`, `"id":01`, 1), []string{" syntax"}},
		{"plus sign", strings.Replace(sample, `"id":1`, `"id":+1`, 1), []string{" syntax"}},
		{"NaN", strings.Replace(sample, `"id":1`, `"id":NaN`, 1), []string{" syntax"}},
		{"raw newline in string", strings.Replace(sample, `George`, "Geo\nrge", 1), []string{" syntax"}},
		{"bad escape", strings.Replace(sample, `George`, `Geo\xrge`, 1), []string{" syntax"}},
		{"short unicode escape", strings.Replace(sample, `George`, `Geo\u12`, 1), []string{" syntax"}},
		{"invalid utf8 outside strings", "{" + body + "}\xff", []string{" syntax"}},
		{"several problems at once", `{"email":"x","fax":"1","id":1.5,"name":"","notify_on_acknowledged_request":"yes",` +
			`"notify_on_completed_request":2,"notify_on_dispatched_request":null,"notify_on_failed_request":[],` +
			`"notify_on_new_request":true,"number":"","extra":0}`,
			[]string{"/id integer", "/notify_on_acknowledged_request bool", "/notify_on_completed_request bool",
				"/notify_on_failed_request type", "/extra unknown_field", "/email email", "/fax min_length",
				"/name min_length", "/notify_on_dispatched_request null", "/number min_length"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := croschema.LintContact([]byte(tc.doc))
			vs := violationsOf(t, err)
			var got []string
			for _, v := range vs {
				got = append(got, strings.TrimSpace(v.Location+" "+string(v.Code)))
				assert.NotEmpty(t, v.Detail)
			}
			var want []string
			for _, w := range tc.want {
				want = append(want, strings.TrimSpace(w))
			}
			assert.Equal(t, want, got, "LintContact(%q)", tc.doc)
		})
	}
}

func TestSyntaxIsTheOnlyViolation(t *testing.T) {
	// Once the document stops being JSON nothing else about it is reported,
	// and the value is zero.
	c, err := croschema.LintContact([]byte(`{"name":"","id":"x","foo":1,`))
	assertOnlyViolation(t, err, "", croschema.CodeSyntax)
	assert.Equal(t, croschema.CustomerContact{}, c)
	assert.Contains(t, violationsOf(t, err)[0].Detail, "offset 28")
}

func TestEmailViolationNamesItem(t *testing.T) {
	_, err := croschema.LintContact(docWith("email", `"a@example.com, bad, c@example.com,"`))
	vs := violationsOf(t, err)
	require.Len(t, vs, 2, "each invalid item is reported: %v", vs)
	assert.Equal(t, `item 2 is not a valid email address: "bad"`, vs[0].Detail)
	assert.Equal(t, `item 4 is empty`, vs[1].Detail)
}

func TestLintReturnsDecodedValue(t *testing.T) {
	// The value holds every key that decoded, even beside violations.
	c, err := croschema.LintContact(docWith("fax", `"1"`))
	assertOnlyViolation(t, err, "/fax", croschema.CodeMinLength)
	assert.Equal(t, "George", c.Name)
	assert.Equal(t, croschema.NewNullString("1"), c.Fax)
}

func TestUpdateThreeStates(t *testing.T) {
	u, err := croschema.LintUpdateContact([]byte(`{"email":null,"fax":"5551234567","notify_on_new_request":"TRUE"}`))
	require.NoError(t, err)
	assert.Equal(t, croschema.SetNull[string](), u.Email, "null")
	assert.Equal(t, croschema.Set("5551234567"), u.Fax, "a value")
	assert.Equal(t, croschema.Optional[string]{}, u.Name, "absent")
	assert.Equal(t, croschema.Set(true), u.NotifyOnNewRequest)
	assert.True(t, u.Name.IsZero())
	assert.True(t, u.Email.IsNull())

	out, err := json.Marshal(u)
	require.NoError(t, err)
	assert.Equal(t, `{"email":null,"fax":"5551234567","notify_on_new_request":true}`, string(out),
		"encoding writes back exactly what was set")

	// the tolerant path keeps the three states apart too
	var d croschema.UpdateCustomerContact
	require.NoError(t, json.Unmarshal(out, &d))
	assert.Equal(t, u, d)

	empty, err := json.Marshal(croschema.UpdateCustomerContact{})
	require.NoError(t, err)
	assert.Equal(t, `{}`, string(empty))
}

func TestValidateNullWhereNotAllowed(t *testing.T) {
	c := croschema.CreateCustomerContact{Name: croschema.SetNull[string](), Fax: croschema.SetNull[string](), NotifyOnNewRequest: croschema.SetNull[bool]()}
	vs := violationsOf(t, c.Validate())
	require.Len(t, vs, 2, "%v", vs)
	assert.True(t, vs.Has("/name", croschema.CodeNull))
	assert.True(t, vs.Has("/notify_on_new_request", croschema.CodeNull))
	u := croschema.UpdateCustomerContact(c)
	vs = violationsOf(t, u.Validate())
	assert.Equal(t, "UpdateCustomerContactModel.name", vs[0].Field)
}

// TestInvalidPresence: an Optional whose Presence is none of the three can
// only be built in Go; Validate, the validator tags and MarshalJSON report
// it instead of writing a key that means nothing ({"name":""}).
func TestInvalidPresence(t *testing.T) {
	c := croschema.CreateCustomerContact{Name: croschema.Optional[string]{Presence: 9}}
	assertOnlyViolation(t, c.Validate(), "/name", croschema.CodeType)
	u := croschema.UpdateCustomerContact(c)
	assertOnlyViolation(t, u.Validate(), "/name", croschema.CodeType)
	_, err := json.Marshal(c)
	assert.ErrorContains(t, err, "invalid Presence 9")
	_, err = json.Marshal(u)
	assert.ErrorContains(t, err, "invalid Presence 9")
	_, err = json.Marshal(croschema.Optional[bool]{Presence: 3})
	assert.ErrorContains(t, err, "invalid Presence 3")
	assert.Error(t, testValidator.Struct(&c), "the validator tags reject it too")
	assert.NoError(t, testValidator.Struct(&croschema.CreateCustomerContact{Name: croschema.Set("George")}))
}

func TestValidateGoValues(t *testing.T) {
	valid := croschema.CustomerContact{Name: "George", Email: croschema.NewNullString("a@example.com, b@example.com")}
	require.NoError(t, valid.Validate())

	bad := valid
	bad.Name = strings.Repeat("x", 129)
	bad.Fax = croschema.NewNullString("")
	bad.Email = croschema.NewNullString("nope")
	bad.Number = croschema.NewNullString("\xff")
	vs := violationsOf(t, bad.Validate())
	assert.Equal(t, []croschema.Violation{
		{Location: "/email", Field: "CustomerContactModel.email", Code: croschema.CodeEmail, Detail: `item 1 is not a valid email address: "nope"`},
		{Location: "/fax", Field: "CustomerContactModel.fax", Code: croschema.CodeMinLength, Detail: "0 characters, at least 7 required"},
		{Location: "/name", Field: "CustomerContactModel.name", Code: croschema.CodeMaxLength, Detail: "129 characters, at most 128 allowed"},
		{Location: "/number", Field: "CustomerContactModel.number", Code: croschema.CodeInvalidUTF8, Detail: "string is not valid UTF-8"},
	}, []croschema.Violation(vs))
}

func TestValidateAllocs(t *testing.T) {
	c, err := croschema.LintContact(docWith("", ""))
	require.NoError(t, err)
	allocs := testing.AllocsPerRun(200, func() {
		if c.Validate() != nil {
			t.Fatal("sample must be valid")
		}
	})
	assert.Zero(t, allocs, "Validate on a valid contact must not allocate")
}

func TestLintAllocs(t *testing.T) {
	docs := []struct {
		name string
		doc  []byte
	}{
		{"sample", docWith("", "")},
		{"escapes", docWith("name", `"Ge\u00f6rge \"G\" \ud83d\ude00\n"`)},
		{"non-ASCII", docWith("name", `"Zoë 王小明 Łukasz 😀"`)},
		{"indented", mustIndent(t, docWith("name", `"Ngọc"`))},
		{"email escapes", docWith("email", `"a@example.com,\tb\u0040example.com"`)},
	}
	for _, tt := range docs {
		t.Run(tt.name, func(t *testing.T) {
			allocs := testing.AllocsPerRun(200, func() {
				if _, err := croschema.LintContact(tt.doc); err != nil {
					t.Fatal(err)
				}
			})
			assert.LessOrEqual(t, allocs, 1.0, "the strings of a valid document share one allocation")
		})
	}
	// An invalid document allocates its violations too, but its strings
	// still share one allocation.
	bad := docWith("name", "\"Geo\xffrge \\ud800\"")
	allocs := testing.AllocsPerRun(200, func() {
		if _, err := croschema.LintContact(bad); err == nil {
			t.Fatal("invalid UTF-8 accepted")
		}
	})
	assert.LessOrEqual(t, allocs, 3.0, "strings, the violation list and the error")
}

func mustIndent(t *testing.T, doc []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, json.Indent(&b, doc, "", "    "))
	return b.Bytes()
}

func TestCanonicalEncodingMatchesEncodingJSON(t *testing.T) {
	// MarshalJSON writes the bytes that encoding/json would write for the
	// same values (HTML-safe escapes, U+2028/U+2029), so json.Marshal(x)
	// and x.MarshalJSON() agree byte for byte; invalid UTF-8 becomes the
	// character U+FFFD where encoding/json writes the escape \ufffd.
	type plain struct {
		Email  *string `json:"email"`
		Fax    *string `json:"fax"`
		ID     int64   `json:"id"`
		Name   string  `json:"name"`
		N1     bool    `json:"notify_on_acknowledged_request"`
		N2     bool    `json:"notify_on_completed_request"`
		N3     bool    `json:"notify_on_dispatched_request"`
		N4     bool    `json:"notify_on_failed_request"`
		N5     bool    `json:"notify_on_new_request"`
		Number *string `json:"number"`
	}
	for _, name := range []string{"George", `<a href="x">&amp;</a>`, "tab\there\nnl\r\b\f\x00\x1f\x7f", "\u2028\u2029", "bad\xffutf8\xc0", "\\/\"", "日本語 😀"} {
		c := croschema.CustomerContact{Name: name, ID: -42, Number: croschema.NewNullString(name), NotifyOnFailedRequest: true}
		n := name
		p := plain{Name: name, ID: -42, Number: &n, N4: true}
		want, err := json.Marshal(p)
		require.NoError(t, err)
		want = []byte(strings.ReplaceAll(string(want), `\ufffd`, "\uFFFD"))
		got, err := c.MarshalJSON()
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), "MarshalJSON for name %q", name)
		viaJSON, err := json.Marshal(c)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(viaJSON), "json.Marshal for name %q", name)
	}
}

func TestRoundTrip(t *testing.T) {
	values := []croschema.CustomerContact{
		{},
		{Name: "George", Email: croschema.NewNullString(""), Fax: croschema.NewNullString("555-1234"), ID: math.MinInt64},
		{Name: "<&>\u2028\"\\", Number: croschema.NewNullString("\x00\x01"), ID: math.MaxInt64, NotifyOnNewRequest: true},
	}
	for _, v := range values {
		data, err := json.Marshal(v)
		require.NoError(t, err)
		got, err := croschema.LintContact(data)
		// zero values break value rules but must decode to themselves
		for _, viol := range violationsOf(t, err) {
			assert.NotContains(t, []croschema.Code{croschema.CodeSyntax, croschema.CodeType, croschema.CodeRequired, croschema.CodeUnknownField, croschema.CodeDuplicateKey}, viol.Code)
		}
		assert.Equal(t, v, got, "decode(encode(%+v))", v)
		var tolerant croschema.CustomerContact
		require.NoError(t, json.Unmarshal(data, &tolerant))
		assert.Equal(t, v, tolerant)
	}
}

func TestTolerantDecoding(t *testing.T) {
	// unknown keys are ignored (a newer server must not break an older
	// client), booleans are lenient, the last duplicate wins like
	// encoding/json, and invalid UTF-8 becomes U+FFFD.
	doc := `{"email":null,"fax":null,"id":7,"name":"Old",` + "\"name\":\"New\xff\"," + `"notify_on_acknowledged_request":"TRUE",` +
		`"notify_on_completed_request":0,"notify_on_dispatched_request":"1","notify_on_failed_request":false,` +
		`"notify_on_new_request":1,"number":null,"added_in_2030":{"x":[1,2]}}`
	var c croschema.CustomerContact
	require.NoError(t, json.Unmarshal([]byte(doc), &c))
	assert.Equal(t, croschema.CustomerContact{ID: 7, Name: "New\uFFFD", NotifyOnAcknowledgedRequest: true,
		NotifyOnDispatchedRequest: true, NotifyOnNewRequest: true}, c)

	for _, bad := range []string{`{"id":"7"}`, `{"id":1.5}`, `{"notify_on_new_request":"yes"}`, `{"name":5}`, `[]`} {
		var c croschema.CustomerContact
		err := json.Unmarshal([]byte(bad), &c)
		require.Error(t, err, "Unmarshal(%s)", bad)
	}
	// missing keys are left zero: Validate is where rules are checked
	var partial croschema.CustomerContact
	require.NoError(t, json.Unmarshal([]byte(`{"id":3}`), &partial))
	assert.Error(t, partial.Validate())
}

func TestNullString(t *testing.T) {
	var n croschema.NullString
	require.NoError(t, json.Unmarshal([]byte(`""`), &n))
	assert.Equal(t, croschema.NullString{String: "", Valid: true}, n, `"" is not null`)
	require.NoError(t, json.Unmarshal([]byte(`null`), &n))
	assert.Equal(t, croschema.NullString{}, n)
	assert.Error(t, json.Unmarshal([]byte(`5`), &n))
	out, _ := json.Marshal(croschema.NullString{})
	assert.Equal(t, "null", string(out))
	out, _ = json.Marshal(croschema.NewNullString(""))
	assert.Equal(t, `""`, string(out))
}

func TestPresenceString(t *testing.T) {
	assert.Equal(t, "absent", croschema.PresenceAbsent.String())
	assert.Equal(t, "null", croschema.PresenceNull.String())
	assert.Equal(t, "value", croschema.PresenceValue.String())
	assert.Equal(t, "invalid Presence", croschema.Presence(9).String())
}

func TestModelLint(t *testing.T) {
	assert.NoError(t, croschema.ModelCustomerContact.Lint(docWith("", "")))
	assert.True(t, violationsOf(t, croschema.ModelCreateCustomerContact.Lint([]byte(`{"id":1}`))).Has("/id", croschema.CodeUnknownField))
	assert.True(t, violationsOf(t, croschema.ModelUpdateCustomerContact.Lint([]byte(`{"name":null}`))).Has("/name", croschema.CodeNull))
	assert.True(t, violationsOf(t, croschema.ModelNone.Lint([]byte(`{}`))).Has("", croschema.CodeSyntax))
	assert.True(t, violationsOf(t, croschema.Model(200).Lint([]byte(`{}`))).Has("", croschema.CodeSyntax))
	assert.Equal(t, "invalid Model", croschema.Model(200).String())
}

// TestUnmarshalNullLeavesValue: by encoding/json's convention, JSON null
// leaves every model and APIError as it was, with no error, however it
// arrives: a direct call, a struct field, a slice element, a map value.
// The strict lint still reports a null body.
func TestUnmarshalNullLeavesValue(t *testing.T) {
	contact := croschema.CustomerContact{ID: 7, Name: "George", NotifyOnNewRequest: true}
	create := croschema.CreateCustomerContact{Name: croschema.Set("George")}
	update := croschema.UpdateCustomerContact{Fax: croschema.SetNull[string]()}
	apiErr := croschema.APIError{StatusCode: 404, Detail: "Not found."}
	for _, null := range []string{"null", " null\n", "\tnull "} {
		c, cc, u, e := contact, create, update, apiErr
		require.NoError(t, c.UnmarshalJSON([]byte(null)))
		require.NoError(t, cc.UnmarshalJSON([]byte(null)))
		require.NoError(t, u.UnmarshalJSON([]byte(null)))
		require.NoError(t, e.UnmarshalJSON([]byte(null)))
		assert.Equal(t, contact, c)
		assert.Equal(t, create, cc)
		assert.Equal(t, update, u)
		assert.Equal(t, apiErr, e)
	}
	var doc struct {
		Contact croschema.CustomerContact
		Create  croschema.CreateCustomerContact
		Update  croschema.UpdateCustomerContact
		Error   croschema.APIError
	}
	doc.Contact, doc.Create, doc.Update, doc.Error = contact, create, update, apiErr
	require.NoError(t, json.Unmarshal([]byte(`{"Contact":null,"Create":null,"Update":null,"Error":null}`), &doc))
	assert.Equal(t, contact, doc.Contact)
	assert.Equal(t, create, doc.Create)
	assert.Equal(t, update, doc.Update)
	assert.Equal(t, apiErr, doc.Error)

	list := []croschema.CustomerContact{contact}
	require.NoError(t, json.Unmarshal([]byte(`[null,{"id":2,"name":"x"}]`), &list))
	assert.Equal(t, contact, list[0])
	assert.Equal(t, int64(2), list[1].ID)
	m := map[string]croschema.APIError{}
	require.NoError(t, json.Unmarshal([]byte(`{"a":null}`), &m))
	assert.Equal(t, croschema.APIError{}, m["a"])

	// "nul", "null x" and "[null]" are not null.
	var c croschema.CustomerContact
	assert.Error(t, c.UnmarshalJSON([]byte("nul")))
	assert.Error(t, c.UnmarshalJSON([]byte("null x")))
	assert.Error(t, c.UnmarshalJSON([]byte("[null]")))
	for _, m := range []croschema.Model{croschema.ModelCustomerContact, croschema.ModelCreateCustomerContact,
		croschema.ModelUpdateCustomerContact, croschema.ModelAPIError} {
		err := m.Lint([]byte("null"))
		var vs croschema.Violations
		require.ErrorAs(t, err, &vs, "%s", m)
		assert.Equal(t, croschema.CodeNull, vs[0].Code)
	}
}
