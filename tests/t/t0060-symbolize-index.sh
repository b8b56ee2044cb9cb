#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The DWARF and symbol-table indexes give the frames libdw's
# dwarf_getscopes and libdwfl's linear symbol search gave
# (CPROF_SYMBOLIZE_SCOPES=1): the same function, inline chain, file and
# line at addresses all over the test workloads, libc (with its debug
# file), libstdc++ and, where present, pyenv's libpython. Then, where
# dwarf_getscopes is wrong: Rust defines functions inside namespaces,
# which it never looks into, so Rust frames had no lines and no inlines.
. "$top_srcdir/tests/t/lib.sh"

T="$top_builddir/tests/tools/symbolize-addrs"
# same_frames FILE STEP: every STEP bytes of FILE's functions, both ways
same_frames() {
	"$T" -s "$2" "$1" > new.txt 2> new.err || { fail "$1: symbolize-addrs exited $?: $(cat new.err)"; return; }
	CPROF_SYMBOLIZE_SCOPES=1 "$T" -s "$2" "$1" > old.txt 2> old.err ||
		{ fail "$1: symbolize-addrs (scopes) exited $?"; return; }
	n=$(wc -l < new.txt)
	[ "$n" -gt 0 ] || { fail "$1: no addresses"; return; }
	# most addresses resolve to something: the comparison is not of empties
	named=$(grep -c '	' new.txt)
	[ $((named * 10)) -ge $((n * 9)) ] || fail "$1: only $named of $n addresses resolved"
	if cmp -s old.txt new.txt; then
		pass "$1: $n addresses, the same frames both ways"
	else
		fail "$1: frames differ from dwarf_getscopes': $(diff old.txt new.txt | head -6)"
	fi
}

for w in calltree cxx_names deep qsort_cb threads spinner; do
	same_frames "$W/$w" 1
done
for lib in /lib/x86_64-linux-gnu/libc.so.6 /lib/x86_64-linux-gnu/libstdc++.so.6; do
	[ -e "$lib" ] && same_frames "$lib" 32
done
# libc's debug file (libc6-dbg): inlines, and GNU as's alias subprograms
libc_dwarf=$("$T" -s 64 /lib/x86_64-linux-gnu/libc.so.6 2> /dev/null | grep -c '\.c:[0-9]*|[1-9]')
if [ "${libc_dwarf:-0}" -gt 100 ]; then
	pass "libc frames carry lines from its debug file"
elif [ "${CPROF_REQUIRE_PERF:-0}" = 1 ]; then
	fail "no libc lines: libc6-dbg is installed by CI"
fi
py=$(ls "$HOME"/.pyenv/versions/3.1*/lib/libpython3.*.so.1.0 2> /dev/null | head -1)
[ -n "$py" ] && same_frames "$py" 4096

# Rust: main::main is inside DW_TAG_namespace "main"
RUSTC=$(command -v rustc || ls "$HOME/.cargo/bin/rustc" 2> /dev/null || true)
if [ -n "$RUSTC" ]; then
	cat > spin.rs <<'RS'
#[inline(never)]
fn leaf(n: u64) -> u64 {
    let mut s = 0u64;
    for i in 0..n {
        s = s.wrapping_mul(31).wrapping_add(i ^ (s >> 3));
    }
    s
}

fn main() {
    let n: u64 = std::env::args().count() as u64 * 1000;
    println!("{}", leaf(n));
}
RS
	if "$RUSTC" -g -C opt-level=2 spin.rs -o rustspin 2> rust.err; then
		"$T" -s 1 rustspin > rust.txt 2> /dev/null
		grep -q '	spin::leaf|[^|]*|[^|]*/spin\.rs:2|[0-9]' rust.txt &&
			pass "Rust: spin::leaf has its source file and line" ||
			fail "Rust: no spin.rs lines for spin::leaf: $(grep 'spin::leaf' rust.txt | head -3)"
		# inlined std frames above main's own
		grep -q '	[^	]*|[^|]*|/rustc/[^	]*	spin::main|' rust.txt &&
			pass "Rust: std functions inlined into spin::main are frames of their own" ||
			fail "Rust: no inline chain into spin::main: $(grep 'spin::main' rust.txt | head -3)"
	else
		fail "rustc could not build the Rust workload: $(tail -3 rust.err)"
	fi
else
	echo "skip: no rustc here, so no Rust test"
fi

# end to end: a recording cut short is symbolized when reported, both ways alike
require_perf
"$CPROF" record -q -o killed.data -- "$W/calltree" 4 &
rpid=$!
sleep 2
kill -9 "$rpid"
wait "$rpid" 2> /dev/null
pkill -f "$W/calltree 4" 2> /dev/null
"$CPROF" report -i killed.data --json --by function,line -n 0 > new.json 2> /dev/null
CPROF_SYMBOLIZE_SCOPES=1 "$CPROF" report -i killed.data --json --by function,line -n 0 > old.json 2> /dev/null
grep -q spin_sixty new.json || fail "the cut-short recording's report has no spin_sixty"
cmp -s old.json new.json && pass "a cut-short recording reports the same both ways" ||
	fail "reports differ: $(diff old.json new.json | head -6)"
finish
