#!/bin/sh
# -a profiles every process on the machine: two unrelated programs that
# cprof did not start (the spinner workload and Debian's python3) are
# both there, by comm and by pid, symbolized, with as many samples as
# their CPU time over the recording says (as perf record -a has); a program that starts during the recording and
# exits before its end still has its name and its symbols. Each process's
# cgroup, and the container id in a path shaped as Docker's, shows in
# report --by cgroup. -C restricts the CPUs.
. "$top_srcdir/tests/t/lib.sh"
require_perf
PY=$(command -v python3) || skip_all "no python3"

"$W/spinner" 12 > spinner.pid &
spid=$!
# a cgroup as Docker names one, for the spinner: v2, else systemd's v1 hierarchy
ID=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
cg=
for root in /sys/fs/cgroup /sys/fs/cgroup/systemd; do
	[ -w "$root/cgroup.procs" ] || continue
	dir="$root/cprof-t0099-$$/docker-$ID.scope"
	mkdir -p "$dir" 2> /dev/null && echo "$spid" > "$dir/cgroup.procs" 2> /dev/null &&
		cg="/cprof-t0099-$$/docker-$ID.scope" && break
	rmdir "$dir" "$root/cprof-t0099-$$" 2> /dev/null
done
"$PY" -c 'import time
def py_spin():
    t = time.time()
    while time.time() - t < 12:
        pass
py_spin()' &
ppid=$!
sleep 0.7

# CPU time of a process so far, in clock ticks (utime + stime of /proc/PID/stat)
ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)
s0=$(ticks "$spid") p0=$(ticks "$ppid")
"$CPROF" record -a -F 199 -d 3 -o a.data > /dev/null 2> a.err &
rpid=$!
# a program that starts once the recording runs, and is gone before its end
for i in $(seq 50); do [ -s a.data ] && break; sleep 0.1; done
sleep 0.3
"$W/calltree" 0.6 2> /dev/null
wait "$rpid" || fail "record -a exited $?: $(cat a.err)"
s1=$(ticks "$spid") p1=$(ticks "$ppid")
# perf record -a just after, while both still run; its command reads the
# CPU times where perf samples (-B: perf 6.1 can abort collecting the
# build-ids of processes that exited)
perf record -q -a -B -F 199 -o perf.data -- sh -c "cat /proc/$spid/stat /proc/$ppid/stat > st0
	sleep 2; cat /proc/$spid/stat /proc/$ppid/stat > st1" > /dev/null 2>&1
t_() { sed -n "$2p" "$1" | awk '{ sub(/^.*\) /, ""); print $12 + $13 }'; }
perf script -i perf.data -F pid 2> /dev/null > perf.pids
"$CPROF" report -i a.data --by comm -w 0 -n 0 > comm.rows || fail "report --by comm exited $?"
"$CPROF" report -i a.data --by pid -w 0 -n 0 > pid.rows || fail "report --by pid exited $?"
report_rows -i a.data > fn.rows

grep -q '^# command:  (system-wide)' comm.rows || fail "header: $(head -3 comm.rows)"
"$CPROF" info a.data | grep -q '^mode  *system' && pass "mode system" || fail "info: no mode system"
comm_pct() { awk -v c="$1" '!/^#/ && $4 == c { print $1; exit }' "$2"; }
# samples of a process beside its CPU time: at 199 Hz, 199 a CPU second,
# however busy the machine is otherwise (the bounds allow for the ticks'
# 10 ms grain and the recorder's start and end)
check_samples() { # NAME SAMPLES TICKS0 TICKS1
	want=$(awk -v a="$3" -v b="$4" -v hz="$HZ" 'BEGIN { printf "%d", (b - a) / hz * 199 }')
	check_within "$1: $2 samples for $want expected from its CPU time" "${2:-0}" \
		"$(awk -v w="$want" 'BEGIN { print int(w * 0.75) - 5 }')" \
		"$(awk -v w="$want" 'BEGIN { print int(w * 1.25) + 5 }')"
}
s=$(awk -v c="$spid:spinner" '!/^#/ && $4 == c { print $3; exit }' pid.rows)
p=$(awk -v c="$ppid:" '!/^#/ && index($4, c) == 1 { print $3; exit }' pid.rows)
check_samples "the spinner (two threads)" "$s" "$s0" "$s1"
check_samples "python3" "$p" "$p0" "$p1"
[ -n "$(comm_pct spinner comm.rows)" ] && [ -n "$(comm_pct spin-late comm.rows)" ] &&
	pass "--by comm names both spinner threads" || fail "--by comm: $(head -12 comm.rows)"
grep -q ' spinner_loop ' fn.rows && pass "spinner symbolized" || fail "no spinner_loop: $(head fn.rows)"
grep -q ' _PyEval_EvalFrameDefault ' fn.rows && pass "python3 symbolized" ||
	fail "no _PyEval_EvalFrameDefault: $(head fn.rows)"
# the late, short program: named and symbolized though gone before the end
[ -n "$(comm_pct calltree comm.rows)" ] && pass "a process that came and went is named" ||
	fail "calltree missing by comm: $(head -12 comm.rows)"
grep -q ' spin_sixty ' fn.rows && pass "... and symbolized" || fail "no spin_sixty: $(grep calltree fn.rows)"

if [ -n "$cg" ]; then
	"$CPROF" report -i a.data --by cgroup -w 0 -n 0 > cg.rows || fail "report --by cgroup exited $?"
	grep -q " container:0123456789ab $cg\$" cg.rows && pass "--by cgroup shows the container" ||
		fail "--by cgroup lacks $cg: $(cat cg.rows)"
	"$CPROF" report -i a.data --by cgroup,comm --json -n 0 > cg.json
	python3 - "$cg" cg.json <<'PY' && pass "--by cgroup,comm: the spinner's threads in it, nothing else" ||
import json, sys
rows = json.load(open(sys.argv[2]))["rows"]
inside = sorted(r["comm"] for r in rows if r["cgroup"] == sys.argv[1])
ok = inside == ["spin-late", "spinner"] and all(
    r["container"] == "0123456789abcdef" * 4 for r in rows if r["cgroup"] == sys.argv[1])
sys.exit(0 if ok else "in the group: %s" % inside)
PY
		fail "--by cgroup,comm: $(cat cg.json | head -40)"
	# pprof carries them as labels, as go tool pprof -tags shows
	if command -v go > /dev/null; then
		"$CPROF" pprof -i a.data -o a.pb.gz || fail "pprof exited $?"
		go tool pprof -tags a.pb.gz > tags 2> /dev/null
		grep -q "): $cg\$" tags && grep -q "): $ID\$" tags &&
			pass "go tool pprof -tags: the cgroup and the container" ||
			fail "go tool pprof -tags: $(head -20 tags)"
	fi
else
	echo "note: no cgroup hierarchy to create a group in: --by cgroup not checked"
	[ "${CPROF_REQUIRE_PERF:-0}" = 1 ] && [ "$(id -u)" = 0 ] &&
		fail "as root, no cgroup could be created in /sys/fs/cgroup"
fi

# perf record -a by the same measure: its samples of each process
perf_samples() { awk -v p="$1" '$1 == p { n++ } END { if (n) print n }' perf.pids; }
ps_=$(perf_samples "$spid")
pp_=$(perf_samples "$ppid")
if [ -n "$ps_" ] && [ -n "$pp_" ]; then
	check_samples "perf: the spinner" "$ps_" "$(t_ st0 1)" "$(t_ st1 1)"
	check_samples "perf: python3" "$pp_" "$(t_ st0 2)" "$(t_ st1 2)"
else
	fail "perf script -F pid has no spinner or python3 samples: $(sort perf.pids | uniq -c | sort -nr | head)"
fi

# -C: one CPU
"$CPROF" record -q -C 0 -F 199 -d 1 -o c.data > /dev/null 2> c.err || fail "record -C 0 exited $?: $(cat c.err)"
n=$("$CPROF" info --json c.data | sed -n 's/.*"samples": *\([0-9]*\).*/\1/p' | head -1)
check_within "-C 0: samples in 1 s at 199 Hz" "${n:-0}" 100 260
"$CPROF" record -C 4096 -d 1 -o x.data > /dev/null 2> x.err
[ $? -eq 64 ] && pass "-C 4096 refused" || fail "-C 4096: $(cat x.err)"
"$CPROF" record -a -p "$spid" -d 1 2> x.err
[ $? -eq 64 ] && pass "-a with -p refused" || fail "-a -p: $(cat x.err)"

kill "$spid" "$ppid" 2> /dev/null
wait
if [ -n "$cg" ]; then
	rmdir "$dir" 2> /dev/null
	rmdir "$(dirname "$dir")" 2> /dev/null
fi
finish
