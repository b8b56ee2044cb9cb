/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "profile/collapse.h"
#include "util/arith.h"
#include "profile/frames.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct frame_key {
	const struct collapsed *c;
	const char *name;
	size_t len;
	enum frame_kind kind;
};

/*
 * Frames are told apart by name and by what folded text can say about
 * them (kernel, inlined): two "_start"s, one in the program and one in
 * ld.so, are one frame, as they would be in flamegraph.pl.
 */
static int kind_class(enum frame_kind kind)
{
	return kind == FRAME_KERNEL ? 1 : kind == FRAME_INLINED ? 2 : 0;
}

static int frame_eq(const void *ctx, size_t pos)
{
	const struct frame_key *k = ctx;
	const struct cframe *f = k->c->frames[pos];

	return kind_class(f->kind) == kind_class(k->kind) && !strncmp(f->name, k->name, k->len) &&
	       !f->name[k->len];
}

const struct cframe *collapsed_frame(struct collapsed *c, const char *name, size_t len,
				     enum frame_kind kind)
{
	struct frame_key k = { c, name, len, kind };
	uint64_t h = hash_bytes(name, len, (uint64_t)kind_class(kind));
	size_t pos = hashidx_find(&c->frame_index, h, frame_eq, &k);
	struct cframe *f;

	if (pos != HASHIDX_NONE)
		return c->frames[pos];
	f = arena_alloc(&c->arena, sizeof(*f));
	f->name = arena_strndup(&c->arena, name, len);
	f->kind = kind;
	ALLOC_GROW(c->frames, c->nframes + 1, c->frames_alloc);
	c->frames[c->nframes] = f;
	hashidx_insert(&c->frame_index, h, c->nframes++);
	return f;
}

static enum frame_kind kind_of(const struct frame *f)
{
	const struct profile_mapping *m = f->loc->mapping;

	if (m && m->kind == PROFILE_MAPPING_KERNEL)
		return FRAME_KERNEL;
	if (!f->function)
		return FRAME_UNRESOLVED;
	if (f->inlined)
		return FRAME_INLINED;
	if (m && strstr(path_basename(m->file), ".so"))
		return FRAME_LIBRARY;
	return FRAME_USER;
}

struct stack_key {
	const struct collapsed *c;
	const struct cframe **frames;
	size_t n;
};

static int stack_eq(const void *ctx, size_t pos)
{
	const struct stack_key *k = ctx;
	const struct cstack *s = &k->c->stacks[pos];

	return s->nframes == k->n &&
	       (!k->n || !memcmp(s->frames, k->frames, k->n * sizeof(*k->frames)));
}

static void add_stack(struct collapsed *c, const struct cframe **frames, size_t n, int64_t value,
		      int64_t time_ns, bool merge)
{
	struct stack_key k = { c, frames, n };
	uint64_t h = hash_bytes(frames, n * sizeof(*frames), n);
	size_t pos = merge ? hashidx_find(&c->stack_index, h, stack_eq, &k) : HASHIDX_NONE;
	struct cstack *s;

	c->total = sat_add64(c->total, value);
	if (pos != HASHIDX_NONE) {
		c->stacks[pos].value = sat_add64(c->stacks[pos].value, value);
		return;
	}
	ALLOC_GROW(c->stacks, c->nstacks + 1, c->alloc);
	s = &c->stacks[c->nstacks];
	s->frames = arena_memdup(&c->arena, frames, n * sizeof(*frames));
	s->nframes = n;
	s->value = value;
	s->time_ns = time_ns;
	if (merge)
		hashidx_insert(&c->stack_index, h, c->nstacks);
	c->nstacks++;
}

static int time_cmp(const void *a, const void *b)
{
	const struct profile_sample *x = *(const struct profile_sample *const *)a;
	const struct profile_sample *y = *(const struct profile_sample *const *)b;

	return x->time_ns < y->time_ns ? -1 : x->time_ns > y->time_ns;
}

/* a location's frames, outermost first, named once and reused by every sample */
struct loc_frames {
	const struct cframe **frames;
	size_t n;
};

static const struct loc_frames *location_frames(struct collapsed *c, struct loc_frames *cache,
						const struct profile_location *l,
						struct strbuf *name)
{
	struct loc_frames *lf = &cache[l->id];
	const struct profile_location *one[1] = { l };
	struct profile_sample s = { .nlocs = 1, .locs = one };
	struct frame *frames = NULL;
	size_t alloc = 0, n, i;

	if (lf->frames)
		return lf;
	n = profile_sample_frames(&s, &frames, &alloc);
	lf->frames = arena_alloc(&c->arena, n * sizeof(*lf->frames));
	lf->n = n;
	for (i = 0; i < n; i++) {
		strbuf_reset(name);
		frame_name(&frames[i], name);
		lf->frames[n - 1 - i] = collapsed_frame(c, name->buf, name->len, kind_of(&frames[i]));
	}
	free(frames);
	return lf;
}

void profile_collapse(const struct profile *p, const struct collapse_opts *o, struct collapsed *out)
{
	const struct profile_sample **order;
	const struct cframe **named = NULL;
	struct loc_frames *cache;
	size_t named_alloc = 0, i, j, k;
	int vi = o->value_index;
	struct strbuf name = STRBUF_INIT;

	memset(out, 0, sizeof(*out));
	arena_init(&out->arena);
	hashidx_init(&out->frame_index);
	hashidx_init(&out->stack_index);
	if (vi < 0 || (size_t)vi >= p->ntypes)
		vi = profile_value_index(p, NULL, NULL);
	cache = xcalloc(p->nlocations + 1, sizeof(*cache));
	order = xcalloc(p->nsamples + 1, sizeof(*order));
	if (p->nsamples)
		memcpy(order, p->samples, p->nsamples * sizeof(*order));
	/* a flame chart is in time order; merged graphs do not care */
	if (!o->merge && p->nsamples)
		qsort(order, p->nsamples, sizeof(*order), time_cmp);
	for (i = 0; i < p->nsamples; i++) {
		const struct profile_sample *s = order[i];
		int64_t v = p->ntypes ? s->values[vi] : 0;
		size_t n = 0;

		if (!v)
			continue;
		/* locations are leaf first: build root first, outermost location first */
		for (j = s->nlocs; j-- > 0;) {
			const struct loc_frames *lf = location_frames(out, cache, s->locs[j], &name);

			ALLOC_GROW(named, n + lf->n + 1, named_alloc);
			for (k = 0; k < lf->n; k++)
				named[n++] = lf->frames[k];
		}
		if (o->reverse)
			for (j = 0; j < n / 2; j++) {
				const struct cframe *t = named[j];

				named[j] = named[n - 1 - j];
				named[n - 1 - j] = t;
			}
		add_stack(out, named, n, v, s->time_ns, o->merge);
	}
	strbuf_release(&name);
	free(named);
	free(order);
	free(cache);
}

static int stack_cmp(const void *a, const void *b)
{
	const struct cstack *x = a, *y = b;
	size_t i, n = x->nframes < y->nframes ? x->nframes : y->nframes;

	for (i = 0; i < n; i++) {
		int c;

		if (x->frames[i] == y->frames[i])
			continue;
		c = strcmp(x->frames[i]->name, y->frames[i]->name);
		if (c)
			return c;
		return x->frames[i]->kind < y->frames[i]->kind ? -1 : 1;
	}
	return x->nframes < y->nframes ? -1 : x->nframes > y->nframes;
}

void collapsed_sort(struct collapsed *c)
{
	if (c->nstacks)
		qsort(c->stacks, c->nstacks, sizeof(*c->stacks), stack_cmp);
}

void collapsed_release(struct collapsed *c)
{
	free(c->stacks);
	free(c->frames);
	hashidx_release(&c->frame_index);
	hashidx_release(&c->stack_index);
	arena_release(&c->arena);
	memset(c, 0, sizeof(*c));
}
