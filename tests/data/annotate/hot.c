/* SPDX-License-Identifier: MIT */
/*
 * A workload for cprof annotate: hot() takes all the CPU time, in a loop
 * of a dozen instructions, so its disassembly has a few clearly hot
 * lines. Usage: hot [SECONDS] (default 1).
 */
#include <stdlib.h>
#include <time.h>

volatile long n_iter = 200000;

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

__attribute__((noinline)) double hot(long n)
{
	double s = 0;

	for (long i = 1; i < n; i++)
		s += 1.0 / (double)i * (double)(i & 7);
	return s;
}

int main(int argc, char **argv)
{
	double end = now() + (argc > 1 ? atof(argv[1]) : 1.0), s = 0;

	while (now() < end)
		s += hot(n_iter);
	return s < 0;
}
