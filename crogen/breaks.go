package crogen

import (
	"math/rand"
	"slices"
	"strconv"
	"strings"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/internal/jsonstr"
	"github.com/leanovate/gopter"
)

// A Break is one way to break one rule of a model: every document its Gen
// yields (a Doc) produces exactly one violation, the Doc's Want, whose
// code is Code and, for a rule of one key, whose location is "/" + Key.
type Break struct {
	Key  string         // the rule's key, or "" for a rule of the whole document (syntax, the body's type, unknown_field)
	Code croschema.Code // the code of the violation
	Gen  gopter.Gen     // of Doc
}

// breakCase is a Break before it is wrapped for gopter.
type breakCase struct {
	key  string
	code croschema.Code
	gen  docGen
}

// Breaks returns the ways to break each rule of m: first those of the
// whole document (syntax, type, null, unknown_field), then for each key
// in table order each code its rule can produce, in the order of
// croschema.Codes():
//
//	required       the key is missing (required keys only)
//	null           null (keys that are not nullable)
//	type           a value of another JSON type
//	duplicate_key  the key twice, both values valid
//	invalid_utf8   a string with invalid bytes or an unpaired surrogate escape (strings)
//	min_length     too few characters (strings with a lower bound)
//	max_length     too many characters (strings with an upper bound)
//	email          one invalid item in an otherwise valid list (email lists)
//	bool           a string or number that is no boolean form ("yes", 2, 1.0, -0)
//	integer        a fraction, an exponent, or out of int64's range (1.0, 1e3)
//
// It returns nil for a model without a body.
func Breaks(m croschema.Model) []Break {
	bs := breaks(m)
	if bs == nil {
		return nil
	}
	out := make([]Break, len(bs))
	for i, b := range bs {
		out[i] = Break{Key: b.key, Code: b.code, Gen: b.gen.gen()}
	}
	return out
}

// BreakCodes returns the codes that some Break of m produces, in the order
// of croschema.Codes().
func BreakCodes(m croschema.Model) []croschema.Code {
	var out []croschema.Code
	for _, c := range croschema.Codes() {
		for _, b := range breaks(m) {
			if b.code == c {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// BrokenDocs returns a generator of documents of m that each produce exactly
// one violation with the given code, drawn uniformly from the Breaks of
// that code. When no Break of m has the code (croschema.CodeUUID, say),
// the generator yields no value and gopter gives the property up: check
// BreakCodes first.
func BrokenDocs(m croschema.Model, code croschema.Code) gopter.Gen {
	bs := breaksOf(m, code)
	if bs == nil {
		return noDoc
	}
	return pickBreak(bs).gen()
}

func breaksOf(m croschema.Model, code croschema.Code) []breakCase {
	var bs []breakCase
	for _, b := range breaks(m) {
		if b.code == code {
			bs = append(bs, b)
		}
	}
	return bs
}

func pickBreak(bs []breakCase) docGen {
	return func(rng *rand.Rand, c config) Doc {
		return bs[rng.Intn(len(bs))].gen(rng, c)
	}
}

// breaks derives the break cases of m from its rule table.
func breaks(m croschema.Model) []breakCase {
	rs := rules(m)
	if rs == nil {
		return nil
	}
	valid := validDoc(m)
	whole := func(code croschema.Code) Want { return Want{Location: "", Field: m.String(), Code: code} }
	bs := []breakCase{
		{"", croschema.CodeSyntax, func(rng *rand.Rand, c config) Doc {
			return breakSyntax(rng, c, valid(rng, c), whole(croschema.CodeSyntax))
		}},
		{"", croschema.CodeType, func(rng *rand.Rand, c config) Doc {
			d := valid(rng, c)
			d.Want = whole(croschema.CodeType)
			if rng.Intn(2) == 0 {
				d.wrap, d.How = true, "the object inside an array"
				return d
			}
			d.root = rootNonObjects[rng.Intn(len(rootNonObjects))]
			d.How = "the body is " + d.root
			return d
		}},
		{"", croschema.CodeNull, func(rng *rand.Rand, c config) Doc {
			roots := []string{"null", " null", "null\n"}
			if c.oneLine {
				roots = roots[:2]
			}
			return Doc{Model: m, Want: whole(croschema.CodeNull), How: "the body is null", root: roots[rng.Intn(len(roots))]}
		}},
		{"", croschema.CodeUnknownField, func(rng *rand.Rand, c config) Doc {
			d := valid(rng, c)
			key := unknownKey(rng, rs)
			v := rawVal(anyJSON[rng.Intn(len(anyJSON))])
			d = insert(rng, d, member{key: key, style: genKeyStyle(rng), v: v, idx: len(rs), keep: true})
			d.Want = Want{Location: "/" + jsonstr.EscapePointer(key), Field: m.String() + "." + key, Code: croschema.CodeUnknownField}
			d.How = "unknown key " + strconv.Quote(key)
			return d
		}},
	}
	for i, r := range rs {
		for _, code := range croschema.Codes() {
			if g := breakRule(m, rs, i, code); g != nil {
				bs = append(bs, breakCase{r.Key, code, g})
			}
		}
	}
	return bs
}

// rootNonObjects are bodies that are JSON but not objects.
var rootNonObjects = []string{`[]`, `"{}"`, `42`, `true`, `false`, `[{}]`, `""`}

// anyJSON are values of every JSON type, for unknown keys.
var anyJSON = []string{`1`, `"x"`, `null`, `true`, `[]`, `{}`, `{"name":"x"}`, `[1,"a",null]`, `-0.5e3`}

// unknownKey returns a key that no rule of rs has: a word, a key of the
// table in other letter case (keys match case-sensitively), a key with a
// space, or one that a JSON Pointer must escape.
func unknownKey(rng *rand.Rand, rs []croschema.FieldRule) string {
	known := func(k string) bool {
		return slices.ContainsFunc(rs, func(r croschema.FieldRule) bool { return r.Key == k })
	}
	for {
		var k string
		r := rs[rng.Intn(len(rs))]
		switch rng.Intn(7) {
		case 0:
			k = strings.ToUpper(r.Key[:1]) + r.Key[1:]
		case 1:
			k = strings.ToUpper(r.Key)
		case 2:
			k = r.Key + " "
		case 3:
			k = "a/b~c"
		case 4:
			k = ""
		case 5:
			k = genText(rng, 1+rng.Intn(6))
		default:
			k = pick(rng, "abcdefghijklmnopqrstuvwxyz_", 1+rng.Intn(12))
		}
		if !known(k) {
			return k
		}
	}
}

// insert puts mb into d at a random place.
func insert(rng *rand.Rand, d Doc, mb member) Doc {
	d = d.clone()
	d.members = slices.Insert(d.members, rng.Intn(len(d.members)+1), mb)
	return d
}

// breakSyntax makes d, valid, into a document that is not JSON, in one of
// several ways.
func breakSyntax(rng *rand.Rand, c config, d Doc, want Want) Doc {
	d.Want = want
	switch rng.Intn(5) {
	case 0:
		d.suffix = []string{" x", "{}", "]", ",", " 1", "}", " null", "\x00"}[rng.Intn(8)]
		if !c.oneLine && rng.Intn(4) == 0 {
			d.suffix = "\n" + string(d.JSON())
		}
		d.How = "data after the object"
	case 1:
		d.cut = 1 + rng.Intn(len(d.JSON()))
		d.How = "cut short"
	case 2:
		d.comma = true
		d.How = "a comma before '}'"
	default:
		tok := badTokens[rng.Intn(len(badTokens))]
		d = insert(rng, d, member{key: "x", v: rawVal(tok), idx: len(rules(d.Model)), keep: true})
		d.How = "a value that is not JSON: " + strconv.Quote(tok)
	}
	return d
}

// badTokens are values that are not JSON.
var badTokens = []string{`tru`, `nul`, `True`, `01`, `1.`, `.5`, `+1`, `-`, `1e`, `'a'`, `"a` + "\t" + `b"`, `"\x"`, `"\u12"`, `[1,]`, `{"a"}`, `NaN`, `undefined`}

// breakRule returns the generator of documents of m that break rule i
// with code, or nil when that rule cannot produce that code.
func breakRule(m croschema.Model, rs []croschema.FieldRule, i int, code croschema.Code) docGen {
	r := rs[i]
	want := Want{Location: "/" + jsonstr.EscapePointer(r.Key), Field: r.Field, Code: code}
	isString := r.JSONType == "string"
	// with returns the documents whose rule i has the value made by v.
	with := func(v func(rng *rand.Rand) (val, string)) docGen {
		return func(rng *rand.Rand, c config) Doc {
			d := Doc{Model: m, Want: want, members: genMembers(rng, rs, i), layout: genLayout(rng, c)}
			bad, how := v(rng)
			d = insert(rng, d, member{key: r.Key, style: genKeyStyle(rng), v: bad, idx: i, keep: true})
			d.How = how
			return d
		}
	}
	switch code {
	case croschema.CodeRequired:
		if !r.Required {
			return nil
		}
		return func(rng *rand.Rand, c config) Doc {
			return Doc{Model: m, Want: want, How: "missing", members: genMembers(rng, rs, i), layout: genLayout(rng, c)}
		}
	case croschema.CodeNull:
		if r.Nullable {
			return nil
		}
		return with(func(*rand.Rand) (val, string) { return rawVal("null"), "null" })
	case croschema.CodeType:
		wrong := wrongTypes[r.JSONType]
		return with(func(rng *rand.Rand) (val, string) {
			w := wrong[rng.Intn(len(wrong))]
			return rawVal(w), "a " + r.JSONType + " key given " + w
		})
	case croschema.CodeDuplicateKey:
		return func(rng *rand.Rand, c config) Doc {
			d := Doc{Model: m, Want: want, How: "given twice", members: genMembers(rng, rs, i), layout: genLayout(rng, c)}
			at := rng.Intn(len(d.members) + 1)
			again := at + 1 + rng.Intn(len(d.members)-at+1)
			d.members = slices.Insert(d.members, at, member{key: r.Key, v: genValue(rng, r), idx: i, keep: true})
			d.members = slices.Insert(d.members, again, member{key: r.Key, style: genKeyStyle(rng), v: genValue(rng, r), idx: i, keep: true})
			return d
		}
	case croschema.CodeInvalidUTF8:
		if !isString {
			return nil
		}
		return with(func(rng *rand.Rand) (val, string) {
			b := badUTF8[rng.Intn(len(badUTF8))]
			return badUTF8Val{pre: genText(rng, rng.Intn(4)), bad: b, post: genText(rng, rng.Intn(4)), style: genStyle(rng)},
				"contains " + strconv.Quote(b)
		})
	case croschema.CodeMinLength:
		if !isString || r.MinLength == 0 || r.EmailList {
			return nil
		}
		return with(func(rng *rand.Rand) (val, string) {
			n := genLength(rng, 0, r.MinLength-1)
			return textVal{s: genText(rng, n), style: genStyle(rng), lo: 0, hi: r.MinLength - 1}, itoa(n) + " characters"
		})
	case croschema.CodeMaxLength:
		if !isString || r.MaxLength == 0 {
			return nil
		}
		if r.EmailList {
			return with(func(rng *rand.Rand) (val, string) {
				v := genTooLongEmailList(rng, r.MaxLength)
				return v, itoa(len(v.String())) + " characters of valid addresses"
			})
		}
		return with(func(rng *rand.Rand) (val, string) {
			n := genLength(rng, r.MaxLength+1, r.MaxLength+1+r.MaxLength/2)
			return textVal{s: genText(rng, n), style: genStyle(rng), lo: r.MaxLength + 1, hi: -1}, itoa(n) + " characters"
		})
	case croschema.CodeEmail:
		if !r.EmailList {
			return nil
		}
		return with(func(rng *rand.Rand) (val, string) { return genOneBadEmailList(rng, r.MaxLength) })
	case croschema.CodeBool:
		if r.JSONType != "boolean" {
			return nil
		}
		return with(func(rng *rand.Rand) (val, string) {
			b := badBools[rng.Intn(len(badBools))]
			return rawVal(b), "not a boolean form: " + b
		})
	case croschema.CodeInteger:
		if r.JSONType != "integer" {
			return nil
		}
		return with(func(rng *rand.Rand) (val, string) {
			b := badIntegers[rng.Intn(len(badIntegers))]
			return rawVal(b), "not an int64 literal: " + b
		})
	}
	return nil
}

// wrongTypes are values of another JSON type, per rule type. A boolean
// key takes strings and numbers (those that are no boolean form are bool
// violations), so only arrays and objects are of the wrong type for it.
var wrongTypes = map[string][]string{
	"string":  {`0`, `12`, `-1.5`, `true`, `false`, `[]`, `{}`, `["a"]`, `{"a":"b"}`},
	"integer": {`"1"`, `"abc"`, `""`, `true`, `false`, `[]`, `{}`, `[1]`, `{"id":1}`},
	"boolean": {`[]`, `{}`, `[true]`, `{"value":1}`},
}

// badBools are the spellings RULES.md names as not booleans, and their kin.
var badBools = []string{
	`"yes"`, `"no"`, `"on"`, `"off"`, `"t"`, `"f"`, `""`, `" 1"`, `"1 "`, `"true "`, `"truee"`, `"fals"`,
	`"2"`, `"-1"`, `"1.0"`, `"null"`, `"TRUE\u0000"`,
	`1.0`, `0.0`, `2`, `-1`, `-0`, `1e0`, `0e5`, `10e-1`, `0.5`, `100`,
}

// badIntegers are numbers that are not int64 integer literals.
var badIntegers = []string{
	`1.0`, `0.5`, `-2.25`, `1e3`, `1E+2`, `-1e-2`, `0e0`, `12.0e1`,
	`9223372036854775808`, `-9223372036854775809`, `18446744073709551616`, `123456789012345678901234567890`,
}

// badUTF8 are byte sequences (raw, or as escapes) that are not valid
// UTF-8 in a JSON string.
var badUTF8 = []string{
	"\xff", "\xfe", "\xc3", "\xe2\x82", "\xf0\x9f\x98", "\xc0\x80", "\xed\xa0\x80", "\xf8\x88\x80\x80\x80", "\x80",
	`\ud800`, `\udfff`, `\uDBFF`, `\udc00\ud800`,
}

func itoa(n int) string { return strconv.Itoa(n) }
