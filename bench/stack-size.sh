#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# How much user stack to copy per sample (cprof record -g dwarf,BYTES):
# for stacks of several depths (tests/workloads/deep: ~250 bytes a frame,
# no frame pointers), the share of samples whose stack reaches main, and
# the recorder's own CPU time per second of recording. Run from a built
# tree: bench/stack-size.sh [SECONDS]
set -eu
secs=${1:-2}
cprof=${CPROF:-./cprof}
deep=${DEEP:-tests/workloads/deep}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%-8s %-6s %10s %14s\n' bytes depth "to main %" "recorder cpu %"
for bytes in 8192 16384 32768 65528; do
	for depth in 20 60 100; do
		/usr/bin/time -f '%U %S' -o "$tmp/time" "$cprof" record -q -g "dwarf,$bytes" \
			-o "$tmp/d.data" -- "$deep" "$secs" "$depth"
		cpu=$(awk -v s="$secs" '{ printf "%.1f", 100 * ($1 + $2) / s }' "$tmp/time")
		main=$("$cprof" report -i "$tmp/d.data" -s cum -n 0 -w 0 |
			awk '$4 == "main" { print $2; f = 1 } END { if (!f) print 0 }')
		printf '%-8s %-6s %10s %14s\n' "$bytes" "$depth" "$main" "$cpu"
	done
done
