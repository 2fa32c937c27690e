package croschema

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// goldenDirs maps each directory of testdata/ to the model its documents
// are linted as.
var goldenDirs = map[string]Model{
	"contact":        ModelCustomerContact,
	"create-contact": ModelCreateCustomerContact,
	"update-contact": ModelUpdateCustomerContact,
	"error":          ModelAPIError,
}

// TestGoldenDocuments lints every testdata/<model>/*.json document and
// compares its violations, one Violation.String() per line, with the
// golden file beside it. Documents named valid-* must be clean; every
// other document must break the rule its name starts with.
func TestGoldenDocuments(t *testing.T) {
	seen := map[Code]bool{}
	for dir, m := range goldenDirs {
		files, err := filepath.Glob(filepath.Join("testdata", dir, "*.json"))
		require.NoError(t, err)
		require.NotEmpty(t, files, dir)
		for _, file := range files {
			t.Run(dir+"/"+filepath.Base(file), func(t *testing.T) {
				data, err := os.ReadFile(file)
				require.NoError(t, err)
				vs := violationsOf(t, m.Lint(data))
				var b strings.Builder
				for _, v := range vs {
					b.WriteString(v.String() + "\n")
					seen[v.Code] = true
				}
				golden := strings.TrimSuffix(file, ".json") + ".golden"
				if *update {
					require.NoError(t, os.WriteFile(golden, []byte(b.String()), 0o644))
				}
				want, err := os.ReadFile(golden)
				require.NoError(t, err, "run go test -update to create it")
				assert.Equal(t, string(want), b.String(), "violations of %s", file)

				base := filepath.Base(file)
				if strings.HasPrefix(base, "valid-") {
					assert.Empty(t, vs, "%s must be clean", file)
					return
				}
				require.NotEmpty(t, vs, "%s must have violations", file)
				if !strings.HasPrefix(base, "many-") {
					first := strings.ReplaceAll(string(vs[0].Code), "_", "-")
					assert.True(t, strings.HasPrefix(base, first+"-") || base == first+".json",
						"%s: the first violation, %s, is not the one the file name says", file, first)
				}
			})
		}
	}
	for _, c := range []Code{CodeSyntax, CodeType, CodeRequired, CodeNull, CodeUnknownField, CodeDuplicateKey,
		CodeInvalidUTF8, CodeMinLength, CodeMaxLength, CodeEmail, CodeBool, CodeInteger} {
		assert.True(t, seen[c], "no golden document produces %s", c)
	}
}
