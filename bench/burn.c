/* SPDX-License-Identifier: MIT */
/*
 * burn - fixed CPU-bound work for the benchmarks: ROUNDS rounds through a
 * call tree eight frames deep, with the time split between two leaves.
 * Built without frame pointers by the scripts (-O2 -fomit-frame-pointer),
 * as most distribution code is. Prints "wall SECONDS cpu SECONDS" for
 * the work alone on stderr, so that a profiler's start-up is not counted.
 *
 * usage: burn [ROUNDS]   (default 1500, about 2 s of CPU)
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static volatile unsigned long sink;

static double clock_s(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

#define LEAF(name, mul)                                                        \
	static __attribute__((noinline)) unsigned long name(unsigned long x,   \
							    unsigned long n)   \
	{                                                                      \
		while (n--) {                                                  \
			x = x * (mul) + 1442695040888963407UL;                 \
			__asm__ __volatile__("" : "+r"(x));                    \
		}                                                              \
		return x;                                                      \
	}
LEAF(leaf_hot, 6364136223846793005UL)
LEAF(leaf_warm, 2862933555777941757UL)

static __attribute__((noinline)) unsigned long step(int depth, unsigned long x)
{
	volatile char pad[64]; /* a real frame to unwind through */

	pad[0] = (char)x;
	if (depth)
		x = step(depth - 1, x + (unsigned long)pad[0]);
	else
		x = leaf_warm(leaf_hot(x, 600000), 400000);
	return x + (unsigned long)pad[0];
}

int main(int argc, char **argv)
{
	long rounds = argc > 1 ? atol(argv[1]) : 1500, i;
	double w0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	unsigned long x = 1;

	for (i = 0; i < rounds; i++)
		x = step(6, x);
	sink = x;
	fprintf(stderr, "wall %.4f cpu %.4f\n", clock_s(CLOCK_MONOTONIC) - w0,
		clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0);
	return 0;
}
