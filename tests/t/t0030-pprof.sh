#!/bin/sh
# pprof output checked with the reference client (go tool pprof): a
# recording of the 60/30/10 calltree workload written as a gzipped
# profile gives the same counts, stacks, labels and source lines in
# pprof as in cprof report, and reading the profile back (report,
# collapse, flamegraph, pprof again) loses nothing.
. "$top_srcdir/tests/t/lib.sh"

have_go=yes
command -v go > /dev/null 2>&1 && go tool pprof -h > /dev/null 2>&1 || have_go=no
if [ "$have_go" = no ]; then
	[ "${CPROF_REQUIRE_PERF:-0}" = 1 ] && fail "go tool pprof is required here (CPROF_REQUIRE_PERF=1)"
	echo "note: no go tool pprof, the checks against the reference client are skipped"
fi
# go tool pprof keeps state in $HOME/pprof; not in the user's home
HOME="$SCRATCH"; export HOME
PPROF_TMPDIR="$SCRATCH"; export PPROF_TMPDIR

# pprof_rows OUT ARGS: the table rows of go tool pprof ARGS (after the
# column titles) into OUT; fails when pprof does
pprof_rows() {
	out=$1
	shift
	go tool pprof "$@" > pprof.out 2> pprof.err || return 1
	awk 'p; /flat%/ { p = 1 }' pprof.out > "$out"
}
# pprof_flat FUNC ROWS_FILE: its flat value as pprof prints it, or 0
pprof_flat() {
	awk -v f="$1" '$NF == f { print $1; found = 1; exit } END { if (!found) print 0 }' "$2"
}
# samples FUNC ROWS_FILE: the Samples column of report_rows, or 0
samples() {
	awk -v f="$1" '$4 == f { print $3; found = 1; exit } END { if (!found) print 0 }' "$2"
}

require_perf
"$CPROF" record -q -o cprof.data -- "$W/calltree" 2 || fail "record exited $?"
"$CPROF" pprof -o cpu.pb.gz || fail "pprof exited $?"
magic=$(od -An -tx1 -N2 cpu.pb.gz | tr -d ' ')
[ "$magic" = 1f8b ] && pass "cpu.pb.gz is gzip" || fail "cpu.pb.gz starts with '$magic', not 1f 8b"
gzip -t cpu.pb.gz || fail "cpu.pb.gz: gzip -t failed"
report_rows -i cprof.data > rec.rows || fail "report of the recording exited $?"

# reading it back: the same table as the recording, gzipped or not
report_rows -i cpu.pb.gz > pb.rows || fail "report of cpu.pb.gz exited $?"
diff -u rec.rows pb.rows > rows.diff && pass "report: recording and pprof rows agree" ||
	{ cat rows.diff >&2; fail "report of cpu.pb.gz differs from the recording"; }
gzip -dc cpu.pb.gz > cpu.pb
report_rows cpu.pb > raw.rows || fail "report of an uncompressed profile exited $?"
cmp -s rec.rows raw.rows && pass "report reads uncompressed protobuf" || fail "report of cpu.pb differs"
# --sample-index: the samples (default) or the cpu time, same shares
report_rows --sample-index samples cpu.pb.gz | cmp -s - pb.rows || fail "--sample-index samples is not the default"
report_rows --sample-index cpu cpu.pb.gz > cpu.rows || fail "--sample-index cpu exited $?"
"$CPROF" report -w 0 --sample-index cpu cpu.pb.gz | grep -q 'cpu: [0-9]* nanoseconds' ||
	fail "--sample-index cpu: no nanoseconds total in the header"
for f in spin_sixty spin_thirty spin_ten; do
	[ "$(self_pct $f cpu.rows)" = "$(self_pct $f pb.rows)" ] ||
		fail "$f: self $(self_pct $f cpu.rows)% by cpu, $(self_pct $f pb.rows)% by samples"
done

# collapse and flamegraph of the profile
"$CPROF" collapse -i cprof.data > rec.folded || fail "collapse of the recording exited $?"
"$CPROF" collapse -i cpu.pb.gz > pb.folded || fail "collapse of cpu.pb.gz exited $?"
cmp -s rec.folded pb.folded && pass "collapse: recording and pprof agree" ||
	{ diff -u rec.folded pb.folded >&2; fail "collapse of cpu.pb.gz differs from the recording"; }
"$CPROF" flamegraph -i cpu.pb.gz -o cpu.svg || fail "flamegraph of cpu.pb.gz exited $?"
xmllint --noout cpu.svg && pass "flamegraph of cpu.pb.gz is well-formed" || fail "cpu.svg is not well-formed"
grep -q '<title>spin_sixty (' cpu.svg || fail "cpu.svg has no spin_sixty frame"

# standard output: fine into a pipe (the same bytes), refused on a terminal
{ "$CPROF" pprof; echo $? > pipe.status; } | gzip -t && [ "$(cat pipe.status)" = 0 ] &&
	pass "pprof into a pipe" || fail "cprof pprof | gzip -t failed (cprof exited $(cat pipe.status))"
"$CPROF" pprof | cmp -s - cpu.pb.gz && pass "the same bytes every time" || fail "two runs differ"
if script -qec true /dev/null < /dev/null > /dev/null 2>&1; then
	script -qec "'$CPROF' pprof -i cprof.data" /dev/null < /dev/null > tty.out 2>&1
	st=$?
	# 64: usage error (cprof(1)); nothing binary on the terminal
	if [ "$st" -eq 64 ] && grep -q 'terminal' tty.out && ! grep -q "$(printf '\037')" tty.out; then
		pass "refuses a terminal: $(head -n1 tty.out | tr -d '\r')"
	else
		fail "on a terminal: exit $st, $(head -c 300 tty.out | tr -d '\r')"
	fi
else
	echo "note: no script(1), terminal check skipped"
fi

# a folded input becomes a profile too
"$CPROF" pprof -i "$top_srcdir/tests/data/folded/calltree.folded" -o folded.pb.gz || fail "pprof of folded exited $?"
"$CPROF" collapse -i folded.pb.gz | cmp -s - "$top_srcdir/tests/data/expected/collapse-calltree.folded" &&
	pass "folded -> pprof -> folded" || fail "folded -> pprof -> folded changed the stacks"

[ "$have_go" = yes ] || finish

# go tool pprof: the counts are cprof report's, exactly
pprof_rows gocpu.rows -top cpu.pb.gz || fail "go tool pprof -top failed: $(cat pprof.err)"
pprof_rows go.rows -sample_index=samples -top cpu.pb.gz ||
	fail "go tool pprof -sample_index=samples -top failed: $(cat pprof.err)"
for f in spin_sixty spin_thirty spin_ten; do
	c=$(samples $f pb.rows) g=$(pprof_flat $f go.rows)
	[ "$c" -gt 0 ] && [ "$c" = "$g" ] && pass "$f: $g samples in both" ||
		fail "$f: cprof report $c samples, go tool pprof $g"
done
# and the default type (cpu) has the same shares
for f in spin_sixty spin_thirty spin_ten; do
	g=$(awk -v f="$f" '$NF == f { sub(/%/, "", $2); print $2 }' gocpu.rows)
	[ "$g" = "$(self_pct $f pb.rows)" ] || fail "$f: pprof cpu flat $g%, cprof $(self_pct $f pb.rows)%"
done
total=$(go tool pprof -sample_index=samples -top cpu.pb.gz 2> /dev/null | sed -n 's/.*Total samples = \([0-9]*\).*/\1/p')
[ "$total" = "$("$CPROF" report cpu.pb.gz | sed -n 's/.*samples: \([0-9]*\).*/\1/p')" ] &&
	pass "total samples $total" || fail "pprof total samples '$total' differs from cprof report"

go tool pprof -traces cpu.pb.gz > traces.1 2> pprof.err || fail "go tool pprof -traces failed: $(cat pprof.err)"
grep -q 'spin_sixty' traces.1 && grep -q '^ *drive$' traces.1 || fail "-traces: no spin_sixty/drive stack"
go tool pprof -raw cpu.pb.gz > raw.1 2> pprof.err || fail "go tool pprof -raw failed: $(cat pprof.err)"
grep -q '^samples/count cpu/nanoseconds' raw.1 || fail "-raw: sample types are not samples/count cpu/nanoseconds"
grep -q '^PeriodType: cpu nanoseconds' raw.1 || fail "-raw: period type is not cpu nanoseconds"
grep -q 'thread:\[calltree\]' raw.1 && grep -q 'pid:\[[0-9]*\] tid:\[[0-9]*\]' raw.1 &&
	pass "-raw: thread, pid and tid labels" || fail "-raw: no thread/pid/tid labels"
grep -q 'workloads/calltree [0-9a-f]\{8,\} \[FN\]' raw.1 || fail "-raw: calltree mapping without build-id or [FN]"
grep -q '^Comment: cprof\.command=' raw.1 || fail "-raw: no cprof.command comment"

# -list needs the source: the profile has the file name as DWARF gives
# it (relative to the compile directory, ../tests/workloads/calltree.c
# in a build directory), so tell pprof where to look
go tool pprof -source_path="$top_srcdir/tests/workloads" -list 'spin_sixty' cpu.pb.gz > list.out 2> pprof.err ||
	fail "go tool pprof -list failed: $(cat pprof.err)"
grep -q 'ROUTINE =* spin_sixty in .*calltree\.c' list.out &&
	grep -q '^ *[0-9.]*m*s  *[0-9.]*m*s  *[0-9]*:.*SPIN_TENTHS(0, 6);' list.out &&
	pass "-list spin_sixty shows its source" || { cat list.out >&2; fail "-list: no source lines for spin_sixty"; }

# pprof -> cprof pprof -> pprof: every sample, location, line, function,
# mapping, label and comment survives; -raw prints all of them, so the
# two must be identical (nothing differs legitimately: time, duration
# and period come from the profile, not from the clock)
"$CPROF" pprof -i cpu.pb.gz -o again.pb.gz || fail "pprof of a pprof exited $?"
go tool pprof -raw again.pb.gz > raw.2 2> pprof.err || fail "-raw of again.pb.gz failed: $(cat pprof.err)"
diff -u raw.1 raw.2 > raw.diff && pass "pprof round trip: -raw identical" ||
	{ cat raw.diff >&2; fail "pprof round trip changed the profile"; }
go tool pprof -traces again.pb.gz > traces.2 2> /dev/null
cmp -s traces.1 traces.2 && pass "pprof round trip: -traces identical" ||
	{ diff -u traces.1 traces.2 >&2; fail "pprof round trip changed the traces"; }
finish
