/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for the in-memory sink (src/record/sink_profile.c): a
 * segment fed by the session ends as a profile with the samples, their
 * labels and their mappings, the same as the recording file would give;
 * and a segment that did not finish gives no profile.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "record_capture.h"
#include "record/session.h"
#include "record/sink_profile.h"
#include "record/source.h"

#define PID 5000101 /* above PID_MAX_LIMIT: no such process */
#define TID 5000102
#define APP 0x400000ULL

static void sample_at(struct session *s, pid_t tid, uint64_t time, uint64_t pc, uint64_t caller)
{
	const uint64_t user[2] = { pc, caller };
	struct source_sample smp = {
		.time = time,
		.pid = PID,
		.tid = tid,
		.period = 1000000,
		.ip = pc,
		.user_frames = user,
		.nuser = 2,
	};

	session_sample(s, &smp);
}

static void test_profile_sink(void **state)
{
	const struct source_mmap app = { PID, APP, 0x10000, 0, "/nonexistent/app", NULL };
	struct session s;
	struct session_health h;
	struct diag d = { 0 };
	struct profile p;
	struct sink *sink;
	size_t i, main_thread = 0, worker = 0;
	int64_t period = 0;

	(void)state;
	session_init(&s);
	s.synthesize_missing = false;
	sink = sink_profile_open(&d);
	assert_non_null(sink);
	session_begin_segment(&s, sink);
	sink_meta(sink, "event", "cpu-clock");
	sink_meta(sink, "event_unit", "nanoseconds");
	session_comm(&s, PID, PID, "app", false, 1);
	session_comm(&s, PID, TID, "worker", false, 2);
	session_mmap(&s, &app);
	for (i = 0; i < 30; i++)
		sample_at(&s, i % 3 ? PID : TID, 100 + i, APP + 0x100 + i % 2, APP + 0x2000);

	/* not finished yet: nothing to take */
	assert_int_equal(sink_profile_take(sink, false, &p, &d), -1);
	if (session_end_segment(&s, &h, NULL, &d) < 0)
		fail_msg("the segment did not finish: %s", d.msg);
	session_health_release(&h);
	if (sink_profile_take(sink, false, &p, &d) < 0)
		fail_msg("no profile: %s", d.msg);

	for (i = 0; i < p.nsamples; i++) {
		const struct profile_sample *ps = p.samples[i];
		const char *thread = profile_sample_str_label(ps, "thread");

		assert_int_equal(profile_sample_num_label(ps, "pid", -1), PID);
		assert_int_equal(ps->nlocs, 2);
		assert_string_equal(ps->locs[0]->mapping->file, "/nonexistent/app");
		period += ps->values[1];
		if (!strcmp(thread, "app"))
			main_thread += (size_t)ps->values[0];
		else if (!strcmp(thread, "worker"))
			worker += (size_t)ps->values[0];
		else
			fail_msg("a sample of thread '%s'", thread);
		assert_string_equal(profile_sample_str_label(ps, "process"), "app");
	}
	assert_int_equal(main_thread, 20);
	assert_int_equal(worker, 10);
	assert_int_equal(period, 30 * 1000000);
	/* taken: a second take has nothing */
	assert_int_equal(sink_profile_take(sink, false, &p, &d) < 0, 1);
	profile_release(&p);
	sink_free(sink);
	session_release(&s);
}

int run_record_sink_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_profile_sink),
	};

	return cmocka_run_group_tests_name("sinks", tests, NULL, NULL);
}
