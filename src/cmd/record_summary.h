/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What cprof record says when it ends: samples, lost and throttled, the
 * health of the stacks and symbols, and the remedies that fit; and what
 * --strict counts as a poor recording.
 */
#ifndef CPROF_CMD_RECORD_SUMMARY_H
#define CPROF_CMD_RECORD_SUMMARY_H

#include <stdbool.h>

#include "record/perf_event.h"
#include "record/sink.h"

/* --strict thresholds, documented in cprof-record(1) */
#define STRICT_MIN_ROOTED_PCT 90.0
#define STRICT_MIN_RESOLVED_PCT 90.0

struct record_summary {
	const struct session_stats *stats;
	const struct session_health *health;
	const struct pe_config *cfg;
	double seconds;     /* from the first event to the last */
	const char *output; /* the recording written (the last segment), or NULL */
	unsigned segments;  /* written */
};

/* the end-of-recording lines, on standard error */
void record_print_summary(const struct record_summary *sum);

/* lost samples, none at all, or too few stacks rooted or frames resolved */
bool record_is_poor(const struct session_stats *st, const struct session_health *h);

#endif
