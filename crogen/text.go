package crogen

import (
	"math/rand"
	"strings"

	"github.com/croschema/croschema"
)

// runeClasses are the ranges free text is drawn from, with weights: mostly
// ASCII, and enough of the rest (control characters that JSON must
// escape, two- to four-byte UTF-8, combining marks, noncharacters) that
// counting characters, not bytes, is exercised.
var runeClasses = []struct {
	weight int
	lo, hi rune
}{
	{60, 0x20, 0x7E},       // printable ASCII, '"' and '\\' included
	{4, 0x00, 0x1F},        // C0 controls
	{1, 0x7F, 0x7F},        // DEL
	{10, 0xA0, 0x24F},      // Latin-1 and Latin Extended
	{3, 0x300, 0x36F},      // combining marks: one character each
	{5, 0x370, 0x4FF},      // Greek, Cyrillic
	{3, 0x2000, 0x206F},    // punctuation, U+2028 and U+2029 included
	{5, 0x4E00, 0x9FFF},    // CJK
	{1, 0xFFF0, 0xFFFF},    // specials and noncharacters, U+FFFD included
	{5, 0x1F300, 0x1F64F},  // emoji: four bytes, a surrogate pair in \u form
	{2, 0x10000, 0x10FFFF}, // anything astral
}

var runeWeights = func() int {
	n := 0
	for _, c := range runeClasses {
		n += c.weight
	}
	return n
}()

func genRune(rng *rand.Rand) rune {
	w := rng.Intn(runeWeights)
	for _, c := range runeClasses {
		if w < c.weight {
			return c.lo + rune(rng.Intn(int(c.hi-c.lo+1)))
		}
		w -= c.weight
	}
	return 'a'
}

func genText(rng *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteRune(genRune(rng))
	}
	return b.String()
}

// genLength picks a length in [lo, hi], the bounds themselves one time in
// five each.
func genLength(rng *rand.Rand, lo, hi int) int {
	if hi <= lo {
		return lo
	}
	switch rng.Intn(5) {
	case 0:
		return lo
	case 1:
		return hi
	}
	return lo + rng.Intn(hi-lo+1)
}

// genStyle picks an escape style, plain most of the time.
func genStyle(rng *rand.Rand) uint8 {
	if rng.Intn(4) == 0 {
		return uint8(1 + rng.Intn(int(numStyles-1)))
	}
	return stylePlain
}

// freeTextMax is the longest free text generated for a rule without an
// upper bound (the error body's strings).
const freeTextMax = 40

// genValidText returns a string valid for a free-text rule.
func genValidText(rng *rand.Rand, r croschema.FieldRule) textVal {
	hi := r.MaxLength
	if hi == 0 {
		hi = r.MinLength + freeTextMax
	}
	n := genLength(rng, r.MinLength, hi)
	return textVal{s: genText(rng, n), style: genStyle(rng), lo: r.MinLength, hi: r.MaxLength}
}

// Valid addresses are simple dot-atoms at simple domains: valid under
// Django 3.2's EmailValidator and under any reasonable approximation of it
// (no quoted local parts, address literals, internationalized domains or
// 63-character labels: those are left to the email package's own tests).
const (
	atext      = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-"
	alnum      = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	letters    = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	emailSpace = " \t\r\n"
)

func pick(rng *rand.Rand, set string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = set[rng.Intn(len(set))]
	}
	return string(b)
}

// genAddress returns a valid address of at most about 40 characters.
func genAddress(rng *rand.Rand) string {
	var b strings.Builder
	for i := range 1 + rng.Intn(3) {
		if i > 0 {
			b.WriteByte('.')
		}
		if rng.Intn(3) == 0 {
			b.WriteString(pick(rng, atext, 1+rng.Intn(8)))
		} else {
			b.WriteString(pick(rng, alnum, 1+rng.Intn(8)))
		}
	}
	b.WriteByte('@')
	for range 1 + rng.Intn(2) {
		b.WriteString(genLabel(rng))
		b.WriteByte('.')
	}
	b.WriteString(pick(rng, letters, 2+rng.Intn(5)))
	return b.String()
}

// genLabel returns a domain label: letters and digits, inner hyphens.
func genLabel(rng *rand.Rand) string {
	n := 1 + rng.Intn(10)
	b := []byte(pick(rng, alnum, n))
	for i := 1; i < n-1; i++ {
		if rng.Intn(5) == 0 {
			b[i] = '-'
		}
	}
	return string(b)
}

// badAddresses are items that no reading of Django's rules accepts, each
// with what is wrong with it; "" is the empty item.
var badAddresses = []struct{ how, addr string }{
	{"an empty item", ""},
	{"no @", "alice.example.com"},
	{"no @", "alice"},
	{"a space inside", "al ice@example.com"},
	{"a space inside", "alice@exa mple.com"},
	{"nothing before the @", "@example.com"},
	{"nothing after the @", "alice@"},
	{"two @", "alice@bob@example.com"},
}

// genSpace returns the space around an item: none most of the time.
func genSpace(rng *rand.Rand) string {
	if rng.Intn(3) != 0 {
		return ""
	}
	return pick(rng, emailSpace, 1+rng.Intn(2))
}

func genItem(rng *rand.Rand, addr string) emailItem {
	return emailItem{pre: genSpace(rng), addr: addr, post: genSpace(rng)}
}

// genValidEmailList returns a valid email list of at most max characters
// (max 0: no bound): null-free, possibly "".
func genValidEmailList(rng *rand.Rand, max int) emailVal {
	v := emailVal{bad: -1, class: emailValid, max: max, style: genStyle(rng)}
	if rng.Intn(8) == 0 {
		return v
	}
	for range 1 + rng.Intn(4) {
		w := v.with(func(w *emailVal) { w.items = append(w.items, genItem(rng, genAddress(rng))) })
		if !w.ok() {
			break
		}
		v = w
	}
	if v.items == nil { // the first address did not fit: a tiny bound
		v.items = append(v.items, emailItem{addr: shortestAddress})
		if !v.ok() {
			v.items = nil
		}
	}
	return v
}

// genTooLongEmailList returns a list of valid addresses longer than max.
func genTooLongEmailList(rng *rand.Rand, max int) emailVal {
	v := emailVal{bad: -1, class: emailTooLong, max: max, style: genStyle(rng)}
	extra := rng.Intn(3) * 20
	for len(v.String()) <= max+extra {
		v.items = append(v.items, genItem(rng, genAddress(rng)))
	}
	return v
}

// genOneBadEmailList returns a list of at most max characters with exactly
// one invalid item, and what is wrong with it.
func genOneBadEmailList(rng *rand.Rand, max int) (emailVal, string) {
	for {
		good := genValidEmailList(rng, max)
		bad := badAddresses[rng.Intn(len(badAddresses))]
		v := emailVal{class: emailOneBad, max: max, style: good.style}
		pos := rng.Intn(len(good.items) + 1)
		v.items = append(v.items, good.items[:pos]...)
		v.items = append(v.items, genItem(rng, bad.addr))
		v.items = append(v.items, good.items[pos:]...)
		v.bad = pos
		for !v.ok() && len(v.items) > 1 {
			// Too long: drop a valid item.
			i := 0
			if v.bad == 0 {
				i = 1
			}
			v.items = append(v.items[:i], v.items[i+1:]...)
			if v.bad > i {
				v.bad--
			}
		}
		if v.ok() {
			return v, "item " + itoa(v.bad+1) + " of " + itoa(len(v.items)) + " has " + bad.how
		}
	}
}
