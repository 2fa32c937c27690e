package check

import "strings"

// A Tag says where a check's expectation comes from: the public
// documentation of the API (RULES.md marks those facts *(docs)*) or a
// decision of this package (RULES.md **(decision)**).
type Tag uint8

const (
	// Docs marks a check of what the public documentation states: the
	// statuses it names (401, 403 for a missing tenant or a role, 404 for
	// no such resource, 200 for a success), the documented rules of the
	// models and headers, the sample's headers, the error body's field.
	Docs Tag = iota + 1
	// Decision marks a check of what RULES.md decided where the
	// documentation is silent: the rest of the status table and its
	// order, the exact error body, the echoes, PATCH semantics, HEAD and
	// OPTIONS.
	Decision
)

// String returns "docs" or "decision".
func (t Tag) String() string {
	switch t {
	case Docs:
		return "docs"
	case Decision:
		return "decision"
	}
	return "invalid Tag"
}

// A Check is one named property of a conforming server, judged on the
// answers to the requests the engine sends. Every failure belongs to one
// check.
type Check struct {
	Name string // kebab-case, stable: what -checks and the reports name
	Tag  Tag
	Doc  string // one line: what a conforming server does
}

// The checks. The status of every answer is judged by the check of the
// row of RULES.md's status table that decides it (a single row), by
// Precedence when the request falls in several rows, and by the check of
// the probe for a valid request; the other checks judge every answer they
// apply to.
var (
	PathNotFound = &Check{"path-404", Decision,
		"a path that names no endpoint is answered 404, naming RequestLine.path"}
	MethodNotAllowed = &Check{"method-405", Decision,
		"a method the path does not allow is answered 405 with Allow: GET,PATCH on a contact, POST on the collection"}
	AuthMissing = &Check{"auth-401", Docs,
		"authorization missing, or breaking its documented length or pattern, is answered 401"}
	UnknownToken = &Check{"unknown-token-401", Docs,
		"a well-formed token the server does not know is answered 401 (run only with -reject-unknown-tokens: a server may take any token)"}
	TenantMissing = &Check{"tenant-403", Docs,
		"a request without x-tenant-id is answered 403"}
	Roles = &Check{"roles", Docs,
		"each role token may call exactly the endpoints the roles table gives it, and gets 403 on the others (run only with -token ROLE=TOKEN)"}
	MediaType = &Check{"media-415", Decision,
		"a POST or PATCH whose content-type is not application/json, or whose content-encoding is not identity, is answered 415"}
	BodyTooLarge = &Check{"size-413", Decision,
		"a body larger than the server's limit (1 MiB unless -body-limit) is answered 413"}
	RejectHeader = &Check{"reject-header", Decision,
		"a request header breaking one rule (x-api-version, x-request-id, x-tenant-id, content-type length, a header given twice) is answered 400 naming it"}
	RejectPath = &Check{"reject-path", Decision,
		"a path parameter that is not an integer (or empty) is answered 400 naming RequestLine.customer_id or customer_contact_id; leading zeros are the integer"}
	RejectBody = &Check{"reject-body", Docs,
		"a body breaking one documented rule of one key (type, null, length, email list, boolean forms, unknown key) is answered 400 naming the key"}
	RejectBodyStrict = &Check{"reject-body-strict", Decision,
		"a body that is not JSON, repeats a key, holds invalid UTF-8, or comes with a GET is answered 400"}
	CreateUnstorable = &Check{"create-unstorable", Decision,
		"a valid Create without name is answered 400 with field CreateCustomerContactModel.name"}
	ContactNotFound = &Check{"contact-404", Docs,
		"a well-formed request for a contact that was never created is answered 404"}
	AcceptBody = &Check{"accept-body", Docs,
		"every valid body (crogen's, in every accepted form) is accepted: 200"}
	AcceptHeaders = &Check{"accept-headers", Docs,
		"every valid set of request headers (any letter case, surrounding space, optional headers) is accepted: 200"}
	CreateStored = &Check{"create-stored", Decision,
		"a Create answers 200, a Location naming the new contact, and the contact as stored: its keys applied onto false booleans and null email, fax and number"}
	GetStored = &Check{"get-stored", Decision,
		"a GET returns the contact as last stored; a rejected request changes nothing"}
	PatchSemantics = &Check{"patch-semantics", Decision,
		"a PATCH sets each key it gives a value, clears each key it gives null, and leaves each key it omits"}
	IDsUnique = &Check{"ids-unique", Decision,
		"the ids a customer's Creates return are all different"}
	Head = &Check{"head", Decision,
		"HEAD is answered as GET, without a body"}
	Options = &Check{"options-204", Decision,
		"OPTIONS on a known path is answered 204 without a token, with Allow and the CORS headers; on an unknown path 404"}
	Precedence = &Check{"precedence", Decision,
		"a request in several rows of the status table gets the status of the first: 404, 405, 401, 403, 415, 413, 400, then 404 for no such contact"}
	NoServerError = &Check{"no-server-error", Decision,
		"every request is answered, and never with a 5xx"}
	ResponseHeaders = &Check{"response-headers", Docs,
		"every answer carries x-api-version and x-request-id (StandardResponseHeadersModel), and content-type application/json with a body"}
	HeaderEcho = &Check{"header-echo", Decision,
		"x-api-version is the request's (else 2019/02/08) and x-request-id the request's (else a fresh version-4 UUID)"}
	CORS = &Check{"cors", Docs,
		"every answer carries the sample's CORS headers, Access-Control-Allow-Methods the path's methods"}
	WWWAuthenticate = &Check{"www-authenticate", Decision,
		"every 401 carries WWW-Authenticate: Bearer"}
	ErrorBody = &Check{"error-body", Docs,
		"every 4xx and 5xx carries the API's error body (ErrorResponseModel: detail, field, explanation)"}
	ErrorField = &Check{"error-field", Docs,
		"a rejection's field names what broke as MODEL.key, and an unknown key's detail is \"Unknown field.\""}
	ErrorExact = &Check{"error-exact", Decision,
		"a rejection's detail and explanation are exactly RULES.md's (crohttp.ErrorFromViolations)"}
	SuccessBody = &Check{"success-body", Docs,
		"every 2xx body lints clean as CustomerContactModel, and is the contact asked for"}
	NoTokenEcho = &Check{"no-token-echo", Decision,
		"no answer holds the bearer token, in any header or the body"}
)

// checks is every check, in the order of the reports: the rows of the
// status table, positive and negative data, state, then what every
// answer carries.
var checks = []*Check{
	PathNotFound, MethodNotAllowed, AuthMissing, UnknownToken, TenantMissing, Roles, MediaType, BodyTooLarge,
	RejectHeader, RejectPath, RejectBody, RejectBodyStrict, CreateUnstorable, ContactNotFound, Precedence,
	Head, Options,
	AcceptBody, AcceptHeaders, CreateStored, GetStored, PatchSemantics, IDsUnique,
	NoServerError, ResponseHeaders, HeaderEcho, CORS, WWWAuthenticate, ErrorBody, ErrorField, ErrorExact,
	SuccessBody, NoTokenEcho,
}

// Checks returns every check, in report order. The values are shared:
// do not modify them.
func Checks() []*Check { return append([]*Check(nil), checks...) }

// Lookup returns the check named name, or nil.
func Lookup(name string) *Check {
	for _, c := range checks {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Select returns the filter of the checks a -checks value names: "all"
// (or ""), "docs" (the checks tagged Docs), "decision", or a
// comma-separated list of check names. It returns an error message for
// an unknown name.
func Select(spec string) (func(*Check) bool, string) {
	switch spec {
	case "", "all":
		return func(*Check) bool { return true }, ""
	case "docs":
		return func(c *Check) bool { return c.Tag == Docs }, ""
	case "decision":
		return func(c *Check) bool { return c.Tag == Decision }, ""
	}
	names := map[*Check]bool{}
	for _, n := range strings.Split(spec, ",") {
		n = strings.TrimSpace(n)
		c := Lookup(n)
		if c == nil {
			return nil, "unknown check " + quote(n) + ": want all, docs, decision or check names (crolint check -h lists them)"
		}
		names[c] = true
	}
	return func(c *Check) bool { return names[c] }, ""
}
