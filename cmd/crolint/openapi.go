package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/croschema/croschema"
)

// openapi is "crolint openapi": the OpenAPI 3.0.3 document of the three
// endpoints, croschema.OpenAPI.
func (c *command) openapi(args []string) int {
	fset := flag.NewFlagSet("crolint openapi", flag.ContinueOnError)
	fset.SetOutput(io.Discard)
	pos, err := parseInterspersed(fset, args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(c.stdout, usageText)
		return exitOK
	}
	if err != nil {
		return c.usage("openapi: " + err.Error())
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
