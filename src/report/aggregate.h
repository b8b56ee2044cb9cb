/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Sample values totalled by any combination of keys, like perf report's
 * --sort: function, source line, source file, binary, thread, process,
 * thread name, cgroup. Keys of a frame (function, line, file, dso) give self
 * (the frame is the leaf) and cumulative (anywhere on the stack, once
 * per sample) values; keys of a sample alone (thread, pid, comm, cgroup) give
 * rows whose self and cumulative values are equal.
 */
#ifndef CPROF_REPORT_AGGREGATE_H
#define CPROF_REPORT_AGGREGATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profile/frames.h"
#include "profile/profile.h"
#include "util/hashidx.h"
#include "util/usage.h"

enum agg_key {
	AGG_FUNCTION,
	AGG_LINE,
	AGG_FILE,
	AGG_DSO,
	AGG_THREAD,
	AGG_PID,
	AGG_COMM,
	AGG_CGROUP,
};

#define AGG_MAX_KEYS 8

struct agg_spec {
	size_t nkeys;
	enum agg_key keys[AGG_MAX_KEYS];
};

/* "thread,function" into SPEC; 0, or -1 with D filled */
int agg_parse_keys(const char *s, struct agg_spec *spec, struct diag *d);
const char *agg_key_name(enum agg_key k);

struct agg_row {
	uint64_t key[2 * AGG_MAX_KEYS];
	int64_t self, cum;
	size_t last_sample; /* to count cum once per sample; index + 1 */
	struct frame frame; /* the frame the row was first seen at (frame keys only) */
	int64_t tid, pid;   /* -1 when unknown */
	const char *thread, *process, *comm; /* NULL when unknown */
	const char *cgroup, *container;      /* NULL when unknown */
	char *cols[AGG_MAX_KEYS]; /* each key as text */
	char *source;             /* for the function key: file:line of its definition, or the DSO */
};

struct agg_table {
	struct agg_spec spec;
	struct agg_row *rows;
	size_t nrows, alloc;
	int64_t total;
	struct hashidx index;
};

/* the table of value VI over P's samples, rows in first-seen order */
void agg_build(const struct profile *p, int vi, const struct agg_spec *spec, struct agg_table *t);
void agg_release(struct agg_table *t);

/*
 * Per-function totals of one sample value: self (the function is the
 * leaf) and cumulative (anywhere on the stack, once per sample), the
 * table by function in a form of its own, shared by the top table and
 * the diff report.
 */
struct fn_row {
	/*
	 * The function; for a function with no source file, also its
	 * mapping, so that _start of the program and of ld.so stay apart;
	 * for an unresolved frame, its location.
	 */
	const void *key, *key2;
	struct frame frame;
	int64_t self, cum;
	size_t last_sample; /* to count cum once per sample; index + 1 */
	char *name;   /* as outputs show it */
	char *source; /* file:line of the definition, the DSO, or [kernel.kallsyms] */
};

struct fn_table {
	struct fn_row *rows;
	size_t nrows, alloc;
	int64_t total; /* the value summed over all samples */
	struct hashidx index;
};

/* the table of value VI over P's samples, rows in first-seen order */
void fn_table_build(const struct profile *p, int vi, struct fn_table *t);
void fn_table_release(struct fn_table *t);

/* where a frame's function is defined ("file.c:LINE"), or its DSO, or [kernel.kallsyms]; malloc'd */
char *frame_source(const struct frame *f);

/* the source file of a frame's function, or "" */
const char *frame_file(const struct frame *f);

#endif
