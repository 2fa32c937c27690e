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
	"math/big"
	"math/rand"
	"net/http"
	"regexp"
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

// An exclusion is a rule that OpenAPI cannot express, on which the
// document accepts more than croschema: a message generated to break it
// may be accepted by kin-openapi and rejected by croschema, never the
// other way round (the document must not reject what the server
// accepts). Messages that match one are counted, and kin-openapi must
// accept some of them (else the exclusion is not needed). docs/openapi.md
// lists the same names: it is what a user of OpenAPI-only tools misses.
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
	// The document's email pattern checks the list's shape only (items
	// holding an @): Django's EmailValidator is beyond a pattern.
	{"email address the list's shape admits", func(m message) bool { return m.doc.Want.Code == croschema.CodeEmail }},
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
	// A tool reads the first of the values of a header given twice.
	{"header given twice", func(m message) bool { return m.headers.Want.Code == croschema.CodeDuplicateKey }},
	// Integer parameters are parsed as numbers (kin-openapi: strconv.ParseInt),
	// which allows a sign; a schema of type integer cannot say "digits only".
	{"integer parameter with a sign", func(m message) bool {
		w := m.headers.Want
		if w.Code == croschema.CodeInteger && strings.HasPrefix(strings.TrimSpace(m.header.Get(w.Location)), "+") {
			return true
		}
		return strings.HasPrefix(m.path, "+")
	}},
}

// A framing is how a request reaches the API that RULES.md accepts and an
// OpenAPI document cannot describe but in words: the request is validated
// by kin-openapi as the document's description says the server reads it,
// with nothing else changed, so every rule of its headers and body is
// still compared. Each must be needed: kin-openapi rejects some request
// before it is applied. docs/openapi.md lists the same names.
type framing struct {
	name    string
	applies func(m message) bool
	apply   func(r *http.Request)
}

var framings = []framing{
	// RULES.md accepts a trailing '/'; a path template of the document
	// that ended in one would be another path (and operation).
	{"path ending in '/'",
		func(m message) bool { return !m.response && strings.HasSuffix(m.target, "/") },
		func(r *http.Request) { r.URL.Path = strings.TrimSuffix(r.URL.Path, "/") }},
	// RULES.md does not require content-type, and the server reads the body
	// as JSON; an OpenAPI request body is chosen by its media type, and no
	// media type of the document matches an absent header but */*.
	{"content-type absent on a request with a body",
		func(m message) bool {
			return !m.response && len(m.body) > 0 && len(m.header.Values("Content-Type")) == 0
		},
		func(r *http.Request) { r.Header.Set("Content-Type", "application/json") }},
}

// framingsOf returns the framings that apply to m.
func framingsOf(m message) []framing {
	var fs []framing
	for _, f := range framings {
		if f.applies(m) {
			fs = append(fs, f)
		}
	}
	return fs
}

// A serverForm is what a conforming server writes where croschema's lint
// reads more: the document describes the server's form, so it may reject
// a response that the lint accepts for this reason alone (never a request,
// and never a response crohttp writes: TestOpenAPIAgreesWithCrohttp checks
// those). docs/openapi.md lists the same names.
type serverForm struct {
	name  string
	match func(m message) bool
}

var serverForms = []serverForm{
	// A server writes true and false; the lint reads every boolean form of
	// RULES.md "Booleans" in any document.
	{"response boolean in a lenient form", func(m message) bool { return m.response && lenientBoolean(m) }},
	// A server sends content-type: application/json with every body; the
	// response header model does not require it.
	{"response body without content-type", func(m message) bool {
		return m.response && len(m.body) > 0 && len(m.header.Values("Content-Type")) == 0
	}},
}

// serverFormOf returns the name of the first server form that matches m, or "".
func serverFormOf(m message) string {
	for _, f := range serverForms {
		if f.match(m) {
			return f.name
		}
	}
	return ""
}

// lenientBoolean reports whether m's body holds a boolean of its model
// written in a form other than true or false, at a key other than the one
// m breaks.
func lenientBoolean(m message) bool {
	var obj map[string]json.RawMessage
	if json.Unmarshal(m.body, &obj) != nil {
		return false
	}
	model := m.endpoint.ResponseModel()
	if m.status >= 400 {
		model = croschema.ModelAPIError
	}
	for _, r := range model.Rules() {
		v, ok := obj[r.Key]
		if r.JSONType != "boolean" || !ok || "/"+r.Key == m.doc.Want.Location {
			continue
		}
		if s := string(bytes.TrimSpace(v)); s != "true" && s != "false" {
			return true
		}
	}
	return false
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
// request: the request framed as the document says the server reads it
// (framings), its route and path parameters.
func (v *oaValidator) requestInput(m message) (*openapi3filter.RequestValidationInput, error) {
	return v.input(m, framingsOf(m))
}

// input returns the input of kin-openapi's validation of m's request with
// the given framings applied.
func (v *oaValidator) input(m message, fs []framing) (*openapi3filter.RequestValidationInput, error) {
	req, err := m.request()
	if err != nil {
		return nil, err
	}
	for _, f := range fs {
		f.apply(req)
	}
	route, params, err := v.router.FindRoute(req)
	if err != nil {
		return nil, err
	}
	return &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: oaOptions}, nil
}

// accepts is kin-openapi's verdict on m, framed (framings).
func (v *oaValidator) accepts(m message) (bool, error) { return v.acceptsFramed(m, framingsOf(m)) }

// acceptsFramed is kin-openapi's verdict on m with the given framings.
func (v *oaValidator) acceptsFramed(m message, fs []framing) (bool, error) {
	ctx := context.Background()
	in, err := v.input(m, fs)
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
// a message whose body breaks a rule: a response without content-type is
// a server form (serverForms), whose body kin-openapi does not read.
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
		if e.RequestModel() != croschema.ModelNone {
			// Valid addresses that no plain pattern matches: the document
			// must take them, as the server does.
			for i, list := range unusualEmailLists {
				doc := validBody(e)
				if e.Location().IsValid() {
					doc = s.doc(crogen.StorableCreateDocs())
				}
				m := build(s.headers(crogen.RequestHeaderSets(), e.Method()), doc, "", i%3 == 0)
				m.body = withEmail(e.RequestModel(), m.body, list)
				m.doc = crogen.Doc{Model: e.RequestModel()}
				out = append(out, m)
			}
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
		for i := range validPerEndpoint {
			m := build(200, s.headers(crogen.ResponseHeaderSets(), ""), s.doc(crogen.ValidDocs(contact)))
			if i%4 != 0 {
				m.body = canonical(m.body)
			}
			out = append(out, m)
		}
		for _, list := range unusualEmailLists {
			m := build(200, s.headers(crogen.ResponseHeaderSets(), ""), s.doc(crogen.ValidDocs(contact)))
			m.body = withEmail(contact, m.body, list)
			m.doc = crogen.Doc{Model: contact}
			out = append(out, m)
		}
		for range brokenHeaderSets / 3 {
			m := build(200, s.headers(crogen.BrokenResponseHeaderSets(), ""), s.doc(crogen.ValidDocs(contact)))
			m.body = canonical(m.body)
			out = append(out, m)
		}
		for _, b := range crogen.Breaks(contact) {
			for range perBodyBreak {
				out = append(out, build(200, s.typedHeaders(crogen.ResponseHeaderSets(), ""), s.doc(b.Gen)))
			}
		}
		statuses := []int{400, 401, 403, 404, 500, 507}
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

// canonical returns the valid contact body as a server writes it: its
// booleans true and false.
func canonical(body []byte) []byte {
	c, err := croschema.LintContact(body)
	if err != nil {
		panic(fmt.Sprintf("a valid contact fails the lint: %v: %s", err, body))
	}
	return c.AppendJSON(nil)
}

// unusualEmailLists are valid email lists that no plain address pattern
// matches: address literals, quoted local parts, internationalized
// domains, and space around the items (TestUnusualEmailListsAreValid).
var unusualEmailLists = []string{
	"user@[192.0.2.1]",
	"user@[2001:db8::1]",
	`"john.doe"@example.com`,
	`"a@b"@example.com`,
	`"a\ b"@example.com`,
	"user@bücher.example",
	"postmaster@例え.テスト",
	" user@[192.0.2.1] ,\t\"x\"@bücher.example\r\n",
}

// withEmail returns the valid body of model m with its email set to list,
// each other key as it was (booleans written true and false).
func withEmail(m croschema.Model, body []byte, list string) []byte {
	var out []byte
	var err error
	switch m {
	case croschema.ModelCustomerContact:
		var c croschema.CustomerContact
		if c, err = croschema.LintContact(body); err == nil {
			c.Email = croschema.NewNullString(list)
			out = c.AppendJSON(nil)
		}
	case croschema.ModelCreateCustomerContact:
		var c croschema.CreateCustomerContact
		if c, err = croschema.LintCreateContact(body); err == nil {
			c.Email = croschema.Set(list)
			out, err = c.MarshalJSON()
		}
	case croschema.ModelUpdateCustomerContact:
		var u croschema.UpdateCustomerContact
		if u, err = croschema.LintUpdateContact(body); err == nil {
			u.Email = croschema.Set(list)
			out, err = u.MarshalJSON()
		}
	default:
		err = fmt.Errorf("no email in %s", m)
	}
	if err != nil {
		panic(fmt.Sprintf("withEmail(%s, %s): %v", m, body, err))
	}
	return out
}

// The unusual lists are valid, and the plain pattern of the JSON Schema
// rejects them all.
func TestUnusualEmailListsAreValid(t *testing.T) {
	data, err := croschema.ModelCustomerContact.JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	var schema struct {
		Properties map[string]struct{ Pattern string }
	}
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatal(err)
	}
	plain := regexp.MustCompile(schema.Properties["email"].Pattern)
	for _, list := range unusualEmailLists {
		if !croschema.ValidEmailList(list) {
			t.Errorf("%q is not a valid email list", list)
		}
		if plain.MatchString(list) {
			t.Errorf("%q matches the plain pattern %s", list, plain)
		}
	}
}

// tally counts the outcome of the comparison.
type tally struct {
	total, valid       int
	agree              int            // the same verdict
	accepted           map[string]int // by exclusion: kin-openapi accepts, croschema rejects
	excluded           map[string]int // by exclusion: messages that match it
	rejected           map[string]int // by server form: kin-openapi rejects, croschema accepts
	serverForm         map[string]int // by server form: messages that match it
	framed, framedNeed map[string]int // by framing: messages it applies to, and those kin-openapi rejects without it
	disagree           int            // kin-openapi accepts, croschema rejects, no exclusion
	rejectsValid       int            // kin-openapi rejects, croschema accepts, no server form: never excused
	located, misplaced int            // both reject a message that breaks one rule: same place, another
	nameless           int            // Create requests without name
	unsendable         int            // headers that HTTP cannot carry
}

func newTally() tally {
	return tally{accepted: map[string]int{}, excluded: map[string]int{}, rejected: map[string]int{},
		serverForm: map[string]int{}, framed: map[string]int{}, framedNeed: map[string]int{}}
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

// TestOpenAPIAgreesWithCroschema compares kin-openapi's verdict on every
// generated message with croschema's. They must agree, but in two ways
// that leave the document accepting no less than the server: the document
// may accept a message breaking a rule OpenAPI cannot express
// (exclusions), and reject a response in a form no conforming server
// writes (serverForms). A request the document rejects and croschema
// accepts fails the test, whatever rule it was generated to break.
func TestOpenAPIAgreesWithCroschema(t *testing.T) {
	v := newValidator(t)
	s := newSampler()
	msgs := append(requests(s), responses(s)...)
	tl := newTally()
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
		fs := framingsOf(m)
		for i, f := range fs {
			tl.framed[f.name]++
			if oaOK {
				if ok, _ := v.acceptsFramed(m, slices.Delete(slices.Clone(fs), i, i+1)); !ok {
					tl.framedNeed[f.name]++
				}
			}
		}
		why, form := excludedBy(m), serverFormOf(m)
		if why != "" {
			tl.excluded[why]++
		}
		if form != "" {
			tl.serverForm[form]++
		}
		switch {
		case oaOK == croOK:
			tl.agree++
			if where, ok := m.want(); ok && !oaOK && why == "" {
				if got := place(oaErr); got == where {
					tl.located++
				} else if form == "" { // else kin-openapi may name the server form first
					tl.misplaced++
					if tl.misplaced <= maxShown {
						t.Errorf("kin-openapi rejects at %q (%v), croschema at %q: %v", got, oaErr, where, m)
					}
				}
			}
		case oaOK && why != "":
			tl.accepted[why]++ // the document accepts more: a rule it cannot express
		case oaOK:
			tl.disagree++
			if tl.disagree <= maxShown {
				t.Errorf("kin-openapi accepts what croschema rejects (%v): %v", croErr, m)
			}
		case form != "":
			tl.rejected[form]++ // a response in a form no conforming server writes
		default:
			tl.rejectsValid++
			if tl.rejectsValid <= maxShown {
				t.Errorf("the document rejects what croschema accepts (%v): %v", oaErr, m)
			}
		}
	}
	t.Logf("%d messages (%d valid, %d invalid): %d agreeing", tl.total, tl.valid, tl.total-tl.valid, tl.agree)
	for _, x := range exclusions {
		t.Logf("  document accepts more, %s: %d of %d", x.name, tl.accepted[x.name], tl.excluded[x.name])
		// Each exclusion is needed: without it the comparison would fail.
		if tl.accepted[x.name] == 0 {
			t.Errorf("exclusion %q: %d messages, kin-openapi never accepted one croschema rejects: drop it or generate what needs it",
				x.name, tl.excluded[x.name])
		}
	}
	for _, f := range serverForms {
		t.Logf("  a form no server writes, %s: %d rejected by the document of %d", f.name, tl.rejected[f.name], tl.serverForm[f.name])
		if tl.rejected[f.name] == 0 {
			t.Errorf("server form %q: %d messages, the document never rejected one croschema accepts: drop it",
				f.name, tl.serverForm[f.name])
		}
	}
	for _, f := range framings {
		t.Logf("  framed as the document describes, %s: %d (rejected unframed: %d)", f.name, tl.framed[f.name], tl.framedNeed[f.name])
		if tl.framedNeed[f.name] == 0 {
			t.Errorf("framing %q: %d requests, none rejected without it: drop it", f.name, tl.framed[f.name])
		}
	}
	t.Logf("not checked, headers that HTTP cannot carry (a control character): %d", tl.unsendable)
	t.Logf("Create requests without name (400: a valid document the server cannot store): %d", tl.nameless)
	t.Logf("rejected by both for one broken rule: %d at the same place, %d elsewhere", tl.located, tl.misplaced)
	if tl.rejectsValid > 0 {
		t.Errorf("the document rejects %d messages that croschema accepts", tl.rejectsValid)
	}
	if tl.disagree > 0 {
		t.Errorf("the document accepts %d messages that croschema rejects, on rules it can express", tl.disagree)
	}
	if tl.misplaced > 0 {
		t.Errorf("%d messages rejected by both at different places", tl.misplaced)
	}
	if tl.total < minTotalMessages {
		t.Errorf("only %d messages, want at least %d", tl.total, minTotalMessages)
	}
	sum := func(m map[string]int) (n int) {
		for _, v := range m {
			n += v
		}
		return n
	}
	fmt.Printf("openapitest: %d messages compared with kin-openapi: %d agreeing, %d the document accepts by %d exclusions, "+
		"%d responses it rejects by %d server forms, %d it rejects that croschema accepts\n",
		tl.total, tl.agree, sum(tl.accepted), len(exclusions), sum(tl.rejected), len(serverForms), tl.rejectsValid)
}
