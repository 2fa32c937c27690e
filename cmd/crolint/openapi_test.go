package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/croschema/croschema"
)

func TestOpenAPI(t *testing.T) {
	got := runCLI(t, "", "openapi")
	assert.Equal(t, result{stdout: string(croschema.OpenAPI()), code: exitOK}, got)
	assert.True(t, json.Valid([]byte(got.stdout)))

	got = runCLI(t, "", "openapi", "-h")
	assert.Equal(t, exitOK, got.code)
	assert.Contains(t, got.stdout, "crolint openapi")

	for _, args := range [][]string{{"openapi", "contact"}, {"openapi", "-x"}, {"openapi", "--", "x"}} {
		got := runCLI(t, "", args...)
		assert.Equal(t, exitError, got.code, "%q", args)
		assert.Empty(t, got.stdout, "%q", args)
		assert.Contains(t, got.stderr, "crolint: openapi: ", "%q", args)
	}
}

// A failed write of the document is reported and exits 2.
func TestOpenAPIWriteFails(t *testing.T) {
	var errb bytes.Buffer
	code := run([]string{"openapi"}, strings.NewReader(""), failWriter{}, &errb)
	assert.Equal(t, exitError, code)
	assert.Equal(t, "crolint: writing output: disk full\n", errb.String())
}
