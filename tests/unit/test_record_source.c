/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for the perf_event source (src/record/perf_source.c):
 * synthetic ring records put in time order across CPUs, a wrapped ring
 * drained, DWARF stack copies trimmed, all fed to a session whose sink
 * keeps what it gets.
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
#include "record/perf_event.h"
#include "record/perf_source.h"
#include "record/session.h"
#include "record/sink.h"
#include "record/source.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

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
	assert_null(session_space_of(&s, CHILD)->as);
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
	session_mmap(&s, &(struct source_mmap){ PARENT, APP_START, 0x10000, 0, "/nonexistent/app",
						NULL });
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

int run_perf_source_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_perf_source_time_order),
		cmocka_unit_test(test_perf_source_drains_wrapped_ring),
		cmocka_unit_test(test_perf_source_trims_dwarf_stacks),
	};

	return cmocka_run_group_tests_name("perf_source", tests, NULL, NULL);
}
