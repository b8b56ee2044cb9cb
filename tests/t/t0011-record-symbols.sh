#!/bin/sh
# Symbols: C++ names demangled, inlined functions as frames of their
# own, libc frames with file:line (libc6-dbg), kernel frames marked, and
# the recording self-contained after the binary is gone.
. "$top_srcdir/tests/t/lib.sh"
require_perf

"$CPROF" record -q -- "$W/cxx_names" 1 || fail "record exited $?"
"$CPROF" report -w 0 -n 0 > out
grep -q 'demo::Widget<int>::churn(int)' out || fail "no demangled demo::Widget<int>::churn(int)"
grep -q 'demo::Widget<double>::churn(double)' out || fail "no demangled Widget<double>"
grep -q '_ZN4demo' out && fail "mangled names in the report"

# self-contained: copy the binary, record it, delete it, report
cp "$W/calltree" ./mytree
"$CPROF" record -q -o gone.data -- ./mytree 1 || fail "record exited $?"
rm -f mytree
"$CPROF" report -i gone.data -w 0 > out2 || fail "report after the binary was deleted exited $?"
grep -q 'spin_sixty' out2 && pass "symbols survive the binary" || fail "no spin_sixty once the binary is gone"

# the binary replaced by another build: a cut-short recording must not
# show the new binary's names for the old one's addresses
cp "$W/calltree" ./tree2
"$CPROF" record -q -o cut.data -- ./tree2 3 &
rpid=$!
sleep 1.5
kill -9 "$rpid"; wait "$rpid" 2>/dev/null
pkill -f './tree2 3' 2>/dev/null
sleep 0.2
cp "$W/deep" ./tree2
"$CPROF" report -i cut.data -w 0 > out3 2>&1 || fail "report exited $?"
grep -q 'changed on disk' out3 && pass "build-id mismatch reported" || fail "no mismatch warning: $(head -8 out3)"
grep -q 'deep_leaf\|descend' out3 && fail "names from the replacement binary shown"

# kernel frames are marked: one process that lives in the kernel (many
# short-lived children would rarely last a sampling period each)
"$CPROF" record -q -o k.data -- dd if=/dev/zero of=/dev/null bs=64k count=300000 status=none ||
	fail "record dd exited $?"
if "$CPROF" info k.data | grep -q '^kernel_frames *yes'; then
	"$CPROF" report -i k.data -w 0 -n 0 | grep -q '\[kernel\.kallsyms\]' && pass "kernel frames marked" ||
		fail "no [kernel.kallsyms] frames"
fi
finish
