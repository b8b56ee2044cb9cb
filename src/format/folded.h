/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Folded stacks, as stackcollapse-perf.pl and inferno-collapse-* write
 * them: one line per unique stack, frames root first separated by ';',
 * a space, and a count ("main;work;spin 42"). Frame annotations follow
 * flamegraph.pl: "_[k]" kernel, "_[i]" inlined.
 */
#ifndef CPROF_FORMAT_FOLDED_H
#define CPROF_FORMAT_FOLDED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "profile/profile.h"
#include "util/usage.h"

#define FOLDED_MAX_FRAMES 4096

struct folded_opts {
	int value_index;  /* -1: profile_value_index()'s default */
	bool annotate;    /* append _[k] and _[i] */
};

/* write P's stacks, merged and sorted */
void folded_write(const struct profile *p, const struct folded_opts *o, FILE *out);

/*
 * Parse folded text into P (initialised by the caller). A line with two
 * counts (difffolded) counts as its second. 0, or -1 with D filled
 * (line number in D->offset).
 */
int folded_read(const char *data, size_t len, struct profile *p, struct diag *d);

/* does the text look like folded stacks? (only blank and # lines: yes, with none) */
bool folded_sniff(const char *data, size_t len);

#endif
