#!/bin/sh
# A command that forks and execs a child: the child's hot function is in
# the profile by default, and absent with --no-inherit.
. "$top_srcdir/tests/t/lib.sh"
require_perf

"$CPROF" record -q -- "$W/forker" 2 || fail "record exited $?"
report_rows > rows
check_within "self child_hot" "$(self_pct child_hot rows)" 50 95
check_within "self parent_hot" "$(self_pct parent_hot rows)" 5 50
"$CPROF" info | grep -q 'forker-child' || fail "child thread name missing from info"

"$CPROF" record -q --no-inherit -o noinh.data -- "$W/forker" 1 || fail "record --no-inherit exited $?"
report_rows -i noinh.data > rows2
check_within "no-inherit: self child_hot" "$(self_pct child_hot rows2)" 0 0
check_within "no-inherit: self parent_hot" "$(self_pct parent_hot rows2)" 80 100
finish
