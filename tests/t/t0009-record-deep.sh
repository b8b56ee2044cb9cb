#!/bin/sh
# Deep stacks (80 frames of 240+ bytes, no frame pointers) still unwind
# to main with the default stack copy.
. "$top_srcdir/tests/t/lib.sh"
require_perf

"$CPROF" record -q -- "$W/deep" 2 80 || fail "record exited $?"
report_rows -s cum > rows
check_within "self deep_leaf" "$(self_pct deep_leaf rows)" 85 100
check_within "cum main" "$(cum_pct main rows)" 95 100
finish
