# SPDX-License-Identifier: GPL-3.0-or-later
# Shared helpers for the end-to-end tests (sourced). Each test runs in a
# scratch directory that is removed at exit; failures print what was
# expected and what came out.

set -u
: "${top_srcdir:?run through make check}" "${top_builddir:?}" "${CPROF:?}"
W="$top_builddir/tests/workloads"
TEST_NAME=$(basename "$0" .sh)
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/cprof-$TEST_NAME.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
cd "$SCRATCH" || exit 99
failures=0

fail() {
	echo "FAIL: $TEST_NAME: $*" >&2
	failures=$((failures + 1))
}

pass() {
	echo "ok: $*"
}

skip_all() {
	echo "SKIP: $TEST_NAME: $*" >&2
	exit 77
}

finish() {
	[ "$failures" -eq 0 ] || exit 1
	exit 0
}

# Tests that profile need perf_event_open. Where it is denied they skip,
# unless CPROF_REQUIRE_PERF=1 (CI), where a skip would hide a failure.
require_perf() {
	if ! "$CPROF" record -q -o probe.data -- true 2>probe.err; then
		if [ "${CPROF_REQUIRE_PERF:-0}" = 1 ]; then
			echo "FAIL: $TEST_NAME: perf_event_open is required here: $(cat probe.err)" >&2
			exit 1
		fi
		skip_all "perf_event_open is not available: $(cat probe.err)"
	fi
	rm -f probe.data probe.err
}

# The table rows of `cprof report` (without the # header and column titles).
report_rows() {
	"$CPROF" report -w 0 -n 0 "$@" | awk '!/^#/ && !/Self%/'
}

# self_pct FUNC ROWS_FILE, cum_pct FUNC ROWS_FILE: a function's share, or 0
self_pct() {
	awk -v f="$1" '$4 == f { print $1; found = 1; exit } END { if (!found) print 0 }' "$2"
}
cum_pct() {
	awk -v f="$1" '$4 == f { print $2; found = 1; exit } END { if (!found) print 0 }' "$2"
}

# within VALUE LO HI: true when LO <= VALUE <= HI (decimals allowed)
within() {
	awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v >= lo && v <= hi) }'
}

# check_within WHAT VALUE LO HI
check_within() {
	if within "$2" "$3" "$4"; then
		pass "$1 = $2 (expected $3..$4)"
	else
		fail "$1 = $2, expected $3..$4"
	fi
}

# check_golden EXPECTED ACTUAL: compare with a golden file under
# tests/data/expected; CPROF_BLESS=1 rewrites it instead.
check_golden() {
	golden="$top_srcdir/tests/data/expected/$1"
	if [ "${CPROF_BLESS:-0}" = 1 ]; then
		cp "$2" "$golden"
		pass "blessed $1"
	elif diff -u "$golden" "$2" > golden.diff; then
		pass "$1 matches"
	else
		cat golden.diff >&2
		fail "$1 differs (CPROF_BLESS=1 make check rewrites the golden files)"
	fi
}

# reap_record PID SECS: after a watch of at most SECS seconds, end the
# recorder PID if it still runs (a failure), then check its exit status;
# its standard error is in record.err
reap_record() {
	if [ -e "/proc/$1/status" ]; then
		kill "$1"
		fail "the recording did not end within $2 s"
	fi
	wait "$1" || fail "record exited $?: $(cat record.err)"
}
