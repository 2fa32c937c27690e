package check

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crogen"
	"github.com/leanovate/gopter"
)

// key names one contact: its customer and id.
type key struct{ customer, contact int64 }

// session is one run: the configuration, the target, what the engine
// knows of the server's store, and what it found.
type session struct {
	cfg    Config
	target Target
	ctx    context.Context
	rng    *rand.Rand
	params *gopter.GenParameters
	fuzz   bool // a run of Fuzz: no cover phase, no rate

	model  map[key]croschema.CustomerContact // the contacts this run created, as the server last showed them
	ours   []key                             // model's keys, in creation order
	lastOp map[key]string                    // what last changed each: "its Create", "a PATCH", "a rejected PATCH"
	seen   map[key]bool                      // every id a Create of this run returned

	sent     int
	start    time.Time
	lastSend time.Time
	stopped  string // why the run stopped before its budget, "" while it runs
	err      error  // what kept the run from judging the server

	counts    map[*Check]*Result
	failures  []*Failure
	byCause   map[string]*Failure
	shrinking bool
	shrinks   int // requests spent shrinking
	noAnswer  int // requests in a row that got no answer
}

// maxNoAnswer is how many requests in a row may get no answer before the
// run stops: the server is gone.
const maxNoAnswer = 5

func newSession(ctx context.Context, t Target, cfg Config, rng *rand.Rand) *session {
	s := &session{
		cfg: cfg, target: t, ctx: ctx, rng: rng,
		params: &gopter.GenParameters{MaxSize: 100, MaxShrinkCount: 100, Rng: rng},
		model:  map[key]croschema.CustomerContact{}, lastOp: map[key]string{}, seen: map[key]bool{},
		counts: map[*Check]*Result{}, byCause: map[string]*Failure{},
	}
	for _, c := range checks {
		s.counts[c] = &Result{Check: c}
	}
	s.start = s.now()
	return s
}

func (s *session) now() time.Time {
	if s.cfg.now != nil {
		return s.cfg.now()
	}
	return time.Now()
}

// enabled reports whether the run judges c.
func (s *session) enabled(c *Check) bool { return c != nil && s.cfg.Checks(c) }

// allowed reports whether the run may create contacts under customer id.
func (s *session) allowed(id int64) bool { return slices.Contains(s.cfg.Customers, id) }

// A probe is one thing the engine tries: a request, made when it runs,
// and what to do around it.
type probe struct {
	check  *Check                // the check it is made for: a valid request's status is judged by it
	req    *Request              // the request; nil when bind makes it
	bind   func(k key) *Request  // the request about one of the run's contacts, chosen when the probe runs
	doc    *docRef               // the body as a crogen document, for shrinking
	verify bool                  // then GET the contact the request was about, to see what it holds
	needs  func(*session) string // why the probe cannot run, or ""
}

// docRef is a generated body and its shrinker.
type docRef struct {
	doc    crogen.Doc
	shrink gopter.Shrinker
}

// An entry is one request of a trace and what came of it.
type entry struct {
	req  *Request
	exp  expectation
	resp *Response
	err  error
	v    *verdict
	note string // what the request is for in the trace
}

// A trace is the requests of one probe, in order.
type trace struct {
	entries []entry
	main    int // the index of the probe's own request
}

// take reports whether the run may send one more request, waiting for
// -rate, and counts it. In a fuzz input, shrinking (in process, cheap)
// does not count against the input's budget.
func (s *session) take() bool {
	switch {
	case s.stopped != "":
		return false
	case s.sent-s.fuzzShrinks() >= s.cfg.Requests:
		s.stopped = "its request budget"
		return false
	case s.ctx.Err() != nil:
		s.stopped = s.why()
		return false
	}
	if s.cfg.Rate > 0 && !s.fuzz && !s.lastSend.IsZero() {
		next := s.lastSend.Add(time.Duration(float64(time.Second) / s.cfg.Rate))
		if d := next.Sub(s.now()); d > 0 && !s.sleep(d) {
			s.stopped = s.why()
			return false
		}
	}
	s.lastSend = s.now()
	s.sent++
	return true
}

// why says why the run's context ended.
func (s *session) why() string {
	if errors.Is(s.ctx.Err(), context.DeadlineExceeded) {
		return "its time budget"
	}
	return "an interrupt"
}

func (s *session) fuzzShrinks() int {
	if s.fuzz {
		return s.shrinks
	}
	return 0
}

// sleep waits d, or until the run's context ends (false).
func (s *session) sleep(d time.Duration) bool {
	if s.cfg.sleep != nil {
		return s.cfg.sleep(d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-s.ctx.Done():
		return false
	}
}

// safe reports whether r is a request the engine may send: it creates,
// changes or deletes nothing but what the run may touch, even on a server
// that reads numbers leniently (a sign, a fraction, trailing letters, a
// percent-encoded digit). GET, HEAD and OPTIONS are safe. A POST goes only
// to a path whose customer segment holds the digits of a customer the run
// may create under. Another method on a contact's path goes only where
// every run of digits in the contact segment is an id of the run's own
// contacts, an id no server has given (2^62 and up), or too large for any
// id; on another path, only under the run's customers. The probes make no
// other request; this is the last guard.
func (s *session) safe(r *Request) bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return true
	}
	segs := strings.Split(strings.TrimPrefix(r.Path, "/"), "/")
	customerOK := func() bool {
		if len(segs) < 2 {
			return false
		}
		for _, c := range s.cfg.Customers {
			if strings.Contains(segs[1], strconv.FormatInt(c, 10)) {
				return true
			}
		}
		return false
	}
	if r.Method == http.MethodPost || len(segs) < 4 {
		return customerOK()
	}
	customer, _ := strconv.ParseInt(segs[1], 10, 64)
	for _, run := range digitRuns(segs[3]) {
		n, err := strconv.ParseInt(run, 10, 64)
		if err != nil || n >= neverBase {
			continue // too large for an id, or never given
		}
		if _, mine := s.model[key{customer, n}]; !mine {
			return false
		}
	}
	return true
}

// digitRuns returns the runs of ASCII digits in s, and those of its
// percent-decoded form.
func digitRuns(s string) []string {
	var out []string
	for _, t := range []string{s, percentDecode(s)} {
		start := -1
		for i := 0; i <= len(t); i++ {
			if i < len(t) && t[i] >= '0' && t[i] <= '9' {
				if start < 0 {
					start = i
				}
				continue
			}
			if start >= 0 {
				out = append(out, strings.TrimLeft(t[start:i], "0"))
				start = -1
			}
		}
	}
	for i, r := range out {
		if r == "" {
			out[i] = "0"
		}
	}
	return out
}

func percentDecode(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

// exchange sends r, judges the answer, keeps what it shows of the store,
// and appends it to tr. It returns false when the run stops.
func (s *session) exchange(tr *trace, r *Request, okCheck *Check, note string) (*entry, bool) {
	if !s.take() {
		return nil, false
	}
	if !s.safe(r) {
		panic(fmt.Sprintf("check: refusing to send %s %s: it could change what the run may not touch", r.Method, r.Path))
	}
	e := s.expect(r, okCheck)
	resp, err := s.target.Do(s.ctx, r)
	if err != nil && s.ctx.Err() != nil {
		s.stopped = s.why()
		return nil, false
	}
	if err != nil && isConnError(err) {
		s.err = &ConnError{Err: err}
		s.stopped = "a connection error"
		return nil, false
	}
	switch {
	case err == nil || errors.Is(err, ErrPanic):
		s.noAnswer = 0
	default:
		if s.noAnswer++; s.noAnswer >= maxNoAnswer {
			s.err = &ConnError{Err: fmt.Errorf("%d requests in a row got no answer, the last: %w", s.noAnswer, err)}
			s.stopped = "a connection error"
		}
	}
	v := s.judge(r, &e, resp, err)
	s.update(r, &e, resp, err)
	tr.entries = append(tr.entries, entry{req: r, exp: e, resp: resp, err: err, v: v, note: note})
	if s.shrinking {
		s.shrinks++
	} else {
		s.count(v)
	}
	if s.cfg.Progress != nil {
		s.cfg.Progress(Progress{Requests: s.sent, Budget: s.cfg.Requests, Failures: len(s.failures), Elapsed: s.now().Sub(s.start)})
	}
	return &tr.entries[len(tr.entries)-1], true
}

// ConnError is the error of a run that could not reach the server.
type ConnError struct{ Err error }

func (e *ConnError) Error() string { return "cannot reach the server: " + e.Err.Error() }
func (e *ConnError) Unwrap() error { return e.Err }

// count adds a verdict to the results of its checks.
func (s *session) count(v *verdict) {
	for _, c := range v.applied {
		if !s.enabled(c) {
			continue
		}
		failed := slices.ContainsFunc(v.findings, func(f finding) bool { return f.check == c })
		if failed {
			s.counts[c].Failed++
		} else {
			s.counts[c].Passed++
		}
	}
}

// update keeps what an answer shows of the store.
func (s *session) update(r *Request, e *expectation, resp *Response, err error) {
	ok := err == nil && resp.Status >= 200 && resp.Status <= 299
	switch e.endpoint {
	case croschema.CreateContact:
		if !ok || hasParamViolation(e.vs) {
			return
		}
		c, lerr := croschema.LintContact(resp.Body)
		if lerr != nil {
			return
		}
		k := key{e.params.CustomerID, c.ID}
		s.seen[k] = true
		if e.row == rowOK && s.allowed(k.customer) && c.ID < neverBase {
			if _, dup := s.model[k]; !dup {
				s.ours = append(s.ours, k)
			}
			s.model[k] = c
			s.lastOp[k] = "its Create"
		}
	case croschema.UpdateContact:
		k := key{e.params.CustomerID, e.params.CustomerContactID}
		if _, mine := s.model[k]; !mine || r.Method != http.MethodPatch {
			return
		}
		switch {
		case ok:
			c, lerr := croschema.LintContact(resp.Body)
			if lerr != nil || c.ID != k.contact {
				s.forget(k) // changed, but to what is not known
				return
			}
			s.model[k] = c
			s.lastOp[k] = "a PATCH"
			if e.row != rowOK {
				s.lastOp[k] = "a PATCH it should have rejected"
			}
		case err != nil || resp.Status >= 500:
			s.forget(k)
		default:
			s.lastOp[k] = "a rejected PATCH"
		}
	}
}

func (s *session) forget(k key) {
	delete(s.model, k)
	s.ours = slices.DeleteFunc(s.ours, func(o key) bool { return o == k })
}

// pickOurs returns one of the run's contacts, creating one first when
// there is none (the Create goes into tr). It reports false when the run
// may create nothing or the server stored nothing.
func (s *session) pickOurs(tr *trace) (key, bool) {
	if len(s.ours) > 0 {
		return s.ours[s.rng.Intn(len(s.ours))], true
	}
	if len(s.cfg.Customers) == 0 {
		return key{}, false
	}
	c, _ := s.createCustomer()
	d, _ := s.drawDoc(crogen.StorableCreateDocs())
	r := s.create(c, d.JSON())
	if _, ok := s.exchange(tr, r, AcceptBody, "creates the contact the next request uses"); !ok || len(s.ours) == 0 {
		return key{}, false
	}
	return s.ours[len(s.ours)-1], true
}

// runProbe runs p and records what it found.
func (s *session) runProbe(p *probe) {
	if !s.runs(p.check) || s.stopped != "" {
		return
	}
	if p.needs != nil && p.needs(s) != "" {
		return
	}
	tr := &trace{}
	r := p.req
	var k key
	hasK := false
	if p.bind != nil {
		var ok bool
		if k, ok = s.pickOurs(tr); !ok {
			s.record(tr, p, nil)
			return
		}
		hasK = true
		r = p.bind(k)
	}
	if p.doc != nil {
		r = r.clone()
		r.Body = p.doc.doc.JSON()
	}
	tr.main = len(tr.entries)
	s.play(tr, r, p.check, p.verify, k, hasK)
	s.record(tr, p, r)
}

// play sends r, then the GET that verifies it when verify is set.
func (s *session) play(tr *trace, r *Request, check *Check, verify bool, k key, hasK bool) {
	en, ok := s.exchange(tr, r, check, "")
	if !ok || !verify {
		return
	}
	switch {
	case en.exp.endpoint == croschema.CreateContact && en.resp != nil && en.resp.Status == http.StatusOK:
		c, err := croschema.LintContact(en.resp.Body)
		if err != nil {
			return
		}
		k = key{en.exp.params.CustomerID, c.ID}
	case !hasK:
		return
	}
	if _, mine := s.model[k]; !mine {
		return
	}
	s.exchange(tr, s.get(k), GetStored, "reads the contact back")
}

// record turns the findings of a trace into failures: a new cause is
// shrunk and kept, a known one counted.
func (s *session) record(tr *trace, p *probe, main *Request) {
	for i := range tr.entries {
		en := &tr.entries[i]
		for _, f := range en.v.findings {
			if !s.enabled(f.check) {
				continue
			}
			id := f.check.Name + "\x00" + f.cause
			if old := s.byCause[id]; old != nil {
				old.Count++
				continue
			}
			fl := &Failure{Check: f.check, Cause: f.cause, Expected: f.expected, Got: f.got, Count: 1}
			fl.Steps = steps(tr.entries[:i+1])
			s.byCause[id] = fl
			s.failures = append(s.failures, fl)
			s.shrink(fl, tr, i, p)
			if s.cfg.stop != nil && s.cfg.stop(fl) && s.stopped == "" {
				s.stopped = "the failure it looked for"
			}
		}
	}
}

// steps returns the entries as a failure's steps.
func steps(es []entry) []Step {
	out := make([]Step, len(es))
	for i, e := range es {
		out[i] = Step{Request: e.req, Note: e.note}
		if e.resp != nil {
			out[i].Status = e.resp.Status
		}
	}
	return out
}

// maxShrinkRequests bounds the requests spent shrinking one failure;
// shrinkShare bounds those spent shrinking all of them, as a share of the
// request budget, so that a server with many failures is still probed
// for the rest.
const (
	maxShrinkRequests = 100
	shrinkShare       = 0.3
)

// shrink looks for a smaller request that shows the failure fl, found at
// entry at of tr: fewer headers, a smaller body, fewer keys. It replays
// the probe's request (or the request that failed, when that came before
// it) with each smaller candidate in turn, keeping one that fails with
// the same check and cause, until none does or its budget is spent.
func (s *session) shrink(fl *Failure, tr *trace, at int, p *probe) {
	target := tr.main
	if at < tr.main || target >= len(tr.entries) {
		target = at
	}
	orig := tr.entries[target].req
	verify := p != nil && p.verify && target == tr.main
	check := tr.entries[target].exp.check
	if p != nil && target == tr.main {
		check = p.check
	}
	var doc *docRef
	if p != nil && target == tr.main {
		doc = p.doc
	}
	var k key
	hasK := false
	if p != nil && p.bind != nil && target == tr.main {
		e := tr.entries[target].exp
		k, hasK = key{e.params.CustomerID, e.params.CustomerContactID}, true
	}
	prefix := steps(tr.entries[:target])

	s.shrinking = true
	defer func() { s.shrinking = false }()
	cur, curDoc := orig, doc
	spent, limit := 0, maxShrinkRequests
	if s.fuzz {
		limit *= 2 // in process: cheap
	}
	failed := map[string]bool{} // header edits that did not show the failure
	for progress := true; progress; {
		progress = false
		for _, c := range candidates(cur, curDoc) {
			if spent >= limit || s.stopped != "" || !s.fuzz && float64(s.shrinks) >= shrinkShare*float64(s.cfg.Requests) {
				break
			}
			if c.edit != "" && failed[c.edit] {
				continue
			}
			if hasK {
				if _, mine := s.model[k]; !mine {
					break // the contact is gone: no fair replay
				}
			}
			before := s.sent
			ntr := &trace{}
			s.play(ntr, c.req, check, verify, k, hasK)
			spent += s.sent - before
			if i := ntr.find(fl.Check, fl.Cause); i >= 0 {
				cur, curDoc, progress = c.req, c.doc, true
				fl.Steps = append(slices.Clone(prefix), steps(ntr.entries[:i+1])...)
				en := ntr.entries[i]
				for _, f := range en.v.findings {
					if f.check == fl.Check && f.cause == fl.Cause {
						fl.Expected, fl.Got = f.expected, f.got
					}
				}
				break
			}
			if c.edit != "" {
				failed[c.edit] = true
			}
		}
	}
	if cur != orig {
		fl.ShrunkFrom = describeSize(orig)
	}
}

// find returns the index of the entry with a finding of c with cause, or
// -1.
func (tr *trace) find(c *Check, cause string) int {
	for i := range tr.entries {
		if tr.entries[i].v.has(c, cause) {
			return i
		}
	}
	return -1
}

// A candidate is a smaller request to try.
type candidate struct {
	req  *Request
	doc  *docRef
	edit string // the header edit it makes, "drop x-request-id"; "" for a body's
}

// candidates returns requests one step smaller than r: each header line
// left out, a header name in canonical letter case, a value without
// surrounding space, the body's document shrunk.
func candidates(r *Request, d *docRef) []candidate {
	var out []candidate
	for i, f := range r.Header {
		c := r.clone()
		c.Header = slices.Delete(c.Header, i, i+1)
		out = append(out, candidate{c, d, "drop " + strings.ToLower(f.Name) + ": " + f.Value})
	}
	for i, f := range r.Header {
		if k := http.CanonicalHeaderKey(f.Name); k != f.Name {
			c := r.clone()
			c.Header[i].Name = k
			out = append(out, candidate{c, d, "name " + f.Name})
		}
		if t := trimOWS(f.Value); t != f.Value {
			c := r.clone()
			c.Header[i].Value = t
			out = append(out, candidate{c, d, "trim " + f.Name + ": " + f.Value})
		}
		if scheme, rest, ok := strings.Cut(f.Value, " "); ok && scheme != "Bearer" && strings.EqualFold(scheme, "bearer") {
			c := r.clone()
			c.Header[i].Value = "Bearer " + rest
			out = append(out, candidate{c, d, "scheme " + f.Value})
		}
	}
	if d != nil && d.shrink != nil {
		sh := d.shrink(d.doc)
		for n := 0; n < 40; n++ {
			v, ok := sh()
			if !ok {
				break
			}
			nd, ok := v.(crogen.Doc)
			if !ok {
				break
			}
			c := r.clone()
			c.Body = nd.JSON()
			out = append(out, candidate{c, &docRef{nd, d.shrink}, ""})
		}
	}
	return out
}

// describeSize says how big a request is: "6 headers and a 212-byte body".
func describeSize(r *Request) string {
	t := strconv.Itoa(len(r.Header)) + " header"
	if len(r.Header) != 1 {
		t += "s"
	}
	if n := r.bodyLen(); n > 0 {
		t += " and a " + strconv.Itoa(n) + "-byte body"
	}
	return t
}

// drawDoc draws one document from g, with its shrinker.
func (s *session) drawDoc(g gopter.Gen) (crogen.Doc, *docRef) {
	res := g(s.params)
	v, ok := res.Retrieve()
	d, _ := v.(crogen.Doc)
	if !ok {
		return d, nil
	}
	return d, &docRef{d, res.Shrinker}
}

// drawHeaders draws one header set from g.
func (s *session) drawHeaders(g gopter.Gen) crogen.HeaderSet {
	v, _ := g(s.params).Retrieve()
	hs, _ := v.(crogen.HeaderSet)
	return hs
}
