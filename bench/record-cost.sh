#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The whole cost of recording with DWARF unwinding beyond the bare run,
# cprof record -g dwarf against perf record --call-graph dwarf, in one
# run: the wall time of each recording less that of the program alone
# (medians of RUNS interleaved runs), for a 4 s CPU-bound python3 script
# (pyenv's python, whose libpython has 9 MB of DWARF, where present) and
# a node script. perf's figure includes nothing after perf record exits;
# cprof's includes symbolizing, which perf leaves to perf report.
# Prints a markdown table.
# usage: bench/record-cost.sh [RUNS]   (default 3; from a built tree, as root)
set -eu
runs=${1:-3}
here=$(cd "$(dirname "$0")" && pwd)
cprof=${CPROF:-$here/../build/cprof}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
median() { sort -n | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
now() { date +%s.%N; }

cat > "$tmp/burn.py" <<'PY'
import time
def work(n):
    s = 0
    for i in range(n):
        s = (s * 31 + i) % 1000003
    return s
end = time.time() + 4
while time.time() < end:
    work(20000)
PY
cat > "$tmp/burn.js" <<'JS'
function work(n) { let s = 0; for (let i = 0; i < n; i++) s = (s * 31 + i) % 1000003; return s; }
const end = Date.now() + 4000;
let t = 0;
while (Date.now() < end) t += work(200000);
console.log(t > 0 ? "" : "-");
JS

# seconds TOOL CMD...: the wall time of one run of CMD under TOOL
seconds() {
	tool=$1
	shift
	t0=$(now)
	case $tool in
	none) "$@" > /dev/null ;;
	perf) perf record -q --call-graph dwarf -o "$tmp/perf.data" -- "$@" > /dev/null 2>&1 ;;
	cprof) "$cprof" record -q -g dwarf -o "$tmp/cprof.data" -- "$@" > /dev/null 2>&1 ;;
	esac
	echo "$(now) $t0" | awk '{ printf "%.3f\n", $1 - $2 }'
}

py=$(ls "$HOME"/.pyenv/versions/3.12*/bin/python3 2> /dev/null | head -1 || command -v python3)
echo "| program | bare run s | perf record extra s | cprof record extra s | cprof / perf |"
echo "|---|---:|---:|---:|---:|"
for prog in "$py $tmp/burn.py" "$(command -v node || true) $tmp/burn.js"; do
	set -- $prog
	[ $# -eq 2 ] && [ -x "$1" ] || continue
	: > "$tmp/none"; : > "$tmp/perf"; : > "$tmp/cprof"
	i=0
	while [ "$i" -lt "$runs" ]; do
		for tool in none perf cprof; do
			seconds $tool "$@" >> "$tmp/$tool"
		done
		i=$((i + 1))
	done
	bare_s=$(median < "$tmp/none")
	perf_s=$(median < "$tmp/perf")
	cprof_s=$(median < "$tmp/cprof")
	echo "$(basename "$1") $bare_s $perf_s $cprof_s" | awk '{ pe = $3 - $2; ce = $4 - $2;
		printf "| %s | %.2f | %.2f | %.2f | %s |\n", $1, $2, pe, ce, (pe > 0 ? sprintf("%.2f", ce / pe) : "-") }'
done
