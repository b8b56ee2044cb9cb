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
#include <sys/types.h>

#include "symbol/kallsyms.h"
#include "symbol/objfile.h"
#include "util/arena.h"
#include "util/progress.h"
#include "util/strbuf.h"

/* what is mapped, which says where its names come from */
enum sym_mapping_kind {
	SYM_MAP_USER,   /* a file, or anonymous memory (a JIT's perf map) */
	SYM_MAP_KERNEL, /* kernel addresses (kallsyms) */
	SYM_MAP_VDSO,   /* the vDSO, read from the process */
};

/* a mapping into a process's address space */
struct sym_mapping {
	pid_t pid; /* the process, for its files' root and its perf map */
	uint64_t start, end, pgoff;
	enum sym_mapping_kind kind;
	const char *path;
	const char *build_id; /* hex, or "" */
};

/* an address to name */
struct sym_location {
	uint32_t id;      /* the caller's, given back in struct resolved_lines */
	uint32_t mapping; /* its mapping's position in MAPS plus one; 0: none */
	uint64_t address;
};

/* what was found of a mapping: flags by its position in MAPS */
#define RESOLVE_MAPINFO_SYMBOLS 0x1  /* names were found */
#define RESOLVE_MAPINFO_LINES 0x2    /* file:line were found */
#define RESOLVE_MAPINFO_UNWIND 0x4   /* the file has .eh_frame or .debug_frame */
#define RESOLVE_MAPINFO_MISMATCH 0x8 /* the file on disk has another build-id */
#define RESOLVE_MAPINFO_MISSING 0x10 /* the file could not be opened */

struct resolved_function {
	uint32_t id; /* its position in functions plus one */
	const char *name, *system_name, *filename;
	uint32_t start_line;
};

struct resolved_line {
	uint32_t function_id;
	uint32_t line;
};

/* the frames of one location, innermost first (inlined functions before their caller) */
struct resolved_lines {
	uint32_t location_id;
	uint32_t nlines;
	struct resolved_line *lines;
};

struct resolved {
	struct resolved_function *functions;
	size_t nfunctions, functions_alloc;
	struct resolved_lines *lines; /* one per location that resolved */
	size_t nlines, lines_alloc;
	uint32_t *mapinfo; /* RESOLVE_MAPINFO_* flags, by position in MAPS */
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
void resolve_locations(const struct sym_mapping *maps, size_t nmaps,
		       const struct sym_location *locs, size_t nlocs, struct objcache *objs,
		       struct kallsyms *ksyms, const struct progress_target *progress,
		       struct resolved *out);
/*
 * The same with what a long-lived recorder keeps from one segment to the
 * next: SYM, whose files' debug information is read once and whose
 * (object, address) answers are kept, and the kernel's symbols KSYMS
 * (borrowed; NULL: no kernel names).
 */
struct symbolizer;
void resolve_locations_cached(const struct sym_mapping *maps, size_t nmaps,
			      const struct sym_location *locs, size_t nlocs,
			      struct objcache *objs, struct symbolizer *sym,
			      const struct kallsyms *ksyms, const struct progress_target *progress,
			      struct resolved *out);
void resolved_release(struct resolved *r);

#endif
