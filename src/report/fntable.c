/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "report/fntable.h"
#include "util/arith.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static int row_eq(const void *ctx, size_t pos)
{
	const void *const *k = ctx;
	const struct fn_table *t = k[2];

	return t->rows[pos].key == k[0] && t->rows[pos].key2 == k[1];
}

static struct fn_row *row_for(struct fn_table *t, const struct frame *f)
{
	const void *key = f->function ? (const void *)f->function : (const void *)f->loc;
	const void *key2 = f->function && !*f->function->filename ? f->loc->mapping : NULL;
	const void *ctx[3] = { key, key2, t };
	uint64_t h = hash_combine(hash_u64((uintptr_t)key), (uintptr_t)key2);
	size_t pos = hashidx_find(&t->index, h, row_eq, ctx);
	struct fn_row *r;

	if (pos != HASHIDX_NONE)
		return &t->rows[pos];
	ALLOC_GROW(t->rows, t->nrows + 1, t->alloc);
	r = &t->rows[t->nrows];
	memset(r, 0, sizeof(*r));
	r->key = key;
	r->key2 = key2;
	r->frame = *f;
	hashidx_insert(&t->index, h, t->nrows++);
	return r;
}

static char *row_source(const struct frame *f)
{
	const struct profile_mapping *m = f->loc->mapping;
	struct strbuf sb = STRBUF_INIT;

	if (f->function && *f->function->filename) {
		strbuf_addstr(&sb, path_basename(f->function->filename));
		if (f->function->start_line)
			strbuf_addf(&sb, ":%lld", (long long)f->function->start_line);
	} else if (m && m->kind == PROFILE_MAPPING_KERNEL) {
		strbuf_addstr(&sb, "[kernel]");
	} else if (m && *m->file) {
		strbuf_addstr(&sb, path_basename(m->file));
	}
	return strbuf_detach(&sb);
}

void fn_table_build(const struct profile *p, int vi, struct fn_table *t)
{
	struct frame *frames = NULL;
	size_t frames_alloc = 0, i, j;
	struct strbuf name = STRBUF_INIT;

	memset(t, 0, sizeof(*t));
	hashidx_init(&t->index);
	for (i = 0; i < p->nsamples; i++) {
		const struct profile_sample *s = p->samples[i];
		int64_t v = p->ntypes ? s->values[vi] : 0;
		size_t n = profile_sample_frames(s, &frames, &frames_alloc);

		t->total = sat_add64(t->total, v);
		for (j = 0; j < n; j++) {
			struct fn_row *r = row_for(t, &frames[j]);

			if (j == 0)
				r->self = sat_add64(r->self, v);
			if (r->last_sample != i + 1) {
				r->cum = sat_add64(r->cum, v);
				r->last_sample = i + 1;
			}
		}
	}
	for (i = 0; i < t->nrows; i++) {
		strbuf_reset(&name);
		frame_name(&t->rows[i].frame, &name);
		t->rows[i].name = xstrdup(name.buf);
		t->rows[i].source = row_source(&t->rows[i].frame);
	}
	strbuf_release(&name);
	free(frames);
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
