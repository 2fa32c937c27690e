package openapitest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"math/big"
	"math/rand"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crogen"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/leanovate/gopter"
)

// A message is one generated request or response: its bytes as a server
// or client reads them, and the one rule it was generated to break.
type message struct {
	endpoint croschema.Endpoint
	response bool
	status   int // of a response

	method, target string // of a request: the request line
	header         http.Header
	body           []byte

	// What the message was generated to break: nothing, a header rule
	// (headers), a body rule (doc) or a path parameter (path).
	headers crogen.HeaderSet
	doc     crogen.Doc
	path    string // "" or how the path breaks its rule
}

func (m message) String() string {
	var b strings.Builder
	if m.response {
		fmt.Fprintf(&b, "response %d to %s", m.status, m.endpoint)
	} else {
		fmt.Fprintf(&b, "%s %s", m.method, m.target)
	}
	if m.path != "" {
		b.WriteString(" (path: " + m.path + ")")
	}
	fmt.Fprintf(&b, "; %v; body %v", m.headers, m.doc)
	return b.String()
}

// An exclusion is a rule that OpenAPI cannot express: messages that break
// it (or, for the two about content-type, that take a liberty croschema
// allows) are counted, and must make the two verdicts disagree at least
// once, but are not compared. The README's section "Use it from OpenAPI
// tools" lists the same names.
type exclusion struct {
	name  string
	match func(m message) bool
}

var exclusions = []exclusion{
	// encoding/json (and every JSON parser an OpenAPI tool uses) keeps one
	// of the values of a key given twice.
	{"duplicate key in the body", func(m message) bool { return m.doc.Want.Code == croschema.CodeDuplicateKey }},
	// A decoded string holds U+FFFD where the bytes were not UTF-8.
	{"invalid UTF-8 in the body", func(m message) bool { return m.doc.Want.Code == croschema.CodeInvalidUTF8 }},
	// kin-openapi reads the first JSON value of a body and ignores the rest.
	{"data after the body's JSON value", func(m message) bool {
		return m.doc.Want.Code == croschema.CodeSyntax && firstValueDecodes(m.body)
	}},
	// A schema compares numbers by value: 1.0 and 1e0 are the integer 1 and
	// equal the boolean form 1; croschema wants the literal spelling.
	{"number spelled with a fraction or exponent", numberSpelling},
	// kin-openapi (and Prism, in JavaScript) compare numbers as float64,
	// in which 2^63 and its neighbours are one value: the integers just
	// outside int64 pass format int64.
	{"integer just outside int64", func(m message) bool {
		n, ok := numberAtWant(m)
		if !ok || m.doc.Want.Code != croschema.CodeInteger || !n.IsInt() || n.Num().IsInt64() {
			return false
		}
		f, _ := n.Float64()
		return math.Abs(f) == 1<<63
	}},
	// HTTP's bearer scheme says only "Bearer <token>"; the documented
	// pattern and the length bounds are beyond a security scheme.
	{"authorization pattern and length", func(m message) bool {
		w := m.headers.Want
		return w.Location == "authorization" && w.Code != croschema.CodeRequired
	}},
	// OpenAPI ignores a Content-Type parameter: the media type selects the
	// body's schema and nothing checks the header's length.
	{"content-type length", func(m message) bool {
		w := m.headers.Want
		return w.Location == "content-type" && (w.Code == croschema.CodeMinLength || w.Code == croschema.CodeMaxLength)
	}},
	// A body whose content-type is absent matches no media type of the
	// document, so an OpenAPI validator rejects it; RULES.md does not require
	// the header and croschema reads the body as JSON.
	{"content-type absent on a message with a body", func(m message) bool {
		return len(m.body) > 0 && len(m.header.Values("Content-Type")) == 0
	}},
	// A tool reads the first of the values of a header given twice.
	{"header given twice", func(m message) bool { return m.headers.Want.Code == croschema.CodeDuplicateKey }},
	// Integer parameters are parsed as numbers (kin-openapi: strconv.ParseInt),
	// which allows a sign; a pattern on an integer schema is not applied.
	{"integer parameter with a sign", func(m message) bool {
		w := m.headers.Want
		if w.Code == croschema.CodeInteger && strings.HasPrefix(strings.TrimSpace(m.header.Get(w.Location)), "+") {
			return true
		}
		return strings.HasPrefix(m.path, "+")
	}},
	// The document's paths have no trailing '/'; RULES.md accepts one.
	{"path ending in '/'", func(m message) bool { return strings.HasSuffix(m.target, "/") }},
}

// firstValueDecodes reports whether data starts with one JSON value.
func firstValueDecodes(data []byte) bool {
	var v any
	return json.NewDecoder(bytes.NewReader(data)).Decode(&v) == nil
}

// numberAtWant returns the JSON number at the location of the body's
// broken rule, when there is one.
func numberAtWant(m message) (*big.Rat, bool) {
	dec := json.NewDecoder(bytes.NewReader(m.body))
	dec.UseNumber()
	var obj map[string]any
	if dec.Decode(&obj) != nil {
		return nil, false
	}
	num, ok := obj[strings.TrimPrefix(m.doc.Want.Location, "/")].(json.Number)
	if !ok {
		return nil, false
	}
	return new(big.Rat).SetString(num.String())
}

// numberSpelling reports whether the message's body breaks an integer or
// boolean rule with a number whose value the schema accepts: an int64 or
// 0 or 1 spelled with a fraction or an exponent (1.0, 1e0, 10e-1), or -0.
func numberSpelling(m message) bool {
	w := m.doc.Want
	if w.Code != croschema.CodeInteger && w.Code != croschema.CodeBool {
		return false
	}
	n, ok := numberAtWant(m)
	if !ok || !n.IsInt() {
		return false
	}
	if w.Code == croschema.CodeInteger {
		return n.Num().IsInt64()
	}
	return n.Sign() == 0 || n.Cmp(big.NewRat(1, 1)) == 0
}

// excludedBy returns the name of the first exclusion that matches m, or "".
func excludedBy(m message) string {
	for _, x := range exclusions {
		if x.match(m) {
			return x.name
		}
	}
	return ""
}

// croschemaAccepts is the package's verdict on a message: the request
// line, the headers and the body each linted by the root functions.
func croschemaAccepts(m message) (bool, error) {
	var vs croschema.Violations
	add := func(err error) {
		var v croschema.Violations
		if errors.As(err, &v) {
			vs = append(vs, v...)
		}
	}
	var model croschema.Model
	if m.response {
		_, err := croschema.LintResponseHeaders(m.header)
		add(err)
		model = m.endpoint.ResponseModel()
		if m.status >= 400 {
			model = croschema.ModelAPIError
		}
	} else {
		path, _, _ := strings.Cut(m.target, "?")
		_, _, err := croschema.MatchEndpoint(m.method, path)
		add(err)
		_, err = croschema.LintRequestHeaders(m.header, m.method)
		add(err)
		model = m.endpoint.RequestModel()
	}
	if model != croschema.ModelNone {
		add(model.Lint(m.body))
	}
	if len(vs) == 0 && m.nameless() {
		return false, errors.New("a Create without name cannot be stored")
	}
	if len(vs) == 0 {
		return true, nil
	}
	return false, vs
}

// oaValidator checks messages against the document with kin-openapi.
type oaValidator struct {
	doc    *openapi3.T
	router routers.Router
}

func newValidator(t testing.TB) *oaValidator {
	doc := load(t)
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &oaValidator{doc: doc, router: router}
}

// bearerOnly is what the document's security scheme (type http, scheme
// bearer) states: an Authorization header "Bearer <token>" (RFC 6750).
func bearerOnly(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	v := in.RequestValidationInput.Request.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(v, " ")
	if !ok || !strings.EqualFold(scheme, "bearer") || token == "" {
		return errors.New("no bearer token")
	}
	return nil
}

var oaOptions = &openapi3filter.Options{
	AuthenticationFunc:    bearerOnly,
	IncludeResponseStatus: true,
	SkipSettingDefaults:   true,
	MultiError:            false,
}

// requestInput returns the input of kin-openapi's validation of m's
// request: the request, its route and path parameters.
func (v *oaValidator) requestInput(m message) (*openapi3filter.RequestValidationInput, error) {
	req, err := m.request()
	if err != nil {
		return nil, err
	}
	route, params, err := v.router.FindRoute(req)
	if err != nil {
		return nil, err
	}
	return &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: oaOptions}, nil
}

// accepts is kin-openapi's verdict on m.
func (v *oaValidator) accepts(m message) (bool, error) {
	ctx := context.Background()
	in, err := v.requestInput(m)
	if err != nil {
		return false, err
	}
	if !m.response {
		err := openapi3filter.ValidateRequest(ctx, in)
		return err == nil, err
	}
	resp := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 m.status,
		Header:                 m.header,
		Body:                   io.NopCloser(bytes.NewReader(m.body)),
		Options:                oaOptions,
	}
	err = openapi3filter.ValidateResponse(ctx, resp)
	return err == nil, err
}

// request returns the request of m, or for a response a valid request to
// its endpoint.
func (m message) request() (*http.Request, error) {
	if m.response {
		return http.NewRequest(m.endpoint.Method(), "http://api.test"+m.endpoint.PathFor(croschema.PathParams{CustomerID: 1, CustomerContactID: 2}), nil)
	}
	req, err := http.NewRequest(m.method, "http://api.test"+m.target, bytes.NewReader(m.body))
	if err != nil {
		return nil, err
	}
	req.Header = m.header.Clone()
	if len(m.body) == 0 {
		req.Body = http.NoBody
	}
	return req, nil
}

// overTheWire returns the headers of h as a server or client reads them:
// written as HTTP/1.1 and read back with net/http, so that names are
// canonical, a header given twice has two values and surrounding space is
// trimmed.
func overTheWire(h http.Header) (http.Header, error) {
	var b bytes.Buffer
	b.WriteString("GET / HTTP/1.1\r\nHost: api.test\r\n")
	for _, k := range slices.Sorted(maps.Keys(h)) {
		for _, v := range h[k] {
			b.WriteString(k + ": " + v + "\r\n")
		}
	}
	b.WriteString("\r\n")
	req, err := http.ReadRequest(bufio.NewReader(&b))
	if err != nil {
		return nil, err
	}
	return req.Header, nil
}

// The numbers of generated messages.
const (
	validPerEndpoint = 200
	brokenHeaderSets = 600
	perBodyBreak     = 25
	errorBodiesValid = 150
	seed             = 20261127
	minTotalMessages = 5000
	maxShown         = 10
)

// sampler draws values from gopter generators with one seeded source.
type sampler struct{ params *gopter.GenParameters }

func newSampler() *sampler {
	p := gopter.DefaultGenParameters()
	p.Rng = rand.New(rand.NewSource(seed))
	return &sampler{params: p}
}

func (s *sampler) draw(g gopter.Gen) any {
	for {
		if v, ok := g(s.params).Retrieve(); ok {
			return v
		}
	}
}

func (s *sampler) doc(g gopter.Gen) crogen.Doc { return s.draw(g).(crogen.Doc) }

// headers returns a header set from g whose method is method ("" for any,
// and for response headers).
func (s *sampler) headers(g gopter.Gen, method string) crogen.HeaderSet {
	for {
		h := s.draw(g).(crogen.HeaderSet)
		if method == "" || h.Method == method {
			return h
		}
	}
}

// typedHeaders returns a valid header set from g, with content-type, for
// a message whose body breaks a rule: without content-type an OpenAPI
// validator rejects the body before reading it, so the body's rule would
// not be compared.
func (s *sampler) typedHeaders(g gopter.Gen, method string) crogen.HeaderSet {
	for {
		h := s.headers(g, method)
		for k := range h.Header() {
			if strings.EqualFold(k, "content-type") {
				return h
			}
		}
	}
}

func endpointOf(method string) croschema.Endpoint {
	for _, e := range croschema.Endpoints() {
		if e.Method() == method {
			return e
		}
	}
	return 0
}

// badPaths are path parameter values that break the integer rule, and
// values that keep it in spellings a parser might not expect.
var badPaths = []struct {
	value string
	valid bool
}{
	{"abc", false}, {"-1", false}, {"+1", false}, {"1.0", false}, {"1e3", false}, {"0x1F", false},
	{"9223372036854775808", false}, {"99999999999999999999", false}, {"%31", false}, {"1_000", false},
	{"007", true}, {"9223372036854775807", true}, {"0", true},
}

// requests returns the generated requests: valid ones, one header rule
// broken, one body rule broken, one path parameter broken, and valid ones
// whose path ends in '/'.
func requests(s *sampler) []message {
	var out []message
	build := func(hs crogen.HeaderSet, doc crogen.Doc, id string, slash bool) message {
		e := endpointOf(hs.Method)
		target := e.PathFor(croschema.PathParams{CustomerID: 7, CustomerContactID: 8})
		if id != "" {
			target = strings.Replace(target, "/7", "/"+id, 1)
		}
		if slash {
			target += "/"
		}
		m := message{endpoint: e, method: hs.Method, target: target, headers: hs, doc: doc}
		if e.RequestModel() != croschema.ModelNone {
			m.body = doc.JSON()
		}
		return m
	}
	validBody := func(e croschema.Endpoint) crogen.Doc {
		if e.RequestModel() == croschema.ModelNone {
			return crogen.Doc{}
		}
		return s.doc(crogen.ValidDocs(e.RequestModel()))
	}
	for _, e := range croschema.Endpoints() {
		for i := range validPerEndpoint {
			out = append(out, build(s.headers(crogen.RequestHeaderSets(), e.Method()), validBody(e), "", i%10 == 0))
		}
		if m := e.RequestModel(); m != croschema.ModelNone {
			for _, b := range crogen.Breaks(m) {
				for range perBodyBreak {
					out = append(out, build(s.typedHeaders(crogen.RequestHeaderSets(), e.Method()), s.doc(b.Gen), "", false))
				}
			}
		}
		for _, p := range badPaths {
			m := build(s.headers(crogen.RequestHeaderSets(), e.Method()), validBody(e), p.value, false)
			if !p.valid {
				m.path = p.value
			}
			out = append(out, m)
		}
	}
	for range brokenHeaderSets {
		hs := s.headers(crogen.BrokenRequestHeaderSets(), "")
		out = append(out, build(hs, validBody(endpointOf(hs.Method)), "", false))
	}
	return out
}

// responses returns the generated responses of each endpoint: 200 with a
// valid or broken contact and valid or broken headers, and each error
// status with a valid or broken error body.
func responses(s *sampler) []message {
	var out []message
	for _, e := range croschema.Endpoints() {
		build := func(status int, hs crogen.HeaderSet, doc crogen.Doc) message {
			return message{endpoint: e, response: true, status: status, headers: hs, doc: doc, body: doc.JSON()}
		}
		contact := e.ResponseModel()
		for range validPerEndpoint {
			out = append(out, build(200, s.headers(crogen.ResponseHeaderSets(), ""), s.doc(crogen.ValidDocs(contact))))
		}
		for range brokenHeaderSets / 3 {
			out = append(out, build(200, s.headers(crogen.BrokenResponseHeaderSets(), ""), s.doc(crogen.ValidDocs(contact))))
		}
		for _, b := range crogen.Breaks(contact) {
			for range perBodyBreak {
				out = append(out, build(200, s.typedHeaders(crogen.ResponseHeaderSets(), ""), s.doc(b.Gen)))
			}
		}
		statuses := []int{400, 401, 403, 404}
		if e.RequestModel() != croschema.ModelNone {
			statuses = append(statuses, 413, 415)
		}
		for i := range errorBodiesValid {
			st := statuses[i%len(statuses)]
			out = append(out, build(st, s.headers(crogen.ResponseHeaderSets(), ""), s.doc(crogen.ValidDocs(croschema.ModelAPIError))))
		}
		for i, b := range crogen.Breaks(croschema.ModelAPIError) {
			for j := range perBodyBreak / 5 {
				st := statuses[(i+j)%len(statuses)]
				out = append(out, build(st, s.typedHeaders(crogen.ResponseHeaderSets(), ""), s.doc(b.Gen)))
			}
		}
	}
	return out
}

// tally counts the outcome of the comparison.
type tally struct {
	total, valid, compared, disagree int
	excluded, excludedDisagree       map[string]int
	located, misplaced               int // both reject a message that breaks one rule: same place, another
	nameless                         int // Create requests without name
	unsendable                       int // headers that HTTP cannot carry
}

// want returns where m breaks its one rule, as croschema locates a
// violation ("/email", "x-tenant-id", "customer_id", "" for a whole
// body), and whether m breaks one.
func (m message) want() (string, bool) {
	nameless := m.nameless()
	switch {
	case !m.headers.Valid() && !nameless:
		return m.headers.Want.Location, true
	case !m.doc.Valid() && !nameless:
		return m.doc.Want.Location, true
	case m.path != "" && !nameless:
		return "customer_id", true
	case nameless && m.headers.Valid() && m.doc.Valid() && m.path == "":
		return "/name", true
	}
	return "", false
}

// nameless reports whether m is a Create request whose body is an object
// without name: a valid CreateCustomerContactModel document perhaps, but
// not one the server can store (RULES.md "Serving the API"), so it gets 400.
func (m message) nameless() bool {
	if m.response || m.endpoint != croschema.CreateContact {
		return false
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(m.body, &obj) != nil {
		return false
	}
	_, ok := obj["name"]
	return !ok
}

// place returns where kin-openapi's error says the message breaks the
// document, in croschema's terms: a header or path parameter name,
// "authorization" for the security scheme, "content-type" for a media
// type no content matches, a JSON Pointer into the body ("" for the whole
// body), "path" or "method"; "?" when the error says nothing of a place.
func place(err error) string {
	var (
		sec  *openapi3filter.SecurityRequirementsError
		req  *openapi3filter.RequestError
		resp *openapi3filter.ResponseError
		se   *openapi3.SchemaError
		pe   *openapi3filter.ParseError
	)
	switch {
	case errors.Is(err, routers.ErrPathNotFound):
		return "path"
	case errors.Is(err, routers.ErrMethodNotAllowed):
		return "method"
	case errors.As(err, &sec):
		return "authorization"
	case errors.As(err, &req) && req.Parameter != nil:
		return req.Parameter.Name
	case errors.As(err, &req) && strings.Contains(req.Reason, "Content-Type"),
		errors.As(err, &resp) && strings.Contains(resp.Reason, "Content-Type"):
		return "content-type"
	case errors.As(err, &resp) && strings.HasPrefix(resp.Reason, "response header "):
		name, err := strconv.QuotedPrefix(strings.TrimPrefix(resp.Reason, "response header "))
		if err != nil {
			return "?"
		}
		name, _ = strconv.Unquote(name)
		return strings.ToLower(name)
	case errors.As(err, &se):
		// An allOf error holds the error of the branch that failed.
		for inner := (*openapi3.SchemaError)(nil); se.SchemaField == "allOf" && errors.As(se.Origin, &inner); {
			se = inner
		}
		ptr := se.JSONPointer()
		if se.SchemaField == "properties" {
			// "property \"foo\" is unsupported", at the object
			if key, err := strconv.QuotedPrefix(strings.TrimPrefix(se.Reason, "property ")); err == nil {
				key, _ = strconv.Unquote(key)
				ptr = append(ptr, key)
			}
		}
		var b strings.Builder
		for _, k := range ptr {
			b.WriteString("/" + strings.NewReplacer("~", "~0", "/", "~1").Replace(k))
		}
		return b.String()
	case errors.As(err, &pe):
		return ""
	}
	return "?"
}

func TestOpenAPIAgreesWithCroschema(t *testing.T) {
	v := newValidator(t)
	s := newSampler()
	msgs := append(requests(s), responses(s)...)
	tl := tally{excluded: map[string]int{}, excludedDisagree: map[string]int{}}
	for _, m := range msgs {
		h, err := overTheWire(m.headers.Header())
		if err != nil {
			// A value with a control character: net/http neither sends
			// nor reads it (a Go server answers 400 before any handler).
			if m.headers.Valid() {
				t.Fatalf("valid headers that net/http cannot read: %v: %v", m, err)
			}
			tl.unsendable++
			continue
		}
		m.header = h
		tl.total++
		if m.nameless() {
			tl.nameless++
		}
		label := m.headers.Valid() && m.doc.Valid() && m.path == "" && !m.nameless()
		croOK, croErr := croschemaAccepts(m)
		if croOK != label {
			t.Errorf("croschema accepts: %v, generated to be valid: %v (%v): %v", croOK, label, croErr, m)
		}
		if croOK {
			tl.valid++
		}
		oaOK, oaErr := v.accepts(m)
		if why := excludedBy(m); why != "" {
			tl.excluded[why]++
			if oaOK != croOK {
				tl.excludedDisagree[why]++
			}
			continue
		}
		tl.compared++
		if where, ok := m.want(); ok && !oaOK && !croOK {
			if got := place(oaErr); got == where {
				tl.located++
			} else {
				tl.misplaced++
				if tl.misplaced <= maxShown {
					t.Errorf("kin-openapi rejects at %q (%v), croschema at %q: %v", got, oaErr, where, m)
				}
			}
		}
		if oaOK != croOK {
			tl.disagree++
			if tl.disagree <= maxShown {
				t.Errorf("kin-openapi accepts: %v (%v), croschema accepts: %v (%v): %v", oaOK, oaErr, croOK, croErr, m)
			}
		}
	}
	t.Logf("%d messages (%d valid, %d invalid): %d compared, %d agreeing; %d excluded",
		tl.total, tl.valid, tl.total-tl.valid, tl.compared, tl.compared-tl.disagree, tl.total-tl.compared)
	for _, x := range exclusions {
		t.Logf("  excluded, %s: %d (kin-openapi disagreed on %d)", x.name, tl.excluded[x.name], tl.excludedDisagree[x.name])
		// Each exclusion is needed: without it the comparison would fail.
		if tl.excludedDisagree[x.name] == 0 {
			t.Errorf("exclusion %q: %d messages, kin-openapi never disagreed: drop it or generate what needs it",
				x.name, tl.excluded[x.name])
		}
	}
	t.Logf("not checked, headers that HTTP cannot carry (a control character): %d", tl.unsendable)
	t.Logf("Create requests without name (400: a valid document the server cannot store): %d", tl.nameless)
	t.Logf("rejected by both for one broken rule: %d at the same place, %d elsewhere", tl.located, tl.misplaced)
	if tl.disagree > 0 {
		t.Errorf("%d of %d compared messages disagree", tl.disagree, tl.compared)
	}
	if tl.misplaced > 0 {
		t.Errorf("%d messages rejected by both at different places", tl.misplaced)
	}
	if tl.total < minTotalMessages {
		t.Errorf("only %d messages, want at least %d", tl.total, minTotalMessages)
	}
	fmt.Printf("openapitest: %d messages, %d compared with kin-openapi, %d agreeing, %d excluded by %d rules\n",
		tl.total, tl.compared, tl.compared-tl.disagree, tl.total-tl.compared, len(exclusions))
}
