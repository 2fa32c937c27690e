package main

import (
	"bufio"
	"errors"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/croschema/croschema"
)

// This file is "crolint gen -readable": valid documents that read like
// the ones a person or an application writes, for examples, fixtures and
// seeding a mock, where crogen's documents (every escape, boolean form and
// length the rules allow) are for parsers.

// Readable values: names, addresses at the domains RFC 2606 reserves for
// examples, and phone numbers in the 555-0100 to 555-0199 range that
// North American numbering keeps for fiction.
var (
	firstNames = []string{"Ann", "Ben", "Carla", "Dev", "Elena", "Farid", "George", "Grace", "Hiro", "Ines",
		"Jonas", "Kofi", "Lena", "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tara", "Uma",
		"Victor", "Wen", "Yara", "Zoe"}
	lastNames = []string{"Adams", "Baker", "Chen", "Diaz", "Duty", "Evans", "Fischer", "Garcia", "Haddad",
		"Ito", "Johnson", "Kowalski", "Lopez", "Martin", "Nguyen", "Okafor", "Patel", "Rossi", "Silva",
		"Tanaka", "Valdez", "Weber", "Young", "Zimmer"}
	emailDomains = []string{"example.com", "example.org", "example.net"}
	areaCodes    = []string{"206", "212", "303", "312", "360", "415", "503", "512", "617", "702"}

	// readableErrors are error bodies as the API writes them: field and
	// detail, the documented explanation or none.
	readableErrors = []struct{ field, detail string }{
		{"CustomerContactModel.name", "Unknown field."},
		{"CreateCustomerContactModel.name", "missing; a stored contact has a name of 1 to 128 characters"},
		{"UpdateCustomerContactModel.fax", "3 characters, at least 7 required"},
		{"StandardRequestHeadersModel.x-tenant-id", "missing; the header is required"},
		{"StandardRequestHeadersModel.authorization", "The bearer token is not accepted."},
		{"", "The contact does not exist."},
		{"", "Internal server error."},
	}
)

// readableStream is the PCG stream of -readable, so that its documents
// differ from crogen's for the same seed.
const readableStream = 0x7265616461626c65 // "readable"

// readable draws readable values. It reads nothing of math/rand/v2 but
// PCG's Uint64, whose output is fixed by its algorithm, so that a seed
// gives the same documents on every Go release.
type readable struct{ src *rand.PCG }

func newReadable(seed int64) *readable {
	return &readable{src: rand.NewPCG(uint64(seed), readableStream)}
}

// intn returns a number in [0, n).
func (r *readable) intn(n int) int { return int(r.src.Uint64() % uint64(n)) }

// oneIn reports true once in n draws.
func (r *readable) oneIn(n int) bool { return r.intn(n) == 0 }

func (r *readable) pick(list []string) string { return list[r.intn(len(list))] }

func (r *readable) person() (first, last string) { return r.pick(firstNames), r.pick(lastNames) }

func (r *readable) email(first, last string) string {
	addr := strings.ToLower(first) + "." + strings.ToLower(last) + "@" + r.pick(emailDomains)
	if r.oneIn(6) { // a list of two, as the API allows
		f, l := r.person()
		addr += ", " + strings.ToLower(f[:1]+l) + "@" + r.pick(emailDomains)
	}
	return addr
}

// phone returns a number such as "360-555-0123" (12 characters: a phone
// number of 1 to 90, a fax of 7 to 15).
func (r *readable) phone() string {
	return r.pick(areaCodes) + "-555-01" + strconv.Itoa(10+r.intn(90))
}

// nullable returns value, or null once in n.
func (r *readable) nullable(n int, value func() string) croschema.NullString {
	if r.oneIn(n) {
		return croschema.NullString{}
	}
	return croschema.NewNullString(value())
}

// contact returns a contact with the given id.
func (r *readable) contact(id int64) croschema.CustomerContact {
	first, last := r.person()
	return croschema.CustomerContact{
		ID:                          id,
		Name:                        first + " " + last,
		Email:                       r.nullable(5, func() string { return r.email(first, last) }),
		Fax:                         r.nullable(2, r.phone),
		Number:                      r.nullable(5, r.phone),
		NotifyOnAcknowledgedRequest: croschema.Bool(r.oneIn(2)),
		NotifyOnCompletedRequest:    croschema.Bool(r.oneIn(2)),
		NotifyOnDispatchedRequest:   croschema.Bool(r.oneIn(2)),
		NotifyOnFailedRequest:       croschema.Bool(r.oneIn(2)),
		NotifyOnNewRequest:          croschema.Bool(r.oneIn(2)),
	}
}

// body returns the keys of a contact as a Create or Update carries them:
// name always when withName, every other key present half the time, a
// present email, fax or number null now and then.
func (r *readable) body(withName bool) croschema.CreateCustomerContact {
	c := r.contact(0)
	var b croschema.CreateCustomerContact
	if withName || r.oneIn(2) {
		b.Name = croschema.Set(c.Name)
	}
	text := func(o *croschema.Optional[string], v croschema.NullString) {
		switch {
		case !r.oneIn(2):
		case v.Valid:
			*o = croschema.Set(v.String)
		default:
			*o = croschema.SetNull[string]()
		}
	}
	text(&b.Email, c.Email)
	text(&b.Fax, c.Fax)
	text(&b.Number, c.Number)
	flag := func(o *croschema.Optional[bool], v croschema.Bool) {
		if r.oneIn(2) {
			*o = croschema.Set(bool(v))
		}
	}
	flag(&b.NotifyOnAcknowledgedRequest, c.NotifyOnAcknowledgedRequest)
	flag(&b.NotifyOnCompletedRequest, c.NotifyOnCompletedRequest)
	flag(&b.NotifyOnDispatchedRequest, c.NotifyOnDispatchedRequest)
	flag(&b.NotifyOnFailedRequest, c.NotifyOnFailedRequest)
	flag(&b.NotifyOnNewRequest, c.NotifyOnNewRequest)
	if len(b.AppendJSON(nil)) <= len("{}") { // an Update changes something
		b.Name = croschema.Set(c.Name)
	}
	return b
}

func (r *readable) apiError() croschema.APIError {
	e := readableErrors[r.intn(len(readableErrors))]
	out := croschema.APIError{Detail: e.detail}
	if e.field != "" {
		out.Field = croschema.NewNullString(e.field)
	}
	if r.oneIn(2) {
		out.Explanation = croschema.NewNullString("The resource could not be accessed.")
	}
	return out
}

// writeReadable writes n readable documents of m to w, one a line, the
// same ones for the same seed: contacts with ids 1 to n, Create bodies
// that all carry a name, Update bodies of one key or more, error bodies.
func writeReadable(w io.Writer, m croschema.Model, n int, seed int64) error {
	r := newReadable(seed)
	bw := bufio.NewWriter(w)
	var line []byte
	for i := range n {
		line = line[:0]
		switch m {
		case croschema.ModelCustomerContact:
			c := r.contact(int64(i + 1))
			line = c.AppendJSON(line)
		case croschema.ModelCreateCustomerContact:
			b := r.body(true)
			line = b.AppendJSON(line)
		case croschema.ModelUpdateCustomerContact:
			b := croschema.UpdateCustomerContact(r.body(false))
			line = b.AppendJSON(line)
		case croschema.ModelAPIError:
			e := r.apiError()
			line, _ = e.MarshalJSON()
		default:
			return errors.New("no readable documents of " + m.String())
		}
		bw.Write(line)
		if err := bw.WriteByte('\n'); err != nil {
			return err
		}
	}
	return bw.Flush()
}
