package examples_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/examples/internal/conformance"
)

// TestDocsShowTheExamples keeps the code of docs/frameworks.md equal to the
// examples' code: each block is in one of the servers, line for line
// (indentation aside).
func TestDocsShowTheExamples(t *testing.T) {
	doc, err := os.ReadFile("../docs/frameworks.md")
	if err != nil {
		t.Fatal(err)
	}
	var sources []string
	for _, name := range []string{"chiserver/server.go", "ginserver/server.go", "ginserver/binding.go",
		"echoserver/server.go", "echoserver/binding.go"} {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, unindent(string(src)))
	}
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllStringSubmatch(string(doc), -1)
	if len(blocks) < 4 {
		t.Fatalf("docs/frameworks.md has %d Go blocks, want at least 4", len(blocks))
	}
	for _, b := range blocks {
		code := unindent(b[1])
		found := false
		for _, src := range sources {
			found = found || strings.Contains(src, code)
		}
		if !found {
			t.Errorf("docs/frameworks.md's block is in none of the examples:\n%s", b[1])
		}
	}
}

// unindent trims the leading white space of every line.
func unindent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimLeft(l, " \t")
	}
	return strings.Join(lines, "\n")
}

// TestDocsBindingMisses: docs/frameworks.md says binding answers 200
// where the API answers 400 in exactly four cases, with these codes, and
// otherwise differs only where decoding stops early (a body that does not
// decode, or a value rule before the Create's missing name) or where the
// middleware answers the headers before the handler sees the body.
func TestDocsBindingMisses(t *testing.T) {
	want := map[croschema.Code]bool{croschema.CodeUnknownField: true, croschema.CodeDuplicateKey: true,
		croschema.CodeInvalidUTF8: true, croschema.CodeSyntax: true}
	got := map[croschema.Code]bool{}
	for _, tc := range conformance.Cases {
		if tc.Binding == nil {
			continue
		}
		vs, _ := croschema.ModelUpdateCustomerContact.Lint([]byte(tc.Body)).(croschema.Violations)
		switch {
		case tc.Status == 400 && tc.Binding.Status == 200 && len(vs) == 1:
			got[vs[0].Code] = true
		case tc.Status == 400 && tc.Binding.Status == 400 && tc.Binding.Resp != tc.Resp:
			// The same status, a shorter error body: decoding or the
			// middleware stopped before the rest was seen.
		default:
			t.Errorf("%s: a Binding answer docs/frameworks.md does not explain: %d for %v", tc.Name, tc.Binding.Status, vs)
		}
	}
	if len(got) != len(want) {
		t.Errorf("binding misses %v, docs/frameworks.md says %v", got, want)
	}
	for c := range want {
		if !got[c] {
			t.Errorf("no case shows that binding misses %s", c)
		}
	}
}

// TestEveryEndpointHasACase: the conformance table shows every endpoint's
// success, so that each example is tested on every route.
func TestEveryEndpointHasACase(t *testing.T) {
	if missing := conformance.Succeeds(); len(missing) > 0 {
		t.Errorf("no case of the conformance table succeeds on %v: add one", missing)
	}
}
