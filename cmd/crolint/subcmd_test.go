package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crogen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSchema(t *testing.T) {
	for _, name := range []string{"contact", "create-contact", "update-contact", "error"} {
		m, _ := jsonKind(name)
		want, err := m.JSONSchema()
		require.NoError(t, err)
		got := runCLI(t, "", "schema", name)
		assert.Equal(t, result{stdout: string(want), code: exitOK}, got)
		assert.True(t, json.Valid([]byte(got.stdout)))
	}
	for _, args := range [][]string{{"schema"}, {"schema", "request"}, {"schema", "contact", "x"}, {"schema", "-x", "contact"}} {
		got := runCLI(t, "", args...)
		assert.Equal(t, exitError, got.code, "%q", args)
		assert.Empty(t, got.stdout)
		assert.Contains(t, got.stderr, "crolint: schema: ")
	}
}

// TestGenLint pipes "crolint gen" into "crolint -jsonl": valid documents
// are valid, and a document generated to break rule R has exactly one
// violation, of code R.
func TestGenLint(t *testing.T) {
	for _, name := range []string{"contact", "create-contact", "update-contact", "error"} {
		m, _ := jsonKind(name)
		codes := append([]croschema.Code{""}, crogen.BreakCodes(m)...)
		for _, code := range codes {
			t.Run(fmt.Sprintf("%s/%s", name, code), func(t *testing.T) {
				const n = 30
				args := []string{"gen", name, "-n", fmt.Sprint(n), "-seed", "42"}
				if code != "" {
					args = append(args, "-break", string(code))
				}
				gen := runCLI(t, "", args...)
				require.Equal(t, exitOK, gen.code, gen.stderr)
				require.Equal(t, n, strings.Count(gen.stdout, "\n"))
				assert.Equal(t, gen, runCLI(t, "", args...), "the same seed gives the same documents")

				lint := runCLI(t, gen.stdout, "-format", "json", "-jsonl", name)
				require.Empty(t, lint.stderr)
				i := 0
				for line := range strings.Lines(lint.stdout) {
					i++
					var rec record
					require.NoError(t, json.Unmarshal([]byte(line), &rec))
					assert.Equal(t, fmt.Sprintf("-:%d", i), rec.Source)
					if code == "" {
						assert.Empty(t, rec.Violations, "line %d", i)
						continue
					}
					if assert.Len(t, rec.Violations, 1, "line %d", i) {
						assert.Equal(t, code, rec.Violations[0].Code, "line %d", i)
					}
				}
				assert.Equal(t, n, i)
			})
		}
	}
}

func TestGenUsage(t *testing.T) {
	for _, args := range [][]string{
		{"gen"},
		{"gen", "request"},
		{"gen", "contact", "-n", "-1"},
		{"gen", "contact", "-n", "x"},
		{"gen", "contact", "-break", "path"},
		{"gen", "contact", "-break", "nonsense"},
		{"gen", "contact", "update-contact"},
	} {
		got := runCLI(t, "", args...)
		assert.Equal(t, exitError, got.code, "%q", args)
		assert.Empty(t, got.stdout, "%q", args)
		assert.Contains(t, got.stderr, "crolint: gen: ", "%q", args)
	}
	got := runCLI(t, "", "gen", "contact", "-n", "0")
	assert.Equal(t, result{code: exitOK}, got)

	var errb strings.Builder
	code := run([]string{"gen", "contact", "-n", "100000"}, nil, failWriter{}, &errb)
	assert.Equal(t, exitError, code)
	assert.Equal(t, "crolint: writing output: disk full\n", errb.String())
}
