package croschema_test

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crovalidator"
	"github.com/go-playground/validator/v10"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Shared scaffolding of the tests in package croschema_test: the sample
// documents, violation helpers, the golden files flag, the validator.

// sampleKeys and sampleValues are the documented sample response body,
// key by key (testdata/get-contact.response.json holds it verbatim).
var sampleKeys = []string{"email", "fax", "id", "name", "notify_on_acknowledged_request",
	"notify_on_completed_request", "notify_on_dispatched_request", "notify_on_failed_request",
	"notify_on_new_request", "number"}

var sampleValues = map[string]string{
	"email": `"shaneduty@gmail.com"`, "fax": `null`, "id": `1`, "name": `"George"`,
	"notify_on_acknowledged_request": `false`, "notify_on_completed_request": `true`,
	"notify_on_dispatched_request": `true`, "notify_on_failed_request": `true`,
	"notify_on_new_request": `true`, "number": `"360-555-1212"`,
}

// docWith returns the sample body with key set to the raw JSON value, or
// without key when value is "".
func docWith(key, value string) []byte {
	var b strings.Builder
	b.WriteByte('{')
	first := true
	for _, k := range sampleKeys {
		v := sampleValues[k]
		if k == key {
			v = value
		}
		if v == "" {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		b.WriteString(strconv.Quote(k) + ":" + v)
	}
	b.WriteByte('}')
	return []byte(b.String())
}

func sampleWith(t *testing.T, key, value string) []byte {
	t.Helper()
	_, ok := sampleValues[key]
	require.True(t, ok, "no key %q in the sample", key)
	return docWith(key, value)
}

// violationsOf returns the Violations in err, failing when err is another
// kind of error.
func violationsOf(t *testing.T, err error) croschema.Violations {
	t.Helper()
	if err == nil {
		return nil
	}
	var vs croschema.Violations
	require.True(t, errors.As(err, &vs), "error %v (%T) is not a Violations", err, err)
	require.NotEmpty(t, vs, "a non-nil error holds at least one violation")
	return vs
}

func assertOnlyViolation(t *testing.T, err error, location string, code croschema.Code) {
	t.Helper()
	vs := violationsOf(t, err)
	require.Len(t, vs, 1, "want exactly one violation %s at %q, got %v", code, location, vs)
	assert.Equal(t, location, vs[0].Location, "location of %v", vs[0])
	assert.Equal(t, code, vs[0].Code, "code of %v", vs[0])
	assert.NotEmpty(t, vs[0].Detail)
}

// violations returns the Violations in err, or nil.
func violations(err error) croschema.Violations {
	var vs croschema.Violations
	errors.As(err, &vs)
	return vs
}

// locationCodes returns the violations of err as "location: code", nil for
// no error, failing t when err is not a Violations.
func locationCodes(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var vs croschema.Violations
	require.True(t, errors.As(err, &vs), "error %T is not a Violations", err)
	require.NotEmpty(t, vs, "a non-nil error holds a violation")
	var out []string
	for _, v := range vs {
		out = append(out, v.Location+": "+string(v.Code))
	}
	return out
}

// testValidator is a caller's validator with our tags registered.
var testValidator = func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	if err := crovalidator.Register(v); err != nil {
		panic(err)
	}
	return v
}()

// ownFields returns the json keys Validate finds invalid.
func ownFields(err error) []string {
	var keys []string
	var vs croschema.Violations
	if errors.As(err, &vs) {
		for _, v := range vs {
			keys = append(keys, strings.TrimPrefix(v.Location, "/"))
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// genText generates strings around the bounds of the text rules: short,
// long, multi-byte, invalid UTF-8, email-ish and not.
func genText() gopter.Gen {
	return gen.OneGenOf(
		gen.AlphaString(),
		gen.IntRange(0, 300).Map(func(n int) string { return strings.Repeat("é", n) }),
		gen.IntRange(0, 300).Map(func(n int) string { return strings.Repeat("x", n) }),
		gen.OneConstOf("", "a@example.com", "a@example.com, b@example.org", "a@example.com,", "no at sign",
			"555-1234", "\xff\xfe", "George", " ", "😀😀😀😀😀😀😀"),
	)
}

func genNullString() gopter.Gen {
	return gopter.CombineGens(genText(), gen.Bool()).Map(func(v []any) croschema.NullString {
		return croschema.NullString{String: v[0].(string), Valid: v[1].(bool)}
	})
}

// update rewrites every golden file from what the code makes now: the
// violations of testdata/{contact,create-contact,update-contact,error}/*.json
// and testdata/http/*.http, the schemas of testdata/schema and the crogen
// seeds of testdata/fuzz. It is the one such flag: go test -update.
var update = flag.Bool("update", false, "rewrite every golden file under testdata/ (violations, schemas, crogen fuzz seeds)")

// checkGolden compares got with the golden file at path, after writing
// got there when -update is set.
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create it")
	assert.Equal(t, string(want), string(got), "%s is stale: run go test -update", path)
}

// column returns f of every row of a test table, such as the spellings of
// the roles.
func column[T, V any](rows []T, f func(T) V) []V {
	out := make([]V, len(rows))
	for i, r := range rows {
		out[i] = f(r)
	}
	return out
}

func genOptional[T string | bool](g gopter.Gen) gopter.Gen {
	return gopter.CombineGens(g, gen.IntRange(0, 2)).Map(func(v []any) croschema.Optional[T] {
		o := croschema.Optional[T]{Presence: croschema.Presence(v[1].(int))}
		if o.Presence == croschema.PresenceValue {
			o.Value = v[0].(T)
		}
		return o
	})
}
