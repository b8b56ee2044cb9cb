/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "record/mappings.h"
#include "symbol/objfile.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

void mapping_table_init(struct mapping_table *t)
{
	memset(t, 0, sizeof(*t));
	hashidx_init(&t->by_id);
	hashidx_init(&t->by_content);
}

static void entry_release(struct shared_mapping *m)
{
	free(m->path);
	free(m->build_id);
}

void mapping_table_release(struct mapping_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		entry_release(&t->v[i]);
	free(t->v);
	hashidx_release(&t->by_id);
	hashidx_release(&t->by_content);
	memset(t, 0, sizeof(*t));
}

struct content_key {
	const struct mapping_table *t;
	pid_t pid;
	uint64_t len, pgoff;
	uint32_t kind;
	const char *path, *build_id;
	bool per_process;
};

static uint64_t content_hash(const struct content_key *k)
{
	uint64_t h = hash_bytes(k->path, strlen(k->path), k->kind);

	h = hash_combine(h, hash_bytes(k->build_id, strlen(k->build_id), 0));
	h = hash_combine(h, k->len);
	h = hash_combine(h, k->pgoff);
	return k->per_process ? hash_combine(h, (uint64_t)k->pid) : h;
}

static int content_eq(const void *ctx, size_t pos)
{
	const struct content_key *k = ctx;
	const struct shared_mapping *m = &k->t->v[pos];

	return m->per_process == k->per_process && (!k->per_process || m->pid == k->pid) &&
	       m->kind == k->kind && m->end - m->start == k->len && m->pgoff == k->pgoff &&
	       !strcmp(m->path, k->path) && !strcmp(m->build_id, k->build_id);
}

struct id_key {
	const struct mapping_table *t;
	uint32_t id;
};

static int id_eq(const void *ctx, size_t pos)
{
	const struct id_key *k = ctx;

	return k->t->v[pos].id == k->id;
}

struct shared_mapping *mapping_table_get(const struct mapping_table *t, uint32_t id)
{
	struct id_key k = { t, id };
	size_t pos = hashidx_find(&t->by_id, hash_u64(id), id_eq, &k);

	return pos == HASHIDX_NONE ? NULL : &t->v[pos];
}

static void index_entry(struct mapping_table *t, size_t pos)
{
	const struct shared_mapping *m = &t->v[pos];
	struct content_key k = { t, m->pid, m->end - m->start, m->pgoff, m->kind,
				 m->path, m->build_id, m->per_process };

	hashidx_insert(&t->by_id, hash_u64(m->id), pos);
	hashidx_insert(&t->by_content, content_hash(&k), pos);
}

const struct shared_mapping *mapping_table_intern(struct mapping_table *t, pid_t pid,
						  uint64_t start, uint64_t end, uint64_t pgoff,
						  uint32_t kind, const char *path,
						  const char *build_id, struct objfile *obj,
						  bool per_process)
{
	struct content_key k = { t, pid, end - start, pgoff, kind, path,
				 build_id ? build_id : "", per_process };
	size_t pos = hashidx_find(&t->by_content, content_hash(&k), content_eq, &k);
	struct shared_mapping *m;

	if (pos != HASHIDX_NONE)
		return &t->v[pos];
	ALLOC_GROW(t->v, t->n + 1, t->alloc);
	m = &t->v[t->n];
	memset(m, 0, sizeof(*m));
	m->id = ++t->next_id;
	m->pid = pid;
	m->start = start;
	m->end = end;
	m->pgoff = pgoff;
	m->kind = kind;
	m->path = xstrdup(path);
	m->build_id = xstrdup(k.build_id);
	m->obj = obj;
	m->per_process = per_process;
	index_entry(t, t->n++);
	return m;
}

bool mapping_table_sweep_due(const struct mapping_table *t)
{
	return t->n >= 64 && t->n >= 2 * t->swept_n;
}

void mapping_table_mark(struct mapping_table *t, uint32_t id)
{
	struct shared_mapping *m = mapping_table_get(t, id);

	if (m)
		m->marked = true;
}

void mapping_table_sweep(struct mapping_table *t, uint32_t keep_segment)
{
	size_t i, j = 0;

	hashidx_release(&t->by_id);
	hashidx_release(&t->by_content);
	hashidx_init(&t->by_id);
	hashidx_init(&t->by_content);
	for (i = 0; i < t->n; i++) {
		struct shared_mapping *m = &t->v[i];

		if (!m->marked && !(keep_segment && m->segment == keep_segment)) {
			entry_release(m);
			continue;
		}
		m->marked = false;
		if (m->obj)
			m->obj->in_use = true;
		t->v[j] = *m;
		index_entry(t, j++);
	}
	t->n = t->swept_n = j;
}
