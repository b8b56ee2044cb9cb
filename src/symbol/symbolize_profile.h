/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Symbolization as a pass over the profile model, as pprof's driver runs
 * its symbolizer after reading: readers never open the binaries a
 * profile names, so reading an untrusted file opens nothing else. Only
 * a command that wants names asks for this pass.
 */
#ifndef CPROF_SYMBOL_SYMBOLIZE_PROFILE_H
#define CPROF_SYMBOL_SYMBOLIZE_PROFILE_H

#include <stdbool.h>

#include "profile/profile.h"
#include "util/progress.h"
#include "util/strbuf.h"

/* true when P's reader said its names were never stored (a recording cut short) */
bool profile_needs_symbols(const struct profile *p);

/*
 * Name P's locations that have a mapping but no lines, from the files on
 * disk (opened with O_NONBLOCK and only when regular; a build-id that no
 * longer matches keeps the file out, and its path goes to the attr
 * "mismatched") and /proc/kallsyms. Sets the mappings' has_* flags and
 * the attr "symbols" to PROFILE_SYMBOLS_RESOLVED_NOW. Code in anonymous
 * memory is named from its process's perf map if that is still in /tmp;
 * maps that could not be read are added to WARNINGS (a line each), when
 * it is not NULL. The work is shown on PROGRESS (NULL: silent).
 */
void profile_symbolize(struct profile *p, const struct progress_target *progress,
		       struct strbuf *warnings);

#endif
