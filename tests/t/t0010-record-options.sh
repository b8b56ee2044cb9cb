#!/bin/sh
# -o keeps the old file as .old, -F sets the rate, -q is quiet, -e
# page-faults and task-clock record, --strict passes a good recording.
. "$top_srcdir/tests/t/lib.sh"
require_perf

"$CPROF" record -q -o a.data -- "$W/calltree" 0.5 || fail "first record exited $?"
"$CPROF" record -q -o a.data -- "$W/calltree" 0.5 || fail "second record exited $?"
[ -s a.data.old ] && pass "a.data.old kept" || fail "no a.data.old"

"$CPROF" record -F 99 -o f99.data -- "$W/calltree" 2 > out 2> err || fail "record -F 99 exited $?"
grep -q 'samples in' err || fail "no summary without -q"
n=$("$CPROF" info f99.data | awk '$1 == "samples" { print $2 }')
# calltree reports the CPU time it got: 99 samples per CPU second
cpu=$(awk '$1 == "cpu" { print $2 }' err)
rate=$(awk -v n="${n:-0}" -v c="${cpu:-1}" 'BEGIN { printf "%.0f", n / c }')
check_within "samples per CPU second at -F 99" "$rate" 85 110

"$CPROF" record -q -o q.data -- "$W/exitcode" 0 > out 2> err || fail "record -q exited $?"
[ ! -s err ] && pass "-q prints nothing" || fail "-q printed: $(cat err)"

"$CPROF" record -q -e task-clock -o tc.data -- "$W/calltree" 1 || fail "task-clock exited $?"
report_rows -i tc.data > rows
check_within "task-clock self spin_sixty" "$(self_pct spin_sixty rows)" 50 70

"$CPROF" record -q -e page-faults -o pf.data -- "$W/qsort_cb" 0.5 || fail "page-faults exited $?"
"$CPROF" info pf.data | grep -q '^event *page-faults' || fail "info does not show page-faults"

"$CPROF" record -q --strict -o strict.data -- "$W/calltree" 1
st=$?
[ "$st" -eq 0 ] && pass "--strict on a good recording" || fail "--strict exited $st"
"$CPROF" record -q --strict -g fp -o strict2.data -- "$W/qsort_cb" 1
st=$?
[ "$st" -eq 1 ] && pass "--strict flags fp through libc" || fail "--strict on fp/qsort exited $st, expected 1"

# user-space only: no kernel frames
"$CPROF" record -q -e cpu-clock:u -o user.data -- "$W/calltree" 0.5 || fail "cpu-clock:u exited $?"
"$CPROF" info user.data | grep -q '^kernel_frames *no' || fail "cpu-clock:u still has kernel frames"
# a recording with no samples says so, shows no 100% shares, and fails --strict
# (a sample per second of CPU: true never takes one, however loaded the machine)
"$CPROF" record --strict -c 1000000000 -o empty.data -- true 2> empty.err && fail "--strict passed a recording with no samples"
grep -q 'no samples were recorded' empty.err || fail "no warning for no samples: $(cat empty.err)"
grep -q '100\.0%' empty.err && fail "100% shares for no samples: $(cat empty.err)"
"$CPROF" info empty.data | grep -q 'frames resolved to a symbol: *n/a' && pass "no samples: n/a, warned, --strict fails" ||
	fail "info on no samples: $("$CPROF" info empty.data | tail -5)"
finish
