package croschema_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/croschema/croschema"
)

// The tests in this file keep RULES.md, the package's rule book, in step
// with the package: its tables of codes, API versions, roles, endpoints and
// body rules must list exactly what the package has, in the package's order,
// and every section that a comment cites must exist.

// pendingCodes are codes that RULES.md documents before the package defines
// them. A pending code that Codes() returns fails the test, so that the
// entry is removed when the code lands.
var pendingCodes = map[croschema.Code]bool{}

// rulesDoc is RULES.md split into its "## " sections.
type rulesDoc struct {
	sections map[string][]string // heading text -> the lines under it
	headings []string            // in file order
}

func readRulesDoc(t *testing.T) *rulesDoc {
	t.Helper()
	data, err := os.ReadFile("RULES.md")
	if err != nil {
		t.Fatal(err)
	}
	d := &rulesDoc{sections: map[string][]string{}}
	cur := ""
	for _, line := range strings.Split(string(data), "\n") {
		if h, ok := strings.CutPrefix(line, "## "); ok {
			cur = strings.TrimSpace(h)
			if _, dup := d.sections[cur]; dup {
				t.Errorf("RULES.md: section %q appears twice", cur)
			}
			d.sections[cur] = nil
			d.headings = append(d.headings, cur)
			continue
		}
		d.sections[cur] = append(d.sections[cur], line)
	}
	return d
}

// table returns the body rows, split into trimmed cells, of the first table
// in section whose header row's first cell is firstHeader.
func (d *rulesDoc) table(t *testing.T, section, firstHeader string) [][]string {
	t.Helper()
	lines, ok := d.sections[section]
	if !ok {
		t.Fatalf("RULES.md has no section %q", section)
	}
	var rows [][]string
	in := false
	for _, line := range lines {
		if !strings.HasPrefix(line, "|") {
			if in {
				break
			}
			continue
		}
		cells := splitRow(line)
		switch {
		case !in && cells[0] == firstHeader:
			in = true
		case in && strings.Trim(cells[0], "-: ") == "":
			// the separator row
		case in:
			rows = append(rows, cells)
		}
	}
	if rows == nil {
		t.Fatalf("RULES.md %q: no table whose first column is %q", section, firstHeader)
	}
	return rows
}

func splitRow(line string) []string {
	cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	return cells
}

var backticked = regexp.MustCompile("`([^`]*)`")

// code returns the text of the one `code span` that is the whole cell.
func code(t *testing.T, cell string) string {
	t.Helper()
	m := backticked.FindStringSubmatch(cell)
	if m == nil || m[0] != cell {
		t.Errorf("RULES.md: cell %q should be one `code` span", cell)
		return cell
	}
	return m[1]
}

func TestRulesDocCodes(t *testing.T) {
	d := readRulesDoc(t)
	var doc []croschema.Code
	for _, row := range d.table(t, "Violation codes", "code") {
		doc = append(doc, croschema.Code(code(t, row[0])))
	}
	var want []croschema.Code
	for _, c := range croschema.Codes() {
		if pendingCodes[c] {
			t.Errorf("code %q is defined now: remove it from pendingCodes", c)
		}
		want = append(want, c)
	}
	var documented []croschema.Code
	for _, c := range doc {
		if pendingCodes[c] && !slices.Contains(want, c) {
			t.Logf("RULES.md documents %q, which the package does not define yet (pendingCodes)", c)
			continue
		}
		documented = append(documented, c)
	}
	if !slices.Equal(documented, want) {
		t.Errorf("RULES.md \"Violation codes\" lists\n\t%q\nCodes() returns\n\t%q", documented, want)
	}
}

func TestRulesDocAPIVersions(t *testing.T) {
	d := readRulesDoc(t)
	var doc []string
	for _, row := range d.table(t, "API versions", "version") {
		v := code(t, row[0])
		doc = append(doc, v)
		note := row[1]
		if isDefault := strings.Contains(note, "the default"); isDefault != (v == croschema.DefaultAPIVersion.String()) {
			t.Errorf("RULES.md \"API versions\": %s: note %q; DefaultAPIVersion is %s", v, note, croschema.DefaultAPIVersion)
		}
		if isLatest := strings.Contains(note, "the latest"); isLatest != (v == croschema.LatestAPIVersion.String()) {
			t.Errorf("RULES.md \"API versions\": %s: note %q; LatestAPIVersion is %s", v, note, croschema.LatestAPIVersion)
		}
	}
	var want []string
	for _, v := range croschema.APIVersions() {
		want = append(want, v.String())
	}
	if !slices.Equal(doc, want) {
		t.Errorf("RULES.md \"API versions\" lists\n\t%q\nAPIVersions() returns\n\t%q", doc, want)
	}
}

func TestRulesDocRoles(t *testing.T) {
	d := readRulesDoc(t)
	endpointByName := map[string]croschema.Endpoint{}
	for _, e := range croschema.Endpoints() {
		endpointByName[e.Name()] = e
	}

	var doc []string
	for _, row := range d.table(t, "Roles", "role") {
		name := code(t, row[0])
		doc = append(doc, name)
		r, err := croschema.ParseRole(name)
		if err != nil {
			t.Errorf("RULES.md \"Roles\": %v", err)
			continue
		}
		var may []string
		if row[1] != "nothing here" {
			may = strings.Split(row[1], ", ")
		}
		for _, e := range croschema.Endpoints() {
			if got, want := slices.Contains(may, e.Name()), e.Allows(r); got != want {
				t.Errorf("RULES.md \"Roles\": %s may call %s: %v; Allows says %v", r, e.Name(), got, want)
			}
		}
		for _, name := range may {
			if _, ok := endpointByName[name]; !ok {
				t.Errorf("RULES.md \"Roles\": %s may call %q, which is no endpoint", r, name)
			}
		}
	}
	var want []string
	for _, r := range croschema.Roles() {
		want = append(want, r.String())
	}
	if !slices.Equal(doc, want) {
		t.Errorf("RULES.md \"Roles\" lists\n\t%q\nRoles() returns\n\t%q", doc, want)
	}

	var docEndpoints, wantEndpoints []string
	for _, row := range d.table(t, "Roles", "endpoint") {
		docEndpoints = append(docEndpoints, row[0])
		e, ok := endpointByName[row[0]]
		if !ok {
			t.Errorf("RULES.md \"Roles\": %q is no endpoint", row[0])
			continue
		}
		if got := code(t, row[1]); got != e.String() {
			t.Errorf("RULES.md \"Roles\": %s is %q, want %q", e.Name(), got, e.String())
		}
		var roles []string
		for _, r := range e.Roles() {
			roles = append(roles, r.String())
		}
		if got, want := row[2], strings.Join(roles, ", "); got != want {
			t.Errorf("RULES.md \"Roles\": %s allows %q, want %q", e.Name(), got, want)
		}
	}
	for _, e := range croschema.Endpoints() {
		wantEndpoints = append(wantEndpoints, e.Name())
	}
	if !slices.Equal(docEndpoints, wantEndpoints) {
		t.Errorf("RULES.md \"Roles\" lists the endpoints\n\t%q\nEndpoints() returns\n\t%q", docEndpoints, wantEndpoints)
	}
}

// modelSections names the section of RULES.md that holds each body model's
// table.
var modelSections = map[croschema.Model]string{
	croschema.ModelCustomerContact:       "CustomerContactModel",
	croschema.ModelCreateCustomerContact: "CreateCustomerContactModel and UpdateCustomerContactModel",
	croschema.ModelUpdateCustomerContact: "CreateCustomerContactModel and UpdateCustomerContactModel",
	croschema.ModelAPIError:              "Errors the API returns",
}

func TestRulesDocBodyModels(t *testing.T) {
	d := readRulesDoc(t)
	for m, section := range modelSections {
		t.Run(m.String(), func(t *testing.T) {
			rows := d.table(t, section, "key")
			rules := m.Rules()
			if len(rules) == 0 {
				t.Fatalf("%v.Rules() is empty", m)
			}
			var docKeys, wantKeys []string
			for _, row := range rows {
				docKeys = append(docKeys, code(t, row[0]))
			}
			for _, r := range rules {
				wantKeys = append(wantKeys, r.Key)
			}
			if !slices.Equal(docKeys, wantKeys) {
				t.Fatalf("RULES.md %q lists the keys\n\t%q\n%v.Rules() has\n\t%q", section, docKeys, m, wantKeys)
			}
			for i, r := range rules {
				row := rows[i]
				want := []string{
					"`" + r.Key + "`",
					r.JSONType,
					yesNo(r.Required),
					yesNo(r.Nullable),
					characters(r),
				}
				if got := row[:len(want)]; !slices.Equal(got, want) {
					t.Errorf("RULES.md %q row %s:\n\t%q\nwant (from %v.Rules())\n\t%q", section, r.Key, got, m, want)
				}
				if got := strings.Contains(row[len(want)], "Email lists"); got != r.EmailList {
					t.Errorf("RULES.md %q row %s: rule %q; EmailList is %v", section, r.Key, row[len(want)], r.EmailList)
				}
			}
		})
	}
}

// TestRulesDocHeaderModels checks RULES.md's header tables against the
// header table both ways: the same headers in the same order, each with
// its requiredness, length bounds and the code its check reports.
func TestRulesDocHeaderModels(t *testing.T) {
	d := readRulesDoc(t)
	for _, tc := range []struct {
		section string
		rules   []croschema.HeaderRule
	}{
		{"Request headers", croschema.RequestHeaderRules()},
		{"Response headers", croschema.ResponseHeaderRules()},
	} {
		t.Run(tc.section, func(t *testing.T) {
			rows := d.table(t, tc.section, "header")
			var docNames, wantNames []string
			for _, row := range rows {
				docNames = append(docNames, code(t, row[0]))
			}
			for _, r := range tc.rules {
				wantNames = append(wantNames, r.Name)
			}
			if !slices.Equal(docNames, wantNames) {
				t.Fatalf("RULES.md %q lists the headers\n\t%q\nthe header table has\n\t%q", tc.section, docNames, wantNames)
			}
			for i, r := range tc.rules {
				row := rows[i]
				want := []string{"`" + r.Name + "`", yesNo(r.Required), headerCharacters(r)}
				if got := row[:len(want)]; !slices.Equal(got, want) {
					t.Errorf("RULES.md %q row %s:\n\t%q\nwant (from the header table)\n\t%q", tc.section, r.Name, got, want)
				}
				if c := r.Check.Code(); c != "" && !strings.Contains(row[len(want)], "`"+string(c)+"`") {
					t.Errorf("RULES.md %q row %s: rule %q does not name the code `%s` of its check %v",
						tc.section, r.Name, row[len(want)], c, r.Check)
				}
			}
		})
	}
}

// headerCharacters is how RULES.md writes a header rule's length bounds.
func headerCharacters(r croschema.HeaderRule) string {
	switch {
	case r.MinLength > 0 && r.MaxLength > 0:
		return strconv.Itoa(r.MinLength) + " to " + strconv.Itoa(r.MaxLength)
	case r.MaxLength > 0:
		return "at most " + strconv.Itoa(r.MaxLength)
	case r.MinLength > 0:
		return "at least " + strconv.Itoa(r.MinLength)
	default:
		return "—"
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// characters is how RULES.md writes a rule's length bounds.
func characters(r croschema.FieldRule) string {
	switch {
	case r.JSONType != "string":
		return "—"
	case r.MinLength > 0 && r.MaxLength > 0:
		return strconv.Itoa(r.MinLength) + " to " + strconv.Itoa(r.MaxLength)
	case r.MaxLength > 0:
		return "at most " + strconv.Itoa(r.MaxLength)
	case r.MinLength > 0:
		return "at least " + strconv.Itoa(r.MinLength)
	default:
		return "any"
	}
}

// citation matches a reference to a section of RULES.md, such as
// RULES.md "Booleans", also when a comment wraps between the two.
var citation = regexp.MustCompile(`RULES\.md\s*(?://\s*)?"([^"\n]{1,80})"`)

// spec is a reference to SPEC, the rule book of the sessions that wrote the
// package, which the repository does not hold (issue 14: every reference
// points into the repository).
var spec = regexp.MustCompile(`\bSPEC\b`)

// TestRulesDocSections checks that the sections code and docs cite exist:
// the ones the package's comments are known to cite, and every citation of
// the form RULES.md "Email lists" in the repository's Go and Markdown files;
// and that none of them cites SPEC instead.
func TestRulesDocSections(t *testing.T) {
	d := readRulesDoc(t)
	for _, h := range []string{
		"CustomerContactModel", "Booleans", "Email lists", "Request headers",
		"Response headers", "API versions", "Roles", "Errors the API returns",
		"Serving the API", "Violation codes", "Where the docs are silent or wrong",
	} {
		if _, ok := d.sections[h]; !ok {
			t.Errorf("RULES.md has no section %q", h)
		}
	}
	err := filepath.WalkDir(".", func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			if name := e.Name(); path != "." && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if ext := filepath.Ext(path); ext != ".go" && ext != ".md" {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range citation.FindAllStringSubmatch(string(data), -1) {
			if _, ok := d.sections[m[1]]; !ok {
				t.Errorf("%s cites RULES.md %q, which has no such section; sections: %q", path, m[1], d.headings)
			}
		}
		for i, line := range strings.Split(string(data), "\n") {
			if spec.MatchString(line) && path != "rules_doc_test.go" { // this file names it to look for it
				t.Errorf("%s:%d cites SPEC, which is not in the repository; cite RULES.md: %s", path, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
