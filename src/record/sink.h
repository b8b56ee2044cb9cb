/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Where the session's output goes, one segment at a time: a recording
 * file (sink_cdata.c), or an in-memory profile for a server or an
 * exporter (sink_profile.c). A segment starts with the mappings and
 * threads current then, so each reads alone. The session hands over
 * samples with their frames as (mapping, address) pairs; deduplication,
 * symbols and health are the sink's, at the end of its segment.
 */
#ifndef CPROF_RECORD_SINK_H
#define CPROF_RECORD_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util/strbuf.h"
#include "util/usage.h"

struct kallsyms;
struct objcache;
struct progress_target;
struct symbolizer;

/* mapping kinds, as the recording names them */
enum sink_mapping_kind {
	SINK_MAP_USER = 0,
	SINK_MAP_KERNEL = 1,
	SINK_MAP_VDSO = 2,
};

struct sink_mapping {
	uint32_t id; /* the session's, unique over its life */
	pid_t pid;   /* -1 for the kernel */
	uint64_t start, end, pgoff;
	uint32_t kind;
	const char *path;
	const char *build_id; /* hex, or "" */
};

struct sink_thread {
	pid_t pid, tid;
	uint64_t time;
	const char *comm;
};

struct sink_frame {
	uint32_t mapping_id; /* 0: in no known mapping */
	uint64_t address;
};

#define SINK_STACK_TRUNCATED 0x1 /* the unwinder stopped before a root frame */

struct sink_sample {
	uint64_t time;
	pid_t pid, tid;
	uint32_t cpu;
	uint64_t period;
	const struct sink_frame *frames; /* leaf first */
	size_t nframes;
	uint16_t flags;
};

/* what the session counted in one segment */
struct session_stats {
	uint64_t samples;
	uint64_t lost;         /* samples the source dropped */
	uint64_t lost_records; /* times it said so */
	uint64_t throttled;    /* times the kernel throttled sampling */
	uint64_t unwind_complete, unwind_truncated, unwind_failed;
	uint64_t first_time, last_time;
};

/* health numbers of a finished segment */
struct session_health {
	uint64_t user_stacks;     /* samples with user frames */
	uint64_t rooted;          /* ... whose stack reaches a root frame (_start, main, clone) */
	uint64_t frames;          /* frames over all samples */
	uint64_t resolved;        /* ... that resolved to a function */
	struct strbuf no_symbols; /* sampled files with unresolved frames, ", "-separated */
	struct strbuf no_unwind;  /* sampled files without .eh_frame or .debug_frame */
	struct strbuf mismatched; /* files whose build-id on disk is not the one mapped */
	struct strbuf jit_maps;   /* perf maps that could not be read, a line each */
};

void session_health_init(struct session_health *h);
void session_health_release(struct session_health *h);

/*
 * What a sink needs to finish a segment: the session's counts and the
 * caches it keeps across segments (files, debug information and answers
 * by object, the kernel's symbols), so a later segment costs less
 */
struct sink_finish {
	const struct session_stats *stats;
	struct objcache *objs;
	struct symbolizer *sym;
	const struct kallsyms *ksyms; /* NULL: no kernel names */
	const struct progress_target *progress; /* NULL: silent */
};

struct sink;

struct sink_ops {
	void (*meta)(struct sink *s, const char *key, const char *value);
	void (*mapping)(struct sink *s, const struct sink_mapping *m);
	void (*thread)(struct sink *s, const struct sink_thread *t);
	/* the cgroup process PID is in, and the container id it names ("" if none) */
	void (*cgroup)(struct sink *s, pid_t pid, const char *path, const char *container);
	void (*sample)(struct sink *s, const struct sink_sample *smp);
	/*
	 * Resolve now what the segment holds in the session's mappings IDS,
	 * whose file is about to close (no live process maps it): the
	 * answers stay in F's symbolizer for the segment's end. NULL when
	 * the sink needs nothing early.
	 */
	void (*settle)(struct sink *s, const struct sink_finish *f, const uint32_t *ids, size_t n);
	/* queued samples and bytes written so far, for flushing and rotation */
	size_t (*pending)(const struct sink *s);
	uint64_t (*bytes)(const struct sink *s);
	int (*flush)(struct sink *s, struct diag *d);
	/* symbols and health (H filled), then close: 0, or -1 with D filled */
	int (*finish)(struct sink *s, const struct sink_finish *f, struct session_health *h,
		      struct diag *d);
	/* close without finishing (what was flushed stays readable, cut short) */
	void (*abort)(struct sink *s);
	void (*free)(struct sink *s);
};

struct sink {
	const struct sink_ops *ops;
};

static inline void sink_meta(struct sink *s, const char *key, const char *value)
{
	s->ops->meta(s, key, value);
}

void sink_free(struct sink *s);

/* a recording file at PATH (created or truncated): NULL with D filled */
struct sink *sink_cdata_open(const char *path, struct diag *d);

#endif
