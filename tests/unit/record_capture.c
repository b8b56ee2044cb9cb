/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "record_capture.h"
#include "record/session.h"
#include "util/xalloc.h"

static struct capture *to_cap(struct sink *s)
{
	return (struct capture *)s;
}

static void cap_meta(struct sink *s, const char *key, const char *value)
{
	struct capture *c = to_cap(s);

	assert_true(c->nmeta < CAP_META);
	c->meta_key[c->nmeta] = xstrdup(key);
	c->meta_value[c->nmeta++] = xstrdup(value);
}

static void cap_mapping(struct sink *s, const struct sink_mapping *m)
{
	struct capture *c = to_cap(s);
	struct cap_mapping *o;

	ALLOC_GROW(c->maps, c->nmaps + 1, c->maps_alloc);
	o = &c->maps[c->nmaps++];
	o->id = m->id;
	o->pid = m->pid;
	o->start = m->start;
	o->end = m->end;
	o->pgoff = m->pgoff;
	o->kind = m->kind;
	o->path = xstrdup(m->path);
	o->build_id = xstrdup(m->build_id);
	o->seq = c->nevents++;
}

static void cap_thread(struct sink *s, const struct sink_thread *t)
{
	struct capture *c = to_cap(s);
	struct cap_thread *o;

	ALLOC_GROW(c->threads, c->nthreads + 1, c->threads_alloc);
	o = &c->threads[c->nthreads++];
	o->pid = t->pid;
	o->tid = t->tid;
	o->time = t->time;
	o->comm = xstrdup(t->comm);
	o->seq = c->nevents++;
}

static void cap_cgroup(struct sink *s, pid_t pid, const char *path, const char *container)
{
	struct capture *c = to_cap(s);
	struct cap_cgroup *o;

	ALLOC_GROW(c->cgroups, c->ncgroups + 1, c->cgroups_alloc);
	o = &c->cgroups[c->ncgroups++];
	o->pid = pid;
	o->path = xstrdup(path);
	o->container = xstrdup(container);
	o->seq = c->nevents++;
}

static void cap_sample(struct sink *s, const struct sink_sample *smp)
{
	struct capture *c = to_cap(s);
	struct cap_sample *o;

	assert_true(smp->nframes <= CAP_FRAMES);
	ALLOC_GROW(c->samples, c->nsamples + 1, c->samples_alloc);
	o = &c->samples[c->nsamples++];
	o->time = smp->time;
	o->period = smp->period;
	o->pid = smp->pid;
	o->tid = smp->tid;
	o->cpu = smp->cpu;
	o->flags = smp->flags;
	o->nframes = smp->nframes;
	memcpy(o->frames, smp->frames, smp->nframes * sizeof(*smp->frames));
	o->seq = c->nevents++;
	c->pending++;
}

static size_t cap_pending(const struct sink *s)
{
	return ((const struct capture *)s)->pending;
}

/* as if each sample took CAP_SAMPLE_BYTES in the file */
static uint64_t cap_bytes(const struct sink *s)
{
	return CAP_SAMPLE_BYTES * (uint64_t)((const struct capture *)s)->nsamples;
}

static int cap_flush(struct sink *s, struct diag *d)
{
	(void)d;
	to_cap(s)->pending = 0;
	to_cap(s)->flushes++;
	return 0;
}

static int cap_finish(struct sink *s, const struct sink_finish *f, struct session_health *h,
		      struct diag *d)
{
	struct capture *c = to_cap(s);

	(void)h;
	(void)d;
	assert_false(c->finished);
	c->finished = true;
	c->finish_stats = *f->stats;
	return 0;
}

static void cap_abort(struct sink *s)
{
	to_cap(s)->aborted = true;
}

static void cap_free(struct sink *s)
{
	struct capture *c = to_cap(s);
	size_t i;

	for (i = 0; i < c->nmaps; i++) {
		free(c->maps[i].path);
		free(c->maps[i].build_id);
	}
	for (i = 0; i < c->nthreads; i++)
		free(c->threads[i].comm);
	for (i = 0; i < c->ncgroups; i++) {
		free(c->cgroups[i].path);
		free(c->cgroups[i].container);
	}
	free(c->cgroups);
	for (i = 0; i < c->nmeta; i++) {
		free(c->meta_key[i]);
		free(c->meta_value[i]);
	}
	free(c->maps);
	free(c->threads);
	free(c->samples);
	free(c);
}

static const struct sink_ops cap_ops = {
	.meta = cap_meta,
	.mapping = cap_mapping,
	.thread = cap_thread,
	.cgroup = cap_cgroup,
	.sample = cap_sample,
	.pending = cap_pending,
	.bytes = cap_bytes,
	.flush = cap_flush,
	.finish = cap_finish,
	.abort = cap_abort,
	.free = cap_free,
};

struct capture *capture_new(void)
{
	struct capture *c = xcalloc(1, sizeof(*c));

	c->sink.ops = &cap_ops;
	return c;
}

const struct cap_mapping *cap_find_mapping(const struct capture *c, uint32_t id)
{
	size_t i;

	for (i = 0; i < c->nmaps; i++)
		if (c->maps[i].id == id)
			return &c->maps[i];
	return NULL;
}

const struct cap_thread *cap_find_thread(const struct capture *c, pid_t tid)
{
	size_t i;

	for (i = c->nthreads; i-- > 0;)
		if (c->threads[i].tid == tid)
			return &c->threads[i];
	return NULL;
}

size_t cap_count_pid_maps(const struct capture *c, pid_t pid)
{
	size_t i, n = 0;

	for (i = 0; i < c->nmaps; i++)
		n += c->maps[i].pid == pid;
	return n;
}

const char *cap_meta_value(const struct capture *c, const char *key)
{
	size_t i;

	for (i = c->nmeta; i-- > 0;)
		if (!strcmp(c->meta_key[i], key))
			return c->meta_value[i];
	return NULL;
}

const struct session_as *session_space_of(const struct session *s, pid_t pid)
{
	size_t i;

	for (i = 0; i < s->nspaces; i++)
		if (s->spaces[i].pid == pid)
			return &s->spaces[i];
	return NULL;
}
