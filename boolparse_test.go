package croschema

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// boolForms is the one ordered table of SPEC "Booleans": every JSON value
// a boolean key may hold, whether it is accepted and what it means. The
// string-form test, the JSON test and the lint test all read it.
var boolForms = []struct {
	json  string // the JSON value
	ok    bool
	value bool
	code  Code // the lint's violation when !ok
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
	{`"yes"`, false, false, CodeBool},
	{`"no"`, false, false, CodeBool},
	{`"on"`, false, false, CodeBool},
	{`"off"`, false, false, CodeBool},
	{`"t"`, false, false, CodeBool},
	{`"f"`, false, false, CodeBool},
	{`"y"`, false, false, CodeBool},
	{`""`, false, false, CodeBool},
	{`" 1"`, false, false, CodeBool}, // no trimming
	{`"1 "`, false, false, CodeBool}, // no trimming
	{`"true "`, false, false, CodeBool},
	{`"01"`, false, false, CodeBool},
	{`"2"`, false, false, CodeBool},
	{`"-0"`, false, false, CodeBool},
	{`"truee"`, false, false, CodeBool},
	{`"ｔｒｕｅ"`, false, false, CodeBool}, // fullwidth letters are not a letter case
	{`"\u0130"`, false, false, CodeBool},
	{`1.0`, false, false, CodeBool}, // only the tokens 0 and 1
	{`0.0`, false, false, CodeBool},
	{`2`, false, false, CodeBool},
	{`-1`, false, false, CodeBool},
	{`-0`, false, false, CodeBool},
	{`1e0`, false, false, CodeBool},
	{`0e0`, false, false, CodeBool},
	{`10`, false, false, CodeBool},
	{`null`, false, false, CodeNull}, // no boolean key is nullable
	{`[]`, false, false, CodeType},
	{`[true]`, false, false, CodeType},
	{`{}`, false, false, CodeType},
}

func TestParseBool(t *testing.T) {
	for _, tc := range boolForms {
		if tc.json[0] != '"' {
			continue
		}
		s, ok := unquoteLenient([]byte(tc.json))
		require.True(t, ok, tc.json)
		t.Run(tc.json, func(t *testing.T) {
			got, err := ParseBool(s)
			if !tc.ok {
				require.Error(t, err, "ParseBool(%q)", s)
				assert.True(t, errors.Is(err, ErrBool), "ParseBool(%q) error %v does not wrap ErrBool", s, err)
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
	_, err := ParseBool(long)
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 400, "a huge input must not make a huge message (64 bytes quoted)")
	_, err = ParseBool("yes")
	assert.EqualError(t, err, `croschema: ParseBool("yes"): not one of 0, 1, true, false (any letter case)`)
}

func TestBoolJSON(t *testing.T) {
	for _, tc := range boolForms {
		t.Run(tc.json, func(t *testing.T) {
			var b Bool = true // null must leave it unchanged
			err := json.Unmarshal([]byte(tc.json), &b)
			switch {
			case tc.code == CodeNull:
				require.NoError(t, err)
				assert.Equal(t, Bool(true), b, "null leaves a Bool unchanged, as for a plain bool")
			case !tc.ok:
				require.Error(t, err, "Unmarshal(%s)", tc.json)
			default:
				require.NoError(t, err, "Unmarshal(%s)", tc.json)
				assert.Equal(t, Bool(tc.value), b, "Unmarshal(%s)", tc.json)
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
			var o Optional[bool]
			err := json.Unmarshal([]byte(tc.json), &o)
			switch {
			case tc.code == CodeNull:
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
	var b Bool
	require.NoError(t, b.UnmarshalText([]byte("TRUE")))
	assert.Equal(t, Bool(true), b)
	require.Error(t, b.UnmarshalText([]byte("yes")))
	out, err := Bool(false).MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "false", string(out))
}

// TestLintBoolForms puts every form into each boolean key of a valid
// contact and of a create body, and checks the lint's verdict and value.
func TestLintBoolForms(t *testing.T) {
	for _, r := range contactModel.rules {
		if r.kind != kindBool {
			continue
		}
		for _, tc := range boolForms {
			t.Run(r.key+"="+tc.json, func(t *testing.T) {
				doc := sampleWith(t, r.key, tc.json)
				c, err := LintContact(doc)
				if !tc.ok {
					assertOnlyViolation(t, err, "/"+r.key, tc.code)
					return
				}
				require.NoError(t, err, "%s", doc)
				out, _ := json.Marshal(c)
				var m map[string]any
				require.NoError(t, json.Unmarshal(out, &m))
				assert.Equal(t, tc.value, m[r.key], "decoded value of %s", tc.json)

				_, err = LintCreateContact([]byte(`{"` + r.key + `":` + tc.json + `}`))
				assert.NoError(t, err)
			})
		}
	}
}

func TestParseBoolAllocs(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() {
		_, _ = ParseBool("False")
		_, _ = ParseBool("1")
	})
	assert.Zero(t, allocs)
}
