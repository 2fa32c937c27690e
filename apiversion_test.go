package croschema_test

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/croschema/croschema"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// apiVersionTests is RULES.md "API versions", in date order. Parse, String,
// Text, JSON and Compare tests all read it; Compare relies on the order.
type apiVersionTest struct {
	s string
	v croschema.APIVersion
}

var apiVersionTests = []apiVersionTest{
	{"2019/02/08", croschema.V2019_02_08},
	{"2021/04/07", croschema.V2021_04_07},
	{"2021/05/07", croschema.V2021_05_07},
	{"2021/08/02", croschema.V2021_08_02},
	{"2021/11/04", croschema.V2021_11_04},
	{"2023/04/19", croschema.V2023_04_19},
}

// badAPIVersions are spellings that are not versions; RULES.md names the first
// four.
var badAPIVersions = []string{
	"2019/2/8",   // not zero-padded
	"2019-02-08", // ISO dashes
	"2024/01/01", // an unknown date
	"",
	" 2019/02/08", // the header rule trims, ParseAPIVersion does not
	"2019/02/08 ",
	"2019/02/08\n",
	"20190208",
	"2019/02/08/",
	"2019/02/09", // a day off
	"2022/04/19",
	"v2019/02/08",
	"２０19/02/08", // fullwidth digits
	"2019／02／08", // fullwidth solidus
	"invalid APIVersion",
	"V2019_02_08",
	"2019/02/0",
}

func TestParseAPIVersion(t *testing.T) {
	for _, tt := range apiVersionTests {
		t.Run(tt.s, func(t *testing.T) {
			v, err := croschema.ParseAPIVersion(tt.s)
			require.NoError(t, err)
			assert.Equal(t, tt.v, v, "ParseAPIVersion(%q)", tt.s)
			assert.True(t, v.IsValid())
			assert.Equal(t, tt.s, v.String())
		})
	}
	for _, s := range badAPIVersions {
		t.Run("bad/"+s, func(t *testing.T) {
			v, err := croschema.ParseAPIVersion(s)
			require.Error(t, err, "ParseAPIVersion(%q) = %v, want error", s, v)
			assert.Zero(t, v)
			// Every bad input here is short enough to be quoted whole.
			assert.Equal(t, "croschema: ParseAPIVersion("+strconv.Quote(s)+"): not a known API version", err.Error())
		})
	}
}

// TestParseAPIVersionLongInput: the error quotes at most 64 bytes of the
// input.
func TestParseAPIVersionLongInput(t *testing.T) {
	_, err := croschema.ParseAPIVersion(strings.Repeat("2019/02/08", 100))
	assert.EqualError(t, err, `croschema: ParseAPIVersion("`+strings.Repeat("2019/02/08", 6)+`2019"...): not a known API version`)
}

func TestAPIVersionInvalid(t *testing.T) {
	for _, v := range []croschema.APIVersion{croschema.LatestAPIVersion + 1, 255} {
		assert.False(t, v.IsValid(), "APIVersion(%d).IsValid()", v)
		assert.Equal(t, "invalid APIVersion", v.String())
	}
	// The zero APIVersion is no version: not valid, and printed as nothing,
	// as MarshalText writes it.
	var zero croschema.APIVersion
	assert.False(t, zero.IsValid())
	assert.Equal(t, "", zero.String())
	assert.Equal(t, "{APIVersion: RequestID: ContentType:}", fmt.Sprintf("%+v", croschema.ResponseHeaders{}))
}

func TestAPIVersionsList(t *testing.T) {
	var want []croschema.APIVersion
	for _, tt := range apiVersionTests {
		want = append(want, tt.v)
	}
	assert.Equal(t, want, croschema.APIVersions())
	assert.Equal(t, croschema.V2019_02_08, croschema.DefaultAPIVersion)
	assert.Equal(t, "2019/02/08", croschema.DefaultAPIVersion.String())
	assert.Equal(t, want[len(want)-1], croschema.LatestAPIVersion)
	assert.Equal(t, "2023/04/19", croschema.LatestAPIVersion.String())
}

func TestAPIVersionCompare(t *testing.T) {
	for i, a := range apiVersionTests {
		for j, b := range apiVersionTests {
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			assert.Equal(t, want, a.v.Compare(b.v), "%v.Compare(%v)", a.v, b.v)
		}
		assert.Equal(t, 1, a.v.Compare(0), "the zero APIVersion sorts first")
		assert.Equal(t, -1, croschema.APIVersion(0).Compare(a.v))
	}
	vs := croschema.APIVersions()
	rand.Shuffle(len(vs), func(i, j int) { vs[i], vs[j] = vs[j], vs[i] })
	slices.SortFunc(vs, croschema.APIVersion.Compare)
	assert.Equal(t, croschema.APIVersions(), vs)
}

func TestAPIVersionText(t *testing.T) {
	for _, tt := range apiVersionTests {
		t.Run(tt.s, func(t *testing.T) {
			b, err := tt.v.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, tt.s, string(b))
			var v croschema.APIVersion
			require.NoError(t, v.UnmarshalText(b))
			assert.Equal(t, tt.v, v)

			j, err := json.Marshal(struct{ V croschema.APIVersion }{tt.v})
			require.NoError(t, err)
			assert.JSONEq(t, `{"V":"`+tt.s+`"}`, string(j))
			var back struct{ V croschema.APIVersion }
			require.NoError(t, json.Unmarshal(j, &back))
			assert.Equal(t, tt.v, back.V)
		})
	}
	// The zero APIVersion is "no version": "" both ways, as netip.Addr.
	b, err := croschema.APIVersion(0).MarshalText()
	require.NoError(t, err)
	assert.Empty(t, b)
	v := croschema.V2021_04_07
	require.NoError(t, v.UnmarshalText(nil))
	assert.Zero(t, v)

	_, err = croschema.APIVersion(7).MarshalText()
	assert.EqualError(t, err, "croschema: APIVersion.MarshalText: invalid APIVersion 7")
	_, err = json.Marshal(croschema.APIVersion(200))
	assert.Error(t, err)

	for _, s := range badAPIVersions {
		if s == "" {
			continue
		}
		v := croschema.V2021_04_07
		assert.Error(t, v.UnmarshalText([]byte(s)), "UnmarshalText(%q)", s)
		assert.Equal(t, croschema.V2021_04_07, v, "a failed UnmarshalText leaves the value alone")
	}
}

func TestParseAPIVersionAllocs(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() {
		for _, tt := range apiVersionTests {
			if _, err := croschema.ParseAPIVersion(tt.s); err != nil {
				t.Fatal(err)
			}
		}
	})
	assert.Zero(t, allocs)
}

func TestAPIVersionProperties(t *testing.T) {
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 500
	props := gopter.NewProperties(params)
	anyVersion := gen.IntRange(int(croschema.V2019_02_08), int(croschema.LatestAPIVersion)).Map(func(i int) croschema.APIVersion { return croschema.APIVersion(i) })

	props.Property("parse(format(v)) == v", prop.ForAll(func(v croschema.APIVersion) bool {
		p, err := croschema.ParseAPIVersion(v.String())
		return err == nil && p == v
	}, anyVersion))
	props.Property("unmarshal(marshal(v)) == v", prop.ForAll(func(v croschema.APIVersion) bool {
		b, err := v.MarshalText()
		var p croschema.APIVersion
		return err == nil && p.UnmarshalText(b) == nil && p == v
	}, anyVersion))
	props.Property("Compare agrees with the dates", prop.ForAll(func(a, b croschema.APIVersion) bool {
		return a.Compare(b) == cmp.Compare(a.String(), b.String()) // the spellings sort as the dates
	}, anyVersion, anyVersion))
	spellings := column(apiVersionTests, func(tt apiVersionTest) string { return tt.s })
	props.Property("a string parses only when it is a version's spelling", prop.ForAll(func(s string) bool {
		v, err := croschema.ParseAPIVersion(s)
		return (err == nil) == slices.Contains(spellings, s) && (err != nil || v.String() == s)
	}, gen.OneGenOf(gen.AnyString(), gen.RegexMatch(`20[12][0-9]/[01][0-9]/[0-3][0-9]`))))
	props.TestingRun(t)
}
