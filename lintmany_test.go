package croschema_test

import (
	"errors"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/croschema/croschema"
)

// manyUnknownKeys is an Update body of n unknown keys, "k0" to "k(n-1)".
func manyUnknownKeys(n int) []byte {
	b := []byte{'{'}
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `"k`...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, `":0`...)
	}
	return append(b, '}')
}

// TestManyViolations: however the list of violations grows, a document of
// n unknown keys reports each of them once, in document order, up to
// MaxViolations, then the one limit violation.
func TestManyViolations(t *testing.T) {
	for _, n := range []int{1, 3, 4, 5, 8, 9, 17, 100, 999, 1000, 1001, 3000} {
		_, err := croschema.LintUpdateContact(manyUnknownKeys(n))
		var vs croschema.Violations
		require.True(t, errors.As(err, &vs), "n=%d", n)
		reported := min(n, croschema.MaxViolations)
		if n > croschema.MaxViolations {
			require.Len(t, vs, reported+1, "n=%d", n)
			assert.Equal(t, croschema.CodeLimit, vs[reported].Code, "n=%d", n)
		} else {
			require.Len(t, vs, reported, "n=%d", n)
		}
		for i, v := range vs[:reported] {
			if v.Location != "/k"+strconv.Itoa(i) || v.Code != croschema.CodeUnknownField || v.Field != "UpdateCustomerContactModel.k"+strconv.Itoa(i) {
				t.Fatalf("n=%d: violation %d is %+v", n, i, v)
			}
		}
	}
}

// TestManyViolationsAllocs pins the allocations of a document of 1,000
// unknown keys: the list of violations grows to its size in a few steps
// (append's doublings alone made it 20).
func TestManyViolationsAllocs(t *testing.T) {
	body := manyUnknownKeys(1000)
	allocs := testing.AllocsPerRun(20, func() { _, _ = croschema.LintUpdateContact(body) })
	assert.LessOrEqual(t, allocs, 13.0)
}
