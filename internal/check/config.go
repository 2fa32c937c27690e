package check

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/internal/redact"
)

// A Token is one credential the engine sends: the main token (Role zero),
// which must be allowed to call every endpoint, or a token of a known role.
type Token struct {
	Role  croschema.Role        // the zero Role: the main token, allowed everywhere
	Value croschema.BearerToken // the whole authorization value, "Bearer ..."
}

// ParseToken reads the value of one -token flag: "TOKEN" for the main
// token, or "ROLE=TOKEN" where ROLE is a role name spelled as RULES.md
// spells it. TOKEN is an authorization value ("Bearer abc.def") or the
// credential alone ("abc.def", sent as "Bearer abc.def"). A value whose
// part before the first "=" is not a role name is a token whole (tokens
// may hold "="). The error never quotes the token.
func ParseToken(s string) (Token, error) {
	var t Token
	if name, rest, ok := strings.Cut(s, "="); ok {
		if r, err := croschema.ParseRole(name); err == nil {
			t.Role, s = r, rest
		}
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return t, errors.New("empty token")
	}
	switch scheme, _, ok := strings.Cut(s, " "); {
	case !ok:
		s = "Bearer " + s
	case !strings.EqualFold(scheme, "bearer"):
		return t, errors.New("the token is not a bearer token: give \"Bearer TOKEN\" or TOKEN alone")
	}
	tok, err := croschema.ParseBearerToken(s)
	if err != nil {
		return t, fmt.Errorf("the token is not an authorization value the API accepts (%d characters): %w", len(s), err)
	}
	t.Value = tok
	return t, nil
}

// Config is what one run does.
type Config struct {
	Tokens    []Token       // at least one that may call every endpoint: a main token or a Dispatcher's
	Tenant    int64         // x-tenant-id of every request that is not about it
	Customers []int64       // the customers it may create contacts under; none: it creates nothing
	Seed      int64         // the seed of every choice
	Requests  int           // the request budget, shrinking included; < 1: DefaultRequests
	Duration  time.Duration // the time budget; 0: none
	Rate      float64       // at most this many requests a second; 0: no limit
	// RejectUnknownTokens says the server takes no token but Tokens: a
	// well-formed other one must get 401 (unknown-token-401). Without it
	// a server may take any well-formed token, as crolint serve without
	// -token does, and no request carries one.
	RejectUnknownTokens bool
	BodyLimit           int64 // the server's body limit; < 1: croschema.DefaultBodyLimit
	Checks              func(*Check) bool
	Progress            func(Progress) // called after every request; nil: none

	// sleep waits d or until ctx is done; nil: time's. Tests set it.
	sleep func(d time.Duration) bool
	now   func() time.Time
	// stop ends the run after a new failure it returns true for, once
	// shrunk; nil: never. Tests that look for one failure set it.
	stop func(*Failure) bool
}

// DefaultRequests is the request budget when Config.Requests is not set.
const DefaultRequests = 1000

// Progress is where a run is, for a progress line.
type Progress struct {
	Requests int           // sent so far
	Budget   int           // the request budget
	Failures int           // distinct failures so far
	Elapsed  time.Duration // since the start
}

// neverBase is the smallest contact id the engine treats as never created:
// no server counting ids from 1 gets there.
const neverBase = int64(1) << 62

// norm fills the defaults and checks c.
func (c *Config) norm() error {
	if c.Requests < 1 {
		c.Requests = DefaultRequests
	}
	if c.BodyLimit < 1 {
		c.BodyLimit = croschema.DefaultBodyLimit
	}
	if c.Checks == nil {
		c.Checks = func(*Check) bool { return true }
	}
	if c.Tenant < 0 {
		return fmt.Errorf("tenant %d: want 0 or more", c.Tenant)
	}
	for _, id := range c.Customers {
		if id < 0 || id >= neverBase {
			return fmt.Errorf("customer %d: want 0 to %d", id, neverBase-1)
		}
	}
	if c.Rate < 0 {
		return fmt.Errorf("rate %v: want 0 (no limit) or more", c.Rate)
	}
	if c.main() == nil {
		return errors.New("no token that may call every endpoint: give -token TOKEN or -token Dispatcher=TOKEN")
	}
	return nil
}

// main returns the token that may call every endpoint: the first without
// a role, else the first Dispatcher's.
func (c *Config) main() *Token {
	for i := range c.Tokens {
		if c.Tokens[i].Role == 0 {
			return &c.Tokens[i]
		}
	}
	for i := range c.Tokens {
		if c.Tokens[i].Role == croschema.RoleDispatcher {
			return &c.Tokens[i]
		}
	}
	return nil
}

// roleTokens returns the tokens with a role, each role once.
func (c *Config) roleTokens() []Token {
	var out []Token
	seen := map[croschema.Role]bool{}
	for _, t := range c.Tokens {
		if t.Role != 0 && !seen[t.Role] {
			seen[t.Role] = true
			out = append(out, t)
		}
	}
	return out
}

// secrets returns the redaction set of every token: their credentials
// (the part after "Bearer ", whose every 4-character run is a secret; the
// scheme is not one).
func (c *Config) secrets() *redact.Set {
	var vals []string
	for _, t := range c.Tokens {
		vals = append(vals, redact.Credential(t.Value.Reveal()))
	}
	return redact.New(vals...)
}

// tokenVar returns the shell variable a report's curl command uses for t:
// TOKEN for the main token, TOKEN_DISPATCHER and so on for a role's.
func tokenVar(t *Token) string {
	if t.Role == 0 {
		return "TOKEN"
	}
	return "TOKEN_" + strings.ToUpper(t.Role.String())
}

func quote(s string) string { return strconv.Quote(s) }
