#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Symbolization per unique location, the indexes (default) against
# dwarf_getscopes and libdwfl's linear symbol search
# (CPROF_SYMBOLIZE_SCOPES=1), in one run, on files with a lot of DWARF
# or a large symbol table: pyenv's libpython (9 MB of .debug_info) where
# present, libstdc++ and libc with libc6-dbg, node's 100 MB executable.
# Addresses are spread over each file's functions (every STEP bytes of
# each, 4,000 at most, evenly spread), as a recording's are; each is
# resolved once, by a fresh symbolizer.
# Prints a markdown table.
# usage: bench/symbolize.sh   (from a tree built in build/, after make check)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tool=${SYMBOLIZE_ADDRS:-$here/../build/tests/tools/symbolize-addrs}
[ -x "$tool" ] || make -C "$here/../build" tests/tools/symbolize-addrs > /dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# us_per FILE STEP [ENV]: microseconds per address, and the address count
us_per() {
	env ${3:-} "$tool" -s "$2" -n 4000 "$1" > "$tmp/out" 2> "$tmp/err"
	sed -n 's/.*: \([0-9]*\) addresses in .*: \([0-9.]*\) us per address/\2 \1/p' "$tmp/err"
}

echo "| file | addresses | index µs/address | getscopes µs/address | speed-up |"
echo "|---|---:|---:|---:|---:|"
py=$(ls "$HOME"/.pyenv/versions/3.12*/lib/libpython3.*.so.1.0 2> /dev/null | head -1 || true)
node=$(readlink -f "$(command -v node 2> /dev/null || echo /nonexistent)")
for spec in "$py 512" "/lib/x86_64-linux-gnu/libstdc++.so.6 256" "/lib/x86_64-linux-gnu/libc.so.6 128" \
	"$node 64"; do
	set -- $spec
	[ $# -eq 2 ] && [ -f "$1" ] || continue
	set -- "$1" "$2" $(us_per "$1" "$2") $(us_per "$1" "$2" CPROF_SYMBOLIZE_SCOPES=1)
	echo "| $(basename "$1") | $4 | $3 | $5 | $(echo "$5 $3" | awk '{ printf "%.0fx", $1 / $2 }') |"
done
