#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write the hand-made hostile seeds of tests/fuzz/corpus/.

    tests/fuzz/make-corpus.py [CORPUS_DIR] [REAL.data REAL.pb.gz]

The real seeds (a short recording of tests/workloads/calltree and its
pprof conversion) are made with cprof itself; given here, they are copied
in and the damaged variants are derived from them. Without them, the
existing corpus/cdata/real.data and corpus/pprof/real.pb.gz are used.
Everything here is deterministic, so re-running it changes nothing.
"""
import gzip
import os
import shutil
import struct
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "corpus")


def put(kind, name, data):
    d = os.path.join(CORPUS, kind)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def gz(data, level=9):
    # mtime 0: the same bytes every time
    return gzip.compress(data, compresslevel=level, mtime=0)


# ---------------------------------------------------------------- protobuf

def varint(v):
    v &= (1 << 64) - 1  # negative int64: ten bytes, as protobuf writes them
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def fv(field, v):  # varint field
    return varint(field << 3) + varint(v)


def fb(field, data):  # length-delimited field
    return varint(field << 3 | 2) + varint(len(data)) + data


def packed(field, values):
    return fb(field, b"".join(varint(v) for v in values))


def value_type(t, u):
    return fv(1, t) + fv(2, u)


def sample(locs, values, labels=()):
    return packed(1, locs) + packed(2, values) + b"".join(fb(3, l) for l in labels)


def label(key, s=0, num=0, unit=0):
    return fv(1, key) + (fv(2, s) if s else b"") + (fv(3, num) if num else b"") + \
        (fv(4, unit) if unit else b"")


def mapping(id, start=0x1000, limit=0x2000, filename=0):
    return fv(1, id) + fv(2, start) + fv(3, limit) + fv(5, filename)


def line(fid, ln=1):
    return fv(1, fid) + fv(2, ln)


def location(id, mapping_id=0, lines=()):
    return fv(1, id) + fv(2, mapping_id) + fv(3, 0x1234) + \
        b"".join(fb(4, line(*l)) for l in lines)


def function(id, name, sysname=0, filename=0):
    return fv(1, id) + fv(2, name) + fv(3, sysname) + fv(4, filename)


STRINGS = ["", "samples", "count", "cpu", "nanoseconds", "main", "work", "calltree.c",
           "/bin/calltree", "thread"]


def profile(samples=None, mappings=None, locations=None, functions=None, strings=None,
            types=None, extra=b""):
    """A small valid profile; each part can be replaced."""
    if types is None:
        types = [(1, 2), (3, 4)]
    if samples is None:
        samples = [sample([1, 2], [1, 1000000], [label(9, s=5)]), sample([2], [3, 3000000])]
    if mappings is None:
        mappings = [mapping(1, filename=8)]
    if locations is None:
        locations = [location(1, 1, [(1, 10)]), location(2, 1, [(2, 20)])]
    if functions is None:
        functions = [function(1, 6, 6, 7), function(2, 5, 5, 7)]
    if strings is None:
        strings = STRINGS
    out = b"".join(fb(1, value_type(*t)) for t in types)
    out += b"".join(fb(2, s) for s in samples)
    out += b"".join(fb(3, m) for m in mappings)
    out += b"".join(fb(4, l) for l in locations)
    out += b"".join(fb(5, f) for f in functions)
    out += b"".join(fb(6, s.encode() if isinstance(s, str) else s) for s in strings)
    out += fb(11, value_type(3, 4)) + fv(12, 1000000)
    return out + extra


def pprof_seeds(real_gz):
    put("pprof", "small-valid.pb", profile())
    put("pprof", "small-valid.pb.gz", gz(profile()))
    put("pprof", "empty.pb", b"")  # a profile with nothing at all (no string table)
    put("pprof", "only-empty-string.pb", fb(6, b""))
    put("pprof", "comments-attrs.pb",
        profile(strings=STRINGS + ["cprof.command=ls -l", "cprof.noequals", "plain comment",
                                   "cprof.=empty key"],
                extra=packed(13, [10, 11, 12, 13]) + fv(14, 3)))
    put("pprof", "labels-num-unit.pb",
        profile(samples=[sample([1], [1, 2], [label(9, num=-5, unit=2), label(9, s=1),
                                              label(0)])]))
    put("pprof", "invalid-utf8-strings.pb",
        profile(strings=["", "samp\xffles".encode("latin-1"), b"\xc3", "cpu", "ns",
                         b"\xed\xa0\x80surrogate", b"ma\x00in", "c", "/b", "t"]))
    # string indexes out of range, everywhere one can be
    n = len(STRINGS)
    put("pprof", "string-index-type.pb", profile(types=[(1, n)]))
    put("pprof", "string-index-negative.pb", profile(types=[(1, 2), (-1, 4)]))
    put("pprof", "string-index-function.pb", profile(functions=[function(1, n + 5), function(2, 5)]))
    put("pprof", "string-index-sysname.pb", profile(functions=[function(1, 6, -2), function(2, 5)]))
    put("pprof", "string-index-mapping.pb", profile(mappings=[mapping(1, filename=1 << 40)]))
    put("pprof", "string-index-label.pb",
        profile(samples=[sample([1], [1, 2], [label(n)])]))
    put("pprof", "string-index-label-str.pb",
        profile(samples=[sample([1], [1, 2], [label(9, s=n)])]))
    put("pprof", "string-index-label-unit.pb",
        profile(samples=[sample([1], [1, 2], [label(9, num=3, unit=-7)])]))
    put("pprof", "string-index-comment.pb", profile(extra=packed(13, [1, n])))
    put("pprof", "string-index-default-type.pb", profile(extra=fv(14, -1)))
    put("pprof", "string-index-period-type.pb", profile(extra=fb(11, value_type(n, -1))))
    put("pprof", "string-table-0-not-empty.pb", profile(strings=["x"] + STRINGS[1:]))
    put("pprof", "string-table-missing.pb", profile(strings=[]))
    # ids
    put("pprof", "location-missing-function.pb",
        profile(locations=[location(1, 1, [(1, 1)]), location(2, 1, [(7, 1)])]))
    put("pprof", "location-function-0.pb",
        profile(locations=[location(1, 1, [(0, 1)]), location(2, 1, [(2, 1)])]))
    put("pprof", "location-missing-mapping.pb",
        profile(locations=[location(1, 99, [(1, 1)]), location(2, 1, [(2, 1)])]))
    put("pprof", "location-self-reference.pb",  # ids that name each other's tables
        profile(locations=[location(1, 1, [(1, 1), (1, 2), (1, 3)]), location(2, 2, [(2, 2)])]))
    put("pprof", "sample-missing-location.pb", profile(samples=[sample([1, 3], [1, 2])]))
    put("pprof", "sample-location-0.pb", profile(samples=[sample([0], [1, 2])]))
    put("pprof", "sample-wrong-value-count.pb", profile(samples=[sample([1], [1])]))
    put("pprof", "sample-too-many-values.pb", profile(samples=[sample([1], [1, 2, 3])]))
    put("pprof", "samples-no-types.pb", profile(types=[], samples=[sample([1], [])]))
    put("pprof", "duplicate-mapping-id.pb", profile(mappings=[mapping(1), mapping(1)]))
    put("pprof", "duplicate-location-id.pb",
        profile(locations=[location(1, 1, [(1, 1)]), location(1, 1, [(2, 1)])]))
    put("pprof", "duplicate-function-id.pb", profile(functions=[function(2, 5), function(2, 6)]))
    put("pprof", "mapping-id-0.pb", profile(mappings=[mapping(0)]))
    put("pprof", "location-id-0.pb",
        profile(locations=[location(0, 1, [(1, 1)]), location(2, 1, [(2, 1)])]))
    put("pprof", "function-id-0.pb", profile(functions=[function(0, 5), function(2, 6)]))
    put("pprof", "huge-ids.pb",
        profile(mappings=[mapping((1 << 64) - 1)],
                locations=[location((1 << 64) - 1, (1 << 64) - 1, [((1 << 63), 1)]),
                           location(1 << 63, 0, [])],
                functions=[function(1 << 63, 5)],
                samples=[sample([(1 << 64) - 1, 1 << 63], [-1, -(1 << 63)])]))
    put("pprof", "deep-stack.pb", profile(samples=[sample([1, 2] * 5000, [1, 2])]))
    put("pprof", "many-lines.pb",
        profile(locations=[location(1, 1, [(1, i) for i in range(3000)]), location(2, 1, [])]))
    # wire-level damage
    good = profile()
    put("pprof", "absurd-length.pb", varint(2 << 3 | 2) + varint((1 << 63) - 1) + b"\x08\x01")
    put("pprof", "absurd-length-32.pb", good + varint(6 << 3 | 2) + varint(0xFFFFFFFF) + b"abc")
    put("pprof", "absurd-packed-length.pb",
        fb(6, b"") + varint(2 << 3 | 2) + b"\x05" + varint(1 << 3 | 2) + varint(1 << 40))
    put("pprof", "varint-too-long.pb", good + b"\x48" + b"\xff" * 11 + b"\x01")
    put("pprof", "varint-unterminated.pb", good + b"\x48" + b"\xff" * 5)
    put("pprof", "wire-type-7.pb", good + b"\x4f\x00")
    put("pprof", "wrong-wire-type.pb", b"\x32\x00" + b"\x0d\x00\x00\x00\x00" + good)
    put("pprof", "field-0.pb", b"\x00\x01" + good)
    put("pprof", "group-start.pb", good + b"\x0b\x08\x01\x0c")
    put("pprof", "unknown-fields.pb", good + fv(100, 5) + fb(200, b"xyz") + b"\x3d\x01\x02\x03\x04")
    put("pprof", "nested-truncated.pb", fb(6, b"") + fb(2, b"\x0a\x05\x01"))
    for cut in (1, 7, len(good) // 2, len(good) - 1):
        put("pprof", "small-truncated-%d.pb" % cut, good[:cut])
    # gzip damage
    g = gz(good)
    put("pprof", "not-gzip.pb.gz", b"\x1f\x8b" + b"not really gzip at all, just text\n")
    put("pprof", "gzip-magic-only.pb.gz", b"\x1f\x8b")
    put("pprof", "gzip-of-garbage.pb.gz", gz(bytes((i * 131 + 7) % 251 for i in range(4096))))
    put("pprof", "gzip-of-text.pb.gz", gz(b"main;work 10\nmain;idle 5\n"))
    put("pprof", "gzip-empty.pb.gz", gz(b""))
    put("pprof", "gzip-bad-crc.pb.gz", g[:-8] + b"\0\0\0\0" + g[-4:])
    put("pprof", "gzip-trailing-garbage.pb.gz", g + b"garbage after the member")
    put("pprof", "gzip-two-members.pb.gz", g + g)
    put("pprof", "gzip-truncated-header.pb.gz", g[:9])
    put("pprof", "gzip-truncated-middle.pb.gz", g[:len(g) // 2])
    put("pprof", "gzip-truncated-trailer.pb.gz", g[:-3])
    put("pprof", "zlib-not-gzip.pb", zlib.compress(good))
    # bombs, kept small on disk: 50 MiB of zeros, and 512 KiB of empty
    # samples (each 2-byte sample costs ~100 bytes of memory to decode)
    put("pprof", "gzip-bomb-zeros-50M.pb.gz", gz(bytes(50 << 20)))
    put("pprof", "gzip-bomb-empty-samples-512K.pb.gz", gz(fb(6, b"") + b"\x12\x00" * (256 << 10)))
    if real_gz:
        raw = gzip.decompress(real_gz)
        put("pprof", "real.pb.gz", real_gz)
        put("pprof", "real.pb", raw)
        for cut in (10, 100, len(raw) // 3, len(raw) - 2):
            put("pprof", "real-truncated-%d.pb" % cut, raw[:cut])
        for cut in (10, len(real_gz) // 2, len(real_gz) - 1):
            put("pprof", "real-truncated-%d.pb.gz" % cut, real_gz[:cut])
        flipped = bytearray(raw)
        for i in range(17, len(flipped), 97):
            flipped[i] ^= 0x55
        put("pprof", "real-bitflips.pb", bytes(flipped))


def heavy_seeds():
    """Inputs too heavy for the replay, used by tests/t/t0032-hostile-input.sh:
    32 MiB of empty samples (~2 GB to decode), and 1100 MiB of zeros
    gzipped, gzipped again to keep it small on disk."""
    put("../heavy", "pprof-empty-samples-32M.pb.gz", gz(fb(6, b"") + b"\x12\x00" * (16 << 20)))
    z = zlib.compressobj(9, zlib.DEFLATED, 31)  # a gzip wrapper with mtime 0
    block = bytes(1 << 20)
    bomb = b"".join(z.compress(block) for _ in range(1100)) + z.flush()
    put("../heavy", "gzip-bomb-zeros-1100M.pb.gz.gz", gz(bomb))


# ---------------------------------------------------------------- cdata

def u16(v): return struct.pack("<H", v & 0xFFFF)
def u32(v): return struct.pack("<I", v & 0xFFFFFFFF)
def u64(v): return struct.pack("<Q", v & 0xFFFFFFFFFFFFFFFF)


def cstr(s):
    s = s.encode() if isinstance(s, str) else s
    return u32(len(s)) + s


def header(version=1, size=32):
    return b"CPROFDAT" + u32(version) + u32(size) + u64(0) + u64(0)


def chunk(type, payload, crc=None, size=None):
    if crc is None:
        crc = zlib.crc32(payload)
    return u32(type) + u32(len(payload) if size is None else size) + u32(crc) + u32(0) + payload


META, MAPPING, THREAD, LOCATION, STACK, SAMPLE, FUNCTION, LINES, MAPINFO, HEALTH, END = range(1, 12)


def c_mapping(id, path="/bin/true", kind=0, start=0x1000, end=0x2000, build_id=""):
    return u32(id) + u32(42) + u64(start) + u64(end) + u64(0) + u32(kind) + cstr(path) + \
        cstr(build_id)


def c_location(id, mid, addr=0x1100):
    return u32(id) + u32(mid) + u64(addr)


def c_stack(id, frames, flags=0, n=None):
    return u32(id) + u16(flags) + u16(len(frames) if n is None else n) + \
        b"".join(u32(f) for f in frames)


def c_sample(stack, time=1000, tid=42, period=1000000):
    return u64(time) + u32(42) + u32(tid) + u32(stack) + u32(0) + u64(period)


def c_function(id, name="main", sysname="main", file="main.c", line=1):
    return u32(id) + cstr(name) + cstr(sysname) + cstr(file) + u32(line)


def c_lines(loc, lines):
    return u32(loc) + u32(len(lines)) + b"".join(u32(f) + u32(l) for f, l in lines)


def recording(parts=None, end=True):
    if parts is None:
        parts = {}
    p = {
        META: b"".join(cstr(k) + cstr(v) for k, v in (("command", "calltree"),
                                                     ("event", "cpu-clock"),
                                                     ("frequency", "999"))),
        MAPPING: c_mapping(1) + c_mapping(2, "[kernel.kallsyms]", 1),
        THREAD: u32(42) + u32(42) + u64(1) + cstr("calltree"),
        LOCATION: c_location(1, 1) + c_location(2, 1, 0x1200) + c_location(3, 0),
        FUNCTION: c_function(1) + c_function(2, "work", "_Z4workv"),
        LINES: c_lines(1, [(1, 10)]) + c_lines(2, [(2, 20), (1, 11)]),
        MAPINFO: u32(1) + u32(3),
        STACK: c_stack(1, [2, 1]) + c_stack(2, [3], flags=1) + c_stack(3, []),
        SAMPLE: c_sample(1) + c_sample(2, tid=43) + c_sample(0) + c_sample(3),
        HEALTH: cstr("lost") + cstr("0"),
    }
    p.update(parts)
    out = header()
    for t in (META, MAPPING, THREAD, LOCATION, FUNCTION, LINES, MAPINFO, STACK, SAMPLE, HEALTH):
        if p.get(t) is not None:
            out += chunk(t, p[t])
    return out + (chunk(END, b"") if end else b"")


def cdata_seeds(real):
    good = recording()
    put("cdata", "small-valid.data", good)
    put("cdata", "header-only.data", header())
    put("cdata", "magic-only.data", b"CPROFDAT")
    put("cdata", "version-0.data", header(version=0))
    put("cdata", "version-future.data", header(version=0xFFFFFFFF))
    put("cdata", "header-size-small.data", header(size=8) + good[32:])
    put("cdata", "header-size-huge.data", header(size=0xFFFFFFFF) + good[32:])
    put("cdata", "header-size-mid.data", header(size=40) + good[32:])
    put("cdata", "no-end.data", recording(end=False))
    put("cdata", "end-then-garbage.data", header() + chunk(END, b"") + b"\xff" * 40)
    put("cdata", "end-first.data", header() + chunk(END, b"") + good[32:])
    put("cdata", "oversized-chunk.data", header() + chunk(META, b"", size=0xFFFFFFF0))
    put("cdata", "chunk-size-past-end.data", header() + chunk(META, b"ab", size=1000))
    put("cdata", "bad-crc.data", header() + chunk(META, cstr("a") + cstr("b"), crc=1))
    put("cdata", "unknown-chunk.data", header() + chunk(999, b"future data") +
        chunk(0, b"zero type") + good[32:])
    put("cdata", "no-functions.data", recording({FUNCTION: None, LINES: None}))
    # symbols resolved at report time, from files that are no ELF files
    # (only the symbolization pass of cprof itself opens them; the fuzz
    # target reads them through, opening nothing)
    paths = ["/dev/zero", "/dev/stdin", "/proc/self/mem", "/dev/urandom", "/", "/proc/self/maps",
             "/nonexistent/lib.so", "", "[vdso]", "relative/lib.so"]
    put("cdata", "no-functions-hostile-paths.data",
        recording({FUNCTION: None, LINES: None, MAPINFO: None,
                   MAPPING: b"".join(c_mapping(i + 1, p, 2 if p == "[vdso]" else 0,
                                               build_id="00ff" if i % 2 else "")
                                     for i, p in enumerate(paths)),
                   LOCATION: b"".join(c_location(i + 1, i + 1) for i in range(len(paths))),
                   STACK: c_stack(1, list(range(1, len(paths) + 1))), SAMPLE: c_sample(1)}))
    put("cdata", "no-locations.data",
        recording({LOCATION: None, FUNCTION: None, LINES: None, STACK: c_stack(1, []),
                   SAMPLE: c_sample(1) + c_sample(0)}))
    # strings
    put("cdata", "string-length-huge.data", header() + chunk(META, u32(0xFFFFFFFF) + b"key"))
    put("cdata", "string-with-nul.data", header() + chunk(META, cstr(b"k\0ey") + cstr("v")))
    put("cdata", "string-odd-kv.data", header() + chunk(META, cstr("key")))
    put("cdata", "string-invalid-utf8.data",
        recording({FUNCTION: c_function(1, b"\xff\xfe", b"\xc3", b"\xed\xa0\x80") +
                   c_function(2), META: cstr("command") + cstr(b"a\xffb")}))
    # ids
    put("cdata", "mapping-id-0.data", recording({MAPPING: c_mapping(0)}))
    put("cdata", "mapping-id-gap.data", recording({MAPPING: c_mapping(1) + c_mapping(3)}))
    put("cdata", "mapping-duplicate.data", recording({MAPPING: c_mapping(1) + c_mapping(1)}))
    put("cdata", "mapping-end-before-start.data",
        recording({MAPPING: c_mapping(1, start=0x2000, end=0x1000)}))
    put("cdata", "mapping-bad-kind.data", recording({MAPPING: c_mapping(1, kind=7)}))
    put("cdata", "location-missing-mapping.data",
        recording({LOCATION: c_location(1, 9) + c_location(2, 1) + c_location(3, 0)}))
    put("cdata", "location-id-0.data", recording({LOCATION: c_location(0, 1)}))
    put("cdata", "location-duplicate.data",
        recording({LOCATION: c_location(1, 1) + c_location(1, 1)}))
    put("cdata", "stack-missing-location.data", recording({STACK: c_stack(1, [1, 9])}))
    put("cdata", "stack-location-0.data", recording({STACK: c_stack(1, [0])}))
    put("cdata", "stack-self-reference.data", recording({STACK: c_stack(1, [1, 1, 1, 1])}))
    put("cdata", "stack-nframes-lie.data", recording({STACK: c_stack(1, [1], n=500)}))
    put("cdata", "stack-too-deep.data", recording({STACK: c_stack(1, [1] * 1025)}))
    put("cdata", "stack-max-depth.data",
        recording({STACK: c_stack(1, [1, 2, 3] * 341 + [1]), SAMPLE: c_sample(1)}))
    put("cdata", "stack-id-0.data", recording({STACK: c_stack(0, [1])}))
    put("cdata", "sample-missing-stack.data", recording({SAMPLE: c_sample(9)}))
    put("cdata", "sample-short.data", recording({SAMPLE: c_sample(1)[:31]}))
    put("cdata", "sample-before-stacks.data",
        header() + chunk(SAMPLE, c_sample(1)) + good[32:])
    put("cdata", "function-id-0.data", recording({FUNCTION: c_function(0)}))
    put("cdata", "function-duplicate.data", recording({FUNCTION: c_function(1) + c_function(1)}))
    put("cdata", "lines-missing-function.data", recording({LINES: c_lines(1, [(3, 1)])}))
    put("cdata", "lines-function-0.data", recording({LINES: c_lines(1, [(0, 1)])}))
    put("cdata", "lines-missing-location.data", recording({LINES: c_lines(9, [(1, 1)])}))
    put("cdata", "lines-location-0.data", recording({LINES: c_lines(0, [(1, 1)])}))
    put("cdata", "lines-count-lie.data", recording({LINES: u32(1) + u32(0xFFFFFFFF) + u64(1)}))
    put("cdata", "lines-twice.data",
        recording({LINES: c_lines(1, [(1, 1)]) + c_lines(1, [(2, 2)] * 1024)}))
    put("cdata", "lines-before-functions.data",
        header() + chunk(MAPPING, c_mapping(1)) + chunk(LOCATION, c_location(1, 1)) +
        chunk(LINES, c_lines(1, [(1, 1)])) + chunk(FUNCTION, c_function(1)) + chunk(END, b""))
    put("cdata", "mapinfo-missing-mapping.data", recording({MAPINFO: u32(9) + u32(0xFF)}))
    put("cdata", "mapinfo-mapping-0.data", recording({MAPINFO: u32(0) + u32(1)}))
    put("cdata", "mapinfo-all-flags.data", recording({MAPINFO: u32(1) + u32(0xFFFFFFFF) +
                                                      u32(2) + u32(8)}))
    put("cdata", "meta-odd-values.data",
        recording({META: b"".join(cstr(k) + cstr(v) for k, v in (
            ("frequency", "-5"), ("frequency", "99999999999999999999"), ("event_unit", "bytes"),
            ("event", ""), ("duration_ns", "-1"), ("start_time_ns", "9" * 40)))}))
    put("cdata", "meta-zero-frequency.data", recording({META: cstr("frequency") + cstr("0")}))
    put("cdata", "samples-times-wrap.data",
        recording({META: cstr("command") + cstr("x"),
                   SAMPLE: c_sample(1, time=(1 << 64) - 1) + c_sample(1, time=0)}))
    for cut in (33, 40, 48, len(good) // 2, len(good) - 1):
        put("cdata", "small-truncated-%d.data" % cut, good[:cut])
    if real:
        put("cdata", "real.data", real)
        for cut in (8, 31, 47, len(real) // 4, len(real) // 2, len(real) - 17):
            put("cdata", "real-truncated-%d.data" % cut, real[:cut])
        flipped = bytearray(real)
        flipped[len(real) // 3] ^= 0x01  # one chunk fails its checksum
        put("cdata", "real-bad-crc.data", bytes(flipped))


# ---------------------------------------------------------------- folded

def folded_seeds():
    put("folded", "annotations.folded",
        b"main;sys_read_[k];do_read_[k] 5\nmain;inl_[i];leaf_[i] 3\n_[i];_[k] 1\n_[x] 2\n")
    put("folded", "diff-style.folded", b"main;a 1 2\nmain;b 0 7\nmain;c 5 0\n")
    put("folded", "comments-blank.folded", b"# comment\n\n   \n\t\r\nmain 1\r\n# x 5\n")
    put("folded", "only-comments.folded", b"# nothing\n\n")
    put("folded", "empty.folded", b"")
    put("folded", "no-newline-at-end.folded", b"a;b;c 7")
    put("folded", "empty-frames.folded", b";;; 3\n;a; 2\na;;b 1\n 4\n")
    put("folded", "no-count.folded", b"main;work\n")
    put("folded", "bad-count.folded", b"main;work 12x\n")
    put("folded", "negative-count.folded", b"main;work -5\n")
    put("folded", "huge-count.folded", b"main 99999999999999999999999\n")
    put("folded", "big-counts-sum.folded", b"a 9000000000000000\n" * 2000)
    put("folded", "count-zero.folded", b"a;b 0\n")
    put("folded", "nul-byte.folded", b"main;wo\0rk 1\n")
    put("folded", "too-many-frames.folded", b";".join([b"f"] * 4097) + b" 1\n")
    # the fuzzer's find, minimised: 4097 frames wrote one pointer past the stack
    put("folded", "crash-4097-empty-frames.folded", b";" * 4096 + b" 1")
    put("folded", "max-frames.folded", b";".join(b"f%d" % i for i in range(4096)) + b" 1\n")
    put("folded", "inline-chain-4096.folded",
        b"root;" + b";".join([b"i_[i]"] * 4095) + b" 1\n")
    put("folded", "inline-chain-too-long.folded", b"root;" + b";".join([b"i_[i]"] * 5000) + b" 1\n")
    put("folded", "long-name.folded", b"x" * 20000 + b" 1\n")
    put("folded", "spaces-in-names.folded", b"std::vector<int> push back;operator new 3\n")
    put("folded", "invalid-utf8.folded", b"ma\xffin;\xc3;\xed\xa0\x80 1\n")
    put("folded", "many-distinct.folded",
        b"".join(b"main;f%d;g%d 1\n" % (i, i % 7) for i in range(3000)))
    put("folded", "only-count.folded", b"12\n")
    put("folded", "tabs.folded", b"main;work\t5\nmain;x 1\t\n")
    put("folded", "crlf.folded", b"main;a 1\r\nmain;b 2\r\n")


def main():
    real = real_gz = None
    if len(sys.argv) > 3:
        real = open(sys.argv[2], "rb").read()
        real_gz = open(sys.argv[3], "rb").read()
    else:
        for kind, name in (("cdata", "real.data"), ("pprof", "real.pb.gz")):
            path = os.path.join(CORPUS, kind, name)
            if os.path.exists(path):
                data = open(path, "rb").read()
                if kind == "cdata":
                    real = data
                else:
                    real_gz = data
    pprof_seeds(real_gz)
    heavy_seeds()
    cdata_seeds(real)
    folded_seeds()
    src = os.path.join(HERE, "..", "data", "folded")
    if os.path.isdir(src):
        for name in sorted(os.listdir(src)):
            shutil.copy(os.path.join(src, name), os.path.join(CORPUS, "folded", name))


if __name__ == "__main__":
    main()
