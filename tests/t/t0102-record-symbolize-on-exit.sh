#!/bin/sh
# Symbolize on exit: thirty programs, each a new file (as a build's
# freshly linked test programs are), each deleted once it ran, recorded
# in launch mode, two at a time. The recorder keeps the files of the
# last 16 programs open and closes the others once it has resolved what
# it sampled in them, so its descriptors stay bounded (not one per
# program) and every program's function is named in the report although
# no file is left. Each runs 0.3 s: the recorder opens a file when it
# reads the mmap event, up to about 0.1 s later, and a program run and
# deleted sooner is gone by then (as for perf, whose build-id cache is
# filled at the end).
. "$top_srcdir/tests/t/lib.sh"
require_perf
CC=${CC_FOR_TESTS:-cc}

cat > prog.c <<'EOC'
#include <time.h>
/* about 0.3 s of CPU in a function of this file */
__attribute__((noinline)) unsigned long distinct_burn(void)
{
	struct timespec a, b;
	volatile unsigned long x = 0;

	clock_gettime(CLOCK_MONOTONIC, &a);
	do {
		for (int i = 0; i < 10000; i++)
			x += (unsigned long)i * 7;
		clock_gettime(CLOCK_MONOTONIC, &b);
	} while ((b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec) < 300000000L);
	return x;
}
int main(void)
{
	return (int)(distinct_burn() & 0);
}
EOC
$CC -O1 -g -fno-omit-frame-pointer prog.c -o prog 2> cc.err || { fail "cannot build: $(cat cc.err)"; finish; }

"$CPROF" record -q -F 999 -g dwarf -o exit.data -- sh -c \
	'i=0; while [ $i -lt 30 ]; do
		cp prog copy-$i && cp prog copy-$((i+1)) && { ./copy-$i & ./copy-$((i+1)); wait; }
		rm -f copy-$i copy-$((i+1)); i=$((i+2)); done' \
	2> record.err &
rpid=$!
# the recorder's descriptors every 0.05 s while it runs; bounded: 60 s
n=0 max=0
while [ $n -lt 1200 ] && [ -e "/proc/$rpid/status" ]; do
	f=$(ls "/proc/$rpid/fd" 2> /dev/null | wc -l)
	[ "$f" -gt "$max" ] && max=$f
	n=$((n + 1))
	sleep 0.05
done
reap_record "$rpid" 60
ls copy-* > /dev/null 2>&1 && fail "copies were left: $(ls copy-*)"

# 16 files idle at most, the recorder's own (about 10) and the shell's
if [ "$max" -le 40 ]; then
	pass "at most $max descriptors over 30 programs"
else
	fail "$max descriptors over 30 programs: one per program?"
fi
report_rows -i exit.data > report.out
count=$(awk '$4 == "distinct_burn" { print $3; exit }' report.out)
samples=$("$CPROF" info exit.data | awk '$1 == "samples" { print $2 }')
if [ "${count:-0}" -ge $((samples * 8 / 10)) ] && [ "${samples:-0}" -ge 3000 ]; then
	pass "distinct_burn named in $count of $samples samples, every file deleted"
else
	fail "distinct_burn in ${count:-0} of ${samples:-0} samples: $(head -6 report.out)"
fi
# the programs run from copies named copy-N: none left without symbols
"$CPROF" info exit.data | grep "without a symbol in:.*copy-" &&
	fail "files without symbols: $("$CPROF" info exit.data | grep 'without a symbol')"
"$CPROF" report -n 0 -i exit.data --by dso 2> /dev/null | grep -o 'copy-[0-9][0-9]*' | sort -u | wc -l > dsos.count
[ "$(cat dsos.count)" -ge 30 ] && pass "$(cat dsos.count) of the 30 copies have samples" ||
	fail "only $(cat dsos.count) copies have samples"
finish
