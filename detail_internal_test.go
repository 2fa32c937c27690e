package croschema

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/croschema/croschema/internal/redact"
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

// TestHoldsPiece: for a UUID, holdsPiece is redaction's own test (a run of
// redact.MinRun characters of the credential, in any letter case), on
// random ids and credentials over an alphabet where runs coincide often.
func TestHoldsPiece(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	hex := "0123456789abcdefABCDEF"
	credAlphabet := "0123456789abcdefABCDEFgG-._=+/"
	for range 50000 {
		b := []byte("xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx")
		for i, c := range b {
			if c == 'x' {
				b[i] = hex[r.IntN(len(hex))]
			}
		}
		id := string(b)
		cred := make([]byte, 4+r.IntN(12))
		for i := range cred {
			cred[i] = credAlphabet[r.IntN(len(credAlphabet))]
		}
		want := redact.New(string(cred)).Contains(id)
		if got := holdsPiece(id, string(cred)); got != want {
			t.Fatalf("holdsPiece(%q, %q) = %v, redaction says %v", id, cred, got, want)
		}
	}
}
