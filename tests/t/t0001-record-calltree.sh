#!/bin/sh
# A program whose call tree is known (60/30/10 split of self time):
# the reported self shares must be within 5 points of the truth, and
# the stacks must run from the leaves through drive and main.
. "$top_srcdir/tests/t/lib.sh"
require_perf

"$CPROF" record -q -- "$W/calltree" 3 || fail "record exited $?"
report_rows > rows || fail "report exited $?"
cat rows | head -12
check_within "self spin_sixty" "$(self_pct spin_sixty rows)" 55 65
check_within "self spin_thirty" "$(self_pct spin_thirty rows)" 25 35
check_within "self spin_ten" "$(self_pct spin_ten rows)" 5 15
check_within "cum drive" "$(cum_pct drive rows)" 95 100
check_within "cum main" "$(cum_pct main rows)" 95 100

# with frame pointers (this workload has them) the same shares appear
"$CPROF" record -q -g fp -o fp.data -- "$W/calltree" 2 || fail "record -g fp exited $?"
report_rows -i fp.data > fprows
check_within "fp: self spin_sixty" "$(self_pct spin_sixty fprows)" 55 65
check_within "fp: cum main" "$(cum_pct main fprows)" 90 100
"$CPROF" info fp.data | grep -q '^call_graph *fp$' || fail "info does not say fp"
finish
