package croschema

import (
	"crypto/aes"
	"crypto/cipher"
	cryptorand "crypto/rand"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"
)

// bearerPattern is the documented pattern of the authorization header. It is
// read verbatim and case-insensitively: its unescaped dots match any
// character but a newline, and [a-z0-9-_=] is a-z, 0-9, '-', '_' and '='.
// matchBearer implements it without a regexp.
const bearerPattern = `^bearer [a-z0-9-_=]+.[a-z0-9-_=]+.?[a-z0-9-_.+/=]*$`

// A [BearerToken] is the value of the authorization header: "Bearer " and an
// access token, such as "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2ln".
//
// It is a secret. String, GoString, Format (every verb: %v, %+v, %#v, %s,
// %q, %x, ...), LogValue, MarshalText and MarshalJSON all render it as
// "[redacted bearer token, N chars]", N being its length in characters;
// only Reveal returns the value. Printers that read fields by reflection
// and never call those methods (fmt on %p or inside an unexported field,
// slog's text handler there, go-spew as testify uses it, go-cmp with
// AllowUnexported or an Exporter) find only the token sealed with a key of
// the running process, which no field leads to: they show neither the
// token nor any piece of it. Two tokens of the same value are ==, and a
// [BearerToken] is a valid map key; the scheme's letter case does not count
// ("bearer x" is the token "Bearer x", as HTTP reads it). The zero
// [BearerToken] is no token (an absent header).
type BearerToken struct {
	sealed string // seal(value): see seal
}

// newBearerToken returns the token whose header value is v, unchecked. A
// scheme spelled "bearer " in any letter case is kept as "Bearer ": HTTP
// reads the scheme case-insensitively (RFC 9110, 11.1), so "bearer x" and
// "BEARER x" are the same credentials as "Bearer x" and must be == to it.
func newBearerToken(v string) BearerToken {
	if len(v) >= len(bearerScheme) && v[:len(bearerScheme)] != bearerScheme &&
		asciiEqualFold(v[:len(bearerScheme)], "bearer ") {
		v = bearerScheme + v[len(bearerScheme):]
	}
	return BearerToken{sealed: sealCached(v)}
}

// bearerScheme is the scheme as a token stores it.
const bearerScheme = "Bearer "

// NewBearerToken returns the token "Bearer " + accessToken, ready to send.
// It does not check it; see IsValid.
func NewBearerToken(accessToken string) BearerToken {
	return newBearerToken(bearerScheme + accessToken)
}

// ParseBearerToken checks s, a whole authorization header value such as
// "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2ln", as the header rule
// does: 1 to 256 characters, then the documented pattern
//
//	^bearer [a-z0-9-_=]+.[a-z0-9-_=]+.?[a-z0-9-_.+/=]*$
//
// read verbatim (its dots match any character but a newline) in any ASCII
// letter case; s is not trimmed. Unlike other ParseX errors, its error never
// quotes s, which is a secret:
//
//	croschema: ParseBearerToken: 300 characters, at most 256 allowed
func ParseBearerToken(s string) (BearerToken, error) {
	if _, fault, ok := checkBearerToken(s); !ok {
		return BearerToken{}, fmt.Errorf("croschema: ParseBearerToken: %s", fault.detail)
	}
	return newBearerToken(s), nil
}

// Reveal returns the header value, such as "Bearer eyJhbGciOi...", to send
// it, with the scheme spelled "Bearer" however it was received. It is the
// only way to read the secret.
func (t BearerToken) Reveal() string { return unseal(t.sealed) }

// IsZero reports whether t is the zero [BearerToken] (no token).
func (t BearerToken) IsZero() bool { return t.sealed == "" }

// IsValid reports whether t is 1 to 256 characters long and matches the
// documented pattern, as [ParseBearerToken] checks.
func (t BearerToken) IsValid() bool {
	_, _, ok := checkBearerToken(t.Reveal())
	return ok
}

// checkBearerToken checks s by the rule of the authorization header.
func checkBearerToken(s string) (headerValue, headerFault, bool) {
	return requestHeaderModel.rules[reqAuthorization].check(s, false)
}

// String returns "[redacted bearer token, N chars]".
func (t BearerToken) String() string {
	return "[redacted bearer token, " + strconv.Itoa(utf8.RuneCountInString(t.Reveal())) + " chars]"
}

// GoString returns the same as String, so that %#v does not reveal t.
func (t BearerToken) GoString() string { return t.String() }

// Format implements fmt.Formatter: every verb prints String, %q quoted, so
// that no verb or flag reveals t, not even inside a struct or a slice.
func (t BearerToken) Format(f fmt.State, verb rune) {
	s := t.String()
	if verb == 'q' {
		s = strconv.Quote(s)
	}
	_, _ = f.Write([]byte(s))
}

// LogValue implements slog.LogValuer: a log record holds String, never t.
func (t BearerToken) LogValue() slog.Value { return slog.StringValue(t.String()) }

// MarshalText implements encoding.TextMarshaler with String: the text form
// of a secret is its redaction. There is no UnmarshalText.
func (t BearerToken) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// MarshalJSON returns String as a JSON string.
func (t BearerToken) MarshalJSON() ([]byte, error) { return []byte(strconv.Quote(t.String())), nil }

// matchBearer reports whether s matches bearerPattern read verbatim and
// case-insensitively, as regexp.MustCompile("(?i)" + bearerPattern) does,
// with one deliberate difference: letters match in ASCII case only, so the
// Kelvin sign U+212A and the long s U+017F, which Go's (and Python's) case
// folding match against [a-z], do not. It never allocates and runs in
// linear time.
//
// After "bearer " the rest r must be H+ . H+ .? T* where H is the head
// class [a-z0-9-_=], T the tail class [a-z0-9-_.+/=] (T contains H) and a
// dot any character but '\n'. With p the length of r's longest H prefix
// and q the start of its longest T suffix, the second H run must end at q,
// or one character before q when that character is not '\n'. The first dot
// either falls inside the first H run (then the second run ends at p) or
// is the character just after it.
func matchBearer(s string) bool {
	const prefix = "bearer "
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if c != prefix[i] && (c < 'A' || c > 'Z' || c|0x20 != prefix[i]) {
			return false
		}
	}
	r := s[len(prefix):]

	// Four bytes a step while all four are in the class, then one: a
	// token is scanned whole on every request.
	p := 0
	for p+4 <= len(r) && bearerClass[r[p]]&bearerClass[r[p+1]]&bearerClass[r[p+2]]&bearerClass[r[p+3]]&bearerHead != 0 {
		p += 4
	}
	for p < len(r) && inBearerHead(r[p]) {
		p++
	}
	q := len(r)
	for q >= 4 && bearerClass[r[q-1]]&bearerClass[r[q-2]]&bearerClass[r[q-3]]&bearerClass[r[q-4]]&bearerTail != 0 {
		q -= 4
	}
	for q > 0 && inBearerTail(r[q-1]) {
		q--
	}
	end := q // the least end of the second H run that lets .?T* match the rest
	if q > 0 {
		if c, w := utf8.DecodeLastRuneInString(r[:q]); c != '\n' {
			end = q - w
		}
	}

	// The first dot inside the first run: r[:i] H+, r[i] the dot, r[i+1:p] H+.
	if p >= 3 && p >= end {
		return true
	}
	// The first dot just after the first run.
	if p >= 1 && p < len(r) {
		c, w := utf8.DecodeRuneInString(r[p:])
		if c == '\n' {
			return false
		}
		m := p + w
		for m < len(r) && inBearerHead(r[m]) {
			m++
		}
		return m > p+w && m >= end
	}
	return false
}

// inBearerHead reports whether c is in [a-z0-9-_=], any ASCII letter case.
func inBearerHead(c byte) bool { return bearerClass[c]&bearerHead != 0 }

// inBearerTail reports whether c is in [a-z0-9-_.+/=], any ASCII letter case.
func inBearerTail(c byte) bool { return bearerClass[c]&bearerTail != 0 }

// bearerClass holds the classes of each byte, so that matchBearer's scans
// of a token (every request's longest header) cost one load per byte.
var bearerClass = func() (t [256]uint8) {
	for i := range t {
		c := byte(i)
		if 'a' <= c|0x20 && c|0x20 <= 'z' || isDigit(c) || c == '-' || c == '_' || c == '=' {
			t[i] |= bearerHead | bearerTail
		}
		if c == '.' || c == '+' || c == '/' {
			t[i] |= bearerTail
		}
	}
	return t
}()

// The bits of bearerClass.
const (
	bearerHead = 1 << iota // [a-z0-9-_=]
	bearerTail             // [a-z0-9-_.+/=]
)

// How a [BearerToken] holds its value. Reflection reads every field of a
// value, exported or not and behind any pointer (fmt inside an unexported
// field or on %p, slog's text handler, go-spew, go-cmp's Exporter), so no
// field may hold the token or anything from which it can be read back
// without a key that is not reachable from the value. The field holds the
// token encrypted with two AES-128 keys made once per process, as a
// deterministic authenticated-encryption scheme (SIV) does:
//
//	nonce  = AES-CMAC(key0, token)[:12]                    (RFC 4493)
//	stream = AES(key1, nonce || 0) || AES(key1, nonce || 1) || ...
//	sealed = glyphs(nonce || token XOR stream)
//
// The nonce is a keyed hash of the token, so equal tokens seal alike and
// == keeps working, and two different tokens never share a key stream (a
// stream used twice would give away the XOR of two tokens). Each sealed
// byte b is written as the Braille pattern U+2800+b: printable, never a
// control character for a terminal, and never one of the characters a
// token is made of, so no printer shows a run of the token by chance.
// Sealing a 70-byte token costs about 0.7 µs and one allocation (the
// sealed form) on a busy 2-core VM; opening it on the stack, as Validate
// does, 0.2 µs and none.

// sealNonce is the length of the nonce at the start of a sealed token.
const sealNonce = 12

// sealer holds the process's keys: the CMAC cipher and subkeys, and the
// stream cipher.
var sealer = func() (s struct {
	mac, stream cipher.Block
	k1, k2      [16]byte
}) {
	var key [32]byte
	if _, err := cryptorand.Read(key[:]); err != nil {
		panic("croschema: no random key to seal bearer tokens: " + err.Error())
	}
	s.mac, _ = aes.NewCipher(key[:16]) // 16 bytes: never an error
	s.stream, _ = aes.NewCipher(key[16:])
	s.k1, s.k2 = cmacSubkeys(s.mac)
	return s
}()

// sealScratch holds the blocks that the ciphers read and write: a
// cipher.Block is an interface, so a stack buffer given to it would move to
// the heap on every call.
var sealScratch = sync.Pool{New: func() any { return new(sealBlocks) }}

// sealBlocks are the scratch blocks of one seal or open: CMAC's state,
// the counter block, the stream block.
type sealBlocks [3][16]byte

// seal returns the sealed form of a token value; "" stays "".
func seal(v string) string {
	if v == "" {
		return ""
	}
	sc := sealScratch.Get().(*sealBlocks)
	defer sealScratch.Put(sc)
	tag := cmac(sealer.mac, &sealer.k1, &sealer.k2, sc, v)
	out := make([]byte, 3*(sealNonce+len(v)))
	for i := range sealNonce {
		putGlyph(out[3*i:], tag[i])
	}
	copy(sc[1][:sealNonce], tag[:sealNonce])
	body := out[3*sealNonce:]
	for off := 0; off < len(v); off += 16 {
		ks := sc.streamBlock(off / 16)
		for j, c := range []byte(v[off:min(off+16, len(v))]) {
			putGlyph(body[3*(off+j):], c^ks[j])
		}
	}
	return unsafe.String(unsafe.SliceData(out), len(out))
}

// unseal returns the token value of a sealed form made by seal. Like
// sealCached, it remembers the last tokens it opened (unsealCache, by a
// keyed hash of the sealed form): the error path of a server reveals the
// request's token once per answer, to keep it out of the answer.
func unseal(sealed string) string {
	n := len(sealed)/3 - sealNonce
	if n <= 0 {
		return ""
	}
	if n > sealCacheMaxLen {
		return openToken(sealed, n)
	}
	h := maphash.String(sealCacheSeed, sealed)
	slot := &unsealCache[h%sealCacheSlots]
	if e := slot.Load(); e != nil && e.hash == h && e.sealed == sealed {
		return e.token
	}
	v := openToken(sealed, n)
	slot.Store(&sealEntry{hash: h, token: v, sealed: strings.Clone(sealed)})
	return v
}

// openToken returns the n-byte token value of sealed.
func openToken(sealed string, n int) string {
	out := make([]byte, n)
	openInto(out, sealed)
	return unsafe.String(unsafe.SliceData(out), len(out))
}

// maxStackToken is the longest token that Validate unseals on the stack:
// 256 characters, the rule's bound, of at most 4 bytes each.
const maxStackToken = 4 * 256

// unsealTo unseals t into dst and returns it as a string backed by dst,
// and true; or false when dst is too short. The string lives as long as
// dst and must not be kept.
func (t BearerToken) unsealTo(dst []byte) (string, bool) {
	n := len(t.sealed)/3 - sealNonce
	if n <= 0 {
		return "", true
	}
	if n > len(dst) {
		return "", false
	}
	openInto(dst[:n], t.sealed)
	return unsafe.String(unsafe.SliceData(dst), n), true
}

// openInto writes the token of a sealed form into dst, which has its
// length.
func openInto(dst []byte, sealed string) {
	sc := sealScratch.Get().(*sealBlocks)
	defer sealScratch.Put(sc)
	for i := range sealNonce {
		sc[1][i] = glyph(sealed[3*i:])
	}
	body := sealed[3*sealNonce:]
	for off := 0; off < len(dst); off += 16 {
		ks := sc.streamBlock(off / 16)
		for j := range min(16, len(dst)-off) {
			dst[off+j] = glyph(body[3*(off+j):]) ^ ks[j]
		}
	}
}

// streamBlock returns block n of the key stream of the nonce in
// sc[1][:sealNonce]: AES(key1, nonce || n), in sc[2].
func (sc *sealBlocks) streamBlock(n int) *[16]byte {
	binary.BigEndian.PutUint32(sc[1][sealNonce:], uint32(n))
	sealer.stream.Encrypt(sc[2][:], sc[1][:])
	return &sc[2]
}

// cmac returns AES-CMAC(m) (RFC 4493) under the cipher c with subkeys k1
// and k2, using sc[0] and sc[1]; the result is in sc[0].
func cmac(c cipher.Block, k1, k2 *[16]byte, sc *sealBlocks, m string) *[16]byte {
	x, b := &sc[0], &sc[1]
	*x = [16]byte{}
	for len(m) > 16 {
		for i := range b {
			b[i] = x[i] ^ m[i]
		}
		c.Encrypt(x[:], b[:])
		m = m[16:]
	}
	k := k1 // the last block is whole, or padded with 0x80 0x00...
	if len(m) < 16 {
		k = k2
	}
	for i := range b {
		var mi byte
		if i < len(m) {
			mi = m[i]
		} else if i == len(m) {
			mi = 0x80
		}
		b[i] = x[i] ^ mi ^ k[i]
	}
	c.Encrypt(x[:], b[:])
	return x
}

// cmacSubkeys derives CMAC's subkeys K1 and K2 from c.
func cmacSubkeys(c cipher.Block) (k1, k2 [16]byte) {
	var l [16]byte
	c.Encrypt(l[:], l[:])
	double := func(in [16]byte) (out [16]byte) {
		for i := range 15 {
			out[i] = in[i]<<1 | in[i+1]>>7
		}
		out[15] = in[15] << 1
		if in[0]&0x80 != 0 {
			out[15] ^= 0x87
		}
		return out
	}
	k1 = double(l)
	return k1, double(k1)
}

// putGlyph writes b as the UTF-8 of U+2800+b.
func putGlyph(dst []byte, b byte) {
	dst[0], dst[1], dst[2] = 0xE2, 0xA0|b>>6, 0x80|b&0x3F
}

// glyph reads the byte that putGlyph wrote at the start of src.
func glyph(src string) byte { return (src[1]&3)<<6 | src[2]&0x3F }

// A server sees the same few tokens request after request, and sealing one
// costs about a microsecond (the whole of the rest of crohttp.Middleware's
// work on a GET), so sealCached remembers the sealed forms of the last
// tokens it sealed: sealCacheSlots slots, each chosen by a keyed hash of
// the token, each holding one token and its sealed form.
//
// The cache (and unseal's, unsealCache) holds tokens in the clear, in
// package memory that no value leads to, so that no printer can reach it; a reader of the process's
// memory finds the sealing keys there anyway. Only tokens of at most
// sealCacheMaxLen bytes (every valid authorization value) are kept, so it
// holds at most about 260 KiB whatever the requests. A hit compares the
// token only after the full 64-bit keyed hash matches, which no caller can
// aim at without the seed.
const (
	sealCacheSlots  = 256
	sealCacheMaxLen = 256
)

type sealEntry struct {
	hash   uint64
	token  string
	sealed string
}

var (
	sealCacheSeed = maphash.MakeSeed()
	sealCache     [sealCacheSlots]atomic.Pointer[sealEntry]
	unsealCache   [sealCacheSlots]atomic.Pointer[sealEntry]
)

// sealCached returns seal(v), from the cache when v is in it.
func sealCached(v string) string {
	if v == "" || len(v) > sealCacheMaxLen {
		return seal(v)
	}
	h := maphash.String(sealCacheSeed, v)
	slot := &sealCache[h%sealCacheSlots]
	if e := slot.Load(); e != nil && e.hash == h && e.token == v {
		return e.sealed
	}
	sealed := seal(v)
	slot.Store(&sealEntry{hash: h, token: strings.Clone(v), sealed: sealed})
	return sealed
}
