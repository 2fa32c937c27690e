package bench

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/croschema/croschema"
)

// violationCounts are the sub-benchmarks of BenchmarkViolations.
var violationCounts = []int{1, 10, 100, 1000}

// unknownKeysBody is an Update body of n unknown keys,
// {"unknown0":0,"unknown1":0,...}: n unknown_field violations and nothing
// else. (Bad values cannot make many violations: an Update has nine keys,
// and a key given twice is a duplicate_key violation.)
func unknownKeysBody(n int) []byte {
	b := []byte{'{'}
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `"unknown`...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, `":0`...)
	}
	return append(b, '}')
}

// violationsExchange is crohttp's server answering the PATCH of
// unknownKeysBody(n), after checking that LintUpdateContact reports
// exactly n unknown_field violations and that the server answers 400 with
// every one of them in the error body's explanation.
func violationsExchange(tb testing.TB, n int) *exchange {
	tb.Helper()
	body := unknownKeysBody(n)
	_, err := croschema.LintUpdateContact(body)
	var vs croschema.Violations
	if !errors.As(err, &vs) || len(vs) != n {
		tb.Fatalf("LintUpdateContact(%d unknown keys): %d violations, want %d: %v", n, len(vs), n, err)
	}
	for i, v := range vs {
		if want := "/unknown" + strconv.Itoa(i); v.Code != croschema.CodeUnknownField || v.Location != want {
			tb.Fatalf("LintUpdateContact(%d unknown keys): violation %d is %v, want unknown_field at %s", n, i, v, want)
		}
	}
	x := newExchange(newCrohttpServer(storedContact(tb)), newServerRequest(tb, "", http.MethodPatch, contactTarget, body))
	x.serve()
	e, err := croschema.LintAPIError(x.w.body)
	if x.w.status != http.StatusBadRequest || err != nil {
		tb.Fatalf("%d unknown keys: status %d, want 400 with the API's error body: %v", n, x.w.status, err)
	}
	if got := strings.Count(e.Explanation.String, string(croschema.CodeUnknownField)); n > 1 && got != n {
		tb.Fatalf("%d unknown keys: the explanation names %d unknown_field violations", n, got)
	}
	return x
}

// TestViolationBodies checks the inputs of BenchmarkViolations.
func TestViolationBodies(t *testing.T) {
	for _, n := range violationCounts {
		violationsExchange(t, n)
	}
}

// BenchmarkViolations measures how the cost of an invalid request grows
// with its violations: an Update body of 1, 10, 100 and 1,000 unknown keys
// (unknownKeysBody; 1,000 is MaxViolations, every one reported), checked
//
//	lint        by croschema.LintUpdateContact alone
//	middleware  as the body of a PATCH through crohttp.Middleware, which
//	            answers 400 with every violation in the error body
//
// Each reports ns/op, B/op, allocs/op and ns/violation, ns/op over the
// violations. Run it with
//
//	go test -run '^$' -bench BenchmarkViolations -benchmem
func BenchmarkViolations(b *testing.B) {
	for _, n := range violationCounts {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			x := violationsExchange(b, n)
			b.Run("lint", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := croschema.LintUpdateContact(x.data); err == nil {
						b.Fatal("LintUpdateContact accepts unknown keys")
					}
				}
				reportPerViolation(b, n)
			})
			b.Run("middleware", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					x.serve()
				}
				if x.w.status != http.StatusBadRequest {
					b.Fatalf("status %d, want 400", x.w.status)
				}
				reportPerViolation(b, n)
			})
		})
	}
}

func reportPerViolation(b *testing.B, n int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/violation")
}
