#!/bin/sh
# -a profiles every process on the machine: two unrelated programs that
# cprof did not start (the spinner workload and Debian's python3) are
# both there, by comm and by pid, symbolized, with shares close to what
# perf record -a sees; a program that starts during the recording and
# exits before its end still has its name and its symbols. -C restricts
# the CPUs.
. "$top_srcdir/tests/t/lib.sh"
require_perf
PY=$(command -v python3) || skip_all "no python3"

"$W/spinner" 8 > spinner.pid &
spid=$!
"$PY" -c 'import time
def py_spin():
    t = time.time()
    while time.time() - t < 8:
        pass
py_spin()' &
ppid=$!
sleep 0.7

# starts 0.5 s into the recording, runs 0.6 s
(sleep 0.5; exec "$W/calltree" 0.6) 2> /dev/null &
"$CPROF" record -a -F 199 -d 2.5 -o a.data > /dev/null 2> a.err || fail "record -a exited $?: $(cat a.err)"
"$CPROF" report -i a.data --by comm -w 0 -n 0 > comm.rows || fail "report --by comm exited $?"
"$CPROF" report -i a.data --by pid -w 0 -n 0 > pid.rows || fail "report --by pid exited $?"
report_rows -i a.data > fn.rows

grep -q '^# command:  (system-wide)' comm.rows || fail "header: $(head -3 comm.rows)"
"$CPROF" info a.data | grep -q '^mode  *system' && pass "mode system" || fail "info: no mode system"
comm_pct() { awk -v c="$1" '!/^#/ && $4 == c { print $1; exit }' "$2"; }
s=$(comm_pct spinner comm.rows)
p=$(comm_pct python3 comm.rows)
[ -n "$p" ] || p=$(comm_pct "$(basename "$(readlink -f "$PY")")" comm.rows)
check_within "spinner's share by comm" "${s:-0}" 25 75
check_within "python3's share by comm" "${p:-0}" 25 75
grep -q " $spid:spinner\$" pid.rows && pass "--by pid shows the spinner's pid" ||
	fail "--by pid lacks $spid: $(head -12 pid.rows)"
grep -q " $ppid:python3" pid.rows && pass "--by pid shows python3's pid" ||
	fail "--by pid lacks $ppid: $(head -12 pid.rows)"
grep -q ' spinner_loop ' fn.rows && pass "spinner symbolized" || fail "no spinner_loop: $(head fn.rows)"
grep -q ' _PyEval_EvalFrameDefault ' fn.rows && pass "python3 symbolized" ||
	fail "no _PyEval_EvalFrameDefault: $(head fn.rows)"
# the late, short program: named and symbolized though gone before the end
[ -n "$(comm_pct calltree comm.rows)" ] && pass "a process that came and went is named" ||
	fail "calltree missing by comm: $(head -12 comm.rows)"
grep -q ' spin_sixty ' fn.rows && pass "... and symbolized" || fail "no spin_sixty: $(grep calltree fn.rows)"

# side by side with perf: the two programs' shares of all samples
perf record -q -a -F 199 -g -o perf.data -- sleep 2 > /dev/null 2>&1
perf report -i perf.data --stdio --sort comm --no-children 2> /dev/null > perf.rows
ps_=$(awk '$2 == "spinner" { sub(/%/, "", $1); print $1; exit }' perf.rows)
pp_=$(awk '$2 ~ /^python3/ { sub(/%/, "", $1); print $1; exit }' perf.rows)
if [ -n "$ps_" ] && [ -n "$pp_" ]; then
	check_within "spinner: cprof $s% beside perf's $ps_%" "${s:-0}" \
		"$(awk -v v="$ps_" 'BEGIN { print v - 15 }')" "$(awk -v v="$ps_" 'BEGIN { print v + 15 }')"
	check_within "python3: cprof $p% beside perf's $pp_%" "${p:-0}" \
		"$(awk -v v="$pp_" 'BEGIN { print v - 15 }')" "$(awk -v v="$pp_" 'BEGIN { print v + 15 }')"
else
	fail "perf report --sort comm gave no spinner/python3 rows: $(head -15 perf.rows)"
fi

# -C: one CPU
"$CPROF" record -q -C 0 -F 199 -d 1 -o c.data > /dev/null 2> c.err || fail "record -C 0 exited $?: $(cat c.err)"
n=$("$CPROF" info --json c.data | sed -n 's/.*"samples": *\([0-9]*\).*/\1/p' | head -1)
check_within "-C 0: samples in 1 s at 199 Hz" "${n:-0}" 100 260
"$CPROF" record -C 4096 -d 1 -o x.data > /dev/null 2> x.err
[ $? -eq 64 ] && pass "-C 4096 refused" || fail "-C 4096: $(cat x.err)"
"$CPROF" record -a -p "$spid" -d 1 2> x.err
[ $? -eq 64 ] && pass "-a with -p refused" || fail "-a -p: $(cat x.err)"

kill "$spid" "$ppid" 2> /dev/null
wait
finish
