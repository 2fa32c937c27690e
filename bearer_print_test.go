package croschema_test

import (
	"bytes"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"text/template"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/croschema/croschema"
)

// The secrets of these tests: two access tokens whose every 4-character
// run is distinctive (no run of four hexadecimal digits, so that a hex dump
// of anything else cannot match by chance). "Bearer " is not secret.
const (
	secretA = "qZ7vWk.mN3xRp.tY8uLs_J"
	secretB = "gH4jKl.pQ9wEr.zX2cVb-N"
)

// secretRuns is every 4-byte run of both secrets, as they are and as
// hexadecimal (what %x of the raw bytes would print).
var secretRuns = func() []string {
	var runs []string
	for _, s := range []string{secretA, secretB} {
		for i := 0; i+4 <= len(s); i++ {
			run := s[i : i+4]
			runs = append(runs, run, hex.EncodeToString([]byte(run)), strings.ToUpper(hex.EncodeToString([]byte(run))))
		}
	}
	return runs
}()

// checkNoSecret fails when out holds any 4-character run of a secret.
func checkNoSecret(t *testing.T, what, out string) {
	t.Helper()
	for _, run := range secretRuns {
		if strings.Contains(out, run) {
			t.Errorf("%s shows %q of a token:\n%s", what, run, out)
			return
		}
	}
}

// Values that hold a token, in every way a program nests one: as it is,
// behind pointers, in unexported fields (where fmt cannot call its
// methods), in slices, arrays, maps and interfaces.
type (
	server struct {
		hdr croschema.RequestHeaders
	}
	client struct {
		name  string
		token croschema.BearerToken
		ptr   *croschema.BearerToken
		any   any
		list  []croschema.BearerToken
	}
	nested struct {
		inner struct{ srv server }
		byTok map[croschema.BearerToken]int
		arr   [2]croschema.BearerToken
		p     *server
	}
	Exported struct {
		Token   croschema.BearerToken
		Headers croschema.RequestHeaders
		Ptr     *croschema.BearerToken
	}
)

func printerValues() map[string]any {
	a := croschema.NewBearerToken(secretA)
	b := croschema.NewBearerToken(secretB)
	hdr := croschema.RequestHeaders{Authorization: a, TenantID: 7, RequestID: "b24c2138-65af-4ed3-8e1d-b85a7dc8171c"}
	n := nested{byTok: map[croschema.BearerToken]int{a: 1, b: 2}, arr: [2]croschema.BearerToken{a, b}, p: &server{hdr}}
	n.inner.srv = server{hdr}
	return map[string]any{
		"token":            a,
		"*token":           &a,
		"headers":          hdr,
		"*headers":         &hdr,
		"unexported":       server{hdr},
		"*unexported":      &server{hdr},
		"client":           client{name: "x", token: a, ptr: &b, any: b, list: []croschema.BearerToken{a, b}},
		"nested":           n,
		"*nested":          &n,
		"exported":         Exported{Token: a, Headers: hdr, Ptr: &b},
		"[]token":          []croschema.BearerToken{a, b},
		"map":              map[string]croschema.BearerToken{"a": a},
		"map key":          map[croschema.BearerToken]string{a: "a"},
		"[]any":            []any{a, &b, hdr, server{hdr}},
		"map[string]any":   map[string]any{"hdr": hdr, "srv": &server{hdr}},
		"reflect.Value":    reflect.ValueOf(server{hdr}),
		"**unexported ptr": &client{ptr: &a},
	}
}

// TestTokenFmt prints every value with every verb and flag of fmt.
func TestTokenFmt(t *testing.T) {
	verbs := "vsqxXdpbcoOUeEfFgGtT"
	flags := []string{"", "+", "#", "-", " ", "0", "+#", "#-8", "012.5", "8", ".3", "-#20.10"}
	for name, v := range printerValues() {
		var out strings.Builder
		for _, verb := range verbs {
			for _, flag := range flags {
				fmt.Fprintf(&out, "%"+flag+string(verb)+"\n", v)
			}
		}
		fmt.Fprint(&out, v, "\n")
		fmt.Fprintln(&out, v)
		checkNoSecret(t, "fmt of "+name, out.String())
	}
	// fmt handles %p before it calls Format: on a BearerToken it reports
	// a bad verb and prints the value without its methods.
	tok := croschema.NewBearerToken(secretA)
	checkNoSecret(t, "%p", fmt.Sprintf("%p %#p %+p", tok, tok, tok))
	checkNoSecret(t, "%!", fmt.Sprint(tok, tok)+fmt.Sprintf("%d %T", tok, tok))
}

// TestTokenSlog logs every value with the text and JSON handlers.
func TestTokenSlog(t *testing.T) {
	var buf bytes.Buffer
	for _, h := range []slog.Handler{
		slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}),
		slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}),
	} {
		log := slog.New(h).With("conn", printerValues()["unexported"])
		for name, v := range printerValues() {
			log.Info("request", "v", v, slog.Any("any", v), slog.Group("g", "v", v))
			log.WithGroup("x").Debug(name, "v", v)
		}
	}
	checkNoSecret(t, "slog", buf.String())
}

// TestTokenEncodings runs every value through encoding/json, encoding/xml
// and encoding/gob; an error is fine, a token in it or in the output is not.
func TestTokenEncodings(t *testing.T) {
	for name, v := range printerValues() {
		var out strings.Builder
		if b, err := json.Marshal(v); err != nil {
			fmt.Fprintln(&out, err)
		} else {
			out.Write(b)
		}
		if b, err := json.MarshalIndent(v, "", " "); err == nil {
			out.Write(b)
		}
		if b, err := xml.Marshal(v); err != nil {
			fmt.Fprintln(&out, err)
		} else {
			out.Write(b)
		}
		var gb bytes.Buffer
		if err := gob.NewEncoder(&gb).Encode(v); err != nil {
			fmt.Fprintln(&out, err)
		}
		out.Write(gb.Bytes())
		checkNoSecret(t, "encodings of "+name, out.String())
	}
}

// TestTokenTemplate renders every value with text/template.
func TestTokenTemplate(t *testing.T) {
	tmpl := template.Must(template.New("").Parse(
		`{{.}} {{printf "%#v %+v %x %p %q" . . . . .}} {{print .}} {{js .}} {{html .}} {{urlquery .}}`))
	for name, v := range printerValues() {
		var out strings.Builder
		if err := tmpl.Execute(&out, v); err != nil {
			fmt.Fprintln(&out, err)
		}
		checkNoSecret(t, "text/template of "+name, out.String())
	}
	tmpl = template.Must(template.New("").Parse(`{{.Token}} {{.Headers}} {{.Headers.Authorization}} {{.Ptr}} {{printf "%v" .Headers}}`))
	var out strings.Builder
	require.NoError(t, tmpl.Execute(&out, printerValues()["exported"]))
	checkNoSecret(t, "text/template fields", out.String())
}

// fakeT records what testify reports.
type fakeT struct{ out strings.Builder }

func (f *fakeT) Errorf(format string, args ...any) { fmt.Fprintf(&f.out, format, args...) }

// TestTokenTestify makes testify fail on every value: its failure output
// (go-spew with methods disabled, and %#v) must not show the token.
func TestTokenTestify(t *testing.T) {
	a, b := printerValues(), otherValues()
	for name, v := range a {
		var ft fakeT
		assert.Equal(&ft, v, b[name])
		assert.Exactly(&ft, v, b[name])
		assert.EqualValues(&ft, v, b[name])
		assert.NotEqual(&ft, v, v)
		assert.Nil(&ft, v)
		assert.Empty(&ft, v)
		assert.Contains(&ft, []any{b[name]}, v)
		assert.ElementsMatch(&ft, []any{v, v}, []any{b[name]})
		require.NotEmpty(t, ft.out.String(), "testify reported nothing for %s", name)
		checkNoSecret(t, "testify on "+name, ft.out.String())
	}
}

// otherValues are printerValues with other tokens, so that every
// comparison fails and prints both sides.
func otherValues() map[string]any {
	c := croschema.NewBearerToken("other.token.x")
	hdr := croschema.RequestHeaders{Authorization: c, TenantID: 8}
	return map[string]any{
		"token":            c,
		"*token":           &c,
		"headers":          hdr,
		"*headers":         &hdr,
		"unexported":       server{hdr},
		"*unexported":      &server{hdr},
		"client":           client{name: "y", token: c},
		"nested":           nested{p: &server{hdr}},
		"*nested":          &nested{},
		"exported":         Exported{Token: c},
		"[]token":          []croschema.BearerToken{c},
		"map":              map[string]croschema.BearerToken{"a": c},
		"map key":          map[croschema.BearerToken]string{c: "a"},
		"[]any":            []any{c},
		"map[string]any":   map[string]any{"hdr": hdr},
		"reflect.Value":    reflect.ValueOf(server{hdr}),
		"**unexported ptr": &client{ptr: &c},
	}
}

// TestTokenGoCmp diffs every value against another with the go-cmp
// options that reach inside a BearerToken.
func TestTokenGoCmp(t *testing.T) {
	opts := map[string][]cmp.Option{
		"EquateComparable": {cmpopts.EquateComparable(croschema.BearerToken{}, croschema.RequestHeaders{}),
			cmp.AllowUnexported(server{}, client{}, nested{}, struct{ srv server }{})},
		"AllowUnexported": {cmp.AllowUnexported(croschema.BearerToken{}, server{}, client{}, nested{}, struct{ srv server }{})},
		"Exporter":        {cmp.Exporter(func(reflect.Type) bool { return true })},
	}
	a, b := printerValues(), otherValues()
	for oname, o := range opts {
		for name, v := range a {
			if name == "reflect.Value" {
				continue // go-cmp compares reflect.Value by its internals, whatever the options
			}
			var diff string
			func() {
				defer func() {
					if r := recover(); r != nil {
						diff = fmt.Sprint(r) // go-cmp panics on what the options leave out
					}
				}()
				diff = cmp.Diff(v, b[name], o...)
			}()
			require.NotEmpty(t, diff, "%s on %s", oname, name)
			checkNoSecret(t, "go-cmp "+oname+" on "+name, diff)
		}
	}
}

// TestTokenEqual: two tokens of the same value are ==, whichever way
// they were made, and Reveal gives the value back.
func TestTokenEqual(t *testing.T) {
	a := croschema.NewBearerToken(secretA)
	a2 := croschema.NewBearerToken(strings.Clone(secretA))
	p, err := croschema.ParseBearerToken("Bearer " + secretA)
	require.NoError(t, err)
	assert.True(t, a == a2 && a == p, "equal tokens are ==")
	assert.True(t, croschema.RequestHeaders{Authorization: a} == croschema.RequestHeaders{Authorization: p})
	assert.False(t, a == croschema.NewBearerToken(secretB))
	assert.False(t, a == croschema.BearerToken{})
	assert.Equal(t, "Bearer "+secretA, a.Reveal())
	assert.Equal(t, "", croschema.BearerToken{}.Reveal())
	assert.True(t, croschema.BearerToken{}.IsZero())
	assert.False(t, a.IsZero())
	m := map[croschema.BearerToken]bool{a: true}
	assert.True(t, m[p], "a token is a map key by its value")
}

// TestTokenSchemeCase: the scheme is read case-insensitively (RFC 9110,
// 11.1), so a token received as "bearer x" or "BEARER x" is the same
// credentials as "Bearer x": == to it, a map key for it, and revealed with
// the scheme as "Bearer". The access token itself keeps its letter case.
func TestTokenSchemeCase(t *testing.T) {
	want := croschema.NewBearerToken(secretA)
	for _, scheme := range []string{"bearer ", "BEARER ", "bEaReR "} {
		got, err := croschema.ParseBearerToken(scheme + secretA)
		require.NoError(t, err)
		assert.True(t, got == want, "%q == %q", scheme, "Bearer ")
		assert.Equal(t, "Bearer "+secretA, got.Reveal())

		h := http.Header{"Authorization": {scheme + secretA}, "X-Tenant-Id": {"1"}}
		hdr, err := croschema.LintRequestHeaders(h, http.MethodGet)
		require.NoError(t, err)
		assert.True(t, hdr.Authorization == want, "LintRequestHeaders keeps %q as the same credentials", scheme)
	}
	upper, err := croschema.ParseBearerToken("Bearer " + strings.ToUpper(secretA))
	require.NoError(t, err)
	assert.False(t, upper == want, "the access token is case-sensitive")
}
