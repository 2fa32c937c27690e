package crotest

import (
	"context"
	"net/http"
	"testing"

	"github.com/croschema/croschema/internal/check"
)

// FuzzHandler is the fuzz target of a server of the API, for a user's
// FuzzXxx:
//
//	func FuzzServer(f *testing.F) {
//		crotest.FuzzHandler(f, newServer())
//	}
//
// It maps each input of go test -fuzz to a short sequence of requests, as
// a structure-aware fuzzer does (go-fuzz-headers, Hypothesis): the bytes
// are read as the choices of the same generators Conformance uses, so that
// the fuzzer's coverage-guided mutations explore valid documents and
// one-rule breaks from crogen, header sets, paths, PATCH's set, null and
// omitted keys and the order of the status table, rather than random
// bytes. The first byte gives the number of probes (1 to 8); each answer
// is judged by Conformance's checks, and a failure fails the input with
// the report (the smallest request found, expected and got, curl). Go
// saves a failing input in testdata/fuzz/FuzzXxx, and it replays as the
// same requests: go test -run FuzzXxx/NAME.
//
// The seed corpus it adds (the empty input and one input per kind of
// probe) makes a plain go test run a quick conformance test. h is shared
// by the inputs: it must answer each input's requests the same whatever
// earlier inputs did (the checks create their own contacts, and read and
// change only those and ids no server gives). The options are
// Conformance's; WithRequests bounds the requests of one input (default
// 40).
func FuzzHandler(f *testing.F, h http.Handler, opts ...CheckOption) {
	f.Helper()
	cfg, err := newCheckConfig(40, opts)
	if err != nil {
		f.Fatalf("crotest: FuzzHandler: %v", err)
	}
	seeds, err := check.FuzzSeeds(cfg)
	if err != nil {
		f.Fatalf("crotest: FuzzHandler: %v", err)
	}
	for _, s := range seeds {
		f.Add(s)
	}
	target := check.NewHandlerTarget(h)
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := check.Fuzz(context.Background(), target, cfg, data)
		if err != nil {
			t.Fatalf("crotest: FuzzHandler: %v", err)
		}
		if rep.Failed() || rep.Err != nil {
			t.Fatalf("crotest: the server does not conform:\n%s", rep.FailuresText())
		}
	})
}
