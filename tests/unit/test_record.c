/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for the recording engine (src/record): the session fed
 * neutral events by hand and the perf_event source's time ordering over
 * synthetic records; test_record_engine.c has the engine over a scripted
 * source, segment files and units. Processes use pids above the
 * kernel's limit, so /proc never has them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "record_capture.h"
#include "record/cgroup.h"
#include "record/perf_event.h"
#include "record/perf_source.h"
#include "record/session.h"
#include "record/sink.h"
#include "record/source.h"
#include "symbol/objfile.h"
#include "util/strbuf.h"
#include "util/xalloc.h"


/* ---- the session fed by hand ---- */

static const struct source_mmap app_map = { PARENT, APP_START, 0x10000, 0, "/nonexistent/app",
					    NULL };
static const struct source_mmap lib_map = { PARENT, LIB_START, 0x20000, 0x1000,
					    "/nonexistent/libfoo.so", "00112233" };

/* a session that reads nothing from /proc, its PARENT process named and mapped */
static void session_with_parent(struct session *s, struct capture *c)
{
	session_init(s);
	s->synthesize_missing = false;
	session_begin_segment(s, &c->sink);
	session_comm(s, PARENT, PARENT, "parent", false, 10);
	session_mmap(s, &app_map);
	session_mmap(s, &lib_map);
}

/* a frame-pointer style sample: frames as found, no registers */
static void fp_sample(struct session *s, pid_t pid, pid_t tid, uint64_t time, const uint64_t *user,
		      size_t nuser, const uint64_t *kernel, size_t nkernel)
{
	struct source_sample smp = {
		.time = time,
		.pid = pid,
		.tid = tid,
		.cpu = 1,
		.period = 1000,
		.ip = nuser ? user[0] : 0,
		.kernel_frames = kernel,
		.nkernel = nkernel,
		.user_frames = user,
		.nuser = nuser,
	};

	session_sample(s, &smp);
}

/* the mapping id of the only frame of a sample at PC */
static uint32_t mapping_of(struct session *s, struct capture *c, pid_t pid, uint64_t pc)
{
	fp_sample(s, pid, pid, 1000 + c->nsamples, &pc, 1, NULL, 0);
	assert_int_equal(c->samples[c->nsamples - 1].nframes, 1);
	assert_int_equal(c->samples[c->nsamples - 1].frames[0].address, pc);
	return c->samples[c->nsamples - 1].frames[0].mapping_id;
}

static void test_session_frames_and_mappings(void **state)
{
	struct capture *c = capture_new(), *c2 = capture_new();
	struct session s;
	struct session_health h;
	struct diag d = { 0 };
	const uint64_t user[] = { APP_START + 0x123, LIB_START + 0x457, 0x900000 };
	const uint64_t kernel[] = { KERNEL_PC, KERNEL_PC + 0x11 };
	const struct cap_sample *smp;
	const struct cap_mapping *k;
	struct source_sample ip_only = {
		.time = 40, .pid = PARENT, .tid = PARENT, .ip = KERNEL_PC
	};

	(void)state;
	session_with_parent(&s, c);
	/* a mapping goes to the sink before the first frame in it, not before */
	assert_int_equal(c->nmaps, 0);
	assert_int_equal(c->nthreads, 1);
	assert_string_equal(c->threads[0].comm, "parent");
	assert_int_equal(c->threads[0].time, 10);

	fp_sample(&s, PARENT, PARENT, 20, user, 3, kernel, 2);
	assert_int_equal(c->nsamples, 1);
	smp = &c->samples[0];
	assert_int_equal(smp->time, 20);
	assert_int_equal(smp->cpu, 1);
	assert_int_equal(smp->period, 1000);
	assert_int_equal(smp->nframes, 5);
	assert_int_equal(c->nmaps, 3);
	assert_non_null(cap_find_mapping(c, 1));
	assert_int_equal(cap_find_mapping(c, 1)->pid, PARENT);
	assert_int_equal(cap_find_mapping(c, 1)->start, APP_START);
	assert_int_equal(cap_find_mapping(c, 1)->end, APP_START + 0x10000);
	assert_int_equal(cap_find_mapping(c, 1)->kind, SINK_MAP_USER);
	assert_string_equal(cap_find_mapping(c, 1)->path, "/nonexistent/app");
	assert_string_equal(cap_find_mapping(c, 1)->build_id, "");
	assert_true(cap_find_mapping(c, 1)->seq < smp->seq);
	assert_non_null(cap_find_mapping(c, 2));
	assert_int_equal(cap_find_mapping(c, 2)->pgoff, 0x1000);
	assert_string_equal(cap_find_mapping(c, 2)->build_id, "00112233");
	/* the kernel's mapping is made and sent at the first kernel frame */
	k = cap_find_mapping(c, smp->frames[0].mapping_id);
	assert_non_null(k);
	assert_int_equal(k->id, 3);
	assert_int_equal(k->kind, SINK_MAP_KERNEL);
	assert_int_equal(k->pid, -1);
	assert_int_equal(k->end, UINT64_MAX);
	assert_string_equal(k->path, "[kernel.kallsyms]");
	assert_true(k->seq < smp->seq);
	assert_int_equal(smp->frames[0].address, KERNEL_PC);
	/* return addresses point back into the call */
	assert_int_equal(smp->frames[1].mapping_id, 3);
	assert_int_equal(smp->frames[1].address, KERNEL_PC + 0x10);
	assert_int_equal(smp->frames[2].mapping_id, 1);
	assert_int_equal(smp->frames[2].address, APP_START + 0x123);
	assert_int_equal(smp->frames[3].mapping_id, 2);
	assert_int_equal(smp->frames[3].address, LIB_START + 0x456);
	assert_int_equal(smp->frames[4].mapping_id, 0);
	assert_int_equal(smp->frames[4].address, 0x8fffff);

	/* no chain: the sampled pc alone, kernel or user */
	session_sample(&s, &ip_only);
	assert_int_equal(c->samples[1].nframes, 1);
	assert_int_equal(c->samples[1].frames[0].mapping_id, 3);
	ip_only.ip = APP_START + 8;
	session_sample(&s, &ip_only);
	assert_int_equal(c->samples[2].frames[0].mapping_id, 1);
	assert_int_equal(c->nmaps, 3); /* the kernel's mapping was sent once */

	/* a thread seen first in a sample; the idle task is perf's "swapper" */
	fp_sample(&s, PARENT, THREAD, 50, user, 1, NULL, 0);
	assert_non_null(cap_find_thread(c, THREAD));
	assert_int_equal(cap_find_thread(c, THREAD)->pid, PARENT);
	assert_int_equal(cap_find_thread(c, THREAD)->time, 50);
	fp_sample(&s, 0, 0, 60, NULL, 0, kernel, 1);
	assert_non_null(cap_find_thread(c, 0));
	assert_string_equal(cap_find_thread(c, 0)->comm, "swapper");

	assert_int_equal(s.stats.samples, 5);
	assert_int_equal(s.segment.samples, 5);
	assert_int_equal(s.stats.first_time, 20);
	assert_int_equal(s.stats.last_time, 60);

	session_health_init(&h);
	assert_int_equal(session_end_segment(&s, &h, NULL, &d), 0);
	session_health_release(&h);
	assert_true(c->finished);
	assert_int_equal(c->finish_stats.samples, 5);
	assert_null(s.sink);

	/* a new segment starts with every thread, and sends each mapping again when used */
	session_begin_segment(&s, &c2->sink);
	assert_int_equal(c2->nmaps, 0);
	assert_int_equal(c2->nthreads, 3);
	assert_string_equal(cap_find_thread(c2, PARENT)->comm, "parent");
	assert_non_null(cap_find_thread(c2, THREAD));
	assert_non_null(cap_find_thread(c2, 0));
	fp_sample(&s, PARENT, PARENT, 70, user, 2, kernel, 1);
	assert_int_equal(c2->nsamples, 1);
	assert_int_equal(c2->samples[0].frames[0].mapping_id, 3);
	assert_int_equal(c2->samples[0].frames[1].mapping_id, 1);
	assert_int_equal(c2->samples[0].frames[2].mapping_id, 2);
	assert_int_equal(c2->nmaps, 3);
	assert_int_equal(cap_find_mapping(c2, 3)->kind, SINK_MAP_KERNEL);
	assert_string_equal(cap_find_mapping(c2, 2)->path, "/nonexistent/libfoo.so");
	assert_int_equal(s.segment.samples, 1);
	assert_int_equal(s.segment.first_time, 70);
	assert_int_equal(s.stats.samples, 6);
	assert_int_equal(c->nsamples, 5); /* nothing more went to the finished sink */

	session_release(&s);
	sink_free(&c->sink);
	sink_free(&c2->sink);
}

static void test_session_fork_exec_exit(void **state)
{
	struct capture *c = capture_new(), *c2 = capture_new();
	struct session s;
	struct session_health h;
	struct diag d = { 0 };
	const struct cap_mapping *m;
	const struct source_mmap exec_map = { CHILD, APP_START, 0x1000, 0, "/nonexistent/child",
					      NULL };
	size_t before;

	(void)state;
	session_with_parent(&s, c);

	/* a thread: no address space of its own, the parent thread's name */
	session_fork(&s, PARENT, PARENT, THREAD, PARENT, 15);
	assert_int_equal(c->nmaps, 0);
	assert_string_equal(cap_find_thread(c, THREAD)->comm, "parent");
	assert_int_equal(cap_find_thread(c, THREAD)->pid, PARENT);

	/* a process: the parent's mappings, shared (one entry, sent once) */
	assert_int_equal(mapping_of(&s, c, PARENT, APP_START + 0x10), 1);
	assert_int_equal(mapping_of(&s, c, PARENT, LIB_START + 0x10), 2);
	assert_int_equal(c->nmaps, 2);
	session_fork(&s, CHILD, PARENT, CHILD, PARENT, 20);
	assert_string_equal(cap_find_thread(c, CHILD)->comm, "parent");
	assert_int_equal(cap_find_thread(c, CHILD)->time, 20);
	assert_int_equal(mapping_of(&s, c, CHILD, APP_START + 0x10), 1);
	assert_int_equal(mapping_of(&s, c, CHILD, LIB_START + 0x10), 2);
	assert_int_equal(c->nmaps, 2);
	assert_int_equal(cap_count_pid_maps(c, CHILD), 0);

	/* exec: a new, empty address space, then its own mappings */
	session_comm(&s, CHILD, CHILD, "child", true, 30);
	assert_string_equal(cap_find_thread(c, CHILD)->comm, "child");
	assert_int_equal(mapping_of(&s, c, CHILD, APP_START + 0x10), 0);
	assert_int_equal(mapping_of(&s, c, CHILD, LIB_START + 0x10), 0);
	session_mmap(&s, &exec_map);
	assert_int_equal(mapping_of(&s, c, CHILD, APP_START + 0x10), 3);
	m = &c->maps[c->nmaps - 1];
	assert_int_equal(m->id, 3);
	assert_int_equal(m->pid, CHILD);
	assert_string_equal(m->path, "/nonexistent/child");
	assert_int_equal(mapping_of(&s, c, PARENT, APP_START + 0x10), 1);
	/* a name that does not change is not sent again */
	before = c->nthreads;
	session_comm(&s, CHILD, CHILD, "child", false, 35);
	assert_int_equal(c->nthreads, before);

	/* the process exits: its address space is released, its threads dead */
	session_exit(&s, CHILD, CHILD, 40);
	assert_non_null(session_space_of(&s, CHILD));
	assert_null(session_space_of(&s, CHILD)->as);
	assert_int_equal(s.dead_spaces, 1);
	assert_int_equal(s.dead_threads, 1);
	session_exit(&s, PARENT, THREAD, 41);
	assert_int_equal(s.dead_threads, 2);
	assert_int_equal(s.dead_spaces, 1);
	assert_non_null(session_space_of(&s, PARENT)->as);
	assert_int_equal(mapping_of(&s, c, PARENT, LIB_START + 0x10), 2);

	session_health_init(&h);
	assert_int_equal(session_end_segment(&s, &h, NULL, &d), 0);
	session_health_release(&h);
	assert_int_equal(c->finish_stats.samples, c->nsamples);

	/* the dead child's mapping went at the segment's end; the parent's stay */
	assert_null(mapping_table_get(&s.maps, 3));
	assert_non_null(mapping_table_get(&s.maps, 1));
	assert_non_null(mapping_table_get(&s.maps, 2));

	/* the next segment has only what lives: the parent */
	session_begin_segment(&s, &c2->sink);
	assert_int_equal(c2->nmaps, 0);
	assert_int_equal(mapping_of(&s, c2, PARENT, LIB_START + 0x10), 2);
	assert_int_equal(c2->nmaps, 1);
	assert_int_equal(c2->maps[0].id, 2);
	assert_int_equal(c2->nthreads, 1);
	assert_int_equal(c2->threads[0].tid, PARENT);
	assert_string_equal(c2->threads[0].comm, "parent");

	session_release(&s);
	sink_free(&c->sink);
	sink_free(&c2->sink);
}

/* the cgroup last sent for PID, or NULL */
static const struct cap_cgroup *cgroup_sent(const struct capture *c, pid_t pid)
{
	size_t i;

	for (i = c->ncgroups; i-- > 0;)
		if (c->cgroups[i].pid == pid)
			return &c->cgroups[i];
	return NULL;
}

/*
 * A process's cgroup comes from /proc (our own, here); a child gone
 * before it was looked at gets its parent's; a new segment is sent
 * every live process's; an exec keeps it; exit forgets it.
 */
static void test_session_cgroups(void **state)
{
	struct capture *c = capture_new(), *c2 = capture_new();
	struct session s;
	struct session_health h;
	struct diag d = { 0 };
	pid_t self = getpid();
	char own[4096];
	const struct cap_cgroup *cg;

	(void)state;
	assert_true(cgroup_of_pid(self, own, sizeof(own)));
	session_init(&s);
	s.synthesize_missing = false;
	session_begin_segment(&s, &c->sink);
	session_synthesize(&s, self);
	cg = cgroup_sent(c, self);
	assert_non_null(cg);
	assert_string_equal(cg->path, own);

	session_fork(&s, CHILD, self, CHILD, self, 20);
	cg = cgroup_sent(c, CHILD);
	assert_non_null(cg);
	assert_string_equal(cg->path, own);
	session_comm(&s, CHILD, CHILD, "child", true, 30);
	assert_int_equal(c->ncgroups, 2);

	/* a process that is seen first in a sample, and has no /proc entry: none */
	fp_sample(&s, PARENT, PARENT, 40, NULL, 0, NULL, 0);
	assert_null(cgroup_sent(c, PARENT));

	session_exit(&s, CHILD, CHILD, 50);
	assert_int_equal(session_end_segment(&s, &h, NULL, &d), 0);
	session_health_release(&h);
	session_begin_segment(&s, &c2->sink);
	assert_non_null(cgroup_sent(c2, self));
	assert_null(cgroup_sent(c2, CHILD));
	assert_int_equal(session_end_segment(&s, &h, NULL, &d), 0);
	session_health_release(&h);
	session_release(&s);
	sink_free(&c->sink);
	sink_free(&c2->sink);
}

/*
 * Thousands of short processes keep the tables the size of what lives:
 * threads, address spaces, and the shared mappings and object files, of
 * which a process's own (a JIT region, a freshly built program) go once
 * it has exited and no open segment names them
 */
static void test_session_compacts_dead_processes(void **state)
{
	struct capture *c = capture_new(), *c2 = capture_new();
	struct session s;
	struct session_health h;
	struct diag d = { 0 };
	const size_t nprocs = 1000, keep_every = 100, live = 1 + nprocs / keep_every;
	const size_t sample_every = 10, sampled = nprocs / sample_every;
	size_t i, max_spaces = 0, max_threads = 0, max_maps = 0;

	(void)state;
	session_with_parent(&s, c);
	for (i = 0; i < nprocs; i++) {
		pid_t pid = (pid_t)(6000000 + i);
		char path[64];
		struct source_mmap jit = { pid, 0x10000000, 0x1000, 0, "//anon", NULL };
		struct source_mmap copy = { pid, 0x20000000, 0x1000, 0, path, NULL };
		uint32_t jit_id;

		snprintf(path, sizeof(path), "/nonexistent/copy-%zu", i);
		session_fork(&s, pid, PARENT, pid, PARENT, 100 + i);
		assert_string_equal(c->threads[c->nthreads - 1].comm, "parent");
		assert_int_equal(mapping_of(&s, c, pid, APP_START + 4), 1);
		assert_int_equal(mapping_of(&s, c, pid, LIB_START + 4), 2);
		session_mmap(&s, &jit);
		session_mmap(&s, &copy);
		if (i % sample_every == 0) {
			jit_id = mapping_of(&s, c, pid, 0x10000000 + 4);
			assert_true(jit_id > 2);
			assert_int_equal(cap_find_mapping(c, jit_id)->pid, pid);
		}
		if (i % keep_every != keep_every - 1)
			session_exit(&s, pid, pid, 100 + i);
		if (s.nspaces > max_spaces)
			max_spaces = s.nspaces;
		if (s.nthreads > max_threads)
			max_threads = s.nthreads;
		if (s.maps.n > max_maps)
			max_maps = s.maps.n;
	}
	assert_int_equal(s.nspaces - s.dead_spaces, live);
	assert_int_equal(s.nthreads - s.dead_threads, live);
	/* dead entries go once they are half the table (or 64 of them) */
	assert_true(max_spaces <= 2 * (64 + live));
	assert_true(max_threads <= 2 * (64 + live));
	assert_true(s.spaces_alloc <= 4 * (64 + live));
	/* shared mappings: what lives, and what this segment sampled, times two */
	assert_true(max_maps <= 2 * (64 + 2 + 2 * live + sampled));
	/* lookups still find what survived the compactions */
	assert_int_equal(mapping_of(&s, c, PARENT, APP_START + 4), 1);
	assert_int_equal(mapping_of(&s, c, 6000000 + keep_every - 1, APP_START + 4), 1);
	assert_true(mapping_of(&s, c, 6000000 + keep_every - 1, 0x20000000) > 2);

	session_health_init(&h);
	assert_int_equal(session_end_segment(&s, &h, NULL, &d), 0);
	session_health_release(&h);
	/* the segment ended: what only it named is gone too */
	assert_int_equal(s.maps.n, 2 + 2 * (live - 1));
	assert_true(objcache_count(s.objs) <= 2 + live + 64);
	session_begin_segment(&s, &c2->sink);
	assert_int_equal(c2->nmaps, 0);
	assert_int_equal(c2->nthreads, live);
	for (i = 0; i < c2->nthreads; i++) {
		pid_t pid = c2->threads[i].pid;

		assert_true(pid == PARENT || (pid - 6000000) % (pid_t)keep_every ==
						     (pid_t)keep_every - 1);
	}
	session_release(&s);
	sink_free(&c->sink);
	sink_free(&c2->sink);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_session_frames_and_mappings),
		cmocka_unit_test(test_session_fork_exec_exit),
		cmocka_unit_test(test_session_compacts_dead_processes),
		cmocka_unit_test(test_session_cgroups),
	};
	int failed = cmocka_run_group_tests_name("session", tests, NULL, NULL);

	return failed + run_perf_source_tests() + run_record_engine_tests() +
	       run_record_sink_tests();
}
