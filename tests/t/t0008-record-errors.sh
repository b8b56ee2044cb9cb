#!/bin/sh
# Each error gives one clear line on stderr and a non-zero exit.
. "$top_srcdir/tests/t/lib.sh"

# expect_error STATUS PATTERN CMD...: fails unless CMD exits STATUS with PATTERN on stderr
expect_error() {
	want=$1 pattern=$2
	shift 2
	"$@" > out 2> err
	st=$?
	if [ "$st" -ne "$want" ]; then
		fail "'$*' exited $st, expected $want: $(cat err)"
	elif ! grep -q "$pattern" err; then
		fail "'$*': stderr lacks '$pattern': $(cat err)"
	else
		pass "$*: $(head -n1 err)"
	fi
}

expect_error 64 'nothing to profile' "$CPROF" record
expect_error 64 'unknown event' "$CPROF" record -e bogus -- true
expect_error 64 'unknown call graph mode' "$CPROF" record -g lbr -- true
expect_error 64 'multiple of 8' "$CPROF" record -g dwarf,100 -- true
expect_error 64 'invalid duration' "$CPROF" record -d -1 -- true
expect_error 64 'unknown option' "$CPROF" report --bogus
expect_error 64 'not a cprof command' "$CPROF" frobnicate
expect_error 2 'No such file' "$CPROF" report -i missing.data
printf 'hello world\n' > garbage.data
expect_error 2 'not a cprof recording, a pprof profile or folded stacks' "$CPROF" report -i garbage.data
printf 'CPROFDAT\377\377\377\377' > future.data
head -c 40 /dev/zero >> future.data
expect_error 2 'format version' "$CPROF" report -i future.data
expect_error 2 'format version' "$CPROF" info future.data
head -c 20 "$top_srcdir/tests/t/lib.sh" > /dev/null
printf 'CPROFDAT\001\000\000' > short.data
expect_error 2 'truncated' "$CPROF" info short.data

require_perf
expect_error 2 'no such process: 999999999' "$CPROF" record -p 999999999 -d 1
expect_error 2 'command not found' "$CPROF" record -- ./no-such-command
# no PMU on our machines: a clear message; where there is one, it records
if "$CPROF" record -q -e cycles -o hw.data -- true 2> err; then
	pass "cycles works on this machine"
else
	grep -q 'not supported' err && pass "cycles: $(cat err)" || fail "cycles: unclear error: $(cat err)"
fi
# permission denied is explained (as an unprivileged user, when there is one)
if [ "$(id -u)" = 0 ] && id nobody > /dev/null 2>&1 && command -v setpriv > /dev/null; then
	sleep 30 &
	spid=$!
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$CPROF" record -p "$spid" -d 1 -o /tmp/nobody.$$.data > out 2> err
	st=$?
	kill "$spid"
	rm -f /tmp/nobody.$$.data
	if [ "$st" -eq 2 ] && grep -q 'perf_event_paranoid\|Permission denied\|not permitted' err; then
		pass "permission denied: $(cat err)"
	else
		fail "permission denied gave exit $st: $(cat err)"
	fi
fi
finish
