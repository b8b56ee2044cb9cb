#!/bin/sh
# No frame pointers, hot code called back from libc's qsort: DWARF
# unwinding must carry at least 95% of the stacks through libc to main.
. "$top_srcdir/tests/t/lib.sh"
require_perf

"$CPROF" record -q -- "$W/qsort_cb" 3 || fail "record exited $?"
report_rows -s cum > rows
head -12 rows
check_within "self slow_cmp" "$(self_pct slow_cmp rows)" 80 100
check_within "cum main" "$(cum_pct main rows)" 95 100
check_within "cum sort_round" "$(cum_pct sort_round rows)" 95 100
# libc frames between them, with file:line from libc6-dbg
grep -q 'msort_with_tmp *msort.c' rows || fail "no msort_with_tmp msort.c frame from libc"
"$CPROF" info | grep -q 'stacks reaching a root frame: *\(9[5-9]\|100\)' ||
	fail "info health does not show >= 95% rooted stacks"
finish
