#!/bin/sh
# Ctrl-C (SIGINT), SIGTERM and the duration's end all finish the file
# cleanly; an attached target is left running; on a terminal there is a
# live status line.
. "$top_srcdir/tests/t/lib.sh"
require_perf

# launch mode, stopped by SIGINT: the command is stopped too, the file complete
"$CPROF" record -q -o int.data -- "$W/spinner" 30 > /dev/null &
rpid=$!
sleep 1.5
kill -INT "$rpid"
wait "$rpid"
st=$?
[ "$st" -eq 0 ] && pass "SIGINT: exit 0" || fail "SIGINT: exit $st"
"$CPROF" info int.data > info 2> err || fail "info exited $?"
grep -q 'cut short' info err && fail "SIGINT left a cut-short file"
n=$(awk '$1 == "samples" { print $2 }' info)
check_within "samples before SIGINT" "${n:-0}" 100 100000
pgrep -f "$W/spinner 30" > /dev/null && fail "the launched command survived"

# attach mode, stopped by SIGTERM: the target keeps running
"$W/spinner" 30 > /dev/null &
spid=$!
"$CPROF" record -q -p "$spid" -o term.data &
rpid=$!
sleep 1.5
kill -TERM "$rpid"
wait "$rpid"
st=$?
[ "$st" -eq 0 ] && pass "SIGTERM: exit 0" || fail "SIGTERM: exit $st"
kill -0 "$spid" 2>/dev/null && pass "target survived" || fail "target died"
"$CPROF" info term.data 2>&1 | grep -q 'cut short' && fail "SIGTERM left a cut-short file"
kill "$spid"
wait "$spid"

# -d ends a launched command
start=$(date +%s)
"$CPROF" record -q -d 1 -o dur.data -- "$W/spinner" 30 > /dev/null
st=$?
[ "$st" -eq 0 ] && pass "-d: exit 0" || fail "-d: exit $st"
[ $(($(date +%s) - start)) -lt 10 ] || fail "-d 1 did not stop the command"

# a status line on a terminal (script(1) gives the recorder one) that the
# target does not write to: attached to a process whose output goes to
# /dev/null (t0088: none where the terminal is shared, as with a launched
# command)
if command -v script > /dev/null; then
	"$W/spinner" 30 < /dev/null > /dev/null 2>&1 &
	spid=$!
	script -qec "$CPROF record -p $spid -d 1 -o tty.data" /dev/null > tty.out 2>&1
	kill "$spid"
	wait "$spid"
	grep -q 'recording .* samples' tty.out && pass "status line on a terminal" ||
		fail "no status line on a terminal: $(cat tty.out)"
fi
finish
