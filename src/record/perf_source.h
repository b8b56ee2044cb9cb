/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The perf_event sample source: the rings of a pe_session drained into a
 * queue (DWARF samples trimmed to the stack they hold), put in time
 * order across CPUs, and decoded into the session's neutral events.
 */
#ifndef CPROF_RECORD_PERF_SOURCE_H
#define CPROF_RECORD_PERF_SOURCE_H

#include "record/perf_event.h"
#include "record/source.h"
#include "util/strbuf.h"

struct pending_ref;

struct perf_source {
	struct source src;
	struct pe_session pe; /* opened by the caller; closed with the source */
	struct pe_config cfg;

	/* records drained from the rings, waiting to be processed in time order */
	struct strbuf pending;
	/*
	 * What process() reuses from pass to pass, so that a recorder behind
	 * its rings does not also allocate and free the whole backlog each
	 * time: the buffer the unprocessed records move to, and their order.
	 */
	struct strbuf spare;
	struct pending_ref *refs;
	size_t refs_alloc;
};

/* a source over PE (taken over: the source closes it) */
void perf_source_init(struct perf_source *ps, const struct pe_session *pe);

/* queue records laid end to end (for tests and replays; drain() does this for rings) */
void perf_source_queue(struct perf_source *ps, const void *records, size_t len);

#endif
