#!/bin/sh
# Replay the fuzz corpora (tests/fuzz/corpus/KIND/) through the fuzz
# targets, built without libFuzzer as tests/fuzz/replay-KIND: in the
# sanitizer build this catches what the fuzzers once found; in any build,
# a crash or a hang. Each target gets at most CPROF_REPLAY_TIMEOUT seconds.
set -u
: "${top_srcdir:?run through make check}" "${top_builddir:?}"
CORPUS="$top_srcdir/tests/fuzz/corpus"
LIMIT=${CPROF_REPLAY_TIMEOUT:-300}
failures=0
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/cprof-replay.XXXXXX") || exit 99
trap 'rm -rf "$SCRATCH"' EXIT
cd "$SCRATCH" || exit 99

# leaks are bugs too, where LeakSanitizer can run
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS UBSAN_OPTIONS

for kind in pprof cdata folded perfmap kallsyms; do
	prog="$top_builddir/tests/fuzz/replay-$kind"
	if [ ! -x "$prog" ]; then
		echo "FAIL: replay: $prog was not built" >&2
		failures=$((failures + 1))
		continue
	fi
	if command -v timeout > /dev/null 2>&1; then
		timeout -k 5 "$LIMIT" "$prog" "$CORPUS/$kind" > "replay-$kind.out" 2>&1
	else
		"$prog" "$CORPUS/$kind" > "replay-$kind.out" 2>&1
	fi
	st=$?
	if [ "$st" -ne 0 ]; then
		# the last input named is the one that failed
		echo "FAIL: replay-$kind exited $st on $(grep ' bytes)$' "replay-$kind.out" | tail -n 1)" >&2
		if grep -q 'ERROR: \|runtime error' "replay-$kind.out"; then
			sed -n '/ERROR: \|runtime error/,$p' "replay-$kind.out" | head -n 30 >&2
		else
			tail -n 30 "replay-$kind.out" >&2
		fi
		failures=$((failures + 1))
	else
		echo "ok: $(tail -n 1 "replay-$kind.out") from corpus/$kind"
	fi
done
[ "$failures" -eq 0 ] || exit 1
exit 0
