package main

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// readmeQuiet is the README's form for a command and what it prints:
//
//	    go run ./cmd/crolint ARGS
//
//	prints `OUTPUT` and exits N.
var readmeQuiet = regexp.MustCompile("(?m)^    go run \\./cmd/crolint ([^\n]+)\n\nprints `([^`]*)` and exits (\\d)")

// readmeSession is the README's form for a command and the first lines of
// its output, "..." standing for the rest:
//
//	... exit status N:
//
//	    $ go run ./cmd/crolint ARGS
//	    LINE
//	    ...
var readmeSession = regexp.MustCompile("exit status (\\d):\n\n    \\$ go run \\./cmd/crolint ([^\n]+)\n((?:    [^\n]*\n)+)")

// TestREADMECommands runs the crolint commands that the README and
// docs/crolint.md show, from
// the repository's root as the README does, and checks that they print what
// the README says they print and exit as it says they exit.
func TestREADMECommands(t *testing.T) {
	var readme string
	for _, name := range []string{"../../README.md", "../../docs/crolint.md"} {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		readme += string(data) + "\n"
	}
	t.Chdir("../..")

	quiet := readmeQuiet.FindAllStringSubmatch(readme, -1)
	if len(quiet) == 0 {
		t.Error("README.md: no command in the form \"go run ./cmd/crolint ARGS\" + \"prints `OUTPUT` and exits N\"")
	}
	for _, m := range quiet {
		args, want, code := strings.Fields(m[1]), m[2]+"\n", atoi(t, m[3])
		r := runCLI(t, "", args...)
		if r.stdout != want || r.code != code {
			t.Errorf("crolint %s printed\n%s(exit %d); README.md says\n%s(exit %d)", m[1], r.stdout, r.code, want, code)
		}
	}

	sessions := readmeSession.FindAllStringSubmatch(readme, -1)
	if len(sessions) == 0 {
		t.Error("README.md: no command in the form \"exit status N:\" + \"$ go run ./cmd/crolint ARGS\" + output lines")
	}
	for _, m := range sessions {
		code, args := atoi(t, m[1]), strings.Fields(m[2])
		var want []string
		truncated := false
		for _, line := range strings.Split(strings.TrimSuffix(m[3], "\n"), "\n") {
			line = strings.TrimPrefix(line, "    ")
			if line == "..." {
				truncated = true
				break
			}
			want = append(want, line)
		}
		r := runCLI(t, "", args...)
		got := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
		if truncated && len(got) > len(want) {
			got = got[:len(want)]
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") || r.code != code {
			t.Errorf("crolint %s printed (first lines)\n%s\n(exit %d); README.md says\n%s\n(exit %d)",
				m[2], strings.Join(got, "\n"), r.code, strings.Join(want, "\n"), code)
		}
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
