#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every benchmark in one run, as markdown (what bench/RESULTS.md holds):
# recording overhead and size against perf record, report time and memory
# against perf report, flamegraph time against the flamegraph.pl port,
# symbolization against dwarf_getscopes, record's cost beyond the bare
# run against perf record's; the recorder's memory and descriptors over
# many short processes and over a long rotating, duty-cycled recording,
# and its CPU system-wide against perf record -a.
# About half an hour on two CPUs (SOAK_ROTATIONS=30, LIFETIMES=1500 and
# SYSTEM_WIDE_S=10 make it shorter). Run as root from the source tree, after
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
echo
echo "## Memory and descriptors over many short-lived processes"
echo
sh "$here/lifetimes.sh" "${LIFETIMES:-5000}"
echo
echo "## A long recording with rotation and a duty cycle"
echo
sh "$here/soak.sh" "${SOAK_ROTATIONS:-300}"
echo
echo "## Recording every CPU: the recorder's CPU against perf record -a"
echo
sh "$here/system-wide.sh" "${SYSTEM_WIDE_S:-30}"
echo
echo "## The recorder's CPU per DWARF sample, and its fixed cost"
echo
sh "$here/per-sample.sh" "${RUNS:-3}"
