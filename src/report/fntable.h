/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Per-function totals of one sample value: self (the function is the
 * leaf) and cumulative (anywhere on the stack, once per sample). Shared
 * by the top table and the diff report.
 */
#ifndef CPROF_REPORT_FNTABLE_H
#define CPROF_REPORT_FNTABLE_H

#include <stddef.h>
#include <stdint.h>

#include "profile/frames.h"
#include "profile/profile.h"
#include "util/hashidx.h"

struct fn_row {
	/*
	 * The function; for a function with no source file, also its
	 * mapping, so that _start of the program and of ld.so stay apart;
	 * for an unresolved frame, its location.
	 */
	const void *key, *key2;
	struct frame frame;
	int64_t self, cum;
	size_t last_sample; /* to count cum once per sample; index + 1 */
	char *name;   /* as outputs show it */
	char *source; /* file:line of the definition, the DSO, or [kernel.kallsyms] */
};

struct fn_table {
	struct fn_row *rows;
	size_t nrows, alloc;
	int64_t total; /* the value summed over all samples */
	struct hashidx index;
};

/* the table of value VI over P's samples, rows in first-seen order */
void fn_table_build(const struct profile *p, int vi, struct fn_table *t);
void fn_table_release(struct fn_table *t);

/* where a frame's function is defined ("file.c:LINE"), or its DSO, or [kernel.kallsyms]; malloc'd */
char *frame_source(const struct frame *f);

#endif
