#!/bin/sh
# --max-overhead: at 20 kHz with DWARF stacks the recorder needs far more
# than 3% of a CPU, so it lowers the rate (and raises it back when it
# can); every change is in the recording, info shows them, and since
# samples weigh their period the calltree workload's 60:30:10 split of
# self time stays right across them. Without the cap nothing changes.
. "$top_srcdir/tests/t/lib.sh"
require_perf
command -v python3 > /dev/null || skip_all "no python3"

"$CPROF" record -F 20000 -g dwarf --max-overhead 3 -o capped.data -- "$W/calltree" 4 \
	> /dev/null 2> capped.err || fail "record exited $?: $(cat capped.err)"
grep -q "^cprof: --max-overhead changed the rate [0-9]* times; it ended at [0-9]* Hz" capped.err &&
	pass "record says the rate changed" || fail "no rate line: $(cat capped.err)"
"$CPROF" info capped.data > capped.info
grep -q "^frequency changes  *[0-9.]* s: [0-9]* Hz" capped.info && pass "info shows the changes" ||
	fail "info: $(head -12 capped.info)"
"$CPROF" info --json capped.data > capped.json
python3 - capped.json > capped.check 2>&1 <<'PY' && pass "$(cat capped.check)" || fail "$(cat capped.check)"
import json, sys
info = json.load(open(sys.argv[1]))
ch = info["frequency_changes"]
if not ch:
    sys.exit("no frequency changes recorded")
if min(c["hz"] for c in ch) >= 20000 or ch[0]["hz"] >= 20000:
    sys.exit("the rate never went down: %s" % ch)
if any(b["offset_ns"] < a["offset_ns"] for a, b in zip(ch, ch[1:])):
    sys.exit("changes out of order: %s" % ch)
dur = info["duration_ns"] / 1e9
# a rate below 20 kHz for most of the run: far fewer samples than 20 kHz gives
if info["samples"] > 0.8 * 20000 * dur:
    sys.exit("%d samples in %.1f s: the rate was not lowered" % (info["samples"], dur))
print("%d changes, first to %d Hz, %d samples in %.1f s" % (len(ch), ch[0]["hz"], info["samples"], dur))
PY
report_rows -i capped.data > rows
check_within "self spin_sixty" "$(self_pct spin_sixty rows)" 55 65
check_within "self spin_thirty" "$(self_pct spin_thirty rows)" 26 34
check_within "self spin_ten" "$(self_pct spin_ten rows)" 7 13

# no cap: the rate is what was asked, and nothing is said
"$CPROF" record -F 499 -o free.data -- "$W/calltree" 1 > /dev/null 2> free.err ||
	fail "record without the cap exited $?"
grep -q "max-overhead" free.err && fail "a rate line without --max-overhead"
"$CPROF" info --json free.data | grep -q '"frequency_changes": \[\]' && pass "no changes without the cap" ||
	fail "frequency_changes without the cap"

"$CPROF" record --max-overhead 0 -- true 2> u.err
[ $? -eq 64 ] && pass "--max-overhead 0 refused" || fail "--max-overhead 0: $(cat u.err)"
"$CPROF" record --max-overhead 5 -c 1000000 -- true 2> u.err
[ $? -eq 64 ] && pass "--max-overhead with -c refused" || fail "--max-overhead -c: $(cat u.err)"
finish
