package croschema

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// An Endpoint is one operation of the API: a method on a path template, the
// roles allowed to call it, the model of its request body, and the status,
// body model and headers of its success. The endpoints are the values
// GetContact, UpdateContact and CreateContact, each a row of one table that
// every layer of the package reads (RULES.md "Roles" and "Serving the API").
// The zero Endpoint is not a valid endpoint.
type Endpoint uint8

// The documented endpoints. Every one answers its success with 200 and a
// CustomerContactModel body (Get Contact the contact asked for, Update and
// Create Contact the contact as stored: the documentation shows only Get
// Contact's response, the rest is this package's decision), and an error
// with the API's error body, ModelAPIError.
const (
	// GetContact is "GET /customers/{customer_id}/contacts/{customer_contact_id}".
	GetContact Endpoint = iota + 1

	// UpdateContact is "PATCH /customers/{customer_id}/contacts/{customer_contact_id}",
	// with an UpdateCustomerContactModel body.
	UpdateContact

	// CreateContact is "POST /customers/{customer_id}/contacts", with a
	// CreateCustomerContactModel body; its success names the new contact
	// in Location.
	CreateContact
)

// endpointInfo is one row of the endpoint table: everything any layer
// knows of an endpoint.
type endpointInfo struct {
	name     string // the documented name, "Get Contact"
	method   string
	path     string // template; "{name}" segments are integer parameters
	roles    roleSet
	request  Model    // the request body; ModelNone: none
	status   int      // the status of a success
	response Model    // the body of a success; ModelNone: none
	location Endpoint // the endpoint whose path a success's Location names; 0: no Location
	doc      string   // what it does, for the OpenAPI document
}

// endpointTable is the endpoint table, by Endpoint; row 0 is the zero
// Endpoint's, empty.
var endpointTable = [...]endpointInfo{
	GetContact: {
		name:   "Get Contact",
		method: http.MethodGet,
		path:   "/customers/{customer_id}/contacts/{customer_contact_id}",
		roles: newRoleSet(RoleAdmin, RoleClientCustomer, RoleCrmUser, RoleDispatcher, RoleDriver,
			RoleThirdPartyDispatcher, RoleThirdPartyDriver),
		request:  ModelNone,
		status:   http.StatusOK,
		response: ModelCustomerContact,
		doc:      "Get customer contact by id.",
	},
	UpdateContact: {
		name:     "Update Contact",
		method:   http.MethodPatch,
		path:     "/customers/{customer_id}/contacts/{customer_contact_id}",
		roles:    newRoleSet(RoleDispatcher),
		request:  ModelUpdateCustomerContact,
		status:   http.StatusOK,
		response: ModelCustomerContact,
		doc: "Update a customer contact: the body applies exactly the keys it carries; " +
			"null clears a key, a value sets it, an absent key is left alone.",
	},
	CreateContact: {
		name:     "Create Contact",
		method:   http.MethodPost,
		path:     "/customers/{customer_id}/contacts",
		roles:    newRoleSet(RoleDispatcher),
		request:  ModelCreateCustomerContact,
		status:   http.StatusOK,
		response: ModelCustomerContact,
		location: GetContact,
		doc: "Create a customer contact: the body's keys are applied onto a new contact whose booleans are false " +
			"and whose email, fax and number are null.",
	},
}

// endpointLast is the last Endpoint of the table.
const endpointLast = Endpoint(len(endpointTable) - 1)

// requestLineModel is the model name in the Field of a violation of the
// request line: its method, its path and the path parameters, such as
// "RequestLine.customer_id". The API's documentation names no model for
// them; this package names them as it names the body and header models.
const requestLineModel = "RequestLine"

// requestLineField returns the Field of a request-line violation at name.
func requestLineField(name string) string { return requestLineModel + "." + name }

// The path parameters. Both are required integers.
const (
	paramCustomerID        = "customer_id"
	paramCustomerContactID = "customer_contact_id"
)

// Endpoints returns every endpoint, in the table's order: GetContact,
// UpdateContact, CreateContact.
func Endpoints() []Endpoint {
	es := make([]Endpoint, 0, endpointLast)
	for e := Endpoint(1); e <= endpointLast; e++ {
		es = append(es, e)
	}
	return es
}

// IsValid reports whether e is one of the documented endpoints.
func (e Endpoint) IsValid() bool { return 1 <= e && e <= endpointLast }

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

// SuccessStatus returns the status of e's success: http.StatusOK for
// every endpoint, or 0 when e is not valid.
func (e Endpoint) SuccessStatus() int { return e.info().status }

// ResponseModel returns the model of a success's body: ModelCustomerContact
// for every endpoint. Error responses carry ModelAPIError.
func (e Endpoint) ResponseModel() Model { return e.info().response }

// Location returns the endpoint whose path the Location header of e's
// success names, the resource e created: GetContact for CreateContact,
// the zero Endpoint for the others, whose success has no Location.
func (e Endpoint) Location() Endpoint { return e.info().location }

// Allow returns the methods of the endpoints on e's path, in the table's
// order, as the Allow header lists them: "GET,PATCH" for GetContact and
// UpdateContact, "POST" for CreateContact, "" when e is not valid.
func (e Endpoint) Allow() string {
	if !e.IsValid() {
		return ""
	}
	return pathTemplates[templateOf[e]].allow
}

// requestHasBody reports whether a request with this method carries a body:
// whether an endpoint with this method has a request model (POST, PATCH).
func requestHasBody(method string) bool {
	for e := Endpoint(1); e <= endpointLast; e++ {
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

// param returns the field of p that holds the path parameter name, or nil
// for a name [PathParams] has no field for (TestEndpointTable checks that
// every parameter of the table has one).
func (p *PathParams) param(name string) *int64 {
	switch name {
	case paramCustomerID:
		return &p.CustomerID
	case paramCustomerContactID:
		return &p.CustomerContactID
	}
	return nil
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
		if name, ok := strings.CutPrefix(seg, "{"); ok {
			if v := p.param(strings.TrimSuffix(name, "}")); v != nil {
				b.WriteString(strconv.FormatInt(*v, 10))
				continue
			}
		}
		b.WriteString(seg)
	}
	return b.String()
}

// MatchEndpoint finds the endpoint of a request line and parses its path
// parameters, reporting every violation at once as a [Violations] error:
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
// [PathParams] holds every parameter that parsed.
func MatchEndpoint(method, path string) (Endpoint, PathParams, error) {
	var params PathParams
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	e, _, vs := matchEndpoint(method, path, &params)
	return e, params, vs.asError()
}

// maxPathParams bounds the parameters of one path template, so that their
// values fit an array.
const maxPathParams = 2

// A pathTemplate is a distinct path of the endpoint table, split into its
// segments once: [MatchEndpoint] runs on every request.
type pathTemplate struct {
	path      string     // "/customers/{customer_id}/contacts/{customer_contact_id}"
	segs      []string   // "customers", "", "contacts", "": "" where a parameter goes
	params    []string   // the parameter names in order: "customer_id", "customer_contact_id"
	endpoints []Endpoint // the endpoints on the path, in table order
	allow     string     // their methods as Allow lists them: "GET,PATCH"
}

// endpoint returns the endpoint of t for method, HEAD being matched
// wherever GET is, or the zero Endpoint.
func (t *pathTemplate) endpoint(method string) Endpoint {
	for _, e := range t.endpoints {
		if m := endpointTable[e].method; m == method || method == http.MethodHead && m == http.MethodGet {
			return e
		}
	}
	return 0
}

// pathTemplates are the endpoint table's paths in table order, each once;
// templateOf is the index of each endpoint's.
var pathTemplates, templateOf = func() ([]pathTemplate, [len(endpointTable)]int) {
	var ts []pathTemplate
	var of [len(endpointTable)]int
	for e := Endpoint(1); e <= endpointLast; e++ {
		path := endpointTable[e].path
		i := slices.IndexFunc(ts, func(t pathTemplate) bool { return t.path == path })
		if i < 0 {
			t := pathTemplate{path: path}
			for _, seg := range strings.Split(strings.TrimPrefix(path, "/"), "/") {
				if name, ok := strings.CutPrefix(seg, "{"); ok {
					t.params = append(t.params, strings.TrimSuffix(name, "}"))
					seg = ""
				}
				t.segs = append(t.segs, seg)
			}
			i = len(ts)
			ts = append(ts, t)
		}
		t := &ts[i]
		t.endpoints = append(t.endpoints, e)
		if t.allow != "" {
			t.allow += ","
		}
		t.allow += endpointTable[e].method
		of[e] = i
	}
	return ts, of
}()

// matchPath returns the template path matches, with the parameter values
// in vals, or nil.
func matchPath(path string, vals *[maxPathParams]string) *pathTemplate {
	for i := range pathTemplates {
		if pathTemplates[i].match(path, vals) {
			return &pathTemplates[i]
		}
	}
	return nil
}

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
			if n == len(vals) { // more parameters than maxPathParams: TestEndpointTable fails
				return false
			}
			vals[n] = pseg
			n++
		} else if seg != pseg {
			return false
		}
	}
	return true
}
