package crogen

import (
	"math"
	"math/rand"
	"reflect"
	"strconv"
	"strings"

	"github.com/croschema/croschema"
	"github.com/leanovate/gopter"
)

// config is how documents are generated.
type config struct {
	oneLine bool // no line breaks, for JSONL
}

// docGen is a generator of documents, before it is wrapped as a gopter.Gen.
type docGen func(rng *rand.Rand, c config) Doc

var typeDoc = reflect.TypeFor[Doc]()

// gen wraps g as a gopter generator of Doc with Doc's shrinker.
func (g docGen) gen() gopter.Gen {
	return func(p *gopter.GenParameters) *gopter.GenResult {
		return gopter.NewGenResult(g(p.Rng, config{}), shrinkDoc)
	}
}

// shrinkDoc is the gopter.Shrinker of Doc.
func shrinkDoc(v any) gopter.Shrink {
	return shrinkList(v.(Doc).shrinks())
}

// shrinkList returns a gopter.Shrink over the given values.
func shrinkList[T any](vs []T) gopter.Shrink {
	i := 0
	return func() (any, bool) {
		if i >= len(vs) {
			return nil, false
		}
		i++
		return vs[i-1], true
	}
}

// rules returns the rule table of m (nil for a model without a body).
func rules(m croschema.Model) []croschema.FieldRule { return m.Rules() }

// genValue returns a value valid for rule r; nullable rules get null one
// time in six.
func genValue(rng *rand.Rand, r croschema.FieldRule) val {
	if r.Nullable && rng.Intn(6) == 0 {
		return rawVal("null")
	}
	switch {
	case r.JSONType == "integer":
		return genInt(rng)
	case r.JSONType == "boolean":
		return genBool(rng)
	case r.EmailList:
		return genValidEmailList(rng, r.MaxLength)
	}
	return genValidText(rng, r)
}

// genInt returns a valid integer: a boundary, a small one, or any int64.
func genInt(rng *rand.Rand) val {
	var n int64
	switch rng.Intn(6) {
	case 0:
		n = math.MaxInt64
	case 1:
		n = math.MinInt64
	case 2:
		if rng.Intn(4) == 0 {
			return intVal{0, "-0"} // an integer literal, the same as 0
		}
		n = int64(rng.Intn(2000) - 1000)
	default:
		n = rng.Int63()
		if rng.Intn(2) == 0 {
			n = -n
		}
	}
	return intVal{n, strconv.FormatInt(n, 10)}
}

// genBoolVal returns one accepted boolean form: a JSON literal, the number
// 0 or 1, or a string "0", "1", "true" or "false" in random letter case
// and escape style.
func genBoolVal(rng *rand.Rand) boolVal {
	v := rng.Intn(2) == 1
	switch rng.Intn(3) {
	case 0:
		return boolVal{form: strconv.FormatBool(v), v: v}
	case 1:
		return boolVal{form: strconv.Itoa(boolDigit(v)), v: v}
	}
	form := strconv.Itoa(boolDigit(v))
	if rng.Intn(3) != 0 {
		form = randomCase(rng, strconv.FormatBool(v))
	}
	return boolVal{form: form, str: true, style: genStyle(rng), v: v}
}

func genBool(rng *rand.Rand) val { return genBoolVal(rng) }

// boolDigit returns the number form of a boolean: 1 for true, 0 for false.
func boolDigit(b bool) int {
	if b {
		return 1
	}
	return 0
}

// randomCase returns s, ASCII, with each letter upper-cased at random.
func randomCase(rng *rand.Rand, s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' && rng.Intn(2) == 0 {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// genMembers returns a member for each rule of m: always for a required
// key, three times in four for another. skip is the row to leave out (-1
// for none).
func genMembers(rng *rand.Rand, rs []croschema.FieldRule, skip int) []member {
	all := rng.Intn(4) == 0
	var ms []member
	for i, r := range rs {
		if i == skip || (!r.Required && !all && rng.Intn(4) == 0) {
			continue
		}
		ms = append(ms, member{key: r.Key, style: genKeyStyle(rng), v: genValue(rng, r), idx: i, keep: r.Required})
	}
	if rng.Intn(4) == 0 {
		rng.Shuffle(len(ms), func(i, j int) { ms[i], ms[j] = ms[j], ms[i] })
	}
	return ms
}

// genKeyStyle is genStyle, rarer: most keys are written plainly.
func genKeyStyle(rng *rand.Rand) uint8 {
	if rng.Intn(3) == 0 {
		return genStyle(rng)
	}
	return stylePlain
}

func genLayout(rng *rand.Rand, c config) uint8 {
	if c.oneLine {
		return uint8(rng.Intn(oneLineLayouts))
	}
	return uint8(rng.Intn(len(layouts)))
}

// validDoc returns the generator of valid documents of m.
func validDoc(m croschema.Model) docGen {
	rs := rules(m)
	return func(rng *rand.Rand, c config) Doc {
		return Doc{Model: m, members: genMembers(rng, rs, -1), layout: genLayout(rng, c)}
	}
}

// ValidDocs returns a generator of valid documents of m (Doc values): every
// required key, each other key three times in four, each value valid for
// its rule in one of its accepted forms (null where allowed, strings of
// every length from the lower to the upper bound, lenient booleans,
// escapes, insignificant space, keys in any order). Documents of
// ModelCustomerContact lint clean with croschema.LintContact, and so on.
func ValidDocs(m croschema.Model) gopter.Gen {
	if rules(m) == nil {
		return noDoc
	}
	return validDoc(m).gen()
}

// noDoc is the generator of no document, for a model without a body.
var noDoc gopter.Gen = func(*gopter.GenParameters) *gopter.GenResult {
	return gopter.NewEmptyResult(typeDoc)
}

// AnyDocs returns a generator of documents of m, one in three valid and the
// rest each breaking one rule, the Break drawn uniformly from Breaks(m).
func AnyDocs(m croschema.Model) gopter.Gen {
	bs := breaks(m)
	if bs == nil {
		return noDoc
	}
	valid := validDoc(m)
	return docGen(func(rng *rand.Rand, c config) Doc {
		if rng.Intn(3) == 0 {
			return valid(rng, c)
		}
		return bs[rng.Intn(len(bs))].gen(rng, c)
	}).gen()
}

// BoolForm is one accepted form of a boolean.
type BoolForm struct {
	JSON  string // the JSON text: true, false, 0, 1, "0", "1", or "true" or "false" in any letter case
	Value bool   // the boolean it means
}

// BoolForms returns a generator of every accepted boolean form (BoolForm
// values): JSON true and false, the numbers 0 and 1, and the strings "0",
// "1", "true" and "false" in random letter case ("tRuE"), some with \u
// escapes ("\u0074rue"). A form shrinks to the JSON literal of its value.
func BoolForms() gopter.Gen {
	return func(p *gopter.GenParameters) *gopter.GenResult {
		return gopter.NewGenResult(boolForm(genBoolVal(p.Rng)), shrinkBoolForm)
	}
}

func boolForm(b boolVal) BoolForm { return BoolForm{JSON: string(b.appendJSON(nil)), Value: b.v} }

func shrinkBoolForm(v any) gopter.Shrink {
	f := v.(BoolForm)
	lit := BoolForm{JSON: strconv.FormatBool(f.Value), Value: f.Value}
	if f == lit {
		return gopter.NoShrink
	}
	return shrinkList([]BoolForm{lit})
}

// emailRule returns the email list rule of the contact model, the one
// whose bound the email generators keep.
func emailRule() croschema.FieldRule {
	for _, r := range croschema.ModelCustomerContact.Rules() {
		if r.EmailList {
			return r
		}
	}
	return croschema.FieldRule{}
}

// EmailLists returns a generator of valid email lists (string values) as
// the contact model's email rule allows them: "" or one to four valid
// addresses separated by commas, with spaces, tabs, CRs and LFs around
// items, within the rule's length bound. Lists shrink by dropping items
// and space and shortening addresses.
func EmailLists() gopter.Gen {
	max := emailRule().MaxLength
	return func(p *gopter.GenParameters) *gopter.GenResult {
		v := genValidEmailList(p.Rng, max)
		return gopter.NewGenResult(v.String(), func(s any) gopter.Shrink {
			return shrinkList(emailStrings(parseEmailList(s.(string), max).shrink()))
		})
	}
}

// EmailAddresses returns a generator of valid addresses (string values):
// dot-atoms of letters, digits and the other characters RFC 5322 allows
// unquoted, at one- or two-label domains under a 2 to 6 letter top-level
// domain ("o'hara.x+y@mail-1.example.org"). They shrink to "a@b.co".
func EmailAddresses() gopter.Gen {
	return func(p *gopter.GenParameters) *gopter.GenResult {
		return gopter.NewGenResult(genAddress(p.Rng), func(s any) gopter.Shrink {
			if len(s.(string)) <= len(shortestAddress) {
				return gopter.NoShrink
			}
			return shrinkList([]string{shortestAddress})
		})
	}
}

func emailStrings(vs []val) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.(emailVal).String()
	}
	return out
}

// parseEmailList returns the valid list s as an emailVal, for shrinking.
func parseEmailList(s string, max int) emailVal {
	v := emailVal{bad: -1, class: emailValid, max: max}
	if s == "" {
		return v
	}
	for _, item := range strings.Split(s, ",") {
		addr := strings.Trim(item, emailSpace)
		i := strings.Index(item, addr)
		v.items = append(v.items, emailItem{pre: item[:i], addr: addr, post: item[i+len(addr):]})
	}
	return v
}
