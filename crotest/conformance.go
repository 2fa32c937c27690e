package crotest

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/internal/check"
)

// DefaultToken is the authorization Conformance, ConformanceURL and
// FuzzHandler send when neither WithAuthorization nor a Dispatcher's
// WithRoleToken gives one: a well-formed token, which crohttp.Middleware
// without an Authorizer takes for a Dispatcher's.
const DefaultToken = "Bearer Zq3x.Vw8k.Jp5m"

// A CheckOption configures Conformance, ConformanceURL and FuzzHandler.
type CheckOption func(*checkConfig)

// checkConfig is the configuration the options build.
type checkConfig struct {
	cfg  check.Config
	errs []error
}

// WithAuthorization sets the main token: the authorization of every
// request that is not about authorization, which the server must let call
// every endpoint (a Dispatcher's). authorization is a whole header value
// ("Bearer abc.def") or the token alone ("abc.def"). (WithToken is the
// mock's option: the token a Mock accepts.)
func WithAuthorization(authorization string) CheckOption {
	return func(c *checkConfig) { c.addToken(authorization) }
}

// WithRoleToken adds the token of a role, such as croschema.RoleDriver:
// the check "roles" sends it to every endpoint and expects 403 where the
// roles table does not allow the role. A Dispatcher's token is the main
// token when WithAuthorization gives none.
func WithRoleToken(role croschema.Role, authorization string) CheckOption {
	return func(c *checkConfig) { c.addToken(role.String() + "=" + authorization) }
}

func (c *checkConfig) addToken(s string) {
	t, err := check.ParseToken(s)
	if err != nil {
		c.errs = append(c.errs, err)
		return
	}
	c.cfg.Tokens = append(c.cfg.Tokens, t)
}

// WithUnknownTokensRejected says the server takes no token but those the
// options give: the check "unknown-token-401" sends a well-formed other
// one, which must get 401. Without it the server may take any token (as
// crohttp.Middleware does without an Authorizer).
func WithUnknownTokensRejected() CheckOption {
	return func(c *checkConfig) { c.cfg.RejectUnknownTokens = true }
}

// WithTenant sets x-tenant-id (default 1).
func WithTenant(id int64) CheckOption { return func(c *checkConfig) { c.cfg.Tenant = id } }

// WithCustomers sets the customers the checks may create contacts under
// (default 1). With none (WithCustomers()), nothing is created, and the
// checks that need a contact are skipped.
func WithCustomers(ids ...int64) CheckOption {
	return func(c *checkConfig) { c.cfg.Customers = append([]int64(nil), ids...) }
}

// WithSeed sets the seed of every choice (default 1): the same seed sends
// the same requests to the same server.
func WithSeed(seed int64) CheckOption { return func(c *checkConfig) { c.cfg.Seed = seed } }

// WithRequests sets the request budget, shrinking included (default 1000
// for Conformance, 40 per input for FuzzHandler).
func WithRequests(n int) CheckOption { return func(c *checkConfig) { c.cfg.Requests = n } }

// WithDuration sets a time budget (default none).
func WithDuration(d time.Duration) CheckOption { return func(c *checkConfig) { c.cfg.Duration = d } }

// WithChecks selects the checks: "all" (default), "docs" (those the
// public documentation states), "decision" (RULES.md's decisions), or
// check names separated by commas ("reject-body,patch-semantics"). crolint
// check -h lists the checks.
func WithChecks(spec string) CheckOption {
	return func(c *checkConfig) {
		f, msg := check.Select(spec)
		if msg != "" {
			c.errs = append(c.errs, errors.New(msg))
			return
		}
		c.cfg.Checks = f
	}
}

// WithServerBodyLimit tells the checks the server's body limit in bytes,
// as crohttp.WithBodyLimit sets it (default croschema.DefaultBodyLimit):
// a body one byte larger must get 413.
func WithServerBodyLimit(n int64) CheckOption {
	return func(c *checkConfig) { c.cfg.BodyLimit = n }
}

// newCheckConfig applies opts over the defaults.
func newCheckConfig(requests int, opts []CheckOption) (check.Config, error) {
	c := checkConfig{cfg: check.Config{Tenant: 1, Customers: []int64{1}, Seed: 1, Requests: requests}}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if !slices.ContainsFunc(c.cfg.Tokens, func(t check.Token) bool {
		return t.Role == 0 || t.Role == croschema.RoleDispatcher
	}) {
		c.addToken(DefaultToken) // the main token, beside any role's
	}
	if err := errors.Join(c.errs...); err != nil {
		return check.Config{}, err
	}
	return c.cfg, nil
}

// Conformance drives h, in process, with generated requests and fails t
// with a report of every way its answers differ from those RULES.md
// "Serving the API" gives: the status of every row of the status table
// and their order, the exact error body, the headers of every answer and
// their echoes, HEAD and OPTIONS, valid bodies and header sets accepted,
// every one-rule break of every key, header and path parameter rejected,
// Creates stored as given with their defaults, PATCH's set, null and
// omitted keys, ids, roles, no 5xx, and no token in any answer. Each
// failure is reported once per cause with the smallest request found that
// shows it and a curl command (its URL starts with $BASE). It returns
// whether h conforms.
//
// h is called as net/http's server would call it (see crolint check for
// the same checks against a running server of any language). By default
// the requests use DefaultToken, tenant 1, and create contacts under
// customer 1; 1000 requests with seed 1.
func Conformance(t testing.TB, h http.Handler, opts ...CheckOption) bool {
	t.Helper()
	return conformance(t, check.NewHandlerTarget(h), nil, opts)
}

// ConformanceURL is Conformance against the server at baseURL, such as an
// httptest.Server's URL or "http://127.0.0.1:8003/api": every request goes
// to baseURL's origin, under its path, and no redirect is followed.
func ConformanceURL(t testing.TB, baseURL string, opts ...CheckOption) bool {
	t.Helper()
	target, err := check.NewHTTPTarget(baseURL, 0)
	return conformance(t, target, err, opts)
}

func conformance(t testing.TB, target check.Target, err error, opts []CheckOption) bool {
	t.Helper()
	if err != nil {
		t.Errorf("crotest: ConformanceURL: %v", err)
		return false
	}
	cfg, err := newCheckConfig(check.DefaultRequests, opts)
	if err != nil {
		t.Errorf("crotest: Conformance: %v", err)
		return false
	}
	rep, err := check.Run(context.Background(), target, cfg)
	if err != nil {
		t.Errorf("crotest: Conformance: %v", err)
		return false
	}
	if rep.Err == nil && !rep.Failed() {
		return true
	}
	head := "crotest: the server does not conform (" + strconv.Itoa(len(rep.Failures)) + " failures):\n"
	if len(rep.Failures) == 1 {
		head = "crotest: the server does not conform (1 failure):\n"
	}
	if rep.Err != nil {
		head = "crotest: the server could not be checked:\n"
	}
	t.Errorf("%s%s", head, rep.Text())
	return false
}
