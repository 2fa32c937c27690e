package croschema_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/croschema/croschema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goldenDirs maps each directory of testdata/ to the model its documents
// are linted as.
var goldenDirs = map[string]croschema.Model{
	"contact":        croschema.ModelCustomerContact,
	"create-contact": croschema.ModelCreateCustomerContact,
	"update-contact": croschema.ModelUpdateCustomerContact,
	"error":          croschema.ModelAPIError,
}

// TestGoldenDocuments lints every testdata/<model>/*.json document and
// compares its violations, one Violation.String() per line, with the
// golden file beside it. Documents named valid-* must be clean; every
// other document must break the rule its name starts with.
func TestGoldenDocuments(t *testing.T) {
	seen := map[croschema.Code]bool{}
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
				checkGolden(t, golden, []byte(b.String()))

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
	for _, c := range []croschema.Code{croschema.CodeSyntax, croschema.CodeType, croschema.CodeRequired, croschema.CodeNull, croschema.CodeUnknownField, croschema.CodeDuplicateKey,
		croschema.CodeInvalidUTF8, croschema.CodeMinLength, croschema.CodeMaxLength, croschema.CodeEmail, croschema.CodeBool, croschema.CodeInteger} {
		assert.True(t, seen[c], "no golden document produces %s", c)
	}
}
