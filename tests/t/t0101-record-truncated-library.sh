#!/bin/sh
# A library truncated in place while the recorder holds it (what `cp`
# over a library does to its inode): the recorder reads object files
# with pread, never through a mapping, so it keeps running and writes a
# readable recording, where a mapping would have killed it with SIGBUS
# (the workload itself dies so: its code is gone). Launched with -g
# dwarf, and attached with -p for longer than the workload lives, with
# the recorder's symbolization at the end reading the truncated file.
. "$top_srcdir/tests/t/lib.sh"
. "$top_srcdir/tests/t/mapper.sh"
require_perf

build_mapper bin

# truncate_when_ready OUT LIB: once OUT has its "ready" line and the
# workload has run in LIB for a while, cut LIB to nothing in place
truncate_when_ready() {
	for i in $(seq 1 100); do
		grep -q '^ready' "$1" 2> /dev/null && break
		sleep 0.05
	done
	sleep 0.7
	: > "$2"
}

# check NAME DATA: the recording reads, and has the workload's samples
check() {
	"$CPROF" info "$2" > "$1.info" 2>&1 || fail "$1: info exited $?: $(head -3 "$1.info")"
	"$CPROF" report -i "$2" > "$1.report" 2>&1 || fail "$1: report exited $?: $(head -3 "$1.report")"
	n=$(sed -n 's/^samples  *\([0-9]*\)$/\1/p' "$1.info")
	if [ "${n:-0}" -ge 10 ]; then
		pass "$1: the recorder survived the truncation; $n samples, the recording reads"
	else
		fail "$1: ${n:-no} samples: $(head -20 "$1.info")"
	fi
}

mkdir launch
cp bin/mapper bin/libmaplib.so launch/
truncate_when_ready launch.out launch/libmaplib.so &
MAPPER_PIDS="$MAPPER_PIDS $!"
"$CPROF" record -q -F 999 -g dwarf -o launch.data -- \
	$MAPPER_T ./launch/mapper hold ./launch/libmaplib.so 4 > launch.out 2> launch.err
rc=$?
wait
[ -s launch/libmaplib.so ] && fail "launch: the library was not truncated"
# the workload's SIGBUS is passed on as 128 + 7 by cprof, which names it
if [ "$rc" -ne 0 ] && ! grep -q "command terminated by signal" launch.err; then
	fail "launch: record exited $rc: $(tail -3 launch.err)"
fi
check launch launch.data

mkdir attach
cp bin/mapper bin/libmaplib.so attach/
start_hold attach.out ./attach/mapper hold ./attach/libmaplib.so 4 || {
	fail "attach: the workload did not start: $(cat attach.out.err)"
	finish
}
truncate_when_ready attach.out attach/libmaplib.so &
MAPPER_PIDS="$MAPPER_PIDS $!"
"$CPROF" record -q -F 999 -g dwarf -d 2 -p "$HOLD_PID" -o attach.data 2> attach.err ||
	fail "attach: record exited $?: $(tail -3 attach.err)"
wait
check attach attach.data
finish
