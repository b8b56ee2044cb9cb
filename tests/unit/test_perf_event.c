/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for src/record/perf_event: what is given up when the
 * kernel refuses an attribute, and, on real cpu-clock events on this
 * process (skipped where perf_event_open is refused), changing the
 * frequency while sampling and perf-clock times set against
 * CLOCK_MONOTONIC.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "record/perf_event.h"

static struct pe_config dwarf_config(void)
{
	struct pe_config c;

	memset(&c, 0, sizeof(c));
	assert_int_equal(pe_parse_event("cpu-clock", &c.event, NULL), 0);
	c.freq = 999;
	c.callgraph = PE_CALLGRAPH_DWARF;
	c.stack_bytes = 32768;
	c.ring_bytes = 512 * 1024;
	return c;
}

/* ---- fallbacks (no kernel needed) ---- */

static void test_fallback_einval_order(void **state)
{
	struct pe_config c = dwarf_config();
	char what[512];

	(void)state;
	/* perf's order: build-ids, the clock id, then the stack copy, then DWARF */
	assert_int_equal(pe_fallback_step(&c, EINVAL, 2, what, sizeof(what)), 1);
	assert_true(c.no_build_id && !c.no_clockid);
	assert_non_null(strstr(what, "build-id"));
	assert_int_equal(pe_fallback_step(&c, EINVAL, 2, what, sizeof(what)), 1);
	assert_true(c.no_clockid);
	assert_non_null(strstr(what, "CLOCK_MONOTONIC"));
	assert_int_equal(pe_fallback_step(&c, EOPNOTSUPP, 2, what, sizeof(what)), 1);
	assert_int_equal(c.stack_bytes, 8192);
	assert_int_equal(c.callgraph, PE_CALLGRAPH_DWARF);
	assert_non_null(strstr(what, "-g dwarf,8192"));
	assert_int_equal(pe_fallback_step(&c, EINVAL, 2, what, sizeof(what)), 1);
	assert_int_equal(c.callgraph, PE_CALLGRAPH_FP);
	assert_non_null(strstr(what, "-g fp"));
	/* nothing left: the error stands */
	assert_int_equal(pe_fallback_step(&c, EINVAL, 2, what, sizeof(what)), 0);
	/* the sampling itself was never touched */
	assert_int_equal(c.freq, 999);
	assert_false(c.exclude_kernel);
}

static void test_fallback_small_stack_goes_straight_to_fp(void **state)
{
	struct pe_config c = dwarf_config();
	char what[512];

	(void)state;
	c.stack_bytes = 4096;
	c.no_build_id = c.no_clockid = true;
	assert_int_equal(pe_fallback_step(&c, EINVAL, 2, what, sizeof(what)), 1);
	assert_int_equal(c.callgraph, PE_CALLGRAPH_FP);
	assert_int_equal(c.stack_bytes, 4096);
}

static void test_fallback_eacces_gives_up_kernel_samples(void **state)
{
	struct pe_config c = dwarf_config();
	char what[512];

	(void)state;
	assert_int_equal(pe_fallback_step(&c, EACCES, 2, what, sizeof(what)), 1);
	assert_true(c.exclude_kernel);
	assert_non_null(strstr(what, "perf_event_paranoid is 2"));
	/* already without: a refusal now is about something else */
	assert_int_equal(pe_fallback_step(&c, EACCES, 2, what, sizeof(what)), 0);
	assert_int_equal(pe_fallback_step(&c, EPERM, 3, what, sizeof(what)), 0);
	/* the other attributes are not a permission matter */
	assert_false(c.no_build_id || c.no_clockid);
	assert_int_equal(c.callgraph, PE_CALLGRAPH_DWARF);
}

static void test_fallback_none_for_other_errors(void **state)
{
	struct pe_config c = dwarf_config();
	char what[512];

	(void)state;
	/* paranoid 1 allows kernel samples: EACCES is about the target */
	assert_int_equal(pe_fallback_step(&c, EACCES, 1, what, sizeof(what)), 0);
	/* ":u" already excludes the kernel */
	c.event.exclude_kernel = true;
	assert_int_equal(pe_fallback_step(&c, EACCES, 2, what, sizeof(what)), 0);
	assert_int_equal(pe_fallback_step(&c, ENOENT, 2, what, sizeof(what)), 0);
	assert_int_equal(pe_fallback_step(&c, ESRCH, 2, what, sizeof(what)), 0);
	assert_int_equal(pe_fallback_step(&c, EMFILE, 2, what, sizeof(what)), 0);
	assert_false(c.no_build_id || c.no_clockid || c.exclude_kernel);
}

static void test_set_frequency_refused_by_period(void **state)
{
	struct pe_session s;
	struct diag d;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.cfg = dwarf_config();
	s.cfg.period = 100000;
	assert_int_equal(pe_set_frequency(&s, 500, &d), -1);
	assert_int_equal(d.kind, DIAG_UNSUPPORTED);
	s.cfg.period = 0;
	assert_int_equal(pe_set_frequency(&s, 0, &d), -1);
	assert_int_equal(d.kind, DIAG_BAD_INPUT);
	/* over perf_event_max_sample_rate (at most 100 kHz by default; a kernel caps it) */
	assert_int_equal(pe_set_frequency(&s, 100000000, &d), -1);
	assert_int_equal(d.kind, DIAG_BAD_INPUT);
	assert_non_null(strstr(d.msg, "perf_event_max_sample_rate"));
	/* refused before any change */
	assert_int_equal(s.cfg.freq, 999);
}

/* ---- real events on this thread ---- */

static uint64_t clock_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

struct tally {
	uint64_t samples;
	uint64_t first_time, last_time;
	uint64_t offset; /* subtracted from each time (the session's clock offset) */
};

static void count_sample(void *ctx, const void *rec, size_t size)
{
	struct tally *t = ctx;
	struct perf_event_header h;
	uint64_t time;

	memcpy(&h, rec, sizeof(h));
	if (h.type != PERF_RECORD_SAMPLE || size < sizeof(h) + 24)
		return;
	/* ip, pid/tid, then the time */
	memcpy(&time, (const char *)rec + sizeof(h) + 16, 8);
	time -= t->offset;
	if (!t->samples)
		t->first_time = time;
	t->last_time = time;
	t->samples++;
}

static volatile uint64_t sink;

/*
 * Burn CPU_NS of this thread's CPU time (or give up after 10 s of wall
 * time on a very busy machine), draining S's rings as it goes.
 */
static void burn(struct pe_session *s, uint64_t cpu_ns, struct tally *t)
{
	uint64_t cpu0 = clock_ns(CLOCK_THREAD_CPUTIME_ID), wall0 = clock_ns(CLOCK_MONOTONIC);
	size_t i;

	while (clock_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0 < cpu_ns &&
	       clock_ns(CLOCK_MONOTONIC) - wall0 < 10000000000ULL) {
		uint64_t x = sink;
		int k;

		for (k = 0; k < 100000; k++)
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		sink = x;
		for (i = 0; i < s->nrings; i++)
			pe_ring_drain(&s->rings[i], count_sample, t);
	}
	for (i = 0; i < s->nrings; i++)
		pe_ring_drain(&s->rings[i], count_sample, t);
}

/* cpu-clock on this thread at FREQ, frame pointers, user only: 0, or skipped */
static int open_self(struct pe_session *s, unsigned freq, bool no_clockid)
{
	struct pe_config c;
	struct diag d;
	pid_t tid = (pid_t)syscall(SYS_gettid);

	memset(&c, 0, sizeof(c));
	assert_int_equal(pe_parse_event("cpu-clock:u", &c.event, NULL), 0);
	c.freq = freq;
	c.callgraph = PE_CALLGRAPH_FP;
	c.exclude_kernel = true;
	c.ring_bytes = 64 * 1024;
	c.no_clockid = no_clockid;
	if (pe_open(s, &c, &tid, 1, &d) < 0) {
		/* refused (no perf_event_open here): nothing to measure */
		if (d.kind == DIAG_PERMISSION || d.kind == DIAG_UNSUPPORTED)
			return -1;
		fail_msg("pe_open: %s", d.msg);
	}
	return 0;
}

static void test_set_frequency_changes_the_rate(void **state)
{
	struct pe_session s;
	struct tally low = { 0 }, high = { 0 };
	struct diag d;
	double low_rate, high_rate;
	uint64_t c0, c1, c2, c3;

	(void)state;
	if (open_self(&s, 100, false) < 0) {
		skip();
		return;
	}
	assert_int_equal(pe_enable(&s), 0);
	c0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	burn(&s, 300000000ULL, &low);
	c1 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	assert_int_equal(pe_set_frequency(&s, 1000, &d), 0);
	assert_int_equal(s.cfg.freq, 1000);
	/* the kernel's first periods after a change adapt: let them pass uncounted */
	burn(&s, 50000000ULL, &(struct tally){ 0 });
	c2 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	burn(&s, 300000000ULL, &high);
	c3 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	pe_disable(&s);
	pe_close(&s);

	low_rate = (double)low.samples / ((double)(c1 - c0) / 1e9);
	high_rate = (double)high.samples / ((double)(c3 - c2) / 1e9);
	print_message("samples per CPU-second: %.0f at 100 Hz, %.0f at 1000 Hz\n", low_rate,
		      high_rate);
	assert_true(low.samples > 0);
	/* ten times the frequency: well over four times the samples per CPU-second */
	assert_true(high_rate > 4 * low_rate);
	/*
	 * and not more than the ten times: cpu-clock takes the ioctl's value
	 * as a period, so a frequency passed as is would have sampled at the
	 * kernel's 100 kHz floor period
	 */
	assert_true(high_rate < 20 * low_rate);
}

static void test_perf_clock_offset(void **state)
{
	struct pe_session s;
	struct tally t = { 0 };
	uint64_t before, after;

	(void)state;
	if (open_self(&s, 1000, true) < 0) {
		skip();
		return;
	}
	t.offset = (uint64_t)s.clock_offset;
	before = clock_ns(CLOCK_MONOTONIC);
	assert_int_equal(pe_enable(&s), 0);
	burn(&s, 100000000ULL, &t);
	pe_disable(&s);
	after = clock_ns(CLOCK_MONOTONIC);
	pe_close(&s);
	assert_true(t.samples > 0);
	/* perf's clock, less the offset, falls within CLOCK_MONOTONIC's readings (1 ms slack) */
	assert_true(t.first_time + 1000000 >= before);
	assert_true(t.last_time <= after + 1000000);
	assert_true(t.first_time <= t.last_time);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fallback_einval_order),
		cmocka_unit_test(test_fallback_small_stack_goes_straight_to_fp),
		cmocka_unit_test(test_fallback_eacces_gives_up_kernel_samples),
		cmocka_unit_test(test_fallback_none_for_other_errors),
		cmocka_unit_test(test_set_frequency_refused_by_period),
		cmocka_unit_test(test_set_frequency_changes_the_rate),
		cmocka_unit_test(test_perf_clock_offset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
