#!/bin/sh
# Real profiles from Go's runtime/pprof (tests/data/go/goprof, built
# here with the standard library only): a CPU profile (samples/count,
# cpu/nanoseconds) and a heap profile (alloc_objects, alloc_space,
# inuse_objects, inuse_space) read by report, flamegraph, collapse and
# pprof, checked against go tool pprof.
. "$top_srcdir/tests/t/lib.sh"

if ! command -v go > /dev/null 2>&1; then
	if [ "${CPROF_REQUIRE_PERF:-0}" = 1 ]; then
		echo "FAIL: $TEST_NAME: go is required here (CPROF_REQUIRE_PERF=1)" >&2
		exit 1
	fi
	skip_all "no go toolchain"
fi
# a hermetic build: no network, no module downloads, nothing written
# outside the scratch directory (the sources are copied, so a read-only
# source tree is fine)
HOME="$SCRATCH"; GOCACHE="$SCRATCH/gocache"; GOPATH="$SCRATCH/gopath"
GOENV=off; GOTOOLCHAIN=local; GOFLAGS=-buildvcs=false; GOPROXY=off; GOWORK=off
GO111MODULE=on; CGO_ENABLED=0; PPROF_TMPDIR="$SCRATCH"
export HOME GOCACHE GOPATH GOENV GOTOOLCHAIN GOFLAGS GOPROXY GOWORK GO111MODULE CGO_ENABLED PPROF_TMPDIR

mkdir src
cp "$top_srcdir/tests/data/go/goprof/go.mod" "$top_srcdir/tests/data/go/goprof/main.go" src/ || exit 99
(cd src && go build -o ../goprof .) 2> build.err || { cat build.err >&2; fail "go build exited $?"; finish; }
# no asynchronous preemption: its runtime.asyncPreempt frames (up to
# 13% of the samples on a busy machine) would eat into the leaves' self
# shares; one goroutine needs no preemption
GODEBUG=asyncpreemptoff=1 ./goprof 1.5 || { fail "goprof exited $?"; finish; }
[ -s cpu.pb.gz ] && [ -s heap.pb.gz ] || { fail "goprof wrote no profiles"; finish; }

# pprof_rows OUT ARGS: the table rows of go tool pprof ARGS (after the
# column titles) into OUT; fails when pprof does
pprof_rows() {
	out=$1
	shift
	go tool pprof "$@" > pprof.out 2> pprof.err || return 1
	awk 'p; /flat%/ { p = 1 }' pprof.out > "$out"
}
# pprof_flat FUNC ROWS_FILE: its flat value, pprof_pct its flat%, or 0
pprof_flat() {
	awk -v f="$1" '$NF == f { print $1; found = 1; exit } END { if (!found) print 0 }' "$2"
}
pprof_pct() {
	awk -v f="$1" '$NF == f { sub(/%/, "", $2); print $2; found = 1; exit } END { if (!found) print 0 }' "$2"
}
# value FUNC ROWS_FILE: the value column of report_rows, or 0
value() {
	awk -v f="$1" '$4 == f { print $3; found = 1; exit } END { if (!found) print 0 }' "$2"
}
# the first main.* function of report rows
first_main() {
	awk '$4 ~ /^main\./ && $4 != "main.main" { print $4; exit }' "$1"
}

# CPU: main.hotLoop has ~75% of the samples, the same share in both
report_rows cpu.pb.gz > cpu.rows || fail "report of cpu.pb.gz exited $?"
head -n 5 cpu.rows
pprof_rows go.rows -top cpu.pb.gz || fail "go tool pprof -top failed: $(cat pprof.err)"
pprof_rows gos.rows -sample_index=samples -top cpu.pb.gz || fail "go tool pprof -sample_index=samples failed"
total=$(sed -n 's/.*Total samples = \([0-9]*\) *$/\1/p' pprof.out)
[ "${total:-0}" -ge 20 ] || fail "only '$total' CPU samples, too few to compare shares"
c=$(self_pct main.hotLoop cpu.rows) g=$(pprof_pct main.hotLoop go.rows)
check_within "main.hotLoop self share (go tool pprof: $g)" "$c" "$(echo "$g" | awk '{ print $1 - 10 }')" \
	"$(echo "$g" | awk '{ print $1 + 10 }')"
# the truth is 75/25; with ~100-150 samples (100 Hz) a share is good to
# about 4 points, so these bounds are 5 standard deviations wide
check_within "main.hotLoop self share" "$c" 50 95
check_within "main.warmLoop self share" "$(self_pct main.warmLoop cpu.rows)" 5 50
for f in main.hotLoop main.warmLoop; do
	[ "$(value $f cpu.rows)" = "$(pprof_flat $f gos.rows)" ] ||
		fail "$f: $(value $f cpu.rows) samples in cprof report, $(pprof_flat $f gos.rows) in pprof"
done

# collapse: the counts add up to pprof's total samples
"$CPROF" collapse cpu.pb.gz > cpu.folded || fail "collapse of cpu.pb.gz exited $?"
grep -q '^runtime\.main;main\.main;main\.hotLoop [0-9]*$' cpu.folded || fail "no main.main;main.hotLoop stack: $(head -3 cpu.folded)"
sum=$(awk '{ n += $NF } END { print n }' cpu.folded)
[ "$sum" = "$total" ] && pass "collapse counts add up to $total samples" || fail "collapse counts $sum, pprof total samples $total"

# cprof pprof of a Go profile: pprof sees the same profile
"$CPROF" pprof -i cpu.pb.gz -o again.pb.gz || fail "cprof pprof of cpu.pb.gz exited $?"
pprof_rows again.rows -top again.pb.gz || fail "go tool pprof -top again.pb.gz failed: $(cat pprof.err)"
cmp -s go.rows again.rows && pass "cprof pprof: the same -top" || { diff -u go.rows again.rows >&2; fail "cprof pprof changed -top"; }
go tool pprof -raw cpu.pb.gz > raw.1 2>&1
go tool pprof -raw again.pb.gz > raw.2 2>&1
cmp -s raw.1 raw.2 && pass "cprof pprof: the same -raw" || { diff -u raw.1 raw.2 >&2; fail "cprof pprof changed -raw"; }

# heap: the default is the last type, inuse_space
"$CPROF" report -w 0 -n 0 heap.pb.gz > heap.report || fail "report of heap.pb.gz exited $?"
grep -q '^# event: *inuse_space' heap.report && grep -q 'Cum% *inuse_space *Function' heap.report &&
	pass "heap: inuse_space by default" || fail "heap default is not inuse_space: $(head -6 heap.report)"
report_rows heap.pb.gz > inuse.rows
[ "$(first_main inuse.rows)" = main.allocBig ] && pass "inuse_space: main.allocBig first" ||
	fail "inuse_space: first main.* is $(first_main inuse.rows)"
pprof_rows goheap.rows -sample_index=inuse_space -unit=bytes -top heap.pb.gz || fail "go tool pprof heap failed: $(cat pprof.err)"
[ "$(value main.allocBig inuse.rows)B" = "$(pprof_flat main.allocBig goheap.rows)" ] &&
	pass "inuse_space of main.allocBig: $(value main.allocBig inuse.rows) bytes in both" ||
	fail "main.allocBig: cprof $(value main.allocBig inuse.rows), pprof $(pprof_flat main.allocBig goheap.rows)"
check_within "main.allocBig inuse_space (8 MiB retained)" "$(value main.allocBig inuse.rows)" 8388608 9437184
for idx in alloc_space 1; do
	report_rows --sample-index "$idx" heap.pb.gz > alloc.rows || fail "--sample-index $idx exited $?"
	"$CPROF" report -w 0 --sample-index "$idx" heap.pb.gz | grep -q '^# event: *alloc_space' ||
		fail "--sample-index $idx is not alloc_space"
	[ "$(first_main alloc.rows)" = main.allocBig ] && pass "--sample-index $idx: main.allocBig first" ||
		fail "--sample-index $idx: first main.* is $(first_main alloc.rows)"
done
# by objects the 1 KiB pieces win
report_rows --sample-index inuse_objects heap.pb.gz > objects.rows || fail "--sample-index inuse_objects exited $?"
[ "$(first_main objects.rows)" = main.allocSmall ] && pass "inuse_objects: main.allocSmall first" ||
	fail "inuse_objects: first main.* is $(first_main objects.rows)"
"$CPROF" report --sample-index nonsense heap.pb.gz > /dev/null 2> err
st=$?
[ "$st" -eq 2 ] && grep -q "nonsense" err && grep -q "inuse_space" err && pass "bad sample index: $(cat err)" ||
	fail "--sample-index nonsense: exit $st, $(cat err)"
"$CPROF" report --sample-index 4 heap.pb.gz > /dev/null 2> err
st=$?
[ "$st" -eq 2 ] && pass "index out of range: $(cat err)" || fail "--sample-index 4 (of 4 types): exit $st, $(cat err)"

# the heap flame graph counts bytes
"$CPROF" flamegraph heap.pb.gz > heap.svg || fail "flamegraph of heap.pb.gz exited $?"
xmllint --noout heap.svg && pass "heap.svg is well-formed" || fail "heap.svg is not well-formed"
grep -q '<title>main\.allocBig ([0-9,]* bytes, [0-9.]*%)</title>' heap.svg && pass "heap.svg tooltips count bytes" ||
	fail "heap.svg: no 'main.allocBig (N bytes, P%)' tooltip: $(grep -o '<title>main[^<]*' heap.svg | head -3)"
finish
