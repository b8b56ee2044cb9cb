#!/bin/sh
# annotate without source (a -O2 build without -g) shows the function's
# instructions at their ELF virtual addresses, the ones objdump -d prints,
# with objdump's disassembly beside the samples, as perf annotate --stdio
# does: for a PIE, a non-PIE and an lld-linked binary (whose text's file
# offset differs from its virtual address, so a file offset or a runtime
# address would not be found in objdump's listing). Without objdump:
# addresses and counts, with a note; --no-disassembly: addresses only.
. "$top_srcdir/tests/t/lib.sh"
require_perf

CC=${CC_FOR_TESTS:-cc}
if ! command -v objdump > /dev/null; then
	[ "${CPROF_REQUIRE_PERF:-0}" = 1 ] && { echo "FAIL: $TEST_NAME: objdump is required here (Debian package binutils)" >&2; exit 1; }
	skip_all "no objdump (Debian package binutils)"
fi
cp "$top_srcdir/tests/data/annotate/hot.c" hot.c

# the instructions of hot() (from nm -S: its address and size) in objdump -d
# of $1: "ADDR TEXT", the text's blanks squeezed
objdump_hot() {
	set -- "$1" $(nm -S "$1" | awk '$4 == "hot" { print $1, $2 }')
	[ $# = 3 ] || return
	end=$((0x$2 + 0x$3))
	objdump -d --no-show-raw-insn "$1" | awk '
		/^[0-9a-f]+ <hot>:$/ { inside = 1; next }
		/^[0-9a-f]+ <.*>:$/ || /^$/ { inside = 0 }
		inside && /^ *[0-9a-f]+:\t/ { sub(/:/, ""); $1 = $1; print }' |
		while read -r addr text; do
			[ $((0x$addr)) -lt "$end" ] && echo "$addr $text"
		done
}

# the sampled instruction rows of cprof annotate: "SELF ADDR TEXT" (ADDR
# without 0x, the text's blanks squeezed)
sampled_rows() {
	awk '$1 ~ /^[0-9]+$/ && $5 ~ /^0x/ { t = ""; for (i = 7; i <= NF; i++) t = t " " $i
		print $1, substr($5, 3) t }' "$1"
}

# check NAME: annotate hot in NAME.data against objdump -d of ./NAME
check() {
	name=$1
	"$CPROF" record -q -o "$name.data" -- "./$name" 1 2> "$name.rec.err" ||
		{ fail "$name: record exited $?: $(cat "$name.rec.err")"; return 1; }
	"$CPROF" annotate hot "$name.data" > "$name.out" 2> "$name.err" ||
		{ fail "$name: annotate exited $?: $(cat "$name.err")"; return 1; }
	[ -s "$name.err" ] && fail "$name: warnings: $(cat "$name.err")"
	objdump_hot "$name" > "$name.objdump"
	[ -s "$name.objdump" ] || { fail "$name: objdump shows no hot()"; return 1; }
	sampled_rows "$name.out" > "$name.rows"
	[ -s "$name.rows" ] || { fail "$name: no sampled instructions: $(cat "$name.out")"; return 1; }
	grep -q "^# ELF addresses in $SCRATCH/$name, as objdump -d prints them" "$name.out" ||
		fail "$name: no note on the addresses: $(head -12 "$name.out")"
	# every sampled address is an instruction of hot() in objdump's listing, with its text
	bad=$(awk 'NR == FNR { insn[$1] = substr($0, length($1) + 2); next }
		{ t = substr($0, length($1) + length($2) + 3)
		  if (!($2 in insn) || insn[$2] != t) print $2 " [" t "]" }' "$name.objdump" "$name.rows")
	[ -z "$bad" ] && pass "$name: all $(wc -l < "$name.rows") sampled addresses are hot()'s instructions in objdump -d, same text" ||
		fail "$name: not objdump's instructions of hot(): $bad"
	# the whole function is listed, and its sampled rows hold all its self samples
	listed=$(awk '$5 ~ /^0x/' "$name.out" | wc -l)
	[ "$listed" = "$(wc -l < "$name.objdump")" ] || fail "$name: $listed rows for $(wc -l < "$name.objdump") instructions"
	self=$(sed -n 's/^\([0-9]*\) (.*) self, .*/\1/p' "$name.out")
	sum=$(awk '{ s += $1 } END { print s + 0 }' "$name.rows")
	[ "$sum" = "$self" ] && [ "$self" -gt 0 ] && pass "$name: the instructions hold hot()'s $self self samples" ||
		fail "$name: instructions hold $sum of hot()'s $self self samples"
	hottest=$(sort -k1,1nr "$name.rows" | head -1 | cut -d' ' -f2)
	echo "$hottest" > "$name.hottest"
}

$CC -O2 hot.c -o pie 2> cc.err && check pie || fail "cannot build the PIE: $(cat cc.err)"
readelf -h pie | grep -q 'DYN' || echo "note: the default build is not a PIE here"
$CC -O2 -no-pie hot.c -o nopie 2> cc.err && check nopie || fail "cannot build -no-pie: $(cat cc.err)"
readelf -h nopie | grep -q 'EXEC' && awk '$2 !~ /^40/ { bad = 1 } END { exit bad }' nopie.rows &&
	pass "non-PIE: addresses at the link address (0x40....)"
if command -v ld.lld > /dev/null; then
	$CC -O2 -fuse-ld=lld hot.c -o lld 2> cc.err && check lld || fail "cannot build with lld: $(cat cc.err)"
	# text at file offset != vaddr: the addresses found above were not offsets
	readelf -lW lld | awk '$1 == "LOAD" && / R E / && $2 != $3 { found = 1 } END { exit !found }' &&
		pass "lld: text's file offset differs from its vaddr, and the addresses are objdump's" ||
		echo "note: this lld laid out text at offset = vaddr"
else
	[ "${CPROF_REQUIRE_PERF:-0}" = 1 ] && fail "ld.lld is required here (Debian package lld)"
	echo "skip: no ld.lld (Debian package lld)"
fi

# without objdump: the same addresses, counts, and a note
PATH=/nonexistent "$CPROF" annotate hot pie.data > noobj.out 2> noobj.err || fail "annotate without objdump exited $?"
sampled_rows noobj.out | cut -d' ' -f1,2 > noobj.rows
cut -d' ' -f1,2 pie.rows | cmp -s - noobj.rows && grep -q '^# objdump not found: with GNU binutils' noobj.out &&
	pass "no objdump: the same addresses and counts, and a note" || fail "no objdump: $(cat noobj.out)"
grep -q '<hot>:' noobj.out && fail "no objdump, yet a disassembly"
"$CPROF" annotate --no-disassembly hot pie.data > nodis.out || fail "--no-disassembly exited $?"
sampled_rows nodis.out | cut -d' ' -f1,2 | cmp -s - noobj.rows && ! grep -q 'objdump not found\|<hot>:' nodis.out &&
	pass "--no-disassembly: addresses only, no note" || fail "--no-disassembly: $(cat nodis.out)"
"$CPROF" annotate --objdump "$(command -v objdump)" hot pie.data | cmp -s - pie.out &&
	pass "--objdump PATH" || fail "--objdump PATH differs from the objdump in PATH"
"$CPROF" annotate --objdump "$SCRATCH/no-such-objdump" hot pie.data > bad.out 2>&1 &&
	grep -q "no-such-objdump not found" bad.out && pass "--objdump naming nothing: the note names it" ||
	fail "--objdump naming nothing: $(cat bad.out)"
"$CPROF" report --annotate hot pie.data | cmp -s - pie.out && pass "report --annotate = annotate" ||
	fail "report --annotate differs without source"

# perf, where it works: the same function is hot, and cprof's hottest instruction is in its listing
if command -v perf > /dev/null && perf record -q -o perf.data -- ./pie 1 > /dev/null 2>&1; then
	perf report -i perf.data --stdio --sort sym 2> /dev/null | awk '!/^#/ && NF' | head -1 > perf.top
	grep -q 'hot$' perf.top && pass "perf: hot() is the hot function too" || fail "perf's top: $(cat perf.top)"
	perf annotate -i perf.data --stdio -s hot 2> /dev/null > perf.ann
	grep -q "^ *[0-9.]* *: *$(cat pie.hottest):" perf.ann &&
		pass "cprof's hottest instruction (0x$(cat pie.hottest)) is in perf annotate's listing" ||
		fail "0x$(cat pie.hottest) not in perf annotate: $(head -30 perf.ann)"
else
	echo "skip: perf does not record here"
fi
finish
