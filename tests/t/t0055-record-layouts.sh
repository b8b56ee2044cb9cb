#!/bin/sh
# Address translation for every ELF layout: the same workload linked by
# GNU ld (with and without -z separate-code), gold, lld (whose text's
# file offset differs from its virtual address), as a non-PIE and as a
# static binary, and an lld-linked library in a GNU ld program, all give
# whole stacks and names. A Rust program (rustc links with rust-lld)
# where rustc is installed.
. "$top_srcdir/tests/t/lib.sh"
require_perf

src="$top_srcdir/tests/workloads"
CC=${CC_FOR_TESTS:-cc}

have_lld() {
	command -v ld.lld > /dev/null && return 0
	[ "${CPROF_REQUIRE_PERF:-0}" = 1 ] && fail "ld.lld is required here (Debian package lld)"
	echo "skip: no ld.lld (Debian package lld)"
	return 1
}

# record BINARY, expect spin_sixty on top and whole stacks
check_calltree() {
	name=$1
	shift
	"$CPROF" record -q -o "$name.data" -- "$@" 1 2> "$name.err" || {
		fail "$name: record exited $?: $(cat "$name.err")"
		return
	}
	"$CPROF" report -i "$name.data" -w 0 -n 3 > "$name.out"
	top=$(awk '/^ *[0-9.]+ +[0-9.]+ +[0-9]+ /{print $4; exit}' "$name.out")
	[ "$top" = spin_sixty ] || fail "$name: top function '$top', not spin_sixty: $(cat "$name.out")"
	rooted=$("$CPROF" info "$name.data" | sed -n 's/.*stacks reaching a root frame: *\([0-9]*\).*/\1/p')
	[ "${rooted:-0}" -ge 90 ] || fail "$name: $rooted% of stacks reach a root"
	pass "$name: spin_sixty on top, $rooted% of stacks rooted"
}

build() {
	out=$1
	shift
	$CC -O2 -g -I"$src" "$src/calltree.c" -o "$out" "$@" 2> "$out.cc.err" || {
		fail "cannot build $out ($*): $(cat "$out.cc.err")"
		return 1
	}
}

build gnu-separate -Wl,-z,separate-code && check_calltree gnu-separate ./gnu-separate
# a mapping no sample fell in is not one "without symbols"
"$CPROF" info gnu-separate.data | grep -q 'no symbols' &&
	fail "info lists unsampled mappings as 'no symbols': $("$CPROF" info gnu-separate.data | grep 'no symbols')"
"$CPROF" info gnu-separate.data | grep -q 'not sampled' && pass "unsampled mappings: [not sampled]"
build gnu-noseparate -Wl,-z,noseparate-code && check_calltree gnu-noseparate ./gnu-noseparate
build nopie -no-pie && check_calltree nopie ./nopie
build static -static && check_calltree static ./static
if command -v ld.gold > /dev/null; then
	build gold -fuse-ld=gold && check_calltree gold ./gold
fi
if have_lld; then
	build lld -fuse-ld=lld && check_calltree lld ./lld
	readelf -lW lld | awk '$1 == "LOAD" && / R E / && $2 != $3 { found = 1 } END { exit !found }' ||
		echo "note: this lld laid out text at offset = vaddr"

	# an lld-linked library with the hot function, loaded by a GNU ld program
	cat > hot.c <<'EOC'
__attribute__((noinline)) long lib_leaf(long n)
{
	volatile long s = 0;
	for (long i = 0; i < n; i++)
		s += i;
	return s;
}
long lib_entry(long n) { return lib_leaf(n) + 1; }
EOC
	cat > main.c <<'EOC'
long lib_entry(long n);
int main(void)
{
	long t = 0;
	for (int i = 0; i < 400; i++)
		t += lib_entry(1000000);
	return (int)(t & 1);
}
EOC
	if $CC -O1 -g -fPIC -shared -fuse-ld=lld hot.c -o libhot.so &&
		$CC -O1 -g main.c -o usehot -L. -lhot -Wl,-rpath,"$SCRATCH"; then
		"$CPROF" record -q -o lib.data -- ./usehot || fail "record usehot exited $?"
		"$CPROF" report -i lib.data -w 0 -n 0 --sort cum > lib.out
		grep -q 'lib_leaf' lib.out && grep -q 'lib_entry' lib.out && grep -q ' main ' lib.out &&
			pass "lld library in a GNU ld program: lib_leaf <- lib_entry <- main" ||
			fail "lld library: $(cat lib.out)"
	else
		fail "cannot build the lld library"
	fi
fi

# clang writes no .debug_aranges, and its DWARF 5 file numbers start at
# 0 (which libdw 0.188's dwarf_decl_file cannot read): file:line anyway
if command -v clang > /dev/null; then
	for v in 4 5; do
		CC="clang -gdwarf-$v" build clang$v && check_calltree clang$v ./clang$v &&
			grep -q 'spin_sixty  calltree.c:[0-9]' clang$v.out &&
			pass "clang DWARF $v: calltree.c:N" || fail "clang DWARF $v: no file:line: $(cat clang$v.out)"
	done
fi

# Rust: rustc links with rust-lld (offset != vaddr)
RUSTC=$(command -v rustc || ls "$HOME/.cargo/bin/rustc" 2> /dev/null || true)
if [ -n "$RUSTC" ]; then
	cat > spin.rs <<'EOC'
use std::time::{Duration, Instant};
#[inline(never)]
fn rust_hot(n: u64) -> u64 {
    let mut s = 0u64;
    for i in 0..n {
        s = s.wrapping_add(std::hint::black_box(i));
    }
    s
}
fn main() {
    let end = Instant::now() + Duration::from_millis(800);
    let mut t = 0;
    while Instant::now() < end {
        t += rust_hot(1_000_000);
    }
    println!("{}", t & 1);
}
EOC
	if "$RUSTC" -g -C opt-level=2 spin.rs -o rustspin 2> rust.err; then
		"$CPROF" record -q -o rust.data -- ./rustspin > /dev/null || fail "record rustspin exited $?"
		# std's inlined functions have rows of their own; --no-inline folds them
		"$CPROF" report -i rust.data -w 0 -n 3 --no-inline > rust.out
		grep -q 'spin::rust_hot' rust.out && pass "Rust: spin::rust_hot named" ||
			fail "Rust: no spin::rust_hot: $(cat rust.out)"
		"$CPROF" report -i rust.data -w 0 -n 0 --sort cum --by function,line > rust.lines
		grep -q 'spin::rust_hot  *spin\.rs:[0-9]' rust.lines && pass "Rust: rust_hot has spin.rs lines" ||
			fail "Rust: no spin.rs lines for rust_hot: $(head -12 rust.lines)"
		"$CPROF" report -i rust.data -w 0 -n 0 --sort cum | grep -q 'spin::main' ||
			fail "Rust: stacks do not reach spin::main"
	else
		fail "rustc could not build the Rust workload: $(tail -3 rust.err)"
	fi
else
	echo "skip: no rustc here, so no Rust test"
fi
finish
