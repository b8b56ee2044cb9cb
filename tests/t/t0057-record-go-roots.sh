#!/bin/sh
# Go: goroutine stacks end at runtime.goexit, threads' at runtime.mstart
# or runtime.rt0_go, which are roots by design. So the health line and
# --strict tell the truth for Go programs, and stacks reach main.main.
. "$top_srcdir/tests/t/lib.sh"
require_perf

if ! command -v go > /dev/null 2>&1; then
	[ "${CPROF_REQUIRE_PERF:-0}" = 1 ] && { echo "FAIL: $TEST_NAME: go is required here" >&2; exit 1; }
	skip_all "no go toolchain"
fi
HOME="$SCRATCH"; GOCACHE="$SCRATCH/gocache"; GOPATH="$SCRATCH/gopath"
GOENV=off; GOTOOLCHAIN=local; GOFLAGS=-buildvcs=false; GOPROXY=off; GOWORK=off
GO111MODULE=on; CGO_ENABLED=0
export HOME GOCACHE GOPATH GOENV GOTOOLCHAIN GOFLAGS GOPROXY GOWORK GO111MODULE CGO_ENABLED

mkdir src
cp "$top_srcdir/tests/data/go/spin/go.mod" "$top_srcdir/tests/data/go/spin/main.go" src/ || exit 99
(cd src && go build -o ../gospin .) 2> build.err || { cat build.err >&2; fail "go build exited $?"; finish; }

for mode in dwarf auto; do
	"$CPROF" record -q --strict -g $mode -o $mode.data -- ./gospin > /dev/null 2> $mode.err ||
		fail "-g $mode: record --strict exited $?: $(cat $mode.err)"
	rooted=$("$CPROF" info $mode.data | sed -n 's/.*stacks reaching a root frame: *\([0-9]*\).*/\1/p')
	[ "${rooted:-0}" -ge 80 ] && pass "-g $mode: $rooted% of Go stacks reach a root" ||
		fail "-g $mode: only ${rooted:-?}% of Go stacks reach a root"
	"$CPROF" report -i $mode.data -w 0 -n 0 --sort cum > $mode.out
	grep -q ' main\.goHot ' $mode.out || fail "-g $mode: no main.goHot"
	grep -q ' main\.main ' $mode.out && pass "-g $mode: stacks reach main.main" ||
		fail "-g $mode: no main.main: $(head -20 $mode.out)"
done
# Go writes no .debug_aranges: lines come from the CUs' own ranges
"$CPROF" report -i dwarf.data -w 0 -n 3 --by line | grep -q ' main\.go:1[0-9]$' &&
	pass "Go lines (main.go:N)" || fail "no Go source lines: $("$CPROF" report -i dwarf.data -n 3 --by line)"

finish
