// Package redact removes a secret, and every piece of it long enough to
// mean something, from text that may echo it: an error body, a header, a
// path or a violation detail written by a server or a client that was
// given the bearer token and sent it back, whole, cut short (a detail
// quotes at most 64 bytes) or in another letter case.
//
// The secrets of one message are gathered once into a Set, which is then
// applied wherever that message's text leaves the package: building a Set
// costs one pass over the credentials, and searching a text one pass over
// it, with no allocation unless something is found.
package redact

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MinRun is the shortest piece of a secret that is removed: any run of at
// least MinRun bytes of the secret, in any ASCII letter case. A secret
// shorter than MinRun (such as the credential "a.b") is not searched for:
// its pieces would be everywhere, and the lint rejects a token that short
// anyway.
const MinRun = 4

// Mark is what stands in the text for a piece of a secret.
const Mark = "[redacted]"

// Credential returns the credential of an authorization value, the part
// after the scheme and its spaces ("Bearer abc.def" gives "abc.def"), or
// the whole value when it has no space. A server that echoes a token
// rarely echoes the scheme with it.
func Credential(auth string) string {
	auth = strings.Trim(auth, " \t")
	if _, cred, ok := strings.Cut(auth, " "); ok {
		if cred = strings.TrimLeft(cred, " \t"); cred != "" {
			return cred
		}
	}
	return auth
}

// A Set is the secrets of one message. The nil *Set and the zero Set hold
// none, and their methods return their input unchanged. A Set is built on
// the stack with Add, AddAuthorization and AddHeader, or on the heap by
// New, FromAuthorization and FromHeader; it holds a few secrets without
// allocating, and must not be copied once one is added.
type Set struct {
	n    int       // secrets held
	few  [2]string // the first secrets
	more []string  // the others
	// filter has bit h(g) set for every 4-byte window g of a secret,
	// lower-cased: a window of a text whose bit is clear is no piece of a
	// secret, which is the answer for nearly every window.
	filter [filterWords]uint64
}

const (
	filterBits  = 4096
	filterWords = filterBits / 64
)

// Add adds a secret; one shorter than MinRun is not searched for.
func (s *Set) Add(sec string) {
	if len(sec) < MinRun {
		return
	}
	if s.n < len(s.few) {
		s.few[s.n] = sec
	} else {
		s.more = append(s.more, sec)
	}
	s.n++
	g := uint32(0)
	for i := 0; i < len(sec); i++ {
		g = g<<8 | uint32(lower(sec[i]))
		if i >= MinRun-1 {
			h := hash(g)
			s.filter[h/64] |= 1 << (h % 64)
		}
	}
}

// AddAuthorization adds the credential of each authorization value (see
// Credential).
func (s *Set) AddAuthorization(values ...string) {
	for _, v := range values {
		s.Add(Credential(v))
	}
}

// AddHeader adds the credentials of every authorization value of h, under
// a name in any letter case.
func (s *Set) AddHeader(h http.Header) {
	for k, vs := range h {
		if len(k) == len("authorization") && strings.EqualFold(k, "authorization") {
			s.AddAuthorization(vs...)
		}
	}
}

// Empty reports whether s holds no secret.
func (s *Set) Empty() bool { return s == nil || s.n == 0 }

// secret returns secret i of s, 0 <= i < s.n.
func (s *Set) secret(i int) string {
	if i < len(s.few) {
		return s.few[i]
	}
	return s.more[i-len(s.few)]
}

// orNil returns s, or nil when it holds no secret.
func (s *Set) orNil() *Set {
	if s.Empty() {
		return nil
	}
	return s
}

// New returns the Set of the given secrets, or nil when none is MinRun
// bytes or longer.
func New(secrets ...string) *Set {
	s := new(Set)
	for _, sec := range secrets {
		s.Add(sec)
	}
	return s.orNil()
}

// FromAuthorization returns the Set of the credentials of the given
// authorization values (see Credential), or nil.
func FromAuthorization(values ...string) *Set {
	s := new(Set)
	s.AddAuthorization(values...)
	return s.orNil()
}

// FromHeader returns the Set of the credentials of every authorization
// value of h, under a name in any letter case, or nil.
func FromHeader(h http.Header) *Set {
	s := new(Set)
	s.AddHeader(h)
	return s.orNil()
}

// Union returns a Set holding the secrets of s and of t.
func (s *Set) Union(t *Set) *Set {
	u := new(Set)
	for _, x := range []*Set{s, t} {
		if x != nil {
			for i := range x.n {
				u.Add(x.secret(i))
			}
		}
	}
	return u.orNil()
}

// hash maps a 4-byte window to a bit of the filter (Fibonacci hashing).
func hash(g uint32) uint32 { return (g * 0x9E3779B1) >> (32 - 12) }

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// isPiece reports whether the window g (lower-cased) is a window of a
// secret: the filter first, then the secrets themselves.
func (s *Set) isPiece(g uint32) bool {
	h := hash(g)
	if s.filter[h/64]&(1<<(h%64)) == 0 {
		return false
	}
	for k := range s.n {
		sec := s.secret(k)
		w := uint32(0)
		for i := 0; i < len(sec); i++ {
			w = w<<8 | uint32(lower(sec[i]))
			if i >= MinRun-1 && w == g {
				return true
			}
		}
	}
	return false
}

// firstPiece returns the index of the first window of t that is a piece
// of a secret, or -1.
func (s *Set) firstPiece(t string) int {
	g := uint32(0)
	for i := 0; i < len(t); i++ {
		g = g<<8 | uint32(lower(t[i]))
		if i >= MinRun-1 && s.isPiece(g) {
			return i - (MinRun - 1)
		}
	}
	return -1
}

// Contains reports whether t holds a piece of a secret.
func (s *Set) Contains(t string) bool {
	return !s.Empty() && s.firstPiece(t) >= 0
}

// String returns t with every run of at least MinRun bytes that also
// occurs in a secret, in any ASCII letter case, replaced by Mark. A
// replaced stretch never cuts a UTF-8 character. It returns t itself, and
// allocates nothing, when there is nothing to replace.
func (s *Set) String(t string) string {
	if s.Empty() {
		return t
	}
	first := s.firstPiece(t)
	if first < 0 {
		return t
	}
	// mask[i]: byte i of t is part of a piece. Every window of a run of
	// the secret longer than MinRun is itself a piece, so a run is marked
	// whole; two windows that overlap without being one run are marked
	// too, which errs on the safe side.
	mask := make([]bool, len(t))
	g := uint32(0)
	for i := first; i < len(t); i++ {
		g = g<<8 | uint32(lower(t[i]))
		if i >= first+MinRun-1 && s.isPiece(g) {
			mark(t, mask, i-(MinRun-1), i+1)
		}
	}
	var b strings.Builder
	b.Grow(len(t))
	for i := 0; i < len(t); {
		if !mask[i] {
			b.WriteByte(t[i])
			i++
			continue
		}
		for i < len(t) && mask[i] {
			i++
		}
		b.WriteString(Mark)
	}
	return b.String()
}

// mark marks t[i:j] in mask, widened to whole UTF-8 characters.
func mark(t string, mask []bool, i, j int) {
	for i > 0 && !utf8.RuneStart(t[i]) {
		i--
	}
	for j < len(t) && !utf8.RuneStart(t[j]) {
		j++
	}
	for k := i; k < j; k++ {
		mask[k] = true
	}
}

// Quoted returns detail with String applied to each of its quoted
// stretches, the rest left alone: a violation's detail shows what it
// echoes only quoted, Go-style ("\"Bearer abc...\"" in `"Bearer abc..."
// is not a UUID`) or in back quotes (`31415926535897932384` for a JSON
// number), and its own words must not be garbled by a token that happens
// to hold them. A quote that does not end (a JSON string cut short, `got
// "eyJhbGciOi...`) takes all that follows it.
func (s *Set) Quoted(detail string) string {
	if s.Empty() || s.firstPiece(detail) < 0 {
		return detail
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(detail); i++ {
		if c := detail[i]; c != '"' && c != '`' {
			continue
		}
		q, err := strconv.QuotedPrefix(detail[i:])
		if err != nil {
			q = detail[i:] // a quote that does not end: the rest is searched
		}
		if r := s.String(q); r != q {
			b.WriteString(detail[last:i])
			b.WriteString(r)
			last = i + len(q)
		}
		i += len(q) - 1
	}
	if last == 0 {
		return detail
	}
	b.WriteString(detail[last:])
	return b.String()
}

// Field returns a field of the form MODEL.KEY, or a bare name, with the
// secrets removed from what may have come from the other side: the key,
// or the whole field when isModel does not recognize MODEL as one of the
// package's own names ("UpdateCustomerContactModel.x" keeps its model's
// name for a token that holds "onta").
func (s *Set) Field(field string, isModel func(string) bool) string {
	if s.Empty() {
		return field
	}
	if model, key, ok := strings.Cut(field, "."); ok && isModel(model) {
		if r := s.String(key); r != key {
			return model + "." + r
		}
		return field
	}
	return s.String(field)
}
