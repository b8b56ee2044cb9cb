/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CPROF_UTIL_ARITH_H
#define CPROF_UTIL_ARITH_H

#include <stdint.h>

/*
 * a + b, held at INT64_MAX / INT64_MIN instead of overflowing: sample
 * values come from input files and may be anything.
 */
static inline int64_t sat_add64(int64_t a, int64_t b)
{
	int64_t r;

	if (__builtin_add_overflow(a, b, &r))
		return b > 0 ? INT64_MAX : INT64_MIN;
	return r;
}

#endif
