#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every benchmark in one run, as markdown (what bench/RESULTS.md holds):
# recording overhead and size against perf record, report time and memory
# against perf report, flamegraph time against the flamegraph.pl port,
# symbolization against dwarf_getscopes, record's cost beyond the bare
# run against perf record's.
# About ten minutes on two CPUs. Run as root from the source tree, after
# building in build/:   bench/run-all.sh > bench/RESULTS.new.md
set -eu
here=$(cd "$(dirname "$0")" && pwd)
echo "# cprof benchmarks"
echo
echo "$(date -u +%Y-%m-%d), $(uname -r), $(nproc) CPUs, $(perf --version), $("${CPROF:-$here/../build/cprof}" --version 2>/dev/null | head -1)"
echo
echo "## Recording: target slowdown, recorder CPU, bytes per sample"
echo
sh "$here/overhead.sh" "${RUNS:-5}"
echo
echo "## Reading a large recording"
echo
sh "$here/report.sh" 3
echo
echo "## Flamegraph of 200,000 unique stacks"
echo
sh "$here/flamegraph.sh" 200000
echo
echo "## Symbolization per unique location"
echo
sh "$here/symbolize.sh"
echo
echo "## The whole cost of record -g dwarf beyond the bare run"
echo
sh "$here/record-cost.sh" "${RUNS:-3}"
