/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The recording-file sink's state, shared by its two halves: queueing
 * (sink_cdata.c) and the end of a segment, symbols and health
 * (sink_cdata_health.c).
 */
#ifndef CPROF_RECORD_SINK_CDATA_H
#define CPROF_RECORD_SINK_CDATA_H

#include "format/cdata.h"
#include "record/sink.h"
#include "util/hashidx.h"

struct sink_cdata {
	struct sink sink;
	struct cdata_writer *w;

	struct cdata_mapping *mappings; /* by this segment's id - 1 */
	uint32_t *session_ids;          /* the session's id of each */
	size_t nmappings, mappings_alloc, session_ids_alloc;
	struct hashidx mapping_index;   /* by session id */

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
};

/* a sink writing through W (taken over), for files and memory alike */
struct sink *sink_cdata_wrap(struct cdata_writer *w);

/* this segment's id for the session's mapping SESSION_ID, or 0 when it was never given */
uint32_t sink_cdata_segment_mapping(const struct sink_cdata *c, uint32_t session_id);

/* sink_ops.settle: resolve the locations in those mappings now, for F's symbolizer to keep */
void sink_cdata_settle(struct sink *s, const struct sink_finish *f, const uint32_t *ids, size_t n);

/* resolve every unique location once, write symbols and health, flush */
int sink_cdata_write_symbols(struct sink_cdata *c, const struct sink_finish *f,
			     struct session_health *h, struct diag *d);

#endif
