/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "report/aggregate.h"
#include "util/arith.h"
#include "util/escape.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const key_names[] = { "function", "line", "file", "dso",
					  "thread",   "pid",  "comm", "cgroup" };

const char *agg_key_name(enum agg_key k)
{
	return key_names[k];
}

int agg_parse_keys(const char *s, struct agg_spec *spec, struct diag *d)
{
	const char *p = s;

	spec->nkeys = 0;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p), k, i;

		for (k = 0; k < AGG_MAX_KEYS; k++)
			if (strlen(key_names[k]) == len && !strncmp(key_names[k], p, len))
				break;
		if (k == AGG_MAX_KEYS)
			return diag_set(d,
					"unknown key '%.*s' in '%s' (use function, line, file, dso, "
					"thread, pid, comm or cgroup, separated by commas)",
					(int)len, p, s);
		for (i = 0; i < spec->nkeys; i++)
			if (spec->keys[i] == (enum agg_key)k)
				return diag_set(d, "key '%s' given twice in '%s'", key_names[k], s);
		spec->keys[spec->nkeys++] = (enum agg_key)k;
		if (!comma)
			return 0;
		p = comma + 1;
	}
}

const char *frame_file(const struct frame *f)
{
	return f->function ? f->function->filename : "";
}

static bool is_frame_key(enum agg_key k)
{
	return k == AGG_FUNCTION || k == AGG_LINE || k == AGG_FILE || k == AGG_DSO;
}

/* what a sample says about its thread and process */
struct sample_keys {
	int64_t tid, pid;
	const char *thread, *process;
	const char *cgroup, *container;
};

/*
 * The file a frame's code is in, interned, so that a library mapped by
 * several processes (or in several pieces) is one key; 0 for no mapping.
 */
static uint64_t mapping_key(const struct profile_mapping *m)
{
	return m ? (uintptr_t)m->file : 0;
}

/* an unresolved frame by where it is in its file, as frame_name() shows it */
static void unresolved_key(const struct frame *f, uint64_t *a, uint64_t *b)
{
	const struct profile_mapping *m = f->loc->mapping;

	if (!m || !*m->file) {
		*a = (uintptr_t)f->loc;
		*b = 0;
		return;
	}
	*a = mapping_key(m);
	*b = m->kind == PROFILE_MAPPING_KERNEL ? f->loc->address
					      : f->loc->address - m->start + m->offset;
}

/* the key values of one frame (NULL for a sample-only row) and sample, into K */
static void make_key(const struct agg_spec *spec, const struct frame *f,
		     const struct sample_keys *sk, uint64_t *k)
{
	size_t i;

	memset(k, 0, sizeof(uint64_t) * 2 * AGG_MAX_KEYS);
	for (i = 0; i < spec->nkeys; i++) {
		uint64_t *a = &k[2 * i], *b = &k[2 * i + 1];
		const char *file;

		switch (spec->keys[i]) {
		case AGG_FUNCTION:
			/* a function without a source file also by its file (as fn_table) */
			if (!f->function || !*f->function->name) {
				unresolved_key(f, a, b);
				break;
			}
			*a = (uintptr_t)f->function;
			*b = !*f->function->filename ? mapping_key(f->loc->mapping) : 0;
			break;
		case AGG_LINE:
			file = frame_file(f);
			*a = *file ? (uintptr_t)file : (uintptr_t)f->loc;
			*b = *file ? (uint64_t)f->line : 0;
			break;
		case AGG_FILE:
			file = frame_file(f);
			*a = *file ? (uintptr_t)file : mapping_key(f->loc->mapping);
			*b = *file ? 1 : 2;
			break;
		case AGG_DSO:
			*a = mapping_key(f->loc->mapping);
			break;
		case AGG_THREAD:
			*a = (uint64_t)sk->tid;
			*b = (uintptr_t)sk->thread;
			break;
		case AGG_PID:
			*a = (uint64_t)sk->pid;
			break;
		case AGG_COMM:
			*a = (uintptr_t)sk->thread;
			break;
		case AGG_CGROUP:
			*a = (uintptr_t)sk->cgroup;
			break;
		}
	}
}

struct key_ctx {
	const struct agg_table *t;
	const uint64_t *key;
};

static int row_eq(const void *ctx, size_t pos)
{
	const struct key_ctx *c = ctx;

	return !memcmp(c->t->rows[pos].key, c->key, sizeof(c->t->rows[pos].key));
}

static struct agg_row *row_for(struct agg_table *t, const uint64_t *key, const struct frame *f,
			       const struct sample_keys *sk)
{
	struct key_ctx ctx = { t, key };
	uint64_t h = hash_bytes(key, sizeof(uint64_t) * 2 * AGG_MAX_KEYS, 0);
	size_t pos = hashidx_find(&t->index, h, row_eq, &ctx);
	struct agg_row *r;

	if (pos != HASHIDX_NONE)
		return &t->rows[pos];
	ALLOC_GROW(t->rows, t->nrows + 1, t->alloc);
	r = &t->rows[t->nrows];
	memset(r, 0, sizeof(*r));
	memcpy(r->key, key, sizeof(r->key));
	if (f)
		r->frame = *f;
	r->tid = sk->tid;
	r->pid = sk->pid;
	r->thread = r->comm = sk->thread;
	r->process = sk->process;
	r->cgroup = sk->cgroup;
	r->container = sk->container;
	hashidx_insert(&t->index, h, t->nrows++);
	return r;
}

static const char *dso_name(const struct profile_mapping *m)
{
	if (!m)
		return "[unknown]";
	if (m->kind == PROFILE_MAPPING_KERNEL)
		return "[kernel.kallsyms]";
	return *m->file ? path_basename(m->file) : "[unknown]";
}

static char *key_text(const struct agg_row *r, enum agg_key k)
{
	struct strbuf sb = STRBUF_INIT;
	const char *file;

	switch (k) {
	case AGG_FUNCTION:
		frame_name(&r->frame, &sb);
		break;
	case AGG_LINE:
		file = frame_file(&r->frame);
		if (*file)
			strbuf_addf(&sb, "%s:%lld", path_basename(file), (long long)r->frame.line);
		else
			frame_name(&r->frame, &sb);
		break;
	case AGG_FILE:
		file = frame_file(&r->frame);
		if (*file)
			strbuf_addstr(&sb, file);
		else
			strbuf_addf(&sb, "[%s]", dso_name(r->frame.loc->mapping));
		break;
	case AGG_DSO:
		strbuf_addstr(&sb, dso_name(r->frame.loc->mapping));
		break;
	case AGG_THREAD:
		if (r->tid >= 0)
			strbuf_addf(&sb, "%lld:", (long long)r->tid);
		text_escape(&sb, r->thread ? r->thread : "[unknown]");
		break;
	case AGG_PID:
		if (r->pid >= 0)
			strbuf_addf(&sb, "%lld:", (long long)r->pid);
		text_escape(&sb, r->process ? r->process : "[unknown]");
		break;
	case AGG_COMM:
		text_escape(&sb, r->comm ? r->comm : "[unknown]");
		break;
	case AGG_CGROUP:
		/* a container's cgroup by its id, as docker ps shows it (12 digits) */
		if (r->container)
			strbuf_addf(&sb, "container:%.12s ", r->container);
		text_escape(&sb, r->cgroup ? r->cgroup : "[unknown]");
		break;
	}
	return strbuf_detach(&sb);
}

/*
 * pid -> its "process" label (the main thread's name, from a recording),
 * else the name of its main thread (tid == pid) if that took samples,
 * else of its first thread seen
 */
struct proc_names {
	struct proc_name {
		int64_t pid;
		const char *name;
		bool main;
	} *v;
	size_t n, alloc;
	size_t last; /* samples come in runs of one process: look there first */
};

static const char *process_name(struct proc_names *pn, int64_t pid, int64_t tid,
				const char *thread, const char *process)
{
	size_t i = pn->last < pn->n && pn->v[pn->last].pid == pid ? pn->last : 0;

	for (; i < pn->n && pn->v[i].pid != pid; i++)
		;
	pn->last = i;
	if (i == pn->n) {
		ALLOC_GROW(pn->v, pn->n + 1, pn->alloc);
		pn->v[pn->n++] = (struct proc_name){ pid, thread, false };
	}
	if (!pn->v[i].main && process) {
		pn->v[i].name = process;
		pn->v[i].main = true;
	} else if (!pn->v[i].main && thread && tid == pid) {
		pn->v[i].name = thread;
		pn->v[i].main = true;
	}
	return pn->v[i].name;
}

void agg_build(const struct profile *p, int vi, const struct agg_spec *spec, struct agg_table *t)
{
	struct frame *frames = NULL;
	size_t frames_alloc = 0, i, j;
	struct proc_names procs = { 0 };
	bool by_frame = false;
	uint64_t key[2 * AGG_MAX_KEYS];

	memset(t, 0, sizeof(*t));
	t->spec = *spec;
	hashidx_init(&t->index);
	for (i = 0; i < spec->nkeys; i++)
		by_frame |= is_frame_key(spec->keys[i]);
	/* process names first, so every row of a process gets the same one */
	for (i = 0; i < p->nsamples; i++)
		process_name(&procs, profile_sample_num_label(p->samples[i], "pid", -1),
			     profile_sample_num_label(p->samples[i], "tid", -1),
			     profile_sample_str_label(p->samples[i], "thread"),
			     profile_sample_str_label(p->samples[i], "process"));
	for (i = 0; i < p->nsamples; i++) {
		const struct profile_sample *s = p->samples[i];
		int64_t v = p->ntypes ? s->values[vi] : 0;
		struct sample_keys sk;
		size_t n;

		sk.tid = profile_sample_num_label(s, "tid", -1);
		sk.pid = profile_sample_num_label(s, "pid", -1);
		sk.thread = profile_sample_str_label(s, "thread");
		sk.process = process_name(&procs, sk.pid, sk.tid, sk.thread,
					  profile_sample_str_label(s, "process"));
		sk.cgroup = profile_sample_str_label(s, "cgroup");
		sk.container = profile_sample_str_label(s, "container");
		t->total = sat_add64(t->total, v);
		if (!by_frame) {
			struct agg_row *r;

			make_key(spec, NULL, &sk, key);
			r = row_for(t, key, NULL, &sk);
			r->self = sat_add64(r->self, v);
			r->cum = sat_add64(r->cum, v);
			continue;
		}
		n = profile_sample_frames(s, &frames, &frames_alloc);
		for (j = 0; j < n; j++) {
			struct agg_row *r;

			make_key(spec, &frames[j], &sk, key);
			r = row_for(t, key, &frames[j], &sk);
			if (j == 0)
				r->self = sat_add64(r->self, v);
			if (r->last_sample != i + 1) {
				r->cum = sat_add64(r->cum, v);
				r->last_sample = i + 1;
			}
		}
	}
	for (i = 0; i < t->nrows; i++) {
		struct agg_row *r = &t->rows[i];

		for (j = 0; j < spec->nkeys; j++) {
			r->cols[j] = key_text(r, spec->keys[j]);
			if (spec->keys[j] == AGG_FUNCTION)
				r->source = frame_source(&r->frame);
		}
	}
	free(procs.v);
	free(frames);
}

void agg_release(struct agg_table *t)
{
	size_t i, j;

	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->spec.nkeys; j++)
			free(t->rows[i].cols[j]);
		free(t->rows[i].source);
	}
	free(t->rows);
	hashidx_release(&t->index);
	memset(t, 0, sizeof(*t));
}

char *frame_source(const struct frame *f)
{
	const struct profile_mapping *m = f->loc->mapping;
	struct strbuf sb = STRBUF_INIT;

	if (f->function && *f->function->filename) {
		strbuf_addstr(&sb, path_basename(f->function->filename));
		if (f->function->start_line)
			strbuf_addf(&sb, ":%lld", (long long)f->function->start_line);
	} else if (m && m->kind == PROFILE_MAPPING_KERNEL) {
		strbuf_addstr(&sb, "[kernel.kallsyms]");
	} else if (m && *m->file) {
		strbuf_addstr(&sb, path_basename(m->file));
	}
	return strbuf_detach(&sb);
}

void fn_table_build(const struct profile *p, int vi, struct fn_table *t)
{
	static const struct agg_spec by_function = { 1, { AGG_FUNCTION } };
	struct agg_table a;
	size_t i;

	agg_build(p, vi, &by_function, &a);
	memset(t, 0, sizeof(*t));
	hashidx_init(&t->index);
	t->total = a.total;
	t->rows = xcalloc(a.nrows ? a.nrows : 1, sizeof(*t->rows));
	t->nrows = t->alloc = a.nrows;
	for (i = 0; i < a.nrows; i++) {
		struct agg_row *r = &a.rows[i];
		struct fn_row *f = &t->rows[i];

		f->key = (const void *)(uintptr_t)r->key[0];
		f->key2 = (const void *)(uintptr_t)r->key[1];
		f->frame = r->frame;
		f->self = r->self;
		f->cum = r->cum;
		/* the strings move over */
		f->name = r->cols[0];
		f->source = r->source;
		r->cols[0] = r->source = NULL;
	}
	agg_release(&a);
}

void fn_table_release(struct fn_table *t)
{
	size_t i;

	for (i = 0; i < t->nrows; i++) {
		free(t->rows[i].name);
		free(t->rows[i].source);
	}
	free(t->rows);
	hashidx_release(&t->index);
	memset(t, 0, sizeof(*t));
}
