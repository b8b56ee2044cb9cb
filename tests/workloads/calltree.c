/* SPDX-License-Identifier: MIT */
/*
 * calltree - a workload with a fixed, known split of self time.
 *
 * main() calls drive(), which loops until the run time is up; every
 * iteration calls spin_sixty(), spin_thirty() and spin_ten() in turn.
 * All three run the same inner loop for 6, 3 and 1 work units (a unit
 * is UNIT_ITERS dependent multiply-adds, roughly 200-300
 * microseconds), so a profile of this program should attribute about
 * 60%, 30% and 10% of all samples as self time to spin_sixty,
 * spin_thirty and spin_ten.  Everything else (drive, main, the clock
 * reads) is well under 1%.  The expected call tree is
 * main -> drive -> spin_{sixty,thirty,ten}.
 *
 * Built with -O2 -g -fno-omit-frame-pointer, so frame-pointer unwinding
 * works as well as DWARF unwinding.
 *
 * Usage: calltree [SECONDS]   (wall-clock run time, default 2)
 * At exit it prints "cpu SECONDS", the CPU time it got, on stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Keep GCC from cloning or merging the hot functions (names must stay). */
#if defined(__GNUC__) && !defined(__clang__)
#define WL_NOIPA __attribute__((noipa))
#else
#define WL_NOIPA
#endif

#define UNIT_ITERS 200000UL

static volatile unsigned long sink;

static double parse_seconds(const char *arg, double def)
{
	char *end;
	double v;

	if (!arg)
		return def;
	errno = 0;
	v = strtod(arg, &end);
	if (errno || end == arg || *end != '\0' || !isfinite(v) || v <= 0) {
		fprintf(stderr, "invalid run time '%s'\n", arg);
		exit(2);
	}
	return v;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * The shared inner loop: a chain of dependent multiply-adds that the
 * compiler can neither vectorise nor collapse. A macro, not an inline
 * function, so that no DWARF inlined-subroutine entry takes the self
 * time away from the caller: a profiler that shows inlined frames (as
 * cprof does) must still see spin_* as the leaves.
 *
 * The volatile stack slot makes the caller a function with a stack
 * frame: GCC drops the frame pointer setup in leaf functions that use
 * no stack even with -fno-omit-frame-pointer, and frame-pointer
 * unwinding would then skip drive() in the call chains.
 */
#define BURN_UNITS(units)                                                      \
	do {                                                                   \
		volatile unsigned long anchor = (units);                       \
		unsigned long x = sink;                                        \
		unsigned long i, n = (units) * UNIT_ITERS;                     \
		for (i = 0; i < n; i++) {                                      \
			x = x * 6364136223846793005UL + 1442695040888963407UL; \
			__asm__ __volatile__("" : "+r"(x));                    \
		}                                                              \
		sink = x + anchor;                                             \
	} while (0)

static __attribute__((noinline)) WL_NOIPA void spin_sixty(void)
{
	BURN_UNITS(6);
	__asm__ __volatile__("" ::: "memory");
}

static __attribute__((noinline)) WL_NOIPA void spin_thirty(void)
{
	BURN_UNITS(3);
	__asm__ __volatile__("" ::: "memory");
}

static __attribute__((noinline)) WL_NOIPA void spin_ten(void)
{
	BURN_UNITS(1);
	__asm__ __volatile__("" ::: "memory");
}

static __attribute__((noinline)) WL_NOIPA unsigned long drive(double seconds)
{
	double end = now() + seconds;
	unsigned long rounds = 0;

	do {
		spin_sixty();
		spin_thirty();
		spin_ten();
		rounds++;
	} while (now() < end);
	__asm__ __volatile__("" ::: "memory");
	return rounds;
}

int main(int argc, char **argv)
{
	double seconds = parse_seconds(argc > 1 ? argv[1] : NULL, 2.0);
	struct timespec cpu;

	sink = drive(seconds);
	/* the CPU time it got, for tests that compare sample counts with it */
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
	fprintf(stderr, "cpu %.3f\n", cpu.tv_sec + cpu.tv_nsec / 1e9);
	return 0;
}
