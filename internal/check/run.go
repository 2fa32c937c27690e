package check

import (
	"context"
	"errors"
	"hash/fnv"
	"math/rand"
	"net/http"
	"slices"
	"strconv"
)

// judgeOnly are the checks that no scenario sends requests for: they
// judge every answer.
var judgeOnly = []*Check{NoServerError, ResponseHeaders, HeaderEcho, CORS, WWWAuthenticate, ErrorBody,
	ErrorField, ErrorExact, SuccessBody, NoTokenEcho}

// Run drives target with generated requests as cfg says and judges every
// answer. It returns an error only for a Config it cannot run; a run that
// could not reach the server, or whose main token the server refuses, has
// Report.Err set.
//
// The run sends, one at a time: a GET of a contact no server created
// (which must be 404: it also tells whether the token and tenant are
// accepted), then the cover of every selected check (each of its cases
// once, the checks interleaved so that a small budget still reaches each
// of them), then random probes of the selected checks until the request
// or time budget ends. A new failure is shrunk at once, by replaying
// smaller requests. Every choice comes from cfg.Seed.
func Run(ctx context.Context, target Target, cfg Config) (*Report, error) {
	if err := cfg.norm(); err != nil {
		return nil, err
	}
	if cfg.Duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cfg.Duration)
		defer cancel()
	}
	s := newSession(ctx, target, cfg, rand.New(rand.NewSource(cfg.Seed)))
	s.preflight()
	if s.err == nil && s.stopped == "" {
		s.cover()
		s.randomPhase()
	}
	return s.report(), nil
}

// runs reports whether the scenario of check c sends its requests: it is
// selected, or only checks that judge every answer are.
func (s *session) runs(c *Check) bool {
	if s.enabled(c) {
		return true
	}
	for _, sc := range scenarios {
		if s.enabled(sc.check) {
			return false
		}
	}
	return true
}

// runnable returns the scenarios the run sends requests for.
func (s *session) runnable() []*scenario {
	var out []*scenario
	for _, sc := range scenarios {
		if s.runs(sc.check) && (sc.needs == nil || sc.needs(s) == "") {
			out = append(out, sc)
		}
	}
	return out
}

// preflight GETs a contact no server created with the main token: the
// answer must be 404, and a 401 or 403 means the server does not take the
// token or tenant, which no check can judge past.
func (s *session) preflight() {
	tr := &trace{}
	r := s.get(s.never())
	en, ok := s.exchange(tr, r, ContactNotFound, "")
	if !ok {
		return
	}
	if en.resp != nil && (en.resp.Status == http.StatusUnauthorized || en.resp.Status == http.StatusForbidden) {
		s.err = &SetupError{Status: en.resp.Status, Body: gotText(en.resp)}
		s.stopped = "a setup error"
	}
	s.record(tr, &probe{check: ContactNotFound}, r)
}

// SetupError is the error of a run whose server refuses a valid request
// with the main token: the token or the tenant is not one it takes.
type SetupError struct {
	Status int
	Body   string
}

func (e *SetupError) Error() string {
	return "the server answers " + strconv.Itoa(e.Status) + " to a valid GET with the main token and tenant " +
		"(check -token and -tenant): " + e.Body
}

// cover runs the cover of every runnable scenario, interleaved: the first
// case of each, then the second of each, and so on.
func (s *session) cover() {
	var lists [][]*probe
	for _, sc := range s.runnable() {
		lists = append(lists, sc.cover(s))
	}
	for i := 0; s.stopped == ""; i++ {
		more := false
		for _, l := range lists {
			if i < len(l) && s.stopped == "" {
				more = true
				s.runProbe(l[i])
			}
		}
		if !more {
			return
		}
	}
}

// randomPhase runs random probes of the runnable scenarios, picked by
// weight, until the run stops.
func (s *session) randomPhase() {
	var scs []*scenario
	total := 0
	for _, sc := range s.runnable() {
		if sc.random != nil && sc.weight > 0 {
			scs = append(scs, sc)
			total += sc.weight
		}
	}
	for misses := 0; s.stopped == "" && misses < 50; {
		if total == 0 {
			break
		}
		before := s.sent
		if p := s.pick(scs, total).random(s); p != nil {
			s.runProbe(p)
		}
		if s.sent == before {
			misses++
		} else {
			misses = 0
		}
	}
	if s.stopped == "" {
		s.stopped = "nothing left to try"
	}
}

func (s *session) pick(scs []*scenario, total int) *scenario {
	w := s.rng.Intn(total)
	for _, sc := range scs {
		if w < sc.weight {
			return sc
		}
		w -= sc.weight
	}
	return scs[len(scs)-1]
}

// report returns what the run found.
func (s *session) report() *Report {
	r := &Report{
		Seed: s.cfg.Seed, Requests: s.sent, Shrinking: s.shrinks, Elapsed: s.now().Sub(s.start),
		Stopped: s.stopped, Err: s.err, Failures: s.failures, target: s.target, cfg: s.cfg,
	}
	runnable := s.runnable()
	for _, c := range checks {
		res := *s.counts[c]
		switch {
		case !s.enabled(c):
			res.Skipped = "not selected"
		case res.Passed+res.Failed > 0:
		default:
			res.Skipped = "no answer it judges"
			for _, sc := range scenarios {
				if sc.check == c && sc.needs != nil {
					if why := sc.needs(s); why != "" {
						res.Skipped = why
					}
				}
			}
			if res.Skipped == "no answer it judges" && !slices.Contains(judgeOnly, c) &&
				!slices.ContainsFunc(runnable, func(sc *scenario) bool { return sc.check == c }) {
				res.Skipped = "not run"
			}
			if (res.Skipped == "no answer it judges" || res.Skipped == "not run") &&
				(s.stopped == "its request budget" || s.stopped == "its time budget") {
				res.Skipped += " (the run ended at " + s.stopped + ")"
			}
		}
		for _, f := range s.failures {
			if f.Check == c && res.Failed == 0 {
				res.Failed = f.Count // found only while shrinking another failure
			}
		}
		r.Results = append(r.Results, res)
	}
	return r
}

// Fuzz runs the requests that data decodes to against target, as one
// input of a fuzz test: data is read as the run's choices (bytes, four at
// a time, as the random numbers of every generator, then numbers seeded
// by the input), so that a fuzzer's coverage-guided
// mutations of data explore valid documents and one-rule breaks from
// crogen, headers, paths and PATCH states, not random bytes. The first
// byte gives the number of probes (1 to 8), then each probe's scenario and
// request are drawn. Each answer is judged as Run judges it, and a failure
// is shrunk. cfg.Requests bounds the requests (shrinking included; < 1:
// 200); Rate and Duration do not apply. The same data gives the same
// requests.
func Fuzz(ctx context.Context, target Target, cfg Config, data []byte) (*Report, error) {
	if cfg.Requests < 1 {
		cfg.Requests = 200
	}
	cfg.Duration, cfg.Rate = 0, 0
	if err := cfg.norm(); err != nil {
		return nil, err
	}
	src := newByteSource(data)
	s := newSession(ctx, target, cfg, rand.New(src))
	s.fuzz = true
	n := 1
	if len(data) > 0 {
		n = 1 + int(data[0])%8
		src.pos = 1
	}
	scs := fuzzScenarios(s)
	for i := 0; i < n && s.stopped == "" && len(scs) > 0; i++ {
		sc := scs[s.rng.Intn(len(scs))]
		if p := sc.random(s); p != nil {
			s.runProbe(p)
		}
	}
	if s.stopped == "" {
		s.stopped = "the end of the input"
	}
	return s.report(), nil
}

// FuzzSeeds returns inputs for a fuzz test's seed corpus: the empty input,
// and for each scenario Fuzz can draw under cfg one input that runs one
// probe of it. They give the fuzzer a start in every part of the API.
func FuzzSeeds(cfg Config) ([][]byte, error) {
	if err := cfg.norm(); err != nil {
		return nil, err
	}
	s := newSession(context.Background(), nil, cfg, nil)
	n := len(fuzzScenarios(s))
	seeds := [][]byte{{}}
	for i := range n {
		// One probe (the first byte, 0), then the scenario: Intn reads
		// the top 31 bits of the 4 bytes' number.
		v := uint32(2 * i)
		seeds = append(seeds, []byte{0, byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
	}
	return seeds, nil
}

// fuzzScenarios are the scenarios Fuzz draws from.
func fuzzScenarios(s *session) []*scenario {
	var scs []*scenario
	for _, sc := range s.runnable() {
		if sc.random != nil {
			scs = append(scs, sc)
		}
	}
	return scs
}

// byteSource is a rand.Source that reads its numbers from fuzz input:
// four bytes a number, spread over the 63 bits so that both the high bits
// (Int31n) and the low bits (masks) depend on them. When the input ends it
// goes on with a generator seeded by the whole input (crogen's generators
// draw until they get a value they can use, which zeros alone may never
// give), so the same input still gives the same numbers.
type byteSource struct {
	data  []byte
	pos   int
	state uint64 // splitmix64, once the input has ended
}

func newByteSource(data []byte) *byteSource {
	h := fnv.New64a()
	h.Write(data)
	return &byteSource{data: data, state: h.Sum64()}
}

func (b *byteSource) Int63() int64 {
	if b.pos >= len(b.data) {
		b.state += 0x9e3779b97f4a7c15
		z := b.state
		z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
		z = (z ^ z>>27) * 0x94d049bb133111eb
		return int64((z ^ z>>31) >> 1)
	}
	var v uint32
	for i := 0; i < 4; i++ {
		v <<= 8
		if b.pos < len(b.data) {
			v |= uint32(b.data[b.pos])
			b.pos++
		}
	}
	return int64(v)<<31 ^ int64(v>>1) // 32 bits on top, 31 below
}

func (b *byteSource) Seed(int64) {}

// IsSetupError reports whether err is a connection or setup error: the
// run could not judge the server.
func IsSetupError(err error) bool {
	var c *ConnError
	var se *SetupError
	return errors.As(err, &c) || errors.As(err, &se)
}
