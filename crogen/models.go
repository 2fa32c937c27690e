package crogen

import (
	"encoding/json"
	"reflect"
	"strconv"

	"github.com/croschema/croschema"
	"github.com/leanovate/gopter"
)

// Contacts returns a generator of valid croschema.CustomerContact values:
// the documents of ValidDocs(croschema.ModelCustomerContact), decoded. They
// shrink as those documents do.
func Contacts() gopter.Gen {
	return valueGen[croschema.CustomerContact](croschema.ModelCustomerContact)
}

// CreateBodies returns a generator of valid
// croschema.CreateCustomerContact values, each key absent, null where
// allowed, or set: the documents of
// ValidDocs(croschema.ModelCreateCustomerContact), decoded.
func CreateBodies() gopter.Gen {
	return valueGen[croschema.CreateCustomerContact](croschema.ModelCreateCustomerContact)
}

// UpdateBodies returns a generator of valid
// croschema.UpdateCustomerContact values: the documents of
// ValidDocs(croschema.ModelUpdateCustomerContact), decoded.
func UpdateBodies() gopter.Gen {
	return valueGen[croschema.UpdateCustomerContact](croschema.ModelUpdateCustomerContact)
}

// APIErrors returns a generator of valid croschema.APIError bodies (the
// StatusCode is left zero).
func APIErrors() gopter.Gen { return valueGen[croschema.APIError](croschema.ModelAPIError) }

// valueGen returns a generator of the valid documents of m decoded into T
// with encoding/json (T's tolerant UnmarshalJSON). A T shrinks through its
// canonical JSON: that document's shrinks, decoded.
func valueGen[T any](m croschema.Model) gopter.Gen {
	docs := validDoc(m)
	typ := reflect.TypeFor[T]()
	shrink := func(v any) gopter.Shrink {
		t := v.(T)
		data, err := json.Marshal(&t)
		if err != nil {
			return gopter.NoShrink
		}
		d, ok := docFromJSON(m, data)
		if !ok {
			return gopter.NoShrink
		}
		var out []T
		for _, s := range d.shrinks() {
			var t T
			if json.Unmarshal(s.JSON(), &t) == nil {
				out = append(out, t)
			}
		}
		return shrinkList(out)
	}
	return func(p *gopter.GenParameters) *gopter.GenResult {
		var t T
		if err := json.Unmarshal(docs(p.Rng, config{}).JSON(), &t); err != nil {
			return gopter.NewEmptyResult(typ)
		}
		return gopter.NewGenResult(t, shrink)
	}
}

// docFromJSON reads a valid document of m written in canonical form (keys
// in table order, no escapes beyond the necessary) back into a Doc, so
// that it can shrink.
func docFromJSON(m croschema.Model, data []byte) (Doc, bool) {
	var obj map[string]json.RawMessage
	if json.Unmarshal(data, &obj) != nil {
		return Doc{}, false
	}
	d := Doc{Model: m}
	for i, r := range rules(m) {
		raw, ok := obj[r.Key]
		if !ok {
			continue
		}
		mb := member{key: r.Key, idx: i, keep: r.Required}
		switch {
		case string(raw) == "null":
			mb.v = rawVal("null")
		case r.JSONType == "integer":
			n, err := strconv.ParseInt(string(raw), 10, 64)
			if err != nil {
				return Doc{}, false
			}
			mb.v = intVal{n, string(raw)}
		case r.JSONType == "boolean":
			var b bool
			if json.Unmarshal(raw, &b) != nil {
				return Doc{}, false
			}
			mb.v = boolVal{form: strconv.FormatBool(b), v: b}
		default:
			var s string
			if json.Unmarshal(raw, &s) != nil {
				return Doc{}, false
			}
			if r.EmailList {
				mb.v = parseEmailList(s, r.MaxLength)
			} else {
				mb.v = textVal{s: s, lo: r.MinLength, hi: r.MaxLength}
			}
		}
		d.members = append(d.members, mb)
	}
	return d, true
}
