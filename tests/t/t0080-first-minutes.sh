#!/bin/sh
# A perf or pprof user's first minutes: pprof's single-dash options get a
# hint naming what cprof takes (and that command works), an unknown option
# in a cluster is named, not the command; report takes perf report's
# --stdio, --children, --no-children, --percent-limit and --sort keys; a
# perf.data or perf script output is refused with the command that
# converts it, and that command works.
. "$top_srcdir/tests/t/lib.sh"

cp "$top_srcdir/tests/data/folded/calltree.folded" in.folded

# pprof's words: exit 64, one line that names the word and cprof's way,
# nothing on standard output (-http is not -h, -output not -o utput)
for w in top list peek focus nodecount http text svg output; do
	"$CPROF" report -$w in.folded > out 2> err
	st=$?
	first=$(head -n 1 err)
	if [ $st -ne 64 ] || [ -s out ] ||
		! printf '%s\n' "$first" | grep -q "^cprof: unknown option '-$w': pprof's -$w is 'cprof [a-z]"; then
		fail "report -$w: exit $st, $(wc -c < out) bytes out: $(cat err)"
		continue
	fi
	# the command named works: fill in its placeholders and run it
	hint=$(printf '%s\n' "$first" | sed "s/.* is 'cprof \(.*\)'\$/\1/")
	set -- $(printf '%s\n' "$hint" | sed 's/ N$/ 3/; s/FUNC/spin_sixty/; s/REGEX/spin/;
		s/FILE\.svg/hint.svg/; s/> FILE$//')
	if "$CPROF" "$@" in.folded > hint.out 2> hint.err && grep -q spin_sixty hint.out hint.svg 2> /dev/null; then
		pass "report -$w: $first"
	else
		fail "report -$w: the hint 'cprof $hint' does not work: $(cat hint.err)"
	fi
	rm -f hint.svg
done
[ ! -e utput ] || fail "-output was read as -o utput"

# the other commands: their own long options with one dash, pprof's words
check_refused() { # WHAT PATTERN ARGS...
	what=$1 pat=$2
	shift 2
	"$CPROF" "$@" > out 2> err
	st=$?
	if [ $st -eq 64 ] && head -n 1 err | grep -q -- "$pat"; then
		pass "$what: $(head -n 1 err)"
	else
		fail "$what: exit $st: $(cat err)"
	fi
}
check_refused "flamegraph -output" "'-output': pprof's -output is 'cprof flamegraph --output FILE'" \
	flamegraph -output x.svg in.folded
[ ! -e utput ] && [ ! -e x.svg ] || fail "flamegraph -output wrote a file"
check_refused "record -output" "'-output': pprof's -output is 'cprof record --output FILE'" \
	record -output x.data -- true
check_refused "report -hotspots" "'-hotspots': long options take two dashes, '--hotspots'" \
	report -hotspots in.folded
check_refused "diff -nodecount" "pprof's -nodecount is 'cprof diff --top N'" \
	diff -nodecount 5 in.folded in.folded
check_refused "annotate -list" "pprof's -list is 'cprof annotate FUNC'" annotate -list spin in.folded
check_refused "collapse -traces" "pprof's -traces is 'cprof collapse'" collapse -traces in.folded
check_refused "pprof -proto" "pprof's -proto is 'cprof pprof -o FILE.pb.gz'" pprof -proto in.folded
# a cluster: the refused letter, not the command's name
check_refused "report -xt" "unknown option '-x' (in '-xt')" report -xt in.folded
check_refused "report -nx" "invalid row count 'x'" report -nx in.folded
check_refused "info -qz" "unknown option '-q' (in '-qz')" info -qz in.folded
check_refused "report -n (no value)" "option '-n' needs a value" report in.folded -n

# no false alarms: option values, operands, a command's arguments
"$CPROF" report --focus -top -n 1 in.folded > out 2> err && ! grep -q 'unknown option' err &&
	pass "a value '-top' is no option" || fail "report --focus -top: $(cat err)"
"$CPROF" report -n1 -s cum in.folded > out 2> err && grep -q "^ *0.00 *100.00 .*_start\$" out &&
	pass "short options, attached values" || fail "report -n1 -s cum: $(cat err)"
"$CPROF" report -h > out 2> err && grep -q '^usage: cprof report' out &&
	pass "-h is help" || fail "report -h: $(cat err)"

# perf report's habits
report_rows in.folded > plain
report_rows --stdio in.folded > stdio 2> err && cmp -s plain stdio &&
	pass "report --stdio is the default text" || fail "report --stdio: $(cat err)"
report_rows --no-children in.folded > nochildren 2> err && cmp -s plain nochildren &&
	pass "--no-children is --sort self" || fail "--no-children: $(cat err)"
report_rows --children in.folded > children 2> err &&
	report_rows --sort cum in.folded > cum && cmp -s children cum &&
	[ "$(awk 'NR == 1 { print $2 }' children)" = 100.00 ] &&
	pass "--children is --sort cum" || fail "--children: $(head -3 children) $(cat err)"
# spin_sixty 60%, spin_thirty 30.35%, spin_ten 9.6%, the loader 0.05%
report_rows --percent-limit 20 in.folded > pl 2> err
if [ "$(awk '{ print $4 }' pl | tr '\n' ' ')" = "spin_sixty spin_thirty " ]; then
	pass "--percent-limit 20 hides the rows under 20%"
else
	fail "--percent-limit 20: $(cat pl err)"
fi
report_rows --percent-limit 50 --sort cum in.folded > plc 2> err
if [ "$(wc -l < plc)" -eq 6 ] && ! grep -q spin_thirty plc; then
	pass "--percent-limit with --sort cum limits the cum share"
else
	fail "--percent-limit 50 --sort cum: $(cat plc err)"
fi
check_refused "--percent-limit 101" "invalid percent limit '101'" report --percent-limit 101 in.folded
check_refused "--percent-limit with a view" "--percent-limit applies to the table" \
	report --percent-limit 5 --tree in.folded
# perf's sort keys are rows by those keys
report_rows --sort comm,dso,sym in.folded > perfsort 2> err &&
	report_rows --by comm,dso,function in.folded > by && cmp -s perfsort by && grep -q spin_sixty by &&
	pass "--sort comm,dso,sym is --by comm,dso,function" || fail "--sort comm,dso,sym: $(cat err)"
"$CPROF" report -w 0 --sort pid,tid,sym in.folded 2> err | grep -q 'Process *Thread *Function' &&
	pass "--sort pid,tid,sym names the columns" || fail "--sort pid,tid,sym: $(cat err)"
check_refused "--sort bogus" "unknown sort key 'bogus' (self or cum, or perf's comm, dso, sym" \
	report --sort dso,bogus in.folded

# perf's files: exit 2, one line naming the command that converts them
check_perf_file() { # WHAT FILE
	"$CPROF" report "$2" > out 2> err
	st=$?
	if [ $st -eq 2 ] && [ "$(wc -l < err)" -eq 1 ] && [ ! -s out ] &&
		grep -q "^cprof: $2: $1, which cprof does not read yet; .*: perf script report stackcollapse -i perf.data > perf.folded\$" err; then
		pass "report of $1"
	else
		fail "report of $1: exit $st: $(cat err)"
	fi
}
# the header of 'perf record -o perf.data -- true' (perf 6.1)
cp "$top_srcdir/tests/data/perf/true.perf.data.header" perf.data
check_perf_file "a perf recording" perf.data
rm perf.data
cp "$top_srcdir/tests/data/perf/calltree-g.perf-script" g.txt
check_perf_file "perf script output" g.txt
cp "$top_srcdir/tests/data/perf/calltree.perf-script" nog.txt
check_perf_file "perf script output" nog.txt
"$CPROF" flamegraph - < g.txt > out 2> err
[ $? -eq 2 ] && grep -q '^cprof: standard input: perf script output' err &&
	pass "flamegraph of perf script output on stdin" || fail "flamegraph - < perf script: $(cat err)"

# with perf itself: a real perf.data, its perf script output, and the named command
if ! command -v perf > /dev/null 2>&1; then
	echo "skip: perf is not installed: no real perf.data"
elif ! perf record -q -g -o perf.data -- "$W/calltree" 1 > /dev/null 2> perf.err; then
	echo "skip: perf record failed: $(head -n 1 perf.err)"
else
	perf script -i perf.data > perf.txt 2> /dev/null
	"$CPROF" report perf.txt > out 2> err
	[ $? -eq 2 ] && grep -q "^cprof: perf.txt: perf script output" err &&
		pass "perf script output of perf record -g" || fail "perf script output: $(cat err)"
	"$CPROF" report perf.data > out 2> err
	st=$?
	convert=$(sed -n 's/.*which cprof reads: //p' err)
	if [ $st -ne 2 ] || [ -z "$convert" ]; then
		fail "report perf.data: exit $st: $(cat err)"
	elif ! perf script -l 2> /dev/null | grep -q '^ *stackcollapse '; then
		echo "skip: this perf has no stackcollapse script (no Python): cannot run '$convert'"
	elif sh -c "$convert" 2> conv.err && "$CPROF" report perf.folded 2> err | grep -q spin_sixty; then
		pass "the command named for perf.data works: $convert"
	else
		fail "'$convert' then cprof report perf.folded: $(cat conv.err err)"
	fi
fi
finish
