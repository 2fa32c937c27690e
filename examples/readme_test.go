package examples_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/examples/internal/conformance"
)

// TestReadmeShowsTheExamples keeps the code of the README's "Use it with
// gin / echo / chi" section equal to the examples' code: each block is in
// one of the servers, line for line (indentation aside).
func TestReadmeShowsTheExamples(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Use it with gin / echo / chi\n")
	if !ok {
		t.Fatal(`README.md has no "Use it with gin / echo / chi" section`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	var sources []string
	for _, name := range []string{"chiserver/server.go", "ginserver/server.go", "echoserver/server.go"} {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, unindent(string(src)))
	}
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllStringSubmatch(section, -1)
	if len(blocks) < 5 {
		t.Fatalf("the section has %d Go blocks, want at least 5", len(blocks))
	}
	for _, b := range blocks {
		code := unindent(b[1])
		found := false
		for _, src := range sources {
			found = found || strings.Contains(src, code)
		}
		if !found {
			t.Errorf("README.md's block is in none of the examples:\n%s", b[1])
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

// TestReadmeBindingMisses: the README says binding alone answers 200
// where the API answers 400 in exactly four cases, with these codes, and
// otherwise differs only in the error body of a body that does not decode.
func TestReadmeBindingMisses(t *testing.T) {
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
		case tc.Status == 400 && tc.Binding.Status == 400 && len(vs) > 1 && vs[0].Code == croschema.CodeType:
			// The decoder stopped at the type violation.
		default:
			t.Errorf("%s: a Binding answer the README does not explain: %d for %v", tc.Name, tc.Binding.Status, vs)
		}
	}
	if len(got) != len(want) {
		t.Errorf("binding misses %v, README.md says %v", got, want)
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
