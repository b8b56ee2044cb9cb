/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "record/session.h"
#include "record/procfs.h"
#include "symbol/addrspace.h"
#include "symbol/perfmap.h"
#include "unwind/unwind.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>

#define MAX_USER_FRAMES 512
#define MAX_KERNEL_FRAMES 256

void session_init(struct session *s, const struct pe_config *cfg, struct cdata_writer *w)
{
	memset(s, 0, sizeof(*s));
	s->cfg = *cfg;
	s->w = w;
	s->objs = objcache_new();
	hashidx_init(&s->thread_index);
	hashidx_init(&s->space_index);
	hashidx_init(&s->location_index);
	hashidx_init(&s->stack_index);
	strbuf_init(&s->pending);
	strbuf_init(&s->spare);
	s->synthesize_missing = true;
}

void session_release(struct session *s)
{
	size_t i;

	for (i = 0; i < s->nspaces; i++)
		addrspace_free(s->spaces[i].as);
	for (i = 0; i < s->nmappings; i++) {
		free((char *)s->mappings[i].path);
		free((char *)s->mappings[i].build_id);
	}
	free(s->spaces);
	free(s->threads);
	free(s->mappings);
	free(s->locations);
	free(s->stack_frames);
	free(s->stacks);
	hashidx_release(&s->thread_index);
	hashidx_release(&s->space_index);
	hashidx_release(&s->location_index);
	hashidx_release(&s->stack_index);
	strbuf_release(&s->pending);
	strbuf_release(&s->spare);
	free(s->refs);
	objcache_free(s->objs);
	kallsyms_free(kallsyms_load_wait(s->kallsyms));
	memset(s, 0, sizeof(*s));
}

/* ---- threads ---- */

struct tid_key {
	const struct session *s;
	pid_t tid;
};

static int thread_eq(const void *ctx, size_t pos)
{
	const struct tid_key *k = ctx;

	return k->s->threads[pos].tid == k->tid;
}

static struct session_thread *thread_find(struct session *s, pid_t tid)
{
	struct tid_key k = { s, tid };
	size_t pos = hashidx_find(&s->thread_index, hash_u64((uint64_t)tid), thread_eq, &k);

	return pos == HASHIDX_NONE ? NULL : &s->threads[pos];
}

/* set a thread's name, writing a THREAD record when it changes */
static struct session_thread *thread_set(struct session *s, pid_t pid, pid_t tid, const char *comm,
					 uint64_t time)
{
	struct session_thread *t = thread_find(s, tid);
	struct cdata_thread rec;

	if (!t) {
		ALLOC_GROW(s->threads, s->nthreads + 1, s->threads_alloc);
		t = &s->threads[s->nthreads];
		memset(t, 0, sizeof(*t));
		t->tid = tid;
		hashidx_insert(&s->thread_index, hash_u64((uint64_t)tid), s->nthreads++);
	} else if (t->pid == pid && !strncmp(t->comm, comm, sizeof(t->comm) - 1)) {
		return t;
	}
	t->pid = pid;
	snprintf(t->comm, sizeof(t->comm), "%s", comm);
	rec.pid = (uint32_t)pid;
	rec.tid = (uint32_t)tid;
	rec.time = time;
	rec.comm = t->comm;
	cdata_write_thread(s->w, &rec);
	return t;
}

/* ---- address spaces ---- */

struct pid_key {
	const struct session *s;
	pid_t pid;
};

static int space_eq(const void *ctx, size_t pos)
{
	const struct pid_key *k = ctx;

	return k->s->spaces[pos].pid == k->pid;
}

static struct session_as *space_slot(struct session *s, pid_t pid)
{
	struct pid_key k = { s, pid };
	size_t pos = hashidx_find(&s->space_index, hash_u64((uint64_t)pid), space_eq, &k);

	return pos == HASHIDX_NONE ? NULL : &s->spaces[pos];
}

/* install AS for PID, replacing (and freeing) any older one */
static struct addrspace *space_set(struct session *s, pid_t pid, struct addrspace *as)
{
	struct session_as *slot = space_slot(s, pid);

	if (slot) {
		addrspace_free(slot->as);
		slot->as = as;
		return as;
	}
	ALLOC_GROW(s->spaces, s->nspaces + 1, s->spaces_alloc);
	s->spaces[s->nspaces].pid = pid;
	s->spaces[s->nspaces].as = as;
	hashidx_insert(&s->space_index, hash_u64((uint64_t)pid), s->nspaces++);
	return as;
}

static struct addrspace *space_get(struct session *s, pid_t pid)
{
	struct session_as *slot = space_slot(s, pid);

	if (slot)
		return slot->as;
	if (s->synthesize_missing)
		session_synthesize(s, pid);
	slot = space_slot(s, pid);
	return slot ? slot->as : space_set(s, pid, addrspace_new(pid));
}

static uint32_t add_mapping(struct session *s, pid_t pid, uint64_t start, uint64_t end,
			    uint64_t pgoff, uint32_t kind, const char *path, const char *build_id)
{
	struct cdata_mapping *m;

	ALLOC_GROW(s->mappings, s->nmappings + 1, s->mappings_alloc);
	m = &s->mappings[s->nmappings++];
	m->id = (uint32_t)s->nmappings;
	m->pid = (uint32_t)pid;
	m->start = start;
	m->end = end;
	m->pgoff = pgoff;
	m->kind = kind;
	m->path = xstrdup(path);
	m->build_id = xstrdup(build_id ? build_id : "");
	cdata_write_mapping(s->w, m);
	return m->id;
}

static void map_file(struct session *s, pid_t pid, uint64_t start, uint64_t len, uint64_t pgoff,
		     const char *path, const char *build_id)
{
	struct addrspace *as = space_get(s, pid);
	struct as_map m = { .start = start, .end = start + len, .pgoff = pgoff };
	bool is_vdso = !strcmp(path, "[vdso]");
	uint32_t kind = is_vdso ? CDATA_MAP_VDSO : CDATA_MAP_USER;

	if (perfmap_anonymous(path)) {
		/*
		 * Anonymous code (a JIT's) has no file: it is named from the
		 * perf map at the end, which a process in a container writes
		 * in its own /tmp, read then through its root kept now.
		 */
		objcache_keep_root(s->objs, pid);
	} else if (path[0] == '/' || is_vdso) {
		m.obj = objcache_get_mapped(s->objs, pid, start, m.end, path, build_id);
		m.has_bias = m.obj->fd >= 0 && objfile_bias(m.obj, start, m.end, pgoff, &m.bias);
		if (!build_id || !*build_id)
			build_id = m.obj->build_id;
	}
	m.mapping_id = add_mapping(s, pid, m.start, m.end, pgoff, kind, path, build_id);
	m.kind = kind;
	m.path = (char *)path;
	m.build_id = (char *)(build_id ? build_id : "");
	addrspace_add(as, &m);
}

void session_synthesize(struct session *s, pid_t pid)
{
	struct proc_map *maps;
	size_t nmaps, i, ntids;
	pid_t *tids;
	bool missing = !space_slot(s, pid);

	if (missing)
		space_set(s, pid, addrspace_new(pid));
	if (procfs_exec_maps(pid, &maps, &nmaps) == 0) {
		for (i = 0; i < nmaps; i++)
			map_file(s, pid, maps[i].start, maps[i].end - maps[i].start, maps[i].pgoff,
				 maps[i].path, NULL);
		procfs_free_maps(maps, nmaps);
	}
	if (procfs_threads(pid, &tids, &ntids) == 0) {
		for (i = 0; i < ntids; i++) {
			char comm[32];

			procfs_comm(pid, tids[i], comm, sizeof(comm));
			thread_set(s, pid, tids[i], comm, 0);
		}
		free(tids);
	}
}

/* ---- locations and stacks ---- */

struct loc_key {
	const struct session *s;
	uint32_t mapping_id;
	uint64_t address;
};

static int location_eq(const void *ctx, size_t pos)
{
	const struct loc_key *k = ctx;
	const struct cdata_location *l = &k->s->locations[pos];

	return l->mapping_id == k->mapping_id && l->address == k->address;
}

static uint32_t location_id(struct session *s, uint32_t mapping_id, uint64_t address)
{
	struct loc_key k = { s, mapping_id, address };
	uint64_t h = hash_combine(hash_u64(mapping_id), address);
	size_t pos = hashidx_find(&s->location_index, h, location_eq, &k);
	struct cdata_location *l;

	if (pos != HASHIDX_NONE)
		return (uint32_t)pos + 1;
	ALLOC_GROW(s->locations, s->nlocations + 1, s->locations_alloc);
	l = &s->locations[s->nlocations];
	l->id = (uint32_t)s->nlocations + 1;
	l->mapping_id = mapping_id;
	l->address = address;
	hashidx_insert(&s->location_index, h, s->nlocations++);
	cdata_write_location(s->w, l);
	return l->id;
}

struct stack_key {
	const struct session *s;
	const uint32_t *frames;
	uint16_t n, flags;
};

static int stack_eq(const void *ctx, size_t pos)
{
	const struct stack_key *k = ctx;
	const struct session *s = k->s;

	return s->stacks[pos].n == k->n && s->stacks[pos].flags == k->flags &&
	       !memcmp(s->stack_frames + s->stacks[pos].first, k->frames, k->n * sizeof(uint32_t));
}

static uint32_t stack_id(struct session *s, const uint32_t *frames, uint16_t n, uint16_t flags)
{
	struct stack_key k = { s, frames, n, flags };
	uint64_t h = hash_bytes(frames, n * sizeof(uint32_t), flags);
	size_t pos = hashidx_find(&s->stack_index, h, stack_eq, &k);

	if (pos == HASHIDX_NONE) {
		ALLOC_GROW(s->stacks, s->nstacks + 1, s->stacks_alloc);
		ALLOC_GROW(s->stack_frames, s->nstack_frames + n, s->stack_frames_alloc);
		memcpy(s->stack_frames + s->nstack_frames, frames, n * sizeof(uint32_t));
		s->stacks[s->nstacks].first = s->nstack_frames;
		s->stacks[s->nstacks].n = n;
		s->stacks[s->nstacks].flags = flags;
		s->stacks[s->nstacks].samples = 0;
		s->nstack_frames += n;
		pos = s->nstacks;
		hashidx_insert(&s->stack_index, h, s->nstacks++);
		cdata_write_stack(s->w, (uint32_t)pos + 1, flags, frames, n);
	}
	s->stacks[pos].samples++;
	return (uint32_t)pos + 1;
}

static uint32_t kernel_mapping(struct session *s)
{
	if (!s->kernel_mapping) {
		s->kernel_mapping = add_mapping(s, -1, 0, UINT64_MAX, 0, CDATA_MAP_KERNEL,
						"[kernel.kallsyms]", "");
		/* its symbols are needed at the end: read them meanwhile */
		s->kallsyms = kallsyms_load_start("/proc/kallsyms");
	}
	return s->kernel_mapping;
}

/* ---- record parsing ---- */

struct parsed_sample {
	uint64_t ip;
	uint32_t pid, tid;
	uint64_t time;
	uint32_t cpu;
	uint64_t period;
	uint64_t nr;
	const uint64_t *chain;
	uint64_t abi;
	const uint64_t *regs;
	uint64_t stack_size, dyn_size;
	const unsigned char *stack;
};

static bool parse_sample(const struct session *s, const unsigned char *p, size_t size,
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
	out->chain = (const uint64_t *)p;
	p += out->nr * 8;
	if (s->cfg.callgraph == PE_CALLGRAPH_DWARF) {
		GET64(out->abi);
		if (out->abi) {
			NEED(8 * PE_NREGS_USER);
			out->regs = (const uint64_t *)p;
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

static bool is_kernel_ip(uint64_t ip)
{
	return ip >= 0xffff800000000000ULL;
}

static void process_sample(struct session *s, const unsigned char *rec, size_t size)
{
	struct parsed_sample ps;
	uint64_t user[MAX_USER_FRAMES];
	uint32_t frames[MAX_USER_FRAMES + MAX_KERNEL_FRAMES];
	int nuser = 0, n = 0;
	uint16_t flags = 0;
	uint64_t i, ctx = 0, kseen = 0;
	bool user_from_chain = s->cfg.callgraph == PE_CALLGRAPH_FP;
	struct addrspace *as;
	struct session_thread *t;
	struct cdata_sample out;

	if (!parse_sample(s, rec, size, &ps))
		return;
	as = space_get(s, (pid_t)ps.pid);

	/* the kernel's chain: kernel frames, and in fp mode the user frames */
	for (i = 0; i < ps.nr; i++) {
		uint64_t ip = ps.chain[i];

		if (ip >= (uint64_t)PERF_CONTEXT_MAX) {
			ctx = ip;
			kseen = 0;
			continue;
		}
		if (ctx == PERF_CONTEXT_KERNEL && n < MAX_KERNEL_FRAMES) {
			frames[n++] = location_id(s, kernel_mapping(s), kseen++ ? ip - 1 : ip);
		} else if (ctx == PERF_CONTEXT_USER && user_from_chain && nuser < MAX_USER_FRAMES) {
			if (!ip || ip >= 0x0000800000000000ULL)
				break; /* garbage in a broken frame-pointer chain */
			user[nuser] = nuser ? ip - 1 : ip;
			nuser++;
		}
	}
	if (s->cfg.callgraph == PE_CALLGRAPH_DWARF && ps.regs) {
		uint64_t dw[UNWIND_NREGS];
		struct unwind_sample us = {
			.tid = (pid_t)ps.tid,
			.regs = dw,
			.stack = ps.stack,
			.stack_size = ps.dyn_size,
		};
		enum unwind_end end;

		pe_regs_to_dwarf(ps.regs, dw);
		nuser = unwind_dwarf(as, &us, user, MAX_USER_FRAMES, &end);
		if (end == UNWIND_COMPLETE)
			s->stats.unwind_complete++;
		else if (end == UNWIND_TRUNCATED)
			s->stats.unwind_truncated++;
		else
			s->stats.unwind_failed++;
		if (end != UNWIND_COMPLETE)
			flags |= CDATA_STACK_TRUNCATED;
	} else if (!n && !nuser && ps.ip) {
		/* no chain at all: at least the sampled pc */
		if (is_kernel_ip(ps.ip))
			frames[n++] = location_id(s, kernel_mapping(s), ps.ip);
		else
			user[nuser++] = ps.ip;
	}
	for (i = 0; i < (uint64_t)nuser; i++) {
		const struct as_map *m = addrspace_find(as, user[i]);

		frames[n++] = location_id(s, m ? m->mapping_id : 0, user[i]);
	}

	t = thread_find(s, (pid_t)ps.tid);
	if (!t) {
		char comm[32];

		procfs_comm((pid_t)ps.pid, (pid_t)ps.tid, comm, sizeof(comm));
		t = thread_set(s, (pid_t)ps.pid, (pid_t)ps.tid, comm, ps.time);
	}
	t->samples++;

	out.time = ps.time;
	out.pid = ps.pid;
	out.tid = ps.tid;
	out.cpu = ps.cpu;
	out.period = ps.period;
	out.stack_id = n ? stack_id(s, frames, (uint16_t)n, flags) : 0;
	cdata_write_sample(s->w, &out);
	s->stats.samples++;
	if (!s->stats.first_time || ps.time < s->stats.first_time)
		s->stats.first_time = ps.time;
	if (ps.time > s->stats.last_time)
		s->stats.last_time = ps.time;
}

static void process_mmap2(struct session *s, const unsigned char *rec, size_t size,
			  uint16_t misc)
{
	/* pid, tid, addr, len, pgoff, {maj, min, ino, ino_gen | build-id}, prot, flags, filename */
	const size_t fixed = 8 + 8 + 8 + 8 + 24 + 4 + 4;
	const unsigned char *p = rec + sizeof(struct perf_event_header);
	uint32_t pid, prot;
	uint64_t addr, len, pgoff;
	char build_id[41] = "", path[4096];
	size_t maxlen;

	if (size < sizeof(struct perf_event_header) + fixed + 1)
		return;
	memcpy(&pid, p, 4);
	memcpy(&addr, p + 8, 8);
	memcpy(&len, p + 16, 8);
	memcpy(&pgoff, p + 24, 8);
	if (misc & PERF_RECORD_MISC_MMAP_BUILD_ID) {
		uint8_t bsize = p[32];
		int i;

		if (bsize > 20)
			bsize = 20;
		for (i = 0; i < bsize; i++)
			snprintf(build_id + 2 * i, 3, "%02x", p[36 + i]);
	}
	memcpy(&prot, p + 56, 4);
	if (!(prot & PROT_EXEC))
		return;
	maxlen = size - sizeof(struct perf_event_header) - fixed;
	if (maxlen >= sizeof(path))
		maxlen = sizeof(path) - 1;
	memcpy(path, p + fixed, maxlen);
	path[maxlen] = '\0';
	map_file(s, (pid_t)pid, addr, len, pgoff, path, build_id);
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
	/* an exec replaces the address space; its new mappings follow */
	if (misc & PERF_RECORD_MISC_COMM_EXEC)
		space_set(s, (pid_t)pid, addrspace_new((pid_t)pid));
	thread_set(s, (pid_t)pid, (pid_t)tid, comm, time);
}

static void process_fork(struct session *s, const unsigned char *rec, size_t size, uint64_t time)
{
	const unsigned char *p = rec + sizeof(struct perf_event_header);
	uint32_t pid, ppid, tid, ptid;
	struct session_thread *parent;
	char comm[sizeof(parent->comm)] = "";

	if (size < sizeof(struct perf_event_header) + 16)
		return;
	memcpy(&pid, p, 4);
	memcpy(&ppid, p + 4, 4);
	memcpy(&tid, p + 8, 4);
	memcpy(&ptid, p + 12, 4);
	if (pid == tid && pid != ppid) {
		struct session_as *slot = space_slot(s, (pid_t)ppid);

		space_set(s, (pid_t)pid, slot ? addrspace_clone(slot->as, (pid_t)pid)
					      : addrspace_new((pid_t)pid));
	}
	/* copied: thread_set() may move the thread table */
	parent = thread_find(s, (pid_t)ptid);
	if (parent)
		memcpy(comm, parent->comm, sizeof(comm));
	thread_set(s, (pid_t)pid, (pid_t)tid, comm, time);
}

/*
 * A process has exited: its address space, with the unwinder's Dwfl and
 * the CFI it read, goes, so that recording a build of thousands of short
 * processes stays bounded. Records are processed in time order, so its
 * samples are done; a later process with the same pid gets its address
 * space from FORK or exec. The slot stays (a few bytes), as do the
 * thread's name and the mappings already written to the file.
 */
static void process_exit(struct session *s, const unsigned char *rec, size_t size)
{
	const unsigned char *p = rec + sizeof(struct perf_event_header);
	struct session_as *slot;
	uint32_t pid, tid;

	if (size < sizeof(struct perf_event_header) + 16)
		return;
	memcpy(&pid, p, 4);
	memcpy(&tid, p + 8, 4);
	if (pid != tid || !(slot = space_slot(s, (pid_t)pid)))
		return;
	addrspace_free(slot->as);
	slot->as = addrspace_new((pid_t)pid);
}

/* the timestamp of any record: samples carry it inline, others in the sample_id trailer */
static uint64_t record_time(const unsigned char *rec, size_t size)
{
	const struct perf_event_header *h = (const void *)rec;
	uint64_t t = 0;

	if (h->type == PERF_RECORD_SAMPLE) {
		if (size >= sizeof(*h) + 24)
			memcpy(&t, rec + sizeof(*h) + 16, 8);
	} else if (size >= sizeof(*h) + 24) {
		/* trailer: pid, tid (8), time (8), cpu, res (8) */
		memcpy(&t, rec + size - 16, 8);
	}
	return t;
}

static void process_record(struct session *s, const unsigned char *rec, size_t size)
{
	const struct perf_event_header *h = (const void *)rec;
	uint64_t lost;

	switch (h->type) {
	case PERF_RECORD_SAMPLE:
		process_sample(s, rec, size);
		break;
	case PERF_RECORD_MMAP2:
		process_mmap2(s, rec, size, h->misc);
		break;
	case PERF_RECORD_COMM:
		process_comm(s, rec, size, h->misc, record_time(rec, size));
		break;
	case PERF_RECORD_FORK:
		process_fork(s, rec, size, record_time(rec, size));
		break;
	case PERF_RECORD_EXIT:
		process_exit(s, rec, size);
		break;
	case PERF_RECORD_LOST:
		if (size >= sizeof(*h) + 16) {
			memcpy(&lost, rec + sizeof(*h) + 8, 8);
			s->stats.lost += lost;
			s->stats.lost_records++;
		}
		break;
	case PERF_RECORD_THROTTLE:
		s->stats.throttled++;
		break;
	default:
		break;
	}
}

/*
 * Queue a sample without the unused tail of its stack copy: the kernel
 * reserves the full STACK_BYTES in every record, but only dyn_size bytes
 * hold stack. Keeping just those makes the queue a fraction of the ring's
 * volume. The record is rewritten with stack size = dyn_size (rounded up
 * to 8 bytes, as record sizes must be).
 */
static void queue_trimmed_sample(struct session *s, const unsigned char *rec, size_t size)
{
	struct parsed_sample ps;
	struct perf_event_header h;
	size_t head, keep;
	uint64_t kept;

	if (!parse_sample(s, rec, size, &ps) || !ps.stack) {
		strbuf_add(&s->pending, rec, size);
		return;
	}
	head = (size_t)(ps.stack - rec) - 8; /* up to the stack size field */
	keep = (ps.dyn_size + 7) & ~(size_t)7;
	if (keep > ps.stack_size)
		keep = ps.stack_size;
	kept = keep;
	memcpy(&h, rec, sizeof(h));
	h.size = (uint16_t)(head + 8 + keep + 8);
	strbuf_add(&s->pending, &h, sizeof(h));
	strbuf_add(&s->pending, rec + sizeof(h), head - sizeof(h));
	strbuf_add(&s->pending, &kept, 8);
	strbuf_add(&s->pending, ps.stack, keep);
	strbuf_add(&s->pending, &ps.dyn_size, 8);
}

void session_queue(struct session *s, const void *records, size_t len)
{
	const unsigned char *p = records, *end = p + len;

	while (p + sizeof(struct perf_event_header) <= end) {
		const struct perf_event_header *h = (const void *)p;

		if (h->size < sizeof(*h) || h->size > (size_t)(end - p))
			break;
		if (h->type == PERF_RECORD_SAMPLE && s->cfg.callgraph == PE_CALLGRAPH_DWARF)
			queue_trimmed_sample(s, p, h->size);
		else
			strbuf_add(&s->pending, p, h->size);
		p += h->size;
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

/* the monotonic clock in nanoseconds */
static uint64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* past this much queued, the budget is ignored: memory is not unbounded */
#define PENDING_MAX_BYTES (256u << 20)

void session_process(struct session *s, uint64_t horizon, uint64_t budget_ns)
{
	struct strbuf *rest = &s->spare, swap;
	size_t nrefs = 0, off = 0, i;
	bool out_of_time = false;
	uint64_t stop = budget_ns && s->pending.len < PENDING_MAX_BYTES ? monotonic_ns() + budget_ns
									  : UINT64_MAX;

	while (off + sizeof(struct perf_event_header) <= s->pending.len) {
		const struct perf_event_header *h = (const void *)(s->pending.buf + off);

		if (h->size < sizeof(*h) || off + h->size > s->pending.len)
			break;
		ALLOC_GROW(s->refs, nrefs + 1, s->refs_alloc);
		s->refs[nrefs].time = record_time((const unsigned char *)h, h->size);
		s->refs[nrefs].offset = off;
		s->refs[nrefs].seq = nrefs;
		nrefs++;
		off += h->size;
	}
	if (nrefs)
		qsort(s->refs, nrefs, sizeof(*s->refs), pending_cmp);
	strbuf_reset(rest);
	for (i = 0; i < nrefs; i++) {
		const unsigned char *rec = (const unsigned char *)s->pending.buf + s->refs[i].offset;
		size_t size = ((const struct perf_event_header *)rec)->size;

		/* out of time: the rest waits (in order) for the next pass */
		if (stop != UINT64_MAX && !(i & 63) && !out_of_time && monotonic_ns() >= stop) {
			out_of_time = true;
			horizon = 0;
		}
		if (s->refs[i].time > horizon)
			strbuf_add(rest, rec, size);
		else
			process_record(s, rec, size);
	}
	/* the two buffers trade places, keeping their memory */
	swap = s->pending;
	s->pending = *rest;
	*rest = swap;
	s->behind = out_of_time;
}
