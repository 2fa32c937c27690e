package croschema

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// openAPIVersion is the version of the OpenAPI Specification that OpenAPI
// writes: 3.0.3, the version that oapi-codegen, ogen, kin-openapi, Prism and
// most generators read.
const openAPIVersion = "3.0.3"

// OpenAPI returns an OpenAPI 3.0.3 document (JSON) of the endpoints,
// derived from the package's tables (the endpoint, header and body rule
// tables), so that OpenAPI tools (code generators, mock servers, request
// validators) see the rules croschema checks. The document accepts every
// message a conforming server accepts or sends, but a request whose path
// ends in '/' or whose body has no content-type, which it says in words;
// where OpenAPI cannot express a rule it accepts more, and the
// descriptions say so:
//
//   - one path item per path of Endpoints, one operation per endpoint, its
//     description naming the roles that may use it; path parameters as
//     non-negative int64 integers (the server also wants them written in
//     ASCII digits, which a schema of type integer cannot say);
//   - the request headers x-api-version, x-request-id and x-tenant-id as
//     header parameters, and the response headers of every response
//     (x-api-version and x-request-id required, Allow, the CORS headers);
//     the API versions and the UUID as the shared schemas APIVersion and
//     UUID; authorization as the bearer security scheme "bearerAuth"
//     (OpenAPI ignores an Authorization parameter); the content-type of a
//     body as the request body's media type, application/json;
//   - the body models as components/schemas (CustomerContactModel,
//     CreateCustomerContactModel, UpdateCustomerContactModel,
//     ErrorResponseModel) with additionalProperties false, "nullable": true
//     where null is allowed, lengths in characters; an email list as a
//     pattern of its shape only (comma-separated items, each holding an
//     '@'), as no pattern expresses Django's EmailValidator; a boolean of a
//     request body as oneOf JSON true or false, the integer 0 or 1, or a
//     string matching "0", "1", "true" or "false" in any letter case, and
//     of a response body (which a server writes as true or false) as a
//     plain boolean;
//   - the body of an endpoint whose success creates a resource (a Location)
//     as its model allOf the keys a stored resource cannot do without (name
//     for a Create: the server answers 400 without it);
//   - per operation, the statuses of RULES.md "Serving the API": the
//     success (with Location where the endpoint names one), 400, 401 (with
//     WWW-Authenticate), 403 and 404 with the error body and an example,
//     413 and 415 where the operation has a body, and 5XX;
//   - the documented sample response as the example of the contact.
//
// HEAD and OPTIONS are answered wherever their path is known, and a path
// may end in '/'; they are said in each operation's description, not
// written as operations. Some rules are beyond OpenAPI, which sees a
// decoded body and single header values: a key given twice, invalid
// UTF-8, the spelling of a number (1.0 and 1e0 pass as 1), the
// authorization pattern and length, a valid email address, a header given
// twice, a body request without content-type. croschema's lint checks
// them all.
//
// The output is deterministic: keys in a fixed order, indented with two
// spaces, ending in a newline. Each call returns a new slice.
func OpenAPI() []byte { return bytes.Clone(openAPIDocument()) }

var openAPIDocument = sync.OnceValue(func() []byte { return encodeOpenAPI(endpointTable[:]) })

// encodeOpenAPI returns the document of the endpoint table table, indexed
// by Endpoint as endpointTable is (row 0 unused).
func encodeOpenAPI(table []endpointInfo) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	// The document holds only strings, numbers, booleans, slices of them
	// and schemaObjects, which always encode; TestOpenAPIGolden pins the
	// output, so a nil here could not go unnoticed.
	if enc.Encode(openAPIRoot(table)) != nil {
		return nil
	}
	return buf.Bytes()
}

// The names of the document's components.
const (
	oaBearerScheme = "bearerAuth"
	oaSchemas      = "#/components/schemas/"
	oaHeaders      = "#/components/headers/"
	oaResponses    = "#/components/responses/"
	oaParameters   = "#/components/parameters/"
	oaJSON         = "application/json"

	// The shared schemas of header values: one component each, so that a
	// generator makes one type of a request and a response header.
	oaAPIVersion = "APIVersion"
	oaUUID       = "UUID"
)

// oaSample is the documented sample response of Get Contact
// (spec/get-contact.txt; testdata/get-contact.response.json), in the
// documented key order.
var oaSample = schemaObject{
	{"email", "shaneduty@gmail.com"},
	{"fax", nil},
	{"id", 1},
	{"name", "George"},
	{"notify_on_acknowledged_request", false},
	{"notify_on_completed_request", true},
	{"notify_on_dispatched_request", true},
	{"notify_on_failed_request", true},
	{"notify_on_new_request", true},
	{"number", "360-555-1212"},
}

// oaErrorSample is the documented error body.
var oaErrorSample = schemaObject{
	{"detail", "Unknown field."},
	{"explanation", "The resource could not be accessed."},
	{"field", "CreateCustomerModel.user_id"},
}

// oaExample returns the example of a body model: the documented sample
// (without id for a request body), the documented error body.
func oaExample(m Model) schemaObject {
	if m == ModelAPIError {
		return oaErrorSample
	}
	var o schemaObject
	for _, mb := range oaSample {
		if m.model().lookup([]byte(mb.key)) >= 0 {
			o = append(o, mb)
		}
	}
	return o
}

// oaSlashNote says that a trailing '/' on path is accepted.
func oaSlashNote(path string) string {
	p := oaPathExample(path)
	return "A trailing '/' on the path is accepted: " + p + "/ is " + p + ". "
}

// oaNotes are what a tool's user needs that no operation says: the
// methods, path forms and statuses a server answers beyond the
// operations. Each operation's description and the info's repeat them.
const (
	oaHeadNote    = "HEAD on this path is answered as GET, without a body (not an operation of this document). "
	oaOptionsNote = "OPTIONS on a known path gets 204 without authentication, with Allow and the CORS headers (a browser's preflight; not an operation of this document). "
	oaStatusNote  = "The statuses and the order in which a server decides them are the table of RULES.md, \"Serving the API\"."
)

func openAPIRoot(table []endpointInfo) schemaObject {
	versions := APIVersions()
	return schemaObject{
		{"openapi", openAPIVersion},
		{"info", schemaObject{
			{"title", "CRO Software API: customer contacts"},
			{"description", "The customer contact endpoints of the CRO Software REST API, as croschema " +
				"(github.com/croschema/croschema) checks them. Every API version (x-api-version) has the same rules.\n\n" +
				"The document accepts every response a conforming server sends and every request it accepts but two, which " +
				"OpenAPI can say in words only: a path ending in '/' and a body without content-type (below). Where OpenAPI " +
				"cannot express a rule it accepts more: keys given twice, invalid UTF-8, the spelling of numbers " +
				"(1.0, 1e0, -0), the authorization pattern and length, which email addresses are valid, " +
				"headers given twice, integers written with a sign. croschema's lint checks them all.\n\n" +
				"Beyond the operations: " + oaOptionsNote + "HEAD is answered wherever GET is, without a body. " +
				"A trailing '/' on a path is accepted. A request body without content-type is read as JSON. " +
				"A server that fails answers 5XX with the error body; crolint serve, the mock server, answers 507 to a " +
				"Create when its store is full. " + oaStatusNote + " The notes for OpenAPI tools are docs/openapi.md of " +
				"the repository."},
			{"version", versions[len(versions)-1].String()},
		}},
		{"servers", []schemaObject{{
			{"url", "/"},
			{"description", "The server that serves this document (the documentation's code samples use http://localhost:8003)."},
		}}},
		{"tags", []schemaObject{{{"name", "Contacts"}, {"description", "Customer contacts."}}}},
		{"paths", oaPaths(table)},
		{"components", schemaObject{
			{"schemas", oaSchemasObject(table)},
			{"parameters", oaParametersObject(table)},
			{"headers", oaHeadersObject(table)},
			{"responses", oaResponsesObject()},
			{"securitySchemes", schemaObject{{oaBearerScheme, oaSecurityScheme()}}},
		}},
		{"security", []schemaObject{{{oaBearerScheme, []string{}}}}},
	}
}

// oaEndpoints returns the endpoints of table, in order.
func oaEndpoints(table []endpointInfo) []Endpoint {
	var es []Endpoint
	for e := 1; e < len(table); e++ {
		es = append(es, Endpoint(e))
	}
	return es
}

// oaPathsOf returns the distinct paths of table, in table order.
func oaPathsOf(table []endpointInfo) []string {
	var paths []string
	for _, e := range oaEndpoints(table) {
		if !slices.Contains(paths, table[e].path) {
			paths = append(paths, table[e].path)
		}
	}
	return paths
}

// oaAllow returns the methods of the endpoints of table on path, in table
// order, as the Allow header lists them (Endpoint.Allow for endpointTable).
func oaAllow(table []endpointInfo, path string) string {
	var methods []string
	for _, e := range oaEndpoints(table) {
		if table[e].path == path {
			methods = append(methods, table[e].method)
		}
	}
	return strings.Join(methods, ",")
}

// oaPaths returns the path items, one per distinct path of table in
// order, each with its operations in table order.
func oaPaths(table []endpointInfo) schemaObject {
	var paths schemaObject
	for _, path := range oaPathsOf(table) {
		item := schemaObject{
			{"description", oaPathNotes(path, oaAllow(table, path))},
			{"parameters", oaPathParameters(path)},
		}
		for _, e := range oaEndpoints(table) {
			if table[e].path == path {
				item = append(item, schemaMember{strings.ToLower(table[e].method), oaOperation(table, e)})
			}
		}
		paths = append(paths, schemaMember{path, item})
	}
	return paths
}

// oaPathNotes says what a conforming server does with the methods the
// path item of path does not describe, given the Allow list of those it
// does, and with a trailing '/'.
func oaPathNotes(path, allow string) string {
	s := "Allow: " + allow + ". Another method gets 405 with Allow: " + allow + ". " + oaOptionsNote
	if slices.Contains(strings.Split(allow, ","), http.MethodGet) {
		s += oaHeadNote
	}
	return strings.TrimSpace(s + oaSlashNote(path))
}

// oaPathParams returns the parameter names of a path template, in order.
func oaPathParams(path string) []string {
	var names []string
	for _, seg := range strings.Split(path, "/") {
		if name, ok := strings.CutPrefix(seg, "{"); ok {
			names = append(names, strings.TrimSuffix(name, "}"))
		}
	}
	return names
}

// oaPathParameters returns references to the parameters of a path
// template, in order.
func oaPathParameters(path string) []schemaObject {
	var ps []schemaObject
	for _, name := range oaPathParams(path) {
		ps = append(ps, oaRef(oaParameters+name))
	}
	return ps
}

func oaRef(ref string) schemaObject { return schemaObject{{"$ref", ref}} }

// oaOperationID returns the operationId of an endpoint named name:
// "getContact" for "Get Contact".
func oaOperationID(name string) string {
	id := strings.ReplaceAll(name, " ", "")
	return strings.ToLower(id[:1]) + id[1:]
}

// oaStoredKeys returns the keys that the body of e must carry, and why:
// when e's success creates a resource (it names one in Location), the keys
// that a stored resource cannot do without, by the rule [LintRequest]
// applies (appendUnstorable): name for a Create.
func oaStoredKeys(info *endpointInfo) (keys []string, why []string) {
	req, res := info.request.model(), info.response.model()
	if !info.location.IsValid() || req == nil || res == nil {
		return nil, nil
	}
	var none record // every key absent
	for _, v := range appendUnstorable(req, res, &none, nil) {
		keys = append(keys, strings.TrimPrefix(v.Location, "/"))
		why = append(why, v.Detail)
	}
	return keys, why
}

func oaOperation(table []endpointInfo, e Endpoint) schemaObject {
	info := &table[e]
	var roles []string
	for _, r := range info.roles.roles() {
		roles = append(roles, r.String())
	}
	desc := info.doc
	keys, why := oaStoredKeys(info)
	for i, k := range keys {
		desc += " A body without " + k + " is valid as a document but cannot be stored (" + why[i] +
			"): it gets 400 with field " + info.request.String() + "." + k + "."
	}
	desc += "\n\nRoles: " + strings.Join(roles, ", ") + ". Other roles get 403."
	desc += "\n\nAlso: "
	if info.method == http.MethodGet {
		desc += oaHeadNote
	}
	desc += oaOptionsNote + oaSlashNote(info.path) + oaStatusNote
	op := schemaObject{
		{"tags", []string{"Contacts"}},
		{"summary", info.name},
		{"description", desc},
		{"operationId", oaOperationID(info.name)},
		{"parameters", oaHeaderParameters()},
	}
	body := info.request != ModelNone
	if body {
		bodyDesc := "A " + info.request.String() + " document. " +
			"A request without content-type is accepted too; croschema reads the body as JSON."
		schema := oaRef(oaSchemas + info.request.String())
		if len(keys) > 0 {
			bodyDesc += " It must carry " + strings.Join(keys, ", ") + " to be stored."
			schema = schemaObject{{"allOf", []schemaObject{schema, {{"required", keys}}}}}
		}
		op = append(op, schemaMember{"requestBody", schemaObject{
			{"description", bodyDesc},
			{"required", true},
			{"content", schemaObject{{oaJSON, schemaObject{
				{"schema", schema},
				{"example", oaExample(info.request)},
			}}}},
		}})
	}
	responses := schemaObject{{strconv.Itoa(info.status), oaSuccess(table, info)}}
	for _, s := range oaErrorStatuses {
		if !s.body || body {
			responses = append(responses, schemaMember{s.code, oaRef(oaResponses + s.name)})
		}
	}
	return append(op, schemaMember{"responses", responses})
}

// oaSuccess returns the success response of an endpoint.
func oaSuccess(table []endpointInfo, info *endpointInfo) schemaObject {
	desc := "Success, without a body."
	if info.response != ModelNone {
		desc = "Success: a " + info.response.String() + " document."
	}
	var loc string
	if info.location.IsValid() {
		loc = table[info.location].path
		desc += " Location is the path of the created resource, " + loc + "."
	}
	ok := schemaObject{
		{"description", desc},
		{"headers", oaResponseHeaders(loc, false)},
	}
	if info.response != ModelNone {
		ok = append(ok, schemaMember{"content", schemaObject{{oaJSON, schemaObject{
			{"schema", oaRef(oaSchemas + info.response.String())},
			{"example", oaExample(info.response)},
		}}}})
	}
	return ok
}

// oaErrorStatus is one error row of the status table of RULES.md "Serving
// the API", or the 5XX of a server that fails.
type oaErrorStatus struct {
	code string // "400", or a range: "5XX"
	name string
	body bool // only for an operation with a request body
	desc string
	// example returns an error body of the status: that of the violation
	// croschema reports for a request breaking the status's rule, or a
	// fixed one.
	example func() schemaObject
}

// oaViolationExample returns the error body of the first violation with
// the given code, as a conforming server writes it (RULES.md "Serving the
// API"), or nil.
func oaViolationExample(err error, code Code) schemaObject {
	vs, _ := err.(Violations)
	for _, v := range vs {
		if v.Code != code {
			continue
		}
		detail := v.Detail
		if code == CodeUnknownField {
			detail = "Unknown field." // the API's own detail (docs)
		}
		return schemaObject{{"detail", detail}, {"explanation", nil}, {"field", v.Field}}
	}
	return nil
}

// oaHeaderExample returns the error body of a request whose headers are
// the given ones (a token, a tenant id, a content type) and break a rule
// with the given code.
func oaHeaderExample(method string, h http.Header, code Code) func() schemaObject {
	return func() schemaObject {
		_, err := LintRequestHeaders(h, method)
		return oaViolationExample(err, code)
	}
}

func oaFixedExample(detail string) func() schemaObject {
	return func() schemaObject { return schemaObject{{"detail", detail}, {"explanation", nil}, {"field", nil}} }
}

const oaExampleToken = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2ln"

var oaErrorStatuses = []oaErrorStatus{
	{"400", "BadRequest", false, "Any other violation: headers, path parameters that are not integers, the body. " +
		"field and detail are those of the first violation; explanation lists every violation found " +
		"(FIELD: CODE: DETAIL, joined by \"; \"), or is null when there is only one.",
		func() schemaObject {
			return oaViolationExample(ModelCreateCustomerContact.Lint([]byte(`{"user_id": 1}`)), CodeUnknownField)
		}},
	{"401", "Unauthorized", false, "authorization is missing or invalid.",
		oaHeaderExample(http.MethodGet, http.Header{"X-Tenant-Id": {"1"}}, CodeRequired)},
	{"403", "Forbidden", false, "x-tenant-id is missing, or the caller's role may not use the endpoint.",
		oaHeaderExample(http.MethodGet, http.Header{"Authorization": {oaExampleToken}}, CodeRequired)},
	{"404", "NotFound", false, "No such resource: no contact (or customer) with that id.",
		oaFixedExample("Customer contact 2 of customer 1 not found.")},
	{"413", "PayloadTooLarge", true, "The body is larger than the server's limit (by default 1 MiB).",
		oaFixedExample("the body is larger than 1048576 bytes")},
	{"415", "UnsupportedMediaType", true, "content-type is present and its media type is not application/json, " +
		"or content-encoding is present and not identity.",
		oaHeaderExample(http.MethodPost, http.Header{"Authorization": {oaExampleToken}, "X-Tenant-Id": {"1"},
			"Content-Type": {"text/plain"}}, CodeEnum)},
	{"5XX", "ServerError", false, "The server failed; the request may have been valid. The body is the error body. " +
		"crolint serve, the mock server, answers 507 Insufficient Storage to a Create when its store is full " +
		"(-max-contacts): the request is valid, but nothing frees room until it restarts.",
		oaFixedExample("The store of crolint serve is full: it holds 100000 contacts (-max-contacts).")},
}

func oaResponsesObject() schemaObject {
	var o schemaObject
	for _, s := range oaErrorStatuses {
		o = append(o, schemaMember{s.name, schemaObject{
			{"description", s.desc},
			{"headers", oaResponseHeaders("", s.code == "401")},
			{"content", schemaObject{{oaJSON, schemaObject{
				{"schema", oaRef(oaSchemas + ModelAPIError.String())},
				{"example", s.example()},
			}}}},
		}})
	}
	return o
}

// The response headers besides StandardResponseHeadersModel's.
const (
	oaLocation        = "location"
	oaWWWAuthenticate = "www-authenticate"
)

// oaEveryResponseHeader is a header that a conforming server sends on
// every response besides StandardResponseHeadersModel's: Allow (as the
// documented sample does, and every 405) and the CORS headers.
type oaEveryResponseHeader struct{ name, desc, example string }

// oaEveryResponseHeaders returns them, with allow as the example of the
// method lists.
func oaEveryResponseHeaders(allow string) []oaEveryResponseHeader {
	return []oaEveryResponseHeader{
		{"allow", "The methods of the path.", allow},
		{"access-control-allow-origin", "CORS: any origin.", "*"},
		{"access-control-allow-methods", "CORS: the methods of the path, as Allow.", allow},
		{"access-control-allow-headers", "CORS: the request headers a browser may send.", corsAllowHeaders},
	}
}

// oaResponseHeaders returns the headers of a response: those of
// StandardResponseHeadersModel that OpenAPI describes, Allow and the CORS
// headers, Location when location (the path template it names) is not
// "", and WWW-Authenticate when asked.
func oaResponseHeaders(location string, authenticate bool) schemaObject {
	var o schemaObject
	for _, r := range ResponseHeaderRules() {
		if !oaIgnoredHeader(r.Name) {
			o = append(o, schemaMember{r.Name, oaRef(oaHeaders + r.Name)})
		}
	}
	for _, h := range oaEveryResponseHeaders("") {
		o = append(o, schemaMember{h.name, oaRef(oaHeaders + h.name)})
	}
	if location != "" {
		o = append(o, schemaMember{oaLocation, oaRef(oaHeaders + oaLocation)})
	}
	if authenticate {
		o = append(o, schemaMember{oaWWWAuthenticate, oaRef(oaHeaders + oaWWWAuthenticate)})
	}
	return o
}

func oaHeadersObject(table []endpointInfo) schemaObject {
	var o schemaObject
	for _, r := range ResponseHeaderRules() {
		if oaIgnoredHeader(r.Name) {
			continue
		}
		o = append(o, schemaMember{r.Name, schemaObject{
			{"description", oaHeaderDoc(r)},
			{"required", r.Required},
			{"schema", oaHeaderSchema(r)},
		}})
	}
	for _, h := range oaEveryResponseHeaders(oaAllow(table, oaPathsOf(table)[0])) {
		o = append(o, schemaMember{h.name, schemaObject{
			{"description", h.desc + " A conforming server sends it on every response; croschema's response lint does not require it."},
			{"schema", schemaObject{{"type", "string"}, {"example", h.example}}},
		}})
	}
	// The example of Location: the first path a success names.
	example := ""
	for _, e := range oaEndpoints(table) {
		if l := table[e].location; l.IsValid() && example == "" {
			example = oaPathExample(table[l].path)
		}
	}
	loc := schemaObject{{"type", "string"}}
	if example != "" {
		loc = append(loc, schemaMember{"example", example})
	}
	o = append(o,
		schemaMember{oaLocation, schemaObject{
			{"description", "The path of the created resource. A conforming server sends it; croschema's response lint does not require it."},
			{"schema", loc},
		}},
		schemaMember{oaWWWAuthenticate, schemaObject{
			{"description", "The authentication scheme."},
			{"schema", schemaObject{{"type", "string"}, {"example", "Bearer"}}},
		}})
	return o
}

// oaPathExample returns path with its parameters numbered 1, 2, ...
func oaPathExample(path string) string {
	for i, name := range oaPathParams(path) {
		path = strings.Replace(path, "{"+name+"}", strconv.Itoa(i+1), 1)
	}
	return path
}

// oaHeaderDoc returns the description of a header: the table's, and
// the rule of its check.
func oaHeaderDoc(r HeaderRule) string {
	switch r.Check {
	case HeaderCheckAPIVersion:
		return r.Doc + " One of the listed dates, exactly as written."
	case HeaderCheckUUID:
		return r.Doc + " The 8-4-4-4-12 hexadecimal form, any letter case."
	case HeaderCheckInteger:
		return r.Doc + " " + oaDigitsDoc
	}
	return r.Doc
}

// oaDigitsDoc is the integer rule of headers and path parameters, which a
// schema of type integer cannot say: a validator parses the text as a
// number, and a pattern applies to strings only.
const oaDigitsDoc = "A non-negative 64-bit integer written in ASCII digits only: no sign, no spaces, no other base " +
	"(the server answers 400 to +1, 1.0 or 0x1, which a validator that parses the text as a number may accept)."

// oaIgnoredHeader reports whether OpenAPI 3.0.3 ignores a header of that
// (lower-case) name as a parameter or a response header: authorization,
// which the security scheme states, and accept and content-type, which the
// media types of the request body and responses state.
func oaIgnoredHeader(name string) bool {
	return name == "authorization" || name == "accept" || name == "content-type"
}

// oaHeaderParameters returns references to the header parameters of a
// request: the request headers but authorization (the security scheme)
// and content-type (the request body's media type).
func oaHeaderParameters() []schemaObject {
	var ps []schemaObject
	for _, r := range RequestHeaderRules() {
		if !oaIgnoredHeader(r.Name) {
			ps = append(ps, oaRef(oaParameters+r.Name))
		}
	}
	return ps
}

// oaParamDocs describe the path parameters; TestOpenAPIPathParameters
// checks that every parameter of the endpoint table has one.
var oaParamDocs = map[string]string{
	paramCustomerID:        "Customer identifier.",
	paramCustomerContactID: "Customer contact identifier.",
}

func oaParametersObject(table []endpointInfo) schemaObject {
	var o schemaObject
	var names []string
	for _, path := range oaPathsOf(table) {
		for _, name := range oaPathParams(path) {
			if !slices.Contains(names, name) {
				names = append(names, name)
			}
		}
	}
	for _, name := range names {
		o = append(o, schemaMember{name, schemaObject{
			{"name", name},
			{"in", "path"},
			{"description", strings.TrimSpace(oaParamDocs[name] + " " + oaDigitsDoc)},
			{"required", true},
			{"schema", oaDigitsSchema()},
		}})
	}
	for _, r := range RequestHeaderRules() {
		if oaIgnoredHeader(r.Name) {
			continue
		}
		o = append(o, schemaMember{r.Name, schemaObject{
			{"name", r.Name},
			{"in", "header"},
			{"description", oaHeaderDoc(r)},
			{"required", r.Required},
			{"schema", oaHeaderSchema(r)},
		}})
	}
	return o
}

func oaDigitsSchema() schemaObject {
	return schemaObject{{"type", "integer"}, {"format", "int64"}, {"minimum", 0}}
}

// oaUUIDPattern is the UUID rule of x-request-id.
const oaUUIDPattern = `^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$`

// oaHeaderSchema returns the schema of a header rule's value: a reference
// to a shared schema where the check has one (the same for a request and
// a response header), else inline.
func oaHeaderSchema(r HeaderRule) schemaObject {
	switch r.Check {
	case HeaderCheckAPIVersion:
		return oaRef(oaSchemas + oaAPIVersion)
	case HeaderCheckUUID:
		return oaRef(oaSchemas + oaUUID)
	case HeaderCheckInteger:
		return oaDigitsSchema()
	}
	s := schemaObject{{"type", "string"}}
	if r.MinLength > 0 {
		s = append(s, schemaMember{"minLength", r.MinLength})
	}
	if r.MaxLength > 0 {
		s = append(s, schemaMember{"maxLength", r.MaxLength})
	}
	return s
}

// oaHeaderSchemas returns the shared schemas of header values.
func oaHeaderSchemas() schemaObject {
	var names []string
	for _, v := range APIVersions() {
		names = append(names, v.String())
	}
	return schemaObject{
		{oaAPIVersion, schemaObject{
			{"title", oaAPIVersion},
			{"description", "An API version, the value of x-api-version; a request without the header gets " +
				DefaultAPIVersion.String() + "."},
			{"type", "string"},
			{"enum", names},
			{"default", DefaultAPIVersion.String()},
		}},
		{oaUUID, schemaObject{
			{"title", oaUUID},
			{"description", "A UUID in the 8-4-4-4-12 hexadecimal form, any letter case: the value of x-request-id."},
			{"type", "string"},
			{"format", "uuid"},
			{"pattern", oaUUIDPattern},
		}},
	}
}

func oaSecurityScheme() schemaObject {
	var r HeaderRule
	for _, h := range RequestHeaderRules() {
		if h.Check == HeaderCheckBearer {
			r = h
		}
	}
	return schemaObject{
		{"type", "http"},
		{"scheme", "bearer"},
		{"description", "The " + r.Name + " header. " + r.Doc + " " + strconv.Itoa(r.MinLength) + " to " +
			strconv.Itoa(r.MaxLength) + " characters in all, matching " + bearerPattern + " case-insensitively " +
			"(read verbatim: its unescaped dots match any character). OpenAPI cannot express the pattern or the length; " +
			"croschema checks both. A missing or invalid token gets 401."},
	}
}

// oaModels returns the body models of table's endpoints and the error
// body, in Model order, and which of them a server receives (a request
// body).
func oaModels(table []endpointInfo) (models []Model, received map[Model]bool) {
	received = map[Model]bool{}
	used := map[Model]bool{ModelAPIError: true}
	for _, e := range oaEndpoints(table) {
		used[table[e].request] = true
		used[table[e].response] = true
		received[table[e].request] = true
	}
	for m := ModelNone + 1; m.model() != nil; m++ {
		if used[m] {
			models = append(models, m)
		}
	}
	return models, received
}

// oaSchemasObject returns the schemas of the body models and the shared
// schemas of header values.
func oaSchemasObject(table []endpointInfo) schemaObject {
	var o schemaObject
	models, received := oaModels(table)
	for _, m := range models {
		o = append(o, schemaMember{m.String(), oaModelSchema(m, received[m])})
	}
	return append(o, oaHeaderSchemas()...)
}

// oaModelSchema returns the schema of m; received says whether a server
// receives it (a request body), so that it takes every form the lint
// accepts rather than the form a server writes.
func oaModelSchema(m Model, received bool) schemaObject {
	props := schemaObject{}
	var required []string
	for _, r := range m.Rules() {
		props = append(props, schemaMember{r.Key, oaPropertySchema(r, received)})
		if r.Required {
			required = append(required, r.Key)
		}
	}
	s := schemaObject{
		{"title", m.String()},
		{"description", "The body model " + m.String() + " of the CRO Software API, as croschema checks it. " +
			"Keys are case-sensitive; an unknown key is a 400 (Unknown field.)."},
		{"type", "object"},
		{"properties", props},
	}
	if len(required) > 0 { // OpenAPI 3.0 wants a non-empty required list, or none
		s = append(s, schemaMember{"required", required})
	}
	return append(s, schemaMember{"additionalProperties", false}, schemaMember{"example", oaExample(m)})
}

// oaEmailListPattern is the shape of an email list that every valid list
// has: "", or comma-separated items each holding an '@' with something
// before and after it. It accepts more than the rule (Django's
// EmailValidator, which no pattern expresses) and never less: a valid
// item holds no comma (the list is split on commas first) and has a
// non-empty local part and domain. It is unambiguous, so a backtracking
// engine runs it in linear time.
const oaEmailListPattern = `^(?:|[^,@]+@[^,]+(?:,[^,@]+@[^,]+)*)$`

// oaEmailListDescription says what oaEmailListPattern checks.
const oaEmailListDescription = "The pattern checks only the list's shape (every comma-separated item holds an @), " +
	"so this document accepts some invalid addresses, which the server answers 400; it rejects no valid list."

// Descriptions of a boolean by who reads it.
const oaSentBoolDescription = "A conforming server writes true or false."

// oaPropertySchema is the OpenAPI 3.0 form of propertySchema: the same
// rules, with "nullable": true for a null type, a boolean's forms typed
// for code generators (the lenient forms only where a server receives
// them), and an email list by its shape.
func oaPropertySchema(r FieldRule, received bool) schemaObject {
	desc := propertyDescription(r)
	switch {
	case r.EmailList:
		desc = r.Doc + " " + emailListRule + " " + oaEmailListDescription
	case r.JSONType == "boolean" && !received:
		desc = r.Doc + " " + oaSentBoolDescription
	}
	s := schemaObject{{"description", desc}}
	switch r.JSONType {
	case "boolean":
		if !received {
			return append(s, schemaMember{"type", "boolean"})
		}
		return append(s, schemaMember{"oneOf", []schemaObject{
			{{"type", "boolean"}},
			{{"type", "integer"}, {"enum", []int{0, 1}}},
			{{"type", "string"}, {"pattern", boolStringPattern}},
		}})
	case "integer":
		s = append(s, schemaMember{"type", "integer"}, schemaMember{"format", "int64"})
	default:
		s = append(s, schemaMember{"type", "string"})
		if r.MinLength > 0 {
			s = append(s, schemaMember{"minLength", r.MinLength})
		}
		if r.MaxLength > 0 {
			s = append(s, schemaMember{"maxLength", r.MaxLength})
		}
		if r.EmailList {
			s = append(s, schemaMember{"pattern", oaEmailListPattern})
		}
	}
	if r.Nullable {
		s = append(s, schemaMember{"nullable", true})
	}
	return s
}
