/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The recorder's long-lived state between its sources and its sinks:
 * processes and threads (released when they exit), their address spaces
 * with the unwinder's state, the files they map, and the kernel's
 * symbols being read. Sources feed it neutral events (source.h) in time
 * order; it unwinds samples and hands them to the current sink. It
 * never prints, exits or decides policy, and does not know which source
 * fed it.
 */
#ifndef CPROF_RECORD_SESSION_H
#define CPROF_RECORD_SESSION_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "record/mappings.h"
#include "record/sink.h"
#include "util/hashidx.h"

struct addrspace;
struct objcache;
struct kallsyms;
struct kallsyms_loader;
struct symbolizer;

struct session_thread {
	pid_t pid, tid;
	char comm[16];
	uint64_t time; /* when it got its name */
	bool live;
};

struct session_as {
	pid_t pid;
	struct addrspace *as;
	char *cgroup;    /* its control group, or NULL when unknown */
	char *container; /* the container id its cgroup names, or NULL */
};

struct session {
	struct sink *sink; /* the current segment's; NULL between segments */
	struct objcache *objs;

	struct session_thread *threads;
	size_t nthreads, threads_alloc, dead_threads;
	struct hashidx thread_index;

	struct session_as *spaces;
	size_t nspaces, spaces_alloc, dead_spaces;
	struct hashidx space_index;

	struct mapping_table maps;        /* what the address spaces map, shared */
	uint32_t segment_no;              /* the current (or last) segment's, from 1 */
	uint32_t kernel_mapping;          /* 0 until the first kernel frame */
	struct kallsyms_loader *kallsyms; /* started at the first kernel frame */
	struct kallsyms *ksyms;           /* ... read, kept for every segment */
	const char *kallsyms_cache;       /* the owner's compact cache file, or NULL */
	struct symbolizer *sym;           /* debug information and answers, kept too */

	struct session_stats stats;   /* since the recording began */
	struct session_stats segment; /* since the current segment began */
	bool synthesize_missing;      /* read /proc for processes seen first in a sample */
};

void session_init(struct session *s);
void session_release(struct session *s);

/*
 * Start sending to SINK: every live thread goes to it first, and each
 * mapping before the first frame in it, so the segment reads alone.
 */
void session_begin_segment(struct session *s, struct sink *sink);
/*
 * Finish the current segment through its sink (symbols and health, H
 * filled) and detach it; the sink is the caller's to free. 0, or -1
 * with D filled.
 */
int session_end_segment(struct session *s, struct session_health *h,
			const struct progress_target *progress, struct diag *d);

/* what the kernel would not tell: existing threads, names, mappings of PID */
void session_synthesize(struct session *s, pid_t pid);

#endif
