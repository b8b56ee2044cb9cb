#!/bin/sh
# Views across threads and processes: --by pid names a process by its
# main thread (its comm, as ps shows it), also when only threads that
# renamed themselves (pthread_setname_np) took samples (a name with a
# tab and a newline is escaped on its row); --by dso gives
# one row per library however many processes mapped it; and the kernel
# is called [kernel.kallsyms], as perf calls it, in every output.
. "$top_srcdir/tests/t/lib.sh"
require_perf
CC=${CC_FOR_TESTS:-cc}

# the main thread only waits: every sample is in a thread that named itself
cat > named.c <<'EOC'
#define _GNU_SOURCE
#include <pthread.h>
#include <time.h>
static volatile unsigned long sink;
static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}
static void *work(void *name)
{
	double end = now() + 0.4;
	pthread_setname_np(pthread_self(), name);
	while (now() < end)
		for (int i = 0; i < 100000; i++)
			sink += i;
	return 0;
}
int main(void)
{
	pthread_t a, b, c;
	pthread_create(&a, 0, work, "workerA");
	pthread_create(&b, 0, work, "workerB");
	pthread_create(&c, 0, work, "odd\tname\n");
	pthread_join(a, 0);
	pthread_join(b, 0);
	pthread_join(c, 0);
	return 0;
}
EOC
$CC -O1 -pthread named.c -o namedproc 2> cc.err || { fail "cannot build: $(cat cc.err)"; finish; }
"$CPROF" record -q -o named.data -- ./namedproc 2> rec.err || fail "record exited $?: $(cat rec.err)"
report_rows -i named.data --by comm > comm.out
grep -q ' workerA$' comm.out && grep -q ' workerB$' comm.out ||
	fail "the threads did not take their names: $(cat comm.out)"
# a thread name with control characters stays on its row, escaped
grep -q ' odd\\tname\\n$' comm.out && awk '$1 !~ /^[0-9.]+$/ { exit 1 }' comm.out ||
	fail "--by comm: the odd thread name is not one escaped row: $(cat -A comm.out)"
report_rows -i named.data --by pid > pid.out
[ "$(wc -l < pid.out)" -eq 1 ] && grep -q ' [0-9]*:namedproc$' pid.out &&
	pass "--by pid: the process by its own name" ||
	fail "--by pid does not name the process namedproc: $(cat pid.out)"
# the name survives pprof, as a label
"$CPROF" pprof -i named.data -o named.pb.gz || fail "pprof exited $?"
report_rows -i named.pb.gz --by pid | grep -q ' [0-9]*:namedproc$' ||
	fail "--by pid of the pprof profile: $(report_rows -i named.pb.gz --by pid)"

# three processes in the same libraries and in the kernel
cat > three.sh <<'EOS'
#!/bin/sh
for i in 1 2 3; do
	dd if=/dev/zero of=/dev/null bs=4k count=150000 status=none
done
EOS
chmod +x three.sh
"$CPROF" record -q -o three.data -- ./three.sh 2> rec.err || fail "record exited $?: $(cat rec.err)"
report_rows -i three.data --by pid,dso > pid-dso.out
n=$(awk '$5 == "libc.so.6" && $4 ~ /:dd$/ && $3 > 0' pid-dso.out | wc -l)
[ "$n" -ge 2 ] || fail "libc.so.6 took samples in $n dd processes, not enough to test: $(cat pid-dso.out)"
report_rows -i three.data --by dso > dso.out
dups=$(awk '{ print $4 }' dso.out | sort | uniq -d)
[ -z "$dups" ] && grep -q ' libc\.so\.6$' dso.out && pass "--by dso: one row per library" ||
	fail "--by dso repeats $dups: $(cat dso.out)"
# unresolved frames of dd (no symbols) merge across the processes too
report_rows -i three.data > fn.out
dups=$(awk '{ print $4, $5 }' fn.out | sort | uniq -d)
[ -z "$dups" ] || fail "function rows repeated: $dups"

# the kernel: one name everywhere
if "$CPROF" info three.data | grep -q '^kernel_frames *yes'; then
	"$CPROF" report -i three.data -w 0 -n 0 > k-fn.out
	"$CPROF" report -i three.data --format json -n 0 > k.json
	"$CPROF" info three.data > k-info.out
	"$CPROF" flamegraph -i three.data -o k.svg
	"$CPROF" pprof -i three.data -o k.pb.gz
	python3 -c 'import gzip, sys; sys.stdout.buffer.write(gzip.open(sys.argv[1]).read())' \
		k.pb.gz > k.pb 2> /dev/null || gzip -dc k.pb.gz > k.pb
	for f in k-fn.out dso.out k.json k-info.out k.svg k.pb; do
		grep -aq '\[kernel\.kallsyms\]' "$f" || fail "$f does not name [kernel.kallsyms]"
		others=$(grep -ao '\[kernel[^]]*\]' "$f" | grep -v '^\[kernel\.kallsyms\]$' | sort -u)
		[ -z "$others" ] || fail "$f names the kernel $others"
	done
	grep -q ' \[kernel\.kallsyms\]$' k-fn.out || fail "no kernel function with source [kernel.kallsyms]"
	[ "$failures" -eq 0 ] && pass "the kernel is [kernel.kallsyms] in report, json, info, svg, pprof"
else
	echo "# no kernel frames here: the kernel's name is not checked"
fi
finish
