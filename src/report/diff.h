/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Comparing two profiles function by function: the self and cumulative
 * share of each function before and after, what changed most, what
 * appeared and what vanished. Functions are matched by name and source
 * file (not line, so an edit above a function does not split it).
 */
#ifndef CPROF_REPORT_DIFF_H
#define CPROF_REPORT_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "profile/profile.h"

struct diff_opts {
	bool normalize;   /* compare shares of each side's total (default), or raw values */
	size_t top;       /* rows; 0 = all */
	const char *before_name, *after_name;
	int before_vi, after_vi; /* value indexes, resolved by the caller */
	double fail_pct;  /* a self share growing by more points is a regression; < 0: off */
	bool json;        /* JSON as cprof-json(5) describes, instead of the text report */
	/*
	 * The filter options given, for the JSON output: name, value, name,
	 * value, ..., NULL ("focus", "re"). NULL for none.
	 */
};

/*
 * Print the diff report: text, or JSON with o->json. Returns the number
 * of functions whose self share grew by more than fail_pct points (0 when
 * the gate is off).
 */
size_t report_diff(const struct profile *before, const struct profile *after,
		   const struct diff_opts *o, FILE *out);

#endif
