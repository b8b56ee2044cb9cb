/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The top-N function table: self and cumulative shares per function,
 * under a header that says what was recorded.
 */
#ifndef CPROF_REPORT_TOP_H
#define CPROF_REPORT_TOP_H

#include <stddef.h>
#include <stdio.h>

#include "profile/profile.h"

enum top_sort { TOP_SORT_SELF, TOP_SORT_CUM };

struct top_opts {
	size_t top;       /* rows to show; 0 = all */
	enum top_sort sort;
	size_t width;     /* fit rows in this many columns; 0 = no limit */
	bool utf8;        /* truncate with "…" rather than ".." */
	const char *input; /* shown in the header */
	int value_index;   /* -1: profile_value_index()'s default */
};

void report_top(const struct profile *p, const struct top_opts *o, FILE *out);

#endif
