package bench

import (
	"os"
	"strings"
	"sync"
	"testing"
)

// samplePath is the documented sample body of Get Contact, verbatim.
const samplePath = "../testdata/get-contact.response.json"

// input is one entry of the shared input table: a name and one or more
// documents, which a benchmark cycles through.
type input struct {
	name string
	docs [][]byte
}

// bytesPerDoc is the mean size of the documents, for b.SetBytes.
func (in input) bytesPerDoc() int64 {
	var n int
	for _, d := range in.docs {
		n += len(d)
	}
	return int64(n / len(in.docs))
}

// contactInputs is the shared input table of BenchmarkContact, BenchmarkValidate
// and TestImpls: the documented sample, and 64 generated valid documents.
func contactInputs(tb testing.TB) []input {
	tb.Helper()
	sample, err := os.ReadFile(samplePath)
	if err != nil {
		tb.Fatal(err)
	}
	return []input{
		{"sample", [][]byte{sample}},
		{"generated", GenerateContacts(64)},
	}
}

// sizeInputs is the shared input table of BenchmarkContactSize and
// BenchmarkPaired, built once: the 64 MB document takes a second to make.
var sizeInputs = sync.OnceValue(func() []input {
	return []input{
		{"1KB", [][]byte{SizedContact(1 << 10)}},
		{"64KB", [][]byte{SizedContact(64 << 10)}},
		{"1MB", [][]byte{SizedContact(1 << 20)}},
		{"64MB", [][]byte{SizedContact(64 << 20)}},
	}
})

// sampleWith returns the sample with old replaced by new, exactly once.
func sampleWith(tb testing.TB, old, new string) []byte {
	tb.Helper()
	sample, err := os.ReadFile(samplePath)
	if err != nil {
		tb.Fatal(err)
	}
	if strings.Count(string(sample), old) != 1 {
		tb.Fatalf("sample does not hold %q exactly once", old)
	}
	return []byte(strings.Replace(string(sample), old, new, 1))
}
