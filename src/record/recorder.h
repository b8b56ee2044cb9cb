/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The recording engine: a source, the session, and a sink per output
 * segment, run by one loop that polls the source, drains it, processes
 * events in time order in bounded slices, flushes, rotates segments,
 * opens and closes duty-cycle windows, and stops when asked. A command
 * or a server configures it and reports; the engine never prints or
 * exits, and stops through recorder_stop(), which a signal handler may
 * call.
 */
#ifndef CPROF_RECORD_RECORDER_H
#define CPROF_RECORD_RECORDER_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "record/rate_control.h"
#include "record/session.h"
#include "record/sink.h"
#include "record/source.h"

struct recorder;

struct recorder_config {
	uint64_t duration_ns;    /* 0: until stopped */
	uint64_t duty_on_ns;     /* sample this long of every duty_period_ns; 0: always */
	uint64_t duty_period_ns;
	uint64_t switch_bytes;   /* a new segment once this much is written; 0: never */
	uint64_t switch_ns;      /* a new segment after this long; 0: never */
	bool segmented;          /* segments are numbered (rotation, also on request) */
	bool enabled_at_start;   /* the source starts itself (a launched command's exec) */
	unsigned frequency;      /* the source's sampling rate in Hz; 0: by period */
	double max_overhead_pct; /* lower the rate when the recorder uses more CPU; 0: never */
	/* where the end of a segment shows its symbolization; NULL: silent */
	const struct progress_target *progress;
};

/* what the engine asks of its owner */
struct recorder_hooks {
	void *ctx;
	/* the sink for segment INDEX (0 first): NULL with D filled */
	struct sink *(*open_segment)(void *ctx, unsigned index, struct diag *d);
	/*
	 * Segment SINK is done: finished when OK (H its health, which the
	 * owner may take over, leaving it empty; ST its counts), or
	 * abandoned after a failure (H NULL). The owner frees SINK.
	 * -1 with D filled stops the recording.
	 */
	int (*close_segment)(void *ctx, struct sink *sink, bool ok, const struct session_stats *st,
			     struct session_health *h, struct diag *d);
	/* false when there is nothing left to profile (the command exited); NULL: always */
	bool (*keep_going)(void *ctx);
	/* called about every 250 ms, for a status line; NULL: none */
	void (*tick)(void *ctx, const struct recorder *r, uint64_t now_ns);
};

struct recorder {
	struct recorder_config cfg;
	struct recorder_hooks hooks;
	struct source *src;
	struct session session;
	struct sink *sink;      /* the current segment's */
	unsigned segment_index; /* of the current segment */
	uint64_t start_ns;      /* CLOCK_MONOTONIC when sampling started */
	uint64_t segment_start_ns;
	uint64_t end_ns; /* when sampling stopped */
	bool enabled;    /* the source samples now (inside a duty window) */
	bool behind;     /* the last pass ran out of time */
	uint64_t windows; /* duty-cycle windows opened */
	/* the overhead cap: the rate in use, its changes, and why it stopped if it did */
	struct rate_control rate;
	bool rate_on;
	unsigned frequency;
	uint64_t rate_changes;
	bool rate_failed;
	struct diag rate_error;
	volatile sig_atomic_t stop_requested;
	volatile sig_atomic_t rotate_requested;
};

/* the engine's clock, CLOCK_MONOTONIC in ns */
uint64_t recorder_now_ns(void);

/*
 * Set R up over SRC (not taken over: the caller closes it) and open the
 * first segment, so that what the caller synthesizes into R->session
 * next reaches it. 0, or -1 with D filled.
 */
int recorder_open(struct recorder *r, const struct recorder_config *cfg, struct source *src,
		  const struct recorder_hooks *hooks, struct diag *d);
/* sampling starts now: the clock, the segment's start time, the source enabled */
int recorder_start(struct recorder *r, struct diag *d);
/* run until stopped, the duration ends or keep_going() says no: 0, or -1 with D filled */
int recorder_run(struct recorder *r, struct diag *d);
/* stop sampling now (the end of the recording's time), before the rest is processed */
int recorder_halt(struct recorder *r, struct diag *d);
/* stop sampling, process what is left and close the last segment: 0, or -1 */
int recorder_finish(struct recorder *r, struct diag *d);
/* close the current segment without finishing it (a write failed) */
void recorder_abort(struct recorder *r);
void recorder_release(struct recorder *r);

/* async-signal-safe requests */
static inline void recorder_stop(struct recorder *r)
{
	r->stop_requested = 1;
}

static inline void recorder_rotate(struct recorder *r)
{
	r->rotate_requested = 1;
}

#endif
