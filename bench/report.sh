#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Reading a large recording: cprof report against perf report --stdio, on
# recordings of the same workload (two bench/burn processes, frame-pointer
# call graphs, at FREQ Hz until at least SAMPLES samples). Prints a
# markdown table of medians over RUNS interleaved runs: wall time and
# peak RSS of each report.
# usage: bench/report.sh [RUNS [SAMPLES [FREQ]]]   (default 3, 1000000, 20000)
set -eu
runs=${1:-3} want=${2:-1000000} freq=${3:-20000}
here=$(cd "$(dirname "$0")" && pwd)
cprof=${CPROF:-$here/../build/cprof}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -O2 -g -fno-omit-frame-pointer -o "$tmp/burn" "$here/burn.c"

median() { sort -n | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# two CPU-bound processes for long enough to give WANT samples at FREQ on
# two CPUs, with a margin (perf record keeps about 80% of them here): by
# time, not by work, since sampling at tens of kHz slows the target many
# times over on a virtual machine
secs=$(awk -v w="$want" -v f="$freq" 'BEGIN { printf "%d", 1.6 * w / (2 * f) + 1 }')
cat > "$tmp/two.sh" << EOF2
timeout $secs "$tmp/burn" 1000000000 & timeout $secs "$tmp/burn" 1000000000; wait
EOF2
perf record -q -F "$freq" -g -o "$tmp/perf.data" -- sh "$tmp/two.sh" 2> /dev/null || true
"$cprof" record -q -F "$freq" -g fp -o "$tmp/c.data" -- sh "$tmp/two.sh" 2> /dev/null || true
psamples=$(perf report -i "$tmp/perf.data" --stats 2> /dev/null | awk '/SAMPLE events:/ { print $3; exit }')
csamples=$("$cprof" info "$tmp/c.data" | awk '$1 == "samples" { print $2; exit }')
for n in "$psamples" "$csamples"; do
	[ "$n" -ge "$want" ] || echo "note: a recording has $n samples, fewer than $want" >&2
done

i=0
while [ $i -lt "$runs" ]; do
	/usr/bin/time -f '%e %M' -o "$tmp/t" perf report -i "$tmp/perf.data" --stdio > /dev/null 2>&1
	cat "$tmp/t" >> "$tmp/perf.times"
	/usr/bin/time -f '%e %M' -o "$tmp/t" "$cprof" report -i "$tmp/c.data" > /dev/null
	cat "$tmp/t" >> "$tmp/cprof.times"
	i=$((i + 1))
done
pt=$(awk '{ print $1 }' "$tmp/perf.times" | median)
pm=$(awk '{ print $2 }' "$tmp/perf.times" | median)
ct=$(awk '{ print $1 }' "$tmp/cprof.times" | median)
cm=$(awk '{ print $2 }' "$tmp/cprof.times" | median)
echo "| tool | samples | file MB | report s | peak RSS MB |"
echo "|---|---|---|---|---|"
awk -v n="$psamples" -v b="$(stat -c %s "$tmp/perf.data")" -v t="$pt" -v m="$pm" \
	'BEGIN { printf "| perf report --stdio | %d | %.1f | %.2f | %.0f |\n", n, b / 1048576, t, m / 1024 }'
awk -v n="$csamples" -v b="$(stat -c %s "$tmp/c.data")" -v t="$ct" -v m="$cm" \
	'BEGIN { printf "| cprof report | %d | %.1f | %.2f | %.0f |\n", n, b / 1048576, t, m / 1024 }'
awk -v a="$pt" -v b="$ct" -v c="$pm" -v d="$cm" \
	'BEGIN { printf "\nperf/cprof: %.1fx the time, %.1fx the memory", a / (b > 0.005 ? b : 0.005), c / d }'
awk -v a="$pt" -v b="$ct" -v n="$psamples" -v m="$csamples" \
	'BEGIN { printf "; per sample, %.1fx the time\n", (a / n) / ((b > 0.005 ? b : 0.005) / m) }'
