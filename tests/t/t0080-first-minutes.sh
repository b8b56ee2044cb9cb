#!/bin/sh
# A perf or pprof user's first minutes: pprof's single-dash options get a
# hint naming what cprof takes (and that command works), an unknown option
# in a cluster is named, not the command.
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
finish
