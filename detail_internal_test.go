package croschema

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// refTruncBytes is truncBytes written with the standard library's
// functions, which the arena version must match byte for byte.
func refTruncBytes(raw []byte) string {
	head := string(raw[:min(len(raw), maxQuoted+1)])
	n, cut := cutAt(head, maxQuoted)
	s := strings.ToValidUTF8(head[:n], "\uFFFD")
	if len(s) > 0 && s[0] != '"' {
		s = "`" + s + "`"
	}
	if cut {
		s += "..."
	}
	return s
}

// refQuoteTrunc is quoteTrunc written with strconv.Quote.
func refQuoteTrunc(s string) string {
	n, cut := cutAt(s, maxQuoted)
	if cut {
		return strconv.Quote(s[:n]) + "..."
	}
	return strconv.Quote(s)
}

// TestDetailQuoting: the appending forms of the quoting that details use
// give exactly what the plain forms give, on random bytes of every length
// around the 64-byte cut, valid UTF-8 or not.
func TestDetailQuoting(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "\"", "é", "€", "𝄞", "\xff", "\xe2\x82", "\x80", "0", " ", "\x00"}
	for range 20000 {
		var b strings.Builder
		for n := r.IntN(80); b.Len() < n; {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		s := b.String()
		if got, want := truncBytes([]byte(s)), refTruncBytes([]byte(s)); got != want {
			t.Fatalf("truncBytes(%q) = %q, want %q", s, got, want)
		}
		if got, want := quoteTrunc(s), refQuoteTrunc(s); got != want {
			t.Fatalf("quoteTrunc(%q) = %q, want %q", s, got, want)
		}
		var d decoder
		if got, want := d.valueDetail("p ", []byte(s), " s"), "p "+refTruncBytes([]byte(s))+" s"; got != want {
			t.Fatalf("valueDetail(%q) = %q, want %q", s, got, want)
		}
	}
}

// asciiLower lowers the ASCII letters of s only, byte by byte.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = lowerByte(c)
	}
	return string(b)
}

// TestContainsFold: containsFold is strings.Contains after lowering the
// ASCII letters of both sides, on random texts over a small alphabet
// (so that near matches are frequent), non-ASCII bytes included.
func TestContainsFold(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := "aAbB-._1\xc3\xa9"
	text := func(max int) string {
		b := make([]byte, r.IntN(max))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		return string(b)
	}
	for range 50000 {
		s, sub := text(40), text(6)
		if got, want := containsFold(s, sub), strings.Contains(asciiLower(s), asciiLower(sub)); got != want {
			t.Fatalf("containsFold(%q, %q) = %v, want %v", s, sub, got, want)
		}
	}
}
