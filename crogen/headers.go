package crogen

import (
	"fmt"
	"math"
	"math/rand"
	"net/http"
	"reflect"
	"regexp"
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
// The generators are derived from croschema's header tables
// (croschema.RequestHeaderRules, croschema.ResponseHeaderRules).
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

// The header generators are derived from croschema's header tables
// (croschema.RequestHeaderRules and ResponseHeaderRules): which headers a
// model has, which are required, their length bounds and the check each
// makes. What crogen adds is, for each kind of check, how to write valid
// values and values that fail that check alone.

// checkValues is how crogen writes the values of one croschema.HeaderCheck.
type checkValues struct {
	// valid returns a valid value of at most max characters (0: no bound)
	// for a request with the given method, and what it shrinks to.
	valid func(rng *rand.Rand, max int, method string) (value, simple string)
	// bad returns values that fail the check, and how they fail them.
	// They have 1 to 256 characters, except for checks whose headers have
	// no lower bound, where "" is one of them.
	bad func(rng *rand.Rand) (value, how string)
}

func fixed(how string, vs ...string) func(*rand.Rand) (string, string) {
	return func(rng *rand.Rand) (string, string) { return vs[rng.Intn(len(vs))], how }
}

// orRandom returns bad one time in two, else random text of 1 to 40
// characters that valid, crogen's own reading of the check, rejects once
// HTTP's surrounding space is trimmed.
func orRandom(bad func(*rand.Rand) (string, string), valid func(string) bool) func(*rand.Rand) (string, string) {
	return func(rng *rand.Rand) (string, string) {
		if rng.Intn(2) == 0 {
			return bad(rng)
		}
		for {
			s := genText(rng, 1+rng.Intn(40))
			if t := strings.Trim(s, " \t"); t != "" && !valid(t) {
				return s, "random text"
			}
		}
	}
}

// The references of the checks, independent of croschema's code: the
// documented pattern read by Go's regexp with ASCII-only letter case (Go's
// case folding also matches U+017F and U+212A against s and k), the UUID
// form, and the integer rule.
var (
	bearerRegexp  = regexp.MustCompile(`(?i)^bearer [a-z0-9-_=]+.[a-z0-9-_=]+.?[a-z0-9-_.+/=]*$`)
	uuidRegexp    = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	integerRegexp = regexp.MustCompile(`^[0-9]+$`)
)

func refBearer(s string) bool {
	return bearerRegexp.MatchString(s) && !strings.ContainsAny(s, "\u017f\u212a")
}

func refMediaType(s string) bool {
	mt, _, _ := strings.Cut(s, ";")
	return strings.ToLower(strings.Trim(mt, " \t")) == "application/json" && !strings.ContainsAny(mt, "\u017f\u212a")
}

func refAPIVersion(s string) bool {
	return slices.ContainsFunc(croschema.APIVersions(), func(v croschema.APIVersion) bool { return v.String() == s })
}

func refInteger(s string) bool {
	_, err := strconv.ParseInt(s, 10, 64)
	return err == nil && integerRegexp.MatchString(s)
}

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
	if n > 0 && len(s) > n {
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

var checks = map[croschema.HeaderCheck]checkValues{
	croschema.HeaderCheckNone: {
		valid: func(rng *rand.Rand, _ int, _ string) (string, string) { return genMediaType(rng), "application/json" },
	},
	croschema.HeaderCheckBearer: {
		valid: func(rng *rand.Rand, max int, _ string) (string, string) { return genToken(rng, max), "bearer a.a" },
		bad: orRandom(fixed("not a bearer token",
			"Basic dXNlcjpwYXNz", "bearer !!!", "bearerabc.def", "bearer  abc.def", "bearer ab", "bearer",
			"Token abc.def.ghi", "bearer abc.def.g h", "bearer é.abc"), refBearer),
	},
	croschema.HeaderCheckMediaType: {
		valid: func(rng *rand.Rand, _ int, method string) (string, string) {
			if !hasBody(method) && rng.Intn(3) == 0 {
				return "text/plain", "" // no body: the media type is not checked
			}
			return genMediaType(rng), "application/json"
		},
		bad: orRandom(fixed("not JSON",
			"text/plain", "application/xml", "application/jsonp", "json", "application/json-seq",
			"application/x-www-form-urlencoded", "application/json+x; charset=utf-8", "application/j\u017fon"), refMediaType),
	},
	croschema.HeaderCheckAPIVersion: {
		valid: func(rng *rand.Rand, _ int, _ string) (string, string) {
			vs := croschema.APIVersions()
			return vs[rng.Intn(len(vs))].String(), croschema.DefaultAPIVersion.String()
		},
		bad: orRandom(fixed("not a known version",
			"2019/2/8", "2019-02-08", "2024/01/01", "", "latest", "2019/02/08/", "v1", "20190208"), refAPIVersion),
	},
	croschema.HeaderCheckUUID: {
		valid: func(rng *rand.Rand, _ int, _ string) (string, string) {
			return genUUID(rng), "00000000-0000-0000-0000-000000000000"
		},
		bad: orRandom(func(rng *rand.Rand) (string, string) {
			u := genUUID(rng)
			vs := []string{"", "not-a-uuid", "{" + u + "}", "urn:uuid:" + u, strings.ReplaceAll(u, "-", ""),
				u + "0", u[:35], "g" + u[1:], strings.Replace(u, "-", "_", 1)}
			return vs[rng.Intn(len(vs))], "not a UUID"
		}, uuidRegexp.MatchString),
	},
	croschema.HeaderCheckInteger: {
		valid: func(rng *rand.Rand, _ int, _ string) (string, string) {
			switch rng.Intn(4) {
			case 0:
				return "0", "0"
			case 1:
				return strconv.FormatInt(math.MaxInt64, 10), "0"
			}
			return strconv.FormatInt(rng.Int63n(1<<uint(1+rng.Intn(62))), 10), "0"
		},
		bad: orRandom(fixed("not a non-negative int64 in ASCII digits",
			"", "-1", "+1", "1.0", "1e3", "abc", "9223372036854775808", "1 2", "0x1F", "\uff11", "99999999999999999999"), refInteger),
	},
}

// The header tables, and the methods of the endpoints (those whose
// requests carry a body apart).
var (
	requestRules  = croschema.RequestHeaderRules()
	responseRules = croschema.ResponseHeaderRules()
	methods       = endpointMethods(false)
	bodyMethods   = endpointMethods(true)
)

// endpointMethods returns the methods of the endpoints, each once, only
// those whose requests carry a body when body is set.
func endpointMethods(body bool) []string {
	var out []string
	for _, e := range croschema.Endpoints() {
		if (!body || hasBody(e.Method())) && !slices.Contains(out, e.Method()) {
			out = append(out, e.Method())
		}
	}
	return out
}

// hasBody reports whether a request with this method carries a body: an
// endpoint with this method has a request model.
func hasBody(method string) bool {
	for _, e := range croschema.Endpoints() {
		if e.Method() == method && e.RequestModel() != croschema.ModelNone {
			return true
		}
	}
	return false
}

// genSpaces wraps a value in the spaces and tabs HTTP trims, one time in
// five.
func genSpaces(rng *rand.Rand, v string) string {
	if rng.Intn(5) != 0 {
		return v
	}
	return pick(rng, " \t", rng.Intn(2)) + v + pick(rng, " \t", 1+rng.Intn(2))
}

func genEntry(rng *rand.Rand, r croschema.HeaderRule, method string) headerEntry {
	v, simple := checks[r.Check].valid(rng, r.MaxLength, method)
	e := headerEntry{name: r.Name, value: genSpaces(rng, v), simple: simple, keep: r.Required}
	if rng.Intn(4) == 0 {
		e.raw = true
		for range r.Name {
			e.upper = append(e.upper, rng.Intn(2) == 0)
		}
	}
	return e
}

// genHeaderSet returns a valid set: every required header, each optional
// one two times in three; skip names a header to leave out.
func genHeaderSet(rng *rand.Rand, response bool, method, skip string) HeaderSet {
	rs := requestRules
	if response {
		rs = responseRules
		method = ""
	}
	s := HeaderSet{Response: response, Method: method}
	for _, r := range rs {
		if r.Name == skip || (!r.Required && rng.Intn(3) == 0) {
			continue
		}
		s.entries = append(s.entries, genEntry(rng, r, method))
	}
	return s
}

// A HeaderBreak is one way to break one rule of a header model: every set
// its Gen yields (a HeaderSet) produces exactly one violation, the set's
// Want, at the header Name with code Code.
type HeaderBreak struct {
	Name string         // the lower-case header name, the violation's location
	Code croschema.Code // the code of the violation
	Gen  gopter.Gen     // of HeaderSet
}

// headerBreak is a HeaderBreak before it is wrapped for gopter.
type headerBreak struct {
	name string
	code croschema.Code
	gen  func(rng *rand.Rand) HeaderSet
}

// headerBreaks derives the ways to break each rule of a header model from
// its table, in table order and, per header, in the order of
// croschema.Codes(): required (required headers), duplicate_key,
// min_length and max_length (headers with those bounds), and the code of
// the header's check (for content-type on a request, only with a body).
func headerBreaks(response bool) []headerBreak {
	rs := requestRules
	if response {
		rs = responseRules
	}
	var out []headerBreak
	for _, r := range rs {
		want := func(code croschema.Code) Want { return Want{Location: r.Name, Field: r.Field, Code: code} }
		// The methods a set may have to break this rule.
		anyMethod := func(rng *rand.Rand) string { return methods[rng.Intn(len(methods))] }
		add := func(code croschema.Code, how func(rng *rand.Rand) (string, string), pickMethod func(*rand.Rand) string) {
			out = append(out, headerBreak{name: r.Name, code: code, gen: func(rng *rand.Rand) HeaderSet {
				s := genHeaderSet(rng, response, pickMethod(rng), r.Name)
				v, desc := how(rng)
				e := genEntry(rng, r, s.Method)
				e.value, e.simple, e.keep = v, "", true
				s.entries = append(s.entries, e)
				s.Want, s.How = want(code), desc
				return s
			}})
		}
		if r.Required {
			out = append(out, headerBreak{name: r.Name, code: croschema.CodeRequired, gen: func(rng *rand.Rand) HeaderSet {
				s := genHeaderSet(rng, response, anyMethod(rng), r.Name)
				s.Want, s.How = want(croschema.CodeRequired), "missing"
				return s
			}})
		}
		out = append(out, headerBreak{name: r.Name, code: croschema.CodeDuplicateKey, gen: func(rng *rand.Rand) HeaderSet {
			s := genHeaderSet(rng, response, anyMethod(rng), r.Name)
			a, b := genEntry(rng, r, s.Method), genEntry(rng, r, s.Method)
			a.keep, b.keep, a.simple, b.simple = true, true, "", ""
			s.entries = append(s.entries, a, b)
			s.Want, s.How = want(croschema.CodeDuplicateKey), "given twice"
			return s
		}})
		if r.MinLength > 0 {
			add(croschema.CodeMinLength, func(rng *rand.Rand) (string, string) {
				if r.MinLength == 1 {
					return fixed("empty", "", " ", "\t")(rng)
				}
				return pick(rng, letters, r.MinLength-1), "too short"
			}, anyMethod)
		}
		if r.MaxLength > 0 {
			// The length is checked before the value, so any longer value
			// breaks max_length alone.
			add(croschema.CodeMaxLength, func(rng *rand.Rand) (string, string) {
				n := r.MaxLength + 1 + rng.Intn(20)
				v, _ := checks[r.Check].valid(rng, 0, http.MethodPost)
				v = (v + pick(rng, letters, n))[:n-1] + "x" // ends in a letter: HTTP trims nothing
				return v, itoa(n) + " characters"
			}, anyMethod)
		}
		if code := r.Check.Code(); code != "" {
			pickMethod := anyMethod
			if r.Check == croschema.HeaderCheckMediaType { // checked only on a request with a body
				pickMethod = func(rng *rand.Rand) string { return bodyMethods[rng.Intn(len(bodyMethods))] }
			}
			add(code, checks[r.Check].bad, pickMethod)
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

// RequestHeaderSets returns a generator of valid request header sets
// (HeaderSet values), each for a GET, POST or PATCH: a bearer token in
// random letter case, a tenant id, and some of content-type
// ("application/json; charset=utf-8", any letter case; anything for a
// GET), x-api-version and x-request-id (a UUID in any letter case), some
// names in odd letter case, some values with surrounding space. Sets
// shrink by dropping optional headers and simplifying values.
func RequestHeaderSets() gopter.Gen {
	return headerGen(func(rng *rand.Rand) HeaderSet {
		return genHeaderSet(rng, false, methods[rng.Intn(len(methods))], "")
	})
}

// ResponseHeaderSets returns a generator of valid response header sets:
// x-api-version and x-request-id, and content-type two times in three.
func ResponseHeaderSets() gopter.Gen {
	return headerGen(func(rng *rand.Rand) HeaderSet { return genHeaderSet(rng, true, "", "") })
}

// BrokenRequestHeaderSets returns a generator of request header sets that
// each break exactly one rule, labelled with the violation (Want) they
// must produce: a required header missing, a header given twice, a value
// too short or too long, a token that does not match the pattern, a body
// request whose content type is not JSON, an unknown API version, a
// request id that is no UUID, a tenant id that is no non-negative int64.
func BrokenRequestHeaderSets() gopter.Gen {
	bs := headerBreaks(false)
	return headerGen(func(rng *rand.Rand) HeaderSet { return bs[rng.Intn(len(bs))].gen(rng) })
}

// BrokenResponseHeaderSets is BrokenRequestHeaders for response headers.
func BrokenResponseHeaderSets() gopter.Gen {
	bs := headerBreaks(true)
	return headerGen(func(rng *rand.Rand) HeaderSet { return bs[rng.Intn(len(bs))].gen(rng) })
}

// RequestHeaderBreaks returns the ways to break each rule of
// StandardRequestHeadersModel, derived from croschema.RequestHeaderRules:
// for each header in table order, required (required headers),
// duplicate_key, min_length and max_length (headers with those bounds),
// and the code of the header's check (HeaderRule.Check.Code; the
// content-type check only on a POST or PATCH).
func RequestHeaderBreaks() []HeaderBreak { return exportHeaderBreaks(headerBreaks(false)) }

// ResponseHeaderBreaks is RequestHeaderBreaks for
// StandardResponseHeadersModel.
func ResponseHeaderBreaks() []HeaderBreak { return exportHeaderBreaks(headerBreaks(true)) }

func exportHeaderBreaks(bs []headerBreak) []HeaderBreak {
	out := make([]HeaderBreak, len(bs))
	for i, b := range bs {
		out[i] = HeaderBreak{Name: b.name, Code: b.code, Gen: headerGen(b.gen)}
	}
	return out
}
