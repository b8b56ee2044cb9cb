#!/bin/sh
# The vDSO: a program calling clock_gettime(CLOCK_MONOTONIC) in a loop
# spends its time in the vDSO's function, named from the vDSO's own
# .dynsym (as readelf lists it in a copy the workload dumps), and no
# health line calls [vdso] a file without symbols. A recording cut short
# names it too (from cprof's own vDSO image, the same kernel's).
. "$top_srcdir/tests/t/lib.sh"
require_perf
command -v readelf > /dev/null || skip_all "no readelf (Debian package binutils)"
CC=${CC_FOR_TESTS:-cc}

cat > vdso.c <<'EOC'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* write this process's vDSO to stdout */
static int dump_vdso(void)
{
	FILE *maps = fopen("/proc/self/maps", "r");
	char line[512];
	unsigned long start, end;

	while (maps && fgets(line, sizeof(line), maps))
		if (strstr(line, "[vdso]") && sscanf(line, "%lx-%lx", &start, &end) == 2)
			return fwrite((void *)start, 1, end - start, stdout) != end - start;
	return 1;
}

int main(int argc, char **argv)
{
	struct timespec ts;
	long n, s = 0;

	if (argc > 1 && !strcmp(argv[1], "dump"))
		return dump_vdso();
	n = argc > 1 ? atol(argv[1]) : 1;
	if (argc > 2) {
		FILE *f = fopen(argv[2], "w");

		if (f) {
			fprintf(f, "%ld\n", (long)getpid());
			fclose(f);
		}
	}
	for (long i = 0; i < n; i++) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		s += ts.tv_nsec;
	}
	return s == 42;
}
EOC
$CC -O2 -g vdso.c -o vdso-loop 2> cc.err || { fail "cannot build the workload: $(cat cc.err)"; finish; }
./vdso-loop dump > vdso.so || skip_all "this process has no vDSO"
readelf --dyn-syms -W vdso.so | awk '$4 == "FUNC" { sub(/@.*/, "", $8); print $8 }' | sort -u > vdso.names
grep -q clock_gettime vdso.names || skip_all "the vDSO has no clock_gettime: $(tr '\n' ' ' < vdso.names)"

# the [vdso] row with the most samples: its function and self share
vdso_top() {
	report_rows -i "$1" | awk '$5 == "[vdso]" { print $4, $1; exit }'
}

# through sh, whose own vDSO no sample falls in: not one "without symbols"
"$CPROF" record -o vdso.data -- sh -c './vdso-loop 60000000; true' 2> record.err || fail "record exited $?: $(cat record.err)"
set -- $(vdso_top vdso.data) "" ""
if grep -qx "$1" vdso.names && case $1 in *clock_gettime*) true ;; *) false ;; esac &&
	within "$2" 30 100; then
	pass "vDSO function $1 (in readelf's .dynsym of the vDSO) has $2% self"
else
	fail "vDSO top function '$1' ($2%), expected one of .dynsym's clock_gettime: $(report_rows -i vdso.data | head -5)"
fi
grep 'without a symbol' record.err | grep -q 'vdso' &&
	fail "record lists the vDSO without symbols: $(grep 'without a symbol' record.err)"
"$CPROF" info vdso.data > info.out || fail "info exited $?"
grep 'without a symbol' info.out | grep -q 'vdso' &&
	fail "info lists the vDSO without symbols: $(grep 'without a symbol' info.out)"
grep '\[vdso\]' info.out | grep -q 'no symbols' &&
	fail "info lists the vDSO mapping as [no symbols]: $(grep '\[vdso\]' info.out)"
grep '\[vdso\]' info.out | grep -q '\[symbols' && pass "info: the sampled [vdso] has [symbols], none has [no symbols]" ||
	fail "info: no [vdso] mapping with symbols: $(grep 'vdso' info.out)"

# cut short: symbols are resolved when the recording is read
"$CPROF" record -q -o cut.data -- ./vdso-loop 600000000 loop.pid &
rpid=$!
sleep 2
kill -9 "$rpid"
wait "$rpid" 2>/dev/null
[ -s loop.pid ] && kill "$(cat loop.pid)" 2>/dev/null
set -- $(vdso_top cut.data 2>/dev/null) "" ""
if grep -qx "$1" vdso.names && within "$2" 30 100; then
	pass "cut short: vDSO function $1 has $2% self"
else
	fail "cut short: vDSO top function '$1' ($2%): $(report_rows -i cut.data 2>&1 | head -5)"
fi
finish
