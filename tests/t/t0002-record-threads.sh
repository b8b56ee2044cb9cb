#!/bin/sh
# Named threads: their names appear in info with per-thread sample
# counts (worker-alpha runs twice as long as worker-beta).
. "$top_srcdir/tests/t/lib.sh"
require_perf

# the workload prints each worker's CPU time on stderr
"$CPROF" record -q -- "$W/threads" 2 2> cpu || fail "record exited $?"
"$CPROF" info > info || fail "info exited $?"
cat info
alpha=$(awk '$4 == "worker-alpha" { print $3 }' info)
beta=$(awk '$4 == "worker-beta" { print $3 }' info)
[ -n "$alpha" ] && [ -n "$beta" ] || fail "thread names missing from info"
# at 999 Hz of cpu-clock, each thread's samples match its own CPU time
for t in alpha beta; do
	cpu=$(awk -v n="worker-$t" '$1 == "cpu" && $2 == n { print $3 }' cpu)
	n=$(awk -v n="worker-$t" '$4 == n { print $3 }' info)
	rate=$(awk -v n="${n:-0}" -v c="${cpu:-1}" 'BEGIN { printf "%.0f", n / c }')
	check_within "worker-$t samples per CPU second" "$rate" 850 1100
done
# two busy threads at 999 Hz: the recorder keeps up
lost=$(awk '$1 == "lost" && $2 == "samples" { print $3 }' info)
check_within "lost samples" "${lost:-missing}" 0 0
report_rows > rows
a=$(self_pct alpha_work rows)
b=$(self_pct beta_work rows)
check_within "self alpha_work + beta_work" "$(awk -v a="$a" -v b="$b" 'BEGIN { print a + b }')" 95 100
finish
