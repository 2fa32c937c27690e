package croschema_test

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/croschema/croschema"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// validText returns s with each invalid UTF-8 byte replaced by U+FFFD, the
// way the encoder writes it (strings.ToValidUTF8 would replace a run).
func validText(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r) // ranging yields RuneError for each invalid byte
	}
	return b.String()
}

func genContact() gopter.Gen {
	return gopter.CombineGens(genNullString(), genNullString(), gen.Int64(), genText(), gen.SliceOfN(5, gen.Bool()), genNullString()).
		Map(func(v []any) croschema.CustomerContact {
			bs := v[4].([]bool)
			return croschema.CustomerContact{Email: v[0].(croschema.NullString), Fax: v[1].(croschema.NullString), ID: v[2].(int64), Name: v[3].(string),
				NotifyOnAcknowledgedRequest: croschema.Bool(bs[0]), NotifyOnCompletedRequest: croschema.Bool(bs[1]),
				NotifyOnDispatchedRequest: croschema.Bool(bs[2]), NotifyOnFailedRequest: croschema.Bool(bs[3]), NotifyOnNewRequest: croschema.Bool(bs[4]),
				Number: v[5].(croschema.NullString)}
		})
}

// genBoolForm generates every accepted JSON form of a boolean, in random
// letter case, with the value it stands for.
func genBoolForm() gopter.Gen {
	return gopter.CombineGens(gen.Bool(), gen.IntRange(0, 2), gen.SliceOfN(5, gen.Bool())).Map(func(v []any) [2]string {
		b := v[0].(bool)
		word := map[bool]string{true: "true", false: "false"}[b]
		switch v[1].(int) {
		case 0:
			return [2]string{word, word}
		case 1:
			if b {
				return [2]string{"1", word}
			}
			return [2]string{"0", word}
		}
		upper := v[2].([]bool)
		var sb strings.Builder
		for i, r := range word {
			if upper[i%5] {
				r -= 'a' - 'A'
			}
			sb.WriteRune(r)
		}
		form := sb.String()
		if !upper[0] && upper[1] { // the string digits are forms too
			form = map[bool]string{true: "1", false: "0"}[b]
		}
		return [2]string{`"` + form + `"`, word}
	})
}

func TestProperties(t *testing.T) {
	params := gopter.DefaultTestParametersWithSeed(2)
	params.MinSuccessfulTests = 2000
	props := gopter.NewProperties(params)

	// decode(encode(x)) == x, through the lint and through the tolerant
	// path, for any value (valid or not: decoding is independent of the
	// value rules).
	props.Property("decode(encode(x)) == x", prop.ForAll(func(c croschema.CustomerContact) bool {
		want := c
		want.Name = validText(c.Name)
		for _, n := range []*croschema.NullString{&want.Email, &want.Fax, &want.Number} {
			n.String = validText(n.String)
			if !n.Valid {
				n.String = "" // null carries no string
			}
		}
		data, err := json.Marshal(c)
		if err != nil {
			return false
		}
		linted, _ := croschema.LintContact(data)
		var tolerant croschema.CustomerContact
		if err := json.Unmarshal(data, &tolerant); err != nil {
			return false
		}
		return linted == want && tolerant == want
	}, genContact()))

	// canonical encoding is a fixed point
	props.Property("encode(decode(encode(x))) == encode(x)", prop.ForAll(func(c croschema.CustomerContact) bool {
		once := c.AppendJSON(nil)
		d, _ := croschema.LintContact(once)
		return string(d.AppendJSON(nil)) == string(once)
	}, genContact()))

	// Validate and the lint agree on a value's violations
	props.Property("lint(encode(x)) reports what x.Validate() reports", prop.ForAll(func(c croschema.CustomerContact) bool {
		if !utf8.ValidString(c.Name + c.Email.String + c.Fax.String + c.Number.String) {
			return true // the encoder repairs invalid UTF-8, so the two see different strings
		}
		_, lintErr := croschema.LintContact(c.AppendJSON(nil))
		return ownFields(lintErr) == nil && c.Validate() == nil ||
			strings.Join(ownFields(lintErr), ",") == strings.Join(ownFields(c.Validate()), ",")
	}, genContact()))

	// lenient and canonical forms decode to the same value
	props.Property("every boolean form decodes as its canonical value", prop.ForAll(func(forms [][2]string) bool {
		keys := []string{"notify_on_acknowledged_request", "notify_on_completed_request",
			"notify_on_dispatched_request", "notify_on_failed_request", "notify_on_new_request"}
		lenient, canonical := map[string]string{}, map[string]string{}
		for i, k := range keys {
			lenient[k], canonical[k] = forms[i][0], forms[i][1]
		}
		a, errA := croschema.LintContact(docWithAll(lenient))
		b, errB := croschema.LintContact(docWithAll(canonical))
		return errA == nil && errB == nil && a == b
	}, gen.SliceOfN(5, genBoolForm())))

	props.TestingRun(t)
}

// docWithAll returns the sample body with each key of values replaced.
func docWithAll(values map[string]string) []byte {
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range sampleKeys {
		if i > 0 {
			b.WriteByte(',')
		}
		v, ok := values[k]
		if !ok {
			v = sampleValues[k]
		}
		b.WriteString(`"` + k + `":` + v)
	}
	b.WriteByte('}')
	return []byte(b.String())
}
