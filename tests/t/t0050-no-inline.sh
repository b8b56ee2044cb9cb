#!/bin/sh
# --no-inline folds inlined frames into the functions they were inlined
# into, on every output: demo::stepper<T>::step is inlined into
# Widget<T>::churn in cxx_names, so its self time moves there.
. "$top_srcdir/tests/t/lib.sh"
require_perf

"$CPROF" record -q -- "$W/cxx_names" 1 || fail "record exited $?"
"$CPROF" report -w 0 -n 0 > default.out
grep -q 'demo::stepper<int>::step' default.out || fail "no inlined stepper row by default"
grep -q '^# inlined functions have rows of their own' default.out ||
	fail "the header does not say inlined functions have rows"
"$CPROF" report -w 0 -n 0 --no-inline > folded.out
grep -q 'stepper' folded.out && fail "--no-inline still shows stepper: $(cat folded.out)"
grep -q '^# filters: *--no-inline' folded.out || fail "no --no-inline in the header"
grep -q '^# inlined functions' folded.out && fail "inline note in a folded report"
self_of() {
	awk -v f="$2" '/^ *[0-9.]+ +[0-9.]+ +[0-9]+ /{ name = $4; for (i = 5; i <= NF - 1; i++) name = name " " $i;
		if (name == f) print $3 }' "$1"
}
before=$(self_of default.out 'demo::Widget<int>::churn(int)')
inl=$(self_of default.out 'demo::stepper<int>::step(int, int)')
after=$(self_of folded.out 'demo::Widget<int>::churn(int)')
[ "$((${before:-0} + ${inl:-0}))" = "${after:-x}" ] &&
	pass "churn's self $before + stepper's $inl = $after with --no-inline" ||
	fail "churn self: $before + $inl != $after"
for cmd in collapse flamegraph; do
	"$CPROF" $cmd --no-inline -o out.$cmd || fail "$cmd --no-inline exited $?"
	grep -q 'stepper' out.$cmd && fail "$cmd --no-inline shows stepper"
	grep -q 'Widget' out.$cmd || fail "$cmd --no-inline lost Widget"
done
"$CPROF" collapse -o all.folded
grep -q 'stepper' all.folded || fail "collapse without --no-inline has no stepper"
pass "collapse and flamegraph fold too"
finish
