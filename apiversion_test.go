package croschema

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// apiVersionTests is SPEC "API versions", in date order. Parse, String,
// Text, JSON and Compare tests all read it; Compare relies on the order.
var apiVersionTests = []struct {
	s string
	v APIVersion
}{
	{"2019/02/08", V2019_02_08},
	{"2021/04/07", V2021_04_07},
	{"2021/05/07", V2021_05_07},
	{"2021/08/02", V2021_08_02},
	{"2021/11/04", V2021_11_04},
	{"2023/04/19", V2023_04_19},
}

// badAPIVersions are spellings that are not versions; SPEC names the first
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
			v, err := ParseAPIVersion(tt.s)
			require.NoError(t, err)
			assert.Equal(t, tt.v, v, "ParseAPIVersion(%q)", tt.s)
			assert.True(t, v.IsValid())
			assert.Equal(t, tt.s, v.String())
			assert.Equal(t, tt.v, MustParseAPIVersion(tt.s))
		})
	}
	for _, s := range badAPIVersions {
		t.Run("bad/"+s, func(t *testing.T) {
			v, err := ParseAPIVersion(s)
			require.Error(t, err, "ParseAPIVersion(%q) = %v, want error", s, v)
			assert.Zero(t, v)
			assert.Equal(t, "croschema: ParseAPIVersion("+quoteTrunc(s)+"): not a known API version", err.Error())
			assert.Panics(t, func() { MustParseAPIVersion(s) })
		})
	}
}

func TestParseAPIVersionErrorText(t *testing.T) {
	_, err := ParseAPIVersion("2019-02-08")
	assert.EqualError(t, err, `croschema: ParseAPIVersion("2019-02-08"): not a known API version`)
}

func TestAPIVersionInvalid(t *testing.T) {
	for _, v := range []APIVersion{LatestAPIVersion + 1, 255} {
		assert.False(t, v.IsValid(), "APIVersion(%d).IsValid()", v)
		assert.Equal(t, "invalid APIVersion", v.String())
	}
	// The zero APIVersion is no version: not valid, and printed as nothing,
	// as MarshalText writes it.
	var zero APIVersion
	assert.False(t, zero.IsValid())
	assert.Equal(t, "", zero.String())
	assert.Equal(t, "{APIVersion: RequestID: ContentType:}", fmt.Sprintf("%+v", ResponseHeaders{}))
}

func TestAPIVersionsList(t *testing.T) {
	var want []APIVersion
	for _, tt := range apiVersionTests {
		want = append(want, tt.v)
	}
	assert.Equal(t, want, APIVersions())
	assert.Equal(t, V2019_02_08, DefaultAPIVersion)
	assert.Equal(t, "2019/02/08", DefaultAPIVersion.String())
	assert.Equal(t, want[len(want)-1], LatestAPIVersion)
	assert.Equal(t, "2023/04/19", LatestAPIVersion.String())
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
		assert.Equal(t, -1, APIVersion(0).Compare(a.v))
	}
	vs := APIVersions()
	rand.Shuffle(len(vs), func(i, j int) { vs[i], vs[j] = vs[j], vs[i] })
	slices.SortFunc(vs, APIVersion.Compare)
	assert.Equal(t, APIVersions(), vs)
}

func TestAPIVersionText(t *testing.T) {
	for _, tt := range apiVersionTests {
		t.Run(tt.s, func(t *testing.T) {
			b, err := tt.v.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, tt.s, string(b))
			var v APIVersion
			require.NoError(t, v.UnmarshalText(b))
			assert.Equal(t, tt.v, v)

			j, err := json.Marshal(struct{ V APIVersion }{tt.v})
			require.NoError(t, err)
			assert.JSONEq(t, `{"V":"`+tt.s+`"}`, string(j))
			var back struct{ V APIVersion }
			require.NoError(t, json.Unmarshal(j, &back))
			assert.Equal(t, tt.v, back.V)
		})
	}
	// The zero APIVersion is "no version": "" both ways, as netip.Addr.
	b, err := APIVersion(0).MarshalText()
	require.NoError(t, err)
	assert.Empty(t, b)
	v := V2021_04_07
	require.NoError(t, v.UnmarshalText(nil))
	assert.Zero(t, v)

	_, err = APIVersion(7).MarshalText()
	assert.EqualError(t, err, "croschema: APIVersion.MarshalText: invalid APIVersion 7")
	_, err = json.Marshal(APIVersion(200))
	assert.Error(t, err)

	for _, s := range badAPIVersions {
		if s == "" {
			continue
		}
		v := V2021_04_07
		assert.Error(t, v.UnmarshalText([]byte(s)), "UnmarshalText(%q)", s)
		assert.Equal(t, V2021_04_07, v, "a failed UnmarshalText leaves the value alone")
	}
}

func TestParseAPIVersionAllocs(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() {
		for _, tt := range apiVersionTests {
			if _, err := ParseAPIVersion(tt.s); err != nil {
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
	anyVersion := gen.IntRange(int(V2019_02_08), int(LatestAPIVersion)).Map(func(i int) APIVersion { return APIVersion(i) })

	props.Property("parse(format(v)) == v", prop.ForAll(func(v APIVersion) bool {
		p, err := ParseAPIVersion(v.String())
		return err == nil && p == v
	}, anyVersion))
	props.Property("unmarshal(marshal(v)) == v", prop.ForAll(func(v APIVersion) bool {
		b, err := v.MarshalText()
		var p APIVersion
		return err == nil && p.UnmarshalText(b) == nil && p == v
	}, anyVersion))
	props.Property("Compare agrees with the dates", prop.ForAll(func(a, b APIVersion) bool {
		return a.Compare(b) == cmp.Compare(a.String(), b.String()) // the spellings sort as the dates
	}, anyVersion, anyVersion))
	props.Property("a string parses only when it is a version's spelling", prop.ForAll(func(s string) bool {
		v, err := ParseAPIVersion(s)
		return (err == nil) == slices.Contains(apiVersionNames[1:], s) && (err != nil || v.String() == s)
	}, gen.OneGenOf(gen.AnyString(), gen.RegexMatch(`20[12][0-9]/[01][0-9]/[0-3][0-9]`))))
	props.TestingRun(t)
}
