package croschema

import (
	"errors"
	"strconv"
)

// A Role is a kind of user of the API. Roles are spelled exactly as the API
// documents them: "Public", "Admin", "ClientCustomer", "CrmUser",
// "Dispatcher", "Driver", "ThirdPartyAdmin", "ThirdPartyCrmUser",
// "ThirdPartyDispatcher" and "ThirdPartyDriver".
//
// The zero Role is not a valid role.
type Role uint8

// The roles, in the documentation's order.
const (
	RolePublic               Role = iota + 1 // "Public"
	RoleAdmin                                // "Admin"
	RoleClientCustomer                       // "ClientCustomer"
	RoleCrmUser                              // "CrmUser"
	RoleDispatcher                           // "Dispatcher"
	RoleDriver                               // "Driver"
	RoleThirdPartyAdmin                      // "ThirdPartyAdmin"
	RoleThirdPartyCrmUser                    // "ThirdPartyCrmUser"
	RoleThirdPartyDispatcher                 // "ThirdPartyDispatcher"
	RoleThirdPartyDriver                     // "ThirdPartyDriver"

	roleLast = RoleThirdPartyDriver
)

var roleNames = [...]string{
	RolePublic:               "Public",
	RoleAdmin:                "Admin",
	RoleClientCustomer:       "ClientCustomer",
	RoleCrmUser:              "CrmUser",
	RoleDispatcher:           "Dispatcher",
	RoleDriver:               "Driver",
	RoleThirdPartyAdmin:      "ThirdPartyAdmin",
	RoleThirdPartyCrmUser:    "ThirdPartyCrmUser",
	RoleThirdPartyDispatcher: "ThirdPartyDispatcher",
	RoleThirdPartyDriver:     "ThirdPartyDriver",
}

// Roles returns every role, in the documentation's order.
func Roles() []Role {
	rs := make([]Role, 0, roleLast)
	for r := RolePublic; r <= roleLast; r++ {
		rs = append(rs, r)
	}
	return rs
}

// ParseRole parses a role spelled exactly as documented, such as
// "Dispatcher" or "ThirdPartyCrmUser". Letter case matters: "admin",
// "ADMIN" and "Third Party Admin" are errors, as are "" and unknown names:
//
//	croschema: ParseRole("admin"): not a known role
func ParseRole(s string) (Role, error) {
	r, ok := parseRole(s)
	if !ok {
		return 0, &parseError{fn: "ParseRole", in: s, reason: "not a known role"}
	}
	return r, nil
}

// parseRole is the one parser of roles, shared by [ParseRole] and
// UnmarshalText. It never allocates.
func parseRole(s string) (Role, bool) {
	for r := RolePublic; r <= roleLast; r++ {
		if roleNames[r] == s {
			return r, true
		}
	}
	return 0, false
}

// IsValid reports whether r is one of the documented roles.
func (r Role) IsValid() bool {
	return RolePublic <= r && r <= roleLast
}

// String returns the role as documented, such as "ClientCustomer", or
// "invalid Role" when r is not valid (the zero Role included).
func (r Role) String() string {
	if !r.IsValid() {
		return "invalid Role"
	}
	return roleNames[r]
}

// MarshalText implements encoding.TextMarshaler. A valid role encodes as
// String does ("Dispatcher"); the zero Role encodes as the empty string, as
// netip.Addr does; any other value is an error.
func (r Role) MarshalText() ([]byte, error) {
	if r == 0 {
		return []byte{}, nil
	}
	if !r.IsValid() {
		return nil, errors.New("croschema: Role.MarshalText: invalid Role " + strconv.Itoa(int(r)))
	}
	return []byte(roleNames[r]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler. It accepts what
// [ParseRole] accepts, and the empty string, which sets the zero Role so that
// MarshalText's output always round-trips.
func (r *Role) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*r = 0
		return nil
	}
	p, err := ParseRole(string(text))
	if err != nil {
		return err
	}
	*r = p
	return nil
}

// roleSet is a set of roles, one bit per Role.
type roleSet uint16

func newRoleSet(rs ...Role) roleSet {
	var s roleSet
	for _, r := range rs {
		s |= 1 << r
	}
	return s
}

// has reports whether r is a valid role in s.
func (s roleSet) has(r Role) bool {
	return r.IsValid() && s&(1<<r) != 0
}

// roles returns the members of s, in the documentation's order.
func (s roleSet) roles() []Role {
	var rs []Role
	for r := RolePublic; r <= roleLast; r++ {
		if s.has(r) {
			rs = append(rs, r)
		}
	}
	return rs
}
