/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Annotated source: a function's lines with the samples spent on each
 * (self: the line was executing; cumulative: a call from it was under
 * way), as perf annotate and pprof's -list show. Without a readable
 * source file, the function's instructions instead: ELF addresses with
 * objdump's disassembly beside the samples, as perf annotate shows them.
 * Source and binary files are opened only when regular (never a FIFO).
 */
#ifndef CPROF_REPORT_ANNOTATE_H
#define CPROF_REPORT_ANNOTATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "profile/profile.h"
#include "report/top.h"
#include "util/usage.h"

struct annotate_opts {
	const char *source_path; /* colon-separated directories to look for sources in, or NULL */
	size_t context;          /* lines shown after the last hot line */
	const char *objdump;     /* the objdump to disassemble with; NULL: objdump in PATH */
	bool no_disassembly;     /* addresses only, objdump not run */
	/* when the input was written, for inputs that do not say when they were recorded */
	int64_t input_mtime_ns;
	/* told of what the user should know (a source newer than the recording, a FIFO) */
	void (*warn)(const char *msg);
};

/*
 * Annotate every function named FUNC exactly or, if none is, matching it
 * as an extended regular expression. 0, or -1 with D filled when nothing
 * matches or the expression is invalid.
 */
int report_annotate(const struct profile *p, const struct top_opts *o,
		    const struct annotate_opts *ao, const char *func, FILE *out, struct diag *d);

#endif
