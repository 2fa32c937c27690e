package croschema

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// An Endpoint is one operation of the API: a method on a path template, the
// roles allowed to call it, and the models of its request and response
// bodies. The endpoints are the values GetContact, UpdateContact and
// CreateContact. The zero Endpoint is not a valid endpoint.
type Endpoint uint8

// The documented endpoints.
//
// Every endpoint answers with a CustomerContactModel body on success (Get
// Contact the contact asked for, Update and Create Contact the contact as
// stored, this package's decision: the documentation shows only Get
// Contact's response) and with the API's error body, ModelAPIError, on an
// error status.
const (
	// GetContact is "GET /customers/{customer_id}/contacts/{customer_contact_id}":
	// no request body, a CustomerContactModel response. Roles: Admin,
	// ClientCustomer, CrmUser, Dispatcher, Driver, ThirdPartyDispatcher,
	// ThirdPartyDriver.
	GetContact Endpoint = iota + 1

	// UpdateContact is "PATCH /customers/{customer_id}/contacts/{customer_contact_id}":
	// an UpdateCustomerContactModel request, a CustomerContactModel
	// response. Roles: Dispatcher.
	UpdateContact

	// CreateContact is "POST /customers/{customer_id}/contacts": a
	// CreateCustomerContactModel request, a CustomerContactModel response.
	// Roles: Dispatcher.
	CreateContact

	endpointLast = CreateContact
)

// endpointInfo is one row of the endpoint table (RULES.md "Roles").
type endpointInfo struct {
	name     string
	method   string
	path     string // template; "{name}" segments are integer parameters
	roles    roleSet
	request  Model
	response Model
}

var endpointTable = [...]endpointInfo{
	GetContact: {
		name:   "Get Contact",
		method: http.MethodGet,
		path:   "/customers/{customer_id}/contacts/{customer_contact_id}",
		roles: newRoleSet(RoleAdmin, RoleClientCustomer, RoleCrmUser, RoleDispatcher, RoleDriver,
			RoleThirdPartyDispatcher, RoleThirdPartyDriver),
		request:  ModelNone,
		response: ModelCustomerContact,
	},
	UpdateContact: {
		name:     "Update Contact",
		method:   http.MethodPatch,
		path:     "/customers/{customer_id}/contacts/{customer_contact_id}",
		roles:    newRoleSet(RoleDispatcher),
		request:  ModelUpdateCustomerContact,
		response: ModelCustomerContact,
	},
	CreateContact: {
		name:     "Create Contact",
		method:   http.MethodPost,
		path:     "/customers/{customer_id}/contacts",
		roles:    newRoleSet(RoleDispatcher),
		request:  ModelCreateCustomerContact,
		response: ModelCustomerContact,
	},
}

// RequestLineModel is the model name in the Field of a violation of the
// request line: its method, its path and the path parameters, such as
// "RequestLine.customer_id". The API's documentation names no model for
// them; this package names them as it names the body and header models.
const RequestLineModel = "RequestLine"

// requestLineField returns the Field of a request-line violation at name.
func requestLineField(name string) string { return RequestLineModel + "." + name }

// The path parameters. Both are required integers.
const (
	paramCustomerID        = "customer_id"
	paramCustomerContactID = "customer_contact_id"
)

// Endpoints returns every endpoint: GetContact, UpdateContact, CreateContact.
func Endpoints() []Endpoint {
	return []Endpoint{GetContact, UpdateContact, CreateContact}
}

// IsValid reports whether e is one of the documented endpoints.
func (e Endpoint) IsValid() bool { return GetContact <= e && e <= endpointLast }

func (e Endpoint) info() *endpointInfo {
	if !e.IsValid() {
		return &endpointTable[0]
	}
	return &endpointTable[e]
}

// String returns the method and path template, such as
// "GET /customers/{customer_id}/contacts/{customer_contact_id}", or
// "invalid Endpoint" when e is not valid.
func (e Endpoint) String() string {
	if !e.IsValid() {
		return "invalid Endpoint"
	}
	return e.info().method + " " + e.info().path
}

// Name returns the documented name, such as "Get Contact", or "" when e is
// not valid.
func (e Endpoint) Name() string { return e.info().name }

// Method returns the HTTP method, such as "GET", or "" when e is not valid.
func (e Endpoint) Method() string { return e.info().method }

// Path returns the path template, such as
// "/customers/{customer_id}/contacts/{customer_contact_id}", or "" when e is
// not valid.
func (e Endpoint) Path() string { return e.info().path }

// Roles returns the roles allowed to call e, in the documentation's order.
func (e Endpoint) Roles() []Role { return e.info().roles.roles() }

// Allows reports whether a user with role r may call e. It is false for an
// invalid role or endpoint, and for RolePublic on every endpoint.
func (e Endpoint) Allows(r Role) bool { return e.info().roles.has(r) }

// RequestModel returns the model of the request body: ModelNone for
// GetContact (no body), ModelUpdateCustomerContact for UpdateContact,
// ModelCreateCustomerContact for CreateContact.
func (e Endpoint) RequestModel() Model { return e.info().request }

// ResponseModel returns the model of a successful response's body:
// ModelCustomerContact for every endpoint. Error responses carry
// ModelAPIError.
func (e Endpoint) ResponseModel() Model { return e.info().response }

// requestHasBody reports whether a request with this method carries a body:
// whether an endpoint with this method has a request model (POST, PATCH).
func requestHasBody(method string) bool {
	for e := GetContact; e <= endpointLast; e++ {
		if endpointTable[e].method == method && endpointTable[e].request != ModelNone {
			return true
		}
	}
	return false
}

// PathParams are the path parameters of a request. Both are integers: ASCII
// digits, no sign, within int64 (the rule of x-tenant-id).
type PathParams struct {
	CustomerID        int64 // customer_id
	CustomerContactID int64 // customer_contact_id; 0 for CreateContact, whose path has none
}

// PathFor returns e's path with the parameters filled in, such as
// "/customers/1042/contacts/7" for GetContact, or "" when e is not valid.
// Negative parameters are written as they are and do not match.
func (e Endpoint) PathFor(p PathParams) string {
	var b strings.Builder
	for tmpl := strings.TrimPrefix(e.info().path, "/"); tmpl != ""; {
		var seg string
		seg, tmpl, _ = strings.Cut(tmpl, "/")
		b.WriteByte('/')
		switch seg {
		case "{" + paramCustomerID + "}":
			b.WriteString(strconv.FormatInt(p.CustomerID, 10))
		case "{" + paramCustomerContactID + "}":
			b.WriteString(strconv.FormatInt(p.CustomerContactID, 10))
		default:
			b.WriteString(seg)
		}
	}
	return b.String()
}

// MatchEndpoint finds the endpoint of a request line and parses its path
// parameters, reporting every violation at once as a Violations error:
//
//   - path (location "path"): the path names no endpoint;
//   - method (location "method"): the path names an endpoint but not for
//     this method, such as DELETE on a contact, POST on
//     /customers/1/contacts/2, or "get" (methods are case-sensitive);
//   - required (location the parameter name): a parameter segment is empty,
//     as in "/customers//contacts";
//   - integer (location the parameter name): a parameter is not ASCII
//     digits, has a sign, or does not fit int64.
//
// Each violation's Field names the request line as a model, RequestLine,
// the way a body's fields are named: "RequestLine.path",
// "RequestLine.method", "RequestLine.customer_id" and
// "RequestLine.customer_contact_id".
//
// HEAD is matched wherever GET is (HTTP servers answer HEAD like GET,
// without a body): MatchEndpoint("HEAD", "/customers/1/contacts/2")
// returns GetContact.
//
// The path is matched as sent on the wire, such as r.RequestURI or
// r.URL.EscapedPath():
//
//   - everything from the first '?' on (the query) is ignored;
//   - one trailing '/' is accepted ("/customers/1/contacts/2/", as in the
//     documented sample); other empty segments are not collapsed, so
//     "/customers/1//contacts" names no endpoint and "/customers//contacts"
//     misses customer_id;
//   - nothing is percent-decoded: "/customers/%31/contacts" is an integer
//     violation and "/customers/1/contact%73" names no endpoint (pass
//     r.URL.Path instead to have net/http decode it first);
//   - anything that does not start with '/' (such as "*" or an absolute URL)
//     names no endpoint.
//
// The returned Endpoint is the zero Endpoint when the path or the method is
// wrong, and the matched endpoint otherwise, even when a parameter is bad.
// PathParams holds every parameter that parsed.
func MatchEndpoint(method, path string) (Endpoint, PathParams, error) {
	var (
		params PathParams
		vs     Violations
	)
	p := path
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	var vals [maxPathParams]string // the parameter values, in template order
	var t *pathTemplate
	for i := range pathTemplates {
		if pathTemplates[i].match(p, &vals) {
			t = &pathTemplates[i]
			break
		}
	}
	if t == nil {
		vs = append(vs, Violation{Location: "path", Field: requestLineField("path"), Code: CodePath,
			Detail: quoteTrunc(p) + " names no endpoint"})
		return 0, params, vs
	}

	var found Endpoint
	for e := GetContact; e <= endpointLast; e++ {
		if endpointTable[e].path != t.path {
			continue
		}
		if endpointTable[e].method == method || method == http.MethodHead && endpointTable[e].method == http.MethodGet {
			found = e
			break
		}
	}
	if found == 0 {
		var allowed []string
		for e := GetContact; e <= endpointLast; e++ {
			if endpointTable[e].path == t.path {
				allowed = append(allowed, endpointTable[e].method)
			}
		}
		vs = append(vs, Violation{Location: "method", Field: requestLineField("method"), Code: CodeMethod,
			Detail: quoteTrunc(method) + " is not allowed on " + t.path + "; allowed: " + strings.Join(allowed, ", ")})
	}

	for i, name := range t.params {
		val := vals[i]
		n, ok := parseDigits(val)
		switch {
		case val == "":
			vs = append(vs, Violation{Location: name, Field: requestLineField(name), Code: CodeRequired,
				Detail: "missing; the path parameter is required"})
			continue
		case !ok:
			vs = append(vs, Violation{Location: name, Field: requestLineField(name), Code: CodeInteger, Detail: integerDetail(val, quoteTrunc(val))})
			continue
		}
		switch name {
		case paramCustomerID:
			params.CustomerID = n
		case paramCustomerContactID:
			params.CustomerContactID = n
		}
	}
	return found, params, vs.asError()
}

// maxPathParams bounds the parameters of one path template, so that their
// values fit an array.
const maxPathParams = 2

// A pathTemplate is a distinct path of the endpoint table, split into its
// segments once: MatchEndpoint runs on every request.
type pathTemplate struct {
	path   string   // "/customers/{customer_id}/contacts/{customer_contact_id}"
	segs   []string // "customers", "", "contacts", "": "" where a parameter goes
	params []string // the parameter names in order: "customer_id", "customer_contact_id"
}

// pathTemplates are the endpoint table's paths in table order, each once.
var pathTemplates = func() []pathTemplate {
	var ts []pathTemplate
	for e := GetContact; e <= endpointLast; e++ {
		path := endpointTable[e].path
		if slices.ContainsFunc(ts, func(t pathTemplate) bool { return t.path == path }) {
			continue
		}
		t := pathTemplate{path: path}
		for _, seg := range strings.Split(strings.TrimPrefix(path, "/"), "/") {
			if name, ok := strings.CutPrefix(seg, "{"); ok {
				t.params = append(t.params, strings.TrimSuffix(name, "}"))
				seg = ""
			}
			t.segs = append(t.segs, seg)
		}
		if len(t.params) > maxPathParams {
			panic("croschema: " + path + " has more than maxPathParams parameters")
		}
		ts = append(ts, t)
	}
	return ts
}()

// match reports whether path has the shape of t: the same literal
// segments, any segment (empty included) where t has a parameter, and at
// most one trailing '/'. It stores the parameter values in vals, in order.
// It never allocates.
func (t *pathTemplate) match(path string, vals *[maxPathParams]string) bool {
	rest, ok := strings.CutPrefix(path, "/")
	if !ok {
		return false
	}
	rest = strings.TrimSuffix(rest, "/")
	n := 0
	for i, seg := range t.segs {
		pseg := rest
		j := strings.IndexByte(rest, '/')
		if j >= 0 {
			pseg, rest = rest[:j], rest[j+1:]
		}
		if (j >= 0) != (i < len(t.segs)-1) { // one segment too many or too few
			return false
		}
		if seg == "" {
			vals[n] = pseg
			n++
		} else if seg != pseg {
			return false
		}
	}
	return true
}
