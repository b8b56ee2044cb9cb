/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Stacks to frames, as flamegraph.pl's flow() does: walk the stacks in
 * order, keep the frames the next stack shares as a prefix open, close
 * the rest. Sorted input merges every common prefix; time-ordered input
 * (a flame chart) merges only neighbours.
 */
#include "flamegraph/fg.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

void fg_layout_build(const struct collapsed *c, struct fg_layout *l)
{
	size_t *open = NULL, open_alloc = 0, nopen = 0, i, j;
	const struct cstack *prev = NULL;
	int64_t x = 0;

	memset(l, 0, sizeof(*l));
	for (i = 0; i < c->nstacks; i++) {
		const struct cstack *s = &c->stacks[i];
		size_t common = 0;

		if (prev)
			while (common < prev->nframes && common < s->nframes &&
			       prev->frames[common] == s->frames[common])
				common++;
		while (nopen > common) {
			struct fg_frame *f = &l->frames[open[--nopen]];

			f->width = x - f->start;
		}
		ALLOC_GROW(open, s->nframes + 1, open_alloc);
		for (j = common; j < s->nframes; j++) {
			struct fg_frame *f;

			ALLOC_GROW(l->frames, l->nframes + 1, l->alloc);
			f = &l->frames[l->nframes];
			f->frame = s->frames[j];
			f->depth = (unsigned)j;
			f->start = x;
			f->width = 0;
			if (j > l->max_depth)
				l->max_depth = (unsigned)j;
			open[nopen++] = l->nframes++;
		}
		x += s->value;
		prev = s;
	}
	while (nopen > 0) {
		struct fg_frame *f = &l->frames[open[--nopen]];

		f->width = x - f->start;
	}
	l->total = x;
	free(open);
}

void fg_layout_prune(struct fg_layout *l, double min_units)
{
	size_t i, n = 0;

	/* a child is never wider than its parent: whole subtrees go */
	for (i = 0; i < l->nframes; i++)
		if ((double)l->frames[i].width >= min_units)
			l->frames[n++] = l->frames[i];
	l->nframes = n;
	l->max_depth = 0;
	for (i = 0; i < n; i++)
		if (l->frames[i].depth > l->max_depth)
			l->max_depth = l->frames[i].depth;
}

void fg_layout_release(struct fg_layout *l)
{
	free(l->frames);
	memset(l, 0, sizeof(*l));
}
