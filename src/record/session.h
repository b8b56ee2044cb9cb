/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The recorder's state between the rings and the file: processes records
 * in time order, keeps threads and address spaces, unwinds samples,
 * deduplicates locations and stacks, and queues everything for the
 * cdata writer. At the end, session_finish() resolves every unique
 * location once and writes symbols and the health summary.
 */
#ifndef CPROF_RECORD_SESSION_H
#define CPROF_RECORD_SESSION_H

#include <linux/perf_event.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "format/cdata.h"
#include "record/perf_event.h"
#include "symbol/kallsyms.h"
#include "symbol/objfile.h"
#include "util/hashidx.h"
#include "util/strbuf.h"

struct addrspace;
struct kallsyms;

struct session_stats {
	uint64_t samples;
	uint64_t lost;         /* samples the kernel dropped (LOST records) */
	uint64_t lost_records; /* LOST records */
	uint64_t throttled;    /* THROTTLE records */
	uint64_t unwind_complete, unwind_truncated, unwind_failed;
	uint64_t first_time, last_time;
};

struct session_thread {
	pid_t pid, tid;
	char comm[16];
	uint64_t samples;
};

struct session_as {
	pid_t pid;
	struct addrspace *as;
};

struct session {
	struct pe_config cfg;
	struct cdata_writer *w;
	struct objcache *objs;

	struct session_thread *threads;
	size_t nthreads, threads_alloc;
	struct hashidx thread_index;

	struct session_as *spaces;
	size_t nspaces, spaces_alloc;
	struct hashidx space_index;

	struct cdata_mapping *mappings; /* by id - 1 */
	size_t nmappings, mappings_alloc;
	uint32_t kernel_mapping;
	struct kallsyms_loader *kallsyms; /* started at the first kernel frame */

	struct cdata_location *locations; /* by id - 1 */
	size_t nlocations, locations_alloc;
	struct hashidx location_index;

	uint32_t *stack_frames; /* all stacks' frames end to end */
	size_t nstack_frames, stack_frames_alloc;
	struct {
		size_t first;
		uint16_t n, flags;
		uint64_t samples;
	} *stacks;
	size_t nstacks, stacks_alloc;
	struct hashidx stack_index;

	/* records drained from the rings, waiting to be processed in time order */
	struct strbuf pending;
	/*
	 * What session_process() reuses from pass to pass, so that a recorder
	 * behind its rings does not also allocate and free the whole backlog
	 * each time: the buffer the unprocessed records move to, and the
	 * records' order.
	 */
	struct strbuf spare;
	struct pending_ref *refs; /* (defined in session.c) */
	size_t refs_alloc;
	bool behind; /* the last session_process() ran out of time */

	struct session_stats stats;
	bool synthesize_missing; /* read /proc for processes seen first in a sample */
};

void session_init(struct session *s, const struct pe_config *cfg, struct cdata_writer *w);
void session_release(struct session *s);

/* what the kernel would not tell: existing threads, names, mappings of PID */
void session_synthesize(struct session *s, pid_t pid);

/* queue records drained from a ring (one, or several laid end to end) */
void session_queue(struct session *s, const void *records, size_t len);
/*
 * Process the queued records with timestamps up to HORIZON in time order
 * (UINT64_MAX: all of them). The rest wait for a later call, when the
 * other rings have caught up.
 */
void session_process(struct session *s, uint64_t horizon, uint64_t budget_ns);

/* health numbers, computed when recording ends */
struct session_health {
	uint64_t user_stacks;  /* samples with user frames */
	uint64_t rooted;       /* ... whose stack reaches a root frame (_start, main, clone) */
	uint64_t frames;       /* frames over all samples */
	uint64_t resolved;     /* ... that resolved to a function */
	struct strbuf no_symbols; /* sampled files with unresolved frames, ", "-separated */
	struct strbuf no_unwind;  /* sampled files without .eh_frame or .debug_frame */
	struct strbuf mismatched; /* files whose build-id on disk is not the one mapped */
	struct strbuf jit_maps;   /* perf maps that could not be read, a line each */
};

void session_health_release(struct session_health *h);

/*
 * Resolve every unique location once, write the symbols and the health
 * summary (also filled into H), and flush. 0, or -1 with D filled.
 */
int session_finish(struct session *s, struct session_health *h, struct diag *d);

#endif
