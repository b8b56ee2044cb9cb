#!/bin/sh
# Bounded memory on many processes: state of a process is released when
# it exits (PERF_RECORD_EXIT), so the recorder's peak RSS and descriptor
# count on 2,000 short-lived children stay close to those on 200.
. "$top_srcdir/tests/t/lib.sh"
require_perf
# under AddressSanitizer freed memory waits in a quarantine (256 MB by
# default), which would count as growth here
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=4"
export ASAN_OPTIONS

cat > burn.c <<'EOC'
#include <time.h>
int main(void)
{
	struct timespec a, b;
	volatile unsigned long n = 0;

	clock_gettime(CLOCK_MONOTONIC, &a);
	do {
		for (int i = 0; i < 10000; i++)
			n++;
		clock_gettime(CLOCK_MONOTONIC, &b);
	} while ((b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec) < 2000000L);
	return 0;
}
EOC
${CC_FOR_TESTS:-cc} -O1 -g burn.c -o burn || skip_all "no C compiler"

# record N children of a shell, each burning 2 ms (so that it is sampled
# and unwound, which builds its libdwfl state); print "peak-RSS-KiB
# max-fds" of the recorder
measure() {
	"$CPROF" record -q -F 1999 -o many$1.data -- sh -c \
		"i=0; while [ \$i -lt $1 ]; do ./burn; i=\$((i+1)); done" &
	rpid=$!
	hwm=0 fds=0 n=0
	# bounded: 120 s at most
	while [ $n -lt 1200 ] && [ -e /proc/$rpid/status ]; do
		h=$(awk '/^VmHWM/ { print $2 }' /proc/$rpid/status 2> /dev/null)
		[ -n "$h" ] && hwm=$h
		f=$(ls /proc/$rpid/fd 2> /dev/null | wc -l)
		[ "$f" -gt "$fds" ] && fds=$f
		n=$((n + 1))
		sleep 0.1
	done
	wait $rpid || fail "record of $1 children exited $?"
	echo "$hwm $fds"
}

set -- $(measure 200)
rss200=$1 fd200=$2
set -- $(measure 2000)
rss2000=$1 fd2000=$2
echo "200 children: $rss200 KiB, $fd200 fds; 2000 children: $rss2000 KiB, $fd2000 fds"
# generous: ten times the processes may add what their new locations,
# stacks and mapping rows take, far below ten times the peak (before the
# release on exit: 435 MB for 200 children, 4.1 GB for 2,000)
[ "$rss2000" -le $((rss200 * 4 + 40000)) ] && pass "peak RSS bounded ($rss200 -> $rss2000 KiB)" ||
	fail "peak RSS grows with processes: $rss200 KiB for 200, $rss2000 KiB for 2000"
[ "$fd2000" -le $((fd200 + 16)) ] && pass "descriptors bounded ($fd200 -> $fd2000)" ||
	fail "descriptors grow with processes: $fd200 for 200, $fd2000 for 2000"
finish
