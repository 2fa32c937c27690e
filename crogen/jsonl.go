package crogen

import (
	"bufio"
	"fmt"
	"io"
	"math/rand"

	"github.com/croschema/croschema"
)

// WriteJSONL writes n generated documents of m to w, one a line: valid
// documents when breakCode is "", otherwise documents that each produce
// exactly one violation, of code breakCode. A document never holds a line
// break (its strings escape them and its insignificant space has none), so
// each line is one request body to send to a server under test, in any
// language. The same m, n, seed and breakCode give the same bytes.
//
// It returns an error when m has no body or no Break of m has breakCode
// (see BreakCodes), and the first error of w.
func WriteJSONL(w io.Writer, m croschema.Model, n int, seed int64, breakCode croschema.Code) error {
	if rules(m) == nil {
		return fmt.Errorf("crogen: WriteJSONL: model %q has no body", m.String())
	}
	g := validDoc(m)
	if breakCode != "" {
		bs := breaksOf(m, breakCode)
		if bs == nil {
			return fmt.Errorf("crogen: WriteJSONL: no document of %s breaks a rule with code %q", m, breakCode)
		}
		g = pickBreak(bs)
	}
	rng := rand.New(rand.NewSource(seed))
	bw := bufio.NewWriter(w)
	var buf []byte
	for range n {
		buf = g(rng, config{oneLine: true}).AppendJSON(buf[:0])
		buf = append(buf, '\n')
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	return bw.Flush()
}
