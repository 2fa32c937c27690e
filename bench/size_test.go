package bench

import (
	"errors"
	"testing"

	"github.com/croschema/croschema"
)

// TestSizedContact checks the documents of BenchmarkContactSize: exactly
// their size, valid JSON, and valid up to 1 KB; above, exactly the three
// max_length violations that SizedContact documents.
func TestSizedContact(t *testing.T) {
	for _, in := range sizeInputs() {
		doc := in.docs[0]
		want := map[string]int{"1KB": 1 << 10, "64KB": 64 << 10, "1MB": 1 << 20, "64MB": 64 << 20}[in.name]
		if len(doc) != want {
			t.Errorf("%s: %d bytes, want %d", in.name, len(doc), want)
		}
		_, err := croschema.LintContact(doc)
		if in.name == "1KB" {
			if err != nil {
				t.Errorf("%s: LintContact: %v", in.name, err)
			}
			continue
		}
		var vs croschema.Violations
		if !errors.As(err, &vs) || len(vs) != 3 ||
			!vs.Has("/email", croschema.CodeMaxLength) || !vs.Has("/name", croschema.CodeMaxLength) || !vs.Has("/number", croschema.CodeMaxLength) {
			t.Errorf("%s: LintContact: %v, want max_length for email, name and number", in.name, err)
		}
	}
}
