// Package redact removes a secret, and every piece of it long enough to
// mean something, from text that may echo it: an error body, a header or
// a violation detail written by a server or a client that was given the
// bearer token and sent it back, whole, cut short (a detail quotes at
// most 64 bytes) or in another letter case.
package redact

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// MinRun is the shortest piece of a secret that String removes: any run of
// at least MinRun bytes of the secret, in any ASCII letter case. A secret
// shorter than MinRun (such as the credential "a.b") is removed only whole.
const MinRun = 4

// Mark is what stands in the text for a piece of a secret.
const Mark = "[redacted]"

// Credential returns the credential of an authorization value, the part
// after the scheme and its spaces ("Bearer abc.def" gives "abc.def"), or
// the whole value when it has no space. A server that echoes a token
// rarely echoes the scheme with it.
func Credential(auth string) string {
	if _, cred, ok := strings.Cut(auth, " "); ok {
		if cred = strings.TrimLeft(cred, " \t"); cred != "" {
			return cred
		}
	}
	return auth
}

// String returns s with every run of at least MinRun bytes that also
// occurs in one of secrets, in any ASCII letter case, replaced by Mark. A
// secret shorter than MinRun is not searched for: its pieces would be
// everywhere, and the lint rejects a token that short anyway. A replaced
// stretch never cuts a UTF-8 character. String returns s itself when there
// is nothing to replace; it costs one pass over s per secret.
func String(s string, secrets ...string) string {
	var mask []bool // mask[i]: byte i of s is part of a secret
	for _, sec := range secrets {
		if len(sec) >= MinRun {
			mask = markRuns(s, sec, mask)
		}
	}
	if mask == nil {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if !mask[i] {
			b.WriteByte(s[i])
			i++
			continue
		}
		for i < len(s) && mask[i] {
			i++
		}
		b.WriteString(Mark)
	}
	return b.String()
}

// Quoted returns detail with String applied to each of its Go-quoted
// strings (such as "\"Bearer abc...\"" in `"Bearer abc..." is not a
// UUID`), and to all that follows a quote that does not end (a JSON
// string cut short, `got "eyJhbGciOi...`), and the rest left alone: a violation's detail shows a value only
// quoted, and its own words must not be garbled by a token that happens to
// hold them.
func Quoted(detail string, secrets ...string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(detail); i++ {
		if detail[i] != '"' {
			continue
		}
		q, err := strconv.QuotedPrefix(detail[i:])
		if err != nil {
			// A quote that does not end: JSON cut short, such as
			// `got "eyJhbGciOi...`. The rest is searched.
			q = detail[i:]
		}
		if r := String(q, secrets...); r != q {
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

// markRuns marks in mask (made when needed) every window of MinRun bytes
// of s that is, lower-cased, a window of sec lower-cased. A run of the
// secret longer than MinRun is a chain of such windows, so it is marked
// whole; two windows that overlap without being one run of the secret are
// marked too, which errs on the safe side.
func markRuns(s, sec string, mask []bool) []bool {
	if len(s) < MinRun {
		return mask
	}
	grams := make(map[uint32]struct{}, len(sec))
	for i := 0; i+MinRun <= len(sec); i++ {
		grams[gram(sec, i)] = struct{}{}
	}
	for i := 0; i+MinRun <= len(s); i++ {
		if _, ok := grams[gram(s, i)]; ok {
			mask = mark(s, mask, i, i+MinRun)
		}
	}
	return mask
}

// mark marks s[i:j] in mask, widened to whole UTF-8 characters.
func mark(s string, mask []bool, i, j int) []bool {
	if mask == nil {
		mask = make([]bool, len(s))
	}
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	for j < len(s) && !utf8.RuneStart(s[j]) {
		j++
	}
	for k := i; k < j; k++ {
		mask[k] = true
	}
	return mask
}

// gram returns the MinRun bytes of s at i, ASCII letters lower-cased.
func gram(s string, i int) uint32 {
	return uint32(lower(s[i]))<<24 | uint32(lower(s[i+1]))<<16 | uint32(lower(s[i+2]))<<8 | uint32(lower(s[i+3]))
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// Violation removes the secrets from the parts of one violation that may
// hold what a client or server sent: the quoted values of the detail
// (Quoted) and, when inputKey reports that the location names a key of the
// input that no model has (an unknown or repeated key), the location and
// the key in the field, after its model's name (String). A known key's
// location and field, and every model name, are the package's own words,
// left whole: "UpdateCustomerContactModel.x" stays so for a token that
// holds "onta". It reports whether it changed anything.
func Violation(location, field, detail *string, secrets []string, inputKey bool) bool {
	changed := false
	if inputKey {
		if r := String(*location, secrets...); r != *location {
			*location, changed = r, true
		}
		model, key, dotted := strings.Cut(*field, ".")
		if !dotted {
			model, key = "", *field
		}
		if r := String(key, secrets...); r != key {
			if dotted {
				r = model + "." + r
			}
			*field, changed = r, true
		}
	}
	if r := Quoted(*detail, secrets...); r != *detail {
		*detail, changed = r, true
	}
	return changed
}
