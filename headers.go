package croschema

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// RequestHeaders are the headers of StandardRequestHeadersModel.
//
// LintRequestHeaders fills them from a request; SetHeaders and SetRequest
// write them onto one. Rendered with fmt, slog or encoding/json they never
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

// headerCheck is the kind of check a header rule makes on a value.
type headerCheck uint8

const (
	checkBearer     headerCheck = iota + 1 // bearerPattern, after the length
	checkMediaType                         // application/json when the request has a body, after the length
	checkAPIVersion                        // one of APIVersions, exactly (enum)
	checkUUID                              // 8-4-4-4-12 hexadecimal digits, any letter case
	checkInteger                           // parseDigits
)

// headerRule is one row of the header table.
type headerRule struct {
	model    string // "StandardRequestHeadersModel" or "StandardResponseHeadersModel"
	name     string // lower case: the violation's location
	required bool
	check    headerCheck
	minLen   int // in characters, checked before check; 0 means no bound
	maxLen   int // in characters; 0 means no bound

	key   string // derived: the canonical http.Header key, "X-Tenant-Id"
	field string // derived: model + "." + name
}

const (
	requestHeadersModel  = "StandardRequestHeadersModel"
	responseHeadersModel = "StandardResponseHeadersModel"
)

// headerTable is the one table of the header rules (SPEC "Request headers"
// and "Response headers"). Parsing, Validate, writing, the tests and the
// generators of the tests all read it.
//
// x-api-version has no length bounds although the documentation gives "1 to
// 64 characters": the enum implies them, and SPEC makes "" an enum violation.
var headerTable = deriveHeaderRules([]headerRule{
	{model: requestHeadersModel, name: "authorization", required: true, check: checkBearer, minLen: 1, maxLen: 256},
	{model: requestHeadersModel, name: "content-type", check: checkMediaType, minLen: 1, maxLen: 256},
	{model: requestHeadersModel, name: "x-api-version", check: checkAPIVersion},
	{model: requestHeadersModel, name: "x-request-id", check: checkUUID},
	{model: requestHeadersModel, name: "x-tenant-id", required: true, check: checkInteger},

	{model: responseHeadersModel, name: "x-api-version", required: true, check: checkAPIVersion},
	{model: responseHeadersModel, name: "x-request-id", required: true, check: checkUUID},
	{model: responseHeadersModel, name: "content-type", check: checkMediaType, minLen: 1, maxLen: 256},
})

// headerRules are header rules; requestRules and responseRules are the rows
// of one model, in table order.
type headerRules []headerRule

var (
	requestRules  = headerTable.of(requestHeadersModel)
	responseRules = headerTable.of(responseHeadersModel)
)

// maxHeaderRules bounds the rules of one model, so that parsing keeps its
// state in arrays; TestHeaderTable checks the bound.
const maxHeaderRules = 8

func deriveHeaderRules(rs headerRules) headerRules {
	for i := range rs {
		rs[i].key = http.CanonicalHeaderKey(rs[i].name)
		rs[i].field = rs[i].model + "." + rs[i].name
	}
	return rs
}

func (rs headerRules) of(model string) headerRules {
	var out headerRules
	for _, r := range rs {
		if r.model == model {
			out = append(out, r)
		}
	}
	return out
}

// rule returns the rule that makes check c; each model has at most one.
func (rs headerRules) rule(c headerCheck) *headerRule {
	for i := range rs {
		if rs[i].check == c {
			return &rs[i]
		}
	}
	return nil
}

// headerValue is a header value that passed its rule.
type headerValue struct {
	s string     // the trimmed value
	n int64      // checkInteger
	v APIVersion // checkAPIVersion
}

// checkValue checks one value, already trimmed, against r. body reports
// whether the request carries a body. It returns the code "" and the parsed
// value when s is valid, else the code and detail of the first rule s
// breaks (lengths first). It allocates only to build a detail, and the
// detail never contains an authorization value.
func (r *headerRule) checkValue(s string, body bool) (hv headerValue, code Code, detail string) {
	hv.s = s
	if r.minLen > 0 || r.maxLen > 0 {
		n := utf8.RuneCountInString(s)
		if n < r.minLen {
			return hv, CodeMinLength, lengthDetail(n, "at least", r.minLen, "required")
		}
		if r.maxLen > 0 && n > r.maxLen {
			return hv, CodeMaxLength, lengthDetail(n, "at most", r.maxLen, "allowed")
		}
	}
	switch r.check {
	case checkBearer:
		if !matchBearer(s) {
			return hv, CodePattern, "does not match " + bearerPattern + " (any letter case); the " +
				strconv.Itoa(utf8.RuneCountInString(s)) + "-character value is not shown"
		}
	case checkMediaType:
		if body && !isJSONMediaType(s) {
			return hv, CodeEnum, quoteTrunc(s) + " is not application/json, which a request with a body must send"
		}
	case checkAPIVersion:
		v, ok := parseAPIVersion(s)
		if !ok {
			return hv, CodeEnum, quoteTrunc(s) + " is not one of " + apiVersionList()
		}
		hv.v = v
	case checkUUID:
		if !isUUID(s) {
			return hv, CodeUUID, quoteTrunc(s) + " is not a UUID in the 8-4-4-4-12 hexadecimal form"
		}
	case checkInteger:
		n, ok := parseDigits(s)
		if !ok {
			return hv, CodeInteger, integerDetail(s)
		}
		hv.n = n
	}
	return hv, "", ""
}

func (r *headerRule) violation(code Code, detail string) Violation {
	return Violation{Location: r.name, Field: r.field, Code: code, Detail: detail}
}

// apiVersionList is "2019/02/08, 2021/04/07, ...".
func apiVersionList() string {
	return strings.Join(apiVersionNames[V2019_02_08:], ", ")
}

// parse reads the headers of rs from h and checks them, returning the
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
// It allocates only for violations, and when h holds one header under keys
// differing in letter case.
func (rs headerRules) parse(h http.Header, body bool) (rec headerRecord, vs Violations) {
	var found [maxHeaderRules][]string
	for k, v := range h {
		for i := range rs {
			r := &rs[i]
			if len(k) != len(r.name) || (k != r.key && !asciiEqualFold(k, r.name)) {
				continue
			}
			switch {
			case found[i] == nil:
				found[i] = v
			case k == r.key: // the canonical key's values first, whatever the map order
				found[i] = append(v[:len(v):len(v)], found[i]...)
			default:
				found[i] = append(found[i][:len(found[i]):len(found[i])], v...)
			}
			break
		}
	}
	for i := range rs {
		r := &rs[i]
		values := found[i]
		if len(values) == 0 {
			if r.required {
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
			if len(values) > 8 {
				if seen == nil {
					seen = make(map[string]bool, len(values))
				}
				if seen[raw] {
					continue
				}
				seen[raw] = true
			} else if slices.Contains(values[:j], raw) {
				continue
			}
			hv, code, detail := r.checkValue(trimOWS(raw), body)
			if code != "" {
				if len(values) > 1 {
					detail = "value " + strconv.Itoa(j+1) + ": " + detail
				}
				vs = append(vs, r.violation(code, detail))
				continue
			}
			if len(values) == 1 {
				rec.vals[i], rec.set[i] = hv, true
			}
		}
	}
	return rec, vs
}

// LintRequestHeaders reads the StandardRequestHeadersModel headers of a
// request from h and checks them, reporting every violation at once as a
// Violations error. Each violation's location is the lower-case header name
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
// The returned RequestHeaders holds every header given once with a valid
// value; the others are zero. For a valid request LintRequestHeaders does
// not allocate.
func LintRequestHeaders(h http.Header, method string) (RequestHeaders, error) {
	rec, vs := requestRules.parse(h, requestHasBody(method))
	var out RequestHeaders
	out.fromRecord(&rec)
	return out, vs.asError()
}

// LintResponseHeaders reads the StandardResponseHeadersModel headers of a
// response from h and checks them as LintRequestHeaders does: x-api-version
// (required, enum), x-request-id (required, uuid) and content-type (1 to
// 256 characters; a response's media type is not checked). Field names are
// "StandardResponseHeadersModel.x-request-id" and so on.
func LintResponseHeaders(h http.Header) (ResponseHeaders, error) {
	rec, vs := responseRules.parse(h, false)
	var out ResponseHeaders
	out.fromRecord(&rec)
	return out, vs.asError()
}

// headerRecord is a headers struct seen as the values of its model's rules,
// by rule index, so that parsing, Validate and SetHeaders are written once
// for both structs. set[i] reports whether header i is present: a zero
// field is absent, except TenantID, which always is.
type headerRecord struct {
	vals [maxHeaderRules]headerValue
	set  [maxHeaderRules]bool
}

func (h *RequestHeaders) toRecord() (rec headerRecord) {
	for i := range requestRules {
		v := &rec.vals[i]
		switch requestRules[i].check {
		case checkBearer:
			v.s, rec.set[i] = h.Authorization.value, !h.Authorization.IsZero()
		case checkMediaType:
			v.s, rec.set[i] = h.ContentType, h.ContentType != ""
		case checkAPIVersion:
			v.v, rec.set[i] = h.APIVersion, h.APIVersion != 0
		case checkUUID:
			v.s, rec.set[i] = h.RequestID, h.RequestID != ""
		case checkInteger:
			v.n, rec.set[i] = h.TenantID, true
		}
	}
	return rec
}

func (h *RequestHeaders) fromRecord(rec *headerRecord) {
	for i := range requestRules {
		if !rec.set[i] {
			continue
		}
		v := &rec.vals[i]
		switch requestRules[i].check {
		case checkBearer:
			h.Authorization = BearerToken{value: v.s}
		case checkMediaType:
			h.ContentType = v.s
		case checkAPIVersion:
			h.APIVersion = v.v
		case checkUUID:
			h.RequestID = v.s
		case checkInteger:
			h.TenantID = v.n
		}
	}
}

func (h *ResponseHeaders) toRecord() (rec headerRecord) {
	for i := range responseRules {
		v := &rec.vals[i]
		switch responseRules[i].check {
		case checkMediaType:
			v.s, rec.set[i] = h.ContentType, h.ContentType != ""
		case checkAPIVersion:
			v.v, rec.set[i] = h.APIVersion, h.APIVersion != 0
		case checkUUID:
			v.s, rec.set[i] = h.RequestID, h.RequestID != ""
		}
	}
	return rec
}

func (h *ResponseHeaders) fromRecord(rec *headerRecord) {
	for i := range responseRules {
		if !rec.set[i] {
			continue
		}
		v := &rec.vals[i]
		switch responseRules[i].check {
		case checkMediaType:
			h.ContentType = v.s
		case checkAPIVersion:
			h.APIVersion = v.v
		case checkUUID:
			h.RequestID = v.s
		}
	}
}

// validate checks a record by the rules rs as parse checks header values:
// the typed values (APIVersion, TenantID) by their type, the others with
// checkValue.
func (rs headerRules) validate(rec *headerRecord, body bool) error {
	var vs Violations
	for i := range rs {
		r, v := &rs[i], &rec.vals[i]
		if !rec.set[i] {
			if r.required {
				vs = append(vs, r.violation(CodeRequired, "missing; the header is required"))
			}
			continue
		}
		switch r.check {
		case checkAPIVersion:
			if !v.v.IsValid() {
				vs = append(vs, r.violation(CodeEnum, "APIVersion("+strconv.Itoa(int(v.v))+") is not one of "+apiVersionList()))
			}
		case checkInteger:
			if v.n < 0 {
				vs = append(vs, r.violation(CodeInteger, integerDetail(strconv.FormatInt(v.n, 10))))
			}
		default:
			if _, code, detail := r.checkValue(v.s, body); code != "" {
				vs = append(vs, r.violation(code, detail))
			}
		}
	}
	return vs.asError()
}

// write sets the present values of a record onto dst, replacing any value.
func (rs headerRules) write(rec *headerRecord, dst http.Header) {
	for i := range rs {
		if !rec.set[i] {
			continue
		}
		v := &rec.vals[i]
		text := v.s
		switch rs[i].check {
		case checkAPIVersion:
			text = v.v.String()
		case checkInteger:
			text = strconv.FormatInt(v.n, 10)
		}
		dst.Set(rs[i].key, text)
	}
}

// Validate checks h by the rules of LintRequestHeaders, for a request with
// the given method, and returns every violation as a Violations error, or
// nil. A zero Authorization is a missing header; a zero ContentType,
// APIVersion or RequestID is an absent optional header; a negative TenantID
// is an integer violation. It does not allocate for valid headers.
func (h *RequestHeaders) Validate(method string) error {
	rec := h.toRecord()
	return requestRules.validate(&rec, requestHasBody(method))
}

// Validate checks h by the rules of LintResponseHeaders and returns every
// violation as a Violations error, or nil. A zero APIVersion or an empty
// RequestID is a missing header; an empty ContentType is absent.
func (h *ResponseHeaders) Validate() error {
	rec := h.toRecord()
	return responseRules.validate(&rec, false)
}

// SetHeaders writes h onto dst, replacing any value there: authorization
// (the token, revealed), content-type, x-api-version and x-request-id when
// set, and x-tenant-id always. It does not validate h; see Validate.
func (h RequestHeaders) SetHeaders(dst http.Header) {
	rec := h.toRecord()
	requestRules.write(&rec, dst)
}

// SetRequest writes h onto req's headers as SetHeaders does, creating
// req.Header if it is nil.
func (h RequestHeaders) SetRequest(req *http.Request) {
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	h.SetHeaders(req.Header)
}

// SetHeaders writes h onto dst, such as a ResponseWriter's Header(),
// replacing any value there: x-api-version, x-request-id and content-type,
// each when set. It does not validate h; see Validate.
func (h ResponseHeaders) SetHeaders(dst http.Header) {
	rec := h.toRecord()
	responseRules.write(&rec, dst)
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
