/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A clock's time in nanoseconds: CLOCK_MONOTONIC for the recorder's, CLOCK_REALTIME for walls */
#ifndef CPROF_UTIL_CLOCK_H
#define CPROF_UTIL_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline uint64_t clock_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

#endif
