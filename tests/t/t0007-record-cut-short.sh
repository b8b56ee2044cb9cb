#!/bin/sh
# A recording cut short still reads: the recorder killed with SIGKILL
# leaves a file that reads up to its last complete chunk, and a file
# truncated at any byte offset reads as a prefix or fails with a clear
# error, never a crash.
. "$top_srcdir/tests/t/lib.sh"
require_perf

"$CPROF" record -q -o killed.data -- "$W/calltree" 5 &
rpid=$!
sleep 2
kill -9 "$rpid"
wait "$rpid" 2>/dev/null
pkill -f "$W/calltree 5" 2>/dev/null
"$CPROF" report -i killed.data -w 0 > out 2> err || fail "report of a killed recording exited $?: $(cat err)"
grep -q 'cut short' out || fail "report does not say the recording was cut short"
# symbols were never stored: report resolved them from the files on disk
grep -q 'spin_sixty' out || fail "no spin_sixty in the killed recording's report"
samples=$(awk '/^# duration/ { print $6 }' out)
check_within "samples in the killed recording" "${samples:-0}" 50 100000
"$CPROF" info killed.data > info 2> err || fail "info of a killed recording exited $?"
grep -q 'cut short' err || fail "info gives no warning"

"$CPROF" record -q -o full.data -- "$W/calltree" 1 || fail "record exited $?"
size=$(wc -c < full.data)
crashes=0
off=0
step=$((size / 300 + 1))
while [ "$off" -le "$size" ]; do
	head -c "$off" full.data > cut.data
	"$CPROF" report -i cut.data > /dev/null 2> err
	st=$?
	if [ "$st" -gt 2 ] || { [ "$st" -ne 0 ] && ! grep -q '^cprof: ' err; }; then
		crashes=$((crashes + 1))
		echo "offset $off: exit $st: $(cat err)" >&2
	fi
	"$CPROF" info cut.data > /dev/null 2> err
	st=$?
	if [ "$st" -gt 2 ]; then
		crashes=$((crashes + 1))
		echo "info at offset $off: exit $st" >&2
	fi
	off=$((off + step))
done
[ "$crashes" -eq 0 ] && pass "truncated at every ${step}th byte: no crash" ||
	fail "$crashes truncated files crashed a reader"
finish
