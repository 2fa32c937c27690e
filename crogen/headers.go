package crogen

import (
	"fmt"
	"math"
	"math/rand"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/croschema/croschema"
	"github.com/leanovate/gopter"
)

// A HeaderSet is one generated set of request headers
// (StandardRequestHeadersModel) or response headers
// (StandardResponseHeadersModel): valid, or breaking exactly one rule.
// Header returns it as an http.Header.
//
// croschema exports no table of the header rules, so the header
// generators follow SPEC's header tables and the exported enums
// (croschema.APIVersions) instead of a rule table.
type HeaderSet struct {
	Response bool   // response headers; else request headers
	Method   string // the request's method: "GET", "POST" or "PATCH"; "" for response headers
	Want     Want   // the zero Want: valid; else Location is the lower-case header name
	How      string // how the set breaks its rule, for people; "" when valid

	entries []headerEntry
}

// headerEntry is one header line.
type headerEntry struct {
	name   string // lower case
	raw    bool   // written as a map key in random letter case, not canonicalized
	upper  []bool // which letters are upper case, when raw
	value  string
	simple string // what the value shrinks to; "" for none
	keep   bool   // never dropped when shrinking
}

func (e headerEntry) key() string {
	if !e.raw {
		return http.CanonicalHeaderKey(e.name)
	}
	b := []byte(e.name)
	for i := range b {
		if i < len(e.upper) && e.upper[i] && 'a' <= b[i] && b[i] <= 'z' {
			b[i] -= 'a' - 'A'
		}
	}
	return string(b)
}

// Valid reports whether s is generated to be valid (its Want is zero).
func (s HeaderSet) Valid() bool { return s.Want == (Want{}) }

// Header returns the headers as an http.Header: a new map on every call.
// Keys are canonical, except some written in another letter case, as a
// server that does not canonicalize them may see them.
func (s HeaderSet) Header() http.Header {
	h := http.Header{}
	for _, e := range s.entries {
		k := e.key()
		h[k] = append(h[k], e.value)
	}
	return h
}

// String returns the label and the headers, sorted by key, for test
// failure reports. The tokens are generated, not secrets, and shown.
func (s HeaderSet) String() string {
	var b strings.Builder
	model := "request"
	if s.Response {
		model = "response"
	} else {
		b.WriteString(s.Method + " ")
	}
	fmt.Fprintf(&b, "%s headers %v", model, s.Want)
	if s.How != "" {
		b.WriteString(" (" + s.How + ")")
	}
	b.WriteString(":")
	h := s.Header()
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range h {
			if !yield(k) {
				return
			}
		}
	}) {
		for _, v := range h[k] {
			fmt.Fprintf(&b, " %s: %q;", k, v)
		}
	}
	return b.String()
}

func (s HeaderSet) clone() HeaderSet {
	s.entries = slices.Clone(s.entries)
	return s
}

func (s HeaderSet) shrinks() []HeaderSet {
	var out []HeaderSet
	for i, e := range s.entries {
		if !e.keep {
			c := s.clone()
			c.entries = slices.Delete(c.entries, i, i+1)
			out = append(out, c)
		}
	}
	for i, e := range s.entries {
		if e.raw {
			c := s.clone()
			c.entries[i].raw = false
			out = append(out, c)
		}
		if e.simple != "" && e.value != e.simple {
			c := s.clone()
			c.entries[i].value = e.simple
			out = append(out, c)
		}
	}
	return out
}

var typeHeaderSet = reflect.TypeFor[HeaderSet]()

func shrinkHeaderSet(v any) gopter.Shrink { return shrinkList(v.(HeaderSet).shrinks()) }

// headerSpec is one header of SPEC's tables.
type headerSpec struct {
	name     string
	required bool
	valid    func(rng *rand.Rand, method string) (value, simple string)
	bad      []badHeader
}

// badHeader is a way to break a header's value rule.
type badHeader struct {
	code   croschema.Code
	body   bool                                  // only for a request with a body (POST, PATCH)
	values func(rng *rand.Rand) (string, string) // value, how
}

func fixed(how string, vs ...string) func(*rand.Rand) (string, string) {
	return func(rng *rand.Rand) (string, string) { return vs[rng.Intn(len(vs))], how }
}

const (
	requestModel  = "StandardRequestHeadersModel"
	responseModel = "StandardResponseHeadersModel"
	maxHeaderLen  = 256 // SPEC: authorization and content-type, 1 to 256 characters
)

var (
	tokenHead = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_="
	tokenTail = tokenHead + ".+/"
)

// genToken returns a valid authorization value of at most n characters.
func genToken(rng *rand.Rand, n int) string {
	s := randomCase(rng, "bearer") + " " + pick(rng, tokenHead, 1+rng.Intn(40)) + "." + pick(rng, tokenHead, 1+rng.Intn(40))
	if rng.Intn(2) == 0 {
		s += "." + pick(rng, tokenTail, rng.Intn(80))
	}
	if len(s) > n {
		s = s[:n]
	}
	return s
}

func genUUID(rng *rand.Rand) string {
	b := []byte(pick(rng, "0123456789abcdefABCDEF", 32))
	return string(b[:8]) + "-" + string(b[8:12]) + "-" + string(b[12:16]) + "-" + string(b[16:20]) + "-" + string(b[20:])
}

func genMediaType(rng *rand.Rand) string {
	params := []string{"", "", "; charset=utf-8", ";charset=UTF-8", " ; q=1", "; a=b; c=d"}
	return randomCase(rng, "application/json") + params[rng.Intn(len(params))]
}

var authorizationSpec = headerSpec{
	name: "authorization", required: true,
	valid: func(rng *rand.Rand, _ string) (string, string) {
		return genToken(rng, maxHeaderLen), "bearer a.a"
	},
	bad: []badHeader{
		{code: croschema.CodeMinLength, values: fixed("empty", "", " ", "\t")},
		{code: croschema.CodeMaxLength, values: func(rng *rand.Rand) (string, string) {
			s := "bearer " + pick(rng, tokenHead, 20) + "." + pick(rng, tokenHead, maxHeaderLen)
			return s, itoa(len(s)) + " characters"
		}},
		{code: croschema.CodePattern, values: fixed("not a bearer token",
			"Basic dXNlcjpwYXNz", "bearer !!!", "bearerabc.def", "bearer  abc.def", "bearer ab", "bearer",
			"Token abc.def.ghi", "bearer abc.def.g h", "bearer é.abc")},
	},
}

func contentTypeSpec(response bool) headerSpec {
	s := headerSpec{
		name: "content-type",
		valid: func(rng *rand.Rand, method string) (string, string) {
			if method == http.MethodGet && rng.Intn(3) == 0 {
				return "text/plain", "" // no body: the media type is not checked
			}
			return genMediaType(rng), "application/json"
		},
		bad: []badHeader{
			{code: croschema.CodeMinLength, values: fixed("empty", "", " ")},
			{code: croschema.CodeMaxLength, values: func(rng *rand.Rand) (string, string) {
				s := "application/json; p=" + pick(rng, letters, maxHeaderLen-19+rng.Intn(20))
				return s, itoa(len(s)) + " characters"
			}},
		},
	}
	if !response {
		s.bad = append(s.bad, badHeader{code: croschema.CodeEnum, body: true, values: fixed("not JSON",
			"text/plain", "application/xml", "application/jsonp", "json", "application/json-seq",
			"application/x-www-form-urlencoded", "application/json+x; charset=utf-8")})
	}
	return s
}

func apiVersionSpec(required bool) headerSpec {
	return headerSpec{
		name: "x-api-version", required: required,
		valid: func(rng *rand.Rand, _ string) (string, string) {
			vs := croschema.APIVersions()
			return vs[rng.Intn(len(vs))].String(), croschema.DefaultAPIVersion.String()
		},
		bad: []badHeader{{code: croschema.CodeEnum, values: fixed("not a known version",
			"2019/2/8", "2019-02-08", "2024/01/01", "", "latest", "2019/02/08/", "v1", "20190208")}},
	}
}

func requestIDSpec(required bool) headerSpec {
	return headerSpec{
		name: "x-request-id", required: required,
		valid: func(rng *rand.Rand, _ string) (string, string) {
			return genUUID(rng), "00000000-0000-0000-0000-000000000000"
		},
		bad: []badHeader{{code: croschema.CodeUUID, values: func(rng *rand.Rand) (string, string) {
			u := genUUID(rng)
			vs := []string{"", "not-a-uuid", "{" + u + "}", "urn:uuid:" + u, strings.ReplaceAll(u, "-", ""),
				u + "0", u[:35], "g" + u[1:], strings.Replace(u, "-", "_", 1)}
			return vs[rng.Intn(len(vs))], "not a UUID"
		}}},
	}
}

var tenantSpec = headerSpec{
	name: "x-tenant-id", required: true,
	valid: func(rng *rand.Rand, _ string) (string, string) {
		switch rng.Intn(4) {
		case 0:
			return "0", "0"
		case 1:
			return strconv.FormatInt(math.MaxInt64, 10), "0"
		}
		return strconv.FormatInt(rng.Int63n(1<<uint(1+rng.Intn(62))), 10), "0"
	},
	bad: []badHeader{{code: croschema.CodeInteger, values: fixed("not a non-negative int64 in ASCII digits",
		"", "-1", "+1", "1.0", "1e3", "abc", "9223372036854775808", "1 2", "0x1F", "\uff11", "99999999999999999999")}},
}

var (
	requestSpecs  = []headerSpec{authorizationSpec, contentTypeSpec(false), apiVersionSpec(false), requestIDSpec(false), tenantSpec}
	responseSpecs = []headerSpec{apiVersionSpec(true), requestIDSpec(true), contentTypeSpec(true)}
)

var methods = []string{http.MethodGet, http.MethodPost, http.MethodPatch}

// genSpaces wraps a value in the spaces and tabs HTTP trims, one time in
// five.
func genSpaces(rng *rand.Rand, v string) string {
	if rng.Intn(5) != 0 {
		return v
	}
	return pick(rng, " \t", rng.Intn(2)) + v + pick(rng, " \t", 1+rng.Intn(2))
}

func genEntry(rng *rand.Rand, spec headerSpec, method string) headerEntry {
	v, simple := spec.valid(rng, method)
	e := headerEntry{name: spec.name, value: genSpaces(rng, v), simple: simple, keep: spec.required}
	if rng.Intn(4) == 0 {
		e.raw = true
		for range spec.name {
			e.upper = append(e.upper, rng.Intn(2) == 0)
		}
	}
	return e
}

// genHeaderSet returns a valid set: every required header, each optional
// one two times in three; skip names a header to leave out.
func genHeaderSet(rng *rand.Rand, response bool, method, skip string) HeaderSet {
	specs := requestSpecs
	if response {
		specs = responseSpecs
		method = ""
	}
	s := HeaderSet{Response: response, Method: method}
	for _, spec := range specs {
		if spec.name == skip || (!spec.required && rng.Intn(3) == 0) {
			continue
		}
		s.entries = append(s.entries, genEntry(rng, spec, method))
	}
	return s
}

// headerBreaks returns the generators of header sets that break one rule.
func headerBreaks(response bool) []func(rng *rand.Rand) HeaderSet {
	specs, model := requestSpecs, requestModel
	if response {
		specs, model = responseSpecs, responseModel
	}
	var out []func(rng *rand.Rand) HeaderSet
	for _, spec := range specs {
		want := func(code croschema.Code) Want {
			return Want{Location: spec.name, Field: model + "." + spec.name, Code: code}
		}
		if spec.required {
			out = append(out, func(rng *rand.Rand) HeaderSet {
				s := genHeaderSet(rng, response, methods[rng.Intn(len(methods))], spec.name)
				s.Want, s.How = want(croschema.CodeRequired), "missing"
				return s
			})
		}
		out = append(out, func(rng *rand.Rand) HeaderSet {
			method := methods[rng.Intn(len(methods))]
			s := genHeaderSet(rng, response, method, spec.name)
			a, b := genEntry(rng, spec, s.Method), genEntry(rng, spec, s.Method)
			a.keep, b.keep, a.simple, b.simple = true, true, "", ""
			s.entries = append(s.entries, a, b)
			s.Want, s.How = want(croschema.CodeDuplicateKey), "given twice"
			return s
		})
		for _, bad := range spec.bad {
			out = append(out, func(rng *rand.Rand) HeaderSet {
				method := methods[rng.Intn(len(methods))]
				if bad.body {
					method = methods[1+rng.Intn(2)]
				}
				s := genHeaderSet(rng, response, method, spec.name)
				v, how := bad.values(rng)
				e := genEntry(rng, spec, s.Method)
				e.value, e.simple, e.keep = v, "", true
				s.entries = append(s.entries, e)
				s.Want, s.How = want(bad.code), how
				return s
			})
		}
	}
	return out
}

func headerGen(f func(rng *rand.Rand) HeaderSet) gopter.Gen {
	return func(p *gopter.GenParameters) *gopter.GenResult {
		r := gopter.NewGenResult(f(p.Rng), shrinkHeaderSet)
		r.ResultType = typeHeaderSet
		return r
	}
}

// RequestHeaders returns a generator of valid request header sets
// (HeaderSet values), each for a GET, POST or PATCH: a bearer token in
// random letter case, a tenant id, and some of content-type
// ("application/json; charset=utf-8", any letter case; anything for a
// GET), x-api-version and x-request-id (a UUID in any letter case), some
// names in odd letter case, some values with surrounding space. Sets
// shrink by dropping optional headers and simplifying values.
func RequestHeaders() gopter.Gen {
	return headerGen(func(rng *rand.Rand) HeaderSet {
		return genHeaderSet(rng, false, methods[rng.Intn(len(methods))], "")
	})
}

// ResponseHeaders returns a generator of valid response header sets:
// x-api-version and x-request-id, and content-type two times in three.
func ResponseHeaders() gopter.Gen {
	return headerGen(func(rng *rand.Rand) HeaderSet { return genHeaderSet(rng, true, "", "") })
}

// BrokenRequestHeaders returns a generator of request header sets that
// each break exactly one rule, labelled with the violation (Want) they
// must produce: a required header missing, a header given twice, a value
// too short or too long, a token that does not match the pattern, a body
// request whose content type is not JSON, an unknown API version, a
// request id that is no UUID, a tenant id that is no non-negative int64.
func BrokenRequestHeaders() gopter.Gen {
	bs := headerBreaks(false)
	return headerGen(func(rng *rand.Rand) HeaderSet { return bs[rng.Intn(len(bs))](rng) })
}

// BrokenResponseHeaders is BrokenRequestHeaders for response headers.
func BrokenResponseHeaders() gopter.Gen {
	bs := headerBreaks(true)
	return headerGen(func(rng *rand.Rand) HeaderSet { return bs[rng.Intn(len(bs))](rng) })
}
