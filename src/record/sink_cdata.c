/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The recording-file sink: one cprof.data segment. Mappings get ids of
 * this segment's own (dense, as the format wants), locations and stacks
 * are deduplicated as they come, and everything is queued for the cdata
 * writer. At the end every unique location is resolved once and the
 * health summary written (sink_cdata_health.c).
 */
#include "record/sink_cdata.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct sink_cdata *to_cdata(struct sink *s)
{
	return (struct sink_cdata *)s;
}

/* ---- mappings: the session's ids to this segment's ---- */

struct map_key {
	const struct sink_cdata *c;
	uint32_t session_id;
};

static int mapping_eq(const void *ctx, size_t pos)
{
	const struct map_key *k = ctx;

	return k->c->session_ids[pos] == k->session_id;
}

uint32_t sink_cdata_segment_mapping(const struct sink_cdata *c, uint32_t session_id)
{
	struct map_key k = { c, session_id };
	size_t pos;

	if (!session_id)
		return 0;
	pos = hashidx_find(&c->mapping_index, hash_u64(session_id), mapping_eq, &k);
	return pos == HASHIDX_NONE ? 0 : (uint32_t)pos + 1;
}

static void cdata_mapping(struct sink *s, const struct sink_mapping *sm)
{
	struct sink_cdata *c = to_cdata(s);
	struct cdata_mapping *m;

	if (sink_cdata_segment_mapping(c, sm->id))
		return;
	ALLOC_GROW(c->mappings, c->nmappings + 1, c->mappings_alloc);
	ALLOC_GROW(c->session_ids, c->nmappings + 1, c->session_ids_alloc);
	m = &c->mappings[c->nmappings];
	c->session_ids[c->nmappings] = sm->id;
	hashidx_insert(&c->mapping_index, hash_u64(sm->id), c->nmappings++);
	m->id = (uint32_t)c->nmappings;
	m->pid = (uint32_t)sm->pid;
	m->start = sm->start;
	m->end = sm->end;
	m->pgoff = sm->pgoff;
	m->kind = sm->kind;
	m->path = xstrdup(sm->path);
	m->build_id = xstrdup(sm->build_id ? sm->build_id : "");
	cdata_write_mapping(c->w, m);
}

static void cdata_thread(struct sink *s, const struct sink_thread *t)
{
	struct cdata_thread rec = {
		.pid = (uint32_t)t->pid,
		.tid = (uint32_t)t->tid,
		.time = t->time,
		.comm = t->comm,
	};

	cdata_write_thread(to_cdata(s)->w, &rec);
}

static void cdata_cgroup(struct sink *s, pid_t pid, const char *path, const char *container)
{
	struct cdata_cgroup rec = { (uint32_t)pid, path, container };

	cdata_write_cgroup(to_cdata(s)->w, &rec);
}

static void cdata_sink_meta(struct sink *s, const char *key, const char *value)
{
	cdata_write_meta(to_cdata(s)->w, key, value);
}

/* ---- locations and stacks ---- */

struct loc_key {
	const struct sink_cdata *c;
	uint32_t mapping_id;
	uint64_t address;
};

static int location_eq(const void *ctx, size_t pos)
{
	const struct loc_key *k = ctx;
	const struct cdata_location *l = &k->c->locations[pos];

	return l->mapping_id == k->mapping_id && l->address == k->address;
}

static uint32_t location_id(struct sink_cdata *c, uint32_t mapping_id, uint64_t address)
{
	struct loc_key k = { c, mapping_id, address };
	uint64_t h = hash_combine(hash_u64(mapping_id), address);
	size_t pos = hashidx_find(&c->location_index, h, location_eq, &k);
	struct cdata_location *l;

	if (pos != HASHIDX_NONE)
		return (uint32_t)pos + 1;
	ALLOC_GROW(c->locations, c->nlocations + 1, c->locations_alloc);
	l = &c->locations[c->nlocations];
	l->id = (uint32_t)c->nlocations + 1;
	l->mapping_id = mapping_id;
	l->address = address;
	hashidx_insert(&c->location_index, h, c->nlocations++);
	cdata_write_location(c->w, l);
	return l->id;
}

struct stack_key {
	const struct sink_cdata *c;
	const uint32_t *frames;
	uint16_t n, flags;
};

static int stack_eq(const void *ctx, size_t pos)
{
	const struct stack_key *k = ctx;
	const struct sink_cdata *c = k->c;

	return c->stacks[pos].n == k->n && c->stacks[pos].flags == k->flags &&
	       !memcmp(c->stack_frames + c->stacks[pos].first, k->frames, k->n * sizeof(uint32_t));
}

static uint32_t stack_id(struct sink_cdata *c, const uint32_t *frames, uint16_t n, uint16_t flags)
{
	struct stack_key k = { c, frames, n, flags };
	uint64_t h = hash_bytes(frames, n * sizeof(uint32_t), flags);
	size_t pos = hashidx_find(&c->stack_index, h, stack_eq, &k);

	if (pos == HASHIDX_NONE) {
		ALLOC_GROW(c->stacks, c->nstacks + 1, c->stacks_alloc);
		ALLOC_GROW(c->stack_frames, c->nstack_frames + n, c->stack_frames_alloc);
		memcpy(c->stack_frames + c->nstack_frames, frames, n * sizeof(uint32_t));
		c->stacks[c->nstacks].first = c->nstack_frames;
		c->stacks[c->nstacks].n = n;
		c->stacks[c->nstacks].flags = flags;
		c->stacks[c->nstacks].samples = 0;
		c->nstack_frames += n;
		pos = c->nstacks;
		hashidx_insert(&c->stack_index, h, c->nstacks++);
		cdata_write_stack(c->w, (uint32_t)pos + 1, flags, frames, n);
	}
	c->stacks[pos].samples++;
	return (uint32_t)pos + 1;
}

static void cdata_sample(struct sink *s, const struct sink_sample *smp)
{
	struct sink_cdata *c = to_cdata(s);
	uint32_t frames[CDATA_MAX_FRAMES];
	size_t i, n = smp->nframes < CDATA_MAX_FRAMES ? smp->nframes : CDATA_MAX_FRAMES;
	uint16_t flags = smp->flags & SINK_STACK_TRUNCATED ? CDATA_STACK_TRUNCATED : 0;
	struct cdata_sample out;

	for (i = 0; i < n; i++)
		frames[i] = location_id(c, sink_cdata_segment_mapping(c, smp->frames[i].mapping_id),
					smp->frames[i].address);
	if (n < smp->nframes)
		flags |= CDATA_STACK_TRUNCATED;
	memset(&out, 0, sizeof(out));
	out.time = smp->time;
	out.pid = (uint32_t)smp->pid;
	out.tid = (uint32_t)smp->tid;
	out.cpu = smp->cpu;
	out.period = smp->period;
	out.stack_id = n ? stack_id(c, frames, (uint16_t)n, flags) : 0;
	cdata_write_sample(c->w, &out);
}

static size_t cdata_pending(const struct sink *s)
{
	return cdata_writer_pending_samples(((const struct sink_cdata *)s)->w);
}

static uint64_t cdata_bytes(const struct sink *s)
{
	return cdata_writer_bytes(((const struct sink_cdata *)s)->w);
}

static int cdata_flush(struct sink *s, struct diag *d)
{
	return cdata_writer_flush(to_cdata(s)->w, d);
}

static int cdata_finish(struct sink *s, const struct sink_finish *f, struct session_health *h,
			struct diag *d)
{
	struct sink_cdata *c = to_cdata(s);
	int ret = sink_cdata_write_symbols(c, f, h, d);

	if (ret == 0)
		ret = cdata_writer_finish(c->w, d);
	else
		cdata_writer_abort(c->w);
	c->w = NULL;
	return ret;
}

static void cdata_abort(struct sink *s)
{
	struct sink_cdata *c = to_cdata(s);

	if (c->w)
		cdata_writer_abort(c->w);
	c->w = NULL;
}

static void cdata_free(struct sink *s)
{
	struct sink_cdata *c = to_cdata(s);
	size_t i;

	cdata_abort(s);
	for (i = 0; i < c->nmappings; i++) {
		free((char *)c->mappings[i].path);
		free((char *)c->mappings[i].build_id);
	}
	free(c->mappings);
	free(c->session_ids);
	free(c->locations);
	free(c->stack_frames);
	free(c->stacks);
	hashidx_release(&c->mapping_index);
	hashidx_release(&c->location_index);
	hashidx_release(&c->stack_index);
	free(c);
}

static const struct sink_ops cdata_ops = {
	.meta = cdata_sink_meta,
	.mapping = cdata_mapping,
	.thread = cdata_thread,
	.cgroup = cdata_cgroup,
	.sample = cdata_sample,
	.settle = sink_cdata_settle,
	.pending = cdata_pending,
	.bytes = cdata_bytes,
	.flush = cdata_flush,
	.finish = cdata_finish,
	.abort = cdata_abort,
	.free = cdata_free,
};

struct sink *sink_cdata_wrap(struct cdata_writer *w)
{
	struct sink_cdata *c = xcalloc(1, sizeof(*c));

	c->sink.ops = &cdata_ops;
	c->w = w;
	hashidx_init(&c->mapping_index);
	hashidx_init(&c->location_index);
	hashidx_init(&c->stack_index);
	return &c->sink;
}

struct sink *sink_cdata_open(const char *path, struct diag *d)
{
	struct cdata_writer *w = cdata_writer_open(path, d);

	return w ? sink_cdata_wrap(w) : NULL;
}

void sink_free(struct sink *s)
{
	if (s)
		s->ops->free(s);
}
