package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode/utf8"
)

// GenerateContacts returns n valid CustomerContactModel documents, the same
// n on every call: names of 1 to 60 characters, some not ASCII, some with
// quotes that JSON escapes; email lists of 0 to 4 addresses or null; fax and
// number set or null; every boolean JSON true or false (the one form that
// every implementation accepts); some documents compact, some indented.
// Every value is valid per RULES.md and per the competitors' simpler rules.
func GenerateContacts(n int) [][]byte {
	r := rand.New(rand.NewPCG(0x5eed, uint64(n)))
	docs := make([][]byte, n)
	for i := range docs {
		docs[i] = marshal(genContact(r), i%3 == 2)
	}
	return docs
}

var (
	givenNames = []string{"George", "Ann", "Zoë", "José", "Łukasz", "Søren", "Ngọc", "王小明", "Ólafur", "Mary-Jane", `"Bob"`, "Émilie"}
	surnames   = []string{"Smith", "O'Brien", "Müller", "García", "Nakamura", "Ødegaard", "李", "van der Berg", "Nguyễn", "Dubois"}
	words      = []string{"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "shane"}
	domains    = []string{"example.com", "gmail.com", "mail.example.org", "cro-software.net", "sub.domain.co.uk", "x.io"}
)

func pick(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }

func genContact(r *rand.Rand) plainContact {
	c := plainContact{
		ID:                          r.Int64N(1 << 40),
		Name:                        genName(r),
		NotifyOnAcknowledgedRequest: r.IntN(2) == 0,
		NotifyOnCompletedRequest:    r.IntN(2) == 0,
		NotifyOnDispatchedRequest:   r.IntN(2) == 0,
		NotifyOnFailedRequest:       r.IntN(2) == 0,
		NotifyOnNewRequest:          r.IntN(2) == 0,
	}
	if r.IntN(10) != 0 {
		s := genEmailList(r, 4)
		c.Email = &s
	}
	if r.IntN(2) == 0 {
		s := genPhone(r, 7+r.IntN(9)) // 7 to 15 characters
		c.Fax = &s
	}
	if r.IntN(10) != 0 {
		s := genPhone(r, 10+r.IntN(8))
		c.Number = &s
	}
	return c
}

// genName returns "Given Surname", possibly with a middle name, at most 60
// characters.
func genName(r *rand.Rand) string {
	parts := []string{pick(r, givenNames)}
	for k := r.IntN(3); k > 0; k-- {
		parts = append(parts, pick(r, surnames))
	}
	return strings.Join(parts, " ")
}

// genAddress returns an address such as "carol.frank+3@mail.example.org".
func genAddress(r *rand.Rand) string {
	a := pick(r, words)
	if r.IntN(2) == 0 {
		a += "." + pick(r, words)
	}
	if r.IntN(4) == 0 {
		a += fmt.Sprintf("+%d", r.IntN(100))
	}
	return a + "@" + pick(r, domains)
}

// genEmailList returns 0 to max addresses separated by "," and some of the
// white space RULES.md allows, at most 256 characters.
func genEmailList(r *rand.Rand, max int) string {
	seps := []string{",", ", ", ",\n", " ,\t"}
	var b strings.Builder
	for k := r.IntN(max + 1); k > 0; k-- {
		a := genAddress(r)
		sep := ""
		if b.Len() > 0 {
			sep = pick(r, seps)
		}
		if b.Len()+len(sep)+len(a) > 256 {
			break
		}
		b.WriteString(sep)
		b.WriteString(a)
	}
	return b.String()
}

// genPhone returns n characters of a phone number: digits, '-', ' ', '+'.
func genPhone(r *rand.Rand, n int) string {
	const chars = "0123456789012345678901234567890123456789- +"
	b := make([]byte, n)
	for i := range b {
		b[i] = chars[r.IntN(len(chars))]
	}
	b[0] = '0' + byte(r.IntN(10))
	return string(b)
}

func marshal(c plainContact, indent bool) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if indent {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(c); err != nil {
		panic(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// SizedContact returns a CustomerContactModel document of size bytes, valid
// JSON with every key, made mostly of a long email list, a long name of
// three-byte letters ("王小明李四张三...") and a long number, padded to size
// with trailing white space.
//
// Up to 1 KB the document is valid: the email list stays within 256
// characters, the name within 128 and the number within 90. Above that the
// email list, the name and the number are each too long (three max_length
// violations), and the rest of the work is the same.
func SizedContact(size int) []byte {
	r := rand.New(rand.NewPCG(0x512e, uint64(size)))
	email, number := "", ""
	c := plainContact{Email: &email, ID: 1042, NotifyOnCompletedRequest: true, NotifyOnNewRequest: true, Number: &number}
	budget := max(size-len(marshal(c, false)), 0)
	emailBytes, numberBytes := budget/2, budget/8
	nameChars := budget // no bound
	if size <= 1<<10 {
		emailBytes, numberBytes, nameChars = min(emailBytes, 256), min(numberBytes, 90), 128
	}
	var eb strings.Builder
	for {
		a := genAddress(r)
		if eb.Len() > 0 {
			a = ", " + a
		}
		if eb.Len()+len(a) > emailBytes {
			break
		}
		eb.WriteString(a)
	}
	email = eb.String()
	number = strings.Repeat("5", numberBytes)
	c.Name = fill("王小明李四张三", budget-len(email)-len(number), nameChars)
	doc := marshal(c, false)
	if len(doc) > size {
		panic(fmt.Sprintf("SizedContact(%d): %d bytes", size, len(doc)))
	}
	return append(doc, bytes.Repeat([]byte(" "), size-len(doc))...)
}

// fill repeats s up to at most maxBytes bytes and maxChars characters,
// never cutting a character.
func fill(s string, maxBytes, maxChars int) string {
	var b strings.Builder
	for n := 0; n < maxChars; n++ {
		c, size := utf8.DecodeRuneInString(s[b.Len()%len(s):])
		if b.Len()+size > maxBytes {
			break
		}
		b.WriteRune(c)
	}
	return b.String()
}
