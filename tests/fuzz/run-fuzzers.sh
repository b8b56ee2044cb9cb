#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Build the libFuzzer targets with clang (ASan + UBSan) and run each for a
# while, starting from the seed corpora in tests/fuzz/corpus/.
#
#   tests/fuzz/run-fuzzers.sh [-t SECONDS] [-j JOBS] [-k] [TARGET...]
#
#   -t SECONDS  how long to fuzz each target (default 60)
#   -j JOBS     run this many targets at once (default 1)
#   -k          keep the work directory (it is printed either way)
#   TARGET      pprof, cdata, folded, perfmap, kallsyms (default: all)
#
# The source tree is copied into a temporary directory and configured
# there (CC=clang, -fsanitize=fuzzer-no-link); nothing is written into the
# tree. Crashes, leaks, timeouts and OOMs are left in WORK/artifacts/ and
# make the script exit 1 and keep WORK; new inputs the fuzzer found are in
# WORK/corpus/TARGET/ (-k keeps them; tests/fuzz/corpus/ has hand-picked ones).
# Environment: CLANG (default clang, else clang-14), FUZZ_ARGS (more
# libFuzzer options), TMPDIR.
set -eu

seconds=60 jobs=1 keep=0
while getopts t:j:kh opt; do
	case $opt in
	t) seconds=$OPTARG ;;
	j) jobs=$OPTARG ;;
	k) keep=1 ;;
	*) sed -n '3,19s/^# \{0,1\}//p' "$0"; exit 64 ;;
	esac
done
shift $((OPTIND - 1))
targets=${*:-pprof cdata folded perfmap kallsyms}

srcdir=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "${CLANG:-}" ]; then
	CLANG=clang
	command -v clang > /dev/null 2>&1 || CLANG=clang-14
fi
command -v "$CLANG" > /dev/null 2>&1 || { echo "run-fuzzers: no clang ($CLANG)" >&2; exit 77; }

work=$(mktemp -d "${TMPDIR:-/tmp}/cprof-fuzz.XXXXXX")
cleanup() {
	if [ "$keep" = 1 ]; then
		echo "run-fuzzers: work directory kept: $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
echo "run-fuzzers: work directory $work"

# ---- copy the tree, leaving out build directories and VCS data ----
mkdir -p "$work/src" "$work/build" "$work/artifacts" "$work/logs"
(
	cd "$srcdir"
	for e in * .[!.]*; do
		[ -e "$e" ] || continue
		case $e in .git | autom4te.cache) continue ;; esac
		[ -d "$e" ] && [ -f "$e/config.status" ] && continue
		cp -R "$e" "$work/src/"
	done
)
# a tree that was configured in place cannot be configured out of it
if [ -f "$work/src/config.status" ]; then
	(cd "$work/src" && make distclean > /dev/null 2>&1) || true
fi
[ -x "$work/src/configure" ] || (cd "$work/src" && autoreconf -fi > "$work/logs/autoreconf.log" 2>&1)

# ---- configure and build the library with coverage instrumentation ----
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
echo "run-fuzzers: building libcprof.a with $CLANG"
(
	cd "$work/build"
	"$work/src/configure" CC="$CLANG" CFLAGS="-g -O1 $san -fsanitize=fuzzer-no-link" \
		> "$work/logs/configure.log" 2>&1 || { tail -20 "$work/logs/configure.log"; exit 1; }
	make -j"$(nproc 2> /dev/null || echo 2)" libcprof.a > "$work/logs/make.log" 2>&1 ||
		{ tail -30 "$work/logs/make.log"; exit 1; }
)
libs=$(sed -n 's/^\(LIBDW_LIBS\|LIBELF_LIBS\|ZLIB_LIBS\|LIBIBERTY_LIBS\|PROTOBUF_C_LIBS\) = //p' \
	"$work/build/Makefile" | tr '\n' ' ')

for t in $targets; do
	[ -f "$srcdir/tests/fuzz/fuzz-$t.c" ] || { echo "run-fuzzers: no target '$t'" >&2; exit 64; }
	# shellcheck disable=SC2086 # \$san and \$libs are lists of options
	"$CLANG" -g -O1 $san -fsanitize=fuzzer -include "$work/build/config.h" \
		-I"$work/src/src" -I"$work/build" -I"$work/build/proto" \
		"$work/src/tests/fuzz/fuzz-$t.c" "$work/build/libcprof.a" $libs -o "$work/fuzz-$t"
done

# ---- fuzz ----
run_one() {
	t=$1
	mkdir -p "$work/corpus/$t" "$work/seeds/$t"
	# the seeds, but not the bombs: each run of one takes a second or more,
	# and their mutants only find the limits the replay already checks
	for f in "$srcdir/tests/fuzz/corpus/$t"/*; do
		case $f in *bomb*) ;; *) cp "$f" "$work/seeds/$t/" ;; esac
	done
	# shellcheck disable=SC2086
	ASAN_OPTIONS=detect_leaks=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	"$work/fuzz-$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
		-max_len=65536 -print_final_stats=1 -artifact_prefix="$work/artifacts/$t-" \
		${FUZZ_ARGS:-} "$work/corpus/$t" "$work/seeds/$t" \
		> "$work/logs/fuzz-$t.log" 2>&1 || true
	echo "run-fuzzers: $t: $(grep -E '^#[0-9]+.*DONE|^SUMMARY|^==[0-9]+== ERROR' \
		"$work/logs/fuzz-$t.log" | tail -n 1)"
}

running=0
for t in $targets; do
	echo "run-fuzzers: fuzzing $t for ${seconds}s"
	run_one "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait
		running=0
	fi
done
wait

found=$(find "$work/artifacts" -type f | sort)
if [ -n "$found" ]; then
	keep=1
	echo "run-fuzzers: FOUND PROBLEMS (logs in $work/logs):"
	for f in $found; do
		echo "  $f"
	done
	echo "replay one with: $work/fuzz-TARGET FILE; minimise with -minimize_crash=1 -runs=10000"
	exit 1
fi
echo "run-fuzzers: no crash, leak, timeout or OOM"
