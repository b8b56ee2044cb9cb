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
#include "workload.h"

#define UNIT_ITERS 200000UL

static volatile unsigned long sink;

/*
 * The shared inner loop, UNITS work units of WL_BURN.  A macro, not an
 * inline function, for the same reason as WL_BURN: spin_* must stay
 * the leaves.
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
		WL_BURN(x, (units) * UNIT_ITERS);                              \
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

	sink = drive(seconds);
	/* the CPU time it got, for tests that compare sample counts with it */
	fprintf(stderr, "cpu %.3f\n", clock_seconds(CLOCK_PROCESS_CPUTIME_ID));
	return 0;
}
