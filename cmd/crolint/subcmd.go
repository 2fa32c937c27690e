package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crogen"
)

// jsonKind returns the model of a JSON KIND name.
func jsonKind(name string) (croschema.Model, bool) {
	for _, k := range kinds {
		if k.name == name && k.http == notHTTP {
			return k.model, true
		}
	}
	return croschema.ModelNone, false
}

const jsonKinds = "contact, create-contact, update-contact, error"

// schema is "crolint schema KIND": the JSON Schema of a body model.
func (c *command) schema(args []string) int {
	fset := newFlagSet("schema")
	pos, status, ok := c.parseFlags(fset, args)
	if !ok {
		return status
	}
	if len(pos) != 1 {
		return c.usage("schema: want one KIND: " + jsonKinds)
	}
	m, ok := jsonKind(pos[0])
	if !ok {
		return c.usage(fmt.Sprintf("schema: unknown KIND %q: want one of %s", pos[0], jsonKinds))
	}
	schema, err := m.JSONSchema()
	if err != nil {
		fmt.Fprintf(c.stderr, "crolint: schema: %v\n", err)
		return exitError
	}
	c.stdout.Write(schema)
	return exitOK
}

// gen is "crolint gen KIND [-n N] [-seed S] [-readable | -break CODE]":
// generated documents, one a line.
func (c *command) gen(args []string) int {
	fset := newFlagSet("gen")
	n := fset.Int("n", 10, "")
	seed := fset.Int64("seed", 1, "")
	breakCode := fset.String("break", "", "")
	readable := fset.Bool("readable", false, "")
	pos, status, ok := c.parseFlags(fset, args)
	if !ok {
		return status
	}
	if len(pos) != 1 {
		return c.usage("gen: want one KIND: " + jsonKinds)
	}
	m, ok := jsonKind(pos[0])
	if !ok {
		return c.usage(fmt.Sprintf("gen: unknown KIND %q: want one of %s", pos[0], jsonKinds))
	}
	if *n < 0 {
		return c.usage(fmt.Sprintf("gen: -n %d: want a count, 0 or more", *n))
	}
	if *readable && *breakCode != "" {
		return c.usage("gen: -readable documents are valid; -break makes documents with a violation: give one of them")
	}
	if *readable {
		if err := writeReadable(c.stdout, m, *n, *seed); err != nil {
			c.writeFailed(err)
			return exitError
		}
		return exitOK
	}
	code := croschema.Code(*breakCode)
	if codes := crogen.BreakCodes(m); code != "" && !slices.Contains(codes, code) {
		names := make([]string, len(codes))
		for i, c := range codes {
			names[i] = string(c)
		}
		return c.usage(fmt.Sprintf("gen: -break %q: %s documents can break %s", *breakCode, pos[0], strings.Join(names, ", ")))
	}
	// The arguments are checked: what fails now is writing.
	if err := crogen.WriteJSONL(c.stdout, m, *n, *seed, code); err != nil {
		c.writeFailed(err)
		return exitError
	}
	return exitOK
}
