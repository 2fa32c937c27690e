package bench

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// BenchmarkPaired measures croschema-lint against one peer at a time in
// the same run, in short blocks of each, both orders in every pair of
// rounds (runPaired), so that whatever else the machine is doing slows both
// alike. On a shared machine the medians of separate runs drift by 20-40%;
// these ratios repeat within a few percent. Each sub-benchmark PEER/INPUT
// reports
//
//	speedup      the peer's time over the lint's: the lint's throughput as a
//	             multiple of the peer's (the median over the rounds)
//	lint-ns/doc  the lint's mean time per document
//	peer-ns/doc  the peer's mean time per document
//
// One iteration is one round of both blocks; ns/op is a round's time and
// says nothing by itself. Peers: ogen, encoding-json, json-v2 (with
// GOEXPERIMENT=jsonv2) and the limit, utf8-valid; inputs: the documented
// sample, 1 MB and 64 MB (see SizedContact).
func BenchmarkPaired(b *testing.B) {
	sizes := sizeInputs()
	inputs := []input{contactInputs(b)[0], sizes[2], sizes[3]}
	lint := Impls()[0]
	for _, peer := range benchImpls() {
		if !slices.Contains([]string{ImplOgen, ImplEncodingJSON, ImplJSONV2, ImplUTF8Valid}, peer.Name) {
			continue
		}
		b.Run(peer.Name, func(b *testing.B) {
			for _, in := range inputs {
				b.Run(in.name, func(b *testing.B) {
					benchPaired(b, lint, peer, in.docs[0])
				})
			}
		})
	}
}

// pairedBlock is the time a block aims at: long enough that reading the
// clock costs nothing, short enough that a burst of other load lands on
// both sides of a round.
const pairedBlock = 200 * time.Microsecond

// benchPaired runs rounds of a block of lint and a block of peer on doc
// and reports the median ratio of their times.
func benchPaired(b *testing.B, lint, peer Impl, doc []byte) {
	if len(doc) < 1<<10 { // the sample: both must accept it
		for _, im := range []Impl{lint, peer} {
			if err := im.Check(doc); err != nil {
				b.Fatalf("%s: %v", im.Name, err)
			}
		}
	}
	p := runPaired(b, []func(){
		func() { _ = lint.Check(doc) },
		func() { _ = peer.Check(doc) },
	})
	b.ReportMetric(p.ratio(1, 0), "speedup")
	b.ReportMetric(p.nsPerRun(0), "lint-ns/doc")
	b.ReportMetric(p.nsPerRun(1), "peer-ns/doc")
}

// pairedTimes are the times that runPaired measured.
type pairedTimes struct {
	perRun [][]float64     // [round][side]: the side's time per run in that round's block, in ns
	wall   []time.Duration // each side's total time
	cpu    []time.Duration // each side's total CPU time (cpuTime), garbage collection included
	runs   []int           // each side's total runs
}

// runPaired runs b's rounds (b.Loop): in each, a block of every side, each
// block as many runs of its side as take about pairedBlock. The order is
// shuffled every other round (the same sequence on every run) and reversed
// in the round after, so that every side runs late as often as early, and
// after each other side about as often as any other: whatever else the
// machine does, and the garbage one side leaves to the next, falls on all
// alike. With two sides, every pair of rounds runs both orders.
func runPaired(b *testing.B, sides []func()) *pairedTimes {
	n := make([]int, len(sides))
	for i, f := range sides {
		n[i] = blockLen(f)
	}
	p := &pairedTimes{
		wall: make([]time.Duration, len(sides)),
		cpu:  make([]time.Duration, len(sides)),
		runs: make([]int, len(sides)),
	}
	order := make([]int, len(sides))
	for i := range order {
		order[i] = i
	}
	r := rand.New(rand.NewPCG(1, uint64(len(sides))))
	for round := 0; b.Loop(); round++ {
		if round%2 == 0 {
			r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		} else {
			slices.Reverse(order)
		}
		perRun := make([]float64, len(sides))
		for _, side := range order {
			cpu := cpuTime()
			start := time.Now()
			for range n[side] {
				sides[side]()
			}
			t := time.Since(start)
			p.cpu[side] += time.Duration(cpuTime() - cpu)
			p.wall[side] += t
			p.runs[side] += n[side]
			perRun[side] = float64(t) / float64(n[side])
		}
		p.perRun = append(p.perRun, perRun)
	}
	return p
}

// ratio is the median over the rounds of side's time per run over base's.
func (p *pairedTimes) ratio(side, base int) float64 {
	ratios := make([]float64, len(p.perRun))
	for i, round := range p.perRun {
		ratios[i] = round[side] / round[base]
	}
	slices.Sort(ratios)
	return ratios[len(ratios)/2]
}

// nsPerRun is side's mean time per run.
func (p *pairedTimes) nsPerRun(side int) float64 {
	return float64(p.wall[side].Nanoseconds()) / float64(p.runs[side])
}

// cpuNsPerRun is side's mean CPU time per run.
func (p *pairedTimes) cpuNsPerRun(side int) float64 {
	return float64(p.cpu[side].Nanoseconds()) / float64(p.runs[side])
}

// blockLen is how many runs of f take about pairedBlock, at least one. It
// times doubling numbers of runs, after one to warm up, until they take an
// eighth of a block.
func blockLen(f func()) int {
	f()
	for runs := 1; ; runs *= 2 {
		start := time.Now()
		for range runs {
			f()
		}
		if d := time.Since(start); d >= pairedBlock/8 || runs >= 1<<20 {
			return max(1, int(int64(runs)*int64(pairedBlock)/int64(max(d, 1))))
		}
	}
}
