package crohttp_test

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeShowsTheExample keeps the README's "Serve the API" server equal
// to the one Example runs.
func TestReadmeShowsTheExample(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile("middleware_example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "## Serve the API\n")
	if !ok {
		t.Fatal(`README.md has no "Serve the API" section`)
	}
	_, code, _ := strings.Cut(section, "```go\n")
	code, _, _ = strings.Cut(code, "\n// main, in short:\n")
	if !strings.Contains(string(example), "\n"+code+"\n") || len(code) < 500 {
		t.Errorf("README.md's server is not the one in middleware_example_test.go:\n%s", code)
	}
	for _, want := range []string{"server := crohttp.Middleware()(&contacts{m: map[int64][]croschema.CustomerContact{}})"} {
		if !strings.Contains(section, want) || !strings.Contains(string(example), want) {
			t.Errorf("%q is not in both README.md and the Example", want)
		}
	}
}
