#!/bin/sh
# A recording cut short is symbolized when read, from the files it names.
# Whatever now stands at those paths, a FIFO, a directory or a device, is
# never opened for reading as a binary: the report finishes, with the
# frames left unresolved, instead of hanging.
. "$top_srcdir/tests/t/lib.sh"
require_perf

cp "$W/calltree" ./victim
"$CPROF" record -q -o cut.data -- ./victim 3 &
rpid=$!
sleep 1.5
kill -9 "$rpid"
wait "$rpid" 2> /dev/null
pkill -f './victim 3' 2> /dev/null
sleep 0.2

for kind in fifo dir; do
	rm -rf victim
	case $kind in
	fifo) mkfifo victim ;;
	dir) mkdir victim ;;
	esac
	timeout 20 "$CPROF" report -i cut.data -w 0 > "$kind.out" 2> "$kind.err"
	rc=$?
	[ "$rc" = 124 ] && fail "report hangs on a $kind in the binary's place"
	[ "$rc" -le 1 ] || fail "report on a $kind exited $rc: $(cat "$kind.err")"
	grep -q 'spin_sixty' "$kind.out" && fail "names for a binary that is now a $kind"
	grep -q 'victim+0x' "$kind.out" && pass "$kind in place of the binary: unresolved frames, no hang" ||
		fail "no unresolved victim frames with a $kind: $(head -12 "$kind.out")"
done

# a device node: /dev/zero reads forever as a plain file would not
rm -rf victim
ln -s /dev/zero victim
timeout 20 "$CPROF" report -i cut.data -w 0 > dev.out 2> dev.err
rc=$?
[ "$rc" = 124 ] && fail "report hangs on a device in the binary's place"
[ "$rc" -le 1 ] && pass "device in place of the binary: no hang" || fail "device: exit $rc: $(cat dev.err)"
finish
