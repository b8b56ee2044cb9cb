/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The mappings a recording names, shared by every process that maps the
 * same thing: one entry for libc at file offset 0x28000, length 0x15a000,
 * whether one process mapped it or five thousand, at whatever address
 * each process's ASLR chose. A frame is stored against the shared entry
 * at the address it would have in the entry's own placement (runtime
 * address - process's start + entry's start), which names the same byte
 * of the same file; so a libc function sampled in a thousand short
 * processes is one location, and a stack they share is one stack.
 * Anonymous code (a JIT's, named from its process's perf map) stays one
 * entry per process. Entries no live process maps and no open segment
 * uses are swept, with the object files only they held.
 */
#ifndef CPROF_RECORD_MAPPINGS_H
#define CPROF_RECORD_MAPPINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util/hashidx.h"

struct objfile;

struct shared_mapping {
	uint32_t id;   /* unique over the table's life */
	pid_t pid;     /* the first process that mapped it */
	uint64_t start, end, pgoff;
	uint32_t kind; /* the sink's mapping kind */
	char *path;
	char *build_id; /* hex, or "" */
	struct objfile *obj; /* NULL for anonymous or unreadable code */
	bool per_process;    /* anonymous code: PID's alone */
	uint32_t segment;    /* the last segment it was sent to, 0: none */
	bool marked;         /* for the sweep */
};

struct mapping_table {
	struct shared_mapping *v;
	size_t n, alloc;
	struct hashidx by_id, by_content;
	uint32_t next_id;
	size_t swept_n; /* entries after the last sweep */
};

void mapping_table_init(struct mapping_table *t);
void mapping_table_release(struct mapping_table *t);

/*
 * The entry for a mapping of PATH (BUILD_ID) at [START, END) from file
 * offset PGOFF in process PID: an existing one of the same file, offset,
 * length and kind (for PER_PROCESS code, of PID too), else a new one
 * placed where this process has it. The strings are copied.
 */
const struct shared_mapping *mapping_table_intern(struct mapping_table *t, pid_t pid,
						  uint64_t start, uint64_t end, uint64_t pgoff,
						  uint32_t kind, const char *path,
						  const char *build_id, struct objfile *obj,
						  bool per_process);

/* the entry with id ID, or NULL */
struct shared_mapping *mapping_table_get(const struct mapping_table *t, uint32_t id);

/*
 * Whether the table has doubled (and by at least 64) since the last
 * sweep: time to mark what is in use and sweep.
 */
bool mapping_table_sweep_due(const struct mapping_table *t);

/* mark entry ID as in use for the next sweep */
void mapping_table_mark(struct mapping_table *t, uint32_t id);

/*
 * Drop every entry that is neither marked nor sent to segment
 * KEEP_SEGMENT (0: none), and clear the marks. The objects of the
 * entries that stay have their in_use flag set (objcache_sweep).
 */
void mapping_table_sweep(struct mapping_table *t, uint32_t keep_segment);

#endif
