/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Annotated source: a function's lines with the samples spent on each
 * (self: the line was executing; cumulative: a call from it was under
 * way), as perf annotate and pprof's -list show. Without a readable
 * source file, the function's hot addresses with their lines instead.
 */
#ifndef CPROF_REPORT_ANNOTATE_H
#define CPROF_REPORT_ANNOTATE_H

#include <stdio.h>

#include "profile/profile.h"
#include "report/top.h"
#include "util/usage.h"

struct annotate_opts {
	const char *source_path; /* colon-separated directories to look for sources in, or NULL */
	size_t context;          /* lines shown after the last hot line */
};

/*
 * Annotate every function named FUNC exactly or, if none is, matching it
 * as an extended regular expression. 0, or -1 with D filled when nothing
 * matches or the expression is invalid.
 */
int report_annotate(const struct profile *p, const struct top_opts *o,
		    const struct annotate_opts *ao, const char *func, FILE *out, struct diag *d);

#endif
