package inert

import "testing"

func TestText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain ascii, \"quotes\" and \\", "plain ascii, \"quotes\" and \\"},
		{"ünïcödé 字", "ünïcödé 字"},
		{"\x1b]0;PWNED\a", `\x1b]0;PWNED\a`},
		{"a\u0085b\u2028c\u2029d", `a\u0085b\u2028c\u2029d`},
		{"bad \xff byte", `bad \xff byte`},
		{"rtl \u202e override", `rtl \u202e override`},
		{"tab\tnl\n", `tab\tnl\n`},
	} {
		if got := Text(tc.in); got != tc.want {
			t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if NeedsEscape(tc.in) != (tc.in != tc.want) {
			t.Errorf("NeedsEscape(%q) = %v", tc.in, NeedsEscape(tc.in))
		}
	}
}

// FuzzText states the laws: Text's output never needs an escape, and it
// equals its input exactly when the input needed none.
func FuzzText(f *testing.F) {
	f.Add("\x1b[2J")
	f.Add("a\u2028\xffb")
	f.Fuzz(func(t *testing.T, s string) {
		out := Text(s)
		if NeedsEscape(out) {
			t.Fatalf("Text(%q) = %q still needs an escape", s, out)
		}
		if (out == s) == NeedsEscape(s) {
			t.Fatalf("Text(%q) = %q, NeedsEscape = %v", s, out, NeedsEscape(s))
		}
	})
}
