#!/bin/sh
# A separate debug file is found by libdwfl through the binary's
# .gnu_debuglink, beside it or in .debug/: a FIFO, a directory or a
# device put there is never opened (libdwfl's plain open() would hang on
# a FIFO), so record and annotate finish, exit 0, and the binary goes
# without its debug file (its functions as binary+0xoffset).
. "$top_srcdir/tests/t/lib.sh"
require_perf

CC=${CC_FOR_TESTS:-cc}
command -v objcopy > /dev/null || skip_all "no objcopy (Debian package binutils)"
cp "$top_srcdir/tests/data/annotate/hot.c" hot.c
$CC -O2 -g hot.c -o hot 2> cc.err || { fail "cannot build the workload: $(cat cc.err)"; finish; }
objcopy --only-keep-debug hot hot.debug && objcopy --strip-all --add-gnu-debuglink=hot.debug hot ||
	{ fail "objcopy exited $?"; finish; }
"$CPROF" record -q -o good.data -- ./hot 1 2> rec.err || fail "record exited $?: $(cat rec.err)"
mv hot.c hot.c.orig
"$CPROF" annotate hot good.data > good.out 2> good.err || fail "annotate exited $?: $(cat good.err)"
grep -q '^ROUTINE =* hot in ' good.out && pass "the debug file beside the binary is used" ||
	fail "hot() not named through its debug file: $(cat good.out)"
mv hot.debug hot.debug.orig

# WHAT NAME: WHAT (a FIFO, a directory) at NAME, the debuglink's place
for what in fifo dir; do
	for at in hot.debug .debug/hot.debug; do
		mkdir -p .debug
		if [ $what = fifo ]; then mkfifo "$at"; else mkdir "$at"; fi
		timeout -k 5 30 "$CPROF" annotate '^hot' good.data > ann.out 2> ann.err
		rc=$?
		[ "$rc" = 124 ] || [ "$rc" = 137 ] && fail "annotate hangs on a $what at $at"
		[ "$rc" = 0 ] || fail "annotate with a $what at $at exited $rc: $(cat ann.err)"
		timeout -k 5 30 "$CPROF" record -q -o bad.data -- ./hot 1 2> rec.err
		rc=$?
		[ "$rc" = 124 ] || [ "$rc" = 137 ] && fail "record hangs on a $what at $at"
		[ "$rc" = 0 ] && "$CPROF" report -w 0 bad.data | grep -q 'hot+0x' &&
			pass "a $what at $at: record and annotate finish, without the debug file" ||
			fail "a $what at $at: record exited $rc: $(cat rec.err)"
		rm -rf "$at" bad.data
	done
done
finish
