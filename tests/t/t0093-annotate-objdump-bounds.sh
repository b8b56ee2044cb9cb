#!/bin/sh
# annotate runs objdump with an argument vector, never a shell: it is
# given the binary as /proc/PID/fd/N of the file cprof opened, and an
# address range. An objdump that never finishes, or floods its output,
# is killed with what it started (10 s, 64 MiB): one warning, the
# addresses and counts as without objdump, exit 0, and it is not run
# again for the next function. One that fails is one warning.
. "$top_srcdir/tests/t/lib.sh"
require_perf

CC=${CC_FOR_TESTS:-cc}
if ! command -v objdump > /dev/null; then
	[ "${CPROF_REQUIRE_PERF:-0}" = 1 ] && { echo "FAIL: $TEST_NAME: objdump is required here (Debian package binutils)" >&2; exit 1; }
	skip_all "no objdump (Debian package binutils)"
fi
cp "$top_srcdir/tests/data/annotate/hot.c" hot.c
# a name the shell would run if it ever saw it
bin='hot;touch pwned-bin'
$CC -O2 hot.c -o "$bin" 2> cc.err || { fail "cannot build the workload: $(cat cc.err)"; finish; }
"$CPROF" record -q -o hot.data -- "./$bin" 1 2> rec.err || fail "record exited $?: $(cat rec.err)"
"$CPROF" annotate --no-disassembly 'hot|main' hot.data > plain.out || fail "--no-disassembly exited $?"
# the rows with samples: "SELF ADDRESS"
rows() { awk '$1 ~ /^[0-9]+$/ && $5 ~ /^0x/ { print $1, $5 }' "$1"; }
rows plain.out > plain.rows
[ -s plain.rows ] || { fail "no address rows: $(cat plain.out)"; finish; }

# the arguments objdump gets
real=$(command -v objdump)
printf '#!/bin/sh\nprintf "%%s\\n" "$@" > "%s/args"\nexec "%s" "$@"\n' "$SCRATCH" "$real" > logging
chmod +x logging
"$CPROF" annotate --objdump ./logging hot hot.data > logging.out 2> logging.err || fail "logging objdump: exit $?"
"$CPROF" annotate hot hot.data > real.out
cmp -s logging.out real.out && grep -q '<hot>:' real.out || fail "through a wrapper: not the same listing"
grep -qx '/proc/[0-9]*/fd/[0-9]*' args && grep -qx -- '-d' args &&
	grep -qx -- '--start-address=0x[0-9a-f]*' args && grep -qx -- '--stop-address=0x[0-9a-f]*' args &&
	! grep -q 'pwned' args && pass "objdump's arguments: -d, a range and /proc/PID/fd/N, not the file's name" ||
	fail "objdump's arguments: $(cat args)"
"$CPROF" annotate --objdump './logging;touch pwned-objdump' hot hot.data > meta.out 2> meta.err
grep -q "^# ./logging;touch pwned-objdump not found" meta.out || fail "--objdump with a ';': $(cat meta.out)"
ls pwned* > /dev/null 2>&1 && fail "a shell ran a name: $(ls pwned*)" ||
	pass "names with shell syntax are not run through a shell"

# stopped: OBJDUMP NAME MESSAGE; the listing must equal plain.out's rows
stopped() {
	start=$(date +%s)
	timeout 60 "$CPROF" annotate --objdump "$1" 'hot|main' hot.data > "$2.out" 2> "$2.err"
	rc=$?
	[ "$rc" = 124 ] && { fail "$2: annotate hangs"; return; }
	[ "$rc" = 0 ] || fail "$2: annotate exited $rc: $(cat "$2.err")"
	[ "$(cat "$2.err")" = "cprof: warning: $1 -d $3: stopped; not run again" ] ||
		fail "$2: not one warning: $(cat "$2.err")"
	rows "$2.out" | cmp -s - plain.rows && pass "$2: killed, one warning, the addresses and counts, exit 0 ($(($(date +%s) - start)) s)" ||
		fail "$2: not the listing without objdump: $(cat "$2.out")"
}
# never finishes, and holds its output open from a child of its own
printf '#!/bin/sh\nsleep 120 &\necho $! > "%s/slow.child"\nwait\n' "$SCRATCH" > slow
chmod +x slow
stopped ./slow slow "took over 10 s"
child=$(cat slow.child 2> /dev/null)
state=$(awk '{ print $3 }' "/proc/$child/stat" 2> /dev/null)
[ -n "$child" ] && [ "${state:-Z}" = Z ] && pass "the slow objdump's own child was killed too" ||
	{ fail "the slow objdump's child $child is still running ($state)"; kill "$child" 2> /dev/null; }
printf '#!/bin/sh\nexec yes "    1240:\tnop"\n' > chatty
chmod +x chatty
stopped ./chatty chatty "printed over 64 MiB"

# fails: one warning naming what it said, addresses and counts
printf '#!/bin/sh\necho "$0: %s: file format not recognized" >&2\nexit 1\n' 'x' > failing
chmod +x failing
"$CPROF" annotate --objdump ./failing hot hot.data > failing.out 2> failing.err || fail "failing objdump: exit $?"
[ "$(wc -l < failing.err)" = 1 ] && grep -q "cannot disassemble .*: ./failing -d: ./failing: x: file format not recognized" failing.err &&
	pass "a failing objdump: one warning with its message" || fail "failing objdump: $(cat failing.err)"
finish
