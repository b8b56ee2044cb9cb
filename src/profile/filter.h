/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Narrowing a profile down, in the model, so that every output (report,
 * flamegraph, pprof, diff) sees the same samples. The names are pprof's:
 *
 *   focus      keep samples with a frame that matches
 *   ignore     drop samples with a frame that matches
 *   hide       remove matching frames from stacks (a sample whose frames
 *              all go stays, with an empty stack)
 *   tids, pids, comms   keep samples of these threads / processes /
 *              thread names
 *   time       keep samples taken in [from, to) seconds from the start
 *   max_depth  keep only the N outermost frames of each stack
 *   no_inline  fold inlined frames into the function they were inlined
 *              into (profile_fold_inline(), done first)
 *
 * A frame matches a regular expression (POSIX extended, unanchored) when
 * its name, the base name of its source file or the base name of its
 * binary does ("libc" matches every frame in libc.so.6).
 */
#ifndef CPROF_PROFILE_FILTER_H
#define CPROF_PROFILE_FILTER_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profile/profile.h"
#include "util/usage.h"

struct profile_filter {
	bool has_focus, has_ignore, has_hide;
	regex_t focus, ignore, hide;
	int64_t *tids, *pids;
	size_t ntids, npids;
	const char **comms; /* owned copies */
	size_t ncomms;
	bool has_from, has_to;
	double from_s, to_s;
	size_t max_depth; /* 0: no limit */
	bool no_inline;
};

void profile_filter_init(struct profile_filter *f);
void profile_filter_release(struct profile_filter *f);

/* true when F would change nothing */
bool profile_filter_empty(const struct profile_filter *f);

/* Compile REGEX into the focus, ignore or hide slot. 0, or -1 with D filled. */
int profile_filter_set_regex(struct profile_filter *f, char which, const char *regex,
			     struct diag *d);

/*
 * Apply F to P: samples are dropped and stacks rewritten in place, and
 * tables no sample uses any more are pruned (ids renumbered). 0, or -1
 * with D filled (e.g. a time range on a profile without sample times).
 */
int profile_filter_apply(struct profile *p, const struct profile_filter *f, struct diag *d);

#endif
