#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The recorder's CPU per DWARF sample in steady state, and its fixed
# cost: cprof record -g dwarf -F 999 of bench/burn for a short and a
# long run; the recorder's own CPU (its utime + stime: the whole
# process's, less the child's, which burn prints) over the samples
# taken. The difference of the two runs is the cost of a sample once
# the fixed costs (reading /proc/kallsyms or its cache, the debug
# information read to symbolize) are paid; the short run's remainder is
# the fixed cost. Then the same for perf record --call-graph dwarf
# (whose cost is all in recording: it unwinds and symbolizes in perf
# report), and for a rotating recording (--switch-output=1s), whose
# later segments must cost a fraction of the first. Medians of RUNS.
# usage: bench/per-sample.sh [RUNS]   (default 3; as root, from a built tree)
set -eu
runs=${1:-3}
here=$(cd "$(dirname "$0")" && pwd)
cprof=${CPROF:-$here/../build/cprof}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -O2 -g -o "$tmp/burn" "$here/burn.c" -lm
median() { sort -n | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# cost TOOL ROUNDS [ARGS]: "RECORDER_CPU_S SAMPLES" for one recording
cost() {
	tool=$1 rounds=$2
	shift 2
	case $tool in
	cprof)
		/usr/bin/time -f "TIME %U %S" "$cprof" record -q -F 999 -g dwarf "$@" \
			-o "$tmp/c.data" -- "$tmp/burn" "$rounds" > "$tmp/out" 2>&1
		n=$(for f in "$tmp"/c.data*; do "$cprof" info --json "$f"; done |
			sed -n 's/^  "samples": \([0-9]*\),/\1/p' | awk '{ t += $1 } END { print t }')
		rm -f "$tmp"/c.data* ;;
	perf)
		# perf 6.1 now and then aborts collecting build-ids at the end: try again
		for try in 1 2 3; do
			/usr/bin/time -f "TIME %U %S" perf record -q -F 999 --call-graph dwarf \
				-o "$tmp/p.data" -- "$tmp/burn" "$rounds" > "$tmp/out" 2>&1 && break
		done
		n=$(perf script -i "$tmp/p.data" -F comm 2> /dev/null | grep -c burn) ;;
	esac
	awk -v n="$n" '/^TIME/ { t = $2 + $3 } / cpu / { c = $NF } END { printf "%.4f %d\n", t - c, n }' "$tmp/out"
}

# series TOOL ARGS: the medians of the short and long runs: "CPU0 N0 CPU1 N1"
series() {
	tool=$1
	shift
	: > "$tmp/s"; : > "$tmp/l"
	i=0
	while [ "$i" -lt "$runs" ]; do
		cost "$tool" 1500 "$@" >> "$tmp/s"
		cost "$tool" 12000 "$@" >> "$tmp/l"
		i=$((i + 1))
	done
	echo "$(cut -d' ' -f1 "$tmp/s" | median) $(cut -d' ' -f2 "$tmp/s" | median)" \
		"$(cut -d' ' -f1 "$tmp/l" | median) $(cut -d' ' -f2 "$tmp/l" | median)"
}

echo "| recorder | short run: CPU s / samples | long run: CPU s / samples | per sample, steady | fixed cost |"
echo "|---|---:|---:|---:|---:|"
row() {
	name=$1
	shift
	series "$@" | awk -v name="$name" '{ ps = ($3 - $1) / ($4 - $2) * 1e6; fx = $1 - ps * $2 / 1e6
		printf "| %s | %.3f / %d | %.3f / %d | %.1f µs | %.3f s |\n", name, $1, $2, $3, $4, ps, fx }'
}
row "perf record --call-graph dwarf" perf
CPROF_CACHE_DIR= row "cprof record -g dwarf, no kallsyms cache" cprof
row "cprof record -g dwarf" cprof
row "cprof record -g dwarf --switch-output=1s" cprof --switch-output=1s
