#!/bin/sh
# Filters live in the profile model, so report, flamegraph, collapse and
# pprof see the same samples: --comm, --tid, --pid, --time/--from/--to
# (checked against the threads workload, whose worker-beta stops burning
# CPU halfway through), --focus, --ignore, --hide and --max-depth; bad
# filter arguments are usage errors.
. "$top_srcdir/tests/t/lib.sh"
D="$top_srcdir/tests/data/folded"

# no recording needed: filters on folded stacks
report_rows --focus spin_ten -i "$D/calltree.folded" > focus.rows
check_within "folded --focus spin_ten: cum spin_ten" "$(cum_pct spin_ten focus.rows)" 100 100
[ "$(self_pct spin_sixty focus.rows)" = 0 ] && pass "--focus drops other samples" || fail "spin_sixty left"
report_rows --ignore 'spin_(ten|thirty)' -i "$D/calltree.folded" > ign.rows
check_within "folded --ignore: self spin_sixty" "$(self_pct spin_sixty ign.rows)" 99 100
[ "$(cum_pct spin_ten ign.rows)" = 0 ] && pass "--ignore drops spin_ten" || fail "spin_ten left"
report_rows --hide spin_sixty -i "$D/calltree.folded" > hide.rows
self_drive=$(self_pct drive hide.rows)
check_within "--hide spin_sixty: its time goes to drive" "$self_drive" 55 65
"$CPROF" collapse --hide 'spin_t' -i "$D/calltree.folded" > hide.folded
grep -q 'spin_t' hide.folded && fail "collapse --hide left spin_t frames" || pass "collapse --hide"
"$CPROF" collapse --max-depth 2 -i "$D/calltree.folded" > depth.folded
awk -F' ' '{ n = split($1, f, ";"); if (n > 2) bad = 1 } END { exit bad }' depth.folded &&
	pass "--max-depth 2: stacks of at most 2 frames" || fail "--max-depth 2: $(head -2 depth.folded)"
# a time range needs sample times
"$CPROF" report --time 0-1 -i "$D/calltree.folded" > /dev/null 2> time.err
st=$?
[ "$st" = 2 ] && grep -q 'no sample times' time.err && pass "--time on folded input: clear error" ||
	fail "--time on folded: exit $st, $(cat time.err)"

# bad arguments: usage errors
for bad in "--focus (" "--tid abc" "--pid 1,,2" "--time 3" "--time x-2" "--from -1" "--max-depth 0" "--comm ,"; do
	# shellcheck disable=SC2086
	"$CPROF" report $bad -i "$D/calltree.folded" > /dev/null 2> bad.err
	st=$?
	[ "$st" = 64 ] && pass "report $bad: exit 64" || fail "report $bad: exit $st ($(cat bad.err))"
done
"$CPROF" report --time 3-1 -i "$D/calltree.folded" > /dev/null 2> empty.err
[ $? = 2 ] && grep -q 'time range is empty' empty.err && pass "--time 3-1: empty range" ||
	fail "--time 3-1: $(cat empty.err)"

require_perf
"$CPROF" record -q -o t.data -- "$W/threads" 2 2> /dev/null || fail "record exited $?"
"$CPROF" report -w 0 -n 0 --by thread t.data > threads.out
cat threads.out
alpha_tid=$(awk '$4 ~ /:worker-alpha$/ { split($4, a, ":"); print a[1] }' threads.out)
[ -n "$alpha_tid" ] || fail "no worker-alpha row in --by thread"

report_rows --comm worker-beta t.data > beta.rows
check_within "--comm worker-beta: self beta_work" "$(self_pct beta_work beta.rows)" 90 100
[ "$(cum_pct alpha_work beta.rows)" = 0 ] && pass "--comm worker-beta: no alpha_work" || fail "alpha_work under --comm worker-beta"
"$CPROF" report --comm worker-beta t.data | grep -q '^# filters:  --comm worker-beta$' &&
	pass "the header names the filters" || fail "no filters line in the header"

report_rows --tid "$alpha_tid" --by thread t.data > tid.rows
[ "$(wc -l < tid.rows)" = 1 ] && grep -q ":worker-alpha$" tid.rows && pass "--tid: one thread" ||
	fail "--tid $alpha_tid: $(cat tid.rows)"
pid=$(report_rows --by pid t.data | awk '{ split($4, a, ":"); print a[1]; exit }')
report_rows --pid "$pid" --by pid t.data > pid.rows
check_within "--pid $pid: its share" "$(awk '{ print $1; exit }' pid.rows)" 100 100
[ "$(report_rows --pid 1 --by pid t.data 2> /dev/null | wc -l)" = 0 ] && pass "--pid 1: nothing" || fail "--pid 1 kept samples"

# time slices: beta burns CPU only in the first half of the 2 s
report_rows --time 1.4- --by thread t.data > late.rows
beta_late=$(awk '$4 ~ /:worker-beta$/ { print $1 }' late.rows)
check_within "--time 1.4-: worker-beta share" "${beta_late:-0}" 0 2
report_rows --time 0.1-0.9 --by thread t.data > early.rows
beta_early=$(awk '$4 ~ /:worker-beta$/ { print $1 }' early.rows)
check_within "--time 0.1-0.9: worker-beta share" "${beta_early:-0}" 30 70
report_rows --from 1.4 --by thread t.data | cmp -s - late.rows && pass "--from 1.4 = --time 1.4-" ||
	fail "--from differs from --time"
all=$(report_rows --by pid t.data | awk '{ print $3 }')
early=$(report_rows --to 1 --by pid t.data | awk '{ print $3 }')
late=$(report_rows --from 1 --by pid t.data | awk '{ print $3 }')
[ "$((early + late))" = "$all" ] && pass "--to 1 and --from 1 split the samples ($early + $late)" ||
	fail "--to 1 ($early) + --from 1 ($late) != $all"

report_rows --focus beta_work t.data > tfocus.rows
check_within "--focus beta_work: cum beta_work" "$(cum_pct beta_work tfocus.rows)" 100 100
report_rows --hide 'alpha_work|beta_work' t.data > thide.rows
check_within "--hide the leaves: alpha_main gets their self time" "$(self_pct alpha_main thide.rows)" 40 100
report_rows --max-depth 1 t.data > d1.rows
awk '$1 != $2 { bad = 1 } END { exit bad }' d1.rows && pass "--max-depth 1: self = cum everywhere" ||
	fail "--max-depth 1: $(head -3 d1.rows)"

# every output sees the same samples
"$CPROF" flamegraph --comm worker-beta -o beta.svg t.data || fail "flamegraph exited $?"
grep -q '<title>beta_work' beta.svg && ! grep -q '<title>alpha_work' beta.svg &&
	pass "flamegraph --comm worker-beta" || fail "flamegraph --comm: wrong frames"
"$CPROF" pprof --ignore beta_work -o noβ.pb.gz t.data || fail "pprof exited $?"
report_rows noβ.pb.gz > pb.rows
[ "$(cum_pct beta_work pb.rows)" = 0 ] && [ "$(cum_pct alpha_work pb.rows)" != 0 ] &&
	pass "pprof --ignore beta_work" || fail "pprof --ignore: $(head -3 pb.rows)"
"$CPROF" info noβ.pb.gz > /dev/null || fail "info of the filtered pprof exited $?"
"$CPROF" report --time 0-1 noβ.pb.gz > /dev/null 2>&1 && fail "--time on pprof input passed" ||
	pass "--time on pprof input: an error"
finish
