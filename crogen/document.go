package crogen

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"

	"github.com/croschema/croschema"
)

// Want is the one violation a rule-breaking document must produce, as
// croschema reports it. The zero Want belongs to a valid document.
type Want struct {
	Location string         // a JSON Pointer: "/email", or "" for the whole document
	Field    string         // the server's name: "CustomerContactModel.email", or the model's name for the whole document
	Code     croschema.Code // the violation code
}

// String returns the Want as LOCATION: CODE, or "valid" for the zero Want.
func (w Want) String() string {
	if w == (Want{}) {
		return "valid"
	}
	return strconv.Quote(w.Location) + ": " + string(w.Code)
}

// A Doc is one generated JSON document of a model: valid, or breaking
// exactly one rule. JSON returns its bytes. A Doc shrinks (in gopter's
// sense) to smaller documents of the same kind: keys that may be absent
// are dropped, strings shortened down to their lower bound, lenient
// boolean forms replaced by true and false, escapes and insignificant
// space removed, and the rule it breaks kept broken the same way.
type Doc struct {
	Model croschema.Model
	Want  Want   // the zero Want: valid
	How   string // how the document breaks its rule, for people; "" when valid

	members []member
	layout  uint8  // insignificant space, see layouts
	comma   bool   // a comma after the last member: a syntax error
	cut     int    // bytes cut off the end of the object: a syntax error
	wrap    bool   // the object inside an array: a type error at the root
	root    string // when not "": the whole document, which is not an object
	suffix  string // bytes after the object
}

// member is one key of a generated document and its value.
type member struct {
	key   string
	style uint8 // escape style of the key
	v     val
	idx   int  // the key's row in the rule table; len(rules) for an unknown key
	keep  bool // never dropped when shrinking
}

// Valid reports whether d is generated to be valid (its Want is zero).
func (d Doc) Valid() bool { return d.Want == (Want{}) }

// JSON returns the document's bytes: a new slice on every call.
func (d Doc) JSON() []byte { return d.AppendJSON(nil) }

// String returns the label and the document, for test failure reports:
//
//	"/fax": max_length (16 characters): {"fax":"0123456789abcdef"}
func (d Doc) String() string {
	how := ""
	if d.How != "" {
		how = " (" + d.How + ")"
	}
	return fmt.Sprintf("%s %v%s: %q", d.Model, d.Want, how, d.JSON())
}

// layouts of insignificant space: before the object, after '{', between
// key and ':', after ':', before ',', after ',', before '}', after the
// object.
var layouts = [...][8]string{
	{},
	{"", "", "", " ", "", " ", "", ""},
	{"", "\n  ", "", " ", "", "\n  ", "\n", "\n"},
	{"\t ", " ", " ", "\r\n", " ", "\t", " ", " \r\n"},
}

// oneLineLayouts is how many layouts, from the first, have no line break.
const oneLineLayouts = 2

// AppendJSON appends the document's bytes to dst.
func (d Doc) AppendJSON(dst []byte) []byte {
	if d.root != "" {
		return append(dst, d.root...)
	}
	sp := layouts[d.layout]
	dst = append(dst, sp[0]...)
	if d.wrap {
		dst = append(dst, '[')
	}
	start := len(dst)
	dst = append(dst, '{')
	for i, m := range d.members {
		if i == 0 {
			dst = append(dst, sp[1]...)
		} else {
			dst = append(dst, sp[4]...)
			dst = append(dst, ',')
			dst = append(dst, sp[5]...)
		}
		dst = appendString(dst, m.key, m.style)
		dst = append(dst, sp[2]...)
		dst = append(dst, ':')
		dst = append(dst, sp[3]...)
		dst = m.v.appendJSON(dst)
	}
	if d.comma {
		dst = append(dst, ',')
	}
	if len(d.members) > 0 {
		dst = append(dst, sp[6]...)
	}
	dst = append(dst, '}')
	if d.cut > 0 {
		dst = dst[:max(start, len(dst)-d.cut)]
	}
	if d.wrap {
		dst = append(dst, ']')
	}
	dst = append(dst, sp[7]...)
	return append(dst, d.suffix...)
}

// clone returns a copy of d whose members can be changed.
func (d Doc) clone() Doc {
	d.members = slices.Clone(d.members)
	return d
}

// shrinks returns the documents one step smaller than d, of its kind.
func (d Doc) shrinks() []Doc {
	var out []Doc
	if d.layout != 0 {
		c := d.clone()
		c.layout = 0
		out = append(out, c)
	}
	if d.cut > 1 {
		c := d.clone()
		c.cut = 1
		out = append(out, c)
	}
	for i, m := range d.members {
		if !m.keep {
			c := d.clone()
			c.members = slices.Delete(c.members, i, i+1)
			out = append(out, c)
		}
	}
	byRow := func(a, b member) int { return a.idx - b.idx }
	if !slices.IsSortedFunc(d.members, byRow) {
		c := d.clone()
		slices.SortStableFunc(c.members, byRow)
		out = append(out, c)
	}
	for i, m := range d.members {
		if m.style != stylePlain {
			c := d.clone()
			c.members[i].style = stylePlain
			out = append(out, c)
		}
		for _, v := range m.v.shrink() {
			c := d.clone()
			c.members[i].v = v
			out = append(out, c)
		}
	}
	return out
}

// Equal reports whether d and e are the same document with the same label.
func (d Doc) Equal(e Doc) bool {
	return d.Model == e.Model && d.Want == e.Want && bytes.Equal(d.JSON(), e.JSON())
}
