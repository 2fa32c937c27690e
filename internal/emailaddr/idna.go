package emailaddr

import (
	"sort"
	"unicode/utf8"
)

// This file is Python 3.11's IDNA 2003 codec (Lib/encodings/idna.py,
// Lib/encodings/punycode.py) as far as str.encode('idna') goes, with the
// nameprep tables of Lib/stringprep.py and the NFKC of
// unicodedata.ucd_3_2_0 generated into stringprep_tables.go.

// maxLabel is the longest label IDNA's ToASCII lets through, in octets.
const maxLabel = 63

// toASCII returns domain.encode('idna') for a non-ASCII domain, and whether
// the codec succeeded.
func toASCII(domain string) (string, bool) {
	out := make([]byte, 0, len(domain)+8)
	start := 0
	for i := 0; i <= len(domain); {
		var size int
		if i < len(domain) {
			var r rune
			r, size = utf8.DecodeRuneInString(domain[i:])
			if !isDot(r) {
				i += size
				continue
			}
		}
		label := domain[start:i]
		if i == len(domain) && label == "" && start > 0 {
			// A trailing dot is kept as it is.
			return string(append(out, '.')), true
		}
		if start > 0 {
			out = append(out, '.')
		}
		var ok bool
		if out, ok = labelToASCII(out, label); !ok {
			return "", false
		}
		if i == len(domain) {
			break
		}
		i += size
		start = i
	}
	return string(out), true
}

// isDot reports whether r separates labels (IDNA section 3.1).
func isDot(r rune) bool {
	return r == '.' || r == '\u3002' || r == '\uFF0E' || r == '\uFF61'
}

// labelToASCII appends ToASCII(label) to dst (RFC 3490 section 4.1 with
// AllowUnassigned set and UseSTD3ASCIIRules clear, as Python has it).
func labelToASCII(dst []byte, label string) ([]byte, bool) {
	if isASCII(label) {
		if len(label) == 0 || len(label) > maxLabel {
			return dst, false
		}
		return append(dst, label...), true
	}
	runes, ok := nameprep(label)
	if !ok {
		return dst, false
	}
	if asciiRunes(runes) {
		if len(runes) == 0 || len(runes) > maxLabel {
			return dst, false
		}
		for _, r := range runes {
			dst = append(dst, byte(r))
		}
		return dst, true
	}
	if len(runes) >= 4 && runes[0] == 'x' && runes[1] == 'n' && runes[2] == '-' && runes[3] == '-' {
		return dst, false // starts with the ACE prefix
	}
	mark := len(dst)
	dst = append(dst, "xn--"...)
	dst, ok = punycode(dst, runes, mark+maxLabel)
	return dst, ok
}

func asciiRunes(rs []rune) bool {
	for _, r := range rs {
		if r >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// nameprep is RFC 3491 as Python's encodings.idna.nameprep implements it.
func nameprep(label string) ([]rune, bool) {
	mapped := make([]rune, 0, len(label))
	for _, r := range label {
		if inRanges(b1Ranges, r) {
			continue // mapped to nothing
		}
		if m, ok := b2Map.lookup(r); ok {
			for _, c := range m {
				mapped = append(mapped, c)
			}
			continue
		}
		mapped = append(mapped, r)
	}
	norm := nfkc(mapped)
	randAL := false
	for _, r := range norm {
		if inRanges(prohibitedRanges, r) {
			return nil, false
		}
		if inRanges(randALRanges, r) {
			randAL = true
		}
	}
	if randAL {
		for _, r := range norm {
			if inRanges(lRanges, r) {
				return nil, false // bidi requirement 2
			}
		}
		if !inRanges(randALRanges, norm[0]) || !inRanges(randALRanges, norm[len(norm)-1]) {
			return nil, false // bidi requirement 3
		}
	}
	return norm, true
}

// punycode appends the RFC 3492 encoding of in to dst. It gives up, and
// reports false, as soon as dst would grow past limit bytes.
func punycode(dst []byte, in []rune, limit int) ([]byte, bool) {
	const (
		base        = 36
		tmin        = 1
		tmax        = 26
		initialBias = 72
		initialN    = 0x80
	)
	b := 0
	for _, r := range in {
		if r < initialN {
			dst = append(dst, byte(r))
			b++
		}
	}
	if b > 0 {
		dst = append(dst, '-')
	}
	if len(dst) > limit {
		return dst, false
	}
	// int64: delta can exceed 2^31 for long labels of high code points.
	n, bias, h := int64(initialN), int64(initialBias), b
	var delta int64
	for h < len(in) {
		m := int64(utf8.MaxRune + 1)
		for _, r := range in {
			if int64(r) >= n && int64(r) < m {
				m = int64(r)
			}
		}
		delta += (m - n) * int64(h+1)
		n = m
		for _, r := range in {
			if int64(r) < n {
				delta++
				continue
			}
			if int64(r) != n {
				continue
			}
			q := delta
			for k := int64(base); ; k += base {
				t := k - bias
				if t < tmin {
					t = tmin
				} else if t > tmax {
					t = tmax
				}
				if q < t {
					break
				}
				dst = append(dst, punyDigit(t+(q-t)%(base-t)))
				q = (q - t) / (base - t)
			}
			dst = append(dst, punyDigit(q))
			if len(dst) > limit {
				return dst, false
			}
			bias = adapt(delta, int64(h+1), h == b)
			delta = 0
			h++
		}
		delta++
		n++
	}
	return dst, true
}

func punyDigit(d int64) byte {
	if d < 26 {
		return byte('a' + d)
	}
	return byte('0' + d - 26)
}

func adapt(delta, numPoints int64, first bool) int64 {
	if first {
		delta /= 700
	} else {
		delta /= 2
	}
	delta += delta / numPoints
	k := int64(0)
	for delta > ((36-1)*26)/2 {
		delta /= 36 - 1
		k += 36
	}
	return k + 36*delta/(delta+38)
}

// Hangul syllable constants (Unicode chapter 3.12).
const (
	sBase  = 0xAC00
	lBase  = 0x1100
	vBase  = 0x1161
	tBase  = 0x11A7
	lCount = 19
	vCount = 21
	tCount = 28
	nCount = vCount * tCount
	sCount = lCount * nCount
)

// nfkc is unicodedata.ucd_3_2_0.normalize("NFKC", s) of CPython 3.11:
// full compatibility decomposition, canonical reordering, then canonical
// composition done the way CPython's nfc_nfkc does it.
func nfkc(s []rune) []rune {
	d := make([]rune, 0, len(s)+len(s)/2)
	for _, r := range s {
		if sBase <= r && r < sBase+sCount {
			si := r - sBase
			d = append(d, lBase+si/nCount, vBase+si%nCount/tCount)
			if t := si % tCount; t != 0 {
				d = append(d, tBase+t)
			}
			continue
		}
		if m, ok := nfkdMap.lookup(r); ok {
			for _, c := range m {
				d = append(d, c)
			}
			continue
		}
		d = append(d, r)
	}

	// Canonical ordering: a stable insertion sort of each run of
	// non-starters by combining class.
	for i := 1; i < len(d); i++ {
		cur := ccc(d[i])
		if cur == 0 {
			continue
		}
		for j := i; j > 0; j-- {
			prev := ccc(d[j-1])
			if prev == 0 || prev <= cur {
				break
			}
			d[j-1], d[j] = d[j], d[j-1]
		}
	}

	// Canonical composition.
	out := make([]rune, 0, len(d))
	skipped := make([]bool, len(d))
	for i := 0; i < len(d); {
		if skipped[i] {
			i++
			continue
		}
		code := d[i]
		if lBase <= code && code < lBase+lCount && i+1 < len(d) && vBase <= d[i+1] && d[i+1] < vBase+vCount {
			code = sBase + ((code-lBase)*vCount+d[i+1]-vBase)*tCount
			i += 2
			if i < len(d) && tBase < d[i] && d[i] < tBase+tCount {
				code += d[i] - tBase
				i++
			}
			out = append(out, code)
			continue
		}
		if !composesFirst(code) {
			out = append(out, code)
			i++
			continue
		}
		var comb uint8
		for i1 := i + 1; i1 < len(d); i1++ {
			code1 := d[i1]
			comb1 := ccc(code1)
			if comb != 0 {
				if comb1 == 0 {
					break
				}
				if comb >= comb1 {
					continue // blocked
				}
			}
			if c, ok := compose(code, code1); ok {
				code = c
				skipped[i1] = true
				if !composesFirst(code) {
					break
				}
				continue
			}
			if comb1 == 0 {
				break
			}
			comb = comb1
		}
		out = append(out, code)
		i++
	}
	return out
}

// A runeRange is an inclusive range of code points.
type runeRange struct{ lo, hi rune }

// inRanges reports whether r is in one of the sorted, disjoint ranges t.
func inRanges(t []runeRange, r rune) bool {
	i := sort.Search(len(t), func(i int) bool { return t[i].hi >= r })
	return i < len(t) && t[i].lo <= r
}

// A stringMap maps code points to strings: keys[i] maps to
// data[ends[i-1]:ends[i]].
type stringMap struct {
	keys []rune
	ends []uint16
	data string
}

func (m *stringMap) lookup(r rune) (string, bool) {
	i := sort.Search(len(m.keys), func(i int) bool { return m.keys[i] >= r })
	if i == len(m.keys) || m.keys[i] != r {
		return "", false
	}
	start := 0
	if i > 0 {
		start = int(m.ends[i-1])
	}
	return m.data[start:m.ends[i]], true
}

// A cccRange gives the canonical combining class of a range of code points.
type cccRange struct {
	lo, hi rune
	ccc    uint8
}

func ccc(r rune) uint8 {
	t := cccRanges
	i := sort.Search(len(t), func(i int) bool { return t[i].hi >= r })
	if i < len(t) && t[i].lo <= r {
		return t[i].ccc
	}
	return 0
}

// A compPair is a primary composite c and its canonical decomposition a b.
type compPair struct{ a, b, c rune }

func composesFirst(a rune) bool {
	i := sort.Search(len(compPairs), func(i int) bool { return compPairs[i].a >= a })
	return i < len(compPairs) && compPairs[i].a == a
}

func compose(a, b rune) (rune, bool) {
	i := sort.Search(len(compPairs), func(i int) bool {
		p := compPairs[i]
		return p.a > a || p.a == a && p.b >= b
	})
	if i < len(compPairs) && compPairs[i].a == a && compPairs[i].b == b {
		return compPairs[i].c, true
	}
	return 0, false
}
