/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Call paths: who calls a function and what it calls, with shares (as
 * pprof's -peek), and the whole call tree from the roots with
 * percentages, pruned below a threshold. Frames are named as in
 * flamegraphs (profile/collapse.h).
 */
#ifndef CPROF_REPORT_CALLPATHS_H
#define CPROF_REPORT_CALLPATHS_H

#include <stdbool.h>
#include <stdio.h>

#include "profile/profile.h"
#include "report/top.h"
#include "util/usage.h"

/*
 * Callers (or callees) of every frame named FUNC exactly or, if none is,
 * matching FUNC as an extended regular expression. 0, or -1 with D
 * filled when nothing matches or the expression is invalid.
 */
int report_peek(const struct profile *p, const struct top_opts *o, const char *func,
		bool callers, FILE *out, struct diag *d);

/* The call tree, pruned below o->threshold percent. */
void report_tree(const struct profile *p, const struct top_opts *o, FILE *out);

#endif
