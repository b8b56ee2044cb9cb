#!/bin/sh
# Folded stacks both ways: cprof collapse writes what flamegraph.pl and
# inferno read (sorted, "frames count", _[k]/_[i] annotations), and
# reads back folded input written by stackcollapse-perf.pl and friends.
. "$top_srcdir/tests/t/lib.sh"
D="$top_srcdir/tests/data/folded"

for f in calltree perf-style names diff-style; do
	"$CPROF" collapse -i "$D/$f.folded" -o "$f.out" || fail "collapse $f exited $?"
	check_golden "collapse-$f.folded" "$f.out"
	# reading our own output back changes nothing
	"$CPROF" collapse "$f.out" > "$f.again" || fail "collapse of collapse $f exited $?"
	cmp -s "$f.out" "$f.again" && pass "$f: round trip" || fail "$f: round trip changed it"
done
# standard input
"$CPROF" collapse -i - < "$D/calltree.folded" | cmp -s - calltree.out || fail "stdin input differs"
# folded input works for report too
"$CPROF" report -i "$D/calltree.folded" -w 0 > rep || fail "report of folded input exited $?"
grep -q '^ *60\.00 .* spin_sixty' rep || fail "report of folded: spin_sixty is not 60.00%: $(cat rep)"

printf 'main;a 10\nmain;b ten\n' > bad.folded
"$CPROF" collapse bad.folded > /dev/null 2> err
st=$?
[ "$st" -eq 2 ] && grep -q 'line 2' err && pass "bad count: $(cat err)" || fail "bad count: exit $st $(cat err)"

require_perf
"$CPROF" record -q -o ct.data -- "$W/calltree" 1 || fail "record exited $?"
"$CPROF" collapse -i ct.data > ct.folded || fail "collapse of a recording exited $?"
grep -q '^_start;.*;main;drive;spin_sixty [0-9]*$' ct.folded || fail "no main;drive;spin_sixty stack: $(head -3 ct.folded)"
# sorted frame by frame (';' below every other character, so a stack's
# prefixes stay together)
sed 's/ [0-9]*$//' ct.folded | tr ';' '\001' | LC_ALL=C sort -c && pass "output sorted" || fail "output not sorted"
# the counts add up to the recording's samples
total=$(awk '{ n += $NF } END { print n }' ct.folded)
samples=$("$CPROF" info ct.data | awk '$1 == "samples" { print $2 }')
[ "$total" = "$samples" ] && pass "counts add up to $samples" || fail "counts $total != samples $samples"
finish
