#!/bin/sh
# ld.lld writes no CFI for its .plt: a -g dwarf sample inside a PLT stub
# must still unwind to the stub's caller (main) and on to _start, by the
# rule for stubs without CFI (the return address at [rsp]). lld with
# lazy binding and with -z now; GNU ld, whose .plt has CFI, stays right.
# The library's hot_fn (-O0) unwinds to _start too, also from its "ret"
# after "pop %rbp", where GCC's CFI still points at the popped slot,
# below the copied stack. Samples at 10 kHz for about 4 s: a one-jump
# stub gets few timer samples on some CPUs (about 0.1% on AMD EPYC).
. "$top_srcdir/tests/t/lib.sh"
require_perf

case $(uname -m) in
x86_64) ;;
*) skip_all "the PLT unwind rule is for x86_64" ;;
esac
CC=${CC_FOR_TESTS:-cc}

cp "$top_srcdir/tests/data/plt/hot.c" "$top_srcdir/tests/data/plt/main.c" . || exit 99
$CC -O0 -shared -fPIC hot.c -o libhot.so 2> cc.err || { fail "cannot build libhot.so: $(cat cc.err)"; finish; }

# count_leaf NAME LEAF: "GOOD ALL" of the stacks whose leaf is LEAF, GOOD
# being those that are _start;...;main;LEAF
count_leaf() {
	awk -v leaf="$2" '{ n = $NF; sub(/ [0-9]+$/, "") }
	     $0 == leaf || substr($0, length($0) - length(leaf)) == ";" leaf {
		all += n; if (/^_start;/ && substr($0, length($0) - length(leaf) - 5) == ";main;" leaf) good += n }
	     END { printf "%d %d\n", good, all }' "$1.folded"
}

# check_leaf NAME LEAF: of >= 20 stacks whose leaf is LEAF, >= 90% are
# _start;...;main;LEAF
check_leaf() {
	count_leaf "$1" "$2" > "$1.count"
	read -r good all < "$1.count"
	if [ "$all" -lt 20 ]; then
		fail "$1: only $all samples in $2: $(sort -t' ' -k2 -nr "$1.folded" | head -5)"
	elif [ $((good * 100)) -ge $((all * 90)) ]; then
		pass "$1: $good of $all samples in $2 unwind through main to _start"
	else
		fail "$1: $good of $all samples in $2 unwind through main to _start: $(grep "$2 [0-9]*\$" "$1.folded" | sort -t' ' -k2 -nr | head -4)"
	fi
}

# check NAME: -g dwarf stacks in hot_fn@plt and in hot_fn reach _start.
# The stub's share of timer samples varies from run to run (16 to 40 of
# 40000 seen), so a run that caught fewer than 20 is followed by another,
# at most three in all, their stacks added together.
check_unwind() {
	name=$1
	: > "$name.folded"
	for round in 1 2 3; do
		timeout 60 "$CPROF" record -q -F 10000 -g dwarf -o "$name.$round.data" -- "./$name" 4 2> "$name.err" || {
			fail "$name: record exited $?: $(cat "$name.err")"
			return
		}
		"$CPROF" collapse -i "$name.$round.data" >> "$name.folded"
		count_leaf "$name" hot_fn@plt > "$name.count"
		read -r good all < "$name.count"
		[ "$all" -ge 20 ] && break
	done
	check_leaf "$name" hot_fn@plt
	check_leaf "$name" hot_fn
}

link() {
	out=$1
	shift
	$CC -O0 "$@" main.c -o "$out" -L. -lhot -Wl,-rpath,"$SCRATCH" 2> "$out.cc.err" || {
		fail "cannot link $out ($*): $(cat "$out.cc.err")"
		return 1
	}
}

link gnu && check_unwind gnu
if command -v ld.lld > /dev/null && command -v clang > /dev/null; then
	CC=clang
	if link lld -fuse-ld=lld; then
		plt=$(readelf -SW lld | awk '$2 == ".plt" { print $4 }' | sed 's/^0*//')
		readelf -wF lld | grep -q "pc=0*$plt\\.\\." &&
			echo "note: this ld.lld writes CFI for .plt"
		check_unwind lld
	fi
	link lld-now -fuse-ld=lld -Wl,-z,now && check_unwind lld-now
elif [ "${CPROF_REQUIRE_PERF:-0}" = 1 ]; then
	fail "clang and ld.lld are required here (Debian packages clang, lld)"
else
	echo "skip: lld variants: no clang or ld.lld (Debian packages clang, lld)"
fi
finish
