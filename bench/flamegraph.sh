#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Flamegraph rendering speed: N unique stacks (default 200000) to an SVG,
# cprof against the anchors in the same run: flamegraph.pl itself, and
# npm's `flamegraph` (a port of stackcollapse-perf.pl + flamegraph.pl), fed
# the same stacks as `perf script` text, since it does not read folded input.
# Debian ships flamegraph.pl inside libdevel-nytprof-perl; FLAMEGRAPH_PL
# names another copy (e.g. from Brendan Gregg's FlameGraph repository).
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

t0=$(date +%s.%N)
"$cprof" flamegraph -i "$tmp/in.folded" -o "$tmp/cprof.svg"
t1=$(date +%s.%N)
node "$here/node_modules/flamegraph/bin/flamegraph" -t perf < "$tmp/in.perf" > "$tmp/anchor.svg"
t2=$(date +%s.%N)
# flamegraph.pl itself, where the machine has it
: "${FLAMEGRAPH_PL:=/usr/share/perl5/Devel/NYTProf/flamegraph.pl}"
if [ -f "$FLAMEGRAPH_PL" ]; then
	perl "$FLAMEGRAPH_PL" "$tmp/in.folded" > "$tmp/pl.svg"
	t3=$(date +%s.%N)
else
	t3=
fi
echo "| tool | input | seconds | SVG bytes | tool/cprof |"
echo "|---|---|---|---|---|"
awk -v n="$n" -v t0="$t0" -v t1="$t1" -v t2="$t2" -v t3="$t3" -v a="$(wc -c < "$tmp/cprof.svg")" \
	-v b="$(wc -c < "$tmp/anchor.svg")" -v c="$( [ -n "$t3" ] && wc -c < "$tmp/pl.svg" || echo 0)" \
	-v fi="$(wc -c < "$tmp/in.folded")" -v pi="$(wc -c < "$tmp/in.perf")" 'BEGIN {
	printf "| cprof flamegraph | %d stacks, %.0f MB folded | %.2f | %d | 1.0 |\n", n, fi / 1e6, t1 - t0, a
	printf "| npm flamegraph (stackcollapse + flamegraph.pl port) | the same, %.0f MB as perf script | %.2f | %d | %.1f |\n", pi / 1e6, t2 - t1, b, (t2 - t1) / (t1 - t0)
	if (t3 != "")
		printf "| flamegraph.pl | the same folded | %.2f | %d | %.1f |\n", t3 - t2, c, (t3 - t2) / (t1 - t0)
	else
		printf "| flamegraph.pl | skipped: install libdevel-nytprof-perl or set FLAMEGRAPH_PL | | | |\n"
}'
