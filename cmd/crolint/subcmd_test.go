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

// TestSubcommandHelp: "crolint SUBCOMMAND -h" prints that subcommand's
// usage, help and flags, and nothing of the others'; a usage error of a
// subcommand shows its usage only. "crolint -h" prints all of it.
func TestSubcommandHelp(t *testing.T) {
	all := runCLI(t, "", "-h")
	assert.Equal(t, result{stdout: usageText, code: exitOK}, all)
	for _, s := range subcommands {
		for _, h := range []string{"-h", "-help", "--help"} {
			got := runCLI(t, "", s.name, h)
			assert.Equal(t, exitOK, got.code)
			assert.Empty(t, got.stderr)
			assert.True(t, strings.HasPrefix(got.stdout, "usage: crolint "+s.name), "%s %s: %q", s.name, h, got.stdout)
			assert.Contains(t, got.stdout, s.help)
			assert.Contains(t, all.stdout, s.help, "crolint -h has it too")
			assert.NotContains(t, got.stdout, "KIND is one of", "%s %s: not the lint's help", s.name, h)
			for _, other := range subcommands {
				if other.name != s.name {
					assert.NotContains(t, got.stdout, "crolint "+other.usage[0], "%s %s", s.name, h)
				}
			}
		}
		// A usage error: this subcommand's usage, and where its help is.
		got := runCLI(t, "", s.name, "-no-such-flag")
		assert.Equal(t, exitError, got.code)
		assert.Contains(t, got.stderr, "crolint: "+s.name+": flag provided but not defined: -no-such-flag\nusage: crolint "+s.name)
		assert.Contains(t, got.stderr, "Run 'crolint "+s.name+" -h' for the details.")
		assert.NotContains(t, got.stderr, lintUsage)
	}
	// Every flag a subcommand defines is in its help.
	for name, flags := range map[string][]string{
		"gen":   {"-n", "-seed", "-break"},
		"serve": {"-addr", "-token", "-contacts", "-seed", "-max-contacts", "-fail", "-fail-count", "-fail-endpoint", "-retry-after", "-latency"},
		"proxy": {"-target", "-addr", "-format", "-strict"},
	} {
		got := runCLI(t, "", name, "-h")
		for _, f := range flags {
			assert.Contains(t, got.stdout, f+" ", "%s -h names %s", name, f)
		}
	}
}
