/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "record/session.h"
#include "record/cgroup.h"
#include "record/mappings.h"
#include "record/procfs.h"
#include "record/source.h"
#include "symbol/addrspace.h"
#include "symbol/kallsyms.h"
#include "symbol/objfile.h"
#include "symbol/perfmap.h"
#include "symbol/symbolize.h"
#include "unwind/unwind.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_USER_FRAMES 512
#define MAX_KERNEL_FRAMES 256

void session_init(struct session *s)
{
	memset(s, 0, sizeof(*s));
	s->objs = objcache_new();
	mapping_table_init(&s->maps);
	hashidx_init(&s->thread_index);
	hashidx_init(&s->space_index);
	s->synthesize_missing = true;
}

void session_release(struct session *s)
{
	size_t i;

	for (i = 0; i < s->nspaces; i++) {
		addrspace_free(s->spaces[i].as);
		free(s->spaces[i].cgroup);
		free(s->spaces[i].container);
	}
	free(s->spaces);
	free(s->threads);
	hashidx_release(&s->thread_index);
	hashidx_release(&s->space_index);
	mapping_table_release(&s->maps);
	/* the symbolizer's modules share the objects' ELF handles: it goes first */
	symbolizer_free(s->sym);
	objcache_free(s->objs);
	kallsyms_free(kallsyms_load_wait(s->kallsyms));
	kallsyms_free(s->ksyms);
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

	return k->s->threads[pos].live && k->s->threads[pos].tid == k->tid;
}

static struct session_thread *thread_find(struct session *s, pid_t tid)
{
	struct tid_key k = { s, tid };
	size_t pos = hashidx_find(&s->thread_index, hash_u64((uint64_t)tid), thread_eq, &k);

	return pos == HASHIDX_NONE ? NULL : &s->threads[pos];
}

static void send_thread(struct session *s, const struct session_thread *t)
{
	struct sink_thread rec = { t->pid, t->tid, t->time, t->comm };

	if (s->sink)
		s->sink->ops->thread(s->sink, &rec);
}

/* set a thread's name, telling the sink when it changes */
static struct session_thread *thread_set(struct session *s, pid_t pid, pid_t tid, const char *comm,
					 uint64_t time)
{
	struct session_thread *t = thread_find(s, tid);

	if (!t) {
		ALLOC_GROW(s->threads, s->nthreads + 1, s->threads_alloc);
		t = &s->threads[s->nthreads];
		memset(t, 0, sizeof(*t));
		t->tid = tid;
		t->live = true;
		hashidx_insert(&s->thread_index, hash_u64((uint64_t)tid), s->nthreads++);
	} else if (t->pid == pid && !strncmp(t->comm, comm, sizeof(t->comm) - 1)) {
		return t;
	}
	t->pid = pid;
	t->time = time;
	snprintf(t->comm, sizeof(t->comm), "%s", comm);
	send_thread(s, t);
	return t;
}

/*
 * Dead entries are skipped by lookups and dropped once they are half the
 * table, so that a recorder seeing thousands of short processes keeps a
 * table the size of what lives.
 */
static void threads_compact(struct session *s)
{
	size_t i, j = 0;

	if (s->dead_threads < 64 || s->dead_threads * 2 < s->nthreads)
		return;
	hashidx_release(&s->thread_index);
	hashidx_init(&s->thread_index);
	for (i = 0; i < s->nthreads; i++) {
		if (!s->threads[i].live)
			continue;
		s->threads[j] = s->threads[i];
		hashidx_insert(&s->thread_index, hash_u64((uint64_t)s->threads[j].tid), j);
		j++;
	}
	s->nthreads = j;
	s->dead_threads = 0;
}

/* ---- address spaces ---- */

struct pid_key {
	const struct session *s;
	pid_t pid;
};

static int space_eq(const void *ctx, size_t pos)
{
	const struct pid_key *k = ctx;

	return k->s->spaces[pos].as && k->s->spaces[pos].pid == k->pid;
}

static struct session_as *space_slot(struct session *s, pid_t pid)
{
	struct pid_key k = { s, pid };
	size_t pos = hashidx_find(&s->space_index, hash_u64((uint64_t)pid), space_eq, &k);

	return pos == HASHIDX_NONE ? NULL : &s->spaces[pos];
}

static void send_cgroup(struct session *s, const struct session_as *slot)
{
	if (s->sink && slot->cgroup)
		s->sink->ops->cgroup(s->sink, slot->pid, slot->cgroup,
				     slot->container ? slot->container : "");
}

/* where SLOT's process runs, from /proc, else as FROM (its parent) */
static void find_cgroup(struct session *s, struct session_as *slot, const struct session_as *from)
{
	char path[4096], id[CGROUP_CONTAINER_ID_LEN + 1];

	free(slot->cgroup);
	free(slot->container);
	slot->cgroup = slot->container = NULL;
	if (!slot->pid) {
		slot->cgroup = xstrdup("/"); /* the idle task: the root, as the kernel's threads */
	} else if (cgroup_of_pid(slot->pid, path, sizeof(path))) {
		slot->cgroup = xstrdup(path);
		if (cgroup_container_id(path, id, sizeof(id)))
			slot->container = xstrdup(id);
	} else if (from && from->cgroup) {
		slot->cgroup = xstrdup(from->cgroup);
		slot->container = from->container ? xstrdup(from->container) : NULL;
	}
	send_cgroup(s, slot);
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
	memset(&s->spaces[s->nspaces], 0, sizeof(s->spaces[s->nspaces]));
	s->spaces[s->nspaces].pid = pid;
	s->spaces[s->nspaces].as = as;
	hashidx_insert(&s->space_index, hash_u64((uint64_t)pid), s->nspaces++);
	return as;
}

static void spaces_compact(struct session *s)
{
	size_t i, j = 0;

	if (s->dead_spaces < 64 || s->dead_spaces * 2 < s->nspaces)
		return;
	hashidx_release(&s->space_index);
	hashidx_init(&s->space_index);
	for (i = 0; i < s->nspaces; i++) {
		if (!s->spaces[i].as)
			continue;
		s->spaces[j] = s->spaces[i];
		hashidx_insert(&s->space_index, hash_u64((uint64_t)s->spaces[j].pid), j);
		j++;
	}
	s->nspaces = j;
	s->dead_spaces = 0;
}

static struct addrspace *space_get(struct session *s, pid_t pid)
{
	struct session_as *slot = space_slot(s, pid);

	if (slot)
		return slot->as;
	if (s->synthesize_missing)
		session_synthesize(s, pid);
	slot = space_slot(s, pid);
	if (slot)
		return slot->as;
	space_set(s, pid, addrspace_new(pid));
	slot = space_slot(s, pid);
	find_cgroup(s, slot, NULL);
	return slot->as;
}

/* the entry for shared mapping M's id in this segment, sent to the sink when first used in it */
static uint32_t use_mapping(struct session *s, struct shared_mapping *m)
{
	struct sink_mapping sm = {
		.id = m->id,
		.pid = m->pid,
		.start = m->start,
		.end = m->end,
		.pgoff = m->pgoff,
		.kind = m->kind,
		.path = m->path,
		.build_id = m->build_id,
	};

	if (s->sink && m->segment != s->segment_no) {
		s->sink->ops->mapping(s->sink, &sm);
		m->segment = s->segment_no;
	}
	return m->id;
}

/* the shared mapping of PID's mapping M (its path, object and kind set) */
static uint32_t share_mapping(struct session *s, pid_t pid, const struct as_map *m)
{
	bool per_process = m->kind == SINK_MAP_USER && !m->obj;

	return mapping_table_intern(&s->maps, pid, m->start, m->end, m->pgoff, m->kind, m->path,
				    m->build_id, m->obj, per_process)
		->id;
}

/*
 * Files no live process maps are kept open for a while (a program run
 * again and again is not opened each time), IDLE_OBJECTS of them at
 * most; past that the one idle longest is closed, once what the open
 * segment holds in it is resolved (symbolize on exit: the file may be
 * gone by the segment's end). Shared mappings and objects that no live
 * process maps and no open segment names are swept.
 */
#define IDLE_OBJECTS 16

static void forget_object(void *ctx, struct objfile *o)
{
	symbolizer_forget(ctx, o);
}

static void settle_and_close(struct session *s, struct objfile *o)
{
	uint32_t *ids = NULL;
	size_t i, n = 0, alloc = 0;

	for (i = 0; s->sink && i < s->maps.n; i++) {
		if (s->maps.v[i].obj != o || s->maps.v[i].segment != s->segment_no)
			continue;
		ALLOC_GROW(ids, n + 1, alloc);
		ids[n++] = s->maps.v[i].id;
	}
	if (n && s->sink->ops->settle) {
		struct sink_finish f = { .stats = &s->segment, .objs = s->objs };

		if (!s->sym)
			s->sym = symbolizer_new();
		f.sym = s->sym;
		s->sink->ops->settle(s->sink, &f, ids, n);
	}
	symbolizer_close(s->sym, o);
	objcache_close(o);
	free(ids);
}

static void close_idle_objects(struct session *s)
{
	struct objfile *o;

	while ((o = objcache_evictable(s->objs, IDLE_OBJECTS)))
		settle_and_close(s, o);
}

static void sweep(struct session *s)
{
	size_t i, j;

	for (i = 0; i < s->nspaces; i++) {
		const struct addrspace *as = s->spaces[i].as;

		for (j = 0; as && j < as->nmaps; j++) {
			mapping_table_mark(&s->maps, as->maps[j].mapping_id);
			if (as->maps[j].obj)
				as->maps[j].obj->in_use = true;
		}
	}
	if (s->kernel_mapping)
		mapping_table_mark(&s->maps, s->kernel_mapping);
	mapping_table_sweep(&s->maps, s->sink ? s->segment_no : 0);
	objcache_sweep(s->objs, IDLE_OBJECTS, forget_object, s->sym);
}

static void map_file(struct session *s, pid_t pid, uint64_t start, uint64_t len, uint64_t pgoff,
		     const char *path, const char *build_id)
{
	struct addrspace *as = space_get(s, pid);
	struct as_map m = { .start = start, .end = start + len, .pgoff = pgoff };
	bool is_vdso = !strcmp(path, "[vdso]");

	if (perfmap_anonymous(path)) {
		/*
		 * Anonymous code (a JIT's) has no file: it is named from the
		 * perf map at the end, which a process in a container writes
		 * in its own /tmp, read then through its root kept now.
		 */
		objcache_keep_root(s->objs, pid);
	} else if (path[0] == '/' || is_vdso) {
		m.obj = objcache_get_mapped(s->objs, pid, start, m.end, path, build_id);
		objcache_reopen(m.obj, pid, start, m.end);
		m.has_bias = m.obj->fd >= 0 && objfile_bias(m.obj, start, m.end, pgoff, &m.bias);
		if (!build_id || !*build_id)
			build_id = m.obj->build_id;
	}
	m.kind = is_vdso ? SINK_MAP_VDSO : SINK_MAP_USER;
	m.path = (char *)path;
	m.build_id = (char *)(build_id ? build_id : "");
	m.mapping_id = share_mapping(s, pid, &m);
	addrspace_add(as, &m);
}

void session_synthesize(struct session *s, pid_t pid)
{
	struct proc_map *maps;
	size_t nmaps, i, ntids;
	pid_t *tids;
	bool missing = !space_slot(s, pid);

	if (missing) {
		space_set(s, pid, addrspace_new(pid));
		find_cgroup(s, space_slot(s, pid), NULL);
	}
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

static uint32_t kernel_mapping(struct session *s)
{
	if (!s->kernel_mapping) {
		s->kernel_mapping = mapping_table_intern(&s->maps, -1, 0, UINT64_MAX, 0,
							 SINK_MAP_KERNEL, "[kernel.kallsyms]", "",
							 NULL, false)
					    ->id;
		/* its symbols are needed at the end: read them meanwhile */
		s->kallsyms = kallsyms_load_start("/proc/kallsyms", s->kallsyms_cache);
	}
	return use_mapping(s, mapping_table_get(&s->maps, s->kernel_mapping));
}

/* ---- segments ---- */

void session_begin_segment(struct session *s, struct sink *sink)
{
	size_t i;

	s->sink = sink;
	s->segment_no++;
	memset(&s->segment, 0, sizeof(s->segment));
	for (i = 0; i < s->nthreads; i++)
		if (s->threads[i].live)
			send_thread(s, &s->threads[i]);
	for (i = 0; i < s->nspaces; i++)
		if (s->spaces[i].as)
			send_cgroup(s, &s->spaces[i]);
}

int session_end_segment(struct session *s, struct session_health *h,
			const struct progress_target *progress, struct diag *d)
{
	struct sink_finish f;
	int ret;

	session_health_init(h);
	if (!s->sink)
		return 0;
	/* read once, at the first segment's end, and kept for the others */
	if (s->kallsyms) {
		s->ksyms = kallsyms_load_wait(s->kallsyms);
		s->kallsyms = NULL;
	}
	if (!s->sym)
		s->sym = symbolizer_new();
	f.stats = &s->segment;
	f.objs = s->objs;
	f.sym = s->sym;
	f.ksyms = s->ksyms;
	f.progress = progress;
	ret = s->sink->ops->finish(s->sink, &f, h, d);
	s->sink = NULL;
	sweep(s);
	return ret;
}

/* ---- events ---- */

static void count_time(struct session_stats *st, uint64_t time)
{
	st->samples++;
	if (!st->first_time || time < st->first_time)
		st->first_time = time;
	if (time > st->last_time)
		st->last_time = time;
}

static bool is_kernel_ip(uint64_t ip)
{
	return ip >= 0xffff800000000000ULL;
}

static void count_unwind(struct session *s, enum unwind_end end)
{
	uint64_t *a = end == UNWIND_COMPLETE    ? &s->stats.unwind_complete
		      : end == UNWIND_TRUNCATED ? &s->stats.unwind_truncated
						: &s->stats.unwind_failed;
	uint64_t *b = end == UNWIND_COMPLETE    ? &s->segment.unwind_complete
		      : end == UNWIND_TRUNCATED ? &s->segment.unwind_truncated
						: &s->segment.unwind_failed;

	(*a)++;
	(*b)++;
}

void session_sample(struct session *s, const struct source_sample *smp)
{
	uint64_t user[MAX_USER_FRAMES];
	struct sink_frame frames[MAX_USER_FRAMES + MAX_KERNEL_FRAMES];
	size_t i, n = 0, nuser = 0;
	struct sink_sample out = { 0 };
	struct addrspace *as = space_get(s, smp->pid);

	for (i = 0; i < smp->nkernel && n < MAX_KERNEL_FRAMES; i++) {
		frames[n].mapping_id = kernel_mapping(s);
		/* a return address, less one, points into the call */
		frames[n++].address = i ? smp->kernel_frames[i] - 1 : smp->kernel_frames[i];
	}
	if (smp->regs) {
		struct unwind_sample us = {
			.tid = smp->tid,
			.regs = smp->regs,
			.stack = smp->stack,
			.stack_size = smp->stack_size,
		};
		enum unwind_end end;

		nuser = (size_t)unwind_dwarf(as, &us, user, MAX_USER_FRAMES, &end);
		count_unwind(s, end);
		if (end != UNWIND_COMPLETE)
			out.flags |= SINK_STACK_TRUNCATED;
	} else if (smp->nuser) {
		for (i = 0; i < smp->nuser && nuser < MAX_USER_FRAMES; i++)
			user[nuser++] = i ? smp->user_frames[i] - 1 : smp->user_frames[i];
	} else if (!n && smp->ip) {
		/* no chain at all: at least the sampled pc */
		if (is_kernel_ip(smp->ip)) {
			frames[n].mapping_id = kernel_mapping(s);
			frames[n++].address = smp->ip;
		} else {
			user[nuser++] = smp->ip;
		}
	}
	for (i = 0; i < nuser; i++) {
		const struct as_map *m = addrspace_find(as, user[i]);
		struct shared_mapping *sm = m ? mapping_table_get(&s->maps, m->mapping_id) : NULL;

		/* the same byte of the same file, where the shared entry has it */
		frames[n].mapping_id = sm ? use_mapping(s, sm) : 0;
		frames[n++].address = sm ? user[i] - m->start + sm->start : user[i];
	}
	if (!thread_find(s, smp->tid)) {
		char comm[32];

		procfs_comm(smp->pid, smp->tid, comm, sizeof(comm));
		/* the idle task, as perf names it */
		if (!smp->pid && !smp->tid)
			snprintf(comm, sizeof(comm), "swapper");
		thread_set(s, smp->pid, smp->tid, comm, smp->time);
	}
	out.time = smp->time;
	out.pid = smp->pid;
	out.tid = smp->tid;
	out.cpu = smp->cpu;
	out.period = smp->period;
	out.frames = frames;
	out.nframes = n;
	if (s->sink)
		s->sink->ops->sample(s->sink, &out);
	count_time(&s->stats, smp->time);
	count_time(&s->segment, smp->time);
}

void session_mmap(struct session *s, const struct source_mmap *m)
{
	map_file(s, m->pid, m->start, m->len, m->pgoff, m->path, m->build_id);
}

void session_comm(struct session *s, pid_t pid, pid_t tid, const char *comm, bool exec,
		  uint64_t time)
{
	/* an exec replaces the address space (not the cgroup); its new mappings follow */
	if (exec) {
		struct session_as *slot;

		space_set(s, pid, addrspace_new(pid));
		slot = space_slot(s, pid);
		if (!slot->cgroup)
			find_cgroup(s, slot, NULL);
		close_idle_objects(s);
	}
	thread_set(s, pid, tid, comm, time);
}

void session_fork(struct session *s, pid_t pid, pid_t ppid, pid_t tid, pid_t ptid,
		  uint64_t time)
{
	struct session_thread *parent;
	char comm[sizeof(parent->comm)] = "";

	if (pid == tid && pid != ppid) {
		struct session_as *slot = space_slot(s, ppid);
		struct addrspace *as = space_set(s, pid, slot ? addrspace_clone(slot->as, pid)
							      : addrspace_new(pid));
		size_t i;

		/* space_set() may have moved the table: find the parent again */
		find_cgroup(s, space_slot(s, pid), space_slot(s, ppid));
		/* the files' mappings are shared; anonymous code is the child's own */
		for (i = 0; i < as->nmaps; i++)
			as->maps[i].mapping_id = share_mapping(s, pid, &as->maps[i]);
	}
	/* copied: thread_set() may move the thread table */
	parent = thread_find(s, ptid);
	if (parent)
		memcpy(comm, parent->comm, sizeof(comm));
	thread_set(s, pid, tid, comm, time);
}

/*
 * A thread has exited, and when it is the process, its address space
 * with the unwinder's Dwfl and the CFI it read goes too, so that
 * recording a build of thousands of short processes stays bounded.
 * Events come in time order, so its samples are done; a later process
 * with the same pid gets its state from FORK or exec. Its names and
 * mappings already went to the sink.
 */
void session_exit(struct session *s, pid_t pid, pid_t tid, uint64_t time)
{
	struct session_thread *t = thread_find(s, tid);
	struct session_as *slot;

	(void)time;
	if (t) {
		t->live = false;
		s->dead_threads++;
		threads_compact(s);
	}
	if (pid != tid || !(slot = space_slot(s, pid)))
		return;
	addrspace_free(slot->as);
	free(slot->cgroup);
	free(slot->container);
	slot->as = NULL;
	slot->cgroup = slot->container = NULL;
	s->dead_spaces++;
	spaces_compact(s);
	close_idle_objects(s);
	if (mapping_table_sweep_due(&s->maps))
		sweep(s);
}

void session_lost(struct session *s, uint64_t n)
{
	s->stats.lost += n;
	s->stats.lost_records++;
	s->segment.lost += n;
	s->segment.lost_records++;
}

void session_throttled(struct session *s)
{
	s->stats.throttled++;
	s->segment.throttled++;
}
