package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crogen"
	"github.com/croschema/croschema/crotest"
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
		"gen":   {"-n", "-seed", "-break", "-readable"},
		"serve": {"-addr", "-token", "-contacts", "-seed", "-max-contacts", "-fail", "-fail-count", "-fail-endpoint", "-retry-after", "-latency"},
		"proxy": {"-target", "-addr", "-format", "-strict"},
		"check": {"-token", "-reject-unknown-tokens", "-tenant", "-customer", "-seed", "-n", "-time", "-rate", "-checks", "-format", "-junit", "-body-limit", "-timeout"},
	} {
		got := runCLI(t, "", name, "-h")
		for _, f := range flags {
			named := strings.Contains(got.stdout, "  "+f+" ") || strings.Contains(got.stdout, "  "+f+"\n")
			assert.True(t, named, "%s -h names %s", name, f)
		}
	}
}

// TestGenReadable: "crolint gen -readable" writes valid documents that
// read as a person's (names, example.* addresses, 555 numbers, ids from 1),
// the same for the same seed; every Create carries a name and the mock
// stores it.
func TestGenReadable(t *testing.T) {
	name := regexp.MustCompile(`^[A-Z][a-z]+ [A-Z][a-z]+$`)
	phone := regexp.MustCompile(`^[0-9]{3}-555-01[0-9]{2}$`)
	address := regexp.MustCompile(`^[a-z]+(\.[a-z]+)?@example\.(com|org|net)$`)
	mock := httptest.NewServer(crotest.NewMock())
	defer mock.Close()
	for _, kind := range []string{"contact", "create-contact", "update-contact", "error"} {
		for _, seed := range []string{"1", "2", "-7"} {
			args := []string{"gen", kind, "-readable", "-n", "100", "-seed", seed}
			gen := runCLI(t, "", args...)
			require.Equal(t, exitOK, gen.code, gen.stderr)
			require.Equal(t, 100, strings.Count(gen.stdout, "\n"))
			assert.Equal(t, gen, runCLI(t, "", args...), "the same seed gives the same documents")
			other := runCLI(t, "", "gen", kind, "-readable", "-n", "100", "-seed", seed+"1")
			assert.NotEqual(t, gen.stdout, other.stdout, "another seed, other documents")

			lint := runCLI(t, gen.stdout, "-jsonl", kind)
			assert.Equal(t, exitOK, lint.code, "every readable document is valid:\n%s", lint.stdout)

			i := 0
			for line := range strings.Lines(gen.stdout) {
				i++
				for _, r := range line {
					require.True(t, r == '\n' || r >= ' ' && r < 0x7f, "ASCII: %q", line)
				}
				var doc map[string]any
				require.NoError(t, json.Unmarshal([]byte(line), &doc))
				if kind == "error" {
					continue
				}
				if v, ok := doc["name"].(string); ok {
					assert.Regexp(t, name, v)
				}
				for _, k := range []string{"fax", "number"} {
					if v, ok := doc[k].(string); ok {
						assert.Regexp(t, phone, v, k)
					}
				}
				if v, ok := doc["email"].(string); ok {
					for _, a := range strings.Split(v, ", ") {
						assert.Regexp(t, address, a)
					}
				}
				for k, v := range doc {
					if strings.HasPrefix(k, "notify_on_") {
						assert.IsType(t, true, v, "a canonical boolean")
					}
				}
				switch kind {
				case "contact":
					assert.Equal(t, float64(i), doc["id"], "ids from 1")
				case "create-contact":
					assert.Contains(t, doc, "name")
					resp, body := call(t, "POST", mock.URL+"/customers/1/contacts", okHeader(), line)
					assert.Equal(t, http.StatusOK, resp.StatusCode, "the mock stores %s: %s", line, body)
				case "update-contact":
					assert.NotEmpty(t, doc)
				}
			}
		}
	}
	got := runCLI(t, "", "gen", "contact", "-readable", "-break", "email")
	assert.Equal(t, exitError, got.code)
	assert.Contains(t, got.stderr, "crolint: gen: -readable documents are valid")
}

// TestGenReadableGolden pins the readable documents of one seed: they
// come from PCG's output alone, the same on every Go release.
func TestGenReadableGolden(t *testing.T) {
	for _, kind := range []string{"contact", "create-contact", "update-contact", "error"} {
		args := []string{"gen", kind, "-readable", "-n", "5", "-seed", "1"}
		got := runCLI(t, "", args...)
		checkGolden(t, "gen-readable-"+kind, "args: "+strings.Join(args, " ")+"\n"+got.String())
	}
}
