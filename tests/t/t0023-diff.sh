#!/bin/sh
# cprof diff: identical inputs show no change; recordings at different
# frequencies get a warning; functions that appear or vanish are listed
# as such; --fail-on-regression gates; --flamegraph writes a
# differential SVG in which vanished frames stay visible; recordings and
# pprof files mix.
. "$top_srcdir/tests/t/lib.sh"
D="$top_srcdir/tests/data/folded"

# folded inputs: no perf needed
"$CPROF" diff "$D/calltree.folded" "$D/calltree.folded" > same.out || fail "diff of identical inputs exited $?"
grep -q '^# summary: no change$' same.out && pass "identical: no change" || fail "identical: $(cat same.out)"

# a top N shows changes only: f's cumulative share fell 1 point (its self
# share, 0, did not); y and z moved by 0.001 points, below the precision
printf 'main;f;g 1000\nmain;z 99000\n' > before.folded
printf 'main;g 1000\nmain;z 98999\nmain;y 1\n' > after.folded
"$CPROF" diff -n 1 before.folded after.folded > top1.out || fail "diff -n 1 exited $?"
rows=$(grep -c '^ *[0-9]' top1.out)
[ "$rows" = 1 ] && grep -q ' -1.00  f  (vanished)$' top1.out && pass "top 1: the one change, not a smaller non-change" ||
	fail "top 1: $(cat top1.out)"
grep -q '^# summary: 1 function changed; largest cumulative change: f -1.00 points$' top1.out &&
	pass "summary names the cumulative change" || fail "summary: $(tail -1 top1.out)"
# the filters, applied to both sides, are in the header
"$CPROF" diff --hide '^g$' before.folded after.folded | grep -q '^# filters:  --hide \^g\$$' &&
	pass "filters in the header" || fail "no filters line in the diff header"

require_perf
"$CPROF" record -q -F 99 -o slow.data -- "$W/calltree" 3 2> /dev/null || fail "record -F 99 exited $?"
"$CPROF" record -q -F 999 -o fast.data -- "$W/calltree" 2 2> /dev/null || fail "record exited $?"
"$CPROF" diff -n 0 slow.data fast.data > freq.out || fail "diff exited $?"
cat freq.out
grep -q 'warning: .*frequency' freq.out && pass "frequency warning" || fail "no frequency warning"
# that the normalised sides agree within a point is t0024's job (it needs a quiet machine)
"$CPROF" diff --no-normalize -n 0 slow.data fast.data > freqraw.out
raw=$(awk '$8 == "spin_sixty" { print $3 + 0 }' freqraw.out)
check_within "99 vs 999 Hz, raw: spin_sixty change in samples" "${raw:-0}" 100 100000

"$CPROF" record -q -o deep.data -- "$W/deep" 1 2> /dev/null || fail "record deep exited $?"
"$CPROF" diff fast.data deep.data > swap.out
grep -q 'spin_sixty .*(vanished)$' swap.out && pass "vanished listed" || fail "spin_sixty not vanished"
grep -q 'deep_leaf .*(appeared)$' swap.out && pass "appeared listed" || fail "deep_leaf not appeared"

# the gate
"$CPROF" diff --fail-on-regression 5 fast.data deep.data > gate.out 2> gate.err
st=$?
[ "$st" -eq 1 ] && grep -q 'regressed' gate.err && grep -q '^# regression: deep_leaf' gate.out &&
	pass "--fail-on-regression 5: exit 1" || fail "--fail-on-regression 5: exit $st"
"$CPROF" diff --fail-on-regression 5 deep.data deep.data > /dev/null ||
	fail "--fail-on-regression on identical inputs exited $?"
"$CPROF" diff --fail-on-regression 100 fast.data deep.data > /dev/null ||
	fail "--fail-on-regression 100 exited $?"

# raw counts
"$CPROF" diff --no-normalize fast.data fast.data | grep -q 'no change' || fail "--no-normalize identical"
"$CPROF" diff --no-normalize -n 0 slow.data fast.data > raw.out
n=$(awk '$8 == "spin_sixty" { print $2 - $1 }' raw.out)
c=$(awk '$8 == "spin_sixty" { print $3 + 0 }' raw.out)
[ -n "$n" ] && [ "$n" = "$c" ] && pass "--no-normalize: change is after - before in samples" ||
	fail "--no-normalize: change $c, expected $n"

# mixed inputs: a recording against its own pprof
"$CPROF" pprof -i fast.data -o fast.pb.gz || fail "pprof exited $?"
"$CPROF" diff fast.data fast.pb.gz | grep -q '^# summary: no change$' && pass "recording vs its pprof: no change" ||
	fail "recording vs pprof differ"

# differential flamegraph
"$CPROF" diff --flamegraph diff.svg fast.data deep.data > /dev/null
xmllint --noout diff.svg && pass "diff.svg well-formed" || fail "diff.svg not well-formed"
grep -q '<title>spin_sixty (' diff.svg && pass "vanished frames stay visible" || fail "spin_sixty missing from diff.svg"
grep -q 'fill="rgb(255,' diff.svg && pass "red frames" || fail "no red (grown) frames"
grep -q 'fill="rgb([0-9]*,[0-9]*,255)' diff.svg && pass "blue frames" || fail "no blue (shrunk) frames"
finish
