/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Inlined frames. By default a location's inlined lines are frames of
 * their own (as in pprof), so an inlined function gets its own row and
 * self time; folding them (--no-inline) leaves each location only its
 * outermost line, the function the code was inlined into, at the line
 * of the call site, so self time reads like perf's.
 */
#ifndef CPROF_PROFILE_INLINE_H
#define CPROF_PROFILE_INLINE_H

#include <stdbool.h>

#include "profile/profile.h"

/* Keep only the outermost line of every location; unused functions are pruned. */
void profile_fold_inline(struct profile *p);

/* true when an inlined frame (not a location's outermost line) of a leaf carries a value */
bool profile_inline_has_self(const struct profile *p);

#endif
