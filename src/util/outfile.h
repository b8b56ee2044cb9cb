/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * An output file written under a temporary name and renamed into place
 * only when complete, so a failure never leaves half a file where a good
 * one was. "-" (or NULL) is standard output; an existing device or FIFO
 * (/dev/null) is written in place, never replaced.
 */
#ifndef CPROF_UTIL_OUTFILE_H
#define CPROF_UTIL_OUTFILE_H

#include <stdio.h>

#include "util/usage.h"

struct outfile {
	FILE *fp;
	char *path;     /* NULL for standard output */
	char *tmp_path; /* NULL for standard output and devices */
};

/* 0, or -1 with D filled */
int outfile_open(struct outfile *of, const char *path, struct diag *d);
/* flush, close and rename into place; 0, or -1 with D filled (the temp file is removed) */
int outfile_commit(struct outfile *of, struct diag *d);
/* give up: remove the temp file */
void outfile_abort(struct outfile *of);

#endif
