#!/bin/sh
# Every command takes -h, and its synopsis appears in its man page; every
# long option it lists is in its man page and in the bash, zsh and fish
# completions.
. "$top_srcdir/tests/t/lib.sh"

"$CPROF" --help | grep -q '^usage: cprof' || fail "cprof --help"
"$CPROF" --version | grep -q '^cprof [0-9]' || fail "cprof --version"
for cmd in record report info flamegraph collapse pprof otlp diff annotate; do
	"$CPROF" "$cmd" -h > out || fail "cprof $cmd -h exited $?"
	grep -q "^usage: cprof $cmd" out || fail "cprof $cmd -h has no usage line"
	"$CPROF" help "$cmd" | cmp -s - out || fail "cprof help $cmd differs from -h"
	page="$top_srcdir/doc/cprof-$cmd.1"
	[ -f "$page" ] || fail "no man page for $cmd"
	# every long option of -h is documented in the man page
	for opt in $(grep -o -- '--[a-z][a-z-]*' out | sort -u); do
		grep -q -- "$(printf '%s' "$opt" | sed 's/-/\\\\-/g')\|$opt" "$page" ||
			fail "$opt of $cmd is not in cprof-$cmd.1"
		grep -q -- "$opt" "$top_srcdir/completions/cprof.bash" ||
			fail "$opt of $cmd is not in the bash completion"
		grep -q -- "$opt" "$top_srcdir/completions/_cprof" ||
			fail "$opt of $cmd is not in the zsh completion"
		grep -q -- "-l ${opt#--}\\b" "$top_srcdir/completions/cprof.fish" ||
			fail "$opt of $cmd is not in the fish completion"
	done
done
finish
