# SPDX-License-Identifier: GPL-3.0-or-later
# Helpers for the tests of code mapped in unusual ways (sourced after
# lib.sh): build tests/workloads/mapper.c and maplib.c in $SCRATCH, run
# it with a timeout, end whatever it left running, and check a recording.

MAPPER_SRC="$top_srcdir/tests/workloads"
CC=${CC_FOR_TESTS:-cc}
# every workload runs under timeout; pids of those in the background
MAPPER_PIDS=
MAPPER_T="timeout -k 2 30"

mapper_cleanup() {
	for p in $MAPPER_PIDS; do
		kill -KILL "$p" 2> /dev/null
	done
	rm -rf "$SCRATCH"
}
trap mapper_cleanup EXIT
trap 'exit 1' INT TERM HUP

# build_mapper DIR: DIR/mapper and DIR/libmaplib.so, frame pointers and
# no sibling calls so that -g fp sees every frame
build_mapper() {
	mkdir -p "$1"
	flags="-O2 -g -fno-omit-frame-pointer -fno-optimize-sibling-calls -I$MAPPER_SRC"
	# shellcheck disable=SC2086
	$CC $flags -shared -fPIC "$MAPPER_SRC/maplib.c" -o "$1/libmaplib.so" 2> cc.err &&
		$CC $flags "$MAPPER_SRC/mapper.c" -o "$1/mapper" -ldl 2>> cc.err || {
		echo "FAIL: $TEST_NAME: cannot build the mapper workload: $(cat cc.err)" >&2
		exit 1
	}
}

# start_hold OUT ARGS...: run ARGS in the background (under timeout),
# wait for its "ready PID" line in OUT; sets HOLD_PID to the workload's pid
start_hold() {
	out=$1
	shift
	$MAPPER_T "$@" > "$out" 2> "$out.err" &
	MAPPER_PIDS="$MAPPER_PIDS $!"
	HOLD_PID=
	for i in $(seq 1 100); do
		HOLD_PID=$(awk '$1 == "ready" { print $2; exit }' "$out")
		[ -n "$HOLD_PID" ] && break
		sleep 0.05
	done
	[ -n "$HOLD_PID" ] && MAPPER_PIDS="$MAPPER_PIDS $HOLD_PID"
	[ -n "$HOLD_PID" ]
}

# health DATA WHAT: the number in info's health line WHAT (integer part)
health() {
	"$CPROF" info "$1" | sed -n "s/.*$2: *\([0-9]*\).*/\1/p"
}

# check_names NAME DATA FUNC...: every FUNC has a share >= 5% (self or
# cumulative), most frames resolve and most stacks reach a root
check_names() {
	name=$1
	data=$2
	shift 2
	report_rows -i "$data" > "$name.rows"
	for f in "$@"; do
		share=$(cum_pct "$f" "$name.rows")
		if within "$share" 5 100; then
			pass "$name: $f $share%"
		else
			fail "$name: $f has $share%: $(head -12 "$name.rows")"
		fi
	done
	resolved=$(health "$data" "frames resolved to a symbol")
	rooted=$(health "$data" "stacks reaching a root frame")
	if [ "${resolved:-0}" -ge 90 ] && [ "${rooted:-0}" -ge 90 ]; then
		pass "$name: $resolved% of frames resolved, $rooted% of stacks reach a root"
	else
		fail "$name: $resolved% of frames resolved, $rooted% of stacks reach a root: $("$CPROF" info "$data" | tail -8)"
	fi
}

# require_map_files: skip unless this user may open /proc/PID/map_files
# entries (CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE), as cprof must here
require_map_files() {
	sh -c 'f=$(ls /proc/$$/map_files | head -1) && head -c 4 "/proc/$$/map_files/$f"' \
		> /dev/null 2>&1 ||
		skip_all "cannot open /proc/PID/map_files entries (needs CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE)"
}
