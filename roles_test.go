package croschema

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// roleTests is SPEC "Roles", in the documentation's order; Parse, String,
// Text and Roles tests read it.
var roleTests = []struct {
	s string
	r Role
}{
	{"Public", RolePublic},
	{"Admin", RoleAdmin},
	{"ClientCustomer", RoleClientCustomer},
	{"CrmUser", RoleCrmUser},
	{"Dispatcher", RoleDispatcher},
	{"Driver", RoleDriver},
	{"ThirdPartyAdmin", RoleThirdPartyAdmin},
	{"ThirdPartyCrmUser", RoleThirdPartyCrmUser},
	{"ThirdPartyDispatcher", RoleThirdPartyDispatcher},
	{"ThirdPartyDriver", RoleThirdPartyDriver},
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
			r, err := ParseRole(tt.s)
			require.NoError(t, err)
			assert.Equal(t, tt.r, r, "ParseRole(%q)", tt.s)
			assert.True(t, r.IsValid())
			assert.Equal(t, tt.s, r.String())
			assert.Equal(t, tt.r, MustParseRole(tt.s))
		})
	}
	for _, s := range badRoles {
		t.Run("bad/"+s, func(t *testing.T) {
			r, err := ParseRole(s)
			require.Error(t, err, "ParseRole(%q) = %v, want error", s, r)
			assert.Zero(t, r)
			assert.Panics(t, func() { MustParseRole(s) })
		})
	}
	_, err := ParseRole("admin")
	assert.EqualError(t, err, `croschema: ParseRole("admin"): not a known role`)
}

func TestRoleInvalid(t *testing.T) {
	for _, r := range []Role{0, roleLast + 1, 255} {
		assert.False(t, r.IsValid(), "Role(%d).IsValid()", r)
		assert.Equal(t, "invalid Role", r.String())
	}
}

func TestRolesList(t *testing.T) {
	var want []Role
	for _, tt := range roleTests {
		want = append(want, tt.r)
	}
	assert.Equal(t, want, Roles())
}

func TestRoleText(t *testing.T) {
	for _, tt := range roleTests {
		t.Run(tt.s, func(t *testing.T) {
			b, err := tt.r.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, tt.s, string(b))
			var r Role
			require.NoError(t, r.UnmarshalText(b))
			assert.Equal(t, tt.r, r)

			j, err := json.Marshal([]Role{tt.r})
			require.NoError(t, err)
			assert.JSONEq(t, `["`+tt.s+`"]`, string(j))
		})
	}
	b, err := Role(0).MarshalText()
	require.NoError(t, err)
	assert.Empty(t, b)
	r := RoleAdmin
	require.NoError(t, r.UnmarshalText([]byte{}))
	assert.Zero(t, r)
	_, err = Role(11).MarshalText()
	assert.EqualError(t, err, "croschema: Role.MarshalText: invalid Role 11")
	for _, s := range badRoles[1:] {
		r := RoleAdmin
		assert.Error(t, r.UnmarshalText([]byte(s)), "UnmarshalText(%q)", s)
		assert.Equal(t, RoleAdmin, r)
	}
}

func TestParseRoleAllocs(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() {
		for _, tt := range roleTests {
			if _, err := ParseRole(tt.s); err != nil {
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
	anyRole := gen.IntRange(int(RolePublic), int(roleLast)).Map(func(i int) Role { return Role(i) })

	props.Property("parse(format(r)) == r", prop.ForAll(func(r Role) bool {
		p, err := ParseRole(r.String())
		return err == nil && p == r
	}, anyRole))
	props.Property("unmarshal(marshal(r)) == r", prop.ForAll(func(r Role) bool {
		b, err := r.MarshalText()
		var p Role
		return err == nil && p.UnmarshalText(b) == nil && p == r
	}, anyRole))
	props.Property("a string parses only when it is a role's spelling", prop.ForAll(func(s string) bool {
		r, err := ParseRole(s)
		return (err == nil) == slices.Contains(roleNames[1:], s) && (err != nil || r.String() == s)
	}, gen.OneGenOf(gen.AnyString(), gen.Identifier(), gen.OneConstOf("admin", "Dispatcher", "driver", "ThirdPartyDriver"))))
	props.TestingRun(t)
}
