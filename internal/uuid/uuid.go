// Package uuid mints the random version-4 UUIDs (RFC 9562) of the
// package: the x-request-id a server answers when the request sent none,
// and the one a client sends with each call. It is the only generator.
package uuid

import (
	"crypto/rand"
	"sync"
)

// Fill writes a random version-4 UUID in the canonical lower-case
// 8-4-4-4-12 form, such as "b24c2138-65af-4ed3-8e1d-b85a7dc8171c", into s.
// It does not allocate.
func Fill(s *[36]byte) {
	var b [16]byte
	random16(&b)
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // variant 10
	const digits = "0123456789abcdef"
	j := 0
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			s[j] = '-'
			j++
		}
		s[j], s[j+1] = digits[c>>4], digits[c&0x0f]
		j += 2
	}
}

// New returns a random version-4 UUID as a string.
func New() string {
	var s [36]byte
	Fill(&s)
	return string(s[:])
}

// IsV4 reports whether s is a version-4 UUID of the RFC 9562 variant in
// the canonical form, in any letter case.
func IsV4(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
			continue
		}
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return s[14] == '4' && (s[19] == '8' || s[19] == '9' || s[19] == 'a' || s[19] == 'b' || s[19] == 'A' || s[19] == 'B')
}

// randBuf is a batch of bytes read from crypto/rand, each handed out once
// and then zeroed: one read serves 32 UUIDs.
type randBuf struct {
	b    [512]byte
	used int
}

var randPool = sync.Pool{New: func() any { return &randBuf{used: 512} }}

// random16 fills b with 16 bytes from crypto/rand.
func random16(b *[16]byte) {
	rb := randPool.Get().(*randBuf)
	if rb.used+len(b) > len(rb.b) {
		_, _ = rand.Read(rb.b[:]) // never fails (crypto/rand, Go 1.24)
		rb.used = 0
	}
	copy(b[:], rb.b[rb.used:])
	clear(rb.b[rb.used : rb.used+len(b)])
	rb.used += len(b)
	randPool.Put(rb)
}
