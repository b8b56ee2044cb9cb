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

/* above PID_MAX_LIMIT (4194304): no such process can exist */
#define PARENT 5000001
#define CHILD 5000002
#define THREAD 5000003

#define APP_START 0x400000ULL
#define LIB_START 0x7f0000000000ULL
#define KERNEL_PC 0xffffffff81000010ULL

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

/* the slot of PID's address space, dead or alive, or NULL */
static const struct session_as *find_space(const struct session *s, pid_t pid)
{
	size_t i;

	for (i = 0; i < s->nspaces; i++)
		if (s->spaces[i].pid == pid)
			return &s->spaces[i];
	return NULL;
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
	assert_non_null(find_space(&s, CHILD));
	assert_null(find_space(&s, CHILD)->as);
	assert_int_equal(s.dead_spaces, 1);
	assert_int_equal(s.dead_threads, 1);
	session_exit(&s, PARENT, THREAD, 41);
	assert_int_equal(s.dead_threads, 2);
	assert_int_equal(s.dead_spaces, 1);
	assert_non_null(find_space(&s, PARENT)->as);
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

/* ---- perf_source: synthetic records in time order ---- */

static void put_header(struct strbuf *b, uint32_t type, uint16_t misc, size_t size)
{
	struct perf_event_header h = { type, misc, (uint16_t)size };

	assert_true(size % 8 == 0 && size <= UINT16_MAX);
	strbuf_add(b, &h, sizeof(h));
}

static void put_u64(struct strbuf *b, uint64_t v)
{
	strbuf_add(b, &v, 8);
}

static void put_u32x2(struct strbuf *b, uint32_t a, uint32_t c)
{
	strbuf_add(b, &a, 4);
	strbuf_add(b, &c, 4);
}

/* sample_id_all's trailer for TID | TIME | CPU */
static void put_sample_id(struct strbuf *b, uint32_t pid, uint64_t time, uint32_t cpu)
{
	put_u32x2(b, pid, pid);
	put_u64(b, time);
	put_u32x2(b, cpu, 0);
}

/* bytes of S with its NUL, padded to 8 */
static void put_padded(struct strbuf *b, const char *s, size_t padded)
{
	char buf[256] = "";

	assert_true(padded <= sizeof(buf));
	memcpy(buf, s, strlen(s));
	strbuf_add(b, buf, padded);
}

static size_t pad8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

/*
 * PERF_RECORD_SAMPLE for pe_sample_type() in frame-pointer mode: ip,
 * pid/tid, time, cpu/res, period, callchain (kernel context, a frame,
 * user context, the user frames)
 */
static void put_sample(struct strbuf *b, uint64_t time, uint32_t cpu, uint32_t pid,
		       uint64_t period, const uint64_t *user, size_t nuser, bool kernel)
{
	size_t nr = (kernel ? 2 : 0) + 1 + nuser, i;

	put_header(b, PERF_RECORD_SAMPLE, PERF_RECORD_MISC_USER, 8 + 6 * 8 + nr * 8);
	put_u64(b, kernel ? KERNEL_PC : user[0]);
	put_u32x2(b, pid, pid);
	put_u64(b, time);
	put_u32x2(b, cpu, 0);
	put_u64(b, period);
	put_u64(b, nr);
	if (kernel) {
		put_u64(b, (uint64_t)PERF_CONTEXT_KERNEL);
		put_u64(b, KERNEL_PC);
	}
	put_u64(b, (uint64_t)PERF_CONTEXT_USER);
	for (i = 0; i < nuser; i++)
		put_u64(b, user[i]);
}

static void put_mmap2(struct strbuf *b, uint64_t time, uint32_t pid, uint64_t start,
		      uint64_t len, uint32_t prot, const char *path, const unsigned char *build_id)
{
	size_t plen = pad8(strlen(path) + 1);
	unsigned char ids[24] = { 0 };

	put_header(b, PERF_RECORD_MMAP2, build_id ? PERF_RECORD_MISC_MMAP_BUILD_ID : 0,
		   8 + 64 + plen + 24);
	put_u32x2(b, pid, pid);
	put_u64(b, start);
	put_u64(b, len);
	put_u64(b, 0);
	if (build_id) {
		ids[0] = 20; /* size, two reserved bytes, 20 bytes of id */
		memcpy(ids + 4, build_id, 20);
	}
	strbuf_add(b, ids, sizeof(ids));
	put_u32x2(b, prot, 2 /* MAP_PRIVATE */);
	put_padded(b, path, plen);
	put_sample_id(b, pid, time, 0);
}

static void put_comm(struct strbuf *b, uint64_t time, uint32_t pid, const char *comm, bool exec)
{
	size_t clen = pad8(strlen(comm) + 1);

	put_header(b, PERF_RECORD_COMM, exec ? PERF_RECORD_MISC_COMM_EXEC : 0, 8 + 8 + clen + 24);
	put_u32x2(b, pid, pid);
	put_padded(b, comm, clen);
	put_sample_id(b, pid, time, 0);
}

static void put_task(struct strbuf *b, uint32_t type, uint64_t time, uint32_t pid, uint32_t ppid)
{
	put_header(b, type, 0, 8 + 24 + 24);
	put_u32x2(b, pid, ppid);
	put_u32x2(b, pid, ppid);
	put_u64(b, time);
	put_sample_id(b, pid, time, 0);
}

static void put_lost(struct strbuf *b, uint64_t time, uint64_t n)
{
	put_header(b, PERF_RECORD_LOST, 0, 8 + 16 + 24);
	put_u64(b, 1);
	put_u64(b, n);
	put_sample_id(b, 0, time, 0);
}

static void fp_perf_source(struct perf_source *ps)
{
	struct pe_session pe;

	memset(&pe, 0, sizeof(pe));
	pe.cfg.callgraph = PE_CALLGRAPH_FP;
	perf_source_init(ps, &pe);
	assert_int_equal(pe_sample_type(&ps->cfg),
			 PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_CPU |
				 PERF_SAMPLE_PERIOD | PERF_SAMPLE_CALLCHAIN);
}

static void assert_times(const struct capture *c, size_t from, const uint64_t *want, size_t n)
{
	size_t i;

	assert_int_equal(c->nsamples - from, n);
	for (i = 0; i < n; i++)
		assert_int_equal(c->samples[from + i].time, want[i]);
}

static void test_perf_source_time_order(void **state)
{
	struct capture *c = capture_new();
	struct perf_source ps;
	struct session s;
	struct strbuf cpu0 = STRBUF_INIT, cpu1 = STRBUF_INIT, late = STRBUF_INIT;
	const unsigned char id[20] = { 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6,
				       7, 8, 9, 10, 11, 12, 13, 14, 15, 0xff };
	const uint64_t pc[] = { APP_START + 0x100, APP_START + 0x201 };
	const uint64_t first[] = { 150, 200, 300, 350, 400, 450 };
	const uint64_t rest[] = { 500, 650, 700, 800, 1000, 1000 };
	struct diag d = { 0 };

	(void)state;
	session_init(&s);
	s.synthesize_missing = false;
	session_begin_segment(&s, &c->sink);
	fp_perf_source(&ps);
	assert_int_equal(ps.src.ops->enable(&ps.src, &d), 0);
	assert_int_equal(ps.src.ops->pollfds(&ps.src, NULL, 0), 0);

	/* each CPU's ring in its own time order; the samples on CPU 1 come first */
	put_mmap2(&cpu0, 100, PARENT, APP_START, 0x10000, PROT_READ | PROT_EXEC,
		  "/nonexistent/app", id);
	put_mmap2(&cpu0, 110, PARENT, 0x600000, 0x1000, PROT_READ, "/nonexistent/data", NULL);
	put_comm(&cpu0, 120, PARENT, "parent", false);
	put_sample(&cpu0, 300, 0, PARENT, 300, pc, 2, false);
	put_sample(&cpu0, 450, 0, PARENT, 450, pc, 1, true);
	put_task(&cpu0, PERF_RECORD_FORK, 460, CHILD, PARENT);
	put_sample(&cpu0, 500, 0, PARENT, 500, pc, 1, false);
	put_comm(&cpu0, 600, CHILD, "child", true);
	put_sample(&cpu0, 700, 0, PARENT, 700, pc, 1, false);
	put_task(&cpu0, PERF_RECORD_EXIT, 900, CHILD, CHILD);
	put_sample(&cpu0, 1000, 0, PARENT, 2, pc, 1, false);
	put_sample(&cpu1, 150, 1, PARENT, 150, pc, 1, false);
	put_sample(&cpu1, 200, 1, PARENT, 200, pc, 1, false);
	put_sample(&cpu1, 400, 1, PARENT, 400, pc, 1, false);
	put_sample(&cpu1, 350, 1, PARENT, 350, pc, 1, false); /* out of order within a ring */
	put_lost(&cpu1, 420, 7);
	put_sample(&cpu1, 800, 1, CHILD, 800, pc, 1, false);
	put_sample(&cpu1, 1000, 1, PARENT, 1, pc, 1, false); /* the same time: queue order */
	perf_source_queue(&ps, cpu1.buf, cpu1.len);
	perf_source_queue(&ps, cpu0.buf, cpu0.len);

	/* up to the horizon (inclusive) only, in time order */
	assert_false(ps.src.ops->process(&ps.src, &s, 450, 0));
	assert_times(c, 0, first, 6);
	assert_int_equal(c->nmaps, 2); /* the executable mapping and the kernel */
	assert_int_equal(c->maps[0].id, 1);
	assert_int_equal(c->maps[0].start, APP_START);
	assert_int_equal(c->maps[0].end, APP_START + 0x10000);
	assert_string_equal(c->maps[0].path, "/nonexistent/app");
	assert_string_equal(c->maps[0].build_id, "deadbeef0102030405060708090a0b0c0d0e0fff");
	assert_true(c->maps[0].seq < c->samples[0].seq);
	assert_string_equal(cap_find_thread(c, PARENT)->comm, "parent");
	assert_int_equal(c->samples[0].frames[0].mapping_id, 1);
	assert_int_equal(c->samples[0].frames[0].address, APP_START + 0x100);
	assert_int_equal(c->samples[0].cpu, 1);
	assert_int_equal(c->samples[0].period, 150);
	assert_int_equal(c->samples[2].cpu, 0);
	assert_int_equal(c->samples[2].nframes, 2);
	assert_int_equal(c->samples[2].frames[1].address, APP_START + 0x200);
	assert_int_equal(c->samples[5].nframes, 2);
	assert_int_equal(c->samples[5].frames[0].mapping_id, c->maps[1].id);
	assert_int_equal(c->maps[1].kind, SINK_MAP_KERNEL);
	assert_int_equal(s.stats.lost, 7);
	assert_int_equal(s.stats.lost_records, 1);

	/* what a later drain adds waits with the rest */
	put_sample(&late, 650, 1, PARENT, 650, pc, 1, false);
	perf_source_queue(&ps, late.buf, late.len);
	assert_false(ps.src.ops->process(&ps.src, &s, UINT64_MAX, 0));
	assert_times(c, 6, rest, 6);
	assert_int_equal(c->samples[10].period, 1);
	assert_int_equal(c->samples[11].period, 2);
	/* the fork shared the mapping, the exec dropped it: the child's sample maps nowhere */
	assert_int_equal(cap_count_pid_maps(c, CHILD), 0);
	assert_string_equal(cap_find_thread(c, CHILD)->comm, "child");
	assert_int_equal(c->samples[9].pid, CHILD);
	assert_int_equal(c->samples[9].frames[0].mapping_id, 0);
	assert_null(find_space(&s, CHILD)->as);
	assert_int_equal(s.stats.samples, 12);

	/* nothing is left, nothing comes twice */
	assert_false(ps.src.ops->process(&ps.src, &s, UINT64_MAX, 0));
	assert_int_equal(c->nsamples, 12);
	assert_int_equal(ps.pending.len, 0);

	assert_int_equal(ps.src.ops->disable(&ps.src, &d), 0);
	ps.src.ops->close(&ps.src);
	session_release(&s);
	sink_free(&c->sink);
	strbuf_release(&cpu0);
	strbuf_release(&cpu1);
	strbuf_release(&late);
}

/* a record split by the end of a ring comes out whole */
static void test_perf_source_drains_wrapped_ring(void **state)
{
	struct capture *c = capture_new();
	struct perf_source ps;
	struct pe_session pe;
	struct session s;
	struct strbuf recs = STRBUF_INIT;
	const size_t page = (size_t)sysconf(_SC_PAGESIZE), data_size = 4096;
	const uint64_t pc[] = { APP_START + 0x100 };
	struct perf_event_mmap_page *meta;
	unsigned char *data;
	uint64_t tail;
	size_t i, off;

	(void)state;
	memset(&pe, 0, sizeof(pe));
	pe.cfg.callgraph = PE_CALLGRAPH_FP;
	pe.rings = xcalloc(1, sizeof(*pe.rings));
	pe.nrings = 1;
	pe.rings[0].fd = -1;
	pe.rings[0].data_size = data_size;
	pe.rings[0].base = mmap(NULL, page + data_size, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(pe.rings[0].base != MAP_FAILED);
	meta = pe.rings[0].base;
	meta->data_offset = page;
	data = (unsigned char *)pe.rings[0].base + page;
	/* the writer is 40 bytes short of the ring's end, well into its second lap */
	tail = 3 * data_size - 40;
	meta->data_tail = tail;
	for (i = 0; i < 4; i++)
		put_sample(&recs, 10 + i, 0, PARENT, 10 + i, pc, 1, false);
	for (i = 0; i < recs.len; i++) {
		off = (size_t)(tail + i) & (data_size - 1);
		data[off] = (unsigned char)recs.buf[i];
	}
	meta->data_head = tail + recs.len;

	perf_source_init(&ps, &pe);
	session_init(&s);
	s.synthesize_missing = false;
	session_begin_segment(&s, &c->sink);
	ps.src.ops->drain(&ps.src);
	assert_int_equal(meta->data_tail, tail + recs.len);
	assert_int_equal(ps.pending.len, recs.len);
	assert_memory_equal(ps.pending.buf, recs.buf, recs.len);
	ps.src.ops->process(&ps.src, &s, UINT64_MAX, 0);
	assert_int_equal(c->nsamples, 4);
	for (i = 0; i < 4; i++) {
		assert_int_equal(c->samples[i].time, 10 + i);
		assert_int_equal(c->samples[i].frames[0].address, APP_START + 0x100);
	}
	/* the source closes the session: unmaps the ring, frees it */
	ps.src.ops->close(&ps.src);
	session_release(&s);
	sink_free(&c->sink);
	strbuf_release(&recs);
}

/*
 * A DWARF-mode sample: ip, pid/tid, time, cpu/res, period, the kernel's
 * chain, the registers' ABI and PE_NREGS_USER values, STACK_SIZE bytes of
 * stack of which DYN_SIZE hold data, then DYN_SIZE
 */
static void put_dwarf_sample(struct strbuf *b, uint64_t time, const uint64_t *regs,
			     size_t stack_size, uint64_t dyn_size)
{
	size_t i;

	put_header(b, PERF_RECORD_SAMPLE, PERF_RECORD_MISC_USER,
		   8 + 6 * 8 + 2 * 8 + 8 + 8 * PE_NREGS_USER + 8 + stack_size + 8);
	put_u64(b, regs[8]);
	put_u32x2(b, PARENT, PARENT);
	put_u64(b, time);
	put_u32x2(b, 0, 0);
	put_u64(b, 1);
	put_u64(b, 2);
	put_u64(b, (uint64_t)PERF_CONTEXT_KERNEL);
	put_u64(b, KERNEL_PC);
	put_u64(b, PERF_SAMPLE_REGS_ABI_64);
	for (i = 0; i < PE_NREGS_USER; i++)
		put_u64(b, regs[i]);
	put_u64(b, stack_size);
	for (i = 0; i < stack_size; i++)
		strbuf_addch(b, (char)(i < dyn_size ? 0x5a : 0xee));
	put_u64(b, dyn_size);
}

/* DWARF samples wait in the queue without the unused part of their stack copy */
static void test_perf_source_trims_dwarf_stacks(void **state)
{
	struct capture *c = capture_new();
	struct perf_source ps;
	struct pe_session pe;
	struct session s;
	struct strbuf rec = STRBUF_INIT;
	const size_t stack_size = 4096, dyn = 100, kept = 104;
	uint64_t regs[PE_NREGS_USER] = { 0 }, v;
	const unsigned char *q;
	size_t i, head;

	(void)state;
	for (i = 0; i < PE_NREGS_USER; i++)
		regs[i] = 0x1000 * (i + 1);
	regs[8] = APP_START + 0x40;   /* ip, in the sampled set's order */
	regs[7] = 0x7ffc00000000ULL; /* sp */
	put_dwarf_sample(&rec, 100, regs, stack_size, dyn);
	memset(&pe, 0, sizeof(pe));
	pe.cfg.callgraph = PE_CALLGRAPH_DWARF;
	pe.cfg.stack_bytes = (unsigned)stack_size;
	perf_source_init(&ps, &pe);
	assert_true(pe_sample_type(&ps.cfg) & PERF_SAMPLE_STACK_USER);
	perf_source_queue(&ps, rec.buf, rec.len);

	/* the record is rewritten: stack size = dyn_size rounded up to 8, then the data */
	assert_int_equal(ps.pending.len, rec.len - (stack_size - kept));
	q = (const unsigned char *)ps.pending.buf;
	assert_int_equal(((const struct perf_event_header *)(const void *)q)->size,
			 ps.pending.len);
	head = 8 + 6 * 8 + 2 * 8 + 8 + 8 * PE_NREGS_USER;
	assert_memory_equal(q + 8, rec.buf + 8, head - 8);
	memcpy(&v, q + head, 8);
	assert_int_equal(v, kept);
	for (i = 0; i < dyn; i++)
		assert_int_equal(q[head + 8 + i], 0x5a);
	memcpy(&v, q + head + 8 + kept, 8);
	assert_int_equal(v, dyn);

	/* unwound against a file that is not there: the pc at least, marked cut short */
	session_init(&s);
	s.synthesize_missing = false;
	session_begin_segment(&s, &c->sink);
	session_mmap(&s, &app_map);
	ps.src.ops->process(&ps.src, &s, UINT64_MAX, 0);
	assert_int_equal(c->nsamples, 1);
	assert_true(c->samples[0].nframes >= 2);
	assert_int_equal(c->samples[0].frames[0].address, KERNEL_PC);
	assert_int_equal(c->samples[0].frames[1].address, APP_START + 0x40);
	assert_int_equal(c->samples[0].frames[1].mapping_id, 1);
	assert_true(c->samples[0].flags & SINK_STACK_TRUNCATED);
	assert_int_equal(s.stats.unwind_complete, 0);
	assert_int_equal(s.stats.unwind_truncated + s.stats.unwind_failed, 1);
	assert_int_equal(s.segment.unwind_truncated + s.segment.unwind_failed, 1);

	ps.src.ops->close(&ps.src);
	session_release(&s);
	sink_free(&c->sink);
	strbuf_release(&rec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_session_frames_and_mappings),
		cmocka_unit_test(test_session_fork_exec_exit),
		cmocka_unit_test(test_session_compacts_dead_processes),
		cmocka_unit_test(test_session_cgroups),
		cmocka_unit_test(test_perf_source_time_order),
		cmocka_unit_test(test_perf_source_drains_wrapped_ring),
		cmocka_unit_test(test_perf_source_trims_dwarf_stacks),
	};
	int failed = cmocka_run_group_tests_name("session and perf_source", tests, NULL, NULL);

	return failed + run_record_engine_tests() + run_record_sink_tests();
}
