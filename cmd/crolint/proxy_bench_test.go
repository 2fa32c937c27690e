//go:build unix

package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/croschema/croschema/crotest"
)

// BenchmarkProxy measures what crolint proxy adds to a GET of a contact,
// against a bare httputil.ReverseProxy on the same loopback target (the
// mock that crolint serve runs). Each sub-benchmark is paired: its rounds
// alternate a block of requests sent to the target directly with a block
// sent through the proxy, so that both see the same machine at the same
// moment, and it reports the proxy's added cost:
//
//   - added-p50-µs, added-p99-µs: the proxy's latency percentiles less the
//     direct ones, as the client sees them;
//   - added-cpu-µs/req: the process's CPU time per request (user and
//     system, every goroutine: client, proxy and target) less the direct
//     requests' CPU time per request.
//
// c=8 runs eight clients at once. The crolint proxy writes its records to
// a buffered io.Discard: the cost of formatting them is counted, not that
// of a terminal.
//
//	go test ./cmd/crolint -run '^$' -bench BenchmarkProxy -benchtime 20000x -count 1
func BenchmarkProxy(b *testing.B) {
	target := httptest.NewServer(crotest.NewMock(crotest.WithSample()))
	defer target.Close()
	u, err := url.Parse(target.URL)
	if err != nil {
		b.Fatal(err)
	}

	bare := httptest.NewServer(bareProxy(u))
	defer bare.Close()

	c := &command{stdout: bufio.NewWriterSize(io.Discard, 64<<10), stderr: io.Discard}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	d := c.newDaemonContext(ctx, defaultTimeouts)
	ours := httptest.NewServer(newProxy(proxyOptions{target: u}, d))
	defer ours.Close()

	for _, clients := range []int{1, 8} {
		for _, p := range []struct {
			name string
			url  string
		}{{"bare", bare.URL}, {"crolint", ours.URL}} {
			b.Run(p.name+"/c="+strconv.Itoa(clients), func(b *testing.B) {
				benchProxy(b, clients, target.URL, p.url, bare.URL)
			})
		}
	}
}

// bareProxy is the least a reverse proxy to u does: httputil.ReverseProxy
// with a transport configured as crolint proxy's.
func bareProxy(u *url.URL) http.Handler {
	return &httputil.ReverseProxy{
		Rewrite:       func(pr *httputil.ProxyRequest) { pr.SetURL(u) },
		Transport:     &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true, ForceAttemptHTTP2: true},
		FlushInterval: -1,
	}
}

// proxyBlock is the number of requests of one block of a round.
const proxyBlock = 64

// benchProxy sends b.N requests through proxyURL and as many to
// targetURL, alternating blocks of proxyBlock requests, and reports the
// proxy's added latency and CPU. When proxyURL is not bareURL, the rounds
// also send a block through bareURL, and it reports the ratio of the
// proxy's added CPU to the bare proxy's (cpu-x-bare).
func benchProxy(b *testing.B, clients int, targetURL, proxyURL, bareURL string) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}}
	defer client.CloseIdleConnections()
	const path = "/customers/1/contacts/1"
	send := func(base string) time.Duration {
		req, err := http.NewRequest(http.MethodGet, base+path, nil)
		if err != nil {
			b.Fatal(err)
		}
		req.Header = okHeader()
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			b.Error(err)
			return 0
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		took := time.Since(start)
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Errorf("GET %s%s: %d %v", base, path, resp.StatusCode, err)
		}
		return took
	}
	// Warm both paths: connections are open before the clock starts.
	for range 2 * clients {
		send(targetURL)
		send(proxyURL)
	}

	var direct, proxied, bare side
	b.ResetTimer()
	for done := 0; done < b.N; done += proxyBlock {
		n := min(proxyBlock, b.N-done)
		direct.block(n, clients, func() time.Duration { return send(targetURL) })
		proxied.block(n, clients, func() time.Duration { return send(proxyURL) })
		if proxyURL != bareURL {
			bare.block(n, clients, func() time.Duration { return send(bareURL) })
		}
	}
	b.StopTimer()
	if proxyURL != bareURL {
		b.ReportMetric(float64(proxied.cpuPerRequest()-direct.cpuPerRequest())/float64(bare.cpuPerRequest()-direct.cpuPerRequest()), "cpu-x-bare")
	}
	b.ReportMetric(float64(proxied.percentile(50)-direct.percentile(50))/1e3, "added-p50-µs")
	b.ReportMetric(float64(proxied.percentile(99)-direct.percentile(99))/1e3, "added-p99-µs")
	b.ReportMetric(float64(proxied.cpuPerRequest()-direct.cpuPerRequest())/1e3, "added-cpu-µs/req")
	b.ReportMetric(float64(direct.cpuPerRequest())/1e3, "direct-cpu-µs/req")
}

// side holds the latencies and the CPU time of one side of a benchmark.
type side struct {
	latencies []time.Duration
	cpu       time.Duration
}

// block runs n calls of send on clients goroutines and adds their
// latencies and the process's CPU time over the block to s.
func (s *side) block(n, clients int, send func() time.Duration) {
	took := make([]time.Duration, n)
	before := processCPU()
	var wg sync.WaitGroup
	for w := range clients {
		wg.Go(func() {
			for i := w; i < n; i += clients {
				took[i] = send()
			}
		})
	}
	wg.Wait()
	s.cpu += processCPU() - before
	s.latencies = append(s.latencies, took...)
}

// percentile returns the p-th percentile of the latencies (nearest rank).
func (s *side) percentile(p int) time.Duration {
	if len(s.latencies) == 0 {
		return 0
	}
	slices.Sort(s.latencies)
	i := (len(s.latencies)*p + 99) / 100
	return s.latencies[max(i-1, 0)]
}

func (s *side) cpuPerRequest() time.Duration {
	if len(s.latencies) == 0 {
		return 0
	}
	return s.cpu / time.Duration(len(s.latencies))
}

// processCPU returns the CPU time the process has used, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
