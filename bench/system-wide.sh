#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# What recording every CPU costs (issue #12, point 11): with two
# bench/burn loops keeping both CPUs of the machine busy, the recorder's
# own CPU time (utime + stime of its process, from /proc/PID/stat, in
# CPU-seconds per wall second) for `cprof record -a -d DURATION` at 99
# and 19 Hz, with DWARF unwinding (cprof's default) and frame pointers,
# beside `perf record -a -g` (frame pointers) and `perf record -a
# --call-graph dwarf` at the same rates, in the same run; at 19 Hz with
# DWARF also with a new short process (~10 ms of work) every ~60 ms.
# Figures per tool: its set-up (CPU in the first 1.5 s), the recording
# phase (the recorder's CPU per second from 1.5 s in to 0.3 s before
# DURATION ends, from /proc in 10 ms ticks, so take DURATION 30 or more
# for rates near 1%), and the whole cost: the recorder's CPU to its exit (cprof
# symbolizes the segment then; perf record reads the data back for
# build-ids) plus the report on the file (`cprof report`, `perf report
# --stdio`, where perf unwinds and symbolizes).
# Prints a markdown table; RUNS interleaved runs give medians.
# usage: bench/system-wide.sh [DURATION [RUNS]]   (default 10 s, 1 run; as root)
set -eu
duration=${1:-10}
runs=${2:-1}
here=$(cd "$(dirname "$0")" && pwd)
cprof=${CPROF:-$here/../build/cprof}
tmp=$(mktemp -d)
burners=
cleanup() {
	for p in $burners; do kill "$p" 2> /dev/null || :; done
	wait
	rm -rf "$tmp"
}
trap cleanup EXIT
cc -O2 -g -fomit-frame-pointer -o "$tmp/burn" "$here/burn.c"
tck=$(getconf CLK_TCK)
median() { sort -n | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
now() { date +%s.%N; }
# cpu PID: utime + stime in seconds (shell builtins only, see below)
cpu() {
	read -r stat < "/proc/$1/stat" || { echo "system-wide: the recorder $1 ended early" >&2; exit 1; }
	# shellcheck disable=SC2086 # the fields after the command name
	set -- ${stat##*) }
	echo "$((${12} + ${13})) $tck"
}

# two busy processes that live through every recording (killed at exit)
for i in 1 2; do
	"$tmp/burn" 100000000 2> /dev/null &
	burners="$burners $!"
done

# run TOOL HZ MODE: one recording, tried up to three times (perf 6.1's
# build-id pass at the end of perf record sometimes aborts on what other
# processes mapped: "assertion failed at util/build-id.c"); appends "phase_cpu_per_s total_cpu_per_s samples" to $tmp/TOOL-HZ-MODE
run() {
	tool=$1 hz=$2 mode=$3 out=$tmp/$1-$2-$3${4:+-$4}
	rm -f "$tmp/stop"
	if [ -n "${4:-}" ]; then
		# a new short process (about 10 ms of shell arithmetic) every ~60 ms
		sh -c "while [ ! -e '$tmp/stop' ]; do
			sh -c 'i=0; while [ \$i -lt 3000 ]; do i=\$((i + 1)); done'; sleep 0.05; done" &
	fi
	case $tool.$mode in
	cprof.*) set -- "$cprof" record -q -a -F "$hz" -g "$mode" -d "$duration" -o "$tmp/c.data" ;;
	perf.fp) set -- perf record -q -a -g -F "$hz" -o "$tmp/p.data" -- sleep "$duration" ;;
	perf.dwarf) set -- perf record -q -a --call-graph dwarf -F "$hz" -o "$tmp/p.data" -- sleep "$duration" ;;
	esac
	t0=$(now)
	/usr/bin/time -f '%U %S' -o "$tmp/time" "$@" > /dev/null 2> "$tmp/rec.err" &
	tpid=$!
	# the recorder is /usr/bin/time's child
	rpid=
	while [ -z "$rpid" ] && [ -e "/proc/$tpid" ]; do
		rpid=$(pgrep -P "$tpid" | head -1 || :)
		[ -n "$rpid" ] || sleep 0.05
	done
	# the recording phase: its CPU from 1.5 s in (past setting up:
	# per-CPU events, every process's maps, kallsyms) to 0.3 s before
	# the duration ends. Two looks only: in -a mode every process this
	# script started would be recorded too.
	sleep 1.5
	t1=$(now) c1=$(cpu "$rpid")
	sleep "$(echo "$duration" | awk '{ print $1 - 1.8 }')"
	t2=$(now) c2=$(cpu "$rpid")
	if ! wait $tpid; then
		tries=$((${tries:-0} + 1))
		echo "system-wide: $* failed (try $tries): $(head -2 "$tmp/rec.err")" >&2
		[ $tries -lt 3 ] || exit 1
		run "$tool" "$hz" "$mode" ${4:-}
		tries=0
		return
	fi
	rec=$(awk '{ print $1 + $2 }' "$tmp/time")
	touch "$tmp/stop"
	if [ "$tool" = cprof ]; then
		/usr/bin/time -f '%U %S' -o "$tmp/time" "$cprof" report -i "$tmp/c.data" > /dev/null 2>&1
		samples=$("$cprof" info "$tmp/c.data" | awk '$1 == "samples" { print $2; exit }')
	else
		/usr/bin/time -f '%U %S' -o "$tmp/time" perf report -i "$tmp/p.data" --stdio > /dev/null 2>&1
		samples=$(perf report -i "$tmp/p.data" --stats 2> /dev/null | awk '/SAMPLE events:/ { print $3; exit }')
	fi
	rep=$(awk '{ print $1 + $2 }' "$tmp/time")
	echo "$c1 $t1 $c2 $t2 $rec $rep $samples" | awk -v d="$duration" '{
		c1 = $1 / $2; c2 = $4 / $5
		printf "%.5f %.5f %.5f %.5f %d %.3f\n", (c2 - c1) / ($6 - $3), $7 / d, ($7 + $8) / d, $8, $9, c1 }' >> "$out"
}

configs="cprof-99-dwarf perf-99-dwarf cprof-99-fp perf-99-fp cprof-19-dwarf perf-19-dwarf cprof-19-fp perf-19-fp
	cprof-19-dwarf-spawn perf-19-dwarf-spawn"
i=0
while [ $i -lt "$runs" ]; do
	for c in $configs; do
		# shellcheck disable=SC2046 # TOOL HZ MODE
		run $(echo "$c" | tr - ' ')
	done
	i=$((i + 1))
done

# col CONFIG N: the median of column N
col() { awk -v n="$2" '{ print $n }' "$tmp/$1" | median; }
echo "| Hz | unwinding | tool | samples | set-up CPU-s (first 1.5 s) | recording phase, CPU-s/s | record to exit, CPU-s/s | record + report, CPU-s/s | report CPU-s | cprof/perf recording phase | cprof/perf record + report |"
echo "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for hz in 99 19; do
	for mode in dwarf fp dwarf-spawn; do
		[ -e "$tmp/perf-$hz-$mode" ] || continue
		for tool in perf cprof; do
			c=$tool-$hz-$mode
			echo "$hz $mode $tool $(col "$c" 5) $(col "$c" 1) $(col "$c" 2) $(col "$c" 3) $(col "$c" 4)" \
				"$(col "perf-$hz-$mode" 1) $(col "perf-$hz-$mode" 3) $(col "$c" 6)"
		done
	done
done | awk '{
	# perf record copying rings often uses less than /proc can show
	ratio = $3 == "cprof" ? sprintf("%s | %.2f", ($9 > 0 ? sprintf("%.2f", $5 / $9) : "n/a (perf 0)"),
		($10 > 0 ? $7 / $10 : 0)) : "- | -"
	sub(/-spawn/, " + short processes", $2)
	printf "| %s | %s | %s | %d | %.2f | %.4f | %.4f | %.4f | %.2f | %s |\n", $1, $2, $3, $4, $11, $5, $6, $7, $8, ratio }'
echo
echo "Target: cprof record -a at 19 Hz under 1% of one CPU (0.0100 CPU-s/s) in the recording phase."
