package bench

import (
	"slices"
	"testing"
	"time"
)

// BenchmarkPaired measures croschema-lint against one peer at a time in
// the same run, in alternating short blocks (lint, peer, peer, lint, ...),
// so that whatever else the machine is doing slows both alike. On a shared
// machine the medians of separate runs drift by 20-40%; these ratios repeat
// within a few percent. Each sub-benchmark PEER/INPUT reports
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

// benchPaired runs rounds of a block of lint and a block of peer on doc,
// the order alternating, and reports the median ratio of their times.
func benchPaired(b *testing.B, lint, peer Impl, doc []byte) {
	if len(doc) < 1<<10 { // the sample: both must accept it
		for _, im := range []Impl{lint, peer} {
			if err := im.Check(doc); err != nil {
				b.Fatalf("%s: %v", im.Name, err)
			}
		}
	}
	impls := [2]Impl{lint, peer}
	n := [2]int{blockLen(lint, doc), blockLen(peer, doc)}
	var ratios []float64
	var total [2]time.Duration
	round := 0
	for b.Loop() {
		var perDoc [2]float64
		for k := range 2 {
			side := (k + round) % 2 // 0: lint, 1: peer; the order alternates
			start := time.Now()
			for range n[side] {
				impls[side].Check(doc)
			}
			t := time.Since(start)
			total[side] += t
			perDoc[side] = float64(t) / float64(n[side])
		}
		ratios = append(ratios, perDoc[1]/perDoc[0])
		round++
	}
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], "speedup")
	b.ReportMetric(float64(total[0].Nanoseconds())/float64(round*n[0]), "lint-ns/doc")
	b.ReportMetric(float64(total[1].Nanoseconds())/float64(round*n[1]), "peer-ns/doc")
}

// blockLen is how many runs of im on doc take about pairedBlock, at least one.
func blockLen(im Impl, doc []byte) int {
	im.Check(doc) // warm up
	start := time.Now()
	im.Check(doc)
	d := time.Since(start)
	return max(1, int(pairedBlock/max(d, 1)))
}
