package croschema

import (
	"slices"
	"strconv"
	"unsafe"

	"github.com/croschema/croschema/internal/jsonstr"
)

// decoder decodes one body of a model into a record, in one pass over the
// bytes. In strict mode (the lint) it reports every violation of RULES.md; in
// tolerant mode (UnmarshalJSON) it reports only what stops a value from
// being decoded (syntax, type, bool, integer) and, like encoding/json,
// ignores unknown keys, lets the last of duplicate keys win and replaces
// invalid UTF-8 with U+FFFD.
//
// The decoder holds no pointer to the stack: escape analysis cannot follow
// its fields one by one, so a stack array in it would move to the heap.
// While scanning, the decoder keeps where each string slot's value lies in
// the input and how long it is decoded; finish then copies (or, with
// escapes or invalid bytes, decodes) every value into one buffer of
// exactly their total size and turns it into one string without a copy,
// as strings.Builder does: one allocation per document, no larger than the
// values.
type decoder struct {
	scanner
	m        *model
	strict   bool
	rec      record
	vs       Violations
	seen     uint32
	whole    bool              // the body is not an object: the one violation is about it
	spans    [maxFields][2]int // a string slot's raw bytes: data[spans[i][0]:spans[i][1]]
	unescape uint32            // bit i: slot i has escapes or invalid bytes, so is not its raw bytes
	size     int               // the decoded length of every string slot, together
	tmp      []byte            // scratch for keys, boolean strings and values with escapes
	// texts holds the texts of violations that quote the input (a key's
	// location and field, a value in a detail): each is appended once and
	// kept as a string that shares it, never written again, so that a
	// document of many violations costs a few allocations, not one a
	// violation.
	texts []byte
}

// keep returns texts[from:] as a string that shares texts, which is then
// never written there again.
func (d *decoder) keep(from int) string {
	b := d.texts[from:len(d.texts):len(d.texts)]
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// keyViolation appends the violation of a key of the input, at its JSON
// Pointer, with the model's field of it.
func (d *decoder) keyViolation(key []byte, code Code, detail string) {
	d.reserve(2*len(key) + len(d.m.name) + 8)
	from := len(d.texts)
	d.texts = append(d.texts, '/')
	d.texts = jsonstr.AppendPointer(d.texts, key)
	loc := d.keep(from)
	from = len(d.texts)
	d.texts = append(append(append(d.texts, d.m.name...), '.'), key...)
	d.grow()
	d.vs = append(d.vs, Violation{Location: loc, Field: d.keep(from), Code: code, Detail: detail})
}

// reserve makes room for n more bytes of texts. Texts already kept stay
// where they are: a full texts is replaced, never grown in place.
func (d *decoder) reserve(n int) {
	if cap(d.texts)-len(d.texts) < n {
		d.texts = make([]byte, 0, max(2*cap(d.texts), 64, 2*n))
	}
}

// valueDetail returns prefix, the value raw as truncBytes quotes it, and
// suffix, as one detail kept in texts.
func (d *decoder) valueDetail(prefix string, raw []byte, suffix string) string {
	d.reserve(len(prefix) + 3*(maxQuoted+1) + len("``...") + len(suffix))
	from := len(d.texts)
	d.texts = append(d.texts, prefix...)
	d.texts = appendTrunc(d.texts, raw)
	d.texts = append(d.texts, suffix...)
	return d.keep(from)
}

// minMember is the fewest bytes a member of an object takes after the
// first: a comma, an empty key, a colon and a one-digit value (,"":0).
const minMember = 6

// grow makes room for one more violation in d.vs. The first gets room for
// two, as a document with one violation often has a second (a bad value
// and an unknown key). When d.vs is full with more, it grows at once to as
// many as the rest of the input could add (one per member, at most
// MaxViolations and the limit), not by doublings that copy it again and
// again: that room is at most 64 KiB, and at most about ten times the rest
// of the input.
func (d *decoder) grow() {
	n := len(d.vs)
	switch {
	case n < cap(d.vs) || n > MaxViolations:
	case n == 0:
		d.vs = make(Violations, 0, 2)
	default:
		want := min(n+(len(d.data)-d.pos)/minMember+1, MaxViolations+1)
		d.vs = slices.Grow(d.vs, max(want, 2*n)-n)
	}
}

// decode runs the decoder. Afterwards a syntax error, if any, is in d.err;
// otherwise d.rec holds the decoded slots and d.vs the violations found so
// far, which finish appends the value rules to.
func (d *decoder) decode() {
	s := &d.scanner
	s.skipWS()
	c := s.peek()
	if c != '{' {
		if !s.skipValue() {
			return
		}
		if d.trailing() {
			return
		}
		d.whole = true
		code := CodeType
		if c == 'n' {
			code = CodeNull
		}
		d.vs = append(d.vs, Violation{Location: "", Field: d.m.name, Code: code,
			Detail: "body must be a JSON object, got " + jsonType(c)})
		return
	}
	s.pos++
	s.outer = 1 // the values of the body's keys are inside it
	s.skipWS()
	if s.peek() == '}' {
		s.pos++
		d.trailing()
		return
	}
	next := 0 // the slot whose key likely comes next: documents tend to keep the table's order
	for {
		if s.peek() != '"' {
			s.failChar("looking for beginning of object key string")
			return
		}
		// The expected key, when it is there, is the whole string: the
		// table's keys are plain ASCII, no escape can hide in them.
		var key stringToken
		slot := d.m.keyAt(s.data[s.pos+1:], next)
		if slot >= 0 {
			s.pos += len(d.m.rules[slot].key) + 2
			next = slot + 1
		} else {
			var ok bool
			if key, ok = s.scanString(); !ok {
				return
			}
			next++
		}
		s.skipWS()
		if s.peek() != ':' {
			s.failChar("after object key")
			return
		}
		s.pos++
		s.skipWS()
		if slot >= 0 && !d.slot(slot) || slot < 0 && !d.member(key) {
			return
		}
		s.skipWS()
		switch s.peek() {
		case ',':
			s.pos++
			s.skipWS()
			continue
		case '}':
			s.pos++
			d.trailing()
			return
		}
		s.failChar("after object key:value pair")
		return
	}
}

// trailing reports data after the top-level value as a syntax violation and
// reports whether there was any. The value itself was well formed, so its
// own violations stand beside this one.
func (d *decoder) trailing() bool {
	s := &d.scanner
	s.skipWS()
	if s.pos >= len(s.data) {
		return false
	}
	d.vs = append(d.vs, Violation{Location: "", Field: d.m.name, Code: CodeSyntax,
		Detail: "invalid character " + quoteByte(s.data[s.pos]) + " after top-level value at offset " + strconv.Itoa(s.pos)})
	return true
}

// collecting reports whether the lint still collects the violations of
// keys, which a document can repeat without bound: once it holds more than
// [MaxViolations], finish reports the limit and the scan goes on only to
// find a syntax error, keeping nothing.
func (d *decoder) collecting() bool {
	return d.strict && len(d.vs) <= MaxViolations
}

// member decodes the value of one key; pos is at the value.
func (d *decoder) member(tok stringToken) bool {
	key := tok.raw
	if !tok.ascii() {
		var valid bool
		d.tmp, _, valid = decodeString(d.tmp[:0], tok)
		key = d.tmp
		if !valid {
			if d.collecting() {
				d.keyViolation(key, CodeInvalidUTF8, "key is not valid UTF-8")
			}
			return d.skipValue()
		}
	}
	i := d.m.lookup(key)
	if i < 0 {
		if d.collecting() {
			d.keyViolation(key, CodeUnknownField, "unknown field")
		}
		return d.skipValue()
	}
	return d.slot(i)
}

// slot decodes the value of the key of slot i; pos is at the value.
func (d *decoder) slot(i int) bool {
	if d.seen&(1<<i) != 0 {
		if d.strict {
			if d.collecting() {
				d.vs = append(d.vs, d.m.violation(i, CodeDuplicateKey, "key given more than once; the first value is kept"))
			}
			return d.skipValue()
		}
		d.rec.reported &^= 1 << i // tolerant: the last value wins
	}
	d.seen |= 1 << i
	return d.value(i)
}

// value decodes the value of slot i; pos is at the value.
func (d *decoder) value(i int) bool {
	s := &d.scanner
	r := &d.m.rules[i]
	c := s.peek()
	switch {
	case c == 'n':
		if _, ok := s.scanLiteral(); !ok {
			return false
		}
		d.rec.state[i] = PresenceNull
		return true
	case c == '"':
		tok, ok := s.scanString()
		if !ok {
			return false
		}
		switch r.kind {
		case kindText, kindEmailList:
			end := s.pos - 1 // the closing quote
			d.spans[i] = [2]int{end - len(tok.raw), end}
			d.rec.state[i] = PresenceValue
			valid := tok.valid
			if tok.escaped || !tok.valid {
				_, size, runes, ok := unescape(nil, tok.raw, false)
				valid = ok
				d.unescape |= 1 << i
				d.size += size
				d.rec.setRunes(i, runes)
			} else {
				d.unescape &^= 1 << i
				d.size += len(tok.raw)
				d.rec.setRunes(i, tok.runes)
			}
			if !valid && d.strict {
				d.report(i, CodeInvalidUTF8, "string is not valid UTF-8 (invalid bytes or an unpaired surrogate escape)")
			}
		case kindBool:
			raw := tok.raw
			if !tok.ascii() {
				d.tmp, _, _ = decodeString(d.tmp[:0], tok)
				raw = d.tmp
			}
			v, ok := parseBoolBytes(raw)
			if !ok {
				d.report(i, CodeBool, d.valueDetail(boolWant, s.data[s.pos-len(tok.raw)-2:s.pos], ""))
				return true
			}
			d.setNum(i, boolInt(v))
		default:
			d.report(i, CodeType, typeDetail(r, c))
		}
		return true
	case c == 't' || c == 'f':
		if _, ok := s.scanLiteral(); !ok {
			return false
		}
		if r.kind != kindBool {
			d.report(i, CodeType, typeDetail(r, c))
			return true
		}
		d.setNum(i, boolInt(c == 't'))
		return true
	case c == '-' || isDigit(c):
		tok, ok := s.scanNumber()
		if !ok {
			return false
		}
		switch r.kind {
		case kindInteger:
			if !tok.integer {
				d.report(i, CodeInteger, d.valueDetail("want an integer literal (no fraction, no exponent), got ", tok.raw, ""))
				return true
			}
			n, ok := parseInt64(tok.raw)
			if !ok {
				d.report(i, CodeInteger, d.valueDetail("", tok.raw, " does not fit a 64-bit signed integer"))
				return true
			}
			d.setNum(i, n)
		case kindBool:
			if len(tok.raw) != 1 || (tok.raw[0] != '0' && tok.raw[0] != '1') {
				d.report(i, CodeBool, d.valueDetail(boolWant, tok.raw, ""))
				return true
			}
			d.setNum(i, int64(tok.raw[0]-'0'))
		default:
			d.report(i, CodeType, typeDetail(r, c))
		}
		return true
	case c == '{' || c == '[':
		if !s.skipValue() {
			return false
		}
		d.report(i, CodeType, typeDetail(r, c))
		return true
	}
	return s.failChar("looking for beginning of value")
}

func (d *decoder) setNum(i int, n int64) {
	d.rec.state[i] = PresenceValue
	d.rec.num[i] = n
}

// report marks slot i as present and already reported, and reports it.
func (d *decoder) report(i int, code Code, detail string) {
	d.rec.state[i] = PresenceValue
	d.rec.reported |= 1 << i
	d.grow()
	d.vs = append(d.vs, d.m.violation(i, code, detail))
}

func typeDetail(r *rule, got byte) string {
	want := "string"
	switch r.kind {
	case kindInteger:
		want = "integer"
	case kindBool:
		want = "boolean"
	}
	if r.nullable {
		want += " or null"
	}
	return "want " + want + ", got " + jsonType(got)
}

// boolWant begins the detail of a bool violation, which ends with the value.
const boolWant = "want true, false, 0, 1 or a string \"0\", \"1\", \"true\", \"false\" in any letter case, got "

func boolDetail(raw []byte) string { return boolWant + truncBytes(raw) }

// finish completes a decode: on a syntax error the only violation is that
// one (the rest of the document is not JSON, so nothing else about it is
// meaningful); otherwise the string slots are materialized with a single
// allocation and, in strict mode, the value rules and required keys are
// checked. It returns the violations.
func (d *decoder) finish() Violations {
	if d.err != nil {
		d.rec = record{}
		return Violations{{Location: "", Field: d.m.name, Code: CodeSyntax, Detail: d.err.detail()}}
	}
	if d.size > 0 {
		buf := make([]byte, 0, d.size)
		var ends [maxFields]int
		for i := range d.m.rules {
			if k := d.m.rules[i].kind; (k == kindText || k == kindEmailList) && d.rec.state[i] == PresenceValue {
				raw := d.data[d.spans[i][0]:d.spans[i][1]]
				if d.unescape&(1<<i) != 0 {
					buf, _, _ = decodeString(buf, stringToken{raw: raw, escaped: true})
				} else {
					buf = append(buf, raw...)
				}
				ends[i] = len(buf)
			}
		}
		// buf is never written again, so it may back the strings.
		all := unsafe.String(unsafe.SliceData(buf), len(buf))
		start := 0
		for i := range d.m.rules {
			if ends[i] > 0 {
				d.rec.str[i] = all[start:ends[i]]
				start = ends[i]
			}
		}
	}
	if d.strict && !d.whole {
		d.vs = d.m.validateRecord(&d.rec, d.vs)
	}
	return capViolations(d.vs, d.m.name)
}

// lint decodes data in strict mode and returns the record and every
// violation.
func lint(data []byte, m *model) (record, Violations) {
	d := decoder{scanner: scanner{data: data}, m: m, strict: true}
	d.decode()
	vs := d.finish()
	return d.rec, vs
}

// decodeTolerant decodes data in tolerant mode. The error, if any, is a
// [Violations] of the decoding problems only.
func decodeTolerant(data []byte, m *model) (record, error) {
	d := decoder{scanner: scanner{data: data}, m: m}
	d.decode()
	vs := d.finish()
	return d.rec, vs.asError()
}
