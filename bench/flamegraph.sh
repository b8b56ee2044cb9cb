#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Flamegraph rendering speed: N unique stacks (default 200000) to an SVG,
# cprof against the anchor in the same run. flamegraph.pl is packaged
# neither by Debian nor npm; the anchor is npm's `flamegraph` (a port of
# stackcollapse-perf.pl + flamegraph.pl), fed the same stacks as
# `perf script` text, since it does not read folded input.
# usage: bench/flamegraph.sh [N]   (from a built tree; needs node and npm)
set -eu
n=${1:-200000}
here=$(cd "$(dirname "$0")" && pwd)
cprof=${CPROF:-$here/../build/cprof}
[ -x "$cprof" ] || cprof=$here/../cprof
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# every stack once, so both tools see the same samples
awk -v n="$n" -f "$here/gen-stacks.awk" | awk '{ $NF = 1; print }' > "$tmp/in.folded"
# the same stacks as perf script text: a header line, frames leaf first
awk '{
	sub(/ [0-9]+$/, "")
	k = split($0, f, ";")
	printf "bench 1 [000] %d.000000: 1 cpu-clock:\n", NR
	for (i = k; i >= 1; i--)
		printf "\t%x %s (/usr/bin/bench)\n", 4096 + i, f[i]
	print ""
}' "$tmp/in.folded" > "$tmp/in.perf"

if [ ! -d "$here/node_modules/flamegraph" ]; then
	(cd "$here" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi

echo "stacks: $n ($(wc -c < "$tmp/in.folded") bytes folded, $(wc -c < "$tmp/in.perf") bytes perf script)"
t0=$(date +%s.%N)
"$cprof" flamegraph -i "$tmp/in.folded" -o "$tmp/cprof.svg"
t1=$(date +%s.%N)
node "$here/node_modules/flamegraph/bin/flamegraph" -t perf < "$tmp/in.perf" > "$tmp/anchor.svg"
t2=$(date +%s.%N)
awk -v t0="$t0" -v t1="$t1" -v t2="$t2" -v a="$(wc -c < "$tmp/cprof.svg")" \
	-v b="$(wc -c < "$tmp/anchor.svg")" 'BEGIN {
	printf "%-28s %8.2f s  %10d bytes\n", "cprof flamegraph", t1 - t0, a
	printf "%-28s %8.2f s  %10d bytes\n", "npm flamegraph (anchor)", t2 - t1, b
	printf "%-28s %8.1fx\n", "anchor / cprof", (t2 - t1) / (t1 - t0)
}'
