package jsonstr

import (
	"encoding/json"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func TestAppendByteEscape(t *testing.T) {
	for c := 0; c < utf8.RuneSelf; c++ {
		esc := string(AppendByteEscape(nil, byte(c)))
		var got string
		if assert.NoError(t, json.Unmarshal([]byte(`"`+esc+`"`), &got), "escape %q of %#x", esc, c) {
			assert.Equal(t, string(rune(c)), got, "escape %q of %#x", esc, c)
		}
	}
	assert.Equal(t, `\n`, string(AppendByteEscape(nil, '\n')))
	assert.Equal(t, `\u001f`, string(AppendByteEscape(nil, 0x1f)))
	assert.Equal(t, `\u003c`, string(AppendByteEscape(nil, '<')))
}

func TestAppendRuneEscape(t *testing.T) {
	for _, r := range []rune{0, 'a', 0x7f, 0xe9, 0x2028, 0xfffd, 0x10000, 0x1f600, utf8.MaxRune} {
		for _, upper := range []bool{false, true} {
			esc := string(AppendRuneEscape(nil, r, upper))
			var got string
			if assert.NoError(t, json.Unmarshal([]byte(`"`+esc+`"`), &got)) {
				assert.Equal(t, string(r), got, "escape %q of %U", esc, r)
			}
		}
	}
	assert.Equal(t, `\ud83d\ude00`, string(AppendRuneEscape(nil, 0x1f600, false)))
	assert.Equal(t, `\uD83D\uDE00`, string(AppendRuneEscape(nil, 0x1f600, true)))
}

func TestEscapePointer(t *testing.T) {
	for in, want := range map[string]string{"": "", "email": "email", "a/b": "a~1b", "~": "~0", "~1/": "~01~1"} {
		assert.Equal(t, want, EscapePointer(in), "EscapePointer(%q)", in)
	}
}
