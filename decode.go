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
	if cap(d.texts)-len(d.texts) < 2*len(key)+len(d.m.name)+8 {
		d.texts = make([]byte, 0, max(2*cap(d.texts), 256, 4*len(key)+2*len(d.m.name)+16))
	}
	from := len(d.texts)
	d.texts = append(d.texts, '/')
	d.texts = jsonstr.AppendPointer(d.texts, key)
	loc := d.keep(from)
	from = len(d.texts)
	d.texts = append(append(append(d.texts, d.m.name...), '.'), key...)
	d.growViolations()
	d.vs = append(d.vs, Violation{Location: loc, Field: d.keep(from), Code: code, Detail: detail})
}

// minMember is the fewest bytes a member of an object takes after the
// first: a comma, an empty key, a colon and a one-digit value (,"":0).
const minMember = 6

// growViolations makes room for the violations of a document with many
// unknown or repeated keys: when d.vs is full and already holds a few, it
// grows at once to as many as the rest of the input could add (one per
// member, at most [MaxViolations] and the limit), not by doublings that copy
// it again and again. That room is at most 64 KiB, and at most about ten
// times the rest of the input. A document with one to four violations
// keeps append's growth.
func (d *decoder) growViolations() {
	n := len(d.vs)
	if n < cap(d.vs) || n < 4 || n > MaxViolations {
		return
	}
	if want := min(n+(len(d.data)-d.pos)/minMember+1, MaxViolations+1); want > 2*n {
		d.vs = slices.Grow(d.vs, want-n)
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
				d.report(i, CodeBool, boolDetail(s.data[s.pos-len(tok.raw)-2:s.pos]))
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
				d.report(i, CodeInteger, "want an integer literal (no fraction, no exponent), got "+truncBytes(tok.raw))
				return true
			}
			n, ok := parseInt64(tok.raw)
			if !ok {
				d.report(i, CodeInteger, truncBytes(tok.raw)+" does not fit a 64-bit signed integer")
				return true
			}
			d.setNum(i, n)
		case kindBool:
			if len(tok.raw) != 1 || (tok.raw[0] != '0' && tok.raw[0] != '1') {
				d.report(i, CodeBool, boolDetail(tok.raw))
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

func boolDetail(raw []byte) string {
	return "want true, false, 0, 1 or a string \"0\", \"1\", \"true\", \"false\" in any letter case, got " + truncBytes(raw)
}

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
