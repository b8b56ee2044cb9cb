#!/bin/sh
# annotate warns, once per file, when a source is newer than the
# recording or than its binary: its lines may no longer match the samples.
. "$top_srcdir/tests/t/lib.sh"
require_perf

CC=${CC_FOR_TESTS:-cc}
cp "$top_srcdir/tests/data/annotate/hot.c" hot.c
touch -d '2 minutes ago' hot.c
$CC -O2 -g hot.c -o hot 2> cc.err || { fail "cannot build: $(cat cc.err)"; finish; }
"$CPROF" record -q -o hot.data -- ./hot 0.5 2> rec.err || fail "record exited $?: $(cat rec.err)"
"$CPROF" annotate hot hot.data > /dev/null 2> fresh.err || fail "annotate exited $?"
[ -s fresh.err ] && fail "warnings on an unchanged source: $(cat fresh.err)" || pass "unchanged source: no warning"
touch hot.c
"$CPROF" annotate 'hot|main' hot.data > new.out 2> new.err || fail "annotate exited $?"
[ "$(cat new.err)" = "cprof: warning: $SCRATCH/hot.c is newer than the recording; lines may not match" ] &&
	pass "source touched after recording: one warning" || fail "touched source: $(cat new.err)"
grep -q 's += 1.0' new.out && pass "the source is still shown" || fail "no source listing"
# newer than the binary it was built into, though older than the recording
touch -d '1 minute ago' hot; touch -d '30 seconds ago' hot.c
"$CPROF" record -q -o hot2.data -- ./hot 0.5 2> rec.err || fail "record exited $?"
"$CPROF" annotate hot hot2.data > /dev/null 2> bin.err || fail "annotate exited $?"
grep -q "hot.c is newer than its binary $SCRATCH/hot; lines may not match" bin.err &&
	pass "source newer than its binary: warned" || fail "source newer than binary: $(cat bin.err)"
finish
