#!/bin/sh
# An empty input file is an error of its own (exit 2, "FILE: empty file,
# not a recording"), for every command that reads one, not an empty
# report. A recording with no samples (`cprof record -- true`) says so:
# record warns and --strict fails it, report prints a warning line and
# no shares (no 100%), its JSON carries the warning, diff warns.
. "$top_srcdir/tests/t/lib.sh"
require_perf

: > empty.data
# expect_empty NAME CMD...: exit 2, the one line naming the file, nothing on stdout
expect_empty() {
	name=$1
	shift
	"$@" > out 2> err
	st=$?
	[ "$st" -eq 2 ] || fail "$name: exit $st, not 2"
	[ "$(cat err)" = "cprof: empty.data: empty file, not a recording" ] ||
		fail "$name: stderr: $(cat err)"
	[ -s out ] && fail "$name: printed: $(head -3 out)"
}
expect_empty report "$CPROF" report -i empty.data
expect_empty report-json "$CPROF" report --format json -i empty.data
expect_empty flamegraph "$CPROF" flamegraph -i empty.data -o fg.svg
[ -e fg.svg ] && fail "flamegraph wrote fg.svg from an empty file"
expect_empty collapse "$CPROF" collapse -i empty.data
expect_empty pprof "$CPROF" pprof -i empty.data -o p.pb.gz
[ -e p.pb.gz ] && fail "pprof wrote p.pb.gz from an empty file"
expect_empty info "$CPROF" info empty.data
expect_empty annotate "$CPROF" annotate -i empty.data main
expect_empty "diff (before)" "$CPROF" diff empty.data empty.data
"$CPROF" record -q -o some.data -- "$W/calltree" 1 || fail "record exited $?"
expect_empty "diff (after)" "$CPROF" diff some.data empty.data
"$CPROF" report - < empty.data > out 2> err
[ $? -eq 2 ] && grep -q 'standard input is empty, not a recording' err ||
	fail "report of an empty standard input: $(cat err)"
[ "$failures" -eq 0 ] && pass "an empty file is an error for every command"

# a recording with no samples: try a few times, `true` is usually too short
for i in 1 2 3 4 5; do
	"$CPROF" record -o none.data -- true 2> rec.err || fail "record exited $?"
	[ "$("$CPROF" info --format json none.data | python3 -c 'import json,sys; print(json.load(sys.stdin)["samples"])' 2>/dev/null)" = 0 ] && break
	rm -f none.data
done
if [ ! -f none.data ]; then
	echo "# 'true' was sampled every time: the no-sample checks are not run"
	finish
fi
grep -q 'warning: no samples were recorded' rec.err || fail "record does not warn: $(cat rec.err)"
"$CPROF" record -q --strict -o none2.data -- true 2> strict.err
st=$?
if "$CPROF" info none2.data | grep -q '^samples  *0$'; then
	[ "$st" -eq 1 ] && grep -q 'poor (--strict)' strict.err && pass "record --strict fails a recording with no samples" ||
		fail "record --strict of no samples exited $st: $(cat strict.err)"
fi
"$CPROF" info none.data > info.out || fail "info exited $?"
grep -q 'warning: no samples were recorded' info.out && ! grep -q '100\.0%' info.out ||
	fail "info of no samples: $(sed -n '/health/,$p' info.out)"
for view in "" "--by pid" "--tree" "--hotspots"; do
	# shellcheck disable=SC2086
	"$CPROF" report -i none.data $view > rep.out 2> rep.err || fail "report $view exited $?"
	grep -q '^# warning:  the profile holds no samples$' rep.out ||
		fail "report $view: no warning line: $(cat rep.out)"
	grep -q "holds no samples" rep.err || fail "report $view: no warning on stderr"
	grep -q '100\.0\|nan' rep.out && fail "report $view shows shares of nothing: $(cat rep.out)"
done
"$CPROF" report --format json -i none.data > rep.json 2> /dev/null || fail "report --format json exited $?"
python3 - rep.json << 'EOP' || fail "JSON of no samples: $(cat rep.json)"
import json, sys
doc = json.load(open(sys.argv[1]))
sys.exit(0 if doc["rows"] == [] and "the profile holds no samples" in doc["warnings"] else 1)
EOP
"$CPROF" diff some.data none.data > diff.out 2> diff.err || fail "diff exited $?"
grep -q '^# warning:  none.data holds no samples$' diff.out || fail "diff does not warn: $(head -6 diff.out)"
[ "$failures" -eq 0 ] && pass "a recording with no samples says so"
finish
