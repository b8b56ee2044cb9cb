#!/bin/sh
# perf's habits in cprof record: a bare -g means the default call graph
# (before -o or --), "-g MODE" still works, -c PERIOD samples every PERIOD
# events, and -d in launch mode ends the launched command's whole process
# tree, so a shell's background jobs do not outlive the recording.
. "$top_srcdir/tests/t/lib.sh"
require_perf

"$CPROF" record -q -g -- "$W/calltree" 1 > /dev/null 2>&1 && [ -s cprof.data ] &&
	pass "record -g -- CMD" || fail "record -g -- CMD"
"$CPROF" record -q -g -o g.data -- "$W/calltree" 1 > /dev/null 2>&1 && [ -s g.data ] &&
	pass "record -g -o FILE -- CMD" || fail "record -g -o FILE -- CMD"
"$CPROF" report g.data 2> err | grep -q spin && pass "report of -g recording" ||
	fail "report of -g recording: $(cat err)"
"$CPROF" record -q -g fp -o fp.data -- "$W/calltree" 1 > /dev/null 2>&1 && [ -s fp.data ] &&
	pass "record -g fp" || fail "record -g fp"
"$CPROF" record -q --call-graph dwarf,8192 -o cg.data -- "$W/calltree" 1 > /dev/null 2>&1 &&
	[ -s cg.data ] && pass "record --call-graph MODE" || fail "record --call-graph MODE"

# -c: cpu-clock counts nanoseconds, so every 1 ms gives about 1000 samples a second
"$CPROF" record -c 1000000 -o c.data -- "$W/calltree" 1 > /dev/null 2> err
st=$?
if [ "$st" -ne 0 ]; then
	fail "record -c: exit $st: $(cat err)"
elif grep -q 'every 1000000 events' err; then
	pass "record -c PERIOD"
else
	fail "record -c: summary lacks the period: $(cat err)"
fi
"$CPROF" report -i c.data -n 1 2> err | grep -q '^# event: .*every 1000000 events' &&
	pass "report header names the period" || fail "report header: $(head -3 err)"
"$CPROF" pprof -i c.data -o c.pb 2> err && "$CPROF" report -i c.pb --format json -n 1 > c.json 2> err &&
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["frequency"] is None, d' c.json &&
	pass "a period recording claims no frequency" || fail "period recording json: $(cat err)"
"$CPROF" record -c 0 -- true > out 2> err
[ $? -eq 64 ] && pass "record -c 0 refused" || fail "record -c 0: $(cat err)"

# -d ends the whole tree: no 'sleep 3171' left behind
"$CPROF" record -q -d 1 -o d.data -- sh -c 'sleep 3171 & sleep 3171; wait' > /dev/null 2>&1
i=0
while pgrep -f 'sleep 3171' > /dev/null && [ $i -lt 20 ]; do
	sleep 0.1
	i=$((i + 1))
done
if pgrep -f 'sleep 3171' > /dev/null; then
	fail "-d left a grandchild behind"
	kill $(pgrep -f 'sleep 3171') 2> /dev/null # only this test's own sleeps
else
	pass "-d ends the launched process tree"
fi
finish
