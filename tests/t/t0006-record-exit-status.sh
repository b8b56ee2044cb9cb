#!/bin/sh
# record -- CMD exits with the command's status; a signal death is
# reported as such and exits 128+signal, like a shell.
. "$top_srcdir/tests/t/lib.sh"
require_perf

"$CPROF" record -q -- "$W/exitcode" 7
st=$?
[ "$st" -eq 7 ] && pass "exit status 7" || fail "exit status $st, expected 7"
"$CPROF" record -q -- "$W/exitcode" 0 || fail "exit status $?, expected 0"
"$CPROF" record -q -- "$W/exitcode" -s 11 2> err
st=$?
[ "$st" -eq 139 ] && pass "signal exit 139" || fail "exit status $st, expected 139"
grep -q 'terminated by signal 11' err || fail "no signal message: $(cat err)"
# the recording is complete all the same
"$CPROF" report > /dev/null || fail "report of the signalled run failed"
finish
