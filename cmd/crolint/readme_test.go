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

// TestREADMECheckRecipe runs the README's "Check a server": crolint serve,
// then the crolint check line it shows, against that server (on a port of
// its own rather than 8003), and finds what the README says it prints.
func TestREADMECheckRecipe(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	const addr = "http://127.0.0.1:8003"
	serveLine := regexp.MustCompile(`(?m)^    go run \./cmd/crolint serve -addr 127\.0\.0\.1:8003 2>serve\.log &$`)
	checkLine := regexp.MustCompile(`(?m)^    go run \./cmd/crolint check ([^\n]+) ` + regexp.QuoteMeta(addr) + `$`)
	if !serveLine.MatchString(readme) {
		t.Fatal("README.md: no crolint serve line on " + addr)
	}
	m := checkLine.FindStringSubmatch(readme)
	if m == nil {
		t.Fatal("README.md: no crolint check line against " + addr)
	}
	s := startServe(t)
	got := runCheck(t, append(strings.Fields(m[1]), s.url)...)
	if got.code != exitOK {
		t.Fatalf("crolint check %s: exit %d\n%s%s", m[1], got.code, got.stdout, got.stderr)
	}
	summary := regexp.MustCompile(`PASS: (\d+) passed, 0 failed, (\d+) skipped of (\d+) checks`).FindStringSubmatch(got.stdout)
	if summary == nil {
		t.Fatalf("no PASS line:\n%s", got.stdout)
	}
	said := "PASS: " + summary[1] + " passed, 0 failed, " + summary[2] + " skipped of " + summary[3] + "\nchecks"
	if !strings.Contains(readme, said) && !strings.Contains(readme, strings.ReplaceAll(said, "\n", " ")) {
		t.Errorf("README.md does not say %q", said)
	}
	if !strings.Contains(readme, "table of the "+summary[3]+" checks") {
		t.Errorf("README.md does not say there are %s checks", summary[3])
	}
}
