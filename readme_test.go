package croschema_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadmeShowsExampleLintContact keeps the README's "Use it from Go"
// code, which says it is ExampleLintContact, equal to that Example's body,
// output included.
func TestReadmeShowsExampleLintContact(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	_, section, ok := strings.Cut(string(readme), "## Use it from Go\n")
	require.True(t, ok, `README.md has no "Use it from Go" section`)
	_, code, _ := strings.Cut(section, "```go\n")
	code, _, _ = strings.Cut(code, "```\n")
	require.Contains(t, section, "This is `ExampleLintContact` in `example_test.go`")

	src, err := os.ReadFile("example_test.go")
	require.NoError(t, err)
	_, body, ok := strings.Cut(string(src), "\nfunc ExampleLintContact() {\n")
	require.True(t, ok, "example_test.go has no ExampleLintContact")
	body, _, _ = strings.Cut(body, "\n}\n")
	var lines []string
	for _, l := range strings.Split(body, "\n") {
		lines = append(lines, strings.TrimPrefix(l, "\t"))
	}
	assert.Equal(t, strings.Join(lines, "\n")+"\n", code, "README.md's code is not ExampleLintContact's body")
}
