/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Differential flamegraphs: both sides' stacks merged into one tree of
 * frames, each node keeping its self and total value per side, then laid
 * out with every frame as wide as the larger side, so frames that
 * vanished are still there to be seen.
 */
#include "flamegraph/fg.h"
#include "util/hashidx.h"
#include "util/xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct dnode {
	const struct cframe *frame; /* from the side that first had it */
	size_t parent;
	double self[2];
	double width;
	double x;
	unsigned depth;
	size_t *children;
	size_t nchildren, children_alloc;
};

struct dtree {
	struct dnode *nodes;
	size_t n, alloc;
	struct hashidx index;
};

struct dkey {
	const struct dtree *t;
	size_t parent;
	const struct cframe *f;
};

static int dnode_eq(const void *ctx, size_t pos)
{
	const struct dkey *k = ctx;
	const struct dnode *n = &k->t->nodes[pos];

	return n->parent == k->parent && n->frame->kind == k->f->kind &&
	       !strcmp(n->frame->name, k->f->name);
}

static size_t child_of(struct dtree *t, size_t parent, const struct cframe *f)
{
	struct dkey k = { t, parent, f };
	uint64_t h = hash_combine(hash_bytes(f->name, strlen(f->name), f->kind), parent);
	size_t pos = hashidx_find(&t->index, h, dnode_eq, &k);
	struct dnode *n;

	if (pos != HASHIDX_NONE)
		return pos;
	ALLOC_GROW(t->nodes, t->n + 1, t->alloc);
	n = &t->nodes[t->n];
	memset(n, 0, sizeof(*n));
	n->frame = f;
	n->parent = parent;
	n->depth = parent == SIZE_MAX ? 0 : t->nodes[parent].depth + 1;
	hashidx_insert(&t->index, h, t->n);
	if (parent != SIZE_MAX) {
		struct dnode *p = &t->nodes[parent];

		ALLOC_GROW(p->children, p->nchildren + 1, p->children_alloc);
		p->children[p->nchildren++] = t->n;
	}
	return t->n++;
}

static void add_side(struct dtree *t, const struct collapsed *c, int side, double factor)
{
	size_t i, j;

	for (i = 0; i < c->nstacks; i++) {
		const struct cstack *s = &c->stacks[i];
		size_t node = SIZE_MAX;

		for (j = 0; j < s->nframes; j++)
			node = child_of(t, node, s->frames[j]);
		/* an empty stack has nowhere to be drawn */
		if (node != SIZE_MAX)
			t->nodes[node].self[side] += (double)s->value * factor;
	}
}

static const struct dtree *sort_tree;

static int by_name(const void *a, const void *b)
{
	const struct dnode *x = &sort_tree->nodes[*(const size_t *)a];
	const struct dnode *y = &sort_tree->nodes[*(const size_t *)b];
	int c = strcmp(x->frame->name, y->frame->name);

	return c ? c : (int)x->frame->kind - (int)y->frame->kind;
}

/* place N's children left to right from N's x, in name order */
static void place(struct dtree *t, size_t n)
{
	struct dnode *node = &t->nodes[n];
	double x = node->x;
	size_t i;

	sort_tree = t;
	if (node->nchildren > 1)
		qsort(node->children, node->nchildren, sizeof(*node->children), by_name);
	for (i = 0; i < node->nchildren; i++) {
		struct dnode *c = &t->nodes[node->children[i]];

		c->x = x;
		x += c->width;
		place(t, node->children[i]);
	}
}

int fg_write_diff(const struct profile *before, int bvi, const struct profile *after, int avi,
		  bool normalize, const struct fg_opts *o, FILE *out, struct diag *d)
{
	struct collapse_opts co[2] = { { .value_index = bvi, .merge = true, .reverse = o->reverse },
				       { .value_index = avi, .merge = true, .reverse = o->reverse } };
	struct collapsed c[2];
	struct dtree t = { 0 };
	struct fg_layout l = { 0 };
	double factor, x = 0, min_units, frames_px;
	size_t i, *roots = NULL, nroots = 0, roots_alloc = 0;
	int ret = 0;

	profile_collapse(before, &co[0], &c[0]);
	profile_collapse(after, &co[1], &c[1]);
	factor = normalize && c[0].total ? (double)c[1].total / (double)c[0].total : 1.0;
	hashidx_init(&t.index);
	add_side(&t, &c[0], 0, factor);
	add_side(&t, &c[1], 1, 1.0);

	/* widths bottom up: children come after their parents */
	for (i = 0; i < t.n; i++)
		t.nodes[i].width = fmax(t.nodes[i].self[0], t.nodes[i].self[1]);
	for (i = t.n; i-- > 0;)
		if (t.nodes[i].parent != SIZE_MAX)
			t.nodes[t.nodes[i].parent].width += t.nodes[i].width;
	for (i = 0; i < t.n; i++)
		if (t.nodes[i].parent == SIZE_MAX) {
			ALLOC_GROW(roots, nroots + 1, roots_alloc);
			roots[nroots++] = i;
		}
	sort_tree = &t;
	if (nroots > 1)
		qsort(roots, nroots, sizeof(*roots), by_name);
	for (i = 0; i < nroots; i++) {
		t.nodes[roots[i]].x = x;
		x += t.nodes[roots[i]].width;
		place(&t, roots[i]);
	}

	frames_px = o->width > 20 ? o->width - 20 : 1;
	min_units = o->min_width_pct ? o->min_width / 100.0 * x : o->min_width / frames_px * x;
	l.differential = true;
	l.total = llround(x);
	for (i = 0; i < t.n; i++) {
		const struct dnode *n = &t.nodes[i];
		struct fg_frame *f;
		double delta = n->self[1] - n->self[0];

		if (n->width < min_units || n->width <= 0)
			continue;
		ALLOC_GROW(l.frames, l.nframes + 1, l.alloc);
		f = &l.frames[l.nframes++];
		f->frame = n->frame;
		f->depth = n->depth;
		/* round the ends, not the widths, so neighbours meet */
		f->start = llround(n->x);
		f->width = llround(n->x + n->width) - f->start;
		f->before = n->self[0];
		f->after = n->self[1];
		if (fabs(delta) > l.max_delta)
			l.max_delta = fabs(delta);
		if (f->depth > l.max_depth)
			l.max_depth = f->depth;
	}
	if (l.total <= 0 || !l.nframes) {
		fg_svg_write_error(out, o, "No valid input provided to flamegraph");
		ret = diag_set(d, "no samples to draw");
	} else {
		fg_svg_write(out, &l, o);
	}
	for (i = 0; i < t.n; i++)
		free(t.nodes[i].children);
	free(t.nodes);
	free(roots);
	hashidx_release(&t.index);
	fg_layout_release(&l);
	collapsed_release(&c[0]);
	collapsed_release(&c[1]);
	return ret;
}
