/* SPDX-License-Identifier: MIT */
/*
 * workload.h - helpers shared by the test workload programs.
 *
 * Clock reads, sleeping, command-line number parsing, the WL_NOIPA
 * attribute and the busy-work loop of the hot functions.  Everything is
 * static inline (or a macro), so each program stays a single source
 * file.  Include this header before any other: it asks for _GNU_SOURCE.
 * It is valid C (C11 and GNU C) and C++.
 */
#ifndef WL_WORKLOAD_H
#define WL_WORKLOAD_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

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

/*
 * Busy work for the hot functions: ITERS dependent multiply-adds (steps
 * of a 64-bit LCG) on the unsigned long variable X, which the compiler
 * can neither vectorise nor collapse.  WL_BURN_ALT uses other constants.
 * Macros, not inline functions, so that no DWARF inlined-subroutine
 * entry takes the self time away from the hot function they stand in: a
 * profiler that shows inlined frames (as cprof does) must still see the
 * hot function as the leaf.
 */
#define WL_BURN_LCG(x, iters, mul, inc)                                        \
	do {                                                                   \
		unsigned long wl_i_, wl_n_ = (iters);                          \
		for (wl_i_ = 0; wl_i_ < wl_n_; wl_i_++) {                      \
			(x) = (x) * (mul) + (inc);                             \
			__asm__ __volatile__("" : "+r"(x));                    \
		}                                                              \
	} while (0)
#define WL_BURN(x, iters)                                                      \
	WL_BURN_LCG(x, iters, 6364136223846793005UL, 1442695040888963407UL)
#define WL_BURN_ALT(x, iters)                                                  \
	WL_BURN_LCG(x, iters, 2862933555777941757UL, 3037000493UL)

/* The time of clock CLK in seconds. */
static inline double clock_seconds(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Monotonic wall-clock time in seconds. */
static inline double now(void)
{
	return clock_seconds(CLOCK_MONOTONIC);
}

/* Sleeps until now() reaches WHEN. */
static inline void sleep_until(double when)
{
	struct timespec ts;

	ts.tv_sec = (time_t)when;
	ts.tv_nsec = (long)((when - (double)ts.tv_sec) * 1e9);
	if (ts.tv_nsec >= 1000000000L)
		ts.tv_nsec = 999999999L;
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

/*
 * A run time in seconds (a finite number > 0) from ARG, or DEF if ARG is
 * NULL.  A bad ARG is reported on stderr and ends the program with
 * status 2.
 */
static inline double parse_seconds(const char *arg, double def)
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

/*
 * Stores the decimal integer ARG in *OUT if it is all of ARG and lies in
 * MIN..MAX; returns 0 then, else -1 (and leaves *OUT alone).
 */
static inline int parse_long_range(const char *arg, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

#endif /* WL_WORKLOAD_H */
