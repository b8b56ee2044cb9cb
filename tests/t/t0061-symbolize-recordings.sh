#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The indexes give the frames dwarf_getscopes gave (t0060 compares them
# address by address; this, whole recordings): the same
# recordings, stripped of their names so that they are symbolized when
# read, come out byte for byte the same with CPROF_SYMBOLIZE_SCOPES=1 (the
# old tree walk per address) as by default (the index), in every output
# that shows frames: pprof (every location's function, file, line and
# inline chain), folded stacks and the report by line. Workloads: C++ with
# inlined calls, C with nested inlined calls from gcc and clang (DWARF 5,
# no .debug_aranges), the test workloads, and pyenv's python3 where
# installed (libpython: 14 MB of .debug_info).
. "$top_srcdir/tests/t/lib.sh"
require_perf

# strip_names IN OUT: IN without its function and line chunks (types 7
# and 8), as a recording whose writer died before it stored names
strip_names() {
	sn_size=$(wc -c < "$1")
	head -c 32 "$1" > "$2"
	sn_off=32
	while [ $((sn_off + 16)) -le "$sn_size" ]; do
		set -- "$1" "$2" $(od -An -tu4 -j "$sn_off" -N 8 "$1")
		case $3 in
		7 | 8) ;;
		*) tail -c +$((sn_off + 1)) "$1" | head -c $((16 + $4)) >> "$2" ;;
		esac
		sn_off=$((sn_off + 16 + $4))
		set -- "$1" "$2"
	done
}

# same NAME DATA: old and new symbolization of DATA agree, with inlined frames if WANT_INLINE
same() {
	strip_names "$2" "$1.bare"
	[ "$(wc -c < "$1.bare")" -lt "$(wc -c < "$2")" ] ||
		{ fail "$1: no names stripped from $2"; return; }
	for mode in index scopes; do
		if [ $mode = scopes ]; then set_env="CPROF_SYMBOLIZE_SCOPES=1"; else set_env="CPROF_SYMBOLIZE_SCOPES=0"; fi
		env $set_env "$CPROF" pprof -i "$1.bare" -o "$1.$mode.pb.gz" 2> /dev/null ||
			fail "$1: pprof ($mode) exited $?"
		gzip -dc "$1.$mode.pb.gz" > "$1.$mode.pb"
		env $set_env "$CPROF" collapse -i "$1.bare" > "$1.$mode.folded" 2> /dev/null
		env $set_env "$CPROF" report -i "$1.bare" --by line -n 0 -w 0 --json > "$1.$mode.json" 2> /dev/null
	done
	for out in pb folded json; do
		cmp -s "$1.index.$out" "$1.scopes.$out" ||
			fail "$1: $out differs between the index and dwarf_getscopes: $(diff "$1.index.$out" "$1.scopes.$out" | head -5)"
	done
	frames=$(tr ';' '\n' < "$1.index.folded" | grep -c .)
	inl=$(tr ';' '\n' < "$1.index.folded" | grep -c '_\[i\]')
	[ "$frames" -gt 0 ] || fail "$1: no frames at all"
	if [ "${3:-}" = inline ] && [ "$inl" -eq 0 ]; then
		fail "$1: no inlined frames to compare: $(head -3 "$1.index.folded")"
	fi
	pass "$1: identical frames ($frames in folded stacks, $inl inlined)"
}

"$CPROF" record -q -o cxx.data -- "$W/cxx_names" 1 || fail "record cxx_names exited $?"
same cxx_names cxx.data inline
grep -q 'demo::stepper<int>::step' cxx_names.index.folded || fail "no inlined stepper frame"

cat > nest.c <<'SRC'
#include <stdlib.h>
static volatile unsigned long sink;
static inline __attribute__((always_inline)) unsigned long mix(unsigned long x)
{
	for (int i = 0; i < 50; i++)
		x = x * 6364136223846793005UL + 1442695040888963407UL;
	return x;
}
static inline __attribute__((always_inline)) unsigned long twice(unsigned long x)
{
	x = mix(x) ^ (x >> 7);
	return mix(x + 1);
}
static __attribute__((noinline)) unsigned long outer(unsigned long x)
{
	for (int j = 0; j < 1000; j++) {
		if (x & 1) {
			unsigned long y = twice(x);
			x ^= y;
		} else {
			x = mix(x) + j;
		}
	}
	return x;
}
int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 30000;
	for (unsigned long i = 0; i < n; i++)
		sink += outer(i);
	return 0;
}
SRC
for compiler in cc clang; do
	command -v $compiler > /dev/null 2>&1 || { echo "# no $compiler: skipped"; continue; }
	$compiler -O2 -g -o nest-$compiler nest.c || { fail "$compiler nest.c failed"; continue; }
	"$CPROF" record -q -g dwarf -o nest-$compiler.data -- ./nest-$compiler 20000 ||
		fail "record nest-$compiler exited $?"
	same nest-$compiler nest-$compiler.data inline
	grep -q 'twice\|mix' nest-$compiler.index.folded || fail "nest-$compiler: no inlined twice or mix"
done

"$CPROF" record -q -g dwarf -o calltree.data -- "$W/qsort_cb" 1 || fail "record qsort_cb exited $?"
same qsort_cb calltree.data

py=$(ls "$HOME"/.pyenv/versions/3.12*/bin/python3.12 2> /dev/null | head -1)
if [ -n "$py" ] && [ -x "$py" ]; then
	cat > burn.py <<'SRC'
import json, re, time
def fib(n): return n if n < 2 else fib(n - 1) + fib(n - 2)
end = time.time() + 1.5
while time.time() < end:
	fib(15)
	json.loads(json.dumps({"a": [1, 2.5, "x" * 10], "b": None}))
	re.sub(r"(\w+)", r"<\1>", "hello world " * 10)
	sorted(str(i) for i in range(200))
SRC
	"$CPROF" record -q -g dwarf -o py.data -- "$py" burn.py || fail "record python3 exited $?"
	same python3 py.data inline
else
	echo "# no pyenv python 3.12: python3 not compared"
fi
finish
