package bench

import (
	"strings"
	"testing"
)

// BenchmarkServerPaired measures whole requests through every server of
// NewServers, crohttp and its peers in the same run, in blocks whose order
// changes from round to round (runPaired), so that the ratios hold on a
// loaded machine. Each request is served in process: ServeHTTP on a
// reusable sink, the request's body re-set each time (an exchange), no
// network. The sub-benchmarks are the requests of benchRequests:
// valid/get, valid/patch, valid/post, invalid/get (a bad x-tenant-id),
// invalid/patch and invalid/post (a bad boolean and an unknown key). Each
// reports
//
//	PEER/crohttp        the peer's time per request over crohttp's (the median
//	                    over the rounds): above 1, crohttp is faster
//	crohttp-ns/req      crohttp's mean time per request
//	crohttp-cpu-ns/req  crohttp's CPU time per request, garbage collection
//	                    included, which a loaded machine inflates much less
//	SERVER-allocs/req   each server's allocations per request
//	                    (testing.AllocsPerRun)
//
// One iteration is one round of a block of every server; ns/op is a
// round's time and says nothing by itself. Run it with
//
//	go test -run '^$' -bench BenchmarkServerPaired -benchtime=300x
func BenchmarkServerPaired(b *testing.B) {
	servers := newServers(b)
	requests := benchRequests(b)
	for _, kind := range []string{"valid", "invalid"} {
		b.Run(kind, func(b *testing.B) {
			for _, sr := range requests {
				if k, method, _ := strings.Cut(sr.name, "/"); k == kind {
					b.Run(method, func(b *testing.B) {
						benchServers(b, servers, sr, kind == "valid")
					})
				}
			}
		})
	}
}

// benchServers is one sub-benchmark of BenchmarkServerPaired: sr served by
// every server, whose answers must be 2xx when valid is set, else not.
func benchServers(b *testing.B, servers []Server, sr serverRequest, valid bool) {
	sides := make([]func(), len(servers))
	allocs := make([]float64, len(servers))
	for i, s := range servers {
		x := newExchange(s.Handler, sr)
		x.serve()
		if ok := x.w.status/100 == 2; ok != valid {
			b.Fatalf("%s: %s: status %d: %s", s.Name, sr.name, x.w.status, x.w.body)
		}
		sides[i] = x.serve
		allocs[i] = testing.AllocsPerRun(100, x.serve)
	}
	p := runPaired(b, sides) // servers[0] is crohttp
	for i, s := range servers {
		if i > 0 {
			b.ReportMetric(p.ratio(i, 0), s.Name+"/"+ServerCrohttp)
		}
		b.ReportMetric(allocs[i], s.Name+"-allocs/req")
	}
	b.ReportMetric(p.nsPerRun(0), ServerCrohttp+"-ns/req")
	b.ReportMetric(p.cpuNsPerRun(0), ServerCrohttp+"-cpu-ns/req")
}
