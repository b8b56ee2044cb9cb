#!/bin/sh
# Attaching to a running process for -d 2: all its threads, including
# one created after the attach; the target keeps running afterwards.
. "$top_srcdir/tests/t/lib.sh"
require_perf

"$W/spinner" 30 > pidfile &
spid=$!
for i in 1 2 3 4 5 6 7 8 9 10; do [ -s pidfile ] && break; sleep 0.05; done
[ "$(cat pidfile)" = "$spid" ] || fail "spinner did not start"
# spin-late is created 0.5 s after start, so after this attach
"$CPROF" record -q -p "$spid" -d 2 || fail "record -p exited $?"
if kill -0 "$spid" 2>/dev/null; then pass "target still running"; else fail "target died"; fi
report_rows > rows
check_within "self spinner_loop" "$(self_pct spinner_loop rows)" 30 70
check_within "self late_thread_work" "$(self_pct late_thread_work rows)" 30 70
"$CPROF" info > info
grep -q 'spin-late' info || fail "late thread name missing"
dur=$(awk '$1 == "duration" { print $2 }' info)
# -d is a wall-clock timer: under a sanitizer on a loaded machine the
# recorder has been seen to stop a second late, so the bound is loose
check_within "duration" "$dur" 1.9 3.5

# -t: one thread only
"$CPROF" record -q -t "$spid" -d 1 -o tid.data || fail "record -t exited $?"
report_rows -i tid.data > rows2
check_within "-t: self spinner_loop" "$(self_pct spinner_loop rows2)" 90 100
check_within "-t: self late_thread_work" "$(self_pct late_thread_work rows2)" 0 0
kill "$spid"
wait "$spid"
finish
