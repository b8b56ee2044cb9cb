#!/bin/sh
# annotate opens the source files a recording names only when they are
# regular files: a FIFO (which would hang a plain fopen), a directory or
# a device put in a source's place gives one warning, and the function
# is shown without its source (ELF addresses, with their lines), exit 0,
# never a hang. The same holds for a source found through --source-path,
# and for a FIFO in place of the binary, which objdump is never given.
. "$top_srcdir/tests/t/lib.sh"
require_perf

CC=${CC_FOR_TESTS:-cc}
cp "$top_srcdir/tests/data/annotate/hot.c" hot.c
$CC -O2 -g hot.c -o hot 2> cc.err || { fail "cannot build the workload: $(cat cc.err)"; finish; }
"$CPROF" record -q -o hot.data -- ./hot 1 2> rec.err || fail "record exited $?: $(cat rec.err)"
"$CPROF" annotate hot hot.data > plain.out 2> plain.err || fail "annotate exited $?: $(cat plain.err)"
grep -q "^ROUTINE =* hot in $SCRATCH/hot.c\$" plain.out && grep -q 's += 1.0 / (double)i' plain.out &&
	pass "the regular source is shown" || fail "no source listing: $(cat plain.out)"
[ -s plain.err ] && fail "warnings on a good source: $(cat plain.err)"

# annotate_without WHAT: annotate hot with WHAT in place of hot.c
annotate_without() {
	timeout 20 "$CPROF" annotate hot hot.data > "$1.out" 2> "$1.err"
	rc=$?
	[ "$rc" = 124 ] && { fail "annotate hangs on a $1 in the source's place"; return; }
	[ "$rc" = 0 ] || { fail "annotate with a $1 for a source exited $rc: $(cat "$1.err")"; return; }
	n=$(grep -c "warning: source $SCRATCH/hot.c is not a regular file" "$1.err")
	[ "$n" = 1 ] && [ "$(wc -l < "$1.err")" = 1 ] || fail "$1: not one warning: $(cat "$1.err")"
	grep -q 's += 1.0' "$1.out" && fail "$1: source lines read from a $1"
	grep -q "^# source not readable: $SCRATCH/hot.c" "$1.out" &&
		grep -q '^ *[1-9][0-9]* .* 0x[0-9a-f][0-9a-f]* ' "$1.out" &&
		pass "$1 in place of the source: one warning, addresses instead, exit 0" ||
		fail "$1: no address listing: $(cat "$1.out")"
}

mv hot.c hot.c.orig
mkfifo hot.c && annotate_without fifo
rm -f hot.c
mkdir hot.c && annotate_without dir
rmdir hot.c
ln -s /dev/zero hot.c && annotate_without device
rm -f hot.c

# the same through --source-path: the FIFO there is passed over, warned about once
mkdir srcdir && mkfifo srcdir/hot.c
timeout 20 "$CPROF" annotate --source-path "$SCRATCH/srcdir" hot hot.data > sp.out 2> sp.err
rc=$?
[ "$rc" = 124 ] && fail "annotate --source-path hangs on a FIFO"
[ "$rc" = 0 ] && [ "$(grep -c 'srcdir/hot.c is not a regular file' sp.err)" = 1 ] &&
	pass "--source-path: a FIFO there is one warning, exit 0" || fail "--source-path FIFO: exit $rc: $(cat sp.err)"
# and report --annotate, which shares the listing
timeout 20 "$CPROF" report --annotate hot hot.data > rep.out 2> rep.err
rc=$?
[ "$rc" = 0 ] && grep -q 'source not readable' rep.out && pass "report --annotate: no source, no hang" ||
	fail "report --annotate without a source: exit $rc: $(cat rep.err)"

# a FIFO in place of the binary, and no source: offsets in the file, as
# the report names unresolved frames; objdump is not run on it, no hang
mv hot hot.bin && mkfifo hot
timeout 20 "$CPROF" annotate hot hot.data > bin.out 2> bin.err
rc=$?
[ "$rc" = 124 ] && fail "annotate hangs on a FIFO in place of the binary"
[ "$rc" = 0 ] || fail "annotate with a FIFO for the binary exited $rc: $(cat bin.err)"
grep -q "^# $SCRATCH/hot cannot be read here: offsets in the file instead" bin.out &&
	grep -q '^ *[1-9][0-9]* .* hot+0x[0-9a-f]* ' bin.out &&
	pass "FIFO in place of the binary: file offsets, exit 0" || fail "FIFO binary: $(cat bin.out)"
finish
