package croschema

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/croschema/croschema/internal/redact"
)

// RequestHeaders are the headers of StandardRequestHeadersModel.
//
// LintRequestHeaders fills them from a request; SetHeaders writes them
// onto one. Rendered with fmt, slog or encoding/json they never
// show the token.
type RequestHeaders struct {
	// Authorization is the authorization header. Required.
	Authorization BearerToken `json:"authorization,omitzero"`
	// ContentType is the content-type header, such as "application/json";
	// "" means absent.
	ContentType string `json:"content-type,omitempty"`
	// APIVersion is the x-api-version header; the zero APIVersion means
	// absent, which the API treats as DefaultAPIVersion.
	APIVersion APIVersion `json:"x-api-version,omitzero"`
	// RequestID is the x-request-id header, a UUID in the 8-4-4-4-12 form
	// such as "b24c2138-65af-4ed3-8e1d-b85a7dc8171c"; "" means absent.
	RequestID string `json:"x-request-id,omitempty"`
	// TenantID is the x-tenant-id header. Required; it must not be negative.
	TenantID int64 `json:"x-tenant-id"`
}

// ResponseHeaders are the headers of StandardResponseHeadersModel.
type ResponseHeaders struct {
	// APIVersion is the x-api-version header. Required.
	APIVersion APIVersion `json:"x-api-version,omitzero"`
	// RequestID is the x-request-id header, a UUID. Required.
	RequestID string `json:"x-request-id,omitempty"`
	// ContentType is the content-type header; "" means absent.
	ContentType string `json:"content-type,omitempty"`
}

// A HeaderCheck is what a header rule checks in a value after its length
// bounds. Each check reports one code (HeaderCheck.Code).
type HeaderCheck uint8

// The header checks.
const (
	HeaderCheckNone       HeaderCheck = iota // only the length bounds
	HeaderCheckBearer                        // the authorization pattern, ^bearer [a-z0-9-_=]+.[a-z0-9-_=]+.?[a-z0-9-_.+/=]*$ (pattern)
	HeaderCheckMediaType                     // on a request with a body (POST, PATCH), the media type application/json (enum)
	HeaderCheckAPIVersion                    // one of APIVersions, exactly as written (enum)
	HeaderCheckUUID                          // a UUID in the 8-4-4-4-12 hexadecimal form, any letter case (uuid)
	HeaderCheckInteger                       // ASCII digits, no sign, within int64 (integer)
)

var headerCheckNames = [...]string{
	HeaderCheckNone:       "none",
	HeaderCheckBearer:     "bearer",
	HeaderCheckMediaType:  "media-type",
	HeaderCheckAPIVersion: "api-version",
	HeaderCheckUUID:       "uuid",
	HeaderCheckInteger:    "integer",
}

var headerCheckCodes = [...]Code{
	HeaderCheckBearer:     CodePattern,
	HeaderCheckMediaType:  CodeEnum,
	HeaderCheckAPIVersion: CodeEnum,
	HeaderCheckUUID:       CodeUUID,
	HeaderCheckInteger:    CodeInteger,
}

// String returns the name of the check, such as "bearer" or "uuid", or
// "invalid HeaderCheck".
func (c HeaderCheck) String() string {
	if int(c) < len(headerCheckNames) {
		return headerCheckNames[c]
	}
	return "invalid HeaderCheck"
}

// Code returns the code of the violation a value that fails c gets, such
// as CodeUUID for HeaderCheckUUID, or "" for HeaderCheckNone and invalid
// values.
func (c HeaderCheck) Code() Code {
	if int(c) < len(headerCheckCodes) {
		return headerCheckCodes[c]
	}
	return ""
}

// A [HeaderRule] is one header of a header model, as the header table states
// it: what LintRequestHeaders, LintResponseHeaders, Validate, SetHeaders,
// crogen's header generators and the tests all derive from.
//
// A header's violations are: required when a Required header is missing;
// duplicate_key when it is given more than once; min_length or max_length
// when its value has fewer than MinLength or more than MaxLength
// characters; else Check.Code() when the value fails Check.
type HeaderRule struct {
	Name      string      // the lower-case header name, such as "x-tenant-id": the Location of its violations
	Field     string      // the server's name, such as "StandardRequestHeadersModel.x-tenant-id"
	Required  bool        // the header must be present
	MinLength int         // at least this many characters; 0 means no bound
	MaxLength int         // at most this many characters; 0 means no bound
	Check     HeaderCheck // what the value must be, checked after the length
	Doc       string      // what the header is
}

// RequestHeaderRules returns the rules of StandardRequestHeadersModel, one
// per header in the documented order: authorization, content-type,
// x-api-version, x-request-id, x-tenant-id. The slice is new on every call.
func RequestHeaderRules() []HeaderRule { return requestHeaderModel.exported() }

// ResponseHeaderRules returns the rules of StandardResponseHeadersModel:
// x-api-version, x-request-id, content-type. The slice is new on every
// call.
func ResponseHeaderRules() []HeaderRule { return responseHeaderModel.exported() }

// headerRule is a row of the header table with what reading a header needs.
type headerRule struct {
	HeaderRule
	key string // the canonical http.Header key, such as "X-Tenant-Id"
}

// headerModel is a header model: its name and its rules, in table order.
// The index of a rule is its slot in a headerRecord.
type headerModel struct {
	name  string
	rules []headerRule
}

func newHeaderModel(name string, rows []HeaderRule) *headerModel {
	m := &headerModel{name: name}
	for _, r := range rows {
		r.Field = name + "." + r.Name
		m.rules = append(m.rules, headerRule{HeaderRule: r, key: http.CanonicalHeaderKey(r.Name)})
	}
	return m
}

func (m *headerModel) exported() []HeaderRule {
	out := make([]HeaderRule, len(m.rules))
	for i, r := range m.rules {
		out[i] = r.HeaderRule
	}
	return out
}

// The header tables (RULES.md "Request headers" and "Response headers").
// Every consumer reads them; adding a header is a row here and a field of
// its struct ([RequestHeaders], [ResponseHeaders]) with the header's name as
// its json name, whose mapping TestGeneratedMapping writes.
//
// x-api-version has no length bounds although the documentation gives "1 to
// 64 characters": the enum implies them, and RULES.md makes "" an enum
// violation.
var (
	requestHeaderModel = newHeaderModel("StandardRequestHeadersModel", []HeaderRule{
		{Name: "authorization", Required: true, MinLength: 1, MaxLength: 256, Check: HeaderCheckBearer,
			Doc: "The access token: \"Bearer \" and a token. A secret: never shown."},
		{Name: "content-type", MinLength: 1, MaxLength: 256, Check: HeaderCheckMediaType,
			Doc: "The media type of the request body: application/json."},
		{Name: "x-api-version", Check: HeaderCheckAPIVersion,
			Doc: "The API version to use; absent means 2019/02/08."},
		{Name: "x-request-id", Check: HeaderCheckUUID,
			Doc: "The request's identifier, a UUID."},
		{Name: "x-tenant-id", Required: true, Check: HeaderCheckInteger,
			Doc: "The tenant's identifier."},
	})
	responseHeaderModel = newHeaderModel("StandardResponseHeadersModel", []HeaderRule{
		{Name: "x-api-version", Required: true, Check: HeaderCheckAPIVersion,
			Doc: "The API version that answered."},
		{Name: "x-request-id", Required: true, Check: HeaderCheckUUID,
			Doc: "The request's identifier, a UUID."},
		{Name: "content-type", MinLength: 1, MaxLength: 256,
			Doc: "The media type of the response body; the API sends application/json."},
	})
)

// reqAuthorization is the slot of the bearer token in the request header
// model: the one header whose value is a secret.
var reqAuthorization = requestHeaderModel.checkSlot(HeaderCheckBearer)

// checkSlot returns the slot of the first rule of m with check c, or -1.
func (m *headerModel) checkSlot(c HeaderCheck) int {
	for i := range m.rules {
		if m.rules[i].Check == c {
			return i
		}
	}
	return -1
}

// maxHeaderRules bounds the rules of one model, so that a headerRecord is
// an array; TestHeaderTable checks the bound.
const maxHeaderRules = 8

// headerValue is a header value that passed its rule, parsed.
type headerValue struct {
	text    string     // the value, trimmed
	integer int64      // HeaderCheckInteger: the number
	version APIVersion // HeaderCheckAPIVersion: the version
}

// headerFault is why a value broke its rule: a code and a detail.
type headerFault struct {
	code   Code
	detail string
}

// check checks one value, already trimmed, against r. body reports whether
// the request carries a body. It returns the parsed value and true when s
// is valid, else the first rule s breaks (lengths first). It allocates
// only to build a detail, and the detail never contains an authorization
// value.
func (r *headerRule) check(s string, body bool) (headerValue, headerFault, bool) {
	hv := headerValue{text: s}
	// s has len(s)/4 to len(s) characters: count them only when that range
	// does not settle both bounds (a token of 4 to 256 bytes never does).
	if len(s) < 4*r.MinLength || r.MaxLength > 0 && len(s) > r.MaxLength {
		n := utf8.RuneCountInString(s)
		if n < r.MinLength {
			return hv, headerFault{CodeMinLength, lengthDetail(n, "at least", r.MinLength, "required")}, false
		}
		if r.MaxLength > 0 && n > r.MaxLength {
			return hv, headerFault{CodeMaxLength, lengthDetail(n, "at most", r.MaxLength, "allowed")}, false
		}
	}
	var detail string
	switch r.Check {
	case HeaderCheckBearer:
		if !matchBearer(s) {
			detail = "does not match " + bearerPattern + " (any letter case); the " +
				strconv.Itoa(utf8.RuneCountInString(s)) + "-character value is not shown"
		}
	case HeaderCheckMediaType:
		if body && !isJSONMediaType(s) {
			detail = quotedValue(s, " is not application/json, which a request with a body must send")
		}
	case HeaderCheckAPIVersion:
		v, ok := parseAPIVersion(s)
		if !ok {
			detail = quotedValue(s, " is not one of "+apiVersionList())
		}
		hv.version = v
	case HeaderCheckUUID:
		if !isUUID(s) {
			detail = quotedValue(s, " is not a UUID in the 8-4-4-4-12 hexadecimal form")
		}
	case HeaderCheckInteger:
		n, ok := parseDigits(s)
		if !ok {
			detail = quotedValue(s, integerSuffix(s))
		}
		hv.integer = n
	}
	if detail != "" {
		return hv, headerFault{r.Check.Code(), detail}, false
	}
	return hv, headerFault{}, true
}

// quotedValue quotes a header value for a detail, as quoteTrunc does,
// followed by suffix, in one allocation; unless the value holds a control
// character (tab included): such a value may carry what an HTTP reader
// failed to split off ("1\rAuthorization: Bearer ..." after a bare CR),
// so a detail says only how long it is.
func quotedValue(s, suffix string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f {
			return "the " + strconv.Itoa(utf8.RuneCountInString(s)) + "-character value (not shown: it holds a control character)" + suffix
		}
	}
	return quoted(s, suffix)
}

func (r *headerRule) violation(code Code, detail string) Violation {
	return Violation{Location: r.Name, Field: r.Field, Code: code, Detail: detail}
}

// apiVersionList is "2019/02/08, 2021/04/07, ...".
func apiVersionList() string {
	return strings.Join(apiVersionNames[V2019_02_08:], ", ")
}

// lint reads the headers of m from h and checks them, returning the
// record of the headers given once with a valid value, and every violation
// in table order:
//
//   - header names match in any letter case;
//   - a value is checked as received after trimming surrounding spaces and
//     tabs, so an empty value is a present header that breaks its rule, not
//     a missing one;
//   - a header given more than once (two lines, or two values in h) is a
//     duplicate_key violation (the server would see the values joined with
//     ","), and each distinct value is checked too.
//
// At most [MaxViolations] violations are reported, then one limit
// violation, and values past the one that shows there are more are not
// checked. It allocates only for violations, and when h holds one header
// under keys differing in letter case.
//
// When encodings is not nil, the values of content-encoding, which no rule
// names, are appended to it under every spelling of the name, so that a
// request's headers are walked once.
func (m *headerModel) lint(h http.Header, body bool, encodings *[]string) (rec headerRecord, vs Violations) {
	var found [maxHeaderRules][]string
	var others [maxHeaderRules][]string // other spellings of a rule's name, as h has them
keys:
	for k, v := range h {
		for i := range m.rules {
			r := &m.rules[i]
			if len(k) != len(r.Name) || (k != r.key && !asciiEqualFold(k, r.Name)) {
				continue
			}
			if k == r.key {
				found[i] = v
			} else {
				others[i] = append(others[i], k)
			}
			continue keys
		}
		if encodings != nil && len(k) == len("content-encoding") && asciiEqualFold(k, "content-encoding") {
			*encodings = append(*encodings, v...)
		}
	}
	// A header under several spellings (an http.Header literal; net/http
	// canonicalizes what it reads) is read in a fixed order, whatever the
	// map's: the canonical key's values, then the others' by key, so that
	// the same headers always give the same violations.
	for i, keys := range others {
		if len(keys) == 0 {
			continue
		}
		slices.Sort(keys)
		values := found[i][:len(found[i]):len(found[i])]
		for _, k := range keys {
			values = append(values, h[k]...)
		}
		found[i] = values
	}
	for i := range m.rules {
		r := &m.rules[i]
		values := found[i]
		if len(values) == 0 {
			if r.Required {
				vs = append(vs, r.violation(CodeRequired, "missing; the header is required"))
			}
			continue
		}
		if len(values) > 1 {
			vs = append(vs, r.violation(CodeDuplicateKey, "given "+strconv.Itoa(len(values))+
				" times; send it once (the server joins repeated values with \",\")"))
		}
		var seen map[string]bool // for many values; a few are compared directly
		for j, raw := range values {
			if len(vs) > MaxViolations {
				break // capViolations reports the limit; the rest is not checked
			}
			if len(values) > 8 {
				if seen == nil {
					seen = make(map[string]bool)
				}
				if seen[raw] {
					continue
				}
				seen[raw] = true
			} else if slices.Contains(values[:j], raw) {
				continue
			}
			hv, fault, ok := r.check(trimOWS(raw), body)
			if !ok {
				if len(values) > 1 {
					fault.detail = "value " + strconv.Itoa(j+1) + ": " + fault.detail
				}
				vs = append(vs, r.violation(fault.code, fault.detail))
				continue
			}
			if len(values) == 1 {
				rec.vals[i], rec.present[i] = hv, true
			}
		}
	}
	return rec, capViolations(vs, m.name)
}

// LintRequestHeaders reads the StandardRequestHeadersModel headers of a
// request from h and checks them, reporting every violation at once as a
// [Violations] error. Each violation's location is the lower-case header name
// ("x-tenant-id") and its field "StandardRequestHeadersModel.x-tenant-id":
//
//   - authorization (required): 1 to 256 characters (min_length,
//     max_length), then the pattern ^bearer [a-z0-9-_=]+.[a-z0-9-_=]+.?[a-z0-9-_.+/=]*$
//     read verbatim in any ASCII letter case (pattern); details never
//     show the value;
//   - content-type: 1 to 256 characters; when the request has a body, the
//     media type before any ';' must be application/json in any letter case,
//     parameters unchecked ("application/json; charset=utf-8"), else enum;
//   - x-api-version: one of APIVersions exactly, such as "2019/02/08" (enum);
//   - x-request-id: a UUID "b24c2138-65af-4ed3-8e1d-b85a7dc8171c", any
//     letter case, without braces, "urn:uuid:" or missing hyphens (uuid);
//   - x-tenant-id (required): ASCII digits, no sign, within int64 (integer);
//   - a missing required header is required; a header given more than once
//     is duplicate_key, and each distinct value is checked too.
//
// method is the request's method: POST and PATCH, the methods of the
// endpoints with a request body, make the content-type rule apply. Header
// names match in any letter case; values are checked after trimming
// surrounding spaces and tabs, so an empty value breaks its rule rather
// than counting as missing. Headers the model does not name are ignored.
//
// The returned [RequestHeaders] holds every header given once with a valid
// value; the others are zero. For a valid request LintRequestHeaders
// allocates only to seal a bearer token it has not seen lately (see
// [BearerToken]): a server's repeated tokens are sealed from a cache.
func LintRequestHeaders(h http.Header, method string) (RequestHeaders, error) {
	rec, vs := requestHeaderModel.lint(h, requestHasBody(method), nil)
	var out RequestHeaders
	out.fromRecord(&rec)
	if len(vs) > 0 { // a client that copies its token into another header must not see it echoed
		var s redact.Set
		s.AddHeader(h)
		vs = vs.redact(&s)
	}
	return out, vs.asError()
}

// authorizationValues returns every value of h's authorization header,
// under a name in any letter case, as the lint reads it.
func authorizationValues(h http.Header) []string {
	var out []string
	for k, vs := range h {
		if len(k) == len("authorization") && asciiEqualFold(k, "authorization") {
			out = append(out, vs...)
		}
	}
	return out
}

// LintResponseHeaders reads the StandardResponseHeadersModel headers of a
// response from h and checks them as LintRequestHeaders does: x-api-version
// (required, enum), x-request-id (required, uuid) and content-type (1 to
// 256 characters; a response's media type is not checked). Field names are
// "StandardResponseHeadersModel.x-request-id" and so on.
func LintResponseHeaders(h http.Header) (ResponseHeaders, error) {
	rec, vs := responseHeaderModel.lint(h, false, nil)
	var out ResponseHeaders
	out.fromRecord(&rec)
	return out, vs.asError()
}

// headerRecord is a header struct seen as the values of its model's
// rules, by slot, so that linting, Validate and SetHeaders are written once
// for both structs. present[i] reports whether header i is there: a zero
// field is absent, except TenantID, which always is.
type headerRecord struct {
	vals    [maxHeaderRules]headerValue
	present [maxHeaderRules]bool
}

// put stores the value of slot i.
func (rec *headerRecord) put(i int, v headerValue, present bool) {
	rec.vals[i], rec.present[i] = v, present
}

// get returns the value of slot i, or nil when it is absent.
func (rec *headerRecord) get(i int) *headerValue {
	if !rec.present[i] {
		return nil
	}
	return &rec.vals[i]
}

// getText, getVersion and getInteger set *dst to the value of slot i when
// it is present, and report whether it is.
func (rec *headerRecord) getText(i int, dst *string) bool {
	if rec.present[i] {
		*dst = rec.vals[i].text
	}
	return rec.present[i]
}

func (rec *headerRecord) getVersion(i int, dst *APIVersion) {
	if rec.present[i] {
		*dst = rec.vals[i].version
	}
}

func (rec *headerRecord) getInteger(i int, dst *int64) {
	if rec.present[i] {
		*dst = rec.vals[i].integer
	}
}

// validate checks a record by the rules of m as lint checks header values:
// the typed values (APIVersion, TenantID) by their type, the others with
// check.
func (m *headerModel) validate(rec *headerRecord, body bool) error {
	var vs Violations
	for i := range m.rules {
		r, v := &m.rules[i], rec.get(i)
		if v == nil {
			if r.Required {
				vs = append(vs, r.violation(CodeRequired, "missing; the header is required"))
			}
			continue
		}
		switch r.Check {
		case HeaderCheckAPIVersion:
			if !v.version.IsValid() {
				vs = append(vs, r.violation(CodeEnum, "APIVersion("+strconv.Itoa(int(v.version))+") is not one of "+apiVersionList()))
			}
		case HeaderCheckInteger:
			if v.integer < 0 {
				n := strconv.FormatInt(v.integer, 10)
				vs = append(vs, r.violation(CodeInteger, quoted(n, integerSuffix(n))))
			}
		default:
			if _, fault, ok := r.check(v.text, body); !ok {
				vs = append(vs, r.violation(fault.code, fault.detail))
			}
		}
	}
	return vs.asError()
}

// write sets the present values of a record onto dst, replacing any value.
func (m *headerModel) write(rec *headerRecord, dst http.Header) {
	for i := range m.rules {
		v := rec.get(i)
		if v == nil {
			continue
		}
		text := v.text
		switch m.rules[i].Check {
		case HeaderCheckAPIVersion:
			text = v.version.String()
		case HeaderCheckInteger:
			text = strconv.FormatInt(v.integer, 10)
		}
		dst.Set(m.rules[i].key, text)
	}
}

// Validate checks h by the rules of LintRequestHeaders, for a request with
// the given method, and returns every violation as a [Violations] error, or
// nil. A zero Authorization is a missing header; a zero ContentType,
// APIVersion or RequestID is an absent optional header; a negative TenantID
// is an integer violation. It does not allocate for valid headers.
func (h *RequestHeaders) Validate(method string) error {
	// The token is checked from a copy unsealed on the stack when it fits
	// (a valid one does): validate keeps nothing of it.
	var buf [maxStackToken]byte
	token, ok := h.Authorization.unsealTo(buf[:])
	if !ok {
		token = h.Authorization.Reveal()
	}
	rec := h.toRecord("")
	rec.vals[reqAuthorization].text = token // not through put, which escape analysis cannot follow
	err := requestHeaderModel.validate(&rec, requestHasBody(method))
	if vs, ok := err.(Violations); ok {
		var s redact.Set
		s.AddAuthorization(h.Authorization.Reveal())
		return vs.redact(&s)
	}
	return err
}

// Validate checks h by the rules of LintResponseHeaders and returns every
// violation as a [Violations] error, or nil. A zero APIVersion or an empty
// RequestID is a missing header; an empty ContentType is absent.
func (h *ResponseHeaders) Validate() error {
	rec := h.toRecord()
	return responseHeaderModel.validate(&rec, false)
}

// SetHeaders writes h onto dst, replacing any value there: authorization
// (the token, revealed), content-type, x-api-version and x-request-id when
// set, and x-tenant-id always. It does not validate h; see Validate.
func (h RequestHeaders) SetHeaders(dst http.Header) {
	rec := h.toRecord(h.Authorization.Reveal())
	requestHeaderModel.write(&rec, dst)
}

// SetHeaders writes h onto dst, such as a ResponseWriter's Header(),
// replacing any value there: x-api-version, x-request-id and content-type,
// each when set. It does not validate h; see Validate.
func (h ResponseHeaders) SetHeaders(dst http.Header) {
	rec := h.toRecord()
	responseHeaderModel.write(&rec, dst)
}

// isUUID reports whether s is a UUID in the canonical 8-4-4-4-12 form of
// hexadecimal digits, in any letter case.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch i {
		case 8, 13, 18, 23:
			if s[i] != '-' {
				return false
			}
		default:
			if !isHex(s[i]) {
				return false
			}
		}
	}
	return true
}

// isJSONMediaType reports whether the media type of the content-type value
// s, the part before any ';' trimmed of spaces and tabs, is application/json
// in any ASCII letter case.
func isJSONMediaType(s string) bool {
	mt, _, _ := strings.Cut(s, ";")
	return asciiEqualFold(trimOWS(mt), "application/json")
}
