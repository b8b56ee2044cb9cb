#!/bin/sh
# JIT code: frames in anonymous executable memory are named from the
# process's /tmp/perf-PID.map, as perf names them, and the names are
# stored in the recording, since those files vanish. A fake JIT built
# here (x86_64 bytes copied into an anonymous page), and node with
# --perf-basic-prof, whose JavaScript function names must appear.
. "$top_srcdir/tests/t/lib.sh"
require_perf

[ "$(uname -m)" = x86_64 ] || skip_all "the fake JIT writes x86_64 code"
pids=""
# the maps the workloads leave in /tmp
cleanup_maps() {
	for p in $pids; do
		rm -f "/tmp/perf-$p.map"
	done
	rm -rf "$SCRATCH"
}
trap cleanup_maps EXIT

${CC:-cc} -O1 -fno-omit-frame-pointer -o fakejit "$top_srcdir/tests/data/jit/fakejit.c" 2> cc.err ||
	{ fail "cc: $(cat cc.err)"; finish; }

# ---- the fake JIT: named, with a large share, after its map is gone ----
"$CPROF" record -g fp -o jit.data -- ./fakejit 1 jit.pid > /dev/null 2> record.err ||
	fail "record exited $?: $(cat record.err)"
jpid=$(cat jit.pid 2> /dev/null)
pids="$pids $jpid"
[ -n "$jpid" ] && [ -s "/tmp/perf-$jpid.map" ] || fail "the fake JIT wrote no /tmp/perf-$jpid.map"
rm -f "/tmp/perf-$jpid.map"
report_rows -i jit.data > jit.rows 2> report.err || fail "report exited $?: $(cat report.err)"
share=$(self_pct jit_hot_loop jit.rows)
within "$share" 50 100 && pass "jit_hot_loop has $share% self, read from the recording after its map was deleted" ||
	fail "jit_hot_loop has $share% self (expected >= 50): $(head -5 jit.rows)"
# the stale entry the hot loop's overlaps, and the line before it, name nothing sampled
grep -q 'jit_stale_page\|not a symbol' jit.rows &&
	fail "an overlapped or garbage map entry named a frame: $(grep 'jit_stale_page\|not a symbol' jit.rows)"
# fp unwinding from the jitted code goes on to the C runtime (main
# itself is skipped: the leaf pushes no frame, as with any such leaf)
rooted=$("$CPROF" info jit.data | sed -n 's/.*stacks reaching a root frame: *\([0-9]*\).*/\1/p')
within "${rooted:-0}" 50 100 && pass "$rooted% of stacks through the JIT frames reach a root" ||
	fail "only ${rooted:-?}% of stacks reach a root: $(head -8 jit.rows)"
# the names reach the other outputs too
"$CPROF" collapse -i jit.data > jit.folded 2> /dev/null && grep -q 'jit_hot_loop' jit.folded &&
	pass "collapse shows jit_hot_loop" || fail "collapse lacks jit_hot_loop: $(head -3 jit.folded)"
"$CPROF" flamegraph -i jit.data -o jit.svg 2> /dev/null && grep -q 'jit_hot_loop' jit.svg &&
	pass "flamegraph shows jit_hot_loop" || fail "flamegraph lacks jit_hot_loop"
"$CPROF" pprof -i jit.data -o jit.pb.gz 2> /dev/null && "$CPROF" report -i jit.pb.gz -w 0 -n 5 |
	grep -q jit_hot_loop && pass "pprof output keeps jit_hot_loop" || fail "pprof output lacks jit_hot_loop"

# ---- -g dwarf: the JIT code has no CFI, its frame is still named ----
"$CPROF" record -q -g dwarf -o dwarf.data -- ./fakejit 1 dwarf.pid > /dev/null 2> dwarf.err ||
	fail "record -g dwarf exited $?: $(cat dwarf.err)"
pids="$pids $(cat dwarf.pid 2> /dev/null)"
rm -f "/tmp/perf-$(cat dwarf.pid 2> /dev/null).map"
share=$(report_rows -i dwarf.data > dwarf.rows && self_pct jit_hot_loop dwarf.rows)
within "$share" 50 100 && pass "-g dwarf: jit_hot_loop has $share% self" ||
	fail "-g dwarf: jit_hot_loop has $share% self: $(head -5 dwarf.rows)"

# ---- a process tree: each process is named from its own map ----
"$CPROF" record -q -g fp -o tree.data -- sh -c './fakejit 1 tree1.pid jit_first_child &
./fakejit 1 tree2.pid jit_second_child; wait' > /dev/null 2> tree.err || fail "record (tree) exited $?: $(cat tree.err)"
pids="$pids $(cat tree1.pid tree2.pid 2> /dev/null)"
report_rows -i tree.data > tree.rows
for f in jit_first_child jit_second_child; do
	share=$(self_pct $f tree.rows)
	within "$share" 20 100 && pass "process tree: $f has $share% self" ||
		fail "process tree: $f has $share% self: $(head -5 tree.rows)"
done

# ---- no map by the end: the frames stay anonymous, and record says why ----
"$CPROF" record -g fp -o nomap.data -- sh -c './fakejit 0.5 nomap.pid; rm -f "/tmp/perf-$(cat nomap.pid).map"' \
	> /dev/null 2> nomap.err || fail "record (map removed) exited $?: $(cat nomap.err)"
pids="$pids $(cat nomap.pid 2> /dev/null)"
report_rows -i nomap.data | grep -q ' anon+0x[0-9a-f]* ' && pass "without a map, JIT frames are anon+0xADDRESS" ||
	fail "without a map: $(report_rows -i nomap.data | head -3)"
grep -q 'hint: code in //anon is a JIT.s' nomap.err && pass "record hints at /tmp/perf-PID.map" ||
	fail "no hint about perf maps: $(cat nomap.err)"

# ---- a recording cut short is named at report time, from the map still there ----
"$CPROF" record -q -g fp -o cut.data -- ./fakejit 30 cut.pid > /dev/null 2>&1 &
rpid=$!
i=0
while [ ! -s cut.pid ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
sleep 1.5
kill -9 "$rpid"
wait "$rpid" 2> /dev/null
cpid=$(cat cut.pid 2> /dev/null)
pids="$pids $cpid"
[ -n "$cpid" ] && kill "$cpid" 2> /dev/null
report_rows -i cut.data > cut.rows 2> cut.err
share=$(self_pct jit_hot_loop cut.rows)
within "$share" 50 100 && pass "cut short: jit_hot_loop has $share% self, from /tmp/perf-$cpid.map at report time" ||
	fail "cut short: jit_hot_loop has $share% self: $(head -5 cut.rows) $(cat cut.err)"
# a map that another user owns is not read (anyone can write to /tmp)
if [ "$(id -u)" = 0 ] && chown 65534 "/tmp/perf-$cpid.map" 2> /dev/null; then
	report_rows -i cut.data > foreign.rows 2> foreign.err
	grep -q jit_hot_loop foreign.rows && fail "a perf map owned by uid 65534 was read" ||
		pass "a perf map owned by another user is ignored"
	grep -q "warning: JIT frames left unnamed: /tmp/perf-$cpid.map: not owned" foreign.err &&
		pass "... with a warning that names it" || fail "no warning for the foreign map: $(cat foreign.err)"
fi

# ---- attached with -p: the JIT's anonymous code is found in /proc/PID/maps ----
# wait_pidfile FILE: until the workload has written its pid (at most 5 s)
wait_pidfile() {
	i=0
	while [ ! -s "$1" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
./fakejit 4 att.pid &
wpid=$!
pids="$pids $wpid"
wait_pidfile att.pid
"$CPROF" record -q -g fp -p "$wpid" -d 1.5 -o att.data 2> att.err || fail "record -p exited $?: $(cat att.err)"
wait "$wpid"
share=$(report_rows -i att.data > att.rows && self_pct jit_hot_loop att.rows)
within "$share" 50 100 && pass "attached: jit_hot_loop has $share% self" ||
	fail "attached: jit_hot_loop has $share% self: $(head -5 att.rows)"

# ---- in a pid namespace: the map is /proc/PID/root/tmp/perf-NSPID.map ----
# A static fake JIT chrooted into a root of its own, so that its
# /tmp/perf-1.map is not the one of a fake JIT run elsewhere at the same time.
if ${CC:-cc} -O1 -fno-omit-frame-pointer -static -o fakejit.static \
	"$top_srcdir/tests/data/jit/fakejit.c" 2> /dev/null && mkdir -p nsroot/tmp &&
	cp fakejit.static nsroot/fakejit && unshare -p -f chroot nsroot /fakejit 0 2> /dev/null; then
	unshare -p -f chroot nsroot /fakejit 4 /ns.pid &
	upid=$!
	wait_pidfile nsroot/ns.pid
	hpid=$(cat "/proc/$upid/task/$upid/children" 2> /dev/null | tr -d ' ')
	if [ "$(cat nsroot/ns.pid)" = 1 ] && [ -n "$hpid" ]; then
		"$CPROF" record -q -g fp -p "$hpid" -d 1.5 -o ns.data 2> ns.err ||
			fail "record -p (pid namespace) exited $?: $(cat ns.err)"
		share=$(report_rows -i ns.data > ns.rows && self_pct jit_hot_loop ns.rows)
		within "$share" 50 100 &&
			pass "pid namespace: jit_hot_loop (pid $hpid, 1 inside) has $share% self" ||
			fail "pid namespace: jit_hot_loop has $share% self: $(head -5 ns.rows) $(cat ns.err)"
	else
		fail "the namespaced fake JIT did not start (pid '$(cat nsroot/ns.pid)', host pid '$hpid')"
	fi
	wait "$upid"
	# launched: the process has exited by the end; its root was kept open
	rm -f nsroot/tmp/perf-1.map
	"$CPROF" record -q -g fp -o ns2.data -- unshare -p -f chroot nsroot /fakejit 1 2> ns2.err ||
		fail "record (pid namespace, launched) exited $?: $(cat ns2.err)"
	share=$(report_rows -i ns2.data > ns2.rows && self_pct jit_hot_loop ns2.rows)
	within "$share" 50 100 &&
		pass "pid namespace, launched: jit_hot_loop has $share% self after the process exited" ||
		fail "pid namespace, launched: jit_hot_loop has $share% self: $(head -5 ns2.rows) $(cat ns2.err)"
else
	echo "SKIP: $TEST_NAME: pid namespace part: no static libc, or unshare -p or chroot not permitted" >&2
fi

# ---- node --perf-basic-prof: JavaScript function names ----
if ! command -v node > /dev/null 2>&1; then
	[ "${CPROF_REQUIRE_PERF:-0}" = 1 ] && { echo "FAIL: $TEST_NAME: node is required here" >&2; exit 1; }
	echo "SKIP: $TEST_NAME: node part: no node" >&2
	finish
fi
cat > work.js << 'JS'
require("fs").writeFileSync("node.pid", String(process.pid));
function workLoop(n) {
	let s = 0;
	for (let i = 0; i < n; i++)
		s = (s + i * i) % 1000003;
	return s;
}
const end = Date.now() + 1500;
let t = 0;
while (Date.now() < end)
	t += workLoop(100000);
console.log(t > 0 ? "done" : "none");
JS
"$CPROF" record -o node.data -- node --perf-basic-prof work.js > /dev/null 2> node.err ||
	fail "record node exited $?: $(cat node.err)"
npid=$(cat node.pid 2> /dev/null)
pids="$pids $npid"
# node names optimised code "JS:*workLoop FILE:LINE:COL" (older ones "LazyCompile:*workLoop")
grep -q 'workLoop' "/tmp/perf-$npid.map" 2> /dev/null || fail "node wrote no workLoop into /tmp/perf-$npid.map"
rm -f "/tmp/perf-$npid.map"
report_rows -i node.data > node.rows
js=$(awk '$4 ~ /^(JS|LazyCompile):[*~^]?workLoop$/ { s += $1 } END { print s + 0 }' node.rows)
within "$js" 30 100 && pass "node: JavaScript workLoop has $js% self ($(grep -m1 workLoop node.rows | awk '{ print $4 }'))" ||
	fail "node: workLoop has $js% self: $(head -8 node.rows)"

# perf, reading the same kind of map, names the same function
if command -v perf > /dev/null 2>&1 &&
	perf record -q -o perf.data -- node --perf-basic-prof work.js > /dev/null 2>&1; then
	pids="$pids $(cat node.pid 2> /dev/null)"
	if perf report -i perf.data --stdio --no-children 2> /dev/null | grep -q 'workLoop'; then
		pass "perf names workLoop too"
	else
		echo "note: perf report did not name workLoop" >&2
	fi
fi
finish
