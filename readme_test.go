package croschema_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// goBlock is a fenced Go block of a Markdown file.
var goBlock = regexp.MustCompile("(?s)```go\n(.*?)```")

// TestDocsCodeIsTested keeps every Go block of README.md and docs/*.md
// true: each must stand, line for line (indentation aside), in a Go file
// of the repository, an Example or a test that runs it, or a file the
// examples module tests.
func TestDocsCodeIsTested(t *testing.T) {
	var sources []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != "." || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") {
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			sources = append(sources, unindent(string(src)))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	docs, _ := filepath.Glob("docs/*.md")
	blocks := 0
	for _, doc := range append([]string{"README.md"}, docs...) {
		data, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range goBlock.FindAllStringSubmatch(string(data), -1) {
			blocks++
			code := unindent(b[1])
			found := false
			for _, src := range sources {
				if strings.Contains(src, code) {
					found = true
					break
				}
			}
			if !found {
				t.Errorf("%s: this Go block is in no Go file of the repository, so nothing tests it:\n%s", doc, b[1])
			}
		}
	}
	if blocks < 5 {
		t.Errorf("only %d Go blocks in README.md and docs/: the test reads the wrong files", blocks)
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
