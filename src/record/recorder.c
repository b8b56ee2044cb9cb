/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "record/recorder.h"
#include "util/clock.h"
#include "util/xalloc.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FLUSH_INTERVAL_NS 500000000ULL
#define FLUSH_PENDING_SAMPLES 8192
/* unwinding between two drains of the source, at most */
#define PROCESS_BUDGET_NS 50000000ULL
#define TICK_INTERVAL_NS 250000000ULL
#define MAX_POLLFDS 4096

uint64_t recorder_now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

static uint64_t cpu_time_ns(void)
{
	return clock_ns(CLOCK_PROCESS_CPUTIME_ID);
}

static void meta_u64(struct sink *s, const char *key, uint64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
	sink_meta(s, key, buf);
}

/*
 * A change of the sampling rate, kept in the recording as META
 * "frequency_change" = "TIME_NS HZ" (engine clock): samples weigh their
 * period, so shares stay right across it, and info shows it.
 */
static void note_frequency(struct recorder *r, uint64_t time)
{
	char buf[64];

	if (!r->sink)
		return;
	snprintf(buf, sizeof(buf), "%llu %u", (unsigned long long)time, r->frequency);
	sink_meta(r->sink, "frequency_change", buf);
}

/* when the segment's sampling started, on the wall clock and the engine's */
static void write_start_meta(struct recorder *r, uint64_t mono)
{
	uint64_t real = clock_ns(CLOCK_REALTIME) - (recorder_now_ns() - mono);
	time_t t = (time_t)(real / 1000000000ULL);
	char buf[64];
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	sink_meta(r->sink, "start_time", buf);
	meta_u64(r->sink, "start_time_ns", real);
	meta_u64(r->sink, "start_mono_ns", mono);
	if (r->segment_index || r->cfg.segmented || r->cfg.switch_bytes || r->cfg.switch_ns)
		meta_u64(r->sink, "segment", r->segment_index);
	/* a segment that starts at a lowered rate says so, to read alone */
	if (r->frequency != r->cfg.frequency)
		note_frequency(r, mono);
	r->segment_start_ns = mono;
}

static int open_segment(struct recorder *r, struct diag *d)
{
	struct sink *sink = r->hooks.open_segment(r->hooks.ctx, r->segment_index, d);

	if (!sink)
		return -1;
	r->sink = sink;
	session_begin_segment(&r->session, sink);
	return 0;
}

/* finish the current segment at END (engine clock) and hand it to the owner */
static int close_segment(struct recorder *r, uint64_t end, struct diag *d)
{
	struct session_health h;
	struct session_stats st = r->session.segment;
	struct sink *sink = r->sink;
	bool ok;
	int ret;

	if (!sink)
		return 0;
	meta_u64(sink, "duration_ns", end - r->segment_start_ns);
	session_health_init(&h);
	ok = session_end_segment(&r->session, &h, r->cfg.progress, d) == 0;
	r->sink = NULL;
	ret = r->hooks.close_segment(r->hooks.ctx, sink, ok, &st, ok ? &h : NULL, ok ? d : NULL);
	session_health_release(&h);
	return ok ? ret : -1;
}

int recorder_open(struct recorder *r, const struct recorder_config *cfg, struct source *src,
		  const struct recorder_hooks *hooks, struct diag *d)
{
	memset(r, 0, sizeof(*r));
	r->cfg = *cfg;
	r->hooks = *hooks;
	r->src = src;
	r->frequency = cfg->frequency;
	session_init(&r->session);
	return open_segment(r, d);
}

int recorder_start(struct recorder *r, struct diag *d)
{
	r->start_ns = recorder_now_ns();
	write_start_meta(r, r->start_ns);
	if (!r->cfg.enabled_at_start && r->src->ops->enable(r->src, d) < 0)
		return -1;
	r->enabled = true;
	r->windows = 1;
	r->rate_on = r->cfg.max_overhead_pct > 0 && r->cfg.frequency;
	if (r->rate_on)
		rate_control_init(&r->rate, r->cfg.max_overhead_pct, r->cfg.frequency, r->start_ns,
				  cpu_time_ns());
	return 0;
}

/* the overhead cap: measure, and change the rate when it says so */
static void control_rate(struct recorder *r, uint64_t now)
{
	unsigned hz;

	if (!r->rate_on)
		return;
	if (!r->enabled) {
		/* between duty windows the recorder idles: that says nothing */
		r->rate.wall_ns = now;
		r->rate.cpu_ns = cpu_time_ns();
		return;
	}
	if (now - r->rate.wall_ns < RATE_CONTROL_INTERVAL_NS)
		return;
	hz = rate_control_update(&r->rate, now, cpu_time_ns());
	if (hz == r->frequency)
		return;
	if (r->src->ops->set_frequency(r->src, hz, &r->rate_error) < 0) {
		/* the owner says why; recording goes on at the rate it had */
		r->rate_on = false;
		r->rate_failed = true;
		return;
	}
	r->frequency = hz;
	r->rate.hz = hz;
	r->rate_changes++;
	note_frequency(r, now);
}

/* open or close the duty-cycle window that NOW falls in; when the next change is due */
static uint64_t apply_duty(struct recorder *r, uint64_t now, struct diag *d, int *err)
{
	uint64_t phase, period = r->cfg.duty_period_ns, on = r->cfg.duty_on_ns;
	bool inside;

	*err = 0;
	if (!on || !period || on >= period)
		return UINT64_MAX;
	phase = (now - r->start_ns) % period;
	inside = phase < on;
	if (inside != r->enabled) {
		/* between windows the events are off, not merely ignored */
		if ((inside ? r->src->ops->enable : r->src->ops->disable)(r->src, d) < 0)
			*err = -1;
		r->enabled = inside;
		if (inside)
			r->windows++;
	}
	return now + (inside ? on - phase : period - phase);
}

static bool rotation_due(struct recorder *r, uint64_t now)
{
	if (r->rotate_requested && r->cfg.segmented)
		return true;
	if (r->cfg.switch_ns && now - r->segment_start_ns >= r->cfg.switch_ns)
		return true;
	return r->cfg.switch_bytes && r->sink && r->sink->ops->bytes(r->sink) >= r->cfg.switch_bytes;
}

/*
 * A new segment from HORIZON on: what happened up to it goes to the old
 * one, what came after waits in the source's queue for the new one, so
 * no sample is lost or counted twice at the boundary.
 */
static int rotate(struct recorder *r, uint64_t horizon, struct diag *d)
{
	r->rotate_requested = 0;
	r->src->ops->drain(r->src);
	r->src->ops->process(r->src, &r->session, horizon, 0);
	if (close_segment(r, horizon, d) < 0)
		return -1;
	r->segment_index++;
	if (open_segment(r, d) < 0)
		return -1;
	write_start_meta(r, horizon);
	return 0;
}

static int poll_timeout(uint64_t now, uint64_t next_event, bool behind)
{
	if (behind)
		return 0; /* queued work waits: just look at the source */
	if (next_event <= now)
		return 0;
	if (next_event - now < 100000000ULL)
		return (int)((next_event - now) / 1000000) + 1;
	return 100;
}

int recorder_run(struct recorder *r, struct diag *d)
{
	struct pollfd *fds = xcalloc(MAX_POLLFDS, sizeof(*fds));
	uint64_t deadline = r->cfg.duration_ns ? r->start_ns + r->cfg.duration_ns : UINT64_MAX;
	uint64_t prev_pass = 0, last_flush = r->start_ns, last_tick = 0;
	int ret = 0;

	for (;;) {
		uint64_t pass = recorder_now_ns(), next_event = deadline, duty_change;
		size_t nfds;
		int err;

		/* check the end first: -d is kept even when a pass ran long */
		if (r->stop_requested || pass >= deadline ||
		    (r->hooks.keep_going && !r->hooks.keep_going(r->hooks.ctx)))
			break;
		/* windows open and close first, not after a slice of unwinding */
		duty_change = apply_duty(r, pass, d, &err);
		if (err) {
			ret = -1;
			break;
		}
		if (duty_change < next_event)
			next_event = duty_change;
		r->src->ops->drain(r->src);
		/*
		 * records older than the previous pass are in every ring by
		 * now; a bounded slice of work, so that the source is drained
		 * again soon even when unwinding falls behind
		 */
		r->behind = r->src->ops->process(r->src, &r->session, prev_pass, PROCESS_BUDGET_NS);
		/*
		 * the cut is at the previous pass, so the age that counts is
		 * the segment's there: judged now, a segment would end up to a
		 * pass early, and the next one, already due, nearly empty
		 */
		if (!r->behind && prev_pass && rotation_due(r, prev_pass) &&
		    rotate(r, prev_pass, d) < 0) {
			ret = -1;
			break;
		}
		prev_pass = pass;
		control_rate(r, pass);
		if (r->sink && (pass - last_flush >= FLUSH_INTERVAL_NS ||
				r->sink->ops->pending(r->sink) > FLUSH_PENDING_SAMPLES)) {
			if (r->sink->ops->flush(r->sink, d) < 0) {
				ret = -1;
				break;
			}
			last_flush = pass;
		}
		if (r->hooks.tick && pass - last_tick >= TICK_INTERVAL_NS) {
			r->hooks.tick(r->hooks.ctx, r, pass);
			last_tick = pass;
		}
		if (r->cfg.switch_ns && r->segment_start_ns + r->cfg.switch_ns < next_event)
			next_event = r->segment_start_ns + r->cfg.switch_ns;
		nfds = r->src->ops->pollfds(r->src, fds, MAX_POLLFDS);
		if (poll(fds, nfds, poll_timeout(recorder_now_ns(), next_event, r->behind)) < 0 &&
		    errno != EINTR) {
			ret = diag_set_errno(d, errno, "poll: %s", strerror(errno));
			break;
		}
	}
	free(fds);
	return ret;
}

int recorder_halt(struct recorder *r, struct diag *d)
{
	bool was_enabled = r->enabled;

	r->enabled = false;
	if (!r->end_ns)
		r->end_ns = recorder_now_ns();
	return was_enabled ? r->src->ops->disable(r->src, d) : 0;
}

int recorder_finish(struct recorder *r, struct diag *d)
{
	struct diag later;
	int ret = recorder_halt(r, d);

	r->src->ops->drain(r->src);
	r->src->ops->process(r->src, &r->session, UINT64_MAX, 0);
	/* the first error is the one told */
	if (close_segment(r, r->end_ns, ret ? &later : d) < 0)
		ret = -1;
	return ret;
}

void recorder_abort(struct recorder *r)
{
	if (r->sink) {
		r->sink->ops->abort(r->sink);
		r->session.sink = NULL;
		r->hooks.close_segment(r->hooks.ctx, r->sink, false, &r->session.segment, NULL, NULL);
		r->sink = NULL;
	}
}

void recorder_release(struct recorder *r)
{
	recorder_abort(r);
	session_release(&r->session);
}
