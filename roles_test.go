package croschema_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/croschema/croschema"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// roleTests is RULES.md "Roles", in the documentation's order; Parse, String,
// Text and Roles tests read it.
type roleTest struct {
	s string
	r croschema.Role
}

var roleTests = []roleTest{
	{"Public", croschema.RolePublic},
	{"Admin", croschema.RoleAdmin},
	{"ClientCustomer", croschema.RoleClientCustomer},
	{"CrmUser", croschema.RoleCrmUser},
	{"Dispatcher", croschema.RoleDispatcher},
	{"Driver", croschema.RoleDriver},
	{"ThirdPartyAdmin", croschema.RoleThirdPartyAdmin},
	{"ThirdPartyCrmUser", croschema.RoleThirdPartyCrmUser},
	{"ThirdPartyDispatcher", croschema.RoleThirdPartyDispatcher},
	{"ThirdPartyDriver", croschema.RoleThirdPartyDriver},
}

// badRoles are not roles: the spelling is exact.
var badRoles = []string{
	"",
	"admin", // letter case matters
	"ADMIN",
	"crmUser",
	"CRMUser",
	"Third Party Admin",
	"ThirdParty",
	"Admin ",
	" Admin",
	"Admins",
	"Role",
	"invalid Role",
	"RoleAdmin",
	"Dispatcher\x00",
	"ᴬdmin",
}

func TestParseRole(t *testing.T) {
	for _, tt := range roleTests {
		t.Run(tt.s, func(t *testing.T) {
			r, err := croschema.ParseRole(tt.s)
			require.NoError(t, err)
			assert.Equal(t, tt.r, r, "ParseRole(%q)", tt.s)
			assert.True(t, r.IsValid())
			assert.Equal(t, tt.s, r.String())
		})
	}
	for _, s := range badRoles {
		t.Run("bad/"+s, func(t *testing.T) {
			r, err := croschema.ParseRole(s)
			require.Error(t, err, "ParseRole(%q) = %v, want error", s, r)
			assert.Zero(t, r)
		})
	}
	_, err := croschema.ParseRole("admin")
	assert.EqualError(t, err, `croschema: ParseRole("admin"): not a known role`)
}

func TestRoleInvalid(t *testing.T) {
	for _, r := range []croschema.Role{0, roleTests[len(roleTests)-1].r + 1, 255} {
		assert.False(t, r.IsValid(), "Role(%d).IsValid()", r)
		assert.Equal(t, "invalid Role", r.String())
	}
}

func TestRolesList(t *testing.T) {
	var want []croschema.Role
	for _, tt := range roleTests {
		want = append(want, tt.r)
	}
	assert.Equal(t, want, croschema.Roles())
}

func TestRoleText(t *testing.T) {
	for _, tt := range roleTests {
		t.Run(tt.s, func(t *testing.T) {
			b, err := tt.r.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, tt.s, string(b))
			var r croschema.Role
			require.NoError(t, r.UnmarshalText(b))
			assert.Equal(t, tt.r, r)

			j, err := json.Marshal([]croschema.Role{tt.r})
			require.NoError(t, err)
			assert.JSONEq(t, `["`+tt.s+`"]`, string(j))
		})
	}
	b, err := croschema.Role(0).MarshalText()
	require.NoError(t, err)
	assert.Empty(t, b)
	r := croschema.RoleAdmin
	require.NoError(t, r.UnmarshalText([]byte{}))
	assert.Zero(t, r)
	_, err = croschema.Role(11).MarshalText()
	assert.EqualError(t, err, "croschema: Role.MarshalText: invalid Role 11")
	for _, s := range badRoles[1:] {
		r := croschema.RoleAdmin
		assert.Error(t, r.UnmarshalText([]byte(s)), "UnmarshalText(%q)", s)
		assert.Equal(t, croschema.RoleAdmin, r)
	}
}

func TestParseRoleAllocs(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() {
		for _, tt := range roleTests {
			if _, err := croschema.ParseRole(tt.s); err != nil {
				t.Fatal(err)
			}
		}
	})
	assert.Zero(t, allocs)
}

func TestRoleProperties(t *testing.T) {
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 500
	props := gopter.NewProperties(params)
	anyRole := gen.IntRange(int(croschema.RolePublic), int(roleTests[len(roleTests)-1].r)).Map(func(i int) croschema.Role { return croschema.Role(i) })

	props.Property("parse(format(r)) == r", prop.ForAll(func(r croschema.Role) bool {
		p, err := croschema.ParseRole(r.String())
		return err == nil && p == r
	}, anyRole))
	props.Property("unmarshal(marshal(r)) == r", prop.ForAll(func(r croschema.Role) bool {
		b, err := r.MarshalText()
		var p croschema.Role
		return err == nil && p.UnmarshalText(b) == nil && p == r
	}, anyRole))
	spellings := column(roleTests, func(tt roleTest) string { return tt.s })
	props.Property("a string parses only when it is a role's spelling", prop.ForAll(func(s string) bool {
		r, err := croschema.ParseRole(s)
		return (err == nil) == slices.Contains(spellings, s) && (err != nil || r.String() == s)
	}, gen.OneGenOf(gen.AnyString(), gen.Identifier(), gen.OneConstOf("admin", "Dispatcher", "driver", "ThirdPartyDriver"))))
	props.TestingRun(t)
}
