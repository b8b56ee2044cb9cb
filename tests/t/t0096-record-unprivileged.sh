#!/bin/sh
# cprof record without privilege: as user nobody (no CAP_IPC_LOCK, no
# kernel samples at perf_event_paranoid 2) with the default -g dwarf it
# succeeds, says once what it gave up, and loses (next to) no samples,
# also when ulimit -l leaves only perf_event_mlock_kb to lock (the
# stack copy is made smaller, not the samples lost). As root without
# capabilities the open itself falls back to user-only samples.
. "$top_srcdir/tests/t/lib.sh"

[ "$(id -u)" = 0 ] || skip_all "needs root, to become nobody"
paranoid=$(cat /proc/sys/kernel/perf_event_paranoid 2> /dev/null || echo 2)
[ "$paranoid" -le 2 ] || skip_all "perf_event_paranoid is $paranoid: unprivileged users get no perf events"
command -v setpriv > /dev/null || skip_all "no setpriv (util-linux)"
require_perf
chmod 755 "$SCRATCH"
mkdir out && chown nobody out || skip_all "cannot make a directory for nobody"
as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
}
as_nobody "$CPROF" --version > /dev/null 2>&1 ||
	skip_all "user nobody cannot run $CPROF (a build tree nobody can read is needed)"
as_nobody "$W/calltree" 0.01 2> /dev/null || skip_all "user nobody cannot run the workloads in $W"

# value KEY FILE: the value of "KEY   value" in cprof info's output
value() {
	awk -v k="$1" 'index($0, k) == 1 { print $NF; exit }' "$2"
}

# check_recording NAME: ran, lost at most 3%, samples per CPU-second of the
# workload near the frequency, the DWARF stacks unwound, the split right
check_recording() {
	"$CPROF" info "$1.data" > "$1.info" 2>&1 || { fail "$1: info: $(cat "$1.info")"; return; }
	samples=$(value samples "$1.info")
	lost=$(value "lost samples" "$1.info")
	cpu=$(awk '$1 == "cpu" { print $2 }' "$1.err")
	[ -n "$samples" ] && [ -n "$lost" ] && [ -n "$cpu" ] || { fail "$1: no counts: $(cat "$1.info" "$1.err")"; return; }
	check_within "$1: lost share %" "$(awk -v l="$lost" -v s="$samples" 'BEGIN { print 100 * l / (l + s + 0.001) }')" 0 3
	# generous: the workload's own CPU time at 999 Hz, give or take
	check_within "$1: samples per CPU-second" "$(awk -v s="$samples" -v c="$cpu" 'BEGIN { print s / c }')" 500 1100
	report_rows -i "$1.data" > "$1.rows"
	check_within "$1: self spin_sixty %" "$(self_pct spin_sixty "$1.rows")" 45 75
	grep -q 'stacks reaching a root frame: \(9[0-9]\|100\)' "$1.err" &&
		pass "$1: DWARF stacks reach main" || fail "$1: stacks: $(grep 'root frame' "$1.err")"
}

# 1. nobody, the defaults: kernel frames given up, said once; the rings fit
as_nobody "$CPROF" record -o out/nobody.data -- "$W/calltree" 2 > /dev/null 2> nobody.err
st=$?
cat nobody.err
mv out/nobody.data nobody.data 2> /dev/null
[ "$st" = 0 ] && pass "nobody: record succeeds" || fail "nobody: exit $st"
[ "$(grep -c 'given up: kernel frames' nobody.err)" = 1 ] && pass "nobody: says once that kernel frames are given up" ||
	fail "nobody: kernel frames given up not said once"
grep -q 'Operation not permitted\|cannot map' nobody.err && fail "nobody: a mapping failed"
check_recording nobody
grep -q '^kernel_frames *no' nobody.info && pass "nobody: recorded without kernel frames" ||
	fail "nobody: kernel_frames not 'no'"

# 2. ulimit -l 0: only perf_event_mlock_kb per CPU; a smaller stack copy, named
(ulimit -l 0 && as_nobody "$CPROF" record -o out/tight.data -- "$W/calltree" 2 > /dev/null 2> tight.err)
st=$?
cat tight.err
mv out/tight.data tight.data 2> /dev/null
[ "$st" = 0 ] && pass "tight budget: record succeeds" || fail "tight budget: exit $st"
stack=$(sed -n 's/.*given up: the 32768-byte stack copy: it is \([0-9]*\) bytes instead (as -g dwarf,\([0-9]*\) asks).*/\1 \2/p' tight.err)
set -- $stack
if [ $# = 2 ] && [ "$1" = "$2" ] && [ "$1" -lt 32768 ] && [ $(($1 % 8)) = 0 ]; then
	pass "tight budget: the stack copy is $1 bytes, said with the -g that asks for it"
else
	fail "tight budget: no stack copy change said"
fi
grep 'given up: the 32768-byte' tight.err | grep -q 'perf_event_mlock_kb' &&
	pass "tight budget: names perf_event_mlock_kb" || fail "tight budget: knob not named"
check_recording tight
[ $# = 2 ] && grep -q "^call_graph *dwarf,$1\$" tight.info && pass "tight budget: the recording says dwarf,$1" ||
	fail "tight budget: call_graph is $(grep call_graph tight.info)"
# the same as the user asks for it: nothing given up but the kernel
if [ $# = 2 ]; then
	(ulimit -l 0 && as_nobody "$CPROF" record -g "dwarf,$1" -o out/asked.data -- "$W/calltree" 0.3 > /dev/null 2> asked.err)
	grep -q 'stack copy' asked.err && fail "asked for dwarf,$1: still a stack copy change: $(cat asked.err)" ||
		pass "asked for dwarf,$1: nothing more to give up"
fi

# 3. -q: nothing said
as_nobody "$CPROF" record -q -o out/quiet.data -- "$W/calltree" 0.3 > /dev/null 2> quiet.err
grep -q 'given up' quiet.err && fail "-q: still said: $(cat quiet.err)" || pass "-q: nothing given up is said"

# 4. root without capabilities: not decided up front (euid 0), the kernel refuses
# kernel samples, and the open falls back to user-only
if setpriv --bounding-set=-all --inh-caps=-all --securebits=+noroot,+noroot_locked true 2> /dev/null; then
	setpriv --bounding-set=-all --inh-caps=-all --securebits=+noroot,+noroot_locked \
		"$CPROF" record -o nocap.data -- "$W/calltree" 1 > /dev/null 2> nocap.err
	st=$?
	cat nocap.err
	[ "$st" = 0 ] && pass "root without capabilities: record succeeds" || fail "root without capabilities: exit $st"
	grep -q 'given up: kernel frames: the kernel refused kernel samples (perf_event_paranoid is' nocap.err &&
		pass "root without capabilities: the open fell back to user-only samples, and said so" ||
		fail "root without capabilities: no fallback said"
	"$CPROF" info nocap.data | grep -q '^kernel_frames *no' && pass "root without capabilities: recorded without kernel frames" ||
		fail "root without capabilities: kernel_frames not 'no'"
else
	echo "# setpriv cannot drop capabilities here: the open-time fallback is not exercised"
fi
finish
