#!/bin/sh
# Separate debug info: a stripped binary gets names and lines from a
# .gnu_debuglink file beside it, and, with DEBUGINFOD_URLS set, from a
# real debuginfod server on 127.0.0.1 found by build-id.
. "$top_srcdir/tests/t/lib.sh"
require_perf

cp "$W/calltree" ct
objcopy --only-keep-debug ct ct.debug || fail "objcopy failed"
strip -s ct -o ct.bare
objcopy --add-gnu-debuglink=ct.debug ct.bare ct.linked

# without debug info: no names for the program's own functions
"$CPROF" record -q -o bare.data -- ./ct.bare 0.5 2> /dev/null || fail "record exited $?"
report_rows -i bare.data > bare.rows
grep -q 'spin_sixty' bare.rows && fail "a fully stripped binary still has names?"
grep -q '^ *[0-9.]* *[0-9.]* *[0-9]* *ct.bare+0x' bare.rows && pass "stripped: file+offset frames" ||
	fail "stripped binary frames not shown as file+offset: $(head -3 bare.rows)"

# .gnu_debuglink
"$CPROF" record -q -o linked.data -- ./ct.linked 0.5 2> /dev/null || fail "record exited $?"
report_rows -i linked.data > linked.rows
grep -q 'spin_sixty *calltree\.c:[0-9]' linked.rows && pass "debuglink: names and lines" ||
	fail "debuglink: no spin_sixty calltree.c: $(head -3 linked.rows)"

# debuginfod, when configured
if ! command -v debuginfod > /dev/null || ! command -v curl > /dev/null; then
	[ "${CPROF_REQUIRE_PERF:-0}" = 1 ] && fail "debuginfod and curl are needed here"
	finish
fi
mkdir srv
cp ct.debug srv/
port=$((20000 + $$ % 20000))
debuginfod -p "$port" -d "$SCRATCH/db.sqlite" -F "$SCRATCH/srv" > debuginfod.log 2>&1 &
dpid=$!
trap 'kill $dpid 2>/dev/null; rm -rf "$SCRATCH"' EXIT
id=$(readelf -n ct.bare | awk '/Build ID/ { print $3 }')
i=0
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/buildid/$id/debuginfo")" = 200 ]; do
	i=$((i + 1))
	[ "$i" -lt 100 ] || { fail "debuginfod did not serve $id: $(cat debuginfod.log)"; finish; }
	sleep 0.1
done
DEBUGINFOD_URLS="http://127.0.0.1:$port" DEBUGINFOD_CACHE_PATH="$SCRATCH/cache" \
	"$CPROF" record -q -o dbgd.data -- ./ct.bare 0.5 2> /dev/null || fail "record exited $?"
report_rows -i dbgd.data > dbgd.rows
grep -q 'spin_sixty *calltree\.c:[0-9]' dbgd.rows && pass "debuginfod: names and lines" ||
	fail "debuginfod: no spin_sixty calltree.c: $(head -3 dbgd.rows)"
finish
