package main

import (
	"fmt"

	"github.com/croschema/croschema"
)

// openapi is "crolint openapi": the OpenAPI 3.0.3 document of the three
// endpoints, croschema.OpenAPI.
func (c *command) openapi(args []string) int {
	fset := newFlagSet("openapi")
	pos, status, ok := c.parseFlags(fset, args)
	if !ok {
		return status
	}
	if len(pos) != 0 {
		return c.usage(fmt.Sprintf("openapi: unexpected argument %q: the command takes none", pos[0]))
	}
	if _, err := c.stdout.Write(croschema.OpenAPI()); err != nil {
		c.writeFailed(err)
		return exitError
	}
	return exitOK
}
