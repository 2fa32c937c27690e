package check

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/internal/inert"
)

// A row is a row of RULES.md's status table, in the order a server checks
// them: the first row that applies to a request decides its status.
type row uint8

const (
	rowPath     row = iota // 404: the path names no endpoint
	rowMethod              // 405
	rowAuth                // 401: authorization missing or invalid, or a token the server does not know
	rowTenant              // 403: x-tenant-id missing, or a role the endpoint does not allow
	rowMedia               // 415
	rowSize                // 413
	rowBad                 // 400
	rowNotFound            // 404: no such contact
	rowOK                  // 200
)

var rowStatus = [...]int{404, 405, 401, 403, 415, 413, 400, 404, 200}

var rowName = [...]string{"404 (path)", "405", "401", "403", "415", "413", "400", "404 (no such contact)", "200"}

// rowOf returns the row of one violation of a request.
func rowOf(v croschema.Violation) row {
	switch croschema.Status(croschema.Violations{v}) {
	case http.StatusNotFound:
		return rowPath
	case http.StatusMethodNotAllowed:
		return rowMethod
	case http.StatusUnauthorized:
		return rowAuth
	case http.StatusForbidden:
		return rowTenant
	case http.StatusUnsupportedMediaType:
		return rowMedia
	case http.StatusRequestEntityTooLarge:
		return rowSize
	}
	return rowBad
}

// An expectation is the answer RULES.md "Serving the API" gives one
// request, as far as the engine can know it.
type expectation struct {
	statuses []int  // the table's status first; the others are also right
	row      row    // the row that decides
	rows     []row  // every row that applies, in table order
	check    *Check // the check the status belongs to
	label    string // what decides the status, stable across requests of the same kind: a failure's cause

	lint    croschema.Request    // as LintRequest read it, for LintResponse
	vs      croschema.Violations // the violations the server must find
	first   *croschema.Violation // the first violation of the deciding row, when violations decide
	errBody *croschema.APIError  // the exact error body, when violations decide
	altBody *croschema.APIError  // another right error body (a 415 whose server read the body)

	endpoint croschema.Endpoint
	params   croschema.PathParams
	contact  *croschema.CustomerContact       // Get and Update: the contact the success returns
	create   *croschema.CustomerContact       // Create: the contact stored, without its id
	update   *croschema.UpdateCustomerContact // Update: the body
	tok      *Token                           // the known token the request carries, if any
}

// expect returns the expectation of r, sent with the session as it is.
// okCheck is the check of a valid request's status (nil: by endpoint).
func (s *session) expect(r *Request, okCheck *Check) expectation {
	h := r.wireHeader()
	lint, err := croschema.LintRequestHead(r.Method, r.Path, h)
	head := asViolations(err)
	e := expectation{endpoint: lint.Endpoint, params: lint.Params}

	if r.Method == http.MethodOptions {
		e.row, e.check = rowOK, Options
		e.statuses = []int{http.StatusNoContent}
		e.label = "OPTIONS on a path allowing " + lint.Allow
		if lint.Allow == "" {
			e.row, e.statuses, e.label = rowPath, []int{http.StatusNotFound}, "OPTIONS on an unknown path"
		}
		e.lint = lint
		return e
	}

	// Every row that applies, with the violations that put it there.
	var rows []row
	add := func(rw row) {
		if !slices.Contains(rows, rw) {
			rows = append(rows, rw)
		}
	}
	for _, v := range head {
		add(rowOf(v))
	}

	// The server's own checks of the token: a token it does not know, a
	// role the endpoint does not allow. A server asks them once the request
	// line and authorization are good; one that needs the tenant to ask may
	// answer a missing or malformed x-tenant-id first (crohttp does), so
	// that answer is right too.
	e.tok = s.token(lint.Headers.Authorization)
	serverAuth := ""
	if lint.Endpoint.IsValid() && !slices.Contains(rows, rowAuth) && !slices.Contains(rows, rowPath) && !slices.Contains(rows, rowMethod) {
		var alt []int
		if head.Has("x-tenant-id", croschema.CodeRequired) {
			alt = []int{http.StatusForbidden}
		} else if head.Has("x-tenant-id", croschema.CodeInteger) || head.Has("x-tenant-id", croschema.CodeDuplicateKey) {
			alt = []int{http.StatusBadRequest}
		}
		switch {
		case e.tok == nil && !lint.Headers.Authorization.IsZero() && !s.cfg.RejectUnknownTokens:
			// A server may take any well-formed token; the probes send
			// none it was not given.
			e.statuses = []int{http.StatusUnauthorized}
		case e.tok == nil && !lint.Headers.Authorization.IsZero():
			add(rowAuth)
			serverAuth = "token"
			e.statuses = alt
		case e.tok != nil && e.tok.Role != 0 && !lint.Endpoint.Allows(e.tok.Role):
			add(rowTenant)
			serverAuth = "role " + e.tok.Role.String() + " on " + lint.Endpoint.Name()
			e.statuses = alt
		}
	}

	// The body, read by a server whose head checks passed.
	var body croschema.Violations
	if lint.Endpoint.IsValid() {
		switch {
		case int64(r.bodyLen()) > s.cfg.BodyLimit:
			body = asViolations(lint.BodyTooLarge(s.cfg.BodyLimit))
		case lint.Endpoint.RequestModel() != croschema.ModelNone || r.bodyLen() > 0:
			body = asViolations(lint.LintBody(r.Body))
		}
		for _, v := range body {
			add(rowOf(v))
		}
	}
	all := append(slices.Clip(head), body...)

	// A well-formed request for a contact that does not exist.
	if lint.Endpoint.IsValid() && lint.Endpoint != croschema.CreateContact && !hasParamViolation(head) {
		if _, ok := s.model[key{lint.Params.CustomerID, lint.Params.CustomerContactID}]; !ok {
			add(rowNotFound)
		}
	}
	if len(rows) == 0 {
		add(rowOK)
	}
	slices.Sort(rows)
	e.rows, e.row = rows, rows[0]
	e.lint = lint
	e.vs = all
	e.statuses = append([]int{rowStatus[e.row]}, e.statuses...)

	method := r.Method
	switch e.row {
	case rowPath, rowMethod:
		// ErrorFromViolations keeps only the request line's violations.
		e.errBody = crohttp.ErrorFromViolations(head)
		e.first = firstOf(head, e.row)
	case rowAuth, rowTenant:
		// A violation of the row decides before the server's own checks.
		if f := firstOf(head, e.row); f != nil {
			e.errBody = crohttp.ErrorFromViolations(head)
			e.first = f
			serverAuth = ""
		}
	case rowMedia:
		e.errBody = crohttp.ErrorFromViolations(head)
		e.altBody = crohttp.ErrorFromViolations(all)
		e.first = firstOf(head, e.row)
	case rowSize, rowBad:
		e.errBody = crohttp.ErrorFromViolations(all)
		e.first = firstOf(all, e.row)
	case rowOK:
		switch lint.Endpoint {
		case croschema.CreateContact:
			c, err := lint.Create().Contact()
			if err == nil {
				e.create = &c
			}
		case croschema.UpdateContact:
			c := s.model[key{lint.Params.CustomerID, lint.Params.CustomerContactID}]
			u := *lint.Update()
			u.Apply(&c)
			e.contact, e.update = &c, &u
		default:
			c := s.model[key{lint.Params.CustomerID, lint.Params.CustomerContactID}]
			e.contact = &c
		}
	}

	// The label: what decides, in words that do not change with the
	// values of the request.
	switch {
	case e.first != nil && e.first.Code == croschema.CodePath:
		e.label = "a path that names no endpoint"
	case e.first != nil && e.first.Code == croschema.CodeMethod:
		e.label = "a method its path does not allow (the path allows " + lint.Allow + ")"
	case e.first != nil:
		e.label = method + " " + violationLabel(*e.first)
	case serverAuth == "token":
		e.label = method + " with a token the server does not know"
	case serverAuth != "":
		e.label = method + " by " + serverAuth
	case e.row == rowNotFound:
		e.label = method + " of a contact never created"
	default:
		e.label = "valid " + method + " " + lint.Endpoint.Name()
	}
	if len(rows) > 1 {
		names := make([]string, len(rows)-1)
		for i, rw := range rows[1:] {
			names[i] = rowName[rw]
		}
		e.label += " (" + rowName[e.row] + " before " + strings.Join(names, ", ") + ")"
	}

	// The check the status belongs to.
	switch {
	case len(rows) > 1:
		e.check = Precedence
	case r.Method == http.MethodHead && (e.row == rowOK || e.row == rowNotFound):
		e.check = Head
	case e.row == rowOK:
		e.check = okCheck
		if e.check == nil {
			e.check = map[croschema.Endpoint]*Check{croschema.CreateContact: AcceptBody,
				croschema.UpdateContact: AcceptBody, croschema.GetContact: GetStored}[lint.Endpoint]
		}
	default:
		e.check = rowCheck(e.row, e.first, serverAuth, r)
	}
	return e
}

// rowCheck returns the check of a status decided by one row.
func rowCheck(rw row, first *croschema.Violation, serverAuth string, r *Request) *Check {
	switch rw {
	case rowPath:
		return PathNotFound
	case rowMethod:
		return MethodNotAllowed
	case rowAuth:
		if serverAuth != "" {
			return UnknownToken
		}
		return AuthMissing
	case rowTenant:
		if serverAuth != "" {
			return Roles
		}
		return TenantMissing
	case rowMedia:
		return MediaType
	case rowSize:
		return BodyTooLarge
	case rowNotFound:
		return ContactNotFound
	}
	v := first
	switch {
	case v == nil:
		return RejectBody
	case v.Location == "" || v.Location[0] == '/':
		switch {
		case v.Code == croschema.CodeSyntax, v.Code == croschema.CodeDuplicateKey, v.Code == croschema.CodeInvalidUTF8:
			return RejectBodyStrict
		case v.Code == croschema.CodeRequired && strings.HasPrefix(v.Field, croschema.ModelCreateCustomerContact.String()+"."):
			return CreateUnstorable
		}
		return RejectBody
	case strings.HasPrefix(v.Field, "RequestLine."):
		return RejectPath
	}
	return RejectHeader
}

// violationLabel names a violation by where and what, not by value:
// "UpdateCustomerContactModel /fax max_length", "header x-request-id uuid",
// "customer_id integer". What the reader of a body gets wrong whatever the
// key (an unknown key, a key given twice, invalid UTF-8) is named without
// the key, so that it is one cause.
func violationLabel(v croschema.Violation) string {
	loc := v.Location
	if strings.ContainsAny(loc, " :") || inert.NeedsEscape(loc) {
		loc = strconv.Quote(loc)
	}
	switch {
	case v.Location == "":
		return "body " + string(v.Code)
	case v.Location[0] == '/':
		model, _, _ := strings.Cut(v.Field, ".")
		switch v.Code {
		case croschema.CodeUnknownField:
			return model + " with an unknown key"
		case croschema.CodeDuplicateKey, croschema.CodeInvalidUTF8:
			return model + " " + string(v.Code)
		}
		return model + " " + loc + " " + string(v.Code)
	case strings.HasPrefix(v.Field, "RequestLine."):
		return loc + " " + string(v.Code)
	}
	return "header " + loc + " " + string(v.Code)
}

// firstOf returns the first violation of vs in row rw.
func firstOf(vs croschema.Violations, rw row) *croschema.Violation {
	for i := range vs {
		if rowOf(vs[i]) == rw {
			return &vs[i]
		}
	}
	return nil
}

func hasParamViolation(vs croschema.Violations) bool {
	for _, v := range vs {
		if strings.HasPrefix(v.Field, "RequestLine.") {
			return true
		}
	}
	return false
}

func asViolations(err error) croschema.Violations {
	var vs croschema.Violations
	if err != nil && !errors.As(err, &vs) {
		vs = croschema.Violations{{Code: croschema.CodeSyntax, Detail: err.Error()}}
	}
	return vs
}

// token returns the engine's token t is, or nil.
func (s *session) token(t croschema.BearerToken) *Token {
	if t.IsZero() {
		return nil
	}
	for i := range s.cfg.Tokens {
		if s.cfg.Tokens[i].Value == t {
			return &s.cfg.Tokens[i]
		}
	}
	return nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
