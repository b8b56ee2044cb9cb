#!/bin/sh
# --switch-output by time, size and signal: segments named
# FILE.YYYYmmddHHMMSSmmm as perf names them, none left at FILE.part, each
# a complete symbolized recording that reads alone; their samples add up
# to the recording's total and their sample times do not overlap (none
# lost or counted twice at a boundary). Retention (--switch-max-files,
# --max-total-size, --max-age) removes only this recording's oldest
# segments. --duty: samples only inside the windows.
. "$top_srcdir/tests/t/lib.sh"
require_perf
command -v python3 > /dev/null || skip_all "no python3"

# segments FILE: the segment files of FILE, oldest first
segments() {
	ls "$1".* 2> /dev/null | grep -E "^$1\\.[0-9]{17}\$" | sort
}

# check_segments NAME FILE ERRFILE MIN: at least MIN segments; each reads
# alone and shows the workload; totals add up; times do not overlap
check_segments() {
	name=$1 file=$2 err=$3 min=$4
	total=$(sed -n 's/^cprof: \([0-9]*\) samples in .*/\1/p' "$err")
	n=$(segments "$file" | wc -l)
	[ -e "$file.part" ] && fail "$name: $file.part left behind"
	[ -e "$file" ] && fail "$name: a plain $file was written too"
	if [ "$n" -lt "$min" ]; then
		fail "$name: $n segments, expected at least $min: $(ls "$file"* | tr '\n' ' ')"
		return
	fi
	for seg in $(segments "$file"); do
		"$CPROF" info --json "$seg" > "$seg.json" 2> "$seg.err" ||
			fail "$name: info $seg exited $?: $(cat "$seg.err")"
		report_rows -i "$seg" > "$seg.rows" || fail "$name: report $seg exited $?"
		grep -q ' spinner_loop ' "$seg.rows" || fail "$name: $seg alone does not name spinner_loop"
	done
	jsons=$(segments "$file" | sed 's/$/.json/')
	# shellcheck disable=SC2086
	python3 - "$total" $jsons > "$name.check" 2>&1 <<'PY' || { fail "$name: $(cat "$name.check")"; return; }
import json, sys
total = int(sys.argv[1])
segs = [json.load(open(f)) for f in sys.argv[2:]]
bad = [s["input"] for s in segs if not s["complete"] or s["truncated"]]
if bad:
    sys.exit("incomplete segments: %s" % bad)
n = sum(s["samples"] for s in segs)
if n != total:
    sys.exit("segments hold %d samples, the recording %d" % (n, total))
idx = [int(s["metadata"].get("segment", "-1")) for s in segs]
if idx != list(range(len(segs))):
    sys.exit("segment numbers %s" % idx)
spans = [(s["first_sample_ns"], s["last_sample_ns"]) for s in segs if s["samples"]]
for a, b in zip(spans, spans[1:]):
    if a[1] >= b[0]:
        sys.exit("sample times overlap: %s then %s" % (a, b))
print("%d segments, %d samples" % (len(segs), n))
PY
	pass "$name: $(cat "$name.check")"
}

# by time: about four segments of 0.7 s
"$CPROF" record -F 499 --switch-output=700ms -o t.data -- "$W/spinner" 3 > /dev/null 2> t.err ||
	fail "by time: record exited $?: $(cat t.err)"
check_segments "by time" t.data t.err 3
grep -q "^cprof: wrote t\.data\.[0-9]\{17\} (" t.err || fail "by time: no line per segment: $(cat t.err)"

# by size: several segments of about 16 KiB (a loaded machine gives fewer samples)
"$CPROF" record -F 999 --switch-output=16K -o s.data -- "$W/spinner" 3 > /dev/null 2> s.err ||
	fail "by size: record exited $?: $(cat s.err)"
check_segments "by size" s.data s.err 2

# by signal: SIGUSR2 twice during the run, then the last segment at exit
"$CPROF" record -F 499 --switch-output -o g.data -- "$W/spinner" 3 > /dev/null 2> g.err &
rpid=$!
sleep 1
kill -USR2 "$rpid"
sleep 1
kill -USR2 "$rpid"
wait "$rpid" || fail "by signal: record exited $?: $(cat g.err)"
check_segments "by signal" g.data g.err 3
n=$(segments g.data | wc -l)
[ "$n" -eq 3 ] && pass "by signal: 3 segments" || fail "by signal: $n segments, expected 3"

# retention: only the newest 2 are kept, and a file cprof did not write stays
: > k.data.20200101000000000
"$CPROF" record -q -F 199 --switch-output=300ms --switch-max-files 2 -o k.data -- \
	"$W/spinner" 2 > /dev/null 2> k.err || fail "max files: record exited $?: $(cat k.err)"
n=$(segments k.data | grep -vc 20200101000000000)
[ "$n" -eq 2 ] && pass "--switch-max-files 2 keeps 2" || fail "--switch-max-files 2 kept $n"
[ -e k.data.20200101000000000 ] && pass "a foreign segment name survives" ||
	fail "retention removed a file it did not write"

# by total size: segments of ~32 KiB, at most 100 KiB kept
"$CPROF" record -q -F 999 --switch-output=32K --max-total-size 100K -o z.data -- \
	"$W/spinner" 3 > /dev/null 2> z.err || fail "max total size: record exited $?: $(cat z.err)"
size=$(cat $(segments z.data) | wc -c)
n=$(segments z.data | wc -l)
if [ "$n" -ge 1 ] && [ "$size" -le 102400 ]; then
	pass "--max-total-size 100K: $n segments, $size bytes"
else
	fail "--max-total-size 100K: $n segments, $size bytes"
fi

# by age: 250 ms segments over 2.5 s, none older than 1 s kept (but the newest)
"$CPROF" record -q -F 199 --switch-output=250ms --max-age 1s -o a.data -- \
	"$W/spinner" 2.5 > /dev/null 2> a.err || fail "max age: record exited $?: $(cat a.err)"
n=$(segments a.data | wc -l)
if [ "$n" -ge 1 ] && [ "$n" -le 6 ]; then
	pass "--max-age 1s keeps $n of about 10"
else
	fail "--max-age 1s keeps $n segments: $(segments a.data | tr '\n' ' ')"
fi

# retention without rotation is a usage error
"$CPROF" record --switch-max-files 3 -- true 2> u.err
[ $? -eq 64 ] && grep -q "need --switch-output" u.err && pass "retention needs --switch-output" ||
	fail "retention without --switch-output: $(cat u.err)"
"$CPROF" record --switch-output=10x -- true 2> u.err
[ $? -eq 64 ] && pass "--switch-output=10x refused" || fail "--switch-output=10x: $(cat u.err)"

# duty: 400 ms of every 1 s; no sample in the gaps
"$CPROF" record -q -F 999 --duty 400ms/1s -o d.data -- "$W/spinner" 3 > /dev/null 2> d.err ||
	fail "duty: record exited $?: $(cat d.err)"
all=$("$CPROF" report -i d.data | sed -n 's/.*samples: \([0-9]*\).*/\1/p')
on=0
off=0
for w in 0 1 2; do
	c=$("$CPROF" report -i d.data --time "$w.02-$w.38" | sed -n 's/.*samples: \([0-9]*\).*/\1/p')
	g=$("$CPROF" report -i d.data --time "$w.45-$w.95" 2> /dev/null | sed -n 's/.*samples: \([0-9]*\).*/\1/p')
	on=$((on + ${c:-0}))
	off=$((off + ${g:-0}))
done
if [ "$off" -eq 0 ] && [ "$on" -gt 0 ]; then
	pass "duty: $on samples inside the windows, none in the gaps (of $all)"
else
	fail "duty: $on samples inside, $off in the gaps (of $all)"
fi

# duty windows over short processes: the exits between windows are still
# seen (a side-band event stays on), so the recorder's descriptors do not
# grow with every process that ended while sampling was off
cat > loop.sh <<'EOF2'
i=0
while [ $i -lt 400 ]; do "$1" 0.005 > /dev/null 2>&1; i=$((i + 1)); done
EOF2
"$CPROF" record -q -F 99 --duty 100ms/200ms -o dl.data -- sh loop.sh "$W/calltree" 2> dl.err &
rpid=$!
sleep 1
fd0=$(ls "/proc/$rpid/fd" 2> /dev/null | wc -l)
sleep 2.5
fd1=$(ls "/proc/$rpid/fd" 2> /dev/null | wc -l)
wait "$rpid" || fail "duty over short processes: record exited $?: $(cat dl.err)"
if [ "$fd0" -gt 0 ] && [ "$fd1" -le $((fd0 + 8)) ]; then
	pass "duty over short processes: descriptors $fd0 then $fd1"
else
	fail "duty over short processes: descriptors $fd0 then $fd1"
fi
finish
