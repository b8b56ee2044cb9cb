#!/bin/sh
# Every command takes -h, and its synopsis appears in its man page.
. "$top_srcdir/tests/t/lib.sh"

"$CPROF" --help | grep -q '^usage: cprof' || fail "cprof --help"
"$CPROF" --version | grep -q '^cprof [0-9]' || fail "cprof --version"
for cmd in record report info flamegraph collapse pprof diff; do
	"$CPROF" "$cmd" -h > out || fail "cprof $cmd -h exited $?"
	grep -q "^usage: cprof $cmd" out || fail "cprof $cmd -h has no usage line"
	"$CPROF" help "$cmd" | cmp -s - out || fail "cprof help $cmd differs from -h"
	page="$top_srcdir/doc/cprof-$cmd.1"
	[ -f "$page" ] || fail "no man page for $cmd"
	# every long option of -h is documented in the man page
	for opt in $(grep -o -- '--[a-z][a-z-]*' out | sort -u); do
		grep -q -- "$(printf '%s' "$opt" | sed 's/-/\\\\-/g')\|$opt" "$page" ||
			fail "$opt of $cmd is not in cprof-$cmd.1"
	done
done
finish
