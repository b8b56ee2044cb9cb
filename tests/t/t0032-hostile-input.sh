#!/bin/sh
# Hostile inputs (tests/fuzz/corpus: damaged recordings, malformed pprof
# profiles, odd folded stacks; tests/fuzz/heavy: decompression and
# decoding bombs) through every command that reads a profile. Each run
# ends within its time limit with status 0 or 2, never another status or
# a signal; a failure says so in one "cprof: ..." line and leaves no
# output file behind.
. "$top_srcdir/tests/t/lib.sh"
CORPUS="$top_srcdir/tests/fuzz/corpus"
HEAVY="$top_srcdir/tests/fuzz/heavy"
LIMIT=${CPROF_HOSTILE_TIMEOUT:-20}

[ -d "$CORPUS" ] || skip_all "no corpus in $CORPUS"
command -v timeout > /dev/null 2>&1 || skip_all "no timeout(1)"
# ASan reserves terabytes of address space: no ulimit -v there, and more room
sanitized=no
grep -q '^SANITIZE_FLAGS = .*-fsanitize' "$top_builddir/Makefile" 2> /dev/null && sanitized=yes
# dash and bash have ulimit -v; POSIX does not
can_ulimit=no
[ "$sanitized" = no ] && (ulimit -v 4000000) 2> /dev/null && can_ulimit=yes
TIME=
[ -x /usr/bin/time ] && /usr/bin/time -f %M true > /dev/null 2>&1 && TIME=/usr/bin/time

# run WHAT OUTFILE CMD...: run one command on hostile input and check how it ends
# (WHAT names it in messages; OUTFILE is the file it writes, or -)
run() {
	what=$1 outfile=$2
	shift 2
	[ "$outfile" = - ] || rm -f "$outfile"
	timeout -k 5 "$LIMIT" "$@" < /dev/null > out 2> err
	st=$?
	if [ "$st" -eq 124 ] || [ "$st" -eq 137 ]; then
		fail "$what: no answer within ${LIMIT}s"
		return 1
	fi
	if [ "$st" -ne 0 ] && [ "$st" -ne 2 ]; then
		fail "$what: exit status $st: $(head -c 2000 err)"
		return 1
	fi
	if grep -q 'runtime error\|Sanitizer\|LeakSanitizer' err; then
		fail "$what: sanitizer report: $(head -c 2000 err)"
		return 1
	fi
	[ "$st" -eq 0 ] && return 0
	# warnings may come first; then one line that says what went wrong
	if [ "$(grep -vc '^cprof: warning: ' err)" -ne 1 ] || ! grep -v '^cprof: warning: ' err | grep -q '^cprof: .'; then
		fail "$what: failed without one clear 'cprof: ...' line: $(head -c 2000 err)"
		return 1
	fi
	if [ "$outfile" != - ] && [ -e "$outfile" ]; then
		# as inferno does, a profile without samples still gets an SVG that says so
		if [ "$outfile" = x.svg ] && grep -q 'no samples to draw' err &&
			grep -q 'No valid input provided to flamegraph' x.svg; then
			return 0
		fi
		fail "$what: failed ($(cat err)) but left $outfile behind"
		return 1
	fi
	return 0
}

# every command that reads a profile, on F
run_all() {
	f=$1 name=$2
	bad=$failures
	run "report $name" - "$CPROF" report -w 0 -n 0 -i "$f"
	run "info $name" - "$CPROF" info "$f"
	run "flamegraph $name" x.svg "$CPROF" flamegraph -i "$f" -o x.svg
	run "collapse $name" - "$CPROF" collapse -i "$f"
	run "collapse -o $name" x.folded "$CPROF" collapse -i "$f" -o x.folded
	if run "pprof $name" x.pb.gz "$CPROF" pprof -i "$f" -o x.pb.gz && [ "$st" -eq 0 ]; then
		# what cprof wrote, cprof reads back
		if [ ! -s x.pb.gz ]; then
			fail "pprof $name: exit 0 but no x.pb.gz"
		else
			run "report of the pprof of $name" - "$CPROF" report -w 0 -i x.pb.gz
			[ "$st" -eq 0 ] || fail "pprof $name: cprof cannot read back what it wrote: $(cat err)"
		fi
	fi
	[ "$failures" -eq "$bad" ] && pass "$name"
}

n=0
for kind in cdata pprof folded; do
	for f in "$CORPUS/$kind"/*; do
		[ -f "$f" ] || continue
		run_all "$f" "$kind/$(basename "$f")"
		n=$((n + 1))
	done
done
if [ "$n" -gt 100 ]; then
	pass "$n corpus files"
else
	fail "only $n corpus files in $CORPUS"
fi

# standard input is no regular file: the same checks when reading a pipe
for f in "$CORPUS/pprof/gzip-bomb-zeros-50M.pb.gz" "$CORPUS/cdata/real-truncated-6547.data"; do
	[ -f "$f" ] || continue
	rm -f err
	# shellcheck disable=SC2016 # $1 and $2 are the inner shell's
	timeout -k 5 "$LIMIT" sh -c '"$1" report -w 0 -i - < "$2"' sh "$CPROF" "$f" > out 2> err
	st=$?
	if [ "$st" -eq 0 ] || { [ "$st" -eq 2 ] && [ "$(wc -l < err)" -eq 1 ]; }; then
		pass "report -i - < $(basename "$f"): exit $st"
	else
		fail "report -i - < $(basename "$f"): exit $st: $(head -c 2000 err)"
	fi
done

# ---- bombs ----
[ -d "$HEAVY" ] || { finish; }
# MEM_KB: peak resident size of the last measured run (/usr/bin/time), or empty
measure() {
	MEM_KB=
	if [ -n "$TIME" ]; then
		timeout -k 5 "$LIMIT" "$TIME" -o mem -f %M "$@" < /dev/null > out 2> err
		st=$?
		MEM_KB=$(tail -n 1 mem 2> /dev/null)
	else
		timeout -k 5 "$LIMIT" "$@" < /dev/null > out 2> err
		st=$?
	fi
}
max_kb=$((1536 * 1024))
[ "$sanitized" = yes ] && max_kb=$((3 * 1024 * 1024))

# 1100 MiB of zeros in a 1 MiB gzip file: refused quickly, within ~1.5 GiB
if gzip -dc "$HEAVY/gzip-bomb-zeros-1100M.pb.gz.gz" > bomb.pb.gz 2> /dev/null; then
	start=$(date +%s)
	if [ -n "$TIME" ] || [ "$can_ulimit" = no ]; then
		measure "$CPROF" report -i bomb.pb.gz
	else
		# no /usr/bin/time: the address space is the limit instead
		(ulimit -v $max_kb && exec timeout -k 5 "$LIMIT" "$CPROF" report -i bomb.pb.gz) \
			< /dev/null > out 2> err
		st=$?
		MEM_KB=
	fi
	secs=$(($(date +%s) - start))
	if [ "$st" -ne 2 ] || ! grep -q '^cprof: .*refusing\|^cprof: .*too large\|^cprof: .*expands' err ||
		[ "$(wc -l < err)" -ne 1 ]; then
		fail "1 GiB gzip bomb: exit $st after ${secs}s: $(head -c 2000 err)"
	elif [ -n "$MEM_KB" ] && [ "$MEM_KB" -gt "$max_kb" ]; then
		fail "1 GiB gzip bomb: refused, but used $((MEM_KB / 1024)) MiB (limit $((max_kb / 1024)) MiB)"
	else
		pass "1 GiB gzip bomb refused in ${secs}s${MEM_KB:+, $((MEM_KB / 1024)) MiB}: $(cat err)"
	fi
	rm -f bomb.pb.gz
else
	fail "cannot unpack $HEAVY/gzip-bomb-zeros-1100M.pb.gz.gz"
fi

# 16 million empty samples in 32 KiB: decoding must not take gigabytes.
# Its memory is capped with ulimit -v, so a regression fails here instead
# of exhausting the machine (not under ASan, which needs the address space).
f="$HEAVY/pprof-empty-samples-32M.pb.gz"
if [ -f "$f" ] && [ "$can_ulimit" = yes ]; then
	for cmd in report pprof; do
		start=$(date +%s)
		rm -f x.pb.gz
		if [ "$cmd" = pprof ]; then
			(ulimit -v $max_kb && exec timeout -k 5 "$LIMIT" "$CPROF" pprof -i "$f" -o x.pb.gz) \
				< /dev/null > out 2> err
		else
			(ulimit -v $max_kb && exec timeout -k 5 "$LIMIT" "$CPROF" report -i "$f") \
				< /dev/null > out 2> err
		fi
		st=$?
		secs=$(($(date +%s) - start))
		if [ "$st" -eq 0 ] || { [ "$st" -eq 2 ] && [ "$(wc -l < err)" -eq 1 ] &&
			grep -q '^cprof: ' err && [ ! -e x.pb.gz ]; }; then
			pass "$cmd of 16M empty samples in 1.5 GiB: exit $st in ${secs}s: $(cat err)"
		else
			fail "$cmd of 16M empty samples in 1.5 GiB: exit $st after ${secs}s: $(head -c 2000 err)"
		fi
	done
fi
finish
