#!/bin/sh
# The same workload recorded at 99 Hz and at 999 Hz differs by less than
# one point per function (self and cumulative) once cprof diff has
# normalised both sides by their totals.
#
# That is a claim about sampling error, so the workload and the setting
# are chosen to keep it small:
# - calltree splits its CPU time 60/30/10 by the clock, in a cycle that
#   neither timer beats against (see calltree.c), so about 1,500 samples
#   at 99 Hz land evenly over the cycle (at random they would leave
#   spin_sixty some 1.3 points of error);
# - both sides count user-mode samples only (cpu-clock:u): interrupt
#   handling takes more of the time at 999 Hz than at 99 Hz, a real
#   effect of the frequency but not of the workload;
# - the test runs after every other test (tests/t/local.mk), since other
#   processes preempting the workload scatter the samples (differences
#   of 3 points were seen beside four compilers).
. "$top_srcdir/tests/t/lib.sh"
require_perf

"$CPROF" record -q -e cpu-clock:u -F 99 -o slow.data -- "$W/calltree" 15 2> /dev/null ||
	fail "record -F 99 exited $?"
"$CPROF" record -q -e cpu-clock:u -F 999 -o fast.data -- "$W/calltree" 4 2> /dev/null ||
	fail "record -F 999 exited $?"
"$CPROF" diff -n 0 slow.data fast.data > freq.out || fail "diff exited $?"
cat freq.out
for f in spin_sixty spin_thirty spin_ten; do
	self=$(awk -v f="$f" '$8 == f { print $3 + 0 }' freq.out)
	cum=$(awk -v f="$f" '$8 == f { print $7 + 0 }' freq.out)
	check_within "99 vs 999 Hz: self change of $f" "${self:-99}" -0.99 0.99
	check_within "99 vs 999 Hz: cumulative change of $f" "${cum:-99}" -0.99 0.99
done
# and normalising is what makes them agree: the raw counts differ a lot
"$CPROF" diff --no-normalize -n 0 slow.data fast.data > raw.out
raw=$(awk '$8 == "spin_sixty" { print $3 + 0 }' raw.out)
check_within "99 vs 999 Hz, raw: spin_sixty change in samples" "${raw:-0}" 100 100000
finish
