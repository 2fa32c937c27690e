package crotest_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/crotest"
)

// FuzzConformingServer fuzzes the conforming server of these tests: go
// test runs its seed corpus (one input per kind of probe); go test -fuzz
// explores from there.
func FuzzConformingServer(f *testing.F) {
	crotest.FuzzHandler(f, crohttp.Middleware()(newConfStore()))
}

// TestFuzzHandlerFindsPlantedBug copies testdata/fuzzplanted, a server
// whose PATCH ignores number's null when the same body sets
// notify_on_new_request to true, into a module of its own, checks that
// its seed corpus passes (the bug is not in the seeds), then runs go test
// -fuzz from an empty corpus: the fuzzer finds the bug, saves the input,
// and the saved input replays as the same failure.
func TestFuzzHandlerFindsPlantedBug(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs go test -fuzz")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	dir := t.TempDir()
	src, err := os.ReadFile("testdata/fuzzplanted/planted_test.go")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "planted_test.go"), src, 0o644))
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	require.NoError(t, err)
	// The repository's requirements, under another module name, with the
	// repository in place of the published croschema.
	gomod := strings.Replace(string(mod), "module github.com/croschema/croschema", "module fuzzplanted", 1)
	gomod += "\nrequire github.com/croschema/croschema v0.0.0\n\nreplace github.com/croschema/croschema => " + root + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644))
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644))

	gotest := func(args ...string) (string, error) {
		cmd := exec.Command(goBin, append([]string{"test"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		return out.String(), err
	}

	out, err := gotest("-run", "FuzzPlanted", "-count=1", ".")
	require.NoError(t, err, "the seed corpus finds the bug already:\n%s", out)

	out, err = gotest("-run", "^$", "-fuzz", "^FuzzPlanted$", "-fuzztime", "20000x", "-parallel", "1", ".")
	require.Error(t, err, "the fuzzer did not find the bug:\n%s", out)
	assert.Contains(t, out, "FAIL patch-semantics")
	assert.Contains(t, out, "number null")
	corpus, err := filepath.Glob(filepath.Join(dir, "testdata", "fuzz", "FuzzPlanted", "*"))
	require.NoError(t, err)
	require.Len(t, corpus, 1, out)
	t.Log(out)

	name := filepath.Base(corpus[0])
	replay, err := gotest("-run", "FuzzPlanted/"+name, "-count=1", ".")
	require.Error(t, err, "the saved input does not fail again:\n%s", replay)
	assert.Contains(t, replay, "FAIL patch-semantics")
	assert.Contains(t, replay, "number null")
}
