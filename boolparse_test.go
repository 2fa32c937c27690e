package croschema_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/croschema/croschema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// boolForms is the one ordered table of RULES.md "Booleans": every JSON value
// a boolean key may hold, whether it is accepted and what it means. The
// string-form test, the JSON test and the lint test all read it.
var boolForms = []struct {
	json  string // the JSON value
	ok    bool
	value bool
	code  croschema.Code // the lint's violation when !ok
}{
	{`true`, true, true, ""},
	{`false`, true, false, ""},
	{`0`, true, false, ""},
	{`1`, true, true, ""},
	{`"0"`, true, false, ""},
	{`"1"`, true, true, ""},
	{`"true"`, true, true, ""},
	{`"false"`, true, false, ""},
	{`"TRUE"`, true, true, ""},
	{`"True"`, true, true, ""},
	{`"False"`, true, false, ""},
	{`"FALSE"`, true, false, ""},
	{`"tRuE"`, true, true, ""},
	{`"fAlSe"`, true, false, ""},
	{`"\u0031"`, true, true, ""},    // an escape is decoded before the form is checked
	{`"tru\u0065"`, true, true, ""}, // likewise
	{`"yes"`, false, false, croschema.CodeBool},
	{`"no"`, false, false, croschema.CodeBool},
	{`"on"`, false, false, croschema.CodeBool},
	{`"off"`, false, false, croschema.CodeBool},
	{`"t"`, false, false, croschema.CodeBool},
	{`"f"`, false, false, croschema.CodeBool},
	{`"y"`, false, false, croschema.CodeBool},
	{`""`, false, false, croschema.CodeBool},
	{`" 1"`, false, false, croschema.CodeBool}, // no trimming
	{`"1 "`, false, false, croschema.CodeBool}, // no trimming
	{`"true "`, false, false, croschema.CodeBool},
	{`"01"`, false, false, croschema.CodeBool},
	{`"2"`, false, false, croschema.CodeBool},
	{`"-0"`, false, false, croschema.CodeBool},
	{`"truee"`, false, false, croschema.CodeBool},
	{`"ｔｒｕｅ"`, false, false, croschema.CodeBool}, // fullwidth letters are not a letter case
	{`"\u0130"`, false, false, croschema.CodeBool},
	{`1.0`, false, false, croschema.CodeBool}, // only the tokens 0 and 1
	{`0.0`, false, false, croschema.CodeBool},
	{`2`, false, false, croschema.CodeBool},
	{`-1`, false, false, croschema.CodeBool},
	{`-0`, false, false, croschema.CodeBool},
	{`1e0`, false, false, croschema.CodeBool},
	{`0e0`, false, false, croschema.CodeBool},
	{`10`, false, false, croschema.CodeBool},
	{`null`, false, false, croschema.CodeNull}, // no boolean key is nullable
	{`[]`, false, false, croschema.CodeType},
	{`[true]`, false, false, croschema.CodeType},
	{`{}`, false, false, croschema.CodeType},
}

func TestParseBool(t *testing.T) {
	for _, tc := range boolForms {
		if tc.json[0] != '"' {
			continue
		}
		s, ok := croschema.UnquoteLenient([]byte(tc.json))
		require.True(t, ok, tc.json)
		t.Run(tc.json, func(t *testing.T) {
			got, err := croschema.ParseBool(s)
			if !tc.ok {
				require.Error(t, err, "ParseBool(%q)", s)
				assert.True(t, errors.Is(err, croschema.ErrBool), "ParseBool(%q) error %v does not wrap ErrBool", s, err)
				assert.Contains(t, err.Error(), `croschema: ParseBool(`)
				return
			}
			require.NoError(t, err, "ParseBool(%q)", s)
			assert.Equal(t, tc.value, got, "ParseBool(%q)", s)
		})
	}
}

func TestParseBoolErrorQuotesInputTruncated(t *testing.T) {
	long := string(make([]byte, 1000))
	_, err := croschema.ParseBool(long)
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 400, "a huge input must not make a huge message (64 bytes quoted)")
	_, err = croschema.ParseBool("yes")
	assert.EqualError(t, err, `croschema: ParseBool("yes"): not one of 0, 1, true, false (any letter case)`)
}

func TestBoolJSON(t *testing.T) {
	for _, tc := range boolForms {
		t.Run(tc.json, func(t *testing.T) {
			var b croschema.Bool = true // null must leave it unchanged
			err := json.Unmarshal([]byte(tc.json), &b)
			switch {
			case tc.code == croschema.CodeNull:
				require.NoError(t, err)
				assert.Equal(t, croschema.Bool(true), b, "null leaves a Bool unchanged, as for a plain bool")
			case !tc.ok:
				require.Error(t, err, "Unmarshal(%s)", tc.json)
			default:
				require.NoError(t, err, "Unmarshal(%s)", tc.json)
				assert.Equal(t, croschema.Bool(tc.value), b, "Unmarshal(%s)", tc.json)
				out, err := json.Marshal(b)
				require.NoError(t, err)
				assert.Equal(t, map[bool]string{true: "true", false: "false"}[tc.value], string(out),
					"canonical encoding of %s", tc.json)
			}
		})
	}
}

func TestOptionalBoolJSON(t *testing.T) {
	for _, tc := range boolForms {
		t.Run(tc.json, func(t *testing.T) {
			var o croschema.Optional[bool]
			err := json.Unmarshal([]byte(tc.json), &o)
			switch {
			case tc.code == croschema.CodeNull:
				require.NoError(t, err)
				assert.True(t, o.IsNull())
			case !tc.ok:
				require.Error(t, err, "Unmarshal(%s)", tc.json)
			default:
				require.NoError(t, err, "Unmarshal(%s)", tc.json)
				v, set := o.Get()
				assert.True(t, set)
				assert.Equal(t, tc.value, v)
			}
		})
	}
}

func TestBoolText(t *testing.T) {
	var b croschema.Bool
	require.NoError(t, b.UnmarshalText([]byte("TRUE")))
	assert.Equal(t, croschema.Bool(true), b)
	require.Error(t, b.UnmarshalText([]byte("yes")))
	out, err := croschema.Bool(false).MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "false", string(out))
}

// TestLintBoolForms puts every form into each boolean key of a valid
// contact and of a create body, and checks the lint's verdict and value.
func TestLintBoolForms(t *testing.T) {
	for _, r := range croschema.ModelCustomerContact.Rules() {
		if r.JSONType != "boolean" {
			continue
		}
		for _, tc := range boolForms {
			t.Run(r.Key+"="+tc.json, func(t *testing.T) {
				doc := sampleWith(t, r.Key, tc.json)
				c, err := croschema.LintContact(doc)
				if !tc.ok {
					assertOnlyViolation(t, err, "/"+r.Key, tc.code)
					return
				}
				require.NoError(t, err, "%s", doc)
				out, _ := json.Marshal(c)
				var m map[string]any
				require.NoError(t, json.Unmarshal(out, &m))
				assert.Equal(t, tc.value, m[r.Key], "decoded value of %s", tc.json)

				_, err = croschema.LintCreateContact([]byte(`{"` + r.Key + `":` + tc.json + `}`))
				assert.NoError(t, err)
			})
		}
	}
}

func TestParseBoolAllocs(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() {
		_, _ = croschema.ParseBool("False")
		_, _ = croschema.ParseBool("1")
	})
	assert.Zero(t, allocs)
}
