package croschema_test

import (
	"testing"

	"github.com/croschema/croschema"
)

// The root package's own benchmarks; the comparative ones live in bench/.

func BenchmarkLintContactSample(b *testing.B) {
	doc := docWith("", "")
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := croschema.LintContact(doc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkValidateSample(b *testing.B) {
	c, err := croschema.LintContact(docWith("", ""))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if c.Validate() != nil {
			b.Fatal("invalid")
		}
	}
}
