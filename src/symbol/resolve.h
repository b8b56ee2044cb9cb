/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Resolving a recording's locations to functions and lines, once per
 * unique location: at the end of `record` (with the files it opened while
 * the processes ran), or when reading a recording whose writer died
 * before it stored symbols (with files opened now, build-ids checked).
 */
#ifndef CPROF_SYMBOL_RESOLVE_H
#define CPROF_SYMBOL_RESOLVE_H

#include <stddef.h>
#include <stdint.h>

#include "format/cdata.h"
#include "symbol/kallsyms.h"
#include "symbol/objfile.h"
#include "util/arena.h"
#include "util/progress.h"
#include "util/strbuf.h"

struct resolved {
	struct cdata_function *functions;
	size_t nfunctions, functions_alloc;
	struct cdata_lines *lines; /* one per location that resolved */
	size_t nlines, lines_alloc;
	uint32_t *mapinfo; /* CDATA_MAPINFO_* flags, by mapping id - 1 */
	size_t nmapinfo;
	struct arena arena;
	struct strbuf warnings; /* perf maps that could not be read, a line each */
};

/*
 * Resolve LOCS against MAPS. Files are found through OBJS (which may
 * already hold them); kernel addresses through KSYMS (taken over; NULL:
 * /proc/kallsyms is read if a kernel address needs it); code in
 * anonymous memory (a JIT's) through the perf map of its process,
 * /tmp/perf-PID.map, read now since the JIT appends to it as it runs.
 * The work is shown on PROGRESS ("Symbolizing"; NULL: silent).
 */
void resolve_locations(const struct cdata_mapping *maps, size_t nmaps,
		       const struct cdata_location *locs, size_t nlocs, struct objcache *objs,
		       struct kallsyms *ksyms, const struct progress_target *progress,
		       struct resolved *out);
/*
 * The same with what a long-lived recorder keeps from one segment to the
 * next: SYM, whose files' debug information is read once and whose
 * (object, address) answers are kept, and the kernel's symbols KSYMS
 * (borrowed; NULL: no kernel names).
 */
struct symbolizer;
void resolve_locations_cached(const struct cdata_mapping *maps, size_t nmaps,
			      const struct cdata_location *locs, size_t nlocs,
			      struct objcache *objs, struct symbolizer *sym,
			      const struct kallsyms *ksyms, const struct progress_target *progress,
			      struct resolved *out);
void resolved_release(struct resolved *r);

#endif
