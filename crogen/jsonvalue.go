package crogen

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/croschema/croschema/internal/jsonstr"
)

// A val is the value of one member of a generated document: it knows its
// JSON text and the smaller values that keep its class (valid for its
// rule, or breaking the rule in the same way). Every shrink is strictly
// smaller by some measure, so shrinking terminates.
type val interface {
	appendJSON(dst []byte) []byte
	shrink() []val
}

// rawVal is fixed JSON text (null, a wrong-type value, a bad number). It
// does not shrink.
type rawVal string

func (v rawVal) appendJSON(dst []byte) []byte { return append(dst, v...) }
func (v rawVal) shrink() []val                { return nil }

// Escape styles of a generated JSON string.
const (
	stylePlain    uint8 = iota // escape only what JSON requires
	styleNonASCII              // also \uXXXX (lower-case hex) for every non-ASCII rune
	styleAll                   // \uXXXX (upper-case hex) for every rune
	numStyles
)

// appendString appends s, valid UTF-8, as a JSON string in the given
// escape style.
func appendString(dst []byte, s string, style uint8) []byte {
	dst = append(dst, '"')
	for _, r := range s {
		switch {
		case style == styleAll:
			dst = jsonstr.AppendRuneEscape(dst, r, true)
		case r == '"' || r == '\\' || r < 0x20:
			dst = jsonstr.AppendByteEscape(dst, byte(r))
		case r >= utf8.RuneSelf && style == styleNonASCII:
			dst = jsonstr.AppendRuneEscape(dst, r, false)
		default:
			dst = utf8.AppendRune(dst, r)
		}
	}
	return append(dst, '"')
}

// textVal is a JSON string of free text whose length in characters stays
// within [lo, hi] while it shrinks (hi < 0: no upper bound).
type textVal struct {
	s      string
	style  uint8
	lo, hi int
}

func (v textVal) appendJSON(dst []byte) []byte { return appendString(dst, v.s, v.style) }

func (v textVal) shrink() []val {
	var out []val
	if v.style != stylePlain {
		w := v
		w.style = stylePlain
		out = append(out, w)
	}
	runes := []rune(v.s)
	n := len(runes)
	for _, keep := range []int{v.lo, max(v.lo, n/2), n - 1} {
		if keep >= v.lo && keep < n && keep >= 0 {
			w := v
			w.s = string(runes[:keep])
			out = append(out, w)
		}
	}
	for i, r := range runes {
		if r >= utf8.RuneSelf || r < 0x20 {
			rs := append([]rune(nil), runes...)
			rs[i] = 'a'
			w := v
			w.s = string(rs)
			out = append(out, w)
			break
		}
	}
	return dedupe(out)
}

// dedupe drops candidates with the same JSON text, keeping the first.
func dedupe(vs []val) []val {
	seen := map[string]bool{}
	out := vs[:0]
	for _, v := range vs {
		k := string(v.appendJSON(nil))
		if !seen[k] {
			seen[k] = true
			out = append(out, v)
		}
	}
	return out
}

// badUTF8Val is a JSON string that is not valid UTF-8: valid text around
// either raw invalid bytes or an escaped unpaired surrogate.
type badUTF8Val struct {
	pre, post string
	bad       string // written as is inside the quotes
	style     uint8
}

func (v badUTF8Val) appendJSON(dst []byte) []byte {
	dst = appendString(dst, v.pre, v.style)
	dst = append(dst[:len(dst)-1], v.bad...)
	post := appendString(nil, v.post, v.style)
	return append(dst, post[1:]...)
}

func (v badUTF8Val) shrink() []val {
	var out []val
	if v.style != stylePlain {
		w := v
		w.style = stylePlain
		out = append(out, w)
	}
	if v.pre != "" {
		w := v
		w.pre = ""
		out = append(out, w)
	}
	if v.post != "" {
		w := v
		w.post = ""
		out = append(out, w)
	}
	return out
}

// boolVal is one accepted form of a boolean.
type boolVal struct {
	form  string // JSON literal or number text, or the string's content
	str   bool   // form is the content of a JSON string
	style uint8
	v     bool
}

func (b boolVal) appendJSON(dst []byte) []byte {
	if b.str {
		return appendString(dst, b.form, b.style)
	}
	return append(dst, b.form...)
}

func (b boolVal) canonical() boolVal {
	return boolVal{form: strconv.FormatBool(b.v), v: b.v}
}

func (b boolVal) shrink() []val {
	if c := b.canonical(); b != c {
		return []val{c}
	}
	return nil
}

// intVal is a valid integer literal; text is its spelling ("-0" or the
// decimal form of n).
type intVal struct {
	n    int64
	text string
}

func (v intVal) appendJSON(dst []byte) []byte { return append(dst, v.text...) }

func (v intVal) shrink() []val {
	var out []val
	if v.n != 0 || v.text != "0" {
		out = append(out, intVal{0, "0"})
	}
	if h := v.n / 2; h != 0 {
		out = append(out, intVal{h, strconv.FormatInt(h, 10)})
	}
	return out
}

// emailItem is one item of an email list: the address and the space
// around it.
type emailItem struct {
	pre, addr, post string
}

// The classes of email list that shrinking keeps.
const (
	emailValid   = iota // every item valid, at most max characters
	emailOneBad         // exactly one invalid item, at most max characters
	emailTooLong        // every item valid, more than max characters
)

// emailVal is an email list. items is nil for "".
type emailVal struct {
	items []emailItem
	bad   int // the index of the invalid item, -1 for none
	class int
	max   int // the rule's MaxLength; 0 for none
	style uint8
}

func (v emailVal) String() string {
	var b strings.Builder
	for i, it := range v.items {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(it.pre)
		b.WriteString(it.addr)
		b.WriteString(it.post)
	}
	return b.String()
}

func (v emailVal) appendJSON(dst []byte) []byte { return appendString(dst, v.String(), v.style) }

// ok reports whether v is still in its class. Every byte of an email list
// generated here is ASCII, so its length in characters is its length in
// bytes.
func (v emailVal) ok() bool {
	n := len(v.String())
	switch v.class {
	case emailValid:
		return v.bad < 0 && (v.max == 0 || n <= v.max)
	case emailOneBad:
		return v.bad >= 0 && v.bad < len(v.items) && n > 0 && (v.max == 0 || n <= v.max)
	case emailTooLong:
		return v.bad < 0 && v.max > 0 && n > v.max
	}
	return false
}

func (v emailVal) with(f func(w *emailVal)) emailVal {
	w := v
	w.items = append([]emailItem(nil), v.items...)
	f(&w)
	return w
}

// shortestAddress is what a valid address shrinks to.
const shortestAddress = "a@b.co"

func (v emailVal) shrink() []val {
	var cand []emailVal
	if v.style != stylePlain {
		cand = append(cand, v.with(func(w *emailVal) { w.style = stylePlain }))
	}
	if v.items != nil && v.class == emailValid {
		cand = append(cand, v.with(func(w *emailVal) { w.items = nil }))
	}
	for i := range v.items {
		if i == v.bad {
			continue
		}
		cand = append(cand, v.with(func(w *emailVal) {
			w.items = append(w.items[:i], w.items[i+1:]...)
			if w.bad > i {
				w.bad--
			}
		}))
	}
	for i, it := range v.items {
		if it.pre != "" || it.post != "" {
			cand = append(cand, v.with(func(w *emailVal) { w.items[i].pre, w.items[i].post = "", "" }))
		}
		if i != v.bad && len(it.addr) > len(shortestAddress) {
			cand = append(cand, v.with(func(w *emailVal) { w.items[i].addr = shortestAddress }))
		}
	}
	var out []val
	for _, c := range cand {
		if c.ok() {
			out = append(out, c)
		}
	}
	return out
}
