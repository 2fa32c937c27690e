package bench

import (
	"testing"

	"github.com/croschema/croschema"
)

// benchImpls is what the benchmarks run: every implementation, then the
// limit, utf8-valid.
func benchImpls() []Impl { return append(Impls(), UTF8Valid) }

// BenchmarkContact runs every implementation on the documented sample and
// on 64 generated valid documents (cycled through; MB/s is over their mean
// size). Each iteration checks one whole document from its bytes.
func BenchmarkContact(b *testing.B) {
	inputs := contactInputs(b)
	for _, im := range benchImpls() {
		b.Run(im.Name, func(b *testing.B) {
			for _, in := range inputs {
				b.Run(in.name, func(b *testing.B) {
					benchCheck(b, im, in, true)
				})
			}
		})
	}
}

// BenchmarkContactSize runs every implementation on documents of 1 KB
// (valid), 64 KB, 1 MB and 64 MB (each with three max_length violations;
// see SizedContact), to show how the cost grows with the input. The names
// are IMPL/SIZE, such as croschema-lint/1MB, json-v2/64MB, utf8-valid/1MB.
func BenchmarkContactSize(b *testing.B) {
	inputs := sizeInputs()
	for _, im := range benchImpls() {
		b.Run(im.Name, func(b *testing.B) {
			for _, in := range inputs {
				b.Run(in.name, func(b *testing.B) {
					benchCheck(b, im, in, in.name == "1KB")
				})
			}
		})
	}
}

// benchCheck runs im on the documents of in, in turn; when valid is set
// every document must pass.
func benchCheck(b *testing.B, im Impl, in input, valid bool) {
	b.SetBytes(in.bytesPerDoc())
	b.ReportAllocs()
	docs := in.docs
	i := 0
	for b.Loop() {
		err := im.Check(docs[i])
		if valid && err != nil {
			b.Fatalf("%s: %v", im.Name, err)
		}
		if i++; i == len(docs) {
			i = 0
		}
	}
}

// BenchmarkValidate measures CustomerContact.Validate alone on decoded
// valid contacts: the sample, and the 64 generated documents in turn.
func BenchmarkValidate(b *testing.B) {
	for _, in := range contactInputs(b) {
		contacts := make([]croschema.CustomerContact, len(in.docs))
		for i, doc := range in.docs {
			c, err := croschema.LintContact(doc)
			if err != nil {
				b.Fatal(err)
			}
			contacts[i] = c
		}
		b.Run(in.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if err := contacts[i].Validate(); err != nil {
					b.Fatal(err)
				}
				if i++; i == len(contacts) {
					i = 0
				}
			}
		})
	}
}
