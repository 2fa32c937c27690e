package croschema

import (
	"crypto/aes"
	"encoding/hex"
	"hash/maphash"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCMAC checks cmac against the four examples of RFC 4493 section 4.
func TestCMAC(t *testing.T) {
	key, _ := hex.DecodeString("2b7e151628aed2a6abf7158809cf4f3c")
	c, err := aes.NewCipher(key)
	require.NoError(t, err)
	k1, k2 := cmacSubkeys(c)
	assert.Equal(t, "fbeed618357133667c85e08f7236a8de", hex.EncodeToString(k1[:]))
	assert.Equal(t, "f7ddac306ae266ccf90bc11ee46d513b", hex.EncodeToString(k2[:]))
	msg, _ := hex.DecodeString("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51" +
		"30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710")
	for _, tt := range []struct {
		n    int
		want string
	}{
		{0, "bb1d6929e95937287fa37d129b756746"},
		{16, "070a16b46b4d4144f79bdd9dd04a287c"},
		{40, "dfa66747de9ae63030ca32611497c827"},
		{64, "51f0bebf7e3b9d92fc49741779363cfe"},
	} {
		var sc sealBlocks
		got := cmac(c, &k1, &k2, &sc, string(msg[:tt.n]))
		assert.Equal(t, tt.want, hex.EncodeToString(got[:]), "CMAC of %d bytes", tt.n)
	}
}

// TestSealRoundTrip: every length opens to what was sealed, equal values
// seal alike, the sealed form is Braille glyphs only, and opening on the
// stack allocates nothing.
func TestSealRoundTrip(t *testing.T) {
	for n := range 300 {
		v := strings.Repeat("aé🙂-", n)[:n]
		sealed := seal(v)
		require.Equal(t, v, unseal(sealed), "length %d", n)
		require.Equal(t, sealed, seal(strings.Clone(v)))
		for _, r := range sealed {
			require.True(t, r >= 0x2800 && r <= 0x28FF, "%q", r)
		}
		var buf [maxStackToken]byte
		got, ok := BearerToken{sealed: sealed}.unsealTo(buf[:])
		require.True(t, ok)
		require.Equal(t, v, got)
	}
	assert.NotEqual(t, seal("Bearer a.b"), seal("Bearer a.c"))
	assert.NotEqual(t, seal("Bearer a.b")[3*sealNonce:], seal("Bearer a.c")[3*sealNonce:], "two tokens, two streams")
	tok := newBearerToken("Bearer " + strings.Repeat("x", 200))
	var buf [maxStackToken]byte
	assert.Zero(t, testing.AllocsPerRun(100, func() { _, _ = tok.unsealTo(buf[:]) }))
	assert.Equal(t, 1.0, testing.AllocsPerRun(100, func() { _ = seal("Bearer a.b.c") }))
}

func BenchmarkSeal(b *testing.B) {
	v := "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2lnYXR1cmUtc2lnbmF0dXJl"
	b.Run("seal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = seal(v)
		}
	})
	sealed := seal(v)
	b.Run("unsealTo", func(b *testing.B) {
		b.ReportAllocs()
		var buf [maxStackToken]byte
		for b.Loop() {
			_, _ = BearerToken{sealed: sealed}.unsealTo(buf[:])
		}
	})
}

// TestSealCached: the cache answers exactly what seal does, for a token it
// holds, one that shares its slot, and one too long to be kept; a token it
// holds is sealed again without allocating.
func TestSealCached(t *testing.T) {
	token := "Bearer cache.test." + strings.Repeat("x", 40)
	assert.Equal(t, seal(token), sealCached(token), "a miss")
	assert.Equal(t, seal(token), sealCached(token), "a hit")
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = sealCached(token) }), "a hit allocates")

	// Another token in the same slot replaces it, and both still seal right.
	slot := maphash.String(sealCacheSeed, token) % sealCacheSlots
	other := ""
	for i := 0; other == ""; i++ {
		if s := token + strconv.Itoa(i); maphash.String(sealCacheSeed, s)%sealCacheSlots == slot {
			other = s
		}
	}
	assert.Equal(t, seal(other), sealCached(other))
	assert.Equal(t, other, sealCache[slot].Load().token, "the slot holds the last token sealed")
	assert.Equal(t, seal(token), sealCached(token))
	assert.Equal(t, seal(other), sealCached(other))

	long := "Bearer a.b." + strings.Repeat("c", sealCacheMaxLen)
	assert.Equal(t, seal(long), sealCached(long))
	for i := range sealCache {
		if e := sealCache[i].Load(); e != nil {
			assert.NotEqual(t, long, e.token, "a token over sealCacheMaxLen bytes is kept")
		}
	}
	assert.Equal(t, "", sealCached(""))
}

// TestUnsealCached: unseal remembers what it opened, and a hit neither
// allocates nor returns another token's value, even from a shared slot.
func TestUnsealCached(t *testing.T) {
	token := "Bearer unseal.test." + strings.Repeat("y", 40)
	sealed := seal(token)
	assert.Equal(t, token, unseal(sealed), "a miss")
	assert.Equal(t, token, unseal(sealed), "a hit")
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = unseal(sealed) }), "a hit allocates")

	slot := maphash.String(sealCacheSeed, sealed) % sealCacheSlots
	var other, otherSealed string
	for i := 0; other == ""; i++ {
		s := token + strconv.Itoa(i)
		if ss := seal(s); maphash.String(sealCacheSeed, ss)%sealCacheSlots == slot {
			other, otherSealed = s, ss
		}
	}
	assert.Equal(t, other, unseal(otherSealed))
	assert.Equal(t, other, unsealCache[slot].Load().token, "the slot holds the last token opened")
	assert.Equal(t, token, unseal(sealed), "the first token, after the other took its slot")

	// Tokens of every length up to the cache's bound and past it.
	for n := 1; n <= sealCacheMaxLen+8; n += 37 {
		v := strings.Repeat("z", n)
		s := seal(v)
		assert.Equal(t, v, unseal(s), "length %d, a miss", n)
		assert.Equal(t, v, unseal(s), "length %d, again", n)
	}
	assert.Equal(t, "", unseal(""))
}
