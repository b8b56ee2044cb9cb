#!/bin/sh
# A leak detector, not a timing test: launch mode over 1,500 short-lived
# processes, the recorder's descriptors and RSS read from /proc during
# the run. What is held for a process must go when it exits, so the
# counts at the end (before the end-of-run symbolization) stay within
# twice those after the first 300 processes (bench/lifetimes.sh measures
# the same closely, against a 10% target). The processes are rarely
# sampled: this catches state kept per process seen, not per unwound.
. "$top_srcdir/tests/t/lib.sh"
require_perf
# under AddressSanitizer freed memory waits in a quarantine (256 MB by
# default), which would count as growth here
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=4"
export ASAN_OPTIONS

# the count every 100 processes in ./count, then a pause for a last look
# before the recorder stops. A pause after 200 lets the one-time load of
# the kernel's symbols (/proc/kallsyms, about 9 MB, read in a thread
# from the first kernel frame on) end before the look at 300.
"$CPROF" record -q -F 999 -o life.data -- sh -c \
	'i=0; while [ $i -lt 1500 ]; do /bin/true; i=$((i+1)); [ $i -ne 200 ] || sleep 1
	[ $((i % 100)) -ne 0 ] || echo $i > count; done; sleep 0.5' 2> record.err &
rpid=$!
# "count rss-KiB fds" every 0.1 s; bounded: 60 s at most
n=0
: > looks
while [ $n -lt 600 ] && [ -e "/proc/$rpid/status" ]; do
	c=$(awk 'NR == 1 { print $1 + 0 }' count 2> /dev/null)
	r=$(awk '/^VmRSS/ { print $2 }' "/proc/$rpid/status" 2> /dev/null)
	f=$(ls "/proc/$rpid/fd" 2> /dev/null | wc -l)
	[ -n "$r" ] && echo "${c:-0} $r $f" >> looks
	n=$((n + 1))
	sleep 0.1
done
reap_record "$rpid" 60

set -- $(awk '$1 >= 300 && !a { a = 1; print $2, $3 }' looks)
rss300=${1:-} fd300=${2:-}
set -- $(awk '$1 >= 1500 && !a { a = 1; print $2, $3 }' looks)
rss_end=${1:-} fd_end=${2:-}
if [ -z "$rss300" ] || [ -z "$rss_end" ]; then
	fail "no look at 300 or at 1500 processes: $(tr '\n' ';' < looks)"
	finish
fi
echo "after 300 processes: $rss300 KiB, $fd300 fds; after 1500: $rss_end KiB, $fd_end fds"
[ "$fd_end" -le $((fd300 * 2 + 16)) ] && pass "descriptors bounded ($fd300 -> $fd_end)" ||
	fail "descriptors grow with processes: $fd300 after 300, $fd_end after 1500"
# twice, and 12 MB for that symbol table where it loaded late all the same
[ "$rss_end" -le $((rss300 * 2 + 12288)) ] && pass "RSS bounded ($rss300 -> $rss_end KiB)" ||
	fail "RSS grows with processes: $rss300 KiB after 300, $rss_end KiB after 1500"
samples=$("$CPROF" info life.data | awk '$1 == "samples" { print $2 }')
[ "${samples:-0}" -gt 0 ] && pass "$samples samples recorded" || fail "no samples recorded"
finish
