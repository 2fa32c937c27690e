package crohttp_test

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeShowsTheClientExamples keeps the code of the README's "Use it
// from a client" equal to the Examples that run it: each block, indented
// one tab deeper, is in client_example_test.go or transport_example_test.go.
func TestReadmeShowsTheClientExamples(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var examples string
	for _, name := range []string{"client_example_test.go", "transport_example_test.go"} {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		examples += string(data)
	}
	_, section, ok := strings.Cut(string(readme), "## Use it from a client\n")
	if !ok {
		t.Fatal(`README.md has no "Use it from a client" section`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	blocks := strings.Split(section, "```go\n")[1:]
	if len(blocks) != 2 {
		t.Fatalf("README.md's client section has %d Go blocks, want 2", len(blocks))
	}
	for _, b := range blocks {
		code, _, _ := strings.Cut(b, "```\n")
		var indented strings.Builder
		for _, line := range strings.SplitAfter(code, "\n") {
			if line != "\n" && line != "" {
				indented.WriteByte('\t')
			}
			indented.WriteString(line)
		}
		if len(code) < 100 || !strings.Contains(examples, "\n"+indented.String()) {
			t.Errorf("README.md's code is not in an Example:\n%s", code)
		}
	}
}
