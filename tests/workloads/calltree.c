/* SPDX-License-Identifier: MIT */
/*
 * calltree - a workload with a fixed, known split of self time.
 *
 * main() calls drive(), which loops until the run time is up; every
 * round calls spin_sixty(), spin_thirty() and spin_ten() in turn, and
 * each of them spins through its share of a cycle of CYCLE_NS of CPU
 * time: 60%, 30% and 10%.  So a profile of this program should
 * attribute about 60%, 30% and 10% of all samples as self time to
 * spin_sixty, spin_thirty and spin_ten.  Everything else (drive, main,
 * the clock reads) is well under 1%.  The expected call tree is
 * main -> drive -> spin_{sixty,thirty,ten}.
 *
 * The split is by CPU time read off a clock, not by counts of work, so
 * it stays the same however fast the CPU runs and however often the
 * program is preempted; and the cycle length is chosen so that sampling
 * timers do not beat against it (see CYCLE_NS).  Repeated recordings,
 * at any frequency, therefore measure the same truth, and differ only
 * by sampling error.
 *
 * Built with -O2 -g -fno-omit-frame-pointer, so frame-pointer unwinding
 * works as well as DWARF unwinding.
 *
 * Usage: calltree [SECONDS]   (wall-clock run time, default 2)
 * At exit it prints "cpu SECONDS", the CPU time it got, on stderr.
 */
#include "workload.h"

#include <stdint.h>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

/*
 * The cycle: 26.44 ms of CPU time.  A timer at 99 Hz (10.101 ms) then
 * moves 0.382 of a cycle from one sample to the next (a golden-ratio
 * step), and one at 999 Hz (1.001 ms) sweeps it in steps of 0.038; both
 * spread the samples evenly over the cycle.  A cycle that divides the
 * sampling period instead would put every sample at the same point of
 * it.  A long cycle also keeps the timer's jitter (tens of microseconds
 * on a busy virtual machine) small against the three parts.
 */
#define CYCLE_NS 26440000.0

/* Work between two clock reads: a few microseconds. */
#define SLICE_ITERS 2000UL

/* Gaps between clock reads longer than this were spent off the CPU. */
#define OFF_CPU_NS 100000.0

static volatile unsigned long sink;

/*
 * The CPU time clock.  Reading CLOCK_THREAD_CPUTIME_ID costs a system
 * call, which would put a large share of the samples in the kernel; so
 * the clock adds up the steps of a cheap counter (the TSC on x86, else
 * CLOCK_MONOTONIC through the vDSO) between reads a few microseconds
 * apart, and leaves out the long steps, which are preemption.
 */
static uint64_t clock_ticks_per_cycle, clock_off_cpu_ticks;
static uint64_t clock_last, clock_cpu;

static inline uint64_t raw_ticks(void)
{
#if defined(__x86_64__) || defined(__i386__)
	return __rdtsc();
#else
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
#endif
}

/*
 * Calibrates the raw counter against CLOCK_MONOTONIC over 20 ms, asleep:
 * burning the CPU here would put samples in clock_init, more of them in
 * a short run than in a long one.
 */
static void clock_init(void)
{
	double t0 = now(), t1;
	uint64_t r0 = raw_ticks(), r1;
	double ticks_per_ns;

	sleep_until(t0 + 0.02);
	r1 = raw_ticks();
	t1 = now();
	ticks_per_ns = (double)(r1 - r0) / ((t1 - t0) * 1e9);
	clock_ticks_per_cycle = (uint64_t)(CYCLE_NS * ticks_per_ns);
	clock_off_cpu_ticks = (uint64_t)(OFF_CPU_NS * ticks_per_ns);
	if (clock_ticks_per_cycle == 0)
		clock_ticks_per_cycle = 1;
	clock_last = raw_ticks();
}

/* Where in the cycle the CPU time is now, in counter ticks. */
static inline uint64_t cycle_phase(void)
{
	uint64_t t = raw_ticks(), step = t - clock_last;

	clock_last = t;
	if (step < clock_off_cpu_ticks)
		clock_cpu += step;
	return clock_cpu % clock_ticks_per_cycle;
}

/*
 * Burns slices of work while the cycle's phase lies in [LO, HI) tenths
 * of the cycle.  A macro, not an inline function, for the same reason
 * as WL_BURN: spin_* must stay the leaves.
 *
 * The volatile stack slot makes the caller a function with a stack
 * frame: GCC drops the frame pointer setup in leaf functions that use
 * no stack even with -fno-omit-frame-pointer, and frame-pointer
 * unwinding would then skip drive() in the call chains.
 */
#define SPIN_TENTHS(lo, hi)                                                    \
	do {                                                                   \
		volatile unsigned long anchor = (hi);                          \
		uint64_t from = clock_ticks_per_cycle * (lo) / 10;             \
		uint64_t to = clock_ticks_per_cycle * (hi) / 10, phase;        \
		unsigned long x = sink;                                        \
		do {                                                           \
			WL_BURN(x, SLICE_ITERS);                               \
			phase = cycle_phase();                                 \
		} while (phase >= from && phase < to);                         \
		sink = x + anchor;                                             \
	} while (0)

static __attribute__((noinline)) WL_NOIPA void spin_sixty(void)
{
	SPIN_TENTHS(0, 6);
	__asm__ __volatile__("" ::: "memory");
}

static __attribute__((noinline)) WL_NOIPA void spin_thirty(void)
{
	SPIN_TENTHS(6, 9);
	__asm__ __volatile__("" ::: "memory");
}

static __attribute__((noinline)) WL_NOIPA void spin_ten(void)
{
	SPIN_TENTHS(9, 10);
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

	clock_init();
	sink = drive(seconds);
	/* the CPU time it got, for tests that compare sample counts with it */
	fprintf(stderr, "cpu %.3f\n", clock_seconds(CLOCK_PROCESS_CPUTIME_ID));
	return 0;
}
