#!/usr/bin/env python3
"""Generate ../stringprep_tables.go from Python's own stringprep and unicodedata.

Run from anywhere with Debian's interpreter (the one Django 3.2 runs under):

    /usr/bin/python3 internal/emailaddr/gen/gen_tables.py

Django's EmailValidator falls back to domain.encode('idna'), Python's IDNA 2003
codec (Lib/encodings/idna.py). Its nameprep step is defined entirely by
Python's stringprep module and by unicodedata.ucd_3_2_0.normalize('NFKC'), so
every table here is computed by calling those functions on every code point,
not by reading the RFC 3454 text:

  b1          stringprep.in_table_b1            (mapped to nothing)
  b2          stringprep.map_table_b2           (case folding; note that it uses
                                                 str.lower() of the running
                                                 Python, Unicode 14.0 here)
  prohibited  in_table_c12, c22, c3 ... c9      (the union Python checks)
  randAL, l   in_table_d1, in_table_d2          (bidi)

NFKC is ucd_3_2_0.normalize('NFKC'). That is not "Unicode 3.2 NFKC" and not
any current NFKC either (golang.org/x/text/unicode/norm v0.43.0, which is
Unicode 15.0.0 under Go 1.26, disagrees with it on 695 single code points:
690 characters unassigned in 3.2 that it decomposes, such as U+1F100 and
U+1F200, and the five compatibility ideographs whose mappings were corrected
after 3.2, U+2F868, U+2F874, U+2F91F, U+2F95F and U+2F9BF), so it is
reproduced from these tables instead:

  nfkd  ucd_3_2_0.normalize('NFKD', c) for each c (Hangul syllables are
        algorithmic): no decomposition for code points unassigned in 3.2, and
        the pre-4.0 mappings of the corrected CJK compatibility ideographs.
  ccc   unicodedata.combining(c) of the running Python (14.0): CPython's
        reordering step reads the current database even for ucd_3_2_0.
  comp  the current (14.0) primary composites: canonical pairs whose first
        element is a starter and whose composite is NFC-stable. CPython's
        composition step reads the current tables too.

Before writing, the script checks its tables by re-implementing the Go
algorithm (decompose, reorder, compose as CPython's nfc_nfkc does) in Python
and comparing with ucd_3_2_0.normalize on every code point and on random
strings; it refuses to write a file that disagrees.
"""

import os
import random
import stringprep
import sys
import unicodedata
from unicodedata import ucd_3_2_0

assert sys.version_info[:2] == (3, 11), sys.version
assert ucd_3_2_0.unidata_version == "3.2.0"

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "stringprep_tables.go")

SBASE, LBASE, VBASE, TBASE = 0xAC00, 0x1100, 0x1161, 0x11A7
LCOUNT, VCOUNT, TCOUNT = 19, 21, 28
NCOUNT = VCOUNT * TCOUNT
SCOUNT = LCOUNT * NCOUNT


def code_points():
    """Every code point a Go string can hold (no surrogates)."""
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        yield cp


def ranges(pred):
    out = []
    for cp in code_points():
        if pred(chr(cp)):
            if out and out[-1][1] == cp - 1:
                out[-1][1] = cp
            elif out and out[-1][1] == 0xD7FF and cp == 0xE000:
                out[-1][1] = cp  # the surrogate gap cannot occur in Go
            else:
                out.append([cp, cp])
    return out


def prohibited(c):
    return (stringprep.in_table_c12(c) or stringprep.in_table_c22(c)
            or stringprep.in_table_c3(c) or stringprep.in_table_c4(c)
            or stringprep.in_table_c5(c) or stringprep.in_table_c6(c)
            or stringprep.in_table_c7(c) or stringprep.in_table_c8(c)
            or stringprep.in_table_c9(c))


def mapping(fn):
    """Code points whose image under fn differs from themselves."""
    out = []
    for cp in code_points():
        c = chr(cp)
        m = fn(c)
        if m is not None and m != c:
            out.append((cp, m))
    return out


def nfkd32(c):
    if SBASE <= ord(c) < SBASE + SCOUNT:
        return None
    return ucd_3_2_0.normalize("NFKD", c)


def composites():
    pairs = []
    for cp in code_points():
        c = chr(cp)
        d = unicodedata.decomposition(c)
        if not d or d.startswith("<"):
            continue
        parts = [int(x, 16) for x in d.split()]
        if len(parts) != 2:
            continue
        if unicodedata.combining(chr(parts[0])) != 0:
            continue
        if unicodedata.normalize("NFC", c) != c:
            continue  # composition exclusion
        pairs.append((parts[0], parts[1], cp))
    pairs.sort()
    return pairs


def ccc_ranges():
    out = []
    for cp in code_points():
        v = unicodedata.combining(chr(cp))
        if v == 0:
            continue
        if out and out[-1][1] == cp - 1 and out[-1][2] == v:
            out[-1][1] = cp
        else:
            out.append([cp, cp, v])
    return out


# ---- a Python model of the Go NFKC, used to check the tables ----

class Model:
    def __init__(self, nfkd, ccc, comp):
        self.nfkd = dict(nfkd)
        self.ccc = {}
        for lo, hi, v in ccc:
            for cp in range(lo, hi + 1):
                self.ccc[cp] = v
        self.comp = {(a, b): c for a, b, c in comp}
        self.first = {a for a, _, _ in comp}

    def nfkc(self, s):
        d = []
        for ch in s:
            cp = ord(ch)
            if SBASE <= cp < SBASE + SCOUNT:
                si = cp - SBASE
                d.append(LBASE + si // NCOUNT)
                d.append(VBASE + (si % NCOUNT) // TCOUNT)
                if si % TCOUNT:
                    d.append(TBASE + si % TCOUNT)
            elif cp in self.nfkd:
                d.extend(ord(x) for x in self.nfkd[cp])
            else:
                d.append(cp)
        # canonical ordering: stable insertion sort inside runs of non-starters
        for i in range(1, len(d)):
            j = i
            cur = self.ccc.get(d[j], 0)
            while j > 0 and cur != 0 and self.ccc.get(d[j - 1], 0) > cur:
                d[j - 1], d[j] = d[j], d[j - 1]
                j -= 1
        # composition, as CPython's nfc_nfkc
        out = []
        skipped = [False] * len(d)
        i = 0
        while i < len(d):
            if skipped[i]:
                i += 1
                continue
            code = d[i]
            if (LBASE <= code < LBASE + LCOUNT and i + 1 < len(d)
                    and VBASE <= d[i + 1] < VBASE + VCOUNT):
                code = SBASE + ((code - LBASE) * VCOUNT + d[i + 1] - VBASE) * TCOUNT
                i += 2
                if i < len(d) and TBASE < d[i] < TBASE + TCOUNT:
                    code += d[i] - TBASE
                    i += 1
                out.append(code)
                continue
            if code not in self.first:
                out.append(code)
                i += 1
                continue
            comb = 0
            i1 = i + 1
            while i1 < len(d):
                code1 = d[i1]
                comb1 = self.ccc.get(code1, 0)
                if comb:
                    if comb1 == 0:
                        break
                    if comb >= comb1:
                        i1 += 1
                        continue
                c = self.comp.get((code, code1))
                if c is None:
                    if comb1 == 0:
                        break
                    comb = comb1
                    i1 += 1
                    continue
                code = c
                skipped[i1] = True
                i1 += 1
                if code not in self.first:
                    break
            out.append(code)
            i += 1
        return "".join(map(chr, out))


def check(model, b2):
    bad = 0
    for cp in code_points():
        c = chr(cp)
        for s in (c, c + "\u0301", "\u0327" + c + "\u0301", c + "\u11a8"):
            if model.nfkc(s) != ucd_3_2_0.normalize("NFKC", s):
                bad += 1
                if bad < 10:
                    print("model disagrees on %r" % s, file=sys.stderr)
    # Random strings drawn from the characters that take part in
    # normalization: starters with decompositions, composition pairs,
    # combining marks of every class, Hangul jamo and syllables.
    rng = random.Random(3454)
    alphabet = sorted(set(
        [chr(cp) for cp in model.nfkd] + [chr(cp) for cp in model.ccc]
        + [chr(a) for a, _ in model.comp] + [chr(b) for _, b in model.comp]
        + [chr(cp) for cp in range(0x1100, 0x1200)] + ["\uac00", "\uac01", "\ub098", "a", "A", "."]
        + [m for _, m in b2 if len(m) == 1]))
    for _ in range(200000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8)))
        if model.nfkc(s) != ucd_3_2_0.normalize("NFKC", s):
            bad += 1
            if bad < 10:
                print("model disagrees on %r" % s, file=sys.stderr)
    return bad


def go_ranges(name, doc, rs):
    lines = ["// %s" % l for l in doc] + ["var %s = []runeRange{" % name]
    row = []
    for lo, hi in rs:
        row.append("{0x%04X, 0x%04X}," % (lo, hi))
        if len(row) == 4:
            lines.append("\t" + " ".join(row))
            row = []
    if row:
        lines.append("\t" + " ".join(row))
    lines.append("}")
    return "\n".join(lines) + "\n"


def go_string(s):
    # Go interpreted string literal, \u escapes for everything non-ASCII so
    # the file stays readable and byte-stable.
    out = []
    for ch in s:
        cp = ord(ch)
        if ch == '"' or ch == "\\":
            out.append("\\" + ch)
        elif 0x20 <= cp < 0x7F:
            out.append(ch)
        elif cp <= 0xFFFF:
            out.append("\\u%04X" % cp)
        else:
            out.append("\\U%08X" % cp)
    return '"' + "".join(out) + '"'


def go_map(name, doc, entries):
    """Sorted keys, end offsets into one string of UTF-8 values."""
    keys, ends, data = [], [], []
    n = 0
    for cp, m in entries:
        keys.append(cp)
        data.append(m)
        n += len(m.encode("utf-8"))
        ends.append(n)
    assert n < 1 << 16
    lines = ["// %s" % l for l in doc]
    lines.append("var %s = stringMap{" % name)
    lines.append("\tkeys: []rune{")
    for i in range(0, len(keys), 8):
        lines.append("\t\t" + " ".join("0x%04X," % k for k in keys[i:i + 8]))
    lines.append("\t},")
    lines.append("\tends: []uint16{")
    for i in range(0, len(ends), 12):
        lines.append("\t\t" + " ".join("%d," % e for e in ends[i:i + 12]))
    lines.append("\t},")
    lines.append("\tdata: \"\" +")
    chunk = []
    for i, m in enumerate(data):
        chunk.append(m)
        if len(chunk) == 8 or i == len(data) - 1:
            sep = " +" if i != len(data) - 1 else ","
            lines.append("\t\t" + go_string("".join(chunk)) + sep)
            chunk = []
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    b1 = ranges(stringprep.in_table_b1)
    b2 = mapping(stringprep.map_table_b2)
    proh = ranges(prohibited)
    d1 = ranges(stringprep.in_table_d1)
    d2 = ranges(stringprep.in_table_d2)
    nfkd = mapping(nfkd32)
    ccc = ccc_ranges()
    comp = composites()

    model = Model(nfkd, ccc, comp)
    bad = check(model, b2)
    if bad:
        sys.exit("gen_tables: the NFKC model disagrees with ucd_3_2_0 on %d strings" % bad)

    # Quantify what a current-Unicode NFKC would get wrong, for the record.
    cur_diff = sum(1 for cp in code_points()
                   if unicodedata.normalize("NFKC", chr(cp)) != ucd_3_2_0.normalize("NFKC", chr(cp)))

    out = []
    out.append("// Code generated by gen/gen_tables.py from Python %s's stringprep and unicodedata; DO NOT EDIT.\n"
               % sys.version.split()[0])
    out.append("""package emailaddr

// Sizes: b1 %d ranges, b2 %d mappings, prohibited %d ranges, randAL %d ranges,
// l %d ranges, nfkd %d mappings, ccc %d ranges, comp %d pairs.
//
// ucd_3_2_0.normalize("NFKC", c) differs from the running Python's Unicode %s
// NFKC on %d single code points; the nfkd, ccc and comp tables reproduce the
// former exactly (checked by the generator on every code point and on 200000
// random strings).
""" % (len(b1), len(b2), len(proh), len(d1), len(d2), len(nfkd), len(ccc), len(comp),
       unicodedata.unidata_version, cur_diff))
    out.append(go_ranges("b1Ranges", ["b1Ranges is stringprep table B.1, mapped to nothing."], b1))
    out.append(go_ranges("prohibitedRanges",
                         ["prohibitedRanges is the union of the stringprep tables nameprep prohibits:",
                          "C.1.2, C.2.2, C.3, C.4, C.5, C.6, C.7, C.8 and C.9."], proh))
    out.append(go_ranges("randALRanges", ["randALRanges is stringprep table D.1, bidi classes R and AL under Unicode 3.2."], d1))
    out.append(go_ranges("lRanges", ["lRanges is stringprep table D.2, bidi class L under Unicode 3.2."], d2))
    out.append(go_map("b2Map", ["b2Map is stringprep.map_table_b2, case folding for NFKC."], b2))
    out.append(go_map("nfkdMap", ["nfkdMap is ucd_3_2_0.normalize(\"NFKD\", c) for every c it changes,",
                                  "Hangul syllables excepted."], nfkd))
    lines = ["// cccRanges holds the non-zero canonical combining classes (Unicode %s)."
             % unicodedata.unidata_version, "var cccRanges = []cccRange{"]
    row = []
    for lo, hi, v in ccc:
        row.append("{0x%04X, 0x%04X, %d}," % (lo, hi, v))
        if len(row) == 4:
            lines.append("\t" + " ".join(row))
            row = []
    if row:
        lines.append("\t" + " ".join(row))
    lines.append("}")
    out.append("\n".join(lines) + "\n")
    lines = ["// compPairs holds the primary composites (Unicode %s), sorted by first then second."
             % unicodedata.unidata_version, "var compPairs = []compPair{"]
    row = []
    for a, b, c in comp:
        row.append("{0x%04X, 0x%04X, 0x%04X}," % (a, b, c))
        if len(row) == 3:
            lines.append("\t" + " ".join(row))
            row = []
    if row:
        lines.append("\t" + " ".join(row))
    lines.append("}")
    out.append("\n".join(lines) + "\n")

    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    print("wrote %s" % os.path.normpath(OUT))


if __name__ == "__main__":
    main()
