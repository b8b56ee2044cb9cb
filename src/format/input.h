/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Any input file to the profile model, its kind told by its content
 * (pprof's ParseData, inferno's guess): every post-processing command
 * reads through here.
 */
#ifndef CPROF_FORMAT_INPUT_H
#define CPROF_FORMAT_INPUT_H

#include "profile/profile.h"
#include "util/progress.h"
#include "util/usage.h"

/* what input_load() keeps beyond what every output needs */
enum input_flags {
	/* one sample per recorded sample, with its time (--time, flame charts) */
	INPUT_SAMPLE_TIMES = 1 << 0,
};

/*
 * Read PATH into P (initialised here; release it even on failure).
 * FLAGS: enum input_flags. 0, or -1 with D filled. A recording cut
 * short is read to its last complete chunk and marked with the attr
 * complete=no. Reading a recording is shown on PROGRESS (NULL: silent).
 */
int input_load(const char *path, unsigned flags, const struct progress_target *progress,
	       struct profile *p, struct diag *d);

#endif
