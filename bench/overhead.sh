#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The cost of recording, cprof against perf record in the same run: for
# 99 and 999 Hz, frame-pointer and DWARF unwinding, on bench/burn (CPU
# bound, no frame pointers), RUNS interleaved runs of each of: no
# profiler, perf record, cprof record. Prints a markdown table of
# medians: the target's slowdown (its wall time against the run without
# a profiler), the recorder's own CPU time per sample, and recording
# bytes per sample. Each tool runs with its default stack copy for DWARF
# (perf 8 KiB, cprof 32 KiB).
# usage: bench/overhead.sh [RUNS]   (default 5; from a built tree, as root)
set -eu
runs=${1:-5}
here=$(cd "$(dirname "$0")" && pwd)
cprof=${CPROF:-$here/../build/cprof}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -O2 -g -fomit-frame-pointer -o "$tmp/burn" "$here/burn.c"

# median of the numbers on stdin
median() { sort -n | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# run TOOL FREQ MODE: one run; appends "wall recorder_cpu samples bytes" to $tmp/TOOL-FREQ-MODE
run() {
	tool=$1 freq=$2 mode=$3 out=$tmp/$1-$2-$3
	case $tool in
	none) /usr/bin/time -f '%U %S' -o "$tmp/time" "$tmp/burn" 2> "$tmp/burn.err" ;;
	perf)
		g=$mode; [ "$mode" = fp ] || g=dwarf
		/usr/bin/time -f '%U %S' -o "$tmp/time" perf record -q -F "$freq" --call-graph "$g" \
			-o "$tmp/perf.data" -- "$tmp/burn" 2> "$tmp/burn.err" > /dev/null
		samples=$(perf report -i "$tmp/perf.data" --stats 2> /dev/null | awk '/SAMPLE events:/ { print $3; exit }')
		bytes=$(stat -c %s "$tmp/perf.data")
		;;
	cprof)
		/usr/bin/time -f '%U %S' -o "$tmp/time" "$cprof" record -q -F "$freq" -g "$mode" \
			-o "$tmp/c.data" -- "$tmp/burn" 2> "$tmp/burn.err"
		samples=$("$cprof" info "$tmp/c.data" | awk '$1 == "samples" { print $2; exit }')
		bytes=$(stat -c %s "$tmp/c.data")
		;;
	esac
	wall=$(awk '$1 == "wall" { print $2 }' "$tmp/burn.err")
	wcpu=$(awk '$1 == "wall" { print $4 }' "$tmp/burn.err")
	# the recorder's CPU: everything /usr/bin/time saw, less the target's own
	rcpu=$(awk -v w="$wcpu" '{ print $1 + $2 - w }' "$tmp/time")
	[ "$tool" = none ] && samples=1 bytes=0
	echo "$wall $rcpu ${samples:-0} ${bytes:-0}" >> "$out"
}

echo "| Hz | unwinding | slowdown perf | slowdown cprof | cprof/perf | recorder µs/sample perf | cprof | bytes/sample perf.data | cprof.data | perf/cprof |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for freq in 99 999; do
	for mode in fp dwarf; do
		i=0
		while [ $i -lt "$runs" ]; do
			# rotate the order, so that drift in the machine's load hits all alike
			case $((i % 3)) in
			0) order="none perf cprof" ;;
			1) order="perf cprof none" ;;
			*) order="cprof none perf" ;;
			esac
			for t in $order; do run "$t" "$freq" "$mode"; done
			i=$((i + 1))
		done
		base=$(awk '{ print $1 }' "$tmp/none-$freq-$mode" | median)
		for t in perf cprof; do
			f=$tmp/$t-$freq-$mode
			eval "slow_$t=\$(awk -v b=$base '{ print \$1 / b }' $f | median)"
			eval "us_$t=\$(awk '\$3 > 0 { print 1e6 * \$2 / \$3 }' $f | median)"
			eval "bps_$t=\$(awk '\$3 > 0 { print \$4 / \$3 }' $f | median)"
		done
		# shellcheck disable=SC2154 # set by the eval above
		awk -v f="$freq" -v m="$mode" -v sp="$slow_perf" -v sc="$slow_cprof" -v up="$us_perf" \
			-v uc="$us_cprof" -v bp="$bps_perf" -v bc="$bps_cprof" 'BEGIN {
			printf "| %s | %s | %.3f | %.3f | %.3f | %.0f | %.0f | %.0f | %.0f | %.0f |\n",
				f, m, sp, sc, sc / sp, up, uc, bp, bc, (bc > 0 ? bp / bc : 0) }'
	done
done
