package croschema

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// OpenAPIVersion is the version of the OpenAPI Specification that OpenAPI
// writes: 3.0.3, the version that oapi-codegen, ogen, kin-openapi, Prism and
// most generators read.
const OpenAPIVersion = "3.0.3"

// OpenAPI returns an OpenAPI 3.0.3 document (JSON) of the three endpoints,
// derived from the package's rule tables, so that OpenAPI tools (code
// generators, mock servers, request validators) see the rules croschema
// checks:
//
//   - paths and operations from Endpoints, each operation's description
//     naming the roles that may use it; path parameters as non-negative
//     int64 integers written in ASCII digits;
//   - the request headers x-api-version, x-request-id and x-tenant-id as
//     header parameters; authorization as the bearer security scheme
//     "bearerAuth" (OpenAPI ignores an Authorization parameter); the
//     content-type of a body as the request body's media type,
//     application/json;
//   - the body models as components/schemas (CustomerContactModel,
//     CreateCustomerContactModel, UpdateCustomerContactModel, ErrorResponseModel)
//     with additionalProperties false, "nullable": true where null is
//     allowed, lengths in characters, an email list as an ASCII pattern,
//     and a boolean as oneOf JSON true or false, the integer 0 or 1, or a
//     string matching "0", "1", "true" or "false" in any letter case;
//   - POST's body as CreateCustomerContactModel allOf a required name: a
//     Create without name is a valid document that cannot be stored, so
//     the server answers 400;
//   - per operation, the statuses of RULES.md "Serving the API": 200 with
//     the contact (and Location on POST), 400, 401 (with WWW-Authenticate),
//     403 and 404 with the error body and an example, and 413 and 415
//     where the operation has a body; every response declares
//     x-api-version and x-request-id (required), Allow and the CORS headers;
//   - the documented sample response as the example of the contact.
//
// Some rules are beyond OpenAPI, which sees a decoded body and single
// header values: a key given twice, invalid UTF-8, the spelling of a
// number (1.0 and 1e0 pass as 1), the authorization pattern and length,
// email addresses beyond the plain form, a header given twice, a body
// request without content-type, and a path ending in '/'. The
// descriptions say so where it matters; croschema's lint checks them all.
//
// The output is deterministic: keys in a fixed order, indented with two
// spaces, ending in a newline. Each call returns a new slice.
func OpenAPI() []byte { return bytes.Clone(openAPIDocument()) }

var openAPIDocument = sync.OnceValue(func() []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	// The document holds only strings, numbers, booleans, slices of them
	// and schemaObjects, which always encode; TestOpenAPIGolden pins the
	// output, so a nil here could not go unnoticed.
	if enc.Encode(openAPIRoot()) != nil {
		return nil
	}
	return buf.Bytes()
})

// The names of the document's components.
const (
	oaBearerScheme = "bearerAuth"
	oaSchemas      = "#/components/schemas/"
	oaHeaders      = "#/components/headers/"
	oaResponses    = "#/components/responses/"
	oaParameters   = "#/components/parameters/"
	oaJSON         = "application/json"
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

// oaSampleRequest is the sample without id: a Create or Update body.
func oaSampleRequest() schemaObject {
	var o schemaObject
	for _, m := range oaSample {
		if m.key != "id" {
			o = append(o, m)
		}
	}
	return o
}

// oaErrorSample is the documented error body.
var oaErrorSample = schemaObject{
	{"detail", "Unknown field."},
	{"explanation", "The resource could not be accessed."},
	{"field", "CreateCustomerModel.user_id"},
}

func openAPIRoot() schemaObject {
	versions := APIVersions()
	return schemaObject{
		{"openapi", OpenAPIVersion},
		{"info", schemaObject{
			{"title", "CRO Software API: customer contacts"},
			{"description", "The customer contact endpoints of the CRO Software REST API, as croschema " +
				"(github.com/croschema/croschema) checks them. Every API version (x-api-version) has the same rules. " +
				"croschema's lint also checks what OpenAPI cannot express: keys given twice, invalid UTF-8, " +
				"the spelling of numbers, the authorization pattern, email addresses beyond the plain form, " +
				"headers given twice."},
			{"version", versions[len(versions)-1].String()},
		}},
		{"servers", []schemaObject{{
			{"url", "/"},
			{"description", "The server that serves this document (the documentation's code samples use http://localhost:8003)."},
		}}},
		{"tags", []schemaObject{{{"name", "Contacts"}, {"description", "Customer contacts."}}}},
		{"paths", oaPaths()},
		{"components", schemaObject{
			{"schemas", oaSchemasObject()},
			{"parameters", oaParametersObject()},
			{"headers", oaHeadersObject()},
			{"responses", oaResponsesObject()},
			{"securitySchemes", schemaObject{{oaBearerScheme, oaSecurityScheme()}}},
		}},
		{"security", []schemaObject{{{oaBearerScheme, []string{}}}}},
	}
}

// oaPaths returns the path items, one per distinct path of Endpoints in
// their order, each with its operations in that order.
func oaPaths() schemaObject {
	var paths schemaObject
	for _, e := range Endpoints() {
		i := 0
		for i < len(paths) && paths[i].key != e.Path() {
			i++
		}
		if i == len(paths) {
			paths = append(paths, schemaMember{e.Path(), schemaObject{}})
		}
		item := paths[i].value.(schemaObject)
		item = append(item, schemaMember{strings.ToLower(e.Method()), oaOperation(e)})
		paths[i].value = item
	}
	// The path item's description and parameters come first.
	for i := range paths {
		item := paths[i].value.(schemaObject)
		var methods []string
		for _, op := range item {
			methods = append(methods, strings.ToUpper(op.key))
		}
		head := schemaObject{
			{"description", oaPathNotes(methods)},
			{"parameters", oaPathParameters(paths[i].key)},
		}
		paths[i].value = append(head, item...)
	}
	return paths
}

// oaPathNotes says what a conforming server does with the methods the
// path item does not describe, given those it does.
func oaPathNotes(methods []string) string {
	allow := strings.Join(methods, ",")
	s := "Allow: " + allow + ". Another method gets 405 with Allow: " + allow + ". " +
		"OPTIONS gets 204 without authentication, with Allow and the CORS headers."
	for _, m := range methods {
		if m == http.MethodGet {
			s += " HEAD is answered as GET, without a body."
		}
	}
	return s + " A trailing '/' on the path is accepted."
}

// oaPathParameters returns references to the parameters of a path
// template, in order.
func oaPathParameters(path string) []schemaObject {
	var ps []schemaObject
	for _, seg := range strings.Split(path, "/") {
		if name, ok := strings.CutPrefix(seg, "{"); ok {
			ps = append(ps, oaRef(oaParameters+strings.TrimSuffix(name, "}")))
		}
	}
	return ps
}

func oaRef(ref string) schemaObject { return schemaObject{{"$ref", ref}} }

// oaOperationID returns the operationId of e: "getContact" for "Get
// Contact".
func oaOperationID(e Endpoint) string {
	id := strings.ReplaceAll(e.Name(), " ", "")
	return strings.ToLower(id[:1]) + id[1:]
}

var oaOperationNotes = map[Endpoint]string{
	GetContact: "Get customer contact by id.",
	UpdateContact: "Update a customer contact: the body applies exactly the keys it carries; " +
		"null clears a key, a value sets it, an absent key is left alone.",
	CreateContact: "Create a customer contact: the body's keys are applied onto a new contact whose booleans are false " +
		"and whose email, fax and number are null. A body without name is valid as a document but cannot be stored: " +
		"it gets 400 with field CreateCustomerContactModel.name.",
}

func oaOperation(e Endpoint) schemaObject {
	var roles []string
	for _, r := range e.Roles() {
		roles = append(roles, r.String())
	}
	op := schemaObject{
		{"tags", []string{"Contacts"}},
		{"summary", e.Name()},
		{"description", oaOperationNotes[e] + "\n\nRoles: " + strings.Join(roles, ", ") + ". Other roles get 403."},
		{"operationId", oaOperationID(e)},
		{"parameters", oaHeaderParameters()},
	}
	body := e.RequestModel() != ModelNone
	if body {
		desc := "A " + e.RequestModel().String() + " document. " +
			"A request without content-type is accepted too; croschema checks the body as JSON."
		schema := oaRef(oaSchemas + e.RequestModel().String())
		if e == CreateContact {
			// A valid CreateCustomerContactModel without name cannot be
			// stored: the server answers 400 (RULES.md "Serving the API").
			keys := oaStoredKeys()
			desc += " The body must carry " + strings.Join(keys, ", ") +
				": a new contact has no default for it, so the server answers 400 without it."
			schema = schemaObject{{"allOf", []schemaObject{schema, {{"required", keys}}}}}
		}
		op = append(op, schemaMember{"requestBody", schemaObject{
			{"description", desc},
			{"required", true},
			{"content", schemaObject{{oaJSON, schemaObject{
				{"schema", schema},
				{"example", oaSampleRequest()},
			}}}},
		}})
	}
	ok := schemaObject{
		{"description", "The contact."},
		{"headers", oaResponseHeaders(e == CreateContact, false)},
		{"content", schemaObject{{oaJSON, schemaObject{
			{"schema", oaRef(oaSchemas + e.ResponseModel().String())},
			{"example", oaSample},
		}}}},
	}
	if e == CreateContact {
		ok[0].value = "The created contact; Location is its path."
	}
	responses := schemaObject{{"200", ok}}
	for _, s := range oaErrorStatuses {
		if !s.body || body {
			responses = append(responses, schemaMember{strconv.Itoa(s.code), oaRef(oaResponses + s.name)})
		}
	}
	return append(op, schemaMember{"responses", responses})
}

// oaStoredKeys returns the keys a Create must carry to be stored: those a
// contact requires and has no default for. A new contact's booleans are
// false and its nullable keys null (RULES.md "Serving the API"); the server
// assigns id.
func oaStoredKeys() []string {
	var keys []string
	for _, r := range ModelCustomerContact.Rules() {
		if r.Required && !r.Nullable && r.JSONType == "string" {
			keys = append(keys, r.Key)
		}
	}
	return keys
}

// oaErrorStatus is one error row of the status table of RULES.md "Serving the API".
type oaErrorStatus struct {
	code int
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
	{400, "BadRequest", false, "Any other violation: headers, path parameters that are not integers, the body. " +
		"field and detail are those of the first violation; explanation lists every violation found " +
		"(FIELD: CODE: DETAIL, joined by \"; \"), or is null when there is only one.",
		func() schemaObject {
			return oaViolationExample(ModelCreateCustomerContact.Lint([]byte(`{"user_id": 1}`)), CodeUnknownField)
		}},
	{401, "Unauthorized", false, "authorization is missing or invalid.",
		oaHeaderExample(http.MethodGet, http.Header{"X-Tenant-Id": {"1"}}, CodeRequired)},
	{403, "Forbidden", false, "x-tenant-id is missing, or the caller's role may not use the endpoint.",
		oaHeaderExample(http.MethodGet, http.Header{"Authorization": {oaExampleToken}}, CodeRequired)},
	{404, "NotFound", false, "No such resource: no contact (or customer) with that id.",
		oaFixedExample("Customer contact 2 of customer 1 not found.")},
	{413, "PayloadTooLarge", true, "The body is larger than the server's limit (by default 1 MiB).",
		oaFixedExample("the body is larger than 1048576 bytes")},
	{415, "UnsupportedMediaType", true, "content-type is present and its media type is not application/json.",
		oaHeaderExample(http.MethodPost, http.Header{"Authorization": {oaExampleToken}, "X-Tenant-Id": {"1"},
			"Content-Type": {"text/plain"}}, CodeEnum)},
}

func oaResponsesObject() schemaObject {
	var o schemaObject
	for _, s := range oaErrorStatuses {
		o = append(o, schemaMember{s.name, schemaObject{
			{"description", s.desc},
			{"headers", oaResponseHeaders(false, s.code == http.StatusUnauthorized)},
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

// oaEveryResponseHeaders are the headers that a conforming server sends
// on every response besides StandardResponseHeadersModel's: Allow (as the
// documented sample does, and every 405) and the CORS headers.
var oaEveryResponseHeaders = []struct{ name, desc, example string }{
	{"allow", "The methods of the path.", "GET,PATCH"},
	{"access-control-allow-origin", "CORS: any origin.", "*"},
	{"access-control-allow-methods", "CORS: the methods of the path, as Allow.", "GET,PATCH"},
	{"access-control-allow-headers", "CORS: the request headers a browser may send.", "Authorization, Accept, X-TENANT-ID, Content-Type"},
}

// oaResponseHeaders returns the headers of a response: those of
// StandardResponseHeadersModel that OpenAPI describes, Allow and the CORS
// headers, and Location or WWW-Authenticate when asked.
func oaResponseHeaders(location, authenticate bool) schemaObject {
	var o schemaObject
	for _, r := range ResponseHeaderRules() {
		if !oaIgnoredHeader(r.Name) {
			o = append(o, schemaMember{r.Name, oaRef(oaHeaders + r.Name)})
		}
	}
	for _, h := range oaEveryResponseHeaders {
		o = append(o, schemaMember{h.name, oaRef(oaHeaders + h.name)})
	}
	if location {
		o = append(o, schemaMember{oaLocation, oaRef(oaHeaders + oaLocation)})
	}
	if authenticate {
		o = append(o, schemaMember{oaWWWAuthenticate, oaRef(oaHeaders + oaWWWAuthenticate)})
	}
	return o
}

func oaHeadersObject() schemaObject {
	var o schemaObject
	for _, r := range ResponseHeaderRules() {
		if oaIgnoredHeader(r.Name) {
			continue
		}
		o = append(o, schemaMember{r.Name, schemaObject{
			{"description", oaHeaderDoc(r)},
			{"required", r.Required},
			{"schema", oaHeaderSchema(r, false)},
		}})
	}
	for _, h := range oaEveryResponseHeaders {
		o = append(o, schemaMember{h.name, schemaObject{
			{"description", h.desc + " A conforming server sends it on every response; croschema's response lint does not require it."},
			{"schema", schemaObject{{"type", "string"}, {"example", h.example}}},
		}})
	}
	o = append(o,
		schemaMember{oaLocation, schemaObject{
			{"description", "The path of the created contact. A conforming server sends it; croschema's response lint does not require it."},
			{"schema", schemaObject{{"type", "string"}, {"example", "/customers/1/contacts/1"}}},
		}},
		schemaMember{oaWWWAuthenticate, schemaObject{
			{"description", "The authentication scheme."},
			{"schema", schemaObject{{"type", "string"}, {"example", "Bearer"}}},
		}})
	return o
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
		return r.Doc + " A non-negative 64-bit integer in ASCII digits only (no sign, no spaces, no other base)."
	}
	return r.Doc
}

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

// oaParamDocs describe the path parameters.
var oaParamDocs = map[string]string{
	paramCustomerID:        "Customer identifier.",
	paramCustomerContactID: "Customer contact identifier.",
}

func oaParametersObject() schemaObject {
	var o schemaObject
	for _, name := range []string{paramCustomerID, paramCustomerContactID} {
		o = append(o, schemaMember{name, schemaObject{
			{"name", name},
			{"in", "path"},
			{"description", oaParamDocs[name] + " A non-negative 64-bit integer in ASCII digits only (no sign, no spaces)."},
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
			{"schema", oaHeaderSchema(r, true)},
		}})
	}
	return o
}

// oaDigitsPattern is the integer rule of headers and path parameters. A
// validator applies a pattern to strings only; on the integer schema it
// documents the spelling.
const oaDigitsPattern = `^[0-9]+$`

func oaDigitsSchema() schemaObject {
	return schemaObject{
		{"type", "integer"},
		{"format", "int64"},
		{"minimum", 0},
		{"pattern", oaDigitsPattern},
	}
}

// oaUUIDPattern is the UUID rule of x-request-id.
const oaUUIDPattern = `^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$`

// oaHeaderSchema returns the schema of a header rule's value; request
// says whether it is a request header (x-api-version has a default).
func oaHeaderSchema(r HeaderRule, request bool) schemaObject {
	var s schemaObject
	switch r.Check {
	case HeaderCheckAPIVersion:
		var names []string
		for _, v := range APIVersions() {
			names = append(names, v.String())
		}
		s = schemaObject{{"type", "string"}, {"enum", names}}
		if request {
			s = append(s, schemaMember{"default", DefaultAPIVersion.String()})
		}
		return s
	case HeaderCheckUUID:
		return schemaObject{{"type", "string"}, {"format", "uuid"}, {"pattern", oaUUIDPattern}}
	case HeaderCheckInteger:
		return oaDigitsSchema()
	}
	s = schemaObject{{"type", "string"}}
	if r.MinLength > 0 {
		s = append(s, schemaMember{"minLength", r.MinLength})
	}
	if r.MaxLength > 0 {
		s = append(s, schemaMember{"maxLength", r.MaxLength})
	}
	return s
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

// oaSchemasObject returns the schemas of the body models.
func oaSchemasObject() schemaObject {
	var o schemaObject
	for _, m := range []Model{ModelCustomerContact, ModelCreateCustomerContact, ModelUpdateCustomerContact, ModelAPIError} {
		o = append(o, schemaMember{m.String(), oaModelSchema(m)})
	}
	return o
}

func oaModelSchema(m Model) schemaObject {
	props := schemaObject{}
	var required []string
	for _, r := range m.Rules() {
		props = append(props, schemaMember{r.Key, oaPropertySchema(r)})
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
	s = append(s, schemaMember{"additionalProperties", false})
	switch m {
	case ModelCustomerContact:
		s = append(s, schemaMember{"example", oaSample})
	case ModelCreateCustomerContact, ModelUpdateCustomerContact:
		s = append(s, schemaMember{"example", oaSampleRequest()})
	case ModelAPIError:
		s = append(s, schemaMember{"example", oaErrorSample})
	}
	return s
}

// oaPropertySchema is the OpenAPI 3.0 form of propertySchema: the same
// rules, with "nullable": true for a null type, and a boolean's forms
// typed for code generators.
func oaPropertySchema(r FieldRule) schemaObject {
	s := schemaObject{{"description", propertyDescription(r)}}
	switch r.JSONType {
	case "boolean":
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
			s = append(s, schemaMember{"pattern", emailListPattern})
		}
	}
	if r.Nullable {
		s = append(s, schemaMember{"nullable", true})
	}
	return s
}
