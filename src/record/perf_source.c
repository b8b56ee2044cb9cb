/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "record/perf_source.h"
#include "record/session.h"
#include "unwind/unwind.h"
#include "util/clock.h"
#include "util/xalloc.h"

#include <linux/perf_event.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#define MAX_CHAIN 1024

static struct perf_source *to_perf(struct source *src)
{
	return (struct perf_source *)src;
}

/* ---- record parsing ---- */

struct parsed_sample {
	uint64_t ip;
	uint32_t pid, tid;
	uint64_t time;
	uint32_t cpu;
	uint64_t period;
	uint64_t nr;
	const unsigned char *chain; /* nr u64s, unaligned */
	uint64_t abi;
	const unsigned char *regs; /* PE_NREGS_USER u64s, unaligned */
	uint64_t stack_size, dyn_size;
	const unsigned char *stack;
};

static bool parse_sample(const struct pe_config *cfg, const unsigned char *p, size_t size,
			 struct parsed_sample *out)
{
	const unsigned char *end = p + size;
	uint64_t v;

#define NEED(n)                                                                                    \
	do {                                                                                       \
		if ((size_t)(end - p) < (size_t)(n))                                               \
			return false;                                                              \
	} while (0)
#define GET64(x)                                                                                   \
	do {                                                                                       \
		NEED(8);                                                                           \
		memcpy(&(x), p, 8);                                                                \
		p += 8;                                                                            \
	} while (0)

	memset(out, 0, sizeof(*out));
	p += sizeof(struct perf_event_header);
	GET64(out->ip);
	NEED(8);
	memcpy(&out->pid, p, 4);
	memcpy(&out->tid, p + 4, 4);
	p += 8;
	GET64(out->time);
	NEED(8);
	memcpy(&out->cpu, p, 4);
	p += 8;
	GET64(out->period);
	GET64(out->nr);
	if (out->nr > (uint64_t)(end - p) / 8)
		return false;
	out->chain = p;
	p += out->nr * 8;
	if (cfg->callgraph == PE_CALLGRAPH_DWARF) {
		GET64(out->abi);
		if (out->abi) {
			NEED(8 * PE_NREGS_USER);
			out->regs = p;
			p += 8 * PE_NREGS_USER;
		}
		GET64(out->stack_size);
		if (out->stack_size) {
			NEED(out->stack_size + 8);
			out->stack = p;
			p += out->stack_size;
			GET64(v);
			out->dyn_size = v < out->stack_size ? v : out->stack_size;
		}
	}
	return true;
#undef NEED
#undef GET64
}

static void process_sample(struct perf_source *ps, struct session *s, const unsigned char *rec,
			   size_t size)
{
	struct parsed_sample p;
	uint64_t kernel[MAX_CHAIN], user[MAX_CHAIN], ctx = 0;
	uint64_t perf_regs[PE_NREGS_USER], dw[UNWIND_NREGS];
	struct source_sample out = { 0 };
	size_t nkernel = 0, nuser = 0;
	bool user_from_chain = ps->cfg.callgraph == PE_CALLGRAPH_FP;
	uint64_t i;

	if (!parse_sample(&ps->cfg, rec, size, &p))
		return;
	/* the kernel's chain: kernel frames, and in fp mode the user frames */
	for (i = 0; i < p.nr; i++) {
		uint64_t ip;

		memcpy(&ip, p.chain + 8 * i, 8);
		if (ip >= (uint64_t)PERF_CONTEXT_MAX) {
			ctx = ip;
			continue;
		}
		if (ctx == PERF_CONTEXT_KERNEL && nkernel < MAX_CHAIN) {
			kernel[nkernel++] = ip;
		} else if (ctx == PERF_CONTEXT_USER && user_from_chain && nuser < MAX_CHAIN) {
			if (!ip || ip >= 0x0000800000000000ULL)
				break; /* garbage in a broken frame-pointer chain */
			user[nuser++] = ip;
		}
	}
	out.time = p.time;
	out.pid = (pid_t)p.pid;
	out.tid = (pid_t)p.tid;
	out.cpu = p.cpu;
	out.period = p.period;
	out.ip = p.ip;
	out.kernel_frames = kernel;
	out.nkernel = nkernel;
	out.user_frames = user;
	out.nuser = nuser;
	if (ps->cfg.callgraph == PE_CALLGRAPH_DWARF && p.regs) {
		memcpy(perf_regs, p.regs, sizeof(perf_regs));
		pe_regs_to_dwarf(perf_regs, dw);
		out.regs = dw;
		out.stack = p.stack;
		out.stack_size = p.dyn_size;
	}
	session_sample(s, &out);
}

static void process_mmap2(struct session *s, const unsigned char *rec, size_t size, uint16_t misc)
{
	/* pid, tid, addr, len, pgoff, {maj, min, ino, ino_gen | build-id}, prot, flags, filename */
	const size_t fixed = 8 + 8 + 8 + 8 + 24 + 4 + 4;
	const unsigned char *p = rec + sizeof(struct perf_event_header);
	struct source_mmap m;
	uint32_t pid, prot;
	char build_id[41] = "", path[4096];
	size_t maxlen;

	if (size < sizeof(struct perf_event_header) + fixed + 1)
		return;
	memcpy(&pid, p, 4);
	memcpy(&m.start, p + 8, 8);
	memcpy(&m.len, p + 16, 8);
	memcpy(&m.pgoff, p + 24, 8);
	if (misc & PERF_RECORD_MISC_MMAP_BUILD_ID) {
		uint8_t bsize = p[32];
		int i;

		if (bsize > 20)
			bsize = 20;
		for (i = 0; i < bsize; i++) {
			static const char hex[] = "0123456789abcdef";

			build_id[2 * i] = hex[p[36 + i] >> 4];
			build_id[2 * i + 1] = hex[p[36 + i] & 15];
		}
		build_id[2 * bsize] = '\0';
	}
	memcpy(&prot, p + 56, 4);
	if (!(prot & PROT_EXEC))
		return;
	maxlen = size - sizeof(struct perf_event_header) - fixed;
	if (maxlen >= sizeof(path))
		maxlen = sizeof(path) - 1;
	memcpy(path, p + fixed, maxlen);
	path[maxlen] = '\0';
	m.pid = (pid_t)pid;
	m.path = path;
	m.build_id = build_id;
	session_mmap(s, &m);
}

static void process_comm(struct session *s, const unsigned char *rec, size_t size, uint16_t misc,
			 uint64_t time)
{
	const unsigned char *p = rec + sizeof(struct perf_event_header);
	uint32_t pid, tid;
	char comm[32];
	size_t maxlen;

	if (size < sizeof(struct perf_event_header) + 9)
		return;
	memcpy(&pid, p, 4);
	memcpy(&tid, p + 4, 4);
	maxlen = size - sizeof(struct perf_event_header) - 8;
	if (maxlen >= sizeof(comm))
		maxlen = sizeof(comm) - 1;
	memcpy(comm, p + 8, maxlen);
	comm[maxlen] = '\0';
	session_comm(s, (pid_t)pid, (pid_t)tid, comm, misc & PERF_RECORD_MISC_COMM_EXEC, time);
}

/* FORK and EXIT: pid, ppid, tid, ptid, time */
static void process_task(struct session *s, const unsigned char *rec, size_t size, bool fork,
			 uint64_t time)
{
	const unsigned char *p = rec + sizeof(struct perf_event_header);
	uint32_t pid, ppid, tid, ptid;

	if (size < sizeof(struct perf_event_header) + 16)
		return;
	memcpy(&pid, p, 4);
	memcpy(&ppid, p + 4, 4);
	memcpy(&tid, p + 8, 4);
	memcpy(&ptid, p + 12, 4);
	if (fork)
		session_fork(s, (pid_t)pid, (pid_t)ppid, (pid_t)tid, (pid_t)ptid, time);
	else
		session_exit(s, (pid_t)pid, (pid_t)tid, time);
}

/* where a record's time is: samples carry it inline, others in the sample_id trailer; 0: none */
static size_t time_offset(const unsigned char *rec, size_t size)
{
	const struct perf_event_header *h = (const void *)rec;

	if (size < sizeof(*h) + 24)
		return 0;
	return h->type == PERF_RECORD_SAMPLE ? sizeof(*h) + 16 : size - 16;
}

static uint64_t record_time(const unsigned char *rec, size_t size)
{
	size_t at = time_offset(rec, size);
	uint64_t t = 0;

	if (at)
		memcpy(&t, rec + at, 8);
	return t;
}

static void process_record(struct perf_source *ps, struct session *s, const unsigned char *rec,
			   size_t size)
{
	struct perf_event_header h;
	uint64_t lost;

	memcpy(&h, rec, sizeof(h));
	switch (h.type) {
	case PERF_RECORD_SAMPLE:
		process_sample(ps, s, rec, size);
		break;
	case PERF_RECORD_MMAP2:
		process_mmap2(s, rec, size, h.misc);
		break;
	case PERF_RECORD_COMM:
		process_comm(s, rec, size, h.misc, record_time(rec, size));
		break;
	case PERF_RECORD_FORK:
	case PERF_RECORD_EXIT:
		process_task(s, rec, size, h.type == PERF_RECORD_FORK, record_time(rec, size));
		break;
	case PERF_RECORD_LOST:
		if (size >= sizeof(h) + 16) {
			memcpy(&lost, rec + sizeof(h) + 8, 8);
			session_lost(s, lost);
		}
		break;
	case PERF_RECORD_THROTTLE:
		session_throttled(s);
		break;
	default:
		break;
	}
}

/* ---- the queue ---- */

/*
 * Queue a sample without the unused tail of its stack copy: the kernel
 * reserves the full STACK_BYTES in every record, but only dyn_size bytes
 * hold stack. Keeping just those makes the queue a fraction of the ring's
 * volume. The record is rewritten with stack size = dyn_size (rounded up
 * to 8 bytes, as record sizes must be).
 */
static void queue_trimmed_sample(struct perf_source *ps, const unsigned char *rec, size_t size)
{
	struct parsed_sample p;
	struct perf_event_header h;
	size_t head, keep;
	uint64_t kept;

	if (!parse_sample(&ps->cfg, rec, size, &p) || !p.stack) {
		strbuf_add(&ps->pending, rec, size);
		return;
	}
	head = (size_t)(p.stack - rec) - 8; /* up to the stack size field */
	keep = (p.dyn_size + 7) & ~(size_t)7;
	if (keep > p.stack_size)
		keep = p.stack_size;
	kept = keep;
	memcpy(&h, rec, sizeof(h));
	h.size = (uint16_t)(head + 8 + keep + 8);
	strbuf_add(&ps->pending, &h, sizeof(h));
	strbuf_add(&ps->pending, rec + sizeof(h), head - sizeof(h));
	strbuf_add(&ps->pending, &kept, 8);
	strbuf_add(&ps->pending, p.stack, keep);
	strbuf_add(&ps->pending, &p.dyn_size, 8);
}

/*
 * Times in perf's clock (the kernel took no clock id) moved onto
 * CLOCK_MONOTONIC, which the engine's horizon and the recording's
 * start are in: the record queued last, at START.
 */
static void rebase_time(struct perf_source *ps, size_t start)
{
	unsigned char *rec = (unsigned char *)ps->pending.buf + start;
	size_t size = ps->pending.len - start, at = time_offset(rec, size);
	uint64_t t;

	if (!at)
		return;
	memcpy(&t, rec + at, 8);
	t -= (uint64_t)ps->pe.clock_offset;
	memcpy(rec + at, &t, 8);
}

void perf_source_queue(struct perf_source *ps, const void *records, size_t len)
{
	const unsigned char *p = records, *end = p + len;

	while (p + sizeof(struct perf_event_header) <= end) {
		struct perf_event_header h;
		size_t start = ps->pending.len;

		memcpy(&h, p, sizeof(h));
		if (h.size < sizeof(h) || h.size > (size_t)(end - p))
			break;
		if (h.type == PERF_RECORD_SAMPLE && ps->cfg.callgraph == PE_CALLGRAPH_DWARF)
			queue_trimmed_sample(ps, p, h.size);
		else
			strbuf_add(&ps->pending, p, h.size);
		if (ps->pe.clock_offset)
			rebase_time(ps, start);
		p += h.size;
	}
}

struct pending_ref {
	uint64_t time;
	size_t offset, seq;
};

static int pending_cmp(const void *a, const void *b)
{
	const struct pending_ref *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* past this much queued, the budget is ignored: memory is not unbounded */
#define PENDING_MAX_BYTES (256u << 20)

static bool perf_process(struct source *src, struct session *s, uint64_t horizon,
			 uint64_t budget_ns)
{
	struct perf_source *ps = to_perf(src);
	struct strbuf *rest = &ps->spare, swap;
	size_t nrefs = 0, off = 0, i;
	bool out_of_time = false;
	uint64_t stop = budget_ns && ps->pending.len < PENDING_MAX_BYTES
				? clock_ns(CLOCK_MONOTONIC) + budget_ns
				: UINT64_MAX;

	while (off + sizeof(struct perf_event_header) <= ps->pending.len) {
		const unsigned char *rec = (const unsigned char *)ps->pending.buf + off;
		struct perf_event_header h;

		memcpy(&h, rec, sizeof(h));
		if (h.size < sizeof(h) || off + h.size > ps->pending.len)
			break;
		ALLOC_GROW(ps->refs, nrefs + 1, ps->refs_alloc);
		ps->refs[nrefs].time = record_time(rec, h.size);
		ps->refs[nrefs].offset = off;
		ps->refs[nrefs].seq = nrefs;
		nrefs++;
		off += h.size;
	}
	if (nrefs)
		qsort(ps->refs, nrefs, sizeof(*ps->refs), pending_cmp);
	strbuf_reset(rest);
	for (i = 0; i < nrefs; i++) {
		const unsigned char *rec = (const unsigned char *)ps->pending.buf + ps->refs[i].offset;
		struct perf_event_header h;

		memcpy(&h, rec, sizeof(h));
		/* out of time: the rest waits (in order) for the next pass */
		if (stop != UINT64_MAX && !(i & 63) && !out_of_time && clock_ns(CLOCK_MONOTONIC) >= stop) {
			out_of_time = true;
			horizon = 0;
		}
		if (ps->refs[i].time > horizon)
			strbuf_add(rest, rec, h.size);
		else
			process_record(ps, s, rec, h.size);
	}
	/* the two buffers trade places, keeping their memory */
	swap = ps->pending;
	ps->pending = *rest;
	*rest = swap;
	return out_of_time;
}

static void queue_record(void *ctx, const void *rec, size_t size)
{
	perf_source_queue(ctx, rec, size);
}

static void perf_drain(struct source *src)
{
	struct perf_source *ps = to_perf(src);
	size_t i;

	for (i = 0; i < ps->pe.nrings; i++)
		pe_ring_drain(&ps->pe.rings[i], queue_record, ps);
}

static size_t perf_pollfds(struct source *src, struct pollfd *fds, size_t max)
{
	struct perf_source *ps = to_perf(src);
	size_t i, n = 0;

	for (i = 0; i < ps->pe.nrings && n < max; i++) {
		if (ps->pe.rings[i].fd < 0)
			continue;
		fds[n].fd = ps->pe.rings[i].fd;
		fds[n].events = POLLIN;
		fds[n++].revents = 0;
	}
	return n;
}

static int perf_enable(struct source *src, struct diag *d)
{
	if (pe_enable(&to_perf(src)->pe) < 0)
		return diag_set_errno(d, errno, "cannot enable perf events: %s", strerror(errno));
	return 0;
}

static int perf_disable(struct source *src, struct diag *d)
{
	if (pe_disable(&to_perf(src)->pe) < 0)
		return diag_set_errno(d, errno, "cannot disable perf events: %s", strerror(errno));
	return 0;
}

static int perf_set_frequency(struct source *src, unsigned hz, struct diag *d)
{
	struct perf_source *ps = to_perf(src);

	if (pe_set_frequency(&ps->pe, hz, d) < 0)
		return -1;
	ps->cfg.freq = hz;
	return 0;
}

static void perf_close(struct source *src)
{
	struct perf_source *ps = to_perf(src);

	pe_close(&ps->pe);
	strbuf_release(&ps->pending);
	strbuf_release(&ps->spare);
	free(ps->refs);
	ps->refs = NULL;
}

static const struct source_ops perf_ops = {
	.enable = perf_enable,
	.disable = perf_disable,
	.pollfds = perf_pollfds,
	.drain = perf_drain,
	.process = perf_process,
	.set_frequency = perf_set_frequency,
	.close = perf_close,
};

void perf_source_init(struct perf_source *ps, const struct pe_session *pe)
{
	memset(ps, 0, sizeof(*ps));
	ps->src.ops = &perf_ops;
	ps->src.name = "perf_event";
	ps->pe = *pe;
	ps->cfg = pe->cfg;
	strbuf_init(&ps->pending);
	strbuf_init(&ps->spare);
}
