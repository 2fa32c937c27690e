package check

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crogen"
)

// A scenario makes the probes of one check: a cover of its cases, run
// first, then random probes as long as the budget lasts.
type scenario struct {
	check  *Check
	weight int                     // how often the random phase picks it
	cover  func(*session) []*probe // the cases, one probe each
	random func(*session) *probe   // one random probe, or nil
	needs  func(*session) string   // why it cannot run at all, or ""
}

// needRoles and needCustomers say why a scenario cannot run.
func needRoles(s *session) string {
	if len(s.cfg.roleTokens()) == 0 {
		return "needs -token ROLE=TOKEN"
	}
	return ""
}

func needClosedTokens(s *session) string {
	if !s.cfg.RejectUnknownTokens {
		return "needs -reject-unknown-tokens"
	}
	return ""
}

func needCustomers(s *session) string {
	if len(s.cfg.Customers) == 0 {
		return "needs -customer: it creates contacts"
	}
	return ""
}

// scenarios are every check's probes, in the order the cover interleaves
// them. The first is what a fuzz input of zeros makes.
var scenarios = []*scenario{
	{check: AcceptBody, weight: 12, cover: coverAcceptBody, random: randomAcceptBody},
	{check: RejectBody, weight: 14, cover: coverRejectBody(false), random: randomRejectBody(false)},
	{check: PatchSemantics, weight: 10, cover: coverPatch, random: randomPatch, needs: needCustomers},
	{check: AcceptHeaders, weight: 6, cover: repeat(10, randomAcceptHeaders), random: randomAcceptHeaders},
	{check: RejectHeader, weight: 8, cover: coverRejectHeader, random: randomRejectHeader},
	{check: PathNotFound, weight: 3, cover: coverPath, random: pickOne(coverPath)},
	{check: MethodNotAllowed, weight: 3, cover: coverMethod, random: pickOne(coverMethod)},
	{check: AuthMissing, weight: 5, cover: coverHeaderBreaks(AuthMissing, "authorization", "", 2), random: randomHeaderBreak(AuthMissing, "authorization", "")},
	{check: TenantMissing, weight: 2, cover: coverHeaderBreaks(TenantMissing, "x-tenant-id", croschema.CodeRequired, 3), random: randomHeaderBreak(TenantMissing, "x-tenant-id", croschema.CodeRequired)},
	{check: Roles, weight: 4, cover: coverRoles, random: pickOne(coverRoles), needs: needRoles},
	{check: UnknownToken, weight: 2, cover: coverUnknownToken, random: pickOne(coverUnknownToken), needs: needClosedTokens},
	{check: MediaType, weight: 3, cover: coverMedia, random: randomMedia},
	{check: BodyTooLarge, cover: coverSize},
	{check: RejectPath, weight: 4, cover: coverRejectPath, random: pickOne(coverRejectPath)},
	{check: RejectBodyStrict, weight: 4, cover: coverRejectBody(true), random: randomRejectBody(true)},
	{check: CreateUnstorable, weight: 2, cover: coverUnstorable, random: pickOne(coverUnstorable), needs: needCustomers},
	{check: ContactNotFound, weight: 3, cover: coverNotFound, random: pickOne(coverNotFound)},
	{check: Precedence, weight: 6, cover: coverPrecedence, random: randomPrecedence},
	{check: Head, weight: 2, cover: coverHead, random: pickOne(coverHead)},
	{check: Options, weight: 2, cover: coverOptions, random: pickOne(coverOptions)},
	{check: CreateStored, weight: 4, cover: coverCreateStored, random: randomCreateStored, needs: needCustomers},
	{check: GetStored, weight: 4, cover: repeat(2, randomGet), random: randomGet, needs: needCustomers},
	{check: IDsUnique, cover: coverIDs, needs: needCustomers},
}

// repeat returns a cover of n random probes.
func repeat(n int, f func(*session) *probe) func(*session) []*probe {
	return func(s *session) []*probe {
		var out []*probe
		for range n {
			if p := f(s); p != nil {
				out = append(out, p)
			}
		}
		return out
	}
}

// pickOne returns a random probe of a cover.
func pickOne(cover func(*session) []*probe) func(*session) *probe {
	return func(s *session) *probe {
		ps := cover(s)
		if len(ps) == 0 {
			return nil
		}
		return ps[s.rng.Intn(len(ps))]
	}
}

// Paths and customers.

func contactPath(k key) string {
	return "/customers/" + itoa(k.customer) + "/contacts/" + itoa(k.contact)
}
func collectionPath(c int64) string { return "/customers/" + itoa(c) + "/contacts" }

// createCustomer returns a customer the run may create contacts under.
func (s *session) createCustomer() (int64, bool) {
	if len(s.cfg.Customers) == 0 {
		return 0, false
	}
	return s.cfg.Customers[s.rng.Intn(len(s.cfg.Customers))], true
}

// readCustomer returns a customer to read from: one of the run's, or 1.
func (s *session) readCustomer() int64 {
	if c, ok := s.createCustomer(); ok {
		return c
	}
	return 1
}

// never returns a contact no server has created: an id of 2^62 or more.
func (s *session) never() key {
	return key{s.readCustomer(), neverBase + s.rng.Int63n(neverBase)}
}

// Headers.

// hasBody reports whether requests with method carry a body.
func hasBody(method string) bool { return method == http.MethodPost || method == http.MethodPatch }

// base returns the headers of a valid request by tok: authorization,
// x-tenant-id, content-type with a body, and at random x-request-id and
// x-api-version, whose echoes every answer is judged on.
func (s *session) base(method string, tok *Token) []Field {
	h := []Field{{"Authorization", tok.Value.Reveal()}, {"X-Tenant-Id", itoa(s.cfg.Tenant)}}
	if hasBody(method) {
		h = append(h, Field{"Content-Type", "application/json"})
	}
	if s.rng.Intn(2) == 0 {
		h = append(h, Field{"X-Request-Id", s.uuid()})
	}
	if s.rng.Intn(3) == 0 {
		vs := croschema.APIVersions()
		h = append(h, Field{"X-Api-Version", vs[s.rng.Intn(len(vs))].String()})
	}
	return h
}

func (s *session) main() *Token { return s.cfg.main() }

// uuid returns a random version-4 UUID from the run's choices.
func (s *session) uuid() string {
	var b [16]byte
	for i := range b {
		b[i] = byte(s.rng.Intn(256))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	const hex = "0123456789abcdef"
	var out []byte
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out = append(out, '-')
		}
		out = append(out, hex[c>>4], hex[c&15])
	}
	return string(out)
}

// fromSet returns the lines of a generated header set, with the run's
// token (in the set's letter case of the scheme) and tenant in place of
// the generated ones, unless the set breaks that header.
func (s *session) fromSet(hs crogen.HeaderSet, tok *Token) []Field {
	h := hs.Header()
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	_, cred, _ := strings.Cut(tok.Value.Reveal(), " ")
	var out []Field
	for _, k := range keys {
		for _, v := range h[k] {
			switch name := strings.ToLower(k); {
			case name == "authorization" && hs.Want.Location != name:
				scheme, _, _ := strings.Cut(trimOWS(v), " ")
				v = scheme + " " + cred
			case name == "x-tenant-id" && hs.Want.Location != name:
				t := trimOWS(v)
				i := strings.Index(v, t)
				v = v[:i] + itoa(s.cfg.Tenant) + v[i+len(t):]
			}
			out = append(out, Field{k, sendable(v)})
		}
	}
	return out
}

// Requests.

// create returns a Create of body under customer c by the main token.
func (s *session) create(c int64, body []byte) *Request {
	return &Request{Method: http.MethodPost, Path: collectionPath(c), Header: s.base(http.MethodPost, s.main()), Body: body}
}

// get returns a GET of contact k by the main token, with no optional header.
func (s *session) get(k key) *Request {
	return &Request{Method: http.MethodGet, Path: contactPath(k), Header: s.base(http.MethodGet, s.main())}
}

// onContact returns a probe of method on one of the run's contacts, or on
// a never-created one when the run creates nothing.
func (s *session) onContact(check *Check, method string, h []Field, body []byte, doc *docRef, verify bool) *probe {
	slash := s.slash()
	if len(s.cfg.Customers) == 0 {
		return &probe{check: check, req: &Request{Method: method, Path: contactPath(s.never()) + slash, Header: h, Body: body}, doc: doc}
	}
	return &probe{check: check, doc: doc, verify: verify, bind: func(k key) *Request {
		return &Request{Method: method, Path: contactPath(k) + slash, Header: slices.Clone(h), Body: body}
	}}
}

// slash returns "/" one time in eight: a path may end with one (the
// documented sample request's does).
func (s *session) slash() string {
	if s.rng.Intn(8) == 0 {
		return "/"
	}
	return ""
}

// forEndpoint returns a valid probe of the endpoint of method (GET, PATCH
// or POST) with headers h: a storable Create, a valid Update of one of
// the run's contacts, a GET of one. nil when the run may not create.
func (s *session) forEndpoint(check *Check, method string, h []Field) *probe {
	switch method {
	case http.MethodPost:
		c, ok := s.createCustomer()
		if !ok {
			return nil
		}
		d, ref := s.drawDoc(crogen.StorableCreateDocs())
		return &probe{check: check, req: &Request{Method: method, Path: collectionPath(c) + s.slash(), Header: h, Body: d.JSON()}, doc: ref, verify: true}
	case http.MethodPatch:
		d, ref := s.drawDoc(crogen.ValidDocs(croschema.ModelUpdateCustomerContact))
		return s.onContact(check, method, h, d.JSON(), ref, true)
	}
	return s.onContact(check, method, h, nil, nil, false)
}

var endpointMethods = []string{http.MethodGet, http.MethodPatch, http.MethodPost}

// Scenarios.

func coverAcceptBody(s *session) []*probe {
	var out []*probe
	for range 3 {
		out = append(out, s.forEndpoint(AcceptBody, http.MethodPost, s.base(http.MethodPost, s.main())),
			s.forEndpoint(AcceptBody, http.MethodPatch, s.base(http.MethodPatch, s.main())))
	}
	return compact(out)
}

func randomAcceptBody(s *session) *probe {
	m := endpointMethods[1+s.rng.Intn(2)]
	if len(s.cfg.Customers) == 0 {
		m = http.MethodPatch
	}
	return s.forEndpoint(AcceptBody, m, s.base(m, s.main()))
}

func randomAcceptHeaders(s *session) *probe {
	for range 10 {
		hs := s.drawHeaders(crogen.RequestHeaderSets())
		if p := s.forEndpoint(AcceptHeaders, hs.Method, s.fromSet(hs, s.main())); p != nil {
			return p
		}
	}
	return nil
}

// strictCodes are the codes of reject-body-strict: what JSON parsers
// disagree on, which the documentation does not state.
var strictCodes = []croschema.Code{croschema.CodeSyntax, croschema.CodeDuplicateKey, croschema.CodeInvalidUTF8}

// modelBreak is one break of one request model.
type modelBreak struct {
	m croschema.Model
	b crogen.Break
}

// The breaks of the two request models and of the request headers, made
// once: crogen derives them from the rule tables on every call.
var (
	breaksOnce    sync.Once
	strictBreaks  []modelBreak
	docsBreaks    []modelBreak
	requestBreaks []crogen.HeaderBreak
)

func initBreaks() {
	breaksOnce.Do(func() {
		for _, m := range []croschema.Model{croschema.ModelCreateCustomerContact, croschema.ModelUpdateCustomerContact} {
			for _, b := range crogen.Breaks(m) {
				if slices.Contains(strictCodes, b.Code) {
					strictBreaks = append(strictBreaks, modelBreak{m, b})
				} else {
					docsBreaks = append(docsBreaks, modelBreak{m, b})
				}
			}
		}
		requestBreaks = crogen.RequestHeaderBreaks()
	})
}

// bodyBreaks returns the breaks of the two request models, strict or not.
func bodyBreaks(strict bool) []modelBreak {
	initBreaks()
	if strict {
		return strictBreaks
	}
	return docsBreaks
}

// bodyBreak returns a probe of a document of m drawn from one break.
func (s *session) bodyBreak(check *Check, m croschema.Model, b crogen.Break) *probe {
	d, ref := s.drawDoc(b.Gen)
	if m == croschema.ModelCreateCustomerContact {
		c, ok := s.createCustomer()
		if !ok {
			return nil
		}
		return &probe{check: check, req: s.create(c, d.JSON()), doc: ref}
	}
	return s.onContact(check, http.MethodPatch, s.base(http.MethodPatch, s.main()), d.JSON(), ref, true)
}

func coverRejectBody(strict bool) func(*session) []*probe {
	check := RejectBody
	if strict {
		check = RejectBodyStrict
	}
	return func(s *session) []*probe {
		var out []*probe
		for _, mb := range bodyBreaks(strict) {
			out = append(out, s.bodyBreak(check, mb.m, mb.b))
		}
		if strict { // a GET with a body
			h := append(s.base(http.MethodGet, s.main()), Field{"Content-Type", "application/json"})
			out = append(out, s.onContact(check, http.MethodGet, h, []byte(`{}`), nil, false))
		}
		return compact(out)
	}
}

func randomRejectBody(strict bool) func(*session) *probe {
	check := RejectBody
	if strict {
		check = RejectBodyStrict
	}
	return func(s *session) *probe {
		bs := bodyBreaks(strict)
		for range 10 {
			mb := bs[s.rng.Intn(len(bs))]
			if p := s.bodyBreak(check, mb.m, mb.b); p != nil {
				return p
			}
		}
		return nil
	}
}

// updateKeys are the keys of an Update, in table order.
func updateKeys() []croschema.FieldRule { return croschema.ModelUpdateCustomerContact.Rules() }

// patchOf returns a PATCH body that gives key k alone a valid value,
// different from the one cur holds when the generator can find one.
func (s *session) patchOf(k string, cur *croschema.CustomerContact) []byte {
	var fallback []byte
	for range 60 {
		d, _ := s.drawDoc(crogen.ValidDocs(croschema.ModelUpdateCustomerContact))
		u, err := croschema.LintUpdateContact(d.JSON())
		if err != nil {
			continue
		}
		var m map[string]json.RawMessage
		_ = json.Unmarshal(u.AppendJSON(nil), &m)
		raw, ok := m[k]
		if !ok || string(raw) == "null" {
			continue
		}
		body, _ := json.Marshal(map[string]json.RawMessage{k: raw})
		if fallback == nil {
			fallback = body
		}
		if cur == nil || !bytes.Equal(contactKeys(cur)[k], raw) {
			return body
		}
	}
	return fallback
}

func coverPatch(s *session) []*probe {
	out := []*probe{s.patchProbe([]byte(`{}`))}
	for _, r := range updateKeys() {
		out = append(out, s.patchSet(r.Key))
		if r.Nullable {
			out = append(out, s.patchProbe([]byte(`{"`+r.Key+`":null}`)))
		}
	}
	return out
}

// patchProbe returns a PATCH of body on one of the run's contacts, read
// back after.
func (s *session) patchProbe(body []byte) *probe {
	h := s.base(http.MethodPatch, s.main())
	return &probe{check: PatchSemantics, verify: true, bind: func(k key) *Request {
		return &Request{Method: http.MethodPatch, Path: contactPath(k), Header: slices.Clone(h), Body: body}
	}}
}

// patchSet returns a PATCH that sets key k to a value the contact does
// not hold.
func (s *session) patchSet(k string) *probe {
	h := s.base(http.MethodPatch, s.main())
	return &probe{check: PatchSemantics, verify: true, bind: func(c key) *Request {
		cur := s.model[c]
		body := s.patchOf(k, &cur)
		if body == nil {
			body = []byte(`{}`)
		}
		return &Request{Method: http.MethodPatch, Path: contactPath(c), Header: slices.Clone(h), Body: body}
	}}
}

func randomPatch(s *session) *probe {
	d, ref := s.drawDoc(crogen.ValidDocs(croschema.ModelUpdateCustomerContact))
	p := s.onContact(PatchSemantics, http.MethodPatch, s.base(http.MethodPatch, s.main()), d.JSON(), ref, true)
	return p
}

// headerBreaks returns the request header breaks of name (all codes when
// code is ""), or those of every header but the excluded ones.
func headerBreaks(name string, code croschema.Code) []crogen.HeaderBreak {
	var out []crogen.HeaderBreak
	initBreaks()
	for _, b := range requestBreaks {
		if b.Name == name && (code == "" || b.Code == code) {
			out = append(out, b)
		}
	}
	return out
}

// headerBreak returns a probe with a header set drawn from b.
func (s *session) headerBreak(check *Check, b crogen.HeaderBreak) *probe {
	for range 10 {
		hs := s.drawHeaders(b.Gen)
		if p := s.forEndpoint(check, hs.Method, s.fromSet(hs, s.main())); p != nil {
			p.verify = false
			return p
		}
	}
	return nil
}

func coverHeaderBreaks(check *Check, name string, code croschema.Code, n int) func(*session) []*probe {
	return func(s *session) []*probe {
		var out []*probe
		for _, b := range headerBreaks(name, code) {
			for range n {
				out = append(out, s.headerBreak(check, b))
			}
		}
		return compact(out)
	}
}

func randomHeaderBreak(check *Check, name string, code croschema.Code) func(*session) *probe {
	return func(s *session) *probe {
		bs := headerBreaks(name, code)
		return s.headerBreak(check, bs[s.rng.Intn(len(bs))])
	}
}

// rejectHeaderBreaks are the header breaks reject-header covers: all
// but authorization's (auth-401), a missing tenant (tenant-403) and a
// content-type that is not JSON (media-415).
func rejectHeaderBreaks() []crogen.HeaderBreak {
	var out []crogen.HeaderBreak
	initBreaks()
	for _, b := range requestBreaks {
		switch {
		case b.Name == "authorization",
			b.Name == "x-tenant-id" && b.Code == croschema.CodeRequired,
			b.Name == "content-type" && b.Code == croschema.CodeEnum:
			continue
		}
		out = append(out, b)
	}
	return out
}

func coverRejectHeader(s *session) []*probe {
	var out []*probe
	for _, b := range rejectHeaderBreaks() {
		out = append(out, s.headerBreak(RejectHeader, b))
	}
	return compact(out)
}

func randomRejectHeader(s *session) *probe {
	for range 10 {
		hs := s.drawHeaders(crogen.BrokenRequestHeaderSets())
		if p := s.forEndpoint(RejectHeader, hs.Method, s.fromSet(hs, s.main())); p != nil {
			p.verify = false
			return p
		}
	}
	return nil
}

func coverPath(s *session) []*probe {
	c, n := itoa(s.readCustomer()), s.never()
	id := itoa(n.contact)
	var out []*probe
	for _, p := range []string{"/", "/customers", "/customers/" + c, "/customers/" + c + "/contact",
		"/customer/" + c + "/contacts/" + id, "/customers/" + c + "/contacts/" + id + "/x",
		"/customers/" + c + "/contacts/" + id + "//", "/Customers/" + c + "/contacts"} {
		out = append(out, &probe{check: PathNotFound, req: &Request{Method: http.MethodGet, Path: p, Header: s.base(http.MethodGet, s.main())}})
	}
	out = append(out, &probe{check: PathNotFound, req: &Request{Method: http.MethodPatch,
		Path: "/customers/" + c + "/contacts/" + id + "/x", Header: s.base(http.MethodPatch, s.main()), Body: []byte(`{}`)}})
	if wc, ok := s.createCustomer(); ok {
		d, ref := s.drawDoc(crogen.StorableCreateDocs())
		r := s.create(wc, d.JSON())
		r.Path += "z"
		out = append(out, &probe{check: PathNotFound, req: r, doc: ref})
	}
	return out
}

func coverMethod(s *session) []*probe {
	n := s.never()
	var out []*probe
	add := func(method, path string, body []byte) {
		h := s.base(http.MethodGet, s.main())
		if body != nil {
			h = append(h, Field{"Content-Type", "application/json"})
		}
		out = append(out, &probe{check: MethodNotAllowed, req: &Request{Method: method, Path: path, Header: h, Body: body}})
	}
	if c, ok := s.createCustomer(); ok { // a server that took it for a Create must create under the run's customer
		add(http.MethodPost, contactPath(key{c, n.contact}), []byte(`{"name":"x"}`))
	}
	add(http.MethodPut, contactPath(n), []byte(`{"name":"x"}`))
	add(http.MethodDelete, contactPath(n), nil)
	add("get", contactPath(n), nil)
	add(http.MethodGet, collectionPath(s.readCustomer()), nil)
	add(http.MethodHead, collectionPath(s.readCustomer()), nil)
	if c, ok := s.createCustomer(); ok {
		add(http.MethodPatch, collectionPath(c), []byte(`{}`))
	}
	return out
}

func coverRoles(s *session) []*probe {
	var out []*probe
	for _, t := range s.cfg.roleTokens() {
		for _, m := range endpointMethods {
			t := t
			out = append(out, s.forEndpoint(Roles, m, s.base(m, &t)))
		}
	}
	return compact(out)
}

// unknownToken returns a well-formed token no server gave.
func (s *session) unknownToken() string {
	const set = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := make([]byte, 41)
	for i := range b {
		b[i] = set[s.rng.Intn(len(set))]
	}
	b[20] = '.'
	return "Bearer " + string(b)
}

func coverUnknownToken(s *session) []*probe {
	var out []*probe
	for _, m := range endpointMethods {
		h := s.base(m, s.main())
		h[0].Value = s.unknownToken()
		if p := s.forEndpoint(UnknownToken, m, h); p != nil {
			p.verify = false
			out = append(out, p)
		}
	}
	return out
}

// randomMedia is one probe of coverMedia's kinds, made alone: a content
// type that is not JSON, or an encoded body.
func randomMedia(s *session) *probe {
	if s.rng.Intn(2) == 0 {
		bs := headerBreaks("content-type", croschema.CodeEnum)
		return s.headerBreak(MediaType, bs[s.rng.Intn(len(bs))])
	}
	m := endpointMethods[1+s.rng.Intn(2)]
	p := s.forEndpoint(MediaType, m, append(s.base(m, s.main()), Field{"Content-Encoding", "br"}))
	if p != nil {
		p.verify = false
	}
	return p
}

func coverMedia(s *session) []*probe {
	var out []*probe
	for _, b := range headerBreaks("content-type", croschema.CodeEnum) {
		for range 2 {
			out = append(out, s.headerBreak(MediaType, b))
		}
	}
	for _, m := range []string{http.MethodPatch, http.MethodPost} {
		for _, enc := range []string{"gzip", "br"} {
			p := s.forEndpoint(MediaType, m, append(s.base(m, s.main()), Field{"Content-Encoding", enc}))
			if p == nil {
				continue
			}
			p.verify = false
			if enc == "gzip" && p.doc != nil {
				body := gzipped(p.doc.doc.JSON())
				if p.req != nil {
					p.req.Body = body
				} else {
					bind := p.bind
					p.bind = func(k key) *Request { r := bind(k); r.Body = body; return r }
				}
				p.doc = nil
			}
			out = append(out, p)
		}
	}
	return compact(out)
}

// gzipWriters are reused: a gzip.Writer is large to make.
var gzipWriters = sync.Pool{New: func() any { return gzip.NewWriter(nil) }}

// gzipped returns b gzip-compressed.
func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzipWriters.Get().(*gzip.Writer)
	zw.Reset(&buf)
	zw.Write(b)
	zw.Close()
	gzipWriters.Put(zw)
	return buf.Bytes()
}

func coverSize(s *session) []*probe {
	var out []*probe
	pad := func(body string) int { return int(s.cfg.BodyLimit) + 1 - len(body) }
	if c, ok := s.createCustomer(); ok {
		r := s.create(c, []byte(`{"name":"x"}`))
		r.Pad = pad(`{"name":"x"}`)
		out = append(out, &probe{check: BodyTooLarge, req: r})
	}
	p := s.onContact(BodyTooLarge, http.MethodPatch, s.base(http.MethodPatch, s.main()), []byte(`{}`), nil, true)
	if p.req != nil {
		p.req.Pad = pad(`{}`)
	} else {
		bind := p.bind
		p.bind = func(k key) *Request { r := bind(k); r.Pad = pad(`{}`); return r }
	}
	return append(out, p)
}

func coverRejectPath(s *session) []*probe {
	var out []*probe
	c := itoa(s.readCustomer())
	n := s.never()
	pct := "%3" + c[:1] + c[1:]
	for _, bad := range []string{"", "abc", "-1", "+" + c, c + ".0", c + "x", "1e3", c + "99999999999999999999", pct} {
		out = append(out, &probe{check: RejectPath, req: &Request{Method: http.MethodGet,
			Path: "/customers/" + bad + "/contacts/" + itoa(n.contact), Header: s.base(http.MethodGet, s.main())}})
	}
	for _, bad := range []string{"", "abc", "-1", "1.5", "99999999999999999999", "%31", "0x1F"} {
		out = append(out, &probe{check: RejectPath, req: &Request{Method: http.MethodGet,
			Path: "/customers/" + c + "/contacts/" + bad, Header: s.base(http.MethodGet, s.main())}})
	}
	// A PATCH's bad ids hold no number but one no server gave, however
	// leniently read.
	nid := itoa(n.contact)
	for _, bad := range []string{"", "abc", "-" + nid, nid + ".", nid + "9", "%3" + nid[:1] + nid[1:], "x" + nid} {
		if wc, ok := s.createCustomer(); ok {
			out = append(out, &probe{check: RejectPath, req: &Request{Method: http.MethodPatch,
				Path: "/customers/" + itoa(wc) + "/contacts/" + bad, Header: s.base(http.MethodPatch, s.main()), Body: []byte(`{}`)}})
		}
	}
	if wc, ok := s.createCustomer(); ok {
		w := itoa(wc)
		for _, bad := range []string{"+" + w, w + ".0", w + "x", w + "99999999999999999999", "%3" + w[:1] + w[1:]} {
			d, ref := s.drawDoc(crogen.StorableCreateDocs())
			r := s.create(wc, d.JSON())
			r.Path = "/customers/" + bad + "/contacts"
			out = append(out, &probe{check: RejectPath, req: r, doc: ref})
		}
		// Leading zeros are the integer: a valid request.
		h := s.base(http.MethodGet, s.main())
		out = append(out, &probe{check: RejectPath, bind: func(k key) *Request {
			return &Request{Method: http.MethodGet, Path: "/customers/00" + itoa(k.customer) + "/contacts/00" + itoa(k.contact), Header: slices.Clone(h)}
		}})
	}
	return out
}

func coverUnstorable(s *session) []*probe {
	c, ok := s.createCustomer()
	if !ok {
		return nil
	}
	out := []*probe{{check: CreateUnstorable, req: s.create(c, []byte(`{}`))}}
	for range 30 {
		d, ref := s.drawDoc(crogen.ValidDocs(croschema.ModelCreateCustomerContact))
		if b, err := croschema.LintCreateContact(d.JSON()); err == nil && b.Name.IsZero() && !b.Name.IsNull() {
			out = append(out, &probe{check: CreateUnstorable, req: s.create(c, d.JSON()), doc: ref})
			break
		}
	}
	return out
}

func coverNotFound(s *session) []*probe {
	d, ref := s.drawDoc(crogen.ValidDocs(croschema.ModelUpdateCustomerContact))
	return []*probe{
		{check: ContactNotFound, req: &Request{Method: http.MethodGet, Path: contactPath(s.never()), Header: s.base(http.MethodGet, s.main())}},
		{check: ContactNotFound, req: &Request{Method: http.MethodPatch, Path: contactPath(s.never()), Header: s.base(http.MethodPatch, s.main()), Body: d.JSON()}, doc: ref},
	}
}

func coverHead(s *session) []*probe {
	out := []*probe{{check: Head, req: &Request{Method: http.MethodHead, Path: contactPath(s.never()), Header: s.base(http.MethodGet, s.main())}}}
	if len(s.cfg.Customers) > 0 {
		out = append(out, s.onContact(Head, http.MethodHead, s.base(http.MethodGet, s.main()), nil, nil, false))
	}
	return out
}

func coverOptions(s *session) []*probe {
	c := s.readCustomer()
	preflight := func(method string) []Field {
		return []Field{{"Origin", "https://app.example"}, {"Access-Control-Request-Method", method},
			{"Access-Control-Request-Headers", "authorization,x-tenant-id,content-type"}}
	}
	opt := func(path, method string) *probe {
		return &probe{check: Options, req: &Request{Method: http.MethodOptions, Path: path, Header: preflight(method)}}
	}
	return []*probe{
		opt(contactPath(s.never()), http.MethodPatch),
		opt(collectionPath(c), http.MethodPost),
		opt("/customers/abc/contacts", http.MethodPost),
		opt("/customers/"+itoa(c)+"/contact", http.MethodGet),
	}
}

func coverCreateStored(s *session) []*probe {
	c, ok := s.createCustomer()
	if !ok {
		return nil
	}
	var out []*probe
	// The fewest keys: every default applies.
	d, _ := s.drawDoc(crogen.StorableCreateDocs())
	b, _ := croschema.LintCreateContact(d.JSON())
	only := croschema.CreateCustomerContact{Name: b.Name}
	out = append(out, &probe{check: CreateStored, req: s.create(c, only.AppendJSON(nil)), verify: true})
	// Every key given.
	for range 40 {
		d, ref := s.drawDoc(crogen.StorableCreateDocs())
		if len(presence(mustCreate(d.JSON()))) == len(croschema.ModelCreateCustomerContact.Rules()) {
			out = append(out, &probe{check: CreateStored, req: s.create(c, d.JSON()), doc: ref, verify: true})
			break
		}
	}
	return out
}

func mustCreate(body []byte) []byte {
	c, _ := croschema.LintCreateContact(body)
	return c.AppendJSON(nil)
}

func randomCreateStored(s *session) *probe {
	c, ok := s.createCustomer()
	if !ok {
		return nil
	}
	d, ref := s.drawDoc(crogen.StorableCreateDocs())
	return &probe{check: CreateStored, req: s.create(c, d.JSON()), doc: ref, verify: true}
}

func randomGet(s *session) *probe {
	if len(s.cfg.Customers) == 0 {
		return nil
	}
	return s.onContact(GetStored, http.MethodGet, s.base(http.MethodGet, s.main()), nil, nil, false)
}

func coverIDs(s *session) []*probe {
	var out []*probe
	for range 3 {
		if p := randomCreateStored(s); p != nil {
			p.check = IDsUnique
			out = append(out, p)
		}
	}
	return out
}

// Precedence: a PATCH of a never-created contact (so 404 always applies
// last), with two more rows broken.

type breaker struct {
	row   row
	apply func(s *session, r *Request)
}

var breakers = []breaker{
	{rowPath, func(s *session, r *Request) { r.Path = strings.Replace(r.Path, "/contacts/", "/contact/", 1) }},
	{rowMethod, func(s *session, r *Request) { r.Method = http.MethodPut }},
	{rowAuth, func(s *session, r *Request) { r.del("authorization") }},
	{rowTenant, func(s *session, r *Request) { r.del("x-tenant-id") }},
	{rowMedia, func(s *session, r *Request) { r.set("Content-Type", "text/plain") }},
	{rowSize, func(s *session, r *Request) { r.Pad = int(s.cfg.BodyLimit) + 1 - len(r.Body) }},
	{rowBad, func(s *session, r *Request) { r.set("X-Request-Id", "not-a-uuid") }},
}

// roleBreaker puts a role token that may not PATCH in place of the main one.
func (s *session) roleBreaker(r *Request) bool {
	for _, t := range s.cfg.roleTokens() {
		if !croschema.UpdateContact.Allows(t.Role) {
			r.set("Authorization", t.Value.Reveal())
			return true
		}
	}
	return false
}

// precedenceProbe returns the probe breaking rows a and b (indexes into
// breakers; -1 for a role the endpoint does not allow).
func (s *session) precedenceProbe(a, b int) *probe {
	d, ref := s.drawDoc(crogen.ValidDocs(croschema.ModelUpdateCustomerContact))
	r := &Request{Method: http.MethodPatch, Path: contactPath(s.never()), Header: s.base(http.MethodPatch, s.main()), Body: d.JSON()}
	if a < 0 || b < 0 { // the role first: the other break may be of the token's headers
		if !s.roleBreaker(r) {
			return nil
		}
	}
	for _, i := range []int{a, b} {
		if i >= 0 {
			breakers[i].apply(s, r)
		}
	}
	if r.Pad > 0 {
		ref = nil // a smaller body would not be over the limit
	}
	return &probe{check: Precedence, req: r, doc: ref}
}

// precedencePairs are the pairs of breakers the cover tries: each row
// against the next ones it can meet (-1 is a role that may not PATCH).
var precedencePairs = [][2]int{
	{0, 2}, {0, 1}, {1, 2}, {1, 3}, {2, 3}, {2, 4}, {2, 6}, {3, 4}, {3, 6}, {4, 5}, {4, 6}, {5, 6},
	{6, 6}, {-1, 4}, {-1, 6},
}

func coverPrecedence(s *session) []*probe {
	var out []*probe
	for _, pr := range precedencePairs {
		out = append(out, s.precedenceProbe(pr[0], pr[1]))
	}
	return compact(out)
}

func randomPrecedence(s *session) *probe {
	for range 10 {
		pr := precedencePairs[s.rng.Intn(len(precedencePairs))]
		if pr[0] == 5 || pr[1] == 5 { // a 1 MiB body: cover only
			continue
		}
		if p := s.precedenceProbe(pr[0], pr[1]); p != nil {
			return p
		}
	}
	return nil
}

func compact(ps []*probe) []*probe {
	return slices.DeleteFunc(ps, func(p *probe) bool { return p == nil })
}
