package check

import (
	"context"
	"math/rand"
	"net/http/httptest"
	"testing"
)

// recordTarget keeps every request it sends and the answer.
type recordTarget struct {
	Target
	reqs  []*Request
	resps []*Response
}

func (t *recordTarget) Do(ctx context.Context, r *Request) (*Response, error) {
	resp, err := t.Target.Do(ctx, r)
	if err == nil {
		t.reqs, t.resps = append(t.reqs, r), append(t.resps, resp)
	}
	return resp, err
}

// BenchmarkRun measures the requests a run judges per second against a
// conforming server (crohttp.Middleware over a store): in process and on
// loopback, whole runs (generate, send, judge) against the same server
// answering the same requests with no checker (server-only). The
// difference is the checker's cost; judge is its cost per answer alone
// (LintResponse, the exact status, error body and contact).
func BenchmarkRun(b *testing.B) {
	targets := []struct {
		name string
		new  func(b *testing.B) Target
	}{
		{"handler", func(*testing.B) Target { return NewHandlerTarget(conforming()) }},
		{"loopback", func(b *testing.B) Target {
			srv := httptest.NewServer(conforming())
			b.Cleanup(srv.Close)
			t, err := NewHTTPTarget(srv.URL, 0)
			if err != nil {
				b.Fatal(err)
			}
			return t
		}},
	}
	for _, tg := range targets {
		b.Run(tg.name, func(b *testing.B) {
			b.ReportAllocs()
			rep, err := Run(context.Background(), tg.new(b), testConfig(1, b.N))
			if err != nil || rep.Failed() || rep.Err != nil {
				b.Fatalf("%v %v %s", err, rep.Err, failuresText(rep))
			}
			b.ReportMetric(float64(rep.Requests)/b.Elapsed().Seconds(), "req/s")
		})
		b.Run(tg.name+"/server-only", func(b *testing.B) {
			rec := &recordTarget{Target: tg.new(b)}
			if _, err := Run(context.Background(), rec, testConfig(1, 2000)); err != nil {
				b.Fatal(err)
			}
			target := tg.new(b) // a fresh server: the same requests, the same answers
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := target.Do(context.Background(), rec.reqs[i%len(rec.reqs)]); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
		})
	}
	b.Run("judge", func(b *testing.B) {
		rec := &recordTarget{Target: NewHandlerTarget(conforming())}
		if _, err := Run(context.Background(), rec, testConfig(1, 2000)); err != nil {
			b.Fatal(err)
		}
		cfg := testConfig(1, 2000)
		if err := cfg.norm(); err != nil {
			b.Fatal(err)
		}
		// The same requests, in order, to a fresh server give the same
		// answers; the expectations are made as the run makes them. Then
		// only the judgement of each answer is timed.
		s := newSession(context.Background(), NewHandlerTarget(conforming()), cfg, rand.New(rand.NewSource(1)))
		exps := make([]expectation, len(rec.reqs))
		resps := make([]*Response, len(rec.reqs))
		for i, r := range rec.reqs {
			exps[i] = s.expect(r, nil)
			resp, err := s.target.Do(context.Background(), r)
			if err != nil {
				b.Fatal(err)
			}
			resps[i] = resp
			s.update(r, &exps[i], resp, nil)
		}
		s.seen = map[key]bool{} // each Create's id is new again
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			j := i % len(rec.reqs)
			if v := s.judge(rec.reqs[j], &exps[j], resps[j], nil); len(v.findings) > 0 && i < len(rec.reqs) {
				b.Fatalf("%s %s: %v", rec.reqs[j].Method, rec.reqs[j].Path, v.findings)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "answers/s")
	})
}
